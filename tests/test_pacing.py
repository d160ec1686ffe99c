"""The pacer never overshoots, counted where the server counts: on virtual time, no real sleeps.

``Simulation`` drives the engine's sans-IO exchanges (what both clients run) for many callers
at once (threads or tasks: the engine cannot tell), on a discrete-event clock. Every wake-up
may be late (a busy interpreter or event loop), every request takes a while, and the server
counts each one at some moment between its send and its answer: that moment is what HubSpot's
rolling window sees, and what these tests count.
"""

from __future__ import annotations

import heapq
import json
import random
from collections.abc import Callable, Generator
from typing import Any

import httpx
import pytest
from clients import FakeTime
from conftest import TOKEN
from hubspot_associations import Associations, AsyncAssociations, errors
from hubspot_associations._call import Call
from hubspot_associations._pacing import LocalBudget, rate_limit_headers
from scripted_server import ScriptedServer
from test_retries import max_in_any_window, rate_limit_body

CALL: Call[None] = Call("remove", "DELETE", "/crm/associations/2026-03/x", lambda response: None)


class Simulation:
    """``callers`` each run ``calls`` exchanges of one client's engine, on virtual time."""

    def __init__(
        self,
        rate_limit: tuple[int, float] | None,
        *,
        callers: int,
        calls: int,
        latency: float = 0.05,
        lateness: Callable[[int, int], float] = lambda caller, n: 0.0,
        server_limit: tuple[int, float] | None = None,
        announce: tuple[int, float] | None = None,
        seed: int = 1,
    ) -> None:
        self.now = 0.0
        self.client = Associations(
            access_token=TOKEN,
            base_url="http://127.0.0.1:9",
            rate_limit=rate_limit,
            clock=lambda: self.now,
        )
        self.engine = self.client._engine
        self.callers, self.calls = callers, calls
        self.latency, self.lateness = latency, lateness
        self.server_limit, self.announce = server_limit, announce
        self.rng = random.Random(seed)
        self.counted: list[float] = []  # when the server counted each request
        self.sends: list[float] = []  # when each request left the client
        self.refused: list[float] = []  # when a 429 was answered
        self.errors: list[BaseException] = []

    def _answer(self, at: float) -> httpx.Response:
        """The server counts a request at ``at``: accept it, or 429 when over its limit."""
        headers: dict[str, str] = {}
        if self.announce is not None:
            headers["x-hubspot-ratelimit-max"] = str(self.announce[0])
            headers["x-hubspot-ratelimit-interval-milliseconds"] = str(int(self.announce[1] * 1000))
        limit = self.server_limit
        if limit is not None:
            recent = [t for t in self.counted if t > at - limit[1]]
            if len(recent) >= limit[0]:
                self.refused.append(at)
                body = json.dumps(rate_limit_body("TEN_SECONDLY_ROLLING")).encode()
                return httpx.Response(429, headers=headers, content=body)
        self.counted.append(at)
        return httpx.Response(204, headers=headers)

    def run(self) -> float:
        """Run every caller to its end; return the virtual time it took."""
        events: list[tuple[float, int, int, Any]] = []
        sequence = 0
        gens: dict[int, Generator[Any, Any, Any]] = {}
        done = dict.fromkeys(range(self.callers), 0)
        wakes = dict.fromkeys(range(self.callers), 0)

        def push(at: float, caller: int, outcome: Any) -> None:
            nonlocal sequence
            sequence += 1
            heapq.heappush(events, (at, sequence, caller, outcome))

        for caller in range(self.callers):
            push(0.0, caller, None)
        while events:
            at, _, caller, outcome = heapq.heappop(events)
            self.now = at
            if isinstance(outcome, tuple):  # the server counts this request now
                answer_at, _ = outcome
                push(answer_at, caller, self._answer(at))
                continue
            gen = gens.get(caller)
            if gen is None:
                gen = gens[caller] = self.engine.exchange(CALL)
                outcome = None
            try:
                action = gen.send(outcome)
            except StopIteration:
                action = None
            except errors.HubSpotError as exc:
                self.errors.append(exc)
                action = None
            if action is None:
                del gens[caller]
                done[caller] += 1
                if done[caller] < self.calls:
                    push(self.now, caller, None)
            elif isinstance(action, dict):
                self.sends.append(self.now)
                answer_at = self.now + self.latency * (0.5 + self.rng.random())
                counted_at = self.now + (answer_at - self.now) * self.rng.random()
                push(counted_at, caller, (answer_at, None))
            else:
                wakes[caller] += 1
                push(self.now + action + self.lateness(caller, wakes[caller]), caller, None)
        return self.now


def busy(limit: float, seed: int) -> Callable[[int, int], float]:
    """A busy loop or interpreter: every wake-up late by up to ``limit`` seconds."""
    rng = random.Random(seed)
    return lambda caller, n: rng.random() * limit


# -- more callers than max_requests, late wake-ups ---------------------------------------------


def test_six_callers_at_two_per_second_one_waking_late() -> None:
    # RateLimiter(2, 1.0) with six bookings, one waking 0.3 s late, let 3 sends into a second.
    sim = Simulation(
        (2, 1.0),
        callers=6,
        calls=1,
        latency=0.01,
        lateness=lambda caller, n: 0.3 if (caller, n) == (2, 1) else 0.0,
    )
    sim.run()
    assert len(sim.counted) == 6
    assert max_in_any_window(sim.counted, 1.0) <= 2, sim.counted


@pytest.mark.parametrize(
    ("rate_limit", "callers", "late"),
    [((5, 1.0), 10, 0.2), ((5, 0.5), 8, 0.05), ((2, 1.0), 6, 0.5), ((20, 1.0), 100, 0.3)],
)
def test_many_callers_on_a_busy_loop_never_overshoot(
    rate_limit: tuple[int, float], callers: int, late: float
) -> None:
    # An async client at (5, 1.0) with 10 tasks on a busy loop sent 9 requests in one second;
    # 8 threads at (5, 0.5) hit 429s. The server here enforces exactly the client's limit.
    sim = Simulation(
        rate_limit, callers=callers, calls=6, lateness=busy(late, 3), server_limit=rate_limit
    )
    took = sim.run()
    assert sim.refused == []
    assert len(sim.counted) == callers * 6
    assert max_in_any_window(sim.counted, rate_limit[1]) <= rate_limit[0]
    # ...and the budget is used: late wake-ups and answer times cost little.
    bound = len(sim.counted) / rate_limit[0] * rate_limit[1]
    assert took <= bound * 1.25 + rate_limit[1] + late


# -- HubSpot's announced window: followed where stricter, never mixed with ours ----------------


def test_a_shorter_announced_window_never_stretches_our_count() -> None:
    # (5, 2.0) against a server announcing 100 per 0.5 s sent up to 20 in one 2-s window.
    sim = Simulation((5, 2.0), callers=4, calls=10, announce=(100, 0.5))
    sim.run()
    assert max_in_any_window(sim.counted, 2.0) <= 5
    assert "rate_limit=(5, 2.0)," in repr(sim.client)


def test_a_longer_announced_window_at_the_same_rate_does_not_slow_us_down() -> None:
    # (19, 1.0) against 190 per 10 s became (19, 10.0): ten times slower.
    sim = Simulation((19, 1.0), callers=4, calls=25, latency=0.01, announce=(190, 10.0))
    took = sim.run()
    assert max_in_any_window(sim.counted, 1.0) <= 19
    assert took <= 100 / 19 * 1.0 * 1.1 + 1.0


def test_a_rationed_quota_survives_hubspots_announced_window() -> None:
    # (10000, 3600.0) silently became HubSpot's (100, 10); scaled down: 50 per hour.
    sim = Simulation((50, 3600.0), callers=2, calls=40, latency=0.01, announce=(100, 10.0))
    sim.run()
    assert max_in_any_window(sim.counted, 3600.0) <= 50


def test_a_stricter_announced_window_is_followed() -> None:
    sim = Simulation((100, 10.0), callers=6, calls=10, announce=(3, 1.0), server_limit=(3, 1.0))
    sim.run()
    # The first answers announce the window; from then on the server never refuses.
    assert len(sim.refused) <= 3
    assert max_in_any_window(sim.counted[6:], 1.0) <= 3


# -- a 429 pauses every request of the client, with or without pacing --------------------------


@pytest.mark.parametrize("rate_limit", [(100, 10.0), None])
def test_a_429_holds_every_caller_until_the_pause_ends(
    rate_limit: tuple[int, float] | None,
) -> None:
    # After one TEN_SECONDLY_ROLLING 429, booked callers went on sending (7 during the 10-s
    # pause); with rate_limit=None nothing paused at all (171 in the next 0.85 s).
    sim = Simulation(
        rate_limit, callers=8, calls=20, latency=0.01, server_limit=(10, 1.0), announce=None
    )
    sim.run()
    assert sim.refused, "the server never refused: the test proves nothing"
    first = min(sim.refused)
    # A refused request waits HubSpot's ten-second window (no Retry-After, no interval).
    held = [t for t in sim.sends if first < t < first + 10.0]
    assert held == []
    assert len(sim.counted) == 8 * 20  # nothing lost


# -- server-given waits are capped ------------------------------------------------------------


@pytest.mark.parametrize("value", ["86400", "1e999", "inf"])
@pytest.mark.parametrize("status", [503, 429])
def test_a_server_wait_over_the_cap_raises_at_once(
    server: ScriptedServer, status: int, value: str
) -> None:
    body = rate_limit_body("TEN_SECONDLY_ROLLING") if status == 429 else {"message": "down"}
    server.reply(status, body, {"retry-after": value})
    server.reply(204)
    time = FakeTime()
    expected = errors.RateLimitError if status == 429 else errors.ServerError
    with (
        Associations(
            access_token=TOKEN,
            base_url=server.url,
            clock=time.clock,
            sleep=time.sleep,
        ) as client,
        pytest.raises(expected) as raised,
    ):
        client.remove("contacts", 1, "companies", 2)
    assert raised.value.retry_after == float(value)
    assert time.sleeps == []
    assert len(server.received) == 1


@pytest.mark.anyio
@pytest.mark.parametrize("value", ["86400", "1e999"])
async def test_async_server_wait_over_the_cap_raises_at_once(
    server: ScriptedServer, value: str
) -> None:
    server.reply(503, {"message": "down"}, {"retry-after": value})
    server.reply(204)
    time = FakeTime()
    async with AsyncAssociations(
        access_token=TOKEN, base_url=server.url, clock=time.clock, sleep=time.async_sleep
    ) as client:
        with pytest.raises(errors.ServerError) as raised:
            await client.remove("contacts", 1, "companies", 2)
        assert raised.value.retry_after == float(value)
        assert time.sleeps == []
        await client.remove("contacts", 1, "companies", 2)  # not paused: goes out at once
    assert time.sleeps == []
    assert len(server.received) == 2


def test_a_wait_inside_the_cap_is_still_honoured(server: ScriptedServer) -> None:
    server.reply(503, {"message": "down"}, {"retry-after": "30"})
    server.reply(204)
    time = FakeTime()
    with Associations(
        access_token=TOKEN, base_url=server.url, clock=time.clock, sleep=time.sleep
    ) as client:
        client.remove("contacts", 1, "companies", 2)
    assert time.sleeps == [30.0]


# -- the daily stop, malformed announcements, an abandoned request -----------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_daily_remaining_zero_stops_the_client_without_sending(
    server: ScriptedServer, kind: str
) -> None:
    server.reply(204, None, {"x-hubspot-ratelimit-daily-remaining": "0"})
    server.reply(204)
    time = FakeTime()
    options: dict[str, Any] = {"access_token": TOKEN, "base_url": server.url, "clock": time.clock}
    if kind == "sync":
        with Associations(sleep=time.sleep, **options) as client:
            client.remove("contacts", 1, "companies", 2)
            with pytest.raises(errors.DailyLimitError, match="nothing was sent"):
                client.remove("contacts", 1, "companies", 2)
    else:
        async with AsyncAssociations(sleep=time.async_sleep, **options) as aclient:
            await aclient.remove("contacts", 1, "companies", 2)
            with pytest.raises(errors.DailyLimitError, match="nothing was sent"):
                await aclient.remove("contacts", 1, "companies", 2)
    assert len(server.received) == 1
    assert time.sleeps == []


@pytest.mark.parametrize(
    "headers",
    [
        {"x-hubspot-ratelimit-max": "0", "x-hubspot-ratelimit-interval-milliseconds": "1000"},
        {"x-hubspot-ratelimit-max": "1", "x-hubspot-ratelimit-interval-milliseconds": "9e99"},
    ],
)
def test_an_impossible_announced_window_is_ignored(headers: dict[str, str]) -> None:
    budget = LocalBudget((5, 1.0))
    budget.observe(headers, 0.0)
    assert budget.announced is None


def test_an_announced_window_binds_a_client_without_pacing() -> None:
    budget = LocalBudget(None)
    budget.observe({"x-hubspot-ratelimit-max": "1"}, 0.0)
    assert budget.announced == (1, 10.0)
    ticket = budget.reserve(0.0)[1]
    assert ticket is not None
    budget.release(ticket, 0.0)
    assert budget.reserve(0.0)[1] is None


def test_a_window_no_longer_stricter_stops_binding() -> None:
    # The budget works out its windows when an announcement changes them, not per request:
    # a later, laxer announcement must put our own window back.
    budget = LocalBudget((5, 1.0))
    budget.observe(
        {"x-hubspot-ratelimit-max": "1", "x-hubspot-ratelimit-interval-milliseconds": "1000"}, 0.0
    )
    first = budget.reserve(0.0)[1]
    assert first is not None
    budget.release(first, 0.0)
    assert budget.reserve(0.0)[1] is None  # HubSpot's one per second binds
    budget.observe(
        {"x-hubspot-ratelimit-max": "100", "x-hubspot-ratelimit-interval-milliseconds": "1000"}, 0.0
    )
    assert budget.announced is None
    assert budget.reserve(0.0)[1] is not None  # our five per second again


RATE_HEADER_CASES = [
    [("Content-Type", "application/json"), ("X-HubSpot-Correlation-Id", "c")],
    [
        ("X-HubSpot-RateLimit-Max", "190"),
        ("X-HubSpot-RateLimit-Remaining", "0"),
        ("x-hubspot-ratelimit-interval-milliseconds", "10000"),
        ("X-HUBSPOT-RATELIMIT-DAILY-REMAINING", "12"),
        ("Date", "Thu, 03 Dec 2026 01:00:00 GMT"),
    ],
    [("X-HubSpot-RateLimit-Max", "5"), ("x-hubspot-ratelimit-max", "7")],  # repeated
    [("X-HubSpot-RateLimit-Max", "5\xe9")],  # not ASCII: decoded as httpx decodes it
]


@pytest.mark.parametrize("items", RATE_HEADER_CASES)
def test_the_budget_reads_the_rate_headers_as_httpx_would(items: list[tuple[str, str]]) -> None:
    # The engine hands the budget an answer's rate-limit headers read in one pass: each one
    # reads as httpx's own case-insensitive lookup reads it, and nothing else is handed on.
    headers = httpx.Headers([(name, value.encode("latin-1")) for name, value in items])
    found = rate_limit_headers(headers)
    names = {
        "x-hubspot-ratelimit-max",
        "x-hubspot-ratelimit-remaining",
        "x-hubspot-ratelimit-interval-milliseconds",
        "x-hubspot-ratelimit-daily-remaining",
    }
    for name in names:
        assert found.get(name) == headers.get(name)
    assert set(found) == {
        n.lower() for n, _ in items if n.lower().startswith("x-hubspot-ratelimit")
    }


def test_an_abandoned_request_is_released() -> None:
    # Interrupted or cancelled mid-send: the grant must not count for ever.
    client = Associations(access_token=TOKEN, base_url="http://127.0.0.1:9", rate_limit=(1, 1.0))
    exchange = client._engine.exchange(CALL)
    assert isinstance(next(exchange), dict)
    exchange.close()
    budget = client._engine.budget
    assert isinstance(budget, LocalBudget) and budget._in_flight == 0


def test_a_429_with_a_malformed_interval_waits_ten_seconds(server: ScriptedServer) -> None:
    server.reply(
        429,
        rate_limit_body("TEN_SECONDLY_ROLLING"),
        {"x-hubspot-ratelimit-interval-milliseconds": "soon"},
    )
    server.reply(204)
    time = FakeTime()
    with Associations(
        access_token=TOKEN, base_url=server.url, clock=time.clock, sleep=time.sleep
    ) as client:
        client.remove("contacts", 1, "companies", 2)
    assert time.sleeps == [10.0]


@pytest.mark.parametrize(
    ("option", "value"),
    [("rate_limit_store", 5), ("rate_limit_key", ""), ("rate_limit_key", 7)],
)
def test_bad_store_options_are_refused_by_name(option: str, value: Any) -> None:
    with pytest.raises(ValueError, match=option):
        Associations(access_token=TOKEN, base_url="http://127.0.0.1:9", **{option: value})


def test_the_ledger_stays_bounded_and_decides_as_an_eagerly_pruned_one() -> None:
    # Answers older than every window are dropped in bulk, not one per request: every wait is
    # still the one a ledger holding only the counted answers gives, and memory stays bounded.
    rng = random.Random(14)
    budget = LocalBudget((50, 1.0))
    now, longest = 0.0, 10.0 * 1.02  # the ledger keeps HubSpot's ten-second window at least
    answered: list[float] = []
    for _ in range(20_000):
        now += rng.expovariate(60.0)
        counted = [t for t in answered if t > now - longest]
        expected_wait = budget_wait([(50, 1.0)], counted, now)
        wait, ticket = budget.reserve(now)
        assert wait == expected_wait
        if ticket is not None:  # granted: the ledger was pruned, then this answer added
            budget.release(ticket, now)
            assert len(budget._done) <= 2 * len(counted) + 1
            counted.append(now)
        answered = counted


def budget_wait(limits: list[tuple[int, float]], done: list[float], now: float) -> float:
    from hubspot_associations._pacing import wait_for

    return wait_for(limits, 0, sorted(done), now)
