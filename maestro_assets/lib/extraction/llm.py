"""The LLM extractor: the openai client against any OpenAI-compatible server.

Configuration comes from the environment: OPENAI_API_KEY (read when the client is built and
kept only inside it), OPENAI_BASE_URL (any OpenAI-compatible server; unset means OpenAI) and
MAESTRO_LLM_MODEL. Each document is one chat.completions call with the task's prompt and
structured outputs: the JSON schema of the task's extraction model, strict. The openai client's
own retries are switched off so that this module decides, and counts, every retry: a 429 or a
5xx waits for Retry-After when the server sends one (else exponential backoff) and tries again;
a timeout is retried the same way; whatever still fails after the last attempt is a counted
failure of that document alone.
No error text leaves this module without the API key scrubbed from it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import openai

from maestro_assets.lib.extraction.models import (
    Document,
    ExtractionTask,
    Reply,
    Status,
    response_format,
)
from maestro_assets.lib.extraction.tasks import OPPOSITION
from maestro_assets.lib.http import HttpPolicy, backoff_delay, retry_after_seconds

API_KEY_VARIABLE = "OPENAI_API_KEY"
BASE_URL_VARIABLE = "OPENAI_BASE_URL"
MODEL_VARIABLE = "MAESTRO_LLM_MODEL"
DEFAULT_MODEL = "gpt-4o-mini"
CHARS_PER_TOKEN = 4  # a coarse, conservative estimate for English text
MAX_ERROR_CHARS = 300


@dataclass(frozen=True)
class LlmConfig:
    """Everything about the LLM except the key; safe to log and to show as metadata."""

    model: str = DEFAULT_MODEL
    base_url: str | None = None
    policy: HttpPolicy = field(
        default_factory=lambda: HttpPolicy(
            timeout_seconds=60.0, max_attempts=4, backoff_seconds=1.0, max_backoff_seconds=60.0
        )
    )
    max_output_tokens: int = 1500
    temperature: float | None = 0.0  # None: leave it to the server (some models accept no other)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides) -> LlmConfig:
        env = os.environ if environ is None else environ
        values = {
            "model": env.get(MODEL_VARIABLE) or DEFAULT_MODEL,
            "base_url": env.get(BASE_URL_VARIABLE) or None,
        }
        return cls(**{**values, **overrides})


def has_api_key(environ: Mapping[str, str] | None = None) -> bool:
    env = os.environ if environ is None else environ
    return bool(env.get(API_KEY_VARIABLE))


def build_client(config: LlmConfig, environ: Mapping[str, str] | None = None) -> openai.OpenAI:
    env = os.environ if environ is None else environ
    key = env.get(API_KEY_VARIABLE)
    if not key:
        raise ValueError(f"the LLM extractor needs the environment variable {API_KEY_VARIABLE}")
    return openai.OpenAI(
        api_key=key,
        base_url=config.base_url,
        timeout=config.policy.timeout_seconds,
        max_retries=0,  # retries are decided and counted in LlmExtractor
    )


@dataclass(frozen=True)
class Attempt:
    """How one call ended: a reply, or a failure and whether to try again (after how long)."""

    reply: Reply | None = None
    status: Status | None = None
    error: str | None = None
    retryable: bool = False
    retry_after: float | None = None


class LlmExtractor:
    """Extracts the task's events from one document per chat.completions call."""

    extractor = "llm"
    billable = True

    def __init__(
        self,
        config: LlmConfig,
        environ: Mapping[str, str] | None = None,
        client: openai.OpenAI | None = None,
        sleep: Callable[[float], None] = time.sleep,
        task: ExtractionTask = OPPOSITION,
    ) -> None:
        self.config = config
        self.task = task
        self.model = config.model
        self.prompt_version = task.prompt_version
        self._client = client or build_client(config, environ)
        self._sleep = sleep

    def messages(self, document: Document) -> list[dict[str, str]]:
        return [
            {"role": "system", "content": self.task.prompt.SYSTEM_PROMPT},
            {
                "role": "user",
                "content": self.task.prompt.user_message(document.text, document.sha256),
            },
        ]

    def estimate_tokens(self, document: Document) -> int:
        prompt_chars = sum(len(m["content"]) for m in self.messages(document))
        return prompt_chars // CHARS_PER_TOKEN + self.config.max_output_tokens

    def extract(self, document: Document) -> Reply:
        policy = self.config.policy
        attempts = max(1, policy.max_attempts)
        for number in range(1, attempts + 1):
            attempt = self._call(document)
            if attempt.reply is not None:
                return replace(attempt.reply, retries=number - 1)
            if not attempt.retryable or number == attempts:
                return Reply(
                    attempt.status or Status.API_ERROR, error=attempt.error, retries=number - 1
                )
            self._sleep(backoff_delay(number, policy, attempt.retry_after))
        raise AssertionError("unreachable: the last attempt always returns")

    def _call(self, document: Document) -> Attempt:
        arguments = {
            "model": self.model,
            "messages": self.messages(document),
            "response_format": response_format(self.task.extraction_model),
            "max_completion_tokens": self.config.max_output_tokens,
        }
        if self.config.temperature is not None:
            arguments["temperature"] = self.config.temperature
        try:
            completion = self._client.chat.completions.create(**arguments)
        except openai.RateLimitError as exc:
            return self._failure(Status.RATE_LIMITED, exc, True, _retry_after(exc))
        except openai.APITimeoutError as exc:
            return self._failure(Status.TIMEOUT, exc, True)
        except openai.APIConnectionError as exc:
            return self._failure(Status.API_ERROR, exc, True)
        except openai.APIStatusError as exc:
            retryable = exc.status_code >= 500 or exc.status_code in (408, 409)
            return self._failure(Status.API_ERROR, exc, retryable, _retry_after(exc))
        except openai.OpenAIError as exc:
            return self._failure(Status.API_ERROR, exc, False)
        return Attempt(reply=reply_from_completion(completion))

    def _failure(
        self, status: Status, exc: Exception, retryable: bool, retry_after: float | None = None
    ) -> Attempt:
        return Attempt(
            status=status,
            error=self.scrub(f"{type(exc).__name__}: {exc}"),
            retryable=retryable,
            retry_after=retry_after,
        )

    def scrub(self, text: str) -> str:
        """The text cut short and without the API key, should a server ever echo it."""
        key = self._client.api_key
        if key:
            text = text.replace(key, "[redacted]")
        return text[:MAX_ERROR_CHARS]


def reply_from_completion(completion) -> Reply:
    """The JSON text and token usage of a completion; no content is an invalid_json reply."""
    usage = completion.usage
    prompt_tokens = getattr(usage, "prompt_tokens", 0) or 0
    completion_tokens = getattr(usage, "completion_tokens", 0) or 0
    message = completion.choices[0].message if completion.choices else None
    content = message.content if message is not None else None
    if not content:
        refusal = getattr(message, "refusal", None) if message is not None else None
        return Reply(
            Status.INVALID_JSON,
            None,
            prompt_tokens,
            completion_tokens,
            error=f"no content in the reply{f' (refusal: {refusal[:200]})' if refusal else ''}",
        )
    return Reply(Status.OK, content, prompt_tokens, completion_tokens)


def _retry_after(exc: openai.APIStatusError) -> float | None:
    return retry_after_seconds(exc.response.headers.get("retry-after"))
