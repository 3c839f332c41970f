"""Errors the library raises. Each carries the exit code the CLI maps it to (see docs/exit-codes.md)."""
from __future__ import annotations

from enum import IntEnum
from typing import Iterable, List

from .keys import redact


class ExitStatus(IntEnum):
    """Exit codes of the ``vnbrief`` command."""

    OK = 0
    UNEXPECTED = 1
    USAGE = 2
    INPUT = 3
    TRANSLATION = 4
    RENDER = 5


def shown_name(name: str) -> str:
    """A file name or URL as an error message shows it: on one line, control characters escaped the way Python
    writes them (a name holding a newline reads ``a\\nb.txt``)."""
    if name.isprintable():
        return name
    return "".join(ch if ch.isprintable() or ch == " " else repr(ch)[1:-1] for ch in name)


def about(subject: str, message: str) -> str:
    """``message`` about ``subject`` (a file or URL) naming it once: as it is when it begins with the name
    already (a reader's warning names its file), else ``<subject>: <message>``."""
    name = shown_name(subject)
    return message if not name or message.startswith(name) else f"{name}: {message}"


def did_you_mean(word: str, candidates: Iterable[str]) -> List[str]:
    """The candidates a mistyped ``word`` most likely meant, best first (at most two; none when nothing is
    close). Case, leading dashes and ``_``/``-`` are ignored; a candidate the word begins (``--out`` for
    ``--output-dir``) counts as close."""
    import difflib  # only when a mistake is to be explained

    def bare(text: str) -> str:
        return text.lower().lstrip("-").replace("_", "-")

    typed = bare(word)
    scored = []
    for candidate in dict.fromkeys(candidates):
        name = bare(candidate)
        score = difflib.SequenceMatcher(None, typed, name).ratio()
        if (len(typed) >= 3 and name.startswith(typed)) or (len(name) >= 4 and typed.startswith(name)):
            score = max(score, 0.8)
        if score >= 0.75:
            scored.append((-score, candidate))
    return [candidate for _, candidate in sorted(scored)[:2]]


def manual(page: str) -> str:
    """How a message points to a page of the manual (``docs/<page>``, the same name on the docs site)."""
    return f"docs/{page}"


class VnbriefError(Exception):
    """Base of every error vnbrief raises on purpose.

    ``subject`` is the file, URL or setting concerned; ``hint`` says what the user can do.
    ``str(err)`` is the one-line message ``<subject>: <message> (<hint>)``.
    """

    exit_code = ExitStatus.UNEXPECTED

    def __init__(self, message: str, *, subject: str = "", hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.subject = subject
        self.hint = hint

    def __str__(self) -> str:
        text = " ".join(self.message.split())
        if self.subject:
            text = f"{shown_name(self.subject)}: {text}"
        if self.hint:
            text += f" ({' '.join(self.hint.split())})"
        return redact(text)  # always one line, and never a key whatever a server or an exception said


class UsageError(VnbriefError):
    """A wrong option, setting, template or font folder given by the user."""

    exit_code = ExitStatus.USAGE


class InputError(VnbriefError):
    """An input that cannot be read: missing, unreadable, empty, binary, undecodable, no article in it."""

    exit_code = ExitStatus.INPUT


class TranslationError(VnbriefError):
    """The translation provider failed (after retries), or answered something unusable."""

    exit_code = ExitStatus.TRANSLATION


class ProviderUnreachable(TranslationError):
    """The provider could not be reached (refused connection, no answer in time) after retries; a batch stops
    calling it (the circuit breaker) and fails the remaining articles at once."""


class RenderError(VnbriefError):
    """Rendering or writing the output failed."""

    exit_code = ExitStatus.RENDER
