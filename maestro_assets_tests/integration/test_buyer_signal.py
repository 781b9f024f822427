"""One identity per organization, and the corporate-buyer-entry signal, on the full build."""

import json
import math
from datetime import date, timedelta

import pytest

from maestro_assets.cli import main
from maestro_assets.lib.organizations import NameRecord, Registry, load_overrides, resolve
from maestro_assets.lib.synthetic.corporate_buyers import BUYERS
from maestro_assets_tests.integration.conftest import AS_OF, query

WINDOW_DAYS = 365
KIND_WEIGHTS = {"announcement": 1.0, "gpp_listing": 0.7, "re100_membership": 0.5}


def name_records(built) -> list[NameRecord]:
    rows = query(
        built, "SELECT source_id, raw_name, cik, tickers FROM staging.int_organization_names"
    )
    return [
        NameRecord(source, name, cik, tuple(tickers.split(",")) if tickers else ())
        for source, name, cik, tickers in rows
    ]


def test_every_name_in_the_warehouse_resolves_to_one_organization(built):
    names = query(built, "SELECT count(*) FROM staging.int_organization_names")[0][0]
    aliases = query(
        built,
        "SELECT count(*), count(DISTINCT (source_id, raw_name)), count(org_id) "
        "FROM marts.organization_alias",
    )[0]
    assert names > 0 and aliases == (names, names, names)
    orphans = query(
        built,
        "SELECT count(*) FROM marts.organization_alias a "
        "LEFT JOIN marts.dim_organization o USING (org_id) WHERE o.org_id IS NULL",
    )
    assert orphans == [(0,)]
    sources = {
        s for (s,) in query(built, "SELECT DISTINCT source_id FROM marts.organization_alias")
    }
    assert {"eia860m", "sec_edgar_search", "epa_gpp_partners", "re100_members"} <= sources


def test_ids_survive_a_rebuild_and_a_fresh_registry_derives_the_same_ids(built):
    stored = {
        (source, name): org
        for source, name, org in query(
            built, "SELECT source_id, raw_name, org_id FROM marts.organization_alias"
        )
    }
    registry = Registry.from_rows(
        query(built, "SELECT kind, value, org_id, seq FROM meta.organization_registry")
    )
    records = name_records(built)
    for start in (registry, Registry.empty()):
        again = resolve(records, load_overrides(), start)
        assert {(a.source_id, a.raw_name): a.org_id for a in again.aliases} == stored


def test_one_company_is_one_subject_across_signal_types(built):
    subjects = query(
        built,
        "SELECT s.subject_key, count(DISTINCT s.signal_type), count(o.org_id) "
        "FROM marts.signals s LEFT JOIN marts.dim_organization o ON o.org_id = s.subject_key "
        "WHERE s.subject_type = 'organization' GROUP BY 1",
    )
    assert subjects
    assert all(known == n for _, n, known in subjects), "every organization subject is an org_id"
    assert any(types >= 2 for _, types, _ in subjects), "some company carries two signal types"


def test_a_cik_never_splits_across_organizations(built):
    assert not query(
        built,
        "SELECT cik FROM marts.dim_organization WHERE cik IS NOT NULL "
        "GROUP BY cik HAVING count(*) > 1",
    )
    # an EDGAR filer and its former names share the filer's organization
    former = query(
        built,
        "SELECT count(DISTINCT a.org_id) FROM marts.organization_alias a "
        "WHERE a.source_id = 'sec_edgar_submissions' GROUP BY a.cik",
    )
    assert former and all(n == 1 for (n,) in former)


def entrant_orgs(built) -> set[str]:
    return {o for (o,) in query(built, "SELECT org_id FROM marts.sig_corporate_buyer_entry")}


def test_every_new_entrant_of_the_roster_is_flagged(built):
    org_of = dict(query(built, "SELECT raw_name, org_id FROM marts.organization_alias"))
    flagged = entrant_orgs(built)
    as_of = date.fromisoformat(AS_OF)
    new = [b for b in BUYERS if b.is_new_entrant(as_of)]
    assert len(new) >= 8
    missed = [b.names()[0] for b in new if not {org_of.get(n) for n in b.names()} & flagged]
    assert not missed


def test_a_long_time_buyer_known_under_one_identity_is_never_an_entrant(built):
    aliases = query(built, "SELECT raw_name, org_id FROM marts.organization_alias")
    orgs_of: dict[str, set[str]] = {}
    for name, org in aliases:
        orgs_of.setdefault(name, set()).add(org)
    flagged = entrant_orgs(built)
    as_of = date.fromisoformat(AS_OF)
    for buyer in BUYERS:
        orgs = set().union(*(orgs_of.get(n, set()) for n in buyer.names()))
        if not buyer.is_new_entrant(as_of) and len(orgs) == 1:
            assert not orgs & flagged, buyer.names()[0]


def test_entrants_have_no_earlier_evidence_and_scores_follow_the_formula(built):
    as_of = date.fromisoformat(AS_OF)
    weights = dict(query(built, "SELECT source_id, reliability_weight FROM meta.source_catalog"))
    entrants = query(
        built,
        "SELECT org_id, first_evidence_date, score, confidence, n_sources "
        "FROM marts.sig_corporate_buyer_entry",
    )
    assert entrants
    for org_id, first, score, confidence, n_sources in entrants:
        assert as_of - timedelta(days=WINDOW_DAYS) < first <= as_of
        events = query(
            built,
            "SELECT source_id, evidence_kind, form, capacity_mw, event_date, is_left_censored "
            "FROM marts.fct_procurement_event WHERE org_id = ? AND NOT is_energy_company "
            "AND event_date <= ? AND vintage <= ?",
            (org_id, as_of, as_of),
        )
        assert min(e[4] for e in events) == first
        assert not any(e[5] for e in events if e[4] == first)
        strongest: dict[str, float] = {}
        for source, kind, form, *_ in events:
            weight = KIND_WEIGHTS.get(kind) or (0.8 if (form or "").startswith("8-K") else 0.6)
            strongest[source] = max(strongest.get(source, 0), weight * weights[source])
        mw = sum(e[3] or 0 for e in events)
        assert score == pytest.approx(sum(strongest.values()) * (1 + math.log1p(mw) / 10), abs=1e-3)
        assert n_sources == len(strongest)
        assert confidence == pytest.approx(1 - 0.5**n_sources, abs=1e-3)


def test_entry_evidence_carries_quotes_and_urls_and_reaches_lineage(built):
    rows = query(
        built,
        "SELECT evidence FROM marts.signals WHERE signal_type = 'corporate_buyer_entry'",
    )
    items = [item for (evidence,) in rows for item in json.loads(evidence)]
    assert items and all(item["url"] and item["content_sha256"] for item in items)
    assert any(item["quote"] for item in items if item["evidence_kind"] == "announcement")
    lineage = {
        s for (s,) in query(
            built,
            "SELECT source_id FROM meta.signal_lineage WHERE signal_type = 'corporate_buyer_entry'",
        )
    }  # fmt: skip
    assert {"procurement_news", "sec_edgar_search", "epa_gpp_partners"} <= lineage


def test_a_capped_edgar_query_is_reported_not_truncated(built):
    capped = query(
        built,
        "SELECT query, hits_total FROM staging.stg_sec_edgar_search__queries WHERE hits_capped",
    )
    assert capped and all(total >= 10_000 for _, total in capped)


def test_maestro_org_prints_identity_aliases_and_signals(built, capsys, monkeypatch):
    settings, _ = built
    monkeypatch.setenv("MAESTRO_DATA_DIR", str(settings.duckdb_path.parent))
    monkeypatch.setenv("MAESTRO_DUCKDB_PATH", str(settings.duckdb_path))
    ((org_id, name),) = query(
        built,
        "SELECT org_id, organization_name FROM marts.sig_corporate_buyer_entry "
        "ORDER BY n_sources DESC, score DESC, org_id LIMIT 1",
    )
    assert main(["org", name]) == 0
    printed = capsys.readouterr().out
    assert f"[{org_id}]" in printed
    assert "Aliases:" in printed and "corporate_buyer_entry" in printed
    aliases = query(
        built, "SELECT raw_name FROM marts.organization_alias WHERE org_id = ?", (org_id,)
    )
    assert all(repr(raw) in printed for (raw,) in aliases)
    assert main(["org", "no such company anywhere"]) == 0
    assert "no organization matches" in capsys.readouterr().out
