"""LBNL Queued Up: the real 2020 edition, the bundled later-layout editions, bad files."""

import json
import re
from collections import Counter
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.settings import DBT_PROJECT_DIR, SourceMode
from maestro_assets.lib.sources.lbnl_queued_up import (
    ADAPTER,
    SPEC,
    discover_data_file,
    parse,
    stated_vintage,
    status_key,
)
from maestro_assets.lib.synthetic.eia860m import DEFAULT_SEED as EIA_SEED
from maestro_assets.lib.synthetic.eia860m import WINDOW_MONTHS, simulate_fleet
from maestro_assets.lib.synthetic.lbnl_queued_up import (
    DEFAULT_SEED,
    DUPLICATED_ID_STORY,
    EDITIONS,
    EIA_STORY,
    EIA_TYPES,
    MISSING_ID_STORY,
    WITHOUT_IA_DATE,
    Row,
    data_file_path,
    simulate_editions,
    write_lbnl_queued_up_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file
from maestro_assets_tests.lib.queue_helpers import (
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

REAL_FILE = "lbnl/lbnl_queued_up_isoqueues_2020.xlsx"
SNAPSHOT_DIR = SNAPSHOTS / SPEC.source_id
STAGING_SQL = (
    DBT_PROJECT_DIR / "models" / "staging" / "lbnl_queued_up" / "stg_lbnl_queued_up__projects.sql"
)
STATA_EPOCH = date(1960, 1, 1)


@cache
def real_parsed():
    return parse(realdata_file(REAL_FILE).read_bytes(), REAL_FILE)


@cache
def simulated() -> dict[date, list[Row]]:
    """The editions the bundled snapshot was generated from (scale 1, default seed)."""
    return simulate_editions(1, DEFAULT_SEED)


def bundled_file(edition: date) -> bytes:
    return (
        SNAPSHOT_DIR / "files" / f"LBNL_Ix_Queue_Data_File_{edition:%Y-%m-%d}.xlsx"
    ).read_bytes()


@cache
def parsed_edition(edition: date):
    return parse(bundled_file(edition), f"edition {edition}")


def row_key(entity: str | None, q_id: str | None, mw1: object) -> tuple:
    return (entity, q_id, None if mw1 is None else float(mw1))


def simulated_keys(edition: date) -> Counter:
    return Counter(
        (
            *row_key(r.request.place.entity, r.request.q_id, r.request.capacities[0][1]),
            r.status_key,
        )
        for r in simulated()[edition]
    )


def parsed_keys(edition: date) -> Counter:
    frame = parsed_edition(edition).frame
    return Counter(
        (*row_key(row["entity"], row["q_id"], row["mw1"]), status_key(row))
        for row in frame.iter_rows(named=True)
    )


def history_of(story: str) -> list[list[str | None]]:
    """Each request of a story: its parsed status key in every edition (None: not listed)."""
    requests = {
        (r.request.place.entity, r.request.q_id)
        for rows in simulated().values()
        for r in rows
        if r.request.story == story
    }
    histories = []
    for entity, q_id in sorted(requests, key=str):
        history = []
        for edition in EDITIONS:
            frame = parsed_edition(edition).frame
            match = frame.filter((pl.col("entity") == entity) & (pl.col("q_id") == q_id))
            history.append(status_key(match.row(0, named=True)) if match.height else None)
        histories.append(history)
    return histories


# --- the real 2020 edition ------------------------------------------------------------------


def test_real_2020_edition_rows_per_sheet():
    notes = real_parsed().notes
    assert notes["edition"].startswith("2020")
    assert notes["rows_by_sheet"] == {"active": 5639, "withdrawn": 6896, "completed": 1706}
    assert notes["note_rows_dropped"] == 0
    assert notes["unrecognized_columns"] == []  # every 2020 title maps to a raw column
    assert set(real_parsed().frame["sheet"]) == {"active", "withdrawn", "completed"}


def test_real_2020_status_keys_have_the_verified_distribution():
    assert Counter(status_keys(status_key, real_parsed().frame)) == {
        "withdrawn": 6896,
        "active|In Progress": 3383,
        "completed": 1706,
        "active|Not Started": 1416,
        "active|IA Executed": 751,
        "active|unknown": 89,
    }


def test_real_2020_titles_are_read_into_the_later_column_names():
    frame = real_parsed().frame
    active = frame.filter(pl.col("sheet") == "active")
    assert active["q_date"].is_not_null().sum() == 5059  # titled q_date_clean in 2020
    assert active["county"].is_not_null().sum() == 5639 - 134  # titled county_1
    withdrawn = frame.filter(pl.col("sheet") == "withdrawn")
    assert Counter(withdrawn["ia_status_raw"].drop_nulls()) == {  # titled ia_status
        "Executed": 38,
        "In Progress": 21,
        "Terminated": 2,
    }
    assert frame.filter(pl.col("sheet") != "active")["region"].null_count() == 6896 + 1706


def test_known_real_rows():
    frame = real_parsed().frame
    broadview = frame.filter((pl.col("q_id") == "C011") & (pl.col("entity") == "PacifiCorp"))
    row = broadview.row(0, named=True)
    assert (row["sheet"], row["type_clean"], row["mw1"]) == ("active", "Battery", "500")
    assert (row["state"], row["county"], row["region"]) == ("MT", "yellowstone", "West (non-ISO)")
    assert status_key(row) == "active|In Progress"
    pastoria = frame.filter((pl.col("q_id") == "134") & (pl.col("entity") == "CAISO"))
    row = pastoria.row(0, named=True)
    assert (row["sheet"], row["project_name"]) == ("withdrawn", "PASTORIA EXPANSION II")
    assert (row["wd_date"], row["wd_year"]) == ("17197", "2007")


def test_real_2020_withdrawal_dates_are_stata_day_numbers_not_excel_serials():
    """What the staging model relies on: numbers below 30000 count days from 1960-01-01."""
    withdrawn = real_parsed().frame.filter(pl.col("wd_date").is_not_null())
    assert withdrawn.height == 6612
    for wd_date, wd_year in withdrawn.select("wd_date", "wd_year").iter_rows():
        assert float(wd_date) < 30000
        assert (STATA_EPOCH + timedelta(days=int(float(wd_date)))).year == int(wd_year)


def test_real_2020_traps_q_id_is_missing_or_repeated_and_developer_is_sparse():
    frame, notes = real_parsed().frame, real_parsed().notes
    missing = frame.filter(pl.col("q_id").is_null())
    assert notes["rows_without_q_id"] == missing.height == 406
    assert set(zip(missing["sheet"], missing["entity"], strict=True)) == {("withdrawn", "NYISO")}
    assert notes["rows_sharing_entity_and_q_id"] == 98
    assert notes["rows_with_developer"] == 964
    assert 0.16 < 964 / notes["rows_by_sheet"]["active"] < 0.18  # LBNL's ~17%


def test_real_2020_edition_states_its_publication_month():
    assert stated_vintage(realdata_file(REAL_FILE).read_bytes()) == date(2021, 5, 1)


# --- the bundled editions -------------------------------------------------------------------


def test_the_snapshot_records_a_landing_page_and_a_data_file_per_edition():
    entries = json.loads((SNAPSHOT_DIR / "responses.json").read_text())["responses"]
    assert sorted({e["vintage"] for e in entries}) == [e.isoformat() for e in EDITIONS]
    for edition in EDITIONS:
        mine = {e["url"]: e for e in entries if e["vintage"] == edition.isoformat()}
        page = (SNAPSHOT_DIR / mine[SPEC.landing_url]["body"]).read_text()
        url = discover_data_file(page)
        assert url == f"https://emp.lbl.gov{data_file_path(edition)}"
        assert url in mine
        assert stated_vintage(bundled_file(edition)) is None  # no introduction sheet


def test_fetch_discovers_and_replays_each_editions_data_file():
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests/0 (t@example.org)")
    for edition in EDITIONS:
        (response,) = ADAPTER.fetch(client, edition)
        assert response.content == bundled_file(edition)
        assert response.url.endswith(data_file_path(edition))


def test_the_newest_linked_data_file_wins_and_other_files_are_ignored():
    page = """
    <a href="/sites/default/files/2023-04/queued_up_2023_data.xlsx">2023</a>
    <a href="/files/LBNL_Ix_Queue_Data_File_thru2024_v2.xlsx">2025 edition</a>
    <a href="/files/interconnection_cost_data_2025.xlsx">costs</a>
    <a href="/files/queued_up_2026_slides.pdf">slides</a>
    """
    assert (
        discover_data_file(page)
        == "https://emp.lbl.gov/files/LBNL_Ix_Queue_Data_File_thru2024_v2.xlsx"
    )
    assert discover_data_file("<p>no links</p>") is None


def test_a_landing_page_without_a_data_file_is_a_fetch_error(tmp_path: Path):
    source_dir = tmp_path / SPEC.source_id
    source_dir.mkdir()
    (source_dir / "page.html").write_text("<html><body>Moved</body></html>")
    index = {"responses": [{"url": SPEC.landing_url, "status": 200, "headers": {},
                            "body": "page.html", "vintage": "2026-04-01"}]}  # fmt: skip
    (source_dir / "responses.json").write_text(json.dumps(index))
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, tmp_path, "tests/0")
    with pytest.raises(FetchError, match=re.escape("no .xlsx queue data file")):
        ADAPTER.fetch(client, date(2026, 4, 1))


@pytest.mark.parametrize("edition", EDITIONS, ids=str)
def test_every_bundled_edition_has_one_row_per_simulated_row_with_its_status(edition):
    parsed = parsed_edition(edition)
    assert parsed.notes["edition"] == "data sheet"
    assert parsed.notes["rows_by_sheet"] == {"data": len(simulated()[edition])}
    assert parsed_keys(edition) == simulated_keys(edition)
    assert set(parsed.frame["sheet"]) == {"data"}  # the codebook sheet holds no projects


def test_the_2024_edition_has_no_ia_date_column():
    for edition in EDITIONS:
        present = "ia_date" in parsed_edition(edition).notes["optional_columns_present"]
        assert present == (edition != WITHOUT_IA_DATE)
    frame = parsed_edition(WITHOUT_IA_DATE).frame
    assert frame["ia_date"].null_count() == frame.height


def test_bundled_dates_are_excel_serial_numbers():
    frame = parsed_edition(EDITIONS[-1]).frame
    for q_date, q_year in frame.select("q_date", "q_year").iter_rows():
        assert (date(1899, 12, 30) + timedelta(days=int(q_date))).year == int(q_year)


def test_withdrawing_requests_turn_withdrawn_in_a_later_edition():
    histories = history_of("withdrawing")
    assert len(histories) == 10
    for history in histories:
        assert history[0].startswith("active|")
        assert history[-1] == "withdrawn"


def test_requests_reaching_operation_turn_operational():
    for history in history_of("reaching_operation"):
        assert history[0] == "active|IA Executed"
        assert history[-1] == "operational"


def test_a_vanishing_request_is_simply_absent_from_later_editions():
    histories = history_of("vanishing")
    assert histories
    for history in histories:
        assert history[0] is not None
        assert history[1:] == [None, None]


def test_newcomers_are_absent_from_the_first_edition():
    histories = history_of("newcomer")
    assert len(histories) == 10
    assert all(h[0] is None and h[-1] is not None for h in histories)


def test_regressing_requests_move_back_a_stage():
    stages = seeded_stages(SPEC.source_id)
    for history in history_of("regressing"):
        assert history == [
            "active|IA Pending",
            "active|System Impact Study",
            "active|System Impact Study",
        ]
        assert [stages[key] for key in history[:2]] == ["advanced_study", "early_study"]


def test_suspended_and_advancing_requests_change_status_as_scripted():
    for history in history_of("suspending"):
        assert history == ["active|Facility Study", "suspended", "suspended"]
    for history in history_of("advancing"):
        assert len(set(history)) == len(EDITIONS)


def test_the_repeated_q_id_and_the_missing_q_id_traps_are_in_every_edition():
    for edition in EDITIONS:
        frame = parsed_edition(edition).frame
        notes = parsed_edition(edition).notes
        twins = [r for r in simulated()[edition] if r.request.story == DUPLICATED_ID_STORY]
        assert len({r.request.q_id for r in twins}) == 1 and len(twins) == 2
        assert frame.filter(pl.col("q_id") == twins[0].request.q_id).height == 2
        assert notes["rows_sharing_entity_and_q_id"] == 2
        orphans = [r for r in simulated()[edition] if r.request.story == MISSING_ID_STORY]
        assert notes["rows_without_q_id"] == len(orphans) == 1


def test_about_a_third_of_the_rows_are_eia_units_with_matching_place_type_and_size():
    fleet = simulate_fleet(1, EIA_SEED)
    units = {
        (r.generator.site.plant_id, r.generator.generator_id): r.generator
        for r in fleet[WINDOW_MONTHS[0]]
    }
    for edition in EDITIONS:
        rows = simulated()[edition]
        drawn = [r for r in rows if r.request.story == EIA_STORY]
        assert 0.25 <= len(drawn) / len(rows) <= 0.45
        frame = parsed_edition(edition).frame
        for row in drawn:
            request = row.request
            generators = [units[(request.eia_plant_id, g)] for g in request.eia_generator_ids]
            site = generators[0].site
            parsed = frame.filter(
                (pl.col("entity") == request.place.entity) & (pl.col("q_id") == request.q_id)
            ).row(0, named=True)
            assert (parsed["state"], parsed["county"]) == (site.state, site.county.lower())
            assert parsed["type_clean"] == EIA_TYPES[generators[0].technology.name]
            nameplate = sum(g.nameplate_mw for g in generators)
            assert abs(float(parsed["mw1"]) - nameplate) <= 0.05 * nameplate
            assert parsed["project_name"].startswith(site.plant_name)
            assert parsed["developer"] in (None, site.entity_name)
        assert any(r.request.developer for r in drawn)  # some carry the EIA Entity Name


def test_the_generator_is_deterministic_and_wrote_the_bundled_snapshot(tmp_path: Path):
    written = regenerated(write_lbnl_queued_up_snapshot, tmp_path, SNAPSHOT_DIR)
    assert written == (list(EDITIONS), [])


def test_the_simulation_grows_linearly_with_scale():
    assert all(1.6 <= g <= 2.4 for g in growth_at_double_scale(simulate_editions, DEFAULT_SEED))


# --- status mapping -------------------------------------------------------------------------


def test_the_staging_sql_composes_the_parser_status_keys_and_each_has_a_ladder_stage():
    frames = frames_with_real([parsed_edition(e).frame for e in EDITIONS], real_parsed)
    assert status_key_problems(SPEC.source_id, STAGING_SQL, "q_status", status_key, frames) == []


# --- bad input ------------------------------------------------------------------------------


def rewritten(edition: date, edit) -> bytes:
    """A bundled data file with its sheets rewritten by `edit(name, rows) -> rows | None`."""
    sheets = {name: edit(name, rows) for name, rows in sheet_rows(bundled_file(edition)).items()}
    return workbook_bytes({name: rows for name, rows in sheets.items() if rows is not None})


def test_a_renamed_required_column_is_a_schema_error_naming_it():
    def rename(name, rows):
        if name == "data":
            rows[0] = ["status" if cell == "q_status" else cell for cell in rows[0]]
        return rows

    with pytest.raises(SchemaError, match=r"missing required column\(s\): q_status") as error:
        parse(rewritten(EDITIONS[-1], rename), "edited.xlsx")
    assert "sheet 'data'" in str(error.value)


def test_a_title_row_above_the_data_header_is_no_obstacle():
    def add_title(name, rows):
        return [["Complete queue data"], *rows] if name == "data" else rows

    parsed = parse(rewritten(EDITIONS[-1], add_title), "titled.xlsx")
    assert parsed.frame.height == len(simulated()[EDITIONS[-1]])
    assert parsed.frame["source_row"].min() == 3


def test_a_workbook_of_neither_layout_is_a_schema_error_listing_its_sheets():
    content = rewritten(EDITIONS[-1], lambda name, rows: rows if name == "codebook" else None)
    with pytest.raises(
        SchemaError, match=r"neither a data sheet .* the workbook has \['codebook'\]"
    ):
        parse(content, "codebook-only.xlsx")


def test_an_html_page_served_instead_of_the_data_file_is_a_format_error():
    with pytest.raises(FormatError, match="HTML page titled 'Access denied'"):
        parse(html_page("Access denied"), "LBNL_Ix_Queue_Data_File.xlsx")


@pytest.mark.parametrize("fraction", [0.4, 0.9])
def test_a_truncated_data_file_is_a_format_error(fraction):
    with pytest.raises(FormatError, match="truncated or corrupt"):
        parse(truncated(bundled_file(EDITIONS[0]), fraction), "truncated.xlsx")
