"""The access token never leaks: not in a log record (any logger, DEBUG), not in a repr, not in
an exception. One DEBUG line per request says what happened. A caller's httpx client gets our
Authorization header and stays the caller's to close."""

from __future__ import annotations

import contextlib
import logging
import pickle
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from clients import TLS, both_clients, client_of
from conftest import SUITE_API_VERSION
from hubspot_associations import (
    Associations,
    AssociationType,
    AsyncAssociations,
    errors,
)
from scripted_server import ScriptedServer

SECRET = "pat-na1-7d1c0ffe-5ec2-4e7a-b00b-1eak1eak1eak"
OBJ = f"/crm/objects/{SUITE_API_VERSION}"
ASSOC = f"/crm/associations/{SUITE_API_VERSION}"
STAMPS = {"startedAt": "2026-03-02T10:00:00.000Z", "completedAt": "2026-03-02T10:00:00.045Z"}
LOGGERS = ["", "hubspot_associations", "httpx", "httpcore"]
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


@pytest.fixture
def logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


class SteppingClock:
    """A clock that moves 12.5 ms every time it is read: each request takes 12.5 ms."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        self.now += 0.0125
        return self.now


class Sleeps:
    """An injected sleep that records, and moves ``clock`` (when given) instead of waiting."""

    def __init__(self, clock: SteppingClock | None = None) -> None:
        self.calls: list[float] = []
        self.clock = clock

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        if self.clock is not None:
            self.clock.now += seconds


def everything_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    texts = []
    for record in caplog.records:
        texts += [formatter.format(record), str(record.msg), repr(record.args)]
        if record.exc_info:
            texts.append(formatter.formatException(record.exc_info))
    return texts


def exception_texts(exc: BaseException) -> list[str]:
    texts = [str(exc), repr(exc), repr(exc.args), repr(vars(exc))]
    if isinstance(exc, errors.HubSpotError):  # what a task queue or a worker process sends on
        texts.append(pickle.dumps(exc).decode("latin-1"))
    for linked in (exc.__cause__, exc.__context__):
        if linked is not None and not exc.__suppress_context__:
            texts += exception_texts(linked)
    return texts


def assert_no_secret(texts: list[str]) -> None:
    assert texts, "nothing was checked"
    leaks = [t for t in texts if SECRET in t or SECRET[8:] in t]
    assert leaks == []


# -- the scenario: successes, every error, retries, resets, timeouts -----------------------------

SCRIPT: list[tuple[int, Any, str]] = [
    # (status, body, what the call should end in); status 0 is a connection reset
    (200, SEED_OK, "ok"),
    (
        400,
        {
            "status": "error",
            "message": "Invalid input",
            "category": "VALIDATION_ERROR",
            "subCategory": "crm.associations.INVALID_IDENTIFIER",
            "errors": [{"message": "bad id", "in": "toObjectId"}],
        },
        "ValidationError",
    ),
    (
        400,
        {"status": "error", "message": "Unable to infer object type from: butterflies"},
        "ValidationError",
    ),
    (
        401,
        {"status": "error", "message": "bad token", "category": "INVALID_AUTHENTICATION"},
        "AuthenticationError",
    ),
    (
        403,
        {
            "status": "error",
            "message": "missing scopes",
            "category": "MISSING_SCOPES",
            "errors": [{"message": "m", "context": {"requiredGranularScopes": ["a.b"]}}],
        },
        "PermissionDeniedError",
    ),
    (404, {"status": "error", "message": "nope", "category": "OBJECT_NOT_FOUND"}, "NotFoundError"),
    (409, {"status": "error", "message": "conflict", "category": "CONFLICT"}, "ConflictError"),
    (
        429,
        {
            "status": "error",
            "message": "You have reached your daily limit.",
            "errorType": "RATE_LIMIT",
            "policyName": "DAILY",
        },
        "DailyLimitError",
    ),
    (502, b"<html><h1>502 Bad Gateway</h1></html>", "ServerError"),
    (521, b"", "ServerError"),
    (200, b'{"status":"COMPLETE","resu', "InvalidResponseError"),
    (0, None, "APIConnectionError"),
]


def queue(server: ScriptedServer, status: int, body: Any, correlation_id: str) -> None:
    if status == 0:
        server.reset()
    else:
        server.reply(status, body, {"X-HubSpot-Correlation-Id": correlation_id})


def run_scenario(client: Any, server: ScriptedServer) -> list[BaseException]:
    raised: list[BaseException] = []
    for number, (status, body, outcome) in enumerate(SCRIPT):
        queue(server, status, body, f"corr-{number}")
        if outcome == "ok":
            client.associate_default("contacts", 1, "companies", 2)
            continue
        # After a DAILY 429 a budget sends nothing more for a while: that one gets its own.
        caller = client.with_options(rate_limit=None) if outcome == "DailyLimitError" else client
        with pytest.raises(errors.HubSpotError) as caught:
            caller.associate_default("contacts", 1, "companies", 2)
        assert type(caught.value).__name__ == outcome
        raised.append(caught.value)
    # A rate limit, then a reset, then success: retried twice with the injected sleep.
    server.reply(
        429,
        {"status": "error", "message": "ten", "errorType": "RATE_LIMIT", "policyName": "SECONDLY"},
        {"X-HubSpot-Correlation-Id": "corr-retry-1"},
    )
    server.reset()
    server.reply(200, SEED_OK, {"X-HubSpot-Correlation-Id": "corr-retry-2"})
    client.with_options(max_retries=2).associate_default("contacts", 1, "companies", 2)
    # A batch whose request fails for good.
    server.reply(401, {"status": "error", "message": "expired"}, {"X-HubSpot-Correlation-Id": "b"})
    report = client.batch.associate("contacts", "companies", [(1, 2)], [AssociationType(279)])
    assert report.failed[0].error.message == "expired"
    return raised


@both_clients
def test_token_never_logged_repred_or_raised(
    kind: str, server: ScriptedServer, logs: pytest.LogCaptureFixture
) -> None:
    clock = SteppingClock()
    sleeps = Sleeps(clock)
    with client_of(
        kind,
        server.url,
        access_token=SECRET,
        max_retries=0,
        rate_limit=(100, 10.0),
        clock=clock,
        sleep=sleeps,
    ) as client:
        raised = run_scenario(client, server)
        copy = client.with_options(timeout=5, max_retries=1, rate_limit=None)
        reprs = [repr(client), str(client), repr(copy), str(copy), repr(client.batch)]
        reprs += [repr(client.labels), repr(client.limits), repr(client.usage)]
    assert sleeps.calls[0] == 1.0  # SECONDLY: a second, then the reset's short backoff
    assert len(sleeps.calls) == 2
    assert len(server.received) == len(SCRIPT) + 3 + 1
    assert len(raised) == len([s for s in SCRIPT if s[2] != "ok"])
    assert all(r.headers["authorization"] == f"Bearer {SECRET}" for r in server.received)

    texts = everything_logged(logs)
    names = {record.name.split(".")[0] for record in logs.records}
    assert {"hubspot_associations", "httpcore"} <= names  # the capture did see those loggers
    assert_no_secret(texts)
    assert_no_secret(reprs)
    for exc in raised:
        assert_no_secret(exception_texts(exc))
    assert_no_secret([repr(client._engine.settings)])


@pytest.mark.anyio
async def test_token_never_leaks_from_the_async_client(
    server: ScriptedServer, logs: pytest.LogCaptureFixture
) -> None:
    raised: list[BaseException] = []
    async with (
        httpx.AsyncClient(verify=TLS) as http_client,
        AsyncAssociations(
            access_token=SECRET,
            base_url=server.url,
            http_client=http_client,
            max_retries=0,
            rate_limit=None,
        ) as client,
    ):
        for number, (status, body, _) in enumerate(SCRIPT):
            queue(server, status, body, f"corr-{number}")
            try:
                await client.labels.list("contacts", "companies")
            except errors.HubSpotError as exc:
                raised.append(exc)
        reprs = [repr(client), repr(client.with_options(timeout=1))]
    assert len(raised) == len(SCRIPT)  # a seed answer is not a label list: invalid too
    assert_no_secret(everything_logged(logs))
    assert_no_secret(reprs)
    for exc in raised:
        assert_no_secret(exception_texts(exc))


def test_token_never_leaks_from_a_timeout(logs: pytest.LogCaptureFixture) -> None:
    # A listener that never accepts: the connection opens, the answer never comes.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with (
            httpx.Client(verify=TLS) as http_client,
            Associations(
                access_token=SECRET,
                base_url=url,
                http_client=http_client,
                timeout=0.05,
                max_retries=0,
                rate_limit=None,
            ) as client,
            pytest.raises(errors.APITimeoutError) as caught,
        ):
            client.remove("contacts", 1, "companies", 2)
    assert_no_secret(exception_texts(caught.value))
    assert_no_secret(everything_logged(logs))


@pytest.mark.parametrize(
    "make",
    [
        lambda r: httpx.ConnectError("connection refused", request=r),
        lambda r: httpx.ReadTimeout("timed out", request=r),
        lambda r: httpx.RemoteProtocolError("illegal status line", request=r),
        lambda r: httpx.ProxyError("407 Proxy Authentication Required", request=r),
    ],
)
@both_clients
def test_token_never_leaks_from_transport_errors(
    kind: str, logs: pytest.LogCaptureFixture, make: Callable[[httpx.Request], Exception]
) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        raise make(request)

    sleeps = Sleeps()
    with (
        client_of(
            kind,
            "http://127.0.0.1:9",
            transport=httpx.MockTransport(handler),
            access_token=SECRET,
            max_retries=1,
            sleep=sleeps,
        ) as client,
        pytest.raises(errors.APIConnectionError) as caught,
    ):
        client.labels.list("contacts", "companies")
    assert len(seen) == 2
    assert seen[0].headers["authorization"] == f"Bearer {SECRET}"
    assert_no_secret(exception_texts(caught.value))
    assert_no_secret(everything_logged(logs))


# -- the one DEBUG line per request ------------------------------------------------------------


def test_one_debug_line_per_request(server: ScriptedServer, logs: pytest.LogCaptureFixture) -> None:
    server.reply(200, SEED_OK, {"X-HubSpot-Correlation-Id": "corr-a"})
    server.reply(404, {"status": "error", "message": "x"}, {"X-HubSpot-Correlation-Id": "corr-b"})
    server.reply(503, b"busy", {"X-HubSpot-Correlation-Id": "corr-c"})
    server.reply(204, None, {"X-HubSpot-Correlation-Id": "corr-d"})
    server.reply(200, {"results": []}, {"X-HubSpot-Correlation-Id": "corr-e"})
    with (
        httpx.Client(verify=TLS) as http_client,
        Associations(
            access_token=SECRET,
            base_url=server.url,
            http_client=http_client,
            max_retries=1,
            rate_limit=None,
            clock=SteppingClock(),
            sleep=Sleeps(),
        ) as client,
    ):
        client.associate_default("contacts", 1, "companies", 2)
        with pytest.raises(errors.NotFoundError):
            client.associate_default("contacts", 1, "companies", 3)
        client.remove("deals", 7, "contacts", 8)  # 503, retried, then 204
        assert list(client.list("contacts", 1, "companies")) == []
    expected = [
        ("PUT", f"{OBJ}/contacts/1/associations/default/companies/2", 200, "corr-a"),
        ("PUT", f"{OBJ}/contacts/1/associations/default/companies/3", 404, "corr-b"),
        ("DELETE", f"{OBJ}/deals/7/associations/contacts/8", 503, "corr-c"),
        ("DELETE", f"{OBJ}/deals/7/associations/contacts/8", 204, "corr-d"),
        ("GET", f"{OBJ}/contacts/1/associations/companies", 200, "corr-e"),
    ]
    ours = [r for r in logs.records if r.name == "hubspot_associations"]
    answered = [r for r in ours if r.levelno == logging.DEBUG and " ms" in r.getMessage()]
    per_request = [r.getMessage() for r in answered if "corr-" in r.getMessage()]
    assert len(per_request) == len(expected) == len(server.received)
    for line, (method, path, status, correlation_id) in zip(per_request, expected, strict=True):
        assert line.startswith(f"{method} {path} ")
        assert str(status) in line.split(path, 1)[1]
        assert "12.5 ms" in line
        assert correlation_id in line
        assert "\n" not in line
    assert_no_secret([r.getMessage() for r in ours])


# -- a caller's httpx client -------------------------------------------------------------------


def test_caller_http_client_gets_our_auth_and_stays_open(server: ScriptedServer) -> None:
    server.reply(204)
    server.reply(204)
    server.reply(200, {"caller": "still works"})
    with httpx.Client(
        verify=TLS, headers={"Authorization": "Bearer the-callers-own", "X-Caller": "yes"}
    ) as http_client:
        client = Associations(
            access_token=SECRET, base_url=server.url, http_client=http_client, rate_limit=None
        )
        client.remove("contacts", 1, "companies", 2)
        client.with_options(timeout=3).remove("contacts", 1, "companies", 3)
        client.close()
        with client:
            pass  # leaving the context closes too: still not the caller's client
        assert not http_client.is_closed
        assert http_client.get(f"{server.url}/anything").json() == {"caller": "still works"}
    first, second, third = server.received
    for request in (first, second):
        assert request.headers["authorization"] == f"Bearer {SECRET}"
        assert request.headers["x-caller"] == "yes"  # the caller's other headers are kept
        assert request.headers["user-agent"].startswith("hubspot-associations/")
    assert third.headers["authorization"] == "Bearer the-callers-own"


@pytest.mark.anyio
async def test_caller_async_http_client_gets_our_auth_and_stays_open(
    server: ScriptedServer,
) -> None:
    server.reply(204)
    async with httpx.AsyncClient(
        verify=TLS, headers={"Authorization": "Bearer the-callers-own"}
    ) as http_client:
        client = AsyncAssociations(
            access_token=SECRET, base_url=server.url, http_client=http_client, rate_limit=None
        )
        async with client:
            await client.remove("contacts", 1, "companies", 2)
        await client.aclose()
        assert not http_client.is_closed
    assert server.received[0].headers["authorization"] == f"Bearer {SECRET}"


def test_a_copy_does_not_close_the_clients_own_connections(server: ScriptedServer) -> None:
    server.reply(204)
    server.reply(204)
    with contextlib.ExitStack() as stack:
        client = stack.enter_context(
            Associations(access_token=SECRET, base_url=server.url, rate_limit=None)
        )
        copy = client.with_options(max_retries=0)
        copy.remove("contacts", 1, "companies", 2)
        copy.close()
        client.remove("contacts", 1, "companies", 3)  # still usable after the copy closed
    assert [r.path.rsplit("/", 1)[1] for r in server.received] == ["2", "3"]
