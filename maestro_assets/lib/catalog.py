"""The shape of a source declaration, and what a cadence means for freshness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from maestro_assets.lib.months import month_end


class Cadence(StrEnum):
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"


@dataclass(frozen=True)
class Staleness:
    """Age of the publisher's as-of date after which a source is WARN / ERROR stale."""

    warn_after_days: int
    error_after_days: int


STALENESS_BY_CADENCE: dict[Cadence, Staleness] = {
    Cadence.DAILY: Staleness(warn_after_days=3, error_after_days=7),
    Cadence.WEEKLY: Staleness(warn_after_days=10, error_after_days=21),
    Cadence.MONTHLY: Staleness(warn_after_days=45, error_after_days=75),
    Cadence.QUARTERLY: Staleness(warn_after_days=120, error_after_days=200),
    Cadence.ANNUAL: Staleness(warn_after_days=400, error_after_days=550),
}

# How far a signal trusts a source of each grade: A authoritative and complete, B official but
# self-reported, C official but partial or irregular, D secondary or compiled, E anecdotal.
RELIABILITY_WEIGHTS = {"A": 1.0, "B": 0.85, "C": 0.7, "D": 0.5, "E": 0.3}
RELIABILITY_GRADES = tuple(RELIABILITY_WEIGHTS)


@dataclass(frozen=True)
class SourceSpec:
    """Everything the platform knows about one public source, declared once."""

    source_id: str
    title: str
    publisher: str
    landing_url: str
    requests: str  # how the data is requested, in words a person can follow
    file_format: str
    cadence: Cadence
    expected_coverage: str
    known_gaps: str
    reliability: str  # A (authoritative, complete) … E (anecdotal)
    license: str
    raw_table: str  # schema-qualified DuckDB relation that holds its parsed rows
    live_requires_env: tuple[str, ...] = ()  # names of environment variables, never values
    min_request_interval_seconds: float = 0.0
    domain: str = "pipeline"  # the signal family it serves: pipeline | opposition | procurement
    # Share of listed MW that should carry a developer name (0: the source publishes none).
    developer_coverage_floor: float = 0.0
    # Hosts live requests may reach, redirects included (empty: the source's own URLs only
    # are ever requested, so no list is needed).
    allowed_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.reliability not in RELIABILITY_GRADES:
            raise ValueError(f"{self.source_id}: reliability must be one of {RELIABILITY_GRADES}")
        if "." not in self.raw_table:
            raise ValueError(f"{self.source_id}: raw_table must be schema-qualified")

    @property
    def reliability_weight(self) -> float:
        return RELIABILITY_WEIGHTS[self.reliability]

    @property
    def staleness(self) -> Staleness:
        return STALENESS_BY_CADENCE[self.cadence]


class Freshness(StrEnum):
    FRESH = "fresh"
    WARN = "warn"
    ERROR = "error"
    MISSING = "missing"


def judge_freshness(latest_vintage: date | None, as_of: date, staleness: Staleness) -> Freshness:
    if latest_vintage is None:
        return Freshness.MISSING
    age_days = (as_of - latest_vintage).days
    if age_days > staleness.error_after_days:
        return Freshness.ERROR
    if age_days > staleness.warn_after_days:
        return Freshness.WARN
    return Freshness.FRESH


def vintage_for(cadence: Cadence, day: date) -> date:
    """The publisher's as-of date a vintage is filed under: a monthly file is dated by the
    last day of its data month, whichever day of that month the caller named."""
    if cadence is Cadence.MONTHLY:
        return month_end(day)
    return day


def sources_markdown(sources: tuple[SourceSpec, ...]) -> str:
    """The README's source table, generated from the declarations."""
    lines = [
        "| source_id | source | publisher | format | cadence | reliability | known gaps |",
        "|---|---|---|---|---|---|---|",
    ]
    for spec in sources:
        lines.append(
            f"| `{spec.source_id}` | [{spec.title}]({spec.landing_url}) | {spec.publisher} | "
            f"{spec.file_format} | {spec.cadence.value} | {spec.reliability} | {spec.known_gaps} |"
        )
    return "\n".join(lines) + "\n"
