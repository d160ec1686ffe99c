"""``client.labels``: association labels between two object types, with a per-client cache.

The cache serves :meth:`Labels.find`. Every change made through the client (create, update,
delete) empties it before and after its request, and a listing that was under way while a
change ran is not kept: it may predate the change. Labels changed elsewhere (another process,
HubSpot's UI) show once the client changes a label or a new client lists them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from .. import _operations as ops
from .._call import AsyncRunner, SyncRunner, share_docstrings
from ..types import AssociationSpec

__all__ = ["AsyncLabels", "Labels"]

_Specs = list[AssociationSpec]  # an alias: inside the classes, `list` is a method


class _Listings:
    """The listings ``find`` keeps, per pair of object types, and the changes that void them."""

    def __init__(self) -> None:
        self._specs: dict[tuple[str, str], _Specs] = {}
        self.changes = 0  # how many changes began: a listing older than one is not kept

    def get(self, pair: tuple[str, str]) -> _Specs | None:
        return self._specs.get(pair)

    def keep(self, pair: tuple[str, str], specs: _Specs, changes: int) -> None:
        """Keep ``specs``, listed when ``changes`` changes had begun, if no change began since."""
        if changes == self.changes:
            self._specs[pair] = specs

    @contextlib.contextmanager
    def changing(self) -> Iterator[None]:
        """Around a label change: nothing listed before or during it is kept."""
        self._changed()
        try:
            yield
        finally:
            self._changed()

    def _changed(self) -> None:
        self.changes += 1
        self._specs.clear()


class Labels:
    """Association labels between two object types: ``client.labels``."""

    def __init__(self, client: SyncRunner) -> None:
        self._client = client
        self._cache = _Listings()

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
        with self._cache.changing():
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
        with self._cache.changing():
            self._client._run(
                ops.update_label(
                    self._client._door, from_type, to_type, type_id, label, inverse_label
                )
            )

    def delete(self, from_type: str, to_type: str, type_id: int) -> None:
        """Delete a user-defined label."""
        with self._cache.changing():
            self._client._run(ops.delete_label(self._client._door, from_type, to_type, type_id))

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
        changes = self._cache.changes
        specs = self.list(from_type, to_type)
        self._cache.keep(key[:2], specs, changes)
        return ops.find_label(specs, key)


class AsyncLabels:
    """Association labels between two object types: ``client.labels``."""

    def __init__(self, client: AsyncRunner) -> None:
        self._client = client
        self._cache = _Listings()

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
        with self._cache.changing():
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
        with self._cache.changing():
            await self._client._run(
                ops.update_label(
                    self._client._door, from_type, to_type, type_id, label, inverse_label
                )
            )

    async def delete(self, from_type: str, to_type: str, type_id: int) -> None:
        with self._cache.changing():
            await self._client._run(
                ops.delete_label(self._client._door, from_type, to_type, type_id)
            )

    async def find(self, from_type: str, to_type: str, label: str) -> AssociationSpec:
        key = ops.label_key(from_type, to_type, label)
        cached = self._cache.get(key[:2])
        if cached is not None:
            return ops.find_label(cached, key)
        changes = self._cache.changes
        specs = await self.list(from_type, to_type)
        self._cache.keep(key[:2], specs, changes)
        return ops.find_label(specs, key)


share_docstrings((Labels, AsyncLabels))
