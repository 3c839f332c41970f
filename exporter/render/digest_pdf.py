"""The digest as one PDF: a cover, a table of contents with page numbers, every article from a new page with
its headline as a running header, an outline (bookmarks) entry per article, and "n / N" over the whole digest.

One layout pass. The contents come before the articles, so their page numbers are not known when the contents
are laid out; like the "N" of "n / N", they are drawn when the document is saved, when every page is known
(:func:`~exporter.render.pdf.numbered_canvas` keeps the pages until then). The contents' layout does not depend
on the numbers: each has a fixed slot, whose position on the page is recorded when the slot is drawn. Bookmarks
are made at save time too, page by page, so that each one points to its own page. A two-pass ``multiBuild``
would lay the whole digest out twice.
"""
from __future__ import annotations

import io
import logging
import os
from dataclasses import dataclass, field, replace
from typing import Any, Dict, List, Tuple

from .._version import __version__
from ..errors import RenderError
from ..model import Digest
from ..options import Options
from .pdf import (
    Prepared,
    binary_streams,
    build_pdf,
    draw_footer_notice,
    flowables,
    numbered_canvas,
    page_size,
    paragraphs,
    prepare,
    short_title,
)
from .styles import MIN_LEADING
from .view import digest_view

log = logging.getLogger(__name__)

#: The digest's own paragraph styles: (the brief style they start from, what changes). Sizes in points.
DIGEST_STYLES: Dict[str, Tuple[str, Dict[str, Any]]] = {
    "cover_title": ("headline", {"size": 28, "space_after": 14}),
    "cover_meta": ("meta", {"size": 12, "space_after": 4}),
    "cover_item": ("paragraph", {"size": 10.5, "space_after": 5, "align": "left", "hanging": 18}),
    "contents_title": ("headline", {"size": 18, "space_after": 12}),
    "contents_entry": ("paragraph", {"size": 10.5, "align": "left", "hanging": 18}),
}
CONTENTS_NUMBER_WIDTH = 36  # points: room for "9999" right-aligned
COVER_TOP_SPACE = 110  # points above the cover title


def _digest_styles(prepared: Prepared) -> Dict[str, Any]:
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle

    base = prepared.sheet.styles
    out = {}
    for name, (parent_name, spec) in DIGEST_STYLES.items():
        parent = base[parent_name]
        size = float(spec.get("size", parent.fontSize))
        extra: Dict[str, object] = {}
        if spec.get("align") == "left":
            extra["alignment"] = TA_LEFT
        if spec.get("hanging"):
            extra.update(leftIndent=float(spec["hanging"]), firstLineIndent=-float(spec["hanging"]))
        out[name] = ParagraphStyle(
            name, parent=parent, fontSize=size, leading=size * max(parent.leading / parent.fontSize, MIN_LEADING),
            spaceBefore=0, spaceAfter=float(spec.get("space_after", 0)), **extra)
    return out


@dataclass
class _Pages:
    """What the layout pass learns, for the save pass: where each part starts, where the numbers go."""

    marks: List[Tuple[int, str, int]] = field(default_factory=list)
    """(page, kind, article index): ``cover``, ``contents`` or ``article`` starts on that page."""
    starts: Dict[int, int] = field(default_factory=dict)
    """Article index → its first page."""
    slots: Dict[int, List[Tuple[int, float, float]]] = field(default_factory=dict)
    """Page → (article index, x, y) of the right end of each contents number's baseline."""

    def role(self, page: int) -> Tuple[str, int]:
        """The part a page belongs to: the last one started on or before it."""
        kind, index = "cover", -1
        for start, mark_kind, mark_index in self.marks:
            if start > page:
                break
            kind, index = mark_kind, mark_index
        return kind, index


def _flowable_classes():
    from reportlab.platypus import Flowable

    class Mark(Flowable):
        """Takes no room; records the page it lands on (the first of a cover, contents or article)."""

        def __init__(self, pages: _Pages, kind: str, index: int = -1) -> None:
            super().__init__()
            self.pages, self.kind, self.index = pages, kind, index

        def wrap(self, available_width, available_height):
            return 0, 0

        def draw(self):
            page = self.canv.getPageNumber()
            self.pages.marks.append((page, self.kind, self.index))
            if self.kind == "article":
                self.pages.starts[self.index] = page

    class NumberSlot(Flowable):
        """The place of one contents page number; records its page and its position on the page."""

        def __init__(self, pages: _Pages, index: int, width: float, height: float, baseline: float) -> None:
            super().__init__()
            self.pages, self.index = pages, index
            self.width, self.height, self.baseline = width, height, baseline

        def wrap(self, available_width, available_height):
            return self.width, self.height

        def draw(self):
            a, b, c, d, e, f = self.canv._currentMatrix  # ReportLab's current transform: cell → page
            x, y = self.width, self.baseline
            self.pages.slots.setdefault(self.canv.getPageNumber(), []).append(
                (self.index, a * x + c * y + e, b * x + d * y + f))

    return Mark, NumberSlot


def render_digest_pdf(digest: Digest, options: Options = Options()) -> bytes:
    """The digest as PDF bytes."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Frame, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle
    from reportlab.platypus.doctemplate import BaseDocTemplate, LayoutError

    Mark, NumberSlot = _flowable_classes()
    view = digest_view(digest, options)
    rows = [paragraphs(entry.view) for entry in view.entries]
    headlines = list(view.headlines)
    entries = list(view.contents)  # the cover, the contents and the bookmarks: a few lines at most
    texts = [view.title, view.date, view.count_line, view.contents_label] + headlines
    prepared = prepare([row for article_rows in rows for row in article_rows], texts, options)
    sheet, marks = prepared.sheet, prepared.marks
    styles = _digest_styles(prepared)
    size = page_size(options)
    margin = float(sheet.page.get("margin_mm", 20)) * mm
    width = size[0] - 2 * margin
    pages = _Pages()

    story: List[object] = [Mark(pages, "cover"), Spacer(1, COVER_TOP_SPACE),
                           Paragraph(marks.text(view.title), styles["cover_title"])]
    story += [Paragraph(marks.text(line), styles["cover_meta"]) for line in (view.date, view.count_line) if line]
    story.append(Spacer(1, 18))
    story += [Paragraph(f"{n}.\u00a0{marks.text(h)}", styles["cover_item"]) for n, h in enumerate(entries, 1)]

    entry = styles["contents_entry"]
    story += [PageBreak(), Mark(pages, "contents"), Paragraph(marks.text(view.contents_label),
                                                               styles["contents_title"])]
    table_rows = [[Paragraph(f'<a href="#{_key(i)}">{i + 1}.\u00a0{marks.text(h)}</a>', entry),
                   NumberSlot(pages, i, CONTENTS_NUMBER_WIDTH, entry.leading, entry.leading - entry.fontSize)]
                  for i, h in enumerate(entries)]
    table = Table(table_rows, colWidths=[width - CONTENTS_NUMBER_WIDTH, CONTENTS_NUMBER_WIDTH])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), sheet.fonts["regular"]),  # not Helvetica
                               ("VALIGN", (0, 0), (0, -1), "TOP"), ("VALIGN", (1, 0), (1, -1), "BOTTOM"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    story.append(table)
    for index, article_rows in enumerate(rows):
        story += [PageBreak(), Mark(pages, "article", index)] + flowables(article_rows, prepared, width)

    regular = sheet.fonts["regular"]
    small = float(sheet.page.get("footer_size", 8))
    grey = sheet.page.get("footer_color", "#555555")
    chars = int(sheet.page.get("short_title_chars", 60))
    footer_title = short_title(view.title, chars)

    def finish_page(canvas, number: int, total: int) -> None:
        """Save pass, once per page: header, footer, contents numbers, bookmarks."""
        kind, index = pages.role(number)
        if kind == "cover":
            if number == 1:
                canvas.showOutline()
            return
        canvas.saveState()
        canvas.setFont(regular, small)
        canvas.setFillColor(grey)
        canvas.drawString(margin, margin / 2, footer_title)
        canvas.drawRightString(size[0] - margin, margin / 2, f"{number} / {total}")
        if kind == "article":
            canvas.drawString(margin, size[1] - margin / 2, short_title(headlines[index], chars + 30))
            if view.entries[index].view.notice:
                draw_footer_notice(canvas, view.entries[index].view.notice, prepared, margin, margin / 2, width)
        canvas.restoreState()
        if kind == "article" and pages.starts.get(index) == number:
            canvas.bookmarkPage(_key(index), fit="XYZ", left=0, top=size[1])
            canvas.addOutlineEntry(entries[index], _key(index), level=0)
        canvas.saveState()
        canvas.setFont(regular, entry.fontSize)
        for article, x, y in pages.slots.get(number, []):
            canvas.drawRightString(x, y, str(pages.starts[article]))
            # Named: ReportLab numbers unnamed annotations with a counter that numbered_canvas rewinds per page.
            canvas.linkAbsolute("", _key(article), Rect=(x - CONTENTS_NUMBER_WIDTH, y - 2, x, y + entry.fontSize),
                                name=f"contents-{_key(article)}")
        canvas.restoreState()

    buffer = io.BytesIO()
    reproducible = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
    doc = BaseDocTemplate(
        buffer, pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin,
        title=view.title, author="", subject=view.count_line, creator=f"vnbrief {__version__}",
        lang=view.lang, initialFontName=regular, initialFontSize=10, initialLeading=12,
        invariant=1 if reproducible else None, displayDocTitle=1)
    frame = Frame(margin, margin, width, size[1] - 2 * margin, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="digest", frames=[frame])])
    try:
        with binary_streams():
            doc.build(story, canvasmaker=numbered_canvas(finish_page))
    except LayoutError as err:
        unfit = _unfit_articles(rows, prepared, width, options)
        if not unfit or len(unfit) == len(rows):
            raise RenderError(f"the PDF layout failed ({err})", subject=view.title) from None
        for index in unfit:
            log.warning("digest: article %d (%s) cannot be laid out on a page; left out", index + 1,
                        short_title(headlines[index], 80))
        kept = tuple(a for i, a in enumerate(digest.articles) if i not in unfit)
        return render_digest_pdf(replace(digest, articles=kept), options)
    return buffer.getvalue()


def _unfit_articles(rows: List[Any], prepared: Prepared, width: float, options: Options) -> List[int]:
    """The articles whose own pages cannot be laid out (each tried alone, as a brief of its own)."""
    from reportlab.platypus.doctemplate import LayoutError

    unfit = []
    for index, article_rows in enumerate(rows):
        try:
            build_pdf(flowables(article_rows, prepared, width), prepared, options, info={}, footer_title="")
        except (LayoutError, RenderError):
            unfit.append(index)
    return unfit


def _key(index: int) -> str:
    return f"article-{index + 1}"

