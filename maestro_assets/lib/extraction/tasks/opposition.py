"""The opposition task: regulatory opposition to renewable-energy facilities.

Matching rule of its evaluation. Each expected event takes the first still-unmatched predicted
event with the same event_type whose jurisdiction agrees: the same jurisdiction key (case,
accents, punctuation, "Saint"/"St.", a parenthesized county and a trailing state ignored: "Town
of Ellisburg (Jefferson County)" and "town of ellisburg, NY" agree), or the same non-null
county FIPS. Developers compare without a legal suffix (LLC, Inc, LP, Corp, Co, Ltd), projects
without a trailing "project" or "facility".

Post-processing: every event's place is normalized to a state and a county FIPS from its
jurisdiction (geography.normalize_place), whatever the extractor said.
"""

from __future__ import annotations

import re
from typing import Any

from maestro_assets.lib.extraction.geography import (
    load_gazetteer,
    name_key,
    normalize_place,
    split_parenthesis,
    split_trailing_state,
)
from maestro_assets.lib.extraction.keys import company_key, project_key
from maestro_assets.lib.extraction.models import Extraction, ExtractionTask, OppositionEvent
from maestro_assets.lib.extraction.prompts import opposition as prompt
from maestro_assets.lib.extraction.rules import opposition as rules
from maestro_assets.lib.settings import BUNDLED_DATA_DIR

SCORED_FIELDS = (
    "state",
    "county_fips",
    "technology",
    "project_name",
    "developer_name",
    "event_date",
    "outcome",
)


def jurisdiction_key(jurisdiction: str) -> str:
    """'Town of Ellisburg (Jefferson County)', 'town of Ellisburg, NY' → 'town of ellisburg'."""
    _, outside = split_parenthesis(jurisdiction)
    outside, _ = split_trailing_state(outside, load_gazetteer())
    return re.sub(r"^the ", "", name_key(outside))


def jurisdictions_agree(predicted: OppositionEvent, expected: OppositionEvent) -> bool:
    if jurisdiction_key(predicted.jurisdiction) == jurisdiction_key(expected.jurisdiction):
        return True
    return predicted.county_fips is not None and predicted.county_fips == expected.county_fips


def same_event(predicted: OppositionEvent, expected: OppositionEvent) -> bool:
    return predicted.event_type == expected.event_type and jurisdictions_agree(predicted, expected)


def place_normalized(event: OppositionEvent) -> dict[str, Any]:
    """The event's values with state and county FIPS resolved from its jurisdiction."""
    place = normalize_place(event.jurisdiction, event.state, event.county_fips)
    return event.model_dump() | {"state": place.state, "county_fips": place.county_fips}


OPPOSITION = ExtractionTask(
    name=prompt.TASK,
    event_model=OppositionEvent,
    extraction_model=Extraction,
    prompt=prompt,
    rules=rules.extract_events,
    rules_version=rules.RULES_VERSION,
    gold_dir=BUNDLED_DATA_DIR / "eval" / "opposition",
    scored_fields=SCORED_FIELDS,
    same_event=same_event,
    row_values=place_normalized,
    normalizers={"project_name": project_key, "developer_name": company_key},
)
