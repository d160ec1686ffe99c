"""The calls on one pair of records, which the clients carry themselves:
``client.associate_default``, ``associate``, ``remove`` and ``list``."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator
from typing import TypeVar

from .. import _hubspot as hubspot
from .. import _operations as ops
from .._call import Call, share_docstrings
from .._generated import Door
from ..types import AssociatedRecord, Association, AssociationTypes, LabelsBetweenRecords

__all__ = ["AsyncRecords", "Records"]

T = TypeVar("T")

_Associations = list[Association]  # an alias: inside the classes, `list` is a method


class Records:
    """Associate, remove and list the associations of single records (mixed into
    :class:`~hubspot_associations.Associations`, whose ``_run`` sends the calls)."""

    _door: Door  # the generated client of the API version the client calls

    def _run(self, call: Call[T], stop: threading.Event | None = None) -> T:
        raise NotImplementedError

    def associate_default(
        self, from_type: str, from_id: int | str, to_type: str, to_id: int | str
    ) -> _Associations:
        """Associate two records with the default (unlabeled) type of their object types.

        Returns both directions of the association HubSpot created.

        Example: ``client.associate_default("contacts", 123, "companies", 456)``
        """
        return self._run(ops.associate_default(self._door, from_type, from_id, to_type, to_id))

    def associate(
        self,
        from_type: str,
        from_id: int | str,
        to_type: str,
        to_id: int | str,
        types: AssociationTypes,
    ) -> LabelsBetweenRecords:
        """Associate two records with the given association types (labels).

        ``types`` takes :class:`AssociationType` members, :class:`AssociationSpec`,
        ``(category, type_id)`` pairs, or ints meaning HubSpot-defined type ids.

        Example: ``client.associate("deals", 1, "contacts", 2,
        types=[AssociationType.DEAL_TO_CONTACT])``
        """
        return self._run(ops.associate(self._door, from_type, from_id, to_type, to_id, types))

    def remove(self, from_type: str, from_id: int | str, to_type: str, to_id: int | str) -> None:
        """Remove every association between two records (labeled ones included)."""
        self._run(ops.remove(self._door, from_type, from_id, to_type, to_id))

    def list(
        self,
        object_type: str,
        object_id: int | str,
        to_type: str,
        page_size: int = hubspot.LIST_PAGE_MAX,
    ) -> Iterator[AssociatedRecord]:
        """Every record of ``to_type`` associated with one record; pages are fetched as you go.

        Example::

            for record in client.list("contacts", 123, "companies"):
                print(record.to_object_id, record.type_ids, record.labels)
        """
        return self._pages(ops.Pager(self._door, object_type, object_id, to_type, page_size))

    def _pages(self, pager: ops.Pager) -> Iterator[AssociatedRecord]:
        after: str | None = None
        while True:
            records, after = self._run(pager.page(after))
            after = pager.follow(after)
            yield from records
            # Let this page go before the next is read: kept, its records would outlive the
            # collections reading that page sets off and pile up in the GC's oldest generation.
            del records
            if after is None:
                return


class AsyncRecords:
    """Associate, remove and list the associations of single records (mixed into
    :class:`~hubspot_associations.AsyncAssociations`, whose ``_run`` sends the calls)."""

    _door: Door  # the generated client of the API version the client calls

    async def _run(self, call: Call[T]) -> T:
        raise NotImplementedError

    async def associate_default(
        self, from_type: str, from_id: int | str, to_type: str, to_id: int | str
    ) -> _Associations:
        return await self._run(
            ops.associate_default(self._door, from_type, from_id, to_type, to_id)
        )

    async def associate(
        self,
        from_type: str,
        from_id: int | str,
        to_type: str,
        to_id: int | str,
        types: AssociationTypes,
    ) -> LabelsBetweenRecords:
        return await self._run(ops.associate(self._door, from_type, from_id, to_type, to_id, types))

    async def remove(
        self, from_type: str, from_id: int | str, to_type: str, to_id: int | str
    ) -> None:
        await self._run(ops.remove(self._door, from_type, from_id, to_type, to_id))

    def list(
        self,
        object_type: str,
        object_id: int | str,
        to_type: str,
        page_size: int = hubspot.LIST_PAGE_MAX,
    ) -> AsyncIterator[AssociatedRecord]:
        return self._pages(ops.Pager(self._door, object_type, object_id, to_type, page_size))

    async def _pages(self, pager: ops.Pager) -> AsyncIterator[AssociatedRecord]:
        after: str | None = None
        while True:
            records, after = await self._run(pager.page(after))
            after = pager.follow(after)
            for record in records:
                yield record
            del records  # as in Records._pages
            if after is None:
                return


share_docstrings((Records, AsyncRecords))
