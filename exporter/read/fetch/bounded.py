"""The one input size limit, and reading that enforces it while the bytes come (files, standard input,
devices, pipes, reviewed segment files; URLs and the parts of Word files count against the same number)."""
from __future__ import annotations

from typing import BinaryIO, List

from ...errors import InputError

#: Largest input read (bytes), from any source: a file, standard input, a device, a URL, a part of a Word
#: file. Far beyond any article, small enough to refuse a disk image by mistake. Enforced while reading.
MAX_INPUT_BYTES = 50 * 1024 * 1024
_CHUNK = 256 * 1024


def too_large(source: str, size_text: str) -> InputError:
    return InputError(f"is too large ({size_text})", subject=source,
                      hint=f"inputs over {MAX_INPUT_BYTES // (1024 * 1024)} MB are refused")


def read_bounded(stream: BinaryIO, source: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """At most ``limit`` bytes of ``stream``, read in chunks; :class:`InputError` as soon as there are more,
    so that an endless source (``/dev/zero``, a pipe) is refused without being held in memory."""
    chunks: List[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise too_large(source, f"more than {limit // (1024 * 1024)} MB")
        chunks.append(chunk)
