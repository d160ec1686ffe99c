"""The hot-path conversions from generated models give exactly what the types' own constructors
give: every field, equality, repr and hashing, whatever HubSpot sent (ids as numbers, unknown
or malformed categories, labels or none, extra fields), on every API version's models."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from conftest import SUITE_API_VERSION
from hubspot_associations import AssociatedRecord, AssociationCategory, AssociationSpec, errors
from hubspot_associations import _generated as generated
from hubspot_associations import _operations as ops

DOOR = generated.door(SUITE_API_VERSION)

TYPES: list[dict[str, Any]] = [
    {"category": "HUBSPOT_DEFINED", "typeId": 279},
    {"category": "HUBSPOT_DEFINED", "typeId": 279, "label": None},
    {"category": "USER_DEFINED", "typeId": 7, "label": "Decision maker"},
    {"category": "SOMETHING_NEW", "typeId": 8.0, "label": "x"},
    {"category": "WORK", "typeId": True},
    {"category": ["not", "hashable"], "typeId": 9},
    {"category": "USER_DEFINED", "typeId": 7, "label": "Decision maker", "note": "extra"},
]


def expected_spec(raw: dict[str, Any]) -> AssociationSpec:
    category = raw["category"]
    try:
        parsed: AssociationCategory | str = AssociationCategory(category)
    except (ValueError, TypeError):
        parsed = str(category)
    return AssociationSpec(category=parsed, type_id=int(raw["typeId"]), label=raw.get("label"))


def read_record(raw: dict[str, Any]) -> AssociatedRecord:
    page = DOOR.model("AssociatedObjectPage").from_dict({"results": [raw]})
    return ops.associated_record(page.results[0])


@pytest.mark.parametrize("to_id", ["12", 12, 12.0])
@pytest.mark.parametrize("types", [[], TYPES[:1], TYPES[2:4], TYPES])
def test_a_listed_record_is_what_its_constructor_makes(to_id: object, types: list[Any]) -> None:
    raw = {"toObjectId": to_id, "associationTypes": types, "newField": {"a": 1}}
    record = read_record(raw)
    wanted = AssociatedRecord(
        to_object_id=str(int(float(str(to_id)))),
        types=tuple(expected_spec(t) for t in types),
        extra={"newField": {"a": 1}},
    )
    assert record == wanted
    assert repr(record) == repr(wanted)
    assert hash(record) == hash(wanted)
    assert record.extra == wanted.extra
    assert record.type_ids == wanted.type_ids and record.labels == wanted.labels
    with pytest.raises(AttributeError):
        record.to_object_id = "1"  # type: ignore[misc]


def test_records_sharing_a_type_get_equal_specs_that_never_mix_with_others() -> None:
    first = read_record({"toObjectId": 1, "associationTypes": TYPES[:3]})
    again = read_record({"toObjectId": 2, "associationTypes": TYPES[:3]})
    assert first.types == again.types
    assert [t.label for t in first.types] == [None, None, "Decision maker"]
    assert first.types[2] != first.types[0]
    # A label differing only in case, and an id differing only in type, stay what HubSpot sent.
    other = read_record(
        {"toObjectId": 3, "associationTypes": [{**TYPES[2], "label": "decision MAKER"}]}
    )
    assert other.types[0].label == "decision MAKER"
    float_id = read_record({"toObjectId": 4, "associationTypes": [TYPES[3]]})
    assert type(float_id.types[0].type_id) is int


@pytest.mark.parametrize("bad", [{"category": "WORK", "typeId": "x"}, {"category": "WORK"}])
def test_a_malformed_type_is_still_an_invalid_response(bad: dict[str, Any]) -> None:
    def convert(model: Any) -> list[AssociatedRecord]:
        return [ops.associated_record(r) for r in model.results]

    parse = ops.parsed(DOOR, "list_associations", convert)
    body = {"results": [{"toObjectId": 1, "associationTypes": [bad]}]}
    response = httpx.Response(200, json=body)
    with pytest.raises(errors.InvalidResponseError):
        parse(response)


@pytest.mark.parametrize("bad", [True, "", None, 1.5, [1]])
def test_a_malformed_record_id_is_an_error(bad: object) -> None:
    with pytest.raises(TypeError):
        ops.record_id(bad)


@pytest.mark.parametrize("ids", [("1", "2"), (1, 2), (1.0, "2")])
@pytest.mark.parametrize("category", ["HUBSPOT_DEFINED", "SOMETHING_NEW"])
def test_a_default_association_is_what_its_constructor_makes(
    ids: tuple[object, object], category: str
) -> None:
    import pickle

    from hubspot_associations import Association

    raw = {
        "from": {"id": ids[0]},
        "to": {"id": ids[1]},
        "associationSpec": {"associationCategory": category, "associationTypeId": 279},
        "newField": [1],
    }
    made = ops.default_association(DOOR.model("DefaultAssociation").from_dict(raw))
    parsed = AssociationCategory.parse(category)
    wanted = Association("1", "2", parsed, 279, extra={"newField": [1]})
    assert made == wanted and repr(made) == repr(wanted) and hash(made) == hash(wanted)
    assert made.extra == wanted.extra
    assert pickle.loads(pickle.dumps(made)) == wanted
    with pytest.raises(AttributeError):
        made.type_id = 1  # type: ignore[misc]
