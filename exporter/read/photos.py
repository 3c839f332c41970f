"""The photo stage: which photos a brief keeps (``--images``) and their bytes, loaded with the same care as an
input: files next to the input, ``data:`` URIs and http(s) downloads, each bounded in size and count.

A photo that cannot be had is left out with a one-line warning naming it; its caption stays. Downloads are kept
in a size-bounded folder of the cache, so a second render does not download again.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterable, List, Optional, Sequence, Tuple, TypeVar
from urllib.parse import unquote, urlsplit

from ..errors import VnbriefError
from ..model import Article, Block
from ..options import Options

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Photos kept per article: a photo story may have many, a handout needs a few.
MAX_PHOTOS = 12
#: Largest photo read or downloaded (bytes): camera originals reach 10 MB, news sites serve under 1 MB.
MAX_PHOTO_BYTES = 12 * 1024 * 1024
#: All the photos of one article together (bytes).
MAX_ARTICLE_PHOTO_BYTES = 40 * 1024 * 1024
#: The photo cache's size: the oldest downloads are removed beyond it.
MAX_CACHE_BYTES = 200 * 1024 * 1024

#: Smallest photo worth printing: icons, avatars, share buttons and tracking pixels are below it.
MIN_SIDE = 64
MIN_AREA = 16_000
#: Wider (or taller) than this ratio is a banner or a divider, not a photo.
MAX_ASPECT = 6.0

#: ``fetch(url, max_bytes) -> bytes``: downloads one photo or raises a :class:`VnbriefError`.
Fetcher = Callable[[str, int], bytes]


class PhotoUnavailable(VnbriefError):
    """A photo that cannot be loaded (the message says why); it is left out of the brief."""


def is_decoration(width: float, height: float) -> bool:
    """True for images too small or too thin to be a news photo (icons, avatars, pixels, dividers)."""
    if width <= 0 or height <= 0:
        return True
    if min(width, height) < MIN_SIDE or width * height < MIN_AREA:
        return True
    return max(width, height) / min(width, height) > MAX_ASPECT


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


def resolve_src(src: str, base: str) -> str:
    """A photo's address made absolute: against the page's URL, or against the input file's folder. A
    ``file:`` URL becomes a path. Anything else (``javascript:`` …) is returned as given, and refused later."""
    from urllib.parse import urljoin

    src = src.strip()
    if not src or src.startswith("data:"):
        return src
    scheme = urlsplit(src).scheme.lower()
    if scheme in ("http", "https"):
        return src
    if src.startswith("//"):
        return ("https:" if not base.startswith("http:") else "http:") + src
    if base.lower().startswith(("http://", "https://")):
        return urljoin(base, src)
    if scheme == "file":
        return unquote(urlsplit(src).path)
    if scheme and len(scheme) > 1:  # "c:" is a Windows drive, not a scheme
        return src
    folder = Path(base) if base and Path(base).is_dir() else Path(base or ".").parent
    return str((folder / unquote(src.split("?", 1)[0].split("#", 1)[0])).resolve())


def split_photos(items: Sequence[T], is_photo: Callable[[T], bool],
                 text_of: Callable[[T], str]) -> Tuple[List[T], List[Tuple[str, List[T]]], List[T]]:
    """Take the photos out of a reader's items before structure finding (which reasons about positions: the
    first line, the last one): the other items, each photo run with the text of the item that followed it, and
    the photos at the very end."""
    rest: List[T] = []
    anchors: List[Tuple[str, List[T]]] = []
    pending: List[T] = []
    for item in items:
        if is_photo(item):
            pending.append(item)
            continue
        if pending:
            anchors.append((_key(text_of(item)), pending))
            pending = []
        rest.append(item)
    return rest, anchors, pending


def place_photos(blocks: Sequence[Block], anchors: Sequence[Tuple[str, Sequence[Block]]],
                 trailing: Sequence[Block] = ()) -> Tuple[Block, ...]:
    """Put photo blocks back before the block holding the text that followed them in the input (found by its
    opening words, since structure finding may trim or join lines); a photo whose text was dropped goes before
    the next one that was kept, and the rest at the end."""
    keys = [_key(b.text) for b in blocks]
    before: dict = {}
    carried: List[Block] = []
    start = 0
    for anchor, photos in anchors:
        carried += list(photos)
        probe = anchor[:60]
        later = [i for i in range(start, len(blocks)) if keys[i] and probe]
        # the block that starts as the text after the photo did; else one that holds it (a line joined to another)
        found = next((i for i in later if keys[i].startswith(probe) or anchor.startswith(keys[i][:60])), None)
        if found is None:
            found = next((i for i in later if probe in keys[i] or keys[i][:60] in anchor), None)
        if found is not None and found not in before:
            before[found], carried, start = carried, [], found
    out: List[Block] = []
    for i, block in enumerate(blocks):
        out.extend(before.get(i, []))
        out.append(block)
    return tuple(out + carried + list(trailing))


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def resolve_photos(blocks: Iterable[Block], base: str) -> Tuple[Block, ...]:
    """The blocks with every photo's address made absolute against ``base`` (a page URL or the input's path).

    Trust boundary: a page from the web may only name web photos, a file may only name files in its own
    folder or below (where "Save page as" puts them), and what came on standard input (``-``) no file at all,
    so that no input can copy another file of the user's into a brief. Other photos are dropped with a warning;
    their captions stay."""
    remote = base.lower().startswith(("http://", "https://"))
    stdin = base in ("", "-")
    folder = None if remote or stdin else _folder_of(base)
    why = "standard input names no local file" if stdin else \
        "outside the input's folder (local photos must be in the input's folder or below)"
    out = []
    for block in blocks:
        if block.photo is not None:
            src = resolve_src(block.photo.src, base)
            allowed = src.startswith("data:image/") or urlsplit(src).scheme.lower() in ("http", "https") or (
                folder is not None and _inside(src, folder))
            if not allowed:
                if src:
                    log.warning("photo %s left out: %s", photo_label(block.photo.src), why)
                continue
            block = replace(block, photo=replace(block.photo, src=src))
        out.append(block)
    return tuple(out)


def _folder_of(base: str) -> Path:
    path = Path(base or ".")
    return (path if path.is_dir() else path.parent).resolve()


def _inside(src: str, folder: Path) -> bool:
    """Whether ``src`` (a path, as :func:`resolve_src` makes local addresses) names a file under ``folder``."""
    if len(urlsplit(src).scheme) > 1:  # an address, not a path ("c:" is a Windows drive)
        return False
    try:
        Path(src).resolve().relative_to(folder)
    except (ValueError, OSError):
        return False
    return True


_MD_IMAGE = re.compile(rb"!\[[^\]\n]*\]\(\s*<?([^)>\s]+)")
_IMG_TAG = re.compile(rb"<(?:img|source)\b[^>]*>", re.IGNORECASE)
_ATTR_VALUE = re.compile(rb"""=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def _named_pictures(data: bytes) -> Iterable[str]:
    """Every address the pictures of Markdown or HTML text may come from (a quick scan of its bytes)."""
    for match in _MD_IMAGE.finditer(data):
        yield match.group(1).decode("utf-8", "replace")
    for tag in _IMG_TAG.finditer(data):
        for value in _ATTR_VALUE.finditer(tag.group(0)):
            for token in re.split(rb"[,\s]+", b"".join(part or b"" for part in value.groups())):
                if token:
                    yield token.decode("utf-8", "replace")


def owned_pictures(source: str) -> List[str]:
    """The local pictures that a Markdown or HTML input file names (Markdown images, ``<img>`` addresses) in
    its folder or below, as this stage would read them: files no output may replace. A quick scan of the
    bytes, through the size limit of every input."""
    from .bounded import read_bounded

    owned: List[str] = []
    try:
        with open(source, "rb") as handle:
            data = read_bounded(handle, source)
    except (OSError, VnbriefError):
        return owned
    home = _folder_of(source)
    for name in set(_named_pictures(data)):
        src = resolve_src(name, source)
        if src and not src.startswith("data:") and _inside(src, home) and os.path.isfile(src):
            owned.append(src)
    return owned


def load_photos(article: Article, options: Options, *, fetch: Optional[Fetcher] = None) -> Article:
    """The article with its photos' bytes loaded; photos that cannot be loaded are left out with a warning.

    ``fetch`` downloads http(s) photos (default: :func:`exporter.read.url.fetch_image` with ``options``'
    timeout); downloads go through the photo cache unless ``options.use_cache`` is off.
    """
    if not any(b.kind == "image" for b in article.blocks):
        return article
    if fetch is None:
        def fetch(url: str, limit: int) -> bytes:
            from .url import fetch_image  # the network stack: only when a photo is on the web

            return fetch_image(url, timeout=options.timeout, max_bytes=limit)

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


def photo_label(src: str, width: int = 80) -> str:
    """A photo's address as a warning names it: one line, ``data:`` addresses cut short."""
    text = src if not src.startswith("data:") else src[:30] + "…"
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return text if len(text) <= width else text[: width - 1] + "…"


def _load(src: str, limit: int, fetch: Fetcher, cache: Optional[PhotoCache]) -> bytes:
    if limit <= 0:
        raise PhotoUnavailable("the article's photos are too large together",
                               hint=f"over {MAX_ARTICLE_PHOTO_BYTES // (1024 * 1024)} MB")
    if src.startswith("data:"):
        return _data_uri(src, limit)
    scheme = urlsplit(src).scheme.lower()
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
    try:
        if not path.is_file():
            raise PhotoUnavailable("no such file" if not path.exists() else "not a regular file")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # bounded: a device or a growing file cannot make us read more
    except PhotoUnavailable:
        raise
    except OSError as err:
        raise PhotoUnavailable(f"cannot be read ({err.strerror or err})") from None
    if len(data) > limit:
        raise PhotoUnavailable(f"too large (over {limit // (1024 * 1024)} MB)")
    return data


class PhotoCache:
    """Downloaded photos by URL, in ``<cache folder>/photos``; the oldest are removed beyond
    :data:`MAX_CACHE_BYTES`. A cache that cannot be used is skipped silently: photos are downloaded again."""

    def __init__(self, folder: Optional[str] = None, max_bytes: int = MAX_CACHE_BYTES) -> None:
        if folder:
            root = Path(folder)
        else:
            from ..translate.cache import default_cache_dir

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
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        try:
            path = self._path(url)
            if path.is_symlink():
                return None
            fd = os.open(path, flags)
        except OSError:
            return None
        with os.fdopen(fd, "rb") as handle:
            try:
                import stat

                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    return None
                data = handle.read(limit + 1)
            except OSError:
                return None
        return data if len(data) <= limit else None

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
