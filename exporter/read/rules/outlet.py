"""The outlet's own name, from what a page says about itself: a brief's source reads "Tuổi Trẻ Online", not
"tuoitre.vn" or "TUOI TRE ONLINE".

Where a page names its outlet, best first: its JSON-LD publisher, ``og:site_name``, ``application-name`` (what the
page states), then the part of its ``<title>`` after the headline that names the site ("… - Zing News | Xã hội":
the part that spells the site's address, "zing", not the section), then what an extractor guessed. The rules:

- a **name** beats an address or a slug: "VietNamNet News" over "Vietnamnet.vn", "Người Lao Động Online" (its
  initials spell "nld", the address) over "nld.com.vn";
- the **best-written form** of the same name wins: "Dân trí" over "Dantri", "Tuổi Trẻ Online" over
  "TUOI TRE ONLINE" (the same letters without marks and case);
- a lone lower-case word that is the site's address ("cafef", "baodautu") is shown as that address ("cafef.vn");
- never the owner or a notice: "Công ty cổ phần … Vccorp", "Copyright © …", "2003-2011, Báo Thanh Niên".
"""
from __future__ import annotations

import re
from typing import Iterable, List, Optional, Sequence

from ...text import lazy_re
from ...text.slug import fold
from ...urls import split as split_url

__all__ = ["outlet_name", "site_labels", "site_host", "page_host"]

#: An owner, a notice or a legal form: never the outlet's name.
_NOT_A_NAME = lazy_re.compile(r"(?:\bcông ty\b|\bcty\b|\bjsc\b|\bcorp(?:oration)?\b|\bco\.?,? ?ltd\b|\bcompany\b|"
                              r"\binc\.?$|©|\bcopyright\b|bản quyền)", re.IGNORECASE)
_ADDRESS = lazy_re.compile(r"^[\w-]+(?:\.[\w-]+)+$")
#: What opens a copyright notice: "©", "Copyright (c) 2026 by", "2003-2011,".
_NOTICE = lazy_re.compile(r"^(?:(?:©|\(c\)|copyright|bản quyền(?: thuộc(?: về)?)?)\s*)*"
                          r"(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?(?:by\s+)?", re.IGNORECASE)
#: Address parts that name no outlet.
_GENERIC_LABELS = {"www", "m", "amp", "mobile", "vn", "com", "net", "org", "edu", "gov", "info", "co", "online"}
#: Longest stated name taken whole; longer ones are a name and a slogan ("Báo X - Tin tức mới nhất, tin nhanh …").
_LONG_NAME = 40


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text).lower())


def site_labels(url: str) -> List[str]:
    """The parts of a page's address that may name its outlet: "https://news.zing.vn/x" → ["news", "zing"]."""
    host = (split_url(url).hostname or "").lower() if "://" in url else url.lower()
    return [label for label in host.split(".") if label and label not in _GENERIC_LABELS]


#: Second-level domains under which a site's own name is the third label ("thanhnien.com.vn").
_SECOND_LEVEL = ("com.vn", "net.vn", "org.vn", "edu.vn", "gov.vn", "info.vn", "co.uk", "com.au")


def site_host(url: str) -> str:
    """The host of an address without ``www.`` (an address given as a bare host is that host); empty for none."""
    host = (split_url(url).hostname or "").lower().removeprefix("www.") if "://" in url else url.lower()
    return host


def _registered(host: str) -> str:
    """A host's registered domain: "thethao.thanhnien.com.vn" → "thanhnien.com.vn"."""
    labels = host.split(".")
    keep = 3 if host.endswith(_SECOND_LEVEL) else 2
    return ".".join(labels[-keep:])


def page_host(tree) -> str:
    """The site most of a page's own links point to ("Save page as" keeps no address; its links still name its
    site): the registered domain of over a third of its absolute ``<a href>`` links, else empty."""
    from collections import Counter

    sites = Counter(_registered(site_host(a.get("href", ""))) for a in tree.iter("a")
                    if a.get("href", "").lower().startswith(("http://", "https://")))
    sites.pop("", None)
    if not sites:
        return ""
    site, count = sites.most_common(1)[0]
    return site if count * 3 >= sum(sites.values()) else ""


#: An address label made only of the words every news site uses ("news", "tin tức", "báo mới"): it names no site.
_NEWS_WORDS_ONLY = lazy_re.compile(r"(?:news|tin|tuc|bao|moi)+")


def _names_site(part: str, labels: Sequence[str]) -> bool:
    """Whether a part of the ``<title>`` spells the site's address: its letters hold a label of three letters or
    more ("Dân trí" / dantri), or its words' initials begin with one ("Người Lao Động Online" / nld)."""
    letters = _letters(part)
    initials = "".join(_letters(word)[:1] for word in part.split())
    return any((len(label) >= 3 and label in letters) or (len(label) >= 2 and initials.startswith(label))
               for label in labels if not _NEWS_WORDS_ONLY.fullmatch(label))


def _kind(name: str) -> int:
    """0 a name; 1 an address or a bare slug (one word of lower-case ASCII)."""
    if _ADDRESS.match(name) or (name.isascii() and " " not in name and name == name.lower()):
        return 1
    return 0


def _style(name: str) -> int:
    """How well a name is written: marks, then mixed case, count (higher is better)."""
    return 2 * (not name.isascii()) + (name != name.upper() and name != name.lower())


def _clean(name: str) -> str:
    name = _NOTICE.sub("", " ".join(name.split()))  # "2003-2011, Báo Thanh Niên": the holder of the notice
    if len(name) > _LONG_NAME:
        name = re.split(r"\s+[|–—-]\s+", name)[0]
    return "" if not name or len(name) > _LONG_NAME or _NOT_A_NAME.search(name) or \
        name.lower().startswith(("http://", "https://")) else name


def outlet_name(stated: Iterable[str], title_parts: Sequence[str] = (), url: str = "",
                guessed: Iterable[str] = ()) -> str:
    """The outlet's name: ``stated`` (publisher, ``og:site_name``, ``application-name``, in that order), the parts
    of the ``<title>`` after the headline, the page's address ``url``, and names an extractor ``guessed``; empty
    when none is usable."""
    labels = site_labels(url) if url else []
    from_title = [p for p in (_clean(p) for p in title_parts) if p and labels and _names_site(p, labels)]
    candidates = [c for c in (_clean(n) for n in stated) if c] + from_title + \
        [c for c in (_clean(n) for n in guessed) if c]
    if not candidates:
        return ""
    best: Optional[str] = None
    for candidate in candidates:  # the first name, else the first candidate
        if best is None or (_kind(best) > 0 and _kind(candidate) == 0):
            best = candidate
    assert best is not None
    same = [c for c in candidates if _letters(c) == _letters(best)]
    best = max(same, key=_style)  # the same name at its best written (first among equals)
    if _kind(best) and not _ADDRESS.match(best) and _letters(best) in labels:
        best = site_host(url)  # "cafef" on cafef.vn: the address says more
    return best
