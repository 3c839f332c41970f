"""What one run may not write, and the check of its planned outputs against it (before anything is rendered).

A run computes once the set of what it may not write (:class:`Protected`): its inputs and everything they own (a
saved page's ``_files`` folder, the pictures a Markdown file names, the review file, glossary, config file,
template, font folder and prompt), as (device, inode) pairs, so that a hard link or a symbolic link is caught as
surely as the same name. Each output is looked up in it in constant time, whatever the size of the batch: by
:func:`check_outputs` while the run is planned, and by :func:`exporter.atomic.write_files`, the one gate every
write goes through.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Dict, Iterable, Optional, Sequence, Tuple, Union

from .errors import RenderError, UsageError

PathLike = Union[str, Path]
FileId = Tuple[int, int]

#: Entries of an owned folder (a saved page's ``_files``, a font folder) protected one by one; the folder itself
#: is protected whatever its size.
MAX_OWNED_ENTRIES = 20_000


def _status(path: PathLike) -> Optional[os.stat_result]:
    """The status of what ``path`` names (links followed), or ``None`` when there is nothing."""
    try:
        return os.stat(path)
    except (OSError, ValueError):
        return None


def _id_of(status: Optional[os.stat_result]) -> Optional[FileId]:
    """(device, inode) of a status, ``None`` for nothing."""
    return None if status is None else (status.st_dev, status.st_ino)


def _file_id(path: PathLike) -> Optional[FileId]:
    """(device, inode) of what ``path`` names (links followed), or ``None`` when there is nothing."""
    return _id_of(_status(path))


def _is_url_or_stdin(name: str) -> bool:
    return name == "-" or "://" in name


class Protected:
    """What one run may not write: files and folders as (device, inode), each with the input it belongs to.

    Made once per run (:func:`exporter.pipeline.protect` gathers the inputs and what they own) and handed to
    every write; a lookup is one ``stat`` and one set probe, so a batch of 10,000 inputs costs the same per
    output as a batch of one. A folder in the set may not be written into (nor may anything below it).
    """

    def __init__(self) -> None:
        self.files: Dict[FileId, str] = {}
        """Protected files (and folders) → the input that owns them, as the user named it."""
        self.folders: Dict[FileId, str] = {}
        """Protected folders → the input that owns them."""
        self.owned: Dict[FileId, str] = {}
        """Protected files that are not an input themselves → their name (a picture of a Markdown input …)."""

    @classmethod
    def of(cls, paths: Iterable[PathLike]) -> Protected:
        """The set of ``paths`` (URLs and ``-`` are skipped; a folder is protected with what it holds)."""
        guard = cls()
        for path in paths:
            guard.add(path)
        return guard

    def __len__(self) -> int:
        return len(self.files)

    def add(self, path: PathLike, owner: Optional[str] = None) -> None:
        """Protect ``path`` (a file, or a folder and everything in it), owned by ``owner`` (default: itself).
        What does not exist is skipped."""
        name = str(path)
        if _is_url_or_stdin(name):
            return
        status = _status(name)
        if status is None:
            return
        key = (status.st_dev, status.st_ino)
        if key in self.files:
            return
        self.files[key] = owner or name
        if owner is not None and owner != name:
            self.owned[key] = name
        if stat.S_ISDIR(status.st_mode):
            self._add_tree(name, owner or name)

    def _add_tree(self, folder: str, owner: str) -> None:
        seen = 0
        stack = [folder]
        while stack:
            current = stack.pop()
            status = _file_id(current)
            if status is None:
                continue
            self.folders[status] = owner
            self.files.setdefault(status, owner)
            try:
                entries = list(os.scandir(current))
            except OSError:
                continue
            for entry in entries:
                seen += 1
                if seen > MAX_OWNED_ENTRIES:
                    return
                try:
                    info = entry.stat()  # links followed: a link in the folder protects what it points at
                except OSError:
                    continue
                key = (info.st_dev, info.st_ino)
                if stat.S_ISDIR(info.st_mode):
                    if not entry.is_symlink():
                        stack.append(entry.path)
                    self.folders.setdefault(key, owner)
                elif key not in self.files:
                    self.owned[key] = entry.path
                self.files.setdefault(key, owner)

    def owns_folder(self, folder: PathLike) -> bool:
        """Whether writing into ``folder`` is refused."""
        key = _file_id(folder)
        return key is not None and key in self.folders

    def clash(self, output: PathLike) -> Optional[UsageError]:
        """The error of writing ``output``, or ``None`` when it harms nothing protected."""
        name = os.fspath(output)
        return self._clash(name, _file_id(name), _file_id(os.path.dirname(name) or "."))

    def _clash(self, name: str, key: Optional[FileId], folder: Optional[FileId]) -> Optional[UsageError]:
        """:meth:`clash` of the output ``name``, given (device, inode) of what it names and of its folder."""
        hint = "choose another output folder with -o, or another output name"
        if key is not None and key in self.files:
            path = Path(name)
            owner = self.files[key]
            if key in self.folders:
                return UsageError(f"the output would replace a folder of the input {owner}; nothing was written",
                                  subject=str(path), hint=hint)
            if key in self.owned:
                return UsageError(f"the output would replace a file of the input {owner} ({self.owned[key]}); "
                                  "nothing was written", subject=str(path), hint=hint)
            link = "" if os.path.abspath(owner) == os.path.abspath(path) else " (the same file by another name)"
            return UsageError(f"the output would be written over the input {owner}{link}; nothing was written",
                              subject=str(path), hint=hint)
        if folder is not None and folder in self.folders:
            path = Path(name)
            return UsageError(f"the output would be written into {path.parent}, which belongs to the input "
                              f"{self.folders[folder]}; nothing was written", subject=str(path),
                              hint="choose another output folder with -o")
        return None

    def check(self, outputs: Iterable[PathLike]) -> None:
        """Refuse (:class:`UsageError`, exit 2) the first output that would harm a protected file or folder."""
        for output in outputs:
            err = self.clash(output)
            if err is not None:
                raise err


def check_not_inputs(outputs: Iterable[PathLike], inputs: Sequence[PathLike]) -> None:
    """Refuse (:class:`UsageError`, exit 2) when an output would be written over one of ``inputs``."""
    Protected.of(inputs).check(outputs)


def check_outputs(outputs: Iterable[PathLike], protected: Protected) -> None:
    """Before anything is rendered: refuse an output that would harm a protected file (:class:`UsageError`) or
    that is not a file that can be replaced (a folder, a device, a pipe: :class:`RenderError`). One ``stat`` per
    output and one per folder they go to, whatever their number."""
    folders: Dict[str, Optional[FileId]] = {}
    for output in outputs:
        name = os.fspath(output)
        status = _status(name)
        folder = os.path.dirname(name) or "."
        if folder not in folders:
            folders[folder] = _file_id(folder)
        err = protected._clash(name, _id_of(status), folders[folder])
        if err is not None:
            raise err
        if status is not None:
            refuse_special(name, status)


def refuse_special(path: PathLike, status: os.stat_result) -> None:
    """Refuse (:class:`RenderError`) an output that is a folder, a device, a pipe or a socket."""
    if stat.S_ISDIR(status.st_mode):
        raise RenderError("is a folder, not a file", subject=str(path), hint="choose another output name")
    if not stat.S_ISREG(status.st_mode):
        kind = "a pipe" if stat.S_ISFIFO(status.st_mode) else "a socket" if stat.S_ISSOCK(status.st_mode) \
            else "a device"
        raise RenderError(f"is {kind}, not a regular file; it was left as it is", subject=str(path),
                          hint="choose a file name as output")
