"""Synthetic PJM queue exports: three monthly pulls of the export workbook, in PJM's layout.

The queue is a list of `Request`s, each with one `Listing` per pull (or None where that pull
does not list it). About a third of the requests are the PJM-area plants of the simulated
EIA fleet (`simulate_fleet(scale, seed=860)`): same state, county and technology, MW within
5 %, a Commercial Name close to the EIA plant name, and a stage that follows the plant's EIA
status month by month. The others play the roles the downstream models must tell apart:
steady, advancing, regressing, withdrawn, vanished (listed, then simply gone), new, suspended,
deactivated, moved to the transition cycle (Project ID gains ` - moved to TC1`) and, in the
last pull only, years of withdrawn history the export suddenly includes (a backfill: old
queue dates, terminal status). `Commercial Name` is absent from the first pull's layout.

Everything is a pure function of (scale, seed): one `random.Random(seed)` consumed in a fixed
order and fixed workbook timestamps, so the files are byte-identical run to run.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path

from maestro_assets.lib.months import add_months
from maestro_assets.lib.sources.pjm_queue import DATA_SHEET, DEFINITIONS_SHEET, EXPORT_REQUEST
from maestro_assets.lib.synthetic.eia860m import STATES, XLSX
from maestro_assets.lib.synthetic.queue_fleet import (
    CANCELED_STATUS,
    RETIRED_STATUS,
    FleetPlant,
    Recorded,
    advancing_rungs,
    capacity_near,
    listed_plants,
    new_workbook,
    published_at,
    random_day,
    role_requests,
    similar_name,
    us_date,
    write_cells,
    write_snapshot,
)

DEFAULT_SEED = 7110
PUBLISHED_AT = time(6)  # UTC

VINTAGES = (date(2026, 6, 15), date(2026, 7, 15), date(2026, 8, 17))  # the days of the pulls
COMMERCIAL_NAME_FROM = 1  # the first pull's export has no Commercial Name column
BACKFILL_PULL = 2  # the pull whose export suddenly includes years of withdrawn history
TC1_FROM = 1  # from this pull on, transition-cycle requests carry the ID suffix
TC1_SUFFIX = " - moved to TC1"
QUEUE_START = date(1997, 4, 1)  # PJM's first queue

# --- PJM's vocabulary ------------------------------------------------------------------------

# The ladder a request climbs, and each rung's Status text.
RUNG_STATUS = {
    "feasibility": "Active",
    "system_impact": "Active",
    "facilities": "Active",
    "engineering": "Engineering and Procurement",
    "construction": "Under Construction",
    "partial": "Partially in Service - Under Construction",
    "in_service": "In Service",
}
RUNGS = tuple(RUNG_STATUS)
TERMINAL_STATUS = {
    "withdrawn": "Withdrawn",
    "suspended": "Suspended",
    "canceled": "Canceled",
    "deactivated": "Deactivated",
}
# EIA status -> the rung (or terminal state) a PJM request at that plant stands on.
EIA_TO_PJM = {
    "P": "feasibility",
    "L": "facilities",
    "T": "engineering",
    "U": "construction",
    "V": "construction",
    "TS": "partial",
    "OP": "in_service",
    "SB": "in_service",
    "OA": "in_service",
    "OS": "in_service",
    "OT": "suspended",
    RETIRED_STATUS: "deactivated",
    CANCELED_STATUS: "withdrawn",
}
PJM_FUEL = {  # EIA technology -> Fuel
    "Solar Photovoltaic": "Solar",
    "Onshore Wind Turbine": "Wind",
    "Batteries": "Storage",
    "Natural Gas Fired Combined Cycle": "Natural Gas",
    "Natural Gas Fired Combustion Turbine": "Natural Gas",
    "Conventional Steam Coal": "Coal",
}
CAPACITY_SHARE = {  # MW Capacity as a share of MW Energy
    "Solar": 0.42,
    "Wind": 0.15,
    "Storage": 0.6,
    "Solar; Storage": 0.5,
    "Natural Gas": 0.95,
    "Coal": 0.95,
    "Offshore Wind": 0.2,
    "Methane": 0.9,
}
OTHER_FUELS = (
    ("Solar", 40),
    ("Storage", 20),
    ("Solar; Storage", 15),
    ("Wind", 10),
    ("Natural Gas", 9),
    ("Methane", 4),
    ("Offshore Wind", 2),
)
SIZE_MW = {"Natural Gas": (100.0, 1100.0), "Offshore Wind": (300.0, 1500.0), "Methane": (2.0, 12.0)}
DEFAULT_SIZE_MW = (5.0, 300.0)
TRANSMISSION_OWNERS = {
    "PA": ("PPL", "PENELEC", "PECO", "ME"),
    "OH": ("AEP", "ATSI", "Dayton"),
    "VA": ("Dominion", "APS"),
    "IL": ("ComEd",),
    "NJ": ("PSEG", "JCPL", "AEC"),
    "MD": ("BGE", "PEPCO", "DPL"),
}
EXTRA_COUNTIES = {
    "NJ": ("Salem", "Cumberland", "Burlington", "Hunterdon"),
    "MD": ("Frederick", "Kent", "Caroline", "Worcester"),
}
SUBSTATIONS = (
    "Brunner Island", "Keystone", "Conemaugh", "Juniata", "Sunbury", "Hosensack", "Elroy",
    "Hunterstown", "Doubs", "Chalk Point", "Brighton", "Peach Bottom", "Sammis", "Kammer",
    "Marysville", "Beatty", "Greene", "Dumont", "Dequine", "Goodings Grove", "Pontiac",
    "Loretto", "Bath County", "Clover", "Dooms", "Elmont", "Septa", "Yadkin", "Chickahominy",
    "Ladysmith", "Carson", "Farmville", "Cumberland", "Salem", "Deans", "Smithburg",
)  # fmt: skip
KILOVOLTS = ("34.5", "69", "115", "138", "230", "345", "500")
COMMERCIAL_CORES = (
    "Marsh Run", "Quaker Ridge", "Laurel Fork", "Turkey Hill", "Fox Chase", "Mill Creek",
    "Sugar Grove", "Pine Barrens", "Broad Top", "Hickory Knob", "Stony Brook", "Walnut Bottom",
)  # fmt: skip
COMMERCIAL_SUFFIXES = {"Solar": "Solar", "Wind": "Wind Farm", "Storage": "Energy Storage"}
WITHDRAWN_REMARKS = ("Customer Initiated Withdrawal", "Customer Milestone Not Met")
DOCUMENT_POSTED, IN_PROGRESS, WITHDRAWN_STUDY = "Document Posted", "In Progress", "Withdrawn"


@dataclass(frozen=True)
class Listing:
    """A request as one pull of the export lists it."""

    state: str  # a rung of RUNGS or a key of TERMINAL_STATUS
    reached: str  # the furthest rung it reached (for a terminal state, before it)
    withdrawn: date | None = None
    in_service: date | None = None
    moved_to_tc1: bool = False

    @property
    def status(self) -> str:
        return RUNG_STATUS.get(self.state) or TERMINAL_STATUS[self.state]


@dataclass(frozen=True)
class Request:
    """One queue position, with how each pull lists it (None: not listed)."""

    project_id: str
    role: str
    poi_name: str
    commercial_name: str | None
    state: str
    county: str
    transmission_owner: str
    fuel: str
    mw_energy: float
    submitted: date
    milestone: date  # Commercial Operation Milestone
    listings: tuple[Listing | None, ...]
    plant_id: int | None = None  # the EIA plant it was drawn from

    @property
    def mw_capacity(self) -> float:
        return round(self.mw_energy * CAPACITY_SHARE.get(self.fuel, 0.5), 1)


def queue_prefix(submitted: date) -> str:
    """PJM's queue letters: A..T one letter a half-year or so, U1..Z2 quarterly, then AA1.."""
    months = (submitted.year - QUEUE_START.year) * 12 + submitted.month - QUEUE_START.month
    if submitted < date(2008, 2, 1):
        return chr(ord("A") + min(19, months * 2 // 13))
    if submitted < date(2014, 6, 1):
        letter = "UVWXYZZ"[submitted.year - 2008]
        return f"{letter}{min((submitted.month - 1) // 3 + 1, 2 if letter == 'Z' else 4)}"
    half = (submitted.year - 2014) * 2 + (submitted.month - 6) // 6
    return f"A{chr(ord('A') + half // 2)}{half % 2 + 1}"


class Numbering:
    """Hands out unused Project IDs in a queue's format, increasing within each queue."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.last: dict[str, int] = {}

    def next_id(self, submitted: date) -> str:
        prefix = queue_prefix(submitted)
        number = self.last.get(prefix, 0) + self.rng.randint(1, 7)
        self.last[prefix] = number
        return f"{prefix}{number:02d}" if len(prefix) == 1 else f"{prefix}-{number:03d}"


# --- the simulated queue -----------------------------------------------------------------------


class QueueBuilder:
    """Draws requests role by role from one random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.numbering = Numbering(rng)

    def poi(self) -> str:
        rng = self.rng
        kv = rng.choice(KILOVOLTS)
        if rng.random() < 0.4:
            first, second = rng.sample(SUBSTATIONS, 2)
            return f"{first}-{second} {kv} kV"
        return f"{rng.choice(SUBSTATIONS)} {kv} kV"

    def place(self, state: str | None = None) -> tuple[str, str, str]:
        rng = self.rng
        state = state or rng.choice(tuple(TRANSMISSION_OWNERS))
        counties = STATES[state].counties if state in STATES else EXTRA_COUNTIES[state]
        return state, rng.choice(counties), rng.choice(TRANSMISSION_OWNERS[state])

    def request(
        self,
        role: str,
        listings: list[Listing | None],
        submitted: date,
        fuel: str | None = None,
        mw_energy: float | None = None,
        place: tuple[str, str, str] | None = None,
        commercial_name: str | None = None,
        plant_id: int | None = None,
        milestone: date | None = None,
    ) -> Request:
        rng = self.rng
        fuel = fuel or rng.choices([f for f, _ in OTHER_FUELS], [w for _, w in OTHER_FUELS])[0]
        if mw_energy is None:
            mw_energy = round(rng.uniform(*SIZE_MW.get(fuel, DEFAULT_SIZE_MW)), 1)
        state, county, owner = place or self.place()
        if commercial_name is None and rng.random() < 0.6:
            suffix = COMMERCIAL_SUFFIXES.get(fuel, "Energy Center")
            commercial_name = f"{rng.choice(COMMERCIAL_CORES)} {suffix}"
        return Request(
            project_id=self.numbering.next_id(submitted),
            role=role,
            poi_name=self.poi(),
            commercial_name=commercial_name,
            state=state,
            county=county,
            transmission_owner=owner,
            fuel=fuel,
            mw_energy=mw_energy,
            submitted=submitted,
            milestone=milestone or add_months(submitted, rng.randint(30, 66)),
            listings=tuple(listings),
            plant_id=plant_id,
        )

    def submitted(self, first: date, last: date) -> date:
        return random_day(self.rng, first, last)


def _on(rung: str) -> Listing:
    return Listing(rung, rung)


def _withdrawn(rng: random.Random, reached: str, after: date, before: date) -> Listing:
    return Listing("withdrawn", reached, withdrawn=random_day(rng, after, before))


def _each_pull(listing: Listing | None) -> list[Listing | None]:
    return [listing] * len(VINTAGES)


def _eia_request(builder: QueueBuilder, plant: FleetPlant) -> Request:
    """A request at an EIA plant, its stage following the plant's EIA status each month."""
    rng = builder.rng
    operating = plant.operating(VINTAGES)
    eia_date = operating or plant.planned(VINTAGES)
    start = eia_date or add_months(VINTAGES[0], 36)
    latest = min(add_months(start, -24), date(2025, 12, 31))
    earliest = min(max(QUEUE_START, add_months(start, -66)), latest)
    submitted = builder.submitted(earliest, latest)
    withdrawn = random_day(rng, add_months(VINTAGES[0], -9), VINTAGES[0])
    listings, reached = [], "feasibility"
    for status in plant.statuses(VINTAGES):
        state = EIA_TO_PJM[status]
        if state in RUNG_STATUS or state == "deactivated":
            reached = "in_service" if state == "deactivated" else state
        in_service = operating if reached == "in_service" else None
        listings.append(
            Listing(
                state,
                reached,
                withdrawn=withdrawn if state == "withdrawn" else None,
                in_service=in_service,
            )
        )
    return builder.request(
        "eia",
        listings,
        submitted,
        fuel=PJM_FUEL[plant.technology.name],
        mw_energy=capacity_near(rng, plant.nameplate_mw, 1),
        place=(plant.state, plant.county, rng.choice(TRANSMISSION_OWNERS[plant.state])),
        commercial_name=similar_name(rng, plant.plant_name),
        plant_id=plant.plant_id,
        milestone=eia_date,
    )


def _steady(builder: QueueBuilder) -> Request:
    rung = builder.rng.choice(RUNGS[:5])
    submitted = builder.submitted(date(2019, 1, 1), date(2024, 6, 30))
    return builder.request("steady", _each_pull(_on(rung)), submitted)


def _advancing(builder: QueueBuilder) -> Request:
    """Climbs one rung at the second pull, at the third, or at both."""
    listings = [_on(rung) for rung in advancing_rungs(builder.rng, RUNGS, len(VINTAGES))]
    if listings[-1].state == "in_service":
        listings[-1] = replace(listings[-1], in_service=VINTAGES[-2])
    submitted = builder.submitted(date(2018, 1, 1), date(2023, 6, 30))
    return builder.request("advance", listings, submitted)


def _withdrawing(builder: QueueBuilder, pull: int) -> Request:
    rng = builder.rng
    rung = rng.choice(RUNGS[:4])
    gone = _withdrawn(rng, rung, add_months(VINTAGES[pull - 1], 1), VINTAGES[pull])
    listings = [_on(rung) if p < pull else gone for p in range(len(VINTAGES))]
    submitted = builder.submitted(date(2020, 1, 1), date(2024, 12, 31))
    return builder.request("withdraw", listings, submitted)


def _vanishing(builder: QueueBuilder, last_pull: int) -> Request:
    """Listed, then simply gone from the export: not withdrawn, disappeared."""
    rung = builder.rng.choice(RUNGS[:3])
    listings = [_on(rung) if p <= last_pull else None for p in range(len(VINTAGES))]
    submitted = builder.submitted(date(2020, 1, 1), date(2024, 6, 30))
    return builder.request("vanish", listings, submitted)


def _regressing(builder: QueueBuilder) -> Request:
    """One rung back at the second pull (a restudy, or construction halted)."""
    rung = builder.rng.choice(("system_impact", "engineering", "construction"))
    back = RUNGS[RUNGS.index(rung) - 1]
    listings = [_on(rung), _on(back), _on(back)]
    submitted = builder.submitted(date(2019, 1, 1), date(2023, 6, 30))
    return builder.request("regress", listings, submitted)


def _newcomer(builder: QueueBuilder, first_pull: int) -> Request:
    listings = [_on("feasibility") if p >= first_pull else None for p in range(len(VINTAGES))]
    lo = add_months(VINTAGES[first_pull - 1], 1)
    return builder.request("new", listings, builder.submitted(lo, VINTAGES[first_pull]))


def _transition_cycle(builder: QueueBuilder) -> Request:
    """Carried into the transition cycle: the same request, its Project ID gains a suffix."""
    rung = builder.rng.choice(("feasibility", "system_impact"))
    listings = [Listing(rung, rung, moved_to_tc1=p >= TC1_FROM) for p in range(len(VINTAGES))]
    submitted = builder.submitted(date(2020, 4, 1), date(2022, 3, 31))
    return builder.request("tc1", listings, submitted)


def _suspending(builder: QueueBuilder) -> Request:
    suspended = Listing("suspended", "engineering")
    listings = [_on("engineering"), suspended, suspended]
    submitted = builder.submitted(date(2017, 1, 1), date(2021, 6, 30))
    return builder.request("suspend", listings, submitted)


def _terminal(builder: QueueBuilder, role: str, state: str, reached: str) -> Request:
    rng = builder.rng
    submitted = builder.submitted(date(1999, 1, 1), date(2016, 12, 31))
    in_service = add_months(submitted, rng.randint(24, 60)) if state == "deactivated" else None
    withdrawn = add_months(submitted, rng.randint(4, 40)) if state == "withdrawn" else None
    listing = Listing(state, reached, withdrawn=withdrawn, in_service=in_service)
    return builder.request(role, _each_pull(listing), submitted)


def _historic(
    builder: QueueBuilder, role: str, state: str, first: date, last: date, fuel: str | None = None
) -> Request:
    """An old request in a terminal state or long in service."""
    rng = builder.rng
    submitted = builder.submitted(first, last)
    if state == "in_service":
        listing = Listing(state, state, in_service=add_months(submitted, rng.randint(24, 54)))
    else:
        reached = rng.choice(RUNGS[:3])
        listing = _withdrawn(rng, reached, add_months(submitted, 3), add_months(submitted, 40))
    listings = _each_pull(listing)
    if role == "backfill":
        listings = [listing if p == BACKFILL_PULL else None for p in range(len(VINTAGES))]
    return builder.request(role, listings, submitted, fuel=fuel)


def _history_withdrawn(builder: QueueBuilder) -> Request:
    return _historic(builder, "history", "withdrawn", date(2001, 1, 1), date(2019, 12, 31))


def _history_in_service(builder: QueueBuilder) -> Request:
    fuel = builder.rng.choice(("Natural Gas", "Wind", "Methane"))
    return _historic(builder, "history", "in_service", date(1999, 1, 1), date(2015, 12, 31), fuel)


def _backfill(builder: QueueBuilder) -> Request:
    return _historic(builder, "backfill", "withdrawn", date(2008, 1, 1), date(2016, 12, 31))


# How many requests of each role one unit of scale holds (EIA plants come on top).
ROLE_COUNTS: tuple[tuple[int, Callable[[QueueBuilder], Request]], ...] = (
    (20, _steady),
    (16, _advancing),
    (4, lambda b: _withdrawing(b, 1)),
    (4, lambda b: _withdrawing(b, 2)),
    (2, lambda b: _vanishing(b, 0)),
    (1, lambda b: _vanishing(b, 1)),
    (3, _regressing),
    (4, lambda b: _newcomer(b, 1)),
    (4, lambda b: _newcomer(b, 2)),
    (4, _transition_cycle),
    (2, _suspending),
    (1, lambda b: _terminal(b, "canceled", "canceled", "engineering")),
    (2, lambda b: _terminal(b, "deactivated", "deactivated", "in_service")),
    (12, _history_withdrawn),
    (6, _history_in_service),
    (25, _backfill),
)
FIRST_OPERATING = date(1999, 1, 1)  # plants operating before then predate PJM's queue


def simulate_queue(scale: int = 1, seed: int = DEFAULT_SEED) -> list[Request]:
    """Every request of the simulated PJM queue, in queue order (submitted date, then ID)."""
    builder = QueueBuilder(random.Random(seed))
    plants = listed_plants(scale, "PJM", VINTAGES, FIRST_OPERATING)
    requests = [_eia_request(builder, plant) for plant in plants]
    requests += role_requests(builder, ROLE_COUNTS, scale)
    return sorted(requests, key=lambda r: (r.submitted, r.project_id))


# --- the export workbook ------------------------------------------------------------------------

HEADER = (
    "Project ID", "Name", "Commercial Name", "State", "County", "Status", "Transmission Owner",
    "MFO", "MW Energy", "MW Capacity", "MW In Service", "Capacity or Energy", "Project Type",
    "Fuel", "Project (AC/DC)", "Rights (MW)", "Initial Study", "Feasibility Study",
    "Feasibility Study Status", "System Impact Study", "System Impact Study Status",
    "Facilities Study", "Facilities Study Status",
    "Interim/Interconnection Service/Generation Interconnection Agreement",
    "Interim/Interconnection Service/Generation Interconnection Agreement Status",
    "Wholesale Market Participation Agreement", "Construction Service Agreement",
    "Construction Service Agreement Status", "Upgrade Construction Service Agreement",
    "Upgrade Construction Service Agreement Status", "Backfeed Date", "Submitted Date",
    "Long-Term Firm Service Start Date", "Long-Term Firm Service End Date", "Test Energy Date",
    "Withdrawal Date", "Withdrawn Remarks", "Commercial Operation Milestone",
    "Revised In Service Date", "Actual In Service Date", "Attachment Type", "Alternate Project",
    "Sliding Project",
)  # fmt: skip
DOCUMENTS = "https://www.pjm.com/pjmfiles/pub/planning/project-queues"
# Study columns in order: (document column, status column, folder, rung that starts it)
STUDIES = (
    ("Feasibility Study", "Feasibility Study Status", "feas_docs", "feasibility"),
    ("System Impact Study", "System Impact Study Status", "impact_studies", "system_impact"),
    ("Facilities Study", "Facilities Study Status", "facilities", "facilities"),
)
AGREEMENT = "Interim/Interconnection Service/Generation Interconnection Agreement"
DEFINITIONS = (
    ("Project ID", "Queue position; the letters name the queue window the request entered."),
    ("Name", "Point of interconnection: the substation or line the request connects to."),
    ("Commercial Name", "The project's public name, once the developer has released one."),
    ("State", "State of the point of interconnection."),
    ("County", "County of the point of interconnection."),
    ("Status", "Where the request stands in the interconnection process."),
    ("MFO", "Maximum facility output, MW."),
    ("MW Energy", "Energy injection requested, MW."),
    ("MW Capacity", "Capacity interconnection rights requested, MW."),
    ("Fuel", "Fuel or technology of the generator."),
    ("Withdrawn Remarks", "Why the request left the queue."),
)


def _study_values(request: Request, listing: Listing) -> dict[str, str | None]:
    """Document links and status of each study, and the agreements, for one listing."""
    reached = RUNGS.index(listing.reached)
    key = request.project_id.lower().replace("-", "_")
    values: dict[str, str | None] = {}
    for document, status, folder, rung in STUDIES:
        start = RUNGS.index(rung)
        if reached > start:
            values[status] = DOCUMENT_POSTED
            values[document] = f"{DOCUMENTS}/{folder}/{key}_{folder[:3]}.pdf"
        elif reached == start:
            values[status] = WITHDRAWN_STUDY if listing.state == "withdrawn" else IN_PROGRESS
    if reached >= RUNGS.index("engineering"):
        values[AGREEMENT] = f"{DOCUMENTS}/isa/{key}_isa.pdf"
        values[f"{AGREEMENT} Status"] = DOCUMENT_POSTED
        values["Construction Service Agreement Status"] = DOCUMENT_POSTED
    return values


def export_row(request: Request, listing: Listing) -> dict[str, str | float | None]:
    """One request's cells in one pull's export, by header text."""
    in_service = listing.in_service
    late = RUNGS.index(listing.reached) >= RUNGS.index("construction")
    project_id = request.project_id + (TC1_SUFFIX if listing.moved_to_tc1 else "")
    return {
        "Project ID": project_id,
        "Name": request.poi_name,
        "Commercial Name": request.commercial_name,
        "State": request.state,
        "County": request.county,
        "Status": listing.status,
        "Transmission Owner": request.transmission_owner,
        "MFO": request.mw_energy,
        "MW Energy": request.mw_energy,
        "MW Capacity": request.mw_capacity,
        "MW In Service": request.mw_energy if listing.state == "in_service" else None,
        "Capacity or Energy": "Capacity",
        "Project Type": "Generation Interconnection",
        "Fuel": request.fuel,
        "Initial Study": "N/A",
        "Wholesale Market Participation Agreement": "N/A",
        "Upgrade Construction Service Agreement": "N/A",
        "Upgrade Construction Service Agreement Status": "N/A",
        "Backfeed Date": us_date(add_months(request.milestone, -3)) if late else None,
        "Submitted Date": us_date(request.submitted),
        "Long-Term Firm Service Start Date": "N/A",
        "Long-Term Firm Service End Date": "N/A",
        "Test Energy Date": us_date(add_months(request.milestone, -1)) if late else None,
        "Withdrawal Date": us_date(listing.withdrawn),
        "Withdrawn Remarks": _remark(request) if listing.withdrawn else None,
        "Commercial Operation Milestone": us_date(in_service or request.milestone),
        "Revised In Service Date": us_date(add_months(request.milestone, 4)) if late else None,
        "Actual In Service Date": us_date(in_service),
        "Attachment Type": "N",
        "Alternate Project": "No",
        **_study_values(request, listing),
    }


def _remark(request: Request) -> str:
    """A fixed reason per request (drawn from its ID, not from the shared random stream)."""
    return WITHDRAWN_REMARKS[sum(map(ord, request.project_id)) % len(WITHDRAWN_REMARKS)]


def export_columns(pull: int) -> tuple[str, ...]:
    """The header of one pull's export: Commercial Name appears only in later exports."""
    if pull >= COMMERCIAL_NAME_FROM:
        return HEADER
    return tuple(c for c in HEADER if c != "Commercial Name")


def export_workbook(requests: list[Request], pull: int) -> bytes:
    """One pull's export: sheet Data (header on row 1) and sheet Definitions-Mapping."""
    vintage = VINTAGES[pull]
    workbook, output = new_workbook(published_at(vintage, PUBLISHED_AT), "PJM Queue")
    data = workbook.add_worksheet(DATA_SHEET)
    columns = export_columns(pull)
    data.write_row(0, 0, columns)
    row = 0
    for request in requests:
        listing = request.listings[pull]
        if listing is None:
            continue
        row += 1
        cells = export_row(request, listing)
        write_cells(data, row, [cells.get(c) for c in columns])
    definitions = workbook.add_worksheet(DEFINITIONS_SHEET)
    definitions.write_string(0, 0, "Column Names from Data Tab")
    for index, (column, meaning) in enumerate(DEFINITIONS, start=1):
        definitions.write_row(index, 0, (column, meaning))
    workbook.close()
    return output.getvalue()


def write_pjm_queue_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one export per pull and `responses.json`; return the vintages."""
    requests = simulate_queue(scale, seed)
    responses = (
        Recorded(
            vintage,
            EXPORT_REQUEST.public_url,
            f"exports/{vintage.isoformat()}/PlanningQueues.xlsx",
            export_workbook(requests, pull),
            XLSX,
            published_at(vintage, PUBLISHED_AT),
        )
        for pull, vintage in enumerate(VINTAGES)
    )
    return write_snapshot(source_dir, ("exports",), responses)
