"""The keyless web services: Google Translate's web page and MyMemory.

- ``google``: Google Translate's web page (``GET {url}/m?sl=&tl=&q=``, the translation read from the page's
  ``result-container``). No key. 4,999 characters a text; several texts joined a line each into one request of up
  to 4,999 characters, split back and checked.
- ``mymemory``: MyMemory (``GET {url}/get?q=&langpair=``). No key; an e-mail address (``--api-key
  you@example.org``, or ``MYMEMORY_EMAIL`` for MyMemory's own host) raises the free quota from 5,000 to 50,000
  characters a day. 499 bytes of UTF-8 a request.

These used to go through deep-translator, which calls ``requests`` at module level with no timeout, no retry
and no way to pass a session, and keeps its address in a private attribute: serving them needed a monkeypatched
``requests`` and a written ``_base_url``. They are now a request each through vnbrief's own client (timeouts,
retries, the address policy, ``--rps``), asking and reading exactly what deep-translator 1.11.4 asked and read;
deep-translator still gives the languages each service takes (``deep_translator.constants``).
"""
from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

from ..errors import TranslationError, UsageError
from ..net import Credentials
from .providers import Provider

log = logging.getLogger(__name__)

__all__ = ["GoogleProvider", "MyMemoryProvider"]


def _language(code: str, table: Dict[str, str], label: str, name: str) -> str:
    """``code`` as the service names it: a code it takes, or the code of a language name (deep-translator's
    tables: name → code); :class:`UsageError` for a language the service does not take."""
    if code in table.values() or code == "auto":
        return code
    if code.lower() in table:
        return table[code.lower()]
    raise UsageError(f"{label} does not support the language {code!r}", subject=name,
                     hint="use --from/--to codes such as vi and en")


class _WebService(Provider):
    """A keyless service that takes one text a request (by GET)."""

    def failed(self, response: Any) -> TranslationError:
        return self.error(self.describe(response), self.hint_for(response.status_code))

    def translate(self, texts: List[str]) -> List[Optional[str]]:
        return [self.one(text) for text in texts]

    def one(self, text: str) -> Optional[str]:
        raise NotImplementedError


class GoogleProvider(_WebService):
    """Google Translate's web page (``/m``), as deep-translator's ``GoogleTranslator`` read it."""

    name = "google"
    label = "Google Translate"
    default_url = "https://translate.google.com"
    unit_limit = 4999  # the page refuses 5,000 characters and more
    # Several texts go as one, a line each (Google keeps line breaks), within the same 4,999 characters as one
    # text, the line breaks included. A server that refuses the long URL (414) gets the texts one by one.
    batch_items = 50
    batch_chars = 4999 - batch_items

    def codes(self) -> Dict[str, str]:
        from deep_translator.constants import GOOGLE_LANGUAGES_TO_CODES

        return {"sl": _language(self.source, GOOGLE_LANGUAGES_TO_CODES, self.label, self.name),
                "tl": _language(self.target, GOOGLE_LANGUAGES_TO_CODES, self.label, self.name)}

    def translate(self, texts: List[str]) -> List[Optional[str]]:
        """Texts joined a line each into one request and split back; when the answer's lines do not match
        the texts one for one (or the joined request is refused), each text is sent on its own."""
        if len(texts) > 1 and not any("\n" in text for text in texts):
            response = self.page("\n".join(texts))
            if response.status_code in (400, 413, 414):
                joined = None
            elif response.status_code != 200:
                raise self.failed(response)
            else:
                joined = self.result(response)
            lines = [line.strip() for line in (joined or "").split("\n") if line.strip()]
            if len(lines) == len(texts):
                return list(lines)
            log.debug("%s: %d lines back for %d texts; sending them one by one", self.label, len(lines), len(texts))
        return super().translate(texts)

    def page(self, text: str) -> Any:
        return self.http.request("GET", f"{self.url}/m", params={**self.codes(), "q": text})

    def one(self, text: str) -> Optional[str]:
        text = text.strip()
        if not text or self.source == self.target:
            return text
        response = self.page(text)
        if response.status_code != 200:
            raise self.failed(response)
        return self.result(response)

    @staticmethod
    def result(response: Any) -> Optional[str]:
        """The translation in Google's page (``div.t0``, else ``div.result-container``), or ``None``."""
        import lxml.html

        try:
            tree = lxml.html.document_fromstring(response.text)
        except (ValueError, lxml.etree.ParserError):
            return None
        for name in ("t0", "result-container"):
            found = tree.xpath(f"//div[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]")
            if found:
                return found[0].text_content().strip()
        return None


class MyMemoryProvider(_WebService):
    """MyMemory's ``/get`` API, as deep-translator's ``MyMemoryTranslator`` read it."""

    name = "mymemory"
    label = "MyMemory"
    default_url = "https://api.mymemory.translated.net"
    # MyMemory takes at most 500 *bytes* of UTF-8 a request (a Vietnamese letter with a tone mark is 3 bytes).
    unit_limit = 499
    batch_chars = 499
    key_env = ("MYMEMORY_EMAIL",)
    key_hosts = ("api.mymemory.translated.net",)

    def measure(self, text: str) -> int:
        return len(text.encode("utf-8"))

    def one(self, text: str) -> Optional[str]:
        text = text.strip()
        if not text or self.source == self.target:
            return text
        email = self.api_key()
        credentials = Credentials.for_url(self.url, params={"de": email}) if email and "@" in email else None
        pair = f"{_mymemory_code(self.source, self.label)}|{_mymemory_code(self.target, self.label)}"
        response = self.http.request("GET", f"{self.url}/get", params={"langpair": pair, "q": text},
                                     credentials=credentials)
        if response.status_code != 200:
            raise self.failed(response)
        data = self.json_of(response)
        if not isinstance(data, dict):
            return None
        # MyMemory answers quota and language errors with HTTP 200, the message standing in as the
        # "translation" and the real status in responseStatus.
        status = data.get("responseStatus")
        if status is not None and str(status) != "200":
            details = data.get("responseDetails") or (data.get("responseData") or {}).get("translatedText")
            raise self.error(self.describe_text(details or f"status {status}"),
                             self.hint_for(int(status)) if str(status).isdigit() else "")
        answer = data.get("responseData")
        translation = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translation, str) and translation:
            return translation
        matches = data.get("matches")
        first = matches[0] if isinstance(matches, list) and matches and isinstance(matches[0], dict) else {}
        found = first.get("translation")
        return found if isinstance(found, str) and found else None

    def describe_text(self, details: Any) -> str:
        from ..keys import redact

        return redact(" ".join(str(details).split()))[:300]


def _mymemory_code(code: str, label: str) -> str:
    """MyMemory takes regional codes (``vi-VN``); ``vi`` maps to one of them (deep-translator's table)."""
    from deep_translator.constants import MY_MEMORY_LANGUAGES_TO_CODES

    values = list(MY_MEMORY_LANGUAGES_TO_CODES.values())
    if code in values:
        return code
    preferred = {"en": "en-GB", "zh": "zh-CN", "pt": "pt-PT"}.get(code.lower())
    if preferred is not None and preferred in values:
        return preferred
    for value in values:
        if value.lower().startswith(code.lower() + "-"):
            return value
    return _language(code, MY_MEMORY_LANGUAGES_TO_CODES, label, "mymemory")
