"""The ``fake_hubspot`` fixture works the way the docstrings say, in a pytest of its own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import hubspot_associations.testing
import hubspot_associations.testing.pytest_plugin


def _documented_usage(module: ModuleType) -> str:
    """What the module's docstring tells a user to put in a test module: every inline
    ``pytest_plugins = ...`` line it asks for, then each literal block using the fixture."""
    doc = module.__doc__ or ""
    lines = re.findall(r"``(pytest_plugins\s*=[^`]*)``", doc)
    for block in re.findall(r"::\n\n((?:(?: {4}.*)?\n)+)", doc + "\n"):
        if "fake_hubspot" in block:
            lines.append(textwrap.dedent(block))
    return "\n".join(lines)


def test_fixture_works_as_documented(tmp_path: Path) -> None:
    """The package's and the plugin module's examples, as one user's test module."""
    modules = [hubspot_associations.testing, hubspot_associations.testing.pytest_plugin]
    documented = {m.__name__: _documented_usage(m) for m in modules}
    usage = "\n".join(documented.values())
    usage += "\n\ndef test_the_fixture_is_a_started_fake(fake_hubspot):\n"
    usage += "    assert fake_hubspot.running\n"
    (tmp_path / "test_documented.py").write_text(usage)
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_DISABLE_PLUGIN_AUTOLOAD"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_documented.py"],
        cwd=tmp_path,  # no conftest or configuration of ours: as in a user's project
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, usage + "\n" + proc.stdout + proc.stderr
    for name, text in documented.items():
        assert "def test_" in text, f"{name}'s docstring shows no test using the fixture"
    assert re.search(rf"^{usage.count('def test_')} passed", proc.stdout, re.MULTILINE), proc.stdout
