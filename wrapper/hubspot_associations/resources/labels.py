"""``client.labels``: association labels between two object types, with a per-client cache.

The cache serves :meth:`Labels.find`. Every change made through the client (create, update,
delete) empties it before and after its request, and a listing that was under way while a
change ran is not kept: it may predate the change. Labels changed elsewhere (another process,
HubSpot's UI) show once the client changes a label or a new client lists them.
"""

from __future__ import annotations

from .. import _operations as ops
from .._call import AsyncRunner, SyncRunner, share_docstrings
from ..types import AssociationSpec

__all__ = ["AsyncLabels", "Labels"]

_Specs = list[AssociationSpec]  # an alias: inside the classes, `list` is a method


class Labels:
    """Association labels between two object types: ``client.labels``."""

    def __init__(self, client: SyncRunner) -> None:
        self._client = client
        self._cache: dict[tuple[str, str], _Specs] = {}
        self._changes = 0  # how many changes began: a listing older than one is not cached

    def list(self, from_type: str, to_type: str) -> _Specs:
        """Every association type from ``from_type`` to ``to_type``, labeled or not."""
        return self._client._run(ops.list_labels(self._client._door, from_type, to_type))

    def create(
        self,
        from_type: str,
        to_type: str,
        *,
        name: str,
        label: str,
        inverse_label: str | None = None,
    ) -> _Specs:
        """Create a user-defined label (and its inverse); returns the new association types."""
        self._changed()
        try:
            return self._client._run(
                ops.create_label(self._client._door, from_type, to_type, name, label, inverse_label)
            )
        finally:
            self._changed()

    def update(
        self,
        from_type: str,
        to_type: str,
        type_id: int,
        *,
        label: str,
        inverse_label: str | None = None,
    ) -> None:
        """Rename a user-defined label."""
        self._changed()
        try:
            self._client._run(
                ops.update_label(
                    self._client._door, from_type, to_type, type_id, label, inverse_label
                )
            )
        finally:
            self._changed()

    def delete(self, from_type: str, to_type: str, type_id: int) -> None:
        """Delete a user-defined label."""
        self._changed()
        try:
            self._client._run(ops.delete_label(self._client._door, from_type, to_type, type_id))
        finally:
            self._changed()

    def find(self, from_type: str, to_type: str, label: str) -> AssociationSpec:
        """The association type with this label, compared case-insensitively (the listing is
        cached per client until it changes a label);
        :class:`~hubspot_associations.errors.LabelNotFoundError` if there is none.

        Example: ``spec = client.labels.find("contacts", "companies", "Decision maker")``
        """
        key = ops.label_key(from_type, to_type, label)
        cached = self._cache.get(key[:2])
        if cached is not None:
            return ops.find_label(cached, key)
        changes = self._changes
        specs = self.list(from_type, to_type)
        if changes == self._changes:
            self._cache[key[:2]] = specs
        return ops.find_label(specs, key)

    def _changed(self) -> None:
        self._changes += 1
        self._cache.clear()


class AsyncLabels:
    """Association labels between two object types: ``client.labels``."""

    def __init__(self, client: AsyncRunner) -> None:
        self._client = client
        self._cache: dict[tuple[str, str], _Specs] = {}
        self._changes = 0  # how many changes began: a listing older than one is not cached

    async def list(self, from_type: str, to_type: str) -> _Specs:
        return await self._client._run(ops.list_labels(self._client._door, from_type, to_type))

    async def create(
        self,
        from_type: str,
        to_type: str,
        *,
        name: str,
        label: str,
        inverse_label: str | None = None,
    ) -> _Specs:
        self._changed()
        try:
            return await self._client._run(
                ops.create_label(self._client._door, from_type, to_type, name, label, inverse_label)
            )
        finally:
            self._changed()

    async def update(
        self,
        from_type: str,
        to_type: str,
        type_id: int,
        *,
        label: str,
        inverse_label: str | None = None,
    ) -> None:
        self._changed()
        try:
            await self._client._run(
                ops.update_label(
                    self._client._door, from_type, to_type, type_id, label, inverse_label
                )
            )
        finally:
            self._changed()

    async def delete(self, from_type: str, to_type: str, type_id: int) -> None:
        self._changed()
        try:
            await self._client._run(
                ops.delete_label(self._client._door, from_type, to_type, type_id)
            )
        finally:
            self._changed()

    async def find(self, from_type: str, to_type: str, label: str) -> AssociationSpec:
        key = ops.label_key(from_type, to_type, label)
        cached = self._cache.get(key[:2])
        if cached is not None:
            return ops.find_label(cached, key)
        changes = self._changes
        specs = await self.list(from_type, to_type)
        if changes == self._changes:
            self._cache[key[:2]] = specs
        return ops.find_label(specs, key)

    def _changed(self) -> None:
        self._changes += 1
        self._cache.clear()


share_docstrings((Labels, AsyncLabels))
