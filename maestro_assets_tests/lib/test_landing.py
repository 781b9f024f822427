"""Landing a vintage: raw bytes kept by hash, provenance on every row, idempotent replaces,
nothing written on a bad file, and a reader copy that stays usable while a writer holds the
warehouse."""

import hashlib
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from maestro_assets.lib import landing
from maestro_assets.lib.errors import FormatError
from maestro_assets.lib.landing import LANDING_LOG, PROVENANCE_COLUMNS, RawFile, land_vintage
from maestro_assets.lib.settings import Settings
from maestro_assets.lib.sources.eia860m import SPEC, parse_workbook
from maestro_assets.lib.warehouse import connect_for_reading
from maestro_assets_tests.lib.test_eia860m import bundled_workbook, expected_rows_by_sheet

TABLE = SPEC.raw_table
FETCHED_AT = datetime(2026, 9, 24, 14, 0, tzinfo=UTC)
MARCH, APRIL, MAY = date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)
MARCH_END, APRIL_END = date(2026, 3, 31), date(2026, 4, 30)
HOLD_THE_WRITER = """
import sys, time
from pathlib import Path
from maestro_assets.lib.warehouse import connect_for_writing
connection = connect_for_writing(Path(sys.argv[1]), wait_seconds=0)
connection.execute("BEGIN TRANSACTION")
connection.execute("DELETE FROM raw.eia860m__generators")
print("holding", flush=True)
time.sleep(600)
"""


def workbook_file(month: date, content: bytes | None = None) -> RawFile:
    content = bundled_workbook(month) if content is None else content
    name = f"{month:%B}".lower() + f"_generator{month.year}.xlsx"
    url = f"https://www.eia.gov/electricity/data/eia860m/xls/{name}"
    return RawFile(content, url, FETCHED_AT, "xlsx", "snapshot")


def land(settings: Settings, vintage: date, *files: RawFile):
    return land_vintage(
        settings.duckdb_path, settings.raw_dir, SPEC, vintage, files, parse_workbook
    )


def rows(settings: Settings, sql: str, params=()) -> list[tuple]:
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as connection:
        return connection.execute(sql, list(params)).fetchall()


def vintage_rows(settings: Settings, vintage: date) -> list[tuple]:
    return rows(
        settings,
        f"SELECT * EXCLUDE (vintage) FROM {TABLE} WHERE vintage = ? ORDER BY sheet, source_row",
        [vintage],
    )


def expected_rows(month: date) -> int:
    return sum(expected_rows_by_sheet(month).values())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw_files(settings: Settings) -> list[Path]:
    return sorted(p for p in settings.raw_dir.rglob("*") if p.is_file())


def test_the_raw_file_is_kept_under_its_hash_with_identical_bytes(settings):
    content = bundled_workbook(MARCH)
    landed = land(settings, MARCH_END, workbook_file(MARCH))
    sha = hashlib.sha256(content).hexdigest()
    target = settings.raw_dir / SPEC.source_id / "2026-03-31" / f"{sha}.xlsx"
    assert landed.raw_paths == [target]
    assert target.read_bytes() == content
    assert raw_files(settings) == [target]


def test_every_landed_row_carries_its_provenance(settings):
    file = workbook_file(MARCH)
    landed = land(settings, MARCH_END, file)
    assert landed.rows == expected_rows(MARCH)
    columns = (*PROVENANCE_COLUMNS, "sheet", "source_row")
    missing = ", ".join(f"count(*) - count({c})" for c in columns)
    nulls = rows(settings, f"SELECT {missing} FROM {TABLE}")
    assert nulls == [(0,) * len(columns)]
    distinct = rows(
        settings,
        f"SELECT DISTINCT source_id, vintage, fetched_at, source_url, content_sha256 FROM {TABLE}",
    )
    assert distinct == [
        (
            SPEC.source_id,
            MARCH_END,
            FETCHED_AT.replace(tzinfo=None),
            file.source_url,
            hashlib.sha256(file.content).hexdigest(),
        )
    ]
    assert rows(settings, f"SELECT count(*) FROM {TABLE}") == [(expected_rows(MARCH),)]


def test_the_landing_log_gets_one_row_per_file(settings):
    march, april = workbook_file(MARCH), workbook_file(APRIL)
    land(settings, MARCH_END, march, april)
    land(settings, APRIL_END, april)
    log = rows(
        settings,
        f"SELECT vintage, content_sha256, bytes, rows, origin FROM {LANDING_LOG} "
        "ORDER BY vintage, rows",
    )
    expected = [
        (MARCH_END, file.sha256, len(file.content), expected_rows(month), "snapshot")
        for month, file in ((MARCH, march), (APRIL, april))
    ]
    expected.append((APRIL_END, april.sha256, len(april.content), expected_rows(APRIL), "snapshot"))
    assert log == sorted(expected, key=lambda row: (row[0], row[3]))
    assert rows(settings, f"SELECT count(*) FROM {TABLE} WHERE vintage = ?", [MARCH_END]) == [
        (expected_rows(MARCH) + expected_rows(APRIL),)
    ]


def test_relanding_the_same_vintage_is_idempotent(settings):
    land(settings, MARCH_END, workbook_file(MARCH))
    before = vintage_rows(settings, MARCH_END)
    again = land(settings, MARCH_END, workbook_file(MARCH))
    assert again.rows == expected_rows(MARCH)
    assert vintage_rows(settings, MARCH_END) == before
    assert rows(settings, f"SELECT count(*) FROM {TABLE}") == [(expected_rows(MARCH),)]
    assert len(raw_files(settings)) == 1


def test_a_different_file_for_a_vintage_replaces_only_that_vintages_rows(settings):
    land(settings, MARCH_END, workbook_file(MARCH))
    land(settings, APRIL_END, workbook_file(APRIL))
    april_before = vintage_rows(settings, APRIL_END)
    replacement = workbook_file(MAY)
    land(settings, MARCH_END, replacement)
    assert rows(
        settings,
        f"SELECT content_sha256, count(*) FROM {TABLE} WHERE vintage = ? GROUP BY 1",
        [MARCH_END],
    ) == [(replacement.sha256, expected_rows(MAY))]
    assert vintage_rows(settings, APRIL_END) == april_before
    assert len(raw_files(settings)) == 3  # the replaced file's bytes are kept too


def test_an_existing_raw_file_is_never_overwritten(settings):
    file = workbook_file(MARCH)
    target = settings.raw_dir / SPEC.source_id / "2026-03-31" / f"{file.sha256}.xlsx"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"bytes that were already there")
    land(settings, MARCH_END, file)
    assert target.read_bytes() == b"bytes that were already there"
    assert rows(settings, f"SELECT count(*) FROM {TABLE}") == [(expected_rows(MARCH),)]


def test_relanding_leaves_the_stored_raw_file_untouched(settings):
    (path,) = land(settings, MARCH_END, workbook_file(MARCH)).raw_paths
    before = path.stat()
    land(settings, MARCH_END, workbook_file(MARCH))
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (
        before.st_ino,
        before.st_mtime_ns,
        before.st_size,
    )


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><head><title>Service Unavailable</title></head></html>",
        bundled_workbook(APRIL)[:20_000],
    ],
    ids=["html-page", "truncated"],
)
def test_a_file_that_fails_to_parse_writes_nothing(settings, content):
    land(settings, MARCH_END, workbook_file(MARCH))
    reader = settings.reader_path
    before = (digest(settings.duckdb_path), digest(reader), raw_files(settings))
    with pytest.raises(FormatError):
        land(settings, APRIL_END, workbook_file(APRIL, content))
    assert (digest(settings.duckdb_path), digest(reader), raw_files(settings)) == before
    assert not (settings.raw_dir / SPEC.source_id / "2026-04-30").exists()


def test_a_failed_write_rolls_back_and_keeps_the_vintages_previous_rows(settings, monkeypatch):
    land(settings, MARCH_END, workbook_file(MARCH))
    before = vintage_rows(settings, MARCH_END)
    reader_before = digest(settings.reader_path)

    def fail(*args):
        raise RuntimeError("disk full while appending the landing log")

    monkeypatch.setattr(landing, "append_rows", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        land(settings, MARCH_END, workbook_file(MAY))
    assert vintage_rows(settings, MARCH_END) == before
    assert digest(settings.reader_path) == reader_before


def test_the_reader_copy_answers_queries_while_another_process_holds_the_writer(settings):
    land(settings, MARCH_END, workbook_file(MARCH))
    assert settings.reader_path.exists()
    writer = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_WRITER, str(settings.duckdb_path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "holding", writer.stderr.read()
        with pytest.raises(duckdb.IOException, match=r"(?i)lock"):
            duckdb.connect(str(settings.duckdb_path))  # the writer really holds the file
        with connect_for_reading(settings.duckdb_path) as reader:
            count = reader.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
            with pytest.raises(duckdb.Error):
                reader.execute(f"DELETE FROM {TABLE}")  # and the copy is read-only
        assert count == expected_rows(MARCH)
    finally:
        # SIGKILL: a run in a background job ignores SIGINT, and Dagster maps SIGTERM to the
        # SIGINT handler in this process, so a child started here would ignore SIGTERM too
        writer.kill()
        writer.wait(timeout=30)
        writer.stdout.close()
        writer.stderr.close()
