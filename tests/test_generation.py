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

FRAGMENTS = gen.find_fragments()
FRAGMENT = gen.fragment_for(gen.FIRST_VERSION)
GENERATED = ROOT / "generated"
COMMITTED = GENERATED / gen.PACKAGE
HINT = "generated/ differs from the fragments: run `make generate`"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


NEW = "2099-01"  # a made-up next version, added to a copy of openapi/


@pytest.fixture(scope="module")
def with_new_version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's first steps for a new API version, in a copy of the repository: a new
    fragment beside the others (the newest copied, its one version value edited), then
    `make generate`. Returns the copy's root; its generated/ is what make generate built."""
    root = tmp_path_factory.mktemp("repo")
    openapi = _copy_of_openapi(root)
    text = gen.fragments(openapi)[-1].read_text()
    current = yaml.safe_load(text)["info"]["version"]
    assert text.count(f'"{current}"') == 1, f"the version {current} is written more than once"
    (openapi / f"associations-{NEW}.yaml").write_text(text.replace(f'"{current}"', f'"{NEW}"'))
    proc = _make_generate(root)
    assert proc.returncode == 0, proc.stderr
    return root


@pytest.fixture(scope="module")
def regenerated_all(with_new_version: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What `make generate` builds from the committed fragments (the made-up one left out)."""
    out = tmp_path_factory.mktemp("regen")
    for package in (with_new_version / "generated").iterdir():
        if package.name != gen.package_name(NEW):
            shutil.copytree(package, out / package.name)
    return out


@pytest.fixture(scope="module")
def regenerated(regenerated_all: Path) -> Path:
    return regenerated_all / gen.PACKAGE


def test_committed_clients_match_fragments(regenerated_all: Path) -> None:
    """generated/ is exactly every fragment's package: none missing, none stale, none edited."""
    fresh, committed = _tree(regenerated_all), _tree(GENERATED)
    missing = sorted(set(fresh) - set(committed))
    extra = sorted(set(committed) - set(fresh))
    changed = sorted(k for k in set(fresh) & set(committed) if fresh[k] != committed[k])
    assert not (missing or extra or changed), (
        f"{HINT}\nmissing: {missing}\nextra: {extra}\nchanged: {changed}"
    )


def test_one_package_per_version() -> None:
    versions = [gen.fragment_version(f) for f in FRAGMENTS]
    assert {"2026-03", "2026-09"} <= set(versions)
    assert sorted(p.name for p in GENERATED.iterdir() if p.is_dir()) == sorted(
        gen.package_name(v) for v in versions
    )
    assert gen.package_name("2026-03") == "hubspot_associations_api"
    assert gen.package_name("2026-09") == "hubspot_associations_api_2026_09"


def test_stamps_are_the_fragment_hashes() -> None:
    import importlib

    for fragment in FRAGMENTS:
        package = importlib.import_module(gen.package_name(gen.fragment_version(fragment)))
        assert gen.fragment_sha256(fragment) == package.SPEC_SHA256, HINT
        assert gen.fragment_version(fragment) == package.API_VERSION


@pytest.mark.parametrize("fragment", FRAGMENTS, ids=lambda f: f.name)
def test_one_module_per_operation(fragment: Path) -> None:
    spec = yaml.safe_load(fragment.read_text())
    operation_ids = {
        op["operationId"]
        for methods in spec["paths"].values()
        for op in methods.values()
        if isinstance(op, dict) and "operationId" in op
    }
    package = GENERATED / gen.package_name(gen.fragment_version(fragment))
    modules = {p.stem for p in (package / "api").rglob("*.py") if p.stem != "__init__"}
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


def test_new_version_is_a_new_fragment(with_new_version: Path) -> None:
    """After a new fragment and `make generate`, its package is beside the others and every
    path follows the new value."""
    out = with_new_version / "generated"
    package, new = gen.package_name(NEW), NEW
    current = gen.fragment_version(gen.fragments()[-1])
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [package, *(p.name for p in GENERATED.iterdir() if p.is_dir())]
    )

    script = textwrap.dedent(
        """
        import importlib, json, pkgutil, sys
        api = importlib.import_module(sys.argv[2])
        importlib.import_module(sys.argv[2] + ".api")
        ApiVersion = importlib.import_module(sys.argv[2] + ".models.api_version").ApiVersion
        assert api.__file__.startswith(sys.argv[1]), api.__file__
        class Body(list):  # stands for a list body and a model body alike
            def to_dict(self):
                return {}
        urls = []
        for info in pkgutil.walk_packages(api.api.__path__, sys.argv[2] + ".api."):
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
        [sys.executable, "-c", script, str(out), package], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["version"] == new
    assert len(result["urls"]) == 19
    assert all(f"/{new}/" in url and current not in url for url in result["urls"])


def test_make_generate_needs_fragments(tmp_path: Path) -> None:
    """No openapi/associations-*.yaml, or two for one version: a clear error, nothing built."""
    openapi = _copy_of_openapi(tmp_path)
    first = gen.fragments(openapi)[0]
    twin = openapi / "associations-copy.yaml"
    shutil.copy(first, twin)
    proc = _make_generate(tmp_path)
    assert proc.returncode == 1
    version = gen.fragment_version(first)
    assert f"{twin.name} and {first.name} both describe version {version}" in proc.stderr or (
        f"{first.name} and {twin.name} both describe version {version}" in proc.stderr
    ), proc.stderr

    for fragment in gen.fragments(openapi):
        fragment.unlink()
    proc = _make_generate(tmp_path)
    assert proc.returncode == 1
    assert "associations-*.yaml, found none" in proc.stderr, proc.stderr
    assert not (tmp_path / "generated").exists()


def test_generated_package_is_importable_without_the_wrapper() -> None:
    spec = importlib.util.find_spec("hubspot_associations_api")
    assert spec is not None and spec.origin is not None
    assert Path(spec.origin).is_relative_to(COMMITTED)
    assert (COMMITTED / "py.typed").is_file()
