"""A scriptable OpenAI-compatible Chat Completions server on 127.0.0.1, for tests and the LLM benchmark.

It answers ``POST …/chat/completions`` (``/v1/chat/completions``, Azure's
``/openai/deployments/NAME/chat/completions?api-version=…``) like a model that follows vnbrief's prompt: the
user message is a JSON object id → Vietnamese text, and the reply is a JSON object with the same ids whose
"translations" are the texts with every glossary term listed in the system prompt (``  vi = en`` lines)
replaced by its English, the names given as data (a user message ``{"names": […]}`` before the segments) kept
as written, numbers and dates written the English way (``1.312,76`` → ``1,312.76``, ``30/4`` → ``30 April``), and
every other word stripped of its diacritics (so it no longer reads as Vietnamese). ``usage`` counts a token per
three characters.

Misbehaviour is scripted per request number (from 1), like :class:`libre_server.TranslationServer`::

    with ChatServer() as server:
        server.behave(1, "missing")          # the 1st reply lacks an id
        server.behave_from(1, "prose")       # every reply wrapped in prose and a code fence
        server.script(2, 429, {"error": {"message": "slow down"}}, {"Retry-After": "3"})
        ... Options(provider="openai", provider_url=server.url + "/v1", model="test") ...

Behaviours: ``missing`` (drop the last id), ``extra`` (add an id), ``empty`` (one text empty), ``prose``
(prose and a ``json`` code fence around the object), ``refusal`` (``message.refusal`` set, no content),
``length`` (cut off, ``finish_reason: length``), ``filtered`` (``finish_reason: content_filter``, as Azure
answers), ``garbage`` (not JSON), ``no_schema`` (HTTP 400 for a request with ``response_format`` json_schema,
as servers without structured output answer), ``no_temperature`` (HTTP 400 for a request that sets
``temperature``, as OpenAI's reasoning models answer), ``context`` (HTTP 400: longer than the context, as
llama.cpp's server answers). ``sloppy=p`` makes each
reply drop or add an id with probability ``p`` (seeded), a model that does not follow the prompt.
``latency`` and ``token_latency`` make each answer take that long (per request, per completion token).
"""
from __future__ import annotations

import json
import random
import re
import threading
import time
import unicodedata
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest
from libre_server import Recorded, TranslationServer

__all__ = ["ChatServer", "follow_prompt", "english_numbers", "chat_server"]

BEHAVIOURS = ("missing", "extra", "empty", "prose", "refusal", "length", "filtered", "garbage", "no_schema",
              "no_temperature", "context")


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
NUMBER = re.compile(r"(?<![\d.,/])\d+(?:[.,/]\d+)*(?![\d/])")


# A d/m is a date with a year, or after a word that says when ("ngày", "sáng" … with or without diacritics);
# otherwise it is a fraction or a score ("5/5 hạng mục", "9/11 chuyên ngành") and stays as written.
_WHEN = re.compile(r"(?:ngay|ngày|hom|hôm|sang|sáng|trua|trưa|chieu|chiều|toi|tối|dem|đêm)\s*$", re.IGNORECASE)


def _english_number(raw: str, before: str = "") -> str:
    """One number or date as English writes it (``before``: the text before it)."""
    date = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{4}))?", raw)
    if date and 1 <= int(date.group(1)) <= 31 and 1 <= int(date.group(2)) <= 12 and (
            date.group(3) or _WHEN.search(before)):
        text = f"{int(date.group(1))} {_MONTHS[int(date.group(2)) - 1]}"
        return text + (f" {date.group(3)}" if date.group(3) else "")
    if "/" in raw:
        return raw
    grouped = re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", raw)
    if grouped or re.fullmatch(r"\d+,\d+", raw):
        whole, _, decimals = raw.replace(".", "").partition(",")
        text = f"{int(whole):,}"
        return text + (f".{decimals}" if decimals else "")
    return raw


def english_numbers(text: str) -> str:
    """``text`` with every Vietnamese number and ``d/m`` date written the English way."""
    return NUMBER.sub(lambda m: _english_number(m.group(0), text[max(0, m.start() - 12):m.start()]), text)


def _fold(word: str) -> str:
    base = "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))
    return base.replace("đ", "d").replace("Đ", "D")


def prompt_terms(system: str, users: Sequence[str] = ()) -> Tuple[List[Tuple[str, str]], List[str]]:
    """The glossary lines (``  vi = en``) of a prompt, and the names a user message gives (``{"names": […]}``)."""
    terms = [(m.group(1).strip(), m.group(2).strip()) for m in re.finditer(r"^\s+(.+?) = (.+)$", system, re.M)]
    names_line = re.search(r"write them exactly like this: (.+)\.$", system, re.M)  # prompts before issue 22
    names = [n.strip() for n in names_line.group(1).split(",")] if names_line else []
    for content in users:
        try:
            data = json.loads(content)
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("names"), list):
            names += [str(name) for name in data["names"]]
    return terms, names


def follow_prompt(text: str, terms: List[Tuple[str, str]], names: List[str], numbers: bool = True) -> str:
    """What a model that follows the prompt answers, near enough for tests: terms in English, names kept,
    numbers and dates written the English way (unless not ``numbers``), every other word without diacritics."""
    keep: List[str] = []

    def hold(value: str) -> str:
        keep.append(value)
        return f"\x00{len(keep) - 1}\x00"

    for vietnamese, english in sorted(terms, key=lambda t: -len(t[0])):
        text = re.sub(rf"(?<!\w){re.escape(vietnamese)}(?!\w)", lambda m, e=english: hold(e), text,
                      flags=re.IGNORECASE)
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda m: hold(m.group(0)), text)
    text = re.sub(r"[^\W\d_]+", lambda m: _fold(m.group(0)), text)
    if numbers:
        text = english_numbers(text)
    return re.sub(r"\x00(\d+)\x00", lambda m: keep[int(m.group(1))], text)


class ChatServer(TranslationServer):
    """The server (a context manager, started on a free port). ``requests``, ``count``, ``script`` and
    ``script_from`` work as in :class:`~libre_server.TranslationServer`."""

    def __init__(self, *, api_key: Optional[str] = None, latency: float = 0.0, token_latency: float = 0.0,
                 sloppy: float = 0.0, seed: int = 1, model: Optional[str] = None) -> None:
        super().__init__(api_key=api_key, delay=latency)
        self.token_latency = token_latency
        self.sloppy = sloppy
        self.model = model
        self.sloppy_replies = 0
        """Replies made wrong on purpose by ``sloppy``."""
        self._random = random.Random(seed)
        self._behaviours: Dict[int, str] = {}
        self._behave_from: Optional[Tuple[int, str]] = None
        self._chat_lock = threading.Lock()

    def behave(self, number: int, behaviour: str) -> None:
        """Misbehave (one of :data:`BEHAVIOURS`) on the ``number``-th request."""
        assert behaviour in BEHAVIOURS, behaviour
        self._behaviours[number] = behaviour

    def behave_from(self, number: int, behaviour: str) -> None:
        """Misbehave on every request from the ``number``-th on."""
        assert behaviour in BEHAVIOURS, behaviour
        self._behave_from = (number, behaviour)

    def _behaviour(self, number: int) -> str:
        found = self._behaviours.get(number, "")
        if not found and self._behave_from is not None and number >= self._behave_from[0]:
            found = self._behave_from[1]
        return found

    def _route(self, record: Recorded) -> tuple:
        if record.method != "POST" or not record.path.endswith("/chat/completions"):
            return 404, {"error": {"message": f"no route {record.path}", "type": "invalid_request_error"}}
        if self.api_key is not None:
            given = record.headers.get("api-key") or record.headers.get("Authorization", "")[len("Bearer "):]
            if given != self.api_key:
                return 401, {"error": {"message": f"Incorrect API key provided: {given[:3]}***{given[-2:]}",
                                       "type": "invalid_request_error", "code": "invalid_api_key"}}
        body = record.json if isinstance(record.json, dict) else {}
        if self.model is not None and body.get("model") != self.model:
            return 404, {"error": {"message": f"The model `{body.get('model')}` does not exist"}}
        behaviour = self._behaviour(record.number)
        response_format = body.get("response_format") or {}
        if behaviour == "no_schema" and response_format.get("type") == "json_schema":
            return 400, {"error": {"message": "response_format json_schema is not supported by this model",
                                   "type": "invalid_request_error", "param": "response_format"}}
        if behaviour == "context":
            return 400, {"error": {"code": 400, "type": "exceed_context_size_error",
                                   "message": "the request exceeds the available context size, try increasing it"}}
        if behaviour == "no_temperature" and "temperature" in body:
            return 400, {"error": {"message": "Unsupported value: 'temperature' does not support 0 with this "
                                   "model. Only the default (1) value is supported.", "param": "temperature"}}
        messages = body.get("messages") or []
        system = next((m.get("content", "") for m in messages if m.get("role") == "system"), "")
        users = [str(m.get("content", "")) for m in messages if m.get("role") == "user"]
        user = users[-1] if users else ""
        try:
            segments = json.loads(user)
        except ValueError:
            segments = {"text": user}
        terms, names = prompt_terms(system, users[:-1])
        answer = {key: follow_prompt(str(value), terms, names) for key, value in segments.items()}
        with self._chat_lock:
            roll = self._random.random()
        if not behaviour and self.sloppy and roll < self.sloppy and answer:
            behaviour = "missing" if roll < self.sloppy / 2 else "extra"
            with self._chat_lock:
                self.sloppy_replies += 1
        if behaviour == "missing" and answer:
            answer.pop(list(answer)[-1])
        elif behaviour == "extra":
            answer["t999"] = "An extra line the model made up."
        elif behaviour == "empty" and answer:
            answer[list(answer)[0]] = ""
        content: Optional[str] = json.dumps(answer, ensure_ascii=False)
        finish, refusal = "stop", None
        if behaviour == "prose":
            content = f"Sure! Here is the translation:\n```json\n{content}\n```\nLet me know if you need more."
        elif behaviour == "garbage":
            content = "I translated the texts above."
        elif behaviour == "length":
            content, finish = (content or "")[: max(1, len(content or "") // 2)], "length"
        elif behaviour == "refusal":
            content, refusal = None, "I'm sorry, I can't help with that."
        elif behaviour == "filtered":
            content, finish = "", "content_filter"
        prompt_tokens = sum(len(str(m.get("content", ""))) for m in messages) // 3 + 1
        completion_tokens = len(content or refusal or "") // 3 + 1
        if self.token_latency:
            time.sleep(self.token_latency * completion_tokens)
        message: Dict[str, Any] = {"role": "assistant", "content": content}
        if refusal:
            message["refusal"] = refusal
        return 200, {
            "id": f"chatcmpl-{record.number}", "object": "chat.completion", "created": 1700000000,
            "model": body.get("model", ""),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                      "total_tokens": prompt_tokens + completion_tokens},
        }


@pytest.fixture
def chat_server():
    """A started :class:`ChatServer`, stopped after the test."""
    with ChatServer() as server:
        yield server
