"""The LLM extraction steps as ordinary assets: typed, cached, budgeted and evaluated.

One factory, `extraction_step_defs`, builds the asset and its quality check for any extraction
task; each step only declares its task, tables, thresholds and owners:
- opposition: documents from the dbt model staging.int_opposition_documents, events to
  staging.opposition_extractions, check extraction_quality_meets_thresholds;
- procurement: documents from staging.int_procurement_documents, purchases to
  staging.procurement_extractions, check procurement_extraction_quality_meets_thresholds.
Each output has one row per event, or per failed document. Without an OPENAI_API_KEY the
task's rule-based extractor runs, and every row says so (extractor = 'heuristic'). Token usage
and failure counts are asset metadata; the key never is. Both checks append their scores to
meta.extraction_eval, labelled with the task.
"""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl
from dagster import (
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetKey,
    AssetsDefinition,
    ConfigurableResource,
    MaterializeResult,
    asset,
    asset_check,
)

from maestro_assets.defs.resources import WAREHOUSE_POOL, WarehouseResource
from maestro_assets.defs.sources.landing import OWNERS_BY_DOMAIN
from maestro_assets.lib.extraction import active_extractor
from maestro_assets.lib.extraction.cache import ExtractionCache, RunBudget
from maestro_assets.lib.extraction.evaluation import evaluate_extractor, load_gold_set
from maestro_assets.lib.extraction.llm import LlmConfig
from maestro_assets.lib.extraction.models import Document, ExtractionTask, Extractor
from maestro_assets.lib.extraction.run import row_columns, run_extraction
from maestro_assets.lib.extraction.tasks import OPPOSITION, PROCUREMENT
from maestro_assets.lib.http import HttpPolicy
from maestro_assets.lib.landing import append_rows
from maestro_assets.lib.settings import BUNDLED_DATA_DIR
from maestro_assets.lib.warehouse import replace_table

DOCUMENTS = "staging.int_opposition_documents"
EXTRACTIONS = "staging.opposition_extractions"
PROCUREMENT_DOCUMENTS = "staging.int_procurement_documents"
PROCUREMENT_EXTRACTIONS = "staging.procurement_extractions"
EVALUATIONS = "meta.extraction_eval"
# F1 per field below which the active extractor fails its check (ERROR). Set from the
# heuristic's measured scores on each gold set (data/eval/<task>/README.md).
F1_THRESHOLDS = {
    "event": 0.85,
    "state": 0.85,
    "county_fips": 0.85,
    "technology": 0.85,
    "developer_name": 0.80,
    "event_date": 0.80,
    "outcome": 0.80,
}
# Measured on all 62 documents: event 0.90, buyer 0.90, seller 0.91, technology 0.89,
# capacity 0.89, contract type 0.90, state 0.88, date 0.89 (0.42 on the 12 held-out ones).
PROCUREMENT_F1_THRESHOLDS = {
    "event": 0.80,
    "buyer_name": 0.80,
    "seller_name": 0.80,
    "technology": 0.80,
    "capacity_mw": 0.80,
    "contract_type": 0.80,
    "state": 0.80,
    "announced_date": 0.80,
}


class LlmResource(ConfigurableResource):
    """The extractor: the openai client (OPENAI_API_KEY, OPENAI_BASE_URL, MAESTRO_LLM_MODEL,
    read from the environment when a run starts) or, with no key, the rule-based one."""

    timeout_seconds: float = 60.0
    max_attempts: int = 4
    max_documents: int | None = None  # per run; the rest wait for the next run
    max_tokens: int | None = None  # per run

    def extractor(self, task: ExtractionTask = OPPOSITION) -> Extractor:
        policy = HttpPolicy(timeout_seconds=self.timeout_seconds, max_attempts=self.max_attempts)
        return active_extractor(config=LlmConfig.from_env(policy=policy), task=task)

    def budget(self) -> RunBudget:
        return RunBudget(self.max_documents, self.max_tokens)


@dataclass(frozen=True)
class ExtractionStep:
    """One extraction task as a Dagster step: where its documents come from and go to."""

    task: ExtractionTask
    documents: str  # relation with document_sha256, text, source_id, url
    extractions: str  # relation the rows replace
    check_name: str
    thresholds: dict[str, float]  # F1 per field; below is an ERROR
    owners: list[str]
    description: str

    @property
    def key(self) -> AssetKey:
        return AssetKey(self.extractions.split("."))


OPPOSITION_STEP = ExtractionStep(
    task=OPPOSITION,
    documents=DOCUMENTS,
    extractions=EXTRACTIONS,
    check_name="extraction_quality_meets_thresholds",
    thresholds=F1_THRESHOLDS,
    owners=OWNERS_BY_DOMAIN["opposition"],
    description="Opposition events extracted from every document (reports, news, board "
    "texts): one row per event with its verbatim quote, or one row per failed document, "
    "labelled with extractor, model and prompt version. Unchanged documents come from "
    "the cache (meta.llm_extraction_cache) and are never sent again.",
)
PROCUREMENT_STEP = ExtractionStep(
    task=PROCUREMENT,
    documents=PROCUREMENT_DOCUMENTS,
    extractions=PROCUREMENT_EXTRACTIONS,
    check_name="procurement_extraction_quality_meets_thresholds",
    thresholds=PROCUREMENT_F1_THRESHOLDS,
    owners=OWNERS_BY_DOMAIN["procurement"],
    description="Corporate clean-energy purchases (PPAs, green tariffs, RECs, on-site "
    "generation) extracted from every press release, filing and report: one row per purchase "
    "with buyer, seller, capacity, contract type and its verbatim quote, or one row per failed "
    "document, labelled with extractor, model and prompt version. Unchanged documents come "
    "from the cache (meta.llm_extraction_cache) and are never sent again.",
)


def documents_to_extract(connection, relation: str = DOCUMENTS) -> list[Document]:
    rows = (
        connection.table(relation)
        .project("document_sha256, text, source_id, url")
        .order("document_sha256")
        .fetchall()
    )
    return [Document(sha, text, source_id, url) for sha, text, source_id, url in rows]


def row_schema(task: ExtractionTask) -> dict[str, Any]:
    """Polars types of a run's rows: the table has its columns even when no row exists."""
    numeric = {
        name
        for name, info in task.event_model.model_fields.items()
        if float in getattr(info.annotation, "__args__", (info.annotation,))
    }
    types = {"cached": pl.Boolean, "event_index": pl.Int64}
    return {
        name: types.get(name, pl.Float64 if name in numeric else pl.String)
        for name in row_columns(task)
    }


def extraction_frame(rows: list[dict[str, Any]], task: ExtractionTask) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=row_schema(task))


def extraction_step_defs(step: ExtractionStep) -> tuple[AssetsDefinition, AssetChecksDefinition]:
    """The extraction asset of `step` and its quality check against the task's gold set."""

    @asset(
        key=step.key,
        deps=[AssetKey(step.documents.split("."))],
        pool=WAREHOUSE_POOL,
        group_name="staging",
        owners=step.owners,
        kinds={"openai", "duckdb"},
        description=step.description,
    )
    def extractions(llm: LlmResource, warehouse: WarehouseResource) -> MaterializeResult:
        extractor = llm.extractor(step.task)
        with warehouse.writing() as connection:
            run = run_extraction(
                documents_to_extract(connection, step.documents),
                extractor,
                ExtractionCache(connection),
                llm.budget(),
            )
            frame = extraction_frame(run.rows, step.task)
            replace_table(connection, step.extractions, frame)
        return MaterializeResult(metadata={"dagster/row_count": frame.height, **run.summary()})

    @asset_check(
        asset=step.key,
        name=step.check_name,
        description="Precision, recall and F1 per field of the active extractor on the gold set "
        f"({step.task.gold_dir.relative_to(BUNDLED_DATA_DIR.parent)}), kept with history in "
        f"{EVALUATIONS}; ERROR below the F1 thresholds.",
        pool=WAREHOUSE_POOL,
    )
    def quality(llm: LlmResource, warehouse: WarehouseResource) -> AssetCheckResult:
        with warehouse.writing() as connection:
            evaluation = evaluate_extractor(
                llm.extractor(step.task),
                load_gold_set(step.task),
                ExtractionCache(connection),
                llm.budget(),
            )
            rows = pl.DataFrame(evaluation.rows(datetime.now(UTC).replace(tzinfo=None)))
            append_rows(connection, EVALUATIONS, rows)
        failures = evaluation.failures(step.thresholds)
        scores = {row["field"]: round(row["f1"], 3) for row in evaluation.scores.table()}
        return AssetCheckResult(
            passed=not failures,
            severity=AssetCheckSeverity.ERROR,
            description=(
                f"{evaluation.extractor} F1 per field: {scores}"
                + (f"; below threshold: {failures}" if failures else "")
            ),
            metadata={
                "extractor": evaluation.extractor,
                "task": step.task.name,
                "n_docs": evaluation.scores.n_docs,
            },
        )

    return extractions, quality


opposition_extractions, extraction_quality_meets_thresholds = extraction_step_defs(OPPOSITION_STEP)
procurement_extractions, procurement_extraction_quality_meets_thresholds = extraction_step_defs(
    PROCUREMENT_STEP
)

__all__ = [
    "EVALUATIONS",
    "EXTRACTIONS",
    "PROCUREMENT_EXTRACTIONS",
    "LlmResource",
    "extraction_quality_meets_thresholds",
    "opposition_extractions",
    "procurement_extraction_quality_meets_thresholds",
    "procurement_extractions",
]
