"""Many workers, one app budget: 429 share and wall time against the bound.

``python benchmarks/budget.py [--quick]`` (part of ``make bench``). One FakeHubSpot in its own
process (server.py) enforces a scaled window, 20 requests per second for the app (HubSpot's
190/10 s ten times shorter, near enough). 1, 4 and 16 worker processes, each an
``Associations(rate_limit=(20, 1.0))`` running ``batch.associate_default`` (chunks of 25), share
the job of 80 requests: each pacing alone (no store), or sharing ``rate_limit_store`` (SQLite,
or Redis: a real redis-server on loopback, found or installed by tests/redis_server.py). Then
one process, ``AsyncAssociations`` with 100 tasks each associating one pair, without a store
and with each store.

Reported per run: the share of requests answered 429 (HubSpot's certification ceiling is 5%;
the target is 1%), and the wall time (from a common start, given once every worker is ready,
to the last worker's end) against the bound, total requests / rate. Writes results/budget.json
with the Redis server's version and the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from redis_server import RedisServer  # noqa: E402  (tests/redis_server.py: standard library)

RESULTS = HERE / "results"
RATE = (20, 1.0)
TOTAL_REQUESTS = 80
CHUNK = 25
TOKEN = "pat-na1-budget-benchmark"

WORKER = (
    textwrap.dedent(
        """
    import json, sys, time
    import httpx
    from hubspot_associations import Associations

    url, store, first, count = sys.argv[1:5]
    first, count = int(first), int(count)
    codes = []
    http = httpx.Client(event_hooks={"response": [lambda r: codes.append(r.status_code)]})
    client = Associations(
        access_token=TOKEN, base_url=url, rate_limit=RATE, http_client=http,
        rate_limit_store=store or None,
    )
    pairs = [(contact, 1) for contact in range(first, first + count)]
    print("ready", flush=True)
    start = float(sys.stdin.readline())  # when every worker is ready: all start together
    ready = time.time()
    time.sleep(max(0.0, start - ready))
    report = client.batch.associate_default("contacts", "companies", pairs, chunk_size=CHUNK)
    print(json.dumps({"end": time.time(), "ready": ready, "codes": codes,
                      "failed": len(report.failed)}))
    """
    )
    .replace("TOKEN", repr(TOKEN))
    .replace("RATE", repr(RATE))
    .replace("CHUNK", str(CHUNK))
)

ASYNC_WORKER = (
    textwrap.dedent(
        """
    import asyncio, json, sys, time
    import httpx
    from hubspot_associations import AsyncAssociations

    url, tasks, store = sys.argv[1], int(sys.argv[2]), sys.argv[3]

    async def main():
        codes = []
        async def hook(response):
            codes.append(response.status_code)
        http = httpx.AsyncClient(event_hooks={"response": [hook]})
        async with AsyncAssociations(
            access_token=TOKEN, base_url=url, rate_limit=RATE, http_client=http,
            rate_limit_store=store or None,
        ) as client:
            started = time.time()
            await asyncio.gather(*(
                client.associate_default("contacts", n, "companies", 2)
                for n in range(1, tasks + 1)
            ))
            took = time.time() - started
        await http.aclose()
        print(json.dumps({"took": took, "codes": codes}))

    asyncio.run(main())
    """
    )
    .replace("TOKEN", repr(TOKEN))
    .replace("RATE", repr(RATE))
)


def start_server() -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen(
        [sys.executable, str(HERE / "server.py"), "--rate-limit", f"{RATE[0]}/{RATE[1]:g}"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    return server, server.stdout.readline().strip()


def run_workers(url: str, workers: int, store: str) -> dict[str, Any]:
    per_worker = TOTAL_REQUESTS // workers * CHUNK

    def worker_args(n: int) -> list[str]:
        return [str(1 + n * per_worker), str(per_worker)]

    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, url, store, *worker_args(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(workers)
    ]
    for process in processes:  # every interpreter started and its client made
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    start = time.time() + 0.2
    for process in processes:
        assert process.stdin is not None
        process.stdin.write(f"{start!r}\n")
        process.stdin.flush()
    outputs = [json.loads(p.communicate(timeout=600)[0]) for p in processes]
    codes = [code for out in outputs for code in out["codes"]]
    wall = max(out["end"] for out in outputs) - start
    late = max(0.0, max(out["ready"] for out in outputs) - start)
    row = summary(codes, wall, TOTAL_REQUESTS, sum(out["failed"] for out in outputs))
    row["late_start"] = late  # a worker that read the signal late: wall includes it
    return row


def summary(codes: list[int], wall: float, requests: int, failed: int) -> dict[str, Any]:
    bound = requests / (RATE[0] / RATE[1])
    limited = codes.count(429)
    return {
        "requests": len(codes),
        "429": limited,
        "share_429": limited / len(codes),
        "wall": wall,
        "bound": bound,
        "wall_over_bound": wall / bound,
        "failed": failed,
    }


def redis_unavailable(url: str) -> str | None:
    """Why this SDK cannot use the Redis store at ``url`` (None when it can)."""
    from hubspot_associations import Associations

    try:
        Associations(access_token=TOKEN, rate_limit=RATE, rate_limit_store=url).close()
    except (ValueError, ImportError) as exc:
        return str(exc)
    return None


def store_steps(redis: RedisServer) -> int:
    """Budget steps (script runs) the Redis server served since the last CONFIG RESETSTAT."""
    stats = redis.command("INFO", "commandstats")
    assert isinstance(stats, str)
    return sum(
        int(line.split("calls=", 1)[1].split(",", 1)[0])
        for line in stats.splitlines()
        if line.startswith(("cmdstat_evalsha:", "cmdstat_eval:"))
    )


def run_async(url: str, store: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", ASYNC_WORKER, url, "100", store],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    return summary(result["codes"], result["took"], 100, 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 4 workers only")
    args = parser.parse_args()
    load_before = os.getloadavg()
    server, url = start_server()
    rows: list[dict[str, Any]] = []
    redis = RedisServer()
    skip_redis: str | None = None
    try:
        redis.start()
        print(f"Redis server {redis.version} ({redis.binary.origin if redis.binary else ''})")
        skip_redis = redis_unavailable(redis.url)
        if skip_redis:
            print(f"Redis store not measured: {skip_redis}")
        with tempfile.TemporaryDirectory() as tmp:

            def store_url(kind: str, number: int) -> str:
                if kind == "redis":
                    redis.flushdb()  # a budget of its own: no ledger left by the run before
                    redis.command("CONFIG", "RESETSTAT")
                    return redis.url
                if kind == "sqlite":
                    return f"sqlite:///{Path(tmp) / f'budget-{number}.db'}"
                return ""

            sync_runs = [(n, kind) for kind in ("", "sqlite", "redis") for n in (1, 4, 16)]
            async_stores = ["", "sqlite", "redis"]
            if args.quick:
                sync_runs = [(1, ""), (4, ""), (4, "sqlite"), (4, "redis")]
                async_stores = ["", "redis"]
            if skip_redis:
                sync_runs = [run for run in sync_runs if run[1] != "redis"]
                async_stores = [kind for kind in async_stores if kind != "redis"]
            for number, (workers, kind) in enumerate(sync_runs):
                time.sleep(RATE[1] * 1.5)  # the previous run's window empties
                row = {"client": "sync", "workers": workers, "store": kind or "none"}
                row.update(run_workers(url, workers, store_url(kind, number)))
                if kind == "redis":
                    row["store_steps"] = store_steps(redis)
                rows.append(row)
                print_row(row)
            for number, kind in enumerate(async_stores, start=len(sync_runs)):
                time.sleep(RATE[1] * 1.5)
                row = {"client": "async, 100 tasks", "workers": 1, "store": kind or "none"}
                row.update(run_async(url, store_url(kind, number)))
                if kind == "redis":
                    row["store_steps"] = store_steps(redis)
                rows.append(row)
                print_row(row)
    finally:
        redis.stop()
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=10)
    load_after = os.getloadavg()
    print(f"load average {load_before[0]:.2f} before, {load_after[0]:.2f} after (1 min)")
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": load_after,
        },
        "redis_server": redis.version,
        "redis_store": "not measured: " + skip_redis if skip_redis else "measured",
        "rows": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "budget.json").write_text(json.dumps(results, indent=2) + "\n")
    return 0


HEADER = f"{'client':<17} {'workers':>7} {'store':<7} {'requests':>8} {'429':>4} {'share':>6} "
HEADER += f"{'wall s':>7} {'bound s':>7} {'wall/bound':>10} {'late start s':>12} "
HEADER += f"{'store steps':>11}"


def print_row(row: dict[str, Any]) -> None:
    if not getattr(print_row, "header", False):
        print(f"rate {RATE[0]}/{RATE[1]:g}s, {TOTAL_REQUESTS} requests of {CHUNK} pairs per run")
        print(HEADER)
        print_row.header = True  # type: ignore[attr-defined]
    print(
        f"{row['client']:<17} {row['workers']:>7} {row['store']:<7} {row['requests']:>8} "
        f"{row['429']:>4} {row['share_429']:>6.1%} {row['wall']:>7.2f} {row['bound']:>7.2f} "
        f"{row['wall_over_bound']:>10.2f} {row.get('late_start', 0.0):>12.2f} "
        f"{row.get('store_steps', ''):>11}",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
