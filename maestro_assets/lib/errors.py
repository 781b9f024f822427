"""Errors a user sees: each names the source, the URL or file, and what was wrong."""

from __future__ import annotations


class SourceError(Exception):
    """A pull, import or parse of one source failed; nothing was written."""

    def __init__(self, source_id: str, location: str, problem: str) -> None:
        self.source_id = source_id
        self.location = location
        self.problem = problem
        super().__init__(f"[{source_id}] {problem} — {location}")


class FetchError(SourceError):
    """The publisher did not hand over a usable response (status, size, network)."""


class FormatError(SourceError):
    """The bytes are not the declared format (an HTML error page, an empty or truncated file)."""


class SchemaError(SourceError):
    """The file parsed, but its columns or values are not what the source declares."""
