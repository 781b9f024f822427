"""How the evaluation compares names: keys blind to case, accents, punctuation and suffixes.

"Mesa Solar, L.L.C." and "Mesa Solar LLC" are one company; "The Mesa Solar Project" and
"Mesa Solar" one project. Only one trailing legal suffix or project word is dropped, so
"Harbor Point Holdings, Inc." keeps "holdings" and stays apart from "Harbor Point".
"""

from __future__ import annotations

import re

from maestro_assets.lib.extraction.geography import name_key

LEGAL_SUFFIX = re.compile(
    r"\s*\b(llc|l l c|inc|incorporated|lp|l p|corp|corporation|co|company|ltd|limited|plc|"
    r"ag|se|sa|s a|nv|n v|bv|b v|gmbh)\s*$"
)
PROJECT_SUFFIX = re.compile(r"\s*\b(project|facility)\s*$")


def name_words(value: str) -> str:
    """Lower-case words without accents, punctuation or a leading 'the'."""
    key = re.sub(r"^the ", "", name_key(value).replace(",", " "))
    key = re.sub(r"[()&\-]", " ", key)
    return re.sub(r"\s+", " ", key).strip()


def company_key(value: str | None) -> str | None:
    """'Mesa Solar, L.L.C.' → 'mesa solar'."""
    return None if value is None else LEGAL_SUFFIX.sub("", name_words(value)) or None


def project_key(value: str | None) -> str | None:
    """'The Mesa Solar Project' → 'mesa solar'."""
    return None if value is None else PROJECT_SUFFIX.sub("", name_words(value)) or None
