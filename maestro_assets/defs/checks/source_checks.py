"""Checks every raw source gets, generated from its declaration."""

from collections.abc import Callable, Sequence

import duckdb
from dagster import (
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    MetadataValue,
    asset_check,
)

from maestro_assets.defs.resources import WarehouseResource
from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.quality import (
    Verdict,
    freshness_verdict,
    populated_columns_verdict,
    row_count_verdict,
)

Judge = Callable[[duckdb.DuckDBPyConnection, WarehouseResource], Verdict]


def check_result(verdict: Verdict) -> AssetCheckResult:
    return AssetCheckResult(
        passed=verdict.passed,
        severity=AssetCheckSeverity.ERROR if verdict.severe else AssetCheckSeverity.WARN,
        description=verdict.description,
        metadata={k: metadata_value(v) for k, v in verdict.metadata.items()},
    )


def metadata_value(value: object) -> object:
    if value is None:
        return MetadataValue.null()
    if isinstance(value, dict | list):
        return MetadataValue.json(value)
    return value


def warehouse_check(
    asset_key: AssetKey, name: str, description: str, judge: Judge, blocking: bool
) -> AssetChecksDefinition:
    """A check that reads the published read-only copy, so it never waits for the writer."""

    @asset_check(asset=asset_key, name=name, description=description, blocking=blocking)
    def _check(warehouse: WarehouseResource) -> AssetCheckResult:
        with warehouse.reading() as connection:
            return check_result(judge(connection, warehouse))

    return _check


def source_checks(
    spec: SourceSpec, asset_key: AssetKey, required_columns: Sequence[str]
) -> list[AssetChecksDefinition]:
    staleness = spec.staleness
    checks = [
        warehouse_check(
            asset_key,
            "latest_vintage_is_fresh",
            f"The publisher's latest as-of date is at most {staleness.warn_after_days} days old "
            f"(WARN) / {staleness.error_after_days} days (ERROR) on MAESTRO_AS_OF "
            f"({spec.cadence.value} cadence).",
            lambda connection, warehouse: freshness_verdict(connection, spec, warehouse.as_of_date),
            blocking=False,
        ),
        warehouse_check(
            asset_key,
            "row_count_within_30pct_of_previous_vintage",
            "The latest vintage's row count is within ±30% of the previous vintage (WARN).",
            lambda connection, _: row_count_verdict(connection, spec.raw_table),
            blocking=False,
        ),
    ]
    if required_columns:
        checks.append(
            warehouse_check(
                asset_key,
                "required_columns_are_populated",
                "Every required column has at least one value in the latest vintage: a column "
                "that exists but is empty is a silent rename (ERROR).",
                lambda connection, _: populated_columns_verdict(
                    connection, spec.raw_table, required_columns
                ),
                blocking=True,
            )
        )
    return checks
