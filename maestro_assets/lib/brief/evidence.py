"""Evidence items of a signal: stable short ids, which items the brief shows, the one-line reason.

An evidence item is one element of a signal's `evidence` JSON list in marts.signals: the raw
row (source, vintage, content hash, sheet, row, URL) plus what it records (a stage change, an
opposition event with its quote, a procurement with its quote). Its id is the first hex
digits of the sha256 of (signal type, subject type, subject key, the item itself): the same
item of the same signal gets the same id every week, and ids never depend on list order.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

EVIDENCE_ID_PREFIX = "ev:"
EVIDENCE_ID_HEX = 6  # short enough to read; a collision within one brief gets longer ids
COLLISION_ID_HEX = 12
# The field of an evidence item that says what kind of thing it records, first match wins.
KIND_FIELDS = ("change", "event_type", "evidence_kind")
# How the brief names a kind of evidence: (one, several). Unknown kinds: underscores as spaces.
KIND_LABELS = {
    "advance": ("stage advance", "stage advances"),
    "complete": ("completion", "completions"),
    "regress": ("stage regression", "stage regressions"),
    "moratorium": ("moratorium", "moratoria"),
    "restrictive_ordinance": ("restrictive ordinance", "restrictive ordinances"),
    "permit_denial": ("permit denial", "permit denials"),
    "lawsuit": ("lawsuit", "lawsuits"),
    "contested_hearing": ("contested hearing", "contested hearings"),
    "state_law": ("state law", "state laws"),
    "other": ("other event", "other events"),
    "announcement": ("announcement", "announcements"),
    "sec_filing": ("SEC filing", "SEC filings"),
    "gpp_listing": ("Green Power Partnership listing", "Green Power Partnership listings"),
    "re100_membership": ("RE100 membership", "RE100 memberships"),
}


@dataclass(frozen=True)
class EvidenceItem:
    evidence_id: str
    source_id: str
    vintage: str | None
    excerpt: str | None  # the verbatim quote, or what the row records (a stage change)
    is_quote: bool
    url: str | None
    sheet: str | None
    source_row: int | None
    record_key: str | None

    @property
    def location(self) -> str:
        parts = [f"sheet {self.sheet}"] if self.sheet else []
        if self.source_row is not None:
            parts.append(f"row {self.source_row}")
        return ", ".join(parts)


def evidence_id(
    signal_type: str,
    subject_type: str,
    subject_key: str,
    item: Mapping[str, Any],
    hex_digits: int = EVIDENCE_ID_HEX,
) -> str:
    canonical = json.dumps(
        [signal_type, subject_type, subject_key, item],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return EVIDENCE_ID_PREFIX + hashlib.sha256(canonical.encode()).hexdigest()[:hex_digits]


def humanize(value: str) -> str:
    return value.replace("_", " ")


def kind_of(item: Mapping[str, Any]) -> str | None:
    return next((str(item[f]) for f in KIND_FIELDS if item.get(f)), None)


def excerpt_of(item: Mapping[str, Any]) -> tuple[str | None, bool]:
    """(text, is_quote): the item's verbatim quote, else a plain statement of its stage change."""
    quote = item.get("quote")
    if quote:
        return str(quote), True
    if item.get("from_stage") or item.get("to_stage"):
        record = f" (record {item['record_key']})" if item.get("record_key") else ""
        change = f"{item['change']}: " if item.get("change") else ""
        before = humanize(str(item.get("from_stage") or "not listed"))
        after = humanize(str(item.get("to_stage") or "not listed"))
        return f"{change}{before} → {after}{record}", False
    return None, False


def evidence_item(
    signal_type: str, subject_type: str, subject_key: str, item: Mapping[str, Any]
) -> EvidenceItem:
    excerpt, is_quote = excerpt_of(item)
    row = item.get("source_row")
    return EvidenceItem(
        evidence_id=evidence_id(signal_type, subject_type, subject_key, item),
        source_id=str(item.get("source_id") or "unknown source"),
        vintage=str(item["vintage"]) if item.get("vintage") else None,
        excerpt=excerpt,
        is_quote=is_quote,
        url=str(item["url"]) if item.get("url") else None,
        sheet=str(item["sheet"]) if item.get("sheet") else None,
        source_row=int(row) if row is not None else None,
        record_key=str(item["record_key"]) if item.get("record_key") else None,
    )


def shown_evidence(items: Sequence[EvidenceItem], limit: int) -> list[EvidenceItem]:
    """Up to `limit` items, newest first, one per source before a second from any source:
    a reader sees corroboration across sources before depth within one."""
    ordered = sorted(items, key=lambda e: (e.vintage or "", e.evidence_id), reverse=True)
    picked: list[EvidenceItem] = []
    sources: set[str] = set()
    for item in ordered:
        if item.source_id not in sources:
            picked.append(item)
            sources.add(item.source_id)
    picked += [item for item in ordered if item not in picked]
    chosen = set(map(id, picked[:limit]))
    return [item for item in ordered if id(item) in chosen]


def with_unique_ids(items: Iterable[tuple[EvidenceItem, str]]) -> list[EvidenceItem]:
    """The items, where two distinct items share a short id, re-identified with a longer one.

    Each entry is (evidence item, its id of COLLISION_ID_HEX digits): the longer id is worked
    out beforehand, so the raw item need not be kept until every item is known."""
    entries = list(items)
    counts = Counter(evidence.evidence_id for evidence, _ in entries)
    return [
        replace(evidence, evidence_id=longer_id) if counts[evidence.evidence_id] > 1 else evidence
        for evidence, longer_id in entries
    ]


def tally(items: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many evidence items record each kind of thing, most frequent first."""
    counts = Counter(kind_of(item) or "unlabelled" for item in items)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def kind_label(kind: str, count: int) -> str:
    """How `count` items of a kind are named: "1 moratorium", "3 moratoria"."""
    one, several = KIND_LABELS.get(kind, (humanize(kind), humanize(kind) + "s"))
    return one if count == 1 else several


def count_label(kind: str, count: int) -> str:
    return f"{count} {kind_label(kind, count)}"


def reason(tallies: Mapping[str, int], n_sources: int, last_seen: str | None) -> str:
    """The one-line reason: what the evidence records, from how many sources, how recent."""
    recorded = ", ".join(count_label(kind, n) for kind, n in tallies.items()) or "no evidence"
    sources = f"{n_sources} source{'s' if n_sources != 1 else ''}"
    latest = f"; latest {last_seen}" if last_seen else ""
    return f"{recorded} from {sources}{latest}"
