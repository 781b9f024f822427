"""Reading workbooks: format sniffing, header location, row numbers, column errors."""

import io

import pytest
import xlsxwriter

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.spreadsheet import SheetLayout, Workbook, column_name
from maestro_assets_tests.conftest import realdata_file

LAYOUT = SheetLayout(
    sheet="Data",
    required=("project_id", "capacity_mw", "status"),
    optional=("county",),
    row_key="project_id",
    row_key_pattern=r"[A-Z]\d+",
)


def workbook_bytes(rows_by_sheet: dict[str, list[tuple[int, list]]]) -> bytes:
    """rows_by_sheet: sheet -> [(0-based row index, cell values)]."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for sheet, rows in rows_by_sheet.items():
        worksheet = book.add_worksheet(sheet)
        for index, values in rows:
            worksheet.write_row(index, 0, values)
    book.close()
    return buffer.getvalue()


def good_rows(title_rows: int) -> list[tuple[int, list]]:
    header = ["Project ID", "Capacity\n(MW)", "Status", "County"]
    rows = [(i, [f"Title line {i}"]) for i in range(title_rows)]
    rows.append((title_rows, header))
    rows.append((title_rows + 1, ["J1", 100.5, "Active", " "]))
    rows.append((title_rows + 2, ["J2", 20, "Withdrawn", "Kern"]))
    rows.append((title_rows + 4, ["Legend: J = job number"]))
    return rows


def test_column_names_fold_case_punctuation_and_line_breaks():
    assert column_name("Nameplate Capacity (MW)") == "nameplate_capacity_mw"
    assert column_name(" Capacity\n(MW) ") == "capacity_mw"


@pytest.mark.parametrize("title_rows", [0, 1, 2, 4])
def test_header_is_found_below_any_number_of_title_rows(title_rows):
    table = Workbook(workbook_bytes({"Data": good_rows(title_rows)}), "src", "f.xlsx").read_table(
        LAYOUT
    )
    assert table.frame["project_id"].to_list() == ["J1", "J2"]
    assert table.frame["capacity_mw"].to_list() == ["100.5", "20"]


def test_rows_keep_their_true_sheet_row_numbers_even_when_the_sheet_starts_low():
    rows = [(i + 5, values) for i, values in good_rows(2)]  # first used row is row 6
    table = Workbook(workbook_bytes({"Data": rows}), "src", "f.xlsx").read_table(LAYOUT)
    # header on sheet row 8, data on rows 9 and 10
    assert table.frame["source_row"].to_list() == [9, 10]


def test_blank_single_space_cells_become_null_and_legend_rows_are_dropped():
    table = Workbook(workbook_bytes({"Data": good_rows(1)}), "src", "f.xlsx").read_table(LAYOUT)
    assert table.frame["county"].to_list() == [None, "Kern"]
    assert table.dropped_rows == 1
    assert table.optional_present == ["county"]


def test_a_renamed_required_column_is_named_with_its_likely_new_name():
    rows = good_rows(1)
    rows[1] = (1, ["Project ID", "Capacity (MW)", "Project Status"])
    content = workbook_bytes({"Data": rows})
    with pytest.raises(SchemaError, match=r"status \(found 'project_status': renamed\?\)"):
        Workbook(content, "src", "f.xlsx").read_table(LAYOUT)


def test_an_empty_sheet_is_a_schema_error_naming_the_sheet():
    content = workbook_bytes({"Data": []})
    with pytest.raises(SchemaError, match=r"sheet 'Data'.*the sheet is empty|empty.*'Data'"):
        Workbook(content, "src", "f.xlsx").read_table(LAYOUT)


def test_a_missing_sheet_lists_the_sheets_that_exist():
    content = workbook_bytes({"Other": good_rows(0)})
    with pytest.raises(SchemaError, match=r"sheet 'Data' is missing.*'Other'"):
        Workbook(content, "src", "f.xlsx").read_table(LAYOUT)


def test_an_html_error_page_served_as_a_workbook_is_named_as_such():
    page = b"<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head></html>"
    with pytest.raises(FormatError, match="HTML page titled '503 Service Unavailable'"):
        Workbook(page, "src", "https://example.org/f.xlsx")


def test_a_truncated_workbook_is_reported_with_its_size():
    content = workbook_bytes({"Data": good_rows(1)})
    with pytest.raises(FormatError, match="truncated or corrupt xlsx"):
        Workbook(content[: len(content) // 2], "src", "f.xlsx")


@pytest.mark.parametrize("content", [b"", b"   \n"])
def test_an_empty_file_is_a_format_error(content):
    with pytest.raises(FormatError, match="empty file"):
        Workbook(content, "src", "f.xlsx")


def test_a_csv_where_a_workbook_was_expected_is_not_an_xlsx():
    with pytest.raises(FormatError, match="not an xlsx workbook"):
        Workbook(b"a,b,c\n1,2,3\n", "src", "f.xlsx")


def test_real_pjm_export_rows_carry_true_row_numbers():
    path = realdata_file("queues/pjm_queue_export_2025-01.xlsx")
    book = Workbook(path.read_bytes(), "pjm", path.name)
    cells, first_row = book.cells("Data")
    assert first_row == 1
    assert cells.height == 8191  # header + 8,190 projects
