"""Organization matching: the project's method against an all-pairs fuzzy comparison.

The measurement belongs to the organizations library (`maestro_assets.lib.organizations.
benchmark.bench_matching`): its method and an all-pairs comparison on a generated set of 20,000
names with known truth (time, precision, recall), and matching 100,000 x 100,000 names. Until
that module exists the benchmark reports it as not available.
"""

from __future__ import annotations

import importlib

MATCHING_MODULE = "maestro_assets.lib.organizations.benchmark"
MATCH_SETS_NAMES = 100_000
ALL_PAIRS_NAMES = 20_000
MATCH_SETS = (
    f"match_sets_{MATCH_SETS_NAMES}x{MATCH_SETS_NAMES}"  # its result's key: seconds, precision
)


def organization_matching() -> dict:
    try:
        module = importlib.import_module(MATCHING_MODULE)
    except ImportError as error:
        return {"available": False, "reason": f"{MATCHING_MODULE} cannot be imported: {error}"}
    measured = module.bench_matching(MATCH_SETS_NAMES, all_pairs_names=ALL_PAIRS_NAMES)
    return {"available": True, **measured}
