"""New York ORES: siting permit applications for major renewable energy facilities (≥ 25 MW).

The Office of Renewable Energy Siting and Electric Transmission (ORES, part of the Department of
Public Service since the 2024 RAPID Act) lists its permit applications on one HTML page: a
table per group of matters (applications under review; permit decisions and withdrawals), one
row per matter, keyed by its DMM matter number (`21-02553`) and linked to the matter's docket.
A row names the facility, the applicant (usually a project LLC), the county and towns, the
facility type, the nameplate MW, the status and its dates. The statuses are the opposition
signal: `Permit Denied` is a denial, `Adjudicatory Hearing` a contested hearing.

No bulk API exists. The page layout below is declared once (URL, table columns, the matter
number pattern, the `Last updated` line), so a changed page is fixed in one place. This module
also holds the HTML reading the other HTML sources share (`read_html_tables`, `decode_html`,
`stated_page_date`): the Ohio Power Siting Board case list and the news article pages.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from html.parser import HTMLParser
from urllib.parse import urljoin

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FormatError, SchemaError
from maestro_assets.lib.formats import looks_like_html, require_content
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.spreadsheet import (
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    SheetTable,
    find_header_row,
    layout_notes,
    tabulate,
)

SPEC = SourceSpec(
    source_id="ny_ores_permits",
    title="New York ORES siting permit applications",
    publisher=(
        "New York State Office of Renewable Energy Siting and Electric Transmission (ORES), "
        "Department of Public Service"
    ),
    landing_url="https://dps.ny.gov/ores-permit-applications",
    requests=(
        "GET the ORES permit applications page (an HTML page of tables, one row per matter; "
        "before the 2024 RAPID Act it lived at https://ores.ny.gov/permit-applications). "
        "Each matter number links to its docket in the Document and Matter Management system "
        "(documents.dps.ny.gov …/CaseMaster.aspx?MatterCaseNo=YY-NNNNN). URL unconfirmed from "
        "here (no network): it is declared once, as PAGE_REQUEST"
    ),
    file_format="html",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every siting permit matter before ORES for major renewable energy facilities of 25 MW "
        "or more in New York (solar, wind, co-located storage) since 2021: matter number, "
        "facility, applicant, county, towns, type, MW, status (received, incomplete, complete, "
        "draft permit, adjudicatory hearing, permit issued, denied, withdrawn) and dates"
    ),
    known_gaps=(
        "Only facilities of 25 MW or more under ORES jurisdiction: smaller projects and "
        "projects still under the older Article 10 process are absent; the applicant is usually "
        "a project LLC, not the parent developer; no bulk download or API, only the HTML page "
        "(its layout can change without notice); a row shows the current status only, so a "
        "status change is seen by comparing monthly copies; the page may state no update date "
        "(the vintage is then the day it was pulled); dates are as ORES writes them (M/D/YYYY)"
    ),
    # A: the permitting authority's own register of its decisions.
    reliability="A",
    license="New York State government public information; no restriction stated",
    raw_table="raw.ny_ores_permits__matters",
    domain="opposition",
)

PAGE_REQUEST = SourceRequest(SPEC.landing_url)
DOCKET_URL = (
    "https://documents.dps.ny.gov/public/MatterManagement/CaseMaster.aspx"
    "?MatterCaseNo={matter}&CaseSearch=Search"
)

# --- layout ---------------------------------------------------------------------------------

MATTER_NUMBER = r"\d{2}-\d{5}"  # DMM matter number: two-digit year, five-digit sequence
MATTERS_LAYOUT = SheetLayout(
    sheet="permit applications",  # the label of the layout; rows carry their table's heading
    required=("matter_number", "facility_name", "county", "status"),
    optional=(
        "applicant",
        "towns",
        "facility_type",
        "nameplate_capacity_mw",
        "application_filed",
        "application_complete",
        "decision_date",
        "matter_number_url",  # the docket link of the matter number cell
    ),
    row_key="matter_number",
    row_key_pattern=MATTER_NUMBER,
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, *MATTERS_LAYOUT.columns)
UPDATED_LABEL = "Last updated"

# The statuses ORES writes, and the opposition event each one is (None: not an event).
EVENT_TYPE_BY_STATUS = {
    "Application Received": None,
    "Incomplete Application": None,
    "Deemed Complete": None,
    "Draft Permit Issued": None,
    "Adjudicatory Hearing": "contested_hearing",
    "Permit Issued": None,
    "Permit Denied": "permit_denial",
    "Withdrawn": None,
}
STATUSES = tuple(EVENT_TYPE_BY_STATUS)


# --- HTML reading, shared with oh_opsb_cases and opposition_news ------------------------------

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
INVISIBLE = frozenset({"script", "style", "template", "noscript"})
CELL_BREAKS = frozenset({"br", "p", "div", "li"})  # start a new line inside a cell
CELL_LINE_SEPARATOR = "; "  # how the lines of one cell are joined
LINK_SUFFIX = " URL"  # the header of a link column: `Matter Number URL` -> matter_number_url
_SPACE = re.compile(r"\s+")


def decode_html(content: bytes) -> str:
    """The text of an HTML or XML page: a byte order mark, else the declared `<meta charset>`,
    else UTF-8, else Windows-1252 (undecodable bytes become U+FFFD, never an error)."""
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    declared = META_CHARSET.search(content[:4096])
    if declared:
        try:
            return content.decode(declared.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(content) - 3:  # a character cut off at the end: still UTF-8
            return content.decode("utf-8", "replace")
        return content.decode("cp1252", "replace")


def squeeze(text: str) -> str:
    """Runs of whitespace (spaces, tabs, line breaks, no-break spaces) become one space."""
    return _SPACE.sub(" ", text).strip()


def require_html(content: bytes, source_id: str, location: str) -> None:
    require_content(content, "html", source_id, location)
    head = content[:4096]
    if not (looks_like_html(head) or re.search(rb"<(?:table|body|html)\b", head, re.IGNORECASE)):
        start = head[:24].decode("latin-1").encode("unicode_escape").decode()
        raise FormatError(source_id, location, f"not an HTML page; it starts with {start!r}")


@dataclass(frozen=True)
class HtmlCell:
    text: str | None
    href: str | None = None
    is_header: bool = False


@dataclass(frozen=True)
class HtmlTable:
    """One `<table>` of a page: its section (caption, else the nearest heading above it) and
    its rows of cells, a `colspan` cell followed by empty cells so columns stay aligned."""

    section: str
    rows: tuple[tuple[HtmlCell, ...], ...]


@dataclass
class _OpenCell:
    parts: list[str] = field(default_factory=list)
    href: str | None = None
    is_header: bool = False
    colspan: int = 1

    def close(self) -> list[HtmlCell]:
        lines = (squeeze(line) for line in "".join(self.parts).split("\n"))
        text = CELL_LINE_SEPARATOR.join(line for line in lines if line) or None
        first = HtmlCell(text, self.href, self.is_header)
        return [first, *(HtmlCell(None, None, self.is_header) for _ in range(self.colspan - 1))]


@dataclass
class _OpenTable:
    heading: str
    rows: list[list[_OpenCell]] = field(default_factory=list)
    caption: list[str] | None = None
    in_caption: bool = False
    cell: _OpenCell | None = None

    def close(self) -> HtmlTable:
        caption = squeeze("".join(self.caption or ()))
        rows = tuple(tuple(c for cell in row for c in cell.close()) for row in self.rows if row)
        return HtmlTable(caption or self.heading, rows)


def _colspan(attrs: list[tuple[str, str | None]]) -> int:
    value = dict(attrs).get("colspan") or "1"
    return max(1, min(int(value), 50)) if value.strip().isdigit() else 1


class _TableCollector(HTMLParser):
    """Collects every table of a page as text cells; nothing in the page is executed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[HtmlTable] = []
        self._open: list[_OpenTable] = []
        self._heading: list[str] | None = None
        self._last_heading = ""
        self._invisible = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in INVISIBLE:
            self._invisible += 1
        elif tag in HEADINGS and not self._open:
            self._heading = []
        elif tag == "table":
            self._open.append(_OpenTable(self._last_heading))
        elif self._open:
            self._start_in_table(self._open[-1], tag, attrs)

    def _start_in_table(self, table: _OpenTable, tag: str, attrs) -> None:
        if tag == "caption":
            table.caption, table.in_caption = [], True
        elif tag == "tr":
            table.rows.append([])
            table.cell = None
        elif tag in ("td", "th"):
            if not table.rows:
                table.rows.append([])
            table.cell = _OpenCell(is_header=tag == "th", colspan=_colspan(attrs))
            table.rows[-1].append(table.cell)
        elif tag == "a" and table.cell is not None and table.cell.href is None:
            table.cell.href = dict(attrs).get("href") or None
        elif tag in CELL_BREAKS and table.cell is not None:
            table.cell.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in INVISIBLE:
            self._invisible = max(0, self._invisible - 1)
        elif tag in HEADINGS and self._heading is not None:
            self._last_heading = squeeze("".join(self._heading))
            self._heading = None
        elif tag == "table" and self._open:
            self.tables.append(self._open.pop().close())
        elif self._open:
            table = self._open[-1]
            if tag in ("td", "th", "tr"):
                table.cell = None
            elif tag == "caption":
                table.in_caption = False

    def handle_data(self, data: str) -> None:
        if self._invisible:
            return
        if self._heading is not None:
            self._heading.append(data)
        if self._open:
            table = self._open[-1]
            if table.in_caption and table.caption is not None:
                table.caption.append(data)
            elif table.cell is not None:
                table.cell.parts.append(data)

    def finish(self) -> list[HtmlTable]:
        self.close()
        while self._open:  # tables the page never closed
            self.tables.append(self._open.pop().close())
        return self.tables


def html_tables(html: str) -> list[HtmlTable]:
    """Every table of a page in document order (an inner table before the one holding it),
    each named by its section; repeated section names get ` (2)`, ` (3)`…"""
    collector = _TableCollector()
    collector.feed(html)
    tables, seen = [], {}
    for table in collector.finish():
        if not table.rows:
            continue
        section = table.section or f"table {len(tables) + 1}"
        seen[section] = seen.get(section, 0) + 1
        if seen[section] > 1:
            section = f"{section} ({seen[section]})"
        tables.append(replace(table, section=section))
    return tables


def table_grid(table: HtmlTable, base_url: str) -> pl.DataFrame:
    """A table as a grid of text cells (the grid a workbook sheet would give), plus one column
    per column holding links: its header is the column's header + ` URL`, its cells the
    absolute link of each row."""
    width = max(len(row) for row in table.rows)
    rows = [list(row) + [HtmlCell(None)] * (width - len(row)) for row in table.rows]
    header = next((i for i, row in enumerate(rows) if any(c.is_header for c in row)), 0)
    grid = [[cell.text for cell in row] for row in rows]
    for column in range(width):
        links = [urljoin(base_url, row[column].href) if row[column].href else None for row in rows]
        if not any(links[header + 1 :]):
            continue
        name = (rows[header][column].text or f"column {column + 1}") + LINK_SUFFIX
        for index, row in enumerate(grid):
            row.append(name if index == header else links[index] if index > header else None)
    columns = [f"__column_{i}" for i in range(len(grid[0]))]
    return pl.DataFrame(grid, schema={c: pl.String for c in columns}, orient="row")


@dataclass(frozen=True)
class ReadTable:
    section: str
    layout: SheetLayout  # the declared layout it matched (rows carry `section` as `sheet`)
    table: SheetTable


@dataclass(frozen=True)
class PageTables:
    read: list[ReadTable]
    ignored: list[str]  # sections of tables no layout matches (navigation, contacts…)

    def frame(self, columns: Sequence[str]) -> pl.DataFrame:
        """All rows read, in page order, with `columns` (absent ones null)."""
        frames = [r.table.frame for r in self.read]
        empty = pl.DataFrame(
            schema={c: pl.Int64 if c == SOURCE_ROW else pl.String for c in columns}
        )
        return pl.concat([empty, *frames], how="diagonal_relaxed").select(columns)

    def notes(self) -> dict:
        return {
            **layout_notes({r.section: r.table for r in self.read}),
            "tables_ignored": self.ignored,
        }


def matching_layout(
    grid: pl.DataFrame, layouts: Sequence[SheetLayout], source_id: str, location: str
) -> SheetLayout | None:
    """The first layout whose header row (half its required columns) the table holds."""
    for layout in layouts:
        try:
            find_header_row(grid, layout.required, source_id, location)
        except SchemaError:
            continue
        return layout
    return None


def read_html_tables(
    content: bytes, layouts: Sequence[SheetLayout], source_id: str, location: str
) -> PageTables:
    """Read every table of a page that matches one of `layouts` with that layout.

    A layout with `sheet_required` must match at least one table; a table whose header lacks
    a required column (a renamed column) is a SchemaError naming it. `source_row` is the
    row's 1-based position among its table's `<tr>` rows (the header row is 1).
    """
    require_html(content, source_id, location)
    tables = html_tables(decode_html(content))
    read, ignored = [], []
    for table in tables:
        grid = table_grid(table, location)
        layout = matching_layout(grid, layouts, source_id, location)
        if layout is None:
            ignored.append(table.section)
            continue
        named = replace(layout, sheet=table.section)
        read.append(ReadTable(table.section, layout, tabulate(grid, 1, named, source_id, location)))
    for layout in layouts:
        if layout.sheet_required and not any(r.layout == layout for r in read):
            found = [t.section for t in tables] or "none"
            raise SchemaError(
                source_id,
                location,
                f"no table with the columns {list(layout.required)} ({layout.sheet}); "
                f"the page's tables: {found}",
            )
    return PageTables(read, ignored)


DATE_TEXT = r"[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2}/\d{1,2}/\d{4}"
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%m/%d/%Y")


def stated_page_date(content: bytes, label: str) -> date | None:
    """The date after `label` on a page (`Last updated: August 31, 2026`, tags between the
    label and the date allowed), or None when the page states none."""
    pattern = re.compile(rf"{re.escape(label)}\s*:?\s*(?:<[^>]*>\s*)*({DATE_TEXT})", re.IGNORECASE)
    match = pattern.search(decode_html(content))
    if not match:
        return None
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(match.group(1), form).date()
        except ValueError:
            continue
    return None


# --- parsing --------------------------------------------------------------------------------


def stated_vintage(content: bytes) -> date | None:
    return stated_page_date(content, UPDATED_LABEL)


def parse(content: bytes, location: str) -> ParsedFile:
    """Every matter of every table with the matters' columns, as text, one row each."""
    page = read_html_tables(content, (MATTERS_LAYOUT,), SPEC.source_id, location)
    stated = stated_vintage(content)
    return ParsedFile(
        frame=page.frame(RAW_COLUMNS),
        notes={**page.notes(), "last_updated": stated.isoformat() if stated else None},
    )


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(PAGE_REQUEST),
    parse=parse,
    extension="html",
    stated_vintage=stated_vintage,
    required_columns=("matter_number", "facility_name", "county", "status"),
)
