"""Is every sentence of a narrative supported? Citations, numbers and dates against the facts.

A narrative passes when every sentence
- cites at least one evidence id, as [ev:ab12cd] (several: [ev:ab12cd][ev:0f3e21] or
  [ev:ab12cd, ev:0f3e21]), and every id it cites is listed in the brief;
- states only numbers found in the facts it was given: in the facts of a signal or change
  whose evidence the sentence cites, or in the facts outside any signal (as_of, counts). A
  number matches a fact when the fact rounds to it at the number's own decimals ("29.1" and
  "29" both match 29.104; "94%" matches a confidence of 0.94); signs are ignored, so "fell
  12%" matches a change of -12. Number words from two to twenty count as numbers;
- writes dates as YYYY-MM-DD, each one a date found in those same facts.
Subject names are masked before numbers are read ("Solar 2 LLC" holds no claim), and so are
citations. A narrative with no sentence passes only when the facts list no signal at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from maestro_assets.lib.brief.evidence import EVIDENCE_ID_PREFIX
from maestro_assets.lib.quality import Verdict

CITATION_GROUP = re.compile(r"\[\s*(ev:[^\]]*)\]")
CITED_ID = re.compile(re.escape(EVIDENCE_ID_PREFIX) + r"[0-9a-z]+")
ISO_DATE = re.compile(r"(?<![\w-])(\d{4}-\d{2}-\d{2})(?![\w-])")
NUMBER = re.compile(r"(?<![\w./:])(?<!\w-)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(\s?%| percent)?(?![\w])")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\[(\"“])")
# A full stop that ends an abbreviation ends no sentence ("Acme Inc. and …", "U.S. buyers").
ABBREVIATION = re.compile(r"\b(Inc|Co|Corp|Ltd|Bros|St|Mt|No|vs|e\.g|i\.e|U\.S)\.")
KEPT_STOP = "\u2024"  # one dot leader stands in for the abbreviation's full stop while splitting
# "one" is left out: it is a pronoun as often as a number ("one of the leaders").
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
}  # fmt: skip
NUMBER_WORD = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
NAME_MASK = "⟨name⟩"
PROBLEM_KINDS = ("empty", "uncited", "unknown_evidence", "unsupported_number", "unsupported_date")


@dataclass(frozen=True)
class Problem:
    kind: str  # one of PROBLEM_KINDS
    sentence: str
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail} — in: {self.sentence[:160]}"


@dataclass(frozen=True)
class StatedNumber:
    text: str
    value: float
    decimals: int
    percent: bool


@dataclass(frozen=True)
class FactValues:
    """The numbers and dates of the facts: outside any signal, and per signal's evidence ids."""

    global_numbers: tuple[float, ...]
    global_dates: frozenset[str]
    scoped: tuple[tuple[frozenset[str], tuple[float, ...], frozenset[str]], ...]

    def allowed(self, cited: Iterable[str]) -> tuple[set[float], set[str]]:
        cited = set(cited)
        numbers, dates = set(self.global_numbers), set(self.global_dates)
        for ids, scoped_numbers, scoped_dates in self.scoped:
            if ids & cited:
                numbers.update(scoped_numbers)
                dates.update(scoped_dates)
        return numbers, dates


def fact_values(facts: Any) -> FactValues:
    """Walk the facts: a dict with `evidence_ids` opens a scope for everything inside it."""
    global_numbers: list[float] = []
    global_dates: set[str] = set()
    scoped: list[tuple[frozenset[str], tuple[float, ...], frozenset[str]]] = []

    def collect(node: Any, numbers: list[float], dates: set[str]) -> None:
        if isinstance(node, bool) or node is None:
            return
        if isinstance(node, int | float):
            numbers.append(abs(float(node)))
        elif isinstance(node, str):
            if ISO_DATE.fullmatch(node):
                dates.add(node)
        elif isinstance(node, Mapping):
            if "evidence_ids" in node and numbers is global_numbers:
                inner_numbers: list[float] = []
                inner_dates: set[str] = set()
                for key, value in node.items():
                    if key != "evidence_ids":
                        collect(value, inner_numbers, inner_dates)
                ids = frozenset(node["evidence_ids"] or ())
                scoped.append((ids, tuple(inner_numbers), frozenset(inner_dates)))
            else:
                for value in node.values():
                    collect(value, numbers, dates)
        elif isinstance(node, list | tuple):
            for value in node:
                collect(value, numbers, dates)

    collect(facts, global_numbers, global_dates)
    return FactValues(tuple(global_numbers), frozenset(global_dates), tuple(scoped))


def subject_names(facts: Any) -> list[str]:
    names: set[str] = set()

    def collect(node: Any) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key in ("subject_name", "title") and isinstance(value, str):
                    names.add(value)
                else:
                    collect(value)
        elif isinstance(node, list | tuple):
            for value in node:
                collect(value)

    collect(facts)
    return sorted((n for n in names if n.strip()), key=len, reverse=True)


def mask_names(text: str, names: Iterable[str]) -> str:
    for name in names:
        text = re.sub(re.escape(name), NAME_MASK, text, flags=re.IGNORECASE)
    return text


def split_sentences(text: str) -> list[str]:
    """Sentences of the narrative; a fragment that is only citations joins the sentence
    before it (a citation written after the full stop still belongs to that sentence)."""
    protected = ABBREVIATION.sub(lambda m: m.group(1) + KEPT_STOP, text.strip())
    pieces = [
        piece.strip().replace(KEPT_STOP, ".")
        for paragraph in re.split(r"\n\s*\n", protected)
        for piece in SENTENCE_END.split(paragraph.strip())
        if piece.strip()
    ]
    sentences: list[str] = []
    for piece in pieces:
        if sentences and not CITATION_GROUP.sub("", piece).strip(" .;,"):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def cited_ids(sentence: str) -> list[str]:
    return [i for group in CITATION_GROUP.findall(sentence) for i in CITED_ID.findall(group)]


def stated_numbers(claim: str) -> list[StatedNumber]:
    """Numbers in a sentence whose names, citations and dates have been removed."""
    found = []
    for match in NUMBER.finditer(claim):
        whole, fraction, percent = match.group(1), match.group(2) or "", match.group(3)
        found.append(
            StatedNumber(
                text=match.group(0).strip(),
                value=float(whole.replace(",", "") + fraction),
                decimals=max(len(fraction) - 1, 0),
                percent=bool(percent),
            )
        )
    for match in NUMBER_WORD.finditer(claim):
        found.append(StatedNumber(match.group(0), NUMBER_WORDS[match.group(0).lower()], 0, False))
    return found


def matches(stated: StatedNumber, value: float) -> bool:
    candidates = [value, value * 100] if stated.percent else [value]
    return any(abs(round(c, stated.decimals) - stated.value) < 1e-9 for c in candidates)


def sentence_problems(
    sentence: str, values: FactValues, names: list[str], listed_ids: set[str]
) -> list[Problem]:
    cited = cited_ids(sentence)
    if not cited:
        return [Problem("uncited", sentence, "the sentence cites no evidence id")]
    problems = [
        Problem("unknown_evidence", sentence, f"{i} is not an evidence item of this brief")
        for i in dict.fromkeys(cited)
        if i not in listed_ids
    ]
    numbers, dates = values.allowed(i for i in cited if i in listed_ids)
    claim = mask_names(CITATION_GROUP.sub(" ", sentence), names)
    for day in ISO_DATE.findall(claim):
        if day not in dates:
            problems.append(Problem("unsupported_date", sentence, f"{day} is not in the facts"))
    claim = ISO_DATE.sub(" ", claim)
    for stated in stated_numbers(claim):
        if not any(matches(stated, value) for value in numbers):
            problems.append(
                Problem(
                    "unsupported_number",
                    sentence,
                    f"{stated.text} matches no fact of the cited signals or the overview",
                )
            )
    return problems


def lists_signals(facts: Any) -> bool:
    return bool(fact_values(facts).scoped)


def narrative_problems(text: str, facts: Any, listed_ids: set[str]) -> list[Problem]:
    """Every reason the narrative is not supported by the facts and the listed evidence."""
    sentences = split_sentences(text or "")
    if not sentences:
        if lists_signals(facts):
            return [Problem("empty", "", "the narrative is empty but the facts list signals")]
        return []
    values, names = fact_values(facts), subject_names(facts)
    return [p for s in sentences for p in sentence_problems(s, values, names, listed_ids)]


def narrative_verdict(
    text: str, facts: Any, listed_ids: set[str], metadata: Mapping[str, Any] | None = None
) -> Verdict:
    """ERROR unless every sentence cites listed evidence and states only supported numbers."""
    problems = narrative_problems(text, facts, listed_ids)
    sentences = split_sentences(text or "")
    cited = {i for s in sentences for i in cited_ids(s)}
    description = (
        f"all {len(sentences)} sentences cite listed evidence ({len(cited)} ids) and state "
        "only numbers and dates found in the facts"
        if not problems
        else f"{len(problems)} unsupported claim(s) in the narrative: "
        + "; ".join(str(p) for p in problems[:5])
    )
    return Verdict(
        passed=not problems,
        severe=True,
        description=description,
        metadata={
            "sentences": len(sentences),
            "cited_ids": len(cited),
            "problems": [
                {"kind": p.kind, "detail": p.detail, "sentence": p.sentence} for p in problems
            ],
            **(metadata or {}),
        },
    )
