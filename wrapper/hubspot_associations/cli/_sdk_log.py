"""The SDK's log records during a command: its waits on the progress line, and with
--verbose, every record on stderr."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .progress import Console

# The engine (and httpx with it) is imported when a command starts listening, not with the
# command line: `--help` and usage errors never load the HTTP stack.


class _SdkLog(logging.Handler):
    """The SDK's log records during one command: each wait goes to the progress line (the SDK
    logs it as it starts, see ``_engine.Wait``); with --verbose, every record is printed on
    stderr, through the console, which hides the token."""

    def __init__(self, console: Console, verbose: bool) -> None:
        from .. import _engine

        super().__init__(logging.DEBUG)
        self.console = console
        self.verbose = verbose
        self.wait_key, self.wait_type = _engine.WAIT_RECORD_KEY, _engine.Wait

    def emit(self, record: logging.LogRecord) -> None:
        try:
            wait = getattr(record, self.wait_key, None)
            progress = self.console.progress
            if isinstance(wait, self.wait_type) and progress is not None:
                progress.waiting(wait.seconds, wait.reason)
            if self.verbose:
                self.console.err(f"* {record.getMessage()}")
        except Exception:
            self.handleError(record)


@contextlib.contextmanager
def listening(console: Console, verbose: bool) -> Iterator[None]:
    """Attach :class:`_SdkLog` to the SDK's logger for the duration of a command."""
    from .._engine import logger as sdk_logger

    handler = _SdkLog(console, verbose)
    level = sdk_logger.level
    sdk_logger.addHandler(handler)
    sdk_logger.setLevel(logging.DEBUG)  # the waits are DEBUG records
    try:
        yield
    finally:
        sdk_logger.removeHandler(handler)
        sdk_logger.setLevel(level)
