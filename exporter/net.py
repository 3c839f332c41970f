"""The one gate every request vnbrief sends passes through: a web page, a feed, a photo, a translation provider.

- **Sessions** (:func:`http_session`): the same User-Agent, and retries by urllib3's ``Retry`` (connections
  refused or reset; for the providers, answers such as 429 and 503 too, with their ``Retry-After``).
- **The address policy** (:class:`Reach`): the addresses the user named are trusted; an address named by what
  was fetched (a photo of a page, an item of a feed, a redirect of any of them) may not reach this machine or a
  private network: loopback, private, link-local (``169.254.169.254``), multicast, reserved or unspecified
  addresses. It is checked on the addresses the name resolves to, when the connection is made (so that a name
  that resolves differently a moment later cannot slip through), at every redirect, for IPv4, IPv6 and the
  spellings of either (``2130706433``, ``0x7f.1``, ``[::ffff:127.0.0.1]``). An address on the same host (name and
  port) as one the user named is trusted too, and so is a host the user allows by name (``--allow-private-host``).
- **Credentials bound to their host** (:class:`Credentials`): a key is attached by this layer, as a header, a
  field of the JSON body or a query parameter, to requests for the one origin it belongs to, and dropped from any
  redirect to another.
- **Redirects** (:func:`send`) are followed here, hop by hop, under both rules; bodies are read through
  :func:`read_body`, bounded in size and in total time.

``requests`` and ``urllib3`` are imported when the first session is made, never at import time.
"""
from __future__ import annotations

import ipaddress
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Dict, FrozenSet, Iterable, Iterator, List, Mapping, Optional, Tuple

from ._version import __version__
from .errors import InputError
from .urls import join as join_url
from .urls import origin, parse

if TYPE_CHECKING:  # pragma: no cover
    import requests

#: Sent with every request: names the tool, its version and its home, as polite crawlers do (RFC 9110 §10.1.5).
USER_AGENT = f"vnbrief/{__version__} (+https://pypi.org/project/vnbrief/; news brief maker)"
#: Redirects followed before giving up (outlets redirect http → https → canonical, rarely more).
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024


class AddressRefused(InputError):
    """A request that the address policy refuses (the message names the host, the address and why)."""


class TooManyRedirects(InputError):
    """More redirects than :data:`MAX_REDIRECTS`."""


class BodyTooLarge(InputError):
    """An answer longer than the caller's limit."""


class BodyTooSlow(InputError):
    """An answer that did not arrive whole within the caller's time."""


# --- addresses --------------------------------------------------------------------------------------------------

def _why_not_public(address: str) -> str:
    """Why ``address`` (an IP address) is not on the public internet, or ``""`` when it is."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for test, name in (("is_loopback", "this machine (loopback)"), ("is_link_local", "a link-local network"),
                       ("is_multicast", "a multicast group"), ("is_unspecified", "no host (unspecified)"),
                       ("is_private", "a private network"), ("is_reserved", "a reserved range")):
        if getattr(ip, test):
            return name
    return "" if ip.is_global else "a range that is not public"


@dataclass(frozen=True)
class Reach:
    """Which hosts a request may reach besides the public internet: the hosts the user named (``host:port``
    pairs: an address on the same host as a page the user named is trusted) and the hosts the user allows by
    name whatever their address (``--allow-private-host``). ``Reach(everywhere=True)``: no check (the address
    the user typed, before anything is fetched)."""

    named: FrozenSet[Tuple[str, int]] = frozenset()
    allowed: FrozenSet[str] = frozenset()
    everywhere: bool = False

    @classmethod
    def of(cls, named: Iterable[Optional[str]] = (), allowed: Iterable[str] = ()) -> Reach:
        """The reach of requests made for what the user named (URLs; ``None`` and invalid ones are skipped)."""
        hosts = set()
        for url in named:
            try:
                _, host, port = parse(url or "")
            except ValueError:
                continue
            hosts.add((host, port))
        return cls(frozenset(hosts), frozenset(h.strip().strip("[]").rstrip(".").lower() for h in allowed
                                               if h.strip()))

    def trusts(self, host: str, port: int) -> bool:
        """Whether ``host:port`` may be reached whatever its addresses."""
        host = host.strip("[]").rstrip(".").lower()
        return self.everywhere or (host, port) in self.named or host in self.allowed

    def addresses(self, host: str, port: int) -> List[Tuple[Any, ...]]:
        """The ``getaddrinfo`` entries to connect to for ``host:port``, every one checked (all of them must be
        public unless the host is trusted); :class:`AddressRefused` otherwise. ``socket.gaierror`` when the
        name does not resolve."""
        import socket  # loaded with the first request, not with every local render

        infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
        if self.trusts(host, port):
            return infos
        for info in infos:
            why = _why_not_public(str(info[4][0]))
            if why:
                shown = host if host == str(info[4][0]) else f"{host} ({info[4][0]})"
                raise AddressRefused(f"not fetched: {shown} is on {why}, and its address came from a page, a feed "
                                     "or a redirect, not from you", subject=f"{host}:{port}",
                                     hint=f"give --allow-private-host {host} to allow it")
        return infos


# --- connections that obey the policy ---------------------------------------------------------------------------

def _checked_connection(base: Any, reach: Reach) -> Any:
    """A urllib3 connection class whose connections go only to addresses ``reach`` allows, the very addresses
    that were checked (a name is resolved once, here)."""
    import socket

    from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
    from urllib3.util.connection import create_connection

    class Checked(base):
        def _new_conn(self) -> socket.socket:
            if getattr(self, "proxy", None) is not None:  # to a proxy of the user's: the target is checked in send()
                return super()._new_conn()
            try:
                infos = reach.addresses(self.host, self.port)
            except socket.gaierror as err:
                raise NameResolutionError(self.host, self, err) from err
            last: Optional[OSError] = None
            for info in infos:
                try:
                    return create_connection((info[4][0], self.port), self.timeout,
                                             source_address=self.source_address, socket_options=self.socket_options)
                except socket.timeout as err:
                    raise ConnectTimeoutError(self, f"Connection to {self.host} timed out. "
                                                    f"(connect timeout={self.timeout})") from err
                except OSError as err:
                    last = err
            raise NewConnectionError(self, f"Failed to establish a new connection: {last}")

    return Checked


def _adapter(reach: Reach, retry: Any) -> Any:
    """A ``requests`` adapter whose connection pools make policy-checked connections."""
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    pools = {
        "http": type("CheckedPool", (HTTPConnectionPool,),
                     {"ConnectionCls": _checked_connection(HTTPConnection, reach)}),
        "https": type("CheckedHTTPSPool", (HTTPSConnectionPool,),
                      {"ConnectionCls": _checked_connection(HTTPSConnection, reach)}),
    }

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

    return Adapter(max_retries=retry)


def connect_retry(retries: int) -> Any:
    """urllib3's ``Retry`` for connections refused or reset before the request was sent: tried ``retries``
    more times (at once, then with a short backoff); a request that reached the server is never sent twice by
    it, nor is an error status retried."""
    from urllib3.util.retry import Retry

    return Retry(total=retries, connect=retries, read=False, status=0, other=0, redirect=False,
                 backoff_factor=0.5, raise_on_status=False, raise_on_redirect=False)


def http_session(*, reach: Reach = Reach(everywhere=True), retry: Any = None,
                 headers: Optional[Mapping[str, str]] = None) -> requests.Session:
    """A ``requests`` session sending :data:`USER_AGENT` (and ``headers``), whose every connection obeys
    ``reach``, retried as ``retry`` says (a urllib3 ``Retry``; default: :func:`connect_retry` of 0). Send with
    :func:`send` (redirects under the policy and the credentials' binding), not with the session's own methods."""
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    if headers:
        session.headers.update(headers)
    adapter = _adapter(reach, retry if retry is not None else connect_retry(0))
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.reach = reach  # type: ignore[attr-defined]
    return session


# --- credentials and redirects ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Credentials:
    """A key and where it goes, bound to one origin (``scheme://host:port``): headers, fields merged into a JSON
    object body, query parameters. :func:`send` attaches them to requests for that origin only."""

    origin: str
    headers: Mapping[str, str] = field(default_factory=dict)
    fields: Mapping[str, str] = field(default_factory=dict)
    params: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def for_url(cls, url: str, **parts: Mapping[str, str]) -> Credentials:
        """Credentials bound to the origin of ``url``."""
        return cls(origin(url), **parts)


def _with_credentials(url: str, kwargs: Dict[str, Any], credentials: Optional[Credentials]) -> Dict[str, Any]:
    if credentials is None or origin(url) != credentials.origin:
        return kwargs
    out = dict(kwargs)
    if credentials.headers:
        out["headers"] = {**(kwargs.get("headers") or {}), **credentials.headers}
    if credentials.params:
        params = kwargs.get("params")
        out["params"] = [*(params.items() if isinstance(params, dict) else params or ()),
                         *credentials.params.items()]
    if credentials.fields:
        body = kwargs.get("json")
        if isinstance(body, dict):
            out["json"] = {**body, **credentials.fields}
    return out


def _proxied(session: Any, url: str) -> bool:
    """Whether ``url`` goes through a proxy the environment names (its target is then checked before sending)."""
    import requests

    if not session.trust_env:
        return False
    return bool(requests.utils.select_proxy(url, requests.utils.get_environ_proxies(url)))


def send(session: Any, method: str, url: str, *, credentials: Optional[Credentials] = None,
         max_redirects: int = MAX_REDIRECTS, on_redirect: Optional[Callable[[str, str], None]] = None,
         **kwargs: Any) -> Any:
    """Send a request and follow its redirects here, each hop under the session's :class:`Reach` and with
    ``credentials`` only for their own origin (a 307 or 308 to another host is sent without the key in its
    headers, body or query). ``max_redirects=0``: a redirect is returned, not followed. Returns the final
    response (``stream=True`` is honoured: read it with :func:`read_body`). :class:`AddressRefused`,
    :class:`TooManyRedirects`, ``ValueError`` for an address that is not a valid http(s) URL; the ``requests``
    exceptions otherwise."""

    reach: Reach = getattr(session, "reach", Reach(everywhere=True))
    hops = 0
    while True:
        scheme, host, port = parse(url)
        if _proxied(session, url):
            reach.addresses(host, port)  # the proxy connects; the target is checked as this machine resolves it
        response = session.request(method, url, allow_redirects=False, **_with_credentials(url, kwargs, credentials))
        location = response.headers.get("Location") if response.is_redirect else None
        if not location or max_redirects == 0:
            return response
        hops += 1
        if hops > max_redirects:
            response.close()
            raise TooManyRedirects(f"too many redirects (more than {max_redirects})", subject=url,
                                   hint="open it in a browser to check")
        target = join_url(url, location)
        response.close()
        if on_redirect is not None:
            on_redirect(url, target)
        if response.status_code == 303 or (response.status_code in (301, 302) and method.upper() == "POST"):
            method = "GET"  # what browsers (and requests) do: the body is not sent again
            kwargs = {k: v for k, v in kwargs.items() if k not in ("json", "data", "files")}
        url = target


def read_body(response: Any, *, max_bytes: int, deadline: float) -> bytes:
    """The body of a streamed ``response``, at most ``max_bytes`` (:class:`BodyTooLarge` beyond) and whole before
    ``deadline`` (``time.monotonic()``; :class:`BodyTooSlow` after it, checked as the pieces arrive, so that a
    server trickling a byte at a time cannot stretch it)."""
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLarge(f"too large ({int(declared) // 1024} KB)")
    chunks, size = [], 0
    for chunk in _arriving(response):
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLarge(f"too large (over {max_bytes // 1024} KB)")
        if time.monotonic() > deadline:
            raise BodyTooSlow("no complete answer in time")
        chunks.append(chunk)
    return b"".join(chunks)


def _arriving(response: Any) -> Iterator[bytes]:
    """The body in pieces as they arrive (``iter_content`` waits for whole 64 KB chunks; urllib3 ≥ 2.3 has
    ``read1``, which does not)."""
    read1 = getattr(response.raw, "read1", None)
    if read1 is None:
        yield from response.iter_content(_CHUNK)
        return
    while True:
        chunk = read1(_CHUNK, decode_content=True)
        if not chunk:
            return
        yield chunk
