"""The PDF brief (ReportLab Platypus): ``render_pdf(article, options) -> bytes``.

Every character is checked against the family's glyphs before anything is drawn; a character the family lacks
is drawn from a fallback font that has it, or named in a warning. User text is escaped before it reaches
ReportLab's paragraph markup.
"""
from __future__ import annotations

import bisect
import functools
import logging
import re
import unicodedata
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterable, List, NamedTuple, Optional, Sequence, Set, Tuple

from ..model import Article, Inline
from ..options import Options, parallelism
from ..resources import cache_folder
from ..text.normalise import emoji_sequences, safe_link
from . import fonts as fontlib
from . import reportlab_layout
from .pdf_flow import flowables
from .pdf_pages import Built, Fit, Limits, build_document, choose_fit, page_size, short_title
from .styles import FACE_STYLES, StyleSheet, build_styles, load_sheet, sheet_color
from .view import BriefView, brief_view, without_photos

if TYPE_CHECKING:
    from ..model.photo import Photo

log = logging.getLogger(__name__)

# Joiners and the emoji variation selector: zero-width, nothing to draw when a font lacks them.
_DRAW_NOTHING = frozenset("\u200d\ufe0e\ufe0f")
#: Block kinds drawn in their own style beside their translation (bilingual layout); the others are drawn as
#: plain columns there (the lead as the lead's columns).
_OWN_STYLE_IN_COLUMNS = ("caption", "heading", "byline", "quote", "photo_note")


class Para(NamedTuple):
    """One paragraph of the PDF in a style of the style sheet (``columns`` set: two paragraphs side by side)."""

    style: str
    runs: Tuple[Inline, ...] = ()
    columns: Optional[Tuple[Tuple[Inline, ...], Tuple[Inline, ...]]] = None
    picture: Any = None
    """The prepared photo (:class:`~exporter.render.images.PreparedImage`) of an ``image`` paragraph, drawn
    centred above its caption."""
    flagged: bool = False
    """The paragraph (or its translation beside it) carries a flag of the checks: a bar in the margin."""


def paragraphs(view: BriefView, pictures: Optional[Dict[Photo, Any]] = None) -> List[Para]:
    """The view drawn as paragraphs: each part in its style, a row with a translation beside it as two columns, a
    photo row as its prepared picture (``pictures``: photo → picture, from :func:`prepare_photos`)."""
    out = [Para("headline", view.headline.marked, flagged=bool(view.headline.flag))]
    if view.subtitle is not None:
        out.append(Para("original_title", view.subtitle.marked, flagged=bool(view.subtitle.flag)))
    out += [Para(style, (Inline(text),)) for style, text in (("meta", view.meta), ("notice", view.notice)) if text]
    for row in view.rows:
        if row.photo is not None:
            if pictures and row.photo in pictures:
                out.append(Para("image", picture=pictures[row.photo]))
        elif row.parallel is None:
            out.append(Para(row.kind, row.text.marked, flagged=bool(row.text.flag)))
        else:
            style = row.kind if row.kind in _OWN_STYLE_IN_COLUMNS else "column_lead" if row.kind == "lead" else "column"
            out.append(Para(style, columns=(row.text.marked, row.parallel.marked),
                            flagged=bool(row.text.flag or row.parallel.flag)))
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

    def __init__(self, substitutes: Dict[str, str], link_color: Optional[str] = None):
        self.substitutes = substitutes  # character → registered fallback font name
        self.link_color = link_color
        """The colour of link text (``--links screen``); ``None``: drawn as the text around it (print)."""

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
            href = safe_link(run.href)
            if href:
                color = f' color="{self.link_color}"' if self.link_color else ""
                piece = f'<link href={quoteattr(href)}{color}>{piece}</link>'
            parts.append(piece)
        return "".join(parts)


def faces_used(rows: Sequence[Para], sheet: dict) -> List[str]:
    """The faces (regular, bold, italic, bold_italic) the rows will be drawn in."""
    used = {"regular"}
    for row in rows:
        if row.picture is not None:
            continue
        base = sheet["faces"][sheet["styles"][row.style]["face"]]
        bold, italic = FACE_STYLES[base]
        runs = list(row.runs) + [r for col in (row.columns or ()) for r in col]
        for run in runs:
            used.add(fontlib.style_name(bold or run.bold, italic or run.italic))
    return sorted(used)


#: The blocks whose code points are right to left by default (bidi class R or AL in the Unicode Character
#: Database's DerivedBidiClass.txt), first and last character; every letter of class R or AL is in them (checked
#: over all of Unicode 14).
_RTL_BLOCKS = (("\u0590", "\u08ff"), ("\ufb1d", "\ufdff"), ("\ufe70", "\ufeff"), ("\U00010800", "\U00010fff"),
               ("\U0001e800", "\U0001efff"))


def _in_blocks(chars: Iterable[str], blocks: Sequence[Tuple[str, str]]) -> bool:
    """Whether any of ``chars`` (distinct characters) lies in one of ``blocks``: the characters sorted, and each block's
    first character looked up among them with bisect. A regular expression's class would say the same, but sre
    compiles a class this wide (a 64K-entry table, every code point of each range visited in Python) in 0.3 ms,
    about 4 M instructions of every cold ``vnbrief render`` (issue #18); this takes a few microseconds."""
    ordered = sorted(chars)
    for first, last in blocks:
        at = bisect.bisect_left(ordered, first)
        if at < len(ordered) and ordered[at] <= last:
            return True
    return False


def _right_to_left(chars: Set[str]) -> List[str]:
    """Characters of right-to-left scripts (Unicode bidi classes R and AL: Hebrew, Arabic, Syriac, N'Ko …) among
    ``chars``."""
    if not _in_blocks(chars, _RTL_BLOCKS):  # none in the blocks where they are: each character spared the look
        return []
    return sorted(ch for ch in chars if unicodedata.bidirectional(ch) in ("R", "AL") and ch.isalpha())


def name_undrawable(text: str, chars: Optional[Set[str]] = None) -> None:
    """Warn about text the PDF cannot draw as it should be read, as about a missing glyph: right-to-left
    scripts (ReportLab lays every line out left to right, Arabic letters unjoined) and emoji sequences joined
    with U+200D (drawn as their parts; the text layer keeps the sequence whole). ``chars``: the characters of
    ``text`` when the caller has them."""
    rtl = _right_to_left(set(text) if chars is None else chars)
    if rtl:
        scripts = sorted({unicodedata.name(ch, "?").split()[0].title().replace("Nko", "N'Ko") for ch in rtl})
        letters = re.escape("".join(rtl))
        sample = re.search("[%s][\\s%s]*" % (letters, letters), text)
        log.warning("right-to-left text (%s) is drawn left to right with its letters unjoined: %r",
                    ", ".join(scripts), sample.group().strip()[:40] if sample else "")
    joined = emoji_sequences(text)
    if joined:
        log.warning("%d emoji sequence%s joined with U+200D (%s) %s drawn as %s parts", len(joined),
                    "" if len(joined) == 1 else "s", " ".join(dict.fromkeys(joined)),
                    "is" if len(joined) == 1 else "are", "its" if len(joined) == 1 else "their")


#: Per set of fonts (their registered names): the characters found drawn by every one of them, none of a
#: right-to-left script. What a character needs does not change within a process (a registered font's glyphs are
#: fixed), and a brief's characters are mostly those of the briefs before it: a brief whose characters are all
#: here is checked by one set comparison, without looking its characters up in every face's glyphs again.
_PLAIN_CHARS: Dict[frozenset, Set[str]] = {}


def check_coverage(texts: Iterable[str], fonts: Dict[str, str]) -> Dict[str, str]:
    """Map every character of ``texts`` that some face of the family lacks to a fallback font; warn, naming
    the code point, about any character no font here can draw, and about text no font here can draw as it is
    read (:func:`name_undrawable`). ``fonts`` maps the faces used to their names."""
    joined = "".join(texts)
    chars = set(joined)
    plain = _PLAIN_CHARS.setdefault(frozenset(fonts.values()), set())
    if chars <= plain and "\u200d" not in joined:  # nothing to map, nothing to say (a joiner may join emoji)
        return {}
    if not joined.isascii():
        name_undrawable(joined, chars)
    codes = set(map(ord, chars))
    lacking: Set[int] = set()
    for name in set(fonts.values()):
        lacking |= codes - fontlib.glyphs(name)  # what some face used lacks (set arithmetic: C speed)
    drawn = chars - set(map(chr, lacking))
    if _in_blocks(drawn, _RTL_BLOCKS):  # right-to-left text is named in every brief that has it
        drawn = {ch for ch in drawn if not _in_blocks(ch, _RTL_BLOCKS)}
    plain |= drawn
    missing = sorted(ch for ch in map(chr, lacking) if not ch.isspace() and ch not in _DRAW_NOTHING)
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


#: The colour of links with ``--links screen``.
SCREEN_LINK_COLOR = "#1a4d8f"
#: The tallest a photo is drawn, as a share of the page's height: about half an A4 page's frame.
PHOTO_HEIGHT_SHARE = 0.45


class Prepared(NamedTuple):
    """What every PDF of an options set shares: registered faces, styles, and the markup helper."""

    sheet: StyleSheet
    marks: Marks
    limits: Limits = Limits()
    """How far the layout may be tightened for pages that end well (the sheet's ``fit``)."""

    def styles_at(self, level: float) -> Dict[str, Any]:
        """The paragraph styles tightened to ``level`` (0 … 1) of the stated limits."""
        return _tightened(tuple(sorted(self.sheet.fonts.items())), level, self.limits.min_leading,
                          self.limits.min_space)

    @property
    def line(self) -> float:
        """The body's line height (points)."""
        return float(self.sheet.styles["paragraph"].leading)


@functools.lru_cache(maxsize=32)
def _tightened(fonts: tuple, level: float, min_leading: float, min_space: float) -> Dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    out = {}
    for name, style in build_styles(dict(fonts)).styles.items():
        factor = style.leading / style.fontSize
        floor = min(factor, min_leading)
        space = 1.0 - level * (1.0 - min_space)
        out[name] = ParagraphStyle(f"{name}-tight", parent=style,
                                   leading=style.fontSize * (factor - level * (factor - floor)),
                                   spaceBefore=style.spaceBefore * space, spaceAfter=style.spaceAfter * space)
    return out


class _Setup(NamedTuple):
    """What the briefs of a font family share for the faces they use: the faces' registered names, the styles and
    the layout's limits."""

    fonts: Dict[str, str]
    """Each face used (regular, bold …) → its registered name."""
    sheet: StyleSheet
    limits: Limits


#: The set-up of each bundled family and set of faces used, made once per process (about 60 µs of every brief went
#: to registering, building and looking up again what no brief changes: issue #18).
_SETUPS: Dict[Tuple[str, Tuple[str, ...]], _Setup] = {}


def _setup(options: Options, used: Tuple[str, ...]) -> _Setup:
    """Register the faces ``used`` of the family ``options`` name and build its styles: once per process for a
    bundled family; a font folder is read again for every brief (its files may change, and are checked)."""
    key = (options.font, used)
    found = _SETUPS.get(key)
    if found is None:
        sheet = load_sheet()
        names = fontlib.register_family(fontlib.resolve_family(options.font), used,
                                        lambda: cache_folder(options.cache_dir, options.use_cache))
        found = _Setup({style: names[style] for style in used}, build_styles(names), Limits.of(sheet.get("fit")))
        if options.font in fontlib.BUNDLED:
            _SETUPS[key] = found
    return found


def prepare(rows: Sequence[Para], extra_texts: Sequence[str], options: Options, faces: Sequence[str] = ()) -> Prepared:
    """Register the family, build the styles and check every character of ``rows`` and ``extra_texts`` (drawn in
    the faces the rows need and ``faces``)."""
    reportlab_layout.load()
    setup = _setup(options, tuple(sorted(set(faces_used(rows, load_sheet())) | set(faces))))
    texts = [r.text for row in rows for r in row.runs] + [r.text for row in rows for col in (row.columns or ())
                                                          for r in col] + list(extra_texts)
    substitutes = check_coverage(texts, setup.fonts)
    marks = Marks(substitutes, SCREEN_LINK_COLOR if options.links == "screen" else None)
    return Prepared(setup.sheet, marks, setup.limits)


@functools.lru_cache(maxsize=8)
def _frame_size(paper: str) -> Tuple[float, float]:
    from reportlab.lib.units import mm

    margin = float(load_sheet().get("page", {}).get("margin_mm", 20)) * mm
    width, height = page_size(Options(paper=paper))
    return width - 2 * margin, height - 2 * margin


def frame_size(options: Options) -> Tuple[float, float]:
    """Width and height of the body frame (points): the paper less the sheet's margins (worked out once per
    paper)."""
    return _frame_size(options.paper)


def photo_box(options: Options) -> Tuple[float, float]:
    """The most room a photo takes (points): as wide as the frame, as tall as :data:`PHOTO_HEIGHT_SHARE` of the
    page."""
    return frame_size(options)[0], round(page_size(options)[1] * PHOTO_HEIGHT_SHARE)


def start_photos(view: BriefView, options: Options) -> bool:
    """Start preparing the view's photos in threads, when ``--jobs`` allows this thread's work and theirs at
    once (:func:`~exporter.render.images.prepare_images`; else they are prepared in turn by
    :func:`prepare_photos`, which takes them); whether the view has photos."""
    photos = [row.photo.data for row in view.rows if row.photo is not None]
    if not photos:
        return False
    from .images import prepare_images  # Pillow's side: only for a brief with photos

    prepare_images(photos, photo_box(options), dpi=options.image_dpi,
                   jobs=parallelism(options.jobs, len(photos) + 1)[0])
    return True


def prepare_photos(view: BriefView, options: Options,
                   meanwhile: Optional[Callable[[BriefView, Options], None]] = None
                   ) -> Tuple[BriefView, Dict[Photo, Any]]:
    """Each photo of the view prepared for print (at most :func:`photo_box`), as photo → picture; a photo that
    cannot be drawn right is left out with a warning naming it, and the view settles its caption
    (:func:`~exporter.render.view.without_photos`). ``meanwhile`` runs while the photos are prepared in threads
    (for a view with photos only)."""
    if not start_photos(view, options):
        return view, {}
    if meanwhile is not None:
        meanwhile(view, options)
    from ..read.rules.photo_places import photo_label
    from .images import ImageSkipped, prepare_image

    box = photo_box(options)
    pictures: Dict[Photo, Any] = {}
    left_out: List[int] = []
    for index, row in enumerate(view.rows):
        if row.photo is None:
            continue
        try:
            pictures[row.photo] = prepare_image(row.photo.data, box, dpi=options.image_dpi)
        except ImageSkipped as err:
            log.warning("photo %s left out: %s", photo_label(row.photo.src), err)
            left_out.append(index)
    return without_photos(view, left_out, options.images), pictures


def load_faces(view: BriefView, options: Options) -> None:
    """Register the faces the view's text is drawn in and load ReportLab's layout, as :func:`prepare` and the
    layout would: the first brief of a process does it while its photos are prepared in threads. Quiet (a font
    folder, which may be warned about, is left to :func:`prepare`); what it does is done once per process."""
    if options.font not in fontlib.BUNDLED:
        return
    reportlab_layout.load()  # a third of a first brief's time

    names = fontlib.register_family(fontlib.resolve_family(options.font), faces_used(paragraphs(view), load_sheet()),
                                    lambda: cache_folder(options.cache_dir, options.use_cache))
    build_styles(names)


def draw_footer_notice(canvas, notice: str, prepared: Prepared, left: float, bottom: float, width: float) -> None:
    """The machine-translation notice at the foot of a page, above the footer line whose baseline is at
    ``bottom``: small, grey, wrapped (at most two lines), its characters drawn like the body's (fallback fonts
    for what the family lacks, such as the arrow)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    page = prepared.sheet.page
    size = float(page.get("footer_size", 8)) - 1
    style = ParagraphStyle("footer_notice", fontName=prepared.sheet.fonts["regular"], fontSize=size,
                           leading=size * 1.2, textColor=sheet_color(page.get("footer_color", "#555555")))
    paragraph = Paragraph(prepared.marks.text(notice), style)
    _, height = paragraph.wrap(width, size * 3)
    paragraph.drawOn(canvas, left, bottom + size * 1.6)


def footer_drawer(prepared: Prepared, options: Options, title: str, notice: str):
    """What every page of a brief shows under its frame: the short headline, "n / N" and the machine-translation
    notice."""
    sheet = prepared.sheet
    from reportlab.lib.units import mm

    margin = float(sheet.page.get("margin_mm", 20)) * mm
    size = page_size(options)
    footer_size = float(sheet.page.get("footer_size", 8))
    footer_title = short_title(title, int(sheet.page.get("short_title_chars", 60)))
    color = sheet_color(sheet.page.get("footer_color", "#555555"))

    def draw_footer(canvas, number: int, total: int) -> None:
        canvas.saveState()
        canvas.setFont(sheet.fonts["regular"], footer_size)
        canvas.setFillColor(color)
        y = margin / 2
        canvas.drawString(margin, y, footer_title)
        canvas.drawRightString(size[0] - margin, y, f"{number} / {total}")
        if notice:
            draw_footer_notice(canvas, notice, prepared, margin, y, size[0] - 2 * margin)
        canvas.restoreState()

    return draw_footer


def render_pdf(article: Article, options: Options = Options()) -> bytes:
    """The article's PDF brief as bytes, its pages ending well (:mod:`exporter.render.pdf_pages`)."""
    # photos prepared in threads while this one loads what needs none
    view, pictures = prepare_photos(brief_view(article, options), options, meanwhile=load_faces)
    rows = paragraphs(view, pictures)
    info = document_info(view)
    prepared = prepare(rows, [info["title"]], options)
    width = frame_size(options)[0]
    draw_footer = footer_drawer(prepared, options, info["title"], view.notice)
    built: Dict[Fit, Built] = {}

    def build(fit: Fit) -> Built:
        if fit not in built:
            story = flowables(rows, prepared, width, fit.level)
            built[fit] = build_document(story, prepared.sheet, options, info=info, draw_footer=draw_footer,
                                        short_by=fit.cut, line=prepared.line)
        return built[fit]

    return build(choose_fit(build, prepared.limits, prepared.line)).pdf
