"""The glue: read → normalise → translate (optional) → render → write (atomic). Nothing else lives here."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Union

from .atomic import write_files
from .errors import InputError
from .model import MAX_FIELD_CHARS, Article
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


def check_lengths(article: Article, source: str) -> Article:
    """Refuse (:class:`InputError`, exit 3) a headline, caption or metadata value longer than
    :data:`~exporter.model.MAX_FIELD_CHARS`: it is a paragraph the reader took for one, or not an article."""
    fields = [("headline", article.title)] + [(k, getattr(article, k)) for k in ("author", "date", "source", "url")]
    fields += [("caption", b.text) for b in article.blocks if b.kind in ("caption", "byline", "heading")]
    for what, value in fields:
        if len(value) > MAX_FIELD_CHARS:
            raise InputError(f"its {what} is {len(value):,} characters long, more than {MAX_FIELD_CHARS:,}",
                             subject=source, hint="give the article with a shorter one (or --title)")
    return article


def read_article(source: Union[str, Path], options: Options = Options(), *, data: Optional[bytes] = None,
                 fmt: Optional[str] = None) -> Article:
    """Read and normalise one article from a path, ``-``, a URL, or ``data`` bytes named by ``source``."""
    article = normalise(read_raw(source, options, data=data, fmt=fmt), options)
    return check_lengths(apply_overrides(article, options), str(source))


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


def write_briefs(out_dir: Union[str, Path], outputs: Dict[str, bytes], *, inputs: Sequence[str] = (),
                 force: bool = False) -> List[Path]:
    """Write the briefs of one article into ``out_dir``: all or none (temporary files renamed once every format
    is written), never over one of ``inputs``, a read-only brief replaced only when ``force``."""
    return write_files([(Path(out_dir) / name, data) for name, data in outputs.items()], inputs=inputs,
                       force=force)


def planned_suffix(options: Options) -> str:
    """The language suffix of the briefs that ``options`` will give, known before the article is read."""
    if not (options.translate or options.translations_file) or options.layout == "original":
        return ""
    if options.layout == "bilingual":
        return f".{options.source_lang}-{options.target_lang}"
    return f".{options.target_lang}"


def export(source: Union[str, Path], out_dir: Union[str, Path] = ".", options: Options = Options(), *,
           stem: Optional[str] = None, force: bool = False) -> List[Path]:
    """Read, normalise, translate, render and write one article; return the paths written. The input is never
    written over (:class:`~exporter.errors.UsageError`); read-only briefs are replaced only when ``force``."""
    source = str(source)
    article = translate(read_article(source, options), options)
    return write_briefs(out_dir, render_all(article, source, options, stem), inputs=[source], force=force)
