"""The one data model that flows through every stage: read → normalise → translate → render; and the digest, many
articles in one handout, which the digest's renderers draw.

Everything here is a frozen dataclass; stages return new objects with :func:`dataclasses.replace`. The pieces of
an article live in :mod:`.blocks`; :class:`Translation` (:mod:`.translation`), :class:`Digest` (:mod:`.digest`)
and :class:`Photo` (:mod:`.photo`) are made when first used, so that rendering a text article untranslated does
not build them (each dataclass costs its methods' compilation at start-up); ``exporter.model.Translation`` and the
others name them all the same.
"""
from __future__ import annotations

import importlib
from dataclasses import field
from typing import TYPE_CHECKING, Any, List, Optional, Tuple

from ..ahead import dataclass
from .blocks import (
    APPROVED,
    BLOCK_KINDS,
    EDITED,
    MACHINE,
    MAX_FIELD_CHARS,
    SEGMENT_STATES,
    Block,
    Inline,
    SourceInfo,
)

if TYPE_CHECKING:
    from .photo import Photo
    from .translation import Translation

__all__ = ["APPROVED", "BLOCK_KINDS", "DIGEST_LABELS", "EDITED", "MACHINE", "MAX_FIELD_CHARS", "SEGMENT_STATES",
           "Article", "Block", "Digest", "Inline", "Photo", "SourceInfo", "Translation"]

#: Names made on first use, and the module each lives in.
_LATER = {"Translation": "translation", "Digest": "digest", "DIGEST_LABELS": "digest", "Photo": "photo"}


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


def __getattr__(name: str) -> Any:
    module = _LATER.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
