"""TrueType faces parsed once and kept in the cache folder (``<cache folder>/fonts``).

ReportLab parses a face's tables in pure Python every time a process registers it: about 4 ms a face, three faces
for a brief, in every ``vnbrief`` command and every worker process of a batch (a tenth of a one-page brief's
start-up). What the parse finds (metrics, the character → glyph map, the table directory) is plain data: it is kept
here with :mod:`marshal` and read back in a tenth of the time; the font file's own bytes are still read each time,
for the subsets ReportLab embeds. An entry records ReportLab's version and the file's size and modification time,
and is parsed afresh when any differs, when it cannot be read, or when ``--no-cache`` is given. The PDF bytes are
the same either way (``tests/test_font_cache.py``).

One table is read back only when asked: ``glyphToChar``, the inverse of the character map (a list of characters
for each of some 3,000 glyphs, a third of what an entry holds), which ReportLab needs only to shape text with
HarfBuzz. The entry keeps it as marshalled bytes, and the face unmarshals them on first use.
"""
from __future__ import annotations

import functools
import marshal
import threading
import zlib
from pathlib import Path
from typing import Any, Dict, Optional

#: The layout of an entry; raised when what is kept changes.
FORMAT = 2
_PLAIN = (int, float, str, bytes, bool, type(None))
_NAME = "__ttf_name__"  # ReportLab's TTFNameBytes (bytes with the decoded name beside them), kept as its text
_ON_USE = "glyphToChar"  # kept marshalled, unmarshalled by the face when first asked (see the module's docstring)
_LOCK = threading.Lock()


def load_font(name: str, path: Path, folder: Optional[str]) -> Any:
    """ReportLab's ``TTFont(name, path)``, its face read from the cache in ``folder`` when it holds a current
    entry, else parsed (and kept there). ``folder`` ``None``: always parsed."""
    from reportlab.pdfbase.ttfonts import TTFont

    entry = _entry(path, folder) if folder else None
    if entry is not None:
        face = _restore(entry, path)
        if face is not None:
            return _font_with(name, path, face)
    font = TTFont(name, str(path))
    if entry is not None:
        _keep(font.face, entry, path)
    font.face.__class__ = _subsetting_class()
    return font


def _entry(path: Path, folder: str) -> Path:
    return Path(folder) / "fonts" / f"{path.stem}-{zlib.crc32(str(path.resolve()).encode()):08x}.face"


def _stamp(path: Path) -> tuple:
    import reportlab

    status = path.stat()
    return (FORMAT, reportlab.Version, status.st_size, status.st_mtime_ns)


def _plain(value: Any) -> bool:
    if isinstance(value, _PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False


def _keep(face: Any, entry: Path, path: Path) -> None:
    """Keep what the parse found, when all of it is plain data (else nothing is kept)."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    from ..atomic import write_atomic
    from ..errors import VnbriefError

    state: Dict[str, Any] = {}
    for key, value in vars(face).items():
        if key in ("_ttf_data", "_pdfScale"):  # the file's bytes (read again) and a function of unitsPerEm
            continue
        state[key] = (_NAME, value.ustr) if isinstance(value, TTFNameBytes) else value
    if not all(_plain(v) for v in state.values()):
        return
    if _ON_USE in state:
        state[_ON_USE] = (_ON_USE, marshal.dumps(state[_ON_USE]))
    try:
        write_atomic(entry, marshal.dumps((_stamp(path), state)))
    except (OSError, ValueError, VnbriefError):
        pass  # a cache that cannot be written: the face is parsed next time too


def _restore(entry: Path, path: Path) -> Any:
    """The face kept in ``entry`` if it is current and whole, else ``None``."""
    from reportlab.pdfbase.ttfonts import TTFNameBytes

    try:
        stamp, state = marshal.loads(entry.read_bytes())
        if stamp != _stamp(path) or not isinstance(state, dict):
            return None
        data = path.read_bytes()
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if len(data) != stamp[2] or not isinstance(state.get("unitsPerEm"), int) or not state["unitsPerEm"]:
        return None
    later = state.pop(_ON_USE, None)
    if isinstance(later, tuple) and len(later) == 2 and later[0] == _ON_USE and isinstance(later[1], bytes):
        face = object.__new__(_face_class())
        face._marshalled = later[1]
    elif later is None:
        face = object.__new__(_subsetting_class())
    else:
        return None
    for key, value in state.items():
        if isinstance(value, tuple) and len(value) == 2 and value[0] == _NAME:
            value = TTFNameBytes(value[1].encode("utf8"))
        setattr(face, key, value)
    face._ttf_data = data
    units = state["unitsPerEm"]
    if units == 1000:
        face._pdfScale = lambda x: x
    else:  # as ReportLab's own parse sets it
        mult = 1000 / units
        face._pdfScale = lambda x: x * mult
    return face


@functools.cache
def _subsetting_class() -> Any:
    """ReportLab's face, its subsets for the PDF made by :func:`~exporter.render.font_subset.make_subset`: the same
    bytes in less than half the time (made once, when the first face is loaded)."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    from . import font_subset

    class SubsettingFace(TTFontFace):
        def makeSubset(self, subset: Any) -> bytes:
            return font_subset.make_subset(self, subset)

    return SubsettingFace


@functools.cache
def _face_class() -> Any:
    """ReportLab's face whose ``glyphToChar`` is unmarshalled from the entry when first asked (made once, when a face
    is first read from the cache)."""
    class KeptFace(_subsetting_class()):  # type: ignore[misc]
        @functools.cached_property
        def glyphToChar(self) -> Any:
            return marshal.loads(self.__dict__.pop("_marshalled"))

    return KeptFace


def _font_with(name: str, path: Path, face: Any) -> Any:
    """``TTFont(name, path)`` built by ReportLab's own constructor around ``face`` instead of a fresh parse."""
    from reportlab.pdfbase import ttfonts

    with _LOCK:
        parse = ttfonts.TTFontFace
        ttfonts.TTFontFace = lambda *args, **kwargs: face
        try:
            return ttfonts.TTFont(name, str(path))
        finally:
            ttfonts.TTFontFace = parse
