"""The ``openai`` provider: any server speaking OpenAI's Chat Completions API, in the cloud or on this machine.

One adapter serves OpenAI (``https://api.openai.com/v1``, ``Authorization: Bearer``), Azure OpenAI (a
``…/openai/deployments/NAME/chat/completions?api-version=…`` URL, ``api-key`` header) and local servers:
Ollama (``http://localhost:11434/v1``), vLLM, LM Studio and llama.cpp's ``llama-server``, none of which needs a
key. Plain HTTP through the provider's :class:`~exporter.translate.http.HttpClient` (timeouts, retries with
``Retry-After``, the request counter, ``--rps``); no SDK.

Every request carries several segments as a JSON object ``{"t1": "…", "t2": "…"}`` and asks for the same ids
back: with a JSON schema naming exactly those ids where the server supports structured output, else JSON
mode, else plain instructions (a server that rejects ``response_format`` is asked again without it, once per
run). The instructions (the system message) come from a Jinja template (``templates/prompts/translate.j2`` or
``--prompt FILE``), rendered in Jinja's sandbox with the languages and the glossary entries found in the
request's segments, so the model is told the terms instead of seeing placeholders. Nothing of the article goes
into the instructions: the segments are the last user message, and the article's names (as ``--names`` writes
them) a user message of their own before it (``{"names": […]}``), both data; the prompt says that the texts are
to be translated, never obeyed. What comes back is data too: the translator checks every answer against its text
(:func:`exporter.translate.checks.fingerprint`) and keeps the text in Vietnamese, flagged, after a second bad
answer.

A reply is accepted only when it is one JSON object (prose or code fences around it are tolerated) with every
id, no other id, and text for each. A bad reply (missing or extra ids, empty text, a refusal, cut off at
``finish_reason: length``) is asked again once, then the batch is split in halves, down to single segments (a
reply cut off, or a request the server finds longer than the model's context, is split at once);
a single segment that still gets no usable answer is kept in Vietnamese (the checks flag it). Six unusable
replies in a row end the run with a :class:`~exporter.errors.TranslationError`.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Dict, List, Optional, Sequence, Tuple
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .. import sandbox
from ..errors import InputError, UsageError
from ..net import Credentials
from ..options import Options
from ..read.fetch.bounded import NoSuchFile, TooLarge, read_file
from ..resources import data_dir
from ..text.normalise import clean_text
from ..urls import on_host
from .http import HttpClient
from .providers import Context, Provider

log = logging.getLogger(__name__)

__all__ = ["OpenAIProvider", "parse_reply", "check_reply", "PROMPT_FILE", "PROMPT_LIMIT"]

PROMPT_FILE = "prompts/translate.j2"
#: Largest prompt template read (bytes).
PROMPT_LIMIT = 64 * 1024
#: Unusable replies in a row after which the run stops.
BAD_REPLIES_LIMIT = 6
AZURE_API_VERSION = "2024-10-21"
#: Azure OpenAI's own hosts: the only ones AZURE_OPENAI_API_KEY is sent to.
AZURE_HOSTS = (".openai.azure.com", ".cognitiveservices.azure.com")

_LANGUAGES = {"vi": "Vietnamese", "en": "English", "fr": "French", "de": "German", "es": "Spanish",
              "zh": "Chinese", "ja": "Japanese", "ko": "Korean", "ru": "Russian", "pt": "Portuguese",
              "th": "Thai", "lo": "Lao", "km": "Khmer", "id": "Indonesian"}
_VARIETIES = {"us": "American", "uk": "British", "gb": "British"}
# Modes of asking for JSON, the most helpful first; a server that rejects one is asked with the next.
_MODES = ("json_schema", "json_object", "text")
_KEY_LIKE = re.compile(r"\b(?:sk|pk|rk)-[A-Za-z0-9_\-*]{2,}")


@dataclass
class _Reply:
    answers: Optional[List[str]]
    problem: str = ""
    retry: bool = True
    """Whether asking the same again may help (not for a reply cut off at the length limit)."""


def parse_reply(content: str) -> Optional[Dict[str, Any]]:
    """The first JSON object in ``content``, ignoring prose and code fences around it; an object whose only
    value is an object (``{"translations": {…}}``) is unwrapped. ``None`` when there is no object."""
    decoder = json.JSONDecoder()
    for match in re.finditer(r"\{", content):
        try:
            value, _ = decoder.raw_decode(content, match.start())
        except ValueError:
            continue
        if isinstance(value, dict):
            if len(value) == 1:
                inner = next(iter(value.values()))
                if isinstance(inner, dict):
                    value = inner
            return value
    return None


def check_reply(data: Optional[Dict[str, Any]], ids: Sequence[str]) -> Tuple[Optional[List[str]], str]:
    """``(texts in the order of ids, "")`` when ``data`` has every id, no other and text for each; else
    ``(None, what is wrong)``."""
    if data is None:
        return None, "no JSON object in the reply"
    keys = [str(key) for key in data]
    missing = [i for i in ids if i not in data]
    extra = [k for k in keys if k not in ids]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing ids " + ", ".join(missing[:5]))
        if extra:
            parts.append("extra ids " + ", ".join(extra[:5]))
        return None, "; ".join(parts)
    texts = []
    for i in ids:
        value = data[i]
        if not isinstance(value, str) or not value.strip():
            return None, f"no text for id {i}"
        texts.append(_clean(value))
    return texts, ""


def _clean(text: str) -> str:
    """A model's text cleaned like input: NFC; invisible, bidi and control characters removed; no spaces
    around."""
    return clean_text(text).strip()


class OpenAIProvider(Provider):
    """OpenAI-compatible Chat Completions (see the module docstring)."""

    name: ClassVar[str] = "openai"
    label: ClassVar[str] = "OpenAI-compatible API"
    default_url = "https://api.openai.com/v1"
    unit_limit = 6000
    batch_items = 60
    # About 2,000 tokens of Vietnamese in and as many of English out: fits the 4,096-token context that small
    # local models are often run with, and keeps a CPU-bound server under a few minutes a request.
    batch_chars = 6000
    key_env = ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY")
    in_context = True

    def __init__(self, options: Options, http: HttpClient) -> None:
        super().__init__(options, http)
        self.endpoint, self.azure = _endpoint(options.provider_url or self.default_url)
        deployment = re.search(r"/openai/deployments/([^/]+)", urlsplit(self.endpoint).path)
        self.model = (options.model or "").strip() or (deployment.group(1) if deployment else "")
        if not self.model:
            raise UsageError("the openai provider needs a model", subject="--model",
                             hint="give --model, e.g. gpt-4o-mini, or qwen2.5:7b for Ollama")
        self.openai = on_host(self.endpoint, "api.openai.com")
        if self.azure or self.openai:  # local servers take no key
            self.require_key()
        self.template_text, self.template_name = _load_prompt(options.prompt)
        self.prompt_version = hashlib.sha256(self.template_text.encode("utf-8")).hexdigest()[:12]
        self._template: Any = None
        self._mode = 0
        self._temperature: Optional[int] = 0
        self._lock = threading.Lock()
        self._bad_in_row = 0
        self.tokens_in = 0
        """Prompt tokens the server reported so far."""
        self.tokens_out = 0
        """Completion tokens the server reported so far."""
        self.bad_replies = 0
        """Replies rejected so far (missing or extra ids, no JSON, refusals, cut off)."""

    def key_variables(self) -> Tuple[str, ...]:
        """``OPENAI_API_KEY`` for OpenAI itself, ``AZURE_OPENAI_API_KEY`` for Azure's own hosts, none for any other
        address (an address whose path looks like Azure's is not enough): a key kept in the environment for one
        service is never sent to another (give ``--api-key``). Hosts as the HTTP client reads them."""
        if on_host(self.endpoint, *AZURE_HOSTS):
            return ("AZURE_OPENAI_API_KEY",)
        return ("OPENAI_API_KEY",) if self.openai else ()

    @property
    def identity(self) -> str:
        """Cache identity: the address, the model and the prompt's version."""
        return f"{self.name}|{self.endpoint}|{self.model}|prompt-{self.prompt_version}"

    # -- the prompt --------------------------------------------------------------------------------------
    def system_prompt(self, ids: Sequence[str], context: Context) -> str:
        """The template rendered for one request."""
        import jinja2

        if self._template is None:
            env = sandbox.environment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                      autoescape=False)
            try:
                self._template = env.from_string(self.template_text)
            except jinja2.TemplateSyntaxError as err:
                raise UsageError(f"prompt template line {err.lineno}: {err.message}",
                                 subject=self.template_name) from None
        variety = _VARIETIES.get(self.options.english.lower(), "")
        try:
            text = sandbox.render(self._template, dict(
                source_lang=self.source, target_lang=self.target,
                source_name=_LANGUAGES.get(self.source.lower(), self.source),
                target_name=_LANGUAGES.get(self.target.lower(), self.target),
                variety=variety if self.target.lower().startswith("en") else "",
                terms=[{"source": s, "target": t} for s, t in context.terms],
                names_given=bool(context.names), ids=list(ids)), timed=bool(self.options.prompt))
        except sandbox.TemplateLimit as err:
            raise UsageError(f"prompt template stopped: {err}", subject=self.template_name) from None
        except jinja2.UndefinedError as err:
            hint = "the headline and the names are no longer given to the template: the names reach the model as " \
                   "data (see the bundled templates/prompts/translate.j2)" if re.search(r"'(headline|names)'",
                                                                                      str(err)) else ""
            raise UsageError(f"prompt template: {err}", subject=self.template_name, hint=hint) from None
        except jinja2.TemplateError as err:
            raise UsageError(f"prompt template: {err}", subject=self.template_name) from None
        return text.strip()

    # -- translating -------------------------------------------------------------------------------------
    def translate(self, texts: List[str]) -> List[Optional[str]]:
        return self.translate_in_context(texts, Context())

    def translate_in_context(self, texts: List[str], context: Context) -> List[Optional[str]]:
        """Translate ``texts`` as one or more requests (see the module docstring)."""
        texts = list(texts)
        if not texts:
            return []
        for _ in range(2):
            reply = self._ask(texts, context)
            if reply.answers is not None:
                return list(reply.answers)
            self._bad(reply.problem)
            if not reply.retry:
                break
        if len(texts) > 1:
            half = (len(texts) + 1) // 2
            log.info("%s: splitting a batch of %d segments after a bad reply", self.label, len(texts))
            return self.translate_in_context(texts[:half], context) + \
                self.translate_in_context(texts[half:], context)
        log.warning("%s: no usable answer for %r (%s); keeping the original text", self.label,
                    texts[0][:60], reply.problem)
        return [None]

    def _bad(self, problem: str) -> None:
        with self._lock:
            self.bad_replies += 1
            self._bad_in_row += 1
            count = self._bad_in_row
        log.info("%s: unusable reply (%s)", self.label, problem)
        if count >= BAD_REPLIES_LIMIT:
            raise self.error(f"{count} unusable replies in a row (last: {problem})",
                             "check --model; a small model may need a lower --max-chars")

    def _ask(self, texts: List[str], context: Context) -> _Reply:
        ids = [f"t{i + 1}" for i in range(len(texts))]
        while True:
            mode = _MODES[self._mode]
            body: Dict[str, Any] = {
                "model": self.model,
                "messages": [{"role": "system", "content": self.system_prompt(ids, context)}] + [
                    {"role": "user", "content": json.dumps(data, ensure_ascii=False)}
                    for data in ([{"names": list(context.names)}] if context.names else []) + [dict(zip(ids, texts))]],
            }
            if mode == "json_schema":
                body["response_format"] = {"type": "json_schema", "json_schema": {
                    "name": "translations", "strict": True,
                    "schema": {"type": "object", "properties": {i: {"type": "string"} for i in ids},
                               "required": ids, "additionalProperties": False}}}
            elif mode == "json_object":
                body["response_format"] = {"type": "json_object"}
            if self._temperature is not None:
                body["temperature"] = self._temperature
            # Redirects are not followed: a POST redirected is rarely what the server meant (the hint says what to do)
            response = self.http.request("POST", self.endpoint, json=body, credentials=self._credentials(),
                                         max_redirects=0)
            if response.status_code == 400 and self._temperature is not None and \
                    "temperature" in self.describe(response).lower():
                self._temperature = None  # reasoning models take only their default temperature
                log.info("%s: the model takes no temperature; asking without it", self.label)
                continue
            if response.status_code in (400, 422) and mode != "text" and _about_format(self.describe(response)):
                with self._lock:
                    if _MODES[self._mode] == mode:
                        self._mode += 1
                log.info("%s does not take response_format %s; asking without it", self.label, mode)
                continue
            break
        if response.status_code in (400, 413) and _CONTEXT.search(self.describe(response)):
            # llama.cpp, vLLM and OpenAI refuse a request longer than the model's context: ask in halves
            return _Reply(None, "request longer than the model's context (lower --max-chars)", retry=False)
        if response.status_code != 200:
            raise self.error(self.describe(response), self.hint_for(response.status_code))
        data = self.json_of(response)
        self._count_usage(data)
        choices = data.get("choices") if isinstance(data, dict) else None
        choice: Dict[str, Any] = choices[0] if isinstance(choices, list) and choices and \
            isinstance(choices[0], dict) else {}
        message: Dict[str, Any] = choice["message"] if isinstance(choice.get("message"), dict) else {}
        if message.get("refusal"):
            return _Reply(None, "refused: " + " ".join(str(message["refusal"]).split())[:80])
        if choice.get("finish_reason") == "length":
            return _Reply(None, "reply cut off at the length limit", retry=False)
        if choice.get("finish_reason") == "content_filter":
            return _Reply(None, "reply withheld by the content filter")
        content = message.get("content")
        if not isinstance(content, str):
            return _Reply(None, "no text in the reply")
        answers, problem = check_reply(parse_reply(content), ids)
        if answers is None:
            return _Reply(None, problem)
        with self._lock:
            self._bad_in_row = 0
        return _Reply(answers)

    def _credentials(self) -> Optional[Credentials]:
        key = self.api_key()
        if not key:
            return None
        return Credentials.for_url(self.endpoint, headers={"api-key": key} if self.azure else
                                   {"Authorization": f"Bearer {key}"})

    def _count_usage(self, data: Any) -> None:
        usage = data.get("usage") if isinstance(data, dict) else None
        if not isinstance(usage, dict):
            return
        prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
        with self._lock:
            self.tokens_in += prompt if isinstance(prompt, int) else 0
            self.tokens_out += completion if isinstance(completion, int) else 0

    # -- errors ------------------------------------------------------------------------------------------
    def describe(self, response: Any) -> str:
        """The server's message, with the key (see :meth:`Provider.describe`) and anything like one blotted out."""
        return _KEY_LIKE.sub("***", super().describe(response))

    def hint_for(self, status: int) -> str:
        if status == 404:
            return "check --provider-url (it ends in /v1 for most servers) and --model"
        if 300 <= status < 400:
            return "the server redirects; give the address it redirects to as --provider-url"
        return super().hint_for(status)


_CONTEXT = re.compile(r"context (?:length|size|window)|maximum context|too many tokens|n_ctx|prompt is too long",
                      re.IGNORECASE)


def _about_format(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in ("response_format", "json_schema", "json_object", "schema"))


def _endpoint(url: str) -> Tuple[str, bool]:
    """The chat-completions URL for a base URL, and whether it is Azure OpenAI."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UsageError(f"not an http(s) address: {url!r}", subject="--provider-url",
                         hint="e.g. http://localhost:11434/v1")
    path = parts.path.rstrip("/")
    if not path.endswith("/chat/completions"):
        path += "/chat/completions"
    azure = on_host(url, *AZURE_HOSTS) or "/openai/deployments/" in path
    query = parts.query
    if azure and "/openai/deployments/" in path and "api-version" not in dict(parse_qsl(query)):
        query = (query + "&" if query else "") + urlencode({"api-version": AZURE_API_VERSION})
    return urlunsplit((parts.scheme, parts.netloc, path, query, "")), azure


def _load_prompt(path: Optional[str]) -> Tuple[str, str]:
    """The prompt template's text and the name used in messages: ``--prompt FILE`` or the bundled one."""
    if not path:
        bundled = data_dir("templates") / PROMPT_FILE
        return bundled.read_text(encoding="utf-8"), "bundled prompt"
    file = Path(path)
    try:
        raw = read_file(file, str(file), limit=PROMPT_LIMIT)  # a named pipe: read in time, or refused
    except NoSuchFile:
        raise UsageError("prompt template not found", subject=str(file),
                         hint="give a Jinja file; start from templates/prompts/translate.j2") from None
    except TooLarge:
        raise UsageError(f"prompt template larger than {PROMPT_LIMIT // 1024} KiB", subject=str(file)) from None
    except InputError as exc:
        raise UsageError(f"cannot read the prompt template: {exc.message}", subject=str(file)) from None
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8-sig")), str(file)
    except UnicodeDecodeError:
        raise UsageError("prompt template is not UTF-8", subject=str(file), hint="save it as UTF-8") from None
