"""vnbrief: Vietnamese news articles → PDF handouts and Markdown briefs, optionally machine-translated.

The public API mirrors the command line::

    from exporter import read_article, render_pdf, render_markdown, export, Options
    article = read_article("examples/article.txt")
    pdf_bytes = render_pdf(article)

Names are imported on first use, so ``import exporter`` loads neither ReportLab nor the translation stack.
"""
from __future__ import annotations

import importlib
import logging
from typing import Any

from ._version import __version__

logging.getLogger(__name__).addHandler(logging.NullHandler())

_API = {
    "Article": "exporter.model",
    "Block": "exporter.model",
    "Inline": "exporter.model",
    "Translation": "exporter.model",
    "Options": "exporter.options",
    "VnbriefError": "exporter.errors",
    "read_article": "exporter.pipeline",
    "normalise": "exporter.text.normalise",
    "translate_article": "exporter.translate",
    "render": "exporter.render.base",
    "render_pdf": "exporter.render.pdf",
    "render_markdown": "exporter.render.markdown",
    "export": "exporter.pipeline",
    "make_digest": "exporter.digest",
    "render_digest": "exporter.digest",
    "run_batch": "exporter.batch",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'exporter' has no attribute {name!r}")
