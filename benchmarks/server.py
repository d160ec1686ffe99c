"""The one loopback server every benchmark talks to: FakeHubSpot, in its own process.

``python benchmarks/server.py [--rate-limit N/SECONDS]`` prints the base URL on its first line
and serves until stdin closes or SIGTERM. It answers HubSpot's 2026-03 paths
(``/crm/objects/2026-03/...``, ``/crm/associations/2026-03/...``) and, for the legacy
``hubspot-api-client`` which only knows v4, the same operations under ``/crm/v4/objects/...``
and ``/crm/v4/associations/...``: those are rewritten to the 2026-03 form before FakeHubSpot
routes them, so every client gets the same handler and byte-for-byte the same response body.

Running it in a separate process keeps the server's CPU out of the clients' measurements.
"""

from __future__ import annotations

import signal
import sys
import threading
from typing import Any

from hubspot_associations.testing import FakeHubSpot

# The fixture every benchmark relies on (kept in one place: run.py imports these).
SEED = ("contacts", 1, "companies", 2)  # the seed call's pair
BULK_CONTACTS = range(1, 10_001)  # contacts 1..10,000 and
BULK_COMPANIES = range(1, 100_001)  # companies 1..100,000 exist
LIST_RECORD = 5_000_000  # a contact associated with all 100,000 companies
LIST_SIZE = 100_000


def _v4_to_current(path: str, version: str) -> str:
    # /crm/v4/objects/...      -> /crm/objects/<version>/...
    # /crm/v4/associations/... -> /crm/associations/<version>/...
    for api in ("objects", "associations"):
        prefix = f"/crm/v4/{api}/"
        if path.startswith(prefix):
            return f"/crm/{api}/{version}/{path[len(prefix) :]}"
    return path


STATS_PATH = "/__bench/stats"


def build(rate_limit: tuple[int, float] | None = None) -> FakeHubSpot:
    """A started FakeHubSpot with the benchmark fixture, answering v4 paths as well.

    ``rate_limit`` makes it enforce a rolling window (for the bulk section). ``GET
    /__bench/stats`` answers ``{"requests": n, "rate_limited": n}`` outside the window.
    """
    fake = FakeHubSpot(record_requests=False, rate_limit=rate_limit)
    fake.add_records("contacts", [*BULK_CONTACTS, LIST_RECORD])
    fake.add_records("companies", BULK_COMPANIES)

    # The fake keeps its routing in a private Api object; wrap its one entry point so a v4
    # path is answered exactly as its 2026-03 twin (same handler, same body).
    api: Any = fake._api
    version = api.version
    handle = api.handle

    def handle_both(method: str, call: Any) -> Any:
        if call.path.startswith("/crm/v4/"):
            call.path = _v4_to_current(call.path, version)
        return handle(method, call)

    api.handle = handle_both

    app: Any = fake._app
    answer = app.answer

    def answer_or_stats(method: str, call: Any, authorization: str | None) -> Any:
        if call.path == STATS_PATH:  # counters, without using the window's budget
            stats = {"requests": app.request_count, "rate_limited": app.rate_limited_count}
            return 200, [], stats
        return answer(method, call, authorization)

    app.answer = answer_or_stats

    # 100,000 associations for the listing benchmark, added straight to the store: the same
    # state 1,000 batch calls would leave, in a second instead of a minute.
    store: Any = fake._store
    contact_type = fake._resolve("contacts")
    company_type = fake._resolve("companies")
    for company_id in range(1, LIST_SIZE + 1):
        store.associate(contact_type, company_type, LIST_RECORD, company_id)
    fake.start()
    return fake


def main(argv: list[str]) -> int:
    rate_limit = None
    if argv and argv[0] == "--rate-limit":  # N/SECONDS, e.g. 20/1
        count, seconds = argv[1].split("/")
        rate_limit = (int(count), float(seconds))
    fake = build(rate_limit)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda signum, frame: done.set())
    print(fake.url, flush=True)

    def watch_stdin() -> None:  # the parent closing our stdin means: stop
        sys.stdin.read()
        done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
