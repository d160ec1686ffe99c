"""Association definitions (types and labels) per ordered pair of object types.

Not thread-safe on its own: the store holds the lock while it calls in here.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

HUBSPOT_DEFINED = "HUBSPOT_DEFINED"
USER_DEFINED = "USER_DEFINED"
CATEGORIES = frozenset({HUBSPOT_DEFINED, USER_DEFINED, "INTEGRATOR_DEFINED", "WORK"})

# (from type id, to type id, type id, label or None when unlabeled, inverse type id)
_TABLE: tuple[tuple[str, str, int, str | None, int], ...] = (
    ("0-1", "0-2", 279, None, 280),
    ("0-2", "0-1", 280, None, 279),
    ("0-1", "0-2", 1, "Primary", 2),
    ("0-2", "0-1", 2, "Primary", 1),
    ("0-3", "0-1", 3, None, 4),
    ("0-1", "0-3", 4, None, 3),
    ("0-3", "0-2", 341, None, 342),
    ("0-2", "0-3", 342, None, 341),
    ("0-3", "0-2", 5, "Primary", 6),
    ("0-2", "0-3", 6, "Primary", 5),
    ("0-1", "0-5", 15, None, 16),
    ("0-5", "0-1", 16, None, 15),
    ("0-2", "0-5", 340, None, 339),
    ("0-5", "0-2", 339, None, 340),
    ("0-2", "0-5", 25, "Primary", 26),
    ("0-5", "0-2", 26, "Primary", 25),
    ("0-3", "0-5", 27, None, 28),
    ("0-5", "0-3", 28, None, 27),
    ("0-1", "0-46", 201, None, 202),
    ("0-46", "0-1", 202, None, 201),
    ("0-3", "0-46", 213, None, 214),
    ("0-46", "0-3", 214, None, 213),
)
_TABLE_IDS = frozenset(row[2] for row in _TABLE)
# Derived defaults live in [_DERIVED_BASE, _DERIVED_BASE + 2 * _DERIVED_SPAN); user-defined ids
# are allocated below it, so the two never meet within a pair.
_DERIVED_BASE = 10_000
_DERIVED_SPAN = 40_000
_FIRST_USER_ID = 100


@dataclass(slots=True)
class Definition:
    """One directional association type between two object types."""

    category: str
    type_id: int
    label: str | None
    inverse: int
    name: str | None = None

    def as_spec(self) -> dict[str, object]:
        """The AssociationSpecWithLabel shape (``label`` null when unlabeled)."""
        return {"category": self.category, "typeId": self.type_id, "label": self.label}


class Definitions:
    """HubSpot-defined types, derived defaults for other pairs, and user-defined labels."""

    def __init__(self) -> None:
        self._pairs: dict[tuple[str, str], dict[int, Definition]] = {}
        self._defaults: dict[tuple[str, str], int] = {}
        self._next_user_id = _FIRST_USER_ID

    def pair(self, from_type: str, to_type: str) -> dict[int, Definition]:
        """The definitions of one direction, keyed by type id (materialised on first use)."""
        key = (from_type, to_type)
        defs = self._pairs.get(key)
        if defs is None:
            defs = {}
            for a, b, type_id, label, inverse in _TABLE:
                if a == from_type and b == to_type:
                    defs[type_id] = Definition(HUBSPOT_DEFINED, type_id, label, inverse)
                    if label is None:
                        self._defaults[key] = type_id
            if not defs:
                default, inverse = _derived_default(from_type, to_type)
                defs[default] = Definition(HUBSPOT_DEFINED, default, None, inverse)
                self._defaults[key] = default
            self._pairs[key] = defs
        return defs

    def default(self, from_type: str, to_type: str) -> int:
        """The unlabeled (default) type id of one direction."""
        self.pair(from_type, to_type)
        return self._defaults[(from_type, to_type)]

    def all_pairs(self) -> list[tuple[tuple[str, str], dict[int, Definition]]]:
        """Every direction materialised so far."""
        return list(self._pairs.items())

    def _allocate(self) -> int:
        while self._next_user_id in _TABLE_IDS:
            self._next_user_id += 1
        type_id = self._next_user_id
        self._next_user_id += 1
        return type_id

    def find_name(self, from_type: str, to_type: str, name: str) -> Definition | None:
        """The user-defined definition of that direction called ``name``, if any."""
        for definition in self.pair(from_type, to_type).values():
            if definition.name == name:
                return definition
        return None

    def create(
        self, from_type: str, to_type: str, name: str, label: str, inverse_label: str | None
    ) -> tuple[Definition, Definition]:
        """A new user-defined label and its inverse (the same object for an unpaired self-pair)."""
        forward = self.pair(from_type, to_type)
        backward = self.pair(to_type, from_type)
        type_id = self._allocate()
        if from_type == to_type and inverse_label is None:
            definition = Definition(USER_DEFINED, type_id, label, type_id, name)
            forward[type_id] = definition
            return definition, definition
        inverse_id = self._allocate()
        definition = Definition(USER_DEFINED, type_id, label, inverse_id, name)
        inverse = Definition(
            USER_DEFINED,
            inverse_id,
            inverse_label if inverse_label is not None else label,
            type_id,
            name,
        )
        forward[type_id] = definition
        backward[inverse_id] = inverse
        return definition, inverse

    def delete(self, from_type: str, to_type: str, type_id: int) -> tuple[int, int]:
        """Remove a user-defined label and its inverse; returns (type id, inverse type id)."""
        definition = self.pair(from_type, to_type).pop(type_id)
        self.pair(to_type, from_type).pop(definition.inverse, None)
        return type_id, definition.inverse


def _derived_default(from_type: str, to_type: str) -> tuple[int, int]:
    """A stable default type id (and inverse) for a pair HubSpot's table does not cover."""
    low, high = sorted((from_type, to_type))
    base = _DERIVED_BASE + 2 * (zlib.crc32(f"{low}|{high}".encode()) % _DERIVED_SPAN)
    if from_type == to_type:
        return base, base
    return (base, base + 1) if from_type == low else (base + 1, base)
