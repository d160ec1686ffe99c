"""The SDK's namespaces, each a module with its sync and async class side by side.

``records`` (the clients' own methods), ``batch``, ``labels``, ``limits`` and ``usage``; every
class here is exported by :mod:`hubspot_associations` too.
"""

from .batch import AsyncBatch, Batch
from .labels import AsyncLabels, Labels
from .limits import AsyncLimits, Limits
from .records import AsyncRecords, Records
from .usage import AsyncUsage, Usage

__all__ = [
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
]
