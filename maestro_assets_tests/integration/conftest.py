"""One build of every asset from the bundled snapshot into a temporary warehouse, shared by
the integration tests that only read it."""

import pytest
from dagster import DagsterInstance

from maestro_assets.definitions import build_definitions
from maestro_assets.demo import build_everything
from maestro_assets.lib.settings import Settings
from maestro_assets.lib.warehouse import connect_for_reading

AS_OF = "2026-10-01"


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    monkeypatch = pytest.MonkeyPatch()
    data_dir = tmp_path_factory.mktemp("warehouse")
    settings = Settings.from_env({"MAESTRO_DATA_DIR": str(data_dir), "MAESTRO_AS_OF": AS_OF})
    monkeypatch.setenv("MAESTRO_DUCKDB_PATH", str(settings.duckdb_path))
    outcome = build_everything(build_definitions(settings), DagsterInstance.ephemeral())
    yield settings, outcome
    monkeypatch.undo()


def query(built, sql: str, parameters=()) -> list[tuple]:
    """Rows of a parameterized query on the built warehouse's read-only copy."""
    settings, _ = built
    with connect_for_reading(settings.duckdb_path) as connection:
        return connection.execute(sql, list(parameters)).fetchall()
