"""EIA API v2 operating generator capacity: pages against the simulation, paging, API errors."""

import json
import math
import re
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import polars as pl
import pytest

from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.http import (
    HostRateLimiter,
    HttpPolicy,
    SnapshotStore,
    SourceClient,
    SourceRequest,
    SourceResponse,
)
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources.eia_api import (
    REQUIRED_COLUMNS,
    SPEC,
    available_months,
    fetch_month_pages,
    metadata_request,
    page_request,
    parse_page,
)
from maestro_assets.lib.synthetic.eia860m import WINDOW_MONTHS
from maestro_assets.lib.synthetic.eia_api import write_eia_api_snapshot
from maestro_assets_tests.conftest import SNAPSHOTS
from maestro_assets_tests.lib.test_eia860m import simulated_fleet

SNAPSHOT_DIR = SNAPSHOTS / SPEC.source_id
BUNDLED_PAGES = sorted((SNAPSHOT_DIR / "pages").glob("*.json"))
OPERABLE = {"OP", "SB", "OS", "OA"}
SECRET = "k3y-that-must-never-leak"


def page_month(path: Path) -> date:
    """`pages/2026-03_0.json` -> 2026-03-01."""
    return date.fromisoformat(path.stem.split("_")[0] + "-01")


def operable_units(month: date) -> list:
    """The simulated units the API lists for a month: the mainland Operating sheet."""
    units = [r for r in simulated_fleet()[month] if r.sheet_name == "Operating"]
    assert {r.status for r in units} <= OPERABLE
    return units


def unit_keys(units) -> set[tuple[str, str]]:
    return {(str(r.generator.site.plant_id), r.generator.generator_id) for r in units}


def api_reply(rows: list[dict], total: int | None) -> bytes:
    response: dict = {"data": rows, "frequency": "monthly"}
    if total is not None:
        response["total"] = str(total)
    return json.dumps({"response": response, "apiVersion": "2.1.8"}).encode()


def api_row(index: int) -> dict[str, str]:
    return {
        "period": "2026-03",
        "stateid": "TX",
        "entityid": "1",
        "entityName": "Entity",
        "plantid": str(60000 + index),
        "plantName": f"Plant {index}",
        "generatorid": "GEN1",
        "status": "OP",
        "nameplate-capacity-mw": "10.5",
    }


class FakeApi:
    """A `get` serving `rows` by the request's offset and length, recording what it was asked."""

    def __init__(self, rows: int, report_total: bool = True) -> None:
        self.rows = [api_row(i) for i in range(rows)]
        self.report_total = report_total
        self.offsets: list[int] = []

    def __call__(self, request: SourceRequest) -> SourceResponse:
        params = dict(request.params)
        offset, length = int(params["offset"]), int(params["length"])
        self.offsets.append(offset)
        page = self.rows[offset : offset + length]
        total = len(self.rows) if self.report_total else None
        return SourceResponse(
            request.public_url, 200, {}, api_reply(page, total), datetime.now(UTC)
        )


class RecordingReplay:
    """A `get` replaying a snapshot directory, remembering the offsets it was asked for."""

    def __init__(self, directory: Path) -> None:
        self.store = SnapshotStore(directory, SPEC.source_id)
        self.offsets: list[int] = []

    def __call__(self, request: SourceRequest) -> SourceResponse:
        self.offsets.append(int(dict(request.params)["offset"]))
        return self.store.replay(request)


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory) -> tuple[Path, int]:
    """A snapshot written with a page size that splits every month into several pages."""
    page_size = 40
    directory = tmp_path_factory.mktemp("eia_api") / SPEC.source_id
    write_eia_api_snapshot(directory, page_size=page_size)
    return directory, page_size


# --- the bundled pages ----------------------------------------------------------------------


def test_every_window_month_has_a_bundled_page():
    assert [page_month(p) for p in BUNDLED_PAGES] == list(WINDOW_MONTHS)


@pytest.mark.parametrize("path", BUNDLED_PAGES, ids=lambda p: p.stem)
def test_each_bundled_page_has_one_row_per_operable_simulated_unit(path):
    content = path.read_bytes()
    total = int(json.loads(content)["response"]["total"])
    parsed = parse_page(content, str(path))
    units = operable_units(page_month(path))
    assert parsed.frame.height == total == len(units)
    assert set(parsed.frame.select("plantid", "generatorid").iter_rows()) == unit_keys(units)


@pytest.mark.parametrize("path", BUNDLED_PAGES, ids=lambda p: p.stem)
def test_bundled_page_columns_are_text_and_required_columns_are_populated(path):
    frame = parse_page(path.read_bytes(), str(path)).frame
    text = {name: dtype for name, dtype in frame.schema.items() if name != "source_row"}
    assert set(text.values()) == {pl.String}
    assert frame.select(REQUIRED_COLUMNS).null_count().row(0) == (0,) * len(REQUIRED_COLUMNS)
    assert set(frame["period"]) == {f"{page_month(path):%Y-%m}"}


def test_parsed_capacity_and_status_are_those_of_the_simulated_unit():
    path = BUNDLED_PAGES[-1]
    units = {
        (str(r.generator.site.plant_id), r.generator.generator_id): r
        for r in operable_units(page_month(path))
    }
    for row in parse_page(path.read_bytes(), str(path)).frame.iter_rows(named=True):
        unit = units[(row["plantid"], row["generatorid"])]
        assert float(row["nameplate_capacity_mw"]) == unit.generator.nameplate_mw
        assert row["status"] == unit.status
        assert row["plantname"] == unit.generator.site.plant_name


def test_available_months_are_the_simulated_window():
    content = (SNAPSHOT_DIR / "metadata.json").read_bytes()
    assert available_months(content, "metadata.json") == (WINDOW_MONTHS[0], WINDOW_MONTHS[-1])


def test_metadata_without_a_period_is_a_schema_error():
    with pytest.raises(SchemaError, match="period"):
        available_months(json.dumps({"response": {"id": "x"}}).encode(), "metadata.json")


# --- paging ---------------------------------------------------------------------------------


@pytest.mark.parametrize("month", WINDOW_MONTHS, ids=str)
def test_fetching_a_month_follows_offsets_through_every_recorded_page(small_pages, month):
    directory, page_size = small_pages
    get = RecordingReplay(directory)
    pages = fetch_month_pages(get, month, page_size)
    units = operable_units(month)
    assert len(units) % page_size  # the last page is short
    assert get.offsets == list(range(0, len(units), page_size))
    assert len(pages) == math.ceil(len(units) / page_size)
    frames = [parse_page(p.content, p.url).frame for p in pages]
    keys = [k for f in frames for k in f.select("plantid", "generatorid").iter_rows()]
    assert len(keys) == len(set(keys)) == len(units)
    assert set(keys) == unit_keys(units)


@pytest.mark.parametrize(
    ("rows", "page_size", "offsets"),
    [
        (11, 5, [0, 5, 10]),  # a short last page ends the month
        (10, 5, [0, 5]),  # a total that is a multiple of the page size also ends it
        (4, 5, [0]),
        (0, 5, [0]),
    ],
)
def test_paging_stops_after_the_last_page_without_an_extra_request(rows, page_size, offsets):
    get = FakeApi(rows)
    pages = fetch_month_pages(get, date(2026, 3, 1), page_size)
    assert get.offsets == offsets
    assert sum(parse_page(p.content, p.url).frame.height for p in pages) == rows


def test_without_a_reported_total_paging_stops_at_the_first_short_page():
    get = FakeApi(10, report_total=False)
    fetch_month_pages(get, date(2026, 3, 1), 5)
    assert get.offsets == [0, 5, 10]


# --- errors and secrets ---------------------------------------------------------------------


def test_an_api_error_reply_is_a_fetch_error_that_never_shows_the_key(tmp_path):
    sent = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(403, json={"error": "invalid api_key", "code": 403})

    client = SourceClient(
        SPEC.source_id,
        SourceMode.LIVE,
        tmp_path,
        "maestro-tests/0 (tests@example.org)",
        policy=HttpPolicy(),
        transport=httpx.MockTransport(handler),
        environ={"EIA_API_KEY": SECRET},
        sleep=lambda _: None,
        rate_limiter=HostRateLimiter(),
    )
    with pytest.raises(FetchError, match="invalid api_key") as error:
        fetch_month_pages(client.get, date(2026, 3, 1))
    assert sent[0].url.params["api_key"] == SECRET  # the key really went out on the wire
    assert SECRET not in str(error.value)
    assert SECRET not in error.value.location
    assert len(sent) == 1


def test_invalid_json_is_a_format_error():
    with pytest.raises(FormatError, match="invalid JSON"):
        parse_page(b'{"response": {"data": [', "page.json")


def test_an_html_page_instead_of_json_is_a_format_error():
    with pytest.raises(FormatError, match="HTML page"):
        parse_page(b"<html><title>Gateway Timeout</title></html>", "page.json")


@pytest.mark.parametrize("field", ["plantid", "generatorid", "nameplate-capacity-mw"])
def test_a_missing_required_field_is_a_schema_error_naming_it(field):
    document = json.loads(BUNDLED_PAGES[0].read_bytes())
    for row in document["response"]["data"]:
        del row[field]
    with pytest.raises(SchemaError, match=re.escape(f"missing required field(s): {field} —")):
        parse_page(json.dumps(document).encode(), "page.json")


def test_a_reply_without_a_response_object_is_a_schema_error():
    with pytest.raises(SchemaError, match="no `response` object"):
        parse_page(b'{"apiVersion": "2.1.8"}', "page.json")


@pytest.mark.parametrize("offset", [0, 5000, 10000])
@pytest.mark.parametrize("month", [WINDOW_MONTHS[0], WINDOW_MONTHS[-1]], ids=str)
def test_page_request_public_url_never_contains_the_api_key(month, offset):
    request = page_request(month, offset)
    assert "api_key" not in request.public_url
    assert f"offset={offset}" in request.public_url
    assert ("api_key", SECRET) in request.secrets({"EIA_API_KEY": SECRET}, "eia_api")
    assert "api_key" not in metadata_request().public_url
