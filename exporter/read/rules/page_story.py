"""How a news page's story ends and what it must not repeat, on the blocks extraction gave: the byline among
the last blocks (box titles and more credit lines may follow it), a box of teasers whose links were lost after
it, and the second copy of paragraphs a page holds twice (a mobile and a desktop copy of the same story).
Imports nothing heavy; :mod:`exporter.read.parse.html` applies it."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, List, Optional

from ...model import Block, Inline
from ...text import lazy_re
from .page_furniture import headline_like, teaser_tail
from .page_parts import INITIALS
from .page_runs import match_key, merge_runs

if TYPE_CHECKING:
    from .page_meta import PageInfo

_END_PUNCT = (".", ",", ";", ":", "!", "?", "…")
#: Shortest paragraph whose second copy is dropped (short lines such as "Ảnh minh hoạ" may rightly repeat).
_REPEAT_CHARS = 40


# a credit line in brackets: compiled ("Tổng hợp", "t/h", "TH"), collected ("Sưu tầm", "st"), translated ("Lược
# dịch", "Dịch", "Biên dịch"), after or from a source ("Theo …", "Nguồn: …", "Tham khảo …")
_BRACKETED_CREDIT = lazy_re.compile(r"^\(\s*(?:theo|nguồn|tổng hợp|t/h|th|st|sưu tầm|lược dịch|dịch|biên dịch|"
                                    r"tham khảo)\b[^()]*\)$", re.IGNORECASE)


def looks_like_byline(block: Block, info: PageInfo) -> bool:
    text = block.text
    if not text or len(text) > 80 or len(text.split()) > 10 or text.endswith(_END_PUNCT) and \
            not INITIALS.match(text):  # a signature of initials ends with a dot ("H.V.")
        return False
    if match_key(text) in info.bylines or (info.author and match_key(info.author) in match_key(text)):
        return True
    if re.match(r"(?i)theo\s+\S", text) and len(text.split()) <= 6:
        return True  # the source credit that closes a story taken from another outlet ("Theo VnExpress")
    if _BRACKETED_CREDIT.match(text):
        return True  # a credit in brackets under the name: "(Tổng hợp)", "(Theo HSC – 11-2013)", "(t/h)"
    if block.kind == "heading":
        # a closing line set all in bold was read as a sub-heading (and lost its bold): a byline when it is
        # only names ("Quang Phong - Tùng Nguyên", "Trung"), a box's title ("Tin liên quan") otherwise
        return only_names(text)
    return all(r.bold or r.italic for r in block.runs if r.text.strip())


def only_names(text: str) -> bool:
    words = [w for w in re.split(r"[\s,;&/–-]+", text) if w and w.casefold() not in ("và", "and")]
    return bool(words) and len(words) <= 8 and all(w[0].isupper() for w in words) and \
        sum(w[0].isalpha() for w in words) == len(words)


def _after_story(block: Block) -> bool:
    """A block that can follow a story's byline: a photo, a box's title, a short line that is no sentence."""
    text = block.text.strip()
    return block.kind in ("image", "caption", "heading") or \
        (block.kind == "paragraph" and len(text) <= 60 and len(text.split()) <= 6 and not text.endswith(_END_PUNCT))


def _byline_at(blocks: List[Block], info: PageInfo) -> Optional[int]:
    """Where the story's byline is: the last paragraph (or all-names heading) that reads as one, among the last
    few blocks, with nothing after it but what may follow a story (:func:`_after_story`)."""
    for at in range(len(blocks) - 1, max(2, len(blocks) - 5) - 1, -1):
        block = blocks[at]
        if block.kind in ("paragraph", "heading") and looks_like_byline(block, info):
            if not all(_after_story(b) for b in blocks[at + 1:]):
                return None
            while at > 3 and blocks[at - 1].kind in ("paragraph", "heading") and \
                    looks_like_byline(blocks[at - 1], info):
                # credit lines stacked under the story ("Theo Minh Nguyễn/Vcamp.vn", then "Forbes"), and the name
                # over them set in bold, which reads as a sub-heading ("Duy Hùng" over "(Theo HSC – 11-2013)")
                at -= 1
            return at
        if not _after_story(block):
            return None
    return None



# a photo credit, which may close a story under its byline: "Ảnh: Misso", "Video: Đồn biên phòng"
_PHOTO_CREDIT = lazy_re.compile(r"^(?:ảnh|video|clip|đồ họa|đồ hoạ|thiết kế)\s*:", re.IGNORECASE)


def _photo_credit(blocks: List[Block]) -> Optional[Block]:
    """The photo credit that closes the blocks, as one byline line: "Ảnh: Misso" in one block, or split over two
    ("Ảnh:" and the name, set in other emphasis, which extraction reads as a line of its own)."""
    if not blocks or blocks[-1].kind not in ("paragraph", "heading"):
        return None
    if _PHOTO_CREDIT.match(blocks[-1].text) and len(blocks[-1].text) <= 60:
        return Block("byline", blocks[-1].runs)
    if len(blocks) >= 2 and _PHOTO_CREDIT.fullmatch(blocks[-2].text.strip()) and only_names(blocks[-1].text):
        return Block("byline", merge_runs((*blocks[-2].runs, Inline(" "), *blocks[-1].runs)))
    return None


def _box_after_byline(kept: List[Block], info: PageInfo) -> Optional[int]:
    """Where a box set after the story's byline begins: a line of names in bold (the byline) among the last blocks,
    then a title line (a headline's shape, no closing punctuation) and one or two paragraphs under it (a notice the
    page sets after its stories, "Cách cài đặt …" and its text); None when the story ends otherwise."""
    for at in range(len(kept) - 3, max(3, len(kept) - 4) - 1, -1):
        byline, title, rest = kept[at], kept[at + 1], kept[at + 2:]
        if byline.kind == "paragraph" and only_names(byline.text) and looks_like_byline(byline, info) and \
                headline_like(title) and 1 <= len(rest) <= 2 and all(b.kind == "paragraph" for b in rest):
            return at + 1
    return None


def story_ending(kept: List[Block], info: PageInfo) -> List[Block]:
    """The blocks with what follows the story cut off and its byline marked."""
    tail = teaser_tail(kept)
    if tail and len(kept) - tail > 2:
        del kept[-tail:]  # a box of teasers whose links extraction lost ("Tiêu điểm" and five headlines)
    box = _box_after_byline(kept, info)
    if box is not None:
        del kept[box:]  # a titled box after the byline (a notice), not the story's
    while kept and kept[-1].kind == "heading" and not looks_like_byline(kept[-1], info):
        kept.pop()  # a heading with nothing after it heads a box of teasers, not the story
    credit = _photo_credit(kept)
    if credit is not None:  # under the byline: the photographer is a credit, never the author
        cut = 1 if _PHOTO_CREDIT.match(kept[-1].text) else 2
        at = _byline_at(kept[:-cut], info)
        if at is not None:
            return _with_byline(kept[:-cut], at, info) + [credit]
    at = _byline_at(kept, info)
    return kept if at is None else _with_byline(kept, at, info)


def _with_byline(kept: List[Block], at: int, info: PageInfo) -> List[Block]:
    """The byline, and after it only more credit lines (kept with it), photos, and the titles of boxes that follow
    the story ("Bài viết khác"), which go."""
    return kept[:at] + [Block("byline", kept[at].runs)] + [
        Block("byline", b.runs) if b.kind == "paragraph" and looks_like_byline(b, info) else b
        for b in kept[at + 1:] if b.kind in ("image", "caption") or looks_like_byline(b, info)]


def without_repeats(blocks: List[Block]) -> List[Block]:
    """The blocks less the second copy of a paragraph, sub-heading or quote already given (a page that holds a
    mobile and a desktop copy of its story, or a pull quote repeating a paragraph)."""
    seen, kept = set(), []
    for block in blocks:
        key = match_key(block.text)
        if block.kind in ("paragraph", "heading", "quote") and len(key) >= _REPEAT_CHARS:
            if key in seen:
                continue
            seen.add(key)
        kept.append(block)
    return kept


def with_lost_captions(blocks: List[Block], info: PageInfo) -> List[Block]:
    """Put back the captions the page marks as such (figure markup, a caption class, its structured data) whose
    photo box extraction dropped: each before the paragraph that followed its photo, after the lead when that is
    the sapo or for the article's main photo; never one the blocks already hold, even in part."""
    present = [match_key(b.text) for b in blocks]
    out = list(blocks)
    for key, place in info.caption_places.items():
        if not key or any(key in text or (len(text) >= 30 and text in key) for text in present):
            continue
        at = next((i for i, b in enumerate(out) if place and b.kind in ("lead", "paragraph", "heading")
                   and match_key(b.text).startswith(place[:60])), None)
        if at is None and place:
            continue  # its place is not in the story: a photo of another box
        if at is None or out[at].kind == "lead":
            at = 1 if out and out[0].kind == "lead" else 0
        out.insert(at, Block("caption", info.captions[key]))
        present.append(key)
    return out


def without_head_lines(blocks: List[Block], info: PageInfo) -> List[Block]:
    """The story less the lines of its head that extraction kept at its top: the headline again, and the name the
    page marks as its author standing alone (the meta line between headline and sapo, a copy's byline), in any
    order ("Tên", "Headline", "Tên" when a page repeats its head inside the story's box)."""
    names = {match_key(info.page_author)} - {""}
    at = 0
    while at < len(blocks) and blocks[at].kind in ("heading", "paragraph") and (
            match_key(blocks[at].text) in info.titles or match_key(blocks[at].text) in names):
        at += 1
    return blocks[at:]


#: How far into the extracted text the headline is looked for.
_HEADLINE_REACH = 8


def from_headline(blocks: List[Block], info: PageInfo) -> List[Block]:
    """The story from its headline on, when extraction kept the headline a few blocks in (a layout table's cell
    holding the page's top): the text before it (a thumbnail's line, a section's name) is not the story. Photos
    and their captions before it stay."""
    at = next((i for i, b in enumerate(blocks[:_HEADLINE_REACH])
               if b.kind in ("heading", "paragraph") and match_key(b.text) in info.titles), None)
    if at is None:
        return blocks
    # the headline itself goes too: the brief prints it once, as its title
    return [b for b in blocks[:at] if b.kind in ("image", "caption")] + blocks[at + 1:]
