"""ISO-NE queue report: the real report of 2025-01-23, the bundled synthetic reports, bad files."""

from collections import Counter
from datetime import date
from functools import cache

import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SnapshotStore
from maestro_assets.lib.settings import DBT_PROJECT_DIR
from maestro_assets.lib.sources.isone_queue import (
    ADAPTER,
    dotnet_ticks,
    export_request,
    parse,
    status_key,
)
from maestro_assets.lib.synthetic.eia860m import simulate_fleet
from maestro_assets.lib.synthetic.isone_queue import (
    HEADER,
    LADDER,
    OS_COLUMN_FROM,
    STAGE_COLUMNS,
    VINTAGES,
    simulate_queue,
    write_isone_queue_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file
from maestro_assets_tests.lib.queue_helpers import (
    frames_with_real,
    html_page,
    regenerated,
    seeded_stages,
    staged,
    status_key_problems,
    truncated,
    unstaged_keys,
    workbook_bytes,
)

REAL_FILE = "queues/isone_queue_report_2025-01-23.xlsx"
SNAPSHOT_DIR = SNAPSHOTS / "isone_queue"
STAGING_SQL = DBT_PROJECT_DIR / "models/staging/isone_queue/stg_isone_queue__projects.sql"

# --- the real report --------------------------------------------------------------------------


@cache
def real_content() -> bytes:
    return realdata_file(REAL_FILE).read_bytes()


@cache
def real_parsed():
    return parse(real_content(), REAL_FILE)


@cache
def real_staged() -> pl.DataFrame:
    return staged(STAGING_SQL, {date(2025, 1, 23): real_parsed().frame}, "isone_queue")


def test_the_real_report_keeps_every_request_type_in_raw():
    parsed = real_parsed()
    assert parsed.frame.height == 1751
    assert parsed.notes["rows_by_sheet"] == {"Queue": 1751}
    assert parsed.notes["rows_by_type"] == {"ETU": 170, "G": 1569, "TS": 12}
    assert parsed.notes["unrecognized_columns"] == []
    assert parsed.notes["note_rows_dropped"] == 0


def test_the_header_is_found_below_the_four_title_rows():
    rows = real_parsed().frame["source_row"]
    assert (rows.min(), rows.max()) == (6, 1756)  # header on sheet row 5


def test_the_title_rows_state_the_as_of_date_and_the_filters():
    assert ADAPTER.stated_vintage(real_content()) == date(2025, 1, 23)
    assert real_parsed().notes["as_of"] == "2025-01-23"
    assert real_parsed().notes["report_filters"] == {"Jurisdiction": "All", "Status": "All"}


def test_real_project_status_distribution_is_as_published():
    statuses = Counter(real_parsed().frame["project_status"])
    assert statuses == {
        None: 1339,
        "Under Study": 293,
        "In Service": 103,
        "Under Construction": 12,
        "Partially In Service": 3,
        "Suspended": 1,
    }


def test_real_generation_status_keys_read_the_withdrawal_date_first():
    generation = real_parsed().frame.filter(pl.col("type") == "G")
    keys = Counter(status_key(row) for row in generation.iter_rows(named=True))
    assert keys == {
        "Withdrawn": 716,
        "(no status)": 654,
        "In Service": 103,
        "Under Study": 81,
        "Under Construction": 8,
        "Under Study|SIS Posted": 3,
        "Partially In Service": 3,
        "Under Study|IA Executed": 1,
    }
    withdrawn_under_study = generation.filter(
        (pl.col("project_status") == "Under Study") & pl.col("w_d_date").is_not_null()
    )
    assert withdrawn_under_study.height == 176  # still 'Under Study', yet withdrawn


def test_a_known_real_request_keeps_its_cells_as_published():
    (row,) = real_parsed().frame.filter(pl.col("position") == "1600").iter_rows(named=True)
    assert row["source_row"] == 7
    assert (row["type"], row["fuel_type"], row["net_mw"]) == ("G", "BAT", "50")
    assert (row["county"], row["state"]) == ("Clinton", "NY")
    assert row["alternative_name"] == "Chazy Lake BESS (NYISO-C24-308)"
    assert (row["requested"], row["updated"]) == ("2024-12-12 00:00:00", "2025-01-10 16:58:15.469")
    assert row["project_status"] is None and row["w_d_date"] is None


def test_staging_keeps_generation_only_and_numbers_rows_sharing_a_position():
    frame = real_staged()
    assert frame.height == 1569
    assert frame["project_vintage_key"].n_unique() == 1569
    assert frame["stage"].null_count() == 0
    comerford = frame.filter(pl.col("project_id").str.starts_with("148-")).sort("source_row")
    assert comerford["project_id"].to_list() == ["148-1", "148-2", "148-3", "148-4"]
    assert comerford["project_name"].to_list()[0] == "Comerford Unit #1"
    assert comerford["status_raw"].to_list() == ["(no status)"] * 3 + ["In Service"]


def test_staging_reads_excel_serial_dates_and_withdrawal_dates():
    frame = real_staged()
    oldest = frame.filter(pl.col("project_id") == "1").row(0, named=True)
    assert (oldest["queue_date"], oldest["proposed_cod"]) == (date(1996, 6, 7), date(2001, 4, 6))
    assert frame["queue_date"].null_count() == 0
    withdrawn = frame.filter(pl.col("record_kind") == "withdrawn")
    assert withdrawn.height == 716 and withdrawn["withdrawal_date"].null_count() == 0
    assert withdrawn["stage"].unique().to_list() == ["withdrawn"]


def test_staging_spells_out_energy_source_codes_for_the_canonical_fuel():
    fuels = dict(
        real_staged().group_by("technology", "fuel").len().select("technology", "fuel").iter_rows()
    )
    assert fuels["SUN BAT"] == "hybrid"
    assert fuels["BAT"] == "storage"
    assert fuels["DFO NG"] == "gas"
    assert fuels["WDS"] == "biomass"


def test_the_export_request_names_its_as_of_day_in_dotnet_ticks():
    assert dotnet_ticks(date(2025, 1, 23)) == 638731872000000000
    assert export_request(date(2025, 1, 23)).public_url == (
        "https://irtt.iso-ne.com/reports/exportpublicqueue"
        "?Jurisdiction=&ReportDate=638731872000000000&Status="
    )


# --- the bundled synthetic reports ---------------------------------------------------------------


@cache
def simulated():
    return simulate_queue()


@cache
def bundled(report: int) -> bytes:
    path = SNAPSHOT_DIR / f"reports/{VINTAGES[report].isoformat()}/InterconnectionQueue.xlsx"
    return path.read_bytes()


@cache
def parsed_report(report: int):
    return parse(bundled(report), f"report {report}")


@cache
def synthetic_staged() -> pl.DataFrame:
    parsed = {VINTAGES[r]: parsed_report(r).frame for r in range(len(VINTAGES))}
    return staged(STAGING_SQL, parsed, "isone_queue")


def key_in(report: int, position: int) -> str | None:
    frame = synthetic_staged().filter(
        (pl.col("vintage") == VINTAGES[report]) & (pl.col("project_id") == str(position))
    )
    return frame["status_raw"][0] if frame.height else None


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    written = regenerated(write_isone_queue_snapshot, tmp_path, SNAPSHOT_DIR)
    assert written == (list(VINTAGES), [])


def test_each_report_is_recorded_under_its_own_dated_request():
    store = SnapshotStore(SNAPSHOT_DIR, "isone_queue")
    assert store.vintages() == list(VINTAGES)
    for vintage in VINTAGES:
        assert store.find(export_request(vintage).public_url, vintage) is not None


@pytest.mark.parametrize("report", range(len(VINTAGES)))
def test_each_report_states_its_as_of_date_and_lists_the_simulated_rows(report):
    parsed = parsed_report(report)
    assert ADAPTER.stated_vintage(bundled(report)) == VINTAGES[report]
    expected = [r for r in simulated() if r.entries[report] is not None]
    assert parsed.frame["position"].to_list() == [str(r.position) for r in expected]
    statuses = [r.entries[report].project_status for r in expected]
    assert parsed.frame["project_status"].to_list() == statuses
    assert parsed.notes["rows_by_type"] == dict(
        sorted(Counter(r.request_type for r in expected).items())
    )


def test_the_os_column_is_absent_from_the_first_report_only():
    for report in range(len(VINTAGES)):
        present = "os" in parsed_report(report).notes["optional_columns_present"]
        assert present == (report >= OS_COLUMN_FROM)


def test_the_synthetic_header_is_the_real_header():
    real = parse(real_content(), REAL_FILE)  # skips without the real file
    synthetic = parsed_report(len(VINTAGES) - 1)
    assert real.notes["optional_columns_present"] == synthetic.notes["optional_columns_present"]
    assert len(HEADER) == 28


def test_advancing_regressing_and_withdrawn_requests_change_as_designed():
    seen = Counter()
    for request in simulated():
        first, second, last = request.entries
        if request.role == "advance":
            assert LADDER.index(last.stage) > LADDER.index(first.stage)
        elif request.role == "regress":
            assert LADDER.index(second.stage) == LADDER.index(first.stage) - 1
            assert key_in(0, request.position) != key_in(1, request.position)
        elif request.role == "withdraw":
            assert first.withdrawn is None and last.withdrawn is not None
            assert last.project_status == first.project_status  # the status is left as it was
            assert key_in(0, request.position) != "Withdrawn"
            assert key_in(2, request.position) == "Withdrawn"
        else:
            continue
        seen[request.role] += 1
    assert seen == {"advance": 5, "regress": 2, "withdraw": 4}


def test_vanished_requests_are_gone_and_new_ones_start_without_a_status():
    for request in simulated():
        if request.role == "vanish":
            assert key_in(0, request.position) is not None
            assert key_in(1, request.position) is None and key_in(2, request.position) is None
        if request.role == "new":
            first = next(i for i, e in enumerate(request.entries) if e is not None)
            assert first >= 1 and key_in(first - 1, request.position) is None
            assert key_in(first, request.position) == "(no status)"


def test_transmission_requests_stay_in_raw_and_out_of_staging():
    raw_types = Counter(parsed_report(0).frame["type"])
    assert raw_types["ETU"] == 2 and raw_types["TS"] == 1
    staged_positions = set(synthetic_staged()["project_id"])
    for request in simulated():
        if request.request_type != "G":
            assert str(request.position) not in staged_positions


def test_a_position_holding_several_units_is_staged_as_one_row_per_unit():
    (position,) = {r.position for r in simulated() if r.role == "multi_unit"}
    frame = synthetic_staged().filter(pl.col("vintage") == VINTAGES[0])
    ids = frame.filter(pl.col("project_id").str.starts_with(f"{position}-"))["project_id"]
    assert sorted(ids) == [f"{position}-1", f"{position}-2", f"{position}-3"]


def test_the_oldest_request_has_bare_serial_dates_that_staging_reads():
    (oldest,) = [r for r in simulated() if r.role == "serial"]
    (row,) = (
        parsed_report(0)
        .frame.filter(pl.col("position") == str(oldest.position))
        .iter_rows(named=True)
    )
    assert row["requested"] == str((oldest.requested - date(1899, 12, 30)).days)
    staged_row = (
        synthetic_staged().filter(pl.col("project_id") == str(oldest.position)).row(0, named=True)
    )
    assert staged_row["queue_date"] == oldest.requested


def test_about_a_third_of_generation_requests_are_isne_plants_of_the_eia_fleet():
    fleet = simulate_fleet(1, 860)
    months = [vintage.replace(day=1) for vintage in VINTAGES]
    generation = [r for r in simulated() if r.request_type == "G" and r.entries[0] is not None]
    eia = [r for r in generation if r.role == "eia"]
    assert 0.25 <= len(eia) / len(generation) <= 0.45
    units = {"PV": "SUN", "WT": "WND", "OT": "MWH", "CC": "NG", "GT": "NG", "ST": "BIT"}
    for request in eia:
        monthly = [
            [
                r.generator
                for r in fleet[month]
                if r.generator.site.plant_id == request.plant_id
                and r.generator.technology.energy_source == units[request.unit]
            ]
            for month in months
        ]
        site = next(g.site for generators in monthly for g in generators)
        assert site.balancing_authority == "ISNE"
        assert (request.state, request.county) == (site.state, site.county)
        nameplate = max(sum(g.nameplate_mw for g in generators) for generators in monthly)
        assert abs(request.net_mw - nameplate) <= 0.05 * nameplate
        assert site.plant_name.split()[0] in request.name


# --- status keys: SQL and Python agree, and every key is seeded ---------------------------------


def test_sql_and_python_compose_the_same_status_keys_and_each_has_a_stage():
    frames = frames_with_real([parsed_report(r).frame for r in range(len(VINTAGES))], real_parsed)
    assert status_key_problems("isone_queue", STAGING_SQL, "w_d_date", status_key, frames) == []
    assert seeded_stages("isone_queue")["Withdrawn"] == "withdrawn"
    assert seeded_stages("isone_queue")["(no status)"] == "unclassified"


def test_every_designed_stage_maps_to_a_seeded_key():
    keys = {
        stage: status_key({"project_status": status, "sis": sis, "ia": ia, "w_d_date": None})
        for stage, (status, sis, _, ia) in STAGE_COLUMNS.items()
    }
    assert unstaged_keys("isone_queue", keys.values()) == set(), keys


# --- bad input --------------------------------------------------------------------------------


def title_rows() -> list[list]:
    return [
        ["Interconnection Requests for New England Control Area"],
        ["Generation, Elective Transmission Upgrade and Transmission Service Requests"],
        ["Jurisdiction:", "All", "Status:", "All"],
        [],
    ]


def test_a_missing_required_column_is_a_schema_error_naming_it():
    header = [c for c in HEADER if c != "W/ D Date"]
    row = [1700, None, "G", None, "Battery Storage", "OT", "BAT", 50, 50, 50, "Kent", "RI"]
    content = workbook_bytes({"Queue": [*title_rows(), header, row]})
    with pytest.raises(SchemaError, match=r"missing required column\(s\): w_d_date"):
        parse(content, "no-withdrawal-date.xlsx")


def test_a_report_without_the_queue_sheet_is_a_schema_error_naming_it():
    content = workbook_bytes({"Sheet1": [*title_rows(), list(HEADER)]})
    with pytest.raises(SchemaError, match="sheet 'Queue' is missing"):
        parse(content, "wrong-sheet.xlsx")


def test_an_html_page_is_a_format_error_naming_html():
    page = html_page("IRTT - Error")
    with pytest.raises(FormatError, match="HTML page titled 'IRTT - Error'"):
        parse(page, "exportpublicqueue")
    with pytest.raises(FormatError):
        ADAPTER.stated_vintage(page)


@pytest.mark.parametrize("fraction", [0.3, 0.9])
def test_a_truncated_report_is_a_format_error(fraction):
    with pytest.raises(FormatError):
        parse(truncated(bundled(0), fraction), "truncated.xlsx")
