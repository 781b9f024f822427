"""What the interconnection-queue tests share: the status seeds, workbooks rebuilt from rows,
the staging models' status SQL run in DuckDB, and bundled snapshots compared with what their
generator writes."""

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sized
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import fastexcel
import jinja2
import polars as pl
import pytest
import xlsxwriter

from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.settings import DBT_PROJECT_DIR

STATUS_SEED = DBT_PROJECT_DIR / "seeds" / "status_stage_map.csv"
STAGE_LADDER = DBT_PROJECT_DIR / "seeds" / "stage_ladder.csv"
FRAME_ROW = "__frame_row"
Rows = list[list]

# --- status keys and their stages ---------------------------------------------------------------


def seeded_stages(source_id: str) -> dict[str, str]:
    """raw_status -> stage, as status_stage_map.csv maps them for a source."""
    with STATUS_SEED.open(newline="") as handle:
        return {
            row["raw_status"]: row["stage"]
            for row in csv.DictReader(handle)
            if row["source_id"] == source_id
        }


def unstaged_keys(source_id: str, keys: Iterable[str | None]) -> set[str | None]:
    """The status keys that status_stage_map.csv does not map to a stage of the ladder."""
    with STAGE_LADDER.open(newline="") as handle:
        ladder = {row["stage"] for row in csv.DictReader(handle)}
    seeded = seeded_stages(source_id)
    return {key for key in keys if seeded.get(key) not in ladder}


def status_keys(status_key: Callable[[dict], str | None], frame: pl.DataFrame) -> list:
    """A parser's status key of every parsed row, in frame order."""
    return [status_key(row) for row in frame.iter_rows(named=True)]


def status_sql(sql_path: Path, first_column: str) -> str:
    """The CASE expression a staging model composes `status_raw` with (its first branch tests
    `first_column`)."""
    pattern = rf"(case\s+when {first_column}\b.*?\bend)\s*(?:--[^\n]*\s*)*as status_raw"
    match = re.search(pattern, sql_path.read_text(), re.DOTALL)
    assert match, f"{sql_path.name} no longer composes status_raw with a CASE expression"
    return match.group(1)


def sql_status_keys(expression: str, frame: pl.DataFrame) -> list:
    """A SQL status-key expression run over parsed rows in DuckDB, in frame order."""
    connection = duckdb.connect()
    connection.register("raw_rows", frame.with_row_index(FRAME_ROW).to_arrow())
    rows = connection.execute(f"select {expression} from raw_rows order by {FRAME_ROW}").fetchall()
    return [key for (key,) in rows]


def status_key_problems(
    source_id: str,
    sql_path: Path,
    first_column: str,
    status_key: Callable[[dict], str | None],
    frames: list[pl.DataFrame],
) -> list[str]:
    """What is wrong with a source's status keys over parsed frames: a frame for which the
    staging model's SQL (see `status_sql`) composes other keys than the parser, or a key that
    status_stage_map.csv leaves without a stage of the ladder."""
    expression = status_sql(sql_path, first_column)
    problems = [
        f"frame {index}: the staging SQL and the parser compose different status keys"
        for index, frame in enumerate(frames)
        if sql_status_keys(expression, frame) != status_keys(status_key, frame)
    ]
    keys = {key for frame in frames for key in status_keys(status_key, frame)}
    unstaged = sorted(unstaged_keys(source_id, keys), key=str)
    return problems + [f"status key {key!r} has no stage" for key in unstaged]


def frames_with_real(
    frames: list[pl.DataFrame], real_parsed: Callable[[], ParsedFile]
) -> list[pl.DataFrame]:
    """Parsed frames, and the real file's when ../shared/realdata holds it."""
    with contextlib.suppress(pytest.skip.Exception):
        return [*frames, real_parsed().frame]
    return frames


# dbt makes every project macro global; plain Jinja needs them imported (with the context
# that supplies `ref`).
MACRO_IMPORTS = "".join(
    f"{{% from '{name}.sql' import {name} with context %}}"
    for name in ("canonical_fuel", "published_date", "staged_projects")
)


def staged(sql_path: Path, parsed: dict[date, pl.DataFrame], source_id: str) -> pl.DataFrame:
    """The staging model's output for parsed vintages, rendered with Jinja and run in DuckDB."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(DBT_PROJECT_DIR / "macros"))
    sql = environment.from_string(MACRO_IMPORTS + sql_path.read_text()).render(
        source=lambda *_: "raw_rows", ref=lambda name: name
    )
    frames = [
        frame.with_columns(
            pl.lit(source_id).alias("source_id"),
            pl.lit(vintage).alias("vintage"),
            pl.lit(datetime(2026, 9, 1, tzinfo=UTC).replace(tzinfo=None)).alias("fetched_at"),
            pl.lit(f"{source_id}.xlsx").alias("source_url"),
            pl.lit("0" * 64).alias("content_sha256"),
        )
        for vintage, frame in parsed.items()
    ]
    connection = duckdb.connect()
    connection.register("raw_rows", pl.concat(frames, how="diagonal_relaxed").to_arrow())
    seed = pl.read_csv(STATUS_SEED, infer_schema=False)
    connection.register("status_stage_map", seed.to_arrow())
    return pl.from_arrow(connection.sql(sql).fetch_arrow_table())


# --- files -----------------------------------------------------------------------------------


def sheet_rows(content: bytes) -> dict[str, Rows]:
    """Every sheet of a workbook as rows of text cells."""
    reader = fastexcel.read_excel(content)
    return {
        name: [
            list(row)
            for row in reader.load_sheet(name, header_row=None, dtypes="string")
            .to_polars()
            .iter_rows()
        ]
        for name in reader.sheet_names
    }


def workbook_bytes(sheets: Mapping[str, Rows]) -> bytes:
    """A workbook of these sheets, each row written from the first column."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        worksheet = book.add_worksheet(name)
        for index, row in enumerate(rows):
            worksheet.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


def html_page(title: str) -> bytes:
    """The error page a server sends where a file was expected."""
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body></body></html>".encode()


def truncated(content: bytes, fraction: float) -> bytes:
    """The first `fraction` of a download, as an interrupted transfer leaves it."""
    return content[: int(len(content) * fraction)]


def regenerated(
    write: Callable[[Path], list[date]], tmp_path: Path, bundled: Path
) -> tuple[list[date], list[str]]:
    """Write a snapshot twice: the vintages the writer returns, and the files where either
    copy differs from the bundled snapshot (or holds what it lacks)."""
    first, second = tmp_path / "first", tmp_path / "second"
    vintages = write(first)
    write(second)
    differences = [
        f"{copy.name}/{name}"
        for copy in (first, second)
        for name in snapshot_differences(copy, bundled)
    ]
    return vintages, differences


def snapshot_differences(written: Path, bundled: Path) -> list[str]:
    """The files that differ between a written snapshot and the bundled one, or that only
    one of the two holds."""
    ours, theirs = file_contents(written), file_contents(bundled)
    return sorted(
        name for name in ours.keys() | theirs.keys() if ours.get(name) != theirs.get(name)
    )


def file_contents(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def growth_at_double_scale(
    simulate: Callable[[int, int], Mapping[date, Sized]], seed: int
) -> list[float]:
    """How many times larger each vintage of a simulation is at scale 2 than at scale 1."""
    one, two = simulate(1, seed), simulate(2, seed)
    return [len(two[vintage]) / len(one[vintage]) for vintage in one]
