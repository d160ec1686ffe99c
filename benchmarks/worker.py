"""One measurement in a fresh process: ``python benchmarks/worker.py MODE CLIENT URL [ARG...]``.

Prints one JSON object. Modes:

- ``cold``: import + construction, then the first seed call, given as source in argv (timed
  inside the process from before the first import; interpreter start-up is the same for all),
  wall time and the process's CPU time.
- ``cpu``: every client of a comma-separated list, in this one process, warmed up, then ROUNDS
  rounds of one 200-call block each (order rotated every round); process CPU time
  (``time.process_time``: this process, never the server's) per block. Reported per client:
  CPU per call over all blocks, the cheapest and the median block, and the median of the
  per-round ratios to the first client (raw httpx).
- ``async``: the same with blocks of 100 calls from 50 concurrent asyncio tasks.
- ``list``: every association of the listing record; wall time and the growth of peak RSS
  during the listing (VmHWM reset through /proc/self/clear_refs; ``ru_maxrss`` elsewhere).
- ``bulk``: 10,000 pairs in chunks of ARG against a server enforcing bulk.py's window; this SDK
  through bulk.py's own ``measure``, the others through ``clients.bulk_chunks``.
"""

from __future__ import annotations

import sys
import time


def cold(url: str, token: str, imports: str, construct: str, call: str) -> dict[str, float]:
    # The code comes in argv (from clients.COLD_START), so nothing is imported before it runs.
    # CPU time too: on a busy shared machine, wall time also counts the waits for a core.
    scope = {"URL": url, "TOKEN": token}
    t0, c0 = time.perf_counter(), time.process_time()
    exec(imports + "\n" + construct, scope)
    t1, c1 = time.perf_counter(), time.process_time()
    exec(call, scope)
    t2, c2 = time.perf_counter(), time.process_time()
    return {
        "construct_ms": (t1 - t0) * 1000,
        "first_call_ms": (t2 - t0) * 1000,
        "construct_cpu_ms": (c1 - c0) * 1000,
        "first_call_cpu_ms": (c2 - c0) * 1000,
    }


def _paired_summary(
    names: list[str], blocks: dict[str, list[float]], size: int
) -> dict[str, dict[str, float]]:
    # Per round, every client's block next to raw httpx's from the same round: slow drift of
    # the machine (frequency, neighbours) hits both alike, so the median of these per-round
    # ratios is steadier than a ratio of two separately measured totals.
    import statistics

    base = blocks[names[0]]
    out: dict[str, dict[str, float]] = {}
    for name in names:
        mine = blocks[name]
        out[name] = {
            "cpu_us": sum(mine) / (len(mine) * size) * 1e6,
            "median_block_cpu_us": statistics.median(mine) / size * 1e6,
            "best_block_cpu_us": min(mine) / size * 1e6,
            "paired_ratio": statistics.median(m / b for m, b in zip(mine, base, strict=True)),
            "calls": len(mine) * size,
        }
    return out


def cpu(names: list[str], url: str, rounds: int, size: int = 200) -> dict[str, dict[str, float]]:
    """Sequential seed calls, every client in this one process, in alternating blocks."""
    import gc

    from clients import sync_seed

    calls = {name: sync_seed(name, url)[0] for name in names}
    for call in calls.values():
        for _ in range(200):
            call()
    blocks: dict[str, list[float]] = {name: [] for name in names}
    for r in range(rounds):
        order = names[r % len(names) :] + names[: r % len(names)]  # rotate who goes first
        for name in order:
            call = calls[name]
            gc.collect()  # no one pays for another client's garbage
            c0 = time.process_time()
            for _ in range(size):
                call()
            blocks[name].append(time.process_time() - c0)
    return _paired_summary(names, blocks, size)


def concurrent(
    names: list[str], url: str, rounds: int, size: int = 100
) -> dict[str, dict[str, float]]:
    """Seed calls from 50 concurrent asyncio tasks, clients in alternating blocks."""
    import asyncio
    import gc

    from clients import async_seed

    tasks = 50

    async def measure() -> dict[str, list[float]]:
        clients = {name: async_seed(name, url) for name in names}

        async def block(call, n: int) -> None:  # type: ignore[no-untyped-def]
            remaining = n

            async def worker() -> None:
                nonlocal remaining
                while remaining > 0:
                    remaining -= 1
                    await call()

            await asyncio.gather(*(worker() for _ in range(tasks)))

        for call, _ in clients.values():  # warm-up: opens the connections too
            await block(call, tasks * 4)
        blocks: dict[str, list[float]] = {name: [] for name in names}
        for r in range(rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            for name in order:
                gc.collect()
                c0 = time.process_time()
                await block(clients[name][0], size)
                blocks[name].append(time.process_time() - c0)
        for _, close in clients.values():
            await close()
        return blocks

    out = _paired_summary(names, asyncio.run(measure()), size)
    for figures in out.values():
        figures["tasks"] = tasks
    return out


def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    # Linux: writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS, so the
    # growth measured is the listing's own, not hidden under an earlier peak (imports).
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        return False
    return _status_kib("VmHWM") is not None


def listing(name: str, url: str, record_id: int) -> dict[str, object]:
    import gc
    import resource

    from clients import list_all

    run, warm = list_all(name, url, record_id)
    warm()
    gc.collect()
    exact = _reset_peak_rss()
    before = _status_kib("VmRSS") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c0, w0 = time.process_time(), time.perf_counter()
    count = run()
    c1, w1 = time.process_time(), time.perf_counter()
    after = _status_kib("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "count": count,
        "seconds": w1 - w0,
        "cpu_seconds": c1 - c0,
        "rss_growth_mb": ((after or 0) - (before or 0)) / 1024,  # KiB on Linux
        "rss_method": "VmHWM after clear_refs" if exact else "ru_maxrss",
    }


def bulk(name: str, url: str, chunk_size: int) -> dict[str, object]:
    import bulk as colleague  # benchmarks/bulk.py: this SDK's bulk measurement

    if name == "hubspot-associations":
        figures = colleague.measure(url, chunk_size=chunk_size)
        return {"seconds": figures["wall_seconds"], "pairs_done": figures["succeeded"], **figures}
    from clients import bulk_chunks

    if chunk_size != 100:
        raise SystemExit("the other clients are measured in chunks of 100 only")
    pairs = [(i, i) for i in range(1, colleague.PAIRS + 1)]
    t0 = time.perf_counter()
    done = bulk_chunks(name, url, pairs, window=colleague.RATE[1])
    return {"seconds": time.perf_counter() - t0, "pairs_done": done}


def main(argv: list[str]) -> None:
    mode, name, url = argv[:3]
    if mode == "cold":
        print(cold(url, *argv[3:7]))  # a dict of floats: its repr is valid JSON
        return
    import json

    arg = int(argv[3]) if len(argv) > 3 else 0
    result: dict[str, object]
    if mode == "cpu":  # NAME is a comma-separated list of clients, raw httpx first
        result = dict(cpu(name.split(","), url, arg))
    elif mode == "async":
        result = dict(concurrent(name.split(","), url, arg))
    elif mode == "list":
        result = listing(name, url, arg)
    elif mode == "bulk":
        result = bulk(name, url, arg)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
