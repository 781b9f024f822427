"""The code location: every definition, wired to resources from the environment."""

import sys
from pathlib import Path

from dagster import AssetSelection, Definitions, define_asset_job
from dagster_dbt import DbtCliResource

from maestro_assets.defs.alerts import ALERT_SENSORS
from maestro_assets.defs.automation import automation_for
from maestro_assets.defs.brief import brief_narrative_is_supported, weekly_brief
from maestro_assets.defs.catalog import source_catalog
from maestro_assets.defs.checks.opposition_checks import OPPOSITION_CHECKS
from maestro_assets.defs.checks.procurement_checks import PROCUREMENT_CHECKS
from maestro_assets.defs.checks.signal_checks import SIGNAL_CHECKS
from maestro_assets.defs.checks.source_checks import source_checks
from maestro_assets.defs.checks.stage_checks import STAGE_CHECKS
from maestro_assets.defs.dbt import DBT_PROJECT, warehouse_dbt_models
from maestro_assets.defs.extraction import (
    LlmResource,
    extraction_quality_meets_thresholds,
    opposition_extractions,
    procurement_extraction_quality_meets_thresholds,
    procurement_extractions,
)
from maestro_assets.defs.operations import ops_metrics
from maestro_assets.defs.organizations import IDENTITY_CHECKS, organization_identity
from maestro_assets.defs.resources import resources_from_settings
from maestro_assets.defs.sources.landing import MONTHLY_VINTAGES, raw_asset_key, raw_source_asset
from maestro_assets.lib.settings import Settings
from maestro_assets.lib.sources.registry import ADAPTERS

# dbt installed beside this interpreter, whether or not the virtualenv is activated.
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))

RAW_ASSETS = {adapter.spec.source_id: raw_source_asset(adapter) for adapter in ADAPTERS}
RAW_CHECKS = [
    check
    for adapter in ADAPTERS
    for check in source_checks(adapter.spec, raw_asset_key(adapter.spec), adapter.required_columns)
]
MONTHLY_RAW = AssetSelection.assets(
    *(a for a in RAW_ASSETS.values() if a.partitions_def == MONTHLY_VINTAGES)
)
ALL_RAW = AssetSelection.assets(*RAW_ASSETS.values())

pull_monthly_sources = define_asset_job(
    "pull_monthly_sources",
    selection=MONTHLY_RAW,
    partitions_def=MONTHLY_VINTAGES,
    description="Pull one data month of every data-month source into the raw schema.",
)
build_warehouse = define_asset_job(
    "build_warehouse",
    selection=AssetSelection.all() - ALL_RAW,
    description="Rebuild the catalog, every dbt model and signal from the raw tables landed.",
)


def build_definitions(settings: Settings) -> Definitions:
    automation = automation_for(settings)
    return Definitions(
        assets=[
            *RAW_ASSETS.values(),
            source_catalog,
            warehouse_dbt_models,
            opposition_extractions,
            procurement_extractions,
            organization_identity,
            ops_metrics,
            weekly_brief,
        ],
        asset_checks=[
            *RAW_CHECKS,
            *STAGE_CHECKS,
            *SIGNAL_CHECKS,
            *OPPOSITION_CHECKS,
            *IDENTITY_CHECKS,
            *PROCUREMENT_CHECKS,
            extraction_quality_meets_thresholds,
            procurement_extraction_quality_meets_thresholds,
            brief_narrative_is_supported,
        ],
        jobs=[pull_monthly_sources, build_warehouse, *automation.jobs],
        sensors=[*automation.sensors, *ALERT_SENSORS],
        schedules=automation.schedules,
        resources={
            **resources_from_settings(settings),
            "dbt": DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=DBT_EXECUTABLE),
            "llm": LlmResource(),
        },
    )


defs = build_definitions(Settings.from_env())
