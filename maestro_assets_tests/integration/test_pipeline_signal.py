"""The pipeline-movement history and signal, built from every bundled source."""

import json
import math
from collections import defaultdict
from datetime import date

import pytest
import yaml

from maestro_assets.lib.catalog import RELIABILITY_WEIGHTS
from maestro_assets.lib.settings import DBT_PROJECT_DIR
from maestro_assets.lib.sources.registry import ADAPTERS
from maestro_assets.lib.warehouse import connect_for_reading
from maestro_assets_tests.integration.conftest import AS_OF

ISO_SOURCES = {a.spec.source_id for a in ADAPTERS if a.spec.raw_table.endswith("__projects")}


def query(built, sql: str, parameters=()):
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        return connection.execute(sql, list(parameters)).fetchall()


def dbt_vars() -> dict:
    return yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def test_the_dbt_project_models_are_the_registered_pipeline_sources():
    models = set(dbt_vars()["project_models"])
    assert models == {f"stg_{s}__projects" for s in ISO_SOURCES} | {"int_eia860m__projects"}


def test_every_pipeline_source_contributes_vintages_and_changes(built):
    rows = dict(
        query(built, "SELECT source_id, count(*) FROM marts.fct_project_stage_change GROUP BY 1")
    )
    assert set(rows) == ISO_SOURCES | {"eia860m"}


def test_a_backfill_is_never_counted_as_a_new_entry(built):
    backfills = query(
        built,
        "SELECT project_key, to_stage, queue_date, to_vintage FROM marts.fct_project_stage_change "
        "WHERE change_kind = 'backfill'",
    )
    assert any(key.startswith("pjm_queue:") for key, *_ in backfills)
    for _, stage, queue_date, vintage in backfills:
        assert stage in {"withdrawn", "cancelled", "suspended", "retired", "operating"}
        assert queue_date is None or (vintage - queue_date).days > 365
    keys = [key for key, *_ in backfills]
    news = query(
        built,
        "SELECT count(*) FROM marts.fct_project_stage_change "
        "WHERE change_kind = 'new' AND project_key IN (SELECT unnest(?))",
        [keys],
    )
    assert news == [(0,)]


def test_a_project_that_vanishes_is_disappeared_not_withdrawn(built):
    rows = query(
        built,
        "SELECT c.project_key, c.from_stage, d.latest_stage, d.has_disappeared "
        "FROM marts.fct_project_stage_change c JOIN marts.dim_project d USING (project_key) "
        "WHERE c.change_kind = 'disappeared'",
    )
    assert rows, "the bundled snapshot has projects that vanish"
    for _, from_stage, latest_stage, _ in rows:
        assert from_stage not in {"withdrawn", "cancelled"}
        assert latest_stage not in {"withdrawn", "cancelled"}


def test_a_backwards_move_is_a_data_quality_event_never_progress(built):
    rows = query(
        built,
        "SELECT c.is_progress, c.is_data_quality_event, f.stage_order, t.stage_order "
        "FROM marts.fct_project_stage_change c "
        "JOIN staging.stage_ladder f ON f.stage = c.from_stage "
        "JOIN staging.stage_ladder t ON t.stage = c.to_stage WHERE c.change_kind = 'regress'",
    )
    assert rows
    for is_progress, is_dq, from_order, to_order in rows:
        assert not is_progress and is_dq and to_order < from_order


def test_projects_that_only_regressed_carry_no_signal(built):
    only_regressed = query(
        built,
        "SELECT project_key FROM marts.fct_project_stage_change GROUP BY 1 "
        "HAVING bool_and(change_kind = 'regress')",
    )
    assert only_regressed
    signalled = query(
        built,
        "SELECT count(*) FROM marts.signals WHERE signal_type = 'pipeline_movement' "
        "AND subject_type = 'project' AND subject_key IN (SELECT unnest(?))",
        [[k for (k,) in only_regressed]],
    )
    assert signalled == [(0,)]


def test_every_eia_link_agrees_on_state_county_fuel_and_capacity(built):
    rows = query(
        built,
        """
        SELECT d.project_key, d.source_id, d.eia_plant_id, d.state, d.county_key, d.fuel,
               d.capacity_mw, p.state, p.county_key, p.fuel, p.capacity_mw
        FROM marts.dim_project d
        JOIN (
            SELECT split_part(project_id, ':', 1) AS plant_id, any_value(state) AS state,
                   any_value(county_key) AS county_key, fuel, sum(capacity_mw) AS capacity_mw
            FROM (
                SELECT * FROM staging.int_project_vintages WHERE source_id = 'eia860m'
                QUALIFY row_number() OVER (PARTITION BY project_key ORDER BY vintage DESC) = 1
            )
            WHERE stage IS DISTINCT FROM 'cancelled'
            GROUP BY plant_id, fuel
        ) p ON p.plant_id = d.eia_plant_id AND p.fuel = d.fuel
        """,
    )
    assert len(rows) >= 20, "about a third of the synthetic queue projects mirror EIA plants"
    per_source_plant = defaultdict(int)
    for _, source, plant, state, county, fuel, mw, p_state, p_county, p_fuel, p_mw in rows:
        assert (state, county, fuel) == (p_state, p_county, p_fuel)
        assert abs(mw - p_mw) <= 0.10 * max(mw, p_mw)
        per_source_plant[(source, plant)] += 1
    assert max(per_source_plant.values()) == 1, "one plant is linked at most once per source"


def recomputed_project_scores(built) -> dict[str, float]:
    """The documented formula, computed here from the change table and the catalog."""
    weights = dict(query(built, "SELECT source_id, reliability FROM meta.source_catalog"))
    half_life = dbt_vars()["recency_half_life_days"]
    window = dbt_vars()["signal_window_days"]
    as_of = date.fromisoformat(AS_OF)
    changes = query(
        built,
        "SELECT c.project_key, c.source_id, c.to_vintage, c.capacity_mw, l.stage_order "
        "FROM marts.fct_project_stage_change c JOIN staging.stage_ladder l ON l.stage = c.to_stage "
        "WHERE c.is_progress",
    )
    scores: dict[str, float] = defaultdict(float)
    for key, source, vintage, mw, order in changes:
        age = (as_of - vintage).days
        if 0 <= age < window:
            scores[key] += (
                order
                / 6
                * math.log(1 + (mw or 0))
                * RELIABILITY_WEIGHTS[weights[source]]
                * 0.5 ** (age / half_life)
            )
    return {k: v for k, v in scores.items() if v > 0}


def test_project_scores_follow_the_documented_formula(built):
    expected = recomputed_project_scores(built)
    actual = dict(
        query(
            built,
            "SELECT subject_key, score FROM marts.signals "
            "WHERE signal_type = 'pipeline_movement' AND subject_type = 'project'",
        )
    )
    assert set(actual) == set(expected)
    for key, score in actual.items():
        assert score == pytest.approx(expected[key], abs=1e-3), key


def test_organization_scores_sum_their_projects_and_confidence_grows_with_sources(built):
    projects = query(
        built,
        "SELECT org_id, score, source_id FROM marts.sig_pipeline_movement__projects "
        "WHERE org_id IS NOT NULL",
    )
    totals: dict[str, float] = defaultdict(float)
    sources: dict[str, set] = defaultdict(set)
    for developer, score, source in projects:
        totals[developer] += score
        sources[developer].add(source)
    organizations = query(
        built, "SELECT org_id, score, n_sources, confidence FROM marts.sig_pipeline_movement"
    )
    assert organizations
    for developer, score, n_sources, confidence in organizations:
        assert score == pytest.approx(totals[developer], abs=1e-3)
        assert n_sources == len(sources[developer])
        assert confidence <= round(1 - 0.5**n_sources, 3)
    multi = [c for _, _, n, c in organizations if n >= 2]
    single = [c for _, _, n, c in organizations if n == 1]
    assert multi and single and max(single) < max(multi)


def test_every_signal_row_has_evidence_that_resolves_to_a_raw_row(built):
    evidence = query(
        built,
        "SELECT item ->> 'source_id', item ->> 'content_sha256', item ->> 'sheet', "
        "CAST(item ->> 'source_row' AS BIGINT), item ->> 'url' "
        "FROM (SELECT unnest(from_json(evidence, '[\"json\"]')) AS item FROM marts.signals "
        "WHERE signal_type = 'pipeline_movement')",
    )
    assert evidence
    raw_tables = {a.spec.source_id: a.spec.raw_table for a in ADAPTERS}
    for source, sha, sheet, row, url in evidence[:: max(1, len(evidence) // 200)]:
        schema, table = raw_tables[source].split(".")
        found = query(
            built,
            f'SELECT source_url FROM "{schema}"."{table}" '
            "WHERE content_sha256 = ? AND sheet IS NOT DISTINCT FROM ? AND source_row = ?",
            [sha, sheet, row],
        )
        assert found == [(url,)], (source, sha, sheet, row)


def test_lineage_counts_every_evidence_item_per_source(built):
    lineage = dict(((s, n) for _, s, n, *_ in query(built, "SELECT * FROM meta.signal_lineage")))
    counted = defaultdict(int)
    for (evidence,) in query(built, "SELECT evidence FROM marts.signals"):
        for item in json.loads(evidence):
            counted[item["source_id"]] += 1
    assert lineage == dict(counted)


def test_developer_coverage_is_reported_honestly_per_source(built):
    coverage = {
        s: (named, attributed)
        for s, named, attributed in query(
            built,
            "SELECT source_id, share_projects_named, share_projects_attributed "
            "FROM marts.developer_coverage",
        )
    }
    assert coverage["pjm_queue"][0] == 0  # PJM publishes no developer
    assert coverage["ercot_gis"][0] > 0.8  # ERCOT's Interconnecting Entity
    assert coverage["pjm_queue"][1] > 0  # borrowed through EIA links, never invented
