"""A news page's sapo cleaned of what pages put around it: the related story it ends with (``>> …``), the
headline repeated at its start, or cut short after a dash at the end of a description, search keywords before
it (``lo luyen thi cong chuc - …``, ``(giao duc) - …``) and the site's name after it (``… - VnExpress Giải Trí``).
Imports nothing heavy; :mod:`exporter.read.rules.page_meta` and :mod:`exporter.read.parse.html` apply it."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Optional, Sequence, Tuple

from ...model import Inline
from ...text import lazy_re
from .page_runs import match_key, merge_runs

RELATED_MARK = lazy_re.compile(r"^\s*(?:>>|»|>)\s*\S")
_RELATED_TAIL = lazy_re.compile(r"\s*(?:>>|»)\s*[^<>»]{5,160}$")


def without_related(runs: Tuple[Inline, ...]) -> Tuple[Inline, ...]:
    """A sapo without the related story it ends with: a ``>>`` link after it ("<br><a>&gt;&gt; Công chức …
    được nghỉ 9 ngày dịp Tết</a>", Dân trí and VnExpress of 2012)."""
    related = next((i for i, r in enumerate(runs) if r.href and RELATED_MARK.match(r.text)
                    or RELATED_MARK.match(r.text) and i + 1 < len(runs) and runs[i + 1].href), None)
    if related:
        runs = runs[:related]
    # the same written out in plain text (a description that copied it): "… ngày 17/2/2013. >> Công chức …"
    text = "".join(r.text for r in runs)
    tail = _RELATED_TAIL.search(text)
    if tail and tail.start() >= 40:
        kept, cut = [], tail.start()
        for r in runs:
            if cut > 0:
                kept.append(replace(r, text=r.text[:cut]))
            cut -= len(r.text)
        runs = tuple(kept)
    return merge_runs(replace(r, text=r.text.rstrip()) if i == len(runs) - 1 else r for i, r in enumerate(runs))


def whole_description(descriptions: Sequence[object]) -> str:
    """The first description a page gives (Open Graph, JSON-LD, Twitter, ``<meta name="description">``), or, when
    that one is cut short ("… cựu chủ tịch Trần Văn Minh cho..."), another that gives the same text whole."""
    given = [" ".join(d.split()) for d in descriptions if isinstance(d, str) and d.strip()]
    first = given[0] if given else ""
    if first.endswith(("...", "…")):
        start = match_key(first)
        return next((d for d in given[1:] if len(match_key(d)) > len(start) and match_key(d).startswith(start)),
                    first)
    return first


# three points or more, each opening with a dash or a bullet after the last one's end ("- A. - B. - C.")
_KEY_POINTS = lazy_re.compile(r"^[-–•+]\s+\S.*?(?:[.!?…:;\"”]\s+[-–•+]\s+\S.*?){2,}$")


def key_points(text: str) -> bool:
    """Whether a paragraph is a list of key points, each opening with a dash ("- Amazon kiên nhẫn … - Thành công
    của Amazon … - …"): set before the story where no sapo is marked, they are its sapo."""
    return len(text) <= 1200 and bool(_KEY_POINTS.match(text))


# a space before punctuation where a tag closed ("… của <em>Sài Gòn</em>. Tôi" stripped to "… Sài Gòn . Tôi")
_STRAY_SPACE = lazy_re.compile(r"(?<=\w)\s+(?=[.,;:!?](?:\s|$))")


def without_stray_spaces(text: str) -> str:
    """A description as the page's text reads: a CMS that makes it by stripping the sapo's markup leaves a space
    before the punctuation that followed a closing tag, which would keep it from matching the sapo shown."""
    return _STRAY_SPACE.sub("", text)


# the end of a description that repeats the headline cut short: " - Xử phạt Giám đốc tài chính…"
_CUT_TITLE = lazy_re.compile(r"\s+[-–|]\s+([^-–|]{10,}?)\s*(?:…|\.\.\.)\s*$")


def without_title(runs: Tuple[Inline, ...], titles) -> Tuple[Inline, ...]:
    """A sapo that some pages (and descriptions) start with the headline: the headline cut off; and without the
    related story it may end with."""
    runs = without_search_words(without_related(runs))
    text = "".join(r.text for r in runs)
    cut_title = _CUT_TITLE.search(text)
    if cut_title and any(t.startswith(match_key(cut_title.group(1))) for t in titles if t) and \
            len(match_key(text[:cut_title.start()])) >= 20:
        # a description made of the sapo, " - " and the headline cut short with "…": the sapo alone
        return (Inline(text[:cut_title.start()].rstrip()),)
    for title in sorted(titles, key=len, reverse=True):
        if title and match_key(text).startswith(title) and len(match_key(text)) > len(title) + 20:
            cut = len(title)
            # find where the headline ends in the text as written (case and spacing may differ)
            for end in range(len(text) + 1):
                if len(match_key(text[:end])) >= cut:
                    rest = text[end:].lstrip(" .:-–—|")
                    return (Inline(rest),) if rest else runs
    return runs


# search keywords opening a sapo or description: words in lower case without a Vietnamese letter (the address's
# slug, "lo luyen thi cong chuc o han quoc", or a section, "(giao duc)"), then a dash
_SEO_PREFIX = lazy_re.compile(r"^\s*(\(?)([a-z0-9][a-z0-9 ,]{2,100}?)(\)?)\s*[-–—|]\s+(?=\S)")


def _vietnamese(text: str) -> bool:
    """True when the text holds a letter only Vietnamese writes (a tone mark, ă, â, ê, ô, ơ, ư, đ)."""
    return any(not c.isascii() and c.isalpha() for c in text)


def without_search_words(runs: Tuple[Inline, ...]) -> Tuple[Inline, ...]:
    """A sapo or description without the search keywords some CMSs put before it: two words or more in lower
    case without any Vietnamese letter, then a dash, before Vietnamese text. An outlet's own stamp, ``(Dân trí) -``,
    ``TT -``, is written as its name is and stays."""
    text = "".join(r.text for r in runs)
    match = _SEO_PREFIX.match(text)
    if not match or bool(match.group(1)) != bool(match.group(3)) or len(match.group(2).split()) < 2 or \
            not _vietnamese(text[match.end():]):
        return runs
    cut, kept = match.end(), []
    for run in runs:
        if cut < len(run.text):
            kept.append(replace(run, text=run.text[max(cut, 0):]))
        cut -= len(run.text)
    return merge_runs(kept)


def without_site_name(text: str, names) -> str:
    """A description without the site's name it ends with after a dash (``… năm 2000. - VnExpress Giải Trí``):
    ``names`` are the site's names the page gives (its ``og:site_name``, the parts of its ``<title>`` that are not
    the headline)."""
    head, dash, tail = text.rpartition(" - ")
    keys = {match_key(n) for n in names if n}
    return head.rstrip() if dash and match_key(tail) in keys and len(match_key(head)) >= 20 else text


# the mark a CMS leaves where it cut the story's opening into a description ("… Nhật Bản có […]", "… đội tuyển...")
_CUT_MARK = lazy_re.compile(r"\s*(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.)\s*$")
_WHOLE_END = (".", "!", "?", "…", "\"", "”", "'", ")", "»", ":")
_BOLD = ("strong", "b")
_BLOCK_INSIDE = ".//p|.//div|.//h1|.//h2|.//h3|.//h4|.//li|.//table"


def excerpt_of_page(description: str, body) -> Tuple[bool, Optional[Any]]:
    """Whether a description is an excerpt the CMS cut from the page's opening text, not a summary written as the
    sapo: it ends in a cut mark (``…``, ``...``, ``[…]``), or stops mid-sentence where an element of the page goes
    on, and the page shows its words. Also the element that shows it whole when that is set apart in bold, a sapo
    the story's extraction may miss (a ``<strong>`` before the story's box); None when the excerpt is the story's
    own opening paragraph (or two), which then stay the story's."""
    if body is None or len(description) < 20:
        return False, None
    marked = bool(_CUT_MARK.search(description))
    given = match_key(_CUT_MARK.sub("", description))
    start = given.rsplit(" ", 1)[0]  # the last word may be cut
    if len(start) < 20 or start not in match_key(" ".join(body.itertext())):
        return False, None
    # elements of one passage (no block inside) that start with the description and go on past it
    wholes = [el for el in body.iter("p", "div", "span", "strong", "b", "h2", "h3")
              if len(el.text_content()) <= 1000 and not el.xpath(_BLOCK_INSIDE)
              and match_key(el.text_content()).startswith(start) and len(match_key(el.text_content())) > len(given)]
    if not marked and not (wholes and not description.rstrip().endswith(_WHOLE_END)):
        return False, None  # a description written whole (it may lack its full stop)
    bold = next((el for el in wholes if el.tag in _BOLD or el.find(".//strong") is None and
                 next(el.iterancestors(*_BOLD), None) is not None), None)
    return True, bold


def copies_first_paragraph(description: str, body) -> bool:
    """Whether a description is the story's first paragraph copied whole (as CMSs fill an empty description): a
    ``<p>`` with that text, not set in bold, followed by a ``<p>`` of the same class, the story's paragraphs it is
    the first of. The page does not set that paragraph apart, so it is the story's, not a sapo."""
    given = match_key(description)
    if body is None or len(given) < 20:
        return False
    for el in body.iter("p"):
        if match_key(el.text_content()) != given or el.xpath(".//strong|.//b|ancestor::strong|ancestor::b"):
            continue
        after, before = el.getnext(), el.getprevious()
        same = [n is not None and n.tag == "p" and n.get("class") == el.get("class") for n in (after, before)]
        if same[0] and not same[1]:
            return True
    return False
