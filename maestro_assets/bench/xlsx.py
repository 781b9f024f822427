"""xlsx parsing: the project's PJM parser against pandas + openpyxl reading the same sheet,
on the real PJM export (when ../shared/realdata is present) and on a generated 100,000-row
workbook in the same layout. Best of a few runs each, side by side in one process."""

from __future__ import annotations

import io
import time
from collections.abc import Callable

from maestro_assets.bench.generator import generated_pjm_workbook
from maestro_assets.lib.settings import PROJECT_ROOT
from maestro_assets.lib.sources import pjm_queue
from maestro_assets.lib.sources.pjm_queue import DATA_SHEET

REAL_PJM = PROJECT_ROOT.parent / "shared" / "realdata" / "queues" / "pjm_queue_export_2025-01.xlsx"
GENERATED_ROWS = 100_000
SPEEDUP_TARGET = 5.0


def best_of(repeats: int, run: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return min(timings)


def pandas_openpyxl(content: bytes) -> object:
    import pandas  # the baseline is an optional extra (.[bench])

    return pandas.read_excel(io.BytesIO(content), sheet_name=DATA_SHEET, engine="openpyxl")


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
    }


def xlsx_comparisons() -> list[dict]:
    comparisons = []
    if REAL_PJM.exists():
        comparisons.append(xlsx_comparison(REAL_PJM.name, REAL_PJM.read_bytes()))
    generated = generated_pjm_workbook(GENERATED_ROWS)
    comparisons.append(
        xlsx_comparison(f"generated {GENERATED_ROWS:,}-row PJM workbook", generated, 1)
    )
    return comparisons
