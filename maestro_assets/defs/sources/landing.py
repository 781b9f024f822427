"""What every raw source asset shares: turning responses into raw files and metadata."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from dagster import (
    AssetKey,
    AssetsDefinition,
    FreshnessPolicy,
    MaterializeResult,
    MetadataValue,
    MonthlyPartitionsDefinition,
)

from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.http import SourceClient, SourceResponse
from maestro_assets.lib.landing import LandedVintage, RawFile

# EIA-860M monthly files exist from July 2015; a month is a partition once it has ended.
MONTHLY_VINTAGES = MonthlyPartitionsDefinition(start_date="2015-07-01", end_offset=0)


def raw_asset_key(spec: SourceSpec) -> AssetKey:
    """Asset key = DuckDB relation: raw.eia860m__generators -> ["raw", "eia860m__generators"]."""
    return AssetKey(spec.raw_table.split("."))


def raw_file(response: SourceResponse, extension: str, mode: str) -> RawFile:
    return RawFile(
        content=response.content,
        source_url=response.url,
        fetched_at=response.fetched_at,
        extension=extension,
        origin=mode,
    )


def landed_result(landed: LandedVintage, source_urls: list[str]) -> MaterializeResult:
    return MaterializeResult(
        metadata={
            "dagster/row_count": landed.rows,
            "source_id": landed.source_id,
            "vintage": landed.vintage.isoformat(),
            "source_urls": MetadataValue.json(source_urls),
            "content_sha256": MetadataValue.json(landed.content_sha256),
            "raw_files": MetadataValue.json([str(p) for p in landed.raw_paths]),
            "layout_notes": MetadataValue.json(landed.notes),
        }
    )


def freshness_policy_for(spec: SourceSpec) -> FreshnessPolicy:
    """Dagster's materialization-age policy, from the same cadence as the as-of check."""
    return FreshnessPolicy.time_window(
        fail_window=timedelta(days=spec.staleness.error_after_days),
        warn_window=timedelta(days=spec.staleness.warn_after_days),
    )


@dataclass(frozen=True)
class RawSource:
    """A declared source with its Dagster asset and how to list the vintages it offers."""

    spec: SourceSpec
    asset: AssetsDefinition
    required_columns: tuple[str, ...]
    available_partitions: Callable[[SourceClient], list[str]]
