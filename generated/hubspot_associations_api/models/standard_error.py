from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail import ErrorDetail
    from ..models.standard_error_context import StandardErrorContext
    from ..models.standard_error_links import StandardErrorLinks


T = TypeVar("T", bound="StandardError")


@_attrs_define
class StandardError:
    """The error of one input inside a batch response.

    Attributes:
        status (str):
        category (str):
        message (str):
        id (str | Unset):
        sub_category (str | Unset):
        errors (list[ErrorDetail] | Unset):
        context (StandardErrorContext | Unset):
        links (StandardErrorLinks | Unset):
    """

    status: str
    category: str
    message: str
    id: str | Unset = UNSET
    sub_category: str | Unset = UNSET
    errors: list[ErrorDetail] | Unset = UNSET
    context: StandardErrorContext | Unset = UNSET
    links: StandardErrorLinks | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        status = self.status

        category = self.category

        message = self.message

        id = self.id

        sub_category = self.sub_category

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "category": category,
                "message": message,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if sub_category is not UNSET:
            field_dict["subCategory"] = sub_category
        if errors is not UNSET:
            field_dict["errors"] = errors
        if context is not UNSET:
            field_dict["context"] = context
        if links is not UNSET:
            field_dict["links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _nested_imported:
            _import_nested()
        status = src_dict["status"]

        category = src_dict["category"]

        message = src_dict["message"]

        id = src_dict.get("id", UNSET)

        sub_category = src_dict.get("subCategory", UNSET)

        _errors = src_dict.get("errors", UNSET)
        errors: list[ErrorDetail] | Unset = UNSET
        if _errors is not UNSET:
            errors = [
                ErrorDetail.from_dict(errors_item_data) for errors_item_data in _errors
            ]

        _context = src_dict.get("context", UNSET)
        context: StandardErrorContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = StandardErrorContext.from_dict(_context)

        _links = src_dict.get("links", UNSET)
        links: StandardErrorLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = StandardErrorLinks.from_dict(_links)

        standard_error = cls(
            status,
            category,
            message,
            id,
            sub_category,
            errors,
            context,
            links,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            standard_error.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return standard_error

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
    global ErrorDetail
    global StandardErrorContext
    global StandardErrorLinks
    from ..models.error_detail import ErrorDetail
    from ..models.standard_error_context import StandardErrorContext
    from ..models.standard_error_links import StandardErrorLinks

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(
    ["status", "category", "message", "id", "subCategory", "errors", "context", "links"]
)
