"""The procurement task: corporate purchases of clean energy (PPAs, green tariffs, RECs, on-site).

Matching rule of its evaluation. Each expected event takes the first still-unmatched predicted
event with the same buyer key (case, accents, punctuation and one legal suffix ignored:
"Meta Platforms, Inc." and "META PLATFORMS" agree; an unnamed buyer matches an unnamed one) and
the same contract type. Sellers compare like buyers, projects without a trailing "project" or
"facility", capacities as numbers.

Post-processing: an event in a US state is in the US (country "US" when the extractor left the
country empty).
"""

from __future__ import annotations

from typing import Any

from maestro_assets.lib.extraction.keys import company_key, project_key
from maestro_assets.lib.extraction.models import (
    ExtractionTask,
    ProcurementEvent,
    ProcurementExtraction,
)
from maestro_assets.lib.extraction.prompts import procurement as prompt
from maestro_assets.lib.extraction.rules import procurement as rules
from maestro_assets.lib.settings import BUNDLED_DATA_DIR

SCORED_FIELDS = (
    "buyer_name",
    "seller_name",
    "project_name",
    "technology",
    "capacity_mw",
    "contract_type",
    "state",
    "country",
    "announced_date",
)


def capacity_key(value: float | None) -> str | None:
    """150, 150.0 and 150.0004 MW are the same capacity."""
    return None if value is None else f"{round(value, 3):g}"


def same_event(predicted: ProcurementEvent, expected: ProcurementEvent) -> bool:
    return (
        company_key(predicted.buyer_name) == company_key(expected.buyer_name)
        and predicted.contract_type == expected.contract_type
    )


def with_country(event: ProcurementEvent) -> dict[str, Any]:
    """The event's values; a project in a US state is in the US."""
    values = event.model_dump()
    if values["state"] is not None and values["country"] is None:
        values["country"] = "US"
    return values


PROCUREMENT = ExtractionTask(
    name=prompt.TASK,
    event_model=ProcurementEvent,
    extraction_model=ProcurementExtraction,
    prompt=prompt,
    rules=rules.extract_events,
    rules_version=rules.RULES_VERSION,
    gold_dir=BUNDLED_DATA_DIR / "eval" / "procurement",
    scored_fields=SCORED_FIELDS,
    same_event=same_event,
    row_values=with_country,
    normalizers={
        "buyer_name": company_key,
        "seller_name": company_key,
        "project_name": project_key,
        "capacity_mw": capacity_key,
    },
)
