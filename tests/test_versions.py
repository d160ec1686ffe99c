"""Choosing the HubSpot API version: 2026-03 (the default) or 2026-09, same methods, same types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from clients import async_client, sync_client
from hubspot_associations import Associations, AsyncAssociations, types
from hubspot_associations._generated import DEFAULT_VERSION, VERSIONS
from scripted_server import ScriptedServer

BOTH = pytest.mark.parametrize("version", list(VERSIONS))
STAMP = {"startedAt": "2026-09-01T00:00:00Z", "completedAt": "2026-09-01T00:00:01Z"}
DEFAULT_PAIR = {
    "status": "COMPLETE",
    "results": [
        {
            "from": {"id": "1"},
            "to": {"id": "2"},
            "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279},
        }
    ],
    **STAMP,
}


def _paths(server: ScriptedServer) -> list[str]:
    return [r.path.split("?")[0] for r in server.received]


def test_the_default_is_2026_03_and_the_versions_are_listed() -> None:
    assert DEFAULT_VERSION == "2026-03"
    assert list(VERSIONS) == ["2026-03", "2026-09"]


@BOTH
def test_the_version_chooses_the_paths_sync(server: ScriptedServer, version: str) -> None:
    server.reply(200, DEFAULT_PAIR)
    with sync_client(server.url, api_version=version) as client:
        assert client.api_version == version
        assert version in repr(client)
        client.associate_default("contacts", 1, "companies", 2)
    assert _paths(server) == [f"/crm/objects/{version}/contacts/1/associations/default/companies/2"]


@BOTH
@pytest.mark.anyio
async def test_the_version_chooses_the_paths_async(server: ScriptedServer, version: str) -> None:
    server.reply(200, DEFAULT_PAIR)
    async with async_client(server.url, api_version=version) as client:
        assert client.api_version == version
        await client.associate_default("contacts", 1, "companies", 2)
    assert _paths(server) == [f"/crm/objects/{version}/contacts/1/associations/default/companies/2"]


def test_the_environment_variable_chooses_when_the_argument_does_not(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HUBSPOT_API_VERSION", " 2026-09 ")
    assert Associations("t").api_version == "2026-09"
    assert AsyncAssociations("t").api_version == "2026-09"
    assert Associations("t", api_version="2026-03").api_version == "2026-03"
    monkeypatch.setenv("HUBSPOT_API_VERSION", "")
    assert Associations("t").api_version == DEFAULT_VERSION


@pytest.mark.parametrize("bad", ["2026-06", "v4", "", 202609, None])
def test_an_unknown_version_is_refused_naming_the_supported_ones(
    server: ScriptedServer, bad: Any
) -> None:
    for make in (Associations, AsyncAssociations):
        if bad is not None:
            with pytest.raises(ValueError, match="api_version must be one of 2026-03, 2026-09"):
                make("t", base_url=server.url, api_version=bad)
        with pytest.raises(ValueError, match="api_version must be one of 2026-03, 2026-09"):
            make("t", base_url=server.url).with_options(api_version=bad)
    assert server.received == []


def test_an_unknown_version_in_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HUBSPOT_API_VERSION", "2030-01")
    with pytest.raises(ValueError, match=r"api_version \(from HUBSPOT_API_VERSION\) must be one"):
        Associations("t")


def test_with_options_switches_the_version_of_the_copy_only(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUBSPOT_API_VERSION", raising=False)  # the default version, 2026-03
    server.reply(204)
    server.reply(204)
    with sync_client(server.url) as client:
        newer = client.with_options(api_version="2026-09")
        assert (client.api_version, newer.api_version) == ("2026-03", "2026-09")
        newer.remove("contacts", 1, "companies", 2)
        client.remove("contacts", 1, "companies", 2)
        assert client.with_options(timeout=5).api_version == "2026-03"
        assert newer.with_options(timeout=5).api_version == "2026-09"
    assert [p.split("/")[3] for p in _paths(server)] == ["2026-09", "2026-03"]


# -- 2026-09's changed answers read into the same result types ------------------------------


def test_a_2026_09_removal_answer_may_carry_results_of_any_shape(server: ScriptedServer) -> None:
    """2026-09 documents BatchResponseVoid for batch archive and labels archive: its results are
    of any type, where 2026-03's BatchResponse holds objects."""
    void = {"status": "COMPLETE", "results": ["1", 2, None], **STAMP}
    server.reply(200, void)
    server.reply(200, void)
    with sync_client(server.url, api_version="2026-09") as client:
        removed = client.batch.remove("contacts", "companies", [(1, 2)])
        unlabeled = client.batch.remove_labels("contacts", "companies", [(1, 2)], types=[1])
    for report in (removed, unlabeled):
        assert [s.input for s in report.succeeded] == [(1, 2)]
        assert report.failed == []


def _labels(with_type_ids: bool) -> dict[str, Any]:
    label: dict[str, Any] = {"category": "USER_DEFINED", "typeId": 36, "label": "Billing"}
    if with_type_ids:
        label |= {"fromObjectTypeId": "0-1", "toObjectTypeId": "0-2"}
    return {"results": [label, {"category": "HUBSPOT_DEFINED", "typeId": 1, "label": None}]}


def test_labels_read_the_same_with_or_without_object_type_ids(server: ScriptedServer) -> None:
    """2026-09's labels lose fromObjectTypeId/toObjectTypeId: the same AssociationSpecs."""
    server.reply(200, _labels(with_type_ids=True))
    server.reply(200, _labels(with_type_ids=False))
    server.reply(200, _labels(with_type_ids=False))
    with sync_client(server.url) as old, sync_client(server.url, api_version="2026-09") as new:
        before = old.labels.list("contacts", "companies")
        after = new.labels.list("contacts", "companies")
        created = new.labels.create("contacts", "companies", name="billing", label="Billing")
    assert before == after == created
    assert after[0] == types.AssociationSpec(types.AssociationCategory.USER_DEFINED, 36, "Billing")


@BOTH
def test_per_input_errors_inside_a_200_fail_their_inputs(
    server: ScriptedServer, version: str
) -> None:
    """2026-09 answers batch create with 200 only, its failures inside the body (2026-03: 207):
    the report is the same."""
    server.reply(
        200,
        {
            "status": "COMPLETE",
            "results": [
                {
                    "fromObjectTypeId": "0-1",
                    "fromObjectId": 1,
                    "toObjectTypeId": "0-2",
                    "toObjectId": 2,
                    "labels": [],
                }
            ],
            "numErrors": 1,
            "errors": [
                {
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": "No company with id 9",
                    "context": {"toObjectId": ["9"]},
                }
            ],
            **STAMP,
        },
    )
    with sync_client(server.url, api_version=version) as client:
        report = client.batch.associate("contacts", "companies", [(1, 2), (1, 9)], types=[1])
    assert [s.input for s in report.succeeded] == [(1, 2)]
    assert [(f.input, f.error.category) for f in report.failed] == [((1, 9), "OBJECT_NOT_FOUND")]
    assert _paths(server) == [f"/crm/associations/{version}/contacts/companies/batch/create"]


def test_the_command_line_takes_api_version(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from hubspot_associations.cli import main

    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "pat-na1-cli-version-test")
    at = ["--base-url", server.url, "--rate-limit", "off", "--max-retries", "0"]
    server.reply(200, {"results": []})
    server.reply(200, {"results": []})
    assert main(["list", "contacts", "1", "companies", *at, "--api-version", "2026-09"]) == 0
    monkeypatch.setenv("HUBSPOT_API_VERSION", "2026-09")
    assert main(["list", "contacts", "1", "companies", *at]) == 0
    assert [p.split("/")[3] for p in _paths(server)] == ["2026-09", "2026-09"]
    capsys.readouterr()
    with pytest.raises(SystemExit) as stop:
        main(["list", "contacts", "1", "companies", *at, "--api-version", "2030-01"])
    assert stop.value.code == 2
    assert "'2026-03', '2026-09'" in capsys.readouterr().err
    assert len(server.received) == 2


# -- FakeHubSpot speaks both -----------------------------------------------------------------

# (operation path under /crm/associations/{v}/, body, inputs that fail) for the batches whose
# statuses 2026-09 changed; each sends one good input and one that fails.
_CHANGED_BATCHES = {
    "batch_create": (
        "contacts/companies/batch/create",
        {
            "inputs": [
                {
                    "from": {"id": "1"},
                    "to": {"id": "10"},
                    "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}],
                },
                {
                    "from": {"id": "1"},
                    "to": {"id": "99"},
                    "types": [{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 1}],
                },
            ]
        },
    ),
    "batch_read": (
        "contacts/companies/batch/read",
        {"inputs": [{"id": "1"}, {"id": "2"}]},
    ),
    "create_limits": (
        "definitions/configurations/contacts/companies/batch/create",
        {
            "inputs": [
                {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 5},
                {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 0},
            ]
        },
    ),
    "update_limits": (
        "definitions/configurations/contacts/companies/batch/update",
        {
            "inputs": [
                {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 6},
                {"category": "HUBSPOT_DEFINED", "typeId": 279, "maxToObjectIds": 0},
            ]
        },
    ),
}
# What HubSpot documents for each (all inputs succeeded, some failed).
_STATUSES = {
    "2026-03": {
        "batch_create": (201, 207),
        "batch_read": (200, 207),
        "create_limits": (201, 207),
        "update_limits": (200, 207),
    },
    "2026-09": dict.fromkeys(_CHANGED_BATCHES, (200, 200)),
}


@BOTH
def test_fake_hubspot_answers_each_version_with_its_statuses(version: str) -> None:
    import httpx
    from hubspot_associations.testing import FakeHubSpot

    auth = {"Authorization": "Bearer pat-na1-test"}
    with FakeHubSpot(api_version=version) as hs, httpx.Client(base_url=hs.url) as http:
        assert hs.api_version == version
        hs.add_records("contacts", [1, 2])
        hs.add_records("companies", [10])
        other = "2026-09" if version == "2026-03" else "2026-03"
        wrong = http.put(
            f"/crm/objects/{other}/contacts/1/associations/default/companies/10", headers=auth
        )
        assert wrong.status_code == 404
        http.put(
            f"/crm/objects/{version}/contacts/1/associations/default/companies/10", headers=auth
        ).raise_for_status()
        for operation, (path, body) in _CHANGED_BATCHES.items():
            url = f"/crm/associations/{version}/{path}"
            partial = http.post(url, json=body, headers=auth)
            good = http.post(url, json={"inputs": body["inputs"][:1]}, headers=auth)
            assert (good.status_code, partial.status_code) == _STATUSES[version][operation], (
                operation
            )
            assert partial.json()["numErrors"] == 1, operation
        removed = http.post(
            f"/crm/associations/{version}/contacts/companies/batch/archive",
            json={"inputs": [{"from": {"id": "1"}, "to": [{"id": "10"}]}]},
            headers=auth,
        )
        assert removed.status_code == 200
        assert {"status", "results", "startedAt", "completedAt"} <= set(removed.json())


def test_fake_hubspot_refuses_an_unknown_version(monkeypatch: pytest.MonkeyPatch) -> None:
    from hubspot_associations.testing import FakeHubSpot

    monkeypatch.delenv("HUBSPOT_API_VERSION", raising=False)  # the default version, 2026-03
    with pytest.raises(ValueError, match="api_version must be one of 2026-03, 2026-09"):
        FakeHubSpot(api_version="2026-06")
    assert FakeHubSpot().api_version == "2026-03"


def test_fake_hubspot_command_line_serves_the_version_asked_for() -> None:
    import subprocess
    import sys

    import httpx

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "hubspot_associations.testing",
            "--api-version",
            "2026-09",
            "--records",
            "contacts:1",
            "companies:2",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        response = httpx.put(
            f"{url}/crm/objects/2026-09/contacts/1/associations/default/companies/2",
            headers={"Authorization": "Bearer pat-na1-test"},
        )
        assert response.status_code == 200
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0


def test_fake_hubspot_follows_the_environment_like_the_client(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hubspot_associations.testing import FakeHubSpot

    monkeypatch.setenv("HUBSPOT_API_VERSION", "2026-09")
    assert FakeHubSpot().api_version == Associations("t").api_version == "2026-09"
    assert FakeHubSpot(api_version="2026-03").api_version == "2026-03"


# -- the next version is a procedure: every fragment has its mapping ------------------------


def mapping_problems(fragment: Path) -> list[str]:
    """What the wrapper, FakeHubSpot and the tests lack for the version ``fragment`` describes
    (README: "When HubSpot ships a new API version"); [] when nothing."""
    import generate as gen
    from conftest import API_VERSIONS
    from hubspot_associations._generated import CHANGES, OPERATIONS
    from hubspot_associations.testing._versions import DIALECTS
    from replay import cassettes

    version = gen.fragment_version(fragment)
    where = f"openapi/{fragment.name} describes API version {version}"
    if version not in VERSIONS:
        return [
            f"{where}, which the wrapper has no mapping for: add it to VERSIONS and CHANGES in "
            "wrapper/hubspot_associations/_generated.py (see README, 'When HubSpot ships a new "
            "API version')"
        ]
    problems = []
    if VERSIONS[version] != gen.package_name(version):
        problems.append(
            f"{where}: VERSIONS names {VERSIONS[version]}, make generate builds "
            f"{gen.package_name(version)}"
        )
    if version not in CHANGES:
        problems.append(f"{where}: no CHANGES entry in _generated.py (an empty one if none)")
    if version not in DIALECTS:
        problems.append(f"{where}: FakeHubSpot has no Dialect for it (testing/_versions.py)")
    if version not in API_VERSIONS:
        problems.append(f"{where}: tests/conftest.py API_VERSIONS does not run the suite on it")
    if version not in cassettes.versions():
        problems.append(f"{where}: no recordings in tests/cassettes/{version}/")
    # The door's table against the fragment: each operation's module and success model.
    table = {**OPERATIONS, **CHANGES.get(version, {})}
    spec = yaml.safe_load(fragment.read_text())
    for methods in spec["paths"].values():
        for operation in methods.values():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            op = operation["operationId"]
            refs = {
                response["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
                for status, response in operation["responses"].items()
                if status.startswith("2") and "content" in response
            }
            model = refs.pop() if len(refs) == 1 else None
            expected = (f"{operation['tags'][0]}.{op}", model)
            if table.get(op) != expected:
                problems.append(
                    f"{where}: the door maps {op} to {table.get(op)}, the fragment says "
                    f"{expected}: fix CHANGES[{version!r}] in _generated.py"
                )
    return problems


def test_every_fragment_has_its_mapping() -> None:
    import generate as gen

    fragments = gen.find_fragments()
    assert [gen.fragment_version(f) for f in fragments] == list(VERSIONS)
    for fragment in fragments:
        assert mapping_problems(fragment) == []


def test_a_fragment_without_a_mapping_is_named_with_what_to_do(tmp_path: Path) -> None:
    import generate as gen

    newest = gen.find_fragments()[-1]
    text = newest.read_text().replace('"2026-09"', '"2099-01"', 1)
    new = tmp_path / "associations-2099-01.yaml"
    new.write_text(text)
    (problem,) = mapping_problems(new)
    assert "associations-2099-01.yaml describes API version 2099-01" in problem
    assert "no mapping" in problem and "_generated.py" in problem


def test_a_changed_answer_without_its_mapping_is_named(tmp_path: Path) -> None:
    """A new version's fragment changing an operation's model, with the door not following."""
    import generate as gen

    text = gen.fragment_for("2026-09").read_text()
    changed = text.replace(
        'schema: {$ref: "#/components/schemas/ReportCreationResponse"}',
        'schema: {$ref: "#/components/schemas/BatchResponseVoid"}',
    )
    assert changed != text
    fragment = tmp_path / "associations-2026-09.yaml"
    fragment.write_text(changed)
    (problem,) = mapping_problems(fragment)
    assert "the door maps high_usage_report to" in problem
    assert "BatchResponseVoid" in problem
