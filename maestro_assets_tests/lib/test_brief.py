"""The weekly brief from a small fixture warehouse: evidence ids, changes, the narrative check,
rendering (escaping, self-containment, offline charts) and the corporate-buyer section."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from maestro_assets.lib.brief import charts as brief_charts
from maestro_assets.lib.brief.build import brief_paths, build_brief, verify_brief
from maestro_assets.lib.brief.changes import (
    CHANGE_RULES,
    FADING,
    HISTORY,
    NEW,
    RISING,
    classify,
    compare,
    record_snapshot,
    snapshot_frame,
)
from maestro_assets.lib.brief.compose import listed_evidence_ids, narrative_facts
from maestro_assets.lib.brief.evidence import (
    COLLISION_ID_HEX,
    EVIDENCE_ID_HEX,
    EvidenceItem,
    evidence_id,
    evidence_item,
    shown_evidence,
    with_unique_ids,
)
from maestro_assets.lib.brief.facts import NO_BUYER_DATA, gather_facts
from maestro_assets.lib.brief.narrative import template_narrative
from maestro_assets.lib.brief.support import narrative_problems
from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.warehouse import connect_for_reading, replace_partition, writing

AS_OF = date(2026, 10, 1)
EVALUATIONS = "meta.extraction_eval"
HOSTILE_QUOTE = "<script>alert('quote')</script> Residents sued | *now*"
HOSTILE_URL = "javascript:alert(1)"


def spec(source_id: str, domain: str = "pipeline") -> SourceSpec:
    return SourceSpec(
        source_id=source_id,
        title=f"{source_id} title",
        publisher="Publisher",
        landing_url="https://example.org/",
        requests="GET the file",
        file_format="csv",
        cadence=Cadence.MONTHLY,
        expected_coverage="all",
        known_gaps="none",
        reliability="B",
        license="public",
        raw_table=f"raw.{source_id}__rows",
        domain=domain,
    )


SOURCES = (spec("eia860m"), spec("pjm_queue"), spec("sabin_interim_csv", "opposition"))


def pipeline_item(source_id: str, vintage: str, change: str, row: int) -> dict[str, Any]:
    return {
        "source_id": source_id,
        "record_key": f"{source_id}-{row}",
        "vintage": vintage,
        "content_sha256": f"{source_id}{vintage}".ljust(64, "0"),
        "url": f"https://data.example.org/{source_id}/{vintage}.xlsx",
        "sheet": "Planned",
        "source_row": row,
        "change": change,
        "from_stage": "advanced_study",
        "to_stage": "agreement_signed" if change == "advance" else "operating",
    }


def opposition_item(source_id: str, vintage: str, quote: str, url: str, row: int) -> dict:
    return {
        "source_id": source_id,
        "record_key": f"{source_id}-{row}",
        "vintage": vintage,
        "content_sha256": f"{source_id}{vintage}".ljust(64, "1"),
        "url": url,
        "sheet": "csv",
        "source_row": row,
        "quote": quote,
        "event_type": "lawsuit",
    }


ACME_EVIDENCE = [
    pipeline_item("eia860m", "2026-08-31", "advance", 10),
    pipeline_item("eia860m", "2026-07-31", "complete", 11),
    pipeline_item("eia860m", "2026-06-30", "advance", 12),
    pipeline_item("pjm_queue", "2026-07-15", "advance", 13),
]
SIGNALS = [
    # (type, subject type, key, name, score, confidence, sources, first, last, evidence)
    ("pipeline_movement", "organization", "acme", "Acme Renewables LLC", 12.5, 0.875, 2,
     "2026-05-31", "2026-08-31", ACME_EVIDENCE),
    ("pipeline_movement", "organization", "bolt", "Bolt Power 2 LLC", 6.25, 0.5, 1,
     "2026-06-30", "2026-08-31", [pipeline_item("eia860m", "2026-08-31", "complete", 20)]),
    ("pipeline_movement", "project", "eia860m:1:PV1", "Sunny Flats Solar", 4.0, 0.5, 1,
     "2026-06-30", "2026-08-31", [pipeline_item("eia860m", "2026-08-31", "complete", 21)]),
    ("regulatory_opposition", "organization", "mesa", "Mesa Solar LLC", 2.1, 0.969, 1,
     "2025-03-01", "2026-09-28", [
         opposition_item("sabin_interim_csv", "2026-09-30", HOSTILE_QUOTE, HOSTILE_URL, 23),
         opposition_item("sabin_interim_csv", "2026-06-30", "Board adopted a moratorium",
                         "https://news.example.org/mesa", 21),
     ]),
    ("regulatory_opposition", "county", "39161", "Van Wert County, OH", 1.84, 0.938, 1,
     "2024-03-19", "2026-09-28", [
         opposition_item("sabin_interim_csv", "2026-09-30", "Moratorium extended",
                         "https://news.example.org/van-wert", 22),
     ]),
]  # fmt: skip


def create_fixture_warehouse(path: Path, signals: list[tuple] = SIGNALS) -> Path:
    """A warehouse holding just the relations the brief reads, with a few rows each."""
    with writing(path) as connection:
        connection.execute(
            "CREATE TABLE marts.signals (signal_type VARCHAR, subject_type VARCHAR, "
            "subject_key VARCHAR, subject_name VARCHAR, score DOUBLE, confidence DOUBLE, "
            "first_seen DATE, last_seen DATE, n_sources BIGINT, evidence JSON)"
        )
        for kind, subject, key, name, score, conf, n, first, last, evidence in signals:
            connection.execute(
                "INSERT INTO marts.signals VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::JSON)",
                [kind, subject, key, name, score, conf, first, last, n, json.dumps(evidence)],
            )
        connection.execute(
            "CREATE TABLE staging.stage_ladder AS SELECT * FROM (VALUES "
            "('early_study', 1), ('advanced_study', 2), ('agreement_signed', 3), "
            "('under_construction', 4), ('testing', 5), ('operating', 6)) t(stage, stage_order)"
        )
        connection.execute(
            "CREATE TABLE marts.dim_project AS SELECT * FROM (VALUES "
            "('p1', 'pjm_queue', 'early_study', 1, false, 100.0, 'OH', 'van wert'), "
            "('p2', 'pjm_queue', 'early_study', 1, false, 50.0, 'TX', 'anderson'), "
            "('p3', 'pjm_queue', 'operating', 6, false, 200.0, 'OH', 'van wert'), "
            "('p4', 'pjm_queue', 'early_study', 1, true, 80.0, 'OH', 'van wert'), "
            "('p5', 'pjm_queue', 'withdrawn', NULL, false, 10.0, 'OH', 'van wert')) "
            "t(project_key, source_id, latest_stage, latest_stage_order, has_disappeared, "
            "capacity_mw, state, county_key)"
        )
        connection.execute(
            "CREATE TABLE marts.fct_project_stage_change AS SELECT * FROM (VALUES "
            "(DATE '2026-07-31', 'agreement_signed', true), "
            "(DATE '2026-08-31', 'operating', true), "
            "(DATE '2026-08-31', 'agreement_signed', true), "
            "(DATE '2026-08-31', 'withdrawn', false)) t(to_vintage, to_stage, is_progress)"
        )
        connection.execute(
            "CREATE TABLE staging.int_us_counties AS SELECT * FROM (VALUES "
            "('39', 'OH', 'Ohio', '39161', 'Van Wert County', 'van wert'), "
            "('48', 'TX', 'Texas', '48001', 'Anderson County', 'anderson')) "
            "t(state_fips, state, state_name, county_fips, county_name, county_key)"
        )
        connection.execute(
            "CREATE TABLE marts.fct_opposition_event AS SELECT * FROM (VALUES "
            "('e1', 'sabin_interim_csv', 'OH', '39161', NULL), "
            "('e2', 'opposition_news', 'OH', '39161', 'e1'), "
            "('e3', 'sabin_interim_csv', 'OH', '39161', NULL), "
            "('e4', 'sabin_interim_csv', 'TX', NULL, NULL), "
            "('e5', 'opposition_news', NULL, NULL, NULL)) "
            "t(event_key, source_id, state, county_fips, duplicate_of_event_key)"
        )
        connection.execute(
            "CREATE TABLE marts.developer_coverage AS SELECT 'pjm_queue' AS source_id, "
            "'PJM' AS iso, DATE '2026-08-17' AS vintage, 4 AS projects, "
            "0.25 AS share_projects_named, 0.4 AS share_mw_named"
        )
        connection.execute(
            "CREATE TABLE meta.raw_landing AS SELECT * FROM (VALUES "
            "('eia860m', DATE '2026-08-31'), ('pjm_queue', DATE '2026-04-30')) "
            "t(source_id, vintage)"
        )
        connection.execute(
            f"CREATE TABLE {EVALUATIONS} AS SELECT * FROM (VALUES "
            "('heuristic', 'event', 0.9, 0.8, 0.85, 10, TIMESTAMP '2026-09-30 10:00:00'), "
            "('heuristic', 'state', 0.95, 0.9, 0.92, 10, TIMESTAMP '2026-09-30 10:00:00')) "
            "t(extractor, field, precision, recall, f1, n_docs, evaluated_at)"
        )
    return path


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return create_fixture_warehouse(tmp_path / "data" / "maestro.duckdb")


def facts_of(warehouse: Path, as_of: date = AS_OF):
    with connect_for_reading(warehouse) as connection:
        return gather_facts(connection, as_of=as_of, sources=SOURCES, evaluations=EVALUATIONS)


def build(warehouse: Path, as_of: date = AS_OF, **kwargs):
    briefs = warehouse.parent / "briefs"
    return build_brief(
        warehouse, briefs, as_of, sources=SOURCES, evaluations=EVALUATIONS, environ={}, **kwargs
    )


# --- evidence ids --------------------------------------------------------------------------


def test_evidence_ids_are_short_stable_and_independent_of_list_order():
    item = ACME_EVIDENCE[0]
    first = evidence_id("pipeline_movement", "organization", "acme", item)
    assert re.fullmatch(rf"ev:[0-9a-f]{{{EVIDENCE_ID_HEX}}}", first)
    assert first == evidence_id(
        "pipeline_movement", "organization", "acme", dict(reversed(item.items()))
    )
    # the same raw row cited by another signal is another evidence item
    assert first != evidence_id("pipeline_movement", "project", "eia860m:1:PV1", item)


def test_two_items_that_share_a_short_id_both_get_a_longer_one():
    key = ("pipeline_movement", "organization", "acme")
    one, two = ACME_EVIDENCE[0], ACME_EVIDENCE[1]
    clash = evidence_item(*key, one).evidence_id
    items = [
        (one, evidence_item(*key, one)),
        (two, EvidenceItem(clash, "eia860m", None, None, False, None, None, None, None)),
        (ACME_EVIDENCE[2], evidence_item(*key, ACME_EVIDENCE[2])),
    ]
    entries = [(item, evidence_id(*key, raw, hex_digits=COLLISION_ID_HEX)) for raw, item in items]
    ids = [item.evidence_id for item in with_unique_ids(entries)]
    assert len(set(ids)) == 3
    assert [len(i) - len("ev:") for i in ids] == [COLLISION_ID_HEX, COLLISION_ID_HEX, 6]


def test_shown_evidence_is_newest_first_with_one_item_per_source_before_a_second():
    key = ("pipeline_movement", "organization", "acme")
    items = [evidence_item(*key, raw) for raw in ACME_EVIDENCE]
    shown = shown_evidence(items, 3)
    assert [(e.source_id, e.vintage) for e in shown] == [
        ("eia860m", "2026-08-31"),
        ("eia860m", "2026-07-31"),
        ("pjm_queue", "2026-07-15"),
    ]  # the older eia860m item (2026-06-30) gave way to the only pjm_queue item


def test_facts_hold_each_signal_with_its_reason_and_top_lists_ordered_by_score(warehouse):
    facts = facts_of(warehouse)
    pipeline = facts.section("pipeline_movement")
    organizations = pipeline.groups[0]
    assert organizations.subject_type == "organization"
    assert [s.subject_name for s in organizations.top] == [
        "Acme Renewables LLC",
        "Bolt Power 2 LLC",
    ]
    acme = organizations.top[0]
    assert acme.evidence_count == len(ACME_EVIDENCE)
    advances = sum(item["change"] == "advance" for item in ACME_EVIDENCE)
    assert acme.tallies == {"advance": advances, "complete": len(ACME_EVIDENCE) - advances}
    assert acme.reason.startswith(f"{advances} stage advances, 1 completion from 2 sources")
    assert "latest 2026-08-31" in acme.reason


def test_source_health_judges_each_source_on_its_cadence(warehouse):
    health = facts_of(warehouse).health
    states = {s.source_id: s.freshness for s in health.sources}
    assert states["sabin_interim_csv"] == "missing"
    assert states["eia860m"] == "fresh"
    pjm_age = (AS_OF - date(2026, 4, 30)).days
    assert next(s for s in health.sources if s.source_id == "pjm_queue").age_days == pjm_age
    assert states["pjm_queue"] in ("warn", "error")
    assert health.states_covered == 2  # OH and TX hold an event; the stateless one does not
    assert {x.field for x in health.extraction} == {"event", "state"}


def test_chart_rows_count_distinct_events_and_listed_projects(warehouse):
    charts = facts_of(warehouse).charts
    by_state = {row["state"]: row["events"] for row in charts.opposition_by_state}
    assert by_state == {"OH": 2, "TX": 1}  # e2 duplicates e1
    assert charts.opposition_unlocated == 1
    funnel = {row["stage"]: row["projects"] for row in charts.stage_funnel}
    assert funnel == {"early_study": 2, "operating": 1}  # disappeared and withdrawn left out
    assert sum(row["changes"] for row in charts.stage_advances) == 3  # progress only


# --- changes since last week ---------------------------------------------------------------


def test_classification_follows_the_declared_thresholds():
    rules = CHANGE_RULES
    base = 10.0
    assert classify(None, 1.0) == NEW
    assert classify(base, None) == FADING
    assert classify(base, base * (1 + rules.rising_share)) == RISING
    assert classify(base, base * (1 + rules.rising_share / 2)) is None
    assert classify(base, base * (1 - rules.fading_share)) == FADING
    assert classify(base, base * (1 - rules.fading_share / 2)) is None
    tiny = rules.min_score_change / 4
    assert classify(tiny, tiny * 3) is None  # +200%, yet below the minimum change in points


def snapshot(connection, as_of: date, scores: dict[tuple[str, str, str], float]) -> None:
    frame = pl.DataFrame(
        [
            {
                "as_of": as_of,
                "signal_type": key[0],
                "subject_type": key[1],
                "subject_key": key[2],
                "subject_name": key[2].title(),
                "score": score,
                "confidence": 0.5,
            }
            for key, score in scores.items()
        ],
        schema=snapshot_frame(as_of, []).schema,
    )
    replace_partition(connection, HISTORY, frame, "as_of", as_of)


def test_changes_compare_with_the_latest_brief_at_least_a_week_older(warehouse):
    acme = ("pipeline_movement", "organization", "acme")
    bolt = ("pipeline_movement", "organization", "bolt")
    mesa = ("regulatory_opposition", "organization", "mesa")
    gone = ("pipeline_movement", "organization", "gone")
    baseline = AS_OF - timedelta(days=CHANGE_RULES.baseline_min_age_days + 1)
    with writing(warehouse) as connection:
        # an older brief, the baseline, and one too recent to compare with
        snapshot(connection, baseline - timedelta(days=7), {acme: 1.0})
        snapshot(connection, baseline, {acme: 12.5 / 2, bolt: 6.25 * 2, mesa: 2.1, gone: 3.0})
        snapshot(connection, AS_OF - timedelta(days=2), {acme: 99.0})
    built = build(warehouse)
    changes = built.brief.changes
    assert changes.baseline_as_of == baseline.isoformat()
    assert [c.key for c in changes.rising] == [acme]
    assert {c.key for c in changes.fading} == {bolt, gone}
    assert next(c for c in changes.fading if c.key == gone).current_score is None
    new = {c.key for c in changes.new}
    assert new == {k for k in built.brief.facts.signals if k not in (acme, bolt, mesa)}
    assert changes.steady == 1  # mesa, unchanged
    text = built.paths.markdown.read_text()
    assert f"Compared with the brief of {baseline.isoformat()}" in text
    assert "Gone" in text and "no longer a signal" in built.paths.html.read_text()


def test_without_an_earlier_brief_the_brief_says_so_and_records_its_own(warehouse):
    built = build(warehouse)
    assert built.brief.changes.baseline_as_of is None
    assert "No earlier brief at least 7 days older than 2026-10-01" in built.markdown
    with connect_for_reading(warehouse) as connection:
        rows = connection.execute(
            f"SELECT count(*) FROM {HISTORY} WHERE as_of = ?", [AS_OF]
        ).fetchone()[0]
    assert rows == len(SIGNALS)


def test_recording_the_same_week_twice_changes_nothing(warehouse):
    facts = facts_of(warehouse)
    with writing(warehouse) as connection:
        record_snapshot(connection, AS_OF, facts.signals.values())
        record_snapshot(connection, AS_OF, facts.signals.values())
        total = connection.execute(f"SELECT count(*) FROM {HISTORY}").fetchone()[0]
    assert total == len(facts.signals)


# --- the narrative check -------------------------------------------------------------------


@pytest.fixture
def given(warehouse):
    built = build(warehouse)
    facts = built.facts
    listed = listed_evidence_ids(built.brief.facts, built.brief.changes)
    return facts, listed


def acme_fact(facts: dict) -> dict:
    return facts["signal_types"][0]["subjects"][0]["top"][0]


def cites(fact: dict) -> str:
    return "".join(f"[{i}]" for i in fact["evidence_ids"])


def test_the_template_narrative_cites_every_sentence_and_passes(given):
    facts, listed = given
    text = template_narrative(facts)
    advances = sum(item["change"] == "advance" for item in ACME_EVIDENCE)
    assert f"records {advances} stage advances and 1 completion, the latest on" in text
    assert narrative_problems(text, facts, listed) == []
    assert set(re.findall(r"ev:[0-9a-f]+", text)) <= listed


def test_a_number_the_cited_signal_does_not_hold_fails(given):
    facts, listed = given
    acme = acme_fact(facts)
    good = (
        f"Acme Renewables LLC scores {acme['score']} from {acme['sources']} sources {cites(acme)}."
    )
    assert narrative_problems(good, facts, listed) == []
    wrong = good.replace(str(acme["score"]), str(acme["score"] + 1))
    assert [p.kind for p in narrative_problems(wrong, facts, listed)] == ["unsupported_number"]


def test_a_number_of_another_signal_is_not_supported_by_this_ones_evidence(given):
    facts, listed = given
    acme = acme_fact(facts)
    bolt = facts["signal_types"][0]["subjects"][0]["top"][1]
    text = f"Acme Renewables LLC scores {bolt['score']} {cites(acme)}."
    assert [p.kind for p in narrative_problems(text, facts, listed)] == ["unsupported_number"]


def test_uncited_sentences_and_unknown_ids_fail(given):
    facts, listed = given
    acme = acme_fact(facts)
    uncited = f"Acme Renewables LLC leads {cites(acme)}. The market is booming."
    assert [p.kind for p in narrative_problems(uncited, facts, listed)] == ["uncited"]
    invented = "Acme Renewables LLC leads [ev:000000]."
    assert [p.kind for p in narrative_problems(invented, facts, listed)] == ["unknown_evidence"]


def test_dates_percentages_number_words_and_names_are_read_as_claims(given):
    facts, listed = given
    acme = acme_fact(facts)
    confidence_pct = round(acme["confidence"] * 100)
    ok = (
        f"Bolt Power 2 LLC trails; Acme Renewables LLC has confidence {confidence_pct}% and "
        f"two sources, the latest on {acme['last_seen']} {cites(acme)}."
    )
    assert narrative_problems(ok, facts, listed) == []  # the 2 in the name is not a claim
    assert [p.kind for p in narrative_problems(ok.replace("two", "seven"), facts, listed)] == [
        "unsupported_number"
    ]
    wrong_day = ok.replace(acme["last_seen"], "2026-09-15")
    assert [p.kind for p in narrative_problems(wrong_day, facts, listed)] == ["unsupported_date"]


def test_a_citation_after_the_full_stop_still_belongs_to_its_sentence(given):
    facts, listed = given
    acme = acme_fact(facts)
    text = f"Acme Renewables Inc. leads with {acme['score']}. {cites(acme)}"
    assert narrative_problems(text, facts, listed) == []


def test_an_empty_narrative_fails_when_there_are_signals(given):
    facts, listed = given
    assert [p.kind for p in narrative_problems("", facts, listed)] == ["empty"]


def test_the_check_passes_on_a_built_brief_and_fails_once_it_no_longer_matches(warehouse):
    built = build(warehouse)
    verdict = verify_brief(
        warehouse, built.paths.directory.parent, AS_OF, sources=SOURCES, evaluations=EVALUATIONS
    )
    assert verdict.passed and verdict.severe
    assert verdict.metadata["narrative_source"] == "template"
    # the marts change after the brief was written: its narrative no longer holds
    with writing(warehouse) as connection:
        connection.execute("UPDATE marts.signals SET score = score + 1 WHERE subject_key = 'acme'")
    verdict = verify_brief(
        warehouse, built.paths.directory.parent, AS_OF, sources=SOURCES, evaluations=EVALUATIONS
    )
    assert not verdict.passed
    assert {p["kind"] for p in verdict.metadata["problems"]} == {"unsupported_number"}


def test_the_check_fails_when_there_is_no_brief(warehouse):
    verdict = verify_brief(
        warehouse, warehouse.parent / "briefs", AS_OF, sources=SOURCES, evaluations=EVALUATIONS
    )
    assert not verdict.passed and "missing" in verdict.description


# --- rendering -----------------------------------------------------------------------------


def test_untrusted_quotes_and_links_are_escaped_in_html_and_markdown(warehouse):
    built = build(warehouse)
    page = built.paths.html.read_text()
    assert "<script" not in page
    assert "&lt;script&gt;alert(&#x27;quote&#x27;)&lt;/script&gt;" in page
    assert HOSTILE_URL not in re.findall(r'href="([^"]*)"', page)
    assert 'href="https://news.example.org/mesa"' in page
    markdown = built.paths.markdown.read_text()
    assert "<script>" not in markdown
    assert r"\<script\>" in markdown and r"\| \*now\*" in markdown
    assert "(javascript:" not in markdown


def test_the_html_is_self_contained(warehouse):
    built = build(warehouse)
    page = built.paths.html.read_text()
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"\bsrc=|@import|url\((?!#)", page)
    evidence_urls = {item["url"] for *_, evidence in SIGNALS for item in evidence if item["url"]}
    for href in re.findall(r'href="([^"]*)"', page):
        assert href.startswith("#") or href in evidence_urls, href
    assert page.count("<svg") == len(built.brief.charts) >= 3


def test_every_evidence_id_the_brief_lists_has_an_anchor_and_every_citation_a_target(warehouse):
    built = build(warehouse)
    page = built.paths.html.read_text()
    anchors = set(re.findall(r'<li id="ev-([0-9a-f]+)"', page))
    listed = {
        i.removeprefix("ev:") for i in listed_evidence_ids(built.brief.facts, built.brief.changes)
    }
    assert anchors == listed
    assert set(re.findall(r'class="cite" href="#ev-([0-9a-f]+)"', page)) <= anchors


def test_charts_render_offline_with_inline_data_and_unique_ids(warehouse):
    charts = build(warehouse).brief.charts
    assert {"stage-funnel", "stage-advances", "opposition-map"} <= set(charts)
    for chart in charts.values():
        assert "url" not in json.dumps(chart.spec.get("data", {}))
        ids = re.findall(r'\bid="([^"]+)"', chart.svg)
        assert all(i.startswith(f"{chart.key}-") for i in ids)
    with pytest.raises(ValueError, match="not allowed"):
        brief_charts.render_svg({"data": {"url": "https://example.org/x.csv"}, "mark": "bar"}, "x")


def test_the_markdown_keeps_the_content_with_charts_in_words(warehouse):
    built = build(warehouse)
    markdown = built.markdown
    for name in ("Acme Renewables LLC", "Mesa Solar LLC", "Van Wert County, OH"):
        assert name in markdown
    for chart in built.brief.charts.values():
        assert f"*Chart: {chart.title}.*" in markdown
    assert "## Source health" in markdown and "## What changed since last week" in markdown


# --- the corporate-buyer section -----------------------------------------------------------


def test_without_the_buyer_signal_the_brief_says_so_plainly(warehouse):
    built = build(warehouse)
    assert NO_BUYER_DATA.capitalize() in built.paths.html.read_text()
    assert NO_BUYER_DATA.capitalize() in built.markdown
    assert "first-time-buyers" not in built.brief.charts


def test_with_the_buyer_signal_the_brief_lists_buyers_and_charts_first_time_buyers(tmp_path):
    buyer_item = {
        **opposition_item("sec_edgar_search", "2026-09-26", "entered a 100 MW PPA",
                          "https://www.sec.gov/Archives/x.htm", 1),
        "event_type": None,
        "evidence_kind": "sec_filing",
    }  # fmt: skip
    buyers = [
        ("corporate_buyer_entry", "organization", f"buyer{i}", f"Buyer {i} Inc", 3.0 - i, 0.7,
         1, first, first, [buyer_item | {"record_key": f"b{i}"}])
        for i, first in enumerate(["2026-08-05", "2026-09-10", "2026-09-20"])
    ]  # fmt: skip
    warehouse = create_fixture_warehouse(tmp_path / "maestro.duckdb", SIGNALS + buyers)
    with writing(warehouse) as connection:
        connection.execute("CREATE TABLE marts.sig_corporate_buyer_entry (org_id VARCHAR)")
    built = build(warehouse)
    section = built.brief.facts.section("corporate_buyer_entry")
    assert section.available
    assert [s.subject_name for s in section.groups[0].top] == [b[3] for b in buyers]
    assert section.groups[0].top[0].reason.startswith("1 SEC filing from 1 source")
    months = {r["month"]: r["buyers"] for r in built.brief.facts.charts.first_time_buyers}
    assert months == {"2026-08": 1, "2026-09": 2}
    assert "first-time-buyers" in built.brief.charts
    assert NO_BUYER_DATA not in built.markdown.lower()
    assert narrative_problems(built.brief.narrative.text, built.facts, listed_evidence_ids(
        built.brief.facts, built.brief.changes)) == []  # fmt: skip


def test_paths_follow_the_as_of_date(tmp_path):
    paths = brief_paths(tmp_path, AS_OF)
    assert paths.html == tmp_path / "2026-10-01" / "brief.html"
    assert paths.markdown.name == "brief.md"


def test_gathering_facts_from_an_empty_warehouse_says_there_is_nothing(tmp_path):
    path = tmp_path / "empty.duckdb"
    with writing(path):
        pass
    facts = facts_of(path)
    assert facts.signals == {}
    assert not any(s.available for s in facts.sections)
    assert {s.freshness for s in facts.health.sources} == {"missing"}
    given_facts = narrative_facts(facts, compare({}, {}, None))
    assert template_narrative(given_facts) == ""
    assert narrative_problems("", given_facts, set()) == []
