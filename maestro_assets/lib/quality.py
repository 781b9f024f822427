"""Data-quality judgements as plain functions over the warehouse (no Dagster)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import duckdb

from maestro_assets.lib.catalog import Freshness, SourceSpec, judge_freshness
from maestro_assets.lib.warehouse import qualified, quote_identifier

ROW_COUNT_TOLERANCE = 0.30


@dataclass(frozen=True)
class Verdict:
    passed: bool
    severe: bool  # an ERROR when it fails; otherwise a WARN
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


def relation_exists(connection: duckdb.DuckDBPyConnection, relation: str) -> bool:
    schema, _, table = relation.partition(".")
    return bool(
        connection.execute(
            "SELECT count(*) FROM information_schema.tables "
            "WHERE table_schema = ? AND table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def vintage_row_counts(connection, relation: str, limit: int = 2) -> list[tuple[date, int]]:
    if not relation_exists(connection, relation):
        return []
    return connection.execute(
        f"SELECT vintage, count(*) FROM {qualified(relation)} "
        "GROUP BY vintage ORDER BY vintage DESC LIMIT ?",
        [limit],
    ).fetchall()


def freshness_verdict(connection, spec: SourceSpec, as_of: date) -> Verdict:
    counts = vintage_row_counts(connection, spec.raw_table, limit=1)
    latest = counts[0][0] if counts else None
    staleness = spec.staleness
    state = judge_freshness(latest, as_of, staleness)
    metadata = {
        "latest_vintage": latest.isoformat() if latest else None,
        "as_of": as_of.isoformat(),
        "age_days": (as_of - latest).days if latest else None,
        "warn_after_days": staleness.warn_after_days,
        "error_after_days": staleness.error_after_days,
        "cadence": spec.cadence.value,
    }
    if state is Freshness.MISSING:
        return Verdict(
            False, True, f"{spec.source_id} has no vintage in {spec.raw_table}", metadata
        )
    description = (
        f"{spec.source_id}: latest vintage {latest} is {metadata['age_days']} days old "
        f"on {as_of} ({state.value}; {spec.cadence.value} cadence)"
    )
    return Verdict(state is Freshness.FRESH, state is not Freshness.WARN, description, metadata)


def row_count_verdict(connection, relation: str) -> Verdict:
    counts = vintage_row_counts(connection, relation, limit=2)
    if len(counts) < 2:
        return Verdict(True, False, "fewer than two vintages: nothing to compare", {})
    (latest, latest_rows), (previous, previous_rows) = counts
    change = (latest_rows - previous_rows) / previous_rows if previous_rows else float("inf")
    metadata = {
        "latest_vintage": latest.isoformat(),
        "latest_rows": latest_rows,
        "previous_vintage": previous.isoformat(),
        "previous_rows": previous_rows,
        "change_pct": round(change * 100, 1),
    }
    passed = abs(change) <= ROW_COUNT_TOLERANCE
    description = (
        f"{latest_rows} rows in {latest} vs {previous_rows} in {previous} "
        f"({change:+.0%}; tolerance ±{ROW_COUNT_TOLERANCE:.0%})"
    )
    return Verdict(passed, False, description, metadata)


def populated_columns_verdict(connection, relation: str, columns: Sequence[str]) -> Verdict:
    counts = vintage_row_counts(connection, relation, limit=1)
    if not counts:
        return Verdict(False, True, f"{relation} has no rows", {})
    latest = counts[0][0]
    filled = connection.execute(
        "SELECT "
        + ", ".join(f"count({quote_identifier(c)})" for c in columns)
        + f" FROM {qualified(relation)} WHERE vintage = ?",
        [latest],
    ).fetchone()
    empty = [c for c, n in zip(columns, filled, strict=True) if n == 0]
    description = (
        f"every required column has values in vintage {latest}"
        if not empty
        else f"required column(s) entirely empty in vintage {latest}: {', '.join(empty)}"
    )
    return Verdict(not empty, True, description, {"empty_columns": empty})


def unmapped_status_verdict(connection, relation: str) -> Verdict:
    """Every raw status of a staged source maps to a canonical stage (ERROR, listing them)."""
    unmapped = connection.execute(
        f"SELECT source_id, status_key, count(*) AS rows FROM {qualified(relation)} "
        "WHERE stage IS NULL GROUP BY ALL ORDER BY rows DESC"
    ).fetchall()
    listed = [{"source_id": s, "raw_status": k, "rows": n} for s, k, n in unmapped]
    description = (
        "every raw status maps to a canonical stage"
        if not unmapped
        else "unmapped status value(s), add them to dbt_project/seeds/status_stage_map.csv: "
        + ", ".join(f"{s}:{k!r} ({n} rows)" for s, k, n in unmapped)
    )
    return Verdict(not unmapped, True, description, {"unmapped": listed})
