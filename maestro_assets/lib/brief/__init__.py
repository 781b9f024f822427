"""The weekly signals brief: what a business reader opens instead of the UI or SQL.

One brief per as-of date, built from the warehouse alone: `data/briefs/<as_of>/brief.html`
(self-contained, opens offline, printable) and `brief.md` (the same content, charts as
words). The pieces, each a plain module without Dagster:

- `facts`: what the brief states, read from the marts and meta tables: every signal with
  its evidence, the top signals of each type (organizations first; the corporate-buyer type
  is read only when marts.sig_corporate_buyer_entry exists, otherwise the brief says "no
  corporate-buyer data in this build"), chart rows and source health (freshness judged by
  each source's declared staleness, coverage from lib.opposition_quality and
  marts.developer_coverage, the extractor's latest scores on the gold set).
- `evidence`: evidence ids and what to show. An id is `ev:` plus six hex digits of the sha256
  of (signal type, subject type, subject key, the evidence item): stable from week to week
  and independent of list order; two distinct items that collide in one brief both get twelve
  digits. A signal shows at most three items, newest first and one per source before a
  second from any source; its one-line reason counts its evidence by kind.
- `changes`: what changed since last week. Each brief replaces its own as_of snapshot of every
  signal in meta.brief_signal_history (idempotent), and compares with the latest snapshot at
  least seven days older. New: absent from that snapshot. Rising / fading: score up / down by
  at least 20% and 0.05 points; a signal no longer present fades. The thresholds are declared
  once (`CHANGE_RULES`). Without an old enough snapshot the brief says so.
- `compose`: which signals and evidence the brief lists, and the narrative facts: the signal
  tables alone (names, rounded scores and confidences, sources, dates, evidence tallies and
  ids, score changes), nothing from the source text.
- `narrative` and `prompt`: the summary. With OPENAI_API_KEY, one chat call through the
  project's LlmConfig (lib.extraction.llm: model, base URL, timeout, attempts; the key is read
  from the environment only when the client is built and never leaves it) gets the facts
  JSON only; without a key, or when the reply fails the check below, a deterministic template
  writes it, and the narrative records why.
- `support`: the check. Every sentence must cite listed evidence ids ([ev:ab12cd]); every
  number and date in it must be a value of the facts of the signals it cites or of the
  overview. `verify_brief` (build) re-reads the facts from the marts for the asset check.
- `charts`: Vega-Lite specs with inline data rendered to SVG by vl-convert with no base URL
  allowed (nothing is fetched); the US map uses the bundled us-atlas state shapes.
- `render`: HTML (inline CSS and SVG, every text escaped, links only for http(s) URLs) and
  markdown (every markup character of warehouse text escaped).
- `build`: `build_brief` reads the published read-only copy, writes the files, then records
  the snapshot through the writer; `verify_brief` judges a written brief.
"""
