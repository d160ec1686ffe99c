"""Reading and checking a client's constructor options."""

from __future__ import annotations

import enum
import ipaddress
import os
import urllib.parse
from typing import Any, Final

from . import _generated
from ._hubspot import API_VERSION_ENV, BASE_URL, BASE_URL_ENV, RATE_LIMIT_STORE_ENV, TOKEN_ENV


class NotGiven(enum.Enum):
    """The type of :data:`NOT_GIVEN`: an option ``with_options`` leaves as it was.

    A one-member enum rather than ``object()``, so type checkers can tell it apart from the
    values an option takes (``rate_limit=None`` means "no pacing", not "unchanged").
    """

    NOT_GIVEN = "NOT_GIVEN"

    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven.NOT_GIVEN


def access_token(value: object, *, from_env: bool = True) -> str:
    """The token to send: ``value``, else (``from_env``) ``$HUBSPOT_ACCESS_TOKEN``.

    Surrounding whitespace is dropped: a token read from a file or a CRLF ``.env`` ends in a
    newline, and no token contains whitespace, so the stripped text is the one meant. Anything
    else outside printable ASCII is refused here, naming the character: HTTP headers carry only
    ASCII, and a typographic hyphen pasted from a document would otherwise fail every request.
    """
    from_variable = value is None and from_env
    token = os.environ.get(TOKEN_ENV) if from_variable else value
    argument = f"access_token (from {TOKEN_ENV})" if from_variable else "access_token"
    if token is not None and not isinstance(token, str):
        # Never echo the value: it may be a secret.
        raise ValueError(f"{argument} must be a string, got {type(token).__name__}")
    token = token.strip() if token is not None else ""
    if not token:
        raise ValueError(
            f"access_token is missing: pass access_token=... or set {TOKEN_ENV} "
            "(a private app token or an OAuth access token)"
        )
    for position, char in enumerate(token, 1):
        if not "!" <= char <= "~":
            # Name the offending character, never the token: the character cannot be part of
            # a real token, the rest of the text is the secret.
            hint = (
                "; copy it again from HubSpot (a document or chat may have turned a '-' into "
                "a typographic dash)"
                if ord(char) > 0x7F
                else ""
            )
            raise ValueError(
                f"{argument} must be a single printable word in ASCII, but character "
                f"{position} is {_describe(char)}{hint}"
            )
    return token


def _describe(char: str) -> str:
    import unicodedata  # only on this error path: not worth a module import for every program

    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


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
    return _checked_base_url(from_env, BASE_URL_ENV) if from_env else BASE_URL


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


def api_version(value: object, *, from_env: bool = True) -> str:
    """The API version to call: ``value``; else (``from_env``) ``$HUBSPOT_API_VERSION`` when set
    and not blank, else the default. ValueError naming the supported versions for any other
    (``None`` too when not ``from_env``: ``with_options`` changes to a version, not to "none")."""
    name = "api_version"
    if value is None and from_env:
        value = os.environ.get(API_VERSION_ENV, "").strip() or None
        name = f"api_version (from {API_VERSION_ENV})"
    if value is None and from_env:
        return _generated.DEFAULT_VERSION
    if not isinstance(value, str) or value not in _generated.VERSIONS:
        supported = ", ".join(_generated.VERSIONS)
        raise ValueError(f"{name} must be one of {supported}, got {value!r}")
    return value


def timeout(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 3600:
        raise ValueError(f"timeout must be a positive number of seconds below 3600, got {value!r}")
    return float(value)


def max_retries(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
        raise ValueError(f"max_retries must be an integer from 0 to 100, got {value!r}")
    return value


def rate_limit(value: object) -> tuple[int, float] | None:
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


def rate_limit_store(value: object) -> str | None:
    """The shared store's URL: the argument, else ``HUBSPOT_RATE_LIMIT_STORE``, else None."""
    if value is None:
        value = os.environ.get(RATE_LIMIT_STORE_ENV) or None
    if value is not None and not isinstance(value, str):
        raise ValueError(f"rate_limit_store must be a URL string or None, got {type(value)}")
    return value


def rate_limit_key(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise ValueError(f"rate_limit_key must be a non-empty string, got {value!r}")
    return value
