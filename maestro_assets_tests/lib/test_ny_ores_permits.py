"""ORES permit applications: the bundled synthetic pages, the HTML table reading the board
sources share, and bad pages. No real copy of the page exists here (no network): the tests
read the layout declared in the source module."""

from datetime import date
from functools import cache

import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SnapshotStore
from maestro_assets.lib.sources.ny_ores_permits import (
    EVENT_TYPE_BY_STATUS,
    MATTERS_LAYOUT,
    PAGE_REQUEST,
    RAW_COLUMNS,
    decode_html,
    html_tables,
    parse,
    read_html_tables,
    stated_vintage,
)
from maestro_assets.lib.synthetic.eia860m import simulate_fleet
from maestro_assets.lib.synthetic.ny_ores_permits import (
    COMPLETE,
    DECISIONS,
    DENIED,
    UNDER_REVIEW,
    VINTAGES,
    WITHDRAWN,
    Matter,
    section_for,
    simulate_matters,
    us_date,
    write_ny_ores_permits_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS

SNAPSHOT_DIR = SNAPSHOTS / "ny_ores_permits"


@cache
def simulated() -> tuple[Matter, ...]:
    return tuple(simulate_matters())


@cache
def page(vintage: date) -> bytes:
    return (SNAPSHOT_DIR / f"pages/{vintage.isoformat()}.html").read_bytes()


@cache
def parsed(vintage: date):
    return parse(page(vintage), PAGE_REQUEST.public_url)


def row_of(vintage: date, matter: str) -> dict:
    (row,) = parsed(vintage).frame.filter(pl.col("matter_number") == matter).iter_rows(named=True)
    return row


def of_role(role: str) -> list[Matter]:
    return [m for m in simulated() if m.role == role]


# --- the bundled pages ------------------------------------------------------------------------


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    assert write_ny_ores_permits_snapshot(tmp_path) == list(VINTAGES)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    bundled = sorted(p.relative_to(SNAPSHOT_DIR) for p in SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert written == bundled
    for path in written:
        assert (tmp_path / path).read_bytes() == (SNAPSHOT_DIR / path).read_bytes()


def test_three_monthly_copies_are_recorded_for_the_page_url():
    store = SnapshotStore(SNAPSHOT_DIR, "ny_ores_permits")
    assert store.vintages() == list(VINTAGES)
    assert {e["url"] for e in store.entries()} == {PAGE_REQUEST.public_url}


@pytest.mark.parametrize("vintage", VINTAGES)
def test_each_copy_lists_every_filed_matter_with_its_status_and_dates(vintage):
    expected = {m.number: m for m in simulated() if m.status_on(vintage) is not None}
    frame = parsed(vintage).frame
    assert frame.columns == list(RAW_COLUMNS)
    assert sorted(frame["matter_number"]) == sorted(expected)
    for row in frame.iter_rows(named=True):
        matter = expected[row["matter_number"]]
        status = matter.status_on(vintage)
        assert row["status"] == status
        assert row["sheet"] == section_for(status)
        assert (row["facility_name"], row["applicant"]) == (matter.facility, matter.applicant)
        assert row["county"] == "; ".join(matter.counties)
        assert row["towns"] == "; ".join(matter.towns)
        assert float(row["nameplate_capacity_mw"]) == matter.mw
        assert row["application_filed"] == us_date(matter.events[0].day)
        completed = [e.day for e in matter.events if e.status == COMPLETE and e.day <= vintage]
        assert row["application_complete"] == (us_date(completed[0]) if completed else None)


def test_a_solar_matter_in_steuben_goes_to_hearing_and_is_denied_in_the_last_copy():
    (denied,) = of_role("denied")
    assert denied.counties == ("Steuben",)
    rows = [row_of(v, denied.number) for v in VINTAGES]
    assert [r["status"] for r in rows] == ["Draft Permit Issued", "Adjudicatory Hearing", DENIED]
    assert [r["sheet"] for r in rows] == [UNDER_REVIEW, UNDER_REVIEW, DECISIONS]
    month, day, year = map(int, rows[-1]["decision_date"].split("/"))
    assert VINTAGES[1] < date(year, month, day) <= VINTAGES[2]
    assert rows[0]["decision_date"] is None


def test_a_wind_matter_in_st_lawrence_is_withdrawn_in_the_last_copy():
    (withdrawn,) = of_role("withdrawn")
    assert (withdrawn.counties, withdrawn.facility_type) == (("St. Lawrence",), "Wind")
    statuses = [row_of(v, withdrawn.number)["status"] for v in VINTAGES]
    assert statuses[:2] == [COMPLETE, COMPLETE] and statuses[2] == WITHDRAWN


def test_statuses_move_only_forward_and_new_applications_appear():
    listed = [set(parsed(v).frame["matter_number"]) for v in VINTAGES]
    assert listed[0] < listed[1] < listed[2]  # none vanishes, some are new each month
    changed = [
        m.number
        for m in simulated()
        if m.status_on(VINTAGES[0]) is not None
        and row_of(VINTAGES[0], m.number)["status"] != row_of(VINTAGES[2], m.number)["status"]
    ]
    assert len(changed) >= 8


def test_the_new_york_solar_and_wind_plants_of_the_fleet_are_matters_of_their_operator():
    sites = {
        record.generator.site.plant_id: record.generator.site
        for records in simulate_fleet(1, 860).values()
        for record in records
        if record.generator.site.state == "NY"
        and record.generator.technology.name in ("Solar Photovoltaic", "Onshore Wind Turbine")
    }
    linked = [m for m in simulated() if m.eia_plant_id is not None]
    assert linked and {m.eia_plant_id for m in linked} <= set(sites)
    for matter in linked:
        site = sites[matter.eia_plant_id]
        row = row_of(VINTAGES[-1], matter.number)
        assert (row["facility_name"], row["applicant"]) == (site.plant_name, site.entity_name)
        assert row["county"] == site.county


def test_the_denial_and_the_withdrawal_sit_in_counties_where_the_fleet_has_new_york_plants():
    fleet_counties = {
        record.generator.site.county
        for records in simulate_fleet(1, 860).values()
        for record in records
        if record.generator.site.state == "NY"
    }
    last = parsed(VINTAGES[-1]).frame
    for status in (DENIED, WITHDRAWN):
        counties = set(last.filter(pl.col("status") == status)["county"])
        assert counties & fleet_counties


def test_every_status_is_declared_and_only_denials_and_hearings_are_events():
    statuses = {s for v in VINTAGES for s in parsed(v).frame["status"]}
    assert statuses <= set(EVENT_TYPE_BY_STATUS)
    events = {s: EVENT_TYPE_BY_STATUS[s] for s in statuses if EVENT_TYPE_BY_STATUS[s]}
    assert events == {"Permit Denied": "permit_denial", "Adjudicatory Hearing": "contested_hearing"}


@pytest.mark.parametrize("vintage", VINTAGES)
def test_the_page_states_the_day_it_was_updated(vintage):
    assert stated_vintage(page(vintage)) == vintage
    assert parsed(vintage).notes["last_updated"] == vintage.isoformat()


def test_every_matter_number_links_to_its_docket():
    for row in parsed(VINTAGES[-1]).frame.iter_rows(named=True):
        assert row["matter_number_url"].startswith("https://documents.dps.ny.gov/")
        assert f"MatterCaseNo={row['matter_number']}&" in row["matter_number_url"]


def test_the_contact_table_is_ignored_and_noted_and_rows_count_by_table():
    notes = parsed(VINTAGES[-1]).notes
    assert notes["tables_ignored"] == ["Contact ORES"]
    decided = sum(
        m.status_on(VINTAGES[-1]) in (DENIED, WITHDRAWN, "Permit Issued") for m in simulated()
    )
    assert notes["rows_by_sheet"] == {UNDER_REVIEW: len(simulated()) - decided, DECISIONS: decided}


def test_source_row_is_the_rows_position_among_its_tables_rows():
    frame = parsed(VINTAGES[-1]).frame
    for (sheet,), rows in frame.group_by(["sheet"]):
        assert sorted(rows["source_row"]) == list(range(2, rows.height + 2)), sheet


# --- the HTML table reading the board sources share ----------------------------------------------

LAYOUT_PAGE = """<!DOCTYPE html><html><head><title>t</title>
<style>td {{ color: red }}</style></head><body>
<h2>Pending</h2>
<table>
<tr><th>Matter Number</th><th>Facility Name</th><th>County</th><th>Status</th><th>Towns</th></tr>
{rows}
</table></body></html>"""


def read(rows: str):
    content = LAYOUT_PAGE.format(rows=rows).encode()
    return read_html_tables(content, (MATTERS_LAYOUT,), "ny_ores_permits", "test.html")


def test_a_cell_keeps_its_text_only_with_lines_joined_by_semicolons():
    rows = (
        "<tr><td> 24-00001 </td><td>Oak &amp; Elm<script>alert('x')</script> Solar</td>"
        "<td>Genesee<br>Orleans</td><td>Deemed&nbsp;Complete</td>"
        "<td><p>Byron</p><p>Bergen</p></td></tr>"
    )
    (row,) = read(rows).frame(MATTERS_LAYOUT.columns).iter_rows(named=True)
    assert row["matter_number"] == "24-00001"
    assert row["facility_name"] == "Oak & Elm Solar"
    assert (row["county"], row["towns"]) == ("Genesee; Orleans", "Byron; Bergen")
    assert row["status"] == "Deemed Complete"


def test_a_colspan_cell_keeps_the_columns_after_it_aligned():
    rows = '<tr><td>24-00002</td><td colspan="2">Wide Solar</td><td>Withdrawn</td></tr>'
    (row,) = read(rows).frame(MATTERS_LAYOUT.columns).iter_rows(named=True)
    assert (row["facility_name"], row["county"], row["status"]) == ("Wide Solar", None, WITHDRAWN)


def test_unclosed_cells_and_rows_are_still_read():
    rows = "<tr><td>24-00003<td>Open Solar<td>Steuben<td>Deemed Complete\n<tr><td>24-00004<td>B"
    frame = read(rows).frame(MATTERS_LAYOUT.columns)
    assert frame["matter_number"].to_list() == ["24-00003", "24-00004"]
    assert frame["county"].to_list() == ["Steuben", None]


def test_rows_that_are_not_matters_are_dropped_and_counted():
    rows = (
        "<tr><td>24-00005</td><td>A Solar</td><td>Orange</td><td>Deemed Complete</td></tr>"
        '<tr><td colspan="4">Matters filed before 2021 are listed on the archive page.</td></tr>'
    )
    page_tables = read(rows)
    assert page_tables.frame(MATTERS_LAYOUT.columns)["matter_number"].to_list() == ["24-00005"]
    assert page_tables.notes()["note_rows_dropped"] == 1


def test_a_caption_names_a_table_before_the_heading_above_it_and_inner_tables_stand_alone():
    content = (
        "<h2>Heading</h2><table><caption>Captioned</caption><tr><td>a</td>"
        "<td><table><tr><td>inner</td></tr></table></td></tr></table>"
        "<h3>Second</h3><table><tr><td>b</td></tr></table><table><tr><td>c</td></tr></table>"
    )
    tables = html_tables(content)
    assert [t.section for t in tables] == ["Heading", "Captioned", "Second", "Second (2)"]
    assert tables[0].rows[0][0].text == "inner"
    assert tables[1].rows[0][1].text is None  # the inner table's text stays in the inner table


def test_a_page_in_windows_1252_or_with_a_declared_charset_decodes():
    assert decode_html("<p>Caf\u00e9</p>".encode("cp1252")) == "<p>Caf\u00e9</p>"
    latin = '<meta charset="iso-8859-1"><p>Ni\u00f1o</p>'.encode("latin-1")
    assert "Ni\u00f1o" in decode_html(latin)
    cut = "<p>\u00e9t\u00e9".encode()[:-1]  # a character cut off at the end stays UTF-8
    assert decode_html(cut).startswith("<p>\u00e9t")


# --- bad pages --------------------------------------------------------------------------------


def test_a_renamed_required_column_is_a_schema_error_naming_it():
    renamed = page(VINTAGES[0]).replace(b">Status</th>", b">Permit Status</th>")
    with pytest.raises(SchemaError, match=r"missing required column\(s\): status \(found"):
        parse(renamed, "renamed.html")


def test_a_page_without_a_matters_table_is_a_schema_error_listing_its_tables():
    content = b"<html><body><h2>Maintenance</h2><table><tr><td>Back soon</td></tr></table></body>"
    with pytest.raises(SchemaError, match=r"no table with the columns .*'Maintenance'"):
        parse(content, "maintenance.html")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b'{"matters": []}', "not an HTML page"),
        (b"%PDF-1.7\n", "not an HTML page"),
    ],
)
def test_an_empty_or_non_html_response_is_a_format_error(content, problem):
    with pytest.raises(FormatError, match=problem):
        parse(content, PAGE_REQUEST.public_url)
