"""The public SDK, sync and async, against the recordings served by the replaying, validating
server (tests/replay/replay.py): every operation, every recorded error shape, wire faults, and a
property test of path parameters.

Each case names a cassette, the SDK call that must produce exactly its recorded requests, and the
typed result or typed error that must come out. The server fails the test on any request or answer
that breaks the fragment, any request the cassette does not expect, and any interaction not used.
"""

from __future__ import annotations

import datetime as dt
import inspect
import json
import ssl
import urllib.parse
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from conftest import TOKEN
from hubspot_associations import (
    AssociatedRecord,
    Association,
    AssociationCategory,
    Associations,
    AssociationSpec,
    AssociationType,
    AsyncAssociations,
    BatchReport,
    HighUsageReport,
    LabelsBetweenRecords,
    LimitConfig,
    errors,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from replay import cassettes
from replay.replay import Answer, CassetteResponder, FunctionResponder, ReplayServer

# httpx builds a TLS context per client (~50 ms, even for http://): the tests share one.
TLS = ssl.create_default_context()
HUBSPOT = AssociationCategory.HUBSPOT_DEFINED
USER = AssociationCategory.USER_DEFINED
CORRELATION_PREFIX = "0f3c2a9e-"

ServerFactory = Callable[..., ReplayServer]
VERSIONS = cassettes.versions()  # every API version with recordings: each case runs on each


@pytest.fixture
def replay() -> Iterator[ServerFactory]:
    """Start a ReplayServer for a cassette by name; fails the test at teardown on any problem."""
    servers: list[ReplayServer] = []

    def start(name: str, version: str = cassettes.FIRST_VERSION) -> ReplayServer:
        cassette = cassettes.load(cassettes.folder(version) / f"{name}.yaml")
        server = ReplayServer(CassetteResponder(cassette)).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
    for server in servers:
        server.check()


# -- cases ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """``call`` is the client attribute path (``labels.create``); ``check`` gets the result or
    the HubSpotError raised; ``sleeps`` are the waits the SDK must take between attempts."""

    call: str
    args: tuple[Any, ...]
    check: Callable[[Any], None]
    kwargs: dict[str, Any] = field(default_factory=dict)
    max_retries: int = 0
    sleeps: list[float] = field(default_factory=list)


def _api_error(
    cls: type[errors.APIError],
    status: int,
    category: str | None,
    sub_category: str | None = None,
    message: str | None = None,
) -> Callable[[Any], None]:
    def check(outcome: Any) -> None:
        assert type(outcome) is cls, repr(outcome)
        assert outcome.status_code == status
        assert outcome.category == category
        assert outcome.sub_category == sub_category
        if message is not None:
            assert message in outcome.message
        if outcome.body is not None:  # HubSpot's JSON: its correlation id is kept
            assert (outcome.correlation_id or "").startswith(CORRELATION_PREFIX)

    return check


def _both(check: Callable[[Any], None], *more: Callable[[Any], None]) -> Callable[[Any], None]:
    def run(outcome: Any) -> None:
        for c in (check, *more):
            c(outcome)

    return run


def _seed_pair(outcome: Any) -> None:
    assert outcome == [
        Association("1001", "2002", HUBSPOT, 279),
        Association("2002", "1001", HUBSPOT, 280),
    ]


def _labels_between(outcome: Any) -> None:
    assert outcome == LabelsBetweenRecords("0-3", "3003", "0-1", "1001", ("Decision maker",))


def _listing(outcome: Any) -> None:
    assert outcome == [
        AssociatedRecord(
            "2002", (AssociationSpec(HUBSPOT, 1, "Primary"), AssociationSpec(HUBSPOT, 279))
        ),
        AssociatedRecord("2003", (AssociationSpec(USER, 36, "Billing contact"),)),
        AssociatedRecord(
            "2004", (AssociationSpec(AssociationCategory.WORK, 512, "Former employer"),)
        ),
    ]


def _report(
    succeeded: dict[Any, Any], failed: dict[Any, str] | None = None
) -> Callable[[Any], None]:
    """A BatchReport whose succeeded inputs map to these results, failed ones to categories."""

    def check(outcome: Any) -> None:
        assert isinstance(outcome, BatchReport), repr(outcome)
        got = {s.input: s.result for s in outcome.succeeded}
        assert got.keys() == succeeded.keys()
        for key, want in succeeded.items():
            assert got[key] == want, key
        assert {f.input: f.error.category for f in outcome.failed} == (failed or {})

    return check


def _both_directions(from_id: str, to_id: str) -> list[Association]:
    return [Association(from_id, to_id, HUBSPOT, 279), Association(to_id, from_id, HUBSPOT, 280)]


def _high_usage(outcome: Any) -> None:
    assert outcome == HighUsageReport(
        4242, "crm-admin@example.com", dt.datetime(2026, 3, 2, 10, tzinfo=dt.timezone.utc)
    )


def _specs(*expected: tuple[Any, int, str | None]) -> Callable[[Any], None]:
    def check(outcome: Any) -> None:
        assert outcome == [AssociationSpec(c, i, label) for c, i, label in expected]

    return check


def _limits(*expected: LimitConfig) -> Callable[[Any], None]:
    def check(outcome: Any) -> None:
        assert outcome == list(expected)

    return check


def _is_none(outcome: Any) -> None:
    assert outcome is None, repr(outcome)


def _missing_scopes(outcome: Any) -> None:
    assert outcome.missing_scopes == ["crm.objects.contacts.write", "crm.objects.companies.write"]


def _policy(policy: str) -> Callable[[Any], None]:
    def check(outcome: Any) -> None:
        assert outcome.policy == policy

    return check


def _html(outcome: Any) -> None:
    assert "HTML" in outcome.message and outcome.body is None


DEAL_CONTACT = [AssociationType.DEAL_TO_CONTACT]
LIMIT_279 = (AssociationType.CONTACT_TO_COMPANY, 5)

CASES: dict[str, Case] = {
    # -- the 19 operations
    "associate_default": Case(
        "associate_default", ("contacts", 1001, "companies", "2002"), _seed_pair
    ),
    "associate": Case(
        "associate",
        ("deals", 3003, "contacts", 1001),
        _labels_between,
        {"types": [AssociationType.DEAL_TO_CONTACT, (USER, 36)]},
    ),
    "remove_associations": Case("remove", ("deals", 3003, "contacts", 1001), _is_none),
    "list_associations": Case("list", ("contacts", 1001, "companies"), _listing),
    "batch_associate_default": Case(
        "batch.associate_default",
        ("contacts", "companies", [(1001, 2002), ("1002", "2003")]),
        _report(
            {
                (1001, 2002): _both_directions("1001", "2002"),
                ("1002", "2003"): _both_directions("1002", "2003"),
            }
        ),
    ),
    "batch_create": Case(
        "batch.associate",
        ("deals", "contacts", [(3003, 1001)], DEAL_CONTACT),
        _report({(3003, 1001): LabelsBetweenRecords("0-3", "3003", "0-1", "1001", ())}),
    ),
    "batch_create_partial": Case(
        "batch.associate",
        ("deals", "contacts", [(3003, 1001), (3004, 9999)], DEAL_CONTACT),
        _report(
            {(3003, 1001): LabelsBetweenRecords("0-3", "3003", "0-1", "1001", ())},
            {(3004, 9999): "OBJECT_NOT_FOUND"},
        ),
    ),
    "batch_read": Case(
        "batch.read",
        ("contacts", "companies", [1001, 1003]),
        _report(
            {
                1001: [
                    AssociatedRecord(
                        "2002",
                        (AssociationSpec(HUBSPOT, 1, "Primary"), AssociationSpec(HUBSPOT, 279)),
                    )
                ],
                1003: [],
            }
        ),
    ),
    "batch_archive": Case(
        "batch.remove",
        ("contacts", "companies", [(1001, 2002), (1001, 2003)]),
        _report({(1001, 2002): None, (1001, 2003): None}),
    ),
    "batch_archive_labels": Case(
        "batch.remove_labels",
        ("deals", "contacts", [(3003, 1001)], [(USER, 36)]),
        _report({(3003, 1001): None}),
    ),
    "high_usage_report": Case("usage.high_usage_report", (4242,), _high_usage),
    "list_labels": Case(
        "labels.list",
        ("contacts", "companies"),
        _specs(
            (HUBSPOT, 1, "Primary"),
            (HUBSPOT, 279, None),
            (USER, 36, "Billing contact"),
            (AssociationCategory.WORK, 512, "Former employer"),
            ("PARTNER_DEFINED", 901, "Referral partner"),  # unknown to the SDK: kept as text
        ),
    ),
    "create_label": Case(
        "labels.create",
        ("contacts", "companies"),
        _specs((USER, 36, "Billing contact"), (USER, 37, "Billed company")),
        {"name": "billing_contact", "label": "Billing contact", "inverse_label": "Billed company"},
    ),
    "update_label": Case(
        "labels.update", ("contacts", "companies", 36), _is_none, {"label": "Billing"}
    ),
    "delete_label": Case("labels.delete", ("contacts", "companies", 36), _is_none),
    "list_all_limits": Case(
        "limits.list_all",
        (),
        _limits(
            LimitConfig(HUBSPOT, 279, None, 1000, 5),
            LimitConfig(USER, 36, "Billing contact", 1000, None),
        ),
    ),
    "list_limits": Case(
        "limits.list", ("contacts", "companies"), _limits(LimitConfig(HUBSPOT, 279, None, 1000, 5))
    ),
    "create_limits": Case(
        "limits.create",
        ("contacts", "companies", [LIMIT_279]),
        _report({LIMIT_279: LimitConfig(HUBSPOT, 279, None, 1000, 5)}),
    ),
    "update_limits": Case(
        "limits.update",
        ("contacts", "companies", [(AssociationType.CONTACT_TO_COMPANY, 10)]),
        _report(
            {(AssociationType.CONTACT_TO_COMPANY, 10): LimitConfig(HUBSPOT, 279, None, None, 10)}
        ),
    ),
    "purge_limits": Case(
        "limits.purge",
        ("contacts", "companies", [AssociationType.CONTACT_TO_COMPANY]),
        _report({AssociationType.CONTACT_TO_COMPANY: None}),
    ),
    # -- error shapes and quirks
    "error_400_invalid_identifier": Case(
        "associate_default",
        ("contacts", 1001, "companies", 2999),
        _api_error(
            errors.ValidationError, 400, "VALIDATION_ERROR", "crm.associations.INVALID_IDENTIFIER"
        ),
        max_retries=3,  # never retried
    ),
    "error_401_invalid_authentication": Case(
        "labels.list",
        ("contacts", "companies"),
        _api_error(errors.AuthenticationError, 401, "INVALID_AUTHENTICATION"),
        max_retries=3,
    ),
    "error_401_expired_authentication": Case(
        "list",
        ("contacts", 1001, "companies"),
        _api_error(errors.AuthenticationError, 401, "EXPIRED_AUTHENTICATION", message="expired"),
        max_retries=3,
    ),
    "error_403_missing_scopes": Case(
        "associate_default",
        ("contacts", 1001, "companies", 2002),
        _both(_api_error(errors.PermissionDeniedError, 403, "MISSING_SCOPES"), _missing_scopes),
        max_retries=3,
    ),
    "error_404_not_found": Case(
        "labels.delete",
        ("contacts", "companies", 999),
        _api_error(errors.NotFoundError, 404, "OBJECT_NOT_FOUND"),
        max_retries=3,
    ),
    "error_429_ten_secondly_then_ok": Case(
        "associate_default",
        ("contacts", 1001, "companies", 2002),
        _seed_pair,
        max_retries=1,
        sleeps=[10.0],  # the window HubSpot announced in X-HubSpot-RateLimit-Interval-Milliseconds
    ),
    "error_429_daily": Case(
        "list",
        ("contacts", 1001, "companies"),
        _both(
            _api_error(errors.DailyLimitError, 429, "RATE_LIMIT", message="daily limit"),
            _policy("DAILY"),
        ),
        max_retries=3,  # a DAILY 429 is never retried
    ),
    "error_500_json_then_ok": Case(
        "labels.list",
        ("contacts", "companies"),
        _specs((HUBSPOT, 279, None)),
        max_retries=1,
        sleeps=[pytest.approx(0.375, abs=0.126)],  # jittered backoff from 0.5 s
    ),
    "error_502_html": Case(
        "usage.high_usage_report",
        (4242,),
        _both(_api_error(errors.ServerError, 502, None), _html),
    ),
    "error_521_html": Case(
        "limits.list_all", (), _both(_api_error(errors.ServerError, 521, None), _html)
    ),
    "error_unknown_object_type": Case(
        "labels.list",
        ("butterflies", "companies"),
        _api_error(
            errors.ValidationError,
            400,
            None,
            message="Unable to infer object type from: butterflies",
        ),
        max_retries=3,
    ),
}


def _method(client: Any, dotted: str) -> Callable[..., Any]:
    target = client
    for part in dotted.split("."):
        target = getattr(target, part)
    return target  # type: ignore[no-any-return]


def run_sync(
    url: str, case: Case, version: str = cassettes.FIRST_VERSION
) -> tuple[Any, list[float]]:
    sleeps: list[float] = []
    with (
        httpx.Client(verify=TLS) as http_client,
        Associations(
            access_token=TOKEN,
            base_url=url,
            http_client=http_client,
            max_retries=case.max_retries,
            rate_limit=None,
            sleep=sleeps.append,
            api_version=version,
        ) as client,
    ):
        try:
            outcome = _method(client, case.call)(*case.args, **case.kwargs)
            if isinstance(outcome, Iterator):
                outcome = list(outcome)
        except errors.HubSpotError as exc:
            outcome = exc
    return outcome, sleeps


async def run_async(
    url: str, case: Case, version: str = cassettes.FIRST_VERSION
) -> tuple[Any, list[float]]:
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async with (
        httpx.AsyncClient(verify=TLS) as http_client,
        AsyncAssociations(
            access_token=TOKEN,
            base_url=url,
            http_client=http_client,
            max_retries=case.max_retries,
            rate_limit=None,
            sleep=sleep,
            api_version=version,
        ) as client,
    ):
        try:
            outcome = _method(client, case.call)(*case.args, **case.kwargs)
            if inspect.isawaitable(outcome):
                outcome = await outcome
            elif isinstance(outcome, AsyncIterator):
                outcome = [item async for item in outcome]
        except errors.HubSpotError as exc:
            outcome = exc
    return outcome, sleeps


@pytest.mark.parametrize("version", VERSIONS)
def test_every_recording_has_a_case(version: str) -> None:
    """Each API version has a recording of every case: the same SDK call, the same outcome."""
    assert sorted(CASES) == sorted(c.name for c in cassettes.load_all(version))


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", sorted(CASES))
def test_sync_client_against_recording(replay: ServerFactory, name: str, version: str) -> None:
    case = CASES[name]
    server = replay(name, version)
    outcome, sleeps = run_sync(server.url, case, version)
    server.check()
    case.check(outcome)
    assert sleeps == case.sleeps


@pytest.mark.anyio
@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("name", sorted(CASES))
async def test_async_client_against_recording(
    replay: ServerFactory, name: str, version: str
) -> None:
    case = CASES[name]
    server = replay(name, version)
    outcome, sleeps = await run_async(server.url, case, version)
    server.check()
    case.check(outcome)
    assert sleeps == case.sleeps


# -- wire faults ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["reset", "truncate", "delay"])
def test_sync_client_survives_wire_fault(replay: ServerFactory, kind: str) -> None:
    server = replay("associate_default")
    server.inject(kind, delay=0.02 if kind == "delay" else 0.0)
    case = CASES["associate_default"]
    outcome, sleeps = run_sync(server.url, Case(case.call, case.args, case.check, max_retries=1))
    server.check()
    _seed_pair(outcome)
    assert len(sleeps) == (0 if kind == "delay" else 1)
    assert len(server.received) == (1 if kind == "delay" else 2)


@pytest.mark.anyio
@pytest.mark.parametrize("kind", ["reset", "truncate"])
async def test_async_client_survives_wire_fault(replay: ServerFactory, kind: str) -> None:
    server = replay("batch_read")
    server.inject(kind)
    case = CASES["batch_read"]
    outcome, sleeps = await run_async(
        server.url, Case(case.call, case.args, case.check, max_retries=1)
    )
    server.check()
    case.check(outcome)
    assert len(sleeps) == 1


def test_replay_server_reports_an_unexpected_request(replay: ServerFactory) -> None:
    # The machinery must bite: a call the cassette does not hold is named, with what was expected.
    server = replay("associate_default")
    outcome, _ = run_sync(server.url, CASES["error_400_invalid_identifier"])
    assert isinstance(outcome, errors.APIError) and outcome.status_code == 418
    with pytest.raises(AssertionError) as failure:
        server.check()
    text = str(failure.value)
    assert "companies/2999 does not match associate_default interaction" in text
    assert "was never requested" in text


def test_replay_server_reports_a_fragment_violation() -> None:
    def bad_answer(_: Any) -> Answer:
        return Answer(200, b'{"status":"COMPLETE"}', {"Content-Type": "application/json"})

    with ReplayServer(FunctionResponder(bad_answer)) as server:
        http = httpx.put(
            f"{server.url}/crm/objects/2099-01/contacts/1/associations/default/companies/x",
            headers={"Authorization": "Bearer t"},
        )
    assert http.status_code == 200
    problems = "\n".join(server.problems())
    assert "'2099-01' is not one of ['2026-03']" in problems
    assert "'results' is a required property" in problems


# -- property: path parameters ----------------------------------------------------------------

TYPE_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,40}", fullmatch=True)
TYPE_IDS = st.from_regex(r"[0-9]{1,3}-[0-9]{1,15}", fullmatch=True)
OBJECT_TYPES = st.one_of(TYPE_NAMES, TYPE_IDS)
# Record ids as ints, or digit strings (leading zeros too) of at most 19 characters.
RECORD_IDS = st.one_of(
    st.integers(min_value=1, max_value=2**63 - 1),
    st.integers(min_value=1, max_value=2**63 - 1).map(str),
    st.tuples(st.integers(0, 3), st.integers(min_value=1, max_value=10**15)).map(
        lambda zeros_and_id: "0" * zeros_and_id[0] + str(zeros_and_id[1])
    ),
)


def _echo(received: Any) -> Answer:
    """A valid answer built from the request path: the ids come back as JSON numbers."""
    segments = [urllib.parse.unquote(s) for s in received.path.split("/")]
    json_type = {"Content-Type": "application/json;charset=utf-8"}
    if received.method == "PUT" and "default" in segments:
        spec = {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}
        body = {
            "status": "COMPLETE",
            "startedAt": "2026-03-02T10:00:00Z",
            "completedAt": "2026-03-02T10:00:01Z",
            "results": [
                {
                    "from": {"id": int(segments[5])},
                    "to": {"id": int(segments[9])},
                    "associationSpec": spec,
                }
            ],
        }
        return Answer(200, json.dumps(body).encode(), json_type)
    if received.method == "GET":
        return Answer(200, b'{"results":[]}', json_type)
    return Answer(204)


@pytest.fixture(scope="module")
def echo_server() -> Iterator[ReplayServer]:
    with ReplayServer(FunctionResponder(_echo)) as server:
        yield server
    server.check()


@pytest.fixture(scope="module")
def echo_client(echo_server: ReplayServer) -> Iterator[Associations]:
    with (
        httpx.Client(verify=TLS) as http_client,
        Associations(
            access_token=TOKEN,
            base_url=echo_server.url,
            http_client=http_client,
            max_retries=0,
            rate_limit=None,
        ) as client,
    ):
        yield client


def _segments(server: ReplayServer) -> list[str]:
    assert len(server.received) == 1, server.received
    return [urllib.parse.unquote(s) for s in server.received[0].path.split("/")]


def _fresh(server: ReplayServer) -> None:
    server.check()
    server.received.clear()


PROPERTY_SETTINGS = settings(max_examples=20, deadline=None)


@PROPERTY_SETTINGS
@given(from_type=OBJECT_TYPES, from_id=RECORD_IDS, to_type=OBJECT_TYPES, to_id=RECORD_IDS)
def test_path_parameters_round_trip_associate_default(
    echo_server: ReplayServer,
    echo_client: Associations,
    from_type: str,
    from_id: int | str,
    to_type: str,
    to_id: int | str,
) -> None:
    _fresh(echo_server)
    result = echo_client.associate_default(from_type, from_id, to_type, to_id)
    echo_server.check()  # the request (and the answer) validate against the fragment
    canonical_from, canonical_to = str(int(from_id)), str(int(to_id))
    assert _segments(echo_server) == [
        "", "crm", "objects", "2026-03", from_type, canonical_from,
        "associations", "default", to_type, canonical_to,
    ]  # fmt: skip
    assert [(a.from_object_id, a.to_object_id) for a in result] == [(canonical_from, canonical_to)]


@PROPERTY_SETTINGS
@given(
    object_type=OBJECT_TYPES,
    object_id=RECORD_IDS,
    to_type=OBJECT_TYPES,
    page_size=st.integers(min_value=1, max_value=500),
)
def test_path_parameters_round_trip_list(
    echo_server: ReplayServer,
    echo_client: Associations,
    object_type: str,
    object_id: int | str,
    to_type: str,
    page_size: int,
) -> None:
    _fresh(echo_server)
    assert list(echo_client.list(object_type, object_id, to_type, page_size=page_size)) == []
    echo_server.check()
    assert _segments(echo_server) == [
        "", "crm", "objects", "2026-03", object_type, str(int(object_id)),
        "associations", to_type,
    ]  # fmt: skip
    assert echo_server.received[0].query == (("limit", str(page_size)),)


@PROPERTY_SETTINGS
@given(
    from_type=OBJECT_TYPES,
    to_type=OBJECT_TYPES,
    type_id=st.integers(min_value=1, max_value=2**31 - 1),
)
def test_path_parameters_round_trip_delete_label(
    echo_server: ReplayServer,
    echo_client: Associations,
    from_type: str,
    to_type: str,
    type_id: int,
) -> None:
    _fresh(echo_server)
    echo_client.labels.delete(from_type, to_type, type_id)
    echo_server.check()
    assert _segments(echo_server) == [
        "", "crm", "associations", "2026-03", from_type, to_type, "labels", str(type_id),
    ]  # fmt: skip
