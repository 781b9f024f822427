"""The code location: load every definition and wire resources from the environment."""

from __future__ import annotations

import sys
from pathlib import Path

from dagster import AssetSelection, Definitions, define_asset_job
from dagster_dbt import DbtCliResource

from maestro_assets.defs.catalog import source_catalog
from maestro_assets.defs.checks.source_checks import source_checks
from maestro_assets.defs.checks.stage_checks import STAGE_CHECKS
from maestro_assets.defs.dbt import DBT_PROJECT, warehouse_dbt_models
from maestro_assets.defs.resources import resources_from_settings
from maestro_assets.defs.sources.eia import RAW_SOURCES
from maestro_assets.defs.sources.landing import MONTHLY_VINTAGES, raw_asset_key
from maestro_assets.lib.settings import Settings

# dbt installed beside this interpreter, whether or not the virtualenv is activated.
DBT_EXECUTABLE = str(Path(sys.executable).with_name("dbt"))

MONTHLY_RAW = AssetSelection.assets(
    *(s.asset for s in RAW_SOURCES if s.asset.partitions_def == MONTHLY_VINTAGES)
)

pull_monthly_sources = define_asset_job(
    "pull_monthly_sources",
    selection=MONTHLY_RAW,
    partitions_def=MONTHLY_VINTAGES,
    description="Pull one data month of every monthly source into the raw schema.",
)
build_warehouse = define_asset_job(
    "build_warehouse",
    selection=AssetSelection.all() - MONTHLY_RAW,
    description="Rebuild the catalog and every dbt model from the raw tables already landed.",
)


def build_definitions(settings: Settings) -> Definitions:
    return Definitions(
        assets=[*(s.asset for s in RAW_SOURCES), source_catalog, warehouse_dbt_models],
        asset_checks=[
            *(
                check
                for s in RAW_SOURCES
                for check in source_checks(s.spec, raw_asset_key(s.spec), s.required_columns)
            ),
            *STAGE_CHECKS,
        ],
        jobs=[pull_monthly_sources, build_warehouse],
        resources={
            **resources_from_settings(settings),
            "dbt": DbtCliResource(project_dir=DBT_PROJECT, dbt_executable=DBT_EXECUTABLE),
        },
    )


defs = build_definitions(Settings.from_env())
