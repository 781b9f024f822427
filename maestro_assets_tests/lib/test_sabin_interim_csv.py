"""Sabin Center interim CSV: the documented layout, the bundled quarterly pulls, the year of
`Date entered`, bad files."""

import json
import re
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import duckdb
import polars as pl
import pytest

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.sabin_interim_csv import (
    ADAPTER,
    CSV_REQUEST,
    SPEC,
    date_entered_sql,
    parse,
    resolve_date_entered,
    section_of,
)
from maestro_assets.lib.sources.sabin_report import CONTESTED, LOCAL, STATE_LEVEL
from maestro_assets.lib.sources.sabin_report import parse as parse_report
from maestro_assets.lib.synthetic.sabin_interim_csv import (
    HEADER,
    VINTAGES,
    InterimRow,
    csv_path,
    simulate_pulls,
    write_sabin_interim_csv_snapshot,
)
from maestro_assets.lib.synthetic.sabin_report import EDITIONS
from maestro_assets_tests.conftest import SNAPSHOTS

SNAPSHOT_DIR = SNAPSHOTS / SPEC.source_id
REPORT_DIR = SNAPSHOTS / "sabin_report"


@cache
def simulated() -> dict[date, list[InterimRow]]:
    """The pulls the bundled snapshot was generated from (scale 1, default seed)."""
    return simulate_pulls()


def bundled_csv(vintage: date) -> bytes:
    return (SNAPSHOT_DIR / csv_path(vintage)).read_bytes()


@cache
def parsed_pull(vintage: date):
    return parse(bundled_csv(vintage), f"pull {vintage}")


def csv_text(*rows: str) -> bytes:
    return ("\n".join(rows) + "\n").encode()


GOOD_HEADER = ",".join(HEADER)


# --- the bundled pulls --------------------------------------------------------------------------


def test_the_snapshot_records_one_csv_per_quarterly_pull():
    entries = json.loads((SNAPSHOT_DIR / "responses.json").read_text())["responses"]
    assert [e["vintage"] for e in entries] == [v.isoformat() for v in VINTAGES]
    assert {e["url"] for e in entries} == {CSV_REQUEST.public_url}
    for entry in entries:
        body = (SNAPSHOT_DIR / entry["body"]).read_bytes()
        assert body == bundled_csv(date.fromisoformat(entry["vintage"]))


def test_fetch_replays_each_pull():
    client = SourceClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests/0 (t@example.org)")
    assert ADAPTER.available_partitions(client) == list(VINTAGES)
    for vintage in VINTAGES:
        (response,) = ADAPTER.fetch(client, vintage)
        assert response.content == bundled_csv(vintage)


@pytest.mark.parametrize("vintage", VINTAGES, ids=str)
def test_every_bundled_pull_has_one_trimmed_row_per_simulated_row(vintage):
    frame = parsed_pull(vintage).frame
    rows = simulated()[vintage]
    assert frame.height == len(rows) >= 20
    assert frame["source_row"].to_list() == list(range(2, len(rows) + 2))
    for parsed, row in zip(frame.iter_rows(named=True), rows, strict=True):
        assert parsed["sheet"] == "csv"
        assert (parsed["jurisdiction"], parsed["state"]) == (row.jurisdiction, row.state)
        assert parsed["type"].lower() == row.entry_type.lower()
        assert (parsed["year"], parsed["description"]) == (str(row.year), row.description)
        assert (parsed["energy_type"], parsed["source"]) == (row.energy_type, row.source)
        assert resolve_date_entered(parsed["date_entered"], vintage) == row.entered


def test_the_rolling_list_dates_rows_entered_late_last_year_in_that_year():
    vintage = VINTAGES[0]
    frame = parsed_pull(vintage).frame
    resolved = [resolve_date_entered(d, vintage) for d in frame["date_entered"]]
    last_year = [d for d in resolved if d.year == vintage.year - 1]
    assert last_year and all(d.month > vintage.month for d in last_year)
    assert all(vintage - timedelta(days=365) < d <= vintage for d in resolved)


def test_the_second_pull_is_an_excel_resave_and_both_are_messy():
    first, second = (bundled_csv(v) for v in VINTAGES)
    assert not first.startswith(b"\xef\xbb\xbf") and b"\r\n" not in first
    assert second.startswith(b"\xef\xbb\xbf") and second.count(b"\r\n") >= 20
    assert parsed_pull(VINTAGES[1]).notes["byte_order_mark"] is True
    assert re.search(rb",(Solar|Wind|Both)  ,", first)  # trailing spaces, trimmed when parsed
    assert b"Contested Project," in second and re.search(rb",0\d/\d\d\r\n", second)
    for vintage in VINTAGES:
        frame = parsed_pull(vintage).frame
        assert frame["energy_type"].is_in(["Solar", "Wind", "Both"]).all()
        assert frame["description"].str.contains(",").any()  # quoted commas survive
        assert parsed_pull(vintage).notes["note_rows_dropped"] == 1  # the footnote line
        missing = sum(r.source is None for r in simulated()[vintage])
        assert parsed_pull(vintage).notes["rows_without_source"] == missing > 0


def test_every_type_is_a_report_section():
    for vintage in VINTAGES:
        types = parsed_pull(vintage).frame["type"].to_list()
        assert {section_of(t) for t in types} == {LOCAL, CONTESTED, STATE_LEVEL}
        assert parsed_pull(vintage).notes["unrecognized_types"] == []
    assert section_of(" Contested  Project ") == CONTESTED
    assert section_of("Federal rule") is None


def test_the_interim_list_overlaps_the_2026_report_and_goes_beyond_it():
    report = parse_report(
        (
            REPORT_DIR / "files" / f"Opposition-to-Renewable-Energy-Facilities-{EDITIONS[1]}.docx"
        ).read_bytes(),
        "2026 edition",
    ).frame
    reported = set(report["jurisdiction"].drop_nulls().to_list())
    for vintage in VINTAGES:
        jurisdictions = set(parsed_pull(vintage).frame["jurisdiction"].to_list())
        assert len(jurisdictions & reported) >= 5
        assert jurisdictions - reported  # jurisdictions no edition lists yet
    laws = parsed_pull(VINTAGES[1]).frame.filter(pl.col("type") == "State Law")
    assert laws["state"].to_list() == ["North Carolina"]
    report_states = report.filter(pl.col("section") == STATE_LEVEL)["state"].to_list()
    assert "North Carolina" not in report_states


# --- Date entered ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "vintage", "expected"),
    [
        ("3/15", date(2026, 6, 30), date(2026, 3, 15)),
        ("6/30", date(2026, 6, 30), date(2026, 6, 30)),
        ("7/1", date(2026, 6, 30), date(2025, 7, 1)),
        ("12/18", date(2026, 9, 30), date(2025, 12, 18)),
        (" 03/05 ", date(2026, 9, 30), date(2026, 3, 5)),
        ("6/20", date(2026, 6, 15), date(2025, 6, 20)),
        ("2/29", date(2028, 3, 31), date(2028, 2, 29)),
        ("2/29", date(2026, 6, 30), None),
        ("3/15/25", date(2026, 6, 30), date(2025, 3, 15)),
        ("3/15/2024", date(2026, 6, 30), date(2024, 3, 15)),
        ("13/1", date(2026, 6, 30), None),
        ("March 15", date(2026, 6, 30), None),
        ("", date(2026, 6, 30), None),
        (None, date(2026, 6, 30), None),
    ],
)
def test_date_entered_takes_the_latest_year_not_after_the_vintage(text, vintage, expected):
    assert resolve_date_entered(text, vintage) == expected


def test_the_staging_sql_resolves_date_entered_like_python():
    texts = [f"{m}/{d}" for m in range(1, 13) for d in (1, 15, 28, 29, 30, 31)]
    texts += [" 03/05 ", "3/15/25", "3/15/2024", "13/1", "x", "", None, "2/29"]
    vintages = [date(2026, 6, 30), date(2026, 9, 30), date(2028, 3, 31), date(2026, 6, 15)]
    cases = pl.DataFrame(
        [(t, v) for t in texts for v in vintages],
        schema={"date_entered": pl.String, "vintage": pl.Date},
        orient="row",
    )
    connection = duckdb.connect()
    connection.register("cases", cases.to_arrow())
    resolved = connection.execute(
        f"select date_entered, vintage, {date_entered_sql()} as entered from cases"
    ).fetchall()
    assert len(resolved) == cases.height
    for text, vintage, entered in resolved:
        assert entered == resolve_date_entered(text, vintage), (text, vintage)


# --- bad files ------------------------------------------------------------------------------------


def test_a_renamed_column_is_a_schema_error_listing_it():
    header = GOOD_HEADER.replace("Date entered", "Entered on")
    content = csv_text(header, "Lee County,Georgia,Local Ordinance,2026,A ban,Solar,,3/15")
    with pytest.raises(SchemaError, match=r"missing required column\(s\): date_entered"):
        parse(content, "interim.csv")


def test_a_csv_without_a_source_column_still_parses():
    header = GOOD_HEADER.replace(",Source", "")
    parsed = parse(csv_text(header, "Lee County,Georgia,State Law,2026,A law,Both,3/15"), "x")
    assert parsed.frame["source"].to_list() == [None]
    assert parsed.notes["optional_columns_present"] == []


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<!DOCTYPE html><html><title>Page not found</title></html>", "Page not found"),
        (b"", "empty file"),
        (csv_text(GOOD_HEADER, "a,b,c,2026,d,Solar,e,3/1", "Lee County,Geor"), "truncated CSV"),
    ],
)
def test_a_file_that_is_not_the_interim_csv_is_a_format_error(content, problem):
    with pytest.raises(FormatError, match=re.escape(problem)) as error:
        parse(content, "https://example.org/interim.csv")
    assert error.value.source_id == SPEC.source_id


def test_the_generator_is_deterministic_and_wrote_the_bundled_snapshot(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    assert write_sabin_interim_csv_snapshot(first) == list(VINTAGES)
    write_sabin_interim_csv_snapshot(second)
    bundled = sorted(p for p in SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert len(bundled) == 3  # two pulls and responses.json
    for path in bundled:
        relative = path.relative_to(SNAPSHOT_DIR)
        assert (first / relative).read_bytes() == (second / relative).read_bytes()
        assert (first / relative).read_bytes() == path.read_bytes()


def test_the_declaration_serves_the_opposition_signal():
    assert SPEC.domain == "opposition"
    assert (SPEC.cadence.value, SPEC.reliability) == ("quarterly", "C")
    assert ADAPTER.extension == "csv"
    assert ADAPTER.stated_vintage(bundled_csv(VINTAGES[0])) is None  # Date entered has no year
