"""The logic of one API call, written once for both clients.

``Engine.exchange(call)`` is a generator that does no I/O itself: it yields what must happen
next (a float: sleep that long; a dict: send this request) and is sent back the outcome (an
``httpx.Response``, or the ``httpx.HTTPError`` the send raised). The sync and async clients drive
it with their own ``sleep`` and ``send``; pacing, retries, logging, error mapping and parsing
happen here, once.

The budget is called here too. An async client's shared store (``_pacing.AsyncBudget``) answers
a call with an awaitable instead: the engine yields it (a third kind of action) and is sent back
its result, so ``drive_async`` awaits the store and never blocks the loop on it.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar, cast

import httpx

from . import _hubspot as hubspot
from . import errors
from ._call import Call
from ._error_bodies import error_from_response
from ._pacing import AsyncBudget, Budget, Ticket, rate_limit_headers
from ._retry import RetryPolicy
from ._values import FrozenValue, setter
from ._version import __version__

T = TypeVar("T")

logger = logging.getLogger("hubspot_associations")

DEFAULT_TIMEOUT = 30.0
USER_AGENT = f"hubspot-associations/{__version__}"

Action = float | dict[str, Any] | Awaitable[Any]
Outcome = httpx.Response | httpx.HTTPError | None
Reserved = tuple[float, Ticket | None]

RATE_LIMIT = "rate limit"
RETRY = "retry"
WAIT_RECORD_KEY = "hubspot_wait"


class Wait(FrozenValue):
    """A pause before a send, attached to its DEBUG log record as ``record.hubspot_wait``.

    The record is logged when the pause starts, by the logic both clients share, so a listener
    on the ``hubspot_associations`` logger (the command line's progress line) learns of every
    wait, sync or async, without a callback threaded through the calls.
    """

    __slots__ = ("reason", "seconds")
    seconds: float
    reason: str
    """:data:`RATE_LIMIT` (client-side pacing, or a 429) or :data:`RETRY` (back-off after a
    5xx or a transport failure)."""

    def __init__(self, seconds: float, reason: str) -> None:
        setter(self, "seconds", seconds)
        setter(self, "reason", reason)


class Settings(FrozenValue, hidden=("access_token", "clock")):
    """A client's options. The token is kept out of repr and equality."""

    __slots__ = ("access_token", "base_url", "clock", "retry", "timeout")
    access_token: str
    base_url: str
    timeout: float
    retry: RetryPolicy
    clock: Callable[[], float]

    def __init__(
        self,
        access_token: str,
        base_url: str = hubspot.BASE_URL,
        timeout: float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        setter(self, "access_token", access_token)
        setter(self, "base_url", base_url)
        setter(self, "timeout", timeout)
        setter(self, "retry", RetryPolicy() if retry is None else retry)
        setter(self, "clock", clock)

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` (field names) applied, as ``dataclasses.replace`` makes."""
        return Settings(**{**{name: getattr(self, name) for name in self._fields}, **changes})


class Engine:
    """Shared by a client and everything derived from it (``with_options`` copies share pacing)."""

    def __init__(self, settings: Settings, budget: Budget | AsyncBudget) -> None:
        self.settings = settings
        self.budget = budget
        self._headers = {
            "Authorization": f"Bearer {settings.access_token}",
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        }
        self._per_request: dict[str, Any] = {"headers": self._headers, "timeout": settings.timeout}

    def own_http_options(self) -> dict[str, Any]:
        """The options of an httpx client made for this engine alone: its headers and timeout.

        Its requests then leave them out (httpx adds the client's to each request), which
        spares httpx merging and re-validating three headers and a timeout on every call. A
        client given by the caller, or shared by a ``with_options`` copy (another engine,
        maybe another token), still gets them with every request.
        """
        self._per_request = {}
        return {"headers": self._headers, "timeout": self.settings.timeout}

    def request_kwargs(self, call: Call[Any]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "method": call.method,
            "url": self.settings.base_url + call.path,
            **self._per_request,
        }
        if call.params:
            kwargs["params"] = call.params
        if call.json is not None:
            kwargs["json"] = call.json
        return kwargs

    def exchange(self, call: Call[T]) -> Generator[Action, Outcome, T]:
        """Run ``call`` to its result or its error; see the module docstring for the protocol."""
        settings = self.settings
        budget = self.budget
        request = self.request_kwargs(call)
        attempt = 0
        # After a sleep of s seconds it is at least s later, whatever the clock says (a test's
        # clock may not move, a real one never lags a real sleep).
        awake = -math.inf
        while True:
            # Ask at the moment of sending, again after every wait: nothing is booked ahead,
            # so a late wake-up is just a later ask.
            while True:
                started = settings.clock()
                now = max(started, awake)
                reserved = budget.reserve(now)
                if not isinstance(reserved, tuple):  # an async store: drive_async awaits it
                    reserved = cast(Reserved, (yield reserved))
                wait, ticket = reserved
                if ticket is not None:
                    break
                awake = now + wait
                logger.debug(
                    "waiting %.2f s for the rate limit before %s %s",
                    wait,
                    call.method,
                    call.path,
                    extra={WAIT_RECORD_KEY: Wait(wait, RATE_LIMIT)},
                )
                yield wait
            try:
                outcome = yield request
            except BaseException:  # abandoned (interrupted, cancelled): it may have gone out
                budget.release(ticket, settings.clock())  # an async store's runs on its own
                raise
            finished = settings.clock()
            # Answered or failed: HubSpot counted it by now; it counts one window from now.
            step = budget.release(ticket, max(finished, now))
            if step is not None:
                yield step
            elapsed_ms = (finished - started) * 1000
            if isinstance(outcome, httpx.Response):
                response = outcome
                headers = response.headers
                step = budget.observe(rate_limit_headers(headers), finished)
                if step is not None:
                    yield step
                status = response.status_code
                if logger.isEnabledFor(logging.DEBUG):
                    logger.debug(
                        "%s %s -> %d in %.1f ms (correlation id %s)",
                        call.method,
                        call.path,
                        status,
                        elapsed_ms,
                        headers.get(hubspot.CORRELATION_ID, "-"),
                    )
                if 200 <= status < 300:
                    return call.parse(response)
                error = error_from_response(status, headers, response.content)
                if isinstance(error, errors.DailyLimitError):
                    # Every later request of this budget raises, without sending.
                    step = budget.stop_daily(finished)
                    if step is not None:
                        yield step
                delay = settings.retry.delay_for_error(error, attempt)
                if delay is None:
                    raise error
                limited = isinstance(error, errors.RateLimitError)
                if limited:
                    # Holds every request of the budget, those already waiting too.
                    step = budget.pause(delay, finished)
                    if step is not None:
                        yield step
                cause = f"HTTP {status}"
            elif isinstance(outcome, httpx.HTTPError):
                logger.debug(
                    "%s %s -> %s after %.1f ms",
                    call.method,
                    call.path,
                    type(outcome).__name__,
                    elapsed_ms,
                )
                delay = settings.retry.delay_for_exception(outcome, attempt)
                if delay is None:
                    raise _connection_error(outcome) from None
                limited = False
                cause = type(outcome).__name__
            else:  # pragma: no cover - a driver bug
                raise TypeError(f"unexpected outcome {outcome!r}")
            attempt += 1
            logger.debug(
                "retrying %s %s in %.2f s (retry %d, after %s)",
                call.method,
                call.path,
                delay,
                attempt,
                cause,
                extra={WAIT_RECORD_KEY: Wait(delay, RATE_LIMIT if limited else RETRY)},
            )
            awake = max(finished, awake) + delay
            yield delay


def _connection_error(exc: httpx.HTTPError) -> errors.APIConnectionError:
    # The message names the failure, never the request headers (which hold the token).
    if isinstance(exc, httpx.TimeoutException):
        return errors.APITimeoutError(f"request timed out ({type(exc).__name__})")
    detail = str(exc) or type(exc).__name__
    return errors.APIConnectionError(f"request failed: {type(exc).__name__}: {detail}")


class Stopped(Exception):
    """A batch job was stopped (Ctrl-C, SIGTERM): this call sent nothing more and gave up."""


def drive_sync(
    gen: Generator[Action, Outcome, T],
    send: Callable[..., httpx.Response],
    sleep: Callable[[float], None],
    stop: threading.Event | None = None,
) -> T:
    """Run an exchange with blocking I/O. Once ``stop`` is set, no request starts and a wait
    ends at once (a real-time wait wakes when ``stop`` is set): the call raises Stopped."""
    outcome: Outcome = None
    try:
        while True:
            action = gen.send(outcome)
            if stop is not None and stop.is_set():
                gen.close()
                raise Stopped
            if isinstance(action, dict):
                try:
                    outcome = send(**action)
                except httpx.HTTPError as exc:
                    outcome = exc
            else:
                action = cast(float, action)  # a sync client's budget never yields awaitables
                if stop is not None and sleep is time.sleep:
                    stop.wait(action)
                else:
                    sleep(action)
                outcome = None
    except StopIteration as done:
        result: T = done.value
        return result
    finally:
        gen.close()  # interrupted or cancelled mid-send: the engine releases its ticket


async def drive_async(
    gen: Generator[Action, Outcome, T],
    send: Callable[..., Any],
    sleep: Callable[[float], Any],
) -> T:
    """Run an exchange with asyncio I/O. An awaitable action is a call of the budget's store:
    its result is sent back (an error it raises, such as DailyLimitError, ends the call)."""
    outcome: Any = None
    try:
        while True:
            action = gen.send(outcome)
            if isinstance(action, dict):
                try:
                    outcome = await send(**action)
                except httpx.HTTPError as exc:
                    outcome = exc
            elif isinstance(action, (float, int)):
                await sleep(action)
                outcome = None
            else:
                outcome = await action
    except StopIteration as stop:
        result: T = stop.value
        return result
    finally:
        gen.close()  # interrupted or cancelled mid-send: the engine releases its ticket
