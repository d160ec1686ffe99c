"""When to retry, and how long to wait: one policy for the sync and the async client.

Every associations operation is idempotent (PUT and DELETE by nature; the batch POSTs create,
read or remove a set of associations, so sending one twice leaves the same state). That is what
makes it safe to retry a request whose answer was lost, including after a reset.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable, Mapping

import httpx

from . import _hubspot as hubspot
from . import errors
from ._error_bodies import parse_retry_after
from ._values import FrozenValue, setter


class RetryPolicy(FrozenValue, hidden=("random",)):
    """Exponential backoff with jitter for faults; HubSpot's own windows for rate limits.

    ``max_delay`` caps every wait: the backoff, and any wait the server gives (``Retry-After``,
    an announced window). A server asking for longer is not retried: its error is raised at
    once, with the wait it asked for in ``retry_after`` (never a sleep of hours, never a hang).
    """

    __slots__ = ("base_delay", "max_delay", "max_retries", "random")
    max_retries: int
    base_delay: float
    max_delay: float
    random: Callable[[], float]

    def __init__(
        self,
        max_retries: int = 5,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        random: Callable[[], float] = _random.random,
    ) -> None:
        setter(self, "max_retries", max_retries)
        setter(self, "base_delay", base_delay)
        setter(self, "max_delay", max_delay)
        setter(self, "random", random)

    def backoff(self, attempt: int) -> float:
        """Seconds before retry number ``attempt`` (0-based) after a fault: capped, jittered."""
        ceiling = min(self.max_delay, self.base_delay * (2**attempt))
        return float(ceiling * (0.5 + self.random() / 2))

    def delay_for_error(self, error: errors.APIError, attempt: int) -> float | None:
        """Seconds to wait before retrying after ``error``, or None when it must not be retried."""
        if attempt >= self.max_retries or error.status_code not in hubspot.RETRYABLE_STATUSES:
            return None
        if isinstance(error, errors.DailyLimitError):
            return None  # the quota resets at midnight in the account's time zone
        if isinstance(error, errors.RateLimitError):
            wait = rate_limit_wait(error.policy, error.headers, self.backoff(attempt))
        else:
            retry_after = parse_retry_after(error.headers.get(hubspot.RETRY_AFTER))
            wait = retry_after if retry_after is not None else self.backoff(attempt)
        if wait > self.max_delay:
            error.retry_after = wait  # the caller learns how long the server asked for
            return None
        return wait

    def delay_for_exception(self, exc: httpx.HTTPError, attempt: int) -> float | None:
        """Seconds to wait before retrying after a transport failure, or None."""
        if attempt >= self.max_retries or not isinstance(exc, httpx.TransportError):
            return None
        return self.backoff(attempt)


def rate_limit_wait(policy: str | None, headers: Mapping[str, str], fallback: float) -> float:
    """How long a 429 asks us to wait.

    ``Retry-After`` first (HubSpot does not promise it); else, for the rolling ten-second window,
    the window length HubSpot announces; a second for SECONDLY; else the backoff ``fallback``.
    """
    retry_after = parse_retry_after(headers.get(hubspot.RETRY_AFTER))
    if retry_after is not None:
        return retry_after
    if policy == hubspot.POLICY_SECONDLY:
        return 1.0
    interval = window_seconds(headers)
    if interval is not None:
        return interval
    if policy == hubspot.POLICY_TEN_SECONDLY:
        return hubspot.TEN_SECONDLY_WINDOW
    return fallback


def window_seconds(headers: Mapping[str, str]) -> float | None:
    """The rate-limit window HubSpot announces in ``X-HubSpot-RateLimit-Interval-Milliseconds``."""
    raw = headers.get(hubspot.RATE_LIMIT_INTERVAL_MS)
    try:
        value = float(raw) / 1000 if raw else None
    except ValueError:
        return None
    return value if value and value > 0 else None
