"""The README's Python examples run as a reader would run them, against a FakeHubSpot.

Every ```python block is executed in order in one namespace (later examples use the `client` the
first one makes), pointed at a FakeHubSpot on loopback through HUBSPOT_BASE_URL and
HUBSPOT_ACCESS_TOKEN, with the records they name seeded. After each block, its effects are
checked: the requests it sent, the fake's state, what it printed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from hubspot_associations.testing import FakeHubSpot, RecordedRequest

README = ROOT / "README.md"

# The rows the batch example reads from contact_company.csv; the last company does not exist.
CSV_PAIRS = [(11, 21), (12, 22), (13, 23), (14, 999)]


@dataclass(frozen=True)
class Block:
    """One ```python block of the README."""

    line: int  # README line of the block's first code line
    code: str


def python_blocks() -> list[Block]:
    text = README.read_text()
    return [
        Block(text.count("\n", 0, m.start(1)) + 1, m.group(1))
        for m in re.finditer(r"^```python\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    ]


@dataclass
class Ran:
    """What one block did."""

    namespace: dict[str, Any]
    requests: list[RecordedRequest]
    out: str


def _inputs(ran: Ran, path_end: str) -> list[list[Any]]:
    """The `inputs` of each request the block sent to a path ending with `path_end`."""
    return [r.json["inputs"] for r in ran.requests if r.path.endswith(path_end)]


def check_usage(hs: FakeHubSpot, ran: Ran) -> None:
    assert hs.associations("contacts", 123, "companies") == [("456", [279])]
    assert hs.associations("deals", 1, "contacts") == []  # associated, then removed
    assert [r.method for r in ran.requests] == ["PUT", "PUT", "DELETE", "GET"]
    assert "456 [279]" in ran.out  # the listing printed the association


def check_batches(hs: FakeHubSpot, ran: Ran) -> None:
    # Every call, the later ones included, sent every one of its inputs.
    assert [len(i) for i in _inputs(ran, "/batch/associate/default")] == [len(CSV_PAIRS)]
    assert [len(i) for i in _inputs(ran, "/batch/read")] == [3]
    assert [len(i) for i in _inputs(ran, "/batch/create")] == [2]
    assert [len(i) for i in _inputs(ran, "/batch/labels/archive")] == [2]
    assert [len(i) for i in _inputs(ran, "/batch/archive")] == [len(CSV_PAIRS)]
    report = ran.namespace["report"]
    assert len(report.succeeded) == len(CSV_PAIRS) - 1 and len(report.failed) == 1
    assert f"{len(CSV_PAIRS) - 1} linked" in ran.out
    assert report.failed[0].error.category in ran.out
    for contact, _company in CSV_PAIRS:  # linked by the first call, removed by the last
        assert hs.associations("contacts", contact, "companies") == []


def check_labels(hs: FakeHubSpot, ran: Ran) -> None:
    spec = ran.namespace["spec"]
    assert spec.label == "Billing contact"
    assert spec.type_id in [created.type_id for created in ran.namespace["new"]]
    (linked,) = [r for r in ran.requests if r.path.endswith("/contacts/1/associations/companies/2")]
    assert linked.json == [
        {"associationCategory": "USER_DEFINED", "associationTypeId": spec.type_id}
    ]
    labels = ran.namespace["client"].labels.list("contacts", "companies")
    assert spec.type_id not in [label.type_id for label in labels]  # updated, then deleted


def check_limits(hs: FakeHubSpot, ran: Ran) -> None:
    assert len(ran.requests) == 6
    limits = ran.namespace["client"].limits.list("contacts", "companies")
    (contact_to_company,) = [c for c in limits if c.type_id == 279]
    assert contact_to_company.user_enforced_max_to_object_ids is None  # set, updated, purged


def check_errors(hs: FakeHubSpot, ran: Ran) -> None:
    assert ran.out == ""  # no error was caught
    assert hs.associations("contacts", 1, "companies") == [("2", [279])]


def check_many_workers(hs: FakeHubSpot, ran: Ran) -> None:
    import sqlite3

    assert [r.method for r in ran.requests] == ["PUT"]
    ledger = sqlite3.connect("hubspot-budget.db")  # in the current directory: three slashes
    try:
        assert ledger.execute("SELECT COUNT(*) FROM ledger").fetchone() == (1,)
    finally:
        ledger.close()


def check_async(hs: FakeHubSpot, ran: Ran) -> None:
    assert [r.method for r in ran.requests] == ["PUT", "GET"]
    assert "456 [279]" in ran.out


def check_fake_example(hs: FakeHubSpot, ran: Ran) -> None:
    assert ran.requests == []  # it starts and uses its own FakeHubSpot, and checks itself


# Each check, by a line that tells its block apart.
CHECKS: dict[str, Callable[[FakeHubSpot, Ran], None]] = {
    "client = Associations()": check_usage,
    "def contact_company_pairs()": check_batches,
    'rate_limit_store="sqlite:///hubspot-budget.db"': check_many_workers,
    "new = client.labels.create(": check_labels,
    "client.limits.list_all()": check_limits,
    "except errors.NotFoundError as err:": check_errors,
    "async def main() -> None:": check_async,
    "with FakeHubSpot(rate_limit=(100, 10.0)) as hs:": check_fake_example,
}


@pytest.fixture
def hs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHubSpot]:
    """The fake the examples talk to, with the records they name, found through the variables
    a user would set; the current directory holds the batch example's CSV file."""
    with FakeHubSpot() as fake:
        fake.add_records("contacts", [1, 2, 3, 4, 123, *(c for c, _ in CSV_PAIRS)])
        fake.add_records("companies", [2, 456, *(c for _, c in CSV_PAIRS[:-1])])
        fake.add_records("deals", [1, 3])
        monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "pat-na1-readme-token")
        monkeypatch.setenv("HUBSPOT_BASE_URL", fake.url)
        monkeypatch.chdir(tmp_path)
        (tmp_path / "contact_company.csv").write_text(
            "".join(f"{contact},{company}\n" for contact, company in CSV_PAIRS)
        )
        yield fake


def test_readme_python_examples_run_and_do_what_they_say(
    hs: FakeHubSpot, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = python_blocks()
    namespace: dict[str, Any] = {"__name__": "__readme__"}
    checked = []
    for block in blocks:
        seen = hs.request_count
        # Padded so that a traceback points at the README's own line numbers.
        exec(compile("\n" * (block.line - 1) + block.code, str(README), "exec"), namespace)
        ran = Ran(namespace, hs.requests[seen:], capsys.readouterr().out)
        (marker,) = [m for m in CHECKS if m in block.code] or [None]
        assert marker is not None, f"README.md:{block.line}: a python block with no check here"
        CHECKS[marker](hs, ran)
        checked.append(marker)
    assert checked == list(CHECKS), "a README example is gone or moved: update CHECKS"
