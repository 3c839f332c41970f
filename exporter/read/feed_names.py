"""Whether an input names a news feed: a cheap check on its address, suffix or first bytes.

Kept apart from :mod:`exporter.read.feeds` so that the CLI can ask it for every input without loading the feed
reader (its date parsing, URL cleaning and, on first use, feedparser), which only a run with a feed needs.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..text import lazy_re
from ..urls import split as split_url


def looks_like_feed(data: bytes) -> bool:
    """True for bytes that hold an RSS or Atom document (checked on the first kilobytes)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head.startswith(b"<"):
        return False
    return (b"<rss" in head or b"<rdf:rdf" in head
            or (b"<feed" in head and b"http://www.w3.org/2005/atom" in head))


_FEED_PATH = lazy_re.compile(r"(\.(rss|atom|rdf|xml)$)|(/(rss|feed|feeds|atom)(/|$))|(/rss[\w-]*/)", re.IGNORECASE)
_FEED_SUFFIXES = (".rss", ".atom", ".rdf", ".xml")


def names_feed(spec: str) -> bool:
    """True when an input names a feed: a URL whose path looks like one (``/rss/tin-moi-nhat.rss``,
    ``/feed``), or a file with a feed's suffix, or one whose first bytes are RSS or Atom."""
    if spec.lower().startswith(("http://", "https://")):
        parts = split_url(spec)
        return bool(_FEED_PATH.search(parts.path)) or bool(re.search(r"(^|&)(format|feed|type)=(rss|atom)",
                                                                         parts.query, re.IGNORECASE))
    if spec == "-":
        return False
    path = Path(spec)
    if path.suffix.lower() in _FEED_SUFFIXES:
        return True
    if path.suffix.lower() not in ("", ".txt") or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            return looks_like_feed(handle.read(2048))
    except OSError:
        return False
