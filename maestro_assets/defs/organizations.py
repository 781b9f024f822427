"""One identity per organization: entity resolution over every name in the warehouse.

Reads staging.int_organization_names (dbt: every name once per source, with the CIK and
tickers a source states), resolves them with lib.organizations (name keys, blocking, fuzzy
scores, CIK and ticker rules, the curated overrides file that always wins) and writes:
- marts.organization_alias: (source_id, raw_name) → org_id, method, score, for every name;
- marts.dim_organization: one row per organization (stable org_id, canonical name, CIK,
  tickers, parent_org_id for project companies and subsidiaries with evidence);
- meta.organization_registry: name keys and CIKs → org_id, and retired ids; read back on the
  next run so that ids survive rebuilds (and a fresh warehouse derives the same ids).
The signal marts (dbt) join organization_alias, so the three signals name one company once.
"""

from datetime import UTC, datetime

import duckdb
import polars as pl
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    AssetSpec,
    AutomationCondition,
    MaterializeResult,
    asset_check,
    multi_asset,
)

from maestro_assets.defs.resources import WAREHOUSE_POOL, WarehouseResource
from maestro_assets.lib.landing import append_rows
from maestro_assets.lib.organizations import (
    NameRecord,
    Registry,
    evaluate_pairs,
    evaluation_rows,
    load_overrides,
    load_pairs,
    resolve,
)
from maestro_assets.lib.warehouse import relation_exists, replace_table

NAMES = "staging.int_organization_names"
ALIASES = "marts.organization_alias"
ORGANIZATIONS = "marts.dim_organization"
REGISTRY = "meta.organization_registry"
EVALUATIONS = "meta.extraction_eval"
# Entity resolution on the labelled pairs (data/eval/entity_resolution): below these, ERROR.
MIN_PRECISION = 0.97
MIN_RECALL = 0.85
# Names that must resolve to an organization: the procurement lists (their share is checked).
CHECKED_NAME_SOURCES = ("epa_gpp_partners", "sec_edgar_search", "sec_edgar_submissions")
MIN_RESOLVED_SHARE = 0.99
OWNERS = ["team:signals"]


def relation_key(relation: str) -> AssetKey:
    return AssetKey(relation.split("."))


def name_records(connection: duckdb.DuckDBPyConnection) -> list[NameRecord]:
    rows = connection.execute(
        f"SELECT source_id, raw_name, cik, tickers FROM {NAMES} ORDER BY source_id, raw_name"
    ).fetchall()
    return [
        NameRecord(source_id, raw_name, cik, tuple((tickers or "").split(",")) if tickers else ())
        for source_id, raw_name, cik, tickers in rows
    ]


def stored_registry(connection: duckdb.DuckDBPyConnection) -> Registry:
    if not relation_exists(connection, REGISTRY):
        return Registry.empty()
    rows = connection.execute(f"SELECT kind, value, org_id, seq FROM {REGISTRY}").fetchall()
    return Registry.from_rows(rows)


def resolution_summary(frames: dict[str, pl.DataFrame], before: Registry) -> dict:
    aliases, organizations = frames["aliases"], frames["organizations"]
    methods = aliases.group_by("method").len().sort("method").rows()
    return {
        "dagster/row_count": aliases.height,
        "organizations": organizations.height,
        "organizations_with_cik": organizations.filter(pl.col("cik").is_not_null()).height,
        "organizations_in_several_sources": organizations.filter(pl.col("n_sources") > 1).height,
        "project_companies": organizations.filter(pl.col("is_project_company")).height,
        "aliases_by_method": {method: count for method, count in methods},
        "registry_rows_before": len(before.rows()),
        "registry_rows_after": frames["registry"].height,
    }


@multi_asset(
    specs=[
        AssetSpec(
            relation_key(ALIASES),
            deps=[relation_key(NAMES)],
            group_name="marts",
            owners=OWNERS,
            kinds={"python", "duckdb"},
            automation_condition=AutomationCondition.eager(),
            description="Every organization name of every source (source_id, raw_name) with "
            "the org_id it resolves to, the method (override, cik, ticker, exact_key, fuzzy, "
            "singleton) and the score.",
        ),
        AssetSpec(
            relation_key(ORGANIZATIONS),
            deps=[relation_key(NAMES)],
            group_name="marts",
            owners=OWNERS,
            kinds={"python", "duckdb"},
            automation_condition=AutomationCondition.eager(),
            description="One row per organization: stable org_id (kept across rebuilds by "
            "meta.organization_registry), canonical name, CIK, tickers, parent_org_id, "
            "project-company flag and how many names and sources stand behind it.",
        ),
    ],
    pool=WAREHOUSE_POOL,
    name="organization_identity",
)
def organization_identity(warehouse: WarehouseResource):
    with warehouse.writing() as connection:
        registry = stored_registry(connection)
        resolution = resolve(name_records(connection), load_overrides(), registry)
        frames = resolution.frames()
        replace_table(connection, ALIASES, frames["aliases"])
        replace_table(connection, ORGANIZATIONS, frames["organizations"])
        replace_table(connection, REGISTRY, frames["registry"])
    summary = resolution_summary(frames, registry)
    yield MaterializeResult(asset_key=relation_key(ALIASES), metadata=summary)
    yield MaterializeResult(
        asset_key=relation_key(ORGANIZATIONS),
        metadata={"dagster/row_count": frames["organizations"].height},
    )


@asset_check(
    asset=relation_key(ALIASES),
    name="entity_resolution_meets_thresholds",
    description="Precision and recall of entity resolution on the labelled pairs "
    "(data/eval/entity_resolution, hard negatives included), kept with history in "
    f"meta.extraction_eval (task entity_resolution); ERROR below precision {MIN_PRECISION} "
    f"or recall {MIN_RECALL}.",
    pool=WAREHOUSE_POOL,
)
def entity_resolution_meets_thresholds(warehouse: WarehouseResource) -> AssetCheckResult:
    result = evaluate_pairs(load_pairs(), load_overrides())
    with warehouse.writing() as connection:
        rows = evaluation_rows(result, datetime.now(UTC).replace(tzinfo=None))
        append_rows(connection, EVALUATIONS, pl.DataFrame(rows))
    passed = result["precision"] >= MIN_PRECISION and result["recall"] >= MIN_RECALL
    return AssetCheckResult(
        passed=passed,
        severity=AssetCheckSeverity.ERROR,
        description=(
            f"precision {result['precision']:.3f} (min {MIN_PRECISION}), recall "
            f"{result['recall']:.3f} (min {MIN_RECALL}) on {result['n_pairs']} labelled pairs"
        ),
        metadata={
            "precision": round(result["precision"], 4),
            "recall": round(result["recall"], 4),
            "n_pairs": result["n_pairs"],
            "false_merges": [str(pair) for pair in result["false_merges"][:20]],
            "missed": [str(pair) for pair in result["missed"][:20]],
        },
    )


def cik_conflicts(connection: duckdb.DuckDBPyConnection) -> list[tuple]:
    return connection.execute(
        f"""
        SELECT cik, string_agg(org_id, ', ' ORDER BY org_id), count(*)
        FROM {ORGANIZATIONS} WHERE cik IS NOT NULL
        GROUP BY cik HAVING count(*) > 1 ORDER BY cik
        """
    ).fetchall()


@asset_check(
    asset=relation_key(ORGANIZATIONS),
    name="one_org_id_per_cik",
    description="No CIK belongs to two active organizations (ERROR): a company's filings "
    "must never split across identities.",
)
def one_org_id_per_cik(warehouse: WarehouseResource) -> AssetCheckResult:
    with warehouse.reading() as connection:
        conflicts = cik_conflicts(connection)
    return AssetCheckResult(
        passed=not conflicts,
        severity=AssetCheckSeverity.ERROR,
        description=(
            "every CIK has one org_id"
            if not conflicts
            else f"{len(conflicts)} CIKs have several org_ids: "
            + "; ".join(f"{cik}: {ids}" for cik, ids, _ in conflicts[:10])
        ),
        metadata={"conflicting_ciks": len(conflicts)},
    )


def resolved_shares(connection: duckdb.DuckDBPyConnection) -> list[tuple]:
    """Per checked source: names, names with an org_id, names whose org another source knows."""
    return connection.execute(
        f"""
        WITH names AS (
            SELECT n.source_id, n.raw_name, a.org_id
            FROM {NAMES} n
            LEFT JOIN {ALIASES} a ON a.source_id = n.source_id AND a.raw_name = n.raw_name
            WHERE list_contains($sources, n.source_id)
        ),
        org_sources AS (
            SELECT org_id, count(DISTINCT source_id) AS n_sources FROM {ALIASES} GROUP BY org_id
        )
        SELECT names.source_id, count(*), count(names.org_id),
               count(*) FILTER (WHERE org_sources.n_sources > 1)
        FROM names LEFT JOIN org_sources USING (org_id)
        GROUP BY names.source_id ORDER BY names.source_id
        """,
        {"sources": list(CHECKED_NAME_SOURCES)},
    ).fetchall()


@asset_check(
    asset=relation_key(ALIASES),
    name="procurement_names_resolved",
    description="Share of EPA Green Power partners and SEC EDGAR filers resolved to an "
    f"organization (WARN below {MIN_RESOLVED_SHARE:.0%}); the share also known to another "
    "source is reported.",
)
def procurement_names_resolved(warehouse: WarehouseResource) -> AssetCheckResult:
    with warehouse.reading() as connection:
        shares = resolved_shares(connection)
    low = [
        (source, resolved / total) for source, total, resolved, _ in shares
        if total and resolved / total < MIN_RESOLVED_SHARE
    ]  # fmt: skip
    by_source = {
        source: {"names": total, "resolved": resolved, "known_to_another_source": linked}
        for source, total, resolved, linked in shares
    }
    return AssetCheckResult(
        passed=bool(shares) and not low,
        severity=AssetCheckSeverity.WARN,
        description=(
            "no procurement names in this build"
            if not shares
            else "; ".join(
                f"{source}: {resolved}/{total} resolved, {linked} known to another source"
                for source, total, resolved, linked in shares
            )
        ),
        metadata={"by_source": by_source},
    )


IDENTITY_CHECKS = [
    entity_resolution_meets_thresholds,
    one_org_id_per_cik,
    procurement_names_resolved,
]
