"""Every path and environment setting, derived from one project root.

Secrets (API keys, webhook URLs) are deliberately absent: they are read from the
environment at the moment they are used and never stored on an object that could be
logged or rendered as metadata.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUNDLED_DATA_DIR = PROJECT_ROOT / "data"
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEFAULT_USER_AGENT = "maestro_assets/0.1 (+https://github.com/maestro-assets/maestro_assets)"


class SourceMode(StrEnum):
    SNAPSHOT = "snapshot"  # replay recorded responses from data/snapshots, no network
    LIVE = "live"  # talk to the publisher
    RECORD = "record"  # live, and save every response as a snapshot file


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    snapshot_dir: Path
    duckdb_path: Path
    source_mode: SourceMode
    as_of: date | None  # None: judge freshness against today
    user_agent: str

    @property
    def raw_dir(self) -> Path:
        return self.data_dir / "raw"

    @property
    def reader_path(self) -> Path:
        """The read-only copy that `maestro sql` and asset checks query."""
        return reader_path_for(self.duckdb_path)

    @classmethod
    def from_env(cls, environ: os._Environ[str] | dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("MAESTRO_DATA_DIR") or BUNDLED_DATA_DIR)
        mode_text = env.get("MAESTRO_SOURCE_MODE") or SourceMode.SNAPSHOT.value
        try:
            mode = SourceMode(mode_text)
        except ValueError:
            choices = ", ".join(m.value for m in SourceMode)
            raise ValueError(
                f"MAESTRO_SOURCE_MODE={mode_text!r} is not one of: {choices}"
            ) from None
        return cls(
            data_dir=data_dir,
            snapshot_dir=Path(env.get("MAESTRO_SNAPSHOT_DIR") or BUNDLED_DATA_DIR / "snapshots"),
            duckdb_path=Path(env.get("MAESTRO_DUCKDB_PATH") or data_dir / "maestro.duckdb"),
            source_mode=mode,
            as_of=parse_as_of(env.get("MAESTRO_AS_OF")),
            user_agent=env.get("MAESTRO_USER_AGENT") or DEFAULT_USER_AGENT,
        )


def as_of_or_today(as_of: date | None) -> date:
    return as_of or date.today()


def reader_path_for(duckdb_path: Path) -> Path:
    return duckdb_path.with_name(f"{duckdb_path.stem}.reader{duckdb_path.suffix}")


def parse_as_of(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"MAESTRO_AS_OF={text!r} is not a YYYY-MM-DD date") from None
