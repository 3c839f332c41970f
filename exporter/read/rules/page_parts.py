"""Conventions of Vietnamese news pages that hold for outlets nobody tuned for, read from the parsed page:

- hidden elements (``display:none``, ``hidden``, ``aria-hidden``), which are never the headline;
- a sapo set as the ``h2`` right under the headline;
- bylines and credits: ``Tên (Theo Nguồn)``, ``Tên (t/h)``, ``Theo Tên`` in an author field, ``Theo Nguồn``
  alone (a source, not an author); the elements a page marks as its author's, and what looks like a name.

Imports nothing heavy; the other page rules and :mod:`exporter.read.parse.html` use it.
"""
from __future__ import annotations

import re
from typing import Iterator, List, Optional, Sequence, Tuple

from ...text import lazy_re

# Class/id fragments of page furniture that trafilatura's own lists miss (they are Vietnamese, or recent):
# related-article teasers ("tin liên quan", "xem thêm", "đọc thêm", "tin khác", "cùng chuyên mục"), lists of
# earlier stories ("tin/bài đã đăng", "tin/bài cũ", "older news"), most-read lists ("đọc nhiều"), login prompts
# ("đăng nhập"), newsletter and paywall boxes, ads ("quảng cáo"), comment forms ("bình luận"), the "Theo …"
# source-link box, and keyword lists ("tags", "tag-list", "tagbox", "tagdetail"). Words that other words
# contain ("tin cũ" in "latin-culture", "đã đăng" in "đa dạng", varied) are matched with what they are part of.
FURNITURE = lazy_re.compile(
    r"related|relate|lien-?quan|xem-?them|doc-?them|tin-?khac|cung-?(?:chuyen-?)?muc|readmore|read-more|"
    r"see-?also|"
    r"newsletter|subscri|dang-?ky|login|signin|sign-in|dang-?nhap|most-?read|doc-?nhieu|paywall|quang-?cao|"
    r"advert|comment|binh-?luan|\bsource\b|(?:^|[\s_-])tags?(?:$|[\s_-]|(?:detail|list|box|cloud)(?![a-z]))|"
    r"(?:^|[\s_-])(?:menu|nav|navbar|navigation|search|searchbox|breadcrumbs?)(?:$|[\s_-])|"
    r"(?:tin|bai)-?(?:da-?dang|cu)(?![a-z])|older-?news|tooltip", re.IGNORECASE)
_HIDDEN_STYLE = lazy_re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)
# Class names that hide an element on every screen (a box left in the page but never shown: "Tra cứu công ty"
# behind class="hidden"); "d-none" only when no breakpoint class shows it again ("d-none d-md-block" is shown
# on wider screens), and never the responsive "hidden-xs" kind, which hides on one screen size only.
_HIDDEN_CLASSES = frozenset({"hidden", "hide", "is-hidden", "u-hidden", "invisible", "display-none", "d-none",
                             "hidden-all", "visually-hidden", "sr-only"})
_SHOWN_AGAIN = lazy_re.compile(r"^d-(?:sm|md|lg|xl|xxl)-(?!none)\w+$")


def hidden_by_class(el) -> bool:
    """True when the element's classes hide it on every screen."""
    classes = (el.get("class") or "").lower().split()
    return bool(_HIDDEN_CLASSES.intersection(classes)) and not any(_SHOWN_AGAIN.match(c) for c in classes)


def marked_furniture(el) -> bool:
    """True when the element's own class or id names it page furniture (its ancestors are not asked)."""
    return bool(FURNITURE.search(f"{el.get('class') or ''} {el.get('id') or ''}"))


def in_furniture(el) -> bool:
    """True when the element sits in a box of page furniture (related stories, most-read lists …)."""
    return any(marked_furniture(node)
               for node in el.iterancestors() if isinstance(node.tag, str) and node.tag not in ("html", "body"))


def is_hidden(el, *, inherited: bool = True) -> bool:
    """True when the element (or, if ``inherited``, one of its ancestors) is hidden from the reader."""
    for node in (el, *el.iterancestors()) if inherited else (el,):
        if not isinstance(node.tag, str):
            continue
        if node.get("hidden") is not None or (node.get("aria-hidden") or "").strip().lower() == "true" \
                or _HIDDEN_STYLE.search(node.get("style") or "") or hidden_by_class(node):
            return True
    return False


# --- the sapo ----------------------------------------------------------------------------------------------------

def h2_under_headline(headline) -> Optional[object]:
    """The ``h2`` or ``h3`` that comes right after the headline (its next element, or the first element of the
    next sibling box; the author and time line may stand between), when it reads as a sapo: a sentence or two,
    not a link to another story."""
    if headline is None:
        return None
    node = headline.getnext()
    for _ in range(3):
        if node is None:
            return None
        if not isinstance(node.tag, str) or is_hidden(node) or not " ".join(node.text_content().split()):
            node = node.getnext()
            continue
        candidate = node if node.tag in ("h2", "h3") else next(iter(node.iter("h2", "h3")), None)
        if candidate is None and len(" ".join(node.text_content().split())) <= 120:
            node = node.getnext()  # the author and date line between the headline and the sapo
            continue
        if candidate is None or candidate.find(".//a") is not None:
            return None
        text = " ".join(candidate.text_content().split())
        return candidate if 40 <= len(text) <= 700 else None
    return None


def story_subheadings(tree) -> Iterator[Tuple[object, str]]:
    """``(heading, text of the paragraph after it)`` for each sub-heading of a story: an ``h2``, ``h3`` or ``h4``
    with no link (teaser headlines are links), shown, outside boxes of furniture, directly followed by a
    paragraph of running text."""
    for heading in tree.iter("h2", "h3", "h4"):
        text = " ".join(heading.text_content().split())
        marks = f"{heading.get('class') or ''} {heading.get('id') or ''}".lower()
        if not 8 <= len(text) <= 200 or heading.find(".//a") is not None or is_hidden(heading) \
                or in_furniture(heading) or re.search(r"sapo|lead|desc|summary|title|intro", marks):
            continue  # a teaser headline, a hidden copy, the sapo or the headline itself
        following = heading.getnext()
        if following is None or following.tag != "p":
            continue
        paragraph = " ".join(following.text_content().split())
        if len(paragraph) >= 80:
            yield heading, paragraph


# --- bylines and credits -------------------------------------------------------------------------------------------

_THEO = lazy_re.compile(r"^\s*theo\s+", re.IGNORECASE)
# what the credited person did, before the name: "Tin, ảnh: Vũ Phương Thảo", "Bài và ảnh: …", "Thực hiện: …"
_LEADING_CREDIT = lazy_re.compile(r"^(?:(?:tin|bài|ảnh|clip|video|đồ họa|thực hiện|ghi)(?:\s*(?:,|và|-|&)\s*"
                                  r"(?:tin|bài|ảnh|clip|video))*)\s*:\s*(?=\S)", re.IGNORECASE)
# "Theo Minh Nguyễn/Vcamp.vn": the writer, then the outlet the story was taken from
_THEO_PERSON_AT = lazy_re.compile(r"^\s*theo\s+(\S+(?:\s+\S+)+?)\s*/\s*\S+\s*$", re.IGNORECASE)
# "Theo Sầm Hoa (Vietnamnet/Reuters)": the writer, then in brackets the outlets the story was taken from
_THEO_PERSON_FROM = lazy_re.compile(r"^\s*theo\s+((?:[^\W\d_][\w.]*\s+){1,3}[^\W\d_][\w.]*)\s*\([^()]+\)\s*$",
                                   re.IGNORECASE)
# "(tổng hợp)", "(t/h)", "(Theo The Verge)", "(TTXVN)" after a name; " - Theo VnExpress" or " Theo X" after it
# or a photo credit after the name: "Tâm Giao Ảnh: Cao Trung Hiếu"
_TRAILING_CREDIT = lazy_re.compile(r"\s*(?:\([^)]*\)\s*)+$|\s*[-–,/]?\s+theo\s+\S.*$|"
                                   r"\s*[-–,/]?\s+(?:ảnh|video|clip|đồ họa|đồ hoạ)\s*:.*$", re.IGNORECASE)


def credit_name(text: str, *, field: bool = False) -> str:
    """The person named by a byline or an author field, without the credits around it: ``Minh Châu (Theo The
    Verge)`` → ``Minh Châu``, ``Quang Huy (t/h) Theo VnExpress`` → ``Quang Huy``. A byline that is only a
    source (``Theo VnExpress``) names nobody; in an author field (``field``) ``Theo Hồ Hương`` names the writer
    of the story the page took over, a single word (``Theo Ngoisao``) a source. ``Theo Minh Nguyễn/Vcamp.vn``
    and ``Theo Sầm Hoa (Vietnamnet/Reuters)`` name the writer before the outlets; ``Tin, ảnh: Vũ Phương Thảo``
    the person after the credit; initials keep their dots (``H.V.``)."""
    if INITIALS.match(text.strip()):
        return text.strip()
    text = _LEADING_CREDIT.sub("", " ".join(text.split()).strip(" -–|,."))
    person_from = _THEO_PERSON_FROM.match(text)
    if person_from and all(w[0].isupper() for w in person_from.group(1).split()):
        return person_from.group(1)
    person_at = _THEO_PERSON_AT.match(text)
    if person_at:
        return person_at.group(1)
    if _THEO.match(text):
        text = _THEO.sub("", text)
        # a source ("Theo VnExpress", "Theo Ngoisao") in a byline, or one word in an author field, names nobody
        if not field or len(_TRAILING_CREDIT.sub("", text).split()) < 2:
            return ""
    previous = None
    while previous != text:
        previous, text = text, _TRAILING_CREDIT.sub("", text).strip(" -–|,.")
    return text


# A byline of initials: "H.V.", "T.L", "P.V."
INITIALS = lazy_re.compile(r"^(?:[^\W\d_]{1,2}\.\s?){1,4}[^\W\d_]{0,2}$")


# Elements a page marks as its author's name: data-role/itemprop/rel "author" (Người Lao Động), class
# "author" or "…-author"/"author-name" (Báo Đầu tư's <a class="author">, CafeF's <p class="author">).
# a class naming the author, the author's name or the byline line that links to the author's mail ("author_mail")
_AUTHOR_CLASS = lazy_re.compile(r"^(?:author|author[-_]?name|author[-_]?e?mail|byline|[\w-]*[-_]author)$")
# the same in CamelCase, as ASP.NET-era pages name their classes ("NewsAuthor", "ArticleAuthorName")
_CAMEL_AUTHOR_CLASS = lazy_re.compile(r"^[A-Za-z][\w-]*Author(?:Name)?$")


def marks_author(el, classes: Sequence[str]) -> bool:
    marks = {(el.get(a) or "").strip().lower() for a in ("data-role", "itemprop", "rel")}
    return "author" in marks or any(_AUTHOR_CLASS.match(c) for c in classes) or \
        any(_CAMEL_AUTHOR_CLASS.match(c) for c in (el.get("class") or "").split())


def name_case(name: str) -> str:
    """"NHẬT XUÂN" → "Nhật Xuân"; names already in mixed case, and initials ("TP", "P.V"), are kept as written."""
    if not name.isupper() or not any(len(word) >= 3 for word in re.findall(r"\w+", name)):
        return name
    return name.title()


def looks_like_name(text: str) -> bool:
    return 2 <= len(text) <= 60 and len(text.split()) <= 7 and not re.search(r"\d|https?:|@|:", text)


# --- paragraphs ----------------------------------------------------------------------------------------------------

INLINE = {"a", "b", "strong", "i", "em", "u", "span", "font", "sup", "sub", "small", "big", "mark", "abbr",
          "cite", "q", "s", "strike", "br", "img", "amp-img", "code", "time"}


# bold a page gives by an inline style, not by a tag: "font-weight: bold" (or bolder, 600–900), or by a class that
# says so (utility classes of CSS frameworks, a CMS's own "bold")
_STYLED_BOLD = lazy_re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.IGNORECASE)
BOLD_CLASSES = frozenset({"bold", "b", "strong", "fw-bold", "font-bold", "text-bold", "font-weight-bold"})


def styled_bold(tree) -> int:
    """Give the bold a page sets by an inline style or a class its tag, so that extraction keeps it as it keeps
    ``<b>`` (a sapo in ``<span style="font-weight: bold;">`` at the head of a story of loose text, Báo Đắk Lắk 2011;
    list items' bold titles set the same way, XinhXinh 2012; ``<span class="bold">``): the content of a ``span``,
    ``font``, ``p``, ``div`` or ``td`` styled bold that holds words, text and inline markup only and no photo, is
    wrapped in ``<b>``. Returns how many elements were wrapped."""
    from lxml import etree

    made = 0
    for el in list(tree.iter("span", "font", "p", "div", "td")):
        if not (_STYLED_BOLD.search(el.get("style") or "") or BOLD_CLASSES.intersection(
                (el.get("class") or "").lower().split())) or not re.search(r"\w", el.text_content()) or \
                el.xpath(".//img|.//amp-img") or \
                any(isinstance(c.tag, str) and c.tag not in INLINE for c in el.iterdescendants()):
            continue
        wrap = etree.Element("b")
        wrap.text, el.text = el.text, None
        for child in list(el):
            wrap.append(child)  # with its tail
        el.append(wrap)
        made += 1
    return made


def _double_break_after(child) -> bool:
    """True when ``child`` is a ``<br>`` followed (past white space only) by another ``<br>``."""
    nxt = child.getnext()
    return child.tag == "br" and not (child.tail or "").strip() and nxt is not None and nxt.tag == "br"


def _is_break(node) -> bool:
    return not isinstance(node, str) and node.tag == "br"


def _photo_box(el) -> bool:
    """A block set among a story's loose runs that holds a photo and at most a caption's words."""
    return el.find(".//img") is not None and len(" ".join(el.text_content().split())) <= 300


def split_double_breaks(tree) -> int:
    """Make each run of text that a page separates with ``<br><br>`` a paragraph of its own (trafilatura turns
    the pair into one line break, and the story into one paragraph): a ``<p>`` is split into sibling ``<p>``s,
    a ``<div>`` or ``<td>`` holding only text and inline markup gets its runs wrapped in ``<p>``s, and so does one
    whose runs stand around photo boxes of their own (``text<br><br><div><img><br><i>caption</i></div>text``: the
    run after a box would otherwise be lost), the boxes left in their places. Returns the number of paragraphs
    made."""
    made = 0
    for holder in list(tree.iter("p", "div", "td")):
        children = [c for c in holder if isinstance(c.tag, str)]
        if not children or not any(_double_break_after(c) for c in children):
            continue
        boxes = [c for c in children if c.tag not in INLINE]
        if boxes and (holder.tag == "p" or not all(_photo_box(c) for c in boxes)):
            continue
        nodes: list = [holder.text or ""] + list(holder)  # each element keeps its tail
        for child in list(holder):
            holder.remove(child)
        paragraphs: List[list] = [[]]
        i = 0
        while i < len(nodes):
            if not isinstance(nodes[i], str) and nodes[i].tag not in INLINE:
                # a photo box between the runs: it stays where it is, the text after it opens the next run
                tail, nodes[i].tail = nodes[i].tail or "", None
                paragraphs += [[nodes[i]], [tail]]
                i += 1
                continue
            if _is_break(nodes[i]):
                j = i
                while j + 1 < len(nodes) and _is_break(nodes[j + 1]) and not (nodes[j].tail or "").strip():
                    j += 1
                if j > i:  # two breaks or more in a row end the paragraph
                    paragraphs.append([nodes[j].tail or ""])
                    i = j + 1
                    continue
            paragraphs[-1].append(nodes[i])
            i += 1
        made += _rebuild(holder, paragraphs)
    return made


def append_nodes(para, nodes: list) -> None:
    """Append to an element a run of nodes: strings (text, after what the element holds) and elements (with their
    tails)."""
    for node in nodes:
        if not isinstance(node, str):
            para.append(node)
        elif len(para):
            para[-1].tail = (para[-1].tail or "") + node
        else:
            para.text = (para.text or "") + node


def _rebuild(holder, paragraphs: List[list]) -> int:
    """Put the cut runs back: as sibling paragraphs of a ``<p>``, as paragraphs inside a ``<div>``/``<td>``."""
    from lxml import etree

    made, boxes = [], 0
    for nodes in paragraphs:
        if len(nodes) == 1 and not isinstance(nodes[0], str) and nodes[0].tag not in INLINE:
            made.append(nodes[0])  # a photo box between the runs, put back as it was
            boxes += 1
            continue
        para = etree.Element("p")
        append_nodes(para, nodes)
        if " ".join(para.itertext()).strip() or para.find(".//img") is not None:
            made.append(para)
    if len(made) < 2 and not boxes:
        for para in made:  # nothing to split after all: give the runs back
            holder.text = para.text
            for node in list(para):
                holder.append(node)
        return 0
    holder.text = None
    if holder.tag == "p" and holder.getparent() is not None:
        parent, index = holder.getparent(), holder.getparent().index(holder)
        tail = holder.tail
        parent.remove(holder)
        for offset, para in enumerate(made):
            parent.insert(index + offset, para)
        made[-1].tail = tail
    else:
        for para in made:
            holder.append(para)
    return len(made) - boxes
