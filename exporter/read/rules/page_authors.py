"""Who wrote a news page's article: the names that are never a person's (publications, companies), and the choice
between what the reader sees and what the metadata says (:func:`article_author`). What marks an author's name on a
page, and what looks like one, are byline conventions of :mod:`.page_parts`. Imports nothing heavy;
:mod:`exporter.read.parse.html` uses it.
"""
from __future__ import annotations

import re
from typing import Sequence

from ...model import Block
from ...text import lazy_re
from ...urls import split as split_url
from .page_meta import PageInfo
from .page_parts import credit_name, name_case

# Names of organisations, never of a person: a newspaper, magazine, station, portal or company ("Báo Thanh
# Niên", "Tạp chí …", "Đài …", "Cổng thông tin …", "Công ty Cổ phần …", "… JSC", a name ending in "Corp" as in
# "FPT Corp" or "VCCorp", "… Online", "… News"), or the national news agency's initials (TTXVN).
_ORGANISATION = lazy_re.compile(
    r"^(?:báo|tạp chí|đài|cổng thông tin|trang tin|thông tấn|công ty|tập đoàn|tòa soạn|toà soạn|ban biên tập)\b|"
    r"\b(?:jsc|\w*corp|corporation|inc|ltd|online|news|media|newsroom|group|team|ttxvn)\b",
    re.IGNORECASE)


def is_publisher_name(name: str, info: PageInfo) -> bool:
    """True when ``name`` is the publication's (its site name, or its domain: "NLD.COM.VN", "baodautu.vn",
    "TUOI TRE ONLINE" on tuoitre.vn) or any organisation's ("Báo …", "VCCorp", "… News"), which metadata
    often gives as the author."""
    key = re.sub(r"\W", "", name.casefold())
    if not key or re.search(r"\w\.(?:vn|com|net|org)\b", name.casefold()) or _ORGANISATION.search(name.strip()):
        return True
    site = re.sub(r"\W", "", info.source.casefold())
    host = split_url(info.url).hostname or ""
    labels = [part for part in host.split(".") if len(part) >= 3 and part not in ("www", "com", "net", "org")]
    words = re.findall(r"\w+", name.casefold())
    # a short label ("nld", "vov") must be a word of the name: "Vo Van" is a person, "NLD COM VN" is not
    return bool(site and (site in key or key in site)) or \
        any(label in words or len(label) >= 5 and label in key for label in labels)


def article_author(info: PageInfo, blocks: Sequence[Block], fallback: str) -> str:
    """The article's author. What the reader sees wins: the element the page marks as the author, else the
    byline paragraph; then the page's metadata (a JSON-LD person, ``article:author``), else ``fallback``
    (trafilatura's guess). Credits around a name are dropped ("Hà Thu (tổng hợp)", "Minh Châu (Theo The
    Verge)", "Theo Hồ Hương" in an author field); a byline that only names a source ("Theo VnExpress") names
    no author; never a name that is a publication's or a company's."""
    byline = next((b.text for b in blocks if b.kind == "byline"), "")
    candidates = [credit_name(info.page_author, field=True), credit_name(byline), info.author, info.meta_author]
    # trafilatura's guess, unless it names an organisation: "SEO, Traffic Team" is one credit, not "SEO" and a team
    guessed = [n.strip() for n in re.split(r";|,", fallback or "") if n.strip()]
    candidates += ["" if any(is_publisher_name(n, info) for n in guessed) else ", ".join(guessed)]
    for candidate in candidates:
        names = [n for n in re.split(r"\s*,\s*", candidate) if n]
        if names and not any(is_publisher_name(n, info) for n in names):
            return ", ".join(name_case(n) for n in names)
    return ""
