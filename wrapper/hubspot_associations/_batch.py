"""Any-size batches, the I/O-free part: checking inputs, chunking, and settling answers.

A job streams the caller's iterable (never materialised), checks and de-duplicates each input,
cuts requests of the endpoint's size, and settles each answer into the report so that every
distinct input lands exactly once in ``succeeded`` or ``failed``. The sync and async drivers in
``_batch_clients`` only decide how chunks are sent concurrently.
"""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, Generic, TypeVar

from . import _validation as check
from . import errors
from ._call import Call
from ._error_bodies import error_details
from .types import BatchItemError, BatchReport, Failed, Succeeded

InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")

ProgressCallback = Callable[[int, "int | None"], None]

NO_ASSOCIATIONS_FOUND = "crm.associations.NO_ASSOCIATIONS_FOUND"
# Errors after which no further request of this batch can succeed: stop sending, report the rest.
_FATAL = (errors.DailyLimitError, errors.AuthenticationError, errors.PermissionDeniedError)


@dataclasses.dataclass(slots=True)
class Item(Generic[InputT]):
    """One distinct, checked input: what the caller gave, and its canonical key."""

    given: InputT
    key: Any


@dataclasses.dataclass(frozen=True, slots=True)
class ChunkAnswer:
    """A batch answer reduced to what settling needs."""

    results: list[Any]
    errors: list[BatchItemError]


def item_error(model: Any) -> BatchItemError:
    """Our BatchItemError from a generated StandardError."""
    from hubspot_associations_api.types import Unset

    def opt(value: Any) -> Any:
        return None if isinstance(value, Unset) else value

    context = opt(model.context)
    links = opt(model.links)
    raw_errors = opt(model.errors)
    return BatchItemError(
        category=str(model.category),
        message=str(model.message),
        status=str(model.status),
        sub_category=opt(model.sub_category),
        context={
            str(k): [str(v) for v in vs] for k, vs in (context.to_dict() if context else {}).items()
        },
        errors=tuple(error_details([e.to_dict() for e in raw_errors] if raw_errors else [])),
        links=dict(links.to_dict()) if links else {},
        id=opt(model.id),
    )


def error_from_exception(exc: errors.HubSpotError) -> BatchItemError:
    """A whole request failed: every input in it gets this error."""
    if isinstance(exc, errors.APIError):
        context = dict(exc.context)
        if exc.correlation_id:
            context.setdefault("correlationId", [exc.correlation_id])
        return BatchItemError(
            category=exc.category or f"HTTP_{exc.status_code}",
            message=exc.message,
            sub_category=exc.sub_category,
            context=context,
            errors=tuple(exc.errors),
        )
    category = "TIMEOUT" if isinstance(exc, errors.APITimeoutError) else "CONNECTION_ERROR"
    return BatchItemError(category=category, message=str(exc))


def _unreachable(job: Job[Any, Any], exc: errors.HubSpotError) -> bool:
    """A connection failure or a timeout (its retries spent) before any request of the job got
    an answer: the base URL or the network is wrong, and every other request would fail the same
    way after its own retries (about 20 minutes for 50,000 pairs), so the job stops like after a
    fatal error. Once HubSpot has answered, such a failure is a passing fault: the job goes on."""
    return isinstance(exc, errors.APIConnectionError) and not job.answered


def named_ids(error: BatchItemError) -> set[str]:
    """The record ids an item error names in its context or id."""
    ids = {v for values in error.context.values() for v in values if v.isdigit()}
    if error.id and error.id.isdigit():
        ids.add(error.id)
    return ids


class Job(abc.ABC, Generic[InputT, ResultT]):
    """One batch operation's rules. Subclasses say how to check, send and settle inputs."""

    chunk_size: int

    def __init__(self, chunk_size: int) -> None:
        self.chunk_size = chunk_size
        self.report: BatchReport[InputT, ResultT] = BatchReport()
        self._seen: set[Hashable] = set()
        self.done = 0
        self.fatal: errors.HubSpotError | None = None
        self.answered = False
        """Whether some request of this job got an HTTP answer (any status)."""

    @abc.abstractmethod
    def check(self, given: Any, index: int) -> Hashable:
        """The canonical key of one input; ValueError (naming it) when it is not valid."""

    @abc.abstractmethod
    def build(self, chunk: list[Item[InputT]]) -> Call[ChunkAnswer]:
        """The request for one chunk."""

    @abc.abstractmethod
    def settle(self, chunk: list[Item[InputT]], answer: ChunkAnswer) -> list[Item[InputT]]:
        """Put each input of an answered chunk in the report; return those needing another
        request (e.g. a read with more pages)."""

    # -- shared machinery ---------------------------------------------------------------

    def chunks(self, inputs: Iterable[Any]) -> Iterator[list[Item[InputT]]]:
        """Checked, distinct inputs in request-sized chunks; bad inputs go straight to failed."""
        chunk: list[Item[InputT]] = []
        for index, given in enumerate(inputs):
            try:
                key = self.check(given, index)
            except ValueError as exc:
                # A repeated bad input is reported once too. repr, not the value: ("x", True)
                # and ("x", 1) are equal as tuples but are different inputs.
                invalid = ("INVALID_INPUT", repr(given))
                if invalid in self._seen:
                    self.done += 1
                    continue
                self._seen.add(invalid)
                self.fail(Item(given, None), BatchItemError("INVALID_INPUT", str(exc)))
                continue
            if key in self._seen:
                self.done += 1  # a repeat: reported once, under its first occurrence
                continue
            self._seen.add(key)
            chunk.append(Item(given, key))
            if len(chunk) >= self.chunk_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def succeed(self, item: Item[InputT], result: ResultT) -> None:
        self.report.succeeded.append(Succeeded(item.given, result))
        self.done += 1

    def fail(self, item: Item[InputT], error: BatchItemError) -> None:
        self.report.failed.append(Failed(item.given, error))
        self.done += 1

    def fail_all(self, chunk: list[Item[InputT]], exc: errors.HubSpotError) -> None:
        """A request failed for good: its inputs fail; after a fatal error nothing more is sent."""
        error = error_from_exception(exc)
        for item in chunk:
            self.fail(item, error)
        if (isinstance(exc, _FATAL) or _unreachable(self, exc)) and self.fatal is None:
            self.fatal = exc

    def matches(self, item: Item[InputT], ids: set[str]) -> bool:
        """Whether an item error naming ``ids`` is about ``item``."""
        return False

    def settle_unanswered(
        self, chunk: list[Item[InputT]], answered: set[Any], answer: ChunkAnswer
    ) -> None:
        """Fail the inputs HubSpot gave no result for, with the error that names them."""
        rest = [item for item in chunk if item.key not in answered]
        if not rest:
            return
        named = [(err, named_ids(err)) for err in answer.errors]
        anonymous = [err for err, ids in named if not ids]
        for item in rest:
            error = next((err for err, ids in named if ids and self.matches(item, ids)), None)
            if error is None and len(anonymous) == 1:
                error = anonymous[0]
            if error is None:
                error = BatchItemError(
                    "MISSING_RESULT",
                    "HubSpot's answer had neither a result nor an error for this input",
                )
            self.fail(item, error)


def pair_key(given: Any, index: int, argument: str) -> tuple[str, str]:
    """A (from_id, to_id) pair, checked."""
    if isinstance(given, (str, bytes)) or not isinstance(given, (tuple, list)) or len(given) != 2:
        raise ValueError(f"{argument}[{index}] must be a (from_id, to_id) pair, got {given!r}")
    return (
        check.record_id(given[0], f"{argument}[{index}] from_id"),
        check.record_id(given[1], f"{argument}[{index}] to_id"),
    )


def total_of(inputs: Iterable[Any]) -> int | None:
    """The number of inputs when the iterable knows it cheaply (a list), else None."""
    try:
        return len(inputs)  # type: ignore[arg-type]
    except TypeError:
        return None
