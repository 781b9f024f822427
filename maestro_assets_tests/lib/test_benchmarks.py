"""The benchmark's pure helpers: growth math, history epochs, timings from events, the report.

Nothing here times anything or builds a warehouse; `make bench` does that.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from maestro_assets.bench.__main__ import scales_to_run
from maestro_assets.bench.build import volumes
from maestro_assets.bench.generator import (
    DEFAULT_STEP,
    FIRST_DATA_MONTH,
    WITHDRAW_EVERY,
    earlier_entries,
    earlier_months,
    epoch_length,
    extended_fleet,
    history_epochs,
    next_pull_rows,
)
from maestro_assets.bench.growth import growth, growth_row
from maestro_assets.bench.llm_stub import running_stub
from maestro_assets.bench.matching import MATCH_SETS
from maestro_assets.bench.report import results_document
from maestro_assets.bench.rss import Sample, step_peaks
from maestro_assets.bench.timings import LoggedEvent, StepTiming, asset_seconds, step_timings
from maestro_assets.lib.months import add_months
from maestro_assets.lib.sources import isone_queue
from maestro_assets.lib.synthetic.eia860m import WINDOW_MONTHS

# --- growth -------------------------------------------------------------------------------------


def test_a_stage_whose_seconds_grow_with_its_rows_is_linear():
    row = growth_row("raw.pjm_queue__projects", (2.0, 100), (20.0, 1000))
    assert row["row_ratio"] == 10
    assert row["cost_ratio"] == 10
    assert row["exponent"] == pytest.approx(1.0)
    assert row["no_faster_than_linear"] is True


def test_a_stage_whose_seconds_per_row_rise_grows_faster_than_linearly():
    row = growth_row("marts.dim_project", (2.0, 100), (50.0, 1000))
    assert row["no_faster_than_linear"] is False
    assert row["exponent"] > 1


def test_a_stage_too_short_to_time_is_listed_but_not_judged():
    row = growth_row("meta.signal_lineage", (0.01, 10), (0.5, 100))
    assert row["judged"] is False
    assert row["no_faster_than_linear"] is None
    assert row["exponent"] is None


def fake_run(scale: int, build_seconds: float, assets: dict[str, tuple[float, int]]) -> dict:
    rows = {asset: count for asset, (_, count) in assets.items()}
    return {
        "scale": scale,
        "history_epochs": 1,
        "vintages": 3 * scale,
        "generate_seconds": 1.0 * scale,
        "build_seconds": build_seconds,
        "build_ok": True,
        "runs": [],
        "asset_seconds": {asset: seconds for asset, (seconds, _) in assets.items()},
        "step_seconds": [],
        "llm_calls": 0,
        "rows_per_table": rows,
        "volumes": {
            "queue_rows": rows.get("raw.pjm_queue__projects", 0),
            "generator_months": 0,
            "documents": 0,
            "raw_rows": sum(rows.values()),
        },
        "peak_rss": {"process_mb": 300.0, "largest_child_mb": 200.0, "upper_bound_mb": 500.0},
        "incremental": {
            "new_vintage": {
                "source": "pjm_queue",
                "requested": ["staging.stg_pjm_queue__projects"],
                "automated_downstream_closure": ["staging.stg_pjm_queue__projects"],
                "requested_outside_closure": [],
                "closure_not_requested": [],
                "all_assets_count": 40,
                "requested_equals_automated_closure": True,
            },
            "llm_extraction": {
                "first_run": {"ok": True, "seconds": 1.0, "llm_calls": 12, "failure": None},
                "rerun": {"ok": True, "seconds": 0.5, "llm_calls": 0, "failure": None},
            },
        },
    }


def test_growth_names_the_stages_that_grew_faster_than_their_rows():
    small = fake_run(1, 10.0, {"raw.pjm_queue__projects": (1.0, 100), "marts.x": (1.0, 100)})
    large = fake_run(10, 90.0, {"raw.pjm_queue__projects": (8.0, 1000), "marts.x": (30.0, 1000)})
    measured = growth(small, large)
    assert measured["scales"] == [1, 10]
    assert measured["superlinear"] == ["marts.x"]
    assert {row["stage"] for row in measured["stages"]} >= {"raw.pjm_queue__projects", "marts.x"}


# --- history epochs ----------------------------------------------------------------------------


def test_history_grows_one_epoch_per_eight_units_of_scale():
    assert [history_epochs(s) for s in (1, 8, 9, 100)] == [1, 1, 2, 13]


def test_an_epoch_is_the_recorded_span_plus_the_smallest_gap():
    vintages = [date(2026, 6, 15), date(2026, 7, 15), date(2026, 8, 17)]
    assert epoch_length(vintages) == timedelta(days=63 + 30)
    assert epoch_length([date(2026, 6, 15)]) == DEFAULT_STEP


def entry(url: str, vintage: str | None) -> dict:
    recorded = {"url": url, "status": 200, "headers": {}, "body": "b"}
    return recorded if vintage is None else {**recorded, "vintage": vintage}


def test_earlier_epochs_repeat_every_dated_response_before_the_recorded_ones():
    entries = [
        entry("https://example.org/queue.xlsx", "2026-06-15"),
        entry("https://example.org/queue.xlsx", "2026-07-15"),
        entry("https://example.org/landing", None),
    ]
    repeated = earlier_entries(entries, 3, "pjm_queue")
    vintages = sorted(date.fromisoformat(e["vintage"]) for e in repeated)
    assert len(repeated) == 4  # two dated entries, two earlier epochs; the undated one shared
    assert max(vintages) < date(2026, 6, 15)
    assert len(set(vintages)) == 4
    assert {e["url"] for e in repeated} == {"https://example.org/queue.xlsx"}


def test_an_earlier_iso_ne_export_is_asked_for_by_its_own_day():
    recorded = isone_queue.export_request(date(2026, 6, 23)).public_url
    repeated = earlier_entries([entry(recorded, "2026-06-23")], 2, "isone_queue")
    (earlier,) = repeated
    vintage = date.fromisoformat(earlier["vintage"])
    assert earlier["url"] == isone_queue.export_request(vintage).public_url != recorded


def test_a_single_epoch_adds_nothing():
    assert earlier_entries([entry("https://example.org/q", "2026-06-15")], 1, "pjm_queue") == []


def test_earlier_data_months_stop_at_the_first_monthly_partition():
    months = earlier_months(WINDOW_MONTHS, 1000)
    assert min(months) >= FIRST_DATA_MONTH
    assert set(months).isdisjoint(WINDOW_MONTHS)
    for month, window_month in months.items():
        apart = (window_month.year - month.year) * 12 + window_month.month - month.month
        assert apart > 0 and apart % len(WINDOW_MONTHS) == 0


@dataclass(frozen=True)
class Listed:
    name: str
    month: date


def test_an_extended_fleet_lists_the_window_generators_in_earlier_months():
    fleet = {m: [Listed(f"unit listed {m}", m)] for m in WINDOW_MONTHS}
    own_month = add_months(WINDOW_MONTHS[0], -len(WINDOW_MONTHS))  # already in the fleet
    fleet[own_month] = [Listed("its own listing", own_month)]
    extended = extended_fleet(fleet, 3)
    assert len(extended) == 3 * len(WINDOW_MONTHS)
    assert extended[own_month] == [Listed("its own listing", own_month)]
    earlier = add_months(WINDOW_MONTHS[1], -2 * len(WINDOW_MONTHS))
    assert extended[earlier] == [Listed(f"unit listed {WINDOW_MONTHS[1]}", earlier)]
    assert list(extended) == sorted(extended)


def test_the_next_pull_withdraws_every_tenth_active_request_on_its_day():
    rows = [
        {"Project ID": f"AB{i}", "Status": "Active", "Withdrawal Date": None} for i in range(25)
    ]
    rows.insert(3, {"Project ID": "OLD", "Status": "Withdrawn", "Withdrawal Date": "1/2/2020"})
    after = next_pull_rows(rows, date(2026, 9, 17))
    withdrawn = [r["Project ID"] for r in after if r["Withdrawal Date"] == "9/17/2026"]
    assert withdrawn == ["AB0", "AB10", "AB20"]
    assert len(withdrawn) == -(-25 // WITHDRAW_EVERY)
    assert after[3] == rows[3]  # already withdrawn: untouched
    assert [r["Project ID"] for r in after] == [r["Project ID"] for r in rows]


# --- timings from the event log ----------------------------------------------------------------


def test_each_step_is_timed_from_its_start_to_its_end_and_credited_to_its_one_asset():
    events = [
        LoggedEvent("run1", "pjm", "start", 100.0),
        LoggedEvent("run1", "pjm", "asset", 101.0, "raw.pjm_queue__projects"),
        LoggedEvent("run1", "pjm", "end", 102.5),
        LoggedEvent("run2", "pjm", "start", 200.0),
        LoggedEvent("run2", "pjm", "asset", 200.5, "raw.pjm_queue__projects"),
        LoggedEvent("run2", "pjm", "asset", 200.7, "raw.pjm_queue__projects"),  # a 2nd vintage
        LoggedEvent("run2", "pjm", "end", 201.0),
        LoggedEvent("run3", "dbt", "start", 300.0),
        LoggedEvent("run3", "dbt", "asset", 303.0, "staging.a", dbt_seconds=0.75),
        LoggedEvent("run3", "dbt", "asset", 305.0, "marts.b", dbt_seconds=1.25),
        LoggedEvent("run3", "dbt", "end", 310.0),
        LoggedEvent("run3", "never_ended", "start", 311.0),
    ]
    steps = step_timings(events)
    assert [(s.run_id, s.step_key, s.seconds) for s in steps] == [
        ("run1", "pjm", 2.5),
        ("run2", "pjm", 1.0),
        ("run3", "dbt", 10.0),
    ]
    assert asset_seconds(steps, events) == {
        "marts.b": 1.25,
        "raw.pjm_queue__projects": 3.5,
        "staging.a": 0.75,
    }


# --- the report ---------------------------------------------------------------------------------


BASELINES = {
    "xlsx_parsing": [
        {
            "input": "generated",
            "rows": 10,
            "project_parser_seconds": 0.1,
            "pandas_openpyxl_seconds": 1.0,
            "speedup": 10.0,
        }
    ],
    "organization_matching": {"available": False, "reason": "not there yet"},
    "dagster_floor": {
        "in_process_materialize": {"runs": 1, "median_seconds": 0.03, "best_seconds": 0.03},
        "instance_multiprocess_execute_job": {
            "runs": 1,
            "median_seconds": 1.7,
            "best_seconds": 1.7,
        },
    },
}


def verdicts(results: dict) -> dict[str, str]:
    return {t["name"]: t["verdict"] for t in results["targets"]}


def test_results_carry_what_the_issue_asks_for_and_judge_only_what_was_measured():
    run = fake_run(1, 75.0, {"raw.pjm_queue__projects": (2.0, 100)})
    results = results_document(1, [run], BASELINES, [], 80.0)
    assert {
        "scale",
        "per_asset_wall_seconds",
        "total_wall_seconds",
        "peak_rss_mb",
        "rows_per_table",
        "llm_calls",
        "baselines",
        "targets",
    } <= set(results)
    assert results["total_wall_seconds"] == 75.0
    judged = verdicts(results)
    assert judged["full build, SCALE=1"] == "MISSED"  # 75 s against 60 s
    assert judged["full build, SCALE=100"] == "not measured"
    assert judged["queue rows, SCALE=100"] == "not measured"
    assert judged["per-stage growth"] == "not measured"
    assert judged["organization matching"] == "not measured"
    assert judged["re-run over unchanged documents"] == "met"
    assert judged["xlsx parsing"] == "met"
    json.dumps(results)  # results.json must serialize


def test_a_second_llm_pass_that_calls_again_misses_the_target():
    run = fake_run(1, 30.0, {"raw.pjm_queue__projects": (2.0, 100)})
    run["incremental"]["llm_extraction"]["rerun"]["llm_calls"] = 12
    results = results_document(1, [run], BASELINES, [], 40.0)
    assert verdicts(results)["re-run over unchanged documents"] == "MISSED"
    assert verdicts(results)["full build, SCALE=1"] == "met"


def test_matching_is_judged_from_the_match_sets_figures_when_reported():
    run = fake_run(1, 30.0, {"raw.pjm_queue__projects": (2.0, 100)})
    fast_but_loose = {"available": True, MATCH_SETS: {"seconds": 12.0, "precision": 0.95}}
    results = results_document(
        1, [run], {**BASELINES, "organization_matching": fast_but_loose}, [], 40.0
    )
    assert verdicts(results)["organization matching"] == "MISSED"


# --- the command line and the LLM stub ---------------------------------------------------------


def test_a_larger_scale_is_built_beside_scale_one_for_growth():
    assert scales_to_run(1, None) == [1]
    assert scales_to_run(100, None) == [1, 100]
    assert scales_to_run(10, [10, 50]) == [10, 50]


def test_the_stub_answers_like_an_openai_endpoint_and_counts_each_call():
    with running_stub(lambda system, user: json.dumps({"echo": user})) as stub:
        body = {"model": "m", "messages": [{"role": "user", "content": "hello"}]}
        request = urllib.request.Request(
            f"{stub.base_url}/chat/completions",
            data=json.dumps(body).encode(),
            headers={"content-type": "application/json"},
        )
        for _ in range(2):
            with urllib.request.urlopen(request, timeout=5) as response:
                reply = json.loads(response.read())
        assert stub.calls == 2
    content = reply["choices"][0]["message"]["content"]
    assert json.loads(content) == {"echo": "hello"}


def test_a_cost_ratio_within_the_noise_tolerance_still_counts_as_linear():
    assert growth_row("raw.x", (2.0, 100), (21.0, 1000))["no_faster_than_linear"] is True


def test_volumes_count_queue_rows_over_vintages_and_every_document_model():
    rows = {
        "raw.pjm_queue__projects": 30,
        "raw.miso_queue__projects": 20,
        "raw.eia860m__generators": 50,
        "staging.stg_pjm_queue__projects": 30,
        "staging.int_opposition_documents": 7,
        "staging.int_procurement_documents": 2,
        "staging.stg_opposition_news__documents": 100,
    }
    assert volumes(rows) == {
        "queue_rows": 50,
        "generator_months": 50,
        "documents": 9,
        "raw_rows": 100,
    }


def test_a_step_s_memory_peak_is_read_from_the_samples_inside_its_window():
    steps = [
        StepTiming("run", "raw__pjm", 2.0, ("raw.pjm_queue__projects",), 100.0, 102.0),
        StepTiming("run", "dbt", 5.0, ("staging.a", "marts.b"), 103.0, 108.0),
        StepTiming("run", "too_short", 0.01, (), 108.5, 108.51),
    ]
    samples = [
        Sample(101.0, 400.0, 0.0),
        Sample(104.0, 420.0, 900.0),
        Sample(107.0, 430.0, 2500.0),
        Sample(109.0, 9999.0, 0.0),  # after every step: nobody's
    ]
    peaks = step_peaks(steps, samples)
    assert [p["step"] for p in peaks] == ["dbt", "raw__pjm"]
    assert peaks[0] == {
        "step": "dbt",
        "assets": 2,
        "process_mb": 430.0,
        "children_mb": 2500.0,
        "total_mb": 2930.0,
    }


def test_matching_within_both_targets_is_met():
    run = fake_run(1, 30.0, {"raw.pjm_queue__projects": (2.0, 100)})
    good = {"available": True, MATCH_SETS: {"seconds": 4.0, "precision": 0.98}}
    results = results_document(1, [run], {**BASELINES, "organization_matching": good}, [], 40.0)
    assert verdicts(results)["organization matching"] == "met"
