"""Recorded SEC EDGAR full-text search replies, from a simulated filing history.

Filers are the SEC-filing buyers of the corporate-buyer roster plus `SELLERS` (utilities and
developers, who mention power purchase agreements more than anyone: the hard part of reading
this source). Each filer's history runs from `HISTORY_START` to the last vintage: 10-K and
10-Q reports and 8-K announcements, each with its documents and the declared phrases each
document contains. A buyer mentions its clean-energy contracts from its first procurement on,
so a new entrant's filings first match in the first vintage after its announcement 8-K, while
long-time buyers match in every vintage. A subsidiary that files with its parent appears in the
parent's combined reports (one accession, both CIKs).

Each vintage records every page the pull asks for, per query, in efts's layout. In `CAPPED`
the stand-in counts 10,000+ hits (relation `gte`) but hands over only the hits it has, so the
recording ends with a short page after a few pages: the pull stops there and reports the cap.

Everything is drawn from random streams seeded by the seed and a filer's CIK, so adding
replicas (scale > 1) leaves the scale-1 filers' filings as they are.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.sources.sec_edgar import padded_cik
from maestro_assets.lib.sources.sec_edgar_search import (
    CAPPED_RELATION,
    MAX_FROM_EXCLUSIVE,
    PAGE_SIZE,
    PROBE_REQUEST,
    QUERIES,
    next_page_from,
    search_request,
    search_window,
)
from maestro_assets.lib.synthetic.corporate_buyers import (
    CorporateBuyer,
    FormerName,
    Instrument,
    buyers_at_scale,
    former_names_on,
    name_in_use,
    prefixed_name,
    replica_cik,
    replica_prefix,
)
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

DEFAULT_SEED = 1318
VINTAGES = (
    date(2025, 10, 1),
    date(2026, 1, 1),
    date(2026, 4, 1),
    date(2026, 7, 1),
    date(2026, 10, 1),
)
HISTORY_START = date(2024, 1, 1)  # the oldest filing simulated (and listed in filings.recent)
CAPPED = ("power purchase agreement", date(2026, 7, 1))  # (query, vintage) counted as 10,000+
JSON = "application/json"
SEARCH_DIR = "search"

PPA, VPPA, RECS, GREEN_TARIFF = QUERIES
PHRASES_BY_INSTRUMENT = {
    Instrument.PHYSICAL_PPA: (PPA,),
    Instrument.VIRTUAL_PPA: (PPA, VPPA),
    Instrument.UNBUNDLED_RECS: (RECS,),
    Instrument.GREEN_TARIFF: (GREEN_TARIFF, RECS),
}
SELLER_PHRASES = (PPA, RECS)
STATE_CITIES = {
    "AR": "Bentonville", "AZ": "Phoenix", "CA": "San Jose", "CO": "Denver", "FL": "Orlando",
    "GA": "Atlanta", "IA": "Des Moines", "IL": "Chicago", "KS": "Topeka", "KY": "Louisville",
    "MA": "Boston", "MI": "Detroit", "MN": "Minneapolis", "MO": "St. Louis", "NJ": "Newark",
    "NM": "Albuquerque", "OH": "Columbus", "OR": "Portland", "PA": "Philadelphia",
    "TN": "Nashville", "TX": "Austin", "UT": "Salt Lake City", "VA": "Reston",
    "WA": "Seattle", "WI": "Milwaukee",
}  # fmt: skip


@dataclass(frozen=True)
class Filer:
    """A company as the simulated EDGAR knows it."""

    filer_id: str
    cik: str
    name: str  # current EDGAR name
    former_names: tuple[FormerName, ...]
    tickers: tuple[str, ...]
    exchanges: tuple[str, ...]
    state: str
    state_of_incorporation: str
    sic: str
    sic_description: str
    phrases: tuple[str, ...]  # the queries its procurement documents match
    mentions_since: date  # its documents mention clean-energy contracts from this day on
    listed_on: date = date(1996, 1, 2)  # its first EDGAR filing
    announces_on: date | None = None  # a new entrant's first-contract 8-K
    periodic_reporter: bool = True
    parent_cik: str | None = None  # its periodic reports are its parent's combined ones
    seller: bool = False

    def name_on(self, day: date) -> str:
        return name_in_use(self.name, self.former_names, day)

    def former_names_on(self, day: date) -> tuple[FormerName, ...]:
        return former_names_on(self.former_names, day)

    def display_name(self, day: date) -> str:
        """As efts shows a filer: `"Tesla, Inc.  (TSLA)  (CIK 0001318605)"`."""
        tickers = f"  ({', '.join(self.tickers)})" if self.tickers else ""
        return f"{self.name_on(day)}{tickers}  (CIK {self.cik})"

    @property
    def city(self) -> str:
        return STATE_CITIES[self.state]


def seller(
    filer_id: str,
    name: str,
    cik: str,
    tickers: tuple[str, ...],
    state: str,
    state_of_incorporation: str,
    sic: str,
    sic_description: str,
) -> Filer:
    return Filer(
        filer_id=filer_id,
        cik=cik,
        name=name,
        former_names=(),
        tickers=tickers,
        exchanges=("NYSE",) * len(tickers),
        state=state,
        state_of_incorporation=state_of_incorporation,
        sic=sic,
        sic_description=sic_description,
        phrases=SELLER_PHRASES,
        mentions_since=HISTORY_START,
        seller=True,
    )


ELECTRIC, COGENERATION = "Electric Services", "Cogeneration Services & Small Power Producers"
COMBINED_UTILITY = "Electric & Other Services Combined"
SELLERS = (
    seller("sterling-renewables", "Sterling Renewables Group, Inc.", "0001779312", ("STRG",),
           "TX", "DE", "4991", COGENERATION),
    seller("great-lakes-electric", "Great Lakes Electric & Gas Co", "0000047129", ("GLEG",),
           "MI", "MI", "4931", COMBINED_UTILITY),
    seller("cumberland-valley-power", "Cumberland Valley Power Corp", "0000025881", ("CVPC",),
           "KY", "KY", "4911", ELECTRIC),
    seller("sunbelt-generation", "Sunbelt Generation Partners, LP", "0001562093", ("SBGP",),
           "FL", "DE", "4911", ELECTRIC),
    seller("western-interconnect", "Western Interconnect Energy, Inc.", "0000764622",
           ("WIEI",), "AZ", "AZ", "4911", ELECTRIC),
    seller("heartland-rural-electric", "Heartland Rural Electric Cooperative, Inc.",
           "0001036048", (), "KS", "KS", "4911", ELECTRIC),
    seller("prairie-wind-energy", "Prairie Wind Energy Holdings, Inc.", "0001846610",
           ("PWEH",), "IA", "DE", "4991", COGENERATION),
    seller("blue-mesa-power", "Blue Mesa Power Company", "0000081023", (), "NM", "NM", "4911",
           ELECTRIC),
)  # fmt: skip


def replicate_seller(filer: Filer, copy: int) -> Filer:
    prefix = replica_prefix(copy)
    return replace(
        filer,
        filer_id=f"{filer.filer_id}-{copy}",
        cik=replica_cik(filer.cik, copy),
        name=prefixed_name(filer.name, prefix),
        tickers=tuple(f"{t}{copy}" for t in filer.tickers),
    )


def buyer_filer(buyer: CorporateBuyer, by_id: dict[str, CorporateBuyer]) -> Filer:
    assert buyer.cik and buyer.sec_name and buyer.state_of_incorporation
    assert buyer.sic and buyer.sic_description
    parent = by_id[buyer.parent_id] if buyer.files_with_parent and buyer.parent_id else None
    new_entrant = buyer.first_procurement >= HISTORY_START
    return Filer(
        filer_id=buyer.buyer_id,
        cik=buyer.cik,
        name=buyer.sec_name,
        former_names=buyer.former_names,
        tickers=buyer.tickers,
        exchanges=buyer.exchanges,
        state=buyer.state,
        state_of_incorporation=buyer.state_of_incorporation,
        sic=buyer.sic,
        sic_description=buyer.sic_description,
        phrases=PHRASES_BY_INSTRUMENT[buyer.instrument],
        mentions_since=buyer.first_procurement,
        announces_on=buyer.first_procurement if new_entrant else None,
        periodic_reporter=buyer.periodic_reporter,
        parent_cik=parent.cik if parent else None,
    )


EARLIEST_LISTING = date(1994, 1, 3)
RECENT_LISTINGS = (date(2021, 6, 1), date(2024, 6, 1))  # when new entrants went public


def listing_date(filer: Filer, seed: int) -> date:
    """A new entrant listed recently (its whole history is simulated); others long ago."""
    rng = random.Random(f"{seed}:{filer.cik}:listing")
    first, last = RECENT_LISTINGS if filer.announces_on else (EARLIEST_LISTING, HISTORY_START)
    return first + timedelta(days=rng.randint(0, (last - first).days - 1))


def simulated_filers(scale: int = 1, seed: int = DEFAULT_SEED) -> tuple[Filer, ...]:
    """The SEC-filing buyers of the roster, then the sellers, each `scale` times."""
    buyers = buyers_at_scale(scale)
    by_id = {b.buyer_id: b for b in buyers}
    sellers = SELLERS + tuple(replicate_seller(s, c) for c in range(1, scale) for s in SELLERS)
    filing = tuple(buyer_filer(b, by_id) for b in buyers if b.cik and b.sec_name)
    return tuple(replace(f, listed_on=listing_date(f, seed)) for f in filing + sellers)


# --- filings --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    filename: str
    file_type: str  # the form, or the exhibit type (EX-99.1)
    description: str
    sequence: int
    phrases: tuple[str, ...]  # the queries whose phrase it contains


@dataclass(frozen=True)
class Filing:
    accession: str
    form: str
    file_date: date
    period_ending: date
    items: tuple[str, ...]
    filers: tuple[Filer, ...]  # the main filer first
    documents: tuple[Document, ...]
    film_number: str
    accepted_at: str  # EDGAR acceptanceDateTime
    size: int  # bytes

    @property
    def ciks(self) -> tuple[str, ...]:
        return tuple(f.cik for f in self.filers)


@dataclass(frozen=True)
class DraftFiling:
    """A filing before its accession number is assigned (numbers run in date order)."""

    form: str
    file_date: date
    period_ending: date
    items: tuple[str, ...]
    phrases: tuple[str, ...]  # empty: no document mentions clean-energy procurement


# (form, period end as (months after the fiscal year's start, day), filing month, first day)
PERIODIC_SCHEDULE = (
    ("10-K", -1, 2, 10),
    ("10-Q", 2, 4, 25),
    ("10-Q", 5, 7, 25),
    ("10-Q", 8, 10, 24),
)
QUARTER_ENDS = {-1: (12, 31), 2: (3, 31), 5: (6, 30), 8: (9, 30)}
QUARTERLY_MENTION_SHARE = 0.5  # of 10-Qs that repeat the 10-K's procurement note
ANNOUNCEMENTS_PER_YEAR_SHARE = {"buyer": 0.35, "seller": 0.6}


def period_end(year: int, offset: int) -> date:
    month, day = QUARTER_ENDS[offset]
    return date(year - 1 if offset < 0 else year, month, day)


def periodic_drafts(filer: Filer, rng: random.Random, last: date) -> list[DraftFiling]:
    drafts = []
    for year in range(HISTORY_START.year, last.year + 1):
        for form, offset, month, first_day in PERIODIC_SCHEDULE:
            filed = date(year, month, first_day) + timedelta(days=rng.randint(0, 14))
            repeats_note = form == "10-K" or rng.random() < QUARTERLY_MENTION_SHARE
            if not max(filer.listed_on, HISTORY_START) <= filed <= last:
                continue
            mentions = filed >= filer.mentions_since and (repeats_note or filer.seller)
            drafts.append(
                DraftFiling(
                    form, filed, period_end(year, offset), (), filer.phrases if mentions else ()
                )
            )
    return drafts


def announcement_drafts(filer: Filer, rng: random.Random, last: date) -> list[DraftFiling]:
    """8-Ks announcing a contract: a new entrant's first, and a long-time party's new ones."""
    drafts = []
    if filer.announces_on is not None:
        filed = filer.announces_on + timedelta(days=rng.randint(0, 2))
        if filed <= last:
            drafts.append(
                DraftFiling("8-K", filed, filer.announces_on, ("1.01", "9.01"), filer.phrases)
            )
    share = ANNOUNCEMENTS_PER_YEAR_SHARE["seller" if filer.seller else "buyer"]
    for year in range(HISTORY_START.year, last.year + 1):
        day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
        announces = rng.random() < share
        items = ("8.01", "9.01") if rng.random() < 0.5 else ("1.01", "9.01")
        if announces and filer.mentions_since < day <= last and filer.announces_on is None:
            drafts.append(DraftFiling("8-K", day, day, items, filer.phrases))
    return drafts


def slug(filer: Filer) -> str:
    base = filer.tickers[0] if filer.tickers else filer.name.split()[0]
    return re.sub(r"[^a-z0-9]+", "", base.lower())


def documents_of(filer: Filer, draft: DraftFiling) -> tuple[Document, ...]:
    stamp = f"{draft.period_ending:%Y%m%d}"
    main = Document(
        f"{slug(filer)}-{stamp}.htm",
        draft.form,
        {"10-K": "10-K", "10-Q": "10-Q"}.get(draft.form, "8-K"),
        1,
        draft.phrases,
    )
    if draft.form != "8-K":
        return (main,)
    release = Document(
        f"{slug(filer)}-ex991_{stamp}.htm", "EX-99.1", "PRESS RELEASE", 2, draft.phrases
    )
    return (main, release)


def filings_of(
    filer: Filer, co_registrants: tuple[Filer, ...], seed: int, last: date
) -> list[Filing]:
    """Every filing the filer makes as main filer, numbered in date order."""
    if not filer.periodic_reporter:
        return []  # on EDGAR, but files nothing that mentions procurement
    rng = random.Random(f"{seed}:{filer.cik}")
    drafts = announcement_drafts(filer, rng, last)
    if filer.parent_cik is None:
        drafts += periodic_drafts(filer, rng, last)
    filings = []
    sequence_by_year: dict[int, int] = {}
    for draft in sorted(drafts, key=lambda d: (d.file_date, d.form)):
        year = draft.file_date.year
        sequence_by_year[year] = sequence_by_year.get(year, 0) + 1
        periodic = draft.form != "8-K"
        filers = (filer, *co_registrants) if periodic else (filer,)
        phrases = (
            tuple(dict.fromkeys(p for f in filers for p in f.phrases)) if draft.phrases else ()
        )
        documents = documents_of(filer, replace(draft, phrases=phrases))
        filings.append(
            Filing(
                accession=f"{filer.cik}-{year % 100:02d}-{sequence_by_year[year]:06d}",
                form=draft.form,
                file_date=draft.file_date,
                period_ending=draft.period_ending,
                items=draft.items,
                filers=filers,
                documents=documents,
                film_number=f"{rng.randint(20_000_000, 26_999_999)}",
                accepted_at=(
                    f"{draft.file_date}T{rng.randint(12, 21):02d}:{rng.randint(0, 59):02d}:"
                    f"{rng.randint(0, 59):02d}.000Z"
                ),
                size=rng.randint(80_000, 9_000_000) if periodic else rng.randint(20_000, 400_000),
            )
        )
    return filings


def simulate_filings(scale: int = 1, seed: int = DEFAULT_SEED) -> list[Filing]:
    """Every simulated filing up to the last vintage, in date order."""
    filers = simulated_filers(scale, seed)
    co_registrants: dict[str, list[Filer]] = {}
    for filer in filers:
        if filer.parent_cik:
            co_registrants.setdefault(filer.parent_cik, []).append(filer)
    filings = [
        filing
        for filer in filers
        for filing in filings_of(
            filer, tuple(co_registrants.get(filer.cik, ())), seed, VINTAGES[-1]
        )
    ]
    return sorted(filings, key=lambda f: (f.file_date, f.accession))


# --- efts replies ---------------------------------------------------------------------------


def file_number(filer: Filer) -> str:
    return f"001-{int(filer.cik) % 100_000:05d}"


def hit_score(seed: int, filing: Filing, document: Document, query: str) -> float:
    return round(
        random.Random(f"{seed}:{filing.accession}:{document.filename}:{query}").uniform(4, 30), 6
    )


def efts_hit(filing: Filing, document: Document, score: float) -> dict:
    """One hit as efts serves it (field order as efts writes them)."""
    day = filing.file_date
    return {
        "_index": "edgar_file",
        "_id": f"{filing.accession}:{document.filename}",
        "_score": score,
        "_source": {
            "ciks": list(filing.ciks),
            "period_ending": filing.period_ending.isoformat(),
            "file_num": [file_number(f) for f in filing.filers],
            "display_names": [f.display_name(day) for f in filing.filers],
            "xsl": None,
            "sequence": document.sequence,
            "root_forms": [filing.form],
            "file_date": day.isoformat(),
            "biz_states": [f.state for f in filing.filers],
            "sics": [f.sic for f in filing.filers],
            "form": filing.form,
            "adsh": filing.accession,
            "film_num": [filing.film_number],
            "biz_locations": [f"{f.city}, {f.state}" for f in filing.filers],
            "file_type": document.file_type,
            "file_description": document.description,
            "inc_states": [f.state_of_incorporation for f in filing.filers],
            "items": list(filing.items),
        },
    }


def query_hits(
    filings: Iterable[Filing], query: str, window: tuple[date, date], seed: int
) -> list[dict]:
    """Every document filed within the window that contains the phrase, best first."""
    start, end = window
    scored = [
        (hit_score(seed, filing, document, query), filing, document)
        for filing in filings
        if start <= filing.file_date <= end
        for document in filing.documents
        if query in document.phrases
    ]
    scored.sort(key=lambda s: (-s[0], s[1].accession, s[2].filename))
    return [efts_hit(filing, document, score) for score, filing, document in scored]


def counted(hits: list[dict], query: str, vintage: date) -> dict:
    """`hits.total` as efts reports it: exact up to 10,000, a lower bound beyond."""
    if len(hits) > MAX_FROM_EXCLUSIVE or (query, vintage) == CAPPED:
        return {"value": MAX_FROM_EXCLUSIVE, "relation": CAPPED_RELATION}
    return {"value": len(hits), "relation": "eq"}


def form_buckets(hits: list[dict]) -> list[dict]:
    counts: dict[str, int] = {}
    for hit in hits:
        counts[hit["_source"]["root_forms"][0]] = counts.get(hit["_source"]["root_forms"][0], 0) + 1
    return [
        {"key": k, "doc_count": n}
        for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def page_body(page_hits: list[dict], total: dict, all_hits: list[dict], took: int) -> dict:
    return {
        "took": took,
        "timed_out": False,
        "_shards": {"total": 50, "successful": 50, "skipped": 0, "failed": 0},
        "hits": {
            "total": total,
            "max_score": all_hits[0]["_score"] if all_hits else None,
            "hits": page_hits,
        },
        "aggregations": {
            "form_filter": {
                "doc_count_error_upper_bound": 0,
                "sum_other_doc_count": 0,
                "buckets": form_buckets(all_hits),
            }
        },
    }


def json_bytes(body: dict) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


def pulled_at(vintage: date) -> datetime:
    return datetime.combine(vintage, time(6, 0), UTC)


def query_slug(query: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", query.lower()).strip("_")


@dataclass(frozen=True)
class RecordedSearch:
    entries: list[dict]  # snapshot index entries
    ciks: list[str]  # every filer CIK of the hits served, sorted


def record_search_pages(
    source_dir: Path, filings: list[Filing], vintage: date, seed: int = DEFAULT_SEED
) -> RecordedSearch:
    """Write every page a vintage's pull asks for; the CIKs of the hits they serve."""
    entries, ciks = [], set()
    for query in QUERIES:
        hits = query_hits(filings, query, search_window(vintage), seed)
        total = counted(hits, query, vintage)
        offset: int | None = 0
        while offset is not None:
            page = hits[offset : offset + PAGE_SIZE]
            ciks.update(cik for hit in page for cik in hit["_source"]["ciks"])
            took = random.Random(f"{seed}:{vintage}:{query}:{offset}").randint(40, 900)
            entries.append(
                record_response(
                    source_dir,
                    search_request(query, vintage, offset).public_url,
                    f"{SEARCH_DIR}/{vintage}/{query_slug(query)}_{offset}.json",
                    json_bytes(page_body(page, total, hits, took)),
                    JSON,
                    pulled_at(vintage),
                    vintage=vintage,
                )
            )
            offset = next_page_from(offset, len(page), total["value"])
    return RecordedSearch(entries, sorted(padded_cik(c) for c in ciks))


def record_probe(source_dir: Path, filings: list[Filing], seed: int = DEFAULT_SEED) -> dict:
    """The change probe's reply on the last vintage: the phrase's first page over all dates."""
    last = VINTAGES[-1]
    hits = query_hits(filings, QUERIES[0], (HISTORY_START, last), seed)
    total = {"value": min(len(hits), MAX_FROM_EXCLUSIVE), "relation": "eq"}
    return record_response(
        source_dir,
        PROBE_REQUEST.public_url,
        f"{SEARCH_DIR}/probe.json",
        json_bytes(page_body(hits[:PAGE_SIZE], total, hits, took=120)),
        JSON,
        pulled_at(last),
    )


def write_sec_edgar_search_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write every vintage's search pages and `responses.json`."""
    filings = simulate_filings(scale, seed)
    clear_generated(source_dir, (SEARCH_DIR,))
    entries = [
        entry
        for vintage in VINTAGES
        for entry in record_search_pages(source_dir, filings, vintage, seed).entries
    ]
    write_snapshot_index(source_dir, [*entries, record_probe(source_dir, filings, seed)])
    return list(VINTAGES)
