"""``associate`` and ``remove``: every pair of a file, in batches, with a failures file."""

from __future__ import annotations

import argparse
import collections
import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

from . import _time
from ._failures_file import check_writable, default_failures_path, write_failures
from ._numbers import count, plural
from ._pairs_file import InputError, PairFile, Sized
from ._session import no_answer, open_session
from ._status import EXIT_FAILED, EXIT_OK, UsageError
from ._type_args import object_types, parse_type, resolve
from .progress import Console, Progress

if TYPE_CHECKING:
    from ..types import BatchReport


def cmd_pairs(args: argparse.Namespace, console: Console) -> int:
    """``associate`` or ``remove`` (``args.command``): check the file, then send every pair."""
    associate = args.command == "associate"
    from_type, to_type = object_types(args)
    given_types = [parse_type(t) for t in args.types]
    failures_path = args.failures or default_failures_path(args.pairs)
    if not args.dry_run:
        check_writable(failures_path)
        if args.journal is not None:
            from .._journal import Journal  # sqlite3: only for a command with --journal

            Journal(args.journal).close()  # corrupt, locked, read-only: said before the check
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(PairFile(args.pairs))
        # The token is read (and the client built) before the file is checked, so that a missing
        # token is reported at once, not after a long check.
        session = None if args.dry_run else stack.enter_context(open_session(args, console))
        # With a journal, distinct pairs are counted in it, not in memory.
        scan = source.scan(distinct=args.journal is None or args.dry_run)
        if scan.error_count:
            for message in scan.errors:
                console.err(f"error: {message}")
            more = scan.error_count - len(scan.errors)
            if more:
                console.err(f"error: ... and {count(more)} more bad rows")
            raise UsageError(
                f"{plural(scan.error_count, 'bad row')} in {source.name}: nothing was sent"
            )
        found = _found(source, scan.rows, scan.distinct)
        if args.dry_run:
            console.out(f"dry run: {found}; every row is valid; nothing was sent")
            for given in given_types:
                if isinstance(given, str):
                    console.out(f"note: label {given!r} is not checked in a dry run")
            return EXIT_OK
        assert session is not None
        if not scan.rows:
            console.out(f"{source.name} has no pairs: nothing was sent")
            return EXIT_OK
        started = _time.clock()
        specs = [resolve(session, from_type, to_type, g) for g in given_types]
        verb = ("labeled" if specs else "associated") if associate else "unlabeled"
        if not associate and not specs:
            verb = "removed"
        progress = Progress(
            console, "associating" if associate else "removing", scan.rows, clock=_time.clock
        )
        pairs = Sized(source, scan.rows)
        batch = session.client.batch
        options: dict[str, Any] = {
            "concurrency": args.concurrency,
            "on_progress": progress,
            "journal": args.journal,
        }
        report: BatchReport[tuple[Any, Any], Any]
        try:
            try:
                progress.start()
                if associate and specs:
                    report = batch.associate(from_type, to_type, pairs, specs, **options)
                elif associate:
                    report = batch.associate_default(from_type, to_type, pairs, **options)
                elif specs:
                    report = batch.remove_labels(from_type, to_type, pairs, specs, **options)
                else:
                    report = batch.remove(from_type, to_type, pairs, **options)
            finally:
                progress.finish()
        except InputError as exc:  # the file changed after it was checked
            console.error(f"{exc}; pairs before it may have been sent")
            return EXIT_FAILED
        except KeyboardInterrupt:  # Ctrl-C or SIGTERM: the job stopped, say where it is
            _stopped(console, args, scan.rows, progress.done)
            raise
        seconds = _time.clock() - started
        failed = len(report.failed)
        distinct = len(report.succeeded) + failed if scan.distinct is None else scan.distinct
        found = _found(source, scan.rows, distinct)
        console.out(
            f"{found}: {count(len(report.succeeded))} {verb}, {count(failed)} failed; "
            f"{plural(session.requests.count, 'request')} in {seconds:.1f} s"
        )
        if failed:
            _report_failures(console, source, report, failures_path, args)
        elif args.failures is None and os.path.exists(failures_path):
            console.out(f"note: {failures_path} is from an earlier run")
        reported = len(report.succeeded) + failed
        if reported != distinct or pairs.read != scan.rows:
            # Each distinct pair checked must be in the report once: anything else means the
            # second reading differed from the first (the file changed, or was cut short).
            checked = (
                f"{count(scan.rows)} rows"
                if scan.distinct is None
                else (f"{count(scan.distinct)} distinct pairs")
            )
            sent = f"{count(pairs.read)} rows" if scan.distinct is None else count(reported)
            console.error(
                f"{source.name} changed after it was checked: {checked} checked, {sent} sent; "
                "run the command again"
            )
            return EXIT_FAILED
        return EXIT_FAILED if failed else EXIT_OK


def _stopped(console: Console, args: argparse.Namespace, rows: int, done: int) -> None:
    if args.journal is None:
        console.err(
            f"stopped after {count(done)} of {plural(rows, 'row')}; without --journal nothing "
            "is kept: running the command again sends every pair again (safe, only slower)"
        )
        return
    from .._journal import confirmed

    console.err(
        f"stopped: {plural(confirmed(args.journal), 'pair')} confirmed in journal "
        f"{args.journal}; run the same command again to resume (pairs sent but not "
        "confirmed are sent again: safe, every operation is idempotent)"
    )


def _found(source: PairFile, rows: int, distinct: int | None) -> str:
    found = f"{source.name}: {plural(rows, 'row')}"
    if distinct is None:
        return found
    found += f", {plural(distinct, 'distinct pair')}"
    if rows > distinct:
        found += f" ({plural(rows - distinct, 'repeated row')} sent once)"
    return found


def _report_failures(
    console: Console,
    source: PairFile,
    report: BatchReport[tuple[Any, Any], Any],
    path: str,
    args: argparse.Namespace,
) -> None:
    keys = [(str(item.input[0]), str(item.input[1])) for item in report.failed]
    lines = source.lines_of(keys)
    # Redacted like the console: an error message may echo the token (a proxy quoting headers).
    redact = console.redact
    rows = [
        (key[0], key[1], lines.get(key), redact(item.error.category), redact(item.error.message))
        for key, item in zip(keys, report.failed, strict=True)
    ]
    # File order (the report's is the order requests completed in).
    rows.sort(key=lambda row: sys.maxsize if row[2] is None else row[2])
    categories = collections.Counter(item.error.category for item in report.failed)
    summary = ", ".join(f"{name} {count(n)}" for name, n in categories.most_common())
    try:
        write_failures(path, rows)
        console.out(f"failures ({summary}) written to {path}")
    except InputError as exc:  # checked before sending; the disk may still fill up
        console.error(str(exc))
    from_id, to_id, _, category, message = rows[0]
    if not report.succeeded and set(categories) <= _NO_ANSWER:
        # HubSpot never answered: the SDK stopped the job after the first requests' retries.
        console.error(no_answer(args, f"{message}; {plural(len(rows), 'pair')} failed"))
        return
    example = f"{from_id},{to_id}: {category}: {message}"
    console.err(f"error: {plural(len(rows), 'pair')} failed, e.g. {example}")


_NO_ANSWER = {"CONNECTION_ERROR", "TIMEOUT"}  # a batch input's error when no answer came
