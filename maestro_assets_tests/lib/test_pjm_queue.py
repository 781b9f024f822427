"""PJM queue export: the real January 2025 export, the bundled synthetic pulls, bad files.

The staging model is exercised without dbt: its SQL is rendered with plain Jinja (source,
ref and the canonical_fuel macro stubbed or loaded) and run in DuckDB over parsed rows.
"""

from collections import Counter
from datetime import date
from functools import cache

import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.settings import DBT_PROJECT_DIR
from maestro_assets.lib.sources import pjm_queue
from maestro_assets.lib.sources.pjm_queue import ADAPTER, parse, status_key
from maestro_assets.lib.synthetic.eia860m import simulate_fleet
from maestro_assets.lib.synthetic.pjm_queue import (
    BACKFILL_PULL,
    COMMERCIAL_NAME_FROM,
    HEADER,
    RUNGS,
    TC1_FROM,
    TC1_SUFFIX,
    VINTAGES,
    simulate_queue,
    write_pjm_queue_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file
from maestro_assets_tests.lib.queue_helpers import (
    frames_with_real,
    html_page,
    regenerated,
    seeded_stages,
    staged,
    status_key_problems,
    status_keys,
    truncated,
    unstaged_keys,
    workbook_bytes,
)

REAL_FILE = "queues/pjm_queue_export_2025-01.xlsx"
SNAPSHOT_DIR = SNAPSHOTS / "pjm_queue"
STAGING_SQL = DBT_PROJECT_DIR / "models/staging/pjm_queue/stg_pjm_queue__projects.sql"

# --- the real export --------------------------------------------------------------------------


@cache
def real_content() -> bytes:
    return realdata_file(REAL_FILE).read_bytes()


@cache
def real_parsed():
    return parse(real_content(), REAL_FILE)


@cache
def real_staged() -> pl.DataFrame:
    return staged(STAGING_SQL, {date(2025, 1, 31): real_parsed().frame}, "pjm_queue")


def real_row(project_id: str) -> dict:
    (row,) = real_parsed().frame.filter(pl.col("project_id") == project_id).iter_rows(named=True)
    return row


def test_the_real_export_parses_every_request_of_the_data_sheet_only():
    parsed = real_parsed()
    assert parsed.frame.height == 8190
    assert parsed.notes["rows_by_sheet"] == {"Data": 8190}
    assert parsed.notes["sheets_without_projects"] == ["Definitions-Mapping"]
    assert parsed.notes["unrecognized_columns"] == []
    assert "commercial_name" in parsed.notes["optional_columns_present"]
    assert parsed.frame["project_id"].n_unique() == 8190
    assert parsed.frame["source_row"].to_list() == list(range(2, 8192))


def test_real_status_distribution_is_as_published():
    statuses = Counter(real_parsed().frame["status"])
    assert statuses == {
        "Withdrawn": 4744,
        "Active": 1746,
        "In Service": 1172,
        "Engineering and Procurement": 253,
        "Suspended": 134,
        "Deactivated": 59,
        "Under Construction": 59,
        "Partially in Service - Under Construction": 22,
        "Canceled": 1,
    }


def test_real_active_requests_are_keyed_by_the_furthest_study_begun():
    keys = Counter(status_key(row) for row in real_parsed().frame.iter_rows(named=True))
    assert keys["Active|Feasibility Study"] == 1441
    assert keys["Active|System Impact Study"] == 84
    assert keys["Active|Facilities Study"] == 221
    assert keys["Active"] == 0


def test_a_known_real_request_keeps_its_cells_as_published():
    row = real_row("A01")
    assert row["source_row"] == 2
    assert (row["name"], row["commercial_name"]) == ("South Lebanon 230 KV", "Ironwood")
    assert (row["state"], row["county"], row["status"]) == ("PA", "Lebanon", "In Service")
    assert (row["mfo"], row["mw_energy"], row["mw_capacity"]) == ("720", "720", "673")
    assert (row["submitted_date"], row["actual_in_service_date"]) == ("4/1/1997", "4/1/2002")
    assert row["project_ac_dc"] is None  # a blank cell is null, not ''


def test_real_canceled_request_in_west_virginia():
    row = real_row("AC1-073")
    assert (row["status"], row["state"], row["name"]) == (
        "Canceled",
        "WV",
        "Laurel Mountain 138 kV",
    )


def test_name_is_the_point_of_interconnection_and_staging_never_uses_it_as_project_name():
    frame = real_staged()
    a01 = frame.filter(pl.col("project_id") == "A01").row(0, named=True)
    assert (a01["poi_name"], a01["project_name"]) == ("South Lebanon 230 KV", "Ironwood")
    without_name = frame.filter(pl.col("project_name").is_null())
    assert without_name.height == 8190 - 2332  # no Commercial Name: no project name at all
    assert without_name["poi_name"].null_count() < without_name.height


def test_transition_cycle_suffix_is_dropped_from_the_staged_project_id():
    raw = real_row("AE1-070 - moved to TC1")
    assert raw["status"] == "Active"
    assert real_parsed().frame["project_id"].str.ends_with(" - moved to TC1").sum() == 318
    staged_row = real_staged().filter(pl.col("project_id") == "AE1-070").row(0, named=True)
    assert staged_row["capacity_mw"] == 135.0  # capacity-only uprate: MW Energy 0, Capacity 135


def test_real_file_stages_completely():
    frame = real_staged()
    assert frame.height == 8190
    assert frame["project_vintage_key"].n_unique() == 8190
    assert frame["stage"].null_count() == 0
    assert frame["record_kind"].value_counts().sort("record_kind").rows() == [
        ("active", 2214),
        ("cancelled", 1),
        ("deactivated", 59),
        ("in_service", 1172),
        ("withdrawn", 4744),
    ]
    a01 = frame.filter(pl.col("project_id") == "A01").row(0, named=True)
    assert (a01["queue_date"], a01["in_service_date"]) == (date(1997, 4, 1), date(2002, 4, 1))
    assert (a01["stage"], a01["fuel"], a01["capacity_mw"]) == ("operating", "gas", 720.0)
    assert frame["queue_date"].null_count() == 0
    assert frame.filter(pl.col("record_kind") == "withdrawn")["withdrawal_date"].null_count() == 100


def test_the_real_export_states_no_as_of_date():
    assert ADAPTER.stated_vintage(real_content()) is None


# --- the bundled synthetic pulls ------------------------------------------------------------------


@cache
def simulated():
    return simulate_queue()


@cache
def bundled(pull: int) -> bytes:
    return (SNAPSHOT_DIR / f"exports/{VINTAGES[pull].isoformat()}/PlanningQueues.xlsx").read_bytes()


@cache
def parsed_pull(pull: int):
    return parse(bundled(pull), f"pull {pull}")


@cache
def synthetic_staged() -> pl.DataFrame:
    parsed = {VINTAGES[p]: parsed_pull(p).frame for p in range(len(VINTAGES))}
    return staged(STAGING_SQL, parsed, "pjm_queue")


def listed(pull: int) -> dict[str, object]:
    """Project ID as the export writes it -> the simulated request listed in that pull."""
    return {
        r.project_id + (TC1_SUFFIX if r.listings[pull].moved_to_tc1 else ""): r
        for r in simulated()
        if r.listings[pull] is not None
    }


def key_in(pull: int, project_id: str) -> str | None:
    frame = synthetic_staged().filter(
        (pl.col("vintage") == VINTAGES[pull]) & (pl.col("project_id") == project_id)
    )
    return frame["status_raw"][0] if frame.height else None


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    assert regenerated(write_pjm_queue_snapshot, tmp_path, SNAPSHOT_DIR) == (list(VINTAGES), [])


def test_three_monthly_pulls_are_recorded_for_one_url():
    from maestro_assets.lib.http import SnapshotStore

    store = SnapshotStore(SNAPSHOT_DIR, "pjm_queue")
    assert store.vintages() == list(VINTAGES)
    assert {e["url"] for e in store.entries()} == {pjm_queue.EXPORT_REQUEST.public_url}


@pytest.mark.parametrize("pull", range(len(VINTAGES)))
def test_each_pull_lists_the_simulated_requests_with_their_status(pull):
    frame = parsed_pull(pull).frame
    expected = listed(pull)
    assert sorted(frame["project_id"]) == sorted(expected)
    for row in frame.iter_rows(named=True):
        assert row["status"] == expected[row["project_id"]].listings[pull].status


def test_commercial_name_is_absent_from_the_first_pull_only():
    for pull in range(len(VINTAGES)):
        present = "commercial_name" in parsed_pull(pull).notes["optional_columns_present"]
        assert present == (pull >= COMMERCIAL_NAME_FROM)
    assert synthetic_staged().filter(pl.col("vintage") == VINTAGES[0])[
        "project_name"
    ].null_count() == (parsed_pull(0).frame.height)


def test_advancing_regressing_and_withdrawn_requests_change_status_as_designed():
    by_role = Counter()
    for request in simulated():
        first, last = request.listings[0], request.listings[-1]
        if request.role == "advance":
            assert RUNGS.index(last.state) > RUNGS.index(first.state)
            assert key_in(0, request.project_id) != key_in(2, request.project_id)
        elif request.role == "regress":
            assert RUNGS.index(request.listings[1].state) == RUNGS.index(first.state) - 1
            assert key_in(0, request.project_id) != key_in(1, request.project_id)
        elif request.role == "withdraw":
            assert first.state != "withdrawn" and last.state == "withdrawn"
            assert key_in(2, request.project_id) == "Withdrawn"
            assert last.withdrawn is not None
        else:
            continue
        by_role[request.role] += 1
    assert by_role == {"advance": 16, "regress": 3, "withdraw": 8}


def test_vanished_requests_are_simply_gone_and_new_ones_appear():
    vanished = [r for r in simulated() if r.role == "vanish"]
    new = [r for r in simulated() if r.role == "new"]
    assert len(vanished) == 3 and len(new) == 8
    for request in vanished:
        assert key_in(0, request.project_id) is not None
        assert key_in(2, request.project_id) is None  # absent, not withdrawn
    for request in new:
        assert key_in(0, request.project_id) is None
        assert key_in(2, request.project_id) == "Active|Feasibility Study"


def test_the_last_pull_suddenly_includes_years_of_withdrawn_history():
    backfill = [r for r in simulated() if r.role == "backfill"]
    assert len(backfill) == 25
    for request in backfill:
        assert [x is not None for x in request.listings] == [
            p == BACKFILL_PULL for p in range(len(VINTAGES))
        ]
        assert request.submitted < date(2017, 1, 1)
        assert key_in(BACKFILL_PULL, request.project_id) == "Withdrawn"
    frame = synthetic_staged()
    counts = frame.group_by("vintage").len().sort("vintage")["len"].to_list()
    assert counts[BACKFILL_PULL] - counts[BACKFILL_PULL - 1] >= 25


def test_transition_cycle_requests_keep_one_staged_id_across_pulls():
    moved = [r for r in simulated() if r.role == "tc1"]
    assert len(moved) == 4
    frame = synthetic_staged()
    for request in moved:
        raw_ids = [
            parsed_pull(p).frame.filter(pl.col("project_id").str.starts_with(request.project_id))[
                "project_id"
            ][0]
            for p in range(len(VINTAGES))
        ]
        assert raw_ids[TC1_FROM] == request.project_id + TC1_SUFFIX
        assert raw_ids[0] == request.project_id
        assert frame.filter(pl.col("project_id") == request.project_id).height == len(VINTAGES)


def test_about_a_third_of_the_requests_are_pjm_plants_of_the_simulated_eia_fleet():
    fleet = simulate_fleet(1, 860)
    months = [vintage.replace(day=1) for vintage in VINTAGES]
    eia = [r for r in simulated() if r.role == "eia"]
    first_pull = [r for r in simulated() if r.listings[0] is not None]
    assert 0.28 <= len(eia) / len(first_pull) <= 0.45
    staged_second = synthetic_staged().filter(pl.col("vintage") == VINTAGES[1])
    for request in eia:
        monthly = [
            [
                r.generator
                for r in fleet[month]
                if r.generator.site.plant_id == request.plant_id
                and pjm_fuel(r.generator) == request.fuel
            ]
            for month in months
        ]
        site = next(g.site for generators in monthly for g in generators)
        assert site.balancing_authority == "PJM"
        assert (request.state, request.county) == (site.state, site.county)
        nameplate = max(sum(g.nameplate_mw for g in generators) for generators in monthly)
        row = staged_second.filter(pl.col("project_id") == request.project_id).row(0, named=True)
        assert abs(row["capacity_mw"] - nameplate) <= 0.05 * nameplate
        assert site.plant_name.split()[0] in row["project_name"]


def pjm_fuel(generator) -> str:
    return {"SUN": "Solar", "WND": "Wind", "MWH": "Storage", "NG": "Natural Gas", "BIT": "Coal"}[
        generator.technology.energy_source
    ]


# --- status keys: SQL and Python agree, and every key is seeded ---------------------------------


def test_sql_and_python_compose_the_same_status_keys_and_each_has_a_stage():
    frames = frames_with_real([parsed_pull(p).frame for p in range(len(VINTAGES))], real_parsed)
    assert status_key_problems("pjm_queue", STAGING_SQL, "status", status_key, frames) == []


def test_the_real_file_has_its_own_keys_seeded():
    keys = set(status_keys(status_key, real_parsed().frame))
    assert unstaged_keys("pjm_queue", keys) == set()
    assert seeded_stages("pjm_queue")["Deactivated"] == "retired"
    assert seeded_stages("pjm_queue")["Engineering and Procurement"] == "agreement_signed"


# --- bad input --------------------------------------------------------------------------------


def test_a_missing_required_column_is_a_schema_error_naming_it():
    header = ["Project Status" if c == "Status" else c for c in HEADER]
    row = ["AB1-001", "Keystone 230 kV", "Marsh Run Solar", "PA", "Cambria", "Active"]
    content = workbook_bytes({"Data": [header, [*row, "PPL", 20, 20, 8]]})
    with pytest.raises(SchemaError, match=r"missing required column\(s\): status\b"):
        parse(content, "renamed.xlsx")


def test_a_workbook_without_the_data_sheet_is_a_schema_error_naming_it():
    content = workbook_bytes({"Sheet1": [["Project ID", "Name", "Status"], ["A01", "x", "Active"]]})
    with pytest.raises(SchemaError, match="sheet 'Data' is missing"):
        parse(content, "no-data.xlsx")


def test_an_html_page_is_a_format_error_naming_html():
    with pytest.raises(FormatError, match="HTML page titled 'Access Denied'"):
        parse(html_page("Access Denied"), "export")


@pytest.mark.parametrize("fraction", [0.3, 0.9])
def test_a_truncated_export_is_a_format_error(fraction):
    with pytest.raises(FormatError):
        parse(truncated(bundled(0), fraction), "truncated.xlsx")
