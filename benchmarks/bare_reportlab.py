"""The baseline: a bare ReportLab script that renders an article's paragraphs with the same fonts, with none of
vnbrief's reading, checking, escaping or layout. Run as a script (whole-process timing) or imported."""
from __future__ import annotations

import io
import sys
from pathlib import Path

FONTS = Path(__file__).resolve().parents[1] / "fonts"


def register() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Bare-Regular" not in pdfmetrics.getRegisteredFontNames():
        for style in ("Regular", "Bold", "Italic"):
            pdfmetrics.registerFont(TTFont(f"Bare-{style}", str(FONTS / f"NotoSerif-{style}.ttf")))


def render(paragraphs) -> bytes:
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    def escape(text):
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    register()
    body = ParagraphStyle("b", fontName="Bare-Regular", fontSize=10.5, leading=15, alignment=TA_JUSTIFY)
    head = ParagraphStyle("h", fontName="Bare-Bold", fontSize=20, leading=26)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, initialFontName="Bare-Regular")
    story = [Paragraph(escape(paragraphs[0]), head)] + [Paragraph(escape(p), body) for p in paragraphs[1:]]
    doc.build(story)
    return out.getvalue()


def paragraphs_of(path: Path):
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.write_bytes(render(paragraphs_of(source)))
