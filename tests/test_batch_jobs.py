"""Each batch operation files HubSpot's answer under the right input, through both clients.

HubSpot answers a batch with a list of results and a list of item errors, in no promised order
and without saying which input each one answers: the SDK must match them back. These tests
script the answers (207 Multi-Status, as HubSpot sends) and check which input got what.
"""

from __future__ import annotations

from typing import Any

import pytest
from clients import KINDS, call
from hubspot_associations import AssociationType, BatchReport
from scripted_server import ScriptedServer, labeled

STAMPS = {"startedAt": "2026-03-02T10:00:00.000Z", "completedAt": "2026-03-02T10:00:00.045Z"}
CONTACT_TO_COMPANY, COMPANY_TO_CONTACT = 279, 280  # HubSpot's default types, both directions


@pytest.fixture(params=KINDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def body(results: list[Any], errors: list[Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"status": "COMPLETE", "results": results, **STAMPS}
    if errors:
        answer["errors"] = errors
        answer["numErrors"] = len(errors)
    return answer


def default(f: int, t: int, type_id: int) -> dict[str, Any]:
    spec = {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id}
    return {"from": {"id": str(f)}, "to": {"id": str(t)}, "associationSpec": spec}


def both_ways(f: int, t: int) -> list[dict[str, Any]]:
    """HubSpot's result for one contact-company pair: the association and its inverse."""
    return [default(f, t, CONTACT_TO_COMPANY), default(t, f, COMPANY_TO_CONTACT)]


def error(message: str, sub: str | None = None, **context: list[str]) -> dict[str, Any]:
    err: dict[str, Any] = {"status": "error", "category": "OBJECT_NOT_FOUND", "message": message}
    if sub:
        err["subCategory"] = sub
    if context:
        err["context"] = context
    return err


def outcome(report: BatchReport[Any, Any]) -> dict[Any, Any]:
    """input -> the (from, to, type) triples it succeeded with, or the message it failed with."""
    out: dict[Any, Any] = {
        s.input: sorted((a.from_object_id, a.to_object_id, a.type_id) for a in s.result)
        for s in report.succeeded
    }
    for f in report.failed:
        assert f.input not in out, f"{f.input} is in both lists"
        out[f.input] = f.error.message
    return out


def associate_default(kind: str, server: ScriptedServer, pairs: list[Any]) -> Any:
    return call(
        kind,
        lambda c: c.batch.associate_default("contacts", "companies", pairs),
        url=server.url,
    )


# -- associate_default: which results belong to which pair --------------------------------------


@pytest.mark.parametrize("others", [[], [(2, 3)]], ids=["alone", "with-another-pair"])
def test_a_record_paired_with_the_same_id_gets_each_association_once(
    server: ScriptedServer, kind: str, others: list[tuple[int, int]]
) -> None:
    # Contact 1 and company 1 are different records that share an id: the pair (1, 1) is as valid
    # as any other, and HubSpot answers it with the association and its inverse, once each.
    server.reply(207, body([r for pair in [(1, 1), *others] for r in both_ways(*pair)]))
    report = associate_default(kind, server, [(1, 1), *others])
    assert outcome(report) == {
        (1, 1): [("1", "1", CONTACT_TO_COMPANY), ("1", "1", COMPANY_TO_CONTACT)],
        **{(f, t): [(str(f), str(t), 279), (str(t), str(f), 280)] for f, t in others},
    }


def test_mirrored_pairs_each_get_their_own_results(server: ScriptedServer, kind: str) -> None:
    # (1, 2) and (2, 1) are both inputs: each one's inverse looks like the other. (5, 6) shows
    # which type id goes from contact to company.
    server.reply(207, body([*both_ways(1, 2), *both_ways(2, 1), *both_ways(5, 6)]))
    report = associate_default(kind, server, [(1, 2), (2, 1), (5, 6)])
    assert outcome(report) == {
        (1, 2): [("1", "2", CONTACT_TO_COMPANY), ("2", "1", COMPANY_TO_CONTACT)],
        (2, 1): [("1", "2", COMPANY_TO_CONTACT), ("2", "1", CONTACT_TO_COMPANY)],
        (5, 6): [("5", "6", CONTACT_TO_COMPANY), ("6", "5", COMPANY_TO_CONTACT)],
    }


def test_of_mirrored_pairs_only_the_valid_one_succeeds(server: ScriptedServer, kind: str) -> None:
    # Contact 2 does not exist: (2, 1) fails, and (1, 2)'s inverse must not be taken for it.
    missing = error("contact 2 not found", fromObjectId=["2"], toObjectId=["1"])
    server.reply(207, body([*both_ways(1, 2), *both_ways(5, 6)], [missing]))
    report = associate_default(kind, server, [(1, 2), (2, 1), (5, 6)])
    assert outcome(report) == {
        (1, 2): [("1", "2", CONTACT_TO_COMPANY), ("2", "1", COMPANY_TO_CONTACT)],
        (2, 1): "contact 2 not found",
        (5, 6): [("5", "6", CONTACT_TO_COMPANY), ("6", "5", COMPANY_TO_CONTACT)],
    }


def test_mirrored_pairs_alone_both_valid(server: ScriptedServer, kind: str) -> None:
    # Nothing else in the chunk tells the direction; each pair appearing twice means both went in.
    server.reply(207, body([*both_ways(1, 2), *both_ways(2, 1)]))
    report = associate_default(kind, server, [(1, 2), (2, 1)])
    assert not report.failed
    for pair in [(1, 2), (2, 1)]:
        (result,) = [s.result for s in report.succeeded if s.input == pair]
        assert len(result) == 2
        assert {(a.from_object_id, a.to_object_id) for a in result} == {("1", "2"), ("2", "1")}


def test_mirrored_pairs_alone_one_named_by_an_error(server: ScriptedServer, kind: str) -> None:
    missing = error("contact 2 not found", fromObjectId=["2"], toObjectId=["1"])
    server.reply(207, body(both_ways(1, 2), [missing]))
    report = associate_default(kind, server, [(1, 2), (2, 1)])
    assert outcome(report) == {
        (1, 2): [("1", "2", CONTACT_TO_COMPANY), ("2", "1", COMPANY_TO_CONTACT)],
        (2, 1): "contact 2 not found",
    }


def test_mirrored_pairs_an_error_about_another_pair_of_the_same_record_proves_nothing(
    server: ScriptedServer, kind: str
) -> None:
    # Contact 1 does not exist, nor company 9; (2, 1) went in. The error about (2, 9) names
    # contact 2 but is not about (2, 1): (1, 2) must not take (2, 1)'s results for its own.
    server.reply(
        207,
        body(
            both_ways(2, 1),
            [
                error("contact 1 not found", fromObjectId=["1"], toObjectId=["2"]),
                error("company 9 not found", fromObjectId=["2"], toObjectId=["9"]),
            ],
        ),
    )
    report = associate_default(kind, server, [(1, 2), (2, 1), (2, 9)])
    assert outcome(report) == {
        (1, 2): "contact 1 not found",
        (2, 1): [("1", "2", COMPANY_TO_CONTACT), ("2", "1", CONTACT_TO_COMPANY)],
        (2, 9): "company 9 not found",
    }


def test_mirrored_pairs_alone_unclear_answer_claims_neither(
    server: ScriptedServer, kind: str
) -> None:
    # One pair's results and an error that names neither exactly: which one went in cannot be
    # known, so neither is reported as a success.
    vague = error("something went wrong")
    server.reply(207, body(both_ways(1, 2), [vague]))
    report = associate_default(kind, server, [(1, 2), (2, 1)])
    assert outcome(report) == {(1, 2): "something went wrong", (2, 1): "something went wrong"}


# -- item errors: which input an error is about ------------------------------------------------


def test_errors_go_to_the_pair_they_name_among_pairs_sharing_a_record(
    server: ScriptedServer, kind: str
) -> None:
    server.reply(
        207,
        body(
            [labeled(2, 30)],
            [
                error("company 20 is gone", fromObjectId=["1"], toObjectId=["20"]),
                error("company 10 is gone", fromObjectId=["1"], toObjectId=["10"]),
            ],
        ),
    )
    report = call(
        kind,
        lambda c: c.batch.associate(
            "contacts", "companies", [(1, 10), (1, 20), (2, 30)], types=[CONTACT_TO_COMPANY]
        ),
        url=server.url,
    )
    assert {f.input: f.error.message for f in report.failed} == {
        (1, 10): "company 10 is gone",
        (1, 20): "company 20 is gone",
    }
    assert [s.input for s in report.succeeded] == [(2, 30)]


def test_an_error_naming_only_the_from_record_is_that_pairs(
    server: ScriptedServer, kind: str
) -> None:
    server.reply(207, body([labeled(1, 10)], [error("contact 2 is gone", fromObjectId=["2"])]))
    report = call(
        kind,
        lambda c: c.batch.associate(
            "contacts", "companies", [(1, 10), (2, 20)], types=[CONTACT_TO_COMPANY]
        ),
        url=server.url,
    )
    assert [(f.input, f.error.message) for f in report.failed] == [((2, 20), "contact 2 is gone")]
    assert [s.input for s in report.succeeded] == [(1, 10)]


# -- removals: an input succeeded unless an error is about it ----------------------------------


@pytest.mark.parametrize("operation", ["remove", "remove_labels"])
def test_a_removal_error_fails_only_the_pair_it_names(
    server: ScriptedServer, kind: str, operation: str
) -> None:
    server.reply(207, body([], [error("no such pair", fromObjectId=["2"], toObjectId=["20"])]))
    extra = {"types": [CONTACT_TO_COMPANY]} if operation == "remove_labels" else {}
    report = call(
        kind,
        lambda c: getattr(c.batch, operation)(
            "contacts", "companies", [(1, 10), (2, 20), (3, 30)], **extra
        ),
        url=server.url,
    )
    assert sorted(s.input for s in report.succeeded) == [(1, 10), (3, 30)]
    assert all(s.result is None for s in report.succeeded)
    assert [(f.input, f.error.message) for f in report.failed] == [((2, 20), "no such pair")]


def test_a_removal_error_naming_no_input_fails_them_all(server: ScriptedServer, kind: str) -> None:
    # Nothing says which pairs were removed: none is reported removed.
    server.reply(207, body([], [error("partial failure")]))
    report = call(
        kind,
        lambda c: c.batch.remove("contacts", "companies", [(1, 10), (2, 20)]),
        url=server.url,
    )
    assert report.succeeded == []
    assert {f.input: f.error.message for f in report.failed} == {
        (1, 10): "partial failure",
        (2, 20): "partial failure",
    }


# -- limits: errors name the association type -----------------------------------------------------


def test_limit_errors_fail_the_type_they_name(server: ScriptedServer, kind: str) -> None:
    created = {"category": "HUBSPOT_DEFINED", "typeId": 279, "userEnforcedMaxToObjectIds": 5}
    server.reply(207, body([created], [error("no label 37", typeId=["37"])]))
    server.reply(207, body([], [error("no label 37", typeId=["37"])]))
    inputs = [(AssociationType.CONTACT_TO_COMPANY, 5), (("USER_DEFINED", 37), 2)]

    def run(client: Any) -> Any:
        create = client.limits.create("contacts", "companies", inputs)
        purge = client.limits.purge("contacts", "companies", [279, ("USER_DEFINED", 37)])
        return create, purge

    async def run_async(client: Any) -> Any:
        create = await client.limits.create("contacts", "companies", inputs)
        purge = await client.limits.purge("contacts", "companies", [279, ("USER_DEFINED", 37)])
        return create, purge

    create, purge = call(kind, run if kind == "sync" else run_async, url=server.url)
    assert [s.input for s in create.succeeded] == [inputs[0]]
    assert [(f.input, f.error.message) for f in create.failed] == [(inputs[1], "no label 37")]
    assert [s.input for s in purge.succeeded] == [279]
    assert [(f.input, f.error.message) for f in purge.failed] == [
        (("USER_DEFINED", 37), "no label 37")
    ]


# -- read: following each record's cursor ----------------------------------------------------------


def page(record: int, *to: int, after: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {
        "from": {"id": str(record)},
        "to": [
            {"toObjectId": t, "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 1}]}
            for t in to
        ],
    }
    if after is not None:
        found["paging"] = {"next": {"after": after}}
    return found


def read(kind: str, server: ScriptedServer, ids: list[Any]) -> Any:
    return call(
        kind,
        lambda c: c.batch.read("contacts", "companies", ids, concurrency=1),
        url=server.url,
    )


def test_read_stops_when_hubspot_repeats_a_cursor(server: ScriptedServer, kind: str) -> None:
    server.reply(207, body([page(1, 10, after="A")]))
    server.reply(207, body([page(1, 11, after="A")]))  # the same cursor again: no progress
    report = read(kind, server, [1])
    assert outcome_read(report) == {1: ["10", "11"]}
    assert len(server.received) == 2


def test_read_keeps_earlier_pages_when_a_later_one_finds_nothing(
    server: ScriptedServer, kind: str
) -> None:
    # The associations went away between two pages: what was read is still the answer.
    gone = error("none", "crm.associations.NO_ASSOCIATIONS_FOUND", fromObjectId=["1"])
    server.reply(207, body([page(1, 10, after="A")]))
    server.reply(207, body([], [gone]))
    report = read(kind, server, [1])
    assert outcome_read(report) == {1: ["10"]}


def outcome_read(report: BatchReport[Any, Any]) -> dict[Any, Any]:
    assert report.failed == []
    return {s.input: [r.to_object_id for r in s.result] for s in report.succeeded}


# -- bad inputs: the report names the argument and the position --------------------------------


def test_bad_inputs_are_reported_with_their_position(kind: str) -> None:
    def run(client: Any) -> Any:
        return client.batch.associate_default("contacts", "companies", ["x", (3, "y")])

    report = call(kind, run)  # nothing valid: nothing is sent
    messages = {repr(f.input): f.error.message for f in report.failed}
    assert messages["'x'"].startswith("pairs[0] must be a (from_id, to_id) pair")
    assert messages["(3, 'y')"].startswith("pairs[1] to_id")


def test_bad_limits_are_reported_with_their_position(kind: str) -> None:
    def run(client: Any) -> Any:
        return client.limits.create("contacts", "companies", ["x", (("NOPE", 1), 2), (279, 0)])

    report = call(kind, run)
    messages = {repr(f.input): f.error.message for f in report.failed}
    assert messages["'x'"] == "limits[0] must be a (type, max_to_object_ids) pair"
    assert messages["(('NOPE', 1), 2)"].startswith("limits[1] type")
    assert messages["(279, 0)"].startswith("limits[2] max_to_object_ids")

    report = call(kind, lambda c: c.limits.purge("contacts", "companies", [0.5, "x"]))
    assert [f.error.message.split(" ")[:2] for f in report.failed] == [
        ["limits[0]", "type"],
        ["limits[1]", "type"],
    ]


@pytest.mark.parametrize(
    ("arguments", "named"),
    [({"types": "Buyer"}, "types"), ({"types": [279], "concurrency": 0}, "concurrency")],
)
def test_bad_batch_arguments_name_the_argument(
    kind: str, arguments: dict[str, Any], named: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{named}\b"):
        call(kind, lambda c: c.batch.associate("contacts", "companies", [(1, 2)], **arguments))
