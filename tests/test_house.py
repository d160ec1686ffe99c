"""The shape of the package: no import cycle, sync and async twins alike, facts in one home."""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hubspot_associations as hs
import pytest
from conftest import ROOT

PACKAGE = ROOT / "wrapper" / "hubspot_associations"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path) -> Iterator[str]:
    """The package's modules that ``name`` imports anywhere (top level, functions, type checks)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            # `from . import errors` imports a module; `from .types import X` the module itself
            targets = [f"{stem}.{alias.name}" for alias in node.names] + [stem]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name and not name.startswith(target + "."):
                yield target


GRAPH = {name: sorted(set(_imports(name, path))) for name, path in MODULES.items()}


def _cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """One import cycle of ``graph``, as the list of modules around it, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_import_graph_sees_lazy_imports() -> None:
    """The graph below is worth trusting: it has the package's real edges, lazy ones included."""
    assert "hubspot_associations._engine" in GRAPH["hubspot_associations._client"]
    assert _cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert _cycle({"a": ["b"], "b": []}) is None


def test_no_import_cycle_in_the_package() -> None:
    assert _cycle(GRAPH) is None, " -> ".join(_cycle(GRAPH) or [])


# -- sync and async twins ------------------------------------------------------------------

TWINS = [
    (hs.Associations, hs.AsyncAssociations),
    (hs.Records, hs.AsyncRecords),
    (hs.Batch, hs.AsyncBatch),
    (hs.Labels, hs.AsyncLabels),
    (hs.Limits, hs.AsyncLimits),
    (hs.Usage, hs.AsyncUsage),
]
# What differs by nature between the two: the context manager and the closing call.
SYNC_ONLY = {"close", "__enter__", "__exit__"}
ASYNC_ONLY = {"aclose", "__aenter__", "__aexit__"}


def _public(cls: type) -> dict[str, Any]:
    return {
        name: member
        for name in dir(cls)
        if not name.startswith("_") and callable(member := getattr(cls, name))
    }


def _annotation(text: str) -> str:
    """An annotation with the sync/async spelling taken out."""
    text = re.sub(r"\bAsync(\w+)", r"\1", text)
    return re.sub(r"\bAwaitable\[(.*)\]$", r"\1", text)


def _signature(function: Any) -> list[tuple[str, Any, Any, str]]:
    return [
        (p.name, p.kind, p.default, _annotation(str(p.annotation)))
        for p in inspect.signature(function).parameters.values()
    ]


@pytest.mark.parametrize(("sync", "asynchronous"), TWINS, ids=lambda c: c.__name__)
def test_async_twin_has_the_same_surface(sync: type, asynchronous: type) -> None:
    mine, theirs = _public(sync), _public(asynchronous)
    assert set(mine) - SYNC_ONLY == set(theirs) - ASYNC_ONLY
    for name in set(mine) - SYNC_ONLY:
        a, b = mine[name], theirs[name]
        assert _signature(a) == _signature(b), name
        assert a.__doc__ and a.__doc__ == b.__doc__, f"{sync.__name__}.{name}: docstring"
        returns = inspect.signature(a).return_annotation
        assert _annotation(str(returns)) == _annotation(
            str(inspect.signature(b).return_annotation)
        ), name
        synchronous = not (inspect.iscoroutinefunction(a) or inspect.isasyncgenfunction(a))
        assert synchronous, f"{sync.__name__}.{name} must not be async"
        returns_iterator = "Iterator" in str(returns)
        assert inspect.iscoroutinefunction(b) or returns_iterator or name == "with_options", (
            f"{asynchronous.__name__}.{name} must be a coroutine function"
        )


def test_every_async_class_is_checked_against_its_twin() -> None:
    """A new async class (or a new namespace) cannot slip past the surface check above."""
    exported = [getattr(hs, name) for name in hs.__all__]
    asynchronous = {c for c in exported if isinstance(c, type) and c.__name__.startswith("Async")}
    assert asynchronous == {a for _, a in TWINS}
    for sync, twin in TWINS:
        assert twin.__name__ == f"Async{sync.__name__}"
        assert getattr(hs, sync.__name__) is sync


def test_both_clients_carry_twin_namespaces() -> None:
    sync, asynchronous = hs.Associations("token"), hs.AsyncAssociations("token")
    mine = {n: type(v) for n, v in vars(sync).items() if not n.startswith("_")}
    theirs = {n: type(v) for n, v in vars(asynchronous).items() if not n.startswith("_")}
    assert mine, "the sync client has namespaces"
    assert set(mine) == set(theirs)
    twins = dict(TWINS)
    for name, cls in mine.items():
        assert twins[cls] is theirs[name], name
    sync.close()
    asyncio.run(asynchronous.aclose())


def test_namespace_classes_are_public() -> None:
    for sync, asynchronous in TWINS:
        for cls in (sync, asynchronous):
            assert cls.__name__ in hs.__all__
            assert not cls.__module__.split(".")[-1].startswith("_") or cls in (
                hs.Associations,
                hs.AsyncAssociations,
            ), f"{cls.__name__} lives in the private {cls.__module__}"
    client = hs.Associations("token")
    assert isinstance(client.batch, hs.Batch)
    assert isinstance(client.labels, hs.Labels)
    assert isinstance(client.limits, hs.Limits)
    assert isinstance(client.usage, hs.Usage)
    assert isinstance(client, hs.Records)
    client.close()


# -- HubSpot facts in one home -------------------------------------------------------------

FACTS = PACKAGE / "_hubspot.py"
# Strings that are HubSpot's, not ours: headers, hosts, variables, policies and sub-categories.
FACT_PATTERN = re.compile(
    r"^((?i:x-hubspot-|retry-after$)|https://api\.hubapi\.com|HUBSPOT_(?!DEFINED$)[A-Z_]+$|"
    r"crm\.associations\.|(TEN_SECONDLY_ROLLING|SECONDLY|DAILY)$)"
)


def _fact_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text())
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and FACT_PATTERN.match(node.value)
    ]


def test_hubspot_facts_live_in_one_module() -> None:
    assert _fact_strings(FACTS), "the facts module holds the facts"
    strays = {
        str(path.relative_to(PACKAGE)): found
        for path in MODULES.values()
        if path != FACTS
        # FakeHubSpot keeps its own copy on purpose: it must not share code with what it tests.
        and "testing" not in path.relative_to(PACKAGE).parts
        and (found := _fact_strings(path))
    }
    assert strays == {}, "HubSpot facts outside _hubspot.py"


# -- the command line ----------------------------------------------------------------------

CLI = "hubspot_associations.cli"


def _absolute_imports(path: Path) -> Iterator[tuple[str, str | None]]:
    """(module, name imported from it or None) for each absolute import of a script."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((alias.name, None) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield from ((node.module, alias.name) for alias in node.names)


def _private(dotted: str) -> bool:
    return any(part.startswith("_") and part != "__future__" for part in dotted.split("."))


def test_the_cli_private_modules_are_the_clis_own() -> None:
    """Outside the CLI package (tests aside), only its public modules are imported."""
    strays = {
        name: [t for t in targets if t.startswith(f"{CLI}._")]
        for name, targets in GRAPH.items()
        if not (name == CLI or name.startswith(f"{CLI}."))
    }
    for script in sorted((ROOT / "examples").rglob("*.py")):
        strays[str(script.relative_to(ROOT))] = [
            f"{module}.{name}" if name else module
            for module, name in _absolute_imports(script)
            if module.startswith("hubspot_associations") and _private(f"{module}.{name or ''}")
        ]
    assert {k: v for k, v in strays.items() if v} == {}


def test_the_cli_reads_its_clock_at_call_time() -> None:
    """Tests replace ``cli._time.clock`` and ``sleep``: a module that bound them at import
    (``from ._time import clock``) would keep the real ones and wait in real time."""
    early = [
        f"{name}: from {node.module} import {', '.join(a.name for a in node.names)}"
        for name, path in MODULES.items()
        if name.startswith(f"{CLI}.")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ImportFrom) and node.module == "_time" and node.level == 1
    ]
    assert f"{CLI}._time" in GRAPH[f"{CLI}._session"], "the client's clock comes from _time"
    assert early == []
