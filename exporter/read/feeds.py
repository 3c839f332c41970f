"""Feeds named as inputs → the addresses of the articles they list: each feed fetched (or read from a file) with
the input bounds, parsed (:mod:`exporter.read.parse.feed`), its items chosen (``--since``, ``--limit``, ``--match``)
and the same article met twice kept once."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, List, Optional, Sequence, Tuple

from ..errors import InputError
from ..urls import split as split_url
from .feed_names import looks_like_feed, names_feed
from .fetch.files import load_bytes
from .parse.feed import Feed, FeedItem, dedupe, parse_feed, select


def load_feed(spec: str, *, timeout: float, allowed: Sequence[str] = ()) -> Feed:
    """Read and parse the feed ``spec`` names (a URL, downloaded with the page guards, or a file, read with
    the input size limit); :class:`InputError` for anything that is not a feed. ``allowed``: the hosts of
    ``--allow-private-host``."""
    from ..net import Reach
    from .fetch.web import PAGE_OR_FEED, fetch  # the network stack: only for an address

    if spec.lower().startswith(("http://", "https://")):
        page = fetch(spec, timeout=timeout, wanted=PAGE_OR_FEED, reach=Reach.of([spec], allowed))
        data, name = page.data, page.url
    else:
        data, name = load_bytes(spec, timeout), spec
    if not looks_like_feed(data):
        raise InputError("is not an RSS or Atom feed", subject=spec,
                         hint="give the address of a feed, or the article's own address")
    feed = parse_feed(data, name)
    return Feed(feed.title, feed.link, tuple(FeedItem(i.title, i.link, i.published, i.summary, i.image, spec)
                                             for i in feed.items))


@dataclass(frozen=True)
class FeedReport:
    """What became of one feed of a digest: how many items it listed and took, or why it failed."""

    feed: str
    title: str = ""
    listed: int = 0
    taken: int = 0
    error: Optional[InputError] = None
    links: Tuple[str, ...] = ()
    """The addresses taken from it: named by the feed, not by the user (see :class:`exporter.net.Reach`)."""


def expand_feeds(specs: Sequence[str], *, timeout: float, since: Optional[datetime] = None,
                 limit: Optional[int] = None, match: Sequence[str] = (), jobs: int = 1,
                 loader: Any = None, allowed: Sequence[str] = ()) -> Tuple[List[str], List[FeedReport]]:
    """The inputs with every feed replaced by the addresses of its chosen items (newest first; the same
    article in several feeds, or given directly too, once). Feeds are read ``jobs`` at a time. A feed that
    cannot be read is reported and left out; it never stops the others."""
    from concurrent.futures import ThreadPoolExecutor

    load = loader or (lambda spec: load_feed(spec, timeout=timeout, allowed=allowed))
    feeds = [spec for spec in specs if names_feed(spec)]

    def attempt(spec: str) -> Any:
        try:
            return load(spec)
        except InputError as err:
            return err

    with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(feeds) or 1))) as pool:
        loaded = dict(zip(feeds, pool.map(attempt, feeds)))
    out: List[str] = []
    reports: List[FeedReport] = []
    taken: List[FeedItem] = [FeedItem("", spec) for spec in specs if spec.lower().startswith(("http://", "https://"))
                             and spec not in loaded]  # articles given directly are not taken again from a feed
    for spec in specs:
        if spec not in loaded:
            out.append(spec)
            continue
        feed = loaded[spec]
        if isinstance(feed, InputError):
            reports.append(FeedReport(spec, error=feed))
            continue
        chosen = select(feed.items, since=since, limit=limit, match=match)
        fresh = dedupe(taken + chosen)[len(taken):]
        taken.extend(fresh)
        out.extend(item.link for item in fresh)
        reports.append(FeedReport(spec, feed.title, len(feed.items), len(fresh), links=tuple(i.link for i in fresh)))
    return out, reports


def hosts(specs: Sequence[str]) -> int:
    """How many different web sites the addresses among ``specs`` are on."""
    return len({(split_url(s).hostname or "").removeprefix("www.") for s in specs
                if s.lower().startswith(("http://", "https://"))})
