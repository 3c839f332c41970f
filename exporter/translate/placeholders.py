"""Placeholders: glossary terms and names replaced by ``{v0}``, ``{v1}`` … before a text goes to a provider, and
put back afterwards.

Providers return placeholders changed in a few recurring ways, all recognised here: spaces inside, also between
the digits (``{ v 1 0 }``), upper case (``{V3}``), full-width braces, doubled braces (``{{v3}}``) and one brace
missing (``{v3`` or ``v3}``). Anything else (a placeholder lost, duplicated or invented) makes :func:`restore`
return ``None``; the caller then retries sentence by sentence, and only then translates without protection and
lets :func:`substitute` patch what it can.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, List, Optional, Sequence, Tuple

from .glossary import Glossary, Span
from .names import ascii_fold_keep_case
from .terms import fold

__all__ = ["Protected", "protect", "restore", "substitute", "PLACEHOLDER_RE", "placeholder"]

_OPEN = "{｛"
_CLOSE = "}｝"
_DIGITS = r"(?P<n>\d(?:[ \u00a0]?\d)*)"
#: A placeholder as providers return it: braces (one may be missing, or doubled), v or V, digits, spaces anywhere.
PLACEHOLDER_RE = re.compile(
    rf"(?:[{_OPEN}][ \u00a0]*){{1,2}}[vV][ \u00a0]*{_DIGITS}(?:[ \u00a0]*[{_CLOSE}]){{0,2}}"
    rf"|(?<![\w{_OPEN}])[vV][ \u00a0]*{_DIGITS.replace('P<n>', 'P<m>')}(?:[ \u00a0]*[{_CLOSE}]){{1,2}}"
)

# Words after which a glossary "the" would be doubled: "of the {v0}", "its {v0}".
_DETERMINERS = re.compile(
    r"(?:\b(?:the|a|an|its|his|her|their|our|your|my|this|that|these|those)|'s|’s)\s*$", re.IGNORECASE
)


def placeholder(number: int) -> str:
    """The placeholder sent for span ``number``."""
    return f"{{v{number}}}"


def _number(match: re.Match[str]) -> int:
    digits = match.group("n") or match.group("m")
    return int(re.sub(r"\D", "", digits))


@dataclass(frozen=True)
class Protected:
    """A text with its terms and names replaced by placeholders."""

    text: str
    """What is sent to the provider."""
    spans: Tuple[Span, ...]
    """The protected spans, in order; placeholder ``{v<i>}`` stands for ``spans[i]``."""

    @property
    def has_text(self) -> bool:
        """Whether anything but placeholders, spaces and punctuation is left to translate."""
        return any(ch.isalpha() for ch in PLACEHOLDER_RE.sub("", self.text))


def protect(text: str, glossary: Optional[Glossary], names: Iterable[str] = ()) -> Protected:
    """Replace the glossary terms and names of ``text`` by numbered placeholders; ``names`` are the full names
    of the whole article (see :meth:`Glossary.article_names`)."""
    spans = tuple(glossary.spans(text, names)) if glossary is not None else ()
    if not spans:
        return Protected(text, ())
    out, cursor = [], 0
    for number, span in enumerate(spans):
        out.append(text[cursor:span.start])
        out.append(placeholder(number))
        cursor = span.end
    out.append(text[cursor:])
    return Protected("".join(out), spans)


def restore(translated: str, protected: Protected) -> Optional[str]:
    """Put the English names back into a translation of ``protected.text``.

    Returns ``None`` when the provider lost, duplicated or invented a placeholder.
    """
    matches = list(PLACEHOLDER_RE.finditer(translated))
    if sorted(_number(m) for m in matches) != list(range(len(protected.spans))):
        return None
    out: List[str] = []
    cursor = 0
    for match in matches:
        before = translated[cursor:match.start()]
        span = protected.spans[_number(match)]
        replacement = span.replacement
        if span.kind == "term":
            context = "".join(out) + before
            if replacement.lower().startswith("the ") and _DETERMINERS.search(context):
                replacement = replacement[4:]  # "of the {v0}" must not become "of the the Politburo"
            if _sentence_start(context):
                replacement = replacement[:1].upper() + replacement[1:]
        out.append(before)
        out.append(replacement)
        cursor = match.end()
    out.append(translated[cursor:])
    return "".join(out)


def _sentence_start(before: str) -> bool:
    stripped = before.rstrip(" \"'“‘«([")
    return not stripped or stripped.endswith((".", "!", "?", "\n", "…"))


def substitute(translated: str, spans: Sequence[Span]) -> Tuple[str, int]:
    """Best effort for an unprotected translation: put back names whose diacritics the provider changed
    (``Truong Thi Mai`` → ``Trương Thị Mai``) and English names of terms it left in Vietnamese.

    Returns the text and how many glossary terms could not be found in it (and so were not applied).
    """
    missing = 0
    for span in spans:
        if span.kind in ("name", "place"):
            needle = ascii_fold_keep_case(span.original).lower()
            haystack = ascii_fold_keep_case(translated).lower()
        else:
            needle = " ".join(fold(span.original).split())
            haystack = fold(translated)
        pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
        pieces, cursor = [], 0
        for match in pattern.finditer(haystack):
            pieces.append(translated[cursor:match.start()])
            pieces.append(span.replacement)
            cursor = match.end()
        if pieces:
            pieces.append(translated[cursor:])
            translated = "".join(pieces)
        elif span.kind == "term" and span.replacement.lower() not in translated.lower():
            missing += 1
    return translated, missing
