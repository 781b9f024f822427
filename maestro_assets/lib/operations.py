"""The weekly operating metrics, computed from the warehouse (no Dagster here)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Any

import duckdb

from maestro_assets.lib.catalog import Freshness, SourceSpec, judge_freshness
from maestro_assets.lib.warehouse import qualified, relation_exists

SIGNAL_TYPES = ("pipeline_movement", "regulatory_opposition")


def scalar(connection: duckdb.DuckDBPyConnection, relation: str, sql: str, default=None, params=()):
    """One value from `sql` (which names the relation as {relation}), or `default` if absent."""
    if not relation_exists(connection, relation):
        return default
    query = sql.format(relation=qualified(relation))
    ((value,),) = connection.execute(query, list(params)).fetchall()
    return default if value is None else value


def source_freshness(
    connection, sources: Sequence[SourceSpec], as_of: date, landing_log: str
) -> Counter:
    latest: dict[str, date] = {}
    if relation_exists(connection, landing_log):
        latest = dict(
            connection.execute(
                f"SELECT source_id, max(vintage) FROM {qualified(landing_log)} GROUP BY 1"
            ).fetchall()
        )
    return Counter(
        judge_freshness(latest.get(spec.source_id), as_of, spec.staleness).value for spec in sources
    )


def weekly_metrics(
    connection: duckdb.DuckDBPyConnection,
    sources: Sequence[SourceSpec],
    *,
    as_of: date,
    week_start: date,
    runs: tuple[int, int],
    llm_tokens: int,
    landing_log: str,
    evaluations: str,
) -> dict[str, Any]:
    finished, succeeded = runs
    freshness = source_freshness(connection, sources, as_of, landing_log)
    signals = {
        kind: scalar(
            connection,
            "marts.signals",
            "SELECT count(*) FROM {relation} WHERE signal_type = ?",
            0,
            [kind],
        )
        for kind in SIGNAL_TYPES
    }
    return {
        "week_start": week_start,
        "as_of": as_of,
        **{f"signals_{kind}": count for kind, count in signals.items()},
        **{f"sources_{state.value}": freshness.get(state.value, 0) for state in Freshness},
        "developer_mw_named_share": scalar(
            connection,
            "marts.developer_coverage",
            "SELECT round(sum(capacity_mw_with_developer) / nullif(sum(capacity_mw), 0), 4) "
            "FROM {relation}",
        ),
        "opposition_states_covered": scalar(
            connection,
            "marts.fct_opposition_event",
            "SELECT count(DISTINCT state) FROM {relation}",
            0,
        ),
        "extraction_event_f1": scalar(
            connection,
            evaluations,
            "SELECT arg_max(f1, evaluated_at) FROM {relation} "
            "WHERE field = 'event' AND task = 'opposition'",
        ),
        "runs_finished": finished,
        "runs_succeeded": succeeded,
        "run_success_rate": round(succeeded / finished, 4) if finished else None,
        "llm_tokens": llm_tokens,
    }
