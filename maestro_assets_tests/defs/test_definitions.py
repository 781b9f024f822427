"""The code location loads, and every asset says who owns it and what it is."""

import pytest
from dagster import AssetKey

from maestro_assets.definitions import build_definitions
from maestro_assets.defs.resources import WAREHOUSE_POOL
from maestro_assets.lib.sources.registry import SOURCES


@pytest.fixture(scope="module")
def defs(request):
    from maestro_assets.lib.settings import Settings

    return build_definitions(Settings.from_env({}))


def test_definitions_load_and_validate(defs):
    defs.validate_loadable(defs)


def test_the_asset_graph_is_the_expected_set_of_relations(defs):
    """A snapshot of the graph's keys: an accidental re-keying shows up here in review."""
    keys = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys()}
    queues = ("ercot_gis", "pjm_queue", "miso_queue", "spp_queue", "nyiso_queue", "caiso_queue")
    assert keys == {
        "meta/source_catalog",
        "meta/signal_lineage",
        "raw/eia860m__generators",
        "raw/eia_api__operating_generator_capacity",
        *(f"raw/{q}__projects" for q in (*queues, "isone_queue", "lbnl_queued_up")),
        "raw/sabin_report__entries",
        "raw/sabin_interim_csv__entries",
        "raw/nrel_wind_ordinances__rules",
        "raw/nrel_solar_ordinances__rules",
        "raw/ncsl_siting_authority__states",
        "raw/ny_ores_permits__matters",
        "raw/oh_opsb_cases__cases",
        "raw/opposition_news__documents",
        "staging/stage_ladder",
        "staging/status_stage_map",
        "staging/stg_eia860m__generators",
        "staging/stg_eia_api__operating_generator_capacity",
        *(f"staging/stg_{q}__projects" for q in (*queues, "isone_queue", "lbnl_queued_up")),
        "staging/int_eia860m__projects",
        "staging/int_project_vintages",
        "marts/fct_project_stage_change",
        "marts/dim_project",
        "marts/developer_coverage",
        "marts/sig_pipeline_movement__projects",
        "marts/sig_pipeline_movement",
        "marts/signals",
        *(
            f"staging/stg_{model}"
            for model in (
                "sabin_report__entries",
                "sabin_interim_csv__entries",
                "nrel_ordinances__rules",
                "ncsl_siting_authority__states",
                "ny_ores_permits__matters",
                "oh_opsb_cases__cases",
                "opposition_news__documents",
            )
        ),
        "staging/int_opposition_documents",
        "staging/int_opposition_structured_events",
        "staging/opposition_extractions",
        "staging/int_us_counties",
        "marts/fct_opposition_event",
        "marts/bridge_opposition_event_project",
        "marts/fct_opposition_event_points",
        "marts/sig_regulatory_opposition",
        "marts/sig_regulatory_opposition__projects",
        "marts/sig_regulatory_opposition__counties",
        "marts/ops_metrics",
        *(
            f"raw/{table}"
            for table in (
                "sec_edgar_search__hits",
                "sec_edgar_submissions__companies",
                "epa_gpp_partners__partners",
                "re100_members__members",
                "procurement_news__documents",
            )
        ),
        *(
            f"staging/stg_{model}"
            for model in (
                "sec_edgar_search__hits",
                "sec_edgar_search__queries",
                "sec_edgar_submissions__companies",
                "epa_gpp_partners__partners",
                "re100_members__members",
                "procurement_news__documents",
            )
        ),
        "staging/int_procurement_documents",
        "staging/procurement_extractions",
        "marts/fct_procurement_event",
        "marts/sig_corporate_buyer_entry",
        "staging/int_pipeline__organization_names",
        "staging/int_opposition__organization_names",
        "staging/int_procurement__organization_names",
        "staging/int_organization_names",
        "marts/organization_alias",
        "marts/dim_organization",
        "reports/weekly_brief",
    }


def test_every_declared_source_has_a_raw_asset_named_after_its_table(defs):
    keys = defs.resolve_asset_graph().get_all_asset_keys()
    for spec in SOURCES:
        assert AssetKey(spec.raw_table.split(".")) in keys


def test_every_asset_has_owner_group_kinds_and_description(defs):
    for spec in defs.resolve_all_asset_specs():
        name = spec.key.to_user_string()
        assert spec.owners, f"{name} has no owner"
        assert all(owner.startswith("team:") for owner in spec.owners), name
        assert spec.group_name and spec.group_name != "default", f"{name} has no group"
        assert spec.kinds, f"{name} has no kinds"
        assert spec.description, f"{name} has no description"


def test_every_writer_of_the_warehouse_is_in_the_one_pool(defs):
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        node = graph.get(key)
        assets_def = node.assets_def
        pools = {op.pool for op in assets_def.node_def.iterate_op_defs()}
        assert pools == {WAREHOUSE_POOL}, f"{key.to_user_string()} writes outside the pool"


def test_dbt_sources_map_to_the_raw_python_assets(defs):
    graph = defs.resolve_asset_graph()
    staging = graph.get(AssetKey(["staging", "stg_eia860m__generators"]))
    assert AssetKey(["raw", "eia860m__generators"]) in staging.parent_keys


def test_dbt_tests_appear_as_asset_checks(defs):
    checks = {key.name for key in defs.resolve_asset_graph().asset_check_keys}
    assert "unique_stg_eia860m__generators_generator_month_key" in checks
    assert "every_status_is_mapped" in checks
    assert "latest_vintage_is_fresh" in checks


def test_raw_sources_carry_a_freshness_policy_from_their_cadence(defs):
    for spec in defs.resolve_all_asset_specs():
        if spec.key.path[0] == "raw":
            assert spec.freshness_policy is not None, spec.key.to_user_string()


def test_the_readme_source_table_matches_the_declarations():
    from maestro_assets.lib.catalog import sources_markdown
    from maestro_assets.lib.settings import PROJECT_ROOT

    readme = (PROJECT_ROOT / "README.md").read_text()
    assert sources_markdown(SOURCES) in readme, "run `make docs` to regenerate the table"
