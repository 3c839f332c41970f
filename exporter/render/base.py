"""Renderers behind a registry: output format → the function that renders a brief in it (the digest's registry is
in :mod:`exporter.digest`). Each renderer keeps its heavy library (ReportLab, Jinja2) inside the functions that
draw, so writing Markdown never imports ReportLab."""
from __future__ import annotations

from typing import Callable, Dict, Optional, Union

from ..errors import UsageError
from ..model import Article
from ..options import Options

Renderer = Callable[[Article, Options], Union[bytes, str]]


def _pdf(article: Article, options: Options) -> bytes:
    from . import pdf  # each renderer's module is loaded with its first brief: -f pdf never loads the Markdown one

    return pdf.render_pdf(article, options)


def _markdown(article: Article, options: Options) -> str:
    from . import markdown

    return markdown.render_markdown(article, options)


def _pdf_files(article: Article, options: Options, stem: str, files_dir: Optional[str]) -> Dict[str, bytes]:
    return {stem + ".pdf": _pdf(article, options)}


def _markdown_files(article: Article, options: Options, stem: str, files_dir: Optional[str]) -> Dict[str, bytes]:
    from . import markdown

    return markdown.render_markdown_files(article, options, stem, files_dir)


#: Format → renderer. A renderer returns ``bytes`` (PDF) or ``str`` (Markdown, UTF-8). Each entry looks its
#: function up when called, so a test (or a plug-in) that replaces ``markdown.render_markdown`` is obeyed.
RENDERERS: Dict[str, Renderer] = {"pdf": _pdf, "md": _markdown}
EXTENSIONS = {"pdf": ".pdf", "md": ".md"}
#: Format → renderer of the files of one brief named ``stem``: the brief itself and what goes beside it (the
#: Markdown brief's photos, in ``<stem>_files/`` or the folder named by the last argument).
FILE_RENDERERS: Dict[str, Callable[[Article, Options, str, Optional[str]], Dict[str, bytes]]] = {
    "pdf": _pdf_files,
    "md": _markdown_files,
}


def renderer(fmt: str) -> Renderer:
    """The render function of a format."""
    if fmt not in RENDERERS:
        raise UsageError(f"unknown output format {fmt!r}", hint=f"use one of {', '.join(RENDERERS)}")
    return RENDERERS[fmt]


def render(article: Article, fmt: str, options: Options = Options()) -> bytes:
    """The brief in format ``fmt`` as bytes."""
    out = renderer(fmt)(article, options)
    return out.encode("utf-8") if isinstance(out, str) else out


def render_files(article: Article, fmt: str, options: Options, stem: str,
                 files_dir: Optional[str] = None) -> Dict[str, bytes]:
    """The files of the brief in format ``fmt``, named after ``stem`` (the photos of a Markdown brief in
    ``files_dir``, default ``<stem>_files``): file name → bytes."""
    renderer(fmt)  # an unknown format is a usage error
    return FILE_RENDERERS[fmt](article, options, stem, files_dir)

