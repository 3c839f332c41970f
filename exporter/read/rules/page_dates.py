"""The date of a news page when neither its metadata nor a date line next to the headline gives one.

Two fallbacks, in this order, each reported as the date's source (``vnbrief inspect`` shows it):

- ``address``: a date the canonical address spells out as the article's own, as Vietnamese CMSs do: a
  14–17-digit stamp ``YYYYMMDDhhmmss[mmm]`` ending the slug (``…-20221224083224103.htm``, Tuổi Trẻ, Kênh 14)
  or standing as a path segment (``/20121224150720142/``), or ``/YYYY/MM/DD/`` segments. Only the day is taken:
  the stamp is when the story was created in the CMS, not the time the page shows.
- ``htmldate``: htmldate's guess in its original-date mode (the first publication, not an update), bounded to
  1995 (the first Vietnamese news sites) … tomorrow, and kept only when the page also shows that day to the
  reader outside its teasers of other stories (links, list items) or states it in its metadata: its guesses also
  come from addresses, and a photo's path (``/2026/03/06/…jpg``) is not the article's date, nor a teaser's day.
"""
from __future__ import annotations

import datetime
import re
from typing import Optional, Tuple

from ...text import lazy_re
from ...urls import split as split_url
from .page_datelines import iso_date, seen_on_page

# the earliest date a Vietnamese news page can carry (VnExpress, Tuổi Trẻ Online and Dân trí went online in the
# late 1990s and early 2000s) and the latest: tomorrow, for pages saved in a time zone ahead of the reader's
EARLIEST = datetime.date(1995, 1, 1)

_STAMP = lazy_re.compile(r"(?:^|[-_/.])((?:19|20)\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\d{0,3}(?=$|[./_-])")
_PATH_DAY = lazy_re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})(?=/)")
# a <meta> whose name, property or itemprop says it holds a date
_DATE_META = lazy_re.compile(r"date|time|publish", re.IGNORECASE)


def _plausible(year: int, month: int, day: int, today: datetime.date) -> Optional[datetime.date]:
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        return None
    return found if EARLIEST <= found <= today + datetime.timedelta(days=1) else None


def address_date(address: str, today: Optional[datetime.date] = None) -> str:
    """The article's day as its address spells it (ISO ``YYYY-MM-DD``), or an empty string. Only the path is
    read (a query string's ``?v=20240101`` is no date), and only a full stamp or ``/YYYY/MM/DD/``: a year and a
    month alone (``/2012/12/``) do not give the day."""
    today = today or datetime.date.today()
    path = split_url(address or "").path
    for pattern in (_STAMP, _PATH_DAY):
        for match in pattern.finditer(path):
            hour_ok = pattern is _PATH_DAY or (int(match.group(4)) < 24 and int(match.group(5)) < 60)
            found = _plausible(int(match.group(1)), int(match.group(2)), int(match.group(3)), today)
            if found and hour_ok:
                return found.isoformat()
    return ""


def _shown_and_stated(tree) -> Tuple[str, str]:
    """The page's text the reader sees as its own, less the teasers of other stories (their links and list
    items, which show those stories' dates), and what its date metadata states."""
    body = tree.find(".//body")
    teasers = ".//text()[not(ancestor::a) and not(ancestor::li[string-length(normalize-space(.)) < 300])]"
    shown = " ".join(" ".join(body.xpath(teasers)).split()) if body is not None else ""
    stated = " ".join(m.get("content") or "" for m in tree.iter("meta")
                      if _DATE_META.search(" ".join(filter(None, (m.get("name"), m.get("property"),
                                                                    m.get("itemprop"))))))
    return shown, stated


def htmldate_date(tree, address: str, today: Optional[datetime.date] = None) -> str:
    """htmldate's original publication date of the page (ISO day), when the page shows or states that day."""
    import copy

    import htmldate

    today = today or datetime.date.today()
    try:
        found = htmldate.find_date(copy.deepcopy(tree), url=address or None, original_date=True, extensive_search=True,
                                   min_date=datetime.datetime.combine(EARLIEST, datetime.time()),
                                   max_date=datetime.datetime.combine(today + datetime.timedelta(days=1),
                                                                      datetime.time()),
                                   outputformat="%Y-%m-%d")
    except (ValueError, TypeError, RecursionError):  # htmldate refuses odd trees; no date is better than none
        return ""
    date = iso_date(found or "")
    if not date:
        return ""
    shown, stated = _shown_and_stated(tree)
    return date if seen_on_page(date, shown) or seen_on_page(date, stated) else ""


def fallback_date(tree, address: str, today: Optional[datetime.date] = None) -> Tuple[str, str]:
    """``(date, source)`` for a page whose metadata and date line gave none: the canonical address's date,
    else htmldate's checked guess; ``("", "")`` when neither holds."""
    date = address_date(address, today)
    if date:
        return date, "address"
    date = htmldate_date(tree, address, today)
    return (date, "htmldate") if date else ("", "")
