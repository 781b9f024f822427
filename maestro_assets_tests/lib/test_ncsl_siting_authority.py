"""NCSL siting authority: the real 2022 table, the bundled pulls, the weights, bad files."""

from collections import Counter
from functools import cache

import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SnapshotStore, SourceClient
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.ncsl_siting_authority import (
    ADAPTER,
    CSV_REQUEST,
    SPEC,
    AuthorityWeights,
    authority_weights,
    parse,
    siting_weights,
)
from maestro_assets.lib.synthetic.eia860m import MAINLAND_STATES, STATES
from maestro_assets.lib.synthetic.ncsl_siting_authority import (
    CHANGED_STATES,
    STATE_NAMES,
    VINTAGES,
    authority_csv,
    changed_states,
    simulate_authorities,
    write_ncsl_siting_authority_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file

REAL_FILE = "opposition/ncsl_state_wind_permitting.csv"
SNAPSHOT_DIR = SNAPSHOTS / "ncsl_siting_authority"
HEADER = b"state,permitting_type,description,link\n"


def by_state(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["state"]: row for row in frame.iter_rows(named=True)}


# --- the real 2022 table ----------------------------------------------------------------------


@cache
def real_parsed():
    return parse(realdata_file(REAL_FILE).read_bytes(), REAL_FILE)


def test_the_real_table_has_one_record_per_state_and_dc():
    parsed = real_parsed()
    assert parsed.frame.height == 51
    assert parsed.frame["state"].n_unique() == 51
    assert parsed.frame["source_row"].to_list() == list(range(2, 53))  # header on line 1
    assert parsed.notes["unrecognized_columns"] == []
    assert parsed.notes["rows_without_state"] == 0


def test_real_permitting_types_are_distributed_as_published():
    assert Counter(real_parsed().frame["permitting_type"]) == {
        "Local": 22,
        "Hybrid": 22,
        "State": 4,
        "n/a": 3,
    }


def test_known_real_states_keep_their_cells_as_published():
    states = by_state(real_parsed().frame)
    assert states["Texas"]["permitting_type"] == "Local"
    assert "left to local governments" in states["Texas"]["description"]
    assert states["Connecticut"]["permitting_type"] == "State"
    assert states["Minnesota"]["permitting_type"] == "Hybrid"
    assert states["Louisiana"]["permitting_type"] == "n/a"
    assert states["Louisiana"]["link"] is None  # an empty cell is null
    assert "Washington D.C." in states


def test_real_state_weights_follow_the_authority_rule():
    weights = siting_weights(real_parsed().frame)
    counts = Counter(zip(weights["local_weight"], weights["state_weight"], strict=True))
    assert counts == {(1.0, 0.5): 25, (0.75, 0.75): 22, (0.5, 1.0): 4}  # n/a weighs as Local
    west_virginia = by_state(weights)["West Virginia"]
    assert (west_virginia["local_weight"], west_virginia["state_weight"]) == (0.5, 1.0)


# --- the weight rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permitting_type", "local", "state"),
    [
        ("Local", 1.0, 0.5),
        ("State", 0.5, 1.0),
        ("Hybrid", 0.75, 0.75),
        ("n/a", 1.0, 0.5),
        (" hybrid ", 0.75, 0.75),
        (None, 1.0, 0.5),
    ],
)
def test_the_level_holding_siting_authority_weighs_most(permitting_type, local, state):
    assert authority_weights(permitting_type) == AuthorityWeights(local=local, state=state)


def test_an_unknown_permitting_type_has_no_weight():
    with pytest.raises(ValueError, match="unknown permitting type 'Federal'"):
        authority_weights("Federal")


# --- the bundled synthetic pulls ---------------------------------------------------------------


@cache
def simulated():
    return simulate_authorities()


@cache
def bundled(pull: int) -> bytes:
    vintage = VINTAGES[pull].isoformat()
    return (SNAPSHOT_DIR / f"exports/{vintage}/state-wind-siting-authority.csv").read_bytes()


@cache
def parsed_pull(pull: int):
    return parse(bundled(pull), f"pull {pull}")


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    assert write_ncsl_siting_authority_snapshot(tmp_path) == list(VINTAGES)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted(
        p.relative_to(SNAPSHOT_DIR) for p in SNAPSHOT_DIR.rglob("*") if p.is_file()
    )
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (SNAPSHOT_DIR / relative).read_bytes()


def test_two_annual_pulls_are_recorded_for_one_url_and_replayed_by_vintage():
    store = SnapshotStore(SNAPSHOT_DIR, SPEC.source_id)
    assert store.vintages() == list(VINTAGES)
    assert {e["url"] for e in store.entries()} == {CSV_REQUEST.public_url}
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "maestro-tests/0")
    for pull, vintage in enumerate(VINTAGES):
        (response,) = ADAPTER.fetch(client, vintage)
        assert response.content == bundled(pull)


@pytest.mark.parametrize("pull", [0, 1])
def test_each_pull_lists_every_state_with_its_simulated_type(pull):
    frame = parsed_pull(pull).frame
    assert frame["state"].to_list() == list(STATE_NAMES)
    states = by_state(frame)
    for authority in simulated():
        row = states[authority.state]
        assert row["permitting_type"] == authority.permitting_type(pull)
        assert row["description"] == authority.description(pull)
        assert row["link"] == authority.link


def test_the_second_pull_changes_the_type_of_exactly_two_fleet_states():
    first, second = by_state(parsed_pull(0).frame), by_state(parsed_pull(1).frame)
    moved = {
        state: (first[state]["permitting_type"], second[state]["permitting_type"])
        for state in first
        if first[state]["permitting_type"] != second[state]["permitting_type"]
    }
    assert len(moved) == CHANGED_STATES == 2
    assert moved == changed_states(simulated())
    fleet_states = {STATES[code].name for code in MAINLAND_STATES}
    assert set(moved) <= fleet_states
    weights = [by_state(siting_weights(parsed_pull(p).frame)) for p in (0, 1)]
    for state in moved:
        assert weights[0][state]["local_weight"] != weights[1][state]["local_weight"]


def test_the_synthetic_table_has_states_without_a_statute_and_no_link():
    no_statute = parsed_pull(0).frame.filter(pl.col("permitting_type") == "n/a")
    assert no_statute.height >= 1
    assert no_statute["link"].null_count() == no_statute.height


def test_descriptions_with_commas_and_curly_quotes_survive_the_csv():
    states = by_state(parsed_pull(1).frame)
    state_run = [a for a in simulated() if a.permitting_type(1) == "State"]
    assert state_run
    assert "’" in states[state_run[0].state]["description"]
    assert "," in states[state_run[0].state]["description"]


# --- bad files ----------------------------------------------------------------------------------


def test_an_unknown_permitting_type_is_a_schema_error_naming_it():
    content = HEADER + b'Ohio,Federal,"A federal board decides.",\n'
    with pytest.raises(SchemaError, match=r"unknown permitting_type value\(s\) \['Federal'\]"):
        parse(content, "new-category.csv")


def test_a_missing_required_column_is_a_schema_error_naming_it():
    content = b"state,authority,description,link\nOhio,Hybrid,Both levels decide.,\n"
    with pytest.raises(SchemaError, match=r"missing required column\(s\): permitting_type"):
        parse(content, "renamed.csv")


def test_an_html_page_is_a_format_error_naming_html():
    page = b"<!DOCTYPE html><html><head><title>Page Not Found</title></head></html>"
    with pytest.raises(FormatError, match="HTML page titled 'Page Not Found'"):
        parse(page, "export")


def test_a_truncated_csv_is_a_format_error():
    content = authority_csv(simulated(), 0)
    cut = content[: content.rindex(b',"In ')]  # inside the last record, before its description
    with pytest.raises(FormatError, match="truncated"):
        parse(cut, "truncated.csv")


def test_the_spec_declares_the_opposition_domain_an_annual_cadence_and_grade_b():
    assert (SPEC.domain, SPEC.cadence.value, SPEC.reliability) == ("opposition", "annual", "B")
    assert SPEC.raw_table == "raw.ncsl_siting_authority__states"
