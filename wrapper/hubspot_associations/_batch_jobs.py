"""The batch operations' rules: how each checks, sends and settles its inputs."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import httpx

from . import _generated as generated
from . import _hubspot as hubspot
from . import _operations as ops
from . import _validation as check
from ._batch_core import (
    EXACT,
    ChunkAnswer,
    ErrorIndex,
    Item,
    Job,
    Named,
    item_error,
    match_pair,
    named,
    pair_key,
)
from ._call import Call
from ._generated import Door
from .types import (
    AssociatedRecord,
    Association,
    AssociationSpec,
    BatchItemError,
    LabelsBetweenRecords,
)

Pair = tuple[Any, Any]
InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")


def _answer(
    door: Door, operation: str, convert_result: Callable[[Any], Any]
) -> Callable[[httpx.Response], ChunkAnswer]:
    def read(body: Any) -> ChunkAnswer:
        value, results = door.read_results(operation, body, convert_result)
        errors = [item_error(e) for e in generated.opt(value.errors) or ()]
        return ChunkAnswer(results, errors, str(value.status))

    return ops.reading(read)


def _batch_call(
    operation: str, job: _TypePairJob[Any, Any], body: Any, convert_result: Callable[[Any], Any]
) -> Call[ChunkAnswer]:
    """A batch request between the job's object types, answered as a ChunkAnswer."""
    return ops.call(
        job.door,
        operation,
        _answer(job.door, operation, convert_result),
        from_object_type=job.from_type,
        to_object_type=job.to_type,
        body=body,
    )


def _refs(door: Door, from_id: str, to_id: str) -> dict[str, Any]:
    ref = door.model("ObjectRefInput")
    return {"from_": ref(id=from_id), "to": ref(id=to_id)}


def _same(result: Any) -> Any:
    return result


class _TypePairJob(Job[InputT, ResultT]):
    """Jobs between two object types (every batch endpoint's path names both)."""

    def __init__(self, door: Door, from_type: object, to_type: object, chunk_size: object) -> None:
        super().__init__(chunk_size)
        self.door = door
        self.from_type = check.object_type(from_type, "from_type")
        self.to_type = check.object_type(to_type, "to_type")

    def identity(self) -> dict[str, Any]:
        return {**super().identity(), "from_type": self.from_type, "to_type": self.to_type}


class _PairJob(_TypePairJob[Pair, Any]):
    """Jobs whose inputs are (from_id, to_id) pairs."""

    argument = "pairs"

    def check(self, given: Any, index: int) -> Hashable:
        return pair_key(given, index, "pairs")

    def match(self, item: Item[Any], names: Named) -> int:
        return match_pair(item.key, names)

    def ids_of(self, item: Item[Any]) -> tuple[str, ...]:
        from_id, to_id = item.key
        return (from_id, to_id)


class AssociateDefaultJob(_PairJob):
    """``batch.associate_default``: pairs linked with their default type."""

    def build(self, chunk: list[Item[Pair]]) -> Call[ChunkAnswer]:
        each = self.door.model("DefaultAssociationInput")
        body = self.door.model("BatchInputDefaultAssociation")(
            inputs=[each(**_refs(self.door, *item.key)) for item in chunk]
        )
        return _batch_call("batch_associate_default", self, body, ops.default_association)

    def settle(self, chunk: list[Item[Pair]], answer: ChunkAnswer) -> list[Item[Pair]]:
        by_pair: dict[tuple[str, str], list[Association]] = {}
        for association in answer.results:
            a, b = association.from_object_id, association.to_object_id
            # HubSpot lists both directions; file the inverse under the pair it belongs to
            # (once: for a pair such as contact 1 and company 1, both directions are (1, 1)).
            by_pair.setdefault((a, b), []).append(association)
            if a != b:
                by_pair.setdefault((b, a), []).append(association)
        keys = {item.key for item in chunk}
        forward: set[int] | None = None
        answered = set()
        for item in chunk:
            found = by_pair.get(item.key)
            a, b = item.key
            if found and a != b and (b, a) in keys:
                # (a, b) and (b, a) are both inputs: the inverse of one looks like the other, so
                # only an association from a to b of the forward type proves this one.
                if forward is None:
                    forward = _forward_types(keys, answer.results)
                found = _own_results(item.key, answer.results, forward, answer.errors)
            if found:
                answered.add(item.key)
                self.succeed(item, found)
        self.settle_unanswered(chunk, answered, answer)
        return []


def _forward_types(keys: set[tuple[str, str]], results: list[Association]) -> set[int]:
    """The type ids of the from-to direction, learnt from results that only one input explains."""
    return {
        r.type_id
        for r in results
        if (r.from_object_id, r.to_object_id) in keys
        and (r.to_object_id, r.from_object_id) not in keys
    }


def _own_results(
    key: tuple[str, str],
    results: list[Association],
    forward: set[int],
    errors: list[BatchItemError],
) -> list[Association]:
    """The results of input ``key`` when its mirror ``(b, a)`` is an input of the same chunk."""
    a, b = key
    direct = [r for r in results if (r.from_object_id, r.to_object_id) == (a, b)]
    inverse = [r for r in results if (r.from_object_id, r.to_object_id) == (b, a)]
    if forward:
        mine = [r for r in direct if r.type_id in forward]
        return mine + [r for r in inverse if r.type_id not in forward] if mine else []
    # Nothing to learn the direction from: both inputs succeeded when the pair appears twice
    # (once per input); else the one an error is about (and not about this one) failed; else
    # neither is claimed.
    if len(direct) >= 2 or (direct and any(_about_mirror_only(e, key) for e in errors)):
        return direct[:1] + inverse[:1]
    return []


def _about_mirror_only(error: BatchItemError, key: tuple[str, str]) -> bool:
    """Whether an item error is about the input ``(b, a)`` rather than ``key`` = ``(a, b)``:
    ``{"fromObjectId": ["b"]}`` is, ``{"ids": ["a", "b"]}`` is not (it fits both)."""
    names = named(error)
    return match_pair((key[1], key[0]), names) > match_pair(key, names)


class _LabeledJob(_PairJob):
    def __init__(
        self, door: Door, from_type: object, to_type: object, types: object, chunk_size: object
    ) -> None:
        super().__init__(door, from_type, to_type, chunk_size)
        self.types: list[AssociationSpec] = check.association_specs(types, "types")

    def identity(self) -> dict[str, Any]:
        types = sorted(
            f"{getattr(s.category, 'value', s.category)}/{s.type_id}" for s in self.types
        )
        return {**super().identity(), "types": types}

    def body(self, chunk: list[Item[Pair]]) -> Any:
        each = self.door.model("LabeledAssociationInput")
        specs = ops.spec_models(self.door, self.types)
        return self.door.model("BatchInputLabeledAssociation")(
            inputs=[each(**_refs(self.door, *item.key), types=specs) for item in chunk]
        )


class AssociateLabeledJob(_LabeledJob):
    """``batch.associate``: pairs linked with the given types (labels)."""

    def build(self, chunk: list[Item[Pair]]) -> Call[ChunkAnswer]:
        return _batch_call("batch_create", self, self.body(chunk), ops.labels_between)

    def settle(self, chunk: list[Item[Pair]], answer: ChunkAnswer) -> list[Item[Pair]]:
        by_pair: dict[tuple[str, str], LabelsBetweenRecords] = {
            (r.from_object_id, r.to_object_id): r for r in answer.results
        }
        answered = set()
        for item in chunk:
            found = by_pair.get(item.key)
            if found is not None:
                answered.add(item.key)
                self.succeed(item, found)
        self.settle_unanswered(chunk, answered, answer)
        return []


def settle_removal(job: Job[Any, Any], chunk: list[Item[Any]], answer: ChunkAnswer) -> None:
    """Removals answer without per-input results: an input succeeded when HubSpot completed the
    batch and no error is about it. Nothing can be said to have succeeded when the batch did not
    complete, or when an error is about no input of the request (it names none, or none we
    sent): then every input fails, each with the error about it where one is."""
    index = ErrorIndex(answer.errors)
    about = {item.key: job.about(item, index) for item in chunk}
    placed = {position for found in about.values() for position, _ in found}
    if answer.complete and len(placed) == len(index.errors):
        clean = {key for key, found in about.items() if not found}
    else:
        clean = set()
    for item in chunk:
        if item.key in clean:
            job.succeed(item, None)
    job.settle_unanswered(chunk, clean, answer)


class RemoveJob(_PairJob):
    """``batch.remove``: every association between each pair removed."""

    def settle(self, chunk: list[Item[Pair]], answer: ChunkAnswer) -> list[Item[Pair]]:
        settle_removal(self, chunk, answer)
        return []

    def build(self, chunk: list[Item[Pair]]) -> Call[ChunkAnswer]:
        ref, each = self.door.model("ObjectRefInput"), self.door.model("ArchiveInput")
        targets: dict[str, list[Any]] = {}
        for item in chunk:
            targets.setdefault(item.key[0], []).append(ref(id=item.key[1]))
        body = self.door.model("BatchInputArchive")(
            inputs=[each(from_=ref(id=f), to=to) for f, to in targets.items()]
        )
        return _batch_call("batch_archive", self, body, _same)


class RemoveLabelsJob(_LabeledJob):
    """``batch.remove_labels``: only the given types removed from each pair."""

    def build(self, chunk: list[Item[Pair]]) -> Call[ChunkAnswer]:
        return _batch_call("batch_archive_labels", self, self.body(chunk), _same)

    def settle(self, chunk: list[Item[Pair]], answer: ChunkAnswer) -> list[Item[Pair]]:
        settle_removal(self, chunk, answer)
        return []


class ReadJob(_TypePairJob[Any, list[AssociatedRecord]]):
    """``batch.read``: each record's associations, following its own cursor to the end.

    A record with no associations is a success with an empty list (HubSpot reports it as an
    error, NO_ASSOCIATIONS_FOUND).
    """

    max_chunk = hubspot.READ_CHUNK
    argument = "ids"

    def __init__(self, door: Door, from_type: object, to_type: object, chunk_size: object) -> None:
        super().__init__(door, from_type, to_type, chunk_size)
        self._partial: dict[str, list[AssociatedRecord]] = {}
        self._after: dict[str, str] = {}

    def check(self, given: Any, index: int) -> Hashable:
        return check.record_id(given, f"ids[{index}]")

    def build(self, chunk: list[Item[Any]]) -> Call[ChunkAnswer]:
        each, unset = self.door.model("ReadAssociationsInput"), self.door.unset()
        body = self.door.model("BatchInputReadAssociations")(
            inputs=[each(id=item.key, after=self._after.get(item.key, unset)) for item in chunk]
        )

        def convert(record: Any) -> tuple[str, list[AssociatedRecord], str | None]:
            paging = generated.opt(record.paging)
            nxt = None if paging is None else generated.opt(paging.next_)
            return (
                ops.record_id(record.from_.id),
                [ops.associated_record(r) for r in record.to],
                str(nxt.after) if nxt is not None else None,
            )

        return _batch_call("batch_read", self, body, convert)

    def settle(self, chunk: list[Item[Any]], answer: ChunkAnswer) -> list[Item[Any]]:
        again: list[Item[Any]] = []
        answered: set[Any] = set()
        by_id = {record_id: (records, after) for record_id, records, after in answer.results}
        for item in chunk:
            if item.key not in by_id:
                continue
            records, after = by_id[item.key]
            answered.add(item.key)
            self._partial.setdefault(item.key, []).extend(records)
            if after is not None and after != self._after.get(item.key):
                self._after[item.key] = after
                again.append(item)
            else:
                self._after.pop(item.key, None)
                self.succeed(item, self._partial.pop(item.key))
        empty: set[str] = set()  # the records HubSpot says have no associations
        others: list[BatchItemError] = []
        for err in answer.errors:
            if err.sub_category == hubspot.NO_ASSOCIATIONS_FOUND:
                names = named(err)
                empty |= names.values | names.either
            else:
                others.append(err)
        if empty:
            for item in chunk:
                if item.key not in answered and item.key in empty:
                    answered.add(item.key)
                    self._after.pop(item.key, None)
                    self.succeed(item, self._partial.pop(item.key, []))
        rest = ChunkAnswer([], others, answer.status)
        self.settle_unanswered(chunk, answered, rest)
        for item in chunk:
            if item.key not in answered:
                self._partial.pop(item.key, None)
                self._after.pop(item.key, None)
        return again

    def match(self, item: Item[Any], names: Named) -> int:
        # A read's input is a from-record: an error names it as such, or without a side.
        return EXACT if item.key in names.from_ids or item.key in names.either else 0

    def ids_of(self, item: Item[Any]) -> tuple[str, ...]:
        return (item.key,)


class _LimitJob(_TypePairJob[Any, Any]):
    def __init__(self, door: Door, from_type: object, to_type: object) -> None:
        super().__init__(door, from_type, to_type, hubspot.WRITE_CHUNK)

    def match(self, item: Item[Any], names: Named) -> int:
        return EXACT if str(item.key[1]) in names.values else 0

    def ids_of(self, item: Item[Any]) -> tuple[str, ...]:
        return (str(item.key[1]),)


def _limit_spec(given: Any, index: int) -> AssociationSpec:
    return check.association_specs([given], f"limits[{index}] type")[0]


class SetLimitsJob(_LimitJob):
    """``limits.create`` / ``limits.update``: (type, max_to_object_ids) pairs."""

    argument = "limits"

    def __init__(self, door: Door, from_type: object, to_type: object, update: bool) -> None:
        super().__init__(door, from_type, to_type)
        self.update = update

    def check(self, given: Any, index: int) -> Hashable:
        if not isinstance(given, tuple) or len(given) != 2:
            raise ValueError(f"limits[{index}] must be a (type, max_to_object_ids) pair")
        spec = _limit_spec(given[0], index)
        maximum = check.positive_int(given[1], f"limits[{index}] max_to_object_ids")
        return (str(spec.category), spec.type_id, maximum)

    def build(self, chunk: list[Item[Any]]) -> Call[ChunkAnswer]:
        category, each = self.door.model("AssociationCategory"), self.door.model("LimitConfigInput")
        body = self.door.model("BatchInputLimitConfig")(
            inputs=[
                each(category=category(c), type_id=type_id, max_to_object_ids=maximum)
                for c, type_id, maximum in (item.key for item in chunk)
            ]
        )
        operation = "update_limits" if self.update else "create_limits"
        return _batch_call(operation, self, body, ops.limit_config)

    def settle(self, chunk: list[Item[Any]], answer: ChunkAnswer) -> list[Item[Any]]:
        by_type = {r.type_id: r for r in answer.results}
        answered = set()
        for item in chunk:
            if item.key[1] in by_type:
                answered.add(item.key)
                self.succeed(item, by_type[item.key[1]])
        self.settle_unanswered(chunk, answered, answer)
        return []


class PurgeLimitsJob(_LimitJob):
    """``limits.purge``: remove the limits of the given types."""

    argument = "types"

    def check(self, given: Any, index: int) -> Hashable:
        spec = _limit_spec(given, index)
        return (str(spec.category), spec.type_id)

    def build(self, chunk: list[Item[Any]]) -> Call[ChunkAnswer]:
        category, each = self.door.model("AssociationCategory"), self.door.model("LimitKey")
        body = self.door.model("BatchInputLimitKey")(
            inputs=[
                each(category=category(c), type_id=type_id) for c, type_id in (i.key for i in chunk)
            ]
        )
        return _batch_call("purge_limits", self, body, _same)

    def settle(self, chunk: list[Item[Any]], answer: ChunkAnswer) -> list[Item[Any]]:
        settle_removal(self, chunk, answer)
        return []


__all__ = [
    "AssociateDefaultJob",
    "AssociateLabeledJob",
    "PurgeLimitsJob",
    "ReadJob",
    "RemoveJob",
    "RemoveLabelsJob",
    "SetLimitsJob",
]
