"""A news page's bytes → text, as a browser decides: the WHATWG order (the user's ``--encoding``, a byte order
mark, the HTTP header's charset, a ``<meta>`` declaration, else detection), pages that were mojibake before they
were saved repaired, and pages that set text in legacy Vietnamese fonts (``<font face=".VnTime">``,
``style="font-family: VNI-Times"``) told apart, for :func:`exporter.read.rules.page_fonts.convert_legacy_fonts`."""
from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from typing import List, Optional, Tuple

from ...errors import InputError
from ...options import Options
from ...text.encodings import bom_encoding, lookup, web_encoding
from ...text.repair import repair_unicode
from .encoding import decode_bytes

log = logging.getLogger(__name__)

# Canonical encodings a page's declaration is read in as a browser reads it (see web_encoding); any other known
# one (a Vietnamese legacy encoding) is read as --encoding would read it.
_WEB_ENCODINGS = ("utf-8", "utf-16", "utf-16-le", "utf-16-be", "windows-1252", "windows-1258", "latin-1")
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# A legacy Vietnamese font (.VnTime … = TCVN3, VNI-Times … = VNI, VPS Times … = VPS; see
# exporter.text.legacy.font_encoding) named by a face attribute or a font declaration, in lower-cased bytes.
# Each pattern starts with a literal, which keeps the search over a large page to a millisecond or two.
_LEGACY_NAME = rb"(?:\.vn[a-z]|vni[-_ ]|vps[-_ ])"
_FACE_LEGACY = re.compile(rb"""face\s*=\s*["']?\s*""" + _LEGACY_NAME)
_FONT_LEGACY = re.compile(rb"""font(?:-family)?\s*:\s*(?:["']|&quot;)?[^;"'<>&]{0,80}?""" + _LEGACY_NAME)
# Decodings in which a legacy font's 8-bit codes stand as the Windows-1252 characters of those bytes (how a
# browser or Word saved such text); after any other decoding the text is already converted, or cannot be.
FONT_VIEW_ENCODINGS = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "windows-1252",
                        "latin-1"}

def decode_html(data: bytes, *, name: str, charset: Optional[str] = None, forced: Optional[str] = None,
                errors: str = "strict") -> Tuple[str, str, Tuple[str, ...]]:
    """Decode a page; return ``(text, encoding, repairs)``.

    Order of the WHATWG HTML standard (§13.2.3, "Determining the character encoding"): ``forced`` (the user's
    ``--encoding``), then a byte order mark, then ``charset`` (the HTTP header), then a ``<meta charset>`` or
    ``http-equiv`` declaration, else detection by :func:`exporter.read.parse.encoding.decode_bytes`. A declared
    charset that does not decode the bytes is ignored, with a note in the repairs. A page taken as Unicode (a
    BOM, a UTF-8 declaration) whose text was mojibake before it was saved (``Viá»‡t Nam``) is repaired, with
    a note; one that sets text in legacy fonts is left to
    :func:`~exporter.read.rules.page_fonts.convert_legacy_fonts` instead.
    """
    if forced:
        decoded = decode_bytes(data, name=name, forced=forced, errors=errors)
        return decoded.text, decoded.encoding, tuple(decoded.repairs)
    marked = _by_byte_order(data, name, errors)
    if marked is not None:
        return marked
    notes: List[str] = []
    meta = _META_CHARSET.search(data[:65536])
    declared = [(charset, "HTTP header")] if charset else []
    if meta:
        declared.append((meta.group(1).decode("ascii", "replace"), "<meta> tag"))
    for label, where in declared:
        label = label.strip().strip("\"'").lower()
        known = lookup(label)
        if known is None:
            notes.append(f"unknown charset {label!r} in the {where} ignored")
            continue
        encoding = web_encoding(known) if known in _WEB_ENCODINGS else None
        if where == "<meta> tag" and encoding and encoding.startswith("utf-16"):
            encoding = "utf-8"  # a meta tag read as ASCII cannot be UTF-16 (WHATWG §13.2.3.2, step 12)
        try:
            if encoding is None:  # a Vietnamese legacy label (viscii, tcvn3 …)
                decoded = decode_bytes(data, name=name, forced=known, errors=errors)
                return decoded.text, decoded.encoding, tuple(notes)
            text = data.decode(encoding)
            if encoding.startswith("utf-"):
                text, fixed = _unmangle(text, name)
                notes.extend(fixed)
            # Windows-1258 stores tones as combining marks: compose them as every other path does
            return unicodedata.normalize("NFC", text), encoding, tuple(notes)
        except (UnicodeDecodeError, InputError):
            notes.append(f"charset {label!r} declared in the {where} does not match the bytes; detected instead")
            log.warning("%s: %s", name, notes[-1])
    if names_legacy_font(data):
        # text in legacy fonts looks like legacy text saved as UTF-8, which detection would convert as a whole
        try:
            return unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8", tuple(notes)
        except UnicodeDecodeError:
            pass
    decoded = decode_bytes(data, name=name, errors=errors)
    return decoded.text, decoded.encoding, tuple(notes) + tuple(decoded.repairs)


def _by_byte_order(data: bytes, name: str, errors: str) -> Optional[Tuple[str, str, Tuple[str, ...]]]:
    """A page with a byte order mark, read as a browser reads it, or None."""
    bom = bom_encoding(data)
    # A browser knows the UTF-8 and UTF-16 marks only (WHATWG §13.2.3.1): a UTF-32 LE mark reads as UTF-16 LE.
    if bom is None or (bom[0] == "utf-32" and not data.startswith(codecs.BOM_UTF16_LE)):
        return None
    label = bom[0] if bom[0] == "utf-8" else "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
    try:
        text = data.decode(label)
    except UnicodeDecodeError:
        if errors == "strict" or label == "utf-8":
            # an error naming the first bad byte, or U+FFFD in its place with a warning (--errors replace)
            text = decode_bytes(data, name=name, errors=errors).text
        else:
            text = data.decode(label, errors="replace")
    text, repairs = _unmangle(text.lstrip("\ufeff"), name)
    return text, label, repairs

def names_legacy_font(page) -> bool:
    """True when the page (text or bytes) sets text in a legacy font by a ``<font face>`` or an inline style.
    A font named only in a style sheet is not counted: its text is left to the whole-page repairs."""
    raw = (page.encode("utf-8", "surrogatepass") if isinstance(page, str) else page).lower()
    if _FACE_LEGACY.search(raw):
        return True
    for match in _FONT_LEGACY.finditer(raw):
        opening = raw.rfind(b"<", 0, match.start())  # inside a tag, after its style attribute's name
        if opening > raw.rfind(b">", 0, match.start()) and b"style" in raw[opening:match.start()]:
            return True
    return False


def _unmangle(text: str, name: str) -> Tuple[str, Tuple[str, ...]]:
    """Repair text that was mojibake before it was saved (UTF-8 read as Windows-1252 by a CMS) with the repair
    :mod:`exporter.read.parse.encoding` gives text files: kept only when it yields clearly more valid Vietnamese
    syllables, so clean pages pass untouched. Pages that set text in legacy fonts are left alone: that text
    looks like legacy text saved as UTF-8,
    and :func:`~exporter.read.rules.page_fonts.convert_legacy_fonts` converts it font by font."""
    if text.isascii() or names_legacy_font(text):
        return text, ()
    repaired = repair_unicode(text)
    if repaired is None:
        return text, ()
    log.warning("%s: %s", name, repaired[1])
    return unicodedata.normalize("NFC", repaired[0]), (repaired[1],)


def page_text(data: bytes, name: str, charset: Optional[str], options: Options) -> Tuple[str, str, Tuple[str, ...]]:
    """A page's text, encoding and repairs (:func:`decode_html`); :class:`InputError` for an empty page or binary
    data."""
    if not data.strip():
        raise InputError("is empty", subject=name, hint="give a saved article page")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("is binary data, not a web page", subject=name, hint="give a saved article page")
    return decode_html(data, name=name, charset=charset, forced=options.encoding, errors=options.errors)
