"""The result and error value classes behave as the dataclasses they replaced (``_values``):
immutable, compared and hashed by their fields (``extra`` aside), pickled in the same form."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import pickle
from typing import Any

import pytest
from hubspot_associations import errors
from hubspot_associations.types import (
    AssociatedRecord,
    Association,
    AssociationCategory,
    AssociationSpec,
    BatchItemError,
    BatchReport,
    Failed,
    HighUsageReport,
    LabelsBetweenRecords,
    LimitConfig,
    Succeeded,
)

SPEC = AssociationSpec(AssociationCategory.USER_DEFINED, 37, "Billing")
WHEN = datetime.datetime(2026, 3, 2, tzinfo=datetime.timezone.utc)
# Each frozen value, made positionally; `extra` (where there is one) set, to be ignored by ==.
VALUES: list[Any] = [
    SPEC,
    Association("1", "2", AssociationCategory.HUBSPOT_DEFINED, 279, {"new": 1}),
    AssociatedRecord("2", (SPEC,), {"new": 1}),
    LabelsBetweenRecords("0-1", "1", "0-2", "2", ("Billing",), {"new": 1}),
    LimitConfig(AssociationCategory.HUBSPOT_DEFINED, 1, None, 5, None, {"new": 1}),
    HighUsageReport(7, "a@example.com", WHEN, {"new": 1}),
    BatchItemError("VALIDATION_ERROR", "no", "error", None, {"ids": ["1"]}),
    errors.ErrorDetail("bad id", "ids", "INVALID", None, {"ids": ["1"]}),
    Succeeded((1, 2), [SPEC]),
    Failed((1, 2), BatchItemError("X", "no")),
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_values_are_immutable_compared_by_their_fields_and_round_trip(value: Any) -> None:
    fields = type(value).__match_args__
    again = type(value)(*(getattr(value, f) for f in fields if f != "extra"))
    assert again == value  # `extra` is not compared
    fields_hash = [getattr(value, f) for f in fields if f != "extra"]
    if all(isinstance(v, (str, int, tuple, type(None), datetime.datetime)) for v in fields_hash):
        assert hash(again) == hash(value)
    else:  # a dict or list inside: unhashable, as the dataclass was
        with pytest.raises(TypeError):
            hash(value)
    assert "extra" not in repr(value) and repr(value).startswith(f"{type(value).__name__}(")
    for copied in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
        assert copied == value and getattr(copied, "extra", None) == getattr(value, "extra", None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.__setattr__(fields[0], "changed")
    assert value != tuple(getattr(value, f) for f in fields)


def test_a_batch_report_is_mutable_and_unhashable() -> None:
    report: BatchReport[Any, Any] = BatchReport()
    report.succeeded.append(Succeeded((1, 2), None))
    assert len(report) == 1 and report.ok and report == BatchReport([Succeeded((1, 2), None)])
    with pytest.raises(TypeError):
        hash(report)
    assert pickle.loads(pickle.dumps(report)) == report


def test_values_pickled_as_dataclasses_load() -> None:
    # The form a frozen slotted dataclass pickles to (as a job journal written by an earlier
    # version holds): the class, then its fields' values in order, set by __setstate__.
    value = Association.__new__(Association)
    value.__setstate__(["1", "2", AssociationCategory.WORK, 9, {"new": 1}])
    assert value == Association("1", "2", AssociationCategory.WORK, 9)
    assert value.extra == {"new": 1}


def test_deleting_a_field_is_refused_and_a_class_must_annotate_its_slots() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        del SPEC.label
    from hubspot_associations._values import FrozenValue

    with pytest.raises(TypeError, match="annotate each of __slots__"):

        class Broken(FrozenValue):
            __slots__ = ("a", "b")
            a: int
