"""The 19 operations as Calls: requests built and answers read by the generated client.

Each builder checks its arguments (a ValueError naming the argument, before any request) and
imports its generated module on first use, so a program that makes one kind of call loads only
that operation's code.
Paths come from the generated ``_get_kwargs``, which is where the API version lives.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import httpx

from . import _validation as check
from . import errors
from ._call import Call, from_kwargs
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


class _Generated(Protocol):
    def _parse_response(self, *, client: Any, response: httpx.Response) -> Any: ...


_parser_client: Any = None


def _generated_client() -> Any:
    # The generated _parse_response wants a client only to decide about unexpected statuses,
    # which never reach it: the engine handles every non-2xx answer first.
    global _parser_client
    if _parser_client is None:
        from hubspot_associations_api import Client

        _parser_client = Client(base_url="http://unused.invalid")
    return _parser_client


_api_version: Any = None


def _version() -> Any:
    # Cached: an import statement per call costs more than the rest of building the request.
    global _api_version
    if _api_version is None:
        from hubspot_associations_api.models.api_version import ApiVersion

        _api_version = ApiVersion.CURRENT
    return _api_version


def invalid_response(response: httpx.Response, why: str) -> errors.InvalidResponseError:
    return errors.InvalidResponseError(
        response.status_code,
        f"unexpected response body: {why}",
        correlation_id=response.headers.get("x-hubspot-correlation-id"),
        headers=response.headers,
    )


def parsed(
    module: _Generated, model: type[M], convert: Callable[[M], T]
) -> Callable[[httpx.Response], T]:
    """A parser: the generated module reads the body into ``model``, ``convert`` makes our type."""

    def parse(response: httpx.Response) -> T:
        try:
            value = module._parse_response(client=_generated_client(), response=response)
            if not isinstance(value, model):
                # A success status other than the documented one (HubSpot has moved 201 to 200
                # before): the body is still the operation's result, so read it as such.
                value = model.from_dict(response.json())  # type: ignore[attr-defined]
            return convert(value)
        except _PARSE_ERRORS as exc:
            raise invalid_response(response, f"{type(exc).__name__}: {exc}") from None

    return parse


def no_content(response: httpx.Response) -> None:
    return None


# -- conversions from generated models ------------------------------------------------------


def record_id(value: object) -> str:
    """One id type for users, whatever HubSpot sent: "123", 123, or 123.0."""
    if isinstance(value, bool):
        raise TypeError(f"record id is a boolean: {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str) and value:
        return value
    raise TypeError(f"record id is not a string or integer: {value!r}")


_unset_type: Any = None


def _opt(value: Any) -> Any:
    # Called for every optional field of every listed record: the import is done once.
    global _unset_type
    if _unset_type is None:
        from hubspot_associations_api.types import Unset

        _unset_type = Unset
    return None if isinstance(value, _unset_type) else value


def _extra(model: Any) -> dict[str, Any]:
    return dict(model.additional_properties)


def spec_with_label(model: Any) -> AssociationSpec:
    return AssociationSpec(
        category=AssociationCategory.parse(model.category),
        type_id=int(model.type_id),
        label=_opt(model.label),
    )


def associated_record(model: Any) -> AssociatedRecord:
    return AssociatedRecord(
        to_object_id=record_id(model.to_object_id),
        types=tuple(spec_with_label(t) for t in model.association_types),
        extra=_extra(model),
    )


def default_association(model: Any) -> Association:
    return Association(
        from_object_id=record_id(model.from_.id),
        to_object_id=record_id(model.to.id),
        category=AssociationCategory.parse(model.association_spec.association_category),
        type_id=int(model.association_spec.association_type_id),
        extra=_extra(model),
    )


def default_associations(model: Any) -> list[Association]:
    return [default_association(r) for r in model.results]


def labels_between(model: Any) -> LabelsBetweenRecords:
    return LabelsBetweenRecords(
        from_object_type_id=record_id(model.from_object_type_id),
        from_object_id=record_id(model.from_object_id),
        to_object_type_id=record_id(model.to_object_type_id),
        to_object_id=record_id(model.to_object_id),
        labels=tuple(str(label) for label in model.labels),
        extra=_extra(model),
    )


def limit_config(model: Any) -> LimitConfig:
    return LimitConfig(
        category=AssociationCategory.parse(model.category),
        type_id=int(model.type_id),
        label=_opt(model.label),
        max_to_object_ids=_opt(model.max_to_object_ids),
        user_enforced_max_to_object_ids=_opt(model.user_enforced_max_to_object_ids),
        extra=_extra(model),
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
    from_type: object, from_id: object, to_type: object, to_id: object
) -> Call[list[Association]]:
    from_type, from_id, to_type, to_id = _record_pair(from_type, from_id, to_type, to_id)
    from hubspot_associations_api.api.records import associate_default as op
    from hubspot_associations_api.models import BatchResponseDefaultAssociation

    kwargs = op._get_kwargs(_version(), from_type, from_id, to_type, to_id)
    return from_kwargs(
        "associate_default",
        kwargs,
        parsed(op, BatchResponseDefaultAssociation, default_associations),
    )


def spec_models(types: Sequence[AssociationSpec]) -> list[Any]:
    from hubspot_associations_api.models import AssociationCategory as GenCategory
    from hubspot_associations_api.models import AssociationSpec as GenSpec

    return [GenSpec(GenCategory(str(t.category)), t.type_id) for t in types]


def associate(
    from_type: object, from_id: object, to_type: object, to_id: object, types: object
) -> Call[LabelsBetweenRecords]:
    from_type, from_id, to_type, to_id = _record_pair(from_type, from_id, to_type, to_id)
    specs = check.association_specs(types, "types")
    from hubspot_associations_api.api.records import associate as op
    from hubspot_associations_api.models import LabelsBetweenObjectPair

    kwargs = op._get_kwargs(_version(), from_type, from_id, to_type, to_id, body=spec_models(specs))
    return from_kwargs("associate", kwargs, parsed(op, LabelsBetweenObjectPair, labels_between))


def remove(from_type: object, from_id: object, to_type: object, to_id: object) -> Call[None]:
    from_type, from_id, to_type, to_id = _record_pair(from_type, from_id, to_type, to_id)
    from hubspot_associations_api.api.records import remove_associations as op

    kwargs = op._get_kwargs(_version(), from_type, from_id, to_type, to_id)
    return from_kwargs("remove_associations", kwargs, no_content)


class Pager:
    """The pages of one record's associations; arguments are checked when it is made."""

    def __init__(self, object_type: object, object_id: object, to_type: object, page_size: object):
        self.object_type = check.object_type(object_type, "object_type")
        self.object_id = check.record_id(object_id, "object_id")
        self.to_type = check.object_type(to_type, "to_type")
        self.page_size = check.positive_int(page_size, "page_size", maximum=500)
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
        return list_page(self.object_type, self.object_id, self.to_type, self.page_size, after)


def list_page(
    object_type: str, object_id: str, to_type: str, limit: int, after: str | None
) -> Call[tuple[list[AssociatedRecord], str | None]]:
    """One page of a record's associations, and the cursor of the next page (None at the end)."""
    from hubspot_associations_api.api.records import list_associations as op
    from hubspot_associations_api.models import AssociatedObjectPage
    from hubspot_associations_api.types import UNSET

    kwargs = op._get_kwargs(
        _version(),
        object_type,
        object_id,
        to_type,
        after=UNSET if after is None else after,
        limit=limit,
    )

    def convert(model: Any) -> tuple[list[AssociatedRecord], str | None]:
        paging = _opt(model.paging)
        nxt = _opt(paging.next_) if paging is not None else None
        return [associated_record(r) for r in model.results], (str(nxt.after) if nxt else None)

    return from_kwargs("list_associations", kwargs, parsed(op, AssociatedObjectPage, convert))


# -- usage ----------------------------------------------------------------------------------


def _epoch_ms(value: int) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(value / 1000, tz=_dt.timezone.utc)


def high_usage_report(user_id: object) -> Call[HighUsageReport]:
    user_id = check.positive_int(user_id, "user_id", maximum=2**31 - 1)
    from hubspot_associations_api.api.usage import high_usage_report as op
    from hubspot_associations_api.models import ReportCreationResponse

    def convert(model: Any) -> HighUsageReport:
        return HighUsageReport(
            user_id=int(model.user_id),
            user_email=str(model.user_email),
            enqueued_at=_epoch_ms(int(model.enqueue_time.value)),
            extra=_extra(model),
        )

    return from_kwargs(
        "high_usage_report",
        op._get_kwargs(_version(), user_id),
        parsed(op, ReportCreationResponse, convert),
    )


# -- labels ---------------------------------------------------------------------------------


def _label_list(model: Any) -> list[AssociationSpec]:
    return [spec_with_label(r) for r in model.results]


def list_labels(from_type: object, to_type: object) -> Call[list[AssociationSpec]]:
    from_type, to_type = _type_pair(from_type, to_type)
    from hubspot_associations_api.api.labels import list_labels as op
    from hubspot_associations_api.models import AssociationTypeList

    return from_kwargs(
        "list_labels",
        op._get_kwargs(_version(), from_type, to_type),
        parsed(op, AssociationTypeList, _label_list),
    )


def create_label(
    from_type: object, to_type: object, name: object, label: object, inverse_label: object
) -> Call[list[AssociationSpec]]:
    from_type, to_type = _type_pair(from_type, to_type)
    name = check.non_empty_text(name, "name")
    label = check.non_empty_text(label, "label")
    if inverse_label is not None:
        inverse_label = check.non_empty_text(inverse_label, "inverse_label")
    from hubspot_associations_api.api.labels import create_label as op
    from hubspot_associations_api.models import AssociationTypeList, LabelCreateRequest
    from hubspot_associations_api.types import UNSET

    body = LabelCreateRequest(
        name=name, label=label, inverse_label=UNSET if inverse_label is None else inverse_label
    )
    return from_kwargs(
        "create_label",
        op._get_kwargs(_version(), from_type, to_type, body=body),
        parsed(op, AssociationTypeList, _label_list),
    )


def update_label(
    from_type: object, to_type: object, type_id: object, label: object, inverse_label: object
) -> Call[None]:
    from_type, to_type = _type_pair(from_type, to_type)
    type_id = check.type_id(type_id, "type_id")
    label = check.non_empty_text(label, "label")
    if inverse_label is not None:
        inverse_label = check.non_empty_text(inverse_label, "inverse_label")
    from hubspot_associations_api.api.labels import update_label as op
    from hubspot_associations_api.models import LabelUpdateRequest
    from hubspot_associations_api.types import UNSET

    body = LabelUpdateRequest(
        association_type_id=type_id,
        label=label,
        inverse_label=UNSET if inverse_label is None else inverse_label,
    )
    return from_kwargs(
        "update_label", op._get_kwargs(_version(), from_type, to_type, body=body), no_content
    )


def delete_label(from_type: object, to_type: object, type_id: object) -> Call[None]:
    from_type, to_type = _type_pair(from_type, to_type)
    type_id = check.type_id(type_id, "type_id")
    from hubspot_associations_api.api.labels import delete_label as op

    return from_kwargs(
        "delete_label", op._get_kwargs(_version(), from_type, to_type, type_id), no_content
    )


# -- limits ---------------------------------------------------------------------------------


def _limit_list(model: Any) -> list[LimitConfig]:
    return [limit_config(r) for r in model.results]


def list_all_limits() -> Call[list[LimitConfig]]:
    from hubspot_associations_api.api.limits import list_all_limits as op
    from hubspot_associations_api.models import LimitConfigList

    return from_kwargs(
        "list_all_limits", op._get_kwargs(_version()), parsed(op, LimitConfigList, _limit_list)
    )


def list_limits(from_type: object, to_type: object) -> Call[list[LimitConfig]]:
    from_type, to_type = _type_pair(from_type, to_type)
    from hubspot_associations_api.api.limits import list_limits as op
    from hubspot_associations_api.models import LimitConfigList

    return from_kwargs(
        "list_limits",
        op._get_kwargs(_version(), from_type, to_type),
        parsed(op, LimitConfigList, _limit_list),
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
