"""Jurisdiction text → state and county FIPS, from the bundled Census county list."""

import csv

import pytest

from maestro_assets.lib.extraction.geography import (
    COUNTY_REFERENCE,
    REFERENCE_COLUMNS,
    county_reference_csv,
    county_reference_rows,
    load_gazetteer,
    locate,
    normalize_place,
)
from maestro_assets.lib.synthetic.eia860m import STATES


@pytest.mark.parametrize(
    ("jurisdiction", "state", "expected"),
    [
        ("Lee County", "FL", ("FL", "12071")),
        ("Lee County", "Iowa", ("IA", "19111")),
        ("LEE COUNTY", "ia", ("IA", "19111")),
        ("lee county, Iowa", None, ("IA", "19111")),
        ("St. Lucie County", "FL", ("FL", "12111")),
        ("Saint Lucie", "FL", ("FL", "12111")),
        ("St Lucie County, Florida", None, ("FL", "12111")),
        ("Caddo Parish", None, ("LA", "22017")),
        ("Caddo County", "OK", ("OK", "40015")),
        ("Town of Ellisburg (Jefferson County)", "NY", ("NY", "36045")),
        ("Town of Ellisburg", "NY", ("NY", None)),
        ("Union Township (Champaign County)", "OH", ("OH", "39021")),
        ("City of Richmond", "VA", ("VA", "51760")),  # the independent city
        ("Richmond County", "VA", ("VA", "51159")),
        ("O\u2019Brien County", "IA", ("IA", "19141")),
        ("Dona Ana County", "NM", ("NM", "35013")),
        ("Salinas", "PR", ("PR", "72123")),
        ("Ohio", None, ("OH", None)),
        ("State of Ohio", None, ("OH", None)),
        ("Ford and Gray Counties", "KS", ("KS", None)),
        ("Lee County", None, (None, None)),  # a dozen states have one
        ("Austin", None, (None, None)),  # a bare name is no county without a state
        ("Kossuth", "IA", ("IA", "19109")),
    ],
)
def test_jurisdictions_resolve_to_state_and_county(jurisdiction, state, expected):
    place = locate(jurisdiction, state)
    assert (place.state, place.county_fips) == expected


def test_every_county_of_the_simulated_fleet_resolves_in_its_state():
    gazetteer = load_gazetteer()
    for code, info in STATES.items():
        for county in info.counties:
            fips = locate(county, code).county_fips
            assert fips is not None, (county, code)
            assert gazetteer.county_state(fips) == code


def test_a_county_fips_given_by_the_model_is_kept_only_when_it_fits_the_state():
    assert normalize_place("Town of Wallkill", "NY", "36071").county_fips == "36071"
    assert normalize_place("Town of Wallkill", "NY", "12071").county_fips is None  # a FL code
    assert normalize_place("Town of Wallkill", "NY", "99999").county_fips is None
    assert normalize_place("Lee County", None, "12071") == normalize_place("Lee County", "FL")


def test_the_jurisdictions_county_wins_over_a_fips_the_model_made_up():
    assert normalize_place("Kossuth County", "IA", "19001").county_fips == "19109"


def test_the_bundled_list_covers_every_state_and_county_equivalent():
    with COUNTY_REFERENCE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == REFERENCE_COLUMNS
    states = {row["state"] for row in rows}
    assert len(states - {"PR", "GU", "VI", "AS", "MP"}) == 51  # 50 states and DC
    assert (
        len({row["county_fips"] for row in rows if row["state"] not in ("AS", "GU", "MP", "VI")})
        >= 3_221
    )
    assert all(row["county_fips"].startswith(row["state_fips"]) for row in rows)
    texas = [row for row in rows if row["state"] == "TX"]
    assert len(texas) == 254


def test_the_bundled_list_is_exactly_what_the_generator_writes():
    pytest.importorskip("addfips")
    assert county_reference_csv(county_reference_rows()) == COUNTY_REFERENCE.read_text("utf-8")
