"""The 19 operations of the Associations API, answered from the store.

Handlers return ``(status, JSON body or None)`` or raise :class:`ApiError`; the server turns
either into bytes. Choices where HubSpot's behaviour is not documented are noted where made.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from ._errors import (
    INVALID_IDENTIFIER,
    NO_ASSOCIATIONS_FOUND,
    OBJECT_NOT_FOUND,
    VALIDATION_ERROR,
    ApiError,
    ItemError,
    Json,
    error_body,
    item_error,
    not_found,
    timestamp,
    unknown_object_type,
    validation_error,
)
from ._inputs import (
    association_specs,
    batch_inputs,
    item_id,
    object_id_field,
    optional_str,
    parse_id,
    path_id,
    path_int,
    require_body,
    require_field,
    require_object,
)
from ._object_types import ObjectTypes
from ._store import Rejected, Store
from ._versions import Dialect

Answer = tuple[int, Any]
Handler = Callable[..., Answer]
MAX_LIST_LIMIT = 500


@dataclass(slots=True)
class Request:
    """What a handler needs from the HTTP request."""

    path: str
    query: dict[str, str]
    body: Any
    body_error: str | None


def _rejected(rejected: Rejected) -> ApiError:
    return validation_error(rejected.message, context=rejected.context)


def _item_rejected(rejected: Rejected, context: dict[str, list[str]]) -> ItemError:
    # A refusal that names the record it is about (a limit reached: that record, on its own
    # side) keeps its own context; one about the input's types names the input's both sides.
    names_a_record = "fromObjectId" in rejected.context or "toObjectId" in rejected.context
    return ItemError(
        item_error(
            VALIDATION_ERROR,
            rejected.message,
            rejected.context if names_a_record else {**context, **rejected.context},
        )
    )


def _default_result(from_id: int, to_id: int, type_id: int) -> Json:
    return {
        "from": {"id": str(from_id)},
        "to": {"id": str(to_id)},
        "associationSpec": {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": type_id},
    }


def _batch(
    results: list[Any],
    errors: list[Json],
    started: str,
    ok_status: int,
    partial_status: int | None = None,
) -> Answer:
    """A BatchResponse: ``partial_status`` (207) when some inputs failed, for the operations
    HubSpot documents it for; the others answer ``ok_status`` with ``errors`` in the body."""
    body: Json = {"status": "COMPLETE", "results": results}
    if errors:
        body["numErrors"] = len(errors)
        body["errors"] = errors
    body["startedAt"] = started
    body["completedAt"] = timestamp()
    return (partial_status if errors and partial_status else ok_status), body


class Api:
    """Routes a request to its operation and answers it."""

    def __init__(self, store: Store, object_types: ObjectTypes, dialect: Dialect) -> None:
        self.store = store
        self.types = object_types
        self.dialect = dialect
        self.version = dialect.version
        self.base_url = ""
        self.list_page_size = MAX_LIST_LIMIT
        self.batch_read_page_size = 500
        self.max_read_inputs = 1000
        self._record_default = {"PUT": self.associate_default}
        self._record_pair = {"PUT": self.associate_labels, "DELETE": self.remove}
        self._record_list = {"GET": self.list_associations}
        self._usage = {"POST": self.high_usage_report}
        self._configs_all = {"GET": self.all_limit_configs}
        self._configs_pair = {"GET": self.limit_configs}
        self._configs_batch = {
            "create": {"POST": self.create_limits},
            "update": {"POST": self.update_limits},
            "purge": {"POST": self.purge_limits},
        }
        self._labels = {
            "GET": self.list_labels,
            "POST": self.create_label,
            "PUT": self.update_label,
        }
        self._label = {"DELETE": self.delete_label}
        self._batches: dict[tuple[str, ...], dict[str, Handler]] = {
            ("associate", "default"): {"POST": self.batch_associate_default},
            ("create",): {"POST": self.batch_create},
            ("read",): {"POST": self.batch_read},
            ("archive",): {"POST": self.batch_archive},
            ("labels", "archive"): {"POST": self.batch_archive_labels},
        }

    # routing -----------------------------------------------------------------------------------

    def handle(self, method: str, request: Request) -> Answer:
        """Answer one request (raises ApiError for error answers)."""
        parts = request.path.split("/")
        route: tuple[dict[str, Handler], list[str]] | None = None
        if len(parts) > 4 and parts[0] == "" and parts[1] == "crm" and parts[3] == self.version:
            segments = [unquote(part) for part in parts[4:]]
            if parts[2] == "objects":
                route = self._route_objects(segments)
            elif parts[2] == "associations":
                route = self._route_associations(segments)
        if route is None:
            raise ApiError(404, error_body(f"No route for {request.path}"))
        handlers, params = route
        handler = handlers.get(method)
        if handler is None:
            raise ApiError(405, error_body(f"Method {method} is not allowed on {request.path}"))
        return handler(request, *params)

    def _route_objects(self, s: list[str]) -> tuple[dict[str, Handler], list[str]] | None:
        n = len(s)
        if n < 4 or s[2] != "associations" or "" in s:
            return None
        if n == 6 and s[3] == "default":
            return self._record_default, [s[0], s[1], s[4], s[5]]
        if n == 5:
            return self._record_pair, [s[0], s[1], s[3], s[4]]
        if n == 4:
            return self._record_list, [s[0], s[1], s[3]]
        return None

    def _route_associations(self, s: list[str]) -> tuple[dict[str, Handler], list[str]] | None:
        n = len(s)
        if "" in s or n < 3:
            return None
        if s[0] == "usage":
            return (self._usage, [s[2]]) if n == 3 and s[1] == "high-usage-report" else None
        if s[0] == "definitions" and s[1] == "configurations":
            if n == 3 and s[2] == "all":
                return self._configs_all, []
            if n == 4:
                return self._configs_pair, [s[2], s[3]]
            if n == 6 and s[4] == "batch" and s[5] in self._configs_batch:
                return self._configs_batch[s[5]], [s[2], s[3]]
            return None
        if s[2] == "labels":
            if n == 3:
                return self._labels, [s[0], s[1]]
            return (self._label, [s[0], s[1], s[3]]) if n == 4 else None
        if s[2] == "batch":
            handlers = self._batches.get(tuple(s[3:]))
            return (handlers, [s[0], s[1]]) if handlers is not None else None
        return None

    # shared checks -----------------------------------------------------------------------------

    def _type(self, value: str) -> str:
        type_id = self.types.resolve(value)
        if type_id is None:
            raise unknown_object_type(value)
        return type_id

    def _require_record(self, type_id: str, record_id: int, field: str) -> None:
        # A missing record in a single-record operation answers 404 OBJECT_NOT_FOUND.
        if not self.store.has_record(type_id, record_id):
            raise not_found(
                f"No {self.types.name(type_id)} record with id {record_id} exists",
                {field: [str(record_id)]},
            )

    def _require_item_records(self, from_type: str, from_id: int, to_type: str, to_id: int) -> None:
        # Inside a batch a missing record is a per-input VALIDATION_ERROR, INVALID_IDENTIFIER,
        # whose context names only the missing side, as HubSpot's does.
        for type_id, record_id, side in (
            (from_type, from_id, "fromObjectId"),
            (to_type, to_id, "toObjectId"),
        ):
            if not self.store.has_record(type_id, record_id):
                raise ItemError(
                    item_error(
                        VALIDATION_ERROR,
                        f"No {self.types.name(type_id)} record with id {record_id} exists",
                        {side: [str(record_id)]},
                        INVALID_IDENTIFIER,
                    )
                )

    def _labels_pair(
        self, from_type: str, to_type: str, from_id: int, to_id: int, types: frozenset[int]
    ) -> Json:
        # Record ids as JSON numbers, as HubSpot really sends them (documented as strings).
        return {
            "fromObjectTypeId": from_type,
            "fromObjectId": from_id,
            "toObjectTypeId": to_type,
            "toObjectId": to_id,
            "labels": self.store.labels_of(from_type, to_type, types),
        }

    def _associated(self, from_type: str, to_type: str, to_id: int, types: frozenset[int]) -> Json:
        return {
            "toObjectId": to_id,
            "associationTypes": self.store.render_types(from_type, to_type, types),
        }

    # record level ------------------------------------------------------------------------------

    def associate_default(
        self, request: Request, from_type: str, from_id: str, to_type: str, to_id: str
    ) -> Answer:
        """PUT .../{fromType}/{fromId}/associations/default/{toType}/{toId}."""
        started = timestamp()
        a, b = self._type(from_type), self._type(to_type)
        f, t = path_id(from_id, "fromObjectId"), path_id(to_id, "toObjectId")
        self._require_record(a, f, "fromObjectId")
        self._require_record(b, t, "toObjectId")
        try:
            self.store.associate(a, b, f, t)
        except Rejected as rejected:
            raise _rejected(rejected) from None
        results = [
            _default_result(f, t, self.store.default_type(a, b)),
            _default_result(t, f, self.store.default_type(b, a)),
        ]
        return _batch(results, [], started, 200)

    def associate_labels(
        self, request: Request, from_type: str, from_id: str, to_type: str, to_id: str
    ) -> Answer:
        """PUT .../{type}/{id}/associations/{toType}/{toId} with a list of AssociationSpec."""
        a, b = self._type(from_type), self._type(to_type)
        f, t = path_id(from_id, "fromObjectId"), path_id(to_id, "toObjectId")
        specs = association_specs(require_body(request.body, request.body_error), "body")
        self._require_record(a, f, "fromObjectId")
        self._require_record(b, t, "toObjectId")
        try:
            types = self.store.associate(a, b, f, t, self.store.validate_types(a, b, specs))
        except Rejected as rejected:
            raise _rejected(rejected) from None
        return 201, self._labels_pair(a, b, f, t, types)

    def remove(
        self, request: Request, from_type: str, from_id: str, to_type: str, to_id: str
    ) -> Answer:
        """DELETE .../{type}/{id}/associations/{toType}/{toId}: every type, both directions."""
        a, b = self._type(from_type), self._type(to_type)
        f, t = path_id(from_id, "fromObjectId"), path_id(to_id, "toObjectId")
        self._require_record(a, f, "fromObjectId")
        self._require_record(b, t, "toObjectId")
        self.store.remove_pair(a, b, f, t)
        return 204, None

    def list_associations(
        self, request: Request, from_type: str, from_id: str, to_type: str
    ) -> Answer:
        """GET .../{type}/{id}/associations/{toType}?after=&limit=."""
        a, b = self._type(from_type), self._type(to_type)
        f = path_id(from_id, "objectId")
        raw_limit = request.query.get("limit")
        limit = MAX_LIST_LIMIT
        if raw_limit is not None:
            parsed = parse_id(raw_limit)
            if parsed is None or not 1 <= parsed <= MAX_LIST_LIMIT:
                raise validation_error(
                    f"limit must be an integer between 1 and {MAX_LIST_LIMIT}, got {raw_limit!r}",
                    field="limit",
                )
            limit = parsed
        raw_after = request.query.get("after")
        after = None if raw_after in (None, "") else parse_id(raw_after)
        if raw_after not in (None, "") and after is None:
            raise validation_error(f"Invalid paging cursor {raw_after!r}", field="after")
        self._require_record(a, f, "objectId")
        page, next_after = self.store.page(a, b, f, after, min(limit, self.list_page_size))
        body: Json = {"results": [self._associated(a, b, k, types) for k, types in page]}
        if next_after is not None:
            link = f"{self.base_url}{request.path}?after={next_after}"
            if raw_limit is not None:
                link += f"&limit={limit}"
            body["paging"] = {"next": {"after": str(next_after), "link": link}}
        return 200, body

    # batches -----------------------------------------------------------------------------------

    def _pairs(self, request: Request) -> list[tuple[dict[str, Any], Any, Any]]:
        inputs = batch_inputs(request.body, request.body_error)
        return [
            (
                item,
                object_id_field(item, "from", f"inputs[{n}]"),
                object_id_field(item, "to", f"inputs[{n}]"),
            )
            for n, item in enumerate(inputs)
        ]

    def _labeled_pairs(self, request: Request) -> list[tuple[Any, Any, Any]]:
        """(from id, to id, types) of each input of a create or labels/archive batch."""
        return [
            (raw_from, raw_to, association_specs(item.get("types"), f"inputs[{n}].types"))
            for n, (item, raw_from, raw_to) in enumerate(self._pairs(request))
        ]

    def batch_associate_default(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST .../{from}/{to}/batch/associate/default.

        HubSpot documents only 200: inputs naming missing records are per-input ``errors`` in
        that 200's body, and the valid inputs are applied.
        """
        started = timestamp()
        a, b = self._type(from_type), self._type(to_type)
        forward, backward = self.store.default_type(a, b), self.store.default_type(b, a)
        results: list[Any] = []
        errors: list[Json] = []
        for _item, raw_from, raw_to in self._pairs(request):
            context = {"fromObjectId": [str(raw_from)], "toObjectId": [str(raw_to)]}
            try:
                f = item_id(raw_from, "fromObjectId", context)
                t = item_id(raw_to, "toObjectId", context)
                self._require_item_records(a, f, b, t)
                try:
                    self.store.associate(a, b, f, t)
                except Rejected as rejected:
                    raise _item_rejected(rejected, context) from None
            except ItemError as error:
                errors.append(error.body)
                continue
            results.append(_default_result(f, t, forward))
            results.append(_default_result(t, f, backward))
        return _batch(results, errors, started, 200)

    def batch_create(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST .../{from}/{to}/batch/create: 201, or 207 with per-input errors (2026-09: 200)."""
        started = timestamp()
        a, b = self._type(from_type), self._type(to_type)
        parsed = self._labeled_pairs(request)
        results: list[Any] = []
        errors: list[Json] = []
        for raw_from, raw_to, specs in parsed:
            context = {"fromObjectId": [str(raw_from)], "toObjectId": [str(raw_to)]}
            try:
                f = item_id(raw_from, "fromObjectId", context)
                t = item_id(raw_to, "toObjectId", context)
                self._require_item_records(a, f, b, t)
                try:
                    extra = self.store.validate_types(a, b, specs)
                    types = self.store.associate(a, b, f, t, extra)
                except Rejected as rejected:
                    raise _item_rejected(rejected, context) from None
            except ItemError as error:
                errors.append(error.body)
                continue
            results.append(self._labels_pair(a, b, f, t, types))
        return _batch(results, errors, started, *self.dialect.batch_create)

    def batch_read(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST .../{from}/{to}/batch/read: per-input pages; no associations is an error item."""
        started = timestamp()
        a, b = self._type(from_type), self._type(to_type)
        inputs = batch_inputs(request.body, request.body_error)
        if len(inputs) > self.max_read_inputs:
            raise validation_error(
                f"Too many inputs: {len(inputs)} (at most {self.max_read_inputs} per request)",
                field="inputs",
            )
        parsed = [
            (require_field(item, "id", (str, int), f"inputs[{n}]"), item.get("after"))
            for n, item in enumerate(inputs)
        ]
        results: list[Any] = []
        errors: list[Json] = []
        for raw_id, raw_after in parsed:
            context = {"fromObjectId": [str(raw_id)]}
            try:
                f = item_id(raw_id, "id", context)
                after = None if raw_after in (None, "") else parse_id(raw_after)
                if raw_after not in (None, "") and after is None:
                    raise ItemError(
                        item_error(
                            VALIDATION_ERROR, f"Invalid paging cursor {raw_after!r}", context
                        )
                    )
                page, next_after = self.store.page(a, b, f, after, self.batch_read_page_size)
                if not page:
                    raise ItemError(
                        item_error(
                            OBJECT_NOT_FOUND,
                            f"No {self.types.name(b)} is associated with {self.types.name(a)} {f}.",
                            context,
                            NO_ASSOCIATIONS_FOUND,
                        )
                    )
            except ItemError as error:
                errors.append(error.body)
                continue
            result: Json = {
                "from": {"id": str(f)},
                "to": [self._associated(a, b, k, types) for k, types in page],
            }
            if next_after is not None:
                result["paging"] = {"next": {"after": str(next_after)}}
            results.append(result)
        return _batch(results, errors, started, *self.dialect.batch_read)

    def batch_archive(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST .../{from}/{to}/batch/archive: 200 with a body (BatchResponseVoid in 2026-09)."""
        started = timestamp()
        a, b = self._type(from_type), self._type(to_type)
        parsed: list[tuple[Any, list[Any]]] = []
        for n, item in enumerate(batch_inputs(request.body, request.body_error)):
            raw_from = object_id_field(item, "from", f"inputs[{n}]")
            targets = require_field(item, "to", list, f"inputs[{n}]")
            raw_tos = [
                require_field(require_object(ref, f"inputs[{n}].to"), "id", (str, int), "to")
                for ref in targets
            ]
            parsed.append((raw_from, raw_tos))
        errors: list[Json] = []
        for raw_from, raw_tos in parsed:
            context = {"fromObjectId": [str(raw_from)], "toObjectId": [str(t) for t in raw_tos]}
            try:
                f = item_id(raw_from, "fromObjectId", context)
                to_ids = [item_id(raw, "toObjectId", context) for raw in raw_tos]
            except ItemError as error:
                errors.append(error.body)
                continue
            # Removing what does not exist is a no-op, not an error.
            for t in to_ids:
                self.store.remove_pair(a, b, f, t)
        return _batch([], errors, started, 200)

    def batch_archive_labels(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST .../{from}/{to}/batch/labels/archive: remove some types of each pair."""
        started = timestamp()
        a, b = self._type(from_type), self._type(to_type)
        parsed = self._labeled_pairs(request)
        errors: list[Json] = []
        for raw_from, raw_to, specs in parsed:
            context = {"fromObjectId": [str(raw_from)], "toObjectId": [str(raw_to)]}
            try:
                f = item_id(raw_from, "fromObjectId", context)
                t = item_id(raw_to, "toObjectId", context)
                try:
                    types = self.store.validate_types(a, b, specs)
                except Rejected as rejected:
                    raise _item_rejected(rejected, context) from None
            except ItemError as error:
                errors.append(error.body)
                continue
            self.store.remove_types(a, b, f, t, types)
        return _batch([], errors, started, 200)

    def high_usage_report(self, request: Request, user_id: str) -> Answer:
        """POST /crm/associations/{ver}/usage/high-usage-report/{userId}."""
        uid = path_int(user_id, "userId")
        enqueue_time = {"value": int(time.time() * 1000), "dateOnly": False, "timeZoneShift": 0}
        return 200, {
            "enqueueTime": enqueue_time,
            "userEmail": f"user{uid}@example.com",
            "userId": uid,
        }

    # labels ------------------------------------------------------------------------------------

    def list_labels(self, request: Request, from_type: str, to_type: str) -> Answer:
        """GET /{from}/{to}/labels: HubSpot-defined and user-defined types of the direction."""
        a, b = self._type(from_type), self._type(to_type)
        return 200, {"results": [d.as_spec() for d in self.store.labels(a, b)]}

    def create_label(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST /{from}/{to}/labels: 200 (not 201); a taken ``name`` answers 409 CONFLICT."""
        a, b = self._type(from_type), self._type(to_type)
        data = require_object(require_body(request.body, request.body_error), "body")
        name = require_field(data, "name", str, "body")
        label = require_field(data, "label", str, "body")
        inverse_label = optional_str(data, "inverseLabel", "body")
        created = self.store.create_label(a, b, name, label, inverse_label)
        if created is None:
            raise ApiError(
                409,
                error_body(
                    f"An association label named {name!r} already exists from {a} to {b}",
                    category="CONFLICT",
                ),
            )
        forward, inverse = created
        results = [forward.as_spec()]
        if inverse_label is not None:
            results.append(inverse.as_spec())
        return 200, {"results": results}

    def _user_label(self, from_type: str, to_type: str, type_id: int) -> None:
        # Unknown type id: 404 OBJECT_NOT_FOUND; a HubSpot-defined one cannot change: 400.
        definition = self.store.definition(from_type, to_type, type_id)
        if definition is None:
            raise not_found(
                f"No association type {type_id} from {from_type} to {to_type}",
                {"associationTypeId": [str(type_id)]},
            )
        if definition.name is None:
            raise validation_error(
                f"Association type {type_id} is {definition.category} and cannot be changed",
                field="associationTypeId",
            )

    def update_label(self, request: Request, from_type: str, to_type: str) -> Answer:
        """PUT /{from}/{to}/labels: 204."""
        a, b = self._type(from_type), self._type(to_type)
        data = require_object(require_body(request.body, request.body_error), "body")
        type_id = require_field(data, "associationTypeId", int, "body")
        label = require_field(data, "label", str, "body")
        inverse_label = optional_str(data, "inverseLabel", "body")
        self._user_label(a, b, type_id)
        self.store.update_label(a, b, type_id, label, inverse_label)
        return 204, None

    def delete_label(self, request: Request, from_type: str, to_type: str, type_id: str) -> Answer:
        """DELETE /{from}/{to}/labels/{associationTypeId}: 204; records lose that label."""
        a, b = self._type(from_type), self._type(to_type)
        number = path_int(type_id, "associationTypeId")
        self._user_label(a, b, number)
        self.store.delete_label(a, b, number)
        return 204, None

    # limits ------------------------------------------------------------------------------------

    @staticmethod
    def _config(category: str, type_id: int, label: str | None, limit: int | None) -> Json:
        out: Json = {"category": category, "typeId": type_id}
        if label is not None:
            out["label"] = label
        if limit is not None:
            out["userEnforcedMaxToObjectIds"] = limit
        return out

    def all_limit_configs(self, request: Request) -> Answer:
        """GET /definitions/configurations/all: every configured limit of the account."""
        configs = self.store.all_limit_configs()
        return 200, {
            "results": [self._config(d.category, d.type_id, d.label, n) for d, n in configs]
        }

    def limit_configs(self, request: Request, from_type: str, to_type: str) -> Answer:
        """GET /definitions/configurations/{from}/{to}: every type of the direction."""
        a, b = self._type(from_type), self._type(to_type)
        configs = self.store.limit_configs(a, b)
        return 200, {
            "results": [self._config(d.category, d.type_id, d.label, n) for d, n in configs]
        }

    def _limit_inputs(self, request: Request, with_max: bool) -> list[tuple[str, int, int]]:
        parsed: list[tuple[str, int, int]] = []
        for n, item in enumerate(batch_inputs(request.body, request.body_error)):
            category = require_field(item, "category", str, f"inputs[{n}]")
            type_id = require_field(item, "typeId", int, f"inputs[{n}]")
            limit = require_field(item, "maxToObjectIds", int, f"inputs[{n}]") if with_max else 0
            parsed.append((category, type_id, limit))
        return parsed

    def _set_limits(self, request: Request, from_type: str, to_type: str, create: bool) -> Answer:
        started = timestamp()
        a, b = self._type(from_type), self._type(to_type)
        results: list[Any] = []
        errors: list[Json] = []
        for category, type_id, limit in self._limit_inputs(request, with_max=True):
            context = {"typeId": [str(type_id)]}
            try:
                self.store.validate_types(a, b, [(category, type_id)])
            except Rejected as rejected:
                errors.append(item_error(VALIDATION_ERROR, rejected.message, context))
                continue
            if limit < 1:
                message = f"maxToObjectIds must be at least 1, got {limit}"
                errors.append(item_error(VALIDATION_ERROR, message, context))
                continue
            definition = self.store.set_limit(a, b, type_id, limit)
            label = definition.label if create else None
            results.append(self._config(category, type_id, label, limit))
        statuses = self.dialect.create_limits if create else self.dialect.update_limits
        return _batch(results, errors, started, *statuses)

    def create_limits(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST .../configurations/{from}/{to}/batch/create: 201, or 207 (2026-09: 200)."""
        return self._set_limits(request, from_type, to_type, create=True)

    def update_limits(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST .../configurations/{from}/{to}/batch/update: 200, or 207 (2026-09: 200)."""
        return self._set_limits(request, from_type, to_type, create=False)

    def purge_limits(self, request: Request, from_type: str, to_type: str) -> Answer:
        """POST .../configurations/{from}/{to}/batch/purge: 200 BatchResponse."""
        started = timestamp()
        a, b = self._type(from_type), self._type(to_type)
        errors: list[Json] = []
        for category, type_id, _ in self._limit_inputs(request, with_max=False):
            try:
                self.store.validate_types(a, b, [(category, type_id)])
            except Rejected as rejected:
                errors.append(
                    item_error(VALIDATION_ERROR, rejected.message, {"typeId": [str(type_id)]})
                )
                continue
            self.store.purge_limit(a, b, type_id)
        return _batch([], errors, started, 200)
