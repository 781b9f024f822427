"""SPP Generator Interconnection Active Requests: the Southwest Power Pool queue listing.

SPP's OPS portal exports the active requests as CSV: a first line `Last Updated On,<date>`,
then the header. Copies saved from Excel keep the same cells in an xlsx workbook (the real file
in `../shared/realdata` is one), so both forms are read into the same cell grid and tabulated
by one layout. Only active requests are listed: a request that leaves the list is gone from
it, not reported withdrawn.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.spreadsheet import (
    CSV_SHEET,
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    first_sheet_or_csv_cells,
    is_xlsx,
    tabulate,
)

SPEC = SourceSpec(
    source_id="spp_queue",
    title="SPP Generator Interconnection Active Requests",
    publisher="Southwest Power Pool (SPP)",
    landing_url="https://opsportal.spp.org/Studies/GIActive",
    requests=(
        "GET https://opsportal.spp.org/Studies/GenerateActiveCSV (the active-requests CSV "
        "export of the OPS portal); its first line states `Last Updated On`"
    ),
    file_format="csv (xlsx copies saved from it are read too)",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every active SPP generator interconnection request (DISIS clusters, surplus and "
        "replacement requests, and executed agreements through commercial operation), with "
        "status, capacity, state, nearest town or county, request date and planned dates"
    ),
    known_gaps=(
        "Active requests only: a request that leaves the list is not reported withdrawn "
        "(Date Withdrawn is always empty); no project name and no developer name (ownership "
        "transfers surface only in the free-text Cause of Delay); `Nearest Town or County` may "
        "be a town; Commercial Operation Date holds planned dates for requests not yet "
        "operating; new replacement and surplus requests carry the status text `None`; one "
        "state cell can name two states (TX/OK)"
    ),
    # B: the RTO's own list, complete for active requests, but no names, no withdrawn
    # requests and a status that fuses the agreement with what happened after it.
    reliability="B",
    license=(
        "SPP website terms: copying and distribution with citation permitted, except for "
        "commercial publication"
    ),
    raw_table="raw.spp_queue__projects",
    min_request_interval_seconds=2.0,
)

ACTIVE_CSV_REQUEST = SourceRequest("https://opsportal.spp.org/Studies/GenerateActiveCSV")
LAST_UPDATED = "Last Updated On"

LAYOUT = SheetLayout(
    sheet=CSV_SHEET,  # an xlsx copy: its (first) sheet, whatever Excel named it
    required=(
        "generation_interconnection_number",
        "nearest_town_or_county",  # the header has a leading space
        "state",
        "capacity",
        "generation_type",
        "request_received",
        "status",
    ),
    optional=(
        "ifs_queue_number",
        "current_cluster",
        "cluster_group",
        "to_at_poi",
        "in_service_date",
        "commercial_operation_date",
        "cessation_date",
        "replacement_generator_commercial_op_date",
        "original_generator_commercial_op_date",  # the same column in other exports
        "max_summer_mw",
        "max_winter_mw",
        "service_type",
        "fuel_type",
        "substation_or_line",
        "date_withdrawn",
        "cause_of_delay",  # free text; sometimes records an ownership transfer
        "requested_maximum_injection_capability_mw",
        "requested_network_resource_deliverability_mw",
        "nameplate_capacity",
        "jtiq_participant",
    ),
    row_key="generation_interconnection_number",
    row_key_pattern=r"[A-Z]+-\d{4}-\S+",  # GEN-2024-SR9, GEN-2001-024
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, *LAYOUT.columns)


def parse(content: bytes, location: str) -> ParsedFile:
    """Every active request, as text, from the CSV export or an xlsx copy of it."""
    cells, first_row, sheet = first_sheet_or_csv_cells(content, SPEC.source_id, location)
    table = tabulate(cells, first_row, replace(LAYOUT, sheet=sheet), SPEC.source_id, location)
    frame = table.frame.select(RAW_COLUMNS)
    updated = last_updated_on(cells)
    return ParsedFile(
        frame=frame,
        notes={
            "form": "xlsx" if is_xlsx(content) else "csv",
            "rows_by_sheet": {sheet: frame.height},
            "last_updated_on": updated.isoformat() if updated else None,
            "optional_columns_present": table.optional_present,
            "unrecognized_columns": table.unrecognized,
            "note_rows_dropped": table.dropped_rows,
            "statuses": dict(frame.group_by("status").len().sort("status").iter_rows()),
        },
    )


STATED_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%m/%d/%Y", "%m/%d/%Y %I:%M:%S %p")


def last_updated_on(cells: pl.DataFrame) -> date | None:
    """The date beside `Last Updated On` in the rows above the header."""
    for row in cells.head(5).iter_rows():
        if row and str(row[0] or "").strip().lower() == LAST_UPDATED.lower():
            text = next((str(v).strip() for v in row[1:] if v is not None and str(v).strip()), "")
            for pattern in STATED_DATE_FORMATS:
                try:
                    return datetime.strptime(text, pattern).date()
                except ValueError:
                    continue
            return None
    return None


def stated_vintage(content: bytes) -> date | None:
    cells, _, _ = first_sheet_or_csv_cells(content, SPEC.source_id, "SPP active requests")
    return last_updated_on(cells)


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(ACTIVE_CSV_REQUEST),
    parse=parse,
    stated_vintage=stated_vintage,
    extension="csv",
    required_columns=LAYOUT.required,
)
