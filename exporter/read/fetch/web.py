"""http(s) downloads: pages, feeds and photos fetched carefully, as bytes.

Every way a fetch can fail (an HTTP error, not a web page, too large, too slow, no connection, a redirect
loop) becomes an :class:`~exporter.errors.InputError` naming the URL and the reason, exit status 3.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from email.message import Message
from typing import Optional, Tuple
from urllib.parse import urlsplit

from ...errors import InputError
from ...net import http_session
from .bounded import MAX_INPUT_BYTES

#: Largest page accepted (bytes, after HTTP decompression): the one input limit of every source (news pages
#: weigh 0.2–1 MB with their markup).
MAX_PAGE_BYTES = MAX_INPUT_BYTES
#: Redirects followed before giving up (outlets redirect http → https → canonical, rarely more).
MAX_REDIRECTS = 5
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Content types feeds are served with (some servers send feeds as text/html or text/plain: sniffed then).
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/x-rss+xml", "text/plain")
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Wanted:
    """What a download must be: the content types accepted, the Accept header, and its name in messages."""

    types: Tuple[str, ...]
    accept: str
    noun: str
    hint: str


IMAGE = Wanted(("image/jpeg", "image/pjpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/x-ms-bmp",
                "image/tiff", "image/svg+xml", "image/heic", "image/avif"),
               "image/jpeg,image/png,image/webp,image/gif;q=0.9,image/*;q=0.5", "an image", "")
PAGE = Wanted(_HTML_TYPES, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5", "a web page",
              "give the address of an article page")
PAGE_OR_FEED = Wanted(_HTML_TYPES + FEED_TYPES,
                      "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml;q=0.9,*/*;q=0.5",
                      "a web page or a feed", "give the address of an article page or of an RSS/Atom feed")


@dataclass(frozen=True)
class Page:
    """A fetched page: its bytes, the URL it finally came from and the charset its header declared."""

    data: bytes
    url: str
    charset: Optional[str]
    content_type: str


def _content_type(header: str) -> Tuple[str, Optional[str]]:
    """``text/html; charset=windows-1258`` → ``("text/html", "windows-1258")``."""
    message = Message()
    message["content-type"] = header or ""
    charset = message.get_param("charset")
    return message.get_content_type().lower(), charset if isinstance(charset, str) else None


def _fail(url: str, message: str, hint: str = "") -> InputError:
    return InputError(message, subject=url, hint=hint)


def fetch(url: str, *, timeout: float, max_bytes: int = MAX_PAGE_BYTES,
          max_redirects: int = MAX_REDIRECTS, wanted: Wanted = PAGE) -> Page:
    """Download a web page (or what ``wanted`` says: a photo, a feed) with a User-Agent naming vnbrief, at most
    ``max_redirects`` redirects, at most ``max_bytes`` bytes, and no more than about ``timeout`` seconds in all
    (each connect and each read is bounded by it, and so is the whole download, which a server trickling bytes
    cannot stretch)."""
    import requests
    import urllib3

    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError as err:  # 'http://[::1/x': an unclosed IPv6 bracket
        raise _fail(url, f"invalid address ({err})", "check the address") from None
    if scheme not in ("http", "https"):
        raise _fail(url, f"unsupported address scheme {scheme or '(none)'!r}", "give an http:// or https:// URL")
    deadline = time.monotonic() + timeout
    headers = {"Accept": wanted.accept, "Accept-Language": "vi,en;q=0.5"}
    with http_session(connect_retries=1, headers=headers) as session:
        session.max_redirects = max_redirects
        try:
            with session.get(url, stream=True, timeout=(timeout, timeout), allow_redirects=True) as response:
                final = response.url or url
                if response.status_code >= 400:
                    reason = response.reason or ""
                    hint = "check the address" if response.status_code < 500 else "the site failed; try again later"
                    raise _fail(url, f"HTTP {response.status_code} {reason}".strip(), hint)
                header = response.headers.get("Content-Type", "")
                ctype, charset = _content_type(header) if header else ("", None)
                if ctype and ctype not in wanted.types:
                    raise _fail(url, f"is not {wanted.noun} (content type {ctype})", wanted.hint)
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise _fail(url, f"too large ({int(declared) // 1024} KB)",
                                f"downloads over {max_bytes // 1024} KB are refused")
                chunks, size = [], 0
                for chunk in _arriving(response):
                    size += len(chunk)
                    if size > max_bytes:
                        raise _fail(url, f"too large (over {max_bytes // 1024} KB)",
                                    f"downloads over {max_bytes // 1024} KB are refused")
                    if time.monotonic() > deadline:
                        raise _fail(url, f"no complete answer within {timeout:g} s",
                                    "the site is too slow; try again later")
                    chunks.append(chunk)
        except InputError:
            raise
        except requests.TooManyRedirects:
            raise _fail(url, f"too many redirects (more than {max_redirects})", "open it in a browser to check") \
                from None
        except (requests.Timeout, urllib3.exceptions.TimeoutError):
            raise _fail(url, f"no answer within {timeout:g} s", "the site is too slow or down; try again later") \
                from None
        except requests.exceptions.SSLError:
            raise _fail(url, "secure connection failed (TLS certificate problem)", "check the address") from None
        except urllib3.exceptions.ProtocolError:
            raise _fail(url, "connection broken during the download", "try again later") from None
        except requests.ConnectionError as err:
            text = str(err).lower()
            reason = "connection refused" if "refused" in text else \
                "host not found" if ("resolve" in text or "name or service" in text or "getaddrinfo" in text) else \
                "could not connect"
            raise _fail(url, reason, "check the address and your network") from None
        except (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                requests.exceptions.InvalidSchema, ValueError) as err:
            raise _fail(url, f"invalid address ({err})", "check the address") from None
        except (requests.RequestException, urllib3.exceptions.HTTPError) as err:
            raise _fail(url, f"download failed ({type(err).__name__})", "try again later") from None
    data = b"".join(chunks)
    if not ctype and wanted is not IMAGE and not _starts_like_html(data, feeds=wanted is PAGE_OR_FEED):
        raise _fail(url, f"is not {wanted.noun} (no content type, and not HTML)", wanted.hint)
    return Page(data=data, url=final, charset=charset, content_type=ctype or ("text/html" if wanted is not IMAGE
                                                                              else ""))


def fetch_image(url: str, *, timeout: float, max_bytes: int) -> bytes:
    """Download one photo of an article with the same guards as its page (http(s) only, redirects, size and
    time bounds) and an image content type; :class:`InputError` otherwise."""
    return fetch(url, timeout=timeout, max_bytes=max_bytes, wanted=IMAGE).data


def _arriving(response):
    """The body in pieces as they arrive, so that the deadline is checked while a server trickles bytes
    (``iter_content`` waits for whole 64 KB chunks; urllib3 ≥ 2.3 has ``read1``, which does not)."""
    read1 = getattr(response.raw, "read1", None)
    if read1 is None:
        yield from response.iter_content(_CHUNK)
        return
    while True:
        chunk = read1(_CHUNK, decode_content=True)
        if not chunk:
            return
        yield chunk


def _starts_like_html(data: bytes, feeds: bool = False) -> bool:
    """For a server that sent no content type: do the bytes start like an HTML page (or a feed)?"""
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--")
                           + ((b"<rss", b"<feed", b"<rdf") if feeds else ()))

