"""The one input size limit, and reading that enforces it while the bytes come (files, standard input,
devices, pipes, reviewed segment files; URLs and the parts of Word files count against the same number)."""
from __future__ import annotations

import os
import stat
from typing import BinaryIO, Callable, List, Optional, Union

from ...errors import InputError

#: Largest input read (bytes), from any source: a file, standard input, a device, a URL, a part of a Word
#: file. Far beyond any article, small enough to refuse a disk image by mistake. Enforced while reading.
MAX_INPUT_BYTES = 50 * 1024 * 1024
_CHUNK = 256 * 1024
#: Seconds a named pipe or a device named as a file may take to deliver all its bytes (``--timeout`` where there
#: is one).
DEFAULT_WAIT_SECONDS = 30.0


class NoSuchFile(InputError):
    """The path names nothing."""


class NotAFile(InputError):
    """The path names a folder."""


class NotARegularFile(InputError):
    """The path names a pipe, a device or a socket where only a regular file is read."""


class TooLarge(InputError):
    """More bytes than the reader's limit; a caller with its own words for it catches this."""


def _amount(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


def too_large(source: str, size_text: str, limit: int = MAX_INPUT_BYTES) -> TooLarge:
    return TooLarge(f"is too large ({size_text})", subject=source, hint=f"inputs over {_amount(limit)} are refused")


def read_file(path: Union[str, os.PathLike[str]], source: str, *, limit: int = MAX_INPUT_BYTES,
              timeout: float = DEFAULT_WAIT_SECONDS, regular: bool = False, follow: bool = True) -> bytes:
    """The bytes of the file at ``path``, at most ``limit`` of them whatever it is (:class:`InputError` beyond, or
    when it cannot be read, naming ``source``). A regular file is read as it is; anything else (a named pipe, a
    device, a socket) is read as its bytes come, within ``timeout`` seconds in all: a pipe that no program writes to
    is refused instead of waited for (``open`` itself would wait forever), ``/dev/zero`` stops at the limit.
    ``regular``: only a regular file is read; anything else is :class:`NotARegularFile`, unread (a file that an
    article names, such as a photo, is never a pipe or a device that the user meant). ``follow=False``: a symbolic
    link is refused, unread (an entry of vnbrief's own cache, where a link is planted, never written).

    The one gate every file read passes through, so it asks the system little: open, one ``fstat`` (what the file
    is, and its size), one read of a regular file's bytes, close (see :func:`_read_regular`)."""
    if not follow and not _NOFOLLOW and os.path.islink(path):  # a system without O_NOFOLLOW
        raise NotARegularFile("is a link", subject=source)
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK | (0 if follow else _NOFOLLOW))
    except FileNotFoundError:
        raise NoSuchFile("no such file", subject=source, hint="check the path") from None
    except PermissionError:
        if os.path.isdir(path):  # Windows refuses to open a folder
            raise NotAFile("is a folder, not a file", subject=source, hint="give a file") from None
        raise InputError("permission denied", subject=source, hint="check the file's permissions") from None
    except IsADirectoryError:
        raise NotAFile("is a folder, not a file", subject=source, hint="give a file") from None
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror or err}", subject=source) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode):
            return _read_regular(fd, info.st_size, source, limit)
        if stat.S_ISDIR(info.st_mode):
            raise NotAFile("is a folder, not a file", subject=source, hint="give a file")
        if regular:
            raise NotARegularFile("is not a regular file", subject=source, hint="give a file")
        return _read_waiting(fd, source, limit, timeout)
    except OSError as err:
        raise InputError(f"cannot be read: {err.strerror or err}", subject=source) from None
    finally:
        os.close(fd)


#: Opened without waiting: ``open`` of a named pipe waits for a writer otherwise. On a regular file the flag
#: changes nothing (open(2): "this flag has no effect for regular files and block devices").
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
#: A symbolic link refused by ``open`` itself (``ELOOP``), with no moment between a check and the open.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _read_regular(fd: int, size: int, source: str, limit: int) -> bytes:
    """A regular file of ``size`` bytes (its ``fstat``): refused at once beyond ``limit``; else asked for in one
    read of one byte more than it holds, which ends the reading when exactly ``size`` bytes come. A file that grew
    or shrank since, or a file that tells no size (``/proc``), is read on in chunks until its end, bounded the
    same."""
    if size > limit:
        raise too_large(source, _amount(size), limit)

    def read(count: int) -> bytes:
        try:
            return os.read(fd, count)
        except BlockingIOError:  # a file system that honours O_NONBLOCK after all: wait like a plain read
            os.set_blocking(fd, True)
            return os.read(fd, count)

    return _read_chunks(read, source, limit, expect=size)


def _read_waiting(fd: int, source: str, limit: int, timeout: float) -> bytes:
    """Read a pipe or device as its bytes come, each wait bounded by what is left of ``timeout``."""
    import select
    import time

    deadline = time.monotonic() + timeout

    class Waiting:
        def read(self, size: int) -> bytes:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    raise InputError(f"no input within {timeout:g} s (a pipe that no program writes to?)",
                                     subject=source, hint="start the program that writes to it first, or give a file")
                try:
                    return os.read(fd, size)
                except BlockingIOError:
                    continue

    return read_bounded(Waiting(), source, limit)  # type: ignore[arg-type]


def read_bounded(stream: BinaryIO, source: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """At most ``limit`` bytes of ``stream``, read in chunks; :class:`InputError` as soon as there are more,
    so that an endless source (``/dev/zero``, a pipe) is refused without being held in memory."""
    return _read_chunks(stream.read, source, limit)


def _read_chunks(read: Callable[[int], bytes], source: str, limit: int, expect: Optional[int] = None) -> bytes:
    """The bytes ``read(count)`` gives until it gives none, at most ``limit`` of them (:class:`InputError` as soon
    as there are more). ``expect``: the size the source says it has; the first read asks for one byte more, and
    when exactly ``expect`` bytes have come the source is at its end (no read to find that out)."""
    chunks: List[bytes] = []
    size = 0
    want = _CHUNK if expect is None else expect + 1
    while True:
        chunk = read(min(want, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise too_large(source, f"more than {_amount(limit)}", limit)
        chunks.append(chunk)
        if size == expect:
            return b"".join(chunks)  # one chunk: the same bytes object, not a copy
        want = _CHUNK
