"""What an interconnection-queue source provides: how to fetch a vintage, and how to parse it.

Queues publish only their current file, so history exists only as the dated copies we keep:
each vintage is a dynamic partition keyed by its date (the as-of date the file states, or
the day it was pulled). In snapshot mode the recorded copy of that vintage is replayed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.http import SourceClient, SourceResponse
from maestro_assets.lib.landing import Parser


def no_stated_vintage(content: bytes) -> date | None:
    return None


@dataclass(frozen=True)
class QueueSource:
    spec: SourceSpec
    # The response(s) that make up one vintage; `vintage` selects the recorded copy in
    # snapshot mode and is ignored live (the publisher serves what it has today).
    fetch: Callable[[SourceClient, date], list[SourceResponse]]
    parse: Parser
    # The as-of date printed in the file (e.g. SPP's "Last Updated On"), when it has one.
    stated_vintage: Callable[[bytes], date | None] = no_stated_vintage
    extension: str = "xlsx"


def fetch_single(request) -> Callable[[SourceClient, date], list[SourceResponse]]:
    """The common case: one URL serves the whole queue."""

    def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
        return [client.get_ok(request, vintage=vintage)]

    return fetch
