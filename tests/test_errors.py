"""Every error shape HubSpot (or a proxy in front of it) answers with becomes the right typed
error, with its fields filled in; nothing raw (httpx, JSON, KeyError, ValueError) escapes."""

from __future__ import annotations

import copy
import http
import inspect
import json
import pickle
import socket
from collections.abc import Callable
from typing import Any

import attrs
import httpx
import pytest
from clients import async_client, both_clients, client_of, sync_client
from conftest import TOKEN
from hubspot_associations import Associations, AssociationType, AsyncAssociations, errors
from hubspot_associations_api import API_VERSION
from scripted_server import ScriptedServer

OBJ = f"/crm/objects/{API_VERSION}"
STAMPS = {"startedAt": "2026-03-02T10:00:00.000Z", "completedAt": "2026-03-02T10:00:00.045Z"}
HTML_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
)


class Sleeps:
    """An injected sleep that records instead of sleeping."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


class AsyncSleeps(Sleeps):
    async def __call__(self, seconds: float) -> None:  # type: ignore[override]
        self.calls.append(seconds)


# -- the error shapes ---------------------------------------------------------------------------


@attrs.frozen
class Shape:
    name: str
    status: int
    body: Any  # dict (sent as JSON) or bytes
    headers: dict[str, str]
    cls: type[errors.APIError]
    category: str | None
    sub_category: str | None
    message: str  # a part of the message the error must carry
    correlation_id: str | None
    details: list[errors.ErrorDetail] = attrs.field(factory=list)


SHAPES = [
    Shape(
        "400 validation",
        400,
        {
            "status": "error",
            "message": "Invalid input JSON on line 1",
            "correlationId": "c-400-body",
            "category": "VALIDATION_ERROR",
            "subCategory": "crm.associations.INVALID_IDENTIFIER",
            "errors": [
                {
                    "message": "toObjectId is not a valid id",
                    "in": "toObjectId",
                    "code": "INVALID_INTEGER",
                    "subCategory": "crm.associations.INVALID_IDENTIFIER",
                    "context": {"toObjectId": ["abc"]},
                },
                "not an object: skipped",
            ],
        },
        {"X-HubSpot-Correlation-Id": "c-400-header", "X-Trace": "trace-1"},
        errors.ValidationError,
        "VALIDATION_ERROR",
        "crm.associations.INVALID_IDENTIFIER",
        "Invalid input JSON on line 1",
        "c-400-body",
        [
            errors.ErrorDetail(
                message="toObjectId is not a valid id",
                in_="toObjectId",
                code="INVALID_INTEGER",
                sub_category="crm.associations.INVALID_IDENTIFIER",
                context={"toObjectId": ["abc"]},
            )
        ],
    ),
    Shape(
        "400 unknown object type without category",
        400,
        {
            "status": "error",
            "message": "Unable to infer object type from: butterflies",
            "correlationId": "c-butterflies",
        },
        {"X-Trace": "trace-2"},
        errors.ValidationError,
        None,
        None,
        "Unable to infer object type from: butterflies",
        "c-butterflies",
    ),
    Shape(
        "401 expired, correlation id only in the header",
        401,
        {
            "status": "error",
            "message": "The OAuth token used to make this call expired 2 hour(s) ago.",
            "category": "EXPIRED_AUTHENTICATION",
        },
        {"X-HubSpot-Correlation-Id": "c-401-header", "X-Trace": "trace-3"},
        errors.AuthenticationError,
        "EXPIRED_AUTHENTICATION",
        None,
        "expired 2 hour(s) ago",
        "c-401-header",
    ),
    Shape(
        "404 not found",
        404,
        {
            "status": "error",
            "message": "resource not found",
            "correlationId": "c-404",
            "category": "OBJECT_NOT_FOUND",
            "context": {"id": ["999"]},
        },
        {"X-Trace": "trace-4"},
        errors.NotFoundError,
        "OBJECT_NOT_FOUND",
        None,
        "resource not found",
        "c-404",
    ),
    Shape(
        "409 conflict",
        409,
        {
            "status": "error",
            "message": "A label with this name already exists",
            "correlationId": "c-409",
            "category": "CONFLICT",
        },
        {"X-Trace": "trace-5"},
        errors.ConflictError,
        "CONFLICT",
        None,
        "already exists",
        "c-409",
    ),
    Shape(
        "429 ten-secondly",
        429,
        {
            "status": "error",
            "message": "You have reached your ten_secondly_rolling limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": "c-429",
            "policyName": "TEN_SECONDLY_ROLLING",
            "groupName": "app-1234",
        },
        {"X-Trace": "trace-6", "X-HubSpot-RateLimit-Remaining": "0"},
        errors.RateLimitError,
        "RATE_LIMIT",
        None,
        "ten_secondly_rolling limit",
        "c-429",
    ),
    Shape(
        "429 daily",
        429,
        {
            "status": "error",
            "message": "You have reached your daily limit.",
            "errorType": "RATE_LIMIT",
            "correlationId": "c-daily",
            "policyName": "DAILY",
        },
        {"X-Trace": "trace-7"},
        errors.DailyLimitError,
        "RATE_LIMIT",
        None,
        "daily limit",
        "c-daily",
    ),
    Shape(
        "500 json",
        500,
        {"status": "error", "message": "internal error", "correlationId": "c-500"},
        {"X-Trace": "trace-8"},
        errors.ServerError,
        None,
        None,
        "internal error",
        "c-500",
    ),
    Shape(
        "502 html from a proxy",
        502,
        HTML_502,
        {"Content-Type": "text/html", "X-Trace": "trace-9", "X-HubSpot-Correlation-Id": "c-502"},
        errors.ServerError,
        None,
        None,
        "502 Bad Gateway",
        "c-502",
    ),
    Shape(
        "503 plain text",
        503,
        b"upstream connect error or disconnect/reset before headers",
        {"Content-Type": "text/plain", "X-Trace": "trace-10"},
        errors.ServerError,
        None,
        None,
        "upstream connect error",
        None,
    ),
    Shape(
        "521 from cloudflare, empty body",
        521,
        b"",
        {"X-Trace": "trace-11"},
        errors.ServerError,
        None,
        None,
        "521",
        None,
    ),
    Shape(
        "418 unknown 4xx, JSON that is not an object",
        418,
        b'["teapot"]',
        {"X-Trace": "trace-12"},
        errors.APIError,
        None,
        None,
        "teapot",
        None,
    ),
]


def check_error(err: errors.APIError, shape: Shape) -> None:
    assert type(err) is shape.cls
    assert isinstance(err, errors.HubSpotError)
    assert err.status_code == shape.status
    assert err.category == shape.category
    assert err.sub_category == shape.sub_category
    assert shape.message in err.message
    assert err.correlation_id == shape.correlation_id
    assert err.errors == shape.details
    assert err.headers["x-trace"] == shape.headers["X-Trace"]
    text = str(err)
    assert "\n" not in text
    assert str(shape.status) in text
    assert shape.message in text
    if shape.correlation_id:
        assert shape.correlation_id in text
    assert shape.cls.__name__ in repr(err)


def assert_round_trips(err: errors.HubSpotError) -> None:
    """The error survives pickling (multiprocessing, task queues) and copying whole."""
    for again in (pickle.loads(pickle.dumps(err)), copy.copy(err), copy.deepcopy(err)):
        assert type(again) is type(err)
        assert vars(again) == vars(err)
        assert again.args == err.args
        assert (str(again), repr(again)) == (str(err), repr(err))


def reply(server: ScriptedServer, shape: Shape) -> None:
    server.reply(shape.status, shape.body, shape.headers)


def test_521_is_not_a_standard_status() -> None:
    assert 521 not in {s.value for s in http.HTTPStatus}


@pytest.mark.usefixtures("api_version")  # on each API version
@both_clients
@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_error_shape(kind: str, server: ScriptedServer, shape: Shape) -> None:
    reply(server, shape)
    with client_of(kind, server.url) as client, pytest.raises(errors.APIError) as caught:
        client.associate_default("contacts", 1, "companies", 2)
    check_error(caught.value, shape)
    assert_round_trips(caught.value)
    assert len(server.received) == 1


@pytest.mark.usefixtures("api_version")  # on each API version
@both_clients
@pytest.mark.parametrize("shape", SHAPES, ids=[s.name for s in SHAPES])
def test_error_shape_of_a_label_list(kind: str, server: ScriptedServer, shape: Shape) -> None:
    reply(server, shape)
    with client_of(kind, server.url) as client, pytest.raises(errors.APIError) as caught:
        client.labels.list("contacts", "companies")
    check_error(caught.value, shape)
    assert_round_trips(caught.value)
    assert len(server.received) == 1


# -- every error class pickles ------------------------------------------------------------------


def error_classes() -> list[type[errors.HubSpotError]]:
    """Every class of the hierarchy, found by walking it (a new class is tested unasked)."""
    found: dict[str, type[errors.HubSpotError]] = {}
    todo = [errors.HubSpotError]
    while todo:
        cls = todo.pop()
        if cls.__module__ == errors.__name__:
            found[cls.__name__] = cls
        todo.extend(cls.__subclasses__())
    return [found[name] for name in sorted(found)]


DETAIL = errors.ErrorDetail(
    "toObjectId is not a valid id",
    in_="toObjectId",
    code="INVALID_INTEGER",
    sub_category="crm.associations.INVALID_IDENTIFIER",
    context={"toObjectId": ["abc"]},
)
API_FIELDS: dict[str, Any] = {
    "category": "VALIDATION_ERROR",
    "sub_category": "crm.associations.INVALID_IDENTIFIER",
    "correlation_id": "c-pickle",
    "errors": [DETAIL],
    "context": {"missingScopes": ["crm.objects.contacts.write"]},
    "headers": {"x-hubspot-correlation-id": "c-pickle", "retry-after": "3"},
    "body": {"status": "error", "message": "Invalid input", "errors": [{"in": "toObjectId"}]},
}
# How to make an example of a class, by the constructor it has (subclasses that add none share
# their parent's); a class with a new constructor fails the test below until it gets one here.
EXAMPLES: dict[object, Callable[[Any], errors.HubSpotError]] = {
    Exception.__init__: lambda cls: cls("request failed: ConnectError: connection refused"),
    errors.APIError.__init__: lambda cls: cls(400, "Invalid input", retry_after=2.0, **API_FIELDS),
    errors.RateLimitError.__init__: lambda cls: cls(
        429, "You have reached your daily limit.", policy="DAILY", retry_after=3.0, **API_FIELDS
    ),
    errors.LabelNotFoundError.__init__: lambda cls: cls(
        "Nobody", "contacts", "companies", ["Billing contact", "Decision maker"]
    ),
    errors.JournalError.__init__: lambda cls: cls("job.sqlite", "it belongs to another job"),
}


def test_the_walk_finds_every_public_error_class() -> None:
    public = {getattr(errors, name) for name in errors.__all__}
    assert {c for c in public if isinstance(c, type) and issubclass(c, Exception)} == set(
        error_classes()
    )


@pytest.mark.parametrize("cls", error_classes(), ids=lambda cls: cls.__name__)
def test_every_error_class_pickles_with_its_attributes(cls: type[errors.HubSpotError]) -> None:
    assert cls.__init__ in EXAMPLES, f"add an example for {cls.__name__}'s constructor"
    err = EXAMPLES[cls.__init__](cls)
    assert type(err) is cls
    # The example fills every attribute the class declares, so the round trip checks them all.
    declared = set()
    for klass in cls.__mro__:
        if klass.__module__ == errors.__name__:
            declared |= set(inspect.get_annotations(klass))
    assert declared <= set(vars(err))
    assert all(value not in (None, "", [], {}, ()) for value in vars(err).values())
    assert_round_trips(err)
    again = pickle.loads(pickle.dumps(err))
    for name in declared:
        assert getattr(again, name) == getattr(err, name)
    if isinstance(again, errors.APIError):
        assert again.errors == [DETAIL]
    with pytest.raises(cls):  # still raisable and caught as itself
        raise again


def test_str_of_an_error_is_one_line_even_when_the_message_is_not(
    server: ScriptedServer,
) -> None:
    message = "Property values were not valid:\n  toObjectId: not a number\r\n  more"
    server.reply(400, {"status": "error", "message": message, "correlationId": "c-nl"})
    with sync_client(server.url) as client, pytest.raises(errors.ValidationError) as caught:
        client.associate_default("contacts", 1, "companies", 2)
    text = str(caught.value)
    assert "\n" not in text
    assert "\r" not in text
    assert "Property values were not valid: toObjectId: not a number more" in text
    assert "c-nl" in text
    assert caught.value.message == message  # the attribute keeps HubSpot's text as sent


def test_rate_limit_error_carries_policy_and_retry_after(server: ScriptedServer) -> None:
    (shape,) = [s for s in SHAPES if s.name == "429 ten-secondly"]
    server.reply(shape.status, shape.body, {**shape.headers, "Retry-After": "7"})
    with sync_client(server.url) as client, pytest.raises(errors.RateLimitError) as caught:
        client.remove("contacts", 1, "companies", 2)
    assert caught.value.policy == "TEN_SECONDLY_ROLLING"
    assert caught.value.retry_after == 7.0
    assert not isinstance(caught.value, errors.DailyLimitError)


@pytest.mark.usefixtures("api_version")  # on each API version
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # HubSpot's real shape: the scopes in errors[].context.
        (
            {
                "status": "error",
                "message": "This app hasn't been granted all required scopes to make this call.",
                "correlationId": "c-403",
                "category": "MISSING_SCOPES",
                "errors": [
                    {
                        "message": "One or more of the following scopes are required.",
                        "context": {
                            "requiredGranularScopes": [
                                "crm.objects.contacts.write",
                                "crm.objects.companies.write",
                            ]
                        },
                    }
                ],
                "links": {"scopes": "https://developers.hubspot.com/scopes"},
            },
            ["crm.objects.contacts.write", "crm.objects.companies.write"],
        ),
        (
            {
                "status": "error",
                "message": "This app hasn't been granted all required scopes to make this call.",
                "correlationId": "c-403",
                "category": "MISSING_SCOPES",
                "errors": [
                    {
                        "message": "One or more of the following scopes are required.",
                        "context": {"requiredScopes": ["contacts"]},
                    }
                ],
            },
            ["contacts"],
        ),
        # The top-level context, as the SDK's facts describe it.
        (
            {
                "status": "error",
                "message": "missing scopes",
                "correlationId": "c-403",
                "category": "MISSING_SCOPES",
                "context": {"missingScopes": ["crm.objects.deals.write"]},
                "errors": [
                    {"message": "m", "context": {"missingScopes": ["crm.objects.deals.write"]}}
                ],
            },
            ["crm.objects.deals.write"],
        ),
    ],
)
def test_permission_denied_lists_missing_scopes(
    server: ScriptedServer, body: dict[str, Any], expected: list[str]
) -> None:
    server.reply(403, body, {"X-Trace": "t"})
    with sync_client(server.url) as client, pytest.raises(errors.PermissionDeniedError) as caught:
        client.associate_default("contacts", 1, "companies", 2)
    err = caught.value
    assert (err.status_code, err.category, err.correlation_id) == (403, "MISSING_SCOPES", "c-403")
    assert err.missing_scopes == expected


# -- retries ------------------------------------------------------------------------------------

TEN_SECONDLY = next(s for s in SHAPES if s.name == "429 ten-secondly")
DAILY = next(s for s in SHAPES if s.name == "429 daily")
SEED_OK = {
    "status": "COMPLETE",
    "results": [
        {
            "from": {"id": "1"},
            "to": {"id": "2"},
            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279},
        }
    ],
    **STAMPS,
}


def test_ten_secondly_429_is_retried_then_raised_when_retries_run_out(
    server: ScriptedServer,
) -> None:
    for _ in range(3):
        server.reply(429, TEN_SECONDLY.body, {"X-Trace": "t"})
    sleeps = Sleeps()
    with (
        sync_client(server.url, max_retries=2, sleep=sleeps) as client,
        pytest.raises(errors.RateLimitError) as caught,
    ):
        client.associate_default("contacts", 1, "companies", 2)
    assert caught.value.policy == "TEN_SECONDLY_ROLLING"
    assert len(server.received) == 3
    assert sleeps.calls == [10.0, 10.0]  # the window, not a short backoff


def test_ten_secondly_429_waits_the_announced_window_then_succeeds(
    server: ScriptedServer,
) -> None:
    server.reply(429, TEN_SECONDLY.body, {"X-HubSpot-RateLimit-Interval-Milliseconds": "2500"})
    server.reply(200, SEED_OK)
    sleeps = Sleeps()
    with sync_client(server.url, max_retries=3, sleep=sleeps) as client:
        (association,) = client.associate_default("contacts", 1, "companies", 2)
    assert association.type_id == 279
    assert sleeps.calls == [2.5]
    assert len(server.received) == 2


def test_daily_429_raises_at_once_without_retrying(server: ScriptedServer) -> None:
    server.reply(429, DAILY.body, DAILY.headers)
    server.reply(200, SEED_OK)  # would be taken by a retry
    sleeps = Sleeps()
    with (
        sync_client(server.url, max_retries=5, sleep=sleeps) as client,
        pytest.raises(errors.DailyLimitError) as caught,
    ):
        client.associate_default("contacts", 1, "companies", 2)
    assert caught.value.policy == "DAILY"
    assert isinstance(caught.value, errors.RateLimitError)
    assert len(server.received) == 1
    assert sleeps.calls == []


@pytest.mark.anyio
async def test_daily_429_raises_at_once_without_retrying_async(server: ScriptedServer) -> None:
    server.reply(429, DAILY.body, DAILY.headers)
    server.reply(200, SEED_OK)
    sleeps = AsyncSleeps()
    async with async_client(server.url, max_retries=5, sleep=sleeps) as client:
        with pytest.raises(errors.DailyLimitError):
            await client.associate_default("contacts", 1, "companies", 2)
    assert len(server.received) == 1
    assert sleeps.calls == []


@pytest.mark.parametrize("status", [500, 502, 503, 504, 521, 527])
def test_server_errors_are_retried_with_backoff(server: ScriptedServer, status: int) -> None:
    for _ in range(3):
        server.reply(status, HTML_502, {"Content-Type": "text/html"})
    sleeps = Sleeps()
    with (
        sync_client(server.url, max_retries=2, sleep=sleeps) as client,
        pytest.raises(errors.ServerError) as caught,
    ):
        client.associate_default("contacts", 1, "companies", 2)
    assert caught.value.status_code == status
    assert len(server.received) == 3
    assert len(sleeps.calls) == 2
    assert 0 < sleeps.calls[0] <= sleeps.calls[1] * 2  # exponential, jittered
    assert all(0 < s <= 30 for s in sleeps.calls)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409])
def test_client_errors_are_never_retried(server: ScriptedServer, status: int) -> None:
    server.reply(status, {"status": "error", "message": "no"})
    server.reply(200, SEED_OK)
    sleeps = Sleeps()
    with (
        sync_client(server.url, max_retries=5, sleep=sleeps) as client,
        pytest.raises(errors.APIError) as caught,
    ):
        client.associate_default("contacts", 1, "companies", 2)
    assert caught.value.status_code == status
    assert len(server.received) == 1
    assert sleeps.calls == []


@pytest.mark.anyio
async def test_async_server_error_retried_then_success(server: ScriptedServer) -> None:
    server.reply(502, HTML_502, {"Content-Type": "text/html"})
    server.reset()
    server.reply(200, SEED_OK)
    sleeps = AsyncSleeps()
    async with async_client(server.url, max_retries=2, sleep=sleeps) as client:
        result = await client.associate_default("contacts", 1, "companies", 2)
    assert [a.to_object_id for a in result] == ["2"]
    assert len(server.received) == 3
    assert len(sleeps.calls) == 2


# -- transport failures -------------------------------------------------------------------------


def test_connection_reset_is_an_api_connection_error(server: ScriptedServer) -> None:
    server.reset()
    with sync_client(server.url) as client, pytest.raises(errors.APIConnectionError) as caught:
        client.associate_default("contacts", 1, "companies", 2)
    err = caught.value
    assert not isinstance(err, errors.APITimeoutError)
    assert err.__cause__ is None
    assert err.__suppress_context__
    assert "\n" not in str(err)


@pytest.mark.anyio
async def test_connection_reset_is_an_api_connection_error_async(server: ScriptedServer) -> None:
    server.reset()
    async with async_client(server.url) as client:
        with pytest.raises(errors.APIConnectionError):
            await client.labels.list("contacts", "companies")


def test_connection_reset_is_retried(server: ScriptedServer) -> None:
    server.reset()
    server.reply(200, SEED_OK)
    sleeps = Sleeps()
    with sync_client(server.url, max_retries=1, sleep=sleeps) as client:
        result = client.associate_default("contacts", 1, "companies", 2)
    assert [a.from_object_id for a in result] == ["1"]
    assert len(server.received) == 2
    assert len(sleeps.calls) == 1


def test_connection_refused_is_an_api_connection_error() -> None:
    with socket.socket() as probe:  # a port nobody listens on any more
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
    with sync_client(url) as client, pytest.raises(errors.APIConnectionError):
        client.associate_default("contacts", 1, "companies", 2)


def raising_transport(exc: Callable[[httpx.Request], Exception]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc(request)

    return httpx.MockTransport(handler)


@pytest.mark.parametrize(
    "make",
    [
        lambda r: httpx.ReadTimeout("timed out", request=r),
        lambda r: httpx.ConnectTimeout("timed out", request=r),
        lambda r: httpx.PoolTimeout("timed out", request=r),
    ],
)
def test_timeouts_are_api_timeout_errors(make: Callable[[httpx.Request], Exception]) -> None:
    sleeps = Sleeps()
    with httpx.Client(transport=raising_transport(make)) as http_client:
        client = Associations(
            access_token=TOKEN,
            base_url="http://127.0.0.1:9",
            http_client=http_client,
            max_retries=2,
            sleep=sleeps,
        )
        with pytest.raises(errors.APITimeoutError) as caught:
            client.associate_default("contacts", 1, "companies", 2)
    assert isinstance(caught.value, errors.APIConnectionError)
    assert caught.value.__cause__ is None
    assert len(sleeps.calls) == 2  # timed-out requests are retried


@pytest.mark.anyio
async def test_timeouts_are_api_timeout_errors_async() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http_client:
        client = AsyncAssociations(
            access_token=TOKEN,
            base_url="http://127.0.0.1:9",
            http_client=http_client,
            max_retries=0,
        )
        with pytest.raises(errors.APITimeoutError):
            await client.associate_default("contacts", 1, "companies", 2)


def test_a_broken_response_is_an_api_connection_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("peer closed connection", request=request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as http_client:
        client = Associations(
            access_token=TOKEN,
            base_url="http://127.0.0.1:9",
            http_client=http_client,
            max_retries=0,
        )
        with pytest.raises(errors.APIConnectionError) as caught:
            client.remove("contacts", 1, "companies", 2)
    assert "RemoteProtocolError" in str(caught.value)


# -- success statuses with bodies that break the contract ---------------------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
@pytest.mark.parametrize(
    ("body", "why"),
    [
        (b'{"status":"COMPLETE","results":[{"from":{"id":"1"},"to', "JSONDecodeError"),
        (b"", "JSONDecodeError"),
        (b"\xff\xfe\x00", ""),
        (b"<html>ok</html>", "JSONDecodeError"),
        (b"[1, 2]", ""),
        (json.dumps({"status": "COMPLETE", **STAMPS}).encode(), "results"),
        (
            json.dumps(
                {
                    "status": "COMPLETE",
                    "results": [{"from": {"id": "1"}, "to": {"id": "2"}}],
                    **STAMPS,
                }
            ).encode(),
            "associationSpec",
        ),
        (
            json.dumps({"status": "COMPLETE", "results": [], "startedAt": "soon"}).encode(),
            "",
        ),
        (
            json.dumps(
                {
                    "status": "COMPLETE",
                    "results": [
                        {
                            "from": {"id": True},
                            "to": {"id": "2"},
                            "associationSpec": {
                                "associationCategory": "HUBSPOT_DEFINED",
                                "associationTypeId": 1,
                            },
                        }
                    ],
                    **STAMPS,
                }
            ).encode(),
            "",
        ),
    ],
    ids=[
        "truncated",
        "empty",
        "not-utf8",
        "html",
        "list",
        "no-results",
        "no-spec",
        "bad-date",
        "bool-id",
    ],
)
def test_a_200_that_breaks_the_contract_is_invalid_response(
    server: ScriptedServer, body: bytes, why: str
) -> None:
    server.reply(200, body, {"X-HubSpot-Correlation-Id": "c-200"})
    with (
        sync_client(server.url, max_retries=3) as client,
        pytest.raises(errors.InvalidResponseError) as caught,
    ):
        client.associate_default("contacts", 1, "companies", 2)
    err = caught.value
    assert isinstance(err, errors.APIError)
    assert err.status_code == 200
    assert err.correlation_id == "c-200"
    assert why in err.message
    assert err.__cause__ is None
    assert len(server.received) == 1  # a parse failure is not retried


@both_clients
def test_an_out_of_range_timestamp_is_invalid_response(kind: str, server: ScriptedServer) -> None:
    server.reply(200, {"enqueueTime": {"value": 10**20}, "userEmail": "a@b.c", "userId": 1})
    with client_of(kind, server.url) as client, pytest.raises(errors.InvalidResponseError):
        client.usage.high_usage_report(1)


# -- nothing raw escapes any public method -------------------------------------------------------

PAIRS = [(1, 2)]
TYPES = [AssociationType.CONTACT_TO_COMPANY]
OPERATIONS: list[tuple[str, int, str, Callable[[Any], Any]]] = [
    # (name, success status, what it returns, call)
    (
        "associate_default",
        200,
        "value",
        lambda c: c.associate_default("contacts", 1, "companies", 2),
    ),
    ("associate", 201, "value", lambda c: c.associate("contacts", 1, "companies", 2, TYPES)),
    ("remove", 204, "none", lambda c: c.remove("contacts", 1, "companies", 2)),
    ("list", 200, "value", lambda c: list(c.list("contacts", 1, "companies"))),
    ("batch.associate_default", 200, "batch", lambda c: c.batch.associate_default("a", "b", PAIRS)),
    ("batch.associate", 201, "batch", lambda c: c.batch.associate("a", "b", PAIRS, TYPES)),
    ("batch.read", 200, "batch", lambda c: c.batch.read("a", "b", [1])),
    ("batch.remove", 200, "batch", lambda c: c.batch.remove("a", "b", PAIRS)),
    ("batch.remove_labels", 200, "batch", lambda c: c.batch.remove_labels("a", "b", PAIRS, TYPES)),
    ("labels.list", 200, "value", lambda c: c.labels.list("a", "b")),
    ("labels.create", 200, "value", lambda c: c.labels.create("a", "b", name="n", label="l")),
    ("labels.update", 204, "none", lambda c: c.labels.update("a", "b", 9, label="l")),
    ("labels.delete", 204, "none", lambda c: c.labels.delete("a", "b", 9)),
    ("limits.list_all", 200, "value", lambda c: c.limits.list_all()),
    ("limits.list", 200, "value", lambda c: c.limits.list("a", "b")),
    ("limits.create", 201, "batch", lambda c: c.limits.create("a", "b", [(TYPES[0], 2)])),
    ("limits.update", 200, "batch", lambda c: c.limits.update("a", "b", [(TYPES[0], 2)])),
    ("limits.purge", 200, "batch", lambda c: c.limits.purge("a", "b", TYPES)),
    ("usage.high_usage_report", 200, "value", lambda c: c.usage.high_usage_report(5)),
]
BAD_ANSWERS = ["truncated", "empty-object", "wrong-types", "html-502", "reset"]


def queue_bad_answer(server: ScriptedServer, kind: str, status: int) -> None:
    if kind == "truncated":
        server.reply(status, b'{"results": [{"toObjectId": 1, "associationTy')
    elif kind == "empty-object":
        server.reply(status, {})
    elif kind == "wrong-types":
        server.reply(
            status,
            {
                "results": "many",
                "status": 5,
                "enqueueTime": "now",
                "userEmail": None,
                "userId": "x",
                "fromObjectId": None,
                "labels": 3,
                **STAMPS,
            },
        )
    elif kind == "html-502":
        server.reply(502, HTML_502, {"Content-Type": "text/html"})
    else:
        server.reset()


def test_operations_table_covers_the_19_operations() -> None:
    assert len({name for name, *_ in OPERATIONS}) == 19


@pytest.mark.usefixtures("api_version")  # on each API version
@both_clients
@pytest.mark.parametrize("answer", BAD_ANSWERS)
@pytest.mark.parametrize(
    ("name", "status", "returns", "call"), OPERATIONS, ids=[op[0] for op in OPERATIONS]
)
def test_nothing_raw_escapes(
    kind: str,
    server: ScriptedServer,
    answer: str,
    name: str,
    status: int,
    returns: str,
    call: Callable[[Any], Any],
) -> None:
    queue_bad_answer(server, answer, status)
    raised: errors.HubSpotError | None = None
    result: Any = None
    with client_of(kind, server.url) as client:
        try:
            result = call(client)
        except errors.HubSpotError as exc:
            raised = exc
    if raised is not None:
        assert returns != "batch", "a batch reports failures instead of raising"
        assert raised.__cause__ is None
        expected = {"html-502": errors.ServerError, "reset": errors.APIConnectionError}
        assert isinstance(raised, expected.get(answer, errors.InvalidResponseError))
        return
    # Only operations whose success has no body may ignore a bad body, and batches report it.
    if answer in ("html-502", "reset"):
        assert returns == "batch"
    else:
        assert returns in ("none", "batch")
    if returns == "batch":
        assert result.succeeded == []
        assert len(result.failed) == 1
        assert result.failed[0].error.message


# -- batches turn request errors into failed items ----------------------------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
@both_clients
def test_batch_request_error_fails_every_input_of_the_chunk(
    kind: str, server: ScriptedServer
) -> None:
    server.reply(
        400,
        {
            "status": "error",
            "message": "Unable to infer object type from: butterflies",
            "correlationId": "c-b",
        },
    )
    with client_of(kind, server.url) as client:
        report = client.batch.associate_default("contacts", "butterflies", [(1, 2), (3, 4)])
    assert report.succeeded == []
    assert [f.input for f in report.failed] == [(1, 2), (3, 4)]
    error = report.failed[0].error
    assert error.category == "HTTP_400"
    assert error.message == "Unable to infer object type from: butterflies"
    assert error.context["correlationId"] == ["c-b"]


@pytest.mark.usefixtures("api_version")  # on each API version
@both_clients
def test_batch_stops_sending_after_an_authentication_failure(
    kind: str, server: ScriptedServer
) -> None:
    server.reply(
        401,
        {"status": "error", "message": "bad token", "category": "INVALID_AUTHENTICATION"},
    )
    pairs = [(i, i + 1000) for i in range(1, 8)]
    with client_of(kind, server.url) as client:
        report = client.batch.associate_default(
            "contacts", "companies", pairs, chunk_size=2, concurrency=1
        )
    assert len(server.received) == 1
    assert report.succeeded == []
    assert sorted(f.input for f in report.failed) == pairs
    assert {f.error.category for f in report.failed} == {"INVALID_AUTHENTICATION"}


@pytest.mark.usefixtures("api_version")  # on each API version
@both_clients
def test_batch_stops_sending_after_a_daily_limit(kind: str, server: ScriptedServer) -> None:
    server.reply(200, {"status": "COMPLETE", "results": [], **STAMPS})
    server.reply(429, DAILY.body)
    sleeps = Sleeps()
    with client_of(kind, server.url, max_retries=5, sleep=sleeps) as client:
        report = client.batch.remove(
            "contacts", "companies", [(i, 1) for i in range(1, 7)], chunk_size=2, concurrency=1
        )
    assert len(server.received) == 2
    assert sleeps.calls == []
    assert sorted(s.input for s in report.succeeded) == [(1, 1), (2, 1)]
    assert sorted(f.input for f in report.failed) == [(i, 1) for i in range(3, 7)]
    assert {f.error.category for f in report.failed} == {"RATE_LIMIT"}
