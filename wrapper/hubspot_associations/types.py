"""The values users pass and get back: association types, categories and typed results.

Every record id in a result is a ``str`` (HubSpot sends strings or JSON numbers, we give you one
type); categories are :class:`AssociationCategory` members, or the plain string HubSpot sent when
it is a value this SDK does not know yet.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Generic, TypeAlias, TypeVar

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


@dataclasses.dataclass(frozen=True, slots=True)
class AssociationSpec:
    """An association type: its category, its id and, for labeled types, its label."""

    category: AssociationCategory | str
    type_id: int
    label: str | None = None


AssociationTypeLike: TypeAlias = (
    AssociationType | AssociationSpec | tuple[AssociationCategory | str, int] | int
)
"""One association type, as arguments take it: an :class:`AssociationType` member, an
:class:`AssociationSpec` (what ``labels.find`` returns), a ``(category, type_id)`` pair, or an
``int``, a HubSpot-defined type id."""

AssociationTypes: TypeAlias = Sequence[AssociationTypeLike] | AbstractSet[AssociationTypeLike]
"""What ``types=`` takes: a list, tuple or set of :data:`AssociationTypeLike`, at least one."""


@dataclasses.dataclass(frozen=True, slots=True)
class Association:
    """One directional association between two records."""

    from_object_id: str
    to_object_id: str
    category: AssociationCategory | str
    type_id: int
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""


@dataclasses.dataclass(frozen=True, slots=True)
class AssociatedRecord:
    """A record associated with the one you listed, and every type that links them."""

    to_object_id: str
    types: tuple[AssociationSpec, ...]
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""

    @property
    def type_ids(self) -> list[int]:
        """The association type ids linking to this record."""
        return [t.type_id for t in self.types]

    @property
    def labels(self) -> list[str]:
        """The labels of the labeled types linking to this record."""
        return [t.label for t in self.types if t.label]


@dataclasses.dataclass(frozen=True, slots=True)
class LabelsBetweenRecords:
    """The labels between two records after a labeled association."""

    from_object_type_id: str
    from_object_id: str
    to_object_type_id: str
    to_object_id: str
    labels: tuple[str, ...]
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""


@dataclasses.dataclass(frozen=True, slots=True)
class LimitConfig:
    """The limit on how many records one record may be associated with, for one type."""

    category: AssociationCategory | str
    type_id: int
    label: str | None = None
    max_to_object_ids: int | None = None
    user_enforced_max_to_object_ids: int | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""


@dataclasses.dataclass(frozen=True, slots=True)
class HighUsageReport:
    """A queued high-usage report."""

    user_id: int
    user_email: str
    enqueued_at: _dt.datetime
    extra: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False, compare=False)
    """Fields HubSpot sent that this SDK does not model (kept, never dropped)."""


@dataclasses.dataclass(frozen=True, slots=True)
class BatchItemError:
    """Why one input of a batch failed, as HubSpot (or this SDK) reported it."""

    category: str
    message: str
    status: str = "error"
    sub_category: str | None = None
    context: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    errors: tuple[ErrorDetail, ...] = ()
    links: dict[str, str] = dataclasses.field(default_factory=dict)
    id: str | None = None


InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")


@dataclasses.dataclass(frozen=True, slots=True)
class Succeeded(Generic[InputT, ResultT]):
    """An input that went through, with what HubSpot answered for it."""

    input: InputT
    result: ResultT


@dataclasses.dataclass(frozen=True, slots=True)
class Failed(Generic[InputT]):
    """An input that did not go through, with why."""

    input: InputT
    error: BatchItemError


@dataclasses.dataclass(slots=True)
class BatchReport(Generic[InputT, ResultT]):
    """The outcome of a batch call: every distinct input is in exactly one of the two lists.

    Example::

        report = client.batch.associate_default("contacts", "companies", [(1, 2), (3, 4)])
        for item in report.failed:
            print(item.input, item.error.category, item.error.message)
    """

    succeeded: list[Succeeded[InputT, ResultT]] = dataclasses.field(default_factory=list)
    failed: list[Failed[InputT]] = dataclasses.field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no input failed."""
        return not self.failed

    def __len__(self) -> int:
        return len(self.succeeded) + len(self.failed)
