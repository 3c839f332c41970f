"""News pages (saved ``.html`` files and fetched URLs) → :class:`~exporter.model.Article`.

The body comes from trafilatura (imported on first use); headline, lead (sapo), author, date, publisher and
canonical URL come from the page's own metadata first (:mod:`exporter.read.rules.page_meta`). Decoding follows the
WHATWG order (:mod:`.page_decode`), and text set in legacy Vietnamese fonts is converted.
"""
from __future__ import annotations

import copy
import logging
from dataclasses import replace
from itertools import islice
from typing import Any, Callable, List, Optional, Sequence, Tuple

from ...errors import InputError
from ...model import Article, Block, Inline, SourceInfo
from ...model.photo import Photo
from ...options import Options
from ...text import lazy_re
from ...urls import join as join_url
from ..rules.outlet import outlet_name
from ..rules.page_authors import article_author, is_publisher_name
from ..rules.page_dates import fallback_date
from ..rules.page_fonts import convert_legacy_fonts
from ..rules.page_furniture import before_footer, is_furniture, strip_furniture, teaser_text, without_teaser_run
from ..rules.page_meta import PageInfo, page_info
from ..rules.page_parts import split_double_breaks, styled_bold
from ..rules.page_photos import prepare_page_images
from ..rules.page_runs import element_runs, match_key, merge_runs, unescape
from ..rules.page_sapo import key_points, without_related, without_search_words
from ..rules.page_story import from_headline, story_ending, with_lost_captions, without_head_lines, without_repeats
from ..rules.page_text import is_layout_table, paragraph_divs, related_lines
from ..rules.photo_places import resolve_photos
from .page_decode import FONT_VIEW_ENCODINGS, names_legacy_font, page_text

__all__ = ["parse_html", "body_blocks", "read_html"]

log = logging.getLogger(__name__)

_XML_DECL = lazy_re.compile(r"^\s*<\?xml[^>]*\?>")
_END_PUNCT = (".", ",", ";", ":", "!", "?", "…")
_MIN_BODY_CHARS = 200


def _bold_opening(blocks: List[Block]) -> bool:
    first = blocks[0]
    return first.kind == "paragraph" and len(first.text) >= 60 and first.text.endswith(_END_PUNCT + ("\"", "”")) \
        and all(r.bold for r in first.runs if r.text.strip()) and \
        sum(b.kind == "paragraph" for b in islice((b for b in blocks[1:] if b.kind != "heading"), 3)) >= 2


def _looks_like_heading(runs: Sequence[Inline], text: str) -> bool:
    return (len(text) <= 150 and not text.endswith(_END_PUNCT)
            and all(r.bold for r in runs if r.text.strip()))


def _same(a: str, b: str) -> bool:
    """True when two texts are the same passage (one may be cut short, as meta descriptions are)."""
    a, b = match_key(a), match_key(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(short) >= 0.8 * len(long_)


_SENTENCE_END = (".", "!", "?", "…", "\"", "”", ")")


def _closes(paragraph: str, sapo: str) -> bool:
    """True when a sapo's text ends a paragraph after a sentence of its own (20 characters or more, ending as a
    sentence ends): the paragraph restates the sapo, which is no excerpt cut from its opening (a stamp or a date
    line glued before the sapo, "(Dân trí) - …", ends no sentence)."""
    text, end = match_key(paragraph), match_key(sapo)
    before = text[:len(text) - len(end)].rstrip()
    return text.endswith(end) and len(before) >= 20 and before.endswith(_SENTENCE_END)


_BLOCK_TAGS = frozenset({"p", "head", "quote", "list", "table", "graphic", "div", "section", "article"})


def _flat_body(body) -> list:
    """trafilatura's elements in reading order, with the containers that its fallback extractors leave in place
    (a ``div`` holding the headline, the sapo and the paragraphs) opened up, so that a story is never read as
    one paragraph; text lying loose in such a container becomes a paragraph of its own."""
    from lxml import etree

    def loose(text: Optional[str]) -> list:
        if not (text or "").strip():
            return []
        para = etree.Element("p")
        para.text = text
        return [para]

    out: list = []
    for el in body:
        if el.tag == "table" and is_layout_table(el):
            out += _flat_body([cell for row in el if row.tag == "row" for cell in row if cell.tag == "cell"])
        elif el.tag in ("div", "section", "article", "cell") and any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS
                                                                       for c in el):
            out += loose(el.text)
            for child in el:
                out += _flat_body([child]) if isinstance(child.tag, str) else []
                out += loose(child.tail)
        else:
            out.append(el)
    return out


def body_blocks(body, info: PageInfo, url: Optional[str]) -> List[Block]:
    """Turn trafilatura's body (``p``, ``head``, ``quote``, ``list``, ``table``, ``graphic``) into blocks."""
    blocks: List[Block] = []
    shown = ""  # key of the caption just emitted for a photo
    for el in _flat_body(body):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "graphic":
            alt = match_key(el.get("alt") or el.get("title") or "")
            src = el.get("src") or ""
            if src:  # the photo where the story has it; its address is made absolute by resolve_photos
                blocks.append(Block("image", (), photo=Photo(src=src, alt=el.get("alt") or "")))
            shown = info.figures.get(alt) or (alt if alt in info.captions else "") or \
                info.figures.get(join_url(url, src) if url else src, "")
            if shown:
                blocks.append(Block("caption", info.captions[shown]))
            continue
        if tag == "list":
            items = [Block("paragraph", element_runs(item, url)) for item in el.iter("item")]
            blocks.extend(b for b in items if b.runs)
            continue
        if tag == "table":
            blocks.extend(_table_blocks(el, info, url))
            continue
        lines = _lines(el, url)
        if len(lines) > 1 and any(match_key(_text(line)) in info.captions for line in lines):
            # a photo story: the line after each photo is its caption, the other lines are the story
            blocks.extend(_caption_lines(lines, info))
            shown = ""
            continue
        runs = element_runs(el, url)
        text = "".join(r.text for r in runs)
        if not text:
            continue
        key = match_key(text)
        if shown and key in shown:
            pass  # the caption (or the part of it trafilatura kept) already emitted with its photo
        elif key in info.captions:
            blocks.append(Block("caption", runs))
        elif row := _caption_row(key, info.captions):
            # the captions of photos side by side, which extraction ran together into one paragraph
            blocks.extend(Block("caption", info.captions[k]) for k in row)
        elif tag == "head":
            blocks.append(Block("heading", runs))
        elif tag == "quote":
            blocks.append(Block("quote", runs))
        elif _looks_like_heading(runs, text):
            # a paragraph all in bold is a sub-heading; the heading style carries the weight
            blocks.append(Block("heading", merge_runs(replace(r, bold=False) for r in runs)))
        else:
            blocks.append(Block("paragraph", runs))
        shown = ""
    return blocks


def _table_blocks(table, info: PageInfo, url: Optional[str]) -> List[Block]:
    """The rows of an extracted table: a one-cell row as a caption or a paragraph, others as cells joined."""
    blocks: List[Block] = []
    for row in table.iter("row"):
        cells = [element_runs(c, url) for c in row]
        texts = [_text(runs) for runs in cells]
        filled = [runs for runs, text in zip(cells, texts) if text]
        if len(filled) == 1:
            # a one-cell row: a layout table around a photo and its caption (Báo Đầu tư), or a box
            key = match_key(_text(filled[0]))
            blocks.append(Block("caption", info.captions[key]) if key in info.captions
                          else Block("paragraph", filled[0]))
        elif filled:
            blocks.append(Block.plain("paragraph", " | ".join(texts)))
    return blocks


def _caption_row(key: str, captions: dict) -> List[str]:
    """The keys of the captions a paragraph is made of, one after another (two or more, nothing else); empty when
    it is not such a run."""
    row: List[str] = []
    rest = key
    while rest:
        found = max((c for c in captions if len(c) >= 20 and rest.startswith(c)), key=len, default="")
        if not found:
            return []
        row.append(found)
        rest = rest[len(found):].lstrip(" .…")
    return row if len(row) >= 2 else []


def _text(runs: Sequence[Inline]) -> str:
    return "".join(r.text for r in runs)


def _lines(el, url: Optional[str]) -> List[Tuple[Inline, ...]]:
    """The runs of an extracted paragraph, line by line (cut at its own line breaks)."""
    if el.find("lb") is None:
        return [element_runs(el, url)]
    import lxml.etree

    lines, current = [], lxml.etree.Element(el.tag)
    current.text = el.text
    for child in el:
        if child.tag == "lb":
            lines.append(current)
            current = lxml.etree.Element(el.tag)
            current.text = child.tail
        else:
            current.append(copy.deepcopy(child))  # with its tail
    lines.append(current)
    return [element_runs(line, url) for line in lines]


def _caption_lines(lines: List[Tuple[Inline, ...]], info: PageInfo) -> List[Block]:
    """Blocks of a paragraph whose lines hold captions: each caption alone, the lines between joined."""
    blocks: List[Block] = []
    pending: List[Inline] = []
    for runs in lines + [()]:
        caption = runs and match_key(_text(runs)) in info.captions
        if (caption or not runs) and pending:
            blocks.append(Block("paragraph", merge_runs(pending)))
            pending = []
        if caption:
            blocks.append(Block("caption", runs))
        elif runs:
            pending.extend([Inline(" "), *runs])
    return blocks


def _masthead_name(block: Block, info: PageInfo) -> bool:
    """A line that is only a publication's name in capitals ("BÁO ĐIỆN TỬ CHÍNH PHỦ" in an app-download box)."""
    text = block.text
    return block.kind in ("paragraph", "heading") and text.isupper() and len(text.split()) <= 8 and \
        is_publisher_name(text, info)


def _arrange(blocks: List[Block], info: PageInfo) -> List[Block]:
    """Drop furniture and the repeated headline, put the sapo first (once), mark the byline."""
    kept = without_head_lines(from_headline(
        [b for b in blocks if not is_furniture(b) and not _masthead_name(b, info)], info), info)
    lead = Block("lead", info.sapo) if info.sapo else None
    if lead is not None:
        # trafilatura kept the sapo (maybe as a sub-heading, with the page's search words before it)
        shown = [_text(without_search_words(b.runs)) for b in kept[:3]]
        twin = next((i for i, b in enumerate(kept[:3]) if b.kind != "caption" and _same(shown[i], lead.text)), None)
        if twin is not None:
            # use the fuller of the two, in the lead's place
            twin_runs = without_search_words(without_related(kept[twin].runs))
            longer = twin_runs if len("".join(r.text for r in twin_runs)) > len(lead.text) else lead.runs
            kept.pop(twin)
            lead = Block("lead", longer)
        elif any(match_key(lead.text) in match_key(b.text) and not _closes(b.text, lead.text) for b in kept[:3]):
            lead = None  # the description only repeats the opening of the first paragraph
        if lead is not None:
            kept.insert(0, lead)
    elif len(kept) > 2 and _bold_opening(kept):
        # no sapo anywhere but a first paragraph set all in bold, before the story: that is the sapo
        kept[0] = Block("lead", merge_runs(replace(r, bold=False) for r in kept[0].runs))
    elif len(kept) > 2 and kept[0].kind == "paragraph" and key_points(kept[0].text):
        # … or the story's key points set before it, a dash opening each ("- A. - B. - C.")
        kept[0] = Block("lead", kept[0].runs)
    return story_ending(without_repeats(kept), info)


def _arrange_around_photos(blocks: List[Block], info: PageInfo) -> List[Block]:
    """:func:`_arrange` on the text, the photos put back before the text they preceded (the block that followed
    a photo may have become the lead or been dropped as furniture: then the photo goes before the next one)."""
    text_blocks: List[Block] = []
    anchors: List[Tuple[str, List[Block]]] = []  # the text after some photos, and the photos
    pending: List[Block] = []
    for block in blocks:
        if block.kind == "image":
            pending.append(block)
            continue
        if pending:
            anchors.append((match_key(block.text), pending))
            pending = []
        text_blocks.append(block)
    arranged = _arrange(text_blocks, info)
    present = {match_key(b.text) for b in arranged}
    before: dict = {}
    carried: List[Block] = []
    for key, photos in anchors:
        carried += photos
        if key in present and key not in before:
            before[key], carried = carried, []
    out: List[Block] = []
    for block in arranged:
        out.extend(before.pop(match_key(block.text), []))
        out.append(block)
    return out + carried + pending


def _with_subheadings(blocks: List[Block], info: PageInfo) -> List[Block]:
    """Put back the story's sub-headings that extraction dropped, each before the paragraph it heads."""
    if not info.subheadings:
        return blocks
    present = {match_key(b.text) for b in blocks if b.kind in ("heading", "lead")}
    out: List[Block] = []
    for block in blocks:
        runs = info.subheadings.get(match_key(block.text)[:80]) if block.kind == "paragraph" else None
        if runs and match_key(_text(runs)) not in present and (not out or out[-1].kind != "heading"):
            out.append(Block("heading", merge_runs(replace(r, bold=False) for r in runs)))
        out.append(block)
    return out


_XML_ILLEGAL = lazy_re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def parse_html(text: str, name: str):
    """Parse decoded HTML into an lxml tree; :class:`InputError` for a page that is not HTML at all."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    # Control characters mean nothing in HTML (a parse error to browsers), and lxml refuses to write them back into
    # the tree (an <img src> holding one failed the whole page): they go before parsing, everywhere at once.
    text = _XML_ILLEGAL.sub("", text)
    try:
        # lxml refuses str input that still carries an XML encoding declaration (XHTML pages).
        tree = lxml.html.document_fromstring(_XML_DECL.sub("", text, count=1), parser=parser)
    except (lxml.etree.ParserError, ValueError) as err:
        raise InputError(f"is not a readable web page ({err})", subject=name) from None
    return tree


def read_html(data: bytes, info: SourceInfo, options: Options, *, url: Optional[str] = None,
              charset: Optional[str] = None) -> Article:
    """Read a news page: the story (headline, sapo, paragraphs, sub-headings, captions, byline) with its
    emphasis and links, and the page's author, date, publisher and canonical URL.

    ``url`` is where the page came from (resolves relative links); ``charset`` the HTTP header's. Raises
    :class:`InputError` for binary data or a page without an article (a home page, an error page).
    """
    name = info.path or url or "page"
    text, encoding, repairs = page_text(data, name, charset, options)
    tree = parse_html(text, name)
    if encoding in FONT_VIEW_ENCODINGS and names_legacy_font(text):
        repairs += convert_legacy_fonts(tree)
    styled_bold(tree)
    page = page_info(tree, url)
    strip_furniture(tree)
    split_double_breaks(tree)
    paragraph_divs(tree)
    related_lines(tree)
    prepare_page_images(tree)
    teasers = teaser_text(tree)
    # a home or section page: a column of teaser headlines, each a link
    listing = sum(1 for h in tree.iter("h2", "h3", "h4")
                  if h.find(".//a") is not None and len(h.text_content().strip()) > 20) >= 6
    field_of = _extract(tree, url, name)
    body = field_of("body")
    body = body if len(body) else None
    blocks = with_lost_captions(_with_subheadings(_arrange_around_photos(
        without_teaser_run(before_footer(body_blocks(body, page, url)), teasers) if body is not None else [], page),
        page), page)
    blocks = list(resolve_photos(blocks, url or info.path))
    if not _is_article(blocks, page, teasers, listing):
        raise InputError("no article found", subject=name,
                         hint="give the address of one article, not a home, section or error page")
    title = page.title or unescape(field_of("title"))
    date, date_from = (page.date, page.date_from) if page.date else fallback_date(tree, page.url or url or "")
    return Article(
        title=title,
        blocks=tuple(blocks),
        author=article_author(page, blocks, field_of("author")),
        date=date,
        source=page.source or outlet_name((), (), page.host or url or "", [field_of("sitename")])
        or field_of("hostname") or page.host,
        url=page.url,
        lang="vi",
        input=replace(info, encoding=encoding, repairs=tuple(info.repairs) + tuple(repairs), date_from=date_from),
    )


def _extract(tree, url: Optional[str], name: str) -> Callable[[str], Any]:
    """trafilatura's extraction of the page (imported here, on first use), as a function of a field's name."""
    import trafilatura

    try:
        # not favor_precision: it drops boxed notes that close a story (Người Lao Động's highlighted boxes);
        # the furniture rules above and in _arrange keep teasers, forms and tags out instead
        doc = trafilatura.bare_extraction(
            tree, url=url, favor_precision=False, include_comments=False, include_tables=True,
            include_images=True, include_formatting=True, include_links=True, with_metadata=True)
    except RecursionError:
        raise InputError("is nested too deeply to read", subject=name,
                         hint="save the article page again from a browser") from None

    def field_of(name: str) -> Any:  # trafilatura 2 answers an object, 1.x a dict
        value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
        return value if value is not None else ""

    return field_of


def _is_article(blocks: Sequence[Block], page: PageInfo, teasers: str, listing: bool) -> bool:
    """Whether the blocks tell a story: enough text, not mostly teaser summaries (a home or section page whatever
    its metadata says), not a column of teaser headlines unless the page tells a story of its own (sidebars of
    headline links do not make a page a listing)."""
    body_chars = sum(len(b.text) for b in blocks if b.kind in ("paragraph", "heading", "quote"))
    long_paragraphs = sum(len(b.text) >= 120 for b in blocks if b.kind == "paragraph")
    texts = [b.text for b in blocks if b.kind in ("lead", "paragraph", "heading", "quote")]
    teaser_chars = sum(len(t) for t in texts if match_key(t) in teasers)
    return not (body_chars < _MIN_BODY_CHARS or (page.is_article is not True and listing and long_paragraphs < 3)
                or teaser_chars > 0.5 * sum(map(len, texts)) or (page.is_article is False and long_paragraphs < 3))
