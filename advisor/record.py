"""``Record``: a small immutable-record base class used instead of dataclasses.

Why not ``dataclasses``: the decorator generates and compiles code for every
class at import time. Creating the core's 26 record classes costs 1.2 ms as
Records and 23-25 ms as frozen slotted dataclasses (benchmarks/bench_records.py,
2026-12), about a fifth of the whole ``import yaml, jinja2`` baseline that
``advisor evaluate`` is measured against, on every command. A ``Record``
subclass reads its annotations once and shares one ``__init__``. Type checkers
treat it exactly like a frozen dataclass (PEP 681).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar, dataclass_transform


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        self.make = make


def default_factory(make: Any) -> Any:
    """A default built anew for each instance (like ``field(default_factory=...)``)."""
    return _Factory(make)


@dataclass_transform(frozen_default=True, field_specifiers=(default_factory,))
class Record:
    """Immutable record: fields from annotations, in order; defaults from class attributes."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _fieldset: ClassVar[frozenset[str]] = frozenset()
    _has_post_init: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = []
        defaults: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name, annotation in getattr(klass, "__annotations__", {}).items():
                if name.startswith("_") or "ClassVar" in str(annotation):
                    continue
                if name not in fields:
                    fields.append(name)
                if name in klass.__dict__:
                    defaults[name] = klass.__dict__[name]
        cls._fields = tuple(fields)
        cls._fieldset = frozenset(fields)
        cls._defaults = defaults
        cls._has_post_init = hasattr(cls, "__post_init__")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        values = self.__dict__
        if args:
            if len(args) > len(fields):
                raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments, {len(args)} given")
            values.update(zip(fields, args))  # noqa: B905 - args may stop short; strict= slows every call
        if kwargs:
            values.update(kwargs)
        if len(values) != len(fields) or not kwargs.keys() <= self._fieldset:
            self._complete(args, kwargs)
        if self._has_post_init:
            self.__post_init__()  # type: ignore[attr-defined]

    def _complete(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """The slow path of __init__: defaults, and the errors a call can make."""
        fields = self._fields
        values = self.__dict__
        unknown = [k for k in kwargs if k not in fields]
        if unknown:
            raise TypeError(f"{type(self).__name__}() got unexpected arguments: {', '.join(unknown)}")
        twice = [k for k in kwargs if k in fields[:len(args)]]
        if twice:
            raise TypeError(f"{type(self).__name__}() got several values for: {', '.join(twice)}")
        for name in fields:
            if name in values:
                continue
            if name not in self._defaults:
                raise TypeError(f"{type(self).__name__}() missing argument `{name}`")
            default = self._defaults[name]
            values[name] = default.make() if isinstance(default, _Factory) else default

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; cannot set `{name}`")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable; cannot delete `{name}`")

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={self.__dict__[name]!r}" for name in self._fields)
        return f"{type(self).__name__}({inner})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(self.__dict__[n] == other.__dict__[n] for n in self._fields)

    def __hash__(self) -> int:
        return hash((type(self), *(self.__dict__[n] for n in self._fields)))

    def _set(self, name: str, value: Any) -> None:
        """For ``__post_init__`` only: set a field while the record is being built."""
        self.__dict__[name] = value


def replace(record: Any, **changes: Any) -> Any:
    """A copy of ``record`` with some fields changed (like ``dataclasses.replace``)."""
    values = {name: record.__dict__[name] for name in record._fields}
    values.update(changes)
    return type(record)(**values)


@dataclass_transform(frozen_default=True)
class TupleRecord(tuple):
    """An immutable record stored as a tuple, for results built in hot loops.

    Building one is a single tuple allocation (about ten times cheaper than a
    ``Record``); fields are read through properties made from the annotations.
    Subclasses declare ``__slots__ = ()``. Equality is tuple equality.
    """

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _pick: ClassVar[Callable[[Mapping[str, Any]], tuple[Any, ...]] | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        from operator import itemgetter

        fields = tuple(name for name, annotation in getattr(cls, "__annotations__", {}).items()
                       if "ClassVar" not in str(annotation))
        for index, name in enumerate(fields):
            setattr(cls, name, property(itemgetter(index), doc=f"field `{name}`"))
        cls._fields = fields
        # All fields by keyword, the common case for a wide record (Result): one C call picks them in order.
        cls._pick = itemgetter(*fields) if len(fields) > 1 else None

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if kwargs and not args and cls._pick is not None and len(kwargs) == len(cls._fields):
            try:
                return tuple.__new__(cls, cls._pick(kwargs))
            except KeyError:
                pass  # a misspelt field: the message below names them
        if kwargs:
            missing = [n for n in cls._fields[len(args):] if n not in kwargs]
            if missing or len(args) + len(kwargs) != len(cls._fields):
                raise TypeError(f"{cls.__name__}() needs exactly the fields {', '.join(cls._fields)}")
            args = args + tuple(kwargs[n] for n in cls._fields[len(args):])
        elif len(args) != len(cls._fields):
            raise TypeError(f"{cls.__name__}() takes {len(cls._fields)} arguments, {len(args)} given")
        return tuple.__new__(cls, args)

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in zip(self._fields, self, strict=False))
        return f"{type(self).__name__}({inner})"
