"""A replaying, validating HubSpot on loopback.

:class:`ReplayServer` is a real HTTP server (``ThreadingHTTPServer`` on 127.0.0.1, ephemeral port).
Every request it receives and every answer it serves is validated against the OpenAPI fragment;
answers come from a responder: :class:`CassetteResponder` replays a cassette's interactions in
order, matched on method, path, query and JSON body (so a recorded 429 then 200 replays as such);
:class:`FunctionResponder` computes answers (for property tests). Fragment violations, unmatched
requests and interactions never requested are collected; :meth:`ReplayServer.check` turns them into
one readable assertion. Wire faults (connection reset, truncated body, delay) can be injected.

Example::

    with ReplayServer(CassetteResponder(load(path))) as server:
        client = Associations(access_token="t", base_url=server.url)
        ...
    server.check()
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Protocol

from .cassettes import Cassette, Interaction, query_key
from .validator import WireRequest, WireResponse, request_problems, response_problems

FAULT_KINDS = ("reset", "truncate", "delay")
MISMATCH_STATUS = 418  # not retried by the SDK, so a mismatch fails fast


@dataclass(frozen=True)
class Received:
    """A request as the server got it."""

    method: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def describe(self) -> str:
        query = urllib.parse.urlencode(self.query)
        return f"{self.method} {self.path}{'?' + query if query else ''}"

    def wire(self) -> WireRequest:
        return WireRequest(self.method, self.path, self.query, self.headers, self.body)


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    reason: str | None = None


class Responder(Protocol):
    def answer(self, received: Received) -> Answer | str:
        """The answer, or a string saying why the request was not expected."""

    def leftovers(self) -> list[str]:
        """What should have been requested and was not."""


def mismatch(want: Interaction, got: Received) -> str | None:
    """Why ``got`` is not the recorded request ``want`` (None when it is)."""
    if got.method != want.method:
        return f"method {got.method} != recorded {want.method}"
    if got.path != want.path:
        return f"path {got.path} != recorded {want.path}"
    if got.query != want.query:
        return f"query {dict(got.query)} != recorded {dict(want.query)}"
    try:
        body = got.json()
    except ValueError:
        return f"body is not JSON: {got.body[:200]!r}"
    if body != want.request_json:
        return (
            f"JSON body {json.dumps(body, sort_keys=True)} != recorded "
            f"{json.dumps(want.request_json, sort_keys=True)}"
        )
    return None


class CassetteResponder:
    """Replays a cassette's interactions in their recorded order."""

    def __init__(self, cassette: Cassette) -> None:
        self.cassette = cassette
        self._next = 0
        self._lock = threading.Lock()

    def answer(self, received: Received) -> Answer | str:
        with self._lock:
            name = self.cassette.name
            if self._next >= len(self.cassette.interactions):
                return (
                    f"unexpected request {received.describe()}: every interaction of "
                    f"{name} was already replayed"
                )
            want = self.cassette.interactions[self._next]
            why = mismatch(want, received)
            if why is not None:
                return (
                    f"request {received.describe()} does not match {name} interaction "
                    f"{want.describe()}: {why}"
                )
            self._next += 1
        headers = {
            k: v
            for k, v in want.response_headers.items()
            if k.lower() not in ("content-length", "transfer-encoding", "connection")
        }
        return Answer(want.status, want.response_bytes, headers, want.reason)

    @property
    def replayed(self) -> int:
        return self._next

    def leftovers(self) -> list[str]:
        return [
            f"{self.cassette.name} interaction {i.describe()} was never requested"
            for i in self.cassette.interactions[self._next :]
        ]


class FunctionResponder:
    """Answers computed by a function of the request."""

    def __init__(self, answer: Callable[[Received], Answer]) -> None:
        self._answer = answer

    def answer(self, received: Received) -> Answer | str:
        return self._answer(received)

    def leftovers(self) -> list[str]:
        return []


@dataclass(frozen=True)
class Fault:
    kind: str
    delay: float = 0.0


class ReplayServer:
    """See the module docstring. ``violations`` lists every problem seen so far."""

    def __init__(self, responder: Responder, *, validate: bool = True) -> None:
        self.responder = responder
        self.validate = validate
        self.violations: list[str] = []
        self.received: list[Received] = []
        self._faults: deque[Fault] = deque()
        self._lock = threading.Lock()
        self._reported = False
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- faults ----------------------------------------------------------------------------

    def inject(self, kind: str, *, delay: float = 0.0, times: int = 1) -> None:
        """Fault the next ``times`` requests: ``reset`` (connection closed, no answer),
        ``truncate`` (a 200 whose body stops short), ``delay`` (answered after ``delay`` s).
        A reset or truncated request consumes no interaction: the retry gets it."""
        if kind not in FAULT_KINDS:
            raise ValueError(f"fault kind must be one of {FAULT_KINDS}, got {kind!r}")
        with self._lock:
            self._faults.extend(Fault(kind, delay) for _ in range(times))

    def _take_fault(self) -> Fault | None:
        with self._lock:
            return self._faults.popleft() if self._faults else None

    # -- handling --------------------------------------------------------------------------

    def _violation(self, text: str) -> None:
        with self._lock:
            self.violations.append(text)

    def handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("content-length") or 0)
        body = handler.rfile.read(length) if length else b""
        split = urllib.parse.urlsplit(handler.path)
        received = Received(
            method=handler.command,
            path=split.path,
            query=query_key(split.query),
            headers=dict(handler.headers.items()),
            body=body,
        )
        with self._lock:
            self.received.append(received)
        wire = received.wire()
        if self.validate:
            for problem in request_problems(wire):
                self._violation(f"request {received.describe()} breaks the fragment: {problem}")
        fault = self._take_fault()
        if fault is not None:
            time.sleep(fault.delay)
            if fault.kind == "reset":
                handler.close_connection = True
                handler.connection.close()
                return
            if fault.kind == "truncate":
                handler.send_response(200)
                handler.send_header("Content-Type", "application/json;charset=utf-8")
                handler.send_header("Content-Length", "1000")
                handler.end_headers()
                handler.wfile.write(b'{"status":"COMPLETE","res')
                handler.wfile.flush()
                handler.close_connection = True
                handler.connection.close()
                return
        answer = self.responder.answer(received)
        if isinstance(answer, str):
            self._violation(answer)
            answer = Answer(
                MISMATCH_STATUS,
                json.dumps({"status": "error", "message": f"replay server: {answer}"}).encode(),
                {"Content-Type": "application/json"},
            )
        elif self.validate:
            response = WireResponse(answer.status, answer.headers, answer.body)
            for problem in response_problems(wire, response):
                self._violation(
                    f"answer {answer.status} to {received.describe()} breaks the fragment: "
                    f"{problem}"
                )
        handler.send_response(answer.status, answer.reason)
        for key, value in answer.headers.items():
            handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(answer.body)))
        handler.end_headers()
        handler.wfile.write(answer.body)

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> ReplayServer:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                try:
                    outer.handle(self)
                except Exception as exc:  # a server bug must fail the test, not hang it
                    outer._violation(f"replay server error: {type(exc).__name__}: {exc}")
                    raise

            do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = _handle

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("ReplayServer is not running")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    # -- verdict ---------------------------------------------------------------------------

    def problems(self) -> list[str]:
        with self._lock:
            return [*self.violations, *self.responder.leftovers()]

    def check(self) -> None:
        """Raise one AssertionError listing every violation and unreplayed interaction."""
        if self._reported:
            return
        problems = self.problems()
        if problems:
            self._reported = True
            listing = "\n".join(f"  - {p}" for p in problems)
            raise AssertionError(f"replay server saw {len(problems)} problem(s):\n{listing}")
