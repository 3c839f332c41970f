"""A small web server on 127.0.0.1 for the photo and feed tests: serves what a test puts in it, counts the
requests by path and can add latency. Never the internet."""
from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Dict, Iterator, Optional, Tuple

import pytest


class StaticSite:
    """The files a test serves: path → (bytes, content type)."""

    def __init__(self) -> None:
        self.files: Dict[str, Tuple[bytes, str]] = {}
        self.hits: Counter = Counter()
        self.delay = 0.0
        self.active = 0
        self.most_active: Counter = Counter()  # path prefix → most requests in flight at once
        self.lock = threading.Lock()
        self.base = ""
        self.on_request: Optional[Callable[[str], None]] = None
        """Called with the path of every request before it is answered (to hold an answer back)."""
        self.redirects: Dict[str, Tuple[int, str]] = {}
        """Path → (status, Location): answered with a redirect."""

    def add(self, path: str, data: bytes, ctype: str) -> str:
        """Serve ``data`` at ``path``; return its URL."""
        self.files[path] = (data, ctype)
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path


def _handler(site: StaticSite):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep the test output clean
            pass

        def do_GET(self):  # http.server's naming
            path = self.path
            with site.lock:
                site.hits[path] += 1
                site.active += 1
                site.most_active["all"] = max(site.most_active["all"], site.active)
            try:
                if site.on_request is not None:
                    site.on_request(path)
                if site.delay:
                    time.sleep(site.delay)
                if path in site.redirects:
                    status, location = site.redirects[path]
                    self.send_response(status)
                    self.send_header("Location", location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                key = path if path in site.files else path.split("?", 1)[0]
                if key not in site.files:
                    body = b"not found"
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                data, ctype = site.files[key]
                self.send_response(200)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            finally:
                with site.lock:
                    site.active -= 1

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that hung up (a refused download): no noise
        pass


@contextlib.contextmanager
def serve() -> Iterator[StaticSite]:
    """A :class:`StaticSite` served on 127.0.0.1 (a port of its own) while the block runs."""
    site = StaticSite()
    server = _QuietServer(("127.0.0.1", 0), _handler(site))
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def static_site() -> Iterator[StaticSite]:
    with serve() as site:
        yield site
