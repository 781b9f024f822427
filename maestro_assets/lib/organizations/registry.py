"""Stable organization ids across rebuilds.

The registry maps every name key and every CIK ever resolved to its org_id, each with the
sequence number of the build step that registered it, and every retired org_id to the one it
was merged into. The caller stores `Registry.rows()` (in DuckDB) and passes
`Registry.from_rows(...)` back to the next `resolve`.

How a cluster of names gets its id:
- it reuses the id of its earliest-registered member (key or CIK) whose id no earlier cluster
  of this build has claimed; a cluster that holds no registered member gets a fresh id;
- a fresh id is deterministic: "org_" + the first 12 hex digits of sha256 of the cluster's
  anchor, "cik:<its smallest CIK>" when it has one, else "key:<its alphabetically first
  key>" (with "#2", "#3" … appended in the rare case that id is taken), so an empty registry
  on the same inputs gives the same ids;
- when a cluster joins members of two previously separate organizations, it keeps the older
  id (the one of its earliest-registered member) and the other is retired: a "retired" row
  records org_id → merged_into, and its members move to the kept id. One CIK therefore never
  has two active ids.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

KEY = "key"
CIK = "cik"
RETIRED = "retired"
KINDS = (KEY, CIK, RETIRED)
FIELDS = ("kind", "value", "org_id", "seq")


@dataclass(frozen=True)
class RegistryRow:
    kind: str  # "key" (value = name key), "cik" (value = CIK), "retired" (value = old org_id)
    value: str
    org_id: str  # the organization; for a retired row, the org_id it was merged into
    seq: int  # registration order: lower was registered earlier


@dataclass(frozen=True)
class Registry:
    entries: Mapping[tuple[str, str], RegistryRow] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> Registry:
        return cls({})

    @classmethod
    def from_rows(
        cls, rows: Iterable[RegistryRow | Mapping[str, object] | Sequence[object]]
    ) -> Registry:
        """From stored rows: RegistryRow objects, dicts or (kind, value, org_id, seq) tuples."""
        entries: dict[tuple[str, str], RegistryRow] = {}
        for raw in rows:
            if isinstance(raw, RegistryRow):
                row = raw
            else:
                fields = [raw[name] for name in FIELDS] if isinstance(raw, Mapping) else raw
                kind, value, org_id, seq = fields
                row = RegistryRow(str(kind), str(value), str(org_id), int(str(seq)))
            if row.kind not in KINDS:
                raise ValueError(f"registry row {row}: kind must be one of {', '.join(KINDS)}")
            entries[(row.kind, row.value)] = row
        return cls(entries)

    def rows(self) -> list[RegistryRow]:
        """Every row, in registration order."""
        return sorted(self.entries.values(), key=lambda r: (r.seq, r.kind, r.value))

    def next_seq(self) -> int:
        return max((row.seq for row in self.entries.values()), default=0) + 1

    def active_id(self, org_id: str) -> str:
        """The id an org_id stands for now: itself, or where its retirement chain ends."""
        seen = set()
        while (RETIRED, org_id) in self.entries and org_id not in seen:
            seen.add(org_id)
            org_id = self.entries[(RETIRED, org_id)].org_id
        return org_id

    def org_for(self, kind: str, value: str) -> str | None:
        row = self.entries.get((kind, value))
        return None if row is None else self.active_id(row.org_id)

    def retired(self) -> dict[str, str]:
        """Every retired org_id → the active id it was merged into."""
        return {
            value: self.active_id(row.org_id)
            for (kind, value), row in self.entries.items()
            if kind == RETIRED
        }

    def known_ids(self) -> set[str]:
        return {row.org_id for row in self.entries.values()} | set(self.retired())


def fresh_id(anchor: str, taken: set[str]) -> str:
    """'org_' + 12 hex digits of sha256(anchor); the next '#n' variant if that one is taken."""
    candidate, attempt = anchor, 1
    while True:
        org_id = "org_" + hashlib.sha256(candidate.encode()).hexdigest()[:12]
        if org_id not in taken:
            return org_id
        attempt += 1
        candidate = f"{anchor}#{attempt}"


def anchor_of(keys: Iterable[str], ciks: Iterable[str], fallback: str) -> str:
    """'cik:<smallest CIK>', else 'key:<first key>', else 'raw:<fallback>'."""
    cik_list = sorted(ciks, key=int)
    if cik_list:
        return f"cik:{cik_list[0]}"
    key_list = sorted(key for key in keys if key)
    return f"key:{key_list[0]}" if key_list else f"raw:{fallback}"


@dataclass(frozen=True)
class Members:
    """What a cluster of names holds that the registry can know: keys and CIKs."""

    keys: frozenset[str]
    ciks: frozenset[str]
    anchor: str

    def entries(self) -> list[tuple[str, str]]:
        return sorted([(KEY, key) for key in self.keys if key] + [(CIK, c) for c in self.ciks])


def assign_ids(clusters: Sequence[Members], registry: Registry) -> tuple[list[str], Registry]:
    """One org_id per cluster (in order) and the updated registry, by the module's rules."""
    registered: list[list[tuple[int, str]]] = []
    for members in clusters:
        found = []
        for entry in members.entries():
            row = registry.entries.get(entry)
            if row is not None:
                found.append((row.seq, registry.active_id(row.org_id)))
        registered.append(sorted(found))
    never = float("inf")
    order = sorted(
        range(len(clusters)),
        key=lambda c: (registered[c][0][0] if registered[c] else never, clusters[c].anchor),
    )
    chosen: list[str | None] = [None] * len(clusters)
    claimed: set[str] = set()
    for c in order:
        for _, org_id in registered[c]:
            if org_id not in claimed:
                chosen[c] = org_id
                claimed.add(org_id)
                break
    taken = registry.known_ids() | claimed
    for c in order:
        if chosen[c] is None:
            chosen[c] = fresh_id(clusters[c].anchor, taken)
            taken.add(chosen[c])
    ids = [org_id for org_id in chosen if org_id is not None]

    # An id seen in this build but claimed by no cluster was merged into the cluster that
    # holds its earliest-registered member.
    merged_into: dict[str, tuple[int, str]] = {}
    for c, found in enumerate(registered):
        for seq, org_id in found:
            if org_id not in claimed and (
                org_id not in merged_into or seq < merged_into[org_id][0]
            ):
                merged_into[org_id] = (seq, ids[c])

    entries = dict(registry.entries)
    seq = registry.next_seq()
    for old_id, (_, new_id) in sorted(merged_into.items()):
        entries[(RETIRED, old_id)] = RegistryRow(RETIRED, old_id, new_id, seq)
        seq += 1
    new_entries = []
    for c, members in enumerate(clusters):
        for kind, value in members.entries():
            row = entries.get((kind, value))
            if row is None:
                new_entries.append((ids[c], kind, value))
            elif row.org_id != ids[c]:
                entries[(kind, value)] = RegistryRow(kind, value, ids[c], row.seq)
    for org_id, kind, value in sorted(new_entries):
        entries[(kind, value)] = RegistryRow(kind, value, org_id, seq)
        seq += 1
    updated = Registry(entries)
    # Rows of names absent from this build follow their organization if it was retired.
    final = {
        entry: row if row.kind == RETIRED else replace(row, org_id=updated.active_id(row.org_id))
        for entry, row in entries.items()
    }
    return ids, Registry(final)
