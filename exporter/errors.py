"""Errors the library raises. Each carries the exit code the CLI maps it to (see docs/exit-codes.md)."""
from __future__ import annotations

from enum import IntEnum

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
