"""A client library for accessing HubSpot CRM Associations"""

from typing import TYPE_CHECKING, Any

from ._spec import SPEC_SHA256
from .models.api_version import ApiVersion

if TYPE_CHECKING:
    from .client import AuthenticatedClient, Client

API_VERSION: str = ApiVersion.CURRENT.value
"""The date-based HubSpot API version every operation of this package calls."""

__all__ = (
    "API_VERSION",
    "SPEC_SHA256",
    "AuthenticatedClient",
    "Client",
)


def __getattr__(name: str) -> Any:
    if name in ("AuthenticatedClient", "Client"):
        from . import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
