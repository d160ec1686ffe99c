"""`make record`, exercised offline: the recorder drives every operation against FakeHubSpot and
writes cassettes that are redacted, loadable, and valid against the fragment."""

from __future__ import annotations

from pathlib import Path

import pytest
from hubspot_associations.testing import FakeHubSpot
from live_recorder.record import record
from replay import cassettes, validator

TOKEN = "recorder-test-token-8f3a91"
CONTACTS = ["211762804612", "211762804613"]
COMPANIES = ["98765432101", "98765432102"]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    out = tmp_path_factory.mktemp("recordings")
    with FakeHubSpot(access_token=TOKEN) as hs:
        hs.add_records("contacts", CONTACTS)
        hs.add_records("companies", COMPANIES)
        return record(
            hs.url,
            TOKEN,
            {"contacts": CONTACTS, "companies": COMPANIES},
            out,
            user_id=7,
            provenance="Recorded from FakeHubSpot by the record-mode test.",
        )


def test_every_operation_is_recorded(recorded: list[Path]) -> None:
    operations = set()
    for path in recorded:
        for interaction in cassettes.load(path).interactions:
            operations.add(validator.operation_for(interaction.method, interaction.path))
    assert operations == validator.operation_ids()


def test_recordings_are_redacted(recorded: list[Path]) -> None:
    for path in recorded:
        text = path.read_text()
        assert TOKEN not in text, path.name
        assert "invalid-token" not in text, path.name
        assert all(real not in text for real in CONTACTS + COMPANIES), path.name
        for interaction in cassettes.load(path).interactions:
            assert interaction.request_headers.get("Authorization") == "Bearer <REDACTED>"
    seed = cassettes.load(next(p for p in recorded if p.name == "live_associate_default.yaml"))
    assert seed.interactions[0].path.endswith("/contacts/1001/associations/default/companies/2001")


def test_recordings_conform_to_the_fragment(recorded: list[Path]) -> None:
    for path in recorded:
        for interaction in cassettes.load(path).interactions:
            request_problems, response_problems = validator.exchange_problems(interaction)
            problems = request_problems + response_problems
            assert not problems, f"{path.name}: {problems}"


def test_record_mode_refuses_to_run_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    import live_recorder.record as script

    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
    monkeypatch.setattr("sys.argv", ["record.py"])
    assert script.main() == 2
