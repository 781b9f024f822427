"""NYISO Interconnection Queue: the monthly `NYISO-Interconnection-Queue.xlsx` workbook.

Five sheets carry projects, and every one is read: `Interconnection Queue` (serial queue
positions such as 0276, 0396A), ` Cluster Projects` (the leading space is in the sheet name;
cluster positions such as C24-001), `Withdrawn`, `Cluster Projects-Withdrawn` and
`In Service`. Each sheet names the developer column differently and `In Service` writes its
header over two rows (`Queue`/`Pos.`, `Date`/`of IR`, a `Location` label merged over
`County` and `State`): the two rows are combined into one set of names, so all five sheets
share one raw vocabulary. Note, summary and legend rows below the tables are dropped and
counted; the legend of the status column `S` is read into the notes.

`S` holds NYISO's status codes: 0 withdrawn, 1–11 study and agreement steps (with 3A, 5P, P),
12 under construction, 13 in service for test, 14 in service commercial, 15 partially in
service; cluster projects use 1C–15C. Dates come as date cells, Excel serial numbers and
text (`1/15/2025`, `03-2026`, `12/2024`, `Q4 2026`, `I/S`, `N/A`): they stay text here and are
typed in the staging model.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, replace

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import SchemaError
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.spreadsheet import (
    HEADER_SCAN_ROWS,
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    SheetTable,
    Workbook,
    find_header_row,
    sheet_members,
    tabulate,
)

SPEC = SourceSpec(
    source_id="nyiso_queue",
    title="NYISO Interconnection Queue",
    publisher="New York Independent System Operator (NYISO)",
    landing_url="https://www.nyiso.com/interconnections",
    requests=(
        "GET https://www.nyiso.com/documents/20142/1407078/NYISO-Interconnection-Queue.xlsx "
        "(linked from the Interconnections page; the same URL serves each monthly update)"
    ),
    file_format="xlsx",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every NYISO interconnection request: active serial-queue and cluster projects, "
        "withdrawn projects (both queues) and projects in service, with developer, project "
        "name, status code, summer/winter MW, type/fuel code, county, state, zone, point of "
        "interconnection, utility and request, tender and proposed in-service/COD dates"
    ),
    known_gaps=(
        "Status is a numeric code (0-15, 3A, 5P, P; 1C-15C for clusters) explained only in a "
        "legend note; the developer column has a different header on each sheet (filled for "
        "~98% of rows); In Service has a two-row header; dates mix date cells, Excel serials "
        "and text with month, quarter or season precision (I/S, N/A); the file states no "
        "as-of date; withdrawal dates are not published (the withdrawn row's Last Update is "
        "the closest); county names carry typos; a project can sit on both the Withdrawn and "
        "In Service sheets; NYISO has renamed columns and sheets before"
    ),
    # A: the ISO's own register, complete (active, withdrawn and in service) and the only
    # queue publishing developer names for nearly every row.
    reliability="A",
    license="NYISO website terms of use: public information, cite NYISO as the source",
    raw_table="raw.nyiso_queue__projects",
    min_request_interval_seconds=2.0,
    developer_coverage_floor=0.9,  # NYISO names the developer on ~98% of rows (100% in 2025-01)
)

WORKBOOK_REQUEST = SourceRequest(
    "https://www.nyiso.com/documents/20142/1407078/NYISO-Interconnection-Queue.xlsx"
)

QUEUE = "Interconnection Queue"
CLUSTER = " Cluster Projects"  # sic: the published sheet name starts with a space
WITHDRAWN = "Withdrawn"
CLUSTER_WITHDRAWN = "Cluster Projects-Withdrawn"
IN_SERVICE = "In Service"

QUEUE_POS, STATUS = "queue_pos", "s"
# The developer column, as each sheet heads it.
DEVELOPER_COLUMNS = {
    QUEUE: "developer_interconnection_customer",
    CLUSTER: "interconnection_customer_name",
    WITHDRAWN: "owner_developer",
    CLUSTER_WITHDRAWN: "owner_developer",
    IN_SERVICE: "owner_developer",
}
IDENTITY = ("project_name", "sp_mw", "type_fuel", "county", "state", STATUS)
# Every other column some sheet publishes; any sheet may gain or lose one.
DESCRIPTIVE = (
    "date_of_ir",
    "wp_mw",
    "z",
    "points_of_interconnection",  # Interconnection Queue, Cluster Projects
    "interconnection_point",  # Withdrawn, Cluster Projects-Withdrawn, In Service
    "utility",
    "affected_transmission_owner_ato",
    "last_updated_date",  # the active sheets
    "last_update",  # the withdrawn and in-service sheets
    "availability_of_studies",
    "ia_tender_date",
    "cy_fs_complete_date",
    "proposed_in_service_initial_backfeed_date",
    "proposed_in_service",  # In Service
    "proposed_sync_date",
    "proposed_cod",
)
ALL_DEVELOPER_COLUMNS = tuple(dict.fromkeys(DEVELOPER_COLUMNS.values()))
ROW_KEY_PATTERN = r"[A-Za-z]{0,3}\d[0-9A-Za-z-]*"  # 0276, 0396A, C24-001, CR24-1002


def sheet_layout(sheet: str) -> SheetLayout:
    developer = DEVELOPER_COLUMNS[sheet]
    return SheetLayout(
        sheet=sheet,
        required=(QUEUE_POS, developer, *IDENTITY),
        optional=(*(c for c in ALL_DEVELOPER_COLUMNS if c != developer), *DESCRIPTIVE),
        row_key=QUEUE_POS,
        row_key_pattern=ROW_KEY_PATTERN,
        # The cluster sheets exist since the 2024 cluster study; older files lack them.
        sheet_required=sheet not in (CLUSTER, CLUSTER_WITHDRAWN),
    )


LAYOUTS = tuple(sheet_layout(sheet) for sheet in DEVELOPER_COLUMNS)
RAW_COLUMNS = (SHEET, SOURCE_ROW, QUEUE_POS, *ALL_DEVELOPER_COLUMNS, *IDENTITY, *DESCRIPTIVE)

_SPACE = re.compile(r"\s+")


def status_key(code: str | None) -> str | None:
    """The `S` code as the status seed keys it: no spaces, upper case ('10', '3A', '1C');
    the staging model composes the same."""
    key = _SPACE.sub("", code or "").upper()
    return key or None


# --- two-row headers --------------------------------------------------------------------------

_MERGE = re.compile(rb'<mergeCell ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def column_index(letters: bytes) -> int:
    """`A` -> 0, `AB` -> 27."""
    index = 0
    for letter in letters.decode():
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


@dataclass(frozen=True)
class Merge:
    row: int  # 1-based sheet row of the merged range's top
    first_column: int  # 0-based
    last_column: int

    @property
    def spans_columns(self) -> bool:
        return self.last_column > self.first_column


def sheet_merges(content: bytes, sheet: str) -> list[Merge]:
    """The merged ranges of one sheet, from its XML."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        member = sheet_members(archive).get(sheet)
        xml = archive.read(member) if member else b""
    return [
        Merge(int(top), column_index(left), column_index(right))
        for left, top, right, _ in _MERGE.findall(xml)
    ]


def two_row_names(top: tuple, bottom: tuple, group_columns: set[int]) -> list[str | None]:
    """One name per column from a header written over two rows.

    `Queue` over `Pos.` is `Queue Pos.`; a label merged across several columns (`Location`
    over `County` and `State`) groups them and is not part of their names.
    """
    names = []
    for index, (upper, lower) in enumerate(zip(top, bottom, strict=True)):
        parts = (lower,) if index in group_columns else (upper, lower)
        name = " ".join(str(p).strip() for p in parts if p is not None and str(p).strip())
        names.append(name or None)
    return names


def combine_header_rows(
    cells: pl.DataFrame, first_row: int, layout: SheetLayout, merges: list[Merge], where: str
) -> tuple[pl.DataFrame, int]:
    """The cells with the first two-row header that names the layout's columns made one row,
    and the sheet row number of the returned frame's first row."""
    candidates = []
    for index in range(min(HEADER_SCAN_ROWS, cells.height - 1)):
        group = {
            column
            for merge in merges
            if merge.row == first_row + index and merge.spans_columns
            for column in range(merge.first_column, merge.last_column + 1)
        }
        candidates.append(two_row_names(cells.row(index), cells.row(index + 1), group))
    if not candidates:
        raise SchemaError(SPEC.source_id, where, "no two-row header")
    names = pl.DataFrame(candidates, schema={c: pl.String for c in cells.columns}, orient="row")
    index = find_header_row(names, layout.required, SPEC.source_id, where)
    combined = pl.concat([names.slice(index, 1), cells.slice(index + 2)])
    return combined, first_row + index + 1


# --- the status legend ------------------------------------------------------------------------

STATUS_NOTE = "column labeled 'S'"
NOTE_BULLET = "●"
_LEGEND_CODE = r"(?:\d{1,2}[A-Z]?|[A-Z])"
_LEGEND_ENTRY = re.compile(
    rf"(?:^|,)\s*({_LEGEND_CODE})\s*=\s*(.*?)\s*(?=,\s*{_LEGEND_CODE}\s*=|,?\s*$)"
)


def status_legend(cells: pl.DataFrame) -> dict[str, str]:
    """The `S` codes the sheet's note explains (`Key: 1=Scoping Meeting Pending, …`); the
    note continues on the following rows until the next bullet or blank row."""
    lines = [" ".join(str(v).strip() for v in row if v is not None) for row in cells.iter_rows()]
    start = next((i for i, line in enumerate(lines) if STATUS_NOTE in line), None)
    if start is None:
        return {}
    note = [lines[start]]
    for line in lines[start + 1 :]:
        if not line or line.startswith(NOTE_BULLET):
            break
        note.append(line)
    key = " ".join(note).partition("Key:")[2]
    return {code: " ".join(meaning.split()) for code, meaning in _LEGEND_ENTRY.findall(key)}


# --- parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetRead:
    table: SheetTable
    legend: dict[str, str]
    two_row_header: bool


def published_sheet(workbook: Workbook, layout: SheetLayout) -> SheetLayout | None:
    """The layout under the sheet's published name, matched ignoring surrounding spaces
    (` Cluster Projects`); None for a missing optional sheet."""
    wanted = layout.sheet.strip().lower()
    actual = next((n for n in workbook.sheet_names if n.strip().lower() == wanted), None)
    if actual is None and layout.sheet_required:
        raise SchemaError(
            SPEC.source_id,
            workbook.location,
            f"sheet {layout.sheet!r} is missing; the workbook has {workbook.sheet_names}",
        )
    return None if actual is None else replace(layout, sheet=actual)


def read_sheet(workbook: Workbook, layout: SheetLayout) -> SheetRead:
    """One sheet's projects; a header written over two rows is combined first."""
    cells, first_row = workbook.cells(layout.sheet)
    where = f"{workbook.location}, sheet {layout.sheet!r}"
    legend = status_legend(cells)
    try:
        table = tabulate(cells, first_row, layout, SPEC.source_id, workbook.location)
        return SheetRead(table, legend, two_row_header=False)
    except SchemaError as single_row_error:
        merges = sheet_merges(workbook.content, layout.sheet)
        try:
            cells, first_row = combine_header_rows(cells, first_row, layout, merges, where)
        except SchemaError:
            raise single_row_error from None
    table = tabulate(cells, first_row, layout, SPEC.source_id, workbook.location)
    return SheetRead(table, legend, two_row_header=True)


def parse(content: bytes, location: str) -> ParsedFile:
    """Every project row of every project sheet, as text, in one raw vocabulary."""
    workbook = Workbook(content, SPEC.source_id, location)
    layouts = [published_sheet(workbook, layout) for layout in LAYOUTS]
    reads = {layout.sheet: read_sheet(workbook, layout) for layout in layouts if layout}
    frame = pl.concat([r.table.frame for r in reads.values()], how="diagonal_relaxed").select(
        RAW_COLUMNS
    )
    legend = {code: text for r in reads.values() for code, text in r.legend.items()}
    return ParsedFile(
        frame=frame,
        notes={
            "rows_by_sheet": {sheet: r.table.frame.height for sheet, r in reads.items()},
            "sheets_absent": [
                layout.sheet for layout, read in zip(LAYOUTS, layouts, strict=True) if not read
            ],
            "two_row_header_sheets": [sheet for sheet, r in reads.items() if r.two_row_header],
            "optional_columns_present": {s: r.table.optional_present for s, r in reads.items()},
            "unrecognized_columns": {s: r.table.unrecognized for s, r in reads.items()},
            "note_rows_dropped": {s: r.table.dropped_rows for s, r in reads.items()},
            "status_codes": dict(sorted(Counter(frame[STATUS].drop_nulls()).items())),
            "status_legend": legend,
        },
    )


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(WORKBOOK_REQUEST),
    parse=parse,
    extension="xlsx",
    required_columns=(QUEUE_POS, "project_name", STATUS),
)
