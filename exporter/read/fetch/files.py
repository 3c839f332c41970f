"""Files and standard input → bytes, bounded whatever the file claims to be."""
from __future__ import annotations

import sys
from pathlib import Path

from ...errors import InputError
from .bounded import DEFAULT_WAIT_SECONDS, MAX_INPUT_BYTES, read_bounded, read_file, too_large


def load_bytes(source: str, timeout: float = DEFAULT_WAIT_SECONDS) -> bytes:
    """The bytes of a file, or of standard input for ``-``, at most :data:`MAX_INPUT_BYTES` of them whatever
    the file claims to be (a named pipe or a device is read within ``timeout`` seconds: see
    :func:`~exporter.read.fetch.bounded.read_file`); :class:`InputError` for what cannot be read."""
    if source == "-":
        return read_bounded(sys.stdin.buffer, "-")
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError("is a folder, not a file", subject=source, hint="give the article's file")
        size = path.stat().st_size
    except OSError:
        size = 0  # read_file says what is wrong
    if size > MAX_INPUT_BYTES:
        raise too_large(source, f"{size // (1024 * 1024)} MB")
    return read_file(path, source, timeout=timeout)
