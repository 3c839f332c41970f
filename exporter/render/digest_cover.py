"""The digest's front page and contents as Platypus flowables, drawn from the digest's view
(:mod:`exporter.render.digest_view`).

The front page, on one page whatever the number of articles: the masthead (title, rule, the long date and the
edition line, rule), the lead story (headline, source and date, its photo, its lead in up to
:data:`LEAD_SUMMARY_LINES` lines), then as many other stories as fit (headline, source and date, a summary of
:data:`SUMMARY_LINES` lines drawn from the lead, or one line when that holds more stories), each measured before
it is placed; the stories that do not fit
are in the contents only, and a line says how many. The contents: every article's number and headline, a dot
leader, its source and the page it starts on (drawn when the document is saved, when every page is known).

Styles are data: the ``digest`` section of ``templates/pdf_styles.json`` (each a brief style it starts from and
what changes).
"""
from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from .pdf_flow import photo_flowable
from .styles import MIN_LEADING, load_sheet

#: Lines of a story's summary on the front page (one when that holds more stories); the lead story's.
SUMMARY_LINES = 2
LEAD_SUMMARY_LINES = 6
#: The lead story's photo: at most this share of the frame's height.
COVER_PHOTO_SHARE = 0.28
#: The contents: room for the page number (points), the gap around the source, the dots' spacing.
NUMBER_WIDTH = 30
SOURCE_GAP = 6
DOT_STEP = 4.0


def digest_styles(prepared: Any, level: float = 0.0) -> Dict[str, Any]:
    """The digest's paragraph styles, from the ``digest`` section of the style sheet."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = prepared.sheet.styles
    fonts = prepared.sheet.fonts
    faces = load_sheet()["faces"]
    out = {}
    for name, spec in load_sheet().get("digest", {}).items():
        if name.startswith("_"):
            continue
        parent = base[spec["parent"]]
        size = float(spec.get("size", parent.fontSize))
        extra: Dict[str, Any] = {"alignment": {"left": TA_LEFT, "right": TA_RIGHT}.get(spec.get("align", ""),
                                                                                      parent.alignment)}
        if spec.get("face"):
            extra["fontName"] = fonts[faces[spec["face"]]]
        if spec.get("color"):
            extra["textColor"] = colors.HexColor(spec["color"])
        if spec.get("hanging"):
            extra.update(leftIndent=float(spec["hanging"]), firstLineIndent=-float(spec["hanging"]))
        elif spec.get("indent"):
            extra.update(leftIndent=float(spec["indent"]), firstLineIndent=0)
        out[name] = ParagraphStyle(
            name, parent=parent, fontSize=size,
            leading=size * max(float(spec.get("leading", parent.leading / parent.fontSize)), MIN_LEADING),
            spaceBefore=float(spec.get("space_before", 0)), spaceAfter=float(spec.get("space_after", 0)),
            backColor=None, borderWidth=0, borderPadding=0, keepWithNext=0, **extra)
    return out


def clamped(text: str, style: Any, width: float, lines: int, markup: Callable[[str], str]) -> Any:
    """A paragraph of ``text`` in at most ``lines`` lines: cut at a word, with an ellipsis, when longer."""
    from reportlab.platypus import Paragraph

    def paragraph(words: int) -> Any:
        shown = " ".join(all_words[:words])
        return Paragraph(markup(shown + ("…" if words < len(all_words) else "")), style)

    all_words = text.split()
    whole = paragraph(len(all_words))
    if _line_count(whole, width) <= lines:
        return whole
    low, high = 1, len(all_words) - 1  # the most words that fit: a binary search over the cut
    while low < high:
        middle = (low + high + 1) // 2
        if _line_count(paragraph(middle), width) <= lines:
            low = middle
        else:
            high = middle - 1
    return paragraph(low)


def _line_count(paragraph: Any, width: float) -> int:
    paragraph.wrap(width, 1 << 20)
    return len(paragraph.blPara.lines)


def _height(flowables: Sequence[Any], width: float) -> float:
    return sum(f.wrap(width, 1 << 20)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def _rule(width: float, thickness: float, space: Tuple[float, float] = (4, 6), color: str = "#333333") -> Any:
    from reportlab.platypus.flowables import HRFlowable

    return HRFlowable(width=width, thickness=thickness, color=color, spaceBefore=space[0], spaceAfter=space[1])


def masthead(view: Any, styles: Dict[str, Any], marks: Any, width: float) -> List[Any]:
    """The title, the date and the edition line between rules (both languages in a bilingual digest)."""
    from reportlab.platypus import Paragraph, Table, TableStyle

    out: List[Any] = [Paragraph(marks.text(view.masthead.title), styles["masthead_title"])]
    if view.other is not None and view.other.title:
        out.append(Paragraph(marks.text(view.other.title), styles["masthead_other"]))
    out.append(_rule(width, 1.6))
    rows = [[Paragraph(marks.text(m.date), styles["masthead_line"]),
             Paragraph(marks.text(m.edition), styles["masthead_edition"])]
            for m in (view.masthead, view.other) if m is not None]
    table = Table(rows, colWidths=[width * 0.6, width * 0.4])
    # A Table sets each cell's font before drawing it (ReportLab's default: Helvetica, never embedded).
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), styles["masthead_line"].fontName),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("VALIGN", (0, 0), (-1, -1), "BOTTOM")]))
    return out + [table, _rule(width, 0.5, (3, 14))]


def _story(entry: Any, styles: Dict[str, Any], marks: Any, width: float, lines: int,
           picture: Any = None, photo_height: float = 0.0) -> List[Any]:
    """One story of the front page: headline (its translation under it), source and date, photo, a summary of at
    most ``lines`` lines; the lead story (the one given a photo height) in its larger styles."""
    from reportlab.platypus import Paragraph

    prefix = "lead_" if photo_height else "story_"
    link = f'<a href="#article-{entry.number}">{marks.text(entry.contents_title)}</a>'
    out = [Paragraph(link, styles[prefix + "headline"])]
    if entry.other_title:
        out.append(Paragraph(marks.text(entry.other_title), styles["story_other"]))
    if entry.meta:
        out.append(Paragraph(marks.text(entry.meta), styles["story_meta"]))
    if picture is not None:
        scale = min(1.0, photo_height / picture.size_pt[1], width / picture.size_pt[0])
        out.append(photo_flowable(picture, width, scale))
    if entry.summary:
        out.append(clamped(entry.summary, styles[prefix + "summary"], width, lines, marks.text))
    return out


def front_page(view: Any, styles: Dict[str, Any], marks: Any, width: float, height: float,
               pictures: Dict[Any, Any], contents_page: int = 2) -> Tuple[List[Any], int]:
    """The front page's flowables, and how many stories it holds (the others are in the contents only): the
    stories with two-line summaries, or with one-line ones when that holds more of them."""
    best: Tuple[List[Any], int] = ([], -1)
    for lines in range(SUMMARY_LINES, 0, -1):
        story, shown = _front_page(view, styles, marks, width, height, pictures, contents_page, lines)
        if shown > best[1]:
            best = (story, shown)
        if shown == len(view.entries):
            break
    return best


def _front_page(view: Any, styles: Dict[str, Any], marks: Any, width: float, height: float,
                pictures: Dict[Any, Any], contents_page: int, lines: int) -> Tuple[List[Any], int]:
    from reportlab.platypus import KeepTogether

    story = masthead(view, styles, marks, width)
    used = _height(story, width)
    entries = list(view.entries)
    if not entries:
        return story, 0
    first = entries[0]
    picture = pictures.get(first.photo) if first.photo is not None else None
    lead = _story(first, styles, marks, width, LEAD_SUMMARY_LINES, picture, height * COVER_PHOTO_SHARE)
    story += lead
    used += _height(lead, width)
    shown = 1
    for index, entry in enumerate(entries[1:], 1):
        block = [_rule(width, 0.5, (3, 5), "#9a9a9a")] + _story(entry, styles, marks, width, lines)
        need = _height(block, width)
        rest = len(entries) - index - 1
        more = _height([_more_line(view, rest, contents_page, styles, marks)], width) if rest else 0.0
        if used + need + more > height - 2:  # a little room for rounding
            break
        story.append(KeepTogether(block))
        used += need
        shown += 1
    if shown < len(entries):
        story.append(_more_line(view, len(entries) - shown, contents_page, styles, marks))
    return story, shown


def _more_line(view: Any, count: int, page: int, styles: Dict[str, Any], marks: Any) -> Any:
    from reportlab.platypus import Paragraph

    text = (view.more_one if count == 1 else view.more).format(n=count, page=page)
    return Paragraph(marks.text(text), styles["more"])


def contents_lines(view: Any, styles: Dict[str, Any], marks: Any, width: float,
                   record: Callable[[int, Any, float, float], None]) -> List[Any]:
    """The contents: a line per article with a dot leader to its source and page number. ``record(index, canvas,
    x, y)`` is told where each page number goes (the right end of its baseline, on the page being drawn)."""
    from reportlab.platypus import Paragraph

    line_class = _contents_line_class()
    out: List[Any] = [Paragraph(marks.text(view.contents_label), styles["contents_title"])]
    for index, entry in enumerate(view.entries):
        head = Paragraph(f'<a href="#article-{entry.number}">{entry.number}.\u00a0'
                         f'{marks.text(entry.contents_title)}</a>', styles["contents_entry"])
        other = Paragraph(marks.text(entry.other_title), styles["contents_other"]) if entry.other_title else None
        out.append(line_class(index, head, other, entry.source, styles["contents_source"], record))
    return out


def _contents_line_class():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    class ContentsLine(Flowable):
        """A contents entry: the headline (its translation under it), dots to the source, the page number's
        place."""

        def __init__(self, index: int, head: Any, other: Optional[Any], source: str, source_style: ParagraphStyle,
                     record: Callable[[int, Any, float, float], None]) -> None:
            super().__init__()
            self.index, self.head, self.other, self.source = index, head, other, source
            self.source_style, self.record = source_style, record
            self.spaceAfter = head.style.spaceAfter

        def _source_width(self) -> float:
            if not self.source:
                return 0.0
            return stringWidth(self.source, self.source_style.fontName, self.source_style.fontSize) + SOURCE_GAP

        def wrap(self, available_width, available_height):
            self.width = available_width
            self.text_width = available_width - NUMBER_WIDTH - self._source_width() - 4 * DOT_STEP
            _, self.head_height = self.head.wrap(self.text_width, available_height)
            self.other_height = self.other.wrap(self.text_width, available_height)[1] if self.other else 0.0
            self.height = self.head_height + self.other_height
            return self.width, self.height

        def draw(self):
            canvas = self.canv
            self.head.drawOn(canvas, 0, self.other_height)
            if self.other is not None:
                self.other.drawOn(canvas, 0, 0)
            style = self.head.style
            baseline = self.other_height + style.leading - style.fontSize  # the headline's last line
            last = self.head.blPara.lines[-1]
            extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
            end = self.text_width - style.rightIndent - extra  # where the last line's words end
            source_x = self.width - NUMBER_WIDTH - self._source_width() + SOURCE_GAP / 2
            canvas.saveState()
            canvas.setFont(self.source_style.fontName, self.source_style.fontSize)
            canvas.setFillColor(self.source_style.textColor)
            x = math.ceil((end + DOT_STEP) / DOT_STEP) * DOT_STEP  # on a grid: the dots of all lines align
            while x < source_x - DOT_STEP:
                canvas.drawCentredString(x, baseline, ".")
                x += DOT_STEP
            if self.source:
                canvas.drawString(source_x, baseline, self.source)
            canvas.restoreState()
            a, b, c, d, e, f = canvas._currentMatrix  # ReportLab's current transform: flowable → page
            x, y = self.width, baseline
            self.record(self.index, canvas, a * x + c * y + e, b * x + d * y + f)

    return ContentsLine
