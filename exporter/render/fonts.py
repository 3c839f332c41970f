"""Font families for the PDF: which files, whether they cover Vietnamese, registration with ReportLab, and
fallback fonts for characters a family lacks.

Registration happens when a renderer asks for it, once per process (ReportLab's font registry is global), never
at import time.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import unicodedata
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from ..errors import UsageError
from ..resources import data_dir
from ..text import lazy_re

log = logging.getLogger(__name__)

STYLES = ("regular", "bold", "italic", "bold_italic")


def _vietnamese_letters() -> str:
    """The 134 letters of Vietnamese that are not ASCII: 12 vowels × 6 tones, less the 6 plain vowels, plus đ,
    in both cases."""
    vowels = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
    lower = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} - set("aeiouy")
    lower.add("đ")
    return "".join(sorted(lower | {c.upper() for c in lower}))


VIETNAMESE_LETTERS = _vietnamese_letters()


class FontFamily(NamedTuple):
    """Four TrueType faces that belong together. (A named tuple: making a dataclass costs every process ~5 M
    instructions.)"""

    key: str
    """Short name used on the command line (``serif``, ``sans``) or the folder given."""
    name: str
    """Display name, e.g. ``Noto Serif``."""
    regular: Path
    bold: Path
    italic: Path
    bold_italic: Path

    def faces(self) -> Dict[str, Path]:
        """Style name → file."""
        return {s: getattr(self, s) for s in STYLES}

    def font_names(self) -> Dict[str, str]:
        """Style name → the name the face is registered under in ReportLab."""
        base = "".join(ch for ch in self.name if ch.isalnum()) or "Font"
        return {s: f"{base}-{s}" for s in STYLES}


#: Bundled families: key → (display name, file stem). Swapping the family is a change here.
BUNDLED = {
    "serif": ("Noto Serif", "NotoSerif"),
    "sans": ("Noto Sans", "NotoSans"),
}
#: Bundled fallback for symbols, arrows, Greek, Cyrillic … that Noto Serif and Sans lack.
FALLBACK_FILES = ("DejaVuSans.ttf",)
_SUFFIX = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


_STYLE_NAMES = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bold_italic"}


def style_name(bold: bool, italic: bool) -> str:
    """"regular", "bold", "italic" or "bold_italic"."""
    return _STYLE_NAMES[(bool(bold), bool(italic))]


@functools.cache
def bundled_family(key: str) -> FontFamily:
    """A bundled family by key."""
    name, stem = BUNDLED[key]
    folder = data_dir("fonts")
    return FontFamily(key, name, *(folder / f"{stem}-{_SUFFIX[s]}.ttf" for s in STYLES))


def cmap_of(path: Path) -> FrozenSet[int]:
    """Code points a font file maps to glyphs (read with fontTools)."""
    return _cmap_cached(str(path))


_CMAPS: Dict[str, FrozenSet[int]] = {}


def _unreadable(path: object, err: BaseException) -> UsageError:
    reason = " ".join(str(err).split())[:160] or type(err).__name__
    return UsageError(f"is not a readable TrueType font ({reason})", subject=str(path),
                      hint="remove it from the font folder, or give sound .ttf files")


def _cmap_cached(path: str) -> FrozenSet[int]:
    if path not in _CMAPS:
        from fontTools.ttLib import TTFont

        try:
            with open(path, "rb") as handle, TTFont(handle, lazy=True, fontNumber=0) as font:
                _CMAPS[path] = frozenset(font.getBestCmap() or ())
        except Exception as err:  # a damaged file raises TTLibError, struct.error, AssertionError, KeyError …
            raise _unreadable(path, err) from None
    return _CMAPS[path]


def missing_vietnamese(path: Path) -> str:
    """The Vietnamese letters a font file lacks (empty when it covers them all)."""
    cmap = cmap_of(path)
    return "".join(ch for ch in VIETNAMESE_LETTERS if ord(ch) not in cmap)


def _style_of(path: Path) -> Tuple[str, str]:
    """(family name, style) of a font file, from its name table and OS/2 flags; :class:`UsageError` for a file
    that is not a sound TrueType font (junk, truncated)."""
    from fontTools.ttLib import TTFont

    try:
        with open(path, "rb") as handle, TTFont(handle, lazy=True, fontNumber=0) as font:
            names = font["name"]
            family = str(names.getDebugName(16) or names.getDebugName(1) or path.stem)
            sub = str(names.getDebugName(17) or names.getDebugName(2) or "").lower()
            selection = font["OS/2"].fsSelection if "OS/2" in font else 0
    except Exception as err:  # fontTools parses lazily: a damaged file fails in many ways
        raise _unreadable(path, err) from None
    bold = bool(selection & 0x20) or "bold" in sub
    italic = bool(selection & 0x01) or "italic" in sub or "oblique" in sub
    if any(w in sub for w in ("light", "thin", "medium", "black", "semibold", "extra", "condensed")) and \
            not (bold or italic) and "regular" not in sub:
        return family, "other"
    return family, style_name(bold, italic)


def family_from_folder(folder: Path) -> FontFamily:
    """A family from a folder of the user's TTF files, checked for Vietnamese coverage."""
    if not folder.is_dir():
        raise UsageError("is not a font folder", subject=str(folder),
                         hint="use --font serif, --font sans, or a folder of .ttf files")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".ttf")
    if not files:
        raise UsageError("holds no .ttf files", subject=str(folder),
                         hint="ReportLab embeds TrueType (.ttf) fonts; put the four faces of a family there")
    found: Dict[str, Path] = {}
    family_name = ""
    for path in files:
        name, style = _style_of(path)
        if style != "other" and style not in found:
            found[style] = path
            family_name = family_name or name
    if "regular" not in found:
        raise UsageError("has no regular face", subject=str(folder), hint="add the family's Regular .ttf")
    for style in STYLES:
        if style not in found:
            log.warning("%s: no %s face; using the regular face for it", folder, style.replace("_", " "))
            found[style] = found["regular"]
    for path in found.values():
        lacking = missing_vietnamese(path)
        if lacking:
            raise UsageError(f"lacks {len(lacking)} of the 134 Vietnamese letters ({lacking[:12]}…)",
                             subject=str(path), hint="choose a font family that covers Vietnamese, e.g. --font serif")
    return FontFamily(str(folder), family_name, *(found[s] for s in STYLES))


def resolve_family(spec: str) -> FontFamily:
    """``serif``, ``sans`` or a folder path → a family."""
    if spec in BUNDLED:
        return bundled_family(spec)
    return family_from_folder(Path(spec).expanduser())


# --- registration with ReportLab -------------------------------------------------------------------------

_REGISTERED: Dict[str, object] = {}  # font name → reportlab TTFont; ReportLab's own registry is process-wide
_MAPPED: Dict[str, tuple] = {}  # a family's regular font name → the faces ReportLab's <b>/<i> mapping gives it


_ASTRAL_ENTRY = lazy_re.compile(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>")


def _utf16_entry(match: re.Match) -> str:
    code = int(match.group(2), 16) - 0x10000
    return f"<{match.group(1)}> <{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}>"


def _mend_to_unicode() -> None:
    """ReportLab writes a character above U+FFFF into the PDF's ToUnicode map as five or six hex digits
    (``<1F600>``), which readers take as UTF-16 code units, so copying or extracting 😀 gives ὠ (U+1F60).
    The PDF reference (ToUnicode CMaps, 9.10.3) wants UTF-16BE: a surrogate pair, ``<D83DDE00>``. Wrap
    ReportLab's map writer once, when the first font is registered, to write such entries as pairs."""
    from reportlab.pdfbase import ttfonts

    writer = ttfonts.makeToUnicodeCMap
    if getattr(writer, "mends_astral", False):
        return

    def make_to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
        cmap = writer(fontname, subset)
        if not subset or max(subset) <= 0xFFFF:  # nothing above U+FFFF: nothing to mend (most subsets)
            return cmap
        return _ASTRAL_ENTRY.sub(_utf16_entry, cmap)

    make_to_unicode_cmap.mends_astral = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap


def _register(name: str, path: Path, cache: Optional[str] = None):
    if name not in _REGISTERED:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError

        from .font_cache import load_font

        _mend_to_unicode()

        try:
            font = load_font(name, path, cache)
        except TTFError as err:
            raise UsageError(f"cannot be used by ReportLab ({err})", subject=str(path),
                             hint="give TrueType-outline .ttf fonts") from None
        except Exception as err:  # struct.error, IndexError … from a truncated file
            raise _unreadable(path, err) from None
        pdfmetrics.registerFont(font)
        _REGISTERED[name] = font
    return _REGISTERED[name]


def register_family(family: FontFamily, styles: Iterable[str] = STYLES,
                    cache: Optional[Callable[[], Optional[str]]] = None) -> Dict[str, str]:
    """Register the faces of ``styles`` (each once per process: parsing a TrueType file is the slow part, and
    what it finds is kept in the folder ``cache()`` names, see :mod:`~exporter.render.font_cache`, asked for only
    when a face is not registered yet) and the family mapping used by ``<b>``/``<i>``; return style → registered
    name for all four styles."""
    from reportlab.lib.fonts import addMapping

    names = family.font_names()
    faces = family.faces()
    wanted = set(styles) | {"regular"}
    folder = cache() if cache is not None and any(names[style] not in _REGISTERED for style in wanted) else None
    for style in wanted:
        _register(names[style], faces[style], folder)
    base = names["regular"]
    mapping = (names["regular"], names["bold"], names["italic"], names["bold_italic"])
    if _MAPPED.get(base) != mapping:  # ReportLab's mapping is process-wide: set once per family
        addMapping(base, 0, 0, names["regular"])
        addMapping(base, 1, 0, names["bold"])
        addMapping(base, 0, 1, names["italic"])
        addMapping(base, 1, 1, names["bold_italic"])
        _MAPPED[base] = mapping
    return names


_GLYPHS: Dict[str, FrozenSet[int]] = {}


def glyphs(font_name: str) -> FrozenSet[int]:
    """Code points a registered font has glyphs for (from ReportLab's own parse; remembered)."""
    if font_name not in _GLYPHS:
        _GLYPHS[font_name] = frozenset(_REGISTERED[font_name].face.charToGlyph)  # type: ignore[attr-defined]
    return _GLYPHS[font_name]


def _system_candidates(ch: str) -> List[Path]:
    """System TrueType files that have ``ch``, asked of fontconfig when it is installed."""
    import shutil
    import subprocess

    if not shutil.which("fc-list"):
        return []
    try:
        out = subprocess.run(["fc-list", f":charset={ord(ch):x}", "file"], capture_output=True, text=True,
                             timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    paths = sorted({Path(line.split(":")[0]) for line in out.splitlines() if line.strip()})
    return [p for p in paths if p.suffix.lower() == ".ttf"]


class Fallbacks:
    """Finds, for characters the main family lacks, a font that has them: the other bundled faces first, then
    the system's fonts. Results are remembered for the process."""

    _found: Dict[str, Optional[str]] = {}

    def font_for(self, ch: str) -> Optional[str]:
        """Registered font name that draws ``ch``, or None when no font here has it."""
        if ch in self._found:
            return self._found[ch]
        result = None
        folder = data_dir("fonts")
        bundled = [folder / f for f in FALLBACK_FILES]
        bundled += [p for key in BUNDLED for p in bundled_family(key).faces().values()]
        for path in bundled + _system_candidates(ch):
            if ord(ch) in cmap_of(path):
                name = "Fallback-" + "".join(c for c in path.stem if c.isalnum())
                try:
                    _register(name, path)
                except UsageError:
                    continue
                if ord(ch) in glyphs(name):
                    result = name
                    break
        self._found[ch] = result
        return result


def describe_char(ch: str) -> str:
    """``U+2605 ★ BLACK STAR`` for messages."""
    return f"U+{ord(ch):04X} {ch} {unicodedata.name(ch, 'unnamed')}"


def available_families() -> List[Tuple[str, FontFamily, str]]:
    """Bundled families and the system's TrueType families: (key, family or None-like, missing letters)."""
    rows = []
    for key in BUNDLED:
        family = bundled_family(key)
        rows.append((key, family, missing_vietnamese(family.regular)))
    return rows


def system_font_files(dirs: Iterable[str] = ()) -> List[Path]:
    """TrueType files under the usual system font folders (for ``vnbrief fonts``)."""
    roots = list(dirs) or ["/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts"),
                           os.path.expanduser("~/.local/share/fonts"), "/Library/Fonts", "/System/Library/Fonts",
                           os.path.join(os.environ.get("WINDIR", "C:/Windows"), "Fonts")]
    files: List[Path] = []
    for root in roots:
        if os.path.isdir(root):
            files.extend(sorted(p for p in Path(root).rglob("*") if p.suffix.lower() == ".ttf"))
    return files


def system_families() -> List[Tuple[str, Path, str]]:
    """(family name, regular file, missing Vietnamese letters) for each system TrueType family with a regular
    face."""
    rows = []
    seen = set()
    for path in system_font_files():
        try:
            name, style = _style_of(path)
            if style != "regular" or name in seen:
                continue
            seen.add(name)
            rows.append((name, path, missing_vietnamese(path)))
        except Exception:  # an unreadable font file is skipped, not fatal, when listing
            continue
    return rows
