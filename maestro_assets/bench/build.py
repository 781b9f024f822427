"""One scale's build, in a process of its own: build everything, measure, write JSON.

`python -m maestro_assets.bench.build --scale N --work DIR --result FILE`

Builds every asset from the snapshot generated under DIR/snapshots into a fresh warehouse and
a fresh Dagster instance (both under DIR) the way `make demo` does (offline: the rule-based
extractor), then measures incremental work with the LLM extractor pointed at the local stub.
Its own process, so that peak RSS is this build's alone: `ru_maxrss` of this process
(Dagster, parsers, DuckDB in process) and of its largest finished child (the dbt
subprocesses), both taken when the full build ends.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from dagster import DagsterInstance

from maestro_assets.bench.incremental import measure_llm_reruns, measure_new_vintage
from maestro_assets.bench.llm_stub import running_stub
from maestro_assets.bench.rss import peak_rss_mb, sampling, step_peaks
from maestro_assets.bench.timings import asset_seconds, logged_events, step_timings
from maestro_assets.definitions import build_definitions
from maestro_assets.demo import build_everything
from maestro_assets.lib.extraction.llm import API_KEY_VARIABLE
from maestro_assets.lib.settings import Settings
from maestro_assets.lib.warehouse import connect_for_reading, table_counts

AS_OF = "2026-10-01"  # the demo's as-of date


def workspace(work: Path) -> dict[str, str]:
    return {
        "MAESTRO_DATA_DIR": str(work / "data"),
        "MAESTRO_SNAPSHOT_DIR": str(work / "snapshots"),
        "MAESTRO_DUCKDB_PATH": str(work / "data" / "maestro.duckdb"),
        "MAESTRO_AS_OF": AS_OF,
        "MAESTRO_SOURCE_MODE": "snapshot",
    }


def fresh_instance(home: Path) -> DagsterInstance:
    """A Dagster instance on disk (SQLite storage), as `dagster dev` keeps one."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").touch()
    return DagsterInstance.local_temp(str(home))


def run_stats(instance: DagsterInstance, names: list[str]) -> list[dict]:
    """Each run's name (from the build), outcome and wall seconds, in order."""
    runs = list(reversed(instance.get_runs()))[: len(names)]
    stats = []
    for name, run in zip(names, runs, strict=True):
        timing = instance.get_run_stats(run.run_id)
        seconds = (timing.end_time or 0) - (timing.start_time or 0)
        stats.append({"run": name, "ok": run.is_success, "seconds": round(seconds, 2)})
    return stats


def rows_of(rows: dict[str, int], schema: str, suffix: str, prefix: str = "") -> int:
    return sum(
        n for t, n in rows.items() if t.startswith(f"{schema}.{prefix}") and t.endswith(suffix)
    )


def volumes(rows: dict[str, int]) -> dict[str, int]:
    """The volumes the targets name: queue rows over every vintage (every raw `*__projects`
    table), EIA-860M generator-months (its raw rows), and distinct documents (every
    `staging.int_*_documents` model: the texts the extraction reads)."""
    return {
        "queue_rows": rows_of(rows, "raw", "__projects"),
        "generator_months": rows.get("raw.eia860m__generators", 0),
        "documents": rows_of(rows, "staging", "_documents", prefix="int_"),
        "raw_rows": rows_of(rows, "raw", ""),
    }


def measure_build(scale: int, work: Path) -> dict:
    """Build from the snapshot already generated under work/snapshots, then measure."""
    os.environ.update(workspace(work))
    os.environ.pop(API_KEY_VARIABLE, None)  # offline, like `make demo`: the rule-based extractor
    settings = Settings.from_env()
    defs = build_definitions(settings)
    instance = fresh_instance(work / "dagster_home")
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    with sampling() as memory:
        outcome = build_everything(defs, instance)
    build_seconds = time.perf_counter() - started
    load_after = os.getloadavg()[0]
    peak_rss = peak_rss_mb()
    runs = run_stats(instance, [name for name, _ in outcome.runs])
    events = logged_events(instance, [r.run_id for r in instance.get_runs()])
    steps = step_timings(events)
    with connect_for_reading(settings.duckdb_path) as connection:
        rows = {f"{schema}.{table}": n for schema, table, n in table_counts(connection)}
    with running_stub() as stub:
        os.environ.update(stub.environment())
        new_vintage = measure_new_vintage(defs, instance, settings.snapshot_dir, scale, stub)
        extraction = measure_llm_reruns(defs, instance, stub)
    return {
        "scale": scale,
        "build_seconds": round(build_seconds, 2),
        "build_ok": all(ok for _, ok in outcome.runs),
        # 1-minute load average before and after: other work on the machine slows the build
        "load_average": [round(load_before, 2), round(load_after, 2)],
        "runs": runs,
        "asset_seconds": asset_seconds(steps, events),
        "step_seconds": [
            {"step": s.step_key, "seconds": s.seconds, "assets": len(s.assets)} for s in steps
        ],
        "llm_calls": 0,  # the build ran the rule-based extractor; `incremental` counts the LLM's
        "rows_per_table": rows,
        "volumes": volumes(rows),
        "peak_rss": peak_rss,
        "step_peak_rss": step_peaks(steps, memory.samples),
        "incremental": {"new_vintage": new_vintage, "llm_extraction": extraction},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maestro_assets.bench.build")
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--work", type=Path, required=True, help="holds snapshots/ already")
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args(argv)
    result = measure_build(args.scale, args.work)
    args.result.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
