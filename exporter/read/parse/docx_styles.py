"""A Word document's styles and fonts, looked up once each, and the text of runs typed in legacy Vietnamese fonts
(``.VnTime`` = TCVN3, ``VNI-Times`` = VNI …, which hold their 8-bit codes as Windows-1252 characters) converted by
their font's encoding, counted for the repair notes."""
from __future__ import annotations

from collections import Counter
from typing import Any, Dict, Optional, Tuple

from ...text.legacy import conversion_notes, decode_font_text, font_encoding, is_capital_font


class Fonts:
    """Finds the font a run is set in: the run's own, its character style's, its paragraph style's, or the
    document default (styles.xml ``w:docDefaults``), following ``w:basedOn`` chains."""

    def __init__(self, document) -> None:
        from docx.oxml.ns import qn

        self._qn = qn
        styles = document.styles.element
        self._by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
        self._default_para = next((s for s in styles.findall(qn("w:style"))
                                   if s.get(qn("w:type")) == "paragraph" and s.get(qn("w:default")) in ("1", "true")),
                                  None)
        self._doc_default = self._font_of(styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}"))

    def _font_of(self, element) -> Optional[str]:
        """Font named by ``element``'s ``w:rPr/w:rFonts`` (hAnsi covers the 8-bit codes legacy text uses)."""
        if element is None:
            return None
        qn = self._qn
        fonts = element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is None:
            return None
        if fonts.get(qn("w:hAnsiTheme")) or fonts.get(qn("w:asciiTheme")):
            return ""  # a theme font (Calibri, Times New Roman …) overrides the named one
        return fonts.get(qn("w:hAnsi")) or fonts.get(qn("w:ascii"))

    def _style_font(self, style_id: Optional[str]) -> Optional[str]:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                return None
            font = self._font_of(style)
            if font is not None:
                return font
            based = style.find(self._qn("w:basedOn"))
            style_id = based.get(self._qn("w:val")) if based is not None else None
        return None

    def run_font(self, r, p) -> str:
        qn = self._qn
        font = self._font_of(r)
        if font is None:
            char_style = r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
            font = self._style_font(char_style.get(qn("w:val")) if char_style is not None else None)
        if font is None:
            para_style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            if para_style is not None:
                font = self._style_font(para_style.get(qn("w:val")))
            elif self._default_para is not None:
                font = self._style_font(self._default_para.get(qn("w:styleId")))
        return font if font is not None else (self._doc_default or "")


class Styles:
    """A document's styles looked up once each. python-docx finds a paragraph's or run's style (and the default one,
    for the many that name none) by searching every style of the document on each call: a Word file of 100,000
    paragraphs took minutes. Here each style id is resolved the first time it is met, as python-docx would."""

    def __init__(self, document) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._types = (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER)
        self._by_id = {style.style_id: style for style in document.styles}
        self._defaults = {kind: document.styles.default(kind) for kind in self._types}
        self._names: Dict[Optional[str], str] = {}
        self._flags: Dict[Tuple[Optional[str], str], bool] = {}

    def _style(self, style_id: Optional[str], kind: Any) -> Any:
        style = self._by_id.get(style_id) if style_id else None
        return style if style is not None and style.type == kind else self._defaults[kind]

    def paragraph_name(self, paragraph) -> str:
        """The lower-case name of a paragraph's style (its own, else the document's default), ``""`` for none."""
        style_id = paragraph._p.style
        if style_id not in self._names:
            style = self._style(style_id, self._types[0])
            self._names[style_id] = (style.name or "").lower() if style is not None else ""
        return self._names[style_id]

    def flag(self, run, attr: str) -> bool:
        """Bold/italic as the run shows it: set on the run, else on its character style (or a style it is based
        on)."""
        value = getattr(run.font, attr)
        if value is not None:
            return bool(value)
        key = (run._r.style, attr)
        if key not in self._flags:
            style = self._style(key[0], self._types[1])
            while value is None and style is not None:
                value = getattr(style.font, attr)
                style = style.base_style
            self._flags[key] = bool(value)
        return self._flags[key]


class Converter:
    """Converts runs in legacy-font encodings and counts what it converted, per encoding and font."""

    def __init__(self, fonts: Fonts, styles: Styles) -> None:
        self.fonts = fonts
        self.styles = styles
        self.counts: Counter = Counter()

    def text(self, run, r, p) -> str:
        text = run.text
        if not text.strip():
            return text  # nothing a font could have encoded: its font is not looked up
        font = self.fonts.run_font(r, p)
        encoding = font_encoding(font) if font else None
        if not encoding:
            return text
        # the all-capital TCVN3 fonts (.VnTimeH …) draw capitals at the small-letter codes
        converted = decode_font_text(text, encoding, capitals=is_capital_font(font))
        self.counts[(encoding, font)] += 1
        return converted

    def repairs(self) -> Tuple[str, ...]:
        return conversion_notes(self.counts)
