"""Start-up: a fresh process loads only what it uses (what is loaded, never how long it takes).

Each test runs a fresh interpreter and reads its ``sys.modules`` at the end: constructing a
client loads neither the generated packages (and attrs, which their models need) nor
python-dateutil; the first seed call loads its own operation's models, not the batch machinery;
``--help`` loads no HTTP stack. ``make bench`` times the same (benchmarks/README.md).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SUITE_API_VERSION, TOKEN
from hubspot_associations import _generated
from hubspot_associations.testing import FakeHubSpot

GENERATED = tuple(_generated.VERSIONS.values())
# The generated models are attrs classes; timestamps fall back to dateutil's parser.
MODEL_RUNTIME = ("attr", "attrs", "dateutil")
# httpx's transports and what they stand on: an import of httpx loads them all.
HTTP_STACK = ("httpx", "httpcore", "h11", "h2", "anyio", "sniffio")
# Loaded by a batch call or a journal only.
BATCH_MACHINERY = (
    "sqlite3",
    "hubspot_associations._batch_core",
    "hubspot_associations._batch_drivers",
    "hubspot_associations._batch_jobs",
    "hubspot_associations._journal",
)


def loaded_after(source: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``source``."""
    script = f"{source}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    # Without coverage (make test measures subprocesses too): it would load sqlite3 and more.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HUBSPOT_ACCESS", "COVERAGE_", "COV_CORE_"))
    }
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert run.returncode == 0, run.stderr
    return set(json.loads(run.stdout.strip().splitlines()[-1]))


def within(modules: set[str], packages: tuple[str, ...]) -> set[str]:
    """The modules that are, or are inside, one of ``packages``."""
    return {m for m in modules if m in packages or m.startswith(tuple(p + "." for p in packages))}


def test_importing_and_constructing_clients_loads_no_generated_code_attrs_or_dateutil() -> None:
    sync_only = loaded_after(
        "from hubspot_associations import Associations\n"
        f"Associations(access_token={TOKEN!r}, api_version={SUITE_API_VERSION!r}).close()"
    )
    both = loaded_after(
        "import hubspot_associations as hs\n"
        f"hs.Associations(access_token={TOKEN!r}, api_version={SUITE_API_VERSION!r})\n"
        f"hs.AsyncAssociations(access_token={TOKEN!r}, api_version={SUITE_API_VERSION!r})"
    )
    for modules in (sync_only, both):
        assert "hubspot_associations._client" in modules  # the clients were made
        assert not within(modules, GENERATED + MODEL_RUNTIME)
        assert not within(modules, BATCH_MACHINERY)
    assert "asyncio" not in sync_only  # a blocking program never loads the event loop


def _models_mentioned(path: Path) -> set[str]:
    """The model modules a generated module imports anywhere in its source (``..models.x``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level > 0:
            parts = node.module.split(".")
            if parts[0] == "models" and len(parts) == 2:
                found.add(parts[1])
    return found


def _defines(path: Path, name: str) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(n, ast.ClassDef) and n.name == name for n in tree.body)


def _needed_models(package: str, operation: str) -> tuple[str, set[str], set[str]]:
    """(the answer's model module, every model module the operation can reach, all models)."""
    module, model = _generated.door(SUITE_API_VERSION).operations[operation]
    assert model is not None
    root = ROOT / "generated" / package
    models = root / "models"
    every = {p.stem for p in models.glob("*.py") if p.stem != "__init__"}
    answer = next(m for m in every if _defines(models / f"{m}.py", model))
    # Start from the operation's module and the answer's model; follow model imports.
    todo = _models_mentioned(root / "api" / f"{module.replace('.', '/')}.py") | {answer}
    reach: set[str] = set()
    while todo:
        name = todo.pop()
        if name not in reach:
            reach.add(name)
            todo |= _models_mentioned(models / f"{name}.py")
    return answer, reach, every


def test_the_first_seed_call_loads_its_own_models_and_no_batch_machinery() -> None:
    package = _generated.VERSIONS[SUITE_API_VERSION]
    answer, reachable, every = _needed_models(package, "associate_default")
    assert reachable < every  # else "only what it needs" would say nothing
    with FakeHubSpot() as hs:
        hs.add_records("contacts", [1])
        hs.add_records("companies", [2])
        modules = loaded_after(
            "from hubspot_associations import Associations\n"
            f"client = Associations(access_token={TOKEN!r}, base_url={hs.url!r},"
            f" api_version={SUITE_API_VERSION!r})\n"
            "result = client.associate_default('contacts', 1, 'companies', 2)\n"
            "assert [(a.from_object_id, a.to_object_id) for a in result][0] == ('1', '2')"
        )
    models = {m.rsplit(".", 1)[1] for m in within(modules, (f"{package}.models",))} - {"models"}
    assert answer in models  # the answer was read through its generated model
    assert models <= reachable, models - reachable
    # Requests are built by the operation's _get_kwargs: the generated Client is never made,
    # and the error model is read only by the generated _parse_response, which the SDK never runs.
    assert f"{package}.client" not in modules
    assert "error" not in models
    operations = {m for m in within(modules, (f"{package}.api",)) if m.count(".") == 3}
    assert operations == {f"{package}.api.records.associate_default"}
    assert not within(modules, tuple(p for p in GENERATED if p != package))
    assert not within(modules, (*BATCH_MACHINERY, "asyncio", "dateutil"))


@pytest.mark.parametrize("args", [["--help"], ["associate", "--help"]])
def test_command_line_help_loads_no_http_stack(args: list[str]) -> None:
    modules = loaded_after(
        "import contextlib, io\n"
        "from hubspot_associations.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        f"        main({args!r})\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, exit.code\n"
        "assert 'usage: hubspot-associations' in out.getvalue(), out.getvalue()"
    )
    assert "hubspot_associations.cli._args" in modules
    assert not within(modules, HTTP_STACK), within(modules, HTTP_STACK)


@pytest.mark.parametrize("entry", ["api_version", "unset", "model", "request"])
def test_each_way_into_a_door_loads_its_package_first(entry: str) -> None:
    # A door made afresh has loaded nothing; whichever of its entries is used first loads the
    # package's API version and "not sent" marker before answering.
    door = _generated.Door(SUITE_API_VERSION)
    if entry == "api_version":
        assert door.api_version == SUITE_API_VERSION
    elif entry == "unset":
        assert _generated.opt(door.unset()) is None
    elif entry == "model":
        assert door.model("ObjectRefInput")(id="1").to_dict() == {"id": "1"}
    else:
        kwargs = door.request("associate_default", **dict.fromkeys(ARGS, "1"))
        assert f"/{SUITE_API_VERSION}/" in kwargs["url"]
    assert door.api_version == SUITE_API_VERSION


ARGS = ("from_object_type", "from_object_id", "to_object_type", "to_object_id")


def test_the_package_lists_every_public_name_without_loading_them() -> None:
    modules = loaded_after(
        "import hubspot_associations as hs\n"
        "assert set(hs.__all__) <= set(dir(hs)), set(hs.__all__) - set(dir(hs))\n"
        "assert 'Associations' in dir(hs)"
    )
    assert "hubspot_associations._client" not in modules


@pytest.mark.parametrize("package", GENERATED)
def test_the_generated_package_on_its_own_still_sends_and_reads(package: str) -> None:
    # Its endpoint modules import their models when first parsing, not when imported: a caller
    # of the generated functions (not this SDK) still gets every answer read into its model.
    import importlib

    client_module = importlib.import_module(f"{package}.client")
    endpoint = importlib.import_module(f"{package}.api.records.associate_default")
    api_version = importlib.import_module(f"{package}.models.api_version").ApiVersion.CURRENT
    version = api_version.value
    with FakeHubSpot(api_version=version) as hs:
        hs.add_records("contacts", [1])
        hs.add_records("companies", [2])
        client = client_module.AuthenticatedClient(base_url=hs.url, token=TOKEN)
        args = {
            "api_version": api_version,
            "from_object_type": "contacts",
            "to_object_type": "companies",
        }
        done = endpoint.sync_detailed(client=client, from_object_id="1", to_object_id="2", **args)
        missing = endpoint.sync_detailed(
            client=client, from_object_id="1", to_object_id="9", **args
        )
    assert done.status_code // 100 == 2
    assert type(done.parsed).__name__ == "BatchResponseDefaultAssociation"
    assert {(r.from_.id, r.to.id) for r in done.parsed.results} == {("1", "2"), ("2", "1")}
    assert missing.status_code == 404
    assert type(missing.parsed).__name__ == "Error"
    assert missing.parsed.category
