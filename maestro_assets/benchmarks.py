"""`make bench`: measure the heavy paths against baselines and write bench/results.json.

- xlsx parsing: the project's PJM parser against pandas + openpyxl reading the same sheet,
  on the real PJM export (when ../shared/realdata is present) and on a generated
  100,000-row workbook in the same layout;
- a full build of every asset from a snapshot generated at SCALE x the bundled one: wall
  seconds per run, peak RSS, rows per table.

A benchmark, not a test: it reports numbers and the targets, and fails nothing.
"""

import argparse
import io
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import xlsxwriter
from dagster import DagsterInstance

from maestro_assets.definitions import build_definitions
from maestro_assets.demo import build_everything
from maestro_assets.lib.settings import PROJECT_ROOT, Settings
from maestro_assets.lib.sources import pjm_queue
from maestro_assets.lib.synthetic.__main__ import write_all
from maestro_assets.lib.synthetic.pjm_queue import (
    DATA_SHEET,
    VINTAGES,
    export_columns,
    export_row,
    simulate_queue,
)
from maestro_assets.lib.warehouse import connect_for_reading, table_counts

REAL_PJM = PROJECT_ROOT.parent / "shared" / "realdata" / "queues" / "pjm_queue_export_2025-01.xlsx"
XLSX_SPEEDUP_TARGET = 5.0


def best_of(repeats: int, run: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def pandas_openpyxl(content: bytes) -> object:
    import pandas  # the baseline is an optional extra (.[bench])

    return pandas.read_excel(io.BytesIO(content), sheet_name="Data", engine="openpyxl")


def xlsx_comparison(label: str, content: bytes, repeats: int = 3) -> dict:
    rows = pjm_queue.parse(content, label).frame.height
    ours = best_of(repeats, lambda: pjm_queue.parse(content, label))
    baseline = best_of(repeats, lambda: pandas_openpyxl(content))
    return {
        "input": label,
        "rows": rows,
        "project_parser_seconds": round(ours, 4),
        "pandas_openpyxl_seconds": round(baseline, 4),
        "speedup": round(baseline / ours, 1),
        "target_speedup": XLSX_SPEEDUP_TARGET,
        "meets_target": baseline / ours >= XLSX_SPEEDUP_TARGET,
    }


def generated_pjm_workbook(rows: int) -> bytes:
    """A PJM-layout export of `rows` requests: the synthetic queue's last pull, repeated with
    fresh queue positions until it is long enough."""
    pull = len(VINTAGES) - 1
    columns = export_columns(pull)
    listed = [(r, r.listings[pull]) for r in simulate_queue() if r.listings[pull] is not None]
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True, "constant_memory": True})
    sheet = workbook.add_worksheet(DATA_SHEET)
    sheet.write_row(0, 0, columns)
    for index in range(rows):
        request, listing = listed[index % len(listed)]
        cells = export_row(request, listing)
        cells["Project ID"] = f"ZZ{index:06d}"
        sheet.write_row(index + 1, 0, [cells.get(c) for c in columns])
    workbook.close()
    return output.getvalue()


def full_build(scale: int) -> dict:
    """Generate the snapshot at `scale`, build every asset into a fresh warehouse."""
    with tempfile.TemporaryDirectory() as work:
        root = Path(work)
        started = time.perf_counter()
        write_all(root / "snapshots", scale=scale)
        generated = time.perf_counter() - started
        settings = Settings.from_env(
            {
                "MAESTRO_DATA_DIR": str(root / "data"),
                "MAESTRO_SNAPSHOT_DIR": str(root / "snapshots"),
                "MAESTRO_AS_OF": "2026-10-01",
            }
        )
        os.environ["MAESTRO_DUCKDB_PATH"] = str(settings.duckdb_path)
        started = time.perf_counter()
        outcome = build_everything(build_definitions(settings), DagsterInstance.ephemeral())
        built = time.perf_counter() - started
        with connect_for_reading(settings.duckdb_path) as connection:
            rows = {f"{s}.{t}": n for s, t, n in table_counts(connection)}
    return {
        "scale": scale,
        "generate_seconds": round(generated, 2),
        "build_seconds": round(built, 2),
        "runs": [{"run": name, "ok": ok} for name, ok in outcome.runs],
        "rows_per_table": rows,
    }


def peak_rss_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maestro_assets.benchmarks")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    results: dict = {"scale": args.scale, "xlsx_parsing": []}
    if REAL_PJM.exists():
        results["xlsx_parsing"].append(xlsx_comparison(REAL_PJM.name, REAL_PJM.read_bytes()))
    results["xlsx_parsing"].append(
        xlsx_comparison("generated 100k-row PJM workbook", generated_pjm_workbook(100_000), 1)
    )
    results["full_build"] = full_build(args.scale)
    results["peak_rss_mb"] = peak_rss_mb()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(summary(results))
    return 0


def summary(results: dict) -> str:
    lines = [f"scale {results['scale']}"]
    for item in results["xlsx_parsing"]:
        lines.append(
            f"xlsx {item['input']} ({item['rows']} rows): project {item['project_parser_seconds']}s"
            f" vs pandas+openpyxl {item['pandas_openpyxl_seconds']}s -> {item['speedup']}x"
            f" (target >= {item['target_speedup']}x: {'met' if item['meets_target'] else 'MISSED'})"
        )
    build = results["full_build"]
    lines.append(
        f"full build: generate {build['generate_seconds']}s, build {build['build_seconds']}s, "
        f"peak RSS {results['peak_rss_mb']} MB"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
