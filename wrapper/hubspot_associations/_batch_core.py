"""Any-size batches, the I/O-free part: checking inputs, chunking, and settling answers.

A job streams the caller's iterable (never materialised), checks and de-duplicates each input,
cuts requests of the endpoint's size, and settles each answer into the report so that every
distinct input lands exactly once in ``succeeded`` or ``failed``. The sync and async drivers in
``_batch_drivers`` only decide how chunks are sent concurrently.
"""

from __future__ import annotations

import abc
import dataclasses
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from typing import Any, Generic, TypeVar

from . import _journal as journaling
from . import _validation as check
from . import errors
from ._call import Call
from ._error_bodies import error_details
from ._generated import opt
from .types import BatchItemError, BatchReport, Failed, Succeeded

InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")

ProgressCallback = Callable[[int, "int | None"], None]

COMPLETE = "COMPLETE"


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
    status: str = COMPLETE

    @property
    def complete(self) -> bool:
        """Whether HubSpot says it finished the batch (PENDING, PROCESSING, CANCELED: not)."""
        return self.status == COMPLETE


def item_error(model: Any) -> BatchItemError:
    """Our BatchItemError from a generated StandardError."""
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


# -- which inputs an item error is about ----------------------------------------------------

# The context keys (compared lower-case) that name records, by the side of the input they name.
# HubSpot names one side (``{"toObjectId": ["999999"]}`` for a missing to-record), both, or gives
# an ``ids`` list whose side it does not say.
_FROM_KEYS = frozenset({"fromobjectid", "fromobjectids", "fromid", "fromids", "from"})
_TO_KEYS = frozenset({"toobjectid", "toobjectids", "toid", "toids", "to"})
_EITHER_KEYS = frozenset({"ids", "id", "objectid", "objectids", "recordid", "recordids"})

EXACT = 2  # an error names this input exactly (both sides, or the input's own id)
PARTIAL = 1  # an error names one side of this input (it may be about several inputs)


@dataclasses.dataclass(frozen=True, slots=True)
class Named:
    """What an item error names: record ids by side when its context says which, ids whose side
    it does not say, and every numeric value of its context (a type id, for limits)."""

    from_ids: frozenset[str]
    to_ids: frozenset[str]
    either: frozenset[str]
    values: frozenset[str]

    @property
    def anything(self) -> bool:
        """Whether the error names anything at all."""
        return bool(self.values or self.either)


def named(error: BatchItemError) -> Named:
    """The records (and numbers) an item error names in its context or id."""
    sides: dict[frozenset[str], set[str]] = {
        _FROM_KEYS: set(),
        _TO_KEYS: set(),
        _EITHER_KEYS: set(),
    }
    values: set[str] = set()
    for key, raw in error.context.items():
        ids = {v for v in raw if v.isdigit()}
        values |= ids
        for keys, found in sides.items():
            if key.lower() in keys:
                found |= ids
    either = sides[_EITHER_KEYS]
    if error.id and error.id.isdigit():
        either.add(error.id)
    return Named(
        frozenset(sides[_FROM_KEYS]),
        frozenset(sides[_TO_KEYS]),
        frozenset(either),
        frozenset(values),
    )


class ErrorIndex:
    """The item errors of one answer, found by the ids they name (a chunk of 1,000 inputs with
    1,000 errors is settled in linear time, not by comparing every input with every error)."""

    def __init__(self, item_errors: list[BatchItemError]) -> None:
        self.errors = item_errors
        self.names = [named(err) for err in item_errors]
        self._by_id: dict[str, list[int]] = {}
        for index, names in enumerate(self.names):
            for value in names.values | names.either:
                self._by_id.setdefault(value, []).append(index)

    def naming(self, ids: Iterable[str]) -> list[int]:
        """The indexes, in answer order, of the errors that name any of ``ids``."""
        return sorted({index for value in ids for index in self._by_id.get(value, ())})


def match_pair(key: tuple[str, str], names: Named) -> int:
    """How closely an item error's names match the input ``(from_id, to_id)`` (0: not at all)."""
    from_id, to_id = key
    if names.from_ids and names.to_ids:
        return EXACT if from_id in names.from_ids and to_id in names.to_ids else 0
    if names.from_ids:
        return PARTIAL if from_id in names.from_ids else 0
    if names.to_ids:
        return PARTIAL if to_id in names.to_ids else 0
    if from_id in names.either and to_id in names.either:
        return EXACT
    return PARTIAL if from_id in names.either or to_id in names.either else 0


def incomplete_error(status: str) -> BatchItemError:
    """For an input HubSpot said nothing about in a batch it did not complete."""
    return BatchItemError(
        f"BATCH_{status}",
        f"HubSpot answered the batch with status {status}, not COMPLETE, and named no result "
        "or error for this input: it did not confirm the work was done",
        context={"status": [status]},
    )


def unmatched_error(leftover: list[BatchItemError]) -> BatchItemError:
    """For an input with no result when HubSpot's errors could not be told apart among inputs."""
    shown = "; ".join(err.message for err in leftover[:3])
    more = f" (and {len(leftover) - 3} more)" if len(leftover) > 3 else ""
    return BatchItemError(
        "UNMATCHED_ERROR",
        f"HubSpot gave no result for this input and {len(leftover)} errors that could not be "
        f"tied to one input: {shown}{more}",
    )


# -- when a job stops --------------------------------------------------------------------------

# Errors after which no further request of this batch can succeed: stop sending, report the rest.
_FATAL = (errors.DailyLimitError, errors.AuthenticationError, errors.PermissionDeniedError)
_UNKNOWN_OBJECT_TYPE = "unable to infer object type"


def stops_the_job(exc: errors.HubSpotError) -> bool:
    """Whether no later request of the same job can escape ``exc``: then the job stops sending
    and reports every input not yet answered as failed with it.

    Besides the account-wide errors (daily limit, authentication, missing scopes), that is a
    request refused for its object types: every request of a job names the same two types. An
    ordinary 400 (a bad input, a validation error) is about one request only and is not fatal.
    """
    if isinstance(exc, _FATAL):
        return True
    return isinstance(exc, errors.ValidationError) and _UNKNOWN_OBJECT_TYPE in exc.message.lower()


def _unreachable(job: Job[Any, Any], exc: errors.HubSpotError) -> bool:
    """A connection failure or a timeout (its retries spent) before any request of the job got
    an answer: the base URL or the network is wrong, and every other request would fail the same
    way after its own retries (about 20 minutes for 50,000 pairs), so the job stops like after a
    fatal error. Once HubSpot has answered, such a failure is a passing fault: the job goes on."""
    return isinstance(exc, errors.APIConnectionError) and not job.answered


class Job(abc.ABC, Generic[InputT, ResultT]):
    """One batch operation's rules. Subclasses say how to check, send and settle inputs."""

    chunk_size: int
    argument = "inputs"  # the caller's name for the inputs, in error messages

    # The most inputs one request of this endpoint takes; None: no documented maximum.
    max_chunk: int | None = None

    def __init__(self, chunk_size: object) -> None:
        self.chunk_size = check.positive_int(chunk_size, "chunk_size", maximum=self.max_chunk)
        self.report: BatchReport[InputT, ResultT] = BatchReport()
        self._seen: set[Hashable] = set()
        self.done = 0
        self.fatal: errors.HubSpotError | None = None
        self.answered = False
        """Whether some request of this job got an HTTP answer (any status)."""
        self.journal: journaling.Journal | None = None
        """With a journal, de-duplication and outcomes live in its file, not in memory."""

    def identity(self) -> dict[str, Any]:
        """What makes two runs the same job (a journal refuses another job's)."""
        return {"operation": type(self).__name__}

    def key_text(self, key: Any) -> str:
        """An input's canonical key as the journal stores it."""
        return repr(key)

    def _text(self, item: Item[InputT]) -> str:
        if item.key is None:
            return "INVALID_INPUT " + repr(item.given)
        return self.key_text(item.key)

    def use_journal(self, path: object) -> None:
        """Keep this job's outcomes in the journal at ``path`` (JournalError if it cannot)."""
        self.journal = journaling.Journal(path)

    def checkpoint(self) -> None:
        """After an answered chunk: what HubSpot confirmed is made durable."""
        if self.journal is not None:
            self.journal.commit()

    def close(self) -> None:
        """The job is over (done, failed or interrupted): keep what was confirmed."""
        if self.journal is not None:
            self.journal.close()

    def final_report(self) -> BatchReport[InputT, ResultT]:
        """The report; a journaled job's reads its outcomes, earlier runs' too, from the file."""
        journal = self.journal
        if journal is None:
            return self.report
        self.close()
        succeeded: Any = journaling.JournalOutcomes(journal.path, ok=True)
        failed: Any = journaling.JournalOutcomes(journal.path, ok=False)
        return BatchReport(succeeded, failed)

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
        if self.journal is not None:
            yield from self._journaled_chunks(self.journal, inputs)
            return
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

    def _journaled_chunks(
        self, journal: journaling.Journal, inputs: Iterable[Any]
    ) -> Iterator[list[Item[InputT]]]:
        """As :meth:`chunks`, the journal telling repeats and inputs confirmed by earlier runs.
        The job's identity is checked once its first chunk's worth of inputs is read, before
        anything is sent; a mismatch rolls back what was read and raises JournalError."""
        head: list[str] = []
        chunk: list[Item[InputT]] = []
        for index, given in enumerate(inputs):
            try:
                key = self.check(given, index)
            except ValueError as exc:
                item: Item[InputT] = Item(given, None)
                if journal.admit(self._text(item), given) == journaling.NEW:
                    self.fail(item, BatchItemError("INVALID_INPUT", str(exc)))
                else:
                    self.done += 1
                continue
            text = self.key_text(key)
            if not journal.started:
                head.append(text)
                if len(head) >= self.chunk_size:
                    self._start(journal, head)
            if journal.admit(text, given) == journaling.SKIP:
                self.done += 1  # a repeat, or confirmed by an earlier run
                continue
            chunk.append(Item(given, key))
            if len(chunk) >= self.chunk_size:
                yield chunk
                chunk = []
        if not journal.started:
            self._start(journal, head)
        if chunk:
            yield chunk

    def _start(self, journal: journaling.Journal, head: list[str]) -> None:
        journal.start({**self.identity(), "inputs": journaling.fingerprint(head)})

    def succeed(self, item: Item[InputT], result: ResultT) -> None:
        if self.journal is not None:
            self.journal.record(self._text(item), journaling.SUCCEEDED, result)
        else:
            self.report.succeeded.append(Succeeded(item.given, result))
        self.done += 1

    def fail(self, item: Item[InputT], error: BatchItemError, final: bool = True) -> None:
        """``item`` failed; not ``final`` (its request failed, the job stopped before it): a
        journaled job sends it again when resumed."""
        if self.journal is not None:
            outcome = journaling.FAILED if final else journaling.RETRY
            self.journal.record(self._text(item), outcome, error)
        else:
            self.report.failed.append(Failed(item.given, error))
        self.done += 1

    def fail_all(self, chunk: list[Item[InputT]], exc: errors.HubSpotError) -> None:
        """A request failed for good: its inputs fail; after a fatal error nothing more is sent."""
        error = error_from_exception(exc)
        for item in chunk:
            self.fail(item, error, final=False)
        if self.fatal is None and (stops_the_job(exc) or _unreachable(self, exc)):
            self.fatal = exc

    def match(self, item: Item[InputT], names: Named) -> int:
        """How closely an item error naming ``names`` is about ``item``: EXACT, PARTIAL or 0."""
        return 0

    def ids_of(self, item: Item[InputT]) -> tuple[str, ...]:
        """The ids an error about ``item`` would name (to find candidate errors quickly)."""
        return ()

    def about(self, item: Item[InputT], index: ErrorIndex) -> list[tuple[int, int]]:
        """``(error index, score)`` of each error about ``item``, in answer order."""
        found = []
        for position in index.naming(self.ids_of(item)):
            score = self.match(item, index.names[position])
            if score:
                found.append((position, score))
        return found

    def settle_unanswered(
        self, chunk: list[Item[InputT]], answered: set[Any], answer: ChunkAnswer
    ) -> None:
        """Fail the inputs HubSpot gave no result for, each with the error about it.

        Each input gets the error that names it most closely (an error naming one side goes to
        every input on that side). Of the rest, a lone input gets a lone error nobody claimed,
        and an error naming nothing goes to them all. ``MISSING_RESULT`` is for an input HubSpot
        said nothing about in a completed batch.
        """
        rest = [item for item in chunk if item.key not in answered]
        if not rest:
            return
        index = ErrorIndex(answer.errors)
        claimed: set[int] = set()
        unresolved: list[Item[InputT]] = []
        for item in rest:
            best, best_score = -1, 0
            for position, score in self.about(item, index):
                if score > best_score:
                    best, best_score = position, score
            if best < 0:
                unresolved.append(item)
            else:
                claimed.add(best)
                self.fail(item, index.errors[best])
        if not unresolved:
            return
        leftover = [i for i in range(len(index.errors)) if i not in claimed]
        if len(leftover) == 1 and (len(unresolved) == 1 or not index.names[leftover[0]].anything):
            error = index.errors[leftover[0]]
        elif leftover:
            error = unmatched_error([index.errors[i] for i in leftover])
        elif not answer.complete:
            error = incomplete_error(answer.status)
        else:
            error = BatchItemError(
                "MISSING_RESULT",
                "HubSpot's answer had neither a result nor an error for this input",
            )
        for item in unresolved:
            self.fail(item, error)


def pair_key(given: Any, index: int, argument: str) -> tuple[str, str]:
    """A (from_id, to_id) pair, checked."""
    if isinstance(given, (str, bytes)) or not isinstance(given, (tuple, list)) or len(given) != 2:
        raise ValueError(f"{argument}[{index}] must be a (from_id, to_id) pair, got {given!r}")
    return (
        check.record_id(given[0], f"{argument}[{index}] from_id"),
        check.record_id(given[1], f"{argument}[{index}] to_id"),
    )


def check_inputs(inputs: object, argument: str) -> None:
    """Refuse, before any request, what would be iterated into nonsense inputs.

    A ``str`` or ``bytes`` would be sent character by character, a mapping key by key (its
    values dropped): both are mistakes, not batches.
    """
    if isinstance(inputs, (str, bytes, bytearray, memoryview)):
        raise ValueError(
            f"{argument} must be an iterable of inputs (a list, a generator), not a single "
            f"{type(inputs).__name__}: got {inputs!r:.80}"
        )
    if isinstance(inputs, Mapping):
        raise ValueError(
            f"{argument} must be an iterable of inputs, not a mapping: pass {argument}.items() "
            f"or {argument}.keys() to say which"
        )
    if not isinstance(inputs, Iterable):
        raise ValueError(
            f"{argument} must be an iterable of inputs (a list, a generator), "
            f"got {type(inputs).__name__} {inputs!r:.80}"
        )


def total_of(inputs: Iterable[Any]) -> int | None:
    """The number of inputs when the iterable knows it cheaply (a list), else None."""
    try:
        return len(inputs)  # type: ignore[arg-type]
    except TypeError:
        return None
