"""A client library for accessing HubSpot CRM Associations"""

from ._spec import SPEC_SHA256
from .client import AuthenticatedClient, Client
from .models.api_version import ApiVersion

API_VERSION: str = ApiVersion.CURRENT.value
"""The date-based HubSpot API version every operation of this package calls."""

__all__ = (
    "API_VERSION",
    "SPEC_SHA256",
    "AuthenticatedClient",
    "Client",
)
