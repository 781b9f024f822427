"""Recorded EIA API v2 responses (electricity/operating-generator-capacity) from the fleet.

The API lists operable units only (statuses OP, SB, OS, OA), so every row here has a
matching row on the same month's `Operating` sheet of the EIA-860M workbook. Values are
strings, as the real API returns them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from maestro_assets.lib.http import SourceRequest, write_snapshot_index
from maestro_assets.lib.sources.eia_api import PAGE_SIZE, metadata_request, page_request
from maestro_assets.lib.synthetic.eia860m import (
    DEFAULT_SEED,
    OPERATING,
    STATES,
    STATUS_TEXT,
    WINDOW_MONTHS,
    GeneratorMonth,
    release_datetime,
    simulate_fleet,
)
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

API_VERSION = "2.1.8"
JSON = "application/json"
OPERABLE_STATUSES = frozenset({"OP", "SB", "OS", "OA"})
ROUTE_ID = "operating-generator-capacity"
ROUTE_NAME = "Inventory of Operable Generators"
DESCRIPTION = (
    "Inventory of operable generators in the U.S. with a nameplate capacity of 1 megawatt or "
    "more, from Form EIA-860M, 'Monthly Update to the Annual Electric Generator Report'."
)
SECTOR_IDS = {"IPP Non-CHP": "ipp-non-chp", "Electric Utility": "electric-utility"}
BALANCING_AUTHORITY_NAMES = {
    "ERCO": "Electric Reliability Council of Texas, Inc.",
    "CISO": "California Independent System Operator",
    "MISO": "Midcontinent Independent System Operator, Inc.",
    "PJM": "PJM Interconnection, LLC",
    "NYIS": "New York Independent System Operator",
    "SWPP": "Southwest Power Pool",
    "ISNE": "ISO New England",
    "AZPS": "Arizona Public Service Company",
    "SRP": "Salt River Project Agricultural Improvement and Power District",
    "TEPC": "Tucson Electric Power",
    "NEVP": "Nevada Power Company",
    "PSCO": "Public Service Company of Colorado",
    "WACM": "Western Area Power Administration - Rocky Mountain Region",
    "DUK": "Duke Energy Carolinas",
    "CPLE": "Duke Energy Progress East",
}
FACETS = (
    ("sector", "Sector"),
    ("balancing_authority_code", "Balancing Authority"),
    ("stateid", "State"),
    ("entityid", "Entity"),
    ("plantid", "Plant"),
    ("generatorid", "Generator"),
    ("technology", "Technology"),
    ("energy_source_code", "Energy Source"),
    ("prime_mover_code", "Prime Mover"),
    ("status", "Status"),
)
DATA_COLUMNS = (
    ("nameplate-capacity-mw", "Nameplate Capacity", "MW"),
    ("net-summer-capacity-mw", "Net Summer Capacity", "MW"),
    ("net-winter-capacity-mw", "Net Winter Capacity", "MW"),
    ("operating-year-month", "Operating Year-Month", None),
    ("planned-retirement-year-month", "Planned Retirement Year-Month", None),
)


def operable_units(records: Iterable[GeneratorMonth]) -> list[GeneratorMonth]:
    """The month's rows the API serves, in its sort order (plantid, then generatorid)."""
    units = [r for r in records if r.sheet_name == OPERATING and r.status in OPERABLE_STATUSES]
    return sorted(units, key=lambda r: (r.generator.site.plant_id, r.generator.generator_id))


def api_row(record: GeneratorMonth) -> dict[str, str]:
    generator, site = record.generator, record.generator.site
    return {
        "period": f"{record.month:%Y-%m}",
        "stateid": site.state,
        "stateName": STATES[site.state].name,
        "sector": SECTOR_IDS[site.sector],
        "sectorName": site.sector,
        "entityid": str(site.entity_id),
        "entityName": site.entity_name,
        "plantid": str(site.plant_id),
        "plantName": site.plant_name,
        "generatorid": generator.generator_id,
        "technology": generator.technology.name,
        "energy_source_code": generator.technology.energy_source,
        "energy-source-desc": generator.technology.energy_source_desc,
        "prime_mover_code": generator.prime_mover,
        "balancing_authority_code": site.balancing_authority,
        "balancing-authority-name": BALANCING_AUTHORITY_NAMES[site.balancing_authority],
        "status": record.status,
        "statusDescription": STATUS_TEXT[record.status].split(") ", 1)[1],
        "county": site.county,
        "latitude": str(site.latitude),
        "longitude": str(site.longitude),
        "nameplate-capacity-mw": str(generator.nameplate_mw),
        "nameplate-capacity-mw-units": "MW",
    }


def echoed_params(params: Iterable[tuple[str, str]]) -> dict:
    """Query parameters as the API echoes them: `data[0]` becomes a list, `sort[0][column]` a
    list of objects, and offset and length numbers."""
    echoed: dict = {}
    for key, value in params:
        *parents, leaf = re.findall(r"[^\[\]]+", key)
        node = echoed
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = int(value) if key in ("offset", "length") else value
    return _indexed_dicts_as_lists(echoed)


def _indexed_dicts_as_lists(node: object) -> object:
    if not isinstance(node, dict):
        return node
    converted = {key: _indexed_dicts_as_lists(value) for key, value in node.items()}
    if converted and all(key.isdigit() for key in converted):
        return [converted[key] for key in sorted(converted, key=int)]
    return converted


def request_echo(request: SourceRequest) -> dict:
    return {"command": urlsplit(request.url).path, "params": echoed_params(request.params)}


def metadata_body(months: list[date]) -> dict:
    return {
        "response": {
            "id": ROUTE_ID,
            "name": ROUTE_NAME,
            "description": DESCRIPTION,
            "frequency": [
                {
                    "id": "monthly",
                    "alias": "Monthly",
                    "description": "One data point for each month.",
                    "query": "M",
                    "format": "YYYY-MM",
                }
            ],
            "facets": [{"id": facet, "description": text} for facet, text in FACETS],
            "data": {
                column: {"alias": alias, **({"units": units} if units else {})}
                for column, alias, units in DATA_COLUMNS
            },
            "startPeriod": f"{min(months):%Y-%m}",
            "endPeriod": f"{max(months):%Y-%m}",
            "defaultDateFormat": "YYYY-MM",
            "defaultFrequency": "monthly",
        },
        "request": request_echo(metadata_request()),
        "apiVersion": API_VERSION,
    }


def page_body(request: SourceRequest, rows: list[dict[str, str]], total: int) -> dict:
    return {
        "response": {
            "total": str(total),
            "dateFormat": "YYYY-MM",
            "frequency": "monthly",
            "data": rows,
            "description": DESCRIPTION,
        },
        "request": request_echo(request),
        "apiVersion": API_VERSION,
    }


def json_bytes(body: dict) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def month_pages(
    source_dir: Path, month: date, units: list[GeneratorMonth], page_size: int
) -> list[dict]:
    """Write every page the client asks for: it stops at the first page shorter than
    `page_size`, so a total that is a multiple of it ends with an empty page."""
    entries = []
    for offset in range(0, len(units) + 1, page_size):
        request = page_request(month, offset, page_size)
        rows = [api_row(unit) for unit in units[offset : offset + page_size]]
        entries.append(
            record_response(
                source_dir,
                request.public_url,
                f"pages/{month:%Y-%m}_{offset}.json",
                json_bytes(page_body(request, rows, len(units))),
                JSON,
                release_datetime(month),
            )
        )
    return entries


def write_eia_api_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED, page_size: int = PAGE_SIZE
) -> list[date]:
    """Write the route metadata, every month's pages and `responses.json`."""
    return write_month_pages(source_dir, simulate_fleet(scale, seed), WINDOW_MONTHS, page_size)


def write_month_pages(
    source_dir: Path,
    fleet: dict[date, list[GeneratorMonth]],
    data_months: Iterable[date],
    page_size: int = PAGE_SIZE,
) -> list[date]:
    """The snapshot of `data_months` of a fleet: `simulate_fleet`'s window, or a longer history."""
    months = sorted(data_months)
    clear_generated(source_dir, ("metadata.json", "pages"))
    entries = [
        record_response(
            source_dir,
            metadata_request().public_url,
            "metadata.json",
            json_bytes(metadata_body(months)),
            JSON,
            release_datetime(months[-1]),
        )
    ]
    for month in months:
        entries += month_pages(source_dir, month, operable_units(fleet[month]), page_size)
    write_snapshot_index(source_dir, entries)
    return months
