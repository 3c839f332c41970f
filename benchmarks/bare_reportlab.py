"""The baseline: a bare ReportLab script that renders given paragraphs with the same fonts and faces as vnbrief's
brief (headline and lead bold, captions italic …), with none of vnbrief's reading, checking, escaping or layout.

As a script (whole-process timing): ``python bare_reportlab.py ITEMS.json OUT.pdf`` where ITEMS.json is a list
of ``[text, face, size]`` (face: regular, bold, italic, bold_italic), prepared by the benchmark beforehand.
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

FONTS = Path(__file__).resolve().parents[1] / "fonts"
FILES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


def register(faces) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = set(pdfmetrics.getRegisteredFontNames())
    for face in faces:
        if f"Bare-{face}" not in registered:
            font = TTFont(f"Bare-{face}", str(FONTS / f"NotoSerif-{FILES[face]}.ttf"))
            # ReportLab registers one font object per face name in a process: a second font of a face already
            # registered (vnbrief's, when both render in one process) becomes an alias of the first. Named apart,
            # the script's fonts are its own, ReportLab's as installed, in one process as in its own.
            font.face.name = b"Bare" + font.face.name
            pdfmetrics.registerFont(font)


def render(items) -> bytes:
    """``items``: (text, face, size) per paragraph, in order."""
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    def escape(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    register({face for _, face, _ in items} | {"regular"})
    styles = {}
    story = []
    for text, face, size in items:
        key = (face, size)
        if key not in styles:
            styles[key] = ParagraphStyle(f"{face}{size}", fontName=f"Bare-{face}", fontSize=size,
                                         leading=size * 1.4, alignment=TA_JUSTIFY)
        story.append(Paragraph(escape(text), styles[key]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, initialFontName="Bare-regular").build(story)
    return out.getvalue()


#: The faces and sizes of vnbrief's bundled style sheet, per block kind.
KIND_STYLE = {"lead": ("bold", 11.5), "paragraph": ("regular", 10.5), "caption": ("italic", 9),
              "heading": ("bold", 12), "quote": ("italic", 10.5), "byline": ("bold", 10.5)}


def items_of(article):
    """The same paragraphs as vnbrief's brief of ``article``, with the same faces and sizes (computed before any
    timing)."""
    meta = " · ".join(part for part in (article.source, article.date, article.author) if part)
    return ([(article.title, "bold", 20)] + ([(meta, "regular", 9)] if meta else [])
            + [(b.text, *KIND_STYLE[b.kind]) for b in article.blocks])


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.write_bytes(render(json.loads(source.read_text(encoding="utf-8"))))
