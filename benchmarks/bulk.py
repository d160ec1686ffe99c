"""Bulk: 10,000 pairs through ``client.batch.associate_default`` inside a rolling window.

``python benchmarks/bulk.py`` starts FakeHubSpot enforcing a scaled HubSpot window (20 requests
per second, like HubSpot's 190 per 10 s but ten times shorter), paces the client at the same
window, and reports how close the wall time comes to the window's bound and how many 429s the
server had to serve after the first window (the target is none: the client paces instead of
bouncing). Figures go to benchmarks/results/bulk.json.

Two bounds are printed. ``bound`` is the brief's: requests needed / rate. ``strict bound`` is
the earliest any client could finish: a full window's burst at time 0, then one window per
further ``max_requests`` requests, i.e. ``(ceil(requests / max_requests) - 1) * window``.

``run(base_url)`` is the hook ``benchmarks/run.py`` calls (same measurement, its server).
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
from hubspot_associations import Associations
from hubspot_associations._pacing import _MARGIN
from hubspot_associations.testing import FakeHubSpot

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "bulk.json"
TOKEN = "pat-na1-bulk-benchmark"
PAIRS = 10_000
RATE = (20, 1.0)  # requests per window, window seconds: the server's and the client's
CHUNK = 25  # 400 requests: 20 windows, long enough for the steady state to dominate
CONCURRENCY = 4


class Wire:
    """Counts what the client sent and received, with times relative to the start."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.lock = threading.Lock()
        self.requests = 0
        self.rate_limited: list[float] = []
        self.sent: list[float] = []

    def on_request(self, request: httpx.Request) -> None:
        with self.lock:
            self.requests += 1
            self.sent.append(time.perf_counter() - self.started)

    def on_response(self, response: httpx.Response) -> None:
        if response.status_code == 429:
            with self.lock:
                self.rate_limited.append(time.perf_counter() - self.started)


def max_in_any_window(stamps: list[float], window: float) -> int:
    ordered = sorted(stamps)
    best = start = 0
    for end, stamp in enumerate(ordered):
        while ordered[start] <= stamp - window:
            start += 1
        best = max(best, end - start + 1)
    return best


def measure(
    base_url: str,
    pairs: int = PAIRS,
    rate: tuple[int, float] = RATE,
    chunk_size: int = CHUNK,
    concurrency: int = CONCURRENCY,
) -> dict[str, Any]:
    """Send ``pairs`` pairs (contact i, company i) paced at ``rate``; return the figures."""
    max_requests, window = rate
    wire = Wire()
    http = httpx.Client(event_hooks={"request": [wire.on_request], "response": [wire.on_response]})
    client = Associations(access_token=TOKEN, base_url=base_url, rate_limit=rate, http_client=http)
    wire.started = time.perf_counter()
    try:
        report = client.batch.associate_default(
            "contacts",
            "companies",
            ((i, i) for i in range(1, pairs + 1)),
            chunk_size=chunk_size,
            concurrency=concurrency,
        )
        wall = time.perf_counter() - wire.started
    finally:
        client.close()
        http.close()
    needed = math.ceil(pairs / chunk_size)
    bound = needed / (max_requests / window)
    strict = (math.ceil(needed / max_requests) - 1) * window
    return {
        "pairs": pairs,
        "chunk_size": chunk_size,
        "concurrency": concurrency,
        "rate_limit": [max_requests, window],
        "pacing_margin": _MARGIN,
        "requests_needed": needed,
        "requests_sent": wire.requests,
        "succeeded": len(report.succeeded),
        "failed": len(report.failed),
        "wall_seconds": round(wall, 3),
        "bound_seconds": round(bound, 3),
        "ratio_bound_to_wall": round(bound / wall, 3),
        "strict_bound_seconds": round(strict, 3),
        "ratio_strict_bound_to_wall": round(strict / wall, 3) if strict else None,
        "max_sends_in_any_window": max_in_any_window(wire.sent, window),
        "429_total": len(wire.rate_limited),
        "429_after_first_window": sum(1 for t in wire.rate_limited if t > window),
    }


def run(base_url: str) -> dict[str, Any]:
    """The hook ``benchmarks/run.py`` calls: this SDK's figures, keyed by client name."""
    figures = measure(base_url)
    return {"hubspot-associations": {"seconds": figures["wall_seconds"], **figures}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=PAIRS)
    parser.add_argument("--max-requests", type=int, default=RATE[0])
    parser.add_argument("--window", type=float, default=RATE[1])
    parser.add_argument("--chunk-size", type=int, default=CHUNK)
    parser.add_argument("--concurrency", type=int, default=CONCURRENCY)
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rate = (args.max_requests, args.window)
    with FakeHubSpot(rate_limit=rate, record_requests=False) as hs:
        hs.add_records("contacts", range(1, args.pairs + 1))
        hs.add_records("companies", range(1, args.pairs + 1))
        figures = measure(hs.url, args.pairs, rate, args.chunk_size, args.concurrency)
        figures["server_requests"] = hs.request_count
        figures["server_429s"] = hs.rate_limited_count
        figures["server_associations"] = hs.association_count
    figures["python"] = platform.python_version()
    figures["platform"] = platform.platform()
    figures["date"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())

    print(
        f"bulk: {figures['pairs']:,} pairs, chunks of {figures['chunk_size']}, "
        f"{figures['concurrency']} in flight, window {rate[0]} requests / {rate[1]:g} s"
    )
    print(f"  wall time          {figures['wall_seconds']:.2f} s")
    print(
        f"  requests           {figures['requests_sent']} sent "
        f"({figures['requests_needed']} needed, server saw {figures['server_requests']})"
    )
    print(f"  bound              {figures['bound_seconds']:.2f} s (requests / rate)")
    print(f"  bound / wall       {figures['ratio_bound_to_wall']:.3f} (target >= 0.95)")
    print(
        f"  strict bound       {figures['strict_bound_seconds']:.2f} s (burst, then one "
        f"window per {rate[0]} requests); strict bound / wall "
        f"{figures['ratio_strict_bound_to_wall']}"
    )
    print(f"  max in any window  {figures['max_sends_in_any_window']} (limit {rate[0]})")
    print(
        f"  429s               {figures['429_total']} in all, "
        f"{figures['429_after_first_window']} after the first window (target 0)"
    )
    print(f"  report             {figures['succeeded']:,} succeeded, {figures['failed']} failed")
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"  written to {args.output}")
    ok = figures["failed"] == 0 and figures["server_associations"] == 2 * figures["pairs"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
