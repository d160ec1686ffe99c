"""The command line: ``python -m hubspot_associations ...`` run as users run it, in a subprocess,
against a FakeHubSpot served from the test process.

Each process spends most of its time importing, so the invocations of a test that do not depend
on each other start together (``run_all``), and the many small variations (every kind of bad
file, every bad argument) call ``main()`` in this process (``cli``): the same code, minus the
start-up. The subprocesses share a bytecode cache outside the source tree.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from clients import FakeTime
from conftest import SUITE_API_VERSION
from hubspot_associations import Associations, AssociationType, AsyncAssociations
from hubspot_associations._engine import RATE_LIMIT, RETRY
from hubspot_associations.cli import _time as cli_time
from hubspot_associations.cli import main
from hubspot_associations.cli._pairs_file import PairFile
from hubspot_associations.cli.progress import Console, Progress
from hubspot_associations.testing import FakeHubSpot
from scripted_server import ScriptedServer

TOKEN = "pat-na1-c1i5ecre7-0d0e-4b1d-9a11-5ecre75ecre7"
BASE_ENV = {k: v for k, v in os.environ.items() if k != "HUBSPOT_ACCESS_TOKEN"}
ENV = {**BASE_ENV, "HUBSPOT_ACCESS_TOKEN": TOKEN}
BOM = "\ufeff"
# Imports (and so compiles into the cache) what the commands use, once, before the tests start
# several processes at a time.
WARM_UP = """
import sys
from hubspot_associations.cli import main
from hubspot_associations.testing import FakeHubSpot
pairs, failures = sys.argv[1:]
with FakeHubSpot() as hs:
    hs.add_records("contacts", [1])
    at = ["--base-url", hs.url, "--rate-limit", "off", "--max-retries", "0"]
    for args in (
        ["associate", "contacts", "companies", pairs, "--failures", failures],
        ["remove", "contacts", "companies", pairs, "--failures", failures],
        ["list", "contacts", "1", "companies"],
        ["labels", "list", "contacts", "companies"],
        ["limits", "list"],
    ):
        main([*args, *at])
"""


@dataclass
class Result:
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out}--- stderr\n{self.err}"


def _checked(result: Result) -> Result:
    # Whatever happened, the token is never printed, and no error is a traceback.
    assert TOKEN not in result.out + result.err, result
    assert "Traceback" not in result.err, result
    return result


def start(
    args: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """``python -m hubspot_associations *args``, started; its standard input is a pipe. The API
    version a test runs on (conftest's api_version sets HUBSPOT_API_VERSION) reaches it too."""
    env = dict(ENV if env is None else env)
    if os.environ.get("HUBSPOT_API_VERSION"):
        env["HUBSPOT_API_VERSION"] = os.environ["HUBSPOT_API_VERSION"]
    with _ctrl_c_reaches_children():
        return subprocess.Popen(
            [sys.executable, "-m", "hubspot_associations", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )


@contextmanager
def _ctrl_c_reaches_children() -> Iterator[None]:
    """The command started as a shell at a terminal starts it, Ctrl-C (SIGINT) reaching it.

    A process that ignores SIGINT passes that on to what it starts (mutmut's runner does, as
    does a script's ``command &``), and the CLI then leaves it ignored, as Python itself does:
    the tests that press Ctrl-C would wait for a stop that cannot come. A handler of ours for
    the moment of the start is reset to the default in the child.
    """
    main_thread = threading.current_thread() is threading.main_thread()
    if not main_thread or signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def finish(process: subprocess.Popen[str], stdin: str = "", timeout: float = 60) -> Result:
    try:
        out, err = process.communicate(stdin, timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()  # a hung command must not outlive the test
        process.communicate()
        raise
    return _checked(Result(process.returncode, out, err))


def run_all(*commands: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> list[Result]:
    """Run ``python -m hubspot_associations`` with each argument list, at the same time."""
    processes = [start(args, cwd, env) for args in commands]
    return [finish(process) for process in processes]


def run(*args: str, cwd: Path, env: dict[str, str] | None = None, stdin: str = "") -> Result:
    return finish(start(args, cwd, env), stdin)


Cli = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """``main()`` in this process, in ``tmp_path``, with the token in the environment."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)

    def call(*args: str) -> Result:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as stop:  # argparse: usage errors, --help, --version
            code = int(stop.code or 0)
        captured = capsys.readouterr()
        return _checked(Result(code, captured.out, captured.err))

    return call


def at(hs: FakeHubSpot) -> list[str]:
    """Connection options pointing at the fake; no pacing, no retries' back-off to wait for."""
    return ["--base-url", hs.url, "--rate-limit", "off", "--max-retries", "0"]


@pytest.fixture(scope="module", autouse=True)
def bytecode_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled modules for the subprocesses, kept outside the source tree and across runs (the
    environment may set PYTHONDONTWRITEBYTECODE: each process would then compile every module it
    imports, again and again). A stale entry is recompiled: Python checks the source's mtime."""
    cache = Path(tempfile.gettempdir()) / f"hubspot-associations-tests-pycache-{os.getuid()}"
    cache.mkdir(exist_ok=True)
    for env in (BASE_ENV, ENV):
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    scratch = tmp_path_factory.mktemp("warm-up")
    pairs = write(scratch / "pairs.csv", "1,1\n")
    warm_up = [sys.executable, "-c", WARM_UP, str(pairs), str(scratch / "failures.csv")]
    subprocess.run(warm_up, env=ENV, capture_output=True, check=False, timeout=60)


@pytest.fixture
def hs() -> Iterator[FakeHubSpot]:
    with FakeHubSpot() as fake:
        fake.add_records("contacts", range(1, 51))
        fake.add_records("companies", range(100, 151))
        fake.add_records("deals", [500])
        yield fake


@pytest.fixture
def sdk(hs: FakeHubSpot) -> Iterator[Associations]:
    """The SDK, to set up and inspect the fake's account."""
    # Plain http: a TLS context without the certificate store (loading it takes a while).
    http = httpx.Client(verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
    with http, Associations(TOKEN, base_url=hs.url, rate_limit=None, http_client=http) as client:
        yield client


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


# -- associate ----------------------------------------------------------------------------------


def test_associate_streams_the_file_and_writes_failures(hs: FakeHubSpot, tmp_path: Path) -> None:
    # A BOM, a header, CRLF line ends, blank lines and a comma-only line, a repeated pair, and
    # two pairs HubSpot refuses (no such records): line numbers count every physical line.
    write(
        tmp_path / "pairs.csv",
        BOM + "contact_id,company_id\r\n1,100\r\n\r\n2, 101\r\n,\r\n3,999\r\n1,100\r\n77,102\r\n",
    )
    write(tmp_path / "plain.csv", "".join(f"{i},{100 + i}\n" for i in range(10, 50)))
    result, plain = run_all(
        ["associate", "contacts", "companies", "pairs.csv", *at(hs)],
        # no header; connection options before the command name
        [*at(hs), "associate", "contacts", "companies", "plain.csv", "--concurrency", "2"],
        cwd=tmp_path,
    )
    assert result.code == 1, result
    assert result.out == (
        "pairs.csv: 5 rows, 4 distinct pairs (1 repeated row sent once): "
        f"2 associated, 2 failed; 1 request in {result.out.split(' in ')[1].split()[0]} s\n"
        "failures (VALIDATION_ERROR 2) written to pairs.failures.csv\n"
    )
    assert result.err.startswith("associating: 5/5 rows (100%), "), result
    assert result.err.endswith(
        "error: 2 pairs failed, e.g. 3,999: VALIDATION_ERROR: "
        "No companies record with id 999 exists\n"
    )
    assert hs.associations("contacts", 1, "companies") == [("100", [279])]
    assert hs.associations("contacts", 2, "companies") == [("101", [279])]
    failures = (tmp_path / "pairs.failures.csv").read_text(encoding="utf-8").splitlines()
    assert failures == [
        "from_id,to_id,line,error_category,error_message",
        "3,999,6,VALIDATION_ERROR,No companies record with id 999 exists",
        "77,102,8,VALIDATION_ERROR,No contacts record with id 77 exists",
    ]
    assert plain.code == 0, plain
    assert "plain.csv: 40 rows, 40 distinct pairs: 40 associated, 0 failed; 1 request" in plain.out
    # Not a terminal: plain progress lines, at most one per tenth of the job.
    lines = plain.err.splitlines()
    assert all(line.startswith("associating: ") for line in lines) and "\r" not in plain.err
    assert lines[-1].startswith("associating: 40/40 rows (100%)"), plain
    assert hs.associations("contacts", 49, "companies") == [("149", [279])]
    assert not (tmp_path / "plain.failures.csv").exists()  # written only when something failed
    assert len(hs.requests) == 2


@pytest.mark.usefixtures("api_version")  # on each API version
def test_associate_with_types(hs: FakeHubSpot, sdk: Associations, cli: Cli, tmp_path: Path) -> None:
    sdk.labels.create("contacts", "companies", name="billing", label="Billing contact")
    write(tmp_path / "one.csv", "1,100\n")
    write(tmp_path / "two.csv", "2,101\n")
    by_name = run(
        "associate", "contacts", "companies", "two.csv", "--type", "billing CONTACT", *at(hs),
        cwd=tmp_path,
    )  # fmt: skip
    assert by_name.code == 0 and "1 labeled, 0 failed; 2 requests" in by_name.out, by_name
    assert hs.associations("contacts", 2, "companies") == [("101", [100, 279])]
    by_id = cli("associate", "contacts", "companies", "one.csv", "--type", "1", *at(hs))
    assert by_id.code == 0 and "1 labeled, 0 failed" in by_id.out, by_id
    assert hs.associations("contacts", 1, "companies") == [("100", [1, 279])]
    write(tmp_path / "three.csv", "3,102\n")
    types = ["--type", "CONTACT_TO_COMPANY", "--type", "USER_DEFINED:100"]
    by_enum = cli("associate", "contacts", "companies", "three.csv", *types, *at(hs))
    assert by_enum.code == 0, by_enum
    assert hs.associations("contacts", 3, "companies") == [("102", [100, 279])]
    unknown = cli("associate", "contacts", "companies", "one.csv", "--type", "Nope", *at(hs))
    assert unknown.code == 2, unknown
    assert unknown.err == (
        "error: no association label 'Nope' from contacts to companies "
        "(see: hubspot-associations labels list contacts companies)\n"
    )


@pytest.mark.usefixtures("api_version")  # on each API version
def test_failures_path(hs: FakeHubSpot, cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "pairs.csv", "1,100\n2,999\n")
    (tmp_path / "out").mkdir()
    custom = run(
        "associate", "contacts", "companies", "pairs.csv", "--failures", "out/f.csv", *at(hs),
        cwd=tmp_path,
    )  # fmt: skip
    assert custom.code == 1 and "written to out/f.csv" in custom.out, custom
    rows = (tmp_path / "out" / "f.csv").read_text(encoding="utf-8").splitlines()
    assert rows[1] == "2,999,2,VALIDATION_ERROR,No companies record with id 999 exists"
    assert len(hs.requests) == 1
    # Checked before anything is sent: the results of a long job are never lost at the end.
    for path, message in [
        ("out", "cannot write failures to out: it is a directory"),
        ("no/f.csv", "cannot write failures to no/f.csv: no folder no"),
    ]:
        result = cli("associate", "contacts", "companies", "pairs.csv", "--failures", path)
        assert result.code == 2 and message in result.err, result
    assert len(hs.requests) == 1
    # A failures file is a valid input: the ids come first, the other columns are ignored.
    result = cli("associate", "contacts", "companies", "out/f.csv", *at(hs))
    assert result.code == 1 and "out/f.csv: 1 row, 1 distinct pair: 0 associated" in result.out
    assert (tmp_path / "out" / "f.failures.csv").exists()


def test_dry_run_checks_everything_and_sends_nothing(
    hs: FakeHubSpot, cli: Cli, tmp_path: Path
) -> None:
    write(tmp_path / "pairs.csv", "from_id,to_id\n1,100\n1,100\n2,101\n")
    good = run(
        "associate", "contacts", "companies", "pairs.csv", "--dry-run", *at(hs),
        cwd=tmp_path,
        env=BASE_ENV,  # no token: a dry run needs none
    )  # fmt: skip
    assert good.code == 0, good
    assert good.out == (
        "dry run: pairs.csv: 3 rows, 2 distinct pairs (1 repeated row sent once); "
        "every row is valid; nothing was sent\n"
    )
    labeled = cli("associate", "contacts", "companies", "pairs.csv", "--dry-run", "--type", "B")
    assert labeled.code == 0 and "label 'B' is not checked in a dry run" in labeled.out
    write(tmp_path / "bad.csv", "1,100\n2,x\n")
    bad = cli("remove", "contacts", "companies", "bad.csv", "--dry-run", *at(hs))
    assert bad.code == 2 and "bad.csv, line 2: to_id 'x' is not a record id" in bad.err, bad
    assert hs.requests == []
    assert not list(tmp_path.glob("*.failures.csv"))


def test_pairs_from_standard_input(hs: FakeHubSpot, tmp_path: Path) -> None:
    # Read once: checked, then sent from a copy; the failures file is in the current folder.
    rows = "from_id,to_id\n1,100\n2,101\n\n3,102\n4,999\n"
    result = run("associate", "contacts", "companies", "-", *at(hs), cwd=tmp_path, stdin=rows)
    assert result.code == 1, result
    assert result.out.startswith(
        "standard input: 4 rows, 4 distinct pairs: 3 associated, 1 failed; 1 request in "
    ), result
    for contact, company in [(1, 100), (2, 101), (3, 102)]:
        assert hs.associations("contacts", contact, "companies") == [(str(company), [279])]
    failures = (tmp_path / "stdin.failures.csv").read_text(encoding="utf-8").splitlines()
    assert failures[1:] == ["4,999,6,VALIDATION_ERROR,No companies record with id 999 exists"]
    bad = run("remove", "contacts", "companies", "-", *at(hs), cwd=tmp_path, stdin="1,100\n2,x\n")
    assert bad.code == 2, bad
    assert bad.err.startswith("error: standard input, line 2: to_id 'x' is not a record id"), bad
    assert len(hs.requests) == 1


def test_pairs_from_a_fifo_and_from_dev_stdin(hs: FakeHubSpot, tmp_path: Path) -> None:
    fifo = tmp_path / "pairs.fifo"
    os.mkfifo(fifo)
    from_fifo = start(["associate", "contacts", "companies", str(fifo), *at(hs)], tmp_path)
    from_dev = start(["associate", "contacts", "companies", "/dev/stdin", *at(hs)], tmp_path)
    with open(fifo, "w", encoding="utf-8") as writer:  # waits for the command to open it
        writer.write("".join(f"{i},{100 + i}\n" for i in range(1, 21)))
    results = [finish(from_fifo, timeout=20), finish(from_dev, "30,130\n31,131\n32,132\n", 20)]
    for result in results:
        assert result.code == 0 and " 0 failed; 1 request" in result.out, result
    assert results[0].out.startswith(f"{fifo}: 20 rows, 20 distinct pairs: 20 associated")
    for contact in [*range(1, 21), 30, 31, 32]:
        assert hs.associations("contacts", contact, "companies") == [(str(100 + contact), [279])]


def test_a_file_that_changes_between_check_and_send_is_an_error(
    hs: FakeHubSpot, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pairs.csv", "1,100\n2,101\n3,102\n")
    checked = PairFile.pairs

    def cut_short(self: PairFile) -> Iterator[tuple[str, str]]:
        yield from list(checked(self))[:-1]  # the last row was gone when it came to sending

    monkeypatch.setattr(PairFile, "pairs", cut_short)
    result = cli("associate", "contacts", "companies", "pairs.csv", *at(hs))
    assert result.code == 1, result
    assert result.err.endswith(
        "error: pairs.csv changed after it was checked: 3 distinct pairs checked, 2 sent; "
        "run the command again\n"
    ), result


# -- bad input ----------------------------------------------------------------------------------


def test_bad_files_stop_before_any_request(hs: FakeHubSpot, tmp_path: Path) -> None:
    write(tmp_path / "bad_id.csv", "from_id,to_id\n1,100\n\n2,abc\n")
    write(tmp_path / "one_column.csv", "1,100\n2\n")
    # 5,000 good rows, then a bad one: nothing at all is sent, not even the label's look-up.
    late = "".join(f"{1 + i % 50},{100 + i % 51}\n" for i in range(5000)) + "7,x\n"
    write(tmp_path / "late.csv", late)
    bad_id, one_column, missing, late_row = run_all(
        ["associate", "contacts", "companies", "bad_id.csv", *at(hs)],
        ["remove", "contacts", "companies", "one_column.csv", *at(hs)],
        ["associate", "contacts", "companies", "missing.csv", *at(hs)],
        ["associate", "contacts", "companies", "late.csv", "--type", "Billing", *at(hs)],
        cwd=tmp_path,
    )
    assert bad_id.code == 2 and bad_id.out == "", bad_id
    assert bad_id.err == (
        "error: bad_id.csv, line 4: to_id 'abc' is not a record id (a positive whole number)\n"
        "error: 1 bad row in bad_id.csv: nothing was sent\n"
    )
    assert one_column.code == 2, one_column
    assert one_column.err.startswith(
        "error: one_column.csv, line 2: expected 2 columns from_id,to_id, found 1\n"
    )
    assert missing.code == 2, missing
    assert missing.err == "error: cannot read missing.csv: No such file or directory\n"
    assert late_row.code == 2 and "error: late.csv, line 5001: to_id 'x'" in late_row.err
    assert hs.requests == []


BAD_FILES: dict[str, tuple[bytes, str]] = {
    # name: (content, the message expected on stderr)
    "semicolons.csv": (
        b"1;100\n",
        "line 1: expected 2 columns from_id,to_id, found 1 (columns must be separated by commas)",
    ),
    "empty_cell.csv": (b"1,100\r\n,100\r\n", "error: empty_cell.csv, line 2: from_id is empty"),
    "negative.csv": (b"1,-5\n", "error: negative.csv, line 1: to_id '-5' is not a record id"),
    "zero.csv": (b"0,5\n", "error: zero.csv, line 1: from_id '0' is out of range"),
    "huge.csv": (b"1,99999999999999999999\n", "huge.csv, line 1: to_id '99999999999999999999' is"),
    "decimal.csv": (b"1,2.0\n", "error: decimal.csv, line 1: to_id '2.0' is not a record id"),
    "latin1.csv": (b"id,soci\xe9t\xe9\n1,100\n", "error: latin1.csv, line 1: not UTF-8 text"),
    "late_latin1.csv": (b"1,2\n" * 5000 + b"3,\xe9\n", "late_latin1.csv, line 5001: not UTF-8"),
    "utf16.csv": ("1,100\n".encode("utf-16"), "error: utf16.csv, line 1: not UTF-8 text"),
    "quotes.csv": (b'1,100\n"2"x,100\n', "error: quotes.csv, line 2: malformed CSV"),
    "many.csv": (b"x,1\n" * 30, "error: ... and 10 more bad rows\nerror: 30 bad rows in many.csv"),
}


def test_every_kind_of_bad_file(hs: FakeHubSpot, cli: Cli, tmp_path: Path) -> None:
    for name, (content, message) in BAD_FILES.items():
        (tmp_path / name).write_bytes(content)
        for command in ("associate", "remove"):
            result = cli(command, "contacts", "companies", name, *at(hs))
            assert result.code == 2 and message in result.err, (name, str(result))
            assert result.out == "", (name, str(result))
    (tmp_path / "folder.csv").mkdir()
    result = cli("associate", "contacts", "companies", "folder.csv", "--dry-run")
    assert result.code == 2 and "error: cannot read folder.csv: Is a directory" in result.err
    assert hs.requests == []


def test_good_files_of_every_shape(cli: Cli, tmp_path: Path) -> None:
    files = {
        "plain.csv": b"1,2\n3,4",  # no header, no final newline
        "header.csv": b"from_id,to_id\n1,2\n3,4\n",
        "bom_crlf.csv": b'\xef\xbb\xbf"from","to"\r\n\r\n 1 , 2 \r\n,,\r\n"3",004,x\r\n\r\n',
        "quoted_header.csv": b'"contact id","company, id"\n1,2\n3,4\n',
        "old_mac.csv": b"1,2\r3,4\r",
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        result = cli("remove", "contacts", "companies", name, "--dry-run")
        assert result.code == 0, (name, str(result))
        assert "2 rows, 2 distinct pairs; every row is valid; nothing was sent" in result.out
    write(tmp_path / "header_only.csv", "from_id,to_id\n\n")
    result = cli("associate", "a", "b", "header_only.csv", "--base-url", "http://127.0.0.1:9")
    assert result.code == 0 and result.out == "header_only.csv has no pairs: nothing was sent\n"


def test_bad_arguments(hs: FakeHubSpot, cli: Cli, tmp_path: Path) -> None:
    write(tmp_path / "p.csv", "1,100\n")
    bad_rate = run(
        "associate", "contacts", "companies", "p.csv", "--rate-limit", "fast", cwd=tmp_path
    )  # fmt: skip
    assert bad_rate.code == 2, bad_rate
    assert "argument --rate-limit: expected N/SECONDS such as 190/10, or off; got 'fast'" in (
        bad_rate.err
    )
    cases = [
        (["associate", "contacts!", "companies", "p.csv"], "FROM_TYPE must be an object type"),
        (["list", "contacts", "abc", "companies"], "ID must be a string of ASCII digits"),
        (["associate", "contacts", "companies", "p.csv", "--type", "0"], "type id '0' is out of"),
        (["associate", "contacts", "companies", "p.csv", "--type", " "], "must not be empty"),
        (
            ["limits", "set", "contacts", "companies", "279"],
            "expected TYPE=MAX with MAX a positive",
        ),
        (["limits", "list", "contacts"], "limits list takes no object types (all) or two"),
        (["list", "contacts", "1", "companies", "--max-retries", "x"], "--max-retries: expected"),
        (["remove", "a", "b", "p.csv", "--concurrency", "0"], "expected a positive whole number"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required: COMMAND"),
        (["labels"], "the following arguments are required: ACTION"),
    ]
    for args, message in cases:
        result = cli(*args, *at(hs))
        assert result.code == 2 and message in result.err, (args, str(result))
    assert hs.requests == []


# -- the token and errors -----------------------------------------------------------------------


def test_the_token_comes_from_the_environment_or_a_file(tmp_path: Path) -> None:
    with FakeHubSpot(access_token=TOKEN) as hs:
        hs.add_records("contacts", [1])
        write(tmp_path / "token.txt", f"{TOKEN}\n")
        write(tmp_path / "wrong.txt", "pat-na1-not-the-right-one\n")
        # (Every other test takes the token from the environment.)
        from_file, wrong, refused = run_all(
            ["list", "contacts", "1", "companies", "--token-file", "token.txt", *at(hs)],
            ["list", "contacts", "1", "companies", "--token-file", "wrong.txt", *at(hs)],
            ["list", "contacts", "1", "companies", "--token", TOKEN, *at(hs)],
            cwd=tmp_path,
        )
        tokens = sorted(r.headers["authorization"] for r in hs.requests)
    assert from_file.code == 0, from_file
    assert from_file.err == "companies: 0 records associated with contacts 1\n"
    assert wrong.code == 1, wrong
    assert wrong.err.startswith("error: HTTP 401") and len(wrong.err.splitlines()) == 1, wrong
    assert "check the token in HUBSPOT_ACCESS_TOKEN or --token-file" in wrong.err
    assert refused.code == 2 and "there is no --token option" in refused.err, refused
    assert tokens == [f"Bearer {TOKEN}", "Bearer pat-na1-not-the-right-one"]


def test_a_missing_or_unreadable_token(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "empty.txt", "\n")
    write(tmp_path / "spaced.txt", f"{TOKEN} {TOKEN}\n")
    write(tmp_path / "p.csv", "1,2\n")
    result = cli("list", "contacts", "1", "companies", "--frobnicate", TOKEN)
    assert result.code == 2 and "unrecognized arguments: --frobnicate [access token]" in result.err
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN")
    cases = [
        ([], "error: no access token: set HUBSPOT_ACCESS_TOKEN or pass --token-file PATH"),
        (["--token-file", "nope.txt"], "error: cannot read --token-file nope.txt: No such file"),
        (["--token-file", "empty.txt"], "error: --token-file empty.txt is empty"),
        (["--token-file", "spaced.txt"], "access_token must be a single printable word"),
    ]
    for options, message in cases:
        for command in (["list", "contacts", "1", "companies"], ["remove", "a", "b", "p.csv"]):
            result = cli(*command, *options, "--base-url", "http://127.0.0.1:9")
            assert result.code == 2 and message in result.err, (options, str(result))


def test_a_rejected_token_fails_every_pair_and_stops_the_batch(cli: Cli, tmp_path: Path) -> None:
    with FakeHubSpot(access_token="pat-na1-the-real-one") as hs:
        write(tmp_path / "pairs.csv", "".join(f"{i},{i + 1000}\n" for i in range(1, 501)))
        result = cli("associate", "contacts", "companies", "pairs.csv", *at(hs))
        sent = len(hs.requests)
    assert result.code == 1, result
    assert "0 associated, 500 failed" in result.out, result
    assert sent <= 4  # the requests already in flight; then the batch stops
    rows = (tmp_path / "pairs.failures.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 501 and rows[1].startswith("1,1001,1,INVALID_AUTHENTICATION,")
    assert rows[-1].startswith("500,1500,500,INVALID_AUTHENTICATION,")  # in file order


def test_sdk_errors_are_one_line(hs: FakeHubSpot, cli: Cli, tmp_path: Path) -> None:
    not_found = run("labels", "delete", "contacts", "companies", "4242", *at(hs), cwd=tmp_path)
    hs.inject("json_503")
    server_error = cli("labels", "list", "contacts", "companies", *at(hs))
    nowhere = ["--base-url", "http://127.0.0.1:9", "--timeout", "2"]
    no_server = cli("list", "contacts", "1", "companies", *at(hs), *nowhere)
    for result in (not_found, server_error, no_server):
        assert result.code == 1 and len(result.err.splitlines()) == 1, result
        assert result.err.startswith("error: ") and result.out == "", result
    assert not_found.err.startswith("error: HTTP 404 OBJECT_NOT_FOUND: No association type 4242")
    assert server_error.err.startswith("error: HTTP 503"), server_error


def test_the_failures_file_never_holds_the_token(server: ScriptedServer, cli: Cli) -> None:
    # A proxy that echoes the request's headers in its error message: the console hides the
    # token, and so must the failures file.
    echo = {
        "status": "error",
        "message": f"bad request; headers were Authorization: Bearer {TOKEN}",
        "correlationId": "c-1",
        "category": "VALIDATION_ERROR",
    }
    server.reply(400, echo)
    write(Path("pairs.csv"), "1,100\n2,101\n")
    options = ["--base-url", server.url, "--rate-limit", "off", "--max-retries", "0"]
    result = cli("associate", "contacts", "companies", "pairs.csv", *options)
    assert result.code == 1, result
    assert server.received[0].headers["authorization"] == f"Bearer {TOKEN}"
    rows = Path("pairs.failures.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and TOKEN not in "\n".join(rows)
    assert rows[1].endswith("headers were Authorization: Bearer [access token]"), rows


def test_a_short_token_does_not_mangle_the_output(
    hs: FakeHubSpot, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "t" is inside "contacts": only a whole token is hidden, and such a token is flagged.
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "t")
    result = cli("list", "contacts", "1", "companies", *at(hs))
    assert result.code == 0, result
    assert result.err.endswith("companies: 0 records associated with contacts 1\n"), result
    assert "warning: the access token is only 1 character long" in result.err, result
    assert hs.requests[0].headers["authorization"] == "Bearer t"


def test_console_redacts_whole_short_tokens_and_long_tokens_anywhere() -> None:
    out, err = io.StringIO(), io.StringIO()
    console = Console(out, err)
    console.secret("t")
    console.secret(TOKEN)
    console.out("No contacts associated with this record: t-shirts, tt")
    console.out("Authorization: Bearer t; again: (t), 't'")
    console.out(f"echo {TOKEN}, glued:Bearer%20{TOKEN}x")
    assert out.getvalue().splitlines() == [
        "No contacts associated with this record: t-shirts, tt",
        "Authorization: Bearer [access token]; again: ([access token]), '[access token]'",
        "echo [access token], glued:Bearer%20[access token]x",
    ]


@pytest.fixture
def fake_time(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    """No real waiting in the commands run in this process (``cli``): back-offs, pacing."""
    fake = FakeTime()
    monkeypatch.setattr(cli_time, "clock", fake.clock)
    monkeypatch.setattr(cli_time, "sleep", fake.sleep)
    return fake


class ClosingServer:
    """A loopback socket that accepts each connection and closes it at once, counting them: a
    base URL where something listens but nothing answers HTTP."""

    def __init__(self) -> None:
        self.connections = 0
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._socket.getsockname()[1]}"
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return  # closed
            self.connections += 1
            connection.close()

    def __enter__(self) -> ClosingServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._socket.shutdown(socket.SHUT_RDWR)  # wakes the accept() (close() alone does not)
        self._socket.close()
        self._thread.join(5)


def _error_lines(result: Result) -> list[str]:
    return [line for line in result.err.splitlines() if line.startswith("error:")]


def test_a_wrong_base_url_stops_the_job_early(
    cli: Cli, tmp_path: Path, fake_time: FakeTime
) -> None:
    write(tmp_path / "pairs.csv", "".join(f"{i},{i + 10_000}\n" for i in range(1, 3001)))
    retries, concurrency = 2, 4
    options = ["--rate-limit", "off", "--max-retries", str(retries)]
    options += ["--concurrency", str(concurrency)]
    # At most the requests in flight when the first one failed for good, with their retries;
    # not 30 chunks' worth.
    bound = concurrency * (retries + 1)
    with ClosingServer() as server:
        result = cli("associate", "contacts", "companies", "pairs.csv", "--base-url", server.url,
                     *options)  # fmt: skip
    assert result.code == 1, result
    assert 0 < server.connections <= bound, server.connections
    [error] = _error_lines(result)
    assert error.startswith(f"error: no answer from {server.url}: request failed: "), result
    assert error.endswith("3,000 pairs failed (check --base-url and the network)"), result
    assert "0 associated, 3,000 failed" in result.out, result
    assert len(fake_time.sleeps) <= concurrency * retries  # the back-offs, on the fake clock
    fake_time.sleeps.clear()
    # Nothing listening at all: the same, counted from the verbose log.
    with socket.create_server(("127.0.0.1", 0)) as probe:
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = cli("remove", "contacts", "companies", "pairs.csv", "--base-url", closed, "-v",
                 *options)  # fmt: skip
    assert result.code == 1, result
    attempts = [line for line in result.err.splitlines() if "-> ConnectError" in line]
    assert 0 < len(attempts) <= bound, result.err
    [error] = _error_lines(result)
    assert error.startswith(f"error: no answer from {closed}: request failed: ConnectError"), error
    assert len(fake_time.sleeps) <= concurrency * retries


def test_the_progress_line_says_when_the_command_waits_for_the_rate_limit(
    hs: FakeHubSpot, cli: Cli, tmp_path: Path, fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(Console, "err_is_tty", lambda self: True)
    monkeypatch.setenv("COLUMNS", "80")
    pairs = [(contact, company) for contact in range(1, 51) for company in range(100, 104)]
    write(tmp_path / "pairs.csv", "".join(f"{a},{b}\n" for a, b in pairs))
    options = ["--rate-limit", "1/10", "--max-retries", "0", "--base-url", hs.url]
    result = cli("associate", "contacts", "companies", "pairs.csv", *options, "--concurrency", "1")
    assert result.code == 0, result
    frames = result.err.replace("\r", "\n").splitlines()
    waiting = [frame for frame in frames if "waiting 10.2 s for the rate limit" in frame]
    assert waiting and waiting[0].startswith("["), result.err
    assert "100/200" in waiting[0], waiting
    assert max(len(frame) for frame in frames) < 80


def test_verbose_shows_requests_retries_and_waits(
    hs: FakeHubSpot, cli: Cli, tmp_path: Path, fake_time: FakeTime
) -> None:
    write(tmp_path / "pairs.csv", "".join(f"{i},{100 + i}\n" for i in range(1, 51)))
    # One request, refused with a 429, then retried.
    options = ["--rate-limit", "1/10", "--max-retries", "1", "--concurrency", "1"]
    options += ["--base-url", hs.url]
    results = {}
    for flags in ([], ["-v"]):
        hs.inject("rate_limit", times=1)
        results[bool(flags)] = cli("associate", "contacts", "companies", "pairs.csv", *options,
                                   *flags)  # fmt: skip
    quiet, verbose = results[False], results[True]
    for result in (quiet, verbose):
        assert result.code == 0 and "50 associated, 0 failed; 2 requests" in result.out, result
    path = f"/crm/associations/{SUITE_API_VERSION}/contacts/companies/batch/associate/default"
    lines = verbose.err.splitlines()
    assert any(line.startswith(f"* POST {path} -> 429 in ") for line in lines), verbose
    assert any(line.startswith(f"* retrying POST {path} in ") for line in lines), verbose
    assert any(line.endswith("(retry 1, after HTTP 429)") for line in lines), verbose
    assert any(line.startswith(f"* POST {path} -> 200 in ") for line in lines), verbose
    for line in quiet.err.splitlines():
        assert line.startswith("associating: "), quiet  # progress only
    # The same in every command, before or after its name.
    listed = cli("-v", "list", "contacts", "1", "companies", *at(hs))
    assert (
        listed.code == 0
        and f"* GET /crm/objects/{SUITE_API_VERSION}/contacts/1/associations/companies"
        in (listed.err)
    ), listed


def test_verbose_shows_pacing_waits(
    hs: FakeHubSpot, cli: Cli, tmp_path: Path, fake_time: FakeTime
) -> None:
    # Two requests (100 pairs each), paced at one per ten seconds: the second waits. One at a
    # time: on fake time a waiter beside a request still in flight would wake (instantly) again
    # and again until its answer arrives, since the window counts from the answer.
    pairs = [(contact, company) for contact in range(1, 51) for company in range(100, 104)]
    write(tmp_path / "pairs.csv", "".join(f"{a},{b}\n" for a, b in pairs))
    options = ["--rate-limit", "1/10", "--max-retries", "0", "--base-url", hs.url]
    options += ["--concurrency", "1"]
    quiet = cli("associate", "contacts", "companies", "pairs.csv", *options)
    verbose = cli("remove", "contacts", "companies", "pairs.csv", *options, "--verbose")
    for result in (quiet, verbose):
        assert result.code == 0 and "0 failed; 2 requests" in result.out, result
    assert "waiting" not in quiet.err, quiet
    waits = [line for line in verbose.err.splitlines() if " for the rate limit before " in line]
    assert len(waits) == 1 and waits[0].startswith("* waiting 10.2"), verbose
    assert fake_time.sleeps == [pytest.approx(10.2)] * 2  # one wait in each command


def test_rate_limit_store_shares_the_daily_stop(hs: FakeHubSpot, cli: Cli, tmp_path: Path) -> None:
    # Another process of the same app hit the daily quota: this command sends nothing.
    from hubspot_associations._stores import default_key, open_budget

    store = f"sqlite:///{tmp_path / 'budget.db'}"
    write(tmp_path / "pairs.csv", "1,100\n")
    ok = cli(
        "associate", "contacts", "companies", "pairs.csv", *at(hs), "--rate-limit-store", store
    )
    assert ok.code == 0 and len(hs.requests) == 1, ok
    open_budget(store, default_key(TOKEN), None).stop_daily(0.0)
    stopped = cli(
        "associate", "contacts", "companies", "pairs.csv", *at(hs), "--rate-limit-store", store
    )
    assert stopped.code != 0 and "daily request quota" in stopped.out + stopped.err, stopped
    assert len(hs.requests) == 1


# -- what the command line relies on in the SDK, over both clients ------------------------------


def _with_client(
    kind: str, url: str, fake: FakeTime, use: Callable[[Any], Any], **options: Any
) -> Any:
    """``use(client)`` with a sync or an async client on ``fake`` time (awaited if async)."""
    options = {"access_token": TOKEN, "base_url": url, "clock": fake.clock, **options}
    if kind == "sync":
        with Associations(sleep=fake.sleep, **options) as client:
            return use(client)

    async def run_async() -> Any:
        async with AsyncAssociations(sleep=fake.async_sleep, **options) as client:
            return await use(client)

    return asyncio.run(run_async())


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_every_wait_is_logged_as_it_starts(
    kind: str, server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    # A 429, a 503, and the pacing between the attempts: each pause is told, with its reason,
    # before it is slept (this is how the progress line learns of it).
    caplog.set_level(logging.DEBUG, logger="hubspot_associations")
    limited = {"status": "error", "message": "slow down", "errorType": "RATE_LIMIT",
               "correlationId": "c", "policyName": "TEN_SECONDLY_ROLLING"}  # fmt: skip
    server.reply(429, limited)
    server.reply(503, {"status": "error", "message": "busy", "correlationId": "c"})
    server.reply(204)
    fake = FakeTime()
    _with_client(
        kind, server.url, fake, lambda c: c.remove("contacts", 1, "companies", 2),
        max_retries=2, rate_limit=(1, 10.0),
    )  # fmt: skip
    waits = [r.hubspot_wait for r in caplog.records if hasattr(r, "hubspot_wait")]
    assert [wait.seconds for wait in waits] == fake.sleeps
    reasons = [wait.reason for wait in waits]
    assert reasons[0] == RATE_LIMIT and RETRY in reasons, waits  # the 429, then the 503's
    messages = [r.getMessage() for r in caplog.records if hasattr(r, "hubspot_wait")]
    assert "(retry 1, after HTTP 429)" in messages[0] and "(retry 2, after HTTP 503)" in "".join(
        messages
    )
    assert any(" for the rate limit before DELETE " in m for m in messages), messages


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_batch_stops_when_nothing_answers(kind: str) -> None:
    pairs = [(i, i + 10_000) for i in range(1, 3001)]
    fake = FakeTime()
    with ClosingServer() as server:
        report = _with_client(
            kind, server.url, fake,
            lambda c: c.batch.associate_default("contacts", "companies", pairs, concurrency=4),
            max_retries=1, rate_limit=None,
        )  # fmt: skip
    assert len(report.failed) == 3000 and not report.succeeded
    assert {item.error.category for item in report.failed} == {"CONNECTION_ERROR"}
    assert 0 < server.connections <= 4 * 2  # the first requests and their retries, no more


@pytest.mark.parametrize("kind", ["sync", "async"])
def test_a_batch_goes_on_after_a_connection_failure_once_hubspot_answered(
    kind: str, server: ScriptedServer
) -> None:
    answer = {"status": "COMPLETE", "results": [], "startedAt": "2026-03-01T00:00:00Z",
              "completedAt": "2026-03-01T00:00:01Z"}  # fmt: skip
    server.reply(200, answer)
    server.reset()  # a passing fault: the job is not unreachable, it goes on
    server.reply(200, answer)
    pairs = [(i, i + 10_000) for i in range(1, 301)]
    report = _with_client(
        kind, server.url, FakeTime(),
        lambda c: c.batch.associate_default("contacts", "companies", pairs, concurrency=1),
        max_retries=0, rate_limit=None,
    )  # fmt: skip
    assert len(server.received) == 3
    categories = [item.error.category for item in report.failed]
    assert categories.count("CONNECTION_ERROR") == 100 and len(categories) == 300


# -- remove, list, labels, limits ---------------------------------------------------------------


@pytest.mark.usefixtures("api_version")  # on each API version
def test_remove(hs: FakeHubSpot, sdk: Associations, cli: Cli, tmp_path: Path) -> None:
    sdk.batch.associate_default("contacts", "companies", [(1, 100), (2, 101), (3, 102)])
    sdk.batch.associate("contacts", "companies", [(3, 102)], types=[1])
    write(tmp_path / "all.csv", "from_id,to_id\n1,100\n2,101\n")
    write(tmp_path / "primary.csv", "3,102\n")
    plain = run("remove", "contacts", "companies", "all.csv", *at(hs), cwd=tmp_path)
    assert plain.code == 0, plain
    assert plain.out.startswith("all.csv: 2 rows, 2 distinct pairs: 2 removed, 0 failed; 1 req")
    assert plain.err.startswith("removing: 2/2 rows (100%)"), plain
    labels = cli("remove", "contacts", "companies", "primary.csv", "--type", "1", *at(hs))
    assert labels.code == 0 and "1 unlabeled, 0 failed" in labels.out, labels
    assert hs.associations("contacts", 1, "companies") == []
    assert hs.associations("contacts", 2, "companies") == []
    assert hs.associations("contacts", 3, "companies") == [("102", [279])]


@pytest.mark.usefixtures("api_version")  # on each API version
def test_list(hs: FakeHubSpot, sdk: Associations, cli: Cli, tmp_path: Path) -> None:
    sdk.labels.create("contacts", "companies", name="billing", label="Billing contact")
    sdk.batch.associate_default("contacts", "companies", [(1, 100), (1, 101)])
    sdk.associate("contacts", 1, "companies", 101, types=[AssociationType.CONTACT_TO_COMPANY])
    sdk.associate("contacts", 1, "companies", 101, types=[("USER_DEFINED", 100)])
    text, as_json = run_all(
        ["list", "contacts", "1", "companies", *at(hs)],
        ["list", "contacts", "1", "companies", "--json", *at(hs)],
        cwd=tmp_path,
    )
    assert text.code == 0, text
    assert text.out == "100\t279\t\n101\t100,279\tBilling contact\n"
    assert text.err == "companies: 2 records associated with contacts 1\n"
    assert as_json.code == 0, as_json
    assert json.loads(as_json.out) == [
        {
            "toObjectId": "100",
            "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None}],
        },
        {
            "toObjectId": "101",
            "associationTypes": [
                {"category": "USER_DEFINED", "typeId": 100, "label": "Billing contact"},
                {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None},
            ],
        },
    ]
    empty = cli("list", "contacts", "2", "companies", "--json", *at(hs))
    assert empty.code == 0 and json.loads(empty.out) == []


def test_list_json_is_valid_or_empty_when_a_later_page_fails(
    server: ScriptedServer, cli: Cli
) -> None:
    # The first page arrives, the second is refused: a consumer of stdout must never get half a
    # JSON array, only the error on stderr and exit status 1.
    page = {
        "results": [{"toObjectId": 7, "associationTypes": [{"category": "HUBSPOT_DEFINED",
                                                             "typeId": 279}]}],
        "paging": {"next": {"after": "page-2"}},
    }  # fmt: skip
    refused = {"status": "error", "message": "nope", "correlationId": "c", "category": "X"}
    options = ["--base-url", server.url, "--rate-limit", "off", "--max-retries", "0"]
    server.reply(200, page)
    server.reply(400, refused)
    result = cli("list", "contacts", "1", "companies", "--json", *options)
    assert result.code == 1, result
    assert result.out == "", result
    assert result.err.startswith("error: HTTP 400") and len(result.err.splitlines()) == 1, result
    assert len(server.received) == 2


def test_the_command_line_sends_no_cookie_back(server: ScriptedServer, cli: Cli) -> None:
    # As the SDK's own clients: a cookie an answer sets (a CDN's) is not kept for the next page.
    page = {
        "results": [{"toObjectId": 7, "associationTypes": [{"category": "HUBSPOT_DEFINED",
                                                             "typeId": 279}]}],
        "paging": {"next": {"after": "page-2"}},
    }  # fmt: skip
    options = ["--base-url", server.url, "--rate-limit", "off", "--max-retries", "0"]
    server.reply(200, page, headers={"Set-Cookie": "__cf_bm=from-page-1; Path=/"})
    server.reply(200, {"results": []})
    result = cli("list", "contacts", "1", "companies", "--json", *options)
    assert result.code == 0, result
    assert len(json.loads(result.out)) == 1
    assert [r.headers.get("cookie") for r in server.received] == [None, None]


@pytest.mark.usefixtures("api_version")  # on each API version
def test_labels(hs: FakeHubSpot, sdk: Associations, cli: Cli, tmp_path: Path) -> None:
    keep = sdk.labels.create("contacts", "companies", name="keep", label="Keep")[0].type_id
    rename = sdk.labels.create("contacts", "companies", name="old", label="Old")[0].type_id
    drop = sdk.labels.create("contacts", "companies", name="drop", label="Drop")[0].type_id
    create = ["labels", "create", "contacts", "companies", "--name", "billing", "--label"]
    created, listed, renamed, deleted = run_all(
        [*create, "Billing", "--inverse-label", "Billed", *at(hs)],
        ["labels", "list", "contacts", "companies", *at(hs)],
        ["labels", "update", "contacts", "companies", "old", "--label", "New", *at(hs)],
        ["labels", "delete", "contacts", "companies", str(drop), *at(hs)],
        cwd=tmp_path,
    )
    assert created.code == 0, created
    billing, billed = (int(line.split("\t")[0]) for line in created.out.splitlines())
    assert created.out == f"{billing}\tUSER_DEFINED\tBilling\n{billed}\tUSER_DEFINED\tBilled\n"
    assert listed.code == 0 and f"{keep}\tUSER_DEFINED\tKeep\n" in listed.out, listed
    assert "279\tHUBSPOT_DEFINED\t\n" in listed.out, listed
    assert renamed.code == 0, renamed
    assert renamed.out == f"updated label {rename} from contacts to companies: 'New'\n"
    assert deleted.code == 0, deleted
    assert deleted.out == f"deleted label {drop} from contacts to companies\n"
    labels = {s.type_id: s.label for s in sdk.labels.list("contacts", "companies")}
    assert labels[rename] == "New" and drop not in labels and labels[billing] == "Billing"
    as_json = cli("labels", "list", "contacts", "companies", "--json", *at(hs))
    assert {"category": "USER_DEFINED", "typeId": keep, "label": "Keep"} in json.loads(as_json.out)
    made = cli("labels", "create", "contacts", "deals", "--name", "x", "--label", "X", "--json",
               *at(hs))  # fmt: skip
    assert made.code == 0 and [s["label"] for s in json.loads(made.out)] == ["X"], made
    by_category = cli("labels", "delete", "contacts", "deals", "USER_DEFINED:1", *at(hs))
    assert by_category.code == 1 and "HTTP 404" in by_category.err, by_category
    by_name = cli("labels", "delete", "contacts", "companies", "keep", *at(hs))
    assert by_name.code == 0 and by_name.out == f"deleted label {keep} from contacts to companies\n"


@pytest.mark.usefixtures("api_version")  # on each API version
def test_limits(hs: FakeHubSpot, sdk: Associations, cli: Cli, tmp_path: Path) -> None:
    billing = sdk.labels.create("contacts", "companies", name="billing", label="Billing")[0]
    sdk.limits.create("contacts", "companies", [(billing, 2), (279, 9)])
    created, listed, purged = run_all(
        ["limits", "set", "contacts", "companies", "1=5", *at(hs)],
        ["limits", "list", "contacts", "companies", *at(hs)],
        ["limits", "purge", "contacts", "companies", "279", *at(hs)],
        cwd=tmp_path,
    )
    assert created.code == 0, created
    assert created.out == "created limit 5 for type 1 (HUBSPOT_DEFINED)\n"
    assert listed.code == 0, listed
    assert f"{billing.type_id}\tUSER_DEFINED\tBilling\tlimit 2\tmax -\n" in listed.out, listed
    assert purged.code == 0, purged
    assert purged.out == "purged the limit of type 279 (HUBSPOT_DEFINED)\n"
    updated = cli("limits", "set", "contacts", "companies", "billing=3", "1=6", *at(hs))
    assert updated.code == 0, updated
    assert updated.out == (
        f"updated limit 3 for type {billing.type_id} (USER_DEFINED, 'Billing')\n"
        "updated limit 6 for type 1 (HUBSPOT_DEFINED)\n"
    )
    everything = cli("limits", "list", "--json", *at(hs))
    assert everything.code == 0, everything
    limits = {c["typeId"]: c["userEnforcedMaxToObjectIds"] for c in json.loads(everything.out)}
    assert limits[billing.type_id] == 3 and limits[1] == 6 and limits.get(279) is None


def test_help_and_version(cli: Cli, tmp_path: Path) -> None:
    helped = cli("--help")
    assert helped.code == 0 and "associate" in helped.out and "HUBSPOT_ACCESS_TOKEN" in helped.out
    assert "--token-file PATH" in helped.out and "[--token [" not in helped.out
    version = cli("--version")
    assert version.code == 0 and version.out.startswith("hubspot-associations ")
    for command in (["associate"], ["remove"], ["list"], ["labels", "create"], ["limits", "set"]):
        result = cli(*command, "--help")
        assert result.code == 0 and "--rate-limit N/SECONDS" in result.out, command


# -- in-process: output -------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_on_a_terminal_redraws_one_line() -> None:
    err = io.StringIO()
    clock = Clock()
    console = Console(io.StringIO(), err)
    progress = Progress(console, "associating", 300, tty=True, clock=clock, columns=lambda: 120)
    for done in (100, 200, 300):
        clock.now += 1
        progress(done, 300)
    progress.finish()
    text = err.getvalue()
    assert text.count("\n") == 1 and text.endswith("\n")
    frames = text.rstrip("\n").split("\r")[1:]
    # The time elapsed, and the time left at the rate so far.
    assert frames[0] == (
        "[#########--------------------] associating: 100/300 rows (33%), 1.0 s, 2 s left"
    )
    assert frames[1] == (
        "[###################----------] associating: 200/300 rows (66%), 2.0 s, 1 s left"
    )
    assert frames[-1].rstrip() == (
        "[#############################] associating: 300/300 rows (100%), 3.0 s"
    )
    assert console.progress is None  # finished: no longer told of waits


@pytest.mark.parametrize("width", [40, 80])
def test_progress_fits_the_terminal_and_says_what_it_waits_for(
    width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    err = io.StringIO()
    clock = Clock()
    progress = Progress(
        Console(io.StringIO(), err), "associating", 1_000_000, tty=True, clock=clock
    )
    seen = []

    def frame() -> str:
        # The line as it stands now: the text after the last carriage return.
        text = err.getvalue().rsplit("\r", 1)[-1].rstrip()
        seen.append(text)
        return text

    for done in range(0, 500_001, 100):
        clock.now += 0.1
        progress(done, 1_000_000)
    assert "500,000/1,000,000" in frame() and "50%" in frame() and "left" in frame()
    # A 429 (or the pacing) holds every request: no chunk finishes, yet the line keeps moving.
    progress.waiting(8.2, RATE_LIMIT)
    clock.now += 0.5
    progress.tick()
    assert "waiting 7.7 s for the rate limit" in frame()
    clock.now += 3.0
    progress.tick()
    assert "waiting 4.7 s for the rate limit" in frame()
    clock.now += 5.0
    progress.tick()
    assert "waiting" not in frame() and "left" in frame()
    progress.waiting(2.0, RETRY)
    clock.now += 1.0
    progress.tick()
    assert "retrying in 1.0 s" in frame() or "waiting 1.0 s" in frame()
    for done in (600_000, 700_000, 800_000, 900_000, 1_000_000):
        clock.now += 10
        progress(done, 1_000_000)
        frame()
    progress.finish()
    lines = err.getvalue().replace("\r", "\n").splitlines()
    assert len(lines) > 1_000
    assert max(len(line) for line in lines) < width
    assert "1,000,000/1,000,000" in seen[-1] and "left" not in seen[-1]


def test_progress_shows_the_time_left_in_minutes_and_hours() -> None:
    err = io.StringIO()
    clock = Clock()
    progress = Progress(Console(io.StringIO(), err), "removing", 1000, tty=False, clock=clock)
    clock.now = 100.0
    progress(100, 1000)  # 100 s for a tenth: 900 s left
    clock.now = 4000.0
    progress(200, 1000)  # 4,000 s for a fifth: 16,000 s left
    assert err.getvalue().splitlines() == [
        "removing: 100/1,000 rows (10%), 1:40, 15:00 left",
        "removing: 200/1,000 rows (20%), 1:06:40, 4:26:40 left",
    ]


def test_a_message_goes_above_the_live_line() -> None:
    err = io.StringIO()
    console = Console(io.StringIO(), err)
    progress = Progress(console, "removing", 10, tty=True, clock=Clock(), columns=lambda: 60)
    progress(5, 10)
    console.err("retrying POST /x in 1.00 s")
    progress.finish()
    lines = err.getvalue().split("\n")
    assert lines[0].endswith("\rretrying POST /x in 1.00 s") and lines[0].strip("\r ").startswith(
        "[####"
    )
    assert lines[1].split("\r")[0].startswith("[#####") and lines[2] == ""


def test_progress_elsewhere_prints_a_line_per_tenth() -> None:
    err = io.StringIO()
    progress = Progress(Console(io.StringIO(), err), "removing", 1000, tty=False, clock=Clock())
    for done in range(100, 1001, 50):
        progress(done, 1000)
    progress.finish()
    lines = err.getvalue().splitlines()
    assert len(lines) == 10 and "\r" not in err.getvalue()
    assert lines[0] == "removing: 100/1,000 rows (10%), 0.0 s"
    assert lines[-1] == "removing: 1,000/1,000 rows (100%), 0.0 s"


def test_console_redacts_secrets() -> None:
    out, err = io.StringIO(), io.StringIO()
    console = Console(out, err)
    console.secret(TOKEN)
    console.out(f"echo {TOKEN}")
    console.error(f"proxy said Bearer {TOKEN}")
    assert out.getvalue() == "echo [access token]\n"
    assert err.getvalue() == "error: proxy said Bearer [access token]\n"
