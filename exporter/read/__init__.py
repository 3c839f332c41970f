"""Reading: a path, ``-`` (standard input) or an http(s) URL → an :class:`~exporter.model.Article`.

Each input kind has its own module; they are imported only when that kind is read, so reading a text file never
imports the HTML, Word or network stack.
"""
from __future__ import annotations

import importlib
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO, Callable, List, Optional, Union

from ..errors import InputError
from ..model import Article, SourceInfo
from ..options import Options

#: Largest input read (bytes), from any source: a file, standard input, a device, a URL, a part of a Word
#: file. Far beyond any article, small enough to refuse a disk image by mistake. Enforced while reading.
MAX_INPUT_BYTES = 50 * 1024 * 1024
_CHUNK = 256 * 1024

#: File name suffix → input format.
SUFFIXES = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx",
    ".doc": "doc",
}

#: Input format → "module:function" of its reader, imported on first use. Text formats take decoded text;
#: byte formats (html, docx, doc) take the raw bytes and decode themselves.
READERS = {
    "text": "exporter.read.text:read_text",
    "markdown": "exporter.read.markdown:read_markdown",
    "html": "exporter.read.html:read_html",
    "docx": "exporter.read.docx:read_docx",
    "doc": "exporter.read.docx:read_doc",
}
TEXT_FORMATS = ("text", "markdown")


def _reader(fmt: str) -> Callable:
    module, _, name = READERS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)


def is_url(source: str) -> bool:
    """True for http:// and https:// addresses."""
    return source.lower().startswith(("http://", "https://"))


def sniff_format(data: bytes) -> str:
    """Guess the format of bytes that came without a telling file name (standard input, unknown suffix)."""
    head = data[:512].lstrip().lower()
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head:
        return "html"
    if head.startswith(b"---") or head.startswith(b"# "):
        return "markdown"
    return "text"


def _too_large(source: str, size_text: str) -> InputError:
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
            raise _too_large(source, f"more than {limit // (1024 * 1024)} MB")
        chunks.append(chunk)


def load_bytes(source: str) -> bytes:
    """The bytes of a file, or of standard input for ``-``, at most :data:`MAX_INPUT_BYTES` of them whatever
    the file claims to be (devices and pipes too); :class:`InputError` for what cannot be read."""
    if source == "-":
        return read_bounded(sys.stdin.buffer, "standard input")
    path = Path(source)
    try:
        if path.is_dir():
            raise InputError("is a folder, not a file", subject=source, hint="give the article's file")
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise _too_large(source, f"{size // (1024 * 1024)} MB")
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


def decode_text(data: bytes, name: str, options: Options) -> tuple:
    """Decode and clean text input; return ``(text, encoding, repairs)``. Blank input is an error."""
    from ..text.normalise import clean_text, describe
    from .encoding import decode_bytes

    if not data:
        raise InputError("is empty", subject=name, hint="give a file that holds an article")
    decoded = decode_bytes(data, name=name, forced=options.encoding)
    counts: Counter = Counter()
    text = clean_text(decoded.text, counts)
    if not text.strip():
        raise InputError("holds only white space", subject=name, hint="give a file that holds an article")
    return text, decoded.encoding, tuple(decoded.repairs) + tuple(describe(counts))


def read_raw(source: Union[str, Path], options: Options = Options(), *, data: Optional[bytes] = None,
             fmt: Optional[str] = None) -> Article:
    """Read one input into an article as found, before normalisation.

    ``source`` is a path, ``-`` or a URL; ``data`` gives the bytes directly (``source`` then only names them);
    ``fmt`` forces the format (``text``, ``markdown``, ``html``, ``docx``).
    """
    name = str(source)
    if data is None and is_url(name):
        return _reader_url()(name, options)
    if data is None:
        data = load_bytes(name)
    if fmt is None:
        fmt = SUFFIXES.get(Path(name).suffix.lower()) if name != "-" else None
        fmt = fmt or sniff_format(data)
    if fmt not in READERS:
        raise InputError(f"unknown input format {fmt!r}", subject=name)
    info = SourceInfo(path=name, format=fmt)
    if fmt in TEXT_FORMATS:
        text, encoding, repairs = decode_text(data, name, options)
        info = replace(info, encoding=encoding, repairs=repairs)
        article = _reader(fmt)(text, info, options)
    else:
        article = _reader(fmt)(data, info, options)
    if not article.title and not article.blocks:
        raise InputError("holds no article text", subject=name, hint="give a file that holds an article")
    return article


def _reader_url() -> Callable:
    from .url import read_url

    return read_url
