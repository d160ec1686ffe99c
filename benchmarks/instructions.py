"""Instructions per unit of work, counted by valgrind's callgrind: steady where CPU time is not.

    python benchmarks/instructions.py [--only seed|list|read] [--clients httpx,hubspot-associations]

On this shared machine the CPU time of the same calls moves by 5-20% between runs; the count of
instructions the client process executes moves by ~0.1%. For each client and unit the work
runs twice in a fresh process under callgrind (the server in its own process, not counted),
once with the measured part and once without it, after the same warm-up; the difference divided
by the units is what one unit costs: a seed call (300 after 200 warm-up calls), a listed record
(100,000, one record's every association), a batch-read id (10,000, chunks of 1,000).

Needs ``valgrind`` on PATH (Debian: ``apt-get install valgrind``). Takes 2-4 minutes.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
UNITS = {"seed": 300, "list": 100_000, "read": 10_000}
LABELS = {"seed": "seed call, sync", "list": "listed record", "read": "batch-read id"}


def work(unit: str, client: str, measured: bool) -> None:
    """The process callgrind counts: the server, the warm-up, and the measured part if asked."""
    sys.path.insert(0, str(HERE))
    import clients
    from server import LIST_RECORD

    server = subprocess.Popen(
        [sys.executable, str(HERE / "server.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None and server.stdin is not None
    url = server.stdout.readline().strip()
    try:
        if unit == "seed":
            call, close = clients.sync_seed(client, url)
            for _ in range(200):
                call()
            for _ in range(UNITS[unit] if measured else 0):
                call()
            close()
        else:
            if unit == "list":
                run, warm = clients.list_all(client, url, LIST_RECORD)
            else:
                run, warm = clients.batch_read_all(client, url, range(1, UNITS[unit] + 1))
            warm()
            if measured:
                run()
    finally:
        server.stdin.close()
        server.wait()


def count(unit: str, client: str, measured: bool) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                __file__,
                "--work",
                unit,
                client,
                "1" if measured else "0",
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
        match = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        if match is None:
            raise RuntimeError(f"no instruction total in callgrind's output for {client} {unit}")
        return int(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(UNITS))
    parser.add_argument("--clients", default="httpx,hubspot-associations")
    parser.add_argument("--work", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        unit, client, measured = args.work
        work(unit, client, measured == "1")
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not on PATH (Debian: apt-get install valgrind)")
    names = args.clients.split(",")
    print(f"| instructions per unit | {' | '.join(names)} |")
    print(f"|---|{'---|' * len(names)}")
    for unit in args.only or list(UNITS):
        cells = []
        base = None
        for client in names:
            per = (count(unit, client, True) - count(unit, client, False)) / UNITS[unit]
            base = base or per
            cells.append(f"{per / 1000:,.1f}k ({per / base:.3f}x)")
        print(f"| {LABELS[unit]} | {' | '.join(cells)} |", flush=True)


if __name__ == "__main__":
    main()
