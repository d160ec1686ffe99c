"""Shared rate budgets: the ledger kept where every process of an app sees it.

``open_budget(url, key, limit)`` turns ``rate_limit_store`` into a budget the engine uses:

- ``sqlite:///relative.db`` or ``sqlite:////absolute.db``: an SQLite file, for the processes of
  one machine (``_store_sqlite``; nothing to install).
- ``redis://``, ``rediss://``, ``unix://``: a Redis server, for processes on several machines
  (``_store_redis``; the ``redis`` extra).

A store is a *ledger* (``Ledger``, or ``AsyncLedger`` for an async client): it decides a grant
atomically on its own clock and raises its own errors. :class:`SharedBudget` and
:class:`AsyncSharedBudget` wrap either store the same way: the budget counts exactly as the
in-process one does (``_pacing.wait_for``), only the ledger moves; and when the store fails
mid-run, this process paces alone (one WARNING), asks the store again at most every
``retry_every`` seconds, and goes back to it when it answers (one WARNING). The key names the
budget (by default a one-way hash of the token: the token never reaches a store).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import threading
import time
import urllib.parse
import weakref
from collections.abc import Awaitable, Callable, Iterator, Mapping
from typing import Any, Protocol, TypeVar, cast

from . import _hubspot as hubspot
from ._pacing import (
    DAILY_STOP_SECONDS,
    Limit,
    LocalBudget,
    Ticket,
    announced_limit,
    header_int,
    stricter,
)
from ._store_sqlite import SQLiteLedger

logger = logging.getLogger("hubspot_associations")

T = TypeVar("T")

REDIS_SCHEMES = ("redis", "rediss", "unix")
REDIS_EXTRA = 'pip install "hubspot-associations[redis]"'
# A lost Redis costs a connect attempt: ask it again at most this often while it is down.
REDIS_RETRY_SECONDS = 1.0


def default_key(access_token: str) -> str:
    """The budget's name derived from the token, one way: the token itself is never stored."""
    digest = hashlib.sha256(b"hubspot-associations budget\0" + access_token.encode()).hexdigest()
    return f"token-{digest[:32]}"


def redacted(url: str) -> str:
    """``url`` without its password, for error messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def _scrubbed(message: str, url: str) -> str:
    """A store's own error text, without the URL's password should it quote it."""
    try:
        password = urllib.parse.urlsplit(url).password
    except ValueError:
        password = None
    for secret in {password, urllib.parse.unquote(password or "")} - {None, ""}:
        message = message.replace(str(secret), "***")
    return message


def open_budget(
    url: str,
    key: str,
    limit: Limit | None,
    *,
    asynchronous: bool = False,
    clock: Callable[[], float] = time.time,
) -> SharedBudget | AsyncSharedBudget:
    """The shared budget ``url`` names (``asynchronous``: for an async client, whose calls are
    awaited); ValueError naming the URL, never its password, when it cannot be used."""
    scheme = url.split(":", 1)[0].lower()
    shown = redacted(url)
    ledger: Ledger | AsyncLedger
    if scheme == "sqlite" and url.startswith("sqlite:///"):
        try:
            sqlite = SQLiteLedger(url, key, limit, clock)
        except SQLiteLedger.errors as exc:
            raise ValueError(f"rate_limit_store {shown!r} cannot be opened: {exc}") from None
        ledger = ThreadedLedger(sqlite) if asynchronous else sqlite
        retry_every = 0.0
    elif scheme in REDIS_SCHEMES:
        try:
            from . import _store_redis
        except ImportError:
            raise ValueError(
                f"rate_limit_store {shown!r} needs redis-py, which is not installed: {REDIS_EXTRA}"
            ) from None
        cls = _store_redis.AsyncRedisLedger if asynchronous else _store_redis.RedisLedger
        failures: tuple[type[Exception], ...] = (*cls.errors, ValueError)
        try:
            ledger = cls(url, key, limit)
        except failures as exc:
            detail = _scrubbed(f"{type(exc).__name__}: {exc}", url)
            raise ValueError(f"rate_limit_store {shown!r} cannot be used: {detail}") from None
        retry_every = REDIS_RETRY_SECONDS
    else:
        raise ValueError(
            f"rate_limit_store {shown!r} is not a store URL: use sqlite:///budget.db (a relative "
            "path) or sqlite:////var/lib/app/budget.db (an absolute one) for the processes of "
            "one machine, redis://host:6379/0 for several machines"
        )
    if asynchronous:
        return AsyncSharedBudget(
            cast(AsyncLedger, ledger), url, key, limit, retry_every=retry_every
        )
    return SharedBudget(cast(Ledger, ledger), url, key, limit, retry_every=retry_every)


class Ledger(Protocol):
    """A store's side of a shared budget: each call one atomic step on the store's clock.

    Failures raise one of ``errors`` (the caller falls back); nothing else but
    ``DailyLimitError`` from ``reserve`` while the daily stop holds.
    """

    errors: tuple[type[Exception], ...]

    def reserve(self) -> tuple[float, object | None]:
        """``(0, entry)`` when a send is granted (``entry`` finds it again), else
        ``(seconds to wait, None)``."""

    def release(self, entry: object) -> None:
        """The request of ``entry`` was answered now."""

    def pause(self, seconds: float) -> None:
        """Grant nothing for ``seconds``."""

    def stop_daily(self, seconds: float) -> None:
        """``reserve`` raises DailyLimitError for ``seconds``."""

    def announce(self, limit: Limit | None) -> None:
        """Keep HubSpot's stricter window (None: there is none)."""


class AsyncLedger(Protocol):
    """:class:`Ledger` for an event loop: the same calls, as coroutines."""

    errors: tuple[type[Exception], ...]

    async def reserve(self) -> tuple[float, object | None]:
        """As :meth:`Ledger.reserve`."""

    async def release(self, entry: object) -> None:
        """As :meth:`Ledger.release`."""

    async def pause(self, seconds: float) -> None:
        """As :meth:`Ledger.pause`."""

    async def stop_daily(self, seconds: float) -> None:
        """As :meth:`Ledger.stop_daily`."""

    async def announce(self, limit: Limit | None) -> None:
        """As :meth:`Ledger.announce`."""


class ThreadedLedger:
    """A blocking ledger (SQLite) made an :class:`AsyncLedger`: each call in a worker thread,
    so that an async client's loop never waits on the file's lock."""

    def __init__(self, ledger: SQLiteLedger) -> None:
        self.ledger = ledger
        self.errors = ledger.errors

    async def reserve(self) -> tuple[float, object | None]:
        return await asyncio.to_thread(self.ledger.reserve)

    async def release(self, entry: object) -> None:
        await asyncio.to_thread(self.ledger.release, entry)

    async def pause(self, seconds: float) -> None:
        await asyncio.to_thread(self.ledger.pause, seconds)

    async def stop_daily(self, seconds: float) -> None:
        await asyncio.to_thread(self.ledger.stop_daily, seconds)

    async def announce(self, limit: Limit | None) -> None:
        await asyncio.to_thread(self.ledger.announce, limit)


class _Health:
    """Whether to ask the store: the fail-and-recover logic of every store, sync and async.

    After a failure the store is asked again at most every ``retry_every`` seconds (one caller
    at a time), so that a lost server does not cost every call a connect timeout. Each change
    (lost, back) starts a new epoch: a call asked in an earlier one reports old news (a slow
    thread failing on a connection made before the store came back) and changes nothing, so
    one outage is one WARNING when it starts and one when it ends.
    """

    def __init__(self, url: str, retry_every: float, clock: Callable[[], float]) -> None:
        self.url = redacted(url)
        self._raw_url = url  # for scrubbing the password out of a store's error text
        self.retry_every = retry_every
        self.failing = False
        self.epoch = 0
        self._clock = clock
        self._next_try = 0.0
        self._lock = threading.Lock()

    def due(self) -> int | None:
        """The epoch to report back, when the store is to be asked now (while failing: the
        first caller after the interval); None: pace locally."""
        if not self.failing:
            return self.epoch
        with self._lock:
            now = self._clock()
            if now < self._next_try:
                return None
            self._next_try = now + self.retry_every
            return self.epoch

    def failed(self, exc: Exception, epoch: int) -> None:
        with self._lock:
            if epoch != self.epoch:
                return
            self._next_try = self._clock() + self.retry_every
            if self.failing:
                return
            self.failing = True
            self.epoch += 1
        logger.warning(
            "rate_limit_store %s failed (%s): pacing in this process alone until it works again",
            self.url,
            _scrubbed(f"{type(exc).__name__}: {exc}", self._raw_url),
        )

    def worked(self, epoch: int) -> bool:
        """The store answered: True when it had been failing (say so once)."""
        if not self.failing:
            return False
        with self._lock:
            if not self.failing or epoch != self.epoch:
                return False
            self.failing = False
            self.epoch += 1
        logger.warning("rate_limit_store %s works again: the budget is shared again", self.url)
        return True


_DOWN: Any = object()  # what a store call gives when the store failed or is not asked


class _Shared:
    """What both wrappers share: the local fallback, the health, the writes an answer needs."""

    def __init__(
        self,
        url: str,
        key: str,
        limit: Limit | None,
        retry_every: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.key = key
        self.limit = limit
        # While the store fails: this process paces alone, on the client's clock.
        self._local = LocalBudget(limit)
        self._health = _Health(url, retry_every, clock)
        self._announced: object = _DOWN  # the announced window last written (_DOWN: unknown)
        self._unreleased: list[object] = []  # entries granted by the store, answered while down

    def _writes(self, headers: Mapping[str, str]) -> Iterator[tuple[str, Any]]:
        """The store calls HubSpot's rate headers ask for (usually none)."""
        if header_int(headers, hubspot.RATE_LIMIT_DAILY_REMAINING) == 0:
            yield "stop_daily", DAILY_STOP_SECONDS
        announced = announced_limit(headers)
        if announced is None:
            return
        kept = announced if stricter(self.limit, announced) else None
        if kept != self._announced:  # written once per change, not on every answer
            yield "announce", kept
        if header_int(headers, hubspot.RATE_LIMIT_REMAINING) == 0:
            yield "pause", min(announced[1] / 10, hubspot.TEN_SECONDLY_WINDOW)

    def _wrote(self, op: str, value: Any, result: object) -> None:
        if op == "announce" and result is not _DOWN:
            self._announced = value

    def _recovered(self) -> list[object]:
        """Entries to release now that the store is back; forget what it may have lost."""
        self._announced = _DOWN
        left, self._unreleased = self._unreleased, []
        return left

    @staticmethod
    def _granted(got: tuple[float, object | None]) -> tuple[float, Ticket | None]:
        wait, entry = got
        return (wait, None) if entry is None else (0.0, Ticket(entry))

    def describe(self) -> str:
        return "None" if self.limit is None else f"({self.limit[0]}, {self.limit[1]})"


class SharedBudget(_Shared):
    """A :class:`~._pacing.Budget` whose ledger is a store shared by processes."""

    def __init__(
        self,
        ledger: Ledger,
        url: str,
        key: str,
        limit: Limit | None,
        *,
        retry_every: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(url, key, limit, retry_every, clock)
        self.ledger = ledger
        # One thread of this process asks the store for a grant at a time. Threads that wake
        # together (a window freed) queue here instead of all asking at once: measured, the
        # store then serves a quarter of the calls and the job keeps to the rate's bound.
        self._asking = threading.Lock()

    def _call(self, op: Callable[..., T], *args: Any) -> T | Any:
        """``op(*args)`` on the store, or ``_DOWN`` when it failed or is not asked now."""
        epoch = self._health.due()
        if epoch is None:
            return _DOWN
        try:
            result = op(*args)
        except self.ledger.errors as exc:
            self._health.failed(exc, epoch)
            return _DOWN
        if self._health.worked(epoch):
            for entry in self._recovered():
                self.release(Ticket(entry), 0.0)
        return result

    def reserve(self, now: float) -> tuple[float, Ticket | None]:
        held = self._local.held(now)
        if held:
            return held, None
        with self._asking:
            got = self._call(self.ledger.reserve)
            if got is _DOWN:
                return self._local.reserve(now)
            return self._granted(got)

    def release(self, ticket: Ticket, now: float) -> None:
        if ticket.key is None:  # granted by the local fallback
            self._local.release(ticket, now)
        elif self._call(self.ledger.release, ticket.key) is _DOWN:
            self._unreleased.append(ticket.key)

    def pause(self, seconds: float, now: float) -> None:
        self._local.pause(seconds, now)
        self._call(self.ledger.pause, seconds)

    def stop_daily(self, now: float) -> None:
        self._local.stop_daily(now)
        self._call(self.ledger.stop_daily, DAILY_STOP_SECONDS)

    def observe(self, headers: Mapping[str, str], now: float) -> None:
        self._local.observe(headers, now)
        for op, value in self._writes(headers):
            self._wrote(op, value, self._call(getattr(self.ledger, op), value))


class AsyncSharedBudget(_Shared):
    """A :class:`~._pacing.AsyncBudget` whose ledger is a store shared by processes: every
    call of the store is awaited on the client's event loop."""

    def __init__(
        self,
        ledger: AsyncLedger,
        url: str,
        key: str,
        limit: Limit | None,
        *,
        retry_every: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(url, key, limit, retry_every, clock)
        self.ledger = ledger
        self._tasks: set[asyncio.Task[None]] = set()  # releases running on their own
        # As SharedBudget's: one task per event loop asks the store for a grant at a time.
        self._asking: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    async def _call(self, op: Callable[..., Awaitable[T]], *args: Any) -> T | Any:
        """As :meth:`SharedBudget._call`, awaited."""
        epoch = self._health.due()
        if epoch is None:
            return _DOWN
        try:
            result = await op(*args)
        except self.ledger.errors as exc:
            self._health.failed(exc, epoch)
            return _DOWN
        if self._health.worked(epoch):
            for entry in self._recovered():
                await self._release(entry)
        return result

    def reserve(self, now: float) -> Awaitable[tuple[float, Ticket | None]]:
        return self._reserve(now)

    async def _reserve(self, now: float) -> tuple[float, Ticket | None]:
        held = self._local.held(now)
        if held:
            return held, None
        loop = asyncio.get_running_loop()
        asking = self._asking.get(loop)
        if asking is None:
            asking = self._asking[loop] = asyncio.Lock()
        async with asking:
            # Shielded: a task cancelled while the store grants gives the grant back.
            asked = asyncio.ensure_future(self._call(self.ledger.reserve))
            try:
                got = await asyncio.shield(asked)
            except asyncio.CancelledError:
                asked.add_done_callback(self._give_back)
                raise
            if got is _DOWN:
                return self._local.reserve(now)
            return self._granted(got)

    def _give_back(self, asked: asyncio.Future[Any]) -> None:
        if not asked.cancelled() and asked.exception() is None:
            got = asked.result()
            if got is not _DOWN and got[1] is not None:
                self.release(Ticket(got[1]), 0.0)

    def release(self, ticket: Ticket, now: float) -> Awaitable[None] | None:
        if ticket.key is None:  # granted by the local fallback
            self._local.release(ticket, now)
            return None
        try:
            task = asyncio.get_running_loop().create_task(self._release(ticket.key))
        except RuntimeError:  # no loop any more: given back when the store is next used
            self._unreleased.append(ticket.key)
            return None
        # Started now and kept here: the release runs even when its caller is cancelled.
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _release(self, entry: object) -> None:
        if await self._call(self.ledger.release, entry) is _DOWN:
            self._unreleased.append(entry)

    def pause(self, seconds: float, now: float) -> Awaitable[None]:
        self._local.pause(seconds, now)
        return self._call(self.ledger.pause, seconds)

    def stop_daily(self, now: float) -> Awaitable[None]:
        self._local.stop_daily(now)
        return self._call(self.ledger.stop_daily, DAILY_STOP_SECONDS)

    def observe(self, headers: Mapping[str, str], now: float) -> Awaitable[None] | None:
        self._local.observe(headers, now)
        writes = list(self._writes(headers))
        return self._observe(writes) if writes else None

    async def _observe(self, writes: list[tuple[str, Any]]) -> None:
        for op, value in writes:
            call: Callable[..., Awaitable[object]] = getattr(self.ledger, op)
            self._wrote(op, value, await self._call(call, value))
