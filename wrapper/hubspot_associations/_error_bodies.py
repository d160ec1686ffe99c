"""Turn any error answer (HubSpot's JSON in its several shapes, a proxy's HTML) into an APIError."""

from __future__ import annotations

import email.utils
import json
import time
from collections.abc import Mapping
from typing import Any

from . import _hubspot as hubspot
from . import errors

_BY_STATUS: dict[int, type[errors.APIError]] = {
    400: errors.ValidationError,
    401: errors.AuthenticationError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
}

_MAX_TEXT = 200


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _context(value: object) -> dict[str, list[str]]:
    if not isinstance(value, Mapping):
        return {}
    out: dict[str, list[str]] = {}
    for key, items in value.items():
        if isinstance(items, list):
            out[str(key)] = [str(i) for i in items]
        elif items is not None:
            out[str(key)] = [str(items)]
    return out


def error_details(value: object) -> list[errors.ErrorDetail]:
    """Per-field details from a HubSpot ``errors`` list, skipping what is not an object."""
    if not isinstance(value, list):
        return []
    return [
        errors.ErrorDetail(
            message=str(item.get("message", "")),
            in_=_str_or_none(item.get("in")),
            code=_str_or_none(item.get("code")),
            sub_category=_str_or_none(item.get("subCategory")),
            context=_context(item.get("context")),
        )
        for item in value
        if isinstance(item, Mapping)
    ]


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header: delta-seconds or an HTTP-date; None if unusable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


def _describe_non_json(status_code: int, content: bytes, content_type: str) -> str:
    if not content:
        return f"empty response body (status {status_code})"
    kind = "HTML" if "html" in content_type.lower() or content.lstrip()[:1] == b"<" else "non-JSON"
    text = " ".join(content[:_MAX_TEXT].decode("utf-8", "replace").split())
    return f"{kind} response body (status {status_code}): {text}"


def decode_json(content: bytes) -> Any:
    """The JSON value of a body, or None when it is not JSON."""
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return None


def error_from_response(
    status_code: int, headers: Mapping[str, str], content: bytes
) -> errors.APIError:
    """Build the typed error for an error answer; never raises while doing so."""
    body = decode_json(content)
    correlation_id = headers.get(hubspot.CORRELATION_ID)
    if isinstance(body, Mapping):
        message = _str_or_none(body.get("message")) or f"HTTP {status_code} without a message"
        category = _str_or_none(body.get("category")) or _str_or_none(body.get("errorType"))
        sub_category = body.get("subCategory")
        fields: dict[str, Any] = {
            "category": category,
            "sub_category": sub_category if isinstance(sub_category, str) else None,
            "correlation_id": _str_or_none(body.get("correlationId")) or correlation_id,
            "errors": error_details(body.get("errors")),
            "context": _context(body.get("context")),
            "headers": headers,
            "body": body,
        }
        policy = _str_or_none(body.get("policyName"))
    else:
        message = _describe_non_json(status_code, content, headers.get("content-type", ""))
        fields = {"correlation_id": correlation_id, "headers": headers, "body": None}
        policy = None
    retry_after = parse_retry_after(headers.get(hubspot.RETRY_AFTER))
    if status_code == 429:
        cls: type[errors.RateLimitError] = (
            errors.DailyLimitError if policy == hubspot.POLICY_DAILY else errors.RateLimitError
        )
        return cls(
            status_code,
            message,
            policy=policy,
            retry_after=retry_after,
            **fields,
        )
    error_cls = _BY_STATUS.get(status_code)
    if error_cls is None:
        error_cls = errors.ServerError if status_code >= 500 else errors.APIError
    return error_cls(status_code, message, retry_after=retry_after, **fields)
