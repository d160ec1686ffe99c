from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.limit_config_input import LimitConfigInput


T = TypeVar("T", bound="BatchInputLimitConfig")


@_attrs_define
class BatchInputLimitConfig:
    """
    Attributes:
        inputs (list[LimitConfigInput]):
    """

    inputs: list[LimitConfigInput]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        if not _nested_imported:
            _import_nested()
        inputs = []
        for inputs_item_data in self.inputs:
            inputs_item = inputs_item_data.to_dict()
            inputs.append(inputs_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "inputs": inputs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        if not _nested_imported:
            _import_nested()
        _inputs = src_dict["inputs"]
        inputs = [
            LimitConfigInput.from_dict(inputs_item_data) for inputs_item_data in _inputs
        ]

        batch_input_limit_config = cls(
            inputs,
        )

        if not _FIELD_NAMES.issuperset(src_dict):
            batch_input_limit_config.additional_properties = {
                name: value
                for name, value in src_dict.items()
                if name not in _FIELD_NAMES
            }
        return batch_input_limit_config

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
    global LimitConfigInput
    from ..models.limit_config_input import LimitConfigInput

    _nested_imported = True


_nested_imported = False


# The fields from_dict reads by name; any other field of a source goes to additional_properties.
_FIELD_NAMES: frozenset[str] = frozenset(["inputs"])
