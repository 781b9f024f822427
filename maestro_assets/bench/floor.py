"""Dagster's own floor: what materializing a one-asset graph costs, with nothing of ours in it.

Measured in process (`dagster.materialize`, the way the build runs) and through a real
instance on disk with the multiprocess executor (`execute_job`, the way a deployment runs a
job: one subprocess per step). The project's runs cost this much before doing any work.
"""

from __future__ import annotations

import statistics
import tempfile
import time

from dagster import (
    DagsterInstance,
    Definitions,
    JobDefinition,
    asset,
    define_asset_job,
    execute_job,
    materialize,
    reconstructable,
)

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@asset
def floor_asset() -> int:
    return 1


def floor_job() -> JobDefinition:
    """Module-level, so the multiprocess executor can rebuild it in its subprocess."""
    job = define_asset_job("floor_job", selection=[floor_asset])
    return Definitions(assets=[floor_asset], jobs=[job]).resolve_job_def("floor_job")


def seconds_of(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def timing_summary(samples: list[float]) -> dict:
    return {
        "runs": len(samples),
        "median_seconds": round(statistics.median(samples), 3),
        "best_seconds": round(min(samples), 3),
    }


def measure_floor(repeats: int = 5) -> dict:
    in_process = DagsterInstance.ephemeral()
    materialized = [
        seconds_of(lambda: materialize([floor_asset], instance=in_process, run_config=QUIET))
        for _ in range(repeats)
    ]
    with tempfile.TemporaryDirectory() as home, DagsterInstance.local_temp(home) as instance:
        executed = [
            seconds_of(lambda: execute_job(reconstructable(floor_job), instance, QUIET).success)
            for _ in range(repeats)
        ]
    return {
        "in_process_materialize": timing_summary(materialized),
        "instance_multiprocess_execute_job": timing_summary(executed),
    }
