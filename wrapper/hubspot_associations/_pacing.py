"""Client-side pacing: stay inside HubSpot's rolling window instead of bouncing off 429s."""

from __future__ import annotations

import collections
import threading
from collections.abc import Callable, Mapping

from . import _hubspot as hubspot
from ._retry import window_seconds

# Requests are stamped when we send them and counted when HubSpot receives them; a small margin
# keeps a request sent exactly one window after another from landing inside it.
_MARGIN = 1.02


class Slot:
    """One booked send: ``at`` is when it may go, moved to when it actually went."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at

    def mark(self, now: float) -> None:
        """The request was (still) on its way at ``now``: count it from then, if later.

        Called when the request leaves and when its answer (or failure) arrives, so the window
        of the request ``max_requests`` later starts when HubSpot counted this one at the
        latest. Only the caller that booked the slot writes it (a float store is atomic); the
        limiter reads it when it books the slot ``max_requests`` later.
        """
        if now > self.at:
            self.at = now


class RateLimiter:
    """At most ``max_requests`` sends in any ``window`` seconds, shared by threads and tasks.

    ``book()`` books the next free slot and returns how long the caller must wait for it;
    booking under a lock and sleeping outside it lets every thread or task of a client share
    one budget without holding anything while asleep. The caller marks its slot with
    ``Slot.mark()`` when the request leaves and when its answer arrives, so a late wake-up (a
    busy interpreter, a loaded event loop) or a slow trip to HubSpot never squeezes the request
    ``max_requests`` later into the same window.
    """

    def __init__(self, max_requests: int, window: float, clock: Callable[[], float]) -> None:
        self._configured = max_requests
        self.max_requests = max_requests
        self.window = window
        self._clock = clock
        self._slots: collections.deque[Slot] = collections.deque()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def book(self) -> tuple[float, Slot]:
        """Book a send slot; return the seconds to wait before sending (0 when free now)."""
        with self._lock:
            now = self._clock()
            at = max(now, self._paused_until)
            slots = self._slots
            while len(slots) >= self.max_requests:
                oldest = slots.popleft()
                at = max(at, oldest.at + self.window * _MARGIN)
            slot = Slot(at)
            slots.append(slot)
            return at - now, slot

    def pause(self, seconds: float) -> None:
        """Hold every send for ``seconds`` (HubSpot said 429: nobody should send meanwhile)."""
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    def observe(self, headers: Mapping[str, str]) -> None:
        """Adapt to the window HubSpot announces in its ``X-HubSpot-RateLimit-*`` headers."""
        raw_max = headers.get(hubspot.RATE_LIMIT_MAX)
        if not raw_max:
            return
        try:
            server_max = int(raw_max)
            remaining = int(headers.get(hubspot.RATE_LIMIT_REMAINING, server_max))
        except ValueError:
            return
        window = window_seconds(headers)
        with self._lock:
            if 0 < server_max < self.max_requests:
                self.max_requests = server_max
            elif server_max >= self._configured:
                self.max_requests = self._configured
            if window is not None:
                self.window = window
            if remaining <= 0:
                # HubSpot counts other clients of the same app too: its word beats our ledger.
                self._paused_until = max(self._paused_until, self._clock() + self.window / 10)
