"""VIQR, Vietnamese Quoted-Readable (RFC 1456, Viet-Std 1992): Vietnamese in 7-bit ASCII, ``Vie^.t Nam``.

A letter is followed by the ASCII characters of its marks: ``(`` breve (ă), ``^`` circumflex (â ê ô), ``+``
horn (ơ ư; ``*`` in the Vietnet variant many mail and forum posts used), then a tone: ``'`` sắc, `````
huyền, ``?`` hỏi, ``~`` ngã, ``.`` nặng. ``dd`` is đ, ``DD`` and ``Dd`` are Đ. RFC 1456 takes a mark character
as a mark if and only if it combines with the letter before it into a Vietnamese letter; a backslash before
it keeps it a character (``gi`\\?`` is "gì?"). One more rule of Vietnamese spelling is used: a syllable has
one tone, so a tone character after a word that already has one is punctuation (``Nội.`` ends a sentence).
"""
from __future__ import annotations

import codecs
import unicodedata
from functools import cache
from typing import Any, List, NamedTuple, Optional, Tuple

from .syllables import is_syllable

# Mark characters → combining marks (RFC 1456, section "VIQR").
_MODIFIERS = {"(": "\u0306", "^": "\u0302", "+": "\u031b", "*": "\u031b"}
_TONES = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
_TONE_MARKS = frozenset(_TONES.values())
_ESCAPABLE = frozenset("".join(_MODIFIERS) + "".join(_TONES) + "dD")
# What the encoder writes for each combining mark (``+`` for the horn, as RFC 1456 does).
_WRITE = {"\u0306": "(", "\u0302": "^", "\u031b": "+", **{v: k for k, v in _TONES.items()}}


@cache
def _letters() -> frozenset:
    """The 134 Vietnamese letters with a mark (and the 12 plain vowels), both cases, NFC."""
    bases = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
    small = {unicodedata.normalize("NFC", b + t) for b in bases for t in ("", *_TONE_MARKS)}
    return frozenset(small | {c.upper() for c in small})


def _combine(letter: str, mark: str) -> Optional[str]:
    """``letter`` with the combining ``mark`` added, when that is a Vietnamese letter; else ``None``."""
    parts = unicodedata.normalize("NFD", letter)
    if mark in parts or (mark in _TONE_MARKS and any(p in _TONE_MARKS for p in parts)):
        return None
    if mark not in _TONE_MARKS and any(p in _MODIFIERS.values() for p in parts):
        return None
    # Modifiers sit under the tone in NFD order whatever order they were typed in (á then ^ is ấ).
    tone = "".join(p for p in parts if p in _TONE_MARKS)
    rest = "".join(p for p in parts if p not in _TONE_MARKS)
    result = unicodedata.normalize("NFC", rest + mark + tone if mark not in _TONE_MARKS else rest + mark)
    return result if len(result) == 1 and result in _letters() else None


def _has_tone(ch: str) -> bool:
    return any(p in _TONE_MARKS for p in unicodedata.normalize("NFD", ch))


def _joins(word: str, ch: str, following: str, *, strict: bool = False) -> Optional[str]:
    """What a VIQR reader makes of ``ch`` after the letters ``word`` (the word so far, as read) when
    ``following`` comes next: the letter the last one becomes, or ``None`` when ``ch`` stays a character.
    ``strict`` is a reader that knows RFC 1456's rule only (the encoder escapes for such readers too)."""
    if not word:
        return None
    prev = word[-1]
    if ch in _MODIFIERS:
        return _combine(prev, _MODIFIERS[ch])
    if ch in _TONES:
        if strict:
            return _combine(prev, _TONES[ch])
        if any(_has_tone(c) for c in word):
            return None                      # a syllable has one tone: this is punctuation ("Nội.")
        combined = _combine(prev, _TONES[ch])
        if combined and not following.isalpha() and not is_syllable(word[:-1] + combined):
            return None                      # "đâu?" is no "đâủ": a tone lands where spelling puts it
        return combined
    if ch in "dD" and prev in ("d", "D") and (ch == "d" or prev == "D"):
        return "đ" if prev == "d" else "Đ"   # dd → đ, DD and Dd → Đ (so "Teddy" is written "Ted\\dy")
    return None


class Decoded(NamedTuple):
    """A VIQR decoding and how many mark characters it took as marks."""

    text: str
    marks: int       # mark characters taken as marks
    inside: int      # of those, marks inside a word (a letter follows), modifiers and dd: what VIQR is full of


def decode_viqr_counting(text: str) -> Decoded:
    """Turn VIQR mnemonics in ``text`` into Vietnamese letters (NFC); count the marks applied (the detector
    weighs ``inside`` marks: English and code put ``'``, ``?`` and ``.`` at the ends of words)."""
    out: List[str] = []
    marks = inside = 0
    word = ""               # the letters of the word being read, as read
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _ESCAPABLE and word:
            out.append(text[i + 1])          # an escaped mark character is a character
            word = ""
            i += 2
            continue
        following = text[i + 1:i + 2]
        combined = _joins(word, ch, following)
        if combined is not None:
            out[-1] = combined
            word = word[:-1] + combined
            marks += 1
            if ch not in _TONES or following.isalpha():
                inside += 1
        else:
            out.append(ch)
            word = word + ch if ch.isalpha() else ""
        i += 1
    return Decoded(unicodedata.normalize("NFC", "".join(out)), marks, inside)


def decode_viqr(text: str) -> str:
    """Turn VIQR text into Unicode NFC (``Vie^.t Nam`` → ``Việt Nam``); other characters are kept."""
    return decode_viqr_counting(text).text


def encode_viqr(text: str) -> Tuple[str, int]:
    """Write ``text`` in VIQR; return it and the number of characters that are neither ASCII nor Vietnamese
    (kept as they are: the caller decides whether that is an error). A mark character that RFC 1456 would
    join to the letter before it is escaped with a backslash (``yêu.`` is ``ye^u\\.``)."""
    out: List[str] = []
    other = 0
    word = ""               # the letters of the word so far, as a VIQR reader will have them
    text = unicodedata.normalize("NFC", text)
    for at, ch in enumerate(text):
        parts = unicodedata.normalize("NFD", ch)
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
        elif len(parts) > 1 and ch in _letters():
            # The quality mark first, then the tone (NFD puts the dot below before the circumflex).
            out.append(parts[0] + "".join(_WRITE[p] for p in sorted(parts[1:], key=lambda p: p in _TONE_MARKS)))
        else:
            if _joins(word, ch, text[at + 1:at + 2], strict=True) is not None:
                out.append("\\")
            elif not ch.isascii():
                other += 1
            out.append(ch)
        word = word + ch if ch.isalpha() else ""
    return "".join(out), other


# --- Python codec -------------------------------------------------------------------------------------------

def _codec() -> codecs.CodecInfo:
    def decode(data: Any, errors: str = "strict") -> Tuple[str, int]:
        return decode_viqr(bytes(data).decode("utf-8", errors)), len(data)

    def encode(text: str, errors: str = "strict") -> Tuple[bytes, int]:
        written, other = encode_viqr(text)
        if other:
            if errors == "strict":
                pos = next(i for i, ch in enumerate(text) if not ch.isascii() and unicodedata.normalize(
                    "NFC", ch) not in _letters() and ch not in "đĐ")
                raise UnicodeEncodeError("viqr", text, pos, pos + 1, "neither ASCII nor a Vietnamese letter")
            written = written.encode("ascii", errors).decode("ascii")
        return written.encode("ascii"), len(text)

    return codecs.CodecInfo(encode, decode, name="viqr")


def _search(name: str) -> Optional[codecs.CodecInfo]:
    return _codec() if name == "viqr" else None


@cache
def register_codec() -> None:
    """Make ``viqr`` a Python codec (``data.decode("viqr")``, ``text.encode("viqr")``). Called by the encoding
    registry before its first lookup of the name, never at import time."""
    codecs.register(_search)
