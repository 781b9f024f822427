"""LLM extraction framework: structured events from untrusted text, cached, budgeted, evaluated.

The pieces, each usable on its own and wrapped by a thin Dagster resource:
- `models`: the pydantic models (OppositionEvent, ProcurementEvent and their extractions), the
  framework's plain types and `ExtractionTask`, the declaration of one task;
- `tasks`: the declared tasks, OPPOSITION and PROCUREMENT (model, prompt, rules, gold set,
  scoring, post-processing), by name in TASKS;
- `prompts.<task>`: each task's prompt text and PROMPT_VERSION;
- `rules.<task>`: each task's deterministic rules, with `text` holding what they share
  (untrusted lines, sentences, dates, states);
- `llm`: the openai-client extractor (OPENAI_API_KEY, OPENAI_BASE_URL, MAESTRO_LLM_MODEL);
- `heuristic`: the rule-based extractor used when there is no API key;
- `quotes`: the verbatim-quote rule; `geography`: jurisdiction → state and county FIPS;
- `cache`: the DuckDB cache (meta.llm_extraction_cache) and the per-run budget;
- `run`: one run over documents → rows and a metadata summary;
- `evaluation`: precision, recall and F1 per field against the task's gold set (data/eval/).
"""

from __future__ import annotations

from collections.abc import Mapping

from maestro_assets.lib.extraction.heuristic import HeuristicExtractor
from maestro_assets.lib.extraction.llm import LlmConfig, LlmExtractor, has_api_key
from maestro_assets.lib.extraction.models import Document, ExtractionTask, Extractor, Status
from maestro_assets.lib.extraction.tasks import OPPOSITION, PROCUREMENT, TASKS


def active_extractor(
    environ: Mapping[str, str] | None = None,
    config: LlmConfig | None = None,
    task: ExtractionTask = OPPOSITION,
) -> Extractor:
    """The task's LLM extractor when OPENAI_API_KEY is set, else its rule-based one."""
    if has_api_key(environ):
        return LlmExtractor(config or LlmConfig.from_env(environ), environ, task=task)
    return HeuristicExtractor(task)


__all__ = [
    "OPPOSITION",
    "PROCUREMENT",
    "TASKS",
    "Document",
    "ExtractionTask",
    "Extractor",
    "Status",
    "active_extractor",
]
