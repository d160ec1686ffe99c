"""HubSpot's two request budgets: a rolling window (ten-secondly) and a daily count."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

TEN_SECONDLY_ROLLING = "TEN_SECONDLY_ROLLING"
DAILY = "DAILY"
_DAY = 86_400.0


class ServerBudget:
    """Counts accepted requests; refused ones use no budget. Time comes from ``clock``."""

    def __init__(
        self,
        rate_limit: tuple[int, float] | None,
        daily_limit: int | None,
        clock: Callable[[], float],
    ) -> None:
        if rate_limit is not None:
            count, seconds = rate_limit
            if count < 1 or seconds <= 0:
                raise ValueError("rate_limit must be (requests >= 1, seconds > 0)")
        if daily_limit is not None and daily_limit < 1:
            raise ValueError("daily_limit must be >= 1")
        self._rate_limit = rate_limit
        self._daily_limit = daily_limit
        self._clock = clock
        self._lock = threading.Lock()
        self._window: deque[float] = deque()
        self._day = -1
        self._used_today = 0

    @property
    def enabled(self) -> bool:
        """Whether any budget is configured."""
        return self._rate_limit is not None or self._daily_limit is not None

    def acquire(self) -> tuple[str | None, list[tuple[str, str]]]:
        """Take one request from the budgets: (refusing policy or None, rate-limit headers)."""
        with self._lock:
            now = self._clock()
            self._expire(now)
            refused: str | None = None
            if self._daily_limit is not None and self._used_today >= self._daily_limit:
                refused = DAILY
            elif self._rate_limit is not None and len(self._window) >= self._rate_limit[0]:
                refused = TEN_SECONDLY_ROLLING
            else:
                if self._rate_limit is not None:
                    self._window.append(now)
                self._used_today += 1
            return refused, self._headers()

    def headers(self) -> list[tuple[str, str]]:
        """The current headers, without using any budget."""
        with self._lock:
            self._expire(self._clock())
            return self._headers()

    def _expire(self, now: float) -> None:
        if self._rate_limit is not None:
            horizon = now - self._rate_limit[1]
            window = self._window
            while window and window[0] <= horizon:
                window.popleft()
        day = int(now // _DAY)
        if day != self._day:
            self._day = day
            self._used_today = 0

    def _headers(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        if self._rate_limit is not None:
            count, seconds = self._rate_limit
            out.append(("X-HubSpot-RateLimit-Max", str(count)))
            out.append(("X-HubSpot-RateLimit-Remaining", str(max(0, count - len(self._window)))))
            out.append(("X-HubSpot-RateLimit-Interval-Milliseconds", str(int(seconds * 1000))))
        if self._daily_limit is not None:
            out.append(("X-HubSpot-RateLimit-Daily", str(self._daily_limit)))
            remaining = max(0, self._daily_limit - self._used_today)
            out.append(("X-HubSpot-RateLimit-Daily-Remaining", str(remaining)))
        return out


def rate_limit_body(policy: str) -> dict[str, str]:
    """The 429 body HubSpot sends (``errorType``/``policyName``, no ``category``)."""
    return {
        "status": "error",
        "message": f"You have reached your {policy.lower()} limit.",
        "errorType": "RATE_LIMIT",
        "correlationId": "",
        "policyName": policy,
        "groupName": "publicapi-private-app",
    }
