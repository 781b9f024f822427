"""Typed resources: how to reach sources and the warehouse. No secrets in their config."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from dagster_duckdb import DuckDBResource

from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.http import HttpPolicy, SourceClient
from maestro_assets.lib.landing import LandedVintage, Parser, RawFile, land_vintage
from maestro_assets.lib.settings import Settings, SourceMode, as_of_or_today, parse_as_of
from maestro_assets.lib.warehouse import connect_for_reading, publish_reader_copy, writing

WAREHOUSE_POOL = "duckdb_warehouse"  # every writer of the DuckDB file, Python or dbt


class SourcesResource(ConfigurableResource):
    """Where source responses come from: recorded snapshots, or the publishers themselves."""

    mode: str = SourceMode.SNAPSHOT.value
    snapshot_dir: str
    user_agent: str
    timeout_seconds: float = 60.0
    max_attempts: int = 4
    max_response_mb: int = 200

    def client(self, spec: SourceSpec) -> SourceClient:
        policy = HttpPolicy(
            timeout_seconds=self.timeout_seconds,
            max_attempts=self.max_attempts,
            max_response_bytes=self.max_response_mb * 1024 * 1024,
            default_min_interval=spec.min_request_interval_seconds,
        )
        return SourceClient(
            spec.source_id,
            SourceMode(self.mode),
            Path(self.snapshot_dir),
            self.user_agent,
            policy,
            allowed_hosts=spec.allowed_hosts,
        )


class WarehouseResource(DuckDBResource):
    """The DuckDB warehouse (`database`), the raw file store, and the as-of date of checks."""

    raw_dir: str
    as_of: str = ""  # YYYY-MM-DD; empty means today

    @property
    def path(self) -> Path:
        return Path(self.database)

    @property
    def as_of_date(self) -> date:
        return as_of_or_today(parse_as_of(self.as_of))

    @contextmanager
    def writing(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with writing(self.path) as connection:
            yield connection

    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        connection = connect_for_reading(self.path)
        try:
            yield connection
        finally:
            connection.close()

    def publish_reader_copy(self) -> None:
        publish_reader_copy(self.path)

    def land(
        self, spec: SourceSpec, vintage: date, files: list[RawFile], parse: Parser
    ) -> LandedVintage:
        """Land one vintage without republishing the reader copy: a run lands its vintages,
        then publishes once (`publish_reader_copy`)."""
        return land_vintage(
            self.path, Path(self.raw_dir), spec, vintage, files, parse, publish=False
        )


def resources_from_settings(settings: Settings) -> dict[str, ConfigurableResource]:
    return {
        "sources": SourcesResource(
            mode=settings.source_mode.value,
            snapshot_dir=str(settings.snapshot_dir),
            user_agent=settings.user_agent,
        ),
        "warehouse": WarehouseResource(
            database=str(settings.duckdb_path),
            raw_dir=str(settings.raw_dir),
            as_of=settings.as_of.isoformat() if settings.as_of else "",
        ),
    }
