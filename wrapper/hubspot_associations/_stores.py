"""Shared rate budgets: the ledger kept where every process of an app sees it.

``open_budget(url, key, limit)`` turns ``rate_limit_store`` into a :class:`~._pacing.Budget`:

- ``sqlite:///relative.db`` or ``sqlite:////absolute.db`` (SQLAlchemy's form): an SQLite file
  through the standard library, in WAL mode; every decision is one short write transaction
  (``BEGIN IMMEDIATE``), so any number of processes on one machine share one budget.
- ``redis://``: not in this version (a clear error says so).

The budget counts exactly as the in-process one does (``_pacing.wait_for``); only the ledger
moves. Time is the wall clock (``time.time``), the one clock every process shares; the key
names the budget (by default a one-way hash of the token: the token is never stored).
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping
from pathlib import Path

from . import _hubspot as hubspot
from ._pacing import (
    _MARGIN,
    DAILY_STOP_SECONDS,
    Limit,
    LocalBudget,
    Ticket,
    announced_limit,
    daily_limit_error,
    header_int,
    stricter,
    wait_for,
)

logger = logging.getLogger("hubspot_associations")

# A request granted this long ago and never answered belongs to a process that died: it stops
# counting (the SDK's own timeouts end a request long before).
STALE_IN_FLIGHT_SECONDS = 600.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger (
    id INTEGER PRIMARY KEY,
    budget TEXT NOT NULL,
    granted REAL NOT NULL,
    answered REAL
);
CREATE INDEX IF NOT EXISTS ledger_budget ON ledger (budget, answered);
CREATE TABLE IF NOT EXISTS budget_state (
    budget TEXT PRIMARY KEY,
    paused_until REAL NOT NULL DEFAULT 0,
    daily_until REAL NOT NULL DEFAULT 0,
    announced_max INTEGER,
    announced_window REAL
);
"""


def default_key(access_token: str) -> str:
    """The budget's name derived from the token, one way: the token itself is never stored."""
    digest = hashlib.sha256(b"hubspot-associations budget\0" + access_token.encode()).hexdigest()
    return f"token-{digest[:32]}"


def redacted(url: str) -> str:
    """``url`` without its password, for error messages."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


def sqlite_path(url: str) -> Path:
    """The file of an ``sqlite:///`` URL: three slashes before a relative path, four before an
    absolute one."""
    rest = url[len("sqlite:///") :]
    if not rest or rest == "/":
        raise ValueError(f"rate_limit_store {url!r} names no file: use sqlite:///budget.db")
    return Path(urllib.parse.unquote(rest))


def open_budget(
    url: str, key: str, limit: Limit | None, clock: Callable[[], float] = time.time
) -> SQLiteBudget:
    """The shared budget ``url`` names; ValueError naming the URL when it cannot be used."""
    scheme = url.split(":", 1)[0].lower()
    if scheme == "sqlite" and url.startswith("sqlite:///"):
        return SQLiteBudget(url, key, limit, clock)
    if scheme in ("redis", "rediss", "unix"):
        raise ValueError(
            f"rate_limit_store {redacted(url)!r}: a Redis store is not available in this "
            "version; use sqlite:///path.db for processes on one machine"
        )
    raise ValueError(
        f"rate_limit_store {redacted(url)!r} is not a store URL: use sqlite:///budget.db "
        "(a relative path) or sqlite:////var/lib/app/budget.db (an absolute one)"
    )


class SQLiteBudget:
    """A :class:`~._pacing.Budget` whose ledger is an SQLite file shared by processes."""

    def __init__(
        self, url: str, key: str, limit: Limit | None, clock: Callable[[], float] = time.time
    ) -> None:
        self.url = url
        self.key = key
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        # While the store fails mid-run: this process paces alone (one WARNING), on the
        # client's clock, and goes back to the store as soon as it answers again.
        self._local = LocalBudget(limit)
        self._failing = False
        path = sqlite_path(url)
        try:
            self._db = sqlite3.connect(
                path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            self._db.execute("INSERT OR IGNORE INTO budget_state (budget) VALUES (?)", (key,))
        except sqlite3.Error as exc:
            raise ValueError(f"rate_limit_store {url!r} cannot be opened: {exc}") from None

    def _write(self) -> sqlite3.Connection:
        """Start one short write transaction (the caller holds ``_lock``)."""
        self._db.execute("BEGIN IMMEDIATE")
        return self._db

    def _state(self, db: sqlite3.Connection) -> tuple[float, float, Limit | None]:
        row = db.execute(
            "SELECT paused_until, daily_until, announced_max, announced_window "
            "FROM budget_state WHERE budget = ?",
            (self.key,),
        ).fetchone()
        paused, daily, announced_max, announced_window = row
        announced = (int(announced_max), float(announced_window)) if announced_max else None
        return float(paused), float(daily), announced

    def _reserve(self, now: float) -> tuple[float, Ticket | None]:
        now = self._clock()
        with self._lock:
            db = self._write()
            try:
                paused, daily, announced = self._state(db)
                if now < daily:
                    raise daily_limit_error()
                if now < paused:
                    return paused - now, None
                limits = [self.limit] if self.limit is not None else []
                if announced is not None:
                    limits.append(announced)
                longest = max([hubspot.TEN_SECONDLY_WINDOW] + [w for _, w in limits]) * _MARGIN
                db.execute(
                    "DELETE FROM ledger WHERE budget = ? AND (answered < ? OR "
                    "(answered IS NULL AND granted < ?))",
                    (self.key, now - longest, now - STALE_IN_FLIGHT_SECONDS),
                )
                if limits:
                    in_flight = db.execute(
                        "SELECT COUNT(*) FROM ledger WHERE budget = ? AND answered IS NULL",
                        (self.key,),
                    ).fetchone()[0]
                    done = [
                        row[0]
                        for row in db.execute(
                            "SELECT answered FROM ledger WHERE budget = ? AND answered IS NOT "
                            "NULL ORDER BY answered",
                            (self.key,),
                        )
                    ]
                    wait = wait_for(limits, in_flight, done, now)
                    if wait > 0:
                        return wait, None
                cursor = db.execute(
                    "INSERT INTO ledger (budget, granted) VALUES (?, ?)", (self.key, now)
                )
                return 0.0, Ticket(cursor.lastrowid)
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")

    def _release(self, ticket: Ticket, now: float) -> None:
        now = self._clock()
        with self._lock:
            self._db.execute(
                "UPDATE ledger SET answered = ? WHERE id = ? AND budget = ?",
                (now, ticket.key, self.key),
            )

    def _pause(self, seconds: float, now: float) -> None:
        until = self._clock() + seconds
        with self._lock:
            self._db.execute(
                "UPDATE budget_state SET paused_until = MAX(paused_until, ?) WHERE budget = ?",
                (until, self.key),
            )

    def _stop_daily(self, now: float) -> None:
        until = self._clock() + DAILY_STOP_SECONDS
        with self._lock:
            self._db.execute(
                "UPDATE budget_state SET daily_until = ? WHERE budget = ?", (until, self.key)
            )

    def _observe(self, headers: Mapping[str, str], now: float) -> None:
        if header_int(headers, hubspot.RATE_LIMIT_DAILY_REMAINING) == 0:
            self.stop_daily(now)
        announced = announced_limit(headers)
        if announced is None:
            return
        kept = announced if stricter(self.limit, announced) else None
        with self._lock:
            self._db.execute(
                "UPDATE budget_state SET announced_max = ?, announced_window = ? WHERE budget = ?",
                (kept[0] if kept else None, kept[1] if kept else None, self.key),
            )
        if header_int(headers, hubspot.RATE_LIMIT_REMAINING) == 0:
            self.pause(min(announced[1] / 10, hubspot.TEN_SECONDLY_WINDOW), now)

    def _failed(self, exc: sqlite3.Error) -> None:
        if not self._failing:
            self._failing = True
            logger.warning(
                "rate_limit_store %s failed (%s): pacing in this process alone until it "
                "works again",
                self.url,
                exc,
            )

    def _recovered(self) -> None:
        if self._failing:
            self._failing = False
            logger.warning("rate_limit_store %s works again: the budget is shared again", self.url)

    def reserve(self, now: float) -> tuple[float, Ticket | None]:
        try:
            granted = self._reserve(now)
        except sqlite3.Error as exc:
            self._failed(exc)
            return self._local.reserve(now)
        self._recovered()
        return granted

    def release(self, ticket: Ticket, now: float) -> None:
        if ticket.key is None:  # granted by the local fallback
            self._local.release(ticket, now)
            return
        try:
            self._release(ticket, now)
        except sqlite3.Error as exc:
            self._failed(exc)

    def pause(self, seconds: float, now: float) -> None:
        self._local.pause(seconds, now)
        try:
            self._pause(seconds, now)
        except sqlite3.Error as exc:
            self._failed(exc)

    def stop_daily(self, now: float) -> None:
        self._local.stop_daily(now)
        try:
            self._stop_daily(now)
        except sqlite3.Error as exc:
            self._failed(exc)

    def observe(self, headers: Mapping[str, str], now: float) -> None:
        self._local.observe(headers, now)
        try:
            self._observe(headers, now)
        except sqlite3.Error as exc:
            self._failed(exc)

    def describe(self) -> str:
        return "None" if self.limit is None else f"({self.limit[0]}, {self.limit[1]})"
