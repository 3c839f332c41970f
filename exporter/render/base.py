"""Renderers behind a registry: output format → ``module:function`` taking (article, options), imported on first
use so that writing Markdown never imports ReportLab."""
from __future__ import annotations

import importlib
from typing import Callable, Dict

from ..errors import UsageError
from ..model import Article
from ..options import Options

#: Format → (renderer, file extension). A renderer returns ``bytes`` (PDF) or ``str`` (Markdown, UTF-8).
RENDERERS: Dict[str, str] = {
    "pdf": "exporter.render.pdf:render_pdf",
    "md": "exporter.render.markdown:render_markdown",
}
EXTENSIONS = {"pdf": ".pdf", "md": ".md"}


def renderer(fmt: str) -> Callable[[Article, Options], object]:
    """The render function of a format."""
    if fmt not in RENDERERS:
        raise UsageError(f"unknown output format {fmt!r}", hint=f"use one of {', '.join(RENDERERS)}")
    module, _, name = RENDERERS[fmt].partition(":")
    return getattr(importlib.import_module(module), name)


def render(article: Article, fmt: str, options: Options = Options()) -> bytes:
    """The brief in format ``fmt`` as bytes."""
    out = renderer(fmt)(article, options)
    return out.encode("utf-8") if isinstance(out, str) else out
