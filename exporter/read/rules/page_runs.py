"""Text of a news page's elements: as runs of inline emphasis and links (:func:`element_runs`), the same runs
joined (:func:`merge_runs`), entities a CMS escaped twice decoded (:func:`unescape`), and the key two texts are
compared by (:func:`match_key`). Imports nothing heavy; every page rule and :mod:`exporter.read.parse.html` use it."""
from __future__ import annotations

import html as html_entities
from dataclasses import replace
from typing import Iterable, List, Optional, Tuple

from ...model import Inline
from ...text import lazy_re
from ...urls import join as join_url

# Entities left in text by a CMS that escaped twice ("C&amp;ocirc;ng" shows as "C&ocirc;ng").
_ENTITY = lazy_re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_SPACES = lazy_re.compile(r"\s+")
# Characters that draw nothing (zero-width spaces and joiners, the BOM a CMS pastes mid-text, the soft hyphen): the
# normalising stage removes them later; until then two texts that differ only by them are the same text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def match_key(text: str) -> str:
    """Comparison key: case, whitespace, invisible characters and trailing dots or ellipses ignored."""
    return " ".join(text.translate(_INVISIBLE).split()).casefold().rstrip(".…").strip()


def unescape(text: str) -> str:
    """Decode entities left in text by a CMS that escaped it twice or more, until none is left
    (``C&amp;ocirc;ng`` arrives as ``C&ocirc;ng``; Tuổi Trẻ's JSON-LD holds ``Chi&amp;#7871;n``). Bounded:
    a text that keeps producing entities is decoded a few times only."""
    for _ in range(4):
        if not _ENTITY.search(text):
            break
        text = html_entities.unescape(text)
    return text


def merge_runs(runs: Iterable[Inline]) -> Tuple[Inline, ...]:
    """Join neighbouring runs of the same emphasis and trim the block's outer white space."""
    out: List[Inline] = []
    for run in runs:
        # white space as a browser shows it: any run of spaces, tabs, newlines or no-break spaces is one space
        run = replace(run, text=_SPACES.sub(" ", run.text)) if run.text else run
        if out and run.text.startswith(" ") and out[-1].text.endswith(" "):
            run = replace(run, text=run.text[1:])
        if not run.text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].href) == (run.bold, run.italic, run.href):
            out[-1] = replace(out[-1], text=out[-1].text + run.text)
        else:
            out.append(run)
    if out:
        out[0] = replace(out[0], text=out[0].text.lstrip())
        out[-1] = replace(out[-1], text=out[-1].text.rstrip())
    return tuple(r for r in out if r.text)


_BOLD_TAGS = {"b", "strong"}
_ITALIC_TAGS = {"i", "em", "cite"}
_SKIP_TAGS = {"script", "style", "noscript", "graphic", "img", "figure", "svg", "button", "iframe"}


# Elements that set their text on lines of their own.
_LINE_TAGS = ("div", "p", "li", "table", "tr", "td", "h2", "h3", "h4", "h5", "h6", "blockquote", "figcaption")


def lines_apart(root):
    """A copy of ``root`` whose block-level descendants stand apart from the text around them, as a browser sets
    them on lines of their own ("… mạng xã hội Lotus<div class="source">Ảnh: CTV</div>" → "… Lotus Ảnh: CTV")."""
    import copy

    root = copy.deepcopy(root)
    for el in root.iterdescendants(*_LINE_TAGS):
        el.text, el.tail = " " + (el.text or ""), " " + (el.tail or "")
    return root


def element_runs(root, base: Optional[str] = None) -> Tuple[Inline, ...]:
    """The text of an element (HTML, or trafilatura's XML: ``hi rend="#b"``, ``ref target``, ``lb``) as runs of
    inline emphasis. Iterative: deep nesting cannot exhaust the stack."""
    runs: List[Inline] = []
    # Each entry: (element, bold, italic, href); the tail of an element is added after its subtree.
    stack: List[tuple] = [("enter", root, False, False, None)]
    while stack:
        action, el, bold, italic, href = stack.pop()
        if action == "text":
            runs.append(Inline(unescape(el), bold, italic, href))
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if el is not root and tag in _SKIP_TAGS:
            continue
        rend = (el.get("rend") or "") if tag == "hi" else ""
        bold = bold or tag in _BOLD_TAGS or "#b" in rend
        italic = italic or tag in _ITALIC_TAGS or "#i" in rend
        target = el.get("target") if tag == "ref" else el.get("href") if tag == "a" else None
        if target and not target.startswith(("#", "javascript:")):
            href = join_url(base, target) if base else target
        if tag in ("lb", "br"):
            runs.append(Inline(" ", bold, italic, href))
        pending = [("text", el.text, bold, italic, href)] if el.text and tag else []
        for child in el:
            pending.append(("enter", child, bold, italic, href))
            if child.tail:
                # the tail belongs to the parent's emphasis, not the child's
                pending.append(("text", child.tail, bold, italic, href))
        stack.extend(reversed(pending))
    return merge_runs(runs)
