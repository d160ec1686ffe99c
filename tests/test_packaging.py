"""The distribution: one wheel with both packages, typed, installable into a fresh venv."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import tomllib
from conftest import ROOT

# Filled by `make test`: locked/ every runtime dependency at its uv.lock version, dateutil4/
# python-dateutil 4.x. Installs use only these (--no-index): no network, no uv cache needed.
WHEELHOUSE = ROOT / "build" / "wheelhouse"
LOCKED = WHEELHOUSE / "locked"
DATEUTIL_4 = WHEELHOUSE / "dateutil4"


def _uv(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "uv", *args], cwd=cwd, capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = _uv("build", "--wheel", "--no-build-isolation", "--offline", "--out-dir", str(out))
    assert proc.returncode == 0, proc.stderr
    (built,) = out.glob("*.whl")
    return built


def test_wheel_ships_both_typed_packages(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "hubspot_associations/py.typed" in names
    assert "hubspot_associations_api/py.typed" in names
    assert "hubspot_associations_api/api/records/associate_default.py" in names
    assert not any(n.startswith(("tests/", "openapi/", "generated/", "wrapper/")) for n in names)


def test_runtime_dependencies_are_exactly_the_three() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    names = sorted(
        d.split(">")[0].split("<")[0].split("=")[0].strip() for d in project["dependencies"]
    )
    assert names == ["attrs", "httpx", "python-dateutil"]


def _fresh_venv(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    proc = _uv("venv", "--offline", "--python", sys.executable, str(venv))
    assert proc.returncode == 0, proc.stderr
    return venv / "bin" / "python"


IMPORT_CHECK = """
import hubspot_associations, hubspot_associations_api, dateutil
from hubspot_associations_api.models import BatchResponseDefaultAssociation
from hubspot_associations import Associations
model = BatchResponseDefaultAssociation.from_dict({
    "status": "COMPLETE", "results": [], "startedAt": "2026-03-02T10:00:00.123Z",
    "completedAt": "2026-03-02T10:00:01Z"})
assert model.started_at.tzinfo is not None and model.started_at.microsecond == 123000
assert hubspot_associations_api.API_VERSION == "2026-03"
print(dateutil.__version__)
"""


def _install(python: Path, *requirements: str, find_links: tuple[Path, ...]) -> None:
    for folder in find_links:
        assert list(folder.glob("*.whl")), f"{folder} is empty: run `make test` to fill it"
    links = [arg for folder in find_links for arg in ("--find-links", str(folder))]
    proc = _uv("pip", "install", "--no-index", *links, "--python", str(python), *requirements)
    assert proc.returncode == 0, proc.stderr


def test_wheel_installs_into_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    python = _fresh_venv(tmp_path)
    _install(python, str(wheel), find_links=(LOCKED,))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(
        [str(python), "-c", IMPORT_CHECK], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert run.returncode == 0, run.stderr


@pytest.mark.skipif(sys.version_info < (3, 11), reason="python-dateutil 4 needs Python 3.11+")
def test_generated_models_work_with_python_dateutil_4(wheel: Path, tmp_path: Path) -> None:
    python = _fresh_venv(tmp_path)
    _install(python, str(wheel), "python-dateutil>=4,<5", find_links=(LOCKED, DATEUTIL_4))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run(
        [str(python), "-c", IMPORT_CHECK], capture_output=True, text=True, cwd=tmp_path, env=env
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().startswith("4.")


def test_version_matches_pyproject() -> None:
    import hubspot_associations

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert hubspot_associations.__version__ == project["version"]
