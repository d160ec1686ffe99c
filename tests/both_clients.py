"""Run one call through the sync or the async client, so a behaviour test covers both.

``call(kind, fn, ...)`` makes a client of that kind (no retries, no pacing unless asked),
calls ``fn(client)`` and returns its result (awaited for the async client). ``transport`` puts an
``httpx.MockTransport`` in place of the network: answers computed from the request, in-process.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import httpx
from clients import TLS
from conftest import TOKEN
from hubspot_associations import Associations, AsyncAssociations

KINDS = ["sync", "async"]
# A loopback address that is never dialled: requests go to the MockTransport.
NOWHERE = "http://127.0.0.1:9"


def call(
    kind: str,
    fn: Callable[[Any], Any],
    *,
    url: str = NOWHERE,
    transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
    **options: Any,
) -> Any:
    options.setdefault("max_retries", 0)
    options.setdefault("rate_limit", None)
    if kind == "sync":
        with (
            httpx.Client(verify=TLS, transport=transport) as http,  # type: ignore[arg-type]
            Associations(TOKEN, base_url=url, http_client=http, **options) as client,
        ):
            return fn(client)

    async def main() -> Any:
        async with (
            httpx.AsyncClient(verify=TLS, transport=transport) as http,  # type: ignore[arg-type]
            AsyncAssociations(TOKEN, base_url=url, http_client=http, **options) as client,
        ):
            result = fn(client)
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(main())
