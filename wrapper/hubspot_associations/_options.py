"""Reading and checking a client's constructor options."""

from __future__ import annotations

import ipaddress
import os
import urllib.parse
from typing import Any

from ._engine import DEFAULT_BASE_URL, DEFAULT_RATE_LIMIT

TOKEN_ENV = "HUBSPOT_ACCESS_TOKEN"
BASE_URL_ENV = "HUBSPOT_BASE_URL"  # the variable HubSpot's own hubspot-sdk reads too
DEFAULT = object()  # "argument not given", where None means something (rate_limit=None: off)


def access_token(value: str | None) -> str:
    token = value if value is not None else os.environ.get(TOKEN_ENV)
    if token is not None and not isinstance(token, str):
        # Never echo the value: it may be a secret.
        raise ValueError(f"access_token must be a string, got {type(token).__name__}")
    if token is None or not token.strip():
        raise ValueError(
            f"access_token is missing: pass access_token=... or set {TOKEN_ENV} "
            "(a private app token or an OAuth access token)"
        )
    if not isinstance(token, str) or any(c.isspace() for c in token) or not token.isprintable():
        # Never echo the value: it is a secret.
        raise ValueError("access_token must be a single printable word without whitespace")
    return token


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def base_url(value: str | None) -> str:
    """The argument; else ``HUBSPOT_BASE_URL`` when set and not blank; else HubSpot's URL."""
    if value is not None:
        return _checked_base_url(value, "base_url")
    from_env = os.environ.get(BASE_URL_ENV, "").strip()
    return _checked_base_url(from_env, BASE_URL_ENV) if from_env else DEFAULT_BASE_URL


def _checked_base_url(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string URL, got {value!r}")
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ValueError(f"{name} must be an https:// URL, got {value!r}")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise ValueError(
            f"{name} {value!r} is plain http: the access token would travel in clear text; "
            "use https:// (http:// is allowed only for loopback test servers)"
        )
    if parts.query or parts.fragment:
        raise ValueError(f"{name} must not have a query or fragment, got {value!r}")
    return value.rstrip("/")


def timeout(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 3600:
        raise ValueError(f"timeout must be a positive number of seconds below 3600, got {value!r}")
    return float(value)


def max_retries(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError(f"max_retries must be an integer from 0 to 100, got {value!r}")
    return value


def rate_limit(value: Any) -> tuple[int, float] | None:
    if value is DEFAULT:
        return DEFAULT_RATE_LIMIT
    if value is None:
        return None
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and value[0] > 0
        and isinstance(value[1], (int, float))
        and not isinstance(value[1], bool)
        and value[1] > 0
    ):
        return value[0], float(value[1])
    raise ValueError(
        f"rate_limit must be (max_requests, window_seconds), e.g. (190, 10.0), or None, "
        f"got {value!r}"
    )
