"""The types a command is given: object types, checked, and association types, parsed,
looked up among the account's labels and shown."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from .. import _validation as check
from ..types import AssociationCategory, AssociationSpec, AssociationType
from ._status import PROG, UsageError

if TYPE_CHECKING:
    from ._session import Session


def object_types(args: argparse.Namespace) -> tuple[str, str]:
    """FROM_TYPE and TO_TYPE, checked."""
    return (
        check.object_type(args.from_type, "FROM_TYPE"),
        check.object_type(args.to_type, "TO_TYPE"),
    )


def parse_type(text: str) -> AssociationSpec | str:
    """A type given on the command line: a spec, or a label name to look up."""
    value = text.strip()
    if not value:
        raise UsageError("an association type must not be empty")
    if value.isascii() and value.isdigit():
        return AssociationSpec(AssociationCategory.HUBSPOT_DEFINED, _type_id(value, text))
    category, sep, number = value.partition(":")
    if sep and category.strip().upper() in AssociationCategory.__members__:
        number = number.strip()
        if number.isascii() and number.isdigit():
            member = AssociationCategory[category.strip().upper()]
            return AssociationSpec(member, _type_id(number, text))
    if value in AssociationType.__members__:
        return AssociationType[value].spec
    return value


def _type_id(digits: str, given: str) -> int:
    number = int(digits)
    if not 0 < number < 2**31:
        raise UsageError(f"association type id {given!r} is out of range")
    return number


def resolve(
    session: Session, from_type: str, to_type: str, given: AssociationSpec | str
) -> AssociationSpec:
    """The spec of a type :func:`parse_type` returned: a label name is looked up."""
    if isinstance(given, AssociationSpec):
        return given
    try:
        return session.client.labels.find(from_type, to_type, given)
    except KeyError:
        raise UsageError(
            f"no association label {given!r} from {from_type} to {to_type} "
            f"(see: {PROG} labels list {from_type} {to_type})"
        ) from None


def spec_text(spec: AssociationSpec) -> str:
    """``279 (HUBSPOT_DEFINED)``, ``100 (USER_DEFINED, 'Billing')``."""
    return f"{spec.type_id} ({spec.category}{', ' + repr(spec.label) if spec.label else ''})"


def spec_json(spec: AssociationSpec) -> dict[str, Any]:
    """A spec as HubSpot writes it in JSON."""
    return {"category": str(spec.category), "typeId": spec.type_id, "label": spec.label}
