"""EIA-860M: every bundled workbook against the simulated fleet, link discovery, bad files."""

import io
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import cache

import fastexcel
import pytest
import xlsxwriter

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.sources.eia860m import discover_workbooks, parse_workbook
from maestro_assets.lib.synthetic.eia860m import (
    ALL_MONTHS,
    DEFAULT_SEED,
    OLDER_LAYOUT_MONTH,
    GeneratorMonth,
    simulate_fleet,
)
from maestro_assets_tests.conftest import SNAPSHOTS

SNAPSHOT_DIR = SNAPSHOTS / "eia860m"
LANDING_URL = "https://www.eia.gov/electricity/data/eia860m/"
NEW_LAYOUT_MONTHS = [m for m in ALL_MONTHS if m != OLDER_LAYOUT_MONTH]
LATEST_MONTH = max(ALL_MONTHS)
STORAGE_COLUMNS = ("nameplate_energy_capacity_mwh", "dc_net_capacity_mw")
STATUS_SHEETS = ("Operating", "Planned")  # the sheets whose rows carry a status
Rows = list[list[str | None]]


@cache
def simulated_fleet() -> dict[date, list[GeneratorMonth]]:
    """The fleet the bundled snapshot was generated from (scale 1, default seed)."""
    return simulate_fleet(1, DEFAULT_SEED)


def bundled_workbook(month: date) -> bytes:
    """The bundled workbook of a data month, wherever it sits (xls/ or archive/xls/)."""
    name = f"{month:%B}".lower() + f"_generator{month.year}.xlsx"
    (path,) = SNAPSHOT_DIR.rglob(name)
    return path.read_bytes()


@cache
def parsed_month(month: date):
    return parse_workbook(bundled_workbook(month), f"{month:%Y-%m}.xlsx")


def raw_sheets(content: bytes) -> dict[str, Rows]:
    """Every sheet as rows of text cells, read independently of the parser (blanks kept)."""
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


def header_index(rows: Rows) -> int:
    return next(i for i, row in enumerate(rows) if row[0] == "Entity ID")


def expected_rows_by_sheet(month: date) -> Counter:
    """Simulated generators per sheet, for the sheets that month's workbook has."""
    sheets = set(fastexcel.read_excel(bundled_workbook(month)).sheet_names)
    return Counter(r.sheet_name for r in simulated_fleet()[month] if r.sheet_name in sheets)


def simulated_record(month: date, sheet: str, plant_id: str, generator_id: str):
    return next(
        r
        for r in simulated_fleet()[month]
        if r.sheet_name == sheet
        and str(r.generator.site.plant_id) == plant_id
        and r.generator.generator_id == generator_id
    )


def workbook_from_rows(sheets: dict[str, Rows]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for name, rows in sheets.items():
        worksheet = book.add_worksheet(name)
        for index, row in enumerate(rows):
            worksheet.write_row(index, 0, row)
    book.close()
    return buffer.getvalue()


def edited_workbook(month: date, edit: Callable[[str, Rows], Rows | None]) -> bytes:
    """A bundled workbook rewritten sheet by sheet; `edit` returning None drops the sheet."""
    edited = {name: edit(name, rows) for name, rows in raw_sheets(bundled_workbook(month)).items()}
    return workbook_from_rows({name: rows for name, rows in edited.items() if rows is not None})


def on_sheet(target: str, change: Callable[[Rows], Rows | None]):
    return lambda name, rows: change(rows) if name == target else rows


# --- the bundled workbooks ------------------------------------------------------------------


@pytest.mark.parametrize("month", ALL_MONTHS, ids=str)
def test_every_bundled_workbook_has_one_row_per_simulated_generator_on_each_sheet(month):
    parsed = parsed_month(month)
    expected = {sheet: n for sheet, n in expected_rows_by_sheet(month).items() if n}
    assert parsed.notes["rows_by_sheet"] == expected
    assert dict(Counter(parsed.frame["sheet"].to_list())) == expected
    parsed_keys = set(parsed.frame.select("sheet", "plant_id", "generator_id").iter_rows())
    simulated_keys = {
        (r.sheet_name, str(r.generator.site.plant_id), r.generator.generator_id)
        for r in simulated_fleet()[month]
        if r.sheet_name in expected
    }
    assert parsed_keys == simulated_keys
    assert len(parsed_keys) == parsed.frame.height


@pytest.mark.parametrize("month", ALL_MONTHS, ids=str)
def test_rows_per_sheet_equal_an_independent_count_of_numeric_plant_ids(month):
    counted = {}
    for sheet, rows in raw_sheets(bundled_workbook(month)).items():
        plant_id = rows[header_index(rows)].index("Plant ID")
        counted[sheet] = sum(1 for row in rows if (row[plant_id] or "").isdigit())
    parsed_counts = Counter(parsed_month(month).frame["sheet"].to_list())
    assert {sheet: parsed_counts.get(sheet, 0) for sheet in counted} == counted


def test_parsed_values_are_those_of_the_simulated_generator():
    month = LATEST_MONTH
    frame = parsed_month(month).frame
    for row in frame.iter_rows(named=True):
        record = simulated_record(month, row["sheet"], row["plant_id"], row["generator_id"])
        generator, site = record.generator, record.generator.site
        assert row["plant_name"] == site.plant_name
        assert row["entity_name"] == site.entity_name
        assert row["plant_state"] == site.state
        assert row["county"] == site.county
        assert float(row["nameplate_capacity_mw"]) == generator.nameplate_mw
        assert row["technology"] == generator.technology.name
        mwh = row["nameplate_energy_capacity_mwh"]
        assert (None if mwh is None else float(mwh)) == generator.energy_mwh


def test_status_cells_split_into_code_and_label():
    month = LATEST_MONTH
    rows = parsed_month(month).frame.filter(parsed_month(month).frame["status"].is_not_null())
    assert rows.height > 0
    for row in rows.iter_rows(named=True):
        record = simulated_record(month, row["sheet"], row["plant_id"], row["generator_id"])
        assert row["status_code"] == record.status
        assert f"({row['status_code']}) {row['status_label']}" == row["status"]
    under_construction = rows.filter(rows["status_code"] == "V")
    assert under_construction.height > 0
    assert set(under_construction["status_label"]) == {
        "Under construction, more than 50 percent complete"
    }


@pytest.mark.parametrize("month", [OLDER_LAYOUT_MONTH, LATEST_MONTH], ids=str)
def test_retired_and_canceled_sheets_carry_no_status(month):
    frame = parsed_month(month).frame
    without_status = frame.filter(~frame["sheet"].str.replace("_PR$", "").is_in(STATUS_SHEETS))
    assert without_status.height > 0
    assert (
        without_status.select("status", "status_code", "status_label").null_count().row(0)
        == (without_status.height,) * 3
    )
    with_status = frame.filter(frame["sheet"].str.replace("_PR$", "").is_in(STATUS_SHEETS))
    assert with_status["status_code"].null_count() == 0


def test_older_layout_month_parses_without_storage_columns_or_puerto_rico_sheets():
    parsed = parsed_month(OLDER_LAYOUT_MONTH)
    rows = raw_sheets(bundled_workbook(OLDER_LAYOUT_MONTH))["Operating"]
    assert header_index(rows) == 1  # one title row above the header in this layout
    assert not set(STORAGE_COLUMNS) & set(parsed.notes["optional_columns_present"])
    assert not any(sheet.endswith("_PR") for sheet in parsed.notes["rows_by_sheet"])
    assert parsed.frame.select(STORAGE_COLUMNS).null_count().row(0) == (parsed.frame.height,) * 2
    assert parsed.frame.height == sum(expected_rows_by_sheet(OLDER_LAYOUT_MONTH).values())


@pytest.mark.parametrize("month", NEW_LAYOUT_MONTHS, ids=str)
def test_newer_layout_months_report_the_storage_columns_as_present(month):
    parsed = parsed_month(month)
    assert set(STORAGE_COLUMNS) <= set(parsed.notes["optional_columns_present"])
    assert any(sheet.endswith("_PR") for sheet in parsed.notes["rows_by_sheet"])
    assert parsed.notes["unrecognized_columns"] == []


def test_single_space_cells_become_null():
    month = LATEST_MONTH
    frame = parsed_month(month).frame
    checked = {
        "Unit Code": "unit_code",
        "Balancing Authority Code": "balancing_authority_code",
        "Nameplate Energy Capacity (MWh)": "nameplate_energy_capacity_mwh",
        "DC Net Capacity (MW)": "dc_net_capacity_mw",
        "Planned Retirement Year": "planned_retirement_year",
    }
    blanks = 0
    for sheet, rows in raw_sheets(bundled_workbook(month)).items():
        header = rows[header_index(rows)]
        parsed = {r["source_row"]: r for r in frame.filter(frame["sheet"] == sheet).to_dicts()}
        for source_row, row in parsed.items():
            cells = rows[source_row - 1]  # every bundled sheet starts at sheet row 1
            for title, column in checked.items():
                if title not in header:
                    continue
                cell = cells[header.index(title)]
                if cell == " ":
                    blanks += 1
                    assert row[column] is None, (sheet, source_row, column)
                else:
                    assert row[column] == cell, (sheet, source_row, column)
    assert blanks > 0


@pytest.mark.parametrize("month", [OLDER_LAYOUT_MONTH, LATEST_MONTH], ids=str)
def test_footer_note_rows_are_dropped_and_counted(month):
    notes = 0
    for rows in raw_sheets(bundled_workbook(month)).values():
        plant_id = rows[header_index(rows)].index("Plant ID")
        below_header = rows[header_index(rows) + 1 :]
        notes += sum(1 for row in below_header if row[0] and not row[plant_id])
    parsed = parsed_month(month)
    assert notes > 0
    assert parsed.notes["note_rows_dropped"] == notes
    assert parsed.frame["plant_id"].str.contains(r"^\d+$").all()
    assert not parsed.frame["entity_id"].str.starts_with("NOTE").any()


@pytest.mark.parametrize("month", [OLDER_LAYOUT_MONTH, LATEST_MONTH], ids=str)
def test_source_row_points_at_the_sheet_row_holding_that_generator(month):
    sheets = raw_sheets(bundled_workbook(month))
    frame = parsed_month(month).frame
    for sheet, rows in sheets.items():
        assert rows[0][0].startswith("U.S. Energy Information Administration")  # sheet row 1
        header = rows[header_index(rows)]
        plant, generator = header.index("Plant ID"), header.index("Generator ID")
        for row in frame.filter(frame["sheet"] == sheet).iter_rows(named=True):
            cells = rows[row["source_row"] - 1]
            assert (cells[plant], cells[generator]) == (row["plant_id"], row["generator_id"])


# --- the landing page -----------------------------------------------------------------------


def test_discover_workbooks_finds_every_bundled_month_at_a_recorded_url():
    landing = (SNAPSHOT_DIR / "landing.html").read_text()
    recorded = {
        e["url"] for e in json.loads((SNAPSHOT_DIR / "responses.json").read_text())["responses"]
    }
    found = discover_workbooks(landing, LANDING_URL)
    assert list(found) == sorted(ALL_MONTHS)
    for month, url in found.items():
        assert url in recorded
        assert url.endswith(f"/{month:%B}".lower() + f"_generator{month.year}.xlsx")


@pytest.mark.parametrize("archive_first", [True, False])
def test_a_month_linked_from_both_folders_resolves_to_the_current_xls_folder(archive_first):
    links = [
        '<a href="archive/xls/may_generator2026.xlsx">',
        '<a href="xls/may_generator2026.xlsx">',
    ]
    html = "\n".join(links if archive_first else links[::-1])
    found = discover_workbooks(html, LANDING_URL)
    assert found == {date(2026, 5, 1): f"{LANDING_URL}xls/may_generator2026.xlsx"}


def test_links_that_are_not_monthly_generator_workbooks_are_ignored():
    html = """
    <a href="/electricity/data/eia860/">annual</a>
    <a href="xls/smarch_generator2026.xlsx">not a month</a>
    <a href="xls/may_generator2026.xls">old Excel</a>
    <a href="xls/may_generator26.xlsx">two-digit year</a>
    <a href="xls/may_plant2026.xlsx">other file</a>
    <a href="xls/may_generator2026.xlsx.zip">zipped</a>
    <a href='archive/xls/June_generator2020.xlsx'>June 2020</a>
    """
    found = discover_workbooks(html, LANDING_URL)
    assert found == {date(2020, 6, 1): f"{LANDING_URL}archive/xls/June_generator2020.xlsx"}


# --- bad input ------------------------------------------------------------------------------


def drop_column(rows: Rows, title: str) -> Rows:
    position = rows[header_index(rows)].index(title)
    return [row[:position] + row[position + 1 :] for row in rows]


def rename_column(rows: Rows, title: str, new_title: str) -> Rows:
    index = header_index(rows)
    header = [new_title if cell == title else cell for cell in rows[index]]
    return [*rows[:index], header, *rows[index + 1 :]]


@pytest.mark.parametrize(
    "change",
    [
        lambda rows: drop_column(rows, "Plant ID"),
        lambda rows: rename_column(rows, "Plant ID", "Plant Code"),
    ],
    ids=["dropped", "renamed"],
)
def test_a_missing_required_column_is_a_schema_error_naming_it(change):
    content = edited_workbook(LATEST_MONTH, on_sheet("Planned", change))
    with pytest.raises(SchemaError, match=r"missing required column\(s\): plant_id") as error:
        parse_workbook(content, "edited.xlsx")
    assert "sheet 'Planned'" in str(error.value)


HTML_BODY = b"<html><head><title>Page not found | EIA</title></head><body/></html>"


@pytest.mark.parametrize(
    "page",
    [
        b"<!DOCTYPE html>" + HTML_BODY,
        b"\r\n  " + HTML_BODY.upper().replace(b"PAGE NOT FOUND | EIA", b"Page not found | EIA"),
        pytest.param(
            b"\xef\xbb\xbf<!DOCTYPE html>" + HTML_BODY,
            id="utf8-bom",
        ),
        pytest.param(
            b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC '
            b'"-//W3C//DTD XHTML 1.0 Strict//EN" "xhtml1-strict.dtd">' + HTML_BODY,
            id="xhtml-prolog",
        ),
        pytest.param(
            b"<!-- served from cache -->\n" + HTML_BODY,
            id="leading-comment",
        ),
    ],
)
def test_an_html_page_served_with_status_200_is_a_format_error_naming_html(page):
    with pytest.raises(FormatError, match=re.escape("HTML page titled 'Page not found | EIA'")):
        parse_workbook(page, f"{LANDING_URL}xls/may_generator2026.xlsx")


def test_a_legacy_binary_xls_file_is_a_format_error():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    with pytest.raises(FormatError, match="not an xlsx workbook"):
        parse_workbook(ole2, "may_generator2026.xls")


@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_a_truncated_workbook_is_a_format_error(fraction):
    content = bundled_workbook(LATEST_MONTH)
    with pytest.raises(FormatError, match="truncated or corrupt"):
        parse_workbook(content[: int(len(content) * fraction)], "truncated.xlsx")


def test_an_empty_download_is_a_format_error():
    with pytest.raises(FormatError, match="empty file"):
        parse_workbook(b"", "empty.xlsx")


@pytest.mark.parametrize(
    "change",
    [lambda rows: [], lambda rows: rows[: header_index(rows)]],
    ids=["no-cells", "title-only"],
)
def test_a_planned_sheet_without_a_table_is_a_schema_error_naming_the_sheet(change):
    content = edited_workbook(LATEST_MONTH, on_sheet("Planned", change))
    with pytest.raises(SchemaError, match="sheet 'Planned'"):
        parse_workbook(content, "edited.xlsx")


def test_a_missing_required_sheet_is_named():
    content = edited_workbook(LATEST_MONTH, on_sheet("Retired", lambda rows: None))
    with pytest.raises(SchemaError, match="sheet 'Retired' is missing"):
        parse_workbook(content, "edited.xlsx")


def test_a_missing_puerto_rico_sheet_is_not_an_error():
    content = edited_workbook(LATEST_MONTH, on_sheet("Planned_PR", lambda rows: None))
    assert "Planned_PR" not in parse_workbook(content, "edited.xlsx").notes["rows_by_sheet"]


@pytest.mark.parametrize(
    ("status", "code", "label"),
    [("(ZZ) Something new", "ZZ", "Something new"), ("(v) Under way", "V", "Under way")],
)
def test_an_unknown_status_parses_through_with_its_code(status, code, label):
    def first_planned_status(rows: Rows) -> Rows:
        index = header_index(rows)
        column = rows[index].index("Status")
        first = rows[index + 1]
        return [
            *rows[: index + 1],
            [*first[:column], status, *first[column + 1 :]],
            *rows[index + 2 :],
        ]

    content = edited_workbook(LATEST_MONTH, on_sheet("Planned", first_planned_status))
    frame = parse_workbook(content, "edited.xlsx").frame
    row = frame.filter(frame["status"] == status)
    assert row.height == 1
    assert row.select("sheet", "status_code", "status_label").row(0) == ("Planned", code, label)
    assert frame.height == parsed_month(LATEST_MONTH).frame.height


def test_a_column_the_parser_does_not_know_is_reported_and_the_rows_still_parse():
    def add_column(rows: Rows) -> Rows:
        index = header_index(rows)
        extra = [None] * index + ["Interconnection Queue ID"]
        extra += [f"Q{i}" for i in range(len(rows) - len(extra))]
        return [[*row, cell] for row, cell in zip(rows, extra, strict=True)]

    content = edited_workbook(LATEST_MONTH, on_sheet("Planned", add_column))
    parsed = parse_workbook(content, "edited.xlsx")
    assert parsed.notes["unrecognized_columns"] == ["interconnection_queue_id"]
    assert parsed.notes["rows_by_sheet"] == parsed_month(LATEST_MONTH).notes["rows_by_sheet"]
