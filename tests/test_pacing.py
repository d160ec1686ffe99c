"""The client-side pacer follows what HubSpot announces, and only what makes sense.

``RateLimiter`` is shared by the sync and the async client (neither has its own); its clock is
injected, so every wait below is computed, never slept.
"""

from __future__ import annotations

import pytest
from hubspot_associations._pacing import _MARGIN, RateLimiter

MAX = "x-hubspot-ratelimit-max"
REMAINING = "x-hubspot-ratelimit-remaining"
INTERVAL = "x-hubspot-ratelimit-interval-milliseconds"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def waits(limiter: RateLimiter, sends: int) -> list[float]:
    """How long each of ``sends`` back-to-back requests is told to wait."""
    return [limiter.book()[0] for _ in range(sends)]


def test_an_announced_budget_of_one_request_is_followed() -> None:
    limiter = RateLimiter(10, 1.0, Clock())
    limiter.observe({MAX: "1", REMAINING: "1"})
    assert waits(limiter, 2) == [0.0, pytest.approx(1.0 * _MARGIN)]


@pytest.mark.parametrize("announced", ["0", "-5"])
def test_an_announced_budget_of_nothing_is_ignored(announced: str) -> None:
    limiter = RateLimiter(3, 1.0, Clock())
    limiter.observe({MAX: announced, REMAINING: "1"})
    assert waits(limiter, 4) == [0.0, 0.0, 0.0, pytest.approx(1.0 * _MARGIN)]


def test_the_configured_budget_comes_back_when_hubspot_announces_it() -> None:
    limiter = RateLimiter(4, 1.0, Clock())
    limiter.observe({MAX: "2", REMAINING: "1"})
    limiter.observe({MAX: "4", REMAINING: "3"})  # exactly the configured budget
    assert waits(limiter, 5) == [0.0] * 4 + [pytest.approx(1.0 * _MARGIN)]


def test_one_remaining_request_is_no_reason_to_hold_back() -> None:
    limiter = RateLimiter(100, 10.0, Clock())
    limiter.observe({MAX: "100", REMAINING: "1"})
    assert waits(limiter, 1) == [0.0]
    limiter.observe({MAX: "100", REMAINING: "0"})  # none left: hold back a tenth of the window
    assert waits(limiter, 1) == [pytest.approx(1.0)]


@pytest.mark.parametrize("interval", ["0", "-1000"])
def test_a_window_of_no_length_is_ignored(interval: str) -> None:
    limiter = RateLimiter(2, 1.0, Clock())
    limiter.observe({MAX: "2", REMAINING: "1", INTERVAL: interval})
    assert waits(limiter, 3) == [0.0, 0.0, pytest.approx(1.0 * _MARGIN)]
