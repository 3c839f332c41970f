"""The one data model that flows through every stage: read → normalise → translate → render; and the digest, many
articles in one handout, which the digest's renderers draw.

Everything here is a frozen dataclass; stages return new objects with :func:`dataclasses.replace`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Optional, Tuple

#: Longest headline, caption or metadata value (author, date, source, url …) accepted, in characters: ten times
#: the longest real one, short enough that a page or a contents line can still hold it.
MAX_FIELD_CHARS = 10_000

#: The states of a translated segment. ``machine``: as the provider (or the cache) gave it; ``edited``: a person
#: changed the text; ``approved``: a person confirmed the text (changed or not). Only a person's act raises a
#: state: a file, a tool or the translation memory never turns machine text into edited or approved.
MACHINE, EDITED, APPROVED = "machine", "edited", "approved"
SEGMENT_STATES = (MACHINE, EDITED, APPROVED)

#: Kinds of block an article body is made of, in reading order.
BLOCK_KINDS = ("lead", "paragraph", "caption", "heading", "quote", "byline", "image")


@dataclass(frozen=True)
class Inline:
    """A run of text with one set of emphasis."""

    text: str
    """The characters of the run (NFC after normalisation)."""
    bold: bool = False
    """Set in the bold face."""
    italic: bool = False
    """Set in the italic face."""
    href: Optional[str] = None
    """Target of a link, if the run is one."""
    note: int = 0
    """For a footnote or endnote marker: the note's number (1-based index into :attr:`Article.notes`); its text
    is the marker as printed ("[1]")."""


@dataclass(frozen=True)
class Photo:
    """A picture of the article, where the input placed it; its caption is the ``caption`` block after it."""

    src: str
    """Where it is: an absolute http(s) URL, a file path (made absolute against the input's folder) or the
    name of a part of the input (``word/media/image1.jpeg``)."""
    alt: str = ""
    """Its alternative text, if the input gave one."""
    data: bytes = field(default=b"", repr=False, compare=False)
    """Its bytes once loaded (the photo stage loads them; readers that hold the bytes, such as Word, set them)."""


@dataclass(frozen=True)
class Block:
    """One block of the article: a lead, a paragraph, a caption, a sub-heading, a quote, the byline or a photo."""

    kind: str
    """One of :data:`BLOCK_KINDS`."""
    runs: Tuple[Inline, ...]
    """The block's text as runs of inline emphasis; plain text is a single run (empty for a photo)."""
    photo: Optional[Photo] = None
    """The picture of an ``image`` block."""

    @classmethod
    def plain(cls, kind: str, text: str) -> Block:
        """A block holding one unemphasised run."""
        return cls(kind, (Inline(text),))

    @property
    def text(self) -> str:
        """The block's text without emphasis."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class SourceInfo:
    """Where the article came from and what reading it changed."""

    path: str = ""
    """The path or URL given by the user (``-`` for standard input)."""
    format: str = "text"
    """The reader that parsed it: ``text``, ``markdown``, ``html``, ``docx`` …"""
    encoding: str = "utf-8"
    """The character encoding the bytes were decoded from."""
    repairs: Tuple[str, ...] = ()
    """Human-readable notes of everything changed on the way in (encoding repairs, NFC, whitespace…)."""
    date_from: str = ""
    """Where a news page's date was found: ``metadata``, ``date line`` (next to the headline), ``address``
    (the canonical address spells it) or ``htmldate`` (its checked guess); empty when there is no date or the
    input is not a page."""


@dataclass(frozen=True)
class Translation:
    """A machine (or reviewed) translation of an article, aligned block by block with it."""

    source_lang: str
    """Language of the original, e.g. ``vi``."""
    target_lang: str
    """Language of the translation, e.g. ``en``."""
    provider: str
    """Name of the provider that made it (``google``, ``libre`` …)."""
    date: str
    """ISO date the translation was made."""
    title: str
    """The translated headline."""
    blocks: Tuple[Block, ...]
    """Translated blocks, one for each of :attr:`Article.blocks`, in the same order."""
    states: Tuple[str, ...] = ()
    """Per block, one of :data:`SEGMENT_STATES` (empty: every block ``machine``)."""
    title_state: str = MACHINE
    """The state of the headline."""
    people: Tuple[Tuple[str, str, str], ...] = ()
    """``(segment id, who, when)`` for segments a person edited or approved, where the review file or the review
    page recorded it (``when``: ISO 8601)."""
    segments: int = 0
    """Number of translated segments (the headline and every block but the byline; 0: not counted)."""
    checks: Tuple[Tuple[str, str], ...] = ()
    """``(segment id, what the checks found)`` for every segment not approved by a person that they flagged
    (see :mod:`exporter.translate.checks`), e.g. ``("b3", "number: 1.312,76")``."""
    tokens: Tuple[int, int] = (0, 0)
    """Tokens in and out that the provider reported for this article (language-model providers)."""
    model: str = ""
    """The model that translated (language-model providers), e.g. ``gpt-4o-mini``."""
    engines: Tuple[Tuple[str, str], ...] = ()
    """``(provider, model)`` of every engine whose machine translation the brief holds, when that is not just
    :attr:`provider` and :attr:`model`: the engine a review file records for the segments taken from it (its
    provider ``""`` when the file does not say), and the provider that translated the others now."""

    def state_of(self, segment_id: str) -> str:
        """The state of segment ``title`` or ``b<n>``."""
        if segment_id == "title":
            return self.title_state
        index = int(segment_id[1:]) - 1 if segment_id[1:].isdigit() else -1
        return self.states[index] if 0 <= index < len(self.states) else MACHINE

    def count(self, state: str) -> int:
        """How many segments (headline included) are in ``state`` (``edited`` or ``approved``)."""
        return sum(1 for s in self.states if s == state) + int(self.title_state == state)

    def person_of(self, segment_id: str) -> Tuple[str, str]:
        """``(who, when)`` of a person's edit or approval of the segment, where known; else empty strings."""
        return next(((who, when) for sid, who, when in self.people if sid == segment_id), ("", ""))

    def check_of(self, segment_id: str) -> str:
        """What the checks found in segment ``segment_id`` (``""``: nothing)."""
        return next((text for sid, text in self.checks if sid == segment_id), "")


@dataclass(frozen=True)
class Article:
    """A news article: headline, metadata and body blocks in reading order."""

    title: str
    """The headline."""
    blocks: Tuple[Block, ...] = ()
    """Lead, paragraphs, captions, sub-headings, quotes and byline, in reading order."""
    author: str = ""
    """Author as named by metadata or the byline."""
    date: str = ""
    """Publication date as given by the source (ISO when known)."""
    source: str = ""
    """Publisher or site name."""
    url: str = ""
    """Canonical URL of the article."""
    lang: str = "vi"
    """Language of the text (BCP 47)."""
    input: SourceInfo = field(default_factory=SourceInfo)
    """Where it was read from."""
    translation: Optional[Translation] = None
    """The translation, once the translate stage has run."""
    notes: Tuple[str, ...] = ()
    """Footnotes and endnotes in the order their markers appear in the text (Word files)."""

    @property
    def heading(self) -> str:
        """The headline a brief prints: the title; for an article without a headline line, the input's file
        name (or, for standard input and URLs, its first words), never a caption promoted to headline."""
        if self.title:
            return self.title
        path = self.input.path
        if path and path != "-" and "://" not in path:
            return path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        words = " ".join(self.body[:1] or self.captions[:1]).split()
        return " ".join(words[:10]) + ("…" if len(words) > 10 else "")

    def _texts(self, kind: str) -> Tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == kind)

    @property
    def lead(self) -> str:
        """Text of the lead (sapo), or an empty string."""
        leads = self._texts("lead")
        return leads[0] if leads else ""

    @property
    def body(self) -> Tuple[str, ...]:
        """Texts of the article's paragraphs in reading order: the lead first (it is the body's first
        paragraph; :attr:`lead` gives it alone), then paragraphs, sub-headings and quotes. Captions and the
        byline are not part of the body."""
        return tuple(b.text for b in self.blocks if b.kind in ("lead", "paragraph", "heading", "quote"))

    @property
    def photos(self) -> Tuple[Photo, ...]:
        """The pictures, in reading order."""
        return tuple(b.photo for b in self.blocks if b.kind == "image" and b.photo is not None)

    @property
    def captions(self) -> Tuple[str, ...]:
        """Texts of the photo captions."""
        return self._texts("caption")

    @property
    def byline(self) -> str:
        """Text of the byline, or an empty string."""
        bylines = self._texts("byline")
        return bylines[0] if bylines else ""

    def to_dict(self) -> dict:
        """The article as the JSON object printed by ``vnbrief inspect``."""
        return {
            "title": self.title,
            "lead": self.lead,
            "body": list(self.body),
            "captions": list(self.captions),
            "images": [p.src for p in self.photos],
            "byline": self.byline,
            "author": self.author,
            "date": self.date,
            "source": self.source,
            "url": self.url,
            "lang": self.lang,
            "notes": list(self.notes),
            "input": {
                "path": self.input.path,
                "format": self.input.format,
                "encoding": self.input.encoding,
                "repairs": list(self.input.repairs),
                "date_from": self.input.date_from,
            },
        }


#: Words of the digest's own pages, by language (English for languages not listed).
DIGEST_LABELS: Dict[str, Dict[str, str]] = {
    "vi": {"title": "Điểm tin", "contents": "Mục lục", "one": "1 bài", "many": "{n} bài",
           "edition": "{count} từ {sources}", "source_one": "1 nguồn", "source_many": "{n} nguồn",
           "more": "Và {n} bài khác trong mục lục, trang {page}.",
           "more_one": "Và 1 bài khác trong mục lục, trang {page}."},
    "en": {"title": "News digest", "contents": "Contents", "one": "1 article", "many": "{n} articles",
           "edition": "{count} from {sources}", "source_one": "1 source", "source_many": "{n} sources",
           "more": "{n} more stories in the contents, page {page}.",
           "more_one": "1 more story in the contents, page {page}."},
}


@dataclass(frozen=True)
class Digest:
    """The articles of one handout, in order, and what its cover says."""

    articles: Tuple[Article, ...]
    title: str
    date: str
    lang: str = "vi"
    """Language of the digest's own words (the articles' language, or the translation's)."""

    @property
    def labels(self) -> Dict[str, str]:
        return DIGEST_LABELS.get(self.lang, DIGEST_LABELS["en"])

    @property
    def count_line(self) -> str:
        """``12 articles`` / ``12 bài``."""
        n = len(self.articles)
        return self.labels["one"] if n == 1 else self.labels["many"].format(n=n)
