"""Refresh sensors against a local publisher whose ETag changes, the inbox with good and bad
files, the cursor logic, and the wiring (one sensor and schedule per source)."""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest
from dagster import (
    AssetKey,
    RunRequest,
    SensorResult,
    SkipReason,
    build_schedule_context,
    build_sensor_context,
    instance_for_test,
)

from maestro_assets.defs.automation import (
    CRON_BY_CADENCE,
    MIN_INTERVAL_BY_CADENCE,
    PROBES,
    automation_for,
    inbox_sensor,
    refresh_schedule,
    refresh_sensor,
)
from maestro_assets.defs.resources import SourcesResource
from maestro_assets.lib.change_detection import ProbeCursor, judge_probe
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.settings import Settings, SourceMode
from maestro_assets.lib.sources.registry import ADAPTERS, adapter_for
from maestro_assets.lib.warehouse import connect_for_reading
from maestro_assets_tests.conftest import SNAPSHOTS

# --- a publisher on 127.0.0.1 ------------------------------------------------------------------


class Publisher:
    """What the server serves now; `validators` False serves neither ETag nor Last-Modified."""

    def __init__(self) -> None:
        self.content = b"jurisdiction,state\nA,NY\n"
        self.validators = True
        self.requests: list[dict[str, str]] = []
        self.statuses: list[int] = []

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.content).hexdigest()[:16] + '"'


@pytest.fixture
def publisher() -> Iterator[tuple[Publisher, str]]:
    state = Publisher()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.requests.append({k.lower(): v for k, v in self.headers.items()})
            if state.validators and self.headers.get("If-None-Match") == state.etag:
                state.statuses.append(304)
                self.send_response(304)
                self.send_header("ETag", state.etag)
                self.end_headers()
                return
            state.statuses.append(200)
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(state.content)))
            if state.validators:
                self.send_header("ETag", state.etag)
                self.send_header("Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT")
            self.end_headers()
            self.wfile.write(state.content)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/export.csv"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def instance():
    with instance_for_test() as instance:
        yield instance


def live_sources(tmp_path: Path) -> SourcesResource:
    return SourcesResource(
        mode="live",
        snapshot_dir=str(tmp_path / "snapshots"),
        user_agent="maestro-tests/0 (tests@example.org)",
        max_attempts=1,
    )


def tick(sensor_def, instance, cursor, sources):
    with build_sensor_context(
        instance=instance, cursor=cursor, resources={"sources": sources}
    ) as context:
        return sensor_def(context)


# A dated-vintage source whose file states no date (vintage = today), no rate limit.
DATED = adapter_for("sabin_interim_csv")


def test_etag_changes_drive_run_requests_and_304_means_nothing(publisher, instance, tmp_path):
    state, url = publisher
    sensor_def = refresh_sensor(DATED, probe=SourceRequest(url))
    sources = live_sources(tmp_path)
    today = date.today().isoformat()

    first = tick(sensor_def, instance, None, sources)
    assert isinstance(first, SensorResult)
    assert [r.partition_key for r in first.run_requests] == [today]
    assert first.dynamic_partitions_requests[0].partitions_def_name == "sabin_interim_csv_vintages"
    assert first.dynamic_partitions_requests[0].partition_keys == [today]
    cursor = ProbeCursor.from_json(first.cursor)
    assert cursor.etag == state.etag and cursor.vintage == today
    assert cursor.sha256 == hashlib.sha256(state.content).hexdigest()
    assert cursor.last_modified == "Tue, 24 Nov 2026 10:00:00 GMT"

    # Dagster stores the cursor and adds the partition; the next tick starts from both.
    instance.add_dynamic_partitions("sabin_interim_csv_vintages", [today])
    second = tick(sensor_def, instance, first.cursor, sources)
    assert state.requests[-1]["if-none-match"] == state.etag
    assert state.requests[-1]["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"
    assert state.statuses[-1] == 304
    assert not second.run_requests
    assert ProbeCursor.from_json(second.cursor) == cursor  # a 304 keeps what we knew

    state.content = b"jurisdiction,state\nA,NY\nB,OH\n"  # the publisher re-issues its file
    third = tick(sensor_def, instance, second.cursor, sources)
    assert state.statuses[-1] == 200
    assert [r.partition_key for r in third.run_requests] == [today]
    assert third.run_requests[0].run_key != first.run_requests[0].run_key
    assert not third.dynamic_partitions_requests  # today's partition already exists
    assert ProbeCursor.from_json(third.cursor).etag == state.etag


def test_without_validators_the_content_hash_decides(publisher, instance, tmp_path):
    state, url = publisher
    state.validators = False
    sensor_def = refresh_sensor(adapter_for("ncsl_siting_authority"), probe=SourceRequest(url))
    sources = live_sources(tmp_path)

    first = tick(sensor_def, instance, None, sources)
    assert len(first.run_requests) == 1
    cursor = ProbeCursor.from_json(first.cursor)
    assert cursor.etag is None and cursor.last_modified is None and cursor.sha256

    same = tick(sensor_def, instance, first.cursor, sources)
    assert state.statuses == [200, 200]  # the server cannot say 304: the hash must
    assert "if-none-match" not in state.requests[-1]
    assert not same.run_requests

    state.content = b"state,permitting_type\nNY,state\n"
    changed = tick(sensor_def, instance, same.cursor, sources)
    assert len(changed.run_requests) == 1
    assert ProbeCursor.from_json(changed.cursor).sha256 != cursor.sha256


def test_a_failing_probe_keeps_the_cursor(instance, tmp_path):
    sensor_def = refresh_sensor(DATED, probe=SourceRequest("http://127.0.0.1:9/nothing-here"))
    previous = ProbeCursor(etag='"x"', sha256="ab" * 32, vintage="2026-01-01").to_json()
    result = tick(sensor_def, instance, previous, live_sources(tmp_path))
    assert isinstance(result, SkipReason)
    assert "probe failed" in (result.skip_message or "")


def test_data_month_source_requests_the_newest_unmaterialized_month(instance):
    """Snapshot mode: EIA-860M's recorded landing page lists months up to August 2026."""
    snapshot = SourcesResource(snapshot_dir=str(SNAPSHOTS), user_agent="maestro-tests/0")
    sensor_def = refresh_sensor(adapter_for("eia860m"))
    first = tick(sensor_def, instance, None, snapshot)
    assert [r.partition_key for r in first.run_requests] == ["2026-08-01"]
    assert not first.dynamic_partitions_requests
    # Same landing page (the replay honours If-None-Match): nothing to do.
    again = tick(sensor_def, instance, first.cursor, snapshot)
    assert not again.run_requests


def test_schedule_runs_the_same_evaluation_without_a_cursor(publisher, instance, tmp_path):
    _, url = publisher
    schedule_def = refresh_schedule(DATED, probe=SourceRequest(url))
    with build_schedule_context(
        instance=instance, resources={"sources": live_sources(tmp_path)}
    ) as context:
        request = schedule_def(context)
    assert isinstance(request, RunRequest)
    today = date.today().isoformat()
    assert request.partition_key == today
    assert instance.has_dynamic_partition("sabin_interim_csv_vintages", today)


# --- the cursor, pure ----------------------------------------------------------------------------


def test_cursor_round_trips_and_tolerates_garbage():
    cursor = ProbeCursor(etag='"a"', last_modified="x", sha256="00", vintage="2026-08-31")
    assert ProbeCursor.from_json(cursor.to_json()) == cursor
    assert ProbeCursor.from_json(None) == ProbeCursor()
    assert ProbeCursor.from_json("not json") == ProbeCursor()


def test_judge_probe():
    fresh = judge_probe(ProbeCursor(), 200, b"a", '"1"', None)
    assert fresh.changed
    same = judge_probe(fresh.cursor, 200, b"a", '"2"', None)  # new ETag, same bytes
    assert not same.changed and same.cursor.etag == '"2"'
    assert not judge_probe(fresh.cursor, 304, b"", None, None).changed
    assert judge_probe(fresh.cursor, 200, b"b", '"1"', None).changed


# --- the inbox ----------------------------------------------------------------------------------

AUGUST = SNAPSHOTS / "eia860m" / "xls" / "august_generator2026.xlsx"


def raw_rows(settings: Settings) -> int | None:
    if not settings.duckdb_path.exists():
        return None
    with connect_for_reading(settings.duckdb_path) as connection:
        try:
            return connection.execute("SELECT count(*) FROM raw.eia860m__generators").fetchone()[0]
        except duckdb.CatalogException:
            return None


def test_inbox_lands_a_good_file_and_rejects_a_bad_one(isolated_env, instance):
    settings = isolated_env
    inbox = settings.data_dir / "inbox"
    (inbox / "eia860m").mkdir(parents=True)
    shutil.copy(AUGUST, inbox / "eia860m" / "2026-08-31_august.xlsx")
    sensor_def = inbox_sensor()

    result = sensor_def(build_sensor_context(instance=instance))
    assert isinstance(result, SkipReason) and "1 file(s) landed" in result.skip_message
    assert (inbox / "accepted" / "eia860m" / "2026-08-31_august.xlsx").is_file()
    assert not list((inbox / "eia860m").iterdir())
    rows = raw_rows(settings)
    assert rows and rows > 0
    key = AssetKey(["raw", "eia860m__generators"])
    assert instance.get_materialized_partitions(key) == {"2026-08-01"}

    (inbox / "eia860m" / "2026-09-30_september.xlsx").write_bytes(
        b"<!DOCTYPE html><html><body>Access denied</body></html>"
    )
    result = sensor_def(build_sensor_context(instance=instance))
    assert "0 file(s) landed, 1 rejected" in result.skip_message
    rejected = inbox / "rejected" / "2026-09-30_september.xlsx"
    assert rejected.is_file()
    reason = (inbox / "rejected" / "2026-09-30_september.xlsx.reason.txt").read_text()
    assert "eia860m" in reason and "html" in reason.lower()
    assert raw_rows(settings) == rows  # the warehouse is unchanged
    assert instance.get_materialized_partitions(key) == {"2026-08-01"}


def test_inbox_rejects_a_malformed_date_and_ignores_unknown_folders(isolated_env, instance):
    inbox = isolated_env.data_dir / "inbox"
    (inbox / "eia860m").mkdir(parents=True)
    (inbox / "not_a_source").mkdir()
    (inbox / "not_a_source" / "x.csv").write_text("a\n")
    shutil.copy(AUGUST, inbox / "eia860m" / "2026-13-45_august.xlsx")
    result = inbox_sensor()(build_sensor_context(instance=instance))
    assert "1 rejected" in result.skip_message
    reason = (inbox / "rejected" / "2026-13-45_august.xlsx.reason.txt").read_text()
    assert "no date" in reason
    assert (inbox / "not_a_source" / "x.csv").is_file()
    assert isinstance(inbox_sensor()(build_sensor_context(instance=instance)), SkipReason)


# --- wiring -------------------------------------------------------------------------------------


def test_one_sensor_and_schedule_per_source_and_they_load(instance):
    from maestro_assets.definitions import build_definitions

    settings = Settings.from_env({})
    automation = automation_for(settings)
    names = {s.name for s in automation.sensors}
    for adapter in ADAPTERS:
        source_id = adapter.spec.source_id
        assert f"refresh_{source_id}" in names
        assert source_id in PROBES or adapter.spec.source_id in {
            "isone_queue",
            "nrel_wind_ordinances",
            "nrel_solar_ordinances",
        }
    assert {"inbox", "automation_condition_sensor"} <= names
    by_name = {s.name: s for s in automation.sensors}
    assert by_name["refresh_opposition_news"].minimum_interval_seconds == 3600
    assert by_name["refresh_eia860m"].minimum_interval_seconds == 12 * 3600
    assert set(MIN_INTERVAL_BY_CADENCE) == set(CRON_BY_CADENCE)
    defs = build_definitions(settings)
    defs.validate_loadable(defs)
    assert names <= {s.name for s in defs.sensors}
    assert {s.name for s in defs.schedules} == {s.name for s in automation.schedules}
    repository = defs.get_repository_def()
    assert len(repository.schedule_defs) == len(ADAPTERS)
    # The explicit automation sensor covers every condition: no implicit default one.
    assert "default_automation_condition_sensor" not in {s.name for s in repository.sensor_defs}
    assert settings.source_mode is SourceMode.SNAPSHOT


def test_inbox_vintage_from_name_else_stated_else_modification_day(tmp_path):
    from maestro_assets.defs.automation import inbox_vintage

    named = tmp_path / "report_2026-08-31.xlsx"
    named.write_bytes(b"x")
    assert inbox_vintage(adapter_for("eia860m"), named) == date(2026, 8, 31)
    unnamed = tmp_path / "august.xlsx"
    unnamed.write_bytes(b"x")  # EIA-860M states no vintage inside: the file's own date
    os.utime(unnamed, (1_780_000_000, 1_780_000_000))  # 2026-05-28 UTC
    assert inbox_vintage(adapter_for("eia860m"), unnamed) == date(2026, 5, 28)
