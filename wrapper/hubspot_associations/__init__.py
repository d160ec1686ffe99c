"""hubspot-associations: a fast, typed, resilient SDK for HubSpot's CRM Associations API.

Example::

    from hubspot_associations import Associations, AssociationType

    client = Associations()  # token from HUBSPOT_ACCESS_TOKEN
    client.associate_default("contacts", 123, "companies", 456)
    client.associate("deals", 1, "contacts", 2, types=[AssociationType.DEAL_TO_CONTACT])
"""

from . import errors
from ._client import Associations, AsyncAssociations
from ._version import __version__
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
