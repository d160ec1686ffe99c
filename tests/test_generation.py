"""The spec-to-SDK pipeline: the committed client is exactly what the fragment generates."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "openapi"))
import generate as gen

FRAGMENT = gen.find_fragment()
COMMITTED = ROOT / "generated" / gen.PACKAGE
HINT = "generated/ differs from the fragment: run `make generate`"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return gen.generate(FRAGMENT, tmp_path_factory.mktemp("regen"))


def test_committed_client_matches_fragment(regenerated: Path) -> None:
    fresh, committed = _tree(regenerated), _tree(COMMITTED)
    missing = sorted(set(fresh) - set(committed))
    extra = sorted(set(committed) - set(fresh))
    changed = sorted(k for k in set(fresh) & set(committed) if fresh[k] != committed[k])
    assert not (missing or extra or changed), (
        f"{HINT}\nmissing: {missing}\nextra: {extra}\nchanged: {changed}"
    )


def test_stamp_is_the_fragment_hash() -> None:
    import hubspot_associations_api

    assert gen.fragment_sha256(FRAGMENT) == hubspot_associations_api.SPEC_SHA256, HINT


def test_one_module_per_operation() -> None:
    spec = yaml.safe_load(FRAGMENT.read_text())
    operation_ids = {
        op["operationId"]
        for methods in spec["paths"].values()
        for op in methods.values()
        if isinstance(op, dict) and "operationId" in op
    }
    modules = {p.stem for p in (COMMITTED / "api").rglob("*.py") if p.stem != "__init__"}
    assert len(operation_ids) == 19
    assert modules == operation_ids


def test_dropping_an_operation_is_caught(tmp_path: Path, regenerated: Path) -> None:
    """The drift check notices a fragment that lost an operation."""
    spec = yaml.safe_load(FRAGMENT.read_text())
    del spec["paths"]["/crm/associations/{apiVersion}/usage/high-usage-report/{userId}"]
    fragment = tmp_path / "fragment.yaml"
    fragment.write_text(yaml.safe_dump(spec, sort_keys=False))
    smaller = _tree(gen.generate(fragment, tmp_path / "out"))
    assert "api/usage/high_usage_report.py" not in smaller
    assert smaller != _tree(regenerated)


def test_generator_warnings_fail_the_build(tmp_path: Path) -> None:
    spec = yaml.safe_load(FRAGMENT.read_text())
    # An operation whose only response has a content type the generator cannot use.
    spec["paths"]["/crm/associations/{apiVersion}/usage/high-usage-report/{userId}"]["post"][
        "responses"
    ]["200"]["content"] = {"application/x-unknown": {"schema": {"type": "object"}}}
    fragment = tmp_path / "fragment.yaml"
    fragment.write_text(yaml.safe_dump(spec, sort_keys=False))
    with pytest.raises(gen.GenerationError):
        gen.generate(fragment, tmp_path / "out")


def _copy_of_openapi(tmp_path: Path) -> Path:
    """A copy of openapi/ (fragment, generator config, templates, generate.py) in tmp_path."""
    shutil.copytree(ROOT / "openapi", tmp_path / "openapi", ignore=shutil.ignore_patterns("__py*"))
    return tmp_path / "openapi"


def _make_generate(root: Path) -> subprocess.CompletedProcess[str]:
    """What `make generate` runs, in `root`."""
    return subprocess.run(
        [sys.executable, "openapi/generate.py"], cwd=root, capture_output=True, text=True
    )


def test_version_bump_is_one_value(tmp_path: Path) -> None:
    """The README's steps for a new API version, in a copy: edit the one value, rename the file,
    `make generate`. Every path and the wrapper's calls follow."""
    openapi = _copy_of_openapi(tmp_path)
    (fragment,) = openapi.glob("associations-*.yaml")
    text = fragment.read_text()
    current = yaml.safe_load(text)["info"]["version"]
    new = "2099-01"
    # Step 1: the one version value, info.version, written once; then the file's new name.
    assert text.count(f'"{current}"') == 1, f"the version {current} is written more than once"
    fragment.write_text(text.replace(f'"{current}"', f'"{new}"'))
    fragment.rename(openapi / f"associations-{new}.yaml")
    # Step 3: make generate.
    proc = _make_generate(tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / "generated"

    script = textwrap.dedent(
        """
        import importlib, json, pkgutil, sys
        import hubspot_associations_api as api
        import hubspot_associations_api.api
        from hubspot_associations_api.models.api_version import ApiVersion
        assert api.__file__.startswith(sys.argv[1]), api.__file__
        class Body(list):  # stands for a list body and a model body alike
            def to_dict(self):
                return {}
        urls = []
        for info in pkgutil.walk_packages(api.api.__path__, "hubspot_associations_api.api."):
            module = importlib.import_module(info.name)
            if hasattr(module, "_get_kwargs"):
                code = module._get_kwargs.__code__
                names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
                args = {n: ("1" if n.endswith("_id") and n != "association_type_id" else
                            1 if n in ("user_id", "association_type_id") else "contacts")
                        for n in names if n not in ("api_version", "body", "after", "limit")}
                if "body" in names:
                    args["body"] = Body()
                urls.append(module._get_kwargs(ApiVersion.CURRENT, **args)["url"])
        print(json.dumps({"version": api.API_VERSION, "urls": urls}))
        """
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(out), str(ROOT / "wrapper")]))
    proc = subprocess.run(
        [sys.executable, "-c", script, str(out)], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["version"] == new
    assert len(result["urls"]) == 19
    assert all(f"/{new}/" in url and current not in url for url in result["urls"])

    # The wrapper and FakeHubSpot follow the generated package: the seed call goes to the new
    # path, and the fake (whose version defaults to the package's) answers it.
    seed = textwrap.dedent(
        """
        from hubspot_associations import Associations
        from hubspot_associations.testing import FakeHubSpot
        with FakeHubSpot() as hs:
            hs.add_records("contacts", [1])
            hs.add_records("companies", [2])
            client = Associations("token", base_url=hs.url)
            client.associate_default("contacts", 1, "companies", 2)
            assert hs.associations("contacts", 1, "companies") == [("2", [279])]
            print(hs.requests[0].path)
        """
    )
    proc = subprocess.run([sys.executable, "-c", seed], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"/crm/objects/{new}/contacts/1/associations/default/companies/2"


def test_make_generate_needs_exactly_one_fragment(tmp_path: Path) -> None:
    """None or several openapi/associations-*.yaml: a clear error naming them, nothing generated."""
    openapi = _copy_of_openapi(tmp_path)
    (fragment,) = openapi.glob("associations-*.yaml")
    second = openapi / "associations-2099-01.yaml"
    shutil.copy(fragment, second)
    proc = _make_generate(tmp_path)
    assert proc.returncode == 1
    assert f"found {fragment.name}, {second.name}" in proc.stderr, proc.stderr

    fragment.unlink()
    second.unlink()
    proc = _make_generate(tmp_path)
    assert proc.returncode == 1
    assert "associations-*.yaml, found none" in proc.stderr, proc.stderr
    assert not (tmp_path / "generated").exists()


def test_generated_package_is_importable_without_the_wrapper() -> None:
    spec = importlib.util.find_spec("hubspot_associations_api")
    assert spec is not None and spec.origin is not None
    assert Path(spec.origin).is_relative_to(COMMITTED)
    assert (COMMITTED / "py.typed").is_file()
