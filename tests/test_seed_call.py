"""The seed call end to end: the request the wrapper builds, a real HTTP server on loopback."""

from __future__ import annotations

from conftest import SUITE_API_VERSION, TOKEN
from hubspot_associations import AssociationCategory, Associations
from scripted_server import ScriptedServer

SEED_ANSWER = {
    "status": "COMPLETE",
    "results": [
        {
            "from": {"id": "123"},
            "to": {"id": "456"},
            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279},
        },
        {
            "from": {"id": 456},
            "to": {"id": 123},
            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 280},
        },
    ],
    "startedAt": "2026-03-02T10:00:00.000Z",
    "completedAt": "2026-03-02T10:00:00.045Z",
}


def test_seed_call_reaches_the_server_as_documented(server: ScriptedServer) -> None:
    server.reply(200, SEED_ANSWER)
    client = Associations(access_token=TOKEN, base_url=server.url)
    result = client.associate_default("contacts", 123, "companies", 456)

    (request,) = server.received
    version = SUITE_API_VERSION
    assert request.method == "PUT"
    assert request.path == f"/crm/objects/{version}/contacts/123/associations/default/companies/456"
    assert request.headers["authorization"] == f"Bearer {TOKEN}"
    assert request.headers["user-agent"].startswith("hubspot-associations/")
    assert request.body == b""

    assert [(a.from_object_id, a.to_object_id, a.type_id) for a in result] == [
        ("123", "456", 279),
        ("456", "123", 280),
    ]
    assert all(a.category is AssociationCategory.HUBSPOT_DEFINED for a in result)
    assert client.api_version == version
