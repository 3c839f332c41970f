"""vnbrief: Vietnamese news articles → PDF handouts and Markdown briefs, optionally machine-translated.

The public API mirrors the command line::

    from exporter import read_article, render_pdf, render_markdown, export, Options
    article = read_article("examples/article.txt")
    pdf_bytes = render_pdf(article)

Importing the package loads nothing: each name is imported on first use (vnbrief's own module, and the heavy
libraries, ReportLab, Jinja2, lxml, trafilatura, requests, deep-translator, only inside the functions that use
them); ``dir(exporter)`` lists them all the same.
"""
from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any, List

from ._version import __version__

if TYPE_CHECKING:  # for type checkers and editors; at run time each name is imported on first use
    from .batch import run_batch
    from .digest import make_digest, render_digest
    from .errors import VnbriefError
    from .model import Article, Block, Inline
    from .model.translation import Translation
    from .options import Options
    from .pipeline import export, export_digest, normalise, read_article
    from .render.base import render
    from .render.markdown import render_markdown
    from .render.pdf import render_pdf
    from .translate import translate_article

logging.getLogger(__name__).addHandler(logging.NullHandler())

#: Each public name and the module it lives in. Nothing is imported until a name is first used, so that the
#: ``vnbrief`` command (``exporter.cli``) loads only the modules its command needs: ``import exporter`` is free.
_PUBLIC = {
    "Article": "model", "Block": "model", "Inline": "model", "Translation": "model.translation", "Options": "options",
    "VnbriefError": "errors", "read_article": "pipeline", "normalise": "pipeline", "export": "pipeline",
    "export_digest": "pipeline", "render": "render.base", "render_pdf": "render.pdf",
    "render_markdown": "render.markdown", "run_batch": "batch", "translate_article": "translate",
    "make_digest": "digest", "render_digest": "digest",
}

__all__ = [
    "__version__", "Article", "Block", "Inline", "Translation", "Options", "VnbriefError", "read_article",
    "normalise", "translate_article", "render", "render_pdf", "render_markdown", "export", "make_digest",
    "render_digest", "export_digest", "run_batch",
]


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'exporter' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> List[str]:
    return sorted(set(globals()) | set(__all__))
