"""A local OpenAI-compatible endpoint for the benchmark: it counts the calls it receives.

`POST /v1/chat/completions` on 127.0.0.1, answered with what the task's own rules extract from
the framed document (the task is recognized by its system prompt; an unknown one gets no
events), so the LLM path runs end to end (client, cache, budget, validation, quote check)
without a network and with realistic events. Never used outside the benchmark.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from maestro_assets.lib.extraction import TASKS
from maestro_assets.lib.extraction.llm import API_KEY_VARIABLE, BASE_URL_VARIABLE, MODEL_VARIABLE

STUB_MODEL = "bench-stub"
STUB_API_KEY = "bench-stub-key"  # not a secret: the stub accepts anything
FRAMED = re.compile(r"<<<DOCUMENT (\w+)>>>\n(.*)\n<<<END DOCUMENT \1>>>", re.DOTALL)
Answer = Callable[[str, str], str]  # (system message, user message) → reply content


def rule_based_answer(system: str, user: str) -> str:
    """The JSON the task's rules extract from the document framed in `user`."""
    task = next((t for t in TASKS.values() if system == t.prompt.SYSTEM_PROMPT), None)
    framed = FRAMED.search(user)
    if task is None or framed is None:
        return json.dumps({"events": []})
    return task.extraction_model(events=task.rules(framed.group(2))).model_dump_json()


def completion(content: str) -> dict:
    return {
        "id": "chatcmpl-bench",
        "object": "chat.completion",
        "created": 0,
        "model": STUB_MODEL,
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": content, "refusal": None},
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def message(body: dict, role: str) -> str:
    return next((m["content"] for m in body.get("messages", []) if m["role"] == role), "")


class StubServer:
    """The endpoint in a thread; `calls` counts the completions it answered."""

    def __init__(self, answer: Answer = rule_based_answer) -> None:
        self.calls = 0
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", "0"))
                body = json.loads(self.rfile.read(length))
                with stub._lock:
                    stub.calls += 1
                content = answer(message(body, "system"), message(body, "user"))
                payload = json.dumps(completion(content)).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def environment(self) -> dict[str, str]:
        """The variables that point the project's LLM extractor at this stub."""
        return {
            API_KEY_VARIABLE: STUB_API_KEY,
            BASE_URL_VARIABLE: self.base_url,
            MODEL_VARIABLE: STUB_MODEL,
        }


@contextmanager
def running_stub(answer: Answer = rule_based_answer) -> Iterator[StubServer]:
    stub = StubServer(answer)
    stub.thread.start()
    try:
        yield stub
    finally:
        stub.server.shutdown()
        stub.server.server_close()
