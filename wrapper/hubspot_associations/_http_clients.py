"""The httpx clients a client makes for itself when the caller gives none: they keep no cookies.

HubSpot's API authenticates every request by its token; none of its calls needs a cookie. An
httpx client keeps every cookie an answer sets and sends it back with later requests to that
host, and httpx has no switch to turn that off (encode/httpx#2992). For this SDK's clients that
meant:

- a cookie set on an answer to one token (a CDN's, for instance) sent with the requests of a
  ``with_options`` copy, which shares the connections and may carry another account's token;
- on every answer, work in ``http.cookiejar`` (a urllib request built, the URL parsed again)
  that cost 20-35 us of CPU, about 5% of a whole call (benchmarks/README.md).

A client passed as ``http_client`` keeps its own cookie policy.
"""

from __future__ import annotations

from typing import Any

import httpx


class _NoneKept(httpx.Cookies):
    """An empty jar that keeps nothing an answer sets."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


class _KeepsNoCookies:
    """httpx reads a client's ``cookies`` to send them with a request and to keep an answer's:
    here it always finds the same empty jar, which keeps nothing."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._none_kept = _NoneKept()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._none_kept

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        raise AttributeError(
            "this client keeps no cookies; give the SDK an http_client of your own to send some"
        )


class CookielessClient(_KeepsNoCookies, httpx.Client):
    """An ``httpx.Client`` that keeps no cookies."""


class CookielessAsyncClient(_KeepsNoCookies, httpx.AsyncClient):
    """An ``httpx.AsyncClient`` that keeps no cookies."""
