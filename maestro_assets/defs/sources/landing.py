"""One factory turns any source adapter into a partitioned raw asset with its checks."""

import warnings
from datetime import date, timedelta

from dagster import (
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    BackfillPolicy,
    BetaWarning,
    DynamicPartitionsDefinition,
    FreshnessPolicy,
    MaterializeResult,
    MetadataValue,
    MonthlyPartitionsDefinition,
    PartitionsDefinition,
    RetryPolicy,
    asset,
)

from maestro_assets.defs.resources import WAREHOUSE_POOL, SourcesResource, WarehouseResource
from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.http import SourceResponse
from maestro_assets.lib.landing import LandedVintage, RawFile
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.adapter import SourceAdapter

# EIA-860M monthly files exist from July 2015; a month is a partition once it has ended.
MONTHLY_VINTAGES = MonthlyPartitionsDefinition(start_date="2015-07-01", end_offset=0)
PULL_RETRY = RetryPolicy(max_retries=2, delay=30)
OWNERS_BY_DOMAIN = {
    "pipeline": ["team:pipeline-signal"],
    "opposition": ["team:opposition-signal"],
    "procurement": ["team:buyer-signal"],
}


def raw_asset_key(spec: SourceSpec) -> AssetKey:
    """Asset key = DuckDB relation: raw.eia860m__generators -> ["raw", "eia860m__generators"]."""
    return AssetKey(spec.raw_table.split("."))


def partitions_for(adapter: SourceAdapter) -> PartitionsDefinition:
    if adapter.data_months:
        return MONTHLY_VINTAGES
    return DynamicPartitionsDefinition(name=f"{adapter.spec.source_id}_vintages")


def freshness_policy_for(spec: SourceSpec) -> FreshnessPolicy:
    """Dagster's materialization-age policy, from the same cadence as the as-of check."""
    return FreshnessPolicy.time_window(
        fail_window=timedelta(days=spec.staleness.error_after_days),
        warn_window=timedelta(days=spec.staleness.warn_after_days),
    )


def raw_file(response: SourceResponse, extension: str, mode: str) -> RawFile:
    return RawFile(
        content=response.content,
        source_url=response.url,
        fetched_at=response.fetched_at,
        extension=extension,
        origin=mode,
    )


def require_stated_vintage(adapter: SourceAdapter, partition: date, content: bytes) -> None:
    """Live publishers serve only today's file: refuse to file it under another date."""
    stated = adapter.stated_vintage(content)
    if stated is not None and stated != partition:
        raise FetchError(
            adapter.spec.source_id,
            adapter.spec.landing_url,
            f"the publisher now serves the vintage of {stated}, not {partition}; materialize "
            f"partition {stated}, or backfill {partition} with `maestro import`",
        )


def land_partition(
    adapter: SourceAdapter, partition: date, sources: SourcesResource, warehouse: WarehouseResource
) -> tuple[LandedVintage, list[str]]:
    client = sources.client(adapter.spec)
    responses = adapter.fetch(client, partition)
    if client.mode is not SourceMode.SNAPSHOT and not adapter.data_months:
        require_stated_vintage(adapter, partition, responses[0].content)
    landed = warehouse.land(
        adapter.spec,
        vintage=adapter.landing_vintage(partition),
        files=[raw_file(r, adapter.extension, sources.mode) for r in responses],
        parse=adapter.parse,
    )
    return landed, [r.url for r in responses]


def landed_metadata(landed: LandedVintage, source_urls: list[str]) -> dict:
    return {
        "vintage": landed.vintage.isoformat(),
        "rows": landed.rows,
        "source_urls": source_urls,
        "content_sha256": landed.content_sha256,
        "raw_files": [str(p) for p in landed.raw_paths],
        "layout_notes": landed.notes,
    }


def raw_source_asset(adapter: SourceAdapter) -> AssetsDefinition:
    # Single-run backfills are beta in Dagster 1.13; relied on deliberately (one run lands
    # many vintages), so the warning is acknowledged here rather than repeated on every load.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", BetaWarning)
        return _raw_source_asset(adapter)


def _raw_source_asset(adapter: SourceAdapter) -> AssetsDefinition:
    spec = adapter.spec

    @asset(
        key=raw_asset_key(spec),
        partitions_def=partitions_for(adapter),
        backfill_policy=BackfillPolicy.single_run(),
        pool=WAREHOUSE_POOL,
        retry_policy=PULL_RETRY,
        group_name=f"{spec.domain}_sources",
        owners=OWNERS_BY_DOMAIN[spec.domain],
        kinds={adapter.extension, "duckdb"},
        description=(
            f"{spec.title} ({spec.publisher}): every row of one vintage as published (text "
            f"cells), with provenance (source_url, content_sha256, sheet, source_row). "
            f"Known gaps: {spec.known_gaps}"
        ),
        metadata={"source_id": spec.source_id, "landing_url": spec.landing_url},
        freshness_policy=freshness_policy_for(spec),
    )
    def _raw(
        context: AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource
    ) -> MaterializeResult:
        landings = []
        try:
            for key in context.partition_keys:  # one run may backfill several vintages
                landed, urls = land_partition(adapter, date.fromisoformat(key), sources, warehouse)
                context.log.info(f"{spec.source_id}: landed {landed.rows} rows of {landed.vintage}")
                landings.append(landed_metadata(landed, urls))
        finally:  # readers see every vintage landed so far, even when a later one failed
            if landings:
                warehouse.publish_reader_copy()
        return MaterializeResult(
            metadata={
                "dagster/row_count": sum(item["rows"] for item in landings),
                "source_id": spec.source_id,
                "vintages": MetadataValue.json(landings),
            }
        )

    return _raw
