"""Files and standard input → bytes, bounded whatever the file claims to be."""
from __future__ import annotations

import sys

from .bounded import DEFAULT_WAIT_SECONDS, NotAFile, read_bounded, read_file


def load_bytes(source: str, timeout: float = DEFAULT_WAIT_SECONDS) -> bytes:
    """The bytes of a file, or of standard input for ``-``, at most
    :data:`~exporter.read.fetch.bounded.MAX_INPUT_BYTES` of them whatever the file claims to be (a named pipe or a
    device is read within ``timeout`` seconds: see :func:`~exporter.read.fetch.bounded.read_file`);
    :class:`~exporter.errors.InputError` for what cannot be read."""
    if source == "-":
        return read_bounded(sys.stdin.buffer, "-")
    try:
        return read_file(source, source, timeout=timeout)  # a file over the limit is refused by its size, unread
    except NotAFile:
        raise NotAFile("is a folder, not a file", subject=source, hint="give the article's file") from None
