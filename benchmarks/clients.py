"""The four clients, each used the way its documentation says, for the same operations.

- ``httpx``: raw ``httpx.Client`` / ``httpx.AsyncClient``, the baseline every ratio is taken to:
  the request, a status check and ``response.json()``; nothing else.
- ``hubspot-associations``: this SDK, pacing off (``rate_limit=None``).
- ``hubspot-sdk``: HubSpot's new SDK (``hubspot_sdk.HubSpot``, ``base_url=``), whose
  ``crm.associations.create(to_id, from_object_type=, from_object_id=, to_object_type=)`` is the
  2026-03 "associate default" call; it has an asyncio client too.
- ``hubspot-api-client``: HubSpot's legacy SDK (``hubspot.Client.create(access_token=, host=)``),
  which only knows the v4 paths: ``crm.associations.v4.basic_api.create_default(...)``. The
  benchmark server answers v4 paths with the same handler and body (see server.py). Its
  ``async_req=True`` runs calls on a thread pool, not asyncio, so it has no async row.

Every builder returns plain callables so the measuring loops are the same for all clients.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

TOKEN = "bench-token"
FROM_TYPE, FROM_ID, TO_TYPE, TO_ID = "contacts", 1, "companies", 2
SEED_PATH = f"/crm/objects/2026-03/{FROM_TYPE}/{FROM_ID}/associations/default/{TO_TYPE}/{TO_ID}"
LIST_PATH = "/crm/objects/2026-03/contacts/{id}/associations/companies"

CLIENTS = ("httpx", "hubspot-associations", "hubspot-sdk", "hubspot-api-client")
ASYNC_CLIENTS = ("httpx", "hubspot-associations", "hubspot-sdk")

# Cold start: (imports, construction, first seed call) as source lines run in a fresh process
# with URL and TOKEN defined; see run.py for the timing harness around them.
COLD_START: dict[str, tuple[str, str, str]] = {
    "httpx": (
        "import httpx",
        "client = httpx.Client(base_url=URL, headers={'Authorization': 'Bearer ' + TOKEN})",
        f"r = client.put({SEED_PATH!r}); r.raise_for_status(); r.json()",
    ),
    "hubspot-associations": (
        "from hubspot_associations import Associations",
        "client = Associations(TOKEN, base_url=URL, rate_limit=None)",
        f"client.associate_default({FROM_TYPE!r}, {FROM_ID}, {TO_TYPE!r}, {TO_ID})",
    ),
    "hubspot-sdk": (
        "from hubspot_sdk import HubSpot",
        "client = HubSpot(access_token=TOKEN, base_url=URL)",
        f"client.crm.associations.create({str(TO_ID)!r}, from_object_type={FROM_TYPE!r},"
        f" from_object_id={str(FROM_ID)!r}, to_object_type={TO_TYPE!r})",
    ),
    "hubspot-api-client": (
        "import hubspot",
        "client = hubspot.Client.create(access_token=TOKEN, host=URL)",
        f"client.crm.associations.v4.basic_api.create_default({FROM_TYPE!r}, {str(FROM_ID)!r},"
        f" {TO_TYPE!r}, {str(TO_ID)!r})",
    ),
}


def sync_seed(name: str, url: str) -> tuple[Callable[[], Any], Callable[[], None]]:
    """(one seed call, close) for a blocking client."""
    if name == "httpx":
        import httpx

        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})

        def raw() -> Any:
            response = client.put(SEED_PATH)
            response.raise_for_status()
            return response.json()

        return raw, client.close
    if name == "hubspot-associations":
        from hubspot_associations import Associations

        ours = Associations(TOKEN, base_url=url, rate_limit=None)
        return lambda: ours.associate_default(FROM_TYPE, FROM_ID, TO_TYPE, TO_ID), ours.close
    if name == "hubspot-sdk":
        from hubspot_sdk import HubSpot

        sdk = HubSpot(access_token=TOKEN, base_url=url)
        create = sdk.crm.associations.create
        to_id, from_id = str(TO_ID), str(FROM_ID)

        def new_sdk() -> Any:
            return create(
                to_id, from_object_type=FROM_TYPE, from_object_id=from_id, to_object_type=TO_TYPE
            )

        return new_sdk, sdk.close
    if name == "hubspot-api-client":
        import hubspot

        # The API object is made once and reused: each `.basic_api` access builds a new one.
        api = hubspot.Client.create(access_token=TOKEN, host=url).crm.associations.v4.basic_api
        args = (FROM_TYPE, str(FROM_ID), TO_TYPE, str(TO_ID))
        return lambda: api.create_default(*args), lambda: None
    raise ValueError(name)


def async_seed(name: str, url: str) -> tuple[Callable[[], Awaitable[Any]], Callable[[], Any], Any]:
    """(one seed call as a coroutine function, async close, the ``httpx.AsyncClient`` under
    it) for an asyncio client. The benchmark resets that client's connection pool before each
    block (see worker.concurrent); all three use httpx's default pool limits."""
    if name == "httpx":
        import httpx

        client = httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})

        async def raw() -> Any:
            response = await client.put(SEED_PATH)
            response.raise_for_status()
            return response.json()

        return raw, client.aclose, client
    if name == "hubspot-associations":
        from hubspot_associations import AsyncAssociations

        ours = AsyncAssociations(TOKEN, base_url=url, rate_limit=None)
        return (
            lambda: ours.associate_default(FROM_TYPE, FROM_ID, TO_TYPE, TO_ID),
            ours.aclose,
            ours._http,
        )
    if name == "hubspot-sdk":
        from hubspot_sdk import AsyncHubSpot

        sdk = AsyncHubSpot(access_token=TOKEN, base_url=url)
        create = sdk.crm.associations.create
        to_id, from_id = str(TO_ID), str(FROM_ID)

        def new_sdk() -> Awaitable[Any]:
            return create(
                to_id, from_object_type=FROM_TYPE, from_object_id=from_id, to_object_type=TO_TYPE
            )

        return new_sdk, sdk.close, sdk._client
    raise ValueError(f"{name} has no asyncio client")


def next_cursor(page: dict[str, Any]) -> str | None:
    """A listing page's cursor of the next page, None on the last."""
    after: str | None = (page.get("paging") or {}).get("next", {}).get("after")
    return after


def count_page(page: dict[str, Any]) -> tuple[int, str | None]:
    """What raw httpx does with a page of a listing: count its records, take its cursor."""
    count = 0
    for _record in page["results"]:
        count += 1
    return count, next_cursor(page)


def models_page(page: dict[str, Any]) -> tuple[int, str | None]:
    """Raw httpx reading a page as this SDK must: through the generated client's own page model
    (``AssociatedObjectPage.from_dict``, each record an attrs model), and nothing more."""
    from hubspot_associations_api.models import AssociatedObjectPage

    model = AssociatedObjectPage.from_dict(page)
    nxt = model.paging.next_ if model.paging else None
    return len(model.results), (str(nxt.after) if nxt else None)


# Raw httpx reading listed pages through the generated models: the floor of any client that
# reads responses through them, as this SDK does (the listing target is taken to it;
# benchmarks/README.md).
FLOOR = "httpx-models"

# The raw httpx listings, by how each reads a page: ``httpx`` is the baseline of every ratio.
RAW_READERS: dict[str, Callable[[dict[str, Any]], tuple[int, str | None]]] = {
    "httpx": count_page,
    FLOOR: models_page,
}


def raw_list_all(
    url: str, record_id: int, read_page: Callable[[dict[str, Any]], tuple[int, str | None]]
) -> tuple[Callable[[], int], Callable[[], Any]]:
    """Raw httpx's listing, as list_all returns it: each page's JSON given to ``read_page``
    (records read, next cursor); listing_floor.py swaps in readers that do more per record."""
    import httpx

    client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
    path = LIST_PATH.format(id=record_id)

    def raw() -> int:
        count = 0
        params: dict[str, Any] = {"limit": 500}
        while True:
            response = client.get(path, params=params)
            response.raise_for_status()
            read, after = read_page(response.json())
            count += read
            if after is None:
                return count
            params = {"limit": 500, "after": after}

    def raw_warm() -> Any:
        response = client.get(path, params={"limit": 1})
        response.raise_for_status()
        return response.json()

    return raw, raw_warm


def list_all(name: str, url: str, record_id: int) -> tuple[Callable[[], int], Callable[[], Any]]:
    """(iterate every association of one record and count them, a one-page warm-up listing).

    The warm-up lists one page on the same client: its connection is open and whatever the
    client loads on the first listing (this SDK's operation module and models) is loaded
    before the timed listing, for every client alike.
    """
    if name in RAW_READERS:
        return raw_list_all(url, record_id, RAW_READERS[name])
    if name == "hubspot-associations":
        from hubspot_associations import Associations

        ours = Associations(TOKEN, base_url=url, rate_limit=None)
        return (
            lambda: sum(1 for _ in ours.list("contacts", record_id, "companies")),
            lambda: next(iter(ours.list("contacts", record_id, "companies", page_size=1))),
        )
    if name == "hubspot-sdk":
        from hubspot_sdk import HubSpot

        sdk = HubSpot(access_token=TOKEN, base_url=url)

        def listing(limit: int) -> Any:
            return sdk.crm.associations.list(
                "companies", object_type="contacts", object_id=str(record_id), limit=limit
            )

        def new_sdk() -> int:  # iterating a SyncPage follows `paging.next.after` for you
            return sum(1 for _ in listing(500))

        return new_sdk, lambda: next(iter(listing(1)))
    if name == "hubspot-api-client":
        import hubspot

        api = hubspot.Client.create(access_token=TOKEN, host=url).crm.associations.v4.basic_api

        def legacy() -> int:  # no auto-paging: follow the cursor by hand
            count = 0
            after = None
            while True:
                kwargs: dict[str, Any] = {"limit": 500}
                if after is not None:
                    kwargs["after"] = after
                page = api.get_page("contacts", str(record_id), "companies", **kwargs)
                count += len(page.results)
                nxt = page.paging.next if page.paging is not None else None
                if nxt is None:
                    return count
                after = nxt.after

        return legacy, lambda: api.get_page("contacts", str(record_id), "companies", limit=1)
    raise ValueError(name)


ASYNC_LIST_CLIENTS = ("httpx", "hubspot-associations")


def async_raw_list_all(
    url: str, record_id: int, read_page: Callable[[dict[str, Any]], tuple[int, str | None]]
) -> tuple[Callable[[], Awaitable[int]], Callable[[], Awaitable[Any]]]:
    """:func:`raw_list_all` with ``httpx.AsyncClient``."""
    import httpx

    client = httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
    path = LIST_PATH.format(id=record_id)

    async def raw() -> int:
        count = 0
        params: dict[str, Any] = {"limit": 500}
        while True:
            response = await client.get(path, params=params)
            response.raise_for_status()
            read, after = read_page(response.json())
            count += read
            if after is None:
                return count
            params = {"limit": 500, "after": after}

    async def raw_warm() -> Any:
        response = await client.get(path, params={"limit": 1})
        response.raise_for_status()
        return response.json()

    return raw, raw_warm


def async_list_all(
    name: str, url: str, record_id: int
) -> tuple[Callable[[], Awaitable[int]], Callable[[], Awaitable[Any]]]:
    """The same as :func:`list_all` with an asyncio client (raw httpx and this SDK)."""
    if name in RAW_READERS:
        return async_raw_list_all(url, record_id, RAW_READERS[name])
    if name == "hubspot-associations":
        from hubspot_associations import AsyncAssociations

        ours = AsyncAssociations(TOKEN, base_url=url, rate_limit=None)

        async def count() -> int:
            n = 0
            async for _ in ours.list("contacts", record_id, "companies"):
                n += 1
            return n

        async def warm() -> Any:
            async for record in ours.list("contacts", record_id, "companies", page_size=1):
                return record
            return None

        return count, warm
    raise ValueError(f"{name} is not measured listing with asyncio")


# -- batch read: every input's associations, in chunks of 1,000 ------------------------------

READ_CLIENTS = ("httpx", "hubspot-associations")
READ_INPUTS = 100_000
READ_PATH = "/crm/associations/2026-03/{from_type}/{to_type}/batch/read"


def batch_read_all(
    name: str, url: str, ids: range, concurrency: int = 1
) -> tuple[Callable[[], int], Callable[[], Any]]:
    """(read the associations of every id in ``ids``, count the records that answered; a
    warm-up read of two ids on the same client).

    Companies -> contacts, chunks of 1,000 (HubSpot's maximum, this SDK's default). Raw httpx
    sends the chunks one after another, parses each answer and keeps its results until the end
    (every company of the fixture has one association, so no input pages further), as the
    SDK's report keeps every input's records; this SDK runs ``client.batch.read`` with
    ``concurrency`` (1: the same requests in the same order).
    """
    from_type, to_type = "companies", "contacts"
    if name == "httpx":
        import httpx

        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
        path = READ_PATH.format(from_type=from_type, to_type=to_type)

        def read(chunk: range, kept: list[Any]) -> int:
            body = {"inputs": [{"id": str(i)} for i in chunk]}
            response = client.post(path, json=body)
            response.raise_for_status()
            results = response.json()["results"]
            kept.extend(results)  # what was read is kept, as the SDK's report keeps it
            return len(results)

        def raw() -> int:
            kept: list[Any] = []
            return sum(read(ids[i : i + 1000], kept) for i in range(0, len(ids), 1000))

        return raw, lambda: read(ids[:2], [])
    if name == "hubspot-associations":
        from hubspot_associations import Associations

        ours = Associations(TOKEN, base_url=url, rate_limit=None)

        def sdk(chunk: range) -> int:
            report = ours.batch.read(from_type, to_type, chunk, concurrency=concurrency)
            return len(report.succeeded)

        return lambda: sdk(ids), lambda: sdk(ids[:2])
    raise ValueError(f"{name} is not measured for batch read")


# -- bulk: every pair through the client's batch endpoint, in chunks of 100 ------------------

BULK_PATH = "/crm/associations/2026-03/contacts/companies/batch/associate/default"


def bulk_chunks(name: str, url: str, pairs: list[tuple[int, int]], window: float) -> int:
    """Send ``pairs`` the best way the client allows against a server enforcing a window.

    Chunks of 100, one request at a time. Neither of HubSpot's SDKs paces itself, so 429s are
    retried the way each one documents: hubspot-sdk's own retries (raised to 20 from its
    default 2), and for hubspot-api-client a urllib3 ``Retry`` on 429, as its README shows. Raw
    httpx waits one window on a 429 and sends the chunk again. Returns the pairs HubSpot
    reported as associated (each pair counts once; HubSpot returns both directions).
    """
    chunks = [pairs[i : i + 100] for i in range(0, len(pairs), 100)]
    done = 0
    if name == "httpx":
        import httpx

        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
        for chunk in chunks:
            body = {"inputs": [{"from": {"id": str(a)}, "to": {"id": str(b)}} for a, b in chunk]}
            while True:
                response = client.post(BULK_PATH, json=body)
                if response.status_code != 429:
                    break
                time.sleep(window)
            response.raise_for_status()
            done += len(response.json()["results"]) // 2
        client.close()
    elif name == "hubspot-sdk":
        from hubspot_sdk import HubSpot

        sdk = HubSpot(access_token=TOKEN, base_url=url, max_retries=20)
        for chunk in chunks:
            answer = sdk.crm.associations.batch.create_default(
                "companies",
                from_object_type="contacts",
                inputs=[{"from": {"id": str(a)}, "to": {"id": str(b)}} for a, b in chunk],
            )
            done += len(answer.results) // 2
        sdk.close()
    elif name == "hubspot-api-client":
        import hubspot
        from hubspot.crm.associations.v4 import (
            BatchInputPublicDefaultAssociationMultiPost,
            PublicDefaultAssociationMultiPost,
            PublicObjectId,
        )
        from urllib3.util.retry import Retry

        retry = Retry(total=20, backoff_factor=0.3, status_forcelist=(429,), allowed_methods=None)
        legacy = hubspot.Client.create(access_token=TOKEN, host=url, retry=retry)
        batch_api = legacy.crm.associations.v4.batch_api
        for chunk in chunks:
            body = BatchInputPublicDefaultAssociationMultiPost(
                inputs=[
                    PublicDefaultAssociationMultiPost(
                        _from=PublicObjectId(id=str(a)), to=PublicObjectId(id=str(b))
                    )
                    for a, b in chunk
                ]
            )
            answer = batch_api.create_default("contacts", "companies", body)
            done += len(answer.results) // 2
    else:
        raise ValueError(name)
    return done
