"""EIA-860M workbooks and the EIA API v2 operable-generator route, one monthly partition each."""

from datetime import date

from dagster import AssetExecutionContext, MaterializeResult, RetryPolicy, asset

from maestro_assets.defs.resources import WAREHOUSE_POOL, SourcesResource, WarehouseResource
from maestro_assets.defs.sources.landing import (
    MONTHLY_VINTAGES,
    RawSource,
    freshness_policy_for,
    landed_result,
    raw_asset_key,
    raw_file,
)
from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.months import month_end, months_between
from maestro_assets.lib.sources import eia860m, eia_api

PULL_RETRY = RetryPolicy(max_retries=2, delay=30)
GROUP = "eia"
OWNERS = ["team:pipeline-signal"]


def eia860m_workbook_urls(client: SourceClient) -> dict[date, str]:
    landing = client.get_ok(eia860m.LANDING_REQUEST)
    return eia860m.discover_workbooks(landing.content.decode("utf-8", "replace"), landing.url)


def eia_api_months(client: SourceClient) -> list[date]:
    metadata = client.get_ok(eia_api.metadata_request())
    first, last = eia_api.available_months(metadata.content, metadata.url)
    return months_between(first, last)


@asset(
    key=raw_asset_key(eia860m.SPEC),
    partitions_def=MONTHLY_VINTAGES,
    pool=WAREHOUSE_POOL,
    retry_policy=PULL_RETRY,
    group_name=GROUP,
    owners=OWNERS,
    kinds={"xlsx", "duckdb"},
    description=(
        "Every sheet of the EIA-860M Monthly Electric Generator Inventory for one data month, "
        "as published (text cells), one row per generator per sheet, with provenance."
    ),
    metadata={"source_id": eia860m.SPEC.source_id},
    freshness_policy=freshness_policy_for(eia860m.SPEC),
)
def raw_eia860m__generators(
    context: AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource
) -> MaterializeResult:
    month = date.fromisoformat(context.partition_key)
    client = sources.client(eia860m.SPEC)
    links = eia860m_workbook_urls(client)
    if month not in links:
        linked = ", ".join(f"{m:%Y-%m}" for m in links) or "none"
        raise FetchError(
            eia860m.SPEC.source_id,
            eia860m.SPEC.landing_url,
            f"the landing page links no workbook for {month:%B %Y}; it links: {linked}",
        )
    response = client.get_ok(eia860m.workbook_request(links[month]))
    landed = warehouse.land(
        eia860m.SPEC,
        vintage=month_end(month),
        files=[raw_file(response, "xlsx", sources.mode)],
        parse=eia860m.parse_workbook,
    )
    context.log.info(f"landed {landed.rows} generator rows of {month:%B %Y}")
    return landed_result(landed, [response.url])


@asset(
    key=raw_asset_key(eia_api.SPEC),
    partitions_def=MONTHLY_VINTAGES,
    pool=WAREHOUSE_POOL,
    retry_policy=PULL_RETRY,
    group_name=GROUP,
    owners=OWNERS,
    kinds={"json", "duckdb"},
    description=(
        "Operable generators (statuses OP, SB, OS, OA only) from the EIA API v2 route "
        "electricity/operating-generator-capacity for one month, every page, with provenance."
    ),
    metadata={"source_id": eia_api.SPEC.source_id},
    freshness_policy=freshness_policy_for(eia_api.SPEC),
)
def raw_eia_api__operating_generator_capacity(
    context: AssetExecutionContext, sources: SourcesResource, warehouse: WarehouseResource
) -> MaterializeResult:
    month = date.fromisoformat(context.partition_key)
    client = sources.client(eia_api.SPEC)
    responses = eia_api.fetch_month_pages(client.get_ok, month)
    landed = warehouse.land(
        eia_api.SPEC,
        vintage=month_end(month),
        files=[raw_file(r, "json", sources.mode) for r in responses],
        parse=eia_api.parse_page,
    )
    context.log.info(f"landed {landed.rows} operable generators of {month:%B %Y}")
    return landed_result(landed, [r.url for r in responses])


def month_keys(months: list[date]) -> list[str]:
    return [month.isoformat() for month in months]


RAW_SOURCES = (
    RawSource(
        spec=eia860m.SPEC,
        asset=raw_eia860m__generators,
        required_columns=eia860m.IDENTITY,
        available_partitions=lambda client: month_keys(list(eia860m_workbook_urls(client))),
    ),
    RawSource(
        spec=eia_api.SPEC,
        asset=raw_eia_api__operating_generator_capacity,
        required_columns=eia_api.REQUIRED_COLUMNS,
        available_partitions=lambda client: month_keys(eia_api_months(client)),
    ),
)
