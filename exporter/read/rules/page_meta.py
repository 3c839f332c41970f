"""What a news page says about its article before any extraction, read from the parsed page (an lxml tree):
headline, description, author, date, publisher and canonical URL from its JSON-LD ``NewsArticle``, Open Graph
and ``<meta>`` tags, its sapo element, photo captions and byline paragraphs (:func:`page_info`). Outlets fill
their metadata carefully and trafilatura drops some of it: the VnExpress sapo (``p.description``) never
reaches its output, the Dân trí one comes back as a sub-heading. Imports nothing heavy.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple

from ...model import Inline
from ...text import lazy_re
from ...urls import join as join_url
from .outlet import outlet_name, page_host, site_host
from .page_bylines import bold_lines, class_emphasis_lines, name_under_headline
from .page_captions import unmarked_captions
from .page_datelines import iso_date, visible_date
from .page_parts import (
    credit_name,
    h2_under_headline,
    in_furniture,
    is_hidden,
    looks_like_name,
    marked_furniture,
    marks_author,
    name_case,
    story_subheadings,
)
from .page_runs import element_runs, lines_apart, match_key, unescape
from .page_sapo import (
    copies_first_paragraph,
    excerpt_of_page,
    whole_description,
    without_site_name,
    without_stray_spaces,
    without_title,
)

# a date line that dates an update, not the publication ("Cập nhật lúc …", "Sửa lúc …", "Updated …")
_UPDATE = lazy_re.compile(r"cập nhật|sửa lúc|chỉnh sửa|updated|modified", re.IGNORECASE)
# set to the right by its style (not "margin-right" or "padding-right", which only space a box)
_RIGHT_ALIGNED = lazy_re.compile(r"(?:text-align|float)\s*:\s*right", re.IGNORECASE)
_SAPO_CLASSES = {"description", "lead", "summary", "sapo", "chapeau", "intro", "article-summary", "excerpt"}
_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
                  "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting"}


@dataclass
class PageInfo:
    """What the page says about its article, gathered before extraction."""

    title: str = ""
    description: str = ""
    author: str = ""
    date: str = ""
    date_from: str = ""
    source: str = ""
    host: str = ""
    """The site's address: the page's canonical URL's host, else the host most of its links point to."""
    url: str = ""
    is_article: Optional[bool] = None
    sapo: Tuple[Inline, ...] = ()
    captions: Dict[str, Tuple[Inline, ...]] = field(default_factory=dict)
    figures: Dict[str, str] = field(default_factory=dict)
    bylines: set = field(default_factory=set)
    page_author: str = ""
    meta_author: str = ""
    titles: set = field(default_factory=set)
    subheadings: Dict[str, Tuple[Inline, ...]] = field(default_factory=dict)
    #: captions the page marks as such (figure markup, a caption class, its structured data) → the opening of
    #: the text that follows their photo ("" for the article's main photo): where a caption goes back when
    #: extraction dropped its photo box
    caption_places: Dict[str, str] = field(default_factory=dict)


def _json_ld(tree) -> List[dict]:
    objects: List[dict] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text, strict=False)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than Python's stack: not metadata
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
    return {k.lower() for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)}


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
    return [" ".join(unescape(n).split()) for n in names if n and n.strip() and not n.startswith("http")]


def _classes(el) -> List[str]:
    return (el.get("class") or "").lower().split()


def page_info(tree, url: Optional[str]) -> PageInfo:
    """Gather the page's metadata, its sapo element, photo captions and byline paragraphs."""
    info = PageInfo()
    metas, article, index = _metadata(tree)
    parts, headline = _headline(info, tree, metas, article)
    info.description = without_stray_spaces(unescape(whole_description(
        [metas.get("og:description"), article.get("description"), metas.get("twitter:description"),
         metas.get("description")])))
    people = _names(article.get("author"), index, people_only=True)
    info.author = ", ".join(dict.fromkeys(name_case(p) for p in people))
    _date(info, tree, metas, article, headline)
    _address_and_source(info, tree, metas, article, index, url, parts)
    og_type = metas.get("og:type", "").lower()
    if article or metas.get("article:published_time") or og_type == "article":
        info.is_article = True
    elif og_type:
        info.is_article = False
    sapo_candidates = _marked_elements(info, tree, url)
    info.bylines.update(match_key(text) for text in class_emphasis_lines(tree))
    info.bylines.update(match_key(text) for text in bold_lines(tree))
    if not info.page_author:
        info.page_author = name_under_headline(headline)
    # sub-headings of the story (h2-h4 followed by a paragraph of its text), by the opening of that paragraph:
    # trafilatura drops some (Báo Chính phủ's), and they are put back before their paragraph
    for heading, following in story_subheadings(tree):
        info.subheadings.setdefault(match_key(following)[:80], element_runs(heading, url))
    _unmarked_captions(info, tree, article, url)
    # article:author, or the recommendation widget's dable:author that Tuổi Trẻ fills with "NHẬT XUÂN;NGHI VŨ"
    meta_author = metas.get("article:author", "") or metas.get("dable:author", "")
    names = [name_case(credit_name(n, field=True)) for n in meta_author.split(";") if n.strip()]
    if names and all(looks_like_name(n) for n in names) and not meta_author.startswith("http"):
        info.meta_author = ", ".join(names)
    _sapo(info, tree, sapo_candidates, headline, url)
    return info


def _first(*values) -> str:
    return next((" ".join(str(v).split()) for v in values if isinstance(v, str) and v.strip()), "")


def _metadata(tree) -> Tuple[Dict[str, str], dict, Dict[str, dict]]:
    """The page's ``<meta>`` values by name (unescaped), its JSON-LD article object, and its JSON-LD objects by
    ``@id``."""
    metas: Dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if name and content and name not in metas:
            metas[name] = unescape(content)
    objects = _json_ld(tree)
    index = {str(o["@id"]): o for o in objects if "@id" in o}
    article = next((o for o in objects if _types(o) & _ARTICLE_TYPES), {})
    return metas, article, index


def _headline(info: PageInfo, tree, metas: Dict[str, str], article: dict) -> Tuple[List[str], Any]:
    """Set the page's headline and the texts that repeat it; return the parts of its ``<title>`` and the
    headline's element (None when the page shows none)."""
    # a headline hidden from the reader (display:none, hidden, aria-hidden: a copy for another layout, a
    # template left behind) is never the headline
    all_h1s = [h for h in tree.iter("h1") if " ".join(h.text_content().split())]
    shown_h1s = [h for h in all_h1s if not is_hidden(h)]
    page_title = tree.find(".//title")
    page_title = " ".join(page_title.text_content().split()) if page_title is not None else ""
    parts = re.split(r"\s+[|–—-]\s+", page_title) if page_title else []
    if not shown_h1s:
        # no h1 on the page: the h2 that gives the title the page states is its headline (themes that set the
        # story's headline one level down)
        stated = unescape(_first(article.get("headline"), metas.get("og:title"), metas.get("twitter:title"),
                                 page_title))
        h2s = [h for h in tree.iter("h2") if not is_hidden(h) and _overlap(h.text_content(), stated) >= 0.6]
        shown_h1s = all_h1s = sorted(h2s, key=lambda h: -_overlap(h.text_content(), stated))[:1]
    # an h1 that is the site's name (the part of the <title> after the headline, "… | Trang thông tin dành cho
    # giới trẻ - VnExpress iOne") is the masthead, not the headline
    site_names = {match_key(p) for p in parts[1:]} | {match_key(" - ".join(parts[i:])) for i in range(1, len(parts))}
    site_names |= {match_key(metas.get("og:site_name", ""))} - {""}
    headings = {match_key(e.text_content()) for e in tree.iter("h1", "h2", "h3", "h4")}
    # … when another part of the <title> is the page's heading: in "Teen9x News - 8/3 boy vào bếp …" the h1 that
    # repeats the part after the site's name is the headline
    masthead = {match_key(h.text_content()) for h in shown_h1s} & site_names
    if len(parts) >= 2 and any(match_key(p) in headings - masthead for p in parts):
        shown_h1s = [h for h in shown_h1s if match_key(h.text_content()) not in masthead]
    h1s = [unescape(" ".join(h.text_content().split())) for h in shown_h1s]
    # the <title>'s headline: its first part when the page shows it as a heading, else its longest part
    title_from_tag = parts[0] if parts and match_key(parts[0]) in headings else max(parts, key=len, default="")
    info.title = unescape(_first(article.get("headline"), metas.get("og:title"), metas.get("twitter:title"),
                                  metas.get("title"), *h1s, title_from_tag))
    # the headline the reader sees wins over a reworded one for search engines, when the two are one story
    seen_title = max(h1s, key=lambda h: _overlap(h, info.title), default="")
    if _overlap(seen_title, info.title) >= 0.6:
        info.title = unescape(seen_title)
    # … and when the title it gives for sharing says the same (a JSON-LD headline written for search is another)
    shared = {match_key(unescape(metas.get(name, ""))) for name in ("og:title", "twitter:title")} - {""}
    info.title = next((h for h in h1s if match_key(h) in shared), info.title)
    headline = next((h for h in shown_h1s if _overlap(" ".join(h.text_content().split()), info.title) >= 0.6),
                    shown_h1s[0] if shown_h1s else None)
    info.titles = {match_key(t) for t in (info.title, *h1s, metas.get("og:title", ""),
                                          *(" ".join(h.text_content().split()) for h in all_h1s)) if t}
    return parts, headline


def _date(info: PageInfo, tree, metas: Dict[str, str], article: dict, headline) -> None:
    """ISO 8601 as published (less the space some CMSs put before the offset, "…08:52:11.000 +07:00"), else the
    date line next to the headline ("07/03/2026 08:47"); never a date guessed from an address."""
    published = _first(article.get("datePublished"), metas.get("article:published_time"),
                       metas.get("datepublished"), metas.get("pubdate"), metas.get("publishdate"),
                       metas.get("dc.date.issued"), metas.get("date"))
    stated, (shown, line) = iso_date(unescape(published)), visible_date(tree, headline)
    # metadata that gives the day only yields to the date line that shows the same day with its time; metadata
    # giving another time yields to the date line the reader sees (it may be when the story was filed), unless
    # that line dates an update
    if shown and len(stated) == 10 and shown.startswith(stated) or \
            "T" in shown and "T" in stated and stated[:16] != shown[:16] and not _UPDATE.search(line):
        info.date = shown
    else:
        info.date = stated or shown
    info.date_from = "" if not info.date else "metadata" if info.date == stated else "date line"


def _address_and_source(info: PageInfo, tree, metas: Dict[str, str], article: dict, index: Dict[str, dict],
                        url: Optional[str], parts: List[str]) -> None:
    """The page's canonical address, its host, and the outlet's name."""
    canonical = next((link.get("href") for link in tree.iter("link")
                      if "canonical" in (link.get("rel") or "").lower().split() and link.get("href")), None)
    entity = article.get("mainEntityOfPage")
    entity = entity.get("@id") if isinstance(entity, dict) else entity
    found = _first(canonical, metas.get("og:url"), article.get("url"), entity)
    info.url = join_url(url, found) if url and found else found or (url or "")
    info.host = site_host(info.url) or page_host(tree)
    # the <title>'s parts that are not its headline ("Teen9x News - …", "… | Thanh Niên Online")
    tails = [unescape(p) for p in parts if _overlap(p, info.title) < 0.6]
    info.description = without_site_name(info.description, [*tails, metas.get("og:site_name", "")])
    info.source = outlet_name([*_names(article.get("publisher"), index), metas.get("og:site_name", ""),
                               metas.get("application-name", "")], tails, info.host)


def _marked_elements(info: PageInfo, tree, url: Optional[str]) -> List[Any]:
    """What the page marks by class, style or role: captions, byline paragraphs, the author's element; return the
    elements marked as the sapo (not those of teaser lists and related-story boxes)."""
    sapo_candidates = []
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        classes = _classes(el)
        if (tag == "figcaption" or (tag not in ("figure", "table") and any("caption" in c for c in classes)
                                    and el.find(".//img") is None)) and not marked_furniture(el):
            # (a tooltip that "has-caption" is no photo's caption; only the element's own marks are asked: a story's
            # wrapper may carry such a word and hold every real caption)
            holder = next(el.iterancestors("figure"), el.getparent())
            holder = holder if holder is not None else el
            runs = element_runs(lines_apart(el), url)
            _add_caption(info, runs, holder.iter("img", "amp-img"), url)
            # keyed as the caption is, by its runs: a line break reads as a space there, not in text_content()
            key = match_key("".join(r.text for r in runs))
            if key not in info.caption_places:
                info.caption_places[key] = following_text(holder)
        elif tag in ("p", "div", "h2", "span", "strong") and (
                any("sapo" in c for c in classes + [(el.get("id") or "").lower()]) or set(classes) & _SAPO_CLASSES
                or (el.get("data-slot") or el.get("data-role") or "").lower() in ("sapo", "lead", "summary")):
            if el.xpath("ancestor::a|ancestor::figure|ancestor::li") or in_furniture(el) or _after_teaser_link(el):
                continue  # teaser lists and related-story boxes carry their own "sapo"s
            sapo_candidates.append(el)
        if tag in ("p", "div") and (_RIGHT_ALIGNED.search(el.get("style") or "")
                                     or (el.get("align") or "").strip().lower() == "right"
                                     or any("author" in c or "byline" in c for c in classes)):
            text = " ".join(el.text_content().split())
            if 0 < len(text) <= 100:
                # as extraction gives it too, its line breaks read as spaces ("Tâm Giao<br>Ảnh: …")
                info.bylines.update((match_key(text), match_key("".join(r.text for r in element_runs(el)))))
        if not info.page_author and marks_author(el, classes):
            text = " ".join(el.text_content().split()).strip(" -–|,")
            text = text if looks_like_name(text) else _first_line(el)
            text = _linked_name(el, text) or text
            # never a name in a list, a photo, the footer or a box of readers' comments
            if looks_like_name(text) and not el.xpath("ancestor::li|ancestor::figure|ancestor::footer") \
                    and not in_furniture(el):
                info.page_author = text
    return sapo_candidates


_LINE_TAGS = ("div", "p", "a", "span", "strong", "b", "h3", "h4", "h5")
_LINE_BLOCKS = ".//div|.//p|.//li|.//h3|.//h4|.//h5|.//br"
# the count a profile link gives after the author's name, of the posts written: "Nguyễn Thiện (37)"
_POST_COUNT = lazy_re.compile(r"\s*\(\d+\)$")


def _linked_name(box, text: str) -> str:
    """The name an author's box links to the writer's page with, when the box says more than it (the writer's title
    beside the link: ``<a href="…/tac-gia/…">Nguyễn Lân Hiếu</a><span>Bác sĩ</span>``, an e-mail, a post count):
    one link (e-mail links aside) whose text is a name, every word capitalised."""
    links = [a for a in box.iter("a") if not (a.get("href") or "mailto:").startswith("mailto:")]
    if len({a.get("href") for a in links}) != 1:
        return ""
    name = next((n for n in (" ".join(a.text_content().split()) for a in links) if n), "")
    return name if looks_like_name(name) and len(name) < len(text) and \
        all(word[0].isupper() for word in name.split()) else ""


def _first_line(box) -> str:
    """The first line of an author's box that holds more than the name (the name, then a job line and the time):
    the text of its first element with no line of its own inside, less a count of posts after it; nothing when
    the box links to several pages (several authors' profiles: the first line names one of them only)."""
    if len({a.get("href") for a in box.iter("a") if not (a.get("href") or "mailto:").startswith("mailto:")}) > 1:
        return ""
    line = next((el for el in box.iter(*_LINE_TAGS) if el is not box and el.text_content().strip()
                 and not el.xpath(_LINE_BLOCKS)), None)
    return _POST_COUNT.sub("", " ".join(line.text_content().split())) if line is not None else ""


def _unmarked_captions(info: PageInfo, tree, article: dict, url: Optional[str]) -> None:
    # captions nobody marked (lines under photos, photo tables), none in a photo story
    for runs, img in unmarked_captions(tree, url):
        _add_caption(info, runs, (img,) if img is not None else (), url)
    # the main photo's caption in the structured data (ImageObject.caption)
    images = article.get("image")
    for image in images if isinstance(images, list) else [images]:
        caption = image.get("caption") if isinstance(image, dict) else None
        # a caption that only repeats the headline or the description (as some CMSs fill it) is none
        if isinstance(caption, str) and caption.strip() and match_key(unescape(caption)) not in \
                info.titles | {match_key(info.description)}:
            caption = unescape(caption)
            _add_caption(info, (Inline(" ".join(caption.split())),), (), url)
            info.caption_places.setdefault(match_key(caption), "")


def _sapo(info: PageInfo, tree, sapo_candidates: List[Any], headline, url: Optional[str]) -> None:
    """The sapo: the marked element the description begins (or one marked ``sapo``), else an h2 or h3 right under
    the headline, else the description."""
    description_key = match_key(info.description)
    best = None
    for el in sapo_candidates:
        text_key = match_key(el.text_content())
        if len(text_key) < 20:
            continue
        if description_key and (text_key.startswith(description_key[:60]) or description_key.startswith(text_key)):
            best = el
            break
        marks = " ".join(_classes(el) + [(el.get("id") or "").lower(), (el.get("data-role") or "").lower()])
        if best is None and ("sapo" in marks or el.get("data-slot")):
            best = el
    if best is None:
        # no element marked as the sapo: an h2 or h3 right under the headline is one (VTV, Báo Chính phủ's
        # portals), whatever the description says
        best = h2_under_headline(headline)
    excerpt = False
    if best is None:
        # a description the CMS cut from the page's opening text is no sapo; the text it was cut from is, when the
        # page sets that apart in bold
        excerpt, best = excerpt_of_page(info.description, next(tree.iter("body"), None))
    if best is not None:
        info.sapo = without_title(element_runs(best, url), info.titles)
    elif len(info.description) >= 20 and info.is_article is not False and not _hook(info.description, headline) \
            and not copies_first_paragraph(info.description, next(tree.iter("body"), None)) \
            and description_key not in info.titles and not excerpt:
        # a description that only repeats the headline is no sapo, nor one that copies the story's first paragraph
        info.sapo = without_title((Inline(info.description),), info.titles)


def _hook(description: str, headline) -> bool:
    """True for a description that is a teaser's hook, not the story's summary: an exclamation or a question
    ("Hãy làm cho phe áo dài … đi các bồ!") that the page does not show."""
    if not description.rstrip(" .…\"”'").endswith(("!", "?")):
        return False
    body = next(headline.iterancestors("body"), None) if headline is not None else None
    return body is None or match_key(description)[:60] not in match_key(" ".join(body.itertext()))


def _add_caption(info: PageInfo, runs: Tuple[Inline, ...], images, url: Optional[str]) -> None:
    """Record a photo caption, with the photos it belongs to by address and by alt text (trafilatura keeps
    both, and sometimes only part of the caption)."""
    key = match_key("".join(r.text for r in runs))
    if not 0 < len(key) <= 600:
        return
    info.captions.setdefault(key, runs)
    for img in images:
        for value in (img.get("src"), img.get("data-src"), img.get("data-original")):
            if value and not value.startswith("data:"):
                value = join_url(url, value) if url else value
                # a lazy-loading placeholder shared by several photos identifies none of them
                info.figures[value] = key if info.figures.get(value, key) == key else ""
        if img.get("alt"):
            info.figures.setdefault(match_key(img.get("alt")), key)


def _after_teaser_link(el) -> bool:
    """True for an element right after a teaser's headline: a link, or a heading that is one."""
    before = el.getprevious()
    return before is not None and isinstance(before.tag, str) and (
        before.tag == "a" or before.tag in ("h2", "h3", "h4", "h5") and before.find(".//a") is not None
        and len(" ".join(before.text_content().split())) > 0)


def following_text(el) -> str:
    """The opening (as a match key) of the first paragraph after ``el`` in the page: a ``p``, a heading, or a
    ``div`` holding no other block, of 60 characters or more, that is not inside ``el``."""
    after = (node for holder in (el, *el.iterancestors()) for sibling in holder.itersiblings()
             for node in sibling.iter())  # what follows el in the page, in document order
    for node in after:
        if not isinstance(node.tag, str) or node.tag not in _TEXT_BLOCKS or \
                (node.tag in ("div", "td") and node.find(".//p") is not None or node.find(".//div") is not None):
            continue
        text = match_key(node.text_content())
        if len(text) >= 60:
            return text[:80]
    return ""


_TEXT_BLOCKS = ("p", "h2", "h3", "h4", "div", "td", "li")
def _overlap(a: str, b: str) -> float:
    """Share of the words two titles have in common (Jaccard), case and punctuation ignored."""
    wa, wb = set(re.findall(r"\w+", a.casefold())), set(re.findall(r"\w+", b.casefold()))
    return len(wa & wb) / len(wa | wb) if wa and wb else 0.0
