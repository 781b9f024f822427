"""ERCOT GIS Report: the real December 2024 workbook, the bundled vintages, discovery, bad files."""

import json
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.ercot_gis import (
    ADAPTER,
    CANCELLATION,
    COMMISSIONING,
    DOCUMENT_LIST_REQUEST,
    INACTIVE,
    LARGE_GEN,
    SMALL_GEN,
    SPEC,
    MisDocument,
    choose_report,
    gis_reports,
    parse,
    report_month,
    stated_vintage,
    status_key,
)
from maestro_assets.lib.synthetic.ercot_gis import (
    CONSTRUCTION_END,
    CONSTRUCTION_START,
    DEFAULT_SEED,
    DROPPED_COLUMN,
    ENERGIZED,
    IA_SIGNED,
    SYNCHRONIZED,
    VINTAGES,
    Listing,
    QueueProject,
    listings,
    report_friendly_name,
    simulate_queue,
    write_ercot_gis_snapshot,
)
from maestro_assets.lib.synthetic.queue_fleet import fleet_plants
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file
from maestro_assets_tests.lib.queue_helpers import (
    html_page,
    regenerated,
    seeded_stages,
    sheet_rows,
    truncated,
    unstaged_keys,
    workbook_bytes,
)

SNAPSHOT_DIR = SNAPSHOTS / "ercot_gis"
PROJECT_SHEETS = (LARGE_GEN, SMALL_GEN, COMMISSIONING, INACTIVE, CANCELLATION)


@cache
def real_parsed():
    path = realdata_file("queues/ercot_gis_report_2024-12.xlsx")
    return parse(path.read_bytes(), path.name)


def real_row(inr: str, sheet: str = LARGE_GEN) -> dict:
    frame = real_parsed().frame
    (row,) = frame.filter((pl.col("inr") == inr) & (pl.col("sheet") == sheet)).to_dicts()
    return row


@cache
def simulated() -> list[QueueProject]:
    return simulate_queue(1, DEFAULT_SEED)


def bundled_workbook(vintage: date) -> bytes:
    return (
        SNAPSHOT_DIR / vintage.isoformat() / f"{report_friendly_name(vintage)}.xlsx"
    ).read_bytes()


@cache
def bundled(vintage: date):
    return parse(bundled_workbook(vintage), f"{vintage}.xlsx")


def project(role: str) -> QueueProject:
    return next(p for p in simulated() if p.role == role)


def rows_of(vintage: date, inr: str) -> list[dict]:
    return bundled(vintage).frame.filter(pl.col("inr") == inr).to_dicts()


# --- the real workbook ---------------------------------------------------------------------


def test_real_workbook_rows_per_project_sheet():
    assert real_parsed().notes["rows_by_sheet"] == {
        LARGE_GEN: 1697,
        SMALL_GEN: 46,
        COMMISSIONING: 26,
        INACTIVE: 125,
        CANCELLATION: 11,
    }
    assert real_parsed().notes["sheets_missing"] == []
    assert real_parsed().notes["unrecognized_columns"] == []


def test_real_large_gen_header_is_found_by_scanning_below_thirty_rows_of_notes():
    frame = real_parsed().frame.filter(pl.col("sheet") == LARGE_GEN)
    first = frame.row(0, named=True)
    # header on sheet row 31 (five rows deep), first project on row 36
    assert (first["inr"], first["source_row"]) == ("15INR0064b", 36)
    assert real_parsed().notes["header_continuation_rows"] == {LARGE_GEN: 4, SMALL_GEN: 2}


def test_real_header_names_spread_over_several_rows_are_joined():
    row = real_row("15INR0064b")
    assert row["financial_security_and_notice_to_proceed_provided"] == "Yes"
    assert row["meets_planning_guide_qsa_section_5_9_prerequisites"] == "2019-01-22 00:00:00"
    assert real_row("16INR0049")["approval_date_for_submission_of_proof_of_site_control"] == (
        "2014-07-07 00:00:00"
    )


def test_real_status_key_distribution():
    keys = real_parsed().notes["status_keys"]
    assert keys["SS Completed, FIS Started, No IA"] == 1001
    assert keys["SS Completed, FIS Completed, IA"] == 169
    assert keys["Approved for Synchronization"] == 124
    assert keys["Commercial Operation Approved by ERCOT"] == 13
    assert keys["Inactive"] == 125
    assert keys["Cancelled"] == 11
    assert sum(keys.values()) == real_parsed().frame.height


def test_real_known_project_with_a_signed_ia_is_an_agreement_not_operation():
    row = real_row("16INR0049")
    assert (row["project_name"], row["county"], row["capacity_mw"]) == (
        "Nazareth Solar",
        "Castro",
        "204",
    )
    assert row["interconnecting_entity"] == "TX Nazareth Solar, LLC"
    assert row["ia_signed"] == "2023-06-07 00:00:00"
    assert row["status_key"] == "SS Completed, FIS Completed, IA"
    assert seeded_stages("ercot_gis")[row["status_key"]] == "agreement_signed"


def test_real_signed_ia_without_later_milestones_never_maps_to_operating():
    frame = real_parsed().frame.filter(
        (pl.col("sheet") == LARGE_GEN)
        & pl.col("gim_study_phase").str.ends_with(", IA")
        & pl.col("construction_start").is_null()
        & pl.col("approved_for_energization").is_null()
        & pl.col("approved_for_synchronization").is_null()
    )
    assert frame.height == 331
    stages = {seeded_stages("ercot_gis")[k] for k in frame["status_key"].unique()}
    assert stages == {"agreement_signed"}


def test_real_interconnecting_entity_is_kept_raw_and_always_filled():
    frame = real_parsed().frame.filter(pl.col("sheet").is_in([LARGE_GEN, SMALL_GEN]))
    assert frame["interconnecting_entity"].null_count() == 0
    assert real_row("17INR0052")["interconnecting_entity"] == "Nextera"


def test_real_commissioning_update_lists_a_project_twice_in_one_month():
    rows = real_parsed().frame.filter(
        (pl.col("sheet") == COMMISSIONING) & (pl.col("inr") == "22INR0511")
    )
    assert sorted(rows["status_key"]) == [
        "Energization Approved by ERCOT",
        "Synchronization Approved by ERCOT",
    ]


def test_real_footnotes_below_the_short_sheets_are_dropped_and_counted():
    assert real_parsed().notes["note_rows_dropped"] == 13


def test_real_stated_vintage_is_the_end_of_the_activity_month():
    path = realdata_file("queues/ercot_gis_report_2024-12.xlsx")
    assert stated_vintage(path.read_bytes()) == date(2024, 12, 31)


def test_every_real_and_bundled_status_key_has_a_stage():
    keys = set(real_parsed().frame["status_key"])
    for vintage in VINTAGES:
        keys |= set(bundled(vintage).frame["status_key"])
    assert unstaged_keys("ercot_gis", keys) == set()


# --- the status key ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "key"),
    [
        ({"sheet": LARGE_GEN, "gim_study_phase": "SS Completed, FIS Completed, IA"},
         "SS Completed, FIS Completed, IA"),
        ({"sheet": LARGE_GEN, "gim_study_phase": "SS Completed, FIS Completed, IA",
          "construction_start": "1-1-1900"}, "Under Construction"),
        ({"sheet": LARGE_GEN, "construction_start": "x", "construction_end": "y"},
         "Construction Complete"),
        ({"sheet": LARGE_GEN, "approved_for_energization": "x",
          "approved_for_synchronization": "y"}, "Approved for Synchronization"),
        ({"sheet": SMALL_GEN, "ia_signed": "x", "model_ready_date": "y"}, "IA Signed"),
        ({"sheet": SMALL_GEN, "model_ready_date": "y"}, "Model Ready"),
        ({"sheet": SMALL_GEN}, "Not Model Ready"),
        ({"sheet": COMMISSIONING, "commissioning_category": "Commercial Operation Approved by "
          "ERCOT*"}, "Commercial Operation Approved by ERCOT"),
        ({"sheet": INACTIVE}, "Inactive"),
        ({"sheet": CANCELLATION}, "Cancelled"),
    ],
)  # fmt: skip
def test_status_key_is_the_latest_milestone_reached_else_the_study_phase(row, key):
    assert status_key(row) == key


# --- the bundled vintages ------------------------------------------------------------------


def expected_key(item: Listing) -> str:
    """The status key a listing should parse to, read from the generator's rungs."""
    milestones = {
        SYNCHRONIZED: "Approved for Synchronization",
        ENERGIZED: "Approved for Energization",
        CONSTRUCTION_END: "Construction Complete",
        CONSTRUCTION_START: "Under Construction",
    }
    reached = [key for rung, key in milestones.items() if item.milestone(rung)]
    if reached:
        return reached[0]
    if item.sheet == LARGE_GEN:
        return item.phase
    if item.milestone(IA_SIGNED):
        return "IA Signed"
    return "Model Ready" if item.project.model_ready else "Not Model Ready"


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_every_bundled_vintage_lists_exactly_the_simulated_projects(vintage):
    current = listings(simulated(), vintage)
    expected = Counter(i.sheet for i in current if i.sheet)
    expected[COMMISSIONING] = sum(len(i.approvals) for i in current)
    parsed = bundled(vintage)
    assert parsed.notes["rows_by_sheet"] == {s: expected.get(s, 0) for s in PROJECT_SHEETS}
    for sheet in (LARGE_GEN, SMALL_GEN, INACTIVE, CANCELLATION):
        inrs = parsed.frame.filter(pl.col("sheet") == sheet)["inr"].to_list()
        assert sorted(inrs) == sorted(i.project.inr for i in current if i.sheet == sheet)


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_bundled_status_keys_follow_the_simulated_milestones(vintage):
    parsed = {
        (row["sheet"], row["inr"]): row for row in bundled(vintage).frame.iter_rows(named=True)
    }
    for item in listings(simulated(), vintage):
        if item.sheet in (LARGE_GEN, SMALL_GEN):
            assert parsed[(item.sheet, item.project.inr)]["status_key"] == expected_key(item)


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_bundled_vintage_states_its_own_date(vintage):
    assert stated_vintage(bundled_workbook(vintage)) == vintage
    assert bundled(vintage).notes["report_period_end"] == vintage.isoformat()


def test_an_advancing_project_moves_up_a_milestone_each_vintage():
    advancing = [p for p in simulated() if p.role == "advancing"]
    for p in advancing:
        keys = [rows_of(v, p.inr)[0]["status_key"] for v in VINTAGES]
        assert len(set(keys)) == 3, keys


def test_a_regressed_project_loses_its_signed_ia_in_the_last_vintage():
    p = project("regressed")
    rows = [rows_of(v, p.inr)[0] for v in VINTAGES]
    assert [r["status_key"] for r in rows] == [
        "SS Completed, FIS Completed, IA",
        "SS Completed, FIS Completed, IA",
        "SS Completed, FIS Completed, No IA",
    ]
    assert [r["ia_signed"] is None for r in rows] == [False, False, True]
    stages = [seeded_stages("ercot_gis")[r["status_key"]] for r in rows]
    assert stages == ["agreement_signed", "agreement_signed", "advanced_study"]


def test_a_cancelled_project_is_on_the_cancellation_sheet_once_then_gone():
    p = project("cancelled")
    sheets = [[r["sheet"] for r in rows_of(v, p.inr)] for v in VINTAGES]
    assert sheets == [[LARGE_GEN], [CANCELLATION], []]


def test_a_vanished_project_disappears_without_any_notice():
    p = project("vanished")
    assert [len(rows_of(v, p.inr)) for v in VINTAGES] == [1, 1, 0]


def test_inactive_and_reactivated_projects_move_between_sheets():
    went = project("went_inactive")
    back = project("reactivated")
    assert [rows_of(v, went.inr)[0]["sheet"] for v in VINTAGES] == [LARGE_GEN, INACTIVE, INACTIVE]
    assert [rows_of(v, back.inr)[0]["sheet"] for v in VINTAGES] == [INACTIVE, INACTIVE, LARGE_GEN]
    change = "change_indicators_proj_name_mw_size_cod_sfs_ntp_fis_request_status_change_ina_to_pln"
    assert rows_of(VINTAGES[2], back.inr)[0][change] == "Status Change INA-to-PLN"


def test_new_projects_first_appear_with_a_full_study_request_indicator():
    change = "change_indicators_proj_name_mw_size_cod_sfs_ntp_fis_request_status_change_ina_to_pln"
    for p in (q for q in simulated() if q.role == "new"):
        present = [bool(rows_of(v, p.inr)) for v in VINTAGES]
        first = present.index(True)
        assert first > 0 and not any(present[:first])
        assert rows_of(VINTAGES[first], p.inr)[0][change] == "FIS Request"


def test_a_commissioned_project_leaves_large_gen_and_shows_once_on_commissioning_update():
    p = project("commissioned")
    sheets = [[r["sheet"] for r in rows_of(v, p.inr)] for v in VINTAGES]
    assert sheets == [[LARGE_GEN], [COMMISSIONING], []]
    assert rows_of(VINTAGES[1], p.inr)[0]["status_key"] == "Commercial Operation Approved by ERCOT"


def test_energization_and_synchronization_in_one_month_give_two_commissioning_rows():
    p = project("energized_and_synchronized")
    rows = [r for r in rows_of(VINTAGES[1], p.inr) if r["sheet"] == COMMISSIONING]
    assert sorted(r["status_key"] for r in rows) == [
        "Energization Approved by ERCOT",
        "Synchronization Approved by ERCOT",
    ]


def test_legacy_unknown_dates_still_count_as_milestones_reached():
    p = project("legacy_dates")
    row = rows_of(VINTAGES[0], p.inr)[0]
    # a 1-1-1900 date cell, as calamine renders Excel serial 1
    assert row["ia_signed"] == "1899-12-31 00:00:00"
    assert row["status_key"] == "Approved for Energization"


def test_an_optional_column_present_in_one_vintage_and_absent_in_another():
    column, dropped_in = DROPPED_COLUMN
    name = "economic_study_required"
    assert column == "Economic Study Required"
    assert name in bundled(VINTAGES[0]).notes["optional_columns_present"]
    assert name not in bundled(dropped_in).notes["optional_columns_present"]
    assert bundled(dropped_in).frame[name].null_count() == bundled(dropped_in).frame.height


def test_a_third_of_the_projects_are_eia_units_in_the_same_county_with_similar_capacity():
    plants = {(p.plant_id, p.technology.name): p for p in fleet_plants(1, "ERCO")}
    derived = [p for p in simulated() if p.eia_plant_id is not None]
    assert 0.25 <= len(derived) / len(simulated()) <= 0.4
    for p in derived:
        plant = plants[(p.eia_plant_id, p.eia_technology)]
        assert p.county == plant.county
        assert abs(p.capacities[0] / plant.nameplate_mw - 1) <= 0.05
        assert plant.plant_name.split()[0].lower() in p.names[0].lower()
    assert any(p.entity == plants[(p.eia_plant_id, p.eia_technology)].entity_name for p in derived)


def test_the_snapshot_generator_is_deterministic_and_matches_the_bundle(tmp_path: Path):
    assert regenerated(write_ercot_gis_snapshot, tmp_path, SNAPSHOT_DIR) == (list(VINTAGES), [])


# --- discovery and replay -------------------------------------------------------------------


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_fetch_replays_the_document_list_then_the_workbook_of_the_vintage(vintage):
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "maestro-tests/0")
    (response,) = ADAPTER.fetch(client, vintage)
    assert "doclookupId=" in response.url
    assert response.content == bundled_workbook(vintage)


def test_the_document_list_offers_gis_reports_only_and_reads_short_month_names():
    listing = (SNAPSHOT_DIR / VINTAGES[-1].isoformat() / "IceDocListJsonWS.json").read_bytes()
    reports = gis_reports(listing, DOCUMENT_LIST_REQUEST.public_url)
    assert sorted(r.report_month for r in reports) == [v.replace(day=1) for v in VINTAGES]
    assert all("Battery" not in r.friendly_name for r in reports)
    assert report_month("GIS_Report_Aug2026") == date(2026, 8, 1)
    assert report_month("GIS_Report_December2024") == date(2024, 12, 1)


def test_choose_report_prefers_the_vintage_month_and_its_newest_publication():
    documents = [
        MisDocument("1", "GIS_Report_June2026", "2026-07-01T08:00:00-05:00", date(2026, 6, 1)),
        MisDocument("2", "GIS_Report_June2026", "2026-07-03T08:00:00-05:00", date(2026, 6, 1)),
        MisDocument("3", "GIS_Report_July2026", "2026-08-01T08:00:00-05:00", date(2026, 7, 1)),
    ]
    assert choose_report(documents, date(2026, 6, 30), "list").doc_id == "2"
    assert choose_report(documents, date(2026, 9, 14), "list").doc_id == "3"  # live: newest
    with pytest.raises(FetchError, match="no GIS_Report"):
        choose_report([], date(2026, 6, 30), "list")


def test_a_document_list_without_its_document_list_is_a_schema_error():
    with pytest.raises(SchemaError, match="DocumentList"):
        gis_reports(json.dumps({"error": "maintenance"}).encode(), "list")


# --- bad files -----------------------------------------------------------------------------


def test_a_renamed_required_column_is_a_schema_error_naming_it():
    sheets = sheet_rows(bundled_workbook(VINTAGES[0]))
    sheets[LARGE_GEN] = [
        ["Project County" if cell == "County" else cell for cell in row]
        for row in sheets[LARGE_GEN]
    ]
    with pytest.raises(SchemaError, match=r"missing required column\(s\): county\b.*Large Gen"):
        parse(workbook_bytes(sheets), "renamed.xlsx")


def test_a_workbook_without_the_large_gen_sheet_is_a_schema_error_naming_it():
    sheets = sheet_rows(bundled_workbook(VINTAGES[0]))
    del sheets[LARGE_GEN]
    with pytest.raises(SchemaError, match="Project Details - Large Gen"):
        parse(workbook_bytes(sheets), "no-large-gen.xlsx")


def test_a_workbook_without_the_cancellation_sheet_parses_and_says_so():
    sheets = sheet_rows(bundled_workbook(VINTAGES[0]))
    del sheets[CANCELLATION]
    assert parse(workbook_bytes(sheets), "short.xlsx").notes["sheets_missing"] == [CANCELLATION]


def test_an_html_error_page_is_a_format_error():
    with pytest.raises(FormatError, match="HTML page titled 'ERCOT - Page Not Found'"):
        parse(html_page("ERCOT - Page Not Found"), "mirDownload")


def test_a_truncated_workbook_is_a_format_error():
    with pytest.raises(FormatError, match="truncated or corrupt"):
        parse(truncated(bundled_workbook(VINTAGES[0]), 0.5), "truncated.xlsx")
