"""The regulatory-opposition events, links and signal (marts/opposition), and their checks.

The verdict tests at the top run on a small in-memory warehouse; the rest read the session
build (`built`)."""

import json
import math
import os
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml

from maestro_assets.definitions import DBT_EXECUTABLE
from maestro_assets.defs.checks.opposition_checks import OPPOSITION_CHECKS
from maestro_assets.lib.landing import LANDING_LOG, RawFile, land_vintage
from maestro_assets.lib.opposition_quality import (
    STATES,
    queue_county_coverage_verdict,
    quotes_found_verdict,
    state_coverage_verdict,
)
from maestro_assets.lib.settings import DBT_PROJECT_DIR
from maestro_assets.lib.sources.registry import ADAPTERS, adapter_for
from maestro_assets.lib.warehouse import connect_for_reading
from maestro_assets_tests.integration.conftest import AS_OF

SEVERITY = {
    "permit_denial": 1.0,
    "moratorium": 0.9,
    "lawsuit": 0.8,
    "restrictive_ordinance": 0.7,
    "state_law": 0.6,
    "contested_hearing": 0.5,
    "other": 0.3,
}
SIGNALS = {
    "organization": ("marts.sig_regulatory_opposition", "org_id"),
    "project": ("marts.sig_regulatory_opposition__projects", "project_key"),
    "county": ("marts.sig_regulatory_opposition__counties", "county_fips"),
}


# --- verdicts on a tiny warehouse ------------------------------------------------------------


@pytest.fixture
def tiny():
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA marts; CREATE SCHEMA staging")
    connection.execute(
        "CREATE TABLE marts.fct_opposition_event AS SELECT * FROM (VALUES "
        "('e1', 'sabin_report', 'heuristic', 'OH', '39161', 'the board denied it', true), "
        "('e2', 'opposition_news', 'llm', NULL, NULL, 'made up', false)) "
        "AS t(event_key, source_id, extractor, state, county_fips, quote, quote_found)"
    )
    connection.execute(
        "CREATE TABLE staging.int_us_counties AS SELECT * FROM (VALUES "
        "('OH', 'van wert', '39161'), ('OH', 'hardin', '39065')) "
        "AS t(state, county_key, county_fips)"
    )
    connection.execute(
        "CREATE TABLE marts.dim_project AS SELECT * FROM (VALUES "
        "('pjm_queue', 'OH', 'van wert'), ('pjm_queue', 'OH', 'hardin'), "
        "('eia860m', 'OH', 'nowhere'), ('pjm_queue', 'OH', 'atlantis')) "
        "AS t(source_id, state, county_key)"
    )
    yield connection
    connection.close()


def test_a_quote_not_found_in_its_source_is_an_error_listing_it(tiny):
    verdict = quotes_found_verdict(tiny)
    assert not verdict.passed and verdict.severe
    assert [f["event_key"] for f in verdict.metadata["failed"]] == ["e2"]
    tiny.execute("DELETE FROM marts.fct_opposition_event WHERE NOT quote_found")
    assert quotes_found_verdict(tiny).passed


def test_state_coverage_counts_the_50_states_and_dc_against_a_floor(tiny):
    assert len(STATES) == 51 and "DC" in STATES
    verdict = state_coverage_verdict(tiny, floor=1)
    assert verdict.passed and not verdict.severe
    assert verdict.metadata["states_covered"] == 1 and verdict.metadata["covered"] == ["OH"]
    assert not state_coverage_verdict(tiny, floor=2).passed


def test_queue_county_coverage_is_a_share_of_counties_with_queue_projects(tiny):
    verdict = queue_county_coverage_verdict(tiny, floor=0.5)
    # two mapped queue counties (the EIA plant is not a queue project), one with an event
    assert verdict.metadata["queue_counties"] == 2
    assert verdict.metadata["covered_counties"] == 1
    assert verdict.metadata["share"] == 0.5 and verdict.passed and not verdict.severe
    assert verdict.metadata["queue_projects_without_county"] == 1
    assert not queue_county_coverage_verdict(tiny, floor=0.6).passed


def test_verdicts_say_what_is_missing_on_an_empty_warehouse():
    connection = duckdb.connect()
    for verdict in (
        quotes_found_verdict(connection),
        state_coverage_verdict(connection),
        queue_county_coverage_verdict(connection),
    ):
        assert not verdict.passed and "not built" in verdict.description


def test_the_opposition_checks_are_declared():
    names = {
        check.check_specs_by_output_name[n].name
        for check in OPPOSITION_CHECKS
        for n in check.check_specs_by_output_name
    }
    assert names == {
        "states_covered_by_an_opposition_source",
        "queue_counties_covered_by_an_opposition_source",
        "every_event_quote_is_found_in_its_source",
    }


def test_the_window_and_half_life_are_dbt_vars():
    sql = (DBT_PROJECT_DIR / "models/marts/opposition/fct_opposition_event_points.sql").read_text()
    assert "var('opposition_window_days', 1095)" in sql
    assert "var('recency_half_life_days')" in sql
    assert (
        "recency_half_life_days"
        in yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())["vars"]
    )


# --- the built warehouse --------------------------------------------------------------------


def query(built, sql: str, parameters=()):
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        return connection.execute(sql, list(parameters)).fetchall()


def judge(built, verdict_function):
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        return verdict_function(connection)


def test_the_county_list_is_read_from_the_reference_file(built):
    (states, fips, primary) = query(
        built,
        "SELECT count(DISTINCT state), count(DISTINCT county_fips), "
        "count(*) FILTER (WHERE is_primary_name) FROM staging.int_us_counties",
    )[0]
    assert states >= 51 and fips > 3100 and primary == fips
    assert query(
        built,
        "SELECT county_fips FROM staging.int_us_counties "
        "WHERE state = 'TX' AND county_key = 'pecos'",
    ) == [("48371",)]


def test_every_extracted_and_structured_event_is_one_row(built):
    structured, extracted, events = query(
        built,
        "SELECT (SELECT count(*) FROM staging.int_opposition_structured_events), "
        "(SELECT count(*) FROM staging.opposition_extractions WHERE status = 'ok'), "
        "(SELECT count(DISTINCT event_key) FROM marts.fct_opposition_event)",
    )[0]
    assert events == structured + extracted > 0
    extractors = {
        e for (e,) in query(built, "SELECT DISTINCT extractor FROM marts.fct_opposition_event")
    }
    assert "structured" in extractors and extractors - {"structured"} <= {"llm", "heuristic"}


def test_every_event_quote_is_found_in_its_source(built):
    verdict = judge(built, quotes_found_verdict)
    assert verdict.passed, verdict.description
    # and independently: an extracted quote is in its document's text
    assert query(
        built,
        "SELECT count(*) FROM marts.fct_opposition_event e "
        "JOIN staging.int_opposition_documents d USING (document_sha256) "
        "WHERE NOT contains(d.text, e.quote)",
    ) == [(0,)]


def test_located_events_are_real_counties_of_their_state(built):
    wrong = query(
        built,
        "SELECT e.event_key FROM marts.fct_opposition_event e "
        "LEFT JOIN staging.int_us_counties c "
        "ON c.county_fips = e.county_fips AND c.is_primary_name "
        "WHERE e.county_fips IS NOT NULL AND c.state IS DISTINCT FROM e.state",
    )
    assert wrong == []
    located, total = query(
        built, "SELECT count(county_fips), count(*) FROM marts.fct_opposition_event"
    )[0]
    assert located / total > 0.7


def test_partial_dates_are_the_first_day(built):
    rows = query(
        built,
        "SELECT e.event_date, x.event_date FROM marts.fct_opposition_event e "
        "JOIN staging.opposition_extractions x ON x.document_sha256 = e.document_sha256 "
        "AND x.quote = e.quote WHERE length(x.event_date) = 7",
    )
    assert rows
    for event_date, text in rows:
        assert event_date == date.fromisoformat(text + "-01")


def test_project_links_share_county_and_technology(built):
    rows = query(
        built,
        "SELECT b.link_basis, e.technology, d.fuel, d.source_id, e.county_fips, c.county_fips "
        "FROM marts.bridge_opposition_event_project b "
        "JOIN marts.fct_opposition_event e USING (event_key) "
        "JOIN marts.dim_project d USING (project_key) "
        "JOIN staging.int_us_counties c "
        "ON c.state = upper(d.state) AND c.county_key = d.county_key",
    )
    assert rows
    covers = {"solar": {"solar", "hybrid"}, "wind": {"wind", "hybrid"}}
    for basis, technology, fuel, source_id, event_county, project_county in rows:
        assert event_county == project_county
        assert fuel in covers.get(technology, {"solar", "wind", "hybrid"})
        assert basis == "named_project" or source_id != "eia860m"


def test_named_developers_link_directly(built):
    named = query(
        built,
        "SELECT DISTINCT p.org_id FROM marts.fct_opposition_event_points p "
        "WHERE p.org_id IS NOT NULL",
    )
    assert named
    organizations = {
        k for (k,) in query(built, "SELECT org_id FROM marts.sig_regulatory_opposition")
    }
    assert {k for (k,) in named} <= organizations


def test_event_points_follow_the_documented_formula(built):
    weights = {a.spec.source_id: a.spec.reliability_weight for a in ADAPTERS}
    rows = query(
        built,
        "SELECT source_id, event_type, event_date, level, siting_authority, points, "
        "duplicate_of_event_key FROM marts.fct_opposition_event_points",
    )
    assert rows
    as_of = date.fromisoformat(AS_OF)
    for source_id, event_type, event_date, level, authority, points, duplicate in rows:
        assert duplicate is None
        assert 0 <= (as_of - event_date).days < 1095
        ncsl = {"local": {"local": 1.0, "state": 0.5}, "state": {"state": 1.0, "local": 0.5}}
        ncsl_weight = ncsl.get(authority, {}).get(level, 0.75)
        expected = (
            SEVERITY[event_type]
            * weights[source_id]
            * 0.5 ** ((as_of - event_date).days / 180)
            * ncsl_weight
        )
        assert points == pytest.approx(expected, abs=1e-5)


@pytest.mark.parametrize("subject_type", sorted(SIGNALS))
def test_each_subject_signal_is_scored_with_resolvable_evidence(built, subject_type):
    relation, key = SIGNALS[subject_type]
    rows = query(built, f"SELECT {key}, score, confidence, n_sources, evidence FROM {relation}")
    assert rows, f"no {subject_type} rows"
    raw_tables = {a.spec.source_id: a.spec.raw_table for a in ADAPTERS}
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        for subject, score, confidence, n_sources, evidence in rows:
            items = json.loads(evidence)
            assert items and score > 0
            assert n_sources == len({i["source_id"] for i in items})
            assert confidence == pytest.approx(1 - 0.5**n_sources, abs=1e-3)
            for item in items:
                assert set(item) == {
                    "source_id",
                    "record_key",
                    "vintage",
                    "content_sha256",
                    "url",
                    "sheet",
                    "source_row",
                    "quote",
                    "event_type",
                }
                found = connection.execute(
                    f"SELECT count(*) FROM {raw_tables[item['source_id']]} "
                    "WHERE content_sha256 = ? AND sheet IS NOT DISTINCT FROM ? AND source_row = ?",
                    [item["content_sha256"], item["sheet"], item["source_row"]],
                ).fetchone()[0]
                assert found, f"{subject_type} {subject}: {item} resolves to no raw row"


def test_a_county_score_is_the_sum_of_its_event_points(built):
    rows = query(
        built,
        "SELECT s.score, sum(p.points) FROM marts.sig_regulatory_opposition__counties s "
        "JOIN marts.fct_opposition_event_points p USING (county_fips) "
        "GROUP BY s.county_fips, s.score",
    )
    for score, total in rows:
        assert math.isclose(score, round(total, 4), abs_tol=1e-4)


def test_the_opposition_signal_is_in_marts_signals_once_wired(built):
    rows = query(
        built,
        "SELECT subject_type, count(*) FROM marts.signals "
        "WHERE signal_type = 'regulatory_opposition' GROUP BY 1",
    )
    if not rows:
        pytest.skip("sig_regulatory_opposition is not unioned into marts.signals yet")
    counts = dict(rows)
    for subject_type, (relation, _) in SIGNALS.items():
        assert counts.get(subject_type) == query(built, f"SELECT count(*) FROM {relation}")[0][0]


def event_counts(connection: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    return connection.execute(
        "SELECT count(*), count(DISTINCT event_key) FROM marts.fct_opposition_event"
    ).fetchall()[0]


def test_an_unchanged_file_landed_under_a_new_vintage_adds_no_event(built, tmp_path):
    """A publisher re-serving last month's file: the same raw rows under a second vintage."""
    settings, _ = built
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copyfile(settings.reader_path, warehouse)
    adapter = adapter_for("ny_ores_permits")
    with duckdb.connect(str(warehouse)) as connection:
        before = event_counts(connection)
        raw_path, vintage, url = connection.execute(
            f"SELECT raw_path, vintage, source_url FROM {LANDING_LOG} "
            "WHERE source_id = ? ORDER BY vintage DESC LIMIT 1",
            [adapter.spec.source_id],
        ).fetchall()[0]
    again = RawFile(
        Path(raw_path).read_bytes(), url, datetime.now(UTC), adapter.extension, "snapshot"
    )
    land_vintage(
        warehouse, tmp_path / "raw", adapter.spec, vintage + timedelta(days=7), [again],
        adapter.parse, publish=False,
    )  # fmt: skip
    rebuilt = subprocess.run(
        [
            DBT_EXECUTABLE, "build", "--select", "fct_opposition_event",
            "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs"),
            "--vars", json.dumps({"as_of": AS_OF}),
        ],
        env={**os.environ, "MAESTRO_DUCKDB_PATH": str(warehouse)},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        after = event_counts(connection)
    assert rebuilt.returncode == 0, rebuilt.stdout[-3000:]
    assert after == before
    assert before[0] == before[1] > 0
