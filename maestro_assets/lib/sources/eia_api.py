"""EIA API v2, electricity/operating-generator-capacity: operable units only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FetchError, SchemaError
from maestro_assets.lib.formats import require_json
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.months import months_between
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW, column_name

API_ROUTE = "https://api.eia.gov/v2/electricity/operating-generator-capacity/"
PAGE_SIZE = 5000  # the API's maximum rows per response

SPEC = SourceSpec(
    source_id="eia_api_generator_capacity",
    title="EIA API v2 operating generator capacity",
    publisher="U.S. Energy Information Administration",
    landing_url="https://www.eia.gov/opendata/browser/electricity/operating-generator-capacity",
    requests=(
        "GET electricity/operating-generator-capacity/data/ with frequency=monthly, "
        "data[]=nameplate-capacity-mw, start=end=YYYY-MM, sorted, paged by offset/length=5000; "
        "api_key from EIA_API_KEY"
    ),
    file_format="json",
    cadence=Cadence.MONTHLY,
    expected_coverage="Operable US generators of 1 MW or more, monthly, with nameplate capacity",
    known_gaps=(
        "The status facet covers operable units only (OP, SB, OS, OA): planned and "
        "under-construction units are absent, which is why the EIA-860M workbook is the status "
        "source; values arrive as strings; used to confirm operation"
    ),
    reliability="A",
    license="Public domain (U.S. government work)",
    raw_table="raw.eia_api__operating_generator_capacity",
    live_requires_env=("EIA_API_KEY",),
)

SORT_PARAMS = (
    ("sort[0][column]", "plantid"),
    ("sort[0][direction]", "asc"),
    ("sort[1][column]", "generatorid"),
    ("sort[1][direction]", "asc"),
)


def metadata_request() -> SourceRequest:
    """The route's metadata: startPeriod and endPeriod say which months exist."""
    return SourceRequest(API_ROUTE, secret_params=(("api_key", "EIA_API_KEY"),))


def page_request(month: date, offset: int, length: int = PAGE_SIZE) -> SourceRequest:
    period = f"{month:%Y-%m}"
    return SourceRequest(
        f"{API_ROUTE}data/",
        params=(
            ("frequency", "monthly"),
            ("data[0]", "nameplate-capacity-mw"),
            ("start", period),
            ("end", period),
            *SORT_PARAMS,
            ("offset", str(offset)),
            ("length", str(length)),
        ),
        secret_params=(("api_key", "EIA_API_KEY"),),
    )


# --- parsing -------------------------------------------------------------------------------

REQUIRED_FIELDS = (
    "period",
    "stateid",
    "entityid",
    "entityName",
    "plantid",
    "plantName",
    "generatorid",
    "status",
    "nameplate-capacity-mw",
)
OPTIONAL_FIELDS = (
    "stateName",
    "sector",
    "sectorName",
    "technology",
    "energy_source_code",
    "prime_mover_code",
    "balancing_authority_code",
    "statusDescription",
    "county",
    "latitude",
    "longitude",
    "nameplate-capacity-mw-units",
)
REQUIRED_COLUMNS = tuple(column_name(f) for f in REQUIRED_FIELDS)
DATA_ARRAY = "response.data"  # the `sheet` of every row: where in the reply it sits
RAW_COLUMNS = (SHEET, SOURCE_ROW, *REQUIRED_COLUMNS, *(column_name(f) for f in OPTIONAL_FIELDS))


def response_body(content: bytes, location: str) -> dict[str, Any]:
    """The `response` object of an API reply; an API error becomes a clear failure."""
    document = require_json(content, SPEC.source_id, location)
    if not isinstance(document, dict):
        raise SchemaError(SPEC.source_id, location, "expected a JSON object")
    if "error" in document:
        raise FetchError(SPEC.source_id, location, f"API error: {document['error']}")
    body = document.get("response")
    if not isinstance(body, dict):
        raise SchemaError(SPEC.source_id, location, "no `response` object in the reply")
    return body


def page_rows(body: dict[str, Any]) -> list[dict[str, Any]]:
    return body.get("data") or []


def available_months(metadata: bytes, location: str) -> tuple[date, date]:
    """(first, last) data month the route serves, from its metadata."""
    body = response_body(metadata, location)
    try:
        first, last = body["startPeriod"], body["endPeriod"]
        return date.fromisoformat(f"{first}-01"), date.fromisoformat(f"{last}-01")
    except (KeyError, ValueError) as exc:
        raise SchemaError(
            SPEC.source_id, location, f"metadata lacks a usable period ({exc})"
        ) from None


def parse_page(content: bytes, location: str) -> ParsedFile:
    """One page of rows, as text, fields renamed to column names (`nameplate_capacity_mw`)."""
    rows = page_rows(response_body(content, location))
    present = set().union(*(row.keys() for row in rows)) if rows else set(REQUIRED_FIELDS)
    missing = [f for f in REQUIRED_FIELDS if f not in present]
    if missing:
        raise SchemaError(
            SPEC.source_id, location, "missing required field(s): " + ", ".join(missing)
        )
    columns = {
        column_name(f): [None if row.get(f) in (None, "") else str(row[f]) for row in rows]
        for f in (*REQUIRED_FIELDS, *OPTIONAL_FIELDS)
    }
    frame = pl.DataFrame(
        {SHEET: [DATA_ARRAY] * len(rows), SOURCE_ROW: list(range(len(rows))), **columns},
        schema={SHEET: pl.String, SOURCE_ROW: pl.Int64, **{n: pl.String for n in columns}},
    )
    return ParsedFile(
        frame=frame.select(RAW_COLUMNS),
        notes={"optional_fields_present": sorted(f for f in OPTIONAL_FIELDS if f in present)},
    )


def fetch_month_pages(
    get: Callable[[SourceRequest], SourceResponse], month: date, page_size: int = PAGE_SIZE
) -> list[SourceResponse]:
    """Every page of one month: follow offsets until a short page or the reported total."""
    pages: list[SourceResponse] = []
    offset = 0
    while True:
        response = get(page_request(month, offset, page_size))
        pages.append(response)
        body = response_body(response.content, response.url)
        offset += page_size
        total = int(body.get("total") or 0)
        if len(page_rows(body)) < page_size or (total and offset >= total):
            return pages


def list_months(client: SourceClient) -> list[date]:
    metadata = client.get_ok(metadata_request())
    return months_between(*available_months(metadata.content, metadata.url))


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=lambda client, month: fetch_month_pages(client.get_ok, month),
    parse=parse_page,
    extension="json",
    data_months=True,
    list_months=list_months,
    required_columns=REQUIRED_COLUMNS,
)
