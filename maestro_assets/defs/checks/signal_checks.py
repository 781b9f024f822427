"""Checks on the pipeline history and the signals: coverage, evidence, data quality."""

from dagster import AssetKey

from maestro_assets.defs.checks.source_checks import warehouse_check
from maestro_assets.lib.quality import (
    developer_coverage_verdict,
    isos_present_verdict,
    junk_excluded_verdict,
    regressions_verdict,
    unmapped_status_verdict,
    unresolved_evidence_verdict,
)
from maestro_assets.lib.sources.registry import ADAPTERS

PROJECT_VINTAGES = "staging.int_project_vintages"
ISOS = ("ERCOT", "PJM", "MISO", "SPP", "NYISO", "CAISO", "ISO-NE")


def key(relation: str) -> AssetKey:
    return AssetKey(relation.split("."))


SIGNAL_CHECKS = [
    warehouse_check(
        key(PROJECT_VINTAGES),
        "every_status_is_mapped",
        "Every raw status of every pipeline source maps to a canonical stage (ERROR, listed).",
        lambda connection, _: unmapped_status_verdict(connection, PROJECT_VINTAGES, "status_raw"),
        blocking=True,
    ),
    warehouse_check(
        key(PROJECT_VINTAGES),
        "all_seven_isos_present",
        f"Each of the {len(ISOS)} ISOs lists projects in its source's latest vintage (WARN).",
        lambda connection, _: isos_present_verdict(connection, PROJECT_VINTAGES, ISOS),
        blocking=False,
    ),
    warehouse_check(
        key("marts.dim_project"),
        "junk_rows_are_excluded",
        "Test and junk rows (e.g. MISO AA1234) are counted and kept out of every mart (ERROR).",
        lambda connection, _: junk_excluded_verdict(connection),
        blocking=True,
    ),
    warehouse_check(
        key("marts.developer_coverage"),
        "developer_coverage_meets_floor",
        "Per source, the share of MW with a named developer is at least the floor its "
        "declaration sets (WARN; most ISOs publish no developer and have no floor).",
        lambda connection, _: developer_coverage_verdict(
            connection,
            "marts.developer_coverage",
            {a.spec.source_id: a.spec.developer_coverage_floor for a in ADAPTERS},
        ),
        blocking=False,
    ),
    warehouse_check(
        key("marts.fct_project_stage_change"),
        "stage_regressions_within_tolerance",
        "Backwards stage moves are data-quality events, counted per source; WARN when more "
        "than 10% of a source's changes are regressions.",
        lambda connection, _: regressions_verdict(connection),
        blocking=False,
    ),
    warehouse_check(
        key("marts.signals"),
        "every_signal_has_resolvable_evidence",
        "Every evidence item of every signal names a raw row (source, content hash, sheet, "
        "row) that exists in the raw tables (ERROR).",
        lambda connection, _: unresolved_evidence_verdict(
            connection, {a.spec.source_id: a.spec.raw_table for a in ADAPTERS}
        ),
        blocking=True,
    ),
]
