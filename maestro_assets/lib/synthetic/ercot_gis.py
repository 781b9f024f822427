"""ERCOT GIS Report workbooks, and the MIS document lists that lead to them, from a simulated
Texas queue.

Every project is described once by the dates on which it reached each milestone (full-study
request, screening complete, study approved, IA signed, construction start and end,
energization, synchronization, commercial operation) and by the dates it went inactive,
came back, was cancelled or silently vanished. Each monthly vintage is then a pure reading of
those dates, so progress, regressions and exits follow from one structure the tests can read.

A third of the projects are drawn from the EIA units of the simulated fleet in ERCOT's
balancing authority (same county, technology and capacity within 5 %, a similar name and,
sometimes, the EIA Entity Name as Interconnecting Entity), so queue-to-EIA linking can be
tested. Everything is a pure function of (scale, seed): one `random.Random`, fixed dates.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import xlsxwriter

from maestro_assets.lib.months import add_months, month_start
from maestro_assets.lib.sources.ercot_gis import (
    CANCELLATION,
    COMMISSIONING,
    CONTENTS,
    DOCUMENT_LIST_REQUEST,
    INACTIVE,
    LARGE_GEN,
    REPORT_TYPE_ID,
    SMALL_GEN,
    download_request,
)
from maestro_assets.lib.synthetic.eia860m import (
    CANCELED,
    OPERATING,
    PLANNED,
    WINDOW_MONTHS,
    XLSX,
)
from maestro_assets.lib.synthetic.queue_fleet import (
    FleetPlant,
    Recorded,
    capacity_near,
    fleet_plants,
    new_workbook,
    shorter_name,
    write_cell,
    write_snapshot,
)

DEFAULT_SEED = 15933
BALANCING_AUTHORITY = "ERCO"
VINTAGES = (date(2026, 6, 30), date(2026, 7, 31), date(2026, 8, 31))
JSON = "application/json"
UNKNOWN_DATE = datetime(1900, 1, 1)  # ERCOT's "1-1-1900": met, date not available

# --- the EIA fleet, as queue requests -------------------------------------------------------


def filed_name(rng: random.Random, plant_name: str) -> str:
    """The name a developer files under at ERCOT: the EIA plant name or a near variant of it."""
    variants = (
        plant_name,
        f"{plant_name} Project",
        shorter_name(plant_name),
        plant_name.upper(),
        f"{plant_name} I",
    )
    return rng.choice(variants)


def day_in_month(rng: random.Random, day: date) -> date:
    return month_start(day) + timedelta(days=rng.randint(0, 27))


# --- the milestone ladder ------------------------------------------------------------------

(
    FIS_REQUESTED,
    SS_COMPLETE,
    FIS_APPROVED,
    IA_SIGNED,
    CONSTRUCTION_START,
    CONSTRUCTION_END,
    ENERGIZED,
    SYNCHRONIZED,
    COMMERCIAL,
) = range(9)
RUNGS = 9
STUDY_PHASES = (
    "SS Started, FIS Started, No IA",
    "SS Completed, FIS Started, No IA",
    "SS Completed, FIS Completed, No IA",
)
SIGNED_PHASE = "SS Completed, FIS Completed, IA"
COMMERCIAL_APPROVED = "Commercial Operation Approved by ERCOT*"
SYNCHRONIZATION_APPROVED = "Synchronization Approved by ERCOT"
ENERGIZATION_APPROVED = "Energization Approved by ERCOT"
APPROVALS = (
    (COMMERCIAL, COMMERCIAL_APPROVED),
    (SYNCHRONIZED, SYNCHRONIZATION_APPROVED),
    (ENERGIZED, ENERGIZATION_APPROVED),
)
# the rungs a small generator passes (no studies, no construction dates in the report)
SMALL_RUNGS = (FIS_REQUESTED, IA_SIGNED, ENERGIZED, SYNCHRONIZED, COMMERCIAL)


def phase_of(rung: int) -> str:
    return STUDY_PHASES[rung] if rung < IA_SIGNED else SIGNED_PHASE


@dataclass(frozen=True)
class QueueProject:
    """One interconnection request and every date that decides how each vintage lists it."""

    inr: str
    names: tuple[str, ...]  # per vintage
    entity: str
    poi: str
    county: str
    zone: str
    fuel: str  # ERCOT code: SOL, WIN, OTH, GAS
    technology: str  # ERCOT code: PV, WT, BA, GT, CC
    capacities: tuple[float, ...]  # per vintage
    cods: tuple[date, ...]  # projected COD per vintage
    reached: tuple[date | None, ...]  # the day each rung was reached
    role: str
    small: bool = False
    model_ready: date | None = None
    inactive_from: date | None = None
    active_again: date | None = None
    cancelled: date | None = None
    vanishes_from: date | None = None  # the first vintage missing it, with no notice anywhere
    regressed_in: date | None = None  # a vintage that reports the project one milestone back
    legacy: bool = False  # migrated from the legacy database: early dates are 1-1-1900
    air_permit: bool = False
    eia_plant_id: int | None = None
    eia_technology: str | None = None  # with the Plant ID, names the EIA units

    def rung_on(self, day: date) -> int | None:
        reached = [i for i, when in enumerate(self.reached) if when is not None and when <= day]
        return max(reached) if reached else None

    def reached_in_month(self, rung: int, vintage: date) -> bool:
        when = self.reached[rung]
        return when is not None and month_start(vintage) <= when <= vintage


@dataclass(frozen=True)
class Listing:
    """A project as one vintage's workbook lists it."""

    project: QueueProject
    vintage: date
    sheet: str | None  # its project sheet; None when only Commissioning Update lists it
    rung: int
    approvals: tuple[tuple[str, date], ...]  # this month's Commissioning Update rows

    @property
    def index(self) -> int:
        return VINTAGES.index(self.vintage)

    @property
    def name(self) -> str:
        return self.project.names[self.index]

    @property
    def capacity_mw(self) -> float:
        return self.project.capacities[self.index]

    @property
    def projected_cod(self) -> date:
        return self.project.cods[self.index]

    @property
    def phase(self) -> str:
        return phase_of(self.rung)

    def milestone(self, rung: int) -> date | None:
        return self.project.reached[rung] if rung <= self.rung else None


def listing(project: QueueProject, vintage: date) -> Listing | None:
    """How `vintage` lists the project, or None when no sheet does."""
    if project.vanishes_from is not None and vintage >= project.vanishes_from:
        return None
    rung = project.rung_on(vintage)
    if rung is None:
        return None  # not public before its full-study request
    if project.cancelled is not None and project.cancelled <= vintage:
        if project.cancelled < month_start(vintage):
            return None  # cancelled in an earlier month: gone
        return Listing(project, vintage, CANCELLATION, rung, ())
    if is_inactive(project, vintage):
        return Listing(project, vintage, INACTIVE, rung, ())
    approvals = tuple(
        (category, project.reached[r])
        for r, category in APPROVALS
        if project.reached_in_month(r, vintage)
    )
    if rung == COMMERCIAL:
        return Listing(project, vintage, None, rung, approvals) if approvals else None
    sheet = SMALL_GEN if project.small else LARGE_GEN
    if vintage == project.regressed_in:
        rung -= 1  # e.g. an IA terminated for a restudy: the phase and dates step back
    return Listing(project, vintage, sheet, rung, approvals)


def is_inactive(project: QueueProject, vintage: date) -> bool:
    if project.inactive_from is None or project.inactive_from > vintage:
        return False
    return project.active_again is None or project.active_again > vintage


def change_indicators(item: Listing, previous: Listing | None) -> str | None:
    """The `Changes from Last Report` cell: what moved since the previous vintage."""
    changes = []
    project = item.project
    if previous is not None and previous.sheet == item.sheet:
        if previous.name != item.name:
            changes.append("Proj Name")
        if previous.capacity_mw != item.capacity_mw:
            changes.append("MW Size")
        if previous.projected_cod != item.projected_cod:
            changes.append("COD")
    if project.reached_in_month(FIS_REQUESTED, item.vintage) and not project.small:
        changes.append("FIS Request")
    active_again = project.active_again
    if active_again is not None and month_start(item.vintage) <= active_again <= item.vintage:
        changes.append("Status Change INA-to-PLN")
    return "  ".join(changes) + "  " if changes else None


# --- drawing the projects ------------------------------------------------------------------

ZONES = {
    "Pecos": "WEST", "Reeves": "WEST", "Nolan": "WEST", "Haskell": "WEST", "Upton": "WEST",
    "Brazoria": "COASTAL", "Castro": "PANHANDLE", "Deaf Smith": "PANHANDLE",
    "Scurry": "WEST", "Ector": "WEST", "Webb": "SOUTH", "Starr": "SOUTH", "Harris": "HOUSTON",
    "Fort Bend": "HOUSTON", "Matagorda": "COASTAL", "Milam": "NORTH", "Ellis": "NORTH",
    "Falls": "NORTH", "Hill": "NORTH", "Kenedy": "COASTAL", "Frio": "SOUTH",
}  # fmt: skip
SYNTHETIC_COUNTIES = tuple(c for c in ZONES if c not in ("Pecos", "Reeves", "Nolan", "Haskell"))
NAME_CORES = (
    "Armadillo", "Bluebonnet", "Caprock", "Devils River", "Escondido", "Frijole", "Guadalupe",
    "Hackberry", "Indigo Flats", "Javelina", "Kiowa Draw", "Llano Estacado", "Mustang Creek",
    "Nopal", "Ocotillo", "Paloma", "Quail Run", "Roadrunner", "Sotol", "Tascosa", "Uvalde Pass",
    "Vaquero", "Whiteface", "Yucca", "Zapata Flats", "Agave", "Big Thicket", "Coronado",
)  # fmt: skip
KINDS = {  # (fuel, technology, name word, capacity range MW)
    "solar": ("SOL", "PV", "Solar", (50.0, 500.0)),
    "wind": ("WIN", "WT", "Wind", (100.0, 400.0)),
    "storage": ("OTH", "BA", "BESS", (50.0, 300.0)),
    "gas": ("GAS", "GT", "Peakers", (100.0, 600.0)),
}
KIND_WEIGHTS = (("solar", 40), ("storage", 40), ("wind", 12), ("gas", 8))
EIA_KINDS = {
    "Solar Photovoltaic": "solar",
    "Onshore Wind Turbine": "wind",
    "Batteries": "storage",
    "Natural Gas Fired Combustion Turbine": "gas",
    "Natural Gas Fired Combined Cycle": "gas",
    "Conventional Steam Coal": "gas",
}
EIA_RUNG = {  # EIA-860M planned status -> the ERCOT milestone it corresponds to
    "P": FIS_REQUESTED,
    "OT": SS_COMPLETE,
    "L": FIS_APPROVED,
    "T": IA_SIGNED,
    "U": CONSTRUCTION_START,
    "V": CONSTRUCTION_START,
    "TS": SYNCHRONIZED,
}
STATIONS = ("Bearkat", "Tule Canyon", "Del Sol", "Killeen", "Noelke", "Ogallala", "Fowlerton")


MAX_INR_NUMBER = 9999  # an INR has four digits after the year


class ProjectBuilder:
    """Draws projects with increasing INR numbers; consumes one rng in a fixed order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._sequence = 100
        self._used: dict[int, set[int]] = {}  # INR numbers taken, by COD year
        self._cores = list(NAME_CORES)
        rng.shuffle(self._cores)
        self._core_index = 0

    def inr(self, cod: date) -> str:
        """ERCOT numbers a request by the year of its original projected COD: 27INR0139. The
        one running sequence outruns four digits at a large scale; from then on a request takes
        the lowest number its year has free."""
        self._sequence += self.rng.randint(1, 40)
        year = cod.year % 100
        used = self._used.setdefault(year, set())
        number = self._sequence
        if number > MAX_INR_NUMBER:
            number = min(set(range(1, len(used) + 2)) - used)
        used.add(number)
        return f"{year:02d}INR{number:04d}"

    def core(self) -> str:
        core = self._cores[self._core_index % len(self._cores)]
        round_ = self._core_index // len(self._cores)
        self._core_index += 1
        return core if round_ == 0 else f"{core} {round_ + 1}"

    def poi(self) -> str:
        rng = self.rng
        bus, station = rng.randint(1000, 99999), rng.choice(STATIONS)
        if rng.random() < 0.4:
            other = rng.choice([s for s in STATIONS if s != station])
            return f"tap 345kV {bus} {station} - {rng.randint(1000, 99999)} {other}"
        return f"{bus} {station} {rng.choice((138, 345))}kV"

    def past_dates(self, rung: int, before: date, legacy: bool = False) -> list[date | None]:
        """Dates for rungs 0..rung, a few months apart, all before `before`."""
        reached: list[date | None] = [None] * RUNGS
        day = month_start(before)
        for r in range(rung, -1, -1):
            day = add_months(day, -self.rng.randint(2, 8))
            reached[r] = day_in_month(self.rng, day)
        if legacy:
            reached[FIS_REQUESTED] = add_months(month_start(before), -90)
        return reached

    def project(
        self,
        role: str,
        rung: int,
        kind: str | None = None,
        small: bool = False,
        **dates,
    ) -> QueueProject:
        """A pipeline project at `rung` before the first vintage; `dates` override rung dates
        (`rung_<n>=date`) or the project's exit dates."""
        rng = self.rng
        kind = kind or rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
        fuel, technology, word, (low, high) = KINDS["storage" if small else kind]
        capacity = round(rng.uniform(9.0, 9.99), 2) if small else round(rng.uniform(low, high), 2)
        cod = add_months(VINTAGES[0], rng.randint(3, 40))
        legacy = dates.pop("legacy", False)
        reached = self.past_dates(rung, VINTAGES[0], legacy)
        for key in [k for k in dates if k.startswith("rung_")]:
            reached[int(key.removeprefix("rung_"))] = dates.pop(key)
        if small:
            reached = [d if i in SMALL_RUNGS else None for i, d in enumerate(reached)]
        core = self.core()
        name = f"{core} {word}"
        county = rng.choice(SYNTHETIC_COUNTIES)
        n = len(VINTAGES)
        return QueueProject(
            inr=self.inr(cod),
            names=(name,) * n,
            entity=f"{core} {'Storage' if kind == 'storage' or small else word}, LLC",
            poi=self.poi(),
            county=county,
            zone=ZONES[county],
            fuel=fuel,
            technology=technology,
            capacities=(capacity,) * n,
            cods=(cod,) * n,
            reached=tuple(reached),
            role=role,
            small=small,
            model_ready=(
                reached[IA_SIGNED] + timedelta(days=60) if small and reached[IA_SIGNED] else None
            ),
            legacy=legacy,
            air_permit=kind == "gas",
            **dates,
        )

    def from_fleet(self, plant: FleetPlant) -> QueueProject | None:
        """The request behind an EIA plant of the fleet, or None if ERCOT would not list it.

        Planned units sit at the milestone their EIA status corresponds to; a unit that starts
        operating in the window has its commercial operation approved that month; one canceled
        after being planned is cancelled that month; one canceled before the window is
        inactive. Units operating since before the window are no longer in the report.
        """
        rng = self.rng
        rungs: dict[date, int] = {}
        planned: dict[date, date] = {}
        cancelled = inactive_from = commercial = None
        for month in WINDOW_MONTHS:
            record = plant.record(month)
            if record is None:
                continue
            if record.sheet == PLANNED:
                rungs[month] = EIA_RUNG[record.status]
                planned[month] = record.planned_operation
            elif record.sheet == OPERATING and record.operating and record.operating >= month:
                rungs[month] = COMMERCIAL
                commercial = record.operating
            elif record.sheet == CANCELED and rungs:
                cancelled = cancelled or day_in_month(rng, month)
            elif record.sheet == CANCELED:
                inactive_from = inactive_from or add_months(month, -rng.randint(2, 10))
        if rungs:
            reached = self.reached_from(rungs)
        elif inactive_from is not None:
            reached = self.past_dates(FIS_REQUESTED, inactive_from)
        else:
            return None
        kind = EIA_KINDS[plant.technology.name]
        fuel, technology, _, _ = KINDS[kind]
        fallback = commercial or max(planned.values(), default=None)
        cods = tuple(
            planned.get(month_start(vintage)) or fallback or add_months(vintage, 12)
            for vintage in VINTAGES
        )
        entity = plant.entity_name if rng.random() < 0.5 else f"{plant.plant_name} LLC"
        name = filed_name(rng, plant.plant_name)
        project = QueueProject(
            inr=self.inr(cods[0]),
            names=(name,) * len(VINTAGES),
            entity=entity,
            poi=self.poi(),
            county=plant.county,
            zone=ZONES.get(plant.county, "WEST"),
            fuel=fuel,
            technology="CC" if "Combined" in plant.technology.name else technology,
            capacities=(capacity_near(rng, plant.nameplate_mw, 2),) * len(VINTAGES),
            cods=cods,
            reached=tuple(reached),
            role="eia",
            cancelled=cancelled,
            inactive_from=inactive_from,
            air_permit=kind == "gas",
            eia_plant_id=plant.plant_id,
            eia_technology=plant.technology.name,
        )
        if all(listing(project, vintage) is None for vintage in VINTAGES):
            return None
        return project

    def reached_from(self, rungs: dict[date, int]) -> list[date | None]:
        """Milestone dates from monthly rungs: those of the first month lie before it, each
        later rung is dated in the month it first shows."""
        (first_month, first_rung), *later = sorted(rungs.items())
        reached = self.past_dates(first_rung, first_month)
        for month, rung in later:
            for r in range(rung + 1):
                if reached[r] is None:
                    reached[r] = day_in_month(self.rng, month)
        return reached


def in_vintage(index: int, rng: random.Random) -> date:
    """A day within the month of vintage `index`."""
    return day_in_month(rng, VINTAGES[index])


def scenario_projects(builder: ProjectBuilder) -> list[QueueProject]:
    """The designed cases, once per unit of scale: each exercises one way a vintage changes."""
    b, rng = builder, builder.rng
    n = len(VINTAGES)

    def later(first: int, second: int) -> dict[str, date]:
        """Rung `first` reached in the second vintage's month, `second` in the third's."""
        return {f"rung_{first}": in_vintage(1, rng), f"rung_{second}": in_vintage(2, rng)}

    resized = b.project("renamed_and_resized", FIS_APPROVED, "solar")
    slipped = b.project("cod_slipped", IA_SIGNED, "wind")
    both_approvals = {f"rung_{ENERGIZED}": in_vintage(1, rng)}
    both_approvals[f"rung_{SYNCHRONIZED}"] = both_approvals[f"rung_{ENERGIZED}"]
    return [
        b.project("advancing", FIS_REQUESTED, "solar", **later(SS_COMPLETE, FIS_APPROVED)),
        b.project("advancing", IA_SIGNED, "storage", **later(CONSTRUCTION_START, CONSTRUCTION_END)),
        b.project("advancing", CONSTRUCTION_END, "solar", **later(ENERGIZED, SYNCHRONIZED)),
        b.project("regressed", IA_SIGNED, "storage", regressed_in=VINTAGES[2]),
        b.project("went_inactive", SS_COMPLETE, "wind", inactive_from=in_vintage(1, rng)),
        b.project(
            "reactivated",
            SS_COMPLETE,
            "solar",
            inactive_from=add_months(VINTAGES[0], -5),
            active_again=in_vintage(2, rng),
        ),
        b.project("cancelled", SS_COMPLETE, "storage", cancelled=in_vintage(1, rng)),
        b.project("vanished", FIS_APPROVED, "solar", vanishes_from=VINTAGES[2]),
        b.project("new", FIS_REQUESTED, "storage", rung_0=in_vintage(1, rng)),
        b.project("new", FIS_REQUESTED, "solar", rung_0=in_vintage(2, rng)),
        b.project("commissioned", SYNCHRONIZED, "storage", rung_8=in_vintage(1, rng)),
        b.project("energized_and_synchronized", CONSTRUCTION_END, "storage", **both_approvals),
        b.project("legacy_dates", ENERGIZED, "wind", legacy=True),
        b.project("small_advancing", IA_SIGNED, small=True, **later(ENERGIZED, SYNCHRONIZED)),
        b.project("small_steady", FIS_REQUESTED, small=True),
        b.project("small_steady", IA_SIGNED, small=True),
        replace(
            resized,
            names=(resized.names[0],) + (f"{resized.names[0]} II",) * (n - 1),
            capacities=(*resized.capacities[:-1], round(resized.capacities[-1] * 1.2, 2)),
        ),
        replace(slipped, cods=(slipped.cods[0], *(add_months(slipped.cods[0], 6),) * (n - 1))),
    ]


def pipeline_project(builder: ProjectBuilder) -> QueueProject:
    """A filler project: some rung, and now and then one step up in a later vintage."""
    rng = builder.rng
    rung = rng.choices(range(CONSTRUCTION_END + 1), weights=(10, 50, 15, 15, 5, 5))[0]
    steps = {}
    for index in (1, 2):
        if rng.random() < 0.15 and rung + len(steps) + 1 < COMMERCIAL:
            steps[f"rung_{rung + len(steps) + 1}"] = in_vintage(index, rng)
    return builder.project("pipeline", rung, **steps)


def simulate_queue(scale: int = 1, seed: int = DEFAULT_SEED) -> list[QueueProject]:
    """Every project of the simulated ERCOT queue, in INR order."""
    rng = random.Random(seed)
    builder = ProjectBuilder(rng)
    projects = []
    for plant in fleet_plants(scale, BALANCING_AUTHORITY):
        project = builder.from_fleet(plant)
        if project is not None:
            projects.append(project)
    derived = len(projects)
    for _ in range(scale):
        projects.extend(scenario_projects(builder))
    while len(projects) < 3 * derived:
        projects.append(pipeline_project(builder))
    return sorted(projects, key=lambda p: p.inr)


def listings(projects: Sequence[QueueProject], vintage: date) -> list[Listing]:
    return [item for p in projects if (item := listing(p, vintage)) is not None]


# --- workbook layout -----------------------------------------------------------------------

Cell = str | int | float | date | datetime | None
FUEL_WORDS = {"SOL": "Solar", "WIN": "Wind", "GAS": "Gas", "OTH": "Other"}
LOGO_ROWS = 6  # rows 1-6 are a merged logo area; every sheet's text starts on row 7
DROPPED_COLUMN = ("Economic Study Required", VINTAGES[-1])  # absent from the last vintage


def sheet_date(day: date | None, legacy: bool = False) -> datetime | None:
    if day is None:
        return None
    return UNKNOWN_DATE if legacy else datetime(day.year, day.month, day.day)


def project_values(item: Listing, previous: Listing | None) -> dict[str, Cell]:
    """The cells both project sheets hold, by header key."""
    p, m = item.project, item.milestone
    return {
        "INR": p.inr,
        "Project Name": item.name,
        "Interconnecting Entity": p.entity,
        "POI Location": p.poi,
        "County": p.county,
        "CDR Reporting Zone": p.zone,
        "Projected COD": sheet_date(item.projected_cod),
        "Fuel": p.fuel,
        "Technology": p.technology,
        "Capacity (MW)": item.capacity_mw,
        "change": change_indicators(item, previous),
        "security": "Yes" if item.rung >= IA_SIGNED else "No",
        "Approved for Energization": sheet_date(m(ENERGIZED)),
        "Approved for Synchronization": sheet_date(m(SYNCHRONIZED)),
        "Comment": None,
    }


def large_values(item: Listing, previous: Listing | None) -> dict[str, Cell]:
    p, m = item.project, item.milestone
    old = p.legacy
    return {
        **project_values(item, previous),
        "GIM Study Phase": item.phase,
        "site_control": sheet_date(m(FIS_REQUESTED), old),
        "Screening Study Started": sheet_date(m(FIS_REQUESTED), old),
        "Screening Study Complete": sheet_date(m(SS_COMPLETE), old),
        "FIS Requested": sheet_date(m(FIS_REQUESTED), old),
        "FIS Approved": sheet_date(m(FIS_APPROVED), old),
        "Economic Study Required": "No",
        "IA Signed": sheet_date(m(IA_SIGNED), old),
        "Air Permit": sheet_date(m(IA_SIGNED)) if p.air_permit else "Not Required",
        "GHG Permit": sheet_date(m(IA_SIGNED)) if p.air_permit else "Not Required",
        "Water Availability": "Not Required",
        "planning_6_9_1": sheet_date(m(IA_SIGNED)),
        "planning_6_9": sheet_date(m(CONSTRUCTION_START)),
        "qsa": sheet_date(m(CONSTRUCTION_END)),
        "Construction Start": sheet_date(m(CONSTRUCTION_START)),
        "Construction End": sheet_date(m(CONSTRUCTION_END)),
    }


def small_values(item: Listing, previous: Listing | None) -> dict[str, Cell]:
    model_ready = item.project.model_ready
    ready = model_ready if model_ready and model_ready <= item.vintage else None
    return {
        **project_values(item, previous),
        "Model Ready Date": sheet_date(ready),
        "IA Signed": sheet_date(item.milestone(IA_SIGNED)),
    }


# A header column: (value key, header text on the header row and the continuation rows below it)
HeaderColumn = tuple[str, tuple[str | None, ...]]


def one_row_columns(*titles: str) -> tuple[HeaderColumn, ...]:
    """Columns named on the header row alone, each keyed by its title."""
    return tuple((title, (title,)) for title in titles)


PROJECT_COLUMNS = one_row_columns(
    "Interconnecting Entity", "POI Location", "County", "CDR Reporting Zone", "Projected COD",
    "Fuel", "Technology", "Capacity (MW)",
)  # fmt: skip
APPROVAL_COLUMNS = one_row_columns(
    "Approved for Energization", "Approved for Synchronization", "Comment"
)
LARGE_HEADER: tuple[HeaderColumn, ...] = (
    *one_row_columns("INR", "Project Name", "GIM Study Phase"),
    *PROJECT_COLUMNS,
    ("change", (None, "Change indicators: Proj Name, MW", "Size, COD, SFS/NtP, FIS Request,",
                "Status Change INA-to-PLN")),
    ("site_control", (None, "Approval Date for", "Submission of Proof of ", "Site Control")),
    *one_row_columns("Screening Study Started", "Screening Study Complete", "FIS Requested",
                     "FIS Approved", "Economic Study Required", "IA Signed"),
    ("security", (None, "Financial Security ", "and Notice to ", "Proceed Provided")),
    *one_row_columns("Air Permit", "GHG Permit", "Water Availability"),
    ("planning_6_9_1", ("Meets Planning", "Guide Section 6.9(1) ", "Requirements for ",
                        "Inclusion in Planning ", "Models")),
    ("planning_6_9", ("Meets All Planning", "Guide Section 6.9", "Requirements for ",
                      "Inclusion in Planning", "Models")),
    ("qsa", (None, "Meets Planning Guide", " QSA (Section 5.9) ", "Prerequisites")),
    *one_row_columns("Construction Start", "Construction End"),
    *APPROVAL_COLUMNS,
)  # fmt: skip
SMALL_HEADER: tuple[HeaderColumn, ...] = (
    *one_row_columns("INR", "Project Name", "Model Ready Date"),
    *PROJECT_COLUMNS,
    ("change", ("Change indicators: Proj Name, MW", "Size, COD, SFS.", "Status Change INA-to-PLN")),
    *one_row_columns("IA Signed"),
    ("security", ("Financial Security ", "Required to fund", "Dist. Upgrades")),
    *APPROVAL_COLUMNS,
)  # fmt: skip
LARGE_GROUP_TITLES = {0: "Project Attributes", 11: "    Changes from Last Report",
                      12: "GIM Project Milestone Dates"}  # fmt: skip
LARGE_NOTES = (  # (row offset below the title, text): our own wording, the real positions
    (2, "NOTES:"),
    (3, "Only projects whose full interconnection study has been requested are listed here; "
        "earlier requests are confidential."),
    (5, "Projects with a status of Inactive (INA) are listed on the Inactive Projects sheet."),
    (7, "Repowering projects are reported as the net change in capacity, which can be zero"),
    (8, "or negative; with self-serve load, the capacity is the maximum net MW to the grid."),
    (10, "Construction start is the date significant on-site work began and major equipment "),
    (11, "is on site, in transit or under a binding contract. Construction end is the date "),
    (12, "all plant systems are ready for commissioning. Both are reported by the developer "),
    (13, "once the online GIM system accepts them."),
    (15, "A blank Air Permit, GHG Permit or Water Availability cell means not yet obtained."),
    (17, "A project split into several INRs does not carry its milestone dates to the new "),
    (18, "INRs, so dates can be blank although the milestone was met. "),
    (20, "A 1-1-1900 date means the milestone was met but its actual date is not available "
         "(typically data migrated from the legacy database)."),
)  # fmt: skip
SMALL_NOTES = (
    (2, "NOTES:"),
    (3, "Only small generators whose developer authorized publication, or whose registration "),
    (4, "was approved (a Model Ready Date), are listed."),
    (6, "Projects with a status of Inactive (INA) are listed on the Inactive Projects sheet."),
)
LISTED_HEADER = ("INR", "Size Category", "Project Name", "Fuel", "County")
COMMISSIONING_HEADER = ("Commissioning Category", "INR", "Size Category", "Project Name",
                        "Fuel", "County", "Approval Date *", "MW **")  # fmt: skip
INACTIVE_HEADER = (*LISTED_HEADER, "Inactive Date", "MW **")
CANCELLATION_HEADER = (*LISTED_HEADER, "Cancel Date", "MW **")
MW_FOOTNOTES = (
    "** Repowering projects are reported as the net change in capacity and can be zero or",
    "negative; with self-serve load, the capacity is the maximum net MW available to the grid.",
)
COMMISSIONING_FOOTNOTES = (
    "* For commercial operation, the approval date is the date ERCOT confirmed that the "
    "resource completed all qualification testing.",
    *MW_FOOTNOTES,
)
INACTIVE_FOOTNOTES = (
    "* Only projects that ERCOT designated Inactive; for small generators, after their "
    "registration was approved.",
    *MW_FOOTNOTES,
)
CANCELLATION_FOOTNOTES = (
    "* Only projects cancelled by the developer after their full study was requested.",
    *MW_FOOTNOTES,
)
TOC = (
    ("Disclaimer and References", "How this report may be used, and related references"),
    ("Acronyms", "The acronyms and fuel and technology codes used in the report"),
    ("Summary", "Project counts and capacity by study status and fuel"),
    (LARGE_GEN, "Project details for large generators"),
    (SMALL_GEN, "Project details for small generators"),
    ("GIM Trends", "Historical interconnection activity"),
    (COMMISSIONING, "Commissioning approvals granted during the month"),
    (INACTIVE, "Inactive projects"),
    (CANCELLATION, "Projects cancelled during the month"),
)
ACRONYMS = (
    "GIM = Generator Interconnection or Modification request",
    "INR = Interconnection Request Number",
    "SS = Security Screening Study",
    "FIS = Full Interconnection Study",
    "IA = Interconnection Agreement",
    "POI = Point of Interconnection",
    "COD = Commercial Operation Date",
    "SFS = Sufficient Financial Security",
    "NtP = Notice-to-Proceed",
    "INA = Inactive status",
    "PLN = Planned status",
)
FUEL_CODES = ("BIO = Biomass", "COA = Coal", "GAS = Gas", "NUC = Nuclear", "OIL = Fuel Oil",
              "OTH = Other", "SOL = Solar", "WIN = Wind")  # fmt: skip
TECHNOLOGY_CODES = ("BA = Battery Energy Storage", "CC = Combined-Cycle",
                    "GT = Combustion (gas) Turbine", "PV = Photovoltaic Solar",
                    "ST = Steam Turbine", "WT = Wind Turbine")  # fmt: skip
HIDDEN_SHEETS = tuple(f"data_GIM Trends_{i}" for i in range(1, 5))
SHEET_ORDER = (
    CONTENTS, "Disclaimer and References", "Acronyms", "Summary", LARGE_GEN, SMALL_GEN,
    "GIM Trends", *HIDDEN_SHEETS, COMMISSIONING, INACTIVE, CANCELLATION,
)  # fmt: skip


def month_label(day: date) -> str:
    return f"{day:%B %Y}"


def report_published(vintage: date) -> datetime:
    """The report runs at 08:00 Central on the first day of the following month."""
    first = vintage + timedelta(days=1)
    return datetime(first.year, first.month, first.day, 13, 0, 49, tzinfo=UTC)


class SheetWriter:
    """Writes cells by type, dates in the report's mm/dd/yyyy format."""

    def __init__(self, workbook: xlsxwriter.Workbook, name: str) -> None:
        self.sheet = workbook.add_worksheet(name)
        self.dates = workbook.add_format({"num_format": "mm/dd/yyyy"})
        self.timestamps = workbook.add_format({"num_format": "mm/dd/yyyy hh:mm:ss"})
        self.sheet.merge_range(0, 0, LOGO_ROWS - 1, 6, "")

    def row(self, index: int, values: Sequence[Cell], first_column: int = 0) -> None:
        for offset, value in enumerate(values):
            self.cell(index, first_column + offset, value)

    def cell(self, row: int, column: int, value: Cell) -> None:
        with_time = isinstance(value, datetime) and value.time() != time()
        write_cell(self.sheet, row, column, value, self.timestamps if with_time else self.dates)


def write_project_sheet(
    writer: SheetWriter,
    title: str,
    notes: Sequence[tuple[int, str]],
    header: Sequence[HeaderColumn],
    header_offset: int,
    rows: Sequence[dict[str, Cell]],
    group_titles: dict[int, str] | None = None,
) -> None:
    top = LOGO_ROWS
    writer.row(top, [title])
    for offset, text in notes:
        writer.row(top + offset, [text])
    for column, text in (group_titles or {}).items():
        writer.cell(top + header_offset - 1, column, text)
    depth = max(len(lines) for _, lines in header)
    for column, (_, lines) in enumerate(header):
        for line, text in enumerate(lines):
            writer.cell(top + header_offset + line, column, text)
    first_data = top + header_offset + depth
    for index, values in enumerate(rows):
        writer.row(first_data + index, [values[key] for key, _ in header])


def write_listed_sheet(
    writer: SheetWriter,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    footnotes: Sequence[str],
) -> None:
    top = LOGO_ROWS
    writer.row(top, [title])
    writer.row(top + 1, header)
    for index, values in enumerate(rows):
        writer.row(top + 2 + index, values)
    for offset, text in enumerate(footnotes):
        writer.row(top + 3 + len(rows) + offset, [text])


def size_category(project: QueueProject) -> str:
    return "Small" if project.small else "Large"


def stamp(day: date, rng_hours: int) -> datetime:
    """A time of day on `day` (the short sheets print timestamps)."""
    return datetime(day.year, day.month, day.day, 8 + rng_hours % 9, (rng_hours * 7) % 60, 12)


def header_without(header, vintage: date):
    name, dropped_in = DROPPED_COLUMN
    return tuple(h for h in header if not (h[0] == name and vintage == dropped_in))


def workbook_bytes(projects: Sequence[QueueProject], vintage: date) -> bytes:
    """The GIS Report for the month ending `vintage`."""
    index = VINTAGES.index(vintage)
    current = listings(projects, vintage)
    previous = {
        item.project.inr: item
        for item in (listings(projects, VINTAGES[index - 1]) if index else [])
    }
    on = {sheet: [i for i in current if i.sheet == sheet] for sheet in (LARGE_GEN, SMALL_GEN)}
    published = report_published(vintage)
    workbook, output = new_workbook(published, f"GIS Report {month_label(vintage)}", "ERCOT")
    writers = {name: SheetWriter(workbook, name) for name in SHEET_ORDER}
    write_contents(writers[CONTENTS], vintage, published)
    write_text_sheets(writers, current, vintage)
    write_project_sheet(
        writers[LARGE_GEN],
        "GIM Project Details - Large Generators",
        LARGE_NOTES,
        header_without(LARGE_HEADER, vintage),
        24,
        [large_values(i, previous.get(i.project.inr)) for i in on[LARGE_GEN]],
        LARGE_GROUP_TITLES,
    )
    write_project_sheet(
        writers[SMALL_GEN],
        "GIM Project Details - Small Generators",
        SMALL_NOTES,
        SMALL_HEADER,
        8,
        [small_values(i, previous.get(i.project.inr)) for i in on[SMALL_GEN]],
    )
    write_listed_sheet(
        writers[COMMISSIONING],
        f"Commissioning Approvals during {month_label(vintage)}",
        COMMISSIONING_HEADER,
        commissioning_rows(current),
        COMMISSIONING_FOOTNOTES,
    )
    write_listed_sheet(
        writers[INACTIVE],
        f"Inactive Projects as of end of {month_label(vintage)}*",
        INACTIVE_HEADER,
        exit_rows(current, INACTIVE, lambda p: p.inactive_from),
        INACTIVE_FOOTNOTES,
    )
    write_listed_sheet(
        writers[CANCELLATION],
        f"Projects Cancelled by the Developer during {month_label(vintage)}*",
        CANCELLATION_HEADER,
        exit_rows(current, CANCELLATION, lambda p: p.cancelled),
        CANCELLATION_FOOTNOTES,
    )
    for name in HIDDEN_SHEETS:
        writers[name].sheet.hide()
    workbook.close()
    return output.getvalue()


def commissioning_rows(current: Sequence[Listing]) -> list[list[Cell]]:
    """Commercial operation first, then synchronization, then energization approvals."""
    rows = []
    for _, category in APPROVALS:
        for item in sorted(current, key=lambda i: i.project.inr):
            for granted, day in item.approvals:
                if granted == category:
                    p = item.project
                    rows.append([category, p.inr, size_category(p), item.name,
                                 FUEL_WORDS[p.fuel], p.county, day, item.capacity_mw])  # fmt: skip
    return rows


def exit_rows(
    current: Sequence[Listing], sheet: str, since: Callable[[QueueProject], date | None]
) -> list[list[Cell]]:
    rows = []
    for item in sorted((i for i in current if i.sheet == sheet), key=lambda i: since(i.project)):
        p = item.project
        day = since(p)
        rows.append([p.inr, size_category(p), item.name, FUEL_WORDS[p.fuel], p.county,
                     stamp(day, int(p.inr[5:9])), item.capacity_mw])  # fmt: skip
    return rows


def write_contents(writer: SheetWriter, vintage: date, published: datetime) -> None:
    top = LOGO_ROWS
    start = month_start(vintage)
    writer.row(top, [f"GIM Activity:  {start:%b %d, %Y} to {vintage:%b %d, %Y}"])
    writer.row(top + 2, ["Table of Contents"])
    for offset, entry in enumerate(TOC, start=4):
        writer.row(top + offset, entry)
    run = published.astimezone(UTC).replace(tzinfo=None) - timedelta(hours=5)
    clock = f"{run:%I:%M:%S %p}".lstrip("0")
    writer.row(top + 14, [f"Time of Report Run: {run:%b} {run.day}, {run.year} {clock}"])


def write_text_sheets(writers: dict[str, SheetWriter], current: Sequence[Listing], vintage: date):
    top = LOGO_ROWS
    disclaimer = writers["Disclaimer and References"]
    disclaimer.row(top, ["Generator Interconnection Status Report - Disclaimer"])
    disclaimer.row(top + 2, ["FOR PLANNING PURPOSES ONLY"])
    disclaimer.row(top + 3, ["Synthetic test data drawn by maestro_assets; not ERCOT data."])
    acronyms = writers["Acronyms"]
    acronyms.row(top, ["Acronyms"])
    for offset, text in enumerate(ACRONYMS, start=2):
        acronyms.row(top + offset, [text])
    codes_row = top + 3 + len(ACRONYMS)
    acronyms.row(codes_row, ["Fuel Types", "Technology Types"])
    for offset in range(max(len(FUEL_CODES), len(TECHNOLOGY_CODES))):
        acronyms.row(codes_row + 1 + offset, [
            FUEL_CODES[offset] if offset < len(FUEL_CODES) else None,
            TECHNOLOGY_CODES[offset] if offset < len(TECHNOLOGY_CODES) else None,
        ])  # fmt: skip
    summary = writers["Summary"]
    active = [i for i in current if i.sheet in (LARGE_GEN, SMALL_GEN)]
    summary.row(top, ["Summary"])
    summary.row(top + 1, [f"Currently tracking {len(active)} generation interconnection or "
                          "change requests"])  # fmt: skip
    for offset, phase in enumerate((*STUDY_PHASES, SIGNED_PHASE), start=3):
        count = sum(1 for i in active if i.sheet == LARGE_GEN and i.phase == phase)
        summary.row(top + offset, [f"     {phase}", count])
    summary.row(top + 9, ["Total Interconnection Requests", len(active)])
    summary.row(top + 10, ["Inactive (since last month)",
                           sum(1 for i in current if i.sheet == INACTIVE and i.project.inactive_from
                               and i.project.inactive_from >= month_start(vintage))])  # fmt: skip
    summary.row(top + 11, ["Cancelled (since last month)",
                           sum(1 for i in current if i.sheet == CANCELLATION)])  # fmt: skip
    writers["GIM Trends"].row(top, ["GIM Trends"])
    for offset, name in enumerate(HIDDEN_SHEETS):
        trend = writers[name]
        trend.row(top, [None, "Total Project Count", "MW Capacity"])
        months = [m for m in VINTAGES if m <= vintage]
        for row, month in enumerate(months, start=1):
            trend.row(top + row, [f"{month:%b-%y}", len(active) + offset, None])


# --- the MIS document list -----------------------------------------------------------------

REPORT_FILE_MONTHS = {8: "Aug"}  # ERCOT names some months short (GIS_Report_Aug2026)


def report_friendly_name(vintage: date) -> str:
    month = REPORT_FILE_MONTHS.get(vintage.month, f"{vintage:%B}")
    return f"GIS_Report_{month}{vintage.year}"


def doc_id(vintage: date, offset: int = 0) -> str:
    return str(1_190_000_000 + (vintage.year * 12 + vintage.month) * 7919 + offset)


def mis_document(name: str, doc: str, published: datetime, size: int) -> dict:
    stamp_text = published.astimezone(UTC) - timedelta(hours=5)
    return {
        "Document": {
            "ExpiredDate": f"{(stamp_text + timedelta(days=400)):%Y-%m-%dT%H:%M:%S}-05:00",
            "ILMStatus": "EXT",
            "SecurityStatus": "P",
            "ContentSize": str(size),
            "Extension": "xlsx",
            "ReportTypeID": int(REPORT_TYPE_ID),
            "FriendlyName": name,
            "ConstructedName": (
                f"rpt.00015933.0000000000000000.{stamp_text:%Y%m%d.%H%M%S}523.{name}.xlsx"
            ),
            "DocID": doc,
            "PublishDate": f"{stamp_text:%Y-%m-%dT%H:%M:%S}-05:00",
        }
    }


def document_list(vintage: date, sizes: dict[date, int]) -> bytes:
    """The MIS list as of the vintage's publication: every GIS Report so far, newest first,
    each beside the co-located battery report published with it."""
    documents = []
    for month in sorted((m for m in VINTAGES if m <= vintage), reverse=True):
        published = report_published(month)
        battery = f"Co-located_Battery_Identification_Report_{month:%B}_{month.year}"
        documents.append(mis_document(battery, doc_id(month, 1), published, 48_213))
        documents.append(
            mis_document(report_friendly_name(month), doc_id(month), published, sizes[month])
        )
    payload = {"ListDocsByRptTypeRes": {"DocumentList": documents}}
    return (json.dumps(payload, indent=1) + "\n").encode()


def recorded_vintage(vintage: date, workbook: bytes, sizes: dict[date, int]) -> list[Recorded]:
    """The MIS document list as the vintage's report was published, and the report itself."""
    published, folder = report_published(vintage), vintage.isoformat()
    return [
        Recorded(
            vintage,
            DOCUMENT_LIST_REQUEST.public_url,
            f"{folder}/IceDocListJsonWS.json",
            document_list(vintage, sizes),
            JSON,
            published,
        ),
        Recorded(
            vintage,
            download_request(doc_id(vintage)).public_url,
            f"{folder}/{report_friendly_name(vintage)}.xlsx",
            workbook,
            XLSX,
            published,
        ),
    ]


def write_ercot_gis_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write each vintage's document list and workbook, and `responses.json`."""
    projects = simulate_queue(scale, seed)
    workbooks = {vintage: workbook_bytes(projects, vintage) for vintage in VINTAGES}
    sizes = {vintage: len(content) for vintage, content in workbooks.items()}
    responses = (
        response
        for vintage, content in workbooks.items()
        for response in recorded_vintage(vintage, content, sizes)
    )
    return write_snapshot(source_dir, [v.isoformat() for v in VINTAGES], responses)
