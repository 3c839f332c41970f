"""Plain text's sub-headings and photo captions: the lines that are not sentences, told apart by their own signals.

Plain text carries no markup, so a body line that does not end like a sentence is what news sites print that way.
The rule, from real articles (tests/fixtures/text/labels.json, the corpus's labels):

- a **caption** shows a sign of its photo: an "Ảnh:" or a credit in brackets (decided by the structure rules
  before this), the place of a photo just above it (more blank lines than the text puts between its paragraphs:
  where an exported page had its picture), another caption just above it (a caption and its second line), a
  length no heading has (more than :data:`HEADING_WORDS` words), or a portrait's shape (a person, a dash, the
  post: "Ông Đinh Viết Khanh - Chủ tịch Hội Khuyến học TP Cần Thơ");
- every other such line between paragraphs is a **sub-heading** when a paragraph of some length follows it: a
  short line without final punctuation, and a question or exclamation of the same shape ("Giải pháp nào để tháo
  gỡ khó khăn?") when the article has another sub-heading (a question alone in a story is a paragraph);
- a line that only lost its full stop stays a paragraph: it opens with a connective, holds two sentences or
  reported speech, ends at a comma, or sits in a quotation, a list (three such lines in a row, or the items after
  a line ending with a colon) or text that seldom ends its lines with a stop.
"""
from __future__ import annotations

from typing import Callable, List, Optional, Sequence

from ...text import lazy_re
from .structure import (
    _ATTRIBUTION,
    _CLOSERS,
    _CONNECTIVE,
    _LIST_MARK,
    Unit,
    _sentence_count,
    _words,
    ends_sentence,
    photo_mark,
    starts_lower,
)

__all__ = ["guess_line_roles", "HEADING_WORDS"]

#: Longest sub-heading, in words: the longest of the labelled articles' has 18 ("Nguy cơ “lụt” tiến độ dự án nhà
#: ga sân bay Tân Sơn Nhất gần 11.000 tỷ đồng"); their captions without a credit run to 26.
HEADING_WORDS = 18
#: Longest line read as a caption or a sub-heading at all: longer is a paragraph that lost its full stop.
BARE_WORDS = 50
#: Shortest paragraph a sub-heading opens, in words: a heading stands over text, not over the next item of a list
#: (under the labelled articles' sub-headings the shortest has 24).
SECTION_WORDS = 12
# "Thủ tướng: …", "TPHCM: …", "Đà Nẵng: …": a short label before a colon opens a heading; "Ông Thảo cho biết: …"
# (reported speech) does not.
_LABEL = lazy_re.compile(r"^[^:]{1,30}:\s*\S")
# A portrait's caption: a person with a title before the name, a dash, the post ("Ông Đinh Viết Khanh - Chủ tịch
# Hội Khuyến học TP Cần Thơ").
_PERSON_AND_POST = lazy_re.compile(r"^(?:Ông|Bà|Anh|Chị|Cụ|(?:PGS|GS|TS|ThS|BS|KTS|LS)\.?(?:\s?TS\.?)?)\s+"
                                   r"(?:[A-ZĐÀ-Ỹ][\w'’]*\s+){1,4}[-–]\s+\S")


def _labelled(text: str) -> bool:
    """A colon after a label of at most three words ("Thủ tướng: …"), or no colon at all."""
    if ":" not in text:
        return True
    return bool(_LABEL.match(text)) and len(_words(text.split(":", 1)[0])) <= 3 and not text.rstrip().endswith(":")


def _is_bare_line(unit: Unit) -> bool:
    """A body line that is not a sentence: no final punctuation, one clause, nothing that marks a paragraph
    which merely lost its full stop (a connective opening, reported speech, a second sentence)."""
    text = unit.text
    if unit.hint is not None or len(unit.runs) != 1 or ends_sentence(text):  # the cheap tests first
        return False
    words = _words(text)
    return (0 < len(words) <= BARE_WORDS
            and not text.endswith((",", "-", "–"))  # a sentence broken off mid-way
            and text[0].isalnum() and not starts_lower(text) and _labelled(text) and not _LIST_MARK.match(text)
            and not _CONNECTIVE.match(text) and _sentence_count(text) == 1
            and not any(starts_lower(m.group(1)) for m in _ATTRIBUTION.finditer(text))
            and not photo_mark(text))


def _is_question_line(unit: Unit) -> bool:
    """A question or exclamation of a sub-heading's shape: one sentence, at most :data:`HEADING_WORDS` words, not
    quoted speech ("Giải pháp nào để tháo gỡ khó khăn?", "Thủ tướng: … phải thấy “nóng ruột”!")."""
    text = unit.text
    core = text.rstrip().rstrip(_CLOSERS)
    return (unit.hint is None and len(unit.runs) == 1 and core.endswith(("?", "!")) and text[0].isalnum()
            and not starts_lower(text) and 2 <= len(_words(text)) <= HEADING_WORDS + 2 and _labelled(text)
            and _sentence_count(text) == 1 and not photo_mark(text)
            and not any(starts_lower(m.group(1)) for m in _ATTRIBUTION.finditer(text)))


def _opens_text(unit: Unit) -> bool:
    """Whether a unit is a paragraph a sub-heading can stand over: a sentence of :data:`SECTION_WORDS` words or
    more (not the next item of a list of short lines)."""
    return ends_sentence(unit.text) and len(_words(unit.text)) >= SECTION_WORDS


def _quote_depth(text: str, depth: int) -> int:
    """Open quotations after text, given ``depth`` before it (curly quotes counted, straight ones paired)."""
    depth += text.count("“") - text.count("”")
    if text.count('"') % 2:
        depth += -1 if depth > 0 else 1
    return max(depth, 0)


def _candidates(units: Sequence[Unit]) -> List[str]:
    """Per unit: "bare" (no final punctuation), "question" (a heading-shaped question), or "" (a sentence)."""
    shape = ["bare" if _is_bare_line(u) else "question" if _is_question_line(u) else "" for u in units]
    # Inside a quotation that runs over several lines, a line without a full stop is part of the quote.
    depth, open_for = 0, 0
    for i, unit in enumerate(units):
        if depth and open_for < 8:
            shape[i] = ""
        new_depth = _quote_depth(unit.text, depth)
        open_for = open_for + 1 if new_depth and depth else 0
        depth = new_depth
    # Three such lines in a row are a list, a poem or hard-wrapped text: neither captions nor headings.
    i = 0
    while i < len(units):
        j = i
        while j < len(units) and shape[j]:
            j += 1
        if j - i >= 3:
            shape[i:j] = [""] * (j - i)
        i = max(j, i + 1)
    return shape


def guess_line_roles(units: Sequence[Unit], *, lead_first: bool,
                     is_caption: Callable[[Unit], bool] = lambda unit: False) -> List[Optional[str]]:
    """For each body unit: "caption", "heading" or None (a paragraph, or a role decided elsewhere).

    ``lead_first`` says that the first unit is where the lead (sapo) goes: a sapo that lost its full stop is
    still the sapo. ``is_caption`` tells the captions the structure rules found by their signals ("Ảnh:", the
    headline repeated as the main photo's caption), whose next line may be their second.
    """
    roles: List[Optional[str]] = [None] * len(units)
    # Text whose lines mostly lack final punctuation does not use it to end paragraphs: guess nothing.
    if sum(not ends_sentence(u.text) for u in units) * 2 > len(units):
        return roles
    shape = _candidates(units)
    headings = sum(1 for k, s in enumerate(shape) if s == "bare" and len(_words(units[k].text)) <= HEADING_WORDS)
    for k, unit in enumerate(units):
        if not shape[k] or (lead_first and k == 0):
            continue
        words = len(_words(unit.text))
        after_caption = k > 0 and (roles[k - 1] == "caption" or is_caption(units[k - 1]))
        last = k + 1 == len(units)
        if k > 0 and units[k - 1].text.rstrip().endswith(":"):
            continue  # an item of the list a colon opens ("Đội hình xuất phát:")
        if shape[k] == "question":  # never a caption: after a photo's place too
            if headings + sum(s == "question" for s in shape) >= 2 and not last:
                roles[k] = "heading"
        elif ":" in unit.text and words > HEADING_WORDS:
            continue  # "CLB Hà Nội: Tấn Trường, Văn Kiên, …": a labelled line, not a caption
        elif unit.gap or after_caption or words > HEADING_WORDS or (last and words >= 4) or \
                _PERSON_AND_POST.match(unit.text):
            roles[k] = "caption"  # the place of a photo above it, a caption's second line, too long, a portrait
        elif not last and (words >= 2 or headings >= 3) and _opens_text(units[k + 1]):
            roles[k] = "heading"  # one word alone is a heading only among several ("Quế", "Cà rốt" …)
    return roles
