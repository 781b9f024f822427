"""Synthetic Ohio Power Siting Board case pages: three monthly copies, in the page's layout.

The page (`lib/sources/oh_opsb_cases.py`) holds a `Solar Facilities` table, a `Wind Farms`
table and a `County Restricted Areas` table of SB 52 county resolutions. About 25 cases, each
a timeline of dated status events (the ORES writer's timelines and page helpers); a copy of
the page shows each case's latest event on or before its date. Across the copies:

- a pending solar case in Hardin County is denied (the board's denial), and one in Van Wert
  County is withdrawn; pending cases are approved, with or without conditions;
- a pre-application case files its application; new pre-application cases appear;
- Champaign County adopts a restricted area in the second copy and Van Wert County in the
  third; Hardin County's was adopted before, and Logan County's was rejected by voters.

The solar and wind plants of the simulated EIA fleet in Ohio are cases too (the EIA Entity Name
as applicant, the plant's county), their status following the plant's EIA status: a plant
EIA lists as canceled is a withdrawn case. Everything is a pure function of (scale, seed).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from maestro_assets.lib.sources.oh_opsb_cases import (
    DOCKET_URL,
    PAGE_REQUEST,
    REJECTED_BY_VOTERS,
    UPDATED_LABEL,
)
from maestro_assets.lib.synthetic.ny_ores_permits import (
    Cell,
    Event,
    NamePool,
    Step,
    event_days,
    latest,
    long_date,
    page_html,
    prior,
    table_html,
    us_date,
    write_monthly_pages,
)
from maestro_assets.lib.synthetic.queue_fleet import (
    FleetPlant,
    capacity_near,
    fleet_plants,
    numbered,
    random_day,
)

DEFAULT_SEED = 9402
VINTAGES = (date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31))
FIRST_FILING = date(2017, 1, 1)
RECENT_FILING = date(2025, 6, 1)  # cases still before their application opened since then
UNDER_REVIEW_SINCE = date(2022, 6, 1)  # cases pending now opened since then
SB52_EFFECTIVE = date(2021, 10, 11)
SB52_PARTIAL_FROM = date(2021, 7, 1)  # filed since then: partially grandfathered

PRE, PENDING = "Pre-application", "Pending"
APPROVED, CONDITIONS = "Approved", "Approved with conditions"
DENIED, WITHDRAWN = "Denied", "Withdrawn"
DECIDED = (APPROVED, CONDITIONS, DENIED, WITHDRAWN)
SOLAR, WIND = "Solar", "Wind"

COUNTY_TOWNSHIPS = {  # the fleet's Ohio counties first
    "Hardin": ("Cessna", "Dudley", "Goshen", "Lynn", "McDonald", "Pleasant", "Roundhead"),
    "Champaign": ("Goshen", "Union", "Rush", "Wayne", "Salem", "Urbana"),
    "Van Wert": ("Hoaglin", "Jennings", "Tully", "Union", "York", "Ridge"),
    "Lawrence": ("Aid", "Decatur", "Windsor"),
    "Clermont": ("Franklin", "Washington", "Monroe"),
    "Madison": ("Deercreek", "Canaan", "Monroe", "Range"),
    "Logan": ("Bokescreek", "Rushcreek", "Perry"),
    "Union": ("Allen", "Taylor", "York"),
    "Fayette": ("Paint", "Wayne", "Concord"),
    "Clark": ("Madison", "Harmony", "Pleasant"),
    "Preble": ("Israel", "Gasper", "Dixon"),
    "Crawford": ("Auburn", "Cranberry", "Chatfield"),
    "Richland": ("Plymouth", "Butler", "Blooming Grove"),
}  # fmt: skip
NAME_CORES = (
    "Scioto Trail", "Mad River", "Big Darby", "Paint Creek", "Stillwater", "Blanchard River",
    "Auglaize", "Tymochtee", "Killbuck", "Sugar Run", "Deer Creek", "Kokosing", "Walhonding",
    "Rattlesnake Creek", "Honey Creek", "Little Miami", "Olentangy", "Bokes Creek",
    "Twin Valley", "Buck Run", "Clear Creek", "Lost Creek", "Cherry Fork", "Owl Creek",
)  # fmt: skip
SUFFIXES = {SOLAR: ("Solar", "Solar Project", "Solar Energy Center"), WIND: ("Wind Farm",)}
APPLICANT_WORD = {SOLAR: "Solar", WIND: "Wind"}
CAPACITY_MW = {SOLAR: (50.0, 400.0), WIND: (50.0, 300.0)}
EIA_TYPES = {"Solar Photovoltaic": SOLAR, "Onshore Wind Turbine": WIND}
FLEET_SINCE = date(2017, 1, 1)


@dataclass(frozen=True)
class Case:
    number: str
    project: str
    applicant: str
    county: str
    townships: tuple[str, ...]
    technology: str
    mw: float
    role: str
    events: tuple[Event, ...]
    eia_plant_id: int | None = None

    def status_on(self, day: date) -> str | None:
        event = latest(self.events, day)
        return None if event is None else event.status

    @property
    def filed(self) -> date:
        return self.events[0].day

    def sb52(self) -> tuple[str, str]:
        """(SB 52 status, ad hoc members) by the day the case was opened."""
        if self.filed < SB52_PARTIAL_FROM:
            return "Grandfathered", "No"
        if self.filed < SB52_EFFECTIVE:
            return "Partially grandfathered", "Yes"
        return "Not grandfathered", "Yes"

    def row(self, day: date) -> list[Cell]:
        status = self.status_on(day)
        applied = next((e.day for e in self.events if e.status == PENDING and e.day <= day), None)
        decided = latest(self.events, day).day if status in DECIDED else None
        return [
            (self.number, DOCKET_URL.format(case=self.number)),
            self.project,
            self.applicant,
            self.county,
            list(self.townships),
            f"{self.mw:g}",
            status,
            us_date(applied),
            us_date(decided),
            *self.sb52(),
        ]


@dataclass(frozen=True)
class Script:
    role: str
    steps: tuple[Step, ...]
    count: int = 1
    county: str | None = None
    technology: str = SOLAR
    since: date = FIRST_FILING
    purpose: str = "BGN"  # BGA: an amendment


SCRIPTS = (
    Script("approved", prior(PRE, PENDING, APPROVED), count=2),
    Script("approved", prior(PRE, PENDING, CONDITIONS), count=2),
    Script("approved", prior(PRE, PENDING, CONDITIONS), technology=WIND),
    Script("denied_before", prior(PRE, PENDING, DENIED), technology=WIND, county="Crawford"),
    Script("pre", prior(PRE), count=2, since=RECENT_FILING),
    Script("files", (*prior(PRE), Step(PENDING, 1)), since=RECENT_FILING),
    Script("pending", prior(PRE, PENDING), count=4, since=UNDER_REVIEW_SINCE),
    Script("pending", prior(PRE, PENDING), count=2, technology=WIND, since=UNDER_REVIEW_SINCE),
    Script("approved_now", (*prior(PRE, PENDING), Step(CONDITIONS, 1)), since=UNDER_REVIEW_SINCE),
    Script("approved_last", (*prior(PRE, PENDING), Step(APPROVED, 2)), since=UNDER_REVIEW_SINCE),
    Script(
        "denied",
        (*prior(PRE, PENDING), Step(DENIED, 2)),
        county="Hardin",
        since=UNDER_REVIEW_SINCE,
    ),
    Script(
        "withdrawn",
        (*prior(PRE, PENDING), Step(WITHDRAWN, 2)),
        county="Van Wert",
        since=UNDER_REVIEW_SINCE,
    ),
    Script("new", (Step(PRE, 1),)),
    Script("new", (Step(PRE, 2),), technology=WIND),
    Script("old_withdrawn", prior(PRE, WITHDRAWN), since=date(2018, 1, 1)),
    Script("amendment", prior(PENDING), since=RECENT_FILING, purpose="BGA"),
)
# A fleet plant's EIA status at the first copy -> its case's steps.
EIA_STEPS = {
    "P": prior(PRE),
    "L": prior(PRE, PENDING),
    **{s: prior(PRE, PENDING, CONDITIONS) for s in ("T", "U", "V", "TS", "OP")},
    "CN": prior(PRE, PENDING, WITHDRAWN),
}


class CaseBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._sequences: set[int] = set()
        self.names = NamePool(NAME_CORES, rng)

    def number(self, opened: date, purpose: str = "BGN") -> str:
        sequence = numbered(self.rng, self._sequences, 1, 1999)
        return f"{opened.year % 100:02d}-{sequence:04d}-EL-{purpose}"

    def townships(self, county: str) -> tuple[str, ...]:
        return tuple(sorted(self.rng.sample(COUNTY_TOWNSHIPS[county], self.rng.randint(1, 3))))

    def scripted(self, script: Script) -> Case:
        rng = self.rng
        county = script.county or rng.choice(tuple(COUNTY_TOWNSHIPS))
        core = self.names.take()
        events = event_days(rng, script.steps, VINTAGES, script.since)
        project = f"{core} {rng.choice(SUFFIXES[script.technology])}"
        if script.purpose == "BGA":
            project = f"{project} (amendment)"
        return Case(
            number=self.number(events[0].day, script.purpose),
            project=project,
            applicant=f"{core} {APPLICANT_WORD[script.technology]} LLC",
            county=county,
            townships=self.townships(county),
            technology=script.technology,
            mw=round(rng.uniform(*CAPACITY_MW[script.technology]), 1),
            role=script.role,
            events=tuple(events),
        )

    def from_fleet(self, plant: FleetPlant) -> Case:
        rng = self.rng
        events = event_days(rng, EIA_STEPS[plant.statuses(VINTAGES)[0]], VINTAGES, FIRST_FILING)
        technology = EIA_TYPES[plant.technology.name]
        return Case(
            number=self.number(events[0].day),
            project=plant.plant_name,
            applicant=plant.entity_name,
            county=plant.county,
            townships=self.townships(plant.county),
            technology=technology,
            mw=capacity_near(rng, plant.nameplate_mw, 1),
            role="eia",
            events=tuple(events),
            eia_plant_id=plant.plant_id,
        )


def opsb_fleet_plants(scale: int) -> list[FleetPlant]:
    """The fleet's Ohio solar and wind plants: each has (or had) an OPSB case."""
    return [
        plant
        for plant in fleet_plants(scale, "PJM")
        if plant.state == "OH"
        and plant.technology.name in EIA_TYPES
        and (plant.operating(VINTAGES) or FLEET_SINCE) >= FLEET_SINCE
        and plant.statuses(VINTAGES)[0] in EIA_STEPS
    ]


# --- county restricted areas -----------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    county: str
    number: str
    adopted: date
    area: str
    facility_types: str
    referendum: str

    @property
    def effective(self) -> date:
        return self.adopted + timedelta(days=30)  # R.C. 303.58: 30 days after adoption

    def row(self) -> list[Cell]:
        return [
            self.county,
            self.number,
            us_date(self.adopted),
            us_date(self.effective),
            self.area,
            self.facility_types,
            self.referendum,
        ]


ALL_TYPES = "Large solar facilities; large wind farms; economically significant wind farms"
WIND_TYPES = "Large wind farms; economically significant wind farms"
NO_REFERENDUM = "None filed"
# (county, adopted: a day, or k: a day between copy k-1 and copy k, area, types, referendum)
RESOLUTIONS = (
    ("Hardin", date(2025, 3, 18), "Cessna, Dudley and Goshen townships", ALL_TYPES, NO_REFERENDUM),
    (
        "Logan",
        date(2024, 6, 4),
        "All unincorporated areas",
        ALL_TYPES,
        f"{REJECTED_BY_VOTERS}, 11/05/2024",
    ),
    ("Champaign", 1, "All unincorporated areas", WIND_TYPES, NO_REFERENDUM),
    ("Van Wert", 2, "Hoaglin, Jennings and Tully townships", ALL_TYPES, NO_REFERENDUM),
)


def simulate_resolutions(rng: random.Random) -> list[Resolution]:
    resolutions = []
    for county, adopted, area, types, referendum in RESOLUTIONS:
        if isinstance(adopted, int):
            adopted = random_day(rng, VINTAGES[adopted - 1] + timedelta(days=1), VINTAGES[adopted])
        number = f"{adopted.year}-{rng.randint(100, 480)}"
        resolutions.append(Resolution(county, number, adopted, area, types, referendum))
    return resolutions


# --- the simulated board ----------------------------------------------------------------------


@dataclass(frozen=True)
class Board:
    cases: list[Case]
    resolutions: list[Resolution]


def simulate_board(scale: int = 1, seed: int = DEFAULT_SEED) -> Board:
    """Every simulated case (in case-number order) and county resolution (by adoption)."""
    rng = random.Random(seed)
    builder = CaseBuilder(rng)
    cases = [builder.from_fleet(plant) for plant in opsb_fleet_plants(scale)]
    for _ in range(scale):
        cases.extend(builder.scripted(s) for s in SCRIPTS for _ in range(s.count))
    resolutions = simulate_resolutions(rng)
    return Board(
        sorted(cases, key=lambda c: c.number),
        sorted(resolutions, key=lambda r: r.adopted),
    )


# --- the page ---------------------------------------------------------------------------------

CASE_HEADERS = (
    "Case Number", "Project Name", "Applicant", "County", "Townships", "Capacity (MW)",
    "Status", "Application Filed", "Decision Date", "SB 52 Status", "Ad Hoc Members",
)  # fmt: skip
RESOLUTION_HEADERS = (
    "County", "Resolution", "Adopted", "Effective", "Restricted Area", "Facility Types",
    "Referendum",
)  # fmt: skip
SECTIONS = ((SOLAR, "Solar Facilities"), (WIND, "Wind Farms"))
RESTRICTED_AREAS = "County Restricted Areas (R.C. 303.58)"
INTRO = (
    "The Ohio Power Siting Board reviews applications for certificates to construct solar "
    "facilities of 50 megawatts or more and wind farms of 5 megawatts or more. Select a case "
    "number to view its docket."
)
NAV = ("Home", "About", "Cases", "Public Participation", "Rules")


def page_content(board: Board, day: date) -> bytes:
    """The case information page as it stood on `day`."""
    parts = [
        "<h1>Case Information</h1>",
        f"<p>{html.escape(INTRO)}</p>",
        f"<p><em>{UPDATED_LABEL}: {long_date(day)}</em></p>",
    ]
    for technology, heading in SECTIONS:
        rows = [
            c.row(day)
            for c in board.cases
            if c.technology == technology and c.status_on(day) is not None
        ]
        parts.append(f"<h2>{heading}</h2>\n{table_html(CASE_HEADERS, rows, 'table cases')}")
    adopted = [r.row() for r in board.resolutions if r.adopted <= day]
    parts.append(f"<h2>{RESTRICTED_AREAS}</h2>")
    parts.append(
        "<p>Counties that have designated restricted areas where large wind and solar "
        "facilities may not be built (Senate Bill 52).</p>"
    )
    parts.append(table_html(RESOLUTION_HEADERS, adopted, "table restricted-areas"))
    return page_html(
        "Case Information",
        "Ohio Power Siting Board",
        NAV,
        "\n".join(parts),
        "Ohio Power Siting Board, 180 East Broad Street, Columbus, Ohio 43215",
    )


def write_oh_opsb_cases_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one copy of the page per vintage and `responses.json`; return the vintages."""
    return write_monthly_pages(
        source_dir,
        simulate_board(scale, seed),
        page_content,
        url=PAGE_REQUEST.public_url,
        vintages=VINTAGES,
    )
