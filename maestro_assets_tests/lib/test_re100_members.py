"""RE100 members: the bundled synthetic copies of the members page, members joining and
leaving between copies, names that differ from the SEC's, and pages without the member table.
No real copy of the page is available here (no network): the tests read the layout declared in
the source module."""

import itertools
from datetime import date
from functools import cache

import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SnapshotStore, SourceClient
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.re100_members import (
    ADAPTER,
    PAGE_REQUEST,
    RAW_COLUMNS,
    SPEC,
    parse,
)
from maestro_assets.lib.synthetic.corporate_buyers import BUYERS
from maestro_assets.lib.synthetic.re100_members import (
    GLOBAL_MEMBERS,
    HEADER,
    VINTAGES,
    Member,
    simulate_members,
    write_re100_members_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS

SNAPSHOT_DIR = SNAPSHOTS / "re100_members"
URL = PAGE_REQUEST.public_url


@cache
def simulated() -> tuple[Member, ...]:
    return tuple(simulate_members())


@cache
def parsed(vintage: date):
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "maestro-tests/0")
    (response,) = ADAPTER.fetch(client, vintage)
    return parse(response.content, response.url)


def companies(vintage: date) -> list[str]:
    return parsed(vintage).frame["company"].to_list()


def page(rows: str, header: tuple[str, ...] = HEADER) -> bytes:
    head = "".join(f"<th>{h}</th>" for h in header)
    return (
        f"<!DOCTYPE html><html><body><main><h2>Our members</h2><table><thead><tr>{head}</tr>"
        f"</thead><tbody>{rows}</tbody></table></main></body></html>"
    ).encode()


ROW = (
    '<tr><td><a href="/members/acme">Acme</a></td><td>United States</td><td>North America</td>'
    "<td>Retail</td><td>2019</td><td>100% by 2030</td></tr>"
)


# --- the bundled copies -----------------------------------------------------------------------


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    assert write_re100_members_snapshot(tmp_path) == list(VINTAGES)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    bundled = sorted(p.relative_to(SNAPSHOT_DIR) for p in SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert written == bundled
    for path in written:
        assert (tmp_path / path).read_bytes() == (SNAPSHOT_DIR / path).read_bytes()


def test_the_writer_writes_the_same_bytes_twice(tmp_path):
    write_re100_members_snapshot(tmp_path / "a", seed=3)
    write_re100_members_snapshot(tmp_path / "b", seed=3)
    for vintage in VINTAGES:
        name = f"pages/{vintage.isoformat()}.html"
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_three_copies_are_recorded_for_the_page_url():
    store = SnapshotStore(SNAPSHOT_DIR, SPEC.source_id)
    assert store.vintages() == list(VINTAGES) and len(VINTAGES) >= 3
    assert {e["url"] for e in store.entries()} == {URL}


@pytest.mark.parametrize("vintage", VINTAGES)
def test_each_copy_lists_its_members_alphabetically_with_their_details(vintage):
    expected = {m.company: m for m in simulated() if m.listed_on(vintage)}
    result = parsed(vintage)
    frame = result.frame
    assert frame.columns == list(RAW_COLUMNS)
    assert companies(vintage) == sorted(expected, key=str.lower)
    for row in frame.iter_rows(named=True):
        member = expected[row["company"]]
        assert (row["headquarters"], row["region"], row["sector"]) == (
            member.headquarters,
            member.region,
            member.sector,
        )
        assert row["year_joined"] == str(member.joined.year)
        assert row["re100_target"] == member.target
        assert row["company_url"] == f"https://www.there100.org/members/{member.slug}"
    assert set(frame["sheet"]) == {"Our members"}
    assert frame["source_row"].to_list() == list(range(2, frame.height + 2))
    assert result.notes["members"] == frame.height


def test_the_members_by_region_table_is_ignored_and_noted():
    assert parsed(VINTAGES[-1]).notes["tables_ignored"] == ["Members by region"]


def test_members_join_and_leave_between_copies():
    listed = [set(companies(v)) for v in VINTAGES]
    joined = [later - earlier for earlier, later in itertools.pairwise(listed)]
    left = [earlier - later for earlier, later in itertools.pairwise(listed)]
    assert all(joined) and any(left)
    northfield = next(b for b in BUYERS if b.buyer_id == "northfield-data-centers")
    assert northfield.re100_name in joined[-1]  # joined after its first purchase in July
    kestrel = next(m for m in GLOBAL_MEMBERS if m.key == "kestrel-logistik")
    assert kestrel.company in listed[1] and kestrel.company not in listed[2]


def test_roster_members_are_listed_under_their_re100_names_not_their_sec_names():
    listed = set(companies(VINTAGES[-1]))
    members = [b for b in BUYERS if b.re100_name in listed]
    assert len(members) >= 15
    assert not {b.sec_name for b in members} & listed - {b.re100_name for b in members}
    assert sum(b.re100_name != b.sec_name for b in members) >= 10
    non_members = {b.epa_name for b in BUYERS if b.re100_name is None}
    assert len(non_members) >= 10 and not non_members & listed


def test_the_list_is_global():
    regions = set(parsed(VINTAGES[-1]).frame["region"])
    assert {"North America", "Europe", "Asia-Pacific"} <= regions
    assert "Aurore Cosmétiques" in companies(VINTAGES[-1])  # non-ASCII names survive


# --- pages without the member table -------------------------------------------------------------


def test_a_hand_made_page_is_read_with_the_declared_layout():
    (row,) = parse(page(ROW), URL).frame.iter_rows(named=True)
    assert (row["company"], row["year_joined"], row["sector"]) == ("Acme", "2019", "Retail")
    assert row["company_url"] == "https://www.there100.org/members/acme"


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><head><title>Down for maintenance</title></head>"
        b"<body><p>We'll be back soon.</p></body></html>",
        b"<html><body><div class='member-card'><h3>Acme</h3><p>Retail, 2019</p></div></body>"
        b"</html>",
        b"<html><body><table><tr><th>Event</th><th>Date</th></tr><tr><td>Climate Week</td>"
        b"<td>2026</td></tr></table></body></html>",
    ],
    ids=["error page", "redesign without a table", "another table"],
)
def test_a_page_without_the_member_table_is_a_schema_error_naming_the_url(content):
    with pytest.raises(SchemaError, match="no table with the columns") as error:
        parse(content, URL)
    assert error.value.location == URL and error.value.source_id == SPEC.source_id


def test_a_renamed_column_is_a_schema_error_naming_it():
    renamed = tuple("Joined" if h == "Year joined" else h for h in HEADER)
    with pytest.raises(SchemaError, match=r"year_joined") as error:
        parse(page(ROW, renamed), URL)
    assert URL in str(error.value)


def test_a_response_that_is_not_html_is_a_format_error():
    with pytest.raises(FormatError, match="not an HTML page"):
        parse(b'{"members": []}', URL)


def test_the_source_is_declared_a_commitment_list_in_the_procurement_domain():
    spec = ADAPTER.spec
    assert (spec.reliability, spec.domain, spec.file_format) == ("C", "procurement", "html")
    assert "commitment" in spec.known_gaps


# --- scale ------------------------------------------------------------------------------------


def test_scale_multiplies_the_members(tmp_path):
    one, two = simulate_members(1), simulate_members(2)
    assert len(two) == 2 * len(one)
    write_re100_members_snapshot(tmp_path, scale=2)
    frame = parse((tmp_path / f"pages/{VINTAGES[-1]}.html").read_bytes(), URL).frame
    assert frame.height == 2 * parsed(VINTAGES[-1]).frame.height
    replicas = frame.filter(pl.col("company").str.starts_with("Alder "))
    assert replicas.height == frame.height // 2
