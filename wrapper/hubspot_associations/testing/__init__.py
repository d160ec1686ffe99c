"""Test against a fake HubSpot: :class:`FakeHubSpot` serves the Associations API on loopback.

Like moto for AWS: a real HTTP server with real state, so the code under test (this SDK or any
other client) runs unchanged. Use it directly, from the command line with
``python -m hubspot_associations.testing``, or through the ``fake_hubspot`` pytest fixture.

Example::

    from hubspot_associations.testing import FakeHubSpot

    with FakeHubSpot(rate_limit=(100, 10)) as hs:
        hs.add_records("contacts", [1])
        hs.add_records("companies", [10])
        ...  # point the client at hs.url
        assert hs.associations("contacts", 1, "companies") == [("10", [279])]

The fixture needs no setup: installing hubspot-associations registers it with pytest (a
``pytest11`` entry point), so any test can ask for it. Do not also name the plugin in a
``pytest_plugins`` list: pytest refuses a plugin registered twice. A whole test module::

    from hubspot_associations import Associations


    def test_link(fake_hubspot):
        fake_hubspot.add_records("contacts", [1])
        fake_hubspot.add_records("companies", [10])
        client = Associations("any-token", base_url=fake_hubspot.url)
        client.associate_default("contacts", 1, "companies", 10)
        assert fake_hubspot.associations("contacts", 1, "companies") == [("10", [279])]
"""

from ._fake import FakeHubSpot
from ._faults import FAULT_KINDS
from ._recorded import RecordedRequest

__all__ = ["FAULT_KINDS", "FakeHubSpot", "RecordedRequest"]
