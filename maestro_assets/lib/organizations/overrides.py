"""Curated decisions about organization identity that always beat the matcher.

data/reference/organization_overrides.csv has the columns action, name_a, name_b, note:

- merge: name_a and name_b are one organization, whatever the names, CIKs or tickers say;
- split: they are never one organization, not even through a chain of other matches;
- parent_of: name_a is the parent of name_b (and so never the same organization); the
  organization of name_b gets parent_org_id = the organization of name_a.

A row names organizations by any spelling: it applies to every record whose name key equals
the key of its name. Rows that contradict each other (a merge and a split of one pair, two
parents for one name, a parent chain that loops) are refused with the file and line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from maestro_assets.lib.errors import SchemaError
from maestro_assets.lib.organizations.names import name_key
from maestro_assets.lib.settings import BUNDLED_DATA_DIR

OVERRIDES_PATH = BUNDLED_DATA_DIR / "reference" / "organization_overrides.csv"
SOURCE_ID = "organization_overrides"
COLUMNS = ("action", "name_a", "name_b", "note")


class Action(StrEnum):
    MERGE = "merge"
    SPLIT = "split"
    PARENT_OF = "parent_of"


@dataclass(frozen=True)
class Override:
    action: Action
    name_a: str
    name_b: str
    note: str = ""
    origin: str = "overrides"  # where the row came from: "<file>, line <n>"

    @property
    def key_a(self) -> str:
        return name_key(self.name_a)

    @property
    def key_b(self) -> str:
        return name_key(self.name_b)


def parse_overrides(text: str, origin: str) -> tuple[Override, ...]:
    """The rows of an overrides CSV, checked (`check_overrides`); `origin` names the file."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS[:3] if column not in (reader.fieldnames or ())]
    if missing:
        raise SchemaError(
            SOURCE_ID,
            origin,
            f"expected the columns {', '.join(COLUMNS)}, found "
            f"{', '.join(reader.fieldnames or ()) or 'no header'}; missing {', '.join(missing)}",
        )
    rows = []
    for row in reader:
        where = f"{origin}, line {reader.line_num}"
        action = (row.get("action") or "").strip()
        if action not in Action.__members__.values():
            choices = ", ".join(a.value for a in Action)
            raise SchemaError(SOURCE_ID, where, f"action {action!r} is not one of {choices}")
        rows.append(
            Override(
                Action(action),
                (row.get("name_a") or "").strip(),
                (row.get("name_b") or "").strip(),
                (row.get("note") or "").strip(),
                where,
            )
        )
    result = tuple(rows)
    check_overrides(result)
    return result


def load_overrides(path: Path = OVERRIDES_PATH) -> tuple[Override, ...]:
    """The curated overrides file (default: the bundled one), checked."""
    if not path.exists():
        raise SchemaError(SOURCE_ID, str(path), "the overrides file does not exist")
    return parse_overrides(path.read_text(encoding="utf-8-sig"), str(path))


def check_overrides(overrides: Iterable[Override]) -> None:
    """Refuse rows without a usable name, a split or parent_of of two spellings of one key,
    a merge and a split (or parent_of) of one pair, two parents for one name, and loops of
    parent_of rows."""
    decided: dict[frozenset[str], Override] = {}
    parent_of: dict[str, Override] = {}
    for row in overrides:
        for name in (row.name_a, row.name_b):
            if not name_key(name):
                raise SchemaError(SOURCE_ID, row.origin, f"name {name!r} has no letters or digits")
        if row.action is not Action.MERGE and row.key_a == row.key_b:
            raise SchemaError(
                SOURCE_ID,
                row.origin,
                f"{row.action.value} of {row.name_a!r} and {row.name_b!r}, which normalize to "
                f"the same name key {row.key_a!r} and so are always one organization",
            )
        pair = frozenset((row.key_a, row.key_b))
        earlier = decided.get(pair)
        if earlier is not None and (earlier.action is Action.MERGE) != (row.action is Action.MERGE):
            raise SchemaError(
                SOURCE_ID,
                row.origin,
                f"{row.action.value} of {row.name_a!r} and {row.name_b!r} contradicts the "
                f"{earlier.action.value} at {earlier.origin}",
            )
        decided.setdefault(pair, row)
        if row.action is Action.PARENT_OF:
            other = parent_of.get(row.key_b)
            if other is not None and other.key_a != row.key_a:
                raise SchemaError(
                    SOURCE_ID,
                    row.origin,
                    f"{row.name_b!r} already has the parent {other.name_a!r} ({other.origin})",
                )
            parent_of[row.key_b] = row
    for child, row in parent_of.items():
        seen = {child}
        parent = row.key_a
        while parent in parent_of:
            if parent in seen:
                raise SchemaError(
                    SOURCE_ID, row.origin, f"parent_of rows loop through {row.name_b!r}"
                )
            seen.add(parent)
            parent = parent_of[parent].key_a


def rows_with(overrides: Sequence[Override], action: Action) -> list[Override]:
    return [row for row in overrides if row.action is action]
