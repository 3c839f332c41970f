"""The digest as Markdown (``templates/digest.md.j2``): a linked table of contents, then every article drawn with
the brief's block macro from the digest's view. Only the anchors are computed here: GitHub's heading ids, over
every heading the template writes, in order."""
from __future__ import annotations

import unicodedata
from typing import Any, Dict

from ..model.digest import Digest
from ..options import Options
from ..resources import data_dir
from .digest_view import digest_view
from .layout import REVIEWED_MARK
from .markdown import ahead, context, environment, template_cache, tidy


class Slugger:
    """GitHub's heading ids (github-slugger): lower case; every character but letters, marks, digits,
    connector punctuation (``_``), ``-`` and the space removed; each space a ``-``; a repeated slug gets
    ``-1``, ``-2`` … in document order. Feed it every heading of the document, in order."""

    def __init__(self) -> None:
        self.occurrences: Dict[str, int] = {}

    @staticmethod
    def base(text: str) -> str:
        kept = (ch for ch in text.lower()
                if ch in "- " or unicodedata.category(ch)[0] in "LMN" or unicodedata.category(ch) == "Pc")
        return "".join(kept).replace(" ", "-")

    def slug(self, text: str) -> str:
        original = result = self.base(text)
        while result in self.occurrences:
            self.occurrences[original] += 1
            result = f"{original}-{self.occurrences[original]}"
        self.occurrences[result] = 0
        return result


def markdown_context(digest: Digest, options: Options) -> Dict[str, Any]:
    """What ``digest.md.j2`` sees: the digest's view, and per article the brief's own context (its ``view``
    included) with its number and anchor."""
    from markupsafe import Markup  # Jinja's, loaded with it: writing a PDF digest needs neither

    view = digest_view(digest, options)
    slugger = Slugger()
    title_anchor = slugger.slug(view.title)
    contents_anchor = slugger.slug(view.contents_label)
    entries = []
    for article, entry in zip(digest.articles, view.entries):
        anchor = slugger.slug(entry.view.headline.marked_text)
        for row in entry.view.rows:
            if row.kind == "heading":  # the template writes these as ### headings: they take slugs too
                slugger.slug(row.text.marked_text.strip())
        entries.append(dict(context(article, options, entry.view), number=entry.number, anchor=Markup(anchor),
                            contents_title=entry.contents_title, other_title=entry.other_title, meta=entry.meta))
    return {
        "digest": view,
        "anchor": Markup(title_anchor),
        "contents_anchor": Markup(contents_anchor),
        "entries": entries,
        "reviewed_mark": REVIEWED_MARK,
        "generator": entries[0]["generator"] if entries else "",
    }


def render_digest_markdown(digest: Digest, options: Options = Options()) -> str:
    """The digest as Markdown."""
    values = markdown_context(digest, options)
    text = ahead(data_dir("templates") / "digest.md.j2", values)
    if text is None:
        env = environment(data_dir("templates"), template_cache(options))
        text = env.get_template("digest.md.j2").render(**values)
    return tidy(text)
