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


# -- 1. an item error goes to the input it names, whatever side it names -------------------------

MISSING = "Could not find object with id 999999."


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("method", "extra", "status", "results"),
    [
        ("batch.associate_default", {}, 200, default_results(("1", "2"))),
        ("batch.associate", {"types": [CONTACT_TO_COMPANY]}, 207, labels_results(("1", "2"))),
        ("batch.remove", {}, 200, []),
        ("batch.remove_labels", {"types": [PRIMARY]}, 200, []),
    ],
    ids=["associate_default", "associate", "remove", "remove_labels"],
)
def test_an_error_naming_only_the_to_side_goes_to_its_input(
    server: ScriptedServer,
    kind: str,
    method: str,
    extra: dict[str, Any],
    status: int,
    results: list[Any],
) -> None:
    server.reply(status, batch_body(results, [item_error(MISSING, toObjectId=["999999"])]))
    pairs = [("1", "2"), ("1", "999999")]
    report = call(kind, server.url, method, "contacts", "companies", pairs, **extra)
    assert_each_once(report, pairs)
    assert [s.input for s in report.succeeded] == [("1", "2")]
    (failed,) = report.failed
    assert failed.input == ("1", "999999")
    assert failed.error.message == MISSING
    assert failed.error.category == "VALIDATION_ERROR"
    assert failed.error.sub_category == INVALID_IDENTIFIER
    assert failed.error.context == {"toObjectId": ["999999"]}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("key", ["fromObjectId", "ids", "id"])
def test_an_error_naming_one_side_goes_to_every_input_on_that_side(
    server: ScriptedServer, kind: str, key: str
) -> None:
    message = "Could not find object with id 7."
    server.reply(
        200, batch_body(default_results(("8", "3")), [item_error(message, **{key: ["7"]})])
    )
    pairs = [("7", "1"), ("7", "2"), ("8", "3")]
    report = call(kind, server.url, "batch.associate_default", "contacts", "companies", pairs)
    assert_each_once(report, pairs)
    assert [s.input for s in report.succeeded] == [("8", "3")]
    failed = errors_by_input(report)
    assert set(failed) == {("7", "1"), ("7", "2")}
    assert {e.message for e in failed.values()} == {message}


@pytest.mark.parametrize("kind", KINDS)
def test_an_error_naming_both_sides_wins_over_one_naming_one_side(
    server: ScriptedServer, kind: str
) -> None:
    server.reply(
        207,
        batch_body(
            [],
            [
                item_error("about record 1", fromObjectId=["1"]),
                item_error("about 1 and 6", fromObjectId=["1"], toObjectId=["6"]),
            ],
        ),
    )
    pairs = [("1", "5"), ("1", "6")]
    report = call(
        kind, server.url, "batch.associate", "contacts", "companies", pairs, [CONTACT_TO_COMPANY]
    )
    failed = errors_by_input(report)
    assert failed[("1", "6")].message == "about 1 and 6"
    assert failed[("1", "5")].message == "about record 1"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("method", "args", "status", "results", "inputs", "unanswered"),
    [
        (
            "batch.associate_default",
            (),
            200,
            default_results(("1", "2")),
            [("1", "2"), ("3", "4")],
            ("3", "4"),
        ),
        ("batch.read", (), 207, read_results("1"), ["1", "2"], "2"),
        (
            "limits.create",
            (),
            207,
            limit_results(279),
            [(CONTACT_TO_COMPANY, 5), (PRIMARY, 3)],
            (PRIMARY, 3),
        ),
    ],
    ids=["associate_default", "read", "limits.create"],
)
def test_one_unclaimed_error_and_one_unanswered_input_belong_together(
    server: ScriptedServer,
    kind: str,
    method: str,
    args: tuple[Any, ...],
    status: int,
    results: list[Any],
    inputs: list[Any],
    unanswered: Any,
) -> None:
    # The error's context names nothing that matches the input (a key this SDK does not read
    # as the input's, a value that is not the input's id): it is still the only explanation.
    error = item_error("Something about this one", maxToObjectIds=["3"], toObjectId=["40"])
    server.reply(status, batch_body(results, [error]))
    report = call(kind, server.url, method, "contacts", "companies", inputs, *args)
    assert_each_once(report, inputs)
    (failed,) = report.failed
    assert failed.input == unanswered
    assert failed.error.message == "Something about this one"


@pytest.mark.parametrize("kind", KINDS)
def test_missing_result_only_when_hubspot_said_nothing(server: ScriptedServer, kind: str) -> None:
    server.reply(200, batch_body(default_results(("1", "2"))))
    pairs = [("1", "2"), ("3", "4")]
    report = call(kind, server.url, "batch.associate_default", "contacts", "companies", pairs)
    assert [f.error.category for f in report.failed] == ["MISSING_RESULT"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("method", "args", "inputs"),
    [
        ("batch.remove", (), [("1", "2"), ("3", "4")]),
        ("limits.purge", (), [CONTACT_TO_COMPANY, PRIMARY]),
    ],
    ids=["remove", "limits.purge"],
)
def test_a_removal_error_about_no_input_sent_leaves_no_success(
    server: ScriptedServer, kind: str, method: str, args: tuple[Any, ...], inputs: list[Any]
) -> None:
    server.reply(200, batch_body([], [item_error("Something went wrong", toObjectId=["40"])]))
    report = call(kind, server.url, method, "contacts", "companies", inputs, *args)
    assert report.succeeded == []
    assert_each_once(report, inputs)
    for failed in report.failed:
        assert "Something went wrong" in failed.error.message
        assert failed.error.category != "MISSING_RESULT"


# -- 2. FakeHubSpot's errors reach the input they are about ------------------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
@pytest.mark.parametrize("kind", KINDS)
def test_a_limit_reached_on_the_inverse_side_fails_the_right_input(kind: str) -> None:
    with FakeHubSpot() as hs:
        hs.add_records("contacts", [1, 2, 3, 4])
        hs.add_records("companies", [100, 101])
        # Company 100 may have at most 2 contacts: a limit of the companies -> contacts side.
        limits = call(kind, hs.url, "limits.create", "companies", "contacts", [(280, 2)])
        assert limits.ok
        seeded = [(1, 100), (2, 100)]
        assert call(kind, hs.url, "batch.associate_default", "contacts", "companies", seeded).ok
        pairs = [(3, 100), (3, 101), (4, 100)]
        report = call(kind, hs.url, "batch.associate_default", "contacts", "companies", pairs)
        assert hs.associations("companies", 100, "contacts") == [("1", [280]), ("2", [280])]
    assert [s.input for s in report.succeeded] == [(3, 101)]
    failed = errors_by_input(report)
    assert set(failed) == {(3, 100), (4, 100)}
    for error in failed.values():
        assert error.category == "VALIDATION_ERROR"
        assert "limit" in error.message and "100" in error.message
        assert error.context["toObjectId"] == ["100"]
        assert "fromObjectId" not in error.context  # contacts 3 and 4 have no limit


@pytest.mark.usefixtures("api_version")  # on each API version
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("method", "args"),
    [("batch.associate_default", ()), ("batch.associate", ([CONTACT_TO_COMPANY],))],
    ids=["associate_default", "associate"],
)
def test_a_missing_record_of_one_side_fails_its_inputs_with_the_fakes_message(
    kind: str, method: str, args: tuple[Any, ...]
) -> None:
    with FakeHubSpot() as hs:
        hs.add_records("contacts", [1, 2])
        hs.add_records("companies", [100])
        pairs = [(1, 100), (1, 999), (2, 999), (7, 100)]
        report = call(kind, hs.url, method, "contacts", "companies", pairs, *args)
    assert [s.input for s in report.succeeded] == [(1, 100)]
    failed = errors_by_input(report)
    assert set(failed) == {(1, 999), (2, 999), (7, 100)}
    assert failed[(1, 999)].context == failed[(2, 999)].context == {"toObjectId": ["999"]}
    assert failed[(7, 100)].context == {"fromObjectId": ["7"]}
    for pair, error in failed.items():
        assert error.sub_category == INVALID_IDENTIFIER
        assert str(pair[0] if pair[0] == 7 else pair[1]) in error.message


# -- 3. a batch HubSpot did not complete is no success --------------------------------------------

UNFINISHED = ["PENDING", "PROCESSING", "CANCELED"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", UNFINISHED)
@pytest.mark.parametrize(
    ("method", "args", "inputs"),
    [
        ("batch.remove", (), [("1", "2"), ("3", "4")]),
        ("batch.remove_labels", ([PRIMARY],), [("1", "2"), ("3", "4")]),
        ("limits.purge", (), [CONTACT_TO_COMPANY, PRIMARY]),
        ("batch.associate_default", (), [("1", "2"), ("3", "4")]),
        ("batch.read", (), ["1", "2"]),
    ],
    ids=["remove", "remove_labels", "limits.purge", "associate_default", "read"],
)
def test_inputs_of_an_unfinished_batch_fail_with_its_status(
    server: ScriptedServer,
    kind: str,
    status: str,
    method: str,
    args: tuple[Any, ...],
    inputs: list[Any],
) -> None:
    server.reply(200, batch_body([], status=status))
    report = call(kind, server.url, method, "contacts", "companies", inputs, *args)
    assert report.succeeded == []
    assert_each_once(report, inputs)
    for failed in report.failed:
        assert failed.error.category == f"BATCH_{status}"
        assert failed.error.context == {"status": [status]}
        assert status in failed.error.message


@pytest.mark.parametrize("kind", KINDS)
def test_an_unfinished_batch_keeps_the_results_and_errors_it_gave(
    server: ScriptedServer, kind: str
) -> None:
    server.reply(
        207,
        batch_body(
            labels_results(("1", "2")),
            [item_error(MISSING, toObjectId=["999999"])],
            status="CANCELED",
        ),
    )
    pairs = [("1", "2"), ("1", "999999"), ("3", "4")]
    report = call(
        kind, server.url, "batch.associate", "contacts", "companies", pairs, [CONTACT_TO_COMPANY]
    )
    assert [s.input for s in report.succeeded] == [("1", "2")]
    failed = errors_by_input(report)
    assert failed[("1", "999999")].message == MISSING
    assert failed[("3", "4")].category == "BATCH_CANCELED"


# -- 4. the SDK reads HubSpot's documented 200 and a 207 alike -----------------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [200, 207])
@pytest.mark.parametrize(
    ("method", "args", "results", "inputs", "error", "failing"),
    [
        (
            "batch.associate_default",
            (),
            default_results(("1", "2")),
            [("1", "2"), ("1", "9")],
            item_error("no 9", fromObjectId=["1"], toObjectId=["9"]),
            ("1", "9"),
        ),
        (
            "batch.remove",
            (),
            [],
            [("1", "2"), ("1", "9")],
            item_error("no 9", fromObjectId=["1"], toObjectId=["9"]),
            ("1", "9"),
        ),
        (
            "batch.remove_labels",
            ([PRIMARY],),
            [],
            [("1", "2"), ("1", "9")],
            item_error("no 9", fromObjectId=["1"], toObjectId=["9"]),
            ("1", "9"),
        ),
        (
            "limits.purge",
            (),
            [],
            [CONTACT_TO_COMPANY, PRIMARY],
            item_error("no 1", typeId=["1"]),
            PRIMARY,
        ),
    ],
    ids=["associate_default", "remove", "remove_labels", "limits.purge"],
)
def test_partial_failure_is_read_from_200_and_207(
    server: ScriptedServer,
    kind: str,
    status: int,
    method: str,
    args: tuple[Any, ...],
    results: list[Any],
    inputs: list[Any],
    error: Any,
    failing: Any,
) -> None:
    server.reply(status, batch_body(results, [error]))
    report = call(kind, server.url, method, "contacts", "companies", inputs, *args)
    assert_each_once(report, inputs)
    assert [f.input for f in report.failed] == [failing]
    assert report.failed[0].error.message == error["message"]


# -- 5. a request no later request of the job can escape stops the job ---------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
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


@pytest.mark.usefixtures("api_version")  # on each API version
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
