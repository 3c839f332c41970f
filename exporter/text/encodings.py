"""The one encoding registry: every encoding name vnbrief accepts or meets (``--encoding``, a config file, a web
page's declared charset), the canonical name it stands for, the byte order marks, and Python codecs for every
canonical name (the four pre-Unicode Vietnamese ones and VIQR are registered with :func:`codecs.register` on first
use, so that ``data.decode("tcvn3")`` works like any other codec).

Canonicalise once, at the boundary (:func:`canonical_encoding`); past it, every stage holds a canonical name.
"""
from __future__ import annotations

import codecs
import re
from functools import cache
from typing import Dict, Optional, Tuple

from ..errors import UsageError, did_you_mean

#: Accepted names → canonical name. Lookups ignore case, spaces, ``-`` and ``_``. The web's extra labels (WHATWG
#: Encoding Standard §4.2) are here too; :func:`web_encoding` applies the web's two different readings.
ENCODINGS: Dict[str, str] = {
    "utf-8": "utf-8", "utf8": "utf-8", "unicode": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "unicode11utf8": "utf-8", "unicode20utf8": "utf-8", "x-unicode20utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16", "utf-16-le": "utf-16-le", "utf-16-be": "utf-16-be", "utf-32": "utf-32",
    "windows-1258": "windows-1258", "cp1258": "windows-1258", "win1258": "windows-1258", "x-cp1258": "windows-1258",
    "windows-1252": "windows-1252", "cp1252": "windows-1252", "win1252": "windows-1252", "ansi": "windows-1252",
    "x-cp1252": "windows-1252",
    "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1", "l1": "latin-1", "ascii": "latin-1",
    "us-ascii": "latin-1", "ansi_x3.4-1968": "latin-1", "cp819": "latin-1", "ibm819": "latin-1",
    "iso-ir-100": "latin-1",
    "tcvn3": "tcvn3", "tcvn": "tcvn3", "abc": "tcvn3", "vn3": "tcvn3", "tcvn5712-3": "tcvn3", "vscii-3": "tcvn3",
    "vni": "vni", "vni-windows": "vni", "vni-win": "vni",
    "vps": "vps",
    "viscii": "viscii",
    "viqr": "viqr", "vietnet": "viqr", "csviqr": "viqr",
}
#: The names offered in messages and help (the canonical ones people type).
MAIN_NAMES = ("utf-8", "utf-16", "windows-1258", "tcvn3", "vni", "vps", "viscii", "viqr", "windows-1252",
              "latin-1")
#: Byte order marks → canonical name, longest first (a UTF-32 LE mark starts like a UTF-16 LE one).
BOMS: Tuple[Tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _key(name: str) -> str:
    return re.sub(r"[\s_-]", "", name.strip().lower())


@cache
def _by_key() -> Dict[str, str]:
    return {_key(alias): canonical for alias, canonical in ENCODINGS.items()}


def lookup(name: str) -> Optional[str]:
    """The canonical name of an encoding name or label; ``None`` for one not known here."""
    return _by_key().get(_key(name))


def canonical_encoding(name: str) -> str:
    """The canonical name of an ``--encoding`` value; :class:`UsageError` listing the accepted names."""
    found = lookup(name)
    if found is None:
        close = did_you_mean(name, ENCODINGS)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise UsageError(f"unknown encoding {name!r}", subject="--encoding", hint=hint + "accepted: "
                         + ", ".join(MAIN_NAMES) + " (and aliases such as cp1258, abc, vni-win)")
    return found


#: The canonical names whose codecs vnbrief provides (:mod:`exporter.text.legacy`'s ``LEGACY_ENCODINGS`` and VIQR);
#: Python has the others.
OWN_CODECS = ("tcvn3", "vni", "vps", "viscii", "viqr")


def codec(canonical: str) -> str:
    """The Python codec of a canonical name (the legacy ones registered first)."""
    if canonical in OWN_CODECS:
        # Seam to the codec tables (text/legacy.py, text/viqr.py with its syllable tables): loaded only when one
        # of these encodings is used, so that naming or reading UTF-8 never builds them (issue #12).
        if canonical == "viqr":
            from .viqr import register_codec
        else:
            from .legacy import register_codecs as register_codec
        register_codec()
    return canonical


def bom_encoding(data: bytes) -> Optional[Tuple[str, int]]:
    """(canonical name, length of the mark) of the byte order mark ``data`` starts with, or ``None``."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def web_encoding(canonical: str) -> str:
    """How a browser reads a declared charset (WHATWG Encoding Standard §4.2): every Latin-1 and ASCII label means
    windows-1252, and UTF-16 without a byte order mark is little-endian."""
    return {"latin-1": "windows-1252", "utf-16": "utf-16-le"}.get(canonical, canonical)
