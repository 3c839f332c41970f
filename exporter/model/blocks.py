"""The pieces of an article: runs of text, blocks, and where it came from (see :mod:`exporter.model`)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Tuple

from ..ahead import dataclass

if TYPE_CHECKING:
    from .photo import Photo

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
