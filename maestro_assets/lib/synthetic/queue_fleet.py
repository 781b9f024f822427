"""What the synthetic interconnection queues share: the simulated EIA fleet as queue requests,
names and capacities close to the EIA ones, how requests are drawn role by role, the dates and
workbook cells they write, and the recorded responses they leave.

A third or so of every queue is drawn from the plants of the simulated EIA fleet
(`simulate_fleet(scale, seed=860)`), so that linking queue requests to EIA units can be tested.
Everything here is a pure function of its arguments and the random stream it is given.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TypeVar

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.months import month_start
from maestro_assets.lib.synthetic.eia860m import (
    CANCELED,
    DEFAULT_SEED,
    RETIRED,
    WINDOW_MONTHS,
    GeneratorMonth,
    Technology,
    simulate_fleet,
)
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

EIA_FLEET_SEED = DEFAULT_SEED  # the fleet the EIA-860M snapshot is drawn from
RETIRED_STATUS, CANCELED_STATUS = "RE", "CN"  # sheet-only EIA states, as status codes
EXCEL_EPOCH = date(1899, 12, 30)

# --- the EIA fleet, as queue requests ----------------------------------------------------------


@dataclass(frozen=True)
class FleetPlant:
    """The generators of one technology at one simulated EIA plant: what one interconnection
    request for that plant describes."""

    plant_id: int
    plant_name: str
    entity_name: str
    state: str
    county: str
    technology: Technology
    nameplate_mw: float  # every generator of it listed in the data months, summed
    history: dict[date, GeneratorMonth]  # data month -> its lead unit's record

    def record(self, day: date) -> GeneratorMonth | None:
        """The lead unit's record in the data month of `day` (its first Generator ID listed)."""
        return self.history.get(month_start(day))

    def listed(self, days: Iterable[date]) -> list[GeneratorMonth]:
        """The lead unit's records in the data months of those `days` that list the plant."""
        return [record for day in days if (record := self.record(day)) is not None]

    def statuses(self, days: Sequence[date]) -> tuple[str, ...]:
        """The EIA status on each day as a status code (`RE` retired, `CN` canceled); a day
        before the plant is listed takes its first listed status."""
        status = queue_status(self.listed(days)[0])
        statuses = []
        for day in days:
            record = self.record(day)
            status = queue_status(record) if record is not None else status
            statuses.append(status)
        return tuple(statuses)

    def operating(self, days: Iterable[date]) -> date | None:
        """The operating month, for units listed as operating on one of `days`."""
        return next((r.operating for r in self.listed(days) if r.operating), None)

    def planned(self, days: Iterable[date]) -> date | None:
        """The planned operation month, for units listed as planned on one of `days`."""
        return next((r.planned_operation for r in self.listed(days) if r.planned_operation), None)


def queue_status(record: GeneratorMonth) -> str:
    if record.sheet == RETIRED:
        return RETIRED_STATUS
    if record.sheet == CANCELED:
        return CANCELED_STATUS
    return record.status


def fleet_plants(scale: int, balancing_authority: str) -> list[FleetPlant]:
    """The fleet's plants in one balancing authority, one per technology, in Plant ID order."""
    fleet = simulate_fleet(scale, seed=EIA_FLEET_SEED)
    generators: dict[tuple[int, str], dict[str, float]] = {}
    histories: dict[tuple[int, str], dict[date, GeneratorMonth]] = {}
    for month in WINDOW_MONTHS:
        for record in fleet[month]:  # by Plant ID, then Generator ID
            site, generator = record.generator.site, record.generator
            if site.balancing_authority != balancing_authority:
                continue
            key = (site.plant_id, generator.technology.name)
            generators.setdefault(key, {})[generator.generator_id] = generator.nameplate_mw
            histories.setdefault(key, {}).setdefault(month, record)
    plants = []
    for key in sorted(histories):
        history = histories[key]
        lead = next(iter(history.values())).generator
        plants.append(
            FleetPlant(
                plant_id=lead.site.plant_id,
                plant_name=lead.site.plant_name,
                entity_name=lead.site.entity_name,
                state=lead.site.state,
                county=lead.site.county,
                technology=lead.technology,
                nameplate_mw=round(sum(generators[key].values()), 1),
                history=history,
            )
        )
    return plants


def listed_plants(
    scale: int, balancing_authority: str, days: Sequence[date], first_operating: date
) -> list[FleetPlant]:
    """The fleet's plants listed on one of `days`, less those operating since before
    `first_operating` (they predate the queue)."""
    plants = []
    for plant in fleet_plants(scale, balancing_authority):
        operating = plant.operating(days)
        if plant.listed(days) and (operating is None or operating >= first_operating):
            plants.append(plant)
    return plants


def shorter_name(plant_name: str) -> str:
    """The plant name without its last word, when that leaves two words or more."""
    words = plant_name.split()
    return " ".join(words[:-1]) if len(words) > 2 else plant_name


def similar_name(rng: random.Random, plant_name: str) -> str:
    """A project name a person would match to the EIA plant name."""
    words = plant_name.split()
    longer = plant_name if words[-1] == "Project" else f"{plant_name} Project"
    return rng.choice((plant_name, shorter_name(plant_name), longer, f"{plant_name}, LLC"))


def capacity_near(rng: random.Random, nameplate_mw: float, digits: int) -> float:
    """The MW a queue lists for a plant: within 4 % of its EIA nameplate."""
    return round(nameplate_mw * rng.uniform(0.96, 1.04), digits)


# --- drawing a queue ------------------------------------------------------------------------


def numbered(rng: random.Random, used: set[int], low: int, high: int) -> int:
    """A number from low to high not drawn before. At a large scale the range fills up: after
    as many misses in a row as it holds numbers, the draw moves on to the next range as wide
    (at SCALE=1 no range comes near full, so the draws are those of the plain redraw)."""
    misses = 0
    while True:
        number = rng.randint(low, high)
        if number not in used:
            used.add(number)
            return number
        misses += 1
        if misses > high - low:
            low, high, misses = high + 1, 2 * high - low + 1, 0


Builder = TypeVar("Builder")
Drawn = TypeVar("Drawn")


def role_requests(
    builder: Builder,
    role_counts: Sequence[tuple[int, Callable[[Builder], Drawn | list[Drawn]]]],
    scale: int,
) -> list[Drawn]:
    """What each role's draw gives, drawn `count` times per unit of scale, in a fixed order
    (a draw may give several requests)."""
    requests: list[Drawn] = []
    for _ in range(scale):
        for count, draw in role_counts:
            for _ in range(count):
                drawn = draw(builder)
                requests.extend(drawn if isinstance(drawn, list) else [drawn])
    return requests


def advancing_rungs(rng: random.Random, ladder: Sequence[str], vintages: int) -> list[str]:
    """The rung of each vintage of a request that climbs `ladder` one rung at the second
    vintage, at the third, or at both."""
    steps = rng.choice(((1,), (2,), (1, 2)))
    index = rng.randrange(len(ladder) - 1 - len(steps))
    rungs = []
    for vintage in range(vintages):
        index += vintage in steps
        rungs.append(ladder[index])
    return rungs


# --- dates ------------------------------------------------------------------------------------


def random_day(rng: random.Random, first: date, last: date) -> date:
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def published_at(day: date, at: time) -> datetime:
    """When a file was published: `at` o'clock UTC on `day`."""
    return datetime.combine(day, at, tzinfo=UTC)


def us_date(day: date | None) -> str | None:
    """m/d/yyyy, as the US operators write their dates."""
    return None if day is None else f"{day.month}/{day.day}/{day.year}"


def excel_serial(day: date | None) -> int | None:
    """A date as the bare number of an Excel date cell."""
    return None if day is None else (day - EXCEL_EPOCH).days


# --- workbooks --------------------------------------------------------------------------------


def new_workbook(
    created: datetime, title: str, author: str | None = None
) -> tuple[xlsxwriter.Workbook, io.BytesIO]:
    """An in-memory workbook with fixed properties, so its bytes do not depend on the clock."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    properties = {"title": title, "created": created.replace(tzinfo=None)}
    if author is not None:
        properties["author"] = author
    workbook.set_properties(properties)
    return workbook, output


def write_cell(
    sheet: Worksheet, row: int, column: int, value: object, date_format: Format | None = None
) -> None:
    """A cell of the value's own type: text, number, boolean or date; None leaves it empty."""
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, column, value, date_format)
    elif isinstance(value, date):
        sheet.write_datetime(row, column, datetime.combine(value, time()), date_format)
    elif isinstance(value, str):
        sheet.write_string(row, column, value)
    else:
        sheet.write_number(row, column, value)


def write_cells(
    sheet: Worksheet, row: int, values: Iterable[object], date_format: Format | None = None
) -> None:
    """One row of cells, from the first column."""
    for column, value in enumerate(values):
        write_cell(sheet, row, column, value, date_format)


# --- the recorded responses -------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    """One response of a vintage, as the snapshot keeps it."""

    vintage: date
    url: str
    body: str  # where the content is kept, under the source's folder
    content: bytes
    content_type: str
    published: datetime


def write_snapshot(
    source_dir: Path, generated: Iterable[str], responses: Iterable[Recorded]
) -> list[date]:
    """Replace what an earlier run generated (`generated`, under `source_dir`) with these
    responses and their `responses.json`; return their vintages, in order."""
    clear_generated(source_dir, generated)
    entries, vintages = [], []
    for response in responses:
        entries.append(
            record_response(
                source_dir,
                response.url,
                response.body,
                response.content,
                response.content_type,
                response.published,
                vintage=response.vintage,
            )
        )
        vintages.append(response.vintage)
    write_snapshot_index(source_dir, entries)
    return list(dict.fromkeys(vintages))
