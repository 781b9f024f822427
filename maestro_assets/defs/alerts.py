"""Alerting sensors: they send alerts and request no runs.

- `alert_on_run_failure`: one alert per failed run of this code location, naming the assets the
  run planned but did not materialize, their owners, and the runbook's run-failure section.
- `alert_on_error_check_failure`: one alert per failed ERROR-severity check evaluation (Python
  checks and dbt tests), naming the asset, the check, the asset's owners and the check's
  runbook section. Its cursor is the last event-log storage id read; its first tick starts
  after the current last event, so history is never alerted.
- `signal_digest`: one digest of the rows of marts.signals scoring at least
  `MAESTRO_SIGNAL_ALERT_SCORE` (default 15) not alerted before; its cursor holds their keys.

Delivery (`lib/alerts.deliver`) never raises: a webhook that stays down is logged, the alert is
kept in alerts.log, and neither the triggering run nor the sensor tick fails.
"""

from __future__ import annotations

import json
from functools import cache

from dagster import (
    AssetCheckKey,
    AssetCheckSeverity,
    AssetKey,
    DagsterEventType,
    DagsterInstance,
    DefaultSensorStatus,
    EventRecordsFilter,
    RunFailureSensorContext,
    SensorEvaluationContext,
    SkipReason,
    run_failure_sensor,
    sensor,
)

from maestro_assets.defs.dbt import DBT_PROJECT, warehouse_dbt_models
from maestro_assets.defs.resources import WarehouseResource
from maestro_assets.lib.alerts import (
    DigestCursor,
    check_failure_alert,
    deliver,
    high_score_signals,
    run_failure_alert,
    runbook_anchor,
    signal_alert_threshold,
    signal_digest_alert,
)
from maestro_assets.lib.settings import Settings

SIGNALS = AssetKey(["marts", "signals"])
CHECK_EVENTS_PER_TICK = 500


@cache
def dbt_test_kinds() -> dict[AssetCheckKey, str]:
    """The generic test (unique, not_null, …; `singular` otherwise) behind each dbt check."""
    manifest = json.loads(DBT_PROJECT.manifest_path.read_text())
    kinds = {}
    for spec in warehouse_dbt_models.check_specs:
        node = manifest["nodes"].get(spec.metadata.get("dagster_dbt/unique_id"), {})
        kinds[spec.key] = (node.get("test_metadata") or {}).get("name") or "singular"
    return kinds


def anchor_for(check_key: AssetCheckKey) -> str:
    """The docs/RUNBOOK.md section an alert for this check links to."""
    return runbook_anchor(check_key.name, dbt_test_kinds().get(check_key))


def owners_of(repository_def, asset_key: AssetKey) -> list[str]:
    if repository_def is None:
        return []
    try:
        return list(repository_def.asset_graph.get(asset_key).owners)
    except Exception:  # an asset of another code location, or one since removed
        return []


def data_dir():
    return Settings.from_env().data_dir


def failed_asset_keys(instance: DagsterInstance, run_id: str) -> list[AssetKey]:
    """Assets the run planned to materialize and did not."""
    records = instance.get_records_for_run(
        run_id,
        of_type={
            DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
            DagsterEventType.ASSET_MATERIALIZATION,
        },
    ).records
    planned, done = set(), set()
    for record in records:
        event = record.event_log_entry.dagster_event
        if event is None or event.asset_key is None:
            continue
        if event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
            done.add(event.asset_key)
        else:
            planned.add(event.asset_key)
    return sorted(planned - done, key=lambda key: key.to_user_string())


def root_cause(error) -> str:
    """The innermost error's message: the user's exception, not Dagster's wrapper."""
    while getattr(error, "cause", None) is not None:
        error = error.cause
    return error.message.strip()


@run_failure_sensor(
    name="alert_on_run_failure",
    description="Alerts the owners of the assets a failed run did not materialize.",
    default_status=DefaultSensorStatus.RUNNING,
)
def alert_on_run_failure(context: RunFailureSensorContext) -> None:
    run = context.dagster_run
    failed = failed_asset_keys(context.instance, run.run_id)
    owners = {o for key in failed for o in owners_of(context.repository_def, key)}
    step_errors = [
        f"{event.step_key}: {root_cause(event.event_specific_data.error)}"
        for event in context.get_step_failure_events()
        if getattr(event.event_specific_data, "error", None)
    ]
    alert = run_failure_alert(
        run.job_name,
        run.run_id,
        [key.to_user_string() for key in failed],
        owners,
        context.failure_event.message,
        step_errors,
    )
    deliver(alert, data_dir(), logger=context.log)  # logs a failed delivery; never raises


@sensor(
    name="alert_on_error_check_failure",
    description="Alerts the asset's owners of every failed ERROR-severity check evaluation.",
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
)
def alert_on_error_check_failure(context: SensorEvaluationContext) -> SkipReason:
    storage = context.instance.event_log_storage
    if context.cursor is None:
        start = storage.get_maximum_record_id() or 0
        context.update_cursor(str(start))
        return SkipReason(f"starting after event {start}: earlier evaluations are not alerted")
    records = storage.get_event_records(
        EventRecordsFilter(
            DagsterEventType.ASSET_CHECK_EVALUATION, after_cursor=int(context.cursor)
        ),
        limit=CHECK_EVENTS_PER_TICK,
        ascending=True,
    )
    sent = 0
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        if evaluation.passed or evaluation.severity != AssetCheckSeverity.ERROR:
            continue
        alert = check_failure_alert(
            evaluation.asset_key.to_user_string(),
            evaluation.check_name,
            owners_of(context.repository_def, evaluation.asset_key),
            evaluation.description,
            anchor_for(evaluation.asset_check_key),
            run_id=record.event_log_entry.run_id or None,
        )
        deliver(alert, data_dir(), logger=context.log)  # logs a failed delivery; never raises
        sent += 1
    if records:
        context.update_cursor(str(records[-1].storage_id))
    return SkipReason(f"{len(records)} check evaluation(s) read, {sent} ERROR failure(s) alerted")


@sensor(
    name="signal_digest",
    description="A digest alert of new signals scoring at least MAESTRO_SIGNAL_ALERT_SCORE.",
    minimum_interval_seconds=600,
    default_status=DefaultSensorStatus.RUNNING,
)
def signal_digest(context: SensorEvaluationContext, warehouse: WarehouseResource) -> SkipReason:
    threshold = signal_alert_threshold()
    try:
        with warehouse.reading() as connection:
            signals = high_score_signals(connection, threshold)
    except FileNotFoundError as exc:
        return SkipReason(str(exc))
    cursor = DigestCursor.parse(context.cursor)
    new = cursor.new_signals(signals)
    if new:
        owners = owners_of(context.repository_def, SIGNALS)
        deliver(signal_digest_alert(new, threshold, owners), data_dir(), logger=context.log)
    context.update_cursor(cursor.after(signals).dumps())
    return SkipReason(f"{len(new)} new signal(s) with score ≥ {threshold:g}")


ALERT_SENSORS = [alert_on_run_failure, alert_on_error_check_failure, signal_digest]
