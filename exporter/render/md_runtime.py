"""What the bundled Markdown templates compiled ahead (:mod:`exporter.render.md_ahead`) need while they run: Jinja's
rules for looking up attributes and items, calling, joining with ``~``, and an undefined value.

Jinja's ``StrictUndefined`` raises on any use but ``is defined``; here every such use raises :class:`Fallback`
instead, and :func:`exporter.render.markdown.ahead` then leaves the brief to Jinja, which raises its own error with
its own message. The compiled form therefore prints what Jinja prints or nothing at all.
"""
from __future__ import annotations

from typing import Any, NoReturn

#: The version of the compiled form this module runs: ``tools/ahead.py`` writes it into ``md_ahead.py``, and a
#: ``md_ahead.py`` written for another version is not used. Raise it with any change of how templates are compiled.
VERSION = 1


class Fallback(Exception):
    """The compiled form met something it leaves to Jinja (an undefined value used)."""


def _fail(*args: Any, **kwargs: Any) -> NoReturn:
    raise Fallback()


class Undefined:
    """What Jinja's ``StrictUndefined`` is for the compiled form: it may be passed on and tested with ``is
    defined``; anything else done with it (printing, truth, comparing, iterating, attributes, calling) raises
    :class:`Fallback`."""

    __slots__ = ()
    __getattr__ = __getitem__ = __call__ = __iter__ = __str__ = __len__ = __bool__ = __hash__ = _fail
    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __contains__ = __format__ = __int__ = __float__ = _fail
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _fail
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = __pow__ = __rpow__ = __neg__ = __pos__ = _fail
    __index__ = __reversed__ = __complex__ = __abs__ = __round__ = _fail


#: The one undefined value.
UNDEFINED = Undefined()


def getattr_(obj: Any, attribute: str) -> Any:
    """``obj.attribute`` as Jinja's ``Environment.getattr`` looks it up: the attribute, else the item."""
    try:
        return getattr(obj, attribute)
    except AttributeError:
        pass
    try:
        return obj[attribute]
    except (TypeError, LookupError, AttributeError):
        return UNDEFINED


def getitem(obj: Any, argument: Any) -> Any:
    """``obj[argument]`` as Jinja's ``Environment.getitem`` looks it up: the item, else (for a string) the
    attribute."""
    try:
        return obj[argument]
    except (AttributeError, TypeError, LookupError):
        if isinstance(argument, str):
            try:
                return getattr(obj, str(argument))
            except AttributeError:
                pass
        return UNDEFINED


def call(function: Any, *args: Any, **kwargs: Any) -> Any:
    """``function(...)`` as Jinja's ``Context.call`` calls a plain callable; one that asks Jinja for its context,
    environment or evaluation context is left to Jinja, as is a call that raises StopIteration (Jinja makes an
    undefined value of it)."""
    if hasattr(function, "jinja_pass_arg") or \
            hasattr(getattr(function, "__call__", None), "jinja_pass_arg"):  # noqa: B004 (Jinja's own test)
        raise Fallback()
    try:
        return function(*args, **kwargs)
    except StopIteration:
        raise Fallback() from None


def concat(*values: Any) -> str:
    """``a ~ b``: each value as text, joined (Jinja's ``str_join``)."""
    return "".join(map(str, values))
