"""reports/weekly_brief: the brief a business reader opens, and the check that it says nothing
the data does not support.

The asset writes `<data dir>/briefs/<as_of>/brief.html` (self-contained: inline CSS and SVG
charts, opens offline) and `brief.md` (same content, charts as words, shown as the asset's
metadata), plus the narrative facts and narrative as JSON for the check. It appends the week's
signal snapshot to meta.brief_signal_history, so it writes the warehouse and runs in the
writer pool. The logic is in lib/brief; see its package docstring for the design.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dagster import (
    AssetCheckResult,
    AssetKey,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)

from maestro_assets.defs.checks.source_checks import check_result, metadata_value
from maestro_assets.defs.extraction import EVALUATIONS
from maestro_assets.defs.resources import WAREHOUSE_POOL, WarehouseResource
from maestro_assets.lib.brief.build import BuiltBrief, briefs_dir_for, build_brief, verify_brief
from maestro_assets.lib.brief.facts import (
    DEVELOPER_COVERAGE,
    SIGNALS,
    STAGE_CHANGES,
    STAGE_LADDER,
)
from maestro_assets.lib.opposition_quality import COUNTIES, EVENTS, PROJECTS
from maestro_assets.lib.quality import Verdict
from maestro_assets.lib.settings import Settings
from maestro_assets.lib.sources.registry import SOURCES

WEEKLY_BRIEF = "reports.weekly_brief"
WEEKLY_BRIEF_KEY = AssetKey(WEEKLY_BRIEF.split("."))
# The buyer signal (marts.sig_corporate_buyer_entry) reaches the brief through marts.signals.
READS = (SIGNALS, PROJECTS, STAGE_CHANGES, STAGE_LADDER, EVENTS, DEVELOPER_COVERAGE, COUNTIES)


def briefs_dir(warehouse: WarehouseResource) -> Path:
    """`<data dir>/briefs`: the data directory is the parent of the raw file store
    (Settings.raw_dir), so the brief follows MAESTRO_DATA_DIR like everything else."""
    return briefs_dir_for(Path(warehouse.raw_dir).parent)


def brief_metadata(built: BuiltBrief) -> dict[str, object]:
    summary = built.summary()
    return {
        "brief": MetadataValue.md(built.markdown),
        "html_path": MetadataValue.path(str(built.paths.html)),
        "markdown_path": MetadataValue.path(str(built.paths.markdown)),
        **{key: metadata_value(value) for key, value in summary.items()},
    }


@asset(
    key=WEEKLY_BRIEF_KEY,
    deps=[AssetKey(relation.split(".")) for relation in READS],
    pool=WAREHOUSE_POOL,
    group_name="reports",
    owners=["team:signals"],
    kinds={"python", "html", "duckdb"},
    description="The weekly signals brief for readers who never open the UI: the week's top "
    "signals of each type with score, confidence, reason and evidence; what changed since the "
    "brief a week earlier; source health; offline charts; and a narrative whose every sentence "
    "cites evidence. Writes data/briefs/<as_of>/brief.html and brief.md, and the week's "
    "signal snapshot to meta.brief_signal_history.",
)
def weekly_brief(warehouse: WarehouseResource) -> MaterializeResult:
    built = build_brief(
        warehouse.path,
        briefs_dir(warehouse),
        warehouse.as_of_date,
        sources=SOURCES,
        evaluations=EVALUATIONS,
    )
    return MaterializeResult(metadata=brief_metadata(built))


@asset_check(
    asset=WEEKLY_BRIEF_KEY,
    name="brief_narrative_is_supported",
    description="Every sentence of the brief's narrative cites evidence listed in the brief, "
    "and every number and date in it matches the marts, re-read for the check (ERROR). A "
    "rejected LLM narrative (replaced by the template) is reported in the metadata.",
)
def brief_narrative_is_supported(warehouse: WarehouseResource) -> AssetCheckResult:
    verdict = verify_brief(
        warehouse.path,
        briefs_dir(warehouse),
        warehouse.as_of_date,
        sources=SOURCES,
        evaluations=EVALUATIONS,
    )
    return check_result(verdict)


def build_brief_from_settings(settings: Settings, as_of: date) -> tuple[BuiltBrief, Verdict]:
    """The asset's brief and its check, from the current warehouse (for `maestro brief`)."""
    directory = briefs_dir_for(settings.data_dir)
    built = build_brief(
        settings.duckdb_path, directory, as_of, sources=SOURCES, evaluations=EVALUATIONS
    )
    verdict = verify_brief(
        settings.duckdb_path, directory, as_of, sources=SOURCES, evaluations=EVALUATIONS
    )
    return built, verdict
