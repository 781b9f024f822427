"""MISO GI queue: the real CSV export, the bundled API pulls and their simulation, the staging
model, bad input."""

import contextlib
import csv
import itertools
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

import duckdb
import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.landing import RawFile, land_vintage
from maestro_assets.lib.settings import DBT_PROJECT_DIR, SourceMode
from maestro_assets.lib.sources.miso_queue import (
    ADAPTER,
    FIELDS,
    SPEC,
    TEST_RECORD_STATUS,
    is_junk,
    parse,
    status_key,
)
from maestro_assets.lib.spreadsheet import column_name
from maestro_assets.lib.synthetic.miso_queue import (
    DECISION_POINTS_FROM,
    DEFAULT_SEED,
    EIA_FUELS,
    FEED_START,
    JUNK_NUMBERS,
    PHASE_RELABELLED_IN,
    PRE_2017_DROPPED_FROM,
    RELABELLED_CYCLE,
    VINTAGES,
    Listing,
    csv_export,
    fleet_plants,
    junk_numbers,
    simulate_miso_queue,
    vintage_responses,
    write_miso_queue_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS, realdata_file

REAL_FILE = "queues/miso_gi_interactive_queue_2025-01.csv"
SNAPSHOT_DIR = SNAPSHOTS / SPEC.source_id
SEED = DBT_PROJECT_DIR / "seeds" / "status_stage_map.csv"
LADDER = DBT_PROJECT_DIR / "seeds" / "stage_ladder.csv"
API_URL = "https://www.misoenergy.org/api/giqueue/getprojects"
DECISION_POINT_COLUMNS = {f.raw for f in FIELDS if f.raw.startswith("decision_point")}
REAL_VINTAGE = date(2025, 1, 31)


@cache
def real_parsed():
    return parse(realdata_file(REAL_FILE).read_bytes(), REAL_FILE)


@cache
def simulated() -> dict[date, list[Listing]]:
    """The pulls the bundled snapshot was generated from (scale 1, default seed)."""
    return simulate_miso_queue(1, DEFAULT_SEED)


def bundled_body(vintage: date) -> bytes:
    return (SNAPSHOT_DIR / "api" / f"getprojects_{vintage.isoformat()}.json").read_bytes()


@cache
def parsed_pull(vintage: date):
    return parse(bundled_body(vintage), f"getprojects_{vintage}.json")


def by_project(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["project"]: row for row in frame.iter_rows(named=True)}


def status_keys(frame: pl.DataFrame) -> list[str]:
    return [
        status_key(r["project"], r["request_status"], r["study_phase"], r["post_gia_status"])
        for r in frame.iter_rows(named=True)
    ]


def seed_stages(source_id: str = SPEC.source_id) -> dict[str, str]:
    with SEED.open() as seed:
        return {
            r["raw_status"]: r["stage"] for r in csv.DictReader(seed) if r["source_id"] == source_id
        }


def listings_by_number(vintage: date) -> dict[str, Listing]:
    return {listing.project.number: listing for listing in simulated()[vintage]}


# --- the real CSV export --------------------------------------------------------------------


def test_the_real_export_parses_every_request_in_the_published_order():
    parsed = real_parsed()
    assert parsed.frame.height == 3274
    assert parsed.notes["form"] == "csv"
    assert parsed.notes["rows_without_project_number"] == 0
    assert parsed.notes["unrecognized_columns"] == []
    assert parsed.frame.columns[:4] == ["sheet", "source_row", "project", "request_status"]
    assert parsed.frame["source_row"].to_list() == list(range(2, 3276))  # header is row 1


def test_real_request_statuses_have_the_verified_distribution():
    assert real_parsed().notes["request_statuses"] == {
        "Active": 1920,
        "Done": 330,
        "Withdrawn": 1023,
        "fish mango watermelon": 1,
    }
    keys = Counter(status_keys(real_parsed().frame))
    assert keys["Done|GIA|In Service"] == 48
    assert keys["Done|GIA|Under Construction"] == 75
    assert keys["Active|Phase 1|Not Started"] == 658
    assert keys["Active||"] == 698
    assert keys[TEST_RECORD_STATUS] == 1
    assert len(keys) == 41


def test_a_known_real_request_keeps_its_published_cells():
    row = by_project(real_parsed().frame)["J1000"]
    assert row["source_row"] == 3
    assert (row["request_status"], row["study_phase"], row["post_gia_status"]) == (
        "Done",
        "GIA",
        "In Service",
    )
    assert (row["county"], row["state"], row["summer_mw"], row["fuel"]) == (
        "Grant County",
        "WI",
        "50",
        "Solar",
    )
    assert row["queue_date"] == "2018-03-12T04:00:00+00:00"
    assert row["withdrawn_date"] is None  # blank cells are null


def test_the_real_test_record_is_kept_in_raw_and_is_the_only_junk():
    parsed = real_parsed()
    assert parsed.notes["junk_rows"] == ["AA1234"]
    junk = by_project(parsed.frame)["AA1234"]
    assert junk["request_status"] == "fish mango watermelon"
    assert is_junk(junk["project"], junk["request_status"])
    flagged = [
        r["project"]
        for r in parsed.frame.iter_rows(named=True)
        if is_junk(r["project"], r["request_status"])
    ]
    assert flagged == ["AA1234"]


def test_a_real_request_without_an_assigned_number_is_not_junk():
    row = by_project(real_parsed().frame)["N/A"]
    assert row["request_status"] == "Done"
    assert not is_junk(row["project"], row["request_status"])


def test_the_real_export_states_no_as_of_date():
    assert ADAPTER.stated_vintage(realdata_file(REAL_FILE).read_bytes()) is None


def test_done_is_never_read_as_operating_without_an_in_service_post_gia_status():
    stages = seed_stages()
    for key, stage in stages.items():
        request, _, post_gia = key.split("|") if "|" in key else (key, "", "")
        if request == "Done" and not post_gia.startswith("In Service"):
            assert stage != "operating", key
    assert stages["Done|GIA|Not Started"] == "agreement_signed"
    assert stages["Done|GIA|In Service"] == "operating"


# --- the bundled API pulls ------------------------------------------------------------------


def test_the_snapshot_records_one_api_response_per_vintage():
    entries = json.loads((SNAPSHOT_DIR / "responses.json").read_text())["responses"]
    assert [e["vintage"] for e in entries] == [v.isoformat() for v in VINTAGES]
    assert {e["url"] for e in entries} == {API_URL}
    assert {e["headers"]["content-type"] for e in entries} == {"application/json; charset=utf-8"}


def test_fetch_replays_the_response_recorded_for_each_vintage():
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests/0 (t@example.org)")
    for vintage in VINTAGES:
        (response,) = ADAPTER.fetch(client, vintage)
        assert response.content == bundled_body(vintage)


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_every_bundled_pull_has_one_row_per_simulated_request_plus_its_test_records(vintage):
    parsed = parsed_pull(vintage)
    assert parsed.notes["form"] == "api"
    assert parsed.notes["junk_rows"] == list(junk_numbers(vintage))
    real = parsed.frame.filter(~pl.col("project").is_in(JUNK_NUMBERS))
    expected = {(x.project.number, x.status.key) for x in simulated()[vintage]}
    assert set(zip(real["project"], status_keys(real), strict=True)) == expected
    assert real.height == len(simulated()[vintage])
    assert parsed.frame["source_row"].to_list() == list(range(1, parsed.frame.height + 1))


def test_api_numbers_and_dates_keep_their_published_text():
    row = by_project(parsed_pull(VINTAGES[0]).frame)
    listing = simulated()[VINTAGES[0]][0]
    parsed = row[listing.project.number]
    assert float(parsed["summer_mw"]) == pytest.approx(listing.project.summer_mw)
    assert parsed["queue_date"].startswith(listing.project.queue_date.isoformat() + "T0")
    assert parsed["api_record_id"] == str(listing.project.record_id)


def test_decision_point_fields_are_absent_from_the_first_pull_and_present_later():
    for vintage in VINTAGES:
        present = set(parsed_pull(vintage).notes["optional_columns_present"])
        assert (present >= DECISION_POINT_COLUMNS) == (vintage >= DECISION_POINTS_FROM)
        assert parsed_pull(vintage).frame.columns == parsed_pull(VINTAGES[0]).frame.columns


def test_the_pre_2017_block_disappears_from_the_feed_without_being_withdrawn():
    before = PRE_2017_DROPPED_FROM
    previous = VINTAGES[VINTAGES.index(before) - 1]
    old = {x.project.number for x in simulated()[previous] if x.project.queue_date < FEED_START}
    assert len(old) >= 5
    assert old <= set(parsed_pull(previous).frame["project"])
    for vintage in VINTAGES[VINTAGES.index(before) :]:
        assert old.isdisjoint(parsed_pull(vintage).frame["project"])


def test_the_relabelled_cycle_moves_back_from_phase_2_to_phase_1():
    previous = VINTAGES[VINTAGES.index(PHASE_RELABELLED_IN) - 1]
    now = listings_by_number(PHASE_RELABELLED_IN)
    relabelled = [
        x.project.number
        for x in simulated()[previous]
        if x.project.cycle == RELABELLED_CYCLE
        and x.status.phase == "Phase 2"
        and now[x.project.number].status.phase == "Phase 1"
    ]
    assert len(relabelled) >= 5
    assert not any(
        x.project.cycle == RELABELLED_CYCLE and x.status.phase == "Phase 2" for x in now.values()
    )
    before = by_project(parsed_pull(previous).frame)
    after = by_project(parsed_pull(PHASE_RELABELLED_IN).frame)
    for number in relabelled:
        assert before[number]["study_phase"] == "Phase 2"
        assert after[number]["study_phase"] == "Phase 1"
    stages = seed_stages()
    assert stages["Active|Phase 1|Not Started"] == "early_study"
    assert stages["Active|Phase 2|Not Started"] == "advanced_study"  # a backwards move


def transitions() -> Counter:
    """(kind) of every change between consecutive pulls, read from the simulation."""
    changes: Counter = Counter()
    for earlier, later in itertools.pairwise(VINTAGES):
        before, after = listings_by_number(earlier), listings_by_number(later)
        changes["new"] += len(after.keys() - before.keys())
        changes["disappeared"] += len(before.keys() - after.keys())
        for number in before.keys() & after.keys():
            a, b = before[number].status, after[number].status
            if a == b:
                continue
            if b.request == "Withdrawn":
                changes["withdrawn"] += 1
            elif (a.phase, b.phase) == ("Phase 2", "Phase 1"):
                changes["regressed"] += 1
            else:
                changes["advanced"] += 1
    return changes


def test_the_pulls_exercise_advances_withdrawals_disappearances_regressions_and_newcomers():
    changes = transitions()
    assert changes["advanced"] >= 10
    assert changes["withdrawn"] >= 6
    assert changes["disappeared"] >= 10  # the pre-2017 block and a vanishing request or two
    assert changes["regressed"] >= 5
    assert changes["new"] >= 6


def test_a_withdrawing_request_gets_a_withdrawn_date_between_the_pulls():
    for earlier, later in itertools.pairwise(VINTAGES):
        before, after = listings_by_number(earlier), by_project(parsed_pull(later).frame)
        for number, listing in before.items():
            if (
                listing.status.request == "Active"
                and after.get(number, {}).get("request_status") == "Withdrawn"
            ):
                withdrawn = date.fromisoformat(after[number]["withdrawn_date"][:10])
                assert earlier < withdrawn <= later


def test_about_a_third_of_the_requests_are_the_simulated_miso_units():
    plants = {(p.site.plant_id, EIA_FUELS[p.technology.name]): p for p in fleet_plants("MISO", 1)}
    for vintage in VINTAGES:
        listings = simulated()[vintage]
        linked = [x for x in listings if x.project.eia_plant_id is not None]
        assert 0.25 <= len(linked) / len(listings) <= 0.4
        for listing in linked:
            project = listing.project
            plant = plants[(project.eia_plant_id, (project.fuel, project.facility))]
            assert listing.project.state == plant.site.state
            assert listing.project.county.split(",")[0].removesuffix(" County") == plant.site.county
            assert abs(listing.project.summer_mw / plant.nameplate_mw - 1) <= 0.05


def test_the_csv_export_of_a_pull_parses_to_the_same_rows_as_its_api_response():
    records = first_pull_records()
    from_api = parse(json.dumps(records).encode(), "api.json").frame
    from_csv = parse(csv_export(records), "export.csv").frame
    api_only = ["sheet", "source_row", "api_record_id", "sis_phase_1", "gia_to_exec"]
    assert from_csv.drop(api_only).equals(from_api.drop(api_only))
    assert from_csv["source_row"].to_list() == [r + 1 for r in from_api["source_row"]]


def test_the_generator_is_deterministic_and_wrote_the_bundled_snapshot(tmp_path: Path):
    assert write_miso_queue_snapshot(tmp_path / "a") == list(VINTAGES)
    write_miso_queue_snapshot(tmp_path / "b")
    for path in sorted(p for p in (tmp_path / "a").rglob("*") if p.is_file()):
        relative = path.relative_to(tmp_path / "a")
        assert path.read_bytes() == (tmp_path / "b" / relative).read_bytes()
        assert path.read_bytes() == (SNAPSHOT_DIR / relative).read_bytes(), relative


def test_the_simulation_grows_linearly_with_scale():
    one, three = simulate_miso_queue(1), simulate_miso_queue(3)
    for vintage in VINTAGES:
        assert 2.5 <= len(three[vintage]) / len(one[vintage]) <= 3.5


# --- the status seed and the staging model ---------------------------------------------------


def every_frame() -> list[pl.DataFrame]:
    frames = [parsed_pull(v).frame for v in VINTAGES]
    with contextlib.suppress(pytest.skip.Exception):  # without the real file, bundled pulls count
        frames.append(real_parsed().frame)
    return frames


def test_every_status_key_of_the_real_and_bundled_pulls_maps_to_a_ladder_stage():
    with LADDER.open() as ladder:
        stages = {row["stage"] for row in csv.DictReader(ladder)}
    mapped = seed_stages()
    keys = {key for frame in every_frame() for key in status_keys(frame)}
    assert keys - set(mapped) == set()
    assert {mapped[key] for key in keys} <= stages


def dbt_executable() -> str:
    return str(Path(sys.executable).with_name("dbt"))


def build_staging(
    tmp: Path, source, files: dict[date, RawFile], model: str
) -> duckdb.DuckDBPyConnection:
    """Land the files as vintages into a fresh warehouse, `dbt build` the model, and open it."""
    db = tmp / "warehouse.duckdb"
    for vintage, file in files.items():
        land_vintage(db, tmp / "raw", source.spec, vintage, [file], source.parse)
    result = subprocess.run(
        [
            dbt_executable(), "build",
            "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs"),
            "--select", f"+{model}", "stage_ladder", "--indirect-selection", "cautious",
        ],
        env={**os.environ, "MAESTRO_DUCKDB_PATH": str(db)},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-4000:]
    return duckdb.connect(str(db), read_only=True)


def snapshot_files(source, directory: Path) -> dict[date, RawFile]:
    entries = json.loads((directory / "responses.json").read_text())["responses"]
    return {
        date.fromisoformat(e["vintage"]): RawFile(
            (directory / e["body"]).read_bytes(), e["url"], datetime(2026, 9, 30, tzinfo=UTC),
            source.extension, "snapshot",
        )
        for e in entries
    }  # fmt: skip


def with_real_file(files: dict[date, RawFile], name: str, extension: str) -> dict[date, RawFile]:
    with contextlib.suppress(pytest.skip.Exception):
        content = realdata_file(name).read_bytes()
        files = {
            **files,
            REAL_VINTAGE: RawFile(
                content, Path(name).name, datetime(2025, 1, 31, tzinfo=UTC), extension, "import"
            ),
        }
    return files


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    files = with_real_file(snapshot_files(ADAPTER, SNAPSHOT_DIR), REAL_FILE, "csv")
    connection = build_staging(
        tmp_path_factory.mktemp("miso"), ADAPTER, files, "stg_miso_queue__projects"
    )
    yield connection
    connection.close()


def staged_rows(connection, columns: str) -> list[tuple]:
    return connection.execute(
        f"select {columns} from staging.stg_miso_queue__projects s "
        "join raw.miso_queue__projects r using (vintage, sheet, source_row) order by all"
    ).fetchall()


def test_the_staging_model_composes_the_same_status_key_and_junk_flag_as_python(staged):
    rows = staged_rows(
        staged,
        "r.project, r.request_status, r.study_phase, r.post_gia_status, s.status_raw, s.is_junk",
    )
    assert rows
    for project, request, phase, post_gia, status_raw, junk in rows:
        assert status_raw == status_key(project, request, phase, post_gia)
        assert junk == is_junk(project, request)


def test_every_staged_row_has_a_stage_and_only_test_records_are_junk(staged):
    assert staged.execute(
        "select count(*) from staging.stg_miso_queue__projects where stage is null"
    ).fetchone() == (0,)
    junk = staged.execute(
        "select distinct project_id, record_kind, stage "
        "from staging.stg_miso_queue__projects where is_junk"
    ).fetchall()
    assert {project for project, _, _ in junk} <= {*JUNK_NUMBERS, "AA1234"}
    assert {(kind, stage) for _, kind, stage in junk} == {("test_record", "unclassified")}


def test_staged_requests_carry_the_simulated_dates_capacity_and_stage(staged):
    stages = seed_stages()
    for vintage in VINTAGES:
        rows = staged.execute(
            "select project_id, queue_date, withdrawal_date, capacity_mw, stage, record_kind, "
            "project_name, developer_name from staging.stg_miso_queue__projects "
            "where vintage = ? and not is_junk",
            [vintage],
        ).fetchall()
        simulated_now = listings_by_number(vintage)
        assert {r[0] for r in rows} == simulated_now.keys()
        for number, queued, withdrawn, mw, stage, kind, name, developer in rows:
            listing = simulated_now[number]
            assert queued == listing.project.queue_date
            assert withdrawn == listing.withdrawn_date
            assert mw == pytest.approx(listing.project.summer_mw)
            assert stage == stages[listing.status.key]
            assert kind == {"Done": "studies_done", "Withdrawn": "withdrawn"}.get(
                listing.status.request, "active"
            )
            assert (name, developer) == (None, None)


def test_the_real_export_stages_done_requests_by_their_post_gia_status(staged):
    rows = staged.execute(
        "select stage, count(*) from staging.stg_miso_queue__projects "
        "where vintage = ? and record_kind = 'studies_done' group by all",
        [REAL_VINTAGE],
    ).fetchall()
    if not rows:
        pytest.skip("the real export is not available")
    assert dict(rows) == {
        "agreement_signed": 140,
        "under_construction": 118,
        "operating": 71,
        "withdrawn": 1,
    }
    known = staged.execute(
        "select state, county, fuel, capacity_mw, queue_date, proposed_cod "
        "from staging.stg_miso_queue__projects where vintage = ? and project_id = 'J1000'",
        [REAL_VINTAGE],
    ).fetchone()
    assert known == ("WI", "Grant County", "solar", 50.0, date(2018, 3, 12), date(2023, 3, 27))


# --- bad input ------------------------------------------------------------------------------


def first_pull_records() -> list[dict]:
    return next(iter(vintage_responses(1, DEFAULT_SEED)))[1]


def test_a_renamed_required_csv_column_is_a_schema_error_naming_it():
    export = csv_export(first_pull_records()).replace(b'"Request Status"', b'"Request State"', 1)
    with pytest.raises(
        SchemaError,
        match=r"missing required column\(s\): request_status \(found 'request_state': renamed\?\)",
    ):
        parse(export, "export.csv")


def test_a_renamed_required_api_field_is_a_schema_error_naming_the_field():
    records = [
        {("applicationState" if k == "applicationStatus" else k): v for k, v in r.items()}
        for r in first_pull_records()
    ]
    with pytest.raises(
        SchemaError, match=r"applicationStatus \(found 'applicationState': renamed\?\)"
    ):
        parse(json.dumps(records).encode(), "getprojects.json")


def test_an_unknown_api_field_is_kept_and_reported():
    records = [{**r, "newField": "x"} for r in first_pull_records()]
    parsed = parse(json.dumps(records).encode(), "getprojects.json")
    assert parsed.notes["unrecognized_columns"] == [column_name("newField")]


def test_an_html_page_served_instead_of_the_queue_is_a_format_error():
    page = b"<!DOCTYPE html><html><head><title>Access Denied</title></head><body></body></html>"
    with pytest.raises(FormatError, match="HTML page titled 'Access Denied'"):
        parse(page, API_URL)


@pytest.mark.parametrize("fraction", [0.3, 0.77])
def test_a_truncated_api_response_is_a_format_error(fraction):
    body = bundled_body(VINTAGES[0])
    with pytest.raises(FormatError, match="invalid JSON"):
        parse(body[: int(len(body) * fraction)], API_URL)


@pytest.mark.parametrize("cut", ["mid_field", "field_boundary"])
def test_a_truncated_csv_export_is_a_format_error(cut):
    export = csv_export(first_pull_records())
    end = export.rindex(b'","') + (3 if cut == "mid_field" else 1)
    with pytest.raises(FormatError, match="truncated"):
        parse(export[:end], "export.csv")


def test_an_empty_response_is_a_format_error():
    with pytest.raises(FormatError, match="empty file"):
        parse(b"  \n", API_URL)


def test_an_api_object_instead_of_a_list_of_projects_is_a_schema_error():
    with pytest.raises(SchemaError, match="expected a JSON array of project objects"):
        parse(b'{"message": "An error has occurred."}', API_URL)
