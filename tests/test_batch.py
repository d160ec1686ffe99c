"""Batch correctness: which input an item error is about, what an unfinished batch means, which
request errors stop a job, and which arguments are refused before any request.

Every behaviour runs over the sync and the async client (``kind``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from clients import async_client, sync_client
from hubspot_associations import AssociationType, BatchItemError, BatchReport
from scripted_server import ScriptedServer

STAMPS = {"startedAt": "2026-03-02T10:00:00.000Z", "completedAt": "2026-03-02T10:00:00.045Z"}
KINDS = ["sync", "async"]
INVALID_IDENTIFIER = "crm.associations.INVALID_IDENTIFIER"
CONTACT_TO_COMPANY = AssociationType.CONTACT_TO_COMPANY
PRIMARY = AssociationType.CONTACT_TO_COMPANY_PRIMARY


def call(kind: str, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
    """``client.<method>(*args, **kwargs)`` (``method`` dotted: "batch.remove") over the sync or
    the async client."""

    def bound(client: Any) -> Callable[..., Any]:
        target = client
        for part in method.split("."):
            target = getattr(target, part)
        return target  # type: ignore[no-any-return]

    if kind == "sync":
        with sync_client(url) as client:
            return bound(client)(*args, **kwargs)

    async def run() -> Any:
        async with async_client(url) as client:
            return await bound(client)(*args, **kwargs)

    return asyncio.run(run())


def batch_body(results: list[Any], errors: Sequence[Any] = (), **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"status": "COMPLETE", "results": results, **STAMPS, **extra}
    if errors:
        body["errors"] = list(errors)
        body["numErrors"] = len(errors)
    return body


def item_error(message: str, category: str = "VALIDATION_ERROR", **context: list[str]) -> Any:
    return {
        "status": "error",
        "category": category,
        "subCategory": INVALID_IDENTIFIER,
        "message": message,
        "context": context,
        "errors": [],
        "links": {},
    }


def default_results(*pairs: tuple[str, str]) -> list[Any]:
    out = []
    for f, t in pairs:
        for a, b, type_id in ((f, t, 279), (t, f, 280)):
            spec = {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}
            out.append({"from": {"id": a}, "to": {"id": b}, "associationSpec": spec})
    return out


def labels_results(*pairs: tuple[str, str]) -> list[Any]:
    return [
        {
            "fromObjectTypeId": "0-1",
            "fromObjectId": f,
            "toObjectTypeId": "0-2",
            "toObjectId": t,
            "labels": [],
        }
        for f, t in pairs
    ]


def read_results(*ids: str) -> list[Any]:
    return [{"from": {"id": i}, "to": []} for i in ids]


def limit_results(*type_ids: int) -> list[Any]:
    return [{"category": "HUBSPOT_DEFINED", "typeId": t, "maxToObjectIds": 5} for t in type_ids]


def assert_each_once(report: BatchReport[Any, Any], inputs: list[Any]) -> None:
    seen = [s.input for s in report.succeeded] + [f.input for f in report.failed]
    assert sorted(seen, key=repr) == sorted(inputs, key=repr)


def errors_by_input(report: BatchReport[Any, Any]) -> dict[Any, BatchItemError]:
    return {f.input: f.error for f in report.failed}


# -- 6. a string (or bytes, or a mapping) is no batch -------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("value", ["12", b"12", {(1, 2): None}, 12])
@pytest.mark.parametrize(
    ("method", "args", "argument"),
    [
        ("batch.associate_default", (), "pairs"),
        ("batch.associate", ([CONTACT_TO_COMPANY],), "pairs"),
        ("batch.remove", (), "pairs"),
        ("batch.remove_labels", ([PRIMARY],), "pairs"),
        ("batch.read", (), "ids"),
        ("limits.create", (), "limits"),
        ("limits.update", (), "limits"),
        ("limits.purge", (), "types"),
    ],
)
def test_a_non_batch_argument_is_refused_before_any_request(
    server: ScriptedServer, kind: str, value: Any, method: str, args: tuple[Any, ...], argument: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{argument} must be an iterable"):
        call(kind, server.url, method, "contacts", "companies", value, *args)
    assert server.received == []
