"""Precision, recall and F1 per field of an extractor against the labelled gold set.

Matching rule. Events are matched within one document only. Each expected event, in file
order, takes the first still-unmatched predicted event with the same event_type whose
jurisdiction agrees: the same jurisdiction key (case, accents, punctuation, "Saint"/"St.", a
parenthesized county and a trailing state ignored: "Town of Ellisburg (Jefferson County)" and
"town of ellisburg, NY" agree), or the same non-null county FIPS.

Scores. Field "event" counts matched pairs as true positives, unmatched predictions as false
positives and unmatched expectations as false negatives. For every other field, a matched pair
whose values agree after normalization is a true positive; disagreeing values are a false
positive and a false negative; a value only predicted is a false positive, a value only
expected a false negative; both null counts nothing. Fields of unmatched events count as false
positives (predicted) or false negatives (expected) wherever they are non-null. Names compare
case-, accent- and punctuation-blind, without a leading "the", developers without a legal
suffix (LLC, Inc, LP, Corp, Co, Ltd) and projects without a trailing "project" or "facility".
A field with nothing expected and nothing predicted scores 1.0 (nothing to find, nothing
claimed); otherwise an empty denominator scores 0.0.

Predictions are the rows of a real `run_extraction` over the gold documents (status ok), after
place normalization, exactly as the pipeline would store them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from maestro_assets.lib.extraction.cache import ExtractionCache, RunBudget
from maestro_assets.lib.extraction.geography import (
    load_gazetteer,
    name_key,
    split_parenthesis,
    split_trailing_state,
)
from maestro_assets.lib.extraction.models import Document, Extractor, OppositionEvent, Status
from maestro_assets.lib.extraction.prompts import opposition
from maestro_assets.lib.extraction.run import ExtractionRun, run_extraction
from maestro_assets.lib.settings import BUNDLED_DATA_DIR

GOLD_DIR = BUNDLED_DATA_DIR / "eval" / "opposition"
TASK = opposition.TASK
EVENT = "event"
SCORED_FIELDS = (
    "state",
    "county_fips",
    "technology",
    "project_name",
    "developer_name",
    "event_date",
    "outcome",
)
ALL_FIELDS = (EVENT, *SCORED_FIELDS)
LEGAL_SUFFIX = re.compile(r"\s*\b(llc|l l c|inc|lp|l p|corp|corporation|co|ltd)\s*$")
PROJECT_SUFFIX = re.compile(r"\s*\b(project|facility)\s*$")


@dataclass(frozen=True)
class GoldDocument:
    id: str
    kind: str
    source_id: str
    url: str
    title: str
    text: str
    expected: list[OppositionEvent]
    notes: str | None = None

    def document(self) -> Document:
        return Document.from_text(self.text, self.source_id, self.url)


def load_gold_set(directory: Path = GOLD_DIR) -> list[GoldDocument]:
    """Every `*.json` gold document in `directory`, in file-name order."""
    documents = []
    for path in sorted(directory.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        documents.append(
            GoldDocument(
                id=record["id"],
                kind=record["kind"],
                source_id=record["source_id"],
                url=record["url"],
                title=record["title"],
                text=record["text"],
                expected=[OppositionEvent(**event) for event in record["expected_events"]],
                notes=record.get("notes"),
            )
        )
    return documents


@dataclass
class FieldScore:
    field: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        return ratio(self.true_positives, self.true_positives + self.false_positives, self)

    @property
    def recall(self) -> float:
        return ratio(self.true_positives, self.true_positives + self.false_negatives, self)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def add(self, predicted: str | None, expected: str | None) -> None:
        if predicted is not None and expected is not None and predicted == expected:
            self.true_positives += 1
            return
        self.false_positives += predicted is not None
        self.false_negatives += expected is not None


def ratio(hits: int, total: int, score: FieldScore) -> float:
    if total:
        return hits / total
    empty = score.true_positives + score.false_positives + score.false_negatives == 0
    return 1.0 if empty else 0.0


def jurisdiction_key(jurisdiction: str) -> str:
    """'Town of Ellisburg (Jefferson County)', 'town of Ellisburg, NY' → 'town of ellisburg'."""
    _, outside = split_parenthesis(jurisdiction)
    outside, _ = split_trailing_state(outside, load_gazetteer())
    return re.sub(r"^the ", "", name_key(outside))


def jurisdictions_agree(predicted: OppositionEvent, expected: OppositionEvent) -> bool:
    if jurisdiction_key(predicted.jurisdiction) == jurisdiction_key(expected.jurisdiction):
        return True
    return predicted.county_fips is not None and predicted.county_fips == expected.county_fips


def match_events(
    predicted: Sequence[OppositionEvent], expected: Sequence[OppositionEvent]
) -> list[tuple[int, int]]:
    """(predicted index, expected index) of every matched pair, by the module's rule."""
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    for e_index, wanted in enumerate(expected):
        for p_index, candidate in enumerate(predicted):
            if p_index in taken or candidate.event_type != wanted.event_type:
                continue
            if jurisdictions_agree(candidate, wanted):
                pairs.append((p_index, e_index))
                taken.add(p_index)
                break
    return pairs


def normalized(field_name: str, value: str | None) -> str | None:
    if value is None:
        return None
    if field_name not in ("project_name", "developer_name"):
        return value.strip()
    key = re.sub(r"^the ", "", name_key(value).replace(",", " "))
    key = re.sub(r"[()&\-]", " ", key)
    key = re.sub(r"\s+", " ", key).strip()
    suffix = LEGAL_SUFFIX if field_name == "developer_name" else PROJECT_SUFFIX
    return suffix.sub("", key) or None


def field_value(event: OppositionEvent, field_name: str) -> str | None:
    return normalized(field_name, getattr(event, field_name))


@dataclass
class Scores:
    fields: dict[str, FieldScore] = field(
        default_factory=lambda: {name: FieldScore(name) for name in ALL_FIELDS}
    )
    n_docs: int = 0

    def add_document(
        self, predicted: Sequence[OppositionEvent], expected: Sequence[OppositionEvent]
    ) -> None:
        self.n_docs += 1
        pairs = match_events(predicted, expected)
        matched_predicted = {p for p, _ in pairs}
        matched_expected = {e for _, e in pairs}
        events = self.fields[EVENT]
        events.true_positives += len(pairs)
        events.false_positives += len(predicted) - len(pairs)
        events.false_negatives += len(expected) - len(pairs)
        for p_index, e_index in pairs:
            for name in SCORED_FIELDS:
                self.fields[name].add(
                    field_value(predicted[p_index], name), field_value(expected[e_index], name)
                )
        for index, event in enumerate(predicted):
            if index not in matched_predicted:
                for name in SCORED_FIELDS:
                    self.fields[name].add(field_value(event, name), None)
        for index, event in enumerate(expected):
            if index not in matched_expected:
                for name in SCORED_FIELDS:
                    self.fields[name].add(None, field_value(event, name))

    def table(self) -> list[dict[str, Any]]:
        return [
            {
                "field": score.field,
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "f1": round(score.f1, 4),
                "true_positives": score.true_positives,
                "false_positives": score.false_positives,
                "false_negatives": score.false_negatives,
            }
            for score in self.fields.values()
        ]


def score_documents(
    documents: Iterable[tuple[Sequence[OppositionEvent], Sequence[OppositionEvent]]],
) -> Scores:
    """Scores over (predicted, expected) event lists, one pair per document."""
    scores = Scores()
    for predicted, expected in documents:
        scores.add_document(predicted, expected)
    return scores


@dataclass(frozen=True)
class Evaluation:
    extractor: str
    model: str
    prompt_version: str
    scores: Scores
    run: ExtractionRun

    def rows(self, evaluated_at: datetime, task: str = TASK) -> list[dict[str, Any]]:
        """Rows for meta.extraction_eval: one per field."""
        return [
            {
                "extractor": self.extractor,
                "model": self.model,
                "prompt_version": self.prompt_version,
                "task": task,
                "field": score["field"],
                "precision": score["precision"],
                "recall": score["recall"],
                "f1": score["f1"],
                "n_docs": self.scores.n_docs,
                "evaluated_at": evaluated_at,
            }
            for score in self.scores.table()
        ]

    def failures(self, thresholds: dict[str, float], measure: str = "f1") -> dict[str, float]:
        """Fields whose `measure` is below their threshold: {field: value}."""
        values = {row["field"]: row[measure] for row in self.scores.table()}
        return {
            name: values[name]
            for name, minimum in thresholds.items()
            if values.get(name, 0.0) < minimum
        }


def evaluate_extractor(
    extractor: Extractor,
    gold: Sequence[GoldDocument],
    cache: ExtractionCache | None = None,
    budget: RunBudget | None = None,
) -> Evaluation:
    """Run `extractor` over the gold documents and score its stored (ok) events."""
    run = run_extraction([doc.document() for doc in gold], extractor, cache, budget)
    predicted = run.events_by_document(Status.OK)
    scores = score_documents((predicted[doc.document().sha256], doc.expected) for doc in gold)
    return Evaluation(extractor.extractor, extractor.model, extractor.prompt_version, scores, run)
