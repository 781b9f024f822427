"""Peak resident set size of the current process and of its children."""

from __future__ import annotations

import resource


def peak_rss_mb() -> dict[str, float]:
    """Peak resident set size, MB (Linux reports KiB): this process, and its largest child.
    They do not add up to one peak: dbt runs while this process holds its own memory, so the
    true peak lies between the larger of the two and their sum."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "process_mb": round(own, 1),
        "largest_child_mb": round(child, 1),
        "upper_bound_mb": round(own + child, 1),
    }
