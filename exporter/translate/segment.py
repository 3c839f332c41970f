"""Segments: the pieces of an article that are translated, with stable ids, and how they are cut to size.

A segment is the headline or one block (lead, paragraph, caption, sub-heading, quote). Bylines are names and
are not translated. Ids are ``title`` and ``b<n>``, ``n`` being the block's position in
:attr:`Article.blocks` counted from 1, so that a reviewed file can be matched back to the article.

A segment longer than the provider accepts is cut into chunks at sentence boundaries
(:func:`exporter.text.sentences.split_sentences`) and the sentences are packed back together up to the limit,
so a long paragraph costs two or three requests rather than one per sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, List, Tuple

from ..model import Article
from ..text.sentences import split_sentences

__all__ = ["Segment", "article_segments", "chunk_text", "UNTRANSLATED_KINDS"]

#: Block kinds copied into the translation as they are.
UNTRANSLATED_KINDS = frozenset({"byline"})


@dataclass(frozen=True)
class Segment:
    """One translatable piece of an article."""

    id: str
    """``title`` or ``b<n>`` (the block's position in the article, from 1)."""
    source: str
    """The Vietnamese text."""
    kind: str
    """``title`` or the block kind (``lead``, ``paragraph``, ``caption`` …)."""
    index: int = -1
    """Position in :attr:`Article.blocks`, or -1 for the title."""


def article_segments(article: Article) -> List[Segment]:
    """The segments of ``article`` in reading order: the title, then every block that is not a byline and
    has text."""
    segments = []
    if article.title.strip():
        segments.append(Segment("title", article.title, "title"))
    for index, block in enumerate(article.blocks):
        if block.kind in UNTRANSLATED_KINDS or not block.text.strip():
            continue
        segments.append(Segment(f"b{index + 1}", block.text, block.kind, index))
    return segments


def chunk_text(text: str, limit: int, measure: Callable[[str], int] = len) -> List[Tuple[str, str]]:
    """Cut ``text`` into chunks of at most ``limit`` characters (or another size: ``measure`` gives the size of
    a text, e.g. its UTF-8 bytes for a provider that counts bytes).

    Returns ``(chunk, separator)`` pairs: each chunk is stripped, and the separator is the whitespace that
    followed it in ``text``, so that the translations of the chunks can be joined the same way. Cuts fall
    between sentences; a single sentence longer than ``limit`` is cut between words, and only a "word" longer
    than ``limit`` is cut inside.
    """
    stripped = text.strip()
    if not stripped:
        return []
    if measure(stripped) <= limit:
        return [(stripped, "")]
    pieces: List[str] = []
    for sentence in split_sentences(stripped):
        if measure(sentence.strip()) <= limit:
            pieces.append(sentence)
        else:
            pieces.extend(_split_words(sentence, limit, measure))
    chunks: List[Tuple[str, str]] = []
    current = ""
    for piece in pieces:
        if current and measure((current + piece).strip()) > limit:
            chunks.append(_pair(current))
            current = ""
        current += piece
    if current.strip():
        chunks.append(_pair(current))
    return chunks


def _pair(chunk: str) -> Tuple[str, str]:
    core = chunk.rstrip()
    return core.strip(), chunk[len(core):]


def _split_words(sentence: str, limit: int, measure: Callable[[str], int]) -> List[str]:
    """Cut an over-long sentence between words (keeping trailing spaces), or inside a word if it must."""
    out: List[str] = []
    current = ""
    for word in re.findall(r"\S+\s*", sentence):
        while measure(word.strip()) > limit:  # a single "word" over the limit (a URL, a table row)
            if current:
                out.append(current)
                current = ""
            cut = limit
            while cut > 1 and measure(word[:cut]) > limit:
                cut -= 1
            out.append(word[:cut])
            word = word[cut:]
        if current and measure((current + word).strip()) > limit:
            out.append(current)
            current = ""
        current += word
    if current:
        out.append(current)
    return out
