"""Organization names as sources write them, reduced to a key two spellings of one name share.

`name_key` is blind to case, accents, punctuation, "&" versus "and", a leading "The", trailing
legal suffixes (Inc, Corp, Co, LLC, L.L.C., LP, Ltd, PLC, N.V., S.A., AG, GmbH, SE, A/S, …),
the tags SEC adds to conformed names ("/DE/", "(TSLA)", "(CIK 0001318605)") and the
trade-name or former-name tail of "X d/b/a Y" and "X f/k/a Y" (`alternate_names` returns Y;
`former_names` only the former names, which resolution treats as evidence).
A few abbreviations are spelled out ("Intl", "Mgmt", "Dev", "N.Y."), a few plurals are made
singular ("Holdings", "Renewables", "Partners") and roman numerals become digits ("Solar II" →
"solar 2"), so "SED NY Holding LLC" and "SED NY Holdings, LLC" share a key.

"Holdings" and "Group" are kept. A holding company and the operating company of the same
brand are often separate legal entities with their own filings (and, in bankruptcy, their own
fates), so "Invenergy Holdings" and "Invenergy" are two keys: joining them takes evidence (a
shared CIK or an override row), never the name alone.

`is_project_company` tells the special-purpose companies that own one plant ("Bluebonnet Solar
LLC", "Prairie Wind Farm, LLC", "KCE NY 10, LLC") from developers, utilities and buyers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose into a base letter and an accent.
_FOLDED_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH", "ı": "i", "’": "'", "‘": "'",
     "–": "-", "—": "-", "＆": "&"}
)  # fmt: skip

# "X d/b/a Y", "X f/k/a Y", "X (formerly Y)": X is the name, Y a trade or former name.
_ALIAS_MARKER = re.compile(
    r"\b(d\s*/\s*b\s*/\s*a|dba|doing business as|f\s*/\s*k\s*/\s*a|fka|formerly known as|"
    r"formerly|a\s*/\s*k\s*/\s*a|also known as)\b\.?",
    re.IGNORECASE,
)
_FORMER_MARKER = re.compile(r"^(f\s*/\s*k\s*/\s*a|fka|formerly known as|formerly)$", re.IGNORECASE)
# SEC conformed names carry the state of incorporation or a "new" flag: "ENTERGY CORP /DE/".
_SEC_TAG = re.compile(r"\s*[/\\][A-Za-z]{2,4}[/\\]\s*")
# "(TSLA)", "(GOOGL, GOOG)", "(NYSE: NEE)", "(CIK 0001318605)".
_TICKER_OR_CIK = re.compile(
    r"\(\s*(?:(?:NYSE|NASDAQ|Nasdaq|NYSE American|OTC)\s*:\s*)?"
    r"[A-Z][A-Z0-9.\-]{0,5}(?:\s*,\s*[A-Z][A-Z0-9.\-]{0,5})*\s*\)"
    r"|\(\s*CIK\s*#?\s*\d+\s*\)",
)
_INITIALISM = re.compile(r"\b[a-z](?:\.[a-z])+\b\.?")  # "l.l.c." → "llc", "n.v." → "nv"
_DANISH_AS = re.compile(r"\ba\s*/\s*s\b")  # "A/S"
_NOT_WORD = re.compile(r"[^a-z0-9]+")

LEGAL_SUFFIXES = frozenset(
    {"llc", "lc", "pllc", "llp", "lllp", "lp", "ltd", "limited", "inc", "incorporated", "corp",
     "corporation", "co", "company", "plc", "nv", "bv", "sa", "sas", "spa", "srl", "sarl", "ag",
     "kg", "kgaa", "gmbh", "se", "as", "asa", "ab", "oy", "oyj", "kk", "pty", "pte", "ulc", "the",
     "and"}
)  # fmt: skip
# Inside a name the long and short forms of these words are one word.
_LEGAL_WORD_FORMS = {
    "company": "co",
    "corporation": "corp",
    "incorporated": "inc",
    "limited": "ltd",
}
ABBREVIATIONS = {
    "intl": ("international",), "natl": ("national",), "mgmt": ("management",),
    "dev": ("development",), "devel": ("development",), "svc": ("service",),
    "svcs": ("service",), "ctr": ("center",), "cntr": ("center",), "elec": ("electric",),
    "pwr": ("power",), "grp": ("group",), "hldg": ("holding",), "hldgs": ("holding",),
    "ptnrs": ("partner",), "sys": ("system",), "util": ("utility",), "utils": ("utility",),
    "mfg": ("manufacturing",), "bros": ("brothers",), "usa": ("us",), "ny": ("new", "york"),
}  # fmt: skip
SINGULAR = {
    "holdings": "holding", "renewables": "renewable", "partners": "partner",
    "resources": "resource", "systems": "system", "services": "service",
    "solutions": "solution", "technologies": "technology", "industries": "industry",
    "associates": "associate", "ventures": "venture", "properties": "property",
    "investments": "investment", "utilities": "utility", "developments": "development",
    "operations": "operation", "enterprises": "enterprise", "farms": "farm",
    "projects": "project", "networks": "network",
}  # fmt: skip
_ROMAN = {
    "i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8",
    "ix": "9", "x": "10", "xi": "11", "xii": "12", "xiii": "13", "xiv": "14", "xv": "15",
    "xvi": "16", "xvii": "17", "xviii": "18", "xix": "19", "xx": "20",
}  # fmt: skip

# Words that make a name a single plant's company, and words that make it something else.
PROJECT_WORDS = frozenset(
    {"solar", "wind", "windfarm", "storage", "battery", "bess", "ess", "hydro", "geothermal",
     "project"}
)  # fmt: skip
PROJECT_PHRASES = (
    "energy center", "energy park", "solar park", "solar farm", "wind farm", "solar center",
    "energy facility", "generating station", "generating facility",
)  # fmt: skip
NOT_PROJECT_WORDS = frozenset(
    {"holding", "group", "partner", "development", "developer", "management", "capital",
     "service", "venture", "investment", "enterprise", "international", "global", "america",
     "americas", "us", "resource", "renewable", "utility", "electric", "authority",
     "cooperative", "coop", "university", "fund", "trust", "association", "industry",
     "technology", "solution", "system"}
)  # fmt: skip
_NUMBERED_BUT_NOT_PROJECT = frozenset({"holding", "group", "capital", "fund", "management"})
_GOVERNMENT = re.compile(r"\b(city|county|town|village|state|department|port) of\b")
PROJECT_COMPANY_SUFFIXES = frozenset({"llc", "lc", "lp", "llp", "lllp"})
CORPORATE_SUFFIXES = frozenset(
    {"inc", "corp", "co", "plc", "nv", "sa", "ag", "se", "gmbh", "asa", "as", "ltd", "bv", "spa"}
)


def fold(text: str) -> str:
    """Lower case, accents and special letters folded to ASCII ('Ørsted' → 'orsted')."""
    text = text.translate(_FOLDED_LETTERS)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def split_alias_parts(raw: str) -> list[tuple[str, str]]:
    """'Rockhound Solar 2, LLC dba "Greyhound Solar"' → [('', 'Rockhound Solar 2, LLC'),
    ('dba', 'Greyhound Solar')]: the name, then every other name it states, each with the
    marker before it."""
    pieces = _ALIAS_MARKER.split(raw)
    markers = ["", *pieces[1::2]]
    parts = [piece.strip(" \t,;:-()\"'") for piece in pieces[0::2]]
    return [(marker, part) for marker, part in zip(markers, parts, strict=True) if part]


def primary_name(raw: str) -> str:
    """The name before any 'd/b/a', 'f/k/a' or 'formerly' part."""
    parts = split_alias_parts(raw)
    return parts[0][1] if parts and not parts[0][0] else ""


def alternate_names(raw: str) -> tuple[str, ...]:
    """The trade and former names a raw name states after 'd/b/a', 'f/k/a' or 'formerly'."""
    return tuple(part for marker, part in split_alias_parts(raw) if marker)


def former_names(raw: str) -> tuple[str, ...]:
    """The former names a raw name states ('X f/k/a Y', 'X (formerly Y)'). Trade names
    ('d/b/a') are left out: subsidiaries often trade under the parent's brand ('Northern
    States Power Company d/b/a Xcel Energy'), so a shared trade name is no evidence of one
    organization."""
    return tuple(part for marker, part in split_alias_parts(raw) if _FORMER_MARKER.match(marker))


def words(raw: str) -> list[str]:
    """Lower-case ASCII words of the primary name, SEC tags and ticker marks removed, with
    initialisms joined ('L.L.C.' → 'llc') and '&' spelled 'and'."""
    text = primary_name(_SEC_TAG.sub(" ", _TICKER_OR_CIK.sub(" ", raw)))
    text = fold(text).replace("'", "")
    text = _DANISH_AS.sub(" as ", text)
    text = _INITIALISM.sub(lambda match: match.group(0).replace(".", ""), text)
    text = text.replace("&", " and ").replace("+", " and ")
    return _NOT_WORD.sub(" ", text).split()


def normalized_words(tokens: list[str]) -> list[str]:
    """Abbreviations spelled out, listed plurals made singular, roman numerals as digits
    (a lone 'I', 'V' or 'X' only after the first word: 'Enel X' → 'enel 10', 'X Energy'
    stays)."""
    out: list[str] = []
    for position, token in enumerate(tokens):
        if token in ABBREVIATIONS:
            out.extend(ABBREVIATIONS[token])
            continue
        token = SINGULAR.get(token, token)
        token = _LEGAL_WORD_FORMS.get(token, token)
        if token in _ROMAN and (len(token) > 1 or position > 0):
            token = _ROMAN[token]
        out.append(token)
    return out


def strip_legal_suffixes(tokens: list[str]) -> list[str]:
    """Drop trailing legal suffixes ('co', 'ltd', 'llc', 'limited partnership', a trailing
    'the' or 'and'), always keeping the first word."""
    end = len(tokens)
    while end > 1:
        if tokens[end - 1] in LEGAL_SUFFIXES:
            end -= 1
        elif end > 2 and tokens[end - 2] == "ltd" and tokens[end - 1] == "partnership":
            end -= 2
        else:
            break
    return tokens[:end]


@lru_cache(maxsize=1 << 18)
def name_key(raw: str) -> str:
    """The normalized key of an organization name; '' when the name has no letters or digits.

    'Tesla, Inc.  (TSLA)' → 'tesla'; 'ENTERGY CORP /DE/' → 'entergy';
    'The AES Corporation' → 'aes'; 'Ørsted A/S' → 'orsted'; 'SED NY Holdings, L.L.C.' →
    'sed new york holding'; 'Orange & Rockland' → 'orange and rockland'.
    """
    tokens = words(raw)
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(strip_legal_suffixes(normalized_words(tokens)))


def legal_suffix(raw: str) -> str | None:
    """The last legal suffix of a name in its short form ('llc', 'inc', 'co', …), or None."""
    for token in reversed(words(raw)[1:]):
        if token in ("the", "and"):
            continue
        return _LEGAL_WORD_FORMS.get(token, token) if token in LEGAL_SUFFIXES else None
    return None


def has_series_number(tokens: list[str]) -> bool:
    """A standalone number after the first word, or a roman numeral ('II', 'VIII'; a lone
    'I', 'V' or 'X' only as the last word)."""
    last = len(tokens) - 1
    return any(
        token.isdigit() or (token in _ROMAN and (len(token) > 1 or position == last))
        for position, token in enumerate(tokens)
        if position > 0
    )


@lru_cache(maxsize=1 << 16)
def is_project_company(raw: str) -> bool:
    """True for a special-purpose company that owns one plant or project.

    Numbered companies ('KCE NY 10, LLC', 'AP Solar 4, LLC', 'Blue Stone Renewable VIII LLC')
    and LLC/LP names built on a plant word ('Bluebonnet Solar LLC', 'Prairie Wind Farm, LLC',
    'XYZ Energy Storage, LLC', 'ConnectGen Chautauqua County LLC') are; so is a name that says
    'Project' or 'Energy Center' without a suffix. Corporations (Inc, Corp, PLC, …), holding,
    development and service companies ('Invenergy Solar Development North America LLC',
    'SED NY Holdings LLC', 'First Solar, Inc.') and governments are not.
    """
    tokens = [token for token in words(raw) if token != "and"]
    suffix = legal_suffix(raw)
    if suffix in CORPORATE_SUFFIXES or not tokens:
        return False
    body = strip_legal_suffixes(tokens)
    if _GOVERNMENT.search(" ".join(body)):
        return False
    significant = set(normalized_words(body))
    has_llc = suffix in PROJECT_COMPANY_SUFFIXES
    if has_series_number(body):
        numbered_plant = has_llc or bool(significant & PROJECT_WORDS)
        return numbered_plant and not significant & _NUMBERED_BUT_NOT_PROJECT
    if significant & NOT_PROJECT_WORDS:
        return False
    text = " ".join(body)
    if "project" in significant or any(phrase in text for phrase in PROJECT_PHRASES):
        return True
    return has_llc and bool(significant & (PROJECT_WORDS | {"county"}))
