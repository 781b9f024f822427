"""marts.ops_metrics: the numbers an owner reports each week, one row per ISO week."""

from datetime import UTC, date, datetime, timedelta

import polars as pl
from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetRecordsFilter,
    DagsterRunStatus,
    MaterializeResult,
    RunsFilter,
    asset,
)

from maestro_assets.defs.extraction import EVALUATIONS, EXTRACTIONS
from maestro_assets.defs.resources import WAREHOUSE_POOL, WarehouseResource
from maestro_assets.lib.landing import LANDING_LOG
from maestro_assets.lib.operations import weekly_metrics
from maestro_assets.lib.sources.registry import SOURCES
from maestro_assets.lib.warehouse import replace_partition

OPS_METRICS = "marts.ops_metrics"
FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def run_outcomes(context: AssetExecutionContext, since: datetime) -> tuple[int, int]:
    """(finished runs, succeeded runs) in the instance since `since`."""
    records = context.instance.get_run_records(
        RunsFilter(statuses=FINISHED, created_after=since), limit=10_000
    )
    succeeded = sum(r.dagster_run.status == DagsterRunStatus.SUCCESS for r in records)
    return len(records), succeeded


def llm_tokens_spent(context: AssetExecutionContext, since: datetime) -> int:
    """Tokens reported by the extraction asset's materializations since `since`."""
    events = context.instance.fetch_materializations(
        AssetRecordsFilter(
            asset_key=AssetKey(EXTRACTIONS.split(".")), after_timestamp=since.timestamp()
        ),
        limit=1_000,
    ).records
    total = 0
    for record in events:
        value = record.asset_materialization.metadata.get("total_tokens")
        total += int(value.value) if value is not None else 0
    return total


@asset(
    key=AssetKey(OPS_METRICS.split(".")),
    deps=[
        AssetKey(["marts", "signals"]),
        AssetKey(["marts", "developer_coverage"]),
        AssetKey(EXTRACTIONS.split(".")),
    ],
    pool=WAREHOUSE_POOL,
    group_name="operations",
    owners=["team:platform"],
    kinds={"python", "duckdb"},
    description="One row per ISO week (the week of MAESTRO_AS_OF): signals produced by type, "
    "sources fresh / warn / stale / missing, developer and opposition coverage, extraction "
    "F1, run success rate and LLM tokens spent in the week. Earlier weeks are kept.",
)
def ops_metrics(context: AssetExecutionContext, warehouse: WarehouseResource) -> MaterializeResult:
    as_of = warehouse.as_of_date
    week = week_start(as_of)
    since = datetime.combine(week, datetime.min.time(), tzinfo=UTC)
    runs, succeeded = run_outcomes(context, since)
    with warehouse.writing() as connection:
        row = weekly_metrics(
            connection,
            SOURCES,
            as_of=as_of,
            week_start=week,
            runs=(runs, succeeded),
            llm_tokens=llm_tokens_spent(context, since),
            landing_log=LANDING_LOG,
            evaluations=EVALUATIONS,
        )
        replace_partition(connection, OPS_METRICS, pl.DataFrame([row]), "week_start", week)
    metadata = {k: v.isoformat() if isinstance(v, date) else v for k, v in row.items()}
    return MaterializeResult(metadata=metadata)
