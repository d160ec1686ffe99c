"""`make demo`: the SDK's main job against FakeHubSpot, in-process: no token, no network.

It creates records and a custom label, links a few thousand pairs in batches under HubSpot's
own rate-limit window (scaled down to 20 requests a second so the demo stays short), lists and
removes a few, and prints what happened.
"""

from __future__ import annotations

import time

from hubspot_associations import Associations
from hubspot_associations.cli.progress import Console, Progress
from hubspot_associations.testing import FakeHubSpot

CONTACTS = range(1, 3001)
COMPANIES = range(100_001, 100_101)


def main() -> None:
    started = time.perf_counter()
    with FakeHubSpot(rate_limit=(20, 1.0)) as hubspot:
        hubspot.add_records("contacts", CONTACTS)
        hubspot.add_records("companies", COMPANIES)
        print(f"FakeHubSpot at {hubspot.url}: {len(CONTACTS)} contacts, {len(COMPANIES)} companies")
        with Associations("demo-token", base_url=hubspot.url, rate_limit=(20, 1.0)) as client:
            seed = client.associate_default("contacts", 1, "companies", 100_001)
            print(f"seed call: contact 1 -> company 100001, type ids {[a.type_id for a in seed]}")

            label = client.labels.create(
                "contacts", "companies", name="billing_contact", label="Billing contact"
            )[0]
            print(f"custom label {label.label!r} has type id {label.type_id}")

            pairs = [(c, COMPANIES[c % len(COMPANIES)]) for c in CONTACTS] + [(1, 999_999)]
            # The command line's progress display: a bar on a terminal, lines otherwise.
            progress = Progress(Console(), "linking", len(pairs))
            report = client.batch.associate_default(
                "contacts", "companies", pairs, on_progress=progress
            )
            progress.finish()
            print(f"batch: {len(report.succeeded)} linked, {len(report.failed)} failed")
            for failure in report.failed:
                print(
                    f"  failed {failure.input}: {failure.error.category}: {failure.error.message}"
                )

            client.associate("contacts", 2, "companies", 100_003, types=[label])
            for record in client.list("contacts", 2, "companies"):
                print(
                    f"contact 2 -> company {record.to_object_id}: types {record.type_ids}"
                    f" labels {record.labels}"
                )
            removed = client.batch.remove("contacts", "companies", pairs[:10])
            print(f"removed {len(removed.succeeded)} pairs")
        print(
            f"{hubspot.request_count} requests, {hubspot.rate_limited_count} answered 429, "
            f"{time.perf_counter() - started:.1f} s"
        )


if __name__ == "__main__":
    main()
