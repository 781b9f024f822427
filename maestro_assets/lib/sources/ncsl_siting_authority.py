"""NCSL's table of who holds siting authority over wind facilities, state by state.

The National Conference of State Legislatures classifies each state (and DC) by the primary
government that decides where a wind facility may be built: `State` (a state board or
commission), `Local` (county and municipal zoning) or `Hybrid` (both, usually split by size:
the state above a megawatt threshold, local governments below it); `n/a` where NCSL found no
statute. Each row also carries a description of the process and a link to the statute. The
table is published on NCSL's page as a map and read here as its CSV export: one header line,
`state,permitting_type,description,link`, one record per state, UTF-8 with curly quotes in
the descriptions.

The opposition signal uses the category to weight events: a local moratorium decides far
more where local governments hold siting authority than where a state board does
(`authority_weights`).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import SchemaError
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter, fetch_single
from maestro_assets.lib.spreadsheet import (
    CSV_SHEET,
    SHEET,
    SOURCE_ROW,
    SheetLayout,
    csv_cells,
    tabulate,
)

SPEC = SourceSpec(
    source_id="ncsl_siting_authority",
    title="NCSL state approaches to wind facility siting (State / Local / Hybrid authority)",
    publisher="National Conference of State Legislatures (NCSL)",
    landing_url="https://www.ncsl.org/energy/state-approaches-to-wind-facility-siting",
    requests=(
        "GET the CSV export of the siting-authority table shown as a map on the landing page "
        "(state, permitting_type, description, link); see known gaps for the URL"
    ),
    file_format="csv",
    cadence=Cadence.ANNUAL,
    expected_coverage=(
        "The 50 states and DC, one row each: the primary wind siting authority (State, Local, "
        "Hybrid, or n/a where NCSL found no statute), a description of the process with its "
        "size thresholds, and a link to the statute"
    ),
    known_gaps=(
        "Wind only: solar siting often follows the same statutes but is not classified; one "
        "category per state hides the size thresholds that split state from local review "
        "(the description states them, the category does not); n/a where NCSL found no "
        "statute (Louisiana, Mississippi and DC in 2022), read as local zoning by default; "
        "NCSL revises the table irregularly and states no as-of date (the vintage is the day "
        "it was pulled); NCSL publishes the table as a map on its page, and the CSV export "
        "URL declared here is modeled, unconfirmed from here (no network)"
    ),
    # B: compiled by NCSL staff from state statutes; official-looking and complete for the
    # states, but a secondary summary that simplifies each regime to one word.
    reliability="B",
    license="Published by NCSL on its public website; cited with attribution (ncsl.org terms)",
    raw_table="raw.ncsl_siting_authority__states",
    domain="opposition",
)

# The CSV behind the page's map (modeled; see known gaps). Declared once.
CSV_REQUEST = SourceRequest(
    "https://www.ncsl.org/energy/state-approaches-to-wind-facility-siting/"
    "state-wind-siting-authority.csv"
)

# --- layout and parsing -----------------------------------------------------------------------

PERMITTING_TYPE = "permitting_type"
LAYOUT = SheetLayout(
    sheet=CSV_SHEET,
    required=("state", PERMITTING_TYPE, "description"),
    optional=("link",),
    row_key="state",
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, *LAYOUT.columns)

LOCAL, STATE, HYBRID, NO_STATUTE = "local", "state", "hybrid", "n/a"
PERMITTING_TYPES = (STATE, LOCAL, HYBRID, NO_STATUTE)  # as label keys (lower case)


def permitting_key(label: str | None) -> str:
    """A permitting type as the rules name it: trimmed, lower case; blank reads as `n/a`."""
    return (label or "").strip().lower() or NO_STATUTE


def parse(content: bytes, location: str) -> ParsedFile:
    """Every state's record, as text; a permitting type outside State / Local / Hybrid / n/a
    is a SchemaError naming it (a new category would otherwise get no weight)."""
    cells = csv_cells(content, SPEC.source_id, location)
    table = tabulate(cells, 1, LAYOUT, SPEC.source_id, location)
    frame = table.frame.select(RAW_COLUMNS)
    unknown = sorted(
        {t for t in frame[PERMITTING_TYPE] if permitting_key(t) not in PERMITTING_TYPES}
    )
    if unknown:
        raise SchemaError(
            SPEC.source_id,
            location,
            f"unknown permitting_type value(s) {unknown}; expected State, Local, Hybrid or n/a",
        )
    return ParsedFile(
        frame=frame,
        notes={
            "rows": frame.height,
            "permitting_types": dict(
                frame.group_by(PERMITTING_TYPE).len().sort(PERMITTING_TYPE).iter_rows()
            ),
            "optional_columns_present": table.optional_present,
            "unrecognized_columns": table.unrecognized,
            "rows_without_state": table.dropped_rows,
        },
    )


# --- weights -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorityWeights:
    local: float  # weight of a local event: a county moratorium, ordinance, zoning denial
    state: float  # weight of a state-level event: a siting-board denial, a state law


# Who decides where a wind facility goes -> how much each level's events count.
AUTHORITY_WEIGHTS = {
    LOCAL: AuthorityWeights(local=1.0, state=0.5),
    STATE: AuthorityWeights(local=0.5, state=1.0),
    HYBRID: AuthorityWeights(local=0.75, state=0.75),
}
# No statute found: land use falls to local zoning by default.
AUTHORITY_WEIGHTS[NO_STATUTE] = AUTHORITY_WEIGHTS[LOCAL]


def authority_weights(permitting_type: str | None) -> AuthorityWeights:
    """How much a local and a state-level opposition event count in a state, by who holds
    siting authority there.

    The rule: the level that decides siting carries full weight (1.0) and the other level
    half (0.5), because an event at the deciding level can stop a project by itself while an
    event at the other level can only delay or inform the decision. So where authority is
    `Local`, a county moratorium counts 1.0 and a state-level action 0.5; where it is
    `State`, the reverse. `Hybrid` states split the decision (the state above a size
    threshold, local governments below it, or both approving): each level counts 0.75.
    `n/a` (NCSL found no siting statute) leaves siting to local zoning, so it weighs as
    `Local`; a blank type is read as `n/a`. Any other type raises ValueError.
    """
    key = permitting_key(permitting_type)
    if key not in AUTHORITY_WEIGHTS:
        raise ValueError(f"unknown permitting type {permitting_type!r}")
    return AUTHORITY_WEIGHTS[key]


def siting_weights(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per state of a parsed table: state, permitting_type, local_weight,
    state_weight (see `authority_weights` for the rule)."""
    weights = [authority_weights(t) for t in frame[PERMITTING_TYPE]]
    return frame.select(
        "state",
        PERMITTING_TYPE,
        pl.Series("local_weight", [w.local for w in weights], dtype=pl.Float64),
        pl.Series("state_weight", [w.state for w in weights], dtype=pl.Float64),
    )


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_single(CSV_REQUEST),
    parse=parse,
    extension="csv",
    required_columns=("state", PERMITTING_TYPE),
)
