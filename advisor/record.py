"""``Record``: a small immutable-record base class used instead of dataclasses.

Why not ``dataclasses``: the decorator generates and compiles code for every
class at import time. With some forty classes in the core that cost about
25 ms on every ``advisor`` command, more than loading the ruleset. A
``Record`` subclass reads its annotations once and shares one ``__init__``.
Type checkers treat it exactly like a frozen dataclass (PEP 681).
"""

from __future__ import annotations

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

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields: list[str] = []
        defaults: dict[str, Any] = {}
        for klass in reversed(cls.__mro__):
            for name, annotation in klass.__dict__.get("__annotations__", {}).items():
                if name.startswith("_") or "ClassVar" in str(annotation):
                    continue
                if name not in fields:
                    fields.append(name)
                if name in klass.__dict__:
                    defaults[name] = klass.__dict__[name]
        cls._fields = tuple(fields)
        cls._defaults = defaults

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        fields = self._fields
        if len(args) > len(fields):
            raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments, {len(args)} given")
        values = self.__dict__
        values.update(zip(fields, args))
        for name in fields[len(args):]:
            if name in kwargs:
                values[name] = kwargs.pop(name)
            elif name in self._defaults:
                default = self._defaults[name]
                values[name] = default.make() if isinstance(default, _Factory) else default
            else:
                raise TypeError(f"{type(self).__name__}() missing argument `{name}`")
        if kwargs:
            raise TypeError(f"{type(self).__name__}() got unexpected arguments: {', '.join(kwargs)}")
        post = getattr(self, "__post_init__", None)
        if post is not None:
            post()

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
