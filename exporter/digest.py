"""The digest: many articles in one handout, as a PDF (cover, contents with page numbers, bookmarks; see
:mod:`exporter.render.digest_pdf`) and as Markdown with a linked table of contents (``templates/digest.md.j2``).

Usage from Python::

    digest = make_digest([read_article(p) for p in paths], Options(), title="Điểm tin sáng", sort="date")
    write_digest(digest, [Path("digest.pdf"), Path("digest.md")], Options())
"""
from __future__ import annotations

import datetime as _dt
import importlib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

from .atomic import write_atomic
from .errors import UsageError
from .model import Article
from .options import Options
from .render.layout import REVIEWED_MARK, document_info, effective_layout
from .render.markdown import context, environment
from .resources import data_dir

#: Words of the digest's own pages, by language (English for languages not listed).
LABELS: Dict[str, Dict[str, str]] = {
    "vi": {"title": "Điểm tin", "contents": "Mục lục", "one": "1 bài", "many": "{n} bài"},
    "en": {"title": "News digest", "contents": "Contents", "one": "1 article", "many": "{n} articles"},
}
SORT_ORDERS = ("given", "date", "newest")
#: Digest format → ``module:function`` taking (digest, options), imported on first use.
DIGEST_RENDERERS = {
    "pdf": "exporter.render.digest_pdf:render_digest_pdf",
    "md": "exporter.digest:render_digest_markdown",
}
SUFFIX_FORMATS = {".pdf": "pdf", ".md": "md", ".markdown": "md"}


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
        return LABELS.get(self.lang, LABELS["en"])

    @property
    def count_line(self) -> str:
        """``12 articles`` / ``12 bài``."""
        n = len(self.articles)
        return self.labels["one"] if n == 1 else self.labels["many"].format(n=n)

    def headlines(self, options: Options) -> Iterator[str]:
        """Each article's headline as its brief shows it (the translation's in the ``translation`` layout)."""
        for article in self.articles:
            yield document_info(article, options)["title"]


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


_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_DMY_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)")  # Vietnamese order: day/month/year
_TIME = re.compile(r"(?<!\d)(\d{1,2})[:h](\d{2})(?!\d)")


def date_key(text: str) -> Optional[Tuple[int, int, int, int, int]]:
    """(year, month, day, hour, minute) of a date as news sites write it (``2021-03-02T14:30``,
    ``Thứ ba, 2/3/2021 14:30``, ``02.03.2021``); ``None`` when there is no valid date in ``text``."""
    for pattern, order in ((_ISO_DATE, (0, 1, 2)), (_DMY_DATE, (2, 1, 0))):
        match = pattern.search(text or "")
        if match:
            year, month, day = (int(match.group(i + 1)) for i in order)
            try:
                _dt.date(year, month, day)
            except ValueError:
                continue
            rest = text[match.end():] + " " + text[:match.start()]
            time = _TIME.search(rest)
            hour, minute = (int(time.group(1)), int(time.group(2))) if time else (0, 0)
            if hour > 23 or minute > 59:
                hour, minute = 0, 0
            return year, month, day, hour, minute
    return None


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


# --- Markdown -----------------------------------------------------------------------------------------------------

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
    """What ``digest.md.j2`` sees: the digest, and per article the brief's own context plus its heading, the
    line under it and its anchor. Anchors are computed over every heading the template writes, in order."""
    from markupsafe import Markup

    slugger = Slugger()
    title_anchor = slugger.slug(digest.title)
    contents_anchor = slugger.slug(digest.labels["contents"])
    entries = []
    for number, (article, toc_title) in enumerate(zip(digest.articles, digest.headlines(options)), 1):
        ctx = context(article, options)
        tr, layout = ctx["translation"], ctx["layout"]
        mark = f" {REVIEWED_MARK}" if tr and tr["title_reviewed"] else ""
        if tr and layout == "translation":
            headline, subtitle = tr["title"] + mark, article.heading
        elif tr:
            headline, subtitle = article.heading, tr["title"] + mark
        else:
            headline, subtitle = article.heading, None
        anchor = slugger.slug(headline)
        for block in ctx["blocks"]:
            if block["kind"] == "heading":  # the template writes these as ### headings: they take slugs too
                shown = block["translation"] if (tr and layout == "translation") else block["runs"]
                reviewed = f" {REVIEWED_MARK}" if block["reviewed"] and layout == "translation" else ""
                slugger.slug("".join(run.text for run in shown).strip() + reviewed)
        entries.append(dict(ctx, number=number, anchor=Markup(anchor), headline=headline, subtitle=subtitle,
                            toc_title=toc_title))
    return {
        "digest": {"title": digest.title, "date": digest.date, "lang": digest.lang, "count": len(digest.articles),
                   "count_line": digest.count_line, "labels": digest.labels, "anchor": Markup(title_anchor),
                   "contents_anchor": Markup(contents_anchor)},
        "entries": entries,
        "reviewed_mark": REVIEWED_MARK,
        "generator": entries[0]["generator"] if entries else "",
    }


def render_digest_markdown(digest: Digest, options: Options = Options()) -> str:
    """The digest as Markdown."""
    env = environment(data_dir("templates"))
    text = env.get_template("digest.md.j2").render(**markdown_context(digest, options))
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


# --- rendering and writing ----------------------------------------------------------------------------------------

def output_format(path: Path) -> str:
    """``pdf`` or ``md``, from the file name's suffix."""
    fmt = SUFFIX_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise UsageError("unknown digest format", subject=str(path), hint="name it .pdf or .md")
    return fmt


def render_digest(digest: Digest, fmt: str, options: Options = Options()) -> bytes:
    """The digest in format ``fmt`` (``pdf`` or ``md``) as bytes."""
    if fmt not in DIGEST_RENDERERS:
        raise UsageError(f"unknown digest format {fmt!r}", hint=f"use one of {', '.join(DIGEST_RENDERERS)}")
    module, _, name = DIGEST_RENDERERS[fmt].partition(":")
    out = getattr(importlib.import_module(module), name)(digest, options)
    return out.encode("utf-8") if isinstance(out, str) else out


def write_digest(digest: Digest, paths: Sequence[Path], options: Options = Options()) -> List[Path]:
    """Render the digest for every path (its format from its suffix), all before any is written; write each
    atomically. Returns the paths written."""
    rendered = [(Path(p), render_digest(digest, output_format(Path(p)), options)) for p in paths]
    for path, data in rendered:
        write_atomic(path, data)
    return [path for path, _ in rendered]
