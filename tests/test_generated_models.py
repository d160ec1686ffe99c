"""The generated models read answers without per-call imports, and still load lazily: a model
that nests others loads them on its first from_dict, not when it is imported, and not again."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGES = sorted(p for p in (ROOT / "generated").iterdir() if (p / "models").is_dir())


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_no_model_method_runs_an_import_statement(package: Path) -> None:
    # An import statement in from_dict ran on every call (~1 us each; a listing reads 100,000
    # records, each a from_dict with one): nested models are imported once, by _import_nested.
    offenders = []
    for module in sorted((package / "models").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ClassDef):
                for method in node.body:
                    if isinstance(method, ast.FunctionDef) and any(
                        isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(method)
                    ):
                        offenders.append(f"{module.name}: {node.name}.{method.name}")
    assert offenders == []


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_nested_models_load_on_first_use_and_read_as_before(package: Path) -> None:
    code = textwrap.dedent(
        f"""
        import sys
        from {package.name}.models.batch_response_default_association import (
            BatchResponseDefaultAssociation,
        )
        nested = "{package.name}.models.default_association"
        assert nested not in sys.modules, "importing a model loaded the models it nests"
        body = {{
            "status": "COMPLETE",
            "results": [{{"from": {{"id": "1"}}, "to": {{"id": "2"}}, "associationSpec":
                {{"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 279}}}}],
            "startedAt": "2026-03-02T10:00:00.000Z",
            "completedAt": "2026-03-02T10:00:00.045Z",
            "errors": [{{"status": "error", "category": "VALIDATION_ERROR", "message": "m",
                "context": {{}}, "links": {{}}, "errors": [{{"message": "d"}}]}}],
        }}
        model = BatchResponseDefaultAssociation.from_dict(body)
        assert nested in sys.modules
        assert model.results[0].from_.id == "1" and model.errors[0].errors[0].message == "d"
        again = BatchResponseDefaultAssociation.from_dict(model.to_dict())
        assert again.to_dict() == model.to_dict()
        print("ok")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT / "generated",
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def _from_dicts(package: Path) -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for module in sorted((package / "models").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ClassDef):
                for method in node.body:
                    if isinstance(method, ast.FunctionDef) and method.name == "from_dict":
                        found.append((f"{module.stem}.{node.name}", method))
    return found


def _returns_its_argument(function: ast.FunctionDef) -> bool:
    """Whether every path of ``function`` returns its one argument unchanged (or cast)."""
    (arg,) = [a.arg for a in function.args.args]
    for node in ast.walk(function):
        if isinstance(node, ast.Return):
            value = node.value
            if isinstance(value, ast.Call) and getattr(value.func, "id", None) == "cast":
                value = value.args[1]
            if not (isinstance(value, ast.Name) and value.id == arg):
                return False
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) not in (
            "cast",
            "isinstance",
        ):
            return False
    return True


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_no_from_dict_makes_a_function_that_returns_its_argument(package: Path) -> None:
    # A union of members read as they are (int | str, str | None) was read through a function
    # made on every call and returning its argument on every path: two per listed record.
    offenders = []
    for where, method in _from_dicts(package):
        for inner in ast.walk(method):
            if (
                inner is not method
                and isinstance(inner, ast.FunctionDef)
                and _returns_its_argument(inner)
            ):
                offenders.append(f"{where}: {inner.name}")
    assert offenders == []


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_from_dict_neither_copies_its_source_nor_makes_the_model_by_keywords(
    package: Path,
) -> None:
    # Per listed record, from_dict copied the record's dict to pop its fields from the copy and
    # called the class with keywords (attrs' __init__ then builds a dict of them): together
    # ~45% of reading a record. Fields are read from the source and passed in field order.
    import importlib

    import attrs  # the generated package's own dependency

    offenders = []
    for where, method in _from_dicts(package):
        module_name, class_name = where.split(".")
        cls = getattr(importlib.import_module(f"{package.name}.models.{module_name}"), class_name)
        in_init = [f.name for f in attrs.fields(cls) if f.init]
        for node in ast.walk(method):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None)
            if name == "dict" and [getattr(a, "id", None) for a in node.args] == ["src_dict"]:
                offenders.append(f"{where}: copies src_dict")
            if name == "cls":
                passed = [getattr(a, "id", None) for a in node.args]
                if node.keywords or passed != in_init:
                    offenders.append(f"{where}: cls({passed}, keywords) for fields {in_init}")
    assert offenders == []


READ_BODIES = {
    "associated_object.AssociatedObject": {
        "toObjectId": 7,
        "associationTypes": [{"category": "USER_DEFINED", "typeId": 9, "label": "Boss"}],
    },
    "association_type_with_label.AssociationTypeWithLabel": {
        "category": "HUBSPOT_DEFINED",
        "typeId": 279,
        "label": None,
        "toObjectTypeId": "0-2",
    },
    "paging.Paging": {"next": {"after": "NTI1Cg%3D%3D", "link": "?after=NTI1Cg%3D%3D"}},
}


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("where", sorted(READ_BODIES))
def test_from_dict_reads_every_field_and_keeps_unknown_ones_apart(
    package: Path, where: str
) -> None:
    import copy
    import importlib

    module_name, class_name = where.split(".")
    cls = getattr(importlib.import_module(f"{package.name}.models.{module_name}"), class_name)
    body = READ_BODIES[where]

    plain = cls.from_dict(copy.deepcopy(body))
    assert plain.to_dict() == body  # every field read into its own attribute, nothing else
    assert plain.additional_properties == {}

    source = {**copy.deepcopy(body), "newField": [1, 2], "another": None}
    kept = copy.deepcopy(source)
    model = cls.from_dict(source)
    assert source == kept  # the answer it read is left as it was
    assert model.additional_properties == {"newField": [1, 2], "another": None}
    assert model.to_dict() == source
    other = cls.from_dict(source)
    other["mine"] = 1  # each model has its own dict of unknown fields
    assert "mine" not in model and "mine" not in source
