"""PJM's interconnection queue export: every generation interconnection request since 1997.

One workbook, one sheet of projects (`Data`, header on the first row) and one sheet that only
defines the columns (`Definitions-Mapping`). Active, in-service, suspended, deactivated and
withdrawn requests all sit in `Data`; `Status` says which. `Name` is the point of
interconnection (a substation or line, e.g. `South Lebanon 230 KV`), not the project's name:
the project's public name is `Commercial Name`, a column later exports carry. Project IDs of
requests carried into PJM's transition cycle gain a suffix (`AE1-070 - moved to TC1`).
"""

from __future__ import annotations

from collections.abc import Mapping

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, SheetLayout, Workbook, layout_notes

SPEC = SourceSpec(
    source_id="pjm_queue",
    title="PJM interconnection queue export (serial service requests)",
    publisher="PJM Interconnection, L.L.C.",
    landing_url="https://www.pjm.com/planning/services-requests/interconnection-queues",
    requests=(
        "The Excel export behind pjm.com's queue pages: "
        "https://services.pjm.com/PJMPlanningApi/api/Queue/ExportToXls returns the whole queue "
        "as one workbook (sheets Data and Definitions-Mapping). PJM serves it to a POST that "
        "carries the public api-subscription-key of its queue page script; see known gaps"
    ),
    file_format="xlsx",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every generation interconnection request in PJM (13 states and DC) since 1997: "
        "active, engineering and procurement, under construction, partially and fully in "
        "service, suspended, deactivated, withdrawn and canceled, with MFO / MW Energy / MW "
        "Capacity, study and agreement status columns, submitted, withdrawal and actual "
        "in-service dates"
    ),
    known_gaps=(
        "No developer name; `Name` is the point of interconnection, not the project (the "
        "public `Commercial Name` appears only in later exports and only after the System "
        "Impact Study); Status `Active` covers every study phase, so the phase is read from "
        "the study status columns; requests moved to the transition cycle get ` - moved to "
        "TC1` appended to their Project ID; the export's scope can change between pulls (years "
        "of withdrawn history can appear at once: a project first seen with an old queue date "
        "and a terminal status is a backfill, not a new entry); the file states no as-of date "
        "(the vintage is the day it was pulled); the live export is a POST with an "
        "api-subscription-key header, which the platform's GET-only client cannot send yet"
    ),
    # B: the operator's own register, complete for its footprint with full history and
    # explicit statuses, but with no developer, a POI string where a name would be, and an
    # undocumented export endpoint.
    reliability="B",
    license="Public posting by PJM Interconnection; reuse with attribution (pjm.com terms of use)",
    raw_table="raw.pjm_queue__projects",
    live_requires_env=("PJM_API_SUBSCRIPTION_KEY",),
)

# The export PJM's queue page calls: a POST carrying the page's public subscription key in a
# header (unconfirmed from here, no network). Declared once.
EXPORT_REQUEST = SourceRequest(
    "https://services.pjm.com/PJMPlanningApi/api/Queue/ExportToXls",
    method="POST",
    secret_headers=(("api-subscription-key", "PJM_API_SUBSCRIPTION_KEY"),),
)

# --- layout ---------------------------------------------------------------------------------

DATA_SHEET = "Data"
DEFINITIONS_SHEET = "Definitions-Mapping"  # column definitions, no projects
# What the staging model cannot do without (a silent rename would empty its columns).
REQUIRED = (
    "project_id",
    "name",
    "state",
    "county",
    "status",
    "fuel",
    "mw_energy",
    "submitted_date",
)
OPTIONAL = (
    "commercial_name",  # later exports only
    "transmission_owner",
    "mfo",
    "mw_capacity",
    "mw_in_service",
    "capacity_or_energy",
    "project_type",
    "project_ac_dc",
    "rights_mw",
    "initial_study",
    "feasibility_study",
    "feasibility_study_status",
    "system_impact_study",
    "system_impact_study_status",
    "facilities_study",
    "facilities_study_status",
    "interim_interconnection_service_generation_interconnection_agreement",
    "interim_interconnection_service_generation_interconnection_agreement_status",
    "wholesale_market_participation_agreement",
    "construction_service_agreement",
    "construction_service_agreement_status",
    "upgrade_construction_service_agreement",
    "upgrade_construction_service_agreement_status",
    "backfeed_date",
    "long_term_firm_service_start_date",
    "long_term_firm_service_end_date",
    "test_energy_date",
    "withdrawal_date",
    "withdrawn_remarks",
    "commercial_operation_milestone",
    "revised_in_service_date",
    "actual_in_service_date",
    "date_suspended",  # named in Definitions-Mapping, absent from the 2025 export
    "attachment_type",
    "alternate_project",
    "sliding_project",
)
DATA_LAYOUT = SheetLayout(
    sheet=DATA_SHEET, required=REQUIRED, optional=OPTIONAL, row_key="project_id"
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, *DATA_LAYOUT.columns)

# --- status key -----------------------------------------------------------------------------

ACTIVE = "Active"
# Study columns of an Active request, most advanced first; a study has begun once its status
# is one of STUDY_BEGUN (not blank, `Withdrawn` or `Not Required`).
STUDY_PHASES = (
    ("facilities_study_status", "Facilities Study"),
    ("system_impact_study_status", "System Impact Study"),
    ("feasibility_study_status", "Feasibility Study"),
)
STUDY_BEGUN = ("In Progress", "Document Posted", "Interim Study")


def status_key(row: Mapping[str, str | None]) -> str | None:
    """The text looked up in status_stage_map; the staging SQL composes the same key.

    `Status` is the key, except `Active`, which covers every study phase: an active request
    is keyed by the most advanced study it has begun (`Active|System Impact Study`), or
    plain `Active` when no study column says so.
    """
    status = row.get("status")
    if status != ACTIVE:
        return status
    for column, phase in STUDY_PHASES:
        if row.get(column) in STUDY_BEGUN:
            return f"{ACTIVE}|{phase}"
    return ACTIVE


# --- parsing --------------------------------------------------------------------------------


def parse(content: bytes, location: str) -> ParsedFile:
    """Every request of the `Data` sheet, as text, one row each."""
    workbook = Workbook(content, SPEC.source_id, location)
    table = workbook.read_table(DATA_LAYOUT)
    return ParsedFile(
        frame=table.frame.select(RAW_COLUMNS),
        notes={
            **layout_notes({DATA_SHEET: table}),
            "sheets_without_projects": [s for s in workbook.sheet_names if s != DATA_SHEET],
        },
    )


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(EXPORT_REQUEST),
    parse=parse,
    required_columns=("project_id", "status", "submitted_date"),
)
