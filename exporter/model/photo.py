"""A picture of an article (see :mod:`exporter.model`): only inputs that hold photos (pages, Markdown, Word) make
one, so a plain-text render never builds the class."""
from __future__ import annotations

from dataclasses import dataclass, field


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
