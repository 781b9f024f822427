"""NYISO queue workbook: the real file, the bundled workbooks and their simulation, the staging
model, bad files."""

import contextlib
import csv
import io
import itertools
import json
import re
from collections import Counter
from datetime import date
from functools import cache

import polars as pl
import pytest
import xlsxwriter

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.settings import DBT_PROJECT_DIR, SourceMode
from maestro_assets.lib.sources.nyiso_queue import (
    ADAPTER,
    CLUSTER,
    CLUSTER_WITHDRAWN,
    IN_SERVICE,
    QUEUE,
    SPEC,
    WITHDRAWN,
    parse,
    status_key,
)
from maestro_assets.lib.spreadsheet import column_name
from maestro_assets.lib.synthetic import nyiso_queue as generator
from maestro_assets.lib.synthetic.miso_queue import fleet_plants
from maestro_assets.lib.synthetic.nyiso_queue import (
    DEFAULT_SEED,
    DROPPED_COLUMNS,
    SCRIPTS,
    TYPE_CODES,
    VINTAGES,
    NyListing,
    cod_cell,
    queue_histories,
    simulate_nyiso_queue,
    workbook_bytes,
    write_nyiso_queue_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file
from maestro_assets_tests.lib.test_miso_queue import (
    build_staging,
    seed_stages,
    snapshot_files,
    with_real_file,
)

REAL_FILE = "queues/nyiso_interconnection_queue_2025-01.xlsx"
SNAPSHOT_DIR = SNAPSHOTS / SPEC.source_id
LADDER = DBT_PROJECT_DIR / "seeds" / "stage_ladder.csv"
WORKBOOK_URL = "https://www.nyiso.com/documents/20142/1407078/NYISO-Interconnection-Queue.xlsx"
SHEETS = (QUEUE, CLUSTER, WITHDRAWN, CLUSTER_WITHDRAWN, IN_SERVICE)
REAL_VINTAGE = date(2025, 1, 31)
UNKNOWN_DATES = {"I/S", "IS", "N/A"}


@cache
def real_parsed():
    return parse(realdata_file(REAL_FILE).read_bytes(), REAL_FILE)


@cache
def simulated() -> dict[date, dict[str, list[NyListing]]]:
    """The workbooks the bundled snapshot was generated from (scale 1, default seed)."""
    return simulate_nyiso_queue(1, DEFAULT_SEED)


@cache
def roles():
    return queue_histories(1, DEFAULT_SEED)


def bundled_workbook(vintage: date) -> bytes:
    return (SNAPSHOT_DIR / "xlsx" / f"NYISO-Interconnection-Queue_{vintage}.xlsx").read_bytes()


@cache
def parsed_workbook(vintage: date):
    return parse(bundled_workbook(vintage), f"NYISO-Interconnection-Queue_{vintage}.xlsx")


def rows_of(frame: pl.DataFrame, queue_pos: str) -> list[dict]:
    return [row for row in frame.iter_rows(named=True) if row["queue_pos"] == queue_pos]


def scripted(role: str) -> list[NyListing | None]:
    (history,) = roles()[role]
    return history


# --- the real workbook ----------------------------------------------------------------------


def test_real_workbook_rows_per_sheet_and_note_rows_dropped():
    notes = real_parsed().notes
    assert notes["rows_by_sheet"] == {
        QUEUE: 192,
        CLUSTER: 302,
        WITHDRAWN: 1392,
        CLUSTER_WITHDRAWN: 74,
        IN_SERVICE: 146,
    }
    assert real_parsed().frame.height == 2106
    assert notes["note_rows_dropped"][QUEUE] == 15  # summary counts, NOTES and legend rows
    assert notes["sheets_absent"] == []
    assert not any(row.startswith("NOTES") for row in real_parsed().frame["queue_pos"])


def test_real_status_codes_have_the_verified_distribution():
    codes = Counter(status_key(code) for code in real_parsed().frame["s"])
    assert codes["0"] == 1466
    assert codes["14"] == 144
    assert codes["1C"] == 302
    assert codes["10"] == 57
    assert codes["11"] == 46
    assert codes["15"] == 2
    assert None not in codes


def test_known_real_projects_keep_their_published_cells():
    (homer,) = rows_of(real_parsed().frame, "0276")
    assert homer["sheet"] == QUEUE and homer["source_row"] == 2
    assert homer["developer_interconnection_customer"] == "Homer Solar Energy Center LLC"
    assert (homer["project_name"], homer["s"], homer["sp_mw"], homer["county"]) == (
        "Homer Solar Energy Center",
        "11",
        "90",
        "Cortland",
    )
    assert homer["proposed_cod"] == "04-2026"
    (middletown,) = rows_of(real_parsed().frame, "0001")
    assert (middletown["sheet"], middletown["source_row"], middletown["s"]) == (IN_SERVICE, 3, "14")
    assert (middletown["owner_developer"], middletown["proposed_in_service"]) == (
        "Con Edison",
        "I/S",
    )


def test_the_real_in_service_header_rows_are_combined_into_the_shared_column_names():
    notes = real_parsed().notes
    assert notes["two_row_header_sheets"] == [IN_SERVICE]
    assert notes["unrecognized_columns"][IN_SERVICE] == []
    in_service = real_parsed().frame.filter(pl.col("sheet") == IN_SERVICE)
    for column in ("queue_pos", "owner_developer", "date_of_ir", "sp_mw", "county", "state", "z"):
        assert in_service[column].null_count() < in_service.height, column


def test_the_cluster_sheet_keeps_its_published_leading_space():
    assert CLUSTER == " Cluster Projects"
    assert set(real_parsed().frame["sheet"]) == set(SHEETS)


def test_a_real_queue_position_can_sit_on_two_sheets():
    sheets = {row["sheet"] for row in rows_of(real_parsed().frame, "0031")}
    assert sheets == {WITHDRAWN, IN_SERVICE}


def test_the_real_developer_column_is_filled_on_nearly_every_row():
    frame = real_parsed().frame
    developer = frame.select(
        pl.coalesce(
            "developer_interconnection_customer", "interconnection_customer_name", "owner_developer"
        )
    ).to_series()
    assert developer.null_count() / frame.height <= 0.02


def test_the_real_status_legend_is_read_from_the_notes():
    legend = real_parsed().notes["status_legend"]
    assert len(legend) == 32
    assert legend["5P"] == "SRIS Commenced, Stopped and Pending Adoption of IP"
    assert legend["12"] == "Under Construction"
    assert legend["15C"] == "Partially In-Service/ Partially under construction"


def test_the_real_workbook_states_no_as_of_date():
    assert ADAPTER.stated_vintage(realdata_file(REAL_FILE).read_bytes()) is None


# --- the bundled workbooks ------------------------------------------------------------------


def test_the_snapshot_records_one_workbook_per_vintage():
    entries = json.loads((SNAPSHOT_DIR / "responses.json").read_text())["responses"]
    assert [e["vintage"] for e in entries] == [v.isoformat() for v in VINTAGES]
    assert {e["url"] for e in entries} == {WORKBOOK_URL}


def test_fetch_replays_the_workbook_recorded_for_each_vintage():
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests/0 (t@example.org)")
    for vintage in VINTAGES:
        (response,) = ADAPTER.fetch(client, vintage)
        assert response.content == bundled_workbook(vintage)


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_every_bundled_workbook_has_one_row_per_simulated_listing_on_its_sheet(vintage):
    parsed = parsed_workbook(vintage)
    expected = {
        (listing.sheet, listing.project.queue_pos, listing.code)
        for listings in simulated()[vintage].values()
        for listing in listings
    }
    frame = parsed.frame
    assert (
        set(zip(frame["sheet"], frame["queue_pos"], map(status_key, frame["s"]), strict=True))
        == expected
    )
    assert parsed.notes["rows_by_sheet"] == {s: len(simulated()[vintage][s]) for s in SHEETS}
    assert parsed.notes["two_row_header_sheets"] == [IN_SERVICE]
    assert parsed.notes["status_legend"].keys() == real_like_legend_codes()


def real_like_legend_codes() -> set[str]:
    serial = {"0", "1", "2", "3", "3A", "4", "5", "5P", "6", "7", "8", "9", "10", "11", "12"}
    return (
        serial
        | {"13", "14", "15", "P"}
        | {f"{n}C" for n in (1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15)}
    )


def test_optional_columns_come_and_go_between_workbooks():
    assert DROPPED_COLUMNS
    for (vintage, sheet), dropped in DROPPED_COLUMNS.items():
        for column in map(column_name, dropped):
            for other in VINTAGES:
                present = parsed_workbook(other).notes["optional_columns_present"][sheet]
                assert (column in present) == (other != vintage), (other, sheet, column)
        assert parsed_workbook(vintage).frame.columns == parsed_workbook(VINTAGES[1]).frame.columns


@pytest.mark.parametrize(
    ("role", "sheets"),
    [
        ("withdrawn_second", [QUEUE, WITHDRAWN, WITHDRAWN]),
        ("withdrawn_third", [QUEUE, QUEUE, WITHDRAWN]),
        ("cluster_withdrawn", [CLUSTER, CLUSTER_WITHDRAWN, CLUSTER_WITHDRAWN]),
        ("commissioned", [QUEUE, IN_SERVICE, IN_SERVICE]),
        ("partially_in_service", [QUEUE, QUEUE, IN_SERVICE]),
        ("regress", [QUEUE, QUEUE, QUEUE]),
    ],
)
def test_scripted_projects_move_between_sheets_with_their_codes(role, sheets):
    history = scripted(role)
    codes, _ = SCRIPTS[role]
    position = history[0].project.queue_pos
    for vintage, sheet, code in zip(VINTAGES, sheets, codes, strict=True):
        (row,) = rows_of(parsed_workbook(vintage).frame, position)
        assert (row["sheet"], status_key(row["s"])) == (sheet, code)


def test_the_regressing_project_falls_back_from_accepted_cost_allocation():
    stages = seed_stages(SPEC.source_id)
    codes, _ = SCRIPTS["regress"]
    assert codes[-2:] == ["10", "8"]
    assert stages["10"] == stages["8"] == "advanced_study"  # a step back within the stage
    assert [
        status_key(
            rows_of(parsed_workbook(v).frame, scripted("regress")[0].project.queue_pos)[0]["s"]
        )
        for v in VINTAGES
    ] == codes


def test_a_vanishing_project_is_on_no_sheet_later():
    position = scripted("vanishes")[0].project.queue_pos
    assert rows_of(parsed_workbook(VINTAGES[0]).frame, position)
    for vintage in VINTAGES[1:]:
        assert rows_of(parsed_workbook(vintage).frame, position) == []


def test_new_cluster_requests_appear_after_the_first_workbook():
    first = set(parsed_workbook(VINTAGES[0]).frame["queue_pos"])
    for history in roles()["new_cluster"]:
        listed = [listing is not None for listing in history]
        assert listed[0] is False and listed[-1] is True
        assert history[-1].project.queue_pos not in first
        assert history[-1].project.queue_pos.startswith("C26-")


def test_codes_advance_between_workbooks():
    advances = 0
    for history in [h for role in ("eia", "steady_queue", "steady_cluster") for h in roles()[role]]:
        for before, after in itertools.pairwise(history):
            if before and after and before.code != after.code and after.code != "0":
                advances += 1
    assert advances >= 4


def test_about_a_third_of_the_projects_are_the_simulated_nyiso_units():
    plants = {(p.site.plant_id, TYPE_CODES[p.technology.name]): p for p in fleet_plants("NYIS", 1)}
    developers_from_eia = 0
    for vintage in VINTAGES:
        listings = [x for listings in simulated()[vintage].values() for x in listings]
        linked = [x for x in listings if x.project.eia_plant_id is not None]
        assert 0.2 <= len(linked) / len(listings) <= 0.4
        for listing in linked:
            project = listing.project
            plant = plants[(project.eia_plant_id, project.type_code)]
            assert project.county.removesuffix(" County") == plant.site.county
            assert abs(project.sp_mw / plant.nameplate_mw - 1) <= 0.05
            assert plant.site.plant_name.split()[0].lower() in project.name.lower()
            developers_from_eia += project.developer == plant.site.entity_name
    assert developers_from_eia > 0


def test_the_generator_is_deterministic_and_wrote_the_bundled_snapshot(tmp_path):
    assert write_nyiso_queue_snapshot(tmp_path / "a") == list(VINTAGES)
    write_nyiso_queue_snapshot(tmp_path / "b")
    for path in sorted(p for p in (tmp_path / "a").rglob("*") if p.is_file()):
        relative = path.relative_to(tmp_path / "a")
        assert path.read_bytes() == (tmp_path / "b" / relative).read_bytes()
        assert path.read_bytes() == (SNAPSHOT_DIR / relative).read_bytes(), relative


def test_the_simulation_grows_linearly_with_scale():
    def total(workbooks, vintage):
        return sum(len(x) for x in workbooks[vintage].values())

    one, three = simulate_nyiso_queue(1), simulate_nyiso_queue(3)
    for vintage in VINTAGES:
        assert 2.4 <= total(three, vintage) / total(one, vintage) <= 3.6


# --- the status seed and the staging model ---------------------------------------------------


def every_frame() -> list[pl.DataFrame]:
    frames = [parsed_workbook(v).frame for v in VINTAGES]
    with contextlib.suppress(pytest.skip.Exception):
        frames.append(real_parsed().frame)
    return frames


def test_every_status_code_of_the_real_and_bundled_workbooks_and_legend_maps_to_a_stage():
    with LADDER.open() as ladder:
        stages = {row["stage"] for row in csv.DictReader(ladder)}
    mapped = seed_stages(SPEC.source_id)
    codes = {status_key(code) for frame in every_frame() for code in frame["s"]}
    codes |= set(parsed_workbook(VINTAGES[0]).notes["status_legend"])
    with contextlib.suppress(pytest.skip.Exception):
        codes |= set(real_parsed().notes["status_legend"])
    assert codes - set(mapped) == set()
    assert {mapped[code] for code in codes} <= stages


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    files = with_real_file(snapshot_files(ADAPTER, SNAPSHOT_DIR), REAL_FILE, "xlsx")
    connection = build_staging(
        tmp_path_factory.mktemp("nyiso"), ADAPTER, files, "stg_nyiso_queue__projects"
    )
    yield connection
    connection.close()


def test_the_staging_model_composes_the_same_status_key_as_python(staged):
    rows = staged.execute(
        "select r.s, s.status_raw, s.stage from staging.stg_nyiso_queue__projects s "
        "join raw.nyiso_queue__projects r using (vintage, sheet, source_row)"
    ).fetchall()
    assert rows
    for code, status_raw, stage in rows:
        assert status_raw == status_key(code)
        assert stage is not None


def test_a_project_that_moved_sheets_shows_that_sheets_record_kind(staged):
    for role, kind in (("withdrawn_second", "withdrawn"), ("commissioned", "in_service")):
        position = scripted(role)[0].project.queue_pos
        kinds = staged.execute(
            "select record_kind from staging.stg_nyiso_queue__projects "
            "where project_id = ? and vintage >= ? order by vintage",
            [position, VINTAGES[0]],
        ).fetchall()
        assert [k for (k,) in kinds] == ["active", kind, kind]


def expected_dates(listing: NyListing) -> tuple[date | None, date | None, date | None]:
    """(proposed_cod, in_service_date, withdrawal_date) the staging model should read."""
    project = listing.project
    if listing.sheet in (WITHDRAWN, CLUSTER_WITHDRAWN):
        return None, None, listing.last_update
    in_service = (
        None if project.in_service_plan.text in UNKNOWN_DATES else project.in_service_plan.day
    )
    cod = project.cod_plan.day if cod_cell(listing) not in UNKNOWN_DATES else in_service
    return cod, in_service if listing.sheet == IN_SERVICE else None, None


def test_staged_dates_parse_every_published_form(staged):
    for vintage in VINTAGES:
        rows = staged.execute(
            "select project_id, trim(sheet), queue_date, proposed_cod, in_service_date, "
            "withdrawal_date, developer_name, capacity_mw from staging.stg_nyiso_queue__projects "
            "where vintage = ?",
            [vintage],
        ).fetchall()
        listings = {
            (x.project.queue_pos, x.sheet.strip()): x
            for xs in simulated()[vintage].values()
            for x in xs
        }
        assert {(r[0], r[1]) for r in rows} == listings.keys()
        for position, sheet, queued, cod, in_service, withdrawn, developer, mw in rows:
            listing = listings[(position, sheet)]
            assert queued == listing.project.requested, (position, sheet)
            assert (cod, in_service, withdrawn) == expected_dates(listing), (position, sheet)
            assert developer == listing.project.developer
            assert mw == listing.project.sp_mw


def test_the_real_workbook_stages_every_row(staged):
    rows = staged.execute(
        "select record_kind, stage, count(*) from staging.stg_nyiso_queue__projects "
        "where vintage = ? group by all",
        [REAL_VINTAGE],
    ).fetchall()
    if not rows:
        pytest.skip("the real workbook is not available")
    counts = {(kind, stage): n for kind, stage, n in rows}
    assert counts[("withdrawn", "withdrawn")] == 1466
    assert counts[("in_service", "operating")] == 144
    assert counts[("in_service", "testing")] == 2
    assert sum(counts.values()) == 2106
    homer = staged.execute(
        "select developer_name, queue_date, proposed_cod, fuel, capacity_mw, stage "
        "from staging.stg_nyiso_queue__projects where vintage = ? and project_id = '0276'",
        [REAL_VINTAGE],
    ).fetchone()
    assert homer == (
        "Homer Solar Energy Center LLC",
        date(2008, 1, 30),
        date(2026, 4, 1),
        "solar",
        90.0,
        "agreement_signed",
    )


# --- bad input ------------------------------------------------------------------------------


def first_workbook() -> bytes:
    return workbook_bytes(VINTAGES[0], simulated()[VINTAGES[0]], None)


def test_a_renamed_required_column_is_a_schema_error_naming_it(monkeypatch):
    renamed = tuple("Project Title" if h == "Project Name" else h for h in generator.HEADERS[QUEUE])
    monkeypatch.setitem(generator.HEADERS, QUEUE, renamed)
    monkeypatch.setitem(
        generator.COLUMN_VALUES, "Project Title", generator.COLUMN_VALUES["Project Name"]
    )
    problem = r"project_name \(found 'project_title': renamed\?\).*sheet 'Interconnection Queue'"
    with pytest.raises(SchemaError, match=problem):
        parse(first_workbook(), "NYISO-Interconnection-Queue.xlsx")


def test_a_renamed_column_in_the_two_row_header_is_named(monkeypatch):
    header = tuple(
        ("Queue", "Position") if top == "Queue" else (top, bottom)
        for top, bottom in generator.IN_SERVICE_HEADER
    )
    monkeypatch.setattr(generator, "IN_SERVICE_HEADER", header)
    with pytest.raises(SchemaError, match=r"queue_pos \(found 'queue_position': renamed\?\)"):
        parse(first_workbook(), "NYISO-Interconnection-Queue.xlsx")


def workbook_with_sheets(names: list[str]) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    for name in names:
        if name == IN_SERVICE:  # the two header rows with their merged cells
            generator.write_in_service_sheet(workbook, [], generator.Formats(None, None))
        else:
            header = next(h for s, h in generator.HEADERS.items() if s.strip() == name.strip())
            workbook.add_worksheet(name).write_row(0, 0, header)
    workbook.close()
    return output.getvalue()


def test_a_missing_required_sheet_is_named():
    with pytest.raises(SchemaError, match="sheet 'Withdrawn' is missing"):
        parse(workbook_with_sheets([QUEUE, IN_SERVICE]), "NYISO-Interconnection-Queue.xlsx")


def test_an_older_workbook_without_cluster_sheets_parses_and_says_so():
    parsed = parse(workbook_with_sheets([QUEUE, WITHDRAWN, IN_SERVICE]), "old.xlsx")
    assert parsed.notes["sheets_absent"] == [CLUSTER, CLUSTER_WITHDRAWN]
    assert parsed.frame.height == 0


def test_an_html_page_served_instead_of_the_workbook_is_a_format_error():
    page = b"<html><head><title>Page Not Found | NYISO</title></head><body></body></html>"
    with pytest.raises(FormatError, match=re.escape("HTML page titled 'Page Not Found | NYISO'")):
        parse(page, WORKBOOK_URL)


@pytest.mark.parametrize("fraction", [0.2, 0.6, 0.95])
def test_a_truncated_workbook_is_a_format_error(fraction):
    content = bundled_workbook(VINTAGES[0])
    with pytest.raises(FormatError, match="truncated or corrupt"):
        parse(content[: int(len(content) * fraction)], WORKBOOK_URL)


def test_an_empty_download_is_a_format_error():
    with pytest.raises(FormatError, match="empty file"):
        parse(b"", WORKBOOK_URL)


def test_a_sheet_renamed_only_in_its_spacing_is_still_read_under_its_published_name():
    names = [QUEUE, CLUSTER.strip(), WITHDRAWN, CLUSTER_WITHDRAWN, IN_SERVICE]
    parsed = parse(workbook_with_sheets(names), "respaced.xlsx")
    assert parsed.notes["sheets_absent"] == []
    assert CLUSTER.strip() in parsed.notes["rows_by_sheet"]
