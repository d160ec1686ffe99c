"""The command line's arguments: the parser, with the type of each option's value."""

from __future__ import annotations

import argparse
import os
from typing import Any, NoReturn

from .._generated import DEFAULT_VERSION, VERSIONS
from .._hubspot import API_VERSION_ENV, BASE_URL, TOKEN_ENV
from .._options import NOT_GIVEN
from .._version import __version__
from ._labels import cmd_labels_create, cmd_labels_delete, cmd_labels_list, cmd_labels_update
from ._limits import cmd_limits_list, cmd_limits_purge, cmd_limits_set
from ._list import cmd_list
from ._pairs import cmd_pairs
from ._redaction import REDACTED, secret_pattern
from ._status import PROG


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
        "--api-version",
        metavar="VERSION",
        choices=list(VERSIONS),
        default=default(None),
        help=f"HubSpot API version: {', '.join(VERSIONS)} (default: the {API_VERSION_ENV} "
        f"variable, else {DEFAULT_VERSION})",
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
        default=default(NOT_GIVEN),
        help="pace requests: at most N in any SECONDS (default 100/10, HubSpot's lowest tier; "
        "190/10 for Professional and Enterprise), or off",
    )
    group.add_argument(
        "--rate-limit-store",
        metavar="URL",
        default=default(None),
        help="share the rate budget with every process using this store: "
        "sqlite:///hubspot-budget.db (one machine) or redis://[:password@]host:6379/0 "
        '(several machines; pip install "hubspot-associations[redis]") '
        "(default: $HUBSPOT_RATE_LIMIT_STORE, else none)",
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


def build_parser() -> argparse.ArgumentParser:
    """The parser of the whole command line; each command's ``run`` is its implementation."""
    parser = _Parser(
        prog=PROG,
        description="HubSpot CRM associations from the command line: link and unlink records "
        "in bulk from CSV files, list associations, manage labels and limits.",
        epilog=f"The access token comes from {TOKEN_ENV} or --token-file (there is no --token "
        "option: a token on the command line ends up in shell history and process lists). "
        "Exit status: 0 done, 1 HubSpot refused something (see the message or the failures "
        "file), 2 bad usage or bad input (nothing was sent), 130 interrupted (Ctrl-C), 143 "
        "terminated (SIGTERM); with --journal, run the same command again to resume.",
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
            "--journal",
            metavar="FILE",
            help="keep the job in this SQLite file: each pair's outcome is written as soon as "
            "HubSpot confirms it, and running the same command again resumes, sending only "
            "the pairs not confirmed yet",
        )
        sub.add_argument(
            "--concurrency",
            type=_positive,
            default=4,
            metavar="N",
            help="requests in flight (default 4)",
        )
        sub.set_defaults(run=cmd_pairs)

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
    sub.set_defaults(run=cmd_list)

    labels = commands.add_parser(
        "labels", parents=[common], help="association labels between two object types"
    ).add_subparsers(dest="action", metavar="ACTION", required=True)
    sub = labels.add_parser("list", parents=[common], help="every association type, labeled or not")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.set_defaults(run=cmd_labels_list)
    sub = labels.add_parser("create", parents=[common], help="create a label (and its inverse)")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("--name", required=True, help="internal name, e.g. billing")
    sub.add_argument("--label", required=True, help="label shown from FROM_TYPE")
    sub.add_argument("--inverse-label", help="label shown from TO_TYPE (paired labels)")
    sub.add_argument("--json", action="store_true", help="print a JSON array")
    sub.set_defaults(run=cmd_labels_create)
    sub = labels.add_parser("update", parents=[common], help="rename a label")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("type", metavar="TYPE", help="the label's type id or its current name")
    sub.add_argument("--label", required=True, help="the new label")
    sub.add_argument("--inverse-label", help="the new inverse label")
    sub.set_defaults(run=cmd_labels_update)
    sub = labels.add_parser("delete", parents=[common], help="delete a label")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("type", metavar="TYPE", help="the label's type id or its name")
    sub.set_defaults(run=cmd_labels_delete)

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
    sub.set_defaults(run=cmd_limits_list)
    sub = limits.add_parser("set", parents=[common], help="set limits (create or update)")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("limits", nargs="+", metavar="TYPE=MAX", help="e.g. 279=5 'Billing=1'")
    sub.set_defaults(run=cmd_limits_set)
    sub = limits.add_parser("purge", parents=[common], help="remove the limits of some types")
    sub.add_argument("from_type", metavar="FROM_TYPE")
    sub.add_argument("to_type", metavar="TO_TYPE")
    sub.add_argument("types", nargs="+", metavar="TYPE")
    sub.set_defaults(run=cmd_limits_purge)
    return parser
