"""``Associations`` and ``AsyncAssociations``: the clients users construct.

Both share everything but I/O: arguments are checked and requests built by ``_operations``,
retries, pacing and error mapping happen in ``_engine``; the classes here only drive that with
blocking or asyncio I/O. The async methods carry the sync methods' docstrings.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from . import _operations as ops
from . import _options, errors
from ._call import Call
from ._engine import (
    DEFAULT_RATE_LIMIT,
    DEFAULT_TIMEOUT,
    Engine,
    Settings,
    drive_async,
    drive_sync,
)
from ._options import NOT_GIVEN, NotGiven
from ._pacing import RateLimiter
from ._retry import RetryPolicy
from .types import (
    AssociatedRecord,
    Association,
    AssociationSpec,
    AssociationTypeLike,
    AssociationTypes,
    BatchReport,
    HighUsageReport,
    LabelsBetweenRecords,
    LimitConfig,
)

if TYPE_CHECKING:
    from ._batch_clients import AsyncBatch, Batch, LimitInputs, LimitReport

T = TypeVar("T")
ClientT = TypeVar("ClientT", bound="_ClientCore")

_Associations = list[Association]  # aliases: inside the classes, `list` is a method
_Specs = list[AssociationSpec]
_LimitConfigs = list[LimitConfig]


class _ClientCore:
    """Options, the engine and the repr: what the sync and async clients have in common."""

    _engine: Engine
    _owns_http: bool

    def __init__(
        self,
        access_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 5,
        rate_limit: tuple[int, float] | None = DEFAULT_RATE_LIMIT,
        clock: Callable[[], float] | None = None,
    ) -> None:
        limit = _options.rate_limit(rate_limit)
        settings = Settings(
            access_token=_options.access_token(access_token),
            base_url=_options.base_url(base_url),
            timeout=_options.timeout(timeout),
            retry=RetryPolicy(max_retries=_options.max_retries(max_retries)),
            clock=clock or time.monotonic,
        )
        limiter = RateLimiter(limit[0], limit[1], settings.clock) if limit else None
        self._engine = Engine(settings, limiter)

    def with_options(
        self: ClientT,
        *,
        access_token: str | NotGiven = NOT_GIVEN,
        base_url: str | NotGiven = NOT_GIVEN,
        timeout: float | NotGiven = NOT_GIVEN,
        max_retries: int | NotGiven = NOT_GIVEN,
        rate_limit: tuple[int, float] | NotGiven | None = NOT_GIVEN,
    ) -> ClientT:
        """A copy of this client with some options changed, checked as the constructor does.

        The copy shares this client's connections and, unless ``rate_limit`` is given, its
        pacing: requests of both count against one budget. Give ``rate_limit`` too when the
        copy's ``access_token`` belongs to another HubSpot account, whose budget is its own.

        Example: ``client.with_options(max_retries=0).remove("deals", 1, "contacts", 2)``
        """
        settings = self._engine.settings
        limiter = self._engine.limiter
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
        if rate_limit is not NOT_GIVEN:
            limit = _options.rate_limit(rate_limit)
            limiter = RateLimiter(limit[0], limit[1], settings.clock) if limit else None
        return self._copy(Engine(dataclasses.replace(settings, **updates), limiter))

    def _copy(self: ClientT, engine: Engine) -> ClientT:
        """A client sharing this one's connections and sleep, with its own engine."""
        clone = copy.copy(self)
        clone.__dict__.pop("batch", None)  # the cached namespace is bound to this client
        clone._engine = engine
        clone._owns_http = False
        clone._attach_namespaces()
        return clone

    def _attach_namespaces(self) -> None:
        raise NotImplementedError

    @property
    def api_version(self) -> str:
        """The HubSpot API version this client calls (from the generated package)."""
        from hubspot_associations_api import API_VERSION

        return API_VERSION

    def __repr__(self) -> str:
        s = self._engine.settings
        limiter = self._engine.limiter
        pacing = f"({limiter.max_requests}, {limiter.window})" if limiter else "None"
        return (
            f"{type(self).__name__}(base_url={s.base_url!r}, timeout={s.timeout}, "
            f"max_retries={s.retry.max_retries}, rate_limit={pacing})"
        )


class Associations(_ClientCore):
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
        http_client: your own ``httpx.Client`` (proxies, certificates); our auth header and
            timeout are still applied per request, and you close it.
        clock, sleep: injectable time, for tests.
    """

    def __init__(
        self,
        access_token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int = 5,
        rate_limit: tuple[int, float] | None = DEFAULT_RATE_LIMIT,
        http_client: httpx.Client | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
    ) -> None:
        super().__init__(
            access_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            clock=clock,
        )
        if http_client is not None and not isinstance(http_client, httpx.Client):
            raise ValueError(f"http_client must be an httpx.Client, got {http_client!r}")
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.Client()
        self._sleep = sleep or time.sleep
        self._attach_namespaces()

    def _attach_namespaces(self) -> None:
        self.labels = Labels(self)
        self.limits = Limits(self)
        self.usage = Usage(self)

    @functools.cached_property
    def batch(self) -> Batch:
        """Any-size batches: ``client.batch.associate_default(...)`` and friends."""
        from ._batch_clients import Batch

        return Batch(self)

    def _run(self, call: Call[T]) -> T:
        if self._http.is_closed:
            raise errors.APIConnectionError("this client is closed; create a new one")
        return drive_sync(self._engine.exchange(call), self._http.request, self._sleep)

    def close(self) -> None:
        """Close the connections this client opened (not a caller's ``http_client``)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> Associations:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def associate_default(
        self, from_type: str, from_id: int | str, to_type: str, to_id: int | str
    ) -> _Associations:
        """Associate two records with the default (unlabeled) type of their object types.

        Returns both directions of the association HubSpot created.

        Example: ``client.associate_default("contacts", 123, "companies", 456)``
        """
        return self._run(ops.associate_default(from_type, from_id, to_type, to_id))

    def associate(
        self,
        from_type: str,
        from_id: int | str,
        to_type: str,
        to_id: int | str,
        types: AssociationTypes,
    ) -> LabelsBetweenRecords:
        """Associate two records with the given association types (labels).

        ``types`` takes :class:`AssociationType` members, :class:`AssociationSpec`,
        ``(category, type_id)`` pairs, or ints meaning HubSpot-defined type ids.

        Example: ``client.associate("deals", 1, "contacts", 2,
        types=[AssociationType.DEAL_TO_CONTACT])``
        """
        return self._run(ops.associate(from_type, from_id, to_type, to_id, types))

    def remove(self, from_type: str, from_id: int | str, to_type: str, to_id: int | str) -> None:
        """Remove every association between two records (labeled ones included)."""
        self._run(ops.remove(from_type, from_id, to_type, to_id))

    def list(
        self, object_type: str, object_id: int | str, to_type: str, page_size: int = 500
    ) -> Iterator[AssociatedRecord]:
        """Every record of ``to_type`` associated with one record; pages are fetched as you go.

        Example::

            for record in client.list("contacts", 123, "companies"):
                print(record.to_object_id, record.type_ids, record.labels)
        """
        pager = ops.Pager(object_type, object_id, to_type, page_size)
        return self._pages(pager)

    def _pages(self, pager: ops.Pager) -> Iterator[AssociatedRecord]:
        after: str | None = None
        while True:
            records, after = self._run(pager.page(after))
            after = pager.follow(after)
            yield from records
            if after is None:
                return


class AsyncAssociations(_ClientCore):
    """The HubSpot CRM Associations client for asyncio: the same methods as
    :class:`Associations`, as coroutines and async iterators.

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
        rate_limit: tuple[int, float] | None = DEFAULT_RATE_LIMIT,
        http_client: httpx.AsyncClient | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], Any] | None = None,
    ) -> None:
        super().__init__(
            access_token,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            rate_limit=rate_limit,
            clock=clock,
        )
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            raise ValueError(f"http_client must be an httpx.AsyncClient, got {http_client!r}")
        self._owns_http = http_client is None
        self._http = http_client if http_client is not None else httpx.AsyncClient()
        if sleep is None:
            import asyncio  # here, so that sync-only programs never import it

            sleep = asyncio.sleep
        self._sleep = sleep
        self._attach_namespaces()

    def _attach_namespaces(self) -> None:
        self.labels = AsyncLabels(self)
        self.limits = AsyncLimits(self)
        self.usage = AsyncUsage(self)

    @functools.cached_property
    def batch(self) -> AsyncBatch:
        """Any-size batches: ``await client.batch.associate_default(...)`` and friends."""
        from ._batch_clients import AsyncBatch

        return AsyncBatch(self)

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

    async def associate_default(
        self, from_type: str, from_id: int | str, to_type: str, to_id: int | str
    ) -> _Associations:
        return await self._run(ops.associate_default(from_type, from_id, to_type, to_id))

    async def associate(
        self,
        from_type: str,
        from_id: int | str,
        to_type: str,
        to_id: int | str,
        types: AssociationTypes,
    ) -> LabelsBetweenRecords:
        return await self._run(ops.associate(from_type, from_id, to_type, to_id, types))

    async def remove(
        self, from_type: str, from_id: int | str, to_type: str, to_id: int | str
    ) -> None:
        await self._run(ops.remove(from_type, from_id, to_type, to_id))

    def list(
        self, object_type: str, object_id: int | str, to_type: str, page_size: int = 500
    ) -> AsyncIterator[AssociatedRecord]:
        pager = ops.Pager(object_type, object_id, to_type, page_size)
        return self._pages(pager)

    async def _pages(self, pager: ops.Pager) -> AsyncIterator[AssociatedRecord]:
        after: str | None = None
        while True:
            records, after = await self._run(pager.page(after))
            after = pager.follow(after)
            for record in records:
                yield record
            if after is None:
                return


# -- namespaces -----------------------------------------------------------------------------


class Labels:
    """Association labels between two object types: ``client.labels``."""

    def __init__(self, client: Associations) -> None:
        self._client = client
        self._cache: dict[tuple[str, str], _Specs] = {}

    def list(self, from_type: str, to_type: str) -> _Specs:
        """Every association type from ``from_type`` to ``to_type``, labeled or not."""
        return self._client._run(ops.list_labels(from_type, to_type))

    def create(
        self,
        from_type: str,
        to_type: str,
        *,
        name: str,
        label: str,
        inverse_label: str | None = None,
    ) -> _Specs:
        """Create a user-defined label (and its inverse); returns the new association types."""
        self._cache.clear()
        return self._client._run(ops.create_label(from_type, to_type, name, label, inverse_label))

    def update(
        self,
        from_type: str,
        to_type: str,
        type_id: int,
        *,
        label: str,
        inverse_label: str | None = None,
    ) -> None:
        """Rename a user-defined label."""
        self._cache.clear()
        self._client._run(ops.update_label(from_type, to_type, type_id, label, inverse_label))

    def delete(self, from_type: str, to_type: str, type_id: int) -> None:
        """Delete a user-defined label."""
        self._cache.clear()
        self._client._run(ops.delete_label(from_type, to_type, type_id))

    def find(self, from_type: str, to_type: str, label: str) -> AssociationSpec:
        """The association type with this label, compared case-insensitively (cached per
        client); :class:`~hubspot_associations.errors.LabelNotFoundError` if there is none.

        Example: ``spec = client.labels.find("contacts", "companies", "Decision maker")``
        """
        key = ops.label_key(from_type, to_type, label)
        if key[:2] not in self._cache:
            self._cache[key[:2]] = self.list(from_type, to_type)
        return ops.find_label(self._cache[key[:2]], key)


class AsyncLabels:
    """Association labels between two object types: ``client.labels``."""

    def __init__(self, client: AsyncAssociations) -> None:
        self._client = client
        self._cache: dict[tuple[str, str], _Specs] = {}

    async def list(self, from_type: str, to_type: str) -> _Specs:
        return await self._client._run(ops.list_labels(from_type, to_type))

    async def create(
        self,
        from_type: str,
        to_type: str,
        *,
        name: str,
        label: str,
        inverse_label: str | None = None,
    ) -> _Specs:
        self._cache.clear()
        return await self._client._run(
            ops.create_label(from_type, to_type, name, label, inverse_label)
        )

    async def update(
        self,
        from_type: str,
        to_type: str,
        type_id: int,
        *,
        label: str,
        inverse_label: str | None = None,
    ) -> None:
        self._cache.clear()
        await self._client._run(ops.update_label(from_type, to_type, type_id, label, inverse_label))

    async def delete(self, from_type: str, to_type: str, type_id: int) -> None:
        self._cache.clear()
        await self._client._run(ops.delete_label(from_type, to_type, type_id))

    async def find(self, from_type: str, to_type: str, label: str) -> AssociationSpec:
        key = ops.label_key(from_type, to_type, label)
        if key[:2] not in self._cache:
            self._cache[key[:2]] = await self.list(from_type, to_type)
        return ops.find_label(self._cache[key[:2]], key)


class Limits:
    """Per-pair association limits: ``client.limits``."""

    def __init__(self, client: Associations) -> None:
        self._client = client

    def list_all(self) -> _LimitConfigs:
        """The limits of every pair of object types in the account."""
        return self._client._run(ops.list_all_limits())

    def list(self, from_type: str, to_type: str) -> _LimitConfigs:
        """The limits from ``from_type`` to ``to_type``."""
        return self._client._run(ops.list_limits(from_type, to_type))

    def create(self, from_type: str, to_type: str, limits: LimitInputs) -> LimitReport:
        """Set limits on types that have none: ``limits`` holds ``(type, max_to_object_ids)``.

        Example: ``client.limits.create("contacts", "companies",
        [(AssociationType.CONTACT_TO_COMPANY, 5)])``
        """
        from ._batch_clients import run_sync, set_limits_job

        return run_sync(self._client, set_limits_job(from_type, to_type, False), limits, 1, None)

    def update(self, from_type: str, to_type: str, limits: LimitInputs) -> LimitReport:
        """Change existing limits: ``limits`` holds ``(type, max_to_object_ids)``."""
        from ._batch_clients import run_sync, set_limits_job

        return run_sync(self._client, set_limits_job(from_type, to_type, True), limits, 1, None)

    def purge(
        self, from_type: str, to_type: str, types: Iterable[AssociationTypeLike]
    ) -> BatchReport[Any, None]:
        """Remove the limits of the given types."""
        from ._batch_clients import purge_limits_job, run_sync

        return run_sync(self._client, purge_limits_job(from_type, to_type), types, 1, None)


class AsyncLimits:
    """Per-pair association limits: ``client.limits``."""

    def __init__(self, client: AsyncAssociations) -> None:
        self._client = client

    async def list_all(self) -> _LimitConfigs:
        return await self._client._run(ops.list_all_limits())

    async def list(self, from_type: str, to_type: str) -> _LimitConfigs:
        return await self._client._run(ops.list_limits(from_type, to_type))

    async def create(self, from_type: str, to_type: str, limits: LimitInputs) -> LimitReport:
        from ._batch_clients import run_async, set_limits_job

        job = set_limits_job(from_type, to_type, False)
        return await run_async(self._client, job, limits, 1, None)

    async def update(self, from_type: str, to_type: str, limits: LimitInputs) -> LimitReport:
        from ._batch_clients import run_async, set_limits_job

        job = set_limits_job(from_type, to_type, True)
        return await run_async(self._client, job, limits, 1, None)

    async def purge(
        self, from_type: str, to_type: str, types: Iterable[AssociationTypeLike]
    ) -> BatchReport[Any, None]:
        from ._batch_clients import purge_limits_job, run_async

        return await run_async(self._client, purge_limits_job(from_type, to_type), types, 1, None)


class Usage:
    """Association usage reports: ``client.usage``."""

    def __init__(self, client: Associations) -> None:
        self._client = client

    def high_usage_report(self, user_id: int) -> HighUsageReport:
        """Queue a report of records near their association limits, emailed to ``user_id``."""
        return self._client._run(ops.high_usage_report(user_id))


class AsyncUsage:
    """Association usage reports: ``client.usage``."""

    def __init__(self, client: AsyncAssociations) -> None:
        self._client = client

    async def high_usage_report(self, user_id: int) -> HighUsageReport:
        return await self._client._run(ops.high_usage_report(user_id))


def share_docstrings(*pairs: tuple[type, type]) -> None:
    """Give each async method without a docstring its sync twin's."""
    for sync_cls, async_cls in pairs:
        for name, member in vars(async_cls).items():
            if callable(member) and not name.startswith("_") and member.__doc__ is None:
                member.__doc__ = getattr(sync_cls, name).__doc__


share_docstrings(
    (Associations, AsyncAssociations),
    (Labels, AsyncLabels),
    (Limits, AsyncLimits),
    (Usage, AsyncUsage),
)
