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
- ``async``: the same with blocks of 100 calls from 50 concurrent asyncio tasks, each block
  started from the same connection pool (20 fresh connections; see ``concurrent``).
- ``list``, ``alist``: every association of the listing record (sync; asyncio), each client
  in this one process alternating with raw httpx for ROUNDS rounds, after a one-page warm-up on
  the same client; wall and CPU time and the growth of peak RSS of each listing (VmHWM reset
  through /proc/self/clear_refs; ``ru_maxrss`` elsewhere).
- ``read``: the same for a batch read of 100,000 ids (companies -> contacts, chunks of 1,000).
- ``bulk``: 10,000 pairs in chunks of ARG against a server enforcing bulk.py's window; this SDK
  through bulk.py's own ``measure``, the others through ``clients.bulk_chunks``.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any


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
    """Seed calls from 50 concurrent asyncio tasks, clients in alternating blocks.

    Every timed block starts from the same connection pool: its connections closed, then 20
    untimed calls from 20 tasks, which open one connection each (httpx keeps 20 alive by
    default). Without this the figure measured the pool more than the client: with 50 tasks
    on 20 kept-alive connections, httpcore's pool does work on every request that grows with
    the square of its connection count (``_assign_requests_to_connections``, over half the CPU
    of a call), and the count each client's pool had was chance: the connections a pool left
    idle for 5 s (httpx's keep-alive expiry; while the other client warmed up, say) were
    closed and not reopened, so one client ran its blocks on 7-17 connections and the other
    on 20. ``connections_opened_in_blocks`` says whether a pool changed during the timed blocks.
    """
    import asyncio
    import gc

    from clients import async_seed

    tasks, kept = 50, 20

    async def measure() -> tuple[dict[str, list[float]], dict[str, int]]:
        clients = {name: async_seed(name, url) for name in names}
        opened = dict.fromkeys(names, 0)

        async def block(call, n: int, width: int = tasks) -> None:  # type: ignore[no-untyped-def]
            remaining = n

            async def worker() -> None:
                nonlocal remaining
                while remaining > 0:
                    remaining -= 1
                    await call()

            await asyncio.gather(*(worker() for _ in range(width)))

        async def settle(name: str) -> None:
            pool = clients[name][2]._transport._pool  # httpcore.AsyncConnectionPool
            for connection in pool.connections:
                await connection.aclose()
            await block(clients[name][0], kept, width=kept)  # one new connection per task

        for name in names:  # count the connections each pool opens
            pool = clients[name][2]._transport._pool
            create = pool.create_connection

            def counting(origin: Any, create: Any = create, name: str = name) -> Any:
                opened[name] += 1
                return create(origin)

            pool.create_connection = counting

        for call, _, _ in clients.values():  # warm-up: every module loaded
            await block(call, tasks * 4)
        blocks: dict[str, list[float]] = {name: [] for name in names}
        in_blocks = dict.fromkeys(names, 0)
        for r in range(rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            for name in order:
                await settle(name)
                gc.collect()
                before = opened[name]
                c0 = time.process_time()
                await block(clients[name][0], size)
                blocks[name].append(time.process_time() - c0)
                in_blocks[name] += opened[name] - before
        for _, close, _ in clients.values():
            await close()
        return blocks, in_blocks

    blocks, in_blocks = asyncio.run(measure())
    out = _paired_summary(names, blocks, size)
    for name, figures in out.items():
        figures["tasks"] = tasks
        figures["connections_opened_in_blocks"] = in_blocks[name]
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


def _timed(run: Callable[[], object]) -> dict[str, float]:
    """One run: wall and CPU seconds, and the growth of peak RSS during it."""
    import gc
    import resource

    gc.collect()
    exact = _reset_peak_rss()
    before = _status_kib("VmRSS") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    c0, w0 = time.process_time(), time.perf_counter()
    count = run()
    c1, w1 = time.process_time(), time.perf_counter()
    after = _status_kib("VmHWM") if exact else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "count": float(count),  # type: ignore[arg-type]
        "seconds": w1 - w0,
        "cpu_seconds": c1 - c0,
        "rss_growth_mb": ((after or 0) - (before or 0)) / 1024,  # KiB on Linux
    }


def listing(kind: str, names: list[str], url: str, rounds: int) -> dict[str, dict[str, object]]:
    """Whole listings (``kind``: list, alist) or batch reads (read) of each client, in this one
    process, alternating with raw httpx (the first name) for ``rounds`` rounds, order rotated.

    Per client: the median wall and CPU time, the median of the per-round wall-time ratios to
    raw httpx, and the largest peak-RSS growth of any run; with ``httpx-models`` among the
    names, the median per-round ratios to it as well (``paired_ratio_to_models``).
    """
    import asyncio

    import clients
    from server import LIST_RECORD

    loop = asyncio.new_event_loop()
    runs: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {}
    for name in names:
        if kind == "list":
            runs[name] = clients.list_all(name, url, LIST_RECORD)
        elif kind == "alist":
            made = _made(clients.async_list_all, name, url, LIST_RECORD)
            count, warm = loop.run_until_complete(made)
            runs[name] = (
                lambda c=count: loop.run_until_complete(c()),
                lambda w=warm: loop.run_until_complete(w()),
            )
        else:
            runs[name] = clients.batch_read_all(name, url, range(1, clients.READ_INPUTS + 1))
    for _, warm in runs.values():
        warm()
    measured = alternate({name: run for name, (run, _) in runs.items()}, rounds)
    loop.close()
    out = paired(measured)
    if clients.FLOOR in measured:  # each listing's ratio to raw httpx reading through the models
        for name, to_floor in paired(measured, base=clients.FLOOR).items():
            out[name]["paired_ratio_to_models"] = to_floor["paired_ratio"]
            out[name]["paired_cpu_ratio_to_models"] = to_floor["paired_cpu_ratio"]
    return out


def alternate(
    runs: dict[str, Callable[[], object]], rounds: int
) -> dict[str, list[dict[str, float]]]:
    """Each of ``runs`` timed once a round (see ``_timed``) for ``rounds`` rounds, in turn, the
    order rotated every round."""
    names = list(runs)
    measured: dict[str, list[dict[str, float]]] = {name: [] for name in names}
    for r in range(rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            measured[name].append(_timed(runs[name]))
    return measured


def paired(
    measured: dict[str, list[dict[str, float]]], base: str | None = None
) -> dict[str, dict[str, object]]:
    """Per run of :func:`alternate`: the median wall and CPU time, the medians of the per-round
    wall and CPU ratios to the baseline (``base``, else the first run), and the largest
    peak-RSS growth."""
    import statistics

    baseline = measured[base] if base is not None else next(iter(measured.values()))
    rss_method = "VmHWM after clear_refs" if _reset_peak_rss() else "ru_maxrss"
    out: dict[str, dict[str, object]] = {}
    for name, mine in measured.items():
        out[name] = {
            "count": int(mine[0]["count"]),
            "seconds": statistics.median(m["seconds"] for m in mine),
            "cpu_seconds": statistics.median(m["cpu_seconds"] for m in mine),
            "paired_ratio": statistics.median(
                m["seconds"] / b["seconds"] for m, b in zip(mine, baseline, strict=True)
            ),
            "paired_cpu_ratio": statistics.median(
                m["cpu_seconds"] / b["cpu_seconds"] for m, b in zip(mine, baseline, strict=True)
            ),
            "rss_growth_mb": max(m["rss_growth_mb"] for m in mine),
            "rss_method": rss_method,
            "runs": mine,
        }
    return out


async def _made(make: Callable[..., Any], *args: object) -> Any:
    # Async clients are made inside the loop that runs them.
    return make(*args)


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
    elif mode in ("list", "alist", "read"):  # NAME: comma-separated, raw httpx first
        result = dict(listing(mode, name.split(","), url, arg))
    elif mode == "bulk":
        result = bulk(name, url, arg)
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
