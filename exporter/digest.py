"""The digest: many articles in one handout. This module composes it (which articles, in what order, under what
title, date and language) and writes it; its data, :class:`~exporter.model.Digest`, lives in the model below the
renderers, and drawing it is the renderers' business, under :mod:`exporter.render`:
the PDF (cover, contents with page numbers, bookmarks) in :mod:`~exporter.render.digest_pdf`, the Markdown with a
linked table of contents in :mod:`~exporter.render.digest_md`, both from one view
(:func:`exporter.render.digest_view.digest_view`), behind :data:`DIGEST_RENDERERS`.

The digest is the one subsystem only one command uses: ``vnbrief render`` never loads this module and its two
renderers (``exporter``, ``exporter.cli`` and :func:`exporter.pipeline.export_digest` import it on first use).

Usage from Python::

    digest = make_digest([prepare(p, options) for p in paths], options, title="Điểm tin sáng", sort="date")
    write_digest(digest, [Path("digest.pdf"), Path("digest.md")], options)

(:func:`exporter.pipeline.export_digest` does both, reading each source as ``vnbrief digest`` does.)
"""
from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Union

from .atomic import write_files
from .errors import UsageError
from .model import Article
from .model.digest import DIGEST_LABELS as LABELS
from .model.digest import Digest
from .options import SORT_ORDERS, Options
from .protected import Protected
from .render import digest_md, digest_pdf
from .render.view import effective_layout
from .text.dates import date_key

SUFFIX_FORMATS = {".pdf": "pdf", ".md": "md", ".markdown": "md"}


def digest_language(articles: Sequence[Article], options: Options) -> str:
    """The translation's language when the briefs show translations, else the first article's."""
    for article in articles:
        if article.translation is not None and effective_layout(article, options) == "translation":
            return article.translation.target_lang
    return articles[0].lang if articles else "vi"


def today() -> str:
    """Today as ``yyyy-mm-dd``, or the UTC date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date().isoformat()
    return _dt.date.today().isoformat()


def sort_articles(articles: Sequence[Article], order: str = "given") -> List[Article]:
    """Articles ``given`` (as they are), by ``date`` (oldest first) or ``newest`` first; articles without a
    readable date come last, in the order given."""
    if order not in SORT_ORDERS:
        raise UsageError(f"unknown order {order!r}", subject="--sort", hint=f"use one of {', '.join(SORT_ORDERS)}")
    if order == "given":
        return list(articles)
    keyed = [(date_key(a.date), i, a) for i, a in enumerate(articles)]
    dated = [k for k in keyed if k[0] is not None]
    if order == "date":
        dated.sort(key=lambda k: (k[0], k[1]))
    else:  # newest first; equal dates keep their order
        dated.sort(key=lambda k: (tuple(-x for x in k[0]), k[1]))  # type: ignore[union-attr]
    return [a for _, _, a in dated] + [a for key, _, a in keyed if key is None]


def make_digest(articles: Sequence[Article], options: Options = Options(), *, title: Optional[str] = None,
                date: Optional[str] = None, sort: str = "given") -> Digest:
    """The digest of ``articles``: ordered, titled (default: "Điểm tin" / "News digest"), dated (default:
    today)."""
    if not articles:
        raise UsageError("a digest needs at least one article")
    ordered = sort_articles(articles, sort)
    lang = digest_language(ordered, options)
    labels = LABELS.get(lang, LABELS["en"])
    return Digest(tuple(ordered), title=(title or "").strip() or labels["title"],
                  date=today() if date is None else date.strip(), lang=lang)


# --- rendering and writing ----------------------------------------------------------------------------------------

#: Digest format → renderer taking (digest, options); each returns bytes (PDF) or str (Markdown).
DIGEST_RENDERERS: Dict[str, Callable[[Digest, Options], Union[bytes, str]]] = {
    "pdf": lambda digest, options: digest_pdf.render_digest_pdf(digest, options),
    "md": lambda digest, options: digest_md.render_digest_markdown(digest, options),
}
DIGEST_FORMATS = tuple(DIGEST_RENDERERS)


def render_digest(digest: Digest, fmt: str, options: Options = Options()) -> bytes:
    """The digest in format ``fmt`` (``pdf`` or ``md``) as bytes."""
    if fmt not in DIGEST_RENDERERS:
        raise UsageError(f"unknown digest format {fmt!r}", hint=f"use one of {', '.join(DIGEST_RENDERERS)}")
    out = DIGEST_RENDERERS[fmt](digest, options)
    return out.encode("utf-8") if isinstance(out, str) else out


def output_format(path: Path) -> str:
    """``pdf`` or ``md``, from the file name's suffix."""
    fmt = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None or fmt not in DIGEST_FORMATS:
        raise UsageError("unknown digest format", subject=str(path), hint="name it .pdf or .md")
    return fmt


def write_digest(digest: Digest, paths: Sequence[Path], options: Options = Options(), *,
                 inputs: Sequence[str] = (), protected: Optional[Protected] = None,
                 force: bool = False) -> List[Path]:
    """Render the digest for every path (its format from its suffix), then write them all or none, never over
    what ``protected`` holds (default: ``inputs``); a read-only file is replaced only when ``force``. Returns the
    paths written."""
    guard = protected if protected is not None else Protected.of(inputs)
    guard.check(paths)
    rendered = [(Path(p), render_digest(digest, output_format(Path(p)), options)) for p in paths]
    return write_files(rendered, protected=guard, force=force)


__all__ = ["Digest", "LABELS", "SORT_ORDERS", "make_digest", "sort_articles", "date_key", "today",
           "output_format", "render_digest", "write_digest"]
