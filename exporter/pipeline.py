"""The glue: read → normalise → translate (optional) → render → write (atomic). Nothing else lives here."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Union

from .atomic import write_atomic
from .model import Article
from .options import Options
from .read import read_raw
from .render.base import EXTENSIONS, render
from .text.normalise import clean_line, normalise
from .text.slug import slugify


def apply_overrides(article: Article, options: Options) -> Article:
    """Apply ``--title`` … ``--url``. (The author and source a byline names are found by the readers.)"""
    changes: Dict[str, Any] = {k: clean_line(v) for k in ("title", "author", "date", "source", "url")
               if (v := getattr(options, k)) is not None}
    return replace(article, **changes)


def read_article(source: Union[str, Path], options: Options = Options(), *, data: Optional[bytes] = None,
                 fmt: Optional[str] = None) -> Article:
    """Read and normalise one article from a path, ``-``, a URL, or ``data`` bytes named by ``source``."""
    return apply_overrides(normalise(read_raw(source, options, data=data, fmt=fmt), options), options)


def translate(article: Article, options: Options) -> Article:
    """Translate when asked (imports the translation stack only then)."""
    if not options.translate and not options.translations_file:
        return article
    from .translate import read_reviewed, translate_article

    reviewed = read_reviewed(options.translations_file) if options.translations_file else None
    return translate_article(article, options, reviewed=reviewed)


def output_stem(article: Article, source: str) -> str:
    """``<input stem>``, or a slug of the headline for standard input and URLs."""
    if source == "-" or "://" in source:
        return slugify(article.heading)
    return Path(source).stem


def language_suffix(article: Article, options: Options) -> str:
    """"" for the original, ".en" for a translation, ".vi-en" for a bilingual brief."""
    tr = article.translation
    if tr is None or options.layout == "original":
        return ""
    if options.layout == "bilingual":
        return f".{tr.source_lang}-{tr.target_lang}"
    return f".{tr.target_lang}"


def render_all(article: Article, source: str, options: Options, stem: Optional[str] = None) -> Dict[str, bytes]:
    """Every format of ``options.formats`` as file name → bytes: all are rendered before any is written."""
    stem = (stem or output_stem(article, source)) + language_suffix(article, options)
    return {stem + EXTENSIONS[fmt]: render(article, fmt, options) for fmt in options.formats}


def write_briefs(out_dir: Union[str, Path], outputs: Dict[str, bytes]) -> List[Path]:
    """Write the briefs of one article into ``out_dir``, each atomically; return their paths."""
    paths = []
    for name, data in outputs.items():
        path = Path(out_dir) / name
        write_atomic(path, data)
        paths.append(path)
    return paths


def export(source: Union[str, Path], out_dir: Union[str, Path] = ".", options: Options = Options(), *,
           stem: Optional[str] = None) -> List[Path]:
    """Read, normalise, translate, render and write one article; return the paths written."""
    source = str(source)
    article = translate(read_article(source, options), options)
    return write_briefs(out_dir, render_all(article, source, options, stem))
