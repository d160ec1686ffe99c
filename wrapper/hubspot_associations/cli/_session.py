"""The client a command talks to HubSpot with: its token, its options, its count of requests."""

from __future__ import annotations

import argparse
import contextlib
import os
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .._hubspot import BASE_URL, TOKEN_ENV
from .._options import NOT_GIVEN
from . import _time
from ._numbers import plural
from ._redaction import MIN_SECRET_LENGTH
from ._status import UsageError

if TYPE_CHECKING:
    import httpx

    from .._client import Associations
    from .progress import Console


def read_token(args: argparse.Namespace) -> str:
    """The access token, from --token-file or the environment; its value is never shown."""
    path = args.token_file
    if path is not None:
        try:
            with open(path, encoding="utf-8-sig") as stream:
                token = stream.read().strip()
        except UnicodeDecodeError:
            raise UsageError(f"--token-file {path} is not UTF-8 text") from None
        except OSError as exc:
            raise UsageError(f"cannot read --token-file {path}: {exc.strerror or exc}") from None
        if not token:
            raise UsageError(f"--token-file {path} is empty")
        return token
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UsageError(
            f"no access token: set {TOKEN_ENV} or pass --token-file PATH "
            "(a private app token or an OAuth access token)"
        )
    return token


class _RequestCounter:
    """Counts the HTTP requests sent (retries included), as an httpx event hook."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> None:
        with self._lock:
            self.count += 1


class Session:
    """A client for one command, with the count of requests it sent."""

    def __init__(self, args: argparse.Namespace, console: Console) -> None:
        token = read_token(args)
        console.secret(token)
        if len(token) < MIN_SECRET_LENGTH:
            console.err(
                f"warning: the access token is only {plural(len(token), 'character')} long, "
                "unlike any HubSpot token; it is hidden from the output only where it stands "
                "alone"
            )
        from .._client import Associations
        from .._http_clients import CookielessClient

        self.requests = _RequestCounter()
        verify: Any = True
        if args.base_url is not None and args.base_url.lower().startswith("http://"):
            # Plain http (the SDK allows it only for loopback): no certificate store to load,
            # a quarter of a second at start-up. This context has no trusted roots: it could
            # never vouch for an https server.
            import ssl

            verify = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        # Its own connections, as the SDK's clients make them (no cookies), counting requests.
        self._http = CookielessClient(verify=verify, event_hooks={"request": [self.requests]})
        options: dict[str, Any] = {}
        if args.base_url is not None:
            options["base_url"] = args.base_url
        if args.api_version is not None:
            options["api_version"] = args.api_version
        if args.rate_limit is not NOT_GIVEN:  # None is given: --rate-limit off
            options["rate_limit"] = args.rate_limit
        if args.rate_limit_store is not None:
            options["rate_limit_store"] = args.rate_limit_store
        if args.max_retries is not None:
            options["max_retries"] = args.max_retries
        if args.timeout is not None:
            options["timeout"] = args.timeout
        try:
            self.client: Associations = Associations(
                token, http_client=self._http, clock=_time.clock, sleep=_time.sleep, **options
            )
        except ValueError:
            self._http.close()
            raise

    def close(self) -> None:
        """Close the client's connections."""
        self._http.close()


@contextlib.contextmanager
def open_session(args: argparse.Namespace, console: Console) -> Iterator[Session]:
    """A :class:`Session` for the duration of a ``with`` block."""
    opened = Session(args, console)
    try:
        yield opened
    finally:
        opened.close()


def no_answer(args: argparse.Namespace, detail: str) -> str:
    """A connection failure, naming where the command tried to connect (a mistyped
    --base-url is the usual cause)."""
    base_url = args.base_url or BASE_URL
    return f"no answer from {base_url}: {detail} (check --base-url and the network)"
