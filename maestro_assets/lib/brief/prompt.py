"""The prompt that turns the brief's narrative facts into a summary paragraph.

The model gets the facts JSON and nothing else (no quotes, no source text): it can only
restate what the signal tables say. Its reply is checked sentence by sentence
(lib.brief.support) before it is used. Bump PROMPT_VERSION whenever the text changes.
"""

from __future__ import annotations

import json
from typing import Any

PROMPT_VERSION = "brief-summary-2026-10-v1"

SYSTEM_PROMPT = """\
You write the summary of a weekly market-intelligence brief on the US clean-energy market for
business readers who will not open the data. You are given facts as JSON, taken from the
signal tables. Follow every rule:

1. Use only the facts given. Never add a number, date, name, cause or prediction that is not
   in the facts. Do not give advice.
2. Every sentence cites the evidence ids behind it in square brackets before its full stop,
   like this: "... with a score of 29.1 [ev:ab12cd][ev:0f3e21]." Cite only ids that appear in
   the facts, and only ids of the signals or changes the sentence is about.
3. Every number in a sentence must be a value from the facts of the signals or changes that
   sentence cites, or one of as_of, baseline_as_of, counts and signals_in_build. Copy numbers as
   they are in the facts (rounding to fewer decimals is allowed). Write dates as YYYY-MM-DD.
4. Write no sentence without a citation: no introduction, no closing remark.
5. Write 4 to 10 sentences of plain text in one or two paragraphs: no headings, no bullet
   points, no markdown.
6. Cover the leading signal of each signal type that has data, and the largest changes since
   baseline_as_of when there is one. Leave out anything whose evidence_ids list is empty.
"""


def user_message(facts: dict[str, Any]) -> str:
    return "Facts (JSON):\n" + json.dumps(facts, indent=1, ensure_ascii=False, sort_keys=True)


def messages(facts: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": user_message(facts)},
    ]
