"""The API versions FakeHubSpot serves, and what each answers differently.

FakeHubSpot's own copy of HubSpot's facts (it shares nothing with the SDK, so that it can catch
the SDK getting one wrong).
"""

from __future__ import annotations

import dataclasses
import os


@dataclasses.dataclass(frozen=True)
class Dialect:
    """One API version's statuses for the batch operations whose statuses changed."""

    version: str
    batch_create: tuple[int, int | None]
    batch_read: tuple[int, int | None]
    create_limits: tuple[int, int | None]
    update_limits: tuple[int, int | None]


DIALECTS: dict[str, Dialect] = {
    # 2026-03: 201 (create) or 200, and 207 when some inputs failed.
    "2026-03": Dialect(
        "2026-03",
        batch_create=(201, 207),
        batch_read=(200, 207),
        create_limits=(201, 207),
        update_limits=(200, 207),
    ),
    # 2026-09: 200 only; the failures are in the body's errors/numErrors either way.
    "2026-09": Dialect(
        "2026-09",
        batch_create=(200, None),
        batch_read=(200, None),
        create_limits=(200, None),
        update_limits=(200, None),
    ),
}
DEFAULT_VERSION = "2026-03"
VERSION_ENV = "HUBSPOT_API_VERSION"  # the variable the SDK reads too


def dialect(version: object) -> Dialect:
    """The dialect of ``version`` (None: ``$HUBSPOT_API_VERSION`` when set and not blank, else
    the default); ValueError naming the versions FakeHubSpot serves."""
    if version is None:
        version = os.environ.get(VERSION_ENV, "").strip() or DEFAULT_VERSION
    if not isinstance(version, str) or version not in DIALECTS:
        raise ValueError(f"api_version must be one of {', '.join(DIALECTS)}, got {version!r}")
    return DIALECTS[version]
