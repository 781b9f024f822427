"""How cost grows with volume between two scales: per stage, the cost ratio against the row
ratio. A stage grows no faster than linearly when its cost ratio is at most its row ratio
(its seconds per row did not rise), give or take TOLERANCE for timing noise. Stages too short
to time (under MIN_SECONDS at the smaller scale) are listed but not judged: their ratio is
noise and fixed overhead.
"""

from __future__ import annotations

import math

MIN_SECONDS = 0.5
TOLERANCE = 1.1  # a cost ratio within 10 % above the row ratio is noise, not a trend


def stage_costs(run: dict) -> dict[str, tuple[float, int]]:
    """(seconds, rows) per stage of one scale's result: generation and the whole build against
    every raw row, each asset against its own table's rows."""
    rows = run["rows_per_table"]
    raw_rows = run["volumes"]["raw_rows"]
    stages = {
        "generate (all sources)": (run["generate_seconds"], raw_rows),
        "build (every run)": (run["build_seconds"], raw_rows),
    }
    for asset, seconds in run["asset_seconds"].items():
        if rows.get(asset):
            stages[asset] = (seconds, rows[asset])
    return stages


def growth_row(stage: str, small: tuple[float, int], large: tuple[float, int]) -> dict:
    (small_seconds, small_rows), (large_seconds, large_rows) = small, large
    row_ratio = large_rows / small_rows
    cost_ratio = large_seconds / small_seconds if small_seconds > 0 else None
    judged = small_seconds >= MIN_SECONDS and large_seconds > 0 and row_ratio > 1
    return {
        "stage": stage,
        "seconds": [small_seconds, large_seconds],
        "rows": [small_rows, large_rows],
        "row_ratio": round(row_ratio, 2),
        "cost_ratio": None if cost_ratio is None else round(cost_ratio, 2),
        "exponent": round(math.log(cost_ratio) / math.log(row_ratio), 2) if judged else None,
        "judged": judged,
        "no_faster_than_linear": cost_ratio <= row_ratio * TOLERANCE if judged else None,
    }


def growth(small_run: dict, large_run: dict) -> dict:
    """Every stage both scales timed, and the judged ones that grew faster than linearly."""
    small, large = stage_costs(small_run), stage_costs(large_run)
    rows = [growth_row(stage, small[stage], large[stage]) for stage in small if stage in large]
    judged = [row for row in rows if row["judged"]]
    return {
        "scales": [small_run["scale"], large_run["scale"]],
        "stages": rows,
        "superlinear": [row["stage"] for row in judged if not row["no_faster_than_linear"]],
        "judged": len(judged),
    }
