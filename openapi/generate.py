"""Compile the OpenAPI fragments into the generated client packages, one package per version.

    python openapi/generate.py                 # rebuild generated/ from every fragment
    python openapi/generate.py --out DIR       # build into DIR/
    python openapi/generate.py --fragment F    # from one fragment only

Every ``openapi/associations-*.yaml`` is one API version; the version itself is the fragment's
``info.version`` value (the file name is for people). Each compiles into its own package,
:func:`package_name` of that version: ``hubspot_associations_api`` for 2026-03 (the name it had
before there were two, kept so that nothing importing it breaks), and
``hubspot_associations_api_<yyyy>_<mm>`` for every later one.

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

import yaml

OPENAPI_DIR = Path(__file__).resolve().parent
ROOT = OPENAPI_DIR.parent
FRAGMENT_GLOB = "associations-*.yaml"
CONFIG = OPENAPI_DIR / "generator-config.yaml"
TEMPLATES = OPENAPI_DIR / "templates"
PACKAGE = "hubspot_associations_api"  # the package of FIRST_VERSION
FIRST_VERSION = "2026-03"
GENERATED_DIR = ROOT / "generated"


class GenerationError(RuntimeError):
    """The generator failed or warned."""


def fragments(directory: Path = OPENAPI_DIR) -> list[Path]:
    """Every fragment in `directory` (``associations-*.yaml``), sorted by name."""
    return sorted(directory.glob(FRAGMENT_GLOB))


def find_fragments(directory: Path = OPENAPI_DIR) -> list[Path]:
    """Every fragment in `directory`, sorted by name; GenerationError if there is none, or if
    two of them describe the same version."""
    found = fragments(directory)
    if not found:
        raise GenerationError(f"expected fragments {directory / FRAGMENT_GLOB}, found none")
    seen: dict[str, Path] = {}
    for fragment in found:
        version = fragment_version(fragment)
        if version in seen:
            raise GenerationError(
                f"{seen[version].name} and {fragment.name} both describe version {version}: "
                "keep one"
            )
        seen[version] = fragment
    return found


def fragment_version(fragment: Path) -> str:
    """The API version a fragment describes: its ``info.version``."""
    return str(yaml.safe_load(fragment.read_text())["info"]["version"])


def fragment_for(version: str, directory: Path = OPENAPI_DIR) -> Path:
    """The fragment of one API version; GenerationError naming the versions there are if none."""
    found = {fragment_version(f): f for f in find_fragments(directory)}
    if version not in found:
        raise GenerationError(f"no fragment for version {version}; there are: {sorted(found)}")
    return found[version]


def package_name(version: str) -> str:
    """The generated package of one API version (see the module docstring)."""
    if version == FIRST_VERSION:
        return PACKAGE
    return f"{PACKAGE}_{version.replace('-', '_')}"


def fragment_sha256(fragment: Path) -> str:
    return hashlib.sha256(fragment.read_bytes()).hexdigest()


def _tool_env() -> dict[str, str]:
    # The generator's post-hooks call `ruff` by name: make it this environment's pinned ruff.
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def generate(fragment: Path, out_dir: Path = GENERATED_DIR) -> Path:
    """Generate the package of `fragment`'s version into `out_dir`/:func:`package_name`."""
    fragment = fragment.resolve()
    package = package_name(fragment_version(fragment))
    with tempfile.TemporaryDirectory(prefix="hsa-gen-") as tmp:
        build = Path(tmp) / package
        config = Path(tmp) / "config.yaml"
        settings = yaml.safe_load(CONFIG.read_text())
        settings["package_name_override"] = settings["project_name_override"] = package
        config.write_text(yaml.safe_dump(settings))
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "openapi_python_client",
                "generate",
                "--path",
                str(fragment),
                "--config",
                str(config),
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
        target = out_dir / package
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
        targets = (
            [generate(f, args.out) for f in find_fragments()]
            if args.fragment is None
            else [generate(args.fragment, args.out)]
        )
    except GenerationError as exc:
        print(exc, file=sys.stderr)
        return 1
    for target in targets:
        modules = sorted(p.stem for p in (target / "api").rglob("*.py") if p.stem != "__init__")
        print(f"generated {target}: {len(modules)} operations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
