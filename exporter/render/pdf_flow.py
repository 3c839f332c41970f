"""The story of a PDF: the paragraphs of a view (:class:`~exporter.render.pdf.Para`) as Platypus flowables, set at a
tightening level (:mod:`exporter.render.pdf_pages`).

How rows are drawn: a paragraph in the style of its kind; a row with its translation beside it as two columns (the
lead's columns on the lead's tinted ground, a photo note's in its frame); a photo centred, at most as wide as the
frame, with the caption under it lying within the photo's width, the two as one block that floats: a block that
does not fit in what is left of a page goes to the top of the next one, and the text after it fills the page
(:func:`exporter.render.pdf_pages.fitted_doc_class`). The story ends with a mark where photos still waiting are
drawn, so that none floats past its article.
"""
from __future__ import annotations

import functools
import io
from types import SimpleNamespace
from typing import Any, Dict, List, Optional, Sequence, Tuple

from ..model import Inline
from .pdf_pages import paragraph_class
from .pieces import split_runs
from .styles import sheet_color

#: Room between a photo and its caption, and above the photo (points).
PHOTO_SPACE = (4, 3)
#: Gap between the two columns of the bilingual layout (points), each side of the rule between them.
COLUMN_GAP = 8


def flowables(rows: Sequence[Any], prepared: Any, width: float, level: float = 0.0) -> List[object]:
    """Platypus flowables for the paragraphs ``rows`` in a frame ``width`` points wide, at tightening ``level``
    (0: as the style sheet says; 1: at its stated limits)."""
    styles = prepared.sheet.styles if not level else prepared.styles_at(level)
    photo_scale = 1.0 - level * (1.0 - prepared.limits.min_photo)
    story: List[object] = []
    index = 0
    while index < len(rows):
        row = rows[index]
        index += 1
        if row.picture is None:
            story.extend(_row(row, styles, prepared, width))
            continue
        picture = photo_flowable(row.picture, width, photo_scale)
        block = [picture]
        while index < len(rows) and rows[index].style == "caption":  # its captions lie within the photo's width
            block += _row(rows[index], styles, prepared, width, picture.drawWidth)
            index += 1
        story.append(photo_block(block))
    story.append(story_end())
    return story


def _row(row: Any, styles: Any, prepared: Any, width: float, under: Optional[float] = None) -> List[object]:
    """One paragraph's flowables (``under``: the width of the photo above a caption); a flagged one with the
    flag's bar in the margin beside each."""
    if row.columns is None:
        found = _pieces(split_runs(row.runs), _within(styles[row.style], width, under), prepared.marks,
                        prepared.sheet.fonts if row.style == "photo_note" else None)
    else:
        found = [_columns(row, styles, prepared, under or width)]
    if getattr(row, "flagged", False):
        mark = prepared.sheet.flag_mark
        return [margin_mark(flowable, mark["color"], mark["width"], mark["offset"]) for flowable in found]
    return found


def margin_mark(inner: Any, color: str, width: float, offset: float) -> Any:
    """``inner`` with a bar ``width`` points wide in the margin, ``offset`` points left of it, as tall as it is on
    each page it is drawn on (the checks' flag, in print as on screen)."""
    return _margin_mark_class()(inner, color, width, offset)


@functools.cache
def _margin_mark_class():
    """The flowable of :func:`margin_mark` (made once per process). It answers for its content what the layout
    asks of a paragraph: its spaces, whether it keeps with the next, and (``content``) its lines."""
    from reportlab.platypus import Flowable

    class MarginMark(Flowable):
        def __init__(self, content: Any, color: str, width: float, offset: float) -> None:
            super().__init__()
            self.content, self.color, self.bar, self.offset = content, color, width, offset

        def wrap(self, available_width: float, available_height: float) -> Tuple[float, float]:
            self.width, self.height = self.content.wrap(available_width, available_height)
            return self.width, self.height

        def split(self, available_width: float, available_height: float) -> List[Any]:
            return [MarginMark(part, self.color, self.bar, self.offset)
                    for part in self.content.split(available_width, available_height)]

        def getSpaceBefore(self) -> float:  # ReportLab's name
            return self.content.getSpaceBefore()

        def getSpaceAfter(self) -> float:  # ReportLab's name
            return self.content.getSpaceAfter()

        def getKeepWithNext(self) -> bool:  # ReportLab's name
            return self.content.getKeepWithNext()

        def draw(self) -> None:
            self.content.drawOn(self.canv, 0, 0)
            self.canv.saveState()
            self.canv.setFillColor(sheet_color(self.color))
            self.canv.rect(-self.offset, 0, self.bar, self.height, stroke=0, fill=1)
            self.canv.restoreState()

    return MarginMark


def photo_block(content: List[object]) -> Any:
    """A photo and its caption as one block that is never split and floats to the next page when it does not fit
    (its ``floats`` attribute; its ``needed`` method gives its height)."""
    from reportlab.platypus import KeepTogether

    class PhotoBlock(KeepTogether):
        floats = True

        def needed(self, available_width: float) -> float:
            return sum(f.wrap(available_width, 1 << 20)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                       for f in self._content)

    return PhotoBlock(content)


def story_end() -> Any:
    """A mark that takes no room at the end of a story: photos still floating are drawn before it."""
    from reportlab.platypus import Spacer

    end = Spacer(0, 0)
    end.ends_story = True
    return end


def photo_flowable(picture: Any, width: float, scale: float = 1.0) -> Any:
    """A prepared photo as an image flowable, centred, drawn at ``scale`` of its prepared size (the pixels stay:
    a photo drawn smaller prints sharper)."""
    from reportlab.platypus import Image

    drawn_w, drawn_h = picture.size_pt[0] * scale, picture.size_pt[1] * scale
    name = xobject_name(picture)
    kind = _named_image() if name else Image
    image = kind(io.BytesIO(picture.data), width=min(drawn_w, width), height=drawn_h * min(1.0, width / drawn_w))
    image.hAlign = "CENTER"
    image.spaceBefore, image.spaceAfter = PHOTO_SPACE
    image.xobject_name = name
    return image


def xobject_name(picture: Any) -> str:
    """The name a prepared JPEG is drawn under in the PDF: the md5 of its bytes, which the PDF carries unchanged.
    (ReportLab's own ``canvas.drawImage`` names an image by the md5 of its decoded pixels, and so decodes every
    JPEG it draws once more: about 10 ms a full-column photo.) The same photo twice is one image. Empty for a
    PNG, drawn as ReportLab draws it."""
    if picture.format != "JPEG":
        return ""
    import hashlib

    return hashlib.md5(picture.data, usedforsecurity=False).hexdigest()


@functools.cache
def _named_image() -> Any:
    """ReportLab's image flowable drawing a JPEG under its :func:`xobject_name`: what ``canvas.drawImage`` does
    for it, less decoding and hashing the photo again (kept in step with ReportLab by a test that compares the
    bytes of both ways)."""
    from reportlab.pdfbase.pdfdoc import PDFImageXObject
    from reportlab.platypus import Image

    class NamedImage(Image):
        xobject_name = ""

        def draw(self) -> None:
            canvas, name = self.canv, self.xobject_name
            canvas._currentPageHasImages = 1
            doc = canvas._doc
            registered = doc.getXObjectName(name)
            if not doc.idToObject.get(registered):
                xobject = PDFImageXObject(name, self._img, mask=self._mask)  # the JPEG's bytes, as they are
                xobject.name = name
                canvas._setXObjects(xobject)
                doc.Reference(xobject, registered)
                doc.addForm(name, xobject)
            canvas.saveState()
            canvas.translate(getattr(self, "_offs_x", 0), getattr(self, "_offs_y", 0))
            canvas.scale(self.drawWidth, self.drawHeight)
            canvas._code.append(f"/{registered} Do")
            canvas.restoreState()
            canvas._formsinuse.append(name)

    return NamedImage


def _within(style: Any, width: float, photo_width: Optional[float]) -> Any:
    """A caption's style narrowed to the photo above it (centred as the photo is); other styles as they are."""
    if photo_width is None or photo_width >= width - 1:
        return style
    from reportlab.lib.styles import ParagraphStyle

    inset = (width - photo_width) / 2
    return ParagraphStyle(f"{style.name}-under-photo", parent=style, leftIndent=style.leftIndent + inset,
                          rightIndent=style.rightIndent + inset)


def _columns(row: Any, styles: Any, prepared: Any, width: float) -> Any:
    """A row and its translation side by side: one table row per piece of a long paragraph. The lead's columns
    lie on the lead's tinted ground, a photo note's in its frame, as the single-language styles draw them."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, Table, TableStyle

    base = styles[row.style]
    framed = base.backColor is not None or base.borderWidth
    pad = float(base.borderPadding or 0) if framed else 0.0
    if framed:  # the frame or ground is the table's: the cells' paragraphs are drawn bare inside it
        base = ParagraphStyle(f"{base.name}-cell", parent=base, backColor=None, borderWidth=0, borderPadding=0,
                              leftIndent=0, rightIndent=0, spaceBefore=0, spaceAfter=0)
    left, right = (split_runs(col) for col in row.columns)
    count = max(len(left), len(right))
    cells = [[Paragraph(prepared.marks.runs(col[i]) if i < len(col) else "", base) for col in (left, right)]
             for i in range(count)]
    table = Table(cells, colWidths=[width / 2 - 2, width / 2 - 2], splitByRow=1, splitInRow=1, hAlign="CENTER")
    commands: List[Tuple[Any, ...]] = [
        # A Table sets each cell's font before drawing it (ReportLab's default: Helvetica, never embedded).
        ("FONTNAME", (0, 0), (-1, -1), prepared.sheet.fonts["regular"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), pad), ("RIGHTPADDING", (0, 0), (0, -1), COLUMN_GAP),
        ("LEFTPADDING", (1, 0), (1, -1), COLUMN_GAP), ("RIGHTPADDING", (1, 0), (1, -1), pad),
        ("LINEAFTER", (0, 0), (0, -1), 0.4, "#bbbbbb"),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), base.spaceAfter + 2),
    ]
    own = styles[row.style]
    if framed:
        commands += [("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad)]
    if own.backColor is not None:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), own.backColor))
    if own.borderWidth:
        commands.append(("BOX", (0, 0), (-1, -1), own.borderWidth, own.borderColor))
    table.setStyle(TableStyle(commands))
    table.spaceBefore, table.spaceAfter = own.spaceBefore, own.spaceAfter if framed else 0
    return table


def _pieces(pieces: Sequence[Tuple[Inline, ...]], style: Any, marks: Any,
            fonts: Optional[Dict[str, str]] = None) -> List[object]:
    """One paragraph, or a long one as several that read as one: no space between the pieces, no indent. With
    ``fonts`` (a photo note's), a bold label opening it is drawn apart (:func:`_label_apart`)."""
    Paragraph = paragraph_class()
    styles = [style]
    if len(pieces) > 1:
        from reportlab.lib.styles import ParagraphStyle

        first = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
        middle = ParagraphStyle(f"{style.name}-more", parent=first, spaceBefore=0, firstLineIndent=0)
        last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0, firstLineIndent=0)
        styles = [first] + [middle] * (len(pieces) - 2) + [last]
    apart = _label_apart(pieces[0], styles[0], marks, fonts) if fonts else None
    if apart is None:
        return [Paragraph(marks.runs(piece), piece_style) for piece, piece_style in zip(pieces, styles)]
    labelled, label, rest = apart
    return [Paragraph(marks.runs(rest), labelled, bulletText=label)] + \
        [Paragraph(marks.runs(piece), piece_style) for piece, piece_style in zip(pieces[1:], styles[1:])]


def _label_apart(runs: Tuple[Inline, ...], style: Any, marks: Any, fonts: Dict[str, str]
                 ) -> Optional[Tuple[Any, List[Any], Tuple[Inline, ...]]]:
    """A photo note's label ("Ảnh: ", bold, before the italic caption) drawn by itself where the text would put it,
    so that the caption is laid out in one face: a paragraph in two faces goes through ReportLab's general line
    breaker, which cost 4.7 M instructions for the sample's one note, 7 % of its brief. The label is ReportLab's
    bullet, in the bold face, at the start of the first line; the first line is indented by the label's width, and
    the bullet's size is 0 because ReportLab keeps 0.6 of it free after a bullet: the caption starts where it did
    after the label's space. Returns (the first piece's style, the bullet, the caption's runs), or None where the
    runs open otherwise (or the label needs a fallback font)."""
    label = runs[0]
    if (len(runs) < 2 or not label.bold or label.italic or label.href or label.note or not label.text.endswith(" ")
            or " " in label.text.strip() or style.fontName != fonts.get("regular") or "bold" not in fonts
            or any(ch in marks.substitutes for ch in label.text)):
        return None
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth

    bold = fonts["bold"]
    space = stringWidth(" ", bold, style.fontSize)
    # Inline, the label's space was one of the line's spaces, which ReportLab lets shrink (the style's
    # spaceShrinkage) to fit a word: the indent leaves that much more room, so that the lines break where they did.
    width = stringWidth(label.text, bold, style.fontSize) - style.spaceShrinkage * space
    labelled = ParagraphStyle(f"{style.name}-labelled", parent=style, firstLineIndent=style.firstLineIndent + width,
                              bulletIndent=style.leftIndent + style.firstLineIndent, bulletFontName=bold,
                              bulletFontSize=0)
    bullet = SimpleNamespace(text=label.text.rstrip(), fontName=bold, fontSize=style.fontSize,
                             textColor=style.textColor)
    return labelled, [bullet], runs[1:]
