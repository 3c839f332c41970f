"""A scriptable translation server on 127.0.0.1 for tests: LibreTranslate's API, plus the answer shapes of
Google's web page, MyMemory, DeepL and Microsoft Translator, so that the real clients can be exercised with no
internet.

Routes (what each service really answers):

- ``POST /translate`` (LibreTranslate): JSON or form body ``q`` (string or list), ``source``, ``target``,
  ``format``, ``api_key`` → ``{"translatedText": …}``; errors ``{"error": "…"}``, among them the server's
  ``--char-limit`` (``char_limit``). ``GET /frontend/settings`` → ``{"charLimit": …, …}``.
- ``GET /m?sl=&tl=&q=`` (Google's mobile page) → HTML with ``<div class="result-container">…</div>``, each line
  of ``q`` translated on its own line (``google_keeps_lines``).
- ``GET /get?q=&langpair=vi-VN|en-GB`` (MyMemory) → ``{"responseData": {"translatedText": …}, "responseStatus":
  200, "matches": […]}``.
- ``POST /v2/translate`` (DeepL) with ``Authorization: DeepL-Auth-Key …`` → ``{"translations": [{"text": …}]}``;
  errors ``{"message": "…"}``.
- ``POST /translate?api-version=3.0&from=&to=`` (Microsoft) with ``Ocp-Apim-Subscription-Key``, a JSON array
  of ``{"Text": …}`` → ``[{"translations": [{"text": …, "to": "en"}]}]``, one per text; errors
  ``{"error": {"code": …, "message": …}}``.

Usage::

    with TranslationServer() as server:
        server.script(2, status=500, body={"error": "boom"})   # the 2nd request fails
        ... Options(provider="libre", provider_url=server.url) ...
        server.count, server.requests[-1].json, server.max_in_flight

The default "translation" is ``"[en] " + text``, so tests see what was sent. ``transform`` replaces it (e.g. to
mangle placeholders); ``delay`` slows every answer down; ``api_key`` makes the server demand that key.
"""
from __future__ import annotations

import html
import json
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional
from urllib.parse import parse_qs, urlsplit

import pytest

__all__ = ["TranslationServer", "Scripted", "Recorded", "fake_translate", "mangle_placeholders", "translation_server"]


def fake_translate(text: str) -> str:
    """The server's default "translation": a visible prefix."""
    return "[en] " + text


#: From this many placeholders in one text on, :func:`mangle_placeholders` loses the last one.
MANGLE_LOSES_FROM = 6


def mangle_placeholders(text: str) -> str:
    """The "translation" of a provider that changes placeholders the ways real ones do: spaces inside, also
    between digits (``{ v 1 0 }``), upper case, doubled braces, one brace missing; in a text holding many
    placeholders, the last one lost altogether; and names left unprotected written without their marks
    (``Văn Quyết`` → ``Van Quyet``)."""
    found = re.findall(r"\{v(\d+)\}", text)

    def variant(match: re.Match[str]) -> str:
        number = match.group(1)
        if len(found) >= MANGLE_LOSES_FROM and number == found[-1]:
            return ""
        return [
            "{ v " + " ".join(number) + " }", "{V" + number + "}", "{{v" + number + "}}", "{v" + number,
            "v" + number + "}",
        ][int(number) % 5]

    # and, as machine translation does with names it was not told to keep, capitalised words lose their marks
    unmarked = re.sub(r"[^\W\d_]+", lambda m: _strip_marks(m.group(0)) if m.group(0)[0].isupper() else m.group(0),
                      text)
    return "[en] " + re.sub(r"\{v(\d+)\}", variant, unmarked)


def _strip_marks(word: str) -> str:
    out = []
    for ch in word:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append("D" if ch == "Đ" else "d" if ch == "đ" else base if base.isascii() else ch)
    return "".join(out)


@dataclass
class Scripted:
    """A canned answer for one request (or every request from some number on)."""

    status: int = 200
    body: Any = None
    """JSON-able object, or ``str``/``bytes`` sent as they are."""
    headers: Dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Recorded:
    """One request the server received."""

    number: int
    method: str
    path: str
    query: Dict[str, List[str]]
    headers: Dict[str, str]
    body: bytes
    json: Any = None
    form: Dict[str, List[str]] = field(default_factory=dict)


class TranslationServer:
    """The server; a context manager that starts it on a free port and stops it."""

    def __init__(self, transform: Callable[[str], str] = fake_translate, *, languages=("vi", "en"),
                 api_key: Optional[str] = None, delay: float = 0.0, char_limit: int = -1) -> None:
        self.transform = transform
        self.char_limit = char_limit
        self.google_keeps_lines = True
        """Google translates a text line by line and keeps its line breaks; ``False`` runs the lines together
        (what a joined request must survive)."""
        """LibreTranslate's ``--char-limit``: most characters in one request, all texts together (-1: none)."""
        self.languages = tuple(languages)
        self.api_key = api_key
        self.delay = delay
        self.requests: List[Recorded] = []
        self.max_in_flight = 0
        self._in_flight = 0
        self._scripted: Dict[int, Scripted] = {}
        self._from: Optional[tuple] = None
        self._lock = threading.Lock()
        self._httpd: Optional[ThreadingHTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # -- control -----------------------------------------------------------------------------------------
    def script(self, number: int, status: int = 200, body: Any = None, headers: Optional[Dict[str, str]] = None,
               delay: float = 0.0) -> None:
        """Answer the ``number``-th request (from 1) with this instead of a translation; ``status=0`` closes the
        connection without an answer, as a server that went away does."""
        self._scripted[number] = Scripted(status, body, dict(headers or {}), delay)

    def script_from(self, number: int, status: int = 500, body: Any = None,
                    headers: Optional[Dict[str, str]] = None) -> None:
        """Answer every request from the ``number``-th on with this."""
        self._from = (number, Scripted(status, body, dict(headers or {})))

    def reset(self) -> None:
        """Forget scripted answers and recorded requests."""
        with self._lock:
            self._scripted.clear()
            self._from = None
            self.requests.clear()
            self.max_in_flight = 0

    @property
    def count(self) -> int:
        """Requests received so far."""
        return len(self.requests)

    @property
    def url(self) -> str:
        assert self._httpd is not None, "server not started"
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> TranslationServer:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else delayed ACKs cost ~40 ms a request
            wbufsize = 1 << 16  # headers and body in one write; flushed after each request

            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                server._handle(self, "GET")

            def do_POST(self) -> None:
                server._handle(self, "POST")

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> TranslationServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving -----------------------------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        record = Recorded(0, method, parts.path, parse_qs(parts.query), dict(handler.headers.items()), body)
        content_type = handler.headers.get("Content-Type", "")
        if body and "json" in content_type:
            try:
                record.json = json.loads(body.decode("utf-8"))
            except ValueError:
                record.json = None
        elif body:
            record.form = parse_qs(body.decode("utf-8"))
        with self._lock:
            record.number = len(self.requests) + 1
            self.requests.append(record)
            self._in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self._in_flight)
            scripted = self._scripted.get(record.number)
            if scripted is None and self._from is not None and record.number >= self._from[0]:
                scripted = self._from[1]
        try:
            if self.delay:
                time.sleep(self.delay)
            if scripted is not None:
                if scripted.delay:
                    time.sleep(scripted.delay)
                if scripted.status == 0:  # a dead server: the connection closes without an answer
                    handler.close_connection = True
                    return
                self._send(handler, scripted.status, scripted.body, scripted.headers)
                return
            status, answer = self._route(record)
            self._send(handler, status, answer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout tests)
        finally:
            with self._lock:
                self._in_flight -= 1

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: Any,
              headers: Optional[Dict[str, str]] = None) -> None:
        if isinstance(body, bytes):
            data, kind = body, "application/octet-stream"
        elif isinstance(body, str):
            data, kind = body.encode("utf-8"), "text/html; charset=utf-8"
        else:
            data, kind = json.dumps(body, ensure_ascii=False).encode("utf-8"), "application/json"
        handler.send_response(status)
        handler.send_header("Content-Type", kind)
        handler.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(data)

    def _route(self, record: Recorded) -> tuple:
        if record.method == "POST" and record.path == "/translate" and "api-version" in record.query:
            return self._microsoft(record)
        if record.method == "POST" and record.path == "/translate":
            return self._libre(record)
        if record.method == "GET" and record.path == "/frontend/settings":
            return 200, {"charLimit": self.char_limit, "frontendTimeout": 500, "suggestions": False,
                         "filesTranslation": True, "keyRequired": self.api_key is not None}
        if record.method == "GET" and record.path == "/m":
            return self._google(record)
        if record.method == "GET" and record.path == "/get":
            return self._mymemory(record)
        if record.method == "POST" and record.path == "/v2/translate":
            return self._deepl(record)
        return 404, {"error": "Not Found"}

    def _libre(self, record: Recorded) -> tuple:
        data = record.json if isinstance(record.json, dict) else {
            key: values[-1] for key, values in record.form.items()}
        if self.api_key is not None and data.get("api_key") != self.api_key:
            return 403, {"error": "Invalid API key"}
        q = data.get("q")
        if not q:
            return 400, {"error": "Invalid request: missing q parameter"}
        for lang in (data.get("source"), data.get("target")):
            if lang not in self.languages:
                return 400, {"error": f"{lang} is not supported"}
        chars = sum(len(text) for text in q) if isinstance(q, list) else len(q)
        if self.char_limit != -1 and chars > self.char_limit:
            return 400, {"error": f"Invalid request: request ({chars}) exceeds text limit ({self.char_limit})"}
        if isinstance(q, list):
            return 200, {"translatedText": [self.transform(text) for text in q]}
        return 200, {"translatedText": self.transform(q)}

    def _google(self, record: Recorded) -> tuple:
        text = record.query.get("q", [""])[-1]
        if self.google_keeps_lines:
            translated = html.escape("\n".join(self.transform(line) for line in text.split("\n")))
        else:
            translated = html.escape(self.transform(" ".join(text.split("\n"))))
        page = ("<!DOCTYPE html><html><head><title>Google Translate</title></head><body>"
                "<div class=\"root-container\"><div class=\"header\">Google Translate</div>"
                f"<div class=\"result-container\">{translated}</div>"
                "<div class=\"links-container\"><a href=\"https://www.google.com/\">Google home</a></div>"
                "</div></body></html>")
        return 200, page

    def _mymemory(self, record: Recorded) -> tuple:
        text = record.query.get("q", [""])[-1]
        translated = self.transform(text)
        return 200, {
            "responseData": {"translatedText": translated, "match": 0.85},
            "quotaFinished": False, "mtLangSupported": None, "responseDetails": "", "responseStatus": 200,
            "responderId": None, "exception_code": None,
            "matches": [{"id": "0", "segment": text, "translation": translated, "source": "vi-VN",
                         "target": "en-GB", "quality": 74, "reference": None, "usage-count": 0,
                         "subject": "", "created-by": "MT!", "last-updated-by": "MT!", "match": 0.85}],
        }

    def _deepl(self, record: Recorded) -> tuple:
        auth = record.headers.get("Authorization", "")
        if self.api_key is not None and auth != f"DeepL-Auth-Key {self.api_key}":
            return 403, {"message": "Invalid auth key."}
        data = record.json or {}
        texts = data.get("text") or []
        return 200, {"translations": [{"detected_source_language": "VI", "text": self.transform(text)}
                                      for text in texts]}

    def _microsoft(self, record: Recorded) -> tuple:
        key = record.headers.get("Ocp-Apim-Subscription-Key")
        if self.api_key is not None and key != self.api_key:
            return 401, {"error": {"code": 401000, "message": "The request is not authorized because "
                                   "credentials are missing or invalid."}}
        target = record.query.get("to", ["en"])[-1]
        items = record.json if isinstance(record.json, list) else []
        if not items or len(items) > 1000:
            return 400, {"error": {"code": 400077, "message": "The maximum request size has been exceeded."}}
        return 200, [{"translations": [{"text": self.transform(item.get("Text", item.get("text", ""))),
                                        "to": target}]} for item in items]


@pytest.fixture
def translation_server():
    """A started :class:`TranslationServer`, stopped after the test."""
    with TranslationServer() as server:
        yield server
