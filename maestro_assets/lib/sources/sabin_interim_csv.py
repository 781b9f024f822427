"""Sabin Center interim update: the opposition entries recorded between report editions, as
a CSV.

One header row, then one row per development: `Jurisdiction, State, Type, Year, Description,
Energy type, Source, Date entered`. `Type` is `Local Ordinance`, `Contested project` or
`State Law`; `Energy type` is `Solar`, `Wind` or `Both`; `Date entered` is the day the row was
entered, written without its year (`3/15`). The file is whatever the spreadsheet behind it
exports: a byte order mark or not, values with trailing spaces, commas inside quoted
descriptions, rows without a source. Descriptions are untrusted narrative, carried as data.

`Date entered` gets its year from the vintage the file was pulled on (see
`resolve_date_entered`); the parser, which sees only bytes, keeps it as published, and the
staging model applies the same rule in SQL (`date_entered_sql`).
"""

from __future__ import annotations

import re
from datetime import date

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.sources.sabin_report import CONTESTED, LOCAL, STATE_LEVEL
from maestro_assets.lib.spreadsheet import (
    CSV_SHEET,
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    csv_cells,
    tabulate,
)

SPEC = SourceSpec(
    source_id="sabin_interim_csv",
    title="Opposition to renewable energy facilities: interim update (CSV)",
    publisher="Sabin Center for Climate Change Law, Columbia Law School",
    landing_url=(
        "https://climate.law.columbia.edu/content/opposition-renewable-energy-facilities-united-states"
    ),
    requests=(
        "GET the interim-update CSV at its direct URL on climate.law.columbia.edu (the whole "
        "file each time; the publisher replaces it between editions)"
    ),
    file_format="csv",
    cadence=Cadence.QUARTERLY,
    expected_coverage=(
        "Developments since the last annual report: local ordinances, contested projects and "
        "state laws, one row each with jurisdiction, state, year, a short description, solar / "
        "wind / both, a source and the day it was entered"
    ),
    known_gaps=(
        "Interim and irregular: rows are short descriptions, not the report's researched "
        "entries, and may be revised or dropped when the next edition appears; `Date entered` "
        "has no year (it is inferred from the pull date, so a file pulled long after it was "
        "written dates its rows a year too late); some rows have no source; contested rows "
        "name the project only in the description; no county FIPS, no developer column; "
        "the direct URL is the platform's assumption (no file is confirmed from here)"
    ),
    # C: the publisher's own researchers, but a partial, provisional list between editions.
    reliability="C",
    license="Public posting of the Sabin Center for Climate Change Law; cite the Sabin Center",
    raw_table="raw.sabin_interim_csv__entries",
    domain="opposition",
)

CSV_REQUEST = SourceRequest(
    "https://climate.law.columbia.edu/sites/default/files/content/opposition-interim-update.csv"
)

LAYOUT = SheetLayout(
    sheet=CSV_SHEET,
    required=(
        "jurisdiction",
        "state",
        "type",
        "year",
        "description",
        "energy_type",
        "date_entered",
    ),
    optional=("source",),
    row_key="state",  # a row without a state is a note under the table, not an entry
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, *LAYOUT.columns)

# `Type` (trimmed, any case) -> the report's section, so both forms land in one vocabulary.
SECTION_BY_TYPE = {
    "local ordinance": LOCAL,
    "contested project": CONTESTED,
    "state law": STATE_LEVEL,
}


def section_of(entry_type: str | None) -> str | None:
    return SECTION_BY_TYPE.get(" ".join((entry_type or "").split()).lower())


def parse(content: bytes, location: str) -> ParsedFile:
    """Every row of the CSV, as text, numbered by its record in the file (header = 1)."""
    cells = csv_cells(content, SPEC.source_id, location)
    table = tabulate(cells, 1, LAYOUT, SPEC.source_id, location)
    frame = table.frame.select(RAW_COLUMNS)
    types = frame.get_column("type").to_list()
    return ParsedFile(
        frame=frame,
        notes={
            "rows_by_sheet": {CSV_SHEET: frame.height},
            "byte_order_mark": content.startswith(b"\xef\xbb\xbf"),
            "optional_columns_present": table.optional_present,
            "unrecognized_columns": table.unrecognized,
            "note_rows_dropped": table.dropped_rows,
            "unrecognized_types": sorted({t for t in types if t and section_of(t) is None}),
            "rows_without_source": frame.get_column("source").null_count(),
        },
    )


# --- the year of `Date entered` ------------------------------------------------------------------

DATE_ENTERED = re.compile(r"^\s*(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\s*$")


def resolve_date_entered(text: str | None, vintage: date) -> date | None:
    """`3/15` in a file pulled on `vintage` -> the latest 15 March not after the vintage.

    A row cannot be entered after the file was pulled, so a month and day later in the year
    than the vintage's (a month later than the vintage month, for quarter-end pulls) belong
    to the previous year. A year written out (`3/15/26`, `3/15/2026`) is used as it is;
    anything else, or a day that does not exist, is None.
    """
    match = DATE_ENTERED.match(text or "")
    if match is None:
        return None
    month, day, written_year = int(match.group(1)), int(match.group(2)), match.group(3)
    if written_year:
        year = int(written_year) + (2000 if len(written_year) == 2 else 0)
    else:
        year = vintage.year - ((month, day) > (vintage.month, vintage.day))
    try:
        return date(year, month, day)
    except ValueError:
        return None


def date_entered_sql(column: str = "date_entered", vintage: str = "vintage") -> str:
    """The same rule as `resolve_date_entered`, as a DuckDB expression for the staging model."""
    parts = f"regexp_extract({column}, '{DATE_ENTERED.pattern}', ['m', 'd', 'y'])"
    month, day, year = (f"try_cast(nullif({parts}.{k}, '') as integer)" for k in "mdy")
    inferred = (
        f"year({vintage}) - case when {month} * 100 + {day} > "
        f"month({vintage}) * 100 + day({vintage}) then 1 else 0 end"
    )
    written = f"case when {year} < 100 then {year} + 2000 else {year} end"
    return (
        f"try_cast(printf('%04d-%02d-%02d', coalesce({written}, {inferred}), {month}, {day}) "
        f"as date)"
    )


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(CSV_REQUEST),
    parse=parse,
    extension="csv",
    required_columns=("jurisdiction", "state", "type", "description", "date_entered"),
)
