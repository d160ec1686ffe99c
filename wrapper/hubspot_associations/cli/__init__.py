"""``hubspot-associations``: the command line (also ``python -m hubspot_associations``).

Example::

    export HUBSPOT_ACCESS_TOKEN=...
    hubspot-associations associate contacts companies pairs.csv --rate-limit 190/10
    hubspot-associations list contacts 123 companies --json
    cut -d, -f1,3 export.csv | hubspot-associations remove contacts companies - -v

Exit status: 0 done; 1 HubSpot refused something (some pairs failed, or an API error);
2 bad usage or bad input (nothing was sent); 130 interrupted (Ctrl-C), 143 terminated (SIGTERM).

:func:`main` is the entry point; :mod:`hubspot_associations.cli.progress` is the display, for
any program that runs batches. The rest is private: ``_args`` (the parser), ``_session`` (the
token and the client), ``_type_args`` (object and association types), a module per command
(``_pairs`` for associate and remove, ``_list``, ``_labels``, ``_limits``), ``_pairs_file`` and
``_failures_file``, ``_sdk_log`` (the SDK's waits and log lines), ``_redaction`` (hiding the
token), ``_numbers`` (counts and durations), ``_status`` (exit statuses) and ``_time`` (the clock
and sleep that tests replace).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from .. import errors
from .._hubspot import TOKEN_ENV
from ._args import build_parser
from ._pairs_file import InputError
from ._sdk_log import listening
from ._session import no_answer
from ._status import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_TERMINATED,
    EXIT_USAGE,
    Terminated,
    UsageError,
)
from .progress import Console

__all__ = ["main"]


def _describe(exc: errors.HubSpotError, args: argparse.Namespace) -> str:
    """An SDK error in one line, with a hint at the usual cause."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, errors.AuthenticationError):
        text += f" (check the token in {TOKEN_ENV} or --token-file)"
    elif isinstance(exc, errors.PermissionDeniedError) and exc.missing_scopes:
        text += f" (the token lacks the scopes: {', '.join(exc.missing_scopes)})"
    elif isinstance(exc, errors.APIConnectionError):
        text = no_answer(args, text)
    return " ".join(text.split())


def _terminate(signum: int, frame: FrameType | None) -> None:
    raise Terminated


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    console = Console()
    args = build_parser().parse_args(argv)
    in_main_thread = threading.current_thread() is threading.main_thread()
    if not in_main_thread:  # signal handlers can only be set there
        return _main(args, console)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _main(args, console)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous is None else previous)


def _main(args: argparse.Namespace, console: Console) -> int:
    try:
        with listening(console, args.verbose):
            status: int = args.run(args, console)
        console.out_stream.flush()
        return status
    except (UsageError, InputError, errors.JournalError) as exc:
        console.error(str(exc))
        return EXIT_USAGE
    except errors.HubSpotError as exc:
        console.error(_describe(exc, args))
        return EXIT_FAILED
    except ValueError as exc:  # the SDK's argument checks: nothing was sent
        console.error(str(exc))
        return EXIT_USAGE
    except Terminated:
        console.error("terminated")
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        console.error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout closed early (`... | head`): exit quietly, without a second error on exit.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
