"""The corporate clean-energy buyers every synthetic procurement source draws from.

One roster, shared by the SEC EDGAR, EPA Green Power Partnership, RE100 and press-release
snapshots, so that linking one company across sources can be tested. Each buyer carries the
name it goes by in each source (None: the source does not list it), which is where entity
resolution gets exercised: "Meta Platforms, Inc." (EDGAR) vs "Meta" (RE100) vs
"META PLATFORMS INC" (an alias); "Alphabet Inc." with its subsidiary "Google LLC"; upper-case
EDGAR conformed names ("AMAZON COM INC") beside the brand ("Amazon").

`LOOKALIKES` are hard negatives: names that resemble a buyer but are someone else — the
developer selling the power ("Apex Clean Energy" vs the buyer "Apex Energy Solutions Inc."),
a project company named after its offtaker, an unrelated company sharing a word.

A buyer's `first_procurement` is its first clean-energy contract. Relative to `AS_OF`
(the latest snapshot vintage), buyers whose first contract falls within `NEW_ENTRANT_DAYS`
before it are new entrants; the rest are long-time buyers. A few well-known buyers appear
under their real names and SEC CIKs; everyone else is fictional.

`buyers_at_scale(scale)` adds deterministic replicas (prefixed names, shifted CIKs and
tickers) so that every writer scales the same companies the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

AS_OF = date(2026, 10, 1)
NEW_ENTRANT_DAYS = 365


class Instrument(StrEnum):
    """How a buyer procures clean energy (what a filing or partner list would call it)."""

    PHYSICAL_PPA = "physical PPA"
    VIRTUAL_PPA = "virtual PPA"
    GREEN_TARIFF = "green tariff"
    UNBUNDLED_RECS = "unbundled RECs"


@dataclass(frozen=True)
class FormerName:
    """A name the company filed under at EDGAR, and when (EDGAR `formerNames`)."""

    name: str
    used_from: date
    used_to: date


def name_in_use(current: str, former_names: tuple[FormerName, ...], day: date) -> str:
    """The name a company went by on `day`: a former name while it was in use, else `current`."""
    former = next((f for f in former_names if f.used_from <= day <= f.used_to), None)
    return former.name if former else current


def former_names_on(former_names: tuple[FormerName, ...], day: date) -> tuple[FormerName, ...]:
    """The former names EDGAR lists on `day`: those no longer in use by then."""
    return tuple(f for f in former_names if f.used_to < day)


@dataclass(frozen=True)
class CorporateBuyer:
    buyer_id: str  # stable slug; replicas get a "-<copy>" suffix
    sec_name: str | None  # EDGAR company name (submissions `name`, full-text display name)
    epa_name: str | None  # EPA Green Power Partnership partner name
    re100_name: str | None  # RE100 member name (None: not a member)
    press_name: str  # how press releases usually call it
    aliases: tuple[str, ...]  # other names seen in the wild (conformed, former, brand)
    cik: str | None  # 10-digit zero-padded SEC CIK (None: does not file with the SEC)
    tickers: tuple[str, ...]
    exchanges: tuple[str, ...]  # one per ticker
    state: str  # headquarters (business address) state
    state_of_incorporation: str | None
    sector: str
    sic: str | None
    sic_description: str | None
    first_procurement: date
    technology: str  # solar | wind | solar+storage | geothermal
    instrument: Instrument
    annual_green_power_mwh: int
    parent_id: str | None = None  # buyer_id of the parent, for subsidiaries that file on their own
    former_names: tuple[FormerName, ...] = ()
    re100_join_year: int | None = None
    # EDGAR filing profile: periodic reports (10-K, 10-Q) of its own, or combined with the
    # parent's (one accession listing both CIKs, as a REIT and its operating partnership do).
    periodic_reporter: bool = True
    files_with_parent: bool = False

    def names(self) -> tuple[str, ...]:
        """Every name the buyer goes by, once each, in a fixed order."""
        listed = (
            self.sec_name,
            self.epa_name,
            self.re100_name,
            self.press_name,
            *self.aliases,
            *(f.name for f in self.former_names),
        )
        return tuple(dict.fromkeys(n for n in listed if n))

    def sec_name_on(self, day: date) -> str | None:
        """The EDGAR name in effect on `day` (a former name, while it was in use)."""
        return name_in_use(self.sec_name, self.former_names, day) if self.sec_name else None

    def is_new_entrant(self, as_of: date = AS_OF) -> bool:
        return as_of - timedelta(days=NEW_ENTRANT_DAYS) < self.first_procurement <= as_of


@dataclass(frozen=True)
class LookalikeName:
    """A name that resembles a buyer's but belongs to someone else (must not be merged)."""

    name: str
    resembles: str  # buyer_id
    role: str  # developer | project company | unrelated company


NASDAQ, NYSE = "Nasdaq", "NYSE"

BUYERS: tuple[CorporateBuyer, ...] = (
    # --- well-known long-time buyers (real names and CIKs) ---------------------------------
    CorporateBuyer(
        buyer_id="meta-platforms",
        sec_name="Meta Platforms, Inc.",
        epa_name="Meta",
        re100_name="Meta",
        press_name="Meta",
        aliases=("META PLATFORMS INC", "Meta Platforms"),
        cik="0001326801",
        tickers=("META",),
        exchanges=(NASDAQ,),
        state="CA",
        state_of_incorporation="DE",
        sector="Technology",
        sic="7370",
        sic_description="Services-Computer Programming, Data Processing, Etc.",
        first_procurement=date(2013, 4, 22),
        technology="wind",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=14_900_000,
        former_names=(FormerName("Facebook Inc", date(2004, 8, 18), date(2021, 10, 28)),),
        re100_join_year=2015,
    ),
    CorporateBuyer(
        buyer_id="microsoft",
        sec_name="MICROSOFT CORP",
        epa_name="Microsoft Corporation",
        re100_name="Microsoft",
        press_name="Microsoft",
        aliases=("Microsoft Corp.",),
        cik="0000789019",
        tickers=("MSFT",),
        exchanges=(NASDAQ,),
        state="WA",
        state_of_incorporation="WA",
        sector="Technology",
        sic="7372",
        sic_description="Services-Prepackaged Software",
        first_procurement=date(2012, 11, 5),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=21_300_000,
        re100_join_year=2014,
    ),
    CorporateBuyer(
        buyer_id="amazon",
        sec_name="AMAZON COM INC",
        epa_name="Amazon",
        re100_name="Amazon",
        press_name="Amazon",
        aliases=("Amazon.com, Inc.", "Amazon Web Services"),
        cik="0001018724",
        tickers=("AMZN",),
        exchanges=(NASDAQ,),
        state="WA",
        state_of_incorporation="DE",
        sector="Retail",
        sic="5961",
        sic_description="Retail-Catalog & Mail-Order Houses",
        first_procurement=date(2015, 1, 20),
        technology="solar",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=26_800_000,
        re100_join_year=2019,
    ),
    CorporateBuyer(
        buyer_id="alphabet",
        sec_name="Alphabet Inc.",
        epa_name="Alphabet Inc.",
        re100_name="Google",
        press_name="Google",
        aliases=("ALPHABET INC", "Alphabet"),
        cik="0001652044",
        tickers=("GOOGL", "GOOG"),
        exchanges=(NASDAQ, NASDAQ),
        state="CA",
        state_of_incorporation="DE",
        sector="Technology",
        sic="7370",
        sic_description="Services-Computer Programming, Data Processing, Etc.",
        first_procurement=date(2010, 7, 20),
        technology="wind",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=18_400_000,
        re100_join_year=2015,
    ),
    CorporateBuyer(
        buyer_id="google",
        sec_name="Google LLC",
        epa_name="Google LLC",
        re100_name=None,
        press_name="Google",
        aliases=("Google Inc.", "GOOGLE LLC"),
        cik="0001288776",
        tickers=(),
        exchanges=(),
        state="CA",
        state_of_incorporation="DE",
        sector="Technology",
        sic="7370",
        sic_description="Services-Computer Programming, Data Processing, Etc.",
        first_procurement=date(2010, 7, 20),
        technology="wind",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=16_900_000,
        parent_id="alphabet",
        former_names=(FormerName("GOOGLE INC", date(2004, 4, 29), date(2017, 9, 1)),),
        periodic_reporter=False,
    ),
    CorporateBuyer(
        buyer_id="apple",
        sec_name="Apple Inc.",
        epa_name="Apple Inc.",
        re100_name="Apple",
        press_name="Apple",
        aliases=("APPLE INC",),
        cik="0000320193",
        tickers=("AAPL",),
        exchanges=(NASDAQ,),
        state="CA",
        state_of_incorporation="CA",
        sector="Technology",
        sic="3571",
        sic_description="Electronic Computers",
        first_procurement=date(2014, 2, 10),
        technology="solar",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=3_100_000,
        former_names=(FormerName("APPLE COMPUTER INC", date(1994, 1, 26), date(2007, 1, 4)),),
        re100_join_year=2016,
    ),
    CorporateBuyer(
        buyer_id="walmart",
        sec_name="Walmart Inc.",
        epa_name="Walmart Inc.",
        re100_name="Walmart",
        press_name="Walmart",
        aliases=("WALMART INC", "Wal-Mart"),
        cik="0000104169",
        tickers=("WMT",),
        exchanges=(NASDAQ,),
        state="AR",
        state_of_incorporation="DE",
        sector="Retail",
        sic="5331",
        sic_description="Retail-Variety Stores",
        first_procurement=date(2011, 3, 14),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=9_200_000,
        former_names=(FormerName("WAL MART STORES INC", date(1994, 4, 19), date(2018, 2, 1)),),
        re100_join_year=2016,
    ),
    CorporateBuyer(
        buyer_id="intel",
        sec_name="INTEL CORP",
        epa_name="Intel Corporation",
        re100_name=None,
        press_name="Intel",
        aliases=("Intel Corp.",),
        cik="0000050863",
        tickers=("INTC",),
        exchanges=(NASDAQ,),
        state="CA",
        state_of_incorporation="DE",
        sector="Technology",
        sic="3674",
        sic_description="Semiconductors & Related Devices",
        first_procurement=date(2008, 1, 28),
        technology="solar",
        instrument=Instrument.UNBUNDLED_RECS,
        annual_green_power_mwh=8_700_000,
    ),
    CorporateBuyer(
        buyer_id="general-motors",
        sec_name="GENERAL MOTORS CO",
        epa_name="General Motors Company",
        re100_name="General Motors",
        press_name="GM",
        aliases=("General Motors",),
        cik="0001467858",
        tickers=("GM",),
        exchanges=(NYSE,),
        state="MI",
        state_of_incorporation="DE",
        sector="Automotive",
        sic="3711",
        sic_description="Motor Vehicles & Passenger Car Bodies",
        first_procurement=date(2016, 9, 13),
        technology="wind",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=2_600_000,
        re100_join_year=2016,
    ),
    CorporateBuyer(
        buyer_id="johnson-johnson",
        sec_name="JOHNSON & JOHNSON",
        epa_name="Johnson & Johnson",
        re100_name="Johnson & Johnson",
        press_name="Johnson & Johnson",
        aliases=("J&J", "Johnson and Johnson"),
        cik="0000200406",
        tickers=("JNJ",),
        exchanges=(NYSE,),
        state="NJ",
        state_of_incorporation="NJ",
        sector="Health Care",
        sic="2834",
        sic_description="Pharmaceutical Preparations",
        first_procurement=date(2017, 6, 1),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=1_100_000,
        re100_join_year=2016,
    ),
    CorporateBuyer(
        buyer_id="salesforce",
        sec_name="Salesforce, Inc.",
        epa_name="Salesforce",
        re100_name="Salesforce",
        press_name="Salesforce",
        aliases=("SALESFORCE INC",),
        cik="0001108524",
        tickers=("CRM",),
        exchanges=(NYSE,),
        state="CA",
        state_of_incorporation="DE",
        sector="Technology",
        sic="7372",
        sic_description="Services-Prepackaged Software",
        first_procurement=date(2015, 10, 14),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=650_000,
        former_names=(FormerName("SALESFORCE COM INC", date(1999, 12, 1), date(2022, 4, 1)),),
        re100_join_year=2015,
    ),
    CorporateBuyer(
        buyer_id="target",
        sec_name="TARGET CORP",
        epa_name="Target Corporation",
        re100_name=None,
        press_name="Target",
        aliases=("Target Corp.",),
        cik="0000027419",
        tickers=("TGT",),
        exchanges=(NYSE,),
        state="MN",
        state_of_incorporation="MN",
        sector="Retail",
        sic="5331",
        sic_description="Retail-Variety Stores",
        first_procurement=date(2017, 9, 12),
        technology="solar",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=1_900_000,
        former_names=(FormerName("DAYTON HUDSON CORP", date(1994, 3, 1), date(2000, 1, 31)),),
    ),
    CorporateBuyer(
        buyer_id="equinix",
        sec_name="EQUINIX INC",
        epa_name="Equinix, Inc.",
        re100_name="Equinix",
        press_name="Equinix",
        aliases=("Equinix, Inc.",),
        cik="0001101239",
        tickers=("EQIX",),
        exchanges=(NASDAQ,),
        state="CA",
        state_of_incorporation="MD",
        sector="Real Estate",
        sic="6798",
        sic_description="Real Estate Investment Trusts",
        first_procurement=date(2015, 12, 8),
        technology="solar",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=5_400_000,
        re100_join_year=2015,
    ),
    CorporateBuyer(
        buyer_id="digital-realty",
        sec_name="DIGITAL REALTY TRUST, INC.",
        epa_name="Digital Realty",
        re100_name="Digital Realty",
        press_name="Digital Realty",
        aliases=("Digital Realty Trust",),
        cik="0001297996",
        tickers=("DLR", "DLR-PJ", "DLR-PK", "DLR-PL"),
        exchanges=(NYSE, NYSE, NYSE, NYSE),
        state="TX",
        state_of_incorporation="MD",
        sector="Real Estate",
        sic="6798",
        sic_description="Real Estate Investment Trusts",
        first_procurement=date(2016, 11, 2),
        technology="wind",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=3_800_000,
        re100_join_year=2017,
    ),
    CorporateBuyer(
        buyer_id="mars",
        sec_name=None,
        epa_name="Mars, Incorporated",
        re100_name="Mars",
        press_name="Mars",
        aliases=("Mars Inc.",),
        cik=None,
        tickers=(),
        exchanges=(),
        state="VA",
        state_of_incorporation=None,
        sector="Consumer Goods",
        sic=None,
        sic_description=None,
        first_procurement=date(2014, 11, 6),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=1_400_000,
        re100_join_year=2014,
    ),
    # --- fictional long-time buyers -----------------------------------------------------------
    CorporateBuyer(
        buyer_id="harbor-point-holdings",
        sec_name="Harbor Point Holdings, Inc.",
        epa_name="Harbor Point Holdings",
        re100_name="Harbor Point",
        press_name="Harbor Point Holdings",
        aliases=("HARBOR POINT HOLDINGS INC",),
        cik="0001735520",
        tickers=("HPHI",),
        exchanges=(NYSE,),
        state="MA",
        state_of_incorporation="DE",
        sector="Real Estate",
        sic="6798",
        sic_description="Real Estate Investment Trusts",
        first_procurement=date(2019, 5, 14),
        technology="solar",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=420_000,
        re100_join_year=2020,
    ),
    CorporateBuyer(
        buyer_id="harbor-point-data-centers",
        sec_name="Harbor Point Data Centers LLC",
        epa_name="Harbor Point Data Centers",
        re100_name=None,
        press_name="Harbor Point Data Centers",
        aliases=("HARBOR POINT DATA CENTERS LLC",),
        cik="0001741187",
        tickers=(),
        exchanges=(),
        state="VA",
        state_of_incorporation="DE",
        sector="Real Estate",
        sic="6798",
        sic_description="Real Estate Investment Trusts",
        first_procurement=date(2021, 3, 9),
        technology="solar+storage",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=610_000,
        parent_id="harbor-point-holdings",
        files_with_parent=True,
    ),
    CorporateBuyer(
        buyer_id="northwind-foods",
        sec_name="Northwind Foods Inc.",
        epa_name="Northwind Foods",
        re100_name="Northwind Foods",
        press_name="Northwind Foods",
        aliases=("NORTHWIND FOODS INC",),
        cik="0000912744",
        tickers=("NWFD",),
        exchanges=(NYSE,),
        state="IL",
        state_of_incorporation="DE",
        sector="Consumer Goods",
        sic="2000",
        sic_description="Food and Kindred Products",
        first_procurement=date(2018, 8, 21),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=380_000,
        former_names=(FormerName("NORTHWIND GROCERS INC", date(1996, 2, 12), date(2012, 6, 30)),),
        re100_join_year=2019,
    ),
    CorporateBuyer(
        buyer_id="granite-peak-materials",
        sec_name="Granite Peak Materials Corp.",
        epa_name="Granite Peak Materials Corporation",
        re100_name=None,
        press_name="Granite Peak Materials",
        aliases=("GRANITE PEAK MATERIALS CORP",),
        cik="0001458302",
        tickers=("GPMC",),
        exchanges=(NYSE,),
        state="CO",
        state_of_incorporation="DE",
        sector="Materials",
        sic="3241",
        sic_description="Cement, Hydraulic",
        first_procurement=date(2020, 10, 6),
        technology="solar",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=290_000,
    ),
    CorporateBuyer(
        buyer_id="bluebonnet-semiconductor",
        sec_name="Bluebonnet Semiconductor Inc.",
        epa_name="Bluebonnet Semiconductor",
        re100_name="Bluebonnet Semiconductor",
        press_name="Bluebonnet Semiconductor",
        aliases=("BLUEBONNET SEMICONDUCTOR INC", "Bluebonnet Semi"),
        cik="0001620413",
        tickers=("BBSC",),
        exchanges=(NASDAQ,),
        state="TX",
        state_of_incorporation="DE",
        sector="Technology",
        sic="3674",
        sic_description="Semiconductors & Related Devices",
        first_procurement=date(2021, 7, 27),
        technology="solar",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=510_000,
        re100_join_year=2021,
    ),
    CorporateBuyer(
        buyer_id="meridian-regional-health",
        sec_name=None,
        epa_name="Meridian Regional Health System",
        re100_name=None,
        press_name="Meridian Regional Health",
        aliases=("Meridian Health",),
        cik=None,
        tickers=(),
        exchanges=(),
        state="OH",
        state_of_incorporation=None,
        sector="Health Care",
        sic=None,
        sic_description=None,
        first_procurement=date(2017, 4, 18),
        technology="wind",
        instrument=Instrument.GREEN_TARIFF,
        annual_green_power_mwh=160_000,
    ),
    CorporateBuyer(
        buyer_id="sterling-paper",
        sec_name="Sterling Paper Products Co.",
        epa_name="Sterling Paper Products Company",
        re100_name=None,
        press_name="Sterling Paper",
        aliases=("STERLING PAPER PRODUCTS CO",),
        cik="0000874016",
        tickers=("SPPC",),
        exchanges=(NYSE,),
        state="WI",
        state_of_incorporation="WI",
        sector="Materials",
        sic="2621",
        sic_description="Paper Mills",
        first_procurement=date(2016, 3, 29),
        technology="wind",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=340_000,
        former_names=(
            FormerName("STERLING PULP & PAPER CO", date(1993, 5, 3), date(2009, 11, 16)),
        ),
    ),
    CorporateBuyer(
        buyer_id="orchard-lane-retail",
        sec_name="Orchard Lane Retail, Inc.",
        epa_name="Orchard Lane Retail",
        re100_name="Orchard Lane",
        press_name="Orchard Lane",
        aliases=("ORCHARD LANE RETAIL INC",),
        cik="0001522871",
        tickers=("OLRI",),
        exchanges=(NASDAQ,),
        state="GA",
        state_of_incorporation="DE",
        sector="Retail",
        sic="5651",
        sic_description="Retail-Family Clothing Stores",
        first_procurement=date(2019, 9, 10),
        technology="solar",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=230_000,
        re100_join_year=2020,
    ),
    CorporateBuyer(
        buyer_id="pacific-crest-software",
        sec_name="Pacific Crest Software Corp.",
        epa_name="Pacific Crest Software",
        re100_name="Pacific Crest Software",
        press_name="Pacific Crest",
        aliases=("PACIFIC CREST SOFTWARE CORP",),
        cik="0001803359",
        tickers=("PCSW",),
        exchanges=(NASDAQ,),
        state="WA",
        state_of_incorporation="DE",
        sector="Technology",
        sic="7372",
        sic_description="Services-Prepackaged Software",
        first_procurement=date(2022, 2, 15),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=120_000,
        re100_join_year=2022,
    ),
    CorporateBuyer(
        buyer_id="copperline-telecom",
        sec_name="Copperline Telecom Inc.",
        epa_name="Copperline Telecom",
        re100_name=None,
        press_name="Copperline",
        aliases=("COPPERLINE TELECOM INC",),
        cik="0001377490",
        tickers=("CPLT",),
        exchanges=(NYSE,),
        state="MO",
        state_of_incorporation="DE",
        sector="Telecommunications",
        sic="4813",
        sic_description="Telephone Communications (No Radiotelephone)",
        first_procurement=date(2020, 6, 23),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=450_000,
        # renamed within the snapshot window: EDGAR shows the old name in earlier vintages
        former_names=(
            FormerName("COPPERLINE COMMUNICATIONS CORP", date(2006, 5, 1), date(2026, 2, 17)),
        ),
    ),
    CorporateBuyer(
        buyer_id="evergreen-state-university",
        sec_name=None,
        epa_name="Evergreen State University System",
        re100_name=None,
        press_name="Evergreen State University",
        aliases=("ESU System",),
        cik=None,
        tickers=(),
        exchanges=(),
        state="OR",
        state_of_incorporation=None,
        sector="Education",
        sic=None,
        sic_description=None,
        first_procurement=date(2015, 9, 1),
        technology="solar",
        instrument=Instrument.UNBUNDLED_RECS,
        annual_green_power_mwh=95_000,
    ),
    CorporateBuyer(
        buyer_id="summit-outdoor-brands",
        sec_name="Summit Outdoor Brands, Inc.",
        epa_name="Summit Outdoor Brands",
        re100_name="Summit Outdoor Brands",
        press_name="Summit Outdoor",
        aliases=("SUMMIT OUTDOOR BRANDS INC",),
        cik="0001690021",
        tickers=("SOBI",),
        exchanges=(NYSE,),
        state="UT",
        state_of_incorporation="DE",
        sector="Consumer Goods",
        sic="3949",
        sic_description="Sporting & Athletic Goods, NEC",
        first_procurement=date(2023, 4, 11),
        technology="solar",
        instrument=Instrument.GREEN_TARIFF,
        annual_green_power_mwh=45_000,
        re100_join_year=2023,
    ),
    CorporateBuyer(
        buyer_id="atlas-automotive",
        sec_name="Atlas Automotive Group, Inc.",
        epa_name="Atlas Automotive Group",
        re100_name=None,
        press_name="Atlas Automotive",
        aliases=("ATLAS AUTOMOTIVE GROUP INC",),
        cik="0001594736",
        tickers=("AAGI",),
        exchanges=(NYSE,),
        state="MI",
        state_of_incorporation="DE",
        sector="Automotive",
        sic="3714",
        sic_description="Motor Vehicle Parts & Accessories",
        first_procurement=date(2021, 11, 30),
        technology="wind",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=310_000,
    ),
    # --- fictional new entrants (first contract within a year before AS_OF) -------------------
    CorporateBuyer(
        buyer_id="brightwater-logistics",
        sec_name="Brightwater Logistics, Inc.",
        epa_name="Brightwater Logistics",
        re100_name=None,
        press_name="Brightwater Logistics",
        aliases=("BRIGHTWATER LOGISTICS INC",),
        cik="0001854420",
        tickers=("BWLX",),
        exchanges=(NASDAQ,),
        state="TN",
        state_of_incorporation="DE",
        sector="Transportation",
        sic="4213",
        sic_description="Trucking (No Local)",
        first_procurement=date(2025, 11, 18),
        technology="solar",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=62_000,
    ),
    CorporateBuyer(
        buyer_id="keystone-cold-storage",
        sec_name="Keystone Cold Storage Corp.",
        epa_name="Keystone Cold Storage",
        re100_name=None,
        press_name="Keystone Cold Storage",
        aliases=("KEYSTONE COLD STORAGE CORP",),
        cik="0001867305",
        tickers=("KCSC",),
        exchanges=(NYSE,),
        state="PA",
        state_of_incorporation="PA",
        sector="Real Estate",
        sic="4222",
        sic_description="Refrigerated Warehousing & Storage",
        first_procurement=date(2026, 1, 20),
        technology="wind",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=88_000,
    ),
    CorporateBuyer(
        buyer_id="halcyon-semiconductor",
        sec_name="Halcyon Semiconductor, Inc.",
        epa_name="Halcyon Semiconductor",
        re100_name="Halcyon Semiconductor",
        press_name="Halcyon Semiconductor",
        aliases=("HALCYON SEMICONDUCTOR INC", "Halcyon Semi"),
        cik="0001889012",
        tickers=("HSMI",),
        exchanges=(NASDAQ,),
        state="AZ",
        state_of_incorporation="DE",
        sector="Technology",
        sic="3674",
        sic_description="Semiconductors & Related Devices",
        first_procurement=date(2026, 2, 24),
        technology="solar+storage",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=240_000,
        re100_join_year=2026,
    ),
    CorporateBuyer(
        buyer_id="redfern-pharmaceuticals",
        sec_name="Redfern Pharmaceuticals, Inc.",
        epa_name="Redfern Pharmaceuticals",
        re100_name=None,
        press_name="Redfern Pharma",
        aliases=("REDFERN PHARMACEUTICALS INC",),
        cik="0001702268",
        tickers=("RFPH",),
        exchanges=(NASDAQ,),
        state="NJ",
        state_of_incorporation="DE",
        sector="Health Care",
        sic="2834",
        sic_description="Pharmaceutical Preparations",
        first_procurement=date(2026, 3, 10),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=54_000,
        former_names=(FormerName("REDFERN THERAPEUTICS INC", date(2017, 3, 2), date(2023, 8, 15)),),
    ),
    CorporateBuyer(
        buyer_id="cascade-timber",
        sec_name="Cascade Timber Holdings (USA) Inc.",
        epa_name="Cascade Timber Holdings",
        re100_name=None,
        press_name="Cascade Timber",
        aliases=("CASCADE TIMBER HOLDINGS USA INC",),
        cik="0001635507",
        tickers=("CTHU",),
        exchanges=(NYSE,),
        state="OR",
        state_of_incorporation="DE",
        sector="Materials",
        sic="2421",
        sic_description="Sawmills & Planting Mills, General",
        first_procurement=date(2026, 4, 14),
        technology="wind",
        instrument=Instrument.GREEN_TARIFF,
        annual_green_power_mwh=71_000,
    ),
    CorporateBuyer(
        buyer_id="apex-energy-solutions",
        sec_name="Apex Energy Solutions Inc.",
        epa_name="Apex Energy Solutions",
        re100_name=None,
        press_name="Apex Energy Solutions",
        aliases=("APEX ENERGY SOLUTIONS INC",),
        cik="0001911834",
        tickers=("APXS",),
        exchanges=(NASDAQ,),
        state="TX",
        state_of_incorporation="NV",
        sector="Industrials",
        sic="3690",
        sic_description="Miscellaneous Electrical Machinery, Equipment & Supplies",
        first_procurement=date(2026, 5, 12),
        technology="solar",
        instrument=Instrument.PHYSICAL_PPA,
        annual_green_power_mwh=38_000,
    ),
    CorporateBuyer(
        buyer_id="juniper-crest-hospitality",
        sec_name="Juniper Crest Hospitality, Inc.",
        epa_name="Juniper Crest Hospitality",
        re100_name=None,
        press_name="Juniper Crest",
        aliases=("JUNIPER CREST HOSPITALITY INC", "Juniper Crest Hotels"),
        cik="0001926650",
        tickers=("JCHI",),
        exchanges=(NYSE,),
        state="FL",
        state_of_incorporation="MD",
        sector="Hospitality",
        sic="7011",
        sic_description="Hotels & Motels",
        first_procurement=date(2026, 6, 2),
        technology="solar",
        instrument=Instrument.UNBUNDLED_RECS,
        annual_green_power_mwh=27_000,
    ),
    CorporateBuyer(
        buyer_id="northfield-data-centers",
        sec_name="Northfield Data Centers, Inc.",
        epa_name="Northfield Data Centers",
        re100_name="Northfield Data Centers",
        press_name="Northfield Data Centers",
        aliases=("NORTHFIELD DATA CENTERS INC", "Northfield DC"),
        cik="0001940218",
        tickers=("NFDC",),
        exchanges=(NASDAQ,),
        state="VA",
        state_of_incorporation="DE",
        sector="Real Estate",
        sic="6798",
        sic_description="Real Estate Investment Trusts",
        first_procurement=date(2026, 7, 21),
        technology="solar+storage",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=330_000,
        re100_join_year=2026,
    ),
    CorporateBuyer(
        buyer_id="ridgeline-polymers",
        sec_name="Ridgeline Polymers Corp.",
        epa_name="Ridgeline Polymers Corporation",
        re100_name=None,
        press_name="Ridgeline Polymers",
        aliases=("RIDGELINE POLYMERS CORP",),
        cik="0001957741",
        tickers=("RDGP",),
        exchanges=(NYSE,),
        state="OH",
        state_of_incorporation="OH",
        sector="Materials",
        sic="2821",
        sic_description="Plastic Materials, Synth Resins & Nonvulcan Elastomers",
        first_procurement=date(2026, 8, 25),
        technology="wind",
        instrument=Instrument.VIRTUAL_PPA,
        annual_green_power_mwh=96_000,
    ),
    CorporateBuyer(
        buyer_id="sequoia-foods",
        sec_name=None,
        epa_name="Sequoia Foods Co.",
        re100_name=None,
        press_name="Sequoia Foods",
        aliases=("Sequoia Foods Company",),
        cik=None,
        tickers=(),
        exchanges=(),
        state="CA",
        state_of_incorporation=None,
        sector="Consumer Goods",
        sic=None,
        sic_description=None,
        first_procurement=date(2026, 9, 15),
        technology="solar",
        instrument=Instrument.GREEN_TARIFF,
        annual_green_power_mwh=18_000,
    ),
)

LOOKALIKES: tuple[LookalikeName, ...] = (
    LookalikeName("Apex Clean Energy", "apex-energy-solutions", "developer"),
    LookalikeName("Northwind Solar Partners LLC", "northwind-foods", "developer"),
    LookalikeName("Harbor Point Energy Storage LLC", "harbor-point-holdings", "project company"),
    LookalikeName("Granite Peak Wind LLC", "granite-peak-materials", "project company"),
    LookalikeName("Orchard Lane Solar Farm LLC", "orchard-lane-retail", "project company"),
    LookalikeName("Metaform Industries LLC", "meta-platforms", "unrelated company"),
    LookalikeName("Target Logistics Solar Holdings", "target", "unrelated company"),
    LookalikeName("Sterling Renewables Group", "sterling-paper", "developer"),
    LookalikeName("Cascade Wind Power LLC", "cascade-timber", "project company"),
)

# Replica k of a buyer (scale > 1) is named "<word> <name>"; words cycle, then get a number.
REPLICA_WORDS = ("Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Hazel", "Juniper")
REPLICA_CIK_STEP = 10_000_000  # originals are below it; 10 digits up to copy 999


def replica_prefix(copy: int) -> str:
    word = REPLICA_WORDS[(copy - 1) % len(REPLICA_WORDS)]
    cycle = (copy - 1) // len(REPLICA_WORDS)
    return f"{word}{cycle + 1}" if cycle else word


def prefixed_name(name: str, prefix: str) -> str:
    """A replica's name; upper-case names (EDGAR conformed style) get an upper-case prefix."""
    return f"{prefix.upper() if name.isupper() else prefix} {name}"


def _prefixed_or_none(name: str | None, prefix: str) -> str | None:
    return None if name is None else prefixed_name(name, prefix)


def replica_cik(cik: str, copy: int) -> str:
    return f"{int(cik) + copy * REPLICA_CIK_STEP:010d}"


def replicate(buyer: CorporateBuyer, copy: int) -> CorporateBuyer:
    """Copy `copy` (1, 2, …) of a buyer: every name prefixed the same way, CIK and tickers
    shifted, so replicas resolve among themselves exactly as the originals do."""
    prefix = replica_prefix(copy)
    return replace(
        buyer,
        buyer_id=f"{buyer.buyer_id}-{copy}",
        sec_name=_prefixed_or_none(buyer.sec_name, prefix),
        epa_name=_prefixed_or_none(buyer.epa_name, prefix),
        re100_name=_prefixed_or_none(buyer.re100_name, prefix),
        press_name=prefixed_name(buyer.press_name, prefix),
        aliases=tuple(prefixed_name(a, prefix) for a in buyer.aliases),
        cik=replica_cik(buyer.cik, copy) if buyer.cik else None,
        tickers=tuple(f"{t}{copy}" for t in buyer.tickers),
        parent_id=f"{buyer.parent_id}-{copy}" if buyer.parent_id else None,
        former_names=tuple(
            replace(f, name=prefixed_name(f.name, prefix)) for f in buyer.former_names
        ),
    )


def buyers_at_scale(scale: int = 1) -> tuple[CorporateBuyer, ...]:
    """The roster, plus `scale - 1` replicas of every buyer (scale 1: the roster itself)."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    replicas = tuple(replicate(b, copy) for copy in range(1, scale) for b in BUYERS)
    return BUYERS + replicas


def buyer_by_id(buyer_id: str, buyers: tuple[CorporateBuyer, ...] = BUYERS) -> CorporateBuyer:
    for buyer in buyers:
        if buyer.buyer_id == buyer_id:
            return buyer
    raise KeyError(f"no corporate buyer {buyer_id!r}")


def sec_filers(buyers: tuple[CorporateBuyer, ...] = BUYERS) -> tuple[CorporateBuyer, ...]:
    """The buyers that file with the SEC (they have a CIK and an EDGAR name)."""
    return tuple(b for b in buyers if b.cik is not None and b.sec_name is not None)


def new_entrants(
    buyers: tuple[CorporateBuyer, ...] = BUYERS, as_of: date = AS_OF
) -> tuple[CorporateBuyer, ...]:
    return tuple(b for b in buyers if b.is_new_entrant(as_of))
