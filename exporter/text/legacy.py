"""Pre-Unicode Vietnamese encodings: TCVN3 (ABC), VNI-Windows, VPS and VISCII.

Each table is written from its standard (the source is named above it) and built into a decoding table on
first use, so importing this module costs nothing. Bytes a standard leaves unassigned decode as Windows-1252
shows them (what the legacy fonts, which kept the Windows code page layout there, display) and are counted
by :func:`decode_counting`, which the encoding detector uses to penalise a wrong guess.

Word files typed in a legacy font store each byte as the Windows-1252 character of that byte (``Tr­êng §¹i
häc`` for TCVN3 ``Trường Đại học``); :func:`decode_font_text` turns such text back into Unicode.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import cache
from typing import Any, Dict, NamedTuple, Optional, Tuple

LEGACY_ENCODINGS: Tuple[str, ...] = ("tcvn3", "vni", "vps", "viscii")

#: Human-readable names, for messages and repair notes.
LEGACY_LABELS = {
    "tcvn3": "TCVN3 (ABC)",
    "vni": "VNI-Windows",
    "vps": "VPS",
    "viscii": "VISCII",
}

# Combining tone marks in the order the TCVN 5712 tables list the toned vowels: huyền, hỏi, ngã, sắc, nặng.
_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_TONE_ORDER = (_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT)

# --- TCVN3 / ABC ------------------------------------------------------------------------------------------
# TCVN 5712:1993, character set VN3 ("TCVN3", the ".Vn" fonts of the ABC keyboard). ASCII is unchanged, no C0
# or C1 position is reassigned. 0xA0 is the no-break space; 0xA1-0xA7 hold the seven capitals without tone
# (Ă Â Ê Ô Ơ Ư Đ), 0xA8-0xAE their small letters; the 60 small toned vowels follow from 0xB5, five per vowel
# in the order huyền, hỏi, ngã, sắc, nặng. Capitals with a tone have no code in VN3: documents switched to
# the all-capital ".VnTimeH" fonts, which draw the small-letter codes as capitals.
_TCVN3_PLAIN = {0xA0: "\u00a0", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
                0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ"}
_TCVN3_TONED = {  # vowel: codes of its huyền, hỏi, ngã, sắc, nặng forms
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}

# --- VISCII -------------------------------------------------------------------------------------------------
# RFC 1456 (VISCII 1.1, Viet-Std 1992; the same table as glibc's iconv VISCII). All 134 Vietnamese letters have
# a code: 128 in 0x80-0xFF and the six rarest capitals in C0 positions, which therefore must never be stripped
# as control characters before decoding.
_VISCII_C0 = {0x02: "Ẳ", 0x05: "Ẵ", 0x06: "Ẫ", 0x14: "Ỷ", 0x19: "Ỹ", 0x1E: "Ỵ"}
_VISCII_HIGH = (
    "ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐ"  # 0x80
    "ỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲ"  # 0x90
    "Õắằặấầẩậẽẹếềểễệố"  # 0xA0
    "ồổỗỠƠộờởịỰỨỪỬơớƯ"  # 0xB0
    "ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳ"  # 0xC0
    "ĐứÒÓÔạỷừửÙÚỹỵÝỡư"  # 0xD0
    "àáâãảăữẫèéêẻìíĩỉ"  # 0xE0
    "đựòóôõỏọụùúũủýợỮ"  # 0xF0
)

# --- VPS ----------------------------------------------------------------------------------------------------
# VPS code page of the Vietnamese Professionals Society (VPSKeys, 1993), as charted by VPS and in Unikey's
# converter (fcitx5-unikey data.cpp, where capitals that VPS puts in C0 fall back to the small letter). Like
# VISCII it moves fourteen capitals into C0; 0x91/0x92 keep the Windows quotes, and ß ç î ö ü stay at their
# Latin-1 places (0xDF 0xE7 0xEE 0xF6 0xFC) for French and German text.
_VPS_C0 = {0x02: "Ạ", 0x03: "Ậ", 0x04: "Ặ", 0x05: "Ẹ", 0x06: "Ệ", 0x10: "Ị", 0x11: "Ọ", 0x12: "Ộ",
           0x13: "Ợ", 0x14: "Ụ", 0x15: "Ự", 0x19: "Ỵ", 0x1C: "Ẫ", 0x1D: "Ữ"}
_VPS_HIGH = (
    "ÀẢÃẤẦẨọỗĂếềểệẮẰẲ"  # 0x80
    "Ế‘’ỀỂỄỐỒỔỖýỷỵỚỜỞ"  # 0x90
    "\u00a0ắằẳẵặỠớÙờởỡŨỨợỪ"  # 0xA0
    "ổỬỲỸÍÌộỈĨÓửữÒỎÕự"  # 0xB0
    "ầÁÂấẩẫậđẻÉÊẹỉễịỹ"  # 0xC0
    "ƯỦồốÔỏơÈừứÚũưÝẺß"  # 0xD0
    "àáâãảạăçèéêẽìíîĩ"  # 0xE0
    "ẴĐòóôõöƠụùúủüỶẼỳ"  # 0xF0
)

# --- VNI-Windows --------------------------------------------------------------------------------------------
# VNI-Windows (VNI Software, the "VNI-Times", "VNI-Helve" … fonts). A toned or modified vowel is its base
# letter followed by one diacritic byte; small letters take the marks at 0xE0-0xFF, capitals the same marks
# 0x20 lower. Nine letters have a single byte of their own (Đ đ Ơ ơ Ư ư and the i tones, Ỵ ỵ), and Ơ/Ư take
# tone bytes like any base. Sequences read as Windows-1252 look like "Tröôøng Ñaïi hoïc".
_VNI_SINGLE = {0xD1: "Đ", 0xF1: "đ", 0xD4: "Ơ", 0xF4: "ơ", 0xD6: "Ư", 0xF6: "ư",
               0xCC: "Ì", 0xEC: "ì", 0xC6: "Ỉ", 0xE6: "ỉ", 0xD3: "Ĩ", 0xF3: "ĩ",
               0xCD: "Í", 0xED: "í", 0xD2: "Ị", 0xF2: "ị", 0xCE: "Ỵ", 0xEE: "ỵ"}
_VNI_TONE_MARKS = {0xF8: _GRAVE, 0xFB: _HOOK, 0xF5: _TILDE, 0xF9: _ACUTE, 0xEF: _DOT}
_VNI_CIRCUMFLEX_MARKS = {0xE2: "", 0xE0: _GRAVE, 0xE5: _HOOK, 0xE3: _TILDE, 0xE1: _ACUTE, 0xE4: _DOT}
_VNI_BREVE_MARKS = {0xEA: "", 0xE8: _GRAVE, 0xFA: _HOOK, 0xFC: _TILDE, 0xE9: _ACUTE, 0xEB: _DOT}


class _Table(NamedTuple):
    decoding: str          # 256 characters for codecs.charmap_decode
    unassigned: bytes      # bytes the standard leaves without a letter (shown as Windows-1252)


def _windows_1252_view() -> list:
    """What a Windows-1252 font shows for each byte; its five undefined bytes stay C1 controls."""
    chars = [chr(i) for i in range(256)]
    for i in range(0x80, 0xA0):
        try:
            chars[i] = bytes([i]).decode("cp1252")
        except UnicodeDecodeError:
            pass
    return chars


@cache
def _table(encoding: str) -> _Table:
    chars = _windows_1252_view()
    if encoding == "tcvn3":
        for code, ch in _TCVN3_PLAIN.items():
            chars[code] = ch
        for vowel, codes in _TCVN3_TONED.items():
            for code, tone in zip(codes, _TONE_ORDER):
                chars[code] = unicodedata.normalize("NFC", vowel + tone)
        assigned = set(_TCVN3_PLAIN) | {c for codes in _TCVN3_TONED.values() for c in codes}
        # 0x80-0x9F keep the Windows punctuation (curly quotes, dashes) the .Vn fonts show there.
        unassigned = bytes(b for b in range(0xA0, 0x100) if b not in assigned)
    elif encoding in ("viscii", "vps"):
        c0, high = (_VISCII_C0, _VISCII_HIGH) if encoding == "viscii" else (_VPS_C0, _VPS_HIGH)
        assert len(high) == 128
        chars[0x80:] = list(high)
        for code, ch in c0.items():
            chars[code] = ch
        unassigned = b""
    else:
        raise ValueError(f"no single-byte table for {encoding!r}")
    return _Table("".join(chars), unassigned)


class _VniTable(NamedTuple):
    pattern: re.Pattern[str]   # matches a base + mark pair or any single high character
    mapping: Dict[str, str]      # matched text (Latin-1 view of the bytes) → Unicode
    odd: frozenset               # single characters that are no letter: unused codes, marks after no vowel


@cache
def _vni() -> _VniTable:
    view = _windows_1252_view()
    mapping: Dict[str, str] = {}
    for code in range(0x80, 0x100):
        mapping[chr(code)] = view[code]          # stray mark bytes and unused codes: as Windows shows them
    for code, ch in _VNI_SINGLE.items():
        mapping[chr(code)] = ch

    def add(bases: str, marks: Dict[int, str], modifier: str = "") -> str:
        for base in bases:
            for code, mark in marks.items():
                for mark_code in (code, code - 0x20):   # capital marks sit 0x20 below the small ones
                    # The case of the result follows the base letter; a mixed pair (a capital base with a
                    # small-letter mark) still decodes to the letter the VNI font draws.
                    mapping[base + chr(mark_code)] = unicodedata.normalize("NFC", base + modifier + mark)
        return "".join(chr(c) for m in marks for c in (m, m - 0x20))

    tones = add("AaEeOoUu", _VNI_TONE_MARKS)
    # Y takes four tone bytes: Ỵ ỵ have single bytes (0xCE, 0xEE), so "y" + dot-below byte is not a letter.
    add("Yy", {k: v for k, v in _VNI_TONE_MARKS.items() if v != _DOT})
    circumflex = add("AaEeOo", _VNI_CIRCUMFLEX_MARKS, "\u0302")
    breve = add("Aa", _VNI_BREVE_MARKS, "\u0306")
    for base_code, base in ((0xD4, "Ơ"), (0xF4, "ơ"), (0xD6, "Ư"), (0xF6, "ư")):
        for code, mark in _VNI_TONE_MARKS.items():
            for mark_code in (code, code - 0x20):
                mapping[chr(base_code) + chr(mark_code)] = unicodedata.normalize("NFC", base + mark)
    pattern = re.compile(
        "[Aa][%s]|[EeOo][%s]|[UuÔôÖö][%s]|[Yy][%s]|[\x80-\xff]" % (
            re.escape(tones + circumflex + breve), re.escape(tones + circumflex), re.escape(tones),
            re.escape("".join(chr(c) for k, v in _VNI_TONE_MARKS.items() if v != _DOT for c in (k, k - 0x20)))))
    letters = set(_VNI_SINGLE)
    # 0x80-0xBF keep the Windows punctuation the VNI fonts show there; from 0xC0 every code is a letter or a
    # mark, so a code met alone that is not a single-byte letter is no text.
    odd = frozenset(chr(b) for b in range(0xC0, 0x100) if b not in letters)
    return _VniTable(pattern, mapping, odd)


def decode_counting(data: bytes, encoding: str) -> Tuple[str, int]:
    """Decode ``data`` from a legacy encoding; return the NFC text and how many bytes were not letters of that
    encoding (unassigned codes, VNI diacritic bytes that follow no vowel). The detector uses the count."""
    if encoding == "vni":
        table = _vni()
        latin = data.decode("latin-1")
        odd = 0
        mapping = table.mapping  # every match is a key: pairs, and all of 0x80-0xFF alone

        def one(match: re.Match[str]) -> str:
            nonlocal odd
            found = match.group()
            if found in table.odd:
                odd += 1
            return mapping[found]

        text = table.pattern.sub(one, latin)
        return unicodedata.normalize("NFC", text), odd
    plain = _table(encoding)
    text, _ = codecs.charmap_decode(data, "strict", plain.decoding)
    odd = sum(data.count(bytes([b])) for b in plain.unassigned) if plain.unassigned else 0
    return unicodedata.normalize("NFC", text), odd


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode bytes in ``encoding`` (one of :data:`LEGACY_ENCODINGS`) to Unicode text in NFC.

    TCVN3 has no codes for capitals with tone marks, so they come back as small letters (see
    :func:`decode_font_text` with ``capitals=True`` for text set in the all-capital ".VnTimeH" fonts).
    """
    if encoding not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; known: {', '.join(LEGACY_ENCODINGS)}")
    return decode_counting(data, encoding)[0]


def font_encoding(font_name: str) -> Optional[str]:
    """The legacy encoding a font implies: ``.VnTime``, ``.VnTimeH``, ``.VnArial`` … → ``"tcvn3"``;
    ``VNI-Times``, ``VNI-Helve`` … → ``"vni"``; ``VPS Times`` … → ``"vps"``; any other font → ``None``."""
    name = (font_name or "").strip().lower()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith(("vni-", "vni ", "vni_")):
        return "vni"
    if name.startswith(("vps ", "vps-", "vps_")) or name == "vps":
        return "vps"
    return None


def is_capital_font(font_name: str) -> bool:
    """True for the all-capital TCVN3 fonts (``.VnTimeH``, ``.VnArialH``, ``.VnCentury SchoolbookH`` …): the
    family name ends in a capital H, and the font draws every letter code as a capital."""
    name = (font_name or "").strip()
    return font_encoding(name) == "tcvn3" and len(name) > 4 and name.endswith("H")


# Windows-1252 characters of 0x80-0x9F → the byte they stand for (the rest of Latin-1 maps to itself).
@cache
def _to_bytes_map() -> Dict[int, int]:
    return {ord(ch): code for code, ch in enumerate(_windows_1252_view()) if 0x80 <= code < 0xA0 and ord(ch) > 0xFF}


def cp1252_bytes(text: str) -> Optional[bytes]:
    """The bytes a Windows-1252 (or Latin-1) reader turned into ``text``; ``None`` when ``text`` holds a character
    neither can show (then it was not made that way)."""
    try:
        return text.translate(_to_bytes_map()).encode("latin-1")
    except UnicodeEncodeError:
        return None


_NOT_LATIN = re.compile(r"[^\x00-\xff]+")


def decode_font_text(text: str, encoding: str, *, capitals: bool = False) -> str:
    """Turn text as Word stores a run typed in a legacy font into Unicode NFC.

    Word keeps each byte typed in such a font as the Windows-1252 character of that byte, so TCVN3 ``Trường
    Đại học`` is stored as ``"Tr\\xadêng §¹i häc"`` and VNI as ``"Tröôøng Ñaïi hoïc"``. Characters Windows-1252
    cannot show (already Unicode) are kept as they are. ``capitals=True`` is for the all-capital fonts
    (``.VnTimeH`` …, see :func:`is_capital_font`): their small-letter codes are drawn as capitals.
    """
    if encoding not in LEGACY_ENCODINGS:
        raise ValueError(f"unknown legacy encoding {encoding!r}; known: {', '.join(LEGACY_ENCODINGS)}")
    text = text.translate(_to_bytes_map())
    parts = []
    pos = 0
    for match in _NOT_LATIN.finditer(text):
        parts.append(decode_legacy(text[pos:match.start()].encode("latin-1"), encoding))
        parts.append(match.group())
        pos = match.end()
    parts.append(decode_legacy(text[pos:].encode("latin-1"), encoding))
    result = unicodedata.normalize("NFC", "".join(parts))
    return result.upper() if capitals else result


def conversion_notes(counts: Counter[Tuple[str, str]]) -> Tuple[str, ...]:
    """Repair notes for runs converted from legacy fonts, ``counts`` being (encoding, font) → runs:
    "converted 3 runs from TCVN3 (.VnTime, .VnTimeH)". The Word and the HTML readers say it alike."""
    labels = {"tcvn3": "TCVN3", "vni": "VNI", "vps": "VPS"}
    totals: Counter = Counter()
    fonts: Dict[str, set] = {}
    for (encoding, font), n in counts.items():
        totals[encoding] += n
        fonts.setdefault(encoding, set()).add(font)
    return tuple(f"converted {totals[e]} run{'s' if totals[e] > 1 else ''} from {labels.get(e, e)} "
                 f"({', '.join(sorted(fonts[e]))})" for e in sorted(totals))


# --- Python codecs ------------------------------------------------------------------------------------------

def _encoder(encoding: str) -> Dict[str, str]:
    """Unicode character (NFC) → the Latin-1 view of its bytes in ``encoding``: the decoding tables inverted,
    assigned letters first so that a letter never encodes as a Windows-1252 look-alike."""
    if encoding == "vni":
        pairs = [(v, k) for k, v in _vni().mapping.items() if len(k) == 2 or ord(k) in _VNI_SINGLE]
        pairs += [(v, k) for k, v in _vni().mapping.items() if len(k) == 1 and ord(k) not in _VNI_SINGLE]
    else:
        pairs = [(ch, chr(code)) for code, ch in enumerate(_table(encoding).decoding)]
        pairs.sort(key=lambda p: 0x80 <= ord(p[1]) < 0xA0)  # C1-range punctuation last
    out: Dict[str, str] = {}
    for ch, raw in pairs:
        out.setdefault(ch, raw)
    return out


def _codec(encoding: str) -> codecs.CodecInfo:
    def decode(data: Any, errors: str = "strict") -> Tuple[str, int]:
        return decode_legacy(bytes(data), encoding), len(data)

    def encode(text: str, errors: str = "strict") -> Tuple[bytes, int]:
        mapping = _encoder_cached(encoding)  # built on first encode, not on lookup
        out = []
        for pos, ch in enumerate(unicodedata.normalize("NFC", text)):
            raw = mapping.get(ch, ch if ord(ch) < 0x80 else None)
            if raw is None:
                if errors == "strict":
                    raise UnicodeEncodeError(encoding, text, pos, pos + 1, "not in this encoding")
                raw = "?" if errors == "replace" else ""
            out.append(raw)
        return "".join(out).encode("latin-1"), len(text)

    return codecs.CodecInfo(encode, decode, name=encoding)


@cache
def _encoder_cached(encoding: str) -> Dict[str, str]:
    return _encoder(encoding)


def _search(name: str) -> Optional[codecs.CodecInfo]:
    return _codec(name) if name in LEGACY_ENCODINGS else None


@cache
def register_codecs() -> None:
    """Make ``tcvn3``, ``vni``, ``vps`` and ``viscii`` Python codecs (``data.decode("tcvn3")``,
    ``text.encode("vni")``). Called by the encoding registry before its first lookup, never at import time."""
    codecs.register(_search)
