"""Synthetic EPA Green Power Partnership lists: six quarterly editions of three top partner lists
(National Top 100, Fortune 500® Partners, Top 30 College & University), each an xlsx download
linked from its epa.gov page, in EPA's layout (title rows, header, a row per partner,
footnotes).

The partners are
- the corporate buyers of the shared roster (`corporate_buyers.BUYERS`) under their EPA names
  ("Meta", "Microsoft Corporation", "Harbor Point Holdings"), so that the same companies can be
  linked to their SEC filings, RE100 membership and press releases. A buyer is listed from the
  first quarterly edition at least `LISTING_LAG_DAYS` after its first procurement: the new
  entrants appear edition by edition, and the two most recent are not listed yet. The roster's
  public companies are this world's Fortune 500;
- organizations that appear only in the procurement sources, never at the SEC
  (`ORGANIZATIONS`): a city, a county, universities, a school district, a private company (also
  an RE100 member), a college that joins in 2026;
- background partners drawn at random (businesses, local governments, colleges), so the lists
  have their real lengths and a cut-off: a partner near the 100th place can leave the National
  Top 100 and return.

Usage grows a little each quarter, so ranks move. Everything is a pure function of (scale,
seed): one `random.Random(seed)` consumed in a fixed order and fixed workbook timestamps, so
the files are byte-identical run to run. At scale N every partner has N - 1 replicas (the
roster's replica names) and every list is N times as long.
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

from maestro_assets.lib.sources.epa_gpp_partners import LISTS, discover_download
from maestro_assets.lib.synthetic.corporate_buyers import (
    BUYERS,
    CorporateBuyer,
    Instrument,
    replica_prefix,
    replicate,
)
from maestro_assets.lib.synthetic.eia860m import HTML, XLSX
from maestro_assets.lib.synthetic.queue_fleet import (
    Recorded,
    new_workbook,
    published_at,
    write_cells,
    write_snapshot,
)

DEFAULT_SEED = 4407
VINTAGES = (
    date(2025, 7, 1),
    date(2025, 10, 1),
    date(2026, 1, 1),
    date(2026, 4, 1),
    date(2026, 7, 1),
    date(2026, 10, 1),
)
PUBLISHED_AT = time(14)  # UTC
LISTING_LAG_DAYS = 60  # a first purchase reaches the lists at the next edition after this
QUARTERLY_GROWTH = (0.0, 0.035)  # a partner's usage grows by this share a quarter (range)

BUSINESS, COLLEGE = "Business", "College/University"
LOCAL_GOVERNMENT, K12_SCHOOL, HEALTH_CARE = "Local Government", "K-12 School", "Health Care"
NATIONAL_TOP_100, FORTUNE_500, TOP_30_COLLEGE = (partner_list.name for partner_list in LISTS)
LIST_SIZES = {NATIONAL_TOP_100: 100, FORTUNE_500: None, TOP_30_COLLEGE: 30}  # None: every one
LIST_INTROS = {
    NATIONAL_TOP_100: (
        "The National Top 100 lists the largest green power users among all EPA Green Power "
        "Partners."
    ),
    FORTUNE_500: (
        "The Fortune 500® Partners List ranks the Fortune 500® companies that are EPA Green "
        "Power Partners by annual green power use."
    ),
    TOP_30_COLLEGE: (
        "The Top 30 College & University list ranks the largest green power users among "
        "college and university partners."
    ),
}
FILE_SLUGS = {
    NATIONAL_TOP_100: "top100",
    FORTUNE_500: "fortune500",
    TOP_30_COLLEGE: "top30_college_university",
}
HEADER = (
    "Rank",
    "Partner Name",
    "Annual Green Power Usage (kWh)",
    "GP % of Total Electricity Use",
    "Organization Type",
    "Providers",
    "Green Power Resources",
)
FOOTNOTES = (
    "Notes:",
    "Annual Green Power Usage is the partner's own report to EPA and includes renewable energy "
    "certificates, utility green power products, power purchase agreements and on-site "
    "generation.",
    "GP % of Total Electricity Use above 100% means the partner uses more green power than "
    "its total annual electricity use.",
    "Fortune 500® is a registered trademark of Fortune Media IP Limited.",
)
SYNTHETIC_NOTE = (
    "synthetic page written for the maestro_assets test snapshot: its lists hold invented "
    "figures, not published by EPA"
)

# --- the partners -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Partner:
    key: str  # the roster's buyer_id, or the organization's own slug
    name: str  # as EPA writes it
    organization_type: str
    usage_mwh: int  # in the latest edition
    growth: float  # per quarter
    gp_percent: int
    providers: str
    resources: str
    listed_from: date  # the first edition that can list it
    fortune_500: bool = False

    def usage_kwh(self, vintage: date) -> int | None:
        """Annual green power use reported for an edition (None: not a partner yet)."""
        if vintage < self.listed_from:
            return None
        quarters_before_latest = VINTAGES.index(vintage) - (len(VINTAGES) - 1)
        mwh = self.usage_mwh * (1 + self.growth) ** quarters_before_latest
        return round(mwh) * 1000


@dataclass(frozen=True)
class Organization:
    """A green power user the SEC roster does not hold (never files with the SEC)."""

    key: str
    epa_name: str
    press_name: str
    organization_type: str
    sector: str
    state: str
    technology: str
    instrument: Instrument
    annual_green_power_mwh: int
    first_procurement: date
    re100_name: str | None = None
    re100_join_year: int | None = None


ORGANIZATIONS = (
    Organization(
        key="city-of-larkspur-falls",
        epa_name="City of Larkspur Falls",
        press_name="City of Larkspur Falls",
        organization_type=LOCAL_GOVERNMENT,
        sector="Government",
        state="CO",
        technology="solar",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=152_000,
        first_procurement=date(2018, 5, 1),
    ),
    Organization(
        key="mesa-alta",
        epa_name="City and County of Mesa Alta",
        press_name="Mesa Alta",
        organization_type=LOCAL_GOVERNMENT,
        sector="Government",
        state="NM",
        technology="solar",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=231_000,
        first_procurement=date(2016, 8, 1),
    ),
    Organization(
        key="lakeshore-state-university",
        epa_name="Lakeshore State University",
        press_name="Lakeshore State University",
        organization_type=COLLEGE,
        sector="Education",
        state="MI",
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=118_000,
        first_procurement=date(2019, 1, 15),
    ),
    Organization(
        key="silver-hollow-college",
        epa_name="Silver Hollow Community College District",
        press_name="Silver Hollow Community College",
        organization_type=COLLEGE,
        sector="Education",
        state="NV",
        technology="solar",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=21_000,
        first_procurement=date(2026, 3, 2),
    ),
    Organization(
        key="redwood-valley-usd",
        epa_name="Redwood Valley Unified School District",
        press_name="Redwood Valley Unified",
        organization_type=K12_SCHOOL,
        sector="Education",
        state="CA",
        technology="solar",
        instrument=Instrument.GREEN_TARIFF,
        annual_green_power_mwh=14_000,
        first_procurement=date(2020, 2, 1),
    ),
    Organization(
        key="clearwater-apparel",
        epa_name="Clearwater Apparel Co.",
        press_name="Clearwater Apparel",
        organization_type=BUSINESS,
        sector="Apparel",
        state="OR",
        technology="wind",
        instrument=Instrument.UNBUNDLED_RECS,
        annual_green_power_mwh=64_000,
        first_procurement=date(2021, 4, 1),
        re100_name="Clearwater Apparel",
        re100_join_year=2022,
    ),
)

# Developers, utility programs and certificate sellers a partner names as its providers.
DEVELOPERS = (
    "Sunridge Renewables", "Tallgrass Wind Partners", "Copper Basin Solar Development",
    "Lone Mesa Power", "Blue Heron Renewables", "Ironwood Clean Power", "Prairie Crest Energy",
)  # fmt: skip
UTILITY_PROGRAMS = {
    "OR": "Willamette Electric (Clean Wind Tariff)",
    "CA": "Pacific Valley Power (Green Select)",
    "UT": "Beehive Power & Light (Renewable Energy Rider)",
    "OH": "Buckeye Power & Light (Green Power Choice)",
}
DEFAULT_UTILITY_PROGRAM = "Utility green tariff"
REC_SELLERS = ("Keel Renewable Credits", "Blue Delta Energy", "Lakemont Environmental Markets")
ON_SITE = "On-site Generation"
RESOURCES = {"solar": "Solar", "wind": "Wind", "solar+storage": "Solar", "geothermal": "Geothermal"}
REC_RESOURCES = ("Wind", "Solar, Wind", "Biomass, Solar, Wind")
MULTIPLE_PROVIDERS_MWH = 5_000_000  # the largest users name no single provider
# The sellers the press releases name for some buyers (the lists agree with them).
KNOWN_PROVIDERS = {
    "halcyon-semiconductor": "Copper Basin Solar Development",
    "brightwater-logistics": "Sunridge Renewables",
    "keystone-cold-storage": "Blue Heron Renewables",
    "redfern-pharmaceuticals": "Tallgrass Wind Partners",
    "apex-energy-solutions": "Northwind Solar Partners",
    "northfield-data-centers": "Blue Heron Renewables",
    "juniper-crest-hospitality": "Keel Renewable Credits",
    "harbor-point-holdings": "Blue Heron Renewables",
    "northwind-foods": "Tallgrass Wind Partners",
    "bluebonnet-semiconductor": "Lone Mesa Power",
}


def providers_for(rng: random.Random, instrument: Instrument, state: str, mwh: int) -> str:
    if mwh >= MULTIPLE_PROVIDERS_MWH:
        return f"Multiple Providers, {ON_SITE}"
    if instrument is Instrument.GREEN_TARIFF:
        return UTILITY_PROGRAMS.get(state, DEFAULT_UTILITY_PROGRAM)
    if instrument is Instrument.UNBUNDLED_RECS:
        return rng.choice(REC_SELLERS)
    names = rng.sample(DEVELOPERS, rng.choice((1, 1, 2)))
    return ", ".join(sorted(names))


def resources_for(rng: random.Random, technology: str, instrument: Instrument) -> str:
    if instrument is Instrument.UNBUNDLED_RECS:
        return rng.choice(REC_RESOURCES)
    return RESOURCES.get(technology, "Solar, Wind")


def listing_from(first_procurement: date) -> date:
    """The first edition at least LISTING_LAG_DAYS after a first purchase (date.max: none)."""
    ready = first_procurement + timedelta(days=LISTING_LAG_DAYS)
    return next((v for v in VINTAGES if v >= ready), date.max)


def organization_type_of(buyer: CorporateBuyer) -> str:
    if buyer.sector == "Education":
        return COLLEGE
    if buyer.sector == "Health Care" and buyer.cik is None:
        return HEALTH_CARE
    return BUSINESS


def is_fortune_500(buyer: CorporateBuyer) -> bool:
    """The roster's public companies (listed, not a subsidiary) are this world's Fortune 500."""
    return bool(buyer.tickers) and buyer.parent_id is None


def gp_percent(rng: random.Random, mwh: int) -> int:
    return rng.randint(100, 112) if mwh >= MULTIPLE_PROVIDERS_MWH else rng.randint(8, 100)


def roster_partner(rng: random.Random, buyer: CorporateBuyer, base_id: str, prefix: str) -> Partner:
    """A roster buyer (or its replica) as a partner; `base_id` is the original's buyer_id."""
    mwh = buyer.annual_green_power_mwh
    providers = providers_for(rng, buyer.instrument, buyer.state, mwh)
    known = KNOWN_PROVIDERS.get(base_id)
    return Partner(
        key=buyer.buyer_id,
        name=buyer.epa_name or buyer.press_name,
        organization_type=organization_type_of(buyer),
        usage_mwh=mwh,
        growth=rng.uniform(*QUARTERLY_GROWTH),
        gp_percent=gp_percent(rng, mwh),
        providers=f"{prefix}{known}" if known else providers,
        resources=resources_for(rng, buyer.technology, buyer.instrument),
        listed_from=listing_from(buyer.first_procurement),
        fortune_500=is_fortune_500(buyer),
    )


def organization_partner(rng: random.Random, org: Organization, prefix: str) -> Partner:
    mwh = org.annual_green_power_mwh
    return Partner(
        key=org.key,
        name=f"{prefix}{org.epa_name}",
        organization_type=org.organization_type,
        usage_mwh=mwh,
        growth=rng.uniform(*QUARTERLY_GROWTH),
        gp_percent=gp_percent(rng, mwh),
        providers=providers_for(rng, org.instrument, org.state, mwh),
        resources=resources_for(rng, org.technology, org.instrument),
        listed_from=listing_from(org.first_procurement),
    )


# Background partners: names from word pools, usage drawn log-uniformly.
PLACE_WORDS = (
    "Aldergrove", "Bramblewood", "Cobalt Bay", "Driftwood", "Emberly", "Foxhollow", "Glenmere",
    "Hawthorne Ridge", "Ivory Lake", "Juniper Flats", "Kettle River", "Larchmont Hills",
    "Marigold", "Northgate", "Osprey Point", "Pinecrest", "Quarry Hill", "Rosewater",
    "Stonebridge", "Thistle Creek", "Upland", "Verdant Valley", "Westbrook", "Yarrow",
)  # fmt: skip
BUSINESS_FORMS = (
    "{place} Beverage Company", "{place} Industries", "{place} Financial Group",
    "{place} Logistics", "{place} Foods", "{place} Cold Chain", "{place} Textiles",
    "{place} Insurance Company", "{place} Bancorp", "{place} Brewing Co.",
)  # fmt: skip
HEALTH_FORMS = ("{place} Health Partners", "{place} Medical Center")
GOVERNMENT_FORMS = ("City of {place}", "County of {place}", "{place} Water District")
COLLEGE_FORMS = (
    "{place} University", "University of {place}", "{place} College",
    "{place} Institute of Technology", "{place} State University",
)  # fmt: skip
# (forms, organization type, how many, usage range in MWh)
BACKGROUND = (
    (BUSINESS_FORMS, BUSINESS, 52, (90_000, 2_600_000)),
    (HEALTH_FORMS, HEALTH_CARE, 6, (40_000, 400_000)),
    (GOVERNMENT_FORMS, LOCAL_GOVERNMENT, 12, (60_000, 900_000)),
    (COLLEGE_FORMS, COLLEGE, 30, (15_000, 260_000)),
)
LISTED_FROM_CHOICES = (date.min, date.min, date.min, VINTAGES[2], VINTAGES[4])


def log_uniform(rng: random.Random, low: int, high: int) -> int:
    return round(low * (high / low) ** rng.random())


class NameDraw:
    """Names from a list of forms and the place words, none drawn twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def take(self, forms: Sequence[str]) -> str:
        for _ in range(1000):
            name = self.rng.choice(forms).format(place=self.rng.choice(PLACE_WORDS))
            if name not in self.used:
                self.used.add(name)
                return name
        raise RuntimeError("the name pools are exhausted")


def background_partner(rng: random.Random, name: str, kind: str, usage: tuple[int, int]) -> Partner:
    mwh = log_uniform(rng, *usage)
    instrument = rng.choice(tuple(Instrument))
    return Partner(
        key=f"background:{name}",
        name=name,
        organization_type=kind,
        usage_mwh=mwh,
        growth=rng.uniform(*QUARTERLY_GROWTH),
        gp_percent=gp_percent(rng, mwh),
        providers=providers_for(rng, instrument, "", mwh),
        resources=resources_for(rng, rng.choice(("solar", "wind")), instrument),
        listed_from=rng.choice(LISTED_FROM_CHOICES),
    )


def background_partners(rng: random.Random, prefix: str) -> list[Partner]:
    """Businesses, health systems, local governments and colleges drawn at random; a few
    join during the editions."""
    names = NameDraw(rng)
    return [
        background_partner(rng, f"{prefix}{names.take(forms)}", kind, usage)
        for forms, kind, count, usage in BACKGROUND
        for _ in range(count)
    ]


def simulate_partners(scale: int = 1, seed: int = DEFAULT_SEED) -> list[Partner]:
    """Every partner of the simulated program, roster first, then the other organizations and
    the background; replicas (scale > 1) after the originals."""
    rng = random.Random(seed)
    partners = []
    for copy in range(scale):  # the order of buyers_at_scale: originals, then each copy
        prefix = f"{replica_prefix(copy)} " if copy else ""
        for buyer in BUYERS:
            copied = replicate(buyer, copy) if copy else buyer
            if copied.epa_name:
                partners.append(roster_partner(rng, copied, buyer.buyer_id, prefix))
    for copy in range(scale):
        prefix = f"{replica_prefix(copy)} " if copy else ""
        partners.extend(organization_partner(rng, org, prefix) for org in ORGANIZATIONS)
        partners.extend(background_partners(rng, prefix))
    return partners


# --- the lists --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListRow:
    rank: int
    partner: Partner
    usage_kwh: int


def on_list(partner: Partner, list_name: str) -> bool:
    if list_name == FORTUNE_500:
        return partner.fortune_500
    if list_name == TOP_30_COLLEGE:
        return partner.organization_type == COLLEGE
    return True


def list_rows(
    partners: Sequence[Partner], list_name: str, vintage: date, scale: int = 1
) -> list[ListRow]:
    """A list as it stood in an edition: its partners by usage, largest first, cut at the
    list's length (times the scale)."""
    used = [
        (usage, p)
        for p in partners
        if on_list(p, list_name) and (usage := p.usage_kwh(vintage)) is not None
    ]
    used.sort(key=lambda pair: (-pair[0], pair[1].name))
    size = LIST_SIZES[list_name]
    kept = used if size is None else used[: size * scale]
    return [ListRow(rank, p, usage) for rank, (usage, p) in enumerate(kept, start=1)]


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def list_workbook(rows: Sequence[ListRow], list_name: str, vintage: date) -> bytes:
    """The list's download: title rows, header, a row per partner, then footnotes."""
    created = published_at(vintage, PUBLISHED_AT)
    workbook, output = new_workbook(created, f"Green Power Partnership {list_name}", "EPA")
    sheet = workbook.add_worksheet(list_name[:31])
    bold = workbook.add_format({"bold": True})
    kwh = workbook.add_format({"num_format": "#,##0"})
    sheet.write_string(0, 0, f"Green Power Partnership {list_name}", bold)
    sheet.write_string(1, 0, f"Partner data current as of {long_date(vintage)}")
    sheet.write_string(2, 0, LIST_INTROS[list_name])
    write_cells(sheet, 4, HEADER)
    for line, row in enumerate(rows, start=5):
        partner = row.partner
        sheet.write_number(line, 0, row.rank)
        sheet.write_string(line, 1, partner.name)
        sheet.write_number(line, 2, row.usage_kwh, kwh)
        texts = (
            f"{partner.gp_percent}%",
            partner.organization_type,
            partner.providers,
            partner.resources,
        )
        for column, text in enumerate(texts, start=3):
            sheet.write_string(line, column, text)
    for offset, note in enumerate(FOOTNOTES, start=6 + len(rows)):
        sheet.write_string(offset, 0, note)
    workbook.close()
    return output.getvalue()


def download_path(list_name: str, vintage: date) -> str:
    """Where EPA keeps an edition's download: under the month it was uploaded."""
    return (
        f"/system/files/documents/{vintage:%Y-%m}/"
        f"{FILE_SLUGS[list_name]}_{vintage:%b}{vintage.year}.xlsx".lower()
    )


def list_page(list_name: str, vintage: date) -> bytes:
    """The list's epa.gov page: a method note (PDF) and the current download."""
    title = html.escape(f"Green Power Partnership {list_name}")
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<!-- {SYNTHETIC_NOTE} -->
<title>{title} | US EPA</title>
<script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body>
<header class="usa-header"><nav><a href="/greenpower">Green Power Partnership</a></nav></header>
<main id="main" class="main-content">
<h1 class="page-title">{title}</h1>
<p>{html.escape(LIST_INTROS[list_name])} The lists are updated quarterly.</p>
<p><a href="/system/files/documents/{vintage:%Y-%m}/gpp_top_partner_lists_methodology.pdf">Top
Partner Lists methodology (PDF)</a></p>
<p><a href="{download_path(list_name, vintage)}">Download the {html.escape(list_name)} list
(XLSX)</a> (updated {long_date(vintage)})</p>
</main>
<footer class="usa-footer"><p>Contact Us to ask a question about the Green Power Partnership.</p>
</footer>
</body>
</html>
""".encode()


def write_epa_gpp_partners_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write each edition's list pages and downloads and `responses.json`; return vintages."""
    partners = simulate_partners(scale, seed)
    responses = []
    for vintage in VINTAGES:
        published = published_at(vintage, PUBLISHED_AT)
        for partner_list in LISTS:
            name, page_url = partner_list.name, partner_list.page.public_url
            page = list_page(name, vintage)
            download = discover_download(page.decode(), page_url)
            if download is None:
                raise RuntimeError(f"the {name} page links no download")
            rows = list_rows(partners, name, vintage, scale)
            slug = FILE_SLUGS[name]
            responses.append(
                Recorded(vintage, page_url, f"pages/{vintage}/{slug}.html", page, HTML, published)
            )
            responses.append(
                Recorded(
                    vintage,
                    download,
                    f"files/{vintage}/{download.rsplit('/', 1)[-1]}",
                    list_workbook(rows, name, vintage),
                    XLSX,
                    published,
                )
            )
    return write_snapshot(source_dir, ("pages", "files"), responses)
