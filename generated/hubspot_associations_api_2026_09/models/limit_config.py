from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LimitConfig")


@_attrs_define
class LimitConfig:
    """The limit on one association type.

    Attributes:
        category (str):
        type_id (int):
        label (None | str | Unset):
        max_to_object_ids (int | Unset):
        user_enforced_max_to_object_ids (int | Unset):
    """

    category: str
    type_id: int
    label: None | str | Unset = UNSET
    max_to_object_ids: int | Unset = UNSET
    user_enforced_max_to_object_ids: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        category = self.category

        type_id = self.type_id

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label

        max_to_object_ids = self.max_to_object_ids

        user_enforced_max_to_object_ids = self.user_enforced_max_to_object_ids

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
        if max_to_object_ids is not UNSET:
            field_dict["maxToObjectIds"] = max_to_object_ids
        if user_enforced_max_to_object_ids is not UNSET:
            field_dict["userEnforcedMaxToObjectIds"] = user_enforced_max_to_object_ids

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        category = src_dict["category"]

        type_id = src_dict["typeId"]

        label: None | str | Unset = src_dict.get("label", UNSET)

        max_to_object_ids = src_dict.get("maxToObjectIds", UNSET)

        user_enforced_max_to_object_ids = src_dict.get(
            "userEnforcedMaxToObjectIds", UNSET
        )

        limit_config = cls(
            category,
            type_id,
            label,
            max_to_object_ids,
            user_enforced_max_to_object_ids,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            limit_config.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return limit_config

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
    ["category", "typeId", "label", "maxToObjectIds", "userEnforcedMaxToObjectIds"]
)
