"""A batch job's journal: an SQLite file that remembers each input's outcome, so a job resumes.

The journal holds the job's identity (operation, object types, association types, a fingerprint
of its first inputs) and one row per distinct input: what the caller gave, and, once HubSpot
confirmed it, whether it succeeded (with the result) or failed (with the error). Outcomes are
committed after each answered chunk, in WAL mode: a process killed at any moment leaves every
confirmed outcome on disk and nothing half-written. Running the same job with the same journal
again sends only what was not confirmed; the report reads every outcome back from the file.

A failure that is not HubSpot's word on the input itself (a request that failed for good, the
inputs left when a job stopped early) is reported but not kept as final: a resume sends it again.
Only the job's own thread touches the connection; the file is locked while a job runs it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import sqlite3
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from .errors import JournalError
from .types import BatchItemError, Failed, Succeeded

try:  # pragma: no branch
    import fcntl
except ImportError:  # pragma: no cover - Windows: SQLite's own locking only
    fcntl = None  # type: ignore[assignment]

InputT = TypeVar("InputT")
ResultT = TypeVar("ResultT")

FORMAT = "hubspot-associations journal 1"

# The outcome column: NULL while sent but not confirmed.
FAILED, SUCCEEDED, RETRY = 0, 1, 2

# What admit() says of an input.
NEW, SKIP = 1, 0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    given BLOB NOT NULL,
    run INTEGER NOT NULL,
    outcome INTEGER,
    payload BLOB
);
"""


def _fail(path: str, why: str) -> JournalError:
    return JournalError(path, why)


def _describe(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, sqlite3.DatabaseError) and "not a database" in text:
        return "not a journal (the file is corrupt or of another kind)"
    if "readonly" in text or "read-only" in text:
        return "cannot write it (a read-only file or folder)"
    return text


class Journal:
    """One job's journal file, open and locked for the length of a run."""

    def __init__(self, path: object) -> None:
        if not isinstance(path, (str, os.PathLike)):
            raise ValueError(f"journal must be a file path, got {type(path).__name__} {path!r}")
        self.path = os.fspath(path)
        if isinstance(self.path, bytes):  # pragma: no cover - a bytes PathLike
            self.path = os.fsdecode(self.path)
        self._lock_fd: int | None = None
        self._db: sqlite3.Connection | None = None
        self.started = False
        self._pending: list[tuple[int, bytes | None, str]] = []
        try:
            self._open()
        except JournalError:
            self.close()
            raise
        except (OSError, sqlite3.Error) as exc:
            self.close()
            raise _fail(self.path, _describe(exc)) from None

    def _open(self) -> None:
        path = self.path
        if os.path.isdir(path):
            raise _fail(path, "it is a folder")
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise _fail(path, f"no folder {folder}")
        if os.path.exists(path) and not os.access(path, os.W_OK):
            raise _fail(path, "cannot write it (the file is read-only)")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise _fail(path, f"cannot write it (folder {folder} is read-only)")
        # A lock file beside the journal, not the journal itself: closing any descriptor of a
        # file drops the process's SQLite (POSIX) locks on it.
        self._lock_fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        if fcntl is not None:
            try:
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                raise _fail(path, "another running job is using it") from None
        db = sqlite3.connect(path, timeout=0.5, isolation_level=None, check_same_thread=False)
        self._db = db
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        if tables and not {"meta", "items"} <= tables:
            raise _fail(path, "not a journal (an SQLite file of something else)")
        mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - a file system without WAL
            raise _fail(path, f"cannot use write-ahead logging there ({mode})")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        if meta and meta.get("format") != FORMAT:
            raise _fail(path, f"not a journal of this version ({meta.get('format')!r})")
        self.meta = meta
        self.run = int(meta.get("runs", "0")) + 1
        db.execute("BEGIN")

    @property
    def db(self) -> sqlite3.Connection:
        assert self._db is not None, "the journal is closed"
        return self._db

    def start(self, identity: dict[str, Any]) -> None:
        """Check (or, for a new journal, record) the job's identity before anything is sent."""
        wanted = json.dumps(identity, sort_keys=True)
        try:
            had = self.meta.get("job")
            if had is not None and had != wanted:
                self.db.execute("ROLLBACK")
                raise _fail(self.path, f"it belongs to another job ({_differences(had, wanted)})")
            rows = [("format", FORMAT), ("job", wanted), ("runs", str(self.run))]
            self.db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", rows)
            self.db.execute("COMMIT")
            self.db.execute("BEGIN")
        except sqlite3.Error as exc:
            raise _fail(self.path, _describe(exc)) from None
        self.started = True

    def admit(self, key: str, given: Any) -> int:
        """NEW: send this input; SKIP: already confirmed, or a repeat of this run's."""
        db = self.db
        blob = pickle.dumps(given, protocol=pickle.HIGHEST_PROTOCOL)
        cursor = db.execute(
            "INSERT OR IGNORE INTO items (key, given, run) VALUES (?, ?, ?)", (key, blob, self.run)
        )
        if cursor.rowcount == 1:
            return NEW
        run, outcome = db.execute("SELECT run, outcome FROM items WHERE key = ?", (key,)).fetchone()
        if outcome in (FAILED, SUCCEEDED) or run == self.run:
            return SKIP
        db.execute(
            "UPDATE items SET run = ?, outcome = NULL, payload = NULL WHERE key = ?",
            (self.run, key),
        )
        return NEW

    def record(self, key: str, outcome: int, payload: Any) -> None:
        """An input's outcome; written with the next :meth:`commit`."""
        blob = None if payload is None else pickle.dumps(payload, pickle.HIGHEST_PROTOCOL)
        self._pending.append((outcome, blob, key))

    def commit(self) -> None:
        """Make every outcome recorded so far durable (after each answered chunk)."""
        try:
            if self._pending:
                self.db.executemany(
                    "UPDATE items SET outcome = ?, payload = ? WHERE key = ?", self._pending
                )
                self._pending.clear()
            self.db.execute("COMMIT")
            self.db.execute("BEGIN")
        except sqlite3.Error as exc:
            raise _fail(self.path, _describe(exc)) from None

    def counts(self) -> tuple[int, int]:
        """(confirmed inputs, all inputs) the journal knows."""
        done, total = self.db.execute(
            "SELECT COUNT(outcome IN (0, 1) OR NULL), COUNT(*) FROM items"
        ).fetchone()
        return int(done), int(total)

    def close(self, commit: bool = True) -> None:
        """Commit what was confirmed, close the file and release its lock."""
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                if commit and self.started:
                    if self._pending:
                        db.executemany(
                            "UPDATE items SET outcome = ?, payload = ? WHERE key = ?",
                            self._pending,
                        )
                    db.execute("COMMIT")
                elif db.in_transaction:
                    db.execute("ROLLBACK")
            db.close()
        self._pending.clear()
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd = None


def confirmed(path: str) -> int:
    """How many inputs the journal at ``path`` holds HubSpot's outcome of (0 if unreadable)."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
        ) as db:
            query = "SELECT COUNT(*) FROM items WHERE outcome IN (0, 1)"
            return int(db.execute(query).fetchone()[0])
    except sqlite3.Error:  # pragma: no cover - the journal went away
        return 0


def _differences(had: str, wanted: str) -> str:
    old, new = json.loads(had), json.loads(wanted)
    names = [name for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)]
    return "; ".join(f"{name}: {old.get(name)!r} there, {new.get(name)!r} now" for name in names)


def fingerprint(keys: list[str]) -> str:
    """A digest of a job's first inputs (a different file or list gives another)."""
    digest = hashlib.sha256()
    for key in keys:
        digest.update(key.encode("utf-8", "surrogatepass"))
        digest.update(b"\n")
    return digest.hexdigest()[:32]


class JournalOutcomes(Generic[InputT, ResultT]):
    """``report.succeeded`` or ``report.failed`` of a journaled job: read from the journal file
    on demand (``len``, iteration, truth), so that a report of millions of inputs takes no
    memory. Iterating gives the same ``Succeeded``/``Failed`` items as a list would."""

    __slots__ = ("_ok", "_path")

    def __init__(self, path: str, ok: bool) -> None:
        self._path = path
        self._ok = ok

    def _connect(self) -> sqlite3.Connection:
        try:
            return sqlite3.connect(f"file:{self._path}?mode=ro", uri=True, isolation_level=None)
        except sqlite3.Error as exc:  # pragma: no cover - the file went away
            raise _fail(self._path, _describe(exc)) from None

    def _where(self) -> str:
        return "outcome = 1" if self._ok else "outcome IN (0, 2)"

    def __len__(self) -> int:
        with contextlib.closing(self._connect()) as db:
            return int(
                db.execute(f"SELECT COUNT(*) FROM items WHERE {self._where()}").fetchone()[0]
            )

    def __bool__(self) -> bool:
        with contextlib.closing(self._connect()) as db:
            query = f"SELECT 1 FROM items WHERE {self._where()} LIMIT 1"
            return db.execute(query).fetchone() is not None

    def __iter__(self) -> Iterator[Any]:
        with contextlib.closing(self._connect()) as db:
            query = f"SELECT given, payload FROM items WHERE {self._where()} ORDER BY id"
            for given, payload in db.execute(query):
                value = None if payload is None else pickle.loads(payload)
                if self._ok:
                    yield Succeeded(pickle.loads(given), value)
                else:
                    error = value if isinstance(value, BatchItemError) else _LOST
                    yield Failed(pickle.loads(given), error)

    def __repr__(self) -> str:
        kind = "succeeded" if self._ok else "failed"
        return f"<{len(self)} {kind} inputs in journal {self._path!r}>"


_LOST = BatchItemError("UNKNOWN", "the journal lost this input's error")
