from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_detail_context import ErrorDetailContext


T = TypeVar("T", bound="ErrorDetail")


@_attrs_define
class ErrorDetail:
    """
    Attributes:
        message (str | Unset):
        in_ (str | Unset):
        code (str | Unset):
        sub_category (str | Unset):
        context (ErrorDetailContext | Unset):
    """

    message: str | Unset = UNSET
    in_: str | Unset = UNSET
    code: str | Unset = UNSET
    sub_category: str | Unset = UNSET
    context: ErrorDetailContext | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        message = self.message

        in_ = self.in_

        code = self.code

        sub_category = self.sub_category

        context: dict[str, Any] | Unset = UNSET
        if not isinstance(self.context, Unset):
            context = self.context.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if message is not UNSET:
            field_dict["message"] = message
        if in_ is not UNSET:
            field_dict["in"] = in_
        if code is not UNSET:
            field_dict["code"] = code
        if sub_category is not UNSET:
            field_dict["subCategory"] = sub_category
        if context is not UNSET:
            field_dict["context"] = context

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _nested_imported:
            _import_nested()
        message = src_dict.get("message", UNSET)

        in_ = src_dict.get("in", UNSET)

        code = src_dict.get("code", UNSET)

        sub_category = src_dict.get("subCategory", UNSET)

        _context = src_dict.get("context", UNSET)
        context: ErrorDetailContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = ErrorDetailContext.from_dict(_context)

        error_detail = cls(
            message,
            in_,
            code,
            sub_category,
            context,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            error_detail.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return error_detail

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
    global ErrorDetailContext
    from ..models.error_detail_context import ErrorDetailContext

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(
    ["message", "in", "code", "subCategory", "context"]
)
