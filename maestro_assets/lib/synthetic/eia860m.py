"""The simulated generator fleet, and the EIA-860M workbooks and landing page drawn from it.

`simulate_fleet` is the one source of truth for every synthetic source: each generator gets
a history, one record per data month (or none where that month's file does not list it).
Planned units climb the status ladder P→L→T→U→V→TS→OP, slip their planned dates or get
canceled; a couple of operating units retire; new planned units appear in later months.
Everything is a pure function of (scale, seed): one `random.Random(seed)`, consumed in a
fixed order, and fixed timestamps, so the xlsx files are byte-identical across runs.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import xlsxwriter

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.months import MONTH_NAMES, add_months, months_between
from maestro_assets.lib.sources.eia860m import (
    LANDING_REQUEST,
    discover_workbooks,
    workbook_filename,
)
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

DEFAULT_SEED = 860

# The six consecutive data months both sources cover, and one month in the older layout.
WINDOW_MONTHS = tuple(months_between(date(2026, 3, 1), date(2026, 8, 1)))
OLDER_LAYOUT_MONTH = date(2020, 6, 1)
ALL_MONTHS = (OLDER_LAYOUT_MONTH, *WINDOW_MONTHS)
NEW_LAYOUT_SINCE = date(2020, 11, 1)
CURRENT_FOLDER_MONTHS = 3  # the landing page links this many recent months from xls/

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HTML = "text/html; charset=utf-8"

# --- sheets and statuses -------------------------------------------------------------------

OPERATING, PLANNED, RETIRED, CANCELED = "Operating", "Planned", "Retired", "Canceled or Postponed"
SHEETS = (OPERATING, PLANNED, RETIRED, CANCELED)
PUERTO_RICO = "PR"
BLANK = " "  # how the workbooks spell an empty cell

STATUS_TEXT = {
    "P": "(P) Planned for installation, but regulatory approvals not initiated",
    "L": "(L) Regulatory approvals pending. Not under construction",
    "T": "(T) Regulatory approvals received. Not under construction",
    "U": "(U) Under construction, less than or equal to 50 percent complete",
    "V": "(V) Under construction, more than 50 percent complete",
    "TS": "(TS) Construction complete, but not yet in commercial operation",
    "OT": "(OT) Other",
    "OP": "(OP) Operating",
    "SB": "(SB) Standby/Backup: available for service but not normally used",
    "OA": "(OA) Out of service but expected to return to service in next calendar year",
    "OS": "(OS) Out of service and NOT expected to return to service in next calendar year",
}
LADDER = ("P", "L", "T", "U", "V", "TS", "OP")
CANCELABLE = frozenset({"P", "L", "T", "OT"})
# Months of lead time before planned operation at which a unit typically reaches each status.
LEAD_TIME_STATUS = ((36, "P"), (24, "L"), (15, "T"), (8, "U"), (2, "V"), (0, "TS"))
PLANNING_HORIZON_MONTHS = 48  # units further out than this are not in the file yet

CANCEL_PROBABILITY = 0.03
SLIP_PROBABILITY = 0.08
DOUBLE_STEP_PROBABILITY = 0.15

# --- reference data ------------------------------------------------------------------------


@dataclass(frozen=True)
class StateInfo:
    name: str
    counties: tuple[str, ...]
    balancing_authorities: tuple[str | None, ...]
    latitudes: tuple[float, float]
    longitudes: tuple[float, float]
    utility: tuple[int, str]  # (Entity ID, Entity Name) of the state's utility


STATES = {
    "TX": StateInfo("Texas", ("Pecos", "Reeves", "Nolan", "Brazoria", "Haskell", "Upton"),
        ("ERCO",), (27.0, 35.5), (-104.0, -95.5), (16604, "City of San Antonio - (TX)")),
    "CA": StateInfo("California", ("Kern", "Riverside", "San Bernardino", "Imperial", "Fresno"),
        ("CISO",), (32.7, 37.5), (-120.5, -114.8), (17609, "Southern California Edison Co")),
    "IA": StateInfo("Iowa", ("Story", "Palo Alto", "O'Brien", "Adair", "Kossuth"),
        ("MISO",), (40.6, 43.4), (-96.5, -90.2), (12341, "MidAmerican Energy Co")),
    "OK": StateInfo("Oklahoma", ("Custer", "Woodward", "Kay", "Grady", "Caddo"),
        ("SWPP",), (34.0, 36.9), (-100.0, -94.5), (14063, "Oklahoma Gas & Electric Co")),
    "NY": StateInfo("New York", ("Jefferson", "Steuben", "Orange", "Genesee", "St. Lawrence"),
        ("NYIS",), (40.6, 44.9), (-79.7, -73.7), (15296, "Power Authority of State of NY")),
    "IL": StateInfo("Illinois", ("McLean", "Vermilion", "Will", "Livingston", "Iroquois"),
        ("MISO", "PJM"), (37.0, 42.4), (-91.4, -87.6), (17828, "City of Springfield - (IL)")),
    "PA": StateInfo("Pennsylvania", ("Cambria", "Somerset", "Luzerne", "Lancaster", "Lackawanna"),
        ("PJM",), (39.8, 41.9), (-80.5, -75.0), (14711, "PPL Electric Utilities Corp")),
    "OH": StateInfo("Ohio", ("Hardin", "Champaign", "Van Wert", "Lawrence", "Clermont"),
        ("PJM",), (38.5, 41.9), (-84.8, -80.6), (14015, "Ohio Valley Electric Corp")),
    "VA": StateInfo("Virginia", ("Pittsylvania", "Mecklenburg", "Sussex", "Halifax"),
        ("PJM",), (36.6, 39.4), (-83.0, -75.3), (19876, "Virginia Electric & Power Co")),
    "AZ": StateInfo("Arizona", ("Maricopa", "Pinal", "Yuma", "Mohave", "Apache"),
        ("AZPS", "SRP", "TEPC"), (31.4, 36.9), (-114.7, -109.1),
        (803, "Arizona Public Service Co")),
    "NV": StateInfo("Nevada", ("Clark", "Nye", "Esmeralda", "Churchill", "Lyon"),
        ("NEVP",), (35.1, 41.9), (-119.9, -114.1), (13407, "Nevada Power Co")),
    "CO": StateInfo("Colorado", ("Weld", "Pueblo", "Adams", "Logan", "Kit Carson"),
        ("PSCO", "WACM"), (37.0, 40.9), (-108.9, -102.1), (15466, "Public Service Co of Colorado")),
    "MN": StateInfo("Minnesota", ("Lincoln", "Pipestone", "Sherburne", "Freeborn", "Mower"),
        ("MISO",), (43.5, 48.9), (-97.2, -89.6), (13781, "Northern States Power Co - Minnesota")),
    "KS": StateInfo("Kansas", ("Ford", "Gray", "Cloud", "Kingman", "Reno"),
        ("SWPP",), (37.0, 39.9), (-101.9, -94.7), (22500, "Evergy Kansas Central, Inc")),
    "NC": StateInfo("North Carolina", ("Robeson", "Cleveland", "Pasquotank", "Nash", "Halifax"),
        ("DUK", "CPLE"), (34.0, 36.5), (-83.9, -76.0), (5416, "Duke Energy Carolinas, LLC")),
    "MA": StateInfo("Massachusetts", ("Plymouth", "Worcester", "Bristol", "Hampden", "Berkshire"),
        ("ISNE",), (41.3, 42.8), (-73.4, -70.0),
        (11806, "Massachusetts Municipal Wholesale Electric Co")),
    PUERTO_RICO: StateInfo("Puerto Rico", ("Salinas", "Guayama", "Ponce", "Humacao"),
        (None,), (17.9, 18.5), (-67.2, -65.6), (15397, "Puerto Rico Electric Power Authority")),
}  # fmt: skip
MAINLAND_STATES = tuple(state for state in STATES if state != PUERTO_RICO)

PARENTS = (
    (56215, "NextEra Energy Resources LLC"),
    (57026, "Invenergy LLC"),
    (58112, "Apex Clean Energy"),
    (56509, "EDF Renewables Development Inc"),
    (58870, "AES Clean Energy Development LLC"),
    (59314, "Pattern Energy Group LP"),
    (57743, "Enel Green Power North America Inc"),
    (59102, "Clearway Energy Group LLC"),
)
PARENT_SHARE = 0.3  # of independent power producers' plants operated by a parent company

NAME_CORES = (
    "Prairie", "Mesa", "Bluestem", "Cedar Creek", "Red Hill", "Sandy Ridge", "Big Sky",
    "Coyote", "Juniper", "Horizon", "Lone Star", "Silver Maple", "Golden Spread", "Eagle Valley",
    "Bison", "Pinyon", "Oak Grove", "Riverbend", "Stony Point", "Clear Fork", "High Plains",
    "Sunflower", "Magnolia", "Copper Mountain", "Whitetail", "Antelope Flats", "Harvest Moon",
    "Iron Horse", "Willow Springs", "Blue Heron",
)  # fmt: skip


@dataclass(frozen=True)
class Technology:
    name: str
    energy_source: str
    energy_source_desc: str
    layouts: tuple[tuple[tuple[str, str], ...], ...]  # possible (Generator ID, Prime Mover) sets
    nameplate_mw: tuple[float, float]
    summer_factor: float
    winter_factor: float
    first_year: int  # earliest operating year of existing units
    plant_suffixes: tuple[str, ...]
    entity_word: str  # "Prairie Wind Energy LLC"
    utility_share: float  # of plants operated by the state's utility
    fossil: bool = False
    unit_code: str | None = None
    energy_hours: tuple[float, ...] = ()  # batteries: MWh per MW
    dc_ratio: tuple[float, float] | None = None  # solar: DC MW per AC MW


TECHNOLOGIES = {
    "solar": Technology(
        "Solar Photovoltaic", "SUN", "Solar",
        ((("PV1", "PV"),), (("PV1", "PV"), ("PV2", "PV")), (("GEN1", "PV"),)),
        (5.0, 300.0), 0.98, 0.97, 2010,
        ("Solar", "Solar Project", "Solar Energy Center", "Solar Farm"), "Solar", 0.1,
        dc_ratio=(1.2, 1.35),
    ),
    "wind": Technology(
        "Onshore Wind Turbine", "WND", "Wind",
        ((("WT1", "WT"),), (("1", "WT"), ("2", "WT")), (("GEN1", "WT"),)),
        (20.0, 400.0), 1.0, 1.0, 2001,
        ("Wind", "Wind Farm", "Wind Energy Center", "Wind Project"), "Wind Energy", 0.1,
    ),
    "battery": Technology(
        "Batteries", "MWH", "Electricity used for energy storage",
        ((("BESS1", "BA"),), (("BA1", "BA"),), (("ES1", "BA"),)),
        (5.0, 250.0), 1.0, 1.0, 2016,
        ("Energy Storage", "BESS", "Storage"), "Energy Storage", 0.15,
        energy_hours=(2.0, 4.0),
    ),
    "gas_cc": Technology(
        "Natural Gas Fired Combined Cycle", "NG", "Natural Gas",
        ((("CT1", "CT"), ("CT2", "CT"), ("ST1", "CA")),),
        (150.0, 350.0), 0.9, 0.97, 1995,
        ("Energy Center", "Generating Station", "Power Station"), "Power", 0.6,
        fossil=True, unit_code="CC1",
    ),
    "gas_ct": Technology(
        "Natural Gas Fired Combustion Turbine", "NG", "Natural Gas",
        ((("1", "GT"), ("2", "GT")), (("GT1", "GT"),), (("CT1", "GT"), ("CT2", "GT"))),
        (20.0, 100.0), 0.92, 0.98, 1970,
        ("Peaking Station", "Generating Station", "Power Plant"), "Peaking Power", 0.6,
        fossil=True,
    ),
    "coal": Technology(
        "Conventional Steam Coal", "BIT", "Bituminous Coal",
        ((("1", "ST"),), (("1", "ST"), ("2", "ST"))),
        (150.0, 650.0), 0.95, 0.96, 1965,
        ("Generating Station", "Steam Plant", "Power Station"), "Generation", 0.8,
        fossil=True,
    ),
}  # fmt: skip

# --- the fleet ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Site:
    """What a plant's generators share: operator, plant and place."""

    entity_id: int
    entity_name: str
    plant_id: int
    plant_name: str
    state: str
    county: str
    balancing_authority: str | None
    sector: str
    latitude: float
    longitude: float


@dataclass(frozen=True, slots=True)
class Generator:
    site: Site
    generator_id: str
    technology: Technology
    prime_mover: str
    unit_code: str | None
    nameplate_mw: float
    summer_mw: float
    winter_mw: float
    energy_mwh: float | None
    dc_mw: float | None


@dataclass(frozen=True, slots=True)
class CapacityChange:
    month: date
    summer_mw: float


@dataclass(frozen=True, slots=True)
class GeneratorMonth:
    """One generator as one month's file lists it: on which sheet, with which status and dates."""

    generator: Generator
    month: date
    sheet: str
    status: str | None = None
    planned_operation: date | None = None
    operating: date | None = None
    retirement: date | None = None
    planned_retirement: date | None = None
    planned_derate: CapacityChange | None = None
    planned_uprate: CapacityChange | None = None

    @property
    def sheet_name(self) -> str:
        """The sheet in the workbook: Puerto Rico units go to the `_PR` twin."""
        return f"{self.sheet}_PR" if self.generator.site.state == PUERTO_RICO else self.sheet


History = list[GeneratorMonth | None]  # aligned with ALL_MONTHS


def months_apart(first: date, last: date) -> int:
    return (last.year - first.year) * 12 + last.month - first.month


def random_month(rng: random.Random, first: date, last: date) -> date:
    return add_months(first, rng.randint(0, months_apart(first, last)))


def lead_time_status(months_ahead: int) -> str:
    return next(status for lead, status in LEAD_TIME_STATUS if months_ahead >= lead)


# Operating units


def _initial_operating_status(rng: random.Random, technology: Technology) -> str:
    standby = 15 if technology.fossil else 0
    return rng.choices(("OP", "SB", "OA", "OS"), weights=(90, standby, 3, 2))[0]


def _next_operating_status(rng: random.Random, status: str) -> str:
    if status == "OP" and rng.random() < 0.01:
        return "OA"
    if status == "OA" and rng.random() < 0.3:
        return "OP"
    return status


def _planned_capacity_change(
    rng: random.Random, generator: Generator, share: float
) -> CapacityChange | None:
    if rng.random() >= share:
        return None
    month = random_month(rng, date(2026, 10, 1), date(2028, 12, 1))
    return CapacityChange(month, round(generator.summer_mw * rng.uniform(0.05, 0.2), 1))


def _operating_record(
    rng: random.Random, generator: Generator, retirement: date | None
) -> GeneratorMonth:
    technology = generator.technology
    planned_retirement = retirement
    if planned_retirement is None and technology.fossil and rng.random() < 0.25:
        planned_retirement = random_month(rng, date(2027, 1, 1), date(2035, 12, 1))
    return GeneratorMonth(
        generator,
        WINDOW_MONTHS[0],
        OPERATING,
        _initial_operating_status(rng, technology),
        operating=random_month(rng, date(technology.first_year, 1, 1), date(2026, 1, 1)),
        planned_retirement=planned_retirement,
        planned_derate=_planned_capacity_change(rng, generator, 0.05 if technology.fossil else 0),
        planned_uprate=_planned_capacity_change(rng, generator, 0 if technology.fossil else 0.05),
    )


def _older_view(record: GeneratorMonth) -> GeneratorMonth | None:
    """An operating unit as the older file listed it: operating, or planned for its start."""
    month = OLDER_LAYOUT_MONTH
    if record.operating <= month:
        return replace(record, month=month, status="OP")
    ahead = months_apart(month, record.operating)
    if ahead > PLANNING_HORIZON_MONTHS:
        return None
    status = lead_time_status(ahead)
    return GeneratorMonth(
        record.generator, month, PLANNED, status, planned_operation=record.operating
    )


def _operating_history(
    rng: random.Random, generator: Generator, retirement: date | None = None
) -> History:
    first = _operating_record(rng, generator, retirement)
    history: History = [_older_view(first)]
    status = first.status
    for month in WINDOW_MONTHS:
        if retirement is not None and month >= retirement:
            history.append(
                GeneratorMonth(
                    generator, month, RETIRED, operating=first.operating, retirement=retirement
                )
            )
            continue
        if month > first.month:
            status = _next_operating_status(rng, status)
        history.append(replace(first, month=month, status=status))
    return history


def _retiring_history(rng: random.Random, generator: Generator) -> History:
    """An operating unit that retires in one of the later data months."""
    return _operating_history(rng, generator, retirement=rng.choice(WINDOW_MONTHS[1:]))


def _retired_history(rng: random.Random, generator: Generator) -> History:
    """A unit retired before the data months: on the Retired sheet throughout."""
    first_year = generator.technology.first_year
    operating = random_month(rng, date(first_year, 1, 1), date(first_year + 20, 1, 1))
    retirement = random_month(
        rng, max(add_months(operating, 60), date(2012, 1, 1)), date(2026, 1, 1)
    )
    retired = GeneratorMonth(
        generator, OLDER_LAYOUT_MONTH, RETIRED, operating=operating, retirement=retirement
    )
    older = retired
    if retirement > OLDER_LAYOUT_MONTH:
        older = GeneratorMonth(
            generator,
            OLDER_LAYOUT_MONTH,
            OPERATING,
            "OP",
            operating=operating,
            planned_retirement=retirement,
        )
    return [older, *(replace(retired, month=month) for month in WINDOW_MONTHS)]


# Planned units


def _advance(rng: random.Random, status: str, months_ahead: int) -> str:
    """Zero, one or two steps up the ladder, likelier as the planned date nears."""
    if status == "OT":
        return status
    chance = 0.65 if months_ahead <= 1 else 0.25 if months_ahead <= 12 else 0.08
    if rng.random() >= chance:
        return status
    steps = 2 if rng.random() < DOUBLE_STEP_PROBABILITY else 1
    return LADDER[min(LADDER.index(status) + steps, len(LADDER) - 1)]


def _slip(rng: random.Random, planned: date, month: date) -> date:
    """Overdue units get a new date; others sometimes push theirs back."""
    if planned < month:
        return add_months(month, rng.randint(1, 4))
    if rng.random() < SLIP_PROBABILITY:
        return add_months(planned, rng.randint(1, 6))
    return planned


def _planned_step(rng: random.Random, record: GeneratorMonth, month: date) -> GeneratorMonth:
    """The same unit one month later."""
    if record.sheet != PLANNED:
        return replace(record, month=month)
    if record.status in CANCELABLE and rng.random() < CANCEL_PROBABILITY:
        return GeneratorMonth(
            record.generator, month, CANCELED, planned_operation=record.planned_operation
        )
    status = _advance(rng, record.status, months_apart(month, record.planned_operation))
    if status == "OP":
        return GeneratorMonth(record.generator, month, OPERATING, "OP", operating=month)
    planned = _slip(rng, record.planned_operation, month)
    return replace(record, month=month, status=status, planned_operation=planned)


def _ladder_history(
    rng: random.Random, generator: Generator, start: int, status: str, planned: date
) -> History:
    """A planned unit first listed in WINDOW_MONTHS[start], simulated month by month."""
    record = GeneratorMonth(
        generator, WINDOW_MONTHS[start], PLANNED, status, planned_operation=planned
    )
    history: History = [None] * (1 + start)
    history.append(record)
    for month in WINDOW_MONTHS[start + 1 :]:
        record = _planned_step(rng, record, month)
        history.append(record)
    return history


def _pipeline_history(rng: random.Random, generator: Generator) -> History:
    """A unit already planned in the first data month, at a status that fits its lead time."""
    ahead = min(int(rng.expovariate(1 / 14)), 60)
    rung = LADDER.index(lead_time_status(ahead))
    if rng.random() < 0.25:
        rung = min(max(rung + rng.choice((-1, 1)), 0), LADDER.index("TS"))
    return _ladder_history(rng, generator, 0, LADDER[rung], add_months(WINDOW_MONTHS[0], ahead))


def _other_status_history(rng: random.Random, generator: Generator) -> History:
    """A planned unit reported with status (OT) Other."""
    planned = add_months(WINDOW_MONTHS[0], rng.randint(3, 30))
    return _ladder_history(rng, generator, 0, "OT", planned)


def _newcomer_history(rng: random.Random, generator: Generator) -> History:
    """A planned unit first listed in one of the later data months."""
    start = rng.randint(1, len(WINDOW_MONTHS) - 1)
    ahead = rng.randint(12, 42)
    planned = add_months(WINDOW_MONTHS[start], ahead)
    return _ladder_history(rng, generator, start, lead_time_status(ahead), planned)


def _canceled_history(rng: random.Random, generator: Generator) -> History:
    """A unit canceled or postponed shortly before the data months."""
    planned = random_month(rng, date(2026, 6, 1), date(2029, 12, 1))
    canceled = (
        GeneratorMonth(generator, m, CANCELED, planned_operation=planned) for m in WINDOW_MONTHS
    )
    return [None, *canceled]


def _canceled_long_ago_history(rng: random.Random, generator: Generator) -> History:
    """A unit on the older file's Canceled sheet, long gone from the recent files."""
    planned = random_month(rng, date(2020, 9, 1), date(2022, 12, 1))
    older = GeneratorMonth(generator, OLDER_LAYOUT_MONTH, CANCELED, planned_operation=planned)
    return [older, *(None for _ in WINDOW_MONTHS)]


# Plants


@dataclass(frozen=True)
class Role:
    """A kind of plant in the fleet and how many of them one unit of scale holds."""

    plants: int
    technologies: tuple[tuple[str, int], ...]  # (technology, weight)
    history: Callable[[random.Random, Generator], History]
    state: str | None = None
    addition: tuple[str, Callable[[random.Random, Generator], History]] | None = None


NEW_BUILD_MIX = (("solar", 40), ("battery", 30), ("wind", 20), ("gas_ct", 5), ("gas_cc", 5))
ROLES = (
    Role(80, (("solar", 30), ("wind", 30), ("battery", 10), ("gas_cc", 15), ("gas_ct", 15)),
         _operating_history),
    Role(6, (("solar", 1), ("wind", 1)), _operating_history,
         addition=("battery", _pipeline_history)),  # a battery added to an operating plant
    Role(2, (("coal", 1), ("gas_ct", 1)), _retiring_history),
    Role(8, (("coal", 2), ("gas_ct", 2), ("wind", 1)), _retired_history),
    Role(6, NEW_BUILD_MIX, _canceled_history),
    Role(4, NEW_BUILD_MIX, _canceled_long_ago_history),
    Role(86, NEW_BUILD_MIX, _pipeline_history),
    Role(3, NEW_BUILD_MIX, _other_status_history),
    Role(6, NEW_BUILD_MIX, _newcomer_history),
    Role(1, (("solar", 1),), _operating_history, state=PUERTO_RICO),
    Role(1, (("battery", 1),), _pipeline_history, state=PUERTO_RICO),
)  # fmt: skip


class FleetBuilder:
    """Draws plants and their generators, with increasing Plant IDs."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._plant_id = 60000
        self._entity_id = 62000
        self._entity_ids: dict[str, int] = {}

    def plant(self, role: Role) -> list[tuple[Generator, History]]:
        """One plant of `role`: its generators with their histories, by Generator ID."""
        weights = role.technologies
        key = self.rng.choices([k for k, _ in weights], weights=[w for _, w in weights])[0]
        site = self.site(TECHNOLOGIES[key], role.state)
        units = [(g, role.history(self.rng, g)) for g in self.generators(site, TECHNOLOGIES[key])]
        if role.addition is not None:
            added, history = role.addition
            units += [(g, history(self.rng, g)) for g in self.generators(site, TECHNOLOGIES[added])]
        return sorted(units, key=lambda unit: unit[0].generator_id)

    def site(self, technology: Technology, state: str | None) -> Site:
        rng = self.rng
        state = state or rng.choice(MAINLAND_STATES)
        info = STATES[state]
        core = rng.choice(NAME_CORES)
        plant_name = f"{core} {rng.choice(technology.plant_suffixes)}"
        entity_id, entity_name, sector = self._operator(technology, info, core)
        self._plant_id += rng.randint(1, 9)
        return Site(
            entity_id,
            entity_name,
            self._plant_id,
            plant_name,
            state,
            rng.choice(info.counties),
            rng.choice(info.balancing_authorities),
            sector,
            round(rng.uniform(*info.latitudes), 4),
            round(rng.uniform(*info.longitudes), 4),
        )

    def generators(self, site: Site, technology: Technology) -> list[Generator]:
        rng = self.rng
        generators = []
        for generator_id, prime_mover in rng.choice(technology.layouts):
            nameplate = round(rng.uniform(*technology.nameplate_mw), 1)
            energy = (
                nameplate * rng.choice(technology.energy_hours) if technology.energy_hours else None
            )
            dc = nameplate * rng.uniform(*technology.dc_ratio) if technology.dc_ratio else None
            generators.append(
                Generator(
                    site,
                    generator_id,
                    technology,
                    prime_mover,
                    technology.unit_code,
                    nameplate,
                    round(nameplate * technology.summer_factor, 1),
                    round(nameplate * technology.winter_factor, 1),
                    None if energy is None else round(energy, 1),
                    None if dc is None else round(dc, 1),
                )
            )
        return generators

    def _operator(self, technology: Technology, info: StateInfo, core: str) -> tuple[int, str, str]:
        """(Entity ID, Entity Name, Sector): the utility, a parent, or a project LLC."""
        draw = self.rng.random()
        if draw < technology.utility_share:
            return (*info.utility, "Electric Utility")
        if draw < technology.utility_share + PARENT_SHARE:
            return (*self.rng.choice(PARENTS), "IPP Non-CHP")
        name = f"{core} {technology.entity_word} LLC"
        if name not in self._entity_ids:
            self._entity_id += self.rng.randint(1, 6)
            self._entity_ids[name] = self._entity_id
        return self._entity_ids[name], name, "IPP Non-CHP"


def generator_histories(scale: int, seed: int) -> Iterator[tuple[Generator, History]]:
    """Every generator of the fleet with its history, in Plant ID then Generator ID order."""
    rng = random.Random(seed)
    builder = FleetBuilder(rng)
    for _ in range(scale):
        roles = [role for role in ROLES for _ in range(role.plants)]
        rng.shuffle(roles)
        for role in roles:
            yield from builder.plant(role)


def simulate_fleet(scale: int = 1, seed: int = DEFAULT_SEED) -> dict[date, list[GeneratorMonth]]:
    """Each data month's listed generators, sorted by Plant ID then Generator ID."""
    fleet: dict[date, list[GeneratorMonth]] = {month: [] for month in ALL_MONTHS}
    for _, history in generator_histories(scale, seed):
        for month, record in zip(ALL_MONTHS, history, strict=True):
            if record is not None and (month != OLDER_LAYOUT_MONTH or in_older_sample(record)):
                fleet[month].append(record)
    return fleet


def in_older_sample(record: GeneratorMonth) -> bool:
    """The older file is smaller: every retired or canceled unit, but operating and planned
    units only of the plants whose ID is even."""
    return record.sheet in (RETIRED, CANCELED) or record.generator.site.plant_id % 2 == 0


# --- recorded responses ---------------------------------------------------------------------


def release_datetime(month: date) -> datetime:
    """When a data month is published: the 24th of the following month."""
    published = add_months(month, 1)
    return datetime(published.year, published.month, 24, 14, 0, tzinfo=UTC)


def month_label(month: date) -> str:
    return f"{MONTH_NAMES[month.month - 1].title()} {month.year}"


# --- workbooks ------------------------------------------------------------------------------

TITLE = (
    "U.S. Energy Information Administration, Form EIA-860M, "
    "'Monthly Update to the Annual Electric Generator Report'"
)
FOOTER_NOTES = (
    "NOTE: Data for the most recent months are preliminary and may be revised. Generators with "
    "a nameplate capacity of less than 1 MW are not included. Planned dates and statuses are "
    "reported by respondents and change from month to month.",
    "Source: U.S. Energy Information Administration, Form EIA-860M, 'Monthly Update to the "
    "Annual Electric Generator Report' and Form EIA-860, 'Annual Electric Generator Report'.",
)
LEADING_COLUMNS = (
    "Entity ID", "Entity Name", "Plant ID", "Plant Name", "Google Map", "Bing Map",
    "Plant State", "County", "Balancing Authority Code", "Sector", "Generator ID", "Unit Code",
    "Nameplate Capacity (MW)", "Net Summer Capacity (MW)", "Net Winter Capacity (MW)",
    "Technology", "Energy Source Code", "Prime Mover Code",
)  # fmt: skip
STORAGE_COLUMNS = ("Nameplate Energy Capacity (MWh)", "DC Net Capacity (MW)")
TRAILING_COLUMNS = ("Latitude", "Longitude", *STORAGE_COLUMNS)
SHEET_COLUMNS = {
    OPERATING: (
        *LEADING_COLUMNS, "Operating Month", "Operating Year", "Planned Retirement Month",
        "Planned Retirement Year", "Status", "Planned Derate Year", "Planned Derate Month",
        "Planned Derate of Summer Capacity (MW)", "Planned Uprate Year", "Planned Uprate Month",
        "Planned Uprate of Summer Capacity (MW)", *TRAILING_COLUMNS,
    ),
    PLANNED: (
        *LEADING_COLUMNS, "Planned Operation Month", "Planned Operation Year", "Status",
        *TRAILING_COLUMNS,
    ),
    RETIRED: (
        *LEADING_COLUMNS, "Operating Month", "Operating Year", "Retirement Month",
        "Retirement Year", *TRAILING_COLUMNS,
    ),
    CANCELED: (
        *LEADING_COLUMNS, "Planned Operation Month", "Planned Operation Year", *TRAILING_COLUMNS,
    ),
}  # fmt: skip

Cell = str | int | float | None


def _month_of(day: date | None) -> int | None:
    return None if day is None else day.month


def _year_of(day: date | None) -> int | None:
    return None if day is None else day.year


def _change_month(change: CapacityChange | None) -> date | None:
    return None if change is None else change.month


def _change_mw(change: CapacityChange | None) -> float | None:
    return None if change is None else change.summer_mw


COLUMN_VALUES: dict[str, Callable[[GeneratorMonth], Cell]] = {
    "Entity ID": lambda r: r.generator.site.entity_id,
    "Entity Name": lambda r: r.generator.site.entity_name,
    "Plant ID": lambda r: r.generator.site.plant_id,
    "Plant Name": lambda r: r.generator.site.plant_name,
    "Google Map": lambda r: "Google Map",
    "Bing Map": lambda r: "Bing Map",
    "Plant State": lambda r: r.generator.site.state,
    "County": lambda r: r.generator.site.county,
    "Balancing Authority Code": lambda r: r.generator.site.balancing_authority,
    "Sector": lambda r: r.generator.site.sector,
    "Generator ID": lambda r: r.generator.generator_id,
    "Unit Code": lambda r: r.generator.unit_code,
    "Nameplate Capacity (MW)": lambda r: r.generator.nameplate_mw,
    "Net Summer Capacity (MW)": lambda r: r.generator.summer_mw,
    "Net Winter Capacity (MW)": lambda r: r.generator.winter_mw,
    "Technology": lambda r: r.generator.technology.name,
    "Energy Source Code": lambda r: r.generator.technology.energy_source,
    "Prime Mover Code": lambda r: r.generator.prime_mover,
    "Planned Operation Month": lambda r: _month_of(r.planned_operation),
    "Planned Operation Year": lambda r: _year_of(r.planned_operation),
    "Operating Month": lambda r: _month_of(r.operating),
    "Operating Year": lambda r: _year_of(r.operating),
    "Planned Retirement Month": lambda r: _month_of(r.planned_retirement),
    "Planned Retirement Year": lambda r: _year_of(r.planned_retirement),
    "Retirement Month": lambda r: _month_of(r.retirement),
    "Retirement Year": lambda r: _year_of(r.retirement),
    "Status": lambda r: STATUS_TEXT[r.status],
    "Planned Derate Year": lambda r: _year_of(_change_month(r.planned_derate)),
    "Planned Derate Month": lambda r: _month_of(_change_month(r.planned_derate)),
    "Planned Derate of Summer Capacity (MW)": lambda r: _change_mw(r.planned_derate),
    "Planned Uprate Year": lambda r: _year_of(_change_month(r.planned_uprate)),
    "Planned Uprate Month": lambda r: _month_of(_change_month(r.planned_uprate)),
    "Planned Uprate of Summer Capacity (MW)": lambda r: _change_mw(r.planned_uprate),
    "Latitude": lambda r: r.generator.site.latitude,
    "Longitude": lambda r: r.generator.site.longitude,
    "Nameplate Energy Capacity (MWh)": lambda r: r.generator.energy_mwh,
    "DC Net Capacity (MW)": lambda r: r.generator.dc_mw,
}


@dataclass(frozen=True)
class Layout:
    """How a month's workbook is laid out; EIA changed it for the files from 2020-11 on."""

    title_rows: int
    footer_rows: int
    storage_columns: bool
    puerto_rico_sheets: bool

    def sheet_names(self) -> tuple[str, ...]:
        twins = tuple(f"{sheet}_PR" for sheet in SHEETS) if self.puerto_rico_sheets else ()
        return (*SHEETS, *twins)

    def columns(self, sheet_name: str) -> tuple[str, ...]:
        columns = SHEET_COLUMNS[sheet_name.removesuffix("_PR")]
        if self.storage_columns:
            return columns
        return tuple(c for c in columns if c not in STORAGE_COLUMNS)

    def title_lines(self, month: date) -> list[str]:
        data = f"Data for {month_label(month)} (released {month_label(add_months(month, 1))})"
        return [TITLE, data] if self.title_rows == 2 else [f"{TITLE}, {data}"]


NEW_LAYOUT = Layout(title_rows=2, footer_rows=2, storage_columns=True, puerto_rico_sheets=True)
OLDER_LAYOUT = Layout(title_rows=1, footer_rows=1, storage_columns=False, puerto_rico_sheets=False)


def layout_for(month: date) -> Layout:
    return NEW_LAYOUT if month >= NEW_LAYOUT_SINCE else OLDER_LAYOUT


def row_values(record: GeneratorMonth, columns: Iterable[str]) -> list[Cell]:
    return [BLANK if (value := COLUMN_VALUES[c](record)) is None else value for c in columns]


def _write_sheet(
    workbook: xlsxwriter.Workbook,
    name: str,
    records: list[GeneratorMonth],
    month: date,
    layout: Layout,
) -> None:
    sheet = workbook.add_worksheet(name)
    columns = layout.columns(name)
    lines = layout.title_lines(month)
    for row, line in enumerate(lines):
        sheet.write_string(row, 0, line)
    header_row = len(lines)
    sheet.write_row(header_row, 0, columns)
    last_row = header_row
    for last_row, record in enumerate(records, start=header_row + 1):
        sheet.write_row(last_row, 0, row_values(record, columns))
    for offset, note in enumerate(FOOTER_NOTES[: layout.footer_rows], start=1):
        sheet.write_string(last_row + offset, 0, note)


def workbook_bytes(month: date, records: Iterable[GeneratorMonth]) -> bytes:
    """One month's EIA-860M workbook; units without a sheet in its layout are left out."""
    layout = layout_for(month)
    by_sheet: dict[str, list[GeneratorMonth]] = {name: [] for name in layout.sheet_names()}
    for record in records:
        if record.sheet_name in by_sheet:
            by_sheet[record.sheet_name].append(record)
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "constant_memory": False})
    workbook.set_properties(
        {
            "title": f"EIA-860M {month_label(month)}",
            "author": "U.S. Energy Information Administration",
            "created": release_datetime(month).replace(tzinfo=None),
        }
    )
    for name, sheet_records in by_sheet.items():
        _write_sheet(workbook, name, sheet_records, month, layout)
    workbook.close()
    return output.getvalue()


# --- landing page ---------------------------------------------------------------------------

LANDING_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Preliminary Monthly Electric Generator Inventory (based on Form EIA-860M as a \
supplement to Form EIA-860) - U.S. Energy Information Administration (EIA)</title>
</head>
<body>
<div class="page-title"><h1>Preliminary Monthly Electric Generator Inventory (based on Form \
EIA-860M as a supplement to Form EIA-860)</h1></div>
<p class="release-date">Release Date: {released} | Next Release: {next_release}</p>
<p>The preliminary monthly electric generator inventory contains information on generators
with a nameplate capacity of at least 1 megawatt: those operating, those planned to start
operating within the next ten years, and those retired, canceled or postponed. Planned units
are reported by status, from planned (P) through testing (TS).</p>
<p>See the <a href="/electricity/data/eia860/">annual Form EIA-860 data</a> for final data.</p>
<h2>Inventory of generators by month</h2>
<table class="basic-table">
<thead><tr><th>Data month</th><th>File</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p class="footnote">Files are in Microsoft Excel format (XLSX).</p>
</body>
</html>
"""


def workbook_href(month: date, months: list[date]) -> str:
    """Recent months sit in xls/, older ones in archive/xls/."""
    recent = sorted(months)[-CURRENT_FOLDER_MONTHS:]
    folder = "xls" if month in recent else "archive/xls"
    return f"{folder}/{workbook_filename(month)}"


def landing_page(months: list[date]) -> str:
    latest = max(months)
    rows = "\n".join(
        f'<tr><td>{month_label(m)}</td><td><a href="{workbook_href(m, months)}">'
        f"{month_label(m)} (XLSX)</a></td></tr>"
        for m in sorted(months, reverse=True)
    )
    return LANDING_TEMPLATE.format(
        released=f"{release_datetime(latest):%m/%d/%Y}",
        next_release=month_label(add_months(latest, 2)),
        rows=rows,
    )


def write_eia860m_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write the landing page, one workbook per data month and `responses.json`."""
    return write_fleet_workbooks(source_dir, simulate_fleet(scale, seed))


def write_fleet_workbooks(source_dir: Path, fleet: dict[date, list[GeneratorMonth]]) -> list[date]:
    """The snapshot of any months' listings: `simulate_fleet`'s, or a longer history."""
    months = sorted(fleet)
    landing = landing_page(months)
    urls = discover_workbooks(landing)
    if list(urls) != months:
        raise RuntimeError(f"the landing page links {list(urls)}, not the bundled {months}")
    clear_generated(source_dir, ("landing.html", "xls", "archive"))
    entries = [
        record_response(
            source_dir,
            LANDING_REQUEST.public_url,
            "landing.html",
            landing.encode(),
            HTML,
            release_datetime(months[-1]),
        )
    ]
    for month in months:
        body = workbook_href(month, months)
        content = workbook_bytes(month, fleet[month])
        entries.append(
            record_response(source_dir, urls[month], body, content, XLSX, release_datetime(month))
        )
    write_snapshot_index(source_dir, entries)
    return months
