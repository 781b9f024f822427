"""RE100 members: the companies committed to 100 % renewable electricity.

RE100, run by Climate Group with CDP, lists its members on one HTML page: a table with a row
per company (linked to its member profile), its headquarters country, region, sector, the
year it joined and its target (`100% by 2030`, `Achieved`). The table is read with the HTML
table reading the board sources share (`ny_ores_permits.read_html_tables`); a page without
the member table (a redesign, an error or maintenance page) is a SchemaError naming the URL.

Membership is a public commitment, not a purchase: a member may meet it with certificates,
supplier contracts or on-site generation, years after joining. The join year is the only
date; the first copy a member appears in dates its listing more closely.
"""

from __future__ import annotations

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.sources.ny_ores_permits import read_html_tables
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, SheetLayout

SPEC = SourceSpec(
    source_id="re100_members",
    title="RE100 member list (companies committed to 100% renewable electricity)",
    publisher="Climate Group (RE100, in partnership with CDP)",
    landing_url="https://www.there100.org/re100-members",
    requests=(
        "GET the RE100 members page (one HTML table, a row per member, all members on one "
        "page). URL unconfirmed from here (no network): it is declared once, as PAGE_REQUEST"
    ),
    file_format="html",
    cadence=Cadence.QUARTERLY,
    expected_coverage=(
        "Every current RE100 member worldwide: company, headquarters country, region, sector, "
        "year joined and RE100 target"
    ),
    known_gaps=(
        "Global, and a commitment rather than a purchase: membership says nothing of when, "
        "where or how a member buys renewable electricity (certificates count); the join year "
        "is the only date (no day or month), so the first copy a member appears in is the "
        "closest listing date; members that leave or are removed simply vanish from the page; "
        "company names are brands (`Meta`, `Google`), not legal or SEC names, and subsidiaries "
        "are listed under their parent; the page states no as-of date (the vintage is the day "
        "it was pulled); HTML page only, its layout can change without notice"
    ),
    # C: the initiative's own list, complete for its members, but a commitment, not a purchase.
    reliability="C",
    license="Climate Group website content; the member list is public, reuse with attribution",
    raw_table="raw.re100_members__members",
    domain="procurement",
)

PAGE_REQUEST = SourceRequest(SPEC.landing_url)

# --- layout ---------------------------------------------------------------------------------

MEMBERS_LAYOUT = SheetLayout(
    sheet="RE100 members",  # rows carry their table's caption or heading
    required=("company", "headquarters", "sector", "year_joined"),
    optional=(
        "region",  # North America, Europe, Asia-Pacific, ...
        "re100_target",  # `100% by 2030`, `Achieved`
        "company_url",  # the member profile the company cell links to
    ),
    row_key="company",
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, *MEMBERS_LAYOUT.columns)


def parse(content: bytes, location: str) -> ParsedFile:
    """Every member of the member table, as text, one row each."""
    page = read_html_tables(content, (MEMBERS_LAYOUT,), SPEC.source_id, location)
    frame = page.frame(RAW_COLUMNS)
    return ParsedFile(frame=frame, notes={**page.notes(), "members": frame.height})


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(PAGE_REQUEST),
    parse=parse,
    extension="html",
    required_columns=("company", "year_joined"),
)
