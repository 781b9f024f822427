"""One extraction run: documents in, event rows and a summary out.

For each document, in order: a cached reply (billable extractors only), else the budget's
consent (else over_budget, deferred), else the extractor; then the reply is parsed as JSON
(invalid_json), validated against the task's extraction model (schema_error), each event's
quote checked against the document (rejected_quote) and its values post-processed by the task
(for opposition: the place normalized to state and county FIPS). The task is the extractor's.
Every document is handled on its own: whatever happens to one (a failure, an exception, a
hostile text) ends in that document's own rows and counters, never in another's.

Rows are one per extracted event (status ok or rejected_quote) plus one per document that
failed before yielding events (its status, no event fields). A document with no events adds
no row; `documents` has one entry for every document either way.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from maestro_assets.lib.extraction.cache import CacheKey, ExtractionCache, RunBudget
from maestro_assets.lib.extraction.models import (
    Document,
    ExtractionTask,
    Extractor,
    Reply,
    Status,
)
from maestro_assets.lib.extraction.quotes import quote_is_verbatim

RUN_COLUMNS = (
    "source_id",
    "url",
    "document_sha256",
    "extractor",
    "model",
    "prompt_version",
    "status",
    "error",
    "cached",
    "event_index",
)
DOCUMENT_STATUSES = tuple(s.value for s in Status if s is not Status.REJECTED_QUOTE)


@dataclass(frozen=True)
class DocumentOutcome:
    """What became of one document: its status, its rows, what it cost."""

    document: Document
    status: Status
    rows: list[dict[str, Any]]
    reply: Reply | None = None
    cached: bool = False
    sent: bool = False  # the extractor was called (a billable call, or the rules)

    def summary(self) -> dict[str, Any]:
        return {
            "source_id": self.document.source_id,
            "url": self.document.url,
            "document_sha256": self.document.sha256,
            "status": self.status.value,
            "events_ok": sum(row["status"] == Status.OK for row in self.rows),
            "events_rejected_quote": sum(
                row["status"] == Status.REJECTED_QUOTE for row in self.rows
            ),
            "cached": self.cached,
            "prompt_tokens": self.spent(self.reply.prompt_tokens if self.reply else 0),
            "completion_tokens": self.spent(self.reply.completion_tokens if self.reply else 0),
        }

    def spent(self, tokens: int) -> int:
        return 0 if self.cached else tokens


def row_columns(task: ExtractionTask) -> tuple[str, ...]:
    """The columns of every row of a run of `task`: provenance and status, then its fields."""
    return (*RUN_COLUMNS, *task.event_fields)


@dataclass
class ExtractionRun:
    """The rows, the per-document outcomes and a summary for Dagster metadata."""

    extractor: str
    model: str
    prompt_version: str
    task: ExtractionTask
    outcomes: list[DocumentOutcome] = field(default_factory=list)

    @property
    def rows(self) -> list[dict[str, Any]]:
        return [row for outcome in self.outcomes for row in outcome.rows]

    @property
    def documents(self) -> list[dict[str, Any]]:
        return [outcome.summary() for outcome in self.outcomes]

    def events_by_document(self, status: Status = Status.OK) -> dict[str, list[BaseModel]]:
        """Events of rows with `status`, by document SHA-256 (every document has an entry)."""
        events: dict[str, list[BaseModel]] = {o.document.sha256: [] for o in self.outcomes}
        for row in self.rows:
            if row["status"] == status:
                events[row["document_sha256"]].append(row_event(row, self.task))
        return events

    def summary(self) -> dict[str, Any]:
        """Flat counters (str and int only): safe and ready for asset metadata."""
        statuses = Counter(outcome.status.value for outcome in self.outcomes)
        row_statuses = Counter(row["status"] for row in self.rows)
        documents = self.documents
        prompt_tokens = sum(d["prompt_tokens"] for d in documents)
        completion_tokens = sum(d["completion_tokens"] for d in documents)
        return {
            "task": self.task.name,
            "extractor": self.extractor,
            "model": self.model,
            "prompt_version": self.prompt_version,
            "documents": len(self.outcomes),
            **{f"documents_{status}": statuses.get(status, 0) for status in DOCUMENT_STATUSES},
            "events_ok": row_statuses.get(Status.OK.value, 0),
            "events_rejected_quote": row_statuses.get(Status.REJECTED_QUOTE.value, 0),
            "cache_hits": sum(outcome.cached for outcome in self.outcomes),
            "extractor_calls": sum(outcome.sent for outcome in self.outcomes),
            "retries": sum(o.reply.retries for o in self.outcomes if o.reply and not o.cached),
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }


def row_event(row: dict[str, Any], task: ExtractionTask) -> BaseModel:
    """The event a stored row holds, as the task's model."""
    return task.event_model(**{name: row[name] for name in task.event_fields})


def run_extraction(
    documents: Iterable[Document],
    extractor: Extractor,
    cache: ExtractionCache | None = None,
    budget: RunBudget | None = None,
) -> ExtractionRun:
    run = ExtractionRun(
        extractor.extractor, extractor.model, extractor.prompt_version, extractor.task
    )
    for document in documents:
        try:
            outcome = extract_document(document, extractor, cache, budget)
        except Exception as exc:  # one document's failure must not end the others'
            error = f"{type(exc).__name__}: {exc}"[:300]
            outcome = failed(document, extractor, Status.ERROR, error)
        run.outcomes.append(outcome)
    return run


def extract_document(
    document: Document,
    extractor: Extractor,
    cache: ExtractionCache | None,
    budget: RunBudget | None,
) -> DocumentOutcome:
    key = CacheKey(document.sha256, extractor.prompt_version, extractor.model)
    caching = extractor.billable and cache is not None
    cached_reply = cache.get(key) if caching else None
    if cached_reply is not None:
        return validated(document, extractor, cached_reply, cached=True)
    budgeted = extractor.billable and budget is not None
    if budgeted and not budget.admits(extractor.estimate_tokens(document)):
        return failed(document, extractor, Status.OVER_BUDGET, "deferred: run budget spent")
    reply = extractor.extract(document)
    if budgeted:
        budget.charge(reply.total_tokens)
    outcome = validated(document, extractor, reply, cached=False)
    if caching and outcome.status is Status.OK:
        cache.put(key, extractor.extractor, reply)
    return outcome


def validated(
    document: Document, extractor: Extractor, reply: Reply, cached: bool
) -> DocumentOutcome:
    """The reply parsed, validated and quote-checked into rows."""
    if reply.status is not Status.OK:
        return failed(document, extractor, reply.status, reply.error, reply, sent=True)
    status, events, error = parse_reply(reply.content, extractor.task)
    if events is None:
        return failed(document, extractor, status, error, reply, sent=not cached)
    rows = [
        event_row(document, extractor, index, event, cached) for index, event in enumerate(events)
    ]
    return DocumentOutcome(document, Status.OK, rows, reply, cached, sent=not cached)


def parse_reply(
    content: str | None, task: ExtractionTask
) -> tuple[Status, list[Any] | None, str | None]:
    """(status, the task's events or None, error) of a reply's JSON text."""
    if not content:
        return Status.INVALID_JSON, None, "empty reply"
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        return Status.INVALID_JSON, None, f"not JSON: {exc.msg} at position {exc.pos}"
    try:
        return Status.OK, list(task.extraction_model.model_validate(data).events), None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in exc.errors()
        )
        return Status.SCHEMA_ERROR, None, f"breaks the schema: {problems}"[:300]


def event_row(
    document: Document, extractor: Extractor, index: int, event: Any, cached: bool
) -> dict[str, Any]:
    verbatim = quote_is_verbatim(event.quote, document.text)
    return (
        base_row(document, extractor)
        | extractor.task.row_values(event)
        | {
            "status": (Status.OK if verbatim else Status.REJECTED_QUOTE).value,
            "error": None if verbatim else "quote not found in the document",
            "cached": cached,
            "event_index": index,
        }
    )


def failed(
    document: Document,
    extractor: Extractor,
    status: Status,
    error: str | None,
    reply: Reply | None = None,
    sent: bool = False,
) -> DocumentOutcome:
    row = base_row(document, extractor) | {"status": status.value, "error": error}
    return DocumentOutcome(document, status, [row], reply, cached=False, sent=sent)


def base_row(document: Document, extractor: Extractor) -> dict[str, Any]:
    return dict.fromkeys(row_columns(extractor.task)) | {
        "source_id": document.source_id,
        "url": document.url,
        "document_sha256": document.sha256,
        "extractor": extractor.extractor,
        "model": extractor.model,
        "prompt_version": extractor.prompt_version,
        "cached": False,
    }
