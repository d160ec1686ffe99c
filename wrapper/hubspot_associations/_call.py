"""A prepared API call: what to send, and how to read a successful answer."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import httpx

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
