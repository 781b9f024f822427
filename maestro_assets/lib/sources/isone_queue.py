"""ISO New England's interconnection request queue, as the IRTT tool exports it to Excel.

One sheet, `Queue`: three title rows (the report title with its `As of:` date, the request
types covered, the Jurisdiction and Status filters the export was run with), a blank row,
then the header on row 5. Generation (`G`), elective transmission upgrade (`ETU`) and
transmission service (`TS`) requests share the sheet. A queue `Position` can hold several
rows (old multi-unit requests). Withdrawn requests keep their last `Project Status` (often
`Under Study`); only `W/ D Date` says they are withdrawn.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, SheetLayout, Workbook, layout_notes

SPEC = SourceSpec(
    source_id="isone_queue",
    title="ISO-NE interconnection request queue (IRTT public queue report)",
    publisher="ISO New England Inc.",
    landing_url="https://irtt.iso-ne.com/reports/external",
    requests=(
        "GET https://irtt.iso-ne.com/reports/exportpublicqueue?ReportDate=<.NET ticks of the "
        "as-of day>&Status=&Jurisdiction= (the Excel export of the public queue page, all "
        "statuses and jurisdictions): one workbook, sheet Queue"
    ),
    file_format="xlsx",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every interconnection request in the New England control area since 1997 (plus a "
        "few in New York and New Brunswick): generation (G), elective transmission upgrades "
        "(ETU) and transmission service (TS); active, in service and withdrawn, with Net / "
        "Summer / Winter MW, fuel and unit codes, requested, operation and withdrawal dates, "
        "study columns (FS, SIS, OS, FAC) and the interconnection agreement (IA)"
    ),
    known_gaps=(
        "No developer name; `Project Status` is blank for most completed and withdrawn "
        "requests and for new ones, and a withdrawn request keeps its last status (often "
        "Under Study): only `W/ D Date` marks a withdrawal; a Position can hold several rows "
        "(old multi-unit requests), so a row is identified by Position plus its order; Net MW "
        "is the increment requested (0 for capability-only requests, where Summer MW holds "
        "the size); `Alternative Name` is often generic (`Battery Storage`); fuel is given as "
        "EIA energy-source codes (`SUN BAT`); the export can be filtered (the title rows say "
        "which filters were applied)"
    ),
    # B: the operator's own register with full history and a stated as-of date, but with
    # progress split over a sparse status and study columns and no developer.
    reliability="B",
    license="Public posting by ISO New England; reuse with attribution (iso-ne.com terms of use)",
    raw_table="raw.isone_queue__projects",
)

EXPORT_URL = "https://irtt.iso-ne.com/reports/exportpublicqueue"
DOTNET_EPOCH = datetime(1, 1, 1)
TICKS_PER_SECOND = 10_000_000


def dotnet_ticks(day: date) -> int:
    """A day's midnight as .NET ticks (100 ns since 0001-01-01), the export's ReportDate."""
    seconds = (datetime(day.year, day.month, day.day) - DOTNET_EPOCH).total_seconds()
    return int(seconds) * TICKS_PER_SECOND


def export_request(vintage: date) -> SourceRequest:
    """The export as of a day, unfiltered (all statuses, all jurisdictions)."""
    return SourceRequest(
        EXPORT_URL,
        params=(("ReportDate", str(dotnet_ticks(vintage))), ("Status", ""), ("Jurisdiction", "")),
    )


def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
    return [client.get_ok(export_request(vintage), vintage=vintage)]


# --- layout ---------------------------------------------------------------------------------

QUEUE_SHEET = "Queue"
GENERATION = "G"  # Type: G generation, ETU elective transmission upgrade, TS transmission service
REQUIRED = (
    "position",
    "type",
    "requested",
    "alternative_name",
    "fuel_type",
    "net_mw",
    "county",
    "state",
    "w_d_date",  # the only mark of a withdrawal
    "project_status",
)
OPTIONAL = (
    "updated",
    "unit",
    "summer_mw",
    "winter_mw",
    "op_date",
    "sync_date",
    "interconnection_location",
    "serv",
    "sis_complete",
    "i39",
    "to_report",
    "dev",
    "zone",
    "fs",
    "sis",
    "os",
    "fac",
    "ia",
)
QUEUE_LAYOUT = SheetLayout(
    sheet=QUEUE_SHEET,
    required=REQUIRED,
    optional=OPTIONAL,
    row_key="position",
    row_key_pattern=r"\d+",
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, *QUEUE_LAYOUT.columns)

# --- status key -----------------------------------------------------------------------------

WITHDRAWN = "Withdrawn"
NO_STATUS = "(no status)"
UNDER_STUDY = "Under Study"
IA_EXECUTED = "Executed"
SIS_POSTED = "Document Posted"


def status_key(row: Mapping[str, str | None]) -> str:
    """The text looked up in status_stage_map; the staging SQL composes the same key.

    A withdrawal date wins over the status (withdrawn requests keep their last status); a
    blank status stays blank; `Under Study` is refined by the furthest milestone reached: an
    executed interconnection agreement, else a posted System Impact Study.
    """
    if row.get("w_d_date"):
        return WITHDRAWN
    status = row.get("project_status")
    if status is None:
        return NO_STATUS
    if status == UNDER_STUDY and row.get("ia") == IA_EXECUTED:
        return f"{UNDER_STUDY}|IA Executed"
    if status == UNDER_STUDY and row.get("sis") == SIS_POSTED:
        return f"{UNDER_STUDY}|SIS Posted"
    return status


# --- parsing --------------------------------------------------------------------------------

TITLE_ROWS = 4  # title, request types, filters, blank: the header is on row 5
AS_OF = re.compile(r"As of:\s*(\d{1,2}/\d{1,2}/\d{4})")
FILTER_LABELS = ("Jurisdiction:", "Status:")


def title_cells(workbook: Workbook) -> list[str]:
    """The text cells of the rows above the header, left to right, top to bottom."""
    cells, _ = workbook.cells(QUEUE_SHEET)
    return [cell for row in cells.head(TITLE_ROWS).iter_rows() for cell in row if cell]


def as_of_date(cells: list[str]) -> date | None:
    for cell in cells:
        match = AS_OF.search(cell)
        if match:
            return datetime.strptime(match.group(1), "%m/%d/%Y").date()
    return None


def report_filters(cells: list[str]) -> dict[str, str]:
    """`Jurisdiction: All`, `Status: All`: the filters the export was run with."""
    return {
        label.rstrip(":"): cells[i + 1]
        for i, label in enumerate(cells[:-1])
        if label in FILTER_LABELS
    }


def parse(content: bytes, location: str) -> ParsedFile:
    """Every request of the `Queue` sheet (all types), as text, one row each."""
    workbook = Workbook(content, SPEC.source_id, location)
    table = workbook.read_table(QUEUE_LAYOUT)
    frame = table.frame.select(RAW_COLUMNS)
    cells = title_cells(workbook)
    as_of = as_of_date(cells)
    return ParsedFile(
        frame=frame,
        notes={
            **layout_notes({QUEUE_SHEET: table}),
            "as_of": as_of.isoformat() if as_of else None,
            "report_filters": report_filters(cells),
            "rows_by_type": dict(frame.group_by("type").len().sort("type").iter_rows()),
        },
    )


def stated_vintage(content: bytes) -> date | None:
    """The `As of:` date in the first title row."""
    return as_of_date(title_cells(Workbook(content, SPEC.source_id, "stated vintage")))


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch,
    parse=parse,
    stated_vintage=stated_vintage,
    required_columns=("position", "type", "requested"),
)
