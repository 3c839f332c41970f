"""The photo stage: which photos a brief keeps (``--images``) and their bytes, loaded with the same care as an
input: files next to the input, ``data:`` URIs and http(s) downloads, each bounded in size and count.

A photo that cannot be had is left out with a one-line warning naming it; its caption stays. Downloads are kept
in a size-bounded folder of the cache, so a second render does not download again.
"""
from __future__ import annotations

import logging
import os
from dataclasses import replace
from pathlib import Path
from typing import Callable, List, Optional
from urllib.parse import unquote

from ..errors import InputError, VnbriefError
from ..model import Article, Block
from ..net import Reach
from ..options import Options
from ..resources import default_cache_dir
from ..urls import split as split_url
from .fetch.bounded import NoSuchFile, NotAFile, NotARegularFile, TooLarge, read_file
from .rules.photo_places import photo_label

log = logging.getLogger(__name__)

#: Photos kept per article: a photo story may have many, a handout needs a few.
MAX_PHOTOS = 12
#: Largest photo read or downloaded (bytes): camera originals reach 10 MB, news sites serve under 1 MB.
MAX_PHOTO_BYTES = 12 * 1024 * 1024
#: All the photos of one article together (bytes).
MAX_ARTICLE_PHOTO_BYTES = 40 * 1024 * 1024
#: The photo cache's size: the oldest downloads are removed beyond it.
MAX_CACHE_BYTES = 200 * 1024 * 1024

#: ``fetch(url, max_bytes) -> bytes``: downloads one photo or raises a :class:`VnbriefError`.
Fetcher = Callable[[str, int], bytes]


class PhotoUnavailable(VnbriefError):
    """A photo that cannot be loaded (the message says why); it is left out of the brief."""


def choose_photos(article: Article, mode: str) -> Article:
    """The article with the photos ``--images`` asks for: ``all`` (and ``link``), only the first (``lead``),
    or ``none``. Captions always stay."""
    if mode in ("all", "link"):
        return article
    kept: List[Block] = []
    seen = False
    for block in article.blocks:
        if block.kind == "image":
            if mode == "none" or seen:
                continue
            seen = True
        kept.append(block)
    return replace(article, blocks=tuple(kept))


def load_photos(article: Article, options: Options, *, fetch: Optional[Fetcher] = None,
                reach: Optional[Reach] = None) -> Article:
    """The article with its photos' bytes loaded; photos that cannot be loaded are left out with a warning.

    ``fetch`` downloads http(s) photos (default: :func:`exporter.read.fetch.web.fetch_image` with ``options``'
    timeout, under the address policy ``reach``: the photos were named by the article, so only the host the user
    named for it, and ``--allow-private-host``, may be private); downloads go through the photo cache unless
    ``options.use_cache`` is off.
    """
    if not any(b.kind == "image" for b in article.blocks):
        return article
    if fetch is None:
        policy = reach or Reach.of([], options.allow_private_hosts)

        def fetch(url: str, limit: int) -> bytes:
            from .fetch.web import fetch_image  # the network stack: only when a photo is on the web

            return fetch_image(url, timeout=options.timeout, max_bytes=limit, reach=policy)

    cache = PhotoCache(options.cache_dir) if options.use_cache else None
    blocks: List[Block] = []
    count = total = 0
    for block in article.blocks:
        if block.kind != "image" or block.photo is None:
            blocks.append(block)
            continue
        photo = block.photo
        if count >= MAX_PHOTOS:
            log.warning("more than %d photos; photo %s left out", MAX_PHOTOS, photo_label(photo.src))
            continue
        try:
            data = photo.data or _load(photo.src, min(MAX_PHOTO_BYTES, MAX_ARTICLE_PHOTO_BYTES - total),
                                       fetch, cache)
        except VnbriefError as err:
            log.warning("photo %s left out: %s", photo_label(photo.src), err.message +
                        (f" ({err.hint})" if err.hint else ""))
            continue
        count += 1
        total += len(data)
        blocks.append(replace(block, photo=replace(photo, data=data)))
    return replace(article, blocks=tuple(blocks))


def _load(src: str, limit: int, fetch: Fetcher, cache: Optional[PhotoCache]) -> bytes:
    if limit <= 0:
        raise PhotoUnavailable("the article's photos are too large together",
                               hint=f"over {MAX_ARTICLE_PHOTO_BYTES // (1024 * 1024)} MB")
    if src.startswith("data:"):
        return _data_uri(src, limit)
    scheme = split_url(src).scheme.lower()
    if scheme in ("http", "https"):
        cached = cache.get(src, limit) if cache else None
        if cached is not None:
            return cached
        data = fetch(src, limit)
        if cache:
            cache.put(src, data)
        return data
    if scheme and len(scheme) > 1:
        raise PhotoUnavailable(f"unsupported address scheme {scheme!r}")
    return _read_file(Path(src), limit)


def _data_uri(src: str, limit: int) -> bytes:
    import base64
    import binascii

    header, _, payload = src.partition(",")
    if not header.startswith("data:image/"):
        raise PhotoUnavailable("a data: address that is not an image")
    if len(payload) > limit * 4 // 3 + 4:
        raise PhotoUnavailable("embedded photo too large")
    try:
        return base64.b64decode(payload, validate=False) if header.endswith(";base64") else \
            unquote(payload).encode("latin-1")
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise PhotoUnavailable("embedded photo is not valid base64") from None


def _read_file(path: Path, limit: int) -> bytes:
    """A photo file beside the input, through the one gate every file read passes (bounded, and only a regular
    file: a pipe or a device an article names is refused unread)."""
    try:
        return read_file(path, str(path), limit=limit, regular=True)
    except NoSuchFile:
        raise PhotoUnavailable("no such file") from None
    except (NotAFile, NotARegularFile):
        raise PhotoUnavailable("not a regular file") from None
    except TooLarge:
        raise PhotoUnavailable(f"too large (over {limit // (1024 * 1024)} MB)") from None
    except InputError as err:
        raise PhotoUnavailable(err.message) from None


class PhotoCache:
    """Downloaded photos by URL, in ``<cache folder>/photos``; the oldest are removed beyond
    :data:`MAX_CACHE_BYTES`. A cache that cannot be used is skipped silently: photos are downloaded again."""

    def __init__(self, folder: Optional[str] = None, max_bytes: int = MAX_CACHE_BYTES) -> None:
        if folder:
            root = Path(folder)
        else:
            root = default_cache_dir()
        self.folder = root / "photos"
        self.max_bytes = max_bytes

    def _path(self, url: str) -> Path:
        import hashlib  # loads OpenSSL: only when a photo is downloaded

        return self.folder / hashlib.sha256(url.encode("utf-8")).hexdigest()

    def get(self, url: str, limit: int = MAX_PHOTO_BYTES) -> Optional[bytes]:
        """The bytes downloaded earlier from ``url``, or ``None``: an entry that is not a regular file of this
        folder (a link planted to a file elsewhere, or to ``/dev/zero``) or larger than ``limit`` is not
        trusted, and the photo is downloaded again (its download then replaces the entry)."""
        try:
            return read_file(self._path(url), url, limit=limit, regular=True, follow=False)
        except InputError:  # missing, a link, not a regular file, too large, unreadable
            return None

    def put(self, url: str, data: bytes) -> None:
        """Keep ``data`` for ``url`` (atomically), then trim the cache to its size."""
        from ..atomic import write_atomic

        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path = self._path(url)
            if path.is_symlink():  # an entry planted as a link is removed, never written through
                path.unlink()
            write_atomic(path, data)
            self._trim()
        except (OSError, VnbriefError) as err:
            log.debug("photo cache not written: %s", err)

    def _trim(self) -> None:
        entries = []
        for entry in os.scandir(self.folder):
            if entry.is_file() and len(entry.name) == 64:
                stat = entry.stat()
                entries.append((stat.st_mtime, stat.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            try:
                os.unlink(path)
                total -= size
            except OSError:
                pass
