"""The SQLite ledger: a shared rate budget in one file, for every process on one machine.

``sqlite:///relative.db`` or ``sqlite:////absolute.db`` (SQLAlchemy's form). The standard
library's ``sqlite3`` in WAL mode; every decision is one short write transaction (``BEGIN
IMMEDIATE``), so any number of processes share one budget safely. Time is the wall clock
(``time.time``), the one clock every process of the machine shares.

Failures surface as ``sqlite3.Error``: ``_stores`` turns them into a clear error at start, and
into local pacing mid-run.
"""

from __future__ import annotations

import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from ._pacing import (
    STALE_IN_FLIGHT_SECONDS,
    Limit,
    counted_span,
    daily_limit_error,
    limits_of,
    wait_for,
)

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


def sqlite_path(url: str) -> Path:
    """The file of an ``sqlite:///`` URL: three slashes before a relative path, four before an
    absolute one."""
    rest = url[len("sqlite:///") :]
    if not rest or rest == "/":
        raise ValueError(f"rate_limit_store {url!r} names no file: use sqlite:///budget.db")
    return Path(urllib.parse.unquote(rest))


class SQLiteLedger:
    """One budget's ledger (``key``) in an SQLite file; see ``_stores.Ledger`` for the calls."""

    errors: tuple[type[Exception], ...] = (sqlite3.Error,)

    def __init__(
        self, url: str, key: str, limit: Limit | None, clock: Callable[[], float] = time.time
    ) -> None:
        self.url = url
        self.key = key
        self.limit = limit
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            sqlite_path(url), timeout=30.0, isolation_level=None, check_same_thread=False
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.execute("INSERT OR IGNORE INTO budget_state (budget) VALUES (?)", (key,))

    def _state(self, db: sqlite3.Connection) -> tuple[float, float, Limit | None]:
        row = db.execute(
            "SELECT paused_until, daily_until, announced_max, announced_window "
            "FROM budget_state WHERE budget = ?",
            (self.key,),
        ).fetchone()
        paused, daily, announced_max, announced_window = row
        announced = (int(announced_max), float(announced_window)) if announced_max else None
        return float(paused), float(daily), announced

    def reserve(self) -> tuple[float, object | None]:
        now = self._clock()
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                paused, daily, announced = self._state(db)
                if now < daily:
                    raise daily_limit_error()
                if now < paused:
                    return paused - now, None
                limits = limits_of(self.limit, announced)
                db.execute(
                    "DELETE FROM ledger WHERE budget = ? AND (answered < ? OR "
                    "(answered IS NULL AND granted < ?))",
                    (self.key, now - counted_span(limits), now - STALE_IN_FLIGHT_SECONDS),
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
                return 0.0, cursor.lastrowid
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            finally:
                if db.in_transaction:
                    db.execute("COMMIT")

    def release(self, entry: object) -> None:
        now = self._clock()
        with self._lock:
            self._db.execute(
                "UPDATE ledger SET answered = ? WHERE id = ? AND budget = ?",
                (now, entry, self.key),
            )

    def pause(self, seconds: float) -> None:
        until = self._clock() + seconds
        with self._lock:
            self._db.execute(
                "UPDATE budget_state SET paused_until = MAX(paused_until, ?) WHERE budget = ?",
                (until, self.key),
            )

    def stop_daily(self, seconds: float) -> None:
        until = self._clock() + seconds
        with self._lock:
            self._db.execute(
                "UPDATE budget_state SET daily_until = ? WHERE budget = ?", (until, self.key)
            )

    def announce(self, limit: Limit | None) -> None:
        with self._lock:
            self._db.execute(
                "UPDATE budget_state SET announced_max = ?, announced_window = ? WHERE budget = ?",
                (limit[0] if limit else None, limit[1] if limit else None, self.key),
            )
