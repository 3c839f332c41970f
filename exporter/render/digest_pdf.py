"""The digest as one PDF: a front page (:mod:`exporter.render.digest_cover`), the contents with dot leaders,
sources and page numbers, every article from a new page with its headline as a running header, an outline
(bookmarks) entry per article, and "n / N" over the whole digest.

The contents come before the articles, so their page numbers are not known when the contents are laid out; like
the "N" of "n / N", they are drawn when the document is saved, when every page is known
(:func:`~exporter.render.pdf_pages.numbered_canvas` keeps the pages until then). The contents' layout does not
depend on the numbers: each has a fixed place, recorded when its line is drawn. Bookmarks are made at save time
too, page by page, so that each one points to its own page.

Each article's pages end as a brief's do (:mod:`exporter.render.pdf_pages`): the digest is laid out once; an
article whose last page holds too few lines is then set alone at the tightenings of the rule, and the digest is
laid out once more with each article at its own setting.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, List, Sequence, Tuple

from ..errors import RenderError
from ..model.digest import Digest
from ..options import Options
from .digest_cover import contents_lines, digest_styles, front_page
from .digest_view import DigestView, digest_view
from .pdf import Prepared, draw_footer_notice, frame_size, paragraphs, prepare, prepare_photos
from .pdf_flow import flowables
from .pdf_pages import Built, Fit, build_document, choose_fit, page_size, short_title
from .styles import sheet_color

log = logging.getLogger(__name__)


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

    def record(self, index: int, canvas: Any, x: float, y: float) -> None:
        self.slots.setdefault(canvas.getPageNumber(), []).append((index, x, y))

    def article_pages(self, index: int, total: int) -> List[int]:
        """The pages (1-based) of article ``index``."""
        start = self.starts[index]
        later = [page for page, kind, _ in self.marks if page > start]
        return list(range(start, (min(later) if later else total + 1)))


def _mark_class():
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

    return Mark


@dataclass
class _Digest:
    """A digest ready to be laid out: its view, every article's paragraphs, the shared styles."""

    view: DigestView
    rows: List[Any]
    pictures: Dict[Any, Any]
    prepared: Prepared
    styles: Dict[str, Any]
    options: Options

    @property
    def width(self) -> float:
        return frame_size(self.options)[0]


def render_digest_pdf(digest: Digest, options: Options = Options()) -> bytes:
    """The digest as PDF bytes."""
    view = digest_view(digest, options)
    rows, pictures = [], {}
    for entry in view.entries:
        shown, photos = prepare_photos(entry.view, options)
        rows.append(paragraphs(shown, photos))
        pictures.update(photos)
    # the front page and the contents draw in the regular, bold and italic faces whatever the articles need
    prepared = prepare([row for article_rows in rows for row in article_rows], view.texts, options,
                       faces=("regular", "bold", "italic"))
    laid = _Digest(view, rows, pictures, prepared, digest_styles(prepared), options)
    fits = [Fit()] * len(rows)
    try:
        built, pages = _build(laid, fits)
        fits = _article_fits(laid, built, pages)
        if any(fit != Fit() for fit in fits):
            built, pages = _build(laid, fits)
    except RenderError as err:
        unfit = _unfit_articles(laid)
        if not unfit or len(unfit) == len(rows):
            raise RenderError(err.message, subject=view.title) from None
        for index in unfit:
            log.warning("digest: article %d (%s) cannot be laid out on a page; left out", index + 1,
                        short_title(view.headlines[index], 80))
        kept = tuple(a for i, a in enumerate(digest.articles) if i not in unfit)
        return render_digest_pdf(replace(digest, articles=kept), options)
    return built.pdf


def _build(laid: _Digest, fits: Sequence[Fit]) -> Tuple[Built, _Pages]:
    """Lay the digest out with each article at its :class:`Fit`."""
    from reportlab.platypus import PageBreak

    Mark = _mark_class()
    view, prepared, styles, width = laid.view, laid.prepared, laid.styles, laid.width
    pages = _Pages()
    cover, _ = front_page(view, styles, prepared.marks, width, frame_size(laid.options)[1], laid.pictures)
    story: List[Any] = [Mark(pages, "cover"), *cover, PageBreak(), Mark(pages, "contents")]
    story += contents_lines(view, styles, prepared.marks, width, pages.record)
    for index, (article_rows, fit) in enumerate(zip(laid.rows, fits)):
        story += [PageBreak(), Mark(pages, "article", index)] + flowables(article_rows, prepared, width, fit.level)

    def short_by(page: int) -> float:
        """The points a page of an article ends early (its :class:`Fit`, counted from its first page)."""
        articles = [(start, index) for start, kind, index in pages.marks if kind == "article" and start < page]
        if not articles:
            return 0.0
        start, index = articles[-1]
        return fits[index].cut(page - start + 1)

    info = {"title": view.title, "subject": view.count_line, "lang": view.lang}
    built = build_document(story, prepared.sheet, laid.options, info=info, short_by=short_by,
                           draw_footer=_page_finisher(laid, pages), line=prepared.line)
    return built, pages


def _article_fits(laid: _Digest, built: Built, pages: _Pages) -> List[Fit]:
    """Each article's :class:`Fit`: the rule of a brief, applied to its own pages (set alone to try it)."""
    fits = []
    limits, line = laid.prepared.limits, laid.prepared.line
    for index, article_rows in enumerate(laid.rows):
        lines = [built.lines[page - 1] for page in pages.article_pages(index, len(built.lines))]

        def alone(fit: Fit, article_rows: Any = article_rows) -> Built:
            story = flowables(article_rows, laid.prepared, laid.width, fit.level)
            return build_document(story, laid.prepared.sheet, laid.options, info={},
                                  draw_footer=lambda canvas, number, total: None, short_by=fit.cut, line=line)

        fits.append(choose_fit(alone, limits, line, first=Built(lines)))
    return fits


def _page_finisher(laid: _Digest, pages: _Pages) -> Callable[[Any, int, int], None]:
    """What the save pass draws on each page: header, footer, contents numbers, bookmarks."""
    from reportlab.lib.units import mm

    view, prepared = laid.view, laid.prepared
    sheet = prepared.sheet
    size = page_size(laid.options)
    margin = float(sheet.page.get("margin_mm", 20)) * mm
    regular = sheet.fonts["regular"]
    small = float(sheet.page.get("footer_size", 8))
    grey = sheet_color(sheet.page.get("footer_color", "#555555"))
    chars = int(sheet.page.get("short_title_chars", 60))
    footer_title = short_title(view.title, chars)
    number_size = laid.styles["contents_entry"].fontSize

    def finish_page(canvas, number: int, total: int) -> None:
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
            canvas.drawString(margin, size[1] - margin / 2, short_title(view.headlines[index], chars + 30))
            if view.entries[index].view.notice:
                draw_footer_notice(canvas, view.entries[index].view.notice, prepared, margin, margin / 2,
                                   laid.width)
        canvas.restoreState()
        if kind == "article" and pages.starts.get(index) == number:
            canvas.bookmarkPage(_key(index), fit="XYZ", left=0, top=size[1])
            canvas.addOutlineEntry(view.contents[index], _key(index), level=0)
        canvas.saveState()
        canvas.setFont(regular, number_size)
        for article, x, y in pages.slots.get(number, []):
            canvas.drawRightString(x, y, str(pages.starts[article]))
            # Named: ReportLab numbers unnamed annotations with a counter that numbered_canvas rewinds per page.
            canvas.linkAbsolute("", _key(article), Rect=(x - 30, y - 2, x, y + number_size),
                                name=f"contents-{_key(article)}")
        canvas.restoreState()

    return finish_page


def _unfit_articles(laid: _Digest) -> List[int]:
    """The articles whose own pages cannot be laid out (each tried alone, as a brief of its own)."""
    unfit = []
    for index, article_rows in enumerate(laid.rows):
        try:
            build_document(flowables(article_rows, laid.prepared, laid.width), laid.prepared.sheet, laid.options,
                           info={}, draw_footer=lambda canvas, number, total: None)
        except RenderError:
            unfit.append(index)
    return unfit


def _key(index: int) -> str:
    return f"article-{index + 1}"


__all__ = ["render_digest_pdf"]
