from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="AssociationTypeWithLabel")


@_attrs_define
class AssociationTypeWithLabel:
    """An association type with its label (absent for unlabeled types).

    Attributes:
        category (str):
        type_id (int):
        label (None | str | Unset):
        from_object_type_id (int | str | Unset):
        to_object_type_id (int | str | Unset):
    """

    category: str
    type_id: int
    label: None | str | Unset = UNSET
    from_object_type_id: int | str | Unset = UNSET
    to_object_type_id: int | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        type_id = self.type_id

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        from_object_type_id: int | str | Unset
        if isinstance(self.from_object_type_id, Unset):
            from_object_type_id = UNSET
        else:
            from_object_type_id = self.from_object_type_id

        to_object_type_id: int | str | Unset
        if isinstance(self.to_object_type_id, Unset):
            to_object_type_id = UNSET
        else:
            to_object_type_id = self.to_object_type_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "category": category,
                "typeId": type_id,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label
        if from_object_type_id is not UNSET:
            field_dict["fromObjectTypeId"] = from_object_type_id
        if to_object_type_id is not UNSET:
            field_dict["toObjectTypeId"] = to_object_type_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        category = src_dict["category"]

        type_id = src_dict["typeId"]

        label: None | str | Unset = src_dict.get("label", UNSET)

        from_object_type_id: int | str | Unset = src_dict.get("fromObjectTypeId", UNSET)

        to_object_type_id: int | str | Unset = src_dict.get("toObjectTypeId", UNSET)

        association_type_with_label = cls(
            category,
            type_id,
            label,
            from_object_type_id,
            to_object_type_id,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            association_type_with_label.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return association_type_with_label

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
    ["category", "typeId", "label", "fromObjectTypeId", "toObjectTypeId"]
)
