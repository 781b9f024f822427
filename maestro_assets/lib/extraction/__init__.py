"""LLM extraction framework: structured events from untrusted text, cached, budgeted, evaluated.

The pieces, each usable on its own and wrapped by a thin Dagster resource:
- `models`: the pydantic models (OppositionEvent, Extraction) and the framework's plain types;
- `prompts.opposition`: the prompt text and its PROMPT_VERSION;
- `llm`: the openai-client extractor (OPENAI_API_KEY, OPENAI_BASE_URL, MAESTRO_LLM_MODEL);
- `heuristic`: the deterministic rule-based extractor used when there is no API key;
- `quotes`: the verbatim-quote rule; `geography`: jurisdiction → state and county FIPS;
- `cache`: the DuckDB cache (meta.llm_extraction_cache) and the per-run budget;
- `run`: one run over documents → rows and a metadata summary;
- `evaluation`: precision, recall and F1 per field against data/eval/opposition.
"""

from __future__ import annotations

from collections.abc import Mapping

from maestro_assets.lib.extraction.heuristic import HeuristicExtractor
from maestro_assets.lib.extraction.llm import LlmConfig, LlmExtractor, has_api_key
from maestro_assets.lib.extraction.models import Document, Extractor, Status


def active_extractor(
    environ: Mapping[str, str] | None = None, config: LlmConfig | None = None
) -> Extractor:
    """The LLM extractor when OPENAI_API_KEY is set, else the rule-based one."""
    if has_api_key(environ):
        return LlmExtractor(config or LlmConfig.from_env(environ), environ)
    return HeuristicExtractor()


__all__ = ["Document", "Extractor", "Status", "active_extractor"]
