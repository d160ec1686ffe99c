from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.associated_object import AssociatedObject
    from ..models.paging import Paging


T = TypeVar("T", bound="AssociatedObjectPage")


@_attrs_define
class AssociatedObjectPage:
    """
    Attributes:
        results (list[AssociatedObject]):
        paging (Paging | Unset):
    """

    results: list[AssociatedObject]
    paging: Paging | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        paging: dict[str, Any] | Unset = UNSET
        if not isinstance(self.paging, Unset):
            paging = self.paging.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "results": results,
            }
        )
        if paging is not UNSET:
            field_dict["paging"] = paging

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _nested_imported:
            _import_nested()
        _results = src_dict["results"]
        results = [
            AssociatedObject.from_dict(results_item_data)
            for results_item_data in _results
        ]

        _paging = src_dict.get("paging", UNSET)
        paging: Paging | Unset
        if isinstance(_paging, Unset):
            paging = UNSET
        else:
            paging = Paging.from_dict(_paging)

        associated_object_page = cls(
            results,
            paging,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            associated_object_page.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return associated_object_page

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
    global AssociatedObject
    global Paging
    from ..models.associated_object import AssociatedObject
    from ..models.paging import Paging

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(["results", "paging"])
