"""``client.usage``: association usage reports."""

from __future__ import annotations

from .. import _operations as ops
from .._call import AsyncRunner, SyncRunner, share_docstrings
from ..types import HighUsageReport

__all__ = ["AsyncUsage", "Usage"]


class Usage:
    """Association usage reports: ``client.usage``."""

    def __init__(self, client: SyncRunner) -> None:
        self._client = client

    def high_usage_report(self, user_id: int) -> HighUsageReport:
        """Queue a report of records near their association limits, emailed to ``user_id``."""
        return self._client._run(ops.high_usage_report(self._client._door, user_id))


class AsyncUsage:
    """Association usage reports: ``client.usage``."""

    def __init__(self, client: AsyncRunner) -> None:
        self._client = client

    async def high_usage_report(self, user_id: int) -> HighUsageReport:
        return await self._client._run(ops.high_usage_report(self._client._door, user_id))


share_docstrings((Usage, AsyncUsage))
