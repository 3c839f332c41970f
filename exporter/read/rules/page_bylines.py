"""Who signs a news page's story where the page does not mark an author: the name alone in the meta line under
the headline, and bylines whose emphasis is a class (``<span class="bold">``) rather than ``<b>``. Imports
nothing heavy; :mod:`exporter.read.rules.page_meta` applies it."""
from __future__ import annotations

import re
from typing import Iterator

from ...text import lazy_re
from .page_parts import BOLD_CLASSES, looks_like_name

# a box of the line between the headline and the sapo that says what it holds: "post-meta", "detail-info" …
_META_LINE = lazy_re.compile(r"meta|info|author|byline|writer|tac-?gia|nguoi-?viet", re.IGNORECASE)
# classes that set text in bold or italics (a byline's emphasis given by the style sheet)
_EMPHASIS_CLASSES = BOLD_CLASSES | {"italic", "i", "em", "fst-italic", "font-italic", "text-italic"}


def name_under_headline(headline) -> str:
    """The author named alone in the meta line under the headline (``<p class="post-meta">Minh Chiến</p>``,
    before the sapo): two to five capitalised words, no link, in an element marked as meta or info, among the
    few elements after the headline; empty when there is none."""
    if headline is None:
        return ""
    for seen, el in enumerate(e for e in headline.itersiblings() if isinstance(e.tag, str)):
        if seen >= 4 or len(" ".join(el.text_content().split())) > 200:
            return ""
        for node in (el, *el.iterdescendants()):
            marks = f"{node.get('class') or ''} {node.get('id') or ''}" if isinstance(node.tag, str) else ""
            if not _META_LINE.search(marks) or node.find(".//a") is not None:
                continue
            text = " ".join(node.text_content().split())
            words = text.split()
            if 2 <= len(words) <= 5 and looks_like_name(text) and all(w[0].isupper() for w in words):
                return text
    return ""


def class_emphasis_lines(tree) -> Iterator[str]:
    """The text of each short paragraph holding a run set in bold or italics by its class: a byline that a
    style sheet emphasises (``<span class="bold">Name</span><span class="italic">(theo X)</span>``)."""
    for el in tree.iter("span", "strong", "em", "b", "i", "font"):
        if not _EMPHASIS_CLASSES.intersection((el.get("class") or "").lower().split()):
            continue
        block = next(el.iterancestors("p", "div", "td"), None)
        text = " ".join((block if block is not None else el).text_content().split())
        if 0 < len(text) <= 100:
            yield text


def bold_lines(tree) -> Iterator[str]:
    """The text of each short paragraph set wholly in bold by its tags that is only names, every word capitalised
    (``<p><strong>Dương Lâm</strong></p>``, not a sub-heading ``Xem lại trận lượt đi``): a byline when it closes
    the story, which extraction may hand back without its bold."""
    for para in tree.iter("p"):
        text = " ".join(para.text_content().split())
        words = [w for w in re.split(r"[\s,;&/–-]+", text) if w]
        if 0 < len(text) <= 60 and len(words) <= 8 and all(w[0].isupper() for w in words) and \
                not para.xpath(".//text()[normalize-space()][not(ancestor::strong or ancestor::b)]"):
            yield text
