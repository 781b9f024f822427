"""What the brief states, read from the warehouse: signals with evidence, chart data, health.

Every function takes a DuckDB connection (the read-only copy, in practice) and returns plain
values; nothing here renders or writes. The only names put into SQL text are the relation
constants of this package and of lib.opposition_quality; values are bound parameters.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb

from maestro_assets.lib.brief.evidence import (
    COLLISION_ID_HEX,
    EvidenceItem,
    evidence_id,
    evidence_item,
    reason,
    shown_evidence,
    tally,
    with_unique_ids,
)
from maestro_assets.lib.catalog import Freshness, SourceSpec, judge_freshness
from maestro_assets.lib.landing import LANDING_LOG
from maestro_assets.lib.opposition_quality import (
    COUNTIES,
    EVENTS,
    PROJECTS,
    queue_county_coverage_verdict,
    state_coverage_verdict,
)
from maestro_assets.lib.warehouse import qualified, relation_exists

SIGNALS = "marts.signals"
STAGE_CHANGES = "marts.fct_project_stage_change"
DEVELOPER_COVERAGE = "marts.developer_coverage"
STAGE_LADDER = "staging.stage_ladder"  # the dbt seed: stage, stage_order
BUYER_SIGNAL = "marts.sig_corporate_buyer_entry"
MAX_EVIDENCE_SHOWN = 3  # per signal: the brief is read, the rest is one query away
DEFAULT_SHOWN = 5  # for a subject type a signal kind does not declare
NO_BUYER_DATA = "no corporate-buyer data in this build"

SignalKey = tuple[str, str, str]  # (signal_type, subject_type, subject_key)


@dataclass(frozen=True)
class SignalKind:
    """One type of signal as the brief presents it."""

    signal_type: str
    title: str
    summary: str  # what the signal tells a reader, one sentence
    subjects: tuple[tuple[str, int], ...]  # (subject type, how many to show), in order
    requires: str | None = None  # a relation without which this build has no such data
    absent_note: str = ""


SIGNAL_KINDS = (
    SignalKind(
        "pipeline_movement",
        "Developers moving projects through the pipeline",
        "Interconnection-queue and EIA-860M stage changes: who is advancing projects toward "
        "construction and operation.",
        (("organization", 5), ("project", 3)),
    ),
    SignalKind(
        "regulatory_opposition",
        "Organizations facing regulatory opposition",
        "Moratoria, restrictive ordinances, permit denials, lawsuits and contested hearings "
        "that touch a developer's projects or a county.",
        (("organization", 5), ("county", 3), ("project", 3)),
    ),
    SignalKind(
        "corporate_buyer_entry",
        "Corporate buyers entering the market",
        "Companies announcing their first clean-energy procurement.",
        (("organization", 5),),
        requires=BUYER_SIGNAL,
        absent_note=NO_BUYER_DATA,
    ),
)


@dataclass(frozen=True)
class Signal:
    signal_type: str
    subject_type: str
    subject_key: str
    subject_name: str
    score: float
    confidence: float | None
    n_sources: int
    first_seen: str | None
    last_seen: str | None
    rank: int  # within its type and subject type, 1 = highest score
    evidence_count: int
    tallies: dict[str, int]  # kind of evidence -> items
    evidence: tuple[EvidenceItem, ...]  # the items the brief shows

    @property
    def key(self) -> SignalKey:
        return (self.signal_type, self.subject_type, self.subject_key)

    @property
    def reason(self) -> str:
        return reason(self.tallies, self.n_sources, self.last_seen)


@dataclass(frozen=True)
class SignalGroup:
    subject_type: str
    total: int
    top: tuple[Signal, ...]


@dataclass(frozen=True)
class SignalSection:
    kind: SignalKind
    available: bool  # False: this build has no data of this type
    groups: tuple[SignalGroup, ...]

    @property
    def note(self) -> str:
        if self.available:
            return ""
        kind = self.kind
        return kind.absent_note or f"no {kind.signal_type.replace('_', ' ')} signals in this build"


@dataclass(frozen=True)
class ChartData:
    """Rows for the charts, as Vega-Lite inline values."""

    stage_funnel: list[dict[str, Any]]
    stage_advances: list[dict[str, Any]]
    opposition_by_state: list[dict[str, Any]]
    opposition_unlocated: int  # distinct events that name no state
    first_time_buyers: list[dict[str, Any]] | None  # None: no corporate-buyer data


@dataclass(frozen=True)
class SourceStatus:
    source_id: str
    title: str
    domain: str
    reliability: str
    cadence: str
    latest_vintage: str | None
    age_days: int | None
    freshness: str


@dataclass(frozen=True)
class ExtractionScore:
    field: str
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class SourceHealth:
    sources: tuple[SourceStatus, ...]
    developer_coverage: tuple[dict[str, Any], ...]  # per pipeline source
    states_covered: int | None  # by an opposition source, of the 50 states + DC
    states_total: int | None
    queue_counties_covered: int | None
    queue_counties: int | None
    extractor: str | None  # of the latest evaluation on the gold set
    extraction_evaluated_at: str | None
    extraction_docs: int | None
    extraction: tuple[ExtractionScore, ...]

    def freshness_counts(self) -> dict[str, int]:
        return {
            state.value: sum(s.freshness == state.value for s in self.sources)
            for state in Freshness
        }


@dataclass(frozen=True)
class BriefFacts:
    as_of: str
    sections: tuple[SignalSection, ...]
    signals: dict[SignalKey, Signal]  # every signal of the build
    charts: ChartData
    health: SourceHealth

    def section(self, signal_type: str) -> SignalSection:
        return next(s for s in self.sections if s.kind.signal_type == signal_type)


def iso(value: object) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def plain(value: object) -> object:
    """DECIMAL columns come back as Decimal, which neither JSON nor Vega-Lite takes."""
    return float(value) if isinstance(value, Decimal) else value


def streamed_records(
    connection: duckdb.DuckDBPyConnection, sql: str, params=(), batch_rows: int = 10_000
) -> Iterator[dict[str, Any]]:
    """The rows as dicts, fetched a batch at a time: the whole result is never in memory."""
    result = connection.execute(sql, list(params))
    names = [column[0] for column in result.description]
    while batch := result.fetchmany(batch_rows):
        for row in batch:
            yield {name: plain(value) for name, value in zip(names, row, strict=True)}


def records(connection: duckdb.DuckDBPyConnection, sql: str, params=()) -> list[dict[str, Any]]:
    return list(streamed_records(connection, sql, params))


SIGNAL_ROWS = f"""
    SELECT signal_type, subject_type, subject_key, subject_name, score, confidence, n_sources,
           first_seen, last_seen
    FROM {SIGNALS}
    ORDER BY signal_type, subject_type, score DESC, subject_key
"""
# unordered, so that DuckDB streams it instead of sorting every signal's evidence in memory
SIGNAL_EVIDENCE = f"""
    SELECT signal_type, subject_type, subject_key, CAST(evidence AS VARCHAR) AS evidence
    FROM {SIGNALS}
"""


@dataclass(frozen=True)
class EvidenceDigest:
    """What the brief keeps of one signal's evidence: a count, tallies by kind, and the items
    it shows, each with its longer id in case two short ids collide."""

    count: int
    tallies: dict[str, int]
    shown: list[tuple[EvidenceItem, str]]


def digest_evidence(key: SignalKey, raw_items: list[dict[str, Any]]) -> EvidenceDigest:
    by_id: dict[str, tuple[dict[str, Any], EvidenceItem]] = {}
    for raw in raw_items:
        item = evidence_item(*key, raw)
        by_id.setdefault(item.evidence_id, (raw, item))
    shown = shown_evidence([item for _, item in by_id.values()], MAX_EVIDENCE_SHOWN)
    return EvidenceDigest(
        count=len(raw_items),
        tallies=tally(raw_items),
        shown=[
            (item, evidence_id(*key, by_id[item.evidence_id][0], hex_digits=COLLISION_ID_HEX))
            for item in shown
        ],
    )


def evidence_digests(connection: duckdb.DuckDBPyConnection) -> dict[SignalKey, EvidenceDigest]:
    """Each signal's evidence digested as it streams by: the raw items are never all held."""
    digests = {}
    for row in streamed_records(connection, SIGNAL_EVIDENCE):
        key = (row["signal_type"], row["subject_type"], row["subject_key"])
        digests[key] = digest_evidence(key, json.loads(row["evidence"] or "[]"))
    return digests


def load_signals(connection: duckdb.DuckDBPyConnection) -> dict[SignalKey, Signal]:
    """Every signal of the build with its evidence parsed, ids assigned and shown items chosen."""
    if not relation_exists(connection, SIGNALS):
        return {}
    digests = evidence_digests(connection)
    rows = records(connection, SIGNAL_ROWS)
    keys = [(row["signal_type"], row["subject_type"], row["subject_key"]) for row in rows]
    ranks: Counter[tuple[str, str]] = Counter()
    unique_items = iter(with_unique_ids(e for key in keys for e in digests[key].shown))
    signals = {}
    for row, key in zip(rows, keys, strict=True):
        ranks[key[:2]] += 1
        digest = digests[key]
        signals[key] = Signal(
            signal_type=key[0],
            subject_type=key[1],
            subject_key=key[2],
            subject_name=row["subject_name"] or key[2],
            score=float(row["score"] or 0.0),
            confidence=float(row["confidence"]) if row["confidence"] is not None else None,
            n_sources=int(row["n_sources"] or 0),
            first_seen=iso(row["first_seen"]),
            last_seen=iso(row["last_seen"]),
            rank=ranks[key[:2]],
            evidence_count=digest.count,
            tallies=digest.tallies,
            evidence=tuple(next(unique_items) for _ in digest.shown),
        )
    return signals


def rank_of(signal: Signal) -> int:
    return signal.rank


def signal_sections(
    connection: duckdb.DuckDBPyConnection,
    signals: Mapping[SignalKey, Signal],
    kinds: Sequence[SignalKind] = SIGNAL_KINDS,
) -> tuple[SignalSection, ...]:
    sections = []
    for kind in kinds:
        mine = [s for s in signals.values() if s.signal_type == kind.signal_type]
        available = bool(mine) and (
            kind.requires is None or relation_exists(connection, kind.requires)
        )
        declared = dict(kind.subjects)
        present = {s.subject_type for s in mine} if available else set()
        subject_types = [t for t in declared if t in present] + sorted(present - set(declared))
        groups = []
        for subject_type in subject_types:
            ranked = sorted((s for s in mine if s.subject_type == subject_type), key=rank_of)
            limit = declared.get(subject_type, DEFAULT_SHOWN)
            groups.append(SignalGroup(subject_type, len(ranked), tuple(ranked[:limit])))
        sections.append(SignalSection(kind, available, tuple(groups)))
    return tuple(sections)


STAGE_FUNNEL = f"""
    SELECT latest_stage AS stage, latest_stage_order AS stage_order, count(*) AS projects,
           round(sum(capacity_mw)) AS capacity_mw
    FROM {PROJECTS}
    WHERE latest_stage_order IS NOT NULL AND NOT coalesce(has_disappeared, false)
    GROUP BY ALL ORDER BY stage_order
"""
STAGE_ADVANCES = f"""
    SELECT strftime(date_trunc('month', changes.to_vintage), '%Y-%m') AS month,
           changes.to_stage, ladder.stage_order, count(*) AS changes
    FROM {STAGE_CHANGES} AS changes
    LEFT JOIN {STAGE_LADDER} AS ladder ON ladder.stage = changes.to_stage
    WHERE changes.is_progress
    GROUP BY ALL ORDER BY month, ladder.stage_order
"""
OPPOSITION_BY_STATE = f"""
    WITH states AS (SELECT DISTINCT state, state_fips, state_name FROM {COUNTIES})
    SELECT events.state, states.state_fips, states.state_name, count(*) AS events
    FROM {EVENTS} AS events
    JOIN states ON states.state = upper(events.state)
    WHERE events.duplicate_of_event_key IS NULL
    GROUP BY ALL ORDER BY events DESC, events.state
"""
OPPOSITION_UNLOCATED = f"""
    SELECT count(*) AS events FROM {EVENTS}
    WHERE duplicate_of_event_key IS NULL
      AND (state IS NULL OR upper(state) NOT IN (SELECT state FROM {COUNTIES}))
"""
FIRST_TIME_BUYERS = f"""
    SELECT strftime(date_trunc('month', first_seen), '%Y-%m') AS month, count(*) AS buyers
    FROM {SIGNALS}
    WHERE signal_type = 'corporate_buyer_entry' AND subject_type = ? AND first_seen IS NOT NULL
    GROUP BY ALL ORDER BY month
"""


def chart_data(
    connection: duckdb.DuckDBPyConnection, sections: Sequence[SignalSection]
) -> ChartData:
    def rows_if(relations: Sequence[str], sql: str, params=()) -> list[dict[str, Any]]:
        if all(relation_exists(connection, r) for r in relations):
            return records(connection, sql, params)
        return []

    buyers = next(s for s in sections if s.kind.signal_type == "corporate_buyer_entry")
    buyer_subject = buyers.groups[0].subject_type if buyers.groups else "organization"
    return ChartData(
        stage_funnel=rows_if((PROJECTS,), STAGE_FUNNEL),
        stage_advances=rows_if((STAGE_CHANGES, STAGE_LADDER), STAGE_ADVANCES),
        opposition_by_state=rows_if((EVENTS, COUNTIES), OPPOSITION_BY_STATE),
        opposition_unlocated=sum(
            r["events"] for r in rows_if((EVENTS, COUNTIES), OPPOSITION_UNLOCATED)
        ),
        first_time_buyers=(
            records(connection, FIRST_TIME_BUYERS, [buyer_subject]) if buyers.available else None
        ),
    )


def source_statuses(
    connection: duckdb.DuckDBPyConnection, sources: Sequence[SourceSpec], as_of: date
) -> tuple[SourceStatus, ...]:
    latest: dict[str, date] = {}
    if relation_exists(connection, LANDING_LOG):
        latest = dict(
            connection.execute(
                f"SELECT source_id, max(vintage) FROM {LANDING_LOG} GROUP BY 1"
            ).fetchall()
        )
    statuses = []
    for spec in sources:
        vintage = latest.get(spec.source_id)
        statuses.append(
            SourceStatus(
                source_id=spec.source_id,
                title=spec.title,
                domain=spec.domain,
                reliability=spec.reliability,
                cadence=spec.cadence.value,
                latest_vintage=iso(vintage),
                age_days=(as_of - vintage).days if vintage else None,
                freshness=judge_freshness(vintage, as_of, spec.staleness).value,
            )
        )
    return tuple(statuses)


def source_health(
    connection: duckdb.DuckDBPyConnection,
    sources: Sequence[SourceSpec],
    as_of: date,
    evaluations: str,
) -> SourceHealth:
    coverage: tuple[dict[str, Any], ...] = ()
    if relation_exists(connection, DEVELOPER_COVERAGE):
        rows = records(
            connection,
            "SELECT source_id, iso, vintage, projects, share_projects_named, share_mw_named "
            f"FROM {DEVELOPER_COVERAGE} ORDER BY source_id",
        )
        coverage = tuple({**row, "vintage": iso(row["vintage"])} for row in rows)
    states = state_coverage_verdict(connection).metadata
    counties = queue_county_coverage_verdict(connection).metadata
    scores: list[dict[str, Any]] = []
    if relation_exists(connection, evaluations):
        scores = records(
            connection,
            f"SELECT field, precision, recall, f1, n_docs, extractor, evaluated_at "
            f"FROM {qualified(evaluations)} QUALIFY evaluated_at = max(evaluated_at) OVER () "
            "ORDER BY field",
        )
    latest = scores[0] if scores else {}
    return SourceHealth(
        sources=source_statuses(connection, sources, as_of),
        developer_coverage=coverage,
        states_covered=states.get("states_covered"),
        states_total=states.get("states_total"),
        queue_counties_covered=counties.get("covered_counties"),
        queue_counties=counties.get("queue_counties"),
        extractor=latest.get("extractor"),
        extraction_evaluated_at=iso(latest.get("evaluated_at")),
        extraction_docs=latest.get("n_docs"),
        extraction=tuple(
            ExtractionScore(r["field"], r["precision"], r["recall"], r["f1"]) for r in scores
        ),
    )


def gather_facts(
    connection: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    sources: Sequence[SourceSpec],
    evaluations: str,
) -> BriefFacts:
    """Everything the brief states, from the marts and meta tables of one warehouse."""
    signals = load_signals(connection)
    sections = signal_sections(connection, signals)
    return BriefFacts(
        as_of=as_of.isoformat(),
        sections=sections,
        signals=signals,
        charts=chart_data(connection, sections),
        health=source_health(connection, sources, as_of, evaluations),
    )
