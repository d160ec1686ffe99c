"""Long jobs: the command line linking 1,000,000 pairs, with and without a journal.

``python benchmarks/long_jobs.py [--pairs N]`` writes a CSV of N pairs, starts FakeHubSpot in its
own process (no pacing, requests not kept), runs ``hubspot-associations associate`` on the file in
a fresh process, once without and once with ``--journal``, and reports each run's peak RSS (the
command's own, read from ``getrusage`` as it ends) and pairs per second. The target: at most
150 MB with the journal. Figures go to benchmarks/results/long_jobs.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "long_jobs.json"
TOKEN = "pat-na1-long-jobs-benchmark"
TARGET_MB = 150

# The command line, in a fresh process, saying its own peak RSS (KiB on Linux) when it ends.
COMMAND = """
import resource, sys
from hubspot_associations.cli import main
code = main(sys.argv[1:])
print("maxrss_kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


class Fake:
    """FakeHubSpot in its own process, with records 1..n of contacts and companies."""

    def __init__(self, n: int) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "hubspot_associations.testing",
                "--no-record-requests",
                "--records",
                f"contacts:1-{n}",
                f"companies:1-{n}",
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().strip()

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def one_run(csv: Path, n: int, journal: Path | None) -> dict[str, Any]:
    fake = Fake(n)
    try:
        args = [
            *("associate", "contacts", "companies", str(csv)),
            *("--base-url", fake.url, "--rate-limit", "off", "--max-retries", "0"),
        ]
        if journal is not None:
            args += ["--journal", str(journal)]
        env = {**os.environ, "HUBSPOT_ACCESS_TOKEN": TOKEN}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COMMAND, *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
    finally:
        fake.close()
    if done.returncode != 0:
        raise RuntimeError(f"the command failed:\n{done.stdout}\n{done.stderr[-2000:]}")
    rss = [line for line in done.stderr.splitlines() if line.startswith("maxrss_kib")]
    peak_mb = int(rss[-1].split()[1]) / 1024
    return {
        "journal": journal is not None,
        "pairs": n,
        "seconds": round(seconds, 1),
        "pairs_per_second": round(n / seconds),
        "peak_rss_mb": round(peak_mb, 1),
        "summary": done.stdout.strip().splitlines()[0],
    }


def run(n: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as folder:
        csv = Path(folder) / "pairs.csv"
        with open(csv, "w", encoding="ascii") as out:
            for i in range(1, n + 1):
                out.write(f"{i},{i}\n")
        return [one_run(csv, n, None), one_run(csv, n, Path(folder) / "job.sqlite")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pairs", type=int, default=1_000_000)
    n = parser.parse_args().pairs
    results = run(n)
    for result in results:
        label = "with journal   " if result["journal"] else "without journal"
        print(
            f"{label}: {result['pairs']:,} pairs in {result['seconds']} s = "
            f"{result['pairs_per_second']:,} pairs/s, peak RSS {result['peak_rss_mb']} MB"
        )
    journaled = results[1]["peak_rss_mb"]
    verdict = "meets" if journaled <= TARGET_MB else "MISSES"
    print(f"with journal: {journaled} MB peak RSS {verdict} the {TARGET_MB} MB target")
    RESULTS.parent.mkdir(exist_ok=True)
    figures = {"python": platform.python_version(), "target_mb": TARGET_MB, "runs": results}
    RESULTS.write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if journaled <= TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
