"""``hubspot-associations``: the command line (also ``python -m hubspot_associations``).

Example::

    export HUBSPOT_ACCESS_TOKEN=...
    hubspot-associations associate contacts companies pairs.csv --rate-limit 190/10
    hubspot-associations list contacts 123 companies --json
    cut -d, -f1,3 export.csv | hubspot-associations remove contacts companies - -v

Exit status: 0 done; 1 HubSpot refused something (some pairs failed, or an API error);
2 bad usage or bad input (nothing was sent); 130 interrupted.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from . import _validation as check
from . import errors
from ._cli_csv import (
    InputError,
    PairFile,
    Sized,
    check_writable,
    default_failures_path,
    write_failures,
)
from ._cli_output import (
    MIN_SECRET_LENGTH,
    REDACTED,
    Console,
    Progress,
    count,
    plural,
    secret_pattern,
)
from ._engine import WAIT_RECORD_KEY, Wait
from ._engine import logger as sdk_logger
from ._hubspot import BASE_URL, TOKEN_ENV
from ._version import __version__
from .types import AssociationCategory, AssociationSpec, AssociationType

if TYPE_CHECKING:
    import httpx

    from ._client import Associations
    from .types import AssociatedRecord, BatchReport, LimitConfig

PROG = "hubspot-associations"
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
_SDK_DEFAULT = object()  # --rate-limit not given: the SDK's default pacing

# The clock and sleep of the commands' clients and progress line. Tests replace them so that a
# retry's back-off or a pacing wait passes without real time passing.
_clock: Callable[[], float] = time.monotonic
_sleep: Callable[[float], None] = time.sleep


class UsageError(Exception):
    """Bad usage or input: reported in one line, exit status 2, nothing sent."""


# -- options -------------------------------------------------------------------------------------


def _rate_limit(value: str) -> tuple[int, float] | None:
    if value.strip().lower() in ("off", "none"):
        return None
    count_text, sep, seconds_text = value.partition("/")
    try:
        parsed = int(count_text), float(seconds_text)
    except ValueError:
        parsed = None
    if not sep or parsed is None or parsed[0] < 1 or not 0 < parsed[1] < 3600:
        raise argparse.ArgumentTypeError(
            f"expected N/SECONDS such as 190/10, or off; got {value!r}"
        )
    return parsed


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return number


def _retries(value: str) -> int:
    if not (value.isascii() and value.isdigit()) or int(value) > 100:
        raise argparse.ArgumentTypeError(f"expected a whole number from 0 to 100, got {value!r}")
    return int(value)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds < 3600:
        raise argparse.ArgumentTypeError(f"expected seconds between 0 and 3600, got {value!r}")
    return seconds


class _RefuseToken(argparse.Action):
    """``--token``: refused without echoing its value (a secret must not reach shell history,
    process lists or this program's error messages)."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        parser.error(f"there is no --token option: set {TOKEN_ENV} or use --token-file PATH")


def _connection_options(parser: argparse.ArgumentParser, top: bool) -> None:
    """The options every command takes, before or after its name (``top``: the main parser
    holds the defaults; the commands' copies only override what is given after the name)."""

    def default(value: Any) -> Any:
        return value if top else argparse.SUPPRESS

    group = parser.add_argument_group("connection")
    group.add_argument(
        "--token-file",
        metavar="PATH",
        default=default(None),
        help=f"read the access token from this file (default: the {TOKEN_ENV} variable)",
    )
    group.add_argument(
        "--base-url",
        metavar="URL",
        default=default(None),
        help=f"API base URL (default {BASE_URL})",
    )
    group.add_argument(
        "--max-retries",
        metavar="N",
        type=_retries,
        default=default(None),
        help="retries after rate limits, 5xx and connection failures (default 5)",
    )
    group.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_seconds,
        default=default(None),
        help="per HTTP request (default 30)",
    )
    group.add_argument("--token", nargs="?", action=_RefuseToken, help=argparse.SUPPRESS)
    group.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=default(False),
        help="show each request, retry and wait on stderr (the token is never shown)",
    )
    group.add_argument(
        "--rate-limit",
        metavar="N/SECONDS",
        type=_rate_limit,
        default=default(_SDK_DEFAULT),
        help="pace requests: at most N in any SECONDS (default 100/10, HubSpot's lowest tier; "
        "190/10 for Professional and Enterprise), or off",
    )


def _type_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--type",
        dest="types",
        action="append",
        default=[],
        metavar="TYPE",
        help=f'{what}: a HubSpot-defined type id (279), a label name ("Billing contact"), '
        "CATEGORY:ID (USER_DEFINED:100) or an AssociationType name; repeatable",
    )


class _Parser(argparse.ArgumentParser):
    """No abbreviated options, in every sub-command: ``--token X`` must never be taken for
    ``--token-file X`` (whose error message would show X)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        token = os.environ.get(TOKEN_ENV, "").strip()
        if token:  # "unrecognized arguments: ..." echoes what was typed
            message = secret_pattern(token).sub(REDACTED, message)
        super().error(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="HubSpot CRM associations from the command line: link and unlink records "
        "in bulk from CSV files, list associations, manage labels and limits.",
        epilog=f"The access token comes from {TOKEN_ENV} or --token-file (there is no --token "
        "option: a token on the command line ends up in shell history and process lists). "
        "Exit status: 0 done, 1 HubSpot refused something (see the message or the failures "
        "file), 2 bad usage or bad input (nothing was sent), 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _connection_options(parser, top=True)
    common = _Parser(add_help=False)
    _connection_options(common, top=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    pairs_help = (
        "a CSV file of from_id,to_id rows, or - for standard input: header optional, UTF-8 "
        "(with or without BOM), blank lines skipped, further columns ignored"
    )
    for name, verb in (("associate", "associate"), ("remove", "remove the associations of")):
        sub = commands.add_parser(
            name,
            parents=[common],
            help=f"{verb} every pair of a CSV file",
            description=f"{verb.capitalize()} every from_id,to_id pair of a CSV file. The whole "
            "file is checked first: a bad row stops the command before any request is sent.",
        )
        sub.add_argument("from_type", metavar="FROM_TYPE", help="e.g. contacts, p_cars, 0-1")
        sub.add_argument("to_type", metavar="TO_TYPE", help="e.g. companies")
        sub.add_argument("pairs", metavar="PAIRS.csv", help=pairs_help)
        if name == "associate":
            _type_option(sub, "associate with this type (label) instead of the default")
        else:
            _type_option(sub, "remove only this type (label), keeping the others")
        sub.add_argument(
            "--dry-run",
            action="store_true",
            help="check the whole file and count the pairs; send nothing",
        )
        sub.add_argument(
            "--failures",
            metavar="FILE",
            help="where to write the pairs that failed (default: PAIRS.failures.csv next to "
            "the input, stdin.failures.csv for -; written only when some failed)",
        )
        sub.add_argument(
            "--concurrency",
            type=_positive,
            default=4,
            metavar="N",
            help="requests in flight (default 4)",
        )
        sub.set_defaults(run=_cmd_pairs)

    sub = commands.add_parser(
        "list",
        parents=[common],
        help="the records of TO_TYPE associated with one record",
        description="Every record of TO_TYPE associated with one record, with the types that "
        "link them: one line per record (to_id, type ids, labels), or JSON.",
    )
    sub.add_argument("object_type", metavar="TYPE")
    sub.add_argument("object_id", metavar="ID")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.set_defaults(run=_cmd_list)

    labels = commands.add_parser(
        "labels", parents=[common], help="association labels between two object types"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    sub = labels.add_parser("list", parents=[common], help="every association type, labeled or not")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.set_defaults(run=_cmd_labels_list)
    sub = labels.add_parser("create", parents=[common], help="create a label (and its inverse)")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("--name", required=True, help="internal name, e.g. billing")
    sub.add_argument("--label", required=True, help="label shown from FROM_TYPE")
    sub.add_argument("--inverse-label", help="label shown from TO_TYPE (paired labels)")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.set_defaults(run=_cmd_labels_create)
    sub = labels.add_parser("update", parents=[common], help="rename a label")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("type", metavar="TYPE", help="the label's type id or its current name")
    sub.add_argument("--label", required=True, help="the new label")
    sub.add_argument("--inverse-label", help="the new inverse label")
    sub.set_defaults(run=_cmd_labels_update)
    sub = labels.add_parser("delete", parents=[common], help="delete a label")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("type", metavar="TYPE", help="the label's type id or its name")
    sub.set_defaults(run=_cmd_labels_delete)

    limits = commands.add_parser(
        "limits",
        parents=[common],
        help="limits on how many records one record may be associated with",
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    sub = limits.add_parser(
        "list", parents=[common], help="the limits between two object types, or all of them"
    )
    sub.add_argument("types", nargs="*", metavar="FROM_TYPE TO_TYPE")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.set_defaults(run=_cmd_limits_list)
    sub = limits.add_parser("set", parents=[common], help="set limits (create or update)")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("limits", nargs="+", metavar="TYPE=MAX", help="e.g. 279=5 'Billing=1'")
    sub.set_defaults(run=_cmd_limits_set)
    sub = limits.add_parser("purge", parents=[common], help="remove the limits of some types")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("types", nargs="+", metavar="TYPE")
    sub.set_defaults(run=_cmd_limits_purge)
    return parser


# -- the client ----------------------------------------------------------------------------------


def _read_token(args: argparse.Namespace) -> str:
    """The access token, from --token-file or the environment; its value is never shown."""
    path = args.token_file
    if path is not None:
        try:
            with open(path, encoding="utf-8-sig") as stream:
                token = stream.read().strip()
        except UnicodeDecodeError:
            raise UsageError(f"--token-file {path} is not UTF-8 text") from None
        except OSError as exc:
            raise UsageError(f"cannot read --token-file {path}: {exc.strerror or exc}") from None
        if not token:
            raise UsageError(f"--token-file {path} is empty")
        return token
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        raise UsageError(
            f"no access token: set {TOKEN_ENV} or pass --token-file PATH "
            "(a private app token or an OAuth access token)"
        )
    return token


class _RequestCounter:
    """Counts the HTTP requests sent (retries included), as an httpx event hook."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> None:
        with self._lock:
            self.count += 1


class Session:
    """A client for one command, with the count of requests it sent."""

    def __init__(self, args: argparse.Namespace, console: Console) -> None:
        token = _read_token(args)
        console.secret(token)
        if len(token) < MIN_SECRET_LENGTH:
            console.err(
                f"warning: the access token is only {plural(len(token), 'character')} long, "
                "unlike any HubSpot token; it is hidden from the output only where it stands "
                "alone"
            )
        import httpx

        from ._client import Associations

        self.requests = _RequestCounter()
        verify: Any = True
        if args.base_url is not None and args.base_url.lower().startswith("http://"):
            # Plain http (the SDK allows it only for loopback): no certificate store to load,
            # a quarter of a second at start-up. This context has no trusted roots: it could
            # never vouch for an https server.
            import ssl

            verify = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        self._http = httpx.Client(verify=verify, event_hooks={"request": [self.requests]})
        options: dict[str, Any] = {}
        if args.base_url is not None:
            options["base_url"] = args.base_url
        if args.rate_limit is not _SDK_DEFAULT:
            options["rate_limit"] = args.rate_limit
        if args.max_retries is not None:
            options["max_retries"] = args.max_retries
        if args.timeout is not None:
            options["timeout"] = args.timeout
        try:
            self.client: Associations = Associations(
                token, http_client=self._http, clock=_clock, sleep=_sleep, **options
            )
        except ValueError:
            self._http.close()
            raise

    def close(self) -> None:
        self._http.close()


@contextlib.contextmanager
def _session(args: argparse.Namespace, console: Console) -> Iterator[Session]:
    session = Session(args, console)
    try:
        yield session
    finally:
        session.close()


# -- association types ---------------------------------------------------------------------------


def _parse_type(text: str) -> AssociationSpec | str:
    """A type given on the command line: a spec, or a label name to look up."""
    value = text.strip()
    if not value:
        raise UsageError("an association type must not be empty")
    if value.isascii() and value.isdigit():
        return AssociationSpec(AssociationCategory.HUBSPOT_DEFINED, _type_id(value, text))
    category, sep, number = value.partition(":")
    if sep and category.strip().upper() in AssociationCategory.__members__:
        number = number.strip()
        if number.isascii() and number.isdigit():
            member = AssociationCategory[category.strip().upper()]
            return AssociationSpec(member, _type_id(number, text))
    if value in AssociationType.__members__:
        return AssociationType[value].spec
    return value


def _type_id(digits: str, given: str) -> int:
    number = int(digits)
    if not 0 < number < 2**31:
        raise UsageError(f"association type id {given!r} is out of range")
    return number


def _resolve(
    session: Session, from_type: str, to_type: str, given: AssociationSpec | str
) -> AssociationSpec:
    if isinstance(given, AssociationSpec):
        return given
    try:
        return session.client.labels.find(from_type, to_type, given)
    except KeyError:
        raise UsageError(
            f"no association label {given!r} from {from_type} to {to_type} "
            f"(see: {PROG} labels list {from_type} {to_type})"
        ) from None


def _spec_text(spec: AssociationSpec) -> str:
    return f"{spec.type_id} ({spec.category}{', ' + repr(spec.label) if spec.label else ''})"


def _spec_json(spec: AssociationSpec) -> dict[str, Any]:
    return {"category": str(spec.category), "typeId": spec.type_id, "label": spec.label}


# -- associate / remove --------------------------------------------------------------------------


def _object_types(args: argparse.Namespace) -> tuple[str, str]:
    return (
        check.object_type(args.from_type, "FROM_TYPE"),
        check.object_type(args.to_type, "TO_TYPE"),
    )


def _cmd_pairs(args: argparse.Namespace, console: Console) -> int:
    associate = args.command == "associate"
    from_type, to_type = _object_types(args)
    given_types = [_parse_type(t) for t in args.types]
    failures_path = args.failures or default_failures_path(args.pairs)
    if not args.dry_run:
        check_writable(failures_path)
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(PairFile(args.pairs))
        # The token is read (and the client built) before the file is checked, so that a missing
        # token is reported at once, not after a long check.
        session = None if args.dry_run else stack.enter_context(_session(args, console))
        scan = source.scan()
        if scan.error_count:
            for message in scan.errors:
                console.err(f"error: {message}")
            more = scan.error_count - len(scan.errors)
            if more:
                console.err(f"error: ... and {count(more)} more bad rows")
            raise UsageError(
                f"{plural(scan.error_count, 'bad row')} in {source.name}: nothing was sent"
            )
        repeated = scan.rows - scan.distinct
        found = (
            f"{source.name}: {plural(scan.rows, 'row')}, {plural(scan.distinct, 'distinct pair')}"
        )
        if repeated:
            found += f" ({plural(repeated, 'repeated row')} sent once)"
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
        started = _clock()
        specs = [_resolve(session, from_type, to_type, g) for g in given_types]
        verb = ("labeled" if specs else "associated") if associate else "unlabeled"
        if not associate and not specs:
            verb = "removed"
        progress = Progress(
            console, "associating" if associate else "removing", scan.rows, clock=_clock
        )
        pairs = Sized(source, scan.rows)
        batch = session.client.batch
        options: dict[str, Any] = {"concurrency": args.concurrency, "on_progress": progress}
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
        seconds = _clock() - started
        failed = len(report.failed)
        console.out(
            f"{found}: {count(len(report.succeeded))} {verb}, {count(failed)} failed; "
            f"{plural(session.requests.count, 'request')} in {seconds:.1f} s"
        )
        if failed:
            _report_failures(console, source, report, failures_path, args)
        elif args.failures is None and os.path.exists(failures_path):
            console.out(f"note: {failures_path} is from an earlier run")
        reported = len(report.succeeded) + failed
        if reported != scan.distinct:
            # Each distinct pair checked must be in the report once: anything else means the
            # second reading differed from the first (the file changed, or was cut short).
            console.error(
                f"{source.name} changed after it was checked: {count(scan.distinct)} distinct "
                f"pairs checked, {count(reported)} sent; run the command again"
            )
            return EXIT_FAILED
        return EXIT_FAILED if failed else EXIT_OK


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
        console.error(_no_answer(args, f"{message}; {plural(len(rows), 'pair')} failed"))
        return
    example = f"{from_id},{to_id}: {category}: {message}"
    console.err(f"error: {plural(len(rows), 'pair')} failed, e.g. {example}")


_NO_ANSWER = {"CONNECTION_ERROR", "TIMEOUT"}  # a batch input's error when no answer came


# -- list ----------------------------------------------------------------------------------------


def _record_json(record: AssociatedRecord) -> dict[str, Any]:
    return {
        "toObjectId": record.to_object_id,
        "associationTypes": [_spec_json(spec) for spec in record.types],
    }


def _cmd_list(args: argparse.Namespace, console: Console) -> int:
    object_type = check.object_type(args.object_type, "TYPE")
    object_id = check.record_id(args.object_id, "ID")
    to_type = check.object_type(args.to_type, "TO_TYPE")
    with _session(args, console) as session:
        records = session.client.list(object_type, object_id, to_type)
        n = 0
        if args.json:
            # Every page first, then the array: an error on a later page must leave stdout empty,
            # not holding the start of an array that never closes.
            items = [json.dumps(_record_json(record)) for record in records]
            body = ",".join(f"\n  {item}" for item in items)
            console.out(f"[{body}\n]" if items else "[]")
        else:
            for record in records:
                type_ids = ",".join(str(t) for t in record.type_ids)
                console.out(f"{record.to_object_id}\t{type_ids}\t{'; '.join(record.labels)}")
                n += 1
            console.err(
                f"{to_type}: {plural(n, 'record')} associated with {object_type} {object_id}"
            )
    return EXIT_OK


# -- labels --------------------------------------------------------------------------------------


def _print_specs(console: Console, specs: list[AssociationSpec], as_json: bool) -> None:
    if as_json:
        console.out(json.dumps([_spec_json(spec) for spec in specs], indent=2))
        return
    for spec in specs:
        console.out(f"{spec.type_id}\t{spec.category}\t{spec.label or ''}")


def _cmd_labels_list(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = _object_types(args)
    with _session(args, console) as session:
        _print_specs(console, session.client.labels.list(from_type, to_type), args.json)
    return EXIT_OK


def _cmd_labels_create(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = _object_types(args)
    with _session(args, console) as session:
        created = session.client.labels.create(
            from_type,
            to_type,
            name=args.name,
            label=args.label,
            inverse_label=args.inverse_label,
        )
        _print_specs(console, created, args.json)
    return EXIT_OK


def _label_type_id(session: Session, from_type: str, to_type: str, given: str) -> int:
    spec = _resolve(session, from_type, to_type, _parse_type(given))
    return spec.type_id


def _cmd_labels_update(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = _object_types(args)
    with _session(args, console) as session:
        type_id = _label_type_id(session, from_type, to_type, args.type)
        session.client.labels.update(
            from_type, to_type, type_id, label=args.label, inverse_label=args.inverse_label
        )
        console.out(f"updated label {type_id} from {from_type} to {to_type}: {args.label!r}")
    return EXIT_OK


def _cmd_labels_delete(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = _object_types(args)
    with _session(args, console) as session:
        type_id = _label_type_id(session, from_type, to_type, args.type)
        session.client.labels.delete(from_type, to_type, type_id)
        console.out(f"deleted label {type_id} from {from_type} to {to_type}")
    return EXIT_OK


# -- limits --------------------------------------------------------------------------------------


def _limit_json(config: LimitConfig) -> dict[str, Any]:
    return {
        "category": str(config.category),
        "typeId": config.type_id,
        "label": config.label,
        "maxToObjectIds": config.max_to_object_ids,
        "userEnforcedMaxToObjectIds": config.user_enforced_max_to_object_ids,
    }


def _limit_text(config: LimitConfig) -> str:
    limit = config.user_enforced_max_to_object_ids
    return (
        f"{config.type_id}\t{config.category}\t{config.label or ''}\t"
        f"limit {'-' if limit is None else limit}\t"
        f"max {'-' if config.max_to_object_ids is None else config.max_to_object_ids}"
    )


def _cmd_limits_list(args: argparse.Namespace, console: Console) -> int:
    if len(args.types) not in (0, 2):
        raise UsageError("limits list takes no object types (all) or two: FROM_TYPE TO_TYPE")
    pair = [check.object_type(t, "FROM_TYPE or TO_TYPE") for t in args.types]
    with _session(args, console) as session:
        limits = session.client.limits
        configs = limits.list(pair[0], pair[1]) if pair else limits.list_all()
        if args.json:
            console.out(json.dumps([_limit_json(c) for c in configs], indent=2))
        else:
            for config in configs:
                console.out(_limit_text(config))
    return EXIT_OK


def _settled(console: Console, report: BatchReport[Any, Any], what: str) -> int:
    for item in report.failed:
        console.err(f"error: {what} {item.input}: {item.error.category}: {item.error.message}")
    return EXIT_FAILED if report.failed else EXIT_OK


def _cmd_limits_set(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = _object_types(args)
    wanted: list[tuple[AssociationSpec | str, int]] = []
    for text in args.limits:
        type_text, sep, maximum = text.rpartition("=")
        maximum = maximum.strip()
        if not sep or not (maximum.isascii() and maximum.isdigit()) or int(maximum) < 1:
            raise UsageError(f"expected TYPE=MAX with MAX a positive whole number, got {text!r}")
        wanted.append((_parse_type(type_text), int(maximum)))
    with _session(args, console) as session:
        limits_api = session.client.limits
        limits = [(_resolve(session, from_type, to_type, g), m) for g, m in wanted]
        existing = {
            (str(c.category), c.type_id)
            for c in limits_api.list(from_type, to_type)
            if c.user_enforced_max_to_object_ids is not None
        }
        update = [(s, m) for s, m in limits if (str(s.category), s.type_id) in existing]
        create = [(s, m) for s, m in limits if (str(s.category), s.type_id) not in existing]
        status = EXIT_OK
        calls = (("created", create, limits_api.create), ("updated", update, limits_api.update))
        for verb, group, call in calls:
            if not group:
                continue
            report = call(from_type, to_type, group)
            for done in report.succeeded:
                spec, maximum = done.input
                console.out(f"{verb} limit {maximum} for type {_spec_text(spec)}")
            status = max(status, _settled(console, report, "limit"))
    return status


def _cmd_limits_purge(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = _object_types(args)
    given = [_parse_type(t) for t in args.types]
    with _session(args, console) as session:
        specs = [_resolve(session, from_type, to_type, g) for g in given]
        report = session.client.limits.purge(from_type, to_type, specs)
        for done in report.succeeded:
            console.out(f"purged the limit of type {_spec_text(done.input)}")
        return _settled(console, report, "type")


# -- main ----------------------------------------------------------------------------------------


def _base_url(args: argparse.Namespace) -> str:
    return str(args.base_url or BASE_URL)


def _no_answer(args: argparse.Namespace, detail: str) -> str:
    """A connection failure, naming where the command tried to connect (a mistyped
    --base-url is the usual cause)."""
    return f"no answer from {_base_url(args)}: {detail} (check --base-url and the network)"


def _describe(exc: errors.HubSpotError, args: argparse.Namespace) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, errors.AuthenticationError):
        text += f" (check the token in {TOKEN_ENV} or --token-file)"
    elif isinstance(exc, errors.PermissionDeniedError) and exc.missing_scopes:
        text += f" (the token lacks the scopes: {', '.join(exc.missing_scopes)})"
    elif isinstance(exc, errors.APIConnectionError):
        text = _no_answer(args, text)
    return " ".join(text.split())


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
def _listening(console: Console, verbose: bool) -> Iterator[None]:
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


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    console = Console()
    args = _parser().parse_args(argv)
    try:
        with _listening(console, args.verbose):
            status: int = args.run(args, console)
        console.out_stream.flush()
        return status
    except (UsageError, InputError) as exc:
        console.error(str(exc))
        return EXIT_USAGE
    except errors.HubSpotError as exc:
        console.error(_describe(exc, args))
        return EXIT_FAILED
    except ValueError as exc:  # the SDK's argument checks: nothing was sent
        console.error(str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        console.error("interrupted")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # stdout closed early (`... | head`): exit quietly, without a second error on exit.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
