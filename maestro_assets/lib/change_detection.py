"""Has a publisher's file changed since we last looked? Pure: no HTTP, no Dagster.

A refresh sensor keeps one `ProbeCursor` per source (stored by Dagster as the sensor's cursor,
so it survives restarts). A probe is a conditional GET: the cursor's ETag and Last-Modified
go out as If-None-Match / If-Modified-Since; a 304 means unchanged. Publishers that send
neither header (or ignore them) answer 200 every time, so the final word is the content's
sha256: a 200 whose bytes hash to what the cursor holds is unchanged too.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from datetime import date


@dataclass(frozen=True)
class ProbeCursor:
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    vintage: str | None = None  # the partition key last requested (YYYY-MM-DD)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> ProbeCursor:
        """An empty or unreadable cursor is a first look: everything counts as changed."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        return cls(**{k: data.get(k) for k in ("etag", "last_modified", "sha256", "vintage")})

    def with_vintage(self, vintage: date | str | None) -> ProbeCursor:
        text = vintage.isoformat() if isinstance(vintage, date) else vintage
        return replace(self, vintage=text)


@dataclass(frozen=True)
class ProbeOutcome:
    changed: bool
    cursor: ProbeCursor  # what to store after this probe
    reason: str


def content_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def judge_probe(
    previous: ProbeCursor,
    status: int,
    content: bytes,
    etag: str | None,
    last_modified: str | None,
) -> ProbeOutcome:
    """Decide from one probe response whether the source changed since `previous`."""
    if status == 304:
        # Keep validators the server may have refreshed; the content is the one we hold.
        kept = replace(
            previous,
            etag=etag or previous.etag,
            last_modified=last_modified or previous.last_modified,
        )
        return ProbeOutcome(False, kept, "HTTP 304 Not Modified")
    digest = content_sha256(content)
    cursor = replace(previous, etag=etag, last_modified=last_modified, sha256=digest)
    if previous.sha256 is None:
        return ProbeOutcome(True, cursor, "first probe (no cursor yet)")
    if digest == previous.sha256:
        return ProbeOutcome(
            False, cursor, f"HTTP {status}, content unchanged (sha256 {digest[:12]})"
        )
    return ProbeOutcome(
        True, cursor, f"content changed (sha256 {previous.sha256[:12]} -> {digest[:12]})"
    )
