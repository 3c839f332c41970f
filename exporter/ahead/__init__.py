"""Dataclasses whose generated methods are compiled ahead, as the bundled templates are.

:func:`dataclasses.dataclass` writes each class's ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` as source text and compiles it, in every process: for the classes a plain
``vnbrief render`` defines (:class:`~exporter.options.Options` with its 42 fields, the model's pieces, a batch's
results) that was about 3.5 ms of every start (issue #18). :func:`dataclass` here is the same decorator with that
text compiled ahead: ``methods.py`` holds, verbatim, the source the running Python's ``dataclasses`` writes for each
class listed in it (``python -m tools.ahead`` writes it, ``tests/test_ahead.py`` fails when it is stale), so that
Python keeps its bytecode like any module's; the class is processed by ``dataclasses`` itself (fields, defaults,
``__dataclass_fields__``, ``__match_args__``) and gets those methods made from the same source, bound to the same
values and module, in the same order. The result is a dataclass like any other: ``fields``, ``replace``,
``asdict``, pickling, the signature, the repr, equality, hashing, ``FrozenInstanceError`` and
``__dataclass_params__`` are the same (the tests compare each with the class ``dataclasses`` makes from the same
definition, method bytecode included). Only the methods' code objects name ``methods.py`` and its lines as their
source where ``dataclasses`` has ``<string>``.

Anything else falls back to :func:`dataclasses.dataclass` unchanged: another Python version than the one
``methods.py`` was written for, a class it does not list, or one whose definition has changed since (its fields,
their options, the decorator's arguments, its own special methods: compared at each start, cheaply). A stale
``methods.py`` can make a start slower, never a class different.
"""
from __future__ import annotations

import dataclasses
import sys
from types import FunctionType
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple

from . import methods

#: Special methods a class may define itself, which ``dataclasses`` would then keep or refuse: such a class is left
#: to ``dataclasses``.
_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__match_args__", "__slots__")
#: Annotations ``dataclasses`` treats apart from fields (by their text, under ``from __future__ import
#: annotations``): a class using one is left to ``dataclasses``.
_PSEUDO = ("ClassVar", "InitVar", "KW_ONLY")


def shape(cls: type, params: Dict[str, Any]) -> Optional[Tuple[Any, ...]]:
    """What decides the methods ``dataclasses`` writes for ``cls`` decorated with ``params``, read from the class
    as defined (before ``dataclasses`` has processed it): the decorator's arguments, each field's name, annotation
    and default (whether there is one, not its value: the source names defaults, it does not spell them) with its
    ``field()`` options, and whether it has ``__post_init__``. None for a class this module does not take (arguments
    other than ``frozen``, a base class other than ``object``, a metaclass, no docstring, special methods of its
    own, annotations that are not text, pseudo-fields)."""
    own = cls.__dict__
    if set(params) - {"frozen"} or cls.__bases__ != (object,) or type(cls) is not type or not cls.__doc__ \
            or any(name in own for name in _OWN):
        return None
    fields: List[Tuple[Any, ...]] = []
    for name, annotation in own.get("__annotations__", {}).items():
        if not isinstance(annotation, str) or any(word in annotation for word in _PSEUDO):
            return None
        value = own.get(name, dataclasses.MISSING)
        if isinstance(value, dataclasses.Field):
            kw_only = getattr(value, "kw_only", None)  # Python 3.10 on: True, False or MISSING (the class's)
            fields.append((name, annotation, "field", value.default is dataclasses.MISSING,
                           value.default_factory is dataclasses.MISSING, value.init, value.repr, value.hash,
                           value.compare, "class" if kw_only is dataclasses.MISSING else kw_only))
        else:
            fields.append((name, annotation, value is dataclasses.MISSING))
    return tuple(sorted(params.items())), tuple(fields), hasattr(cls, "__post_init__")


def _values(cls: type) -> Dict[str, Any]:
    """The names the methods' source takes as arguments, with the values ``dataclasses`` gives them."""
    values: Dict[str, Any] = {
        "MISSING": dataclasses.MISSING, "_HAS_DEFAULT_FACTORY": vars(dataclasses)["_HAS_DEFAULT_FACTORY"],
        "__dataclass_builtins_object__": object, "_return_type": None, "cls": cls,
        "FrozenInstanceError": dataclasses.FrozenInstanceError,
    }
    for f in dataclasses.fields(cls):
        values[f"_type_{f.name}"] = f.type
        values[f"_dflt_{f.name}"] = f.default if f.default_factory is dataclasses.MISSING else f.default_factory
    return values


#: The helpers of dataclasses the methods are made with (see :func:`_values`) are there.
_HELPERS = all(name in vars(dataclasses) for name in ("_HAS_DEFAULT_FACTORY", "_recursive_repr"))


def _process(cls: type, params: Dict[str, Any]) -> type:
    ahead = methods.CLASSES.get(f"{cls.__module__}.{cls.__qualname__}") \
        if _HELPERS and sys.version_info[:2] == methods.PYTHON else None
    if ahead is None or ahead[0] != shape(cls, params):
        return dataclasses.dataclass(cls, **params)
    _, hash_none, makers = ahead
    # dataclasses processes the fields and writes no method; the flags are then set to what was asked.
    made: Any = dataclasses.dataclass(cls, **{**params, "init": False, "repr": False, "eq": False, "frozen": False})
    flags = made.__dataclass_params__
    for name in ("init", "repr", "eq", "frozen"):
        setattr(flags, name, params.get(name, name != "frozen"))
    values, scope = _values(made), sys.modules[made.__module__].__dict__
    for maker in makers:
        code = maker.__code__
        method = FunctionType(code, scope)(*[values[name] for name in code.co_varnames[:code.co_argcount]])
        if method.__name__ == "__repr__":
            method = vars(dataclasses)["_recursive_repr"](method)  # its guard against a repr of itself
        method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
        setattr(made, method.__name__, method)
    if hash_none:
        made.__hash__ = None
    if "__match_args__" in made.__dict__:  # set by dataclasses after the methods: kept in that place
        match_args = made.__dict__["__match_args__"]
        del made.__match_args__
        setattr(made, "__match_args__", match_args)  # noqa: B010 (mypy refuses the assignment)
    return made


if TYPE_CHECKING:  # type checkers see the decorator they know
    from dataclasses import dataclass as dataclass
else:
    def dataclass(cls: Optional[type] = None, /, **params: Any) -> Any:
        """:func:`dataclasses.dataclass`, its methods compiled ahead where ``methods.py`` holds them."""
        def wrap(cls: type) -> type:
            return _process(cls, params)

        return wrap if cls is None else wrap(cls)


__all__ = ["dataclass", "shape"]
