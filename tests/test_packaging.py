"""The distribution: one wheel with both packages, typed, installable into a fresh venv."""

from __future__ import annotations

import email.parser
import json
import os
import subprocess
import sys
import zipfile
from email.message import Message
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from generate import FIRST_VERSION, fragment_for

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (the dev group installs it there)
    import tomli as tomllib

# Filled by `make test`: locked/ every runtime dependency at its uv.lock version, newest/ the
# newest releases pyproject.toml allows. Installs use only these (--no-index): no network and no
# uv cache needed.
WHEELHOUSE = ROOT / "build" / "wheelhouse"
LOCKED = WHEELHOUSE / "locked"
NEWEST = WHEELHOUSE / "newest"
API_VERSION = yaml.safe_load(fragment_for(FIRST_VERSION).read_text())["info"]["version"]


def _uv(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "uv", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    build = ["build", "--wheel", "--no-build-isolation", "--offline", "--python", sys.executable]
    proc = _uv(*build, "--out-dir", str(out))
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("*.whl")
    return built


def test_wheel_ships_both_typed_packages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "hubspot_associations/py.typed" in names
    assert "hubspot_associations_api/py.typed" in names
    assert "hubspot_associations_api/api/records/associate_default.py" in names
    assert "hubspot_associations_api_2026_09/py.typed" in names
    assert "hubspot_associations_api_2026_09/api/records/associate_default.py" in names
    assert not any(n.startswith(("tests/", "openapi/", "generated/", "wrapper/")) for n in names)


def _metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as whl:
        (name,) = [n for n in whl.namelist() if n.endswith(".dist-info/METADATA")]
        return email.parser.Parser().parsestr(whl.read(name).decode())


def test_wheel_metadata_has_license_classifiers_and_urls(wheel: Path) -> None:
    """What PyPI and pip show: the license with its text, the Pythons supported, the links."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    meta = _metadata(wheel)
    names = zipfile.ZipFile(wheel).namelist()

    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    (shipped,) = [n for n in names if n.endswith(".dist-info/licenses/LICENSE")]
    text = zipfile.ZipFile(wheel).read(shipped).decode()
    assert text == (ROOT / "LICENSE").read_text() and text.startswith("MIT License")

    classifiers = meta.get_all("Classifier") or []
    # PEP 639: the expression replaces license classifiers; PyPI refuses an upload with both.
    assert not [c for c in classifiers if c.startswith("License ::")]
    minors = sorted(
        int(c.rsplit(".", 1)[1])
        for c in classifiers
        if c.startswith("Programming Language :: Python :: 3.")
    )
    oldest = int(project["requires-python"].removeprefix(">=3."))
    assert meta["Requires-Python"] == project["requires-python"]
    assert minors == list(range(oldest, oldest + len(minors))) and len(minors) >= 4, classifiers

    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert urls == project["urls"] and urls
    assert all(url.startswith("https://") for url in urls.values())


def test_runtime_dependencies_are_exactly_the_three() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = sorted(
        d.split(">")[0].split("<")[0].split("=")[0].strip() for d in project["dependencies"]
    )
    assert names == ["attrs", "httpx", "python-dateutil"]


USAGE_CHECK = """
import asyncio, json, sys
from importlib.metadata import version
import hubspot_associations_api
from hubspot_associations_api.models import BatchResponseDefaultAssociation
from hubspot_associations import Associations, AsyncAssociations
from hubspot_associations.testing import FakeHubSpot

model = BatchResponseDefaultAssociation.from_dict({
    "status": "COMPLETE", "results": [], "startedAt": "2026-03-02T10:00:00.123Z",
    "completedAt": "2026-03-02T10:00:01Z"})
assert model.started_at.tzinfo is not None and model.started_at.microsecond == 123000
assert hubspot_associations_api.API_VERSION == sys.argv[1], hubspot_associations_api.API_VERSION

async def use_async(url):
    async with AsyncAssociations("token", base_url=url) as client:
        await client.associate_default("contacts", 2, "companies", 10)
        return [r.to_object_id async for r in client.list("companies", 10, "contacts")]

with FakeHubSpot() as hs:
    hs.add_records("contacts", [1, 2])
    hs.add_records("companies", [10])
    with Associations("token", base_url=hs.url) as client:
        client.associate_default("contacts", 1, "companies", 10)
        report = client.batch.read("contacts", "companies", [1])
        assert [r.to_object_id for r in report.succeeded[0].result] == ["10"], report
    assert sorted(asyncio.run(use_async(hs.url))) == ["1", "2"]
with FakeHubSpot(api_version="2026-09") as hs:  # the other version's package is installed too
    hs.add_records("contacts", [1])
    hs.add_records("companies", [10])
    with Associations("token", base_url=hs.url, api_version="2026-09") as client:
        client.associate_default("contacts", 1, "companies", 10)
        removed = client.batch.remove("contacts", "companies", [(1, 10)])
        assert [s.input for s in removed.succeeded] == [(1, 10)], removed
print(json.dumps({n: version(n) for n in ("httpx", "attrs", "python-dateutil")}))
"""


def _wheels(folder: Path) -> dict[str, str]:
    """{distribution name: version} of the wheels in `folder`."""
    assert list(folder.glob("*.whl")), f"{folder} is empty: run `make test` to fill it"
    found = {}
    for whl in folder.glob("*.whl"):
        name, version = whl.name.split("-")[:2]
        found[name.lower().replace("_", "-")] = version
    return found


def _install_and_use(wheel: Path, tmp_path: Path, wheels: Path) -> dict[str, str]:
    """Install `wheel` into a fresh venv from `wheels` alone, use it; the versions it ran on."""
    venv = tmp_path / "venv"
    proc = _uv("venv", "--offline", "--python", sys.executable, str(venv))
    assert proc.returncode == 0, proc.stderr
    python = venv / "bin" / "python"
    _wheels(wheels)
    links = ["--no-index", "--find-links", str(wheels)]
    proc = _uv("pip", "install", *links, "--python", str(python), str(wheel))
    assert proc.returncode == 0, proc.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(
        [str(python), "-c", USAGE_CHECK, API_VERSION],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    versions: dict[str, str] = json.loads(run.stdout)
    return versions


def test_wheel_installs_into_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    """With the locked dependencies, from wheels alone: no index, no uv cache."""
    versions = _install_and_use(wheel, tmp_path, LOCKED)
    locked = _wheels(LOCKED)
    assert versions == {name: locked[name] for name in versions}


def test_wheel_works_with_the_newest_dependencies_allowed(wheel: Path, tmp_path: Path) -> None:
    """The newest releases pyproject.toml allows (uv.lock cannot hold them: dev tools pin lower)."""
    versions = _install_and_use(wheel, tmp_path, NEWEST)
    newest = _wheels(NEWEST)
    assert versions == {name: newest[name] for name in versions}
    # hubspot-sdk users have httpx 0.29: a range that refuses it would downgrade their httpx.
    assert tuple(map(int, versions["httpx"].split(".")[:2])) >= (0, 29), versions
    if sys.version_info >= (3, 11):  # python-dateutil 4 needs Python 3.11+
        assert versions["python-dateutil"].startswith("4."), versions


def test_version_matches_pyproject() -> None:
    import hubspot_associations

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert hubspot_associations.__version__ == project["version"]
