"""Overlapping runs against one DuckDB file, through a real Dagster instance, while `maestro sql`
reads: every run succeeds, no row is lost or duplicated, the pool admits one writer at a time,
and a reader never meets a lock error or a half-written vintage."""

import contextlib
import io
import itertools
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import date

import pytest
from dagster import (
    DagsterEventType,
    DagsterInstance,
    Definitions,
    JobDefinition,
    define_asset_job,
    multiprocess_executor,
)

from maestro_assets.cli import import_file, main
from maestro_assets.defs.resources import WAREHOUSE_POOL
from maestro_assets.defs.sources.landing import MONTHLY_VINTAGES
from maestro_assets.lib.landing import LANDING_LOG
from maestro_assets.lib.months import month_end
from maestro_assets.lib.settings import PROJECT_ROOT, Settings
from maestro_assets.lib.sources import eia860m, eia_api
from maestro_assets.lib.warehouse import connect_for_reading
from maestro_assets_tests.conftest import SNAPSHOTS

FIRST = date(2026, 3, 1)  # landed before the runs start, so the reader copy exists
PARTITIONS = [date(2026, 4, 1), date(2026, 5, 1), date(2026, 6, 1), date(2026, 7, 1)]
EIA860M_FILES = {
    date(2026, 3, 1): "eia860m/archive/xls/march_generator2026.xlsx",
    date(2026, 4, 1): "eia860m/archive/xls/april_generator2026.xlsx",
    date(2026, 5, 1): "eia860m/archive/xls/may_generator2026.xlsx",
    date(2026, 6, 1): "eia860m/xls/june_generator2026.xlsx",
    date(2026, 7, 1): "eia860m/xls/july_generator2026.xlsx",
}
GENERATORS = eia860m.SPEC.raw_table
CAPACITY = eia_api.SPEC.raw_table
READER_QUERY = (
    f"SELECT 'v=' || vintage || ':' || count(*) AS probe FROM {GENERATORS} GROUP BY vintage "
    f"UNION ALL SELECT 'l=' || vintage FROM {LANDING_LOG} WHERE source_id = 'eia860m' "
    f"UNION ALL SELECT 'n=' || (SELECT count(*) FROM {LANDING_LOG})"
)


RUN_WORKER = """
import sys
from dagster import DagsterInstance, execute_job, reconstructable
from maestro_assets_tests.integration.test_concurrency import land_monthly_sources

with DagsterInstance.get() as instance:
    job = reconstructable(land_monthly_sources)
    tags = {"dagster/partition": sys.argv[1]}
    with execute_job(job, instance=instance, tags=tags) as result:
        print(result.success, result.run_id)
"""


def land_monthly_sources() -> JobDefinition:
    """The production job's selection (every data-month source) without its checks, so that a
    run is two writer steps; rebuilt in each process from the test's environment."""
    from maestro_assets.definitions import MONTHLY_RAW, build_definitions

    job = define_asset_job(
        "land_monthly_sources",
        selection=MONTHLY_RAW.without_checks(),
        partitions_def=MONTHLY_VINTAGES,
        executor_def=multiprocess_executor.configured(
            {"start_method": {"forkserver": {"preload_modules": ["maestro_assets.definitions"]}}}
        ),
    )
    defs = Definitions.merge(build_definitions(Settings.from_env()), Definitions(jobs=[job]))
    return defs.resolve_job_def("land_monthly_sources")


def expected_rows() -> dict[tuple[str, date], int]:
    """Rows per (table, vintage) of one sequential landing, parsed straight from the snapshot."""
    expected = {}
    for month, relative in EIA860M_FILES.items():
        parsed = eia860m.ADAPTER.parse((SNAPSHOTS / relative).read_bytes(), relative)
        expected[GENERATORS, month_end(month)] = parsed.frame.height
    for month in PARTITIONS:
        relative = f"eia_api_generator_capacity/pages/{month:%Y-%m}_0.json"
        parsed = eia_api.ADAPTER.parse((SNAPSHOTS / relative).read_bytes(), relative)
        expected[CAPACITY, month_end(month)] = parsed.frame.height
    return expected


@pytest.fixture
def instance(isolated_env, tmp_path, monkeypatch):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster.yaml", home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with DagsterInstance.get() as instance:
        yield instance


class Reader(threading.Thread):
    """`maestro sql` every 50 ms; records exit codes, errors and what each query saw."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.exit_codes: list[int] = []
        self.errors: list[str] = []
        self.seen: list[tuple[dict[date, int], set[date], int]] = []

    def run(self):
        while not self.stop.is_set():
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                code = main(["sql", READER_QUERY])
            self.exit_codes.append(code)
            if code != 0:
                self.errors.append(err.getvalue())
            text = out.getvalue()
            counts = {date.fromisoformat(v): int(n) for v, n in re.findall(r"v=(\S+?):(\d+)", text)}
            logged = {date.fromisoformat(v) for v in re.findall(r"l=(\S+)", text)}
            total = re.findall(r"n=(\d+)", text)
            self.seen.append((counts, logged, int(total[0]) if total else -1))
            time.sleep(0.05)


def writer_intervals(instance: DagsterInstance, run_id: str) -> list[tuple[float, float, str]]:
    """(start, end, step) of each step that writes the warehouse, from the run's event log."""
    starts, ends = {}, {}
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or not event.step_key or not event.step_key.startswith("raw__"):
            continue
        if event.event_type is DagsterEventType.STEP_START:
            starts[event.step_key] = record.timestamp
        elif event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_FAILURE):
            ends[event.step_key] = record.timestamp
    return [(starts[k], ends[k], f"{run_id[:8]}/{k}") for k in starts]


def test_overlapping_runs_queue_for_the_writer_and_readers_never_see_half_a_write(
    instance, isolated_env
):
    settings: Settings = isolated_env
    expected = expected_rows()
    first = SNAPSHOTS / EIA860M_FILES[FIRST]
    import_file(settings, "eia860m", first, FIRST)
    assert settings.reader_path.exists()

    reader = Reader()
    reader.start()
    started = time.monotonic()
    # One run-worker process per run, as the run launcher starts them: Dagster's in-process
    # execute_job is not thread-safe (its sqlite and logging locks deadlock across threads).
    workers = {
        month: subprocess.Popen(
            [sys.executable, "-c", RUN_WORKER, month.isoformat()],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for month in PARTITIONS
    }
    results = {}
    try:
        for month, worker in workers.items():
            out, err = worker.communicate(timeout=120)
            assert worker.returncode == 0, err[-3000:]
            success, run_id = out.split()[-2:]
            results[month] = (success == "True", run_id)
    finally:
        for worker in workers.values():
            worker.kill()
        elapsed = time.monotonic() - started
        time.sleep(0.2)  # one more read after the last write
        reader.stop.set()
        reader.join(timeout=10)

    # Every run succeeded.
    assert sorted(results) == PARTITIONS, f"runs missing after {elapsed:.0f}s"
    assert all(success for success, _ in results.values()), results

    # No row lost or duplicated: each vintage holds exactly what its file parses to.
    with connect_for_reading(settings.duckdb_path) as connection:
        landed = {
            (table, vintage): n
            for table in (GENERATORS, CAPACITY)
            for vintage, n in connection.execute(
                f"SELECT vintage, count(*) FROM {table} GROUP BY 1"
            ).fetchall()
        }
        log = connection.execute(
            f"SELECT source_id, vintage, count(*) FROM {LANDING_LOG} GROUP BY 1, 2"
        ).fetchall()
    assert landed == expected
    assert sorted(n for *_, n in log) == [1] * len(expected)

    # The pool admitted one writer at a time: no two writing steps overlapped.
    pools = {p.name: p.limit for p in instance.event_log_storage.get_pool_limits()}
    assert pools.get(WAREHOUSE_POOL) == 1
    intervals = sorted(
        i for _, run_id in results.values() for i in writer_intervals(instance, run_id)
    )
    assert len(intervals) == 2 * len(PARTITIONS)
    for (_, end, step), (start, _, later) in itertools.pairwise(intervals):
        assert end <= start, f"{step} still writing when {later} started"

    blocked = [
        record
        for _, run_id in results.values()
        for record in instance.all_logs(run_id, of_type=DagsterEventType.ENGINE_EVENT)
        if f"blocked by limit for pool {WAREHOUSE_POOL}" in (record.message or "")
    ]
    assert blocked, "no step ever waited for the pool: the runs did not overlap"

    # The reader: never an error, never half a vintage, never a table ahead of its log.
    assert reader.exit_codes and set(reader.exit_codes) == {0}, reader.errors[:3]
    assert len(reader.seen) >= 10
    full = {vintage: n for (table, vintage), n in expected.items() if table == GENERATORS}
    totals = []
    for counts, logged, total in reader.seen:
        assert all(full[vintage] == n for vintage, n in counts.items()), counts
        assert set(counts) == logged
        totals.append(total)
    assert totals == sorted(totals)  # the landing log only grows
    assert totals[0] >= 1 and totals[-1] == len(expected)
    assert len(set(totals)) > 1  # the reader did watch the writes happen
