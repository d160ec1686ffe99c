"""Test against a fake HubSpot: :class:`FakeHubSpot` serves the Associations API on loopback.

Like moto for AWS: a real HTTP server with real state, so the code under test (this SDK or any
other client) runs unchanged. Use it directly, through the ``fake_hubspot`` pytest fixture
(``pytest_plugins = ["hubspot_associations.testing.pytest_plugin"]``), or from the command line
with ``python -m hubspot_associations.testing``.

Example::

    from hubspot_associations.testing import FakeHubSpot

    with FakeHubSpot(rate_limit=(100, 10)) as hs:
        hs.add_records("contacts", [1])
        hs.add_records("companies", [10])
        ...  # point the client at hs.url
        assert hs.associations("contacts", 1, "companies") == [("10", [279])]
"""

from ._fake import FakeHubSpot
from ._faults import FAULT_KINDS
from ._recorded import RecordedRequest

__all__ = ["FAULT_KINDS", "FakeHubSpot", "RecordedRequest"]
