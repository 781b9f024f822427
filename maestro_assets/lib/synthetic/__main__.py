"""`python -m maestro_assets.lib.synthetic OUT_DIR [--scale N] [--seed S]`: write the snapshot."""

from __future__ import annotations

import argparse
from pathlib import Path

from maestro_assets.lib.sources import eia860m, eia_api
from maestro_assets.lib.synthetic.eia860m import DEFAULT_SEED, write_eia860m_snapshot
from maestro_assets.lib.synthetic.eia_api import write_eia_api_snapshot

WRITERS = (
    (eia860m.SPEC.source_id, write_eia860m_snapshot),
    (eia_api.SPEC.source_id, write_eia_api_snapshot),
)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m maestro_assets.lib.synthetic",
        description="Write the deterministic offline snapshot of the synthetic sources.",
    )
    parser.add_argument("out_dir", type=Path, help="normally data/snapshots")
    parser.add_argument("--scale", type=positive_int, default=1, help="multiplies the fleet")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    for source_id, write in WRITERS:
        source_dir = args.out_dir / source_id
        months = write(source_dir, scale=args.scale, seed=args.seed)
        print(f"{source_id}: {len(months)} months, {months[0]:%Y-%m} to {months[-1]:%Y-%m}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
