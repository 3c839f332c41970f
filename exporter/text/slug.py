"""File names from headlines: diacritics folded (đ → d), lower case, words joined by hyphens."""
from __future__ import annotations

import unicodedata

from . import lazy_re

_NON_WORD = lazy_re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """``text`` without diacritics: "Đại hội" → "Dai hoi"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def slugify(text: str, max_length: int = 80) -> str:
    """A file-name-safe slug: "Ban tổ chức … Đại hội XIII" → "ban-to-chuc-…-dai-hoi-xiii"."""
    slug = _NON_WORD.sub("-", fold(text).lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "article"
