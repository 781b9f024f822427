"""The brief as one self-contained HTML page and as markdown with the same content.

The HTML has its CSS inline and its charts as inline SVG: it opens offline in any browser and
loads nothing (the only links are the evidence links, which a reader follows by choice). All
text from the warehouse is escaped; evidence quotes and URLs are untrusted web text, so a URL
becomes a link only when it is http(s). The markdown variant (shown in the Dagster UI) has the
same sections and tables, each chart replaced by its title and its data in words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from maestro_assets.lib.brief.changes import CHANGE_RULES, Changes, SignalChange
from maestro_assets.lib.brief.charts import Chart
from maestro_assets.lib.brief.compose import (
    CHANGE_KINDS,
    CONFIDENCE_DIGITS,
    SCORE_DIGITS,
    Brief,
    shown_changes,
    top_signals,
)
from maestro_assets.lib.brief.evidence import EvidenceItem, humanize
from maestro_assets.lib.brief.facts import Signal, SignalSection, SourceHealth
from maestro_assets.lib.brief.narrative import LLM, Narrative, plural
from maestro_assets.lib.brief.support import CITATION_GROUP, CITED_ID

SECTION_CHARTS = {
    "pipeline_movement": ("stage-funnel", "stage-advances"),
    "regulatory_opposition": ("opposition-map",),
    "corporate_buyer_entry": ("first-time-buyers",),
}
CHANGE_TITLES = {
    "new": "New signals",
    "rising": "Rising signals",
    "fading": "Fading signals",
}
FRESHNESS_LABELS = {
    "fresh": "fresh",
    "warn": "aging",
    "error": "stale",
    "missing": "missing",
}
MAX_EXCERPT_CHARS = 400


# --- shared formatting ---------------------------------------------------------------------


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute http(s) URL, else None (never a javascript: link)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def score_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.{SCORE_DIGITS}f}"


def confidence_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.{CONFIDENCE_DIGITS}f}"


def change_text(change: SignalChange) -> str:
    if change.previous_score is None:
        return "new"
    if change.current_score is None:
        return "gone"
    pct = change.change_pct
    return f"{pct:+.0f}%" if pct is not None else "–"


def shortened(text: str, limit: int = MAX_EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rules_text() -> str:
    rules = CHANGE_RULES
    return (
        f"New: not in that brief. Rising: score up by at least {rules.rising_share:.0%} and "
        f"{rules.min_score_change} points. Fading: down by at least {rules.fading_share:.0%} "
        f"and {rules.min_score_change} points, or no longer a signal."
    )


def baseline_text(changes: Changes, as_of: str) -> str:
    if changes.baseline_as_of is None:
        return (
            f"No earlier brief at least {CHANGE_RULES.baseline_min_age_days} days older than "
            f"{as_of}: nothing to compare with yet. Changes appear once a week of history exists."
        )
    counts = changes.counts()
    return (
        f"Compared with the brief of {changes.baseline_as_of}: {counts['new']} new, "
        f"{counts['rising']} rising, {counts['fading']} fading, {changes.steady} steady."
    )


def dateline(changes: Changes) -> str:
    if changes.baseline_as_of is None:
        return "no earlier brief to compare with"
    return f"compared with the brief of {changes.baseline_as_of}"


def narrative_provenance(narrative: Narrative) -> str:
    if narrative.source == LLM:
        return (
            f"Written by {narrative.model} (prompt {narrative.prompt_version}) from the signal "
            "tables alone; every number and citation was checked against them."
        )
    return (
        "Written by the deterministic template from the signal tables alone "
        f"(LLM narrative {narrative.llm_outcome})."
    )


def listed_once(brief: Brief) -> set[tuple[str, str, str]]:
    return {s.key for s in top_signals(brief.facts)}


# --- HTML ----------------------------------------------------------------------------------

CSS = """
:root { --ink: #1f2933; --muted: #52606d; --line: #e4e7eb; --soft: #f5f7fa;
  --accent: #1c5d99; --fresh: #2f855a; --warn: #b7791f; --stale: #c53030; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--soft); color: var(--ink);
  font: 15px/1.55 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 980px; margin: 0 auto; padding: 32px 40px 48px; background: white; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 12px; margin-bottom: 8px; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px;
  color: var(--muted); margin: 0; }
h1 { font-size: 28px; margin: 4px 0; letter-spacing: -.01em; }
h2 { font-size: 21px; margin: 36px 0 6px; padding-top: 8px; border-top: 1px solid var(--line); }
h3 { font-size: 16px; margin: 22px 0 6px; }
h3 .count { color: var(--muted); font-weight: normal; font-size: 14px; }
p { margin: 6px 0 10px; }
.dateline, .lede, .note, .provenance, figcaption { color: var(--muted); }
.provenance { font-size: 13px; }
.summary p { font-size: 16px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px;
  margin: 18px 0 4px; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; }
.kpi .label { font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .05em; }
.kpi .value { font-size: 22px; font-weight: 600; }
.kpi .detail { font-size: 13px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 14px; }
th { text-align: left; font-size: 12px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); border-bottom: 2px solid var(--line); padding: 6px 8px; }
td { border-bottom: 1px solid var(--line); padding: 6px 8px; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.evidence-row td { border-bottom: 1px solid var(--line); padding-top: 0; }
tr.has-evidence td { border-bottom: none; }
.subject { font-weight: 600; }
.reason { color: var(--muted); font-size: 13px; }
ul.evidence { list-style: none; margin: 0; padding: 0 0 4px; font-size: 13px; }
ul.evidence li { margin: 2px 0 6px; padding-left: 10px; border-left: 3px solid var(--line); }
ul.evidence li:target { border-left-color: var(--accent); background: #eef4fb; }
.evid { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px;
  color: var(--accent); }
.src { font-weight: 600; }
.meta { color: var(--muted); }
q { font-style: italic; }
a { color: var(--accent); }
a.cite { text-decoration: none; font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
  font-size: 11px; color: #6b8fb3; white-space: nowrap; }
a.cite:hover { color: var(--accent); text-decoration: underline; }
figure.chart { margin: 18px 0; padding: 12px; border: 1px solid var(--line); border-radius: 6px;
  overflow-x: auto; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 12px; margin-top: 6px; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px;
  font-weight: 600; color: white; }
.badge.fresh { background: var(--fresh); } .badge.warn { background: var(--warn); }
.badge.error { background: var(--stale); } .badge.missing { background: var(--muted); }
.absent { padding: 12px 14px; background: var(--soft); border-radius: 6px; }
footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line);
  font-size: 12px; color: var(--muted); }
@media print {
  body { background: white; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  figure.chart, tr, .kpi { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def anchor(evidence_id: str) -> str:
    return "ev-" + evidence_id.removeprefix("ev:")


def cite_links(ids: Iterable[str]) -> str:
    return "".join(f'<a class="cite" href="#{esc(anchor(i))}">[{esc(i)}]</a>' for i in ids)


def narrative_html(text: str) -> str:
    """Paragraphs of escaped text, each [ev:…] citation a link to its evidence item."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        parts, last = [], 0
        for match in CITATION_GROUP.finditer(paragraph):
            parts.append(esc(paragraph[last : match.start()]))
            parts.append(cite_links(CITED_ID.findall(match.group(1))))
            last = match.end()
        parts.append(esc(paragraph[last:]))
        paragraphs.append(f"<p>{''.join(parts)}</p>")
    return "\n".join(paragraphs)


def evidence_html(item: EvidenceItem) -> str:
    url = safe_url(item.url)
    if item.excerpt:
        text = esc(shortened(item.excerpt))
        excerpt = f"<q>{text}</q>" if item.is_quote else f"<span>{text}</span>"
    else:
        excerpt = ""
    link = (
        f' <a href="{esc(url)}" rel="noopener noreferrer nofollow">source</a>'
        if url
        else (f' <span class="meta">{esc(shortened(item.url, 120))}</span>' if item.url else "")
    )
    meta = " · ".join(esc(p) for p in (item.vintage, item.location) if p)
    return (
        f'<li id="{esc(anchor(item.evidence_id))}">'
        f'<span class="evid">{esc(item.evidence_id)}</span> '
        f'<span class="src">{esc(item.source_id)}</span> <span class="meta">{meta}</span>'
        f"{' — ' + excerpt if excerpt else ''}{link}</li>"
    )


def evidence_list_html(items: Sequence[EvidenceItem], total: int) -> str:
    more = (
        f'<li class="meta">… and {total - len(items)} more evidence item(s) in marts.signals</li>'
        if total > len(items)
        else ""
    )
    return f'<ul class="evidence">{"".join(evidence_html(i) for i in items)}{more}</ul>'


def signal_rows_html(signal: Signal) -> str:
    return (
        '<tr class="has-evidence">'
        f'<td class="num">{signal.rank}</td>'
        f'<td><span class="subject">{esc(signal.subject_name)}</span>'
        f'<div class="reason">{esc(signal.reason)}</div></td>'
        f'<td class="num">{score_text(signal.score)}</td>'
        f'<td class="num">{confidence_text(signal.confidence)}</td>'
        f'<td class="num">{signal.n_sources}</td></tr>'
        f'<tr class="evidence-row"><td></td><td colspan="4">'
        f"{evidence_list_html(signal.evidence, signal.evidence_count)}</td></tr>"
    )


def signals_table_html(signals: Sequence[Signal], subject_type: str) -> str:
    head = (
        f'<tr><th class="num">#</th><th>{esc(humanize(subject_type).capitalize())} and evidence'
        '</th><th class="num">Score</th><th class="num">Confidence</th>'
        '<th class="num">Sources</th></tr>'
    )
    body = "".join(signal_rows_html(s) for s in signals)
    return f'<table class="signals"><thead>{head}</thead><tbody>{body}</tbody></table>'


def chart_html(chart: Chart) -> str:
    return (
        f'<figure class="chart" id="chart-{esc(chart.key)}" role="img" '
        f'aria-label="{esc(chart.title)}">{chart.svg}'
        f"<figcaption>{esc(chart.alt)}</figcaption></figure>"
    )


def section_html(section: SignalSection, charts: dict[str, Chart]) -> str:
    kind = section.kind
    parts = [
        f'<section id="{esc(kind.signal_type)}"><h2>{esc(kind.title)}</h2>',
        f'<p class="lede">{esc(kind.summary)}</p>',
    ]
    if not section.available:
        parts.append(f'<p class="absent">{esc(section.note.capitalize())}.</p></section>')
        return "".join(parts)
    for group in section.groups:
        parts.append(
            f"<h3>Top {esc(humanize(group.subject_type))} signals "
            f'<span class="count">({len(group.top)} of {group.total})</span></h3>'
        )
        parts.append(signals_table_html(group.top, group.subject_type))
    parts += [
        chart_html(charts[k]) for k in SECTION_CHARTS.get(kind.signal_type, ()) if k in charts
    ]
    parts.append("</section>")
    return "".join(parts)


def change_rows_html(change: SignalChange, brief: Brief, above: set) -> str:
    signal = brief.facts.signals.get(change.key)
    evidence_below = signal is not None and change.key not in above
    row = ('<tr class="has-evidence">' if evidence_below else "<tr>") + (
        f"<td>{esc(humanize(change.signal_type))}</td>"
        f'<td><span class="subject">{esc(change.subject_name)}</span> '
        f'<span class="meta">({esc(change.subject_type)})</span></td>'
        f'<td class="num">{score_text(change.previous_score)}</td>'
        f'<td class="num">{score_text(change.current_score)}</td>'
        f'<td class="num">{esc(change_text(change))}</td>'
    )
    if signal is None:
        return row + '<td class="meta">no longer a signal</td></tr>'
    if change.key in above:
        return row + f"<td>{cite_links(e.evidence_id for e in signal.evidence)}</td></tr>"
    return (
        row + "<td></td></tr>"
        f'<tr class="evidence-row"><td></td><td colspan="5">'
        f"{evidence_list_html(signal.evidence, signal.evidence_count)}</td></tr>"
    )


def changes_html(brief: Brief) -> str:
    changes = brief.changes
    parts = [
        '<section id="changes"><h2>What changed since last week</h2>',
        f"<p>{esc(baseline_text(changes, brief.facts.as_of))}</p>",
    ]
    if changes.has_baseline:
        parts.append(f'<p class="note">{esc(rules_text())}</p>')
        above = listed_once(brief)
        for kind in CHANGE_KINDS:
            shown = shown_changes(changes, kind)
            total = changes.counts()[kind]
            parts.append(
                f'<h3>{CHANGE_TITLES[kind]} <span class="count">({len(shown)} of {total}, '
                "largest first)</span></h3>"
            )
            if not shown:
                parts.append('<p class="note">None.</p>')
                continue
            head = (
                '<tr><th>Signal</th><th>Subject</th><th class="num">Before</th>'
                '<th class="num">Now</th><th class="num">Change</th><th>Evidence</th></tr>'
            )
            rows = "".join(change_rows_html(c, brief, above) for c in shown)
            parts.append(f"<table><thead>{head}</thead><tbody>{rows}</tbody></table>")
    parts.append("</section>")
    return "".join(parts)


def share(value: float | None) -> str:
    return "–" if value is None else f"{value:.0%}"


def health_html(health: SourceHealth) -> str:
    rows = "".join(
        f'<tr><td><span class="src">{esc(s.source_id)}</span><div class="reason">'
        f"{esc(s.title)}</div></td><td>{esc(s.domain)}</td><td>{esc(s.cadence)}</td>"
        f"<td>{esc(s.reliability)}</td><td>{esc(s.latest_vintage or 'none')}</td>"
        f'<td class="num">{esc(s.age_days if s.age_days is not None else "–")}</td>'
        f'<td><span class="badge {esc(s.freshness)}">'
        f"{esc(FRESHNESS_LABELS.get(s.freshness, s.freshness))}</span></td></tr>"
        for s in health.sources
    )
    coverage = "".join(
        f"<tr><td>{esc(c['source_id'])}</td><td>{esc(c['iso'])}</td>"
        f'<td>{esc(c["vintage"])}</td><td class="num">{esc(c["projects"])}</td>'
        f'<td class="num">{share(c["share_projects_named"])}</td>'
        f'<td class="num">{share(c["share_mw_named"])}</td></tr>'
        for c in health.developer_coverage
    )
    extraction = "".join(
        f'<tr><td>{esc(x.field)}</td><td class="num">{x.precision:.2f}</td>'
        f'<td class="num">{x.recall:.2f}</td><td class="num">{x.f1:.2f}</td></tr>'
        for x in health.extraction
    )
    parts = [
        '<section id="health"><h2>Source health</h2>',
        f"<p>{esc(freshness_summary(health))}</p>",
        "<table><thead><tr><th>Source</th><th>Domain</th><th>Cadence</th><th>Grade</th>"
        '<th>Latest vintage</th><th class="num">Age (days)</th><th>Freshness</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>",
        "<h3>Coverage</h3>",
        f"<p>{esc(coverage_summary(health))}</p>",
    ]
    if coverage:
        parts.append(
            "<table><thead><tr><th>Pipeline source</th><th>ISO</th><th>Vintage</th>"
            '<th class="num">Projects</th><th class="num">Named developer (projects)</th>'
            '<th class="num">Named developer (MW)</th></tr></thead>'
            f"<tbody>{coverage}</tbody></table>"
        )
    parts.append("<h3>Extraction quality</h3>")
    parts.append(f"<p>{esc(extraction_summary(health))}</p>")
    if extraction:
        parts.append(
            '<table><thead><tr><th>Field</th><th class="num">Precision</th>'
            '<th class="num">Recall</th><th class="num">F1</th></tr></thead>'
            f"<tbody>{extraction}</tbody></table>"
        )
    parts.append("</section>")
    return "".join(parts)


def freshness_summary(health: SourceHealth) -> str:
    counts = health.freshness_counts()
    return (
        f"{counts['fresh']} of {len(health.sources)} sources are fresh, {counts['warn']} aging, "
        f"{counts['error']} stale and {counts['missing']} missing, judged on each source's "
        "cadence (a stale source's signals stop moving until it lands again)."
    )


def coverage_summary(health: SourceHealth) -> str:
    parts = []
    if health.states_covered is not None:
        parts.append(
            f"Opposition sources cover {health.states_covered} of {health.states_total} states "
            "(50 + DC)."
        )
    if health.queue_counties:
        parts.append(
            f"{health.queue_counties_covered} of {health.queue_counties} counties holding "
            "queue projects have an opposition event "
            f"({(health.queue_counties_covered or 0) / health.queue_counties:.0%})."
        )
    parts.append("Most ISO queues publish no developer name; the table shows who does.")
    return " ".join(parts)


def extraction_summary(health: SourceHealth) -> str:
    if not health.extraction:
        return "No evaluation of the opposition extractor in this warehouse yet."
    return (
        f"The {health.extractor} extractor on the gold set ({health.extraction_docs} documents, "
        f"evaluated {(health.extraction_evaluated_at or '')[:10]}): precision, recall and F1 "
        "per field."
    )


def kpis_html(brief: Brief) -> str:
    facts, changes = brief.facts, brief.changes
    cards = []
    for section in facts.sections:
        total = sum(g.total for g in section.groups)
        detail = (
            ", ".join(
                f"{g.total} {humanize(g.subject_type if g.total == 1 else plural(g.subject_type))}"
                for g in section.groups
            )
            if section.available
            else section.note
        )
        cards.append(
            (humanize(section.kind.signal_type), str(total) if section.available else "–", detail)
        )
    counts = changes.counts()
    cards.append(
        (
            "since last brief",
            f"{counts['new']} / {counts['rising']} / {counts['fading']}"
            if changes.has_baseline
            else "–",
            "new / rising / fading" if changes.has_baseline else "no earlier brief to compare",
        )
    )
    fresh = facts.health.freshness_counts()
    cards.append(
        (
            "sources fresh",
            f"{fresh['fresh']} of {len(facts.health.sources)}",
            f"{fresh['warn']} aging, {fresh['error']} stale, {fresh['missing']} missing",
        )
    )
    return (
        '<div class="kpis">'
        + "".join(
            f'<div class="kpi"><div class="label">{esc(label)}</div>'
            f'<div class="value">{esc(value)}</div><div class="detail">{esc(detail)}</div></div>'
            for label, value, detail in cards
        )
        + "</div>"
    )


def render_html(brief: Brief) -> str:
    facts = brief.facts
    summary = (
        narrative_html(brief.narrative.text)
        if brief.narrative.text
        else "<p>No signals in this build: nothing to summarize.</p>"
    )
    body = [
        "<header>",
        '<p class="eyebrow">maestro_assets · weekly signals brief</p>',
        "<h1>US clean-energy market signals</h1>",
        f'<p class="dateline">As of {esc(facts.as_of)} · {esc(dateline(brief.changes))}</p>',
        "</header>",
        kpis_html(brief),
        '<section class="summary" id="summary"><h2>Summary</h2>',
        summary,
        f'<p class="provenance">{esc(narrative_provenance(brief.narrative))}</p></section>',
        *(section_html(s, brief.charts) for s in facts.sections),
        changes_html(brief),
        health_html(facts.health),
        "<footer>Scores rank subjects within a signal type; confidence (0–1) grows with the "
        "number and reliability of independent sources. Evidence ids ([ev:…]) are stable from "
        "week to week; every item names the raw row it came from (source, vintage, sheet, row)."
        "</footer>",
    ]
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>Weekly signals brief — {esc(facts.as_of)}</title>"
        f"<style>{CSS}</style></head>\n<body><main>\n"
        + "\n".join(body)
        + "\n</main></body></html>\n"
    )


# --- markdown ------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(value: object) -> str:
    """Text made inert in markdown: one line, every markup character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str("" if value is None else value).split()))


def md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")


def md_evidence(item: EvidenceItem) -> str:
    url = safe_url(item.url)
    excerpt = ""
    if item.excerpt:
        text = md(shortened(item.excerpt))
        excerpt = f" — “{text}”" if item.is_quote else f" — {text}"
    meta = ", ".join(md(p) for p in (item.vintage, item.location) if p)
    link = f" ([source]({md_url(url)}))" if url else ""
    return f"- `{item.evidence_id}` **{md(item.source_id)}** {meta}{excerpt}{link}"


def md_signals(signals: Sequence[Signal], subject_type: str) -> list[str]:
    lines = [
        f"| # | {md(humanize(subject_type).capitalize())} | Score | Confidence | Sources | Why |",
        "|---:|---|---:|---:|---:|---|",
    ]
    lines += [
        f"| {s.rank} | {md(s.subject_name)} | {score_text(s.score)} | "
        f"{confidence_text(s.confidence)} | {s.n_sources} | {md(s.reason)} |"
        for s in signals
    ]
    for s in signals:
        lines += ["", f"Evidence for {md(s.subject_name)}:", ""]
        lines += [md_evidence(e) for e in s.evidence]
        if s.evidence_count > len(s.evidence):
            lines.append(f"- … and {s.evidence_count - len(s.evidence)} more in marts.signals")
    return lines


def md_chart(chart: Chart) -> list[str]:
    return ["", f"*Chart: {md(chart.title)}.* {md(chart.alt)}"]


def md_section(section: SignalSection, charts: dict[str, Chart]) -> list[str]:
    lines = ["", f"## {md(section.kind.title)}", "", md(section.kind.summary)]
    if not section.available:
        return [*lines, "", f"**{md(section.note.capitalize())}.**"]
    for group in section.groups:
        lines += [
            "",
            f"### Top {md(humanize(group.subject_type))} signals ({len(group.top)} of "
            f"{group.total})",
            "",
            *md_signals(group.top, group.subject_type),
        ]
    for key in SECTION_CHARTS.get(section.kind.signal_type, ()):
        if key in charts:
            lines += md_chart(charts[key])
    return lines


def md_changes(brief: Brief) -> list[str]:
    changes = brief.changes
    lines = [
        "",
        "## What changed since last week",
        "",
        md(baseline_text(changes, brief.facts.as_of)),
    ]
    if not changes.has_baseline:
        return lines
    lines += ["", md(rules_text())]
    above = listed_once(brief)
    for kind in CHANGE_KINDS:
        shown = shown_changes(changes, kind)
        lines += ["", f"### {CHANGE_TITLES[kind]} ({len(shown)} of {changes.counts()[kind]})", ""]
        if not shown:
            lines.append("None.")
            continue
        lines += [
            "| Signal | Subject | Before | Now | Change | Evidence |",
            "|---|---|---:|---:|---:|---|",
        ]
        extra: list[str] = []
        for c in shown:
            signal = brief.facts.signals.get(c.key)
            ids = " ".join(f"`{e.evidence_id}`" for e in signal.evidence) if signal else "gone"
            lines.append(
                f"| {md(humanize(c.signal_type))} | {md(c.subject_name)} ({md(c.subject_type)}) | "
                f"{score_text(c.previous_score)} | {score_text(c.current_score)} | "
                f"{md(change_text(c))} | {ids} |"
            )
            if signal and c.key not in above:
                extra += ["", f"Evidence for {md(c.subject_name)}:", ""]
                extra += [md_evidence(e) for e in signal.evidence]
        lines += extra
    return lines


def md_health(health: SourceHealth) -> list[str]:
    lines = [
        "",
        "## Source health",
        "",
        md(freshness_summary(health)),
        "",
        "| Source | Domain | Cadence | Grade | Latest vintage | Age (days) | Freshness |",
        "|---|---|---|---|---|---:|---|",
    ]
    lines += [
        f"| {md(s.source_id)} | {md(s.domain)} | {md(s.cadence)} | {md(s.reliability)} | "
        f"{md(s.latest_vintage or 'none')} | {s.age_days if s.age_days is not None else '–'} | "
        f"{md(FRESHNESS_LABELS.get(s.freshness, s.freshness))} |"
        for s in health.sources
    ]
    lines += ["", "### Coverage", "", md(coverage_summary(health))]
    if health.developer_coverage:
        lines += [
            "",
            "| Pipeline source | ISO | Vintage | Projects | Named developer (projects) | "
            "Named developer (MW) |",
            "|---|---|---|---:|---:|---:|",
        ]
        lines += [
            f"| {md(c['source_id'])} | {md(c['iso'])} | {md(c['vintage'])} | {c['projects']} | "
            f"{share(c['share_projects_named'])} | {share(c['share_mw_named'])} |"
            for c in health.developer_coverage
        ]
    lines += ["", "### Extraction quality", "", md(extraction_summary(health))]
    if health.extraction:
        lines += ["", "| Field | Precision | Recall | F1 |", "|---|---:|---:|---:|"]
        lines += [
            f"| {md(x.field)} | {x.precision:.2f} | {x.recall:.2f} | {x.f1:.2f} |"
            for x in health.extraction
        ]
    return lines


def md_narrative(text: str) -> str:
    """The narrative with its citations kept readable ([ev:…] as code, not as link syntax)."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        parts, last = [], 0
        for match in CITATION_GROUP.finditer(paragraph):
            parts.append(md(paragraph[last : match.start()]))
            parts.append("".join(f"`[{i}]`" for i in CITED_ID.findall(match.group(1))))
            last = match.end()
        parts.append(md(paragraph[last:]))
        paragraphs.append("".join(parts))
    return "\n\n".join(paragraphs)


def render_markdown(brief: Brief) -> str:
    facts = brief.facts
    lines = [
        f"# Weekly signals brief — {facts.as_of}",
        "",
        f"As of {facts.as_of} · {md(dateline(brief.changes))}",
        "",
        "## Summary",
        "",
        md_narrative(brief.narrative.text) or "No signals in this build: nothing to summarize.",
        "",
        f"*{md(narrative_provenance(brief.narrative))}*",
    ]
    for section in facts.sections:
        lines += md_section(section, brief.charts)
    lines += md_changes(brief)
    lines += md_health(facts.health)
    return "\n".join(lines) + "\n"
