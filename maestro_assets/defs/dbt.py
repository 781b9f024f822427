"""dbt models as assets downstream of the raw source assets; dbt tests as asset checks."""

import json
import os
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import yaml
from dagster import AssetExecutionContext, AssetKey, AutomationCondition
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from maestro_assets.defs.resources import WAREHOUSE_POOL, WarehouseResource
from maestro_assets.lib.landing import landed_source_ids
from maestro_assets.lib.settings import DBT_PROJECT_DIR
from maestro_assets.lib.sources.registry import ADAPTERS
from maestro_assets.lib.warehouse import publish_reader_copy

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# `dg dev` / `dagster dev` parse the project on start; everywhere else the make targets do.
DBT_PROJECT.prepare_if_dev()

OWNERS_BY_SCHEMA = {
    "staging": ["team:data-platform"],
    "marts": ["team:signals"],
    "meta": ["team:platform"],
}


class WarehouseDbtTranslator(DagsterDbtTranslator):
    """Asset key = DuckDB relation (["staging", "stg_eia860m__generators"])."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return super().get_asset_key(dbt_resource_props)
        return AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str:
        return dbt_resource_props["schema"]

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        return OWNERS_BY_SCHEMA.get(dbt_resource_props["schema"], ["team:data-platform"])

    def get_automation_condition(
        self, dbt_resource_props: Mapping[str, Any]
    ) -> AutomationCondition | None:
        return AutomationCondition.eager()


@dbt_assets(
    manifest=DBT_PROJECT.manifest_path,
    project=DBT_PROJECT,
    dagster_dbt_translator=WarehouseDbtTranslator(),
    pool=WAREHOUSE_POOL,
)
def warehouse_dbt_models(
    context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    """`dbt build` (seeds, models, tests) against the warehouse, then republish the reader copy.

    Signals are computed for the warehouse's as-of date (MAESTRO_AS_OF, else today). A source
    that has never been landed is left out (its staging model excluded, the union built from
    the others) instead of failing every model.
    """
    os.environ["MAESTRO_DUCKDB_PATH"] = str(warehouse.path)
    with warehouse.reading() as connection:
        landed = landed_source_ids(connection)
    unlanded = sorted({a.spec.source_id for a in ADAPTERS} - landed)
    if unlanded:
        context.log.warning(f"not landed yet, left out of this build: {', '.join(unlanded)}")
    yield from dbt.cli(dbt_build_args(warehouse.as_of_date, unlanded), context=context).stream()
    publish_reader_copy(warehouse.path)


def project_models_without(unlanded: list[str]) -> list[str]:
    """The var `project_models` (dbt_project.yml) minus the models of unlanded sources."""
    declared = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    return [
        model
        for model in declared["project_models"]
        if model.split("_", 1)[1].removesuffix("__projects") not in unlanded
    ]


def dbt_build_args(as_of: date, unlanded: list[str]) -> list[str]:
    variables = {"as_of": as_of.isoformat(), "project_models": project_models_without(unlanded)}
    arguments = ["build", "--vars", json.dumps(variables)]
    if unlanded:
        arguments += ["--exclude", " ".join(f"source:{source_id}+" for source_id in unlanded)]
    return arguments
