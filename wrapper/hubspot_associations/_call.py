"""A prepared API call (what to send, how to read a success) and what runs one."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

import httpx

from ._generated import Door

T = TypeVar("T")


@dataclasses.dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """One HTTP exchange of an operation, independent of sync or async I/O.

    ``path`` comes from the generated client (so the API version is the generated one);
    ``parse`` turns a success answer into the SDK's result and may raise
    :class:`~hubspot_associations.errors.InvalidResponseError`.
    """

    operation: str
    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    params: dict[str, Any] | None = None
    json: Any = None


def from_kwargs(
    operation: str, kwargs: dict[str, Any], parse: Callable[[httpx.Response], T]
) -> Call[T]:
    """A Call from a generated module's ``_get_kwargs`` result."""
    return Call(
        operation=operation,
        method=kwargs["method"].upper(),
        path=kwargs["url"],
        parse=parse,
        params=kwargs.get("params") or None,
        json=kwargs.get("json"),
    )


class SyncRunner(Protocol):
    """What a sync namespace needs of its client: its API version's door, and run one Call to
    its result."""

    _door: Door

    def _run(self, call: Call[T], stop: threading.Event | None = None) -> T: ...


class AsyncRunner(Protocol):
    """What an async namespace needs of its client: its API version's door, and run one Call
    to its result."""

    _door: Door

    async def _run(self, call: Call[T]) -> T: ...


def share_docstrings(*pairs: tuple[type, type]) -> None:
    """Give each public async method without a docstring its sync twin's.

    The twins are kept side by side by hand; ``tests/test_house.py`` holds their names,
    signatures and docstrings equal, and the behaviour tests run over both clients.
    """
    for sync_cls, async_cls in pairs:
        for name, member in vars(async_cls).items():
            if callable(member) and not name.startswith("_") and member.__doc__ is None:
                member.__doc__ = getattr(sync_cls, name).__doc__
