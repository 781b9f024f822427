"""SEC EDGAR submissions: who each filer found by the full-text search is.

`GET https://data.sec.gov/submissions/CIK##########.json` describes one company: its current
name, former names with their dates, tickers and exchanges, SIC code, state of incorporation,
addresses and its recent filings (`filings.recent`, parallel arrays, newest first; older
filings sit in the files listed under `filings.files`).

Which companies: the CIKs of the same vintage's full-text search. The pull runs that search
first, in the same client (the search pages are read, not landed, here), then requests one
submissions file per CIK it found, every filer of each hit included. Snapshot replay therefore
replays both the search pages and the submissions files recorded under this source for the
vintage, and record mode records both.

One row per company. `earliest_recent_filing_date` is the oldest filing date visible in
`filings.recent`: the company's first filing only when `older_filing_files` is "0".
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import SchemaError
from maestro_assets.lib.formats import require_json
from maestro_assets.lib.http import (
    PROCESS_RATE_LIMITER,
    HostRateLimiter,
    SourceClient,
    SourceRequest,
    SourceResponse,
)
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.sources.sec_edgar import (
    LIST_SEPARATOR,
    SEC_HOSTS,
    SEC_IDENTITY_HEADERS,
    SEC_LICENSE,
    SEC_MIN_REQUEST_INTERVAL,
    SEC_USER_AGENT_ENV,
    joined,
    padded_cik,
    sec_get,
    text_cell,
)
from maestro_assets.lib.sources.sec_edgar_search import (
    PROBE_REQUEST as SEARCH_PROBE_REQUEST,
)
from maestro_assets.lib.sources.sec_edgar_search import fetch_every_query, found_ciks
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW

SUBMISSIONS_URL = "https://data.sec.gov/submissions/CIK{cik}.json"

SPEC = SourceSpec(
    source_id="sec_edgar_submissions",
    title="SEC EDGAR submissions: company records of the filers the full-text search found",
    publisher="U.S. Securities and Exchange Commission",
    landing_url="https://www.sec.gov/search-filings/edgar-application-programming-interfaces",
    requests=(
        "Run the vintage's sec_edgar_search pull, then GET "
        "https://data.sec.gov/submissions/CIK##########.json (10-digit CIK) for every filer "
        f"CIK it found; User-Agent from {SEC_USER_AGENT_ENV}; at most 10 requests a second"
    ),
    file_format="json",
    cadence=Cadence.WEEKLY,
    expected_coverage=(
        "One record per SEC filer found by the vintage's full-text search: current and former "
        "names, tickers, exchanges, SIC, state of incorporation, business address and the "
        "dates of its recent filings"
    ),
    known_gaps=(
        "Only filers the full-text search found; no parent-subsidiary links (combined filings "
        "list several CIKs, but EDGAR does not say which owns which); `filings.recent` holds "
        "the latest 1,000 filings or one year, so the earliest filing date shown is the "
        "company's first only when no older filing files are listed"
    ),
    reliability="A",
    license=SEC_LICENSE,
    raw_table="raw.sec_edgar_submissions__companies",
    live_requires_env=(SEC_USER_AGENT_ENV,),
    min_request_interval_seconds=SEC_MIN_REQUEST_INTERVAL,
    domain="procurement",
    allowed_hosts=SEC_HOSTS,
)


# New filers first show in the full-text search, so its change probe is this source's too.
PROBE_REQUEST = SEARCH_PROBE_REQUEST


def submissions_request(cik: str) -> SourceRequest:
    return SourceRequest(
        SUBMISSIONS_URL.format(cik=padded_cik(cik)), secret_headers=SEC_IDENTITY_HEADERS
    )


def fetch_submissions(
    client: SourceClient, vintage: date, limiter: HostRateLimiter = PROCESS_RATE_LIMITER
) -> list[SourceResponse]:
    """The submissions file of every filer the vintage's full-text search found."""
    get = sec_get(client, vintage, limiter)
    ciks = found_ciks(fetch_every_query(get, vintage))
    return [get(submissions_request(cik)) for cik in ciks]


# --- parsing --------------------------------------------------------------------------------

COMPANY_OBJECT = "$"  # the `sheet` of a row: the reply's top-level object
REQUIRED_FIELDS = (
    "cik",
    "name",
    "tickers",
    "exchanges",
    "sic",
    "sicDescription",
    "stateOfIncorporation",
    "formerNames",
    "filings",
)
RECENT_ARRAYS = ("accessionNumber", "filingDate", "form")  # needed of filings.recent
RAW_COLUMNS = (
    SHEET,
    SOURCE_ROW,
    "cik",
    "name",
    "entity_type",
    "tickers",
    "exchanges",
    "sic",
    "sic_description",
    "category",
    "fiscal_year_end",
    "state_of_incorporation",
    "business_city",
    "business_state",
    "former_names",  # joined with "; ", newest first as EDGAR lists them
    "former_names_json",  # [{"name", "from", "to"}] with YYYY-MM-DD dates
    "recent_filing_count",
    "earliest_recent_filing_date",
    "latest_recent_filing_date",
    "older_filing_files",  # how many files of older filings `filings.files` lists
)
REQUIRED_COLUMNS = ("cik", "name", "sic", "earliest_recent_filing_date")


def company_document(content: bytes, location: str) -> dict[str, Any]:
    document = require_json(content, SPEC.source_id, location)
    if not isinstance(document, dict):
        raise SchemaError(SPEC.source_id, location, "expected a JSON object")
    missing = [f for f in REQUIRED_FIELDS if f not in document]
    if missing:
        raise SchemaError(
            SPEC.source_id, location, "missing required field(s): " + ", ".join(missing)
        )
    return document


def recent_filings(document: dict[str, Any], location: str) -> dict[str, list]:
    """`filings.recent`: parallel arrays of equal length."""
    filings = document["filings"]
    recent = filings.get("recent") if isinstance(filings, dict) else None
    if not isinstance(recent, dict):
        raise SchemaError(SPEC.source_id, location, "no `filings.recent` object")
    missing = [a for a in RECENT_ARRAYS if not isinstance(recent.get(a), list)]
    if missing:
        raise SchemaError(
            SPEC.source_id, location, "`filings.recent` lacks array(s): " + ", ".join(missing)
        )
    lengths = {len(recent[a]) for a in RECENT_ARRAYS}
    if len(lengths) > 1:
        raise SchemaError(
            SPEC.source_id, location, f"`filings.recent` arrays differ in length: {lengths}"
        )
    return recent


def day_of(timestamp: object) -> str | None:
    """EDGAR's `2005-02-17T00:00:00.000Z` as `2005-02-17`."""
    return str(timestamp)[:10] if timestamp else None


def former_names(document: dict[str, Any], location: str) -> list[dict[str, str | None]]:
    listed = document["formerNames"] or []
    if not isinstance(listed, list) or not all(
        isinstance(f, dict) and f.get("name") for f in listed
    ):
        raise SchemaError(SPEC.source_id, location, "`formerNames` entries lack a name")
    return [
        {"name": f["name"], "from": day_of(f.get("from")), "to": day_of(f.get("to"))}
        for f in listed
    ]


def company_row(document: dict[str, Any], location: str) -> dict[str, Any]:
    try:
        cik = padded_cik(document["cik"])
    except ValueError as exc:
        raise SchemaError(SPEC.source_id, location, str(exc)) from None
    recent = recent_filings(document, location)
    filed = sorted(d for d in recent["filingDate"] if d)
    formers = former_names(document, location)
    business = (document.get("addresses") or {}).get("business") or {}
    return {
        "cik": cik,
        "name": text_cell(document["name"]),
        "entity_type": text_cell(document.get("entityType")),
        "tickers": joined(document["tickers"]),
        "exchanges": joined(document["exchanges"]),
        "sic": text_cell(document["sic"]),
        "sic_description": text_cell(document["sicDescription"]),
        "category": text_cell(document.get("category")),
        "fiscal_year_end": text_cell(document.get("fiscalYearEnd")),
        "state_of_incorporation": text_cell(document["stateOfIncorporation"]),
        "business_city": text_cell(business.get("city")),
        "business_state": text_cell(business.get("stateOrCountry")),
        "former_names": LIST_SEPARATOR.join(f["name"] for f in formers) or None,
        "former_names_json": json.dumps(formers) if formers else None,
        "recent_filing_count": str(len(recent["filingDate"])),
        "earliest_recent_filing_date": filed[0] if filed else None,
        "latest_recent_filing_date": filed[-1] if filed else None,
        "older_filing_files": str(len(document["filings"].get("files") or [])),
    }


def parse_submissions(content: bytes, location: str) -> ParsedFile:
    """One company's submissions file as one row of text cells."""
    document = company_document(content, location)
    row = {SHEET: COMPANY_OBJECT, SOURCE_ROW: 0, **company_row(document, location)}
    schema = {name: pl.String for name in RAW_COLUMNS} | {SOURCE_ROW: pl.Int64}
    frame = pl.DataFrame([row], schema=schema, orient="row").select(RAW_COLUMNS)
    return ParsedFile(frame=frame)


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_submissions,
    parse=parse_submissions,
    extension="json",
    required_columns=REQUIRED_COLUMNS,
)
