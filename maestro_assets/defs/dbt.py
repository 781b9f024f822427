"""dbt models as assets downstream of the raw source assets; dbt tests as asset checks."""

import json
import os
import shutil
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from dagster import AssetExecutionContext, AssetKey, AutomationCondition
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from maestro_assets.defs.resources import WAREHOUSE_POOL, WarehouseResource
from maestro_assets.lib.landing import landed_source_ids
from maestro_assets.lib.settings import DBT_PROJECT_DIR
from maestro_assets.lib.sources.registry import ADAPTERS

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
# `dg dev` / `dagster dev` parse the project on start; everywhere else the make targets do.
DBT_PROJECT.prepare_if_dev()

PARTIAL_PARSE = "partial_parse.msgpack"
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
    invocation = dbt.cli(dbt_build_args(warehouse.as_of_date, unlanded), context=context)
    yield from invocation.stream()
    keep_partial_parse(invocation.target_path, DBT_PROJECT.project_dir / DBT_PROJECT.target_path)
    warehouse.publish_reader_copy()


def keep_partial_parse(invocation_target: Path, project_target: Path) -> None:
    """Make this invocation's parse the one the next invocation starts from.

    dagster-dbt seeds each invocation with the project target's `partial_parse.msgpack`, which
    `make manifest` wrote for another warehouse path and no vars, so every `dbt build` re-parsed
    the project (about 2.5 s). The build's later steps share this one's path and vars."""
    parsed = invocation_target / PARTIAL_PARSE
    if not parsed.exists():
        return
    temporary = project_target / f".{PARTIAL_PARSE}.{os.getpid()}.tmp"
    shutil.copyfile(parsed, temporary)
    os.replace(temporary, project_target / PARTIAL_PARSE)


def declared_vars() -> dict[str, Any]:
    return yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def project_models_without(unlanded: list[str]) -> list[str]:
    """The var `project_models` (dbt_project.yml) minus the models of unlanded sources."""
    return [
        model
        for model in declared_vars()["project_models"]
        if model.split("_", 1)[1].removesuffix("__projects") not in unlanded
    ]


def reaches_unlanded(
    model: str, parents: Mapping[str, list[str]], unlanded: list[str], dropped: set[str]
) -> bool:
    """Whether `model` reads, through any chain of parents, a raw table of an unlanded source.
    Models in `dropped` (project models left out of the union) are no longer parents."""
    unlanded_prefixes = tuple(f"source.maestro.{source_id}." for source_id in unlanded)
    seen: set[str] = set()
    pending = [f"model.maestro.{model}"]
    while pending:
        node = pending.pop()
        if node.startswith(unlanded_prefixes):
            return True
        if node in seen or node.rsplit(".", 1)[-1] in dropped:
            continue
        seen.add(node)
        pending.extend(parents.get(node, ()))
    return False


def organization_name_models_without(unlanded: list[str], manifest: Mapping) -> list[str]:
    """The var `organization_name_models` minus the domains that read an unlanded source."""
    declared = declared_vars()
    dropped = set(declared["project_models"]) - set(project_models_without(unlanded))
    return [
        model
        for model in declared["organization_name_models"]
        if not reaches_unlanded(model, manifest["parent_map"], unlanded, dropped)
    ]


def dbt_build_args(as_of: date, unlanded: list[str], manifest: Mapping | None = None) -> list[str]:
    variables = {"as_of": as_of.isoformat(), "project_models": project_models_without(unlanded)}
    if unlanded:
        manifest = manifest or json.loads(DBT_PROJECT.manifest_path.read_text())
        variables["organization_name_models"] = organization_name_models_without(unlanded, manifest)
    # A run that builds the models in several steps (a Python asset sits between them) must
    # test a model in the step that builds it: "buildable" selects a test only once every
    # model it reads is built or upstream, never with the seed it also reads.
    arguments = ["build", "--vars", json.dumps(variables), "--indirect-selection", "buildable"]
    if unlanded:
        arguments += ["--exclude", " ".join(f"source:{source_id}+" for source_id in unlanded)]
    return arguments
