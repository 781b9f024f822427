"""Synthetic CAISO Public Queue Reports: three monthly runs in the real workbook layout.

Two kinds of project:
- projects drawn from the simulated EIA fleet (`simulate_fleet`): every California unit group
  (a plant's units of one technology, split by whether they already operated when the
  window opened) becomes a queue request in the same county with the same technology, about
  the same MW and a name like the EIA plant name; its sheet and milestone follow the unit's
  EIA status in the report's month (planned → active, operating → completed, canceled →
  withdrawn), so a later link between queue and EIA can be checked;
- scripted projects, one `Story` each, that exercise what comparing vintages must detect:
  advances, a backwards move, withdrawals to the withdrawn sheet, completions, a suspension,
  a project that simply vanishes, new requests.
The first run predates the TPD allocation columns, the second lacks `Net MWs to Grid` (so
capacity falls back to MW-1 + MW-2 + MW-3). Everything is a pure function of (scale, seed).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

import xlsxwriter

from maestro_assets.lib.months import add_months, month_start
from maestro_assets.lib.sources.caiso_queue import (
    ACTIVE_SHEET,
    COMPLETED_SHEET,
    REPORT_REQUEST,
    WITHDRAWN_SHEET,
    status_key,
)
from maestro_assets.lib.spreadsheet import column_name
from maestro_assets.lib.synthetic.eia860m import (
    CANCELED,
    LADDER,
    OPERATING,
    PLANNED,
    RETIRED,
    WINDOW_MONTHS,
    XLSX,
    GeneratorMonth,
    simulate_fleet,
)
from maestro_assets.lib.synthetic.queue_fleet import (
    EIA_FLEET_SEED,
    Recorded,
    new_workbook,
    published_at,
    write_cells,
    write_snapshot,
)

DEFAULT_SEED = 4242
RUN_DATES = (date(2026, 6, 24), date(2026, 7, 23), date(2026, 8, 25))
WITHOUT_TPD_COLUMNS = RUN_DATES[0]  # the first run predates the TPD allocation columns
WITHOUT_NET_MW_COLUMN = RUN_DATES[1]
CAISO_BALANCING_AUTHORITY = "CISO"
BODY_DIR = "reports"
CREATED_AT = time(6)  # the workbook's own timestamp, naive
PUBLISHED_AT = time(14)  # UTC

SHEETS = (ACTIVE_SHEET, COMPLETED_SHEET, WITHDRAWN_SHEET)
APPLICATION_STATUS = {
    ACTIVE_SHEET: "ACTIVE",
    COMPLETED_SHEET: "COMPLETED",
    WITHDRAWN_SHEET: "WITHDRAWN",
}

# Progress of an active request, least advanced first.
IN_STUDY, PHASE_I, PHASE_II, IA_IN_PROGRESS, IA_EXECUTED = MILESTONES = (
    "In Study",
    "Phase I Complete",
    "Phase II Complete",
    "IA In Progress",
    "IA Executed",
)
EIA_STATUS_MILESTONE = {
    "P": PHASE_I,
    "L": PHASE_II,
    "OT": PHASE_II,
    "T": IA_IN_PROGRESS,
    "U": IA_EXECUTED,
    "V": IA_EXECUTED,
    "TS": IA_EXECUTED,
}

# --- projects -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Triple:
    """One Type-n / Fuel-n / MW-n column triple."""

    type: str
    fuel: str
    mw: float


@dataclass(frozen=True)
class Project:
    """What a request keeps from run to run."""

    queue_position: str | int
    name: str
    received: date
    queued: date
    study_process: str
    triples: tuple[Triple, ...]
    net_mw: float
    deliverability: str
    county: str
    state: str
    utility: str
    study_region: str | None
    poi: str
    proposed_online: date
    story: str
    eia_plant_id: int | None = None
    eia_generator_ids: tuple[str, ...] = ()

    @property
    def total_mw(self) -> float:
        return round(sum(t.mw for t in self.triples), 4)


@dataclass(frozen=True)
class Listing:
    """A request as one run of the report lists it."""

    project: Project
    sheet: str
    milestone: str = IN_STUDY
    current_online: date | None = None
    actual_online: date | None = None
    withdrawn: date | None = None
    withdrawal_reason: str | None = None
    suspended: bool = False
    phase_i_restudy: bool = False
    confidential_name: bool = False

    @property
    def status_key(self) -> str | None:
        """The key the parser and staging model compose from this listing's cells."""
        cells = {column_name(title): value for title, value in cell_values(self).items()}
        return status_key(cells)


Report = list[Listing]  # one run: its listings, sheet by sheet in queue order

# --- scripted stories -----------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    """A scripted kind of request: how many per unit of scale, and its listing in each run."""

    name: str
    count: int
    listings: Callable[[random.Random, Project], list[Listing | None]]  # aligned with RUN_DATES


def _active(project: Project, milestone: str, **changes) -> Listing:
    return Listing(
        project, ACTIVE_SHEET, milestone, current_online=project.proposed_online, **changes
    )


def _withdrawn(listing: Listing, day: date, reason: str) -> Listing:
    return replace(
        listing, sheet=WITHDRAWN_SHEET, withdrawn=day, withdrawal_reason=reason, suspended=False
    )


def _completed(project: Project, day: date) -> Listing:
    return Listing(project, COMPLETED_SHEET, IA_EXECUTED, actual_online=day)


def _steady(rng: random.Random, project: Project) -> list[Listing | None]:
    listing = _active(project, rng.choice(MILESTONES))
    slipped = replace(listing, current_online=add_months(project.proposed_online, 6))
    later = slipped if rng.random() < 0.3 else listing  # an on-line date sometimes slips
    return [listing, later, later]


def _advancing(rng: random.Random, project: Project) -> list[Listing | None]:
    first = rng.randrange(len(MILESTONES) - 2)
    return [_active(project, MILESTONES[first + step]) for step in range(len(RUN_DATES))]


def _completing(rng: random.Random, project: Project) -> list[Listing | None]:
    executed = _active(project, IA_EXECUTED)
    return [executed, executed, _completed(project, RUN_DATES[2].replace(day=3))]


def _withdrawing(rng: random.Random, project: Project) -> list[Listing | None]:
    listing = _active(project, rng.choice(MILESTONES[:4]))
    run = rng.choice((1, 2))
    day = RUN_DATES[run].replace(day=rng.randint(2, 20))
    reason = rng.choice(WITHDRAWAL_REASONS)
    gone = _withdrawn(listing, day, reason)
    return [listing, *(gone if index >= run else listing for index in (1, 2))]


def _vanishing(rng: random.Random, project: Project) -> list[Listing | None]:
    return [_active(project, rng.choice(MILESTONES)), None, None]  # not withdrawn: just gone


def _regressing(rng: random.Random, project: Project) -> list[Listing | None]:
    studied = _active(project, PHASE_I)
    restudy = _active(project, IN_STUDY, phase_i_restudy=True)  # Phase I back to Re-Study
    return [studied, restudy, studied]


def _suspending(rng: random.Random, project: Project) -> list[Listing | None]:
    executed = _active(project, IA_EXECUTED)
    suspended = replace(executed, suspended=True)
    return [executed, suspended, suspended]


def _newcomer(rng: random.Random, project: Project) -> list[Listing | None]:
    first = rng.choice((1, 2))
    return [None if index < first else _active(project, IN_STUDY) for index in range(3)]


def _long_withdrawn(rng: random.Random, project: Project) -> list[Listing | None]:
    day = add_months(project.queued, rng.randint(8, 30)).replace(day=rng.randint(2, 27))
    listing = Listing(
        project,
        WITHDRAWN_SHEET,
        rng.choice(MILESTONES[:3]),
        current_online=project.proposed_online,
        withdrawn=day,
        withdrawal_reason=rng.choice(WITHDRAWAL_REASONS),
        confidential_name=rng.random() < 0.5,
    )
    return [listing] * len(RUN_DATES)


def _long_completed(rng: random.Random, project: Project) -> list[Listing | None]:
    online = add_months(project.proposed_online, rng.randint(-6, 6)).replace(day=12)
    listing = _completed(project, min(online, LAST_COMPLETION))
    return [listing] * len(RUN_DATES)


STORIES = (
    Story("steady", 10, _steady),
    Story("advancing", 4, _advancing),
    Story("completing", 2, _completing),
    Story("withdrawing", 3, _withdrawing),
    Story("vanishing", 1, _vanishing),
    Story("regressing", 1, _regressing),
    Story("suspending", 1, _suspending),
    Story("newcomer", 4, _newcomer),
    Story("long_withdrawn", 4, _long_withdrawn),
    Story("long_completed", 3, _long_completed),
)
EIA_STORY = "eia"

# --- reference data -------------------------------------------------------------------------

WITHDRAWAL_REASONS = (
    "Customer Initiated Withdrawal",
    "IC Request",
    "Customer Milestone Not Met",
    "Failure to Cure Deficiency",
)
NAME_CORES = (
    "Tumbleweed", "Chaparral", "Sagebrush", "Condor", "Manzanita", "Yucca Valley", "Borrego",
    "Panoche", "Tehachapi Ridge", "Mojave Sun", "Salton", "Owens", "Carrizo", "Kettleman",
    "Avenal", "Lucerne", "Rosamond", "Daggett", "Amargosa", "Cuyama", "Arlington", "Westlands",
)  # fmt: skip
PLACES = (
    ("KERN", "CA", "SCE", "Northern", "Windhub Substation 230 kV"),
    ("RIVERSIDE", "CA", "SCE", "Eastern", "Red Bluff 500 kV"),
    ("SAN BERNARDINO", "CA", "SCE", "NOL", "Lugo Substation 500 kV"),
    ("IMPERIAL", "CA", "SDGE", "SDGE", "Imperial Valley 230 kV"),
    ("FRESNO", "CA", "PGAE", "Fresno", "Gates 230 kV"),
    ("KINGS", "CA", "PGAE", "Fresno", "Henrietta 70 kV"),
    ("MERCED", "CA", "PGAE", "Fresno", "Los Banos 500 kV"),
    ("LOS ANGELES", "CA", "SCE", "Northern", "Vincent Substation 500 kV"),
    ("SOLANO", "CA", "PGAE", "Northern", "Birds Landing 230 kV"),
    ("CLARK", "NV", "VEA", None, "Innovation Substation 230 kV"),
    ("NYE", "NV", "GLW", "EOP", "Trout Canyon 230 kV"),
    ("LA PAZ", "AZ", "SCE", "Eastern", "Colorado River 500 kV"),
)
EIA_PLACES = {  # county of a simulated EIA plant -> (utility, PTO study region, station)
    "Kern": ("SCE", "Northern", "Whirlwind Substation 230 kV"),
    "Riverside": ("SCE", "Eastern", "Devers 230 kV"),
    "San Bernardino": ("SCE", "NOL", "Kramer 230 kV"),
    "Imperial": ("SDGE", "SDGE", "Imperial Valley 230 kV"),
    "Fresno": ("PGAE", "Fresno", "Tranquillity 230 kV"),
}
SOLAR = Triple("Photovoltaic", "Solar", 0)
STORAGE = Triple("Storage", "Battery", 0)
WIND = Triple("Wind Turbine", "Wind Turbine", 0)
GEOTHERMAL = Triple("Steam Turbine", "Geothermal", 0)
GAS_CT = Triple("Combustion Turbine", "Natural Gas", 0)
GAS_CC = Triple("Combined Cycle", "Natural Gas", 0)
MIXES = (  # (triples, name suffixes, weight)
    ((SOLAR,), ("SOLAR", "SOLAR PROJECT", "SOLAR FARM"), 25),
    ((STORAGE,), ("ENERGY STORAGE", "BESS", "STORAGE"), 30),
    ((SOLAR, STORAGE), ("SOLAR AND STORAGE", "HYBRID"), 20),
    ((WIND,), ("WIND", "WIND ENERGY"), 8),
    ((WIND, STORAGE), ("WIND AND STORAGE",), 5),
    ((SOLAR, WIND, STORAGE), ("RENEWABLE ENERGY CENTER",), 4),
    ((GEOTHERMAL,), ("GEOTHERMAL",), 4),
    ((GAS_CT,), ("PEAKER",), 4),
)
EIA_TRIPLES = {  # EIA technology name -> the queue's type and fuel
    "Solar Photovoltaic": SOLAR,
    "Batteries": STORAGE,
    "Onshore Wind Turbine": WIND,
    "Natural Gas Fired Combustion Turbine": GAS_CT,
    "Natural Gas Fired Combined Cycle": GAS_CC,
}
CLUSTERS = (  # (study process, first queue position, application window month)
    ("C12", 1600, date(2019, 4, 1)),
    ("C13", 1760, date(2020, 4, 1)),
    ("C14", 1900, date(2021, 4, 1)),
    ("ISP", 2250, date(2022, 9, 1)),
    ("C15", 2400, date(2023, 4, 1)),
)
NEWCOMER_CLUSTER = ("C16", 2900, date(2026, 4, 1))
SERIAL = ("Serial LGIP", 300, date(2008, 1, 1))  # requests from before the cluster process
LAST_COMPLETION = date(2026, 1, 15)  # long-completed requests came on line before the runs
DELIVERABILITY = ("Full Capacity", "Partial Capacity", "Energy Only")


class ProjectMaker:
    """Draws requests with unique queue positions, in a fixed order of random draws."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._next_position = {
            name: first for name, first, _ in (*CLUSTERS, NEWCOMER_CLUSTER, SERIAL)
        }
        self._suffixed = 0
        self._taken: set[int] = set()

    def position(self, cluster: str) -> str | int:
        """The cluster's next number; at scale > 1 a cluster outgrows its range and runs into
        the next one's, so a number already taken moves on to the next free one."""
        number = self._next_position[cluster]
        while number in self._taken:
            number += 1
        self._taken.add(number)
        self._next_position[cluster] = number + self.rng.randint(1, 9)
        if self.rng.random() < 0.05:  # a split request: the report keeps it as text, '1905A'
            self._suffixed += 1
            return f"{number}{'ABC'[self._suffixed % 3]}"
        return number

    def dates(self, window: date) -> tuple[date, date, date]:
        received = window.replace(day=self.rng.randint(1, 28))
        queued = add_months(received, self.rng.choice((0, 0, 1))).replace(day=received.day)
        online = add_months(window, self.rng.randint(48, 84))
        return received, queued, online

    def scripted(self, story: str) -> Project:
        rng = self.rng
        cluster = NEWCOMER_CLUSTER if story == "newcomer" else rng.choice(CLUSTERS)
        study, _, window = cluster
        position = self.position(study)
        triples, suffixes, _ = rng.choices(MIXES, weights=[m[2] for m in MIXES])[0]
        sized = tuple(
            replace(t, mw=round(rng.uniform(20, 400), rng.choice((0, 1, 2)))) for t in triples
        )
        total = sum(t.mw for t in sized)
        net = round(total * rng.uniform(0.6, 0.9), 2) if len(sized) > 1 else total
        county, state, utility, region, station = rng.choice(PLACES)
        received, queued, online = self.dates(window)
        return Project(
            queue_position=position,
            name=f"{rng.choice(NAME_CORES).upper()} {rng.choice(suffixes)}",
            received=received,
            queued=queued,
            study_process=study,
            triples=sized,
            net_mw=net,
            deliverability=rng.choice(DELIVERABILITY),
            county=county,
            state=state,
            utility=utility,
            study_region=region,
            poi=station,
            proposed_online=online,
            story=story,
        )

    def from_eia(self, group: list[GeneratorMonth], name: str, online: date) -> Project:
        rng = self.rng
        generator = group[0].generator
        site = generator.site
        nameplate = round(sum(r.generator.nameplate_mw for r in group), 1)
        triple = replace(EIA_TRIPLES[generator.technology.name], mw=nameplate)
        utility, region, station = EIA_PLACES[site.county]
        queued = add_months(online, -rng.randint(40, 72)).replace(day=rng.randint(1, 28))
        study = next((c[0] for c in reversed(CLUSTERS) if c[2] <= queued), SERIAL[0])
        return Project(
            queue_position=self.position(study),
            name=name,
            received=queued,
            queued=queued,
            study_process=study,
            triples=(triple,),
            net_mw=round(nameplate * rng.uniform(0.96, 1.0), 2),  # within 5% of EIA nameplate
            deliverability=rng.choice(DELIVERABILITY),
            county=site.county.upper(),
            state=site.state,
            utility=utility,
            study_region=region,
            poi=station,
            proposed_online=online,
            story=EIA_STORY,
            eia_plant_id=site.plant_id,
            eia_generator_ids=tuple(r.generator.generator_id for r in group),
        )


# --- projects drawn from the EIA fleet ------------------------------------------------------

UnitKey = tuple[int, str]  # (Plant ID, Generator ID)


def eia_months() -> list[date]:
    return [month_start(run) for run in RUN_DATES]


def caiso_unit_groups(
    fleet: dict[date, list[GeneratorMonth]],
) -> list[list[UnitKey]]:
    """California ISO units grouped as queue requests: by plant and technology, and apart
    whether a unit already operated in the first month (a later addition is its own request).
    Retired units never are."""
    operating_first = {
        (r.generator.site.plant_id, r.generator.generator_id)
        for r in fleet[eia_months()[0]]
        if r.sheet == OPERATING
    }
    groups: dict[tuple[int, str, bool], list[UnitKey]] = {}
    seen: set[UnitKey] = set()
    for month in eia_months():
        for record in fleet[month]:
            generator = record.generator
            key = (generator.site.plant_id, generator.generator_id)
            if generator.site.balancing_authority != CAISO_BALANCING_AUTHORITY or key in seen:
                continue
            seen.add(key)
            if record.sheet == RETIRED or generator.technology.name not in EIA_TRIPLES:
                continue
            operated = key in operating_first
            group = (generator.site.plant_id, generator.technology.name, not operated)
            groups.setdefault(group, []).append(key)
    return [units for _, units in sorted(groups.items())]  # operating units first


def eia_listing(
    project: Project, records: list[GeneratorMonth], withdrawn: date | None
) -> Listing | None:
    """The request's listing in a month, from its units' EIA records that month; a canceled
    request is withdrawn on `withdrawn`."""
    planned = [r for r in records if r.sheet == PLANNED]
    if planned:
        least = min(planned, key=lambda r: LADDER.index(r.status) if r.status in LADDER else 0)
        online = min(r.planned_operation for r in planned)
        return Listing(project, ACTIVE_SHEET, EIA_STATUS_MILESTONE[least.status], online)
    operating = [r for r in records if r.sheet in (OPERATING, RETIRED)]  # still completed
    if operating and len(operating) == len(records):
        day = min(r.operating for r in operating if r.operating)
        return _completed(project, day.replace(day=15))
    if any(r.sheet == CANCELED for r in records):
        return Listing(
            project,
            WITHDRAWN_SHEET,
            PHASE_I,
            current_online=project.proposed_online,
            withdrawn=withdrawn,
            withdrawal_reason="Customer Initiated Withdrawal",
        )
    return None


def withdrawal_date(fleet: dict[date, list[GeneratorMonth]], units: list[UnitKey]) -> date | None:
    """Mid-month before the first data month that lists one of the units as canceled."""
    canceled = [
        month
        for month in WINDOW_MONTHS
        for r in fleet[month]
        if r.sheet == CANCELED and (r.generator.site.plant_id, r.generator.generator_id) in units
    ]
    return add_months(min(canceled), -1).replace(day=16) if canceled else None


def eia_name(rng: random.Random, plant_name: str, technology: str, taken: set[str]) -> str:
    """A request name like the EIA plant name: as is, or with PROJECT / STORAGE / II added."""
    base = plant_name.upper()
    if technology == "Batteries" and "STORAGE" not in base and "BESS" not in base:
        base = f"{base} STORAGE"
    name = rng.choice((base, base if base.endswith("PROJECT") else f"{base} PROJECT", base))
    return f"{name} II" if name in taken else name


def eia_projects(
    maker: ProjectMaker, fleet: dict[date, list[GeneratorMonth]]
) -> Iterator[tuple[Project, list[Listing | None]]]:
    by_unit = {
        month: {(r.generator.site.plant_id, r.generator.generator_id): r for r in fleet[month]}
        for month in eia_months()
    }
    taken: set[str] = set()
    for units in caiso_unit_groups(fleet):
        history = [[by_unit[m][u] for u in units if u in by_unit[m]] for m in eia_months()]
        known = [records for records in history if records]
        generator = known[0][0].generator
        name = eia_name(maker.rng, generator.site.plant_name, generator.technology.name, taken)
        taken.add(name)
        first = known[0]
        online = min(
            (r.planned_operation or r.operating or eia_months()[0] for r in first),
            default=eia_months()[0],
        )
        project = maker.from_eia(first, name, online)
        withdrawn = withdrawal_date(fleet, units)
        listings = [
            eia_listing(project, records, withdrawn) if records else _active(project, IN_STUDY)
            for records in history
        ]
        yield project, listings


# --- the reports ----------------------------------------------------------------------------


def simulate_reports(scale: int = 1, seed: int = DEFAULT_SEED) -> dict[date, Report]:
    """Each run date's listings: EIA-derived requests first, then the scripted stories."""
    rng = random.Random(seed)
    maker = ProjectMaker(rng)
    histories: list[list[Listing | None]] = []
    fleet = simulate_fleet(scale, seed=EIA_FLEET_SEED)
    histories += [listings for _, listings in eia_projects(maker, fleet)]
    for _ in range(scale):
        for story in STORIES:
            for _ in range(story.count):
                project = maker.scripted(story.name)
                histories.append(story.listings(rng, project))
    return {
        run: sorted(
            (h[index] for h in histories if h[index] is not None),
            key=lambda listing: position_order(listing.project.queue_position),
        )
        for index, run in enumerate(RUN_DATES)
    }


def position_order(position: str | int) -> tuple[int, str]:
    text = str(position)
    digits = text.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return int(digits), text[len(digits) :]


# --- workbook layout ------------------------------------------------------------------------

Cell = str | int | float | datetime | None

LEADING = (
    "Queue Position", "Interconnection Request\nReceive Date", "Queue Date", "Application Status",
)  # fmt: skip
FACILITY = (
    "Study\nProcess", "Type-1", "Type-2", "Type-3", "Fuel-1", "Fuel-2", "Fuel-3",
    "MW-1", "MW-2", "MW-3", "Net MWs to Grid", "Full Capacity, Partial or Energy Only (FC/P/EO)",
)  # fmt: skip
TPD = ("TPD Allocation Percentage", "TPD Allocation Group")
STUDIES = (
    "Feasibility Study or Supplemental Review", "System Impact Study or \nPhase I Cluster Study",
    "Facilities Study (FAS) or \nPhase II Cluster Study", "Optional Study\n(OS)",
    "Interconnection Agreement \nStatus",
)  # fmt: skip
PROPOSED_ONLINE = "Proposed\nOn-line Date\n(as filed with IR)"
SHEET_COLUMNS = {
    ACTIVE_SHEET: (
        "Project Name", *LEADING, *FACILITY, TPD[0], "Off-Peak Deliverability and Economic Only",
        TPD[1], "County", "State", "Utility", "PTO Study Region", "Station or Transmission Line",
        PROPOSED_ONLINE, "Current\nOn-line Date", "Suspension Status", *STUDIES,
    ),
    COMPLETED_SHEET: (
        "Project Name", *LEADING, *FACILITY, TPD[0], "Off-Peak Deliverability and Economic Only",
        TPD[1], "County", "State", "Utility", "PTO Study Region", "Station or Transmission Line",
        PROPOSED_ONLINE, "Actual\nOn-line Date", *STUDIES,
    ),
    WITHDRAWN_SHEET: (
        "Project Name - Confidential", *LEADING[:4], "Withdrawn Date", *FACILITY,
        "Off-Peak Deliverability and Economic Only", "County", "State", "Utility",
        "Station or Transmission Line", PROPOSED_ONLINE, "Current\nOn-line Date", *STUDIES,
        "Reason for Withdrawal",
    ),
}  # fmt: skip
# The group captions of the row above the header, placed over their first column.
GROUP_CAPTIONS = {
    "Type-1": "Generating Facility",
    "MW-1": "MWs",
    "Full Capacity, Partial or Energy Only (FC/P/EO)": "Deliverability\nStatus",
    "County": "Location",
    "Utility": "Point of Interconnection",
    "Feasibility Study or Supplemental Review": "Study Availability",
}
TITLE_COLUMN = {ACTIVE_SHEET: 5, COMPLETED_SHEET: 4, WITHDRAWN_SHEET: 3}
TITLE_KIND = {ACTIVE_SHEET: "Active", COMPLETED_SHEET: "Completed", WITHDRAWN_SHEET: "Withdrawn"}
LEGEND = (
    "● Study Process Key:  Active=in study through construction; Complete=in commercial "
    "operation; Withdrawn=withdrawn from the queue",
    "● Study Process Key:  C12..C16=queue cluster windows, ISP=Independent Study Process, "
    "SGIP=Small Generator Interconnection Procedure",
    "● Generating Facility Type Key:  CT=Combustion Turbine, PV=Photovoltaic, STR=Storage, "
    "WT=Wind Turbine",
    "● Generating Facility Fuel Key:  BAT=Battery, G=Geothermal, NG=Natural Gas, S=Solar, W=Wind",
)
DISCLAIMER = (
    "The contents of these pages are subject to change without notice (synthetic report for "
    "offline testing)."
)


def columns_for(sheet: str, run: date) -> tuple[str, ...]:
    dropped = set()
    if run == WITHOUT_TPD_COLUMNS:
        dropped |= set(TPD)
    if run == WITHOUT_NET_MW_COLUMN:
        dropped.add("Net MWs to Grid")
    return tuple(c for c in SHEET_COLUMNS[sheet] if c not in dropped)


def pacific(day: date | None) -> datetime | None:
    """A date as CAISO stores it: Pacific midnight written as its UTC time (07:00 or 08:00)."""
    if day is None:
        return None
    summer = date(day.year, 3, 14) <= day < date(day.year, 11, 7)
    return datetime.combine(day, time(7 if summer else 8))


def _study_cells(listing: Listing) -> dict[str, Cell]:
    rank = MILESTONES.index(listing.milestone)
    done = listing.sheet == COMPLETED_SHEET
    phase_i = "Re-Study" if listing.phase_i_restudy else "Complete" if done or rank >= 1 else None
    phase_ii = "Complete" if done or rank >= 2 else None
    ia = {IA_IN_PROGRESS: "In Progress", IA_EXECUTED: "Executed"}.get(listing.milestone)
    return {
        "Feasibility Study or Supplemental Review": "NA",
        "System Impact Study or \nPhase I Cluster Study": phase_i,
        "Facilities Study (FAS) or \nPhase II Cluster Study": phase_ii,
        "Optional Study\n(OS)": "NA",
        "Interconnection Agreement \nStatus": "Executed" if done else ia,
    }


def cell_values(listing: Listing) -> dict[str, Cell]:
    """Every column's cell for a listing, by header title (a sheet writes those it has)."""
    project = listing.project
    triples = [*project.triples, None, None, None][:3]
    deliverable = project.deliverability != "Energy Only"
    off_peak = None if deliverable else "Off-Peak Energy Only"
    cells: dict[str, Cell] = {
        "Project Name": project.name,
        "Project Name - Confidential": None if listing.confidential_name else project.name,
        "Queue Position": project.queue_position,
        "Interconnection Request\nReceive Date": datetime.combine(project.received, time()),
        "Queue Date": pacific(project.queued),
        "Application Status": APPLICATION_STATUS[listing.sheet],
        "Withdrawn Date": pacific(listing.withdrawn),
        "Study\nProcess": project.study_process,
        "Net MWs to Grid": project.net_mw,
        "Full Capacity, Partial or Energy Only (FC/P/EO)": project.deliverability,
        "TPD Allocation Percentage": 50 if project.deliverability == "Partial Capacity" else None,
        "Off-Peak Deliverability and Economic Only": off_peak,
        "TPD Allocation Group": "Group 2" if deliverable else None,
        "County": project.county,
        "State": project.state,
        "Utility": project.utility,
        "PTO Study Region": project.study_region,
        "Station or Transmission Line": project.poi,
        PROPOSED_ONLINE: pacific(project.proposed_online),
        "Current\nOn-line Date": pacific(listing.current_online),
        "Actual\nOn-line Date": pacific(listing.actual_online),
        "Suspension Status": "Suspended" if listing.suspended else None,
        "Reason for Withdrawal": listing.withdrawal_reason,
        **_study_cells(listing),
    }
    for number, triple in enumerate(triples, start=1):
        cells[f"Type-{number}"] = triple.type if triple else None
        cells[f"Fuel-{number}"] = triple.fuel if triple else None
        cells[f"MW-{number}"] = triple.mw if triple else None
    return cells


def _write_sheet(book: xlsxwriter.Workbook, sheet: str, listings: Report, run: date) -> None:
    worksheet = book.add_worksheet(sheet)
    dated = book.add_format({"num_format": "m/d/yyyy"})
    wrapped = book.add_format({"text_wrap": True, "bold": True})
    columns = columns_for(sheet, run)
    worksheet.write_string(0, len(columns) - 2, f"Report Run Date: {run:%m/%d/%Y}")
    if sheet == COMPLETED_SHEET:
        worksheet.write_string(1, 1, " ")
    title = f"The California ISO Controlled Grid Generation Queue for All: {TITLE_KIND[sheet]}"
    worksheet.write_string(1, TITLE_COLUMN[sheet], title)
    for column, caption in GROUP_CAPTIONS.items():
        if column in columns:
            worksheet.write_string(2, columns.index(column), caption, wrapped)
    worksheet.write_row(3, 0, columns, wrapped)
    row = 3
    for row, listing in enumerate((x for x in listings if x.sheet == sheet), start=4):
        values = cell_values(listing)
        write_cells(worksheet, row, [values[column] for column in columns], dated)
    if sheet == ACTIVE_SHEET:
        row += 2
        worksheet.write_string(row + 1, 2, "Legend:")
        for offset, line in enumerate(LEGEND, start=1):
            worksheet.write_string(row + offset, 3, line)
        row += len(LEGEND)
    worksheet.write_string(row + 2, 0, DISCLAIMER)


def report_bytes(run: date, listings: Report) -> bytes:
    created = datetime.combine(run, CREATED_AT)
    book, output = new_workbook(created, "Public Queue Report", "California ISO")
    for sheet in SHEETS:
        _write_sheet(book, sheet, listings, run)
    book.close()
    return output.getvalue()


def write_caiso_queue_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """One workbook per run date, recorded as that vintage of the report URL."""
    reports = simulate_reports(scale, seed)
    responses = (
        Recorded(
            run,
            REPORT_REQUEST.public_url,
            f"{BODY_DIR}/publicqueuereport_{run:%Y-%m-%d}.xlsx",
            report_bytes(run, listings),
            XLSX,
            published_at(run, PUBLISHED_AT),
        )
        for run, listings in reports.items()
    )
    return write_snapshot(source_dir, (BODY_DIR,), responses)
