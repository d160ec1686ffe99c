"""Retries and pacing, with injected time: nothing here sleeps for real.

The scripted server answers from a script, so each test states exactly which faults HubSpot (or
a proxy) produced and asserts how many requests the client sent and how long it chose to wait.
"""

from __future__ import annotations

import email.utils
import heapq
import threading
import time
from typing import Any

import httpx
import pytest
from clients import FakeTime
from conftest import TOKEN
from hubspot_associations import Associations, AsyncAssociations, errors
from hubspot_associations._pacing import _MARGIN, LocalBudget
from hubspot_associations._retry import RetryPolicy
from scripted_server import ScriptedServer

RETRYABLE = [500, 502, 503, 504, *range(520, 528)]
NOT_RETRYABLE = [400, 401, 403, 404, 405, 409, 422]
ERROR_BODY = {"status": "error", "message": "nope", "correlationId": "c-1", "category": "X"}
HTML_502 = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


def rate_limit_body(policy: str) -> dict[str, str]:
    return {
        "status": "error",
        "message": f"You have reached your {policy.lower()} limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": "c-429",
        "policyName": policy,
        "groupName": "publicapi-private-app",
    }


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def client_for(server: ScriptedServer, fake_time: FakeTime, **options: Any) -> Associations:
    options.setdefault("rate_limit", None)
    return Associations(
        access_token=TOKEN,
        base_url=server.url,
        clock=fake_time.clock,
        sleep=fake_time.sleep,
        **options,
    )


def async_client_for(
    server: ScriptedServer, fake_time: FakeTime, **options: Any
) -> AsyncAssociations:
    options.setdefault("rate_limit", None)
    return AsyncAssociations(
        access_token=TOKEN,
        base_url=server.url,
        clock=fake_time.clock,
        sleep=fake_time.async_sleep,
        **options,
    )


def with_policy(client: Any, policy: RetryPolicy) -> Any:
    """Give a client a retry policy with an injected ``random`` (tests only)."""
    engine = client._engine
    engine.settings = engine.settings.replace(retry=policy)
    return client


def remove(client: Associations) -> None:
    client.remove("contacts", 1, "companies", 2)


# -- what is retried, and what is not ----------------------------------------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
@pytest.mark.parametrize("status", RETRYABLE)
def test_retryable_status_is_retried_then_succeeds(
    server: ScriptedServer, fake_time: FakeTime, status: int
) -> None:
    server.reply(status, ERROR_BODY)
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert len(server.received) == 2
    assert len(fake_time.sleeps) == 1


def test_html_502_from_a_proxy_is_retried(server: ScriptedServer, fake_time: FakeTime) -> None:
    server.reply(502, HTML_502, {"content-type": "text/html"})
    server.reply(502, b"error code: 502", {"content-type": "text/plain"})
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert len(server.received) == 3


@pytest.mark.usefixtures("api_version")  # on each API version
def test_connection_reset_is_retried(server: ScriptedServer, fake_time: FakeTime) -> None:
    server.reset()
    server.reset()
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert len(server.received) == 3
    assert len(fake_time.sleeps) == 2


def test_connection_reset_exhausting_retries_raises_connection_error(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    for _ in range(3):
        server.reset()
    with (
        client_for(server, fake_time, max_retries=2) as client,
        pytest.raises(errors.APIConnectionError) as caught,
    ):
        remove(client)
    assert not isinstance(caught.value, errors.APITimeoutError)
    assert len(server.received) == 3
    assert TOKEN not in str(caught.value)


class FlakyTransport(httpx.BaseTransport):
    """Raises the given exceptions in turn, then answers 204; counts what it was asked."""

    def __init__(self, failures: list[Exception]) -> None:
        self.failures = list(failures)
        self.requests = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.failures:
            raise self.failures.pop(0)
        return httpx.Response(204)


@pytest.mark.parametrize(
    "failure",
    [
        httpx.ReadTimeout("timed out"),
        httpx.ConnectTimeout("timed out"),
        httpx.WriteTimeout("timed out"),
        httpx.PoolTimeout("timed out"),
        httpx.ConnectError("refused"),
        httpx.RemoteProtocolError("peer closed connection without sending complete message"),
    ],
)
def test_timeouts_and_transport_failures_are_retried(
    fake_time: FakeTime, failure: Exception
) -> None:
    transport = FlakyTransport([failure, failure])
    with httpx.Client(transport=transport) as http:
        client = Associations(
            access_token=TOKEN,
            base_url="http://127.0.0.1:9",
            rate_limit=None,
            http_client=http,
            clock=fake_time.clock,
            sleep=fake_time.sleep,
        )
        remove(client)
    assert transport.requests == 3
    assert len(fake_time.sleeps) == 2


def test_timeout_exhausting_retries_raises_timeout_error(fake_time: FakeTime) -> None:
    transport = FlakyTransport([httpx.ReadTimeout("timed out")] * 4)
    with httpx.Client(transport=transport) as http:
        client = Associations(
            access_token=TOKEN,
            base_url="http://127.0.0.1:9",
            rate_limit=None,
            max_retries=3,
            http_client=http,
            clock=fake_time.clock,
            sleep=fake_time.sleep,
        )
        with pytest.raises(errors.APITimeoutError):
            remove(client)
    assert transport.requests == 4


@pytest.mark.parametrize("status", NOT_RETRYABLE)
def test_other_4xx_are_never_retried(
    server: ScriptedServer, fake_time: FakeTime, status: int
) -> None:
    server.reply(status, ERROR_BODY, {"retry-after": "1"})
    server.reply(204)
    with client_for(server, fake_time) as client, pytest.raises(errors.APIError) as caught:
        remove(client)
    assert caught.value.status_code == status
    assert len(server.received) == 1
    assert fake_time.sleeps == []


def test_typed_errors_for_4xx(server: ScriptedServer, fake_time: FakeTime) -> None:
    expected = {
        400: errors.ValidationError,
        401: errors.AuthenticationError,
        403: errors.PermissionDeniedError,
        404: errors.NotFoundError,
        409: errors.ConflictError,
    }
    with client_for(server, fake_time) as client:
        for status, cls in expected.items():
            server.reply(status, ERROR_BODY)
            with pytest.raises(cls):
                remove(client)
    assert len(server.received) == len(expected)


# -- 429: HubSpot's windows ---------------------------------------------------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
def test_ten_secondly_429_waits_retry_after_seconds(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    server.reply(
        429,
        rate_limit_body("TEN_SECONDLY_ROLLING"),
        {"retry-after": "7", "x-hubspot-ratelimit-interval-milliseconds": "10000"},
    )
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert fake_time.sleeps == [7.0]
    assert len(server.received) == 2


def test_ten_secondly_429_waits_retry_after_http_date(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.reply(429, rate_limit_body("TEN_SECONDLY_ROLLING"), {"retry-after": when})
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    [wait] = fake_time.sleeps
    assert 27.0 <= wait <= 30.0  # the date has a one-second resolution


def test_retry_after_date_in_the_past_means_now(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    when = email.utils.formatdate(time.time() - 60, usegmt=True)
    server.reply(429, rate_limit_body("TEN_SECONDLY_ROLLING"), {"retry-after": when})
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert fake_time.sleeps == [0.0]


def test_ten_secondly_429_without_retry_after_waits_the_announced_interval(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    server.reply(
        429,
        rate_limit_body("TEN_SECONDLY_ROLLING"),
        {
            "x-hubspot-ratelimit-max": "100",
            "x-hubspot-ratelimit-remaining": "0",
            "x-hubspot-ratelimit-interval-milliseconds": "2500",
        },
    )
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert fake_time.sleeps == [2.5]


@pytest.mark.parametrize("retry_after", [None, "soon", ""])
def test_ten_secondly_429_without_hints_waits_ten_seconds(
    server: ScriptedServer, fake_time: FakeTime, retry_after: str | None
) -> None:
    headers = {} if retry_after is None else {"retry-after": retry_after}
    server.reply(429, rate_limit_body("TEN_SECONDLY_ROLLING"), headers)
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert fake_time.sleeps == [10.0]


def test_secondly_429_waits_a_second(server: ScriptedServer, fake_time: FakeTime) -> None:
    server.reply(
        429,
        rate_limit_body("SECONDLY"),
        {"x-hubspot-ratelimit-interval-milliseconds": "10000"},
    )
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert fake_time.sleeps == [pytest.approx(1.0)]


@pytest.mark.usefixtures("api_version")  # on each API version
def test_daily_429_raises_at_once(server: ScriptedServer, fake_time: FakeTime) -> None:
    server.reply(429, rate_limit_body("DAILY"), {"retry-after": "1"})
    server.reply(204)
    with client_for(server, fake_time) as client, pytest.raises(errors.DailyLimitError) as err:
        remove(client)
    assert err.value.policy == "DAILY"
    assert len(server.received) == 1
    assert fake_time.sleeps == []


@pytest.mark.usefixtures("api_version")  # on each API version
def test_429_pauses_every_request_of_the_client(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    # A 429 seen by one request holds back the others (and with_options copies) too.
    server.reply(429, rate_limit_body("TEN_SECONDLY_ROLLING"), {"retry-after": "4"})
    server.reply(204)
    with client_for(server, fake_time, rate_limit=(100, 10.0)) as client:
        budget = client._engine.budget
        copy = client.with_options(max_retries=0)
        assert copy._engine.budget is budget
        remove(client)
        assert fake_time.sleeps == [4.0]
        # The pause is the budget's, so the copy's next request waits for it too.
        fake_time.now -= 4.0
        assert budget.reserve(fake_time.now)[0] == pytest.approx(4.0)


def test_429_exhausting_retries_raises_rate_limit_error(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    for _ in range(3):
        server.reply(429, rate_limit_body("TEN_SECONDLY_ROLLING"), {"retry-after": "1"})
    with (
        client_for(server, fake_time, max_retries=2) as client,
        pytest.raises(errors.RateLimitError) as caught,
    ):
        remove(client)
    assert caught.value.retry_after == 1.0
    assert not isinstance(caught.value, errors.DailyLimitError)
    assert len(server.received) == 3


def test_retry_after_on_503_is_honoured(server: ScriptedServer, fake_time: FakeTime) -> None:
    server.reply(503, ERROR_BODY, {"retry-after": "3"})
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    assert fake_time.sleeps == [3.0]


# -- backoff ---------------------------------------------------------------------------------


def test_backoff_grows_exponentially_and_is_capped() -> None:
    top = RetryPolicy(base_delay=0.5, max_delay=3.0, random=lambda: 1.0)
    bottom = RetryPolicy(base_delay=0.5, max_delay=3.0, random=lambda: 0.0)
    assert [top.backoff(n) for n in range(6)] == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]
    assert [bottom.backoff(n) for n in range(6)] == [0.25, 0.5, 1.0, 1.5, 1.5, 1.5]
    assert RetryPolicy().backoff(50) <= 30.0  # the default cap, even far out


def test_backoff_jitter_stays_within_bounds() -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=30.0)
    for attempt in range(12):
        ceiling = min(30.0, 0.5 * 2**attempt)
        for _ in range(50):
            assert ceiling / 2 <= policy.backoff(attempt) <= ceiling


@pytest.mark.parametrize(("jitter", "expected"), [(1.0, [0.5, 1.0, 2.0, 4.0, 4.0]), (0.5, None)])
def test_client_sleeps_grow_and_stay_under_the_cap(
    server: ScriptedServer, fake_time: FakeTime, jitter: float, expected: list[float] | None
) -> None:
    for _ in range(5):
        server.reply(500, ERROR_BODY)
    server.reply(204)
    client = with_policy(
        client_for(server, fake_time),
        RetryPolicy(max_retries=5, base_delay=0.5, max_delay=4.0, random=lambda: jitter),
    )
    with client:
        remove(client)
    sleeps = fake_time.sleeps
    assert len(sleeps) == 5
    assert len(server.received) == 6
    assert sleeps == sorted(sleeps)
    assert all(0 < s <= 4.0 for s in sleeps)
    if expected is not None:
        assert sleeps == expected


def test_default_policy_sleeps_are_jittered_backoff(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    for _ in range(5):
        server.reset()
    server.reply(204)
    with client_for(server, fake_time) as client:
        remove(client)
    for attempt, slept in enumerate(fake_time.sleeps):
        ceiling = min(30.0, 0.5 * 2**attempt)
        assert ceiling / 2 <= slept <= ceiling


# -- max_retries -------------------------------------------------------------------------------


@pytest.mark.parametrize("max_retries", [0, 1, 3])
def test_max_retries_per_client(
    server: ScriptedServer, fake_time: FakeTime, max_retries: int
) -> None:
    for _ in range(max_retries + 2):
        server.reply(502, HTML_502, {"content-type": "text/html"})
    with (
        client_for(server, fake_time, max_retries=max_retries) as client,
        pytest.raises(errors.ServerError) as caught,
    ):
        remove(client)
    assert caught.value.status_code == 502
    assert len(server.received) == max_retries + 1
    assert len(fake_time.sleeps) == max_retries


@pytest.mark.usefixtures("api_version")  # on each API version
def test_max_retries_per_call_with_options(server: ScriptedServer, fake_time: FakeTime) -> None:
    with client_for(server, fake_time, max_retries=5) as client:
        server.reply(500, ERROR_BODY)
        with pytest.raises(errors.ServerError):
            remove(client.with_options(max_retries=0))
        assert len(server.received) == 1
        server.reply(500, ERROR_BODY)
        server.reply(500, ERROR_BODY)
        server.reply(204)
        remove(client)  # the original client keeps its own budget
        assert len(server.received) == 4
        server.reply(500, ERROR_BODY)
        server.reply(500, ERROR_BODY)
        with pytest.raises(errors.ServerError):
            remove(client.with_options(max_retries=1))
        assert len(server.received) == 6


def test_with_options_keeps_the_injected_jitter(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    client = with_policy(
        client_for(server, fake_time),
        RetryPolicy(max_retries=5, base_delay=0.5, max_delay=30.0, random=lambda: 1.0),
    )
    copy = client.with_options(max_retries=2)
    assert copy._engine.settings.retry.max_retries == 2
    assert copy._engine.settings.retry.backoff(3) == 4.0
    client.close()


# -- the async client follows the same policy ---------------------------------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
@pytest.mark.anyio
@pytest.mark.parametrize("status", [500, 502, 503, 504, 520, 527])
async def test_async_retries_retryable_status(
    server: ScriptedServer, fake_time: FakeTime, status: int
) -> None:
    server.reply(status, ERROR_BODY)
    server.reset()
    server.reply(204)
    async with async_client_for(server, fake_time) as client:
        await client.remove("contacts", 1, "companies", 2)
    assert len(server.received) == 3
    assert len(fake_time.sleeps) == 2


@pytest.mark.anyio
@pytest.mark.parametrize("status", NOT_RETRYABLE)
async def test_async_never_retries_other_4xx(
    server: ScriptedServer, fake_time: FakeTime, status: int
) -> None:
    server.reply(status, ERROR_BODY)
    async with async_client_for(server, fake_time) as client:
        with pytest.raises(errors.APIError):
            await client.remove("contacts", 1, "companies", 2)
    assert len(server.received) == 1
    assert fake_time.sleeps == []


@pytest.mark.usefixtures("api_version")  # on each API version
@pytest.mark.anyio
async def test_async_rate_limit_waits(server: ScriptedServer, fake_time: FakeTime) -> None:
    server.reply(429, rate_limit_body("TEN_SECONDLY_ROLLING"), {"retry-after": "6"})
    server.reply(
        429,
        rate_limit_body("TEN_SECONDLY_ROLLING"),
        {"x-hubspot-ratelimit-interval-milliseconds": "3000"},
    )
    server.reply(429, rate_limit_body("TEN_SECONDLY_ROLLING"))
    server.reply(429, rate_limit_body("SECONDLY"))
    server.reply(204)
    async with async_client_for(server, fake_time) as client:
        await client.remove("contacts", 1, "companies", 2)
    assert fake_time.sleeps == [6.0, 3.0, 10.0, 1.0]


@pytest.mark.anyio
async def test_async_daily_limit_raises_at_once(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    server.reply(429, rate_limit_body("DAILY"))
    async with async_client_for(server, fake_time) as client:
        with pytest.raises(errors.DailyLimitError):
            await client.remove("contacts", 1, "companies", 2)
    assert len(server.received) == 1
    assert fake_time.sleeps == []


@pytest.mark.anyio
async def test_async_max_retries_and_backoff(server: ScriptedServer, fake_time: FakeTime) -> None:
    for _ in range(4):
        server.reply(500, ERROR_BODY)
    client = with_policy(
        async_client_for(server, fake_time),
        RetryPolicy(max_retries=5, base_delay=0.5, max_delay=1.5, random=lambda: 1.0),
    )
    async with client:
        with pytest.raises(errors.ServerError):
            await client.with_options(max_retries=3).remove("contacts", 1, "companies", 2)
    assert len(server.received) == 4
    assert fake_time.sleeps == [0.5, 1.0, 1.5]


# -- pacing ----------------------------------------------------------------------------------


def max_in_any_window(stamps: list[float], window: float) -> int:
    """The most sends in any half-open window [t, t + window)."""
    ordered = sorted(stamps)
    best = start = 0
    for end, stamp in enumerate(ordered):
        while ordered[start] <= stamp - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def test_max_in_any_window_helper() -> None:
    assert max_in_any_window([0, 0.5, 0.99, 1.0, 1.5], 1.0) == 3
    assert max_in_any_window([0, 1, 2], 1.0) == 1


def send_when_granted(budget: LocalBudget, now: list[float]) -> float:
    """Ask until granted, moving the clock by each wait; answer at once; return the send time."""
    while True:
        wait, ticket = budget.reserve(now[0])
        if ticket is not None:
            budget.release(ticket, now[0])
            return now[0]
        now[0] += wait


def test_rate_limiter_books_at_most_n_per_window() -> None:
    now = [0.0]
    budget = LocalBudget((5, 1.0))
    for _ in range(5):
        wait, ticket = budget.reserve(now[0])
        assert wait == 0.0 and ticket is not None
        budget.release(ticket, now[0])
    assert budget.reserve(now[0]) == (pytest.approx(1.0 * _MARGIN), None)
    assert budget.reserve(now[0]) == (pytest.approx(1.0 * _MARGIN), None)


def test_rate_limiter_never_exceeds_the_window_with_irregular_callers() -> None:
    import random

    rng = random.Random(7)
    now = [0.0]
    budget = LocalBudget((10, 2.0))
    sends = []
    arrival = 0.0
    for _ in range(2000):
        arrival += rng.expovariate(20.0)  # callers arrive faster than the budget allows
        now[0] = max(now[0], arrival)
        sends.append(send_when_granted(budget, now))
    assert max_in_any_window(sends, 2.0) <= 10
    # ...and the budget is used: close to 10 per 2 s over the run.
    rate = len(sends) / (max(sends) - min(sends))
    assert rate >= 0.95 * 5 / _MARGIN


def test_rate_limiter_pause_holds_every_send() -> None:
    now = [0.0]
    budget = LocalBudget((100, 10.0))
    budget.pause(3.0, now[0])
    assert budget.reserve(now[0]) == (3.0, None)
    now[0] = 3.5
    assert budget.reserve(now[0])[0] == 0.0


class VirtualTime:
    """Discrete-event time for real threads: the clock jumps to the earliest wake-up only when
    every thread is asleep, so a thread sends exactly at the moment it woke for."""

    def __init__(self, threads: int) -> None:
        self.now = 0.0
        self.running = threads
        self.wakes: list[float] = []
        self.cond = threading.Condition()

    def clock(self) -> float:
        return self.now

    def _advance(self) -> None:
        if self.running == 0 and self.wakes and self.wakes[0] > self.now:
            self.now = self.wakes[0]
            self.cond.notify_all()

    def sleep(self, seconds: float) -> None:
        with self.cond:
            wake = self.now + seconds
            heapq.heappush(self.wakes, wake)
            self.running -= 1
            self._advance()
            while self.now < wake:
                self.cond.wait(timeout=5)
                self._advance()
            self.wakes.remove(wake)
            heapq.heapify(self.wakes)
            self.running += 1

    def finished(self) -> None:
        with self.cond:
            self.running -= 1
            self._advance()


def test_pacing_is_shared_by_threads(server: ScriptedServer) -> None:
    threads, calls, limit, window = 6, 10, 7, 1.0
    vt = VirtualTime(threads)
    stamps: list[float] = []

    def stamp(request: httpx.Request) -> None:
        stamps.append(vt.clock())

    for _ in range(threads * calls):
        server.reply(204)
    http = httpx.Client(event_hooks={"request": [stamp]})
    client = Associations(
        access_token=TOKEN,
        base_url=server.url,
        rate_limit=(limit, window),
        http_client=http,
        clock=vt.clock,
        sleep=vt.sleep,
    )
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            # Half the threads use with_options copies: they share the same budget.
            worker = client.with_options(timeout=10.0) if n % 2 else client
            for _ in range(calls):
                remove(worker)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            vt.finished()

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=30)
    http.close()
    assert not failures
    assert len(stamps) == threads * calls
    assert max_in_any_window(stamps, window) <= limit
    # The budget is used, not wasted: 60 sends at 7 per ~1.02 s take about 8 windows.
    assert max(stamps) <= (threads * calls / limit) * window * _MARGIN + window


def test_pacing_adapts_to_a_smaller_announced_window(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    announced = {
        "x-hubspot-ratelimit-max": "3",
        "x-hubspot-ratelimit-remaining": "2",
        "x-hubspot-ratelimit-interval-milliseconds": "1000",
    }
    server.reply(204, None, announced)
    for _ in range(6):
        server.reply(204, None, {**announced, "x-hubspot-ratelimit-remaining": "1"})
    stamps: list[float] = []
    http = httpx.Client(event_hooks={"request": [lambda request: stamps.append(fake_time.now)]})
    client = client_for(server, fake_time, rate_limit=(100, 10.0), http_client=http)
    for _ in range(7):
        remove(client)
    http.close()
    budget = client._engine.budget
    assert isinstance(budget, LocalBudget)
    assert budget.announced == (3, 1.0)
    assert budget.limit == (100, 10.0)  # HubSpot's window is kept beside ours, never mixed
    assert max_in_any_window(stamps, 1.0) <= 3
    assert max(stamps) - min(stamps) >= 2.0  # 7 sends at 3 per second span two windows


def test_pacing_returns_to_the_configured_budget(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    server.reply(204, None, {"x-hubspot-ratelimit-max": "3", "x-hubspot-ratelimit-remaining": "2"})
    server.reply(
        204, None, {"x-hubspot-ratelimit-max": "190", "x-hubspot-ratelimit-remaining": "150"}
    )
    with client_for(server, fake_time, rate_limit=(100, 10.0)) as client:
        budget = client._engine.budget
        assert isinstance(budget, LocalBudget)
        remove(client)
        assert budget.announced == (3, 10.0)  # no interval announced: HubSpot's ten seconds
        remove(client)
        assert budget.announced is None  # never above what the caller configured
        assert budget.limit == (100, 10.0)


def test_pacing_holds_back_when_remaining_reaches_zero(
    server: ScriptedServer, fake_time: FakeTime
) -> None:
    server.reply(
        204,
        None,
        {
            "x-hubspot-ratelimit-max": "100",
            "x-hubspot-ratelimit-remaining": "0",
            "x-hubspot-ratelimit-interval-milliseconds": "10000",
        },
    )
    server.reply(204)
    with client_for(server, fake_time, rate_limit=(100, 10.0)) as client:
        remove(client)
        assert fake_time.sleeps == []
        remove(client)
    assert fake_time.sleeps == [pytest.approx(1.0)]  # a tenth of the window


@pytest.mark.parametrize(
    "headers",
    [
        {"x-hubspot-ratelimit-max": "many"},
        {"x-hubspot-ratelimit-max": "10", "x-hubspot-ratelimit-remaining": "?"},
        {"x-hubspot-ratelimit-max": "10", "x-hubspot-ratelimit-interval-milliseconds": "x"},
    ],
)
def test_pacing_ignores_malformed_headers(headers: dict[str, str]) -> None:
    budget = LocalBudget((100, 10.0))
    budget.observe(headers, 0.0)
    assert budget.announced in (None, (10, 10.0))
    assert budget.limit == (100, 10.0)
    assert budget.reserve(0.0)[0] == 0.0


def test_rate_limit_none_turns_pacing_off(server: ScriptedServer, fake_time: FakeTime) -> None:
    for _ in range(50):
        server.reply(204)
    with client_for(server, fake_time, rate_limit=None) as client:
        assert client._engine.budget.limit is None
        for _ in range(50):
            remove(client)
    assert fake_time.sleeps == []


def test_a_late_wake_up_does_not_squeeze_the_next_window(server: ScriptedServer) -> None:
    """A thread that oversleeps (a busy interpreter) sends after its booked slot: the request
    ``max_requests`` later must count from the real send, not from the booking."""

    class LateTime(FakeTime):
        def __init__(self) -> None:
            super().__init__()
            self.lateness = [0.3]  # the first wake-up is 300 ms late

        def sleep(self, seconds: float) -> None:
            super().sleep(seconds + (self.lateness.pop(0) if self.lateness else 0.0))

    late = LateTime()
    stamps: list[float] = []
    for _ in range(7):
        server.reply(204)
    http = httpx.Client(event_hooks={"request": [lambda request: stamps.append(late.now)]})
    client = client_for(server, late, rate_limit=(3, 1.0), http_client=http)
    for _ in range(7):
        remove(client)
    http.close()
    assert max_in_any_window(stamps, 1.0) <= 3, stamps
