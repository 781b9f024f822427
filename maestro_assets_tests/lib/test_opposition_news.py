"""Opposition news: the bundled synthetic feeds and articles, the allow-list, the size caps,
and untrusted text that stays ordinary text. No network: live pulls go to a stand-in
transport started by the test."""

import hashlib
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import httpx
import polars as pl
import pytest

from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.http import HttpPolicy, SnapshotStore, SourceClient, SourceRequest
from maestro_assets.lib.landing import RawFile, land_vintage
from maestro_assets.lib.settings import SourceMode
from maestro_assets.lib.sources import opposition_news
from maestro_assets.lib.sources.opposition_news import (
    ALLOWED_HOSTS,
    ARTICLE_MAX_BYTES,
    FEED_MAX_BYTES,
    FEEDS,
    MAX_TEXT_CHARS,
    RAW_COLUMNS,
    SPEC,
    allowed_url,
    fetch,
    parse,
    utc_timestamp,
)
from maestro_assets.lib.synthetic.opposition_news import (
    ATOM_FEED,
    GOOGLE_FEED,
    INJECTION,
    INJECTION_POSITION,
    NEW_PER_DAY,
    OFF_LIST_POSITION,
    VINTAGES,
    Story,
    article_page,
    iso,
    listed,
    simulate_news,
    simulate_world,
    write_opposition_news_snapshot,
)
from maestro_assets_tests.conftest import SNAPSHOTS

SNAPSHOT_DIR = SNAPSHOTS / "opposition_news"
FURNITURE = (
    "tracking script text",
    "script data",
    "footer script text",
    "Sidebar headline",
    "Site footer text",
    "Republish this story",
    "Donate",
    "margin",
)


@cache
def news():
    return simulate_news()


def stories_on(day_index: int) -> list[Story]:
    return listed(news().atom, day_index)


def fetchable(stories: list[Story]) -> list[Story]:
    return [s for s in stories if allowed_url(s.link) is not None]


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
    return tuple(fetch(snapshot_client(), vintage))


def parsed_responses(vintage: date):
    return [parse(r.content, r.url) for r in fetched(vintage)]


# --- the bundled pulls ------------------------------------------------------------------------


def test_the_bundled_snapshot_is_what_the_generator_writes(tmp_path):
    assert write_opposition_news_snapshot(tmp_path) == list(VINTAGES)
    written = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    bundled = sorted(p.relative_to(SNAPSHOT_DIR) for p in SNAPSHOT_DIR.rglob("*") if p.is_file())
    assert written == bundled
    for path in written:
        assert (tmp_path / path).read_bytes() == (SNAPSHOT_DIR / path).read_bytes()


@pytest.mark.parametrize("index", range(len(VINTAGES)))
def test_each_day_records_both_feeds_and_the_allow_listed_articles_they_link(index):
    store = SnapshotStore(SNAPSHOT_DIR, SPEC.source_id)
    assert store.vintages() == list(VINTAGES)
    day = VINTAGES[index].isoformat()
    urls = {e["url"] for e in store.entries() if e["vintage"] == day}
    feeds = {f.request.public_url for f in FEEDS}
    assert urls == feeds | {s.link for s in fetchable(stories_on(index))}


@pytest.mark.parametrize("index", range(len(VINTAGES)))
def test_a_pull_is_the_feeds_then_every_allow_listed_article_each_its_own_response(index):
    client = snapshot_client()
    responses = fetch(client, VINTAGES[index])
    articles = [s.link for s in fetchable(stories_on(index))]
    assert [r.url for r in responses] == [f.request.public_url for f in FEEDS] + articles
    assert len({hashlib.sha256(r.content).hexdigest() for r in responses}) == len(responses)
    assert all(allowed_url(url) for url in client.requested)
    off_list = {s.link for s in stories_on(index) if allowed_url(s.link) is None}
    assert off_list and not off_list & set(client.requested)
    assert not any("/rss/articles/" in url for url in client.requested)  # Google links


def test_the_off_list_link_is_skipped_and_counted_in_the_feeds_notes():
    off_list = news().atom[OFF_LIST_POSITION]
    assert allowed_url(off_list.link) is None
    for index, vintage in enumerate(VINTAGES):
        assert off_list in stories_on(index)
        atom = parse(fetched(vintage)[1].content, ATOM_FEED.request.public_url)
        assert atom.notes["links_off_allow_list"] == 1
        assert atom.notes["off_list_hosts"] == ["www.statehousenews.example"]
        assert off_list.link not in [r.url for r in fetched(vintage)]


@pytest.mark.parametrize("index", range(len(VINTAGES)))
def test_the_atom_feed_lists_its_twelve_entries_newest_first(index):
    frame = parse(fetched(VINTAGES[index])[1].content, "atom").frame
    stories = stories_on(index)
    assert frame.columns == list(RAW_COLUMNS)
    assert frame["sheet"].unique().to_list() == ["feed"]
    assert frame["source_row"].to_list() == list(range(1, 13))
    assert frame["title"].to_list() == [s.headline for s in stories]
    assert frame["link"].to_list() == [s.link for s in stories]
    assert frame["summary"].to_list() == [s.summary for s in stories]
    assert frame["published_utc"].to_list() == [iso(s.published) for s in stories]
    assert set(frame["feed"]) == {"Ohio Capital Journal"}
    assert set(frame["feed_format"]) == {"atom"}


@pytest.mark.parametrize("index", range(len(VINTAGES)))
def test_the_google_news_feed_lists_headline_outlet_and_redirect_link(index):
    frame = parse(fetched(VINTAGES[index])[0].content, GOOGLE_FEED.request.public_url).frame
    items = listed(news().google, index)
    assert frame.height == 12 and set(frame["feed_format"]) == {"rss"}
    assert frame["title"].to_list() == [f"{i.headline} - {i.outlet}" for i in items]
    assert frame["summary"].to_list() == [f"{i.headline} {i.outlet}" for i in items]
    assert frame["source_name"].to_list() == [i.outlet for i in items]
    assert frame["guid"].to_list() == [i.article_id for i in items]
    assert frame["link"].str.starts_with("https://news.google.com/rss/articles/").all()
    assert frame["published_utc"].to_list() == [iso(i.published) for i in items]


def test_eight_items_of_each_feed_recur_on_the_second_day():
    for position in (0, 1):
        first, second = (
            set(parse(fetched(v)[position].content, "feed").frame["guid"]) for v in VINTAGES
        )
        assert len(first & second) == 12 - NEW_PER_DAY
        assert len(second - first) == NEW_PER_DAY


def test_a_recurring_article_is_byte_identical_on_both_days():
    def hashes(vintage: date) -> dict[str, str]:
        return {r.url: hashlib.sha256(r.content).hexdigest() for r in fetched(vintage)[2:]}

    first, second = hashes(VINTAGES[0]), hashes(VINTAGES[1])
    common = set(first) & set(second)
    assert len(common) == len(fetchable(stories_on(0))) - NEW_PER_DAY
    assert all(first[url] == second[url] for url in common)


def test_an_article_page_is_reduced_to_its_headline_byline_and_paragraphs():
    for story in fetchable(news().atom):
        result = parse(article_page(story), story.link)
        (row,) = result.frame.iter_rows(named=True)
        assert (row["document"], row["sheet"], row["source_row"]) == ("article", "article", 1)
        assert (row["title"], row["author"]) == (story.headline, story.author)
        assert row["published_utc"] == iso(story.published)
        assert row["canonical_url"] == story.link
        lines = row["text"].split("\n")
        assert lines[0] == story.headline and lines[1].startswith(f"By {story.author}")
        assert lines[2:] == list(story.paragraphs)
        assert not any(text in row["text"] for text in FURNITURE)
        assert result.notes["text_truncated"] is False


def test_the_stories_name_the_boards_cases_and_the_fleets_ohio_operators():
    world = simulate_world()
    texts = " ".join(" ".join(s.paragraphs) for s in news().atom)
    denied = next(c for c in world.board.cases if c.role == "denied")
    assert denied.number in texts and denied.project in texts
    for operator in ("Juniper Solar LLC", "Iron Horse Solar LLC", "Mesa Solar LLC"):
        assert operator in texts
    headlines = " ".join(i.headline for i in news().google)
    ores_denied = next(m for m in world.matters if m.role == "denied")
    assert ores_denied.facility in headlines
    assert sum(p.entity_name in headlines for p in world.plants) >= 2


# --- untrusted text ---------------------------------------------------------------------------


def injected_article() -> Story:
    return news().atom[INJECTION_POSITION]


def test_an_instruction_inside_an_article_comes_out_as_ordinary_text_of_that_article():
    story = injected_article()
    result = parse(article_page(story), story.link)
    (row,) = result.frame.iter_rows(named=True)
    assert INJECTION in row["text"]
    assert row["title"] == story.headline and row["canonical_url"] == story.link
    assert [k for k, v in row.items() if isinstance(v, str) and INJECTION in v] == ["text"]
    assert result.frame.height == 1 and result.frame.columns == list(RAW_COLUMNS)


def test_the_injected_article_changes_no_other_documents_rows(tmp_path):
    responses = fetched(VINTAGES[0])
    story = injected_article()
    assert story.link in [r.url for r in responses]

    def landed_rows(name: str, keep) -> pl.DataFrame:
        files = [
            RawFile(r.content, r.url, r.fetched_at, "html", "snapshot")
            for r in responses
            if keep(r.url)
        ]
        db, raw = tmp_path / f"{name}.duckdb", tmp_path / name
        land_vintage(db, raw, SPEC, VINTAGES[0], files, parse)
        with duckdb.connect(str(db), read_only=True) as connection:
            frame = connection.sql(f"select * exclude (fetched_at) from {SPEC.raw_table}").pl()
        return frame.filter(pl.col("source_url") != story.link).sort("source_url", "source_row")

    with_it = landed_rows("with", lambda url: True)
    without_it = landed_rows("without", lambda url: url != story.link)
    assert with_it.equals(without_it)


def test_navigation_forms_and_asides_inside_the_article_are_dropped():
    page = (
        b"<html><body><article><h1>Vote</h1><nav><a href='/prev'>Previous post</a></nav>"
        b"<p>Commissioners voted 2-1.</p><aside>Related: other story</aside>"
        b"<form><label>Subscribe</label><input name='email'></form>"
        b"<figure><img src='x.jpg'><figcaption>The meeting room.</figcaption></figure>"
        b"<ul><li>First point</li><li>Second point</li></ul></article></body></html>"
    )
    result = parse(page, "https://ohiocapitaljournal.com/vote/")
    assert result.frame["text"][0].split("\n") == [
        "Vote",
        "Commissioners voted 2-1.",
        "The meeting room.",
        "First point",
        "Second point",
    ]
    assert result.notes["elements_dropped"] == 3


@pytest.mark.parametrize(
    ("body", "region", "text"),
    [
        ("<header>Site</header><main><p>Main</p></main><footer>F</footer>", "main", "Main"),
        ("<header>Site</header><nav>Menu</nav><p>Body</p><footer>F</footer>", "body", "Body"),
        ("<p>Only a fragment", "body", "Only a fragment"),
    ],
)  # fmt: skip
def test_without_an_article_the_text_comes_from_main_else_from_the_body(body, region, text):
    (row,) = parse(f"<html><body>{body}</body></html>".encode(), "page").frame.iter_rows(named=True)
    assert (row["sheet"], row["text"]) == (region, text)


def test_hidden_and_control_characters_are_removed_from_text():
    page = (
        "<html><body><article><p>Board vote\u202e re\u00adversed\x07text mora\u200btorium</p>"
        "<p hidden>kept: hidden attributes are not evaluated</p></article></body></html>"
    ).encode()
    (row,) = parse(page, "https://ohiocapitaljournal.com/x/").frame.iter_rows(named=True)
    assert row["text"] == (
        "Board vote reversed text moratorium\nkept: hidden attributes are not evaluated"
    )


# --- the allow-list and the caps --------------------------------------------------------------


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://ohiocapitaljournal.com/2026/09/27/a/#comments", "https://ohiocapitaljournal.com/2026/09/27/a/"),
        ("https://OhioCapitalJournal.com/a?b=1", "https://ohiocapitaljournal.com/a?b=1"),
        ("http://ohiocapitaljournal.com/a/", None),
        ("https://www.statehousenews.example/a/", None),
        ("https://ohiocapitaljournal.com.evil.example/a/", None),
        ("https://user:pw@ohiocapitaljournal.com/a/", None),
        ("https://ohiocapitaljournal.com:8443/a/", None),
        ("javascript:alert(1)", None),
        ("", None),
        (None, None),
    ],
)  # fmt: skip
def test_only_https_links_on_allow_listed_hosts_may_be_requested(link, expected):
    assert allowed_url(link) == expected


def test_every_declared_feed_is_on_an_allow_listed_host():
    for feed in FEEDS:
        assert allowed_url(feed.request.public_url) is not None, feed.name
    assert len(set(ALLOWED_HOSTS)) == len(ALLOWED_HOSTS)


def test_a_feed_over_the_size_cap_is_refused():
    content = fetched(VINTAGES[0])[1].content
    padded = content.replace(b"</feed>", b"<!--" + b"x" * FEED_MAX_BYTES + b"--></feed>")
    with pytest.raises(FormatError, match="exceeds the"):
        parse(padded, ATOM_FEED.request.public_url)


def test_article_text_is_cut_at_the_text_cap_and_an_oversized_page_read_up_to_its_cap(
    monkeypatch,
):
    paragraph = "<p>" + "opposition " * 500 + "</p>"
    page = ("<html><body><article>" + paragraph * 10 + "</article></body></html>").encode()
    result = parse(page, "https://ohiocapitaljournal.com/long/")
    assert len(result.frame["text"][0]) <= MAX_TEXT_CHARS
    assert result.notes["text_truncated"] is True
    cap = 50_000  # a smaller cap keeps the test quick; the rule is the same
    monkeypatch.setattr(opposition_news, "ARTICLE_MAX_BYTES", cap)
    huge = b"<html><body><article><p>start</p>" + b"<p>more</p>" * cap
    assert parse(huge, "https://ohiocapitaljournal.com/huge/").notes["bytes_read"] == cap


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
    )


def bundled_body(url: str) -> bytes | None:
    """The recorded body for a URL of the first day (feeds matched by path: query encoding
    is httpx's business)."""
    store = SnapshotStore(SNAPSHOT_DIR, SPEC.source_id)
    for entry in store.entries():
        if entry["vintage"] != VINTAGES[0].isoformat():
            continue
        same_feed = entry["url"].split("?")[0] == url.split("?")[0] and "?" in entry["url"]
        if entry["url"] == url or same_feed:
            return (SNAPSHOT_DIR / entry["body"]).read_bytes()
    return None


def test_a_live_pull_skips_an_oversized_article_and_a_missing_one_but_keeps_the_rest():
    stories = fetchable(stories_on(0))
    oversized, missing = stories[0].link, stories[1].link

    def handler(request: httpx.Request) -> httpx.Response:
        url = str(request.url)
        if url == oversized:
            return httpx.Response(200, content=b"<html>" + b"x" * (ARTICLE_MAX_BYTES + 1))
        body = None if url == missing else bundled_body(url)
        if body is None:
            return httpx.Response(404, content=b"<html><title>Not Found</title></html>")
        kind = "text/html" if "/feed/" not in url and "/rss/" not in url else "application/xml"
        return httpx.Response(200, content=body, headers={"content-type": kind})

    requested: list[str] = []
    responses = fetch(live_client(handler, requested), VINTAGES[0])
    kept = [r.url for r in responses]
    assert kept == [f.request.public_url for f in FEEDS] + [s.link for s in stories[2:]]
    assert {httpx.URL(url).host for url in requested} <= set(ALLOWED_HOSTS)
    assert oversized in requested and missing in requested


def test_a_live_feed_over_the_cap_fails_the_pull():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<rss>" + b" " * FEED_MAX_BYTES + b"</rss>")

    with pytest.raises(FetchError, match="exceeds the"):
        fetch(live_client(handler, []), VINTAGES[0])


# --- bad feeds --------------------------------------------------------------------------------


def test_a_feed_declaring_entities_is_refused():
    billion_laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;">]><rss version="2.0"><channel><title>&lol2;</title>'
        b"</channel></rss>"
    )
    with pytest.raises(FormatError, match="DTD or entities"):
        parse(billion_laughs, GOOGLE_FEED.request.public_url)


def test_an_error_page_at_a_feed_url_is_a_format_error_naming_it():
    page = b"<!DOCTYPE html><html><head><title>Sorry...</title></head><body></body></html>"
    with pytest.raises(FormatError, match=r"HTML page titled 'Sorry\.\.\.'"):
        parse(page, GOOGLE_FEED.request.public_url)


def test_malformed_feed_xml_is_a_format_error():
    with pytest.raises(FormatError, match="malformed feed XML"):
        parse(b'<rss version="2.0"><channel><item><title>cut', "feed.xml")


def test_xml_that_is_neither_rss_nor_atom_is_a_schema_error():
    with pytest.raises(SchemaError, match="root element"):
        parse(b"<urlset><url/></urlset>", ATOM_FEED.request.public_url)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun, 27 Sep 2026 14:03:00 GMT", "2026-09-27T14:03:00Z"),
        ("Sun, 27 Sep 2026 10:03:00 -0400", "2026-09-27T14:03:00Z"),
        ("2026-09-27T10:03:00-04:00", "2026-09-27T14:03:00Z"),
        ("2026-09-27T14:03:00Z", "2026-09-27T14:03:00Z"),
        ("yesterday", None),
        (None, None),
    ],
)
def test_feed_dates_are_normalized_to_utc(text, expected):
    assert utc_timestamp(text) == expected


def test_the_source_is_declared_daily_secondary_and_in_the_opposition_domain():
    spec = opposition_news.ADAPTER.spec
    assert (spec.cadence.value, spec.reliability, spec.domain) == ("daily", "D", "opposition")
