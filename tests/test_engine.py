"""One API call, through both clients: what counts as success, what a failure without an answer
says, what is retried, and the DEBUG line each request leaves (with an injected clock, so the
times are exact).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from clients import KINDS, FakeTime, call
from hubspot_associations import errors
from scripted_server import ScriptedServer


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


class SteppingClock:
    """Each reading is ``step`` seconds after the previous one; sleeps are recorded, not slept."""

    def __init__(self, step: float) -> None:
        self.now = 100.0
        self.step = step
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        self.now += self.step
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def remove(kind: str, clock: SteppingClock | None = None, **options: Any) -> Any:
    if clock is not None:
        options["clock"] = clock
        options["sleep"] = clock.sleep if kind == "sync" else clock.async_sleep
    return call(kind, lambda c: c.remove("contacts", 1, "companies", 2), **options)


def failing(exc: httpx.HTTPError) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        raise exc

    return httpx.MockTransport(handle)


# -- what is a success ------------------------------------------------------------------------


def test_a_redirect_status_is_an_error_not_a_result(server: ScriptedServer, kind: str) -> None:
    # httpx does not follow redirects here; a 3xx is no answer to the request.
    server.reply(300, {"status": "error", "message": "Multiple Choices"})
    with pytest.raises(errors.APIError) as caught:
        remove(kind, url=server.url)
    assert caught.value.status_code == 300


# -- failures without an answer -------------------------------------------------------------------


def test_a_timeout_names_what_timed_out(kind: str) -> None:
    with pytest.raises(errors.APITimeoutError) as caught:
        remove(kind, transport=failing(httpx.ReadTimeout("timed out")))
    assert "ReadTimeout" in str(caught.value)


def test_a_connection_failure_says_what_failed(kind: str) -> None:
    with pytest.raises(errors.APIConnectionError) as caught:
        remove(kind, transport=failing(httpx.ConnectError("[Errno 111] Connection refused")))
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert "ConnectError" in str(caught.value)
    assert "Connection refused" in str(caught.value)


def test_a_connection_failure_without_a_message_still_says_something(kind: str) -> None:
    with pytest.raises(errors.APIConnectionError) as caught:
        remove(kind, transport=failing(httpx.RemoteProtocolError("")))
    message = str(caught.value)
    detail = message.rpartition(":")[2].strip()
    assert detail == "RemoteProtocolError", message


# -- retries ------------------------------------------------------------------------------------


def test_a_429_without_any_hint_is_retried_after_a_backoff(
    server: ScriptedServer, kind: str
) -> None:
    # No policy name, no Retry-After, no announced window: wait as after any fault.
    server.reply(429, {"status": "error", "message": "Too many requests"})
    server.reply(204)
    clock = SteppingClock(0.0)
    remove(kind, clock, url=server.url, max_retries=1)
    assert len(server.received) == 2
    (slept,) = clock.sleeps
    assert 0.25 <= slept <= 0.5  # the first backoff: half a second, jittered down to half


# -- the DEBUG line of each request ----------------------------------------------------------------


@pytest.fixture
def debug_lines(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    caplog.set_level(logging.DEBUG, logger="hubspot_associations")
    lines: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(record.getMessage())

    handler = Keep()
    logger = logging.getLogger("hubspot_associations")
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


@pytest.mark.parametrize(
    ("headers", "shown"), [({"x-hubspot-correlation-id": "c-77"}, "c-77"), ({}, "-")]
)
def test_each_answer_is_logged_with_its_time_and_correlation_id(
    server: ScriptedServer, kind: str, debug_lines: list[str], headers: dict[str, str], shown: str
) -> None:
    server.reply(204, None, headers)
    remove(kind, SteppingClock(0.25), url=server.url)
    path = server.received[0].path
    assert debug_lines == [f"DELETE {path} -> 204 in 250.0 ms (correlation id {shown})"]


def test_a_retry_and_a_failure_are_logged(kind: str, debug_lines: list[str]) -> None:
    attempts: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        attempts.append(request.url.path)
        if len(attempts) == 1:
            return httpx.Response(503, headers={"retry-after": "2"}, json={"message": "busy"})
        raise httpx.ConnectError("refused")

    clock = SteppingClock(0.5)
    with pytest.raises(errors.APIConnectionError):
        remove(kind, clock, transport=httpx.MockTransport(handle), max_retries=1)
    assert clock.sleeps == [2.0]
    path = attempts[0]
    assert debug_lines == [
        f"DELETE {path} -> 503 in 500.0 ms (correlation id -)",
        f"retrying DELETE {path} in 2.00 s (retry 1, after HTTP 503)",
        f"DELETE {path} -> ConnectError after 500.0 ms",
    ]


# -- the budget seam: an async client's store is awaited ----------------------------------------


class AwaitedBudget:
    """An async budget (``_pacing.AsyncBudget``) around the local one: each call answers with
    a coroutine, which records that it was awaited."""

    def __init__(self) -> None:
        from hubspot_associations._pacing import LocalBudget

        self.local = LocalBudget((5, 1.0))
        self.limit = self.local.limit
        self.awaited: list[str] = []

    def _step(self, name: str, *args: Any) -> Any:
        async def run() -> Any:
            self.awaited.append(name)
            return getattr(self.local, name)(*args)

        return run()

    def reserve(self, now: float) -> Any:
        return self._step("reserve", now)

    def release(self, ticket: Any, now: float) -> Any:
        return self._step("release", ticket, now)

    def pause(self, seconds: float, now: float) -> Any:
        return self._step("pause", seconds, now)

    def stop_daily(self, now: float) -> Any:
        return self._step("stop_daily", now)

    def observe(self, headers: Any, now: float) -> Any:
        return self._step("observe", headers, now)

    def describe(self) -> str:
        return self.local.describe()


def test_the_async_driver_awaits_every_call_of_an_async_budget() -> None:
    from hubspot_associations._pacing import AsyncBudget

    budget = AwaitedBudget()
    assert isinstance(budget, AsyncBudget)
    answers = [
        httpx.Response(429, json={"category": "RATE_LIMITS", "policyName": "TEN_SECONDLY_ROLLING"},
                       headers={"retry-after": "1"}),
        httpx.Response(204),
        httpx.Response(429, json={"category": "RATE_LIMITS", "policyName": "DAILY"}),
    ]  # fmt: skip
    transport = httpx.MockTransport(lambda request: answers.pop(0))
    time_ = FakeTime()

    async def use(client: Any) -> None:
        client._engine.budget = budget
        await client.remove("contacts", 1, "companies", 2)  # a 429, then answered
        with pytest.raises(errors.DailyLimitError):
            await client.remove("contacts", 1, "companies", 2)
        with pytest.raises(errors.DailyLimitError):  # the budget's daily stop: nothing sent
            await client.remove("contacts", 1, "companies", 2)

    call(
        "async", use, transport=transport, max_retries=1, clock=time_.clock, sleep=time_.async_sleep
    )
    assert budget.awaited == [
        *("reserve", "release", "observe", "pause"),
        *("reserve", "release", "observe"),
        *("reserve", "release", "observe", "stop_daily"),
        "reserve",
    ]
    assert time_.sleeps == [1.0] and answers == []
