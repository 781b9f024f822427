"""SEC EDGAR full-text search and submissions: parsing real layouts, paging and the 10,000-hit
cap, fair access (declared User-Agent, 10 requests a second), snapshot replay and recording,
the synthetic writers and the corporate-buyer roster they draw from."""

import hashlib
import itertools
import json
import threading
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import cache
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
from maestro_assets.lib.sources import sec_edgar_search as search
from maestro_assets.lib.sources import sec_edgar_submissions as submissions
from maestro_assets.lib.sources.sec_edgar import (
    SEC_HOSTS,
    SEC_USER_AGENT_ENV,
    padded_cik,
    sec_get,
)
from maestro_assets.lib.synthetic.corporate_buyers import (
    AS_OF,
    BUYERS,
    LOOKALIKES,
    buyers_at_scale,
    new_entrants,
    sec_filers,
)
from maestro_assets.lib.synthetic.sec_edgar_search import (
    CAPPED,
    write_sec_edgar_search_snapshot,
)
from maestro_assets.lib.synthetic.sec_edgar_submissions import (
    write_sec_edgar_submissions_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS

VINTAGE = date(2026, 10, 1)
HIT_REQUIRED = ("accession", "form", "file_date", "cik", "entity_name", "document_url")
PPA = "power purchase agreement"
IDENTITY = "Acme Research ops@acme.example"
ADAPTERS = (search.ADAPTER, submissions.ADAPTER)


def page_url(query: str = PPA, offset: int = 0) -> str:
    return search.search_request(query, VINTAGE, offset).public_url


def efts_hit(
    adsh: str = "0001318605-26-000010",
    filename: str = "tsla-20260630.htm",
    ciks: tuple[str, ...] = ("0001318605",),
    display_names: tuple[str, ...] = ("Tesla, Inc.  (TSLA)  (CIK 0001318605)",),
    form: str = "10-Q",
) -> dict:
    """A hit in efts's layout, as the full-text search serves it."""
    return {
        "_index": "edgar_file",
        "_id": f"{adsh}:{filename}",
        "_score": 12.5,
        "_source": {
            "ciks": list(ciks),
            "period_ending": "2026-06-30",
            "file_num": ["001-34756"],
            "display_names": list(display_names),
            "xsl": None,
            "sequence": 1,
            "root_forms": [form],
            "file_date": "2026-07-24",
            "biz_states": ["TX"],
            "sics": ["3711"],
            "form": form,
            "adsh": adsh,
            "film_num": ["261109979"],
            "biz_locations": ["Austin, TX"],
            "file_type": form,
            "file_description": form,
            "inc_states": ["TX"],
            "items": [],
        },
    }


def efts_reply(hits: list[dict], total: int | None = None, relation: str = "eq") -> bytes:
    value = len(hits) if total is None else total
    return json.dumps(
        {
            "took": 80,
            "timed_out": False,
            "_shards": {"total": 50, "successful": 50, "skipped": 0, "failed": 0},
            "hits": {
                "total": {"value": value, "relation": relation},
                "max_score": 12.5,
                "hits": hits,
            },
        }
    ).encode()


def company_reply(**changes) -> dict:
    """A submissions file in data.sec.gov's layout."""
    document = {
        "cik": "1326801",
        "entityType": "operating",
        "sic": "7370",
        "sicDescription": "Services-Computer Programming, Data Processing, Etc.",
        "name": "Meta Platforms, Inc.",
        "tickers": ["META"],
        "exchanges": ["Nasdaq"],
        "category": "Large accelerated filer",
        "fiscalYearEnd": "1231",
        "stateOfIncorporation": "DE",
        "addresses": {"business": {"city": "MENLO PARK", "stateOrCountry": "CA"}},
        "formerNames": [
            {
                "name": "Facebook Inc",
                "from": "2004-08-18T00:00:00.000Z",
                "to": "2021-10-28T00:00:00.000Z",
            },
            {"name": "TheFacebook, Inc.", "from": "2004-01-01T00:00:00.000Z", "to": None},
        ],
        "filings": {
            "recent": {
                "accessionNumber": ["0001326801-26-000002", "0001326801-25-000009"],
                "filingDate": ["2026-02-01", "2025-04-30"],
                "form": ["10-K", "10-Q"],
            },
            "files": [{"name": "CIK0001326801-submissions-001.json"}],
        },
    }
    document.update(changes)
    return document


def hits_of(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("row_kind") == search.HIT_KIND)


def summaries_of(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(pl.col("row_kind") == search.SUMMARY_KIND)


# --- parsing the full-text search -----------------------------------------------------------


def test_a_hit_row_names_the_filing_the_first_filer_and_the_document_url():
    frame = search.parse_search_page(efts_reply([efts_hit()]), page_url()).frame
    (row,) = hits_of(frame).to_dicts()
    assert row["accession"] == "0001318605-26-000010"
    assert row["filename"] == "tsla-20260630.htm"
    assert row["cik"] == "0001318605"
    assert row["entity_name"] == "Tesla, Inc."
    assert row["tickers"] == "TSLA"
    assert row["display_name_cik"] == "0001318605"
    assert row["query"] == PPA
    assert (row["window_start"], row["window_end"]) == ("2025-10-01", "2026-10-01")
    assert row["document_url"] == (
        "https://www.sec.gov/Archives/edgar/data/1318605/000131860526000010/tsla-20260630.htm"
    )


@pytest.mark.parametrize(
    ("display_name", "name", "tickers", "cik"),
    [
        ("Tesla, Inc.  (TSLA)  (CIK 0001318605)", "Tesla, Inc.", ("TSLA",), "0001318605"),
        ("Alphabet Inc.  (GOOGL, GOOG)  (CIK 0001652044)", "Alphabet Inc.", ("GOOGL", "GOOG"),
         "0001652044"),
        ("Cascade Timber Holdings (USA) Inc.  (CTHU)  (CIK 0001635507)",
         "Cascade Timber Holdings (USA) Inc.", ("CTHU",), "0001635507"),
        ("Northwind Holdings (Delaware)  (CIK 0000912744)", "Northwind Holdings (Delaware)", (),
         "0000912744"),
        ("Ford Robert B  (CIK 1612571)", "Ford Robert B", (), "0001612571"),
        ("a name EDGAR did not format", "a name EDGAR did not format", (), None),
    ],
)  # fmt: skip
def test_display_names_split_into_entity_name_tickers_and_padded_cik(
    display_name, name, tickers, cik
):
    parsed = search.parse_display_name(display_name)
    assert (parsed.entity_name, parsed.tickers, parsed.cik) == (name, tickers, cik)


def test_multiple_tickers_are_joined_in_one_cell():
    hit = efts_hit(
        ciks=("1652044",), display_names=("Alphabet Inc.  (GOOGL, GOOG)  (CIK 0001652044)",)
    )
    (row,) = hits_of(search.parse_search_page(efts_reply([hit]), page_url()).frame).to_dicts()
    assert row["tickers"] == "GOOGL; GOOG"


@pytest.mark.parametrize(
    ("raw", "padded"),
    [("1318605", "0001318605"), ("0000320193", "0000320193"), (320193, "0000320193")],
)
def test_ciks_are_ten_digit_zero_padded_text(raw, padded):
    assert padded_cik(raw) == padded


@pytest.mark.parametrize("raw", ["", "12a4", "12345678901", "-5"])
def test_a_malformed_cik_in_a_hit_is_a_schema_error(raw):
    with pytest.raises(SchemaError, match="not a CIK"):
        search.parse_search_page(efts_reply([efts_hit(ciks=(raw,))]), page_url())


def test_a_combined_filing_keeps_every_cik_and_names_the_first_filer():
    hit = efts_hit(
        ciks=("0001735520", "0001741187"),
        display_names=(
            "Harbor Point Data Centers LLC  (CIK 0001741187)",
            "Harbor Point Holdings, Inc.  (HPHI)  (CIK 0001735520)",
        ),
    )
    (row,) = hits_of(search.parse_search_page(efts_reply([hit]), page_url()).frame).to_dicts()
    assert row["cik"] == "0001735520"
    assert row["ciks"] == "0001735520; 0001741187"
    assert row["entity_name"] == "Harbor Point Holdings, Inc."
    assert "/data/1735520/" in row["document_url"]


def test_the_query_summary_is_on_the_first_page_only_and_ranks_continue_across_pages():
    first = search.parse_search_page(efts_reply([efts_hit()], total=150), page_url(offset=0))
    second = search.parse_search_page(efts_reply([efts_hit()], total=150), page_url(offset=100))
    (summary,) = summaries_of(first.frame).to_dicts()
    assert (summary["hits_total"], summary["hits_total_relation"]) == ("150", "eq")
    assert summary["hits_capped"] == "false"
    assert summaries_of(second.frame).is_empty()
    assert hits_of(second.frame)["source_row"].to_list() == [100]


def test_a_capped_query_is_reported_in_its_summary_row_and_layout_notes():
    parsed = search.parse_search_page(
        efts_reply([efts_hit()], total=10_000, relation="gte"), page_url()
    )
    (summary,) = summaries_of(parsed.frame).to_dicts()
    assert (summary["hits_total"], summary["hits_total_relation"]) == ("10000", "gte")
    assert summary["hits_capped"] == "true"
    assert parsed.notes["hits_capped"] is True and parsed.notes["query"] == PPA


def test_raw_columns_are_text_in_the_declared_order():
    frame = search.parse_search_page(efts_reply([efts_hit()]), page_url()).frame
    assert tuple(frame.columns) == search.RAW_COLUMNS
    assert {d for n, d in frame.schema.items() if n != "source_row"} == {pl.String}


# --- bad replies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"<!DOCTYPE html><html><head><title>Request Rate Threshold Exceeded</title>",
         "Request Rate Threshold Exceeded"),
        (b'{"hits": {"total": ', "invalid JSON"),
        (b"", "empty file"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("parse", [search.parse_search_page, submissions.parse_submissions])
def test_an_html_page_or_broken_json_is_a_format_error_naming_the_url(content, problem, parse):
    url = page_url()
    with pytest.raises(FormatError, match=problem) as error:
        parse(content, url)
    assert error.value.location == url


def rename(mapping: dict, old: str, new: str) -> None:
    mapping[new] = mapping.pop(old)


def mutated(change) -> bytes:
    reply = json.loads(efts_reply([efts_hit()]))
    change(reply)
    return json.dumps(reply).encode()


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda r: r.update(results=r.pop("hits")), "no `hits` object"),
        (lambda r: r["hits"].pop("total"), "hits.total"),
        (lambda r: r["hits"].update(total=42), "hits.total"),
        (lambda r: r["hits"]["total"].update(relation="about"), "hits.total"),
        (lambda r: r["hits"].update(documents=r["hits"].pop("hits")), "no `hits.hits` list"),
        (lambda r: r["hits"]["hits"][0]["_source"].pop("adsh"), "lacks field.*adsh"),
        (lambda r: rename(r["hits"]["hits"][0]["_source"], "ciks", "cik"), "lacks field.*ciks"),
        (lambda r: r["hits"]["hits"][0].pop("_id"), "lacks field.*_id"),
        (lambda r: rename(r["hits"]["hits"][0], "_source", "source"), "no `_source`"),
        (lambda r: r["hits"]["hits"][0]["_source"].update(ciks=[]), "no filer CIK"),
    ],
)  # fmt: skip
def test_a_renamed_or_missing_key_is_a_schema_error_naming_it(change, problem):
    with pytest.raises(SchemaError, match=problem) as error:
        search.parse_search_page(mutated(change), page_url())
    assert error.value.source_id == "sec_edgar_search"


def test_an_efts_error_reply_is_a_fetch_error():
    with pytest.raises(FetchError, match="efts error"):
        search.parse_search_page(b'{"error": "from must be less than 10000"}', page_url())


# --- paging ---------------------------------------------------------------------------------


class FakeEfts:
    """A `get` serving `served` hits by `from`, reporting `total` (default: the hits served)."""

    def __init__(self, served: int, total: int | None = None, relation: str = "eq") -> None:
        self.hits = [efts_hit(filename=f"doc{i}.htm") for i in range(served)]
        self.total = served if total is None else total
        self.relation = relation
        self.offsets: list[int] = []

    def __call__(self, request: SourceRequest) -> SourceResponse:
        offset = int(dict(request.params)["from"])
        if offset >= search.MAX_FROM_EXCLUSIVE:
            raise AssertionError(f"efts refuses from={offset}")
        self.offsets.append(offset)
        page = self.hits[offset : offset + search.PAGE_SIZE]
        content = efts_reply(page, self.total, self.relation)
        return SourceResponse(request.public_url, 200, {}, content, datetime.now(UTC))


@pytest.mark.parametrize(
    ("served", "offsets"),
    [(0, [0]), (40, [0]), (100, [0]), (200, [0, 100]), (250, [0, 100, 200])],
)
def test_paging_reads_every_counted_hit_and_stops_at_the_total(served, offsets):
    efts = FakeEfts(served)
    pages = search.fetch_query_pages(efts, PPA, VINTAGE)
    assert efts.offsets == offsets
    frames = [search.parse_search_page(p.content, p.url).frame for p in pages]
    assert sum(hits_of(f).height for f in frames) == served


def test_paging_stops_at_a_short_page_even_when_more_are_counted():
    efts = FakeEfts(130, total=10_000, relation="gte")
    search.fetch_query_pages(efts, PPA, VINTAGE)
    assert efts.offsets == [0, 100]


def test_paging_of_a_capped_query_stops_before_from_reaches_ten_thousand():
    efts = FakeEfts(12_000, total=10_000, relation="gte")
    pages = search.fetch_query_pages(efts, PPA, VINTAGE)
    assert efts.offsets == list(range(0, 10_000, 100))
    assert len(pages) == 100


def test_paging_never_asks_for_from_ten_thousand_even_if_efts_counted_more():
    efts = FakeEfts(12_000, total=12_000)
    search.fetch_query_pages(efts, PPA, VINTAGE)
    assert max(efts.offsets) == 9_900


def test_a_vintage_covers_the_declared_window_of_filing_dates():
    params = dict(search.search_request(PPA, VINTAGE, 0).params)
    start = date.fromisoformat(params["startdt"])
    assert date.fromisoformat(params["enddt"]) == VINTAGE
    assert (VINTAGE - start).days == search.WINDOW_DAYS
    assert params["q"] == f'"{PPA}"'
    assert params["forms"] == "8-K,10-K,10-Q"


# --- parsing submissions --------------------------------------------------------------------


def submissions_row(document: dict) -> dict:
    url = submissions.submissions_request("1326801").public_url
    (row,) = submissions.parse_submissions(json.dumps(document).encode(), url).frame.to_dicts()
    return row


def test_a_company_row_carries_identity_former_names_and_earliest_recent_filing():
    row = submissions_row(company_reply(tickers=["GOOGL", "GOOG"], exchanges=["Nasdaq"] * 2))
    assert row["cik"] == "0001326801"
    assert row["name"] == "Meta Platforms, Inc."
    assert row["tickers"] == "GOOGL; GOOG"
    assert row["sic"] == "7370"
    assert row["state_of_incorporation"] == "DE"
    assert row["business_state"] == "CA"
    assert row["former_names"] == "Facebook Inc; TheFacebook, Inc."
    assert json.loads(row["former_names_json"]) == [
        {"name": "Facebook Inc", "from": "2004-08-18", "to": "2021-10-28"},
        {"name": "TheFacebook, Inc.", "from": "2004-01-01", "to": None},
    ]
    assert row["earliest_recent_filing_date"] == "2025-04-30"
    assert row["latest_recent_filing_date"] == "2026-02-01"
    assert (row["recent_filing_count"], row["older_filing_files"]) == ("2", "1")


def test_a_company_without_former_names_or_tickers_has_empty_cells():
    row = submissions_row(company_reply(formerNames=[], tickers=[], exchanges=[]))
    assert row["former_names"] is None and row["former_names_json"] is None
    assert row["tickers"] is None


def test_the_submissions_url_takes_a_ten_digit_cik():
    assert submissions.submissions_request("320193").public_url == (
        "https://data.sec.gov/submissions/CIK0000320193.json"
    )


@pytest.mark.parametrize("field", submissions.REQUIRED_FIELDS)
def test_a_submissions_file_missing_a_required_key_is_a_schema_error(field):
    document = company_reply()
    document.pop(field)
    with pytest.raises(SchemaError, match=field):
        submissions_row(document)


@pytest.mark.parametrize(
    ("filings", "problem"),
    [
        ({"files": []}, "no `filings.recent`"),
        ({"recent": {"accessionNumber": [], "form": []}}, "lacks array.*filingDate"),
        ({"recent": {"accessionNumber": ["a"], "filingDate": [], "form": ["8-K"]}},
         "differ in length"),
    ],
)  # fmt: skip
def test_a_broken_recent_filings_block_is_a_schema_error(filings, problem):
    with pytest.raises(SchemaError, match=problem):
        submissions_row(company_reply(filings=filings))


# --- fair access ----------------------------------------------------------------------------


def live_client(
    adapter,
    tmp_path: Path,
    environ: dict[str, str],
    handler=None,
    mode: SourceMode = SourceMode.LIVE,
    limiter: HostRateLimiter | None = None,
    sleep=lambda _: None,
) -> SourceClient:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request may be sent: {request.url}")

    return SourceClient(
        adapter.spec.source_id,
        mode,
        tmp_path,
        "maestro-tests/0 (tests@example.org)",
        policy=HttpPolicy(default_min_interval=adapter.spec.min_request_interval_seconds),
        transport=httpx.MockTransport(handler or refuse),
        environ=environ,
        sleep=sleep,
        rate_limiter=limiter or HostRateLimiter(sleep=lambda _: None),
        allowed_hosts=adapter.spec.allowed_hosts,
    )


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: a.spec.source_id)
@pytest.mark.parametrize("mode", [SourceMode.LIVE, SourceMode.RECORD])
@pytest.mark.parametrize(
    ("environ", "problem"),
    [({}, "not set"), ({SEC_USER_AGENT_ENV: "  "}, "not set"),
     ({SEC_USER_AGENT_ENV: "Acme Research"}, "no contact email")],
)  # fmt: skip
def test_a_live_or_record_pull_without_a_declared_user_agent_is_refused_before_any_request(
    adapter, mode, environ, problem, tmp_path
):
    client = live_client(adapter, tmp_path, environ, mode=mode)
    with pytest.raises(FetchError, match=problem) as error:
        adapter.fetch(client, VINTAGE)
    assert error.value.source_id == adapter.spec.source_id
    assert SEC_USER_AGENT_ENV in str(error.value)


def test_every_live_request_sends_the_declared_user_agent(tmp_path):
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=efts_reply([efts_hit()]))

    client = live_client(search.ADAPTER, tmp_path, {SEC_USER_AGENT_ENV: IDENTITY}, handler)
    search.ADAPTER.fetch(client, VINTAGE)
    assert len(seen) == len(search.QUERIES)
    assert {r.headers["user-agent"] for r in seen} == {IDENTITY}
    assert {r.url.host for r in seen} == {"efts.sec.gov"}


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: a.spec.source_id)
def test_both_sources_declare_the_sec_hosts_the_interval_and_the_variable(adapter):
    spec = adapter.spec
    assert spec.allowed_hosts == SEC_HOSTS
    assert spec.min_request_interval_seconds == pytest.approx(0.1)
    assert spec.live_requires_env == (SEC_USER_AGENT_ENV,)


class ThreadClock:
    """Fake time kept per thread: a thread's clock moves only when that thread sleeps."""

    def __init__(self) -> None:
        self._local = threading.local()

    def now(self) -> float:
        return getattr(self._local, "now", 0.0)

    def sleep(self, seconds: float) -> None:
        self._local.now = self.now() + seconds


def test_thirty_requests_from_two_threads_to_two_sec_hosts_take_at_least_2_9_seconds(tmp_path):
    clock = ThreadClock()
    limiter = HostRateLimiter(clock=clock.now, sleep=clock.sleep)
    sent: list[tuple[str, float]] = []
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        with lock:
            sent.append((request.url.host, clock.now()))
        body = efts_reply([]) if request.url.host == "efts.sec.gov" else b"{}"
        return httpx.Response(200, content=body)

    environ = {SEC_USER_AGENT_ENV: IDENTITY}
    requests_by_source = (
        (search.ADAPTER, [search.search_request(PPA, VINTAGE, 0)] * 15),
        (submissions.ADAPTER, [submissions.submissions_request("320193")] * 15),
    )

    def pull(adapter, requests) -> None:
        client = live_client(
            adapter, tmp_path, environ, handler, limiter=limiter, sleep=clock.sleep
        )
        get = sec_get(client, VINTAGE, limiter)
        for request in requests:
            get(request)

    threads = [threading.Thread(target=pull, args=pair) for pair in requests_by_source]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    times = sorted(moment for _, moment in sent)
    assert len(times) == 30 and {host for host, _ in sent} == {"efts.sec.gov", "data.sec.gov"}
    assert times[-1] - times[0] >= 2.9 - 1e-9
    assert all(b - a >= 0.1 - 1e-9 for a, b in itertools.pairwise(times))


def test_snapshot_replay_is_never_throttled_and_needs_no_user_agent():
    def no_waiting(seconds: float) -> None:
        raise AssertionError("snapshot replay must not wait")

    limiter = HostRateLimiter(clock=lambda: 0.0, sleep=no_waiting)
    client = SourceClient(
        search.SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests", environ={}
    )
    pages = search.fetch_search(client, VINTAGE, limiter)
    assert pages and all(p.replayed for p in pages)


def test_a_request_to_a_host_off_the_sec_list_is_refused(tmp_path):
    client = live_client(search.ADAPTER, tmp_path, {SEC_USER_AGENT_ENV: IDENTITY})
    with pytest.raises(FetchError, match="not on the allow-list"):
        client.get(SourceRequest("https://example.org/search-index"))


# --- the bundled snapshot -------------------------------------------------------------------


@cache
def replayed(adapter, vintage: date) -> pl.DataFrame:
    client = SourceClient(adapter.spec.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests")
    responses = adapter.fetch(client, vintage)
    return pl.concat([adapter.parse(r.content, r.url).frame for r in responses])


def bundled_vintages(adapter) -> list[date]:
    client = SourceClient(adapter.spec.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests")
    return adapter.available_partitions(client)


def test_both_sources_bundle_at_least_four_quarterly_vintages():
    for adapter in ADAPTERS:
        vintages = bundled_vintages(adapter)
        assert len(vintages) >= 4
        assert all(80 <= (b - a).days <= 95 for a, b in itertools.pairwise(vintages))


@pytest.mark.parametrize("vintage", bundled_vintages(search.ADAPTER), ids=str)
def test_each_replayed_vintage_has_one_summary_per_query_and_hits_within_the_window(vintage):
    frame = replayed(search.ADAPTER, vintage)
    assert sorted(summaries_of(frame)["query"]) == sorted(search.QUERIES)
    hits = hits_of(frame)
    filed = hits["file_date"].str.to_date()
    start, end = search.search_window(vintage)
    assert filed.min() >= start and filed.max() <= end
    assert hits.select(HIT_REQUIRED).null_count().sum_horizontal().item() == 0
    assert set(hits["query"]) <= set(search.QUERIES)


@pytest.mark.parametrize("vintage", bundled_vintages(search.ADAPTER), ids=str)
def test_every_uncapped_query_is_read_completely(vintage):
    frame = replayed(search.ADAPTER, vintage)
    read = hits_of(frame).group_by("query").len()
    counts = dict(zip(read["query"], read["len"], strict=True))
    for summary in summaries_of(frame).filter(pl.col("hits_capped") == "false").to_dicts():
        assert counts.get(summary["query"], 0) == int(summary["hits_total"])


def test_the_capped_query_is_reported_with_fewer_hits_read_than_counted():
    query, vintage = CAPPED
    frame = replayed(search.ADAPTER, vintage)
    (summary,) = summaries_of(frame).filter(pl.col("query") == query).to_dicts()
    assert summary["hits_capped"] == "true" and summary["hits_total_relation"] == "gte"
    read = hits_of(frame).filter(pl.col("query") == query).height
    assert search.PAGE_SIZE < read < int(summary["hits_total"])


def test_a_filing_found_by_two_queries_keeps_a_row_for_each():
    hits = hits_of(replayed(search.ADAPTER, VINTAGE))
    per_document = hits.group_by("document_id").agg(pl.col("query").n_unique().alias("queries"))
    assert per_document["queries"].max() >= 2


def first_seen_vintage(cik: str) -> date | None:
    for vintage in bundled_vintages(search.ADAPTER):
        if cik in set(hits_of(replayed(search.ADAPTER, vintage))["cik"]):
            return vintage
    return None


@pytest.mark.parametrize("buyer", [b for b in new_entrants() if b.cik], ids=lambda b: b.buyer_id)
def test_a_new_entrant_first_appears_in_the_first_vintage_after_its_first_contract(buyer):
    expected = min(v for v in bundled_vintages(search.ADAPTER) if v >= buyer.first_procurement)
    assert first_seen_vintage(buyer.cik) == expected


def test_long_time_buyers_that_report_appear_in_every_vintage():
    vintages = bundled_vintages(search.ADAPTER)
    seen = [set(hits_of(replayed(search.ADAPTER, v))["cik"]) for v in vintages]
    long_time = [
        b
        for b in sec_filers()
        if b.first_procurement < vintages[0] - timedelta(days=search.WINDOW_DAYS)
        and b.periodic_reporter
        and not b.files_with_parent
    ]
    assert len(long_time) >= 15
    for buyer in long_time:
        assert all(buyer.cik in ciks for ciks in seen), buyer.buyer_id


@pytest.mark.parametrize("vintage", bundled_vintages(submissions.ADAPTER), ids=str)
def test_submissions_cover_exactly_the_filers_the_same_vintage_search_found(vintage):
    companies = replayed(submissions.ADAPTER, vintage)
    found = {
        cik for joined_ciks in hits_of(replayed(search.ADAPTER, vintage))["ciks"]
        for cik in joined_ciks.split("; ")
    }  # fmt: skip
    assert set(companies["cik"]) == found
    assert companies["cik"].is_unique().all()
    assert companies.select(submissions.REQUIRED_COLUMNS).null_count().sum_horizontal().item() == 0


def test_a_company_renamed_between_vintages_lists_its_old_name_only_after_the_rename():
    vintages = bundled_vintages(submissions.ADAPTER)
    renamed, former = next(
        (b, f)
        for b in sec_filers()
        for f in b.former_names
        if vintages[0] <= f.used_to < vintages[-1]
    )
    for vintage in vintages:
        companies = replayed(submissions.ADAPTER, vintage)
        (row,) = companies.filter(pl.col("cik") == renamed.cik).to_dicts()
        if vintage <= former.used_to:
            assert row["name"] == former.name and former.name not in (row["former_names"] or "")
        else:
            assert row["name"] == renamed.sec_name and former.name in row["former_names"]


def test_a_combined_report_lists_the_subsidiary_beside_its_parent():
    subsidiary = next(b for b in sec_filers() if b.files_with_parent)
    parent = next(b for b in BUYERS if b.buyer_id == subsidiary.parent_id)
    hits = hits_of(replayed(search.ADAPTER, VINTAGE))
    combined = hits.filter(pl.col("ciks") == f"{parent.cik}; {subsidiary.cik}")
    assert not combined.is_empty()
    assert set(combined["entity_name"]) == {parent.sec_name}


# --- recording and replaying through the client ---------------------------------------------


def stand_in_sec(source_id: str, vintage: date, seen: list[httpx.Request]) -> httpx.MockTransport:
    """Answers like the SEC did on `vintage`, from the bundled recording."""
    directory = SNAPSHOTS / source_id
    entries = json.loads((directory / "responses.json").read_text())["responses"]

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        for entry in entries:
            if httpx.URL(entry["url"]) == request.url and entry["vintage"] == vintage.isoformat():
                return httpx.Response(200, content=(directory / entry["body"]).read_bytes())
        return httpx.Response(404, text="not found")

    return httpx.MockTransport(handler)


@pytest.mark.parametrize("adapter", ADAPTERS, ids=lambda a: a.spec.source_id)
def test_a_recorded_pull_replays_to_the_same_rows(adapter, tmp_path):
    vintage = bundled_vintages(adapter)[0]
    seen: list[httpx.Request] = []
    recorder = SourceClient(
        adapter.spec.source_id,
        SourceMode.RECORD,
        tmp_path,
        "tests",
        transport=stand_in_sec(adapter.spec.source_id, vintage, seen),
        environ={SEC_USER_AGENT_ENV: IDENTITY},
        rate_limiter=HostRateLimiter(clock=lambda: 0.0, sleep=lambda _: None),
        allowed_hosts=adapter.spec.allowed_hosts,
    )
    live = adapter.fetch(recorder, vintage)
    replayer = SourceClient(adapter.spec.source_id, SourceMode.SNAPSHOT, tmp_path, "tests")
    again = adapter.fetch(replayer, vintage)
    assert [r.content for r in again] == [r.content for r in live]
    assert all(r.headers["user-agent"] == IDENTITY for r in seen)
    recorded = (tmp_path / adapter.spec.source_id / "responses.json").read_text()
    assert "acme.example" not in recorded  # the contact address is never stored


# --- the writers ----------------------------------------------------------------------------


def digests(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


WRITERS = (
    ("sec_edgar_search", write_sec_edgar_search_snapshot),
    ("sec_edgar_submissions", write_sec_edgar_submissions_snapshot),
)


@pytest.mark.parametrize(("source_id", "write"), WRITERS, ids=[s for s, _ in WRITERS])
def test_a_writer_reproduces_the_bundled_files_and_is_repeatable(source_id, write, tmp_path):
    write(tmp_path / "first")
    write(tmp_path / "second")
    assert digests(tmp_path / "first") == digests(tmp_path / "second")
    assert digests(tmp_path / "first") == digests(SNAPSHOTS / source_id)


def found_at(snapshot_dir: Path) -> set[str]:
    client = SourceClient(search.SPEC.source_id, SourceMode.SNAPSHOT, snapshot_dir, "tests")
    return set(search.found_ciks(search.fetch_search(client, VINTAGE)))


def test_scale_multiplies_the_companies_the_search_finds(tmp_path):
    write_sec_edgar_search_snapshot(tmp_path / search.SPEC.source_id, scale=2)
    bundled, scaled = found_at(SNAPSHOTS), found_at(tmp_path)
    assert bundled < scaled
    assert len(scaled) == 2 * len(bundled)


# --- the roster -----------------------------------------------------------------------------


def test_the_roster_has_thirty_buyers_and_eight_new_entrants_in_the_year_to_as_of():
    assert len(BUYERS) >= 30
    entrants = new_entrants()
    assert len(entrants) >= 8
    assert all(AS_OF - timedelta(days=364) <= b.first_procurement <= AS_OF for b in entrants)
    assert len(BUYERS) - len(entrants) >= 20


def test_buyer_ids_and_ciks_are_unique_at_every_scale():
    for scale in (1, 3):
        buyers = buyers_at_scale(scale)
        assert len(buyers) == scale * len(BUYERS)
        assert len({b.buyer_id for b in buyers}) == len(buyers)
        ciks = [b.cik for b in buyers if b.cik]
        assert len(set(ciks)) == len(ciks) and all(len(c) == 10 and c.isdigit() for c in ciks)


def test_parents_exist_and_name_variants_differ_across_sources():
    ids = {b.buyer_id for b in BUYERS}
    assert all(b.parent_id in ids for b in BUYERS if b.parent_id)
    assert sum(len(b.names()) >= 3 for b in BUYERS) >= 20


def test_lookalikes_resemble_a_buyer_without_sharing_any_of_its_names():
    names = {n.casefold() for b in BUYERS for n in b.names()}
    ids = {b.buyer_id for b in BUYERS}
    for lookalike in LOOKALIKES:
        assert lookalike.resembles in ids
        assert lookalike.name.casefold() not in names


# --- the change probe -----------------------------------------------------------------------


@pytest.mark.parametrize("module", [search, submissions], ids=lambda m: m.SPEC.source_id)
def test_the_change_probe_replays_and_counts_the_phrase_over_all_dates(module):
    assert "startdt" not in module.PROBE_REQUEST.public_url
    client = SourceClient(module.SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "tests")
    probe = client.get_ok(module.PROBE_REQUEST)
    counted = search.read_page(probe.content, probe.url).hits_total
    latest = summaries_of(replayed(search.ADAPTER, VINTAGE)).filter(pl.col("query") == PPA)
    assert counted > int(latest["hits_total"].item())


def test_a_snapshot_store_sees_responses_recorded_after_it_first_read_its_index(tmp_path):
    reader = SnapshotStore(tmp_path, "sec_edgar_search")
    writer = SnapshotStore(tmp_path, "sec_edgar_search")
    first, second = (search.search_request(q, VINTAGE, 0) for q in search.QUERIES[:2])
    reply = SourceResponse(first.public_url, 200, {}, efts_reply([]), datetime.now(UTC))
    writer.record(first, reply, vintage=VINTAGE)
    assert reader.find(first.public_url, VINTAGE) is not None
    writer.record(second, replace(reply, url=second.public_url), vintage=VINTAGE)
    assert reader.find(second.public_url, VINTAGE) is not None
    assert len(reader.entries()) == 2
