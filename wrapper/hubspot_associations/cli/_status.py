"""How a command ends: the exit statuses, and the error for bad usage or input."""

from __future__ import annotations

PROG = "hubspot-associations"
"""The program's name, in usage lines and in the commands messages suggest."""

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread: stops a command as Ctrl-C does (exit 143)."""


class UsageError(Exception):
    """Bad usage or input: reported in one line, exit status 2, nothing sent."""
