"""A prepared API call (what to send, how to read a success) and what runs one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

import httpx

from ._generated import Door
from ._values import FrozenValue, slot_setters

T = TypeVar("T")


class Call(FrozenValue, Generic[T]):
    """One HTTP exchange of an operation, independent of sync or async I/O.

    ``path`` comes from the generated client (so the API version is the generated one);
    ``parse`` turns a success answer into the SDK's result and may raise
    :class:`~hubspot_associations.errors.InvalidResponseError`.
    """

    __slots__ = ("json", "method", "operation", "params", "parse", "path")
    operation: str
    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    params: dict[str, Any] | None
    json: Any

    def __init__(
        self,
        operation: str,
        method: str,
        path: str,
        parse: Callable[[httpx.Response], T],
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> None:
        # One Call is made per request: its slots are set through their own descriptors, half
        # the cost of a frozen dataclass's object.__setattr__ per field.
        _set_operation(self, operation)
        _set_method(self, method)
        _set_path(self, path)
        _set_parse(self, parse)
        _set_params(self, params)
        _set_json(self, json)


_set_operation, _set_method, _set_path, _set_parse, _set_params, _set_json = slot_setters(
    Call, "operation", "method", "path", "parse", "params", "json"
)


def from_kwargs(
    operation: str, kwargs: dict[str, Any], parse: Callable[[httpx.Response], T]
) -> Call[T]:
    """A Call from a generated module's ``_get_kwargs`` result."""
    return Call(
        operation,
        kwargs["method"].upper(),
        kwargs["url"],
        parse,
        kwargs.get("params") or None,
        kwargs.get("json"),
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
