"""The pages of a PDF: the document template, the footer ("n / N" and the short headline), and pages that end well.

Pages that end well, by one rule for briefs and the digest's articles (the limits are data: ``fit`` in
``templates/pdf_styles.json``):

1. A brief whose last page holds fewer than ``short_page_lines`` lines (five) is set again tighter, in ``steps``
   steps up to the stated limits (leading down to ``min_leading`` × the size, the space around paragraphs down
   to ``min_space`` of its own, photos down to ``min_photo`` of their height), and the first setting that takes
   a page off is kept.
2. When no setting within the limits takes the page off, the page before the last ends early, by as many lines
   as the last page lacks (and up to two more, as widow and orphan control moves lines in pairs), so that the last
   page holds at least five lines: a short page in the middle reads better than a last page with two lines and
   the byline.

Lines are counted as they are drawn (:func:`text_lines`): a paragraph's lines, a bilingual row as its longer
column, a photo as the body lines of its height.

Within a page: no widow or orphan lines (two lines of a paragraph at least on either side of a break), a heading,
the headline and the meta line keep with what follows them (:func:`keep_with_start`: with the first lines of a long
paragraph, not the whole of it) and a photo with its caption.
"""
from __future__ import annotations

import contextlib
import copy
import functools
import io
import os
from typing import Any, Callable, Dict, Iterator, List, NamedTuple, Optional

from .._version import __version__
from ..errors import RenderError
from ..interrupt import deferred_interrupt
from ..options import Options
from .pdf_info import info_class

#: Lines of a paragraph that stay together at a page break (widows and orphans: ReportLab keeps two).
START_LINES = 2
#: Tries at ending the page before the last early (each a line earlier than the one before).
PUSH_TRIES = 3


class Fit(NamedTuple):
    """How a brief (or one article of a digest) is set: its tightening (0: as the style sheet says, 1: at the
    stated limits), and the page (1-based, counted from the article's first) that ends ``short_by`` points early."""

    level: float = 0.0
    short_page: int = 0
    short_by: float = 0.0

    def cut(self, page: int) -> float:
        """The points page ``page`` (counted from the first) ends early."""
        return self.short_by if page == self.short_page else 0.0


class Limits(NamedTuple):
    """The ``fit`` section of the style sheet: what "ends well" means and how far a layout may be tightened.
    (Records of the render are named tuples, not dataclasses: making a dataclass costs a process more than laying
    out a page.)"""

    short_page_lines: int = 5
    steps: int = 3
    min_leading: float = 1.35
    min_space: float = 0.4
    min_photo: float = 0.75

    @classmethod
    def of(cls, fit: Optional[dict]) -> Limits:
        values = {k: v for k, v in (fit or {}).items() if k in cls._fields}
        return cls(**values)

    def levels(self) -> List[float]:
        """The tightenings tried after the sheet's own setting, loosest first."""
        return [step / self.steps for step in range(1, self.steps + 1)]


class Built:
    """A laid-out document: per page the lines of text on it (a photo counted as the lines of its height), and its
    bytes, written when first asked for: a trial layout that is not kept is never serialised (font subsets,
    compressed page streams: about half of a build)."""

    __slots__ = ("lines", "finish", "_pdf")

    def __init__(self, lines: Optional[List[int]] = None, finish: Optional[Callable[[], bytes]] = None) -> None:
        self.lines: List[int] = lines if lines is not None else []
        self.finish = finish
        self._pdf: Optional[bytes] = None

    @property
    def pdf(self) -> bytes:
        """The document's bytes (serialised on the first call)."""
        if self._pdf is None:
            self._pdf = self.finish() if self.finish is not None else b""
            self.finish = None
        return self._pdf


def text_lines(flowable: object, line: float) -> int:
    """The lines of text a drawn flowable holds: a paragraph's lines, a table's rows (each as many lines as its
    fullest cell), a photo as the body lines of its height."""
    if isinstance(flowable, (list, tuple)):  # a table cell holding several flowables (or the parts of a split one)
        return sum(text_lines(item, line) for item in flowable)
    flowable = getattr(flowable, "content", flowable)  # a flagged paragraph: the paragraph beside its bar
    para = getattr(flowable, "blPara", None)
    if para is not None:
        return len(para.lines)
    cells = getattr(flowable, "_cellvalues", None)
    if cells is not None:
        return sum(max([text_lines(cell, line) for cell in row if cell is not None and not isinstance(cell, str)],
                       default=0) for row in cells)
    height = getattr(flowable, "drawHeight", 0)
    return round(height / line) if height else 0


def page_size(options: Options):
    from reportlab.lib.pagesizes import A4, LETTER

    return {"a4": A4, "letter": LETTER}[options.paper]


def short_title(title: str, limit: int) -> str:
    """The headline cut at a word boundary to fit a footer."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def numbered_canvas(draw_footer: Callable[[object, int, int], None]):
    """A canvas maker whose canvas knows the page count when it draws each page's footer ("n / N")."""
    return functools.partial(_numbered_canvas_class(), draw_footer=draw_footer)


@functools.cache
def _numbered_canvas_class():
    """The canvas class of :func:`numbered_canvas` (made once: a class costs more to make than a page to draw)."""
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        def __init__(self, *args, draw_footer: Callable[[object, int, int], None], **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: List[dict] = []
            self._draw_footer = draw_footer
            info = info_class()()  # the document information, written faster (the same bytes)
            info.__dict__.update(self._doc.info.__dict__)
            self._doc.info = info

        def showPage(self):  # ReportLab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(self, self._pageNumber, total)
                super().showPage()
            super().save()

    return NumberedCanvas


@functools.cache
def paragraph_class():
    """ReportLab's ``Paragraph`` that breaks its lines once per width. The layout asks a paragraph for its height
    again at the same width (a heading's group is measured, then placed; a paragraph that does not fit the page is
    measured again to be split), and breaking lines is most of a render. The lines found for a width are kept
    with the paragraph and given back as ReportLab would find them again; a split forgets them (the parts are new
    paragraphs, and splitting may mark the paragraph's last word)."""
    from reportlab.platypus import Paragraph

    class LinesOnce(Paragraph):
        def wrap(self, available_width, available_height):
            kept = self.__dict__.get("_lines_at")
            if kept is not None and kept[0] == available_width:
                _, self.width, self._wrapWidths, self.blPara, self.height = kept
                return self.width, self.height
            size = super().wrap(available_width, available_height)
            if "blPara" in self.__dict__ and self.width == available_width:
                self._lines_at = (available_width, self.width, self._wrapWidths, self.blPara, self.height)
            return size

        def split(self, available_width, available_height):
            parts = super().split(available_width, available_height)
            self.__dict__.pop("_lines_at", None)
            return parts

    return LinesOnce


@functools.cache
def keep_with_start():
    """ReportLab's ``KeepTogether`` for ``keepWithNext`` runs (a heading and what follows it) that asks for room
    for the start of the last flowable only: the first :data:`START_LINES` lines of a paragraph, not the whole
    of a long one (which would leave half a page empty). Other flowables (a photo's caption) are kept whole."""
    from reportlab.platypus import KeepTogether, Paragraph

    class KeepWithStart(KeepTogether):
        def split(self, available_width, available_height):
            *heads, last = self._content
            need = 0.0
            for flowable in heads:
                need += flowable.wrap(available_width, available_height)[1] + flowable.getSpaceBefore() + \
                    flowable.getSpaceAfter()
            height = last.wrap(available_width, available_height)[1]
            text = getattr(last, "content", last)  # a flagged paragraph: the paragraph beside its bar
            if isinstance(text, Paragraph):
                height = min(height, START_LINES * text.style.leading)
            if heads and need + last.getSpaceBefore() + height <= available_height:
                return list(self._content)  # they fit with the start of the last one: let them flow
            return super().split(available_width, available_height)

    return KeepWithStart


def _float_photos(doc: Any, flowables: List[Any]) -> bool:
    """The floating of photo blocks, for :func:`fitted_doc_class`: on a new page what floats is drawn first (the
    first block surely fits; the others float on if not); at the story's end what still floats is drawn; a block
    that does not fit in what is left of a page waits for the next (True: the flowable was taken)."""
    if doc.release and flowables is not doc._hanging:
        doc.release = False
        for index, block in enumerate(doc.waiting):
            block.placed = index == 0
        if flowables and hasattr(flowables[0], "_postponed"):
            del flowables[0]._postponed  # it waits for a page again, now one that starts with a photo
        flowables[0:0], doc.waiting = doc.waiting, []
    flowable = flowables[0]
    if getattr(flowable, "ends_story", False) and doc.waiting:
        for block in doc.waiting:
            block.placed = True
        flowables[0:0], doc.waiting = doc.waiting, []  # the story ends: what floats is drawn here
        flowable = flowables[0]
    if getattr(flowable, "floats", False) and not getattr(flowable, "placed", False):
        frame = doc.frame
        room = frame._y - frame._y1p
        if doc.waiting or (not frame._atTop and flowable.needed(frame._getAvailableWidth()) > room):
            doc.waiting.append(flowables.pop(0))  # to the next page; the text after it fills this one
            return True
    return False


#: What ``copy.deepcopy`` gives back as it is.
_ATOMIC = frozenset({int, float, str, bool, type(None)})


@functools.cache
def frame_class():
    """ReportLab's ``Frame``, copied without deepcopy's generic walk: ReportLab deep-copies the frame each time it
    measures a group kept together (``KeepTogether``: a heading and what follows it); a frame holds numbers and
    strings but for its list of backgrounds, and the copy is the one ``copy.deepcopy`` makes (the numbers and
    strings taken as they are in one step, the list copied deeply)."""
    from reportlab.platypus import Frame

    class CopiedFrame(Frame):
        def __deepcopy__(self, memo: Dict[int, Any]) -> CopiedFrame:
            new = self.__class__.__new__(self.__class__)
            memo[id(self)] = new
            state = self.__dict__.copy()
            backgrounds = state.pop("_frameBGs", None)
            if not _ATOMIC.issuperset(map(type, state.values())):  # more than numbers and strings (unusual)
                state = {key: value if type(value) in _ATOMIC else copy.deepcopy(value, memo)
                         for key, value in state.items()}
            if backgrounds is not None:
                state["_frameBGs"] = copy.deepcopy(backgrounds, memo)
            new.__dict__.update(state)
            return new

    return CopiedFrame


@functools.cache
def fitted_doc_class():
    """A document template that records how full each page is and ends the pages :class:`Fit` asks for early."""
    from reportlab.platypus import PageTemplate
    from reportlab.platypus.doctemplate import BaseDocTemplate

    class FittedDoc(BaseDocTemplate):
        def __init__(self, *args, short_by: Callable[[int], float], line: float, **kwargs):
            # an argument, not a class attribute: ReportLab's constructor sets every one of its arguments on the
            # instance, its own KeepTogether by default, which would hide a class attribute
            kwargs.setdefault("keepTogetherClass", keep_with_start())
            super().__init__(*args, **kwargs)
            self.short_by, self.line = short_by, line
            self.lines: List[int] = [0]
            self.templates: Dict[float, int] = {}
            self.waiting: List[object] = []  # photo blocks floating to the top of the next page
            self.release = False

        def handle_flowable(self, flowables):
            if not _float_photos(self, flowables):
                super().handle_flowable(flowables)

        def handle_pageBegin(self):  # ReportLab's name
            super().handle_pageBegin()
            self.release = bool(self.waiting)

        def template_index(self, cut: float) -> int:
            """The page template whose frame ends ``cut`` points early (made when first needed)."""
            cut = round(cut, 1)
            if cut not in self.templates:
                base = self.pageTemplates[0]
                frame = base.frames[0]
                short = frame_class()(frame._x1, frame._y1 + cut, frame._width, frame._height - cut, id=f"body-{cut}",
                              leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
                self.addPageTemplates([PageTemplate(id=f"short-{cut}", frames=[short], onPage=base.onPage)])
                self.templates[cut] = len(self.pageTemplates) - 1
            return self.templates[cut] if cut else 0

        def handle_documentBegin(self):
            self._firstPageTemplateIndex = self.template_index(self.short_by(1))
            super().handle_documentBegin()

        def afterFlowable(self, flowable):  # ReportLab's name
            self.lines[-1] += text_lines(flowable, self.line)

        def afterPage(self):  # ReportLab's name
            self.lines.append(0)
            self._nextPageTemplateIndex = self.template_index(self.short_by(self.page + 1))

    return FittedDoc


def build_document(story: List[object], sheet, options: Options, *, info: Dict[str, str],
                   draw_footer: Callable[[object, int, int], None], on_page: Optional[Callable] = None,
                   short_by: Callable[[int], float] = lambda page: 0.0, line: float = 15.0) -> Built:
    """Lay ``story`` out on pages of the paper ``options`` ask for, with ``draw_footer`` called on every page when
    the page count is known, and ``short_by(page)`` points taken off the bottom of that page's frame. The layout is
    made here; the bytes when the :class:`Built`'s ``pdf`` is first read."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageTemplate
    from reportlab.platypus.doctemplate import LayoutError

    margin = float(sheet.page.get("margin_mm", 20)) * mm
    size = page_size(options)
    regular = sheet.fonts["regular"]
    buffer = io.BytesIO()
    reproducible = bool(os.environ.get("SOURCE_DATE_EPOCH", "").strip())
    doc = fitted_doc_class()(
        buffer, short_by=short_by, line=line, pagesize=size,
        leftMargin=margin, rightMargin=margin, topMargin=margin, bottomMargin=margin,
        title=info.get("title", ""), author=info.get("author", ""), subject=info.get("subject", ""),
        creator=f"vnbrief {__version__}", lang=info.get("lang", "vi"),
        # Without an initial font ReportLab writes "/F1 12 Tf" (Helvetica, never embedded) into every page.
        initialFontName=regular, initialFontSize=10, initialLeading=12,
        invariant=1 if reproducible else None,
        displayDocTitle=1,
    )
    frame = frame_class()(margin, margin, size[0] - 2 * margin, size[1] - 2 * margin, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="brief", frames=[frame], onPage=on_page or (lambda c, d: None))])
    doc._doSave = 0  # ReportLab's own switch (its multiBuild's): the canvas is saved when the bytes are asked for
    try:
        with in_reportlab():
            doc.build(story, canvasmaker=numbered_canvas(draw_footer))
    except LayoutError as err:
        raise RenderError(f"the PDF layout failed ({err})", subject=info.get("title", "")) from None

    def finish() -> bytes:
        with in_reportlab():
            doc.canv.save()  # the footers ("n / N") drawn, then the document written
        return buffer.getvalue()

    return Built(doc.lines[:-1] or doc.lines, finish)


def choose_fit(build: Callable[[Fit], Built], limits: Limits, line: float,
               first: Optional[Built] = None) -> Fit:
    """The :class:`Fit` of a brief whose pages ``build`` lays out (see the module's rule); ``line`` is the body's
    line height, ``first`` the layout at the sheet's own setting when it is already made."""
    def short(built: Built) -> bool:
        return len(built.lines) > 1 and built.lines[-1] < limits.short_page_lines

    plain = first or build(Fit())
    if not short(plain):
        return Fit()
    chosen, built = Fit(), plain
    for level in limits.levels():
        tighter = build(Fit(level))
        if len(tighter.lines) < len(plain.lines):
            chosen, built = Fit(level), tighter
            break
    if not short(built):
        return chosen
    # Nothing within the limits takes the page off: the page before the last ends early, by the lines the last
    # page lacks (a line more at each try: widow and orphan control moves two lines at a time).
    missing = limits.short_page_lines - built.lines[-1]
    for extra in range(PUSH_TRIES):
        candidate = chosen._replace(short_page=len(built.lines) - 1, short_by=(missing + extra + 0.5) * line)
        pushed = build(candidate)
        if len(pushed.lines) == len(built.lines) and not short(pushed):
            return candidate
    return chosen


@contextlib.contextmanager
def in_reportlab() -> Iterator[None]:
    """While ReportLab lays a document out or writes it: binary streams (:func:`binary_streams`), and Ctrl-C and
    the stop signals held until it is done, then raised (:func:`~exporter.interrupt.deferred_interrupt`).
    ReportLab turns what is raised inside it into other errors (its ``except:`` around a reference's formatting
    makes a ``KeyError`` of anything, its layout re-raises errors with annotated text), so a signal raised there
    became "unexpected error" for one article and the batch went on. A build takes a fraction of a second."""
    with deferred_interrupt(), binary_streams():
        yield


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
