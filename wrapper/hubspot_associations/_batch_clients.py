"""``client.batch`` (and limits' batch calls): the drivers that send a job's chunks concurrently.

The sync driver uses a small thread pool, the async one asyncio tasks; both keep at most
``concurrency`` requests in flight, pull inputs only as chunks are needed (a million-pair
generator is never held in memory), and share the client's pacing and retries.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures as cf
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from . import _validation as check
from . import errors
from ._batch import Item, Job, ProgressCallback, check_inputs, error_from_exception, total_of
from ._batch_jobs import (
    READ_CHUNK,
    WRITE_CHUNK,
    AssociateDefaultJob,
    AssociateLabeledJob,
    PurgeLimitsJob,
    ReadJob,
    RemoveJob,
    RemoveLabelsJob,
    SetLimitsJob,
)
from ._client import share_docstrings
from .types import (
    AssociatedRecord,
    Association,
    AssociationTypeLike,
    AssociationTypes,
    BatchReport,
    LabelsBetweenRecords,
    LimitConfig,
)

if TYPE_CHECKING:
    from ._client import Associations, AsyncAssociations

I = TypeVar("I")  # noqa: E741
R = TypeVar("R")

DEFAULT_CONCURRENCY = 4

Pairs = Iterable[tuple[Any, Any]]


class _Feed(Iterator[list[Item[Any]]]):
    """The next chunk to send: follow-ups (a read's next page) first, then fresh inputs."""

    def __init__(self, job: Job[Any, Any], inputs: Iterable[Any]) -> None:
        check_inputs(inputs, job.argument)
        self.job = job
        self.fresh = job.chunks(inputs)
        self.again: collections.deque[Item[Any]] = collections.deque()

    def __next__(self) -> list[Item[Any]]:
        if self.job.fatal is not None:
            raise StopIteration
        if self.again:
            size = min(self.job.chunk_size, len(self.again))
            return [self.again.popleft() for _ in range(size)]
        return next(self.fresh)

    def settle(self, chunk: list[Item[Any]], outcome: Any) -> None:
        if not isinstance(outcome, errors.APIConnectionError):
            self.job.answered = True  # an answer, or an APIError: HubSpot is reachable
        if isinstance(outcome, errors.HubSpotError):
            self.job.fail_all(chunk, outcome)
        else:
            self.again.extend(self.job.settle(chunk, outcome))

    def drain(self) -> None:
        """After a fatal error: every input not sent is reported failed, nothing more is sent."""
        fatal = self.job.fatal
        if fatal is None:
            return
        error = error_from_exception(fatal)
        for item in self.again:
            self.job.fail(item, error)
        self.again.clear()
        for chunk in self.fresh:
            for item in chunk:
                self.job.fail(item, error)


def _options(concurrency: object) -> int:
    return check.positive_int(concurrency, "concurrency", maximum=64)


def run_sync(
    client: Associations,
    job: Job[I, R],
    inputs: Iterable[Any],
    concurrency: int,
    on_progress: ProgressCallback | None,
) -> BatchReport[I, R]:
    total = total_of(inputs)
    feed = _Feed(job, inputs)
    with cf.ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="hubspot-batch") as pool:
        in_flight: dict[cf.Future[Any], list[Item[Any]]] = {}
        while True:
            while len(in_flight) < concurrency:
                chunk = next(feed, None)
                if chunk is None:
                    break
                in_flight[pool.submit(client._run, job.build(chunk))] = chunk
            if not in_flight:
                break
            finished, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                chunk = in_flight.pop(future)
                try:
                    outcome = future.result()
                except errors.HubSpotError as exc:
                    outcome = exc
                feed.settle(chunk, outcome)
                if on_progress is not None:
                    on_progress(job.done, total)
    feed.drain()
    if on_progress is not None and feed.job.fatal is not None:
        on_progress(job.done, total)
    return job.report


async def run_async(
    client: AsyncAssociations,
    job: Job[I, R],
    inputs: Iterable[Any],
    concurrency: int,
    on_progress: ProgressCallback | None,
) -> BatchReport[I, R]:
    total = total_of(inputs)
    feed = _Feed(job, inputs)
    in_flight: dict[asyncio.Task[Any], list[Item[Any]]] = {}
    try:
        while True:
            while len(in_flight) < concurrency:
                chunk = next(feed, None)
                if chunk is None:
                    break
                in_flight[asyncio.ensure_future(client._run(job.build(chunk)))] = chunk
            if not in_flight:
                break
            finished, _ = await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
            for task in finished:
                chunk = in_flight.pop(task)
                try:
                    outcome = task.result()
                except errors.HubSpotError as exc:
                    outcome = exc
                feed.settle(chunk, outcome)
                if on_progress is not None:
                    on_progress(job.done, total)
    finally:
        for task in in_flight:
            task.cancel()
    feed.drain()
    if on_progress is not None and feed.job.fatal is not None:
        on_progress(job.done, total)
    return job.report


def _chunk(value: object, maximum: int | None = None) -> int:
    return check.positive_int(value, "chunk_size", maximum=maximum)


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
    """

    def __init__(self, client: Associations) -> None:
        self._client = client

    def associate_default(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        *,
        chunk_size: int = WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[tuple[Any, Any], list[Association]]:
        """Associate each ``(from_id, to_id)`` pair with the default type.

        Example::

            report = client.batch.associate_default("contacts", "companies", [(1, 2), (3, 4)])
            assert len(report.succeeded) + len(report.failed) == 2
        """
        job = AssociateDefaultJob(from_type, to_type, _chunk(chunk_size))
        return run_sync(self._client, job, pairs, _options(concurrency), on_progress)

    def associate(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        types: AssociationTypes,
        *,
        chunk_size: int = WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[tuple[Any, Any], LabelsBetweenRecords]:
        """Associate each pair with the given types (labels); ``types`` as in ``associate``."""
        job = AssociateLabeledJob(from_type, to_type, types, _chunk(chunk_size))
        return run_sync(self._client, job, pairs, _options(concurrency), on_progress)

    def read(
        self,
        from_type: str,
        to_type: str,
        ids: Iterable[Any],
        *,
        chunk_size: int = READ_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[Any, list[AssociatedRecord]]:
        """Every association of each record (all pages); a record with none gives ``[]``."""
        job = ReadJob(from_type, to_type, _chunk(chunk_size, READ_CHUNK))
        return run_sync(self._client, job, ids, _options(concurrency), on_progress)

    def remove(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        *,
        chunk_size: int = WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[tuple[Any, Any], None]:
        """Remove every association between each pair."""
        job = RemoveJob(from_type, to_type, _chunk(chunk_size))
        return run_sync(self._client, job, pairs, _options(concurrency), on_progress)

    def remove_labels(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        types: AssociationTypes,
        *,
        chunk_size: int = WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[tuple[Any, Any], None]:
        """Remove only the given types (labels) between each pair."""
        job = RemoveLabelsJob(from_type, to_type, types, _chunk(chunk_size))
        return run_sync(self._client, job, pairs, _options(concurrency), on_progress)


class AsyncBatch:
    """Any-size batch operations: ``client.batch`` (see :class:`Batch`)."""

    def __init__(self, client: AsyncAssociations) -> None:
        self._client = client

    async def associate_default(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        *,
        chunk_size: int = WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[tuple[Any, Any], list[Association]]:
        job = AssociateDefaultJob(from_type, to_type, _chunk(chunk_size))
        return await run_async(self._client, job, pairs, _options(concurrency), on_progress)

    async def associate(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        types: AssociationTypes,
        *,
        chunk_size: int = WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[tuple[Any, Any], LabelsBetweenRecords]:
        job = AssociateLabeledJob(from_type, to_type, types, _chunk(chunk_size))
        return await run_async(self._client, job, pairs, _options(concurrency), on_progress)

    async def read(
        self,
        from_type: str,
        to_type: str,
        ids: Iterable[Any],
        *,
        chunk_size: int = READ_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[Any, list[AssociatedRecord]]:
        job = ReadJob(from_type, to_type, _chunk(chunk_size, READ_CHUNK))
        return await run_async(self._client, job, ids, _options(concurrency), on_progress)

    async def remove(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        *,
        chunk_size: int = WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[tuple[Any, Any], None]:
        job = RemoveJob(from_type, to_type, _chunk(chunk_size))
        return await run_async(self._client, job, pairs, _options(concurrency), on_progress)

    async def remove_labels(
        self,
        from_type: str,
        to_type: str,
        pairs: Pairs,
        types: AssociationTypes,
        *,
        chunk_size: int = WRITE_CHUNK,
        concurrency: int = DEFAULT_CONCURRENCY,
        on_progress: ProgressCallback | None = None,
    ) -> BatchReport[tuple[Any, Any], None]:
        job = RemoveLabelsJob(from_type, to_type, types, _chunk(chunk_size))
        return await run_async(self._client, job, pairs, _options(concurrency), on_progress)


LimitInputs = Iterable[tuple[AssociationTypeLike, int]]
LimitReport = BatchReport[Any, LimitConfig]


def set_limits_job(from_type: str, to_type: str, update: bool) -> SetLimitsJob:
    return SetLimitsJob(from_type, to_type, update)


def purge_limits_job(from_type: str, to_type: str) -> PurgeLimitsJob:
    return PurgeLimitsJob(from_type, to_type)


share_docstrings((Batch, AsyncBatch))
