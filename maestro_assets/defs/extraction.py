"""The LLM extraction step as an ordinary asset: typed, cached, budgeted and evaluated.

The documents come from the dbt model staging.int_opposition_documents; events go to
staging.opposition_extractions (one row per event, or per failed document). Without an
OPENAI_API_KEY the rule-based extractor runs, and every row says so (extractor =
'heuristic'). Token usage and failure counts are asset metadata; the key never is.
"""

from datetime import UTC, datetime

import polars as pl
from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetKey,
    ConfigurableResource,
    MaterializeResult,
    asset,
    asset_check,
)

from maestro_assets.defs.resources import WAREHOUSE_POOL, WarehouseResource
from maestro_assets.lib.extraction import active_extractor
from maestro_assets.lib.extraction.cache import ExtractionCache, RunBudget
from maestro_assets.lib.extraction.evaluation import evaluate_extractor, load_gold_set
from maestro_assets.lib.extraction.llm import LlmConfig
from maestro_assets.lib.extraction.models import Document, Extractor
from maestro_assets.lib.extraction.run import run_extraction
from maestro_assets.lib.http import HttpPolicy
from maestro_assets.lib.landing import append_rows
from maestro_assets.lib.warehouse import replace_table

DOCUMENTS = "staging.int_opposition_documents"
EXTRACTIONS = "staging.opposition_extractions"
EVALUATIONS = "meta.extraction_eval"
# F1 per field below which the active extractor fails its check (ERROR). Set from the
# heuristic's measured scores on the gold set (README, "Opposition extraction").
F1_THRESHOLDS = {
    "event": 0.85,
    "state": 0.85,
    "county_fips": 0.85,
    "technology": 0.85,
    "developer_name": 0.80,
    "event_date": 0.80,
    "outcome": 0.80,
}


class LlmResource(ConfigurableResource):
    """The extractor: the openai client (OPENAI_API_KEY, OPENAI_BASE_URL, MAESTRO_LLM_MODEL,
    read from the environment when a run starts) or, with no key, the rule-based one."""

    timeout_seconds: float = 60.0
    max_attempts: int = 4
    max_documents: int | None = None  # per run; the rest wait for the next run
    max_tokens: int | None = None  # per run

    def extractor(self) -> Extractor:
        policy = HttpPolicy(timeout_seconds=self.timeout_seconds, max_attempts=self.max_attempts)
        return active_extractor(config=LlmConfig.from_env(policy=policy))

    def budget(self) -> RunBudget:
        return RunBudget(self.max_documents, self.max_tokens)


def documents_to_extract(connection) -> list[Document]:
    rows = (
        connection.table(DOCUMENTS)
        .project("document_sha256, text, source_id, url")
        .order("document_sha256")
        .fetchall()
    )
    return [Document(sha, text, source_id, url) for sha, text, source_id, url in rows]


@asset(
    key=AssetKey(EXTRACTIONS.split(".")),
    deps=[AssetKey(DOCUMENTS.split("."))],
    pool=WAREHOUSE_POOL,
    group_name="staging",
    owners=["team:opposition-signal"],
    kinds={"openai", "duckdb"},
    description="Opposition events extracted from every document (reports, news, board "
    "texts): one row per event with its verbatim quote, or one row per failed document, "
    "labelled with extractor, model and prompt version. Unchanged documents come from "
    "the cache (meta.llm_extraction_cache) and are never sent again.",
)
def opposition_extractions(llm: LlmResource, warehouse: WarehouseResource) -> MaterializeResult:
    extractor = llm.extractor()
    with warehouse.writing() as connection:
        run = run_extraction(
            documents_to_extract(connection), extractor, ExtractionCache(connection), llm.budget()
        )
        frame = pl.DataFrame(run.rows, infer_schema_length=None)
        replace_table(connection, EXTRACTIONS, frame)
    return MaterializeResult(metadata={"dagster/row_count": frame.height, **run.summary()})


@asset_check(
    asset=AssetKey(EXTRACTIONS.split(".")),
    name="extraction_quality_meets_thresholds",
    description="Precision, recall and F1 per field of the active extractor on the gold set "
    "(data/eval/opposition), kept with history in meta.extraction_eval; ERROR below the "
    "F1 thresholds.",
    pool=WAREHOUSE_POOL,
)
def extraction_quality_meets_thresholds(
    llm: LlmResource, warehouse: WarehouseResource
) -> AssetCheckResult:
    with warehouse.writing() as connection:
        evaluation = evaluate_extractor(
            llm.extractor(), load_gold_set(), ExtractionCache(connection), llm.budget()
        )
        rows = pl.DataFrame(evaluation.rows(datetime.now(UTC).replace(tzinfo=None)))
        append_rows(connection, EVALUATIONS, rows)
    failures = evaluation.failures(F1_THRESHOLDS)
    scores = {row["field"]: round(row["f1"], 3) for row in evaluation.scores.table()}
    return AssetCheckResult(
        passed=not failures,
        severity=AssetCheckSeverity.ERROR,
        description=(
            f"{evaluation.extractor} F1 per field: {scores}"
            + (f"; below threshold: {failures}" if failures else "")
        ),
        metadata={"extractor": evaluation.extractor, "n_docs": evaluation.scores.n_docs},
    )
