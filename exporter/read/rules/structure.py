"""Finding an article's structure (headline, lead, captions, body, byline) in a sequence of paragraphs.

The plain-text and Markdown readers cut their input into :class:`Unit` s; :func:`build_blocks` decides what each
unit is. The heuristics come from real articles (Dân trí, VOV, VietnamPlus, baomoi.com): the headline first and
the lead (sapo) after it, or the lead first and the headline after it; a photo caption right under the headline
or marked "(Ảnh: …)"; a byline as the last short line, or glued to the last sentence after the "./." end mark.

Plain text carries no markup, so with ``guess`` (the plain-text reader) a body line that does not end like a
sentence is taken for what news sites print that way: a sub-heading, or a photo caption when it shows a sign of
its photo (:mod:`exporter.read.rules.line_roles`).
"""
from __future__ import annotations

import re
from typing import Callable, List, NamedTuple, Optional, Sequence, Tuple, Union, overload

from ...model import Block, Inline
from ...text import lazy_re
from .credits import BRACKETED_END, CREDIT_OPENING, credit_match, is_name


class _JoinedText:
    """:attr:`Unit.text`: the runs' text, stripped, joined when first asked and kept on the unit (the rules ask for it
    many times). ``functools.cached_property`` does the same under a lock that costs more than the join."""

    @overload
    def __get__(self, unit: None, owner: Optional[type] = None) -> _JoinedText: ...

    @overload
    def __get__(self, unit: Unit, owner: Optional[type] = None) -> str: ...

    def __get__(self, unit: Optional[Unit], owner: Optional[type] = None) -> Union[str, _JoinedText]:
        if unit is None:
            return self
        runs = unit.runs
        text = (runs[0].text if len(runs) == 1 else "".join(run.text for run in runs)).strip()
        unit.__dict__["text"] = text  # read from the unit from now on (this descriptor defines no __set__)
        return text


class _UnitFields(NamedTuple):
    runs: Tuple[Inline, ...]
    """Its text, as runs."""
    hint: Optional[str] = None
    """A kind the reader already knows (a Markdown heading, quote or image caption), or None."""
    attached: bool = False
    """True when no blank line separates it from the unit before (a line directly under another)."""
    gap: bool = False
    """True when more blank lines than the text puts between its paragraphs stand before it: the place of
    something the export left out, such as a photo."""


class Unit(_UnitFields):
    """A paragraph-sized piece of input, before its role is known: immutable, changed with ``_replace``. (A named
    tuple, not a dataclass: making a dataclass costs every start of the command ~0.6 ms, issue #18; this subclass
    adds the instance dictionary that keeps :attr:`text` once joined.)"""

    text = _JoinedText()


_TERMINAL = (".", "!", "?", "…", ":", ";")
_CLOSERS = "\"'”’»)]"
# "(Ảnh: Phương Hoa/TTXVN)", "Ảnh: Reuters", "(Ảnh minh họa)", "Nguồn ảnh: …"
# "Cánh đồng lúa. Ảnh: Hành khách cung cấp": a short credit ending the line.
_PHOTO = lazy_re.compile(r"\(\s*(?:Ảnh|Nguồn ảnh|Ảnh minh h[oọ]ạ?|Photo)\b[^()]{0,80}\)|^\s*(?:Ảnh|Nguồn ảnh|Photo)\s*:"
                         r"|(?<=[.!?…])\s*(?:Ảnh|Nguồn ảnh|Photo)\s*:\s*[^.!?…:()]{1,40}$", re.IGNORECASE)


#: "ảnh" and "Ảnh" in UTF-8, then "photo": what :func:`photo_mark` looks for in the text's bytes, ASCII lower-cased.
_PHOTO_WORDS = ("ảnh".encode(), "Ảnh".encode(), b"photo")


def photo_mark(text: str) -> Optional[re.Match]:
    """Where ``text`` shows the sign of a photo (:data:`_PHOTO`), or None. The pattern tries three alternatives at
    every position of a paragraph (a lookbehind at each), the costliest step of reading plain text; every
    alternative needs "(" or ":" and the word "ảnh" or "photo" in some case (under ``re.IGNORECASE`` only "Ả"/"ả"
    match "ả", and each letter of "nh" and "photo" only its two cases: tests/test_structure.py checks all of
    Unicode), so a text without them is answered without scanning it. The words are looked for in the text's UTF-8
    bytes with their ASCII letters lower-cased (bytes.lower: a table, where str.lower looks up each Vietnamese
    letter's case; a character beyond ASCII is only bytes of 0x80 and above, so never part of an ASCII word; ``find``,
    as ``in`` on bytes first tries its operand as an integer, and raises and clears an error to learn it is not)."""
    if "(" in text or ":" in text:
        low = text.encode("utf-8", "surrogatepass").lower()
        if low.find(_PHOTO_WORDS[0]) >= 0 or low.find(_PHOTO_WORDS[1]) >= 0 or low.find(_PHOTO_WORDS[2]) >= 0:
            return _PHOTO.search(text)
    return None


# The VOV/TTXVN end mark "./." followed by the byline: "… lượng./. Thu Thủy/VOV online".
_END_MARK_BYLINE = lazy_re.compile(r"\./\.\s*([^./][^.!?]{1,60})$")
# "Ảnh" alone is a photo credit, not the article's byline; "Bài và ảnh: …" is a byline.
_BYLINE_PREFIX = lazy_re.compile(r"^(?:Theo|Bài|Nguồn|Tin|Bài và ảnh|Nhóm PV|PV|BTV|CTV)\b", re.IGNORECASE)
# What its first letters match, case ignored (checked over all of Unicode).
_BYLINE_PREFIX_FIRST = frozenset("TtBbNnPpCc")
# What follows the names of a byline: "(Theo Sức Khỏe & Đời Sống)", "(t/h)", "(TTXVN)", "Theo VnExpress".
_CREDIT_SUFFIX = lazy_re.compile(r"(?:\s*\([^()]{1,50}\))?(?:\s+Theo\s+[^\W\d_][^.!?()]{0,40})?\s*$")


def _without_credit_suffix(text: str) -> str:
    """``text`` less what follows the names (:data:`_CREDIT_SUFFIX`). Only a text that says "Theo", ends with ")" or
    ends in white space has any: others are returned as they are, unsearched (and a brief whose bylines are all
    plain names does not compile the expression, issue #18)."""
    if "Theo" in text or text.endswith(")") or text[-1:].isspace():
        return _CREDIT_SUFFIX.sub("", text)
    return text
# Words that open a sentence continuing the story; captions do not start this way, paragraphs that lost
# their final full stop do ("Hiện tại, dự án đang …", "Tuy nhiên, sau khi …").
_CONNECTIVE = lazy_re.compile(r"^(?:Tuy nhiên|Tuy vậy|Hiện tại|Hiện nay|Theo|Ngoài ra|Bên cạnh đó|Trong khi đó|Do đó|"
                              r"Vì vậy|Vì thế|Bởi vậy|Cụ thể|Đặc biệt|Trước đó|Sau đó|Mặt khác|Như vậy|Thậm chí|"
                              r"Được biết|Trong đó|Tóm lại|Nhưng|Song|Còn|Và)\b", re.IGNORECASE)
# Reported speech: '… tại Hà Nội", anh Nam chia sẻ' is a paragraph even without its full stop.
_ATTRIBUTION = lazy_re.compile(r"[\"”],\s+(\S+)")
_LIST_MARK = lazy_re.compile(r"^(?:[-–—•+*>]|\d{1,2}[.)]\s)")


def _words(text: str) -> List[str]:
    """The words of ``text``: what ``\\S+`` finds (str.split cuts at the characters ``\\s`` matches, checked over
    all of Unicode by tests/test_structure.py, in a fifth of the expression's time)."""
    return text.split()


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


#: Longest line taken for a headline: longer is a paragraph (headlines run to about 150 characters).
MAX_HEADLINE = 250


def can_be_headline(text: str) -> bool:
    """Whether the first line of plain text may be the headline: not a paragraph (over :data:`MAX_HEADLINE`
    characters) and not a photo caption ("… (Ảnh: Internet)")."""
    return 0 < len(text) <= MAX_HEADLINE and not photo_mark(text)


_PHOTO_NUMBER = lazy_re.compile(r"\s+[-–]\s*\d{1,2}$")


def _same_headline(text: str, title: str, folded: Optional[str] = None) -> bool:
    """The headline repeated in the body, as the main photo's caption: the same words, or with the picture's
    number after a dash ("… Atletico Madrid - 1"). ``folded``: ``title.strip().casefold()``, when the caller has
    it."""
    text = text.strip()
    if folded is None:
        folded = title.strip().casefold()
    if text[-1:].isdigit():
        text = _PHOTO_NUMBER.sub("", text)
    # Case folding never makes a text shorter (every character folds to one to three: tests/test_structure.py
    # checks all of Unicode): a text longer than the folded headline is not the headline, and is not folded.
    return len(text) <= len(folded) and text.casefold() == folded


def looks_like_headline(text: str) -> bool:
    """Short, and not ended like a sentence (a question or exclamation mark is allowed)."""
    return 0 < len(text) <= 220 and not text.endswith((".", ":", ";", ",")) and len(_words(text)) >= 2


def looks_like_byline(text: str) -> bool:
    """A short line of names: "Hồ Nhi", "Thu Hà (TTXVN)", "Nhóm PV", "Theo VnExpress", "Duy Nguyễn",
    "BS. Lê Thiện (Theo Sức Khỏe & Đời Sống)", "Quang Huy (t/h) Theo VnExpress"."""
    words = _words(text)
    if not words or len(text) > 90 or text.endswith((".", "!", "?", ":", ";", ",", "…")):
        return False
    opening = text.lstrip("( ")
    if opening[:1] in _BYLINE_PREFIX_FIRST and _BYLINE_PREFIX.match(opening):
        return len(words) <= 8 and len(text) <= 70
    if photo_mark(text):  # "(Ảnh: EPA)", "Ảnh: Đỗ Thành Đạt": the last photo's credit
        return False
    names = _without_credit_suffix(text)
    if names != text and is_name(names):
        return True
    words = _words(names)
    if not words or len(words) > 8 or len(names) > 70:
        return False
    # Names are capitalised; an agency suffix may not be ("Thu Thủy/VOV online").
    return (_capitalised(words[0]) and sum(map(_capitalised, words)) >= 0.6 * len(words) and len(words) <= 6
            and any(c.isalpha() for c in names))


def _is_credit_tail(tail: str) -> bool:
    """True for what a scraper glues after the last sentence: "Theo Vnexpress", "(Theo Việt Báo)", "Thu Hương",
    "Minh Châu (Theo The Verge)", "Quang Huy (t/h) Theo VnExpress", "Theo Minh Minh (Dân Việt)". Never a
    sentence: no final stop, no comma, no lower-case word outside the credit's brackets."""
    if not tail or len(tail) > 80 or "," in tail or tail.rstrip(")").endswith((".", "!", "?", "…", ":", ";")):
        return False
    credit = credit_match(tail)
    if credit and CREDIT_OPENING.match(tail):
        named = BRACKETED_END.sub("", credit.group(1))
        words = named.split()
        return bool(words) and len(words) <= 6 and words[0][0].isupper()
    names = _without_credit_suffix(tail)
    return is_name(names)


# The end of a sentence, where a credit may be glued on with or without a space: "… quá khứ.Theo Vnexpress".
_SENTENCE_END = lazy_re.compile(r"[.!?…][”\"'’»]*")


def _glued_credit(text: str) -> Optional[int]:
    """Where the credit glued after the last sentence starts (the longest that still reads as one), or None."""
    best = None
    for match in _SENTENCE_END.finditer(text, max(0, len(text) - 90)):
        head, tail = text[: match.end()], text[match.end():]
        if tail[:1].isspace() or (tail[:1].isupper() and head[-2:-1].isalpha() and head[-2:-1].islower()):
            if best is None and len(head.strip()) > 1 and _is_credit_tail(tail.strip()):
                best = match.end()
    return best


def _plain(kind: str, unit: Unit) -> Block:
    return Block(kind, unit.runs)


def _split_glued_caption(unit: Unit) -> List[Tuple[str, Unit]]:
    """Split "<caption sentence> (Ảnh: X/TTXVN) <paragraph>" into a caption and a paragraph (scraped text often
    glues the photo caption to the next paragraph). A line that opens with "Ảnh:" is a caption as a whole.
    Only plain single-run units are split."""
    text = unit.text
    match = photo_mark(text)
    if not match or len(unit.runs) != 1 or (len(text) > 400 and not match.group(0).startswith("(")):
        return [("paragraph", unit)]
    if not match.group(0).startswith("("):
        return [("caption", unit)]  # "Ảnh: Minhtu Dang", "Ảnh: Hội nghị giao ban …"
    before, after = text[: match.start()].rstrip(), text[match.end():].strip()
    # "… Noel. (Ảnh: Discovery Magazine)." : the full stop after the credit belongs to the caption.
    stop = re.match(r"^[.,;:!?…]+\s*", after)
    match_text = match.group(0)
    if stop:
        match_text, after = match_text + stop.group(0).strip(), after[stop.end():]
    if not any(c.isalnum() for c in after):
        after = ""
    # The caption is the last sentence before the "(Ảnh: …)" mark; a short line is a caption whole
    # ("Sao không có gió? Để dí sát mặt vào. (Ảnh: Internet)").
    cut = max((m.end() for m in re.finditer(r"[.!?…]\s+(?=[^\W\d_])", before[:-1])), default=0)
    if len(before) <= 120:
        cut = 0
    pieces = []
    if before[:cut].strip():
        pieces.append(("paragraph", before[:cut].strip()))
    pieces.append(("caption", (before[cut:] + " " + match_text).strip()))
    if len(pieces) == 1 and not after and not stop:
        return [("caption", unit)]
    split = [(kind, unit._replace(runs=(Inline(t),))) for kind, t in pieces]
    if after:  # what follows may hold the next photo's caption too
        split += _split_glued_caption(unit._replace(runs=(Inline(after),)))
    return split


def _split_end_byline(unit: Unit) -> Tuple[Unit, Optional[str]]:
    """"… ngân sách./. Thu Hà (TTXVN)", "… la-zăng. Theo Vnreview", "… bà Lan. Thu Hương", "… facebook?Trang Hạ"
    → the last paragraph and the byline. "… ông Tuấn cho biết." keeps its last sentence."""
    text = unit.text
    if len(unit.runs) != 1:
        return unit, None
    match = _END_MARK_BYLINE.search(text)
    if match and looks_like_byline(match.group(1).strip()):
        return unit._replace(runs=(Inline(text[: match.start() + 3].rstrip()),)), match.group(1).strip()
    cut = _glued_credit(text)
    if cut is not None:
        return unit._replace(runs=(Inline(text[:cut].rstrip()),)), text[cut:].strip()
    return unit, None


# "Nguồn: http://vietnamnet.vn/…", "Nguồn : kênh14.vn": where a repost was taken from, on a line of its own.
_SOURCE_LINE = lazy_re.compile(r"^Nguồn\s*:\s*(?:https?://\S{1,150}|[^\W\d_][^.!?]{0,40})$", re.IGNORECASE)


# A line that holds only the publication date (and time), as news sites print it under the headline:
# "Thứ Hai, 28/06/2021, 14:30 (GMT+7)", "28/6/2021 - 14:30", "Cập nhật: 14:30 28/06/2021", "2021-06-28".
_WEEKDAY = r"(?:Thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|Chủ\s*nhật|CN)"
_TIME = r"\d{1,2}\s*[:hg]\s*\d{2}(?:\s*(?:AM|PM|SA|CH))?(?:\s*\(?\s*(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?00)?\s*\)?)?"
_DMY = r"(?:ngày\s+)?\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|\d{4}-\d{2}-\d{2}"
_SEP = r"\s*(?:[,|–—-]|lúc)?\s*"
_DATE_LINE = lazy_re.compile(
    rf"^(?:(?:Cập nhật|Ngày đăng|Đăng lúc|Đăng ngày|Ngày|Thời gian|Xuất bản)\s*:?\s*)?(?:{_WEEKDAY}{_SEP})?"
    rf"(?:{_TIME}{_SEP})?(?:{_DMY})(?:{_SEP}{_TIME})?\s*$", re.IGNORECASE)


def is_date_line(text: str) -> bool:
    """A short line holding only a date (and time): "Thứ Hai, 28/06/2021, 14:30 (GMT+7)". Its date needs a "/", "."
    or "-" and decimal digits: a line without them (most short lines: headlines, names) is not matched against the
    expression, nor is it compiled for an article without one (1 ms, 7 M instructions of a cold render, issue #18)."""
    return (len(text) <= 70 and ("/" in text or "." in text or "-" in text) and any(map(str.isdecimal, text))
            and bool(_DATE_LINE.match(text.strip())))


def take_date_line(units: Sequence[Unit], window: int = 5) -> Tuple[str, List[Unit]]:
    """The publication date printed on a line of its own near the top (within ``window`` units), and the
    units without it."""
    units = list(units)
    for i, unit in enumerate(units[:window]):
        if unit.hint is None and is_date_line(unit.text):
            return unit.text, units[:i] + units[i + 1:]
    return "", units


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


#: Guesses the roles of a plain text's body lines (:func:`exporter.read.rules.line_roles.guess_line_roles`).
LineGuess = Callable[..., List[Optional[str]]]


def _headline_first(rest: List[Unit], has_title: bool) -> Tuple[str, List[Block], List[Unit]]:
    """The headline, the blocks around it (a lead before it, a caption under it) and the units left."""
    title = ""
    blocks: List[Block] = []
    # Headline and lead: "headline, lead" (most outlets) or "lead, headline" (some exports put the sapo first).
    if not has_title:
        first = rest[0]
        second = rest[1] if len(rest) > 1 else None
        if (second is not None and not looks_like_headline(first.text) and len(first.text) > 150
                and looks_like_headline(second.text) and second.hint is None):
            blocks.append(_plain("lead", first))
            title = second.text
            rest = rest[2:]
        elif can_be_headline(first.text) or first.hint is not None:
            title = first.text
            rest = rest[1:]
        # else: no headline line (a photo caption or a whole paragraph comes first); the title stays empty
        # One line directly under the headline (no blank line between, and a blank line after it) is the
        # photo caption under the headline; a headline with many lines under it is an unspaced article.
        if (title and len(rest) > 1 and rest[0].attached and not rest[1].attached and rest[0].hint is None
                and len(rest[0].text) <= 400):
            blocks.append(_plain("caption", rest.pop(0)))
    return title, blocks, rest


def _credits(rest: List[Unit], anything: bool, blocks: bool) -> List[Block]:
    """The byline lines taken off the end of ``rest`` (``anything``: a headline or a block came before them;
    ``blocks``: a block did)."""
    # The byline: the last short line of names, or glued to the last paragraph after "./." or a full stop; a
    # "Nguồn: …" line after it names where the text was taken from.
    credits: List[Block] = []
    while len(rest) >= 2 or (rest and anything and not credits):
        last = rest[-1]
        if last.hint is not None:
            break
        if last.text[:1] in ("N", "n") and _SOURCE_LINE.match(last.text) and len(rest) >= 2 and not credits:
            credits.insert(0, _plain("byline", rest.pop()))
            continue
        if looks_like_byline(last.text) and (len(rest) >= 2 or blocks):
            credits.insert(0, _plain("byline", rest.pop()))
        else:
            head, name = _split_end_byline(last)
            if name:
                rest[-1] = head
                credits.insert(0, Block.plain("byline", name))
        break
    return credits


def build_blocks(units: Sequence[Unit], *, has_title: bool = False,
                 guess: Optional[LineGuess] = None) -> Tuple[str, Tuple[Block, ...]]:
    """Decide the role of every unit: return the headline (empty when ``has_title`` says the reader already
    has one) and the blocks in reading order. ``guess`` lets unmarked lines become captions and sub-headings
    (plain text, which has no other way to show them; the plain-text reader passes
    :func:`~exporter.read.rules.line_roles.guess_line_roles`); readers with real markup leave it off."""
    # A unit of punctuation alone ("-----------", a lone ".") is decoration, never a paragraph.
    units = [u for u in units if any(c.isalnum() for c in u.text)]
    if not units:
        return "", ()
    rest = list(units)

    title, blocks, rest = _headline_first(rest, has_title)

    if guess and not blocks:
        summary = _take_trailing_summary(rest, title)
        if summary is not None:
            rest.pop()
            blocks.append(_plain("lead", summary))

    credits = _credits(rest, bool(blocks or title), bool(blocks))

    have_lead = any(b.kind == "lead" for b in blocks)
    # Each unit's signals of a caption, found once: the rules below and the guess ask for them.
    folded = title.strip().casefold()
    headline: List[bool] = []
    marked: List[bool] = []
    signals = {}
    for unit in rest:
        same = bool(title) and _same_headline(unit.text, title, folded)
        mark = not same and photo_mark(unit.text) is not None
        headline.append(same)
        marked.append(mark)
        signals[id(unit)] = same or mark

    def signalled(unit: Unit) -> bool:  # a caption by its own signals (asked of the units of ``rest``)
        return signals[id(unit)]

    guessed = guess(rest, lead_first=not have_lead, is_caption=signalled) if guess else [None] * len(rest)
    for unit, role, same, mark in zip(rest, guessed, headline, marked):
        if unit.hint:
            blocks.append(_plain(unit.hint, unit))
            continue
        if same:
            pieces = [("caption", unit)]  # the headline repeated as the caption of the main photo
        elif mark:
            pieces = _split_glued_caption(unit)
        else:
            pieces = [(role or "paragraph", unit)]
        for kind, piece in pieces:
            if kind == "paragraph" and not have_lead:
                kind, have_lead = "lead", True
            blocks.append(_plain(kind, piece))
    blocks.extend(credits)
    return title, tuple(blocks)
