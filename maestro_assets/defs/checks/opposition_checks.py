"""Checks on the regulatory-opposition events: geographic coverage and quoted evidence."""

from dagster import AssetKey

from maestro_assets.defs.checks.source_checks import warehouse_check
from maestro_assets.lib.opposition_quality import (
    COUNTY_COVERAGE_FLOOR,
    EVENTS,
    STATE_COVERAGE_FLOOR,
    queue_county_coverage_verdict,
    quotes_found_verdict,
    state_coverage_verdict,
)

EVENTS_KEY = AssetKey(EVENTS.split("."))

OPPOSITION_CHECKS = [
    warehouse_check(
        EVENTS_KEY,
        "states_covered_by_an_opposition_source",
        f"How many of the 50 states + DC at least one opposition source covers (an event or a "
        f"document stating the state); WARN below {STATE_COVERAGE_FLOOR}.",
        lambda connection, _: state_coverage_verdict(connection),
        blocking=False,
    ),
    warehouse_check(
        EVENTS_KEY,
        "queue_counties_covered_by_an_opposition_source",
        "The share of counties holding queue projects (marts.dim_project, EIA-860M left out) "
        f"with an opposition event from any source; WARN below {COUNTY_COVERAGE_FLOOR:.0%}.",
        lambda connection, _: queue_county_coverage_verdict(connection),
        blocking=False,
    ),
    warehouse_check(
        EVENTS_KEY,
        "every_event_quote_is_found_in_its_source",
        "Every opposition event carries a quote found verbatim in its source: the document "
        "text for extracted events, the raw row's cells for structured ones (ERROR, listed).",
        lambda connection, _: quotes_found_verdict(connection),
        blocking=True,
    ),
]
