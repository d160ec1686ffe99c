"""``limits list|set|purge``: how many records of one type a record may be associated with."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from .. import _validation as check
from ..types import AssociationSpec
from ._session import open_session
from ._status import EXIT_FAILED, EXIT_OK, UsageError
from ._type_args import object_types, parse_type, resolve, spec_text

if TYPE_CHECKING:
    from ..types import BatchReport, LimitConfig
    from .progress import Console


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


def cmd_limits_list(args: argparse.Namespace, console: Console) -> int:
    if len(args.types) not in (0, 2):
        raise UsageError("limits list takes no object types (all) or two: FROM_TYPE TO_TYPE")
    pair = [check.object_type(t, "FROM_TYPE or TO_TYPE") for t in args.types]
    with open_session(args, console) as session:
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


def cmd_limits_set(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = object_types(args)
    wanted: list[tuple[AssociationSpec | str, int]] = []
    for text in args.limits:
        type_text, sep, maximum = text.rpartition("=")
        maximum = maximum.strip()
        if not sep or not (maximum.isascii() and maximum.isdigit()) or int(maximum) < 1:
            raise UsageError(f"expected TYPE=MAX with MAX a positive whole number, got {text!r}")
        wanted.append((parse_type(type_text), int(maximum)))
    with open_session(args, console) as session:
        limits_api = session.client.limits
        limits = [(resolve(session, from_type, to_type, g), m) for g, m in wanted]
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
                console.out(f"{verb} limit {maximum} for type {spec_text(spec)}")
            status = max(status, _settled(console, report, "limit"))
    return status


def cmd_limits_purge(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = object_types(args)
    given = [parse_type(t) for t in args.types]
    with open_session(args, console) as session:
        specs = [resolve(session, from_type, to_type, g) for g in given]
        report = session.client.limits.purge(from_type, to_type, specs)
        for done in report.succeeded:
            console.out(f"purged the limit of type {spec_text(done.input)}")
        return _settled(console, report, "type")
