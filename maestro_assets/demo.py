"""`make demo`: build every asset from the bundled snapshot, run every check, print a summary.

Exit status 1 when any run fails or any ERROR-severity check fails.
"""

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass

from dagster import (
    AssetCheckEvaluation,
    AssetCheckSeverity,
    DagsterInstance,
    Definitions,
    ExecuteInProcessResult,
)

from maestro_assets.cli import format_table
from maestro_assets.defs.sources.eia import RAW_SOURCES
from maestro_assets.definitions import build_definitions
from maestro_assets.lib.settings import PROJECT_ROOT, Settings
from maestro_assets.lib.warehouse import connect_for_reading, table_counts


@dataclass(frozen=True)
class BuildOutcome:
    runs: list[tuple[str, bool]]  # (what ran, succeeded)
    checks: list[AssetCheckEvaluation]


def demo_instance() -> DagsterInstance:
    """The instance `make dev` shows, so the demo's runs appear in the UI afterwards."""
    home = os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))
    os.makedirs(home, exist_ok=True)
    return DagsterInstance.get()


def available_partitions(defs: Definitions) -> dict[str, list[str]]:
    """Partition key -> raw assets that have a vintage for it, as the sources list them."""
    sources = defs.resources["sources"]
    by_key: dict[str, list[str]] = {}
    for raw in RAW_SOURCES:
        for key in raw.available_partitions(sources.client(raw.spec)):
            by_key.setdefault(key, []).append(raw.spec.raw_table)
    return dict(sorted(by_key.items()))


QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


def build_everything(defs: Definitions, instance: DagsterInstance) -> BuildOutcome:
    from dagster import AssetKey

    runs: list[tuple[str, bool]] = []
    checks: list[AssetCheckEvaluation] = []
    pull = defs.resolve_job_def("pull_monthly_sources")
    for partition, tables in available_partitions(defs).items():
        result = pull.execute_in_process(
            partition_key=partition,
            instance=instance,
            run_config=QUIET,
            asset_selection=[AssetKey(t.split(".")) for t in tables],
            raise_on_error=False,
        )
        runs.append((f"pull {partition} ({', '.join(tables)})", result.success))
        checks.extend(check_evaluations(result))
    result = defs.resolve_job_def("build_warehouse").execute_in_process(
        instance=instance, run_config=QUIET, raise_on_error=False
    )
    runs.append(("build_warehouse (catalog, dbt seeds, models, tests)", result.success))
    checks.extend(check_evaluations(result))
    return BuildOutcome(runs=runs, checks=checks)


def check_evaluations(result: ExecuteInProcessResult) -> list[AssetCheckEvaluation]:
    return [
        event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    ]


def latest_per_check(evaluations: Iterable[AssetCheckEvaluation]) -> list[AssetCheckEvaluation]:
    latest: dict[tuple[str, str], AssetCheckEvaluation] = {}
    for evaluation in evaluations:
        latest[(evaluation.asset_key.to_user_string(), evaluation.check_name)] = evaluation
    return [latest[k] for k in sorted(latest)]


def is_error(evaluation: AssetCheckEvaluation) -> bool:
    return not evaluation.passed and evaluation.severity == AssetCheckSeverity.ERROR


def verdict(evaluation: AssetCheckEvaluation) -> str:
    if evaluation.passed:
        return "pass"
    return "FAIL (ERROR)" if is_error(evaluation) else "fail (warn)"


def summary(settings: Settings, outcome: BuildOutcome) -> str:
    with connect_for_reading(settings.duckdb_path) as connection:
        tables = table_counts(connection)
    checks = latest_per_check(outcome.checks)
    parts = [
        "Runs",
        format_table(("run", "result"), [(n, "ok" if ok else "FAILED") for n, ok in outcome.runs]),
        "",
        f"Warehouse {settings.duckdb_path} (read-only copy: {settings.reader_path.name})",
        format_table(("schema", "table", "rows"), tables),
        "",
        f"Checks ({sum(c.passed for c in checks)} of {len(checks)} pass)",
        format_table(
            ("asset", "check", "result", "detail"),
            [
                (c.asset_key.to_user_string(), c.check_name, verdict(c), c.description or "")
                for c in checks
            ],
        ),
        "",
        "Signals: none yet (the signal assets arrive with the signal issues).",
    ]
    return "\n".join(parts)


def main() -> int:
    settings = Settings.from_env()
    defs = build_definitions(settings)
    outcome = build_everything(defs, demo_instance())
    print(summary(settings, outcome))
    failed_runs = [name for name, ok in outcome.runs if not ok]
    errors = [c for c in latest_per_check(outcome.checks) if is_error(c)]
    if failed_runs or errors:
        print(f"\n{len(failed_runs)} failed run(s), {len(errors)} failed ERROR check(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
