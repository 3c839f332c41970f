"""HTTP for the translation providers: a timeout on every request, retries with backoff, a request counter.

deep-translator calls ``requests.get``/``requests.post`` at module level with no timeout, no retry and no
way to pass a session. :func:`route_deep_translator` swaps the ``requests`` name inside the deep-translator
modules we use for a small proxy object: while a :class:`HttpClient` is active in the current thread (the
:meth:`HttpClient.active` context), their calls go through that client; otherwise they reach ``requests``
unchanged, so other users of deep-translator in the same process see no difference.

Retries: 429, 500, 502, 503, 504 answers and connection failures are retried with exponential backoff and
jitter (1 s, 2 s, 4 s … each between half and all of that, capped at 30 s), at most ``attempts`` tries in
all; a ``Retry-After`` header (seconds or an HTTP date) is honoured, and when it asks for more than
``max_retry_after`` the client gives up at once. ``rps`` spaces the requests of all threads evenly
(``--rps``). A read timeout is not retried: a server that hung once for ``timeout`` seconds is reported rather
than waited for again.
"""
from __future__ import annotations

import contextlib
import email.utils
import logging
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional
from urllib.parse import urlsplit

from ..errors import ProviderUnreachable, TranslationError, manual
from ..net import http_session

log = logging.getLogger(__name__)

__all__ = ["RetryPolicy", "HttpClient", "route_deep_translator", "RETRY_STATUSES"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry. Tests pass a ``sleep`` that records instead of sleeping."""

    attempts: int = 4
    """Tries in all, the first included."""
    base_delay: float = 1.0
    """Wait before the first retry; doubled for each further one."""
    max_delay: float = 30.0
    """Cap of one wait computed by backoff."""
    max_retry_after: float = 120.0
    """Longest ``Retry-After`` honoured; a longer one ends the retries."""
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    random: Callable[[], float] = field(default=random.random, compare=False)

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1, 2 …): exponential, with "equal jitter"."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (retry - 1)))
        return ceiling / 2 + self.random() * ceiling / 2


def retry_after_seconds(value: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """Parse a ``Retry-After`` header: delta-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class HttpClient:
    """Sends requests for one provider: timeout, retries, counting; one ``requests.Session`` per thread."""

    def __init__(self, label: str, *, timeout: float, retry: Optional[RetryPolicy] = None,
                 rps: Optional[float] = None, address_given: bool = False) -> None:
        self.label = label
        """Provider name used in error messages (``LibreTranslate``, ``DeepL`` …)."""
        self.address_given = address_given
        """Whether the user named the provider's address (``--provider-url``): what to check when it cannot be
        reached is then that address, else the network."""
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.requests = 0
        """HTTP requests sent so far, retries included."""
        self._lock = threading.Lock()
        self._local = threading.local()
        self._sessions: list = []
        self._interval = 1.0 / rps if rps and rps > 0 else 0.0
        self._next_slot = 0.0

    def _session(self) -> Any:
        session = getattr(self._local, "session", None)
        if session is None:
            session = http_session()  # retries are this client's own (see the module docstring)
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        """Close the connections of every thread's session."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._local = threading.local()

    def forget_last(self) -> None:
        """Clear :attr:`last_response` for this thread (before a call whose errors we want to explain)."""
        self._local.last = None

    @property
    def last_response(self) -> Any:
        """The last response this thread received (to read an error message deep-translator dropped)."""
        return getattr(self._local, "last", None)

    def request(self, method: str, url: str, *, retry: bool = True, **kwargs: Any) -> Any:
        """Send a request; retry as the policy says (``retry=False``: one try). Returns the last response,
        whatever its status; raises :class:`ProviderUnreachable` when no response came (timeout, refused
        connection …)."""
        import requests

        kwargs.pop("timeout", None)
        policy = self.retry
        attempts = max(1, policy.attempts) if retry else 1
        for attempt in range(1, attempts + 1):
            self._pace()
            with self._lock:
                self.requests += 1
            failure: Optional[str] = None
            wait: Optional[float] = None
            try:
                response = self._session().request(method, url, timeout=self.timeout, **kwargs)
            except requests.exceptions.ReadTimeout:
                raise ProviderUnreachable(
                    f"no answer from {_origin(url)} within {self.timeout:g} s", subject=self.label,
                    hint="the server may be overloaded; try again later or raise --timeout") from None
            except (requests.exceptions.ConnectionError, requests.exceptions.ConnectTimeout) as exc:
                log.debug("%s: cannot connect to %s: %s", self.label, _origin(url), exc)
                if _unresolved(exc):  # no network, or no such host: seconds of retrying change neither
                    raise ProviderUnreachable(f"cannot be reached: no address found for {urlsplit(url).hostname}",
                                              subject=self.label, hint=self._unreachable_hint()) from None
                failure = f"cannot connect to {_origin(url)}"
            except requests.exceptions.RequestException as exc:
                raise TranslationError(f"request failed: {exc}", subject=self.label) from None
            else:
                self._local.last = response
                if response.status_code not in RETRY_STATUSES:
                    return response
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                if wait is not None and wait > policy.max_retry_after:
                    log.warning("%s asks to wait %.0f s before retrying; giving up", self.label, wait)
                    return response
                failure = f"HTTP {response.status_code}"
            if attempt >= attempts:
                if failure and failure.startswith("cannot connect"):
                    raise ProviderUnreachable(f"{failure} after {attempts} tries", subject=self.label,
                                              hint=self._unreachable_hint()) from None
                return response
            delay = wait if wait is not None else policy.backoff(attempt)
            # said with -v: the error at the end, or the answer, is what matters
            log.info("%s: %s; retry %d of %d in %.1f s", self.label, failure, attempt, policy.attempts - 1, delay)
            policy.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    def _unreachable_hint(self) -> str:
        if self.address_given:
            return "check the address given to --provider-url, and that the server there is running"
        return ("check the network connection, or translate with a self-hosted or local engine: see "
                + manual("translation.md#translating-without-the-internet"))

    def _pace(self) -> None:
        """Wait for this request's slot under ``rps`` (requests per second, shared by every thread)."""
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
        if slot > now:
            time.sleep(slot - now)

    @contextlib.contextmanager
    def active(self) -> Iterator[HttpClient]:
        """Route deep-translator's module-level ``requests`` calls made in this thread through this client."""
        previous = getattr(_ROUTE, "client", None)
        _ROUTE.client = self
        try:
            yield self
        finally:
            _ROUTE.client = previous


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else url


_ROUTE = threading.local()


class _RequestsProxy:
    """Stands in for the ``requests`` module inside a deep-translator module (see the module docstring)."""

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        client = getattr(_ROUTE, "client", None)
        if client is None:
            return self._real.request(method, url, **kwargs)
        return client.request(method.upper(), url, **kwargs)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> Any:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None, **kwargs: Any) -> Any:
        return self.request("POST", url, data=data, json=json, **kwargs)


_ROUTED_LOCK = threading.Lock()


def route_deep_translator(module: Any) -> None:
    """Install the proxy in a deep-translator module (``deep_translator.google`` …); idempotent."""
    with _ROUTED_LOCK:
        if not isinstance(getattr(module, "requests", None), _RequestsProxy):
            module.requests = _RequestsProxy(module.requests)


def _unresolved(exc: BaseException) -> bool:
    """Whether a connection failed because the host name could not be resolved (no network, no such host)."""
    seen = 0
    cause: Optional[BaseException] = exc
    while cause is not None and seen < 10:
        if isinstance(cause, socket.gaierror) or type(cause).__name__ == "NameResolutionError":
            return True
        reason = getattr(cause, "reason", None)
        nested = cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None
        cause = reason if isinstance(reason, BaseException) else nested or cause.__cause__ or cause.__context__
        seen += 1
    return False
