"""Repairing Vietnamese text that is already Unicode but was garbled on its way: UTF-8 misread as Windows-1252 or
Latin-1 (mojibake, repaired with ftfy and by decoding the sequences it left), and text in a legacy encoding (TCVN3,
VNI, VPS, VISCII, Windows-1258) shown as Windows-1252 characters and saved as UTF-8. A repair is kept only when it
yields clearly more valid Vietnamese syllables (:func:`exporter.text.syllables.decisive_change`), so clean text is
never "repaired". Bytes are the reader's business (:mod:`exporter.read.parse.encoding`); this works on strings.
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from types import SimpleNamespace
from typing import List, Optional, Sequence, Tuple

from . import lazy_re

_WINDOWS_0x80 = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"   # what Windows-1252 shows for 0x80-0x9F
_LEADS = frozenset(chr(c) for c in range(0xC2, 0xF5))  # UTF-8 lead bytes as Windows-1252 shows them
_CONTINUATION = frozenset(chr(c) for c in range(0x80, 0xC0)) | frozenset(_WINDOWS_0x80)


@cache
def unicode_patterns() -> SimpleNamespace:
    """The two expressions every non-ASCII text meets, compiled on first use (importing compiles nothing)."""
    vietnamese_latin1 = "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý"
    return SimpleNamespace(
        # Characters of Windows-1252/Latin-1 that clean Vietnamese never holds: C1 controls, the symbols of
        # U+00A1-U+00BF, Latin-1 letters that are not Vietnamese. Every UTF-8-as-Windows-1252 mojibake and
        # every TCVN3/VNI text shown in Windows-1252 has some; clean text rarely does (° ² © « »).
        suspect=re.compile("[\x80-\x9f\xa1-\xbf%s]" % "".join(
            chr(c) for c in range(0xC0, 0x100) if chr(c) not in vietnamese_latin1)),
        # Letters of scripts Vietnamese words never mix in (IPA, Greek to Mongolian): legacy bytes that
        # happen to be valid UTF-8 decode to these.
        other_script=lazy_re.compile("[\u0250-\u02af\u0370-\u1dff\u1f00-\u1fff]"),  # compiled on its first use
    )


@cache
def _repair_patterns() -> SimpleNamespace:
    """Expressions of the repair path, compiled when a text first needs them."""
    cont = "[\x80-\xbf%s]" % _WINDOWS_0x80
    return SimpleNamespace(
        not_cp1252=re.compile("[^\x00-\xff%s]" % _WINDOWS_0x80),
        # A UTF-8 sequence as Windows-1252/Latin-1 shows it: a lead byte and one to three continuation bytes.
        utf8_as_1252=re.compile("[\xc2-\xdf]%s|[\xe0-\xef]%s{2}|[\xf0-\xf4]%s{3}" % (cont, cont, cont)),
    )


def _looks_like_mojibake(text: str) -> bool:
    """True when a suspect character sits where UTF-8 read as Windows-1252 puts one: a continuation byte's
    character after a lead byte's (``Ã©``, ``á»``), or Ä Å Æ before a continuation (``Ä‘``, ``Æ°``). Only
    the rare suspect characters are visited, so clean text full of à á costs nothing."""
    for count, match in enumerate(unicode_patterns().suspect.finditer(text)):
        at = match.start()
        ch = text[at]
        if at and ch <= "\xbf" and text[at - 1] in _LEADS:
            return True
        if ch in "ÄÅÆ" and text[at + 1:at + 2] in _CONTINUATION:
            return True
        if count > 2000:
            break
    return False


def _fix_sequences(text: str) -> Tuple[str, int]:
    """Decode every Windows-1252 view of a UTF-8 sequence back to its character, repeating for text that went
    through the misreading more than once (ftfy is cautious with mojibake mixed into correct text); return the
    text and how many passes changed it."""
    from .legacy import cp1252_bytes
    def one(match: re.Match[str]) -> str:
        raw = cp1252_bytes(match.group())
        try:
            return raw.decode("utf-8") if raw is not None else match.group()
        except UnicodeDecodeError:
            return match.group()

    passes = 0
    for _ in range(3):
        fixed = _repair_patterns().utf8_as_1252.sub(one, text)
        if fixed == text:
            break
        text, passes = fixed, passes + 1
    return text, passes


def plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else ("es" if word.endswith("s") else "s"))


def _ftfy_note(steps) -> str:
    passes = sum(1 for kind, _ in steps if kind == "decode")
    names = []
    for kind, what in steps:
        label = {"sloppy-windows-1252": "Windows-1252", "latin-1": "Latin-1"}.get(what, what)
        if kind == "encode" and label not in names:
            names.append(label)
    if not passes:
        return "repaired UTF-8 misread as Windows-1252 (mixed with correct text)"
    return f"repaired UTF-8 misread as {' / '.join(names)} ({plural(passes, 'pass')})"


def repair_unicode(text: str) -> Optional[Tuple[str, str]]:
    """Repair mojibake or legacy text in Windows-1252 view; ``(fixed, note)``, or ``None`` to keep ``text``."""
    from .legacy import LEGACY_ENCODINGS, LEGACY_LABELS, cp1252_bytes, decode_counting
    from .syllables import decisive_change, score_text
    candidates: List[Tuple[str, int, str]] = []   # (text, bytes without a character, note)
    if _looks_like_mojibake(text):
        import ftfy

        fixed, steps = ftfy.fix_encoding_and_explain(text)
        if fixed != text:
            candidates.append((fixed, 0, _ftfy_note(steps or ())))
        fixed, passes = _fix_sequences(fixed)
        if passes:
            candidates.append((fixed, 0, f"repaired UTF-8 misread as Windows-1252 ({plural(passes, 'pass')}, "
                                         "mixed with correct text)"))
    if not _repair_patterns().not_cp1252.search(text):
        raw = cp1252_bytes(text)
        if raw is not None:
            seen_as = "shown as Windows-1252 characters and saved as UTF-8"
            for enc in LEGACY_ENCODINGS:
                decoded, odd = decode_counting(raw, enc)
                candidates.append((decoded, odd, f"repaired {LEGACY_LABELS[enc]} text {seen_as}"))
            decoded = unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))
            candidates.append((decoded, 0, f"repaired Windows-1258 text {seen_as}"))
    if not candidates:
        return None
    lines = text.split("\n")
    picked = sample_lines(lines)

    def sample(candidate: str) -> str:
        cand_lines = candidate.split("\n")
        if len(cand_lines) != len(lines):
            return candidate
        return "\n".join(cand_lines[i] for i in picked)

    base = score_text(sample(text))
    scored = [(score_text(sample(c[0]), c[1]), c) for c in candidates]
    best_score, best = max(scored, key=lambda item: item[0].value)
    # Keep the text unless the repair is decisively more Vietnamese: clean text is never "repaired".
    if best_score.value > base.value and decisive_change(sample(text), sample(best[0])):
        return best[0], best[2]
    return None


def repair_text(text: str) -> Tuple[str, Tuple[str, ...]]:
    """Repair text that is already Unicode (a page decoded by its declared charset, a clipboard paste): UTF-8
    misread as Windows-1252/Latin-1, TCVN3/VNI/VPS/VISCII/Windows-1258 text shown as Windows-1252 characters,
    NFD. Returns the NFC text and notes of what was done; clean text comes back unchanged with no notes."""
    repairs: List[str] = []
    if not text.isascii():
        if unicode_patterns().suspect.search(text):
            repaired = repair_unicode(text)
            if repaired is not None:
                text = repaired[0]
                repairs.append(repaired[1])
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
            repairs.append("normalised NFD to NFC")
    return text, tuple(repairs)


def sample_lines(lines: Sequence, limit: int = 12000) -> List[int]:
    """Indexes of the lines with non-ASCII content, up to about ``limit`` characters: what scoring reads."""
    picked, size = [], 0
    for i, line in enumerate(lines):
        if not line.isascii():
            picked.append(i)
            size += len(line)
            if size >= limit:
                break
    return picked
