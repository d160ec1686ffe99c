"""Profile this SDK's hot paths against the benchmark server (pyinstrument, or cProfile).

    build/bench-venv/bin/python benchmarks/profiling.py seed   # 2,000 seed calls
    build/bench-venv/bin/python benchmarks/profiling.py list   # 100,000 listed associations
    build/bench-venv/bin/python benchmarks/profiling.py seed --cprofile

Prints the profile of the measured part only (after a warm-up); the server runs in its own
process, as in run.py.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from clients import TOKEN, sync_seed  # noqa: E402
from run import Server  # noqa: E402
from server import LIST_RECORD  # noqa: E402


def workload(kind: str, url: str) -> Callable[[], object]:
    if kind == "seed":
        call, _ = sync_seed("hubspot-associations", url)
        for _ in range(200):
            call()

        def seeds() -> object:
            for _ in range(2000):
                call()
            return None

        return seeds
    from hubspot_associations import Associations

    client = Associations(TOKEN, base_url=url, rate_limit=None)
    client.associate_default("contacts", 1, "companies", 2)
    return lambda: sum(1 for _ in client.list("contacts", LIST_RECORD, "companies"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("seed", "list"))
    parser.add_argument("--cprofile", action="store_true", help="cProfile instead of pyinstrument")
    args = parser.parse_args()
    with Server() as url:
        run = workload(args.kind, url)
        if args.cprofile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(run)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        else:
            from pyinstrument import Profiler

            with Profiler(interval=0.0005) as profiler:
                run()
            profiler.print(show_all=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
