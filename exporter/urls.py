"""Web addresses read once, the way the HTTP client reads them.

A URL names the host a request goes to; two parsers that disagree on it (``http://127.0.0.1:9\\@api.openai.com``:
Python's ``urlsplit`` says api.openai.com, urllib3 connects to 127.0.0.1) let a key meant for one host reach
another. Every decision about a host (where a key may go, which addresses the policy trusts, which origin a
credential belongs to) uses :func:`parse`, urllib3's own parser, and addresses that parsers read differently
(backslashes, user info, control characters) are refused outright. urllib3 is imported when an address is read.
"""
from __future__ import annotations

from typing import Tuple
from urllib.parse import SplitResult, urljoin, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse(url: str) -> Tuple[str, str, int]:
    """``(scheme, host, port)`` of an http(s) URL as urllib3 reads it (the host the request really goes to), the
    host in lower case without IPv6 brackets or a final dot. ``ValueError`` saying why for anything else: another
    scheme, no host, a bad port, user info (``user@``), backslashes, spaces or control characters."""
    scheme = urlsplit(url).scheme.lower()  # ValueError for 'http://[::1/x' (an unclosed IPv6 bracket)
    if scheme not in DEFAULT_PORTS:  # a file's path: told without loading urllib3 (a tenth of a cold render)
        raise ValueError(f"unsupported address scheme {scheme or '(none)'!r}")
    if "\\" in url or any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ValueError("backslashes, spaces and control characters are not allowed in an address")
    from urllib3.exceptions import LocationParseError
    from urllib3.util import parse_url

    try:
        parts = parse_url(url)
    except LocationParseError as err:
        raise ValueError(str(err)) from None
    scheme = (parts.scheme or "").lower()
    if scheme not in DEFAULT_PORTS or not parts.host:
        raise ValueError("not an http:// or https:// address with a host")
    if parts.auth is not None or "@" in (parts.netloc or ""):
        raise ValueError("user names and passwords in an address are not allowed")
    host = parts.host.strip("[]").rstrip(".").lower()
    return scheme, host, parts.port or DEFAULT_PORTS[scheme]


def split(url: str) -> SplitResult:
    """``urllib.parse.urlsplit`` for addresses that come from outside (a page's photos and canonical link, a feed's
    items, what the user typed): one that cannot be split (``http://[::1/x``, an unclosed IPv6 bracket) gives
    empty parts instead of an exception, and is then refused or ignored like any address that is not http(s)."""
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def join(base: str, ref: str) -> str:
    """``urllib.parse.urljoin`` for addresses from outside; ``""`` when either cannot be read (an unclosed IPv6
    bracket): no address, refused or ignored like any other that is not http(s)."""
    try:
        return urljoin(base, ref)
    except ValueError:
        return ""


def host_of(url: str) -> str:
    """The host of ``url`` as :func:`parse` reads it; ``""`` when it is not a valid http(s) address."""
    try:
        return parse(url)[1]
    except ValueError:
        return ""


def origin(url: str) -> str:
    """``scheme://host:port`` of ``url`` (see :func:`parse`); ``""`` when it is not a valid http(s) address."""
    try:
        scheme, host, port = parse(url)
    except ValueError:
        return ""
    return f"{scheme}://{host}:{port}"


def on_host(url: str, *suffixes: str) -> bool:
    """Whether ``url``'s host is one of ``suffixes`` or under one (``api.openai.com``; ``.openai.azure.com``)."""
    host = host_of(url)
    return bool(host) and any(host == s.lstrip(".") or host.endswith("." + s.lstrip(".")) for s in suffixes)
