"""Translation providers: the adapter base and one small adapter per service with a key (:mod:`.registry` names
them; the keyless web services are in :mod:`.free`, the openai one in :mod:`.llm`).

- ``libre``: LibreTranslate, self-hosted or public. Key optional: ``--api-key``, ``VNBRIEF_API_KEY`` or (for
  libretranslate.com only) ``LIBRE_API_KEY``. Up to 32 texts and 4,000 characters a request.
- ``deepl``: DeepL API. Key required: ``--api-key``, ``VNBRIEF_API_KEY`` or (for DeepL's own hosts)
  ``DEEPL_API_KEY``; keys ending in ``:fx`` go to the Free endpoint. Up to 50 texts a request.
- ``microsoft``: Microsoft Translator v3. Key required: ``--api-key``, ``VNBRIEF_API_KEY`` or (for Microsoft's
  own hosts) ``MICROSOFT_API_KEY``; the resource's region from ``--region`` or ``MICROSOFT_REGION`` (needed for
  regional and multi-service resources). Up to 100 texts and 10,000 characters a request (an array).

``--provider-url`` replaces the service's root address (``https://libretranslate.com``, ``https://api.deepl.com``,
``https://api.cognitive.microsofttranslator.com``); each adapter appends its own path.

Keys: ``--api-key`` and ``VNBRIEF_API_KEY`` are the user's choice for the address the user gave; a provider's own
variable (``DEEPL_API_KEY`` …) was set for that service, and is used only when the address's host, read by the
HTTP client's own parser, is the service's (:attr:`Provider.key_hosts`). Every key is checked when read
(:mod:`exporter.keys`) and handed to the HTTP layer as :class:`~exporter.net.Credentials` bound to the provider's
origin: a redirect to another host never carries it, in a header or in the body.

All use vnbrief's own HTTP client (:mod:`.http`), for timeouts, retries and the policies of :mod:`exporter.net`:
deep-translator 1.11.4's clients call ``requests`` at module level with no timeout and no session.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Dict, List, Optional, Tuple

from ..errors import TranslationError, UsageError, VnbriefError
from ..keys import KEY_HINT, key_problem, redact, remember
from ..net import Credentials
from ..options import Options
from ..urls import on_host
from .http import HttpClient

log = logging.getLogger(__name__)

__all__ = ["Provider", "Context", "LimitLowered"]


@dataclass(frozen=True)
class Context:
    """What a provider that takes context (:attr:`Provider.in_context`) is told besides the texts: the glossary
    entries found in the texts (Vietnamese → English) and the article's names as the brief writes them. No
    headline or other article text: a language model is told the texts only as data to translate."""

    terms: Tuple[Tuple[str, str], ...] = ()
    names: Tuple[str, ...] = ()


class LimitLowered(TranslationError):
    """The service refused a request as too long and told its limit: the caller cuts the texts again and
    resends (once)."""


class Provider:
    """Base of the adapters: limits, key lookup, error messages."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    """Name used in messages: ``LibreTranslate: vi is not supported``."""
    default_url: ClassVar[str] = ""
    unit_limit: int = 4999
    """Most characters in one text (a limit the server tells lowers it; ``--max-chars`` is the Translator's)."""
    batch_items: int = 1
    """Most texts in one request."""
    batch_chars: int = 4999
    """Most characters in one request, all texts together (lowered like :attr:`unit_limit`)."""
    key_env: ClassVar[Tuple[str, ...]] = ()
    """Environment variables searched for the key, after ``--api-key`` and ``VNBRIEF_API_KEY``."""
    key_hosts: ClassVar[Tuple[str, ...]] = ()
    """The service's own hosts (a domain covers its sub-domains): the only ones the key of :attr:`key_env` is
    sent to."""
    in_context: ClassVar[bool] = False
    """Whether the provider is told the glossary terms and names (``translate_in_context``) instead of having
    them replaced by placeholders."""

    def __init__(self, options: Options, http: HttpClient) -> None:
        self.options = options
        self.http = http
        self.source = options.source_lang
        self.target = options.target_lang
        self.url = (options.provider_url or self.default_url).rstrip("/")

    def measure(self, text: str) -> int:
        """The size of ``text`` as the provider counts it against its limits: characters."""
        return len(text)

    def limit_chars(self, limit: int) -> None:
        """Send at most ``limit`` characters a request (the server's own limit)."""
        self.unit_limit = min(self.unit_limit, limit)
        self.batch_chars = min(self.batch_chars, limit)

    @property
    def identity(self) -> str:
        """What distinguishes this provider's translations in the cache: its name and address."""
        return f"{self.name}|{(self.options.provider_url or '').rstrip('/')}"

    def key_variables(self) -> Tuple[str, ...]:
        """The provider's own environment variables for its key (:attr:`key_env`), when the address is the
        service's own (:attr:`key_hosts`); none for any other address."""
        return self.key_env if on_host(self.url, *self.key_hosts) else ()

    def api_key(self) -> Optional[str]:
        """The key from ``--api-key``, ``VNBRIEF_API_KEY`` or the provider's own variable (:meth:`key_variables`),
        checked (:class:`UsageError` naming where it came from, never the key)."""
        if self.options.api_key:
            return self.options.api_key  # checked when the options were made
        for name in ("VNBRIEF_API_KEY", *self.key_variables()):
            value = (os.environ.get(name) or "").strip()
            if value:
                problem = key_problem(value)
                if problem:
                    raise UsageError(problem, subject=name, hint=KEY_HINT)
                remember(value)
                return value
        return None

    def require_key(self) -> str:
        key = self.api_key()
        if not key:
            names = ", ".join(("VNBRIEF_API_KEY",) + self.key_variables())
            unused = [name for name in self.key_env if name not in self.key_variables() and os.environ.get(name)]
            hint = f"give --api-key or set {names}" + (
                f"; {', '.join(unused)} {'is' if len(unused) == 1 else 'are'} used for {self.label}'s own address "
                "only" if unused else "")
            raise UsageError(f"{self.label} needs an API key", subject=self.name, hint=hint)
        return key

    def translate(self, texts: List[str]) -> List[Optional[str]]:
        """Translate ``texts`` (at most :attr:`batch_items`); ``None`` where the provider answered nothing."""
        raise NotImplementedError

    def translate_in_context(self, texts: List[str], context: Context) -> List[Optional[str]]:
        """Like :meth:`translate`, telling the provider ``context`` (providers with :attr:`in_context`)."""
        raise NotImplementedError

    # -- helpers ------------------------------------------------------------------------------------------
    def error(self, message: str, hint: str = "") -> TranslationError:
        return TranslationError(message, subject=self.label, hint=hint)

    def describe(self, response: Any) -> str:
        """The provider's own error message in ``response``, else its HTTP status; one line, keys blotted out
        (a server may echo the key it was sent)."""
        text = ""
        try:
            data = response.json()
        except ValueError:
            data = None
        if isinstance(data, dict):
            for key in ("error", "message", "responseDetails", "detail"):
                value = data.get(key)
                if isinstance(value, dict):
                    value = value.get("message") or value.get("code")
                if value:
                    text = str(value)
                    break
        if not text:
            reason = getattr(response, "reason", "") or ""
            text = f"HTTP {response.status_code} {reason}".strip()
        return redact(" ".join(text.split()))[:300]

    def hint_for(self, status: int) -> str:
        if status in (401, 403):
            return "check the API key (--api-key)"
        if status == 429:
            return "rate limited: wait a while, lower --jobs, or use another provider"
        if status >= 500:
            return "the service failed; try again later"
        return ""

    def json_of(self, response: Any) -> Any:
        try:
            return response.json()
        except ValueError:
            snippet = " ".join((response.text or "")[:60].split())
            raise self.error(f"answered something that is not JSON: {snippet!r}",
                             "check --provider-url points at the service") from None


class LibreProvider(Provider):
    """LibreTranslate: ``POST {url}/translate`` with a JSON body whose ``q`` is a list of texts."""

    name = "libre"
    label = "LibreTranslate"
    default_url = "https://libretranslate.com"
    unit_limit = 4000
    batch_items = 32
    # Kept modest: a CPU-only server translates a few thousand characters in the default 30 s timeout.
    batch_chars = 4000
    key_env = ("LIBRE_API_KEY",)
    key_hosts = ("libretranslate.com",)

    def learn_limit(self, message: str, sent: int) -> Optional[int]:
        """After a "request (N) exceeds text limit (M)" answer: the server's limit, from its advertised
        ``charLimit`` (``GET /frontend/settings``) or else the message; ``None`` if it is no lower than ``sent``."""
        limit: Optional[int] = None
        try:
            response = self.http.request("GET", f"{self.url}/frontend/settings", retry=False)
            data = response.json() if response.status_code == 200 else None
            value = data.get("charLimit") if isinstance(data, dict) else None
            if isinstance(value, int) and not isinstance(value, bool) and value > 0:
                limit = value
        except (VnbriefError, ValueError):
            pass
        found = re.search(r"\((\d+)\) exceeds text limit \((\d+)\)", message)
        if limit is None and found and int(found.group(1)) == sent:  # old servers say "text limit" of batches too
            limit = int(found.group(2))
        return limit if limit is not None and 0 < limit < sent else None

    def translate(self, texts: List[str]) -> List[Optional[str]]:
        body: Dict[str, Any] = {"q": list(texts), "source": self.source, "target": self.target,
                                "format": "text"}
        key = self.api_key()
        credentials = Credentials.for_url(self.url, fields={"api_key": key}) if key else None
        response = self.http.request("POST", f"{self.url}/translate", json=body, credentials=credentials)
        if response.status_code != 200:
            message = self.describe(response)
            if response.status_code == 400 and "text limit" in message:
                limit = self.learn_limit(message, sum(len(text) for text in texts))
                if limit is not None and limit >= 20:
                    self.limit_chars(limit)
                    raise LimitLowered(f"the server takes at most {limit} characters a request",
                                       subject=self.label, hint="give --max-chars to send less at once")
            if response.status_code == 400 and "exceeds" in message and len(texts) > 1:
                half = len(texts) // 2  # the server's --char-limit / --batch-limit is lower than ours
                log.info("%s: %s; splitting the batch", self.label, message)
                return self.translate(texts[:half]) + self.translate(texts[half:])
            raise self.error(message, self.hint_for(response.status_code))
        data = self.json_of(response)
        translated = data.get("translatedText") if isinstance(data, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            raise self.error(f"answered {len(translated) if isinstance(translated, list) else 'no'} "
                             f"translations for {len(texts)} texts",
                             "the server may be too old to accept a list of texts")
        return [item if isinstance(item, str) else None for item in translated]


class DeepLProvider(Provider):
    """DeepL API v2: ``POST {url}/v2/translate``, JSON body, ``Authorization: DeepL-Auth-Key …``."""

    name = "deepl"
    label = "DeepL"
    default_url = "https://api.deepl.com"
    unit_limit = 5000
    batch_items = 50  # DeepL's documented maximum of texts per request
    batch_chars = 30000  # well under the 128 KiB request limit, even at 3 bytes a character
    key_env = ("DEEPL_API_KEY",)
    key_hosts = ("api.deepl.com", "api-free.deepl.com")

    def endpoint(self, key: str) -> str:
        """The API root: ``--provider-url``, else the Free API for keys ending in ``:fx``, else the Pro API."""
        if self.options.provider_url:
            return self.options.provider_url.rstrip("/")
        return "https://api-free.deepl.com" if key.endswith(":fx") else self.default_url

    def translate(self, texts: List[str]) -> List[Optional[str]]:
        key = self.require_key()
        root = self.endpoint(key)
        target = {"en": "EN-GB", "pt": "PT-PT"}.get(self.target.lower(), self.target.upper())
        body = {"text": list(texts), "source_lang": self.source.split("-")[0].upper(), "target_lang": target}
        response = self.http.request("POST", f"{root}/v2/translate", json=body, credentials=Credentials.for_url(
            root, headers={"Authorization": f"DeepL-Auth-Key {key}"}))
        if response.status_code != 200:
            status = response.status_code
            message = self.describe(response)
            if status == 403 and message.startswith("HTTP"):
                message = "invalid API key"
            elif status == 456:
                message = "quota exceeded for this billing period"
            raise self.error(message, self.hint_for(status))
        data = self.json_of(response)
        items = data.get("translations") if isinstance(data, dict) else None
        if not isinstance(items, list) or len(items) != len(texts):
            raise self.error(f"answered {len(items) if isinstance(items, list) else 'no'} translations for "
                             f"{len(texts)} texts")
        return [item.get("text") if isinstance(item, dict) else None for item in items]


class MicrosoftProvider(Provider):
    """Microsoft Translator v3: ``POST {url}/translate?api-version=3.0&from=&to=``, a JSON array of
    ``{"Text": …}`` (up to 1,000 texts and 50,000 characters a request, Microsoft's documented limits), the key
    in ``Ocp-Apim-Subscription-Key`` and the resource's region in ``Ocp-Apim-Subscription-Region``."""

    name = "microsoft"
    label = "Microsoft Translator"
    default_url = "https://api.cognitive.microsofttranslator.com"
    unit_limit = 5000
    batch_items = 100  # well under the 1,000 allowed: a failed request costs less to resend
    batch_chars = 10000
    key_env = ("MICROSOFT_API_KEY",)
    key_hosts = (".microsofttranslator.com", "api.cognitive.microsoft.com", ".cognitiveservices.azure.com")

    def translate(self, texts: List[str]) -> List[Optional[str]]:
        key = self.require_key()
        headers = {}
        region = self.options.provider_region or os.environ.get("MICROSOFT_REGION")
        if region:
            headers["Ocp-Apim-Subscription-Region"] = region
        response = self.http.request(
            "POST", f"{self.url}/translate", params={"api-version": "3.0", "from": self.source, "to": self.target},
            json=[{"Text": text} for text in texts], headers=headers,
            credentials=Credentials.for_url(self.url, headers={"Ocp-Apim-Subscription-Key": key}))
        if response.status_code != 200:
            raise self.error(self.describe(response), self.hint_for(response.status_code))
        data = self.json_of(response)
        if not isinstance(data, list) or len(data) != len(texts):
            raise self.error(f"answered {len(data) if isinstance(data, list) else 'no'} translations for "
                             f"{len(texts)} texts")
        out: List[Optional[str]] = []
        for item in data:
            translations = item.get("translations") if isinstance(item, dict) else None
            first = translations[0] if isinstance(translations, list) and translations else None
            text = first.get("text") if isinstance(first, dict) else None
            out.append(text if isinstance(text, str) else None)
        return out
