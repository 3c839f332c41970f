"""Story text a page sets loose: a bare ``<div>`` (``<div align="justify">``) standing among the story's ``<p>``s
is one of its paragraphs, which trafilatura would otherwise drop or glue to the next (made one before
extraction); a layout table (its cells hold paragraphs and headings, not data) is read cell by cell after it; a
related story's ``>>`` link set on a line of its own after the story's text is cut out of its paragraph.
Imports nothing heavy; :mod:`exporter.read.parse.html` applies it."""
from __future__ import annotations

from typing import List

from .page_parts import INLINE, append_nodes, in_furniture, is_hidden
from .page_sapo import RELATED_MARK

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
    return made + sum(_lines_made_paragraph(div) for div in list(tree.iter("div")))


def _lines_made_paragraph(div) -> bool:
    """Rename to ``<p>`` a ``<div>`` that sets running text loose in lines (``text<br>text<br>…``, a sapo of key
    points) with nothing but inline markup: trafilatura drops a ``<div>``'s own text before its first child, so
    the first line would be lost. Short lines of links (a menu) and boxes of furniture are left alone."""
    children = [c for c in div if isinstance(c.tag, str)]
    if not (div.text or "").strip() or not any(c.tag == "br" for c in children) or is_hidden(div) or \
            any(d.tag in _BLOCKS or d.tag == "img" for d in div.iterdescendants() if isinstance(d.tag, str)):
        return False
    text = " ".join(div.text_content().split())
    linked = sum(len(" ".join(a.text_content().split())) for a in div.iter("a"))
    if len(text) < 2 * _MIN_CHARS or linked > 0.5 * len(text) or in_furniture(div):
        return False
    div.tag = "p"
    return True


# trafilatura's elements of running text: a table cell holding one of them is a box of the page's layout
_TEXT_BLOCKS = ("p", "head", "list", "quote", "table")


def is_layout_table(table) -> bool:
    """True for a table of trafilatura's output that lays the page out rather than holding data: one of its own
    cells (not a nested table's) holds paragraphs, headings, lists or tables (old pages set the whole story, its
    headline and the sidebars in the cells of one table). Such a table is read cell by cell, never row by row
    with its cells' texts joined."""
    return any(isinstance(child.tag, str) and child.tag in _TEXT_BLOCKS
               for row in table if row.tag == "row" for cell in row if cell.tag == "cell" for child in cell)


def _line_text(nodes: list) -> str:
    text = "".join(n if isinstance(n, str) else "".join(n.itertext()) + (n.tail or "") for n in nodes)
    return " ".join(text.split())


def _related_line(nodes: list) -> bool:
    """A line that is a related story's link: ``>>`` (or ``»``) and a headline, the headline a link."""
    text = _line_text(nodes)
    linked = sum(len(" ".join("".join(a.itertext()).split())) for n in nodes if not isinstance(n, str)
                 for a in n.iter("a") if (a.get("href") or "").strip())
    return bool(RELATED_MARK.match(text)) and linked >= 0.6 * len(text.lstrip(">» "))


def related_lines(tree) -> int:
    """Cut a paragraph of ``<br>``-separated lines where a related story's link stands on a line of its own after
    the story's text (``…chính thức.<br><a>&gt;&gt; Tuyến xe buýt nhanh …</a><br>Theo <strong>Minh Anh</strong>``):
    the link goes (it is no text of the story, and it made the whole paragraph a teaser's), and the lines after it
    (the byline that closes the story) become a paragraph of their own. A paragraph whose lines are all such links
    is a box of them, left to the furniture rules. Returns how many links went."""
    from lxml import etree

    cut = 0
    for para in list(tree.iter("p")):
        children = [c for c in para if isinstance(c.tag, str)]
        if not any(c.tag == "br" for c in children) or any(c.tag not in INLINE for c in children):
            continue
        lines: List[list] = [[para.text or ""]]
        for node in list(para):
            if node.tag == "br":
                lines.append([node.tail or ""])
            else:
                lines[-1].append(node)
        related = [_related_line(line) for line in lines]
        at = next((i for i in range(1, len(lines)) if related[i]), None)
        if at is None or not any(len(_line_text(line)) >= 40 and not link
                                 for line, link in zip(lines[:at], related)):
            continue
        rest = [line for line, link in zip(lines[at:], related[at:]) if not link and _line_text(line)]
        cut += sum(related[at:])
        for child in list(para):
            para.remove(child)  # each keeps its tail, in its line
        para.text = None
        _fill(para, lines[:at])  # the story's lines stay in their paragraph, with its marks
        if rest:
            after = etree.Element("p")
            _fill(after, rest)
            after.tail, para.tail = para.tail, None
            para.addnext(after)
    return cut


def _fill(para, lines: List[list]) -> None:
    """Put lines of nodes into a paragraph, a ``<br>`` between them."""
    from lxml import etree

    for number, line in enumerate(lines):
        if number:
            para.append(etree.Element("br"))
        append_nodes(para, line)
