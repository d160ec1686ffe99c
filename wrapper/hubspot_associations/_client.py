"""``Associations`` and ``AsyncAssociations``: the clients users construct.

A client holds the options, the engine (retries, pacing, error mapping: ``_engine``) and the
HTTP connections, and composes the namespaces of ``resources``: the record calls are its own
methods (``Records``), the others hang off it (``client.batch``, ``labels``, ``limits``,
``usage``). Both clients share everything but the I/O that drives the engine.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from . import _generated, _options, errors
from . import _hubspot as hubspot
from ._call import Call, share_docstrings
from ._engine import (
    DEFAULT_TIMEOUT,
    Engine,
    Settings,
    drive_async,
    drive_sync,
)
from ._http_clients import CookielessAsyncClient, CookielessClient
from ._options import NOT_GIVEN, NotGiven
from ._pacing import AsyncBudget, Budget, LocalBudget
from ._retry import RetryPolicy
from .resources.batch import AsyncBatch, Batch
from .resources.labels import AsyncLabels, Labels
from .resources.limits import AsyncLimits, Limits
from .resources.records import AsyncRecords, Records
from .resources.usage import AsyncUsage, Usage

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="_ClientCore")


def _budget(
    limit: tuple[int, float] | None,
    store: str | None,
    key: str | None,
    token: str,
    asynchronous: bool,
) -> Budget | AsyncBudget:
    """The client's rate budget: in this process, or shared through ``store`` (awaited by an
    async client)."""
    if store is None:
        return LocalBudget(limit)
    from . import _stores  # only users of a store pay for sqlite3 (and redis)

    key = key or _stores.default_key(token)
    return _stores.open_budget(store, key, limit, asynchronous=asynchronous)


class _ClientCore:
    """Options, the engine and the repr: what the sync and async clients have in common."""

    _engine: Engine
    _owns_http: bool
    _door: _generated.Door
    _store: str | None
    _asynchronous = False  # whether a shared store's calls are awaited (AsyncAssociations)

    def __init__(
        self,
        access_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 5,
        rate_limit: tuple[int, float] | None = hubspot.DEFAULT_RATE_LIMIT,
        rate_limit_store: str | None = None,
        rate_limit_key: str | None = None,
        clock: Callable[[], float] | None = None,
        api_version: str | None = None,
    ) -> None:
        self._door = _generated.door(_options.api_version(api_version))
        limit = _options.rate_limit(rate_limit)
        store = _options.rate_limit_store(rate_limit_store)
        key = _options.rate_limit_key(rate_limit_key)
        settings = Settings(
            access_token=_options.access_token(access_token),
            base_url=_options.base_url(base_url),
            timeout=_options.timeout(timeout),
            retry=RetryPolicy(max_retries=_options.max_retries(max_retries)),
            clock=clock or time.monotonic,
        )
        self._store = store
        budget = _budget(limit, store, key, settings.access_token, self._asynchronous)
        self._engine = Engine(settings, budget)

    def with_options(
        self: ClientT,
        *,
        access_token: str | NotGiven = NOT_GIVEN,
        base_url: str | NotGiven = NOT_GIVEN,
        timeout: float | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        rate_limit: tuple[int, float] | NotGiven | None = NOT_GIVEN,
        api_version: str | NotGiven = NOT_GIVEN,
        rate_limit_store: str | NotGiven | None = NOT_GIVEN,
        rate_limit_key: str | NotGiven | None = NOT_GIVEN,
    ) -> ClientT:
        """A copy of this client with some options changed, checked as the constructor does.

        The copy shares this client's connections and, unless ``rate_limit`` is given, its
        pacing: requests of both count against one budget. Give ``rate_limit`` too when the
        copy's ``access_token`` belongs to another HubSpot account, whose budget is its own
        (with a shared store, give ``rate_limit_key`` or ``rate_limit_store``: the copy's
        budget is then opened anew, its key derived from the copy's token unless given).

        ``api_version`` switches the copy to another supported HubSpot API version; every
        method and result type stays the same.

        Example: ``client.with_options(max_retries=0).remove("deals", 1, "contacts", 2)``
        """
        door = self._door
        if api_version is not NOT_GIVEN:
            door = _generated.door(_options.api_version(api_version, from_env=False))
        settings = self._engine.settings
        budget = self._engine.budget
        updates: dict[str, Any] = {}
        if access_token is not NOT_GIVEN:
            updates["access_token"] = _options.access_token(access_token, from_env=False)
        if base_url is not NOT_GIVEN:
            updates["base_url"] = _options.base_url(base_url)
        if timeout is not NOT_GIVEN:
            updates["timeout"] = _options.timeout(timeout)
        if max_retries is not NOT_GIVEN:
            retry = settings.retry
            updates["retry"] = RetryPolicy(
                max_retries=_options.max_retries(max_retries),
                base_delay=retry.base_delay,
                max_delay=retry.max_delay,
                random=retry.random,
            )
        store = self._store
        if any(o is not NOT_GIVEN for o in (rate_limit, rate_limit_store, rate_limit_key)):
            limit = budget.limit if rate_limit is NOT_GIVEN else _options.rate_limit(rate_limit)
            if rate_limit_store is not NOT_GIVEN:
                store = _options.rate_limit_store(rate_limit_store)
            key = None if rate_limit_key is NOT_GIVEN else _options.rate_limit_key(rate_limit_key)
            token = updates.get("access_token", settings.access_token)
            budget = _budget(limit, store, key, token, self._asynchronous)
        clone = self._copy(Engine(settings.replace(**updates), budget), door)
        clone._store = store
        return clone

    def _copy(self: ClientT, engine: Engine, door: _generated.Door) -> ClientT:
        """A client sharing this one's connections and sleep, with its own engine and version."""
        clone = copy.copy(self)
        clone._engine = engine
        clone._door = door
        clone._owns_http = False
        clone._attach_namespaces()
        return clone

    def _attach_namespaces(self) -> None:
        raise NotImplementedError

    @property
    def api_version(self) -> str:
        """The HubSpot API version this client calls (``api_version=``, else
        ``HUBSPOT_API_VERSION``, else 2026-03)."""
        return self._door.api_version

    def __repr__(self) -> str:
        s = self._engine.settings
        pacing = self._engine.budget.describe()
        return (
            f"{type(self).__name__}(base_url={s.base_url!r}, timeout={s.timeout}, "
            f"max_retries={s.retry.max_retries}, rate_limit={pacing}, "
            f"api_version={self.api_version!r})"
        )


class Associations(_ClientCore, Records):
    """The HubSpot CRM Associations client (blocking I/O; thread-safe).

    Example::

        from hubspot_associations import Associations

        with Associations() as client:  # token from HUBSPOT_ACCESS_TOKEN
            client.associate_default("contacts", 123, "companies", 456)
            for record in client.list("contacts", 123, "companies"):
                print(record.to_object_id, record.type_ids)

    Args:
        access_token: a private app token or OAuth access token; default: the
            ``HUBSPOT_ACCESS_TOKEN`` environment variable. Whitespace around it is dropped;
            any other character outside printable ASCII raises ``ValueError``.
        base_url: default: the ``HUBSPOT_BASE_URL`` environment variable (which HubSpot's
            own SDK reads too), else ``https://api.hubapi.com``; plain ``http://`` only for
            loopback.
        timeout: seconds for each HTTP request (default 30).
        max_retries: retries after rate limits, 5xx and connection failures (default 5).
        rate_limit: ``(max_requests, window_seconds)`` paced on the client side, default
            ``(100, 10.0)``, HubSpot's lowest tier; ``None`` turns pacing off.
        rate_limit_store: a URL where the rate budget is shared by every process using it:
            ``sqlite:///budget.db`` (processes of one machine; ``sqlite:////abs/path.db``) or
            ``redis://[:password@]host:6379/0`` (also ``rediss://``, ``unix://``; processes on
            any machine; needs ``pip install "hubspot-associations[redis]"``); default: the
            ``HUBSPOT_RATE_LIMIT_STORE`` environment variable, else this client's own budget.
            A store that cannot be used raises ``ValueError`` naming the URL (never its
            password); one lost mid-run is replaced by local pacing until it answers again.
        rate_limit_key: the shared budget's name (default: a one-way hash of the token).
        http_client: your own ``httpx.Client`` (proxies, certificates); our auth header and
            timeout are still applied per request, and you close it. It keeps its own cookie
            policy; the client's own connections keep no cookies (HubSpot's calls need none).
        clock, sleep: injectable time, for tests.
        api_version: the HubSpot API version to call, ``"2026-03"`` or ``"2026-09"``; default:
            the ``HUBSPOT_API_VERSION`` environment variable, else ``"2026-03"``. Every method
            and result type is the same on each; another value raises ``ValueError``.
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 5,
        rate_limit: tuple[int, float] | None = hubspot.DEFAULT_RATE_LIMIT,
        rate_limit_store: str | None = None,
        rate_limit_key: str | None = None,
        http_client: httpx.Client | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
        api_version: str | None = None,
    ) -> None:
        super().__init__(
            access_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            rate_limit_store=rate_limit_store,
            rate_limit_key=rate_limit_key,
            clock=clock,
            api_version=api_version,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise ValueError(f"http_client must be an httpx.Client, got {http_client!r}")
        self._owns_http = http_client is None
        self._http = (
            CookielessClient(**self._engine.own_http_options())
            if http_client is None
            else http_client
        )
        self._sleep = sleep or time.sleep
        self._attach_namespaces()

    def _attach_namespaces(self) -> None:
        self.labels = Labels(self)
        self.limits = Limits(self)
        self.usage = Usage(self)
        self.batch = Batch(self)

    def _run(self, call: Call[T], stop: threading.Event | None = None) -> T:
        if self._http.is_closed:
            raise errors.APIConnectionError("this client is closed; create a new one")
        return drive_sync(self._engine.exchange(call), self._http.request, self._sleep, stop)

    def close(self) -> None:
        """Close the connections this client opened (not a caller's ``http_client``)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Associations:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAssociations(_ClientCore, AsyncRecords):
    """The HubSpot CRM Associations client for asyncio: the same methods as
    :class:`Associations`, as coroutines and async iterators. A shared rate budget's store is
    awaited (``redis.asyncio``; SQLite in a worker thread): it never blocks the event loop.

    Example::

        async with AsyncAssociations() as client:
            await client.associate_default("contacts", 123, "companies", 456)
            async for record in client.list("contacts", 123, "companies"):
                print(record.to_object_id)
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 5,
        rate_limit: tuple[int, float] | None = hubspot.DEFAULT_RATE_LIMIT,
        rate_limit_store: str | None = None,
        rate_limit_key: str | None = None,
        http_client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Any] | None = None,
        api_version: str | None = None,
    ) -> None:
        super().__init__(
            access_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            rate_limit_store=rate_limit_store,
            rate_limit_key=rate_limit_key,
            clock=clock,
            api_version=api_version,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ValueError(f"http_client must be an httpx.AsyncClient, got {http_client!r}")
        self._owns_http = http_client is None
        self._http = (
            CookielessAsyncClient(**self._engine.own_http_options())
            if http_client is None
            else http_client
        )
        if sleep is None:
            import asyncio  # here, so that sync-only programs never import it

            sleep = asyncio.sleep
        self._sleep = sleep
        self._attach_namespaces()

    _asynchronous = True

    def _attach_namespaces(self) -> None:
        self.labels = AsyncLabels(self)
        self.limits = AsyncLimits(self)
        self.usage = AsyncUsage(self)
        self.batch = AsyncBatch(self)

    async def _run(self, call: Call[T]) -> T:
        if self._http.is_closed:
            raise errors.APIConnectionError("this client is closed; create a new one")
        return await drive_async(self._engine.exchange(call), self._http.request, self._sleep)

    async def aclose(self) -> None:
        """Close the connections this client opened (not a caller's ``http_client``)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncAssociations:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


share_docstrings((Associations, AsyncAssociations))
