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
    DynamicPartitionsDefinition,
    ExecuteInProcessResult,
    materialize,
)

from maestro_assets.cli import format_table
from maestro_assets.definitions import RAW_ASSETS, RAW_CHECKS, build_definitions
from maestro_assets.lib.brief.build import brief_paths, briefs_dir_for
from maestro_assets.lib.settings import PROJECT_ROOT, Settings, as_of_or_today
from maestro_assets.lib.sources.registry import ADAPTERS
from maestro_assets.lib.warehouse import connect_for_reading, relation_exists, table_counts

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
PARTITION_RANGE_START = "dagster/asset_partition_range_start"
PARTITION_RANGE_END = "dagster/asset_partition_range_end"
RunResult = tuple[str, ExecuteInProcessResult]


@dataclass(frozen=True)
class BuildOutcome:
    runs: list[tuple[str, bool]]  # (what ran, succeeded)
    checks: list[AssetCheckEvaluation]


def demo_instance() -> DagsterInstance:
    """The instance `make dev` shows, so the demo's runs appear in the UI afterwards."""
    home = os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home"))
    os.makedirs(home, exist_ok=True)
    return DagsterInstance.get()


def contiguous_runs(wanted: list[str], ordered: list[str]) -> list[tuple[str, str]]:
    """(first, last) partition ranges covering `wanted` without any key outside it."""
    position = {key: i for i, key in enumerate(ordered)}
    runs: list[list[str]] = []
    for key in sorted(wanted, key=position.__getitem__):
        if runs and position[key] == position[runs[-1][-1]] + 1:
            runs[-1].append(key)
        else:
            runs.append([key])
    return [(run[0], run[-1]) for run in runs]


def pull_available(defs: Definitions, instance: DagsterInstance, adapter) -> list[RunResult]:
    """Materialize every vintage the source offers now, a contiguous range per run."""
    asset = RAW_ASSETS[adapter.spec.source_id]
    checks = [c for c in RAW_CHECKS if asset.key in {k.asset_key for k in c.check_keys}]
    client = defs.resources["sources"].client(adapter.spec)
    keys = [p.isoformat() for p in adapter.available_partitions(client)]
    partitions = asset.partitions_def
    if isinstance(partitions, DynamicPartitionsDefinition):
        instance.add_dynamic_partitions(partitions.name, keys)
    ordered = partitions.get_partition_keys(dynamic_partitions_store=instance)
    results = []
    for first, last in contiguous_runs(keys, ordered):
        result = materialize(
            [asset, *checks],
            instance=instance,
            resources=defs.resources,
            run_config=QUIET,
            tags={PARTITION_RANGE_START: first, PARTITION_RANGE_END: last},
            raise_on_error=False,
        )
        label = first if first == last else f"{first}..{last}"
        results.append((f"pull {adapter.spec.source_id} {label}", result))
    return results


def build_everything(defs: Definitions, instance: DagsterInstance) -> BuildOutcome:
    results = [r for adapter in ADAPTERS for r in pull_available(defs, instance, adapter)]
    build = defs.resolve_job_def("build_warehouse").execute_in_process(
        instance=instance, run_config=QUIET, raise_on_error=False
    )
    results.append(("build_warehouse (catalog, dbt seeds, models, tests)", build))
    return BuildOutcome(
        runs=[(name, result.success) for name, result in results],
        checks=[c for _, result in results for c in check_evaluations(result)],
    )


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


TOP_SIGNALS = """
    SELECT signal_type, subject_type, subject_name, round(score, 2), confidence, n_sources,
           json_array_length(evidence) AS evidence_items
    FROM marts.signals
    QUALIFY row_number() OVER (PARTITION BY signal_type ORDER BY score DESC) <= ?
    ORDER BY signal_type, score DESC
"""


def top_signals(connection, limit: int = 5) -> str:
    if not relation_exists(connection, "marts.signals"):
        return "Signals: none (marts.signals was not built)"
    rows = connection.execute(TOP_SIGNALS, [limit]).fetchall()
    header = ("signal", "subject", "name", "score", "confidence", "sources", "evidence")
    return f"Top {limit} signals of each type\n" + format_table(header, rows)


def shortened(text: str, width: int = 110) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def brief_line(settings: Settings) -> str:
    brief = brief_paths(briefs_dir_for(settings.data_dir), as_of_or_today(settings.as_of)).html
    return f"Weekly brief: {brief}" if brief.exists() else "Weekly brief: not built"


def summary(settings: Settings, outcome: BuildOutcome) -> str:
    with connect_for_reading(settings.duckdb_path) as connection:
        tables = table_counts(connection)
        signals = top_signals(connection)
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
                (
                    c.asset_key.to_user_string(),
                    c.check_name,
                    verdict(c),
                    shortened(c.description or ""),
                )
                for c in checks
            ],
        ),
        "",
        signals,
        "",
        brief_line(settings),
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
