"""SPP active-request CSV exports from a simulated Southwest Power Pool queue.

Each request carries its status in every vintage (None: not on the list that day), so the
files are a pure reading of one structure. The list holds active requests only: a request
withdrawn by its developer and one that silently drops off look the same in the file (both
are simply absent); the generator's `role` records which it was. A third of the requests
are drawn from the EIA units of the simulated fleet in SPP's balancing authority (same state,
county, technology, capacity within 5 %). SPP publishes no project or developer names.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from pathlib import Path

from maestro_assets.lib.months import add_months
from maestro_assets.lib.sources.spp_queue import ACTIVE_CSV_REQUEST, LAST_UPDATED
from maestro_assets.lib.synthetic.eia860m import CANCELED, OPERATING, PLANNED
from maestro_assets.lib.synthetic.queue_fleet import (
    FleetPlant,
    Recorded,
    capacity_near,
    fleet_plants,
    published_at,
    us_date,
    write_snapshot,
)

DEFAULT_SEED = 1941
BALANCING_AUTHORITY = "SWPP"
VINTAGES = (date(2026, 6, 17), date(2026, 7, 15), date(2026, 8, 19))
CSV = "text/csv; charset=utf-8"
PUBLISHED_AT = time(21, 30)  # UTC

DISIS = "DISIS STAGE"
FACILITY_STUDY = "FACILITY STUDY STAGE"
IA_PENDING = "IA PENDING"
ON_SCHEDULE = "IA FULLY EXECUTED/ON SCHEDULE"
COMMERCIAL = "IA FULLY EXECUTED/COMMERCIAL OPERATION"
SUSPENDED = "IA FULLY EXECUTED/ON SUSPENSION"
NO_STATUS = "None"  # what the list prints for new replacement and surplus requests
LADDER = (DISIS, FACILITY_STUDY, IA_PENDING, ON_SCHEDULE, COMMERCIAL)
EIA_STATUS = {  # EIA-860M planned status -> the SPP status it corresponds to
    "P": DISIS,
    "OT": DISIS,
    "L": FACILITY_STUDY,
    "T": IA_PENDING,
    "U": ON_SCHEDULE,
    "V": ON_SCHEDULE,
    "TS": ON_SCHEDULE,
}

HEADER = (
    "Generation Interconnection Number", "IFS Queue Number", "Current Cluster", "Cluster Group",
    " Nearest Town or County", "State", "TO at POI", "In-Service Date",
    "Commercial Operation Date", "Cessation Date", "Replacement Generator Commercial Op Date",
    "Capacity", "MAX Summer MW", "MAX Winter MW", "Service Type", "Generation Type",
    "Fuel Type", "Substation or Line", "Request Received", "Date Withdrawn", "Status",
    "Cause of Delay",
)  # fmt: skip
# The same column under the name other exports give it: the last vintage uses it.
RENAMED_COLUMN = (
    "Replacement Generator Commercial Op Date",
    "Original Generator Commercial Op Date",
    VINTAGES[-1],
)

CLUSTER_GROUPS = {
    "OK": "04 SOUTHEAST", "KS": "06 CENTRAL", "NE": "02 NEBRASKA", "TX": "05 SOUTHWEST",
    "NM": "05 SOUTHWEST", "ND": "01 NORTH", "SD": "01 NORTH", "MO": "07 EAST", "AR": "07 EAST",
}  # fmt: skip
OWNERS = {
    "OK": ("OG&E", "WFEC", "AEP"), "KS": ("WERE", "MIDW", "SUNC"), "NE": ("NPPD", "OPPD"),
    "TX": ("SPS", "AEP"), "NM": ("SPS",), "ND": ("BEPC",), "SD": ("WAPA",), "MO": ("KCPL",),
    "AR": ("AEP",),
}  # fmt: skip
PLACES = {  # state -> counties and towns a request names as its nearest
    "OK": ("Beaver County", "Kay County", "Caddo", "Woodward", "Mayes County", "Sleeping Bear"),
    "KS": ("Ford County", "Reno County", "Neosho County", "Kingman", "Sumner County"),
    "NE": ("Lancaster", "Greeley County", "Holt County", "Antelope County"),
    "TX": ("Yoakum", "Lamb County", "Hale County", "Deaf Smith County"),
    "NM": ("Lea", "Roosevelt", "Curry County"),
    "ND": ("Williams", "Mercer County"),
    "MO": ("Cass", "Nodaway County"),
}
KINDS = {  # kind -> (Generation Type, Fuel Type choices, capacity range MW)
    "wind": ("Wind", (None,), (50.0, 500.0)),
    "solar": ("Solar", (None,), (20.0, 400.0)),
    "storage": ("Battery/Storage", (None,), (20.0, 300.0)),
    "hybrid": ("Hybrid", ("Solar/Storage", "Wind/Storage", None), (100.0, 600.0)),
    "thermal": ("Thermal", ("Gas", "CT", "Gas Turbine", "Reciprocating Engine"), (40.0, 700.0)),
}
KIND_WEIGHTS = (("wind", 30), ("solar", 25), ("storage", 22), ("hybrid", 10), ("thermal", 13))
EIA_KINDS = {
    "Solar Photovoltaic": ("solar", None),
    "Onshore Wind Turbine": ("wind", None),
    "Batteries": ("storage", None),
    "Natural Gas Fired Combustion Turbine": ("thermal", "CT"),
    "Natural Gas Fired Combined Cycle": ("thermal", "Combined Cycle"),
    "Conventional Steam Coal": ("thermal", "Coal"),
}
SUBSTATIONS = ("Beaver County", "Spalding", "North Loup", "Tontitown", "Ft Supply", "Woodring",
               "Hitchland", "Post Rock", "Wichita", "Tolk")  # fmt: skip


@dataclass(frozen=True)
class Request:
    """One interconnection request and what each vintage prints for it."""

    number: str
    statuses: tuple[str | None, ...]  # per vintage; None: not on the list
    role: str
    cluster: str | None
    town_or_county: str
    state: str
    transmission_owner: str
    generation_type: str
    fuel_type: str | None
    capacity_mw: float
    service_type: str
    poi: str
    received: date
    cods: tuple[date | None, ...]  # per vintage
    in_service: date | None = None
    cessation: date | None = None
    replacement_cod: date | None = None
    ifs_number: str | None = None
    causes: tuple[str | None, ...] = (None, None, None)  # Cause of Delay per vintage
    eia_plant_id: int | None = None
    eia_technology: str | None = None  # with the Plant ID, names the EIA units

    def listed(self, vintage: date) -> bool:
        return self.status(vintage) is not None

    def status(self, vintage: date) -> str | None:
        return self.statuses[VINTAGES.index(vintage)]


class RequestBuilder:
    """Draws requests with increasing numbers per request year; one rng, a fixed order."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._sequence: dict[str, int] = {}

    def number(self, year: int, prefix: str = "") -> str:
        key = f"{year}-{prefix}"
        self._sequence[key] = self._sequence.get(key, 0) + self.rng.randint(1, 6)
        sequence = self._sequence[key]
        return f"GEN-{year}-{prefix}{sequence}" if prefix else f"GEN-{year}-{sequence:03d}"

    def cluster(self, received: date) -> str:
        if received.year < 2008:
            return "ICS-2008-001 Prior Queued"
        return f"DISIS-{received.year}-001" + ("" if received.year >= 2017 else "-4")

    def poi(self) -> str:
        rng = self.rng
        first = rng.choice(SUBSTATIONS)
        if rng.random() < 0.4:
            second = rng.choice([s for s in SUBSTATIONS if s != first])
            return f"{first} to {second} {rng.choice((115, 230, 345))}kV"
        return f"{first} Substation {rng.choice((138, 161, 345))} kV"

    def request(
        self,
        role: str,
        statuses: Sequence[str | None],
        kind: str | None = None,
        state: str | None = None,
        received: date | None = None,
        **extra,
    ) -> Request:
        rng = self.rng
        kind = kind or rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
        generation_type, fuels, (low, high) = KINDS[kind]
        state = state or rng.choice(("OK", "OK", "KS", "KS", "NE", "TX", "NM", "ND", "MO"))
        home = state.split("/")[0]
        cods, operating = self.dates(statuses)
        start = operating or VINTAGES[0]
        received = received or add_months(start, -rng.randint(10, 60)) + timedelta(
            days=rng.randint(0, 27)
        )
        return Request(
            number=self.number(received.year),
            statuses=tuple(statuses),
            role=role,
            cluster=self.cluster(received),
            town_or_county=rng.choice(PLACES[home]),
            state=state,
            transmission_owner=rng.choice(OWNERS[home]),
            generation_type=generation_type,
            fuel_type=rng.choice(fuels),
            capacity_mw=round(rng.uniform(low, high), 1),
            service_type=rng.choice(("ER", "ER/NR")),
            poi=self.poi(),
            received=received,
            cods=cods,
            in_service=add_months(operating, -2) if operating else None,
            **extra,
        )

    def dates(self, statuses: Sequence[str | None]) -> tuple[tuple[date, ...], date | None]:
        """Commercial Operation Date per vintage: planned until the request operates, then the
        day it did (years ago, or within the vintage it first shows as operating)."""
        rng = self.rng
        planned = add_months(VINTAGES[0], rng.randint(6, 48))
        operating = None
        cods = []
        for index, status in enumerate(statuses):
            if status == COMMERCIAL and operating is None:
                operating = (
                    add_months(VINTAGES[0], -rng.randint(6, 180))
                    if index == 0
                    else VINTAGES[index] - timedelta(days=rng.randint(1, 12))
                )
            cods.append(operating if status == COMMERCIAL else planned)
        return tuple(cods), operating

    def from_fleet(self, plant: FleetPlant) -> Request | None:
        """The request behind an EIA plant of the fleet: SPP keeps operating requests on the
        active list; a canceled unit is on suspension; a retired one drops off."""
        rng = self.rng
        statuses, cods = [], []
        for vintage in VINTAGES:
            record = plant.record(vintage)
            if record is None or record.sheet not in (PLANNED, OPERATING, CANCELED):
                statuses.append(None)
                cods.append(None)
            elif record.sheet == PLANNED:
                statuses.append(EIA_STATUS[record.status])
                cods.append(record.planned_operation)
            elif record.sheet == OPERATING:
                statuses.append(COMMERCIAL)
                cods.append(record.operating)
            else:
                statuses.append(SUSPENDED)
                cods.append(record.planned_operation)
        if not any(statuses):
            return None
        kind, fuel = EIA_KINDS[plant.technology.name]
        start = next(c for c in cods if c is not None)
        received = add_months(min(start, VINTAGES[0]), -rng.randint(30, 60))
        operating = next((c for s, c in zip(statuses, cods, strict=True) if s == COMMERCIAL), None)
        capacity = capacity_near(rng, plant.nameplate_mw, 2)
        county = plant.county if rng.random() < 0.4 else f"{plant.county} County"
        return Request(
            number=self.number(received.year),
            statuses=tuple(statuses),
            role="eia",
            cluster=self.cluster(received),
            town_or_county=county,
            state=plant.state,
            transmission_owner=rng.choice(OWNERS[plant.state]),
            generation_type=KINDS[kind][0],
            fuel_type=fuel,
            capacity_mw=capacity,
            service_type=rng.choice(("ER", "ER/NR")),
            poi=self.poi(),
            received=received,
            cods=tuple(c or start for c in cods),
            in_service=add_months(operating, -2) if operating else None,
            eia_plant_id=plant.plant_id,
            eia_technology=plant.technology.name,
        )


def scenario_requests(builder: RequestBuilder) -> list[Request]:
    """The designed cases, once per unit of scale."""
    b = builder
    transferred_on = VINTAGES[1] - timedelta(days=6)
    transfer = (
        "Ownership Transfer from Prairie Sun Energy to Kestrel Renewables. "
        f"{transferred_on.month}/{transferred_on.day}/{transferred_on:%y} RC"
    )
    suspended_on = VINTAGES[1] - timedelta(days=9)
    suspension = f"Suspension Start Date of {us_date(suspended_on)}"
    replacement = b.request("replacement", (NO_STATUS,) * 3, "storage", "KS")
    surplus = b.request("surplus", (IA_PENDING,) * 3, "storage", "OK")
    return [
        b.request("advancing", (DISIS, FACILITY_STUDY, IA_PENDING), "wind"),
        b.request("advancing", (IA_PENDING, ON_SCHEDULE, ON_SCHEDULE), "solar"),
        b.request("reached_commercial_operation", (ON_SCHEDULE, ON_SCHEDULE, COMMERCIAL)),
        b.request("regressed", (FACILITY_STUDY, FACILITY_STUDY, DISIS), "storage"),
        b.request(
            "suspended",
            (ON_SCHEDULE, SUSPENDED, SUSPENDED),
            "wind",
            causes=(None, suspension, suspension),
        ),
        b.request("withdrawn", (DISIS, None, None), "solar"),
        b.request("vanished", (FACILITY_STUDY, FACILITY_STUDY, None), "hybrid"),
        b.request("new", (None, DISIS, DISIS), "storage", received=date(2026, 7, 1)),
        b.request("new", (None, None, DISIS), "solar", received=date(2026, 8, 3)),
        b.request(
            "ownership_transferred",
            (IA_PENDING,) * 3,
            "wind",
            causes=(None, transfer, transfer),
        ),
        replace(
            replacement,
            number=b.number(replacement.received.year, "GR"),
            cluster="Replacement",
            cessation=add_months(VINTAGES[0], 5),
            replacement_cod=date(2004, 12, 31),
        ),
        b.request("two_states", (DISIS,) * 3, "wind", "TX/OK"),
        replace(surplus, number=b.number(surplus.received.year, "SR"), cluster="Surplus"),
    ]


def pipeline_request(builder: RequestBuilder) -> Request:
    """A filler request: some status, and now and then one step up the ladder."""
    rng = builder.rng
    rung = rng.choices(range(len(LADDER)), weights=(45, 12, 6, 17, 20))[0]
    statuses = [LADDER[rung]]
    for _ in VINTAGES[1:]:
        if rng.random() < 0.1 and rung < len(LADDER) - 1:
            rung += 1
        statuses.append(LADDER[rung])
    return builder.request("pipeline", statuses)


def simulate_queue(scale: int = 1, seed: int = DEFAULT_SEED) -> list[Request]:
    """Every request of the simulated SPP list, newest number first (as the list sorts)."""
    rng = random.Random(seed)
    builder = RequestBuilder(rng)
    requests = [r for p in fleet_plants(scale, BALANCING_AUTHORITY) if (r := builder.from_fleet(p))]
    derived = len(requests)
    for _ in range(scale):
        requests.extend(scenario_requests(builder))
    while len(requests) < 3 * derived:
        requests.append(pipeline_request(builder))
    return sorted(requests, key=number_order, reverse=True)


def number_order(request: Request) -> tuple[int, str, int]:
    _, year, rest = request.number.split("-", 2)
    digits = "".join(c for c in rest if c.isdigit())
    return int(year), "".join(c for c in rest if not c.isdigit()), int(digits or 0)


# --- the CSV export ------------------------------------------------------------------------

Cell = str | int | float | date | None


def csv_field(value: Cell) -> str:
    """Strings quoted, dates m/d/yyyy, numbers bare, blanks empty (the export's style)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return us_date(value)
    if isinstance(value, int | float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return '"' + value.replace('"', '""') + '"'


def row_cells(request: Request, vintage: date) -> dict[str, Cell]:
    index = VINTAGES.index(vintage)
    return {
        "Generation Interconnection Number": request.number,
        "IFS Queue Number": request.ifs_number,
        "Current Cluster": request.cluster,
        "Cluster Group": CLUSTER_GROUPS[request.state.split("/")[0]],
        " Nearest Town or County": request.town_or_county,
        "State": request.state,
        "TO at POI": request.transmission_owner,
        "In-Service Date": request.in_service,
        "Commercial Operation Date": request.cods[index],
        "Cessation Date": request.cessation,
        "Replacement Generator Commercial Op Date": request.replacement_cod,
        "Capacity": request.capacity_mw,
        "MAX Summer MW": request.capacity_mw,
        "MAX Winter MW": request.capacity_mw,
        "Service Type": request.service_type,
        "Generation Type": request.generation_type,
        "Fuel Type": request.fuel_type,
        "Substation or Line": request.poi,
        "Request Received": request.received,
        "Date Withdrawn": None,
        "Status": request.statuses[index],
        "Cause of Delay": request.causes[index],
    }


def header_for(vintage: date) -> tuple[str, ...]:
    old, new, since = RENAMED_COLUMN
    return tuple(new if name == old and vintage >= since else name for name in HEADER)


def csv_bytes(requests: Sequence[Request], vintage: date) -> bytes:
    """One vintage's export: the `Last Updated On` line, the header, one line per request."""
    lines = [
        f'"{LAST_UPDATED}",{csv_field(vintage)},',
        ",".join(map(csv_field, header_for(vintage))),
    ]
    for request in requests:
        if request.listed(vintage):
            cells = row_cells(request, vintage)
            lines.append(",".join(csv_field(cells[name]) for name in HEADER))
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def write_spp_queue_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one CSV export per vintage and `responses.json`."""
    requests = simulate_queue(scale, seed)
    responses = (
        Recorded(
            vintage,
            ACTIVE_CSV_REQUEST.public_url,
            f"{vintage.isoformat()}/GI_ActiveRequest.csv",
            csv_bytes(requests, vintage),
            CSV,
            published_at(vintage, PUBLISHED_AT),
        )
        for vintage in VINTAGES
    )
    return write_snapshot(source_dir, [v.isoformat() for v in VINTAGES], responses)
