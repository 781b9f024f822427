"""The extraction cache in DuckDB, and the per-run budget.

A reply is cached under (document SHA-256, prompt version, model): the same text sent with the
same prompt to the same model is never sent again. Prompt versions name their task
("opposition-...", "procurement-..."), so one table serves every task without mixing them.
Only replies that validated are cached (their events may still fail the quote check, which is
deterministic); transient failures (429, timeouts) and malformed replies are not, so a later
run tries those documents again.
The table lives in `meta.llm_extraction_cache` and is created on first use. Every value is a
bound parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from maestro_assets.lib.extraction.models import Reply, Status

CACHE_RELATION = "meta.llm_extraction_cache"
_CREATE = """
CREATE TABLE IF NOT EXISTS meta.llm_extraction_cache (
    document_sha256 VARCHAR NOT NULL,
    prompt_version VARCHAR NOT NULL,
    model VARCHAR NOT NULL,
    extractor VARCHAR NOT NULL,
    response_json VARCHAR NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    cached_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (document_sha256, prompt_version, model)
)
"""
_SELECT = """
SELECT response_json, prompt_tokens, completion_tokens
FROM meta.llm_extraction_cache
WHERE document_sha256 = ? AND prompt_version = ? AND model = ?
"""
_UPSERT = """
INSERT OR REPLACE INTO meta.llm_extraction_cache
    (document_sha256, prompt_version, model, extractor, response_json, prompt_tokens,
     completion_tokens)
VALUES (?, ?, ?, ?, ?, ?, ?)
"""


@dataclass(frozen=True)
class CacheKey:
    document_sha256: str
    prompt_version: str
    model: str

    def params(self) -> list[str]:
        return [self.document_sha256, self.prompt_version, self.model]


class ExtractionCache:
    """Validated replies by CacheKey, in a DuckDB connection the caller owns."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection
        connection.execute("CREATE SCHEMA IF NOT EXISTS meta")
        connection.execute(_CREATE)

    def get(self, key: CacheKey) -> Reply | None:
        # fetchall, not fetchone: a result left unfinished blocks the connection's next statement
        rows = self._connection.execute(_SELECT, key.params()).fetchall()
        if not rows:
            return None
        ((content, prompt_tokens, completion_tokens),) = rows
        return Reply(Status.OK, content, prompt_tokens, completion_tokens)

    def put(self, key: CacheKey, extractor: str, reply: Reply) -> None:
        if reply.status is not Status.OK or reply.content is None:
            raise ValueError(f"only successful replies are cached, not {reply.status}")
        self._connection.execute(
            _UPSERT,
            [*key.params(), extractor, reply.content, reply.prompt_tokens, reply.completion_tokens],
        )


@dataclass
class RunBudget:
    """How much one run may send: documents and tokens. None means no limit.

    A document is admitted only if its estimated tokens fit in what is left, so a run never
    overshoots by more than one estimate's error. A document that does not fit is deferred
    (status over_budget) and sent by a later run.
    """

    max_documents: int | None = None
    max_tokens: int | None = None
    documents_sent: int = 0
    tokens_used: int = 0

    def admits(self, estimated_tokens: int) -> bool:
        documents_left = self.max_documents is None or self.documents_sent < self.max_documents
        tokens_left = (
            self.max_tokens is None or self.tokens_used + estimated_tokens <= self.max_tokens
        )
        return documents_left and tokens_left

    def charge(self, tokens: int) -> None:
        self.documents_sent += 1
        self.tokens_used += tokens
