from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.error_context import ErrorContext
    from ..models.error_detail import ErrorDetail
    from ..models.error_links import ErrorLinks


T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """HubSpot's error body. Every field is optional in practice.

    Attributes:
        status (str | Unset):
        message (str | Unset):
        correlation_id (str | Unset):
        category (str | Unset):
        sub_category (str | Unset):
        error_type (str | Unset):
        policy_name (str | Unset):
        group_name (str | Unset):
        errors (list[ErrorDetail] | Unset):
        context (ErrorContext | Unset):
        links (ErrorLinks | Unset):
    """

    status: str | Unset = UNSET
    message: str | Unset = UNSET
    correlation_id: str | Unset = UNSET
    category: str | Unset = UNSET
    sub_category: str | Unset = UNSET
    error_type: str | Unset = UNSET
    policy_name: str | Unset = UNSET
    group_name: str | Unset = UNSET
    errors: list[ErrorDetail] | Unset = UNSET
    context: ErrorContext | Unset = UNSET
    links: ErrorLinks | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        status = self.status

        message = self.message

        correlation_id = self.correlation_id

        category = self.category

        sub_category = self.sub_category

        error_type = self.error_type

        policy_name = self.policy_name

        group_name = self.group_name

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
        field_dict.update({})
        if status is not UNSET:
            field_dict["status"] = status
        if message is not UNSET:
            field_dict["message"] = message
        if correlation_id is not UNSET:
            field_dict["correlationId"] = correlation_id
        if category is not UNSET:
            field_dict["category"] = category
        if sub_category is not UNSET:
            field_dict["subCategory"] = sub_category
        if error_type is not UNSET:
            field_dict["errorType"] = error_type
        if policy_name is not UNSET:
            field_dict["policyName"] = policy_name
        if group_name is not UNSET:
            field_dict["groupName"] = group_name
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
        status = src_dict.get("status", UNSET)

        message = src_dict.get("message", UNSET)

        correlation_id = src_dict.get("correlationId", UNSET)

        category = src_dict.get("category", UNSET)

        sub_category = src_dict.get("subCategory", UNSET)

        error_type = src_dict.get("errorType", UNSET)

        policy_name = src_dict.get("policyName", UNSET)

        group_name = src_dict.get("groupName", UNSET)

        _errors = src_dict.get("errors", UNSET)
        errors: list[ErrorDetail] | Unset = UNSET
        if _errors is not UNSET:
            errors = [
                ErrorDetail.from_dict(errors_item_data) for errors_item_data in _errors
            ]

        _context = src_dict.get("context", UNSET)
        context: ErrorContext | Unset
        if isinstance(_context, Unset):
            context = UNSET
        else:
            context = ErrorContext.from_dict(_context)

        _links = src_dict.get("links", UNSET)
        links: ErrorLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = ErrorLinks.from_dict(_links)

        error = cls(
            status,
            message,
            correlation_id,
            category,
            sub_category,
            error_type,
            policy_name,
            group_name,
            errors,
            context,
            links,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            error.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return error

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
    global ErrorContext
    global ErrorDetail
    global ErrorLinks
    from ..models.error_context import ErrorContext
    from ..models.error_detail import ErrorDetail
    from ..models.error_links import ErrorLinks

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(
    [
        "status",
        "message",
        "correlationId",
        "category",
        "subCategory",
        "errorType",
        "policyName",
        "groupName",
        "errors",
        "context",
        "links",
    ]
)
