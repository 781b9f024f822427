"""News on opposition to wind and solar projects: RSS 2.0 and Atom feeds, and the article pages
they link to, reduced to plain text.

A vintage is one day's pull: every declared feed, then the article page behind each feed link
that may be followed (the shared machinery in `news_feeds`, which also states how untrusted
feeds and pages are handled: allow-listed hosts only, size caps, no DTDs, text only).

Google News item links are redirect pages on news.google.com, not the article: the Google
News feed does not follow its links (its item's title and publisher stand in for the article).
"""

from __future__ import annotations

from datetime import date

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.sources.news_feeds import (
    ARTICLE_MAX_BYTES,
    FEED_MAX_BYTES,
    MAX_ARTICLES_PER_VINTAGE,
    MAX_SUMMARY_CHARS,
    MAX_TEXT_CHARS,
    Feed,
    NewsSource,
)
from maestro_assets.lib.sources.news_feeds import RAW_COLUMNS as RAW_COLUMNS
from maestro_assets.lib.sources.news_feeds import utc_timestamp as utc_timestamp

# The only hosts ever requested (exact names; a www. variant is a different host).
ALLOWED_HOSTS = ("news.google.com", "ohiocapitaljournal.com")

SPEC = SourceSpec(
    source_id="opposition_news",
    title="News on opposition to wind and solar projects (RSS/Atom feeds and linked articles)",
    publisher="Google News query feeds and local news outlets",
    landing_url="https://news.google.com/rss/search?q=solar+moratorium+county",
    requests=(
        "GET each declared feed (FEEDS: Google News RSS 2.0 per query, outlets' Atom feeds), "
        "then GET the article page behind each link of a feed that follows its links, when "
        "the link is https on an allow-listed host (ALLOWED_HOSTS); at most "
        "MAX_ARTICLES_PER_VINTAGE articles a day"
    ),
    file_format="rss+xml, atom+xml, html",
    cadence=Cadence.DAILY,
    expected_coverage=(
        "Recent news items (title, link, date, summary, publisher) matching the declared "
        "queries and outlets, and the plain text of the linked articles on allow-listed hosts: "
        "moratoria, restrictive ordinances, permit denials, lawsuits and contested hearings "
        "reported before any official list carries them"
    ),
    known_gaps=(
        "Secondary and partial: only what the queries and outlets surface, about 20 to 100 "
        "items a feed, recent days only (no archive); Google News links are redirects that are "
        "not followed, so those items have a headline and publisher but no article text; "
        "articles on hosts off the allow-list are skipped (counted in the feed's layout notes); "
        "paywalled pages yield teaser text; the same story recurs across days and outlets "
        "(identical pages share a content hash); dates are as each feed writes them"
    ),
    # D: secondary reporting, partial and unverified; events need an official confirmation.
    reliability="D",
    license=(
        "Headlines and summaries under each publisher's terms; article text is kept for "
        "extraction, never republished"
    ),
    raw_table="raw.opposition_news__documents",
    allowed_hosts=ALLOWED_HOSTS,  # enforced on every request, redirects included
    domain="opposition",
)

# --- what is fetched ------------------------------------------------------------------------

GOOGLE_NEWS_RSS = "https://news.google.com/rss/search"
FEEDS = (
    Feed(
        "Google News: solar moratorium county",
        SourceRequest(
            GOOGLE_NEWS_RSS,
            params=(
                ("q", "solar moratorium county"),
                ("hl", "en-US"),
                ("gl", "US"),
                ("ceid", "US:en"),
            ),
        ),
        follow_links=False,
    ),
    Feed(
        "Ohio Capital Journal",
        SourceRequest("https://ohiocapitaljournal.com/feed/atom/"),
        follow_links=True,
    ),
)


def news() -> NewsSource:
    """The shared feed machinery with this source's feeds, allow-list and caps. Built when
    called, so the caps are whatever the module constants hold at that moment."""
    return NewsSource(
        source_id=SPEC.source_id,
        feeds=FEEDS,
        allowed_hosts=ALLOWED_HOSTS,
        feed_max_bytes=FEED_MAX_BYTES,
        article_max_bytes=ARTICLE_MAX_BYTES,
        max_articles_per_vintage=MAX_ARTICLES_PER_VINTAGE,
        max_text_chars=MAX_TEXT_CHARS,
        max_summary_chars=MAX_SUMMARY_CHARS,
    )


def allowed_url(link: str | None) -> str | None:
    """The URL to request for a link, or None when it may not be requested."""
    return news().allowed_url(link)


def parse(content: bytes, location: str) -> ParsedFile:
    """A feed (one row per item) or an article page (one row of text)."""
    return news().parse(content, location)


def fetch(client: SourceClient, vintage: date) -> list[SourceResponse]:
    """The day's feeds, then the allow-listed article pages they link to."""
    return news().fetch(client, vintage)


ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=fetch,
    parse=parse,
    extension="html",
    required_columns=("document", "title"),
)
