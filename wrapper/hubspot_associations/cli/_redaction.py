"""How the access token is hidden from what the command line writes."""

from __future__ import annotations

import re

REDACTED = "[access token]"
# How a secret is hidden. A bearer token is made of RFC 6750's b64token characters (letters,
# digits, -._~+/ and = padding). HubSpot's tokens are long (a private app token is 44
# characters, an OAuth access token more): a secret that long never turns up in ordinary text by
# chance, so it is hidden wherever it appears, even glued to other text (a URL-encoded echo of a
# header). A shorter secret (a test token such as "t") would also match inside ordinary words
# ("contacts"): it is hidden only where it stands as a whole token, not next to a token
# character, and the command line warns that such a token is not a HubSpot one.
MIN_SECRET_LENGTH = 16
_TOKEN_CHARS = "A-Za-z0-9._~+/=-"


def secret_pattern(secret: str) -> re.Pattern[str]:
    """What to replace to hide ``secret``: anywhere if long, only as a whole token if short."""
    escaped = re.escape(secret)
    if len(secret) >= MIN_SECRET_LENGTH:
        return re.compile(escaped)
    return re.compile(rf"(?<![{_TOKEN_CHARS}]){escaped}(?![{_TOKEN_CHARS}])")
