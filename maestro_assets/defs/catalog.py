"""meta.source_catalog: the source declarations as a table people can query."""

from dataclasses import asdict

import polars as pl
from dagster import AssetKey, MaterializeResult, asset

from maestro_assets.defs.resources import WAREHOUSE_POOL, WarehouseResource
from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.sources.registry import SOURCES
from maestro_assets.lib.warehouse import replace_table

CATALOG_TABLE = "meta.source_catalog"


def catalog_frame(sources: tuple[SourceSpec, ...]) -> pl.DataFrame:
    rows = []
    for spec in sources:
        row = asdict(spec)
        row["cadence"] = spec.cadence.value
        row["live_requires_env"] = ", ".join(spec.live_requires_env)
        row["reliability_weight"] = spec.reliability_weight
        row["warn_after_days"] = spec.staleness.warn_after_days
        row["error_after_days"] = spec.staleness.error_after_days
        rows.append(row)
    return pl.DataFrame(rows)


@asset(
    key=AssetKey(CATALOG_TABLE.split(".")),
    pool=WAREHOUSE_POOL,
    group_name="platform",
    owners=["team:platform"],
    kinds={"python", "duckdb"},
    description="One row per declared source: publisher, URL, cadence, coverage, known gaps, "
    "reliability grade and staleness thresholds.",
)
def source_catalog(warehouse: WarehouseResource) -> MaterializeResult:
    frame = catalog_frame(SOURCES)
    with warehouse.writing() as connection:
        replace_table(connection, CATALOG_TABLE, frame)
    return MaterializeResult(metadata={"dagster/row_count": frame.height})
