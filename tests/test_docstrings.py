"""Every public name a user can reach has a docstring (the async twins included)."""

from __future__ import annotations

import inspect

import hubspot_associations
from hubspot_associations import (
    AsyncBatch,
    AsyncLabels,
    AsyncLimits,
    AsyncUsage,
    Batch,
    Labels,
    Limits,
    Usage,
    errors,
    testing,
)
from hubspot_associations.cli import main
from hubspot_associations.cli.progress import Console, Progress


def _public_objects() -> list[object]:
    return [
        *(getattr(hubspot_associations, n) for n in hubspot_associations.__all__),
        *(getattr(errors, n) for n in errors.__all__),
        *(getattr(testing, n) for n in testing.__all__),
        Batch,
        AsyncBatch,
        Labels,
        AsyncLabels,
        Limits,
        AsyncLimits,
        Usage,
        AsyncUsage,
        main,
        Console,
        Progress,
    ]


def test_every_public_name_has_a_docstring() -> None:
    missing = []
    for obj in _public_objects():
        if not inspect.getdoc(obj):
            missing.append(repr(obj))
        if not inspect.isclass(obj):
            continue
        for name, member in vars(obj).items():
            if name.startswith("_"):
                continue
            target = member.fget if isinstance(member, property) else member
            if (callable(target) or isinstance(member, property)) and not target.__doc__:
                missing.append(f"{obj.__name__}.{name}")
    assert missing == []
