"""Argument checks that run before any request: nothing a caller passes can reshape a path."""

from __future__ import annotations

import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

from .types import AssociationCategory, AssociationSpec, AssociationType

# ASCII only: str.isdigit() would accept "١٢٣" and "²".
_DIGITS = re.compile(r"[0-9]{1,19}\Z")
_TYPE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,99}\Z")
_TYPE_ID = re.compile(r"[0-9]{1,9}-[0-9]{1,19}\Z")
_INT64_MAX = 2**63 - 1


def record_id(value: object, argument: str) -> str:
    """A record id as HubSpot's canonical decimal string.

    Accepts a positive ``int`` (not ``bool``) or a string of ASCII digits.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(
            f"{argument} must be a positive integer or a string of digits, "
            f"got {type(value).__name__} {value!r}"
        )
    if isinstance(value, str):
        if not _DIGITS.match(value):
            raise ValueError(f"{argument} must be a string of ASCII digits, got {value!r}")
        number = int(value)
    else:
        number = value
    if not 0 < number <= _INT64_MAX:
        raise ValueError(f"{argument} must be a positive 64-bit record id, got {value!r}")
    return str(number)


def object_type(value: object, argument: str) -> str:
    """An object type: a name (``contacts``, ``p_cars``) or an id (``0-1``, ``2-123``)."""
    if isinstance(value, str) and (_TYPE_NAME.match(value) or _TYPE_ID.match(value)):
        return value
    raise ValueError(
        f"{argument} must be an object type name such as 'contacts' or 'p_cars', "
        f"or an object type id such as '0-1', got {value!r}"
    )


def type_id(value: object, argument: str) -> int:
    """An association type id: a positive int."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
        raise ValueError(f"{argument} must be a positive integer, got {value!r}")
    return value


def positive_int(value: object, argument: str, maximum: int | None = None) -> int:
    """A positive int, at most ``maximum`` when given."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{argument} must be a positive integer, got {value!r}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{argument} must be at most {maximum}, got {value!r}")
    return value


def non_empty_text(value: object, argument: str) -> str:
    """A non-blank string."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{argument} must be a non-empty string, got {value!r}")
    return value


def association_specs(value: object, argument: str) -> list[AssociationSpec]:
    """Association types from members of AssociationType, AssociationSpec, (category, id) pairs
    or ints (HubSpot-defined type ids)."""
    # Any sequence or set, as the annotation (AssociationTypes) says; text is a sequence too,
    # of characters, never of types.
    if isinstance(value, (str, bytes, bytearray)) or not isinstance(value, (Sequence, AbstractSet)):
        raise ValueError(f"{argument} must be a list of association types, got {value!r}")
    if not value:
        raise ValueError(f"{argument} must name at least one association type")
    specs: list[AssociationSpec] = []
    for item in value:
        if isinstance(item, AssociationType):
            specs.append(item.spec)
        elif isinstance(item, AssociationSpec):
            specs.append(
                AssociationSpec(category(item.category, argument), type_id(item.type_id, argument))
            )
        elif isinstance(item, tuple) and len(item) == 2:
            specs.append(AssociationSpec(category(item[0], argument), type_id(item[1], argument)))
        elif isinstance(item, int) and not isinstance(item, bool):
            specs.append(
                AssociationSpec(AssociationCategory.HUBSPOT_DEFINED, type_id(item, argument))
            )
        else:
            raise ValueError(
                f"{argument} items must be AssociationType members, AssociationSpec, "
                f"(category, type_id) pairs or ints, got {item!r}"
            )
    return specs


def category(value: object, argument: str) -> AssociationCategory:
    """A known association category (requests may only carry the ones HubSpot accepts)."""
    try:
        return AssociationCategory(value)
    except ValueError:
        names = ", ".join(c.value for c in AssociationCategory)
        raise ValueError(f"{argument} category must be one of {names}, got {value!r}") from None
