"""The weekly brief of the full demo build: built by the build_warehouse job with its check,
built again from the command line a week later, and opened in headless Chromium."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from maestro_assets.cli import main
from maestro_assets.demo import latest_per_check, summary
from maestro_assets.lib.brief.build import brief_paths, briefs_dir_for
from maestro_assets.lib.settings import Settings
from maestro_assets_tests.integration.conftest import AS_OF

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright never downloads a browser
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Every chart's marks: the groups Vega renders data as (bars, shapes, areas, symbols).
CHART_MARKS = """
    figures => figures.map(figure => {
        const marks = [...figure.querySelectorAll('svg g.role-mark > *')];
        const drawn = marks.filter(m => {
            const box = m.getBBox();
            return box.width > 0 && box.height > 0;
        });
        return {id: figure.id, marks: marks.length, drawn: drawn.length};
    })
"""


def demo_brief(settings: Settings) -> Path:
    return brief_paths(briefs_dir_for(settings.data_dir), date.fromisoformat(AS_OF)).html


def test_the_build_writes_the_brief_and_its_narrative_check_passes(built):
    settings, outcome = built
    html = demo_brief(settings)
    assert html.exists() and html.with_name("brief.md").exists()
    (check,) = [
        c
        for c in latest_per_check(outcome.checks)
        if c.check_name == "brief_narrative_is_supported"
    ]
    assert check.passed, check.description
    assert f"Weekly brief: {html}" in summary(settings, outcome)
    page = html.read_text()
    assert "Developers moving projects through the pipeline" in page
    assert "Organizations facing regulatory opposition" in page
    assert page.count('<figure class="chart"') >= 3


def test_maestro_brief_a_week_later_compares_with_the_first(built, tmp_path, monkeypatch, capsys):
    settings, _ = built
    data = tmp_path / "data"
    data.mkdir()
    # a copy of the built warehouse (history included), so the shared build stays as it was
    shutil.copyfile(settings.reader_path, data / settings.duckdb_path.name)
    shutil.copyfile(settings.reader_path, data / settings.reader_path.name)
    monkeypatch.setenv("MAESTRO_DATA_DIR", str(data))
    monkeypatch.setenv("MAESTRO_DUCKDB_PATH", str(data / settings.duckdb_path.name))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    next_week = (date.fromisoformat(AS_OF) + timedelta(days=7)).isoformat()

    assert main(["brief", "--as-of", next_week]) == 0

    out = capsys.readouterr().out
    html = brief_paths(briefs_dir_for(data), date.fromisoformat(next_week)).html
    assert str(html) in out and "narrative check: pass" in out
    assert f"Compared with the brief of {AS_OF}" in html.with_name("brief.md").read_text()


def test_the_brief_renders_in_headless_chromium(built, tmp_path, capsys):
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    settings, _ = built
    html = demo_brief(settings)
    screenshot = tmp_path / "brief.png"
    errors: list[str] = []
    requests: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: requests.append(r.url))
            page.goto(html.as_uri(), wait_until="load")
            charts = page.eval_on_selector_all("figure.chart", CHART_MARKS)
            page.screenshot(path=str(screenshot), full_page=True)
        finally:
            browser.close()
    with capsys.disabled():
        print(f"\nbrief screenshot: {screenshot}")
    assert errors == []
    assert requests == [html.as_uri()]  # the page loads nothing but itself
    assert {c["id"] for c in charts} >= {
        "chart-stage-funnel",
        "chart-stage-advances",
        "chart-opposition-map",
    }
    for chart in charts:
        assert chart["drawn"] > 0, chart  # shapes outside the projection (territories) are empty
    assert screenshot.stat().st_size > 0
