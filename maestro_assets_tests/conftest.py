"""Shared fixtures: an isolated warehouse per test, the bundled snapshot, the real files."""

from pathlib import Path

import pytest

from maestro_assets.lib.settings import BUNDLED_DATA_DIR, PROJECT_ROOT, Settings, SourceMode

REALDATA = PROJECT_ROOT.parent / "shared" / "realdata"
SNAPSHOTS = BUNDLED_DATA_DIR / "snapshots"


def realdata_file(relative: str) -> Path:
    """A real published file from ../shared/realdata, or skip the test when it is absent."""
    path = REALDATA / relative
    if not path.exists():
        pytest.skip(f"real file {relative} not available (../shared/realdata is absent)")
    return path


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        snapshot_dir=SNAPSHOTS,
        duckdb_path=tmp_path / "data" / "maestro.duckdb",
        source_mode=SourceMode.SNAPSHOT,
        as_of=None,
        user_agent="maestro-tests/0 (tests@example.org)",
    )


@pytest.fixture
def isolated_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point every MAESTRO_* variable (read by dbt and the CLI too) at the test's warehouse."""
    monkeypatch.setenv("MAESTRO_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("MAESTRO_DUCKDB_PATH", str(settings.duckdb_path))
    monkeypatch.setenv("MAESTRO_SOURCE_MODE", settings.source_mode.value)
    monkeypatch.delenv("EIA_API_KEY", raising=False)
    return settings
