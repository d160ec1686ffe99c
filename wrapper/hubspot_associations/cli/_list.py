"""``list``: the records of one type associated with one record."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from .. import _validation as check
from ._numbers import plural
from ._session import open_session
from ._status import EXIT_OK
from ._type_args import spec_json

if TYPE_CHECKING:
    from ..types import AssociatedRecord
    from .progress import Console


def _record_json(record: AssociatedRecord) -> dict[str, Any]:
    return {
        "toObjectId": record.to_object_id,
        "associationTypes": [spec_json(spec) for spec in record.types],
    }


def cmd_list(args: argparse.Namespace, console: Console) -> int:
    object_type = check.object_type(args.object_type, "TYPE")
    object_id = check.record_id(args.object_id, "ID")
    to_type = check.object_type(args.to_type, "TO_TYPE")
    with open_session(args, console) as session:
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
