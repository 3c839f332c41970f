"""Photo captions a news page does not mark as such, read from the parsed page: a short italic, centred or credited
(``Ảnh: …``) line right under a photo, a caption after ``<img><br>`` in the photo's own italic or centred block,
the text that follows each photo of a ``<br>``-separated photo story, and the cell under a photo's cell in a
photo table. A photo story, whose text is told only in the lines under its photos, has no captions: those
lines are its paragraphs (:func:`unmarked_captions`). Imports nothing heavy; :mod:`exporter.read.rules.page_meta`
applies it."""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from ...model import Inline
from ...text import lazy_re
from .page_parts import is_hidden
from .page_runs import element_runs

_CREDIT = lazy_re.compile(r"(?:^|[\s(])(?:Ảnh|Ảnh minh họa|Ảnh minh hoạ|Nguồn ảnh|Photo|Đồ họa|Đồ hoạ|Video|Clip)\s*:|"
                          r"\((?:Ảnh|Nguồn)[^)]*\)\s*\.?$|^Ảnh minh ho[aạ]\.?$", re.IGNORECASE)
_ITALIC = ("i", "em")


_PHOTOS = ("img", "amp-img")  # AMP pages (mobile) show photos as <amp-img>


def _has_photo(el) -> bool:
    return any(True for _ in el.iter(*_PHOTOS))


def _only_image(el) -> bool:
    """An element that shows a photo and no text of its own (an ``img``, or a box around one; text the page hides,
    a video player's title, is none)."""
    return el.tag in _PHOTOS or (_has_photo(el) and not _shown_text(el))


def _blank(el) -> bool:
    """Nothing the reader sees: no photo, and no text but in hidden elements (a video player's icons and its
    hidden title, around a video's poster)."""
    if not isinstance(el.tag, str):
        return True
    return not _has_photo(el) and not _shown_text(el)


def _shown_text(el) -> bool:
    """True when the element holds text outside hidden elements (a tail stands in the element's parent)."""
    for text in el.xpath(".//text()"):
        holder = text.getparent().getparent() if text.is_tail else text.getparent()
        if text.strip() and holder is not None and not is_hidden(holder):
            return True
    return False


def _all_italic(el) -> bool:
    text = "".join(el.text_content().split())
    italic = "".join("".join(i.text_content().split()) for i in el.iter(*_ITALIC)
                     if not any(a.tag in _ITALIC for a in i.iterancestors()))
    return bool(text) and (el.tag in _ITALIC or italic == text)


def _under_photos(tree) -> Iterator[Tuple[Any, Any]]:
    """``(element, photo)`` for each element of text right under a photo: the photo box's next sibling (figures
    with a ``figcaption`` are left to it), whatever it says."""
    for img in tree.iter(*_PHOTOS):
        if next(img.iterancestors("figure"), None) is not None and \
                next(img.iterancestors("figure")).find(".//figcaption") is not None:
            continue
        box = img
        while box.getparent() is not None and box.getparent().tag in ("a", "span", "div", "p", "center") \
                and _only_image(box.getparent()) and all(_blank(c) for c in box.getparent() if c is not box):
            box = box.getparent()
        line = box.getnext()
        if line is None or line.tag not in ("p", "div", "span", "em", "i", "center", "h6"):
            continue
        if (box.tail or "").strip() or _has_photo(line) or not " ".join(line.text_content().split()):
            continue
        yield line, img


def _paragraph_class(tree) -> str:
    """The class the page gives its paragraphs of running text (``Normal``), when one class marks most of them."""
    classes = Counter(p.get("class") or "" for p in tree.iter("p") if len(" ".join(p.text_content().split())) >= 150)
    found, count = classes.most_common(1)[0] if classes else ("", 0)
    return found if count >= 0.6 * sum(classes.values()) else ""


def lines_under_photos(tree, under: Optional[Sequence[Tuple[Any, Any]]] = None) -> Iterator[Tuple[Any, Any]]:
    """``(element, photo)`` for each short line right under a photo that reads as its caption: all italic,
    centred, or carrying a photo credit (``Ảnh: …``, ``(Ảnh: …)``). The line must be the photo box's next
    sibling and no longer than a caption is; centring alone does not make a caption of a line the page sets as
    its running paragraphs (the same class, ``<p class="Normal" align="center">``). ``under``: the lines right
    under photos when the caller has found them already."""
    paragraph_class = _paragraph_class(tree)
    for line, img in under if under is not None else _under_photos(tree):
        text = " ".join(line.text_content().split())
        if not 0 < len(text) <= 250:
            continue
        centred = "center" in (line.get("style") or "").replace(" ", "").lower() or line.get("align") == "center"
        set_as_text = bool(paragraph_class) and line.get("class") == paragraph_class
        if _all_italic(line) or _CREDIT.search(text) or (centred and len(text) <= 160 and not set_as_text):
            yield line, img


def _styled_italic(el) -> bool:
    return any("font-style:italic" in (n.get("style") or "").replace(" ", "").lower() or n.tag in _ITALIC
               for n in (el, *el.iterancestors()) if isinstance(n.tag, str) and n.tag not in ("body", "html"))


#: Longest caption set in italics after its photo's line break (a sentence or three; a longer one is a paragraph).
_ITALIC_CAPTION = 450


def lines_after_photo_breaks(tree) -> Iterator[Tuple[str, object, object]]:
    """``(text, photo, block)`` for a caption set in the photo's own block after a line break (``<img><br>caption``):
    the text up to the next break, when the block is italic (by tag or style), centred, or the text credits the
    photo (``Ảnh: …``). A caption set in italics of its own (``<img><br><span style="font-style:italic">…``) may
    be as long as a short paragraph. Photo stories with two photos or more in one block are left to
    :func:`photo_story_lines`."""
    for img in tree.iter(*_PHOTOS):
        box = img
        while box.getparent() is not None and box.getparent().tag in ("a", "span") and len(box.getparent()) == 1 \
                and not (box.getparent().text or "").strip():
            box = box.getparent()  # a link or a span around the photo alone
        holder, node = box.getparent(), box.getnext()
        if holder is None or node is None or node.tag != "br" or (box.tail or "").strip() or \
                sum(1 for _ in holder.iter(*_PHOTOS)) > 1:
            continue
        loose, nodes = [node.tail or ""], []
        node = node.getnext()
        while node is not None and node.tag != "br" and not _has_photo(node):
            nodes.append(node)
            loose.append(node.tail or "")
            node = node.getnext()
        text = " ".join(("".join(loose[:1]) + "".join(n.text_content() + t for n, t in zip(nodes, loose[1:]))).split())
        italic = _styled_italic(holder) or (bool(nodes) and not "".join(loose).strip() and
                                            all(_styled_italic(n) for n in nodes))
        if not 0 < len(text) <= (_ITALIC_CAPTION if italic else 250):
            continue
        centred = any("center" in (n.get("style") or "").replace(" ", "").lower() or n.get("align") == "center"
                      for n in (holder, *holder.iterancestors("p", "div", "td")))
        if italic or centred or _CREDIT.search(text):
            yield text, img, holder


def photo_story_lines(tree) -> Iterator[Tuple[str, object, object]]:
    """``(text, photo, block)`` for a ``<br>``-separated photo story: in a paragraph (or an italic ``span``, as
    some outlets set their photos and captions) that holds two or more photos, the text that follows a photo up
    to the next line break is that photo's caption."""
    for holder in tree.iter("p", "div", "span"):
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
                yield text, img, holder


def _text_length(el) -> int:
    return len(" ".join(el.text_content().split()))


def _cells(row) -> list:
    return [cell for cell in row if isinstance(cell.tag, str) and cell.tag in ("td", "th")]


def cells_under_photos(tree) -> Iterator[Tuple[object, object, object]]:
    """``(cell, photo, table)`` for a photo table, as older pages set a photo and its caption: a cell holding
    only one photo, and the cell under it (the same column of the next row) holding a line of text and no box of
    its own (``<td class="Image"><img></td>`` over ``<td class="Image">caption</td>``)."""
    for table in tree.iter("table"):
        rows = [row for row in table.iter("tr") if next(row.iterancestors("table"), None) is table]
        for upper, lower in zip(rows, rows[1:]):
            above, below = _cells(upper), _cells(lower)
            if len(above) != len(below):
                continue
            for top, cell in zip(above, below):
                photos = list(top.iter(*_PHOTOS))
                text = " ".join(cell.text_content().split())
                if len(photos) == 1 and _only_image(top) and not _has_photo(cell) and 0 < len(text) <= 600 and \
                        not any(d.tag in ("table", "div", "ul", "ol") for d in cell.iterdescendants()
                                if isinstance(d.tag, str)) and len(cell.findall(".//p")) <= 1:
                    yield cell, photos[0], table


#: Fewest lines under photos that make a photo story (a box with one or two photos is a figure or a pair).
_STORY_LINES = 3
#: Shortest running paragraph (link text aside) that makes a box of photos a story told in paragraphs.
_RUNNING = 80
_TEXT_TAGS = ("p", "div", "td", "li", "blockquote")
# what a box may hold besides its photos and their lines and still tell a photo story: the sapo under the headline
_SAPO_MARK = lazy_re.compile(r"sapo|lead|desc|summary|intro", re.IGNORECASE)


def _running_paragraphs(box, units: set) -> int:
    """Paragraphs of running text in ``box`` outside the units: a ``p`` (or a ``div``, ``td`` holding no other
    block) of 80 characters or more besides its links, not the sapo."""
    count = 0
    for el in box.iter(*_TEXT_TAGS):
        if el.tag != "p" and any(isinstance(d.tag, str) and d.tag in _TEXT_TAGS for d in el.iterdescendants()):
            continue
        if el in units or any(a in units for a in el.iterancestors()) or \
                _SAPO_MARK.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
            continue
        linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
        count += _text_length(el) - linked >= _RUNNING
    return count


def _story_beside(box) -> bool:
    """True when the photos' box stands beside the story told in running text: the elements next to it in its
    container hold two running paragraphs or more (a loose text's runs between ``<br><br>`` counted one by one), so
    the photos are the story's gallery (Báo Đắk Lắk 2011's ten photo tables after the story's text), not a photo
    story. A sapo alone beside the photos is one paragraph."""
    parent = box.getparent()
    if parent is None:
        return False
    count = 0
    for sibling in parent:
        if sibling is box or not isinstance(sibling.tag, str):
            continue
        count += _running_paragraphs(sibling, set())
        for el in sibling.iter("div", "td"):
            if not any(isinstance(d.tag, str) and d.tag in _TEXT_TAGS for d in el.iterdescendants()):
                count += max(0, sum(n >= _RUNNING for n in _break_runs(el)) - 1)  # the element counted once above
    return count >= 2


def _break_runs(el) -> List[int]:
    """The lengths of the runs of text an element separates with two line breaks or more (``<br><br>``)."""
    runs: List[int] = []
    current, breaks = "", 0
    for piece in el.xpath("node()"):  # text, elements and their tails in order
        if not isinstance(piece, str) and piece.tag == "br":
            breaks += 1
            continue
        text = str(piece) if isinstance(piece, str) else piece.text_content()
        if text.strip():
            if breaks >= 2 and current.strip():
                runs.append(len(" ".join(current.split())))
                current = ""
            breaks = 0
            current += text
    return runs + ([len(" ".join(current.split()))] if current.strip() else [])


def photo_story_units(units: Sequence[Any]) -> set:
    """The units (each a photo's line, or the block or table holding photos and their lines) that tell a photo
    story: three lines or more in one box that holds no paragraph of running text besides them. ``units`` holds
    a unit once per line under a photo."""
    boxes: Dict[object, List[object]] = {}
    for unit in units:
        box = unit.getparent()
        if box is not None:
            boxes.setdefault(box, []).append(unit)
    story: set = set()
    for box, members in boxes.items():
        if len(members) >= _STORY_LINES and not _running_paragraphs(box, set(members)) and not _story_beside(box):
            story.update(members)
    return story


def unmarked_captions(tree, url: Optional[str]) -> List[Tuple[Tuple[Inline, ...], object]]:
    """``(runs, photo)`` for each caption the page does not mark as one (the conventions above), less the lines
    of a photo story: a page whose story is told only under its photos (its box holds no running text besides
    them) gets those lines as its paragraphs, so that the story reads, prints and translates as one."""
    found: List[Tuple[Tuple[Inline, ...], object, object]] = []
    under = list(_under_photos(tree))
    for line, img in lines_under_photos(tree, under):
        found.append((element_runs(line, url), img, line))
    # every line under a photo counts towards a photo story, also one too long to read as a caption
    units = [line for line, _ in under]
    for text, img, holder in [*photo_story_lines(tree), *lines_after_photo_breaks(tree)]:
        found.append(((Inline(text),), img, holder))
        units.append(holder)
    for cell, img, table in cells_under_photos(tree):
        found.append((element_runs(cell, url), img, table))
        units.append(table)
    story = photo_story_units(units)
    return [(runs, img) for runs, img, unit in found if unit not in story]
