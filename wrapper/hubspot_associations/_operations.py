"""The 19 operations as Calls: requests built and answers read by the generated client.

Each builder takes the :class:`~._generated.Door` of the client's API version, checks its
arguments (a ValueError naming the argument, before any request) and imports its generated
module on first use, so a program that makes one kind of call loads only
that operation's code.
Paths come from the generated ``_get_kwargs``, which is where the API version lives.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import httpx

from . import _generated as generated
from . import _hubspot as hubspot
from . import _validation as check
from . import errors
from ._call import Call, from_kwargs
from ._generated import Door
from ._values import blank, slot_setters
from .types import (
    AssociatedRecord,
    Association,
    AssociationCategory,
    AssociationSpec,
    HighUsageReport,
    LabelsBetweenRecords,
    LimitConfig,
)

T = TypeVar("T")
M = TypeVar("M")

# OverflowError and OSError: datetime.fromtimestamp on an out-of-range epoch from the wire.
_PARSE_ERRORS = (KeyError, TypeError, ValueError, AttributeError, OverflowError, OSError)


def invalid_response(response: httpx.Response, why: str) -> errors.InvalidResponseError:
    return errors.InvalidResponseError(
        response.status_code,
        f"unexpected response body: {why}",
        correlation_id=response.headers.get(hubspot.CORRELATION_ID),
        headers=response.headers,
    )


def parsed(
    door: Door, operation: str, convert: Callable[[Any], T]
) -> Callable[[httpx.Response], T]:
    """A parser: the generated model of ``operation`` (in ``door``'s version) reads the body,
    ``convert`` makes our type.

    Any success status is read the same way (HubSpot has moved 201 to 200 before, and answers
    200 or 207 for the same batch): the body is the operation's result either way.
    """

    return reading(lambda body: convert(door.read(operation, body)))


def reading(read: Callable[[Any], T]) -> Callable[[httpx.Response], T]:
    """A parser: ``read`` gets the decoded JSON body; a body it cannot read (the wrong shape,
    or no JSON) raises InvalidResponseError."""

    def parse(response: httpx.Response) -> T:
        try:
            return read(response.json())
        except _PARSE_ERRORS as exc:
            raise invalid_response(response, f"{type(exc).__name__}: {exc}") from None

    return parse


def call(
    door: Door, operation: str, parse: Callable[[httpx.Response], T], **arguments: Any
) -> Call[T]:
    """The request of ``operation`` built by ``door``'s generated client from named
    ``arguments``."""
    return from_kwargs(operation, door.request(operation, **arguments), parse)


def no_content(response: httpx.Response) -> None:
    return None


# -- conversions from generated models ------------------------------------------------------


def record_id(value: object) -> str:
    """One id type for users, whatever HubSpot sent: "123", 123, or 123.0."""
    kind = type(value)
    if kind is int:  # the common cases first (HubSpot sends numbers): this runs per record
        return str(value)
    if kind is str and value:
        return value  # type: ignore[return-value]
    if isinstance(value, bool):
        raise TypeError(f"record id is a boolean: {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value:
        return value
    raise TypeError(f"record id is not a string or integer: {value!r}")


_opt = generated.opt

# Each conversion below gets a model made for it alone and dropped after it: the model's dict of
# unknown fields (a fresh one, from its from_dict) becomes the value's ``extra``, not copied.


def _spec(category: Any, type_id: Any, label: Any) -> AssociationSpec:
    return AssociationSpec(
        category=AssociationCategory.parse(category), type_id=int(type_id), label=_opt(label)
    )


# Association types repeat across a listing's records (most share one or two): each distinct
# (category, type id, label) is converted once and the frozen spec shared, with the one-type
# tuple most records hold. Bounded: past the bound, specs are made as before.
_SPECS: dict[tuple[Any, Any, Any], tuple[AssociationSpec]] = {}
_SPECS_MAX = 4096


def _one_spec(model: Any) -> tuple[AssociationSpec]:
    """``(spec,)`` of one generated association type, shared by every record holding it."""
    key = (model.category, model.type_id, model.label)
    try:
        one = _SPECS.get(key)
    except TypeError:  # an unhashable value (a malformed answer): converted as before
        return (_spec(*key),)
    if one is None:
        one = (_spec(*key),)
        if len(_SPECS) < _SPECS_MAX:
            _SPECS[key] = one
    return one


def spec_with_label(model: Any) -> AssociationSpec:
    return _one_spec(model)[0]


_RECORD_FIELDS = slot_setters(AssociatedRecord, "to_object_id", "types", "extra")


def associated_record(model: Any) -> AssociatedRecord:
    """An AssociatedRecord, made as its constructor would (every field set, nothing else).

    It runs for every record a listing or batch read gives, so a record linked by one
    association type (most are) takes a shared one-type tuple.
    """
    set_id, set_types, set_extra = _RECORD_FIELDS
    record: AssociatedRecord = blank(AssociatedRecord)
    set_id(record, record_id(model.to_object_id))
    types = model.association_types
    set_types(
        record,
        _one_spec(types[0]) if len(types) == 1 else tuple([_one_spec(t)[0] for t in types]),
    )
    set_extra(record, model.additional_properties)
    return record


_ASSOCIATION_FIELDS = slot_setters(
    Association, "from_object_id", "to_object_id", "category", "type_id", "extra"
)


def default_association(model: Any) -> Association:
    """An Association, made as its constructor would (every field set, nothing else): one
    per seed call and per input of a batch, so without the constructor's frame."""
    set_from, set_to, set_category, set_type_id, set_extra = _ASSOCIATION_FIELDS
    spec = model.association_spec
    association: Association = blank(Association)
    set_from(association, record_id(model.from_.id))
    set_to(association, record_id(model.to.id))
    set_category(association, AssociationCategory.parse(spec.association_category))
    set_type_id(association, int(spec.association_type_id))
    set_extra(association, model.additional_properties)
    return association


def default_associations(model: Any) -> list[Association]:
    return [default_association(r) for r in model.results]


def labels_between(model: Any) -> LabelsBetweenRecords:
    return LabelsBetweenRecords(
        from_object_type_id=record_id(model.from_object_type_id),
        from_object_id=record_id(model.from_object_id),
        to_object_type_id=record_id(model.to_object_type_id),
        to_object_id=record_id(model.to_object_id),
        labels=tuple(str(label) for label in model.labels),
        extra=model.additional_properties,
    )


def limit_config(model: Any) -> LimitConfig:
    return LimitConfig(
        category=AssociationCategory.parse(model.category),
        type_id=int(model.type_id),
        label=_opt(model.label),
        max_to_object_ids=_opt(model.max_to_object_ids),
        user_enforced_max_to_object_ids=_opt(model.user_enforced_max_to_object_ids),
        extra=model.additional_properties,
    )


# -- record operations ----------------------------------------------------------------------


def _type_pair(from_type: object, to_type: object) -> tuple[str, str]:
    return check.object_type(from_type, "from_type"), check.object_type(to_type, "to_type")


def _record_pair(
    from_type: object, from_id: object, to_type: object, to_id: object
) -> tuple[str, str, str, str]:
    return (
        check.object_type(from_type, "from_type"),
        check.record_id(from_id, "from_id"),
        check.object_type(to_type, "to_type"),
        check.record_id(to_id, "to_id"),
    )


def associate_default(
    door: Door, from_type: object, from_id: object, to_type: object, to_id: object
) -> Call[list[Association]]:
    from_type, from_id, to_type, to_id = _record_pair(from_type, from_id, to_type, to_id)
    return call(
        door,
        "associate_default",
        parsed(door, "associate_default", default_associations),
        from_object_type=from_type,
        from_object_id=from_id,
        to_object_type=to_type,
        to_object_id=to_id,
    )


def spec_models(door: Door, types: Sequence[AssociationSpec]) -> list[Any]:
    category, spec = door.model("AssociationCategory"), door.model("AssociationSpec")
    return [
        spec(association_category=category(str(t.category)), association_type_id=t.type_id)
        for t in types
    ]


def associate(
    door: Door, from_type: object, from_id: object, to_type: object, to_id: object, types: object
) -> Call[LabelsBetweenRecords]:
    from_type, from_id, to_type, to_id = _record_pair(from_type, from_id, to_type, to_id)
    specs = check.association_specs(types, "types")
    return call(
        door,
        "associate",
        parsed(door, "associate", labels_between),
        object_type=from_type,
        object_id=from_id,
        to_object_type=to_type,
        to_object_id=to_id,
        body=spec_models(door, specs),
    )


def remove(
    door: Door, from_type: object, from_id: object, to_type: object, to_id: object
) -> Call[None]:
    from_type, from_id, to_type, to_id = _record_pair(from_type, from_id, to_type, to_id)
    return call(
        door,
        "remove_associations",
        no_content,
        object_type=from_type,
        object_id=from_id,
        to_object_type=to_type,
        to_object_id=to_id,
    )


class Pager:
    """The pages of one record's associations; arguments are checked when it is made."""

    def __init__(
        self, door: Door, object_type: object, object_id: object, to_type: object, page_size: object
    ):
        self.door = door
        self.object_type = check.object_type(object_type, "object_type")
        self.object_id = check.record_id(object_id, "object_id")
        self.to_type = check.object_type(to_type, "to_type")
        self.page_size = check.positive_int(page_size, "page_size", maximum=hubspot.LIST_PAGE_MAX)
        self._cursors: set[str] = set()

    def follow(self, cursor: str | None) -> str | None:
        """The next page's cursor, or None at the end; a cursor HubSpot already gave would make
        the listing loop forever, so it ends it with an error instead."""
        if cursor is not None:
            if cursor in self._cursors:
                raise errors.InvalidResponseError(
                    200, f"HubSpot repeated the paging cursor {cursor!r}; stopping the listing"
                )
            self._cursors.add(cursor)
        return cursor

    def page(self, after: str | None) -> Call[tuple[list[AssociatedRecord], str | None]]:
        return list_page(
            self.door, self.object_type, self.object_id, self.to_type, self.page_size, after
        )


def list_page(
    door: Door, object_type: str, object_id: str, to_type: str, limit: int, after: str | None
) -> Call[tuple[list[AssociatedRecord], str | None]]:
    """One page of a record's associations, and the cursor of the next page (None at the end).

    Read as a batch answer is (:meth:`Door.read_results`): each record's generated model is
    converted and dropped before the next is read, where the page model's own ``from_dict``
    keeps all 500 alive until the last is. Alive, they outlive the collections that reading the
    page sets off and pile up in the GC's oldest generation; a 100,000-association listing
    spent about 155 ms in the GC that way, 65 ms this way (raw httpx: 45 ms).
    """

    def read(body: Any) -> tuple[list[AssociatedRecord], str | None]:
        page, records = door.read_results("list_associations", body, associated_record)
        paging = _opt(page.paging)
        nxt = _opt(paging.next_) if paging is not None else None
        return records, (str(nxt.after) if nxt else None)

    return call(
        door,
        "list_associations",
        reading(read),
        object_type=object_type,
        object_id=object_id,
        to_object_type=to_type,
        after=door.unset() if after is None else after,
        limit=limit,
    )


# -- usage ----------------------------------------------------------------------------------


def _epoch_ms(value: int) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(value / 1000, tz=_dt.timezone.utc)


def high_usage_report(door: Door, user_id: object) -> Call[HighUsageReport]:
    user_id = check.positive_int(user_id, "user_id", maximum=2**31 - 1)

    def convert(model: Any) -> HighUsageReport:
        return HighUsageReport(
            user_id=int(model.user_id),
            user_email=str(model.user_email),
            enqueued_at=_epoch_ms(int(model.enqueue_time.value)),
            extra=model.additional_properties,
        )

    return call(
        door, "high_usage_report", parsed(door, "high_usage_report", convert), user_id=user_id
    )


# -- labels ---------------------------------------------------------------------------------


def _label_list(model: Any) -> list[AssociationSpec]:
    return [spec_with_label(r) for r in model.results]


def list_labels(door: Door, from_type: object, to_type: object) -> Call[list[AssociationSpec]]:
    from_type, to_type = _type_pair(from_type, to_type)
    return call(
        door,
        "list_labels",
        parsed(door, "list_labels", _label_list),
        from_object_type=from_type,
        to_object_type=to_type,
    )


def create_label(
    door: Door,
    from_type: object,
    to_type: object,
    name: object,
    label: object,
    inverse_label: object,
) -> Call[list[AssociationSpec]]:
    from_type, to_type = _type_pair(from_type, to_type)
    name = check.non_empty_text(name, "name")
    label = check.non_empty_text(label, "label")
    if inverse_label is not None:
        inverse_label = check.non_empty_text(inverse_label, "inverse_label")
    body = door.model("LabelCreateRequest")(
        name=name,
        label=label,
        inverse_label=door.unset() if inverse_label is None else inverse_label,
    )
    return call(
        door,
        "create_label",
        parsed(door, "create_label", _label_list),
        from_object_type=from_type,
        to_object_type=to_type,
        body=body,
    )


def update_label(
    door: Door,
    from_type: object,
    to_type: object,
    type_id: object,
    label: object,
    inverse_label: object,
) -> Call[None]:
    from_type, to_type = _type_pair(from_type, to_type)
    type_id = check.type_id(type_id, "type_id")
    label = check.non_empty_text(label, "label")
    if inverse_label is not None:
        inverse_label = check.non_empty_text(inverse_label, "inverse_label")
    body = door.model("LabelUpdateRequest")(
        association_type_id=type_id,
        label=label,
        inverse_label=door.unset() if inverse_label is None else inverse_label,
    )
    return call(
        door,
        "update_label",
        no_content,
        from_object_type=from_type,
        to_object_type=to_type,
        body=body,
    )


def delete_label(door: Door, from_type: object, to_type: object, type_id: object) -> Call[None]:
    from_type, to_type = _type_pair(from_type, to_type)
    type_id = check.type_id(type_id, "type_id")
    return call(
        door,
        "delete_label",
        no_content,
        from_object_type=from_type,
        to_object_type=to_type,
        association_type_id=type_id,
    )


# -- limits ---------------------------------------------------------------------------------


def _limit_list(model: Any) -> list[LimitConfig]:
    return [limit_config(r) for r in model.results]


def list_all_limits(door: Door) -> Call[list[LimitConfig]]:
    return call(door, "list_all_limits", parsed(door, "list_all_limits", _limit_list))


def list_limits(door: Door, from_type: object, to_type: object) -> Call[list[LimitConfig]]:
    from_type, to_type = _type_pair(from_type, to_type)
    return call(
        door,
        "list_limits",
        parsed(door, "list_limits", _limit_list),
        from_object_type=from_type,
        to_object_type=to_type,
    )


def label_key(from_type: object, to_type: object, label: object) -> tuple[str, str, str]:
    from_type, to_type = _type_pair(from_type, to_type)
    return from_type, to_type, check.non_empty_text(label, "label")


def find_label(specs: list[AssociationSpec], key: tuple[str, str, str]) -> AssociationSpec:
    """The spec labeled ``key[2]``; labels compare case-insensitively, as HubSpot shows them."""
    wanted = key[2].casefold()
    for spec in specs:
        if spec.label is not None and spec.label.casefold() == wanted:
            return spec
    available = dict.fromkeys(spec.label for spec in specs if spec.label)
    raise errors.LabelNotFoundError(key[2], key[0], key[1], available)
