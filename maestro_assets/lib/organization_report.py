"""`maestro org "<name>"`: an organization's identity, aliases and every signal with evidence.

The lookup, in order: an org_id; a raw name exactly as some source writes it (case-blind); the
normalized name key; the closest names by Jaro-Winkler similarity. One clear hit is reported;
several close ones are listed so the reader can pick (by org_id). Read-only, parameterized SQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import duckdb

from maestro_assets.lib.organizations import name_key

ALIASES = "marts.organization_alias"
ORGANIZATIONS = "marts.dim_organization"
SIGNALS = "marts.signals"
FUZZY_FLOOR = 0.85
MAX_CANDIDATES = 8
MAX_EVIDENCE_SHOWN = 5
EVIDENCE_FIELDS = ("source_id", "vintage", "record_key", "url", "quote", "content_sha256")


@dataclass(frozen=True)
class Candidate:
    org_id: str
    canonical_name: str
    matched_name: str
    similarity: float


def exact_candidates(connection: duckdb.DuckDBPyConnection, query: str) -> list[Candidate]:
    rows = connection.execute(
        f"""
        SELECT DISTINCT o.org_id, o.canonical_name, coalesce(a.raw_name, o.canonical_name), 1.0
        FROM {ORGANIZATIONS} o LEFT JOIN {ALIASES} a ON a.org_id = o.org_id
        WHERE o.org_id = $query OR lower(a.raw_name) = lower($query) OR o.name_key = $key
        ORDER BY 1
        """,
        {"query": query.strip(), "key": name_key(query)},
    ).fetchall()
    return [Candidate(*row) for row in rows]


def fuzzy_candidates(connection: duckdb.DuckDBPyConnection, query: str) -> list[Candidate]:
    rows = connection.execute(
        f"""
        SELECT o.org_id, any_value(o.canonical_name), arg_max(a.raw_name, similarity),
               max(similarity)
        FROM (
            SELECT *, jaro_winkler_similarity(lower(raw_name), lower($query)) AS similarity
            FROM {ALIASES}
        ) a JOIN {ORGANIZATIONS} o ON o.org_id = a.org_id
        WHERE similarity >= $floor
        GROUP BY o.org_id
        ORDER BY max(similarity) DESC, o.org_id
        LIMIT $limit
        """,
        {"query": query.strip(), "floor": FUZZY_FLOOR, "limit": MAX_CANDIDATES},
    ).fetchall()
    return [Candidate(*row) for row in rows]


def find_organizations(connection: duckdb.DuckDBPyConnection, query: str) -> list[Candidate]:
    """Exact hits when there are any (usually one org), else the closest names."""
    exact = {c.org_id: c for c in exact_candidates(connection, query)}
    return list(exact.values()) or fuzzy_candidates(connection, query)


def identity_lines(connection: duckdb.DuckDBPyConnection, org_id: str) -> list[str]:
    organization = connection.execute(
        f"""
        SELECT o.org_id, o.canonical_name, o.cik, o.tickers, o.parent_org_id,
               parent.canonical_name, o.is_project_company
        FROM {ORGANIZATIONS} o LEFT JOIN {ORGANIZATIONS} parent ON parent.org_id = o.parent_org_id
        WHERE o.org_id = $org_id
        """,
        {"org_id": org_id},
    ).fetchall()[0]
    org, name, cik, tickers, parent_id, parent_name, is_project_company = organization
    lines = [f"{name}  [{org}]"]
    facts = [f"CIK {cik}" if cik else None, f"tickers {tickers}" if tickers else None]
    if is_project_company:
        facts.append("project company")
    if any(facts):
        lines.append("  " + ", ".join(f for f in facts if f))
    if parent_id:
        lines.append(f"  parent: {parent_name} [{parent_id}]")
    children = connection.execute(
        f"SELECT org_id, canonical_name FROM {ORGANIZATIONS} WHERE parent_org_id = $org_id "
        "ORDER BY canonical_name",
        {"org_id": org_id},
    ).fetchall()
    lines += [f"  child: {child_name} [{child_id}]" for child_id, child_name in children]
    return lines


def alias_lines(connection: duckdb.DuckDBPyConnection, org_id: str) -> list[str]:
    rows = connection.execute(
        f"SELECT source_id, raw_name, method, round(score, 3) FROM {ALIASES} "
        "WHERE org_id = $org_id ORDER BY source_id, raw_name",
        {"org_id": org_id},
    ).fetchall()
    sources = len({row[0] for row in rows})
    lines = [f"Aliases: {len(rows)} names from {sources} sources"]
    lines += [f"  {source:<26} {raw!r:<48} {method} {score}" for source, raw, method, score in rows]
    return lines


def evidence_line(item: dict) -> str:
    shown = {field: item[field] for field in EVIDENCE_FIELDS if item.get(field) is not None}
    sha = shown.pop("content_sha256", None)
    quote = shown.pop("quote", None)
    text = "    - " + " ".join(f"{field}={value}" for field, value in shown.items())
    if sha:
        text += f" sha256={str(sha)[:12]}"
    if quote:
        text += f'\n      "{quote}"'
    return text


def signal_lines(connection: duckdb.DuckDBPyConnection, org_id: str) -> list[str]:
    rows = connection.execute(
        f"""
        SELECT signal_type, score, confidence, n_sources, first_seen, last_seen, evidence
        FROM {SIGNALS}
        WHERE subject_type = 'organization' AND subject_key = $org_id
        ORDER BY signal_type
        """,
        {"org_id": org_id},
    ).fetchall()
    if not rows:
        return ["Signals: none"]
    lines = ["Signals:"]
    for signal_type, score, confidence, n_sources, first_seen, last_seen, evidence in rows:
        items = json.loads(evidence) if evidence else []
        lines.append(
            f"  {signal_type}: score {score}, confidence {confidence}, {n_sources} source(s), "
            f"{first_seen} to {last_seen}, {len(items)} evidence item(s)"
        )
        lines += [evidence_line(item) for item in items[:MAX_EVIDENCE_SHOWN]]
        if len(items) > MAX_EVIDENCE_SHOWN:
            lines.append(f"    ... and {len(items) - MAX_EVIDENCE_SHOWN} more")
    return lines


def organization_report(connection: duckdb.DuckDBPyConnection, query: str) -> str:
    candidates = find_organizations(connection, query)
    if not candidates:
        return f"no organization matches {query!r}"
    if len(candidates) > 1:
        listed = "\n".join(
            f"  {c.org_id}  {c.canonical_name}  (matched {c.matched_name!r}, {c.similarity:.2f})"
            for c in candidates
        )
        return f"{len(candidates)} organizations match {query!r}; name one by org_id:\n{listed}"
    org_id = candidates[0].org_id
    sections = (identity_lines, alias_lines, signal_lines)
    return "\n\n".join("\n".join(section(connection, org_id)) for section in sections)
