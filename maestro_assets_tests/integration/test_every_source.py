"""What every registered source must do: pull live (against a stand-in publisher serving the
recorded bodies), import an archived file, and refuse a broken one."""

import json
from datetime import date
from pathlib import Path

import httpx
import pytest

from maestro_assets.cli import main
from maestro_assets.lib.errors import FetchError
from maestro_assets.lib.http import SourceClient
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.registry import ADAPTERS
from maestro_assets.lib.sources.sec_edgar import SEC_USER_AGENT_ENV
from maestro_assets_tests.conftest import REALDATA, SNAPSHOTS

ADAPTER_IDS = [a.spec.source_id for a in ADAPTERS]
REAL_FILES = {
    "ercot_gis": "queues/ercot_gis_report_2024-12.xlsx",
    "pjm_queue": "queues/pjm_queue_export_2025-01.xlsx",
    "miso_queue": "queues/miso_gi_interactive_queue_2025-01.csv",
    "spp_queue": "queues/spp_gi_active_request_2025-01-22.xlsx",
    "nyiso_queue": "queues/nyiso_interconnection_queue_2025-01.xlsx",
    "caiso_queue": "queues/caiso_public_queue_report_2025-01-23.xlsx",
    "isone_queue": "queues/isone_queue_report_2025-01-23.xlsx",
    "lbnl_queued_up": "lbnl/lbnl_queued_up_isoqueues_2020.xlsx",
}


def recorded(source_id: str) -> tuple[list[dict], Path]:
    directory = SNAPSHOTS / source_id
    return json.loads((directory / "responses.json").read_text())["responses"], directory


def stand_in_publisher(source_id: str, vintage: date | None, seen: list[httpx.Request]):
    """A transport that answers like the publisher did on `vintage`, from the recording."""
    entries, directory = recorded(source_id)

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        public = httpx.URL(
            request.url,
            params=[(k, v) for k, v in request.url.params.multi_items() if k != "api_key"],
        )
        matches = [
            e
            for e in entries
            if httpx.URL(e["url"]) == public
            and (e.get("vintage") in (None, vintage.isoformat() if vintage else None))
        ]
        if not matches:
            return httpx.Response(404, text=f"no such document: {request.url}")
        entry = matches[-1]
        return httpx.Response(
            entry.get("status", 200),
            headers=entry.get("headers", {}),
            content=(directory / entry["body"]).read_bytes(),
        )

    return httpx.MockTransport(handler)


def live_environment(adapter) -> dict[str, str]:
    """A value for every variable a live pull needs; the SEC's User-Agent names a contact."""
    return {
        name: "maestro-tests tests@example.org" if name == SEC_USER_AGENT_ENV else "test-secret"
        for name in adapter.spec.live_requires_env
    }


@pytest.mark.parametrize("adapter", ADAPTERS, ids=ADAPTER_IDS)
def test_a_live_pull_of_every_source_fetches_parses_and_names_itself(adapter, tmp_path):
    client = SourceClient(adapter.spec.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests")
    partitions = adapter.available_partitions(client)
    assert partitions, "the bundled snapshot holds at least one vintage"
    vintage = partitions[-1]
    seen: list[httpx.Request] = []
    live = SourceClient(
        adapter.spec.source_id,
        SourceMode.LIVE,
        tmp_path,
        "maestro-tests/0 (tests@example.org)",
        transport=stand_in_publisher(
            adapter.spec.source_id, None if adapter.data_months else vintage, seen
        ),
        environ=live_environment(adapter),
        sleep=lambda _: None,
    )
    responses = adapter.fetch(live, vintage)
    assert responses and all(r.status == 200 for r in responses)
    assert seen and all(r.headers["user-agent"].startswith("maestro-tests") for r in seen)
    frames = [adapter.parse(r.content, r.url).frame for r in responses]
    assert sum(f.height for f in frames) > 0
    stated = adapter.stated_vintage(responses[0].content)
    assert stated in (None, vintage)


@pytest.mark.parametrize("adapter", ADAPTERS, ids=ADAPTER_IDS)
def test_a_publisher_error_page_fails_the_pull_with_the_source_and_status(adapter, tmp_path):
    live = SourceClient(
        adapter.spec.source_id,
        SourceMode.LIVE,
        tmp_path,
        "tests",
        transport=httpx.MockTransport(lambda r: httpx.Response(403, text="<html>denied</html>")),
        environ=live_environment(adapter),
        sleep=lambda _: None,
    )
    with pytest.raises(FetchError, match="HTTP 403") as error:
        adapter.fetch(live, date(2026, 8, 1))
    assert error.value.source_id == adapter.spec.source_id


@pytest.mark.parametrize("source_id", sorted(REAL_FILES))
def test_every_queue_source_imports_its_real_published_file(
    source_id, isolated_env, tmp_path, monkeypatch, capsys
):
    path = REALDATA / REAL_FILES[source_id]
    if not path.exists():
        pytest.skip(f"{REAL_FILES[source_id]} not available (../shared/realdata is absent)")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    assert main(["import", source_id, str(path), "--vintage", "2025-01-23"]) == 0
    assert main(["sql", f"SELECT count(*) FROM raw.{source_id}__projects"]) == 0
    assert int(capsys.readouterr().out.split()[-1]) > 100
