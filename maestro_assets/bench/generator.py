"""The benchmark's inputs: the synthetic snapshot at SCALE x, in the real layouts.

SCALE=N multiplies what every writer draws (the fleet, each queue, the documents) by N through
its `scale`, and repeats each pipeline source's recorded history `history_epochs(N)` times
further back in time, so that rows grow with vintages as they do for a user with years of
monthly files (the opposition sources' documents grow with N alone: the same files recorded
again under earlier vintages would restate the same documents, not add any):

- dated-vintage queues: every recorded response is recorded again for earlier vintages, one
  epoch (the span of the recorded vintages plus one step) earlier each time; the bodies are
  shared, the URLs kept, except where the request itself names the day (ISO-NE's ReportDate);
- EIA-860M and the EIA API: real workbooks and pages for earlier data months, each epoch the
  six-month window six months earlier, listing the window's generators (older months in the
  older layout), back to the first monthly partition.

The recorded vintages of SCALE=1 are the bundled snapshot's, byte for byte.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from maestro_assets.bench.rss import peak_rss_mb
from maestro_assets.defs.sources.landing import MONTHLY_VINTAGES
from maestro_assets.lib.http import SNAPSHOT_INDEX, write_snapshot_index
from maestro_assets.lib.months import add_months
from maestro_assets.lib.sources import isone_queue
from maestro_assets.lib.sources.pjm_queue import DATA_SHEET, EXPORT_REQUEST
from maestro_assets.lib.sources.registry import ADAPTERS
from maestro_assets.lib.synthetic.__main__ import WRITERS
from maestro_assets.lib.synthetic.eia860m import (
    DEFAULT_SEED as FLEET_SEED,
)
from maestro_assets.lib.synthetic.eia860m import (
    WINDOW_MONTHS,
    XLSX,
    GeneratorMonth,
    simulate_fleet,
    write_fleet_workbooks,
)
from maestro_assets.lib.synthetic.eia_api import write_month_pages
from maestro_assets.lib.synthetic.pjm_queue import (
    PUBLISHED_AT,
    VINTAGES,
    Request,
    export_columns,
    export_row,
    simulate_queue,
)
from maestro_assets.lib.synthetic.queue_fleet import new_workbook, published_at, write_cells
from maestro_assets.lib.synthetic.recording import record_response

SCALE_PER_HISTORY_EPOCH = 8  # SCALE=100: 13 epochs, 6½ years of monthly EIA files
DEFAULT_STEP = timedelta(days=30)  # the step after a source's last vintage, if it has one
FIRST_DATA_MONTH = MONTHLY_VINTAGES.start.date()
Fleet = dict[date, list[GeneratorMonth]]

# Requests that name the day they ask for: the URL of each earlier vintage.
URL_FOR_VINTAGE: dict[str, Callable[[date], str]] = {
    "isone_queue": lambda vintage: isone_queue.export_request(vintage).public_url,
}
HISTORY_DOMAIN = "pipeline"  # the sources whose recorded history is repeated
DOMAINS = {adapter.spec.source_id: adapter.spec.domain for adapter in ADAPTERS}


def history_epochs(scale: int) -> int:
    """How many times each source's recorded history is repeated at `scale`."""
    return max(1, math.ceil(scale / SCALE_PER_HISTORY_EPOCH))


# --- dated-vintage sources -------------------------------------------------------------------


def epoch_length(vintages: Sequence[date]) -> timedelta:
    """The recorded vintages' span plus one step (their smallest gap), so epochs never meet."""
    ordered = sorted(set(vintages))
    gaps = [later - earlier for earlier, later in itertools.pairwise(ordered)]
    return (ordered[-1] - ordered[0]) + min(gaps, default=DEFAULT_STEP)


def earlier_entries(entries: list[dict], epochs: int, source_id: str) -> list[dict]:
    """`entries` recorded again for `epochs - 1` earlier epochs (entries without a vintage
    are shared by every vintage and left alone)."""
    dated = [e for e in entries if e.get("vintage")]
    if not dated or epochs <= 1:
        return []
    length = epoch_length([date.fromisoformat(e["vintage"]) for e in dated])
    url_for = URL_FOR_VINTAGE.get(source_id)
    repeated = []
    for epoch in range(1, epochs):
        for entry in dated:
            vintage = date.fromisoformat(entry["vintage"]) - epoch * length
            url = url_for(vintage) if url_for else entry["url"]
            repeated.append({**entry, "url": url, "vintage": vintage.isoformat()})
    return repeated


def read_index(source_dir: Path) -> list[dict]:
    return json.loads((source_dir / SNAPSHOT_INDEX).read_text())["responses"]


def extend_recorded_history(source_dir: Path, epochs: int) -> list[date]:
    """Record the source's responses again for earlier vintages; return every vintage."""
    entries = read_index(source_dir)
    entries += earlier_entries(entries, epochs, source_dir.name)
    write_snapshot_index(source_dir, entries)
    return sorted({date.fromisoformat(e["vintage"]) for e in entries if e.get("vintage")})


# --- data-month sources (EIA) ----------------------------------------------------------------


def earlier_months(window: Sequence[date], epochs: int) -> dict[date, date]:
    """Each earlier data month → the window month it repeats, from the first data month on."""
    months = {}
    for epoch in range(1, epochs):
        for month in window:
            earlier = add_months(month, -epoch * len(window))
            if earlier >= FIRST_DATA_MONTH:
                months[earlier] = month
    return months


def extended_fleet(fleet: Fleet, epochs: int) -> Fleet:
    """The fleet with earlier months listing their window month's generators (a month the
    fleet already has, like the older-layout one, keeps its own listing)."""
    extended = dict(fleet)
    for month, window_month in earlier_months(WINDOW_MONTHS, epochs).items():
        if month not in extended:
            extended[month] = [replace(record, month=month) for record in fleet[window_month]]
    return dict(sorted(extended.items()))


def write_eia_sources(out_dir: Path, scale: int, epochs: int) -> dict[str, list[date]]:
    fleet = extended_fleet(simulate_fleet(scale, FLEET_SEED), epochs)
    api_months = [*earlier_months(WINDOW_MONTHS, epochs), *WINDOW_MONTHS]
    return {
        "eia860m": write_fleet_workbooks(out_dir / "eia860m", fleet),
        "eia_api_generator_capacity": write_month_pages(
            out_dir / "eia_api_generator_capacity", fleet, api_months
        ),
    }


# --- the whole snapshot ----------------------------------------------------------------------


def write_benchmark_snapshot(
    out_dir: Path, scale: int, epochs: int | None = None
) -> dict[str, list[date]]:
    """Every source's snapshot under out_dir/<source_id>: `scale` x the rows and documents,
    `epochs` x the history (default `history_epochs(scale)`); returns each source's vintages."""
    epochs = history_epochs(scale) if epochs is None else epochs
    vintages = write_eia_sources(out_dir, scale, epochs)
    for source_id, write in WRITERS:
        if source_id in vintages:
            continue
        written = write(out_dir / source_id, scale=scale)
        repeated = DOMAINS.get(source_id) == HISTORY_DOMAIN
        vintages[source_id] = (
            extend_recorded_history(out_dir / source_id, epochs) if repeated else written
        )
    return vintages


# --- PJM exports beyond the snapshot ---------------------------------------------------------


def pjm_export(rows: Iterable[dict], columns: Sequence[str], published: datetime) -> bytes:
    """A PJM export workbook (sheet Data) of `rows`, each a dict by header text."""
    workbook, output = new_workbook(published, "PJM Queue")
    sheet = workbook.add_worksheet(DATA_SHEET)
    sheet.write_row(0, 0, columns)
    for index, cells in enumerate(rows, start=1):
        write_cells(sheet, index, [cells.get(column) for column in columns])
    workbook.close()
    return output.getvalue()


def last_pull_rows(requests: Iterable[Request]) -> list[dict]:
    """The cells of every request the last recorded pull lists."""
    pull = len(VINTAGES) - 1
    return [export_row(r, r.listings[pull]) for r in requests if r.listings[pull] is not None]


def generated_pjm_workbook(rows: int) -> bytes:
    """A PJM export of `rows` requests: the last pull's, repeated under fresh Project IDs."""
    listed = last_pull_rows(simulate_queue())
    cells = (
        {**listed[index % len(listed)], "Project ID": f"ZZ{index:06d}"} for index in range(rows)
    )
    return pjm_export(
        cells, export_columns(len(VINTAGES) - 1), published_at(VINTAGES[-1], PUBLISHED_AT)
    )


WITHDRAW_EVERY = 10  # in the next pull, every tenth request still active is withdrawn


def next_pull_rows(rows: list[dict], vintage: date) -> list[dict]:
    """The last pull one month later: every tenth active request withdrawn on `vintage`."""
    active = [r for r in rows if r["Status"] != "Withdrawn" and r["Withdrawal Date"] is None]
    leaving = {id(r) for r in active[::WITHDRAW_EVERY]}
    withdrawal = f"{vintage.month}/{vintage.day}/{vintage.year}"
    return [
        {**r, "Status": "Withdrawn", "Withdrawal Date": withdrawal} if id(r) in leaving else r
        for r in rows
    ]


def record_next_pjm_vintage(snapshot_dir: Path, scale: int) -> date:
    """Record PJM's next monthly export (after the last recorded vintage) in the snapshot, as
    if the publisher had just posted it; return its vintage."""
    source_dir = snapshot_dir / "pjm_queue"
    entries = read_index(source_dir)
    vintage = add_months(max(date.fromisoformat(e["vintage"]) for e in entries), 1)
    rows = next_pull_rows(last_pull_rows(simulate_queue(scale)), vintage)
    published = published_at(vintage, PUBLISHED_AT)
    content = pjm_export(rows, export_columns(len(VINTAGES) - 1), published)
    body = f"exports/{vintage.isoformat()}/PlanningQueues.xlsx"
    entries.append(
        record_response(
            source_dir, EXPORT_REQUEST.public_url, body, content, XLSX, published, vintage
        )
    )
    write_snapshot_index(source_dir, entries)
    return vintage


# --- `python -m maestro_assets.bench.generator OUT --scale N [--epochs E] --result FILE` -------


def main(argv: list[str] | None = None) -> int:
    """Generate in a process of its own, so its memory is not counted as the build's."""
    parser = argparse.ArgumentParser(prog="python -m maestro_assets.bench.generator")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--result", type=Path, required=True)
    args = parser.parse_args(argv)
    epochs = history_epochs(args.scale) if args.epochs is None else args.epochs
    started = time.perf_counter()
    vintages = write_benchmark_snapshot(args.out_dir, args.scale, epochs)
    result = {
        "history_epochs": epochs,
        "vintages": sum(len(v) for v in vintages.values()),
        "generate_seconds": round(time.perf_counter() - started, 2),
        "generate_peak_rss": peak_rss_mb(),
    }
    args.result.write_text(json.dumps(result, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
