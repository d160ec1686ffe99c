"""Check HTTP exchanges against the OpenAPI fragments with openapi-core.

Each exchange is checked against the fragment of the API version its path names
(``/crm/objects/2026-09/...``); a path naming no known version is checked against the first
version's fragment, which then reports it.

The fragment's server is ``https://api.hubapi.com``; exchanges seen on loopback are validated as
if they had been sent there (only method, path, query, headers and body matter).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from generate import FIRST_VERSION, find_fragments, fragment_version  # openapi/generate.py
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers, ImmutableMultiDict

ROOT = Path(__file__).resolve().parents[2]
FRAGMENTS = {fragment_version(f): f for f in find_fragments()}  # version -> fragment
SPEC_PATH = FRAGMENTS[FIRST_VERSION]
SERVER = "https://api.hubapi.com"
METHODS = ("get", "put", "post", "delete", "patch")

Pairs = Iterable[tuple[str, str]]


def version_of(path: str) -> str:
    """The API version a request path names (``/crm/{objects|associations}/{version}/...``);
    the first version when it names none the fragments know."""
    parts = path.split("/")
    if len(parts) > 3 and parts[1] == "crm" and parts[3] in FRAGMENTS:
        return parts[3]
    return FIRST_VERSION


@functools.cache
def openapi(version: str = FIRST_VERSION) -> OpenAPI:
    """A version's fragment, loaded once per test session (about 0.4 s)."""
    return OpenAPI.from_file_path(str(FRAGMENTS[version]))


@functools.cache
def _spec_dict(version: str = FIRST_VERSION) -> dict[str, Any]:
    with FRAGMENTS[version].open(encoding="utf-8") as f:
        loaded: dict[str, Any] = yaml.safe_load(f)
    return loaded


@functools.cache
def operations(version: str = FIRST_VERSION) -> tuple[tuple[str, str, re.Pattern[str], int], ...]:
    """(method, template, regex, literal segment count) for every operation, most specific first."""
    found = []
    for template, item in _spec_dict(version)["paths"].items():
        pattern = "".join(
            "[^/]+" if part.startswith("{") else re.escape(part)
            for part in re.split(r"(\{[^}]+\})", template)
        )
        literals = sum(1 for seg in template.split("/") if seg and not seg.startswith("{"))
        for method, operation in item.items():
            if method in METHODS:
                found.append(
                    (
                        method.upper(),
                        operation["operationId"],
                        re.compile(pattern + r"\Z"),
                        literals,
                    )
                )
    found.sort(key=lambda op: -op[3])
    return tuple(found)


def operation_ids(version: str = FIRST_VERSION) -> set[str]:
    """Every operationId a version's fragment declares."""
    return {op[1] for op in operations(version)}


def operation_for(method: str, path: str) -> str | None:
    """The operationId whose path template and method match a request, or None."""
    for op_method, op_id, regex, _ in operations(version_of(path)):
        if op_method == method.upper() and regex.match(path):
            return op_id
    return None


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or media.endswith("+json")


class WireRequest:
    """An HTTP request in the shape openapi-core's Request protocol asks for."""

    def __init__(
        self,
        method: str,
        path: str,
        query: Pairs = (),
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> None:
        headers = dict(headers or {})
        self.host_url = SERVER
        self.path = path
        self.method = method.lower()
        self.body = body or None
        content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), "")
        self.content_type = content_type.lower() if self.body else ""
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(query)),
            header=Headers(list(headers.items())),
            cookie=ImmutableMultiDict(),
            path={},
        )


class WireResponse:
    """An HTTP response in the shape openapi-core's Response protocol asks for."""

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes) -> None:
        self.status_code = status
        self.headers = Headers(list(headers.items()))
        self.content_type = self.headers.get("content-type", "").lower()
        self.data = body


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    cause = exc.__cause__
    if cause is not None and str(cause) not in text:
        text += f" ({type(cause).__name__}: {cause})"
    for sub in getattr(cause, "schema_errors", ()) or getattr(exc, "schema_errors", ()):
        path = "/".join(str(p) for p in getattr(sub, "absolute_path", ()))
        text += f"\n      - at /{path}: {getattr(sub, 'message', sub)}"
    return text


def request_problems(request: WireRequest) -> list[str]:
    """Why the request breaks the fragment (path, method, parameters, security, body); [] if ok."""
    return [_describe(e) for e in openapi(version_of(request.path)).iter_request_errors(request)]


def response_problems(request: WireRequest, response: WireResponse) -> list[str]:
    """Why the response breaks the fragment; [] if ok.

    Only JSON bodies (and empty ones) are checked: a proxy's HTML error page is not HubSpot's to
    describe, and the fragment declares error bodies as application/json only.
    """
    if response.data and not _is_json(response.content_type):
        return []
    if response.data:
        try:
            json.loads(response.data)
        except ValueError as exc:
            return [f"response body is not valid JSON: {exc}"]
    version = version_of(request.path)
    problems = [_describe(e) for e in openapi(version).iter_response_errors(request, response)]
    return _undeclared_success(version, request, response.status_code) + problems


def _undeclared_success(version: str, request: WireRequest, status: int) -> list[str]:
    """A success status the operation does not declare (``default`` stands for errors only):
    2026-09 answers batch create with 200 only, so a 207 there breaks its fragment."""
    if not 200 <= status < 300:
        return []
    operation = operation_for(request.method, request.path)
    for item in _spec_dict(version)["paths"].values():
        declared = item.get(request.method, {})
        if (
            operation is not None
            and declared.get("operationId") == operation
            and str(status) not in declared.get("responses", {})
        ):
            return [f"{operation} ({version}) does not declare status {status}"]
    return []


def exchange_problems(interaction: Any) -> tuple[list[str], list[str]]:
    """Why a recorded interaction's request and answer break the fragment: ([...], [...])."""
    body = interaction.request_body.encode() if interaction.request_body else None
    request = WireRequest(
        interaction.method,
        interaction.path,
        interaction.query,
        interaction.request_headers,
        body,
    )
    response = WireResponse(
        interaction.status, interaction.response_headers, interaction.response_bytes
    )
    return request_problems(request), response_problems(request, response)
