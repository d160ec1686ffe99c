"""FakeHubSpot, driven with plain httpx over loopback: every operation, the errors, the faults."""

from __future__ import annotations

import re
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hubspot_associations.testing import FAULT_KINDS, FakeHubSpot
from hubspot_associations_api import API_VERSION

OBJ = f"/crm/objects/{API_VERSION}"
ASSOC = f"/crm/associations/{API_VERSION}"
AUTH = {"Authorization": "Bearer pat-na1-test"}
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# httpx builds a TLS context per client (tens of ms) even for http://; share one.
TLS = ssl.create_default_context()


def new_client(url: str, **headers: str) -> httpx.Client:
    return httpx.Client(base_url=url, headers=headers or AUTH, verify=TLS, timeout=5)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def _the_dialect_these_requests_speak(monkeypatch: pytest.MonkeyPatch) -> None:
    """The raw requests here spell 2026-03's paths and expect its statuses, so the fakes they
    start serve 2026-03 whatever version the suite runs on; a test taking ``api_version`` still
    sets its own (2026-09's dialect has its own tests in test_versions.py too)."""
    monkeypatch.setenv("HUBSPOT_API_VERSION", API_VERSION)


@pytest.fixture
def hs(fake_hubspot: FakeHubSpot) -> FakeHubSpot:
    fake_hubspot.add_records("contacts", range(1, 11))
    fake_hubspot.add_records("companies", range(100, 111))
    fake_hubspot.add_records("deals", [500, 501])
    return fake_hubspot


@pytest.fixture
def client(hs: FakeHubSpot) -> Iterator[httpx.Client]:
    with new_client(hs.url) as c:
        yield c


def put_default(client: httpx.Client, a: str, a_id: Any, b: str, b_id: Any) -> httpx.Response:
    return client.put(f"{OBJ}/{a}/{a_id}/associations/default/{b}/{b_id}")


def spec(category: str, type_id: int) -> dict[str, Any]:
    return {"associationCategory": category, "associationTypeId": type_id}


def pair_input(f: Any, t: Any, **extra: Any) -> dict[str, Any]:
    return {"from": {"id": str(f)}, "to": {"id": str(t)}, **extra}


def create_label(
    client: httpx.Client, a: str, b: str, name: str, label: str, inverse: str | None = None
) -> list[dict[str, Any]]:
    body: dict[str, Any] = {"name": name, "label": label}
    if inverse is not None:
        body["inverseLabel"] = inverse
    response = client.post(f"{ASSOC}/{a}/{b}/labels", json=body)
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def assert_error(response: httpx.Response, status: int, category: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json;charset=utf-8"
    body: dict[str, Any] = response.json()
    assert body["status"] == "error"
    assert body["correlationId"] == response.headers["x-hubspot-correlation-id"]
    assert body.get("category") == category
    return body


# 1. associate default ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "a_id", "b", "b_id", "forward", "backward"),
    [
        ("contacts", 1, "companies", 100, 279, 280),
        ("deals", 500, "contacts", 2, 3, 4),
        ("companies", 101, "deals", 501, 342, 341),
    ],
)
def test_associate_default_both_directions(
    hs: FakeHubSpot,
    client: httpx.Client,
    a: str,
    a_id: int,
    b: str,
    b_id: int,
    forward: int,
    backward: int,
) -> None:
    response = put_default(client, a, a_id, b, b_id)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "COMPLETE"
    assert TIMESTAMP.fullmatch(body["startedAt"]) and TIMESTAMP.fullmatch(body["completedAt"])
    assert body["results"] == [
        {
            "from": {"id": str(a_id)},
            "to": {"id": str(b_id)},
            "associationSpec": spec("HUBSPOT_DEFINED", forward),
        },
        {
            "from": {"id": str(b_id)},
            "to": {"id": str(a_id)},
            "associationSpec": spec("HUBSPOT_DEFINED", backward),
        },
    ]
    assert hs.associations(a, a_id, b) == [(str(b_id), [forward])]
    assert hs.associations(b, b_id, a) == [(str(a_id), [backward])]


def test_associate_default_derived_pair_is_stable_and_inverse() -> None:
    seen = []
    for _ in range(2):
        with FakeHubSpot() as fake, new_client(fake.url) as c:
            fake.add_records("products", [7])
            fake.add_records("quotes", [8])
            results = put_default(c, "products", 7, "quotes", 8).json()["results"]
            seen.append([r["associationSpec"]["associationTypeId"] for r in results])
    assert seen[0] == seen[1]
    assert seen[0][0] != seen[0][1]


def test_associate_default_unknown_record_is_404_and_not_applied(
    hs: FakeHubSpot, client: httpx.Client
) -> None:
    body = assert_error(
        put_default(client, "contacts", 1, "companies", 999), 404, "OBJECT_NOT_FOUND"
    )
    assert body["context"] == {"toObjectId": ["999"]}
    assert hs.associations("contacts", 1, "companies") == []


# 2. associate with labels -----------------------------------------------------------------------


def test_associate_with_labels_answers_201_with_numeric_ids(
    hs: FakeHubSpot, client: httpx.Client
) -> None:
    response = client.put(
        f"{OBJ}/contacts/3/associations/companies/104", json=[spec("HUBSPOT_DEFINED", 1)]
    )
    assert response.status_code == 201
    assert response.json() == {
        "fromObjectTypeId": "0-1",
        "fromObjectId": 3,
        "toObjectTypeId": "0-2",
        "toObjectId": 104,
        "labels": ["Primary"],
    }
    # The default (unlabeled) type comes along, as on HubSpot.
    assert hs.associations("contacts", 3, "companies") == [("104", [1, 279])]
    assert hs.associations("companies", 104, "contacts") == [("3", [2, 280])]


@pytest.mark.parametrize(
    "body",
    [
        [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 3}],  # deal->contact
        [{"associationCategory": "USER_DEFINED", "associationTypeId": 1}],  # wrong category
    ],
)
def test_associate_with_unknown_type_is_400(
    hs: FakeHubSpot, client: httpx.Client, body: list[dict[str, Any]]
) -> None:
    response = client.put(f"{OBJ}/contacts/1/associations/companies/100", json=body)
    assert_error(response, 400, "VALIDATION_ERROR")
    assert hs.associations("contacts", 1, "companies") == []


def test_associate_with_malformed_body_is_400_with_errors(client: httpx.Client) -> None:
    path = f"{OBJ}/contacts/1/associations/companies/100"
    bad_json = client.put(path, content=b"[{", headers={"Content-Type": "application/json"})
    assert assert_error(bad_json, 400, "VALIDATION_ERROR")["errors"]
    missing = client.put(path, json=[{"associationCategory": "HUBSPOT_DEFINED"}])
    errors = assert_error(missing, 400, "VALIDATION_ERROR")["errors"]
    assert errors[0]["in"] == "associationTypeId"


# 3. remove ---------------------------------------------------------------------------------------


def test_remove_deletes_every_type_both_directions(hs: FakeHubSpot, client: httpx.Client) -> None:
    client.put(f"{OBJ}/contacts/1/associations/companies/100", json=[spec("HUBSPOT_DEFINED", 1)])
    put_default(client, "contacts", 1, "companies", 101)
    response = client.delete(f"{OBJ}/companies/100/associations/contacts/1")
    assert response.status_code == 204
    assert response.content == b""
    assert hs.associations("contacts", 1, "companies") == [("101", [279])]
    assert hs.associations("companies", 100, "contacts") == []


def test_remove_unknown_record_is_404(client: httpx.Client) -> None:
    response = client.delete(f"{OBJ}/contacts/77/associations/companies/100")
    assert_error(response, 404, "OBJECT_NOT_FOUND")


# 4. list -----------------------------------------------------------------------------------------


def test_list_shows_inverse_type_and_numeric_ids(client: httpx.Client) -> None:
    put_default(client, "contacts", 2, "companies", 100)
    response = client.get(f"{OBJ}/companies/100/associations/contacts")
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "toObjectId": 2,
                "associationTypes": [{"category": "HUBSPOT_DEFINED", "typeId": 280, "label": None}],
            }
        ]
    }


def collect_pages(client: httpx.Client, path: str, params: dict[str, Any]) -> list[list[int]]:
    pages: list[list[int]] = []
    while True:
        body = client.get(path, params=params).json()
        pages.append([r["toObjectId"] for r in body["results"]])
        if "paging" not in body:
            return pages
        assert body["paging"]["next"]["link"].startswith(str(client.base_url).rstrip("/"))
        params = {**params, "after": body["paging"]["next"]["after"]}


def test_list_paging_with_limit(client: httpx.Client) -> None:
    for company in (104, 100, 103, 101, 102):
        put_default(client, "contacts", 1, "companies", company)
    pages = collect_pages(client, f"{OBJ}/contacts/1/associations/companies", {"limit": 2})
    assert pages == [[100, 101], [102, 103], [104]]


def test_list_paging_with_lowered_page_size(hs: FakeHubSpot, client: httpx.Client) -> None:
    hs.list_page_size = 3
    for company in range(100, 107):
        put_default(client, "contacts", 1, "companies", company)
    pages = collect_pages(client, f"{OBJ}/contacts/1/associations/companies", {"limit": 500})
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [company for page in pages for company in page] == list(range(100, 107))


@pytest.mark.parametrize("params", [{"limit": 501}, {"limit": 0}, {"after": "not-a-cursor"}])
def test_list_bad_paging_is_400(client: httpx.Client, params: dict[str, Any]) -> None:
    response = client.get(f"{OBJ}/contacts/1/associations/companies", params=params)
    assert_error(response, 400, "VALIDATION_ERROR")


def test_list_of_record_without_associations_is_empty(client: httpx.Client) -> None:
    response = client.get(f"{OBJ}/contacts/5/associations/deals")
    assert response.status_code == 200
    assert response.json() == {"results": []}


# 5. batch associate default ----------------------------------------------------------------------


def test_batch_associate_default_applies_all(hs: FakeHubSpot, client: httpx.Client) -> None:
    inputs = [pair_input(1, 100), pair_input(2, 101)]
    response = client.post(
        f"{ASSOC}/contacts/companies/batch/associate/default", json={"inputs": inputs}
    )
    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert len(body["results"]) == 4
    assert body["results"][1] == {
        "from": {"id": "100"},
        "to": {"id": "1"},
        "associationSpec": spec("HUBSPOT_DEFINED", 280),
    }
    assert hs.associations("companies", 101, "contacts") == [("2", [280])]


def test_batch_associate_default_partial_failure_is_200_with_errors(
    hs: FakeHubSpot, client: httpx.Client
) -> None:
    # HubSpot's 2026-03 spec documents only 200 here: the errors are in the body.
    inputs = [pair_input(1, 100), pair_input(1, 999), pair_input("x", 100)]
    response = client.post(
        f"{ASSOC}/contacts/companies/batch/associate/default", json={"inputs": inputs}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["numErrors"] == 2
    missing, invalid = body["errors"]
    assert missing["status"] == "error"
    assert missing["category"] == "VALIDATION_ERROR"
    assert missing["subCategory"] == "crm.associations.INVALID_IDENTIFIER"
    assert missing["context"] == {"toObjectId": ["999"]}  # only the missing side, as HubSpot
    assert missing["errors"] == [] and missing["links"] == {}
    assert invalid["context"]["fromObjectId"] == ["x"]
    assert len(body["results"]) == 2
    assert hs.associations("contacts", 1, "companies") == [("100", [279])]


@pytest.mark.parametrize(
    "payload",
    [b"{not json", b'{"inputs": 3}', b'{"inputs": [{"from": {"id": "1"}}]}', b"{}"],
)
def test_batch_bad_body_is_400(hs: FakeHubSpot, client: httpx.Client, payload: bytes) -> None:
    response = client.post(
        f"{ASSOC}/contacts/companies/batch/associate/default",
        content=payload,
        headers={"Content-Type": "application/json"},
    )
    assert assert_error(response, 400, "VALIDATION_ERROR")["errors"]
    assert hs.associations("contacts", 1, "companies") == []


# 6. batch create --------------------------------------------------------------------------------


def test_batch_create_201_and_207(hs: FakeHubSpot, client: httpx.Client) -> None:
    ok = client.post(
        f"{ASSOC}/deals/companies/batch/create",
        json={"inputs": [pair_input(500, 100, types=[spec("HUBSPOT_DEFINED", 5)])]},
    )
    assert ok.status_code == 201
    assert ok.json()["results"] == [
        {
            "fromObjectTypeId": "0-3",
            "fromObjectId": 500,
            "toObjectTypeId": "0-2",
            "toObjectId": 100,
            "labels": ["Primary"],
        }
    ]
    partial = client.post(
        f"{ASSOC}/deals/companies/batch/create",
        json={
            "inputs": [
                pair_input(501, 100, types=[spec("HUBSPOT_DEFINED", 341)]),
                pair_input(501, 101, types=[spec("HUBSPOT_DEFINED", 279)]),
                pair_input(502, 101, types=[spec("HUBSPOT_DEFINED", 341)]),
            ]
        },
    )
    assert partial.status_code == 207
    body = partial.json()
    assert [r["toObjectId"] for r in body["results"]] == [100]
    assert body["numErrors"] == 2
    assert body["errors"][0]["context"]["associationTypeId"] == ["279"]
    assert body["errors"][1]["context"] == {"fromObjectId": ["502"]}  # deal 502 does not exist
    assert hs.associations("deals", 501, "companies") == [("100", [341])]
    assert hs.associations("companies", 100, "deals") == [("500", [6, 342]), ("501", [342])]


# 7. batch read ----------------------------------------------------------------------------------


def test_batch_read_no_associations_is_207_error(client: httpx.Client) -> None:
    put_default(client, "contacts", 1, "companies", 100)
    put_default(client, "contacts", 1, "companies", 101)
    response = client.post(
        f"{ASSOC}/contacts/companies/batch/read", json={"inputs": [{"id": "1"}, {"id": "2"}]}
    )
    assert response.status_code == 207
    body = response.json()
    assert body["results"] == [
        {
            "from": {"id": "1"},
            "to": [
                {
                    "toObjectId": company,
                    "associationTypes": [
                        {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None}
                    ],
                }
                for company in (100, 101)
            ],
        }
    ]
    (error,) = body["errors"]
    assert error["category"] == "OBJECT_NOT_FOUND"
    assert error["subCategory"] == "crm.associations.NO_ASSOCIATIONS_FOUND"
    assert error["context"] == {"fromObjectId": ["2"]}


def test_batch_read_all_found_is_200_and_pages_per_input(
    hs: FakeHubSpot, client: httpx.Client
) -> None:
    hs.batch_read_page_size = 2
    for company in range(100, 105):
        put_default(client, "contacts", 1, "companies", company)
    put_default(client, "contacts", 2, "companies", 100)
    path = f"{ASSOC}/contacts/companies/batch/read"
    response = client.post(path, json={"inputs": [{"id": "1"}, {"id": 2}]})
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert "paging" not in second
    seen = [t["toObjectId"] for t in first["to"]]
    after = first["paging"]["next"]["after"]
    while True:
        (result,) = client.post(path, json={"inputs": [{"id": "1", "after": after}]}).json()[
            "results"
        ]
        seen += [t["toObjectId"] for t in result["to"]]
        if "paging" not in result:
            break
        after = result["paging"]["next"]["after"]
    assert seen == list(range(100, 105))


def test_batch_read_too_many_inputs_is_400(client: httpx.Client) -> None:
    inputs = [{"id": str(i)} for i in range(1001)]
    response = client.post(f"{ASSOC}/contacts/companies/batch/read", json={"inputs": inputs})
    assert_error(response, 400, "VALIDATION_ERROR")


# 8. batch archive -------------------------------------------------------------------------------


def test_batch_archive_answers_200_with_body(hs: FakeHubSpot, client: httpx.Client) -> None:
    for company in (100, 101, 102):
        put_default(client, "contacts", 1, "companies", company)
    response = client.post(
        f"{ASSOC}/contacts/companies/batch/archive",
        json={"inputs": [{"from": {"id": "1"}, "to": [{"id": "100"}, {"id": "102"}, {"id": "9"}]}]},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "COMPLETE" and body["results"] == []
    assert TIMESTAMP.fullmatch(body["completedAt"])
    assert hs.associations("contacts", 1, "companies") == [("101", [279])]
    assert hs.associations("companies", 100, "contacts") == []


def test_batch_archive_missing_to_is_400(client: httpx.Client) -> None:
    response = client.post(
        f"{ASSOC}/contacts/companies/batch/archive", json={"inputs": [{"from": {"id": "1"}}]}
    )
    assert_error(response, 400, "VALIDATION_ERROR")


# 9. batch archive labels ------------------------------------------------------------------------


def test_batch_archive_labels(hs: FakeHubSpot, client: httpx.Client) -> None:
    for company in (100, 101):
        client.put(
            f"{OBJ}/contacts/1/associations/companies/{company}",
            json=[spec("HUBSPOT_DEFINED", 1)],
        )
    response = client.post(
        f"{ASSOC}/contacts/companies/batch/labels/archive",
        json={
            "inputs": [
                pair_input(1, 100, types=[spec("HUBSPOT_DEFINED", 1)]),
                pair_input(1, 101, types=[spec("HUBSPOT_DEFINED", 279)]),
            ]
        },
    )
    assert response.status_code == 200
    assert response.json()["results"] == []
    # Removing the label keeps the pair; removing the unlabeled type removes it all.
    assert hs.associations("contacts", 1, "companies") == [("100", [279])]
    assert hs.associations("companies", 100, "contacts") == [("1", [280])]
    assert hs.associations("companies", 101, "contacts") == []


def test_batch_archive_labels_unknown_type_is_200_with_errors(
    hs: FakeHubSpot, client: httpx.Client
) -> None:
    put_default(client, "contacts", 1, "companies", 100)
    response = client.post(
        f"{ASSOC}/contacts/companies/batch/labels/archive",
        json={"inputs": [pair_input(1, 100, types=[spec("USER_DEFINED", 12345)])]},
    )
    assert response.status_code == 200
    assert response.json()["numErrors"] == 1
    assert response.json()["errors"][0]["category"] == "VALIDATION_ERROR"
    assert hs.associations("contacts", 1, "companies") == [("100", [279])]


# batches with some failed inputs: HubSpot's documented status -----------------------------------

LIMITS = f"{ASSOC}/definitions/configurations/contacts/companies/batch"
BAD_TYPE = {"category": "HUBSPOT_DEFINED", "typeId": 4}


@pytest.mark.parametrize(
    ("path", "inputs", "status"),
    [
        # 2026-03 documents 200 only: the errors are in the 200's body.
        ("contacts/companies/batch/associate/default", [pair_input(1, 100), pair_input(1, 9)], 200),
        ("contacts/companies/batch/archive", [{"from": {"id": "x"}, "to": [{"id": "100"}]}], 200),
        (
            "contacts/companies/batch/labels/archive",
            [pair_input(1, 100, types=[spec("USER_DEFINED", 12345)])],
            200,
        ),
        ("definitions/configurations/contacts/companies/batch/purge", [BAD_TYPE], 200),
        # 2026-03 documents 207 for these.
        (
            "contacts/companies/batch/create",
            [
                pair_input(1, 100, types=[spec("HUBSPOT_DEFINED", 279)]),
                pair_input(1, 9, types=[spec("HUBSPOT_DEFINED", 279)]),
            ],
            207,
        ),
        ("contacts/companies/batch/read", [{"id": "1"}], 207),
        (
            "definitions/configurations/contacts/companies/batch/create",
            [{**BAD_TYPE, "maxToObjectIds": 2}],
            207,
        ),
        (
            "definitions/configurations/contacts/companies/batch/update",
            [{**BAD_TYPE, "maxToObjectIds": 2}],
            207,
        ),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_partial_failure_answers_the_documented_status(
    client: httpx.Client, path: str, inputs: list[Any], status: int
) -> None:
    response = client.post(f"{ASSOC}/{path}", json={"inputs": inputs})
    assert response.status_code == status
    body = response.json()
    assert body["status"] == "COMPLETE"
    assert body["numErrors"] == len(body["errors"]) >= 1


# 10. high-usage report --------------------------------------------------------------------------


def test_high_usage_report(client: httpx.Client) -> None:
    before = int(time.time() * 1000)
    response = client.post(f"{ASSOC}/usage/high-usage-report/4242")
    assert response.status_code == 200
    body = response.json()
    assert body["userId"] == 4242
    assert isinstance(body["userEmail"], str) and "@" in body["userEmail"]
    assert body["enqueueTime"]["value"] >= before
    assert body["enqueueTime"]["dateOnly"] is False
    assert_error(client.post(f"{ASSOC}/usage/high-usage-report/me"), 400, "VALIDATION_ERROR")


# 11-14. labels ----------------------------------------------------------------------------------


def test_list_labels_of_a_pair(client: httpx.Client) -> None:
    response = client.get(f"{ASSOC}/contacts/companies/labels")
    assert response.status_code == 200
    assert response.json()["results"] == [
        {"category": "HUBSPOT_DEFINED", "typeId": 1, "label": "Primary"},
        {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None},
    ]


def test_label_lifecycle_create_use_list_update_delete(
    hs: FakeHubSpot, client: httpx.Client
) -> None:
    created = create_label(client, "contacts", "companies", "boss", "Manager", "Managed by")
    forward, inverse = created
    assert forward["category"] == inverse["category"] == "USER_DEFINED"
    assert forward["label"] == "Manager" and inverse["label"] == "Managed by"
    assert forward["typeId"] >= 100 and inverse["typeId"] != forward["typeId"]

    used = client.put(
        f"{OBJ}/contacts/1/associations/companies/100",
        json=[spec("USER_DEFINED", forward["typeId"])],
    )
    assert used.status_code == 201
    assert used.json()["labels"] == ["Manager"]
    # The other direction shows the inverse type id and label.
    listed = client.get(f"{OBJ}/companies/100/associations/contacts").json()["results"]
    assert listed[0]["associationTypes"] == [
        {"category": "USER_DEFINED", "typeId": inverse["typeId"], "label": "Managed by"},
        {"category": "HUBSPOT_DEFINED", "typeId": 280, "label": None},
    ]
    labels = client.get(f"{ASSOC}/companies/contacts/labels").json()["results"]
    assert {
        "category": "USER_DEFINED",
        "typeId": inverse["typeId"],
        "label": "Managed by",
    } in labels

    updated = client.put(
        f"{ASSOC}/contacts/companies/labels",
        json={"associationTypeId": forward["typeId"], "label": "Boss", "inverseLabel": "Bossed"},
    )
    assert updated.status_code == 204
    labels = client.get(f"{ASSOC}/contacts/companies/labels").json()["results"]
    assert {"category": "USER_DEFINED", "typeId": forward["typeId"], "label": "Boss"} in labels
    assert hs.associations("companies", 100, "contacts") == [("1", [inverse["typeId"], 280])]

    deleted = client.delete(f"{ASSOC}/contacts/companies/labels/{forward['typeId']}")
    assert deleted.status_code == 204
    labels = client.get(f"{ASSOC}/contacts/companies/labels").json()["results"]
    assert forward["typeId"] not in [label["typeId"] for label in labels]
    assert hs.associations("contacts", 1, "companies") == [("100", [279])]
    assert hs.associations("companies", 100, "contacts") == [("1", [280])]


def test_label_without_inverse_is_listed_both_ways(client: httpx.Client) -> None:
    (forward,) = create_label(client, "deals", "contacts", "champ", "Champion")
    put = client.post(
        f"{ASSOC}/deals/contacts/batch/create",
        json={"inputs": [pair_input(500, 1, types=[spec("USER_DEFINED", forward["typeId"])])]},
    )
    assert put.status_code == 201
    types = client.get(f"{OBJ}/contacts/1/associations/deals").json()["results"][0]
    labels = {t["label"] for t in types["associationTypes"]}
    assert labels == {"Champion", None}


def test_label_errors(client: httpx.Client) -> None:
    create_label(client, "contacts", "companies", "dup", "One")
    again = client.post(f"{ASSOC}/contacts/companies/labels", json={"name": "dup", "label": "Two"})
    assert_error(again, 409, "CONFLICT")
    missing = client.post(f"{ASSOC}/contacts/companies/labels", json={"name": "x"})
    assert_error(missing, 400, "VALIDATION_ERROR")
    hubspot_defined = client.put(
        f"{ASSOC}/contacts/companies/labels", json={"associationTypeId": 279, "label": "No"}
    )
    assert_error(hubspot_defined, 400, "VALIDATION_ERROR")
    assert_error(client.delete(f"{ASSOC}/contacts/companies/labels/9999"), 404, "OBJECT_NOT_FOUND")
    assert_error(client.delete(f"{ASSOC}/contacts/companies/labels/279"), 400, "VALIDATION_ERROR")


# 15-19. limits ----------------------------------------------------------------------------------


def test_limit_configuration_lifecycle(client: httpx.Client) -> None:
    base = f"{ASSOC}/definitions/configurations"
    created = client.post(
        f"{base}/contacts/companies/batch/create",
        json={"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 1, "maxToObjectIds": 1}]},
    )
    assert created.status_code == 201
    assert created.json()["results"] == [
        {
            "category": "HUBSPOT_DEFINED",
            "typeId": 1,
            "label": "Primary",
            "userEnforcedMaxToObjectIds": 1,
        }
    ]
    pair = client.get(f"{base}/contacts/companies").json()["results"]
    assert pair == [
        {
            "category": "HUBSPOT_DEFINED",
            "typeId": 1,
            "label": "Primary",
            "userEnforcedMaxToObjectIds": 1,
        },
        {"category": "HUBSPOT_DEFINED", "typeId": 279},
    ]
    updated = client.post(
        f"{base}/contacts/companies/batch/update",
        json={"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 1, "maxToObjectIds": 2}]},
    )
    assert updated.status_code == 200
    assert updated.json()["results"] == [
        {"category": "HUBSPOT_DEFINED", "typeId": 1, "userEnforcedMaxToObjectIds": 2}
    ]
    everything = client.get(f"{base}/all")
    assert everything.status_code == 200
    assert everything.json()["results"] == [
        {
            "category": "HUBSPOT_DEFINED",
            "typeId": 1,
            "label": "Primary",
            "userEnforcedMaxToObjectIds": 2,
        }
    ]
    purged = client.post(
        f"{base}/contacts/companies/batch/purge",
        json={"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 1}]},
    )
    assert purged.status_code == 200
    assert purged.json()["status"] == "COMPLETE"
    assert client.get(f"{base}/all").json()["results"] == []


def test_limit_configuration_bad_inputs(client: httpx.Client) -> None:
    base = f"{ASSOC}/definitions/configurations/contacts/companies/batch"
    partial = client.post(
        f"{base}/create",
        json={
            "inputs": [
                {"category": "HUBSPOT_DEFINED", "typeId": 3, "maxToObjectIds": 5},
                {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 0},
                {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 5},
            ]
        },
    )
    assert partial.status_code == 207
    assert partial.json()["numErrors"] == 2
    assert [r["typeId"] for r in partial.json()["results"]] == [279]
    missing = client.post(f"{base}/update", json={"inputs": [{"category": "HUBSPOT_DEFINED"}]})
    assert_error(missing, 400, "VALIDATION_ERROR")
    purge = client.post(
        f"{base}/purge", json={"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 4}]}
    )
    assert purge.status_code == 200
    assert purge.json()["numErrors"] == 1


def test_limits_are_enforced_single_and_batch(hs: FakeHubSpot, client: httpx.Client) -> None:
    # At most 2 contacts per company (checked on the inverse direction as well).
    client.post(
        f"{ASSOC}/definitions/configurations/companies/contacts/batch/create",
        json={"inputs": [{"category": "HUBSPOT_DEFINED", "typeId": 280, "maxToObjectIds": 2}]},
    )
    assert put_default(client, "contacts", 1, "companies", 100).status_code == 200
    assert put_default(client, "contacts", 2, "companies", 100).status_code == 200
    assert put_default(client, "contacts", 1, "companies", 100).status_code == 200  # already there
    assert_error(put_default(client, "contacts", 3, "companies", 100), 400, "VALIDATION_ERROR")
    batch = client.post(
        f"{ASSOC}/contacts/companies/batch/associate/default",
        json={"inputs": [pair_input(4, 100), pair_input(4, 101)]},
    )
    assert batch.status_code == 200
    # The limit is company 100's (the inverse direction): the error names it, as the to-record.
    assert batch.json()["errors"][0]["context"] == {
        "toObjectId": ["100"],
        "associationTypeId": ["280"],
    }
    assert [to for to, _ in hs.associations("companies", 100, "contacts")] == ["1", "2"]
    assert hs.associations("contacts", 4, "companies") == [("101", [279])]


# common behaviour -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", f"{OBJ}/butterflies/1/associations/default/companies/100"),
        ("GET", f"{OBJ}/contacts/1/associations/butterflies"),
        ("GET", f"{ASSOC}/butterflies/contacts/labels"),
        ("POST", f"{ASSOC}/contacts/butterflies/batch/read"),
        ("GET", f"{ASSOC}/definitions/configurations/contacts/butterflies"),
    ],
)
def test_unknown_object_type_body_has_no_category(
    client: httpx.Client, method: str, path: str
) -> None:
    response = client.request(method, path, json={"inputs": []})
    body = assert_error(response, 400, None)
    assert body["message"] == "Unable to infer object type from: butterflies"
    assert set(body) == {"status", "message", "correlationId"}


def test_object_types_by_singular_name_id_and_custom(hs: FakeHubSpot, client: httpx.Client) -> None:
    hs.add_object_type("p_cars", "2-123")
    hs.add_records("p_cars", ["7"])
    assert put_default(client, "contact", 1, "0-2", 100).status_code == 200
    assert put_default(client, "2-123", 7, "contacts", 1).status_code == 200
    by_name = client.get(f"{OBJ}/contacts/1/associations/p_cars").json()["results"]
    by_id = client.get(f"{OBJ}/0-1/1/associations/2-123").json()["results"]
    assert by_name == by_id
    assert [r["toObjectId"] for r in by_name] == [7]
    assert hs.associations("companies", 100, "contact") == [("1", [280])]


def test_wrong_version_or_unknown_path_is_404(client: httpx.Client) -> None:
    assert client.get("/crm/v4/objects/contacts/1/associations/companies").status_code == 404
    assert client.get(f"{ASSOC}/contacts/companies/nothing").status_code == 404
    assert client.post(f"{ASSOC}/contacts/companies/labels/1").status_code == 405


def test_missing_token_is_401(hs: FakeHubSpot) -> None:
    with httpx.Client(base_url=hs.url, verify=TLS) as anonymous:
        response = put_default(anonymous, "contacts", 1, "companies", 100)
    body = assert_error(response, 401, "INVALID_AUTHENTICATION")
    assert body["message"].startswith("Authentication credentials not found")
    assert hs.associations("contacts", 1, "companies") == []


def test_access_token_rejects_other_tokens() -> None:
    with FakeHubSpot(access_token="pat-right") as fake:
        fake.add_records("contacts", [1])
        fake.add_records("companies", [2])
        with new_client(fake.url, Authorization="Bearer pat-wrong") as wrong_client:
            wrong = put_default(wrong_client, "contacts", 1, "companies", 2)
        assert_error(wrong, 401, "INVALID_AUTHENTICATION")
        assert fake.associations("contacts", 1, "companies") == []
        with new_client(fake.url, Authorization="Bearer pat-right") as right_client:
            assert put_default(right_client, "contacts", 1, "companies", 2).status_code == 200


def test_every_response_has_a_fresh_correlation_id(client: httpx.Client) -> None:
    ids = {
        client.get(f"{ASSOC}/contacts/companies/labels").headers["x-hubspot-correlation-id"]
        for _ in range(3)
    }
    assert len(ids) == 3
    assert all(UUID.fullmatch(i) for i in ids)


def test_requests_are_recorded(hs: FakeHubSpot, client: httpx.Client) -> None:
    client.post(
        f"{ASSOC}/contacts/companies/batch/read",
        params={"x": "1"},
        json={"inputs": [{"id": "1"}]},
        headers={"X-Custom": "Yes"},
    )
    (recorded,) = hs.requests
    assert recorded.method == "POST"
    assert recorded.path == f"{ASSOC}/contacts/companies/batch/read"
    assert recorded.query == {"x": "1"}
    assert recorded.json == {"inputs": [{"id": "1"}]}
    assert recorded.headers["x-custom"] == "Yes"
    assert recorded.headers["authorization"] == AUTH["Authorization"]
    assert hs.request_count == 1
    hs.clear_requests()
    assert hs.requests == [] and hs.request_count == 0


def test_concurrent_clients_see_consistent_state(hs: FakeHubSpot) -> None:
    hs.add_records("contacts", range(1000, 1200))

    def worker(offset: int) -> None:
        with new_client(hs.url) as c:
            for contact in range(1000 + offset, 1200, 4):
                assert put_default(c, "contacts", contact, "companies", 100).status_code == 200

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(hs.associations("companies", 100, "contacts")) == 200
    assert hs.association_count == 400


# rate limits ------------------------------------------------------------------------------------


def test_rolling_rate_limit_with_fake_clock() -> None:
    clock = FakeClock()
    with (
        FakeHubSpot(rate_limit=(3, 10), clock=clock) as fake,
        new_client(fake.url) as c,
    ):
        fake.add_records("contacts", [1, 2, 3, 4])
        fake.add_records("companies", [9])
        remaining = []
        for contact in (1, 2, 3):
            response = put_default(c, "contacts", contact, "companies", 9)
            assert response.status_code == 200
            assert response.headers["x-hubspot-ratelimit-max"] == "3"
            assert response.headers["x-hubspot-ratelimit-interval-milliseconds"] == "10000"
            remaining.append(response.headers["x-hubspot-ratelimit-remaining"])
            clock.now += 1
        assert remaining == ["2", "1", "0"]
        limited = put_default(c, "contacts", 4, "companies", 9)
        assert limited.status_code == 429
        body = limited.json()
        assert body["errorType"] == "RATE_LIMIT"
        assert body["policyName"] == "TEN_SECONDLY_ROLLING"
        assert body["message"] == "You have reached your ten_secondly_rolling limit."
        assert body["correlationId"] == limited.headers["x-hubspot-correlation-id"]
        assert "category" not in body
        assert fake.associations("contacts", 4, "companies") == []
        assert fake.rate_limited_count == 1
        clock.now += 7.01  # the first request leaves the 10 s window, one slot frees up
        assert put_default(c, "contacts", 4, "companies", 9).status_code == 200
        assert put_default(c, "contacts", 4, "companies", 9).status_code == 429
        assert fake.rate_limited_count == 2


def test_daily_limit_with_fake_clock() -> None:
    clock = FakeClock()
    with (
        FakeHubSpot(daily_limit=2, clock=clock) as fake,
        new_client(fake.url) as c,
    ):
        path = f"{ASSOC}/contacts/companies/labels"
        first = c.get(path)
        assert first.headers["x-hubspot-ratelimit-daily"] == "2"
        assert first.headers["x-hubspot-ratelimit-daily-remaining"] == "1"
        assert c.get(path).status_code == 200
        limited = c.get(path)
        assert limited.status_code == 429
        assert limited.json()["policyName"] == "DAILY"
        clock.now += 86_400
        assert c.get(path).status_code == 200


# faults -----------------------------------------------------------------------------------------


def test_reset_before_does_not_apply(hs: FakeHubSpot, client: httpx.Client) -> None:
    hs.inject("reset_before")
    with pytest.raises(httpx.TransportError):
        put_default(client, "contacts", 1, "companies", 100)
    assert hs.associations("contacts", 1, "companies") == []
    assert hs.request_count == 1
    assert put_default(client, "contacts", 1, "companies", 100).status_code == 200


def test_reset_after_applies_but_client_sees_error(hs: FakeHubSpot, client: httpx.Client) -> None:
    hs.inject("reset_after")
    with pytest.raises(httpx.TransportError):
        put_default(client, "contacts", 1, "companies", 100)
    assert hs.associations("contacts", 1, "companies") == [("100", [279])]


def test_truncated_applies_and_body_is_cut(hs: FakeHubSpot, client: httpx.Client) -> None:
    hs.inject("truncated")
    with pytest.raises(httpx.RemoteProtocolError):
        put_default(client, "contacts", 1, "companies", 100)
    assert hs.associations("contacts", 1, "companies") == [("100", [279])]


@pytest.mark.parametrize(
    ("kind", "status", "content_type"),
    [
        ("html_502", 502, "text/html"),
        ("json_500", 500, "application/json;charset=utf-8"),
        ("json_503", 503, "application/json;charset=utf-8"),
        ("status_521", 521, "text/plain"),
        ("status_524", 524, "text/plain"),
    ],
)
def test_error_faults_are_not_applied(
    hs: FakeHubSpot, client: httpx.Client, kind: str, status: int, content_type: str
) -> None:
    hs.inject(kind)
    response = put_default(client, "contacts", 1, "companies", 100)
    assert response.status_code == status
    assert response.headers["content-type"] == content_type
    if content_type.startswith("application/json"):
        assert response.json()["status"] == "error"
    else:
        assert not response.text.lstrip().startswith("{")
    assert hs.associations("contacts", 1, "companies") == []
    assert put_default(client, "contacts", 1, "companies", 100).status_code == 200


@pytest.mark.parametrize(
    ("kind", "policy"), [("rate_limit", "TEN_SECONDLY_ROLLING"), ("daily_limit", "DAILY")]
)
def test_injected_429(hs: FakeHubSpot, client: httpx.Client, kind: str, policy: str) -> None:
    hs.inject(kind)
    response = put_default(client, "contacts", 1, "companies", 100)
    assert response.status_code == 429
    assert response.json()["policyName"] == policy
    assert response.json()["errorType"] == "RATE_LIMIT"
    assert hs.rate_limited_count == 1
    assert hs.associations("contacts", 1, "companies") == []


def test_delay_fault_answers_normally_after_the_delay(
    hs: FakeHubSpot, client: httpx.Client
) -> None:
    hs.inject("delay", delay=0.15)
    started = time.perf_counter()
    response = put_default(client, "contacts", 1, "companies", 100)
    assert time.perf_counter() - started >= 0.15
    assert response.status_code == 200
    assert hs.associations("contacts", 1, "companies") == [("100", [279])]


def test_faults_match_and_count(hs: FakeHubSpot, client: httpx.Client) -> None:
    hs.inject("json_503", times=2, match="/batch/read")
    hs.inject("json_500", match=lambda method, path: method == "DELETE")
    assert hs.pending_faults == 3
    assert client.get(f"{ASSOC}/contacts/companies/labels").status_code == 200
    read = f"{ASSOC}/contacts/companies/batch/read"
    statuses = [client.post(read, json={"inputs": []}).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]
    assert client.delete(f"{OBJ}/contacts/1/associations/companies/100").status_code == 500
    assert client.delete(f"{OBJ}/contacts/1/associations/companies/100").status_code == 204
    assert hs.pending_faults == 0


def test_inject_rejects_unknown_kind(hs: FakeHubSpot) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        hs.inject("gremlins")
    assert "reset_before" in FAULT_KINDS


# lifecycle and entry point ----------------------------------------------------------------------


def test_stop_is_idempotent_and_state_survives_restart() -> None:
    fake = FakeHubSpot()
    fake.add_records("contacts", [1])
    fake.add_records("companies", [2])
    with fake, new_client(fake.url) as c:
        assert put_default(c, "contacts", 1, "companies", 2).status_code == 200
    fake.stop()
    with pytest.raises(RuntimeError):
        _ = fake.url
    with fake, new_client(fake.url) as c:
        listed = c.get(f"{OBJ}/companies/2/associations/contacts")
        assert [r["toObjectId"] for r in listed.json()["results"]] == [1]


def test_add_records_validates() -> None:
    fake = FakeHubSpot()
    with pytest.raises(ValueError, match="object type"):
        fake.add_records("butterflies", [1])
    with pytest.raises(ValueError, match="record ids"):
        fake.add_records("contacts", ["abc"])


def test_command_line_entry_point() -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hubspot_associations.testing",
            "--port",
            "0",
            "--records",
            "contacts:1-3",
            "companies:10,11",
            "--rate-limit",
            "50/10",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        with new_client(url) as c:
            response = put_default(c, "contacts", 3, "companies", 11)
        assert response.status_code == 200
        assert response.headers["x-hubspot-ratelimit-max"] == "50"
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0


def test_the_fake_takes_a_burst_of_connections_without_dropping_any() -> None:
    # An asyncio client with 50 tasks opens up to 50 connections at once. With a listen
    # backlog of 5, the kernel dropped the connects beyond it, each then stalled 1-3 s until
    # the SYN was sent again. On loopback a connect the kernel takes completes within the
    # connect call, so which sockets are writable right after shows which were dropped.
    import select
    import socket

    from hubspot_associations.testing._server import Server

    server = Server(("127.0.0.1", 0), FakeHubSpot()._app)  # listening, nothing accepted yet
    sockets = [socket.socket() for _ in range(50)]
    try:
        for sock in sockets:
            sock.setblocking(False)
            sock.connect_ex(server.server_address)
        _, connected, _ = select.select([], sockets, [], 0)
        assert len(connected) == len(sockets)
    finally:
        for sock in sockets:
            sock.close()
        server.server_close()
