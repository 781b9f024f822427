"""bench/results.json and its short human-readable table: the measurements, and each target of
the performance issue judged against them (met, missed, or not measured in this run)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from maestro_assets.bench.matching import MATCH_SETS
from maestro_assets.cli import format_table

FULL_BUILD_SECONDS = {1: 60.0, 100: 600.0}  # the target wall seconds of a full build, by scale
LARGE_SCALE = 100
PEAK_RSS_MB = 4096.0
VOLUME_FLOORS = {"queue_rows": 1_000_000, "generator_months": 2_000_000, "documents": 20_000}
XLSX_SPEEDUP = 5.0
MATCHING_SECONDS = 30.0
MATCHING_PRECISION = 0.97


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    measured: str
    met: bool | None  # None: not measured by this run

    @property
    def verdict(self) -> str:
        return {True: "met", False: "MISSED", None: "not measured"}[self.met]


def build_targets(runs: dict[int, dict]) -> list[Target]:
    targets = []
    for scale, limit in FULL_BUILD_SECONDS.items():
        run = runs.get(scale)
        measured = (
            "-"
            if run is None
            else f"{run['build_seconds']} s" + ("" if run["build_ok"] else " (a run failed)")
        )
        met = None if run is None else run["build_ok"] and run["build_seconds"] < limit
        targets.append(Target(f"full build, SCALE={scale}", f"< {limit:.0f} s", measured, met))
    large = runs.get(LARGE_SCALE)
    rss = None if large is None else large["peak_rss"]
    targets.append(
        Target(
            f"peak RSS, SCALE={LARGE_SCALE}",
            f"< {PEAK_RSS_MB:.0f} MB",
            "-" if rss is None else f"{rss['upper_bound_mb']} MB (process + largest child)",
            None if rss is None else rss["upper_bound_mb"] < PEAK_RSS_MB,
        )
    )
    for volume, floor in VOLUME_FLOORS.items():
        value = None if large is None else large["volumes"][volume]
        targets.append(
            Target(
                f"{volume.replace('_', ' ')}, SCALE={LARGE_SCALE}",
                f">= {floor:,}",
                "-" if value is None else f"{value:,}",
                None if value is None else value >= floor,
            )
        )
    return targets


def growth_target(growths: list[dict]) -> Target:
    """Every pair of consecutive scales measured: no judged stage grew faster than linearly."""
    if not growths:
        return Target("per-stage growth", "no faster than linear", "-", None)
    measured = "; ".join(
        f"SCALE {g['scales'][0]} -> {g['scales'][1]}: {g['judged']} stages judged"
        + (f", faster than linear: {', '.join(g['superlinear'])}" if g["superlinear"] else "")
        for g in growths
    )
    met = not any(g["superlinear"] for g in growths)
    return Target("per-stage growth", "no faster than linear", measured, met)


def extraction_measure(run: dict) -> str:
    if run["ok"]:
        return f"{run['llm_calls']} calls"
    return f"{run['llm_calls']} calls, FAILED ({run['failure']})"


def incremental_targets(run: dict) -> list[Target]:
    vintage = run["incremental"]["new_vintage"]
    first, rerun = (run["incremental"]["llm_extraction"][k] for k in ("first_run", "rerun"))
    requested, closure = vintage["requested"], vintage["automated_downstream_closure"]
    return [
        Target(
            f"new {vintage['source']} vintage re-runs only its downstream",
            "requested = automated downstream closure",
            f"{len(requested)} of {vintage['all_assets_count']} assets requested; closure "
            f"{len(closure)}; outside it: {len(vintage['requested_outside_closure'])}; "
            f"not requested: {len(vintage['closure_not_requested'])}",
            vintage["requested_equals_automated_closure"],
        ),
        Target(
            "re-run over unchanged documents",
            "0 LLM calls",
            f"first run {extraction_measure(first)}; re-run {extraction_measure(rerun)}",
            first["ok"] and rerun["ok"] and first["llm_calls"] > 0 and rerun["llm_calls"] == 0,
        ),
    ]


def matching_target(matching: dict) -> Target:
    goal = f"100k x 100k < {MATCHING_SECONDS:.0f} s, precision >= {MATCHING_PRECISION}"
    match_sets = matching.get(MATCH_SETS) if matching.get("available") else None
    if not isinstance(match_sets, dict) or not {"seconds", "precision"} <= set(match_sets):
        reason = matching.get("reason", f"no {MATCH_SETS} seconds and precision reported")
        return Target("organization matching", goal, f"not available: {reason}", None)
    seconds, precision = match_sets["seconds"], match_sets["precision"]
    return Target(
        "organization matching",
        goal,
        f"{seconds} s, precision {precision}",
        seconds < MATCHING_SECONDS and precision >= MATCHING_PRECISION,
    )


def xlsx_target(comparisons: list[dict]) -> Target:
    goal = f"project parser >= {XLSX_SPEEDUP:.0f}x pandas + openpyxl"
    if not comparisons:
        return Target("xlsx parsing", goal, "-", None)
    measured = "; ".join(f"{c['input']}: {c['speedup']}x" for c in comparisons)
    return Target(
        "xlsx parsing", goal, measured, all(c["speedup"] >= XLSX_SPEEDUP for c in comparisons)
    )


def all_targets(results: dict) -> list[Target]:
    runs = {run["scale"]: run for run in results["runs"]}
    largest = runs[max(runs)]
    return [
        *build_targets(runs),
        growth_target(results["growth"]),
        *incremental_targets(largest),
        matching_target(results["baselines"]["organization_matching"]),
        xlsx_target(results["baselines"]["xlsx_parsing"]),
    ]


def results_document(
    scale: int, runs: list[dict], baselines: dict, growth: list[dict], bench_seconds: float
) -> dict:
    """results.json: the requested scale's figures on top, every scale's in `runs`."""
    main = next(run for run in runs if run["scale"] == scale)
    results = {
        "scale": scale,
        "history_epochs": main["history_epochs"],
        "total_wall_seconds": main["build_seconds"],
        "per_asset_wall_seconds": main["asset_seconds"],
        "peak_rss_mb": main["peak_rss"],
        "rows_per_table": main["rows_per_table"],
        "volumes": main["volumes"],
        "llm_calls": main["llm_calls"],
        "runs": runs,
        "baselines": baselines,
        "growth": growth,
        "bench_wall_seconds": round(bench_seconds, 1),
    }
    results["targets"] = [asdict(t) | {"verdict": t.verdict} for t in all_targets(results)]
    return results


def slowest_assets(run: dict, count: int = 8) -> list[tuple[str, float, int | str]]:
    ranked = sorted(run["asset_seconds"].items(), key=lambda item: -item[1])[:count]
    return [(asset, seconds, run["rows_per_table"].get(asset, "-")) for asset, seconds in ranked]


def summary(results: dict) -> str:
    parts = []
    for run in results["runs"]:
        volumes, rss = run["volumes"], run["peak_rss"]
        parts += [
            f"SCALE={run['scale']} ({run['history_epochs']} history epochs, {run['vintages']} "
            f"vintages): generate {run['generate_seconds']} s, build {run['build_seconds']} s"
            f"{'' if run['build_ok'] else ' (a run FAILED)'}; peak RSS {rss['process_mb']} MB "
            f"+ child {rss['largest_child_mb']} MB; {volumes['queue_rows']:,} queue rows, "
            f"{volumes['generator_months']:,} generator-months, {volumes['documents']:,} "
            f"documents; {run['llm_calls']} LLM calls",
            format_table(("slowest assets", "seconds", "rows"), slowest_assets(run)),
            "",
            format_table(
                ("most memory during", "process MB", "children MB"),
                [
                    (p["step"], p["process_mb"], p["children_mb"])
                    for p in run.get("step_peak_rss", [])[:5]
                ],
            ),
            "",
        ]
    floor = results["baselines"]["dagster_floor"]
    parts.append(
        "Dagster floor (one-asset graph): materialize in process "
        f"{floor['in_process_materialize']['median_seconds']} s, execute_job on an instance "
        f"(multiprocess) {floor['instance_multiprocess_execute_job']['median_seconds']} s"
    )
    for item in results["baselines"]["xlsx_parsing"]:
        parts.append(
            f"xlsx {item['input']} ({item['rows']:,} rows): project "
            f"{item['project_parser_seconds']} s vs pandas+openpyxl "
            f"{item['pandas_openpyxl_seconds']} s -> {item['speedup']}x"
        )
    targets = [(t["name"], t["goal"], t["measured"], t["verdict"]) for t in results["targets"]]
    parts += ["", format_table(("target", "goal", "measured", "verdict"), targets)]
    return "\n".join(parts)
