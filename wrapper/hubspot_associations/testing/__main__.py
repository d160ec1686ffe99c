"""``python -m hubspot_associations.testing``: serve a FakeHubSpot until Ctrl-C.

Prints the base URL as the first line on stdout, so a script can read it and point a client at it.
Example::

    python -m hubspot_associations.testing --port 0 --rate-limit 100/10 \\
        --records contacts:1-100 companies:1000-1010 --object-type p_cars=2-123
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Sequence
from types import FrameType

from ._fake import FakeHubSpot
from ._versions import DEFAULT_VERSION, DIALECTS, VERSION_ENV


def _rate_limit(value: str) -> tuple[int, float]:
    count, sep, seconds = value.partition("/")
    try:
        parsed = int(count), float(seconds) if sep else 10.0
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected N/SECONDS, got {value!r}") from None
    if parsed[0] < 1 or parsed[1] <= 0:
        raise argparse.ArgumentTypeError(f"expected N >= 1 and SECONDS > 0, got {value!r}")
    return parsed


def _ids(spec: str) -> list[int]:
    ids: list[int] = []
    for part in spec.split(","):
        low, sep, high = part.partition("-")
        if not low.isdigit() or (sep and not high.isdigit()):
            raise argparse.ArgumentTypeError(f"bad id range {part!r}")
        ids.extend(range(int(low), int(high) + 1) if sep else [int(low)])
    return ids


def _records(value: str) -> tuple[str, list[int]]:
    object_type, sep, spec = value.partition(":")
    if not sep or not object_type:
        raise argparse.ArgumentTypeError(f"expected TYPE:IDS like contacts:1-100, got {value!r}")
    return object_type, _ids(spec)


def _object_type(value: str) -> tuple[str, str]:
    name, sep, type_id = value.partition("=")
    if not sep or not name or not type_id:
        raise argparse.ArgumentTypeError(f"expected NAME=ID like p_cars=2-123, got {value!r}")
    return name, type_id


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m hubspot_associations.testing",
        description="Serve a fake HubSpot Associations API on loopback until Ctrl-C.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="TCP port; 0 picks a free one")
    parser.add_argument(
        "--rate-limit", type=_rate_limit, metavar="N/SECONDS", help="rolling limit, e.g. 100/10"
    )
    parser.add_argument("--daily-limit", type=int, metavar="N", help="requests per day")
    parser.add_argument("--access-token", help="the only bearer token accepted")
    parser.add_argument(
        "--api-version",
        choices=list(DIALECTS),
        default=None,
        help=f"HubSpot API version to serve (default: the {VERSION_ENV} variable, else "
        f"{DEFAULT_VERSION})",
    )
    parser.add_argument(
        "--object-type",
        type=_object_type,
        action="append",
        default=[],
        metavar="NAME=ID",
        help="custom object type, e.g. p_cars=2-123 (repeatable)",
    )
    parser.add_argument(
        "--records",
        type=_records,
        nargs="+",
        action="extend",
        default=[],
        metavar="TYPE:IDS",
        help="records that exist, e.g. contacts:1-100 companies:5,7,9-12",
    )
    parser.add_argument(
        "--no-record-requests", action="store_true", help="do not keep requests in memory"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the server; returns the exit status."""
    args = _parser().parse_args(argv)
    fake = FakeHubSpot(
        rate_limit=args.rate_limit,
        daily_limit=args.daily_limit,
        access_token=args.access_token,
        api_version=args.api_version,
        host=args.host,
        port=args.port,
        record_requests=not args.no_record_requests,
    )
    try:
        for name, type_id in args.object_type:
            fake.add_object_type(name, type_id)
        for object_type, ids in args.records:
            fake.add_records(object_type, ids)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    done = threading.Event()

    def _stop(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, _stop)
    fake.start()
    print(fake.url, flush=True)
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
