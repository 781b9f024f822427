"""Synthetic ORES permit application pages: three monthly copies of the page, in its layout.

The page (`lib/sources/ny_ores_permits.py`) holds two tables of matters, `Applications Under
Review` and `Permit Decisions and Withdrawals`, plus a contact table that lists no matter.
About 25 matters; each is a timeline of dated status events, and a copy of the page shows
each matter's latest event on or before its date. Across the copies:

- matters are deemed complete, get a draft permit, a permit (and move to the decisions table);
- one goes to an adjudicatory hearing and is then denied, in Steuben County;
- one is withdrawn, in St. Lawrence County; one is found incomplete, then deemed complete;
- new applications appear in the second and third copies; one matter spans two counties.

The solar and wind plants of the simulated EIA fleet in New York (NYIS) are matters too, the
EIA Entity Name as applicant, in the plant's county, their status following the plant's EIA
status; the others sit in the New York counties of the fleet's state list (Jefferson,
Steuben, Orange, Genesee, St. Lawrence) and a few more; the denial and the withdrawal are in
counties where the fleet has plants. The timeline and page-writing helpers are shared with
the Ohio Power Siting Board writer. Everything is a pure function of (scale, seed).
"""

from __future__ import annotations

import html
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.sources.ny_ores_permits import DOCKET_URL, PAGE_REQUEST, UPDATED_LABEL
from maestro_assets.lib.synthetic.eia860m import HTML
from maestro_assets.lib.synthetic.queue_fleet import (
    FleetPlant,
    capacity_near,
    fleet_plants,
    numbered,
    published_at,
    random_day,
)
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

DEFAULT_SEED = 9401
VINTAGES = (date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31))
PUBLISHED_AT = time(15)  # UTC
FIRST_FILING = date(2021, 4, 1)  # ORES accepted its first applications in 2021
RECENT_FILING = date(2025, 9, 1)  # applications still early in review were filed since then

# --- timelines, shared with the Ohio Power Siting Board writer ---------------------------------

BEFORE = None  # a step taken before the first copy of the page


@dataclass(frozen=True)
class Step:
    status: str
    when: int | None  # BEFORE, or k: between copy k-1 and copy k of the page


@dataclass(frozen=True)
class Event:
    day: date
    status: str


def event_days(
    rng: random.Random, steps: Sequence[Step], vintages: Sequence[date], first: date
) -> list[Event]:
    """Dated events for steps: those BEFORE on distinct days from `first` to a week before the
    first copy, in order; a step of copy k on a day after copy k-1, up to copy k's day."""
    earlier = [s for s in steps if s.when is BEFORE]
    last = vintages[0] - timedelta(days=7)
    ordinals = sorted(rng.sample(range(first.toordinal(), last.toordinal()), len(earlier)))
    events = [Event(date.fromordinal(o), s.status) for o, s in zip(ordinals, earlier, strict=True)]
    for step in steps:
        if step.when is not BEFORE:
            day = random_day(rng, vintages[step.when - 1] + timedelta(days=1), vintages[step.when])
            events.append(Event(day, step.status))
    return events


def latest(events: Sequence[Event], day: date) -> Event | None:
    """The last event on or before `day` (events are in date order)."""
    return next((e for e in reversed(events) if e.day <= day), None)


def first_day_of(events: Sequence[Event], status: str, day: date) -> date | None:
    """The day of the first `status` event on or before `day`."""
    return next((e.day for e in events if e.status == status and e.day <= day), None)


# --- pages, shared with the Ohio Power Siting Board writer ----------------------------------------

Cell = str | tuple[str, str] | Sequence[str] | None  # text, (text, link), lines, or empty


def us_date(day: date | None) -> str | None:
    """MM/DD/YYYY, as the boards write their dates."""
    return None if day is None else day.strftime("%m/%d/%Y")


def long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def cell_html(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return html.escape(cell)
    if isinstance(cell, tuple):
        text, link = cell
        return f'<a href="{html.escape(link)}">{html.escape(text)}</a>'
    return "<br>".join(html.escape(line) for line in cell)


def table_html(headers: Sequence[str], rows: Sequence[Sequence[Cell]], css: str) -> str:
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{cell_html(c)}</td>" for c in row) + "</tr>" for row in rows
    )
    return (
        f'<table class="{css}">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n'
        "</table>"
    )


def page_html(title: str, site: str, nav: Sequence[str], main: str, footer: str) -> bytes:
    """A government page: scripts, styles and navigation around the `main` content."""
    links = "".join(
        f'<li><a href="/{html.escape(n.lower().replace(" ", "-"))}">{n}</a></li>' for n in nav
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en" dir="ltr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)} | {html.escape(site)}</title>\n"
        "<script>window.dataLayer = window.dataLayer || []; "
        "function gtag(){dataLayer.push(arguments);}</script>\n"
        "<style>.table td, .table th { padding: 4px 8px; vertical-align: top; }</style>\n"
        "</head>\n<body>\n"
        f'<header class="site-header"><nav aria-label="Main"><ul>{links}</ul></nav></header>\n'
        f'<main id="main-content">\n{main}\n</main>\n'
        f'<footer class="site-footer"><p>{html.escape(footer)}</p></footer>\n'
        "</body>\n</html>\n"
    ).encode()


# --- the matters ------------------------------------------------------------------------------

RECEIVED, INCOMPLETE, COMPLETE = "Application Received", "Incomplete Application", "Deemed Complete"
DRAFT, HEARING = "Draft Permit Issued", "Adjudicatory Hearing"
ISSUED, DENIED, WITHDRAWN = "Permit Issued", "Permit Denied", "Withdrawn"
DECIDED = (ISSUED, DENIED, WITHDRAWN)  # statuses of the decisions table

COUNTY_TOWNS = {  # the fleet's New York counties first
    "Jefferson": ("Clayton", "Lyme", "Brownville", "Cape Vincent", "Ellisburg", "Henderson"),
    "Steuben": ("Cohocton", "Prattsburgh", "Canisteo", "Hornellsville", "Jasper", "Troupsburg"),
    "Orange": ("Wawayanda", "Minisink", "Goshen", "Crawford"),
    "Genesee": ("Byron", "Bergen", "Elba", "Oakfield", "Alabama", "Stafford"),
    "St. Lawrence": ("Massena", "Norfolk", "Hopkinton", "Parishville", "Brasher", "Louisville"),
    "Livingston": ("Mount Morris", "Nunda", "Portage", "York"),
    "Columbia": ("Copake", "Ghent", "Claverack", "Stuyvesant"),
    "Cortland": ("Virgil", "Marathon", "Cortlandville"),
    "Chautauqua": ("Ripley", "Westfield", "Arkwright", "Charlotte"),
    "Orleans": ("Barre", "Shelby", "Ridgeway"),
    "Wyoming": ("Perry", "Covington", "Orangeville"),
    "Montgomery": ("Root", "Canajoharie", "Charleston"),
}  # fmt: skip
NAME_CORES = (
    "Canisteo Valley", "Tug Hill", "Oatka Creek", "Black Lake", "Cohocton Ridge", "Tonawanda",
    "Chaumont Bay", "Wallkill", "Grasse River", "Genesee Flats", "Hickory Hill", "Salmon Creek",
    "Two Rivers", "Beaver Meadow", "Cattaraugus", "Mohawk Flats", "Kinderhook", "Sandy Creek",
    "Fall Brook", "Deer River", "Oak Openings", "Trout Brook", "Cedar Swamp", "Maple Ridge",
)  # fmt: skip
TECHNOLOGIES = (("Solar", 7), ("Wind", 2), ("Solar + Energy Storage", 1))
FACILITY_SUFFIXES = {
    "Solar": ("Solar", "Solar Farm", "Solar Energy Center", "Solar Project"),
    "Wind": ("Wind", "Wind Farm", "Wind Energy Project"),
    "Solar + Energy Storage": ("Solar and Storage", "Solar + Storage Project"),
}
CAPACITY_MW = {"Solar": (25.0, 300.0), "Wind": (60.0, 400.0), "Solar + Energy Storage": (40, 250)}
EIA_TYPES = {"Solar Photovoltaic": "Solar", "Onshore Wind Turbine": "Wind"}
FLEET_SINCE = date(2023, 1, 1)  # fleet plants operating before then predate ORES permits


@dataclass(frozen=True)
class Matter:
    number: str
    facility: str
    applicant: str
    counties: tuple[str, ...]
    towns: tuple[str, ...]
    facility_type: str
    mw: float
    role: str
    events: tuple[Event, ...]
    eia_plant_id: int | None = None

    def status_on(self, day: date) -> str | None:
        event = latest(self.events, day)
        return None if event is None else event.status

    def row(self, day: date) -> list[Cell]:
        """The matter's cells in the copy of `day`."""
        status = self.status_on(day)
        decided = latest(self.events, day).day if status in DECIDED else None
        return [
            (self.number, DOCKET_URL.format(matter=self.number)),
            self.facility,
            self.applicant,
            list(self.counties),
            list(self.towns),
            self.facility_type,
            f"{self.mw:g}",
            status,
            us_date(self.events[0].day),
            us_date(first_day_of(self.events, COMPLETE, day)),
            us_date(decided),
        ]


@dataclass(frozen=True)
class Script:
    role: str
    steps: tuple[Step, ...]
    count: int = 1
    counties: tuple[str, ...] | None = None  # None: one county drawn at random
    technology: str | None = None
    since: date = FIRST_FILING  # the earliest filing day


def prior(*statuses: str) -> tuple[Step, ...]:
    """Statuses a matter or case passed through before the first recorded copy."""
    return tuple(Step(s, BEFORE) for s in statuses)


SCRIPTS = (
    Script("issued", prior(RECEIVED, COMPLETE, DRAFT, ISSUED), count=4),
    Script("received", prior(RECEIVED), count=2, since=RECENT_FILING),
    Script("complete", prior(RECEIVED, COMPLETE), count=2),
    Script("complete", prior(RECEIVED, COMPLETE), counties=("Genesee", "Orleans")),
    Script("draft", prior(RECEIVED, COMPLETE, DRAFT), count=2),
    Script("hearing", prior(RECEIVED, COMPLETE, DRAFT, HEARING)),
    Script("completes", (*prior(RECEIVED), Step(COMPLETE, 1)), count=2, since=RECENT_FILING),
    Script("drafted", (*prior(RECEIVED, COMPLETE), Step(DRAFT, 2))),
    Script("issued_now", (*prior(RECEIVED, COMPLETE, DRAFT), Step(ISSUED, 1))),
    Script("issued_last", (*prior(RECEIVED, COMPLETE), Step(DRAFT, 1), Step(ISSUED, 2))),
    Script(
        "denied",
        (*prior(RECEIVED, COMPLETE, DRAFT), Step(HEARING, 1), Step(DENIED, 2)),
        counties=("Steuben",),
        technology="Solar",
    ),
    Script(
        "withdrawn",
        (*prior(RECEIVED, COMPLETE), Step(WITHDRAWN, 2)),
        counties=("St. Lawrence",),
        technology="Wind",
    ),
    Script(
        "incomplete",
        (*prior(RECEIVED), Step(INCOMPLETE, 1), Step(COMPLETE, 2)),
        since=RECENT_FILING,
    ),
    Script("new", (Step(RECEIVED, 1),)),
    Script("new", (Step(RECEIVED, 2),)),
    Script("old_withdrawn", prior(RECEIVED, INCOMPLETE, WITHDRAWN)),
)
# A fleet plant's EIA status at the first copy -> its matter's steps.
EIA_STEPS = {
    "P": prior(RECEIVED),
    "L": prior(RECEIVED, COMPLETE),
    **{s: prior(RECEIVED, COMPLETE, DRAFT, ISSUED) for s in ("T", "U", "V", "TS", "OP")},
    "CN": prior(RECEIVED, COMPLETE, WITHDRAWN),
}


class NamePool:
    """Name cores not used before, in shuffled order (`Tug Hill`, then `Tug Hill 2` once all
    are used)."""

    def __init__(self, cores: Sequence[str], rng: random.Random) -> None:
        self.cores = tuple(cores)
        self.rng = rng
        self._left: list[str] = []
        self._rounds = 0

    def take(self) -> str:
        if not self._left:
            self._rounds += 1
            suffix = f" {self._rounds}" if self._rounds > 1 else ""
            self._left = [f"{core}{suffix}" for core in self.cores]
            self.rng.shuffle(self._left)
        return self._left.pop()


class MatterBuilder:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._sequences: set[int] = set()
        self.names = NamePool(NAME_CORES, rng)

    def number(self, filed: date) -> str:
        return f"{filed.year % 100:02d}-{numbered(self.rng, self._sequences, 1, 3999):05d}"

    def towns(self, counties: Sequence[str]) -> tuple[str, ...]:
        rng = self.rng
        return tuple(
            town
            for county in counties
            for town in sorted(rng.sample(COUNTY_TOWNS[county], rng.randint(1, 2)))
        )

    def scripted(self, script: Script) -> Matter:
        rng = self.rng
        technology = script.technology or rng.choices(*zip(*TECHNOLOGIES, strict=True))[0]
        counties = script.counties or (rng.choice(tuple(COUNTY_TOWNS)),)
        core = self.names.take()
        events = event_days(rng, script.steps, VINTAGES, script.since)
        applicant_word = "Wind" if technology == "Wind" else "Solar"
        return Matter(
            number=self.number(events[0].day),
            facility=f"{core} {rng.choice(FACILITY_SUFFIXES[technology])}",
            applicant=f"{core} {applicant_word} LLC",
            counties=counties,
            towns=self.towns(counties),
            facility_type=technology,
            mw=round(rng.uniform(*CAPACITY_MW[technology]), 1),
            role=script.role,
            events=tuple(events),
        )

    def from_fleet(self, plant: FleetPlant) -> Matter:
        rng = self.rng
        status = plant.statuses(VINTAGES)[0]
        events = event_days(rng, EIA_STEPS[status], VINTAGES, FIRST_FILING)
        return Matter(
            number=self.number(events[0].day),
            facility=plant.plant_name,
            applicant=plant.entity_name,
            counties=(plant.county,),
            towns=self.towns((plant.county,)),
            facility_type=EIA_TYPES[plant.technology.name],
            mw=capacity_near(rng, plant.nameplate_mw, 1),
            role="eia",
            events=tuple(events),
            eia_plant_id=plant.plant_id,
        )


def ores_fleet_plants(scale: int) -> list[FleetPlant]:
    """The fleet's New York solar and wind plants an ORES permit would cover: not operating
    before ORES, and with a status ORES has a step for."""
    plants = []
    for plant in fleet_plants(scale, "NYIS"):
        operating = plant.operating(VINTAGES)
        if (
            plant.state == "NY"
            and plant.technology.name in EIA_TYPES
            and (operating is None or operating >= FLEET_SINCE)
            and plant.statuses(VINTAGES)[0] in EIA_STEPS
        ):
            plants.append(plant)
    return plants


def simulate_matters(scale: int = 1, seed: int = DEFAULT_SEED) -> list[Matter]:
    """Every simulated matter, in matter-number order."""
    builder = MatterBuilder(random.Random(seed))
    matters = [builder.from_fleet(plant) for plant in ores_fleet_plants(scale)]
    for _ in range(scale):
        matters.extend(builder.scripted(s) for s in SCRIPTS for _ in range(s.count))
    return sorted(matters, key=lambda m: m.number)


# --- the page ---------------------------------------------------------------------------------

HEADERS = (
    "Matter Number", "Facility Name", "Applicant", "County", "Towns", "Facility Type",
    "Nameplate Capacity (MW)", "Status", "Application Filed", "Application Complete",
    "Decision Date",
)  # fmt: skip
UNDER_REVIEW = "Applications Under Review"
DECISIONS = "Permit Decisions and Withdrawals"
INTRO = (
    "The Office of Renewable Energy Siting and Electric Transmission (ORES) reviews siting "
    "permit applications for major renewable energy facilities of 25 megawatts or more. "
    "Select a matter number to open its docket in the Document and Matter Management system."
)
CONTACT_ROWS = (("Email", "general@ores.ny.gov"), ("Phone", "(518) 473-4590"))
NAV = ("Home", "About ORES", "Permit Applications", "Regulations", "Public Participation")


def section_for(status: str) -> str:
    return DECISIONS if status in DECIDED else UNDER_REVIEW


def page_content(matters: Sequence[Matter], day: date) -> bytes:
    """The page as it stood on `day`."""
    listed = [m for m in matters if m.status_on(day) is not None]
    sections = []
    for section in (UNDER_REVIEW, DECISIONS):
        rows = [m.row(day) for m in listed if section_for(m.status_on(day)) == section]
        sections.append(f"<h2>{section}</h2>\n{table_html(HEADERS, rows, 'table table-striped')}")
    contact = table_html(("Contact", "Details"), CONTACT_ROWS, "contact")
    main = (
        f"<h1>ORES Permit Applications</h1>\n<p>{html.escape(INTRO)}</p>\n"
        f'<p class="page-updated"><strong>{UPDATED_LABEL}:</strong> {long_date(day)}</p>\n'
        + "\n".join(sections)
        + f"\n<h2>Contact ORES</h2>\n{contact}"
    )
    return page_html(
        "ORES Permit Applications",
        "Department of Public Service",
        NAV,
        main,
        "New York State Department of Public Service, Three Empire State Plaza, Albany, NY",
    )


def write_ny_ores_permits_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one copy of the page per vintage and `responses.json`; return the vintages."""
    return write_monthly_pages(source_dir, simulate_matters(scale, seed), page_content)


def write_monthly_pages(
    source_dir: Path,
    simulated: Any,
    content: Callable[[Any, date], bytes],
    url: str = PAGE_REQUEST.public_url,
    vintages: Sequence[date] = VINTAGES,
) -> list[date]:
    """One copy of a page per vintage under `pages/`, recorded for one URL."""
    clear_generated(source_dir, ("pages",))
    entries = [
        record_response(
            source_dir,
            url,
            f"pages/{vintage.isoformat()}.html",
            content(simulated, vintage),
            HTML,
            published_at(vintage, PUBLISHED_AT),
            vintage=vintage,
        )
        for vintage in vintages
    ]
    write_snapshot_index(source_dir, entries)
    return list(vintages)
