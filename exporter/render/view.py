"""The presentation model: one format-neutral view of a brief, and of a digest, built here once; the PDF renderer
and the Markdown templates only draw it.

Every layout decision is made in :func:`brief_view` and nowhere else: which language leads (``translation``: the
translation, ``bilingual``: the original with its translation beside it, ``original``: the original alone, also
when a translation exists), what stands under the headline, whether the machine-translation notice is shown,
which text each row shows, what sits beside it, and where the marks of a person's work go (an approved segment
is followed by †, one edited and not approved by ‡). A drawer never looks at
the layout or at :class:`~exporter.model.Translation`: it draws a :class:`BriefView` — a headline, a subtitle,
a meta line, a notice and rows — and styles each row by its ``kind``.

The view's records are named tuples, not dataclasses: immutable all the same, and ten times cheaper to define,
which every start of the command pays (change one with ``_replace``, not ``dataclasses.replace``).

Adding a row kind. A row is a block kind plus the :class:`Text` it shows (and, in the bilingual layout, the
:class:`Text` beside it). A photo with its caption (issue 11) becomes one more kind: give :class:`Row` an
``image`` field (the picture's file and size, ``None`` for other rows), let :func:`_rows` emit an ``image``
row for an image block with its caption as ``text`` (and the caption's translation as ``parallel``), and teach
each drawer that one kind (the PDF: an image flowable above the caption paragraph; the block macro in
``templates/_blocks.md.j2``: an ``![caption](file)`` line). :func:`brief_view` and the layouts do not change:
a row is placed, paired and marked the same way whatever its kind.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import List, NamedTuple, Optional, Tuple

from ..model import Article, Digest, Inline, Photo
from ..options import Options
from .layout import REVIEWED_MARK, STATE_MARKS, machine_notice, meta_line

__all__ = ["Text", "Row", "BriefView", "DigestEntry", "DigestView", "brief_view", "digest_view", "effective_layout",
           "REVIEWED_MARK"]

#: How long the document's subject (the lead) may be.
SUBJECT_CHARS = 300
#: Longest headline shown whole on a digest's cover, in its contents and as a bookmark (a headline may be up to
#: 10,000 characters: exporter.model.MAX_FIELD_CHARS).
CONTENTS_TITLE_CHARS = 300


class Text(NamedTuple):
    """A piece of text a brief shows, and the mark of a person's work on it (``†`` approved, ``‡`` edited,
    ``""`` none)."""

    runs: Tuple[Inline, ...]
    mark: str = ""

    @classmethod
    def plain(cls, text: str, mark: str = "") -> Text:
        return cls((Inline(text),), mark)

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
        """The runs with the mark after them."""
        return self.runs + ((Inline(" " + self.mark),) if self.mark else ())

    @property
    def marked_text(self) -> str:
        return self.text + (" " + self.mark if self.mark else "")


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


_MARKER = re.compile(r"\[(\d{1,3})\]")


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


def _rows(article: Article, layout: str) -> Tuple[Row, ...]:
    tr = article.translation
    if tr is None or layout == "original":
        return tuple(Row(b.kind, Text(b.runs), photo=b.photo) for b in article.blocks)
    rows = []
    for index, (original, translated) in enumerate(zip(article.blocks, tr.blocks)):
        shown = Text(_with_markers(translated.runs, original.runs), STATE_MARKS.get(tr.state_of(f"b{index + 1}"), ""))
        if original.photo is not None:  # a photo is the same in every language: drawn once, across the page
            rows.append(Row("image", Text(()), photo=original.photo))
        elif layout == "translation":
            rows.append(Row(original.kind, shown))
        elif original.kind == "byline":  # a byline is a name, never translated: shown once
            rows.append(Row(original.kind, Text(original.runs)))
        else:
            rows.append(Row(original.kind, Text(original.runs), shown))
    return tuple(rows)


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
    if tr is None or layout == "original":
        headline, subtitle, notice, lang = original, None, "", article.lang or "vi"
    elif layout == "translation":
        headline, subtitle = Text.plain(tr.title, STATE_MARKS.get(tr.title_state, "")), original
        notice, lang = machine_notice(tr), tr.target_lang
        subject = next((t.text for o, t in zip(article.blocks, tr.blocks) if o.kind == "lead"), subject)
    else:  # bilingual: the original leads, its translation beside it
        headline, subtitle = original, Text.plain(tr.title, STATE_MARKS.get(tr.title_state, ""))
        notice, lang = machine_notice(tr), article.lang or "vi"
    return BriefView(
        layout=layout, headline=headline, subtitle=subtitle, meta=meta_line(article), notice=notice,
        rows=_renumbered_rows(_rows(article, layout), first_note - 1), title=headline.text,
        stated_title=article.title if headline is original else headline.text,
        original_title=article.heading if headline is not original else "", lang=lang, author=article.author,
        subject=_shorten(subject), notes=article.notes, first_note=first_note)


# --- the digest -----------------------------------------------------------------------------------------------

class DigestEntry(NamedTuple):
    """One article of a digest: its number and its brief's view."""

    number: int
    view: BriefView

    @property
    def contents_title(self) -> str:
        """The headline as the cover, the contents and the bookmarks show it: cut at a word when long."""
        return _shorten(self.view.title, CONTENTS_TITLE_CHARS)


class DigestView(NamedTuple):
    """Everything a digest shows: the cover, the contents, and each article's view."""

    title: str
    date: str
    count_line: str
    contents_label: str
    lang: str
    entries: Tuple[DigestEntry, ...]

    @property
    def headlines(self) -> Tuple[str, ...]:
        """Each article's title as the contents list it."""
        return tuple(entry.view.title for entry in self.entries)

    @property
    def contents(self) -> Tuple[str, ...]:
        """Each article's headline as the cover, the contents and the bookmarks show it."""
        return tuple(entry.contents_title for entry in self.entries)


def digest_view(digest: Digest, options: Options = Options()) -> DigestView:
    """The view of a digest: every article in the same layout."""
    entries = []
    first_note = 1
    for number, article in enumerate(digest.articles, 1):
        entries.append(DigestEntry(number, brief_view(article, options, first_note=first_note)))
        first_note += len(article.notes)
    return DigestView(title=digest.title, date=digest.date, count_line=digest.count_line,
                      contents_label=digest.labels["contents"], lang=digest.lang, entries=tuple(entries))
