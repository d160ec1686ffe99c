"""What the fake remembers about each request it received."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class RecordedRequest:
    """One request as :class:`FakeHubSpot` received it (faulted ones included).

    Example::

        assert hs.requests[-1].method == "PUT"
        assert hs.requests[-1].headers["authorization"].startswith("Bearer ")
    """

    method: str
    """HTTP method, upper case."""
    path: str
    """Path without the query string, as sent (not percent-decoded)."""
    query: dict[str, str]
    """Query parameters (the last value wins when one is repeated)."""
    json: Any
    """The JSON body, or None when there was none or it was not valid JSON."""
    headers: dict[str, str]
    """Request headers with lower-case names."""
    body: bytes = field(default=b"", repr=False)
    """The raw body."""
