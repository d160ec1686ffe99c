"""The one door to the generated client, ``hubspot_associations_api``.

Nothing else in the SDK imports the generated package. Requests are built by the generated
``_get_kwargs`` of each operation, always called with keyword arguments: the generated
signature puts path parameters in the order the fragment lists them, so a positional call would
swap ids silently if a new API version reordered them. Answers are read into the operation's
documented success model with its ``from_dict``.

Modules are imported on first use, per operation, so a program that makes one kind of call
loads only that operation's code and models.
"""

from __future__ import annotations

import importlib
from typing import Any

# operation -> (module under hubspot_associations_api.api, model of a success answer or None)
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

_PACKAGE = "hubspot_associations_api"

_modules: dict[str, Any] = {}
_models: dict[str, Any] = {}
_basics: dict[str, Any] = {}


def _module(operation: str) -> Any:
    # Cached: an import statement per call costs more than building the rest of the request.
    module = _modules.get(operation)
    if module is None:
        module = importlib.import_module(f"{_PACKAGE}.api.{OPERATIONS[operation][0]}")
        _modules[operation] = module
    return module


def _basic(name: str) -> Any:
    value = _basics.get(name)
    if value is None:
        if name == "api_version":
            from hubspot_associations_api.models.api_version import ApiVersion

            value = ApiVersion.CURRENT
        else:
            from hubspot_associations_api import types

            value = getattr(types, name)
        _basics[name] = value
    return value


def api_version() -> str:
    """The date-based API version the generated client calls."""
    return str(_basic("api_version").value)


def request(operation: str, /, **arguments: Any) -> dict[str, Any]:
    """The generated ``_get_kwargs`` of ``operation``: method, url, and json/params if any.

    Every argument is passed by its name (``from_object_type=...``); the API version is added.
    """
    return dict(_module(operation)._get_kwargs(api_version=_basic("api_version"), **arguments))


def model(name: str) -> Any:
    """A generated model class by its name, e.g. ``model("ObjectRefInput")``."""
    cls = _models.get(name)
    if cls is None:
        cls = getattr(importlib.import_module(f"{_PACKAGE}.models"), name)
        _models[name] = cls
    return cls


def read(operation: str, body: Any) -> Any:
    """A success answer's decoded JSON ``body`` read into the operation's generated model.

    Raises what ``from_dict`` raises on a body of the wrong shape (KeyError, TypeError, ...);
    the caller turns that into the SDK's InvalidResponseError.
    """
    name = OPERATIONS[operation][1]
    if name is None:
        raise LookupError(f"{operation} answers without a body")
    return model(name).from_dict(body)


def unset() -> Any:
    """The generated client's marker for "field not sent"."""
    return _basic("UNSET")


def opt(value: Any) -> Any:
    """``None`` for a field the answer did not have (the generated ``Unset``), else the value."""
    return None if isinstance(value, _basic("Unset")) else value
