"""The one door to the generated clients: one package per HubSpot API version.

Nothing else in the SDK imports a generated package. :func:`door` gives the :class:`Door` of
one version; requests are built by the generated ``_get_kwargs`` of each operation, always
called with keyword arguments: the generated signature puts path parameters in the order the
fragment lists them, so a positional call would swap ids silently if a new API version
reordered them. Answers are read into the operation's documented success model (of that
version) with its ``from_dict``.

Where a version changed an operation's answer, :data:`CHANGES` names that version's model; the
conversions in ``_operations`` read what every version's models have in common, so each public
method returns the same type on every version. Statuses need no mapping: any 2xx is read the
same way (2026-09 answers 200 where 2026-03 answered 201 or 207).

Modules are imported on first use, per operation, so a program that makes one kind of call
loads only that operation's code and models.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# The generated package of each supported API version (openapi/generate.py names them).
VERSIONS: dict[str, str] = {
    "2026-03": "hubspot_associations_api",
    "2026-09": "hubspot_associations_api_2026_09",
}
DEFAULT_VERSION = "2026-03"

# operation -> (module under <package>.api, model of a success answer or None), as of 2026-03
OPERATIONS: dict[str, tuple[str, str | None]] = {
    "associate_default": ("records.associate_default", "BatchResponseDefaultAssociation"),
    "associate": ("records.associate", "LabelsBetweenObjectPair"),
    "remove_associations": ("records.remove_associations", None),
    "list_associations": ("records.list_associations", "AssociatedObjectPage"),
    "batch_associate_default": (
        "batch.batch_associate_default",
        "BatchResponseDefaultAssociation",
    ),
    "batch_create": ("batch.batch_create", "BatchResponseLabelsBetweenObjectPair"),
    "batch_read": ("batch.batch_read", "BatchResponseAssociationsOfRecords"),
    "batch_archive": ("batch.batch_archive", "BatchResponse"),
    "batch_archive_labels": ("batch.batch_archive_labels", "BatchResponse"),
    "list_labels": ("labels.list_labels", "AssociationTypeList"),
    "create_label": ("labels.create_label", "AssociationTypeList"),
    "update_label": ("labels.update_label", None),
    "delete_label": ("labels.delete_label", None),
    "list_all_limits": ("limits.list_all_limits", "LimitConfigList"),
    "list_limits": ("limits.list_limits", "LimitConfigList"),
    "create_limits": ("limits.create_limits", "BatchResponseLimitConfig"),
    "update_limits": ("limits.update_limits", "BatchResponseLimitConfig"),
    "purge_limits": ("limits.purge_limits", "BatchResponse"),
    "high_usage_report": ("usage.high_usage_report", "ReportCreationResponse"),
}

# What each later version changed in OPERATIONS (every supported version has an entry, even
# an empty one: tests/test_generated_door.py checks each fragment against its mapping here).
CHANGES: dict[str, dict[str, tuple[str, str | None]]] = {
    "2026-03": {},
    "2026-09": {
        # 2026-09 documents BatchResponseVoid for removals: the same fields, results untyped.
        "batch_archive": ("batch.batch_archive", "BatchResponseVoid"),
        "batch_archive_labels": ("batch.batch_archive_labels", "BatchResponseVoid"),
        # 2026-09's labels (AssociationLabel) lose fromObjectTypeId/toObjectTypeId; the SDK's
        # AssociationSpec never carried them. The list model keeps its name.
    },
}

_UNSET_TYPES: tuple[type, ...] = ()


class Door:
    """The generated package of one API version: requests built, answers read, models."""

    def __init__(self, version: str) -> None:
        self.version = version
        self.package = VERSIONS[version]
        self.operations = {**OPERATIONS, **CHANGES[version]}
        self._modules: dict[str, Any] = {}
        self._models: dict[str, Any] = {}
        self._result_models: dict[str, Any] = {}
        # Nothing generated is imported before the first request: the package brings attrs.
        self._loaded = False
        self._unset: Any = None
        self._api_version: Any = None
        self._api_version_text = ""

    def _load(self) -> None:
        """Import the package's shared parts: its "not sent" marker and its API version."""
        types = importlib.import_module(f"{self.package}.types")
        self._unset = types.UNSET
        global _UNSET_TYPES
        if types.Unset not in _UNSET_TYPES:
            _UNSET_TYPES = (*_UNSET_TYPES, types.Unset)
        self._api_version = importlib.import_module(
            f"{self.package}.models.api_version"
        ).ApiVersion.CURRENT
        # What requests are built with: the generated _get_kwargs reads it only as
        # ``quote(str(api_version))``, and str() of the enum member runs its __str__ and
        # Enum's ``value`` descriptor (two Python calls) on every request; of its text, none.
        self._api_version_text = str(self._api_version.value)
        self._loaded = True

    def __repr__(self) -> str:
        return f"Door({self.version!r})"

    @property
    def api_version(self) -> str:
        """The date-based API version this package calls (its fragment's info.version)."""
        if not self._loaded:
            self._load()
        return str(self._api_version.value)

    def _module(self, operation: str) -> Any:
        # Cached: an import statement per call costs more than building the rest of the request.
        module = self._modules.get(operation)
        if module is None:
            if not self._loaded:
                self._load()
            name = f"{self.package}.api.{self.operations[operation][0]}"
            module = importlib.import_module(name)
            self._modules[operation] = module
        return module

    def request(self, operation: str, /, **arguments: Any) -> dict[str, Any]:
        """The generated ``_get_kwargs`` of ``operation``: method, url, and json/params if any.

        Every argument is passed by its name (``from_object_type=...``); the version is added.
        """
        module = self._module(operation)
        kwargs: dict[str, Any] = module._get_kwargs(api_version=self._api_version_text, **arguments)
        return kwargs  # a fresh dict per call: nothing to copy

    def model(self, name: str) -> Any:
        """A generated model class by its name, e.g. ``model("ObjectRefInput")``."""
        cls = self._models.get(name)
        if cls is None:
            if not self._loaded:
                self._load()
            cls = getattr(importlib.import_module(f"{self.package}.models"), name)
            self._models[name] = cls
        return cls

    def read(self, operation: str, body: Any) -> Any:
        """A success answer's decoded JSON ``body`` read into the operation's generated model.

        Raises what ``from_dict`` raises on a body of the wrong shape (KeyError, TypeError,
        ...); the caller turns that into the SDK's InvalidResponseError.
        """
        name = self.operations[operation][1]
        if name is None:
            raise LookupError(f"{operation} answers without a body")
        return self.model(name).from_dict(body)

    def read_results(
        self, operation: str, body: Any, convert: Callable[[Any], T]
    ) -> tuple[Any, list[T]]:
        """An answer with ``results`` (a batch answer, a listing's page) read as :meth:`read`
        reads it, but its results one at a time: ``(the answer's model with no results,
        [convert(result's model), ...])``.

        Each result's generated model is converted and dropped before the next is read, where
        the answer's own ``from_dict`` makes all of them (a chunk's 1,000, a page's 500, each
        several objects) before the first is converted. Alive together, they outlive the
        garbage collections that reading sets off and are promoted to the oldest generation,
        whose growth triggers full collections: in a long batch, whose report keeps every
        result, each of those scans the whole report (benchmarks/README.md, "What changed" 9
        and 10).
        """
        results = body["results"]
        answer = self.read(operation, {**body, "results": ()})
        model = self._result_model(operation)
        if model is None:  # results the fragment leaves untyped are read as they are
            return answer, [convert(result) for result in results]
        read = model.from_dict
        return answer, [convert(read(result)) for result in results]

    def _result_model(self, operation: str) -> Any:
        """The generated model of one of ``operation``'s results, from its answer model's own
        annotation (``results: list[AssociationsOfRecord]``); None for ``list[Any]``."""
        if operation not in self._result_models:
            answer = self.model(self.operations[operation][1] or "")
            annotation = str(inspect.get_annotations(answer)["results"])
            name = annotation.removeprefix("list[").removesuffix("]")
            models = importlib.import_module(f"{self.package}.models")
            # Only a model the package exports: its models module also holds typing's Any.
            found = models if name in models.__all__ else None
            self._result_models[operation] = getattr(found, name, None)
        return self._result_models[operation]

    def unset(self) -> Any:
        """The generated client's marker for "field not sent"."""
        if not self._loaded:
            self._load()
        return self._unset


_doors: dict[str, Door] = {}


def door(version: str = DEFAULT_VERSION) -> Door:
    """The door of one API version; ValueError naming the supported ones for any other."""
    found = _doors.get(version)
    if found is None:
        if version not in VERSIONS:
            raise ValueError(f"api_version must be one of {', '.join(VERSIONS)}, got {version!r}")
        found = _doors[version] = Door(version)
    return found


def opt(value: Any) -> Any:
    """``None`` for a field the answer did not have (a generated ``Unset``), else the value.

    Any version's marker: a value can only come from a model of a door already made.
    """
    return None if isinstance(value, _UNSET_TYPES) else value
