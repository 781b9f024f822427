"""CAISO Public Queue Report: the generator interconnection queue of the California ISO.

One workbook, three sheets of projects: `Grid GenerationQueue` (active requests),
`Completed Generation Projects` (in commercial operation) and `Withdrawn Generation Projects`.
Each sheet has three rows above its header (the report run date, a title, column groups),
header cells with line breaks, and note rows at the bottom (a legend on the active sheet, a
disclaimer on all three). A project carries up to three type/fuel/MW triples.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, SheetLayout, Workbook, first_match

SPEC = SourceSpec(
    source_id="caiso_queue",
    title="CAISO Public Queue Report (generator interconnection queue)",
    publisher="California Independent System Operator (CAISO)",
    landing_url="https://www.caiso.com/library/interconnection-queue-reports",
    requests=(
        "GET https://www.caiso.com/documents/publicqueuereport.xlsx: one workbook, replaced in "
        "place whenever CAISO reruns the report (the run date is printed above each sheet)"
    ),
    file_format="xlsx",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every generator interconnection request to the CAISO controlled grid (California, "
        "parts of Nevada and Arizona, a few in Mexico): active, completed (in commercial "
        "operation) and withdrawn, with up to three fuel/type/MW triples, study and "
        "interconnection-agreement status"
    ),
    known_gaps=(
        "No developer or owner name; the withdrawn sheet titles its name column `Project Name "
        "- Confidential` (filled in 2025, but may be blanked); progress exists only as study "
        "columns (Phase I / "
        "Phase II) and the IA status, with no construction status, so an active project with "
        "an executed IA may already be building; hybrids are split over Fuel-1..3 and "
        "MW-1..3 (net MW to grid can be below their sum); the file holds only the current "
        "state: history exists only as the dated copies we keep"
    ),
    # B: the operator's own queue, complete for its grid and dated, but coarse on progress
    # (no construction milestones) and silent on who develops a project.
    reliability="B",
    license="Public posting by CAISO; reuse with attribution (caiso.com terms of use)",
    raw_table="raw.caiso_queue__projects",
)

REPORT_REQUEST = SourceRequest("https://www.caiso.com/documents/publicqueuereport.xlsx")

# --- layouts --------------------------------------------------------------------------------

ACTIVE_SHEET = "Grid GenerationQueue"
COMPLETED_SHEET = "Completed Generation Projects"
WITHDRAWN_SHEET = "Withdrawn Generation Projects"
RECORD_KIND_BY_SHEET = {
    ACTIVE_SHEET: "active",
    COMPLETED_SHEET: "completed",
    WITHDRAWN_SHEET: "withdrawn",
}

IDENTITY = ("queue_position", "application_status", "queue_date", "county", "state")
FIRST_TRIPLE = ("fuel_1", "mw_1")
# The columns the status key is composed from (see `status_key`): a silent rename would make
# every active project look as if it had not started its studies.
PROGRESS = (
    "system_impact_study_or_phase_i_cluster_study",
    "facilities_study_fas_or_phase_ii_cluster_study",
    "interconnection_agreement_status",
)
DESCRIPTIVE = (
    "interconnection_request_receive_date",
    "study_process",
    "type_1",
    "type_2",
    "type_3",
    "fuel_2",
    "fuel_3",
    "mw_2",
    "mw_3",
    "net_mws_to_grid",
    "full_capacity_partial_or_energy_only_fc_p_eo",
    "tpd_allocation_percentage",
    "off_peak_deliverability_and_economic_only",
    "tpd_allocation_group",
    "utility",
    "pto_study_region",
    "station_or_transmission_line",
    "proposed_on_line_date_as_filed_with_ir",
    "current_on_line_date",
    "suspension_status",
    "feasibility_study_or_supplemental_review",
    "optional_study_os",
)


def sheet_layouts() -> list[SheetLayout]:
    """The three project sheets. Only the active sheet must carry the progress columns."""

    def layout(sheet: str, name: str, required: tuple[str, ...], extra: tuple[str, ...]):
        optional = tuple(c for c in (*PROGRESS, *DESCRIPTIVE, *extra) if c not in required)
        return SheetLayout(
            sheet=sheet,
            required=(*IDENTITY, name, *FIRST_TRIPLE, *required),
            optional=optional,
            row_key="queue_position",  # legend and disclaimer rows leave it blank
        )

    return [
        layout(ACTIVE_SHEET, "project_name", PROGRESS, ()),
        layout(COMPLETED_SHEET, "project_name", ("actual_on_line_date",), ()),
        layout(
            WITHDRAWN_SHEET,
            "project_name_confidential",  # the withdrawn sheet's name column is titled so
            ("withdrawn_date",),
            ("reason_for_withdrawal",),
        ),
    ]


RAW_COLUMNS = tuple(
    dict.fromkeys((SHEET, SOURCE_ROW, *(c for layout in sheet_layouts() for c in layout.columns)))
)

# --- status key -----------------------------------------------------------------------------

ACTIVE = "ACTIVE"
PHASE_DONE = "Complete"


def status_key(row: Mapping[str, str | None]) -> str | None:
    """The text looked up in status_stage_map; the staging SQL composes the same key.

    CAISO's Application Status is only ACTIVE / COMPLETED / WITHDRAWN, so an active project's
    progress is read from its other columns, most advanced first: a suspension, then the
    interconnection agreement status, then the Phase II and Phase I study columns.
    """
    application = row.get("application_status")
    if application != ACTIVE:
        return application
    if row.get("suspension_status"):
        return f"{ACTIVE}|{row['suspension_status']}"
    if row.get("interconnection_agreement_status"):
        return f"{ACTIVE}|IA {row['interconnection_agreement_status']}"
    if row.get("facilities_study_fas_or_phase_ii_cluster_study") == PHASE_DONE:
        return f"{ACTIVE}|Phase II Complete"
    if row.get("system_impact_study_or_phase_i_cluster_study") == PHASE_DONE:
        return f"{ACTIVE}|Phase I Complete"
    return f"{ACTIVE}|In Study"


# --- parsing --------------------------------------------------------------------------------

RUN_DATE = re.compile(r"Report Run Date:\s*(\d{1,2}/\d{1,2}/\d{4})")
TITLE_ROWS = 3  # the run date, the title and the column groups sit above the header


def report_run_date(workbook: Workbook) -> date | None:
    """The `Report Run Date: MM/DD/YYYY` printed above the first sheet that has one."""
    for sheet in workbook.sheet_names:
        cells, _ = workbook.cells(sheet)
        match = first_match(cells, RUN_DATE, rows=TITLE_ROWS)
        if match:
            return datetime.strptime(match.group(1), "%m/%d/%Y").date()
    return None


def parse(content: bytes, location: str) -> ParsedFile:
    """Every project of the three sheets, as text, one row each."""
    workbook = Workbook(content, SPEC.source_id, location)
    tables = {layout.sheet: workbook.read_table(layout) for layout in sheet_layouts()}
    frames = [t.frame for t in tables.values()]
    frame = pl.concat(frames, how="diagonal_relaxed").select(RAW_COLUMNS)
    run_date = report_run_date(workbook)
    return ParsedFile(
        frame=frame,
        notes={
            "report_run_date": run_date.isoformat() if run_date else None,
            "rows_by_sheet": {sheet: t.frame.height for sheet, t in tables.items()},
            "optional_columns_present": sorted(
                {c for t in tables.values() for c in t.optional_present}
            ),
            "unrecognized_columns": sorted({c for t in tables.values() for c in t.unrecognized}),
            "note_rows_dropped": {sheet: t.dropped_rows for sheet, t in tables.items()},
        },
    )


def stated_vintage(content: bytes) -> date | None:
    """The report run date printed above the sheets."""
    return report_run_date(Workbook(content, SPEC.source_id, "stated vintage"))


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(REPORT_REQUEST),
    parse=parse,
    stated_vintage=stated_vintage,
    required_columns=("queue_position", "application_status", "mw_1"),
)
