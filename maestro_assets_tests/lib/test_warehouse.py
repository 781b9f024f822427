"""The DuckDB warehouse: partition replaces, safe identifiers, the reader copy, table counts."""

from datetime import date

import duckdb
import polars as pl
import pytest

from maestro_assets.lib.settings import reader_path_for
from maestro_assets.lib.warehouse import (
    SCHEMAS,
    connect_for_reading,
    qualified,
    quote_identifier,
    replace_partition,
    table_counts,
    writing,
)

TABLE = "raw.example__units"
FIRST, SECOND, THIRD = date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31)


def vintage_frame(vintage: date, units: list[str], **extra: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"vintage": [vintage] * len(units), "unit": units, **extra})


@pytest.fixture
def connection():
    with duckdb.connect() as connection:
        connection.execute("CREATE SCHEMA raw")
        yield connection


def table_rows(connection, sql: str = f"SELECT * FROM {TABLE}") -> list[dict]:
    cursor = connection.execute(sql + " ORDER BY vintage, unit")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_a_column_first_seen_in_a_later_vintage_is_added_and_null_for_earlier_rows(connection):
    replace_partition(connection, TABLE, vintage_frame(FIRST, ["a", "b"]), "vintage", FIRST)
    later = vintage_frame(SECOND, ["a", "c"], storage_mwh=["40", "80"])
    assert replace_partition(connection, TABLE, later, "vintage", SECOND) == 2
    assert table_rows(connection) == [
        {"vintage": FIRST, "unit": "a", "storage_mwh": None},
        {"vintage": FIRST, "unit": "b", "storage_mwh": None},
        {"vintage": SECOND, "unit": "a", "storage_mwh": "40"},
        {"vintage": SECOND, "unit": "c", "storage_mwh": "80"},
    ]


def test_a_column_missing_from_a_later_vintage_is_null_there_and_kept_before(connection):
    earlier = vintage_frame(FIRST, ["a"], storage_mwh=["40"])
    replace_partition(connection, TABLE, earlier, "vintage", FIRST)
    replace_partition(connection, TABLE, vintage_frame(SECOND, ["a"]), "vintage", SECOND)
    assert [r["storage_mwh"] for r in table_rows(connection)] == ["40", None]


def test_replacing_a_partition_touches_no_other_partition_and_is_idempotent(connection):
    for vintage, units in ((FIRST, ["a", "b"]), (SECOND, ["c"]), (THIRD, ["d"])):
        replace_partition(connection, TABLE, vintage_frame(vintage, units), "vintage", vintage)
    replacement = vintage_frame(SECOND, ["x", "y", "z"])
    for _ in range(2):
        replace_partition(connection, TABLE, replacement, "vintage", SECOND)
    assert [(r["vintage"], r["unit"]) for r in table_rows(connection)] == [
        (FIRST, "a"),
        (FIRST, "b"),
        (SECOND, "x"),
        (SECOND, "y"),
        (SECOND, "z"),
        (THIRD, "d"),
    ]


@pytest.mark.parametrize(
    "name",
    [
        "raw; DROP TABLE x",
        "Raw",
        "RAW",
        'raw"',
        '"raw"',
        "raw'",
        "raw.table",
        "raw table",
        "1raw",
        "",
        "raw--",
        "raw\tx",
    ],
)
def test_quote_identifier_rejects_anything_but_plain_lower_case_names(name):
    with pytest.raises(ValueError, match="not a safe SQL identifier"):
        quote_identifier(name)


def test_quote_identifier_rejects_a_name_with_a_trailing_newline():
    with pytest.raises(ValueError, match="not a safe SQL identifier"):
        quote_identifier("raw\n")


@pytest.mark.parametrize("relation", ["raw", "raw.x; DROP TABLE y", 'raw."x"', "Raw.x"])
def test_qualified_rejects_unsafe_or_unqualified_relations(relation):
    with pytest.raises(ValueError, match="not a safe SQL identifier"):
        qualified(relation)


def test_plain_identifiers_are_quoted():
    assert quote_identifier("eia860m__generators") == '"eia860m__generators"'
    assert qualified("raw.eia860m__generators") == '"raw"."eia860m__generators"'


def test_reading_a_missing_warehouse_says_how_to_build_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="build it first") as error:
        connect_for_reading(tmp_path / "maestro.duckdb")
    assert str(reader_path_for(tmp_path / "maestro.duckdb")) in str(error.value)
    assert "make demo" in str(error.value)


def test_a_write_publishes_a_read_only_copy_with_what_was_written(tmp_path):
    path = tmp_path / "warehouse" / "maestro.duckdb"
    with writing(path) as connection:
        replace_partition(connection, TABLE, vintage_frame(FIRST, ["a", "b"]), "vintage", FIRST)
    with connect_for_reading(path) as reader:
        assert reader.execute(f"SELECT count(*) FROM {TABLE}").fetchone() == (2,)
        with pytest.raises(duckdb.Error):
            reader.execute(f"DELETE FROM {TABLE}")


def test_table_counts_lists_every_table_of_the_warehouse_schemas_with_its_rows(tmp_path):
    path = tmp_path / "maestro.duckdb"
    with writing(path) as connection:
        replace_partition(
            connection, TABLE, vintage_frame(FIRST, ["a", "b", "c"]), "vintage", FIRST
        )
        connection.execute("CREATE TABLE meta.empty_log (x INTEGER)")
        connection.execute("CREATE VIEW staging.units AS SELECT * FROM raw.example__units")
        connection.execute("CREATE TABLE main.scratch AS SELECT 1 AS x")  # not a warehouse schema
    with connect_for_reading(path) as reader:
        counts = table_counts(reader)
        assert counts == [
            ("meta", "empty_log", 0),
            ("raw", "example__units", 3),
            ("staging", "units", 3),
        ]
        assert {schema for schema, _, _ in counts} <= set(SCHEMAS)
        assert table_counts(reader, ["raw"]) == [("raw", "example__units", 3)]
