"""The LLM extractor through the real openai client, against a local OpenAI-compatible server.

The server is the standard library's http.server on 127.0.0.1 in a thread; each test scripts
its replies and reads back what the client sent. No network, no sleeping on retries (the
extractor's sleep is recorded instead), one short real timeout.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import duckdb
import pytest

from maestro_assets.lib.extraction import active_extractor
from maestro_assets.lib.extraction.cache import ExtractionCache, RunBudget
from maestro_assets.lib.extraction.evaluation import GoldDocument, load_gold_set
from maestro_assets.lib.extraction.llm import LlmConfig, LlmExtractor
from maestro_assets.lib.extraction.models import (
    Document,
    Extraction,
    OppositionEvent,
    Status,
    strict_json_schema,
)
from maestro_assets.lib.extraction.prompts import opposition
from maestro_assets.lib.extraction.run import run_extraction
from maestro_assets.lib.extraction.tasks import OPPOSITION
from maestro_assets.lib.http import HttpPolicy

EVENT_FIELDS = OPPOSITION.event_fields

API_KEY = "sk-test-Zq8v3NOT-A-REAL-KEY-41f9"
MODEL = "test-model"


# --- the local server ------------------------------------------------------------------------


@dataclass
class Scripted:
    """One reply of the fake server."""

    status: int = 200
    body: Any = None  # dict → JSON, str/bytes → as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def payload(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body).encode()


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def user_message(self) -> str:
        return next(m["content"] for m in self.body["messages"] if m["role"] == "user")

    @property
    def system_message(self) -> str:
        return next(m["content"] for m in self.body["messages"] if m["role"] == "system")


class FakeOpenAI:
    """An OpenAI-compatible /v1/chat/completions endpoint answering from a responder."""

    def __init__(self) -> None:
        self.requests: list[Seen] = []
        self.responder: Callable[[Seen], Scripted] = lambda seen: Scripted(500, {"error": {}})
        self.release = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                seen = Seen(
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    json.loads(self.rfile.read(length)),
                )
                fake.requests.append(seen)
                reply = fake.responder(seen)
                if reply.delay:
                    fake.release.wait(reply.delay)
                payload = reply.payload()
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a client that gave up (the timeout test) closes its end early

        self.server = Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def reply_in_turn(self, *replies: Scripted) -> None:
        queue = list(replies)
        self.responder = lambda seen: queue.pop(0) if len(queue) > 1 else queue[0]

    def reply_by_document(self, replies: dict[str, Scripted]) -> None:
        """Answer each request by the document it carries (its SHA-256 marker)."""

        def respond(seen: Seen) -> Scripted:
            for sha, reply in replies.items():
                if f"<<<DOCUMENT {sha[:16]}>>>" in seen.user_message:
                    return reply
            return Scripted(400, {"error": {"message": "unknown document"}})

        self.responder = respond


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    fake.thread.start()
    yield fake
    fake.release.set()
    fake.server.shutdown()
    fake.server.server_close()


def completion(content: str | None, prompt_tokens: int = 120, completion_tokens: int = 30):
    return Scripted(
        200,
        {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": MODEL,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content, "refusal": None},
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        },
    )


def events_reply(events: list[OppositionEvent], **usage) -> Scripted:
    return completion(Extraction(events=events).model_dump_json(), **usage)


def make_extractor(server: FakeOpenAI, sleeps: list[float] | None = None, **policy) -> LlmExtractor:
    settings = {"timeout_seconds": 5.0, "max_attempts": 3, "backoff_seconds": 0.25} | policy
    return LlmExtractor(
        LlmConfig(model=MODEL, base_url=server.base_url, policy=HttpPolicy(**settings)),
        environ={"OPENAI_API_KEY": API_KEY},
        sleep=(sleeps.append if sleeps is not None else lambda _: None),
    )


@pytest.fixture(scope="module")
def gold() -> dict[str, GoldDocument]:
    return {doc.id.split("-", 1)[1]: doc for doc in load_gold_set()}


def ok_events(rows: list[dict[str, Any]]) -> list[OppositionEvent]:
    return [
        OppositionEvent(**{name: row[name] for name in EVENT_FIELDS})
        for row in rows
        if row["status"] == Status.OK
    ]


# --- a valid reply ---------------------------------------------------------------------------


def test_a_valid_reply_becomes_the_expected_rows_with_usage_counted(server, gold):
    doc = gold["mecklenburg-cap-and-moratorium"]
    document = doc.document()
    server.reply_in_turn(events_reply(doc.expected, prompt_tokens=321, completion_tokens=54))

    run = run_extraction([document], make_extractor(server))

    assert ok_events(run.rows) == doc.expected
    assert {row["extractor"] for row in run.rows} == {"llm"}
    assert {row["model"] for row in run.rows} == {MODEL}
    assert {row["prompt_version"] for row in run.rows} == {opposition.PROMPT_VERSION}
    assert {row["document_sha256"] for row in run.rows} == {document.sha256}
    summary = run.summary()
    assert summary["documents_ok"] == 1
    assert summary["events_ok"] == 2
    assert (summary["prompt_tokens"], summary["completion_tokens"]) == (321, 54)
    assert summary["total_tokens"] == 375


def test_the_request_uses_strict_structured_outputs_and_frames_the_document(server, gold):
    doc = gold["kossuth-wind-moratorium"]
    server.reply_in_turn(events_reply(doc.expected))

    run_extraction([doc.document()], make_extractor(server))

    (seen,) = server.requests
    assert seen.path == "/v1/chat/completions"
    assert seen.headers["authorization"] == f"Bearer {API_KEY}"
    assert seen.body["model"] == MODEL
    response_format = seen.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["schema"] == strict_json_schema(Extraction)
    assert "untrusted" in seen.system_message
    assert doc.text in seen.user_message
    sha = doc.document().sha256
    assert f"<<<DOCUMENT {sha[:16]}>>>" in seen.user_message
    assert f"<<<END DOCUMENT {sha[:16]}>>>" in seen.user_message


def test_the_state_and_county_of_a_reply_are_normalized_from_the_jurisdiction(server, gold):
    doc = gold["caddo-parish-moratorium"]
    (expected,) = doc.expected
    sloppy = expected.model_copy(update={"state": None, "county_fips": None})
    server.reply_in_turn(events_reply([sloppy]))

    run = run_extraction([doc.document()], make_extractor(server))

    (row,) = run.rows
    assert (row["state"], row["county_fips"]) == ("LA", "22017")


# --- failures, each counted and confined to its document ---------------------------------------


def test_invalid_json_is_a_counted_failure_of_that_document_only(server, gold):
    good, bad = gold["kossuth-wind-moratorium"], gold["palo-alto-wind-setback"]
    server.reply_by_document(
        {
            good.document().sha256: events_reply(good.expected),
            bad.document().sha256: completion('{"events": [{"jurisdiction": "Palo Alto'),
        }
    )

    run = run_extraction([bad.document(), good.document()], make_extractor(server))

    statuses = {row["document_sha256"]: row["status"] for row in run.rows}
    assert statuses[bad.document().sha256] == "invalid_json"
    assert ok_events(run.rows) == good.expected
    summary = run.summary()
    assert (summary["documents_invalid_json"], summary["documents_ok"]) == (1, 1)
    failed = next(r for r in run.rows if r["status"] == "invalid_json")
    assert failed["error"].startswith("not JSON")
    assert failed["event_type"] is None


def test_json_that_breaks_the_schema_is_a_counted_schema_error(server, gold):
    doc = gold["kossuth-wind-moratorium"]
    (event,) = doc.expected
    broken = event.model_dump() | {"event_type": "protest_march"}
    server.reply_in_turn(completion(json.dumps({"events": [broken]})))

    run = run_extraction([doc.document()], make_extractor(server))

    (row,) = run.rows
    assert row["status"] == "schema_error"
    assert "event_type" in row["error"]
    assert run.summary()["documents_schema_error"] == 1


@pytest.mark.parametrize(
    "content",
    [
        json.dumps({"events": [{"jurisdiction": "Lee County"}]}),  # required fields missing
        json.dumps({"events": "none"}),
        json.dumps([]),
        json.dumps({"events": [], "note": "extra keys are not allowed"}),
    ],
)
def test_every_kind_of_schema_violation_is_a_schema_error(server, gold, content):
    server.reply_in_turn(completion(content))

    run = run_extraction([gold["market-news"].document()], make_extractor(server))

    assert [row["status"] for row in run.rows] == ["schema_error"]


def test_an_empty_reply_is_invalid_json(server, gold):
    server.reply_in_turn(completion(None))

    run = run_extraction([gold["market-news"].document()], make_extractor(server))

    assert [row["status"] for row in run.rows] == ["invalid_json"]


def test_a_429_waits_for_retry_after_then_the_retry_succeeds(server, gold):
    doc = gold["caddo-parish-moratorium"]
    server.reply_in_turn(
        Scripted(429, {"error": {"message": "slow down"}}, {"retry-after": "7"}),
        events_reply(doc.expected),
    )
    sleeps: list[float] = []

    run = run_extraction([doc.document()], make_extractor(server, sleeps))

    assert ok_events(run.rows) == doc.expected
    assert len(server.requests) == 2
    assert server.requests[0].body == server.requests[1].body  # the same request, retried
    assert sleeps == [7.0]
    assert run.summary()["retries"] == 1


def test_a_429_without_retry_after_backs_off_exponentially(server, gold):
    doc = gold["caddo-parish-moratorium"]
    busy = Scripted(429, {"error": {"message": "slow down"}})
    server.reply_in_turn(busy, busy, events_reply(doc.expected))
    sleeps: list[float] = []

    run = run_extraction([doc.document()], make_extractor(server, sleeps, backoff_seconds=0.5))

    assert run.summary()["documents_ok"] == 1
    assert sleeps == [0.5, 1.0]


def test_a_429_that_never_ends_is_counted_rate_limited_after_every_attempt(server, gold):
    server.reply_in_turn(Scripted(429, {"error": {"message": "quota"}}, {"retry-after": "1"}))

    run = run_extraction([gold["market-news"].document()], make_extractor(server, max_attempts=3))

    assert [row["status"] for row in run.rows] == ["rate_limited"]
    assert len(server.requests) == 3
    assert run.summary()["documents_rate_limited"] == 1


def test_a_timeout_is_a_clear_counted_failure(server, gold):
    server.reply_in_turn(Scripted(200, {}, delay=5.0))  # released when the test ends

    run = run_extraction(
        [gold["market-news"].document()],
        make_extractor(server, timeout_seconds=0.5, max_attempts=1),
    )

    (row,) = run.rows
    assert row["status"] == "timeout"
    assert "Timeout" in row["error"]
    assert run.summary()["documents_timeout"] == 1


def test_a_server_error_is_retried_and_a_client_error_is_not(server, gold):
    doc = gold["caddo-parish-moratorium"]
    server.reply_in_turn(Scripted(503, {"error": {"message": "busy"}}), events_reply(doc.expected))
    assert run_extraction([doc.document()], make_extractor(server)).summary()["documents_ok"] == 1

    server.requests.clear()
    server.reply_in_turn(Scripted(400, {"error": {"message": "bad request"}}))
    run = run_extraction([doc.document()], make_extractor(server))
    assert [row["status"] for row in run.rows] == ["api_error"]
    assert len(server.requests) == 1


def test_one_failing_document_leaves_the_others_rows_unchanged(server, gold):
    docs = [gold["kossuth-wind-moratorium"], gold["caddo-parish-moratorium"]]
    server.reply_by_document({d.document().sha256: events_reply(d.expected) for d in docs})
    alone = run_extraction([d.document() for d in docs], make_extractor(server)).rows

    broken = gold["palo-alto-wind-setback"]
    replies = {d.document().sha256: events_reply(d.expected) for d in docs}
    replies[broken.document().sha256] = Scripted(500, {"error": {"message": "boom"}})
    server.reply_by_document(replies)
    mixed = run_extraction(
        [docs[0].document(), broken.document(), docs[1].document()],
        make_extractor(server, max_attempts=1),
    ).rows

    assert [r for r in mixed if r["document_sha256"] != broken.document().sha256] == alone
    assert [r["status"] for r in mixed if r["document_sha256"] == broken.document().sha256] == [
        "api_error"
    ]


# --- prompt injection ---------------------------------------------------------------------------


def test_an_injected_document_changes_nothing_but_its_own_rows(server, gold):
    """The server plays a model that obeyed the injection, for that document only."""
    hostile = gold["reeves-injection"]
    honest = [gold["kossuth-wind-moratorium"], gold["van-wert-mesa-denied"]]
    replies = {d.document().sha256: events_reply(d.expected) for d in honest}
    server.reply_by_document(replies)
    without = run_extraction([d.document() for d in honest], make_extractor(server)).rows

    (real_event,) = hostile.expected
    obeyed = [
        real_event.model_copy(update={"developer_name": "Acme Renewables LLC"}),
        real_event.model_copy(  # another document's place, with a made-up quote
            update={
                "jurisdiction": "Kossuth County",
                "state": "IA",
                "quote": "Every county in Texas has banned wind and solar.",
            }
        ),
        real_event.model_copy(  # the injected paragraph itself, quoted verbatim
            update={"jurisdiction": "Travis County", "quote": hostile.text.split("\n\n")[2]}
        ),
    ]
    replies[hostile.document().sha256] = events_reply(obeyed)
    server.reply_by_document(replies)
    documents = [honest[0].document(), hostile.document(), honest[1].document()]
    with_hostile = run_extraction(documents, make_extractor(server)).rows

    hostile_sha = hostile.document().sha256
    assert [r for r in with_hostile if r["document_sha256"] != hostile_sha] == without
    own = [r for r in with_hostile if r["document_sha256"] == hostile_sha]
    assert len(own) == 3
    assert own[1]["status"] == "rejected_quote"  # the invented quote is not in the document
    assert {r["source_id"] for r in own} == {hostile.source_id}
    for seen in server.requests:  # every request carried exactly one document
        assert sum(d.text in seen.user_message for d in [*honest, hostile]) == 1


def test_a_document_cannot_forge_the_frame_around_it(gold):
    doc = gold["injection-delimiter"].document()
    message = opposition.user_message(doc.text, doc.sha256)

    marker = f"<<<END DOCUMENT {doc.sha256[:16]}>>>"
    assert message.count(marker) == 1
    assert message.rstrip().endswith(marker)
    assert "<<<END DOCUMENT>>>" in message  # the forged one stays inside, as text


# --- cache and budget ---------------------------------------------------------------------------


@pytest.fixture
def cache(tmp_path) -> Iterator[ExtractionCache]:
    connection = duckdb.connect(str(tmp_path / "cache.duckdb"))
    yield ExtractionCache(connection)
    connection.close()


def answer_all(server: FakeOpenAI, docs: list[GoldDocument]) -> None:
    server.reply_by_document({d.document().sha256: events_reply(d.expected) for d in docs})


def test_a_second_run_over_unchanged_documents_sends_nothing(server, gold, cache):
    docs = [gold["kossuth-wind-moratorium"], gold["caddo-parish-moratorium"], gold["market-news"]]
    answer_all(server, docs)
    first = run_extraction([d.document() for d in docs], make_extractor(server), cache)
    calls = len(server.requests)

    second = run_extraction([d.document() for d in docs], make_extractor(server), cache)

    assert calls == 3
    assert len(server.requests) == calls
    assert second.summary()["cache_hits"] == 3
    assert second.summary()["total_tokens"] == 0
    assert [r | {"cached": False} for r in second.rows] == first.rows
    assert all(r["cached"] for r in second.rows)


def test_a_changed_document_a_new_prompt_version_or_model_is_sent_again(server, gold, cache):
    doc = gold["kossuth-wind-moratorium"]
    answer_all(server, [doc])
    run_extraction([doc.document()], make_extractor(server), cache)

    edited = Document.from_text(doc.text + "\nUpdated.", doc.source_id, doc.url)
    server.reply_by_document({edited.sha256: events_reply(doc.expected)})
    run_extraction([edited], make_extractor(server), cache)
    assert len(server.requests) == 2

    answer_all(server, [doc])
    other_model = make_extractor(server)
    other_model.model = "another-model"
    run_extraction([doc.document()], other_model, cache)
    assert len(server.requests) == 3

    other_prompt = make_extractor(server)
    other_prompt.prompt_version = "opposition-next"
    run_extraction([doc.document()], other_prompt, cache)
    assert len(server.requests) == 4


def test_failed_replies_are_not_cached_and_are_retried_next_run(server, gold, cache):
    doc = gold["kossuth-wind-moratorium"]
    server.reply_in_turn(completion("not json at all"))
    assert run_extraction([doc.document()], make_extractor(server), cache).rows[0]["status"] == (
        "invalid_json"
    )

    answer_all(server, [doc])
    run = run_extraction([doc.document()], make_extractor(server), cache)

    assert len(server.requests) == 2
    assert ok_events(run.rows) == doc.expected


def test_the_cache_table_lives_in_meta_and_holds_no_secret(server, gold, tmp_path):
    path = tmp_path / "warehouse.duckdb"
    doc = gold["kossuth-wind-moratorium"]
    answer_all(server, [doc])
    with duckdb.connect(str(path)) as connection:
        run_extraction([doc.document()], make_extractor(server), ExtractionCache(connection))
        stored = connection.execute("SELECT * FROM meta.llm_extraction_cache").fetchall()

    assert len(stored) == 1
    assert API_KEY not in repr(stored)
    assert stored[0][:3] == (doc.document().sha256, opposition.PROMPT_VERSION, MODEL)


def test_documents_over_the_document_budget_are_deferred_and_sent_next_run(server, gold, cache):
    docs = [gold[k] for k in ("kossuth-wind-moratorium", "caddo-parish-moratorium",
                              "palo-alto-wind-setback", "market-news")]  # fmt: skip
    answer_all(server, docs)

    first = run_extraction(
        [d.document() for d in docs], make_extractor(server), cache, RunBudget(max_documents=2)
    )
    assert len(server.requests) == 2
    assert first.summary()["documents_over_budget"] == 2
    assert first.summary()["documents_ok"] == 2
    assert [r["status"] for r in first.rows if r["status"] == "over_budget"] == ["over_budget"] * 2

    second = run_extraction(
        [d.document() for d in docs], make_extractor(server), cache, RunBudget(max_documents=2)
    )
    assert len(server.requests) == 4
    assert second.summary()["cache_hits"] == 2
    assert second.summary()["documents_ok"] == 4


def test_documents_over_the_token_budget_are_deferred(server, gold):
    docs = [gold["kossuth-wind-moratorium"], gold["caddo-parish-moratorium"]]
    answer_all(server, docs)
    extractor = make_extractor(server)
    first_estimate = extractor.estimate_tokens(docs[0].document())

    run = run_extraction(
        [d.document() for d in docs], extractor, budget=RunBudget(max_tokens=first_estimate)
    )

    assert len(server.requests) == 1
    assert [o.status for o in run.outcomes] == [Status.OK, Status.OVER_BUDGET]
    assert run.summary()["documents_over_budget"] == 1


# --- secrets and configuration --------------------------------------------------------------------


def test_the_api_key_appears_in_no_row_summary_or_error(server, gold, cache):
    echo = Scripted(401, {"error": {"message": f"Incorrect API key provided: {API_KEY}"}})
    good = gold["kossuth-wind-moratorium"]
    server.reply_by_document(
        {
            good.document().sha256: events_reply(good.expected),
            gold["market-news"].document().sha256: echo,
        }
    )

    run = run_extraction(
        [good.document(), gold["market-news"].document()], make_extractor(server), cache
    )

    assert run.summary()["documents_api_error"] == 1
    everything = json.dumps([run.rows, run.documents, run.summary()], default=str)
    assert API_KEY not in everything
    assert "[redacted]" in everything


def test_the_environment_chooses_the_llm_and_points_it_at_the_server(server, gold):
    doc = gold["kossuth-wind-moratorium"]
    answer_all(server, [doc])
    environ = {
        "OPENAI_API_KEY": API_KEY,
        "OPENAI_BASE_URL": server.base_url,
        "MAESTRO_LLM_MODEL": "env-model",
    }

    extractor = active_extractor(environ)
    run = run_extraction([doc.document()], extractor)

    assert extractor.extractor == "llm"
    assert server.requests[0].body["model"] == "env-model"
    assert {row["model"] for row in run.rows} == {"env-model"}


def test_without_an_api_key_the_heuristic_extractor_runs():
    extractor = active_extractor({"OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})

    assert extractor.extractor == "heuristic"
    assert extractor.billable is False
