"""The production instance (deploy/dagster.yaml) against a real PostgreSQL server of its own:
a materialization and a sensor tick land in Postgres and are read back from it.

The server is temporary: `initdb` into a temporary directory, `pg_ctl start` on a free port of
127.0.0.1, stopped at teardown. Skips when the PostgreSQL server binaries are not installed
(`.ci/run` installs them; `make test` never does)."""

from __future__ import annotations

import glob
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from dagster import AssetKey, DagsterInstance, SensorResult, build_sensor_context, materialize

from maestro_assets.lib.settings import PROJECT_ROOT

DEPLOY_YAML = PROJECT_ROOT / "deploy" / "dagster.yaml"
PG_USER = "dagster"
PG_PASSWORD = "not-a-real-secret"  # checked: the server authenticates with scram-sha-256
PG_DB = "dagster_prod"
UNPRIVILEGED = "nobody"  # initdb and postgres refuse to run as root
EIA860M = AssetKey(["raw", "eia860m__generators"])
AUGUST = "2026-08-01"  # the newest month EIA-860M's recorded landing page lists


def postgres_bin_dir() -> Path | None:
    """The directory holding both initdb and pg_ctl: PATH first, then Debian's layout."""
    on_path = shutil.which("initdb")
    candidates = [Path(on_path).parent, Path(on_path).resolve().parent] if on_path else []
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(map(Path, versions), key=lambda p: p.parent.name, reverse=True)
    for directory in candidates:
        if (directory / "initdb").exists() and (directory / "pg_ctl").exists():
            return directory
    return None


def as_unprivileged(command: list[str]) -> list[str]:
    """The command itself, or run as `nobody` when this process is root."""
    if os.geteuid() != 0:
        return command
    if shutil.which("runuser"):
        return ["runuser", "-u", UNPRIVILEGED, "--", *command]
    if shutil.which("su"):
        return ["su", UNPRIVILEGED, "-s", "/bin/sh", "-c", shlex.join(command)]
    pytest.skip("running as root without runuser or su: initdb cannot run as another user")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class Server:
    port: int

    def env(self) -> dict[str, str]:
        return {
            "DAGSTER_PG_HOST": "127.0.0.1",
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_USER": PG_USER,
            "DAGSTER_PG_PASSWORD": PG_PASSWORD,
            "DAGSTER_PG_DB": PG_DB,
        }

    def connect(self, db: str = PG_DB):
        import psycopg2

        return psycopg2.connect(
            host="127.0.0.1", port=self.port, user=PG_USER, password=PG_PASSWORD, dbname=db
        )


def run(command: list[str], log: Path | None = None) -> None:
    done = subprocess.run(as_unprivileged(command), capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        server_log = log.read_text() if log and log.exists() else ""
        raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}{server_log}")


@pytest.fixture(scope="module")
def postgres() -> Iterator[Server]:
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        pytest.skip(
            "PostgreSQL server binaries (initdb, pg_ctl) are neither on PATH nor in "
            "/usr/lib/postgresql/*/bin; .ci/run installs them"
        )
    pytest.importorskip("dagster_postgres", reason="dagster-postgres is not installed")
    # Outside pytest's root-only tmp tree, so that `nobody` can reach it when we are root.
    root = Path(tempfile.mkdtemp(prefix="maestro-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    (root / "pwfile").write_text(PG_PASSWORD + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, UNPRIVILEGED)
        for path in (sockets, root / "pwfile"):
            shutil.chown(path, UNPRIVILEGED)
    pg_ctl = str(bin_dir / "pg_ctl")
    started = False
    try:
        run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                PG_USER,
                f"--pwfile={root / 'pwfile'}",
                "--auth=scram-sha-256",
                "--encoding=UTF8",
                "--no-sync",
            ]
        )
        for _ in range(3):  # the port may be taken between choosing and binding it
            port = free_port()
            options = f"-p {port} -k {sockets} -h 127.0.0.1 -c fsync=off"
            try:
                start = [pg_ctl, "start", "-w", "-t", "60", "-D", str(data), "-l", str(log)]
                run([*start, "-o", options], log)
                started = True
                break
            except RuntimeError:
                if "already in use" not in (log.read_text() if log.exists() else ""):
                    raise
        assert started, log.read_text()
        server = Server(port)
        connection = server.connect("postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {PG_DB}")
        connection.close()
        yield server
    finally:
        if (data / "postmaster.pid").exists():  # started, or half-started
            subprocess.run(
                as_unprivileged([pg_ctl, "stop", "-w", "-m", "fast", "-D", str(data)]),
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def prod_instance(postgres, tmp_path, monkeypatch) -> Iterator[DagsterInstance]:
    """DAGSTER_HOME holding a copy of deploy/dagster.yaml; the connection from the env."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEPLOY_YAML, home / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    for name, value in postgres.env().items():
        monkeypatch.setenv(name, value)
    with DagsterInstance.get() as instance:
        yield instance


def test_the_production_yaml_holds_no_secret():
    text = DEPLOY_YAML.read_text()
    for name in ("HOST", "PORT", "USER", "PASSWORD", "DB"):
        assert f"env: DAGSTER_PG_{name}" in text
    assert "password:\n        env: DAGSTER_PG_PASSWORD" in text


def test_a_materialization_and_a_sensor_tick_are_stored_in_postgres(
    postgres, prod_instance, isolated_env
):
    from dagster._core.run_coordinator import QueuedRunCoordinator
    from dagster_postgres import (
        PostgresEventLogStorage,
        PostgresRunStorage,
        PostgresScheduleStorage,
    )

    from maestro_assets.definitions import RAW_ASSETS, RAW_CHECKS
    from maestro_assets.defs.automation import automation_for
    from maestro_assets.defs.resources import resources_from_settings

    instance = prod_instance
    assert isinstance(instance.run_storage, PostgresRunStorage)
    assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
    assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
    # `concurrency:` as in the repository's dagster.yaml; the daemon's queue reads `runs`.
    concurrency = instance.get_concurrency_config()
    assert concurrency.pool_config.default_pool_limit == 1
    assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
    assert concurrency.run_queue_config.max_concurrent_runs == 4

    # (1) One month of EIA-860M from the bundled snapshot into a temporary warehouse.
    resources = resources_from_settings(isolated_env)
    asset = RAW_ASSETS["eia860m"]
    checks = [c for c in RAW_CHECKS if asset.key in {k.asset_key for k in c.check_keys}]
    assert asset.key == EIA860M and checks
    result = materialize(
        [asset, *checks], partition_key=AUGUST, instance=instance, resources=resources
    )
    assert result.success

    runs = instance.get_runs()
    assert [r.run_id for r in runs] == [result.run_id] and runs[0].is_success
    event = instance.get_latest_materialization_event(EIA860M)
    assert event is not None and event.run_id == result.run_id
    assert event.asset_materialization.partition == AUGUST
    assert instance.get_materialized_partitions(EIA860M) == {AUGUST}
    with postgres.connect() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT run_id, status FROM runs")
        assert cursor.fetchall() == [(result.run_id, "SUCCESS")]
        cursor.execute(
            "SELECT count(*) FROM event_logs WHERE run_id = %s"
            " AND dagster_event_type = 'ASSET_MATERIALIZATION'",
            (result.run_id,),
        )
        assert cursor.fetchone() == (1,)
        cursor.execute(
            "SELECT count(*) FROM event_logs WHERE run_id = %s"
            " AND dagster_event_type = 'ASSET_CHECK_EVALUATION'",
            (result.run_id,),
        )
        assert cursor.fetchone()[0] == sum(len(c.check_keys) for c in checks)
    connection.close()

    # (2) A tick of the refresh sensor in snapshot mode: it reads the materialized months
    # from Postgres, so the newest month listed (August) is not requested again.
    sensor_def = next(
        s for s in automation_for(isolated_env).sensors if s.name == "refresh_eia860m"
    )
    with build_sensor_context(
        instance=instance, cursor=None, resources={"sources": resources["sources"]}
    ) as context:
        tick = sensor_def(context)
    assert isinstance(tick, SensorResult)
    assert not tick.run_requests
    assert f"newest month {AUGUST} already materialized" in (tick.skip_reason.skip_message or "")
    assert tick.cursor

    # What the daemon does with the tick's outcome: the sensor's state (its cursor) and the
    # tick itself in schedule storage, read back from Postgres.
    selector_id, stored_cursor = store_sensor_tick(instance, sensor_def.name, tick)
    assert stored_cursor == tick.cursor
    with postgres.connect() as connection, connection.cursor() as cursor:
        cursor.execute("SELECT status, type FROM job_ticks WHERE selector_id = %s", (selector_id,))
        assert cursor.fetchall() == [("SKIPPED", "SENSOR")]
        cursor.execute(
            "SELECT status, instigator_type FROM instigators WHERE selector_id = %s",
            (selector_id,),
        )
        assert cursor.fetchall() == [("RUNNING", "SENSOR")]
    connection.close()


def store_sensor_tick(
    instance: DagsterInstance, name: str, tick: SensorResult
) -> tuple[str, str | None]:
    """Record a skipped tick and the cursor it returned, as the daemon does; return the
    sensor's selector id and the cursor read back from the instance."""
    from dagster._core.definitions.run_request import InstigatorType
    from dagster._core.remote_origin import (
        InProcessCodeLocationOrigin,
        RemoteInstigatorOrigin,
        RemoteRepositoryOrigin,
    )
    from dagster._core.scheduler.instigation import (
        InstigatorState,
        InstigatorStatus,
        SensorInstigatorData,
        TickData,
        TickStatus,
    )
    from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

    location = InProcessCodeLocationOrigin(
        LoadableTargetOrigin(module_name="maestro_assets.definitions"),
        location_name="maestro_assets",
    )
    origin = RemoteInstigatorOrigin(RemoteRepositoryOrigin(location, "__repository__"), name)
    selector_id = origin.get_selector().get_id()
    now = time.time()
    instance.add_instigator_state(
        InstigatorState(
            origin,
            InstigatorType.SENSOR,
            InstigatorStatus.RUNNING,
            SensorInstigatorData(last_tick_timestamp=now, cursor=tick.cursor),
        )
    )
    instance.create_tick(
        TickData(
            instigator_origin_id=origin.get_id(),
            instigator_name=name,
            instigator_type=InstigatorType.SENSOR,
            status=TickStatus.SKIPPED,
            timestamp=now,
            selector_id=selector_id,
            skip_reason=tick.skip_reason.skip_message if tick.skip_reason else None,
            cursor=tick.cursor,
        )
    )
    ticks = instance.get_ticks(origin.get_id(), selector_id)
    assert [t.status for t in ticks] == [TickStatus.SKIPPED]
    assert ticks[0].tick_data.skip_reason and "already materialized" in ticks[0].skip_reason
    state = instance.get_instigator_state(origin.get_id(), selector_id)
    assert state is not None and state.is_running
    return selector_id, state.instigator_data.cursor
