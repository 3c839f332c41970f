"""Photos in news pages: which address of an ``<img>`` is the real picture, and which images are decoration.

Pages load photos lazily: ``src`` holds a placeholder (a 1×1 GIF, ``blank.gif``, a ``data:`` URI) and the photo
sits in ``data-src``, ``data-original``, ``data-lazy-src`` or a ``srcset``. Before the body is extracted each
``<img>`` gets its best address in ``src``, the one a printed page needs: the smallest ``srcset`` candidate at
least :data:`PRINT_WIDTH` pixels wide, else the widest. Images whose declared size is that of an icon, avatar,
share button or tracking pixel are removed (size rules, never lists of sites).
"""
from __future__ import annotations

import re
from typing import Any, List, Optional, Tuple

from ...text import lazy_re
from .photo_places import is_decoration

#: Pixels across a photo needs to print a column at 150 dpi (an A4 column is about 6.3 in).
PRINT_WIDTH = 940
#: Attributes lazy loaders keep the real address in, most specific first.
LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "data-url", "data-full-src",
              "data-large-src", "data-orig-file", "data-hi-res-src", "data-echo")
LAZY_SRCSETS = ("data-srcset", "data-lazy-srcset", "srcset")
_PLACEHOLDER = lazy_re.compile(r"(^data:)|(blank|placeholder|spacer|lazy|loading|pixel|transparent|grey|gray)"
                               r"[\w.-]*\.(gif|png|svg)(\?|$)", re.IGNORECASE)
# a button's picture, named by what it does ("Chia sẻ bài viết lên facebook", "Print", "In bài này"), is no photo
_BUTTON = lazy_re.compile(r"^\W*(?:chia sẻ|share|print|in bài|in trang|gửi (?:bài|email|cho bạn)|email bài|tweet)\b",
                          re.IGNORECASE)
_CANDIDATE = lazy_re.compile(r"^\s*(\S+?)(?:\s+(\d+(?:\.\d+)?)([wx]))?\s*$")


def parse_srcset(value: str) -> List[Tuple[str, float, str]]:
    """``a.jpg 320w, b.jpg 1024w`` → ``[("a.jpg", 320, "w"), ("b.jpg", 1024, "w")]`` (no descriptor: 1x)."""
    out = []
    for part in re.split(r",\s+(?=\S)", value.strip()):
        match = _CANDIDATE.match(part.rstrip(","))
        if match and match.group(1):
            out.append((match.group(1), float(match.group(2) or 1), match.group(3) or "x"))
    return out


def _from_srcset(value: str) -> Optional[str]:
    candidates = parse_srcset(value)
    if not candidates:
        return None
    widths = [c for c in candidates if c[2] == "w"]
    if widths:
        wide = sorted((c for c in widths if c[1] >= PRINT_WIDTH), key=lambda c: c[1])
        return wide[0][0] if wide else max(widths, key=lambda c: c[1])[0]
    return max(candidates, key=lambda c: c[1])[0]


def is_placeholder(src: str) -> bool:
    """A stand-in that lazy loaders show before the photo arrives."""
    return not src.strip() or bool(_PLACEHOLDER.search(src.strip()))


def best_source(img: Any) -> str:
    """The address of the picture an ``<img>`` (or ``<source>``) really shows, or ``""``."""
    for attr in LAZY_SRCSETS:
        chosen = _from_srcset(img.get(attr) or "")
        if chosen and not is_placeholder(chosen):
            return chosen
    for attr in LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not is_placeholder(value) and not value.startswith("{"):
            return value
    src = (img.get("src") or "").strip()
    if src and (not is_placeholder(src) or (src.startswith("data:image/") and len(src) > 2000)):
        return src  # a real photo embedded as data: (saved pages do that) is long; a placeholder is not
    return ""


def _declared(img: Any, name: str) -> Optional[float]:
    value = (img.get(name) or "").strip().lower().removesuffix("px")
    try:
        return float(value)
    except ValueError:
        match = re.search(rf"{name}\s*:\s*(\d+(?:\.\d+)?)px", img.get("style") or "")
        return float(match.group(1)) if match else None


def prepare_page_images(tree: Any) -> int:
    """Point every ``<img>`` of ``tree`` at its real picture and remove decoration; return how many photos
    remain. Works on an lxml HTML tree in place."""
    kept = 0
    for img in list(tree.iter("img")):
        width, height = _declared(img, "width"), _declared(img, "height")
        if width is not None and height is not None and is_decoration(width, height):
            _drop(img)
            continue
        src = best_source(img)
        if not src or _BUTTON.match(" ".join(filter(None, (img.get("alt"), img.get("title"))))):
            _drop(img)
            continue
        img.set("src", src)
        kept += 1
    return kept


def _drop(img: Any) -> None:
    """Remove an image but keep the text that follows it in the same parent."""
    parent = img.getparent()
    if parent is None:
        return
    tail = img.tail
    previous = img.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(img)
