"""ERCOT Generator Interconnection Status (GIS) Report: the monthly Texas queue workbook.

The workbook is published on ERCOT's MIS as report type 15933. Each month's file lists the
active large and small generator requests, plus the month's commissioning approvals, the
inactive projects and the month's cancellations, each on its own sheet. There is no status
column: progress is read from the study phase and the milestone dates (`status_key`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FetchError, SchemaError
from maestro_assets.lib.formats import require_json
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.months import MONTH_NAMES
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, SheetLayout, Workbook, first_match

REPORT_TYPE_ID = "15933"

SPEC = SourceSpec(
    source_id="ercot_gis",
    title="ERCOT Generator Interconnection Status (GIS) Report",
    publisher="Electric Reliability Council of Texas (ERCOT)",
    landing_url="https://www.ercot.com/mp/data-products/data-product-details?id=PG7-200-ER",
    requests=(
        "GET the MIS document list IceDocListJsonWS?reportTypeId=15933 (JSON), pick the "
        "GIS_Report xlsx of the wanted month (else the newest; a re-published month keeps the "
        "newest PublishDate), then GET mirDownload?doclookupId=<DocID>"
    ),
    file_format="xlsx",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every ERCOT generator interconnection request for which a full interconnection study "
        "was requested (large) or that is public or model-ready (small, under 10 MW), with "
        "study phase and milestone dates; plus the month's commissioning approvals, all "
        "inactive projects and the month's cancellations"
    ),
    known_gaps=(
        "No status column: progress is derived from GIM Study Phase and milestone dates (a "
        "signed IA is an agreement, not operation); a 1-1-1900 date means the milestone was met "
        "but its date is unknown; requests before their full-study request are confidential and "
        "absent; Interconnecting Entity is often a project LLC, not the parent developer; "
        "projects leave the Large Gen sheet once commercial operation is approved and appear "
        "on Commissioning Update only that month; Cancellation Update lists only the month's "
        "cancellations, so a cancelled project vanishes the month after; Commissioning Update "
        "can list a project twice (energization and synchronization in one month); no "
        "queue-entry date (Screening Study Started stands in); header sits ~30 rows down "
        "below notes and spans several rows"
    ),
    # B: the system operator's own list, complete for large requests past their full-study
    # request, but with confidential early requests, no status column and 1-1-1900 dates.
    reliability="B",
    license="ERCOT public market information (ERCOT website terms of use); attribute ERCOT",
    raw_table="raw.ercot_gis__projects",
    developer_coverage_floor=0.9,  # Interconnecting Entity is filled on every row
    min_request_interval_seconds=2.0,
)

# --- fetching: the MIS document list, then the workbook ------------------------------------

DOCUMENT_LIST_REQUEST = SourceRequest(
    "https://www.ercot.com/misapp/servlets/IceDocListJsonWS",
    params=(("reportTypeId", REPORT_TYPE_ID),),
)
DOWNLOAD_URL = "https://www.ercot.com/misdownload/servlets/mirDownload"
REPORT_NAME = re.compile(r"GIS_Report_([A-Za-z]+)[_ -]?(\d{4})", re.IGNORECASE)


def download_request(doc_id: str) -> SourceRequest:
    return SourceRequest(DOWNLOAD_URL, params=(("doclookupId", doc_id),))


@dataclass(frozen=True)
class MisDocument:
    doc_id: str
    friendly_name: str
    published: str  # ISO timestamp with offset, as listed
    report_month: date | None


def report_month(name: str) -> date | None:
    """`GIS_Report_December2024` or `GIS_Report_Jun2026` -> the first of that month."""
    match = REPORT_NAME.search(name)
    if not match:
        return None
    prefix = match.group(1).lower()[:3]
    months = [i for i, month in enumerate(MONTH_NAMES, start=1) if month.startswith(prefix)]
    return date(int(match.group(2)), months[0], 1) if months else None


def gis_reports(listing: bytes, location: str) -> list[MisDocument]:
    """The GIS Report workbooks in the MIS document list (not the other reports it lists)."""
    payload = require_json(listing, SPEC.source_id, location)
    try:
        entries = payload["ListDocsByRptTypeRes"]["DocumentList"]
    except (KeyError, TypeError):
        raise SchemaError(
            SPEC.source_id, location, "no ListDocsByRptTypeRes.DocumentList in the document list"
        ) from None
    documents = []
    for entry in entries or []:
        document = entry.get("Document", entry) if isinstance(entry, dict) else {}
        name = str(document.get("ConstructedName") or document.get("FriendlyName") or "")
        if "GIS_Report" not in name or not name.lower().endswith("xlsx"):
            continue
        documents.append(
            MisDocument(
                doc_id=str(document["DocID"]),
                friendly_name=str(document.get("FriendlyName") or name),
                published=str(document.get("PublishDate") or ""),
                report_month=report_month(name),
            )
        )
    return documents


def choose_report(documents: Sequence[MisDocument], vintage: date, location: str) -> MisDocument:
    """The report of the vintage's month, else the newest (live pulls ask for today)."""
    if not documents:
        raise FetchError(SPEC.source_id, location, "the MIS document list holds no GIS_Report xlsx")
    wanted = vintage.replace(day=1)
    same_month = [d for d in documents if d.report_month == wanted]
    candidates = same_month or list(documents)
    return max(candidates, key=lambda d: (d.published, d.doc_id))


def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
    """Discovery (the document list) and the download are both fetched, so both are recorded;
    only the workbook is returned, to be landed."""
    listing = client.get_ok(DOCUMENT_LIST_REQUEST, vintage=vintage)
    chosen = choose_report(gis_reports(listing.content, listing.url), vintage, listing.url)
    return [client.get_ok(download_request(chosen.doc_id), vintage=vintage)]


# --- the sheets ------------------------------------------------------------------------------

LARGE_GEN = "Project Details - Large Gen"
SMALL_GEN = "Project Details - Small Gen"
COMMISSIONING = "Commissioning Update"
INACTIVE = "Inactive Projects"
CANCELLATION = "Cancellation Update"
CONTENTS = "Contents"

INR_PATTERN = r"\d{2}INR\d{4}[A-Za-z]*"  # 16INR0049, 15INR0064b
PROJECT = (
    "inr",
    "project_name",
    "interconnecting_entity",
    "county",
    "projected_cod",
    "fuel",
    "technology",
    "capacity_mw",
)
APPROVALS = ("ia_signed", "approved_for_energization", "approved_for_synchronization")
LISTED = ("inr", "project_name", "fuel", "county")  # the short sheets' common columns

HEADER_CONTINUATION_MAX_ROWS = 5  # at most: the Large Gen header continues over four rows


def inr_layout(
    sheet: str, required: tuple[str, ...], optional: tuple[str, ...], sheet_required: bool = True
) -> SheetLayout:
    """A sheet listing projects one row each, by INR; rows without one are notes."""
    return SheetLayout(
        sheet=sheet,
        required=required,
        optional=optional,
        row_key="inr",
        row_key_pattern=INR_PATTERN,
        sheet_required=sheet_required,
        max_header_continuation_rows=HEADER_CONTINUATION_MAX_ROWS,
    )


def listed_sheet(sheet: str, required: tuple[str, ...]) -> SheetLayout:
    """A short sheet of the month's commissioning approvals or exits; a workbook may lack it."""
    return inr_layout(sheet, required, ("size_category",), sheet_required=False)


LAYOUTS = (
    inr_layout(
        LARGE_GEN,
        required=(
            *PROJECT,
            "gim_study_phase",
            *APPROVALS,
            "construction_start",
            "construction_end",
        ),
        optional=(
            "poi_location",
            "cdr_reporting_zone",
            # headers spread over five rows, folded into one name
            "change_indicators_proj_name_mw_size_cod_sfs_ntp_fis_request_status_change_ina_to_pln",
            "approval_date_for_submission_of_proof_of_site_control",
            "screening_study_started",
            "screening_study_complete",
            "fis_requested",
            "fis_approved",
            "economic_study_required",
            "financial_security_and_notice_to_proceed_provided",
            "air_permit",
            "ghg_permit",
            "water_availability",
            "meets_planning_guide_section_6_9_1_requirements_for_inclusion_in_planning_models",
            "meets_all_planning_guide_section_6_9_requirements_for_inclusion_in_planning_models",
            "meets_planning_guide_qsa_section_5_9_prerequisites",
            "comment",
        ),
    ),
    inr_layout(
        SMALL_GEN,
        required=(*PROJECT, "model_ready_date", *APPROVALS),
        optional=(
            "poi_location",
            "cdr_reporting_zone",
            "change_indicators_proj_name_mw_size_cod_sfs_status_change_ina_to_pln",
            "financial_security_required_to_fund_dist_upgrades",
            "comment",
        ),
    ),
    listed_sheet(COMMISSIONING, ("commissioning_category", *LISTED, "approval_date", "mw")),
    listed_sheet(INACTIVE, (*LISTED, "inactive_date", "mw")),
    listed_sheet(CANCELLATION, (*LISTED, "cancel_date", "mw")),
)
STATUS_KEY = "status_key"
RAW_COLUMNS = (
    *dict.fromkeys((SHEET, SOURCE_ROW, *(c for layout in LAYOUTS for c in layout.columns))),
    STATUS_KEY,
)

# --- the status key: the file has no status column --------------------------------------------

INACTIVE_KEY = "Inactive"
CANCELLED_KEY = "Cancelled"
# The latest milestone reached wins. A 1-1-1900 date counts: the milestone was met, only its
# date is unknown.
MILESTONE_KEYS = (
    ("approved_for_synchronization", "Approved for Synchronization"),
    ("approved_for_energization", "Approved for Energization"),
    ("construction_end", "Construction Complete"),
    ("construction_start", "Under Construction"),
)
SMALL_GEN_KEYS = (("ia_signed", "IA Signed"), ("model_ready_date", "Model Ready"))
NOT_MODEL_READY_KEY = "Not Model Ready"


def status_key(row: Mapping[str, str | None]) -> str | None:
    """The text looked up in status_stage_map for one parsed row.

    Commissioning rows: their category (trailing footnote asterisks dropped). Inactive and
    cancelled rows: the sheet says it. Active rows: the latest milestone reached, else the
    GIM Study Phase (large) or the IA / model-ready milestone (small). A signed IA on its own
    is an agreement, never operation.
    """
    sheet = row[SHEET]
    if sheet == COMMISSIONING:
        category = row.get("commissioning_category")
        return category.rstrip("* ").strip() if category else None
    if sheet == INACTIVE:
        return INACTIVE_KEY
    if sheet == CANCELLATION:
        return CANCELLED_KEY
    for column, key in MILESTONE_KEYS:
        if row.get(column):
            return key
    if sheet == LARGE_GEN:
        return row.get("gim_study_phase")
    for column, key in SMALL_GEN_KEYS:
        if row.get(column):
            return key
    return NOT_MODEL_READY_KEY


# --- parsing ---------------------------------------------------------------------------------


def with_raw_columns(frame: pl.DataFrame) -> pl.DataFrame:
    missing = [c for c in RAW_COLUMNS if c not in frame.columns and c != STATUS_KEY]
    frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(c) for c in missing)
    keys = [status_key(row) for row in frame.iter_rows(named=True)]
    return frame.with_columns(pl.Series(STATUS_KEY, keys, dtype=pl.String)).select(RAW_COLUMNS)


def parse(content: bytes, location: str) -> ParsedFile:
    """Every project row of the five project sheets, as text, with its derived status key."""
    workbook = Workbook(content, SPEC.source_id, location)
    read = {layout.sheet: workbook.read_table(layout) for layout in LAYOUTS}
    present = {sheet: table for sheet, table in read.items() if table is not None}
    tables = list(present.values())
    frame = with_raw_columns(pl.concat([t.frame for t in tables], how="diagonal_relaxed"))
    continuation = {
        sheet: t.header_continuation_rows
        for sheet, t in present.items()
        if t.header_continuation_rows
    }
    period_end = stated_vintage_of(workbook)
    return ParsedFile(
        frame=frame,
        notes={
            "rows_by_sheet": {
                sheet: frame.filter(pl.col(SHEET) == sheet).height for sheet in present
            },
            "sheets_missing": sorted(sheet for sheet, result in read.items() if result is None),
            "header_continuation_rows": continuation,
            "optional_columns_present": sorted({c for t in tables for c in t.optional_present}),
            "unrecognized_columns": sorted({c for t in tables for c in t.unrecognized}),
            "note_rows_dropped": sum(t.dropped_rows for t in tables) - sum(continuation.values()),
            "status_keys": dict(frame.group_by(STATUS_KEY).len().sort(STATUS_KEY).iter_rows()),
            "report_period_end": period_end.isoformat() if period_end else None,
        },
    )


# --- the as-of date the file states ------------------------------------------------------------

REPORT_PERIOD = re.compile(
    r"GIM Activity:\s*([A-Z][a-z]{2} \d{1,2}, \d{4})\s+to\s+([A-Z][a-z]{2} \d{1,2}, \d{4})"
)


def stated_vintage_of(workbook: Workbook) -> date | None:
    """The last day of the report's activity period, from the Contents sheet
    (`GIM Activity:  Dec 01, 2024 to Dec 31, 2024`)."""
    if CONTENTS not in workbook.sheet_names:
        return None
    cells, _ = workbook.cells(CONTENTS)
    match = first_match(cells, REPORT_PERIOD, rows=10)
    return datetime.strptime(match.group(2), "%b %d, %Y").date() if match else None


def stated_vintage(content: bytes) -> date | None:
    return stated_vintage_of(Workbook(content, SPEC.source_id, "ERCOT GIS Report"))


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch,
    parse=parse,
    stated_vintage=stated_vintage,
    required_columns=(*PROJECT, "gim_study_phase", STATUS_KEY),
)
