"""vnbrief: Vietnamese news articles → PDF handouts and Markdown briefs, optionally machine-translated.

The public API mirrors the command line::

    from exporter import read_article, render_pdf, render_markdown, export, Options
    article = read_article("examples/article.txt")
    pdf_bytes = render_pdf(article)

Importing the package loads only vnbrief's own modules: ReportLab, Jinja2, lxml, trafilatura, requests and
deep-translator are imported inside the functions that use them. The translation stack
(``translate_article``) and the digest (``make_digest``, ``render_digest``) are loaded on first use; they are
listed by ``dir(exporter)`` all the same.
"""
from __future__ import annotations

import logging
from typing import Any, List

from ._version import __version__
from .batch import run_batch
from .errors import VnbriefError
from .model import Article, Block, Inline, Translation
from .options import Options
from .pipeline import export, export_digest, normalise, read_article
from .render.base import render
from .render.markdown import render_markdown
from .render.pdf import render_pdf

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "__version__", "Article", "Block", "Inline", "Translation", "Options", "VnbriefError", "read_article",
    "normalise", "translate_article", "render", "render_pdf", "render_markdown", "export", "make_digest",
    "render_digest", "export_digest", "run_batch",
]


def __getattr__(name: str) -> Any:
    # Two subsystems load on first use: the translation stack (SQLite cache, XML review files, thread pool), and
    # the digest (its model and two renderers), which no command but ``digest`` needs.
    if name == "translate_article":
        from .translate import translate_article

        return translate_article
    if name in ("make_digest", "render_digest"):
        from . import digest

        return getattr(digest, name)
    raise AttributeError(f"module 'exporter' has no attribute {name!r}")


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
