"""Record HTTP exchanges as vcrpy cassettes, redacted so they can be committed.

A ``RecordingTransport`` sits under the SDK's own ``httpx.Client`` and keeps every exchange;
``write_cassette`` redacts them (the token, cookies, account-specific record ids, emails, portal
ids) and writes vcrpy's YAML format, with a ``provenance`` line saying when and how.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import yaml

REDACTED_AUTH = "Bearer <REDACTED>"
_DROPPED_HEADERS = {"cookie", "set-cookie", "x-hubspot-portal-id", "cf-ray", "report-to", "nel"}
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PORTAL = re.compile(r"(portalId[\"=:/ ]+)\d+|(\bp)\d+(_[a-z])", re.IGNORECASE)


class RecordingTransport(httpx.BaseTransport):
    """Passes requests on to ``inner`` and remembers each exchange, bodies read."""

    def __init__(self, inner: httpx.BaseTransport | None = None) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.exchanges: list[tuple[httpx.Request, httpx.Response, bytes]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        body = response.read()
        self.exchanges.append((request, response, body))
        return httpx.Response(
            response.status_code, headers=response.headers, content=body, request=request
        )

    def close(self) -> None:
        self.inner.close()


class Redactor:
    """Replaces what identifies the account: record ids (by placeholders), emails, portal ids."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def record_ids(self, real_ids: list[str], first_placeholder: int) -> None:
        for offset, real in enumerate(real_ids):
            self.ids[str(real)] = str(first_placeholder + offset)

    def text(self, value: str) -> str:
        for real, placeholder in self.ids.items():
            value = re.sub(rf"(?<![0-9]){re.escape(real)}(?![0-9])", placeholder, value)
        value = _EMAIL.sub("user@example.com", value)
        return _PORTAL.sub(
            lambda m: (m.group(1) or m.group(2)) + "123456" + (m.group(3) or ""), value
        )

    def headers(self, headers: httpx.Headers) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for raw_key, raw_value in headers.raw:  # raw: as sent, with its original case
            key, value = raw_key.decode("latin-1"), raw_value.decode("latin-1")
            lower = key.lower()
            if lower in _DROPPED_HEADERS:
                continue
            if lower == "authorization":
                value = REDACTED_AUTH
            out.setdefault(key, []).append(self.text(value))
        return out


def to_interactions(
    exchanges: list[tuple[httpx.Request, httpx.Response, bytes]], redactor: Redactor
) -> list[dict[str, Any]]:
    interactions = []
    for request, response, body in exchanges:
        content = request.content.decode() if request.content else None
        interactions.append(
            {
                "request": {
                    "method": request.method,
                    "uri": redactor.text(str(request.url)),
                    "body": redactor.text(content) if content else None,
                    "headers": redactor.headers(request.headers),
                },
                "response": {
                    "status": {"code": response.status_code, "message": response.reason_phrase},
                    "headers": redactor.headers(response.headers),
                    "body": {"string": redactor.text(body.decode("utf-8", "replace"))},
                },
            }
        )
    return interactions


def write_cassette(path: Path, provenance: str, interactions: list[dict[str, Any]]) -> None:
    document = {"provenance": provenance, "interactions": interactions, "version": 1}
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(text)
