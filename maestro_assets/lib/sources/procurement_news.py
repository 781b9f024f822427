"""Press releases on clean-energy procurement: the wire services' energy feeds (RSS 2.0) and the
release pages they link to, reduced to plain text.

Companies announce power purchase agreements, green tariff enrollments and renewable energy
commitments through the wires (Business Wire, PR Newswire); so do the developers and utilities
selling the power, who name the buyer only sometimes ("a Fortune 100 technology company").
A wire's energy category carries about twenty releases a day, most of them about something
else (product launches, earnings dates, appointments, financings), so the whole category is
landed and the extraction decides what each release announces.

The feeds and pages are fetched and read by the machinery the news sources share
(`news_feeds`): allow-listed hosts only, size caps, no DTDs, text only. A release's text is
data: an instruction inside it is ordinary text of that release.
"""

from __future__ import annotations

from maestro_assets.lib.catalog import Cadence, SourceSpec
from maestro_assets.lib.http import SourceRequest
from maestro_assets.lib.sources.adapter import SourceAdapter
from maestro_assets.lib.sources.news_feeds import Feed, NewsSource

# The only hosts ever requested (exact names; a www. variant is a different host).
ALLOWED_HOSTS = ("feed.businesswire.com", "www.businesswire.com", "www.prnewswire.com")

# Business Wire names its category feeds by an opaque token, chosen on its RSS page.
BUSINESS_WIRE_ENERGY_TOKEN = "G1QFDERJXkJeGVtRXw=="
FEEDS = (
    Feed(
        "Business Wire: Energy",
        SourceRequest(
            "https://feed.businesswire.com/rss/home/",
            params=(("rss", BUSINESS_WIRE_ENERGY_TOKEN),),
        ),
        follow_links=True,
    ),
    Feed(
        "PR Newswire: Energy",
        SourceRequest(
            "https://www.prnewswire.com/rss/energy-latest-news/energy-latest-news-list.rss"
        ),
        follow_links=True,
    ),
)

SPEC = SourceSpec(
    source_id="procurement_news",
    title="Press releases on clean-energy procurement (wire services' energy feeds)",
    publisher="Business Wire and PR Newswire (releases issued by buyers, developers, utilities)",
    landing_url=FEEDS[1].request.public_url,  # a feed: also what the refresh sensor probes
    requests=(
        "GET each declared feed (FEEDS: the RSS 2.0 energy category of Business Wire and of PR "
        "Newswire, about 20 items each), then GET the release page behind each item link that "
        "is https on an allow-listed host (ALLOWED_HOSTS); at most MAX_ARTICLES_PER_VINTAGE "
        "pages a day. Feed URLs unconfirmed from here (no network; Business Wire's category "
        "token is declared once, as BUSINESS_WIRE_ENERGY_TOKEN)"
    ),
    file_format="rss+xml, html",
    cadence=Cadence.DAILY,
    expected_coverage=(
        "Releases in the wires' energy categories (title, link, date, summary, issuer) and the "
        "plain text of each release: power purchase agreements (physical and virtual), green "
        "tariff enrollments, renewable energy certificate purchases and commitments announced "
        "by buyers, and contracts announced by the developers and utilities selling the power"
    ),
    known_gaps=(
        "Announcements, not contracts: a release is the issuer's own claim, often without "
        "price, term or start date, and sellers name the buyer only sometimes; a feed carries "
        "about 20 items and only the latest, so a day not pulled is lost (poll daily); most "
        "items of an energy category are not about procurement (products, earnings, "
        "appointments, financings); the same deal can be announced by buyer and seller on "
        "different wires and days; releases a company posts only on its own site, and links "
        "off the allow-list (other wires' regional sites, plain http) are skipped, counted in "
        "the feed's layout notes; the announcement date is not the signing date; names are as "
        "each issuer writes them (brands, tickers in parentheses)"
    ),
    # C: first-party statements by the parties themselves, but partial and unverified.
    reliability="C",
    license=(
        "Releases are issued for publication by their issuers; headlines, summaries and text "
        "are kept for extraction, never republished"
    ),
    raw_table="raw.procurement_news__documents",
    allowed_hosts=ALLOWED_HOSTS,  # enforced on every request, redirects included
    domain="procurement",
)

NEWS = NewsSource(source_id=SPEC.source_id, feeds=FEEDS, allowed_hosts=ALLOWED_HOSTS)
MAX_ARTICLES_PER_VINTAGE = NEWS.max_articles_per_vintage

ADAPTER = SourceAdapter(
    spec=SPEC,
    fetch=NEWS.fetch,
    parse=NEWS.parse,
    extension="html",
    required_columns=("document", "title"),
)
