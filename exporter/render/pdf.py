"""The PDF brief (ReportLab Platypus): ``render_pdf(article, options) -> bytes``.

Every character is checked against the family's glyphs before anything is drawn; a character the family lacks
is drawn from a fallback font that has it, or named in a warning. User text is escaped before it reaches
ReportLab's paragraph markup.
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Dict, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from .._version import __version__
from ..errors import RenderError
from ..model import Article, Inline, Photo
from ..options import Options, parallelism
from ..resources import cache_folder
from ..text.normalise import EMOJI_SEQUENCE
from . import fonts as fontlib
from .pieces import split_runs
from .styles import FACE_STYLES, StyleSheet, build_styles, load_sheet
from .view import BriefView, brief_view

log = logging.getLogger(__name__)

_SAFE_LINK = ("http://", "https://", "mailto:")
# Joiners and the emoji variation selector: zero-width, nothing to draw when a font lacks them.
_DRAW_NOTHING = frozenset("\u200d\ufe0e\ufe0f")
#: Block kinds drawn in their own style beside their translation (bilingual layout); the others are drawn as
#: plain columns there (the lead as the lead's columns).
_OWN_STYLE_IN_COLUMNS = ("caption", "heading", "byline", "quote")


class Para(NamedTuple):
    """One paragraph of the PDF in a style of the style sheet (``columns`` set: two paragraphs side by side)."""

    style: str
    runs: Tuple[Inline, ...] = ()
    columns: Optional[Tuple[Tuple[Inline, ...], Tuple[Inline, ...]]] = None
    photo: Optional[Photo] = None
    """The picture of an ``image`` paragraph, drawn across the frame above its caption."""


def paragraphs(view: BriefView) -> List[Para]:
    """The view drawn as paragraphs: each part in its style, a row with a translation beside it as two columns."""
    out = [Para("headline", view.headline.marked)]
    if view.subtitle is not None:
        out.append(Para("original_title", view.subtitle.marked))
    out += [Para(style, (Inline(text),)) for style, text in (("meta", view.meta), ("notice", view.notice)) if text]
    for row in view.rows:
        if row.photo is not None:
            out.append(Para("image", photo=row.photo))
        elif row.parallel is None:
            out.append(Para(row.kind, row.text.marked))
        else:
            style = row.kind if row.kind in _OWN_STYLE_IN_COLUMNS else "column_lead" if row.kind == "lead" else "column"
            out.append(Para(style, columns=(row.text.marked, row.parallel.marked)))
    # Footnotes and endnotes after the body, numbered as their markers
    out += [Para("caption", (Inline(f"{number}. {text}"),)) for number, text in view.numbered_notes]
    return out


def document_info(view: BriefView) -> Dict[str, str]:
    """Title, author, subject and language of the PDF document."""
    return {"title": view.title, "author": view.author, "subject": view.subject, "lang": view.lang}


def escape(text: str) -> str:
    """Text as ReportLab paragraph markup reads it back: ``&``, ``<`` and ``>`` escaped. (xml.sax.saxutils
    does the same but imports urllib.request, http and ssl: a quarter of the command's start-up.)"""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(value: str) -> str:
    """An attribute value in double quotes."""
    return '"' + escape(value).replace('"', "&quot;") + '"'


class Marks:
    """Turns runs of user text into ReportLab paragraph markup: escaped, emphasis as tags, and characters the
    family lacks wrapped in a fallback font."""

    def __init__(self, substitutes: Dict[str, str]):
        self.substitutes = substitutes  # character → registered fallback font name

    def text(self, text: str) -> str:
        out = escape(text)
        if self.substitutes and any(ch in self.substitutes for ch in text):
            out = "".join(f'<font name="{self.substitutes[ch]}">{escape(ch)}</font>' if ch in self.substitutes
                          else escape(ch) for ch in text)
        return out

    def runs(self, runs: Iterable[Inline]) -> str:
        parts = []
        for run in runs:
            if run.note:  # a footnote or endnote marker, drawn as a raised number
                parts.append(f"<super>{run.note}</super>")
                continue
            piece = self.text(run.text)
            if run.italic:
                piece = f"<i>{piece}</i>"
            if run.bold:
                piece = f"<b>{piece}</b>"
            if run.href and run.href.lower().startswith(_SAFE_LINK):
                piece = f'<link href={quoteattr(run.href)} color="#1a4d8f">{piece}</link>'
            parts.append(piece)
        return "".join(parts)


def faces_used(rows: Sequence[Para], sheet: dict) -> List[str]:
    """The faces (regular, bold, italic, bold_italic) the rows will be drawn in."""
    used = {"regular"}
    for row in rows:
        if row.photo is not None:
            continue
        base = sheet["faces"][sheet["styles"][row.style]["face"]]
        bold, italic = FACE_STYLES[base]
        runs = list(row.runs) + [r for col in (row.columns or ()) for r in col]
        for run in runs:
            used.add(fontlib.style_name(bold or run.bold, italic or run.italic))
    return sorted(used)


def _right_to_left(needed: Iterable[str]) -> List[str]:
    """Characters of right-to-left scripts (Unicode bidi classes R and AL: Hebrew, Arabic, Syriac, N'Ko …)."""
    return sorted(ch for ch in needed if unicodedata.bidirectional(ch) in ("R", "AL") and ch.isalpha())


def name_undrawable(text: str) -> None:
    """Warn about text the PDF cannot draw as it should be read, as about a missing glyph: right-to-left
    scripts (ReportLab lays every line out left to right, Arabic letters unjoined) and emoji sequences joined
    with U+200D (drawn as their parts; the text layer keeps the sequence whole)."""
    rtl = _right_to_left(set(text))
    if rtl:
        scripts = sorted({unicodedata.name(ch, "?").split()[0].title().replace("Nko", "N'Ko") for ch in rtl})
        letters = re.escape("".join(rtl))
        sample = re.search("[%s][\\s%s]*" % (letters, letters), text)
        log.warning("right-to-left text (%s) is drawn left to right with its letters unjoined: %r",
                    ", ".join(scripts), sample.group().strip()[:40] if sample else "")
    joined = [m.group() for m in EMOJI_SEQUENCE.finditer(text)]
    if joined:
        log.warning("%d emoji sequence%s joined with U+200D (%s) %s drawn as %s parts", len(joined),
                    "" if len(joined) == 1 else "s", " ".join(dict.fromkeys(joined)),
                    "is" if len(joined) == 1 else "are", "its" if len(joined) == 1 else "their")


def check_coverage(texts: Iterable[str], fonts: Dict[str, str]) -> Dict[str, str]:
    """Map every character of ``texts`` that some face of the family lacks to a fallback font; warn, naming
    the code point, about any character no font here can draw, and about text no font here can draw as it is
    read (:func:`name_undrawable`). ``fonts`` maps the faces used to their names."""
    faces = [fontlib.glyphs(name) for name in set(fonts.values())]
    joined = "".join(texts)
    needed = set(joined)
    if not joined.isascii():
        name_undrawable(joined)
    missing = sorted(ch for ch in needed if not ch.isspace() and ch not in _DRAW_NOTHING
                     and not all(ord(ch) in face for face in faces))
    substitutes: Dict[str, str] = {}
    if not missing:
        return substitutes
    finder = fontlib.Fallbacks()
    for ch in missing:
        font = finder.font_for(ch)
        if font:
            substitutes[ch] = font
            log.info("drawing %s from fallback font %s", fontlib.describe_char(ch), font)
        else:
            log.warning("no font has %s: it will not print correctly", fontlib.describe_char(ch))
    return substitutes


@dataclass
class Prepared:
    """What every PDF of an options set shares: registered faces, styles, and the markup helper."""

    sheet: StyleSheet
    marks: Marks
    dpi: int = 150
    """Resolution photos are printed at."""
    max_photo_height: float = 380.0
    """The tallest a photo is drawn (points): about half an A4 page's frame."""
    jobs: int = 0
    """``--jobs``: photos prepared at a time (threads; see :func:`~exporter.render.images.prepare_images`)."""


def prepare(rows: Sequence[Para], extra_texts: Sequence[str], options: Options) -> Prepared:
    """Register the family, build the styles and check every character of ``rows`` and ``extra_texts``."""
    sheet = load_sheet()
    family = fontlib.resolve_family(options.font)
    used = faces_used(rows, sheet)
    names = fontlib.register_family(family, used, cache_folder(options.cache_dir, options.use_cache))
    texts = [r.text for row in rows for r in row.runs] + [r.text for row in rows for col in (row.columns or ())
                                                          for r in col] + list(extra_texts)
    substitutes = check_coverage(texts, {style: names[style] for style in used})
    page_height = page_size(options)[1]
    return Prepared(build_styles(names), Marks(substitutes), dpi=options.image_dpi,
                    max_photo_height=round(page_height * 0.45), jobs=options.jobs)


def flowables(rows: Sequence[Para], prepared: Prepared, width: float) -> List[object]:
    """Platypus flowables for layout rows (single paragraphs, or two columns side by side)."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    styles = prepared.sheet.styles
    story: List[object] = []
    photos = [row.photo.data for row in rows if row.photo is not None]
    if len(photos) > 1:
        from .images import prepare_images  # Pillow's side: only for a brief with photos

        prepare_images(photos, (width, prepared.max_photo_height), dpi=prepared.dpi,
                       jobs=parallelism(prepared.jobs, len(photos))[0])
    for row in rows:
        if row.photo is not None:
            picture = photo_flowable(row.photo, width, prepared.max_photo_height, prepared.dpi)
            if picture is not None:
                story.append(picture)
            continue
        if row.columns is None:
            story.extend(_pieces(split_runs(row.runs), styles[row.style], prepared.marks))
            continue
        left, right = (split_runs(col) for col in row.columns)
        base = styles[row.style]
        count = max(len(left), len(right))  # long paragraphs: one table row per piece, side by side
        cells = [[Paragraph(prepared.marks.runs(col[i]) if i < len(col) else "", base) for col in (left, right)]
                 for i in range(count)]
        table = Table(cells, colWidths=[width / 2 - 2, width / 2 - 2], splitByRow=1, splitInRow=1)
        # A Table sets each cell's font before drawing it (ReportLab's default: Helvetica, never embedded).
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), prepared.sheet.fonts["regular"]),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (0, -1), 8),
                                   ("RIGHTPADDING", (1, 0), (1, -1), 0),
                                   ("LINEAFTER", (0, 0), (0, -1), 0.4, "#bbbbbb"),
                                   ("LEFTPADDING", (1, 0), (1, -1), 8),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), base.spaceAfter + 2)]))
        story.append(table)
    return story


def photo_flowable(photo: Photo, width: float, max_height: float, dpi: int) -> Optional[object]:
    """A photo as an image flowable as wide as the frame (at most ``max_height`` tall), downsampled to ``dpi``,
    kept on the page of the caption after it; ``None``, with a warning naming it, for a photo that cannot be
    drawn right (the caption stays)."""
    from reportlab.platypus import Image

    from ..read.rules.photo_places import photo_label
    from .images import ImageSkipped, prepare_image  # Pillow's side: only for a brief with photos

    try:
        prepared = prepare_image(photo.data, (width, max_height), dpi=dpi)
    except ImageSkipped as err:
        log.warning("photo %s left out: %s", photo_label(photo.src), err)
        return None
    picture = Image(io.BytesIO(prepared.data), width=prepared.size_pt[0], height=prepared.size_pt[1])
    picture.hAlign = "CENTER"
    picture.spaceBefore, picture.spaceAfter = 4, 3
    picture.keepWithNext = 1  # with its caption
    return picture


def _pieces(pieces: Sequence[Tuple[Inline, ...]], style, marks: Marks) -> List[object]:
    """One paragraph, or a long one as several that read as one: no space between the pieces, no indent."""
    from reportlab.platypus import Paragraph

    if len(pieces) == 1:
        return [Paragraph(marks.runs(pieces[0]), style)]
    from reportlab.lib.styles import ParagraphStyle

    first = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    middle = ParagraphStyle(f"{style.name}-more", parent=first, spaceBefore=0, firstLineIndent=0)
    last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0, firstLineIndent=0)
    styles = [first] + [middle] * (len(pieces) - 2) + [last]
    return [Paragraph(marks.runs(piece), piece_style) for piece, piece_style in zip(pieces, styles)]


def numbered_canvas(draw_footer: Callable[[object, int, int], None]):
    """A canvas class that knows the page count when it draws each page's footer ("n / N")."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: List[dict] = []

        def showPage(self):  # ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                draw_footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


def page_size(options: Options):
    from reportlab.lib.pagesizes import A4, LETTER

    return {"a4": A4, "letter": LETTER}[options.paper]


def short_title(title: str, limit: int) -> str:
    """The headline cut at a word boundary to fit a footer."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def draw_footer_notice(canvas, notice: str, prepared: Prepared, left: float, bottom: float, width: float) -> None:
    """The machine-translation notice at the foot of a page, above the footer line whose baseline is at
    ``bottom``: small, grey, wrapped (at most two lines), its characters drawn like the body's (fallback fonts
    for what the family lacks, such as the arrow)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    page = prepared.sheet.page
    size = float(page.get("footer_size", 8)) - 1
    style = ParagraphStyle("footer_notice", fontName=prepared.sheet.fonts["regular"], fontSize=size,
                           leading=size * 1.2, textColor=page.get("footer_color", "#555555"))
    paragraph = Paragraph(prepared.marks.text(notice), style)
    _, height = paragraph.wrap(width, size * 3)
    paragraph.drawOn(canvas, left, bottom + size * 1.6)


def build_pdf(story: List[object], prepared: Prepared, options: Options, *, info: Dict[str, str],
              footer_title: str, on_page: Optional[Callable] = None, doc_class=None, notice: str = "") -> bytes:
    """Lay ``story`` out on pages with the footer (and ``notice``, the machine-translation notice, at the foot of
    every page) and return the PDF bytes."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, PageTemplate
    from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError

    sheet = prepared.sheet
    margin = float(sheet.page.get("margin_mm", 20)) * mm
    size = page_size(options)
    regular = sheet.fonts["regular"]
    footer_size = float(sheet.page.get("footer_size", 8))

    def draw_footer(canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(regular, footer_size)
        canvas.setFillColor(sheet.page.get("footer_color", "#555555"))
        y = margin / 2
        canvas.drawString(margin, y, footer_title)
        canvas.drawRightString(size[0] - margin, y, f"{number} / {total}")
        if notice:
            draw_footer_notice(canvas, notice, prepared, margin, y, size[0] - 2 * margin)
        canvas.restoreState()

    buffer = io.BytesIO()
    reproducible = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
    doc = (doc_class or BaseDocTemplate)(
        buffer,
        pagesize=size,
        leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin,
        title=info.get("title", ""), author=info.get("author", ""), subject=info.get("subject", ""),
        creator=f"vnbrief {__version__}", lang=info.get("lang", "vi"),
        # Without an initial font ReportLab writes "/F1 12 Tf" (Helvetica, never embedded) into every page.
        initialFontName=regular, initialFontSize=10, initialLeading=12,
        invariant=1 if reproducible else None,
        displayDocTitle=1,
    )
    frame = Frame(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="brief", frames=[frame], onPage=on_page or (lambda c, d: None))])
    try:
        with binary_streams():
            doc.build(story, canvasmaker=numbered_canvas(draw_footer))
    except LayoutError as err:
        raise RenderError(f"the PDF layout failed ({err})", subject=info.get("title", "")) from None
    return buffer.getvalue()


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """ReportLab writes binary streams, not ASCII85, while a document is built: photos and fonts are a quarter
    smaller, and ReportLab's pure-Python ASCII85 encoder (without its optional C accelerator) costs more than the
    rest of a photo's preparation."""
    from reportlab import rl_config

    a85, rl_config.useA85 = rl_config.useA85, 0
    try:
        yield
    finally:
        rl_config.useA85 = a85


def render_pdf(article: Article, options: Options = Options()) -> bytes:
    """The article's PDF brief as bytes."""
    from reportlab.lib.units import mm

    view = brief_view(article, options)
    rows = paragraphs(view)
    info = document_info(view)
    prepared = prepare(rows, [info["title"]], options)
    footer = short_title(info["title"], int(prepared.sheet.page.get("short_title_chars", 60)))
    width = page_size(options)[0] - 2 * float(prepared.sheet.page.get("margin_mm", 20)) * mm
    return build_pdf(flowables(rows, prepared, width), prepared, options, info=info, footer_title=footer,
                     notice=view.notice)
