"""The DuckDB warehouse: idempotent partition writes, and a read-only copy for readers.

DuckDB allows one writing process per file, and while it writes no other process may open
the file at all. Writers therefore share one Dagster pool, and readers (`maestro sql`, asset
checks, the demo summary) query a copy that is replaced atomically after every successful
write: a reader sees the warehouse as of the last completed write, never a half-written one.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from maestro_assets.lib.settings import reader_path_for

SCHEMAS = ("raw", "staging", "marts", "meta")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
LOCK_RETRY_SECONDS = 120.0


def quote_identifier(name: str) -> str:
    """Identifiers cannot be bound as parameters: accept only plain lower-case names."""
    if not _IDENTIFIER.fullmatch(name):
        raise ValueError(f"not a safe SQL identifier: {name!r}")
    return f'"{name}"'


def qualified(relation: str) -> str:
    schema, _, table = relation.partition(".")
    return f"{quote_identifier(schema)}.{quote_identifier(table)}"


def connect_for_writing(path: Path, wait_seconds: float = LOCK_RETRY_SECONDS):
    """Open the warehouse for writing, waiting while another process holds the lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.25)


@contextmanager
def writing(path: Path, *, publish: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection; on success the reader copy is republished, unless the caller
    writes several times in a row and publishes once after the last (`publish=False`)."""
    connection = connect_for_writing(path)
    try:
        for schema in SCHEMAS:
            connection.execute(f"CREATE SCHEMA IF NOT EXISTS {quote_identifier(schema)}")
        yield connection
        connection.execute("CHECKPOINT")
    finally:
        connection.close()
    if publish:
        publish_reader_copy(path)


def publish_reader_copy(path: Path) -> Path:
    """Copy the closed warehouse next to itself and swap it in atomically."""
    reader = reader_path_for(path)
    temporary = reader.with_name(f".{reader.name}.{os.getpid()}.tmp")
    shutil.copyfile(path, temporary)
    os.replace(temporary, reader)
    return reader


def connect_for_reading(path: Path) -> duckdb.DuckDBPyConnection:
    reader = reader_path_for(path)
    if not reader.exists():
        raise FileNotFoundError(
            f"no warehouse at {reader}: build it first (make demo, or materialize in the UI)"
        )
    return duckdb.connect(str(reader), read_only=True)


def replace_partition(
    connection: duckdb.DuckDBPyConnection,
    relation: str,
    frame: pl.DataFrame,
    key_column: str,
    key_value: Any,
) -> int:
    """Make `relation`'s rows with key_column = key_value exactly `frame`; returns row count.

    Idempotent: re-running with the same frame changes nothing. Columns that appear in a new
    vintage are added to the table (they are optional columns coming and going); the caller
    runs this inside a transaction.
    """
    target = qualified(relation)
    connection.register("incoming", frame.to_arrow())
    try:
        connection.execute(f"CREATE TABLE IF NOT EXISTS {target} AS SELECT * FROM incoming LIMIT 0")
        add_missing_columns(connection, relation)
        connection.execute(
            f"DELETE FROM {target} WHERE {quote_identifier(key_column)} = ?",
            [key_value],
        )
        connection.execute(f"INSERT INTO {target} BY NAME SELECT * FROM incoming")
    finally:
        connection.unregister("incoming")
    return frame.height


def replace_table(connection: duckdb.DuckDBPyConnection, relation: str, frame: pl.DataFrame):
    """Make `relation` exactly `frame` (for tables rebuilt whole on every run)."""
    connection.register("replacement", frame.to_arrow())
    try:
        connection.execute(
            f"CREATE OR REPLACE TABLE {qualified(relation)} AS SELECT * FROM replacement"
        )
    finally:
        connection.unregister("replacement")


def add_missing_columns(connection: duckdb.DuckDBPyConnection, relation: str) -> None:
    schema, _, table = relation.partition(".")
    existing = {
        row[0]
        for row in connection.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = ? AND table_name = ?",
            [schema, table],
        ).fetchall()
    }
    incoming = connection.execute("DESCRIBE SELECT * FROM incoming").fetchall()
    for name, dtype, *_ in incoming:
        if name not in existing:
            connection.execute(
                f"ALTER TABLE {qualified(relation)} ADD COLUMN {quote_identifier(name)} {dtype}"
            )


def relation_exists(connection: duckdb.DuckDBPyConnection, relation: str) -> bool:
    schema, _, table = relation.partition(".")
    ((count,),) = connection.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
        [schema, table],
    ).fetchall()
    return count > 0


def table_counts(connection: duckdb.DuckDBPyConnection, schemas: Sequence[str] = SCHEMAS):
    """(schema, table, rows) for every table and view in the given schemas."""
    relations = connection.execute(
        "SELECT table_schema, table_name FROM information_schema.tables "
        "WHERE table_schema IN (SELECT unnest(?)) ORDER BY 1, 2",
        [list(schemas)],
    ).fetchall()
    return [
        (
            schema,
            table,
            connection.execute(f"SELECT count(*) FROM {qualified(f'{schema}.{table}')}").fetchone()[
                0
            ],
        )
        for schema, table in relations
    ]
