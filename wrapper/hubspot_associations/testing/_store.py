"""The fake account's state: records, associations in both directions, labels and limits.

Every public method takes the one lock, so handlers running on several connection threads see a
consistent account. Associations are kept per direction as ``{(from type, to type): {from id:
{to id: frozenset(type ids)}}}``; the frozensets are interned, so 100k associations that all carry
the default type share one set object.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Collection, Iterable
from typing import Any

from ._definitions import Definition, Definitions

_EMPTY: frozenset[int] = frozenset()


class Rejected(Exception):
    """An input the account refuses (unknown association type, a limit reached)."""

    def __init__(self, message: str, context: dict[str, list[str]]) -> None:
        super().__init__(message)
        self.message = message
        self.context = context


class Store:
    """Thread-safe in-memory account."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.definitions = Definitions()
        self._records: dict[str, set[int]] = {}
        self._assoc: dict[tuple[str, str], dict[int, dict[int, frozenset[int]]]] = {}
        self._limits: dict[tuple[str, str], dict[int, int]] = {}
        self._interned: dict[frozenset[int], frozenset[int]] = {}
        # Rendered associationTypes lists, shared by responses; cleared when a label changes.
        self._rendered: dict[tuple[str, str, frozenset[int]], list[Any]] = {}

    # records -----------------------------------------------------------------------------------

    def add_records(self, type_id: str, ids: Iterable[int]) -> None:
        """Make records exist."""
        with self.lock:
            self._records.setdefault(type_id, set()).update(ids)

    def has_record(self, type_id: str, record_id: int) -> bool:
        """Whether the record exists."""
        records = self._records.get(type_id)
        return records is not None and record_id in records

    # association types -------------------------------------------------------------------------

    def validate_types(
        self, from_type: str, to_type: str, specs: Iterable[tuple[str, int]]
    ) -> set[int]:
        """The type ids of ``(category, type id)`` specs, all defined for the direction."""
        with self.lock:
            defs = self.definitions.pair(from_type, to_type)
            out: set[int] = set()
            for category, type_id in specs:
                definition = defs.get(type_id)
                if definition is None or definition.category != category:
                    raise Rejected(
                        f"{category} association type {type_id} is not defined from "
                        f"{from_type} to {to_type}",
                        {"associationTypeId": [str(type_id)]},
                    )
                out.add(type_id)
            return out

    def default_type(self, from_type: str, to_type: str) -> int:
        """The unlabeled type id of the direction."""
        with self.lock:
            return self.definitions.default(from_type, to_type)

    def inverse_of(self, from_type: str, to_type: str, type_id: int) -> int:
        """The type id the other direction shows for ``type_id``."""
        with self.lock:
            return self.definitions.pair(from_type, to_type)[type_id].inverse

    def definition(self, from_type: str, to_type: str, type_id: int) -> Definition | None:
        """The definition ``type_id`` of the direction, if there is one."""
        with self.lock:
            return self.definitions.pair(from_type, to_type).get(type_id)

    def render_types(self, from_type: str, to_type: str, types: frozenset[int]) -> list[Any]:
        """AssociationSpecWithLabel list for a set of type ids, by type id (do not mutate it)."""
        key = (from_type, to_type, types)
        rendered = self._rendered.get(key)
        if rendered is None:
            with self.lock:
                defs = self.definitions.pair(from_type, to_type)
                rendered = [defs[t].as_spec() for t in sorted(types) if t in defs]
                self._rendered[key] = rendered
        return rendered

    def labels_of(self, from_type: str, to_type: str, types: Iterable[int]) -> list[str]:
        """The label strings of a set of type ids, unlabeled ones left out."""
        with self.lock:
            defs = self.definitions.pair(from_type, to_type)
            return [
                label for t in sorted(types) if t in defs and (label := defs[t].label) is not None
            ]

    # associations ------------------------------------------------------------------------------

    def _intern(self, types: frozenset[int]) -> frozenset[int]:
        return self._interned.setdefault(types, types)

    def _current(self, from_type: str, to_type: str, from_id: int) -> dict[int, frozenset[int]]:
        return self._assoc.get((from_type, to_type), {}).get(from_id, {})

    def _check_limits(
        self,
        from_type: str,
        to_type: str,
        from_id: int,
        to_id: int,
        new: Collection[int],
        side: str,
    ) -> None:
        """Raise Rejected when ``from_id`` would exceed a limit; its context names ``from_id``
        under ``side``, the key of its side in the caller's request (the inverse direction is
        checked with the caller's to-record as ``from_id``)."""
        limits = self._limits.get((from_type, to_type))
        if not limits:
            return
        current = self._current(from_type, to_type, from_id)
        existing = current.get(to_id, _EMPTY)
        default = self.definitions.default(from_type, to_type)
        for type_id in new:
            limit = limits.get(type_id)
            if limit is None or type_id in existing:
                continue
            if type_id == default:  # every association carries the default type
                count = len(current)
            else:
                count = sum(1 for types in current.values() if type_id in types)
            if count + 1 > limit:
                raise Rejected(
                    f"Association limit reached: {from_type} {from_id} may have at most {limit} "
                    f"associations of type {type_id} to {to_type}",
                    {side: [str(from_id)], "associationTypeId": [str(type_id)]},
                )

    def _add(self, from_type: str, to_type: str, from_id: int, to_id: int, new: set[int]) -> None:
        by_from = self._assoc.setdefault((from_type, to_type), {})
        current = by_from.setdefault(from_id, {})
        existing = current.get(to_id)
        merged = frozenset(new) if existing is None else existing | new
        current[to_id] = self._intern(merged)

    def associate(
        self, from_type: str, to_type: str, from_id: int, to_id: int, extra: Collection[int] = ()
    ) -> frozenset[int]:
        """Add the default type plus ``extra`` (validated ids) in both directions.

        Returns the type ids the pair carries afterwards, as seen from ``from_type``. Raises
        :class:`Rejected` when a configured limit would be exceeded (nothing is applied then).
        """
        with self.lock:
            defs = self.definitions.pair(from_type, to_type)
            forward = {self.definitions.default(from_type, to_type), *extra}
            backward = {defs[t].inverse for t in forward}
            self._check_limits(from_type, to_type, from_id, to_id, forward, "fromObjectId")
            self._check_limits(to_type, from_type, to_id, from_id, backward, "toObjectId")
            self._add(from_type, to_type, from_id, to_id, forward)
            self._add(to_type, from_type, to_id, from_id, backward)
            return self._current(from_type, to_type, from_id)[to_id]

    def _drop(self, from_type: str, to_type: str, from_id: int, to_id: int) -> None:
        by_from = self._assoc.get((from_type, to_type))
        if by_from is None:
            return
        current = by_from.get(from_id)
        if current is None:
            return
        current.pop(to_id, None)
        if not current:
            del by_from[from_id]

    def remove_pair(self, from_type: str, to_type: str, from_id: int, to_id: int) -> None:
        """Remove every association between the two records, both directions."""
        with self.lock:
            self._drop(from_type, to_type, from_id, to_id)
            self._drop(to_type, from_type, to_id, from_id)

    def remove_types(
        self, from_type: str, to_type: str, from_id: int, to_id: int, types: Collection[int]
    ) -> None:
        """Remove some labels; removing the default type removes the whole pair."""
        with self.lock:
            existing = self._current(from_type, to_type, from_id).get(to_id)
            if existing is None:
                return
            if self.definitions.default(from_type, to_type) in types:
                self.remove_pair(from_type, to_type, from_id, to_id)
                return
            defs = self.definitions.pair(from_type, to_type)
            gone = existing.intersection(types)
            if not gone:
                return
            self._assoc[(from_type, to_type)][from_id][to_id] = self._intern(existing - gone)
            backward = self._assoc[(to_type, from_type)][to_id]
            inverse = {defs[t].inverse for t in gone}
            backward[from_id] = self._intern(backward[from_id] - inverse)

    def page(
        self, from_type: str, to_type: str, from_id: int, after: int | None, limit: int
    ) -> tuple[list[tuple[int, frozenset[int]]], int | None]:
        """Associations of one record ordered by target id, after a cursor; and the next cursor."""
        with self.lock:
            current = self._current(from_type, to_type, from_id)
            if not current:
                return [], None
            keys = sorted(current)
            start = 0 if after is None else bisect_right(keys, after)
            chunk = keys[start : start + limit]
            more = start + limit < len(keys)
            return [(k, current[k]) for k in chunk], (chunk[-1] if more and chunk else None)

    def snapshot(self, from_type: str, to_type: str, from_id: int) -> list[tuple[int, list[int]]]:
        """Every association of a record, ordered by target id (for test assertions)."""
        with self.lock:
            current = self._current(from_type, to_type, from_id)
            return [(k, sorted(current[k])) for k in sorted(current)]

    def count(self) -> int:
        """Associations stored, counting each direction once."""
        with self.lock:
            return sum(len(m) for by_from in self._assoc.values() for m in by_from.values())

    # labels ------------------------------------------------------------------------------------

    def labels(self, from_type: str, to_type: str) -> list[Definition]:
        """Every definition of the direction, by type id."""
        with self.lock:
            defs = self.definitions.pair(from_type, to_type)
            return [defs[t] for t in sorted(defs)]

    def create_label(
        self, from_type: str, to_type: str, name: str, label: str, inverse_label: str | None
    ) -> tuple[Definition, Definition] | None:
        """A new label and its inverse; None when ``name`` is taken for the direction."""
        with self.lock:
            if self.definitions.find_name(from_type, to_type, name) is not None:
                return None
            return self.definitions.create(from_type, to_type, name, label, inverse_label)

    def user_definition(self, from_type: str, to_type: str, type_id: int) -> Definition | None:
        """The user-defined definition ``type_id`` of the direction, if there is one."""
        definition = self.definition(from_type, to_type, type_id)
        return definition if definition is not None and definition.name is not None else None

    def update_label(
        self, from_type: str, to_type: str, type_id: int, label: str, inverse_label: str | None
    ) -> bool:
        """Rename a user-defined label (and its inverse); False when there is no such label."""
        with self.lock:
            definition = self.user_definition(from_type, to_type, type_id)
            if definition is None:
                return False
            definition.label = label
            self._rendered.clear()
            if inverse_label is not None and definition.inverse != type_id:
                inverse = self.definitions.pair(to_type, from_type).get(definition.inverse)
                if inverse is not None:
                    inverse.label = inverse_label
            return True

    def delete_label(self, from_type: str, to_type: str, type_id: int) -> bool:
        """Delete a user-defined label, its inverse, their limits and their use on records."""
        with self.lock:
            if self.user_definition(from_type, to_type, type_id) is None:
                return False
            forward_id, backward_id = self.definitions.delete(from_type, to_type, type_id)
            self._rendered.clear()
            for key, gone in (
                ((from_type, to_type), forward_id),
                ((to_type, from_type), backward_id),
            ):
                self._limits.get(key, {}).pop(gone, None)
                for current in self._assoc.get(key, {}).values():
                    for to_id, types in current.items():
                        if gone in types:
                            current[to_id] = self._intern(types - {gone})
            return True

    # limits ------------------------------------------------------------------------------------

    def set_limit(self, from_type: str, to_type: str, type_id: int, limit: int) -> Definition:
        """Configure ``maxToObjectIds`` for a (validated) type of the direction."""
        with self.lock:
            self._limits.setdefault((from_type, to_type), {})[type_id] = limit
            return self.definitions.pair(from_type, to_type)[type_id]

    def purge_limit(self, from_type: str, to_type: str, type_id: int) -> None:
        """Remove a configured limit (no-op when none)."""
        with self.lock:
            self._limits.get((from_type, to_type), {}).pop(type_id, None)

    def limit_configs(self, from_type: str, to_type: str) -> list[tuple[Definition, int | None]]:
        """Every definition of the direction with its configured limit (None when unset)."""
        with self.lock:
            limits = self._limits.get((from_type, to_type), {})
            defs = self.definitions.pair(from_type, to_type)
            return [(defs[t], limits.get(t)) for t in sorted(defs)]

    def all_limit_configs(self) -> list[tuple[Definition, int]]:
        """Every configured limit of the account."""
        with self.lock:
            out: list[tuple[Definition, int]] = []
            for (from_type, to_type), limits in sorted(self._limits.items()):
                defs = self.definitions.pair(from_type, to_type)
                out.extend((defs[t], limits[t]) for t in sorted(limits) if t in defs)
            return out
