"""Read publisher spreadsheets fast (calamine via fastexcel) into tidy text frames.

A sheet is read as text cells; the header row is located by marker columns rather than
assumed, because publishers add and remove title rows. Every output row keeps its 1-based
row number in the original sheet, so any value can be found again in the raw file.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from xml.etree import ElementTree

import fastexcel
import polars as pl

from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.formats import XLSX_MAGIC, require_content, require_xlsx

HEADER_SCAN_ROWS = 60
SOURCE_ROW = "source_row"
CSV_SHEET = "csv"  # the `sheet` of every row read from a csv file
SHEET = "sheet"
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_CELL_REF = re.compile(rb'<c r="[A-Z]+(\d+)"[^>]*?>\s*<(?:v|is)\b')
_XLSX_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def column_name(header: object) -> str:
    """`Nameplate Capacity (MW)` -> `nameplate_capacity_mw`; line breaks and spaces fold."""
    return _NOT_WORD.sub("_", str(header).strip().lower()).strip("_")


@dataclass(frozen=True)
class SheetLayout:
    """What one sheet of a source must and may contain, in canonical column names."""

    sheet: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    row_key: str = ""  # filled on every data row; rows without it (notes, legends) are dropped
    row_key_pattern: str = r".+"
    sheet_required: bool = True
    # rows below the header row that may carry more of its names (see `fold_header_rows`)
    max_header_continuation_rows: int = 0

    @property
    def columns(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


@dataclass
class SheetTable:
    frame: pl.DataFrame
    optional_present: list[str] = field(default_factory=list)
    unrecognized: list[str] = field(default_factory=list)
    dropped_rows: int = 0  # continuation rows of the header count as dropped too
    header_continuation_rows: int = 0


class Workbook:
    """An xlsx file opened for reading; errors name the source and the file."""

    def __init__(self, content: bytes, source_id: str, location: str) -> None:
        require_xlsx(content, source_id, location)
        self.content = content
        self.source_id = source_id
        self.location = location
        try:
            self._reader = fastexcel.read_excel(content)
        except Exception as exc:  # calamine raises its own error types
            raise FormatError(source_id, location, f"unreadable xlsx workbook ({exc})") from None
        self._first_rows: dict[str, int] | None = None

    @property
    def sheet_names(self) -> list[str]:
        return list(self._reader.sheet_names)

    def cells(self, sheet: str) -> tuple[pl.DataFrame, int]:
        """All cells of a sheet as text, and the sheet row number of the frame's first row."""
        try:
            frame = self._reader.load_sheet(
                sheet, header_row=None, dtypes="string", whitespace_as_null=True
            ).to_polars()
        except Exception as exc:
            raise FormatError(
                self.source_id, self.location, f"sheet {sheet!r} could not be read ({exc})"
            ) from None
        return frame, self.first_used_row(sheet)

    def first_used_row(self, sheet: str) -> int:
        if self._first_rows is None:
            self._first_rows = first_used_rows(self.content)
        return self._first_rows.get(sheet, 1)

    def read_table(self, layout: SheetLayout) -> SheetTable | None:
        """The sheet as a frame of its declared columns, or None for a missing optional sheet."""
        if layout.sheet not in self.sheet_names:
            if layout.sheet_required:
                raise SchemaError(
                    self.source_id,
                    self.location,
                    f"sheet {layout.sheet!r} is missing; the workbook has {self.sheet_names}",
                )
            return None
        cells, first_row = self.cells(layout.sheet)
        return tabulate(cells, first_row, layout, self.source_id, self.location)


def tabulate(
    cells: pl.DataFrame, first_row: int, layout: SheetLayout, source_id: str, location: str
) -> SheetTable:
    where = f"{location}, sheet {layout.sheet!r}"
    cells, continuation_rows = fold_header_rows(cells, layout, source_id, where)
    header_index = find_header_row(cells, layout.required, source_id, where)
    headers = [column_name(v) if v is not None else "" for v in cells.row(header_index)]
    require_columns(headers, layout.required, source_id, where)
    known = set(layout.columns)
    positions = {name: i for i, name in reversed(list(enumerate(headers))) if name}
    body = (
        cells.slice(header_index + 1)
        .with_row_index(SOURCE_ROW, offset=0)
        .filter(pl.any_horizontal(pl.col(cells.columns).is_not_null()))  # skip blank rows
    )
    frame = body.select(
        pl.lit(layout.sheet).alias(SHEET),
        (pl.col(SOURCE_ROW).cast(pl.Int64) + first_row + header_index + 1).alias(SOURCE_ROW),
        *(
            clean_text(pl.col(cells.columns[positions[name]])).alias(name)
            if name in positions
            else pl.lit(None, dtype=pl.String).alias(name)
            for name in layout.columns
        ),
    )
    key = layout.row_key or layout.required[0]
    kept = frame.filter(
        pl.col(key).is_not_null() & pl.col(key).str.contains(f"^(?:{layout.row_key_pattern})$")
    )
    return SheetTable(
        frame=kept,
        optional_present=[name for name in layout.optional if name in positions],
        unrecognized=sorted(name for name in positions if name not in known),
        dropped_rows=frame.height - kept.height,
        header_continuation_rows=continuation_rows,
    )


def fold_header_rows(
    cells: pl.DataFrame, layout: SheetLayout, source_id: str, where: str
) -> tuple[pl.DataFrame, int]:
    """Join header text written on the rows just below the header row into its names, and
    count those continuation rows.

    Some headers span several rows (ERCOT's `Meets Planning` / `Guide Section 6.9(1)` / ...),
    and some columns are named only on the lower rows. The continuation rows stay in place
    (they are dropped as rows without a row key), so every data row keeps its true sheet row
    number.
    """
    if not layout.max_header_continuation_rows:
        return cells, 0
    header_index = find_header_row(cells, layout.required, source_id, where)
    continuation = header_continuation(cells, header_index, layout)
    if not continuation:
        return cells, 0
    names = joined_columns([cells.row(header_index), *continuation])
    is_header = pl.int_range(pl.len()) == header_index
    frame = cells.with_columns(
        pl.when(is_header).then(pl.lit(text, dtype=pl.String)).otherwise(pl.col(name)).alias(name)
        for name, text in zip(cells.columns, names, strict=True)
    )
    return frame, len(continuation)


def header_continuation(
    cells: pl.DataFrame, header_index: int, layout: SheetLayout
) -> list[tuple[str | None, ...]]:
    """The rows below the header row that continue its names: rows with nothing in the first
    column nor in the row-key column (the first row with either is data, or a footnote)."""
    names = [column_name(v) if v is not None else "" for v in cells.row(header_index)]
    key = layout.row_key or layout.required[0]
    if key not in names:
        return []  # tabulate names the missing column
    key_position = names.index(key)
    rows = []
    last = min(cells.height, header_index + 1 + layout.max_header_continuation_rows)
    for index in range(header_index + 1, last):
        row = cells.row(index)
        if row[0] is not None or row[key_position] is not None or not any(row):
            break
        rows.append(row)
    return rows


def joined_columns(rows: Sequence[Sequence[str | None]]) -> list[str | None]:
    """Each column's text over several rows, joined by spaces; None where all are blank."""
    return [
        " ".join(str(part).strip() for part in parts if part is not None and str(part).strip())
        or None
        for parts in zip(*rows, strict=True)
    ]


def layout_notes(tables: Mapping[str, SheetTable]) -> dict:
    """Facts about a file's layout worth recording with every landing, by sheet name."""
    read = tables.values()
    return {
        "rows_by_sheet": {sheet: t.frame.height for sheet, t in tables.items()},
        "optional_columns_present": sorted({c for t in read for c in t.optional_present}),
        "unrecognized_columns": sorted({c for t in read for c in t.unrecognized}),
        "note_rows_dropped": sum(t.dropped_rows for t in read),
    }


def first_match(
    cells: pl.DataFrame, pattern: re.Pattern[str], rows: int | None = None
) -> re.Match[str] | None:
    """The first match of `pattern` in the text cells of a sheet's first `rows` rows (all
    rows when None), read left to right, top to bottom."""
    for row in (cells if rows is None else cells.head(rows)).iter_rows():
        for cell in row:
            match = pattern.search(str(cell or "").strip())
            if match:
                return match
    return None


def csv_cells(content: bytes, source_id: str, location: str) -> pl.DataFrame:
    """Every CSV record as a row of text cells (the grid a workbook sheet would give).

    UTF-8 (with or without a byte order mark), else Windows-1252. A last record shorter than
    the header is a truncated download.
    """
    require_content(content, "CSV", source_id, location)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        raise FormatError(source_id, location, f"truncated or malformed CSV ({exc})") from None
    width = max(len(r) for r in records)
    header_width = max(len(r) for r in records[:3])  # a preamble line can be shorter
    if len(records) > 2 and 0 < len(records[-1]) < header_width:
        raise FormatError(
            source_id,
            location,
            f"truncated CSV: the last record has {len(records[-1])} of {header_width} fields",
        )
    columns = [f"__UNNAMED__{i}" for i in range(width)]
    rows = [[cell or None for cell in r] + [None] * (width - len(r)) for r in records]
    return pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")


def clean_text(column: pl.Expr) -> pl.Expr:
    """Trim, and turn the blank cells publishers write as ' ' into nulls."""
    stripped = column.cast(pl.String).str.strip_chars()
    return pl.when(stripped == "").then(None).otherwise(stripped)


def find_header_row(
    cells: pl.DataFrame, required: Sequence[str], source_id: str, where: str
) -> int:
    """The first row holding at least half of the required column names.

    Half, not all: a header with a renamed column must still be found, so that the error
    can list exactly which required columns are missing.
    """
    wanted = set(required)
    enough = max(1, (len(wanted) + 1) // 2)
    for index in range(min(HEADER_SCAN_ROWS, cells.height)):
        names = {column_name(v) for v in cells.row(index) if v is not None}
        if len(wanted & names) >= enough:
            return index
    if cells.height == 0:
        raise SchemaError(source_id, where, "the sheet is empty")
    raise SchemaError(
        source_id,
        where,
        f"no header row with the columns {sorted(wanted)} in the first {HEADER_SCAN_ROWS} rows",
    )


def require_columns(
    headers: Sequence[str], required: Sequence[str], source_id: str, where: str
) -> None:
    missing = [name for name in required if name not in headers]
    if not missing:
        return
    hints = []
    for name in missing:
        close = get_close_matches(name, [h for h in headers if h], n=1, cutoff=0.6)
        hints.append(f"{name} (found {close[0]!r}: renamed?)" if close else name)
    raise SchemaError(source_id, where, "missing required column(s): " + ", ".join(hints))


def first_used_rows(content: bytes) -> dict[str, int]:
    """Sheet name -> 1-based row of its first cell with a value.

    calamine (and so fastexcel) starts a sheet at its first used row; reading that row
    from the sheet XML lets every parsed row carry its true row number.
    """
    rows: dict[str, int] = {}
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name, member in sheet_members(archive).items():
            with archive.open(member) as stream:
                head = stream.read(1 << 20)
            match = _CELL_REF.search(head)
            rows[name] = int(match.group(1)) if match else 1
    return rows


def sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.findall("rel:Relationship", _XLSX_NS)}
    members = {}
    for sheet in workbook.iterfind("m:sheets/m:sheet", _XLSX_NS):
        target = targets.get(sheet.get(f"{{{_XLSX_NS['r']}}}id"), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        members[sheet.get("name", "")] = path
    return members


def is_xlsx(content: bytes) -> bool:
    return content.startswith(XLSX_MAGIC)


def first_sheet_or_csv_cells(
    content: bytes, source_id: str, location: str
) -> tuple[pl.DataFrame, int, str]:
    """(cells, sheet row number of the first row, sheet name) of a download that a publisher
    serves as an xlsx workbook (its first sheet) or as a csv file."""
    if is_xlsx(content):
        workbook = Workbook(content, source_id, location)
        sheet = workbook.sheet_names[0]
        cells, first_row = workbook.cells(sheet)
        return cells, first_row, sheet
    return csv_cells(content, source_id, location), 1, CSV_SHEET
