"""The digest: many articles in one handout, which the digest's renderers draw (see :mod:`exporter.model`)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple

from . import Article

#: Words of the digest's own pages, by language (English for languages not listed).
DIGEST_LABELS: Dict[str, Dict[str, str]] = {
    "vi": {"title": "Điểm tin", "contents": "Mục lục", "one": "1 bài", "many": "{n} bài",
           "edition": "{count} từ {sources}", "source_one": "1 nguồn", "source_many": "{n} nguồn",
           "more": "Và {n} bài khác trong mục lục, trang {page}.",
           "more_one": "Và 1 bài khác trong mục lục, trang {page}."},
    "en": {"title": "News digest", "contents": "Contents", "one": "1 article", "many": "{n} articles",
           "edition": "{count} from {sources}", "source_one": "1 source", "source_many": "{n} sources",
           "more": "{n} more stories in the contents, page {page}.",
           "more_one": "1 more story in the contents, page {page}."},
}


@dataclass(frozen=True)
class Digest:
    """The articles of one handout, in order, and what its cover says."""

    articles: Tuple[Article, ...]
    title: str
    date: str
    lang: str = "vi"
    """Language of the digest's own words (the articles' language, or the translation's)."""

    @property
    def labels(self) -> Dict[str, str]:
        return DIGEST_LABELS.get(self.lang, DIGEST_LABELS["en"])

    @property
    def count_line(self) -> str:
        """``12 articles`` / ``12 bài``."""
        n = len(self.articles)
        return self.labels["one"] if n == 1 else self.labels["many"].format(n=n)
