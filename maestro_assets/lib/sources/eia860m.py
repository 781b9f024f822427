"""EIA-860M, the Monthly Electric Generator Inventory: the status source for planned units."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urljoin

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.months import MONTH_NAMES
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, SheetLayout, Workbook

SPEC = SourceSpec(
    source_id="eia860m",
    title="EIA-860M Monthly Electric Generator Inventory",
    publisher="U.S. Energy Information Administration",
    landing_url="https://www.eia.gov/electricity/data/eia860m/",
    requests=(
        "GET the landing page, find the link to {month}_generator{YYYY}.xlsx "
        "(in xls/ or archive/xls/), GET the workbook"
    ),
    file_format="xlsx",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every US generator of 1 MW or more: sheets Operating, Planned, Retired, Canceled or "
        "Postponed (plus _PR twins); the only public status for planned units (P, L, T, U, V, TS)"
    ),
    known_gaps=(
        "Units under 1 MW are absent; planned dates are self-reported and slip; Entity Name is "
        "the operator, often a project LLC rather than the parent developer; early-stage "
        "projects appear late; the Canceled or Postponed sheet has no status and no "
        "cancellation date (the month is inferred by comparing consecutive files); month M is "
        "published three to four weeks after it ends"
    ),
    reliability="A",
    license="Public domain (U.S. government work)",
    raw_table="raw.eia860m__generators",
    developer_coverage_floor=0.99,
)

LANDING_REQUEST = SourceRequest(SPEC.landing_url)
WORKBOOK_LINK = re.compile(
    r"""href=["']([^"']*?(?:archive/)?xls/([a-z]+)_generator(\d{4})\.xlsx)["']""", re.IGNORECASE
)


def workbook_filename(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1]}_generator{month.year}.xlsx"


def discover_workbooks(landing_html: str, landing_url: str = SPEC.landing_url) -> dict[date, str]:
    """Map each data month linked from the landing page to its absolute workbook URL.

    Several months can sit in xls/ at once and older ones move to archive/xls/; when a
    month is linked from both, the current folder wins.
    """
    found: dict[date, str] = {}
    for href, month_name, year in WORKBOOK_LINK.findall(landing_html):
        if month_name.lower() not in MONTH_NAMES:
            continue
        month = date(int(year), MONTH_NAMES.index(month_name.lower()) + 1, 1)
        url = urljoin(landing_url, href)
        if month not in found or "/archive/" in found[month]:
            found[month] = url
    return dict(sorted(found.items()))


def workbook_request(url: str) -> SourceRequest:
    return SourceRequest(url)


def workbook_urls(client: SourceClient) -> dict[date, str]:
    landing = client.get_ok(LANDING_REQUEST)
    return discover_workbooks(landing.content.decode("utf-8", "replace"), landing.url)


def fetch_month(client: SourceClient, month: date) -> list[SourceResponse]:
    """The landing page, then the workbook it links for `month`."""
    links = workbook_urls(client)
    if month not in links:
        linked = ", ".join(f"{m:%Y-%m}" for m in links) or "none"
        raise FetchError(
            SPEC.source_id,
            SPEC.landing_url,
            f"the landing page links no workbook for {month:%B %Y}; it links: {linked}",
        )
    return [client.get_ok(workbook_request(links[month]))]


# --- parsing -------------------------------------------------------------------------------

IDENTITY = (
    "entity_id",
    "entity_name",
    "plant_id",
    "plant_name",
    "plant_state",
    "county",
    "generator_id",
    "nameplate_capacity_mw",
    "technology",
    "energy_source_code",
    "prime_mover_code",
)
DESCRIPTIVE = (
    "google_map",
    "bing_map",
    "balancing_authority_code",
    "sector",
    "unit_code",
    "net_summer_capacity_mw",
    "net_winter_capacity_mw",
    "latitude",
    "longitude",
    "nameplate_energy_capacity_mwh",  # newer files only
    "dc_net_capacity_mw",  # newer files only
)
OPERATING_EXTRAS = (
    "planned_retirement_month",
    "planned_retirement_year",
    "planned_derate_year",
    "planned_derate_month",
    "planned_derate_of_summer_capacity_mw",
    "planned_uprate_year",
    "planned_uprate_month",
    "planned_uprate_of_summer_capacity_mw",
)
SHEET_REQUIRED = {
    "Operating": ("operating_month", "operating_year", "status"),
    "Planned": ("planned_operation_month", "planned_operation_year", "status"),
    "Retired": ("operating_month", "operating_year", "retirement_month", "retirement_year"),
    "Canceled or Postponed": ("planned_operation_month", "planned_operation_year"),
}
SHEET_OPTIONAL = {"Operating": OPERATING_EXTRAS}
PUERTO_RICO_SUFFIX = "_PR"


def sheet_layouts() -> list[SheetLayout]:
    """The four sheets, required, and their Puerto Rico twins, read when present."""
    layouts = []
    for suffix, required_sheet in (("", True), (PUERTO_RICO_SUFFIX, False)):
        for sheet, extra in SHEET_REQUIRED.items():
            layouts.append(
                SheetLayout(
                    sheet=f"{sheet}{suffix}",
                    required=(*IDENTITY, *extra),
                    optional=(*DESCRIPTIVE, *SHEET_OPTIONAL.get(sheet, ())),
                    row_key="plant_id",
                    row_key_pattern=r"\d+",
                    sheet_required=required_sheet,
                )
            )
    return layouts


RAW_COLUMNS = (
    *dict.fromkeys((SHEET, SOURCE_ROW, *(c for layout in sheet_layouts() for c in layout.columns))),
    "status_code",
    "status_label",
)
STATUS_TEXT = re.compile(r"^\(([A-Za-z]{1,3})\)\s*(.*)$")


def parse_workbook(content: bytes, location: str) -> ParsedFile:
    """Every generator row of every sheet, as text, with its status split into code and label."""
    workbook = Workbook(content, SPEC.source_id, location)
    tables = [t for t in map(workbook.read_table, sheet_layouts()) if t is not None]
    frame = pl.concat([t.frame for t in tables], how="diagonal_relaxed")
    status = pl.col("status").str.extract_groups(STATUS_TEXT.pattern)
    frame = frame.with_columns(
        status.struct.field("1").str.to_uppercase().alias("status_code"),
        status.struct.field("2").alias("status_label"),
    ).select(RAW_COLUMNS)
    return ParsedFile(
        frame=frame,
        notes={
            "rows_by_sheet": dict(frame.group_by(SHEET).len().sort(SHEET).iter_rows()),
            "optional_columns_present": sorted({c for t in tables for c in t.optional_present}),
            "unrecognized_columns": sorted({c for t in tables for c in t.unrecognized}),
            "note_rows_dropped": sum(t.dropped_rows for t in tables),
        },
    )


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_month,
    parse=parse_workbook,
    extension="xlsx",
    data_months=True,
    list_months=lambda client: list(workbook_urls(client)),
    required_columns=IDENTITY,
)
