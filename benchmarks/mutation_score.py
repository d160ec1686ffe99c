"""Per-module mutation score of the last `make mutate` run (reads mutmut's results in place).

Run from the folder mutmut ran in (build/mutation): prints, for each mutated module, how many
mutants the tests killed out of how many, and lists the survivors (``--survivors``).
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

# mutmut 3's exit codes (mutmut/stats.py): 1 and 3 are kills; a timeout counts as killed too.
KILLED = {1, 3, 36, 24, -24, 152, 255}
SURVIVED = {0}
NO_TESTS = {5, 33}


def main() -> int:
    counts: dict[str, collections.Counter[str]] = {}
    survivors: list[str] = []
    for meta in sorted(Path("mutants").rglob("*.py.meta")):
        module = meta.name.removesuffix(".py.meta")
        counter = counts.setdefault(module, collections.Counter())
        for key, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            counter["total"] += 1
            if code in KILLED:
                counter["killed"] += 1
            elif code in SURVIVED:
                counter["survived"] += 1
                survivors.append(key)
            elif code in NO_TESTS:
                counter["no tests"] += 1
                survivors.append(key)
            else:
                counter["other"] += 1
                survivors.append(f"{key} (exit code {code})")
    if not counts:
        print("no mutmut results here: run `make mutate` first", file=sys.stderr)
        return 1
    overall: collections.Counter[str] = collections.Counter()
    print(f"{'module':<16} {'killed':>7} {'total':>6} {'score':>7}  survived  no-tests  other")
    for module, c in [*counts.items(), ("overall", overall)]:
        if module != "overall":
            overall.update(c)
        print(
            f"{module:<16} {c['killed']:>7} {c['total']:>6} {c['killed'] / c['total']:>7.1%}"
            f"  {c['survived']:>8}  {c['no tests']:>8}  {c['other']:>5}"
        )
    if "--survivors" in sys.argv[1:]:
        print(*survivors, sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
