from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="LabelsBetweenObjectPair")


@_attrs_define
class LabelsBetweenObjectPair:
    """
    Attributes:
        from_object_type_id (int | str):
        from_object_id (int | str):
        to_object_type_id (int | str):
        to_object_id (int | str):
        labels (list[str]):
    """

    from_object_type_id: int | str
    from_object_id: int | str
    to_object_type_id: int | str
    to_object_id: int | str
    labels: list[str]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from_object_type_id: int | str
        from_object_type_id = self.from_object_type_id

        from_object_id: int | str
        from_object_id = self.from_object_id

        to_object_type_id: int | str
        to_object_type_id = self.to_object_type_id

        to_object_id: int | str
        to_object_id = self.to_object_id

        labels = self.labels

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fromObjectTypeId": from_object_type_id,
                "fromObjectId": from_object_id,
                "toObjectTypeId": to_object_type_id,
                "toObjectId": to_object_id,
                "labels": labels,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from_object_type_id: int | str = src_dict["fromObjectTypeId"]

        from_object_id: int | str = src_dict["fromObjectId"]

        to_object_type_id: int | str = src_dict["toObjectTypeId"]

        to_object_id: int | str = src_dict["toObjectId"]

        labels = cast(list[str], src_dict["labels"])

        labels_between_object_pair = cls(
            from_object_type_id,
            from_object_id,
            to_object_type_id,
            to_object_id,
            labels,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            labels_between_object_pair.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return labels_between_object_pair

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(
    ["fromObjectTypeId", "fromObjectId", "toObjectTypeId", "toObjectId", "labels"]
)
