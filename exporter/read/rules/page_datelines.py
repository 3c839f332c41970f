"""The publication date a news page shows or states, as ISO 8601: from metadata values or from the date line the
reader sees (``07/03/2026 08:47``, ``07-03-2026 - 09:40 AM``, ``Thứ bảy, 7/3/2026, 00:05 (GMT+7)``), never from an
image address (``/2026/03/06/photo.jpg``). Imports nothing heavy; :mod:`exporter.read.rules.page_meta`,
:mod:`exporter.read.rules.page_dates` and the feed reader use it."""
from __future__ import annotations

import datetime
import re
from typing import Optional, Tuple

from ...text import lazy_re

# Day, month, year as Vietnamese pages write them (07/03/2026, 7-3-2026, 07.03.2026), maybe followed by a time
# (08:47, 8h47, 09:40 AM) within a few characters ("07-03-2026 - 09:40 AM", "Thứ Bảy, 07/03/2026 - 08:52").
# the part of the day after a time: "PM", or Vietnamese "sáng" (morning) … "tối" (evening)
_DAY_PART = r"(?:\s*([AaPp][Mm]|sáng|trưa|chiều|tối|đêm)\b)?"
_DMY = lazy_re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/.-])"
                       r"(?:[^\d]{0,6}?(\d{1,2})\s*[:hg]\s*(\d{2})(?!\d)" + _DAY_PART + ")?", re.IGNORECASE)
# a two-digit year, only in a date line that gives the time too: "ngày 24/12/12 11:05 tối" (Zing News 2012)
_DMY2 = lazy_re.compile(r"(?<![\d/.-])(\d{1,2})/(\d{1,2})/(\d{2})(?![\d/.-])[^\d]{0,6}?(\d{1,2})\s*[:h]\s*(\d{2})(?!\d)"
                        + _DAY_PART, re.IGNORECASE)
# a time written before its date: "15:20 PM | 21/12/2012" (VnExpress iOne 2012)
_TIME_BEFORE = lazy_re.compile(r"(\d{1,2})\s*[:h]\s*(\d{2})" + _DAY_PART + r"\s*[|,–-]?\s*$", re.IGNORECASE)
_YMD = lazy_re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$")
_GMT = lazy_re.compile(r"GMT\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_DATE_MARK = lazy_re.compile(r"date|time|publish|ngay|thoi-?gian|post-?info|meta", re.IGNORECASE)
# a line that is only a date (a weekday, the day, a time, an offset; nothing else), which needs no mark to be the
# date line when it stands by the headline: "15/02/2014 09:34" in a bare <span> above it
_DATE_ONLY = lazy_re.compile(r"^[\W_]*(?:\d{1,2}\s*[:h]\s*\d{2}(?:\s*[AaPp][Mm])?[\W_]{1,4})?"  # a time before it
                             r"(?:(?:thứ\s+\w+|chủ\s+nhật)\s*[,-]?\s*)?(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}"
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


def date_in_text(text: str, *, month_first: bool = False) -> str:
    """The first day-month-year date (and its time, and a ``GMT+7`` offset) in a line of text, as ISO 8601;
    an empty string when there is none. ``month_first`` reads ``03-08-2011`` as 8 March (a page that writes its
    dates month first: :func:`writes_month_first`)."""
    for match in _DMY.finditer(text):
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
        if month_first:
            day, month = month, day
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


_UTC = lazy_re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:\d{2}(?:\.\d+)?)?(?:Z|[+-]00:?00)$")
_VIETNAM = datetime.timedelta(hours=7)


def in_vietnam_time(iso: str) -> str:
    """A moment given in UTC (``2024-05-08T12:52:00.000Z``) as the time in Vietnam, where the page's readers see it
    (``2024-05-08T19:52:00+07:00``); any other value as it is. For a ``<time datetime>``: a stamp a script renders
    in the reader's clock, so it is truly UTC (a CMS's metadata may write local time with a ``Z``, unseen)."""
    match = _UTC.match(iso)
    if not match:
        return iso
    moment = datetime.datetime.fromisoformat(f"{match.group(1)}T{match.group(2)}:{match.group(3)}") + _VIETNAM
    seconds = (match.group(4) or "")[:3]
    return moment.strftime("%Y-%m-%dT%H:%M") + seconds + "+07:00"


def _document_order(tree) -> dict:
    return {el: i for i, el in enumerate(tree.iter()) if isinstance(el.tag, str)}


# a line that says it dates the publication: "Published on 03-08-2011 01:00 AM", "Ngày đăng: …", "Đăng lúc …"
_PUBLISHED = lazy_re.compile(r"^\W*(?:published|posted|ngày đăng|đăng lúc|đăng ngày|xuất bản|phát hành)\b",
                             re.IGNORECASE)
_NUMERIC_DATE = lazy_re.compile(r"(?<![\d/.-])(\d{1,2})([/-])(\d{1,2})\2(\d{4})(?![\d/.-])")


def writes_month_first(tree) -> bool:
    """True when the page writes its dates month first, as an English-language CMS does (vBulletin's
    ``12-27-2012``): a date on it reads only month first (its middle number is over 12) and none reads only day
    first."""
    body = tree.find(".//body")
    dates = _NUMERIC_DATE.findall(" ".join(body.itertext())) if body is not None else []
    return any(int(m[2]) > 12 >= int(m[0]) for m in dates) and not any(int(m[0]) > 12 for m in dates)


def visible_date(tree, headline) -> Tuple[str, str]:
    """``(date, line)``: the date line the reader sees next to the headline, a ``<time datetime>`` or an element
    marked as a date (class or id ``date``, ``time``, ``publish`` …) that holds a day-month-year date, or an
    unmarked line that is only a date a few elements from the headline; the one nearest the headline, and its
    text. Teaser lists (links, list items but one that holds the headline) and figures are not looked at. Empty
    when there is none."""
    order = _document_order(tree)
    month_first: Optional[bool] = None  # read from the whole page once a line asks for it
    anchor = order.get(headline, 0) if headline is not None else 0
    # a list item that holds the headline is the story's own box (a CMS that lays its pages out in lists)
    story_boxes = set(headline.iterancestors("li")) if headline is not None else set()
    best: Tuple[int, str, str] = (1 << 30, "", "")
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "meta", "a", "li"):
            continue
        text = " ".join(el.text_content().split())
        if el.tag == "time" and el.get("datetime"):
            found = in_vietnam_time(iso_date(el.get("datetime") or ""))
        else:
            marks = f"{el.get('class') or ''} {el.get('id') or ''}"
            # marked by its class or id, or by the datePublished it carries (<span><meta itemprop=…>25/12/2012)
            marked = _DATE_MARK.search(marks) or el.find("meta[@itemprop='datePublished']") is not None or \
                _PUBLISHED.match(text)
            near = headline is not None and abs(order.get(el, 0) - anchor) <= _DATE_ONLY_REACH
            found = ""
            if 0 < len(text) <= 80 and (marked or (near and _DATE_ONLY.match(text))):
                if month_first is None:
                    month_first = writes_month_first(tree)
                found = date_in_text(text, month_first=month_first)
                whole = _with_time_beside(el, found, month_first)
                found, text = whole or found, " ".join(el.getparent().text_content().split()) if whole else text
        # not in a teaser (a link, a list item) nor a figure; a link that holds only the date (to the day's
        # archive, GenK 2012) is no teaser
        links = [a for a in el.iterancestors("a") if " ".join(a.text_content().split()) != text]
        if not found or links or el.xpath("ancestor::figure|ancestor::footer") or \
                set(el.iterancestors("li")) - story_boxes:
            continue
        distance = abs(order.get(el, 0) - anchor)
        if distance < best[0]:
            best = (distance, found, text)
    return best[1], best[2]


def _with_time_beside(el, day: str, month_first: Optional[bool]) -> str:
    """A date line set in two elements, the day in one and its time in the next (``<span>05-09-2014</span>
    <span>14:17:58</span>``): the day with the time its box gives; empty when ``day`` has its time already or the
    box says nothing more."""
    box = el.getparent()
    if not day or "T" in day or box is None:
        return ""
    line = " ".join(box.text_content().split())
    found = date_in_text(line, month_first=bool(month_first)) if len(line) <= 80 else ""
    return found if found.startswith(day) and "T" in found else ""


def seen_on_page(date: str, text: str) -> bool:
    """True when the day of an ISO date is written in the page's visible text (``7/3/2026``, ``07-03-2026``,
    ``2026-03-07``): a date found only in addresses (an image path) is not."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", date or "")
    if not match:
        return False
    year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
    pattern = rf"(?<!\d)0?{day}\s*([/.-])\s*0?{month}\s*\1\s*{year}(?!\d)|{year}-{month:02d}-{day:02d}"
    return re.search(pattern, text) is not None
