"""``client.batch``: any-size batch operations, sync and async side by side."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .. import _hubspot as hubspot
from .._call import AsyncRunner, SyncRunner, share_docstrings
from ..types import (
    AssociatedRecord,
    Association,
    AssociationTypes,
    BatchReport,
    LabelsBetweenRecords,
)

if TYPE_CHECKING:
    from .._batch_core import ProgressCallback

# The batch machinery (chunking, drivers, the journal with sqlite3) is imported by the methods,
# on the first batch call: constructing a client, or a program that never sends a batch, does
# not pay for it.

__all__ = ["AsyncBatch", "Batch", "Pairs"]

DEFAULT_CONCURRENCY = 4  # requests in flight per batch call, inside the pacing

Pairs = Iterable[tuple[Any, Any]]


class Batch:
    """Any-size batch operations: ``client.batch``.

    Every method takes any iterable (a list, a generator, a CSV reader; a ``str``, ``bytes`` or
    mapping raises ValueError before any request), sends it in chunks of
    the endpoint's size with up to ``concurrency`` requests in flight inside the client's pacing,
    retries what can be retried, and returns a :class:`BatchReport` in which every distinct input
    is once: in ``succeeded`` or in ``failed`` with a typed error. Inputs that are not valid
    (``("x", 2)``) fail with category ``INVALID_INPUT`` and are never sent; repeated inputs are
    sent and reported once. ``on_progress(done, total)`` is called after each chunk (``total``
    is None for an iterable without ``len``).

    ``journal="job.sqlite"`` keeps the job in an SQLite file: each input's outcome is written as
    soon as HubSpot confirms it, and running the same job with the same journal again (after a
    crash, Ctrl-C, a daily limit) sends only what was not confirmed; the report then covers every
    input, earlier runs' included, and reads them from the file (``report.succeeded`` and
    ``report.failed`` are sequences read on demand: memory does not grow with the job).
    A journal of another job, a corrupt or locked one, or one that cannot be written raises
    :class:`~hubspot_associations.errors.JournalError` before anything is sent.
    """

    def __init__(self, client: SyncRunner) -> None:
        self._client = client

    def associate_default(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        *,
        chunk_size: int = hubspot.WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[tuple[Any, Any], list[Association]]:
        """Associate each ``(from_id, to_id)`` pair with the default type.

        Example::

            report = client.batch.associate_default("contacts", "companies", [(1, 2), (3, 4)])
            assert len(report.succeeded) + len(report.failed) == 2
        """
        from .. import _batch_drivers as drivers
        from .._batch_jobs import AssociateDefaultJob

        job = AssociateDefaultJob(self._client._door, from_type, to_type, chunk_size)
        return drivers.run_sync(self._client, job, pairs, concurrency, on_progress, journal)

    def associate(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        types: AssociationTypes,
        *,
        chunk_size: int = hubspot.WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[tuple[Any, Any], LabelsBetweenRecords]:
        """Associate each pair with the given types (labels); ``types`` as in ``associate``."""
        from .. import _batch_drivers as drivers
        from .._batch_jobs import AssociateLabeledJob

        job = AssociateLabeledJob(self._client._door, from_type, to_type, types, chunk_size)
        return drivers.run_sync(self._client, job, pairs, concurrency, on_progress, journal)

    def read(
        self,
        from_type: str,
        to_type: str,
        ids: Iterable[Any],
        *,
        chunk_size: int = hubspot.READ_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[Any, list[AssociatedRecord]]:
        """Every association of each record (all pages); a record with none gives ``[]``."""
        from .. import _batch_drivers as drivers
        from .._batch_jobs import ReadJob

        job = ReadJob(self._client._door, from_type, to_type, chunk_size)
        return drivers.run_sync(self._client, job, ids, concurrency, on_progress, journal)

    def remove(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        *,
        chunk_size: int = hubspot.WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[tuple[Any, Any], None]:
        """Remove every association between each pair."""
        from .. import _batch_drivers as drivers
        from .._batch_jobs import RemoveJob

        job = RemoveJob(self._client._door, from_type, to_type, chunk_size)
        return drivers.run_sync(self._client, job, pairs, concurrency, on_progress, journal)

    def remove_labels(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        types: AssociationTypes,
        *,
        chunk_size: int = hubspot.WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[tuple[Any, Any], None]:
        """Remove only the given types (labels) between each pair."""
        from .. import _batch_drivers as drivers
        from .._batch_jobs import RemoveLabelsJob

        job = RemoveLabelsJob(self._client._door, from_type, to_type, types, chunk_size)
        return drivers.run_sync(self._client, job, pairs, concurrency, on_progress, journal)


class AsyncBatch:
    """Any-size batch operations: ``client.batch`` (see :class:`Batch`)."""

    def __init__(self, client: AsyncRunner) -> None:
        self._client = client

    async def associate_default(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        *,
        chunk_size: int = hubspot.WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[tuple[Any, Any], list[Association]]:
        from .. import _batch_drivers as drivers
        from .._batch_jobs import AssociateDefaultJob

        job = AssociateDefaultJob(self._client._door, from_type, to_type, chunk_size)
        return await drivers.run_async(self._client, job, pairs, concurrency, on_progress, journal)

    async def associate(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        types: AssociationTypes,
        *,
        chunk_size: int = hubspot.WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[tuple[Any, Any], LabelsBetweenRecords]:
        from .. import _batch_drivers as drivers
        from .._batch_jobs import AssociateLabeledJob

        job = AssociateLabeledJob(self._client._door, from_type, to_type, types, chunk_size)
        return await drivers.run_async(self._client, job, pairs, concurrency, on_progress, journal)

    async def read(
        self,
        from_type: str,
        to_type: str,
        ids: Iterable[Any],
        *,
        chunk_size: int = hubspot.READ_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[Any, list[AssociatedRecord]]:
        from .. import _batch_drivers as drivers
        from .._batch_jobs import ReadJob

        job = ReadJob(self._client._door, from_type, to_type, chunk_size)
        return await drivers.run_async(self._client, job, ids, concurrency, on_progress, journal)

    async def remove(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        *,
        chunk_size: int = hubspot.WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[tuple[Any, Any], None]:
        from .. import _batch_drivers as drivers
        from .._batch_jobs import RemoveJob

        job = RemoveJob(self._client._door, from_type, to_type, chunk_size)
        return await drivers.run_async(self._client, job, pairs, concurrency, on_progress, journal)

    async def remove_labels(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        types: AssociationTypes,
        *,
        chunk_size: int = hubspot.WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
        journal: str | os.PathLike[str] | None = None,
    ) -> BatchReport[tuple[Any, Any], None]:
        from .. import _batch_drivers as drivers
        from .._batch_jobs import RemoveLabelsJob

        job = RemoveLabelsJob(self._client._door, from_type, to_type, types, chunk_size)
        return await drivers.run_async(self._client, job, pairs, concurrency, on_progress, journal)


share_docstrings((Batch, AsyncBatch))
