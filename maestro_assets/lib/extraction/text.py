"""Text helpers the rule-based extractors share: untrusted lines, sentences, dates, states.

Documents come from the web and from filings: they are untrusted text. `trusted_lines()` blanks
every paragraph that talks like an instruction to a model ("ignore previous instructions",
"output the following events"), so such text can never become an event; `split_sentences()`
slices sentences from the lines (quotes stay verbatim) without ending one at "St." or "Inc.".
The rest reads what both tasks need from a sentence: dates as precise as written, US states
(full names, ", IA", AP-style "Iowa" abbreviations), technology words, company names ending in a
legal suffix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from maestro_assets.lib.extraction.geography import load_gazetteer

# --- lines and sentences -----------------------------------------------------------------------


def words(text: str) -> list[str]:
    return text.split()


ABBREVIATIONS = frozenset(
    words(
        "st mt ft co inc corp ltd no nos mr mrs ms dr jr sr vs jan feb mar apr jun jul aug sep "
        "sept oct nov dec gov sen rep dept est approx ave blvd rd u.s l.l.c n.y n.c n.j n.h n.m "
        "n.d s.c s.d r.i w.va d.c ind ill minn mich wis calif colo conn fla ga ky la md mass miss "
        "mo mont neb nev okla ore pa tenn va vt wash wyo ala ariz ark del kan"
    )
)
_BOUNDARY = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
_LAST_TOKEN = re.compile(r"([A-Za-z.]+)[.!?]$")
LABELLED_LETTER = re.compile(
    r"\b(Appendix|Exhibit|Schedule|Section|Part|Attachment|Table|Figure|Phase|Plan)\s+[A-Z]\.$"
)
INSTRUCTION_LIKE = re.compile(
    r"\b(ignore (?:all |any )?(?:the )?(?:previous|prior|above) instructions|you are now|"
    r"new instructions?|output the following|system prompt|disregard (?:the|all|previous))\b",
    re.I,
)


@dataclass(frozen=True)
class Sentence:
    text: str  # exactly as in the document
    is_heading: bool  # no closing punctuation: a title, a dateline, a table cell


def trusted_lines(text: str) -> list[str]:
    """The document's lines, with instruction-like paragraphs blanked out."""
    return ["" if INSTRUCTION_LIKE.search(line) else line for line in text.splitlines()]


def split_sentences(lines: list[str]) -> list[Sentence]:
    """Sentences of every line, sliced from the line (so quotes stay verbatim)."""
    sentences: list[Sentence] = []
    for line in lines:
        pieces, start = [], 0
        for match in _BOUNDARY.finditer(line):
            end = match.start() + 1
            if not is_abbreviation(line[start:end]):
                pieces.append(line[start:end].strip())
                start = match.end()
        pieces.append(line[start:].strip())
        for piece in filter(None, pieces):
            heading = not re.search(r"[.!?][\"'”’)]*$", piece)
            sentences.append(Sentence(piece, heading))
    return sentences


def is_abbreviation(fragment: str) -> bool:
    token = _LAST_TOKEN.search(fragment)
    if not token:
        return False
    word = token[1].rstrip(".").lower()
    if len(word) == 1 and word.isalpha():  # an initial, unless it is "Appendix A."
        return not LABELLED_LETTER.search(fragment)
    return word in ABBREVIATIONS


# --- states -------------------------------------------------------------------------------------

AP_STATES = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN",
    "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH",
    "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK",
    "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}  # fmt: skip


PLACE_BEFORE_STATE = re.compile(
    r"(?:\b(?:town|city|village|township|county|borough|lake|mount|fort|port)\s+of\s+|"
    r"\b(?:lake|mount|fort|port)\s+)$"
)


def state_mentions(text: str) -> list[tuple[int, str]]:
    """(position, USPS code) of states named in full, after a comma as a code, or AP-style.

    A state name that is part of a place ("Town of Alabama", "Kansas City", "Washington
    County") is not a mention of the state.
    """
    gazetteer = load_gazetteer()
    names = sorted(gazetteer.state_names.items(), key=lambda item: -len(item[1]))
    found: list[tuple[int, str]] = []
    taken: list[range] = []
    for code, name in names:
        pattern = rf"\b{re.escape(name)}\b(?!\s+(?:County|Parish|City|Street|Avenue|Township))"
        for match in re.finditer(pattern, text, re.I):
            if not any(match.start() in span for span in taken) and not part_of_place(text, match):
                found.append((match.start(), code))
                taken.append(range(match.start(), match.end()))
    for match in re.finditer(r",\s+([A-Z]{2})\b", text):
        if match[1] in gazetteer.state_names:
            found.append((match.start(1), match[1]))
    for abbreviation, code in AP_STATES.items():
        for match in re.finditer(rf",\s+{re.escape(abbreviation)}", text):
            found.append((match.start(), code))
    return sorted(found)


def part_of_place(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 12) : match.start()].lower()
    return bool(PLACE_BEFORE_STATE.search(before))


# --- technologies and companies ---------------------------------------------------------------

# The project's canonical fuel words (dbt macro canonical_fuel) for wind, solar and storage.
TECHNOLOGY_WORDS = (
    ("offshore_wind", re.compile(r"\boffshore wind\b", re.I)),
    ("solar", re.compile(r"\b(solar|photovoltaic)\b", re.I)),
    ("wind", re.compile(r"\b(wind|turbines?)\b", re.I)),
    ("storage", re.compile(r"\b(battery|batteries|energy storage|bess)\b", re.I)),
)


def technologies_in(
    text: str, vocabulary: tuple[tuple[str, re.Pattern[str]], ...] = TECHNOLOGY_WORDS
) -> list[str]:
    """Technologies named in `text`, in vocabulary order; offshore wind is not also wind."""
    found = [name for name, pattern in vocabulary if pattern.search(text)]
    if "offshore_wind" in found and "wind" in found:
        found.remove("wind")
    return found


# A capitalized word that is not a unit: the building block of company and project names.
CAPITALIZED_WORD = r"(?!MW\b|MWh\b|GW\b|kV\b)[A-Z][\w&'’.-]*"
COMPANY_SUFFIX = re.compile(
    rf"\b((?:{CAPITALIZED_WORD}\s+){{0,4}}{CAPITALIZED_WORD},?\s+(?:LLC|L\.L\.C\.|Inc\.|Inc|LP|L\.P\.|Corp\.|Corp|"
    r"Corporation|Company|Co\.|Ltd\.?))(?![\w])"
)


# --- dates --------------------------------------------------------------------------------------

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
FULL_DATE = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I)
MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})")
MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(?:of\s+)?(\d{{4}})\b", re.I)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
YEAR = re.compile(r"\b(?:in|since|during|by|of|early|late|mid-?|year:)\s+((?:19|20)\d{2})\b", re.I)
LEADING_YEAR = re.compile(
    r"\b(?:A|The)\s+((?:19|20)\d{2})\s+(?:state\s+)?(?:law|ordinance|statute|rule)", re.I
)


def dates_in(text: str, default_year: int | None = None) -> list[tuple[int, str]]:
    """(position, partial ISO date) of every date written in `text`."""
    found: list[tuple[int, str]] = []
    spans: list[range] = []

    def add(match: re.Match[str], value: str | None) -> None:
        if value and not any(match.start() in span for span in spans):
            found.append((match.start(), value))
            spans.append(range(match.start(), match.end()))

    for match in FULL_DATE.finditer(text):
        add(match, iso(int(match[3]), MONTHS[match[1].lower()], int(match[2])))
    for match in ISO_DATE.finditer(text):
        add(match, iso(int(match[1]), int(match[2]), int(match[3])))
    for match in NUMERIC_DATE.finditer(text):
        add(match, iso(int(match[3]), int(match[1]), int(match[2])))
    for match in MONTH_YEAR.finditer(text):
        add(match, f"{int(match[2]):04d}-{MONTHS[match[1].lower()]:02d}")
    if default_year is not None:
        for match in MONTH_DAY.finditer(text):
            add(match, iso(default_year, MONTHS[match[1].lower()], int(match[2])))
    for pattern in (YEAR, LEADING_YEAR):
        for match in pattern.finditer(text):
            add(match, match[1])
    return sorted(found)


def iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def document_year(text: str) -> int | None:
    """The year of a dateline or the first full date: for 'On March 5, ...' without one."""
    for pattern, group in ((FULL_DATE, 3), (ISO_DATE, 1)):
        match = pattern.search(text)
        if match:
            return int(match[group])
    return None
