"""The brief's narrative: written by the LLM from the facts, or by a deterministic template.

With OPENAI_API_KEY set, one chat.completions call (the project's LlmConfig: model, base URL,
timeout, attempts) gets the narrative facts and nothing else. Its reply is checked sentence by
sentence (lib.brief.support); a reply that fails, or a call that fails, is replaced by the
template's narrative, and the Narrative says why. Without a key the template writes it. The
template states only values of the facts and cites every sentence, so it always passes.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import openai

from maestro_assets.lib.brief import prompt
from maestro_assets.lib.brief.support import narrative_problems
from maestro_assets.lib.extraction.llm import API_KEY_VARIABLE, LlmConfig, has_api_key

LLM, TEMPLATE = "llm", "template"
MAX_ERROR_CHARS = 300
LEAD_PHRASES = {
    "pipeline_movement": "leads pipeline movement",
    "regulatory_opposition": "faces the most regulatory opposition",
    "corporate_buyer_entry": "leads corporate buyer entry",
}
FOLLOWERS = 2  # after the leader of a type's first subject group, name this many more
KINDS_IN_REASON = 3  # the evidence kinds the template names for a leader
CHANGES_NAMED = 3  # per kind of change, the largest


@dataclass(frozen=True)
class Narrative:
    text: str
    source: str  # llm | template
    llm_outcome: str  # what happened to the LLM path, in words
    model: str | None = None
    prompt_version: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    rejected_text: str | None = None  # an LLM narrative that failed the check
    rejected_problems: tuple[str, ...] = field(default_factory=tuple)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "rejected_problems": list(self.rejected_problems)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Narrative:
        return cls(**{**data, "rejected_problems": tuple(data.get("rejected_problems") or ())})


class NarrativeError(Exception):
    """The LLM call failed; the message never holds the API key."""


# --- the template --------------------------------------------------------------------------


def cite(ids: Sequence[str]) -> str:
    return "".join(f"[{i}]" for i in ids)


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def joined(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def lead_sentence(signal_type: str, subject_type: str, fact: Mapping[str, Any]) -> str:
    lead = LEAD_PHRASES.get(signal_type, f"ranks first in {signal_type.replace('_', ' ')}")
    confidence = fact["confidence"]
    at = f" at confidence {confidence:.2f}" if confidence is not None else ""
    sources = f"{fact['sources']} source{'s' if fact['sources'] != 1 else ''}"
    return (
        f"{fact['subject_name']} {lead} among {plural(subject_type)}, with a score of "
        f"{fact['score']:.2f}{at} from {sources} {cite(fact['evidence_ids'])}."
    )


def reason_sentence(fact: Mapping[str, Any]) -> str | None:
    kinds = list(fact["evidence_by_kind"].items())[:KINDS_IN_REASON]
    if not kinds:
        return None
    latest = f", the latest on {fact['last_seen']}" if fact["last_seen"] else ""
    recorded = joined([f"{n} {label}" for label, n in kinds])
    return f"Its evidence records {recorded}{latest} {cite(fact['evidence_ids'])}."


def followers_sentence(facts: Sequence[Mapping[str, Any]]) -> str | None:
    if not facts:
        return None
    named = joined([f"{f['subject_name']} at {f['score']:.2f}" for f in facts])
    return f"Next come {named} {cite_all(facts)}."


def signal_paragraphs(facts: Mapping[str, Any]) -> list[str]:
    """One paragraph per signal type with data: the leader of each subject group; for the
    first group also what the leader's evidence records and who follows."""
    paragraphs = []
    for signal_type in facts["signal_types"]:
        sentences: list[str] = []
        for position, group in enumerate(signal_type["subjects"]):
            top = [f for f in group["top"] if f["evidence_ids"]]
            if not top:
                continue
            kind, subject = signal_type["signal_type"], group["subject_type"]
            sentences.append(lead_sentence(kind, subject, top[0]))
            if position == 0:
                sentences += filter(None, [reason_sentence(top[0])])
                sentences += filter(None, [followers_sentence(top[1 : 1 + FOLLOWERS])])
        if sentences:
            paragraphs.append(" ".join(sentences))
    return paragraphs


def score_move(change: Mapping[str, Any]) -> str:
    pct = f" ({change['change_pct']:+d}%)" if change["change_pct"] is not None else ""
    before, now = change["previous_score"], change["current_score"]
    return f"{change['subject_name']}, from {before:.2f} to {now:.2f}{pct}"


def cite_all(facts: Sequence[Mapping[str, Any]]) -> str:
    return "".join(cite(f["evidence_ids"]) for f in facts)


def change_sentences(facts: Mapping[str, Any]) -> list[str]:
    changes = facts["changes"]
    baseline = changes["baseline_as_of"]
    if baseline is None:
        return []
    citable = {
        kind: [c for c in changes[kind] if c["evidence_ids"]][:CHANGES_NAMED]
        for kind in ("new", "rising", "fading")
    }
    sentences = []
    if citable["new"]:
        named = joined(
            [f"{c['subject_name']} (score {c['current_score']:.2f})" for c in citable["new"]]
        )
        sentences.append(f"New since {baseline}: {named} {cite_all(citable['new'])}.")
    for kind, word in (("rising", "Rising"), ("fading", "Fading")):
        if citable[kind]:
            moves = joined([score_move(c) for c in citable[kind]])
            sentences.append(f"{word} since {baseline}: {moves} {cite_all(citable[kind])}.")
    return sentences


def template_narrative(facts: Mapping[str, Any]) -> str:
    """The narrative from the facts alone, deterministic: every sentence cites its evidence."""
    paragraphs = [*signal_paragraphs(facts), " ".join(change_sentences(facts))]
    return "\n\n".join(p for p in paragraphs if p)


# --- the LLM -------------------------------------------------------------------------------


def narrative_client(config: LlmConfig, environ: Mapping[str, str] | None = None) -> openai.OpenAI:
    env = os.environ if environ is None else environ
    key = env.get(API_KEY_VARIABLE)
    if not key:
        raise NarrativeError(f"the LLM narrative needs the environment variable {API_KEY_VARIABLE}")
    return openai.OpenAI(
        api_key=key,
        base_url=config.base_url,
        timeout=config.policy.timeout_seconds,
        # one narrative per brief: the client's own retries (429/5xx, Retry-After) suffice
        max_retries=max(0, config.policy.max_attempts - 1),
    )


def scrubbed(text: str, key: str | None) -> str:
    if key:
        text = text.replace(key, "[redacted]")
    return text[:MAX_ERROR_CHARS]


@dataclass(frozen=True)
class LlmReply:
    text: str
    prompt_tokens: int
    completion_tokens: int


def llm_narrative(facts: Mapping[str, Any], config: LlmConfig, client: openai.OpenAI) -> LlmReply:
    arguments: dict[str, Any] = {
        "model": config.model,
        "messages": prompt.messages(dict(facts)),
        "max_completion_tokens": config.max_output_tokens,
    }
    if config.temperature is not None:
        arguments["temperature"] = config.temperature
    try:
        completion = client.chat.completions.create(**arguments)
    except openai.OpenAIError as exc:
        raise NarrativeError(scrubbed(f"{type(exc).__name__}: {exc}", client.api_key)) from None
    message = completion.choices[0].message if completion.choices else None
    if message is None or not message.content:
        raise NarrativeError("the reply has no content")
    usage = completion.usage
    return LlmReply(
        message.content.strip(),
        getattr(usage, "prompt_tokens", 0) or 0,
        getattr(usage, "completion_tokens", 0) or 0,
    )


def write_narrative(
    facts: Mapping[str, Any],
    listed_ids: set[str],
    environ: Mapping[str, str] | None = None,
    config: LlmConfig | None = None,
    client: openai.OpenAI | None = None,
) -> Narrative:
    """The LLM's narrative when a key is set and it passes the check, else the template's."""
    template = template_narrative(facts)
    if client is None and not has_api_key(environ):
        return Narrative(template, TEMPLATE, f"not used: {API_KEY_VARIABLE} is not set")
    config = config or LlmConfig.from_env(environ)
    fallback = {"model": config.model, "prompt_version": prompt.PROMPT_VERSION}
    try:
        reply = llm_narrative(facts, config, client or narrative_client(config, environ))
    except NarrativeError as error:
        return Narrative(
            template, TEMPLATE, f"failed ({error}); the template wrote the narrative", **fallback
        )
    tokens = {"prompt_tokens": reply.prompt_tokens, "completion_tokens": reply.completion_tokens}
    problems = narrative_problems(reply.text, facts, listed_ids)
    if problems:
        return Narrative(
            template,
            TEMPLATE,
            f"rejected: {len(problems)} unsupported claim(s); the template wrote the narrative",
            rejected_text=reply.text,
            rejected_problems=tuple(str(p) for p in problems),
            **fallback,
            **tokens,
        )
    return Narrative(reply.text, LLM, "used", **fallback, **tokens)
