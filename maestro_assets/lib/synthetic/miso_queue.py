"""Recorded MISO GI queue API responses: four dated pulls of a simulated MISO queue.

Each vintage is the JSON array `GET https://www.misoenergy.org/api/giqueue/getprojects`
returned that day (the form documented in `lib/sources/miso_queue.py`). Across the pulls:

- projects climb the study ladder (Study Not Started -> Phase 1 -> 2 -> 3 -> GIA, then Done
  with the GIA signed, and Post GIA Status Not Started -> Under Construction -> In Service);
- some withdraw (Request Status `Withdrawn`, with a Withdrawn Date), one vanishes without a
  word, and new DPP-2025 requests appear;
- the third pull drops every pre-2017 project from the feed, as MISO once did: they are gone,
  not withdrawn;
- the fourth pull relabels the DPP-2023 cycle's `Phase 2` as `Phase 1`, a backwards move;
- the decision-point MW fields appear from the second pull on (absent before);
- a test record (`AA1234`, nonsense words) is in every pull, a second one in the third.

About a third of the projects are the EIA-860M units of the simulated fleet whose balancing
authority is MISO: same state, county, technology and capacity within ±5%, their status
following the unit's EIA status in the pull's month (`fleet_plants` is shared with the
NYISO generator). MISO publishes no project or developer name. Everything is a pure
function of (scale, seed).
"""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.months import month_start
from maestro_assets.lib.sources.miso_queue import API_REQUEST, FIELDS
from maestro_assets.lib.synthetic.eia860m import (
    DEFAULT_SEED as FLEET_SEED,
)
from maestro_assets.lib.synthetic.eia860m import (
    WINDOW_MONTHS,
    Site,
    Technology,
    simulate_fleet,
)
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

DEFAULT_SEED = 6020
VINTAGES = (date(2026, 6, 12), date(2026, 7, 13), date(2026, 8, 12), date(2026, 9, 11))
DECISION_POINTS_FROM = VINTAGES[1]  # the dp*Mw fields are absent from the first pull
PRE_2017_DROPPED_FROM = VINTAGES[2]  # MISO drops every pre-2017 project from the feed
PHASE_RELABELLED_IN = VINTAGES[3]  # and relabels a cycle's Phase 2 as Phase 1
RELABELLED_CYCLE = "DPP-2023"
FEED_START = date(2017, 1, 1)
JSON_TYPE = "application/json; charset=utf-8"
API_FOLDER = "api"

# --- the simulated fleet, shared with the NYISO generator ------------------------------------


@dataclass(frozen=True)
class FleetPlant:
    """One plant's generators of one technology as EIA-860M lists them: a queue project."""

    site: Site
    technology: Technology
    nameplate_mw: float
    status_by_month: dict[date, str]  # EIA status code, or the sheet (Retired, Canceled …)

    def status_at(self, vintage: date) -> str | None:
        """The EIA status in the vintage's month (the last simulated month after it)."""
        month = min(month_start(vintage), WINDOW_MONTHS[-1])
        return self.status_by_month.get(month)


def fleet_plants(balancing_authority: str, scale: int) -> list[FleetPlant]:
    """The simulated EIA fleet's plants in one balancing authority, one per technology.

    A plant's status in a month is its least advanced generator's (the project is not done
    until every unit is)."""
    fleet = simulate_fleet(scale, FLEET_SEED)
    units: dict[tuple[int, str], dict] = {}
    for month in WINDOW_MONTHS:
        for record in fleet[month]:
            site = record.generator.site
            if site.balancing_authority != balancing_authority:
                continue
            plant = units.setdefault(
                (site.plant_id, record.generator.technology.name),
                {"site": site, "technology": record.generator.technology, "mw": {}, "by": {}},
            )
            plant["mw"][record.generator.generator_id] = record.generator.nameplate_mw
            status = record.status or record.sheet
            plant["by"].setdefault(month, []).append(status)
    return [
        FleetPlant(
            p["site"],
            p["technology"],
            round(sum(p["mw"].values()), 1),
            {month: min(statuses, key=eia_rank) for month, statuses in p["by"].items()},
        )
        for _, p in sorted(units.items())
    ]


EIA_LADDER = ("OT", "P", "L", "T", "U", "V", "TS", "OP", "SB", "OA", "OS", "Retired")


def eia_rank(status: str) -> int:
    return EIA_LADDER.index(status) if status in EIA_LADDER else -1


def similar_capacity(rng: random.Random, mw: float) -> float:
    """The queue's capacity for a unit: within ±4% of the EIA nameplate."""
    return round(mw * rng.uniform(0.96, 1.04), 1)


# --- the MISO queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    request: str
    phase: str = ""
    post_gia: str = ""

    @property
    def key(self) -> str:
        """What `miso_queue.status_key` makes of it."""
        return f"{self.request}|{self.phase}|{self.post_gia}"


LADDER = (
    Status("Active", "Study Not Started", "Not Started"),
    Status("Active", "Phase 1", "Not Started"),
    Status("Active", "Phase 2", "Not Started"),
    Status("Active", "Phase 3", "Not Started"),
    Status("Active", "GIA", "Not Started"),
    Status("Done", "GIA", "Not Started"),
    Status("Done", "GIA", "Under Construction"),
    Status("Done", "GIA", "In Service"),
)
NEW_REQUEST = Status("Active")  # a new cycle's request: no phase, no post-GIA status yet
EIA_TO_QUEUE = {
    "P": Status("Active", "Phase 1", "Not Started"),
    "OT": Status("Active", "Phase 2", "Not Started"),
    "L": Status("Active", "Phase 3", "Not Started"),
    "T": Status("Done", "GIA", "Not Started"),
    "U": Status("Done", "GIA", "Under Construction"),
    "V": Status("Done", "GIA", "Under Construction"),
    **{s: Status("Done", "GIA", "In Service") for s in ("TS", "OP", "SB", "OA", "OS", "Retired")},
}


def withdrawn(status: Status) -> Status:
    return Status("Withdrawn", status.phase, status.post_gia)


@dataclass(frozen=True)
class Project:
    """What a request keeps from pull to pull."""

    number: str
    record_id: int
    cycle: str
    group: str
    queue_date: date
    state: str
    county: str
    transmission_owner: str
    poi: str
    summer_mw: float
    winter_mw: float
    fuel: str
    facility: str
    service_type: str
    requested_in_service: date
    eia_plant_id: int | None = None


@dataclass(frozen=True)
class Listing:
    """A request as one pull lists it."""

    project: Project
    status: Status
    withdrawn_date: date | None = None
    done_date: date | None = None
    negotiated_in_service: date | None = None


History = list[Listing | None]  # aligned with VINTAGES; None: not in that pull


@dataclass(frozen=True)
class Region:
    counties: tuple[str, ...]
    transmission_owners: tuple[str, ...]
    study_group: str


REGIONS = {
    "IA": Region(("Story", "Palo Alto", "O'Brien", "Adair", "Kossuth", "Floyd"),
                 ("MidAmerican Energy Company", "ITC Midwest LLC"), "West"),
    "MN": Region(("Lincoln", "Pipestone", "Sherburne", "Freeborn", "Mower", "Rice"),
                 ("Northern States Power Company", "Otter Tail Power Company",
                  "Great River Energy"), "West"),
    "IL": Region(("McLean", "Vermilion", "Livingston", "Iroquois", "Macon"),
                 ("Ameren Illinois Company",), "Central"),
    "IN": Region(("Benton", "White", "Jasper", "Sullivan"),
                 ("Northern Indiana Public Service Company", "Duke Energy Indiana, LLC"),
                 "Central"),
    "MI": Region(("Gratiot", "Huron", "Montcalm", "Hillsdale"), ("METC", "ITC Transmission"),
                 "East (ITC)"),
    "WI": Region(("Dodge", "Grant", "Columbia", "Rock"), ("American Transmission Company",),
                 "East (ATC)"),
    "LA": Region(("Calcasieu", "Iberville", "Pointe Coupee"),
                 ("Entergy Louisiana, LLC", "Cleco Power LLC"), "South"),
    "AR": Region(("Clay", "Saline", "Mississippi"), ("Entergy Arkansas, LLC",), "South"),
}  # fmt: skip
# (fuel, generating facility, MW range, weight) of requests not drawn from the fleet
FUELS = (
    ("Solar", "Photovoltaic", (20, 400), 45),
    ("Battery Storage", "Battery Storage", (20, 300), 20),
    ("Wind", "Wind Turbine", (50, 500), 15),
    ("Hybrid", "Solar/Battery", (50, 400), 12),
    ("Gas", "Combined Cycle", (300, 1200), 4),
    ("Gas", "Combustion Turbine (Simple Cycle)", (50, 400), 4),
)
EIA_FUELS = {
    "Solar Photovoltaic": ("Solar", "Photovoltaic"),
    "Onshore Wind Turbine": ("Wind", "Wind Turbine"),
    "Batteries": ("Battery Storage", "Battery Storage"),
    "Natural Gas Fired Combined Cycle": ("Gas", "Combined Cycle"),
    "Natural Gas Fired Combustion Turbine": ("Gas", "Combustion Turbine (Simple Cycle)"),
    "Conventional Steam Coal": (
        "Coal",
        "Steam Turbine (including Nuclear, Geothermal and Solar Steam)",
    ),
}
# cycle -> (first queue date, last queue date, first project number)
CYCLES = {
    "DPP-2016-FEB": (date(2015, 8, 1), date(2016, 2, 15), 400),
    "DPP-2016-AUG": (date(2016, 2, 16), date(2016, 8, 31), 560),
    "DPP-2019": (date(2019, 1, 15), date(2019, 9, 30), 1200),
    "DPP-2020": (date(2020, 1, 15), date(2020, 10, 31), 1500),
    "DPP-2021": (date(2021, 1, 15), date(2021, 9, 30), 1900),
    "DPP-2022": (date(2022, 1, 15), date(2022, 9, 30), 2300),
    "DPP-2023": (date(2023, 1, 15), date(2023, 11, 30), 3000),
    "DPP-2025": (date(2025, 9, 1), date(2026, 9, 10), 3700),
}
OLD_CYCLES = ("DPP-2016-FEB", "DPP-2016-AUG")
CYCLE_BY_RUNG = ("DPP-2023", "DPP-2023", "DPP-2022", "DPP-2022", "DPP-2021", "DPP-2021",
                 "DPP-2020", "DPP-2019")  # fmt: skip
SUBSTATIONS = (
    "Buffalo Ridge", "Lakefield Junction", "Hazleton", "Raun", "Sub T", "Pleasant Prairie",
    "Kenowa", "Nelson Road", "Tazewell", "Pana", "Reid", "Sioux", "Big Stone", "Brookings",
    "Adams", "Hills", "Lime Creek", "Morgan Valley", "Colby", "Dequincy", "Hartburg",
    "Mabelvale", "Keo", "Sheldon", "Pawnee",
)  # fmt: skip
KILOVOLTS = ("69", "115", "138", "161", "230", "345")
JUNK_WORDS = (
    "fish", "mango", "watermelon", "dog", "turtle", "strawberry", "horse", "apple", "grape",
    "quail", "yellow", "pear", "ice cream", "xylophone", "elephant", "zebra", "kiwi", "lemon",
)  # fmt: skip
JUNK_NUMBERS = ("AA1234", "AA5678")  # the second is in the third pull only

# How many requests of each kind one unit of scale holds.
STEADY, WITHDRAWING, VANISHING, OLD, RELABELLED, LONG_WITHDRAWN, NEW_PER_PULL = (
    30, 6, 2, 8, 5, 8, 2,
)  # fmt: skip
ADVANCE_PROBABILITY = 0.35


class QueueBuilder:
    """Draws requests with unique project numbers and record ids."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._numbers: set[str] = set()
        self._next_number = {cycle: first for cycle, (_, _, first) in CYCLES.items()}
        self._record_id = 3210000

    def number(self, cycle: str) -> str:
        while True:
            self._next_number[cycle] += self.rng.randint(1, 6)
            number = f"J{self._next_number[cycle]}"
            if number not in self._numbers:
                self._numbers.add(number)
                return number

    def queue_date(self, cycle: str, before: date | None = None) -> date:
        first, last, _ = CYCLES[cycle]
        if before is not None:
            first, last = before - timedelta(days=40), before - timedelta(days=5)
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def poi(self) -> str:
        rng = self.rng
        kv = rng.choice(KILOVOLTS)
        if rng.random() < 0.5:
            return f"{rng.choice(SUBSTATIONS)} {kv}kV Substation"
        first, second = rng.sample(SUBSTATIONS, 2)
        return f"{first} - {second} {kv}kV Line"

    def county_cell(self, counties: list[str]) -> str:
        """MISO writes `X County` or just `X`, and several counties comma-separated."""
        suffix = " County" if self.rng.random() < 0.6 else ""
        return ",".join(f"{c}{suffix}" for c in counties)

    def project(
        self,
        cycle: str,
        state: str,
        county: list[str],
        fuel: tuple[str, str],
        mw: float,
        queued_before: date | None = None,
        eia_plant_id: int | None = None,
    ) -> Project:
        rng = self.rng
        region = REGIONS[state]
        self._record_id += rng.randint(1, 40)
        queued = self.queue_date(cycle, queued_before)
        winter = mw if rng.random() < 0.8 else round(mw * rng.uniform(0.9, 1.0), 1)
        return Project(
            number=self.number(cycle),
            record_id=self._record_id,
            cycle=cycle,
            group=region.study_group,
            queue_date=queued,
            state=state,
            county=self.county_cell(county),
            transmission_owner=rng.choice(region.transmission_owners),
            poi=self.poi(),
            summer_mw=mw,
            winter_mw=winter,
            fuel=fuel[0],
            facility=fuel[1],
            service_type=rng.choices(("NRIS", "ERIS"), weights=(80, 20))[0],
            requested_in_service=queued + timedelta(days=rng.randint(900, 1800)),
            eia_plant_id=eia_plant_id,
        )

    def drawn_project(self, cycle: str, queued_before: date | None = None) -> Project:
        """A request not drawn from the fleet: any MISO state, fuel and size."""
        rng = self.rng
        state = rng.choice(tuple(REGIONS))
        counties = list(REGIONS[state].counties)
        county = rng.sample(counties, 2 if rng.random() < 0.1 else 1)
        fuel, facility, (low, high), _ = rng.choices(FUELS, weights=[f[3] for f in FUELS])[0]
        mw = float(rng.randint(low, high)) if rng.random() < 0.7 else rng.uniform(low, high)
        return self.project(cycle, state, county, (fuel, facility), round(mw, 1), queued_before)

    def listing(self, project: Project, status: Status, vintage: date, first: bool) -> Listing:
        """The request in a pull at `status`, with the dates that status implies: a request
        first seen done or withdrawn got there well before the pull."""
        rng = self.rng
        done = withdrawn_on = negotiated = None
        if status.request == "Done":
            done = vintage - timedelta(days=rng.randint(3, 25))
            if first:
                done = project.queue_date + timedelta(days=rng.randint(700, 1100))
                done = min(done, vintage - timedelta(days=rng.randint(20, 60)))
            negotiated = project.requested_in_service + timedelta(days=rng.randint(0, 365))
        if status.request == "Withdrawn":
            withdrawn_on = vintage - timedelta(days=rng.randint(3, 25))
            if first:
                earliest = project.queue_date + timedelta(days=180)
                span = max((vintage - earliest).days - 30, 0)
                withdrawn_on = earliest + timedelta(days=rng.randint(0, span))
        return Listing(project, status, withdrawn_on, done, negotiated)


def _ladder_history(builder: QueueBuilder, project: Project, statuses: list[Status | None]):
    """The request's listing in each pull; dates already published stay as they were."""
    history: History = []
    previous: Listing | None = None
    for vintage, status in zip(VINTAGES, statuses, strict=True):
        if status is None:
            history.append(None)
            continue
        if previous is None or previous.status != status:
            fresh = builder.listing(project, status, vintage, first=previous is None)
            if previous is not None:
                fresh = replace(
                    fresh,
                    done_date=previous.done_date or fresh.done_date,
                    negotiated_in_service=(
                        previous.negotiated_in_service or fresh.negotiated_in_service
                    ),
                )
            previous = fresh
        history.append(previous)
    return history


def _steady(builder: QueueBuilder) -> History:
    """A request that climbs a rung between pulls now and then."""
    rng = builder.rng
    rung = rng.randrange(len(LADDER))
    project = builder.drawn_project(CYCLE_BY_RUNG[rung])
    statuses = []
    for _ in VINTAGES:
        statuses.append(LADDER[rung])
        if rng.random() < ADVANCE_PROBABILITY:
            rung = min(rung + 1, len(LADDER) - 1)
    return _ladder_history(builder, project, statuses)


def _withdrawing(builder: QueueBuilder, at: int) -> History:
    """An active request withdrawn in pull `at`."""
    rung = builder.rng.randrange(5)  # an Active rung
    project = builder.drawn_project(CYCLE_BY_RUNG[rung])
    statuses = [LADDER[rung] if i < at else withdrawn(LADDER[rung]) for i in range(len(VINTAGES))]
    return _ladder_history(builder, project, statuses)


def _vanishing(builder: QueueBuilder, at: int) -> History:
    """An active request missing from pull `at` on, with no withdrawal published."""
    rung = builder.rng.randrange(1, 4)
    project = builder.drawn_project(CYCLE_BY_RUNG[rung])
    statuses = [LADDER[rung] if i < at else None for i in range(len(VINTAGES))]
    return _ladder_history(builder, project, statuses)


def _old(builder: QueueBuilder) -> History:
    """A pre-2017 request: done or withdrawn long ago, dropped with its whole block."""
    rng = builder.rng
    project = builder.drawn_project(rng.choice(OLD_CYCLES))
    status = rng.choices((LADDER[-1], LADDER[-2], withdrawn(LADDER[3])), weights=(60, 15, 25))[0]
    statuses = [status if v < PRE_2017_DROPPED_FROM else None for v in VINTAGES]
    return _ladder_history(builder, project, statuses)


def _relabelled(builder: QueueBuilder) -> History:
    """A DPP-2023 request in Phase 2 (relabelled Phase 1 in the last pull)."""
    project = builder.drawn_project(RELABELLED_CYCLE)
    return _ladder_history(builder, project, [LADDER[2]] * len(VINTAGES))


def _long_withdrawn(builder: QueueBuilder) -> History:
    rung = builder.rng.randrange(5)
    project = builder.drawn_project(CYCLE_BY_RUNG[rung])
    return _ladder_history(builder, project, [withdrawn(LADDER[rung])] * len(VINTAGES))


def _newcomer(builder: QueueBuilder, at: int) -> History:
    """A DPP-2025 request first listed in pull `at`."""
    project = builder.drawn_project("DPP-2025", queued_before=VINTAGES[at])
    statuses = [NEW_REQUEST if i >= at else None for i in range(len(VINTAGES))]
    return _ladder_history(builder, project, statuses)


def _from_fleet(builder: QueueBuilder, plant: FleetPlant) -> History:
    """A request for a simulated EIA unit; its status follows the unit's EIA status."""
    rng = builder.rng
    site = plant.site
    statuses = []
    for vintage in VINTAGES:
        eia = plant.status_at(vintage)
        if eia == "Canceled or Postponed":
            statuses.append(withdrawn(EIA_TO_QUEUE["L"]))
        else:
            statuses.append(EIA_TO_QUEUE.get(eia, LADDER[1]))
    first = statuses[0]
    rung = LADDER.index(first) if first in LADDER else 3
    cycle = "DPP-2022" if rung <= 3 else CYCLE_BY_RUNG[rung]  # never the relabelled cycle
    mw = similar_capacity(rng, plant.nameplate_mw)
    project = builder.project(
        cycle, site.state, [site.county], EIA_FUELS[plant.technology.name], mw,
        eia_plant_id=site.plant_id,
    )  # fmt: skip
    return _ladder_history(builder, project, statuses)


def relabel_phase(history: History) -> History:
    """MISO's relabelling: in that pull, the cycle's active Phase 2 requests read Phase 1."""
    relabelled = []
    for vintage, listing in zip(VINTAGES, history, strict=True):
        if (
            listing is not None
            and vintage == PHASE_RELABELLED_IN
            and listing.project.cycle == RELABELLED_CYCLE
            and listing.status == LADDER[2]
        ):
            listing = replace(listing, status=LADDER[1])
        relabelled.append(listing)
    return relabelled


def queue_histories(scale: int = 1, seed: int = DEFAULT_SEED) -> list[History]:
    """Every simulated request with its listing in each pull, in drawing order."""
    rng = random.Random(seed)
    builder = QueueBuilder(rng)
    makers: list[Callable[[], History]] = [
        lambda plant=plant: _from_fleet(builder, plant) for plant in fleet_plants("MISO", scale)
    ]
    for _ in range(scale):
        makers += [lambda: _steady(builder)] * STEADY
        makers += [lambda i=i: _withdrawing(builder, 1 + i % 3) for i in range(WITHDRAWING)]
        makers += [lambda i=i: _vanishing(builder, (1, 3)[i % 2]) for i in range(VANISHING)]
        makers += [lambda: _old(builder)] * OLD
        makers += [lambda: _relabelled(builder)] * RELABELLED
        makers += [lambda: _long_withdrawn(builder)] * LONG_WITHDRAWN
        makers += [
            lambda at=at: _newcomer(builder, at)
            for at in range(1, len(VINTAGES))
            for _ in range(NEW_PER_PULL)
        ]
    return [relabel_phase(make()) for make in makers]


def simulate_miso_queue(scale: int = 1, seed: int = DEFAULT_SEED) -> dict[date, list[Listing]]:
    """Each pull's listed requests (test records aside), ordered by project number."""
    histories = queue_histories(scale, seed)
    return {
        vintage: sorted(
            (h[i] for h in histories if h[i] is not None),
            key=lambda listing: (len(listing.project.number), listing.project.number),
        )
        for i, vintage in enumerate(VINTAGES)
    }


# --- the API response -------------------------------------------------------------------------


def timestamp(day: date | None) -> str | None:
    """How the API writes a date: midnight Eastern in UTC (04:00 in summer, 05:00 in winter)."""
    if day is None:
        return None
    hour = 4 if 4 <= day.month <= 10 else 5
    return f"{day.isoformat()}T{hour:02d}:00:00+00:00"


def megawatts(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def api_record(listing: Listing, vintage: date) -> dict:
    """One request as the API lists it (field order as the API writes it)."""
    p, status = listing.project, listing.status
    record = {
        "id": p.record_id,
        "projectNumber": p.number,
        "queueDate": timestamp(p.queue_date),
        "withdrawnDate": timestamp(listing.withdrawn_date),
        "doneDate": timestamp(listing.done_date),
        "inService": timestamp(p.requested_in_service),
        "negInService": timestamp(listing.negotiated_in_service),
        "transmissionOwner": p.transmission_owner,
        "county": p.county,
        "state": p.state,
        "studyCycle": p.cycle,
        "studyGroup": p.group,
        "studyPhase": status.phase,
        "svcType": p.service_type,
        "poiName": p.poi,
        "summerNetMW": megawatts(p.summer_mw),
        "winterNetMW": megawatts(p.winter_mw),
        "fuelType": p.fuel,
        "facilityType": p.facility,
        "applicationStatus": status.request,
        "postGIAStatus": status.post_gia,
    }
    if vintage >= DECISION_POINTS_FROM:
        decided = status.request == "Done" or status.phase in ("Phase 3", "GIA")
        nris = megawatts(p.summer_mw) if p.service_type == "NRIS" and decided else 0
        eris = megawatts(p.summer_mw) if decided else 0
        record |= {"dp1ErisMw": eris, "dp1NrisMw": nris, "dp2ErisMw": eris, "dp2NrisMw": nris}
    return record


def junk_record(rng: random.Random, number: str, vintage: date) -> dict:
    """A test record as MISO's feed carries one: nonsense words, generated timestamps."""

    def words() -> str:
        return " ".join(rng.choice(JUNK_WORDS) for _ in range(3))

    def stamp() -> str:
        day = vintage - timedelta(days=rng.randint(0, 300))
        return f"{day.isoformat()}T11:31:23.{rng.randint(0, 9_999_999):07d}+00:00"

    text_fields = ("transmissionOwner", "county", "state", "studyCycle", "studyGroup",
                   "studyPhase", "svcType", "poiName", "fuelType", "facilityType",
                   "applicationStatus", "postGIAStatus")  # fmt: skip
    date_fields = ("queueDate", "withdrawnDate", "doneDate", "inService", "negInService")
    number_fields = ("summerNetMW", "winterNetMW", "dp1ErisMw", "dp1NrisMw", "dp2ErisMw",
                     "dp2NrisMw")  # fmt: skip
    record: dict = {"id": 1, "projectNumber": number}
    record |= {field: stamp() for field in date_fields}
    record |= {field: words() for field in text_fields}
    record |= {field: round(rng.random(), 2) for field in number_fields}
    if vintage < DECISION_POINTS_FROM:
        record = {k: v for k, v in record.items() if not k.startswith("dp")}
    return record


def junk_numbers(vintage: date) -> tuple[str, ...]:
    return JUNK_NUMBERS if vintage == VINTAGES[2] else JUNK_NUMBERS[:1]


def api_records(listings: list[Listing], vintage: date, rng: random.Random) -> list[dict]:
    junk = [junk_record(rng, number, vintage) for number in junk_numbers(vintage)]
    return [junk[0], *(api_record(listing, vintage) for listing in listings), *junk[1:]]


def api_body(records: list[dict]) -> bytes:
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode()


def csv_export(records: list[dict]) -> bytes:
    """The same records as the page's CSV export writes them (for imports and tests)."""
    columns = [f for f in FIELDS if f.csv_header is not None]
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow([f.csv_header for f in columns])
    for record in records:
        writer.writerow(["" if (v := record.get(f.api_field)) is None else v for f in columns])
    return out.getvalue().removesuffix("\n").encode()


def pulled_at(vintage: date) -> datetime:
    return datetime(vintage.year, vintage.month, vintage.day, 6, 0, tzinfo=UTC)


def vintage_responses(scale: int, seed: int) -> Iterator[tuple[date, list[dict]]]:
    """Each pull's API records, test records included."""
    rng = random.Random(seed + 1)  # test records draw apart from the queue
    for vintage, listings in simulate_miso_queue(scale, seed).items():
        yield vintage, api_records(listings, vintage, rng)


def write_miso_queue_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one recorded API response per vintage and `responses.json`."""
    clear_generated(source_dir, (API_FOLDER,))
    entries = []
    for vintage, records in vintage_responses(scale, seed):
        entries.append(
            record_response(
                source_dir,
                API_REQUEST.public_url,
                f"{API_FOLDER}/getprojects_{vintage.isoformat()}.json",
                api_body(records),
                JSON_TYPE,
                pulled_at(vintage),
                vintage=vintage,
            )
        )
    write_snapshot_index(source_dir, entries)
    return list(VINTAGES)
