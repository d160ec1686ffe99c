"""Client-side pacing: stay inside HubSpot's rolling window instead of bouncing off 429s.

The engine talks to a :class:`Budget` (the store seam): it asks ``reserve()`` before every send,
``release()`` when the answer (or failure) arrives, ``pause()`` after a rate-limit 429,
``stop_daily()`` when the daily quota is spent, and ``observe()`` on every answer's headers. It
never knows which budget it has: :class:`LocalBudget` keeps the ledger in this process (the
default); the shared stores keep it where several processes see it.

Why this never overshoots: a request counts from the moment its send is granted until one
window after its answer arrived (HubSpot counted it somewhere in between), and a send is granted
only when, at that moment, fewer than ``max_requests`` requests count. Nothing is booked ahead:
a caller that wakes late simply asks again, so a late wake-up can never squeeze a send into a
window that a booking computed earlier thought free.
"""

from __future__ import annotations

import bisect
import math
import threading
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from . import _hubspot as hubspot
from . import errors

if TYPE_CHECKING:
    import httpx

# Requests are counted from our clock, HubSpot counts on its own: a small margin keeps a request
# granted exactly one window after another's answer from landing inside that window.
_MARGIN = 1.02

# How long the daily stop holds: HubSpot resets the quota at midnight in the account's time
# zone, which the SDK does not know. After this, one request finds out (another DAILY 429 stops
# everything again for as long).
DAILY_STOP_SECONDS = 3600.0

# A request a shared store granted this long ago and never saw answered belongs to a process
# that died: it stops counting (the SDK's own timeouts end a request long before).
STALE_IN_FLIGHT_SECONDS = 600.0

# An announced window longer than a day is not a rolling window HubSpot has: ignored.
_LONGEST_WINDOW = 86_400.0

# The shortest wait handed out.
_TICK = 1e-6

Limit = tuple[int, float]


class Ticket:
    """A granted send: hand it back to :meth:`Budget.release` when the answer arrives."""

    __slots__ = ("key",)

    def __init__(self, key: object = None) -> None:
        self.key = key  # what a shared store needs to find the request's entry again


class Budget(Protocol):
    """Where a client's rate budget lives: this process, or a shared store (``_stores``).

    Every method is safe to call from any thread; none blocks for long (the caller sleeps).
    Time comes from the caller (``now``, on the client's clock); a shared store may use its own
    clock instead, the one every process sharing it reads (the wall clock).
    """

    limit: Limit | None
    """The configured ``(max_requests, window_seconds)``, or None: no client-side pacing (a
    429 pause and the daily stop still hold)."""

    def reserve(self, now: float) -> tuple[float, Ticket | None]:
        """Ask to send at ``now``: ``(0, ticket)`` when granted, else ``(seconds to wait, None)``.

        Raises :class:`errors.DailyLimitError` while the daily stop holds.
        """

    def release(self, ticket: Ticket, now: float) -> None:
        """The request of ``ticket`` was answered (or failed): it counts one more window."""

    def pause(self, seconds: float, now: float) -> None:
        """Grant nothing for ``seconds`` (a rate-limit 429: nobody of this budget sends)."""

    def stop_daily(self, now: float) -> None:
        """The daily quota is spent: every ``reserve()`` raises ``DailyLimitError`` a while."""

    def observe(self, headers: Mapping[str, str], now: float) -> None:
        """Adapt to HubSpot's ``X-HubSpot-RateLimit-*`` headers (a stricter window, Remaining
        0, Daily-Remaining 0). The engine passes those of every answer, names in lower case
        (:func:`rate_limit_headers`); any mapping with lower-case names will do."""

    def describe(self) -> str:
        """The limit as the client's repr shows it."""


def rate_limit_headers(headers: httpx.Headers) -> dict[str, str]:
    """An answer's ``X-HubSpot-RateLimit-*`` headers, names in lower case: what a budget reads.

    One pass over the raw headers. ``headers.get`` of httpx scans every header for each name
    asked, and raises and catches a KeyError inside for a name that is absent: reading the
    three to four names a budget asks for that way cost 2-6 us an answer. Values are decoded
    and repeated names joined as ``headers.get`` would.
    """
    found: dict[str, str] = {}
    for name, value in headers.raw:
        if name[:_PREFIX_LENGTH].lower() == _PREFIX:
            encoding = headers.encoding
            key = name.decode(encoding).lower()
            text = value.decode(encoding)
            found[key] = f"{found[key]}, {text}" if key in found else text
    return found


_PREFIX = hubspot.RATE_LIMIT_PREFIX.encode()
_PREFIX_LENGTH = len(_PREFIX)


@runtime_checkable
class AsyncBudget(Protocol):
    """A budget whose calls do I/O on the event loop: an async client's shared store.

    The same calls as :class:`Budget`, but each returns an awaitable (or None: nothing to wait
    for) that the engine yields and ``drive_async`` awaits, so the loop never blocks on the
    store. ``release`` starts its work at once: a cancelled task that drops the awaitable
    still gives its ticket back.
    """

    limit: Limit | None

    def reserve(self, now: float) -> Awaitable[tuple[float, Ticket | None]]:
        """As :meth:`Budget.reserve`."""

    def release(self, ticket: Ticket, now: float) -> Awaitable[None] | None:
        """As :meth:`Budget.release`."""

    def pause(self, seconds: float, now: float) -> Awaitable[None] | None:
        """As :meth:`Budget.pause`."""

    def stop_daily(self, now: float) -> Awaitable[None] | None:
        """As :meth:`Budget.stop_daily`."""

    def observe(self, headers: Mapping[str, str], now: float) -> Awaitable[None] | None:
        """As :meth:`Budget.observe`."""

    def describe(self) -> str:
        """The limit as the client's repr shows it."""


def daily_limit_error() -> errors.DailyLimitError:
    """The error every caller gets, without sending, while the daily stop holds."""
    return errors.DailyLimitError(
        429,
        "the daily request quota of this app is spent (HubSpot answered DAILY, or "
        "X-HubSpot-RateLimit-Daily-Remaining reached 0); nothing was sent",
        category="RATE_LIMIT",
        policy=hubspot.POLICY_DAILY,
    )


def announced_limit(headers: Mapping[str, str]) -> Limit | None:
    """HubSpot's window from ``X-HubSpot-RateLimit-Max`` and ``-Interval-Milliseconds``.

    The count and the window always go together: without an interval the count is HubSpot's
    ten-second window's. None when absent or malformed.
    """
    raw_max = headers.get(hubspot.RATE_LIMIT_MAX)
    if not raw_max:
        return None
    try:
        server_max = int(raw_max)
    except ValueError:
        return None
    raw_interval = headers.get(hubspot.RATE_LIMIT_INTERVAL_MS)
    window = hubspot.TEN_SECONDLY_WINDOW
    if raw_interval:
        try:
            window = float(raw_interval) / 1000
        except ValueError:
            return None
    if server_max < 1 or not (0 < window <= _LONGEST_WINDOW):
        return None
    return server_max, window


def header_int(headers: Mapping[str, str], name: str) -> int | None:
    """An integer header, or None when absent or malformed."""
    raw = headers.get(name)
    try:
        return int(raw) if raw else None
    except ValueError:
        return None


def stricter(limit: Limit | None, announced: Limit) -> bool:
    """Whether ``announced`` would ever bind under ``limit``: keep it only then.

    Both are enforced together, each with its own window: the announced one matters when its
    rate is lower, or when its count is lower (a burst limit).
    """
    if limit is None:
        return True
    return announced[0] / announced[1] < limit[0] / limit[1] or announced[0] < limit[0]


def wait_for(limits: list[Limit], in_flight: int, done: list[float], now: float) -> float:
    """Seconds until a send is allowed under every limit (0: now).

    ``in_flight`` requests were granted and not answered yet; ``done`` holds the answer times of
    the others, sorted.
    """
    wait = 0.0
    for max_requests, window in limits:
        span = window * _MARGIN
        first = bisect.bisect_right(done, now - span)
        count = in_flight + len(done) - first
        if count < max_requests:
            continue
        need = count - max_requests + 1  # this many must stop counting
        if need <= len(done) - first:
            wait = max(wait, done[first + need - 1] + span - now)
        else:
            # Requests still in flight count until a window after their answer: not before.
            wait = max(wait, span)
    # Never a wait too small to move the clock: rounding must not spin the caller.
    return max(wait, _TICK) if wait > 0 else 0.0


def limits_of(limit: Limit | None, announced: Limit | None) -> list[Limit]:
    """The windows a budget enforces: the configured one, and HubSpot's stricter one."""
    limits = [limit] if limit is not None else []
    if announced is not None:
        limits.append(announced)
    return limits


def counted_span(limits: list[Limit]) -> float:
    """How long an answer can count under ``limits`` (and HubSpot's own ten-second window): a
    ledger forgets answers older than this."""
    longest = max((window for _, window in limits), default=0.0)
    return max(longest, hubspot.TEN_SECONDLY_WINDOW) * _MARGIN


class LocalBudget:
    """The in-process budget: a ledger shared by every thread and task of a client.

    At most ``max_requests`` in any ``window`` (and within HubSpot's announced window when that
    is stricter), counted as described in the module docstring.
    """

    def __init__(self, limit: Limit | None) -> None:
        self.limit = limit
        self._adopt(None)
        self._lock = threading.Lock()
        self._in_flight = 0
        self._done: list[float] = []
        self._paused_until = -math.inf
        self._daily_until = -math.inf

    def _adopt(self, announced: Limit | None) -> None:
        # The windows enforced and how long an answer counts, worked out when the announced
        # window changes, not on every request.
        self.announced = announced
        self._limits = limits_of(self.limit, announced)
        self._span = counted_span(self._limits)

    def held(self, now: float) -> float:
        """Seconds this budget's 429 pause still holds (0: none); raises while the daily stop
        holds. A shared store's wrapper asks it first: this process's own word is final."""
        if now < self._daily_until:
            raise daily_limit_error()
        return self._paused_until - now if now < self._paused_until else 0.0

    def reserve(self, now: float) -> tuple[float, Ticket | None]:
        with self._lock:
            held = self.held(now)
            if held:
                return held, None
            limits = self._limits
            if limits:  # without a window there is nothing to wait for
                wait = wait_for(limits, self._in_flight, self._done, now)
                if wait > 0:
                    return wait, None
            self._forget(now)
            self._in_flight += 1
            return 0.0, Ticket()

    def _forget(self, now: float) -> None:
        stale = bisect.bisect_right(self._done, now - self._span)
        # Dropped in bulk, once they are half the ledger: deleting from the front of a list moves
        # everything after it, so dropping the one entry that aged out on every request cost
        # O(ledger) per request (20,000 entries at 2,000 requests a second). Entries older than
        # every window are never counted (wait_for starts after them), so keeping them a while
        # changes no decision; the ledger stays within twice a window's requests.
        if stale and stale * 2 >= len(self._done):
            del self._done[:stale]

    def release(self, ticket: Ticket, now: float) -> None:
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            bisect.insort(self._done, now)

    def pause(self, seconds: float, now: float) -> None:
        with self._lock:
            self._paused_until = max(self._paused_until, now + seconds)

    def stop_daily(self, now: float) -> None:
        with self._lock:
            self._daily_until = now + DAILY_STOP_SECONDS

    def observe(self, headers: Mapping[str, str], now: float) -> None:
        if header_int(headers, hubspot.RATE_LIMIT_DAILY_REMAINING) == 0:
            self.stop_daily(now)
        announced = announced_limit(headers)
        if announced is None:
            return
        with self._lock:
            kept = announced if stricter(self.limit, announced) else None
            if kept != self.announced:
                self._adopt(kept)
            if header_int(headers, hubspot.RATE_LIMIT_REMAINING) == 0:
                # HubSpot counts other clients of the same app too: its word beats our ledger.
                pause = min(announced[1] / 10, hubspot.TEN_SECONDLY_WINDOW)
                self._paused_until = max(self._paused_until, now + pause)

    def describe(self) -> str:
        return "None" if self.limit is None else f"({self.limit[0]}, {self.limit[1]})"
