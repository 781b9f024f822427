"""Synthetic LBNL "Queued Up" editions: three annual data files in the later `data` layout.

Each edition (April 2024, 2025, 2026; data through the end of the year before) lists every
request of every region, one row each, dates as Excel serial numbers. About a third of the
rows are drawn from the simulated EIA fleet (`simulate_fleet`): units planned or canceled in
its first data month, in the same state and county, of the same technology, about the same
MW, with a name like the EIA plant name and, sometimes, the EIA Entity Name as developer;
the 2026 edition's phase follows the unit's EIA status and earlier editions show it a phase
or two behind. The other rows follow scripted `Story`s: advances, a backwards move,
withdrawals, projects reaching operation, suspensions, a row that vanishes, new requests, a
q_id listed twice and a row without a q_id (both real traps). The 2024 edition has no
`ia_date` column. Everything is a pure function of (scale, seed).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from maestro_assets.lib.months import add_months
from maestro_assets.lib.sources.lbnl_queued_up import (
    LANDING_REQUEST,
    discover_data_file,
    status_key,
)
from maestro_assets.lib.synthetic.eia860m import (
    CANCELED,
    HTML,
    PLANNED,
    STATES,
    WINDOW_MONTHS,
    XLSX,
    GeneratorMonth,
    simulate_fleet,
)
from maestro_assets.lib.synthetic.queue_fleet import (
    EIA_FLEET_SEED,
    Recorded,
    excel_serial,
    new_workbook,
    published_at,
    write_cells,
    write_snapshot,
)

DEFAULT_SEED = 2020
EDITIONS = (date(2024, 4, 1), date(2025, 4, 1), date(2026, 4, 1))
WITHOUT_IA_DATE = EDITIONS[0]
FILES_DIR = "files"
LANDING_BODY = "landing"
CREATED_AT = time(9)  # the workbook's own timestamp, naive
PUBLISHED_AT = time(16)  # UTC

ACTIVE, SUSPENDED, WITHDRAWN, OPERATIONAL = "active", "suspended", "withdrawn", "operational"
NOT_STARTED, FEASIBILITY, IMPACT, FACILITY, IA_PENDING, IA_EXECUTED = PHASES = (
    "Not Started",
    "Feasibility Study",
    "System Impact Study",
    "Facility Study",
    "IA Pending",
    "IA Executed",
)
UNKNOWN = "unknown"
RAW_PHASE = {  # what a queue itself might have said, as LBNL keeps it in IA_status_raw
    NOT_STARTED: "Not Started",
    FEASIBILITY: "Feasibility Study - In Progress",
    IMPACT: "SIS in Progress",
    FACILITY: "Facilities Study",
    IA_PENDING: "GIA Draft",
    IA_EXECUTED: "IA Executed",
    UNKNOWN: "Other",
}
EIA_STATUS_PHASE = {
    "P": IMPACT,
    "L": FACILITY,
    "T": IA_PENDING,
    "U": IA_EXECUTED,
    "V": IA_EXECUTED,
    "TS": IA_EXECUTED,
    "OT": UNKNOWN,
}


def data_cutoff(edition: date) -> date:
    """An edition covers the queues through the end of the year before it is published."""
    return date(edition.year - 1, 12, 31)


# --- requests and their rows ----------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    region: str
    entity: str
    state: str
    counties: tuple[str, ...]
    utility: str


PLACES = (
    Place("PJM", "PJM", "PA", ("cambria", "somerset", "luzerne"), "PPL"),
    Place("PJM", "PJM", "OH", ("hardin", "champaign", "van wert"), "AEP"),
    Place("PJM", "PJM", "VA", ("pittsylvania", "mecklenburg", "halifax"), "Dominion"),
    Place("MISO", "MISO", "IA", ("story", "kossuth", "adair"), "MidAmerican"),
    Place("MISO", "MISO", "MN", ("lincoln", "mower", "freeborn"), "Xcel"),
    Place("ERCOT", "ERCOT", "TX", ("pecos", "reeves", "nolan", "haskell"), "Oncor"),
    Place("SPP", "SPP", "OK", ("custer", "woodward", "kay"), "OG&E"),
    Place("SPP", "SPP", "KS", ("ford", "reno", "gray"), "Evergy"),
    Place("NYISO", "NYISO", "NY", ("jefferson", "steuben", "genesee"), "National Grid"),
    Place("CAISO", "CAISO", "CA", ("kern", "riverside", "imperial"), "SCE"),
    Place("ISO-NE", "ISO-NE", "MA", ("plymouth", "worcester", "bristol"), "Eversource"),
    Place("West (non-ISO)", "APS", "AZ", ("maricopa", "pinal", "yuma"), "APS"),
    Place("West (non-ISO)", "NVE", "NV", ("clark", "nye"), "NV Energy"),
    Place("West (non-ISO)", "PSCO", "CO", ("weld", "pueblo", "logan"), "Xcel"),
    Place("Southeast (non-ISO)", "Duke", "NC", ("robeson", "cleveland", "nash"), "Duke"),
    Place("Southeast (non-ISO)", "SOCO", "GA", ("early", "dougherty", "sumter"), "Georgia Power"),
)
BALANCING_AUTHORITY_REGION = {  # EIA balancing authority -> (region, entity)
    "ERCO": ("ERCOT", "ERCOT"),
    "CISO": ("CAISO", "CAISO"),
    "MISO": ("MISO", "MISO"),
    "SWPP": ("SPP", "SPP"),
    "NYIS": ("NYISO", "NYISO"),
    "PJM": ("PJM", "PJM"),
    "ISNE": ("ISO-NE", "ISO-NE"),
    "AZPS": ("West (non-ISO)", "APS"),
    "SRP": ("West (non-ISO)", "SRP"),
    "TEPC": ("West (non-ISO)", "TEP"),
    "NEVP": ("West (non-ISO)", "NVE"),
    "PSCO": ("West (non-ISO)", "PSCO"),
    "WACM": ("West (non-ISO)", "WAPA"),
    "DUK": ("Southeast (non-ISO)", "Duke"),
    "CPLE": ("Southeast (non-ISO)", "Duke"),
}
MIXES = (  # (type_clean, types of mw1.., weight)
    ("Solar", ("Solar",), 35),
    ("Battery", ("Battery",), 20),
    ("Solar+Battery", ("Solar", "Battery"), 18),
    ("Wind", ("Wind",), 14),
    ("Wind+Battery", ("Wind", "Battery"), 3),
    ("Gas", ("Gas",), 5),
    ("Offshore Wind", ("Offshore Wind",), 2),
    ("Hydro", ("Hydro",), 1),
    ("Other", ("Other",), 2),
)
EIA_TYPES = {  # EIA technology name -> type_clean
    "Solar Photovoltaic": "Solar",
    "Batteries": "Battery",
    "Onshore Wind Turbine": "Wind",
    "Natural Gas Fired Combustion Turbine": "Gas",
    "Natural Gas Fired Combined Cycle": "Gas",
}
NAME_CORES = (
    "Tallgrass", "Switchgrass", "Buffalo Ridge", "Meadowlark", "Quail Run", "Cottonwood",
    "Red Fox", "Pheasant Hollow", "Bright Field", "Ironwood", "Long Leaf", "Heron Bay",
    "Stillwater", "Granite Falls", "Prairie Rose", "Sunrise Valley", "Hickory Flats", "Sparrow",
)  # fmt: skip
DEVELOPERS = (
    "Lightsource bp", "Savion LLC", "Geronimo Power", "Orsted Onshore North America",
    "Leeward Renewable Energy", "National Grid Renewables", "Swift Current Energy",
)  # fmt: skip
DEVELOPER_SHARE = 0.15  # LBNL names a developer for few rows
EIA_DEVELOPER_SHARE = 0.4  # rows drawn from EIA units that carry the EIA Entity Name


@dataclass(frozen=True)
class Request:
    """What stays the same from edition to edition."""

    q_id: str | None
    place: Place
    county: str
    project_name: str | None
    developer: str | None
    poi: str | None
    type_clean: str
    capacities: tuple[tuple[str, float], ...]  # (type, MW), as type1/mw1 …
    queued: date
    proposed: date
    story: str
    eia_plant_id: int | None = None
    eia_generator_ids: tuple[str, ...] = ()
    utility: str | None = None  # the place's utility unless given


@dataclass(frozen=True)
class Row:
    """A request as one edition lists it."""

    request: Request
    q_status: str = ACTIVE
    phase: str = NOT_STARTED
    proposed: date | None = None
    ia_date: date | None = None
    wd_date: date | None = None
    on_date: date | None = None

    @property
    def status_key(self) -> str | None:
        """The key the parser and the staging model compose from this row's cells."""
        return status_key({"q_status": self.q_status, "ia_status_clean": self.phase})


Edition = list[Row]
History = list[Row | None]  # aligned with EDITIONS


def _active(request: Request, phase: str, **changes) -> Row:
    ia_date = add_months(request.queued, 30) if phase == IA_EXECUTED else None
    return Row(request, ACTIVE, phase, request.proposed, ia_date=ia_date, **changes)


def _in_year(rng: random.Random, year: int) -> date:
    return date(year, rng.randint(1, 12), rng.randint(1, 28))


def _listed(request: Request, rows: History) -> History:
    """Only what the queue held by each edition's data cutoff."""
    return [
        row if row is not None and request.queued <= data_cutoff(edition) else None
        for row, edition in zip(rows, EDITIONS, strict=True)
    ]


# --- scripted stories -----------------------------------------------------------------------


@dataclass(frozen=True)
class Story:
    name: str
    count: int
    rows: Callable[[random.Random, Request], History]
    queued_years: tuple[int, int] = (2017, 2023)


def _steady(rng: random.Random, request: Request) -> History:
    return [_active(request, rng.choice(PHASES))] * len(EDITIONS)


def _advancing(rng: random.Random, request: Request) -> History:
    first = rng.randrange(len(PHASES) - 2)
    return [_active(request, PHASES[first + step]) for step in range(len(EDITIONS))]


def _reaching_operation(rng: random.Random, request: Request) -> History:
    edition = rng.choice((1, 2))
    online = _in_year(rng, EDITIONS[edition].year - 1)
    operating = Row(request, OPERATIONAL, IA_EXECUTED, request.proposed, on_date=online)
    executed = _active(request, IA_EXECUTED)
    return [executed if index < edition else operating for index in range(len(EDITIONS))]


def _withdrawing(rng: random.Random, request: Request) -> History:
    edition = rng.choice((1, 2))
    active = _active(request, rng.choice(PHASES[:5]))
    gone = replace(active, q_status=WITHDRAWN, wd_date=_in_year(rng, EDITIONS[edition].year - 1))
    return [active if index < edition else gone for index in range(len(EDITIONS))]


def _vanishing(rng: random.Random, request: Request) -> History:
    return [_active(request, rng.choice(PHASES)), None, None]  # dropped, not withdrawn


def _newcomer(rng: random.Random, request: Request) -> History:
    return [_active(request, rng.choice(PHASES[:2]))] * len(EDITIONS)  # listed once queued


def _regressing(rng: random.Random, request: Request) -> History:
    return [_active(request, IA_PENDING), _active(request, IMPACT), _active(request, IMPACT)]


def _suspending(rng: random.Random, request: Request) -> History:
    active = _active(request, FACILITY)
    suspended = replace(active, q_status=SUSPENDED)
    return [active, suspended, suspended]


def _long_withdrawn(rng: random.Random, request: Request) -> History:
    withdrawn_on = add_months(request.queued, rng.randint(6, 30))
    withdrawn_on = min(withdrawn_on, data_cutoff(EDITIONS[0]))
    row = Row(request, WITHDRAWN, rng.choice(PHASES[:4]), request.proposed, wd_date=withdrawn_on)
    return [row] * len(EDITIONS)


def _long_operational(rng: random.Random, request: Request) -> History:
    online = min(add_months(request.queued, rng.randint(24, 48)), data_cutoff(EDITIONS[0]))
    row = Row(request, OPERATIONAL, IA_EXECUTED, request.proposed, on_date=online)
    return [row] * len(EDITIONS)


STORIES = (
    Story("steady", 24, _steady),
    Story("advancing", 15, _advancing),
    Story("reaching_operation", 6, _reaching_operation),
    Story("withdrawing", 10, _withdrawing),
    Story("vanishing", 3, _vanishing),
    Story("newcomer", 10, _newcomer, queued_years=(2024, 2025)),
    Story("regressing", 2, _regressing),
    Story("suspending", 3, _suspending),
    Story("long_withdrawn", 12, _long_withdrawn, queued_years=(2012, 2020)),
    Story("long_operational", 8, _long_operational, queued_years=(2012, 2019)),
)
# Real traps: one ISO-NE q_id listed twice, one NYISO withdrawn row without a q_id.
DUPLICATED_ID_STORY = "duplicated_q_id"
MISSING_ID_STORY = "missing_q_id"
EIA_STORY = "eia"


class RequestMaker:
    """Draws requests, with q_ids in each entity's own style and never reused."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._serial: dict[str, int] = {}

    def q_id(self, place: Place, queued: date) -> str:
        number = self._serial.get(place.entity, 100) + self.rng.randint(1, 7)
        self._serial[place.entity] = number
        year = queued.year
        styles = {
            "PJM": f"A{'EFGH'[year % 4]}{1 + number % 2}-{number:03d}",
            "MISO": f"J{number + 1000}",
            "ERCOT": f"{year % 100:02d}INR{number:04d}",
            "SPP": f"GEN-{year}-{number:03d}",
            "NYISO": f"{number + 800:04d}",
        }
        return styles.get(place.entity, f"{place.entity[:3].upper()}{year % 100:02d}-{number}")

    def scripted(self, story: Story) -> Request:
        rng = self.rng
        place = rng.choice(PLACES)
        queued = _in_year(rng, rng.randint(*story.queued_years))
        type_clean, types, _ = rng.choices(MIXES, weights=[m[2] for m in MIXES])[0]
        capacities = tuple((t, round(rng.uniform(5, 400), rng.choice((0, 1)))) for t in types)
        named = place.region in ("CAISO", "NYISO", "ISO-NE") or rng.random() < 0.3
        name = f"{rng.choice(NAME_CORES)} {type_clean.split('+')[0]}"
        return Request(
            q_id=self.q_id(place, queued),
            place=place,
            county=rng.choice(place.counties),
            project_name=(name.upper() if place.region == "CAISO" else name) if named else None,
            developer=rng.choice(DEVELOPERS) if rng.random() < DEVELOPER_SHARE else None,
            poi=f"{rng.choice(NAME_CORES)} {rng.choice((69, 115, 138, 230, 345))} kV",
            type_clean=type_clean,
            capacities=capacities,
            queued=queued,
            proposed=add_months(queued, rng.randint(30, 60)),
            story=story.name,
        )

    def from_eia(self, group: list[GeneratorMonth], place: Place) -> Request:
        rng = self.rng
        generator = group[0].generator
        site = generator.site
        planned = min(r.planned_operation for r in group if r.planned_operation)
        queued = add_months(planned, -rng.randint(30, 66)).replace(day=rng.randint(1, 28))
        nameplate = sum(r.generator.nameplate_mw for r in group)
        name = rng.choice((site.plant_name, f"{site.plant_name} Project", site.plant_name))
        return Request(
            q_id=self.q_id(place, queued),
            place=place,
            county=site.county.lower(),
            project_name=name,
            developer=site.entity_name if rng.random() < EIA_DEVELOPER_SHARE else None,
            poi=f"{site.plant_name.split()[0]} {rng.choice((115, 138, 230))} kV",
            type_clean=EIA_TYPES[generator.technology.name],
            capacities=(
                (
                    EIA_TYPES[generator.technology.name],
                    round(nameplate * rng.uniform(0.97, 1.03), 1),
                ),
            ),
            queued=queued,
            proposed=planned,
            story=EIA_STORY,
            eia_plant_id=site.plant_id,
            eia_generator_ids=tuple(r.generator.generator_id for r in group),
            utility=STATES[site.state].utility[1],
        )


def _trap_histories(maker: RequestMaker) -> Iterator[History]:
    """An ISO-NE q_id listed twice (two rows of one edition), and a NYISO row without one."""
    rng = maker.rng
    iso_ne = next(p for p in PLACES if p.region == "ISO-NE")
    first = maker.scripted(STORIES[0])
    twin = replace(
        first,
        q_id=maker.q_id(iso_ne, first.queued),
        place=iso_ne,
        county=iso_ne.counties[0],
        story=DUPLICATED_ID_STORY,
    )
    for capacities in (((("Solar", 20.0),)), (("Battery", 10.0),)):
        request = replace(twin, capacities=capacities, type_clean=capacities[0][0])
        yield _listed(request, [_active(request, IMPACT)] * len(EDITIONS))
    nyiso = next(p for p in PLACES if p.region == "NYISO")
    queued = _in_year(rng, 2006)
    orphan = replace(
        maker.scripted(STORIES[0]),
        q_id=None,
        place=nyiso,
        county=nyiso.counties[1],
        queued=queued,
        story=MISSING_ID_STORY,
    )
    yield _listed(orphan, _long_withdrawn(rng, orphan))


# --- rows drawn from the EIA fleet ----------------------------------------------------------


def eia_groups(fleet: dict[date, list[GeneratorMonth]]) -> list[list[GeneratorMonth]]:
    """Units planned or canceled in the first data month, by plant and technology, for the
    plants with an even Plant ID (about half) in a balancing authority LBNL covers."""
    groups: dict[tuple[int, str], list[GeneratorMonth]] = {}
    for record in fleet[WINDOW_MONTHS[0]]:
        site = record.generator.site
        if (
            record.sheet in (PLANNED, CANCELED)
            and site.balancing_authority in BALANCING_AUTHORITY_REGION
            and site.plant_id % 2 == 0
            and record.generator.technology.name in EIA_TYPES
        ):
            key = (site.plant_id, record.generator.technology.name)
            groups.setdefault(key, []).append(record)
    return [group for _, group in sorted(groups.items())]


def eia_history(rng: random.Random, request: Request, group: list[GeneratorMonth]) -> History:
    """The latest edition from the units' EIA status; earlier editions a step behind each."""
    if any(r.sheet == CANCELED for r in group):
        withdrawn = _in_year(rng, EDITIONS[-1].year - 1)
        active = _active(request, IMPACT)
        gone = replace(active, q_status=WITHDRAWN, wd_date=withdrawn)
        return _listed(request, [_active(request, FEASIBILITY), active, gone])
    phase = EIA_STATUS_PHASE[min((r.status for r in group), key=list(EIA_STATUS_PHASE).index)]
    if phase == UNKNOWN:
        return _listed(request, [_active(request, UNKNOWN)] * len(EDITIONS))
    latest = PHASES.index(phase)
    rows = [_active(request, PHASES[max(latest - back, 0)]) for back in (2, 1, 0)]
    return _listed(request, rows)


def eia_histories(
    maker: RequestMaker, fleet: dict[date, list[GeneratorMonth]]
) -> Iterator[History]:
    for group in eia_groups(fleet):
        region, entity = BALANCING_AUTHORITY_REGION[group[0].generator.site.balancing_authority]
        state = group[0].generator.site.state
        place = Place(region, entity, state, (), entity)
        request = maker.from_eia(group, place)
        yield eia_history(maker.rng, request, group)


# --- the editions ---------------------------------------------------------------------------


def simulate_editions(scale: int = 1, seed: int = DEFAULT_SEED) -> dict[date, Edition]:
    """Each edition's rows, ordered by region, entity and queue date."""
    rng = random.Random(seed)
    maker = RequestMaker(rng)
    histories = list(eia_histories(maker, simulate_fleet(scale, seed=EIA_FLEET_SEED)))
    for _ in range(scale):
        for story in STORIES:
            for _ in range(story.count):
                request = maker.scripted(story)
                histories.append(_listed(request, story.rows(rng, request)))
        histories.extend(_trap_histories(maker))
    return {
        edition: sorted(
            (h[index] for h in histories if h[index] is not None),
            key=lambda row: (
                row.request.place.region,
                row.request.place.entity,
                row.request.queued,
            ),
        )
        for index, edition in enumerate(EDITIONS)
    }


# --- workbook -------------------------------------------------------------------------------

Cell = str | int | float | None
DATA_COLUMNS = (
    "q_id", "q_status", "q_date", "ia_date", "wd_date", "on_date", "county", "state", "region",
    "utility", "entity", "project_name", "developer", "IA_status_raw", "IA_status_clean",
    "type_clean", "poi_name", "prop_date", "q_year", "prop_year", "type1", "type2", "type3",
    "mw1", "mw2", "mw3",
)  # fmt: skip
CODEBOOK = (
    ("q_id", "queue ID number"),
    ("q_status", "queue status (active, suspended, withdrawn, operational)"),
    ("q_date", "date project entered queue (Excel serial date)"),
    ("ia_date", "date interconnection agreement executed (Excel serial date)"),
    ("wd_date", "date project withdrawn from queue (Excel serial date)"),
    ("on_date", "date project became operational (Excel serial date)"),
    ("region", "ISO or non-ISO region"),
    ("entity", "queue entity (ISO or utility)"),
    ("IA_status_clean", "standardized interconnection study / agreement phase"),
    ("type_clean", "resource type - standardized"),
    ("mw1", "capacity of type 1 (MW)"),
)


def columns_for(edition: date) -> tuple[str, ...]:
    return tuple(c for c in DATA_COLUMNS if not (edition == WITHOUT_IA_DATE and c == "ia_date"))


def cell_values(row: Row) -> dict[str, Cell]:
    request = row.request
    capacities = [*request.capacities, (None, None), (None, None), (None, None)][:3]
    proposed = row.proposed or request.proposed
    cells: dict[str, Cell] = {
        "q_id": request.q_id,
        "q_status": row.q_status,
        "q_date": excel_serial(request.queued),
        "ia_date": excel_serial(row.ia_date),
        "wd_date": excel_serial(row.wd_date),
        "on_date": excel_serial(row.on_date),
        "county": request.county,
        "state": request.place.state,
        "region": request.place.region,
        "utility": request.utility or request.place.utility,
        "entity": request.place.entity,
        "project_name": request.project_name,
        "developer": request.developer,
        "IA_status_raw": RAW_PHASE[row.phase],
        "IA_status_clean": row.phase,
        "type_clean": request.type_clean,
        "poi_name": request.poi,
        "prop_date": excel_serial(proposed),
        "q_year": request.queued.year,
        "prop_year": proposed.year,
    }
    for number, (kind, mw) in enumerate(capacities, start=1):
        cells[f"type{number}"] = kind
        cells[f"mw{number}"] = mw
    return cells


def data_file_bytes(edition: date, rows: Edition) -> bytes:
    book, output = new_workbook(
        datetime.combine(edition, CREATED_AT),
        f"Queued Up {edition.year} data file",
        "Lawrence Berkeley National Laboratory",
    )
    data = book.add_worksheet("data")
    columns = columns_for(edition)
    data.write_row(0, 0, columns)
    for index, row in enumerate(rows, start=1):
        values = cell_values(row)
        write_cells(data, index, [values[name] for name in columns])
    codebook = book.add_worksheet("codebook")
    for index, entry in enumerate(CODEBOOK):
        codebook.write_row(index, 0, entry)
    book.close()
    return output.getvalue()


# --- landing page ---------------------------------------------------------------------------

LANDING_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Queued Up: Characteristics of Power Plants Seeking \
Transmission Interconnection | Electricity Markets and Policy Group</title></head>
<body>
<h1>Queued Up: {year} Edition</h1>
<p>Released {released}. Data on projects in interconnection queues through the end of \
{through}.</p>
<ul>
<li><a href="{current}">Queued Up {year} Data File (xlsx)</a></li>
<li><a href="/sites/default/files/{folder}/queued_up_{year}_briefing.pdf">Briefing (pdf)</a></li>
<li><a href="/sites/default/files/{folder}/interconnection_cost_data.xlsx">Interconnection \
cost data (xlsx)</a></li>
</ul>
<h2>Previous editions</h2>
<ul>
{previous}
</ul>
</body>
</html>
"""


def data_file_path(edition: date) -> str:
    return (
        f"/sites/default/files/{edition:%Y-%m}/LBNL_Ix_Queue_Data_File_thru{edition.year - 1}.xlsx"
    )


def landing_page(edition: date) -> str:
    earlier = [e for e in EDITIONS if e < edition]
    previous = "\n".join(
        f'<li><a href="{data_file_path(e)}">Queued Up {e.year} Data File</a></li>'
        for e in reversed(earlier)
    )
    return LANDING_TEMPLATE.format(
        year=edition.year,
        released=f"{edition:%B %Y}",
        through=edition.year - 1,
        current=data_file_path(edition),
        folder=f"{edition:%Y-%m}",
        previous=previous,
    )


def recorded_edition(edition: date, rows: Edition) -> list[Recorded]:
    """The landing page as it stood when the edition came out, and the data file it links."""
    page = landing_page(edition)
    url = discover_data_file(page)
    if url is None or not url.endswith(data_file_path(edition)):
        raise RuntimeError(f"the {edition} landing page links {url}, not its data file")
    published = published_at(edition, PUBLISHED_AT)
    return [
        Recorded(
            edition,
            LANDING_REQUEST.public_url,
            f"{LANDING_BODY}/queues_{edition:%Y-%m-%d}.html",
            page.encode(),
            HTML,
            published,
        ),
        Recorded(
            edition,
            url,
            f"{FILES_DIR}/LBNL_Ix_Queue_Data_File_{edition:%Y-%m-%d}.xlsx",
            data_file_bytes(edition, rows),
            XLSX,
            published,
        ),
    ]


def write_lbnl_queued_up_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Per edition: the landing page as it stood, and the data file it links to."""
    editions = simulate_editions(scale, seed)
    responses = (
        response
        for edition, rows in editions.items()
        for response in recorded_edition(edition, rows)
    )
    return write_snapshot(source_dir, (LANDING_BODY, FILES_DIR), responses)
