"""HTTP for the translation providers, through the network gate (:mod:`exporter.net`): the address policy, keys
bound to the provider's own host, redirects followed hop by hop, and every answer read whole within ``--timeout``
and under :data:`MAX_REPLY_BYTES`.

Retries are urllib3's ``Retry``: 429, 500, 502, 503, 504 answers and connections refused, reset or closed
without an answer are tried again,
at most ``attempts`` tries in all, with exponential backoff and jitter (1 s, 2 s, 4 s … each between half and all
of that, capped at 30 s) or after the ``Retry-After`` the server asks for (seconds or an HTTP date); one asking for
more than ``max_retry_after`` ends the retries at once. A read timeout is not retried: a server that hung once for
``timeout`` seconds is reported rather than waited for again. The only waiting of vnbrief's own is ``--rps``,
which spaces the requests of all threads evenly (retries included).
"""
from __future__ import annotations

import email.utils
import functools
import logging
import random
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Mapping, Optional
from urllib.parse import urlsplit

from ..errors import ProviderUnreachable, TranslationError, manual
from ..keys import redact
from ..net import (
    MAX_REDIRECTS,
    AddressRefused,
    BodyTooLarge,
    BodyTooSlow,
    Credentials,
    Reach,
    TooManyRedirects,
    http_session,
    read_body,
    send,
)
from ..urls import origin

log = logging.getLogger(__name__)

__all__ = ["RetryPolicy", "HttpClient", "Reply", "RETRY_STATUSES", "MAX_REPLY_BYTES"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
#: Largest answer a provider may send (bytes): a request carries at most a few tens of thousands of characters,
#: whose translation, in JSON, weighs well under a megabyte; a server sending more is refused, not read on.
MAX_REPLY_BYTES = 4 * 1024 * 1024


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
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        return max(0.0, when.timestamp() - (time.time() if now is None else now))
    except (OverflowError, OSError, ValueError):
        return None


@functools.lru_cache(maxsize=1)
def _retry_class() -> Any:
    """urllib3's ``Retry``, told the project's backoff, its cap of ``Retry-After``, its sleep (recorded in tests)
    and the client's pacing and counting (made when first needed: urllib3 is not imported before)."""
    from urllib3.exceptions import MaxRetryError, ReadTimeoutError
    from urllib3.util.retry import Retry

    class ProviderRetry(Retry):
        def __init__(self, *args: Any, client: Any = None, wait: float = 0.0, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.client = client
            self.wait = wait

        def new(self, **kwargs: Any) -> Any:
            kwargs.setdefault("client", self.client)
            return super().new(**kwargs)

        def increment(self, method: Optional[str] = None, url: Optional[str] = None, response: Any = None,
                      error: Optional[Exception] = None, _pool: Any = None, _stacktrace: Any = None) -> Any:
            if isinstance(error, ReadTimeoutError):  # a server that hung once is reported, not waited for again
                raise error
            if error is not None and unresolved(error):  # no network, or no such host: retrying changes neither
                raise MaxRetryError(_pool, url or "", error)
            policy: RetryPolicy = self.client.retry
            asked = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
            if asked is not None and asked > policy.max_retry_after:
                log.warning("%s asks to wait %.0f s before retrying; giving up", self.client.label, asked)
                raise MaxRetryError(_pool, url or "", error)
            new = super().increment(method, url, response, error, _pool, _stacktrace)
            retry = len(new.history)
            new.wait = asked if asked is not None else policy.backoff(retry)
            why = f"HTTP {response.status}" if response is not None else \
                f"cannot connect to {origin(self.client.last_url) or 'the server'}"
            # said with -v: the answer, or the one error line at the end, is what matters
            log.info("%s: %s; retry %d of %d in %.1f s", self.client.label, why, retry, policy.attempts - 1, new.wait)
            return new

        def sleep(self, response: Any = None) -> None:
            self.client.retry.sleep(self.wait)
            self.client.pace()

    return ProviderRetry


@dataclass
class Reply:
    """A provider's answer, read whole: what the adapters need of a ``requests.Response``."""

    status_code: int
    reason: str
    headers: Mapping[str, str]
    content: bytes
    encoding: str = "utf-8"

    @property
    def text(self) -> str:
        return self.content.decode(self.encoding or "utf-8", errors="replace")

    def json(self) -> Any:
        """The answer as JSON (``ValueError`` when it is not, or is nested deeper than Python's stack)."""
        import json

        try:
            return json.loads(self.text)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def _charset(content_type: str) -> str:
    """The charset a Content-Type header names, else UTF-8 (what JSON is, and what the services send)."""
    from email.message import Message

    message = Message()
    message["content-type"] = content_type
    charset = message.get_param("charset")
    if isinstance(charset, str):
        import codecs

        try:
            return codecs.lookup(charset).name
        except LookupError:
            pass
    return "utf-8"


class HttpClient:
    """Sends the requests of one provider (see the module docstring): one session per thread."""

    def __init__(self, label: str, *, timeout: float, retry: Optional[RetryPolicy] = None,
                 rps: Optional[float] = None, reach: Optional[Reach] = None, address_given: bool = False) -> None:
        self.label = label
        """Provider name used in error messages (``LibreTranslate``, ``DeepL`` …)."""
        self.address_given = address_given
        """Whether the user named the provider's address (``--provider-url``): what to check when it cannot be
        reached is then that address, else the network."""
        self.timeout = timeout
        self.retry = retry or RetryPolicy()
        self.reach = reach or Reach(everywhere=True)
        """The address policy: the provider's own address is the user's; where it redirects is checked."""
        self.requests = 0
        """HTTP requests sent so far, retries included."""
        self.last_url = ""
        self._lock = threading.Lock()
        self._local = threading.local()
        self._sessions: list = []
        self._interval = 1.0 / rps if rps and rps > 0 else 0.0
        self._next_slot = 0.0

    def _session(self, retries: int) -> Any:
        sessions: Dict[int, Any] = getattr(self._local, "sessions", None) or {}
        self._local.sessions = sessions
        if retries not in sessions:
            retry = _retry_class()(total=retries, connect=retries, read=retries, status=retries, other=0,
                                   redirect=False, status_forcelist=RETRY_STATUSES, allowed_methods=None,
                                   respect_retry_after_header=True, raise_on_status=False, raise_on_redirect=False,
                                   client=self)
            sessions[retries] = http_session(reach=self.reach, retry=retry)
            with self._lock:
                self._sessions.append(sessions[retries])
        return sessions[retries]

    def close(self) -> None:
        """Close the connections of every thread's session."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()
        self._local = threading.local()

    def count(self, requests: int = 1) -> None:
        with self._lock:
            self.requests += requests

    def request(self, method: str, url: str, *, retry: bool = True, credentials: Optional[Credentials] = None,
                max_bytes: int = MAX_REPLY_BYTES, max_redirects: Optional[int] = None, **kwargs: Any) -> Reply:
        """Send a request through the network gate; retry as the policy says (``retry=False``: one try); attach
        ``credentials`` for their own origin only. Returns the last answer whatever its status, read whole;
        :class:`ProviderUnreachable` when none came (refused connection, no answer in time),
        :class:`TranslationError` for a refused redirect or an answer too large."""
        import requests

        kwargs.pop("timeout", None)
        self.last_url = url
        self.pace()
        session = self._session(max(0, self.retry.attempts - 1) if retry else 0)
        started = time.monotonic()
        try:
            response = send(session, method, url, credentials=credentials, stream=True,
                            timeout=(self.timeout, self.timeout),
                            max_redirects=MAX_REDIRECTS if max_redirects is None else max_redirects, **kwargs)
            with response:
                retries = getattr(getattr(response.raw, "retries", None), "history", ()) or ()
                self.count(1 + len(retries))
                waited = sum(getattr(r, "wait", 0.0) for r in retries)
                # --timeout bounds the whole answer, however slowly it trickles in
                content = read_body(response, max_bytes=max_bytes, deadline=started + waited + self.timeout)
                return Reply(response.status_code, response.reason or "", response.headers, content,
                             _charset(response.headers.get("Content-Type", "")))
        except BodyTooLarge:
            raise TranslationError(f"answered more than {max_bytes // (1024 * 1024)} MB; the answer was refused",
                                   subject=self.label, hint="check --provider-url points at the service") from None
        except BodyTooSlow:
            raise ProviderUnreachable(f"no complete answer from {origin(url) or url} within {self.timeout:g} s",
                                      subject=self.label, hint="the server may be overloaded; try again later or "
                                                               "raise --timeout") from None
        except (AddressRefused, TooManyRedirects) as err:
            self.count()
            raise TranslationError(f"redirected where vnbrief does not follow: {err}", subject=self.label,
                                   hint="give the address it redirects to as --provider-url") from None
        except requests.exceptions.ReadTimeout:
            self.count()
            raise ProviderUnreachable(f"no answer from {origin(url) or url} within {self.timeout:g} s",
                                      subject=self.label,
                                      hint="the server may be overloaded; try again later or raise --timeout") from None
        except (requests.exceptions.ConnectionError, requests.exceptions.ConnectTimeout) as exc:
            log.debug("%s: cannot connect: %s", self.label, redact(str(exc)))
            if unresolved(exc):
                self.count()
                raise ProviderUnreachable(f"cannot be reached: no address found for {urlsplit(url).hostname}",
                                          subject=self.label, hint=self._unreachable_hint()) from None
            tries = self.retry.attempts if retry else 1
            self.count(tries)
            raise ProviderUnreachable(f"cannot connect to {origin(url) or url}" + (f" after {tries} tries" if
                                                                                 tries > 1 else ""),
                                      subject=self.label, hint=self._unreachable_hint()) from None
        except ValueError as exc:  # an address the gate refuses to parse
            raise TranslationError(f"invalid address ({exc})", subject=self.label, hint="check --provider-url") \
                from None
        except requests.exceptions.RequestException as exc:
            raise TranslationError(f"request failed: {type(exc).__name__}", subject=self.label) from None

    def _unreachable_hint(self) -> str:
        if self.address_given:
            return "check the address given to --provider-url, and that the server there is running"
        return ("check the network connection, or translate with a self-hosted or local engine: see "
                + manual("translation.md#translating-without-the-internet"))

    def pace(self) -> None:
        """Wait for this request's slot under ``rps`` (requests per second, shared by every thread)."""
        if not self._interval:
            return
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + self._interval
        if slot > now:
            time.sleep(slot - now)


def unresolved(exc: BaseException) -> bool:
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
