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
from hubspot_associations.testing import FakeHubSpot
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


# -- 5. a request no later request of the job can escape stops the job ---------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("method", "args", "inputs"),
    [
        ("batch.associate_default", (), [(i, 10_000 + i) for i in range(1, 1001)]),
        ("batch.remove", (), [(i, 10_000 + i) for i in range(1, 1001)]),
        ("batch.read", (), list(range(1, 1001))),
    ],
    ids=["associate_default", "remove", "read"],
)
def test_an_unknown_object_type_sends_one_request(
    kind: str, method: str, args: tuple[Any, ...], inputs: list[Any]
) -> None:
    with FakeHubSpot() as hs:
        hs.add_records("contacts", range(1, 1001))
        report = call(
            kind,
            hs.url,
            method,
            "contacts",
            "butterflies",
            inputs,
            *args,
            chunk_size=10,
            concurrency=1,
        )
        assert hs.request_count == 1
    assert report.succeeded == []
    assert_each_once(report, inputs)
    assert len(report.failed) == len(inputs)
    assert {f.error.message for f in report.failed} == {
        "Unable to infer object type from: butterflies"
    }


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_object_type_stops_a_concurrent_job_after_the_first_wave(kind: str) -> None:
    pairs = [(i, 10_000 + i) for i in range(1, 2001)]
    with FakeHubSpot() as hs:
        report = call(
            kind,
            hs.url,
            "batch.associate_default",
            "butterflies",
            "companies",
            pairs,
            chunk_size=10,
            concurrency=4,
        )
        assert hs.request_count <= 4
    assert_each_once(report, pairs)
    assert len(report.failed) == len(pairs)


@pytest.mark.parametrize("kind", KINDS)
def test_an_ordinary_400_fails_its_chunk_only(server: ScriptedServer, kind: str) -> None:
    server.reply(
        400,
        {
            "status": "error",
            "message": "Invalid input JSON on line 1",
            "category": "VALIDATION_ERROR",
            "correlationId": "c-1",
        },
    )
    server.reply(200, batch_body(default_results(("3", "4"))))
    pairs = [("1", "2"), ("3", "4")]
    report = call(
        kind,
        server.url,
        "batch.associate_default",
        "contacts",
        "companies",
        pairs,
        chunk_size=1,
        concurrency=1,
    )
    assert len(server.received) == 2
    assert [s.input for s in report.succeeded] == [("3", "4")]
    assert [f.input for f in report.failed] == [("1", "2")]


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
