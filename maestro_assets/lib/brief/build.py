"""Build a brief from the warehouse, write its files, and verify a written brief.

`build_brief` reads the published read-only copy (so the LLM call never holds the writer's
lock), writes `<briefs dir>/<as_of>/brief.html`, `brief.md`, `facts.json` (what the
narrative was given) and `narrative.json` (the narrative, who wrote it, and any rejected LLM
text), then records the week's signal snapshot in the history table through the writer.
`verify_brief` is the check: it re-reads the facts from the marts and judges the written
narrative against them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import openai

from maestro_assets.lib.brief.changes import changes_since_baseline, record_snapshot
from maestro_assets.lib.brief.charts import build_charts
from maestro_assets.lib.brief.compose import Brief, listed_evidence_ids, narrative_facts
from maestro_assets.lib.brief.facts import gather_facts
from maestro_assets.lib.brief.narrative import Narrative, write_narrative
from maestro_assets.lib.brief.render import render_html, render_markdown
from maestro_assets.lib.brief.support import narrative_verdict
from maestro_assets.lib.catalog import SourceSpec
from maestro_assets.lib.extraction.llm import LlmConfig
from maestro_assets.lib.quality import Verdict
from maestro_assets.lib.warehouse import connect_for_reading, writing

BRIEFS_DIRNAME = "briefs"


def briefs_dir_for(data_dir: Path) -> Path:
    """Where briefs go: `<data dir>/briefs/<as_of>/`."""
    return data_dir / BRIEFS_DIRNAME


@dataclass(frozen=True)
class BriefPaths:
    directory: Path
    html: Path
    markdown: Path
    facts: Path
    narrative: Path


def brief_paths(briefs_dir: Path, as_of: date) -> BriefPaths:
    directory = briefs_dir / as_of.isoformat()
    return BriefPaths(
        directory=directory,
        html=directory / "brief.html",
        markdown=directory / "brief.md",
        facts=directory / "facts.json",
        narrative=directory / "narrative.json",
    )


@dataclass(frozen=True)
class BuiltBrief:
    brief: Brief
    paths: BriefPaths
    markdown: str
    facts: dict[str, Any]  # the narrative facts
    snapshot_rows: int

    def summary(self) -> dict[str, Any]:
        """Plain values for metadata and the command line (no key, no text of the brief)."""
        brief = self.brief
        return {
            "as_of": brief.facts.as_of,
            "baseline_as_of": brief.changes.baseline_as_of,
            **{f"changes_{kind}": n for kind, n in brief.changes.counts().items()},
            "narrative_source": brief.narrative.source,
            "llm_outcome": brief.narrative.llm_outcome,
            "charts": sorted(brief.charts),
            "signal_types_without_data": [
                s.kind.signal_type for s in brief.facts.sections if not s.available
            ],
            "history_rows": self.snapshot_rows,
        }


def compose_brief(
    connection: duckdb.DuckDBPyConnection,
    *,
    as_of: date,
    sources: Sequence[SourceSpec],
    evaluations: str,
    environ: Mapping[str, str] | None = None,
    llm_config: LlmConfig | None = None,
    client: openai.OpenAI | None = None,
) -> tuple[Brief, dict[str, Any]]:
    """The brief and the facts its narrative was written from."""
    facts = gather_facts(connection, as_of=as_of, sources=sources, evaluations=evaluations)
    changes = changes_since_baseline(connection, as_of, facts.signals)
    given = narrative_facts(facts, changes)
    narrative = write_narrative(
        given, listed_evidence_ids(facts, changes), environ, llm_config, client
    )
    return Brief(facts, changes, build_charts(facts.charts), narrative), given


def write_text(path: Path, text: str) -> None:
    """Write beside the target and rename: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def build_brief(
    warehouse: Path,
    briefs_dir: Path,
    as_of: date,
    *,
    sources: Sequence[SourceSpec],
    evaluations: str,
    environ: Mapping[str, str] | None = None,
    llm_config: LlmConfig | None = None,
    client: openai.OpenAI | None = None,
) -> BuiltBrief:
    with connect_for_reading(warehouse) as connection:
        brief, given = compose_brief(
            connection,
            as_of=as_of,
            sources=sources,
            evaluations=evaluations,
            environ=environ,
            llm_config=llm_config,
            client=client,
        )
    paths = brief_paths(briefs_dir, as_of)
    paths.directory.mkdir(parents=True, exist_ok=True)
    markdown = render_markdown(brief)
    write_text(paths.html, render_html(brief))
    write_text(paths.markdown, markdown)
    write_text(paths.facts, json.dumps(given, indent=1, ensure_ascii=False, sort_keys=True))
    write_text(paths.narrative, json.dumps(brief.narrative.to_json(), indent=1))
    with writing(warehouse) as connection:
        rows = record_snapshot(connection, as_of, brief.facts.signals.values())
    return BuiltBrief(brief, paths, markdown, given, rows)


def verify_brief(
    warehouse: Path,
    briefs_dir: Path,
    as_of: date,
    *,
    sources: Sequence[SourceSpec],
    evaluations: str,
) -> Verdict:
    """The written narrative judged against facts re-read from the marts (ERROR if any
    sentence is uncited, cites an id the brief does not list, or states an unsupported
    number or date). An LLM narrative that was rejected at build time is reported too."""
    paths = brief_paths(briefs_dir, as_of)
    if not paths.narrative.exists():
        return Verdict(False, True, f"no brief for {as_of}: {paths.narrative} is missing", {})
    narrative = Narrative.from_json(json.loads(paths.narrative.read_text(encoding="utf-8")))
    with connect_for_reading(warehouse) as connection:
        facts = gather_facts(connection, as_of=as_of, sources=sources, evaluations=evaluations)
        changes = changes_since_baseline(connection, as_of, facts.signals)
    context = {
        "narrative_source": narrative.source,
        "llm_outcome": narrative.llm_outcome,
        "rejected_llm_problems": list(narrative.rejected_problems),
        "brief": str(paths.html),
    }
    verdict = narrative_verdict(
        narrative.text,
        narrative_facts(facts, changes),
        listed_evidence_ids(facts, changes),
        metadata=context,
    )
    if narrative.rejected_text is None:
        return verdict
    note = (
        f"; the LLM narrative was rejected ({len(narrative.rejected_problems)} unsupported "
        "claim(s), listed in rejected_llm_problems) and the template wrote this one"
    )
    return Verdict(verdict.passed, verdict.severe, verdict.description + note, verdict.metadata)
