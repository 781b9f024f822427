"""CAISO Public Queue Report: the real report, the bundled runs and their simulation, bad files."""

import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

import fastexcel
import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.settings import DBT_PROJECT_DIR, SourceMode
from maestro_assets.lib.sources.caiso_queue import (
    ACTIVE_SHEET,
    ADAPTER,
    COMPLETED_SHEET,
    SPEC,
    WITHDRAWN_SHEET,
    parse,
    stated_vintage,
    status_key,
)
from maestro_assets.lib.synthetic.caiso_queue import (
    DEFAULT_SEED,
    EIA_STORY,
    EIA_TRIPLES,
    RUN_DATES,
    WITHOUT_NET_MW_COLUMN,
    WITHOUT_TPD_COLUMNS,
    Listing,
    simulate_reports,
    write_caiso_queue_snapshot,
)
from maestro_assets.lib.synthetic.eia860m import DEFAULT_SEED as EIA_SEED
from maestro_assets.lib.synthetic.eia860m import simulate_fleet
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file
from maestro_assets_tests.lib.queue_helpers import (
    Rows,
    frames_with_real,
    growth_at_double_scale,
    html_page,
    regenerated,
    seeded_stages,
    sheet_rows,
    status_key_problems,
    status_keys,
    truncated,
    workbook_bytes,
)

REAL_FILE = "queues/caiso_public_queue_report_2025-01-23.xlsx"
SNAPSHOT_DIR = SNAPSHOTS / SPEC.source_id
STAGING_SQL = (
    DBT_PROJECT_DIR / "models" / "staging" / "caiso_queue" / "stg_caiso_queue__projects.sql"
)
TPD_COLUMNS = {"tpd_allocation_percentage", "tpd_allocation_group"}


@cache
def real_parsed():
    return parse(realdata_file(REAL_FILE).read_bytes(), REAL_FILE)


@cache
def simulated() -> dict[date, list[Listing]]:
    """The runs the bundled snapshot was generated from (scale 1, default seed)."""
    return simulate_reports(1, DEFAULT_SEED)


def bundled_report(run: date) -> bytes:
    return (SNAPSHOT_DIR / "reports" / f"publicqueuereport_{run:%Y-%m-%d}.xlsx").read_bytes()


@cache
def parsed_run(run: date):
    return parse(bundled_report(run), f"publicqueuereport_{run}.xlsx")


def by_position(run: date) -> dict[str, dict]:
    return {row["queue_position"]: row for row in parsed_run(run).frame.iter_rows(named=True)}


def listings_of(story: str) -> list[list[Listing | None]]:
    """Each scripted project of a story, as it stands in every run (None: not listed)."""
    positions = {
        listing.project.queue_position
        for listings in simulated().values()
        for listing in listings
        if listing.project.story == story
    }
    return [
        [
            next((x for x in simulated()[run] if x.project.queue_position == position), None)
            for run in RUN_DATES
        ]
        for position in sorted(positions, key=str)
    ]


# --- the real report ------------------------------------------------------------------------


def test_real_report_rows_per_sheet_and_note_rows_dropped():
    notes = real_parsed().notes
    assert notes["rows_by_sheet"] == {
        ACTIVE_SHEET: 393,
        COMPLETED_SHEET: 220,
        WITHDRAWN_SHEET: 1666,
    }
    # the active sheet ends with a four-line legend and a disclaimer, the others a disclaimer
    assert notes["note_rows_dropped"] == {ACTIVE_SHEET: 5, COMPLETED_SHEET: 1, WITHDRAWN_SHEET: 1}
    assert notes["unrecognized_columns"] == []
    assert notes["report_run_date"] == "2025-01-23"


def test_real_report_status_keys_have_the_verified_distribution():
    assert Counter(status_keys(status_key, real_parsed().frame)) == {
        "WITHDRAWN": 1666,
        "COMPLETED": 220,
        "ACTIVE|IA Executed": 203,
        "ACTIVE|Phase II Complete": 176,
        "ACTIVE|IA In Progress": 11,
        "ACTIVE|In Study": 2,
        "ACTIVE|Suspended": 1,
    }


def test_known_real_projects_keep_their_published_cells():
    frame = real_parsed().frame
    rows = {row["queue_position"]: row for row in frame.iter_rows(named=True)}
    montezuma = rows["22"]  # a wind + battery hybrid whose net MW is below its triples' sum
    assert montezuma["sheet"] == ACTIVE_SHEET
    assert montezuma["project_name"] == "MONTEZUMA (HIGH WINDS III)"
    assert (montezuma["fuel_1"], montezuma["fuel_2"], montezuma["fuel_3"]) == (
        "Wind Turbine",
        "Battery",
        None,
    )
    assert (montezuma["mw_1"], montezuma["mw_2"], montezuma["net_mws_to_grid"]) == (
        "38",
        "38",
        "38",
    )
    assert montezuma["county"] == "SOLANO"
    assert montezuma["interconnection_agreement_status"] == "Executed"
    rampa = rows["1641"]
    assert rampa["sheet"] == COMPLETED_SHEET
    assert rampa["application_status"] == "COMPLETED"
    assert (rampa["mw_1"], rampa["net_mws_to_grid"]) == ("100.98", "100")
    assert rampa["actual_on_line_date"].startswith("2024-09-20")
    tungsten = rows["2199"]
    assert tungsten["sheet"] == WITHDRAWN_SHEET
    assert tungsten["project_name_confidential"] == "TUNGSTEN BESS"
    assert tungsten["withdrawn_date"].startswith("2024-11-27")


def test_real_header_cells_with_line_breaks_become_plain_column_names():
    frame = real_parsed().frame
    active = frame.filter(pl.col("sheet") == ACTIVE_SHEET)
    for column in (
        "interconnection_request_receive_date",
        "proposed_on_line_date_as_filed_with_ir",
        "system_impact_study_or_phase_i_cluster_study",
        "interconnection_agreement_status",
    ):
        assert active[column].null_count() < active.height, column


def test_real_legend_and_disclaimer_rows_are_not_projects():
    frame = real_parsed().frame
    text = pl.concat_str(pl.all().exclude("source_row").fill_null(""), separator="|")
    assert not frame.select(text.str.contains("Legend|●|subject to change").any()).item()
    assert frame["queue_position"].null_count() == 0
    assert frame["queue_position"].n_unique() == frame.height  # one sheet per position


def test_real_withdrawn_names_come_from_the_confidential_name_column():
    frame = real_parsed().frame
    withdrawn = frame.filter(pl.col("sheet") == WITHDRAWN_SHEET)
    assert withdrawn["project_name_confidential"].null_count() == 0  # titled so, yet filled
    assert withdrawn["project_name"].null_count() == withdrawn.height  # not that sheet's column
    others = frame.filter(pl.col("sheet") != WITHDRAWN_SHEET)
    assert others["project_name_confidential"].null_count() == others.height


def test_real_source_rows_point_at_the_sheet_row_of_the_project():
    reader = fastexcel.read_excel(realdata_file(REAL_FILE).read_bytes())
    frame = real_parsed().frame
    for sheet in (ACTIVE_SHEET, COMPLETED_SHEET, WITHDRAWN_SHEET):
        cells = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
        rows = frame.filter(pl.col("sheet") == sheet)
        for row in rows.head(3).vstack(rows.tail(3)).iter_rows(named=True):
            assert cells.row(row["source_row"] - 1)[1] == row["queue_position"]  # sheet row 1 first


def test_real_report_states_its_run_date():
    assert stated_vintage(realdata_file(REAL_FILE).read_bytes()) == date(2025, 1, 23)


# --- the bundled runs -----------------------------------------------------------------------


def test_the_snapshot_records_one_report_per_run_date_stating_that_date():
    entries = json.loads((SNAPSHOT_DIR / "responses.json").read_text())["responses"]
    assert [e["vintage"] for e in entries] == [run.isoformat() for run in RUN_DATES]
    assert {e["url"] for e in entries} == {"https://www.caiso.com/documents/publicqueuereport.xlsx"}
    for run in RUN_DATES:
        assert stated_vintage(bundled_report(run)) == run


def test_fetch_replays_the_report_recorded_for_each_vintage():
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests/0 (t@example.org)")
    for run in RUN_DATES:
        (response,) = ADAPTER.fetch(client, run)
        assert response.content == bundled_report(run)


@pytest.mark.parametrize("run", RUN_DATES, ids=str)
def test_every_bundled_run_has_one_row_per_simulated_listing_with_its_status(run):
    frame = parsed_run(run).frame
    expected = {(str(x.project.queue_position), x.sheet, x.status_key) for x in simulated()[run]}
    keys = status_keys(status_key, frame)
    parsed = set(zip(frame["queue_position"], frame["sheet"], keys, strict=True))
    assert parsed == expected
    assert frame.height == len(simulated()[run])
    assert parsed_run(run).notes["rows_by_sheet"] == {
        sheet: sum(1 for x in simulated()[run] if x.sheet == sheet)
        for sheet in (ACTIVE_SHEET, COMPLETED_SHEET, WITHDRAWN_SHEET)
    }


@pytest.mark.parametrize("run", RUN_DATES, ids=str)
def test_bundled_runs_carry_the_real_title_legend_and_header_layout(run):
    reader = fastexcel.read_excel(bundled_report(run))
    assert reader.sheet_names == [ACTIVE_SHEET, COMPLETED_SHEET, WITHDRAWN_SHEET]
    active = reader.load_sheet(ACTIVE_SHEET, header_row=None, dtypes="string").to_polars()
    assert active.row(0)[-2] == f"Report Run Date: {run:%m/%d/%Y}"
    assert active.row(3)[:2] == ("Project Name", "Queue Position")
    assert "Interconnection Agreement \nStatus" in active.row(3)
    assert parsed_run(run).notes["note_rows_dropped"] == {
        ACTIVE_SHEET: 5,
        COMPLETED_SHEET: 1,
        WITHDRAWN_SHEET: 1,
    }


def test_optional_columns_come_and_go_between_runs():
    present = {run: set(parsed_run(run).notes["optional_columns_present"]) for run in RUN_DATES}
    assert not TPD_COLUMNS & present[WITHOUT_TPD_COLUMNS]
    assert "net_mws_to_grid" not in present[WITHOUT_NET_MW_COLUMN]
    assert TPD_COLUMNS | {"net_mws_to_grid"} <= present[RUN_DATES[-1]]
    without_net = parsed_run(WITHOUT_NET_MW_COLUMN).frame
    assert without_net["net_mws_to_grid"].null_count() == without_net.height
    assert without_net["mw_1"].null_count() == 0  # capacity falls back to MW-1..3


def test_withdrawing_projects_move_to_the_withdrawn_sheet_with_a_withdrawal_date():
    stories = listings_of("withdrawing")
    assert len(stories) == 3
    for listings in stories:
        position = str(listings[0].project.queue_position)
        assert by_position(RUN_DATES[0])[position]["sheet"] == ACTIVE_SHEET
        last = by_position(RUN_DATES[-1])[position]
        assert (last["sheet"], last["application_status"]) == (WITHDRAWN_SHEET, "WITHDRAWN")
        assert last["withdrawn_date"].startswith(listings[-1].withdrawn.isoformat())


def test_a_vanishing_project_is_simply_absent_later():
    (listings,) = listings_of("vanishing")
    position = str(listings[0].project.queue_position)
    assert position in by_position(RUN_DATES[0])
    assert all(position not in by_position(run) for run in RUN_DATES[1:])


def test_completing_projects_reach_the_completed_sheet():
    for listings in listings_of("completing"):
        position = str(listings[0].project.queue_position)
        assert [by_position(run)[position]["sheet"] for run in RUN_DATES] == [
            ACTIVE_SHEET,
            ACTIVE_SHEET,
            COMPLETED_SHEET,
        ]
        assert by_position(RUN_DATES[-1])[position]["actual_on_line_date"] is not None


def test_the_regressing_project_moves_back_a_stage_and_then_forward():
    (listings,) = listings_of("regressing")
    position = str(listings[0].project.queue_position)
    keys = [status_key(by_position(run)[position]) for run in RUN_DATES]
    assert keys == [x.status_key for x in listings]
    stages = [seeded_stages(SPEC.source_id)[key] for key in keys]
    assert stages == ["advanced_study", "early_study", "advanced_study"]
    assert by_position(RUN_DATES[1])[position]["system_impact_study_or_phase_i_cluster_study"] == (
        "Re-Study"
    )


def test_advancing_and_suspended_projects_change_status_as_scripted():
    for story in ("advancing", "suspending"):
        for listings in listings_of(story):
            position = str(listings[0].project.queue_position)
            keys = [status_key(by_position(run)[position]) for run in RUN_DATES]
            assert keys == [x.status_key for x in listings]
            assert len(set(keys)) > 1, (story, keys)


def test_newcomers_appear_after_the_first_run():
    stories = listings_of("newcomer")
    assert len(stories) == 4
    for listings in stories:
        position = str(next(x for x in listings if x).project.queue_position)
        assert position not in by_position(RUN_DATES[0])
        assert position in by_position(RUN_DATES[-1])


def test_about_a_third_of_the_projects_are_california_eia_units():
    fleet = simulate_fleet(1, EIA_SEED)
    for run in RUN_DATES:
        listings = simulated()[run]
        drawn = [x for x in listings if x.project.story == EIA_STORY]
        assert 0.25 <= len(drawn) / len(listings) <= 0.45
        units = {
            (r.generator.site.plant_id, r.generator.generator_id): r.generator
            for r in fleet[run.replace(day=1)]
        }
        rows = by_position(run)
        for listing in drawn:
            project = listing.project
            row = rows[str(project.queue_position)]
            generators = [
                units[(project.eia_plant_id, g)]
                for g in project.eia_generator_ids
                if (project.eia_plant_id, g) in units
            ]
            assert generators
            site = generators[0].site
            assert (row["county"], row["state"]) == (site.county.upper(), site.state)
            assert row["fuel_1"] == EIA_TRIPLES[generators[0].technology.name].fuel
            nameplate = sum(g.nameplate_mw for g in generators)
            capacity = float(row["net_mws_to_grid"] or row["mw_1"])
            assert abs(capacity - nameplate) <= 0.05 * nameplate
            assert row["project_name"] or row["project_name_confidential"]
            name = row["project_name"] or row["project_name_confidential"]
            assert name.startswith(site.plant_name.upper())


def test_the_generator_is_deterministic_and_wrote_the_bundled_snapshot(tmp_path: Path):
    written = regenerated(write_caiso_queue_snapshot, tmp_path, SNAPSHOT_DIR)
    assert written == (list(RUN_DATES), [])


def test_the_simulation_grows_linearly_with_scale():
    assert all(1.6 <= g <= 2.4 for g in growth_at_double_scale(simulate_reports, DEFAULT_SEED))


# --- status mapping -------------------------------------------------------------------------


def test_the_staging_sql_composes_the_parser_status_keys_and_each_has_a_ladder_stage():
    frames = frames_with_real([parsed_run(run).frame for run in RUN_DATES], real_parsed)
    column = "application_status"
    assert status_key_problems(SPEC.source_id, STAGING_SQL, column, status_key, frames) == []


# --- bad input ------------------------------------------------------------------------------


def edited(sheet: str, change: Callable[[Rows], Rows | None]) -> bytes:
    sheets = sheet_rows(bundled_report(RUN_DATES[-1]))
    sheets[sheet] = change(sheets[sheet])
    return workbook_bytes({name: rows for name, rows in sheets.items() if rows is not None})


def renamed(title: str, new_title: str) -> Callable[[Rows], Rows]:
    def change(rows: Rows) -> Rows:
        header = [new_title if cell == title else cell for cell in rows[3]]
        return [*rows[:3], header, *rows[4:]]

    return change


@pytest.mark.parametrize(
    ("sheet", "title", "column"),
    [
        (ACTIVE_SHEET, "Queue Position", "queue_position"),
        (ACTIVE_SHEET, "Interconnection Agreement \nStatus", "interconnection_agreement_status"),
        (WITHDRAWN_SHEET, "Withdrawn Date", "withdrawn_date"),
    ],
)
def test_a_renamed_required_column_is_a_schema_error_naming_it(sheet, title, column):
    content = edited(sheet, renamed(title, "Something Else"))
    with pytest.raises(SchemaError, match=rf"missing required column\(s\): {column}") as error:
        parse(content, "edited.xlsx")
    assert f"sheet {sheet!r}" in str(error.value)


def test_a_missing_sheet_is_named():
    content = edited(COMPLETED_SHEET, lambda rows: None)
    with pytest.raises(SchemaError, match=f"sheet '{COMPLETED_SHEET}' is missing"):
        parse(content, "edited.xlsx")


def test_an_html_page_served_instead_of_the_report_is_a_format_error():
    title = "Page Not Found | California ISO"
    with pytest.raises(FormatError, match=re.escape(f"HTML page titled '{title}'")):
        parse(html_page(title), "publicqueuereport.xlsx")


@pytest.mark.parametrize("fraction", [0.3, 0.8])
def test_a_truncated_report_is_a_format_error(fraction):
    with pytest.raises(FormatError, match="truncated or corrupt"):
        parse(truncated(bundled_report(RUN_DATES[0]), fraction), "truncated.xlsx")


def test_a_report_without_a_run_date_states_no_vintage():
    content = edited(ACTIVE_SHEET, lambda rows: [[None] * len(rows[0]), *rows[1:]])
    sheets = sheet_rows(content)
    for name in (COMPLETED_SHEET, WITHDRAWN_SHEET):
        sheets[name][0] = [None] * len(sheets[name][0])
    assert stated_vintage(workbook_bytes(sheets)) is None
