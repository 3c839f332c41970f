"""Writing files so that a failure never leaves a partial or empty one, and a user's file is never harmed.

Every output goes through :func:`write_files`: the inputs of the run are never written over (not by name, not
through a hard or symbolic link), an existing output that is read-only is replaced only when forced, new files
get the permissions the user's umask allows, and the files of one call are renamed into place only when all of
them were written (a full disk between two formats leaves neither).
"""
from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Iterable, List, Optional, Sequence, Tuple, Union

from .errors import RenderError, UsageError

PathLike = Union[str, Path]


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux ``/proc``)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it, at once put back
    os.umask(mask)
    return mask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # same inode: the same name, a hard link or a symbolic link
    except OSError:
        return False


def input_clash(output: PathLike, inputs: Iterable[PathLike]) -> Optional[str]:
    """The input that writing ``output`` would overwrite, or ``None``. URLs and ``-`` are never clashes."""
    out = Path(output)
    for item in inputs:
        name = str(item)
        if name == "-" or "://" in name:
            continue
        if _same_file(out, Path(name)):
            return name
    return None


def check_not_inputs(outputs: Iterable[PathLike], inputs: Sequence[PathLike]) -> None:
    """Refuse (:class:`UsageError`, exit 2) when an output would be written over an input, naming both."""
    for output in outputs:
        clash = input_clash(output, inputs)
        if clash is not None:
            link = "" if os.path.abspath(clash) == os.path.abspath(output) else " (the same file by another name)"
            raise UsageError(f"the output would be written over the input {clash}{link}; nothing was written",
                             subject=str(output),
                             hint="choose another output folder with -o, or another output name")


def _check_replaceable(path: Path, force: bool) -> Optional[os.stat_result]:
    """The status of an existing output (``None`` when new); a read-only one is refused unless ``force``."""
    try:
        status = path.stat()
    except OSError:
        return None
    if stat.S_ISDIR(status.st_mode):
        raise RenderError("is a folder, not a file", subject=str(path), hint="choose another output name")
    if not force and not (status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)):
        raise RenderError("exists and is read-only; it was left as it is", subject=str(path),
                          hint="use --force to replace it, or choose another output")
    return status


def _temp_for(path: Path) -> Tuple[int, str]:
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    except OSError as err:
        raise RenderError(f"cannot write to this folder: {err.strerror or err}", subject=str(folder),
                          hint="choose a writable folder with -o") from None


def _discard(temps: Iterable[str]) -> None:
    for tmp in temps:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def write_files(files: Sequence[Tuple[PathLike, bytes]], *, inputs: Sequence[PathLike] = (),
                force: bool = False) -> List[Path]:
    """Write every ``(path, data)`` through a temporary file in the path's folder; rename them into place only
    once all are written. ``inputs`` are never written over (:class:`UsageError`); a read-only existing output
    is refused unless ``force`` (:class:`RenderError`). Returns the paths written."""
    targets = [(Path(p), data) for p, data in files]
    check_not_inputs([p for p, _ in targets], inputs)
    modes = []
    mask = _umask()
    for path, _ in targets:
        status = _check_replaceable(path, force)
        # an output written before keeps its permissions; a new one gets what the umask allows
        modes.append(stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~mask)
    temps: List[str] = []
    try:
        for (path, data), mode in zip(targets, modes):
            fd, tmp = _temp_for(path)
            temps.append(tmp)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.chmod(tmp, mode)
            except OSError as err:
                raise RenderError(f"cannot be written: {err.strerror or err}", subject=str(path),
                                  hint="check free space and permissions") from None
        for (path, _), tmp in zip(targets, temps):
            try:
                os.replace(tmp, path)
            except OSError as err:
                raise RenderError(f"cannot be written: {err.strerror or err}", subject=str(path),
                                  hint="check free space and permissions") from None
    except BaseException:  # any failure, Ctrl-C included: no temporary file stays behind
        _discard(temps)
        raise
    return [path for path, _ in targets]


def write_atomic(path: PathLike, data: bytes, *, inputs: Sequence[PathLike] = (), force: bool = False) -> None:
    """Write one file as :func:`write_files` does."""
    write_files([(path, data)], inputs=inputs, force=force)
