"""Files and standard input → bytes, bounded whatever the file claims to be."""
from __future__ import annotations

import sys
from pathlib import Path

from ...errors import InputError
from .bounded import MAX_INPUT_BYTES, read_bounded, too_large


def load_bytes(source: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``, at most :data:`MAX_INPUT_BYTES` of them whatever
    the file claims to be (devices and pipes too); :class:`InputError` for what cannot be read."""
    if source == "-":
        return read_bounded(sys.stdin.buffer, "-")
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError("is a folder, not a file", subject=source, hint="give the article's file")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise too_large(source, f"{size // (1024 * 1024)} MB")
        with open(path, "rb") as handle:
            return read_bounded(handle, source)
    except FileNotFoundError:
        raise InputError("no such file", subject=source, hint="check the path") from None
    except PermissionError:
        raise InputError("permission denied", subject=source, hint="check the file's permissions") from None
    except IsADirectoryError:
        raise InputError("is a folder, not a file", subject=source, hint="give the article's file") from None
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror or err}", subject=source) from None
