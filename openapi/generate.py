"""Compile the OpenAPI fragment into the generated client package.

    python openapi/generate.py                 # rebuild generated/hubspot_associations_api
    python openapi/generate.py --out DIR       # build into DIR/hubspot_associations_api
    python openapi/generate.py --fragment F    # from another fragment

The fragment is the one ``openapi/associations-*.yaml``, whatever version its name carries: the
API version itself is the fragment's ``info.version`` value, so a version bump is that one edit.

The result is deterministic: the pinned openapi-python-client, the pinned ruff (both from this
environment), our templates in openapi/templates, and a stamp of the fragment's sha256. Any
warning from the generator fails the build, so no operation is ever dropped silently.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

OPENAPI_DIR = Path(__file__).resolve().parent
ROOT = OPENAPI_DIR.parent
FRAGMENT_GLOB = "associations-*.yaml"
CONFIG = OPENAPI_DIR / "generator-config.yaml"
TEMPLATES = OPENAPI_DIR / "templates"
PACKAGE = "hubspot_associations_api"
GENERATED_DIR = ROOT / "generated"


class GenerationError(RuntimeError):
    """The generator failed or warned."""


def fragments(directory: Path = OPENAPI_DIR) -> list[Path]:
    """Every fragment in `directory` (``associations-*.yaml``), sorted by name."""
    return sorted(directory.glob(FRAGMENT_GLOB))


def find_fragment(directory: Path = OPENAPI_DIR) -> Path:
    """The one fragment in `directory`, however it is named; GenerationError if not exactly one."""
    found = fragments(directory)
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or "none"
        raise GenerationError(
            f"expected exactly one fragment {directory / FRAGMENT_GLOB}, found {names}: "
            "keep one, or pass --fragment PATH"
        )
    return found[0]


def fragment_sha256(fragment: Path) -> str:
    return hashlib.sha256(fragment.read_bytes()).hexdigest()


def _tool_env() -> dict[str, str]:
    # The generator's post-hooks call `ruff` by name: make it this environment's pinned ruff.
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def generate(fragment: Path | None = None, out_dir: Path = GENERATED_DIR) -> Path:
    """Generate the package from `fragment` (default: :func:`find_fragment`) into
    `out_dir`/hubspot_associations_api."""
    fragment = (fragment or find_fragment()).resolve()
    with tempfile.TemporaryDirectory(prefix="hsa-gen-") as tmp:
        build = Path(tmp) / PACKAGE
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(fragment),
                "--config",
                str(CONFIG),
                "--custom-template-path",
                str(TEMPLATES),
                "--output-path",
                str(build),
                "--meta",
                "none",
            ],
            capture_output=True,
            text=True,
            env=_tool_env(),
            check=False,
        )
        output = (proc.stdout + proc.stderr).strip()
        # A clean run prints exactly one line, "Generating <path>"; anything else is a warning.
        extra = [line for line in output.splitlines() if line and not line.startswith("Generating")]
        if proc.returncode != 0 or extra:
            raise GenerationError("openapi-python-client did not run cleanly:\n" + output)
        shutil.rmtree(build / ".ruff_cache", ignore_errors=True)
        (build / "py.typed").write_text("")
        (build / "_spec.py").write_text(
            '"""The fragment this package was generated from (written by openapi/generate.py)."""\n'
            "\n"
            f'SPEC_SHA256 = "{fragment_sha256(fragment)}"\n'
        )
        target = out_dir / PACKAGE
        out_dir.mkdir(parents=True, exist_ok=True)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(build, target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fragment", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=GENERATED_DIR)
    args = parser.parse_args(argv)
    try:
        target = generate(args.fragment, args.out)
    except GenerationError as exc:
        print(exc, file=sys.stderr)
        return 1
    modules = sorted(p.stem for p in (target / "api").rglob("*.py") if p.stem != "__init__")
    print(f"generated {target}: {len(modules)} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
