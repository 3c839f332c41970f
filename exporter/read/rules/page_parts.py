"""Conventions of Vietnamese news pages that hold for outlets nobody tuned for, read from the parsed page:

- hidden elements (``display:none``, ``hidden``, ``aria-hidden``), which are never the headline;
- the publication date as ISO 8601, from metadata values or from the date line the reader sees
  (``07/03/2026 08:47``, ``07-03-2026 - 09:40 AM``, ``Thứ bảy, 7/3/2026, 00:05 (GMT+7)``), never from an image
  address (``/2026/03/06/photo.jpg``);
- a sapo set as the ``h2`` right under the headline;
- bylines and credits: ``Tên (Theo Nguồn)``, ``Tên (t/h)``, ``Theo Tên`` in an author field, ``Theo Nguồn``
  alone (a source, not an author); the elements a page marks as its author's, and what looks like a name.

Imports nothing heavy; the other page rules and :mod:`exporter.read.parse.html` use it.
"""
from __future__ import annotations

import datetime
import re
from typing import Iterator, List, Optional, Sequence, Tuple

# Class/id fragments of page furniture that trafilatura's own lists miss (they are Vietnamese, or recent):
# related-article teasers ("tin liên quan", "xem thêm", "đọc thêm", "tin khác", "cùng chuyên mục"), lists of
# earlier stories ("tin/bài đã đăng", "tin/bài cũ", "older news"), most-read lists ("đọc nhiều"), login prompts
# ("đăng nhập"), newsletter and paywall boxes, ads ("quảng cáo"), comment forms ("bình luận"), the "Theo …"
# source-link box, and keyword lists ("tags", "tag-list", "tagbox", "tagdetail"). Words that other words
# contain ("tin cũ" in "latin-culture", "đã đăng" in "đa dạng", varied) are matched with what they are part of.
FURNITURE = re.compile(
    r"related|relate|lien-?quan|xem-?them|doc-?them|tin-?khac|cung-?(?:chuyen-?)?muc|readmore|read-more|"
    r"see-?also|"
    r"newsletter|subscri|dang-?ky|login|signin|sign-in|dang-?nhap|most-?read|doc-?nhieu|paywall|quang-?cao|"
    r"advert|comment|binh-?luan|\bsource\b|(?:^|[\s_-])tags?(?:$|[\s_-]|(?:detail|list|box|cloud)(?![a-z]))|"
    r"(?:^|[\s_-])(?:menu|nav|navbar|navigation|search|searchbox|breadcrumbs?)(?:$|[\s_-])|"
    r"(?:tin|bai)-?(?:da-?dang|cu)(?![a-z])|older-?news", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)", re.IGNORECASE)
# Class names that hide an element on every screen (a box left in the page but never shown: "Tra cứu công ty"
# behind class="hidden"); "d-none" only when no breakpoint class shows it again ("d-none d-md-block" is shown
# on wider screens), and never the responsive "hidden-xs" kind, which hides on one screen size only.
_HIDDEN_CLASSES = frozenset({"hidden", "hide", "is-hidden", "u-hidden", "invisible", "display-none", "d-none",
                             "hidden-all", "visually-hidden", "sr-only"})
_SHOWN_AGAIN = re.compile(r"^d-(?:sm|md|lg|xl|xxl)-(?!none)\w+$")


def hidden_by_class(el) -> bool:
    """True when the element's classes hide it on every screen."""
    classes = (el.get("class") or "").lower().split()
    return bool(_HIDDEN_CLASSES.intersection(classes)) and not any(_SHOWN_AGAIN.match(c) for c in classes)


def in_furniture(el) -> bool:
    """True when the element sits in a box of page furniture (related stories, most-read lists …)."""
    return any(FURNITURE.search(f"{node.get('class') or ''} {node.get('id') or ''}")
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


# --- dates -----------------------------------------------------------------------------------------------------

# Day, month, year as Vietnamese pages write them (07/03/2026, 7-3-2026, 07.03.2026), maybe followed by a time
# (08:47, 8h47, 09:40 AM) within a few characters ("07-03-2026 - 09:40 AM", "Thứ Bảy, 07/03/2026 - 08:52").
# the part of the day after a time: "PM", or Vietnamese "sáng" (morning) … "tối" (evening)
_DAY_PART = r"(?:\s*([AaPp][Mm]|sáng|trưa|chiều|tối|đêm)\b)?"
_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/.-])"
                  r"(?:[^\d]{0,6}?(\d{1,2})\s*[:hg]\s*(\d{2})(?!\d)" + _DAY_PART + ")?", re.IGNORECASE)
# a two-digit year, only in a date line that gives the time too: "ngày 24/12/12 11:05 tối" (Zing News 2012)
_DMY2 = re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/.-])[^\d]{0,6}?(\d{1,2})\s*[:h]\s*(\d{2})(?!\d)"
                   + _DAY_PART, re.IGNORECASE)
# a time written before its date: "15:20 PM | 21/12/2012" (VnExpress iOne 2012)
_TIME_BEFORE = re.compile(r"(\d{1,2})\s*[:h]\s*(\d{2})" + _DAY_PART + r"\s*[|,–-]?\s*$", re.IGNORECASE)
_YMD = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")
_GMT = re.compile(r"GMT\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_DATE_MARK = re.compile(r"date|time|publish|ngay|thoi-?gian|post-?info|meta", re.IGNORECASE)
# a line that is only a date (a weekday, the day, a time, an offset; nothing else), which needs no mark to be the
# date line when it stands by the headline: "15/02/2014 09:34" in a bare <span> above it
_DATE_ONLY = re.compile(r"^[\W_]*(?:(?:thứ\s+\w+|chủ\s+nhật)\s*[,-]?\s*)?(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}"
                        r"\s*[/.-]\s*\d{4}(?:[\W_]{0,4}\d{1,2}\s*[:h]\s*\d{2}(?:\s*[AaPp][Mm])?)?"
                        r"\s*(?:\(?\s*GMT\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?)?[\W_]*$", re.IGNORECASE)
# how far (in elements, either way) an unmarked date-only line may stand from the headline
_DATE_ONLY_REACH = 12


def _valid(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> bool:
    if not (1990 <= year <= 2100 and hour < 24 and minute < 60):
        return False
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _offset(text: str) -> str:
    gmt = _GMT.search(text)
    if not gmt:
        return ""
    return f"{gmt.group(1)}{int(gmt.group(2)):02d}:{gmt.group(3) or '00'}"


def date_in_text(text: str) -> str:
    """The first day-month-year date (and its time, and a ``GMT+7`` offset) in a line of text, as ISO 8601;
    an empty string when there is none."""
    for match in _DMY.finditer(text):
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        clock = (match.group(5), match.group(6), match.group(7))
        if not clock[0]:
            before = _TIME_BEFORE.search(text[max(0, match.start() - 20):match.start()])
            clock = (before.group(1), before.group(2), before.group(3)) if before else clock
        iso = _iso(year, month, day, clock, text[match.end():match.end() + 20])
        if iso:
            return iso
    for match in _DMY2.finditer(text):
        iso = _iso(2000 + int(match.group(3)), int(match.group(2)), int(match.group(1)),
                   (match.group(4), match.group(5), match.group(6)), text[match.end():match.end() + 20])
        if iso:
            return iso
    return ""


def _iso(year: int, month: int, day: int, clock: Tuple[Optional[str], Optional[str], Optional[str]],
         after: str) -> str:
    """ISO 8601 for a day and, when ``clock`` holds one, its time: 12-hour times read with their part of the
    day ("04:00 chiều" is 16:00, "11:05 tối" 23:05, "12:30 sáng" 00:30); a ``GMT+7`` in ``after`` is the offset."""
    hour, minute = int(clock[0] or 0), int(clock[1] or 0)
    part = (clock[2] or "").lower()
    if clock[0] and part:
        afternoon = part in ("pm", "chiều", "tối", "đêm") and not (part == "đêm" and hour < 6)
        hour = hour % 12 + (12 if afternoon else 0) if part != "trưa" else (hour if hour >= 11 else hour + 12)
    if not _valid(year, month, day, hour, minute):
        return ""
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    if clock[0]:
        iso += f"T{hour:02d}:{minute:02d}" + _offset(after)
    return iso


def iso_date(value: str) -> str:
    """A date as published (ISO with the odd space or missing ``T``, or ``DD/MM/YYYY HH:MM``) as ISO 8601;
    an empty string for a value that is not a date."""
    value = " ".join(value.split())
    match = _YMD.match(value)
    if match:
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
        if not _valid(year, month, day, int(match.group(4) or 0), int(match.group(5) or 0)):
            return ""
        iso = f"{year:04d}-{month:02d}-{day:02d}"
        if match.group(4):
            iso += f"T{match.group(4)}:{match.group(5)}" + (f":{match.group(6)}" if match.group(6) else "") \
                + (match.group(7) or "")
            zone = match.group(8) or ""
            iso += zone if len(zone) != 5 else f"{zone[:3]}:{zone[3:]}"
        return iso
    return date_in_text(value)


def _document_order(tree) -> dict:
    return {el: i for i, el in enumerate(tree.iter()) if isinstance(el.tag, str)}


def visible_date(tree, headline) -> str:
    """The date line the reader sees next to the headline: a ``<time datetime>`` or an element marked as a
    date (class or id ``date``, ``time``, ``publish`` …) that holds a day-month-year date, or an unmarked line
    that is only a date a few elements from the headline; the one nearest the headline. Teaser lists (links,
    list items) and figures are not looked at. Empty when there is none."""
    order = _document_order(tree)
    anchor = order.get(headline, 0) if headline is not None else 0
    best: Tuple[int, str] = (1 << 30, "")
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "a", "li"):
            continue
        if el.tag == "time" and el.get("datetime"):
            found = iso_date(el.get("datetime") or "")
        else:
            marks = f"{el.get('class') or ''} {el.get('id') or ''}"
            # marked by its class or id, or by the datePublished it carries (<span><meta itemprop=…>25/12/2012)
            marked = _DATE_MARK.search(marks) or el.find("meta[@itemprop='datePublished']") is not None
            text = " ".join(el.text_content().split())
            near = headline is not None and abs(order.get(el, 0) - anchor) <= _DATE_ONLY_REACH
            found = date_in_text(text) if 0 < len(text) <= 80 and (
                marked or (near and _DATE_ONLY.match(text))) else ""
        # not in a teaser (a link, a list item) nor a figure; a link that holds only the date (to the day's
        # archive, GenK 2012) is no teaser
        links = [a for a in el.iterancestors("a") if " ".join(a.text_content().split()) != text]
        if not found or links or el.xpath("ancestor::li|ancestor::figure|ancestor::footer"):
            continue
        distance = abs(order.get(el, 0) - anchor)
        if distance < best[0]:
            best = (distance, found)
    return best[1]


def seen_on_page(date: str, text: str) -> bool:
    """True when the day of an ISO date is written in the page's visible text (``7/3/2026``, ``07-03-2026``,
    ``2026-03-07``): a date found only in addresses (an image path) is not."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", date or "")
    if not match:
        return False
    year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    pattern = rf"(?<!\d)0?{day}\s*([/.-])\s*0?{month}\s*\1\s*{year}(?!\d)|{year}-{month:02d}-{day:02d}"
    return re.search(pattern, text) is not None


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

_THEO = re.compile(r"^\s*theo\s+", re.IGNORECASE)
# what the credited person did, before the name: "Tin, ảnh: Vũ Phương Thảo", "Bài và ảnh: …", "Thực hiện: …"
_LEADING_CREDIT = re.compile(r"^(?:(?:tin|bài|ảnh|clip|video|đồ họa|thực hiện|ghi)(?:\s*(?:,|và|-|&)\s*"
                             r"(?:tin|bài|ảnh|clip|video))*)\s*:\s*(?=\S)", re.IGNORECASE)
# "Theo Minh Nguyễn/Vcamp.vn": the writer, then the outlet the story was taken from
_THEO_PERSON_AT = re.compile(r"^\s*theo\s+(\S+(?:\s+\S+)+?)\s*/\s*\S+\s*$", re.IGNORECASE)
# "(tổng hợp)", "(t/h)", "(Theo The Verge)", "(TTXVN)" after a name; " - Theo VnExpress" or " Theo X" after it
_TRAILING_CREDIT = re.compile(r"\s*(?:\([^)]*\)\s*)+$|\s*[-–,/]?\s+theo\s+\S.*$", re.IGNORECASE)


def credit_name(text: str, *, field: bool = False) -> str:
    """The person named by a byline or an author field, without the credits around it: ``Minh Châu (Theo The
    Verge)`` → ``Minh Châu``, ``Quang Huy (t/h) Theo VnExpress`` → ``Quang Huy``. A byline that is only a
    source (``Theo VnExpress``) names nobody; in an author field (``field``) ``Theo Hồ Hương`` names the writer
    of the story the page took over, a single word (``Theo Ngoisao``) a source. ``Theo Minh Nguyễn/Vcamp.vn``
    names the writer before the outlet; ``Tin, ảnh: Vũ Phương Thảo`` the person after the credit."""
    text = _LEADING_CREDIT.sub("", " ".join(text.split()).strip(" -–|,."))
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


# Elements a page marks as its author's name: data-role/itemprop/rel "author" (Người Lao Động), class
# "author" or "…-author"/"author-name" (Báo Đầu tư's <a class="author">, CafeF's <p class="author">).
_AUTHOR_CLASS = re.compile(r"^(?:author|author[-_]?name|byline|[\w-]*[-_]author)$")


def marks_author(el, classes: Sequence[str]) -> bool:
    marks = {(el.get(a) or "").strip().lower() for a in ("data-role", "itemprop", "rel")}
    return "author" in marks or any(_AUTHOR_CLASS.match(c) for c in classes)


def name_case(name: str) -> str:
    """"NHẬT XUÂN" → "Nhật Xuân"; names already in mixed case, and initials ("TP", "P.V"), are kept as written."""
    if not name.isupper() or not any(len(word) >= 3 for word in re.findall(r"\w+", name)):
        return name
    return name.title()


def looks_like_name(text: str) -> bool:
    return 2 <= len(text) <= 60 and len(text.split()) <= 7 and not re.search(r"\d|https?:|@|:", text)


# --- paragraphs ----------------------------------------------------------------------------------------------------

_INLINE = {"a", "b", "strong", "i", "em", "u", "span", "font", "sup", "sub", "small", "big", "mark", "abbr",
           "cite", "q", "s", "strike", "br", "img", "amp-img", "code", "time"}


def _double_break_after(child) -> bool:
    """True when ``child`` is a ``<br>`` followed (past white space only) by another ``<br>``."""
    nxt = child.getnext()
    return child.tag == "br" and not (child.tail or "").strip() and nxt is not None and nxt.tag == "br"


def _is_break(node) -> bool:
    return not isinstance(node, str) and node.tag == "br"


def split_double_breaks(tree) -> int:
    """Make each run of text that a page separates with ``<br><br>`` a paragraph of its own (trafilatura turns
    the pair into one line break, and the story into one paragraph): a ``<p>`` is split into sibling ``<p>``s,
    a ``<div>`` or ``<td>`` holding only text and inline markup gets its runs wrapped in ``<p>``s. Returns the
    number of paragraphs made."""
    made = 0
    for holder in list(tree.iter("p", "div", "td")):
        children = [c for c in holder if isinstance(c.tag, str)]
        if not children or any(c.tag not in _INLINE for c in children) or \
                not any(_double_break_after(c) for c in children):
            continue
        nodes: list = [holder.text or ""] + list(holder)  # each element keeps its tail
        for child in list(holder):
            holder.remove(child)
        paragraphs: List[list] = [[]]
        i = 0
        while i < len(nodes):
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


def _rebuild(holder, paragraphs: List[list]) -> int:
    """Put the cut runs back: as sibling paragraphs of a ``<p>``, as paragraphs inside a ``<div>``/``<td>``."""
    from lxml import etree

    made = []
    for nodes in paragraphs:
        para = etree.Element("p")
        for node in nodes:
            if isinstance(node, str):
                if len(para):
                    para[-1].tail = (para[-1].tail or "") + node
                else:
                    para.text = (para.text or "") + node
            else:
                para.append(node)
        if " ".join(para.itertext()).strip() or para.find(".//img") is not None:
            made.append(para)
    if len(made) < 2:
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
    return len(made)
