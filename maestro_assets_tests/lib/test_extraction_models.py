"""The event model and the strict JSON schema sent to the LLM."""

from datetime import date

import pytest
from pydantic import ValidationError

from maestro_assets.lib.extraction.models import (
    UNSUPPORTED_KEYWORDS,
    Extraction,
    OppositionEvent,
    event_date_start,
    response_format,
    strict_json_schema,
)

VALID = {
    "jurisdiction": "Linn County",
    "state": "IA",
    "county_fips": None,
    "event_type": "moratorium",
    "technology": "solar",
    "project_name": None,
    "developer_name": None,
    "event_date": "2022-10",
    "outcome": "adopted",
    "quote": "Linn County adopted a moratorium.",
}


def objects(node):
    if isinstance(node, dict):
        if node.get("type") == "object":
            yield node
        for value in node.values():
            yield from objects(value)
    elif isinstance(node, list):
        for item in node:
            yield from objects(item)


def keywords(node):
    if isinstance(node, dict):
        yield from node
        for value in node.values():
            yield from keywords(value)
    elif isinstance(node, list):
        for item in node:
            yield from keywords(item)


def test_every_object_in_the_schema_requires_all_its_properties_and_forbids_others():
    schema = strict_json_schema(Extraction)
    found = list(objects(schema))
    assert len(found) == 2  # Extraction and OppositionEvent
    for node in found:
        assert node["additionalProperties"] is False
        assert set(node["required"]) == set(node["properties"])
    assert not set(keywords(schema)) & set(UNSUPPORTED_KEYWORDS)


def test_the_response_format_is_a_strict_json_schema():
    fmt = response_format()
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == strict_json_schema(Extraction)
    assert response_format()["json_schema"]["schema"] is not fmt["json_schema"]["schema"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("event_type", "protest"),
        ("state", "Iowa"),
        ("county_fips", "1911"),
        ("event_date", "2023-13"),
        ("event_date", "2023-02-30"),
        ("event_date", "March 2023"),
        ("technology", "coal"),
        ("outcome", "maybe"),
        ("jurisdiction", ""),
        ("quote", ""),
    ],
)
def test_values_outside_the_schema_are_refused(field, value):
    with pytest.raises(ValidationError):
        OppositionEvent(**(VALID | {field: value}))


def test_an_event_needs_every_field_and_no_other():
    with pytest.raises(ValidationError):
        OppositionEvent(**{k: v for k, v in VALID.items() if k != "outcome"})
    with pytest.raises(ValidationError):
        OppositionEvent(**(VALID | {"confidence": 0.9}))


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2023", date(2023, 1, 1)), ("2023-03", date(2023, 3, 1)), ("2023-03-14", date(2023, 3, 14))],
)
def test_a_partial_date_starts_on_its_first_day(value, expected):
    assert event_date_start(value) == expected
