"""Reading request bodies and path values the way HubSpot validates them."""

from __future__ import annotations

from typing import Any

from ._errors import INVALID_IDENTIFIER, ItemError, item_error, validation_error

VALIDATION_ERROR = "VALIDATION_ERROR"


def parse_id(value: Any) -> int | None:
    """A record id from an int or a decimal string; None when it is neither."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        return int(value)
    return None


def path_id(value: str, field: str) -> int:
    """A record id from the path, or 400."""
    record_id = parse_id(value)
    if record_id is None:
        raise validation_error(
            f"Invalid object id {value!r}: ids are numeric",
            field=field,
            sub_category=INVALID_IDENTIFIER,
            context={field: [value]},
        )
    return record_id


def path_int(value: str, field: str) -> int:
    """An integer path parameter, or 400."""
    number = parse_id(value)
    if number is None:
        raise validation_error(f"Invalid {field} {value!r}: expected an integer", field=field)
    return number


def item_id(value: Any, field: str, context: dict[str, list[str]]) -> int:
    """A record id inside a batch input, or a per-input error."""
    record_id = parse_id(value)
    if record_id is None:
        raise ItemError(
            item_error(
                VALIDATION_ERROR,
                f"Invalid {field} {value!r}: ids are numeric",
                context,
                INVALID_IDENTIFIER,
            )
        )
    return record_id


def require_body(body: Any, error: str | None) -> Any:
    """The parsed JSON body, or 400 when it is missing or malformed."""
    if error is not None:
        raise validation_error(f"Invalid input JSON: {error}", code="INVALID_JSON")
    if body is None:
        raise validation_error("Invalid input JSON: a request body is required", code="REQUIRED")
    return body


def require_object(value: Any, where: str) -> dict[str, Any]:
    """``value`` as a JSON object, or 400."""
    if not isinstance(value, dict):
        raise validation_error(f"Invalid input JSON: {where} must be an object", field=where)
    return value


def require_field(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    """A required field of the expected JSON type, or 400 naming it."""
    if key not in obj or obj[key] is None:
        raise validation_error(
            f"Invalid input JSON: missing required field '{key}' in {where}",
            field=key,
            code="REQUIRED",
        )
    value = obj[key]
    if not isinstance(value, kind) or isinstance(value, bool):
        raise validation_error(
            f"Invalid input JSON: field '{key}' in {where} has the wrong type", field=key
        )
    return value


def optional_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    """An optional string field, or 400 when it is present but not a string."""
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise validation_error(f"Invalid input JSON: field '{key}' in {where} must be a string")
    return value


def batch_inputs(body: Any, error: str | None) -> list[dict[str, Any]]:
    """The ``inputs`` list of a batch body, each an object, or 400."""
    data = require_object(require_body(body, error), "body")
    inputs = require_field(data, "inputs", list, "body")
    return [require_object(item, f"inputs[{index}]") for index, item in enumerate(inputs)]


def object_id_field(obj: dict[str, Any], key: str, where: str) -> Any:
    """The ``id`` of a ``{id}`` object field, structure checked (the id itself is not)."""
    ref = require_object(obj.get(key), f"{where}.{key}")
    return require_field(ref, "id", (str, int), f"{where}.{key}")


def association_specs(value: Any, where: str) -> list[tuple[str, int]]:
    """``[{associationCategory, associationTypeId}]`` as (category, type id) pairs, or 400."""
    if not isinstance(value, list):
        raise validation_error(f"Invalid input JSON: {where} must be an array", field=where)
    specs: list[tuple[str, int]] = []
    for index, raw in enumerate(value):
        spec = require_object(raw, f"{where}[{index}]")
        category = require_field(spec, "associationCategory", str, f"{where}[{index}]")
        type_id = require_field(spec, "associationTypeId", int, f"{where}[{index}]")
        specs.append((category, type_id))
    return specs
