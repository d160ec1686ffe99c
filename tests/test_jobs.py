"""Long jobs: the journal (resume, another job refused, a file that cannot serve), a clean stop.

Every behaviour of the Python API runs over the sync and the async client (``kind``).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import test_cli
from clients import sync_client
from hubspot_associations import AssociationType, errors
from hubspot_associations._journal import Journal
from hubspot_associations.cli import main
from hubspot_associations.testing import FakeHubSpot
from test_batch import KINDS, call
from test_cli import TOKEN, Cli, Result, _checked, at, finish, run, start, write

PAIRS = [(c, 1000 + c) for c in range(1, 1001)]


@pytest.fixture
def hs() -> Any:
    with FakeHubSpot() as fake:
        fake.add_records("contacts", range(1, 1001))
        fake.add_records("companies", range(1001, 2001))
        yield fake


@pytest.mark.parametrize("kind", KINDS)
def test_a_journaled_job_resumes_sending_only_what_was_not_confirmed(
    kind: str, hs: FakeHubSpot, tmp_path: Path
) -> None:
    journal = tmp_path / "job.sqlite"
    first = call(kind, hs.url, "batch.associate_default", "contacts", "companies", PAIRS[:350],
                 journal=journal)  # fmt: skip
    assert len(first.succeeded) == 350 and not first.failed
    sent_first = hs.request_count
    # The same job, run to its end: only the 650 pairs not confirmed are sent again.
    pairs = [*PAIRS, ("x", 1), PAIRS[0]]  # a bad input and a repeat are reported once
    report = call(kind, hs.url, "batch.associate_default", "contacts", "companies", pairs,
                  journal=str(journal))  # fmt: skip
    assert hs.request_count - sent_first == 7  # ceil(650 / 100)
    assert hs.association_count == 2 * 1000  # both directions
    assert len(report.succeeded) == 1000 and len(report) == 1001
    assert [item.input for item in report.succeeded] == PAIRS  # the input's order, every run
    assert [(f.input, f.error.category) for f in report.failed] == [(("x", 1), "INVALID_INPUT")]
    assert [a.to_object_id for a in next(iter(report.succeeded)).result][:1] == ["1001"]
    # Once more: everything is confirmed, nothing is sent.
    again = call(kind, hs.url, "batch.associate_default", "contacts", "companies", pairs,
                 journal=journal)  # fmt: skip
    assert hs.request_count - sent_first == 7 and len(again.succeeded) == 1000


@pytest.mark.parametrize("kind", KINDS)
def test_a_journal_refuses_another_job_before_anything_is_sent(
    kind: str, hs: FakeHubSpot, tmp_path: Path
) -> None:
    journal = tmp_path / "job.sqlite"
    call(kind, hs.url, "batch.associate_default", "contacts", "companies", PAIRS[:150],
         journal=journal)  # fmt: skip
    sent = hs.request_count
    before = _rows(journal)
    others: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
        ("batch.remove", ("contacts", "companies", PAIRS[:150]), {}),
        ("batch.associate_default", ("contacts", "deals", PAIRS[:150]), {}),
        ("batch.associate_default", ("contacts", "companies", PAIRS[500:]), {}),
        (
            "batch.associate",
            ("contacts", "companies", PAIRS[:150], [AssociationType.CONTACT_TO_COMPANY]),
            {},
        ),
    ]
    for method, args, kwargs in others:
        with pytest.raises(errors.JournalError) as caught:
            call(kind, hs.url, method, *args, journal=journal, **kwargs)
        assert caught.value.path == str(journal)
        assert "another job" in str(caught.value) and str(journal) in str(caught.value)
    assert hs.request_count == sent  # refused before any request
    assert _rows(journal) == before  # and nothing of the other job was written


def _rows(journal: Path) -> list[Any]:
    with sqlite3.connect(journal) as db:
        return db.execute("SELECT key, outcome FROM items ORDER BY id").fetchall()


@pytest.mark.parametrize("kind", KINDS)
def test_a_journal_that_cannot_serve_is_a_clear_error(
    kind: str, hs: FakeHubSpot, tmp_path: Path
) -> None:
    corrupt = tmp_path / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database, it is a text file" * 100)
    other_db = tmp_path / "other.sqlite"
    with sqlite3.connect(other_db) as db:
        db.execute("CREATE TABLE customers (id INTEGER)")
    cases = [(corrupt, "not a journal"), (other_db, "not a journal"), (tmp_path, "folder")]
    if os.geteuid() != 0:  # root writes anywhere
        locked_dir = tmp_path / "read-only"
        locked_dir.mkdir()
        locked_dir.chmod(0o500)
        cases.append((locked_dir / "job.sqlite", "read-only"))
    for path, reason in cases:
        with pytest.raises(errors.JournalError) as caught:
            call(kind, hs.url, "batch.remove", "contacts", "companies", PAIRS, journal=path)
        assert caught.value.path == str(path) and reason in caught.value.reason, caught.value
    assert corrupt.read_bytes().startswith(b"this is not a database")  # left as it was
    # Locked by a running job (here: held open by this process).
    held = Journal(tmp_path / "busy.sqlite")
    try:
        with pytest.raises(errors.JournalError, match="another running job is using it"):
            call(kind, hs.url, "batch.remove", "contacts", "companies", PAIRS,
                 journal=tmp_path / "busy.sqlite")  # fmt: skip
    finally:
        held.close()
    assert hs.request_count == 0
    with pytest.raises(ValueError, match="journal must be a file path"):
        call(kind, hs.url, "batch.remove", "contacts", "companies", PAIRS, journal=3)


@pytest.mark.parametrize("kind", KINDS)
def test_inputs_of_a_request_that_failed_for_good_are_sent_again_on_resume(
    kind: str, hs: FakeHubSpot, tmp_path: Path
) -> None:
    journal = tmp_path / "job.sqlite"
    hs.inject("json_500", match="/batch/associate/default", times=1)
    first = call(kind, hs.url, "batch.associate_default", "contacts", "companies", PAIRS[:300],
                 journal=journal, concurrency=1)  # fmt: skip
    assert len(first.failed) == 100 and len(first.succeeded) == 200
    report = call(kind, hs.url, "batch.associate_default", "contacts", "companies", PAIRS[:300],
                  journal=journal)  # fmt: skip
    assert len(report.succeeded) == 300 and not report.failed
    assert hs.association_count == 2 * 300


# -- the command line ---------------------------------------------------------------------------


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``main()`` in this process, in ``tmp_path``, with the token in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)

    def run(*args: str) -> Result:
        capsys.readouterr()
        code = main(list(args))
        captured = capsys.readouterr()
        return _checked(Result(code, captured.out, captured.err))

    return run


def test_the_cli_resumes_a_journaled_job_and_refuses_another(hs: FakeHubSpot, cli: Cli) -> None:
    write(Path("first.csv"), "".join(f"{c},{t}\n" for c, t in PAIRS[:250]))
    write(Path("all.csv"), "".join(f"{c},{t}\n" for c, t in PAIRS[:600]) + "7,9999\n")
    first = cli("associate", "contacts", "companies", "first.csv", "--journal", "j.db", *at(hs))
    assert first.code == 0, first
    sent = hs.request_count
    result = cli("associate", "contacts", "companies", "all.csv", "--journal", "j.db", *at(hs))
    assert result.code == 1, result
    assert hs.request_count - sent == 4  # the 351 pairs not confirmed: 4 requests
    assert "601 rows, 601 distinct pairs: 600 associated, 1 failed; 4 requests" in result.out
    failures = Path("all.failures.csv").read_text(encoding="utf-8").splitlines()
    assert failures[1:] == ["7,9999,601,VALIDATION_ERROR,No companies record with id 9999 exists"]
    other = cli("remove", "contacts", "companies", "all.csv", "--journal", "j.db", *at(hs))
    assert other.code == 2, other
    assert other.err.startswith("error: journal j.db: it belongs to another job"), other
    assert hs.request_count - sent == 4
    Path("bad.db").write_text("not a database at all" * 50)
    bad = cli("remove", "contacts", "companies", "all.csv", "--journal", "bad.db", *at(hs))
    assert bad.code == 2 and "journal bad.db: not a journal" in bad.err, bad


def test_a_pipe_of_10000_rows_with_a_journal(hs: FakeHubSpot, tmp_path: Path) -> None:
    # Read once (spooled as it is checked), sent from the copy, every pair in the journal.
    pairs = [(i % 1000 + 1, 1001 + (i // 1000 * 37 + i) % 1000) for i in range(10_000)]
    rows = "".join(f"{c},{t}\n" for c, t in pairs)
    result = run(
        "associate", "contacts", "companies", "-", "--journal", "j.db", *at(hs),
        cwd=tmp_path, stdin=rows,
    )  # fmt: skip
    assert result.code == 0, result
    assert result.out.startswith("standard input: 10,000 rows, 10,000 distinct pairs: 10,000 ")
    assert hs.association_count == 2 * 10_000
    with sqlite3.connect(tmp_path / "j.db") as db:
        assert db.execute("SELECT COUNT(*) FROM items WHERE outcome = 1").fetchone() == (10_000,)


# -- a clean stop -------------------------------------------------------------------------------


def _until(condition: Callable[[], bool], within: float = 20.0) -> None:
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("wait", "signum", "code"),
    [
        ("pacing", signal.SIGINT, 130),
        ("429", signal.SIGINT, 130),
        ("429", signal.SIGTERM, 143),
        ("in-flight", signal.SIGINT, 130),
    ],
)
def test_a_signal_stops_the_cli_within_2_s_and_the_job_resumes(
    hs: FakeHubSpot, cli: Cli, tmp_path: Path, wait: str, signum: int, code: int
) -> None:
    write(tmp_path / "pairs.csv", "".join(f"{c},{t}\n" for c, t in PAIRS))
    command = ["associate", "contacts", "companies", "pairs.csv", "--journal", "j.db"]
    if wait == "pacing":  # the first request goes at once, the second waits 10 s for its slot
        options = ["--rate-limit", "1/10", "--concurrency", "1"]
    elif wait == "in-flight":  # HubSpot takes 3 s to answer: abandoned after a 1-s grace
        hs.inject("delay", delay=3.0)
        options = ["--rate-limit", "off", "--concurrency", "1"]
    else:  # the first request gets HubSpot's ten-secondly 429: every request pauses 10 s
        hs.inject("rate_limit")
        options = ["--rate-limit", "off", "--max-retries", "3", "--concurrency", "1"]
    process = start([*command, *options, "--base-url", hs.url], tmp_path, env=test_cli.ENV)
    _until(lambda: hs.request_count >= 1)
    time.sleep(0.2)  # well inside the 10-s wait
    sent = hs.request_count
    signalled = time.monotonic()
    process.send_signal(signum)
    result = finish(process, timeout=10)
    assert time.monotonic() - signalled < 2.0, result
    assert result.code == code, result
    assert hs.request_count == sent  # no request after the signal
    confirmed = 100 if wait == "pacing" else 0
    assert f"stopped: {confirmed} pairs confirmed in journal j.db; run the same command again" in (
        result.err
    ), result
    resumed = cli(*command, *at(hs))
    assert resumed.code == 0, resumed
    assert f"{10 - confirmed // 100} requests" in resumed.out, resumed
    assert hs.association_count == 2 * 1000


@pytest.mark.parametrize("kind", KINDS)
def test_keyboard_interrupt_or_cancellation_stops_the_job_and_the_journal_resumes(
    kind: str, hs: FakeHubSpot, tmp_path: Path
) -> None:
    journal = tmp_path / "job.sqlite"
    chunks = 0

    def interrupt(done: int, total: int | None) -> None:
        nonlocal chunks
        chunks += 1
        if chunks == 2:  # the user presses Ctrl-C (the task is cancelled) mid-job
            if kind == "sync":
                raise KeyboardInterrupt
            asyncio.current_task().cancel()  # type: ignore[union-attr]

    expected = KeyboardInterrupt if kind == "sync" else asyncio.CancelledError
    with pytest.raises(expected):
        call(kind, hs.url, "batch.associate_default", "contacts", "companies", PAIRS,
             journal=journal, on_progress=interrupt)  # fmt: skip
    stopped_at = hs.request_count
    assert stopped_at < 10  # stopped before the end: at most the requests in flight went on
    kept = _rows(journal)
    answered = sum(1 for _, outcome in kept if outcome == 1)
    assert answered >= 200 and answered % 100 == 0
    report = call(kind, hs.url, "batch.associate_default", "contacts", "companies", PAIRS,
                  journal=journal)  # fmt: skip
    assert len(report.succeeded) == 1000 and not report.failed
    assert hs.association_count == 2 * 1000
    # Only what was not confirmed is sent again: the chunks asked for after the stop are as many
    # as were unconfirmed (and, every pair being linked, they are those). A request that was on
    # its way when the job stopped may reach the fake after the count above: it is one of them.
    after = {request.json["inputs"][0]["from"]["id"] for request in hs.requests[stopped_at:]}
    assert len(after) == 10 - answered // 100


# -- crash safety -------------------------------------------------------------------------------

# FakeHubSpot in its own process, answering on stdin: "count" (requests so far), "state" (a
# digest of every association it holds).
FAKE_PROCESS = """
import hashlib, sys
from hubspot_associations.testing import FakeHubSpot
n = int(sys.argv[1])
with FakeHubSpot(record_requests=False) as hs:
    hs.add_records("contacts", range(1, n + 1))
    hs.add_records("companies", range(1, n + 1))
    print(hs.url, flush=True)
    for line in sys.stdin:
        if line.strip() == "count":
            print(hs.request_count, flush=True)
        else:
            digest = hashlib.sha256()
            for c in range(1, n + 1):
                digest.update(repr(hs.associations("contacts", c, "companies")).encode())
            print(hs.association_count, digest.hexdigest(), flush=True)
"""


def _version_env() -> dict[str, str]:
    version = os.environ.get("HUBSPOT_API_VERSION")
    return {"HUBSPOT_API_VERSION": version} if version else {}


class FakeProcess:
    def __init__(self, pairs: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", FAKE_PROCESS, str(pairs)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            # the version the test runs on (HUBSPOT_API_VERSION), which the CLI is given too
            env={**test_cli.ENV, **_version_env()},
        )
        self.url = self.ask("")  # the first line: its URL

    def ask(self, question: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        if question:
            self.process.stdin.write(question + "\n")
            self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=20)


CRASH_PAIRS = 20_000
CONCURRENCY = 4


def test_kill_9_at_5_random_moments_then_resume_ends_as_a_clean_run(
    cli: Cli, tmp_path: Path
) -> None:
    write(tmp_path / "pairs.csv", "".join(f"{i},{i}\n" for i in range(1, CRASH_PAIRS + 1)))
    # 200 requests at 100 per second (the fake is not rate-limited: the client paces itself).
    command = [
        *("associate", "contacts", "companies", "pairs.csv", "--journal", "j.db"),
        *("--rate-limit", "100/1", "--max-retries", "0", "--concurrency", str(CONCURRENCY)),
    ]
    clean = FakeProcess(CRASH_PAIRS)
    try:
        result = cli(*command[:4], "--base-url", clean.url, *command[6:])
        assert result.code == 0, result
        clean_requests = int(clean.ask("count"))
        clean_state = clean.ask("state")
    finally:
        clean.close()
    (tmp_path / "j.db").unlink(missing_ok=True)
    fake = FakeProcess(CRASH_PAIRS)
    rng = random.Random()
    seed = rng.randrange(2**32)
    rng.seed(seed)
    kills = []
    try:
        for _ in range(5):
            process = start([*command, "--base-url", fake.url], tmp_path, env=test_cli.ENV)
            before = int(fake.ask("count"))
            _until(lambda p=process, b=before: int(fake.ask("count")) > b or p.poll() is not None)
            time.sleep(rng.uniform(0.0, 0.4))  # a random moment of the run (a real kill)
            process.kill()
            process.wait(timeout=10)
            kills.append(int(fake.ask("count")) - before)
        result = cli(*command, "--base-url", fake.url)
        assert result.code == 0, result
        assert result.out.startswith(
            f"pairs.csv: {CRASH_PAIRS:,} rows, {CRASH_PAIRS:,} distinct pairs: "
            f"{CRASH_PAIRS:,} associated, 0 failed"
        ), result
        total_requests = int(fake.ask("count"))
        state = fake.ask("state")
    finally:
        fake.close()
    with sqlite3.connect(tmp_path / "j.db") as db:
        outcomes = db.execute("SELECT outcome, COUNT(*) FROM items GROUP BY outcome").fetchall()
    print(
        f"\nkill -9 x5 (seed {seed}): requests per killed run {kills}; all runs "
        f"{total_requests}, a clean run {clean_requests}, over by "
        f"{total_requests - clean_requests} (bound {CONCURRENCY} in flight x 5 kills)"
    )
    assert state == clean_state  # HubSpot ends as after a clean run
    assert outcomes == [(1, CRASH_PAIRS)]  # every input once, confirmed
    assert total_requests - clean_requests <= CONCURRENCY * len(kills)


def test_keyboard_interrupt_during_a_pacing_wait_stops_at_once(
    hs: FakeHubSpot, tmp_path: Path
) -> None:
    # One request per 10 s: after the first answer, the other worker waits for its slot (real
    # time: waking a real wait is the point). Ctrl-C then must not wait the slot out.
    def interrupt(done: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with sync_client(hs.url, rate_limit=(1, 10.0)) as client:
        started = time.monotonic()
        with pytest.raises(KeyboardInterrupt):
            client.batch.associate_default(
                "contacts", "companies", PAIRS, journal=tmp_path / "j.db",
                concurrency=2, on_progress=interrupt,
            )  # fmt: skip
        assert time.monotonic() - started < 2.0
    sent = hs.request_count
    assert sent == 1
    assert [outcome for _, outcome in _rows(tmp_path / "j.db")].count(1) == 100
