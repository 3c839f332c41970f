"""Writing files so that a failure never leaves a partial or empty one, and a user's file is never harmed.

Every file vnbrief writes goes through :func:`write_files`, the one gate:

- **Nothing of the user's is written.** A run computes once the set of what it may not write
  (:class:`~exporter.protected.Protected`): its inputs and everything they own, as (device, inode) pairs; each
  output is looked up in it.
- **No write follows a symbolic link out of the output folder**: a folder between the output folder and the file
  (``out/bai_files``) that is a link is refused; the output folder itself is the user's choice.
- **Only regular files are replaced**: a folder, a device or a pipe named as an output is refused.
- An existing output that is read-only is replaced only when forced; new files get the permissions the user's
  umask allows; the files of one call are renamed into place only when all of them were written and synced to
  the disk (a full disk between two formats leaves neither).

A batch splits the gate in two, ``write_files(behind=writer)`` then :meth:`Writer.commit`: the same guarantees, the
sync to the disk in a background thread while the batch renders its next article.
"""
from __future__ import annotations

import contextlib
import os
import queue
import stat
import tempfile
import threading
from pathlib import Path
from typing import BinaryIO, Dict, Iterable, List, Optional, Sequence, Tuple

from .errors import RenderError
from .protected import PathLike, Protected, refuse_special


def _umask() -> int:
    """The process's umask, read without changing it where the system says it (Linux ``/proc``)."""
    try:
        with open("/proc/self/status", "rb") as handle:  # bytes: no codec to load (a cold render's first use)
            for line in handle:
                if line.startswith(b"Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way to read it is to set it, at once put back
    os.umask(mask)
    return mask


def _special(path: Path) -> Optional[os.stat_result]:
    """The status of an existing output (``None`` when new); a folder, device, pipe or socket is refused."""
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    refuse_special(path, status)
    return status


def _check_replaceable(path: Path, force: bool) -> Optional[os.stat_result]:
    """The status of an existing output (``None`` when new); a read-only one is refused unless ``force``."""
    status = _special(path)
    if status is not None and not force and not (status.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)):
        raise RenderError("exists and is read-only; it was left as it is", subject=str(path),
                          hint="use --force to replace it, or choose another output")
    return status


def _no_link_below(path: Path, within: Optional[PathLike]) -> None:
    """Refuse a folder between ``within`` (the output folder) and ``path`` that is a symbolic link."""
    if within is None:
        return
    base = Path(within)
    try:
        relative = path.parent.relative_to(base)
    except ValueError:
        return
    current = base
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            raise RenderError("is a symbolic link; vnbrief does not write through it", subject=str(current),
                              hint="remove the link, or choose another output folder with -o")


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


class Staged:
    """The files of one write, checked and written to temporary files beside their places (flushed, permissions
    set), neither on the disk yet nor in place: :meth:`commit` syncs them and renames them all into place, or
    :meth:`discard` drops them. Made by :func:`write_files`; a :class:`Writer` may sync them in the background."""

    def __init__(self, paths: List[Path]) -> None:
        self.paths = paths
        """Where the files go, in the order given."""
        self._temps: List[str] = []
        self._handles: List[Tuple[Path, BinaryIO]] = []
        self._synced: Optional[threading.Lock] = None  # held while a Writer syncs them
        self._failed: Dict[int, OSError] = {}

    def commit(self) -> List[Path]:
        """Every file on the disk (synced here, or by the :class:`Writer` it was handed to: then waited for),
        then all of them renamed into place; returns their paths. A failure (:class:`RenderError` naming the
        file) removes every temporary file left."""
        try:
            failed = self._wait() if self._synced is not None else _sync(self._handles)
            if failed:  # nothing is renamed into place before every file is on the disk
                index = min(failed)
                raise _cannot_write(self._handles[index][0], failed[index])
            while self._handles:
                path, written = self._handles.pop()
                try:
                    written.close()
                except OSError as err:
                    raise _cannot_write(path, err) from None
            for path, tmp in zip(self.paths, self._temps):
                try:
                    os.replace(tmp, path)
                except OSError as err:
                    raise _cannot_write(path, err) from None
        except BaseException:  # any failure, Ctrl-C included: no temporary file stays behind
            self.discard()
            raise
        return list(self.paths)

    def discard(self) -> None:
        """Close and remove every temporary file, nothing put in place (a sync in the background finishes first:
        its files are open)."""
        self._wait()
        for _, written in self._handles:
            with contextlib.suppress(OSError):
                written.close()
        self._handles = []
        _discard(self._temps)

    def _wait(self) -> Dict[int, OSError]:
        if self._synced is not None:
            with self._synced:  # released by the writer once every file is synced
                self._synced = None
        return self._failed


class Writer:
    """One thread that syncs staged files to the disk in the background, so that the caller goes on meanwhile
    (a batch renders its next article; ``os.fsync`` lets the caller's thread run), one write in flight at a
    time: :func:`write_files` hands it the files of a call (``behind=``), :meth:`commit` renames them into place
    once they are on the disk. The thread starts with the first write handed over and ends with :meth:`close`
    (a process that forks its workers must run no other thread then)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: Optional[threading.Thread] = None
        self.flight: Optional[Staged] = None
        """The write handed over and not yet committed."""

    def hand(self, staged: Staged) -> None:
        """Start syncing ``staged`` in the background: no other write may be in flight."""
        if self.flight is not None:
            raise RuntimeError("a write is already in flight")
        if self._thread is None:  # a daemon: a caller that never closes it must not keep the program from ending
            self._thread = threading.Thread(target=self._run, name="vnbrief-writer", daemon=True)
            self._thread.start()
        synced = threading.Lock()
        synced.acquire()
        staged._synced, self.flight = synced, staged
        self._queue.put(staged)

    def commit(self) -> List[Path]:
        """Wait for the write in flight to be on the disk, then rename its files into place (all or none);
        :class:`RenderError` naming the file that failed, with no temporary file left."""
        staged, self.flight = self.flight, None
        if staged is None:
            raise RuntimeError("no write in flight")
        return staged.commit()

    def close(self) -> None:
        """End the thread (what is in flight is committed first, by the caller)."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    def _run(self) -> None:
        while True:
            staged = self._queue.get()
            if staged is None:
                return
            for index, (_, handle) in enumerate(staged._handles):  # one after another: the caller renders on
                try:
                    os.fsync(handle.fileno())
                except Exception as err:  # noted for the commit; the thread goes on with the next write
                    staged._failed[index] = err if isinstance(err, OSError) else OSError(str(err))
            if staged._synced is not None:
                staged._synced.release()


def write_files(files: Sequence[Tuple[PathLike, bytes]], *, inputs: Sequence[PathLike] = (),
                protected: Optional[Protected] = None, within: Optional[PathLike] = None,
                force: bool = False, behind: Optional[Writer] = None) -> List[Path]:
    """Write every ``(path, data)`` through a temporary file in the path's folder; rename them into place only
    once all are written and on the disk. Returns the paths written.

    Refused before anything is written: an output that would harm what ``protected`` holds (default: the set of
    ``inputs``; :class:`~exporter.errors.UsageError`), a folder between ``within`` (the output folder) and an
    output that is a symbolic link, an output that is a folder, device or pipe, and a read-only output unless
    ``force`` (:class:`RenderError`).

    ``behind`` (a batch, writing one article's briefs while it renders the next): the files are checked and
    written to their temporary files here, then handed to that :class:`Writer`, which syncs them in the
    background; nothing is in place until :meth:`Writer.commit`, and the paths returned are where they will be."""
    guard = protected if protected is not None else Protected.of(inputs)
    targets = [(Path(p), data) for p, data in files]
    for path, _ in targets:
        _no_link_below(path, within)
    guard.check(path for path, _ in targets)
    modes = []
    mask = _umask()
    for path, _ in targets:
        status = _check_replaceable(path, force)
        # an output written before keeps its permissions; a new one gets what the umask allows
        modes.append(stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~mask)
    staged = Staged([path for path, _ in targets])
    try:
        for (path, data), mode in zip(targets, modes):
            fd, tmp = _temp_for(path)
            staged._temps.append(tmp)
            handle = os.fdopen(fd, "wb")
            staged._handles.append((path, handle))
            try:
                handle.write(data)
                handle.flush()
                os.chmod(tmp, mode)
            except OSError as err:
                raise _cannot_write(path, err) from None
        if behind is not None:
            behind.hand(staged)
    except BaseException:  # any failure, Ctrl-C included: no temporary file stays behind
        staged.discard()
        raise
    return staged.commit() if behind is None else list(staged.paths)


def _cannot_write(path: Path, err: OSError) -> RenderError:
    return RenderError(f"cannot be written: {err.strerror or err}", subject=str(path),
                       hint="check free space and permissions")


def _sync(handles: Sequence[Tuple[Path, BinaryIO]]) -> Dict[int, OSError]:
    """``fsync`` the written files all at once, one thread per file past the first, every thread joined before this
    returns: the file system commits them together (five files of a brief with photos: about 4 ms on this
    machine's disk instead of 20 one after another). Returns the files that failed, by index."""
    failed: Dict[int, OSError] = {}

    def sync(index: int) -> None:
        try:
            os.fsync(handles[index][1].fileno())
        except OSError as err:
            failed[index] = err

    threads = [threading.Thread(target=sync, args=(index,), name="vnbrief-sync") for index in range(1, len(handles))]
    for thread in threads:
        thread.start()
    try:
        if handles:
            sync(0)
    finally:
        for thread in threads:
            thread.join()
    return failed


def write_atomic(path: PathLike, data: bytes, *, inputs: Sequence[PathLike] = (),
                 protected: Optional[Protected] = None, force: bool = False) -> None:
    """Write one file as :func:`write_files` does."""
    write_files([(path, data)], inputs=inputs, protected=protected, force=force)
