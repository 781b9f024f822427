"""LBNL "Queued Up": interconnection queues of every ISO and ~40 utilities, cleaned, yearly.

A historical baseline and cross-check for the ISO sources, not a live feed. Two layouts:
- the 2020 edition (published May 2021): sheets `active`, `withdrawn` and `completed`, each
  with its own columns (`q_date_clean` and `county_1` on `active` only, `region` and the IA
  status columns on `active` only, `wd_date` on `withdrawn` as Stata day numbers, i.e. days
  since 1960-01-01, though described as Excel serials: each agrees with its `wd_year`);
- later editions: one `data` sheet (q_id, q_status, q_date, ia_date, wd_date, on_date,
  county, state, region, utility, entity, project_name, developer, IA_status_raw,
  IA_status_clean, type_clean, mw1..3 …), dates as Excel serial numbers. (The 2024 edition
  reportedly names this sheet `03. Complete Queue Data`, one title row above its header.)
The sheet set tells which; both are read into the same raw columns (the later names).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from urllib.parse import urljoin

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FetchError, SchemaError
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.months import MONTH_NAMES
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.spreadsheet import (
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    SheetTable,
    Workbook,
    first_match,
)

SPEC = SourceSpec(
    source_id="lbnl_queued_up",
    title='LBNL "Queued Up" interconnection queue data file',
    publisher="Lawrence Berkeley National Laboratory, Electricity Markets & Policy Department",
    landing_url="https://emp.lbl.gov/queues",
    requests=(
        "GET the Queued Up landing page, find the link to the edition's data file (an .xlsx "
        "whose name mentions the queue), GET the workbook"
    ),
    file_format="xlsx",
    cadence=Cadence.ANNUAL,
    expected_coverage=(
        "Every project in the interconnection queues of the seven ISOs and ~40 non-ISO "
        "utilities, active, withdrawn and completed (operational), normalized by LBNL: queue "
        "and milestone dates, county, state, region, entity, standardized type and MW"
    ),
    known_gaps=(
        "Annual and about five months behind its data (an edition covers queues through the "
        "end of the previous year); `developer` is filled for only ~17% of rows; q_id is not "
        "unique: the same id recurs within an entity (ISO-NE lists some projects twice) and "
        "406 NYISO withdrawn rows of the 2020 edition have none; the 2020 edition has region "
        "and IA status only on its active sheet and a progress vocabulary of just Not "
        "Started / In Progress / IA Executed; dates come as text (m/d/yyyy, m/d/yy, 31dec2022, "
        "mm/yyyy, placeholders 31dec1899 and 1/1/1900), as datetimes, as Excel serial numbers "
        "and, for the 2020 withdrawal dates, as Stata day numbers (days since 1960-01-01); "
        "the layout and column names change between editions"
    ),
    # B: a careful research compilation across all queues, but second-hand, annual and lagging,
    # with its own cleaning choices layered on the ISOs' files.
    reliability="B",
    license="Public release by LBNL under DOE contract DE-AC02-05CH11231; cite LBNL",
    raw_table="raw.lbnl_queued_up__projects",
    developer_coverage_floor=0.1,  # `developer` is filled on ~17% of rows (2020 edition)
)

LANDING_REQUEST = SourceRequest(SPEC.landing_url)
DATA_FILE_LINK = re.compile(r"""href=["']([^"']*queue[^"']*\.xlsx)["']""", re.IGNORECASE)
YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def discover_data_file(landing_html: str, landing_url: str = SPEC.landing_url) -> str | None:
    """The absolute URL of the newest data file linked from the landing page.

    The newest is the link naming the latest year (`..._thru2024_v2.xlsx` over
    `..._thru2023.xlsx`); among equals, the first on the page.
    """
    links = [urljoin(landing_url, href) for href in DATA_FILE_LINK.findall(landing_html)]
    if not links:
        return None
    return max(links, key=lambda url: max(map(int, YEAR_IN_NAME.findall(url)), default=0))


def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
    """The landing page, then the data file it links to."""
    landing = client.get_ok(LANDING_REQUEST, vintage=vintage)
    url = discover_data_file(landing.content.decode("utf-8", "replace"), SPEC.landing_url)
    if url is None:
        raise FetchError(SPEC.source_id, landing.url, "no .xlsx queue data file is linked")
    return [client.get_ok(SourceRequest(url), vintage=vintage)]


# --- layouts --------------------------------------------------------------------------------

# The raw columns, named as in the later editions' `data` sheet.
RAW_NAMES = (
    "q_id",
    "q_status",
    "q_date",
    "ia_date",
    "wd_date",
    "on_date",
    "county",
    "state",
    "region",
    "utility",
    "entity",
    "project_name",
    "developer",
    "ia_status_raw",
    "ia_status_clean",
    "type_clean",
    "poi_name",
    "prop_date",
    "q_year",
    "prop_year",
    "type1",
    "type2",
    "type3",
    "mw1",
    "mw2",
    "mw3",
    # only in the 2020 edition
    "county_2",
    "county_3",
    "wd_year",
    "wd_reason",
    "on_year",
    "days_in_q",
)
# The 2020 edition's own titles for some raw columns, sheet by sheet.
TITLES_2020 = {
    "active": {
        "q_date": "q_date_clean",
        "county": "county_1",
        "prop_date": "proposed_on_date",
        "prop_year": "proposed_on_year",
    },
    "withdrawn": {"prop_date": "proposed_on_date", "ia_status_raw": "ia_status"},  # from queue
    "completed": {"prop_date": "proposed_on_date"},
}

IDENTITY = ("q_id", "q_status", "entity", "state", "type_clean", "mw1")
# The sheet names a data-sheet edition has used; the header row is found by scanning, so a
# title row above it (as in later workbooks) is no obstacle.
DATA_SHEETS = ("data", "03. Complete Queue Data")
EDITION_2020_SHEETS = ("active", "withdrawn", "completed")
EDITION_2020_REQUIRED = {
    "active": ("region", "q_date", "county", "ia_status_clean"),
    "withdrawn": ("q_date", "county", "wd_date"),
    "completed": ("q_date", "county", "on_date"),
}
DATA_REQUIRED = ("region", "q_date", "county", "ia_status_clean")


def layout(
    sheet: str, required: tuple[str, ...], titles: Mapping[str, str] | None = None
) -> SheetLayout:
    """A sheet holding projects; `titles` names raw columns the sheet titles differently."""
    titles = titles or {}
    required = (*IDENTITY, *required)
    return SheetLayout(
        sheet=sheet,
        required=tuple(titles.get(c, c) for c in required),
        optional=tuple(titles.get(c, c) for c in RAW_NAMES if c not in required),
        row_key="q_status",  # q_id is blank on some real project rows
    )


def edition_2020_layouts() -> list[SheetLayout]:
    return [
        layout(sheet, EDITION_2020_REQUIRED[sheet], TITLES_2020[sheet])
        for sheet in EDITION_2020_SHEETS
    ]


def data_layout(sheet: str) -> SheetLayout:
    return layout(sheet, DATA_REQUIRED)


def layouts_for(sheet_names: list[str], location: str) -> tuple[str, list[SheetLayout]]:
    """(edition, layouts) from the sheets a workbook has."""
    data_sheet = next((name for name in DATA_SHEETS if name in sheet_names), None)
    if data_sheet is not None:
        return "data sheet", [data_layout(data_sheet)]
    if set(EDITION_2020_SHEETS) <= set(sheet_names):
        return "2020 (active/withdrawn/completed sheets)", edition_2020_layouts()
    raise SchemaError(
        SPEC.source_id,
        location,
        f"neither a data sheet {list(DATA_SHEETS)} nor the 2020 edition's sheets "
        f"{list(EDITION_2020_SHEETS)}; the workbook has {sheet_names}",
    )


RAW_COLUMNS = (SHEET, SOURCE_ROW, *RAW_NAMES)

# --- status key -----------------------------------------------------------------------------

ACTIVE = "active"
UNKNOWN_PHASE = "unknown"


def status_key(row: Mapping[str, str | None]) -> str | None:
    """The text looked up in status_stage_map; the staging SQL composes the same key.

    `q_status` alone for settled rows (withdrawn, completed, operational, suspended); an
    active row adds its standardized IA/study phase, LBNL's own `unknown` when blank.
    """
    status = row.get("q_status")
    if status != ACTIVE:
        return status
    return f"{ACTIVE}|{row.get('ia_status_clean') or UNKNOWN_PHASE}"


# --- parsing --------------------------------------------------------------------------------


def raw_name(sheet: str, title: str) -> str:
    """The raw column a sheet's column title stands for."""
    renamed = {old: new for new, old in TITLES_2020.get(sheet, {}).items()}
    return renamed.get(title, title)


def canonical(layout: SheetLayout, table: SheetTable) -> pl.DataFrame:
    return table.frame.rename(lambda title: raw_name(layout.sheet, title))


def parse(content: bytes, location: str) -> ParsedFile:
    """Every project row of the edition's project sheet(s), as text, in the later names."""
    workbook = Workbook(content, SPEC.source_id, location)
    edition, layouts = layouts_for(workbook.sheet_names, location)
    tables = [workbook.read_table(layout) for layout in layouts]
    frames = [canonical(layout, table) for layout, table in zip(layouts, tables, strict=True)]
    frame = pl.concat(frames, how="diagonal_relaxed").select(RAW_COLUMNS)
    keyed = frame.filter(pl.col("q_id").is_not_null())
    return ParsedFile(
        frame=frame,
        notes={
            "edition": edition,
            "rows_by_sheet": {
                layout.sheet: t.frame.height for layout, t in zip(layouts, tables, strict=True)
            },
            "optional_columns_present": sorted(
                {
                    raw_name(lay.sheet, c)
                    for lay, t in zip(layouts, tables, strict=True)
                    for c in t.optional_present
                }
            ),
            "unrecognized_columns": sorted({c for t in tables for c in t.unrecognized}),
            "note_rows_dropped": sum(t.dropped_rows for t in tables),
            "rows_without_q_id": frame.height - keyed.height,
            "rows_sharing_entity_and_q_id": keyed.filter(
                pl.len().over("entity", "q_id") > 1
            ).height,
            "rows_with_developer": frame["developer"].is_not_null().sum(),
        },
    )


EDITION_MONTH = re.compile(rf"^({'|'.join(MONTH_NAMES)})\s+(\d{{4}})$", re.IGNORECASE)
INTRODUCTION_SHEET = "introduction"


def stated_vintage(content: bytes) -> date | None:
    """The edition's publication month (`May 2021`) from its introduction sheet, if it has one."""
    workbook = Workbook(content, SPEC.source_id, "stated vintage")
    sheet = next((s for s in workbook.sheet_names if s.lower() == INTRODUCTION_SHEET), None)
    if sheet is None:
        return None
    cells, _ = workbook.cells(sheet)
    match = first_match(cells, EDITION_MONTH)
    if match is None:
        return None
    return date(int(match.group(2)), MONTH_NAMES.index(match.group(1).lower()) + 1, 1)


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch,
    parse=parse,
    stated_vintage=stated_vintage,
    required_columns=("q_status", "entity", "mw1"),
)
