"""Synthetic Sabin Center interim-update CSVs: two quarterly pulls of a rolling list.

The rows are the developments of the opposition world the synthetic report is drawn from
(`sabin_report.simulate_stories`): each development entered in the twelve months before a
pull is a row, with the story's jurisdiction (a county or town, the project's county for a
contested project, the state for a state law), the report's type and energy type, the
development's year, a short description, its source URL (blank for some) and the day it was
entered, written without its year. So the CSV overlaps the 2026 report (the same
jurisdictions, the same developments) and goes beyond it: later developments of reported
stories, and stories no edition prints yet (a North Carolina state law, new moratoria).

The second pull is an Excel re-save: a byte order mark, CRLF line ends, zero-padded dates on
some rows, `Contested Project` capitalized differently. Both pulls have trailing spaces in
some cells, descriptions with commas (quoted), rows without a source, and a footnote line
under a blank row. Everything is a pure function of (scale, seed): no clock, no randomness
beyond the stories' own stream.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

from maestro_assets.lib.sources.sabin_interim_csv import CSV_REQUEST
from maestro_assets.lib.sources.sabin_report import CONTESTED, LOCAL, STATE_LEVEL
from maestro_assets.lib.synthetic.queue_fleet import Recorded, published_at, write_snapshot
from maestro_assets.lib.synthetic.sabin_report import (
    BOTH,
    DEFAULT_SEED,
    SOLAR,
    WIND,
    Story,
    simulate_stories,
)

VINTAGES = (date(2026, 6, 30), date(2026, 9, 30))  # the days of the pulls
WINDOW = timedelta(days=365)  # the list keeps the rows entered in the last twelve months
EXCEL_RESAVE_FROM = 1  # from this pull on, the file is an Excel re-save
PUBLISHED_AT = time(14)  # UTC
FILES_DIR = "files"
CSV_TYPE = "text/csv; charset=utf-8"
HEADER = (
    "Jurisdiction",
    "State",
    "Type",
    "Year",
    "Description",
    "Energy type",
    "Source",
    "Date entered",
)
TYPE_BY_SECTION = {
    LOCAL: "Local Ordinance",
    CONTESTED: "Contested project",
    STATE_LEVEL: "State Law",
}
ENERGY_TYPE = {SOLAR: "Solar", WIND: "Wind", BOTH: "Both"}
FOOTNOTE = (
    "Source: Sabin Center for Climate Change Law. Entries are provisional until the next "
    "edition of the report."
)


@dataclass(frozen=True)
class InterimRow:
    """One row as the publisher means it (the written cells add the noise)."""

    story_key: str
    development: int  # its index among the story's developments
    jurisdiction: str
    state: str  # full name
    entry_type: str
    year: int
    description: str
    energy_type: str
    source: str | None
    entered: date
    event_type: str


def jurisdiction_of(story: Story) -> str:
    """A county or town; the project's county for a contested project; the state for a law."""
    place = story.place
    if story.section == CONTESTED:
        return place.county or story.state_name
    return place.jurisdiction or story.state_name


def interim_rows(stories: list[Story], vintage: date) -> list[InterimRow]:
    """The rows of the pull of `vintage`, in the list's order (state, jurisdiction, entry)."""
    rows = [
        InterimRow(
            story_key=story.key,
            development=index,
            jurisdiction=jurisdiction_of(story),
            state=story.state_name,
            entry_type=TYPE_BY_SECTION[story.section],
            year=development.day.year,
            description=development.summary,
            energy_type=ENERGY_TYPE[story.technology],
            source=development.source_url,
            entered=development.entered,
            event_type=development.event_type,
        )
        for story in stories
        for index, development in enumerate(story.developments)
        if vintage - WINDOW < development.entered <= vintage
    ]
    return sorted(rows, key=lambda r: (r.state, r.jurisdiction, r.entered, r.story_key))


def simulate_pulls(scale: int = 1, seed: int = DEFAULT_SEED) -> dict[date, list[InterimRow]]:
    stories = simulate_stories(scale, seed)
    return {vintage: interim_rows(stories, vintage) for vintage in VINTAGES}


def date_entered(day: date, padded: bool) -> str:
    """`3/15`, or `03/15` as an Excel re-save writes some of them."""
    return f"{day.month:02d}/{day.day:02d}" if padded else f"{day.month}/{day.day}"


def written_cells(row: InterimRow, position: int, pull: int) -> list[str]:
    """A row's cells as the file writes them: some with trailing spaces, some recased."""
    resaved = pull >= EXCEL_RESAVE_FROM
    entry_type = row.entry_type
    if resaved and entry_type == TYPE_BY_SECTION[CONTESTED] and position % 2 == 0:
        entry_type = "Contested Project"
    return [
        row.jurisdiction,
        row.state + (" " if position % 7 == 3 else ""),
        entry_type + (" " if position % 4 == 1 else ""),
        str(row.year),
        row.description,
        row.energy_type + ("  " if position % 3 == 0 else ""),
        row.source or "",
        date_entered(row.entered, padded=resaved and position % 6 == 5),
    ]


def csv_bytes(rows: list[InterimRow], pull: int) -> bytes:
    resaved = pull >= EXCEL_RESAVE_FROM
    output = io.StringIO(newline="")
    writer = csv.writer(output, lineterminator="\r\n" if resaved else "\n")
    writer.writerow(HEADER)
    for position, row in enumerate(rows):
        writer.writerow(written_cells(row, position, pull))
    writer.writerow([""] * len(HEADER))
    writer.writerow([FOOTNOTE] + [""] * (len(HEADER) - 1))
    return output.getvalue().encode("utf-8-sig" if resaved else "utf-8")


def csv_path(vintage: date) -> str:
    return f"{FILES_DIR}/{vintage:%Y-%m-%d}/opposition-interim-update.csv"


def write_sabin_interim_csv_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """One CSV per pull and `responses.json`; return the vintages."""
    pulls = simulate_pulls(scale, seed)
    responses = (
        Recorded(
            vintage,
            CSV_REQUEST.public_url,
            csv_path(vintage),
            csv_bytes(rows, pull),
            CSV_TYPE,
            published_at(vintage, PUBLISHED_AT),
        )
        for pull, (vintage, rows) in enumerate(pulls.items())
    )
    return write_snapshot(source_dir, (FILES_DIR,), responses)
