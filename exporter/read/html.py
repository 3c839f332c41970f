"""News pages (saved ``.html`` files and fetched URLs) → :class:`~exporter.model.Article`.

The body comes from trafilatura (imported on first use); headline, lead (sapo), author, date, publisher and
canonical URL come from the page's own metadata first (JSON-LD ``NewsArticle``, Open Graph, ``<meta>``), because
outlets fill those carefully and trafilatura drops some of them: the VnExpress sapo (``p.description``) never
reaches its output, the Dân trí one comes back as a sub-heading.
"""
from __future__ import annotations

import codecs
import html as html_entities
import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Dict, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import urljoin

from ..errors import InputError
from ..model import Article, Block, Inline, SourceInfo
from ..options import Options

log = logging.getLogger(__name__)

# Encoding labels as the WHATWG Encoding Standard (§4.2, "Names and labels") resolves them, notably every
# Latin-1/ASCII label meaning windows-1252 on the web; names as exporter.read.encoding spells them. Other labels
# (viscii, tcvn3, vni …) go to exporter.read.encoding.
_LABELS = {
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"),
                    "utf-8"),
    **dict.fromkeys(("ascii", "us-ascii", "ansi_x3.4-1968", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1",
                     "l1", "cp1252", "windows-1252", "x-cp1252", "cp819", "ibm819", "iso-ir-100"), "windows-1252"),
    **dict.fromkeys(("windows-1258", "cp1258", "x-cp1258"), "windows-1258"),
    **dict.fromkeys(("utf-16", "utf-16le"), "utf-16-le"),
    "utf-16be": "utf-16-be",
}
_CODECS = {"windows-1252": "cp1252", "windows-1258": "cp1258"}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"))
_META_CHARSET = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
# Entities left in text by a CMS that escaped twice ("C&amp;ocirc;ng" shows as "C&ocirc;ng").
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")

# Class/id fragments of page furniture that trafilatura's own lists miss (they are Vietnamese, or recent):
# related-article teasers ("tin liên quan", "xem thêm", "đọc thêm", "tin khác", "cùng chuyên mục"), most-read
# lists ("đọc nhiều"), login prompts ("đăng nhập"), newsletter and paywall boxes, ads ("quảng cáo").
_FURNITURE = re.compile(
    r"related|relate|lien-?quan|xem-?them|doc-?them|tin-?khac|cung-?chuyen-?muc|readmore|read-more|see-?also|"
    r"newsletter|subscri|dang-?ky|login|signin|sign-in|dang-?nhap|most-?read|doc-?nhieu|paywall|quang-?cao|"
    r"advert", re.IGNORECASE)
# Paragraph openings that mark the same furniture inside the article body.
_FURNITURE_TEXT = re.compile(
    r"^\W*(?:xem thêm|xem tiếp|đọc thêm|đọc tiếp|tin liên quan|bài liên quan|bài viết liên quan|tin cùng chuyên mục|"
    r"có thể bạn quan tâm|bạn có thể quan tâm|mời (?:quý )?(?:bạn đọc|độc giả)|đăng nhập|đăng ký nhận|"
    r"quảng cáo$|advertisement$|bình luận\W*\(?\d*\)?$|chia sẻ$|theo dõi .{0,60}(?:google news|facebook|zalo|youtube|"
    r"tiktok)|tải ứng dụng|read more|related)", re.IGNORECASE)
_SAPO_CLASSES = {"description", "lead", "summary", "sapo", "chapeau", "intro", "article-summary", "excerpt"}
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                  "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting"}
_END_PUNCT = (".", ",", ";", ":", "!", "?", "…")
_MIN_BODY_CHARS = 200


def decode_html(data: bytes, *, name: str, charset: Optional[str] = None,
                forced: Optional[str] = None) -> Tuple[str, str, Tuple[str, ...]]:
    """Decode a page; return ``(text, encoding, repairs)``.

    Order of the WHATWG HTML standard (§13.2.3, "Determining the character encoding"): ``forced`` (the user's
    ``--encoding``), then a byte order mark, then ``charset`` (the HTTP header), then a ``<meta charset>`` or
    ``http-equiv`` declaration, else detection by :func:`exporter.read.encoding.decode_bytes`. A declared
    charset that does not decode the bytes is ignored, with a note in the repairs.
    """
    if forced:
        from .encoding import decode_bytes

        decoded = decode_bytes(data, name=name, forced=forced)
        return decoded.text, decoded.encoding, tuple(decoded.repairs)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace").lstrip("\ufeff"), label, ()
    from ..errors import UsageError
    from .encoding import decode_bytes

    repairs: List[str] = []
    meta = _META_CHARSET.search(data[:65536])
    declared = [(charset, "HTTP header")] if charset else []
    if meta:
        declared.append((meta.group(1).decode("ascii", "replace"), "<meta> tag"))
    for label, where in declared:
        label = label.strip().strip("\"'").lower()
        encoding = _LABELS.get(label)
        if where == "<meta> tag" and encoding and encoding.startswith("utf-16"):
            encoding = "utf-8"  # a meta tag read as ASCII cannot be UTF-16 (WHATWG §13.2.3.2, step 12)
        try:
            if encoding is None:  # a Vietnamese legacy label (viscii, tcvn3 …), or unknown
                decoded = decode_bytes(data, name=name, forced=label)
                return decoded.text, decoded.encoding, tuple(repairs)
            text = data.decode(_CODECS.get(encoding, encoding))
            # Windows-1258 stores tones as combining marks: compose them as every other path does
            return unicodedata.normalize("NFC", text), encoding, tuple(repairs)
        except UsageError:
            repairs.append(f"unknown charset {label!r} in the {where} ignored")
        except (UnicodeDecodeError, InputError):
            repairs.append(f"charset {label!r} declared in the {where} does not match the bytes; detected instead")
            log.warning("%s: %s", name, repairs[-1])
    decoded = decode_bytes(data, name=name)
    return decoded.text, decoded.encoding, tuple(repairs) + tuple(decoded.repairs)


def _key(text: str) -> str:
    """Comparison key: case, whitespace and trailing dots or ellipses ignored."""
    return " ".join(text.split()).casefold().rstrip(".…").strip()


def _unescape(text: str) -> str:
    return html_entities.unescape(text) if _ENTITY.search(text) else text


def _merge(runs: Iterable[Inline]) -> Tuple[Inline, ...]:
    """Join neighbouring runs of the same emphasis and trim the block's outer white space."""
    out: List[Inline] = []
    for run in runs:
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


def element_runs(root, base: Optional[str] = None) -> Tuple[Inline, ...]:
    """The text of an element (HTML, or trafilatura's XML: ``hi rend="#b"``, ``ref target``, ``lb``) as runs of
    inline emphasis. Iterative: deep nesting cannot exhaust the stack."""
    runs: List[Inline] = []
    # Each entry: (element, bold, italic, href); the tail of an element is added after its subtree.
    stack: List[tuple] = [("enter", root, False, False, None)]
    while stack:
        action, el, bold, italic, href = stack.pop()
        if action == "text":
            runs.append(Inline(_unescape(el), bold, italic, href))
            continue
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if el is not root and tag in _SKIP_TAGS:
            continue
        rend = (el.get("rend") or "") if tag == "hi" else ""
        bold = bold or tag in _BOLD_TAGS or "#b" in rend
        italic = italic or tag in _ITALIC_TAGS or "#i" in rend
        target = el.get("target") if tag == "ref" else el.get("href") if tag == "a" else None
        if target and not target.startswith(("#", "javascript:")):
            href = urljoin(base, target) if base else target
        if tag in ("lb", "br"):
            runs.append(Inline(" ", bold, italic, href))
        pending = [("text", el.text, bold, italic, href)] if el.text and tag else []
        for child in el:
            pending.append(("enter", child, bold, italic, href))
            if child.tail:
                # the tail belongs to the parent's emphasis, not the child's
                pending.append(("text", child.tail, bold, italic, href))
        stack.extend(reversed(pending))
    return _merge(runs)


@dataclass
class PageInfo:
    """What the page says about its article, gathered before extraction."""

    title: str = ""
    description: str = ""
    author: str = ""
    date: str = ""
    source: str = ""
    url: str = ""
    is_article: Optional[bool] = None
    sapo: Tuple[Inline, ...] = ()
    captions: Dict[str, Tuple[Inline, ...]] = field(default_factory=dict)
    figures: Dict[str, str] = field(default_factory=dict)
    bylines: set = field(default_factory=set)
    titles: set = field(default_factory=set)


def _json_ld(tree) -> List[dict]:
    objects: List[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except ValueError:
            continue
        pending = [data]
        while pending:
            item = pending.pop()
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    pending.extend(item["@graph"])
    return objects


def _types(obj: dict) -> set:
    kinds = obj.get("@type") or ()
    return {str(k).lower() for k in ([kinds] if isinstance(kinds, str) else kinds)}


def _names(value, index: Dict[str, dict], *, people_only: bool = False) -> List[str]:
    """Names in a JSON-LD author/publisher value (a string, an object, an ``@id`` reference or a list)."""
    values = value if isinstance(value, list) else [value]
    names = []
    for item in values:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            item = index.get(str(item.get("@id")), item) if "name" not in item else item
            if people_only and "organization" in " ".join(_types(item)):
                continue
            if isinstance(item.get("name"), str):
                names.append(item["name"])
    return [" ".join(n.split()) for n in names if n and n.strip() and not n.startswith("http")]


def _classes(el) -> List[str]:
    return (el.get("class") or "").lower().split()


def page_info(tree, url: Optional[str]) -> PageInfo:
    """Gather the page's metadata, its sapo element, photo captions and byline paragraphs."""
    info = PageInfo()
    metas: Dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if name and content and name not in metas:
            metas[name] = _unescape(content)
    objects = _json_ld(tree)
    index = {str(o["@id"]): o for o in objects if "@id" in o}
    article = next((o for o in objects if _types(o) & _ARTICLE_TYPES), {})

    def first(*values) -> str:
        return next((" ".join(str(v).split()) for v in values if isinstance(v, str) and v.strip()), "")

    h1s = [" ".join(h.text_content().split()) for h in tree.iter("h1")]
    page_title = tree.find(".//title")
    page_title = " ".join(page_title.text_content().split()) if page_title is not None else ""
    title_from_tag = max(re.split(r"\s+[|–—-]\s+", page_title), key=len) if page_title else ""
    info.title = _unescape(first(article.get("headline"), metas.get("og:title"), metas.get("twitter:title"),
                                 metas.get("title"), *h1s, title_from_tag))
    info.titles = {_key(t) for t in (info.title, *h1s, metas.get("og:title", "")) if t}
    info.description = _unescape(first(metas.get("og:description"), article.get("description"),
                                       metas.get("twitter:description"), metas.get("description")))
    people = _names(article.get("author"), index, people_only=True)
    info.author = ", ".join(dict.fromkeys(people))
    info.date = first(article.get("datePublished"), metas.get("article:published_time"),
                      metas.get("datepublished"), metas.get("pubdate"), metas.get("publishdate"),
                      metas.get("dc.date.issued"), metas.get("date"))
    info.source = first(*_names(article.get("publisher"), index), metas.get("og:site_name"),
                        metas.get("application-name"))
    canonical = next((link.get("href") for link in tree.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")), None)
    entity = article.get("mainEntityOfPage")
    entity = entity.get("@id") if isinstance(entity, dict) else entity
    found = first(canonical, metas.get("og:url"), article.get("url"), entity)
    info.url = urljoin(url, found) if url and found else found or (url or "")
    og_type = metas.get("og:type", "").lower()
    if article or metas.get("article:published_time") or og_type == "article":
        info.is_article = True
    elif og_type:
        info.is_article = False

    description_key = _key(info.description)
    sapo_candidates = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        classes = _classes(el)
        if tag == "figcaption" or (tag not in ("figure", "table") and any("caption" in c for c in classes)
                                   and el.find(".//img") is None):
            runs = element_runs(el, url)
            key = _key("".join(r.text for r in runs))
            if 0 < len(key) <= 600:
                info.captions.setdefault(key, runs)
                # the photo it belongs to, by address and by alt text (trafilatura keeps both, and sometimes
                # only part of the caption)
                holder = next(el.iterancestors("figure"), el.getparent())
                for img in holder.iter("img") if holder is not None else ():
                    for value in (img.get("src"), img.get("data-src"), img.get("data-original")):
                        if value and not value.startswith("data:"):
                            value = urljoin(url, value) if url else value
                            # a lazy-loading placeholder shared by several photos identifies none of them
                            info.figures[value] = key if info.figures.get(value, key) == key else ""
                    if img.get("alt"):
                        info.figures.setdefault(_key(img.get("alt")), key)
        elif tag in ("p", "div", "h2", "span", "strong") and (
                any("sapo" in c for c in classes) or set(classes) & _SAPO_CLASSES
                or (el.get("data-slot") or el.get("data-role") or "").lower() in ("sapo", "lead", "summary")):
            if el.xpath("ancestor::a|ancestor::figure|ancestor::li"):
                continue  # teaser lists carry their own "sapo" links
            sapo_candidates.append(el)
        if tag in ("p", "div") and ("right" in (el.get("style") or "").replace(" ", "").lower()
                                     or any("author" in c or "byline" in c for c in classes)):
            text = " ".join(el.text_content().split())
            if 0 < len(text) <= 100:
                info.bylines.add(_key(text))
    best = None
    for el in sapo_candidates:
        text_key = _key(el.text_content())
        if len(text_key) < 20:
            continue
        if description_key and (text_key.startswith(description_key[:60]) or description_key.startswith(text_key)):
            best = el
            break
        if best is None and ("sapo" in " ".join(_classes(el)) or el.get("data-slot")):
            best = el
    if best is not None:
        info.sapo = element_runs(best, url)
    elif len(info.description) >= 20 and info.is_article is not False:
        info.sapo = (Inline(info.description),)
    return info


def _strip_furniture(tree) -> None:
    """Remove teaser, login, newsletter, comment and share boxes the page marks by class or id, never an
    element that holds the headline or most of the page's text."""
    body = tree.find(".//body")
    total = len(body.text_content()) if body is not None else 0
    doomed = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "head", "body", "h1"):
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("data-component-type"),
                                       el.get("data-content-name"))))
        if marks and _FURNITURE.search(marks):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is None or el.find(".//h1") is not None:
            continue
        # a wrapper of the story itself ("article-body subscriber-only") holds most of the text or several long
        # paragraphs; a teaser box does not
        if (total and len(el.text_content()) > 0.4 * total) or \
                sum(len(p.text_content()) >= 150 for p in el.iter("p")) >= 4:
            continue
        el.drop_tree()


def _is_furniture(block: Block) -> bool:
    text = block.text
    if len(text) <= 300 and _FURNITURE_TEXT.match(text):
        return True
    # A paragraph that is nothing but one link is a teaser ("Giá vàng tăng 500.000 đồng/lượng").
    return len(text) <= 200 and all(r.href for r in block.runs if r.text.strip())


def _looks_like_heading(runs: Sequence[Inline], text: str) -> bool:
    return (len(text) <= 150 and not text.endswith(_END_PUNCT)
            and all(r.bold for r in runs if r.text.strip()))


def _looks_like_byline(block: Block, info: PageInfo) -> bool:
    text = block.text
    if not text or len(text) > 80 or len(text.split()) > 10 or text.endswith(_END_PUNCT):
        return False
    if _key(text) in info.bylines or (info.author and _key(info.author) in _key(text)):
        return True
    return all(r.bold or r.italic for r in block.runs if r.text.strip())


def _same(a: str, b: str) -> bool:
    """True when two texts are the same passage (one may be cut short, as meta descriptions are)."""
    a, b = _key(a), _key(b)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    return long_.startswith(short) and len(short) >= 0.8 * len(long_)


def body_blocks(body, info: PageInfo, url: Optional[str]) -> List[Block]:
    """Turn trafilatura's body (``p``, ``head``, ``quote``, ``list``, ``table``, ``graphic``) into blocks."""
    blocks: List[Block] = []
    shown = ""  # key of the caption just emitted for a photo
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "graphic":
            alt = _key(el.get("alt") or el.get("title") or "")
            src = el.get("src") or ""
            shown = info.figures.get(alt) or (alt if alt in info.captions else "") or \
                info.figures.get(urljoin(url, src) if url else src, "")
            if shown:
                blocks.append(Block("caption", info.captions[shown]))
            continue
        if tag == "list":
            items = [Block("paragraph", element_runs(item, url)) for item in el.iter("item")]
            blocks.extend(b for b in items if b.runs)
            continue
        if tag == "table":
            for row in el.iter("row"):
                cells = [" ".join("".join(r.text for r in element_runs(c, url)).split()) for c in row]
                if any(cells):
                    blocks.append(Block.plain("paragraph", " | ".join(cells)))
            continue
        runs = element_runs(el, url)
        text = "".join(r.text for r in runs)
        if not text:
            continue
        key = _key(text)
        if shown and key in shown:
            pass  # the caption (or the part of it trafilatura kept) already emitted with its photo
        elif key in info.captions:
            blocks.append(Block("caption", runs))
        elif tag == "head":
            blocks.append(Block("heading", runs))
        elif tag == "quote":
            blocks.append(Block("quote", runs))
        elif _looks_like_heading(runs, text):
            # a paragraph all in bold is a sub-heading; the heading style carries the weight
            blocks.append(Block("heading", _merge(replace(r, bold=False) for r in runs)))
        else:
            blocks.append(Block("paragraph", runs))
        shown = ""
    return blocks


def _arrange(blocks: List[Block], info: PageInfo) -> List[Block]:
    """Drop furniture and the repeated headline, put the sapo first (once), mark the byline."""
    kept = [b for b in blocks if not _is_furniture(b)]
    while kept and kept[0].kind in ("heading", "paragraph") and _key(kept[0].text) in info.titles:
        kept.pop(0)
    lead = Block("lead", info.sapo) if info.sapo else None
    if lead is not None:
        twin = next((i for i, b in enumerate(kept[:3]) if b.kind != "caption" and _same(b.text, lead.text)), None)
        if twin is not None:
            # trafilatura kept the sapo (maybe as a sub-heading): use the fuller of the two, in the lead's place
            longer = kept[twin] if len(kept[twin].text) > len(lead.text) else lead
            kept.pop(twin)
            lead = Block("lead", longer.runs)
        elif any(_key(lead.text) in _key(b.text) for b in kept[:3]):
            lead = None  # the description only repeats the opening of the first paragraph
        if lead is not None:
            kept.insert(0, lead)
    if len(kept) > 2 and kept[-1].kind in ("paragraph", "heading") and _looks_like_byline(kept[-1], info):
        kept[-1] = Block("byline", kept[-1].runs)
    return kept


def _author(info: PageInfo, blocks: Sequence[Block], fallback: str) -> str:
    if info.author:
        return info.author
    byline = next((b.text for b in blocks if b.kind == "byline"), "")
    if byline:
        return re.sub(r"\s*\([^)]*\)\s*$", "", byline).strip()
    site = _key(info.source)
    names = [n.strip() for n in re.split(r";|,", fallback or "") if n.strip()]
    return ", ".join(n for n in names if _key(n) not in site and site not in _key(n))


def parse_html(text: str, name: str):
    """Parse decoded HTML into an lxml tree; :class:`InputError` for a page that is not HTML at all."""
    import lxml.etree
    import lxml.html

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
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
    if not data.strip():
        raise InputError("is empty", subject=name, hint="give a saved article page")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError("is binary data, not a web page", subject=name, hint="give a saved article page")
    text, encoding, repairs = decode_html(data, name=name, charset=charset, forced=options.encoding)
    tree = parse_html(text, name)
    page = page_info(tree, url)
    _strip_furniture(tree)
    # a home or section page: a column of teaser headlines, each a link
    listing = sum(1 for h in tree.iter("h2", "h3", "h4")
                  if h.find(".//a") is not None and len(h.text_content().strip()) > 20) >= 6
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            tree, url=url, favor_precision=True, include_comments=False, include_tables=True,
            include_images=True, include_formatting=True, include_links=True, with_metadata=True)
    except RecursionError:
        raise InputError("is nested too deeply to read", subject=name,
                         hint="save the article page again from a browser") from None
    def field_of(name: str) -> str:  # trafilatura 2 answers an object, 1.x a dict
        value = doc.get(name) if isinstance(doc, dict) else getattr(doc, name, None)
        return value if value is not None else ""

    body = field_of("body")
    body = body if len(body) else None
    blocks = _arrange(body_blocks(body, page, url) if body is not None else [], page)
    body_chars = sum(len(b.text) for b in blocks if b.kind in ("paragraph", "heading", "quote"))
    long_paragraphs = sum(len(b.text) >= 120 for b in blocks if b.kind == "paragraph")
    if body_chars < _MIN_BODY_CHARS or (page.is_article is not True and listing) or \
            (page.is_article is False and long_paragraphs < 3):
        raise InputError("no article found", subject=name,
                         hint="give the address of one article, not a home, section or error page")
    title = page.title or _unescape(field_of("title"))
    return Article(
        title=title,
        blocks=tuple(blocks),
        author=_author(page, blocks, field_of("author")),
        date=page.date or field_of("date"),
        source=page.source or field_of("sitename") or field_of("hostname"),
        url=page.url,
        lang="vi",
        input=replace(info, encoding=encoding, repairs=tuple(info.repairs) + tuple(repairs)),
    )
