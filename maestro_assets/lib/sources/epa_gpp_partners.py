"""EPA Green Power Partnership: the quarterly top partner lists.

EPA's Green Power Partnership ranks its partners by the green power they use, in lists it
updates every quarter: the National Top 100, the Fortune 500 partners and sector lists (Top 30
College & University, Tech & Telecom, Local Government, …). Each list has its own page on
epa.gov that links the list as a download (an xlsx, sometimes a csv) whose name changes each
quarter (`/system/files/documents/<upload month>/…`), so the download is found on the page.

A download opens with title rows (the list's name after `Green Power Partnership`, the date
the data is current as of, a sentence on method), then one header row: Rank, Partner Name,
Annual Green Power Usage (kWh), GP % of Total Electricity Use, Organization Type, Providers,
Green Power Resources; then a row per partner; then footnotes. The header is found by its
columns and the footnotes are dropped and counted (`lib/spreadsheet.py`).

The figures are the partners' own reports and count every kind of green power: unbundled
renewable energy certificates and utility green tariffs as well as power purchase agreements
and on-site generation. A list gives no contract dates: the first snapshot a partner appears
in is the only entry date the source offers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from urllib.parse import urljoin

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FetchError, SchemaError
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.spreadsheet import (
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    find_header_row,
    first_match,
    first_sheet_or_csv_cells,
    is_xlsx,
    tabulate,
)

EPA_HOST = "www.epa.gov"

SPEC = SourceSpec(
    source_id="epa_gpp_partners",
    title="EPA Green Power Partnership top partner lists (National Top 100, Fortune 500, sectors)",
    publisher="U.S. Environmental Protection Agency, Green Power Partnership",
    landing_url="https://www.epa.gov/greenpower/national-top-100",
    requests=(
        "For each declared list (LISTS), GET its page on epa.gov, find the list's download "
        "on it (the first link to an .xlsx or .csv file; the file name changes every quarter) "
        "and GET the file. Page URLs unconfirmed from here (no network): declared once, in "
        "LISTS"
    ),
    file_format="xlsx (csv downloads are read too)",
    cadence=Cadence.QUARTERLY,
    expected_coverage=(
        "The partners on each declared list: the 100 largest green power users (National Top "
        "100), every Fortune 500 partner, and the 30 largest colleges and universities; per "
        "partner its annual green power use (kWh), the share of its electricity use that is "
        "green power, organization type, providers and resources (solar, wind, biomass, ...)"
    ),
    known_gaps=(
        "Self-reported by partners and counting every kind of green power: unbundled renewable "
        "energy certificates and utility green tariffs as well as power purchase agreements and "
        "on-site generation, so a listing is not evidence of a PPA; no contract or joining "
        "dates: the first quarterly snapshot a partner appears in is the only entry date, and "
        "it lags the first purchase by a quarter or more; ranked lists are cut off (a partner "
        "that falls below the 100th place leaves the National Top 100 while still buying, and "
        "may return later); partners below every list's cut-off and non-partners are absent; "
        "partner names are as EPA writes them (brand names, `Inc.`, `Corporation`), not legal "
        "or SEC names; the download's URL changes every quarter and is found on the list page"
    ),
    # B: the program's own register of its partners, but each figure is the partner's report.
    reliability="B",
    license="U.S. federal government work (EPA): public domain",
    raw_table="raw.epa_gpp_partners__partners",
    allowed_hosts=(EPA_HOST,),  # the download link is read from a page: keep it on epa.gov
    domain="procurement",
)


@dataclass(frozen=True)
class PartnerList:
    name: str  # as the list's title row writes it, after `Green Power Partnership`
    page: SourceRequest  # the epa.gov page linking the current download


LISTS = (
    PartnerList("National Top 100", SourceRequest(SPEC.landing_url)),
    PartnerList(
        "Fortune 500® Partners",
        SourceRequest("https://www.epa.gov/greenpower/fortune-500r-partners-list"),
    ),
    PartnerList(
        "Top 30 College & University",
        SourceRequest("https://www.epa.gov/greenpower/top-30-college-university"),
    ),
)

# --- layout ---------------------------------------------------------------------------------

LIST_NAME = "list_name"  # the column every parsed row carries
LAYOUT = SheetLayout(
    sheet="partner list",  # an xlsx: its first sheet, whatever EPA named it
    required=(
        "partner_name",
        "annual_green_power_usage_kwh",
        "gp_of_total_electricity_use",  # `GP % of Total Electricity Use`, e.g. 104%
        "organization_type",  # Business, College/University, Local Government, ...
        "providers",
        "green_power_resources",  # e.g. `Biomass, Solar, Wind`
    ),
    optional=("rank",),
    row_key="partner_name",  # footnotes sit in the first column, under Rank: dropped
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, LIST_NAME, *LAYOUT.columns)
TITLE = re.compile(r"^(?:EPA\s+)?Green Power Partnership\s*[:\-–]?\s*(?P<name>\S.*)$", re.I)
CURRENT_AS_OF = re.compile(
    r"current as of\s+(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4}|\d{1,2}/\d{1,2}/\d{4})", re.I
)
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%m/%d/%Y")


def title_rows(cells: pl.DataFrame, location: str) -> pl.DataFrame:
    """The rows above the header row (the list's title, date and method note)."""
    header = find_header_row(cells, LAYOUT.required, SPEC.source_id, location)
    return cells.head(header)


def list_name_of(titles: pl.DataFrame, location: str) -> str:
    """The list's name from its title row (`Green Power Partnership National Top 100`)."""
    match = first_match(titles, TITLE)
    if match is None:
        raise SchemaError(
            SPEC.source_id,
            location,
            "no title row naming the list ('Green Power Partnership <list>') above the header",
        )
    return match.group("name").strip()


def current_as_of(titles: pl.DataFrame) -> date | None:
    """The date the title rows say the data is current as of, if they say it."""
    match = first_match(titles, CURRENT_AS_OF)
    if match is None:
        return None
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(match.group("date"), form).date()
        except ValueError:
            continue
    return None


def parse(content: bytes, location: str) -> ParsedFile:
    """Every partner of one list, as text, one row each, with the list's name."""
    cells, first_row, sheet = first_sheet_or_csv_cells(content, SPEC.source_id, location)
    titles = title_rows(cells, f"{location}, sheet {sheet!r}")
    name = list_name_of(titles, location)
    table = tabulate(cells, first_row, replace(LAYOUT, sheet=sheet), SPEC.source_id, location)
    frame = table.frame.with_columns(pl.lit(name).alias(LIST_NAME)).select(RAW_COLUMNS)
    stated = current_as_of(titles)
    return ParsedFile(
        frame=frame,
        notes={
            "form": "xlsx" if is_xlsx(content) else "csv",
            "list_name": name,
            "current_as_of": stated.isoformat() if stated else None,
            "rows_by_sheet": {sheet: frame.height},
            "optional_columns_present": table.optional_present,
            "unrecognized_columns": table.unrecognized,
            "note_rows_dropped": table.dropped_rows,
        },
    )


def stated_vintage(content: bytes) -> date | None:
    cells, _, _ = first_sheet_or_csv_cells(
        content, SPEC.source_id, "EPA Green Power Partnership list"
    )
    return current_as_of(title_rows(cells, "EPA Green Power Partnership list"))


# --- fetching: each list's page, then the download it links -------------------------------------

DOWNLOAD_LINK = re.compile(r"""href=["']([^"']+\.(?:xlsx|csv))(?:\?[^"']*)?["']""", re.I)


def discover_download(page_html: str, page_url: str) -> str | None:
    """The absolute URL of the first xlsx or csv file the page links."""
    match = DOWNLOAD_LINK.search(page_html)
    return urljoin(page_url, match.group(1).replace("&amp;", "&")) if match else None


def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
    """Each list's current download, in LISTS order (the pages are read, not landed)."""
    files = []
    for partner_list in LISTS:
        page = client.get_ok(partner_list.page, vintage=vintage)
        url = discover_download(page.content.decode("utf-8", "replace"), page.url)
        if url is None:
            raise FetchError(
                SPEC.source_id,
                page.url,
                f"the {partner_list.name} page links no download (.xlsx or .csv)",
            )
        files.append(client.get_ok(SourceRequest(url), vintage=vintage))
    return files


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch,
    parse=parse,
    stated_vintage=stated_vintage,
    extension="xlsx",
    required_columns=(LIST_NAME, "partner_name", "annual_green_power_usage_kwh"),
)
