"""The source HTTP client: replay, live retries, size limits, conditional GET, recording."""

from pathlib import Path

import httpx
import pytest

from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.http import (
    HostRateLimiter,
    HttpPolicy,
    SnapshotStore,
    SourceClient,
    SourceRequest,
    retry_after_seconds,
    snapshot_entry,
    write_snapshot_index,
)
from maestro_assets.lib.settings import SourceMode

URL = "https://publisher.example.org/data/file.json"
KEYED = SourceRequest(URL, params=(("b", "2"), ("a", "1")), secret_params=(("api_key", "KEY"),))


def live_client(handler, tmp_path: Path, mode=SourceMode.LIVE, sleeps=None, **policy):
    return SourceClient(
        "example",
        mode,
        tmp_path / "snapshots",
        "maestro-tests/0 (tests@example.org)",
        policy=HttpPolicy(backoff_seconds=0.5, **policy),
        transport=httpx.MockTransport(handler),
        environ={"KEY": "s3cret"},
        sleep=(sleeps.append if sleeps is not None else lambda _: None),
        rate_limiter=HostRateLimiter(),
    )


def test_public_url_orders_parameters_and_never_contains_the_secret():
    assert KEYED.public_url == f"{URL}?a=1&b=2"
    assert "s3cret" not in KEYED.public_url


def test_live_request_sends_the_secret_and_user_agent_but_reports_the_public_url(tmp_path):
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"{}")

    response = live_client(handler, tmp_path).get(KEYED)
    assert seen[0].url.params["api_key"] == "s3cret"
    assert seen[0].headers["user-agent"].startswith("maestro-tests")
    assert response.url == KEYED.public_url
    assert "s3cret" not in repr(response)


def test_live_mode_without_the_key_names_the_variable_not_a_value(tmp_path):
    client = live_client(lambda r: httpx.Response(200), tmp_path)
    client._environ = {}
    with pytest.raises(FetchError, match="environment variable KEY"):
        client.get(KEYED)


def test_429_then_success_waits_as_long_as_retry_after_says(tmp_path):
    answers = iter([httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200)])
    sleeps: list[float] = []
    response = live_client(lambda r: next(answers), tmp_path, sleeps=sleeps).get(KEYED)
    assert response.status == 200
    assert sleeps == [7.0]


def test_503_without_retry_after_backs_off_exponentially_then_fails_naming_the_url(tmp_path):
    sleeps: list[float] = []
    client = live_client(lambda r: httpx.Response(503), tmp_path, sleeps=sleeps, max_attempts=3)
    with pytest.raises(FetchError, match=r"HTTP 503 after 3 attempts") as error:
        client.get(KEYED)
    assert sleeps == [0.5, 1.0]
    assert error.value.location == KEYED.public_url


def test_network_errors_are_retried_then_reported(tmp_path):
    def handler(request):
        raise httpx.ConnectError("connection refused")

    with pytest.raises(FetchError, match="network error after 2 attempts"):
        live_client(handler, tmp_path, max_attempts=2).get(KEYED)


def test_a_404_is_returned_once_and_get_ok_turns_it_into_a_named_error(tmp_path):
    calls = []

    def handler(request):
        calls.append(request)
        return httpx.Response(404)

    client = live_client(handler, tmp_path)
    with pytest.raises(FetchError, match="HTTP 404"):
        client.get_ok(KEYED)
    assert len(calls) == 1


def test_a_response_larger_than_the_limit_is_refused(tmp_path):
    client = live_client(
        lambda r: httpx.Response(200, content=b"x" * 2048), tmp_path, max_response_bytes=1024
    )
    with pytest.raises(FetchError, match="1024-byte limit"):
        client.get(KEYED)


def test_conditional_get_sends_validators_and_reports_not_modified(tmp_path):
    def handler(request):
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304)
        return httpx.Response(200, headers={"ETag": '"v1"'}, content=b"body")

    client = live_client(handler, tmp_path)
    first = client.get(KEYED)
    assert first.etag == '"v1"'
    assert client.get(KEYED, etag=first.etag).not_modified


def test_record_mode_saves_a_snapshot_that_snapshot_mode_replays(tmp_path):
    handler = lambda r: httpx.Response(  # noqa: E731
        200, headers={"ETag": '"abc"', "Content-Type": "application/json"}, content=b'{"a": 1}'
    )
    live_client(handler, tmp_path, mode=SourceMode.RECORD).get(KEYED)
    replay = SourceClient("example", SourceMode.SNAPSHOT, tmp_path / "snapshots", "ua")
    response = replay.get(KEYED)
    assert response.content == b'{"a": 1}' and response.replayed
    assert "s3cret" not in (tmp_path / "snapshots" / "example" / "responses.json").read_text()
    assert replay.get(KEYED, etag='"abc"').not_modified


def test_snapshot_mode_without_a_recording_says_how_to_get_one(tmp_path):
    client = SourceClient("example", SourceMode.SNAPSHOT, tmp_path, "ua")
    with pytest.raises(FetchError, match="MAESTRO_SOURCE_MODE=record"):
        client.get(KEYED)


def test_snapshot_can_replay_an_error_status(tmp_path):
    directory = tmp_path / "example"
    directory.mkdir()
    (directory / "page.html").write_text("<html>busy</html>")
    write_snapshot_index(directory, [snapshot_entry(URL, "page.html", {}, status=503)])
    response = SnapshotStore(directory, "example").replay(SourceRequest(URL))
    assert response.status == 503


def test_rate_limiter_spaces_requests_to_one_host():
    now = [0.0]
    slept: list[float] = []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = HostRateLimiter(clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limiter.wait("efts.sec.gov", 0.1)
    limiter.wait("other.example.org", 0.1)
    assert slept == pytest.approx([0.1, 0.1])


def test_retry_after_accepts_seconds_and_http_dates():
    from datetime import UTC, datetime

    assert retry_after_seconds("12") == 12.0
    now = datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("Thu, 01 Jan 2026 00:00:30 GMT", now=now) == 30.0
    assert retry_after_seconds("soon") is None


def test_an_api_that_echoes_the_key_in_its_body_never_gets_it_stored(tmp_path):
    echo = lambda r: httpx.Response(  # noqa: E731
        200, content=b'{"request": {"params": {"api_key": "s3cret", "a": "1"}}}'
    )
    live_client(echo, tmp_path, mode=SourceMode.RECORD).get(KEYED)
    stored = [p.read_bytes() for p in (tmp_path / "snapshots").rglob("*") if p.is_file()]
    assert stored and not any(b"s3cret" in body for body in stored)


def test_a_redirect_off_the_allow_list_is_refused_before_it_is_fetched(tmp_path):
    fetched = []

    def handler(request: httpx.Request) -> httpx.Response:
        fetched.append(request.url.host)
        if request.url.host == "publisher.example.org":
            return httpx.Response(302, headers={"Location": "https://elsewhere.example.net/x"})
        return httpx.Response(200, content=b"not for us")

    client = live_client(handler, tmp_path)
    client.allowed_hosts = ("publisher.example.org",)
    with pytest.raises(FetchError, match=r"'elsewhere\.example\.net' is not on the allow-list"):
        client.get(SourceRequest(URL))
    assert fetched == ["publisher.example.org"]
