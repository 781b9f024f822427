"""What an extraction returns, validated by pydantic, and the framework's plain types.

One event model per task (OppositionEvent, ProcurementEvent), each wrapped in an extraction of
zero or more events. The same models give the JSON schema sent to the LLM (structured outputs,
strict mode) and validate every reply, so a reply that parses but breaks the schema is caught
here, not in SQL. Every field is required and nullable (a quote excepted): strict structured
outputs need all properties listed as required, and "null" is how the model says the text does
not tell. `ExtractionTask` declares one task: its models, prompt, rules, gold set and scoring.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from maestro_assets.lib.extraction.geography import load_gazetteer

EventType = Literal[
    "moratorium",
    "restrictive_ordinance",
    "permit_denial",
    "lawsuit",
    "contested_hearing",
    "state_law",
    "other",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__

# The project's canonical fuel words (dbt macro canonical_fuel) where they apply to opposition;
# "multiple" is an event that covers several technologies (e.g. a wind and solar moratorium).
Technology = Literal["solar", "wind", "offshore_wind", "storage", "multiple", "other"]
TECHNOLOGIES: tuple[str, ...] = Technology.__args__

Outcome = Literal[
    "proposed",  # under consideration: a draft ordinance, a hearing ahead, a bill introduced
    "adopted",  # a moratorium, ordinance or law was enacted
    "extended",  # an existing moratorium or restriction was extended
    "rescinded",  # lifted, repealed, expired or struck down by its own body
    "denied",  # a permit, certificate or application was refused
    "approved",  # approved despite the opposition
    "withdrawn",  # the developer withdrew or abandoned the project
    "filed",  # a lawsuit or appeal was filed and is pending
    "ruled_against_project",  # a court or board decided for the opponents
    "ruled_for_project",  # a court or board decided for the project
]
OUTCOMES: tuple[str, ...] = Outcome.__args__

PARTIAL_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# Dropped from the schema sent to the LLM; pydantic still enforces them on every reply. Strict
# mode rejects defaults and length bounds; numeric bounds are not accepted by every
# OpenAI-compatible server.
UNSUPPORTED_KEYWORDS = (
    "default",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
)


class OppositionEvent(BaseModel):
    """One act of regulatory opposition to a renewable-energy facility, as a text states it."""

    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = Field(
        min_length=1,
        description=(
            "The government body's jurisdiction as the text names it, without the state: "
            "'Lee County', 'Town of Ellisburg', 'Caddo Parish'; the state's name for a state law."
        ),
    )
    state: str | None = Field(
        pattern=r"^[A-Z]{2}$", description="Two-letter USPS code of the state, e.g. 'IA'."
    )
    county_fips: str | None = Field(
        pattern=r"^\d{5}$",
        description="Five-digit county FIPS code only if the text states it; otherwise null.",
    )
    event_type: EventType
    technology: Technology | None
    project_name: str | None = Field(description="The named project, e.g. 'Mesa Solar Farm'.")
    developer_name: str | None = Field(
        description="The company developing the project as the text names it."
    )
    event_date: str | None = Field(
        pattern=PARTIAL_DATE,
        description="As precise as the text: 'YYYY-MM-DD', 'YYYY-MM' (month only) or 'YYYY'.",
    )
    outcome: Outcome | None
    quote: str = Field(
        min_length=1,
        description="One sentence copied verbatim from the document that states the event.",
    )

    @field_validator("event_date")
    @classmethod
    def _real_calendar_date(cls, value: str | None) -> str | None:
        if value is not None:
            event_date_start(value)  # raises ValueError on month 13, February 30, ...
        return value


class Extraction(BaseModel):
    """Everything extracted from one document: zero, one or several events."""

    model_config = ConfigDict(extra="forbid")

    events: list[OppositionEvent]


# --- corporate clean-energy procurement ---------------------------------------------------------

ProcurementTechnology = Literal[
    "solar", "wind", "offshore_wind", "storage", "geothermal", "hydro", "nuclear", "multiple",
    "other",
]  # fmt: skip
PROCUREMENT_TECHNOLOGIES: tuple[str, ...] = ProcurementTechnology.__args__

ContractType = Literal[
    "physical_ppa",  # power delivered to the buyer (a sleeved or physical power purchase agreement)
    "virtual_ppa",  # a financial, virtual or synthetic PPA: a contract for differences plus RECs
    "green_tariff",  # a utility's renewable tariff or subscription program
    "rec_purchase",  # renewable energy credits (certificates, GOs) bought without the power
    "onsite",  # generation on the buyer's own site (rooftop, carport, behind the meter)
    "other",
]
CONTRACT_TYPES: tuple[str, ...] = ContractType.__args__


class ProcurementEvent(BaseModel):
    """One corporate clean-energy purchase, as a text states it."""

    model_config = ConfigDict(extra="forbid")

    buyer_name: str | None = Field(
        description="The company buying the energy or certificates, as the text names it."
    )
    seller_name: str | None = Field(
        description="The developer, owner or utility selling it, as the text names it."
    )
    project_name: str | None = Field(description="The named project, e.g. 'Mesa Solar Farm'.")
    technology: ProcurementTechnology | None
    capacity_mw: float | None = Field(
        gt=0, description="Contracted capacity in megawatts (AC), as the text states it."
    )
    contract_type: ContractType | None
    state: str | None = Field(
        pattern=r"^[A-Z]{2}$", description="Two-letter USPS code of the project's US state."
    )
    country: str | None = Field(
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166-1 alpha-2 code of the project's country, when the text tells.",
    )
    announced_date: str | None = Field(
        pattern=PARTIAL_DATE,
        description="As precise as the text: 'YYYY-MM-DD', 'YYYY-MM' (month only) or 'YYYY'.",
    )
    quote: str = Field(
        min_length=1,
        description="One sentence copied verbatim from the document that states the purchase.",
    )

    @field_validator("announced_date")
    @classmethod
    def _real_calendar_date(cls, value: str | None) -> str | None:
        if value is not None:
            event_date_start(value)
        return value

    @field_validator("state")
    @classmethod
    def _a_us_state(cls, value: str | None) -> str | None:
        if value is not None and value not in load_gazetteer().state_names:
            raise ValueError(f"not a US state or territory code: {value!r}")
        return value


class ProcurementExtraction(BaseModel):
    """Every procurement event of one document: zero, one or several."""

    model_config = ConfigDict(extra="forbid")

    events: list[ProcurementEvent]


def event_date_start(value: str) -> date:
    """The first day a partial ISO date ('2023', '2023-03', '2023-03-14') can mean."""
    if not re.fullmatch(PARTIAL_DATE, value):
        raise ValueError(f"not a YYYY, YYYY-MM or YYYY-MM-DD date: {value!r}")
    parts = [int(part) for part in value.split("-")]
    year, month, day = (*parts, 1, 1)[:3]
    return date(year, month, day)


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form strict structured outputs accept.

    Every object lists all its properties as required and forbids others; defaults and length
    bounds are dropped (strict mode rejects them; pydantic still enforces the bounds on every
    reply). The result is a fresh dict on every call.
    """
    schema = copy.deepcopy(model.model_json_schema())
    _make_strict(schema)
    return schema


def _make_strict(node: Any) -> None:
    if isinstance(node, dict):
        for keyword in UNSUPPORTED_KEYWORDS:
            node.pop(keyword, None)
        if node.get("type") == "object" and "properties" in node:
            node["required"] = list(node["properties"])
            node["additionalProperties"] = False
        for value in node.values():
            _make_strict(value)
    elif isinstance(node, list):
        for item in node:
            _make_strict(item)


def response_format(model: type[BaseModel] = Extraction) -> dict[str, Any]:
    """The `response_format` argument of chat.completions.create for `model`."""
    return {
        "type": "json_schema",
        "json_schema": {
            "name": model.__name__.lower(),
            "schema": strict_json_schema(model),
            "strict": True,
        },
    }


# --- the framework's plain types --------------------------------------------------------------


class Status(StrEnum):
    """What became of one document (or, for REJECTED_QUOTE, of one extracted event)."""

    OK = "ok"
    REJECTED_QUOTE = "rejected_quote"  # an event whose quote is not in its document
    INVALID_JSON = "invalid_json"  # the reply is not JSON (or is empty)
    SCHEMA_ERROR = "schema_error"  # JSON that does not validate against Extraction
    RATE_LIMITED = "rate_limited"  # still 429 after every retry
    TIMEOUT = "timeout"  # no reply within the timeout, after every retry
    API_ERROR = "api_error"  # any other refusal of the API (401, 400, 5xx after retries)
    ERROR = "error"  # an unexpected exception while handling this document
    OVER_BUDGET = "over_budget"  # deferred to a later run: this run's budget is spent


@dataclass(frozen=True)
class Document:
    """One text to extract from, keyed by the SHA-256 of its UTF-8 bytes."""

    sha256: str
    text: str
    source_id: str
    url: str | None = None

    @classmethod
    def from_text(cls, text: str, source_id: str, url: str | None = None) -> Document:
        return cls(hashlib.sha256(text.encode("utf-8")).hexdigest(), text, source_id, url)


@dataclass(frozen=True)
class Reply:
    """An extractor's answer for one document, before validation.

    `content` is the JSON text of an Extraction when status is OK; failures carry a short
    `error` (never a secret). Token counts are what this call cost.
    """

    status: Status
    content: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    retries: int = 0
    error: str | None = None

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class Extractor(Protocol):
    """What run.py needs from an extractor (the LLM one and the rule-based one)."""

    extractor: str  # "llm" or "heuristic": written on every row
    model: str
    prompt_version: str  # task-specific: part of the cache key
    billable: bool  # calls cost tokens: the cache and the budget apply
    task: ExtractionTask  # what the replies are validated and stored as

    def estimate_tokens(self, document: Document) -> int: ...

    def extract(self, document: Document) -> Reply: ...


# --- the task declaration -----------------------------------------------------------------------

EVENT_FIELD = "event"  # the score of event matching itself, beside the per-field scores


class PromptModule(Protocol):
    """A module under prompts/: the system text, its version, and the framed document."""

    PROMPT_VERSION: str
    SYSTEM_PROMPT: str

    def user_message(self, text: str, document_sha256: str) -> str: ...


def plain_value(value: Any) -> str | None:
    """The default normalizer before comparing a field: the value as stripped text."""
    return None if value is None else str(value).strip()


@dataclass(frozen=True)
class ExtractionTask:
    """Everything the framework needs to know about one extraction task.

    Run, cache, LLM client and evaluation are written once; a task brings its models, its
    prompt and rules (each with a version of its own, so the cache never mixes tasks), its gold
    set, how its fields are compared and how two events are recognized as the same, and
    `row_values`, the post-processing of a validated event into stored values (e.g. a place
    normalized to state and county FIPS).
    """

    name: str
    event_model: type[BaseModel]
    extraction_model: type[BaseModel]  # {"events": [event_model, ...]}
    prompt: PromptModule
    rules: Callable[[str], Sequence[Any]]  # the rule-based extractor: text → events
    rules_version: str
    gold_dir: Path
    scored_fields: tuple[str, ...]
    same_event: Callable[[Any, Any], bool]  # (predicted, expected) → one and the same event
    row_values: Callable[[Any], dict[str, Any]]
    normalizers: Mapping[str, Callable[[Any], str | None]] = field(default_factory=dict)

    @property
    def prompt_version(self) -> str:
        return self.prompt.PROMPT_VERSION

    @property
    def event_fields(self) -> tuple[str, ...]:
        return tuple(self.event_model.model_fields)

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields an evaluation scores: the event itself, then each scored field."""
        return (EVENT_FIELD, *self.scored_fields)

    def field_value(self, event: Any, name: str) -> str | None:
        """The field of `event` as compared by the evaluation."""
        return self.normalizers.get(name, plain_value)(getattr(event, name))
