"""The SDK's log records during a command: its waits on the progress line, and with
--verbose, every record on stderr."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from typing import TYPE_CHECKING

from .._engine import WAIT_RECORD_KEY, Wait
from .._engine import logger as sdk_logger

if TYPE_CHECKING:
    from .progress import Console


class _SdkLog(logging.Handler):
    """The SDK's log records during one command: each wait goes to the progress line (the SDK
    logs it as it starts, see ``_engine.Wait``); with --verbose, every record is printed on
    stderr, through the console, which hides the token."""

    def __init__(self, console: Console, verbose: bool) -> None:
        super().__init__(logging.DEBUG)
        self.console = console
        self.verbose = verbose

    def emit(self, record: logging.LogRecord) -> None:
        try:
            wait = getattr(record, WAIT_RECORD_KEY, None)
            progress = self.console.progress
            if isinstance(wait, Wait) and progress is not None:
                progress.waiting(wait.seconds, wait.reason)
            if self.verbose:
                self.console.err(f"* {record.getMessage()}")
        except Exception:
            self.handleError(record)


@contextlib.contextmanager
def listening(console: Console, verbose: bool) -> Iterator[None]:
    """Attach :class:`_SdkLog` to the SDK's logger for the duration of a command."""
    handler = _SdkLog(console, verbose)
    level = sdk_logger.level
    sdk_logger.addHandler(handler)
    sdk_logger.setLevel(logging.DEBUG)  # the waits are DEBUG records
    try:
        yield
    finally:
        sdk_logger.removeHandler(handler)
        sdk_logger.setLevel(level)
