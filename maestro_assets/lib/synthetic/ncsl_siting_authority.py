"""Synthetic NCSL siting-authority tables: two annual pulls of the CSV, in NCSL's layout.

Every state and DC gets a permitting type (Local, Hybrid, State, or n/a for a few with no
statute), a description written for the project (the megawatt threshold of a hybrid regime, the
board of a state one) and a link to a statute page. Between the two pulls exactly two states
of the simulated fleet (`simulate_fleet`'s states, where the pipeline has projects) change
their type, as when a legislature moves siting of large facilities to a state board.

Everything is a pure function of the seed: one `random.Random(seed)` consumed in a fixed order,
so the files are byte-identical run to run.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from maestro_assets.lib.http import write_snapshot_index
from maestro_assets.lib.sources.ncsl_siting_authority import CSV_REQUEST
from maestro_assets.lib.synthetic.eia860m import MAINLAND_STATES, STATES
from maestro_assets.lib.synthetic.queue_fleet import published_at
from maestro_assets.lib.synthetic.recording import clear_generated, record_response

DEFAULT_SEED = 1975
VINTAGES = (date(2025, 6, 30), date(2026, 6, 30))  # the days of the two pulls
PUBLISHED_AT = time(14)  # UTC
CSV_TYPE = "text/csv; charset=utf-8"
HEADER = ("state", "permitting_type", "description", "link")
CHANGED_STATES = 2  # fleet states whose permitting type changes in the second pull

STATE_NAMES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "Washington D.C.",
    "West Virginia", "Wisconsin", "Wyoming",
)  # fmt: skip
TYPES = ("Local", "Hybrid", "State")
TYPE_WEIGHTS = (45, 45, 10)
NO_STATUTE = "n/a"
NO_STATUTE_STATES = 2  # states outside the fleet where NCSL found no statute
THRESHOLDS_MW = (5, 10, 20, 25, 50, 75, 100)
BOARDS = (
    "Public Service Commission", "Public Utilities Commission", "Energy Facility Siting Council",
    "Power Siting Board", "Siting Council",
)  # fmt: skip


@dataclass(frozen=True)
class StateAuthority:
    """One state's record, as each pull lists it."""

    state: str
    types: tuple[str, str]  # permitting type in the first and the second pull
    threshold_mw: int
    board: str
    link: str | None

    def permitting_type(self, pull: int) -> str:
        return self.types[pull]

    def description(self, pull: int) -> str:
        kind, state, mw = self.types[pull], self.state, self.threshold_mw
        if kind == "Local":
            return (
                f"In {state}, siting of wind facilities is left to county and municipal "
                "zoning; no state certificate is required for generation facilities."
            )
        if kind == "State":
            return (
                f"The {state} {self.board} has primary siting authority: every wind facility "
                f"of {mw} MW or more needs its certificate, and the board’s order preempts "
                "local zoning, which it must consider."
            )
        if kind == "Hybrid":
            return (
                f"Wind facilities of {mw} MW or more need a certificate from the {state} "
                f"{self.board}; smaller facilities are permitted by counties, which may adopt "
                "stricter setbacks."
            )
        return f"NCSL was unable to locate statutory authority for wind energy siting in {state}."


def fleet_state_names() -> list[str]:
    """The names of the states where the simulated fleet has plants."""
    return sorted(STATES[code].name for code in MAINLAND_STATES)


def simulate_authorities(seed: int = DEFAULT_SEED) -> list[StateAuthority]:
    """Every state's record in both pulls; exactly CHANGED_STATES fleet states change type."""
    rng = random.Random(seed)
    elsewhere = [state for state in STATE_NAMES if state not in fleet_state_names()]
    no_statute = set(rng.sample(elsewhere, NO_STATUTE_STATES))
    first = {
        state: NO_STATUTE if state in no_statute else rng.choices(TYPES, TYPE_WEIGHTS)[0]
        for state in STATE_NAMES
    }
    changed = rng.sample(fleet_state_names(), CHANGED_STATES)
    authorities = []
    for state in STATE_NAMES:
        second = first[state]
        if state in changed:
            second = rng.choice([t for t in TYPES if t != first[state]])
        slug = state.lower().replace(" ", "-").replace(".", "")
        link = None if first[state] == NO_STATUTE else f"https://law.example.org/{slug}/siting"
        authorities.append(
            StateAuthority(
                state=state,
                types=(first[state], second),
                threshold_mw=rng.choice(THRESHOLDS_MW),
                board=rng.choice(BOARDS),
                link=link,
            )
        )
    return authorities


def changed_states(authorities: list[StateAuthority]) -> dict[str, tuple[str, str]]:
    """State -> (first type, second type) for the states whose type changed."""
    return {a.state: a.types for a in authorities if a.types[0] != a.types[1]}


def authority_csv(authorities: list[StateAuthority], pull: int) -> bytes:
    """One pull's CSV: a header line, then one record per state, descriptions quoted."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for authority in authorities:
        writer.writerow(
            (
                authority.state,
                authority.permitting_type(pull),
                authority.description(pull),
                authority.link or "",
            )
        )
    return buffer.getvalue().encode("utf-8")


def write_ncsl_siting_authority_snapshot(
    source_dir: Path, scale: int = 1, seed: int = DEFAULT_SEED
) -> list[date]:
    """Write one CSV per pull and `responses.json`; return the vintages. (The table has one
    row per state whatever the fleet's scale.)"""
    authorities = simulate_authorities(seed)
    clear_generated(source_dir, ("exports",))
    entries = [
        record_response(
            source_dir,
            CSV_REQUEST.public_url,
            f"exports/{vintage.isoformat()}/state-wind-siting-authority.csv",
            authority_csv(authorities, pull),
            CSV_TYPE,
            published_at(vintage, PUBLISHED_AT),
            vintage=vintage,
        )
        for pull, vintage in enumerate(VINTAGES)
    ]
    write_snapshot_index(source_dir, entries)
    return list(VINTAGES)
