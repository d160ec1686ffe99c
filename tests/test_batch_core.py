"""The report of any batch: every distinct input once, with HubSpot's own error, and progress
that adds up. Through both clients; HubSpot's answers are scripted (or computed in-process by an
``httpx.MockTransport`` where a transport failure is the point).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from clients import KINDS, call
from hubspot_associations import BatchItemError
from hubspot_associations.errors import ErrorDetail
from scripted_server import ScriptedServer, labeled

STAMPS = {"startedAt": "2026-03-02T10:00:00.000Z", "completedAt": "2026-03-02T10:00:00.045Z"}


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def answer(*errors: dict[str, Any], results: tuple[Any, ...] = ()) -> dict[str, Any]:
    """A batch answer: HubSpot's results, and its item errors when there are some."""
    body: dict[str, Any] = {"status": "COMPLETE", "results": list(results), **STAMPS}
    if errors:
        body["errors"] = list(errors)
    return body


def associate(kind: str, server: ScriptedServer, pairs: Any, **options: Any) -> Any:
    return call(
        kind,
        lambda c: c.batch.associate("contacts", "companies", pairs, types=[279], **options),
        url=server.url,
    )


# -- progress ---------------------------------------------------------------------------------


def test_progress_is_reported_after_each_chunk_and_counts_every_input(
    server: ScriptedServer, kind: str
) -> None:
    # Seven inputs: a repeat, a bad input twice, and four distinct pairs in chunks of two.
    pairs = [(1, 10), "x", (2, 20), (1, 10), "x", (3, 30), (4, 40)]
    for _ in range(2):
        server.reply(200, answer())
    calls: list[tuple[int, int | None]] = []
    report = call(
        kind,
        lambda c: c.batch.remove(
            "contacts",
            "companies",
            pairs,
            chunk_size=2,
            concurrency=1,
            on_progress=lambda done, total: calls.append((done, total)),
        ),
        url=server.url,
    )
    # Each repeat and bad input counts as done when it is read; each chunk when it settles.
    assert calls == [(3, 7), (7, 7)]
    assert sorted(s.input for s in report.succeeded) == [(1, 10), (2, 20), (3, 30), (4, 40)]
    assert [f.input for f in report.failed] == ["x"]
    assert report.failed[0].error.category == "INVALID_INPUT"


def test_progress_total_is_none_for_a_stream(server: ScriptedServer, kind: str) -> None:
    def pairs() -> Iterator[tuple[int, int]]:
        yield from [(1, 10), (2, 20), (3, 30)]

    for _ in range(2):
        server.reply(200, answer())
    calls: list[tuple[int, int | None]] = []
    call(
        kind,
        lambda c: c.batch.remove(
            "contacts",
            "companies",
            pairs(),
            chunk_size=2,
            concurrency=1,
            on_progress=lambda done, total: calls.append((done, total)),
        ),
        url=server.url,
    )
    assert calls == [(2, None), (3, None)]


def test_progress_after_a_fatal_error_counts_the_inputs_never_sent(
    server: ScriptedServer, kind: str
) -> None:
    server.reply(401, {"status": "error", "message": "expired", "category": "INVALID_AUTH"})
    calls: list[tuple[int, int | None]] = []
    report = call(
        kind,
        lambda c: c.batch.remove(
            "contacts",
            "companies",
            [(1, 10), (2, 20), (3, 30)],
            chunk_size=1,
            concurrency=1,
            on_progress=lambda done, total: calls.append((done, total)),
        ),
        url=server.url,
    )
    assert calls == [(1, 3), (3, 3)]
    assert len(server.received) == 1
    assert [f.error.category for f in report.failed] == ["INVALID_AUTH"] * 3


# -- repeats and bad inputs ---------------------------------------------------------------------


def test_a_repeated_bad_input_does_not_stop_the_rest(server: ScriptedServer, kind: str) -> None:
    server.reply(200, answer())
    report = call(
        kind,
        lambda c: c.batch.remove("contacts", "companies", ["x", "x", (1, 10), (1, 10)]),
        url=server.url,
    )
    assert [s.input for s in report.succeeded] == [(1, 10)]
    assert [(f.input, f.error.category) for f in report.failed] == [("x", "INVALID_INPUT")]


# -- a request that fails for good ---------------------------------------------------------------


def test_a_failed_request_does_not_stop_the_batch(server: ScriptedServer, kind: str) -> None:
    # A 500 (no retries here) fails its chunk; the next chunk is still sent.
    server.reply(500, {"status": "error", "message": "boom", "category": "INTERNAL_ERROR"})
    server.reply(200, answer())
    report = call(
        kind,
        lambda c: c.batch.remove(
            "contacts", "companies", [(1, 10), (2, 20)], chunk_size=1, concurrency=1
        ),
        url=server.url,
    )
    assert [s.input for s in report.succeeded] == [(2, 20)]
    assert [(f.input, f.error.category) for f in report.failed] == [((1, 10), "INTERNAL_ERROR")]


def test_a_failed_request_gives_its_inputs_hubspots_whole_error(
    server: ScriptedServer, kind: str
) -> None:
    server.reply(
        400,
        {
            "status": "error",
            "message": "Invalid input",
            "category": "VALIDATION_ERROR",
            "subCategory": "crm.associations.INVALID_OBJECT_TYPE",
            "correlationId": "c-42",
            "context": {"objectType": ["widgets"]},
            "errors": [{"message": "unknown type", "in": "fromObjectType", "code": "INVALID"}],
        },
    )
    report = associate(kind, server, [(1, 10), (2, 20)])
    assert report.succeeded == []
    assert [f.input for f in report.failed] == [(1, 10), (2, 20)]
    assert [f.error for f in report.failed] == 2 * [
        BatchItemError(
            category="VALIDATION_ERROR",
            message="Invalid input",
            sub_category="crm.associations.INVALID_OBJECT_TYPE",
            context={"objectType": ["widgets"], "correlationId": ["c-42"]},
            errors=(ErrorDetail("unknown type", in_="fromObjectType", code="INVALID"),),
        )
    ]


@pytest.mark.parametrize(
    ("failure", "category", "named"),
    [
        (httpx.ConnectError("connection refused"), "CONNECTION_ERROR", "connection refused"),
        (httpx.ReadTimeout("read timed out"), "TIMEOUT", "ReadTimeout"),
    ],
)
def test_a_request_without_an_answer_fails_its_inputs_with_what_happened(
    kind: str, failure: httpx.HTTPError, category: str, named: str
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise failure

    report = call(
        kind,
        lambda c: c.batch.remove("contacts", "companies", [(1, 10)]),
        transport=httpx.MockTransport(fail),
    )
    (failed,) = report.failed
    assert failed.error.category == category
    assert named in failed.error.message


# -- inputs HubSpot's answer leaves out ------------------------------------------------------------


def test_an_input_with_neither_result_nor_error_fails_as_missing(
    server: ScriptedServer, kind: str
) -> None:
    server.reply(200, answer(results=(labeled(1, 10),)))
    report = associate(kind, server, [(1, 10), (2, 20)])
    assert [s.input for s in report.succeeded] == [(1, 10)]
    (failed,) = report.failed
    assert failed.input == (2, 20)
    assert failed.error.category == "MISSING_RESULT"
    assert "neither a result nor an error" in failed.error.message


def test_a_single_error_naming_no_record_is_the_unanswered_inputs(
    server: ScriptedServer, kind: str
) -> None:
    vague = {"status": "error", "category": "VALIDATION_ERROR", "message": "one input is bad"}
    server.reply(207, answer(vague, results=(labeled(1, 10),)))
    report = associate(kind, server, [(1, 10), (2, 20)])
    assert [(f.input, f.error.message) for f in report.failed] == [((2, 20), "one input is bad")]


def test_several_errors_naming_no_record_cannot_be_told_apart(
    server: ScriptedServer, kind: str
) -> None:
    vague = [
        {"status": "error", "category": "VALIDATION_ERROR", "message": f"bad input {n}"}
        for n in (1, 2)
    ]
    server.reply(207, answer(*vague, results=(labeled(1, 10),)))
    report = associate(kind, server, [(1, 10), (2, 20), (3, 30)])
    # HubSpot said something, but not about which input: no input borrows one error, and
    # neither is "missing" (README, "The report": UNMATCHED_ERROR carries their messages).
    failed = {f.input: f.error for f in report.failed}
    assert {k: e.category for k, e in failed.items()} == {
        (2, 20): "UNMATCHED_ERROR",
        (3, 30): "UNMATCHED_ERROR",
    }
    assert all("bad input 1" in e.message and "bad input 2" in e.message for e in failed.values())


def test_a_lone_error_naming_another_record_goes_to_the_lone_unanswered_input(
    server: ScriptedServer, kind: str
) -> None:
    # The one error names a record of no input here, and (2, 20) is the one input left without
    # an answer: exactly one error left and one input unanswered, so that error is its own
    # (issue 10's rule), never "missing".
    other = {
        "status": "error",
        "category": "OBJECT_NOT_FOUND",
        "message": "contact 9 not found",
        "context": {"fromObjectId": ["9"]},
    }
    server.reply(207, answer(other, results=(labeled(1, 10),)))
    report = associate(kind, server, [(1, 10), (2, 20)])
    assert [(f.input, f.error.category) for f in report.failed] == [((2, 20), "OBJECT_NOT_FOUND")]
    assert "contact 9 not found" in report.failed[0].error.message


def test_an_item_error_keeps_everything_hubspot_said(server: ScriptedServer, kind: str) -> None:
    item = {
        "status": "error",
        "category": "VALIDATION_ERROR",
        "subCategory": "crm.associations.INVALID_IDENTIFIER",
        "message": "bad pair",
        "context": {"fromObjectId": ["2"], "toObjectId": ["20"]},
        "links": {"knowledge-base": "https://knowledge.hubspot.com/x"},
        "errors": [{"message": "not a number", "in": "toObjectId", "subCategory": "NAN"}],
    }
    server.reply(207, answer(item, results=(labeled(1, 10),)))
    report = associate(kind, server, [(1, 10), (2, 20)])
    (failed,) = report.failed
    assert failed.error == BatchItemError(
        category="VALIDATION_ERROR",
        message="bad pair",
        status="error",
        sub_category="crm.associations.INVALID_IDENTIFIER",
        context={"fromObjectId": ["2"], "toObjectId": ["20"]},
        errors=(ErrorDetail("not a number", in_="toObjectId", sub_category="NAN"),),
        links={"knowledge-base": "https://knowledge.hubspot.com/x"},
    )
