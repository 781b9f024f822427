"""Procurement press releases: the bundled synthetic wire feeds and release pages, the
allow-list and size caps of the shared news machinery, buyers across days and names, and
untrusted text that stays ordinary text. No network: live pulls go to a stand-in transport
started by the test."""

import hashlib
import itertools
from dataclasses import replace
from datetime import UTC, date
from functools import cache
from pathlib import Path

import duckdb
import httpx
import polars as pl
import pytest

from maestro_assets.lib.errors import FetchError, FormatError
from maestro_assets.lib.http import HttpPolicy, SnapshotStore, SourceClient, SourceRequest
from maestro_assets.lib.landing import RawFile, land_vintage
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources import opposition_news
from maestro_assets.lib.sources.news_feeds import RAW_COLUMNS, NewsSource
from maestro_assets.lib.sources.procurement_news import (
    ADAPTER,
    ALLOWED_HOSTS,
    FEEDS,
    NEWS,
    SPEC,
)
from maestro_assets.lib.synthetic.corporate_buyers import BUYERS, buyer_by_id
from maestro_assets.lib.synthetic.procurement_news import (
    BUSINESS_WIRE,
    INJECTION,
    ITEMS_PER_FEED,
    PR_NEWSWIRE,
    PROCUREMENT_KINDS,
    UNRELATED,
    VINTAGES,
    Release,
    is_fetchable,
    listed,
    release_page,
    simulate_releases,
    write_procurement_news_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS

SNAPSHOT_DIR = SNAPSHOTS / "procurement_news"
WIRES = (BUSINESS_WIRE, PR_NEWSWIRE)  # the order of FEEDS
FURNITURE = ("Share this release", "More News From", "Also from this source", "Cision US",
             "All News", "bwTrack", "prnPage", "Business Wire, Inc.")  # fmt: skip


@cache
def releases() -> tuple[Release, ...]:
    return tuple(simulate_releases())


def on_feed(wire: str, index: int) -> list[Release]:
    return listed(releases(), wire, VINTAGES[index])


def fetchable_on(index: int) -> list[Release]:
    return [r for wire in WIRES for r in on_feed(wire, index) if is_fetchable(r)]


class RecordingClient(SourceClient):
    """A client that remembers every URL it was asked for (copies share the list)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.requested: list[str] = []

    def get(self, request: SourceRequest, **kwargs):
        self.requested.append(request.public_url)
        return super().get(request, **kwargs)


def snapshot_client() -> RecordingClient:
    return RecordingClient(SPEC.source_id, SourceMode.SNAPSHOT, SNAPSHOTS, "maestro-tests/0")


@cache
def fetched(vintage: date):
    return tuple(ADAPTER.fetch(snapshot_client(), vintage))


@cache
def article_rows(index: int) -> dict[str, dict]:
    """URL -> the parsed row of each release page of a day."""
    return {
        r.url: ADAPTER.parse(r.content, r.url).frame.row(0, named=True)
        for r in fetched(VINTAGES[index])[len(FEEDS) :]
    }


# --- the bundled pulls ------------------------------------------------------------------------


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    assert write_procurement_news_snapshot(tmp_path) == list(VINTAGES)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    bundled = sorted(p.relative_to(SNAPSHOT_DIR) for p in SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert written == bundled
    for path in written:
        assert (tmp_path / path).read_bytes() == (SNAPSHOT_DIR / path).read_bytes()


def test_the_writer_writes_the_same_bytes_twice(tmp_path):
    write_procurement_news_snapshot(tmp_path / "a", seed=8)
    write_procurement_news_snapshot(tmp_path / "b", seed=8)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.*"))
    assert files
    assert all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )


def test_four_daily_pulls_carry_forty_to_sixty_release_pages():
    store = SnapshotStore(SNAPSHOT_DIR, SPEC.source_id)
    assert store.vintages() == list(VINTAGES) and len(VINTAGES) >= 4
    feeds = {f.request.public_url for f in FEEDS}
    pages = {e["url"] for e in store.entries()} - feeds
    assert 40 <= len(pages) <= 60
    for index, vintage in enumerate(VINTAGES):
        day = {e["url"] for e in store.entries() if e["vintage"] == vintage.isoformat()}
        assert day == feeds | {r.link for r in fetchable_on(index)}


@pytest.mark.parametrize("index", range(len(VINTAGES)))
def test_a_pull_is_the_feeds_then_every_allow_listed_release_each_its_own_response(index):
    client = snapshot_client()
    responses = ADAPTER.fetch(client, VINTAGES[index])
    links = [r.link for wire in WIRES for r in on_feed(wire, index) if is_fetchable(r)]
    assert [r.url for r in responses] == [f.request.public_url for f in FEEDS] + links
    assert len({hashlib.sha256(r.content).hexdigest() for r in responses}) == len(responses)
    assert all(NEWS.allowed_url(url) for url in client.requested)


def test_links_off_the_allow_list_are_skipped_and_counted_in_the_feeds_notes():
    off_list = [r for r in releases() if not is_fetchable(r)]
    assert {r.link.split(":")[0] for r in off_list} == {"http", "https"}  # plain http, other host
    first_day = fetched(VINTAGES[0])
    notes = [ADAPTER.parse(r.content, r.url).notes for r in first_day[: len(FEEDS)]]
    assert [n["links_off_allow_list"] for n in notes] == [1, 1]
    assert notes[1]["off_list_hosts"] == ["www.prnewswire.co.uk"]
    assert not {r.link for r in off_list} & {r.url for r in first_day}


@pytest.mark.parametrize("index", range(len(VINTAGES)))
def test_each_feed_lists_its_sixteen_newest_releases_newest_first(index):
    for position, wire in enumerate(WIRES):
        response = fetched(VINTAGES[index])[position]
        frame = ADAPTER.parse(response.content, response.url).frame
        items = on_feed(wire, index)
        assert frame.columns == list(RAW_COLUMNS) and frame.height == ITEMS_PER_FEED
        assert frame["title"].to_list() == [r.draft.headline for r in items]
        assert frame["link"].to_list() == [r.link for r in items]
        assert frame["guid"].to_list() == [r.guid for r in items]
        stamps = frame["published_utc"].to_list()
        assert stamps == sorted(stamps, reverse=True)
        assert all(s <= f"{VINTAGES[index]}T06:00:00Z" for s in stamps)
        for release, text in zip(items, frame["summary"], strict=True):
            assert release.lead.startswith(text.removesuffix(" ..."))


def test_releases_recur_across_days_and_a_recurring_page_is_byte_identical():
    for position in range(len(FEEDS)):
        guids = [
            set(ADAPTER.parse(fetched(v)[position].content, "feed").frame["guid"]) for v in VINTAGES
        ]
        for earlier, later in itertools.pairwise(guids):
            assert earlier & later and later - earlier
    hashes = [
        {r.url: hashlib.sha256(r.content).hexdigest() for r in fetched(v)[len(FEEDS) :]}
        for v in VINTAGES
    ]
    common = set(hashes[0]) & set(hashes[-1])
    assert common and all(hashes[0][u] == hashes[-1][u] for u in common)


# --- what the releases say --------------------------------------------------------------------


def test_a_release_page_is_reduced_to_headline_dateline_body_and_boilerplate():
    for release in releases():
        if not is_fetchable(release):
            continue
        result = ADAPTER.parse(release_page(release), release.link)
        row = result.frame.row(0, named=True)
        assert row["title"] == release.draft.headline and row["canonical_url"] == release.link
        assert row["published_utc"] == f"{release.published.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
        text = row["text"]
        assert text.split("\n")[0] == release.draft.headline
        assert release.lead in text.split("\n")
        assert not any(f in text for f in FURNITURE), release.draft.headline
        assert row["sheet"] == ("article" if release.wire == BUSINESS_WIRE else "main")
        if release.issuer.listed:
            assert "forward-looking statements within the meaning of Section 27A" in text
        assert f"About {release.issuer.short}" in text or not release.issuer.about


def test_datelines_follow_each_wires_style():
    bw = next(r for r in releases() if r.wire == BUSINESS_WIRE and r.issuer.city == "Chandler")
    assert bw.lead.startswith("CHANDLER, Ariz.--(BUSINESS WIRE)--")
    prn = next(r for r in releases() if r.wire == PR_NEWSWIRE and r.issuer.city == "Houston")
    assert prn.lead.startswith(f"HOUSTON, Sept. {prn.published.day}, 2026 /PRNewswire/ -- ")


def test_most_releases_are_about_something_else_and_buyers_are_named_in_the_text():
    kinds = [r.draft.kind for r in releases()]
    assert 40 <= len(kinds) <= 60
    assert kinds.count(UNRELATED) >= 15
    assert sum(k in PROCUREMENT_KINDS for k in kinds) >= 20
    for release in releases():
        if release.draft.kind in PROCUREMENT_KINDS and is_fetchable(release):
            text = " ".join(release.draft.paragraphs)
            assert all(name in text for name in release.buyer_names), release.draft.headline


def test_buyers_appear_under_press_names_that_differ_from_their_sec_and_epa_names():
    texts = " ".join(row["text"] for i in range(len(VINTAGES)) for row in article_rows(i).values())
    named = [b for b in BUYERS if b.press_name in texts]
    assert len(named) >= 15
    differ = [b for b in named if b.sec_name and b.press_name != b.sec_name]
    assert len(differ) >= 10
    assert any(b.epa_name and b.epa_name != b.press_name for b in named)


def test_some_buyers_appear_on_several_days_and_some_only_on_the_last():
    def named_on(index: int) -> set[str]:
        return {key for r in fetchable_on(index) for key in r.draft.buyers}

    days = [named_on(i) for i in range(len(VINTAGES))]
    assert set.intersection(*days)  # named every day
    only_last = days[-1] - set().union(*days[:-1])
    assert {"keystone-cold-storage", "ridgeline-polymers"} <= only_last
    assert "sequoia-foods" in days[0] and "sequoia-foods" not in days[-1]


def test_a_new_entrants_release_dates_its_contract_as_the_roster_does():
    ridgeline = buyer_by_id("ridgeline-polymers")
    release = next(r for r in releases() if "ridgeline-polymers" in r.draft.buyers)
    signed = f"{ridgeline.first_procurement:%B} {ridgeline.first_procurement.year}"
    assert signed in " ".join(release.draft.paragraphs)
    assert release.published.date() > ridgeline.first_procurement


def test_sellers_sometimes_do_not_name_the_buyer_and_lookalike_names_are_not_buyers():
    unnamed = [r for r in releases() if r.draft.kind == "seller_announces_unnamed_buyer"]
    assert len(unnamed) >= 2 and all(not r.draft.buyers for r in unnamed)
    headlines = " ".join(r.draft.headline for r in releases() if not r.draft.buyers)
    for lookalike in ("Granite Peak Wind", "Orchard Lane Solar Farm", "Meridian Midstream"):
        assert lookalike in headlines


def test_organizations_that_never_file_with_the_sec_buy_power_too():
    buyers = {key for r in releases() for key in r.draft.buyers}
    assert {"city-of-larkspur-falls", "lakeshore-state-university"} <= buyers


# --- untrusted text ---------------------------------------------------------------------------


def injected() -> Release:
    return next(r for r in releases() if INJECTION in " ".join(r.draft.paragraphs))


def test_an_instruction_inside_a_release_comes_out_as_ordinary_text_of_that_release():
    release = injected()
    assert release.draft.kind == UNRELATED and is_fetchable(release)
    row = ADAPTER.parse(release_page(release), release.link).frame.row(0, named=True)
    assert INJECTION in row["text"]
    assert [k for k, v in row.items() if isinstance(v, str) and INJECTION in v] == ["text"]


def test_the_injected_release_changes_no_other_documents_rows(tmp_path):
    vintage = next(v for i, v in enumerate(VINTAGES) if injected().link in article_rows(i))
    responses = fetched(vintage)

    def landed_rows(name: str, keep) -> pl.DataFrame:
        files = [
            RawFile(r.content, r.url, r.fetched_at, "html", "snapshot")
            for r in responses
            if keep(r.url)
        ]
        db, raw = tmp_path / f"{name}.duckdb", tmp_path / name
        land_vintage(db, raw, SPEC, vintage, files, ADAPTER.parse)
        with duckdb.connect(str(db), read_only=True) as connection:
            frame = connection.sql(f"select * exclude (fetched_at) from {SPEC.raw_table}").pl()
        return frame.filter(pl.col("source_url") != injected().link).sort(
            "source_url", "source_row"
        )

    with_it = landed_rows("with", lambda url: True)
    without_it = landed_rows("without", lambda url: url != injected().link)
    assert with_it.height > 50 and with_it.equals(without_it)


# --- the allow-list and the caps --------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "allowed"),
    [
        ("https://www.businesswire.com/news/home/20260929005123/en/Acme", True),
        ("https://www.prnewswire.com/news-releases/acme-302512345.html#top", True),
        ("http://www.businesswire.com/news/home/20260929005123/en/Acme", False),
        ("https://www.prnewswire.co.uk/news-releases/acme-302512345.html", False),
        ("https://businesswire.com/news/home/1/en/", False),
        ("https://www.prnewswire.com.evil.example/a", False),
        ("https://user@www.prnewswire.com/a", False),
        ("https://www.prnewswire.com:8443/a", False),
    ],
)
def test_only_https_links_on_allow_listed_hosts_may_be_requested(link, allowed):
    assert (NEWS.allowed_url(link) is not None) == allowed


def test_every_declared_feed_is_on_an_allow_listed_host():
    for feed in FEEDS:
        assert NEWS.allowed_url(feed.request.public_url) is not None, feed.name
    assert SPEC.allowed_hosts == ALLOWED_HOSTS


def test_a_feed_over_the_size_cap_is_refused():
    content = fetched(VINTAGES[0])[0].content
    with pytest.raises(FormatError, match="exceeds the"):
        replace(NEWS, feed_max_bytes=len(content) - 1).parse(content, FEEDS[0].request.public_url)


def test_release_text_is_cut_at_the_text_cap_and_a_large_page_read_up_to_its_cap():
    release = next(r for r in releases() if r.issuer.listed and is_fetchable(r))
    page = release_page(release)
    capped = replace(NEWS, max_text_chars=500).parse(page, release.link)
    assert len(capped.frame["text"][0]) <= 500 and capped.notes["text_truncated"] is True
    cut = replace(NEWS, article_max_bytes=len(page) // 2).parse(page, release.link)
    assert cut.notes["bytes_read"] == len(page) // 2
    assert len(cut.frame["text"][0]) < len(ADAPTER.parse(page, release.link).frame["text"][0])


def live_client(handler, requested: list[str]) -> SourceClient:
    def recording(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return handler(request)

    return SourceClient(
        SPEC.source_id,
        SourceMode.LIVE,
        Path("/nonexistent"),
        "maestro-tests/0",
        policy=HttpPolicy(max_attempts=1),
        transport=httpx.MockTransport(recording),
        sleep=lambda _: None,
        allowed_hosts=SPEC.allowed_hosts,
    )


def recorded_body(url: str) -> bytes | None:
    """The body recorded for a URL on the first day (a feed matched by its path)."""
    store = SnapshotStore(SNAPSHOT_DIR, SPEC.source_id)
    for entry in store.entries():
        if entry["vintage"] == VINTAGES[0].isoformat() and (
            entry["url"] == url or entry["url"].split("?")[0] == url.split("?")[0]
        ):
            return (SNAPSHOT_DIR / entry["body"]).read_bytes()
    return None


def test_a_live_pull_skips_an_oversized_release_and_a_missing_one_but_keeps_the_rest():
    pages = [r.link for r in fetchable_on(0)]
    oversized, missing = pages[0], pages[1]

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == oversized:
            return httpx.Response(200, content=b"<html>" + b"x" * (NEWS.article_max_bytes + 1))
        body = None if url == missing else recorded_body(url)
        if body is None:
            return httpx.Response(404, content=b"<html><title>Not Found</title></html>")
        kind = "application/rss+xml" if "/rss/" in url else "text/html"
        return httpx.Response(200, content=body, headers={"content-type": kind})

    requested: list[str] = []
    responses = ADAPTER.fetch(live_client(handler, requested), VINTAGES[0])
    assert [r.url for r in responses] == [f.request.public_url for f in FEEDS] + pages[2:]
    assert {httpx.URL(url).host for url in requested} <= set(ALLOWED_HOSTS)
    assert oversized in requested and missing in requested


def test_an_error_page_at_a_feed_url_is_a_format_error_naming_it():
    page = b"<!DOCTYPE html><html><head><title>Access Denied</title></head></html>"
    url = FEEDS[1].request.public_url
    with pytest.raises(FormatError, match="Access Denied") as error:
        ADAPTER.parse(page, url)
    assert error.value.location == url


def test_a_publisher_refusal_fails_the_pull_with_the_status():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, text="<html>denied</html>")

    with pytest.raises(FetchError, match="HTTP 403"):
        ADAPTER.fetch(live_client(handler, []), VINTAGES[0])


def test_both_news_sources_use_the_one_shared_implementation():
    assert isinstance(NEWS, NewsSource) and isinstance(opposition_news.news(), NewsSource)
    assert ADAPTER.parse.__func__ is NewsSource.parse  # type: ignore[attr-defined]


def test_the_source_is_declared_daily_first_party_and_in_the_procurement_domain():
    spec = ADAPTER.spec
    assert (spec.cadence.value, spec.reliability, spec.domain) == ("daily", "C", "procurement")


# --- scale ------------------------------------------------------------------------------------


def test_scale_multiplies_the_releases_and_the_feed_length(tmp_path):
    two = simulate_releases(2)
    assert len(two) == 2 * len(releases())
    assert len({r.link for r in two}) == len(two)
    replica_buyers = {name for r in two for name in r.buyer_names if name.startswith("Alder ")}
    assert "Alder Keystone Cold Storage" in replica_buyers
    write_procurement_news_snapshot(tmp_path, scale=2)
    store = SnapshotStore(tmp_path, SPEC.source_id)
    (feed,) = [
        e
        for e in store.entries()
        if e["vintage"] == VINTAGES[-1].isoformat() and e["url"] == FEEDS[0].request.public_url
    ]
    items = NEWS.parse((tmp_path / feed["body"]).read_bytes(), feed["url"]).frame
    assert items.height == 2 * ITEMS_PER_FEED
