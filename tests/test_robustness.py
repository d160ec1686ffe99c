"""Answers that stray from the documentation, and misuse, still end in typed outcomes."""

from __future__ import annotations

import pytest
from clients import both_clients, client_of
from conftest import TOKEN
from hubspot_associations import Associations, AsyncAssociations, errors
from scripted_server import ScriptedServer

LABELS = {"results": [{"category": "USER_DEFINED", "typeId": 107, "label": "Billing contact"}]}


def page(to_id: int, after: str | None) -> dict[str, object]:
    body: dict[str, object] = {
        "results": [
            {
                "toObjectId": to_id,
                "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 279}],
            }
        ]
    }
    if after is not None:
        body["paging"] = {"next": {"after": after}}
    return body


@both_clients
def test_an_undocumented_success_status_still_gives_the_result(
    kind: str, server: ScriptedServer
) -> None:
    # create_label is documented as 200; a 201 with the same body must not lose the result.
    server.reply(201, LABELS)
    with client_of(kind, server.url) as client:
        (spec,) = client.labels.create(
            "contacts", "companies", name="billing", label="Billing contact"
        )
    assert (spec.type_id, spec.label) == (107, "Billing contact")


def test_a_repeated_cursor_ends_the_listing_instead_of_looping(server: ScriptedServer) -> None:
    server.reply(200, page(1, "A"))
    server.reply(200, page(2, "B"))
    server.reply(200, page(3, "A"))  # back to a cursor already followed: a loop
    client = Associations(TOKEN, base_url=server.url, rate_limit=None)
    records = client.list("contacts", 9, "companies")
    assert [next(records).to_object_id, next(records).to_object_id] == ["1", "2"]
    with pytest.raises(errors.InvalidResponseError, match="repeated the paging cursor"):
        next(records)
    assert len(server.received) == 3


@pytest.mark.anyio
async def test_a_repeated_cursor_ends_the_async_listing(server: ScriptedServer) -> None:
    server.reply(200, page(1, "A"))
    server.reply(200, page(2, "A"))
    async with AsyncAssociations(TOKEN, base_url=server.url, rate_limit=None) as client:
        records = client.list("contacts", 9, "companies")
        assert (await anext(records)).to_object_id == "1"
        with pytest.raises(errors.InvalidResponseError):
            await anext(records)
    assert len(server.received) == 2


def test_a_closed_client_raises_an_sdk_error(server: ScriptedServer) -> None:
    client = Associations(TOKEN, base_url=server.url, rate_limit=None)
    client.close()
    with pytest.raises(errors.APIConnectionError, match="closed"):
        client.remove("contacts", 1, "companies", 2)
    assert server.received == []


@pytest.mark.anyio
async def test_a_closed_async_client_raises_an_sdk_error(server: ScriptedServer) -> None:
    client = AsyncAssociations(TOKEN, base_url=server.url, rate_limit=None)
    await client.aclose()
    with pytest.raises(errors.APIConnectionError, match="closed"):
        await client.remove("contacts", 1, "companies", 2)
    assert server.received == []
