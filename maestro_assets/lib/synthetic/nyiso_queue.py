"""Recorded NYISO queue workbooks: three monthly `NYISO-Interconnection-Queue.xlsx` files.

Each vintage is the workbook as NYISO lays it out: sheets `Interconnection Queue`,
` Cluster Projects` (leading space), `Withdrawn`, `Cluster Projects-Withdrawn` and
`In Service` (two header rows, `Location` merged over County and State), summary and note
rows under the active tables, the `S` status legend in the notes. Across the vintages:

- projects advance their `S` code (9 -> 10 -> 11 -> 12, 1C -> 2C -> 3C);
- one falls back (10 -> 8, cost allocation rejected: a backwards move);
- projects withdraw and MOVE to the `Withdrawn` / `Cluster Projects-Withdrawn` sheet with
  code 0, and reach commercial operation and MOVE to `In Service` (13 -> 14, 12 -> 15);
- one vanishes from every sheet; new cluster requests (C26-…) appear;
- `CY/FS Complete Date` is dropped from the third workbook, and `Affected Transmission Owner
  (ATO)` is absent from the first: optional columns come and go;
- dates are written as date cells, Excel serial numbers and text (`1/15/2025`, `9/30/26`,
  `03-2027`, `03/2027`, `Q3 2027`, `Summer 2027`, `I/S`, `N/A`).

About a third of the projects are the simulated EIA-860M plants in the NYIS balancing
authority (same county, technology and capacity within ±5%, a project name like the plant
name and, often, the EIA Entity Name as developer), their `S` code following the plant's
EIA status. Everything is a pure function of (scale, seed).
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import xlsxwriter

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.months import add_months, month_end, month_start
from maestro_assets.lib.sources.nyiso_queue import (
    CLUSTER,
    CLUSTER_WITHDRAWN,
    IN_SERVICE,
    QUEUE,
    WITHDRAWN,
    WORKBOOK_REQUEST,
)
from maestro_assets.lib.synthetic.miso_queue import FleetPlant, fleet_plants, similar_capacity
from maestro_assets.lib.synthetic.queue_fleet import numbered
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

DEFAULT_SEED = 7010
VINTAGES = (date(2026, 6, 15), date(2026, 7, 15), date(2026, 8, 14))
SHEETS = (QUEUE, CLUSTER, WITHDRAWN, CLUSTER_WITHDRAWN, IN_SERVICE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BODY = "NYISO-Interconnection-Queue_{vintage}.xlsx"

CY_FS_COMPLETE = "CY/FS Complete Date"
ATO = "Affected Transmission Owner (ATO)"
DROPPED_COLUMNS = {  # (vintage, sheet) -> published columns that workbook lacks
    (VINTAGES[0], CLUSTER): (ATO,),
    (VINTAGES[2], QUEUE): (CY_FS_COMPLETE,),
}
HEADERS = {
    QUEUE: (
        "Queue Pos.", "Developer/Interconnection Customer", "Project Name", "Date of IR",
        "SP (MW)", "WP (MW)", "Type/ Fuel", "County", "State", "Z",
        "Points of Interconnection", "Utility", "S", "Last Updated Date",
        "Availability of Studies", "IA Tender Date", CY_FS_COMPLETE,
        "Proposed In-Service/Initial Backfeed Date", "Proposed Sync Date", "Proposed COD",
    ),
    CLUSTER: (
        "Queue Pos.", "Interconnection Customer Name", "Project Name", "Date of IR", "SP (MW)",
        "WP (MW)", "Type/ Fuel", "County", "State", "Z", "Points of Interconnection",
        "Utility", ATO, "S", "Last Updated Date", "Availability of Studies", "IA Tender Date",
        "Proposed In-Service/Initial Backfeed Date", "Proposed Sync Date", "Proposed COD",
    ),
    WITHDRAWN: (
        "Queue Pos.", "Owner/Developer", "Project Name", "Date of IR", "SP (MW)", "WP (MW)",
        "Type/ Fuel", "County", "State", "Z", "Interconnection Point", "Utility ", "S",
        "Last Update",
    ),
}  # fmt: skip
HEADERS[CLUSTER_WITHDRAWN] = HEADERS[WITHDRAWN]
# In Service: the header over two rows; (top, bottom) per column.
IN_SERVICE_HEADER = (
    ("Queue", "Pos."), (None, "Owner/Developer"), (None, "Project Name"), ("Date", "of IR"),
    ("SP", "(MW)"), ("WP", "(MW)"), ("Type/", "Fuel"), ("Location", "County"), (None, "State"),
    ("Z", None), ("Interconnection", "Point"), (None, "Utility "), (None, "S"),
    ("Last Update", None), ("Availability", "of Studies"), ("Proposed", " In-Service"),
    ("Proposed", "COD"),
)  # fmt: skip
IN_SERVICE_MERGES = ("H1:I1", "J1:J2", "N1:N2")  # Location over County/State; Z; Last Update

STATUS_KEY = (
    "● The column labeled 'S' refers to the status of the project in the  NYISO's LFIP.  Key: "
    "1=Scoping Meeting Pending, 2=FES Pending, 3=FES in Progress,3A=FES Approved/Performed, "
    "4=SRIS/SIS Pending, 5=SRIS/SIS in Progress,5P=SRIS Commenced, Stopped and Pending  "
    "Adoption of IP, 6=SRIS/SIS Approved, 7=FS Pending, 8=Rejected Cost Allocation/Next FS "
    "Pending, 9=FS in Progress, 10=Accepted Cost Allocation/IA in Progress, ",
    "11=IA Completed, 12=Under Construction, 13=In Service for Test, 14=In Service Commercial, "
    "0=Withdrawn, 15=Partial In-Service, P=Pending Adoption of IP Compliance with Order 2023",
)
CLUSTER_STATUS_KEY = (
    "● The column labeled 'S' refers to the status of the project in the  NYISO's LFIP.  Key: "
    "1C = IR Validated/ Scoping Meeting Pending,  2C = Customer Engagement Window, 3C = Phase 1 "
    "Entry Decision Period, 4C = Phase 1 Study, 5C = Phase 2 Entry Decision Period, 6C = Phase "
    "2 Study, 7C = Final Decision Period, 10C = Accepted Cost Allocation/ IA in Progress, 11C = "
    "IA Completed, 12C = Under Construction, 13C = In Service for Test, 14C = In Service "
    "Commercial, 15C =Partially In-Service/ Partially under construction",
)
SIZE_NOTE = "● SP and WP are the summer and winter maximum output in megawatts."
FUEL_KEY = (
    "●  Type / Fuel Key: ST=Steam Turbine, CT=Combustion Turbine, CC, CS= Steam Turbine & "
    "Combustion Turbine, H=Hydro, PS=Pumped Storage, W, OSW= Off-Shore Wind, NU=Nuclear, "
    "NG=Natural Gas, M=Methane, SW=Solid Waste, S, Wo=Wood, F=Flywheel ES, O=Oil, C=Coal, "
    "D=Dual Fuel, AC, ",
    "DC, L=Load, FC=Fuel Cell,CW=CSR - ES + Wind, CR=CSR - ES + Solar",
)
ZONE_NOTE = "● The column labeled 'Z' refers to the zone"
DATES_NOTE = (
    "● Proposed in-service, synchronization and commercial operation dates give a year with a "
    "month, season or quarter."
)
QUEUE_NOTES = (
    SIZE_NOTE, *FUEL_KEY, ZONE_NOTE, *STATUS_KEY,
    "● Availability of Studies  Key: FES=feasibility, SRIS=system reliability impact, "
    "FS=facilities study available",
    "● CY/FS Complete Date: the milestone from which the COD limit is counted.",
    DATES_NOTE,
)  # fmt: skip
CLUSTER_NOTES = (SIZE_NOTE, None, *FUEL_KEY, ZONE_NOTE, *CLUSTER_STATUS_KEY, DATES_NOTE)
STATE_QUEUE_NOTE = (
    "Projects outside the NYISO process are listed in the State (DPS) SIR queue:",
    "https://dps.ny.gov/distributed-generation-information",
)

# --- the simulated queue ----------------------------------------------------------------------

QUEUE_LADDER = ("1", "2", "3", "4", "5", "6", "7", "9", "10", "11", "12", "13", "14")
CLUSTER_LADDER = ("1C", "2C", "3C", "4C", "5C", "6C", "7C", "10C", "11C", "12C")
WITHDRAWN_CODE, IN_SERVICE_CODES = "0", ("14", "15")
EIA_TO_CODE = {
    "P": "5", "OT": "10", "L": "9", "T": "11", "U": "12", "V": "12", "TS": "13",
    **{s: "14" for s in ("OP", "SB", "OA", "OS", "Retired")},
    "Canceled or Postponed": WITHDRAWN_CODE,
}  # fmt: skip
TYPE_CODES = {
    "Solar Photovoltaic": "S",
    "Onshore Wind Turbine": "W",
    "Batteries": "ES",
    "Natural Gas Fired Combined Cycle": "CC",
    "Natural Gas Fired Combustion Turbine": "CT",
    "Conventional Steam Coal": "C",
}
TYPE_WORDS = {"S": "Solar", "W": "Wind", "ES": "Energy Storage", "CR": "Solar + Storage",
              "CC": "Energy Center", "CT": "Peaker", "C": "Station"}  # fmt: skip
COUNTIES = {  # county -> (zone, utility)
    "Jefferson": ("E", "NM-NG"), "Steuben": ("C", "NYSEG"), "Orange": ("G", "O&R"),
    "Genesee": ("B", "NM-NG"), "St. Lawrence": ("E", "NYPA"), "Suffolk": ("K", "LIPA"),
    "Albany": ("F", "NM-NG"), "Erie": ("A", "NM-NG"), "Cortland": ("C", "NYSEG"),
    "Kings": ("J", "ConEd"), "Columbia": ("F", "CHGE"), "Livingston": ("B", "RG&E"),
    "Chautauqua": ("A", "NM-NG"), "Montgomery": ("F", "NM-NG"),
}  # fmt: skip
DEVELOPERS = (
    "EDF Renewables Development, Inc.", "Hecate Energy LLC", "Boralex US Development, LLC",
    "Cypress Creek Renewables, LLC", "Invenergy Solar Development North America LLC",
    "Convergent Energy and Power LP", "Arevon Asset Management LLC", "Key Capture Energy, LLC",
    "East Point Energy LLC", "ConnectGen LLC",
)  # fmt: skip
NAME_CORES = (
    "Hemlock Ridge", "Tug Hill", "Mohawk Valley", "Seneca", "Cayuga Lake", "Black River",
    "Chenango", "Harvest Hill", "Keuka", "Oak Orchard", "Catskill", "Fingerlakes", "Tioga",
    "Schoharie", "Lake Erie", "Salmon River", "Otsego", "Pine Bush", "Hudson Bay",
    "Onondaga Creek",
)  # fmt: skip
SUBSTATIONS = (
    "Fenner", "Meyer", "South Perry", "Lighthouse Hill", "Porter", "Clay", "Stolle Road",
    "Elbridge", "Hillside", "Ruland Rd", "Gowanus", "Leeds", "Marcy", "Homer City",
)  # fmt: skip
KILOVOLTS = ("34.5", "69", "115", "138", "230", "345")

# Projects of each kind one unit of scale holds (beyond those drawn from the EIA fleet).
STEADY_QUEUE, STEADY_CLUSTER, OLD_WITHDRAWN, OLD_CLUSTER_WITHDRAWN, OLD_IN_SERVICE = 3, 5, 4, 1, 2
NEW_CLUSTER_PER_VINTAGE = 2
ADVANCE_PROBABILITY = 0.35


@dataclass(frozen=True)
class Plan:
    """A proposed date, the first day of its period, and how the workbook writes it."""

    day: date
    text: str


@dataclass(frozen=True)
class NyProject:
    """What a request keeps from month to month."""

    queue_pos: str
    developer: str | None
    name: str
    requested: date
    sp_mw: float | None  # None: N/A (a transmission project)
    wp_mw: float | None
    type_code: str
    county: str
    state: str
    zone: str
    poi: str
    utility: str
    ato: str | None
    in_service_plan: Plan
    sync_plan: Plan
    cod_plan: Plan
    date_style: str  # how Date of IR is written: cell | serial | text
    eia_plant_id: int | None = None


@dataclass(frozen=True)
class NyListing:
    """A request as one month's workbook lists it."""

    project: NyProject
    sheet: str
    code: str
    last_update: date
    ia_tender: date | None = None


History = list[NyListing | None]  # aligned with VINTAGES


def sheet_for(code: str, cluster: bool) -> str:
    if code == WITHDRAWN_CODE:
        return CLUSTER_WITHDRAWN if cluster else WITHDRAWN
    if code in IN_SERVICE_CODES:
        return IN_SERVICE
    return CLUSTER if cluster else QUEUE


def previous_month_end(day: date) -> date:
    return month_start(day) - timedelta(days=1)


class NyBuilder:
    """Draws requests with unique queue positions."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._numbers: dict[str | None, set[int]] = {}  # by cluster (None: the serial queue)

    def position(self, low: int, high: int, cluster: str | None = None) -> str:
        number = numbered(self.rng, self._numbers.setdefault(cluster, set()), low, high)
        return f"{cluster}-{number:03d}" if cluster else f"{number:04d}"

    def plan(self, first: date) -> tuple[Plan, Plan, Plan]:
        """Proposed in-service, sync and COD, in one of the workbook's text styles."""
        rng = self.rng
        in_service = month_start(first)
        sync = add_months(in_service, rng.randint(0, 3))
        cod = add_months(sync, rng.randint(0, 3))
        style = rng.choices(("dash", "slash", "quarter", "season"), weights=(75, 12, 8, 5))[0]
        return tuple(plan_text(day, style) for day in (in_service, sync, cod))

    def project(
        self,
        position: str,
        type_code: str,
        sp_mw: float | None,
        county: str,
        developer: str | None,
        name: str,
        requested: date,
        plan_from: date,
        eia_plant_id: int | None = None,
    ) -> NyProject:
        rng = self.rng
        zone, utility = COUNTIES[county]
        kv = rng.choice(KILOVOLTS)
        poi = (
            f"{rng.choice(SUBSTATIONS)} {kv}kV"
            if rng.random() < 0.6
            else "{} - {} {}kV".format(*rng.sample(SUBSTATIONS, 2), kv)
        )
        wp = sp_mw if sp_mw is None or rng.random() < 0.8 else round(sp_mw * 1.05, 1)
        in_service, sync, cod = self.plan(plan_from)
        return NyProject(
            queue_pos=position,
            developer=developer,
            name=name,
            requested=requested,
            sp_mw=sp_mw,
            wp_mw=wp,
            type_code=type_code,
            county=county if rng.random() < 0.85 else f"{county} County",
            state="NY",
            zone=zone,
            poi=poi,
            utility=utility,
            ato=rng.choice((None, None, "ConEd", "LIPA", "Transco", "NYPA")),
            in_service_plan=in_service,
            sync_plan=sync,
            cod_plan=cod,
            date_style=rng.choices(("cell", "serial", "text"), weights=(80, 10, 10))[0],
            eia_plant_id=eia_plant_id,
        )

    def drawn(
        self,
        position: str,
        requested: date,
        type_code: str | None = None,
        months_ahead: tuple[int, int] = (8, 48),
    ) -> NyProject:
        """A request not drawn from the fleet, planned to start `months_ahead` of the first
        workbook."""
        rng = self.rng
        type_code = type_code or rng.choices(("S", "ES", "W", "CR"), weights=(40, 35, 15, 10))[0]
        core = rng.choice(NAME_CORES)
        name = f"{core} {TYPE_WORDS[type_code]}"
        developer = (
            None
            if rng.random() < 0.03
            else rng.choice((f"{name}, LLC", f"{core} Energy Center LLC", *DEVELOPERS))
        )
        mw = float(rng.randint(20, 400)) if rng.random() < 0.7 else round(rng.uniform(5, 300), 2)
        county = rng.choice(tuple(COUNTIES))
        plan_from = add_months(VINTAGES[0], rng.randint(*months_ahead))
        return self.project(position, type_code, mw, county, developer, name, requested, plan_from)

    def history(
        self, project: NyProject, codes: list[str | None], cluster: bool = False
    ) -> History:
        """The request's listing in each workbook; Last Update moves when the code does."""
        history: History = []
        previous: NyListing | None = None
        for vintage, code in zip(VINTAGES, codes, strict=True):
            if code is None:
                history.append(None)
                continue
            if previous is None or previous.code != code:
                updated = previous_month_end(vintage)
                if previous is None:
                    updated = month_end(add_months(vintage, -self.rng.randint(1, 14)))
                tender = previous.ia_tender if previous else None
                if tender is None and code in ("11", "12", "13", "14", "15", "11C", "12C"):
                    tender = updated - timedelta(days=self.rng.randint(30, 400))
                previous = NyListing(project, sheet_for(code, cluster), code, updated, tender)
            history.append(previous)
        return history


def plan_text(day: date, style: str) -> Plan:
    """A proposed date as NYISO writes it, and the first day of the period it names."""
    if style == "slash":
        return Plan(day, f"{day:%m/%Y}")
    if style == "quarter":
        quarter = (day.month - 1) // 3 + 1
        return Plan(date(day.year, 3 * quarter - 2, 1), f"Q{quarter} {day.year}")
    if style == "season":  # read as its calendar quarter, as the staging model does
        quarter = (day.month - 1) // 3
        return Plan(date(day.year, 3 * quarter + 1, 1), f"{SEASONS[quarter]} {day.year}")
    return Plan(day, f"{day:%m-%Y}")


SEASONS = ("Winter", "Spring", "Summer", "Fall")  # Q1 … Q4


def advancing(rng: random.Random, ladder: tuple[str, ...], start: int) -> list[str | None]:
    codes, rung = [], start
    for _ in VINTAGES:
        codes.append(ladder[rung])
        if rng.random() < ADVANCE_PROBABILITY:
            rung = min(rung + 1, len(ladder) - 1)
    return codes


def _from_fleet(builder: NyBuilder, plant: FleetPlant) -> History:
    """A request for a simulated EIA plant; its code follows the plant's EIA status."""
    rng = builder.rng
    site = plant.site
    codes = [EIA_TO_CODE.get(plant.status_at(v) or "", "4") for v in VINTAGES]
    operating = codes[0] in IN_SERVICE_CODES
    position = builder.position(500, 899) if operating else builder.position(900, 1399)
    name = rng.choice(
        (site.plant_name, f"{site.plant_name} Project", site.plant_name.upper(),
         f"{site.plant_name.split()[0]} {TYPE_WORDS[TYPE_CODES[plant.technology.name]]}")
    )  # fmt: skip
    developer = rng.choices(
        (site.entity_name, site.entity_name.replace(" LLC", ", LLC"), rng.choice(DEVELOPERS)),
        weights=(50, 30, 20),
    )[0]
    requested = date(2016 if operating else 2019, 1, 1) + timedelta(days=rng.randint(0, 1500))
    plan_from = add_months(VINTAGES[0], rng.randint(-12, 36))
    project = builder.project(
        position, TYPE_CODES[plant.technology.name], similar_capacity(rng, plant.nameplate_mw),
        site.county, developer, name, requested, plan_from, eia_plant_id=site.plant_id,
    )  # fmt: skip
    if operating:
        project = already_in_service(rng, project)
    return builder.history(project, codes)


def already_in_service(rng: random.Random, project: NyProject) -> NyProject:
    """In service before the first workbook: its proposed dates read I/S (or IS)."""
    done = Plan(project.in_service_plan.day, rng.choice(("I/S", "IS")))
    return replace(project, in_service_plan=done, cod_plan=Plan(done.day, "I/S"))


def _steady_queue(builder: NyBuilder) -> History:
    rng = builder.rng
    project = builder.drawn(builder.position(900, 1399), date(2020, 1, 1) + _days(rng, 1400))
    return builder.history(project, advancing(rng, QUEUE_LADDER[:11], rng.randint(3, 9)))


def _steady_cluster(builder: NyBuilder) -> History:
    rng = builder.rng
    project = builder.drawn(builder.position(1, 399, "C24"), date(2024, 8, 1))
    return builder.history(project, advancing(rng, CLUSTER_LADDER, 0), cluster=True)


def _scripted(builder: NyBuilder, codes: list[str | None], cluster: bool = False) -> History:
    """A request whose codes the scenario fixes (withdrawal, regress, vanishing …)."""
    rng = builder.rng
    soon = (0, 3) if any(code in ("13", *IN_SERVICE_CODES) for code in codes) else (8, 48)
    if cluster:
        project = builder.drawn(builder.position(1, 399, "C24"), date(2024, 8, 1))
    else:
        requested = date(2020, 1, 1) + _days(rng, 1400)
        project = builder.drawn(builder.position(900, 1399), requested, months_ahead=soon)
    return builder.history(project, codes, cluster)


def _old(builder: NyBuilder, code: str, cluster: bool = False) -> History:
    """A request withdrawn or in service before the first workbook, listed unchanged."""
    rng = builder.rng
    if cluster:
        project = builder.drawn(builder.position(1, 399, "C24"), date(2024, 8, 1))
    else:
        project = builder.drawn(builder.position(10, 899), date(2001, 1, 1) + _days(rng, 6000))
        if code == WITHDRAWN_CODE and rng.random() < 0.3:  # old rows often lack these
            project = replace(project, type_code="", county="", state="", wp_mw=None)
    if code in IN_SERVICE_CODES:
        project = already_in_service(rng, project)
    return builder.history(project, [code] * len(VINTAGES), cluster)


def _phased_pair(builder: NyBuilder) -> list[History]:
    """One queue position on two sheets: phase 1 in service, phase 2 withdrawn."""
    rng = builder.rng
    base = builder.drawn(builder.position(10, 499), date(2004, 1, 1) + _days(rng, 2000), "CC")
    phases = []
    for phase, code in ((1, "14"), (2, WITHDRAWN_CODE)):
        project = replace(base, name=f"{base.name} - Phase {phase}")
        if code in IN_SERVICE_CODES:
            project = already_in_service(rng, project)
        phases.append(builder.history(project, [code] * len(VINTAGES)))
    return phases


def _transmission(builder: NyBuilder) -> History:
    """An AC transmission upgrade: its MW cells read N/A."""
    rng = builder.rng
    project = builder.drawn(builder.position(900, 1399), date(2021, 1, 1) + _days(rng, 900), "S")
    project = replace(project, type_code="AC", sp_mw=None, wp_mw=None,
                      name=f"{rng.choice(SUBSTATIONS)} Transformer")  # fmt: skip
    return builder.history(project, ["12"] * len(VINTAGES))


def _newcomer(builder: NyBuilder, at: int) -> History:
    project = builder.drawn(builder.position(1, 199, "C26"), VINTAGES[at] - timedelta(days=20))
    return builder.history(project, [None if i < at else "1C" for i in range(len(VINTAGES))], True)


def _days(rng: random.Random, span: int) -> timedelta:
    return timedelta(days=rng.randint(0, span))


# The scripted requests: their codes in the three workbooks.
SCRIPTS = {
    "withdrawn_second": (["9", WITHDRAWN_CODE, WITHDRAWN_CODE], False),
    "withdrawn_third": (["6", "7", WITHDRAWN_CODE], False),
    "cluster_withdrawn": (["1C", WITHDRAWN_CODE, WITHDRAWN_CODE], True),
    "regress": (["10", "10", "8"], False),  # cost allocation rejected: back to FS pending
    "commissioned": (["13", "14", "14"], False),  # moves to In Service
    "partially_in_service": (["12", "12", "15"], False),  # moves to In Service
    "vanishes": (["7", None, None], False),  # on no sheet at all from the second workbook
}


def queue_histories(scale: int = 1, seed: int = DEFAULT_SEED) -> dict[str, list[History]]:
    """Every simulated request's listings, by the role it plays in the scenario."""
    rng = random.Random(seed)
    builder = NyBuilder(rng)
    roles: dict[str, list[History]] = {
        "eia": [_from_fleet(builder, plant) for plant in fleet_plants("NYIS", scale)]
    }
    makers: dict[str, Callable[[], list[History]]] = {
        "steady_queue": lambda: [_steady_queue(builder) for _ in range(STEADY_QUEUE)],
        "steady_cluster": lambda: [_steady_cluster(builder) for _ in range(STEADY_CLUSTER)],
        **{
            role: (lambda codes=codes, cluster=cluster: [_scripted(builder, codes, cluster)])
            for role, (codes, cluster) in SCRIPTS.items()
        },
        "old_withdrawn": lambda: [_old(builder, WITHDRAWN_CODE) for _ in range(OLD_WITHDRAWN)],
        "old_cluster_withdrawn": lambda: [
            _old(builder, WITHDRAWN_CODE, cluster=True) for _ in range(OLD_CLUSTER_WITHDRAWN)
        ],
        "old_in_service": lambda: [_old(builder, "14") for _ in range(OLD_IN_SERVICE)],
        "phased_pair": lambda: _phased_pair(builder),
        "transmission": lambda: [_transmission(builder)],
        "new_cluster": lambda: [
            _newcomer(builder, at)
            for at in range(1, len(VINTAGES))
            for _ in range(NEW_CLUSTER_PER_VINTAGE)
        ],
    }
    for _ in range(scale):
        for role, make in makers.items():
            roles.setdefault(role, []).extend(make())
    return roles


def simulate_nyiso_queue(
    scale: int = 1, seed: int = DEFAULT_SEED
) -> dict[date, dict[str, list[NyListing]]]:
    """Each workbook's listings by sheet, in queue-position order."""
    histories = [h for role in queue_histories(scale, seed).values() for h in role]
    workbooks = {}
    for index, vintage in enumerate(VINTAGES):
        sheets: dict[str, list[NyListing]] = {sheet: [] for sheet in SHEETS}
        for history in histories:
            if (listing := history[index]) is not None:
                sheets[listing.sheet].append(listing)
        for listings in sheets.values():
            listings.sort(key=lambda listing: listing.project.queue_pos)
        workbooks[vintage] = sheets
    return workbooks


# --- the workbook -----------------------------------------------------------------------------

Cell = str | float | int | date | None
EXCEL_EPOCH = date(1899, 12, 30)


@dataclass(frozen=True)
class Formats:
    date: object
    text_wrap: object


def requested_cell(listing: NyListing) -> Cell:
    """Date of IR: a date cell, a bare Excel serial number, or text such as 1/15/2025."""
    project = listing.project
    day = project.requested
    if project.date_style == "serial":
        return float((day - EXCEL_EPOCH).days)
    if project.date_style == "text" or (listing.sheet == WITHDRAWN and day.day % 4 == 0):
        return f"{day.month}/{day.day}/{day.year}"
    return day


def update_cell(listing: NyListing) -> Cell:
    """Last Update: a date cell; on the Withdrawn sheet sometimes text such as 9/30/26."""
    day = listing.last_update
    if listing.sheet == WITHDRAWN and listing.project.date_style == "text":
        return f"{day.month}/{day.day}/{day:%y}"
    return day


def mw_cell(value: float | None) -> Cell:
    return "N/A" if value is None else value


def code_cell(code: str) -> Cell:
    return int(code) if code.isdigit() else code


def studies(listing: NyListing) -> str | None:
    code = listing.code.rstrip("C")
    if not code.isdigit() or int(code) < 4:
        return None
    return "FES, SRIS, FS" if int(code) >= 10 else "SRIS"


def in_service_cell(listing: NyListing) -> Cell:
    return listing.project.in_service_plan.text


def sync_cell(listing: NyListing) -> Cell:
    return "N/A" if listing.project.type_code == "AC" else listing.project.sync_plan.text


def cod_cell(listing: NyListing) -> Cell:
    return "N/A" if listing.project.type_code == "AC" else listing.project.cod_plan.text


COLUMN_VALUES: dict[str, Callable[[NyListing], Cell]] = {
    "Queue Pos.": lambda r: r.project.queue_pos,
    "Developer/Interconnection Customer": lambda r: r.project.developer,
    "Interconnection Customer Name": lambda r: r.project.developer,
    "Owner/Developer": lambda r: r.project.developer,
    "Project Name": lambda r: r.project.name,
    "Date of IR": requested_cell,
    "SP (MW)": lambda r: mw_cell(r.project.sp_mw),
    "WP (MW)": lambda r: (
        mw_cell(r.project.wp_mw) if r.project.type_code == "AC" else r.project.wp_mw
    ),
    "Type/ Fuel": lambda r: r.project.type_code or None,
    "County": lambda r: r.project.county or None,
    "State": lambda r: r.project.state or None,
    "Z": lambda r: r.project.zone,
    "Points of Interconnection": lambda r: r.project.poi,
    "Interconnection Point": lambda r: r.project.poi,
    "Utility": lambda r: r.project.utility,
    "Utility ": lambda r: r.project.utility,
    ATO: lambda r: r.project.ato,
    "S": lambda r: code_cell(r.code),
    "Last Updated Date": update_cell,
    "Last Update": update_cell,
    "Availability of Studies": studies,
    "IA Tender Date": lambda r: r.ia_tender,
    CY_FS_COMPLETE: lambda r: r.ia_tender,
    "Proposed In-Service/Initial Backfeed Date": in_service_cell,
    "Proposed Sync Date": sync_cell,
    "Proposed COD": cod_cell,
}
IN_SERVICE_VALUES = (
    "Queue Pos.",
    "Owner/Developer",
    "Project Name",
    "Date of IR",
    "SP (MW)",
    "WP (MW)",
    "Type/ Fuel",
    "County",
    "State",
    "Z",
    "Interconnection Point",
    "Utility ",
    "S",
    "Last Update",
    "Availability of Studies",
    "Proposed In-Service/Initial Backfeed Date",
    "Proposed COD",
)  # fmt: skip; the value behind each In Service column


def write_cell(sheet, row: int, column: int, value: Cell, formats: Formats) -> None:
    if value is None:
        return
    if isinstance(value, date):
        sheet.write_datetime(row, column, datetime(value.year, value.month, value.day),
                             formats.date)  # fmt: skip
    elif isinstance(value, str):
        sheet.write_string(row, column, value)
    else:
        sheet.write_number(row, column, value)


def write_rows(sheet, first_row: int, columns, listings, formats: Formats) -> int:
    """The data rows; returns the next free row."""
    row = first_row
    for row, listing in enumerate(listings, start=first_row):
        for column, header in enumerate(columns):
            write_cell(sheet, row, column, COLUMN_VALUES[header](listing), formats)
    return row + 1 if listings else first_row


def write_notes(sheet, row: int, notes: tuple[str | None, ...]) -> int:
    sheet.write_string(row, 0, "NOTES:")
    for offset, note in enumerate(notes):
        if note is not None:
            sheet.write_string(row + offset, 1, note)
    return row + len(notes)


def counts_during(vintage: date, workbooks_before: dict | None, sheets: dict) -> tuple[int, int]:
    """New and withdrawn requests since the previous workbook (0, 0 for the first)."""
    if workbooks_before is None:
        return 0, 0
    before = {r.project.queue_pos for listings in workbooks_before.values() for r in listings}
    now_active = [r for s in (QUEUE, CLUSTER) for r in sheets[s]]
    new = sum(1 for r in now_active if r.project.queue_pos not in before)
    withdrawn_before = {r.project.queue_pos for s in (WITHDRAWN, CLUSTER_WITHDRAWN)
                        for r in workbooks_before[s]}  # fmt: skip
    withdrawn = sum(
        1
        for s in (WITHDRAWN, CLUSTER_WITHDRAWN)
        for r in sheets[s]
        if r.project.queue_pos not in withdrawn_before
    )
    return new, withdrawn


def write_queue_sheet(workbook, vintage, sheets, previous, formats) -> None:
    sheet = workbook.add_worksheet(QUEUE)
    columns = visible_columns(vintage, QUEUE)
    sheet.write_row(0, 0, columns)
    row = write_rows(sheet, 1, columns, sheets[QUEUE], formats) + 1
    new, withdrawn = counts_during(vintage, previous, sheets)
    month = f"{previous_month_end(vintage):%B}"
    for label, value in (
        (f"Number of new projects during {month}", new),
        ("Number of new projects year to date", new + 3 * vintage.month),
        (f"Number withdrawn during {month}", withdrawn),
        ("Number withdrawn year to date", withdrawn + 2 * vintage.month),
    ):
        sheet.write_string(row, 0, label)
        sheet.write_number(row, 1, value)
        row += 1
    row = write_notes(sheet, row + 1, QUEUE_NOTES) + 2
    for offset, line in enumerate(STATE_QUEUE_NOTE):
        sheet.write_string(row + offset, 1, line)


def write_cluster_sheet(workbook, vintage, sheets, formats) -> None:
    sheet = workbook.add_worksheet(CLUSTER)
    columns = visible_columns(vintage, CLUSTER)
    sheet.write_row(0, 0, columns)
    row = write_rows(sheet, 1, columns, sheets[CLUSTER], formats)
    write_notes(sheet, row + 1, CLUSTER_NOTES)


def write_plain_sheet(workbook, name: str, listings, formats) -> None:
    sheet = workbook.add_worksheet(name)
    sheet.write_row(0, 0, HEADERS[name], formats.text_wrap)
    write_rows(sheet, 1, HEADERS[name], listings, formats)


def write_in_service_sheet(workbook, listings, formats) -> None:
    sheet = workbook.add_worksheet(IN_SERVICE)
    for column, (top, bottom) in enumerate(IN_SERVICE_HEADER):
        if top is not None:
            sheet.write_string(0, column, top)
        if bottom is not None:
            sheet.write_string(1, column, bottom)
    for merged in IN_SERVICE_MERGES:
        top = IN_SERVICE_HEADER[ord(merged[0]) - ord("A")][0]
        sheet.merge_range(merged, top)
    write_rows(sheet, 2, IN_SERVICE_VALUES, listings, formats)


def visible_columns(vintage: date, sheet: str) -> tuple[str, ...]:
    dropped = DROPPED_COLUMNS.get((vintage, sheet), ())
    return tuple(c for c in HEADERS[sheet] if c not in dropped)


def published_at(vintage: date) -> datetime:
    return datetime(vintage.year, vintage.month, vintage.day, 14, 0, tzinfo=UTC)


def workbook_bytes(vintage: date, sheets: dict, previous: dict | None) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    workbook.set_properties(
        {
            "title": "NYISO Interconnection Queue",
            "author": "NYISO",
            "created": published_at(vintage).replace(tzinfo=None),
        }
    )
    formats = Formats(
        date=workbook.add_format({"num_format": "m/d/yyyy"}),
        text_wrap=workbook.add_format({"text_wrap": True, "bold": True}),
    )
    write_queue_sheet(workbook, vintage, sheets, previous, formats)
    write_cluster_sheet(workbook, vintage, sheets, formats)
    write_plain_sheet(workbook, WITHDRAWN, sheets[WITHDRAWN], formats)
    write_plain_sheet(workbook, CLUSTER_WITHDRAWN, sheets[CLUSTER_WITHDRAWN], formats)
    write_in_service_sheet(workbook, sheets[IN_SERVICE], formats)
    workbook.close()
    return output.getvalue()


def write_nyiso_queue_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one recorded workbook per vintage and `responses.json`."""
    clear_generated(source_dir, ("xlsx",))
    entries, previous = [], None
    for vintage, sheets in simulate_nyiso_queue(scale, seed).items():
        entries.append(
            record_response(
                source_dir,
                WORKBOOK_REQUEST.public_url,
                f"xlsx/{BODY.format(vintage=vintage.isoformat())}",
                workbook_bytes(vintage, sheets, previous),
                XLSX,
                published_at(vintage),
                vintage=vintage,
            )
        )
        previous = sheets
    write_snapshot_index(source_dir, entries)
    return list(VINTAGES)
