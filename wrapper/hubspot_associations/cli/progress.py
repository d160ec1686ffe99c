"""The command line's display, for any program that runs batches: a :class:`Console` that
prints results on stdout and messages on stderr with the access token hidden, and a
:class:`Progress` line to pass as a batch's ``on_progress``::

    from hubspot_associations.cli.progress import Console, Progress

    progress = Progress(Console(), "linking", len(pairs))
    report = client.batch.associate_default("contacts", "companies", pairs, on_progress=progress)
    progress.finish()

Standard library only.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable
from typing import TextIO

from ._numbers import count, duration
from ._redaction import REDACTED, secret_pattern

__all__ = ["Console", "Progress"]


class Console:
    """stdout for results, stderr for progress and errors; never prints a secret it was told of.

    The access token is not part of any message the CLI writes; redaction is the second line of
    defence, should an error message from a server or a proxy ever echo it.

    On a terminal, one live line (the progress) can stand at the bottom of stderr: a message
    written meanwhile is printed above it, and the line is drawn again below. Thread-safe: the
    batch's threads report waits and log lines while the main thread reports progress.
    """

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out_stream = out if out is not None else sys.stdout
        self.err_stream = err if err is not None else sys.stderr
        self._secrets: dict[str, re.Pattern[str]] = {}
        self._lock = threading.RLock()
        self._live = ""
        self.progress: Progress | None = None
        """The progress being shown, told of waits (see :meth:`Progress.waiting`)."""

    def secret(self, value: str) -> None:
        """Hide ``value`` from everything written from now on: wherever it appears, or only
        where it stands as a whole token if it is shorter than any HubSpot token."""
        if value and value not in self._secrets:
            self._secrets[value] = secret_pattern(value)

    def redact(self, text: str) -> str:
        """``text`` with every secret replaced by ``[access token]``."""
        for pattern in self._secrets.values():
            text = pattern.sub(REDACTED, text)
        return text

    def out(self, text: str = "") -> None:
        """A line on stdout (results: what a script reads)."""
        self.out_stream.write(self.redact(text) + "\n")

    def err(self, text: str) -> None:
        """A line on stderr (above the live line, if one is shown)."""
        with self._lock:
            stream = self.err_stream
            if self._live:
                stream.write("\r" + " " * len(self._live) + "\r")
            stream.write(self.redact(text) + "\n")
            if self._live:
                stream.write(self._live)
            stream.flush()

    def error(self, text: str) -> None:
        """``error: text`` on stderr, after what stdout holds so far."""
        self.out_stream.flush()
        self.err(f"error: {text}")

    def live(self, text: str) -> None:
        """Draw the live line again, as ``text`` (shorter than the terminal's width)."""
        with self._lock:
            text = self.redact(text)
            # Padded to cover a longer previous frame; no wider than the previous one was.
            self.err_stream.write("\r" + text.ljust(len(self._live)))
            self.err_stream.flush()
            self._live = text

    def end_live(self) -> None:
        """Leave the live line as it stands and go to the next line."""
        with self._lock:
            if self._live:
                self.err_stream.write("\n")
                self.err_stream.flush()
            self._live = ""

    def err_is_tty(self) -> bool:
        """Whether stderr is a terminal (where the progress line is redrawn in place)."""
        try:
            return self.err_stream.isatty()
        except (AttributeError, ValueError):
            return False


def terminal_width(stream: TextIO) -> int:
    """Columns of the terminal ``stream`` writes to: ``COLUMNS`` first (as
    :func:`shutil.get_terminal_size`), then that terminal's (stdout may be redirected when stderr
    is not), else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isascii() and columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80
    except (AttributeError, ValueError, OSError):
        return shutil.get_terminal_size((80, 24)).columns


def _joined(parts: list[str]) -> str:
    return ", ".join(part for part in parts if part)


def _left(seconds: float) -> str:
    return f"{math.ceil(seconds)} s left" if seconds < 60 else f"{duration(seconds)} left"


class Progress:
    """``on_progress(done, total)`` for a batch, and the waits the SDK logs.

    On a terminal: one line, redrawn in place, that fits the terminal's width (the bar goes
    first, then the details, when it is narrow), with the time elapsed, an estimate of the time
    left and, during a pause, what it is waiting for and how long. :meth:`start` keeps it
    ticking while nothing finishes (a long wait). Elsewhere (a log file): a plain line at every
    tenth of the job.
    """

    WIDTH = 30  # the bar's widest
    MIN_BAR = 10  # narrower than this, no bar
    REDRAW = 0.1  # seconds between redraws on a terminal
    TICK = 0.25  # seconds between redraws while nothing happens

    def __init__(
        self,
        console: Console,
        verb: str,
        total: int,
        tty: bool | None = None,
        clock: Callable[[], float] = time.monotonic,
        columns: Callable[[], int] | None = None,
    ) -> None:
        self.console = console
        self.verb = verb
        self.total = total
        self.tty = console.err_is_tty() if tty is None else tty
        self.clock = clock
        self.columns = columns or (lambda: terminal_width(console.err_stream))
        self.started = clock()
        self._lock = threading.Lock()
        self._last_draw = float("-inf")
        self._last_tenth = 0
        self._done = 0
        self._wait_until = float("-inf")
        self._wait_reason = ""
        self._ticker: threading.Thread | None = None
        self._stop = threading.Event()
        console.progress = self

    def __call__(self, done: int, total: int | None) -> None:
        with self._lock:
            self._done = done
            if self.tty:
                self._draw(force=done >= self.total)
            else:
                tenth = done * 10 // self.total if self.total else 10
                if tenth > self._last_tenth:
                    self._last_tenth = tenth
                    self.console.err(self._line(self.clock()))

    @property
    def done(self) -> int:
        """Inputs done so far, as last reported."""
        return self._done

    def waiting(self, seconds: float, reason: str) -> None:
        """A request is held ``seconds`` (``reason``: the SDK's RATE_LIMIT or RETRY)."""
        with self._lock:
            until = self.clock() + seconds
            if until <= self._wait_until:
                return  # already shown: another request waits at least as long
            self._wait_until = until
            self._wait_reason = reason
            if self.tty:
                self._draw(force=True)  # at once: nothing else may be drawn until it ends

    def tick(self) -> None:
        """Redraw if due: the clock and a wait's countdown move while no chunk finishes."""
        with self._lock:
            if self.tty:
                self._draw()

    def start(self) -> None:
        """On a terminal, redraw every :data:`TICK` seconds in a thread until :meth:`finish`."""
        if self.tty and self._ticker is None:
            self._ticker = threading.Thread(target=self._run_ticker, daemon=True)
            self._ticker.start()

    def _run_ticker(self) -> None:
        while not self._stop.wait(self.TICK):
            self.tick()

    def finish(self) -> None:
        """Stop ticking, and end the line on a terminal (the last state drawn)."""
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            self._ticker = None
        with self._lock:
            if self.tty and self._last_draw > float("-inf"):
                self._draw(force=True)
                self.console.end_live()
                self._last_draw = float("-inf")
        if self.console.progress is self:
            self.console.progress = None

    # -- what is shown -------------------------------------------------------------------

    def _core(self) -> tuple[str, str, str]:
        """What was done: in full, shorter, shortest."""
        done, total = self._done, self.total
        percent = f"{done * 100 // total if total else 100}%"
        numbers = f"{count(done)}/{count(total)}"
        return f"{self.verb}: {numbers} rows ({percent})", f"{numbers} ({percent})", percent

    def _left(self, now: float) -> str:
        elapsed = now - self.started
        if not 0 < self._done < self.total or elapsed <= 0:
            return ""
        return _left(elapsed * (self.total - self._done) / self._done)

    def _line(self, now: float) -> str:
        """The line written elsewhere than on a terminal."""
        return _joined([self._core()[0], duration(now - self.started), self._left(now)])

    def _frame(self, now: float, room: int) -> str:
        """The line drawn on a terminal, at most ``room`` characters."""
        core, short, percent = self._core()
        left = self._left(now)
        wait = self._wait_until - now
        long_wait = short_wait = ""
        if wait >= 0.05:
            # Here, not at the top: `--help` and the checks before a client exists never load
            # the engine (and httpx with it). A wait can only have come from a loaded engine.
            from .._engine import RATE_LIMIT

            short_wait = f"waiting {wait:.1f} s"
            if self._wait_reason == RATE_LIMIT:
                long_wait = f"waiting {wait:.1f} s for the rate limit"
            else:
                long_wait = f"retrying in {wait:.1f} s"
        # A bar as wide as the terminal allows (the same width all along), then the details;
        # when they do not fit, the bar goes first, then the details least worth their room.
        choices = [
            [core, duration(now - self.started), left, long_wait],
            [core, left, long_wait],
            [short, left, long_wait],
        ]
        bar = min(self.WIDTH, room // 4)
        if bar >= self.MIN_BAR:
            for parts in choices:
                text = _joined(parts)
                if len(text) + bar + 3 <= room:
                    filled = self._done * bar // self.total if self.total else bar
                    return f"[{'#' * filled}{'-' * (bar - filled)}] {text}"
        for parts in [
            *choices,
            [percent, left, long_wait],
            [percent, long_wait],
            [short, left, short_wait],
            [short, short_wait],
            [short],
        ]:
            text = _joined(parts)
            if len(text) <= room:
                return text
        return text[:room]

    def _draw(self, force: bool = False) -> None:
        """Draw the line, unless it was drawn less than :data:`REDRAW` ago (``force``: draw)."""
        now = self.clock()
        if not force and now - self._last_draw < self.REDRAW:
            return
        self._last_draw = now
        # One column spare: a line that fills the last column makes some terminals wrap.
        self.console.live(self._frame(now, max(self.columns() - 1, 1)))
