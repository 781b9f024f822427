"""Alerts as plain data, and their delivery (no Dagster).

An alert names the asset(s), the check, the owner(s) and the runbook section
(`docs/RUNBOOK.md#<anchor>`). It goes to a Slack incoming webhook when
`MAESTRO_SLACK_WEBHOOK_URL` is set (retried like every other HTTP call), and otherwise, or when
the webhook still fails after its retries, it is appended as one JSON line to
`<data dir>/alerts.log`. Delivery never raises: its outcome is returned as a `DeliveryResult`
and logged, so an alert can never fail the run or sensor that sent it.

The webhook URL is a secret: it is read from the environment at the moment of sending and
never logged, returned, written to the alerts log or put in the payload.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from maestro_assets.lib.http import (
    RETRYABLE_STATUSES,
    HttpPolicy,
    backoff_delay,
    retry_after_seconds,
)
from maestro_assets.lib.warehouse import relation_exists

WEBHOOK_ENV = "MAESTRO_SLACK_WEBHOOK_URL"
SIGNAL_SCORE_ENV = "MAESTRO_SIGNAL_ALERT_SCORE"
DEFAULT_SIGNAL_SCORE = 15.0
ALERTS_LOG = "alerts.log"
RUNBOOK_PATH = "docs/RUNBOOK.md"
RUN_FAILURE_ANCHOR = "run-failures"
SIGNAL_DIGEST_ANCHOR = "signal-digest"
DIGEST_LINES = 10
ALERT_POLICY = HttpPolicy(
    timeout_seconds=10.0, max_attempts=4, backoff_seconds=1.0, max_backoff_seconds=30.0
)

LOGGER = logging.getLogger(__name__)


class _RedactWebhooks(logging.Filter):
    """httpx logs every request's full URL at INFO: take the webhook out of those records."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.urls:
            message = record.getMessage()
            redacted = message
            for url in list(self.urls):
                redacted = _redact(redacted, url)
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


_HTTPX_REDACTION = _RedactWebhooks()
logging.getLogger("httpx").addFilter(_HTTPX_REDACTION)


@dataclass(frozen=True)
class Alert:
    kind: str  # run_failure | check_failure | signal_digest
    title: str
    summary: str
    runbook_anchor: str
    assets: tuple[str, ...] = ()
    check: str | None = None
    owners: tuple[str, ...] = ()
    run_id: str | None = None
    details: tuple[str, ...] = ()

    @property
    def runbook(self) -> str:
        return f"{RUNBOOK_PATH}#{self.runbook_anchor}"


@dataclass(frozen=True)
class DeliveryResult:
    delivered: bool  # True: the webhook accepted it, or (no webhook) it is in alerts.log
    channel: str  # "slack" or "log"
    attempts: int = 0
    status: int | None = None
    error: str | None = None  # never contains the webhook URL
    log_path: str | None = None  # where the alert was appended, if it was

    def describe(self) -> str:
        if self.channel == "log" and self.delivered:
            return f"alert appended to {self.log_path}"
        if self.delivered:
            return f"alert delivered to Slack (HTTP {self.status}, {self.attempts} attempt(s))"
        kept = f"; kept in {self.log_path}" if self.log_path else ""
        return f"alert NOT delivered to Slack after {self.attempts} attempt(s): {self.error}{kept}"


@dataclass(frozen=True)
class SignalRow:
    signal_type: str
    subject_type: str
    subject_key: str
    subject_name: str | None
    score: float
    confidence: float | None
    last_seen: date | None

    @property
    def key(self) -> str:
        return f"{self.signal_type}:{self.subject_type}:{self.subject_key}"


def runbook_anchor(check_name: str, dbt_test_kind: str | None = None) -> str:
    """The RUNBOOK.md anchor of a check: `dbt-<kind>` for dbt tests, else the check's name."""
    if dbt_test_kind:
        return f"dbt-{dbt_test_kind}"
    return check_name


def check_failure_alert(
    asset: str,
    check: str,
    owners: Iterable[str],
    description: str | None,
    anchor: str,
    run_id: str | None = None,
) -> Alert:
    return Alert(
        kind="check_failure",
        title=f"ERROR check failed: {asset} / {check}",
        summary=description or "no description; see the check's metadata in the Dagster UI",
        runbook_anchor=anchor,
        assets=(asset,),
        check=check,
        owners=tuple(sorted(set(owners))),
        run_id=run_id,
    )


def run_failure_alert(
    job_name: str,
    run_id: str,
    assets: Iterable[str],
    owners: Iterable[str],
    message: str | None,
    step_errors: Iterable[str] = (),
) -> Alert:
    assets = tuple(sorted(set(assets)))
    return Alert(
        kind="run_failure",
        title=f"Run failed: {job_name} ({run_id[:8]})",
        summary=message or "the run failed",
        runbook_anchor=RUN_FAILURE_ANCHOR,
        assets=assets,
        owners=tuple(sorted(set(owners))),
        run_id=run_id,
        details=tuple(_shorten(e, 500) for e in step_errors),
    )


def signal_digest_alert(signals: list[SignalRow], threshold: float, owners: Iterable[str]) -> Alert:
    ordered = sorted(signals, key=lambda s: (-s.score, s.key))
    lines = [
        f"{s.signal_type} {s.subject_type} {s.subject_name or s.subject_key}: score {s.score:.1f}"
        + (f", confidence {s.confidence:.2f}" if s.confidence is not None else "")
        + (f", last seen {s.last_seen}" if s.last_seen else "")
        for s in ordered[:DIGEST_LINES]
    ]
    if len(ordered) > DIGEST_LINES:
        lines.append(f"… and {len(ordered) - DIGEST_LINES} more")
    return Alert(
        kind="signal_digest",
        title=f"{len(ordered)} new high-score signal(s) (score ≥ {threshold:g})",
        summary="signals in marts.signals not alerted before",
        runbook_anchor=SIGNAL_DIGEST_ANCHOR,
        assets=("marts/signals",),
        owners=tuple(sorted(set(owners))),
        details=tuple(lines),
    )


def alert_text(alert: Alert) -> str:
    """The message: Slack mrkdwn, readable as plain text too."""
    lines = [f"*{alert.title}*", alert.summary]
    if alert.assets:
        lines.append("Asset: " + ", ".join(f"`{a}`" for a in alert.assets))
    if alert.check:
        lines.append(f"Check: `{alert.check}`")
    lines.append("Owner: " + (", ".join(alert.owners) if alert.owners else "unowned"))
    if alert.run_id:
        lines.append(f"Run: {alert.run_id}")
    lines.append(f"Runbook: {alert.runbook}")
    lines.extend(f"• {detail}" for detail in alert.details)
    return "\n".join(lines)


def slack_payload(alert: Alert) -> dict[str, Any]:
    return {"text": alert_text(alert)}


def log_record(alert: Alert, now: datetime | None = None) -> dict[str, Any]:
    record = {"at": (now or datetime.now(UTC)).isoformat(), **asdict(alert)}
    record["runbook"] = alert.runbook
    record["text"] = alert_text(alert)
    return record


def alerts_log_path(data_dir: Path) -> Path:
    return Path(data_dir) / ALERTS_LOG


def append_to_log(alert: Alert, data_dir: Path, **extra: Any) -> Path:
    path = alerts_log_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({**log_record(alert), **extra}, default=str, ensure_ascii=False)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    return path


def deliver(
    alert: Alert,
    data_dir: Path,
    *,
    environ: Mapping[str, str] | None = None,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
    policy: HttpPolicy = ALERT_POLICY,
    logger: Any = None,
) -> DeliveryResult:
    """Send an alert to Slack, or append it to alerts.log. Never raises."""
    log = logger or LOGGER
    env = os.environ if environ is None else environ
    url = (env.get(WEBHOOK_ENV) or "").strip()
    try:
        if not url:
            path = append_to_log(alert, data_dir)
            result = DeliveryResult(True, "log", log_path=str(path))
        else:
            _HTTPX_REDACTION.urls.add(url)
            result = _post_with_retries(alert, url, transport, sleep, policy)
            if not result.delivered:
                result = _keep_undelivered(alert, data_dir, result)
    except Exception as exc:  # an alert must never fail what sent it
        result = DeliveryResult(
            False, "slack" if url else "log", error=_redact(f"{type(exc).__name__}: {exc}", url)
        )
    (log.info if result.delivered else log.warning)(f"{alert.title}: {result.describe()}")
    return result


def _keep_undelivered(alert: Alert, data_dir: Path, result: DeliveryResult) -> DeliveryResult:
    try:
        path = append_to_log(alert, data_dir, delivery_error=result.error)
    except OSError:
        return result
    return DeliveryResult(
        False, result.channel, result.attempts, result.status, result.error, str(path)
    )


def _post_with_retries(
    alert: Alert,
    url: str,
    transport: httpx.BaseTransport | None,
    sleep: Callable[[float], None],
    policy: HttpPolicy,
) -> DeliveryResult:
    payload = slack_payload(alert)
    status: int | None = None
    error = "not attempted"
    with httpx.Client(
        timeout=policy.timeout_seconds, transport=transport, follow_redirects=False
    ) as client:
        for attempt in range(1, policy.max_attempts + 1):
            retry_after = None
            try:
                response = client.post(url, json=payload)
            except httpx.HTTPError as exc:
                status, error = None, _redact(f"{type(exc).__name__}: {exc or 'no detail'}", url)
            else:
                status = response.status_code
                if 200 <= status < 300:
                    return DeliveryResult(True, "slack", attempt, status)
                error = f"HTTP {status}: {_redact(_shorten(response.text, 200), url)}"
                if status not in RETRYABLE_STATUSES:
                    return DeliveryResult(False, "slack", attempt, status, error)
                retry_after = retry_after_seconds(response.headers.get("retry-after"))
            if attempt < policy.max_attempts:
                sleep(backoff_delay(attempt, policy, retry_after))
    return DeliveryResult(False, "slack", policy.max_attempts, status, error)


def _redact(text: str, url: str) -> str:
    if not url:
        return text
    for secret in (url, urlsplit(url).path):
        if secret and secret != "/":
            text = text.replace(secret, "<webhook>")
    return text


def _shorten(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def signal_alert_threshold(environ: Mapping[str, str] | None = None) -> float:
    env = os.environ if environ is None else environ
    text = env.get(SIGNAL_SCORE_ENV)
    if not text:
        return DEFAULT_SIGNAL_SCORE
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{SIGNAL_SCORE_ENV}={text!r} is not a number") from None


def high_score_signals(connection, threshold: float) -> list[SignalRow]:
    """Rows of marts.signals scoring at least `threshold` (none when the mart is not built)."""
    if not relation_exists(connection, "marts.signals"):
        return []
    rows = connection.execute(
        "SELECT signal_type, subject_type, subject_key, subject_name, score, confidence, "
        "last_seen FROM marts.signals WHERE score >= ? ORDER BY score DESC, subject_key",
        [threshold],
    ).fetchall()
    return [SignalRow(*row) for row in rows]


@dataclass
class DigestCursor:
    """The keys of the high-score signals already alerted (those still above the threshold)."""

    alerted: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, text: str | None) -> DigestCursor:
        if not text:
            return cls()
        return cls(set(json.loads(text).get("alerted", [])))

    def dumps(self) -> str:
        return json.dumps({"alerted": sorted(self.alerted)})

    def new_signals(self, signals: list[SignalRow]) -> list[SignalRow]:
        return [s for s in signals if s.key not in self.alerted]

    def after(self, signals: list[SignalRow]) -> DigestCursor:
        """Remember every signal now above the threshold; forget those that fell below it, so a
        signal that falls and rises again is new again."""
        return DigestCursor({s.key for s in signals})
