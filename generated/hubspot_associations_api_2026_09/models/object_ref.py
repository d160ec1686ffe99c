from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ObjectRef")


@_attrs_define
class ObjectRef:
    """
    Attributes:
        id (int | str):
    """

    id: int | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id: int | str
        id = self.id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        id: int | str = src_dict["id"]

        object_ref = cls(
            id,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            object_ref.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return object_ref

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
_FIELD_NAMES: frozenset[str] = frozenset(["id"])
