"""Data-quality judgements as plain functions over the warehouse (no Dagster)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from maestro_assets.lib.catalog import Freshness, SourceSpec, judge_freshness
from maestro_assets.lib.warehouse import qualified, quote_identifier, relation_exists

ROW_COUNT_TOLERANCE = 0.30


@dataclass(frozen=True)
class Verdict:
    passed: bool
    severe: bool  # an ERROR when it fails; otherwise a WARN
    description: str
    metadata: dict[str, Any] = field(default_factory=dict)


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


def unmapped_status_verdict(connection, relation: str, status_column: str) -> Verdict:
    """Every raw status of a staged source maps to a canonical stage (ERROR, listing them)."""
    unmapped = connection.execute(
        f"SELECT source_id, {quote_identifier(status_column)}, count(*) AS rows "
        f"FROM {qualified(relation)} "
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


def isos_present_verdict(connection, relation: str, expected_isos: Sequence[str]) -> Verdict:
    """Which ISOs list projects in their source's latest vintage (WARN below all of them)."""
    present = {
        row[0]
        for row in connection.execute(
            f"SELECT DISTINCT iso FROM {qualified(relation)} "
            "QUALIFY vintage = max(vintage) OVER (PARTITION BY source_id)"
        ).fetchall()
    }
    missing = sorted(set(expected_isos) - present)
    description = f"{len(set(expected_isos) & present)} of {len(expected_isos)} ISOs present" + (
        f"; missing: {', '.join(missing)}" if missing else ""
    )
    metadata = {"missing": missing, "present": sorted(present)}
    return Verdict(not missing, False, description, metadata)


def developer_coverage_verdict(connection, relation: str, floors: dict[str, float]) -> Verdict:
    """The share of MW with a named developer per source, against each source's floor."""
    rows = connection.execute(
        f"SELECT source_id, share_projects_named, share_mw_named FROM {qualified(relation)}"
    ).fetchall()
    below = [
        {"source_id": s, "share_mw_named": mw, "floor": floors[s]}
        for s, _, mw in rows
        if s in floors and (mw or 0) < floors[s]
    ]
    shares = {s: {"projects": p, "mw": mw} for s, p, mw in rows}
    description = (
        "every source meets its developer-coverage floor"
        if not below
        else "below the developer-coverage floor: "
        + ", ".join(f"{b['source_id']} {b['share_mw_named']:.0%} < {b['floor']:.0%}" for b in below)
    )
    return Verdict(not below, False, description, {"below_floor": below, "shares": shares})


def unresolved_evidence_verdict(connection, raw_tables: dict[str, str]) -> Verdict:
    """Every evidence item of every signal names a raw row that exists (ERROR otherwise)."""
    connection.execute(
        "CREATE OR REPLACE TEMP TABLE evidence AS "
        "SELECT signal_type, subject_key, item ->> 'source_id' AS source_id, "
        "item ->> 'content_sha256' AS content_sha256, item ->> 'sheet' AS sheet, "
        "CAST(item ->> 'source_row' AS BIGINT) AS source_row "
        "FROM (SELECT signal_type, subject_key, unnest(from_json(evidence, '[\"json\"]')) AS item "
        "FROM marts.signals)"
    )
    total = connection.execute("SELECT count(*) FROM evidence").fetchone()[0]
    unresolved = 0
    cited = [
        row[0] for row in connection.execute("SELECT DISTINCT source_id FROM evidence").fetchall()
    ]
    unknown_sources = [
        s for s in cited if s not in raw_tables or not relation_exists(connection, raw_tables[s])
    ]
    for source_id in set(cited) - set(unknown_sources):
        relation = raw_tables[source_id]
        unresolved += connection.execute(
            f"SELECT count(*) FROM evidence e WHERE e.source_id = ? AND NOT EXISTS ("
            f"SELECT 1 FROM {qualified(relation)} r WHERE r.content_sha256 = e.content_sha256 "
            "AND r.sheet IS NOT DISTINCT FROM e.sheet AND r.source_row = e.source_row)",
            [source_id],
        ).fetchone()[0]
    unresolved += connection.execute(
        "SELECT count(*) FROM evidence WHERE source_id IN (SELECT unnest(?))", [unknown_sources]
    ).fetchone()[0]
    description = (
        f"all {total} evidence items resolve to a raw row"
        if not unresolved
        else f"{unresolved} of {total} evidence items do not resolve to a raw row"
    )
    metadata = {"evidence_items": total, "unresolved": unresolved, "unknown": unknown_sources}
    return Verdict(unresolved == 0 and total > 0, True, description, metadata)


def junk_excluded_verdict(connection) -> Verdict:
    """Junk test rows are counted in the union and absent from every mart."""
    counts = dict(
        connection.execute(
            "SELECT source_id, count(*) FROM staging.int_project_vintages WHERE is_junk GROUP BY 1"
        ).fetchall()
    )
    leaked = connection.execute(
        "SELECT count(*) FROM marts.dim_project WHERE project_key IN "
        "(SELECT project_key FROM staging.int_project_vintages WHERE is_junk)"
    ).fetchone()[0]
    description = f"junk rows excluded: {counts or 'none found'}" + (
        f"; {leaked} leaked into marts.dim_project" if leaked else ""
    )
    return Verdict(leaked == 0, True, description, {"junk_rows": counts, "leaked": leaked})


def regressions_verdict(connection, tolerance: float = 0.10) -> Verdict:
    """Backwards moves are data-quality events: counted per source, WARN above a share."""
    rows = connection.execute(
        "SELECT source_id, count(*) FILTER (WHERE change_kind = 'regress'), count(*) "
        "FROM marts.fct_project_stage_change GROUP BY 1 ORDER BY 1"
    ).fetchall()
    noisy = [s for s, regress, total in rows if total and regress / total > tolerance]
    counts = {s: {"regressions": r, "changes": t} for s, r, t in rows}
    description = f"stage regressions per source: {counts}" + (
        f"; above {tolerance:.0%} in {', '.join(noisy)}" if noisy else ""
    )
    return Verdict(not noisy, False, description, {"regressions": counts, "noisy": noisy})
