"""Who a byline names: the author and the source. ``Theo X``, ``(Theo X)`` and ``Nguồn: X`` give the source, never
the author (``Nguồn: http://…`` gives the site's name); ``Tên (Theo X)``, ``Tên (t/h) Theo X``, ``Tên - Theo X``,
``Theo Tên (X)`` and ``Tên/X`` give the author and the source; ``(t/h)`` (compiled) and ``Sưu tầm`` name nobody.
The structure rules (:mod:`.structure`) find the byline lines; this reads them."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional, Tuple

from ...text import lazy_re

# A title before a name: "BS. Lê Thiện", "ThS. Nguyễn Hà".
_NAME_TITLE = lazy_re.compile(r"^(?:BS|TS|ThS|PGS|GS|KTS|LS|NSƯT|NSND|Nhà báo)\.?\s+")
# A credit that names a publication: "Theo VnExpress", "(Theo TTXVN)", "Nguồn: Dân trí", "Nguồn : kênh14.vn".
CREDIT = lazy_re.compile(r"^\(?\s*(?:Theo|Nguồn\s*:?)\s*(.+?)\s*\)?\s*$", re.IGNORECASE)
# how a credit tail opens ("Theo …", "(Theo …", "Nguồn: …"), and the bracketed note that may end it
CREDIT_OPENING = lazy_re.compile(r"^\(?\s*(?:Theo\b|Nguồn\s*:)", re.IGNORECASE)
BRACKETED_END = lazy_re.compile(r"\s*\([^()]*\)\s*$")
# "(t/h)" = tổng hợp (compiled from several sources), "Sưu tầm" (collected): credits that name nobody.
_NOBODY = lazy_re.compile(r"^(?:t/h|th|tổng hợp|st|sưu tầm|tham khảo)$", re.IGNORECASE)
# What the first letters of CREDIT and _NOBODY match, case ignored (ſ is a long s: tests/test_structure.py checks
# all of Unicode): a text that starts otherwise is not matched against them, and a brief whose bylines all do
# does not compile them (issue #18).
_T_OR_N = frozenset("TtNn")
_T_OR_S = frozenset("TtSs\u017f")


def credit_match(text: str) -> Optional[re.Match[str]]:
    """``CREDIT.match(text)``, tried only when the text, after one "(" and white space, starts with T or N."""
    first = (text[1:] if text.startswith("(") else text).lstrip()[:1]
    return CREDIT.match(text) if first in _T_OR_N else None


def _names_nobody(text: str) -> bool:
    """Whether ``text`` is a credit that names nobody (``_NOBODY``), tried only when it starts with T or S."""
    return text[:1] in _T_OR_S and _NOBODY.match(text) is not None

def is_name(text: str) -> bool:
    """Two to five capitalised words of letters, as personal names are ("Thu Hương", "Hanki Nguyễn",
    "BS. Lê Thiện"); "Sưu Tầm" counts (a credit), "TP. HCM" or a sentence does not."""
    words = _NAME_TITLE.sub("", text.strip()).split()
    return (2 <= len(words) <= 5 and len(text) <= 45
            and all(w[0].isupper() and w.replace("-", "").isalpha() and not w[1:].isupper() for w in words))


def _url_host(text: str) -> str:
    match = re.match(r"^(?:https?://)?(?:www\.)?([^/\s]+\.[a-z]{2,})(?:/\S*)?$", text.strip(), re.IGNORECASE)
    return match.group(1) if match else text


def split_credit(byline: str) -> Tuple[str, str]:
    """The author and the source a byline names: "Theo VnExpress" → ("", "VnExpress"); "Minh Châu (Theo The
    Verge)" → ("Minh Châu", "The Verge"); "Quang Huy (t/h) Theo VnExpress" → ("Quang Huy", "VnExpress");
    "Thu Hà (TTXVN)" and "Thu Thủy/VOV online" → the name and the agency; "Theo Minh Minh (Dân Việt)" →
    ("Minh Minh", "Dân Việt"); "Nguồn: http://vietnamnet.vn/…" → ("", "vietnamnet.vn"); "Sưu tầm" → nobody."""
    text = byline.strip()
    author, source = text, ""
    # "Vy Trần - Theo TTVN" (looked for only in a byline that says "Theo": compiling the expression, whose class
    # holds characters beyond U+00FF, was 1.7 M instructions of a cold render, issue #18)
    after = re.search(r"\s+(?:[-–—|]\s*)?Theo\s+([^()]+?)\s*$", text) if "Theo" in text else None
    if after and not re.match(r"^\(?\s*Theo\b", text, re.IGNORECASE):
        author, source = text[: after.start()].strip(), after.group(1)
    # "Name (Agency)": the author is stripped, so only one that ends with ")" can be (the expression is compiled
    # and tried only then)
    paren = re.match(r"^(.*?)\s*\(([^()]+)\)\s*$", author) if author.endswith(")") else None
    if paren and paren.group(1):
        author, inside = paren.group(1).strip(), paren.group(2).strip()
        credit = credit_match(inside)
        if credit and inside.lower().startswith(("theo", "nguồn")):
            source = source or credit.group(1)
        elif not _names_nobody(inside):
            source = source or inside
    credit = credit_match(author)
    if credit and re.match(r"^\(?\s*(?:Theo|Nguồn)\b", author, re.IGNORECASE):
        named = credit.group(1).strip()
        if "/" in named and not source:  # "Theo Trúc An/Vietnamnet.vn"
            person, _, outlet = named.partition("/")
            if is_name(person.strip()):
                named, source = person.strip(), outlet.strip()
        if _names_nobody(named):  # "Nguồn: Sưu tầm"
            return "", ""
        # "Theo Minh Minh (Dân Việt)": a person quoted from a publication; "Theo VnExpress": a publication
        return (named, source) if source and is_name(named) else ("", _url_host(named))
    if "/" in author and not author.lower().startswith(("t/h", "bài")):
        name, _, agency = author.partition("/")
        if is_name(name.strip()) or (len(name.split()) <= 4 and "." not in name):  # not "facebook.com/…"
            author, source = name.strip(), source or agency.strip()
    if _names_nobody(author):
        author = ""
    return author, source


def apply_credit(article):
    """Fill the author and the source an article lacks from its byline lines (the visible byline of a page, the
    last lines of plain text): a publication named by "Theo …" is the source, never the author."""
    author, source = article.author, article.source
    for block in article.blocks:
        if block.kind == "byline":
            name, named_source = split_credit(block.text)
            author, source = author or name, source or named_source
    if author == article.author and source == article.source:
        return article
    return replace(article, author=author, source=source)
