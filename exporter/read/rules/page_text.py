"""Story text a page sets loose, made into paragraphs before extraction: a bare ``<div>`` (``<div
align="justify">``) standing among the story's ``<p>``s is one of its paragraphs, which trafilatura would
otherwise drop or glue to the next. Imports nothing heavy; :mod:`exporter.read.parse.html` applies it."""
from __future__ import annotations

from .page_parts import in_furniture, is_hidden

# elements that make a <div> a box of its own rather than a paragraph
_BLOCKS = ("p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure",
           "section", "article", "aside", "form", "iframe", "video")
#: Shortest text a loose <div> holds to be a paragraph (shorter ones are labels, credits or captions).
_MIN_CHARS = 60


def paragraph_divs(tree) -> int:
    """Rename to ``<p>`` each ``<div>`` that holds running text and no block of its own, when it stands among
    ``<p>`` siblings (the story's paragraphs) outside boxes of furniture. Returns how many were renamed."""
    made = 0
    for holder in list(tree.iter("div", "td", "article", "section")):
        children = [c for c in holder if isinstance(c.tag, str)]
        if not any(c.tag == "p" for c in children) or in_furniture(holder):
            continue
        for div in children:
            if div.tag != "div" or is_hidden(div) or div.find(".//img") is not None or \
                    any(d.tag in _BLOCKS for d in div.iterdescendants() if isinstance(d.tag, str)):
                continue
            text = " ".join(div.text_content().split())
            if len(text) >= _MIN_CHARS and div.find(".//a") is None or len(text) >= 2 * _MIN_CHARS:
                div.tag = "p"
                made += 1
    return made
