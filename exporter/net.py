"""The one HTTP session factory: every request vnbrief sends (a web page, a translation provider) goes through a
session made here, with the same User-Agent and the same connection-retry rule. The timeout is not a property of
the session (``requests`` has none): each caller passes :attr:`Options.timeout <exporter.options.Options.timeout>`
with every request.

``requests`` and ``urllib3`` are imported when the first session is made, never at import time.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Optional

from ._version import __version__

if TYPE_CHECKING:  # pragma: no cover
    import requests

#: Sent with every request: names the tool, its version and its home, as polite crawlers do (RFC 9110 §10.1.5).
USER_AGENT = f"vnbrief/{__version__} (+https://pypi.org/project/vnbrief/; news brief maker)"


def http_session(*, connect_retries: int = 0, headers: Optional[Mapping[str, str]] = None) -> requests.Session:
    """A ``requests`` session sending :data:`USER_AGENT` (and ``headers``).

    ``connect_retries``: connections refused or reset before the request was sent are tried again that many times
    by urllib3's ``Retry`` (at once, then with a short backoff); a request that reached the server is never sent
    twice by it, nor is an error status retried (callers that retry answers, like the translation client with its
    ``Retry-After`` handling, do so themselves).
    """
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    if headers:
        session.headers.update(headers)
    retry = Retry(total=connect_retries, connect=connect_retries, read=False, status=0, other=0, redirect=False,
                  backoff_factor=0.5, raise_on_status=False, raise_on_redirect=False)
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
