"""What every source provides to the platform: a declaration, how to fetch one vintage, and
a pure parser. One Dagster asset factory turns any adapter into a partitioned raw asset.

Two kinds of partitions:
- data months (`data_months=True`): publishers that keep every month available (EIA-860M);
  the partition is the month, and the vintage (as-of date) is the month's last day;
- dated vintages: publishers that serve only their current file (interconnection queues);
  each copy we keep is a partition keyed by its as-of date — the date the file states, or
  the day it was pulled. In snapshot mode the copy recorded for that date is replayed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import Parser
from maestro_assets.lib.months import month_end, month_start
from maestro_assets.lib.settings import SourceMode

Fetch = Callable[[SourceClient, date], list[SourceResponse]]


def no_stated_vintage(content: bytes) -> date | None:
    return None


def fetch_single(request: SourceRequest) -> Fetch:
    """The common case: one URL serves the whole file."""

    def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
        return [client.get_ok(request, vintage=vintage)]

    return fetch


@dataclass(frozen=True)
class SourceAdapter:
    spec: SourceSpec
    # The response(s) making up the vintage of one partition (the partition's date).
    fetch: Fetch
    parse: Parser
    extension: str = "xlsx"
    # The as-of date printed in the file (e.g. SPP's "Last Updated On"), when it has one.
    stated_vintage: Callable[[bytes], date | None] = no_stated_vintage
    data_months: bool = False
    # Data-month sources list the months the publisher offers (landing page, API metadata).
    list_months: Callable[[SourceClient], list[date]] | None = None
    # Raw columns that must hold values in every vintage (a silent rename empties them).
    required_columns: tuple[str, ...] = ()

    def landing_vintage(self, partition: date) -> date:
        """The as-of date rows of a partition are filed under."""
        return month_end(partition) if self.data_months else partition

    def partition_for(self, vintage: date) -> date:
        return month_start(vintage) if self.data_months else vintage

    def available_partitions(self, client: SourceClient) -> list[date]:
        """What can be materialized now: the publisher's months, or the recorded vintages
        (snapshot mode), or today's file's own as-of date (live)."""
        if self.list_months is not None:
            return self.list_months(client)
        if client.mode is SourceMode.SNAPSHOT:
            return client.snapshots.vintages()
        responses = self.fetch(client, date.today())
        return [self.stated_vintage(responses[0].content) or date.today()]
