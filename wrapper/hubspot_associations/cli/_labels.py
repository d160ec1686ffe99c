"""``labels list|create|update|delete``: the association labels between two object types."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from ..types import AssociationSpec
from ._session import Session, open_session
from ._status import EXIT_OK
from ._type_args import object_types, parse_type, resolve, spec_json

if TYPE_CHECKING:
    from .progress import Console


def _print_specs(console: Console, specs: list[AssociationSpec], as_json: bool) -> None:
    if as_json:
        console.out(json.dumps([spec_json(spec) for spec in specs], indent=2))
        return
    for spec in specs:
        console.out(f"{spec.type_id}\t{spec.category}\t{spec.label or ''}")


def cmd_labels_list(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = object_types(args)
    with open_session(args, console) as session:
        _print_specs(console, session.client.labels.list(from_type, to_type), args.json)
    return EXIT_OK


def cmd_labels_create(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = object_types(args)
    with open_session(args, console) as session:
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
    spec = resolve(session, from_type, to_type, parse_type(given))
    return spec.type_id


def cmd_labels_update(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = object_types(args)
    with open_session(args, console) as session:
        type_id = _label_type_id(session, from_type, to_type, args.type)
        session.client.labels.update(
            from_type, to_type, type_id, label=args.label, inverse_label=args.inverse_label
        )
        console.out(f"updated label {type_id} from {from_type} to {to_type}: {args.label!r}")
    return EXIT_OK


def cmd_labels_delete(args: argparse.Namespace, console: Console) -> int:
    from_type, to_type = object_types(args)
    with open_session(args, console) as session:
        type_id = _label_type_id(session, from_type, to_type, args.type)
        session.client.labels.delete(from_type, to_type, type_id)
        console.out(f"deleted label {type_id} from {from_type} to {to_type}")
    return EXIT_OK
