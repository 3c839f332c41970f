"""The presentation model: one format-neutral view of a brief, built here once (a digest's, from these, in
:mod:`exporter.render.digest_view`); the PDF renderer and the Markdown templates only draw it.

Every layout decision is made in :func:`brief_view` and nowhere else: which language leads (``translation``: the
translation, ``bilingual``: the original with its translation beside it, ``original``: the original alone, also
when a translation exists), what stands under the headline (the meta line: source and date in the layout's
language), whether the machine-translation notice is shown, which text each row shows, what sits beside it, where
the marks of a person's work go (an approved segment is followed by †, one edited and not approved by ‡), where the
author is named (once, in the byline at the end: :func:`_with_byline`) and what a caption whose photo is not drawn
becomes (:func:`settle_captions`). A drawer never looks at
the layout or at :class:`~exporter.model.Translation`: it draws a :class:`BriefView` — a headline, a subtitle,
a meta line, a notice and rows — and styles each row by its ``kind``.

The view's records are named tuples, not dataclasses: immutable all the same, and ten times cheaper to define,
which every start of the command pays (change one with ``_replace``, not ``dataclasses.replace``).

Row kinds are the block kinds (:data:`~exporter.model.BLOCK_KINDS`), ``photo_note``, a caption shown without
its photo, and ``flags`` and ``flag``: the heading and the lines of the reasons of the checks' flags at the end of
a translated brief (``--flags show``; each flagged segment a person has not approved carries ``[check n]``).
Adding a kind: emit it from :func:`_rows` (or a rule after it, as :func:`settle_captions`), give it a style in
``templates/pdf_styles.json`` and a form in ``templates/_blocks.md.j2``; :func:`brief_view` and the
layouts do not change: a row is placed, paired and marked the same way whatever its kind.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Dict, List, NamedTuple, Optional, Sequence, Tuple

from ..model import Article, Inline
from ..options import Options
from ..text import lazy_re
from .layout import (
    FLAG_REFERENCE,
    FLAGS_HEADING,
    REVIEWED_MARK,
    STATE_MARKS,
    flag_reasons,
    machine_notice,
    meta_line,
    photo_note_label,
)

if TYPE_CHECKING:
    from ..model.photo import Photo

__all__ = ["Text", "Row", "BriefView", "brief_view", "effective_layout", "settle_captions", "without_photos",
           "REVIEWED_MARK"]

#: How long the document's subject (the lead) may be.
SUBJECT_CHARS = 300


class Text(NamedTuple):
    """A piece of text a brief shows, the mark of a person's work on it (``†`` approved, ``‡`` edited, ``""``
    none), and the number of the checks' flag it carries (0: none; drawn as ``[check n]`` after it, the reasons at
    the end of the brief, and in the PDF a bar in the margin)."""

    runs: Tuple[Inline, ...]
    mark: str = ""
    flag: int = 0

    @classmethod
    def plain(cls, text: str, mark: str = "", flag: int = 0) -> Text:
        return cls((Inline(text),), mark, flag)

    @property
    def flag_ref(self) -> str:
        """The flag's reference (``[check 2]``), or empty."""
        return FLAG_REFERENCE.format(number=self.flag) if self.flag else ""

    @property
    def reviewed(self) -> bool:
        """Whether a person edited or approved it (what templates written before the marks were told apart
        test)."""
        return bool(self.mark)

    @property
    def text(self) -> str:
        """The text without emphasis or mark."""
        return "".join(run.text for run in self.runs)

    @property
    def marked(self) -> Tuple[Inline, ...]:
        """The runs with the mark and the flag's reference after them."""
        return self.runs + ((Inline(" " + self.mark),) if self.mark else ()) + \
            ((Inline(" " + self.flag_ref, bold=True),) if self.flag else ())

    @property
    def marked_text(self) -> str:
        return self.text + (" " + self.mark if self.mark else "") + (" " + self.flag_ref if self.flag else "")


class Row(NamedTuple):
    """One block of the brief as it is shown: its kind (the style it is drawn in), its text, and in the bilingual
    layout the translation drawn beside (PDF) or under (Markdown) it. An ``image`` row holds a photo (drawn
    across the page in every layout; its caption is the row after it) and no text."""

    kind: str
    text: Text
    parallel: Optional[Text] = None
    photo: Optional[Photo] = None
    """The picture of an ``image`` row (its bytes loaded), else ``None``."""
    href: str = ""
    """Where a Markdown brief links the picture (set by the Markdown renderer: a file beside the brief or the
    picture's own address)."""


class BriefView(NamedTuple):
    """Everything a brief shows, in order, with no format in it."""

    layout: str
    """The layout drawn: ``original`` when there is no translation."""
    headline: Text
    subtitle: Optional[Text]
    """The headline in the other language (translation and bilingual layouts)."""
    meta: str
    """``source · date · author``; empty when none is known."""
    notice: str
    """The machine-translation notice; empty when no translation is shown."""
    rows: Tuple[Row, ...]
    title: str
    """The document's title: the headline without mark."""
    stated_title: str
    """The title as the article states it, translated in the translation layout; empty for an article without a
    headline line (whose headline is then its file name): what metadata such as front matter records."""
    original_title: str
    """The original headline when the headline shown is a translation, else empty."""
    lang: str
    """Language of the text the brief leads with."""
    author: str
    subject: str
    """The lead in the shown language, shortened: the document's subject."""
    notes: Tuple[str, ...] = ()
    """Footnotes and endnotes (Word files), drawn after the body; the rows carry their numbered markers."""
    first_note: int = 1
    """The number of the first note: 1 in a brief; in a digest the notes are numbered on across articles."""
    row_langs: Tuple[str, str] = ("vi", "vi")
    """The language of the rows' text, and of their parallel text (bilingual layout)."""
    lead: str = ""
    """The lead (or the first paragraph) in the shown language, whole: a digest's summary of the story."""

    @property
    def texts(self) -> Tuple[str, ...]:
        """Every piece of text drawn (to check the fonts cover it)."""
        parts = [self.headline.marked_text, self.meta, self.notice]
        if self.subtitle is not None:
            parts.append(self.subtitle.marked_text)
        for row in self.rows:
            parts.append(row.text.marked_text)
            if row.parallel is not None:
                parts.append(row.parallel.marked_text)
        parts += [f"{number}. {text}" for number, text in self.numbered_notes]
        return tuple(p for p in parts if p)

    @property
    def numbered_notes(self) -> Tuple[Tuple[int, str], ...]:
        """Each note with the number its marker shows."""
        return tuple(enumerate(self.notes, self.first_note))


def effective_layout(article: Article, options: Options) -> str:
    """The layout actually drawn: ``original`` when there is no translation."""
    return options.layout if article.translation is not None else "original"


def _shorten(text: str, limit: int = SUBJECT_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"


_MARKER = lazy_re.compile(r"\[(\d{1,3})\]")


def _with_markers(runs: Tuple[Inline, ...], original: Tuple[Inline, ...]) -> Tuple[Inline, ...]:
    """A translation's runs with the original's note markers restored: the provider translated the marker's text
    ("[1]") with the sentence; it becomes the marker again where it stands in the translation."""
    numbers = {run.note for run in original if run.note}
    if not numbers:
        return runs
    out: List[Inline] = []
    for run in runs:
        pos = 0
        for match in _MARKER.finditer(run.text):
            if int(match.group(1)) in numbers:
                if match.start() > pos:
                    out.append(replace(run, text=run.text[pos:match.start()]))
                out.append(Inline(match.group(0), note=int(match.group(1))))
                pos = match.end()
        if pos < len(run.text):
            out.append(replace(run, text=run.text[pos:]) if pos else run)
    return tuple(out)


def _flag_numbers(article: Article, layout: str, flags: str) -> Dict[str, int]:
    """Segment id → the number of its flag in the brief (1, 2 … in reading order), for the segments the checks
    flagged and no person approved, when a translation is shown and ``flags`` is ``show``."""
    tr = article.translation
    if tr is None or layout == "original" or flags != "show" or not tr.checks:
        return {}
    flagged = {sid for sid, _ in tr.checks}
    order = ["title"] + [f"b{i + 1}" for i in range(len(article.blocks))]
    return {sid: number for number, sid in enumerate((s for s in order if s in flagged), 1)}


def _flag_rows(article: Article, numbers: Dict[str, int]) -> Tuple[Row, ...]:
    """The reasons of the flags, at the end of the brief: a heading, then a row per flagged segment."""
    tr = article.translation
    if tr is None or not numbers:
        return ()
    rows = [Row("flags", Text.plain(FLAGS_HEADING))]
    for sid, number in sorted(numbers.items(), key=lambda item: item[1]):
        rows.append(Row("flag", Text((Inline(FLAG_REFERENCE.format(number=number) + " ", bold=True),
                                      Inline(flag_reasons(tr.check_of(sid)))))))
    return tuple(rows)


def _rows(article: Article, layout: str, numbers: Optional[Dict[str, int]] = None) -> Tuple[Row, ...]:
    tr = article.translation
    if tr is None or layout == "original":
        return tuple(Row(b.kind, Text(b.runs), photo=b.photo) for b in article.blocks)
    numbers = numbers or {}
    rows = []
    for index, (original, translated) in enumerate(zip(article.blocks, tr.blocks)):
        sid = f"b{index + 1}"
        shown = Text(_with_markers(translated.runs, original.runs), STATE_MARKS.get(tr.state_of(sid), ""),
                     numbers.get(sid, 0))
        if original.photo is not None:  # a photo is the same in every language: drawn once, across the page
            rows.append(Row("image", Text(()), photo=original.photo))
        elif layout == "translation":
            rows.append(Row(original.kind, shown))
        elif original.kind == "byline":  # a byline is a name, never translated: shown once
            rows.append(Row(original.kind, Text(original.runs)))
        else:
            rows.append(Row(original.kind, Text(original.runs), shown))
    return tuple(rows)


def _with_byline(rows: Tuple[Row, ...], author: str) -> Tuple[Row, ...]:
    """The rows with the author named once, in the byline at the end: the article's own byline lines where they
    name the author (or name nobody: "Theo VnExpress"), the author's name as the first byline line otherwise."""
    if not author or any(author.casefold() in row.text.text.casefold() for row in rows if row.kind == "byline"):
        return rows
    at = next((i for i, row in enumerate(rows) if row.kind == "byline"), len(rows))
    return rows[:at] + (Row("byline", Text.plain(author)),) + rows[at:]


def _noted(text: Text, lang: str) -> Text:
    """A caption's text as a photo note: the label in ``lang`` ("Ảnh:"), then the caption in italics; a caption
    that opens with the label's word already ("Ảnh: Reuters", "Ảnh minh họa …") gets no second one."""
    label = photo_note_label(lang)
    runs = tuple(replace(run, italic=True) for run in text.runs)
    if text.text.lstrip().casefold().startswith(label.casefold()):
        return text._replace(runs=runs)
    return text._replace(runs=(Inline(label + ": ", bold=True),) + runs)


def settle_captions(rows: Tuple[Row, ...], images: str, langs: Tuple[str, str]) -> Tuple[Row, ...]:
    """The one rule for captions, so that none floats in the text like a stray sentence:

    - under a photo that is drawn (the row before it is an ``image`` row, or that photo's caption), a caption is
      that photo's caption;
    - with ``--images none`` (no photos asked for) the photos and their captions are left out (``--images lead``
      keeps the first photo);
    - otherwise (its photo left out by ``--images lead``, not found, not drawable, or never there: a plain-text
      article that only keeps the caption) it is a ``photo_note``: framed, opening with the label "Ảnh:"
      ("Photo:" in English: :data:`~exporter.render.layout.PHOTO_LABELS`).

    ``langs`` are the languages of a row's text and of its parallel text. The renderers call this again when they
    leave out a photo they cannot draw (:func:`without_photos`)."""
    out: List[Row] = []
    noted = False  # the last row was a caption made a photo note here: the next caption joins it (same photo)
    photos = 0
    for row in rows:
        was_noted, noted = noted, False
        if row.kind == "image":  # the photos --images asks for (the photo stage loads only those)
            photos += 1
            if images == "none" or (images == "lead" and photos > 1):
                continue
        if row.kind in ("caption", "photo_note"):
            # under its photo, or under the photo's first caption (a figure's caption and its credit line)
            if out and out[-1].kind in ("image", "caption"):
                row = row._replace(kind="caption")
            elif images == "none":
                continue
            elif row.kind == "caption" and was_noted:  # one note for the captions of one photo
                row = _joined(out.pop(), row)
                noted = True
            elif row.kind == "caption":
                row = row._replace(kind="photo_note", text=_noted(row.text, langs[0]),
                                   parallel=None if row.parallel is None else _noted(row.parallel, langs[1]))
                noted = True
        out.append(row)
    return tuple(out)


def _joined(note: Row, caption: Row) -> Row:
    """A photo note with one more caption of the same photo after it."""
    def join(first: Optional[Text], more: Optional[Text]) -> Optional[Text]:
        if first is None or more is None:
            return first or more
        runs: List[Inline] = []
        for run in first.runs + (Inline(" · ", italic=True),) + tuple(replace(r, italic=True) for r in more.runs):
            if runs and not run.note and not runs[-1].note and \
                    (runs[-1].bold, runs[-1].italic, runs[-1].href) == (run.bold, run.italic, run.href):
                runs[-1] = replace(runs[-1], text=runs[-1].text + run.text)  # one emphasis, one run
            else:
                runs.append(run)
        # the note carries the lesser of the two marks: none, edited (‡), approved (†)
        mark = min(first.mark, more.mark, key=lambda m: (m != "", m == REVIEWED_MARK))
        return Text(tuple(runs), mark, first.flag or more.flag)

    return note._replace(text=join(note.text, caption.text) or note.text,
                         parallel=join(note.parallel, caption.parallel))


def without_photos(view: BriefView, left_out: Sequence[int], images: str = "all") -> BriefView:
    """The view without the photo rows at ``left_out`` (indexes into ``view.rows``: photos a renderer cannot
    draw), their captions settled by :func:`settle_captions`."""
    if not left_out:
        return view
    gone = set(left_out)
    rows = tuple(row for i, row in enumerate(view.rows) if i not in gone)
    return view._replace(rows=settle_captions(rows, images, view.row_langs))


def _renumber(runs: Tuple[Inline, ...], offset: int) -> Tuple[Inline, ...]:
    """Note markers moved on by ``offset`` (a digest numbers the notes of all its articles in one sequence)."""
    if not offset or not any(run.note for run in runs):
        return runs
    return tuple(replace(run, note=run.note + offset, text=f"[{run.note + offset}]") if run.note else run
                 for run in runs)


def _renumbered_rows(rows: Tuple[Row, ...], offset: int) -> Tuple[Row, ...]:
    if not offset:
        return rows
    return tuple(row._replace(text=row.text._replace(runs=_renumber(row.text.runs, offset))) for row in rows)


def brief_view(article: Article, options: Options = Options(), *, first_note: int = 1) -> BriefView:
    """The view of one article's brief in the layout ``options`` ask for (its notes numbered from
    ``first_note``)."""
    layout = effective_layout(article, options)
    tr = article.translation
    original = Text.plain(article.heading)
    subject = article.body[0] if article.body else ""
    source_lang = article.lang or "vi"
    dates = dict(date_format=options.date_format, english=options.english)
    numbers = _flag_numbers(article, layout, options.flags)
    if tr is None or layout == "original":
        headline, subtitle, notice, lang = original, None, "", source_lang
        row_langs = (lang, lang)
    elif layout == "translation":
        headline = Text.plain(tr.title, STATE_MARKS.get(tr.title_state, ""), numbers.get("title", 0))
        subtitle, notice, lang = original, machine_notice(tr, flags=options.flags, **dates), tr.target_lang
        subject = next((t.text for o, t in zip(article.blocks, tr.blocks) if o.kind == "lead"), subject)
        row_langs = (lang, lang)
    else:  # bilingual: the original leads, its translation beside it
        headline = original
        subtitle = Text.plain(tr.title, STATE_MARKS.get(tr.title_state, ""), numbers.get("title", 0))
        notice, lang = machine_notice(tr, flags=options.flags, **dates), source_lang
        row_langs = (source_lang, tr.target_lang)
    rows = settle_captions(_with_byline(_rows(article, layout, numbers), article.author), options.images, row_langs)
    rows += _flag_rows(article, numbers)
    return BriefView(
        layout=layout, headline=headline, subtitle=subtitle, meta=meta_line(article, lang, **dates), notice=notice,
        rows=_renumbered_rows(rows, first_note - 1), title=headline.text,
        stated_title=article.title if headline is original else headline.text,
        original_title=article.heading if headline is not original else "", lang=lang, author=article.author,
        subject=_shorten(subject), notes=article.notes, first_note=first_note, row_langs=row_langs, lead=subject)
