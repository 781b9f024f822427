"""The verbatim-quote rule: typography forgiven, wording never."""

import pytest

from maestro_assets.lib.extraction.quotes import (
    MIN_QUOTE_CHARS,
    normalize_for_quotes,
    quote_is_verbatim,
)

SOURCE = (
    "O\u2019Brien County: The county\u2019s solar ordinance, adopted in 2021, limits\n"
    "utility-scale solar facilities to 640\u00a0acres \u2014 and \u201cprohibits\u201d them "
    "on prime farmland."
)


@pytest.mark.parametrize(
    "quote",
    [
        "O'Brien County: The county's solar ordinance, adopted in 2021, limits",
        "limits utility-scale solar facilities to 640 acres",  # newline and NBSP in the source
        'to 640 acres - and "prohibits" them on prime farmland.',  # em dash, curly quotes
        "  The county\u2019s solar   ordinance  ",
    ],
)
def test_quotes_differing_only_in_typography_and_spacing_are_found(quote):
    assert quote_is_verbatim(quote, SOURCE)


@pytest.mark.parametrize(
    "quote",
    [
        "The county's wind ordinance, adopted in 2021",  # a changed word
        "the county's solar ordinance, adopted in 2021",  # changed case
        "The county's solar ordinance ... limits utility-scale solar",  # an elision
        "The county adopted a moratorium on solar in 2021.",  # invented
        "640 acres",  # too short to prove anything
    ],
)
def test_quotes_that_change_the_wording_are_rejected(quote):
    assert not quote_is_verbatim(quote, SOURCE)


def test_short_quotes_are_rejected_even_when_present():
    short = SOURCE[: MIN_QUOTE_CHARS - 1]
    assert short in SOURCE
    assert not quote_is_verbatim(short, SOURCE)


def test_normalization_unifies_marks_and_collapses_whitespace():
    assert normalize_for_quotes("\u201cA\u201d \u2013\n\t\u2018b\u2019\u2026") == "\"A\" - 'b'..."
