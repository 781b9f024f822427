"""The brief's charts: Vega-Lite specs rendered to SVG offline by vl-convert (no browser, no CDN).

Every spec carries its data inline (`values`), and the renderer is called with no allowed base
URL, so a spec that tried to load anything would fail instead of reaching the network. The US
map's state shapes are the us-atlas TopoJSON bundled under data/reference/. Each SVG's ids are
prefixed with its chart's key, so several SVGs can sit inline in one HTML page.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert

from maestro_assets.lib.brief.evidence import humanize
from maestro_assets.lib.brief.facts import ChartData
from maestro_assets.lib.settings import BUNDLED_DATA_DIR

US_STATES_TOPOJSON = BUNDLED_DATA_DIR / "reference" / "us_states_10m.json"
VEGA_LITE_VERSION = "5.21"  # pinned: a renderer upgrade must not silently change the charts
SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"  # an identifier, never fetched
FONT = "Helvetica, Arial, sans-serif"
WIDTH = 560
INK, MUTED, ACCENT = "#1f2933", "#52606d", "#1c5d99"
STAGE_COLORS = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
CONFIG = {
    "font": FONT,
    "background": "white",
    "title": {"anchor": "start", "fontSize": 15, "color": INK, "subtitleColor": MUTED},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": INK, "titleColor": MUTED},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "titleColor": MUTED},
    "view": {"stroke": None},
}
_ID = re.compile(r'\bid="([^"]+)"')


@dataclass(frozen=True)
class Chart:
    key: str  # also the prefix of the SVG's ids and the HTML anchor
    title: str
    alt: str  # the chart in words: for the markdown brief and screen readers
    spec: dict[str, Any]
    svg: str


def base_spec(title: str, subtitle: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA,
        "title": {"text": title, "subtitle": subtitle},
        "config": CONFIG,
    }


def stage_label(stage: str | None) -> str:
    return humanize(stage or "unknown").capitalize()


def stage_funnel_spec(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    values = [
        {
            **row,
            "stage_label": stage_label(row["stage"]),
            "label": f"{row['projects']:,} projects · {row['capacity_mw'] or 0:,.0f} MW",
        }
        for row in rows
    ]
    return {
        **base_spec(
            "Pipeline projects by current stage",
            "Projects in each stage in the latest vintage of every pipeline source",
        ),
        "width": WIDTH - 160,
        "height": {"step": 30},
        "data": {"values": values},
        "encoding": {
            "y": {
                "field": "stage_label",
                "type": "nominal",
                "sort": {"field": "stage_order", "order": "ascending"},
                "title": "Stage",
            },
            "x": {"field": "projects", "type": "quantitative", "title": "Projects"},
        },
        "layer": [
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 2},
                "encoding": {
                    "color": {
                        "field": "stage_label",
                        "type": "nominal",
                        "sort": {"field": "stage_order"},
                        "scale": {"range": list(STAGE_COLORS)},
                        "legend": None,
                    }
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "color": INK, "fontSize": 11},
                "encoding": {"text": {"field": "label"}},
            },
        ],
    }


def stage_advances_spec(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    values = [
        {
            **row,
            "month_start": f"{row['month']}-01",
            "stage_label": stage_label(row["to_stage"]),
        }
        for row in rows
    ]
    stages = sorted({(v["stage_order"] or 99, v["stage_label"]) for v in values})
    labels = [label for _, label in stages]
    colors = [STAGE_COLORS[min(order, len(STAGE_COLORS)) - 1] for order, _ in stages]
    return {
        **base_spec(
            "Stage advances per month",
            "Progress changes (advances and completions) by the month of the vintage that "
            "showed them, coloured by the stage reached",
        ),
        "width": WIDTH,
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "bar", "width": {"band": 0.8}},
        "encoding": {
            "x": {
                "field": "month_start",
                "type": "temporal",
                "timeUnit": "yearmonth",
                "title": "Month",
                "axis": {"format": "%b %Y", "labelAngle": -40},
            },
            "y": {
                "aggregate": "sum",
                "field": "changes",
                "type": "quantitative",
                "title": "Stage advances",
            },
            "color": {
                "field": "stage_label",
                "type": "nominal",
                "title": "Stage reached",
                "scale": {"domain": labels, "range": colors},
            },
            "order": {"field": "stage_order", "type": "quantitative"},
        },
    }


@cache
def us_states_topology() -> dict[str, Any]:
    return json.loads(Path(US_STATES_TOPOJSON).read_text())


def opposition_map_spec(rows: Sequence[dict[str, Any]], unlocated: int) -> dict[str, Any]:
    topology = us_states_topology()
    shapes = {"values": topology, "format": {"type": "topojson", "feature": "states"}}
    note = f"; {unlocated:,} events name no state and are not shown" if unlocated else ""
    return {
        **base_spec(
            "Opposition events by state",
            f"Distinct events (an event reported by several sources counts once){note}",
        ),
        "width": WIDTH,
        "height": 340,
        "projection": {"type": "albersUsa"},
        "layer": [
            {
                "data": shapes,
                "mark": {"type": "geoshape", "fill": "#e4e7eb", "stroke": "white"},
            },
            {
                "data": shapes,
                "transform": [
                    {
                        "lookup": "id",
                        "from": {
                            "data": {"values": list(rows)},
                            "key": "state_fips",
                            "fields": ["events", "state"],
                        },
                    },
                    {"filter": "datum.events > 0"},
                ],
                "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.8},
                "encoding": {
                    "color": {
                        "field": "events",
                        "type": "quantitative",
                        "title": "Events",
                        "scale": {"scheme": "oranges", "domainMin": 0},
                    }
                },
            },
        ],
    }


def first_time_buyers_spec(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    values = [{**row, "month_start": f"{row['month']}-01"} for row in rows]
    return {
        **base_spec(
            "First-time corporate buyers per month",
            "Buyers by the month of their first recorded clean-energy procurement",
        ),
        "width": WIDTH,
        "height": 200,
        "data": {"values": values},
        "mark": {"type": "bar", "color": ACCENT, "width": {"band": 0.8}},
        "encoding": {
            "x": {
                "field": "month_start",
                "type": "temporal",
                "timeUnit": "yearmonth",
                "title": "Month",
                "axis": {"format": "%b %Y", "labelAngle": -40},
            },
            "y": {"field": "buyers", "type": "quantitative", "title": "First-time buyers"},
        },
    }


def render_svg(spec: dict[str, Any], key: str) -> str:
    """The spec as an SVG string, with every id (and reference to it) prefixed by `key`."""
    svg = vl_convert.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])
    for name in sorted(set(_ID.findall(svg)), key=len, reverse=True):
        svg = svg.replace(f'id="{name}"', f'id="{key}-{name}"')
        svg = svg.replace(f"url(#{name})", f"url(#{key}-{name})")
        svg = svg.replace(f'href="#{name}"', f'href="#{key}-{name}"')
    return svg


def chart(key: str, spec: dict[str, Any], alt: str) -> Chart:
    return Chart(key, spec["title"]["text"], alt, spec, render_svg(spec, key))


def listed(pairs: Sequence[tuple[str, object]]) -> str:
    return ", ".join(f"{label} {value}" for label, value in pairs) or "no data"


def build_charts(data: ChartData) -> dict[str, Chart]:
    """Every chart there is data for, by key; a chart without rows is left out."""
    charts: dict[str, Chart] = {}
    if data.stage_funnel:
        charts["stage-funnel"] = chart(
            "stage-funnel",
            stage_funnel_spec(data.stage_funnel),
            "Projects per current stage: "
            + listed([(stage_label(r["stage"]), r["projects"]) for r in data.stage_funnel])
            + ".",
        )
    if data.stage_advances:
        by_month: dict[str, int] = {}
        for row in data.stage_advances:
            by_month[row["month"]] = by_month.get(row["month"], 0) + row["changes"]
        charts["stage-advances"] = chart(
            "stage-advances",
            stage_advances_spec(data.stage_advances),
            "Stage advances per month: " + listed(list(by_month.items())) + ".",
        )
    if data.opposition_by_state:
        charts["opposition-map"] = chart(
            "opposition-map",
            opposition_map_spec(data.opposition_by_state, data.opposition_unlocated),
            "Opposition events by state: "
            + listed([(r["state"], r["events"]) for r in data.opposition_by_state])
            + ".",
        )
    if data.first_time_buyers:
        charts["first-time-buyers"] = chart(
            "first-time-buyers",
            first_time_buyers_spec(data.first_time_buyers),
            "First-time corporate buyers per month: "
            + listed([(r["month"], r["buyers"]) for r in data.first_time_buyers])
            + ".",
        )
    return charts
