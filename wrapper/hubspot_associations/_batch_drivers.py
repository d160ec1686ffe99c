"""The two I/O loops of a batch job: they send a job's chunks concurrently.

The sync driver uses a small thread pool, the async one asyncio tasks; both keep at most
``concurrency`` requests in flight, pull inputs only as chunks are needed (a million-pair
generator is never held in memory), and share the client's pacing and retries. Everything
else (checking, chunking, settling, the report) is the job's, in ``_batch_core``, written once.
"""

from __future__ import annotations

import collections
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from . import _validation as check
from . import errors
from ._batch_core import Item, Job, ProgressCallback, check_inputs, error_from_exception, total_of
from ._call import AsyncRunner, SyncRunner
from ._engine import Stopped
from .types import BatchReport

if TYPE_CHECKING:
    import asyncio
    import concurrent.futures as cf

I = TypeVar("I")  # noqa: E741
R = TypeVar("R")


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
        self.job.checkpoint()

    def drain(self) -> None:
        """After a fatal error: every input not sent is reported failed, nothing more is sent."""
        fatal = self.job.fatal
        if fatal is None:
            return
        error = error_from_exception(fatal)
        for item in self.again:
            self.job.fail(item, error, final=False)
        self.again.clear()
        for chunk in self.fresh:
            for item in chunk:
                self.job.fail(item, error, final=False)
        self.job.checkpoint()

    def finish(self, total: int | None, on_progress: ProgressCallback | None) -> None:
        """The end of either loop: drain after a fatal error, and report the progress it made."""
        self.drain()
        if on_progress is not None and self.job.fatal is not None:
            on_progress(self.job.done, total)


def _start(
    job: Job[Any, Any], inputs: Iterable[Any], concurrency: object, journal: object
) -> tuple[int, int | None, _Feed]:
    """What both loops begin with: the checked ``concurrency``, the input count when known,
    the feed, and the journal opened (so a bad one is refused before any request)."""
    workers = check.positive_int(concurrency, "concurrency", maximum=64)
    total = total_of(inputs)
    feed = _Feed(job, inputs)
    if journal is not None:
        job.use_journal(journal)
    return workers, total, feed


def run_sync(
    client: SyncRunner,
    job: Job[I, R],
    inputs: Iterable[Any],
    concurrency: object,
    on_progress: ProgressCallback | None,
    journal: object = None,
) -> BatchReport[I, R]:
    workers, total, feed = _start(job, inputs, concurrency, journal)
    try:
        _send_sync(client, feed, workers, total, on_progress)
    finally:
        job.close()
    return job.final_report()


GRACE = 1.0
"""Seconds a stopped job waits for the requests in flight before abandoning them."""


class _DaemonPool:
    """``concurrency`` worker threads that never hold up the interpreter's exit: a stopped
    job abandons the requests still in flight (unconfirmed, so a resume sends them again)."""

    def __init__(self, workers: int) -> None:
        import queue
        import threading

        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"hubspot-batch-{n}", daemon=True)
            for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Any, *args: Any) -> cf.Future[Any]:
        import concurrent.futures as cf

        future: cf.Future[Any] = cf.Future()
        self._queue.put((future, fn, args))
        return future

    def _work(self) -> None:
        while True:
            task = self._queue.get()
            if task is None:
                return
            future, fn, args = task
            if not future.set_running_or_notify_cancel():  # pragma: no cover - never cancelled
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:
                future.set_exception(exc)

    def shutdown(self) -> None:
        for _ in self._threads:
            self._queue.put(None)


def _send_sync(
    client: SyncRunner,
    feed: _Feed,
    workers: int,
    total: int | None,
    on_progress: ProgressCallback | None,
) -> None:
    import concurrent.futures as cf
    import threading

    job = feed.job
    stop = threading.Event()
    pool = _DaemonPool(workers)
    in_flight: dict[cf.Future[Any], list[Item[Any]]] = {}

    def settle(future: cf.Future[Any]) -> None:
        chunk = in_flight.pop(future)
        try:
            outcome = future.result()
        except errors.HubSpotError as exc:
            outcome = exc
        feed.settle(chunk, outcome)

    try:
        while True:
            while len(in_flight) < workers:
                chunk = next(feed, None)
                if chunk is None:
                    break
                in_flight[pool.submit(client._run, job.build(chunk), stop)] = chunk
            if not in_flight:
                break
            finished, _ = cf.wait(in_flight, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                settle(future)
                if on_progress is not None:
                    on_progress(job.done, total)
    except BaseException:
        # Ctrl-C (or SIGTERM, or an error of the caller's callback): no request starts from
        # now on; answers that come within the grace are kept, the rest abandoned.
        stop.set()
        finished, _ = cf.wait(in_flight, timeout=GRACE)
        for future in finished:
            if not isinstance(future.exception(), Stopped):
                settle(future)
        raise
    finally:
        pool.shutdown()
    feed.finish(total, on_progress)


async def run_async(
    client: AsyncRunner,
    job: Job[I, R],
    inputs: Iterable[Any],
    concurrency: object,
    on_progress: ProgressCallback | None,
    journal: object = None,
) -> BatchReport[I, R]:
    workers, total, feed = _start(job, inputs, concurrency, journal)
    try:
        await _send_async(client, feed, workers, total, on_progress)
    finally:
        job.close()
    return job.final_report()


async def _send_async(
    client: AsyncRunner,
    feed: _Feed,
    workers: int,
    total: int | None,
    on_progress: ProgressCallback | None,
) -> None:
    import asyncio  # here: a sync program never loads it

    job = feed.job
    in_flight: dict[asyncio.Task[Any], list[Item[Any]]] = {}
    try:
        while True:
            while len(in_flight) < workers:
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
    feed.finish(total, on_progress)
