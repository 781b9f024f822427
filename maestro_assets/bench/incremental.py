"""Incremental work, measured on a built warehouse and its instance.

- A new vintage: PJM posts its next monthly export; the raw asset lands that one partition;
  the project's declarative automation (the eager conditions of the dbt models) is evaluated
  with `evaluate_automation_conditions`, ticking once before the landing and once after. What
  it requests is compared with the raw asset's downstream closure in the graph, then run.
- Unchanged documents: the extraction asset runs with the LLM extractor (pointed at the local
  stub) twice over the same documents; the stub counts the calls of each run (the cache
  should answer every one the second time).
"""

from __future__ import annotations

import time
from pathlib import Path

from dagster import (
    AssetKey,
    AssetSelection,
    DagsterInstance,
    Definitions,
    evaluate_automation_conditions,
    materialize,
)

from maestro_assets.bench.generator import record_next_pjm_vintage
from maestro_assets.bench.llm_stub import StubServer
from maestro_assets.bench.timings import relation
from maestro_assets.definitions import RAW_ASSETS, RAW_CHECKS
from maestro_assets.defs.extraction import EXTRACTIONS

QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
NEW_VINTAGE_SOURCE = "pjm_queue"


def requested_keys(result) -> set[AssetKey]:
    return {r.key for r in result.results if isinstance(r.key, AssetKey) and r.true_subset.size}


def downstream_closure(defs: Definitions, key: AssetKey) -> tuple[set[AssetKey], set[AssetKey]]:
    """Everything downstream of `key`, and the part of it that carries an automation condition."""
    graph = defs.resolve_asset_graph()
    closure = AssetSelection.assets(key).downstream(include_self=False).resolve(graph)
    automated = {k for k in closure if graph.get(k).automation_condition is not None}
    return closure, automated


def names(keys: set[AssetKey]) -> list[str]:
    return sorted(relation(key) for key in keys)


def land_one_partition(defs: Definitions, instance: DagsterInstance, partition: str) -> bool:
    asset = RAW_ASSETS[NEW_VINTAGE_SOURCE]
    checks = [c for c in RAW_CHECKS if asset.key in {k.asset_key for k in c.check_keys}]
    instance.add_dynamic_partitions(asset.partitions_def.name, [partition])
    result = materialize(
        [asset, *checks],
        instance=instance,
        resources=defs.resources,
        partition_key=partition,
        run_config=QUIET,
        raise_on_error=False,
    )
    return result.success


def run_selection(defs: Definitions, instance: DagsterInstance, keys: set[AssetKey]):
    job = defs.resolve_implicit_global_asset_job_def()
    return job.execute_in_process(
        instance=instance, asset_selection=list(keys), run_config=QUIET, raise_on_error=False
    )


def first_failure(result) -> str | None:
    """The first failed step and the first line of its error, if any step failed."""
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.event_specific_data.error
            cause = error.cause or error
            return f"{event.step_key}: {cause.message.strip().splitlines()[0]}"[:160]
    return None


def timed(run):
    started = time.perf_counter()
    value = run()
    return value, round(time.perf_counter() - started, 2)


def measure_new_vintage(
    defs: Definitions, instance: DagsterInstance, snapshot_dir: Path, scale: int, stub: StubServer
) -> dict:
    source_key = RAW_ASSETS[NEW_VINTAGE_SOURCE].key
    baseline, _ = timed(lambda: evaluate_automation_conditions(defs, instance))
    vintage = record_next_pjm_vintage(snapshot_dir, scale)
    landed, land_seconds = timed(lambda: land_one_partition(defs, instance, vintage.isoformat()))
    tick, evaluate_seconds = timed(
        lambda: evaluate_automation_conditions(defs, instance, cursor=baseline.cursor)
    )
    requested = requested_keys(tick)
    closure, automated = downstream_closure(defs, source_key)
    calls_before = stub.calls
    rerun, rerun_seconds = timed(lambda: run_selection(defs, instance, requested))
    after = evaluate_automation_conditions(defs, instance, cursor=tick.cursor)
    return {
        "source": NEW_VINTAGE_SOURCE,
        "new_vintage": vintage.isoformat(),
        "landed": landed,
        "land_seconds": land_seconds,
        "evaluate_seconds": evaluate_seconds,
        "requested_after_full_build": names(requested_keys(baseline)),
        "requested": names(requested),
        "requested_count": len(requested),
        "all_assets_count": len(list(defs.resolve_asset_graph().get_all_asset_keys())),
        "downstream_closure": names(closure),
        "automated_downstream_closure": names(automated),
        "requested_equals_automated_closure": requested == automated,
        "requested_outside_closure": names(requested - closure),
        "closure_not_requested": names(closure - requested),
        "rerun_ok": rerun.success,
        "rerun_failure": first_failure(rerun),
        "rerun_seconds": rerun_seconds,
        "rerun_llm_calls": stub.calls - calls_before,
        "requested_on_the_next_tick": names(requested_keys(after)),
    }


def extraction_run(defs: Definitions, instance: DagsterInstance, stub: StubServer) -> dict:
    before = stub.calls
    result, seconds = timed(
        lambda: run_selection(defs, instance, {AssetKey(EXTRACTIONS.split("."))})
    )
    return {
        "ok": result.success,
        "seconds": seconds,
        "llm_calls": stub.calls - before,
        "failure": first_failure(result),
    }


def measure_llm_reruns(defs: Definitions, instance: DagsterInstance, stub: StubServer) -> dict:
    """The extraction asset with the LLM extractor, twice over the same documents: the first
    run sends every document, the second should find every reply in the cache."""
    return {
        "first_run": extraction_run(defs, instance, stub),
        "rerun": extraction_run(defs, instance, stub),
    }
