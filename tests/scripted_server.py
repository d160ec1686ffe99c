"""A loopback HTTP server that answers from a script and records what it received.

Tests queue answers (status, headers, body) and then assert on the exact requests the SDK sent.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs


@attrs.define
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@attrs.define
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = attrs.field(factory=dict)
    reset: bool = False  # close the connection without answering
    after: int = 0  # hold the answer until this many requests have arrived (10 s at most)


class ScriptedServer:
    """``with ScriptedServer() as server: server.reply(200, {...}); ... server.received``."""

    def __init__(self) -> None:
        self.answers: deque[Answer] = deque()
        self.received: list[Received] = []
        self.default = Answer(500, b'{"status":"error","message":"script exhausted"}')
        self._arrived = threading.Condition()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out in two writes: with Nagle's algorithm, 40 ms per answer.
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                with outer._arrived:
                    outer.received.append(
                        Received(
                            self.command,
                            self.path,
                            {k.lower(): v for k, v in self.headers.items()},
                            body,
                        )
                    )
                    answer = outer.answers.popleft() if outer.answers else outer.default
                    outer._arrived.notify_all()
                    outer._arrived.wait_for(lambda: len(outer.received) >= answer.after, 10)
                if answer.reset:
                    self.close_connection = True
                    self.connection.close()
                    return
                self.send_response(answer.status)
                headers = {"content-type": "application/json;charset=utf-8", **answer.headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_GET = do_PUT = do_POST = do_DELETE = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        # Poll for shutdown every 10 ms, not the default 500 ms: every test stops a server.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    def reply(
        self,
        status: int = 200,
        body: Any = None,
        headers: dict[str, str] | None = None,
        *,
        after: int = 0,
    ) -> None:
        """Queue an answer; ``after``: send it only once that many requests have arrived."""
        raw = (
            body if isinstance(body, bytes) else b"" if body is None else json.dumps(body).encode()
        )
        self.answers.append(Answer(status, raw, dict(headers or {}), after=after))

    def reset(self) -> None:
        self.answers.append(Answer(reset=True))

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def labeled(from_id: int, to_id: int) -> dict[str, Any]:
    """One result of a labeled batch create, contact ``from_id`` to company ``to_id``."""
    return {
        "fromObjectTypeId": "0-1",
        "fromObjectId": from_id,
        "toObjectTypeId": "0-2",
        "toObjectId": to_id,
        "labels": [],
    }
