"""Landing a vintage: parse everything first, keep the raw bytes, then write in one transaction.

The order is what makes a bad pull lose nothing: a file that does not parse raises before
anything is written; raw files are content-addressed and never overwritten; the rows of a
vintage are replaced in a single transaction, so earlier vintages and, on failure, the
vintage's previous rows stay as they were.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import polars as pl

from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.warehouse import qualified, relation_exists, replace_partition, writing

LANDING_LOG = "meta.raw_landing"
PROVENANCE_COLUMNS = ("source_id", "vintage", "fetched_at", "source_url", "content_sha256")


@dataclass(frozen=True)
class ParsedFile:
    """What a parser made of one file: rows, and facts about the layout worth recording."""

    frame: pl.DataFrame
    notes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RawFile:
    """One file as it was received."""

    content: bytes
    source_url: str  # the public URL, or the file name of an imported file
    fetched_at: datetime
    extension: str
    origin: str  # snapshot | live | record | import

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class LandedVintage:
    source_id: str
    vintage: date
    rows: int
    raw_paths: list[Path]
    content_sha256: list[str]
    notes: list[dict[str, Any]]


Parser = Callable[[bytes, str], ParsedFile]


def raw_path(raw_dir: Path, source_id: str, vintage: date, sha256: str, extension: str) -> Path:
    return raw_dir / source_id / vintage.isoformat() / f"{sha256}.{extension}"


def store_raw_file(raw_dir: Path, source_id: str, vintage: date, file: RawFile) -> Path:
    """Write the bytes under their hash; an existing file is never touched."""
    target = raw_path(raw_dir, source_id, vintage, file.sha256, file.extension)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(file.content)
    try:
        os.link(temporary, target)  # fails rather than overwrite if another writer won
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return target


def with_provenance(frame: pl.DataFrame, source_id: str, vintage: date, file: RawFile):
    return frame.with_columns(
        pl.lit(source_id).alias("source_id"),
        pl.lit(vintage).alias("vintage"),
        pl.lit(file.fetched_at.astimezone(UTC).replace(tzinfo=None)).alias("fetched_at"),
        pl.lit(file.source_url).alias("source_url"),
        pl.lit(file.sha256).alias("content_sha256"),
    )


def parse_all(files: Sequence[RawFile], parse: Parser) -> list[ParsedFile]:
    if not files:
        raise ValueError("a vintage needs at least one file")
    return [parse(file.content, file.source_url) for file in files]


def land_vintage(
    db_path: Path,
    raw_dir: Path,
    spec: SourceSpec,
    vintage: date,
    files: Sequence[RawFile],
    parse: Parser,
    *,
    publish: bool = True,
) -> LandedVintage:
    """Parse and store one vintage in one transaction; `publish=False` leaves republishing the
    reader copy to a caller that lands several vintages in a row."""
    parsed = parse_all(files, parse)
    frame = pl.concat(
        [
            with_provenance(p.frame, spec.source_id, vintage, f)
            for p, f in zip(parsed, files, strict=True)
        ],
        how="diagonal_relaxed",
    )
    paths = [store_raw_file(raw_dir, spec.source_id, vintage, f) for f in files]
    log = pl.DataFrame(
        {
            "landed_at": [datetime.now(UTC).replace(tzinfo=None)] * len(files),
            "source_id": [spec.source_id] * len(files),
            "vintage": [vintage] * len(files),
            "content_sha256": [f.sha256 for f in files],
            "raw_path": [str(p) for p in paths],
            "source_url": [f.source_url for f in files],
            "origin": [f.origin for f in files],
            "bytes": [len(f.content) for f in files],
            "rows": [p.frame.height for p in parsed],
        }
    )
    with writing(db_path, publish=publish) as connection:
        connection.execute("BEGIN TRANSACTION")
        try:
            replace_partition(connection, spec.raw_table, frame, "vintage", vintage)
            append_rows(connection, LANDING_LOG, log)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    return LandedVintage(
        source_id=spec.source_id,
        vintage=vintage,
        rows=frame.height,
        raw_paths=paths,
        content_sha256=[f.sha256 for f in files],
        notes=[p.notes for p in parsed],
    )


def append_rows(connection, relation: str, frame: pl.DataFrame) -> None:
    connection.register("appended", frame.to_arrow())
    try:
        target = qualified(relation)
        connection.execute(f"CREATE TABLE IF NOT EXISTS {target} AS SELECT * FROM appended LIMIT 0")
        connection.execute(f"INSERT INTO {target} BY NAME SELECT * FROM appended")
    finally:
        connection.unregister("appended")


def landed_source_ids(connection) -> set[str]:
    """Sources with at least one landed vintage (none in a new warehouse)."""
    if not relation_exists(connection, LANDING_LOG):
        return set()
    rows = connection.execute(f"SELECT DISTINCT source_id FROM {qualified(LANDING_LOG)}").fetchall()
    return {source_id for (source_id,) in rows}
