"""HubSpot-shaped error bodies, and the exception handlers raise to answer with one."""

from __future__ import annotations

import time
import uuid
from typing import Any

Json = dict[str, Any]

VALIDATION_ERROR = "VALIDATION_ERROR"
OBJECT_NOT_FOUND = "OBJECT_NOT_FOUND"
INVALID_IDENTIFIER = "crm.associations.INVALID_IDENTIFIER"
NO_ASSOCIATIONS_FOUND = "crm.associations.NO_ASSOCIATIONS_FOUND"

AUTH_MESSAGE = (
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you "
    "can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"
)


def correlation_id() -> str:
    """A fresh id, as HubSpot puts in ``X-HubSpot-Correlation-Id`` and error bodies."""
    return str(uuid.uuid4())


_second: tuple[int, str] = (-1, "")


def timestamp() -> str:
    """Now in HubSpot's format: ISO 8601, UTC, milliseconds, ``Z``."""
    global _second
    now = time.time()
    whole = int(now)
    second, prefix = _second  # formatting once per second keeps this cheap
    if whole != second:
        prefix = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole))
        _second = (whole, prefix)
    return f"{prefix}.{int((now - whole) * 1000):03d}Z"


class ApiError(Exception):
    """Raised by a handler to answer ``status`` with ``body`` (its correlationId is filled in)."""

    def __init__(self, status: int, body: Json) -> None:
        super().__init__(body.get("message", ""))
        self.status = status
        self.body = body


def error_body(
    message: str,
    *,
    category: str | None = None,
    sub_category: str | None = None,
    context: dict[str, list[str]] | None = None,
    errors: list[Json] | None = None,
) -> Json:
    """The top-level error body; ``correlationId`` is a placeholder the server replaces."""
    body: Json = {"status": "error", "message": message, "correlationId": ""}
    if category is not None:
        body["category"] = category
    if sub_category is not None:
        body["subCategory"] = sub_category
    if context is not None:
        body["context"] = context
    if errors is not None:
        body["errors"] = errors
    return body


def validation_error(
    message: str,
    *,
    field: str | None = None,
    code: str = "INVALID",
    sub_category: str | None = None,
    context: dict[str, list[str]] | None = None,
) -> ApiError:
    """400 VALIDATION_ERROR with one entry in ``errors``."""
    detail: Json = {"message": message, "code": code}
    if field is not None:
        detail["in"] = field
    return ApiError(
        400,
        error_body(
            message,
            category=VALIDATION_ERROR,
            sub_category=sub_category,
            context=context,
            errors=[detail],
        ),
    )


def not_found(message: str, context: dict[str, list[str]]) -> ApiError:
    """404 OBJECT_NOT_FOUND."""
    return ApiError(404, error_body(message, category=OBJECT_NOT_FOUND, context=context))


def unknown_object_type(value: str) -> ApiError:
    """HubSpot's 400 for an object type it cannot infer: note the missing ``category``."""
    return ApiError(400, error_body(f"Unable to infer object type from: {value}"))


def item_error(
    category: str,
    message: str,
    context: dict[str, list[str]],
    sub_category: str | None = None,
) -> Json:
    """A StandardError, as listed in a batch response's ``errors``."""
    item: Json = {"status": "error", "category": category}
    if sub_category is not None:
        item["subCategory"] = sub_category
    item["message"] = message
    item["context"] = context
    item["errors"] = []
    item["links"] = {}
    return item


class ItemError(Exception):
    """Raised while applying one batch input; becomes an entry in ``errors``."""

    def __init__(self, body: Json) -> None:
        super().__init__(body.get("message", ""))
        self.body = body
