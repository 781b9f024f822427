"""Entity resolution: name keys, matching rules, overrides, constraints, stable ids, evaluation."""

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from maestro_assets.lib.errors import SchemaError
from maestro_assets.lib.organizations import (
    METHODS,
    Action,
    LabelledPair,
    NameRecord,
    Override,
    Registry,
    evaluate_pairs,
    evaluation_rows,
    is_project_company,
    key_links,
    load_overrides,
    load_pairs,
    match_sets,
    name_key,
    parse_overrides,
    resolve,
)
from maestro_assets.lib.organizations.benchmark import (
    all_pairs_baseline,
    pair_quality,
    synthetic_names,
    within_set_pairs,
)
from maestro_assets.lib.organizations.names import alternate_names, former_names


def record(name: str, source: str = "test", cik: str | None = None, **kw) -> NameRecord:
    return NameRecord(source, name, cik, **kw)


def org_ids(names: list[str], overrides=(), registry=None) -> dict[str, str]:
    result = resolve([record(name) for name in names], overrides, registry)
    return {alias.raw_name: alias.org_id for alias in result.aliases}


# --- name_key ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Invenergy LLC", "invenergy"),
        ("Invenergy, L.L.C.", "invenergy"),
        ("Tesla, Inc.", "tesla"),
        ("TESLA INC", "tesla"),
        ("Tesla, Inc.  (TSLA)  (CIK 0001318605)", "tesla"),
        ("ALPHABET INC.  (GOOGL, GOOG)", "alphabet"),
        ("NextEra Energy, Inc. (NYSE: NEE)", "nextera energy"),
        ("ENTERGY CORP /DE/", "entergy"),
        ("DOMINION ENERGY, INC /VA/", "dominion energy"),
        ("The AES Corporation", "aes"),
        ("Southern Company, The", "southern"),
        ("SOUTHERN CO", "southern"),
        ("Microsoft Corporation", "microsoft"),
        ("Exelon Corp.", "exelon"),
        ("Acme Incorporated", "acme"),
        ("Acme Limited Partnership", "acme"),
        ("Pattern Energy Group LP", "pattern energy group"),
        ("Pattern Energy Group, L.P.", "pattern energy group"),
        ("Brookfield Renewable Partners L.P.", "brookfield renewable partner"),
        ("Shell plc", "shell"),
        ("bp p.l.c.", "bp"),
        ("Iberdrola, S.A.", "iberdrola"),
        ("Enel S.p.A.", "enel"),
        ("RWE AG", "rwe"),
        ("Siemens GmbH & Co. KG", "siemens"),
        ("E.ON SE", "e on"),
        ("Ørsted A/S", "orsted"),
        ("Orsted A/S", "orsted"),
        ("Equinor ASA", "equinor"),
        ("Royal Philips N.V.", "royal philips"),
        ("Acciona Energía", "acciona energia"),
        ("Goldman Sachs & Co. LLC", "goldman sachs"),
        ("Orange & Rockland", "orange and rockland"),
        ("Orange and Rockland", "orange and rockland"),
        ("ABEI ENERGY&INFRASTRUCTURE LLC", "abei energy and infrastructure"),
        ("SED NY Holdings, LLC", "sed new york holding"),
        ("SED NY Holding LLC", "sed new york holding"),
        ("NY Power Authority", "new york power authority"),
        ("H.Q. Energy Services U.S. Inc.", "hq energy service us"),
        ("Arevon Asset Mgmt LLC", "arevon asset management"),
        ("Cottonwood Bayou Solar II, LLC", "cottonwood bayou solar 2"),
        ("HZ Solar I", "hz solar 1"),
        ("Rockhound Solar 2, LLC dba \"Greyhound Solar\"", "rockhound solar 2"),
        ("Orsted Onshore NA LLC f/k/a Lincoln Clean Energy LLC", "orsted onshore na"),
        ("  Welder   Solar,  LLC ", "welder solar"),
        ("LLC", "llc"),
        ("???", ""),
    ],
)  # fmt: skip
def test_name_key_normalizes_suffixes_punctuation_and_sec_tags(raw, key):
    assert name_key(raw) == key


def test_holdings_and_group_are_kept_in_the_key():
    assert name_key("Invenergy Holdings LLC") != name_key("Invenergy LLC")
    assert name_key("Clearway Energy Group LLC") != name_key("Clearway Energy, Inc.")


def test_trade_and_former_names_are_read_but_only_former_names_are_evidence():
    raw = "Northern States Power Company d/b/a Xcel Energy"
    assert alternate_names(raw) == ("Xcel Energy",)
    assert former_names(raw) == ()
    assert former_names("Avantus f/k/a 8minute Solar Energy") == ("8minute Solar Energy",)
    assert former_names("XYZ Corp (formerly ABC Inc)") == ("ABC Inc",)


# --- project companies ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "Bluebonnet Solar LLC", "Prairie Wind Farm, LLC", "Sunridge Solar Project 2 LLC",
        "XYZ Energy Storage, LLC", "KCE NY 10, LLC", "AP Solar 4, LLC",
        "BLUE STONE RENEWABLE VIII LLC", "Hecate Energy Cider Solar LLC",
        "ConnectGen Chautauqua County LLC", "Excelsior Energy Center, LLC",
        "Crane Brook Solar Project", "Sunrise Wind LLC", "BRP Carina BESS LLC",
    ],
)  # fmt: skip
def test_special_purpose_companies_are_project_companies(raw):
    assert is_project_company(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "Invenergy LLC", "Hecate Energy LLC", "First Solar, Inc.", "First Solar",
        "Invenergy Solar Development North America LLC", "SED NY Holdings LLC",
        "Cypress Creek Renewables, LLC", "Equinor Wind US LLC", "NextEra Energy Partners, LP",
        "Enel X", "City of Lubbock, by and through Lubbock Power and Light",
        "AP Solar Holdings, LLC", "Level 3 Communications Inc",
    ],
)  # fmt: skip
def test_developers_buyers_and_governments_are_not_project_companies(raw):
    assert not is_project_company(raw)


def test_a_project_company_keeps_its_identity_and_gets_the_parent_its_source_states():
    result = resolve(
        [
            record("Bluebonnet Solar LLC", "lbnl", parent_name="Apex Clean Energy"),
            record("Apex Clean Energy, LLC", "lbnl"),
            record("Apex Clean Energy", "eia860m"),
        ]
    )
    by_name = {a.raw_name: a.org_id for a in result.aliases}
    orgs = {o.org_id: o for o in result.organizations}
    project = orgs[by_name["Bluebonnet Solar LLC"]]
    assert project.org_id != by_name["Apex Clean Energy"]
    assert project.is_project_company
    assert project.parent_org_id == by_name["Apex Clean Energy"]
    assert orgs[by_name["Apex Clean Energy"]].parent_org_id is None


# --- matching rules ---------------------------------------------------------------------------

SAME = [
    ("Apex Clean", "Apex Clean Energy LLC"),
    ("EDF Renewables", "EDF Renewable Energy"),
    ("EDP Renewables", "EDP Renewables North America LLC"),
    ("Terra-Gen", "TerraGen"),
    ("First Energy Corp", "FirstEnergy Corp."),
    ("City of Lubbock", "Lubbock, City of"),
    ("Oysercatcher Solar LLC", "Oystercatcher Solar LLC"),
    ("Sandow Lakes Ranch Solor I, LLC", "Sandow Lakes Ranch Solar I, LLC"),
    ("Tesla, Inc.", "TESLA INC"),
]
APART = [
    ("NextEra Energy", "NextEra Energy Partners"),
    ("Apex Clean Energy", "Apex Energy Solutions"),
    ("Duke Energy", "Duke Realty"),
    ("First Solar", "FirstEnergy"),
    ("First Solar", "First Energy"),
    ("Orsted", "Orsted Onshore"),
    ("EDF Renewables", "EDP Renewables"),
    ("Enel Green Power", "Enel X"),
    ("AES Corp", "AES Clean Energy"),
    ("Sunridge Solar 1 LLC", "Sunridge Solar 2 LLC"),
    ("Sunridge Solar LLC", "Sunridge Solar 2 LLC"),
    ("Berkshire Hathaway", "Berkshire Hathaway Energy"),
    ("Entergy Texas", "Energy Texas"),
    ("Invenergy", "Inventergy"),
    ("Bank of America", "Bank of"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spelling_variants_match(a, b):
    assert [(i, j) for i, j, _ in match_sets([a], [b])] == [(0, 0)]


@pytest.mark.parametrize(("a", "b"), APART)
def test_hard_negatives_stay_apart(a, b):
    assert match_sets([a], [b]) == []


def test_a_truncated_name_with_two_possible_extensions_matches_neither():
    left = ["Apex Green"]
    assert len(match_sets(left, ["Apex Green Energy"])) == 1
    assert match_sets(left, ["Apex Green Energy", "Apex Green Power"]) == []


def test_scores_are_one_for_equal_keys_and_between_zero_and_one_otherwise():
    pairs = match_sets(["Tesla, Inc.", "Apex Clean"], ["TESLA INC", "Apex Clean Energy"])
    scores = {(i, j): s for i, j, s in pairs}
    assert scores[(0, 0)] == 1.0
    assert 0.0 < scores[(1, 1)] < 1.0


def test_key_links_within_one_set_gives_each_pair_once():
    keys = ["apex clean", "apex clean energy", "nextera energy", "nextera energy partner"]
    links = key_links(keys)
    assert [(a, b) for a, b, _, _ in links.iter_rows()] == [(0, 1)]
    with pytest.raises(ValueError, match="distinct"):
        key_links(["a", "a"])


def test_match_sets_finds_every_pair_a_brute_force_loop_over_the_rules_finds():
    names, _ = synthetic_names(400, seed=7)
    found = {(i, j) for i, j, _ in match_sets(names, names)}
    for i, j in found:
        assert (j, i) in found  # the rules are symmetric
    for i, name in enumerate(names):
        assert (i, i) in found or not name_key(name)
        for j in range(len(names)):
            if name_key(name) and name_key(name) == name_key(names[j]):
                assert (i, j) in found


# --- overrides --------------------------------------------------------------------------------


def test_the_bundled_overrides_file_loads():
    overrides = load_overrides()
    assert len(overrides) >= 10
    assert {row.action for row in overrides} == set(Action)


def test_a_merge_override_wins_over_names_and_different_ciks():
    overrides = [Override(Action.MERGE, "Lincoln Clean Energy", "Orsted Onshore North America")]
    ids = org_ids(["Lincoln Clean Energy LLC", "Orsted Onshore North America LLC"], overrides)
    assert len(set(ids.values())) == 1
    result = resolve(
        [record("Google Inc.", cik="1288776"), record("Alphabet Inc.", cik="1652044")],
        [Override(Action.MERGE, "Google Inc.", "Alphabet Inc.")],
    )
    assert len(result.organizations) == 1
    assert {a.method for a in result.aliases} == {"override"}


def test_a_split_override_beats_the_matcher():
    names = ["Acme Power LLC", "ACME POWER INC", "Acme Power North America"]
    assert len(set(org_ids(names).values())) == 1
    split = [Override(Action.SPLIT, "Acme Power LLC", "Acme Power North America")]
    ids = org_ids(names, split)
    assert ids["Acme Power LLC"] == ids["ACME POWER INC"] != ids["Acme Power North America"]


def test_split_rows_block_transitive_chains():
    # Without the split, the truncation and country rules chain all three into one org.
    names = ["Zephyr Clean", "Zephyr Clean Energy", "Zephyr Clean Energy US"]
    assert len(set(org_ids(names).values())) == 1
    ids = org_ids(names, [Override(Action.SPLIT, "Zephyr Clean", "Zephyr Clean Energy US")])
    assert ids["Zephyr Clean"] != ids["Zephyr Clean Energy US"]
    assert ids["Zephyr Clean Energy"] in (ids["Zephyr Clean"], ids["Zephyr Clean Energy US"])


def test_parent_of_sets_the_parent_and_keeps_the_two_apart():
    overrides = [Override(Action.PARENT_OF, "Alphabet Inc.", "Google LLC")]
    result = resolve(
        [record("Alphabet Inc.", cik="1652044"), record("Google LLC"), record("GOOGLE LLC")],
        overrides,
    )
    by_name = {a.raw_name: a.org_id for a in result.aliases}
    google = next(o for o in result.organizations if o.org_id == by_name["Google LLC"])
    assert google.parent_org_id == by_name["Alphabet Inc."] != google.org_id
    assert by_name["GOOGLE LLC"] == google.org_id


def test_a_merge_that_joins_a_split_pair_is_refused_with_both_rows():
    overrides = [
        Override(Action.MERGE, "Alpha Energy", "Beta Energy", origin="o.csv, line 2"),
        Override(Action.MERGE, "Beta Energy", "Gamma Energy", origin="o.csv, line 3"),
        Override(Action.SPLIT, "Alpha Energy", "Gamma Energy", origin="o.csv, line 4"),
    ]
    names = ["Alpha Energy", "Beta Energy", "Gamma Energy"]
    expected = r"merge rows at o\.csv, line 2; o\.csv, line 3 — o\.csv, line 4"
    with pytest.raises(SchemaError, match=expected):
        resolve([record(n) for n in names], overrides)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("action,name_a\nmerge,A\n", "missing name_b"),
        ("action,name_a,name_b,note\nmerg,A,B,\n", "'merg' is not one of.*line 2"),
        ("action,name_a,name_b,note\nsplit,Acme LLC,ACME INC,\n", "same name key 'acme'"),
        ("action,name_a,name_b,note\nmerge,A Co,B Co,\nsplit,B Co,A Co,\n", "contradicts.*line 2"),
        ("action,name_a,name_b,note\nparent_of,A,C,\nparent_of,B,C,\n", "already has the parent"),
        ("action,name_a,name_b,note\nparent_of,A,B,\nparent_of,B,A,\n", "loop"),
        ("action,name_a,name_b,note\nmerge,A,---,\n", "no letters or digits"),
    ],
)
def test_bad_override_rows_are_refused_naming_file_and_line(text, problem):
    with pytest.raises(SchemaError, match=problem) as error:
        parse_overrides(text, "overrides.csv")
    assert "organization_overrides" in str(error.value)
    assert "overrides.csv" in str(error.value)


def test_a_missing_overrides_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(SchemaError, match="does not exist"):
        load_overrides(tmp_path / "nope.csv")


# --- CIK and ticker rules ----------------------------------------------------------------------


def test_one_cik_is_one_organization_whatever_the_names():
    result = resolve(
        [record("Tesla Motors, Inc.", cik="1318605"), record("Tesla, Inc.", cik="0001318605")]
    )
    assert len(result.organizations) == 1
    assert result.organizations[0].cik == "1318605"
    assert {a.method for a in result.aliases} == {"cik"}


def test_different_ciks_are_never_one_organization_even_through_a_name_chain():
    records = [
        record("Sunrise Energy LLC", cik="111"),
        record("SUNRISE ENERGY INC", cik="222"),
        record("Sunrise Energy"),  # same key as both
        record("Sunrise Energy Company"),
    ]
    result = resolve(records)
    by = {(a.raw_name, a.cik): a.org_id for a in result.aliases}
    assert by[("Sunrise Energy LLC", "111")] != by[("SUNRISE ENERGY INC", "222")]
    assert len({o.cik for o in result.organizations}) == 2
    assert len(result.organizations) == 2


def test_a_shared_ticker_joins_names_without_ciks():
    result = resolve(
        [record("Alphabet Inc.", tickers=("GOOGL",)), record("Google", tickers=("googl", "GOOG"))]
    )
    assert len(result.organizations) == 1
    assert result.organizations[0].tickers == ("GOOG", "GOOGL")
    assert {a.method for a in result.aliases} == {"ticker"}


def test_a_cik_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match=r"sec.*CIK 'abc'"):
        NameRecord("sec", "Tesla", "abc")
    with pytest.raises(ValueError, match="tickers must be a sequence"):
        NameRecord("sec", "Tesla", tickers="TSLA")  # type: ignore[arg-type]


# --- the resolution ------------------------------------------------------------------------------


def test_every_record_gets_one_alias_with_a_known_method():
    records = [
        record("Invenergy LLC", "eia860m"),
        record("Invenergy", "lbnl"),
        record("Invenergy", "lbnl"),  # duplicate input
        record("Apex Clean", "lbnl"),
        record("Apex Clean Energy, LLC", "nyiso"),
        record("Lonely Wind LLC", "ercot"),
    ]
    result = resolve(records)
    assert len(result.aliases) == len(set(records))
    assert {a.method for a in result.aliases} <= set(METHODS)
    methods = {a.raw_name: a.method for a in result.aliases}
    assert methods == {
        "Invenergy LLC": "exact_key",
        "Invenergy": "exact_key",
        "Apex Clean": "fuzzy",
        "Apex Clean Energy, LLC": "fuzzy",
        "Lonely Wind LLC": "singleton",
    }
    assert all(0.0 < a.score <= 1.0 for a in result.aliases)
    invenergy = next(o for o in result.organizations if o.name_key == "invenergy")
    assert (invenergy.n_aliases, invenergy.n_sources) == (2, 2)
    frames = result.frames()
    assert frames["aliases"].height == len(result.aliases)
    assert frames["organizations"]["org_id"].n_unique() == len(result.organizations)


def test_the_canonical_name_prefers_a_mixed_case_common_full_spelling():
    result = resolve(
        [
            record("APEX CLEAN ENERGY LLC", "a"),
            record("Apex Clean", "b"),
            record("Apex Clean Energy, LLC", "c"),
        ]
    )
    assert result.organizations[0].canonical_name == "Apex Clean Energy, LLC"


# --- stable ids -----------------------------------------------------------------------------------

BASE = [
    record("Invenergy LLC"),
    record("Tesla, Inc.", cik="1318605"),
    record("Apex Clean Energy"),
    record("Sunridge Solar 1 LLC"),
    record("Sunridge Solar 2 LLC"),
]


def test_an_empty_registry_gives_the_same_ids_on_the_same_inputs():
    first = resolve(BASE)
    again = resolve(list(reversed(BASE)))
    assert [o.org_id for o in first.organizations] == [o.org_id for o in again.organizations]
    assert all(o.org_id.startswith("org_") and len(o.org_id) == 16 for o in first.organizations)


def test_a_rebuild_with_an_added_name_keeps_every_id():
    first = resolve(BASE)
    before = {a.raw_name: a.org_id for a in first.aliases}
    second = resolve(
        [*BASE, record("INVENERGY, L.L.C."), record("New Wind LLC")], (), first.registry
    )
    after = {a.raw_name: a.org_id for a in second.aliases}
    assert {name: after[name] for name in before} == before
    assert after["INVENERGY, L.L.C."] == before["Invenergy LLC"]
    assert after["New Wind LLC"] not in before.values()


def test_a_merge_keeps_the_oldest_id_and_retires_the_other():
    first = resolve([record("Lincoln Clean Energy")])
    second = resolve(
        [record("Lincoln Clean Energy"), record("Orsted Onshore North America")],
        (),
        first.registry,
    )
    old = first.aliases[0].org_id
    younger = {a.raw_name: a.org_id for a in second.aliases}["Orsted Onshore North America"]
    assert younger != old
    merge = [Override(Action.MERGE, "Lincoln Clean Energy", "Orsted Onshore North America")]
    third = resolve(
        [record("Lincoln Clean Energy"), record("Orsted Onshore North America")],
        merge,
        second.registry,
    )
    assert {a.org_id for a in third.aliases} == {old}
    assert third.registry.retired() == {younger: old}
    assert third.registry.active_id(younger) == old


def test_one_cik_never_has_two_active_ids():
    first = resolve([record("Tesla, Inc.", cik="1318605"), record("Tesla Motors")])
    second = resolve(
        [record("Tesla Motors"), record("Tesla Motors, Inc.", cik="1318605")],
        (),
        first.registry,
    )
    rows = [r for r in second.registry.rows() if r.kind == "cik" and r.value == "1318605"]
    assert len(rows) == 1
    assert {a.org_id for a in second.aliases} == {rows[0].org_id}


def test_a_split_off_cluster_gets_a_new_id_and_the_first_keeps_its_own():
    names = ["Zephyr Clean", "Zephyr Clean Energy"]
    first = resolve([record(n) for n in names])
    joined = first.aliases[0].org_id
    split = [Override(Action.SPLIT, "Zephyr Clean", "Zephyr Clean Energy")]
    second = resolve([record(n) for n in names], split, first.registry)
    ids = {a.raw_name: a.org_id for a in second.aliases}
    assert joined in ids.values()
    assert len(set(ids.values())) == 2
    assert not second.registry.retired()


def test_the_registry_round_trips_through_stored_rows():
    result = resolve(BASE)
    rows = [vars(row) for row in result.registry.rows()]
    restored = Registry.from_rows(rows)
    assert restored.rows() == result.registry.rows()
    tuples = [(r["kind"], r["value"], r["org_id"], r["seq"]) for r in rows]
    assert Registry.from_rows(tuples).rows() == result.registry.rows()
    seqs = [row.seq for row in result.registry.rows()]
    assert len(set(seqs)) == len(seqs)
    with pytest.raises(ValueError, match="kind must be one of"):
        Registry.from_rows([("alias", "x", "org_1", 1)])


# --- evaluation -----------------------------------------------------------------------------------


def test_pair_evaluation_counts_hits_false_merges_and_misses():
    pairs = [
        LabelledPair("Invenergy LLC", "Invenergy", None, None, True, "suffix_variant"),
        LabelledPair("Duke Energy", "Duke Realty", None, None, False, "hard_negative"),
        LabelledPair("AEP", "American Electric Power", None, None, True, "abbreviation"),
        LabelledPair("Alpha Wind LLC", "Omega Solar LLC", None, None, False, "project_company"),
    ]
    # A (wrong) curated merge forces the last pair together: one false merge.
    overrides = [Override(Action.MERGE, "Alpha Wind LLC", "Omega Solar LLC")]
    result = evaluate_pairs(pairs, overrides)
    assert (result["true_positives"], result["false_positives"], result["false_negatives"]) == (
        1,
        1,
        1,
    )
    assert result["precision"] == result["recall"] == result["f1"] == 0.5
    assert result["n_pairs"] == 4
    assert result["false_merges"] == [
        {"name_a": "Alpha Wind LLC", "name_b": "Omega Solar LLC", "kind": "project_company"}
    ]
    assert [m["name_a"] for m in result["missed"]] == ["AEP"]
    assert result["errors_by_kind"] == {"abbreviation": 1, "project_company": 1}


def test_evaluation_rows_have_the_layout_of_meta_extraction_eval():
    at = datetime(2026, 10, 1, 12, 0)
    result = {"precision": 0.99, "recall": 0.9, "f1": 0.94, "n_pairs": 300}
    rows = evaluation_rows(result, at)
    assert list(rows[0]) == [
        "extractor", "model", "prompt_version", "task", "field", "precision", "recall", "f1",
        "n_docs", "evaluated_at",
    ]  # fmt: skip
    assert rows[0]["task"] == "entity_resolution"
    assert rows[0]["field"] == "same_org"
    assert (rows[0]["n_docs"], rows[0]["evaluated_at"]) == (300, at)


def test_the_bundled_pairs_are_many_varied_and_well_formed():
    pairs = load_pairs()
    kinds = Counter(pair.kind for pair in pairs)
    assert len(pairs) >= 220
    assert kinds["hard_negative"] >= 60
    assert all(
        not pair.same for pair in pairs if pair.kind in ("hard_negative", "parent_subsidiary")
    )
    assert len({(p.name_a, p.name_b, p.cik_a, p.cik_b) for p in pairs}) == len(pairs)
    assert 0.3 < sum(p.same for p in pairs) / len(pairs) < 0.7


def test_the_resolver_meets_the_precision_target_on_the_bundled_pairs():
    result = evaluate_pairs(load_pairs(), load_overrides())
    assert result["precision"] >= 0.97, result["false_merges"]
    assert result["recall"] >= 0.85, result["missed"]


def test_the_resolver_keeps_its_precision_without_curated_overrides():
    result = evaluate_pairs(load_pairs(), ())
    assert result["precision"] >= 0.97, result["false_merges"]


def test_a_pairs_file_with_a_bad_label_is_refused(tmp_path: Path):
    path = tmp_path / "pairs.csv"
    path.write_text("name_a,name_b,cik_a,cik_b,same,kind\nA,B,,,yes,typo\n")
    with pytest.raises(
        SchemaError, match=r"same must be 0 or 1, found 'yes' — .*pairs\.csv, line 2"
    ):
        load_pairs(path)


# --- benchmark helpers (the timing itself is not a test) ------------------------------------------


def test_synthetic_names_are_deterministic_and_labelled():
    names, truth = synthetic_names(2_000, seed=3)
    assert (names, truth) == synthetic_names(2_000, seed=3)
    assert len(names) == len(truth) == 2_000
    assert names != synthetic_names(2_000, seed=4)[0]
    sizes = Counter(truth)
    assert max(sizes.values()) > 1 and len(sizes) > 300


def test_the_all_pairs_baseline_returns_exactly_the_pairs_above_its_cutoff():
    names, _ = synthetic_names(300, seed=11)
    keys = [name_key(n) for n in names]
    expected = {
        (i, j)
        for i in range(len(keys))
        for j in range(i + 1, len(keys))
        if fuzz.token_sort_ratio(keys[i], keys[j]) >= 90
    }
    assert {(i, j) for i, j, _ in all_pairs_baseline(names)} == expected


def test_pair_quality_counts_true_pairs_within_and_across_sets():
    truth = [1, 1, 1, 2, 3, 3]
    within = pair_quality([(0, 1, 1.0), (3, 4, 0.9)], truth, truth, within=True)
    assert within == {"pairs": 2, "true_pairs": 4, "precision": 0.5, "recall": 0.25}
    across = pair_quality([(0, 0, 1.0)], [1, 2], [1, 1, 2], within=False)
    assert across == {"pairs": 1, "true_pairs": 3, "precision": 1.0, "recall": 0.3333}


def test_the_project_matcher_is_precise_on_a_small_synthetic_set():
    names, truth = synthetic_names(3_000, seed=5)
    quality = pair_quality(within_set_pairs(names), truth, truth, within=True)
    assert quality["precision"] >= 0.95
    assert quality["recall"] >= 0.8
