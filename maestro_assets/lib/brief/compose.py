"""What the brief lists, and the facts its narrative is written from.

The brief lists each section's top signals and the largest changes since the baseline, each
with its shown evidence; those evidence ids are the only ones a narrative may cite. The
narrative facts are the signal tables alone (no source health, no chart data): per signal its
name, score, confidence, sources, dates, evidence tallies and evidence ids; per change its
scores before and after. Scores and confidences are rounded as the brief prints them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from maestro_assets.lib.brief.changes import (
    FADING,
    MAX_CHANGES_SHOWN,
    NEW,
    RISING,
    Changes,
    SignalChange,
)
from maestro_assets.lib.brief.charts import Chart
from maestro_assets.lib.brief.evidence import kind_label
from maestro_assets.lib.brief.facts import BriefFacts, Signal
from maestro_assets.lib.brief.narrative import Narrative

SCORE_DIGITS = 2
CONFIDENCE_DIGITS = 2
CHANGE_KINDS = (NEW, RISING, FADING)


@dataclass(frozen=True)
class Brief:
    """Everything one brief shows."""

    facts: BriefFacts
    changes: Changes
    charts: dict[str, Chart]
    narrative: Narrative


def rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def shown_changes(changes: Changes, kind: str) -> tuple[SignalChange, ...]:
    return getattr(changes, kind)[:MAX_CHANGES_SHOWN]


def top_signals(facts: BriefFacts) -> Iterator[Signal]:
    for section in facts.sections:
        for group in section.groups:
            yield from group.top


def listed_signals(facts: BriefFacts, changes: Changes) -> list[Signal]:
    """Every signal whose evidence the brief shows: the top signals, then changed signals
    still present in this build, each once."""
    listed = {s.key: s for s in top_signals(facts)}
    for kind in CHANGE_KINDS:
        for change in shown_changes(changes, kind):
            signal = facts.signals.get(change.key)
            if signal is not None:
                listed.setdefault(signal.key, signal)
    return list(listed.values())


def listed_evidence_ids(facts: BriefFacts, changes: Changes) -> set[str]:
    return {e.evidence_id for s in listed_signals(facts, changes) for e in s.evidence}


def tally_labels(signal: Signal) -> dict[str, int]:
    """Evidence counts keyed by how they read: {"stage advances": 7, "completion": 1}."""
    return {kind_label(kind, n): n for kind, n in signal.tallies.items()}


def signal_fact(signal: Signal) -> dict[str, Any]:
    return {
        "rank": signal.rank,
        "subject_name": signal.subject_name,
        "score": rounded(signal.score, SCORE_DIGITS),
        "confidence": rounded(signal.confidence, CONFIDENCE_DIGITS),
        "sources": signal.n_sources,
        "first_seen": signal.first_seen,
        "last_seen": signal.last_seen,
        "evidence_items": signal.evidence_count,
        "evidence_by_kind": tally_labels(signal),
        "evidence_ids": [e.evidence_id for e in signal.evidence],
    }


def change_fact(change: SignalChange, facts: BriefFacts) -> dict[str, Any]:
    signal = facts.signals.get(change.key)
    pct = change.change_pct
    return {
        "signal_type": change.signal_type,
        "subject_type": change.subject_type,
        "subject_name": change.subject_name,
        "previous_score": rounded(change.previous_score, SCORE_DIGITS),
        "current_score": rounded(change.current_score, SCORE_DIGITS),
        "change_pct": round(pct) if pct is not None else None,
        # a signal gone from this build has no evidence to cite: the narrative leaves it out
        "evidence_ids": [e.evidence_id for e in signal.evidence] if signal else [],
    }


def narrative_facts(facts: BriefFacts, changes: Changes) -> dict[str, Any]:
    """The facts a narrative is written from and checked against (JSON-ready)."""
    return {
        "as_of": facts.as_of,
        "signal_types": [
            {
                "signal_type": section.kind.signal_type,
                "title": section.kind.title,
                "has_data": section.available,
                "note": section.note,
                "subjects": [
                    {
                        "subject_type": group.subject_type,
                        "signals_in_build": group.total,
                        "top": [signal_fact(s) for s in group.top],
                    }
                    for group in section.groups
                ],
            }
            for section in facts.sections
        ],
        "changes": {
            "baseline_as_of": changes.baseline_as_of,
            "counts": changes.counts() if changes.has_baseline else None,
            **{
                kind: [change_fact(c, facts) for c in shown_changes(changes, kind)]
                for kind in CHANGE_KINDS
            },
        },
    }
