"""The view of a digest, built here once from the briefs' views (:mod:`exporter.render.view`); the PDF and the
Markdown digest only draw it.

What a digest shows, decided here: the masthead (its title, the date in the long form of the digest's language,
the edition line: how many articles from how many sources), the stories of the front page (the first article is
the lead story, with its first photo and its lead; every story has its headline, source, date and a summary drawn
from its lead; in a bilingual digest each headline has its translation under it and the masthead speaks both
languages), the contents, and every article's brief. Which stories fit on the front page is the drawer's business:
the PDF measures them (:mod:`exporter.render.digest_cover`).
"""
from __future__ import annotations

from typing import NamedTuple, Optional, Tuple

from ..model import Photo
from ..model.digest import DIGEST_LABELS, Digest
from ..options import Options
from ..text.dates import format_date
from .view import BriefView, brief_view

__all__ = ["DigestEntry", "DigestView", "Masthead", "digest_view", "CONTENTS_TITLE_CHARS", "SUMMARY_CHARS"]

#: Longest headline shown whole on a digest's cover, in its contents and as a bookmark (a headline may be up to
#: 10,000 characters: exporter.model.MAX_FIELD_CHARS).
CONTENTS_TITLE_CHARS = 300
#: Longest summary of a story on the front page (the PDF shows one or two lines of it, the lead story more).
SUMMARY_CHARS = 600


def _shorten(text: str, limit: int) -> str:
    """``text`` cut at a word, with an ellipsis, when longer than ``limit``."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0] + "…"


class DigestEntry(NamedTuple):
    """One article of a digest: its number, its brief's view, and what the front page and the contents say of it."""

    number: int
    view: BriefView
    source: str = ""
    """The outlet, as the article names it."""
    date: str = ""
    """Its date as the digest's language prints it in a meta line."""
    other_title: str = ""
    """Its headline in the other language (a bilingual digest), else empty."""
    photo: Optional[Photo] = None
    """Its first photo (the lead story's is on the front page)."""

    @property
    def contents_title(self) -> str:
        """The headline as the cover, the contents and the bookmarks show it: cut at a word when long."""
        return _shorten(self.view.title, CONTENTS_TITLE_CHARS)

    @property
    def summary(self) -> str:
        """The story's lead (in the shown language), the front page's summary of it."""
        return _shorten(self.view.lead, SUMMARY_CHARS)

    @property
    def meta(self) -> str:
        """"source · date", what is known of them."""
        return " · ".join(part for part in (self.source, self.date) if part)


class Masthead(NamedTuple):
    """The top of the front page in one language."""

    title: str
    date: str
    """The date in the long form ("Chủ nhật, 6 tháng 12 năm 2026")."""
    edition: str
    """"5 bài từ 3 nguồn"."""


class DigestView(NamedTuple):
    """Everything a digest shows: the masthead, the front page's stories, the contents, each article's view."""

    title: str
    date: str
    """The digest's date as given (ISO: the front matter's)."""
    count_line: str
    contents_label: str
    lang: str
    entries: Tuple[DigestEntry, ...]
    masthead: Masthead
    other: Optional[Masthead] = None
    """The masthead in the translation's language (a bilingual digest), else ``None``."""
    more: str = ""
    """What the front page says of the stories it has no room for: a format with ``{n}`` and ``{page}``."""
    more_one: str = ""

    @property
    def headlines(self) -> Tuple[str, ...]:
        """Each article's title as the contents list it."""
        return tuple(entry.view.title for entry in self.entries)

    @property
    def contents(self) -> Tuple[str, ...]:
        """Each article's headline as the cover, the contents and the bookmarks show it."""
        return tuple(entry.contents_title for entry in self.entries)

    @property
    def texts(self) -> Tuple[str, ...]:
        """Every text of the front page and the contents (to check the fonts cover it)."""
        parts = [self.title, self.contents_label, self.more, *self.masthead]
        parts += list(self.other or ())
        for entry in self.entries:
            parts += [entry.contents_title, entry.other_title, entry.meta, entry.summary]
        return tuple(p for p in parts if p)


def _labels(lang: str) -> dict:
    return DIGEST_LABELS.get((lang or "en").split("-")[0].lower(), DIGEST_LABELS["en"])


def _masthead(digest: Digest, lang: str, title: str, options: Options) -> Masthead:
    labels = _labels(lang)
    count = len(digest.articles)
    articles = labels["one"] if count == 1 else labels["many"].format(n=count)
    sources = len({a.source.strip().casefold() for a in digest.articles if a.source.strip()})
    edition = articles
    if sources:
        named = labels["source_one"] if sources == 1 else labels["source_many"].format(n=sources)
        edition = labels["edition"].format(count=articles, sources=named)
    date = format_date(digest.date, lang, "long", date_format=options.date_format, english=options.english)
    return Masthead(title, date, edition)


def digest_view(digest: Digest, options: Options = Options()) -> DigestView:
    """The view of a digest: every article in the same layout, and the front page in the digest's language (both
    languages in a bilingual digest)."""
    entries = []
    first_note = 1
    other_lang = ""
    for number, article in enumerate(digest.articles, 1):
        view = brief_view(article, options, first_note=first_note)
        first_note += len(article.notes)
        other = view.subtitle.text if view.layout == "bilingual" and view.subtitle is not None else ""
        if view.layout == "bilingual" and not other_lang and article.translation is not None:
            other_lang = article.translation.target_lang
        photo = next((row.photo for row in view.rows if row.photo is not None), None)
        date = format_date(article.date, digest.lang, "meta", date_format=options.date_format,
                           english=options.english)
        entries.append(DigestEntry(number, view, article.source, date, other, photo))
    labels = _labels(digest.lang)
    masthead = _masthead(digest, digest.lang, digest.title, options)
    other_masthead = None
    if other_lang and _labels(other_lang) is not labels:
        # the masthead in both languages; a title the user gave is not translated
        other_title = _labels(other_lang)["title"] if digest.title == labels["title"] else ""
        other_masthead = _masthead(digest, other_lang, other_title, options)
    return DigestView(title=digest.title, date=digest.date, count_line=digest.count_line,
                      contents_label=labels["contents"], lang=digest.lang, entries=tuple(entries),
                      masthead=masthead, other=other_masthead, more=labels["more"], more_one=labels["more_one"])
