"""Text a news page sets in legacy Vietnamese fonts (``<font face=".VnTime">``, ``style="font-family:
VNI-Times"``), converted in the parsed page from its font's encoding. Imports nothing heavy;
:mod:`exporter.read.parse.html` applies it."""
from __future__ import annotations

import re
from collections import Counter
from typing import Any, List, Optional, Tuple

from ...text import lazy_re
from ...text.legacy import conversion_notes, cp1252_bytes, decode_font_text, font_encoding, is_capital_font

# CSS font declarations of an inline style; the shorthand puts style, weight and size before the families.
_STYLE_FONT = lazy_re.compile(r"(?:^|;)\s*font(-family)?\s*:\s*([^;]+)", re.IGNORECASE)
_SHORTHAND_PREFIX = lazy_re.compile(r"^.*\d\S*\s+")


def _declared_font(el) -> Optional[str]:
    """The font family an element sets, or ``None`` when it sets none (it inherits): its inline style (the last
    font declaration, as CSS reads them) before a ``<font face>``; of a list, the first family, which a browser
    that has it uses."""
    value = None
    for family, declared in _STYLE_FONT.findall(el.get("style") or ""):
        value = declared if family else _SHORTHAND_PREFIX.sub("", declared.split(",")[0])
    if value is None and el.tag == "font":
        value = el.get("face")
    if value is None:
        return None
    value = value.split(",")[0].replace("!important", "").strip().strip("\"'").strip()
    return None if value.lower() in ("inherit", "unset") else value


def convert_legacy_fonts(tree) -> Tuple[str, ...]:
    """Convert, in place, the text a page sets in legacy Vietnamese fonts (``<font face=".VnTime">``,
    ``style="font-family: VNI-Times"``, inherited by descendants until one sets another font) from its font's
    encoding, as the .docx reader converts runs; return the repair notes. Text with characters Windows-1252
    cannot show was typed in Unicode and is kept as it is."""
    counts: Counter = Counter()

    def convert(text: str, font: str, encoding: Optional[str]) -> str:
        if not encoding or text.isascii() or cp1252_bytes(text) is None:
            return text
        counts[(encoding, font)] += 1
        return decode_font_text(text, encoding, capitals=is_capital_font(font))

    stack: List[Tuple[Any, str, Optional[str]]] = [(tree, "", None)]
    while stack:  # iterative: deep nesting cannot exhaust the stack
        el, font, encoding = stack.pop()
        declared = _declared_font(el)
        if declared is not None:
            font, encoding = declared, font_encoding(declared)
        if el.text and el.tag not in ("script", "style"):
            el.text = convert(el.text, font, encoding)
        for child in el:
            if child.tail:  # the tail is the parent's text, in the parent's font
                child.tail = convert(child.tail, font, encoding)
            if isinstance(child.tag, str):
                stack.append((child, font, encoding))
    return conversion_notes(counts)
