"""A run that lands several vintages publishes the reader copy once, after the last of them,
and a vintage that fails leaves the ones landed before it visible to readers."""

import shutil
from datetime import date
from pathlib import Path

import pytest
from dagster import DagsterInstance, PartitionKeyRange, build_asset_context

import maestro_assets.defs.sources.landing as landing_module
from maestro_assets.definitions import RAW_ASSETS
from maestro_assets.defs.resources import resources_from_settings
from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.settings import reader_path_for
from maestro_assets.lib.sources.registry import adapter_for
from maestro_assets.lib.warehouse import connect_for_reading

SOURCE_ID = "pjm_queue"


@pytest.fixture
def pull(settings):
    """Invoke the raw asset on its first three bundled vintages, as one single-run backfill."""
    adapter = adapter_for(SOURCE_ID)
    resources = resources_from_settings(settings)
    vintages = adapter.available_partitions(resources["sources"].client(adapter.spec))[:3]
    keys = [v.isoformat() for v in vintages]

    instance = DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(f"{SOURCE_ID}_vintages", keys)

    def run():
        context = build_asset_context(
            instance=instance, partition_key_range=PartitionKeyRange(keys[0], keys[-1])
        )
        return RAW_ASSETS[SOURCE_ID](context, **resources)

    return run, vintages


def landed_vintages(settings) -> list[date]:
    with connect_for_reading(settings.duckdb_path) as connection:
        rows = connection.execute("SELECT DISTINCT vintage FROM raw.pjm_queue__projects ORDER BY 1")
        return [vintage for (vintage,) in rows.fetchall()]


def counting_publishes(monkeypatch) -> list[str]:
    """The warehouse files copied to a reader copy, whoever asked for the copy."""
    published: list[str] = []
    original = shutil.copyfile

    def copy(source, destination, **kwargs):
        if Path(destination).name.startswith(f".{reader_path_for(Path(source)).name}"):
            published.append(str(source))
        return original(source, destination, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", copy)
    return published


def test_a_run_of_three_vintages_publishes_the_reader_copy_once(settings, pull, monkeypatch):
    run, vintages = pull
    published = counting_publishes(monkeypatch)
    run()
    assert len(vintages) == 3
    assert published == [str(settings.duckdb_path)]
    assert landed_vintages(settings) == vintages


def test_a_failing_vintage_leaves_the_earlier_ones_readable(settings, pull, monkeypatch):
    run, vintages = pull
    original = landing_module.land_partition

    def failing_on_the_last(adapter, partition, sources, warehouse):
        if partition == vintages[-1]:
            raise FetchError(SOURCE_ID, adapter.spec.landing_url, "HTML error page, not a workbook")
        return original(adapter, partition, sources, warehouse)

    monkeypatch.setattr(landing_module, "land_partition", failing_on_the_last)
    with pytest.raises(FetchError, match="HTML error page"):
        run()
    assert landed_vintages(settings) == vintages[:2]
