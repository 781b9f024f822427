"""Data-quality judgements on the regulatory-opposition marts (plain functions, no Dagster).

Each takes a read-only DuckDB connection to a built warehouse and returns a `Verdict`. The
only names put into SQL text are the module's constant relation names (noqa: S608 below);
no value is ever formatted into a query."""

from __future__ import annotations

from maestro_assets.lib.quality import Verdict
from maestro_assets.lib.warehouse import relation_exists

EVENTS = "marts.fct_opposition_event"
DOCUMENTS = "staging.int_opposition_documents"
PROJECTS = "marts.dim_project"
COUNTIES = "staging.int_us_counties"

# The 50 states and DC: the denominator of state coverage (territories are not counted).
# fmt: off
STATES = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
)
# fmt: on

# WARN below: a majority of the 51 jurisdictions. The real Sabin report alone covers nearly
# every state; the bundled snapshot covers far fewer, so the demo warns on purpose.
STATE_COVERAGE_FLOOR = 26
# WARN below: a quarter of the counties holding queue projects covered by any opposition
# source (an event located in the county).
COUNTY_COVERAGE_FLOOR = 0.25


def _absent(connection, relations: tuple[str, ...]) -> list[str]:
    return [r for r in relations if not relation_exists(connection, r)]


def state_coverage_verdict(connection, floor: int = STATE_COVERAGE_FLOOR) -> Verdict:
    """How many of the 50 states + DC at least one opposition source covers: an event located
    in the state, or a document (report entry, CSV row, board record) stating the state."""
    absent = _absent(connection, (EVENTS,))
    if absent:
        return Verdict(False, False, f"not built: {', '.join(absent)}", {"missing": absent})
    documents = (
        f"UNION ALL SELECT state, source_id FROM {DOCUMENTS}"
        if relation_exists(connection, DOCUMENTS)
        else ""
    )
    sql = (
        "SELECT upper(state), list(DISTINCT source_id ORDER BY source_id) FROM ("
        f"SELECT state, source_id FROM {EVENTS} {documents}) "
        "WHERE state IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
    rows = connection.execute(sql).fetchall()
    sources_by_state = {state: sources for state, sources in rows if state in STATES}
    covered = sorted(sources_by_state)
    uncovered = [s for s in STATES if s not in sources_by_state]
    passed = len(covered) >= floor
    description = (
        f"{len(covered)} of {len(STATES)} states (50 + DC) covered by at least one opposition "
        f"source (floor {floor})"
    )
    metadata = {
        "states_covered": len(covered),
        "states_total": len(STATES),
        "floor": floor,
        "covered": covered,
        "uncovered": uncovered,
        "sources_by_state": sources_by_state,
    }
    return Verdict(passed, False, description, metadata)


def queue_county_coverage_verdict(connection, floor: float = COUNTY_COVERAGE_FLOOR) -> Verdict:
    """The share of counties holding queue projects (marts.dim_project, EIA-860M plants left
    out) where any opposition source reports an event."""
    absent = _absent(connection, (EVENTS, PROJECTS, COUNTIES))
    if absent:
        return Verdict(False, False, f"not built: {', '.join(absent)}", {"missing": absent})
    queue_counties, covered, unmapped = connection.execute(
        f"""
        WITH queue AS (
            SELECT DISTINCT counties.county_fips
            FROM {PROJECTS} AS projects
            JOIN {COUNTIES} AS counties
                ON counties.state = upper(projects.state)
                AND counties.county_key = projects.county_key
            WHERE projects.source_id <> 'eia860m'
        ),
        unmapped AS (
            SELECT count(*) AS n FROM {PROJECTS} AS projects
            WHERE projects.source_id <> 'eia860m' AND NOT EXISTS (
                SELECT 1 FROM {COUNTIES} AS counties
                WHERE counties.state = upper(projects.state)
                    AND counties.county_key = projects.county_key)
        )
        SELECT
            (SELECT count(*) FROM queue),
            (SELECT count(*) FROM queue WHERE county_fips IN (
                SELECT county_fips FROM {EVENTS} WHERE county_fips IS NOT NULL)),
            (SELECT n FROM unmapped)
        """
    ).fetchone()
    share = covered / queue_counties if queue_counties else 0.0
    description = (
        f"{covered} of {queue_counties} counties holding queue projects are covered by an "
        f"opposition source ({share:.1%}; floor {floor:.0%})"
    )
    metadata = {
        "share": round(share, 4),
        "covered_counties": covered,
        "queue_counties": queue_counties,
        "floor": floor,
        "queue_projects_without_county": unmapped,
    }
    return Verdict(queue_counties > 0 and share >= floor, False, description, metadata)


def quotes_found_verdict(connection, limit: int = 50) -> Verdict:
    """Every opposition event has a quote found verbatim in its source (ERROR, listed)."""
    absent = _absent(connection, (EVENTS,))
    if absent:
        return Verdict(False, True, f"not built: {', '.join(absent)}", {"missing": absent})
    total = connection.execute(f"SELECT count(*) FROM {EVENTS}").fetchone()[0]
    failures = connection.execute(
        f"SELECT event_key, source_id, extractor, left(quote, 120) FROM {EVENTS} "
        "WHERE quote IS NULL OR trim(quote) = '' OR quote_found IS NOT TRUE "
        "ORDER BY event_key"
    ).fetchall()
    listed = [
        {"event_key": k, "source_id": s, "extractor": e, "quote": q} for k, s, e, q in failures
    ]
    description = (
        f"all {total} opposition events quote their source verbatim"
        if not failures
        else f"{len(failures)} of {total} opposition events have no quote found in their "
        "source: " + ", ".join(f"{f['event_key']} ({f['extractor']})" for f in listed[:10])
    )
    metadata = {"events": total, "failures": len(failures), "failed": listed[:limit]}
    return Verdict(total > 0 and not failures, True, description, metadata)
