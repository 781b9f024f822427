"""Deterministic generator of the bundled offline snapshot (`data/snapshots`).

One simulated generator fleet feeds every synthetic source, so the EIA-860M workbooks and
the recorded EIA API v2 responses agree with each other. Run it with
`python -m maestro_assets.lib.synthetic OUT_DIR [--scale N]`.
"""
