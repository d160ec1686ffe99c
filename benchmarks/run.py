"""``make bench``: this SDK side by side with raw httpx and HubSpot's own Python SDKs.

One loopback server (FakeHubSpot in its own process, see server.py) answers every client; every
measurement runs in a fresh process (worker.py). Prints one table, ratios to raw httpx, and
writes the figures to benchmarks/results/latest.json.

Options: ``--quick`` for fewer repetitions (a smoke run), ``--only NAME`` (repeatable) to skip
sections: cold, cpu, async, list, bulk; ``--no-bytecode`` for cold starts that compile every
package from source (see ``cold_env``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from clients import (  # noqa: E402
    ASYNC_CLIENTS,
    ASYNC_LIST_CLIENTS,
    CLIENTS,
    COLD_START,
    FLOOR,
    READ_CLIENTS,
    TOKEN,
)

RESULTS = HERE / "results"
BASELINE = "httpx"
OURS = "hubspot-associations"
SHORT = {
    "httpx": "raw httpx",
    "hubspot-associations": "us",
    "hubspot-sdk": "hubspot-sdk",
    "hubspot-api-client": "hubspot-api-client",
}
SECTIONS = ("cold", "cpu", "async", "list", "bulk")


def worker(
    *args: object, timeout: float = 300, env: dict[str, str] | None = None
) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, str(HERE / "worker.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=HERE,
        check=False,
        env=env,
    )
    if out.returncode != 0:
        raise RuntimeError(f"worker {args[:2]} failed:\n{out.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1].replace("'", '"'))
    return result


class Server:
    """benchmarks/server.py in a child process; its stdin closing stops it."""

    def __init__(self, *args: str) -> None:
        self.args = args

    def __enter__(self) -> str:
        self.proc = subprocess.Popen(
            [sys.executable, str(HERE / "server.py"), *self.args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout is not None
        url = self.proc.stdout.readline().strip()
        if not url.startswith("http://"):
            self.proc.kill()
            raise RuntimeError("the benchmark server did not start")
        return url

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def progress(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


def median_of(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(run[key] for run in runs)


def cold_env(bytecode: bool) -> dict[str, str]:
    """The environment of the cold-start processes.

    With ``bytecode`` (the default), as after ``pip install``, which compiles every module: the
    untimed first run of each client writes the bytecode of what it loads. PYTHONDONTWRITEBYTECODE
    (which this machine's shells and many containers set) is dropped for that: with it nothing
    is ever written, and every timed run compiled every module of httpx, attrs, the SDKs and
    this project from source (the figures before 2026-12 were measured that way).

    Without (``--no-bytecode``), as an install that compiles nothing (uv's default) run with
    PYTHONDONTWRITEBYTECODE: the bytecode of the bench environment's packages and of this
    project is deleted and none is written, so every run compiles them from source (the
    standard library keeps its own, as it does on any installed Python).
    """
    env = dict(os.environ)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        return env
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if sys.prefix == sys.base_prefix:
        raise SystemExit("--no-bytecode deletes bytecode: run it in the bench environment")
    for folder in (
        sysconfig.get_paths()["purelib"],
        HERE.parent / "wrapper",
        HERE.parent / "generated",
    ):
        for cache in sorted(Path(folder).rglob("__pycache__")):
            shutil.rmtree(cache, ignore_errors=True)
    return env


def bench_cold(url: str, rounds: int, bytecode: bool = True) -> dict[str, Any]:
    """Import + construct, and + first seed call: median of ``rounds`` fresh processes each."""
    env = cold_env(bytecode)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in CLIENTS}
    for name in CLIENTS:  # one untimed run each: writes the bytecode (see cold_env)
        worker("cold", name, url, TOKEN, *COLD_START[name], env=env)
    for i in range(rounds):  # interleaved, so drift in machine load hits every client alike
        progress(f"cold start, round {i + 1}/{rounds}")
        for name in CLIENTS:
            runs[name].append(worker("cold", name, url, TOKEN, *COLD_START[name], env=env))
    base = runs[BASELINE]

    def paired_delta(r: list[dict[str, Any]], key: str) -> float:
        # Each round's processes ran back to back: their difference drifts less than either.
        return statistics.median(mine[key] - raw[key] for mine, raw in zip(r, base, strict=True))

    return {
        "bytecode": bytecode,
        **{
            name: {
                "construct_ms": median_of(r, "construct_ms"),
                "first_call_ms": median_of(r, "first_call_ms"),
                "paired_delta_construct_ms": paired_delta(r, "construct_ms"),
                "paired_delta_first_call_ms": paired_delta(r, "first_call_ms"),
                "paired_delta_construct_cpu_ms": paired_delta(r, "construct_cpu_ms"),
                "paired_delta_first_call_cpu_ms": paired_delta(r, "first_call_cpu_ms"),
                "runs": r,
            }
            for name, r in runs.items()
        },
    }


def bench_calls(url: str, mode: str, names: tuple[str, ...], rounds: int, processes: int) -> Any:
    """Per-call CPU: each client in a process of its own with raw httpx beside it, the two in
    alternating blocks (see worker.py); ``processes`` such processes per client, medians."""
    base = names[0]
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for i in range(processes):
        for name in names[1:]:
            progress(f"{mode}: {name} beside raw httpx, process {i + 1}/{processes}")
            pair = worker(mode, f"{base},{name}", url, rounds)
            runs[base].append(pair[base])
            runs[name].append(pair[name])
    return {
        name: {
            "cpu_us": median_of(r, "cpu_us"),
            "best_cpu_us": min(run["best_block_cpu_us"] for run in r),
            "paired_ratio": median_of(r, "paired_ratio"),
            "calls_per_process": r[0]["calls"],
            "runs": r,
        }
        for name, r in runs.items()
    }


def bench_list(url: str, rounds: int) -> dict[str, dict[str, Any]]:
    """Listing 100,000 associations (sync, then asyncio) and a batch read of 100,000 ids: each
    client in a process with raw httpx beside it, alternating, ``rounds`` runs each (worker.py);
    then each client once in a process of its own for its peak-RSS growth. Raw httpx's times
    are those of its first pairing (its process with this SDK).

    This SDK's listings alternate with a third: raw httpx reading each page through the
    generated models (``httpx-models``), the floor of a client that reads responses as this
    SDK must, which the listing target is also taken to (benchmarks/README.md)."""
    out: dict[str, dict[str, Any]] = {}
    for mode, names in (("list", CLIENTS), ("alist", ASYNC_LIST_CLIENTS), ("read", READ_CLIENTS)):
        section: dict[str, Any] = {}
        for name in names[1:]:
            progress(f"{LIST_LABELS[mode]}: {name} beside raw httpx")
            floor = [FLOOR] if name == OURS and mode in ("list", "alist") else []
            pair = worker(mode, ",".join([BASELINE, *floor, name]), url, rounds, timeout=900)
            section.setdefault(BASELINE, pair[BASELINE])
            section[name] = pair[name]
            for extra in floor:
                section[extra] = pair[extra]
        # Peak-RSS growth from a process of each client's own: in a shared one, a run reuses
        # the memory the other client's run freed (a batch read keeps what it read: ~100 MB of
        # JSON for raw httpx), and its growth would read as nothing.
        for name in names:
            progress(f"{LIST_LABELS[mode]}: {name} alone, for its memory")
            alone = worker(mode, name, url, 1, timeout=900)[name]
            section[name]["rss_growth_mb_shared_process"] = section[name]["rss_growth_mb"]
            section[name]["rss_growth_mb"] = alone["rss_growth_mb"]
        out[mode] = section
    return out


LIST_LABELS = {
    "list": "list 100k associations",
    "alist": "list 100k, asyncio",
    "read": "batch.read 100k ids",
}


def bench_bulk() -> dict[str, Any]:
    """10,000 pairs under bulk.py's scaled window, on a second instance of the same server
    that enforces that window (the other sections need it unlimited).

    First bulk.py's own measurement of this SDK (``run(base_url)``, its chunk size), then every
    client with chunks of 100 (this SDK through bulk.py's ``measure`` with ``chunk_size=100``).
    Each run starts on a fresh window; the server counts the requests and 429s it answered.
    """
    if not (HERE / "bulk.py").exists():
        return {"skipped": "benchmarks/bulk.py does not exist yet"}
    import bulk

    if not hasattr(bulk, "run"):
        return {"skipped": "benchmarks/bulk.py has no run(base_url) function"}
    max_requests, window = bulk.RATE
    out: dict[str, Any] = {"rate_limit": [max_requests, window], "pairs": bulk.PAIRS}
    with Server("--rate-limit", f"{max_requests}/{window}") as url:

        def measured(label: str, fn: Callable[[], dict[str, Any]]) -> dict[str, Any]:
            time.sleep(window * 1.1)  # a fresh window for everyone
            before = server_stats(url)
            progress(f"bulk: {label}")
            result = fn()
            after = server_stats(url)
            result["server_requests"] = after["requests"] - before["requests"] - 1
            result["server_429s"] = after["rate_limited"] - before["rate_limited"]
            return result

        out["bulk.py"] = measured("benchmarks/bulk.py run()", lambda: dict(bulk.run(url)))
        for name in CLIENTS:
            chunked = lambda n=name: worker("bulk", n, url, 100)  # noqa: E731
            out[name] = measured(f"{name}, chunks of 100", chunked)
    return out


def server_stats(url: str) -> dict[str, int]:
    import urllib.request

    request = urllib.request.Request(
        url + "/__bench/stats", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        stats: dict[str, int] = json.load(answer)
    return stats


# -- the table ------------------------------------------------------------------------------


def ratio_cell(value: float | None, base: float | None, fmt: str) -> str:
    if value is None:
        return "n/a"
    text = fmt.format(value)
    if base:
        text += f" ({value / base:.2f}x)"
    return text


def table(results: dict[str, Any]) -> str:
    rows: list[tuple[str, dict[str, str]]] = []

    def add(label: str, section: str, key: str, fmt: str) -> None:
        data = results.get(section)
        if not data or "skipped" in data:
            return
        base = data.get(BASELINE, {}).get(key)
        rows.append((label, {n: ratio_cell(data.get(n, {}).get(key), base, fmt) for n in CLIENTS}))

    def paired(label: str, section: str) -> None:
        data = results.get(section)
        if data:
            cells = {n: f"{data[n]['paired_ratio']:.2f}x" if n in data else "n/a" for n in CLIENTS}
            rows.append((label, cells))

    add("cold: import + construct", "cold", "construct_ms", "{:.0f} ms")
    add("cold: + first seed call", "cold", "first_call_ms", "{:.0f} ms")
    add("CPU per seed call (sync)", "cpu", "cpu_us", "{:.0f} us")
    paired("  same, median of paired blocks", "cpu")
    add("  same, cheapest 200-call block", "cpu", "best_cpu_us", "{:.0f} us")
    add("CPU per seed call (async, 50 tasks)", "async", "cpu_us", "{:.0f} us")
    paired("  same, median of paired blocks", "async")
    listing = results.get("list") or {}
    for mode, label in LIST_LABELS.items():
        data = listing.get(mode)
        if not data:
            continue

        def cell(name: str, key: str, fmt: str, data: dict[str, Any] = data) -> str:
            return fmt.format(data[name][key]) if name in data else "n/a"

        rows.append(
            (
                f"{label}: time",
                {
                    n: cell(n, "seconds", "{:.2f} s") + f" ({data[n]['paired_ratio']:.2f}x)"
                    if n in data
                    else "n/a"
                    for n in CLIENTS
                },
            )
        )
        rows.append(
            (
                "  same, client CPU",
                {
                    n: cell(n, "cpu_seconds", "{:.2f} s") + f" ({data[n]['paired_cpu_ratio']:.2f}x)"
                    if n in data
                    else "n/a"
                    for n in CLIENTS
                },
            )
        )
        rows.append(
            ("  same, peak RSS growth", {n: cell(n, "rss_growth_mb", "{:.1f} MB") for n in CLIENTS})
        )
    bulk = results.get("bulk") or {}
    if bulk and "skipped" not in bulk:
        add("bulk 10k pairs, chunks of 100: time", "bulk", "seconds", "{:.2f} s")
        rows.append(
            (
                "bulk: 429s the server answered",
                {n: str(bulk.get(n, {}).get("server_429s", "n/a")) for n in CLIENTS},
            )
        )
        own = bulk.get("bulk.py", {}).get("hubspot-associations", {})
        if own:
            cells = {n: "-" for n in CLIENTS}
            cells["hubspot-associations"] = (
                f"{own['seconds']:.2f} s, bound/wall {own['ratio_bound_to_wall']:.3f}"
            )
            rows.append((f"bulk.py (chunks of {own['chunk_size']}, paced)", cells))
    header = ["benchmark", *(SHORT[n] for n in CLIENTS)]
    widths = [max(len(header[0]), *(len(r[0]) for r in rows))]
    widths += [
        max(len(SHORT[n]), *(len(r[1][n]) for r in rows)) if rows else len(SHORT[n])
        for n in CLIENTS
    ]
    lines = [
        "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for label, cells in rows:
        values = [label, *(cells[n] for n in CLIENTS)]
        lines.append(
            "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)) + " |"
        )
    return "\n".join(lines)


def targets(results: dict[str, Any]) -> list[str]:
    """This SDK's targets, checked against the figures (reported, never enforced)."""
    ours, base = OURS, BASELINE
    out = []
    cold = results.get("cold")
    if cold:
        compiled = "" if cold.get("bytecode", True) else ", every package compiled from source"
        for label, key, target in (
            ("import+construct", "construct_ms", 15),
            ("+first call", "first_call_ms", 40),
        ):
            medians = cold[ours][key] - cold[base][key]
            paired = cold[ours][f"paired_delta_{key}"]
            cpu = cold[ours].get(f"paired_delta_{key.replace('_ms', '_cpu_ms')}")
            cpu_text = "" if cpu is None else f"; CPU time {cpu:+.0f} ms"
            out.append(
                f"{label}: raw httpx {paired:+.0f} ms (median of per-round differences;"
                f" {medians:+.0f} ms between the medians{compiled}{cpu_text})"
                f" (target <= +{target} ms)"
            )
    cpu = results.get("cpu")
    if cpu:
        r = cpu[ours]["cpu_us"] / cpu[base]["cpu_us"]
        out.append(
            f"CPU per call: {cpu[ours]['paired_ratio']:.2f}x raw httpx in paired blocks,"
            f" {r:.2f}x of the totals (target <= 1.05x)"
        )
    concurrent = results.get("async")
    if concurrent:
        r = concurrent[ours]["cpu_us"] / concurrent[base]["cpu_us"]
        out.append(
            f"CPU per call, 50 asyncio tasks: {concurrent[ours]['paired_ratio']:.2f}x raw httpx in"
            f" paired blocks, {r:.2f}x of the totals (target <= 1.05x)"
        )
    for mode, label in LIST_LABELS.items():
        data = (results.get("list") or {}).get(mode)
        if not data:
            continue
        to_models = data[ours].get("paired_ratio_to_models")
        if to_models is None:
            out.append(
                f"{label}: {data[ours]['paired_ratio']:.2f}x raw httpx's time (median of paired"
                f" runs), {data[ours]['rss_growth_mb']:.1f} MB peak RSS growth"
            )
            continue
        out.append(
            f"{label}: {to_models:.2f}x the time of raw httpx reading through the generated"
            f" models (median of paired runs; target <= 1.3x), {data[ours]['paired_ratio']:.2f}x"
            f" raw httpx's counting loop (which reads through them at"
            f" {data[FLOOR]['paired_ratio']:.2f}x; issue 14 as filed: <= 1.3x),"
            f" {data[ours]['rss_growth_mb']:.1f} MB peak RSS growth (target <= 20 MB)"
        )
    return out


def machine() -> dict[str, Any]:
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        # Other work on the machine skews every figure; this says how busy it was.
        "load_average_before": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (smoke run)")
    parser.add_argument("--only", action="append", choices=SECTIONS, help="run only these")
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="cold starts compile the packages from source (see cold_env)",
    )
    args = parser.parse_args(argv)
    sections = args.only or list(SECTIONS)
    # Sized for < 5 minutes on 2 idle cores.
    # cpu: 10 rounds of 200 calls = 2,000 calls per client per process; async: 20 x 100.
    # Three processes, not two: a process can favour one client throughout (on 2026-12-03 two
    # processes gave this SDK 1.21x and 0.92x), and the median of two is their mean.
    rounds, cpu_rounds, async_rounds, processes = (3, 2, 4, 1) if args.quick else (5, 10, 20, 3)
    list_rounds = 1 if args.quick else 3

    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine()}
    print(f"benchmarks on {results['machine']['nproc']} cores, Python {platform.python_version()}")
    timings: dict[str, float] = {}

    def section(name: str, fn: Callable[[], Any]) -> None:
        if name in sections:
            t0 = time.perf_counter()
            results[name] = fn()
            timings[name] = round(time.perf_counter() - t0, 1)

    with Server() as url:
        section("cold", lambda: bench_cold(url, rounds, bytecode=not args.no_bytecode))
        section("cpu", lambda: bench_calls(url, "cpu", CLIENTS, cpu_rounds, processes))
        section("async", lambda: bench_calls(url, "async", ASYNC_CLIENTS, async_rounds, processes))
        section("list", lambda: bench_list(url, list_rounds))
    section("bulk", bench_bulk)
    results["seconds"] = time.perf_counter() - started
    results["section_seconds"] = timings
    results["machine"]["load_average_after"] = os.getloadavg()
    results["settings"] = {
        "cold_processes": rounds,
        "cpu_rounds_of_200": cpu_rounds,
        "async_rounds_of_100": async_rounds,
        "processes": processes,
        "list_rounds": list_rounds,
    }

    report = [table(results), ""] + [f"  {line}" for line in targets(results)]
    print()
    print("\n".join(report))
    bulk = results.get("bulk") or {}
    if "skipped" in bulk:
        print(f"  bulk: skipped: {bulk['skipped']}")
    before, after = (results["machine"][f"load_average_{w}"][0] for w in ("before", "after"))
    print(
        f"\n{results['seconds']:.0f} s in all; load average {before:.1f} before, {after:.1f} after"
    )
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / ("quick.json" if args.quick else "latest.json")
    tmp = out.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(results, indent=2) + "\n")
    tmp.replace(out)
    out.with_suffix(".md").write_text("\n".join(report) + "\n")  # for benchmarks/README.md
    print(f"results: {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
