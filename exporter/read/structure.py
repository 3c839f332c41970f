"""Finding an article's structure (headline, lead, captions, body, byline) in a sequence of paragraphs.

The plain-text and Markdown readers cut their input into :class:`Unit` s; :func:`build_blocks` decides what each
unit is. The heuristics come from real articles (Dân trí, VOV, VietnamPlus, baomoi.com): the headline first and
the lead (sapo) after it, or the lead first and the headline after it; a photo caption right under the headline
or marked "(Ảnh: …)"; a byline as the last short line, or glued to the last sentence after the "./." end mark.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import List, Optional, Sequence, Tuple

from ..model import Block, Inline


@dataclass(frozen=True)
class Unit:
    """A paragraph-sized piece of input, before its role is known."""

    runs: Tuple[Inline, ...]
    """Its text, as runs."""
    hint: Optional[str] = None
    """A kind the reader already knows (a Markdown heading, quote or image caption), or None."""
    attached: bool = False
    """True when no blank line separates it from the unit before (a line directly under another)."""

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs).strip()


_END_PUNCT = ".!?…:;\"”'»)"
# "(Ảnh: Phương Hoa/TTXVN)", "Ảnh: Reuters", "(Ảnh minh họa)", "Nguồn ảnh: …"
_PHOTO = re.compile(r"\(\s*(?:Ảnh|Nguồn ảnh|Ảnh minh h[oọ]ạ?|Photo)\b[^()]{0,80}\)|^\s*(?:Ảnh|Nguồn ảnh|Photo)\s*:",
                    re.IGNORECASE)
# The VOV/TTXVN end mark "./." followed by the byline: "… lượng./. Thu Thủy/VOV online".
_END_MARK_BYLINE = re.compile(r"\./\.\s*([^./][^.!?]{1,60})$")
_BYLINE_PREFIX = re.compile(r"^(?:Theo|Bài|Nguồn|Tin|Ảnh|Bài và ảnh|Nhóm PV|PV|BTV|CTV)\b", re.IGNORECASE)
_WORD = re.compile(r"\S+")


def _words(text: str) -> List[str]:
    return _WORD.findall(text)


def _capitalised(word: str) -> bool:
    letters = word.lstrip("([\"'“")
    return bool(letters) and (letters[0].isupper() or letters[0].isdigit() or "/" in word)


def looks_like_headline(text: str) -> bool:
    """Short, and not ended like a sentence (a question or exclamation mark is allowed)."""
    return 0 < len(text) <= 220 and not text.endswith((".", ":", ";", ",")) and len(_words(text)) >= 2


def looks_like_byline(text: str) -> bool:
    """A short line of names: "Hồ Nhi", "Thu Hà (TTXVN)", "Nhóm PV", "Theo VnExpress", "Duy Nguyễn"."""
    words = _words(text)
    if not words or len(words) > 8 or len(text) > 70 or text.endswith((".", "!", "?", ":", ";", ",", "…")):
        return False
    if _BYLINE_PREFIX.match(text):
        return True
    # Names are capitalised; an agency suffix may not be ("Thu Thủy/VOV online").
    return (_capitalised(words[0]) and sum(map(_capitalised, words)) >= 0.6 * len(words) and len(words) <= 6
            and any(c.isalpha() for c in text))


def is_photo_caption(text: str) -> bool:
    """A line marked as a photo caption, and not a whole article paragraph."""
    return bool(_PHOTO.search(text)) and len(text) <= 400


def _plain(kind: str, unit: Unit) -> Block:
    return Block(kind, unit.runs)


def _split_glued_caption(unit: Unit) -> List[Tuple[str, Unit]]:
    """Split "<caption sentence> (Ảnh: X/TTXVN) <paragraph>" into a caption and a paragraph (scraped text often
    glues the photo caption to the next paragraph). Only plain single-run units are split."""
    text = unit.text
    match = _PHOTO.search(text)
    if not match or len(unit.runs) != 1 or not match.group(0).startswith("("):
        return [("paragraph", unit)]
    before, after = text[: match.start()].rstrip(), text[match.end():].strip()
    # The caption is the last sentence before the "(Ảnh: …)" mark.
    cut = max((m.end() for m in re.finditer(r"[.!?…]\s+(?=[^\W\d_])", before[:-1])), default=0)
    pieces = []
    if before[:cut].strip():
        pieces.append(("paragraph", before[:cut].strip()))
    pieces.append(("caption", (before[cut:] + " " + match.group(0)).strip()))
    if after:
        pieces.append(("paragraph", after))
    if len(pieces) == 1:
        return [("caption", unit)]
    return [(kind, replace(unit, runs=(Inline(t),))) for kind, t in pieces]


def _split_end_byline(unit: Unit) -> Tuple[Unit, Optional[str]]:
    """"… ngân sách./. Thu Hà (TTXVN)" → the paragraph ending in "./." and the byline."""
    text = unit.text
    match = _END_MARK_BYLINE.search(text)
    if match and len(unit.runs) == 1 and looks_like_byline(match.group(1).strip()):
        return replace(unit, runs=(Inline(text[: match.start() + 3].rstrip()),)), match.group(1).strip()
    return unit, None


# A line that holds only the publication date (and time), as news sites print it under the headline:
# "Thứ Hai, 28/06/2021, 14:30 (GMT+7)", "28/6/2021 - 14:30", "Cập nhật: 14:30 28/06/2021", "2021-06-28".
_WEEKDAY = r"(?:Thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s*nhật|CN)"
_TIME = r"\d{1,2}\s*[:hg]\s*\d{2}(?:\s*(?:AM|PM|SA|CH))?(?:\s*\(?\s*(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?00)?\s*\)?)?"
_DMY = r"(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{4}-\d{2}-\d{2}"
_SEP = r"\s*(?:[,|–—-]|lúc)?\s*"
_DATE_LINE = re.compile(
    rf"^(?:(?:Cập nhật|Ngày đăng|Đăng lúc|Đăng ngày|Ngày|Thời gian|Xuất bản)\s*:?\s*)?(?:{_WEEKDAY}{_SEP})?"
    rf"(?:{_TIME}{_SEP})?(?:{_DMY})(?:{_SEP}{_TIME})?\s*$", re.IGNORECASE)


def is_date_line(text: str) -> bool:
    """A short line holding only a date (and time): "Thứ Hai, 28/06/2021, 14:30 (GMT+7)"."""
    return len(text) <= 70 and bool(_DATE_LINE.match(text.strip()))


def take_date_line(units: Sequence[Unit], window: int = 5) -> Tuple[str, List[Unit]]:
    """The publication date printed on a line of its own near the top (within ``window`` units), and the
    units without it."""
    units = list(units)
    for i, unit in enumerate(units[:window]):
        if unit.hint is None and is_date_line(unit.text):
            return unit.text, units[:i] + units[i + 1:]
    return "", units


def build_blocks(units: Sequence[Unit], *, has_title: bool = False) -> Tuple[str, Tuple[Block, ...]]:
    """Decide the role of every unit: return the headline (empty when ``has_title`` says the reader already
    has one) and the blocks in reading order."""
    units = [u for u in units if u.text]
    title = ""
    blocks: List[Block] = []
    if not units:
        return title, ()
    rest = list(units)

    # Headline and lead: "headline, lead" (most outlets) or "lead, headline" (some exports put the sapo first).
    if not has_title:
        first = rest[0]
        second = rest[1] if len(rest) > 1 else None
        if (second is not None and not looks_like_headline(first.text) and len(first.text) > 150
                and looks_like_headline(second.text) and second.hint is None):
            blocks.append(_plain("lead", first))
            title = second.text
            rest = rest[2:]
        else:
            title = first.text
            rest = rest[1:]
        # One line directly under the headline (no blank line between, and a blank line after it) is the
        # photo caption under the headline; a headline with many lines under it is an unspaced article.
        if (len(rest) > 1 and rest[0].attached and not rest[1].attached and rest[0].hint is None
                and len(rest[0].text) <= 400):
            blocks.append(_plain("caption", rest.pop(0)))

    # The byline: the last short line of names, or glued to the last paragraph after "./.".
    byline: Optional[Block] = None
    if len(rest) >= 2 or (rest and (blocks or title)):
        last = rest[-1]
        if last.hint is None and looks_like_byline(last.text) and (len(rest) >= 2 or blocks):
            byline = _plain("byline", rest.pop())
        elif last.hint is None:
            head, name = _split_end_byline(last)
            if name:
                rest[-1] = head
                byline = Block.plain("byline", name)

    have_lead = any(b.kind == "lead" for b in blocks)
    for unit in rest:
        if unit.hint:
            blocks.append(_plain(unit.hint, unit))
            continue
        if is_photo_caption(unit.text) or _PHOTO.search(unit.text):
            pieces = _split_glued_caption(unit)
        else:
            pieces = [("paragraph", unit)]
        for kind, piece in pieces:
            if kind == "paragraph" and not have_lead:
                kind, have_lead = "lead", True
            blocks.append(_plain(kind, piece))
    if byline is not None:
        blocks.append(byline)
    return title, tuple(blocks)
