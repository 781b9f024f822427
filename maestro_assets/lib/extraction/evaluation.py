"""Precision, recall and F1 per field of an extractor against a task's labelled gold set.

Matching rule. Events are matched within one document only. Each expected event, in file
order, takes the first still-unmatched predicted event that the task calls the same event
(`ExtractionTask.same_event`: for opposition the same event type and jurisdiction, for
procurement the same buyer and contract type; each task module states its rule).

Scores. Field "event" counts matched pairs as true positives, unmatched predictions as false
positives and unmatched expectations as false negatives. For every other field, a matched pair
whose values agree after the task's normalization is a true positive; disagreeing values are a
false positive and a false negative; a value only predicted is a false positive, a value only
expected a false negative; both null counts nothing. Fields of unmatched events count as false
positives (predicted) or false negatives (expected) wherever they are non-null. Names compare
through `keys` (case-, accent- and punctuation-blind, without a legal suffix or a trailing
"project"). A field with nothing expected and nothing predicted scores 1.0 (nothing to find,
nothing claimed); otherwise an empty denominator scores 0.0.

Predictions are the rows of a real `run_extraction` over the gold documents (status ok), after
the task's post-processing, exactly as the pipeline would store them.

Gold documents written after an extractor's rules were frozen are marked held out
(`"held_out": true`, or notes starting with "held-out:"): their scores are the honest ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from maestro_assets.lib.extraction.cache import ExtractionCache, RunBudget
from maestro_assets.lib.extraction.models import (
    EVENT_FIELD,
    Document,
    ExtractionTask,
    Extractor,
    Status,
)
from maestro_assets.lib.extraction.run import ExtractionRun, run_extraction
from maestro_assets.lib.extraction.tasks import OPPOSITION

HELD_OUT_NOTE = "held-out:"


@dataclass(frozen=True)
class GoldDocument:
    id: str
    kind: str
    source_id: str
    url: str
    title: str
    text: str
    expected: list[Any]  # the task's event model
    notes: str | None = None
    held_out: bool = False  # written after the rules were frozen

    def document(self) -> Document:
        return Document.from_text(self.text, self.source_id, self.url)


def load_gold_set(
    task: ExtractionTask = OPPOSITION, directory: Path | None = None
) -> list[GoldDocument]:
    """Every `*.json` gold document of `task` (in its gold_dir by default), in file-name order."""
    documents = []
    for path in sorted((directory or task.gold_dir).glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        notes = record.get("notes")
        documents.append(
            GoldDocument(
                id=record["id"],
                kind=record["kind"],
                source_id=record["source_id"],
                url=record["url"],
                title=record["title"],
                text=record["text"],
                expected=[task.event_model(**event) for event in record["expected_events"]],
                notes=notes,
                held_out=bool(record.get("held_out")) or (notes or "").startswith(HELD_OUT_NOTE),
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


def match_events(
    predicted: Sequence[Any], expected: Sequence[Any], task: ExtractionTask = OPPOSITION
) -> list[tuple[int, int]]:
    """(predicted index, expected index) of every matched pair, by the task's rule."""
    pairs: list[tuple[int, int]] = []
    taken: set[int] = set()
    for e_index, wanted in enumerate(expected):
        for p_index, candidate in enumerate(predicted):
            if p_index not in taken and task.same_event(candidate, wanted):
                pairs.append((p_index, e_index))
                taken.add(p_index)
                break
    return pairs


@dataclass
class Scores:
    task: ExtractionTask = OPPOSITION
    n_docs: int = 0
    fields: dict[str, FieldScore] = field(init=False)

    def __post_init__(self) -> None:
        self.fields = {name: FieldScore(name) for name in self.task.fields}

    def add_document(self, predicted: Sequence[Any], expected: Sequence[Any]) -> None:
        self.n_docs += 1
        task = self.task
        pairs = match_events(predicted, expected, task)
        matched_predicted = {p for p, _ in pairs}
        matched_expected = {e for _, e in pairs}
        events = self.fields[EVENT_FIELD]
        events.true_positives += len(pairs)
        events.false_positives += len(predicted) - len(pairs)
        events.false_negatives += len(expected) - len(pairs)
        for p_index, e_index in pairs:
            for name in task.scored_fields:
                self.fields[name].add(
                    task.field_value(predicted[p_index], name),
                    task.field_value(expected[e_index], name),
                )
        for index, event in enumerate(predicted):
            if index not in matched_predicted:
                for name in task.scored_fields:
                    self.fields[name].add(task.field_value(event, name), None)
        for index, event in enumerate(expected):
            if index not in matched_expected:
                for name in task.scored_fields:
                    self.fields[name].add(None, task.field_value(event, name))

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
    documents: Iterable[tuple[Sequence[BaseModel], Sequence[BaseModel]]],
    task: ExtractionTask = OPPOSITION,
) -> Scores:
    """Scores over (predicted, expected) event lists of `task`, one pair per document."""
    scores = Scores(task)
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

    @property
    def task(self) -> ExtractionTask:
        return self.scores.task

    def rows(self, evaluated_at: datetime) -> list[dict[str, Any]]:
        """Rows for meta.extraction_eval: one per field, labelled with the task."""
        return [
            {
                "extractor": self.extractor,
                "model": self.model,
                "prompt_version": self.prompt_version,
                "task": self.task.name,
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
    """Run `extractor` over the gold documents of its task and score its stored (ok) events."""
    run = run_extraction([doc.document() for doc in gold], extractor, cache, budget)
    predicted = run.events_by_document(Status.OK)
    scores = score_documents(
        ((predicted[doc.document().sha256], doc.expected) for doc in gold), extractor.task
    )
    return Evaluation(extractor.extractor, extractor.model, extractor.prompt_version, scores, run)
