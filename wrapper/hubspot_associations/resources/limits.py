"""``client.limits``: per-pair association limits (the setting calls are small batches)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import _operations as ops
from .._call import AsyncRunner, SyncRunner, share_docstrings
from ..types import AssociationTypeLike, BatchReport, LimitConfig

__all__ = ["AsyncLimits", "LimitInputs", "LimitReport", "Limits"]

LimitInputs = Iterable[tuple[AssociationTypeLike, int]]
LimitReport = BatchReport[Any, LimitConfig]
_LimitConfigs = list[LimitConfig]  # an alias: inside the classes, `list` is a method

# The setting calls import the batch machinery when first made (see resources/batch.py).


class Limits:
    """Per-pair association limits: ``client.limits``."""

    def __init__(self, client: SyncRunner) -> None:
        self._client = client

    def list_all(self) -> _LimitConfigs:
        """The limits of every pair of object types in the account."""
        return self._client._run(ops.list_all_limits(self._client._door))

    def list(self, from_type: str, to_type: str) -> _LimitConfigs:
        """The limits from ``from_type`` to ``to_type``."""
        return self._client._run(ops.list_limits(self._client._door, from_type, to_type))

    def create(self, from_type: str, to_type: str, limits: LimitInputs) -> LimitReport:
        """Set limits on types that have none: ``limits`` holds ``(type, max_to_object_ids)``.

        Example: ``client.limits.create("contacts", "companies",
        [(AssociationType.CONTACT_TO_COMPANY, 5)])``
        """
        from .._batch_drivers import run_sync
        from .._batch_jobs import SetLimitsJob

        return run_sync(
            self._client,
            SetLimitsJob(self._client._door, from_type, to_type, update=False),
            limits,
            1,
            None,
        )

    def update(self, from_type: str, to_type: str, limits: LimitInputs) -> LimitReport:
        """Change existing limits: ``limits`` holds ``(type, max_to_object_ids)``."""
        from .._batch_drivers import run_sync
        from .._batch_jobs import SetLimitsJob

        return run_sync(
            self._client,
            SetLimitsJob(self._client._door, from_type, to_type, update=True),
            limits,
            1,
            None,
        )

    def purge(
        self, from_type: str, to_type: str, types: Iterable[AssociationTypeLike]
    ) -> BatchReport[Any, None]:
        """Remove the limits of the given types."""
        from .._batch_drivers import run_sync
        from .._batch_jobs import PurgeLimitsJob

        return run_sync(
            self._client, PurgeLimitsJob(self._client._door, from_type, to_type), types, 1, None
        )


class AsyncLimits:
    """Per-pair association limits: ``client.limits``."""

    def __init__(self, client: AsyncRunner) -> None:
        self._client = client

    async def list_all(self) -> _LimitConfigs:
        return await self._client._run(ops.list_all_limits(self._client._door))

    async def list(self, from_type: str, to_type: str) -> _LimitConfigs:
        return await self._client._run(ops.list_limits(self._client._door, from_type, to_type))

    async def create(self, from_type: str, to_type: str, limits: LimitInputs) -> LimitReport:
        from .._batch_drivers import run_async
        from .._batch_jobs import SetLimitsJob

        job = SetLimitsJob(self._client._door, from_type, to_type, update=False)
        return await run_async(self._client, job, limits, 1, None)

    async def update(self, from_type: str, to_type: str, limits: LimitInputs) -> LimitReport:
        from .._batch_drivers import run_async
        from .._batch_jobs import SetLimitsJob

        job = SetLimitsJob(self._client._door, from_type, to_type, update=True)
        return await run_async(self._client, job, limits, 1, None)

    async def purge(
        self, from_type: str, to_type: str, types: Iterable[AssociationTypeLike]
    ) -> BatchReport[Any, None]:
        from .._batch_drivers import run_async
        from .._batch_jobs import PurgeLimitsJob

        return await run_async(
            self._client, PurgeLimitsJob(self._client._door, from_type, to_type), types, 1, None
        )


share_docstrings((Limits, AsyncLimits))
