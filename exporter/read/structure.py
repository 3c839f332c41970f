"""Finding an article's structure (headline, lead, captions, body, byline) in a sequence of paragraphs.

The plain-text and Markdown readers cut their input into :class:`Unit` s; :func:`build_blocks` decides what each
unit is. The heuristics come from real articles (Dân trí, VOV, VietnamPlus, baomoi.com): the headline first and
the lead (sapo) after it, or the lead first and the headline after it; a photo caption right under the headline
or marked "(Ảnh: …)"; a byline as the last short line, or glued to the last sentence after the "./." end mark.

Plain text carries no markup, so with ``guess=True`` (the plain-text reader) a body line that does not end like
a sentence is taken for what news sites print that way: a photo caption, or, when an article has several
very short ones each opening a run of paragraphs, a sub-heading. Every guard below exists because a wrong
caption or heading reads worse than a paragraph left as it was.
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


_TERMINAL = (".", "!", "?", "…", ":", ";")
_CLOSERS = "\"'”’»)]"
# "(Ảnh: Phương Hoa/TTXVN)", "Ảnh: Reuters", "(Ảnh minh họa)", "Nguồn ảnh: …"
_PHOTO = re.compile(r"\(\s*(?:Ảnh|Nguồn ảnh|Ảnh minh h[oọ]ạ?|Photo)\b[^()]{0,80}\)|^\s*(?:Ảnh|Nguồn ảnh|Photo)\s*:",
                    re.IGNORECASE)
# The VOV/TTXVN end mark "./." followed by the byline: "… lượng./. Thu Thủy/VOV online".
_END_MARK_BYLINE = re.compile(r"\./\.\s*([^./][^.!?]{1,60})$")
# A credit glued to the last sentence of a one-line body: "… cho la-zăng. Theo Vnreview",
# "… 31.700 USD. Hòa Lê (T/h)" (T/h = tổng hợp, compiled from several sources).
_GLUED_CREDIT = re.compile(r"(?<=[.!?…”\"])\s+((?:Theo|Nguồn:?)\s+[^\W\d_][^.!?]{0,40}"
                           r"|[^\W\d_][^.!?()]{1,40}\((?:T/h|TH|tổng hợp|[A-ZĐ]{2,}[^()]{0,20})\))\s*$")
# "Ảnh" alone is a photo credit, not the article's byline; "Bài và ảnh: …" is a byline.
_BYLINE_PREFIX = re.compile(r"^(?:Theo|Bài|Nguồn|Tin|Bài và ảnh|Nhóm PV|PV|BTV|CTV)\b", re.IGNORECASE)
_WORD = re.compile(r"\S+")
# Words that open a sentence continuing the story; captions do not start this way, paragraphs that lost
# their final full stop do ("Hiện tại, dự án đang …", "Tuy nhiên, sau khi …").
_CONNECTIVE = re.compile(r"^(?:Tuy nhiên|Tuy vậy|Hiện tại|Hiện nay|Theo|Ngoài ra|Bên cạnh đó|Trong khi đó|Do đó|"
                         r"Vì vậy|Vì thế|Bởi vậy|Cụ thể|Đặc biệt|Trước đó|Sau đó|Mặt khác|Như vậy|Thậm chí|"
                         r"Được biết|Trong đó|Tóm lại|Nhưng|Song|Còn|Và)\b", re.IGNORECASE)
# Reported speech: '… tại Hà Nội", anh Nam chia sẻ' is a paragraph even without its full stop.
_ATTRIBUTION = re.compile(r"[\"”],\s+(\S+)")
_LIST_MARK = re.compile(r"^(?:[-–—•+*>]|\d{1,2}[.)]\s)")


def _words(text: str) -> List[str]:
    return _WORD.findall(text)


def _capitalised(word: str) -> bool:
    letters = word.lstrip("([\"'“")
    return bool(letters) and (letters[0].isupper() or letters[0].isdigit() or "/" in word)


def ends_sentence(text: str) -> bool:
    """True when text ends like a sentence ("." "!" "?" "…" ":" ";"), closing quotes or brackets allowed after
    the mark ("… mãi mãi.”", "(Gia Lai)."). A line ending "… “Đánh thức khát vọng”" does not."""
    return text.rstrip().rstrip(_CLOSERS).endswith(_TERMINAL)


def starts_lower(text: str) -> bool:
    """True when text starts with a lower-case word ("là mẫu sportbike …"): in Vietnamese, which capitalises
    every sentence, such a line continues a sentence. Words like "iPhone" and "eBay" do not count."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return bool(first) and first[0].isalpha() and first[0].islower() and not any(c.isupper() for c in first)


def _sentence_count(text: str) -> int:
    """Sentences in text: a word ending in . ! ? … and followed by a capital ends one. The word must hold two
    lower-case letters, so that initials and abbreviations ("bà H.", "TP. HCM") do not."""
    words = _words(text)
    count = 1
    for word, following in zip(words, words[1:]):
        core = word.rstrip(_CLOSERS)
        if core.endswith((".", "!", "?", "…")) and following[:1].isupper() and sum(map(str.islower, core)) >= 2:
            count += 1
    return count


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
    if _PHOTO.search(text):  # "(Ảnh: EPA)", "Ảnh: Đỗ Thành Đạt": the last photo's credit
        return False
    # Names are capitalised; an agency suffix may not be ("Thu Thủy/VOV online").
    return (_capitalised(words[0]) and sum(map(_capitalised, words)) >= 0.6 * len(words) and len(words) <= 6
            and any(c.isalpha() for c in text))


def _plain(kind: str, unit: Unit) -> Block:
    return Block(kind, unit.runs)


def _split_glued_caption(unit: Unit) -> List[Tuple[str, Unit]]:
    """Split "<caption sentence> (Ảnh: X/TTXVN) <paragraph>" into a caption and a paragraph (scraped text often
    glues the photo caption to the next paragraph). A line that opens with "Ảnh:" is a caption as a whole.
    Only plain single-run units are split."""
    text = unit.text
    match = _PHOTO.search(text)
    if not match or len(unit.runs) != 1 or (len(text) > 400 and not match.group(0).startswith("(")):
        return [("paragraph", unit)]
    if not match.group(0).startswith("("):
        return [("caption", unit)]  # "Ảnh: Minhtu Dang", "Ảnh: Hội nghị giao ban …"
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
    """"… ngân sách./. Thu Hà (TTXVN)", "… la-zăng. Theo Vnreview" → the last paragraph and the byline."""
    text = unit.text
    if len(unit.runs) != 1:
        return unit, None
    match = _END_MARK_BYLINE.search(text)
    if match and looks_like_byline(match.group(1).strip()):
        return replace(unit, runs=(Inline(text[: match.start() + 3].rstrip()),)), match.group(1).strip()
    match = _GLUED_CREDIT.search(text)
    if match and looks_like_byline(match.group(1).strip()) and text[: match.start()].strip():
        return replace(unit, runs=(Inline(text[: match.start()].rstrip()),)), match.group(1).strip()
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


def _is_bare_line(unit: Unit) -> bool:
    """A body line that is not a sentence: no final punctuation, one clause, nothing that marks a paragraph
    which merely lost its full stop (a connective opening, a colon, reported speech, a second sentence)."""
    text = unit.text
    words = _words(text)
    return (unit.hint is None and len(unit.runs) == 1 and 0 < len(words) <= 50 and not ends_sentence(text)
            and not text.endswith((",", "-", "–"))  # a sentence broken off mid-way
            and text[0].isalnum() and not starts_lower(text) and ":" not in text and not _LIST_MARK.match(text)
            and not _CONNECTIVE.match(text) and _sentence_count(text) == 1
            and not any(starts_lower(m.group(1)) for m in _ATTRIBUTION.finditer(text))
            and not _PHOTO.search(text))


def _quote_depth(text: str, depth: int) -> int:
    """Open quotations after text, given ``depth`` before it (curly quotes counted, straight ones paired)."""
    depth += text.count("“") - text.count("”")
    if text.count('"') % 2:
        depth += -1 if depth > 0 else 1
    return max(depth, 0)


def guess_line_roles(units: Sequence[Unit], *, lead_first: bool) -> List[Optional[str]]:
    """For each body unit: "caption", "heading" or None (a paragraph, or a role decided elsewhere).

    ``lead_first`` says that the first unit is where the lead (sapo) goes: a sapo that lost its full stop is
    still the sapo, never a caption.
    """
    roles: List[Optional[str]] = [None] * len(units)
    # Text whose lines mostly lack final punctuation does not use it to end paragraphs: guess nothing.
    if sum(not ends_sentence(u.text) for u in units) * 2 > len(units):
        return roles
    bare = [_is_bare_line(u) for u in units]
    # Inside a quotation that runs over several lines, a line without a full stop is part of the quote.
    depth, open_for = 0, 0
    for i, unit in enumerate(units):
        if depth and open_for < 8:
            bare[i] = False
        new_depth = _quote_depth(unit.text, depth)
        open_for = open_for + 1 if new_depth and depth else 0
        depth = new_depth
    # Three bare lines in a row are a list, a poem or hard-wrapped text, not captions.
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and bare[j]:
            j += 1
        if j - i >= 3:
            bare[i:j] = [False] * (j - i)
        i = max(j, i + 1)

    def opens_section(k: int) -> bool:
        return len(_words(units[k].text)) <= 6 and k + 1 < len(units) and ends_sentence(units[k + 1].text)

    short = [k for k in range(len(units)) if bare[k] and opens_section(k)]
    sectioned = len(short) >= 3  # "Cà rốt", "Quả mọng", "Quế" …: a list article's sub-headings
    for k, unit in enumerate(units):
        if not bare[k]:
            continue
        if sectioned and k in short:
            roles[k] = "heading"
        elif len(_words(unit.text)) >= 4 and not (lead_first and k == 0):
            roles[k] = "caption"
    return roles


def _syllables(text: str) -> set:
    return {w.strip(_CLOSERS + "\"'“‘«([,.;:!?…").casefold() for w in _words(text)} - {""}


def _take_trailing_summary(rest: List[Unit], title: str) -> Optional[Unit]:
    """The summary (sapo) that aggregator exports put after the body: one block of lines, then, set apart by
    blank lines, one paragraph that restates the headline (baomoi.com: "title / body / Theo X / sapo")."""
    if len(rest) < 3 or not title:
        return None
    last = rest[-1]
    body_is_one_block = not rest[0].attached and all(u.attached for u in rest[1:-1])
    if (last.attached or last.hint or not body_is_one_block or not ends_sentence(last.text)
            or len(_words(last.text)) > 80):
        return None
    heads = _syllables(title)
    return last if heads and len(heads & _syllables(last.text)) >= 0.3 * len(heads) else None


def build_blocks(units: Sequence[Unit], *, has_title: bool = False,
                 guess: bool = False) -> Tuple[str, Tuple[Block, ...]]:
    """Decide the role of every unit: return the headline (empty when ``has_title`` says the reader already
    has one) and the blocks in reading order. ``guess`` lets unmarked lines become captions and sub-headings
    (plain text, which has no other way to show them); readers with real markup leave it off."""
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

    if guess and not blocks:
        summary = _take_trailing_summary(rest, title)
        if summary is not None:
            rest.pop()
            blocks.append(_plain("lead", summary))

    # The byline: the last short line of names, or glued to the last paragraph after "./." or a full stop.
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
    guessed = guess_line_roles(rest, lead_first=not have_lead) if guess else [None] * len(rest)
    for unit, role in zip(rest, guessed):
        if unit.hint:
            blocks.append(_plain(unit.hint, unit))
            continue
        if title and unit.text.casefold() == title.casefold():
            pieces = [("caption", unit)]  # the headline repeated as the caption of the main photo
        elif _PHOTO.search(unit.text):
            pieces = _split_glued_caption(unit)
        else:
            pieces = [(role or "paragraph", unit)]
        for kind, piece in pieces:
            if kind == "paragraph" and not have_lead:
                kind, have_lead = "lead", True
            blocks.append(_plain(kind, piece))
    if byline is not None:
        blocks.append(byline)
    return title, tuple(blocks)
