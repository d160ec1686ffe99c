"""The ``fake_hubspot`` pytest fixture.

Installing hubspot-associations registers it with pytest (a ``pytest11`` entry point), so any
test can ask for it::

    def test_associate(fake_hubspot):
        fake_hubspot.add_records("contacts", [1])
        ...
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ._fake import FakeHubSpot

__all__ = ["fake_hubspot"]


@pytest.fixture
def fake_hubspot() -> Iterator[FakeHubSpot]:
    """A started :class:`FakeHubSpot` (default settings), stopped after the test."""
    with FakeHubSpot() as fake:
        yield fake
