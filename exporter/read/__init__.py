"""Reading: a path, ``-`` (standard input) or an http(s) URL → an :class:`~exporter.model.Article`.

This package is the reading orchestrator, on top of four layers, each importing only the ones below it:

- :mod:`.fetch`: bytes from files, standard input and the web, bounded; knows nothing of pages;
- :mod:`.rules`: the structure rules: a run of paragraphs' headline, lead, byline and captions, the conventions
  of news pages, where photos go;
- :mod:`.parse`: one parser per input kind (text, Markdown, HTML, Word, feeds) and the decoding of bytes;
- :mod:`.photos`: the photo stage (which photos a brief keeps, and their bytes).

The parsers are loaded with their input kind; the heavy libraries behind them (lxml, trafilatura, python-docx,
requests) are imported only inside the functions that use them, so reading a text file never loads the HTML, Word
or network stack.
"""
from __future__ import annotations

import logging
import os
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Callable, Dict, Optional, Union

from ..errors import InputError
from ..model import Article, SourceInfo
from ..options import Options
from ..text.normalise import clean_text, describe
from .feed_names import looks_like_feed
from .fetch.files import load_bytes
from .parse.encoding import decode_bytes
from .parse.text import read_text
from .rules.credits import apply_credit

if TYPE_CHECKING:
    from ..net import Reach

#: File name suffix → input format.
SUFFIXES = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx",
    ".doc": "doc",
}

#: Input format → its reader, taking ``(content, info, options)``. Text formats take decoded text; byte formats
#: (html, docx, doc) take the raw bytes and decode themselves.
READERS: Dict[str, Callable[..., Article]] = {
    "text": read_text,
    "markdown": lambda text, info, options: _markdown().read_markdown(text, info, options),
    "html": lambda data, info, options: _html().read_html(data, info, options),
    "docx": lambda data, info, options: _docx().read_docx(data, info, options),
    "doc": lambda data, info, options: _docx().read_doc(data, info, options),
}
TEXT_FORMATS = ("text", "markdown")

log = logging.getLogger(__name__)


# The page and Word readers (and the network one) are loaded with their input kind: together with page_meta they
# compile some hundred patterns, a tenth of the start-up of rendering a text file that never needs them.
def _html() -> ModuleType:
    from .parse import html

    return html


def _markdown() -> ModuleType:
    from .parse import markdown  # with the photo placement it uses: not needed by a text file

    return markdown


def _docx() -> ModuleType:
    from .parse import docx

    return docx


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


def decode_text(data: bytes, name: str, options: Options) -> tuple:
    """Decode and clean text input; return ``(text, encoding, repairs)``. Blank input is an error."""
    if not data:
        raise InputError("is empty", subject=name, hint="give a file that holds an article")
    decoded = decode_bytes(data, name=name, forced=options.encoding, errors=options.errors)
    counts: Counter = Counter()
    text = clean_text(decoded.text, counts)
    if not text.strip():
        raise InputError("holds only white space", subject=name, hint="give a file that holds an article")
    return text, decoded.encoding, tuple(decoded.repairs) + tuple(describe(counts))


def reach_of(named: Optional[str], options: Options) -> Reach:
    """The address policy of what is fetched for an input (its page, its photos, their redirects): the address the
    user named for it (the URL itself, or the feed that listed it) is trusted, and so are the hosts of
    ``--allow-private-host``; anything else must be on the public internet (see :class:`exporter.net.Reach`)."""
    from ..net import Reach  # the network's policy: loaded only for what is fetched

    return Reach.of([named] if named else [], options.allow_private_hosts)


def read_raw(source: Union[str, Path], options: Options = Options(), *, data: Optional[bytes] = None,
             fmt: Optional[str] = None, reach: Optional[Reach] = None) -> Article:
    """Read one input into an article as found, before normalisation.

    ``source`` is a path, ``-`` or a URL; ``data`` gives the bytes directly (``source`` then only names them);
    ``fmt`` forces the format (``text``, ``markdown``, ``html``, ``docx``); ``reach`` is the address policy of
    a URL (default: :func:`reach_of` the URL, named by the caller).
    """
    name = str(source)
    if data is None and is_url(name):
        return apply_credit(read_url(name, options, reach))
    if data is None:
        data = load_bytes(name, options.timeout)
    if looks_like_feed(data):  # render and digest read a feed's items; read as one article it is nonsense
        raise InputError("is an RSS or Atom feed, not an article", subject=name,
                         hint="give it to vnbrief render or vnbrief digest, which read the articles it lists")
    if fmt is None:
        fmt = SUFFIXES.get(os.path.splitext(name)[1].lower()) if name != "-" else None
        fmt = fmt or sniff_format(data)
    if fmt not in READERS:
        raise InputError(f"unknown input format {fmt!r}", subject=name)
    if fmt in TEXT_FORMATS:
        text, encoding, repairs = decode_text(data, name, options)
        article = READERS[fmt](text, SourceInfo(path=name, format=fmt, encoding=encoding, repairs=repairs), options)
    else:
        article = READERS[fmt](data, SourceInfo(path=name, format=fmt), options)
    if not article.title and not article.blocks:
        raise InputError("holds no article text", subject=name, hint="give a file that holds an article")
    return apply_credit(article)



def read_url(url: str, options: Options, reach: Optional[Reach] = None) -> Article:
    """Fetch ``url`` (:func:`exporter.read.fetch.web.fetch`: every failure an :class:`InputError` naming the URL;
    ``reach`` its address policy, default: ``url`` named by the user) and read the article in it as a page
    (:func:`exporter.read.parse.html.read_html`)."""
    from .fetch.web import fetch  # the network stack: only for an address

    page = fetch(url, timeout=options.timeout, reach=reach or reach_of(url, options))
    if page.url != url:
        log.info("%s redirected to %s", url, page.url)
    info = SourceInfo(path=url, format="html")
    return _html().read_html(page.data, info, options, url=page.url, charset=page.charset)
