"""What ``mypy --strict`` says about code using the SDK: the README's examples and typical calls
check clean, and the misuses the annotations exist to catch are reported, each on its line.

One mypy run (the project's pinned mypy, a cache in the test's own directory) over one file.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT

# Calls a type checker must accept: the options and types= forms the runtime accepts.
TYPICAL = """
def typical(client: Associations, spec: AssociationSpec) -> None:
    Associations(access_token="pat-na1-x", rate_limit=(190, 10.0), timeout=5, max_retries=2)
    Associations(rate_limit=None)
    copy: Associations = client.with_options(max_retries=0, timeout=2.5, rate_limit=None)
    copy = client.with_options(access_token="pat-eu1-y", base_url="https://api.hubapi.com")
    copy.with_options(rate_limit=(100, 10.0)).remove("deals", 1, "contacts", 2)
    client.associate("deals", "1", "contacts", 2, types=[AssociationType.DEAL_TO_CONTACT, 3])
    client.associate("deals", 1, "contacts", 2, types=(spec, (AssociationCategory.WORK, 9)))
    client.associate("deals", 1, "contacts", 2, types={("USER_DEFINED", 37)})
    client.batch.associate("deals", "contacts", [(1, 2)], types=[spec])
    client.batch.remove_labels("deals", "contacts", [(1, 2)], types=[3])
    client.limits.create("contacts", "companies", [(spec, 5), (279, 3)])
    client.limits.purge("contacts", "companies", [AssociationType.CONTACT_TO_COMPANY, 279])
    try:
        client.labels.find("contacts", "companies", "Billing")
    except errors.LabelNotFoundError as err:
        available: tuple[str, ...] = err.available


async def typical_async(client: AsyncAssociations) -> None:
    copy: AsyncAssociations = client.with_options(max_retries=0, rate_limit=None)
    await copy.associate("deals", 1, "contacts", 2, types=[AssociationType.DEAL_TO_CONTACT])
"""

# Each line ends with the error code mypy must report on it, and only those lines may fail.
MISUSES = """
def misuses(client: Associations, async_client: AsyncAssociations) -> None:
    client.associate("deals", 1, "contacts", 2, types="not a type")  # expect: arg-type
    client.associate("deals", 1, "contacts", 2, types=["DEAL_TO_CONTACT"])  # expect: list-item
    client.batch.associate("deals", "contacts", [(1, 2)], types=3)  # expect: arg-type
    client.with_options(max_retrys=0)  # expect: call-arg
    async_client.with_options(access_tokn="x")  # expect: call-arg
    client.with_options(timeout="5")  # expect: arg-type
    client.with_options(rate_limit="fast")  # expect: arg-type
    Associations(rate_limit="fast")  # expect: arg-type
    AsyncAssociations(rate_limit=100)  # expect: arg-type
"""

HEADER = """\
from hubspot_associations import (
    AssociationCategory,
    Associations,
    AssociationSpec,
    AssociationType,
    AsyncAssociations,
    errors,
)
"""


def readme_examples() -> list[str]:
    """The README's Python examples, each as a function (they share names like ``client``)."""
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
    assert len(blocks) >= 5, "the README's examples were not found"
    functions = []
    for number, block in enumerate(blocks):
        body = textwrap.indent(block, "    ")
        if "await " in block or "async " in block:
            functions.append(f"async def readme_{number}() -> None:\n{body}")
        else:
            # The examples use a client made in the first one, and rows of record id pairs.
            functions.append(
                f"def readme_{number}(client: Associations, rows: list[tuple[int, int]]) -> None:"
                f"\n{body}"
            )
    return functions


def mypy_errors(source: str, tmp_path: Path) -> tuple[dict[int, set[str]], str]:
    """Run the pinned mypy, strict, on ``source``: {line: {error codes}}, and what it said."""
    module = tmp_path / "uses_the_sdk.py"
    module.write_text(source)
    config = tmp_path / "mypy.ini"
    config.write_text("[mypy]\n")  # the user's view: none of this project's own settings
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--python-version=3.10",  # the oldest Python the package supports
            f"--config-file={config}",
            f"--cache-dir={tmp_path / 'mypy_cache'}",
            "--show-error-codes",
            "--no-error-summary",
            "--no-pretty",
            str(module),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    found: dict[int, set[str]] = {}
    for line in run.stdout.splitlines():
        match = re.match(rf"(?:.*/)?{module.name}:(\d+): error: .*\[([a-z-]+)\]$", line)
        if match:
            found.setdefault(int(match[1]), set()).add(match[2])
        else:
            assert ": note: " in line, f"unexpected mypy output: {line}\n{run.stderr}"
    assert run.returncode == (1 if found else 0), run.stdout + run.stderr
    return found, run.stdout


def test_mypy_strict_accepts_the_readme_and_typical_use_and_reports_misuse(
    tmp_path: Path,
) -> None:
    source = "\n\n".join([HEADER, *readme_examples(), TYPICAL, MISUSES])
    expected = {
        number: {line.rsplit("# expect: ", 1)[1].strip()}
        for number, line in enumerate(source.splitlines(), 1)
        if "# expect: " in line
    }
    assert len(expected) == MISUSES.count("# expect: ")
    found, said = mypy_errors(source, tmp_path)
    numbered = "\n".join(f"{n:4} {line}" for n, line in enumerate(source.splitlines(), 1))
    assert found == expected, f"mypy said:\n{said}\non:\n{numbered}"
