"""News feeds (RSS 2.0, RSS 1.0, Atom) → the articles they list, newest first, filtered and de-duplicated.

feedparser does the parsing (imported on first use) and is only ever handed bytes that vnbrief read itself with
its own size and time limits, never a URL. Dates it cannot read, such as the ``28/11/2026 10:00`` of some
Vietnamese feeds, are read here; a date without a time zone is Vietnam's (UTC+7).
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterable, List, Optional, Sequence, Tuple
from urllib.parse import parse_qsl, urlencode, urlunsplit

from ...errors import InputError
from ...options import VIETNAM
from ...urls import join as join_url
from ...urls import split as split_url
from ..rules.page_datelines import iso_date
from ..rules.page_runs import unescape

log = logging.getLogger(__name__)

#: Query parameters that track a click, not name an article: dropped when comparing URLs.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|zarsrc|zarsrc\w*|ref|src|source|cmpid|gidzl)$", re.IGNORECASE)


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: the article's address and what the feed says of it."""

    title: str
    link: str
    published: Optional[datetime] = None
    """When it was published (aware), if the feed says."""
    summary: str = ""
    """The feed's description, as plain text."""
    image: str = ""
    """The address of the feed's thumbnail for the item, if any."""
    feed: str = ""
    """The feed it came from."""


@dataclass(frozen=True)
class Feed:
    """A parsed feed."""

    title: str
    link: str
    items: Tuple[FeedItem, ...]


def parse_feed(data: bytes, name: str) -> Feed:
    """Parse the bytes of a feed read from ``name``; :class:`InputError` when it is not a feed."""
    import feedparser

    parsed: Any = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise InputError(f"is not an RSS or Atom feed{f' ({reason})' if reason else ''}", subject=name,
                         hint="give the feed's address, or a saved page")
    base = parsed.feed.get("link", "") or (name if "://" in name else "")
    items = []
    for entry in parsed.entries:
        link = _entry_link(entry, base)
        title = _plain(entry.get("title", ""))
        if not link or not link.lower().startswith(("http://", "https://")):
            continue
        try:
            published = _entry_date(entry)
        except OutOfRange as err:  # a CMS's placeholder (0000-00-00) or a date past year 9999: not this item's
            log.warning("%s: item %r left out: its date %r is not a real date", name, title[:60] or link,
                        str(err)[:40])
            continue
        items.append(FeedItem(title=title, link=link, published=published,
                              summary=_plain(entry.get("summary", "")), image=_entry_image(entry, base),
                              feed=name))
    return Feed(title=_plain(parsed.feed.get("title", "")), link=base, items=tuple(items))


def _entry_link(entry: Any, base: str) -> str:
    link = entry.get("link") or ""
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link and str(entry.get("id", "")).startswith(("http://", "https://")):
        link = entry["id"]
    return join_url(base, link.strip()) if link else ""


def _entry_image(entry: Any, base: str) -> str:
    for key in ("media_thumbnail", "media_content"):
        for media in entry.get(key, []) or []:
            if media.get("url"):
                return join_url(base, media["url"])
    for enclosure in entry.get("enclosures", []) or []:
        if str(enclosure.get("type", "")).startswith("image/") and enclosure.get("href"):
            return join_url(base, enclosure["href"])
    match = re.search(r"<img[^>]+src=[\"']([^\"']+)", entry.get("summary", "") or "")
    return join_url(base, unescape(match.group(1))) if match else ""


def _plain(value: str) -> str:
    """Feed text as one clean line: tags dropped, entities decoded (twice-escaped ones too)."""
    return unicodedata.normalize("NFC", " ".join(unescape(re.sub(r"<[^>]*>", " ", value or "")).split()))


class OutOfRange(ValueError):
    """A feed date that is written as one but is no real date (the message is the date as written)."""


def _entry_date(entry: Any) -> Optional[datetime]:
    """The item's date, ``None`` when it gives none that can be read; :class:`OutOfRange` for one that is written
    as a date but is none (``0000-00-00T00:00:00Z``, ``9999-12-31T23:59:59-23:59``, 32 December)."""
    for key in ("published", "updated", "created"):
        # dict.get: feedparser's own get maps a missing "updated" to "published", with a deprecation warning
        raw = dict.get(entry, key)
        if raw:
            found = parse_date(str(raw))
            if found:
                return found
        parsed = dict.get(entry, f"{key}_parsed")
        if parsed:
            try:
                year, month, day, hour, minute, second = parsed[:6]
                return _in_range(datetime(year, month, day, hour, minute, second, tzinfo=timezone.utc))
            except (ValueError, TypeError, OverflowError):
                raise OutOfRange(str(raw or parsed)) from None
        if raw and iso_date(str(raw).strip()):
            raise OutOfRange(str(raw))
    return None


def _in_range(moment: datetime) -> datetime:
    """``moment`` if it can be compared and sorted with others (its time in UTC exists), else OverflowError."""
    moment.astimezone(timezone.utc)
    return moment


def parse_date(value: str) -> Optional[datetime]:
    """A feed's date string as an aware datetime: ISO 8601 or day/month/year (read as news pages' dates are,
    :func:`exporter.read.rules.page_datelines.iso_date`), else RFC 822. A date without a zone is Vietnam's; ``None``
    when it cannot be read, :class:`OutOfRange` when it is past what a date can be (year 10000 in UTC)."""
    iso = iso_date(value.strip())
    if iso:
        try:
            found = datetime.fromisoformat(iso.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        from email.utils import parsedate_to_datetime

        try:
            found = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    found = found if found.tzinfo else found.replace(tzinfo=VIETNAM)
    try:
        return _in_range(found)
    except OverflowError:  # 9999-12-31T23:59:59-23:59 is in the year 10000 in UTC
        raise OutOfRange(value) from None


def canonical_url(url: str) -> str:
    """The address with what does not name the article removed: scheme and host case, ``www.``, the mobile
    ``m.`` host prefix, the fragment, tracking parameters and a trailing slash."""
    parts = split_url(url.strip())
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "amp."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = re.sub(r"/amp/?$", "", parts.path).rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))


def title_key(title: str) -> str:
    """A headline folded for comparison: case, punctuation and spacing ignored, diacritics kept."""
    text = unicodedata.normalize("NFC", title).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def select(items: Iterable[FeedItem], *, since: Optional[datetime] = None, limit: Optional[int] = None,
           match: Sequence[str] = ()) -> List[FeedItem]:
    """The items of one feed to read: newest first, published after ``since`` (undated items are kept),
    whose title contains one of the ``match`` words (case ignored, diacritics significant), at most
    ``limit``."""
    words = [title_key(w) for w in match if title_key(w)]
    chosen = []
    for item in items:
        if since is not None and item.published is not None and item.published < since:
            continue
        if words and not any(w in title_key(item.title) for w in words):
            continue
        chosen.append(item)
    chosen.sort(key=lambda it: it.published or datetime.min.replace(tzinfo=timezone.utc), reverse=True)
    return chosen[:limit] if limit else chosen


def dedupe(items: Iterable[FeedItem]) -> List[FeedItem]:
    """The items with repeats left out: the same article under another address (canonical URL) or in
    another feed (same headline). The first one seen is kept."""
    seen_urls, seen_titles, kept = set(), set(), []
    for item in items:
        url, title = canonical_url(item.link), title_key(item.title)
        if url in seen_urls or (title and title in seen_titles):
            continue
        seen_urls.add(url)
        if title:
            seen_titles.add(title)
        kept.append(item)
    return kept
