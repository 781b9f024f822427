"""The alerting sensors against a real (ephemeral) Dagster instance and a local webhook, and the
runbook's coverage of every check of the definitions."""

from __future__ import annotations

import functools
import json
import logging
import re

import duckdb
import pytest
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    DagsterEventType,
    DagsterInstance,
    DagsterRunStatus,
    Definitions,
    asset,
    asset_check,
    build_run_status_sensor_context,
    build_sensor_context,
    materialize,
)

from maestro_assets.defs import alerts as alert_sensors
from maestro_assets.defs.alerts import (
    ALERT_SENSORS,
    alert_on_error_check_failure,
    alert_on_run_failure,
    anchor_for,
    signal_digest,
)
from maestro_assets.defs.resources import WarehouseResource
from maestro_assets.lib import alerts as alerts_lib
from maestro_assets.lib.alerts import RUN_FAILURE_ANCHOR, SIGNAL_DIGEST_ANCHOR, WEBHOOK_ENV
from maestro_assets.lib.settings import PROJECT_ROOT, reader_path_for
from maestro_assets_tests.lib.test_alerts import WebhookServer

RUNBOOK = PROJECT_ROOT / "docs" / "RUNBOOK.md"


def runbook_anchors() -> set[str]:
    return set(re.findall(r'<a id="([^"]+)"></a>', RUNBOOK.read_text()))


@pytest.fixture(scope="module")
def project_defs():
    from maestro_assets.definitions import defs

    return defs


def test_the_runbook_has_a_section_for_every_check(project_defs):
    """Adding a check (or a new kind of dbt test) without a runbook section fails here."""
    anchors = runbook_anchors()
    missing = sorted(
        f"{key.asset_key.to_user_string()}:{key.name} -> #{anchor_for(key)}"
        for key in project_defs.resolve_asset_graph().asset_check_keys
        if anchor_for(key) not in anchors
    )
    assert not missing, f"docs/RUNBOOK.md has no section for: {missing}"
    assert {RUN_FAILURE_ANCHOR, SIGNAL_DIGEST_ANCHOR, "escalation"} <= anchors
    assert {"backfilling", "rotating-keys"} <= anchors


def test_the_runbook_covers_rotation_of_every_key():
    text = RUNBOOK.read_text()
    for variable in (
        "EIA_API_KEY",
        "PJM_API_SUBSCRIPTION_KEY",
        "OPENAI_API_KEY",
        "MAESTRO_SLACK_WEBHOOK_URL",
        "maestro import",
    ):
        assert variable in text


def test_dbt_tests_link_to_their_kind(project_defs):
    anchors = {anchor_for(k) for k in project_defs.resolve_asset_graph().asset_check_keys}
    assert {"dbt-unique", "dbt-not_null", "latest_vintage_is_fresh"} <= anchors


def test_the_sensors_load_with_the_project(project_defs):
    merged = Definitions.merge(project_defs, Definitions(sensors=ALERT_SENSORS))
    merged.validate_loadable(merged)


# A toy graph: an owned asset with an ERROR check, a WARN check and a passing check.
@asset(owners=["team:toy"], group_name="toy", key=["toy", "table"])
def toy_table() -> int:
    return 1


def _check(name: str, passed: bool, severity: AssetCheckSeverity):
    @asset_check(asset=toy_table, name=name)
    def _c() -> AssetCheckResult:
        return AssetCheckResult(
            passed=passed, severity=severity, description=f"{name} found 3 bad rows"
        )

    return _c


TOY_CHECKS = [
    _check("toy_rows_are_valid", False, AssetCheckSeverity.ERROR),
    _check("toy_rows_look_usual", False, AssetCheckSeverity.WARN),
    _check("toy_rows_exist", True, AssetCheckSeverity.ERROR),
]


@asset(owners=["team:toy"], group_name="toy", key=["toy", "broken"])
def toy_broken() -> int:
    raise RuntimeError("publisher returned HTML")


TOY_REPOSITORY = Definitions(
    assets=[toy_table, toy_broken], asset_checks=TOY_CHECKS
).get_repository_def()


@pytest.fixture
def no_sleep(monkeypatch):
    """Retries without waiting: the sensors' deliver() with a recording sleep."""
    sleeps: list[float] = []
    monkeypatch.setattr(
        alert_sensors, "deliver", functools.partial(alerts_lib.deliver, sleep=sleeps.append)
    )
    return sleeps


def tick(sensor, instance, cursor=None, **kwargs):
    context = build_sensor_context(
        instance=instance, cursor=cursor, repository_def=TOY_REPOSITORY, **kwargs
    )
    result = sensor(context)
    return context, result


def test_a_failed_error_check_sends_one_alert_and_warn_failures_none(
    isolated_env, monkeypatch, no_sleep
):
    with DagsterInstance.ephemeral() as instance, WebhookServer() as server:
        monkeypatch.setenv(WEBHOOK_ENV, server.url)
        first, _ = tick(alert_on_error_check_failure, instance)
        assert first.cursor is not None  # the first tick only marks where it starts
        result = materialize([toy_table, *TOY_CHECKS], instance=instance)
        assert result.success
        context, skip = tick(alert_on_error_check_failure, instance, cursor=first.cursor)
        [(_, payload)] = server.requests
        text = payload["text"]
        assert "toy/table" in text and "toy_rows_are_valid" in text
        assert "team:toy" in text and "found 3 bad rows" in text
        assert "docs/RUNBOOK.md#toy_rows_are_valid" in text
        assert result.run_id in text
        assert "1 ERROR failure(s) alerted" in skip.skip_message
        again, _ = tick(alert_on_error_check_failure, instance, cursor=context.cursor)
        assert len(server.requests) == 1  # nothing is alerted twice
        assert again.cursor == context.cursor


def test_a_webhook_that_always_fails_never_fails_the_run_and_is_reported(
    isolated_env, monkeypatch, no_sleep, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    with DagsterInstance.ephemeral() as instance, WebhookServer(default=500) as server:
        monkeypatch.setenv(WEBHOOK_ENV, server.url)
        first, _ = tick(alert_on_error_check_failure, instance)
        result = materialize([toy_table, *TOY_CHECKS], instance=instance)
        context, skip = tick(alert_on_error_check_failure, instance, cursor=first.cursor)
        assert len(server.requests) == alerts_lib.ALERT_POLICY.max_attempts
        assert no_sleep == [1.0, 2.0, 4.0]
        assert instance.get_run_by_id(result.run_id).status == DagsterRunStatus.SUCCESS
        logged = caplog.text + capfd.readouterr().err  # Dagster's sensor log goes to stderr
        assert "alert NOT delivered to Slack after 4 attempt(s): HTTP 500" in logged
        log = isolated_env.data_dir / "alerts.log"
        [kept] = [json.loads(line) for line in log.read_text().splitlines()]
        assert kept["delivery_error"].startswith("HTTP 500")
        assert kept["check"] == "toy_rows_are_valid"
        for text in (logged, log.read_text(), context.cursor, skip.skip_message):
            assert server.url not in text and "s3cr3t" not in text


def failed_run_context(instance):
    result = materialize([toy_broken], instance=instance, raise_on_error=False)
    assert not result.success
    run = instance.get_run_by_id(result.run_id)
    [record] = instance.get_records_for_run(
        result.run_id, of_type=DagsterEventType.RUN_FAILURE
    ).records
    return build_run_status_sensor_context(
        sensor_name="alert_on_run_failure",
        dagster_event=record.event_log_entry.dagster_event,
        dagster_instance=instance,
        dagster_run=run,
        repository_def=TOY_REPOSITORY,
    ).for_run_failure()


def test_a_run_failure_alerts_the_owners_of_the_assets_not_materialized(
    isolated_env, monkeypatch, no_sleep
):
    with DagsterInstance.ephemeral() as instance, WebhookServer() as server:
        monkeypatch.setenv(WEBHOOK_ENV, server.url)
        context = failed_run_context(instance)
        alert_on_run_failure(context)
        [(_, payload)] = server.requests
        text = payload["text"]
        assert "Run failed" in text and "toy/broken" in text and "team:toy" in text
        assert "publisher returned HTML" in text
        assert "docs/RUNBOOK.md#run-failures" in text


def test_without_a_webhook_the_run_failure_is_a_line_in_alerts_log(isolated_env, monkeypatch):
    monkeypatch.delenv(WEBHOOK_ENV, raising=False)
    with DagsterInstance.ephemeral() as instance:
        alert_on_run_failure(failed_run_context(instance))
    [line] = (isolated_env.data_dir / "alerts.log").read_text().splitlines()
    record = json.loads(line)
    assert record["kind"] == "run_failure"
    assert record["assets"] == ["toy/broken"] and record["owners"] == ["team:toy"]
    assert record["runbook"] == "docs/RUNBOOK.md#run-failures"


def write_signals(warehouse: WarehouseResource, rows: list[tuple]) -> None:
    reader = reader_path_for(warehouse.path)
    reader.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(reader)) as connection:
        connection.execute("CREATE SCHEMA IF NOT EXISTS marts")
        connection.execute(
            "CREATE OR REPLACE TABLE marts.signals (signal_type VARCHAR, subject_type VARCHAR, "
            "subject_key VARCHAR, subject_name VARCHAR, score DOUBLE, confidence DOUBLE, "
            "last_seen DATE)"
        )
        connection.executemany("INSERT INTO marts.signals VALUES (?, ?, ?, ?, ?, ?, ?)", rows)


def test_the_signal_digest_alerts_each_new_high_score_signal_once(
    isolated_env, monkeypatch, project_defs
):
    monkeypatch.delenv(WEBHOOK_ENV, raising=False)
    monkeypatch.setenv("MAESTRO_SIGNAL_ALERT_SCORE", "15")
    warehouse = WarehouseResource(
        database=str(isolated_env.duckdb_path), raw_dir=str(isolated_env.raw_dir)
    )
    log = isolated_env.data_dir / "alerts.log"

    def digest(cursor):
        context = build_sensor_context(
            cursor=cursor,
            resources={"warehouse": warehouse},
            repository_def=project_defs.get_repository_def(),
        )
        skip = signal_digest(context)
        return context.cursor, skip

    cursor, skip = digest(None)
    assert "no warehouse" in skip.skip_message and not log.exists()

    org = ("pipeline_movement", "organization")
    write_signals(
        warehouse,
        [
            (*org, "nextera", "NextEra", 29.1, 0.8, "2026-08-31"),
            (*org, "edf", None, 22.2, 0.6, "2026-08-31"),
            ("pipeline_movement", "project", "p1", None, 3.0, 0.4, "2026-08-31"),
        ],
    )
    cursor, _ = digest(cursor)
    [first] = [json.loads(line) for line in log.read_text().splitlines()]
    assert first["kind"] == "signal_digest" and first["owners"] == ["team:signals"]
    assert first["title"].startswith("2 new high-score signal(s)")
    assert "NextEra" in first["text"] and "p1" not in first["text"]
    assert first["runbook"] == "docs/RUNBOOK.md#signal-digest"

    cursor, skip = digest(cursor)
    assert len(log.read_text().splitlines()) == 1, "nothing new: no second digest"
    assert skip.skip_message.startswith("0 new")

    write_signals(
        warehouse,
        [
            (*org, "nextera", "NextEra", 30.0, 0.8, "2026-09-30"),
            (*org, "edf", None, 22.2, 0.6, "2026-08-31"),
            (*org, "aes", "AES", 19.4, 0.5, "2026-09-30"),
        ],
    )
    digest(cursor)
    second = json.loads(log.read_text().splitlines()[1])
    assert second["title"].startswith("1 new high-score signal(s)")
    assert "AES" in second["text"] and "NextEra" not in second["text"]


def test_owners_come_from_the_asset(project_defs):
    repository = project_defs.get_repository_def()
    assert alert_sensors.owners_of(repository, AssetKey(["marts", "signals"])) == ["team:signals"]
    assert alert_sensors.owners_of(repository, AssetKey(["no", "such"])) == []
    assert alert_sensors.owners_of(None, AssetKey(["marts", "signals"])) == []
