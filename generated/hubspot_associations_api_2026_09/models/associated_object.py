from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.association_type_with_label import AssociationTypeWithLabel


T = TypeVar("T", bound="AssociatedObject")


@_attrs_define
class AssociatedObject:
    """One associated record and every association type linking to it.

    Attributes:
        to_object_id (int | str):
        association_types (list[AssociationTypeWithLabel]):
    """

    to_object_id: int | str
    association_types: list[AssociationTypeWithLabel]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        to_object_id: int | str
        to_object_id = self.to_object_id

        association_types = []
        for association_types_item_data in self.association_types:
            association_types_item = association_types_item_data.to_dict()
            association_types.append(association_types_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "toObjectId": to_object_id,
                "associationTypes": association_types,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _nested_imported:
            _import_nested()
        to_object_id: int | str = src_dict["toObjectId"]

        _association_types = src_dict["associationTypes"]
        association_types = [
            AssociationTypeWithLabel.from_dict(association_types_item_data)
            for association_types_item_data in _association_types
        ]

        associated_object = cls(
            to_object_id,
            association_types,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            associated_object.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return associated_object

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


def _import_nested() -> None:
    # The models this one nests, imported on its first from_dict or to_dict instead of by an
    # import statement in every call (~1 us each, run for every record read): still lazily, so
    # importing a model loads no other and models that nest each other still import.
    global _nested_imported
    global AssociationTypeWithLabel
    from ..models.association_type_with_label import AssociationTypeWithLabel

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(["toObjectId", "associationTypes"])
