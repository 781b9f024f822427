"""Ohio Power Siting Board: solar and wind generation cases, and county restricted areas.

The OPSB (within the Public Utilities Commission of Ohio) certifies generating facilities of
50 MW or more. Its case information page lists the solar and wind cases in one HTML table per
technology, one row per case keyed by its docket number `YY-NNNN-EL-BGN` (BGN: a certificate
for a generating facility; BGA: an amendment of one), linked to the case record in the PUCO
docketing system. A row names the project, the applicant, the county and townships, the MW,
the status or decision (`Pending`, `Approved`, `Approved with conditions`, `Denied`,
`Withdrawn`, …), the filing and decision dates, and whether Senate Bill 52 applies.

Ohio's SB 52 (2021) lets a board of county commissioners prohibit large wind and solar
facilities in all or part of its unincorporated area (R.C. 303.58), subject to referendum.
Those county resolutions are opposition events in their own right; the page lists them in a
third table (`County Restricted Areas`), whose rows carry no case number. Both layouts are
declared below; the HTML reading is shared with the ORES source.
"""

from __future__ import annotations

from datetime import date

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.sources.ny_ores_permits import read_html_tables, stated_page_date
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, SheetLayout

SPEC = SourceSpec(
    source_id="oh_opsb_cases",
    title="Ohio Power Siting Board solar and wind cases",
    publisher="Ohio Power Siting Board (Public Utilities Commission of Ohio)",
    landing_url="https://opsb.ohio.gov/cases/case-information",
    requests=(
        "GET the OPSB case information page (HTML: a table of solar cases, one of wind cases, "
        "one of county restricted areas). Each case number links to its case record in the "
        "PUCO docketing information system (dis.puc.state.oh.us/CaseRecord.aspx?CaseNo=…). "
        "URL unconfirmed from here (no network): it is declared once, as PAGE_REQUEST"
    ),
    file_format="html",
    cadence=Cadence.MONTHLY,
    expected_coverage=(
        "Every OPSB case for a solar facility or wind farm in Ohio (generation certificates of "
        "50 MW or more, economically significant wind farms of 5 MW or more, and amendments): "
        "case number, project, applicant, county, townships, MW, status or decision, filing "
        "and decision dates, SB 52 grandfathering; and the county resolutions designating "
        "restricted areas under SB 52 (R.C. 303.58), with their referendum outcome"
    ),
    known_gaps=(
        "Facilities under 50 MW (solar) are sited locally and absent; the applicant is a "
        "project LLC more often than the developer; only the current status of a case is "
        "shown (changes are seen by comparing monthly copies); the docket's filings (staff "
        "reports, opinions and orders, rehearing entries) are on the case record, not here; "
        "the restricted-area list follows county resolutions with a lag and no resolution "
        "text; HTML page only, its layout can change without notice"
    ),
    # A: the siting authority's own record of its cases and decisions.
    reliability="A",
    license="State of Ohio public record; no restriction stated",
    raw_table="raw.oh_opsb_cases__cases",
    domain="opposition",
)

PAGE_REQUEST = SourceRequest(SPEC.landing_url)
DOCKET_URL = "https://dis.puc.state.oh.us/CaseRecord.aspx?CaseNo={case}"

# --- layout ---------------------------------------------------------------------------------

# Docket number: year, sequence (three digits before 2021, four since), industry, purpose.
CASE_NUMBER = r"\d{2}-\d{3,4}-[A-Z]{2}-[A-Z]{3}"
CASES_LAYOUT = SheetLayout(
    sheet="solar and wind cases",  # rows carry their table's heading (Solar Facilities, …)
    required=("case_number", "project_name", "county", "status"),
    optional=(
        "applicant",
        "townships",
        "capacity_mw",
        "application_filed",
        "decision_date",
        "sb_52_status",  # Grandfathered | Partially grandfathered | Not grandfathered
        "ad_hoc_members",  # Yes: a county commissioner and a township trustee vote
        "case_number_url",  # the case record link of the case number cell
    ),
    row_key="case_number",
    row_key_pattern=CASE_NUMBER,
)
RESTRICTED_AREAS_LAYOUT = SheetLayout(
    sheet="county restricted areas",
    required=("county", "resolution", "adopted"),
    optional=("effective", "restricted_area", "facility_types", "referendum", "resolution_url"),
    row_key="county",
    sheet_required=False,
)
RAW_COLUMNS = (
    SHEET,
    SOURCE_ROW,
    *CASES_LAYOUT.columns,
    *(c for c in RESTRICTED_AREAS_LAYOUT.columns if c not in CASES_LAYOUT.columns),
)
UPDATED_LABEL = "Last updated"

# The statuses the board writes, and the opposition event each one is (None: not an event).
EVENT_TYPE_BY_STATUS = {
    "Pre-application": None,
    "Pending": None,
    "Approved": None,
    "Approved with conditions": None,
    "Denied": "permit_denial",
    "Withdrawn": None,
}
STATUSES = tuple(EVENT_TYPE_BY_STATUS)
# A county restricted-area resolution prohibits facilities: a restrictive ordinance, unless
# its `referendum` cell says the voters rejected it.
RESTRICTED_AREA_EVENT = "restrictive_ordinance"
REJECTED_BY_VOTERS = "Rejected by voters"


def stated_vintage(content: bytes) -> date | None:
    return stated_page_date(content, UPDATED_LABEL)


def parse(content: bytes, location: str) -> ParsedFile:
    """Every case of the solar and wind tables, then every county restricted area, as text.

    Restricted-area rows have no case columns (and cases no resolution columns); `sheet`
    names the table a row came from.
    """
    page = read_html_tables(
        content, (CASES_LAYOUT, RESTRICTED_AREAS_LAYOUT), SPEC.source_id, location
    )
    stated = stated_vintage(content)
    return ParsedFile(
        frame=page.frame(RAW_COLUMNS),
        notes={
            **page.notes(),
            "restricted_area_tables": [
                r.section for r in page.read if r.layout == RESTRICTED_AREAS_LAYOUT
            ],
            "last_updated": stated.isoformat() if stated else None,
        },
    )


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(PAGE_REQUEST),
    parse=parse,
    extension="html",
    stated_vintage=stated_vintage,
    required_columns=("case_number", "project_name", "county", "status"),
)
