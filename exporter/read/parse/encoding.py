"""Bytes → correct Unicode Vietnamese text: byte order marks, UTF-8, legacy encodings and mojibake repair.

Order of work in :func:`decode_bytes`:

1. ``forced`` (the user's ``--encoding``) decodes with that encoding and nothing else.
2. A byte order mark names UTF-8, UTF-16 or UTF-32; NUL bytes in every other position mean UTF-16 without one.
3. Binary data (image, PDF, archive, executable magic numbers; NUL bytes; many control bytes) is refused.
4. Valid UTF-8 is taken as it is unless it holds characters clean Vietnamese never does (C1 controls, Latin-1
   symbols, letters such as ï ö ñ Æ): only then is it checked for UTF-8 misread as Windows-1252 or Latin-1
   (repaired with ftfy) and for legacy text shown as Windows-1252 characters and saved as UTF-8
   (:mod:`exporter.text.repair`). A repair is
   kept only when it yields clearly more valid Vietnamese syllables, so clean text is never "repaired"; it
   costs one regular-expression scan.
5. Anything else is decoded with every candidate (TCVN3, VNI, Windows-1252, Windows-1258, VISCII, VPS, UTF-8
   with replacement characters) and the decoding with the best syllable score wins
   (:func:`exporter.text.syllables.score_text`).

The result is always NFC.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any, List, NamedTuple, Optional, Sequence, Tuple

from ...errors import InputError, UsageError
from ...text import lazy_re
from ...text.encodings import ENCODINGS, bom_encoding, canonical_encoding, codec
from ...text.repair import plural, repair_text, sample_lines, unicode_patterns

# Seam to the detection tables (text/legacy.py, text/syllables.py, text/viqr.py): each function that scores or
# decodes a legacy reading imports them itself, so that clean UTF-8 input, by far the most common, never loads
# them (they are most of a plain-text render's reading cost, issue #12).

__all__ = ["Decoded", "decode_bytes", "canonical_encoding", "ENCODINGS"]


class Decoded(NamedTuple):
    """Text decoded from bytes, with what it was and what was done to it. (A named tuple: making a dataclass
    costs every process ~5 M instructions.)"""

    text: str
    """The text, Unicode NFC."""
    encoding: str
    """Canonical name of the encoding the bytes were in (a value of :data:`ENCODINGS`)."""
    repairs: Tuple[str, ...] = ()
    """Human-readable notes of what was repaired or normalised, e.g. ``"normalised NFD to NFC"``."""


_ENCODING_HINT = "name it with --encoding: utf-8, tcvn3, vni, vps, viscii, viqr, windows-1258 or windows-1252"


# --- binary data -----------------------------------------------------------------------------------------------

# Formats that are surely not text (binary formats that start with NUL bytes are refused for those anyway).
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or .docx)"), (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "an executable (ELF)"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Word/Office file"),
    (b"BZh9", "bzip2 data"), (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"), (b"Rar!\x1a\x07", "a RAR archive"),
)
# C0 bytes that are capitals in VISCII (RFC 1456) or VPS: never count them as control characters.
_LETTER_C0 = frozenset((0x02, 0x03, 0x04, 0x05, 0x06, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x19, 0x1C, 0x1D, 0x1E))
_HARD_CONTROLS = bytes(b for b in list(range(0x01, 0x20)) + [0x7F]
                       if b not in _LETTER_C0 and b not in (0x09, 0x0A, 0x0B, 0x0C, 0x0D))


def _binary_error(name: str, what: str) -> InputError:
    hint = "give a text, Markdown, HTML or .docx article"
    if "Word" in what:
        hint = "open it in Word or LibreOffice and save it as .docx"
    elif "docx" in what:
        hint = "a Word file needs the .docx suffix; other archives are not articles"
    return InputError(f"is {what}, not text", subject=name, hint=hint)


def _check_binary(data: bytes, name: str, *, nul_ok: bool = False) -> None:
    """Raise :class:`InputError` for data that is not text in any encoding."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise _binary_error(name, what)
    sample = data[:65536]
    if not nul_ok and b"\x00" in sample:
        raise _binary_error(name, "binary data (it holds NUL bytes)")
    controls = len(sample) - len(sample.translate(None, _HARD_CONTROLS))  # one pass, not one per byte value
    if controls > 2 + len(sample) // 100:
        raise _binary_error(name, f"binary data ({controls} control bytes)")


def _sniff_utf16(data: bytes) -> Optional[str]:
    """UTF-16 without a byte order mark: text in Latin script has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None




# --- valid UTF-8 (or other Unicode): repaired by exporter.text.repair --------------------------------------

def _from_unicode(text: str, encoding: str, repairs: List[str]) -> Decoded:
    text, notes = repair_text(text)
    return Decoded(text, encoding, tuple(repairs) + notes)


# --- anything else: legacy encodings ----------------------------------------------------------------------------

# In order of preference when two score the same: the legacy encodings of most old files first (TCVN3 in the
# north, VNI in the south), Windows-1252 before Windows-1258 when both give the same text, the rare ones last.
_CANDIDATES = ("tcvn3", "vni", "windows-1252", "windows-1258", "viscii", "vps", "utf-8")
_NOT_VIETNAMESE = ("windows-1252", "utf-8")


def _decode_candidate(data: bytes, encoding: str) -> Tuple[str, int]:
    """Decode with one candidate; return the NFC text and how many bytes the legacy table has no character
    for (shown as Windows-1252 would show them)."""
    from ...text.legacy import LEGACY_ENCODINGS, decode_counting
    if encoding in LEGACY_ENCODINGS:
        return decode_counting(data, encoding)
    # Undecodable bytes become U+FFFD, which the scoring counts already.
    return unicodedata.normalize("NFC", data.decode(codec(encoding), errors="replace")), 0


def _first_invalid(data: bytes) -> Optional[UnicodeDecodeError]:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as err:
        return err
    return None


def _where(data: bytes, at: int) -> str:
    line = data.count(b"\n", 0, at) + 1
    return f"offset {at} (line {line})"


def _invalid_utf8(data: bytes, name: str, err: UnicodeDecodeError, what: str = "is not valid UTF-8") -> InputError:
    """The error for bytes that are UTF-8 but for some invalid ones: where the first one is."""
    return InputError(f"{what}: byte 0x{data[err.start]:02X} at {_where(data, err.start)}", subject=name,
                      hint="re-save it as UTF-8, or give --errors replace to read bad bytes as U+FFFD")


def _replaced(data: bytes, name: str, notes: List[str]) -> Decoded:
    """``--errors replace``: UTF-8 with each invalid sequence as U+FFFD, a warning and a repair note."""
    err = _first_invalid(data)
    text = unicodedata.normalize("NFC", data.decode("utf-8", errors="replace"))
    if err is None:
        return _from_unicode(text, "utf-8", notes)
    bad = text.count("\ufffd")
    note = (f"replaced {plural(bad, 'invalid UTF-8 sequence')} with U+FFFD "
            f"(the first at {_where(data, err.start)})")
    logging.getLogger(__name__).warning("%s: %s (--errors replace)", name, note)
    return _from_unicode(text, "utf-8", notes + [note])


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 but for a few invalid bytes: its multi-byte characters are at least twice as many as the invalid
    sequences. Legacy text (TCVN3, VNI …) almost never forms a valid multi-byte sequence, let alone many."""
    sample = data[:65536].decode("utf-8", errors="replace")
    bad = sample.count("\ufffd")
    good = len(sample) - len(sample.encode("ascii", errors="ignore")) - bad
    return good >= 2 * bad > 0


def _utf8_with_errors(data: bytes, name: str, errors: str) -> Decoded:
    """Bytes that are UTF-8 but for some invalid ones: an error naming the first, or replaced."""
    err = _first_invalid(data)
    if errors == "replace" or err is None:
        return _replaced(data, name, [])
    raise _invalid_utf8(data, name, err)


def _detect(data: bytes, name: str, errors: str, candidates: Sequence[str] = _CANDIDATES) -> Decoded:
    from ...text.legacy import LEGACY_LABELS
    from ...text.syllables import decisive_change, score_text
    lines = data.split(b"\n")
    sample = b"\n".join(lines[i] for i in sample_lines(lines))
    best: Optional[Tuple[Any, str]] = None
    for enc in candidates:
        score = score_text(*_decode_candidate(sample, enc))
        if best is None or score.value > best[0].value:   # ties keep the earlier candidate
            best = (score, enc)
    assert best is not None, "no candidate encodings"
    score, enc = best
    if enc not in _NOT_VIETNAMESE and "windows-1252" in candidates:
        # A Vietnamese reading wins over what Windows shows only when it is decisively Vietnamese: Western text
        # ("Malmö … È façon été Ï.") is never made Vietnamese ("… ẻ façon été ỹ.") for a few single letters.
        # A reading with more of the commonest syllables wins all the same ("HÒ Chí Minh" is "Hồ Chí Minh").
        western, _ = _decode_candidate(sample, "windows-1252")
        vietnamese, _ = _decode_candidate(sample, enc)
        western_score = score_text(western)
        if not decisive_change(western, vietnamese, broken_evidence=1, western_evidence=1) and \
                score.common <= western_score.common and western_score.plausible(vietnamese=False):
            score, enc = western_score, "windows-1252"
    if not score.plausible(vietnamese=enc not in _NOT_VIETNAMESE):
        raise InputError("is neither UTF-8 nor text in a known Vietnamese encoding", subject=name,
                         hint=f"if it is text, {_ENCODING_HINT}")
    if enc == "utf-8":
        return _utf8_with_errors(data, name, errors)
    text, odd = _decode_candidate(data, enc)
    if enc == "windows-1258":
        note = "decoded Windows-1258 (tone marks stored as combining characters)"
    elif enc == "windows-1252":
        note = "decoded Windows-1252"
    else:
        note = f"decoded {LEGACY_LABELS[enc]} legacy encoding"
    if odd:
        note += f"; {plural(odd, 'byte')} with no character in it"
    return Decoded(text, enc, (note,))


# --- entry point ------------------------------------------------------------------------------------------------

def _forced(data: bytes, name: str, encoding: str, errors: str) -> Decoded:
    from ...text.legacy import LEGACY_ENCODINGS, decode_legacy
    from ...text.viqr import decode_viqr
    _check_binary(data, name, nul_ok=encoding.startswith(("utf-16", "utf-32")))
    note = f"encoding {encoding} given with --encoding (not detected)"
    if encoding in LEGACY_ENCODINGS:
        text = decode_legacy(data, encoding)
        _warn_if_garbled(text, name, encoding)
        return Decoded(text, encoding, (note,))
    if encoding == "viqr":   # 7-bit text over UTF-8 (or ASCII)
        unicode = _forced(data, name, "utf-8", errors)
        text = decode_viqr(unicode.text)
        _warn_if_garbled(text, name, encoding)
        return Decoded(text, encoding, (note,) + unicode.repairs[1:])
    try:
        text = data.decode(codec(encoding)).lstrip("\ufeff")
    except UnicodeDecodeError as err:
        if encoding == "utf-8" and errors == "replace":
            return _replaced(data.removeprefix(b"\xef\xbb\xbf"), name, [note])
        if encoding == "utf-8":
            raise _invalid_utf8(data, name, err) from None
        raise InputError(f"is not valid {encoding} (byte {err.start})", subject=name,
                         hint="check the --encoding value, or leave it out to detect the encoding") from None
    repairs = [note]
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
        repairs.append("normalised NFD to NFC")
    _warn_if_garbled(text, name, encoding)
    return Decoded(text, encoding, tuple(repairs))


def _warn_if_garbled(text: str, name: str, encoding: str) -> None:
    """A forced encoding is obeyed, but a wrong one must not pass silently: warn when most words it gives are
    no Vietnamese syllable."""
    from ...text.syllables import score_text
    score = score_text(text)
    bad = score.invalid + score.junk
    if bad >= 5 and bad > score.valid:
        logging.getLogger(__name__).warning(
            "%s: read as %s (--encoding), only %d of %d words are Vietnamese syllables: the text is probably "
            "garbled (leave --encoding out to detect the encoding)", name, encoding, score.valid,
            score.valid + score.invalid)


def decode_bytes(data: bytes, *, name: str, forced: Optional[str] = None, errors: str = "strict") -> Decoded:
    """Decode the bytes of an input to Unicode NFC text, detecting the encoding.

    ``name`` names the input in error messages; ``forced`` (the ``--encoding`` option) skips detection.
    ``errors`` (``--errors``) is ``strict``: bytes that are UTF-8 but for some invalid ones are an
    :class:`InputError` naming the first bad byte's offset and line; or ``replace``: those become U+FFFD, with
    a warning. Raises :class:`UsageError` for an unknown ``forced`` name and :class:`InputError` for binary
    data or bytes that no known encoding makes text of. Empty input gives empty text (the caller decides
    whether that is an error).
    """
    if errors not in ("strict", "replace"):
        raise UsageError(f"unknown error handling {errors!r}", subject="--errors", hint="strict or replace")
    if forced:
        return _forced(data, name, canonical_encoding(forced), errors)
    if not data:
        return Decoded("", "utf-8", ())
    marked = _by_byte_order(data, name, errors)
    if marked is not None:
        return marked
    _check_binary(data, name)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        return _not_utf8(data, name, errors, err)
    viqr = _viqr(text) if _no_letters_beyond_ascii(text) else None
    if viqr is not None:
        return viqr
    if len(data) <= 4096 and not text.isascii() and _other_script(data):
        _hint_if_legacy(data, text, name)
    return _from_unicode(text, "utf-8", [])


def _by_byte_order(data: bytes, name: str, errors: str) -> Optional[Decoded]:
    """Unicode that says so: a byte order mark, or NUL bytes where UTF-16 without one has them; else None."""
    bom = bom_encoding(data)
    if bom is not None:
        label = bom[0]
        try:
            text = data.decode(label)
        except UnicodeDecodeError as err:
            if label == "utf-8" and errors == "replace":
                return _replaced(data[bom[1]:], name, [])
            if label == "utf-8":
                raise _invalid_utf8(data, name, err) from None
            raise InputError(f"starts with a {label} byte order mark but is not valid {label} (byte "
                             f"{err.start})", subject=name, hint=_ENCODING_HINT) from None
        return _from_unicode(text.lstrip("\ufeff"), "utf-8-sig" if label == "utf-8" else label, [])
    utf16 = _sniff_utf16(data) if b"\x00" in data[:65536] else None
    if utf16:
        _check_binary(data, name, nul_ok=True)
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            return None
        endian = "little" if utf16 == "utf-16-le" else "big"
        return _from_unicode(text, "utf-16", [f"read UTF-16 ({endian}-endian) without a byte order mark"])
    return None


def _not_utf8(data: bytes, name: str, errors: str, err: UnicodeDecodeError) -> Decoded:
    """Bytes that are not valid UTF-8: cut off inside their last character, mostly UTF-8 with some invalid bytes,
    or something else, detected."""
    if err.reason == "unexpected end of data" and err.end == len(data) and err.start > len(data) - 4:
        # A file cut off inside its last character (a partial download, ``head -c``), provided the rest is
        # UTF-8 with characters outside ASCII: a legacy byte at the end of ASCII text looks the same.
        try:
            text = data[:err.start].decode("utf-8")
        except UnicodeDecodeError:
            return _detect(data, name, errors)
        if not text.isascii() and not _other_script(data[:err.start]):
            if errors == "strict":
                raise _invalid_utf8(data, name, err, "ends inside a UTF-8 character (cut off?)") from None
            return _replaced(data, name, [])
    if _mostly_utf8(data):
        return _utf8_with_errors(data, name, errors)
    return _detect(data, name, errors)


# UTF-8 lead bytes of the characters near the blocks of ``unicode_patterns().other_script`` (U+0250-U+02AF,
# U+0370-U+1DFF, U+1F00-U+1FFF): C9-CA (U+0240-U+02BF), CD-E0 (U+0340-U+0FFF); E1 (U+1000-U+1FFF) leads Vietnamese
# letters too, which are E1 B8-BB (U+1E00-U+1EFF).
_NOT_NEAR_OTHER_SCRIPTS = bytes(b for b in range(256) if b not in (0xC9, 0xCA) and not 0xCD <= b <= 0xE0)
_LATIN_EXTENDED_ADDITIONAL = (b"\xe1\xb8", b"\xe1\xb9", b"\xe1\xba", b"\xe1\xbb")


def _other_script(data: bytes) -> bool:
    """Whether the UTF-8 ``data`` holds letters of scripts Vietnamese words never mix in (``unicode_patterns()``'s
    ``other_script``). Their bytes are looked for first (C-speed byte counts, nothing compiled): most text has none
    near those blocks, and is answered without the expression, whose class sre compiles in 0.6 ms, about 9 M
    instructions of a cold render (issue #18); tests/test_encoding.py checks every code point."""
    near = data.translate(None, _NOT_NEAR_OTHER_SCRIPTS)
    if not near and data.count(b"\xe1") == sum(map(data.count, _LATIN_EXTENDED_ADDITIONAL)):
        return False
    return unicode_patterns().other_script.search(data.decode("utf-8")) is not None


def _no_letters_beyond_ascii(text: str) -> bool:
    """True when every letter is ASCII (VIQR text may still hold curly quotes, dashes and symbols)."""
    if text.isascii():
        return True
    return not any(match.group().isalpha() for match in re.finditer(r"[^\x00-\x7f]", text))


# Mark characters where VIQR text has them and English rarely does: a quality mark after a vowel, or a tone
# mark inside a word. Text with fewer than three is not looked at further (it costs one scan).
_VIQR_HINT = lazy_re.compile(r"[AEOUaeou][(^+*]|[AEIOUYaeiouy]['`?~.][A-Za-z]|[Dd][Dd][AEIOUaeiou]")
_VIQR_SAMPLE = 8000


def _viqr(text: str) -> Optional[Decoded]:
    """ASCII text in VIQR (RFC 1456): decoded when the reading is decisively Vietnamese, else ``None``.

    Guards, so that English or code full of ``?``, ``'`` and ``.`` is never "decoded": most marks the reading
    applies must sit inside words or be quality marks (English puts ``?`` ``.`` ``'`` at the ends of words:
    "go?" is no "gỏ"), and the words it changes must be decisively Vietnamese syllables, several different
    ones, one of them common (:func:`exporter.text.syllables.decisive_change`).
    """
    from ...text.syllables import decisive_change
    from ...text.viqr import decode_viqr, decode_viqr_counting
    sample = text[:_VIQR_SAMPLE]
    hints = 0
    for hints, _ in enumerate(_VIQR_HINT.finditer(sample), 1):
        if hints >= 3:
            break
    if hints < 3:
        return None
    reading = decode_viqr_counting(sample)
    if reading.inside < 3 or reading.inside * 2 < reading.marks:
        return None
    if not decisive_change(sample, reading.text):
        return None
    decoded = reading.text if len(text) <= _VIQR_SAMPLE else decode_viqr(text)
    return Decoded(decoded, "viqr", ("decoded VIQR (Vietnamese in ASCII, RFC 1456)",))


def _hint_if_legacy(data: bytes, text: str, name: str) -> None:
    """Valid UTF-8 is read as UTF-8, whatever scripts it holds. A few legacy bytes can happen to form valid
    UTF-8, though (VPS "người" is "ng\xdc\xa9i", a Syriac letter in UTF-8): when a legacy decoding of a short
    text is decisively Vietnamese, say so, and how to read it that way."""
    from ...text.legacy import LEGACY_ENCODINGS, LEGACY_LABELS, decode_counting
    from ...text.syllables import decisive_change
    for enc in LEGACY_ENCODINGS:
        decoded, odd = decode_counting(data, enc)
        if not odd and decisive_change(text, decoded, broken_evidence=1):
            logging.getLogger(__name__).warning(
                "%s: read as UTF-8, but it reads as Vietnamese in %s (%r): if that is what it is, give "
                "--encoding %s", name, LEGACY_LABELS[enc], decoded[:40], enc)
            return
