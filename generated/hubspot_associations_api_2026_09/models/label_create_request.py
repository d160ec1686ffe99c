from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LabelCreateRequest")


@_attrs_define
class LabelCreateRequest:
    """
    Attributes:
        name (str): Internal name of the label.
        label (str): Label shown from the first object type.
        inverse_label (str | Unset): Label shown from the second object type.
    """

    name: str
    label: str
    inverse_label: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        label = self.label

        inverse_label = self.inverse_label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "label": label,
            }
        )
        if inverse_label is not UNSET:
            field_dict["inverseLabel"] = inverse_label

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        label = d.pop("label")

        inverse_label = d.pop("inverseLabel", UNSET)

        label_create_request = cls(
            name=name,
            label=label,
            inverse_label=inverse_label,
        )

        label_create_request.additional_properties = d
        return label_create_request

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
