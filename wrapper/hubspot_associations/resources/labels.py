"""``client.labels``: association labels between two object types, with a per-client cache."""

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
        self._cache.clear()
        return self._client._run(
            ops.create_label(self._client._door, from_type, to_type, name, label, inverse_label)
        )

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
        self._cache.clear()
        self._client._run(
            ops.update_label(self._client._door, from_type, to_type, type_id, label, inverse_label)
        )

    def delete(self, from_type: str, to_type: str, type_id: int) -> None:
        """Delete a user-defined label."""
        self._cache.clear()
        self._client._run(ops.delete_label(self._client._door, from_type, to_type, type_id))

    def find(self, from_type: str, to_type: str, label: str) -> AssociationSpec:
        """The association type with this label, compared case-insensitively (cached per
        client); :class:`~hubspot_associations.errors.LabelNotFoundError` if there is none.

        Example: ``spec = client.labels.find("contacts", "companies", "Decision maker")``
        """
        key = ops.label_key(from_type, to_type, label)
        if key[:2] not in self._cache:
            self._cache[key[:2]] = self.list(from_type, to_type)
        return ops.find_label(self._cache[key[:2]], key)


class AsyncLabels:
    """Association labels between two object types: ``client.labels``."""

    def __init__(self, client: AsyncRunner) -> None:
        self._client = client
        self._cache: dict[tuple[str, str], _Specs] = {}

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
        self._cache.clear()
        return await self._client._run(
            ops.create_label(self._client._door, from_type, to_type, name, label, inverse_label)
        )

    async def update(
        self,
        from_type: str,
        to_type: str,
        type_id: int,
        *,
        label: str,
        inverse_label: str | None = None,
    ) -> None:
        self._cache.clear()
        await self._client._run(
            ops.update_label(self._client._door, from_type, to_type, type_id, label, inverse_label)
        )

    async def delete(self, from_type: str, to_type: str, type_id: int) -> None:
        self._cache.clear()
        await self._client._run(ops.delete_label(self._client._door, from_type, to_type, type_id))

    async def find(self, from_type: str, to_type: str, label: str) -> AssociationSpec:
        key = ops.label_key(from_type, to_type, label)
        if key[:2] not in self._cache:
            self._cache[key[:2]] = await self.list(from_type, to_type)
        return ops.find_label(self._cache[key[:2]], key)


share_docstrings((Labels, AsyncLabels))
