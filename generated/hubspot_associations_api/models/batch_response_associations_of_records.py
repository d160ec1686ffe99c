from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset, parse_datetime

if TYPE_CHECKING:
    from ..models.associations_of_record import AssociationsOfRecord
    from ..models.batch_response_associations_of_records_links import (
        BatchResponseAssociationsOfRecordsLinks,
    )
    from ..models.standard_error import StandardError


T = TypeVar("T", bound="BatchResponseAssociationsOfRecords")


@_attrs_define
class BatchResponseAssociationsOfRecords:
    """
    Attributes:
        status (str): PENDING, PROCESSING, CANCELED or COMPLETE; later versions may add values.
        results (list[AssociationsOfRecord]):
        started_at (datetime.datetime):
        completed_at (datetime.datetime):
        requested_at (datetime.datetime | Unset):
        num_errors (int | Unset):
        errors (list[StandardError] | Unset):
        links (BatchResponseAssociationsOfRecordsLinks | Unset):
    """

    status: str
    results: list[AssociationsOfRecord]
    started_at: datetime.datetime
    completed_at: datetime.datetime
    requested_at: datetime.datetime | Unset = UNSET
    num_errors: int | Unset = UNSET
    errors: list[StandardError] | Unset = UNSET
    links: BatchResponseAssociationsOfRecordsLinks | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        status = self.status

        results = []
        for results_item_data in self.results:
            results_item = results_item_data.to_dict()
            results.append(results_item)

        started_at = self.started_at.isoformat()

        completed_at = self.completed_at.isoformat()

        requested_at: str | Unset = UNSET
        if not isinstance(self.requested_at, Unset):
            requested_at = self.requested_at.isoformat()

        num_errors = self.num_errors

        errors: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.errors, Unset):
            errors = []
            for errors_item_data in self.errors:
                errors_item = errors_item_data.to_dict()
                errors.append(errors_item)

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "status": status,
                "results": results,
                "startedAt": started_at,
                "completedAt": completed_at,
            }
        )
        if requested_at is not UNSET:
            field_dict["requestedAt"] = requested_at
        if num_errors is not UNSET:
            field_dict["numErrors"] = num_errors
        if errors is not UNSET:
            field_dict["errors"] = errors
        if links is not UNSET:
            field_dict["links"] = links

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _nested_imported:
            _import_nested()
        status = src_dict["status"]

        _results = src_dict["results"]
        results = [
            AssociationsOfRecord.from_dict(results_item_data)
            for results_item_data in _results
        ]

        started_at = parse_datetime(src_dict["startedAt"])

        completed_at = parse_datetime(src_dict["completedAt"])

        _requested_at = src_dict.get("requestedAt", UNSET)
        requested_at: datetime.datetime | Unset
        if isinstance(_requested_at, Unset):
            requested_at = UNSET
        else:
            requested_at = parse_datetime(_requested_at)

        num_errors = src_dict.get("numErrors", UNSET)

        _errors = src_dict.get("errors", UNSET)
        errors: list[StandardError] | Unset = UNSET
        if _errors is not UNSET:
            errors = [
                StandardError.from_dict(errors_item_data)
                for errors_item_data in _errors
            ]

        _links = src_dict.get("links", UNSET)
        links: BatchResponseAssociationsOfRecordsLinks | Unset
        if isinstance(_links, Unset):
            links = UNSET
        else:
            links = BatchResponseAssociationsOfRecordsLinks.from_dict(_links)

        batch_response_associations_of_records = cls(
            status,
            results,
            started_at,
            completed_at,
            requested_at,
            num_errors,
            errors,
            links,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            batch_response_associations_of_records.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return batch_response_associations_of_records

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
    global AssociationsOfRecord
    global BatchResponseAssociationsOfRecordsLinks
    global StandardError
    from ..models.associations_of_record import AssociationsOfRecord
    from ..models.batch_response_associations_of_records_links import (
        BatchResponseAssociationsOfRecordsLinks,
    )
    from ..models.standard_error import StandardError

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(
    [
        "status",
        "results",
        "startedAt",
        "completedAt",
        "requestedAt",
        "numErrors",
        "errors",
        "links",
    ]
)
