"""marts.ops_metrics after the full build (see conftest.built)."""

from maestro_assets.lib.sources.registry import SOURCES
from maestro_assets.lib.warehouse import connect_for_reading


def test_the_week_row_counts_signals_sources_and_runs(built):
    settings, outcome = built
    with connect_for_reading(settings.duckdb_path) as connection:
        (row,) = connection.execute("SELECT * FROM marts.ops_metrics").fetchall()
        columns = [c[0] for c in connection.description]
        signals = dict(
            connection.execute(
                "SELECT signal_type, count(*) FROM marts.signals GROUP BY 1"
            ).fetchall()
        )
    metrics = dict(zip(columns, row, strict=True))
    assert metrics["signals_pipeline_movement"] == signals["pipeline_movement"]
    assert metrics["signals_regulatory_opposition"] == signals["regulatory_opposition"]
    freshness = [metrics[f"sources_{s}"] for s in ("fresh", "warn", "error", "missing")]
    assert sum(freshness) == len(SOURCES)
    assert metrics["extraction_event_f1"] > 0.8
    # measured inside the build run: every pull run before it has finished, and succeeded
    pulls = outcome.runs[:-1]
    assert metrics["runs_finished"] == len(pulls)
    assert metrics["run_success_rate"] == sum(ok for _, ok in pulls) / len(pulls)
    assert metrics["llm_tokens"] == 0  # no API key: the heuristic spends none
