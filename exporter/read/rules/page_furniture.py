"""Page furniture: what a news page shows around its article and a brief must not keep (menus, search boxes,
forms, hidden boxes, teaser lists, login and newsletter boxes, masthead and licence lines), found in the parsed
page before extraction (:func:`strip_furniture`, :func:`teaser_text`) and in the extracted blocks
(:func:`is_furniture`). Imports nothing heavy; :mod:`exporter.read.parse.html` uses it.
"""
from __future__ import annotations

import re
from itertools import takewhile
from typing import List

from ...model import Block
from ...text import lazy_re
from .page_parts import FURNITURE, is_hidden
from .page_runs import match_key

# Elements that are page furniture whatever their class: menus, search boxes and forms.
_FURNITURE_TAGS = ("nav", "form", "select", "button", "input", "textarea")
# Paragraph openings that mark the same furniture inside the article body.
_FURNITURE_TEXT = lazy_re.compile(
    r"^\W*(?:xem thêm|xem tiếp|đọc thêm|đọc tiếp|tin liên quan|bài liên quan|bài viết liên quan|"
    r"(?:tin )?cùng chuyên mục|có thể bạn quan tâm|bạn có thể quan tâm|mời (?:quý )?(?:bạn đọc|độc giả)|"
    r"mời (?:bạn )?(?:đọc|xem) (?:thêm|tiếp)|"
    r"đăng nhập|đăng ký nhận|"
    r"quảng cáo$|advertisement$|bình luận\W*\(?\d*\)?$|(?:gửi|viết) bình luận|bình luận bài viết|từ khó[aá]\W*$|"
    r"tags?:|copy link|chia sẻ$|theo dõi .{0,60}(?:google news|facebook|zalo|youtube|tiktok)|tải ứng dụng|"
    r"read more|related|các (?:bài|tin) đã đăng|tin (?:khác|mới)$|(?:tin |bài )?(?:xem|đọc) nhiều nhất|"
    r"(?:quay lại|trở về|trở lại|về đầu trang)\W*$|"
    # the masthead and licence lines of a page's footer
    r"(?:phó )?tổng biên tập\b|giấy phép\b[^:\d\n]{0,40}?(?:số)?\s*:?\s*\d|"
    # a ticker of the latest headlines ("MỚI CẬP NHẬT: …", "Tin nóng: …")
    r"(?:tin )?mới cập nhật\s*:|tin (?:nóng|mới nhất|vắn)\s*:|"
    r"cơ quan chủ quản|©|copyright|bản quyền (?:thuộc|của)|ghi rõ nguồn|chịu trách nhiệm (?:xuất bản|nội dung))",
    re.IGNORECASE)
# The first line of a page's footer: a masthead role or the newsroom's address given after a colon ("Tổng biên tập:
# …", "Thư ký tòa soạn: …", "Tòa soạn: Số 35 …"), the publisher ("Cơ quan chủ quản …"), the licence ("Giấy phép
# … số: 2302/GP-BTTTT").
_FOOTER = lazy_re.compile(r"^\W*(?:(?:phó )?(?:tổng biên tập|thư ký to[àa] soạn)\s*:|(?:địa chỉ )?to[àa] soạn\s*:|"
                          r"cơ quan chủ quản\b|giấy phép\b[^:\d\n]{0,40}?(?:số)?\s*:?\s*\d)", re.IGNORECASE)
# A teaser that ends in its age ("Giá vàng tăng mạnh (8 giờ trước)", "… 15 phút trước").
_TEASER_AGE = lazy_re.compile(r"\(?\s*\d+\s*(?:giây|phút|giờ|ngày|tuần|tháng)\s+trước\s*\)?\s*$", re.IGNORECASE)
# A teaser that ends in its day ("Walmart cạnh tranh trực tiếp với Amazon (21/12)"), its text a link.
_TEASER_DAY = lazy_re.compile(r"\(\s*\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?\s*\)\s*$")
# A teaser's stamp, its time and day ("Sở hữu làn mi dài và dày 08:00 | 20/12/2012"): a line ending in one, or a
# run of such teasers that extraction joined into one paragraph (a stamp every 120 characters or less).
_TEASER_STAMP = lazy_re.compile(r"\d{1,2}\s*[:h]\s*\d{2}\s*[|,–-]?\s*\d{1,2}/\d{1,2}/\d{2,4}")
# A line that is only the publication date, maybe with its time and section ("05-03-2026 - 07:30 AM | Chứng khoán").
_DATELINE = lazy_re.compile(r"^\W*(?:(?:thứ \w+|chủ nhật),?\s*)?\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b", re.IGNORECASE)
# A rating widget's count ("(6816 bình chọn, 9/10 điểm)", "1.234 lượt xem"), or the head of a calendar of the
# site's archive: the days of the week alone ("CN | T2 | T3 | T4 | T5 | T6 | T7").
_WIDGET = lazy_re.compile(r"^\W*\d[\d.,]*\s+(?:lượt\s+)?(?:bình chọn|lượt xem|lượt thích|đánh giá)\b|"
                          r"^(?:(?:CN|T[2-7]|Thứ \w+|Chủ nhật)\s*\|?\s*){5,}$", re.IGNORECASE)


def strip_furniture(tree) -> None:
    """Remove teaser, login, newsletter, comment and share boxes the page marks by class or id, never an
    element that holds the headline or most of the page's text."""
    body = tree.find(".//body")
    total = len(body.text_content()) if body is not None else 0
    doomed = []
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "head", "body", "h1"):
            continue
        if el.tag == "figure":
            doomed.extend(photo_credits(el))
        if el.tag in _FURNITURE_TAGS or (el.get("role") or "").lower() in ("navigation", "search", "menu") or \
                is_hidden(el, inherited=False):
            doomed.append(el)
            continue
        marks = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("data-component-type"),
                                       el.get("data-content-name"))))
        if marks and FURNITURE.search(marks):
            doomed.append(el)
        elif el.tag in ("h2", "h3", "h4", "h5") and _teaser_headline(el):
            # a related story set in the page: its headline (a link) and the summary right under it
            doomed.append(el)
            summary = el.getnext()
            if summary is not None and summary.tag in ("p", "div") and summary.find(".//h1") is None and \
                    len(" ".join(summary.text_content().split())) <= 300 and summary.find(".//a") is None:
                doomed.append(summary)
        else:
            doomed.extend(_titled_box(el))
    for el in doomed:
        if el.getparent() is None or el.find(".//h1") is not None:
            continue
        # a wrapper of the story itself ("article-body subscriber-only") holds most of the text or several long
        # paragraphs; a teaser box does not
        if (total and len(el.text_content()) > 0.4 * total) or \
                sum(len(p.text_content()) >= 150 for p in el.iter("p")) >= 4:
            continue
        if _in_running_text(el):
            continue  # a link inside a sentence ("… vô địch <a class="cms-relate">World Cup</a> thứ hai …")
        el.drop_tree()


_TEXT_HOLDERS = ("blockquote", "table", "ul", "ol")


def photo_credits(figure) -> list:
    """The short lines a figure holds beside its caption and its photo: the photo's credit, a name under the
    caption (``<figcaption>…</figcaption><div class="…Author"><p>LÊ HOÀI NHÂN</p></div>``), never story text. Only
    in a figure that holds a photo and whose caption is marked (``figcaption``, a class naming a caption): without
    one, such a line is the caption; a figure of a pull quote or a table holds story text, and so does a quote, a
    table or a list inside a photo's figure."""
    def caption(el) -> bool:
        return el.tag == "figcaption" or "caption" in (el.get("class") or "").lower()

    if figure.find(".//img") is None and figure.find(".//amp-img") is None or \
            not any(caption(el) for el in figure.iter() if isinstance(el.tag, str)):
        return []  # a figure of a quote or a table holds text of the story
    credits: list = []
    for el in figure.iter("p", "div", "span"):
        inside = list(takewhile(lambda a: a is not figure, el.iterancestors()))  # between el and the figure
        if caption(el) or any(caption(a) or a in credits or a.tag in _TEXT_HOLDERS for a in inside):
            continue
        text = " ".join(el.text_content().split())
        if 0 < len(text) <= 80 and el.find(".//img") is None and \
                not any(caption(d) for d in el.iter() if isinstance(d.tag, str)):
            credits.append(el)
    return credits


_BOX_TITLES = ("h2", "h3", "h4", "h5", "h6", "div", "p", "span", "strong", "b")


def _titled_box(el) -> list:
    """A box that its title names as furniture ("Tin liên quan", "Tin đọc nhiều", "Xem thêm") with the list of
    links under it: the title and the list; nothing for any other element."""
    if el.tag not in _BOX_TITLES or len(el) > 2:
        return []
    text = " ".join(el.text_content().split())
    if not 0 < len(text) <= 40 or not _FURNITURE_TEXT.match(text):
        return []
    box = el.getnext()
    linked = box is not None and box.tag in ("ul", "ol", "div", "table") and \
        sum(len(" ".join(a.text_content().split())) for a in box.iter("a")) >= 0.6 * len(
            " ".join(box.text_content().split()))
    return [el, box] if linked else [el]


def _teaser_headline(heading) -> bool:
    """A heading that is nothing but a link to another page: a teaser's headline, not a sub-heading."""
    text = " ".join(heading.text_content().split())
    links = [a for a in heading.iter("a") if (a.get("href") or "").strip() not in ("", "#")]
    linked = " ".join(" ".join(a.text_content().split()) for a in links)
    return len(text.split()) >= 3 and bool(links) and len(linked) >= 0.9 * len(text)


_INLINE_TAGS = ("a", "span", "b", "strong", "em", "i", "u", "font", "small", "sup", "sub", "mark")


def _in_running_text(el) -> bool:
    """True for an inline element that is part of a sentence: text runs on before or after it."""
    if el.tag not in _INLINE_TAGS or el.getparent() is None:
        return False
    before = el.getprevious().tail if el.getprevious() is not None else el.getparent().text
    return bool((before or "").strip() or (el.tail or "").strip())


_BLOCKS = ("p", "div", "li", "article", "section", "h2", "h3", "h4", "h5", "h6")


def teaser_text(tree) -> str:
    """The text of the page's teasers: a headline that is a link standing alone in its block, with what goes
    with it (photo, section, summary) up to the next headline. A home or section page is made of them, even
    when it calls itself an article (Báo Đầu tư's section pages say ``og:type`` article)."""
    seen, units = set(), []
    for link in tree.iter("a"):
        href, title = link.get("href"), match_key(link.text_content())
        holder = next(link.iterancestors(*_BLOCKS), None)
        before = link.getprevious().tail if link.getprevious() is not None else link.getparent().text
        if not href or len(title) < 20 or holder is None or (before or "").strip() or (link.tail or "").strip():
            continue  # a link inside running text, not a headline
        if len(holder.text_content()) > 1000 or _running_paragraphs(holder) >= 2:
            # its nearest block is the story's box (a table layout's cells are no blocks), or a short story's box
            # holding two paragraphs of running text (a related story's link set on its own in a blockquote)
            continue
        unit = holder
        for parent in holder.iterancestors(*_BLOCKS):
            hrefs = {a.get("href") for a in parent.iter("a") if len(match_key(a.text_content())) >= 20}
            # a teaser has one summary at most: a box with two paragraphs of running text is the story's own
            if len(hrefs) > 1 or len(parent.text_content()) > 1000 or _running_paragraphs(parent) >= 2:
                break
            unit = parent
        if unit not in seen:  # the set keeps the elements alive: lxml reuses the ids of dropped proxies
            seen.add(unit)
            units.append(match_key(unit.text_content()))
    return "\n".join(units)


def _running_paragraphs(box) -> int:
    """How many paragraphs of running text a box holds: 120 characters or more and no link in them."""
    return sum(len(p.text_content()) >= 120 and p.find(".//a") is None for p in box.iter("p"))


def _stamped_teasers(text: str) -> bool:
    """A teaser ending in its stamp, or teasers joined into one paragraph, a stamp every 120 characters or less."""
    stamps = _TEASER_STAMP.findall(text)
    return bool(stamps) and (len(text) <= 250 and _TEASER_STAMP.search(text[-25:]) is not None or
                             len(stamps) >= 2 and len(text) <= 120 * len(stamps))


def is_furniture(block: Block) -> bool:
    text = block.text
    if text.strip() and not any(c.isalnum() for c in text):
        return True  # a separator ("|" between a page's buttons, "-----"): no letter, no digit
    if len(text) <= 300 and _FURNITURE_TEXT.match(text) or len(text) <= 80 and _DATELINE.match(text) or \
            len(text) <= 250 and _TEASER_AGE.search(text) or len(text) <= 80 and _WIDGET.match(text) or \
            _stamped_teasers(text):
        return True
    # A paragraph that is nothing but one link is a teaser ("Giá vàng tăng 500.000 đồng/lượng"), also when the
    # teaser's day follows the link ("… (21/12)").
    day = _TEASER_DAY.search(text) if len(text) <= 250 else None
    linked = [r for r in block.runs if r.text.strip() and not (day and _TEASER_DAY.fullmatch(r.text.strip()))]
    return len(text) <= (250 if day else 200) and bool(linked) and all(r.href for r in linked)


def before_footer(blocks: List[Block]) -> List[Block]:
    """The blocks before the page's footer (:data:`_FOOTER`) when extraction ran on into it: after two paragraphs of
    story at least, and with no paragraph of story length after it (a page holding a mobile and a desktop copy
    gives the first copy's footer, then the second copy's boxes and sidebars)."""
    story = 0
    for at, block in enumerate(blocks):
        if story >= 2 and block.kind in ("paragraph", "heading") and len(block.text) <= 300 and \
                _FOOTER.match(block.text) and all(len(b.text) < 300 for b in blocks[at + 1:]):
            return blocks[:at]
        story += block.kind == "paragraph" and len(block.text) >= 120
    return blocks


def without_teaser_run(blocks: List[Block], teasers: str) -> List[Block]:
    """The blocks less the teasers that end them: the last text blocks (photos among them) that are all text of the
    page's teasers (:func:`teaser_text`: a box of other stories with their summaries that extraction kept after
    the story). A page made only of teasers is left with no story, and refused as no article."""
    at = len(blocks)
    while at and (blocks[at - 1].kind == "image" or _teaser_block(blocks[at - 1], teasers)):
        at -= 1
    while at < len(blocks) and blocks[at].kind == "image":
        at += 1  # a photo before the first teaser stays with the story
    return blocks[:at]


def _teaser_block(block: Block, teasers: str) -> bool:
    """A block of teaser text: a headline's length at least (a byline's name may be found in any teaser)."""
    key = match_key(block.text)
    return len(key) >= 20 and key in teasers


def headline_like(block: Block) -> bool:
    """A line that reads as a teaser's headline: short, several words, no closing punctuation."""
    text = block.text.strip()
    return block.kind == "paragraph" and 15 <= len(text) <= 130 and len(text.split()) >= 4 and \
        not text.endswith((".", "!", "?", ":", ";", ",")) and (text[0].isupper() or not text[0].isalnum())


def teaser_tail(blocks) -> int:
    """How many blocks at the end of a story are a box of teasers whose links extraction lost: a box title (a
    heading) followed only by three or more headline-like lines ("Tiêu điểm", then five headlines); 0 when the
    story ends otherwise."""
    count = 0
    while count < len(blocks) and blocks[-1 - count].kind == "image":
        count += 1
    lines = 0
    while count < len(blocks) and headline_like(blocks[-1 - count]):
        count, lines = count + 1, lines + 1
    if lines >= 3 and count < len(blocks) and blocks[-1 - count].kind == "heading":
        return count + 1
    return 0
