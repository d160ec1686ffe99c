"""The command line's output: redacted printing and a progress bar (standard library only)."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from typing import TextIO

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


class Console:
    """stdout for results, stderr for progress and errors; never prints a secret it was told of.

    The access token is not part of any message the CLI writes; redaction is the second line of
    defence, should an error message from a server or a proxy ever echo it.
    """

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out_stream = out if out is not None else sys.stdout
        self.err_stream = err if err is not None else sys.stderr
        self._secrets: dict[str, re.Pattern[str]] = {}

    def secret(self, value: str) -> None:
        """Hide ``value`` from everything written from now on (see :data:`MIN_SECRET_LENGTH`)."""
        if value and value not in self._secrets:
            self._secrets[value] = secret_pattern(value)

    def redact(self, text: str) -> str:
        for pattern in self._secrets.values():
            text = pattern.sub(REDACTED, text)
        return text

    def out(self, text: str = "") -> None:
        self.out_stream.write(self.redact(text) + "\n")

    def err(self, text: str) -> None:
        self.err_stream.write(self.redact(text) + "\n")
        self.err_stream.flush()

    def error(self, text: str) -> None:
        self.out_stream.flush()
        self.err(f"error: {text}")

    def raw_err(self, text: str) -> None:
        """Write without a newline (a progress bar redrawing itself)."""
        self.err_stream.write(self.redact(text))
        self.err_stream.flush()

    def err_is_tty(self) -> bool:
        try:
            return self.err_stream.isatty()
        except (AttributeError, ValueError):
            return False


def count(n: int) -> str:
    return f"{n:,}"


def plural(n: int, noun: str) -> str:
    """``1 request``, ``2 requests``."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


class Progress:
    """``on_progress(done, total)`` for a batch: a bar redrawn with ``\\r`` on a terminal, a
    plain line at every tenth of the job (and at the end) otherwise."""

    WIDTH = 30
    REDRAW = 0.1  # seconds between redraws on a terminal

    def __init__(
        self,
        console: Console,
        verb: str,
        total: int,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.console = console
        self.verb = verb
        self.total = total
        self.tty = console.err_is_tty() if tty is None else tty
        self.clock = clock
        self.started = clock()
        self._last_draw = float("-inf")
        self._last_tenth = 0
        self._drawn = False
        self._width = 0
        self._done = 0

    def __call__(self, done: int, total: int | None) -> None:
        self._done = done
        if self.tty:
            now = self.clock()
            if now - self._last_draw >= self.REDRAW or done >= self.total:
                self._last_draw = now
                self._draw_bar(done)
        else:
            tenth = done * 10 // self.total if self.total else 10
            if tenth > self._last_tenth:
                self._last_tenth = tenth
                self.console.err(self._line(done))

    def _line(self, done: int) -> str:
        percent = done * 100 // self.total if self.total else 100
        seconds = self.clock() - self.started
        return f"{self.verb}: {count(done)}/{count(self.total)} rows ({percent}%), {seconds:.1f} s"

    def _draw_bar(self, done: int) -> None:
        filled = done * self.WIDTH // self.total if self.total else self.WIDTH
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        text = f"[{bar}] {self._line(done)}"
        self.console.raw_err("\r" + text.ljust(self._width))  # cover a longer previous frame
        self._width = len(text)
        self._drawn = True

    def finish(self) -> None:
        """End the bar's line on a terminal (the last state drawn)."""
        if self.tty and self._drawn:
            self._draw_bar(self._done)
            self.console.raw_err("\n")
