from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.association_spec_result import AssociationSpecResult
    from ..models.object_ref import ObjectRef


T = TypeVar("T", bound="DefaultAssociation")


@_attrs_define
class DefaultAssociation:
    """
    Attributes:
        from_ (ObjectRef):
        to (ObjectRef):
        association_spec (AssociationSpecResult): An association type as HubSpot reports it.
    """

    from_: ObjectRef
    to: ObjectRef
    association_spec: AssociationSpecResult
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        from_ = self.from_.to_dict()

        to = self.to.to_dict()

        association_spec = self.association_spec.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "from": from_,
                "to": to,
                "associationSpec": association_spec,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _nested_imported:
            _import_nested()
        from_ = ObjectRef.from_dict(src_dict["from"])

        to = ObjectRef.from_dict(src_dict["to"])

        association_spec = AssociationSpecResult.from_dict(src_dict["associationSpec"])

        default_association = cls(
            from_,
            to,
            association_spec,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            default_association.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return default_association

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
    global AssociationSpecResult
    global ObjectRef
    from ..models.association_spec_result import AssociationSpecResult
    from ..models.object_ref import ObjectRef

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(["from", "to", "associationSpec"])
