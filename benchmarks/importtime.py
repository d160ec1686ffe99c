"""What a cold start imports beyond raw httpx: ``python -X importtime``, minus the baseline.

    build/bench-venv/bin/python benchmarks/importtime.py            # import + construct
    build/bench-venv/bin/python benchmarks/importtime.py --call     # + the first seed call
    build/bench-venv/bin/python benchmarks/importtime.py --runs 5 --top 10
    build/bench-venv/bin/python benchmarks/importtime.py --no-bytecode  # compiled from source

Runs ``clients.COLD_START`` of this SDK and of raw httpx in fresh processes under
``-X importtime`` (against the benchmark server, as run.py does), drops every module raw httpx
loads too, and prints the rest by self time, grouped: each module of this SDK on its own, the
generated packages by subpackage, anything else by its top-level package (``attr``,
``dateutil``, ``dataclasses``...). With ``--runs``, the median of each group over the runs
(import times move by tens of percent from one process to the next on a shared machine).
Bytecode as in run.py's cold section (``run.cold_env``): written by an untimed first run, or
with ``--no-bytecode`` deleted and never written. Modules imported through
``importlib.import_module`` (the generated package and operation modules, which the door loads
so) have no line of their own in ``-X importtime``: their own time is missing, not their imports'.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from clients import COLD_START, TOKEN  # noqa: E402
from run import Server, cold_env  # noqa: E402

OURS = ("hubspot_associations", "hubspot_associations_api", "hubspot_associations_api_2026_09")


def imported(name: str, url: str, call: bool, env: dict[str, str]) -> dict[str, int]:
    """Self time in µs of each module a fresh process imports to run ``name``'s cold start."""
    imports, construct, first_call = COLD_START[name]
    source = "\n".join([f"URL, TOKEN = {url!r}, {TOKEN!r}", imports, construct])
    if call:
        source += "\n" + first_call
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", source],
        capture_output=True,
        text=True,
        check=True,
        cwd=HERE,
        env=env,
    )
    times: dict[str, int] = {}
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cumulative, module = line[len("import time:") :].split("|")
        # A module can appear twice (a package whose __init__ imports the submodule asked for).
        times[module.strip()] = times.get(module.strip(), 0) + int(self_us)
    return times


def group(module: str) -> str:
    parts = module.split(".")
    if parts[0] == OURS[0]:
        return module
    if parts[0] in OURS:
        return ".".join(parts[:2])
    return parts[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--call", action="store_true", help="include the first seed call")
    parser.add_argument("--runs", type=int, default=3, help="processes each (default 3)")
    parser.add_argument("--top", type=int, default=10, help="groups to print (default 10)")
    parser.add_argument("--no-bytecode", action="store_true", help="compile from source")
    args = parser.parse_args()
    env = cold_env(bytecode=not args.no_bytecode)
    totals: dict[str, list[float]] = defaultdict(list)
    extra_ms: list[float] = []
    modules: list[int] = []
    with Server() as url:
        for name in ("httpx", "hubspot-associations"):  # untimed: writes the bytecode, if any
            imported(name, url, args.call, env)
        for _ in range(args.runs):
            base = imported("httpx", url, args.call, env)
            ours = imported("hubspot-associations", url, args.call, env)
            extra = {m: us for m, us in ours.items() if m not in base}
            groups: dict[str, float] = defaultdict(float)
            for module, us in extra.items():
                groups[group(module)] += us / 1000
            for name in set(groups) | set(totals):
                totals[name].append(groups.get(name, 0.0))
            extra_ms.append(sum(extra.values()) / 1000)
            modules.append(len(extra))
    stage = "import + construct + first seed call" if args.call else "import + construct"
    stage += ", compiled from source" if args.no_bytecode else ", bytecode"
    print(
        f"{stage}: {statistics.median(modules):.0f} modules beyond raw httpx's,"
        f" {statistics.median(extra_ms):.1f} ms of self time (median of {args.runs} runs)"
    )
    ranked = sorted(totals.items(), key=lambda kv: -statistics.median(kv[1]))
    for name, values in ranked[: args.top]:
        print(f"  {statistics.median(values):6.1f} ms  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
