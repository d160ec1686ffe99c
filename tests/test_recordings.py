"""The recordings (tests/cassettes/*.yaml) against the contract, offline.

Every recorded exchange must validate against the fragment (openapi/associations-*.yaml), every
operation of the fragment must have a recording, and no recording may hold a secret.
"""

from __future__ import annotations

import re

import pytest
from replay import cassettes, validator
from replay.cassettes import Cassette

CASSETTES = cassettes.load_all()
IDS = [f"{c.version}/{c.name}" for c in CASSETTES]
EXCHANGES = [(c, i) for c in CASSETTES for i in c.interactions]
EXCHANGE_IDS = [f"{c.version}/{c.name}#{i.index}" for c, i in EXCHANGES]

PAT_TOKEN = re.compile(r"pat-[a-z0-9]+-[0-9a-f-]{8,}", re.IGNORECASE)
BEARER = re.compile(r"Bearer\s+(\S+)")


def test_there_are_recordings() -> None:
    assert len(CASSETTES) >= 19


@pytest.mark.parametrize("cassette", CASSETTES, ids=IDS)
def test_cassette_is_vcrpy_format_with_provenance(cassette: Cassette) -> None:
    assert cassette.interactions, f"{cassette.name} has no interactions"
    provenance = cassette.provenance.lower()
    assert "transcribed" in provenance
    assert "developers.hubspot.com" in provenance
    assert "recorded live" not in provenance.replace("not recorded live", "")
    for interaction in cassette.interactions:
        auth = interaction.request_headers.get("Authorization")
        assert auth == "Bearer <REDACTED>", f"{cassette.name} {interaction.describe()}: {auth!r}"


@pytest.mark.parametrize(("cassette", "interaction"), EXCHANGES, ids=EXCHANGE_IDS)
def test_recorded_exchange_conforms_to_fragment(cassette: Cassette, interaction: object) -> None:
    assert isinstance(interaction, cassettes.Interaction)
    request_problems, response_problems = validator.exchange_problems(interaction)
    assert not request_problems, f"{cassette.name} {interaction.describe()} request:\n" + "\n".join(
        request_problems
    )
    assert not response_problems, (
        f"{cassette.name} {interaction.describe()} answer {interaction.status}:\n"
        + "\n".join(response_problems)
    )


@pytest.mark.parametrize("cassette", CASSETTES, ids=IDS)
def test_recording_holds_no_secret(cassette: Cassette) -> None:
    text = cassette.raw_text
    assert not PAT_TOKEN.search(text), f"{cassette.name} holds a private app token"
    assert "pat-" not in text.lower(), f"{cassette.name} holds something like a pat- token"
    for match in BEARER.finditer(text):
        assert match.group(1) == "<REDACTED>", f"{cassette.name}: unredacted {match.group(0)!r}"


def test_secret_scan_catches_leaks() -> None:
    # The scan itself must bite: a token and an unredacted bearer are both found.
    leaked = "Authorization:\n- Bearer pat-na1-0a1b2c3d-1111-2222-3333-444455556666\n"
    assert PAT_TOKEN.search(leaked)
    assert any(m.group(1) != "<REDACTED>" for m in BEARER.finditer(leaked))


@pytest.mark.parametrize(
    ("method", "path", "query", "headers", "body", "needle"),
    [
        pytest.param(
            "PUT",
            "/crm/objects/2099-01/contacts/1/associations/default/companies/2",
            [],
            {"Authorization": "Bearer <REDACTED>"},
            None,
            "'2099-01' is not one of ['2026-03']",
            id="other-api-version",
        ),
        pytest.param(
            "GET",
            "/crm/objects/2026-03/contacts/1/associations/companies",
            [("limit", "501")],
            {"Authorization": "Bearer <REDACTED>"},
            None,
            "501 is greater than the maximum of 500",
            id="list-limit-above-500",
        ),
        pytest.param(
            "POST",
            "/crm/associations/2026-03/contacts/companies/batch/read",
            [],
            {"Authorization": "Bearer <REDACTED>", "Content-Type": "application/json"},
            b'{"inputs":[{"id":"abc"}]}',
            "does not match '^[0-9]+$'",
            id="non-digit-record-id",
        ),
        pytest.param(
            "DELETE",
            "/crm/associations/2026-03/contacts/companies/labels/36",
            [],
            {},
            None,
            "Security not found",
            id="no-authorization",
        ),
    ],
)
def test_validator_rejects_requests_that_break_the_fragment(
    method: str,
    path: str,
    query: list[tuple[str, str]],
    headers: dict[str, str],
    body: bytes | None,
    needle: str,
) -> None:
    problems = validator.request_problems(validator.WireRequest(method, path, query, headers, body))
    assert any(needle in p for p in problems), problems


def test_validator_rejects_answers_that_break_the_fragment() -> None:
    request = validator.WireRequest(
        "GET",
        "/crm/associations/2026-03/contacts/companies/labels",
        headers={"Authorization": "Bearer <REDACTED>"},
    )
    answer = validator.WireResponse(
        200, {"Content-Type": "application/json"}, b'{"results":[{"category":"WORK"}]}'
    )
    problems = validator.response_problems(request, answer)
    assert any("'typeId' is a required property" in p for p in problems), problems


def test_each_version_is_validated_against_its_own_fragment() -> None:
    """A 207 from batch create is 2026-03's, not 2026-09's (which documents 200 only)."""
    body = (
        b'{"status":"COMPLETE","results":[],"numErrors":0,"errors":[],'
        b'"startedAt":"2026-09-01T00:00:00Z","completedAt":"2026-09-01T00:00:01Z"}'
    )
    seen = {}
    for version in ("2026-03", "2026-09"):
        request = validator.WireRequest(
            "POST",
            f"/crm/associations/{version}/contacts/companies/batch/create",
            headers={"Authorization": "Bearer <REDACTED>", "Content-Type": "application/json"},
            body=b'{"inputs":[]}',
        )
        answer = validator.WireResponse(207, {"Content-Type": "application/json"}, body)
        seen[version] = validator.response_problems(request, answer)
    assert seen["2026-03"] == []
    assert any("207" in p for p in seen["2026-09"]), seen["2026-09"]


@pytest.mark.parametrize("version", sorted(validator.FRAGMENTS))
def test_every_operation_has_a_recording(version: str) -> None:
    """Every API version with a fragment has recordings, of every operation, on its paths."""
    covered: dict[str, list[str]] = {}
    for cassette in cassettes.load_all(version):
        for interaction in cassette.interactions:
            assert validator.version_of(interaction.path) == version, interaction.describe()
            op = validator.operation_for(interaction.method, interaction.path)
            assert op is not None, f"{cassette.name}: {interaction.describe()} is no operation"
            covered.setdefault(op, []).append(cassette.name)
    declared = validator.operation_ids(version)
    assert len(declared) == 19
    missing = sorted(declared - covered.keys())
    assert not missing, f"operations without a recording: {missing}"


def test_every_error_shape_is_recorded() -> None:
    statuses = {i.status for c in CASSETTES for i in c.interactions}
    assert {200, 201, 204, 207, 400, 401, 403, 404, 429, 500, 502, 521} <= statuses
    bodies = " ".join(i.response_body for c in CASSETTES for i in c.interactions)
    for needle in (
        "crm.associations.INVALID_IDENTIFIER",
        "MISSING_SCOPES",
        '"policyName":"TEN_SECONDLY_ROLLING"',
        '"policyName":"DAILY"',
        '"errorType":"RATE_LIMIT"',
        "Unable to infer object type",
        "<html>",
        '"category":"WORK"',
    ):
        assert needle in bodies, needle
