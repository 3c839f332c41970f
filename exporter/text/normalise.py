"""Normalisation of text: NFC everywhere, clean whitespace, no invisible or control characters, optional tone style.

Decoding (bytes → str) is :mod:`exporter.read.parse.encoding`; this module works on strings (the normalise stage,
:func:`exporter.pipeline.normalise`, applies it to every text of an article).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from types import SimpleNamespace
from typing import List, Optional, Tuple

from . import lazy_re

# Spaces that print like a space but are not U+0020: no-break, narrow no-break, figure, thin, en/em …
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\t\x0b\x0c"
# Characters that draw nothing and only confuse search, copy/paste and line breaking: zero-width characters, the
# soft hyphen, invisible mathematical operators, deprecated format characters and interlinear annotation marks.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u2061\u2062\u2063\u2064" \
    "\u206a\u206b\u206c\u206d\u206e\u206f\ufff9\ufffa\ufffb"
# Unicode tag characters (U+E0000–E007F): invisible, they can carry whole sentences unseen (hidden instructions to a
# language model); removed everywhere, an emoji flag built from them included (it becomes a plain black flag).
_TAGS = "\U000e0000-\U000e007f"
# Line and paragraph separators (U+2028, U+2029): line breaks in Unicode, but most software takes them for ordinary
# characters; made the line feed and blank line they mean.
_SEPARATORS = {"\u2028": "\n", "\u2029": "\n\n"}
# Bidirectional formatting characters: embeddings, overrides, isolates and marks (Unicode TR9). In a Vietnamese
# article they can only make text display in another order than it is stored ("Trojan source").
_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

_LABELS = {
    "space": "no-break or other special spaces replaced",
    "invisible": "zero-width or soft-hyphen characters removed",
    "bidi": "bidirectional control characters removed",
    "control": "control characters removed",
    "tag": "invisible tag characters removed",
    "separator": "Unicode line or paragraph separators made line breaks",
    "cr": "carriage returns removed",
    "tone": "tone placement unified",
}
_CLASS = {**{c: "space" for c in _SPACES}, **{c: "invisible" for c in _INVISIBLE}, **{c: "bidi" for c in _BIDI},
          **{c: "separator" for c in _SEPARATORS}}
_CLASS["\r"] = "cr"
_CLASS["\t"] = "tab"          # a tab made a space is ordinary white space, not worth a note
# Emoji (Unicode's pictographic blocks) and what may follow one inside a ZWJ sequence: the emoji variation
# selector and the skin tones. A zero-width joiner between two emoji makes one picture (👨‍👩‍👧, 🏳️‍🌈): it is kept.
_EMOJI = "\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff"
_MODIFIER = "[\ufe0f\U0001f3fb-\U0001f3ff]"
_NEEDS_WORK = lazy_re.compile("[%s%s%s%s%s\r\x00-\x08\x0e-\x1f\x7f-\x9f]" % (_SPACES, _INVISIBLE, _BIDI, _TAGS,
                                                                             "".join(_SEPARATORS)))
# The characters of _NEEDS_WORK below U+0100 (tests/test_normalise.py checks it): the no-break space, the tab, the
# CR, the soft hyphen, C0 and C1 controls. Most text that needs work holds only these, and sre compiles this class
# in microseconds, where the whole class, with characters beyond U+00FF, takes a 64K-entry table and 0.3 ms (about
# 3 M instructions of a cold render, issue #18): that one is compiled when a text holds something else to clean.
_NEEDS_WORK_LATIN1 = lazy_re.compile("[\x00-\x09\x0b-\x1f\x7f-\xa0\xad]")


def _single_spaces(text: str) -> str:
    """Every run of spaces made one space. Halving the runs with ``str.replace`` until none is left: a regular
    expression (`` {2,}``) stops at every single space of a paragraph and cost four times as much."""
    while "  " in text:
        text = text.replace("  ", " ")
    return text


@functools.cache
def _work_patterns() -> SimpleNamespace:
    """The expressions of text that needs work (:data:`_NEEDS_WORK` found something), compiled when a text first
    does: clean text, most of it, needs none of them (the emoji classes are most of this module's import); those
    of the zero-width joiner only when a text holds one."""
    return SimpleNamespace(
        #: A zero-width joiner kept: between two emoji.
        zwj_kept=lazy_re.compile("(?:(?<=[%s])|(?<=[%s]%s))\u200d(?=[%s])" % (_EMOJI, _EMOJI, _MODIFIER, _EMOJI)),
        spaces=lazy_re.compile("[%s]" % _SPACES),
        # What is removed: invisible and bidi characters, CR, and Unicode category Cc (C0, DEL, C1) less the line
        # feed (tabs and form feeds were made spaces before).
        control=lazy_re.compile("[%s%s%s\x00-\x09\x0b-\x1f\x7f-\x9f]" % (_INVISIBLE.replace("\u200d", ""), _BIDI,
                                                                           _TAGS)),
        zwj_dropped=lazy_re.compile("\u200d(?![%s])|(?<![%s])(?<![%s]%s)\u200d" % (_EMOJI, _EMOJI, _EMOJI,
                                                                                       _MODIFIER)),
    )


@functools.cache
def _emoji_sequence() -> re.Pattern:
    return re.compile("[%s]%s?(?:\u200d[%s]%s?)+" % (_EMOJI, _MODIFIER, _EMOJI, _MODIFIER))


def emoji_sequences(text: str) -> List[str]:
    """The emoji ZWJ sequences of ``text`` (the PDF names those it can only draw as their parts)."""
    return [m.group() for m in _emoji_sequence().finditer(text)] if "\u200d" in text else []


def clean_text(text: str, counts: Counter | None = None) -> str:
    """Return ``text`` in NFC with special spaces made plain, invisible, bidi and control characters removed
    (a zero-width joiner between two emoji is kept: it makes them one picture), CR/CRLF line ends made LF,
    runs of spaces collapsed and spaces at line ends stripped.

    Newlines are kept (they separate paragraphs in plain text). When ``counts`` is given, the number of
    characters changed per kind is added to it (keys of ``_LABELS``).
    """
    text = clean_chars(text, counts)
    if " \n" in text or "\n " in text or text.startswith(" ") or text.endswith(" "):
        text = "\n".join(line.strip(" ") for line in text.split("\n"))
    return text


#: Up to this many kinds of character to clean in a text are replaced one kind at a time.
_FEW = 8


def clean_chars(text: str, counts: Counter | None = None) -> str:
    """:func:`clean_text` without stripping line ends (for runs of inline text, whose edge spaces separate
    words)."""
    matches = _needing_work(text)
    if matches:
        work = _work_patterns()
        if "\r" in matches:
            text = text.replace("\r\n", "\n")
            matches = _needing_work(text)
        if counts is not None:
            for ch in matches:
                counts[_CLASS.get(ch, "tag" if ch >= "\U000e0000" else "control")] += 1
            if "\u200d" in text:  # a joiner between two emoji is kept (and not counted as removed)
                counts["invisible"] -= len(work.zwj_kept.findall(text))
        found = set(matches)
        for separator, breaks in _SEPARATORS.items():
            if separator in found:
                text = text.replace(separator, breaks)
        if len(found) <= _FEW:
            # Each character found is replaced in one pass of str.replace (special spaces by a space, the rest but
            # the joiner and the separators, dealt with on their own, removed: what the expressions ``spaces`` and
            # ``control`` say of it, without compiling them; tests/test_normalise.py checks every character), not
            # every character of the text tested twice.
            for ch in found:
                if ch in _SPACES:
                    text = text.replace(ch, " ")
                elif ch != "\u200d" and ch not in _SEPARATORS:
                    text = text.replace(ch, "")
        else:  # many kinds (hidden tag text): two passes of the expressions, whatever their number
            text = work.control.sub("", work.spaces.sub(" ", text))
        if "\u200d" in text:
            text = work.zwj_dropped.sub("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        if counts is not None:
            counts["nfc"] += 1
    return _single_spaces(text)


def _needing_work(text: str) -> List[str]:
    """Every character of ``text`` that needs work (:data:`_NEEDS_WORK`), in order; none for most text."""
    # Every character that needs work is one str.isprintable() refuses (spaces other than U+0020, format and control
    # characters, separators: tests/test_normalise.py checks all of Unicode), and that C loop is three times as fast
    # as the expression's character class: clean text (most text) is passed over once that way; other text (a line
    # feed is not printable either) is searched for what to clean, below U+0100 first.
    probe = text.replace("\n", " ") if "\n" in text else text
    if probe.isprintable():
        return []
    matches = _NEEDS_WORK_LATIN1.findall(text)
    for ch in set(matches):
        probe = probe.replace(ch, " ")
    return matches if probe.isprintable() else _NEEDS_WORK.findall(text)


def describe(counts: Counter) -> List[str]:
    """Human-readable notes for the counts collected by :func:`clean_text`."""
    notes = [f"{_LABELS[k]}: {n}" for k, n in counts.items() if k in _LABELS and n]
    if counts.get("nfc"):
        notes.append("decomposed (NFD) text composed to NFC")
    return notes


def clean_line(text: str, counts: Counter | None = None) -> str:
    """Like :func:`clean_text` for a one-line value: newlines become spaces, ends are stripped."""
    return _single_spaces(clean_text(text, counts).replace("\n", " ")).strip()


#: The addresses a link in a brief may have: the web and e-mail. ``javascript:``, ``file:``, ``data:`` and the rest
#: are no links in a brief (their text stays).
LINK_SCHEMES = ("http://", "https://", "mailto:")


def safe_link(href: Optional[str]) -> Optional[str]:
    """``href`` cleaned (no control or invisible character; spaces as ``%20``), or ``None`` when it is not an
    http, https or mailto address: the one rule for every link a brief shows, whoever wrote it."""
    if not href:
        return None
    href = clean_line(href).replace(" ", "%20")
    return href if href.lower().startswith(LINK_SCHEMES) else None


# Tone placement in the open rhymes oa, oe, uy (no final consonant, onset not "q"): the old style puts the tone
# on the first vowel (hòa, khỏe, thủy), the 2018 Ministry of Education rule (Quyết định 1989/QĐ-BGDĐT) on the
# second (hoà, khoẻ, thuỷ). The 15 pairs per case; NFC does not unify them.
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng


def _pairs() -> List[Tuple[str, str]]:
    pairs = []
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in _TONES:
            for f, s in ((first, second), (first.upper(), second), (first.upper(), second.upper())):
                old = unicodedata.normalize("NFC", f + tone) + s
                new = f + unicodedata.normalize("NFC", s + tone)
                pairs.append((old, new))
    return pairs


_OLD_TO_NEW = dict(_pairs())
_NEW_TO_OLD = {v: k for k, v in _OLD_TO_NEW.items()}
_LETTER = r"[^\W\d_]"


def _tone_pattern(table: dict) -> re.Pattern[str]:
    alternatives = "|".join(sorted(map(re.escape, table), key=len, reverse=True))
    # The rhyme must end the syllable (no final consonant or vowel after it) and not follow "q" (quá, quý are
    # written the same in both styles because u belongs to the onset there).
    return re.compile(r"(?<![qQ])(?<!%s[qQ])(%s)(?!%s)" % (_LETTER, alternatives, _LETTER))


@functools.cache
def _tone_patterns() -> Tuple[re.Pattern[str], re.Pattern[str]]:
    return _tone_pattern(_OLD_TO_NEW), _tone_pattern(_NEW_TO_OLD)


def apply_tone_style(text: str, style: str) -> str:
    """Unify tone placement in ``text`` (NFC) to ``style``: ``old`` (hòa), ``new`` (hoà) or ``keep``."""
    if style == "new":
        return _tone_patterns()[0].sub(lambda m: _OLD_TO_NEW[m.group(1)], text)
    if style == "old":
        return _tone_patterns()[1].sub(lambda m: _NEW_TO_OLD[m.group(1)], text)
    return text
