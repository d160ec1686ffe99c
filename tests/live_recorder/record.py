"""`make record`: re-record the live cassettes against HubSpot's API, on throwaway records.

    HUBSPOT_ACCESS_TOKEN=pat-... make record [ARGS="--user-id 123 --out tests/cassettes"]

Creates two contacts and two companies, drives every associations operation (and a few error
cases) through the SDK while recording, removes what it created, and writes one redacted cassette
per step as ``live_<step>.yaml``. It never runs in CI. Needs a private app with the
crm.objects.contacts/companies read and write scopes (and crm.schemas for labels and limits).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))

from hubspot_associations import Associations, AssociationSpec, AssociationType, errors

from live_recorder.recorder import RecordingTransport, Redactor, to_interactions, write_cassette

Step = tuple[str, Callable[[], Any]]


def scenario(
    client: Associations,
    bad_token_client: Associations,
    ids: dict[str, list[str]],
    user_id: int | None,
) -> list[Step]:
    """Every operation once, in an order that leaves the account as it found it."""
    c1, c2 = ids["contacts"]
    k1, k2 = ids["companies"]
    made: dict[str, AssociationSpec] = {}

    def create_label() -> Any:
        specs = client.labels.create(
            "contacts",
            "companies",
            name=f"sdk_recording_{int(time.time())}",
            label="SDK recording",
            inverse_label="SDK recording (inverse)",
        )
        made["label"] = specs[0]
        return specs

    steps: list[Step] = [
        ("associate_default", lambda: client.associate_default("contacts", c1, "companies", k1)),
        (
            "associate",
            lambda: client.associate(
                "contacts", c1, "companies", k2, types=[AssociationType.CONTACT_TO_COMPANY_PRIMARY]
            ),
        ),
        ("list_associations", lambda: list(client.list("contacts", c1, "companies"))),
        (
            "batch_associate_default",
            lambda: client.batch.associate_default("contacts", "companies", [(c2, k1), (c2, k2)]),
        ),
        (
            "batch_create",
            lambda: client.batch.associate(
                "contacts", "companies", [(c2, k1)], types=[AssociationType.CONTACT_TO_COMPANY]
            ),
        ),
        ("batch_read", lambda: client.batch.read("contacts", "companies", [c1, c2])),
        ("list_labels", lambda: client.labels.list("contacts", "companies")),
        ("create_label", create_label),
        (
            "update_label",
            lambda: client.labels.update(
                "contacts", "companies", made["label"].type_id, label="SDK recording, renamed"
            ),
        ),
        ("list_limits", lambda: client.limits.list("contacts", "companies")),
        (
            "create_limits",
            lambda: client.limits.create("contacts", "companies", [(made["label"], 2)]),
        ),
        (
            "update_limits",
            lambda: client.limits.update("contacts", "companies", [(made["label"], 3)]),
        ),
        ("list_all_limits", lambda: client.limits.list_all()),
        ("purge_limits", lambda: client.limits.purge("contacts", "companies", [made["label"]])),
        (
            "batch_archive_labels",
            lambda: client.batch.remove_labels(
                "contacts", "companies", [(c2, k1)], types=[AssociationType.CONTACT_TO_COMPANY]
            ),
        ),
        (
            "delete_label",
            lambda: client.labels.delete("contacts", "companies", made["label"].type_id),
        ),
        (
            "batch_archive",
            lambda: client.batch.remove("contacts", "companies", [(c2, k1), (c2, k2)]),
        ),
        ("remove_associations", lambda: client.remove("contacts", c1, "companies", k2)),
        (
            "error_unknown_object_type",
            lambda: client.associate_default("butterflies", c1, "companies", k1),
        ),
        ("error_404_not_found", lambda: client.remove("contacts", "1", "companies", k1)),
        ("error_401", lambda: bad_token_client.labels.list("contacts", "companies")),
    ]
    if user_id is not None:
        steps.append(("high_usage_report", lambda: client.usage.high_usage_report(user_id)))
    return steps


def record(
    base_url: str,
    token: str,
    ids: dict[str, list[str]],
    out: Path,
    user_id: int | None = None,
    provenance: str | None = None,
) -> list[Path]:
    """Run the scenario against ``base_url`` and write one redacted cassette per step."""
    transport = RecordingTransport()
    redactor = Redactor()
    redactor.record_ids(ids["contacts"], 1001)
    redactor.record_ids(ids["companies"], 2001)
    when = dt.date.today().isoformat()
    provenance = provenance or f"Recorded from the live API ({base_url}) on {when} by make record."
    written = []
    with (
        httpx.Client(transport=transport) as http,
        Associations(token, base_url=base_url, http_client=http, max_retries=0) as client,
        Associations("invalid-token", base_url=base_url, http_client=http, max_retries=0) as bad,
    ):
        for name, step in scenario(client, bad, ids, user_id):
            before = len(transport.exchanges)
            try:
                step()
            except errors.HubSpotError as exc:
                print(f"{name}: {type(exc).__name__}: {exc}")
            else:
                print(f"{name}: ok")
            exchanges = transport.exchanges[before:]
            if exchanges:
                path = out / f"live_{name}.yaml"
                write_cassette(
                    path, f"{provenance} Step {name}.", to_interactions(exchanges, redactor)
                )
                written.append(path)
    return written


def _objects(base_url: str, token: str) -> tuple[Callable[[str], str], Callable[[str, str], None]]:
    """Create and archive throwaway CRM records (not part of this SDK, so plain httpx)."""
    http = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30)

    def create(object_type: str) -> str:
        stamp = f"{int(time.time() * 1000)}"
        properties = (
            {"email": f"sdk-recording-{stamp}@example.com", "firstname": "SDK recording"}
            if object_type == "contacts"
            else {"name": f"SDK recording {stamp}", "domain": f"sdk-recording-{stamp}.example.com"}
        )
        response = http.post(f"/crm/objects/2026-03/{object_type}", json={"properties": properties})
        response.raise_for_status()
        return str(response.json()["id"])

    def archive(object_type: str, record_id: str) -> None:
        http.delete(f"/crm/objects/2026-03/{object_type}/{record_id}")

    return create, archive


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="https://api.hubapi.com")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[1] / "cassettes"
    )
    parser.add_argument("--user-id", type=int, default=None, help="for the high-usage report")
    args = parser.parse_args()
    if os.environ.get("CI"):
        print("make record talks to the live API: it never runs in CI", file=sys.stderr)
        return 2
    token = os.environ.get("HUBSPOT_ACCESS_TOKEN")
    if not token:
        print("set HUBSPOT_ACCESS_TOKEN to a private app token of a test account", file=sys.stderr)
        return 2
    create, archive = _objects(args.base_url, token)
    ids: dict[str, list[str]] = {"contacts": [], "companies": []}
    try:
        for object_type in ids:
            ids[object_type] = [create(object_type), create(object_type)]
        written = record(args.base_url, token, ids, args.out, args.user_id)
    finally:
        for object_type, made in ids.items():
            for record_id in made:
                archive(object_type, record_id)
    print(f"wrote {len(written)} cassettes to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
