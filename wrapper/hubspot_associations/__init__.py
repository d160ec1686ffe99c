"""hubspot-associations: a fast, typed, resilient SDK for HubSpot's CRM Associations API.

Example::

    from hubspot_associations import Associations, AssociationType

    client = Associations()  # token from HUBSPOT_ACCESS_TOKEN
    client.associate_default("contacts", 123, "companies", 456)
    client.associate("deals", 1, "contacts", 2, types=[AssociationType.DEAL_TO_CONTACT])
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from . import errors
    from ._client import Associations, AsyncAssociations
    from .resources import (
        AsyncBatch,
        AsyncLabels,
        AsyncLimits,
        AsyncRecords,
        AsyncUsage,
        Batch,
        Labels,
        Limits,
        Records,
        Usage,
    )
    from .types import (
        AssociatedRecord,
        Association,
        AssociationCategory,
        AssociationSpec,
        AssociationType,
        AssociationTypeLike,
        AssociationTypes,
        BatchItemError,
        BatchReport,
        Failed,
        HighUsageReport,
        LabelsBetweenRecords,
        LimitConfig,
        Succeeded,
    )

__all__ = [
    "AssociatedRecord",
    "Association",
    "AssociationCategory",
    "AssociationSpec",
    "AssociationType",
    "AssociationTypeLike",
    "AssociationTypes",
    "Associations",
    "AsyncAssociations",
    "AsyncBatch",
    "AsyncLabels",
    "AsyncLimits",
    "AsyncRecords",
    "AsyncUsage",
    "Batch",
    "BatchItemError",
    "BatchReport",
    "Failed",
    "HighUsageReport",
    "Labels",
    "LabelsBetweenRecords",
    "LimitConfig",
    "Limits",
    "Records",
    "Succeeded",
    "Usage",
    "__version__",
    "errors",
]

# Each public name is imported on first use (PEP 562): `from hubspot_associations import
# Associations` loads the client and what it needs, not every type and namespace; a program
# pays at start-up only for what it touches.
_MODULE_OF = {
    **dict.fromkeys(("Associations", "AsyncAssociations"), "._client"),
    **dict.fromkeys(
        (
            "AsyncBatch",
            "AsyncLabels",
            "AsyncLimits",
            "AsyncRecords",
            "AsyncUsage",
            "Batch",
            "Labels",
            "Limits",
            "Records",
            "Usage",
        ),
        ".resources",
    ),
    **dict.fromkeys(
        (
            "AssociatedRecord",
            "Association",
            "AssociationCategory",
            "AssociationSpec",
            "AssociationType",
            "AssociationTypeLike",
            "AssociationTypes",
            "BatchItemError",
            "BatchReport",
            "Failed",
            "HighUsageReport",
            "LabelsBetweenRecords",
            "LimitConfig",
            "Succeeded",
        ),
        ".types",
    ),
}


def __getattr__(name: str) -> Any:
    import importlib

    if name == "errors":
        value: Any = importlib.import_module(".errors", __name__)
    else:
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
