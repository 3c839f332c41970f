"""Where a reader's photos go: their addresses made absolute and checked against where the input may take photos
from, photo runs taken out before structure finding and put back after it, and images too small or too thin to be
a news photo. Plain functions on blocks and addresses: they read and download nothing (the photo stage,
:mod:`exporter.read.photos`, does, above the parsers that use these)."""
from __future__ import annotations

import logging
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, List, Sequence, Tuple, TypeVar
from urllib.parse import unquote

from ...model import Block
from ...urls import join as join_url
from ...urls import split as split_url

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Smallest photo worth printing: icons, avatars, share buttons and tracking pixels are below it.
MIN_SIDE = 64
MIN_AREA = 16_000
#: Wider (or taller) than this ratio is a banner or a divider, not a photo.
MAX_ASPECT = 6.0

def is_decoration(width: float, height: float) -> bool:
    """True for images too small or too thin to be a news photo (icons, avatars, pixels, dividers)."""
    if width <= 0 or height <= 0:
        return True
    if min(width, height) < MIN_SIDE or width * height < MIN_AREA:
        return True
    return max(width, height) / min(width, height) > MAX_ASPECT


def resolve_src(src: str, base: str) -> str:
    """A photo's address made absolute: against the page's URL, or against the input file's folder. A
    ``file:`` URL becomes a path. Anything else (``javascript:`` …) is returned as given, and refused later."""
    src = src.strip()
    if not src or src.startswith("data:"):
        return src
    scheme = split_url(src).scheme.lower()
    if scheme in ("http", "https"):
        return src
    if src.startswith("//"):
        return ("https:" if not base.startswith("http:") else "http:") + src
    if base.lower().startswith(("http://", "https://")):
        return join_url(base, src)
    if scheme == "file":
        return unquote(split_url(src).path)
    if scheme and len(scheme) > 1:  # "c:" is a Windows drive, not a scheme
        return src
    folder = Path(base) if base and Path(base).is_dir() else Path(base or ".").parent
    try:
        return str((folder / unquote(src.split("?", 1)[0].split("#", 1)[0])).resolve())
    except (ValueError, OSError):  # a NUL byte in the address, a loop of links: no file it could name
        return src


def split_photos(items: Sequence[T], is_photo: Callable[[T], bool],
                 text_of: Callable[[T], str]) -> Tuple[List[T], List[Tuple[str, List[T]]], List[T]]:
    """Take the photos out of a reader's items before structure finding (which reasons about positions: the
    first line, the last one): the other items, each photo run with the text of the item that followed it, and
    the photos at the very end."""
    rest: List[T] = []
    anchors: List[Tuple[str, List[T]]] = []
    pending: List[T] = []
    for item in items:
        if is_photo(item):
            pending.append(item)
            continue
        if pending:
            anchors.append((_key(text_of(item)), pending))
            pending = []
        rest.append(item)
    return rest, anchors, pending


#: How far after the block of the photo before a photo's text is looked for: structure finding trims and joins
#: lines where they are, it never moves text far.
PLACE_WINDOW = 256


def place_photos(blocks: Sequence[Block], anchors: Sequence[Tuple[str, Sequence[Block]]],
                 trailing: Sequence[Block] = ()) -> Tuple[Block, ...]:
    """Put photo blocks back before the block holding the text that followed them in the input (found by its
    opening words, since structure finding may trim or join lines); a photo whose text was dropped goes before
    the next one that was kept, and the rest at the end. Each photo is looked for within :data:`PLACE_WINDOW`
    blocks of the one before, so that the work grows with the article, not with its square."""
    keys = [_key(b.text) for b in blocks]
    before: dict = {}
    carried: List[Block] = []
    start = 0
    for anchor, photos in anchors:
        carried += list(photos)
        probe = anchor[:60]
        later = [i for i in range(start, min(len(blocks), start + PLACE_WINDOW)) if keys[i] and probe]
        # the block that starts as the text after the photo did; else one that holds it (a line joined to another)
        found = next((i for i in later if keys[i].startswith(probe) or anchor.startswith(keys[i][:60])), None)
        if found is None:
            found = next((i for i in later if probe in keys[i] or keys[i][:60] in anchor), None)
        if found is not None and found not in before:
            before[found], carried, start = carried, [], found
    out: List[Block] = []
    for i, block in enumerate(blocks):
        out.extend(before.get(i, []))
        out.append(block)
    return tuple(out + carried + list(trailing))


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def resolve_photos(blocks: Iterable[Block], base: str) -> Tuple[Block, ...]:
    """The blocks with every photo's address made absolute against ``base`` (a page URL or the input's path).

    Trust boundary: a page from the web may only name web photos, a file may only name files in its own
    folder or below (where "Save page as" puts them), and what came on standard input (``-``) no file at all,
    so that no input can copy another file of the user's into a brief. Other photos are dropped with a warning;
    their captions stay."""
    remote = base.lower().startswith(("http://", "https://"))
    stdin = base in ("", "-")
    folder = None if remote or stdin else _folder_of(base)
    out = []
    for block in blocks:
        if block.photo is not None:
            src = resolve_src(block.photo.src, base)
            allowed = src.startswith("data:image/") or split_url(src).scheme.lower() in ("http", "https") or (
                folder is not None and _inside(src, folder))
            if not allowed:
                if src:
                    log.warning("photo %s left out: %s", photo_label(block.photo.src), _refused(src, stdin))
                continue
            block = replace(block, photo=replace(block.photo, src=src))
        out.append(block)
    return tuple(out)


def _refused(src: str, stdin: bool) -> str:
    """Why :func:`resolve_photos` leaves a photo out."""
    scheme = split_url(src).scheme.lower() if not src.startswith("data:") else "data"
    if scheme == "data":
        return "a data: address that is not an image"
    if len(scheme) > 1:
        return f"unsupported address scheme {scheme!r} (photos come from http(s) addresses and local files)"
    if stdin:
        return "standard input names no local file"
    return "outside the input's folder (local photos must be in the input's folder or below)"


def _folder_of(base: str) -> Path:
    path = Path(base or ".")
    return (path if path.is_dir() else path.parent).resolve()


def _inside(src: str, folder: Path) -> bool:
    """Whether ``src`` (a path, as :func:`resolve_src` makes local addresses) names a file under ``folder``."""
    if len(split_url(src).scheme) > 1:  # an address, not a path ("c:" is a Windows drive)
        return False
    try:
        Path(src).resolve().relative_to(folder)
    except (ValueError, OSError):
        return False
    return True


_MD_IMAGE = re.compile(rb"!\[[^\]\n]*\]\(\s*<?([^)>\s]+)")
_IMG_TAG = re.compile(rb"<(?:img|source)\b[^>]*>", re.IGNORECASE)
_ATTR_VALUE = re.compile(rb"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _named_pictures(data: bytes) -> Iterable[str]:
    """Every address the pictures of Markdown or HTML text may come from (a quick scan of its bytes)."""
    for match in _MD_IMAGE.finditer(data):
        yield match.group(1).decode("utf-8", "replace")
    for tag in _IMG_TAG.finditer(data):
        for value in _ATTR_VALUE.finditer(tag.group(0)):
            for token in re.split(rb"[,\s]+", b"".join(part or b"" for part in value.groups())):
                if token:
                    yield token.decode("utf-8", "replace")


def owned_pictures(source: str, data: bytes) -> List[str]:
    """The local pictures that a Markdown or HTML input file (``source``, whose bytes are ``data``) names in its
    folder or below, as :func:`resolve_photos` would let the photo stage read them: files no output may
    replace. A quick scan of the bytes."""
    home = _folder_of(source)
    owned = []
    for name in set(_named_pictures(data)):
        src = resolve_src(name, source)
        if src and not src.startswith("data:") and _inside(src, home) and os.path.isfile(src):
            owned.append(src)
    return owned


def photo_label(src: str, width: int = 80) -> str:
    """A photo's address as a warning names it: one line, ``data:`` addresses cut short."""
    text = src if not src.startswith("data:") else src[:30] + "…"
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= width else text[: width - 1] + "…"
