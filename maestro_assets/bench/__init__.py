"""`make bench`: the performance harness. A benchmark, not a test: it measures and reports.

- `generator`: the synthetic snapshot at SCALE x (rows, documents, and a longer history);
- `build`: one scale in its own process: generate, build everything, time it from the event log,
  measure incremental work (a new vintage; unchanged documents) against the LLM stub;
- `timings`: per-step and per-asset wall seconds from the instance's event log;
- `growth`: per-stage cost ratio against row ratio between two scales;
- `xlsx`, `matching`, `floor`: the baselines (pandas + openpyxl, all-pairs matching, Dagster's
  one-asset floor);
- `llm_stub`: the local OpenAI-compatible endpoint that counts calls;
- `report`: results.json, the targets judged, and the summary table.
"""
