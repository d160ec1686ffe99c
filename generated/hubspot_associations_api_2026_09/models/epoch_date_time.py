from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="EpochDateTime")


@_attrs_define
class EpochDateTime:
    """A point in time as HubSpot's usage API sends it.

    Attributes:
        value (int): Milliseconds since the epoch.
        date_only (bool | Unset):
        time_zone_shift (int | Unset):
    """

    value: int
    date_only: bool | Unset = UNSET
    time_zone_shift: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        date_only = self.date_only

        time_zone_shift = self.time_zone_shift

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
            }
        )
        if date_only is not UNSET:
            field_dict["dateOnly"] = date_only
        if time_zone_shift is not UNSET:
            field_dict["timeZoneShift"] = time_zone_shift

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        value = src_dict["value"]

        date_only = src_dict.get("dateOnly", UNSET)

        time_zone_shift = src_dict.get("timeZoneShift", UNSET)

        epoch_date_time = cls(
            value,
            date_only,
            time_zone_shift,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            epoch_date_time.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return epoch_date_time

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
_FIELD_NAMES: frozenset[str] = frozenset(["value", "dateOnly", "timeZoneShift"])
