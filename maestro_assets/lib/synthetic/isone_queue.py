"""Synthetic ISO-NE queue reports: three monthly exports of the IRTT queue, in ISO-NE's layout.

Sheet `Queue`: three title rows (the `As of:` date, the request types, the filters), a blank
row, the header on row 5 as an Excel table, then one row per request, newest Position first;
real date cells, float32-looking MW values and boolean cells, as ISO-NE writes them.

About a third of the generation requests are the ISO-NE plants of the simulated EIA fleet
(`simulate_fleet(scale, seed=860)`): same state, county and technology, MW within 5 %, an
Alternative Name close to the plant name, a stage that follows the plant's EIA status. The
others play the roles the downstream models must tell apart: steady, advancing, regressing,
withdrawn (a W/ D Date while Project Status still reads Under Study), vanished, new (first
with a blank status), suspended, old withdrawn and old completed requests with blank status,
an old Position holding several unit rows, the oldest request whose date is a bare Excel
serial, and ETU / TS requests staging must leave out. The `OS` column is absent from the
first report. Deterministic: one `random.Random(seed)`, fixed workbook timestamps.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path

from maestro_assets.lib.months import add_months
from maestro_assets.lib.sources.isone_queue import QUEUE_SHEET, export_request
from maestro_assets.lib.synthetic.eia860m import STATES, XLSX
from maestro_assets.lib.synthetic.queue_fleet import (
    CANCELED_STATUS,
    RETIRED_STATUS,
    FleetPlant,
    Recorded,
    advancing_rungs,
    capacity_near,
    excel_serial,
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

DEFAULT_SEED = 2024
VINTAGES = (date(2026, 6, 23), date(2026, 7, 23), date(2026, 8, 24))  # the reports' as-of dates
OS_COLUMN_FROM = 1  # the first report has no OS (optional study) column
FIRST_OPERATING = date(1998, 1, 1)  # plants operating before then predate the queue
PUBLISHED_AT = time(6)  # UTC

# --- ISO-NE's vocabulary -------------------------------------------------------------------------

UNDER_STUDY, POSTED, EXECUTED = "Under Study", "Document Posted", "Executed"
# stage -> (Project Status, SIS, FAC, IA)
STAGE_COLUMNS: dict[str, tuple[str | None, str | None, str | None, str | None]] = {
    "new": (None, None, None, None),  # a request too new to have a status
    "study": (UNDER_STUDY, "Not Started", None, None),
    "study_sis": (UNDER_STUDY, "In Progress", None, None),
    "study_sis_done": (UNDER_STUDY, POSTED, "In Progress", None),
    "study_ia": (UNDER_STUDY, POSTED, None, EXECUTED),
    "construction": ("Under Construction", POSTED, None, EXECUTED),
    "partial": ("Partially In Service", POSTED, None, EXECUTED),
    "in_service": ("In Service", POSTED, None, EXECUTED),
    "completed": (None, None, None, EXECUTED),  # old completed requests: no status
    "suspended": ("Suspended", None, None, None),
}
LADDER = (
    "study", "study_sis", "study_sis_done", "study_ia", "construction", "partial", "in_service",
)  # fmt: skip
EIA_TO_ISONE = {
    "P": "study",
    "L": "study_sis_done",
    "T": "study_ia",
    "U": "construction",
    "V": "construction",
    "TS": "partial",
    "OP": "in_service",
    "SB": "in_service",
    "OA": "in_service",
    "OS": "in_service",
    "OT": "suspended",
    RETIRED_STATUS: "completed",
    CANCELED_STATUS: "study",  # canceled: withdrawn from study
}
RECENT_IN_SERVICE = date(2012, 1, 1)  # older completed requests carry no Project Status
UNIT_FUEL = {  # EIA technology -> (Unit, Fuel Type)
    "Solar Photovoltaic": ("PV", "SUN"),
    "Onshore Wind Turbine": ("WT", "WND"),
    "Batteries": ("OT", "BAT"),
    "Natural Gas Fired Combined Cycle": ("CC", "NG"),
    "Natural Gas Fired Combustion Turbine": ("GT", "NG"),
    "Conventional Steam Coal": ("ST", "BIT"),
}
OTHER_KINDS = (  # (Unit, Fuel Type, generic Alternative Name, MW range, weight)
    ("PV", "SUN", "Solar", (5.0, 120.0), 30),
    ("OT", "BAT", "Battery Storage", (5.0, 400.0), 30),
    ("OT", "SUN BAT", "Solar plus battery storage", (5.0, 80.0), 15),
    ("WT", "WND", "Wind", (20.0, 200.0), 10),
    ("WT", "WND", "Offshore Wind", (400.0, 1300.0), 4),
    ("HD", "WAT", "Hydro Upgrade", (2.0, 30.0), 5),
    ("GT", "DFO NG", "Combustion Turbine", (40.0, 350.0), 6),
)
PLACES = {  # state -> (counties, load zones)
    "MA": (STATES["MA"].counties, ("SEMA", "WMA", "CMA", "BOST")),
    "ME": (("Aroostook", "Penobscot", "Cumberland", "York"), ("ME", "BHE", "SME")),
    "CT": (("New Haven", "Hartford", "New London", "Windham"), ("CT", "SWCT", "NOR")),
    "NH": (("Coos", "Grafton", "Merrimack"), ("NH",)),
    "RI": (("Kent", "Washington", "Providence"), ("RI",)),
    "VT": (("Franklin", "Windsor", "Rutland"), ("VT",)),
}
OWNERS = ("NGRID", "CMP", "NU", "NSTAR", "UI", "ISO-NE")
LOCATIONS = (
    "Millbury", "Carver", "Medway", "West Amesbury", "Sandy Pond", "Card Street", "Brayton Point",
    "Kent County", "Orrington", "Larrabee Road", "Surowiec", "Scobie Pond", "Deerfield",
    "Granite", "Coolidge", "Frost Bridge", "Manchester Street", "Montville", "Kleen",
)  # fmt: skip
ANCHORS = (  # (requested, Position): ISO-NE numbers requests in the order they arrive
    (date(1996, 6, 1), 1),
    (date(2006, 6, 1), 155),
    (date(2015, 5, 1), 533),
    (date(2020, 1, 1), 900),
    (date(2023, 1, 1), 1330),
    (date(2025, 1, 1), 1600),
    (date(2026, 9, 1), 1740),
)


@dataclass(frozen=True)
class Entry:
    """A request as one report lists it."""

    stage: str  # a key of STAGE_COLUMNS
    updated: datetime | None
    withdrawn: date | None = None

    @property
    def project_status(self) -> str | None:
        return STAGE_COLUMNS[self.stage][0]


@dataclass(frozen=True)
class Request:
    """One row of the report, with how each report lists it (None: not listed)."""

    position: int
    role: str
    request_type: str  # G, ETU or TS
    name: str
    unit: str | None
    fuel_type: str | None
    net_mw: float | None
    summer_mw: float | None
    state: str
    county: str
    zone: str
    location: str
    requested: date
    op_date: date
    entries: tuple[Entry | None, ...]
    plant_id: int | None = None
    requested_as_serial: bool = False  # the oldest row: a date stored as a bare number
    unit_row: int = 0  # the row's order within its Position (multi-unit Positions)


def float32(value: float | None) -> float | None:
    """MW as ISO-NE stores them: single precision, so 4.99 reads 4.989999771."""
    if value is None:
        return None
    return float(f"{struct.unpack('f', struct.pack('f', value))[0]:.9g}")


def position_for(requested: date) -> int:
    """The Position a request of that date would get, interpolated between known anchors."""
    for (d0, p0), (d1, p1) in pairwise(ANCHORS):
        if requested < d1:
            share = (requested - d0).days / (d1 - d0).days
            return max(1, round(p0 + share * (p1 - p0)))
    return ANCHORS[-1][1]


class QueueBuilder:
    """Draws requests role by role from one random stream; Positions are unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.taken: set[int] = set()

    def position(self, requested: date) -> int:
        position = position_for(requested)
        while position in self.taken:
            position += 1
        self.taken.add(position)
        return position

    def updated(self, first: date, last: date) -> datetime:
        """A last-update timestamp, to the millisecond, as IRTT records it."""
        rng = self.rng
        moment = datetime.combine(random_day(rng, first, last), time(rng.randint(8, 17)))
        return moment + timedelta(seconds=rng.randint(0, 3599), milliseconds=rng.randint(0, 999))

    def entries(self, stages: list[str | None], requested: date) -> list[Entry | None]:
        """Entries for a stage per report: the timestamp moves only when the row changes."""
        entries: list[Entry | None] = []
        previous: Entry | None = None
        for index, stage in enumerate(stages):
            if stage is None:
                entries.append(None)
                continue
            if previous is None or previous.stage != stage:
                first = requested if index == 0 else max(requested, VINTAGES[index - 1])
                previous = Entry(stage, self.updated(first, VINTAGES[index] - timedelta(days=1)))
            entries.append(previous)
        return entries

    def request(
        self,
        role: str,
        entries: list[Entry | None],
        requested: date,
        kind: tuple | None = None,
        mw: float | None = None,
        state: str | None = None,
        county: str | None = None,
        name: str | None = None,
        **extra,
    ) -> Request:
        rng = self.rng
        unit, fuel, generic, size, _ = (
            kind or rng.choices(OTHER_KINDS, [k[-1] for k in OTHER_KINDS])[0]
        )
        state = state or rng.choice(tuple(PLACES))
        counties, zones = PLACES[state]
        mw = mw if mw is not None else round(rng.uniform(*size), 2)
        return Request(
            position=extra.pop("position", None) or self.position(requested),
            role=role,
            request_type=extra.pop("request_type", "G"),
            name=name or generic,
            unit=unit,
            fuel_type=fuel,
            net_mw=float32(mw),
            summer_mw=float32(mw),
            state=state,
            county=county or rng.choice(counties),
            zone=rng.choice(zones),
            location=f"{rng.choice(LOCATIONS)} {rng.choice(('115', '345'))} kV Substation",
            requested=requested,
            op_date=extra.pop("op_date", None) or add_months(requested, rng.randint(30, 60)),
            entries=tuple(entries),
            **extra,
        )


def _eia_request(builder: QueueBuilder, plant: FleetPlant) -> Request:
    """A request at an EIA plant, its stage following the plant's EIA status each month."""
    rng = builder.rng
    operating = plant.operating(VINTAGES)
    start = operating or plant.planned(VINTAGES) or add_months(VINTAGES[0], 36)
    earliest, latest = add_months(start, -54), min(add_months(start, -20), VINTAGES[0])
    if earliest > latest:  # planned over 4½ years out (larger fleets have some): a recent request
        earliest, latest = add_months(VINTAGES[0], -34), VINTAGES[0] - timedelta(days=1)
    requested = random_day(rng, earliest, latest)
    statuses = plant.statuses(VINTAGES)
    stages = [EIA_TO_ISONE[s] for s in statuses]
    if operating and operating < RECENT_IN_SERVICE:
        stages = ["completed" if s == "in_service" else s for s in stages]
    entries = builder.entries(stages, requested)
    if CANCELED_STATUS in statuses:  # canceled: withdrawn, its last status left as it was
        day = random_day(rng, add_months(VINTAGES[0], -8), VINTAGES[0] - timedelta(days=1))
        entries = [
            Entry(e.stage, e.updated, withdrawn=day) if e and s == CANCELED_STATUS else e
            for e, s in zip(entries, statuses, strict=True)
        ]
    unit, fuel = UNIT_FUEL[plant.technology.name]
    return builder.request(
        "eia",
        entries,
        requested,
        kind=(unit, fuel, None, None, 0),
        mw=capacity_near(rng, plant.nameplate_mw, 1),
        state=plant.state,
        county=plant.county,
        name=similar_name(rng, plant.plant_name),
        plant_id=plant.plant_id,
        op_date=start,
    )


def _recent(builder: QueueBuilder) -> date:
    return random_day(builder.rng, date(2021, 1, 1), date(2025, 6, 30))


def _steady(builder: QueueBuilder) -> Request:
    stage = builder.rng.choice(LADDER[:5])
    requested = _recent(builder)
    return builder.request("steady", builder.entries([stage] * 3, requested), requested)


def _advancing(builder: QueueBuilder) -> Request:
    """One rung up at the second report, at the third, or at both."""
    stages = advancing_rungs(builder.rng, LADDER, len(VINTAGES))
    requested = _recent(builder)
    return builder.request("advance", builder.entries(stages, requested), requested)


def _withdrawing(builder: QueueBuilder, report: int) -> Request:
    """Withdrawn: the W/ D Date appears, the Project Status still reads as before."""
    rng = builder.rng
    stage = rng.choice(LADDER[:4])
    requested = _recent(builder)
    entries = builder.entries([stage] * 3, requested)
    day = random_day(rng, VINTAGES[report - 1], VINTAGES[report] - timedelta(days=1))
    moment = datetime.combine(day, time(10, 30))
    entries[report:] = [Entry(stage, moment, withdrawn=day)] * (len(VINTAGES) - report)
    return builder.request("withdraw", entries, requested)


def _vanishing(builder: QueueBuilder) -> Request:
    """Listed in the first report, then simply gone: not withdrawn, disappeared."""
    stage = builder.rng.choice(LADDER[:3])
    requested = _recent(builder)
    return builder.request("vanish", builder.entries([stage, None, None], requested), requested)


def _regressing(builder: QueueBuilder) -> Request:
    """One rung back at the second report (construction halted, a restudy)."""
    stage = builder.rng.choice(("construction", "partial"))
    back = LADDER[LADDER.index(stage) - 1]
    requested = _recent(builder)
    entries = builder.entries([stage, back, back], requested)
    return builder.request("regress", entries, requested)


def _newcomer(builder: QueueBuilder, first: int) -> Request:
    """New: first listed with a blank status, under study by the next report."""
    stages = [None] * first + ["new"] + ["study"] * (len(VINTAGES) - first - 1)
    requested = random_day(builder.rng, VINTAGES[first - 1], VINTAGES[first] - timedelta(days=2))
    return builder.request("new", builder.entries(stages, requested), requested)


def _suspended(builder: QueueBuilder) -> Request:
    requested = _recent(builder)
    return builder.request("suspend", builder.entries(["suspended"] * 3, requested), requested)


def _old_withdrawn(builder: QueueBuilder) -> Request:
    """Withdrawn years ago: blank status, a W/ D Date."""
    rng = builder.rng
    requested = random_day(rng, date(2005, 1, 1), date(2020, 12, 31))
    day = random_day(rng, add_months(requested, 3), add_months(requested, 30))
    entry = Entry("new", datetime.combine(day, time(9)), withdrawn=day)
    kind = rng.choice([k for k in OTHER_KINDS if "BAT" not in k[1]])  # no batteries back then
    return builder.request("history", [entry] * 3, requested, kind=kind)


def _old_completed(builder: QueueBuilder) -> Request:
    rng = builder.rng
    requested = random_day(rng, date(2000, 1, 1), date(2010, 12, 31))
    entry = Entry("completed", None)
    kind = ("CC", "NG", "Combined Cycle", (150.0, 600.0), 0)
    return builder.request("history", [entry] * 3, requested, kind=kind)


def _multi_unit(builder: QueueBuilder) -> list[Request]:
    """An old Position that holds several unit rows (ISO-NE's multi-unit requests)."""
    rng = builder.rng
    requested = random_day(rng, date(2003, 1, 1), date(2008, 12, 31))
    position = builder.position(requested)
    site = rng.choice(LOCATIONS)
    entry = Entry("completed", None)
    kind = ("HD", "WAT", None, (5.0, 40.0), 0)
    return [
        builder.request(
            "multi_unit",
            [entry] * 3,
            requested,
            kind=kind,
            name=f"{site} Unit #{unit}",
            position=position,
            unit_row=unit,
        )
        for unit in range(1, 4)
    ]


def _oldest(builder: QueueBuilder) -> Request:
    """The oldest request: its Requested and Op Date cells are bare Excel serial numbers."""
    entry = Entry("completed", None)
    kind = ("CC", "DFO NG", "Cogeneration", (80.0, 300.0), 0)
    return builder.request(
        "serial", [entry] * 3, date(1996, 6, 7), kind=kind, requested_as_serial=True
    )


def _transmission(builder: QueueBuilder, request_type: str) -> Request:
    """ETU and TS requests share the sheet; staging leaves them out."""
    requested = _recent(builder)
    kind = ("NA", "N/A", "HVDC Transmission Line", (600.0, 1200.0), 0)
    if request_type == "TS":
        kind = ("NA", None, "Transmission Service", (50.0, 300.0), 0)
    entries = builder.entries(["study"] * 3, requested)
    return builder.request(
        request_type.lower(), entries, requested, kind=kind, request_type=request_type
    )


ROLE_COUNTS: tuple[tuple[int, Callable[[QueueBuilder], Request | list[Request]]], ...] = (
    (4, _steady),
    (5, _advancing),
    (2, lambda b: _withdrawing(b, 1)),
    (2, lambda b: _withdrawing(b, 2)),
    (2, _vanishing),
    (2, _regressing),
    (2, lambda b: _newcomer(b, 1)),
    (2, lambda b: _newcomer(b, 2)),
    (1, _suspended),
    (3, _old_withdrawn),
    (1, _old_completed),
    (1, _multi_unit),
    (1, _oldest),
    (2, lambda b: _transmission(b, "ETU")),
    (1, lambda b: _transmission(b, "TS")),
)


def simulate_queue(scale: int = 1, seed: int = DEFAULT_SEED) -> list[Request]:
    """Every row of the simulated ISO-NE queue, newest Position first (the report's order)."""
    builder = QueueBuilder(random.Random(seed))
    plants = listed_plants(scale, "ISNE", VINTAGES, FIRST_OPERATING)
    requests = [_eia_request(builder, plant) for plant in plants]
    requests += role_requests(builder, ROLE_COUNTS, scale)
    return sorted(requests, key=lambda r: (-r.position, r.unit_row))


# --- the report workbook --------------------------------------------------------------------------

HEADER = (
    "Position", "Updated", "Type", "Requested", "Alternative Name", "Unit", "Fuel Type",
    "Net MW", "Summer MW", "Winter MW", "County", "State", "Op Date", "Sync Date", "W/ D Date",
    "Interconnection Location", "Serv", "SIS Complete", "I39", "TO Report", "Dev", "Zone",
    "FS", "SIS", "OS", "FAC", "IA", "Project Status",
)  # fmt: skip
TITLE = "Interconnection Requests for New England Control Area"
SUBTITLE = "Generation, Elective Transmission Upgrade and Transmission Service Requests"
HEADER_ROW = 4  # zero-based: the header is on row 5


def report_columns(report: int) -> tuple[str, ...]:
    if report >= OS_COLUMN_FROM:
        return HEADER
    return tuple(c for c in HEADER if c != "OS")


def report_row(request: Request, entry: Entry) -> dict[str, object]:
    """One request's cells in one report, by header text (dates as dates, flags as booleans)."""
    status, sis, fac, ia = STAGE_COLUMNS[entry.stage]
    requested: object = request.requested
    op_date: object = request.op_date
    if request.requested_as_serial:
        requested = excel_serial(request.requested)
        op_date = excel_serial(request.op_date)
    study_done = sis == POSTED
    return {
        "Position": request.position,
        "Updated": entry.updated,
        "Type": request.request_type,
        "Requested": requested,
        "Alternative Name": request.name,
        "Unit": request.unit,
        "Fuel Type": request.fuel_type,
        "Net MW": request.net_mw,
        "Summer MW": request.summer_mw,
        "Winter MW": request.summer_mw,
        "County": request.county,
        "State": request.state,
        "Op Date": op_date,
        "Sync Date": None if request.requested_as_serial else add_months(request.op_date, -1),
        "W/ D Date": entry.withdrawn,
        "Interconnection Location": request.location,
        "Serv": "CNR" if request.request_type == "G" else "NA",
        "SIS Complete": study_done or entry.stage == "completed",
        "I39": study_done or entry.stage == "completed",
        "TO Report": OWNERS[request.position % len(OWNERS)] if study_done else None,
        "Dev": "PD" if study_done else None,
        "Zone": request.zone,
        "FS": POSTED if entry.stage == "suspended" else None,
        "SIS": sis,
        "OS": None,
        "FAC": fac,
        "IA": ia,
        "Project Status": status,
    }


def report_workbook(requests: list[Request], report: int) -> bytes:
    """One report: the title rows, the header as an Excel table, the listed requests."""
    vintage = VINTAGES[report]
    workbook, output = new_workbook(published_at(vintage, PUBLISHED_AT), "Queue")
    sheet = workbook.add_worksheet(QUEUE_SHEET)
    bold = workbook.add_format({"bold": True})
    date_format = workbook.add_format({"num_format": "mm/dd/yyyy"})
    sheet.write_string(0, 0, TITLE, bold)
    sheet.write_string(0, 6, f"As of: {us_date(vintage)} 12:00:00 AM")
    sheet.write_string(0, 9, "ISO-NE Public")
    sheet.write_string(1, 0, SUBTITLE, bold)
    sheet.write_row(2, 0, ("Jurisdiction:", "All", "Status:", "All"))
    columns = report_columns(report)
    row = HEADER_ROW
    for request in requests:
        entry = request.entries[report]
        if entry is None:
            continue
        row += 1
        cells = report_row(request, entry)
        write_cells(sheet, row, [cells[name] for name in columns], date_format)
    sheet.add_table(
        HEADER_ROW,
        0,
        row,
        len(columns) - 1,
        {"name": "Table1", "columns": [{"header": c} for c in columns]},
    )
    workbook.close()
    return output.getvalue()


def write_isone_queue_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one report per as-of date and `responses.json`; return the vintages."""
    requests = simulate_queue(scale, seed)
    responses = (
        Recorded(
            vintage,
            export_request(vintage).public_url,
            f"reports/{vintage.isoformat()}/InterconnectionQueue.xlsx",
            report_workbook(requests, report),
            XLSX,
            published_at(vintage, PUBLISHED_AT),
        )
        for report, vintage in enumerate(VINTAGES)
    )
    return write_snapshot(source_dir, ("reports",), responses)
