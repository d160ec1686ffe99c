"""How a batch's requests are sent: up to ``concurrency`` at once, a slow one holding back no
other, and nothing more after a fatal error. Through both clients; the answers come from an
``httpx.MockTransport`` (in-process), which sees every request the moment it is sent.

Where a test needs requests to overlap, the handler waits for an event with a generous timeout:
the wait ends as soon as the client does the right thing, and only a wrong client waits it out.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from clients import KINDS, call

STAMPS = {"startedAt": "2026-03-02T10:00:00.000Z", "completedAt": "2026-03-02T10:00:00.045Z"}
PATIENCE = 10.0  # seconds; never reached when the client behaves


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def ok(results: list[Any] | None = None) -> httpx.Response:
    return httpx.Response(200, json={"status": "COMPLETE", "results": results or [], **STAMPS})


def first_input(request: httpx.Request) -> dict[str, Any]:
    inputs: list[dict[str, Any]] = json.loads(request.content)["inputs"]
    assert len(inputs) == 1
    return inputs[0]


class Gate:
    """An event both kinds of client can wait on: a thread blocks, a task awaits."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._thread_event = threading.Event()
        self._task_event: asyncio.Event | None = None

    def open(self) -> None:
        self._thread_event.set()
        if self._task_event is not None:
            self._task_event.set()

    def wait_sync(self) -> bool:
        return self._thread_event.wait(PATIENCE)

    async def wait_async(self) -> bool:
        if self._task_event is None:
            self._task_event = asyncio.Event()
            if self._thread_event.is_set():
                self._task_event.set()
        try:
            await asyncio.wait_for(self._task_event.wait(), PATIENCE)
        except asyncio.TimeoutError:
            return False
        return True


def transport(
    kind: str,
    answer: Callable[[httpx.Request, bool], httpx.Response],
    gate: Gate,
    held: Callable[[httpx.Request], bool],
) -> httpx.MockTransport:
    """Answer each request with ``answer(request, released)``; a request for which ``held`` is
    true first waits for ``gate`` (``released`` is False if it waited in vain)."""
    if kind == "sync":

        def handle(request: httpx.Request) -> httpx.Response:
            return answer(request, gate.wait_sync() if held(request) else True)

        return httpx.MockTransport(handle)

    async def handle_async(request: httpx.Request) -> httpx.Response:
        return answer(request, await gate.wait_async() if held(request) else True)

    return httpx.MockTransport(handle_async)


def test_a_slow_request_does_not_hold_back_the_next_chunks(kind: str) -> None:
    # Two in flight: the request for (1, 10) is answered only once (3, 30) has been sent, which
    # happens only if the client sends the third chunk as soon as the second is answered.
    gate = Gate(kind)
    sent: list[str] = []

    def answer(request: httpx.Request, released: bool) -> httpx.Response:
        from_id = first_input(request)["from"]["id"]
        sent.append(from_id)
        if from_id == "3":
            gate.open()
        return ok() if released else httpx.Response(500, json={"message": "held back"})

    report = call(
        kind,
        lambda c: c.batch.remove(
            "contacts", "companies", [(1, 10), (2, 20), (3, 30)], chunk_size=1, concurrency=2
        ),
        transport=transport(kind, answer, gate, lambda r: first_input(r)["from"]["id"] == "1"),
    )
    assert report.failed == []
    assert sorted(sent) == ["1", "2", "3"]


def test_at_most_concurrency_requests_are_in_flight(kind: str) -> None:
    in_flight, most = 0, 0
    lock = threading.Lock()
    meet = threading.Barrier(2, timeout=PATIENCE)  # sync: two requests overlap for sure

    def enter() -> None:
        nonlocal in_flight, most
        with lock:
            in_flight += 1
            most = max(most, in_flight)

    def leave() -> None:
        nonlocal in_flight
        with lock:
            in_flight -= 1

    def handle(request: httpx.Request) -> httpx.Response:
        enter()
        meet.wait()
        leave()
        return ok()

    async def handle_async(request: httpx.Request) -> httpx.Response:
        enter()
        for _ in range(10):  # let every other task the client started run
            await asyncio.sleep(0)
        leave()
        return ok()

    pairs = [(n, 10 * n) for n in range(1, 9)]
    report = call(
        kind,
        lambda c: c.batch.remove("contacts", "companies", pairs, chunk_size=1, concurrency=2),
        transport=httpx.MockTransport(handle if kind == "sync" else handle_async),
    )
    assert len(report.succeeded) == len(pairs)
    assert most == 2


def test_after_a_fatal_error_the_next_pages_are_not_fetched(kind: str) -> None:
    # Record 2 has a second page; before its first page is answered, record 1's request fails
    # with 401. The second page is then not asked for: record 2 fails with the 401 too.
    gate = Gate(kind)
    asked: list[dict[str, Any]] = []

    def answer(request: httpx.Request, released: bool) -> httpx.Response:
        wanted = first_input(request)
        asked.append(wanted)
        if wanted["id"] == "1":
            return httpx.Response(
                401, json={"status": "error", "message": "expired", "category": "INVALID_AUTH"}
            )
        assert released, "record 1's answer was never settled"
        first_page = {
            "from": {"id": "2"},
            "to": [{"toObjectId": 20, "associationTypes": []}],
            "paging": {"next": {"after": "next-page"}},
        }
        return ok([first_page])

    progress: list[tuple[int, int | None]] = []

    def on_progress(done: int, total: int | None) -> None:
        progress.append((done, total))
        gate.open()  # record 1 is settled: now record 2's first page may come back

    report = call(
        kind,
        lambda c: c.batch.read(
            "contacts", "companies", [1, 2], chunk_size=1, concurrency=2, on_progress=on_progress
        ),
        transport=transport(kind, answer, gate, lambda r: first_input(r)["id"] == "2"),
    )
    assert asked == [{"id": "1"}, {"id": "2"}] or asked == [{"id": "2"}, {"id": "1"}]
    assert report.succeeded == []
    assert {f.input: f.error.category for f in report.failed} == {
        1: "INVALID_AUTH",
        2: "INVALID_AUTH",
    }
    assert progress[-1] == (2, 2)
