"""A client's own httpx client carries its headers and timeout; copies and callers' clients
still get theirs with every request. Checked on the wire (a real loopback server), sync and
async, for the client, a ``with_options`` copy with another token and timeout, and the client
again after the copy."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from conftest import TOKEN
from hubspot_associations import Associations, AsyncAssociations
from scripted_server import ScriptedServer

OTHER_TOKEN = "pat-na1-another-account-token"
KINDS = ("sync", "async")
FAST: dict[str, Any] = {"rate_limit": None, "max_retries": 0}


def run_calls(kind: str, url: str, theirs: dict[str, Any] | None = None) -> list[float]:
    """remove() from a client (timeout 7), from a copy (OTHER_TOKEN, timeout 2.5), then the
    client again; with ``theirs``, on a caller's httpx client made with those options.
    Returns each request's read timeout, as httpx applied it."""
    timeouts: list[float] = []
    seen: dict[str, Any] = {}

    def hook(request: httpx.Request) -> None:
        timeouts.append(request.extensions["timeout"]["read"])

    async def ahook(request: httpx.Request) -> None:
        hook(request)

    args = ("contacts", 1, "companies", 2)
    if kind == "sync":
        mine = None if theirs is None else httpx.Client(**theirs)
        with Associations(TOKEN, base_url=url, timeout=7, http_client=mine, **FAST) as c:
            c._http.event_hooks["request"].append(hook)
            c.remove(*args)
            c.with_options(access_token=OTHER_TOKEN, timeout=2.5).remove(*args)
            c.remove(*args)
        if mine is not None:
            seen["headers"] = mine.headers
            mine.close()
    else:

        async def main() -> None:
            amine = None if theirs is None else httpx.AsyncClient(**theirs)
            async with AsyncAssociations(
                TOKEN, base_url=url, timeout=7, http_client=amine, **FAST
            ) as c:
                c._http.event_hooks["request"].append(ahook)
                await c.remove(*args)
                await c.with_options(access_token=OTHER_TOKEN, timeout=2.5).remove(*args)
                await c.remove(*args)
            if amine is not None:
                seen["headers"] = amine.headers
                await amine.aclose()

        asyncio.run(main())
    if theirs is not None:  # the caller's client is left as it was
        assert "authorization" not in seen["headers"]
        assert seen["headers"]["user-agent"] == theirs["headers"]["User-Agent"]
    return timeouts


@pytest.mark.parametrize("kind", KINDS)
def test_each_request_carries_its_own_clients_token_and_timeout(
    server: ScriptedServer, kind: str
) -> None:
    for _ in range(3):
        server.reply(204)
    timeouts = run_calls(kind, server.url)

    tokens = [r.headers["authorization"] for r in server.received]
    assert tokens == [f"Bearer {TOKEN}", f"Bearer {OTHER_TOKEN}", f"Bearer {TOKEN}"]
    for request in server.received:
        assert request.headers["user-agent"].startswith("hubspot-associations/")
        assert request.headers["accept"] == "application/json"
    assert timeouts == [7.0, 2.5, 7.0]


@pytest.mark.parametrize("kind", KINDS)
def test_a_callers_http_client_gets_the_headers_and_timeout_per_request(
    server: ScriptedServer, kind: str
) -> None:
    for _ in range(3):
        server.reply(204)
    theirs = {"headers": {"User-Agent": "theirs", "X-Theirs": "kept"}, "timeout": 60}
    timeouts = run_calls(kind, server.url, theirs)

    assert [r.headers["authorization"] for r in server.received] == [
        f"Bearer {TOKEN}",
        f"Bearer {OTHER_TOKEN}",
        f"Bearer {TOKEN}",
    ]
    for request in server.received:
        assert request.headers["user-agent"].startswith("hubspot-associations/")
        assert request.headers["x-theirs"] == "kept"
    assert timeouts == [7.0, 2.5, 7.0]


COOKIE = {"Set-Cookie": "__cf_bm=set-by-the-first-answer; Path=/"}


@pytest.mark.parametrize("kind", KINDS)
def test_a_cookie_an_answer_sets_is_never_sent_back(server: ScriptedServer, kind: str) -> None:
    # HubSpot's calls need no cookie: one set on an answer to one token is not sent with the
    # next request, nor with a copy's, which carries another token on the same connections.
    for _ in range(3):
        server.reply(204, headers=COOKIE)
    run_calls(kind, server.url)

    assert len(server.received) == 3
    assert [r.headers.get("cookie") for r in server.received] == [None, None, None]


@pytest.mark.parametrize("kind", KINDS)
def test_a_callers_http_client_keeps_its_own_cookie_policy(
    server: ScriptedServer, kind: str
) -> None:
    for _ in range(3):
        server.reply(204, headers=COOKIE)
    run_calls(kind, server.url, {"headers": {"User-Agent": "theirs"}})

    sent = [r.headers.get("cookie") for r in server.received]
    assert sent == [None, "__cf_bm=set-by-the-first-answer", "__cf_bm=set-by-the-first-answer"]
