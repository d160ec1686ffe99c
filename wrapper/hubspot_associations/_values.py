"""The base of the SDK's small value classes: dataclass behaviour without dataclass's start-up.

``@dataclasses.dataclass`` writes each class's methods as source and compiles them when the
module is imported: 0.5-1 ms a class here, most of what importing the SDK cost. A value class
declares ``__slots__``, annotates each field in order, writes its ``__init__`` by hand (with
:data:`setter`, as a frozen dataclass does) and gets the rest from :class:`Value` or
:class:`FrozenValue`, which read the fields from the annotations: the
repr, ``==`` and hash over the fields not ``hidden``, ``__match_args__``, copying and pickling
(in the same form as a dataclass's, so values pickled by earlier versions, as in a job journal,
load), and, for :class:`FrozenValue`, ``FrozenInstanceError`` on assignment.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, ClassVar, NoReturn

setter = object.__setattr__  # how __init__ sets a field of a frozen value
blank = object.__new__  # a value with no field set yet, for slot_setters to fill


def slot_setters(cls: type, *names: str) -> tuple[Callable[[Any, Any], None], ...]:
    """The setters of ``cls``'s slots ``names``, for code that builds very many values (a
    listing's records): setting a slot through its own descriptor costs half what ``setter``
    does (0.33 against 0.50 us a record with three fields). Set every field, as ``__init__``
    would."""
    return tuple(getattr(cls, name).__set__ for name in names)


class Value:
    """A value class: its fields are its annotations, in order (each one of its slots)."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _compared: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, *, hidden: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The fields in the order the class annotates them (its __slots__ are kept sorted).
        cls._fields = tuple(inspect.get_annotations(cls))
        if set(cls._fields) != set(cls.__dict__.get("__slots__", ())):
            raise TypeError(f"{cls.__name__}: annotate each of __slots__, and nothing else")
        cls._compared = tuple(name for name in cls._fields if name not in hidden)
        setattr(cls, "__match_args__", cls._fields)  # noqa: B010  # (mypy: no such attribute)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._compared)
        return f"{type(self).__qualname__}({shown})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        fields = self._compared
        return tuple(getattr(self, n) for n in fields) == tuple(getattr(other, n) for n in fields)

    # Defining __eq__ makes a class unhashable (as a mutable dataclass); FrozenValue hashes.

    def __getstate__(self) -> list[Any]:
        return [getattr(self, name) for name in self._fields]

    def __setstate__(self, state: list[Any]) -> None:
        for name, value in zip(self._fields, state, strict=True):
            setter(self, name, value)


class FrozenValue(Value):
    """An immutable, hashable value class."""

    __slots__ = ()

    def __hash__(self) -> int:
        return hash(tuple(getattr(self, name) for name in self._compared))

    def __setattr__(self, name: str, value: object) -> NoReturn:
        import dataclasses  # the exception a frozen dataclass raises; only on this error path

        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> NoReturn:
        import dataclasses

        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
