"""Clients for tests: fast to make, no retries or pacing unless a test asks for them.

The sync and async twins are written by hand side by side, so a behaviour test runs over both:
decorate it with ``@both_clients`` (a ``kind`` parameter, "sync" or "async") and make its client
with ``client_of(kind, url)``. Its body is written once, as sync code: on the async side each call
is awaited on the client's own event loop (an async listing is collected into a list), and a
plain ``sleep`` is wrapped into a coroutine function.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import ssl
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import pytest
from conftest import TOKEN
from hubspot_associations import (
    Associations,
    AsyncAssociations,
    AsyncBatch,
    AsyncLabels,
    AsyncLimits,
    AsyncUsage,
)

# httpx builds a TLS context per client (~50 ms, even for http://); the tests share one.
TLS = ssl.create_default_context()

KINDS = ("sync", "async")
both_clients = pytest.mark.parametrize("kind", KINDS)

_ASYNC_FACES = (AsyncAssociations, AsyncBatch, AsyncLabels, AsyncLimits, AsyncUsage)


@contextlib.contextmanager
def sync_client(url: str, **options: Any) -> Iterator[Associations]:
    options.setdefault("max_retries", 0)
    options.setdefault("rate_limit", None)
    options.setdefault("access_token", TOKEN)
    transport = options.pop("transport", None)
    with (
        httpx.Client(verify=TLS, transport=transport) as http_client,
        Associations(base_url=url, http_client=http_client, **options) as client,
    ):
        yield client


@contextlib.asynccontextmanager
async def async_client(url: str, **options: Any) -> AsyncIterator[AsyncAssociations]:
    options.setdefault("max_retries", 0)
    options.setdefault("rate_limit", None)
    options.setdefault("access_token", TOKEN)
    transport = options.pop("transport", None)
    async with (
        httpx.AsyncClient(verify=TLS, transport=transport) as http_client,
        AsyncAssociations(base_url=url, http_client=http_client, **options) as client,
    ):
        yield client


def _as_coroutine(sleep: Callable[[float], Any]) -> Callable[[float], Any]:
    """An async client's sleep from a test's sync one (awaiting what it returns, if anything)."""

    async def asleep(seconds: float) -> None:
        result = sleep(seconds)
        if inspect.isawaitable(result):
            await result

    return asleep


class Awaited:
    """An async client (or one of its namespaces) seen as sync code: every call runs to its
    end on ``loop``. ``repr`` and ``str`` are the client's own."""

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    def _settle(self, result: Any) -> Any:
        if inspect.isawaitable(result):
            result = self._loop.run_until_complete(result)
        elif isinstance(result, AsyncIterator):
            result = self._loop.run_until_complete(_collect(result))
        return Awaited(result, self._loop) if isinstance(result, _ASYNC_FACES) else result

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if isinstance(value, _ASYNC_FACES):
            return Awaited(value, self._loop)
        if not callable(value) or isinstance(value, type):
            return value

        @functools.wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            return self._settle(value(*args, **kwargs))

        return call

    def __repr__(self) -> str:
        return repr(self._target)

    def __str__(self) -> str:
        return str(self._target)


async def _collect(items: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in items]


def _pending(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[Any]]:
    return [task for task in asyncio.all_tasks(loop) if not task.done()]


@contextlib.contextmanager
def client_of(kind: str, url: str, **options: Any) -> Iterator[Any]:
    """A client of ``kind`` ("sync" or "async") for ``url``, used with sync code either way.

    Options are the clients' own, plus ``transport`` (an httpx transport such as
    ``httpx.MockTransport``, for either kind); ``access_token`` defaults to the tests' token.
    """
    if kind == "sync":
        with sync_client(url, **options) as made:
            yield made
        return
    assert kind == "async", kind
    if options.get("sleep") is not None:
        options["sleep"] = _as_coroutine(options["sleep"])
    loop = asyncio.new_event_loop()
    stack = contextlib.AsyncExitStack()
    try:
        made = loop.run_until_complete(stack.enter_async_context(async_client(url, **options)))
        try:
            yield Awaited(made, loop)
        finally:
            loop.run_until_complete(stack.aclose())
    finally:
        left = _pending(loop)  # a test that failed may leave tasks: end them before closing
        for task in left:
            task.cancel()
        if left:
            loop.run_until_complete(asyncio.wait(left, timeout=10))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()


def run_leftovers(made: Any) -> list[str]:
    """Let whatever a client left running after a call returned run to its end; say how
    each ended ("cancelled" or "done" for a task, "stopped" for a thread that ended, and
    "running" for either still going after 10 s).

    On the async side these are the loop's unfinished tasks; on the sync side the batch's
    worker threads (named ``hubspot-batch``) still alive when the call returned.
    """
    if isinstance(made, Awaited):
        loop = made._loop
        left = _pending(loop)
        if left:
            loop.run_until_complete(asyncio.wait(left, timeout=10))
        return ["cancelled" if t.cancelled() else "done" if t.done() else "running" for t in left]
    threads = [t for t in threading.enumerate() if t.name.startswith("hubspot-batch")]
    for thread in threads:
        thread.join(timeout=10)
    return ["running" if thread.is_alive() else "stopped" for thread in threads]


class Gate:
    """An injected sleep that waits until :meth:`open` is called (``timeout`` seconds at most,
    so that a broken test fails instead of hanging); it records each sleep asked for.

    Called from a sync client's worker thread it blocks the thread; called on an event loop it
    returns a coroutine to await, so the same Gate serves either kind (see :func:`client_of`).
    """

    def __init__(self, timeout: float = 10.0) -> None:
        self.calls: list[float] = []
        self.timeout = timeout
        self._opened = threading.Event()
        self._async_opened: asyncio.Event | None = None
        self._slept: asyncio.Event | None = None

    def open(self) -> None:
        """Wake every sleeper (call it on the client's own thread or loop)."""
        self._opened.set()
        if self._async_opened is not None:
            self._async_opened.set()

    def __call__(self, seconds: float) -> Any:
        self.calls.append(seconds)
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self._opened.wait(self.timeout)
            return None
        return self._wait_async()

    def _events(self) -> tuple[asyncio.Event, asyncio.Event]:
        if self._async_opened is None or self._slept is None:
            self._async_opened, self._slept = asyncio.Event(), asyncio.Event()
            if self._opened.is_set():
                self._async_opened.set()
            # The timeout opens the gate. Not asyncio.wait_for: before Python 3.12 it swallows
            # a cancellation that arrives as the gate opens, and the sleeper would run on.
            asyncio.get_running_loop().call_later(self.timeout, self._async_opened.set)
        return self._async_opened, self._slept

    async def _wait_async(self) -> None:
        opened, slept = self._events()
        slept.set()
        await opened.wait()

    async def sleepers(self, count: int) -> None:
        """On an event loop: wait until ``count`` sleeps have been asked for."""
        _, slept = self._events()
        while len(self.calls) < count:
            slept.clear()
            await asyncio.wait_for(slept.wait(), self.timeout)


class FakeTime:
    """A clock that only moves when something sleeps; every sleep is recorded.

    Give ``clock`` and ``sleep`` (or ``async_sleep``) to a client or to the CLI's time hooks:
    a retry's back-off or a pacing wait then passes without real time passing.
    """

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    async def async_sleep(self, seconds: float) -> None:
        self.sleep(seconds)


# -- one call through either client, optionally on an in-process transport ----------------------
# (for tests that build their answers from the request: ``call(kind, fn, transport=...)``
# makes a client of that kind, no retries, no pacing unless asked, and returns ``fn(client)``,
# awaited for the async client)

# A loopback address that is never dialled: requests go to the MockTransport.
NOWHERE = "http://127.0.0.1:9"


def call(
    kind: str,
    fn: Callable[[Any], Any],
    *,
    url: str = NOWHERE,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    **options: Any,
) -> Any:
    options.setdefault("max_retries", 0)
    options.setdefault("rate_limit", None)
    if kind == "sync":
        with (
            httpx.Client(verify=TLS, transport=transport) as http,  # type: ignore[arg-type]
            Associations(TOKEN, base_url=url, http_client=http, **options) as client,
        ):
            return fn(client)

    async def main() -> Any:
        async with (
            httpx.AsyncClient(verify=TLS, transport=transport) as http,  # type: ignore[arg-type]
            AsyncAssociations(TOKEN, base_url=url, http_client=http, **options) as client,
        ):
            result = fn(client)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(main())
