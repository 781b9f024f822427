"""The brief's LLM narrative through the real openai client, against a local OpenAI-compatible
server (the standard library's http.server on 127.0.0.1 in a thread). Each test scripts the
reply from the request it receives and reads back what the client sent. No network."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from maestro_assets.lib.brief import prompt
from maestro_assets.lib.brief.build import build_brief, verify_brief
from maestro_assets.lib.brief.narrative import LLM, TEMPLATE
from maestro_assets.lib.extraction.llm import LlmConfig
from maestro_assets.lib.http import HttpPolicy
from maestro_assets_tests.lib.test_brief import (
    AS_OF,
    EVALUATIONS,
    SOURCES,
    create_fixture_warehouse,
)

API_KEY = "sk-test-brief-9Xq2NOT-A-REAL-KEY"
MODEL = "brief-test-model"
Reply = tuple[int, dict[str, Any]]


class FakeChatServer:
    """/v1/chat/completions answering from `respond(request body)`; records every body."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.respond: Callable[[dict[str, Any]], Reply] = lambda body: (500, {"error": {}})
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("content-length", "0"))))
                fake.requests.append(body)
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                status, payload = fake.respond(body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"


@pytest.fixture
def server() -> Iterator[FakeChatServer]:
    fake = FakeChatServer()
    fake.thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


def completion(content: str) -> Reply:
    return 200, {
        "id": "chatcmpl-brief",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content},
            }
        ],
        "usage": {"prompt_tokens": 900, "completion_tokens": 80, "total_tokens": 980},
    }


def facts_sent(body: dict[str, Any]) -> dict[str, Any]:
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return json.loads(user.removeprefix("Facts (JSON):\n"))


def leader(facts: dict[str, Any]) -> dict[str, Any]:
    return facts["signal_types"][0]["subjects"][0]["top"][0]


def cites(fact: dict[str, Any]) -> str:
    return "".join(f"[{i}]" for i in fact["evidence_ids"])


def reply_about_the_leader(score_offset: float = 0.0, cite_ids: bool = True):
    """A reply written from the facts the server received, as a model would."""

    def respond(body: dict[str, Any]) -> Reply:
        fact = leader(facts_sent(body))
        citation = cites(fact) if cite_ids else "[ev:ffffff]"
        return completion(
            f"{fact['subject_name']} leads pipeline movement with a score of "
            f"{fact['score'] + score_offset} from {fact['sources']} sources {citation}."
        )

    return respond


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    return create_fixture_warehouse(tmp_path / "data" / "maestro.duckdb")


def build_with_llm(warehouse: Path, server: FakeChatServer, environ: dict[str, str] | None = None):
    config = LlmConfig(
        model=MODEL,
        base_url=server.base_url,
        policy=HttpPolicy(timeout_seconds=5.0, max_attempts=1),
    )
    return build_brief(
        warehouse,
        warehouse.parent / "briefs",
        AS_OF,
        sources=SOURCES,
        evaluations=EVALUATIONS,
        environ={"OPENAI_API_KEY": API_KEY} if environ is None else environ,
        llm_config=config,
    )


def verify(warehouse: Path):
    return verify_brief(
        warehouse, warehouse.parent / "briefs", AS_OF, sources=SOURCES, evaluations=EVALUATIONS
    )


def test_a_supported_llm_narrative_is_used_and_the_model_got_the_facts_only(warehouse, server):
    server.respond = reply_about_the_leader()
    built = build_with_llm(warehouse, server)
    narrative = built.brief.narrative
    assert narrative.source == LLM
    assert narrative.model == MODEL and narrative.prompt_version == prompt.PROMPT_VERSION
    assert (narrative.prompt_tokens, narrative.completion_tokens) == (900, 80)
    (request,) = server.requests
    assert request["model"] == MODEL
    assert request["messages"][0] == {"role": "system", "content": prompt.SYSTEM_PROMPT}
    assert facts_sent(request) == built.facts  # the facts JSON, nothing else
    assert server.headers[0]["authorization"] == f"Bearer {API_KEY}"
    fact = leader(built.facts)
    assert narrative.text.startswith(f"{fact['subject_name']} leads pipeline movement")
    assert narrative.text.endswith(f"{cites(fact)}.")
    assert json.loads(built.paths.narrative.read_text())["text"] == narrative.text
    assert "Written by brief-test-model" in built.markdown
    verdict = verify(warehouse)
    assert verdict.passed
    assert verdict.metadata["narrative_source"] == LLM


def test_a_reply_with_a_wrong_number_falls_back_to_the_template_and_says_so(warehouse, server):
    server.respond = reply_about_the_leader(score_offset=1.0)
    built = build_with_llm(warehouse, server)
    narrative = built.brief.narrative
    assert narrative.source == TEMPLATE
    assert narrative.llm_outcome.startswith("rejected: 1 unsupported claim")
    wrong = leader(built.facts)["score"] + 1.0
    assert str(wrong) in narrative.rejected_text
    assert any("unsupported_number" in p and str(wrong) in p for p in narrative.rejected_problems)
    assert str(wrong) not in narrative.text
    assert built.summary()["narrative_source"] == TEMPLATE
    assert "rejected" in built.markdown  # the brief itself says the template wrote it
    verdict = verify(warehouse)
    assert verdict.passed  # the template's narrative stands …
    assert "LLM narrative was rejected" in verdict.description  # … and the check reports why
    assert verdict.metadata["rejected_llm_problems"] == list(narrative.rejected_problems)


def test_a_reply_citing_evidence_the_brief_does_not_list_falls_back(warehouse, server):
    server.respond = reply_about_the_leader(cite_ids=False)
    narrative = build_with_llm(warehouse, server).brief.narrative
    assert narrative.source == TEMPLATE
    assert any(p.startswith("unknown_evidence") for p in narrative.rejected_problems)


def test_a_failing_server_falls_back_without_the_key_in_any_message(warehouse, server):
    server.respond = lambda body: (500, {"error": {"message": f"bad key {API_KEY}"}})
    built = build_with_llm(warehouse, server)
    narrative = built.brief.narrative
    assert narrative.source == TEMPLATE
    assert narrative.llm_outcome.startswith("failed (")
    assert len(server.requests) == 1  # max_attempts=1: no retry
    for text in (narrative.llm_outcome, built.paths.narrative.read_text(), built.markdown):
        assert API_KEY not in text
    assert verify(warehouse).passed


def test_without_a_key_no_request_is_sent(warehouse, server):
    server.respond = reply_about_the_leader()
    narrative = build_with_llm(warehouse, server, environ={}).brief.narrative
    assert narrative.source == TEMPLATE
    assert "OPENAI_API_KEY is not set" in narrative.llm_outcome
    assert server.requests == []
