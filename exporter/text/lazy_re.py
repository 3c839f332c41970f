"""Regular expressions compiled when first used, not when their module is imported.

``lazy_re.compile(pattern, flags)`` stands where ``re.compile(pattern, flags)`` would, at module level: the modules
every ``vnbrief render`` imports hold dozens of expressions, most of which a given article never meets (a date line,
a feed address, a legacy-encoding hint), and compiling them all at import was a tenth of a plain render's start-up
(issue #18). The first use of any of its attributes compiles the expression once and keeps the compiled pattern's
methods on the object, so every later call costs what a call on a compiled pattern does.

The object is not an :class:`re.Pattern`: call its methods (``search``, ``sub`` …); do not hand it to
``re.search(pattern, …)`` (mypy says so).
"""
from __future__ import annotations

import re
from typing import Any, Callable, Iterator, List, Mapping, Optional, Tuple

#: What a compiled pattern offers, copied onto the object when it is compiled.
_ATTRIBUTES = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "pattern", "flags",
               "groups", "groupindex")


class LazyPattern:
    """``re.compile(pattern, flags)``, compiled on first use."""

    match: Callable[..., Optional[re.Match[str]]]
    fullmatch: Callable[..., Optional[re.Match[str]]]
    search: Callable[..., Optional[re.Match[str]]]
    sub: Callable[..., str]
    subn: Callable[..., Tuple[str, int]]
    split: Callable[..., List[Any]]
    findall: Callable[..., List[Any]]
    finditer: Callable[..., Iterator[re.Match[str]]]
    pattern: str
    flags: int
    groups: int
    groupindex: Mapping[str, int]

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only for what is not on the object yet: the first use
        if name.startswith("__") or name not in _ATTRIBUTES:
            raise AttributeError(name)
        compiled = self._compile()
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        self.pattern = self._source[0]  # the text as given (a stand-in's is compiled as another type)
        return getattr(self, name)

    def _compile(self) -> re.Pattern[str]:
        return re.compile(*self._source)

    def __repr__(self) -> str:
        pattern, flags = self._source
        return f"lazy_re.compile({pattern!r}{f', {flags!r}' if flags else ''})"


def compile(pattern: str, flags: int = 0) -> LazyPattern:  # named as re's, which it stands for
    """``re.compile(pattern, flags)`` when first used."""
    return LazyPattern(pattern, flags)


class _Fresh(str):
    """A pattern's text as another type than ``str``: ``re`` keys its cache by the text's type, so that this
    compiles afresh where the plain text would find the stand-in :func:`defer` left in the cache."""

    __slots__ = ()


def compile_apart(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` kept in ``re``'s cache under a key of its own: compiled even where
    :func:`defer` left a stand-in for the same text (the pattern is the same expression)."""
    return re.compile(_Fresh(pattern), flags)


class _StandIn(LazyPattern):
    """The pattern :func:`defer` leaves in ``re``'s cache: compiled apart when first used."""

    def _compile(self) -> re.Pattern[str]:
        return compile_apart(*self._source)


def defer(pattern: str, flags: int = 0) -> None:
    """Make ``re.compile(pattern, flags)``, anywhere in this process, return a pattern compiled on first use. For a
    library's module-level expression that vnbrief never uses and that takes long to compile (ReportLab's layout
    compiles two when imported: :mod:`exporter.render.reportlab_layout`): call it before the library is imported.

    It leaves a stand-in in ``re``'s cache of compiled expressions, which CPython (3.7 to 3.13) keys by the text's
    type, the text and the flags as a number, and which ``re.compile`` consults before compiling. Where that cache is
    not there, or the expression is compiled already, nothing changes: the expression is compiled as before."""
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        cache.setdefault((str, pattern, int(flags)), _StandIn(pattern, flags))
