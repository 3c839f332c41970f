"""Photo captions a news page does not mark as such, read from the parsed page: a short italic, centred or credited
(``Ảnh: …``) line right under a photo, a caption after ``<img><br>`` in the photo's own italic or centred block,
and the text that follows each photo of a ``<br>``-separated photo story. Imports nothing heavy;
:mod:`exporter.read.rules.page_meta` applies it."""
from __future__ import annotations

import re
from typing import Iterator, List, Tuple

_CREDIT = re.compile(r"(?:^|[\s(])(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh|Photo|Đồ họa|Đồ hoạ)\s*:|"
                     r"\((?:Ảnh|Nguồn)[^)]*\)\s*\.?$|^Ảnh minh ho[aạ]\.?$", re.IGNORECASE)
_ITALIC = ("i", "em")


_PHOTOS = ("img", "amp-img")  # AMP pages (mobile) show photos as <amp-img>


def _has_photo(el) -> bool:
    return any(True for _ in el.iter(*_PHOTOS))


def _only_image(el) -> bool:
    """An element that shows a photo and no text of its own (an ``img``, or a box around one)."""
    return el.tag in _PHOTOS or (_has_photo(el) and not " ".join(el.text_content().split()))


def _all_italic(el) -> bool:
    text = "".join(el.text_content().split())
    italic = "".join("".join(i.text_content().split()) for i in el.iter(*_ITALIC)
                     if not any(a.tag in _ITALIC for a in i.iterancestors()))
    return bool(text) and (el.tag in _ITALIC or italic == text)


def lines_under_photos(tree) -> Iterator[Tuple[object, object]]:
    """``(element, photo)`` for each short line right under a photo that reads as its caption: all italic,
    centred, or carrying a photo credit (``Ảnh: …``, ``(Ảnh: …)``). Figures with a ``figcaption`` are left to
    it; the line must be the photo box's next sibling and no longer than a caption is."""
    for img in tree.iter(*_PHOTOS):
        if next(img.iterancestors("figure"), None) is not None and \
                next(img.iterancestors("figure")).find(".//figcaption") is not None:
            continue
        box = img
        while box.getparent() is not None and box.getparent().tag in ("a", "span", "div", "p", "center") \
                and _only_image(box.getparent()) and len(box.getparent()) == 1:
            box = box.getparent()
        line = box.getnext()
        if line is None or line.tag not in ("p", "div", "span", "em", "i", "center", "h6"):
            continue
        if (box.tail or "").strip() or _has_photo(line):
            continue
        text = " ".join(line.text_content().split())
        if not 0 < len(text) <= 250:
            continue
        centred = "center" in (line.get("style") or "").replace(" ", "").lower() or line.get("align") == "center"
        if _all_italic(line) or _CREDIT.search(text) or (centred and len(text) <= 160):
            yield line, img


def _styled_italic(el) -> bool:
    return any("font-style:italic" in (n.get("style") or "").replace(" ", "").lower() or n.tag in _ITALIC
               for n in (el, *el.iterancestors()) if isinstance(n.tag, str) and n.tag not in ("body", "html"))


def lines_after_photo_breaks(tree) -> Iterator[Tuple[str, object]]:
    """``(text, photo)`` for a caption set in the photo's own block after a line break (``<img><br>caption``):
    the text up to the next break, when the block is italic (by tag or style), centred, or the text credits the
    photo (``Ảnh: …``). Photo stories with two photos or more in one block are left to
    :func:`photo_story_lines`."""
    for img in tree.iter(*_PHOTOS):
        box = img
        while box.getparent() is not None and box.getparent().tag in ("a",) and len(box.getparent()) == 1:
            box = box.getparent()
        holder, node = box.getparent(), box.getnext()
        if holder is None or node is None or node.tag != "br" or (box.tail or "").strip() or \
                sum(1 for _ in holder.iter(*_PHOTOS)) > 1:
            continue
        parts: List[str] = [node.tail or ""]
        node = node.getnext()
        while node is not None and node.tag != "br" and not _has_photo(node):
            parts.append(node.text_content() + (node.tail or ""))
            node = node.getnext()
        text = " ".join("".join(parts).split())
        if not 0 < len(text) <= 250:
            continue
        centred = any("center" in (n.get("style") or "").replace(" ", "").lower() or n.get("align") == "center"
                      for n in (holder, *holder.iterancestors("p", "div", "td")))
        if _styled_italic(holder) or centred or _CREDIT.search(text):
            yield text, img


def photo_story_lines(tree) -> Iterator[Tuple[str, object]]:
    """``(text, photo)`` for a ``<br>``-separated photo story: in a paragraph that holds two or more photos,
    the text that follows a photo up to the next line break is that photo's caption."""
    for holder in tree.iter("p", "div"):
        photos = [el for el in holder if isinstance(el.tag, str) and el.tag in _PHOTOS
                  or (isinstance(el.tag, str) and el.tag in ("a", "span") and _only_image(el))]
        if len(photos) < 2:
            continue
        for photo in photos:
            text, node = photo.tail or "", photo.getnext()
            while not text.strip() and node is not None and node.tag == "br":  # the caption's own line
                text, node = node.tail or "", node.getnext()
            parts: List[str] = [text]
            while node is not None and node.tag != "br" and node not in photos:
                parts.append(node.text_content() + (node.tail or ""))
                node = node.getnext()
            text = " ".join("".join(parts).split())
            if 0 < len(text) <= 300:
                img = photo if photo.tag in _PHOTOS else next(photo.iter(*_PHOTOS), None)
                yield text, img
