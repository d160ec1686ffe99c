"""One door to the generated client: a single wrapper module imports it, always by keyword."""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import yaml
from conftest import ROOT

sys.path.insert(0, str(ROOT / "openapi"))
import generate as gen

WRAPPER = ROOT / "wrapper" / "hubspot_associations"
DOOR = WRAPPER / "_generated.py"


def _imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function, written out whole."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith(gen.PACKAGE)
        ):
            names.add(node.value)  # importlib.import_module(f"..."): the name in a string
    return names


def test_only_the_door_imports_the_generated_package() -> None:
    importers = sorted(
        str(path.relative_to(WRAPPER))
        for path in WRAPPER.rglob("*.py")
        # FakeHubSpot stands for HubSpot, not the SDK (it imports no generated package).
        if "testing" not in path.relative_to(WRAPPER).parts
        and any(name.split(".")[0].startswith(gen.PACKAGE) for name in _imported_modules(path))
    )
    assert importers == ["_generated.py"]


def test_the_door_never_reaches_generated_functions_by_position() -> None:
    """``_get_kwargs`` is called once, with nothing but keyword arguments."""
    calls = [
        node
        for node in ast.walk(ast.parse(DOOR.read_text()))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "_get_kwargs"
    ]
    assert len(calls) == 1
    assert calls[0].args == []


def _permuted_paths(spec: dict[str, Any]) -> dict[str, str]:
    """Reverse the order of the record and type placeholders in every path (the generator
    orders a function's parameters as they stand in the path); return old path -> new path."""
    moved = {}
    for path in list(spec["paths"]):
        names = [n for n in re.findall(r"{(\w+)}", path) if n != "apiVersion"]
        if len(names) < 2:
            continue
        new = path
        for old, replacement in zip(names, reversed(names), strict=True):
            new = new.replace(f"{{{old}}}", f"{{@{replacement}}}", 1)
        new = new.replace("{@", "{")
        spec["paths"][new] = spec["paths"].pop(path)
        moved[path] = new
    return moved


def test_reordered_path_parameters_cannot_swap_ids(tmp_path: Path) -> None:
    """A new fragment placing path parameters in another order (the generated signatures
    follow it) still sends every id and type to its own place in the URL."""
    spec = yaml.safe_load(gen.fragment_for(gen.FIRST_VERSION).read_text())
    moved = _permuted_paths(spec)
    assert len(moved) >= 10
    fragment = tmp_path / "reordered.yaml"
    fragment.write_text(yaml.safe_dump(spec, sort_keys=False))
    out = tmp_path / "gen"
    gen.generate(fragment, out)
    source = (out / gen.PACKAGE / "api" / "records" / "associate_default.py").read_text()
    assert source.index("to_object_id: str") < source.index("from_object_type: str"), (
        "the reordered fragment must really reorder the generated parameters"
    )

    script = textwrap.dedent(
        """
        import json, sys
        sys.path.insert(0, sys.argv[2])
        import hubspot_associations_api
        assert hubspot_associations_api.__file__.startswith(sys.argv[1])
        from scripted_server import ScriptedServer
        from hubspot_associations import Associations
        batch = {"status": "COMPLETE", "results": [], "startedAt": "2026-03-01T00:00:00Z",
                 "completedAt": "2026-03-01T00:00:01Z"}
        with ScriptedServer() as server:
            server.reply(200, batch)
            server.reply(201, {"fromObjectTypeId": "0-1", "fromObjectId": 11,
                               "toObjectTypeId": "0-2", "toObjectId": 22, "labels": []})
            server.reply(204, None)
            server.reply(200, {"results": []})
            server.reply(204, None)
            client = Associations("token", base_url=server.url, rate_limit=None)
            client.associate_default("contacts", 11, "companies", 22)
            client.associate("contacts", 11, "companies", 22, types=[1])
            client.remove("contacts", 11, "companies", 22)
            list(client.list("contacts", 11, "companies"))
            client.labels.delete("contacts", "companies", 33)
            print(json.dumps([r.path for r in server.received]))
        """
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(out), str(ROOT / "wrapper")]))
    env.pop("HUBSPOT_API_VERSION", None)  # the reordered fragment is the 2026-03 one
    proc = subprocess.run(
        [sys.executable, "-c", script, str(out), str(ROOT / "tests")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    paths = [p.split("?")[0] for p in json.loads(proc.stdout)]
    values = {
        "apiVersion": "2026-03",
        "fromObjectType": "contacts",
        "objectType": "contacts",
        "fromObjectId": "11",
        "objectId": "11",
        "toObjectType": "companies",
        "toObjectId": "22",
        "associationTypeId": "33",
    }
    templates = [
        "/crm/objects/{apiVersion}/{fromObjectType}/{fromObjectId}/associations/default/"
        "{toObjectType}/{toObjectId}",
        "/crm/objects/{apiVersion}/{objectType}/{objectId}/associations/{toObjectType}/"
        "{toObjectId}",
        "/crm/objects/{apiVersion}/{objectType}/{objectId}/associations/{toObjectType}/"
        "{toObjectId}",
        "/crm/objects/{apiVersion}/{objectType}/{objectId}/associations/{toObjectType}",
        "/crm/associations/{apiVersion}/{fromObjectType}/{toObjectType}/labels/{associationTypeId}",
    ]
    assert paths == [moved[t].format(**values) for t in templates]
