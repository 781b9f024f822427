"""`make bench [SCALE=N]`: `python -m maestro_assets.bench --scale N [--scales 1,N] --out FILE`.

Builds every asset at each scale (SCALE=1, and for N > 1 also SCALE=1 to measure growth), each
in its own process and a fresh warehouse and instance, measures the baselines side by side in
this process, and writes bench/results.json, bench/summary.txt and one log per build.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from maestro_assets.bench.floor import measure_floor
from maestro_assets.bench.growth import growth
from maestro_assets.bench.matching import organization_matching
from maestro_assets.bench.report import results_document, summary
from maestro_assets.bench.xlsx import xlsx_comparisons
from maestro_assets.lib.settings import PROJECT_ROOT


def scales_to_run(scale: int, scales: list[int] | None) -> list[int]:
    """The scales to build, smallest first: the requested one, and SCALE=1 beside any larger
    one so that growth is measured in the same invocation."""
    chosen = set(scales or ()) | {scale}
    if not scales and scale > 1:
        chosen.add(1)
    return sorted(chosen)


def scale_list(text: str) -> list[int]:
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"scales must be positive integers, not {text!r}")
    return values


def run_child(module: str, arguments: list[str], log: Path) -> dict:
    """`python -m module arguments --result R` with its output in `log`; R's JSON."""
    with tempfile.TemporaryDirectory() as scratch:
        result = Path(scratch) / "result.json"
        command = [sys.executable, "-m", module, *arguments, "--result", str(result)]
        with log.open("a") as output:
            finished = subprocess.run(command, stdout=output, stderr=subprocess.STDOUT, check=False)
        if finished.returncode != 0:
            raise SystemExit(f"{module} stopped (exit {finished.returncode}); see {log}")
        return json.loads(result.read_text())


def build_at(scale: int, epochs: int | None, log_dir: Path) -> dict:
    """Generate, then build, each in its own process (output in bench/build-scale-N.log)."""
    log = log_dir / f"build-scale-{scale}.log"
    log.write_text("")
    with tempfile.TemporaryDirectory(prefix=f"maestro-bench-{scale}-") as work:
        arguments = [str(Path(work) / "snapshots"), "--scale", str(scale)]
        if epochs is not None:
            arguments += ["--epochs", str(epochs)]
        generated = run_child("maestro_assets.bench.generator", arguments, log)
        built = run_child(
            "maestro_assets.bench.build", ["--scale", str(scale), "--work", work], log
        )
    return {"scale": scale, **generated, **built}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maestro_assets.bench")
    parser.add_argument("--scale", type=int, default=1, help="the scale results.json reports")
    parser.add_argument("--scales", type=scale_list, help="comma-separated scales to build")
    parser.add_argument("--epochs", type=int, help="history epochs (default: from the scale)")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "bench" / "results.json")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    runs = [
        build_at(s, args.epochs, args.out.parent) for s in scales_to_run(args.scale, args.scales)
    ]
    baselines = {
        "xlsx_parsing": xlsx_comparisons(),
        "organization_matching": organization_matching(),
        "dagster_floor": measure_floor(),
    }
    measured_growth = [growth(small, large) for small, large in itertools.pairwise(runs)]
    results = results_document(
        args.scale, runs, baselines, measured_growth, time.perf_counter() - started
    )
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    text = summary(results)
    (args.out.parent / "summary.txt").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
