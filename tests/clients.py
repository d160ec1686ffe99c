"""Clients for tests: fast to make, no retries or pacing unless a test asks for them."""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
from conftest import TOKEN
from hubspot_associations import Associations, AsyncAssociations

# httpx builds a TLS context per client (~50 ms, even for http://); the tests share one.
TLS = ssl.create_default_context()


@contextlib.contextmanager
def sync_client(url: str, **options: Any) -> Iterator[Associations]:
    options.setdefault("max_retries", 0)
    options.setdefault("rate_limit", None)
    with (
        httpx.Client(verify=TLS) as http_client,
        Associations(
            access_token=TOKEN, base_url=url, http_client=http_client, **options
        ) as client,
    ):
        yield client


@contextlib.asynccontextmanager
async def async_client(url: str, **options: Any) -> AsyncIterator[AsyncAssociations]:
    options.setdefault("max_retries", 0)
    options.setdefault("rate_limit", None)
    async with (
        httpx.AsyncClient(verify=TLS) as http_client,
        AsyncAssociations(
            access_token=TOKEN, base_url=url, http_client=http_client, **options
        ) as client,
    ):
        yield client
