"""Object types the fake knows: HubSpot's standard ones plus custom types added by the test."""

from __future__ import annotations

import re

# name -> type id, as HubSpot lists them.
STANDARD_OBJECT_TYPES: dict[str, str] = {
    "contacts": "0-1",
    "companies": "0-2",
    "deals": "0-3",
    "tickets": "0-5",
    "products": "0-7",
    "line_items": "0-8",
    "quotes": "0-14",
    "communications": "0-18",
    "tasks": "0-27",
    "notes": "0-46",
    "meetings": "0-47",
    "calls": "0-48",
    "emails": "0-49",
    "invoices": "0-53",
    "leads": "0-136",
}

# HubSpot also infers the type from the singular name.
_SINGULARS: dict[str, str] = {
    "contact": "0-1",
    "company": "0-2",
    "deal": "0-3",
    "ticket": "0-5",
    "product": "0-7",
    "line_item": "0-8",
    "quote": "0-14",
    "communication": "0-18",
    "task": "0-27",
    "note": "0-46",
    "meeting": "0-47",
    "call": "0-48",
    "email": "0-49",
    "invoice": "0-53",
    "lead": "0-136",
}

_CUSTOM_ID = re.compile(r"2-\d+")


class ObjectTypes:
    """Resolves what a path may carry (a name, a singular name, a type id) to the type id."""

    def __init__(self) -> None:
        self._by_alias: dict[str, str] = {}
        self._names: dict[str, str] = {}  # type id -> plural (display) name
        for name, type_id in STANDARD_OBJECT_TYPES.items():
            self._register(name, type_id)
        for name, type_id in _SINGULARS.items():
            self._by_alias[name] = type_id

    def _register(self, name: str, type_id: str) -> None:
        self._by_alias[name.lower()] = type_id
        self._by_alias[type_id] = type_id
        self._names.setdefault(type_id, name)

    def add(self, name: str, type_id: str) -> None:
        """Register a custom object type, usable afterwards by name or id."""
        if not _CUSTOM_ID.fullmatch(type_id):
            raise ValueError(f"type_id must look like '2-<digits>', got {type_id!r}")
        if not name or "/" in name:
            raise ValueError(f"invalid object type name {name!r}")
        known = self._by_alias.get(name.lower())
        if known is not None and known != type_id:
            raise ValueError(f"object type name {name!r} is already used by {known}")
        self._register(name, type_id)

    def resolve(self, value: str) -> str | None:
        """The type id for ``value``, or None when HubSpot could not infer one."""
        return self._by_alias.get(value) or self._by_alias.get(value.lower())

    def name(self, type_id: str) -> str:
        """A readable name for messages."""
        return self._names.get(type_id, type_id)
