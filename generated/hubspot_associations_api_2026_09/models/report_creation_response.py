from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.epoch_date_time import EpochDateTime


T = TypeVar("T", bound="ReportCreationResponse")


@_attrs_define
class ReportCreationResponse:
    """
    Attributes:
        enqueue_time (EpochDateTime): A point in time as HubSpot's usage API sends it.
        user_email (str):
        user_id (int):
    """

    enqueue_time: EpochDateTime
    user_email: str
    user_id: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        enqueue_time = self.enqueue_time.to_dict()

        user_email = self.user_email

        user_id = self.user_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "enqueueTime": enqueue_time,
                "userEmail": user_email,
                "userId": user_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _nested_imported:
            _import_nested()
        enqueue_time = EpochDateTime.from_dict(src_dict["enqueueTime"])

        user_email = src_dict["userEmail"]

        user_id = src_dict["userId"]

        report_creation_response = cls(
            enqueue_time,
            user_email,
            user_id,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            report_creation_response.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return report_creation_response

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
    global EpochDateTime
    from ..models.epoch_date_time import EpochDateTime

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(["enqueueTime", "userEmail", "userId"])
