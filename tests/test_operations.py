"""Every one of the 19 operations, through both clients: the exact request on the wire and the
typed result read from HubSpot's answer (ids as numbers, unknown categories, extra fields).

The scripted server checks the wire; FakeHubSpot checks behaviour against real state.
"""

from __future__ import annotations

import collections
import datetime as dt
import gc
import inspect
import os
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import attrs
import httpx
import pytest
from clients import async_client, both_clients, client_of, sync_client
from conftest import TOKEN
from hubspot_associations import (
    AssociatedRecord,
    Association,
    AssociationCategory,
    Associations,
    AssociationSpec,
    AssociationType,
    BatchItemError,
    BatchReport,
    HighUsageReport,
    LabelsBetweenRecords,
    LimitConfig,
    errors,
)
from hubspot_associations.testing import FakeHubSpot
from hubspot_associations_api import API_VERSION
from scripted_server import ScriptedServer

OBJ = f"/crm/objects/{API_VERSION}"
ASSOC = f"/crm/associations/{API_VERSION}"
# Every test here runs on each API version (conftest's api_version): same calls, same results.
pytestmark = pytest.mark.usefixtures("api_version")


def on_this_version(path: str) -> str:
    """``path`` (written for 2026-03) under the API version the test runs on."""
    version = os.environ.get("HUBSPOT_API_VERSION") or API_VERSION
    return path.replace(f"/{API_VERSION}/", f"/{version}/", 1)


NO_BODY = object()
STAMPS = {"startedAt": "2026-03-02T10:00:00.000Z", "completedAt": "2026-03-02T10:00:00.045Z"}


def resolve_sync(value: Any) -> Any:
    return list(value) if isinstance(value, Iterator) else value


async def resolve_async(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    if isinstance(value, AsyncIterator):
        return [item async for item in value]
    return value


@attrs.frozen
class Wire:
    """One request the SDK must send."""

    method: str
    path: str
    query: dict[str, str] = attrs.field(factory=dict)
    json: Any = NO_BODY


@attrs.frozen
class Case:
    """One operation: the answers HubSpot gives, the call, the requests, the result check."""

    name: str
    replies: list[tuple[int, Any]]
    invoke: Callable[[Any], Any]
    wire: list[Wire]
    check: Callable[[Any], None]


def assert_wire(server: ScriptedServer, expected: list[Wire]) -> None:
    assert len(server.received) == len(expected), [r.path for r in server.received]
    for got, want in zip(server.received, expected, strict=True):
        path, _, query = got.path.partition("?")
        assert got.method == want.method
        assert path == on_this_version(want.path)
        assert dict(urllib.parse.parse_qsl(query, keep_blank_values=True)) == want.query
        assert got.headers["authorization"] == f"Bearer {TOKEN}"
        assert got.headers["accept"] == "application/json"
        if want.json is NO_BODY:
            assert got.body == b""
        else:
            assert got.headers["content-type"].startswith("application/json")
            assert got.json() == want.json


# -- canned answers -----------------------------------------------------------------------------


def spec(category: str, type_id: int) -> dict[str, Any]:
    return {"associationCategory": category, "associationTypeId": type_id}


def default_result(f: Any, t: Any, category: str, type_id: int, **extra: Any) -> dict[str, Any]:
    return {"from": {"id": f}, "to": {"id": t}, "associationSpec": spec(category, type_id), **extra}


def associated(to_id: Any, *types: tuple[str, int, str | None], **extra: Any) -> dict[str, Any]:
    return {
        "toObjectId": to_id,
        "associationTypes": [{"category": c, "typeId": i, "label": lab} for c, i, lab in types],
        **extra,
    }


def batch_body(results: list[Any], errors: list[Any] | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"status": "COMPLETE", "results": results, **STAMPS, **extra}
    if errors:
        body["errors"] = errors
        body["numErrors"] = len(errors)
    return body


def item_error(category: str, message: str, sub: str | None = None, **context: list[str]) -> Any:
    body: dict[str, Any] = {"status": "error", "category": category, "message": message}
    if sub:
        body["subCategory"] = sub
    if context:
        body["context"] = context
    return body


# -- result checks ------------------------------------------------------------------------------


def check_associate_default(result: Any) -> None:
    assert isinstance(result, list)
    assert all(isinstance(a, Association) for a in result)
    assert [(a.from_object_id, a.to_object_id, a.category, a.type_id) for a in result] == [
        ("123", "456", AssociationCategory.HUBSPOT_DEFINED, 279),
        ("456", "123", "FUTURE_CATEGORY", 280),
    ]
    # An unknown category is the plain string HubSpot sent, not an enum member.
    assert type(result[1].category) is str
    assert result[0].extra == {}
    assert result[1].extra == {"createdAt": "2026-03-02T10:00:00Z"}


def check_associate(result: Any) -> None:
    assert isinstance(result, LabelsBetweenRecords)
    assert (
        result.from_object_type_id,
        result.from_object_id,
        result.to_object_type_id,
        result.to_object_id,
    ) == ("0-3", "1", "0-1", "2")
    assert result.labels == ("Buyer", "Decision maker")
    assert result.extra == {"portalId": 42}


def check_none(result: Any) -> None:
    assert result is None


def check_list(result: Any) -> None:
    assert all(isinstance(r, AssociatedRecord) for r in result)
    assert [r.to_object_id for r in result] == ["10", "11", "12", "13"]
    assert result[0].type_ids == [279, 37]
    assert result[0].labels == ["Billing"]
    assert result[0].types[1] == AssociationSpec(AssociationCategory.USER_DEFINED, 37, "Billing")
    assert result[1].types[0].category == "FUTURE_CATEGORY"
    assert type(result[1].types[0].category) is str
    assert result[1].extra == {"updatedAt": "2026-03-01"}
    assert result[3].labels == []


def check_batch_associate_default(report: Any) -> None:
    assert isinstance(report, BatchReport)
    assert len(report) == 3
    ok = {item.input: item.result for item in report.succeeded}
    assert set(ok) == {(1, 10), ("2", "11")}
    assert [(a.from_object_id, a.to_object_id, a.type_id) for a in ok[(1, 10)]] == [
        ("1", "10", 279),
        ("10", "1", 280),
    ]
    assert [(a.from_object_id, a.to_object_id) for a in ok[("2", "11")]] == [("2", "11")]
    (failed,) = report.failed
    assert failed.input == (3, 12)
    assert isinstance(failed.error, BatchItemError)
    assert failed.error.category == "OBJECT_NOT_FOUND"
    assert failed.error.message == "Object 12 not found"
    assert failed.error.context == {"fromObjectId": ["3"], "toObjectId": ["12"]}
    assert not report.ok


def check_batch_associate(report: Any) -> None:
    assert isinstance(report, BatchReport)
    (ok,) = report.succeeded
    assert ok.input == (1, 2)
    assert isinstance(ok.result, LabelsBetweenRecords)
    assert ok.result.labels == ("Buyer",)
    assert ok.result.to_object_id == "2"
    (failed,) = report.failed
    assert failed.input == (5, 6)
    assert failed.error.category == "VALIDATION_ERROR"
    assert failed.error.sub_category == "crm.associations.INVALID_IDENTIFIER"


def check_batch_read(report: Any) -> None:
    assert isinstance(report, BatchReport)
    ok = {item.input: item.result for item in report.succeeded}
    assert set(ok) == {1, "2"}
    assert [r.to_object_id for r in ok[1]] == ["10", "11"]
    assert ok[1][1].types[0].category == "FUTURE_CATEGORY"
    # NO_ASSOCIATIONS_FOUND is HubSpot's way to say "none": an empty success.
    assert ok["2"] == []
    (failed,) = report.failed
    assert failed.input == 3
    assert failed.error.category == "OBJECT_NOT_FOUND"
    assert failed.error.message == "contact 3 does not exist"


def check_batch_removal(report: Any) -> None:
    assert isinstance(report, BatchReport)
    assert sorted(item.input for item in report.succeeded) == [(1, 10), (1, 11), (2, 10)]
    assert all(item.result is None for item in report.succeeded)
    assert report.failed == []
    assert report.ok


def check_label_list(result: Any) -> None:
    assert result == [
        AssociationSpec(AssociationCategory.HUBSPOT_DEFINED, 279, None),
        AssociationSpec(AssociationCategory.USER_DEFINED, 37, "Billing contact"),
        AssociationSpec("FUTURE_CATEGORY", 99, "Later"),
    ]
    assert type(result[2].category) is str


def check_label_create(result: Any) -> None:
    assert result == [
        AssociationSpec(AssociationCategory.USER_DEFINED, 37, "Billing contact"),
        AssociationSpec(AssociationCategory.USER_DEFINED, 38, "Billed company"),
    ]


def check_limit_list(result: Any) -> None:
    assert all(isinstance(r, LimitConfig) for r in result)
    assert [(r.category, r.type_id, r.label, r.max_to_object_ids) for r in result] == [
        (AssociationCategory.HUBSPOT_DEFINED, 1, "Primary", 1),
        ("FUTURE_CATEGORY", 77, None, None),
    ]
    assert result[0].user_enforced_max_to_object_ids == 1
    assert result[1].extra == {"fromObjectTypeId": "0-1"}


def check_limits_set(report: Any) -> None:
    assert isinstance(report, BatchReport)
    ok = {item.input: item.result for item in report.succeeded}
    assert set(ok) == {(AssociationType.CONTACT_TO_COMPANY, 5), (("USER_DEFINED", 37), 2)}
    config = ok[(AssociationType.CONTACT_TO_COMPANY, 5)]
    assert isinstance(config, LimitConfig)
    assert (config.type_id, config.user_enforced_max_to_object_ids) == (279, 5)
    assert ok[(("USER_DEFINED", 37), 2)].category is AssociationCategory.USER_DEFINED
    assert report.failed == []


def check_limits_purge(report: Any) -> None:
    assert isinstance(report, BatchReport)
    assert [item.input for item in report.succeeded] == [
        AssociationType.CONTACT_TO_COMPANY,
        ("USER_DEFINED", 37),
    ]
    assert report.failed == []


def check_usage(result: Any) -> None:
    assert isinstance(result, HighUsageReport)
    assert result.user_id == 12345
    assert result.user_email == "ops@example.com"
    assert result.enqueued_at == dt.datetime(2026, 3, 2, 10, 0, 0, 500000, tzinfo=dt.timezone.utc)
    assert result.extra == {"reportId": "r-1"}


# -- the cases ----------------------------------------------------------------------------------

PAIRS_IN = [(1, 10), ("2", "11"), (1, 10), (3, 12)]  # a repeat: sent once, reported once

CASES = [
    Case(
        "associate_default",
        [
            (
                200,
                batch_body(
                    [
                        default_result("123", "456", "HUBSPOT_DEFINED", 279),
                        default_result(
                            456, 123, "FUTURE_CATEGORY", 280, createdAt="2026-03-02T10:00:00Z"
                        ),
                    ]
                ),
            )
        ],
        lambda c: c.associate_default("contacts", 123, "companies", "456"),
        [Wire("PUT", f"{OBJ}/contacts/123/associations/default/companies/456")],
        check_associate_default,
    ),
    Case(
        "associate",
        [
            (
                201,
                {
                    "fromObjectTypeId": "0-3",
                    "fromObjectId": 1,
                    "toObjectTypeId": "0-1",
                    "toObjectId": "2",
                    "labels": ["Buyer", "Decision maker"],
                    "portalId": 42,
                },
            )
        ],
        lambda c: c.associate(
            "deals",
            1,
            "contacts",
            "2",
            types=[
                AssociationType.DEAL_TO_CONTACT,
                ("USER_DEFINED", 37),
                5,
                AssociationSpec(AssociationCategory.WORK, 9),
                ("INTEGRATOR_DEFINED", 1001),
            ],
        ),
        [
            Wire(
                "PUT",
                f"{OBJ}/deals/1/associations/contacts/2",
                json=[
                    spec("HUBSPOT_DEFINED", 3),
                    spec("USER_DEFINED", 37),
                    spec("HUBSPOT_DEFINED", 5),
                    spec("WORK", 9),
                    spec("INTEGRATOR_DEFINED", 1001),
                ],
            )
        ],
        check_associate,
    ),
    Case(
        "remove",
        [(204, None)],
        lambda c: c.remove("deals", "1", "p_cars", 2),
        [Wire("DELETE", f"{OBJ}/deals/1/associations/p_cars/2")],
        check_none,
    ),
    Case(
        "list",
        [
            (
                200,
                {
                    "results": [
                        associated(
                            10, ("HUBSPOT_DEFINED", 279, None), ("USER_DEFINED", 37, "Billing")
                        ),
                        associated("11", ("FUTURE_CATEGORY", 1, None), updatedAt="2026-03-01"),
                    ],
                    "paging": {"next": {"after": "MTE=", "link": "ignored"}},
                },
            ),
            (
                200,
                {
                    "results": [associated(12, ("HUBSPOT_DEFINED", 279, None))],
                    "paging": {"next": {"after": "MTI="}},
                },
            ),
            (200, {"results": [associated(13, ("HUBSPOT_DEFINED", 1, None))]}),
        ],
        lambda c: c.list("0-1", 7, "companies", page_size=2),
        [
            Wire("GET", f"{OBJ}/0-1/7/associations/companies", {"limit": "2"}),
            Wire("GET", f"{OBJ}/0-1/7/associations/companies", {"limit": "2", "after": "MTE="}),
            Wire("GET", f"{OBJ}/0-1/7/associations/companies", {"limit": "2", "after": "MTI="}),
        ],
        check_list,
    ),
    Case(
        "batch.associate_default",
        [
            (
                207,
                batch_body(
                    [
                        default_result(1, 10, "HUBSPOT_DEFINED", 279),
                        default_result("10", "1", "HUBSPOT_DEFINED", 280),
                        default_result("2", 11, "HUBSPOT_DEFINED", 279),
                    ],
                    [
                        item_error(
                            "OBJECT_NOT_FOUND",
                            "Object 12 not found",
                            fromObjectId=["3"],
                            toObjectId=["12"],
                        )
                    ],
                ),
            )
        ],
        lambda c: c.batch.associate_default("contacts", "companies", PAIRS_IN),
        [
            Wire(
                "POST",
                f"{ASSOC}/contacts/companies/batch/associate/default",
                json={
                    "inputs": [
                        {"from": {"id": "1"}, "to": {"id": "10"}},
                        {"from": {"id": "2"}, "to": {"id": "11"}},
                        {"from": {"id": "3"}, "to": {"id": "12"}},
                    ]
                },
            )
        ],
        check_batch_associate_default,
    ),
    Case(
        "batch.associate",
        [
            (
                207,
                batch_body(
                    [
                        {
                            "fromObjectTypeId": "0-3",
                            "fromObjectId": 1,
                            "toObjectTypeId": "0-1",
                            "toObjectId": 2,
                            "labels": ["Buyer"],
                        }
                    ],
                    [
                        item_error(
                            "VALIDATION_ERROR",
                            "bad pair",
                            "crm.associations.INVALID_IDENTIFIER",
                            fromObjectId=["5"],
                            toObjectId=["6"],
                        )
                    ],
                ),
            )
        ],
        lambda c: c.batch.associate(
            "deals", "contacts", [(1, 2), (5, 6)], types=[AssociationType.DEAL_TO_CONTACT, 4]
        ),
        [
            Wire(
                "POST",
                f"{ASSOC}/deals/contacts/batch/create",
                json={
                    "inputs": [
                        {
                            "from": {"id": f},
                            "to": {"id": t},
                            "types": [spec("HUBSPOT_DEFINED", 3), spec("HUBSPOT_DEFINED", 4)],
                        }
                        for f, t in [("1", "2"), ("5", "6")]
                    ]
                },
            )
        ],
        check_batch_associate,
    ),
    Case(
        "batch.read",
        [
            (
                207,
                batch_body(
                    [
                        {
                            "from": {"id": 1},
                            "to": [associated(10, ("HUBSPOT_DEFINED", 279, None))],
                            "paging": {"next": {"after": "page2"}},
                        }
                    ],
                    [
                        item_error(
                            "OBJECT_NOT_FOUND",
                            "No associations found",
                            "crm.associations.NO_ASSOCIATIONS_FOUND",
                            fromObjectId=["2"],
                        ),
                        item_error("OBJECT_NOT_FOUND", "contact 3 does not exist", ids=["3"]),
                    ],
                ),
            ),
            (
                200,
                batch_body(
                    [{"from": {"id": "1"}, "to": [associated("11", ("FUTURE_CATEGORY", 9, "x"))]}]
                ),
            ),
        ],
        lambda c: c.batch.read("contacts", "companies", [1, "2", 3, "1"], concurrency=1),
        [
            Wire(
                "POST",
                f"{ASSOC}/contacts/companies/batch/read",
                json={"inputs": [{"id": "1"}, {"id": "2"}, {"id": "3"}]},
            ),
            Wire(
                "POST",
                f"{ASSOC}/contacts/companies/batch/read",
                json={"inputs": [{"id": "1", "after": "page2"}]},
            ),
        ],
        check_batch_read,
    ),
    Case(
        "batch.remove",
        [(200, batch_body([]))],
        lambda c: c.batch.remove("contacts", "companies", [(1, 10), (1, 11), (2, 10)]),
        [
            Wire(
                "POST",
                f"{ASSOC}/contacts/companies/batch/archive",
                json={
                    "inputs": [
                        {"from": {"id": "1"}, "to": [{"id": "10"}, {"id": "11"}]},
                        {"from": {"id": "2"}, "to": [{"id": "10"}]},
                    ]
                },
            )
        ],
        check_batch_removal,
    ),
    Case(
        "batch.remove_labels",
        [(200, batch_body([]))],
        lambda c: c.batch.remove_labels(
            "contacts", "companies", [(1, 10), (1, 11), (2, 10)], types=[("USER_DEFINED", 37)]
        ),
        [
            Wire(
                "POST",
                f"{ASSOC}/contacts/companies/batch/labels/archive",
                json={
                    "inputs": [
                        {"from": {"id": f}, "to": {"id": t}, "types": [spec("USER_DEFINED", 37)]}
                        for f, t in [("1", "10"), ("1", "11"), ("2", "10")]
                    ]
                },
            )
        ],
        check_batch_removal,
    ),
    Case(
        "labels.list",
        [
            (
                200,
                {
                    "results": [
                        {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None},
                        {"category": "USER_DEFINED", "typeId": 37, "label": "Billing contact"},
                        {"category": "FUTURE_CATEGORY", "typeId": 99, "label": "Later"},
                    ]
                },
            )
        ],
        lambda c: c.labels.list("contacts", "companies"),
        [Wire("GET", f"{ASSOC}/contacts/companies/labels")],
        check_label_list,
    ),
    Case(
        "labels.create",
        [
            (
                200,
                {
                    "results": [
                        {"category": "USER_DEFINED", "typeId": 37, "label": "Billing contact"},
                        {"category": "USER_DEFINED", "typeId": 38, "label": "Billed company"},
                    ]
                },
            )
        ],
        lambda c: c.labels.create(
            "contacts",
            "companies",
            name="billing",
            label="Billing contact",
            inverse_label="Billed company",
        ),
        [
            Wire(
                "POST",
                f"{ASSOC}/contacts/companies/labels",
                json={
                    "name": "billing",
                    "label": "Billing contact",
                    "inverseLabel": "Billed company",
                },
            )
        ],
        check_label_create,
    ),
    Case(
        "labels.update",
        [(204, None)],
        lambda c: c.labels.update("contacts", "companies", 37, label="Billing"),
        [
            Wire(
                "PUT",
                f"{ASSOC}/contacts/companies/labels",
                json={"associationTypeId": 37, "label": "Billing"},
            )
        ],
        check_none,
    ),
    Case(
        "labels.delete",
        [(204, None)],
        lambda c: c.labels.delete("2-123", "companies", 37),
        [Wire("DELETE", f"{ASSOC}/2-123/companies/labels/37")],
        check_none,
    ),
    Case(
        "limits.list_all",
        [
            (
                200,
                {
                    "results": [
                        {
                            "category": "HUBSPOT_DEFINED",
                            "typeId": 1,
                            "label": "Primary",
                            "maxToObjectIds": 1,
                            "userEnforcedMaxToObjectIds": 1,
                        },
                        {"category": "FUTURE_CATEGORY", "typeId": 77, "fromObjectTypeId": "0-1"},
                    ]
                },
            )
        ],
        lambda c: c.limits.list_all(),
        [Wire("GET", f"{ASSOC}/definitions/configurations/all")],
        check_limit_list,
    ),
    Case(
        "limits.list",
        [
            (
                200,
                {
                    "results": [
                        {
                            "category": "HUBSPOT_DEFINED",
                            "typeId": 1,
                            "label": "Primary",
                            "maxToObjectIds": 1,
                            "userEnforcedMaxToObjectIds": 1,
                        },
                        {"category": "FUTURE_CATEGORY", "typeId": 77, "fromObjectTypeId": "0-1"},
                    ]
                },
            )
        ],
        lambda c: c.limits.list("contacts", "companies"),
        [Wire("GET", f"{ASSOC}/definitions/configurations/contacts/companies")],
        check_limit_list,
    ),
    Case(
        "limits.create",
        [
            (
                201,
                batch_body(
                    [
                        {
                            "category": "HUBSPOT_DEFINED",
                            "typeId": 279,
                            "userEnforcedMaxToObjectIds": 5,
                        },
                        {"category": "USER_DEFINED", "typeId": 37, "userEnforcedMaxToObjectIds": 2},
                    ]
                ),
            )
        ],
        lambda c: c.limits.create(
            "contacts",
            "companies",
            [(AssociationType.CONTACT_TO_COMPANY, 5), (("USER_DEFINED", 37), 2)],
        ),
        [
            Wire(
                "POST",
                f"{ASSOC}/definitions/configurations/contacts/companies/batch/create",
                json={
                    "inputs": [
                        {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 5},
                        {"category": "USER_DEFINED", "typeId": 37, "maxToObjectIds": 2},
                    ]
                },
            )
        ],
        check_limits_set,
    ),
    Case(
        "limits.update",
        [
            (
                200,
                batch_body(
                    [
                        {
                            "category": "HUBSPOT_DEFINED",
                            "typeId": 279,
                            "userEnforcedMaxToObjectIds": 5,
                        },
                        {"category": "USER_DEFINED", "typeId": 37, "userEnforcedMaxToObjectIds": 2},
                    ]
                ),
            )
        ],
        lambda c: c.limits.update(
            "contacts",
            "companies",
            [(AssociationType.CONTACT_TO_COMPANY, 5), (("USER_DEFINED", 37), 2)],
        ),
        [
            Wire(
                "POST",
                f"{ASSOC}/definitions/configurations/contacts/companies/batch/update",
                json={
                    "inputs": [
                        {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 5},
                        {"category": "USER_DEFINED", "typeId": 37, "maxToObjectIds": 2},
                    ]
                },
            )
        ],
        check_limits_set,
    ),
    Case(
        "limits.purge",
        [(200, batch_body([]))],
        lambda c: c.limits.purge(
            "contacts", "companies", [AssociationType.CONTACT_TO_COMPANY, ("USER_DEFINED", 37)]
        ),
        [
            Wire(
                "POST",
                f"{ASSOC}/definitions/configurations/contacts/companies/batch/purge",
                json={
                    "inputs": [
                        {"category": "HUBSPOT_DEFINED", "typeId": 279},
                        {"category": "USER_DEFINED", "typeId": 37},
                    ]
                },
            )
        ],
        check_limits_purge,
    ),
    Case(
        "usage.high_usage_report",
        [
            (
                200,
                {
                    "enqueueTime": {"value": 1772445600500, "dateOnly": False},
                    "userEmail": "ops@example.com",
                    "userId": 12345,
                    "reportId": "r-1",
                },
            )
        ],
        lambda c: c.usage.high_usage_report(12345),
        [Wire("POST", f"{ASSOC}/usage/high-usage-report/12345")],
        check_usage,
    ),
]


def test_the_cases_cover_the_19_operations() -> None:
    names = {case.name for case in CASES}
    assert len(names) == len(CASES) == 19


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_operation_sync(server: ScriptedServer, case: Case) -> None:
    for status, body in case.replies:
        server.reply(status, body)
    with sync_client(server.url) as client:
        result = resolve_sync(case.invoke(client))
    assert_wire(server, case.wire)
    case.check(result)


@pytest.mark.anyio
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_operation_async(server: ScriptedServer, case: Case) -> None:
    for status, body in case.replies:
        server.reply(status, body)
    async with async_client(server.url) as client:
        result = await resolve_async(case.invoke(client))
    assert_wire(server, case.wire)
    case.check(result)


# -- list paging --------------------------------------------------------------------------------


def test_list_is_lazy_and_stops_after_the_last_page(server: ScriptedServer) -> None:
    server.reply(200, {"results": [associated(1, ("HUBSPOT_DEFINED", 1, None))]})
    with sync_client(server.url) as client:
        pages = client.list("contacts", 1, "companies")
        assert server.received == []  # nothing is sent before iteration starts
        assert [r.to_object_id for r in pages] == ["1"]
    (request,) = server.received
    assert request.path == on_this_version(f"{OBJ}/contacts/1/associations/companies?limit=500")


def test_list_of_a_record_without_associations_is_empty(server: ScriptedServer) -> None:
    server.reply(200, {"results": []})
    with sync_client(server.url) as client:
        assert list(client.list("contacts", 1, "companies")) == []
    assert len(server.received) == 1


def test_list_with_fake_hubspot_follows_every_page() -> None:
    with FakeHubSpot() as hs:
        hs.add_records("contacts", [1])
        hs.add_records("companies", range(100, 125))
        hs.list_page_size = 10  # the fake pages at 10 even though we ask for 500
        with sync_client(hs.url) as client:
            report = client.batch.associate_default(
                "contacts", "companies", [(1, c) for c in range(100, 125)]
            )
            assert report.ok
            hs.clear_requests()
            ids = [r.to_object_id for r in client.list("contacts", 1, "companies")]
        assert ids == [str(c) for c in range(100, 125)]
        gets = [r for r in hs.requests if r.method == "GET"]
        assert len(gets) == 3
        assert "after" not in gets[0].query
        assert all("after" in r.query for r in gets[1:])


@pytest.mark.anyio
async def test_async_list_with_fake_hubspot_follows_every_page() -> None:
    with FakeHubSpot() as hs:
        hs.add_records("contacts", [1])
        hs.add_records("companies", range(100, 107))
        async with async_client(hs.url) as client:
            for c in range(100, 107):
                await client.associate_default("contacts", 1, "companies", c)
            hs.clear_requests()
            ids = [r.to_object_id async for r in client.list("contacts", 1, "companies", 3)]
        assert ids == [str(c) for c in range(100, 107)]
        assert [r.query.get("limit") for r in hs.requests] == ["3", "3", "3"]


def _alive(kind: str) -> int:
    """How many objects named ``kind`` are alive: our AssociatedRecord, or a generated model.
    (Counted by type in C: a loop in Python over every object would cost seconds under
    coverage.)"""
    by_type = collections.Counter(map(type, gc.get_objects()))
    return sum(count for cls, count in by_type.items() if cls.__name__ == kind)


def _alive_from_now(kind: str) -> Callable[[], int]:
    """How many more objects named ``kind`` are alive than now (earlier tests may keep some)."""
    gc.collect()
    before = _alive(kind)
    return lambda: _alive(kind) - before


class _Looking(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """A loopback transport that, as each request goes out, counts the listing's records
    still alive."""

    def __init__(self) -> None:
        self.sync, self.asyncio = httpx.HTTPTransport(), httpx.AsyncHTTPTransport()
        self.alive: list[int] = []
        self.records = _alive_from_now("AssociatedRecord")

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.alive.append(self.records())
        return self.sync.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.alive.append(self.records())
        return await self.asyncio.handle_async_request(request)


def _models_alive_at_each_record(monkeypatch: pytest.MonkeyPatch, kind: str) -> list[int]:
    """As each listed record's generated model is converted, how many more models named
    ``kind`` are alive than when this was called: the list this returns fills as records are."""
    import hubspot_associations._operations as ops

    alive: list[int] = []
    convert = ops.associated_record
    models = _alive_from_now(kind)

    def counting(model: Any) -> AssociatedRecord:
        assert type(model).__name__ == "AssociatedObject"
        alive.append(models())
        return convert(model)

    monkeypatch.setattr(ops, "associated_record", counting)
    return alive


def _six_associations(hs: FakeHubSpot) -> None:
    """Contact 1 associated with companies 100-105: three pages of two."""
    hs.add_records("contacts", [1])
    hs.add_records("companies", range(100, 106))
    with sync_client(hs.url) as client:
        pairs = [(1, company) for company in range(100, 106)]
        assert client.batch.associate_default("contacts", "companies", pairs).ok


def test_a_listing_lets_each_page_go_before_it_reads_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A long listing keeps one page alive, not two, and reads a page without holding all its
    generated models at once: what it keeps alive would outlive the garbage collections the
    next page's reading sets off, and make the GC's full collections come several times as
    often (benchmarks/README.md, listing)."""
    models_alive = _models_alive_at_each_record(monkeypatch, "AssociatedObject")
    with FakeHubSpot() as hs:
        _six_associations(hs)
        looking = _Looking()
        with sync_client(hs.url, transport=looking) as client:
            ids = [r.to_object_id for r in client.list("contacts", 1, "companies", page_size=2)]
    assert ids == [str(c) for c in range(100, 106)]
    # As each page is asked for, at most the record the caller's loop still names is alive,
    # never the 2 of the page before.
    assert len(looking.alive) == 3
    assert max(looking.alive) <= 1, looking.alive
    # Each record's generated model is dropped once it is converted: one alive at a time.
    assert len(models_alive) == 6
    assert max(models_alive) == 1, models_alive


def test_a_batch_read_converts_each_result_before_it_reads_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A chunk's answer is read a result at a time: each result's generated model is dropped
    once converted, so the 1,000 of a chunk never live through the garbage collections that
    reading sets off (each of which, once promoted, makes the full collections that scan the
    whole report come sooner)."""
    alive = _models_alive_at_each_record(monkeypatch, "AssociationsOfRecord")
    with FakeHubSpot() as hs:
        _six_associations(hs)
        hs.add_records("contacts", [2, 3])
        with sync_client(hs.url) as client:
            pairs = [(2, 102), (3, 103)]
            assert client.batch.associate_default("contacts", "companies", pairs).ok
            report = client.batch.read("contacts", "companies", [1, 2, 3], chunk_size=3)
    assert report.ok and len(report.succeeded) == 3
    assert len(alive) == 6 + 2  # contact 1's six companies, one each for the others
    assert max(alive) == 1, alive


@pytest.mark.anyio
async def test_an_async_listing_lets_each_page_go_before_it_reads_the_next() -> None:
    with FakeHubSpot() as hs:
        _six_associations(hs)
        looking = _Looking()
        async with async_client(hs.url, transport=looking) as client:
            ids = [
                r.to_object_id async for r in client.list("contacts", 1, "companies", page_size=3)
            ]
    assert ids == [str(c) for c in range(100, 106)]
    assert len(looking.alive) == 2
    # The caller's loop and the listing's own may each still name a record handed out; the
    # page before held 3.
    assert max(looking.alive) <= 2, looking.alive


# -- behaviour against FakeHubSpot --------------------------------------------------------------


@both_clients
def test_round_trip_against_fake_hubspot(kind: str) -> None:
    with FakeHubSpot(access_token=TOKEN) as hs:
        hs.add_records("contacts", [1, 2, 3])
        hs.add_records("companies", [10, 11])
        with client_of(kind, hs.url) as client:
            both = client.associate_default("contacts", 1, "companies", 10)
            assert {(a.from_object_id, a.to_object_id, a.type_id) for a in both} == {
                ("1", "10", 279),
                ("10", "1", 280),
            }
            created = client.labels.create(
                "contacts", "companies", name="billing", label="Billing", inverse_label="Billed"
            )
            found = client.labels.find("contacts", "companies", "billing")  # case-insensitive
            assert found in created
            assert found.category is AssociationCategory.USER_DEFINED
            pair = client.associate("contacts", 1, "companies", 10, types=[found])
            assert pair.labels == ("Billing",)
            assert hs.associations("contacts", 1, "companies") == [
                ("10", sorted([279, found.type_id]))
            ]

            (record,) = client.list("contacts", 1, "companies")
            assert sorted(record.type_ids) == sorted([279, found.type_id])
            assert record.labels == ["Billing"]

            report = client.batch.associate_default(
                "contacts", "companies", [(2, 10), (3, 11), (3, 999)]
            )
            assert sorted(i.input for i in report.succeeded) == [(2, 10), (3, 11)]
            assert [i.input for i in report.failed] == [(3, 999)]

            read = client.batch.read("companies", "contacts", [10, 11])
            got = {i.input: sorted(r.to_object_id for r in i.result) for i in read.succeeded}
            assert got == {10: ["1", "2"], 11: ["3"]}

            removed = client.batch.remove_labels("contacts", "companies", [(1, 10)], types=[found])
            assert removed.ok
            assert hs.associations("contacts", 1, "companies") == [("10", [279])]
            client.remove("contacts", 1, "companies", 10)
            assert hs.associations("contacts", 1, "companies") == []
            gone = client.batch.remove("contacts", "companies", [(2, 10), (3, 11)])
            assert gone.ok
            assert hs.association_count == 0

            client.labels.update("contacts", "companies", found.type_id, label="Invoices")
            assert client.labels.find("contacts", "companies", "Invoices").type_id == found.type_id
            client.labels.delete("contacts", "companies", found.type_id)
            assert all(
                s.type_id != found.type_id for s in client.labels.list("contacts", "companies")
            )

            limits = client.limits.create(
                "contacts", "companies", [(AssociationType.CONTACT_TO_COMPANY, 3)]
            )
            assert limits.ok
            configs = {c.type_id: c for c in client.limits.list("contacts", "companies")}
            assert configs[279].user_enforced_max_to_object_ids == 3
            assert client.limits.update(
                "contacts", "companies", [(AssociationType.CONTACT_TO_COMPANY, 4)]
            ).ok
            all_configs = client.limits.list_all()
            assert any(
                c.type_id == 279 and c.user_enforced_max_to_object_ids == 4 for c in all_configs
            )
            assert client.limits.purge(
                "contacts", "companies", [AssociationType.CONTACT_TO_COMPANY]
            ).ok
            report_ = client.usage.high_usage_report(7)
            assert report_.user_id == 7
        assert {r.headers["authorization"] for r in hs.requests} == {f"Bearer {TOKEN}"}


@both_clients
def test_batch_round_trip_against_fake_hubspot(kind: str) -> None:
    with FakeHubSpot(access_token=TOKEN) as hs:
        hs.add_records("deals", [1, 2])
        hs.add_records("contacts", range(100, 350))
        pairs = [(1 + i % 2, 100 + i) for i in range(250)]
        with client_of(kind, hs.url) as client:
            progress: list[tuple[int, int | None]] = []
            report = client.batch.associate(
                "deals",
                "contacts",
                pairs,
                types=[AssociationType.DEAL_TO_CONTACT],
                chunk_size=100,
                on_progress=lambda done, total: progress.append((done, total)),
            )
            assert len(report.succeeded) == 250
            assert report.failed == []
            posts = [r for r in hs.requests if r.path.endswith("/batch/create")]
            assert sorted(len(r.json["inputs"]) for r in posts) == [50, 100, 100]
            assert progress[-1] == (250, 250)

            read = client.batch.read("deals", "contacts", [1, 2])
            counts = {i.input: len(i.result) for i in read.succeeded}
            assert counts == {1: 125, 2: 125}
            labels = client.labels.list("deals", "contacts")
            assert AssociationType.DEAL_TO_CONTACT.type_id in {s.type_id for s in labels}
            client.remove("deals", 1, "contacts", 100)
            assert hs.associations("deals", 1, "contacts")[0][0] == "102"


@both_clients
@pytest.mark.parametrize(
    "error",
    [
        {"context": {"fromObjectId": ["5"]}},
        {"id": "5"},  # StandardError's own id field, without a context
    ],
    ids=["in-context", "in-id"],
)
def test_batch_read_no_associations_found_is_an_empty_success(
    kind: str, server: ScriptedServer, error: dict[str, Any]
) -> None:
    server.reply(
        207,
        batch_body(
            [{"from": {"id": 6}, "to": [associated(60, ("HUBSPOT_DEFINED", 1, None))]}],
            [
                {
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "subCategory": "crm.associations.NO_ASSOCIATIONS_FOUND",
                    "message": "No companies are associated with contact 5",
                    **error,
                }
            ],
        ),
    )
    with client_of(kind, server.url) as client:
        report = client.batch.read("contacts", "companies", ["5", 6])
    assert report.failed == []
    assert {s.input: [r.to_object_id for r in s.result] for s in report.succeeded} == {
        "5": [],
        6: ["60"],
    }


# -- labels.find: a cached lookup over labels.list ---------------------------------------------

LABELS_ANSWER = {
    "results": [
        {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None},
        {"category": "USER_DEFINED", "typeId": 37, "label": "Billing contact"},
    ]
}


@both_clients
def test_labels_find_is_cached_case_insensitive_and_refreshed_by_changes(
    kind: str,
    server: ScriptedServer,
) -> None:
    server.reply(200, LABELS_ANSWER)
    server.reply(204)  # labels.update
    server.reply(200, {"results": [{"category": "USER_DEFINED", "typeId": 37, "label": "Pay"}]})
    with client_of(kind, server.url) as client:
        spec = client.labels.find("contacts", "companies", "Billing contact")
        again = client.labels.find("contacts", "companies", "BILLING CONTACT")
        assert (
            spec
            == again
            == AssociationSpec(AssociationCategory.USER_DEFINED, 37, "Billing contact")
        )
        assert again is spec
        assert len(server.received) == 1  # the second find used the cache
        with pytest.raises(errors.LabelNotFoundError, match="Nobody"):
            client.labels.find("contacts", "companies", "Nobody")
        assert len(server.received) == 1
        client.labels.update("contacts", "companies", 37, label="Pay")
        assert client.labels.find("contacts", "companies", "pay").label == "Pay"
    assert [r.method for r in server.received] == ["GET", "PUT", "GET"]
    labels = on_this_version(f"{ASSOC}/contacts/companies/labels")
    assert {r.path.split("?")[0] for r in server.received} == {labels}


@both_clients
@pytest.mark.parametrize("change", ["create", "update", "delete"])
def test_a_label_change_makes_the_next_find_list_again(kind: str, change: str) -> None:
    """The labels find caches change with create, update and delete on this client: a find
    after one lists the labels again and sees the change."""
    with FakeHubSpot() as hs, client_of(kind, hs.url) as client:
        (old,) = client.labels.create("contacts", "companies", name="old", label="Old")
        assert client.labels.find("contacts", "companies", "old") == old  # now cached
        with pytest.raises(errors.LabelNotFoundError):
            client.labels.find("contacts", "companies", "New")
        listings = sum(r.method == "GET" for r in hs.requests)
        if change == "create":
            (new,) = client.labels.create("contacts", "companies", name="new", label="New")
        elif change == "update":
            client.labels.update("contacts", "companies", old.type_id, label="New")
            new = AssociationSpec(old.category, old.type_id, "New")
        else:
            client.labels.delete("contacts", "companies", old.type_id)
        if change == "delete":
            with pytest.raises(errors.LabelNotFoundError):
                client.labels.find("contacts", "companies", "Old")
        else:
            assert client.labels.find("contacts", "companies", "new") == new
        if change == "create":
            assert client.labels.find("contacts", "companies", "OLD") == old
        assert sum(r.method == "GET" for r in hs.requests) == listings + 1  # one new listing


class _ChangeDuringListing:
    """Transports that run ``during()`` (a label change through the same client) after the
    first labels listing is answered and before its answer is handed back."""

    during: Callable[[], Any] | None = None

    def _take(self, request: httpx.Request) -> Callable[[], Any] | None:
        if request.method != "GET" or not request.url.path.endswith("/labels"):
            return None
        during, self.during = self.during, None
        return during


class _SyncChange(_ChangeDuringListing, httpx.HTTPTransport):
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        response.read()
        during = self._take(request)
        if during is not None:
            during()
        return response


class _AsyncChange(_ChangeDuringListing, httpx.AsyncHTTPTransport):
    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        await response.aread()
        during = self._take(request)
        if during is not None:
            await during()
        return response


@both_clients
def test_a_listing_answered_before_a_label_change_is_not_cached(kind: str) -> None:
    """A find whose listing was answered before a label change of the same client ended must
    not keep that listing: the next find lists again and sees the change."""
    transport = _SyncChange() if kind == "sync" else _AsyncChange()
    with FakeHubSpot() as hs, client_of(kind, hs.url, transport=transport) as client:
        (old,) = client.labels.create("contacts", "companies", name="old", label="Old")
        raw = getattr(client, "_target", client)  # the async client itself, to await inside
        transport.during = lambda: raw.labels.delete("contacts", "companies", old.type_id)
        assert client.labels.find("contacts", "companies", "Old") == old  # listed before
        assert transport.during is None  # the delete ran while the listing was under way
        with pytest.raises(errors.LabelNotFoundError):
            client.labels.find("contacts", "companies", "Old")


def check_label_not_found(err: errors.LabelNotFoundError, available: list[str]) -> None:
    # One SDK error a caller can catch as such, or as the LookupError it is.
    assert isinstance(err, errors.HubSpotError)
    assert isinstance(err, LookupError)
    assert (err.label, err.from_type, err.to_type) == ("Nobody", "contacts", "companies")
    assert err.available == tuple(available)
    text = str(err)
    assert text.startswith("no association label 'Nobody' from contacts to companies")
    for label in available:
        assert repr(label) in text
    if not available:
        assert "no labels" in text


@both_clients
@pytest.mark.parametrize("labels", [["Billing contact", "Decision maker"], []], ids=repr)
def test_labels_find_names_the_label_the_pair_and_the_labels_there(
    kind: str, server: ScriptedServer, labels: list[str]
) -> None:
    results = [{"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None}]
    results += [
        {"category": "USER_DEFINED", "typeId": 37 + n, "label": t} for n, t in enumerate(labels)
    ]
    server.reply(200, {"results": results})
    with client_of(kind, server.url) as client, pytest.raises(errors.LabelNotFoundError) as caught:
        client.labels.find("contacts", "companies", "Nobody")
    check_label_not_found(caught.value, labels)


@pytest.mark.anyio
async def test_labels_find_names_the_label_the_pair_and_the_labels_there_async(
    server: ScriptedServer,
) -> None:
    labels = ["Billing contact", "Decision maker"]
    results = [
        {"category": "USER_DEFINED", "typeId": 37 + n, "label": t} for n, t in enumerate(labels)
    ]
    server.reply(200, {"results": results})
    async with async_client(server.url) as client:
        with pytest.raises(errors.LabelNotFoundError) as caught:
            await client.labels.find("contacts", "companies", "Nobody")
    check_label_not_found(caught.value, labels)


def test_label_not_found_shows_a_long_list_in_part() -> None:
    labels = [f"Label {n}" for n in range(50)]
    err = errors.LabelNotFoundError("Nobody", "contacts", "companies", labels)
    assert err.available == tuple(labels)
    text = str(err)
    assert "'Label 0'" in text
    assert "'Label 49'" not in text
    assert "more" in text
    assert len(text) < 600


# -- per-call options ---------------------------------------------------------------------------


def test_with_options_applies_to_the_copy_only(server: ScriptedServer) -> None:
    for _ in range(3):
        server.reply(503, {"status": "error", "message": "busy"})
    server.reply(204)
    slept: list[float] = []
    with sync_client(server.url, max_retries=3, sleep=slept.append) as client:
        with pytest.raises(errors.ServerError):
            client.with_options(max_retries=0).remove("contacts", 1, "companies", 2)
        assert len(server.received) == 1 and slept == []
        client.remove("contacts", 1, "companies", 2)  # the original still retries
    assert len(server.received) == 4
    assert len(slept) == 2


def test_with_options_timeout_reaches_the_request() -> None:
    timeouts: list[Any] = []

    def handler(request: httpx.Request) -> httpx.Response:
        timeouts.append(request.extensions["timeout"])
        return httpx.Response(204)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http_client:
        client = Associations(
            access_token=TOKEN, base_url="http://127.0.0.1:9", http_client=http_client, timeout=7
        )
        client.remove("contacts", 1, "companies", 2)
        client.with_options(timeout=2.5).remove("contacts", 1, "companies", 2)
    assert [t["read"] for t in timeouts] == [7.0, 2.5]
    assert [t["connect"] for t in timeouts] == [7.0, 2.5]
