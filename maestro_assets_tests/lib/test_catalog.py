"""Source declarations, freshness by cadence, and the data-quality verdicts over a warehouse."""

import re
from dataclasses import replace
from datetime import date, timedelta

import duckdb
import pytest

from maestro_assets.lib.catalog import (
    RELIABILITY_GRADES,
    Cadence,
    Freshness,
    judge_freshness,
    sources_markdown,
    vintage_for,
)
from maestro_assets.lib.quality import (
    freshness_verdict,
    populated_columns_verdict,
    row_count_verdict,
    unmapped_status_verdict,
)
from maestro_assets.lib.sources import eia860m
from maestro_assets.lib.sources.registry import SOURCES, source_by_id
from maestro_assets.lib.warehouse import qualified

MONTHLY = eia860m.SPEC.staleness
LATEST = date(2026, 8, 31)
UNITS = "raw.example__units"
STAGED = "staging.stg_example__units"


@pytest.fixture
def warehouse(tmp_path):
    """A small DuckDB file with the warehouse schemas and nothing else."""
    with duckdb.connect(str(tmp_path / "quality.duckdb")) as connection:
        for schema in ("raw", "staging"):
            connection.execute(f"CREATE SCHEMA {schema}")
        yield connection


def add_vintage(connection, relation: str, vintage: date, rows: int, **columns) -> None:
    """`rows` rows of one vintage; each keyword is a column filled with that value (or NULL)."""
    names = ["vintage", *columns]
    connection.execute(
        f"CREATE TABLE IF NOT EXISTS {qualified(relation)} "
        f"(vintage DATE, {', '.join(f'{c} VARCHAR' for c in columns)})"
    )
    connection.executemany(
        f"INSERT INTO {qualified(relation)} ({', '.join(names)}) "
        f"VALUES ({', '.join('?' for _ in names)})",
        [[vintage, *columns.values()]] * rows,
    )


# --- freshness ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age_days", "expected"),
    [
        (0, Freshness.FRESH),
        (45, Freshness.FRESH),
        (46, Freshness.WARN),
        (75, Freshness.WARN),
        (76, Freshness.ERROR),
        (400, Freshness.ERROR),
    ],
)
def test_monthly_freshness_boundaries(age_days, expected):
    as_of = LATEST + timedelta(days=age_days)
    assert judge_freshness(LATEST, as_of, MONTHLY) is expected


def test_a_source_with_no_vintage_is_missing():
    assert judge_freshness(None, LATEST, MONTHLY) is Freshness.MISSING


@pytest.mark.parametrize(
    ("day", "vintage"),
    [
        (date(2026, 2, 10), date(2026, 2, 28)),
        (date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 12, 31), date(2026, 12, 31)),
        (date(2026, 4, 30), date(2026, 4, 30)),
    ],
)
def test_a_monthly_vintage_is_dated_by_the_last_day_of_its_month(day, vintage):
    assert vintage_for(Cadence.MONTHLY, day) == vintage


@pytest.mark.parametrize("cadence", [c for c in Cadence if c is not Cadence.MONTHLY])
def test_other_cadences_keep_the_day_named(cadence):
    assert vintage_for(cadence, date(2026, 2, 10)) == date(2026, 2, 10)


# --- declarations ---------------------------------------------------------------------------


def test_sources_markdown_has_one_well_formed_row_per_declared_source():
    lines = sources_markdown(SOURCES).splitlines()
    header, rule, *rows = lines
    assert len(rows) == len(SOURCES)
    cells = header.count("|")
    assert rule.count("|") == cells
    for spec, row in zip(SOURCES, rows, strict=True):
        assert row.startswith(f"| `{spec.source_id}` |")
        assert row.count("|") == cells, row  # no value breaks the table
        assert f"({spec.landing_url})" in row


def test_every_declared_source_has_a_unique_id_a_grade_and_a_raw_table():
    ids = [spec.source_id for spec in SOURCES]
    assert len(ids) == len(set(ids)) == len(SOURCES) > 0
    for spec in SOURCES:
        assert spec.reliability in ("A", "B", "C", "D", "E")
        schema, _, table = spec.raw_table.partition(".")
        assert schema == "raw" and table
        qualified(spec.raw_table)  # a safe identifier
        assert source_by_id(spec.source_id) is spec
        for variable in spec.live_requires_env:  # names of variables, never values
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*", variable)


def test_an_unknown_source_id_lists_the_known_ones():
    with pytest.raises(KeyError, match="eia860m"):
        source_by_id("no_such_source")


@pytest.mark.parametrize("grade", ["F", "a", "", "AA"])
def test_a_source_with_a_grade_outside_a_to_e_cannot_be_declared(grade):
    assert grade not in RELIABILITY_GRADES
    with pytest.raises(ValueError, match="reliability must be one of"):
        replace(eia860m.SPEC, reliability=grade)


def test_a_source_with_an_unqualified_raw_table_cannot_be_declared():
    with pytest.raises(ValueError, match="schema-qualified"):
        replace(eia860m.SPEC, raw_table="eia860m__generators")


# --- quality verdicts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age_days", "passed", "severe"),
    [(45, True, True), (46, False, False), (75, False, False), (76, False, True)],
)
def test_freshness_verdict_warns_then_errors_as_the_latest_vintage_ages(
    warehouse, age_days, passed, severe
):
    spec = eia860m.SPEC
    add_vintage(warehouse, spec.raw_table, date(2026, 7, 31), 2)
    add_vintage(warehouse, spec.raw_table, LATEST, 3)
    verdict = freshness_verdict(warehouse, spec, LATEST + timedelta(days=age_days))
    assert (verdict.passed, verdict.severe) == (passed, severe)
    assert verdict.metadata["latest_vintage"] == LATEST.isoformat()
    assert verdict.metadata["age_days"] == age_days


def test_freshness_verdict_on_a_source_never_landed_is_a_failed_error(warehouse):
    verdict = freshness_verdict(warehouse, eia860m.SPEC, LATEST)
    assert (verdict.passed, verdict.severe) == (False, True)
    assert eia860m.SPEC.raw_table in verdict.description


@pytest.mark.parametrize(
    ("previous", "latest", "passed"),
    [(100, 60, False), (100, 90, True), (100, 110, True), (100, 140, False), (100, 70, True)],
)
def test_row_count_verdict_flags_a_change_beyond_thirty_percent_as_a_warning(
    warehouse, previous, latest, passed
):
    add_vintage(warehouse, UNITS, date(2026, 5, 31), 10)  # older, not compared
    add_vintage(warehouse, UNITS, date(2026, 6, 30), previous)
    add_vintage(warehouse, UNITS, date(2026, 7, 31), latest)
    verdict = row_count_verdict(warehouse, UNITS)
    assert verdict.passed is passed
    assert verdict.severe is False
    assert verdict.metadata["change_pct"] == pytest.approx((latest - previous) / previous * 100)
    assert verdict.metadata["previous_rows"] == previous


def test_row_count_verdict_with_a_single_vintage_has_nothing_to_compare(warehouse):
    add_vintage(warehouse, UNITS, LATEST, 5)
    assert row_count_verdict(warehouse, UNITS).passed


def test_populated_columns_verdict_names_an_entirely_empty_required_column(warehouse):
    add_vintage(warehouse, UNITS, date(2026, 7, 31), 3, plant_id="1", status=None, county="Kern")
    add_vintage(warehouse, UNITS, LATEST, 2, plant_id="1", status="(P) Planned", county=None)
    add_vintage(warehouse, UNITS, LATEST, 1, plant_id="2", status=None, county=None)
    verdict = populated_columns_verdict(warehouse, UNITS, ["plant_id", "status", "county"])
    assert (verdict.passed, verdict.severe) == (False, True)
    assert verdict.metadata["empty_columns"] == ["county"]
    assert "county" in verdict.description and "status" not in verdict.description


def test_populated_columns_verdict_passes_when_every_required_column_has_values(warehouse):
    add_vintage(warehouse, UNITS, LATEST, 2, plant_id="1", status="(P) Planned")
    assert populated_columns_verdict(warehouse, UNITS, ["plant_id", "status"]).passed


def test_populated_columns_verdict_on_an_absent_table_is_a_failed_error(warehouse):
    verdict = populated_columns_verdict(warehouse, UNITS, ["plant_id"])
    assert (verdict.passed, verdict.severe) == (False, True)


def test_unmapped_status_verdict_lists_each_unmapped_status_with_its_rows(warehouse):
    add_vintage(warehouse, STAGED, LATEST, 5, source_id="eia860m", status_key="V", stage="build")
    add_vintage(warehouse, STAGED, LATEST, 3, source_id="eia860m", status_key="ZZ", stage=None)
    add_vintage(warehouse, STAGED, LATEST, 1, source_id="eia860m", status_key="QQ", stage=None)
    verdict = unmapped_status_verdict(warehouse, STAGED, "status_key")
    assert (verdict.passed, verdict.severe) == (False, True)
    assert verdict.metadata["unmapped"] == [
        {"source_id": "eia860m", "raw_status": "ZZ", "rows": 3},
        {"source_id": "eia860m", "raw_status": "QQ", "rows": 1},
    ]
    assert "'ZZ'" in verdict.description and "'QQ'" in verdict.description
    assert "'V'" not in verdict.description


def test_unmapped_status_verdict_passes_when_every_status_maps(warehouse):
    add_vintage(warehouse, STAGED, LATEST, 2, source_id="eia860m", status_key="V", stage="build")
    verdict = unmapped_status_verdict(warehouse, STAGED, "status_key")
    assert verdict.passed and verdict.metadata["unmapped"] == []
