"""SEC EDGAR full-text search: 8-K, 10-K and 10-Q documents that mention buying clean energy.

A vintage is one day's pull: for each phrase in `QUERIES`, every page of
`GET https://efts.sec.gov/LATEST/search-index` over the filings of the `WINDOW_DAYS` days up
to the vintage date. efts serves `PAGE_SIZE` hits a page and pages by `from`; the pull follows
`from` until it has read every hit counted, a page comes back short, or the next `from` would
reach `MAX_FROM_EXCLUSIVE` (efts refuses `from` >= 10,000: it never counts past 10,000).

Each page is one raw file. Its rows are of two kinds (`row_kind`):
- `hit`: one per document found (`_id` = `<accession>:<filename>`), with the query that found
  it. A filing found by two phrases gives two rows, and an 8-K whose exhibit also matches gives
  one row per document: deduplication by accession belongs downstream. `cik` is the first
  filer's CIK (10 digits), `ciks` every filer's (a combined report lists several); the first
  filer's display name (`"Tesla, Inc.  (TSLA)  (CIK 0001318605)"`) is split into
  `entity_name`, `tickers` and `display_name_cik`; `document_url` is where EDGAR serves it.
- `query_summary`: one per query and vintage, on the query's first page: what efts counted
  (`hits_total`, `hits_total_relation`) and `hits_capped` = "true" when the relation is `gte`,
  i.e. more filings matched than efts will count or serve, so the vintage holds only part of
  them. A capped query is reported, never silently cut: compare the `hit` rows of the query
  with `hits_total`, and narrow the window or the phrase. Every page's layout notes repeat the
  counts.

All cells are text (as published); `source_row` is the hit's rank within the query's results.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import polars as pl

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.errors import FetchError, SchemaError
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
    SEC_HOSTS,
    SEC_IDENTITY_HEADERS,
    SEC_LICENSE,
    SEC_MIN_REQUEST_INTERVAL,
    SEC_USER_AGENT_ENV,
    document_url,
    joined,
    padded_cik,
    sec_get,
    text_cell,
)
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW

SEARCH_URL = "https://efts.sec.gov/LATEST/search-index"
QUERIES = (
    "power purchase agreement",
    "virtual power purchase agreement",
    "renewable energy credits",
    "green tariff",
)
FORMS = ("8-K", "10-K", "10-Q")
WINDOW_DAYS = 365  # a vintage covers filings dated within this many days up to it
PAGE_SIZE = 100  # hits per efts page (fixed by efts)
MAX_FROM_EXCLUSIVE = 10_000  # efts refuses `from` at or beyond this; it counts no further

SPEC = SourceSpec(
    source_id="sec_edgar_search",
    title="SEC EDGAR full-text search: filings mentioning clean-energy procurement",
    publisher="U.S. Securities and Exchange Commission",
    landing_url="https://www.sec.gov/edgar/search/",
    requests=(
        f"GET {SEARCH_URL} with q=<quoted phrase> for each phrase of QUERIES, "
        f"forms={','.join(FORMS)}, dateRange=custom, startdt=<vintage - {WINDOW_DAYS} days>, "
        f"enddt=<vintage>, from=0, 100, … until every counted hit is read (efts serves at "
        f"most 10,000); User-Agent from {SEC_USER_AGENT_ENV}; at most 10 requests a second"
    ),
    file_format="json",
    cadence=Cadence.WEEKLY,
    expected_coverage=(
        "Every 8-K, 10-K and 10-Q document filed in the year up to the vintage whose text "
        "contains one of the declared phrases: filer CIKs and names, tickers, SIC codes, "
        "business states, 8-K items and document links"
    ),
    known_gaps=(
        "A phrase match, not a purchase: sellers (utilities, developers) mention power purchase "
        "agreements far more than buyers, and buyers often name no counterparty; efts counts "
        "and serves at most 10,000 hits per query (reported as hits_capped, never silently "
        "cut); filings before 2001 are not indexed; private companies do not file"
    ),
    reliability="B",
    license=SEC_LICENSE,
    raw_table="raw.sec_edgar_search__hits",
    live_requires_env=(SEC_USER_AGENT_ENV,),
    min_request_interval_seconds=SEC_MIN_REQUEST_INTERVAL,
    domain="procurement",
    allowed_hosts=SEC_HOSTS,
)

# --- what is requested ----------------------------------------------------------------------


def search_window(vintage: date) -> tuple[date, date]:
    """(first, last) filing date a vintage covers."""
    return vintage - timedelta(days=WINDOW_DAYS), vintage


def phrase_params(query: str) -> tuple[tuple[str, str], ...]:
    return (("q", f'"{query}"'), ("forms", ",".join(FORMS)))


def search_request(query: str, vintage: date, offset: int) -> SourceRequest:
    start, end = search_window(vintage)
    return SourceRequest(
        SEARCH_URL,
        params=(
            *phrase_params(query),
            ("dateRange", "custom"),
            ("startdt", start.isoformat()),
            ("enddt", end.isoformat()),
            ("from", str(offset)),
        ),
        secret_headers=SEC_IDENTITY_HEADERS,
    )


# A cheap change probe for sensors: the first page of the first phrase over all dates, whose
# count grows with every new matching filing.
PROBE_REQUEST = SourceRequest(
    SEARCH_URL, params=phrase_params(QUERIES[0]), secret_headers=SEC_IDENTITY_HEADERS
)


def next_page_from(offset: int, hits_in_page: int, hits_total: int) -> int | None:
    """The `from` of the next page, or None when the query is read: every counted hit seen, a
    short page, or efts's limit reached."""
    following = offset + PAGE_SIZE
    if hits_in_page < PAGE_SIZE or following >= hits_total or following >= MAX_FROM_EXCLUSIVE:
        return None
    return following


# --- reading a page -------------------------------------------------------------------------

HIT_KIND, SUMMARY_KIND = "hit", "query_summary"  # the `row_kind` of a row
HITS_ARRAY, TOTAL_OBJECT = "hits.hits", "hits.total"  # the `sheet` of a row: where it sits
CAPPED_RELATION = "gte"
RELATIONS = ("eq", CAPPED_RELATION)
REQUIRED_SOURCE_FIELDS = ("ciks", "display_names", "adsh", "form", "root_forms", "file_date")
# "Tesla, Inc.  (TSLA)  (CIK 0001318605)": EDGAR separates the parts with two spaces; the
# tickers are the parenthesis right before the CIK (a name may hold parentheses of its own).
DISPLAY_NAME = re.compile(
    r"^(?P<name>.+?)\s{2,}(?:\((?P<tickers>[^()]+)\)\s{2,})?\(CIK (?P<cik>\d{1,10})\)\s*$"
)


@dataclass(frozen=True)
class SearchPage:
    hits_total: int
    hits_total_relation: str
    hits: list[dict[str, Any]]

    @property
    def capped(self) -> bool:
        return self.hits_total_relation == CAPPED_RELATION


@dataclass(frozen=True)
class DisplayName:
    entity_name: str
    tickers: tuple[str, ...]
    cik: str | None


def parse_display_name(text: str) -> DisplayName:
    """Split an efts display name; a name that does not follow the pattern is kept whole."""
    match = DISPLAY_NAME.match(text)
    if match is None:
        return DisplayName(" ".join(text.split()), (), None)
    tickers = tuple(t.strip() for t in (match["tickers"] or "").split(",") if t.strip())
    return DisplayName(" ".join(match["name"].split()), tickers, padded_cik(match["cik"]))


def read_page(content: bytes, location: str) -> SearchPage:
    """The counts and hit list of one efts reply; an error reply or a changed layout fails."""
    document = require_json(content, SPEC.source_id, location)
    if not isinstance(document, dict):
        raise SchemaError(SPEC.source_id, location, "expected a JSON object")
    if "error" in document:
        raise FetchError(SPEC.source_id, location, f"efts error: {document['error']}")
    hits = document.get("hits")
    if not isinstance(hits, dict):
        raise SchemaError(SPEC.source_id, location, "no `hits` object in the reply")
    total = hits.get("total")
    if not (
        isinstance(total, dict)
        and isinstance(total.get("value"), int)
        and total.get("relation") in RELATIONS
    ):
        raise SchemaError(
            SPEC.source_id,
            location,
            f"expected `hits.total` as {{value: <int>, relation: eq|gte}}, found {total!r}",
        )
    listed = hits.get("hits")
    if not isinstance(listed, list):
        raise SchemaError(SPEC.source_id, location, "no `hits.hits` list in the reply")
    return SearchPage(total["value"], total["relation"], listed)


def checked_source(hit: object, rank: int, location: str) -> dict[str, Any]:
    """A hit's `_source`, after checking it has what every row needs."""
    if not isinstance(hit, dict) or not isinstance(hit.get("_source"), dict):
        raise SchemaError(SPEC.source_id, location, f"hit {rank} has no `_source` object")
    source = hit["_source"]
    missing = [f for f in REQUIRED_SOURCE_FIELDS if f not in source]
    if not isinstance(hit.get("_id"), str) or ":" not in hit["_id"]:
        missing.insert(0, "_id (<accession>:<filename>)")
    if missing:
        raise SchemaError(
            SPEC.source_id, location, f"hit {rank} lacks field(s): " + ", ".join(missing)
        )
    if not isinstance(source["ciks"], list) or not source["ciks"]:
        raise SchemaError(SPEC.source_id, location, f"hit {rank} lists no filer CIK")
    return source


def filer_ciks(source: dict[str, Any], rank: int, location: str) -> list[str]:
    """Every filer's CIK, 10 digits, in the order listed (the first is the main filer)."""
    try:
        return [padded_cik(c) for c in source["ciks"]]
    except ValueError as exc:
        raise SchemaError(SPEC.source_id, location, f"hit {rank}: {exc}") from None


def first_filer_display_name(source: dict[str, Any], cik: str) -> str | None:
    """The display name of the first filer (the one whose CIK it states, else the first)."""
    names = [n for n in source.get("display_names") or [] if isinstance(n, str)]
    for name in names:
        if parse_display_name(name).cik == cik:
            return name
    return names[0] if names else None


def hit_row(hit: dict[str, Any], rank: int, location: str) -> dict[str, str | None]:
    source = checked_source(hit, rank, location)
    id_accession, _, filename = hit["_id"].partition(":")
    accession = text_cell(source["adsh"]) or id_accession
    ciks = filer_ciks(source, rank, location)
    display = first_filer_display_name(source, ciks[0])
    parsed = parse_display_name(display) if display else None
    root_forms = source.get("root_forms") or []
    return {
        "document_id": hit["_id"],
        "accession": accession,
        "filename": filename,
        "form": text_cell(source["form"]),
        "root_form": text_cell(root_forms[0]) if root_forms else None,
        "root_forms": joined(root_forms),
        "file_type": text_cell(source.get("file_type")),
        "file_description": text_cell(source.get("file_description")),
        "file_date": text_cell(source["file_date"]),
        "period_ending": text_cell(source.get("period_ending")),
        "cik": ciks[0],
        "ciks": joined(ciks),
        "display_name": display,
        "entity_name": parsed.entity_name if parsed else None,
        "tickers": joined(parsed.tickers) if parsed else None,
        "display_name_cik": parsed.cik if parsed else None,
        "display_names": joined(source.get("display_names")),
        "sics": joined(source.get("sics")),
        "biz_states": joined(source.get("biz_states")),
        "biz_locations": joined(source.get("biz_locations")),
        "inc_states": joined(source.get("inc_states")),
        "items": joined(source.get("items")),
        "score": text_cell(hit.get("_score")),
        "document_url": document_url(ciks[0], accession, filename),
    }


@dataclass(frozen=True)
class PageRequest:
    """What a page's URL says about it (an imported file without a query string says nothing)."""

    query: str | None
    window_start: str | None
    window_end: str | None
    page_from: int

    @classmethod
    def from_location(cls, location: str) -> PageRequest:
        params = parse_qs(urlsplit(location).query)

        def first(name: str) -> str | None:
            values = params.get(name)
            return values[0] if values else None

        query = first("q")
        offset = first("from")
        return cls(
            query=query.strip('"') if query else None,
            window_start=first("startdt"),
            window_end=first("enddt"),
            page_from=int(offset) if offset and offset.isdigit() else 0,
        )


QUERY_COLUMNS = ("query", "window_start", "window_end", "page_from")
SUMMARY_COLUMNS = ("hits_total", "hits_total_relation", "hits_capped")
HIT_COLUMNS = (
    "document_id",
    "accession",
    "filename",
    "form",
    "root_form",
    "root_forms",
    "file_type",
    "file_description",
    "file_date",
    "period_ending",
    "cik",
    "ciks",
    "display_name",
    "entity_name",
    "tickers",
    "display_name_cik",
    "display_names",
    "sics",
    "biz_states",
    "biz_locations",
    "inc_states",
    "items",
    "score",
    "document_url",
)
RAW_COLUMNS = (SHEET, SOURCE_ROW, "row_kind", *QUERY_COLUMNS, *SUMMARY_COLUMNS, *HIT_COLUMNS)
REQUIRED_COLUMNS = (
    "query",
    "hits_total",
    "hits_total_relation",
    "accession",
    "form",
    "file_date",
    "cik",
    "entity_name",
    "document_url",
)


def summary_row(page: SearchPage) -> dict[str, str | None]:
    return {
        "hits_total": str(page.hits_total),
        "hits_total_relation": page.hits_total_relation,
        "hits_capped": str(page.capped).lower(),
    }


def parse_search_page(content: bytes, location: str) -> ParsedFile:
    """One efts page: a row per hit, plus the query's summary row on its first page."""
    page = read_page(content, location)
    asked = PageRequest.from_location(location)
    query_cells = {
        "query": asked.query,
        "window_start": asked.window_start,
        "window_end": asked.window_end,
        "page_from": str(asked.page_from),
    }
    rows: list[dict[str, Any]] = []
    if asked.page_from == 0:
        rows.append(
            {SHEET: TOTAL_OBJECT, SOURCE_ROW: 0, "row_kind": SUMMARY_KIND, **summary_row(page)}
        )
    for position, hit in enumerate(page.hits):
        rank = asked.page_from + position
        rows.append(
            {
                SHEET: HITS_ARRAY,
                SOURCE_ROW: rank,
                "row_kind": HIT_KIND,
                **hit_row(hit, rank, location),
            }
        )
    schema = {name: pl.String for name in RAW_COLUMNS} | {SOURCE_ROW: pl.Int64}
    frame = pl.DataFrame(
        [{**query_cells, **row} for row in rows], schema=schema, orient="row"
    ).select(RAW_COLUMNS)
    return ParsedFile(
        frame=frame,
        notes={
            "query": asked.query,
            "page_from": asked.page_from,
            "hits_in_page": len(page.hits),
            "hits_total": page.hits_total,
            "hits_total_relation": page.hits_total_relation,
            "hits_capped": page.capped,
        },
    )


# --- fetching -------------------------------------------------------------------------------


def fetch_query_pages(
    get: Callable[[SourceRequest], SourceResponse], query: str, vintage: date
) -> list[SourceResponse]:
    """Every page of one query, following `from` as `next_page_from` says."""
    pages: list[SourceResponse] = []
    offset: int | None = 0
    while offset is not None:
        response = get(search_request(query, vintage, offset))
        pages.append(response)
        page = read_page(response.content, response.url)
        offset = next_page_from(offset, len(page.hits), page.hits_total)
    return pages


def fetch_every_query(
    get: Callable[[SourceRequest], SourceResponse], vintage: date
) -> list[SourceResponse]:
    return [page for query in QUERIES for page in fetch_query_pages(get, query, vintage)]


def fetch_search(
    client: SourceClient, vintage: date, limiter: HostRateLimiter = PROCESS_RATE_LIMITER
) -> list[SourceResponse]:
    """Every page of every query for one vintage (refused live without a declared identity)."""
    return fetch_every_query(sec_get(client, vintage, limiter), vintage)


def found_ciks(pages: list[SourceResponse]) -> list[str]:
    """Every filer CIK the pages list (all filers of each hit), 10 digits, sorted."""
    ciks: set[str] = set()
    for response in pages:
        for position, hit in enumerate(read_page(response.content, response.url).hits):
            source = checked_source(hit, position, response.url)
            ciks.update(filer_ciks(source, position, response.url))
    return sorted(ciks)


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch_search,
    parse=parse_search_page,
    extension="json",
    required_columns=REQUIRED_COLUMNS,
)
