"""How a glossary term is written and found: folded (case, and tone placement unified, so ``hòa`` finds
``hoà``), its pattern (flexible spaces and dashes, ``{n}`` a number in figures or Roman numerals), the number's value
and ordinal (``XIII`` → 13, ``13th``), and the bundled English respelt for ``--english us``."""
from __future__ import annotations

import re
from typing import Optional

from ..text.normalise import apply_tone_style

_US_SPELLING = {
    "Organisation": "Organization", "organisation": "organization", "Mobilisation": "Mobilization",
    "mobilisation": "mobilization", "Defence": "Defense", "defence": "defense", "Labour": "Labor",
    "labour": "labor", "Centre": "Center", "centre": "center", "Programme": "Program", "programme": "program",
}
_US_RE = re.compile(r"\b(" + "|".join(_US_SPELLING) + r")(s?)\b")

_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def fold(text: str) -> str:
    """Lower-case ``text`` and unify tone placement, keeping its length (so offsets stay valid)."""
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return apply_tone_style(lowered, "new")  # hòa → hoà: two characters for two


def us_spelling(text: str) -> str:
    return _US_RE.sub(lambda m: _US_SPELLING[m.group(1)] + m.group(2), text)


def term_pattern(term: str, index: int) -> str:
    """A regular expression for a folded glossary term: flexible spaces, dashes and ``{n}``."""
    parts = []
    words = fold(term).split()
    for position, word in enumerate(words):
        if position:
            parts.append(r"\s*" if words[position - 1].endswith(".") else r"\s+")
        chunk = []
        for piece in re.split(r"(\{n\}|[.,&\-–—])", word):
            if piece == "{n}":
                chunk.append(rf"(?P<n{index}>\d{{1,2}}|[ivxlc]{{1,7}})")
            elif piece == ".":
                chunk.append(r"\.\s*")
            elif piece in (",", "&"):
                chunk.append(rf"\s*{re.escape(piece)}\s*")
            elif piece in ("-", "–", "—"):
                chunk.append(r"\s*[-–—]\s*")
            elif piece:
                chunk.append(re.escape(piece))
        parts.append("".join(chunk))
    # a dash or comma standing alone between words ("Lao động - Thương binh")
    body = "".join(parts).replace(r"\s+\s*[-–—]\s*\s+", r"\s*[-–—]\s*")
    return rf"(?P<e{index}>(?<!\w){body}(?!\w))"


def roman_value(text: str) -> Optional[int]:
    text = text.lower()
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _ROMAN for ch in text):
        return None
    total = 0
    for i, ch in enumerate(text):
        value = _ROMAN[ch]
        total += -value if i + 1 < len(text) and _ROMAN[text[i + 1]] > value else value
    return total if to_roman(total) == text.upper() else None


def to_roman(number: int) -> str:
    out = []
    for value, letters in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
