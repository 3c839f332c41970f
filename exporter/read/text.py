"""Plain-text articles: paragraphs separated by blank lines or by line breaks."""
from __future__ import annotations

from typing import List

from ..model import Article, Inline, SourceInfo
from ..options import Options
from .structure import Unit, build_blocks, take_date_line


def _is_wrapped(lines: List[str]) -> bool:
    """True when a group of lines is one paragraph hard-wrapped at a fixed width (e-mail style), not a list of
    one-line paragraphs."""
    if len(lines) < 2:
        return False
    # Hard-wrapped text fills its lines to nearly the same width (e-mail: 72-80 characters); headline,
    # sapo and byline lines of an unspaced article differ widely and end sentences.
    body = lines[:-1]
    lengths = [len(line) for line in body]
    return (min(lengths) >= 60 and max(lengths) <= 100 and max(lengths) - min(lengths) <= 20
            and len(lines[-1]) <= max(lengths)
            and not any(line.rstrip().endswith((".", "!", "?", ":", ";")) for line in body))


def split_units(text: str) -> List[Unit]:
    """Cut cleaned text into paragraph units: each non-blank line is one, unless a group of lines separated
    from the rest by blank lines is a hard-wrapped paragraph."""
    units: List[Unit] = []
    for group in text.split("\n\n"):
        lines = [line.strip() for line in group.split("\n") if line.strip()]
        if _is_wrapped(lines):
            lines = [" ".join(lines)]
        for i, line in enumerate(lines):
            units.append(Unit((Inline(line),), attached=i > 0))
    return units


def read_text(text: str, info: SourceInfo, options: Options) -> Article:
    """Build an article from decoded, cleaned plain text (see :func:`exporter.read.read_source`)."""
    date, units = take_date_line(split_units(text))
    title, blocks = build_blocks(units)
    return Article(title=title, blocks=blocks, date=date, input=info)
