"""Writing files so that a failure never leaves a partial or empty one."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import RenderError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename: readers never see a
    partial file, and a failure leaves none behind."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as err:
        raise RenderError(f"cannot write to this folder: {err.strerror or err}", subject=str(folder),
                          hint="choose a writable folder with -o") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise RenderError(f"cannot be written: {err.strerror or err}", subject=str(path),
                          hint="check free space and permissions") from None
