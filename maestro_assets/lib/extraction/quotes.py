"""The verbatim-quote rule: an extracted event must quote its own document.

A quote counts as found when, after the same normalization of both texts, it is a substring
of the document. Normalization forgives only typography, never wording: Unicode compatibility
forms, curly versus straight quote marks, dash variants, non-breaking and repeated whitespace.
Case, words and punctuation otherwise must match. A quote shorter than MIN_QUOTE_CHARS is
rejected: a few words are found in almost any text and prove nothing.
"""

from __future__ import annotations

import re
import unicodedata

MIN_QUOTE_CHARS = 15

_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark, apostrophe
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",  # prime
        "\u0060": "'",  # grave accent used as a quote
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2212": "-",  # minus sign
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
    }
)
_WHITESPACE = re.compile(r"\s+")


def normalize_for_quotes(text: str) -> str:
    """Text with typographic variants unified and whitespace runs collapsed to one space."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _WHITESPACE.sub(" ", text).strip()


def quote_is_verbatim(quote: str, source_text: str) -> bool:
    """True when `quote` appears in `source_text` up to typography and whitespace."""
    needle = normalize_for_quotes(quote)
    if len(needle) < MIN_QUOTE_CHARS:
        return False
    return needle in normalize_for_quotes(source_text)
