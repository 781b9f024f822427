"""The EIA part of the graph, materialized from the bundled snapshot (see conftest.built)."""

import csv
import hashlib
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path

from maestro_assets.demo import is_error, latest_per_check
from maestro_assets.lib.settings import DBT_PROJECT_DIR
from maestro_assets.lib.synthetic.eia860m import simulate_fleet
from maestro_assets.lib.warehouse import connect_for_reading

SNAPSHOT_SCALE, SNAPSHOT_SEED = 1, 860  # what data/snapshots was generated with


def is_older_layout(month: date) -> bool:
    """Files before November 2020 have no Puerto Rico sheets, so their PR units are absent."""
    return month < date(2020, 11, 1)


def stage_of_status() -> dict[str, str]:
    with (DBT_PROJECT_DIR / "seeds" / "status_stage_map.csv").open() as seed:
        return {
            r["raw_status"]: r["stage"] for r in csv.DictReader(seed) if r["source_id"] == "eia860m"
        }


def simulated_transitions() -> Counter:
    """(from_stage, to_stage) between consecutive bundled months, from the simulation itself."""
    stages = stage_of_status()
    fleet = simulate_fleet(SNAPSHOT_SCALE, SNAPSHOT_SEED)
    months = sorted(m for m in fleet if m.year == 2026)
    by_month = {
        m: {
            (g.generator.site.plant_id, g.generator.generator_id): stages[g.status or g.sheet]
            for g in fleet[m]
        }
        for m in months
    }
    changes: Counter = Counter()
    for earlier, later in pairwise(months):
        for unit, stage in by_month[later].items():
            before = by_month[earlier].get(unit)
            if before is not None and before != stage:
                changes[(before, stage)] += 1
    return changes


def test_every_run_succeeds_and_no_error_check_fails(built):
    _, outcome = built
    assert all(ok for _, ok in outcome.runs), outcome.runs
    failed = [
        (c.asset_key.to_user_string(), c.check_name)
        for c in latest_per_check(outcome.checks)
        if is_error(c)
    ]
    assert failed == []


def test_every_bundled_month_lands_with_the_simulated_number_of_generators(built):
    settings, _ = built
    fleet = simulate_fleet(SNAPSHOT_SCALE, SNAPSHOT_SEED)
    with connect_for_reading(settings.duckdb_path) as connection:
        rows = dict(
            connection.execute(
                "SELECT data_month, count(*) FROM staging.stg_eia860m__generators GROUP BY 1"
            ).fetchall()
        )
    expected = {
        month: sum(
            1 for g in units if not (is_older_layout(month) and g.generator.site.state == "PR")
        )
        for month, units in fleet.items()
    }
    assert rows == expected


def test_stage_transitions_in_staging_match_the_simulated_fleet(built):
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        observed = connection.execute(
            """
            WITH ordered AS (
                SELECT generator_key, data_month, stage,
                       lag(stage) OVER (PARTITION BY generator_key ORDER BY data_month) AS before,
                       lag(data_month) OVER (PARTITION BY generator_key ORDER BY data_month)
                           AS before_month
                FROM staging.stg_eia860m__generators
                WHERE data_month >= DATE '2026-01-01'
            )
            SELECT before, stage, count(*) FROM ordered
            WHERE before IS NOT NULL AND before <> stage
              AND before_month = data_month - INTERVAL 1 MONTH
            GROUP BY ALL
            """
        ).fetchall()
    assert Counter({(b, s): n for b, s, n in observed}) == simulated_transitions()
    assert ("testing", "operating") in dict.fromkeys((b, s) for b, s, _ in observed)


def test_every_staged_row_traces_to_its_raw_file_and_row(built):
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        orphans = connection.execute(
            """
            SELECT count(*) FROM staging.stg_eia860m__generators s
            LEFT JOIN meta.raw_landing l USING (content_sha256)
            WHERE l.raw_path IS NULL OR s.source_row IS NULL OR s.sheet IS NULL
            """
        ).fetchone()[0]
        landed = connection.execute(
            "SELECT raw_path, content_sha256 FROM meta.raw_landing"
        ).fetchall()
    assert orphans == 0
    for path, sha in landed:
        assert hashlib.sha256(Path(path).read_bytes()).hexdigest() == sha


def test_the_api_confirms_operation_of_units_the_workbook_calls_operable(built):
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        unmatched = connection.execute(
            """
            SELECT count(*) FROM staging.stg_eia_api__operating_generator_capacity a
            ANTI JOIN staging.stg_eia860m__generators w
              ON w.generator_key = a.generator_key AND w.data_month = a.data_month
             AND w.sheet_kind = 'Operating'
            """
        ).fetchone()[0]
    assert unmatched == 0


def test_catalog_table_lists_every_declared_source(built):
    from maestro_assets.lib.sources.registry import SOURCES

    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        ids = {
            r[0] for r in connection.execute("SELECT source_id FROM meta.source_catalog").fetchall()
        }
    assert ids == {s.source_id for s in SOURCES}
