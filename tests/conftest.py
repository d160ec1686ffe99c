from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "openapi"))  # generate.py

from redis_server import RedisServer
from scripted_server import ScriptedServer

# Loaded here, not by its entry point (pyproject's addopts turn that off for this suite), so
# that coverage is on before the package is first imported.
pytest_plugins = ["hubspot_associations.testing.pytest_plugin"]

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "pat-na1-fake-token-for-tests"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as s:
        yield s


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    """A real redis-server on a free loopback port, for the whole session (one per xdist worker).

    Started only when a test asks for it, stopped at the session's end whatever the outcome. The
    binary: see tests/redis_server.py (installed under build/redis/ on demand when missing).
    """
    with RedisServer() as s:
        yield s


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's Redis server, running (restarted if a test killed it) and emptied."""
    if not redis_server.running():
        redis_server.restart()
    redis_server.flushdb()
    return redis_server.url


# Every API version the SDK speaks. A test that takes (or uses) `api_version` runs once per
# version, with HUBSPOT_API_VERSION set: every client it makes (Associations, AsyncAssociations,
# the CLI in this process) and every FakeHubSpot it starts calls or serves that version.
API_VERSIONS = ["2026-03", "2026-09"]
# The version every other test runs on: 2026-03, or HUBSPOT_TESTS_API_VERSION when set (see
# _base_url_not_from_the_shell below).
SUITE_API_VERSION = os.environ.get("HUBSPOT_TESTS_API_VERSION") or API_VERSIONS[0]


@pytest.fixture(params=API_VERSIONS)
def api_version(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    version: str = request.param
    monkeypatch.setenv("HUBSPOT_API_VERSION", version)
    return version


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(autouse=True)
def _base_url_not_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A HUBSPOT_BASE_URL in the developer's shell must not redirect clients the tests make.

    HUBSPOT_API_VERSION is cleared too, unless HUBSPOT_TESTS_API_VERSION names the version the
    whole suite should run on (``HUBSPOT_TESTS_API_VERSION=2026-09 make test``); tests that take
    ``api_version`` run on every version either way.
    """
    monkeypatch.delenv("HUBSPOT_BASE_URL", raising=False)
    everything_on = os.environ.get("HUBSPOT_TESTS_API_VERSION")
    if everything_on:
        monkeypatch.setenv("HUBSPOT_API_VERSION", everything_on)
    else:
        monkeypatch.delenv("HUBSPOT_API_VERSION", raising=False)
