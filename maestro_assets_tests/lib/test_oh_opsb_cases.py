"""Ohio Power Siting Board case list: the bundled synthetic pages (solar and wind cases, SB 52
county restricted areas) and bad pages. No real copy of the page exists here (no network)."""

from datetime import date
from functools import cache

import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SnapshotStore
from maestro_assets.lib.sources.oh_opsb_cases import (
    CASE_NUMBER,
    EVENT_TYPE_BY_STATUS,
    PAGE_REQUEST,
    RAW_COLUMNS,
    REJECTED_BY_VOTERS,
    parse,
    stated_vintage,
)
from maestro_assets.lib.synthetic.eia860m import simulate_fleet
from maestro_assets.lib.synthetic.ny_ores_permits import us_date
from maestro_assets.lib.synthetic.oh_opsb_cases import (
    RESTRICTED_AREAS,
    SECTIONS,
    SOLAR,
    VINTAGES,
    Board,
    Case,
    simulate_board,
    write_oh_opsb_cases_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS

SNAPSHOT_DIR = SNAPSHOTS / "oh_opsb_cases"
SECTION = dict(SECTIONS)


@cache
def simulated() -> Board:
    return simulate_board()


@cache
def page(vintage: date) -> bytes:
    return (SNAPSHOT_DIR / f"pages/{vintage.isoformat()}.html").read_bytes()


@cache
def parsed(vintage: date):
    return parse(page(vintage), PAGE_REQUEST.public_url)


def cases(vintage: date) -> pl.DataFrame:
    return parsed(vintage).frame.filter(pl.col("case_number").is_not_null())


def restricted_areas(vintage: date) -> pl.DataFrame:
    return parsed(vintage).frame.filter(pl.col("sheet") == RESTRICTED_AREAS)


def row_of(vintage: date, case: str) -> dict:
    (row,) = cases(vintage).filter(pl.col("case_number") == case).iter_rows(named=True)
    return row


def of_role(role: str) -> list[Case]:
    return [c for c in simulated().cases if c.role == role]


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    assert write_oh_opsb_cases_snapshot(tmp_path) == list(VINTAGES)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    bundled = sorted(p.relative_to(SNAPSHOT_DIR) for p in SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert written == bundled
    for path in written:
        assert (tmp_path / path).read_bytes() == (SNAPSHOT_DIR / path).read_bytes()


def test_three_monthly_copies_are_recorded_for_the_page_url():
    store = SnapshotStore(SNAPSHOT_DIR, "oh_opsb_cases")
    assert store.vintages() == list(VINTAGES)
    assert {e["url"] for e in store.entries()} == {PAGE_REQUEST.public_url}


@pytest.mark.parametrize("vintage", VINTAGES)
def test_each_copy_lists_every_opened_case_in_its_technologys_table(vintage):
    expected = {c.number: c for c in simulated().cases if c.status_on(vintage) is not None}
    frame = cases(vintage)
    assert parsed(vintage).frame.columns == list(RAW_COLUMNS)
    assert sorted(frame["case_number"]) == sorted(expected)
    for row in frame.iter_rows(named=True):
        case = expected[row["case_number"]]
        assert row["status"] == case.status_on(vintage)
        assert row["sheet"] == SECTION[case.technology]
        assert (row["project_name"], row["applicant"]) == (case.project, case.applicant)
        assert (row["county"], row["townships"]) == (case.county, "; ".join(case.townships))
        assert float(row["capacity_mw"]) == case.mw
        assert (row["sb_52_status"], row["ad_hoc_members"]) == case.sb52()
        assert row["case_number_url"].endswith(f"CaseNo={row['case_number']}")


def test_every_case_number_has_the_dockets_form():
    numbers = pl.concat([cases(v)["case_number"] for v in VINTAGES])
    assert numbers.str.contains(f"^{CASE_NUMBER}$").all()
    assert set(numbers.str.slice(-3)) == {"BGN", "BGA"}


def test_a_pending_solar_case_in_hardin_county_is_denied_in_the_last_copy():
    (denied,) = of_role("denied")
    assert (denied.county, denied.technology) == ("Hardin", SOLAR)
    rows = [row_of(v, denied.number) for v in VINTAGES]
    assert [r["status"] for r in rows] == ["Pending", "Pending", "Denied"]
    month, day, year = map(int, rows[-1]["decision_date"].split("/"))
    assert VINTAGES[1] < date(year, month, day) <= VINTAGES[2]
    assert EVENT_TYPE_BY_STATUS["Denied"] == "permit_denial"


def test_cases_are_withdrawn_and_approved_and_new_ones_open_across_the_copies():
    (withdrawn,) = of_role("withdrawn")
    assert [row_of(v, withdrawn.number)["status"] for v in VINTAGES][-1] == "Withdrawn"
    (approved,) = of_role("approved_now")
    assert [row_of(v, approved.number)["status"] for v in VINTAGES] == [
        "Pending",
        "Approved with conditions",
        "Approved with conditions",
    ]
    listed = [set(cases(v)["case_number"]) for v in VINTAGES]
    assert listed[0] < listed[1] < listed[2]
    statuses = {s for v in VINTAGES for s in cases(v)["status"]}
    assert statuses <= set(EVENT_TYPE_BY_STATUS)


def test_the_ohio_solar_plants_of_the_fleet_are_cases_of_their_operator():
    june = sorted(
        (
            record
            for record in simulate_fleet(1, 860)[date(2026, 6, 1)]
            if record.generator.site.state == "OH"
            and record.generator.technology.name == "Solar Photovoltaic"
        ),
        key=lambda r: r.generator.generator_id,
        reverse=True,
    )
    lead_units = {r.generator.site.plant_id: r for r in june}  # the first Generator ID wins
    linked = [c for c in simulated().cases if c.eia_plant_id is not None]
    assert {c.eia_plant_id for c in linked} == set(lead_units)
    for case in linked:
        lead = lead_units[case.eia_plant_id]
        site = lead.generator.site
        row = row_of(VINTAGES[-1], case.number)
        assert (row["project_name"], row["applicant"], row["county"]) == (
            site.plant_name,
            site.entity_name,
            site.county,
        )
        # a plant whose lead unit EIA lists as canceled is a withdrawn case; others certified
        canceled = lead.sheet == "Canceled or Postponed"
        assert row["status"] == ("Withdrawn" if canceled else "Approved with conditions")


def test_county_restricted_areas_appear_as_counties_adopt_them():
    counties = [restricted_areas(v)["county"].to_list() for v in VINTAGES]
    assert counties == [
        [r.county for r in simulated().resolutions if r.adopted <= v] for v in VINTAGES
    ]
    assert counties[0] == ["Logan", "Hardin"]
    assert counties[1][-1] == "Champaign" and counties[2][-1] == "Van Wert"
    last = restricted_areas(VINTAGES[-1])
    assert last["case_number"].null_count() == last.height  # not cases
    for resolution in simulated().resolutions:
        row = last.filter(pl.col("county") == resolution.county).row(0, named=True)
        assert (row["resolution"], row["adopted"]) == (
            resolution.number,
            us_date(resolution.adopted),
        )
        assert row["effective"] == us_date(resolution.effective)


def test_a_restriction_rejected_by_voters_says_so_and_restrictions_hit_fleet_counties():
    last = restricted_areas(VINTAGES[-1])
    rejected = last.filter(pl.col("referendum").str.starts_with(REJECTED_BY_VOTERS))
    assert rejected["county"].to_list() == ["Logan"]
    fleet_counties = {c.county for c in simulated().cases if c.eia_plant_id is not None}
    in_force = set(last.filter(~pl.col("referendum").str.starts_with(REJECTED_BY_VOTERS))["county"])
    assert in_force & fleet_counties == {"Hardin", "Champaign", "Van Wert"}


def test_notes_name_the_tables_read():
    notes = parsed(VINTAGES[-1]).notes
    assert notes["restricted_area_tables"] == [RESTRICTED_AREAS]
    assert notes["tables_ignored"] == []
    assert notes["rows_by_sheet"] == {
        "Solar Facilities": sum(c.technology == SOLAR for c in simulated().cases),
        "Wind Farms": sum(c.technology != SOLAR for c in simulated().cases),
        RESTRICTED_AREAS: len(simulated().resolutions),
    }
    assert notes["last_updated"] == VINTAGES[-1].isoformat()


@pytest.mark.parametrize("vintage", VINTAGES)
def test_the_page_states_the_day_it_was_updated(vintage):
    assert stated_vintage(page(vintage)) == vintage


# --- bad pages --------------------------------------------------------------------------------


def test_a_renamed_required_column_is_a_schema_error_naming_it():
    renamed = page(VINTAGES[0]).replace(b">Case Number</th>", b">Docket</th>")
    with pytest.raises(SchemaError, match=r"missing required column\(s\): case_number"):
        parse(renamed, "renamed.html")


def test_a_page_without_the_restricted_areas_table_still_parses_its_cases():
    content = page(VINTAGES[0])
    without = content[: content.index(f"<h2>{RESTRICTED_AREAS}".encode())] + b"</main></html>"
    frame = parse(without, "cases-only.html").frame
    assert frame["case_number"].null_count() == 0
    assert frame.height == cases(VINTAGES[0]).height


def test_a_page_without_case_tables_is_a_schema_error():
    content = b"<html><body><h1>Site maintenance</h1><p>Back soon.</p></body></html>"
    with pytest.raises(SchemaError, match="no table with the columns"):
        parse(content, "maintenance.html")


def test_an_empty_response_is_a_format_error():
    with pytest.raises(FormatError, match="empty file"):
        parse(b"  ", PAGE_REQUEST.public_url)
