"""The generated models read timestamps as python-dateutil would, without always loading it."""

from __future__ import annotations

import subprocess
import sys

import pytest
from dateutil.parser import isoparse
from hubspot_associations_api.types import parse_datetime


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-02T10:00:00Z",
        "2026-03-02T10:00:00.123Z",
        "2026-03-02T10:00:00.123456Z",
        "2026-03-02T10:00:00.1Z",  # not every Python's fromisoformat reads this: dateutil does
        "2026-03-02T10:00:00+01:00",
        "2026-03-02T10:00:00-0530",
        "2026-03-02T10:00:00",
        "2026-03-02",
        "20260302T100000Z",
    ],
)
def test_parse_datetime_agrees_with_dateutil(text: str) -> None:
    assert parse_datetime(text) == isoparse(text)
    assert parse_datetime(text).utcoffset() == isoparse(text).utcoffset()


def test_a_bad_timestamp_still_raises_a_value_error() -> None:
    # A ValueError is what the SDK turns into InvalidResponseError: dateutil's own, here.
    with pytest.raises(ValueError, match="invalid literal"):
        parse_datetime("yesterday-ish")


def test_hubspots_usual_timestamps_do_not_load_dateutils_parser() -> None:
    script = (
        "import sys\n"
        "from hubspot_associations_api.models import BatchResponse\n"
        "BatchResponse.from_dict({'status': 'COMPLETE', 'results': [],\n"
        "    'startedAt': '2026-03-02T10:00:00.123Z', 'completedAt': '2026-03-02T10:00:01Z'})\n"
        "print('dateutil.parser' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
