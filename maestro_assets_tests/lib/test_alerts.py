"""Alert text and delivery, against a local webhook server on 127.0.0.1 (no network)."""

from __future__ import annotations

import json
import logging
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import pytest

from maestro_assets.lib.alerts import (
    ALERT_POLICY,
    WEBHOOK_ENV,
    DigestCursor,
    SignalRow,
    alert_text,
    check_failure_alert,
    deliver,
    high_score_signals,
    run_failure_alert,
    runbook_anchor,
    signal_alert_threshold,
    signal_digest_alert,
    slack_payload,
)

SECRET_PATH = "/services/T0000/B0000/s3cr3tW3bh00kT0k3n"


class WebhookServer:
    """A Slack-like incoming webhook: answers each POST with the next scripted status."""

    def __init__(self, statuses=(), default: int = 200, headers: dict | None = None) -> None:
        self.statuses = list(statuses)
        self.default = default
        self.headers = headers or {}
        self.requests: list[tuple[str, dict]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                server.requests.append((self.path, json.loads(body)))
                status = server.statuses.pop(0) if server.statuses else server.default
                # Like some proxies, echo the path in errors: it must be redacted.
                text = b"ok" if status == 200 else f"no such hook {self.path}".encode()
                self.send_response(status)
                for name, value in server.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(text)))
                self.end_headers()
                self.wfile.write(text)

            def log_message(self, *args) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}{SECRET_PATH}"

    def __enter__(self) -> WebhookServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def sample_alert():
    return check_failure_alert(
        "raw/pjm_queue__projects",
        "required_columns_are_populated",
        ["team:pipeline-signal"],
        "required column(s) entirely empty in vintage 2026-08-31: Status",
        runbook_anchor("required_columns_are_populated"),
        run_id="abcdef12-3456",
    )


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        assert "s3cr3tW3bh00kT0k3n" not in text


def test_the_alert_names_asset_check_owner_and_runbook_section():
    text = alert_text(sample_alert())
    assert "raw/pjm_queue__projects" in text
    assert "required_columns_are_populated" in text
    assert "team:pipeline-signal" in text
    assert "docs/RUNBOOK.md#required_columns_are_populated" in text
    assert slack_payload(sample_alert()) == {"text": text}


def test_dbt_tests_link_to_their_kind_and_run_failures_to_their_section():
    assert runbook_anchor("not_null_stg_x_stage", "not_null") == "dbt-not_null"
    alert = run_failure_alert("build_warehouse", "run-1234567890", ["marts/signals"], [], None)
    assert alert.runbook == "docs/RUNBOOK.md#run-failures"
    assert "Owner: unowned" in alert_text(alert)


def test_delivery_to_the_webhook(tmp_path):
    with WebhookServer() as server:
        result = deliver(sample_alert(), tmp_path, environ={WEBHOOK_ENV: server.url})
    assert result.delivered and result.channel == "slack"
    assert (result.attempts, result.status) == (1, 200)
    [(path, payload)] = server.requests
    assert path == SECRET_PATH
    assert payload == slack_payload(sample_alert())
    assert not (tmp_path / "alerts.log").exists()


def test_a_server_error_is_retried_with_backoff(tmp_path):
    sleeps = Sleeps()
    with WebhookServer(statuses=[500, 503]) as server:
        result = deliver(sample_alert(), tmp_path, environ={WEBHOOK_ENV: server.url}, sleep=sleeps)
    assert result.delivered and result.attempts == 3
    assert len(server.requests) == 3
    assert sleeps == [1.0, 2.0]


def test_retry_after_is_honoured(tmp_path):
    sleeps = Sleeps()
    with WebhookServer(statuses=[429], headers={"Retry-After": "7"}) as server:
        result = deliver(sample_alert(), tmp_path, environ={WEBHOOK_ENV: server.url}, sleep=sleeps)
    assert result.delivered and sleeps == [7.0]


def test_a_webhook_that_always_fails_is_reported_kept_and_never_raises(tmp_path, caplog):
    sleeps = Sleeps()
    caplog.set_level(logging.DEBUG)
    with WebhookServer(default=500) as server:
        result = deliver(sample_alert(), tmp_path, environ={WEBHOOK_ENV: server.url}, sleep=sleeps)
    assert not result.delivered
    assert result.attempts == ALERT_POLICY.max_attempts == len(server.requests)
    assert result.status == 500 and result.error.startswith("HTTP 500")
    assert "<webhook>" in result.error  # the echoed path was redacted
    kept = json.loads((tmp_path / "alerts.log").read_text().splitlines()[0])
    assert kept["check"] == "required_columns_are_populated"
    assert kept["delivery_error"] == result.error
    assert "NOT delivered" in caplog.text
    assert_no_secret(caplog.text, repr(result), (tmp_path / "alerts.log").read_text())


def test_a_client_error_is_not_retried(tmp_path):
    sleeps = Sleeps()
    with WebhookServer(statuses=[404]) as server:
        result = deliver(sample_alert(), tmp_path, environ={WEBHOOK_ENV: server.url}, sleep=sleeps)
    assert not result.delivered and result.attempts == 1 and sleeps == []
    assert_no_secret(repr(result))


def test_an_unreachable_webhook_never_raises(tmp_path, caplog):
    with WebhookServer() as server:
        url = server.url
    # the server is closed: connection refused on every attempt
    caplog.set_level(logging.DEBUG)
    result = deliver(sample_alert(), tmp_path, environ={WEBHOOK_ENV: url}, sleep=Sleeps())
    assert not result.delivered and result.attempts == ALERT_POLICY.max_attempts
    assert "ConnectError" in result.error
    assert_no_secret(caplog.text, repr(result), (tmp_path / "alerts.log").read_text())


def test_without_a_webhook_the_alert_is_one_json_line_in_alerts_log(tmp_path):
    first = deliver(sample_alert(), tmp_path / "data", environ={})
    deliver(sample_alert(), tmp_path / "data", environ={})
    assert first.delivered and first.channel == "log"
    lines = (tmp_path / "data" / "alerts.log").read_text().splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record["kind"] == "check_failure"
    assert record["assets"] == ["raw/pjm_queue__projects"]
    assert record["owners"] == ["team:pipeline-signal"]
    assert record["runbook"] == "docs/RUNBOOK.md#required_columns_are_populated"
    assert "delivery_error" not in record


def test_an_unwritable_log_is_reported_not_raised(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = deliver(sample_alert(), blocker, environ={})  # data dir is a file
    assert not result.delivered and result.channel == "log" and result.error


def signals_connection():
    connection = duckdb.connect()
    connection.execute("CREATE SCHEMA marts")
    connection.execute(
        "CREATE TABLE marts.signals (signal_type VARCHAR, subject_type VARCHAR, "
        "subject_key VARCHAR, subject_name VARCHAR, score DOUBLE, confidence DOUBLE, "
        "last_seen DATE)"
    )
    connection.execute(
        "INSERT INTO marts.signals VALUES "
        "('pipeline_movement', 'organization', 'nextera', 'NextEra', 29.1, 0.8, '2026-08-31'),"
        "('pipeline_movement', 'organization', 'edf', NULL, 22.2, NULL, NULL),"
        "('pipeline_movement', 'project', 'p1', NULL, 3.0, 0.4, '2026-08-31')"
    )
    return connection


def test_high_score_signals_and_the_digest_cursor():
    connection = signals_connection()
    signals = high_score_signals(connection, 15.0)
    assert [s.subject_key for s in signals] == ["nextera", "edf"]
    cursor = DigestCursor.parse(None)
    assert cursor.new_signals(signals) == signals
    cursor = DigestCursor.parse(cursor.after(signals).dumps())
    assert cursor.new_signals(signals) == []
    newcomer = SignalRow("pipeline_movement", "organization", "aes", None, 19.0, 0.5, None)
    assert cursor.new_signals([*signals, newcomer]) == [newcomer]
    assert high_score_signals(duckdb.connect(), 15.0) == []  # mart not built yet


def test_the_digest_lists_signals_best_first():
    rows = [
        SignalRow("pipeline_movement", "organization", f"org{i}", None, float(i), None, None)
        for i in range(20, 32)
    ]
    alert = signal_digest_alert(rows, 15.0, ["team:signals"])
    assert alert.title.startswith("12 new high-score signal(s)")
    assert alert.details[0].startswith("pipeline_movement organization org31: score 31.0")
    assert alert.details[-1] == "… and 2 more"
    assert alert.runbook == "docs/RUNBOOK.md#signal-digest"


def test_the_threshold_comes_from_the_environment():
    assert signal_alert_threshold({}) == 15.0
    assert signal_alert_threshold({"MAESTRO_SIGNAL_ALERT_SCORE": "8.5"}) == 8.5
    with pytest.raises(ValueError, match="MAESTRO_SIGNAL_ALERT_SCORE"):
        signal_alert_threshold({"MAESTRO_SIGNAL_ALERT_SCORE": "high"})


def test_signal_rows_key():
    row = SignalRow("t", "organization", "k", None, 1.0, None, date(2026, 1, 1))
    assert row.key == "t:organization:k"
