"""SPP active requests: the real xlsx copy, the bundled CSV exports, replay, bad files."""

import csv
import io
from datetime import date, datetime
from functools import cache

import polars as pl
import pytest
import xlsxwriter

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.spp_queue import ADAPTER, SPEC, parse, stated_vintage
from maestro_assets.lib.synthetic.queue_fleet import fleet_plants
from maestro_assets.lib.synthetic.spp_queue import (
    DEFAULT_SEED,
    NO_STATUS,
    RENAMED_COLUMN,
    VINTAGES,
    Request,
    simulate_queue,
    write_spp_queue_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file
from maestro_assets_tests.lib.queue_helpers import (
    html_page,
    regenerated,
    seeded_stages,
    truncated,
    unstaged_keys,
)

SNAPSHOT_DIR = SNAPSHOTS / "spp_queue"
REAL_SHEET = "SPP GI_ActiveRequest"


@cache
def real_parsed():
    path = realdata_file("queues/spp_gi_active_request_2025-01-22.xlsx")
    return parse(path.read_bytes(), path.name)


def real_row(number: str) -> dict:
    frame = real_parsed().frame
    (row,) = frame.filter(pl.col("generation_interconnection_number") == number).to_dicts()
    return row


@cache
def simulated() -> list[Request]:
    return simulate_queue(1, DEFAULT_SEED)


def bundled_csv(vintage: date) -> bytes:
    return (SNAPSHOT_DIR / vintage.isoformat() / "GI_ActiveRequest.csv").read_bytes()


@cache
def bundled(vintage: date):
    return parse(bundled_csv(vintage), f"{vintage}.csv")


def statuses_of(number: str) -> list[str | None]:
    result = []
    for vintage in VINTAGES:
        frame = bundled(vintage).frame.filter(pl.col("generation_interconnection_number") == number)
        result.append(frame["status"].item() if frame.height else None)
    return result


def request(role: str) -> Request:
    return next(r for r in simulated() if r.role == role)


# --- the real file (an Excel copy of the export) ---------------------------------------------


def test_real_copy_holds_908_active_requests_below_the_last_updated_line():
    parsed = real_parsed()
    assert parsed.notes["form"] == "xlsx"
    assert parsed.notes["rows_by_sheet"] == {REAL_SHEET: 908}
    assert parsed.notes["note_rows_dropped"] == 0
    assert parsed.frame["source_row"][0] == 3  # row 1 Last Updated On, row 2 the header


def test_real_status_distribution():
    assert real_parsed().notes["statuses"] == {
        "DISIS STAGE": 419,
        "FACILITY STUDY STAGE": 56,
        "IA FULLY EXECUTED/COMMERCIAL OPERATION": 263,
        "IA FULLY EXECUTED/ON SCHEDULE": 138,
        "IA FULLY EXECUTED/ON SUSPENSION": 8,
        "IA PENDING": 17,
        "None": 7,
    }


def test_real_known_requests():
    row = real_row("GEN-2024-SR9")
    assert (row["status"], row["capacity"], row["state"]) == ("IA PENDING", "150", "OK")
    assert row["nearest_town_or_county"] == "Beaver County"  # header ' Nearest Town or County'
    assert row["request_received"] == "2024-01-26 00:00:00"
    old = real_row("GEN-2001-014")
    assert (old["status"], old["nearest_town_or_county"]) == (
        "IA FULLY EXECUTED/COMMERCIAL OPERATION",
        "Sleeping Bear",
    )


def test_real_new_replacement_and_surplus_requests_print_the_text_none_as_status():
    frame = real_parsed().frame.filter(pl.col("status") == NO_STATUS)
    assert frame.height == 7
    assert set(frame["current_cluster"]) == {"Replacement", "Surplus"}


def test_real_cause_of_delay_keeps_an_ownership_transfer_as_published():
    cause = real_row("GEN-2024-SR6")["cause_of_delay"]
    assert cause.startswith("EGF: GEN-2017-075 rc\r\nOwnership Transfer from Sunchase to Leeward")


def test_real_file_has_no_project_or_developer_name_and_no_withdrawn_request():
    columns = set(real_parsed().frame.columns)
    assert not {"project_name", "developer", "interconnecting_entity"} & columns
    assert real_parsed().frame["date_withdrawn"].null_count() == 908
    assert "WITHDRAWN" not in real_parsed().notes["statuses"]


def test_real_stated_vintage_is_last_updated_on():
    path = realdata_file("queues/spp_gi_active_request_2025-01-22.xlsx")
    assert stated_vintage(path.read_bytes()) == date(2025, 1, 22)


def test_every_real_and_bundled_status_has_a_stage():
    statuses = set(real_parsed().frame["status"])
    for vintage in VINTAGES:
        statuses |= set(bundled(vintage).frame["status"])
    assert unstaged_keys(SPEC.source_id, statuses) == set()
    assert seeded_stages(SPEC.source_id)["IA FULLY EXECUTED/COMMERCIAL OPERATION"] == "operating"
    assert seeded_stages(SPEC.source_id)["IA FULLY EXECUTED/ON SUSPENSION"] == "suspended"


# --- the bundled CSV exports ---------------------------------------------------------------


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_every_bundled_export_lists_exactly_the_simulated_active_requests(vintage):
    parsed = bundled(vintage)
    listed = [r for r in simulated() if r.listed(vintage)]
    assert parsed.notes["form"] == "csv"
    assert parsed.notes["rows_by_sheet"] == {"csv": len(listed)}
    got = dict(parsed.frame.select("generation_interconnection_number", "status").iter_rows())
    assert got == {r.number: r.status(vintage) for r in listed}


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_bundled_export_states_its_last_updated_date(vintage):
    assert stated_vintage(bundled_csv(vintage)) == vintage
    assert bundled(vintage).notes["last_updated_on"] == vintage.isoformat()


@pytest.mark.parametrize(
    "role",
    ["advancing", "reached_commercial_operation", "regressed", "suspended", "withdrawn",
     "vanished", "new"],
)  # fmt: skip
def test_designed_requests_change_status_as_simulated(role):
    for r in (q for q in simulated() if q.role == role):
        assert statuses_of(r.number) == list(r.statuses)


def test_a_withdrawn_request_simply_drops_off_the_active_list():
    r = request("withdrawn")
    assert statuses_of(r.number) == [r.statuses[0], None, None]
    for vintage in VINTAGES[1:]:
        assert "date_withdrawn" in bundled(vintage).frame.columns
        assert (
            bundled(vintage).frame["date_withdrawn"].null_count() == bundled(vintage).frame.height
        )


def test_an_ownership_transfer_appears_in_cause_of_delay():
    r = request("ownership_transferred")
    causes = []
    for vintage in VINTAGES:
        frame = bundled(vintage).frame.filter(
            pl.col("generation_interconnection_number") == r.number
        )
        causes.append(frame["cause_of_delay"].item())
    assert causes[0] is None
    assert causes[1] == causes[2] == r.causes[1]
    assert "Ownership Transfer" in causes[1]


def test_a_renamed_optional_column_is_read_under_either_name():
    _, _, since = RENAMED_COLUMN
    before = bundled(VINTAGES[0])
    after = bundled(since)
    assert "replacement_generator_commercial_op_date" in before.notes["optional_columns_present"]
    assert "original_generator_commercial_op_date" in after.notes["optional_columns_present"]
    assert "replacement_generator_commercial_op_date" not in after.notes["optional_columns_present"]
    replaced = request("replacement")
    frame = after.frame.filter(pl.col("generation_interconnection_number") == replaced.number)
    assert frame["original_generator_commercial_op_date"].item() == "12/31/2004"


def test_a_third_of_the_requests_are_eia_units_with_their_state_county_and_capacity():
    plants = {(p.plant_id, p.technology.name): p for p in fleet_plants(1, "SWPP")}
    derived = [r for r in simulated() if r.eia_plant_id is not None]
    assert 0.25 <= len(derived) / len(simulated()) <= 0.4
    for r in derived:
        plant = plants[(r.eia_plant_id, r.eia_technology)]
        assert r.state == plant.state
        assert r.town_or_county.removesuffix(" County") == plant.county
        assert abs(r.capacity_mw / plant.nameplate_mw - 1) <= 0.05


def test_the_snapshot_generator_is_deterministic_and_matches_the_bundle(tmp_path):
    assert regenerated(write_spp_queue_snapshot, tmp_path, SNAPSHOT_DIR) == (list(VINTAGES), [])


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_fetch_replays_the_export_recorded_for_the_vintage(vintage):
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "maestro-tests/0")
    (response,) = ADAPTER.fetch(client, vintage)
    assert response.url == "https://opsportal.spp.org/Studies/GenerateActiveCSV"
    assert response.content == bundled_csv(vintage)


def test_an_excel_copy_of_an_export_parses_to_the_same_rows():
    vintage = VINTAGES[0]
    records = list(csv.reader(io.StringIO(bundled_csv(vintage).decode(), newline="")))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(REAL_SHEET)
    dates = book.add_format({"num_format": "m/d/yyyy"})
    for index, record in enumerate(records):
        for column, text in enumerate(record):
            if not text:
                continue
            try:
                day = datetime.strptime(text, "%m/%d/%Y")
            except ValueError:
                sheet.write_string(index, column, text)
            else:
                sheet.write_datetime(index, column, day, dates)
    book.close()
    copy = parse(buffer.getvalue(), "copy.xlsx")
    assert stated_vintage(buffer.getvalue()) == vintage
    as_csv = bundled(vintage).frame
    assert copy.frame.height == as_csv.height
    assert copy.frame["source_row"].to_list() == as_csv["source_row"].to_list()
    same = ["generation_interconnection_number", "status", "capacity", "nearest_town_or_county"]
    assert copy.frame.select(same).equals(as_csv.select(same))
    assert copy.frame["request_received"][0].endswith(" 00:00:00")  # a date cell


# --- bad files -----------------------------------------------------------------------------


def test_a_renamed_required_column_is_a_schema_error_naming_it():
    content = bundled_csv(VINTAGES[0]).replace(b'"Status"', b'"Project Status"', 1)
    with pytest.raises(SchemaError, match=r"missing required column\(s\): status"):
        parse(content, "renamed.csv")


def test_an_html_page_is_a_format_error():
    with pytest.raises(FormatError, match="HTML page titled 'OPS Portal - Sign In'"):
        parse(html_page("OPS Portal - Sign In"), "GenerateActiveCSV")


def test_an_empty_download_is_a_format_error():
    with pytest.raises(FormatError, match="empty file"):
        parse(b"", "GenerateActiveCSV")


@pytest.mark.parametrize("fraction", [0.5, 0.77])
def test_a_truncated_export_is_a_format_error(fraction):
    cut = truncated(bundled_csv(VINTAGES[0]), fraction).rstrip(b"\r\n")  # a cut mid-record
    with pytest.raises(FormatError, match="truncated"):
        parse(cut, "truncated.csv")


def test_a_truncated_excel_copy_is_a_format_error():
    content = realdata_file("queues/spp_gi_active_request_2025-01-22.xlsx").read_bytes()
    with pytest.raises(FormatError, match="truncated or corrupt"):
        parse(content[:20_000], "truncated.xlsx")
