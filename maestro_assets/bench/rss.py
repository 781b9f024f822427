"""Resident memory: the peaks the kernel keeps, and a sampler that tells which step held it.

`peak_rss_mb` reads `ru_maxrss` of this process and of its largest finished child. The sampler
reads /proc (Linux) every SAMPLE_SECONDS: this process's resident set and the sum of its live
children's (the dbt subprocesses), so each step's peak can be read off its time window.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from maestro_assets.bench.timings import StepTiming

SAMPLE_SECONDS = 0.25
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


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


def resident_mb(pid: int | str = "self") -> float:
    """A process's resident set now, MB (0 when it has just ended)."""
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_MB
    except (OSError, IndexError, ValueError):
        return 0.0


def child_pids() -> list[int]:
    pids = []
    for task in Path("/proc/self/task").iterdir():
        try:
            pids += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue
    return pids


@dataclass(frozen=True)
class Sample:
    at: float  # epoch seconds
    own_mb: float
    children_mb: float


@dataclass
class RssSampler:
    samples: list[Sample] = field(default_factory=list)

    def sample(self) -> None:
        children = sum(resident_mb(pid) for pid in child_pids())
        self.samples.append(Sample(time.time(), resident_mb(), children))


@contextmanager
def sampling(interval: float = SAMPLE_SECONDS) -> Iterator[RssSampler]:
    """Sample in a daemon thread while the block runs."""
    sampler, stop = RssSampler(), threading.Event()

    def run() -> None:
        while not stop.wait(interval):
            sampler.sample()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield sampler
    finally:
        stop.set()
        thread.join()


def step_peaks(steps: Iterable[StepTiming], samples: list[Sample], count: int = 10) -> list[dict]:
    """The `count` steps whose window saw the most resident memory (this process + children),
    with the peak of each part; steps too short to be sampled are left out."""
    peaks = []
    for step in steps:
        window = [s for s in samples if step.started <= s.at <= step.ended]
        if not window:
            continue
        top = max(window, key=lambda s: s.own_mb + s.children_mb)
        peaks.append(
            {
                "step": step.step_key,
                "assets": len(step.assets),
                "process_mb": round(max(s.own_mb for s in window), 1),
                "children_mb": round(max(s.children_mb for s in window), 1),
                "total_mb": round(top.own_mb + top.children_mb, 1),
            }
        )
    return sorted(peaks, key=lambda peak: -peak["total_mb"])[:count]
