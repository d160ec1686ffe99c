"""What a 100,000-association listing costs at each step from raw httpx to this SDK.

    build/bench-venv/bin/python benchmarks/listing_floor.py [--rounds 5]   (``make bench`` runs it)

run.py's listing baseline is raw httpx counting the records of each page: it never touches one.
Any client that hands its user something per record pays for making it. This measures, in one
process against the benchmark server (its own process, as in run.py), alternating and with the
order rotated each round, four listings of the same 100,000 associations:

- ``counting``: run.py's raw httpx baseline (clients.list_all("httpx")), unchanged;
- ``raw typed``: the same raw httpx loop making, per record, the least a typed client could
  hand over: a slotted object with the id as a string and the association type ids;
- ``raw + models``: the same loop reading each page through the generated client's own page
  model (``AssociatedObjectPage.from_dict``), records as generated attrs models, no conversion;
- ``this SDK``: ``Associations.list`` (clients.list_all("hubspot-associations")), unchanged.

Per listing, as worker.py reports run.py's listings: the median wall and CPU time, and the
median per-round wall-time ratio to ``counting``, the ratio issue 14 was filed with (<= 1.3x;
run.py now takes the listing target to ``raw + models``, its ``httpx-models``). Written to
``results/listing_floor.json`` with the load average and the time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from clients import FLOOR, list_all, next_cursor, raw_list_all  # noqa: E402
from run import Server  # noqa: E402
from server import LIST_RECORD  # noqa: E402
from worker import alternate, paired  # noqa: E402


class TypedRecord:
    """The least a typed client could hand over per listed record."""

    __slots__ = ("to_object_id", "type_ids")

    def __init__(self, to_object_id: str, type_ids: tuple[int, ...]) -> None:
        self.to_object_id = to_object_id
        self.type_ids = type_ids


def typed_page(page: dict[str, Any]) -> tuple[int, str | None]:
    records = [
        TypedRecord(str(r["toObjectId"]), tuple([t["typeId"] for t in r["associationTypes"]]))
        for r in page["results"]
    ]
    return len(records), next_cursor(page)


def measure(url: str, rounds: int) -> dict[str, dict[str, Any]]:
    made = {
        "counting": list_all("httpx", url, LIST_RECORD),
        "raw typed": raw_list_all(url, LIST_RECORD, typed_page),
        "raw + models": list_all(FLOOR, url, LIST_RECORD),
        "this SDK": list_all("hubspot-associations", url, LIST_RECORD),
    }
    for _, warm in made.values():  # every connection open before any listing is timed
        warm()
    measured = alternate({name: run for name, (run, _) in made.items()}, rounds)
    for name, runs in measured.items():
        counts = {int(run["count"]) for run in runs}
        if counts != {100_000}:
            raise SystemExit(f"{name} listed {counts} associations, not 100,000")
    return paired(measured)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with Server() as url:
        figures = measure(url, args.rounds)
    record = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "rounds": args.rounds,
        "load_average_before_after": [load_before, os.getloadavg()[0]],
        "listings": figures,
    }
    (HERE / "results" / "listing_floor.json").write_text(json.dumps(record, indent=2) + "\n")
    print(f"{'listing (100,000)':14s}  {'wall':>7s}  {'CPU':>7s}  wall / counting (paired)")
    for name, f in figures.items():
        print(
            f"{name:17s}  {f['seconds']:6.2f}s  {f['cpu_seconds']:6.2f}s  {f['paired_ratio']:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
