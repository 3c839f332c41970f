"""Machine translation of articles: providers, glossary, cache, review files.

Importing this package is cheap: requests, deep-translator and SQLite are loaded only when something is
translated. The API::

    translate_article(article, options, *, reviewed=None) -> Article   # sets article.translation
    article_segments(article) -> list[Segment]                          # what gets translated, with ids
    write_segments(article, path)                                       # .json / .xlf / .csv / .tmx for review
    translate_segments(article, options, path)                          # translate, then write_segments
    read_reviewed(path) -> Reviewed                                     # the reviewed file, back
    stale_segments(article, reviewed) -> list[Segment]                  # reviewed, but the source changed
    PROVIDERS                                                           # name -> adapter class

Keys, environment variables and limits of each provider: see :mod:`exporter.translate.providers`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

from .engine import Translator
from .registry import PROVIDERS
from .review import Reviewed, ReviewedSegment, read_reviewed, stale_segments, write_segments
from .segment import Segment, article_segments

if TYPE_CHECKING:  # pragma: no cover
    from pathlib import Path

    from ..model import Article
    from ..options import Options
    from ..protected import Protected
    from .http import RetryPolicy

__all__ = [
    "translate_article", "article_segments", "write_segments", "read_reviewed", "stale_segments",
    "Segment", "Reviewed", "ReviewedSegment", "PROVIDERS", "translate_segments",
]


def translate_article(article: Article, options: Options, *, reviewed: Optional[Reviewed] = None,
                      retry: Optional[RetryPolicy] = None) -> Article:
    """Translate ``article`` as ``options`` say (provider, languages, glossary, cache, timeout, jobs).

    Returns a copy with :attr:`~exporter.model.Article.translation` set: the title and every block, aligned
    with ``article.blocks``; bylines are copied untranslated. Segments found in ``reviewed`` (same id, same
    source) take the reviewed text and are marked reviewed; those whose source changed since are translated
    again and logged as warnings (list them with :func:`stale_segments`).

    Raises :class:`~exporter.errors.TranslationError` when the provider fails, after retries; every chunk
    translated before the failure is in the cache, so a rerun resumes where this one stopped.
    :class:`~exporter.errors.UsageError` for an unknown provider, a missing key or a bad glossary file.
    """
    with Translator(options, retry=retry) as translator:
        return translator.translate_article(article, reviewed)


def translate_segments(article: Article, options: Options, path: str | Path, *, inputs: Sequence[str] = (),
                       protected: Optional[Protected] = None, force: bool = False) -> Article:
    """Translate ``article`` and write its segments to ``path`` for review (:func:`write_segments`, never over
    one of ``inputs``; a read-only file replaced only when ``force``); a TMX file also carries every reviewed
    pair of the translation memory for the language pair. Returns the translated article."""
    with Translator(options) as translator:
        translated = translator.translate_article(article)
        memory = translator.memory() if str(path).lower().endswith(".tmx") else []
    write_segments(translated, path, memory, inputs=inputs, protected=protected, force=force)
    return translated
