"""Bad arguments raise ValueError naming the argument and the value, before any request; bad
items of a batch are reported failed (INVALID_INPUT) and never sent."""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from clients import TLS, async_client, both_clients, client_of, sync_client
from conftest import SUITE_API_VERSION, TOKEN
from hubspot_associations import (
    AssociationCategory,
    Associations,
    AssociationSpec,
    AssociationType,
    AsyncAssociations,
)
from scripted_server import ScriptedServer

OBJ = f"/crm/objects/{SUITE_API_VERSION}"
ASSOC = f"/crm/associations/{SUITE_API_VERSION}"
STAMPS = {"startedAt": "2026-03-02T10:00:00.000Z", "completedAt": "2026-03-02T10:00:00.045Z"}
LABELED_ANSWER = {
    "fromObjectTypeId": "0-3",
    "fromObjectId": 1,
    "toObjectTypeId": "0-1",
    "toObjectId": 2,
    "labels": ["Decision maker"],
}


def assert_names(exc: pytest.ExceptionInfo[ValueError], argument: str, value: Any) -> None:
    message = str(exc.value)
    assert argument in message
    assert repr(value) in message


# -- record ids ---------------------------------------------------------------------------------

BAD_IDS = [
    True,
    False,
    -1,
    0,
    1.5,
    12.0,
    " 12",
    "12 ",
    "12a",
    "1/2",
    "..",
    "?x",
    "#",
    "",
    "-5",
    "+5",
    "1_000",
    "0x1f",
    "\uff11\uff12",  # fullwidth digits
    "\u0661\u0662\u0663",  # Arabic-Indic digits
    "²",
    2**63,
    str(2**64),
    "1" * 20,
    None,
    b"12",
    [1],
]

ID_ARGUMENTS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("from_id", lambda c, v: c.associate_default("contacts", v, "companies", 2)),
    ("to_id", lambda c, v: c.associate_default("contacts", 1, "companies", v)),
    ("from_id", lambda c, v: c.associate("deals", v, "contacts", 2, types=[3])),
    ("to_id", lambda c, v: c.associate("deals", 1, "contacts", v, types=[3])),
    ("from_id", lambda c, v: c.remove("deals", v, "contacts", 2)),
    ("to_id", lambda c, v: c.remove("deals", 1, "contacts", v)),
    ("object_id", lambda c, v: c.list("contacts", v, "companies")),
]


@pytest.mark.parametrize("value", BAD_IDS, ids=repr)
def test_bad_record_ids_are_refused_before_any_request(server: ScriptedServer, value: Any) -> None:
    with sync_client(server.url) as client:
        for argument, call in ID_ARGUMENTS:
            with pytest.raises(ValueError, match=argument) as caught:
                call(client, value)
            assert_names(caught, argument, value)
    assert server.received == []


@pytest.mark.anyio
@pytest.mark.parametrize("value", ["12a", "\u0661\u0662\u0663", True, 0, 2**63], ids=repr)
async def test_bad_record_ids_are_refused_async(server: ScriptedServer, value: Any) -> None:
    async with async_client(server.url) as client:
        with pytest.raises(ValueError, match="from_id") as caught:
            await client.associate_default("contacts", value, "companies", 2)
        assert_names(caught, "from_id", value)
        with pytest.raises(ValueError, match="object_id"):
            client.list("contacts", value, "companies")  # refused when called, not iterated
    assert server.received == []


@pytest.mark.parametrize(
    ("given", "sent"),
    [(1, "1"), ("0012", "12"), (2**63 - 1, str(2**63 - 1)), (str(2**63 - 1), str(2**63 - 1))],
)
def test_good_record_ids_are_sent_in_canonical_form(
    server: ScriptedServer, given: Any, sent: str
) -> None:
    server.reply(204)
    with sync_client(server.url) as client:
        client.remove("contacts", given, "companies", 5)
    (request,) = server.received
    assert request.path == f"{OBJ}/contacts/{sent}/associations/companies/5"


# -- object types -------------------------------------------------------------------------------

BAD_TYPES = [
    "con tacts",
    "contacts/..",
    "..",
    "a?b",
    "a#b",
    "contacts%2F",
    "",
    " contacts",
    "ñ",
    "контакты",
    "0-1/2",
    "1-",
    "-1",
    "_contacts",
    "x" * 101,
    None,
    5,
    b"contacts",
]

TYPE_ARGUMENTS: list[tuple[str, Callable[[Any, Any], Any]]] = [
    ("from_type", lambda c, v: c.associate_default(v, 1, "companies", 2)),
    ("to_type", lambda c, v: c.associate_default("contacts", 1, v, 2)),
    ("from_type", lambda c, v: c.associate(v, 1, "contacts", 2, types=[3])),
    ("to_type", lambda c, v: c.remove("deals", 1, v, 2)),
    ("object_type", lambda c, v: c.list(v, 1, "companies")),
    ("to_type", lambda c, v: c.list("contacts", 1, v)),
    ("from_type", lambda c, v: c.batch.associate_default(v, "companies", [(1, 2)])),
    ("to_type", lambda c, v: c.batch.read("contacts", v, [1])),
    ("to_type", lambda c, v: c.batch.remove("contacts", v, [(1, 2)])),
    ("from_type", lambda c, v: c.labels.list(v, "companies")),
    ("to_type", lambda c, v: c.labels.create("contacts", v, name="n", label="l")),
    ("from_type", lambda c, v: c.labels.delete(v, "companies", 37)),
    ("to_type", lambda c, v: c.labels.find("contacts", v, "Billing")),
    ("from_type", lambda c, v: c.limits.list(v, "companies")),
    ("to_type", lambda c, v: c.limits.purge("contacts", v, [1])),
]


@both_clients
@pytest.mark.parametrize("value", BAD_TYPES, ids=repr)
def test_bad_object_types_are_refused_before_any_request(
    kind: str, server: ScriptedServer, value: Any
) -> None:
    with client_of(kind, server.url) as client:
        for argument, call in TYPE_ARGUMENTS:
            with pytest.raises(ValueError, match=argument) as caught:
                call(client, value)
            assert_names(caught, argument, value)
    assert server.received == []


@both_clients
@pytest.mark.parametrize("value", ["contacts", "line_items", "p_cars", "p123_cars", "0-1", "2-123"])
def test_good_object_types_are_sent_as_given(kind: str, server: ScriptedServer, value: str) -> None:
    server.reply(200, {"results": []})
    with client_of(kind, server.url) as client:
        assert client.labels.list(value, "companies") == []
    assert server.received[0].path == f"{ASSOC}/{value}/companies/labels"


# -- other arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 501, -1, True, "10", 2.0, None], ids=repr)
def test_bad_page_size(server: ScriptedServer, value: Any) -> None:
    with sync_client(server.url) as client, pytest.raises(ValueError, match="page_size") as caught:
        client.list("contacts", 1, "companies", page_size=value)
    assert_names(caught, "page_size", value)
    assert server.received == []


@both_clients
@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ([], "at least one"),
        ((), "at least one"),
        (["x"], "'x'"),
        ([("BOGUS", 1)], "'BOGUS'"),
        ([("bogus_defined", 1)], "'bogus_defined'"),
        ([("USER_DEFINED", "37")], "'37'"),
        ([("USER_DEFINED", 0)], "got 0"),
        ([("USER_DEFINED", 37, "extra")], "'extra'"),
        ([0], "got 0"),
        ([-1], "got -1"),
        ([True], "True"),
        ([2**31], "2147483648"),
        ([1.5], "1.5"),
        ([None], "None"),
        ([AssociationSpec("FUTURE_CATEGORY", 1)], "'FUTURE_CATEGORY'"),
        ([AssociationSpec(AssociationCategory.USER_DEFINED, 0)], "got 0"),
        ("HUBSPOT_DEFINED", "'HUBSPOT_DEFINED'"),
        (None, "None"),
        (3, "got 3"),
        ({"HUBSPOT_DEFINED": 3}, "{'HUBSPOT_DEFINED': 3}"),
    ],
    ids=repr,
)
def test_bad_association_types(kind: str, server: ScriptedServer, value: Any, shown: str) -> None:
    with client_of(kind, server.url) as client:
        calls = [
            lambda: client.associate("deals", 1, "contacts", 2, types=value),
            lambda: client.batch.associate("deals", "contacts", [(1, 2)], value),
            lambda: client.batch.remove_labels("deals", "contacts", [(1, 2)], value),
        ]
        for call in calls:
            with pytest.raises(ValueError, match="types") as caught:
                call()
            assert shown in str(caught.value)
    assert server.received == []


@pytest.mark.parametrize(
    "container",
    [list, tuple, set, frozenset, collections.deque, lambda items: dict.fromkeys(items).keys()],
    ids=["list", "tuple", "set", "frozenset", "deque", "dict keys"],
)
def test_any_sequence_or_set_of_types_is_accepted(
    server: ScriptedServer, container: Callable[[list[Any]], Any]
) -> None:
    # What the annotation (AssociationTypes: a sequence or a set) admits, the runtime takes.
    server.reply(201, LABELED_ANSWER)
    with sync_client(server.url) as client:
        client.associate("deals", 1, "contacts", 2, types=container([3, ("USER_DEFINED", 37)]))
    sent = sorted(server.received[0].json(), key=lambda s: s["associationTypeId"])
    assert sent == [
        {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3},
        {"associationCategory": "USER_DEFINED", "associationTypeId": 37},
    ]


@both_clients
@pytest.mark.parametrize("value", [0, -1, True, "37", 2**31, 3.0, None], ids=repr)
def test_bad_label_type_ids(kind: str, server: ScriptedServer, value: Any) -> None:
    with client_of(kind, server.url) as client:
        with pytest.raises(ValueError, match="type_id") as caught:
            client.labels.delete("contacts", "companies", value)
        assert_names(caught, "type_id", value)
        with pytest.raises(ValueError, match="type_id"):
            client.labels.update("contacts", "companies", value, label="x")
    assert server.received == []


@both_clients
@pytest.mark.parametrize("value", ["", "   ", None, 5, b"x"], ids=repr)
def test_bad_label_texts(kind: str, server: ScriptedServer, value: Any) -> None:
    with client_of(kind, server.url) as client:
        for argument, call in [
            ("name", lambda: client.labels.create("a", "b", name=value, label="l")),
            ("label", lambda: client.labels.create("a", "b", name="n", label=value)),
            ("label", lambda: client.labels.update("a", "b", 37, label=value)),
            ("label", lambda: client.labels.find("a", "b", value)),
        ]:
            with pytest.raises(ValueError, match=argument) as caught:
                call()
            assert_names(caught, argument, value)
        if value is not None:  # None means "no inverse label"
            with pytest.raises(ValueError, match="inverse_label"):
                client.labels.create("a", "b", name="n", label="l", inverse_label=value)
    assert server.received == []


@both_clients
@pytest.mark.parametrize("value", [0, -1, True, "12", 2**31, 1.0, None], ids=repr)
def test_bad_user_ids(kind: str, server: ScriptedServer, value: Any) -> None:
    with (
        client_of(kind, server.url) as client,
        pytest.raises(ValueError, match="user_id") as caught,
    ):
        client.usage.high_usage_report(value)
    assert_names(caught, "user_id", value)
    assert server.received == []


@both_clients
@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("chunk_size", 0),
        ("chunk_size", -1),
        ("chunk_size", True),
        ("chunk_size", "10"),
        ("concurrency", 0),
        ("concurrency", 65),
        ("concurrency", 1.5),
    ],
)
def test_bad_batch_options(kind: str, server: ScriptedServer, option: str, value: Any) -> None:
    with client_of(kind, server.url) as client:
        with pytest.raises(ValueError, match=option) as caught:
            client.batch.associate_default("contacts", "companies", [(1, 2)], **{option: value})
        assert_names(caught, option, value)
    assert server.received == []


@both_clients
def test_batch_read_chunk_size_above_hubspots_maximum(kind: str, server: ScriptedServer) -> None:
    with (
        client_of(kind, server.url) as client,
        pytest.raises(ValueError, match="chunk_size") as caught,
    ):
        client.batch.read("contacts", "companies", [1], chunk_size=1001)
    assert "1000" in str(caught.value)
    assert server.received == []


# -- constructor options ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com",
        "http://api.hubapi.com",
        "http://10.0.0.1:8080",
        "http://127.0.0.1.example.com",
        "ftp://127.0.0.1",
        "api.hubapi.com",
        "https://",
        "https://api.hubapi.com?x=1",
        "https://api.hubapi.com#frag",
        "",
        b"https://api.hubapi.com",
    ],
    ids=repr,
)
def test_bad_base_urls_are_refused(url: Any) -> None:
    with pytest.raises(ValueError, match="base_url") as caught:
        Associations(access_token=TOKEN, base_url=url)
    assert repr(url) in str(caught.value)
    with pytest.raises(ValueError, match="base_url"):
        AsyncAssociations(access_token=TOKEN, base_url=url)


def test_plain_http_to_a_remote_host_explains_why() -> None:
    with pytest.raises(ValueError, match="clear text"):
        Associations(access_token=TOKEN, base_url="http://example.com")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:1", "https://example.com/"],
)
def test_loopback_http_and_any_https_are_accepted(url: str) -> None:
    with httpx.Client(verify=TLS) as http_client:
        client = Associations(access_token=TOKEN, base_url=url, http_client=http_client)
        assert url.rstrip("/") in repr(client)


@both_clients
def test_loopback_http_base_url_is_used(kind: str, server: ScriptedServer) -> None:
    server.reply(204)
    with client_of(kind, server.url + "/") as client:  # a trailing slash is fine
        client.labels.delete("contacts", "companies", 37)
    assert server.received[0].path == f"{ASSOC}/contacts/companies/labels/37"


def test_base_url_comes_from_hubspot_base_url(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No base_url argument: HUBSPOT_BASE_URL, the variable HubSpot's own SDK reads."""
    monkeypatch.setenv("HUBSPOT_BASE_URL", server.url + "/")
    server.reply(204)
    with httpx.Client(verify=TLS) as http_client:
        client = Associations(access_token=TOKEN, http_client=http_client, rate_limit=None)
        client.labels.delete("contacts", "companies", 37)
    assert server.received[0].path == f"{ASSOC}/contacts/companies/labels/37"


@pytest.mark.anyio
async def test_base_url_comes_from_hubspot_base_url_async(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", server.url)
    server.reply(204)
    async with httpx.AsyncClient(verify=TLS) as http_client:
        client = AsyncAssociations(access_token=TOKEN, http_client=http_client, rate_limit=None)
        await client.labels.delete("contacts", "companies", 38)
    assert server.received[0].path == f"{ASSOC}/contacts/companies/labels/38"


def test_base_url_argument_beats_hubspot_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", "https://elsewhere.example")
    for make in (Associations, AsyncAssociations):
        client = make(access_token=TOKEN, base_url="https://eu1.example")
        assert "https://eu1.example" in repr(client) and "elsewhere" not in repr(client)


@pytest.mark.parametrize("value", ["", "  "])
def test_blank_or_unset_hubspot_base_url_means_hubspot(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", value)
    assert "base_url='https://api.hubapi.com'" in repr(Associations(access_token=TOKEN))
    monkeypatch.delenv("HUBSPOT_BASE_URL")
    assert "base_url='https://api.hubapi.com'" in repr(AsyncAssociations(access_token=TOKEN))


@pytest.mark.parametrize("url", ["http://example.com", "api.hubapi.com", "https://x.example?a=1"])
def test_bad_hubspot_base_url_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", url)
    for make in (Associations, AsyncAssociations):
        with pytest.raises(ValueError, match="HUBSPOT_BASE_URL") as caught:
            make(access_token=TOKEN)
        assert repr(url) in str(caught.value)


def test_missing_token_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN", raising=False)
    with pytest.raises(ValueError, match="access_token") as caught:
        Associations()
    assert "HUBSPOT_ACCESS_TOKEN" in str(caught.value)
    with pytest.raises(ValueError, match="HUBSPOT_ACCESS_TOKEN"):
        AsyncAssociations()


@pytest.mark.parametrize("value", ["", "   "])
def test_blank_token_is_missing(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", value)
    with pytest.raises(ValueError, match="access_token is missing"):
        Associations()
    with pytest.raises(ValueError, match="access_token is missing"):
        Associations(access_token=value)


@pytest.mark.parametrize("value", [12345, b"pat-na1-secret", ["pat-na1-secret"], 1.5], ids=repr)
def test_token_of_the_wrong_type_is_a_value_error(value: Any) -> None:
    for make in (Associations, AsyncAssociations):
        with pytest.raises(ValueError, match="access_token") as caught:
            make(access_token=value)
        assert "secret" not in str(caught.value)


# Each holds one character a token cannot have (and "secret", which no message may show).
BAD_TOKENS = [
    ("pat-na1\u2010secret", "U+2010"),  # a typographic hyphen pasted from a document
    ("pat-na1-s\u00e9cret", "U+00E9"),
    ("pat-na1-secret\u200b", "U+200B"),  # zero-width space: invisible, not whitespace to strip
    ("pat-na1-\u00a0secret", "U+00A0"),
    ("pat-na1 secret", "U+0020"),
    ("pat-na1-\nsecret", "U+000A"),
    ("pat-na1-\tsecret", "U+0009"),
    ("pat-na1-\x00secret", "U+0000"),
    ("pat-na1-\x7fsecret", "U+007F"),
]


def assert_refused_token(caught: pytest.ExceptionInfo[ValueError], token: str, char: str) -> None:
    message = str(caught.value)
    assert "access_token" in message
    assert "ASCII" in message
    assert char in message  # which character is wrong, so it can be found and fixed
    assert "secret" not in message
    assert token.strip() not in message


@pytest.mark.parametrize(("token", "char"), BAD_TOKENS, ids=repr)
def test_a_token_with_a_character_headers_cannot_carry_is_refused_without_echoing_it(
    token: str, char: str
) -> None:
    for make in (Associations, AsyncAssociations):
        with pytest.raises(ValueError, match="access_token") as caught:
            make(access_token=token)
        assert_refused_token(caught, token, char)


@pytest.mark.parametrize(
    ("token", "char"),
    [(t, c) for t, c in BAD_TOKENS if "\x00" not in t],  # the environment cannot hold a NUL
    ids=repr,
)
def test_a_bad_token_in_the_environment_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, token: str, char: str
) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", token)
    for make in (Associations, AsyncAssociations):
        with pytest.raises(ValueError, match="access_token") as caught:
            make()
        assert_refused_token(caught, token, char)
        assert "HUBSPOT_ACCESS_TOKEN" in str(caught.value)


@pytest.mark.parametrize(("token", "char"), BAD_TOKENS, ids=repr)
def test_a_bad_token_given_to_with_options_is_refused(token: str, char: str) -> None:
    with httpx.Client(verify=TLS) as http_client:
        client = Associations(access_token=TOKEN, http_client=http_client)
        with pytest.raises(ValueError, match="access_token") as caught:
            client.with_options(access_token=token)
        assert_refused_token(caught, token, char)
    async_assoc = AsyncAssociations(access_token=TOKEN, http_client=httpx.AsyncClient(verify=TLS))
    with pytest.raises(ValueError, match="access_token") as caught:
        async_assoc.with_options(access_token=token)
    assert_refused_token(caught, token, char)


@pytest.mark.parametrize("padding", [("", "\n"), ("", "\r\n"), ("  ", " "), ("\t", "\u00a0\n")])
def test_whitespace_around_a_token_is_dropped(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, padding: tuple[str, str]
) -> None:
    # A token read from a file, or from a .env file with CRLF line ends: the token is meant.
    padded = padding[0] + TOKEN + padding[1]
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", padded)
    server.reply(204)
    server.reply(204)
    server.reply(204)
    with httpx.Client(verify=TLS) as http_client:
        for client in [
            Associations(padded, base_url=server.url, http_client=http_client),
            Associations(base_url=server.url, http_client=http_client),
            Associations("other", base_url=server.url, http_client=http_client).with_options(
                access_token=padded
            ),
        ]:
            client.remove("contacts", 1, "companies", 2)
    assert [r.headers["authorization"] for r in server.received] == [f"Bearer {TOKEN}"] * 3


@pytest.mark.anyio
async def test_whitespace_around_a_token_is_dropped_async(server: ScriptedServer) -> None:
    server.reply(204)
    async with httpx.AsyncClient(verify=TLS) as http_client:
        client = AsyncAssociations(f"{TOKEN}\n", base_url=server.url, http_client=http_client)
        await client.remove("contacts", 1, "companies", 2)
    assert server.received[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_with_options_changes_the_token_of_the_copy_only(server: ScriptedServer) -> None:
    for _ in range(2):
        server.reply(204)
    other = "pat-eu1-another-account"
    with sync_client(server.url, rate_limit=(5, 10.0)) as client:
        copy = client.with_options(access_token=other)
        copy.remove("contacts", 1, "companies", 2)
        client.remove("contacts", 1, "companies", 2)
        assert copy._engine.budget is client._engine.budget  # one budget unless told apart
        separate = client.with_options(access_token=other, rate_limit=(5, 10.0))
        assert separate._engine.budget is not client._engine.budget
    sent = [r.headers["authorization"] for r in server.received]
    assert sent == [f"Bearer {other}", f"Bearer {TOKEN}"]
    assert other not in repr(copy)


def test_token_from_the_environment_is_used(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "pat-eu1-from-the-environment")
    server.reply(204)
    with httpx.Client(verify=TLS) as http_client:
        client = Associations(base_url=server.url, http_client=http_client, rate_limit=None)
        client.remove("contacts", 1, "companies", 2)
    assert server.received[0].headers["authorization"] == "Bearer pat-eu1-from-the-environment"


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("timeout", 0),
        ("timeout", -1),
        ("timeout", True),
        ("timeout", "5"),
        ("timeout", None),
        ("timeout", float("nan")),
        ("timeout", float("inf")),
        ("timeout", 3600),
        ("max_retries", -1),
        ("max_retries", 1.5),
        ("max_retries", True),
        ("max_retries", "3"),
        ("max_retries", None),
        ("max_retries", 101),
        ("rate_limit", (0, 10.0)),
        ("rate_limit", (10, 0)),
        ("rate_limit", (10, -1.0)),
        ("rate_limit", (True, 10.0)),
        ("rate_limit", (10, True)),
        ("rate_limit", (1.5, 10.0)),
        ("rate_limit", [100, 10.0]),
        ("rate_limit", (100,)),
        ("rate_limit", (100, 10.0, 1)),
        ("rate_limit", "fast"),
        ("rate_limit", 100),
    ],
    ids=repr,
)
def test_bad_client_options(option: str, value: Any) -> None:
    for make in (Associations, AsyncAssociations):
        with pytest.raises(ValueError, match=option) as caught:
            make(access_token=TOKEN, **{option: value})
        assert repr(value) in str(caught.value)
    with httpx.Client(verify=TLS) as http_client:
        client = Associations(access_token=TOKEN, http_client=http_client)
        with pytest.raises(ValueError, match=option):
            client.with_options(**{option: value})


def test_with_options_refuses_unknown_options() -> None:
    # Python's own TypeError for an unknown keyword, as the constructor gives.
    with httpx.Client(verify=TLS) as http_client:
        client = Associations(access_token=TOKEN, http_client=http_client)
        with pytest.raises(TypeError, match="access_tokn"):
            client.with_options(access_tokn="x")  # type: ignore[call-arg]
        with pytest.raises(TypeError, match="max_retrys"):
            AsyncAssociations(
                access_token=TOKEN, http_client=httpx.AsyncClient(verify=TLS)
            ).with_options(max_retrys=0)  # type: ignore[call-arg]


def test_http_client_of_the_wrong_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="http_client"):
        Associations(access_token=TOKEN, http_client=httpx.AsyncClient(verify=TLS))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="http_client"), httpx.Client(verify=TLS) as sync_http:
        AsyncAssociations(access_token=TOKEN, http_client=sync_http)  # type: ignore[arg-type]


# -- bad items in batches: reported, never sent -------------------------------------------------


def pair_result(f: str, t: str) -> dict[str, Any]:
    spec = {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}
    return {"from": {"id": f}, "to": {"id": t}, "associationSpec": spec}


BAD_PAIRS: list[Any] = [
    ("x", 1),
    (1, "x"),
    (0, 1),
    (True, 2),
    (1,),
    (1, 2, 3),
    "12",
    None,
    ("\u0661", 2),
    (" 1", 2),
]


@both_clients
def test_bad_pairs_are_reported_and_never_sent(kind: str, server: ScriptedServer) -> None:
    server.reply(
        200,
        {
            "status": "COMPLETE",
            "results": [pair_result("1", "2"), pair_result("3", "4")],
            **STAMPS,
        },
    )
    given = [BAD_PAIRS[0], (1, 2), *BAD_PAIRS[1:5], (1, "2"), ("1", 2), (3, 4), *BAD_PAIRS[5:]]
    with client_of(kind, server.url) as client:
        report = client.batch.associate_default("contacts", "companies", given)
    (request,) = server.received
    assert request.json() == {
        "inputs": [
            {"from": {"id": "1"}, "to": {"id": "2"}},
            {"from": {"id": "3"}, "to": {"id": "4"}},
        ]
    }
    # (1, 2), (1, "2") and ("1", 2) are one input: reported once, as first given.
    assert [item.input for item in report.succeeded] == [(1, 2), (3, 4)]
    assert [item.input for item in report.failed] == BAD_PAIRS
    for item in report.failed:
        assert item.error.category == "INVALID_INPUT"
        assert "pairs[" in item.error.message
    assert len(report) == len(BAD_PAIRS) + 2


@both_clients
def test_a_batch_of_only_bad_inputs_sends_nothing(kind: str, server: ScriptedServer) -> None:
    with client_of(kind, server.url) as client:
        report = client.batch.remove("contacts", "companies", [("x", 1), (1, -2)])
        read = client.batch.read("contacts", "companies", ["x", 0, True, "\uff11"])
    assert server.received == []
    assert [f.input for f in report.failed] == [("x", 1), (1, -2)]
    assert [f.input for f in read.failed] == ["x", 0, True, "\uff11"]
    assert all(f.error.category == "INVALID_INPUT" for f in [*report.failed, *read.failed])
    assert "ids[2]" in read.failed[2].error.message


@both_clients
def test_a_repeated_bad_input_is_reported_once(kind: str, server: ScriptedServer) -> None:
    with client_of(kind, server.url) as client:
        report = client.batch.associate_default("contacts", "companies", [("x", 1), ("x", 1)])
    assert server.received == []
    assert [f.input for f in report.failed] == [("x", 1)]


@both_clients
def test_batch_read_duplicates_are_sent_once(kind: str, server: ScriptedServer) -> None:
    server.reply(
        200,
        {"status": "COMPLETE", "results": [{"from": {"id": "7"}, "to": []}], **STAMPS},
    )
    with client_of(kind, server.url) as client:
        report = client.batch.read("contacts", "companies", [7, "7", "007", "x"])
    assert server.received[0].json() == {"inputs": [{"id": "7"}]}
    assert [(s.input, s.result) for s in report.succeeded] == [(7, [])]
    assert [f.input for f in report.failed] == ["x"]


@both_clients
def test_bad_limit_inputs_are_reported_and_never_sent(kind: str, server: ScriptedServer) -> None:
    server.reply(
        201,
        {
            "status": "COMPLETE",
            "results": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 5}],
            **STAMPS,
        },
    )
    good = (AssociationType.CONTACT_TO_COMPANY, 5)
    bad: list[Any] = [
        (AssociationType.CONTACT_TO_COMPANY, 0),
        (("BOGUS", 1), 5),
        ("x", 5),
        (AssociationType.CONTACT_TO_COMPANY,),
        [AssociationType.CONTACT_TO_COMPANY, 5],
    ]
    with client_of(kind, server.url) as client:
        report = client.limits.create("contacts", "companies", [bad[0], good, *bad[1:], good])
    (request,) = server.received
    assert request.json() == {
        "inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 5}]
    }
    assert [s.input for s in report.succeeded] == [good]
    assert [f.input for f in report.failed] == bad
    assert {f.error.category for f in report.failed} == {"INVALID_INPUT"}


@pytest.mark.anyio
async def test_bad_pairs_are_reported_and_never_sent_async(server: ScriptedServer) -> None:
    async with async_client(server.url) as client:
        report = await client.batch.associate_default(
            "contacts", "companies", (p for p in [("x", 1), (1, "\u0661")])
        )
        with pytest.raises(ValueError, match="types"):
            await client.batch.associate("deals", "contacts", [(1, 2)], types=[])
    assert server.received == []
    assert [f.input for f in report.failed] == [("x", 1), (1, "\u0661")]
