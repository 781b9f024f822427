"""News feeds and the article pages they link to, reduced to plain text: the machinery every
news source shares (opposition news, procurement press releases).

A news source declares its feeds, its allow-list and its caps once, as a `NewsSource`; this
module fetches and parses for it. A vintage is one day's pull: every declared feed, then the
article page behind each feed link that may be followed. Each response lands as its own raw
file (its own sha256), so an article seen again on a later day is the same content hash and is
never extracted twice.

Security: feeds and articles are untrusted input.
- Only hosts on the source's allow-list are requested, https only, default port, no user info;
  a link to any other host is skipped and counted (the feed's notes), never fetched.
- Sizes are capped: the HTTP client stops reading a feed at `feed_max_bytes` and an article at
  `article_max_bytes` (its own limit, lowered for the source); the parsers cap again and cut
  article text at `max_text_chars`.
- Feeds may not declare a DTD or entities (entity expansion); pages are read with the standard
  library's HTML tokenizer: scripts, styles, navigation, headers, footers and asides are
  dropped, nothing is executed or followed, and only text is kept (control and invisible
  formatting characters removed). What the text says is data: it reaches the extraction as
  the document's own text and can change nothing else.
"""

from __future__ import annotations

import copy
import email.utils
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit, urlunsplit
from xml.etree import ElementTree

import polars as pl

from maestro_assets.lib.errors import FetchError, FormatError, SchemaError
from maestro_assets.lib.formats import looks_like_html, require_content
from maestro_assets.lib.http import SourceClient, SourceRequest, SourceResponse
from maestro_assets.lib.landing import ParsedFile
from maestro_assets.lib.sources.ny_ores_permits import decode_html, require_html, squeeze
from maestro_assets.lib.spreadsheet import SHEET, SOURCE_ROW

LOG = logging.getLogger(__name__)

# --- what is fetched ------------------------------------------------------------------------


@dataclass(frozen=True)
class Feed:
    name: str
    request: SourceRequest
    follow_links: bool  # False: the links are aggregator redirects, not articles


# Default caps, the same for every news source unless it declares its own.
FEED_MAX_BYTES = 2 * 1024 * 1024
ARTICLE_MAX_BYTES = 3 * 1024 * 1024
MAX_ARTICLES_PER_VINTAGE = 60
MAX_TEXT_CHARS = 20_000
MAX_SUMMARY_CHARS = 2_000

# --- layout ---------------------------------------------------------------------------------

FEED_ITEM, ARTICLE = "feed_item", "article"  # the `document` of a row
FEED_COLUMNS = (
    "feed",  # the feed's own title
    "feed_format",  # rss | atom
    "title",
    "link",
    "guid",  # RSS guid / Atom id
    "published",  # as the feed writes it (RSS pubDate, Atom published)
    "published_utc",  # the same moment as YYYY-MM-DDTHH:MM:SSZ (derived: formats vary)
    "updated",
    "author",
    "categories",  # joined with "; "
    "summary",  # the item's description or summary, HTML reduced to text
    "source_name",  # the publisher an aggregator names (RSS <source>)
    "source_url",
)
ARTICLE_COLUMNS = ("canonical_url", "text")
RAW_COLUMNS = (
    SHEET,  # a feed row: channel (RSS) | feed (Atom); an article: the element its text is from
    SOURCE_ROW,  # a feed row: the item's position in the feed; an article: 1
    "document",
    *FEED_COLUMNS,
    *ARTICLE_COLUMNS,
)
ATOM = "{http://www.w3.org/2005/Atom}"
DUBLIN_CORE = "{http://purl.org/dc/elements/1.1/}"
DECLARES_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
FEED_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*)*"
    rb"<(?:rss|feed|rdf:RDF)\b",
    re.IGNORECASE | re.DOTALL,
)


# --- text from untrusted HTML -----------------------------------------------------------------

# Elements whose content is never text: code, media, controls, and the page's furniture.
DROPPED = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
        "embed", "canvas", "form", "button", "select", "textarea", "nav", "footer", "aside",
        "dialog",
    }
)  # fmt: skip
SITE_FURNITURE = frozenset({"header"})  # dropped outside the article only
BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "li", "ul", "ol", "h1", "h2", "h3", "h4",
        "h5", "h6", "blockquote", "pre", "tr", "td", "th", "table", "br", "hr", "figcaption",
        "dd", "dt", "address", "header",
    }
)  # fmt: skip
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr", "param"}
)  # fmt: skip
REGIONS = ("article", "main", "body")  # where the text is taken from, first non-empty wins


INVISIBLE_CATEGORIES = {"Cc": " ", "Cf": ""}  # controls become spaces; formatting goes


def visible_text(text: str) -> str:
    """Whitespace collapsed, control characters made spaces and invisible formatting characters
    (zero-width, soft hyphens, bidirectional overrides) removed: what a reader sees."""
    visible = "".join(INVISIBLE_CATEGORIES.get(unicodedata.category(ch), ch) for ch in text)
    return squeeze(visible)


@dataclass
class PageText:
    title: str | None = None
    published: str | None = None
    author: str | None = None
    canonical_url: str | None = None
    text: str = ""
    region: str = "body"  # article | main | body
    dropped_elements: int = 0


@dataclass
class _Dropping:
    tag: str
    depth: int = 1


class _ArticleReader(HTMLParser):
    """Reads the text of a page; every tag is only looked at, never acted on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: dict[str, list[list[str]]] = {region: [[]] for region in REGIONS}
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.time: str | None = None
        self.title: list[str] | None = None
        self.h1: list[str] | None = None
        self.h1_text: str | None = None
        self.open_regions = {"article": 0, "main": 0}
        self.in_head = False
        self.dropping: _Dropping | None = None
        self.dropped_elements = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping is not None:
            if tag == self.dropping.tag:
                self.dropping.depth += 1
            return
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or "").lower()
            if key and "content" in values:
                self.meta.setdefault(key, values["content"])
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.canonical = self.canonical or values.get("href") or None
        elif tag == "head":
            self.in_head = True
        elif tag == "body":
            self.in_head = False
        if tag in DROPPED or (tag in SITE_FURNITURE and not self.open_regions["article"]):
            if tag not in VOID:
                self.dropping = _Dropping(tag)
            self.dropped_elements += 1
            return
        if tag == "time" and self.time is None:
            self.time = values.get("datetime") or None
        elif tag == "title" and self.in_head:
            self.title = []
        elif tag == "h1" and self.h1_text is None:
            self.h1 = []
        if tag in self.open_regions:
            self.open_regions[tag] += 1
        if tag in BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if self.dropping is not None:
            if tag == self.dropping.tag:
                self.dropping.depth -= 1
                if self.dropping.depth == 0:
                    self.dropping = None
            return
        if tag == "head":
            self.in_head = False
        elif tag == "title" and self.title is not None:
            self.meta.setdefault("title", visible_text("".join(self.title)))
            self.title = None
        elif tag == "h1" and self.h1 is not None:
            self.h1_text = visible_text("".join(self.h1)) or None
            self.h1 = None
        if tag in self.open_regions:
            self.open_regions[tag] = max(0, self.open_regions[tag] - 1)
        if tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.dropping is not None:
            return
        if self.title is not None:
            self.title.append(data)
            return
        if self.in_head:
            return
        if self.h1 is not None:
            self.h1.append(data)
        for region in self._active_regions():
            self.paragraphs[region][-1].append(data)

    def _active_regions(self) -> list[str]:
        return [r for r in REGIONS if r == "body" or self.open_regions[r]]

    def _break(self) -> None:
        for region in self._active_regions():
            if self.paragraphs[region][-1]:
                self.paragraphs[region].append([])

    def region_text(self, region: str) -> str:
        lines = (visible_text("".join(parts)) for parts in self.paragraphs[region])
        return "\n".join(line for line in lines if line)


def page_text(html: str) -> PageText:
    """Title, date, author, canonical link and main text of an HTML page or fragment: the text
    of its `<article>`, else its `<main>`, else its body; one paragraph per line."""
    reader = _ArticleReader()
    reader.feed(html)
    reader.close()
    region, text = next(((r, t) for r in REGIONS if (t := reader.region_text(r))), ("body", ""))
    meta = reader.meta
    return PageText(
        title=reader.h1_text or visible_text(meta.get("og:title", "")) or meta.get("title") or None,
        published=meta.get("article:published_time") or reader.time or meta.get("date"),
        author=visible_text(meta.get("author", "")) or None,
        canonical_url=reader.canonical or meta.get("og:url") or None,
        text=text,
        region=region,
        dropped_elements=reader.dropped_elements,
    )


def fragment_text(html: str | None) -> str | None:
    """An HTML fragment (a feed summary) as one line of plain text."""
    if not html:
        return None
    return visible_text(page_text(html).text) or None


def capped(text: str | None, limit: int) -> tuple[str | None, bool]:
    """At most `limit` characters, cut at a word boundary near the limit when there is one."""
    if text is None or len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = cut.rfind(" ", limit - 200)
    return (cut[:space] if space > 0 else cut).rstrip(), True


def utc_timestamp(text: str | None) -> str | None:
    """An RFC 822 (RSS) or ISO 8601 (Atom) date as YYYY-MM-DDTHH:MM:SSZ; None if neither."""
    if not text:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(text.strip())
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- links --------------------------------------------------------------------------------------


def allowed_url(link: str | None, allowed_hosts: Sequence[str]) -> str | None:
    """The URL to request for a link, or None when it may not be requested: https on an
    allow-listed host, default port, no user info (the fragment is dropped)."""
    if not link:
        return None
    try:
        parts = urlsplit(link.strip())
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").rstrip(".")
    if (
        parts.scheme.lower() != "https"
        or parts.username is not None
        or port not in (None, 443)
        or host not in allowed_hosts
    ):
        return None
    return urlunsplit(("https", host, parts.path or "/", parts.query, ""))


def link_host(link: str | None) -> str:
    try:
        return urlsplit((link or "").strip()).hostname or "(none)"
    except ValueError:
        return "(invalid)"


# --- parsing: feed items ------------------------------------------------------------------------


def _raw(element: ElementTree.Element | None) -> str | None:
    return None if element is None else element.text


def _text(element: ElementTree.Element | None) -> str | None:
    if element is None:
        return None
    return visible_text("".join(element.itertext())) or None


def _construct(element: ElementTree.Element | None) -> str | None:
    """An Atom text construct as plain text: type html or xhtml is reduced from HTML."""
    if element is None:
        return None
    kind = element.get("type", "text")
    if kind == "html":
        return fragment_text(element.text)
    if kind == "xhtml":
        markup = "".join(ElementTree.tostring(child, encoding="unicode") for child in element)
        return fragment_text(markup)
    return _text(element)


def _rss_item(item: ElementTree.Element) -> dict[str, str | None]:
    source = item.find("source")
    author = item.find("author")
    return {
        "title": _text(item.find("title")),
        "link": _text(item.find("link")),
        "guid": _text(item.find("guid")),
        "published": _text(item.find("pubDate")),
        "updated": None,
        "author": _text(author if author is not None else item.find(f"{DUBLIN_CORE}creator")),
        "categories": "; ".join(t for c in item.findall("category") if (t := _text(c))) or None,
        "summary": fragment_text(_raw(item.find("description"))),
        "source_name": _text(source),
        "source_url": source.get("url") if source is not None else None,
    }


def _atom_link(entry: ElementTree.Element) -> str | None:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href", "").strip()
    return None


def _atom_entry(entry: ElementTree.Element) -> dict[str, str | None]:
    summary = entry.find(f"{ATOM}summary")
    return {
        "title": _construct(entry.find(f"{ATOM}title")),
        "link": _atom_link(entry),
        "guid": _text(entry.find(f"{ATOM}id")),
        "published": _text(entry.find(f"{ATOM}published")),
        "updated": _text(entry.find(f"{ATOM}updated")),
        "author": _text(entry.find(f"{ATOM}author/{ATOM}name")),
        "categories": "; ".join(
            term for c in entry.findall(f"{ATOM}category") if (term := c.get("term"))
        )
        or None,
        "summary": _construct(summary if summary is not None else entry.find(f"{ATOM}content")),
        "source_name": _text(entry.find(f"{ATOM}source/{ATOM}title")),
        "source_url": None,
    }


def frame_of(rows: Sequence[dict]) -> pl.DataFrame:
    schema = {c: pl.Int64 if c == SOURCE_ROW else pl.String for c in RAW_COLUMNS}
    return pl.DataFrame([{c: row.get(c) for c in RAW_COLUMNS} for row in rows], schema=schema)


def limited(client: SourceClient, max_bytes: int) -> SourceClient:
    """The same client, reading at most `max_bytes` of a response (live: it stops there)."""
    limit = min(max_bytes, client.policy.max_response_bytes)
    bounded = copy.copy(client)
    bounded.policy = replace(client.policy, max_response_bytes=limit)
    return bounded


# --- one news source ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NewsSource:
    """A news source's feeds, allow-list and caps, and everything done with them: which links
    may be requested, how a feed or an article page is parsed, and how a day is fetched."""

    source_id: str
    feeds: tuple[Feed, ...]
    allowed_hosts: tuple[str, ...]  # exact names; a www. variant is a different host
    feed_max_bytes: int = FEED_MAX_BYTES
    article_max_bytes: int = ARTICLE_MAX_BYTES
    max_articles_per_vintage: int = MAX_ARTICLES_PER_VINTAGE
    max_text_chars: int = MAX_TEXT_CHARS
    max_summary_chars: int = MAX_SUMMARY_CHARS

    @property
    def feed_urls(self) -> frozenset[str]:
        return frozenset(feed.request.public_url for feed in self.feeds)

    def allowed_url(self, link: str | None) -> str | None:
        return allowed_url(link, self.allowed_hosts)

    # --- parsing ---------------------------------------------------------------------------

    def feed_root(self, content: bytes, location: str) -> ElementTree.Element:
        """The root element of a feed, refusing oversized files, error pages, DTDs and bad
        XML."""
        if len(content) > self.feed_max_bytes:
            raise FormatError(
                self.source_id,
                location,
                f"feed of {len(content)} bytes exceeds the {self.feed_max_bytes}-byte cap",
            )
        require_content(content, "an RSS or Atom feed", self.source_id, location)
        if DECLARES_DTD.search(content[:65536]):
            raise FormatError(
                self.source_id, location, "the feed declares a DTD or entities; refused (untrusted)"
            )
        try:
            return ElementTree.fromstring(content)
        except ElementTree.ParseError as exc:
            raise FormatError(self.source_id, location, f"malformed feed XML ({exc})") from None

    def parse_feed(self, content: bytes, location: str) -> ParsedFile:
        """One row per RSS 2.0 item or Atom entry."""
        root = self.feed_root(content, location)
        if root.tag == "rss":
            channel = root.find("channel")
            if channel is None:
                raise SchemaError(self.source_id, location, "RSS feed without a <channel>")
            part, fmt, title = "channel", "rss", _text(channel.find("title"))
            items = [_rss_item(item) for item in channel.findall("item")]
        elif root.tag == f"{ATOM}feed":
            part, fmt, title = "feed", "atom", _text(root.find(f"{ATOM}title"))
            items = [_atom_entry(entry) for entry in root.findall(f"{ATOM}entry")]
        else:
            raise SchemaError(
                self.source_id, location, f"not an RSS 2.0 or Atom feed: root element <{root.tag}>"
            )
        truncated = 0
        for item in items:
            item["summary"], cut = capped(item["summary"], self.max_summary_chars)
            truncated += cut
        rows = [
            {
                SHEET: part,
                SOURCE_ROW: position,
                "document": FEED_ITEM,
                "feed": title,
                "feed_format": fmt,
                **item,
                "published_utc": utc_timestamp(item["published"] or item["updated"]),
            }
            for position, item in enumerate(items, start=1)
        ]
        off_list = [item["link"] for item in items if self.allowed_url(item["link"]) is None]
        return ParsedFile(
            frame=frame_of(rows),
            notes={
                "document": "feed",
                "feed_format": fmt,
                "feed_title": title,
                "items": len(items),
                "links_off_allow_list": len(off_list),
                "off_list_hosts": sorted({link_host(link) for link in off_list}),
                "summaries_truncated": truncated,
            },
        )

    def parse_article(self, content: bytes, location: str) -> ParsedFile:
        """One row: the page's title, date, author, canonical link and main text (at most
        `max_text_chars` characters; a page over `article_max_bytes` is read up to the cap)."""
        require_html(content, self.source_id, location)
        page = page_text(decode_html(content[: self.article_max_bytes]))
        text, truncated = capped(page.text, self.max_text_chars)
        row = {
            SHEET: page.region,
            SOURCE_ROW: 1,
            "document": ARTICLE,
            "title": page.title,
            "published": page.published,
            "published_utc": utc_timestamp(page.published),
            "author": page.author,
            "canonical_url": page.canonical_url,
            "text": text or None,
        }
        return ParsedFile(
            frame=frame_of([row]),
            notes={
                "document": ARTICLE,
                "text_from": page.region,
                "text_chars": len(page.text),
                "text_truncated": truncated,
                "bytes_read": min(len(content), self.article_max_bytes),
                "elements_dropped": page.dropped_elements,
            },
        )

    def is_feed(self, content: bytes, location: str) -> bool:
        """A declared feed's URL, or bytes that open with an <rss> or <feed> root element."""
        return location in self.feed_urls or bool(FEED_ROOT.match(content[:4096]))

    def parse(self, content: bytes, location: str) -> ParsedFile:
        if self.is_feed(content, location):
            return self.parse_feed(content, location)
        return self.parse_article(content, location)

    # --- fetching --------------------------------------------------------------------------

    def followed_links(self, responses: Sequence[SourceResponse]) -> list[str]:
        """The article URLs to request: allow-listed links of the feeds that follow theirs,
        once each, in feed order, at most `max_articles_per_vintage`."""
        urls: list[str] = []
        for feed, response in zip(self.feeds, responses, strict=True):
            if not feed.follow_links:
                continue
            parsed = self.parse_feed(response.content, response.url)
            for link in parsed.frame["link"]:
                url = self.allowed_url(link)
                if url is None:
                    LOG.info("%s: not fetched, host off the allow-list: %s", self.source_id, link)
                elif url not in urls:
                    urls.append(url)
        return urls[: self.max_articles_per_vintage]

    def fetch_article(self, client: SourceClient, url: str, vintage: date) -> SourceResponse | None:
        """The article page, or None (logged) when it fails, is too large or is not HTML: one
        article never fails the day's pull."""
        try:
            bounded = limited(client, self.article_max_bytes)
            response = bounded.get_ok(SourceRequest(url), vintage=vintage)
        except FetchError as exc:
            LOG.warning("%s: article skipped: %s", self.source_id, exc)
            return None
        if "html" not in response.content_type and not looks_like_html(response.content):
            LOG.warning("%s: article skipped, not an HTML page: %s", self.source_id, url)
            return None
        return response

    def fetch(self, client: SourceClient, vintage: date) -> list[SourceResponse]:
        """The day's feeds, then the article pages they link to (each its own response)."""
        for feed in self.feeds:
            if self.allowed_url(feed.request.public_url) is None:
                raise FetchError(
                    self.source_id, feed.request.public_url, "feed host not allow-listed"
                )
        bounded = limited(client, self.feed_max_bytes)
        feeds = [bounded.get_ok(feed.request, vintage=vintage) for feed in self.feeds]
        urls = self.followed_links(feeds)
        articles = [self.fetch_article(client, url, vintage) for url in urls]
        return [*feeds, *(a for a in articles if a is not None)]
