from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

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


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
