"""Faults a test queues up: broken connections, proxy pages, 5xx and 429 answers, delays."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ._budget import DAILY, TEN_SECONDLY_ROLLING, rate_limit_body

FAULT_KINDS: tuple[str, ...] = (
    "reset_before",
    "reset_after",
    "html_502",
    "json_500",
    "json_503",
    "rate_limit",
    "daily_limit",
    "truncated",
    "delay",
    "status_520",
    "status_521",
    "status_522",
    "status_523",
    "status_524",
    "status_525",
    "status_526",
    "status_527",
)
"""Every fault kind :meth:`FakeHubSpot.inject` accepts (``status_5xx`` works for any 5xx)."""

_STATUS_KIND = re.compile(r"status_(5\d\d)")
_HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)

Matcher = str | Callable[[str, str], bool] | None


def check_kind(kind: str) -> None:
    """Raise ValueError for a kind the fake does not know."""
    if kind not in FAULT_KINDS and not _STATUS_KIND.fullmatch(kind):
        raise ValueError(f"unknown fault kind {kind!r}; expected one of {', '.join(FAULT_KINDS)}")


@dataclass(slots=True)
class Fault:
    """One queued fault, consumed by the next ``remaining`` matching requests."""

    kind: str
    remaining: int
    match: Matcher
    delay: float

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to the request."""
        if self.match is None:
            return True
        if isinstance(self.match, str):
            return self.match in path
        return bool(self.match(method, path))


class FaultQueue:
    """Faults in the order they were injected; the first matching one is consumed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, fault: Fault) -> None:
        """Queue a fault."""
        with self._lock:
            self._faults.append(fault)

    def take(self, method: str, path: str) -> Fault | None:
        """Consume one use of the first fault matching the request."""
        if not self._faults:  # the common case needs no lock
            return None
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.matches(method, path):
                    fault.remaining -= 1
                    if fault.remaining <= 0:
                        del self._faults[index]
                    return fault
        return None

    def pending(self) -> int:
        """Uses left across all queued faults."""
        with self._lock:
            return sum(fault.remaining for fault in self._faults)

    def clear(self) -> None:
        """Drop every queued fault."""
        with self._lock:
            self._faults.clear()


def canned_answer(kind: str) -> tuple[int, str, Any] | None:
    """(status, content type, body: bytes or a JSON dict) for faults answered without the API."""
    if kind == "html_502":
        return 502, "text/html", _HTML_502
    if kind == "json_500":
        body = {"status": "error", "message": "internal error", "correlationId": ""}
        return 500, "json", body
    if kind == "json_503":
        body = {
            "status": "error",
            "message": "Service Unavailable: the server is temporarily unable to handle the "
            "request",
            "correlationId": "",
        }
        return 503, "json", body
    if kind == "rate_limit":
        return 429, "json", rate_limit_body(TEN_SECONDLY_ROLLING)
    if kind == "daily_limit":
        return 429, "json", rate_limit_body(DAILY)
    status = _STATUS_KIND.fullmatch(kind)
    if status is not None:
        return int(status.group(1)), "text/plain", f"error code: {status.group(1)}".encode()
    return None
