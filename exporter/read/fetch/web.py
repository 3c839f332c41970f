"""http(s) downloads: pages, feeds and photos fetched carefully, as bytes.

Every way a fetch can fail (an HTTP error, not a web page, too large, too slow, no connection, a redirect
loop) becomes an :class:`~exporter.errors.InputError` naming the URL and the reason, exit status 3.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from email.message import Message
from typing import Optional, Tuple

from ...errors import InputError
from ...net import (
    MAX_REDIRECTS,
    AddressRefused,
    BodyTooLarge,
    BodyTooSlow,
    Reach,
    TooManyRedirects,
    connect_retry,
    http_session,
    read_body,
    send,
)
from ...urls import parse as parse_url
from .bounded import MAX_INPUT_BYTES

#: Largest page accepted (bytes, after HTTP decompression): the one input limit of every source (news pages
#: weigh 0.2–1 MB with their markup).
MAX_PAGE_BYTES = MAX_INPUT_BYTES
_HTML_TYPES = ("text/html", "application/xhtml+xml")
#: Content types feeds are served with (some servers send feeds as text/html or text/plain: sniffed then).
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
              "application/x-rss+xml", "text/plain")


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


def fetch(url: str, *, timeout: float, max_bytes: int = MAX_PAGE_BYTES, max_redirects: int = MAX_REDIRECTS,
          wanted: Wanted = PAGE, reach: Optional[Reach] = None) -> Page:
    """Download a web page (or what ``wanted`` says: a photo, a feed) through the network gate
    (:mod:`exporter.net`): a User-Agent naming vnbrief, at most ``max_redirects`` redirects, every connection
    (redirects included) under the address policy ``reach`` (default: ``url`` was named by the user), at most
    ``max_bytes`` bytes, and no more than about ``timeout`` seconds in all (each connect and each read is bounded
    by it, and so is the whole download, which a server trickling bytes cannot stretch)."""
    import requests
    import urllib3

    try:
        parse_url(url)
    except ValueError as err:  # 'http://[::1/x': an unclosed IPv6 bracket; ftp://, a user name, a backslash
        if str(err).startswith("unsupported address scheme"):
            raise _fail(url, str(err), "give an http:// or https:// URL") from None
        raise _fail(url, f"invalid address ({err})", "check the address") from None
    deadline = time.monotonic() + timeout
    headers = {"Accept": wanted.accept, "Accept-Language": "vi,en;q=0.5"}
    hops = []
    with http_session(reach=reach or Reach.of([url]), retry=connect_retry(1), headers=headers) as session:
        try:
            with send(session, "GET", url, stream=True, timeout=(timeout, timeout), max_redirects=max_redirects,
                      on_redirect=lambda _, target: hops.append(target)) as response:
                final = hops[-1] if hops else url
                if response.status_code >= 400:
                    reason = response.reason or ""
                    hint = "check the address" if response.status_code < 500 else "the site failed; try again later"
                    raise _fail(url, f"HTTP {response.status_code} {reason}".strip(), hint)
                header = response.headers.get("Content-Type", "")
                ctype, charset = _content_type(header) if header else ("", None)
                if ctype and ctype not in wanted.types:
                    raise _fail(url, f"is not {wanted.noun} (content type {ctype})", wanted.hint)
                data = read_body(response, max_bytes=max_bytes, deadline=deadline)
        except (BodyTooLarge, BodyTooSlow, AddressRefused, TooManyRedirects) as err:  # before InputError: theirs
            raise _failure(url, err, timeout=timeout, max_bytes=max_bytes) from None
        except InputError:
            raise
        except (ValueError, requests.RequestException, urllib3.exceptions.HTTPError) as err:
            raise _failure(url, err, timeout=timeout, max_bytes=max_bytes) from None
    if not ctype and wanted is not IMAGE and not _starts_like_html(data, feeds=wanted is PAGE_OR_FEED):
        raise _fail(url, f"is not {wanted.noun} (no content type, and not HTML)", wanted.hint)
    return Page(data=data, url=final, charset=charset, content_type=ctype or ("text/html" if wanted is not IMAGE
                                                                              else ""))



def _failure(url: str, err: Exception, *, timeout: float, max_bytes: int) -> InputError:
    """The one-line error a failed download is reported with, naming the address and what to do."""
    import requests
    import urllib3

    if isinstance(err, BodyTooLarge):
        return _fail(url, err.message, f"downloads over {max_bytes // 1024} KB are refused")
    if isinstance(err, BodyTooSlow):
        return _fail(url, f"no complete answer within {timeout:g} s", "the site is too slow; try again later")
    if isinstance(err, (AddressRefused, TooManyRedirects)):
        return _fail(url, err.message, err.hint)
    if isinstance(err, (requests.Timeout, urllib3.exceptions.TimeoutError)):
        return _fail(url, f"no answer within {timeout:g} s", "the site is too slow or down; try again later")
    if isinstance(err, requests.exceptions.SSLError):
        return _fail(url, "secure connection failed (TLS certificate problem)", "check the address")
    if isinstance(err, urllib3.exceptions.ProtocolError):
        return _fail(url, "connection broken during the download", "try again later")
    if isinstance(err, requests.ConnectionError):
        text = str(err).lower()
        reason = "connection refused" if "refused" in text else \
            "host not found" if ("resolve" in text or "name or service" in text or "getaddrinfo" in text) else \
            "could not connect"
        return _fail(url, reason, "check the address and your network")
    if isinstance(err, (requests.exceptions.InvalidURL, requests.exceptions.MissingSchema,
                        requests.exceptions.InvalidSchema, ValueError)):
        return _fail(url, f"invalid address ({err})", "check the address")
    return _fail(url, f"download failed ({type(err).__name__})", "try again later")

def fetch_image(url: str, *, timeout: float, max_bytes: int, reach: Optional[Reach] = None) -> bytes:
    """Download one photo of an article with the same guards as its page (http(s) only, redirects, size and
    time bounds, the address policy ``reach``: the photo's address was named by the page, not the user) and an
    image content type; :class:`InputError` otherwise."""
    return fetch(url, timeout=timeout, max_bytes=max_bytes, wanted=IMAGE, reach=reach or Reach()).data


def _starts_like_html(data: bytes, feeds: bool = False) -> bool:
    """For a server that sent no content type: do the bytes start like an HTML page (or a feed)?"""
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--")
                           + ((b"<rss", b"<feed", b"<rdf") if feeds else ()))

