"""The values users pass and get back: association types, categories and typed results.

Every record id in a result is a ``str`` (HubSpot sends strings or JSON numbers, we give you one
type); categories are :class:`AssociationCategory` members, or the plain string HubSpot sent when
it is a value this SDK does not know yet.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Generic, TypeAlias, TypeVar

from ._values import FrozenValue, Value, setter
from .errors import ErrorDetail

__all__ = [
    "AssociatedRecord",
    "Association",
    "AssociationCategory",
    "AssociationSpec",
    "AssociationType",
    "AssociationTypeLike",
    "AssociationTypes",
    "BatchItemError",
    "BatchReport",
    "Failed",
    "HighUsageReport",
    "LabelsBetweenRecords",
    "LimitConfig",
    "Succeeded",
]


class AssociationCategory(str, enum.Enum):
    """Who defined an association type."""

    HUBSPOT_DEFINED = "HUBSPOT_DEFINED"
    USER_DEFINED = "USER_DEFINED"
    INTEGRATOR_DEFINED = "INTEGRATOR_DEFINED"
    WORK = "WORK"

    def __str__(self) -> str:
        return self.value

    @classmethod
    def parse(cls, value: object) -> AssociationCategory | str:
        """The member for ``value``, or ``value`` itself as a string if it is new to us."""
        # The common case is a dict lookup (this runs for every record of a listing); anything
        # else takes the Enum machinery, as before.
        member = cls._value2member_map_.get(value) if type(value) is str else None
        if member is not None:
            return member  # type: ignore[return-value]
        try:
            return cls(value)
        except ValueError:
            return str(value)


class AssociationType(enum.Enum):
    """HubSpot-defined association types, directional (``DEAL_TO_CONTACT`` is not its inverse).

    Example::

        client.associate("deals", 1, "contacts", 2, types=[AssociationType.DEAL_TO_CONTACT])
    """

    CONTACT_TO_COMPANY_PRIMARY = 1
    CONTACT_TO_COMPANY = 279
    COMPANY_TO_CONTACT_PRIMARY = 2
    COMPANY_TO_CONTACT = 280
    DEAL_TO_CONTACT = 3
    CONTACT_TO_DEAL = 4
    DEAL_TO_COMPANY_PRIMARY = 5
    DEAL_TO_COMPANY = 341
    COMPANY_TO_DEAL_PRIMARY = 6
    COMPANY_TO_DEAL = 342
    CONTACT_TO_TICKET = 15
    TICKET_TO_CONTACT = 16
    COMPANY_TO_TICKET_PRIMARY = 25
    COMPANY_TO_TICKET = 340
    TICKET_TO_COMPANY_PRIMARY = 26
    TICKET_TO_COMPANY = 339
    DEAL_TO_TICKET = 27
    TICKET_TO_DEAL = 28
    CONTACT_TO_NOTE = 201
    NOTE_TO_CONTACT = 202
    DEAL_TO_NOTE = 213

    @property
    def category(self) -> AssociationCategory:
        """Always ``HUBSPOT_DEFINED``."""
        return AssociationCategory.HUBSPOT_DEFINED

    @property
    def type_id(self) -> int:
        """HubSpot's association type id."""
        return int(self.value)

    @property
    def spec(self) -> AssociationSpec:
        """This type as an :class:`AssociationSpec`."""
        return AssociationSpec(self.category, self.type_id)


class AssociationSpec(FrozenValue):
    """An association type: its category, its id and, for labeled types, its label."""

    __slots__ = ("category", "label", "type_id")
    category: AssociationCategory | str
    type_id: int
    label: str | None

    def __init__(
        self, category: AssociationCategory | str, type_id: int, label: str | None = None
    ) -> None:
        setter(self, "category", category)
        setter(self, "type_id", type_id)
        setter(self, "label", label)


AssociationTypeLike: TypeAlias = (
    AssociationType | AssociationSpec | tuple[AssociationCategory | str, int] | int
)
"""One association type, as arguments take it: an :class:`AssociationType` member, an
:class:`AssociationSpec` (what ``labels.find`` returns), a ``(category, type_id)`` pair, or an
``int``, a HubSpot-defined type id."""

AssociationTypes: TypeAlias = Sequence[AssociationTypeLike] | AbstractSet[AssociationTypeLike]
"""What ``types=`` takes: a list, tuple or set of :data:`AssociationTypeLike`, at least one."""


class Association(FrozenValue, hidden=("extra",)):
    """One directional association between two records."""

    __slots__ = ("category", "extra", "from_object_id", "to_object_id", "type_id")
    from_object_id: str
    to_object_id: str
    category: AssociationCategory | str
    type_id: int
    extra: dict[str, Any]
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""

    def __init__(
        self,
        from_object_id: str,
        to_object_id: str,
        category: AssociationCategory | str,
        type_id: int,
        extra: dict[str, Any] | None = None,
    ) -> None:
        setter(self, "from_object_id", from_object_id)
        setter(self, "to_object_id", to_object_id)
        setter(self, "category", category)
        setter(self, "type_id", type_id)
        setter(self, "extra", {} if extra is None else extra)


class AssociatedRecord(FrozenValue, hidden=("extra",)):
    """A record associated with the one you listed, and every type that links them."""

    __slots__ = ("extra", "to_object_id", "types")
    to_object_id: str
    types: tuple[AssociationSpec, ...]
    extra: dict[str, Any]
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""

    def __init__(
        self,
        to_object_id: str,
        types: tuple[AssociationSpec, ...],
        extra: dict[str, Any] | None = None,
    ) -> None:
        setter(self, "to_object_id", to_object_id)
        setter(self, "types", types)
        setter(self, "extra", {} if extra is None else extra)

    @property
    def type_ids(self) -> list[int]:
        """The association type ids linking to this record."""
        return [t.type_id for t in self.types]

    @property
    def labels(self) -> list[str]:
        """The labels of the labeled types linking to this record."""
        return [t.label for t in self.types if t.label]


class LabelsBetweenRecords(FrozenValue, hidden=("extra",)):
    """The labels between two records after a labeled association."""

    __slots__ = (
        "extra",
        "from_object_id",
        "from_object_type_id",
        "labels",
        "to_object_id",
        "to_object_type_id",
    )
    from_object_type_id: str
    from_object_id: str
    to_object_type_id: str
    to_object_id: str
    labels: tuple[str, ...]
    extra: dict[str, Any]
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""

    def __init__(
        self,
        from_object_type_id: str,
        from_object_id: str,
        to_object_type_id: str,
        to_object_id: str,
        labels: tuple[str, ...],
        extra: dict[str, Any] | None = None,
    ) -> None:
        setter(self, "from_object_type_id", from_object_type_id)
        setter(self, "from_object_id", from_object_id)
        setter(self, "to_object_type_id", to_object_type_id)
        setter(self, "to_object_id", to_object_id)
        setter(self, "labels", labels)
        setter(self, "extra", {} if extra is None else extra)


class LimitConfig(FrozenValue, hidden=("extra",)):
    """The limit on how many records one record may be associated with, for one type."""

    __slots__ = (
        "category",
        "extra",
        "label",
        "max_to_object_ids",
        "type_id",
        "user_enforced_max_to_object_ids",
    )
    category: AssociationCategory | str
    type_id: int
    label: str | None
    max_to_object_ids: int | None
    user_enforced_max_to_object_ids: int | None
    extra: dict[str, Any]
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""

    def __init__(
        self,
        category: AssociationCategory | str,
        type_id: int,
        label: str | None = None,
        max_to_object_ids: int | None = None,
        user_enforced_max_to_object_ids: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        setter(self, "category", category)
        setter(self, "type_id", type_id)
        setter(self, "label", label)
        setter(self, "max_to_object_ids", max_to_object_ids)
        setter(self, "user_enforced_max_to_object_ids", user_enforced_max_to_object_ids)
        setter(self, "extra", {} if extra is None else extra)


class HighUsageReport(FrozenValue, hidden=("extra",)):
    """A queued high-usage report."""

    __slots__ = ("enqueued_at", "extra", "user_email", "user_id")
    user_id: int
    user_email: str
    enqueued_at: _dt.datetime
    extra: dict[str, Any]
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""

    def __init__(
        self,
        user_id: int,
        user_email: str,
        enqueued_at: _dt.datetime,
        extra: dict[str, Any] | None = None,
    ) -> None:
        setter(self, "user_id", user_id)
        setter(self, "user_email", user_email)
        setter(self, "enqueued_at", enqueued_at)
        setter(self, "extra", {} if extra is None else extra)


class BatchItemError(FrozenValue):
    """Why one input of a batch failed, as HubSpot (or this SDK) reported it."""

    __slots__ = (
        "category",
        "context",
        "errors",
        "id",
        "links",
        "message",
        "status",
        "sub_category",
    )
    category: str
    message: str
    status: str
    sub_category: str | None
    context: dict[str, list[str]]
    errors: tuple[ErrorDetail, ...]
    links: dict[str, str]
    id: str | None

    def __init__(
        self,
        category: str,
        message: str,
        status: str = "error",
        sub_category: str | None = None,
        context: dict[str, list[str]] | None = None,
        errors: tuple[ErrorDetail, ...] = (),
        links: dict[str, str] | None = None,
        id: str | None = None,  # noqa: A002  # HubSpot's name for it
    ) -> None:
        setter(self, "category", category)
        setter(self, "message", message)
        setter(self, "status", status)
        setter(self, "sub_category", sub_category)
        setter(self, "context", {} if context is None else context)
        setter(self, "errors", errors)
        setter(self, "links", {} if links is None else links)
        setter(self, "id", id)


InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")


class Succeeded(FrozenValue, Generic[InputT, ResultT]):
    """An input that went through, with what HubSpot answered for it."""

    __slots__ = ("input", "result")
    input: InputT
    result: ResultT

    def __init__(self, input: InputT, result: ResultT) -> None:  # noqa: A002
        setter(self, "input", input)
        setter(self, "result", result)


class Failed(FrozenValue, Generic[InputT]):
    """An input that did not go through, with why."""

    __slots__ = ("error", "input")
    input: InputT
    error: BatchItemError

    def __init__(self, input: InputT, error: BatchItemError) -> None:  # noqa: A002
        setter(self, "input", input)
        setter(self, "error", error)


class BatchReport(Value, Generic[InputT, ResultT]):
    """The outcome of a batch call: every distinct input is in exactly one of the two lists.

    Example::

        report = client.batch.associate_default("contacts", "companies", [(1, 2), (3, 4)])
        for item in report.failed:
            print(item.input, item.error.category, item.error.message)
    """

    __slots__ = ("failed", "succeeded")
    succeeded: list[Succeeded[InputT, ResultT]]
    failed: list[Failed[InputT]]

    def __init__(
        self,
        succeeded: list[Succeeded[InputT, ResultT]] | None = None,
        failed: list[Failed[InputT]] | None = None,
    ) -> None:
        self.succeeded = [] if succeeded is None else succeeded
        self.failed = [] if failed is None else failed

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.failed

    def __len__(self) -> int:
        return len(self.succeeded) + len(self.failed)
