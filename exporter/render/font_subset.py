"""A font's subset for the PDF, made as ReportLab makes it, to the byte, in less than half the time.

Every PDF embeds, for each face it uses, a TrueType font of the glyphs it draws (up to 256 a subset). ReportLab's
``TTFontFile.makeSubset`` makes it by reading the face's tables afresh each time, a value at a time through method
calls: a sixth of the render of a short brief, paid by every brief in a batch. What it reads does not depend on the
subset (the tables copied as they are, each glyph's bytes and, for a glyph made of others, where the numbers of its
parts lie), so it is read here once per face and glyph and kept; each subset then only assembles the pieces. The
algorithm and its output are ReportLab's (``tests/test_font_subset.py`` compares them, subset for subset, on every
bundled face), and a face this reading does not expect (a glyph of one or two bytes, a table cut short) is
subset by ReportLab's own code.
"""
from __future__ import annotations

import struct
import weakref
from typing import Any, Dict, List, MutableMapping, Sequence, Tuple

from reportlab.pdfbase.ttfonts import TTFontFile, TTFontMaker  # loaded with the first face (font_cache)

# ReportLab's flags of a composite glyph's part (TrueType 'glyf' table)
_WORDS, _SCALE, _MORE, _XY_SCALE, _TWO_BY_TWO = 1 << 0, 1 << 3, 1 << 5, 1 << 6, 1 << 7
_COPIED = ("name", "OS/2", "cvt ", "fpgm", "prep")  # the tables a subset takes as they are, in ReportLab's order
_PADDING = (b"", b"\0\0\0", b"\0\0", b"\0")  # after a glyph of length % 4 = 0, 1, 2, 3


_Glyph = Tuple[bytes, Tuple[Tuple[int, int], ...], Tuple[int, int]]


class _Unexpected(Exception):
    """The face has something this module does not read as ReportLab would: ReportLab subsets it."""


class _Face:
    """What a face's subsets are made of, read once: the tables taken as they are, and per glyph (read on first
    use) its bytes padded to four, where the numbers of its parts lie and its metrics."""

    __slots__ = ("copied", "post", "hhea", "maxp", "head", "glyphs")

    def __init__(self, face: Any) -> None:
        data, tables = face._ttf_data, face.table

        def table(tag: str) -> bytes:
            entry = tables[tag]
            return bytes(data[entry["offset"]:entry["offset"] + entry["length"]])

        self.copied = [(tag, table(tag)) for tag in _COPIED if tag in tables]
        self.post = b"\x00\x03\x00\x00" + table("post")[4:16] + b"\x00" * 16
        self.hhea, self.maxp, self.head = table("hhea"), table("maxp"), table("head")
        #: glyph → (its bytes padded to a multiple of four, ((offset of a part's number, part), …) if composite,
        #: (advance, left side bearing))
        self.glyphs: Dict[int, _Glyph] = {}

    def glyph(self, face: Any, index: int) -> _Glyph:
        """Glyph ``index`` read and kept (its callers look in :attr:`glyphs` first)."""
        position = face.glyphPos[index]
        length = face.glyphPos[index + 1] - position
        glyf = face.table["glyf"]
        start = glyf["offset"] + position
        raw = bytes(face._ttf_data[start:start + length])
        if len(raw) != length or position + length > glyf["length"] or 0 < length <= 2:
            raise _Unexpected(index)  # cut short, or too short to say whether it is composite
        parts: List[Tuple[int, int]] = []
        if length and struct.unpack_from(">h", raw)[0] < 0:  # composite: the glyphs it is made of
            at, flags = 10, _MORE
            while flags & _MORE:
                flags, part = struct.unpack_from(">HH", raw, at)
                parts.append((at + 2, part))
                at += 8 if flags & _WORDS else 6
                at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
        advance, bearing = face.hmetrics[index]
        known = self.glyphs[index] = (raw + _PADDING[length % 4], tuple(parts), (int(advance), int(bearing)))
        return known


_FACES: MutableMapping[Any, _Face] = weakref.WeakKeyDictionary()


def make_subset(face: Any, subset: Sequence[int]) -> bytes:
    """ReportLab's ``face.makeSubset(subset)``: the TrueType font of the characters ``subset`` (Unicode code
    points, in the order of their codes in the subset)."""
    try:
        return _make(face, subset)
    except (_Unexpected, KeyError, IndexError, struct.error):
        return TTFontFile.makeSubset(face, subset)


def _make(face: Any, subset: Sequence[int]) -> bytes:
    kept = _FACES.get(face)
    if kept is None:
        kept = _FACES[face] = _Face(face)
    # The glyphs of the characters, in order of first use (0, the missing glyph, first), as ReportLab numbers them
    char_to_glyph = face.charToGlyph
    glyph_map = [0]  # new glyph number → the face's
    glyph_set = {0: 0}  # the face's glyph number → new
    code_to_glyph = {}
    for code in subset:
        original = char_to_glyph.get(code, 0)
        new = glyph_set.get(original)
        if new is None:
            new = glyph_set[original] = len(glyph_map)
            glyph_map.append(original)
        code_to_glyph[code] = new
    glyf, offsets, hmtx = _glyphs(kept, face, glyph_map, glyph_set)
    output = TTFontMaker()
    for tag, table in kept.copied:
        output.add(tag, table)
    output.add("post", kept.post)
    # hmtx: a run of equal advances at the end is written once
    n = len(hmtx) - 2
    while n and hmtx[n] == hmtx[n - 2]:
        n -= 2
    n += 2
    hmtx = hmtx[:n] + hmtx[n + 1::2]
    output.add("hmtx", struct.pack(f">{len(hmtx)}H", *hmtx))
    output.add("hhea", _with_ushort(kept.hhea, 34, n >> 1))
    output.add("maxp", _with_ushort(kept.maxp, 4, len(glyph_map)))
    cmap = [0, 1, 1, 0, 0, 12, 6, 10 + len(subset) * 2, 0, 0, len(subset)] + [code_to_glyph[c] for c in subset]
    output.add("cmap", struct.pack(f">{len(cmap)}H", *cmap))
    output.add("glyf", glyf)
    long_offsets = (offsets[-1] + 1) >> 1 > 0xFFFF
    if long_offsets:
        output.add("loca", struct.pack(f">{len(offsets)}L", *offsets))
    else:
        output.add("loca", struct.pack(f">{len(offsets)}H", *[offset >> 1 for offset in offsets]))
    output.add("head", _with_ushort(kept.head, 50, int(long_offsets)))
    return output.makeStream()


def _glyphs(kept: _Face, face: Any, glyph_map: List[int], glyph_set: Dict[int, int]) -> Tuple[bytes, List[int],
                                                                                                 List[int]]:
    """One pass over the subset's glyphs, which numbers the parts of composite ones as they are met (ReportLab's
    order, added to ``glyph_map`` and ``glyph_set``): the 'glyf' table (each glyph padded to four bytes, the parts
    renumbered), where each glyph starts in it, and their metrics (advance, left side bearing, …)."""
    known = kept.glyphs
    pieces = []
    offsets = []
    hmtx: List[int] = []
    position = 0
    n = 0
    while n < len(glyph_map):
        original = glyph_map[n]
        padded, parts, pair = known.get(original) or kept.glyph(face, original)
        if parts:
            renumbered = bytearray(padded)
            for at, part in parts:
                new = glyph_set.get(part)
                if new is None:
                    new = glyph_set[part] = len(glyph_map)
                    glyph_map.append(part)
                struct.pack_into(">H", renumbered, at, new)
            padded = bytes(renumbered)
        pieces.append(padded)
        offsets.append(position)
        position += len(padded)
        hmtx += pair
        n += 1
    offsets.append(position)
    return b"".join(pieces), offsets, hmtx


def _with_ushort(table: bytes, offset: int, value: int) -> bytes:
    return table[:offset] + struct.pack(">H", value) + table[offset + 2:]
