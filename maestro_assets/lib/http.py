"""One HTTP client for every source, with three modes: snapshot replay, live, and record.

A `SourceRequest` names a URL, its public query parameters and, separately, the secret
parameters (an API key) by the environment variable that holds them. Secrets are added
only on the wire: every URL that is logged, recorded or stored is the public one.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.settings import SourceMode

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
SNAPSHOT_INDEX = "responses.json"
KEPT_HEADERS = ("content-type", "etag", "last-modified", "content-disposition")


@dataclass(frozen=True)
class SourceRequest:
    url: str
    params: tuple[tuple[str, str], ...] = ()
    secret_params: tuple[tuple[str, str], ...] = ()  # (query parameter, environment variable)
    secret_headers: tuple[tuple[str, str], ...] = ()  # (header, environment variable)
    method: str = "GET"

    @property
    def public_url(self) -> str:
        """The URL with its public parameters in a stable order, and no secrets."""
        if not self.params:
            return self.url
        return f"{self.url}?{urlencode(sorted(self.params))}"

    def secrets(self, environ: Mapping[str, str], source_id: str) -> list[tuple[str, str]]:
        """(parameter, value) of every secret query parameter, read at the last moment."""
        return self._resolve(self.secret_params, environ, source_id)

    def header_secrets(self, environ: Mapping[str, str], source_id: str) -> dict[str, str]:
        return dict(self._resolve(self.secret_headers, environ, source_id))

    def _resolve(self, names, environ: Mapping[str, str], source_id: str):
        missing = [env for _, env in names if not environ.get(env)]
        if missing:
            raise FetchError(
                source_id, self.public_url, f"live mode needs the environment variable {missing[0]}"
            )
        return [(name, environ[env]) for name, env in names]


@dataclass(frozen=True)
class SourceResponse:
    url: str  # public URL, safe to log and store
    status: int
    headers: Mapping[str, str]
    content: bytes
    fetched_at: datetime
    replayed: bool = False

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass(frozen=True)
class HttpPolicy:
    """How politely and how patiently to talk to publishers."""

    timeout_seconds: float = 60.0
    max_attempts: int = 4
    backoff_seconds: float = 1.0
    max_backoff_seconds: float = 60.0
    max_response_bytes: int = 200 * 1024 * 1024
    min_interval_per_host: Mapping[str, float] = field(default_factory=dict)
    default_min_interval: float = 0.0


class HostRateLimiter:
    """Spaces requests to one host at least `interval` seconds apart, across threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep=time.sleep) -> None:
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock
        self._sleep = sleep

    def wait(self, host: str, interval: float) -> None:
        if interval <= 0:
            return
        with self._lock:
            now = self._clock()
            slot = max(now, self._next_slot.get(host, now))
            self._next_slot[host] = slot + interval
        if slot > now:
            self._sleep(slot - now)


# One limiter per process: SEC's 10 requests/second is a rule for the whole process.
PROCESS_RATE_LIMITER = HostRateLimiter()


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Parse a Retry-After header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, policy: HttpPolicy, retry_after: float | None) -> float:
    if retry_after is not None:
        return min(retry_after, policy.max_backoff_seconds)
    return min(policy.backoff_seconds * 2 ** (attempt - 1), policy.max_backoff_seconds)


class SourceClient:
    """Fetches `SourceRequest`s for one source in the configured mode."""

    def __init__(
        self,
        source_id: str,
        mode: SourceMode,
        snapshot_dir: Path,
        user_agent: str,
        policy: HttpPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        environ: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rate_limiter: HostRateLimiter = PROCESS_RATE_LIMITER,
        allowed_hosts: tuple[str, ...] = (),
    ) -> None:
        self.source_id = source_id
        self.mode = mode
        self.snapshots = SnapshotStore(snapshot_dir / source_id, source_id)
        self.user_agent = user_agent
        self.policy = policy or HttpPolicy()
        self._transport = transport
        self._environ = os.environ if environ is None else environ
        self._sleep = sleep
        self._rate_limiter = rate_limiter
        self.allowed_hosts = allowed_hosts

    def environment_value(self, name: str) -> str | None:
        """A setting from the environment this client sends requests with (the one its secret
        parameters and headers are read from), for checks before a pull; never stored."""
        return self._environ.get(name)

    def _refuse_unlisted_host(self, request: httpx.Request) -> None:
        """Runs before every request, redirects included: untrusted links stay on the list."""
        if self.allowed_hosts and request.url.host not in self.allowed_hosts:
            raise FetchError(
                self.source_id,
                str(request.url.copy_with(query=None)),
                f"host {request.url.host!r} is not on the allow-list {list(self.allowed_hosts)}",
            )

    def get(
        self,
        request: SourceRequest,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        vintage: date | None = None,
    ) -> SourceResponse:
        """GET a request. `vintage` selects among recorded versions of the same URL in
        snapshot mode; publishers serve only their current file, so live mode ignores it."""
        if self.mode is SourceMode.SNAPSHOT:
            return self.snapshots.replay(
                request, etag=etag, last_modified=last_modified, vintage=vintage
            )
        response = self._get_live(request, etag=etag, last_modified=last_modified)
        if self.mode is SourceMode.RECORD and response.status == 200:
            self.snapshots.record(request, response, vintage=vintage)
        return response

    def get_ok(self, request: SourceRequest, vintage: date | None = None) -> SourceResponse:
        """GET and insist on HTTP 200."""
        response = self.get(request, vintage=vintage)
        if response.status != 200:
            raise FetchError(self.source_id, response.url, f"HTTP {response.status}")
        return response

    def _get_live(
        self, request: SourceRequest, *, etag: str | None, last_modified: str | None
    ) -> SourceResponse:
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        secrets = request.secrets(self._environ, self.source_id)
        secret_headers = request.header_secrets(self._environ, self.source_id)
        headers.update(secret_headers)
        params = [*sorted(request.params), *secrets]
        host = urlsplit(request.url).hostname or ""
        interval = self.policy.min_interval_per_host.get(host, self.policy.default_min_interval)
        with httpx.Client(
            timeout=self.policy.timeout_seconds,
            follow_redirects=True,
            transport=self._transport,
            event_hooks={"request": [self._refuse_unlisted_host]},
        ) as client:
            for attempt in range(1, self.policy.max_attempts + 1):
                self._rate_limiter.wait(host, interval)
                try:
                    status, response_headers, content = self._stream(
                        client, request, params, headers
                    )
                except httpx.TransportError as exc:
                    problem = f"{type(exc).__name__}: {exc or 'no detail'}"
                    if attempt == self.policy.max_attempts:
                        raise FetchError(
                            self.source_id,
                            request.public_url,
                            f"network error after {attempt} attempts ({problem})",
                        ) from None
                    self._sleep(backoff_delay(attempt, self.policy, None))
                    continue
                if status in RETRYABLE_STATUSES and attempt < self.policy.max_attempts:
                    wait = retry_after_seconds(response_headers.get("retry-after"))
                    self._sleep(backoff_delay(attempt, self.policy, wait))
                    continue
                if status in RETRYABLE_STATUSES:
                    raise FetchError(
                        self.source_id,
                        request.public_url,
                        f"HTTP {status} after {attempt} attempts",
                    )
                return SourceResponse(
                    url=request.public_url,
                    status=status,
                    headers=response_headers,
                    content=redact(
                        content, [v for _, v in secrets] + list(secret_headers.values())
                    ),
                    fetched_at=datetime.now(UTC),
                )
        raise AssertionError("unreachable: the retry loop always returns or raises")

    def _stream(
        self,
        client: httpx.Client,
        request: SourceRequest,
        params: list[tuple[str, str]],
        headers: dict[str, str],
    ) -> tuple[int, dict[str, str], bytes]:
        limit = self.policy.max_response_bytes
        with client.stream(request.method, request.url, params=params, headers=headers) as response:
            declared = int(response.headers.get("content-length") or 0)
            if declared > limit:
                raise FetchError(
                    self.source_id,
                    request.public_url,
                    f"response of {declared} bytes exceeds the {limit}-byte limit",
                )
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(
                        self.source_id,
                        request.public_url,
                        f"response exceeds the {limit}-byte limit",
                    )
                chunks.append(chunk)
            kept = {
                k: response.headers[k]
                for k in (*KEPT_HEADERS, "retry-after")
                if k in response.headers
            }
            return response.status_code, kept, b"".join(chunks)


def redact(content: bytes, secrets: list[str]) -> bytes:
    """Some APIs echo the request, key included: never keep a secret in a stored body."""
    for secret in secrets:
        if secret:
            content = content.replace(secret.encode(), b"REDACTED")
    return content


class SnapshotStore:
    """Recorded responses for one source: `responses.json` plus one body file each."""

    def __init__(self, directory: Path, source_id: str) -> None:
        self.directory = directory
        self.source_id = source_id
        # The parsed index and its entries by URL, kept while the file is unchanged: a pull
        # replaying thousands of responses reads a large index once, not once per response.
        self._index: tuple[tuple[int, int], list[dict], dict[str, list[dict]]] | None = None

    @property
    def index_path(self) -> Path:
        return self.directory / SNAPSHOT_INDEX

    def _loaded(self) -> tuple[list[dict], dict[str, list[dict]]]:
        if not self.index_path.exists():
            return [], {}
        stat = self.index_path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
        if self._index is None or self._index[0] != version:
            entries = json.loads(self.index_path.read_text())["responses"]
            by_url: dict[str, list[dict]] = {}
            for entry in entries:
                by_url.setdefault(entry["url"], []).append(entry)
            self._index = (version, entries, by_url)
        return self._index[1], self._index[2]

    def entries(self) -> list[dict]:
        return list(self._loaded()[0])

    def find(self, url: str, vintage: date | None = None) -> dict | None:
        """The entry for a URL: the one recorded for `vintage`, or else the latest recorded."""
        matches = self._loaded()[1].get(url, [])
        if vintage is not None:
            return next((e for e in matches if e.get("vintage") == vintage.isoformat()), None)
        return max(matches, key=lambda e: e.get("vintage") or "", default=None)

    def vintages(self) -> list[date]:
        """Every vintage some entry was recorded for, oldest first."""
        return sorted(
            {date.fromisoformat(e["vintage"]) for e in self.entries() if e.get("vintage")}
        )

    def replay(
        self,
        request: SourceRequest,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        vintage: date | None = None,
    ) -> SourceResponse:
        url = request.public_url
        entry = self.find(url, vintage)
        if entry is None:
            wanted = f" for vintage {vintage}" if vintage else ""
            raise FetchError(
                self.source_id,
                url,
                f"no recorded response{wanted} in {self.index_path}; "
                "record one with MAESTRO_SOURCE_MODE=record or use MAESTRO_SOURCE_MODE=live",
            )
        headers = {k.lower(): v for k, v in entry.get("headers", {}).items()}
        unchanged = (etag and headers.get("etag") == etag) or (
            last_modified and headers.get("last-modified") == last_modified
        )
        status = 304 if unchanged else int(entry.get("status", 200))
        content = b"" if unchanged else (self.directory / entry["body"]).read_bytes()
        return SourceResponse(
            url=url,
            status=status,
            headers=headers,
            content=content,
            fetched_at=datetime.now(UTC),
            replayed=True,
        )

    def record(
        self, request: SourceRequest, response: SourceResponse, vintage: date | None = None
    ) -> None:
        """Save a live response as a snapshot body plus an index entry (last one wins)."""
        digest = hashlib.sha256(response.content).hexdigest()
        suffix = Path(urlsplit(request.url).path).suffix or ".bin"
        body = f"recorded/{digest[:16]}{suffix}"
        (self.directory / "recorded").mkdir(parents=True, exist_ok=True)
        (self.directory / body).write_bytes(response.content)
        key = vintage.isoformat() if vintage else None
        entries = [e for e in self.entries() if (e["url"], e.get("vintage")) != (response.url, key)]
        entries.append(snapshot_entry(response.url, body, response.headers, vintage=vintage))
        write_snapshot_index(self.directory, entries)
        self._index = None  # re-read even if the rewrite kept the file's size and mtime


def snapshot_entry(
    url: str,
    body: str,
    headers: Mapping[str, str],
    status: int = 200,
    vintage: date | None = None,
) -> dict:
    kept = {k: v for k, v in headers.items() if k in KEPT_HEADERS}
    entry = {"url": url, "status": status, "headers": kept, "body": body}
    if vintage is not None:
        entry["vintage"] = vintage.isoformat()
    return entry


def write_snapshot_index(directory: Path, entries: list[dict]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    ordered = sorted(entries, key=lambda e: (e["url"], e.get("vintage") or ""))
    temporary = directory / f".{SNAPSHOT_INDEX}.tmp"
    temporary.write_text(json.dumps({"responses": ordered}, indent=1) + "\n")
    temporary.replace(directory / SNAPSHOT_INDEX)
