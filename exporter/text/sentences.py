"""A sentence splitter that knows how Vietnamese news is written.

Machine-translation providers cap the length of one request (Google 4,999 characters, MyMemory 499), so a long
paragraph is cut at sentence boundaries before it is sent. A naive split at ". " breaks Vietnamese news in the
wrong places: ``TP. Hà Nội`` (city), ``PGS.TS. Nguyễn`` (titles), ``ông T. phải`` (an initial) and
``v.v.`` (etc.) all put a full stop before a space. Dates (``28/6``) and numbers (``1.312,76``) contain no
space after the dot and are never candidates.

:func:`split_sentences` returns pieces that, joined, give back the input exactly: each piece keeps the
whitespace that follows it. A break only happens after whitespace that follows sentence-final punctuation, or
right after the ``./.`` with which Vietnamese newsrooms end an article (often glued to the byline:
``… cùng nhau./. Thu Thủy/VOV``), so no word is ever cut.
"""
from __future__ import annotations

import re
from typing import List

__all__ = ["split_sentences", "ABBREVIATIONS"]

#: Abbreviations that end with a full stop but do not end a sentence, lower-cased, without the dot. Titles
#: (PGS = phó giáo sư, ThS = thạc sĩ, BS = bác sĩ, ...), places (TP = thành phố, Q = quận, P = phường,
#: TX = thị xã, TT = thị trấn) and a few English ones met in Vietnamese copy. ``v.v`` (vân vân, "etc.")
#: is deliberately absent: it often does end a sentence, so it is judged by what follows.
ABBREVIATIONS = frozenset(
    """
    tp tt tx q p h x pgs gs ts ths tskh bs bsck bscki bsckii ks cn ls ncs nsnd nsưt nxb đc
    tr st mr mrs ms dr vs sđt đt
    """.split()
)

# A run of sentence-final punctuation, then any closing quotes or brackets.
_END = re.compile(r"""(?:\.\/\.|[.!?…]+)["'”’»)\]]*""")
_OPENERS = "\"'“‘«([-–—"


def split_sentences(text: str) -> List[str]:
    """Split ``text`` into sentences; ``"".join(result) == text``.

    Each sentence keeps the whitespace that follows it. Empty input gives an empty list. Line breaks always
    end a sentence.
    """
    if not text:
        return []
    cuts: List[int] = []
    for match in _END.finditer(text):
        end = match.end()
        after = _skip_spaces(text, end)
        terminator = match.group(0)
        if terminator.startswith("./."):
            cuts.append(after)  # the newsroom end mark: break even when the byline is glued to it
            continue
        if after == end and end < len(text):
            continue  # no whitespace after the dot: 28/6, 1.312,76, TP.HCM, PGS.TS.BS, v.v.
        if after >= len(text):
            continue  # end of text: nothing to cut
        if _is_break(text, match.start(), terminator, after):
            cuts.append(after)
    for match in re.finditer(r"\n\s*", text):
        if match.end() < len(text):
            cuts.append(match.end())
    pieces: List[str] = []
    start = 0
    for cut in sorted(set(cuts)):
        if start < cut < len(text):
            pieces.append(text[start:cut])
            start = cut
    pieces.append(text[start:])
    return pieces


def _skip_spaces(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\u00a0\u2009\u202f":
        index += 1
    return index


def _is_break(text: str, start: int, terminator: str, after: int) -> bool:
    """Whether the punctuation ``terminator`` found at ``start`` ends a sentence, the next one starting at
    ``after``."""
    following = _first_alnum(text, after)
    if following is None or following.islower():
        return False  # "ông T. phải", "Chủ nhật, v.v. và": a lower-case word continues the sentence
    if "." not in terminator or any(ch in terminator for ch in "!?…") or terminator.startswith(".."):
        return True  # "?", "!", "…", "..." before a capital or a digit
    word = _word_before(text, start)
    if not word:
        return True
    if word.lower().rstrip(".") == "v.v":
        return True  # "vân vân" (etc.) before a capital ends the sentence
    last = word.split(".")[-1].lower()
    if last in ABBREVIATIONS:
        return False  # TP. Hà Nội, PGS.TS. Nguyễn, ThS. Lê
    if len(last) == 1 and last.isalpha():
        return False  # an initial: "ông T. Nguyễn", "Nguyễn Văn A. (ảnh)"
    return True


def _first_alnum(text: str, index: int):
    while index < len(text) and text[index] in _OPENERS + " ":
        index += 1
    if index < len(text) and text[index].isalnum():
        return text[index]
    return None


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end].lstrip(_OPENERS)
