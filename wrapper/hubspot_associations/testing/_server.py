"""The HTTP side: a threading HTTP/1.1 server with keep-alive, and the per-request pipeline.

Responses are written with one ``send`` (status line, headers and body together) and Nagle is
off, so a keep-alive client gets each answer without waiting on delayed ACKs.
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from ._api import Api, Request
from ._budget import ServerBudget, rate_limit_body
from ._errors import AUTH_MESSAGE, ApiError, correlation_id, error_body
from ._faults import FaultQueue, canned_answer
from ._recorded import RecordedRequest

JSON_CONTENT_TYPE = "application/json;charset=utf-8"
_CLOUDFLARE_REASONS = {
    520: "Web Server Returned an Unknown Error",
    521: "Web Server Is Down",
    522: "Connection Timed Out",
    523: "Origin Is Unreachable",
    524: "A Timeout Occurred",
    525: "SSL Handshake Failed",
    526: "Invalid SSL Certificate",
    527: "Railgun Error",
}
_LINGER_RESET = struct.pack("ii", 1, 0)
_MAX_LINE = 65_536
_MAX_HEADERS = 100


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return _CLOUDFLARE_REASONS.get(status, "Unknown")


def _encode(body: Any) -> bytes:
    return json.dumps(body, separators=(",", ":")).encode()


class App:
    """Everything between the socket and the API: recording, faults, auth, rate limits."""

    def __init__(
        self,
        api: Api,
        limiter: ServerBudget,
        faults: FaultQueue,
        access_token: str | None,
        record_requests: bool,
    ) -> None:
        self.api = api
        self.limiter = limiter
        self.faults = faults
        self.access_token = access_token
        self.record_requests = record_requests
        self.requests: list[RecordedRequest] = []
        self._counter_lock = threading.Lock()
        self.request_count = 0
        self.rate_limited_count = 0

    def record(self, request: RecordedRequest) -> None:
        """Count (and keep, unless recording is off) one received request."""
        with self._counter_lock:
            self.request_count += 1
            if self.record_requests:
                self.requests.append(request)

    def recorded(self) -> list[RecordedRequest]:
        """A copy of the recorded requests."""
        with self._counter_lock:
            return list(self.requests)

    def forget_requests(self) -> None:
        """Drop the recorded requests and reset the request count."""
        with self._counter_lock:
            self.requests.clear()
            self.request_count = 0

    def count_rate_limited(self) -> None:
        """Count one 429 served."""
        with self._counter_lock:
            self.rate_limited_count += 1

    def _authorized(self, authorization: str | None) -> bool:
        if not authorization or not authorization.startswith("Bearer "):
            return False
        token = authorization[7:].strip()
        return bool(token) and (self.access_token is None or token == self.access_token)

    def answer(
        self, method: str, request: Request, authorization: str | None
    ) -> tuple[int, list[tuple[str, str]], Any]:
        """(status, headers, JSON body or None) for a request that reaches the API."""
        cid = correlation_id()
        headers = [("X-HubSpot-Correlation-Id", cid)]
        body: Any
        if not self._authorized(authorization):
            status, body = 401, error_body(AUTH_MESSAGE, category="INVALID_AUTHENTICATION")
        else:
            refused: str | None = None
            if self.limiter.enabled:
                refused, limit_headers = self.limiter.acquire()
                headers.extend(limit_headers)
            if refused is not None:
                self.count_rate_limited()
                status, body = 429, rate_limit_body(refused)
            else:
                try:
                    status, body = self.api.handle(method, request)
                except ApiError as error:
                    status, body = error.status, error.body
                except Exception as error:  # a bug in the fake must not kill the connection
                    status = 500
                    body = error_body(f"FakeHubSpot internal error: {error!r}")
        if isinstance(body, dict) and "correlationId" in body:
            body["correlationId"] = cid
        return status, headers, body


class Server(ThreadingHTTPServer):
    """Thread per connection; remembers open connections so ``stop`` can close them."""

    daemon_threads = True
    block_on_close = False
    # Connections not yet accepted that the kernel keeps. The standard library's 5 made an
    # asyncio client opening 20-50 connections at once lose the connects beyond it: each waited
    # 1-3 s for the kernel's retry of its SYN.
    request_queue_size = 128
    app: App

    def __init__(self, address: tuple[str, int], app: App) -> None:
        self.app = app
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients vanishing mid-answer are normal here; stay quiet."""

    def close_connections(self) -> None:
        """Shut every open keep-alive connection, so their threads end."""
        with self.connections_lock:
            connections = list(self.connections)
            self.connections.clear()
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class Handler(BaseHTTPRequestHandler):
    """Parses one request at a time on a keep-alive connection and answers it.

    The request line and headers are parsed here rather than by ``http.server`` (whose
    ``email``-based header parser costs more than answering the request does).
    """

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: Server

    def setup(self) -> None:
        """Register the connection with the server."""
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        """Unregister the connection."""
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib signature)
        """No per-request logging: it would dominate the cost of a request."""

    def _refuse(self, status: int, message: str) -> None:
        self.close_connection = True
        cid = correlation_id()
        body = error_body(message)
        body["correlationId"] = cid
        self._send_json(status, [("X-HubSpot-Correlation-Id", cid)], body)

    def handle_one_request(self) -> None:
        """Read one request (line, headers, body) and answer it."""
        try:
            line = self.rfile.readline(_MAX_LINE + 1)
        except (TimeoutError, OSError):
            self.close_connection = True
            return
        if not line:
            self.close_connection = True
            return
        if line in (b"\r\n", b"\n"):  # tolerate a stray blank line between requests
            self.close_connection = False
            return
        parts = line.decode("latin-1").split()
        if len(line) > _MAX_LINE or len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            self._refuse(400, "Bad request line")
            return
        method, target, version = parts
        headers: dict[str, str] = {}
        while True:
            raw = self.rfile.readline(_MAX_LINE + 1)
            if raw in (b"\r\n", b"\n", b""):
                break
            name, sep, value = raw.decode("latin-1").partition(":")
            if not sep or len(headers) >= _MAX_HEADERS:
                self._refuse(400, "Bad request headers")
                return
            key = name.strip().lower()
            value = value.strip()
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        connection = headers.get("connection", "").lower()
        if version == "HTTP/1.0":
            self.close_connection = connection != "keep-alive"
        else:
            self.close_connection = connection == "close"
        if headers.get("expect", "").lower() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.command, self.path, self.request_version = method, target, version
        self._dispatch(headers)

    def _read_body(self, headers: dict[str, str]) -> bytes | None:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size_line = self.rfile.readline(_MAX_LINE + 1)
                try:
                    size = int(size_line.split(b";", 1)[0].strip(), 16)
                except ValueError:
                    return None
                if size == 0:
                    while self.rfile.readline(_MAX_LINE + 1) not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(_MAX_LINE + 1)
        length = headers.get("content-length")
        if not length:
            return b""
        try:
            size = int(length)
        except ValueError:
            return None
        return self.rfile.read(size) if size > 0 else b""

    def _dispatch(self, headers: dict[str, str]) -> None:
        app = self.server.app
        method = self.command
        path, _, query_string = self.path.partition("?")
        query = dict(parse_qsl(query_string, keep_blank_values=True)) if query_string else {}
        raw = self._read_body(headers)
        if raw is None:
            self._refuse(400, "Invalid request framing")
            return
        body: Any = None
        body_error: str | None = None
        if raw:
            try:
                body = json.loads(raw)
            except (ValueError, UnicodeDecodeError) as error:
                body_error = str(error)
        app.record(RecordedRequest(method, path, query, body, headers, raw))

        fault = app.faults.take(method, path)
        kind = ""
        if fault is not None:
            kind = fault.kind
            if fault.delay > 0:
                time.sleep(fault.delay)
            if kind == "reset_before":
                self._abort()
                return
            canned = canned_answer(kind)
            if canned is not None:
                self._send_canned(*canned)
                return

        request = Request(path, query, body, body_error)
        status, out_headers, out_body = app.answer(method, request, headers.get("authorization"))
        if kind == "reset_after":
            self._abort()
        elif kind == "truncated":
            self._send_truncated(status, out_headers, out_body)
        else:
            self._send_json(status, out_headers, out_body)

    # writing -----------------------------------------------------------------------------------

    def _write(
        self,
        status: int,
        headers: list[tuple[str, str]],
        content_type: str | None,
        payload: bytes,
        declared_length: int | None = None,
    ) -> None:
        lines = [f"HTTP/1.1 {status} {_reason(status)}"]
        if status != 204:
            if content_type is not None:
                lines.append(f"Content-Type: {content_type}")
            length = len(payload) if declared_length is None else declared_length
            lines.append(f"Content-Length: {length}")
        lines.extend(f"{name}: {value}" for name, value in headers)
        if self.close_connection:
            lines.append("Connection: close")
        lines.append("\r\n")
        self.wfile.write("\r\n".join(lines).encode("latin-1") + payload)

    def _send_json(self, status: int, headers: list[tuple[str, str]], body: Any) -> None:
        if body is None:
            self._write(status, headers, None, b"")
        else:
            self._write(status, headers, JSON_CONTENT_TYPE, _encode(body))

    def _send_canned(self, status: int, content_type: str, body: Any) -> None:
        app = self.server.app
        cid = correlation_id()
        headers = [("X-HubSpot-Correlation-Id", cid)]
        if isinstance(body, dict):
            body["correlationId"] = cid
            payload = _encode(body)
            content_type = JSON_CONTENT_TYPE
        else:
            payload = body
        if status == 429:
            app.count_rate_limited()
            if app.limiter.enabled:
                headers.extend(
                    (name, "0" if name.endswith("Remaining") else value)
                    for name, value in app.limiter.headers()
                )
        self._write(status, headers, content_type, payload)

    def _send_truncated(self, status: int, headers: list[tuple[str, str]], body: Any) -> None:
        # Promise more bytes than are sent, then close: the client sees a cut-off body.
        payload = _encode(body) if body is not None else b"{}"
        if status == 204:
            status = 200
        self.close_connection = True
        self._write(status, headers, JSON_CONTENT_TYPE, payload[: len(payload) // 2], len(payload))

    def _abort(self) -> None:
        # Close with RST (linger 0) and no answer at all, like a connection reset by a proxy.
        self.close_connection = True
        connection = self.connection
        with contextlib.suppress(OSError):
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
        self.rfile.close()
        connection.close()
