"""API keys: checked when they are read, and never shown.

A key is checked once, where it enters (``--api-key``, a config file, an environment variable): printable
characters only, no spaces or line breaks inside, and sendable in an HTTP header (Latin-1). A key that fails is a
usage error (exit 2, raised by the caller with :func:`key_problem`'s words) whose message names where it came
from, never the key. This module imports nothing of vnbrief: the error classes themselves use :func:`redact`.

Every key in use is remembered for this process (:func:`remember`), and :func:`redact` blots each out of a text:
every error message (:class:`~exporter.errors.VnbriefError` and unexpected errors alike), every log line the
command prints, the ``--report`` file and what a provider answered (a server that echoes the key back). Nothing
here runs at import time.
"""
from __future__ import annotations

import os
import threading
from typing import Optional, Set

#: What a key is shown as.
MASK = "***"
#: Keys shorter than this are not blotted out of texts (they would blot out ordinary words); they are refused.
MIN_KEY_CHARS = 4

_KNOWN: Set[str] = set()
_LOCK = threading.Lock()


def key_problem(key: str) -> str:
    """What is wrong with ``key`` as an API key (surrounding spaces already removed), or ``""``; the words never
    hold the key."""
    problem = ""
    if len(key) < MIN_KEY_CHARS:
        problem = f"is shorter than {MIN_KEY_CHARS} characters"
    elif any(ch.isspace() for ch in key):
        problem = "holds a space or a line break"
    elif not key.isprintable():
        problem = "holds a control or invisible character"
    else:
        try:
            key.encode("latin-1")
        except UnicodeEncodeError:
            problem = "holds characters an HTTP header cannot carry (it must be Latin-1, as keys are)"
    return f"the API key {problem}" if problem else ""


#: What to do about a key that :func:`key_problem` refuses.
KEY_HINT = "copy the key again from the provider's page, without quotes or line breaks"


def remember(key: Optional[str]) -> None:
    """Blot ``key`` out of every text :func:`redact` sees from now on, in this process."""
    if key and len(key) >= MIN_KEY_CHARS:
        with _LOCK:
            _KNOWN.add(key)


def _environment_keys() -> Set[str]:
    """The values of the environment's ``*_API_KEY`` variables: keys whether or not this process used them (a
    worker process may have, and its messages are shown here)."""
    return {value.strip() for name, value in os.environ.items()
            if name.upper().endswith("_API_KEY") and len(value.strip()) >= MIN_KEY_CHARS}


def redact(text: str) -> str:
    """``text`` with every remembered key, and every ``*_API_KEY`` of the environment (as written, and as it
    appears in a URL), replaced by ``***``."""
    if not text:
        return text
    with _LOCK:
        known = _KNOWN | _environment_keys()
    if not known:
        return text
    from urllib.parse import quote, quote_plus

    keys = sorted(known, key=len, reverse=True)
    for key in keys:
        for form in {key, quote(key, safe=""), quote_plus(key)}:
            if form in text:
                text = text.replace(form, MASK)
    return text
