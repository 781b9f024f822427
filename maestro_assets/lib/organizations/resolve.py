"""Organization names from every source → organizations with stable ids.

Records with the same name key and the same CIK (or none) are one node. Nodes are joined by
evidence, strongest first: curated merges, then a shared CIK, a shared ticker, equal name keys
(including the key of a former name stated as "f/k/a" or "formerly"), then the matcher's fuzzy rules
(`matching.key_links`, best score first). Joins are made with a union-find that carries
cannot-link constraints, so no chain of matches can join

- two clusters holding different CIKs (only a curated merge may),
- two names a curated split or parent_of row keeps apart,
- a project company and the parent its source states.

Curated merges always happen; one that would join a split or parent_of pair is refused with
both rows named. Project companies keep their own identity: a parent is a link
(parent_org_id, from a parent_of row or a source that states the parent), never a merge.

Each alias says how its record joined its organization: the strongest accepted link that
touches its node (override > cik > ticker > exact_key > fuzzy), "singleton" for an
organization of one record, and exact_key (cik when it has one) for records that share a node
and nothing else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import polars as pl

from maestro_assets.lib.errors import SchemaError
from maestro_assets.lib.organizations.matching import EXACT_KEY, FUZZY, key_links
from maestro_assets.lib.organizations.names import former_names, is_project_company, name_key
from maestro_assets.lib.organizations.overrides import SOURCE_ID, Action, Override, rows_with
from maestro_assets.lib.organizations.registry import KEY, Members, Registry, anchor_of, assign_ids

CIK_METHOD = "cik"
TICKER = "ticker"
OVERRIDE = "override"
SINGLETON = "singleton"
METHODS = (OVERRIDE, CIK_METHOD, TICKER, EXACT_KEY, FUZZY, SINGLETON)
PRIORITY = {method: rank for rank, method in enumerate(METHODS)}


@dataclass(frozen=True)
class NameRecord:
    """One organization name as a source writes it. `cik` and `tickers` where the source states
    them (SEC); `parent_name` where the source states the parent of a project company."""

    source_id: str
    raw_name: str
    cik: str | None = None
    tickers: tuple[str, ...] = ()
    parent_name: str | None = None

    def __post_init__(self) -> None:
        if self.cik is not None:
            digits = str(self.cik).strip()
            if not digits.isdigit() or int(digits) == 0:
                raise ValueError(
                    f"[{self.source_id}] {self.raw_name!r}: CIK {self.cik!r} is not a number"
                )
            object.__setattr__(self, "cik", str(int(digits)))  # "0001318605" → "1318605"
        if isinstance(self.tickers, str):
            raise ValueError(
                f"[{self.source_id}] {self.raw_name!r}: tickers must be a sequence, not a string"
            )
        tickers = tuple(sorted({t.strip().upper() for t in self.tickers if t and t.strip()}))
        object.__setattr__(self, "tickers", tickers)


@dataclass(frozen=True)
class Alias:
    source_id: str
    raw_name: str
    cik: str | None
    org_id: str
    method: str
    score: float


@dataclass(frozen=True)
class Organization:
    org_id: str
    canonical_name: str
    name_key: str
    cik: str | None
    tickers: tuple[str, ...]
    parent_org_id: str | None
    is_project_company: bool
    n_aliases: int
    n_sources: int


@dataclass(frozen=True)
class Resolution:
    aliases: list[Alias]
    organizations: list[Organization]
    registry: Registry

    def org_of(self, raw_name: str, source_id: str | None = None) -> str:
        """The org_id of a raw name (of a source, when given); KeyError when absent."""
        for alias in self.aliases:
            if alias.raw_name == raw_name and source_id in (None, alias.source_id):
                return alias.org_id
        raise KeyError(raw_name)

    def frames(self) -> dict[str, pl.DataFrame]:
        """'aliases', 'organizations' and 'registry' as frames (tickers comma-joined)."""
        aliases = pl.DataFrame(
            [vars(a) for a in self.aliases],
            schema={"source_id": pl.String, "raw_name": pl.String, "cik": pl.String,
                    "org_id": pl.String, "method": pl.String, "score": pl.Float64},
        )  # fmt: skip
        organizations = pl.DataFrame(
            [vars(o) | {"tickers": ",".join(o.tickers) or None} for o in self.organizations],
            schema={"org_id": pl.String, "canonical_name": pl.String, "name_key": pl.String,
                    "cik": pl.String, "tickers": pl.String, "parent_org_id": pl.String,
                    "is_project_company": pl.Boolean, "n_aliases": pl.Int64,
                    "n_sources": pl.Int64},
        )  # fmt: skip
        registry = pl.DataFrame(
            [vars(r) for r in self.registry.rows()],
            schema={"kind": pl.String, "value": pl.String, "org_id": pl.String, "seq": pl.Int64},
        )
        return {"aliases": aliases, "organizations": organizations, "registry": registry}


@dataclass(order=True, frozen=True)
class Link:
    priority: int
    negative_score: float
    a: int
    b: int
    method: str = field(compare=False)
    origin: Override | None = field(default=None, compare=False)

    @property
    def score(self) -> float:
        return -self.negative_score


class ConstrainedUnionFind:
    """Union-find whose clusters carry their CIKs and the nodes they may never join."""

    def __init__(self, ciks: Sequence[str | None]) -> None:
        self.parent = list(range(len(ciks)))
        self.ciks = [{c} if c else set() for c in ciks]
        self.forbidden: list[set[int]] = [set() for _ in ciks]

    def find(self, node: int) -> int:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def forbid(self, a: int, b: int) -> None:
        self.forbidden[self.find(a)].add(b)
        self.forbidden[self.find(b)].add(a)

    def allowed(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        if self.ciks[ra] and self.ciks[rb] and self.ciks[ra] != self.ciks[rb]:
            return False
        if any(self.find(x) == rb for x in self.forbidden[ra]):
            return False
        return not any(self.find(x) == ra for x in self.forbidden[rb])

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if ra > rb:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.ciks[ra] |= self.ciks[rb]
        self.forbidden[ra] |= self.forbidden[rb]


@dataclass
class Node:
    key: str
    cik: str | None
    records: list[NameRecord]

    @property
    def tickers(self) -> set[str]:
        return {t for record in self.records for t in record.tickers}


def build_nodes(records: Iterable[NameRecord]) -> list[Node]:
    """Distinct records grouped by (name key, CIK); a name without a key is a node of its own."""
    grouped: dict[tuple[str, str, str], list[NameRecord]] = {}
    for record in dict.fromkeys(records):
        key = name_key(record.raw_name)
        group = (key, record.cik or "", "" if key else record.raw_name)
        grouped.setdefault(group, []).append(record)
    return [Node(key, cik or None, members) for (key, cik, _), members in sorted(grouped.items())]


def nodes_by_key(nodes: Sequence[Node]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = defaultdict(list)
    for position, node in enumerate(nodes):
        if node.key:
            index[node.key].append(position)
    return index


def override_links(nodes: Sequence[Node], by_key: dict[str, list[int]], overrides) -> list[Link]:
    links = []
    for row in rows_with(overrides, Action.MERGE):
        group = by_key.get(row.key_a, []) + by_key.get(row.key_b, [])
        links += [
            Link(PRIORITY[OVERRIDE], -1.0, group[0], other, OVERRIDE, row) for other in group[1:]
        ]
    return links


def shared_value_links(nodes: Sequence[Node]) -> list[Link]:
    """Nodes that share a CIK (cik) or a ticker (ticker)."""
    links = []
    by_cik: dict[str, list[int]] = defaultdict(list)
    by_ticker: dict[str, list[int]] = defaultdict(list)
    for position, node in enumerate(nodes):
        if node.cik:
            by_cik[node.cik].append(position)
        for ticker in sorted(node.tickers):
            by_ticker[ticker].append(position)
    for method, groups in ((CIK_METHOD, by_cik), (TICKER, by_ticker)):
        for group in groups.values():
            links += [Link(PRIORITY[method], -1.0, group[0], other, method) for other in group[1:]]
    return links


def name_links(nodes: Sequence[Node], by_key: dict[str, list[int]]) -> list[Link]:
    """Equal keys, keys of stated former names ('f/k/a'), and the matcher's fuzzy pairs."""
    links = []
    for group in by_key.values():
        links += [Link(PRIORITY[EXACT_KEY], -1.0, a, b, EXACT_KEY) for a, b in _pairs_of(group)]
    for position, node in enumerate(nodes):
        for record in node.records:
            for former in former_names(record.raw_name):
                for other in by_key.get(name_key(former), []):
                    if other != position:
                        links.append(Link(PRIORITY[EXACT_KEY], -1.0, position, other, EXACT_KEY))
    keys = sorted(by_key)
    matched = key_links(keys)
    for a, b, score, rule in matched.iter_rows():
        for x in by_key[keys[a]]:
            for y in by_key[keys[b]]:
                links.append(Link(PRIORITY[rule], -score, x, y, rule))
    return links


def _pairs_of(group: list[int]) -> list[tuple[int, int]]:
    return [(a, b) for i, a in enumerate(group) for b in group[i + 1 :]]


def apply_overrides(
    unions: ConstrainedUnionFind, links: list[Link], separations: list[tuple[int, int, Override]]
) -> None:
    """Curated merges happen whatever the CIKs say; one that joins a pair a split or
    parent_of row keeps apart is refused with both rows named."""
    for link in links:
        unions.union(link.a, link.b)
    for a, b, row in separations:
        if unions.find(a) == unions.find(b):
            merges = sorted({link.origin.origin for link in links if link.origin is not None})
            raise SchemaError(
                SOURCE_ID,
                row.origin,
                f"{row.action.value} of {row.name_a!r} and {row.name_b!r} is contradicted by "
                f"the merge rows at {'; '.join(merges)}",
            )
        unions.forbid(a, b)


def separations_of(by_key: dict[str, list[int]], overrides: Sequence[Override]):
    pairs = []
    for row in overrides:
        if row.action is Action.MERGE:
            continue
        for a in by_key.get(row.key_a, []):
            for b in by_key.get(row.key_b, []):
                pairs.append((a, b, row))
    return pairs


def resolve(
    records: Iterable[NameRecord],
    overrides: Sequence[Override] = (),
    registry: Registry | None = None,
) -> Resolution:
    """Organizations of the records, one alias per distinct record, and the updated registry
    (pass it back next time for stable ids; None or an empty registry starts afresh)."""
    registry = registry or Registry.empty()
    nodes = build_nodes(records)
    by_key = nodes_by_key(nodes)
    unions = ConstrainedUnionFind([node.cik for node in nodes])

    forced = override_links(nodes, by_key, overrides)
    apply_overrides(unions, forced, separations_of(by_key, overrides))
    for position, node in enumerate(nodes):
        for parent in {r.parent_name for r in node.records if r.parent_name}:
            for other in by_key.get(name_key(parent), []):
                if unions.find(other) != unions.find(position):
                    unions.forbid(position, other)

    best: dict[int, tuple[int, float, str]] = {}
    evidence = sorted(shared_value_links(nodes) + name_links(nodes, by_key))
    for link in [*forced, *evidence]:
        if link.origin is None:
            if not unions.allowed(link.a, link.b):
                continue
            unions.union(link.a, link.b)
        for node in (link.a, link.b):
            ranked = (link.priority, link.negative_score, link.method)
            if node not in best or ranked < best[node]:
                best[node] = ranked

    clusters: dict[int, list[int]] = defaultdict(list)
    for position in range(len(nodes)):
        clusters[unions.find(position)].append(position)
    groups = list(clusters.values())
    members = [cluster_members(nodes, group) for group in groups]
    ids, updated = assign_ids(members, registry)
    org_of_node = {position: ids[c] for c, group in enumerate(groups) for position in group}

    aliases = []
    for c, group in enumerate(groups):
        n_records = sum(len(nodes[p].records) for p in group)
        for position in group:
            method, score = alias_method(nodes[position], best.get(position), n_records)
            aliases += [
                Alias(r.source_id, r.raw_name, r.cik, ids[c], method, score)
                for r in nodes[position].records
            ]
    parents = parent_links(nodes, groups, ids, by_key, org_of_node, overrides, updated)
    organizations = [
        organization(nodes, group, ids[c], parents.get(ids[c])) for c, group in enumerate(groups)
    ]
    aliases.sort(key=lambda a: (a.source_id, a.raw_name, a.cik or ""))
    organizations.sort(key=lambda o: o.org_id)
    return Resolution(aliases, organizations, updated)


def cluster_members(nodes: Sequence[Node], group: list[int]) -> Members:
    keys = frozenset(nodes[p].key for p in group if nodes[p].key)
    ciks = frozenset(nodes[p].cik for p in group if nodes[p].cik)
    fallback = min(r.raw_name for p in group for r in nodes[p].records)
    return Members(keys, ciks, anchor_of(keys, ciks, fallback))


def alias_method(node: Node, best: tuple[int, float, str] | None, n_records: int):
    if n_records == 1:
        return SINGLETON, 1.0
    if best is None:
        return (CIK_METHOD if node.cik else EXACT_KEY), 1.0
    _, negative_score, method = best
    return method, round(-negative_score, 4)


def canonical_name(records: Sequence[NameRecord]) -> str:
    """A name not written in capitals if there is one, then the one most records use, then
    one a filer with a CIK uses, then the longest (truncated spellings are shorter)."""
    counts = Counter(r.raw_name for r in records)
    filed = {r.raw_name for r in records if r.cik}
    return min(
        counts,
        key=lambda name: (name.isupper(), -counts[name], name not in filed, -len(name), name),
    )


def organization(
    nodes: Sequence[Node], group: list[int], org_id: str, parent: str | None
) -> Organization:
    records = [r for p in group for r in nodes[p].records]
    name = canonical_name(records)
    ciks = sorted({r.cik for r in records if r.cik}, key=int)
    distinct = {(r.source_id, r.raw_name, r.cik) for r in records}
    return Organization(
        org_id=org_id,
        canonical_name=name,
        name_key=name_key(name),
        cik=ciks[0] if ciks else None,
        tickers=tuple(sorted({t for r in records for t in r.tickers})),
        parent_org_id=parent,
        is_project_company=any(is_project_company(r.raw_name) for r in records),
        n_aliases=len(distinct),
        n_sources=len({r.source_id for r in records}),
    )


def parent_links(
    nodes: Sequence[Node],
    groups: list[list[int]],
    ids: list[str],
    by_key: dict[str, list[int]],
    org_of_node: dict[int, str],
    overrides: Sequence[Override],
    registry: Registry,
) -> dict[str, str]:
    """child org_id → parent org_id: parent_of rows first (a loop among them is refused),
    then the parent most records of a child state (ties: the smaller id), skipping any that
    would close a loop. A parent found neither among the records nor in the registry is
    unknown."""

    def org_of_key(key: str) -> str | None:
        positions = by_key.get(key)
        if positions:
            return org_of_node[positions[0]]
        return registry.org_for(KEY, key)

    parents: dict[str, str] = {}

    def closes_loop(child: str, parent: str) -> bool:
        seen = set()
        while parent is not None and parent not in seen:
            if parent == child:
                return True
            seen.add(parent)
            parent = parents.get(parent)
        return False

    for row in rows_with(overrides, Action.PARENT_OF):
        parent = org_of_key(row.key_a)
        for position in by_key.get(row.key_b, []):
            child = org_of_node[position]
            if parent is None or parents.get(child) == parent:
                continue
            if closes_loop(child, parent):
                raise SchemaError(
                    SOURCE_ID,
                    row.origin,
                    f"parent_of {row.name_a!r} → {row.name_b!r} closes a loop",
                )
            parents[child] = parent
    stated: dict[str, Counter[str]] = defaultdict(Counter)
    for c, group in enumerate(groups):
        for position in group:
            for record in nodes[position].records:
                if record.parent_name:
                    parent = org_of_key(name_key(record.parent_name))
                    if parent is not None and parent != ids[c]:
                        stated[ids[c]][parent] += 1
    for child in sorted(stated):
        if child in parents:
            continue
        votes = stated[child]
        for parent in sorted(votes, key=lambda p: (-votes[p], p)):
            if not closes_loop(child, parent):
                parents[child] = parent
                break
    return parents
