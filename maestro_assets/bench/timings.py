"""Wall seconds per step and per asset, read back from the Dagster instance's event log.

A step's seconds run from its STEP_START to its last STEP_SUCCESS or STEP_FAILURE. A step that
materialized one asset (once per partition, for a raw asset) gives that asset its seconds,
summed over runs: a raw asset is pulled in one run per contiguous range of vintages. dbt
models share one multi-asset step per `dbt build`; each model's own seconds are dbt's, from
the `Execution Duration` dagster-dbt puts on its materialization.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dagster import DagsterEventType, DagsterInstance

DBT_DURATION = "Execution Duration"
STEP_EVENTS = {
    DagsterEventType.STEP_START: "start",
    DagsterEventType.STEP_SUCCESS: "end",
    DagsterEventType.STEP_FAILURE: "end",
    DagsterEventType.ASSET_MATERIALIZATION: "asset",
}


@dataclass(frozen=True)
class LoggedEvent:
    """The part of one event-log entry the timings need."""

    run_id: str
    step_key: str
    kind: str  # "start", "end" or "asset"
    timestamp: float
    asset: str | None = None  # "schema.table", for kind "asset"
    dbt_seconds: float | None = None


@dataclass(frozen=True)
class StepTiming:
    run_id: str
    step_key: str
    seconds: float
    assets: tuple[str, ...]  # distinct, in order (a raw step lands one per partition)
    started: float = 0.0  # epoch seconds, as the event log stamps them
    ended: float = 0.0


def step_timings(events: Iterable[LoggedEvent]) -> list[StepTiming]:
    """One timing per (run, step) that started, in order of start."""
    started: dict[tuple[str, str], float] = {}
    ended: dict[tuple[str, str], float] = {}
    assets: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event in events:
        key = (event.run_id, event.step_key)
        if event.kind == "start":
            started.setdefault(key, event.timestamp)
        elif event.kind == "end":
            ended[key] = max(ended.get(key, event.timestamp), event.timestamp)
        elif event.asset is not None:
            assets[key].append(event.asset)
    return [
        StepTiming(
            run,
            step,
            round(ended[(run, step)] - start, 3),
            tuple(dict.fromkeys(assets[(run, step)])),
            start,
            ended[(run, step)],
        )
        for (run, step), start in sorted(started.items(), key=lambda item: item[1])
        if (run, step) in ended
    ]


def asset_seconds(steps: Iterable[StepTiming], events: Iterable[LoggedEvent]) -> dict[str, float]:
    """Seconds per asset: its own steps' (single-asset steps), else dbt's per model."""
    seconds: dict[str, float] = defaultdict(float)
    for step in steps:
        if len(step.assets) == 1:
            seconds[step.assets[0]] += step.seconds
    for event in events:
        if event.asset is not None and event.dbt_seconds is not None:
            seconds[event.asset] += event.dbt_seconds
    return {asset: round(value, 3) for asset, value in sorted(seconds.items())}


def relation(asset_key) -> str:
    """Asset key = DuckDB relation: ["raw", "pjm_queue__projects"] -> raw.pjm_queue__projects."""
    return ".".join(asset_key.path)


def logged_events(instance: DagsterInstance, run_ids: Iterable[str]) -> list[LoggedEvent]:
    events = []
    for run_id in run_ids:
        for entry in instance.all_logs(run_id, of_type=set(STEP_EVENTS)):
            dagster_event = entry.dagster_event
            if dagster_event is None or entry.step_key is None:
                continue
            kind = STEP_EVENTS[dagster_event.event_type]
            asset, dbt_seconds = None, None
            if kind == "asset":
                materialization = dagster_event.step_materialization_data.materialization
                asset = relation(materialization.asset_key)
                duration = materialization.metadata.get(DBT_DURATION)
                dbt_seconds = None if duration is None else float(duration.value)
            events.append(
                LoggedEvent(run_id, entry.step_key, kind, entry.timestamp, asset, dbt_seconds)
            )
    return events
