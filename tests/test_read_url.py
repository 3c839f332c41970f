"""Fetching article URLs, against a web server on 127.0.0.1 started by the tests (never the internet)."""
from __future__ import annotations

import gzip
import socket
import threading
import time
import unicodedata
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import cp1258_bytes

from exporter._version import __version__
from exporter.errors import ExitStatus, InputError
from exporter.options import Options
from exporter.read import read_url
from exporter.read.fetch.web import MAX_REDIRECTS, fetch

ARTICLE = (Path(__file__).resolve().parent / "fixtures" / "html" / "outlet_article.html").read_bytes()
HOME = (Path(__file__).resolve().parent / "fixtures" / "html" / "home_page.html").read_bytes()
VIETNAMESE = ("<html><head><title>Trường học</title></head><body><h1>Trường Đại học mở ngành mới</h1>"
              "<p>Trường Đại học Bách khoa thông báo tuyển sinh ngành trí tuệ nhân tạo từ năm học tới, với chỉ tiêu "
              "một trăm hai mươi sinh viên và học bổng cho những người đạt điểm cao nhất.</p>"
              "<p>Nhà trường cho biết sinh viên sẽ được thực tập tại các doanh nghiệp công nghệ ngay từ năm thứ ba, "
              "đồng thời học thêm tiếng Anh chuyên ngành để có thể làm việc ở nước ngoài.</p></body></html>")


def _mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252 (its five undefined bytes as C1 controls), as a careless CMS stores it."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


class Handler(BaseHTTPRequestHandler):
    seen_agents: list = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", headers.pop("length", str(len(body))))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # http.server's naming
        Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        try:
            if path == "/article":
                self._send(200, ARTICLE)
            elif path == "/old":
                self.send_response(301)
                self.send_header("Location", "/article")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path.startswith("/loop"):
                n = int(path[5:] or 0)
                self.send_response(302)
                self.send_header("Location", f"/loop{n + 1}")
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/missing":
                self._send(404, b"<html><body>Not here</body></html>")
            elif path == "/broken":
                self._send(500, b"<html><body>Oops</body></html>")
            elif path == "/image":
                self._send(200, b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png")
            elif path == "/huge-declared":
                self._send(200, b"<html></html>", length=str(51 * 1024 * 1024))
            elif path == "/huge-streamed":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()  # no length: the client must count
                chunk = b"<p>" + b"x" * 8189 + b"</p>"
                for _ in range(64):  # 512 KB
                    self.wfile.write(chunk)
            elif path == "/slow":
                time.sleep(1.5)
                self._send(200, ARTICLE)
            elif path == "/drip":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(60):
                    self.wfile.write(b"<p>drip</p>")
                    self.wfile.flush()
                    time.sleep(0.05)
            elif path == "/vn1258":
                self._send(200, cp1258_bytes(VIETNAMESE), "text/html; charset=windows-1258")
            elif path == "/mojibake":  # declared UTF-8 by the header, text mangled before it was saved
                self._send(200, _mojibake(VIETNAMESE).encode("utf-8"), "text/html; charset=utf-8")
            elif path == "/no-type":
                self._send(200, ARTICLE, ctype="")
            elif path == "/gzip":
                self._send(200, gzip.compress(ARTICLE), Content_Encoding="gzip")
            elif path == "/gzip-bomb":  # 60 KB on the wire, 60 MB unpacked
                self._send(200, gzip.compress(b"<p>" + bytes(60 * 1024 * 1024)), Content_Encoding="gzip")
            elif path == "/home":
                self._send(200, HOME)
            else:
                self._send(404, b"")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up first, as the timeout tests want


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a client that hung up is expected here
        pass


@pytest.fixture(scope="module")
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def _fails(url: str, match: str, **kwargs) -> InputError:
    with pytest.raises(InputError, match=match) as caught:
        fetch(url, **kwargs)
    assert caught.value.exit_code == ExitStatus.INPUT
    assert caught.value.subject == url
    return caught.value


def test_reads_an_article_url(server):
    Handler.seen_agents.clear()
    article = read_url(server + "/article", Options(timeout=5))
    assert article.title == "Hà Nội mở thêm tuyến xe buýt điện nối sân bay"
    assert article.lead.startswith("Tuyến xe buýt điện thứ ba")
    assert article.input.path == server + "/article" and article.input.format == "html"
    assert article.url == "https://tinnhanh.example/ha-noi-mo-them-tuyen-xe-buyt-dien-123.html"  # canonical
    assert Handler.seen_agents and all(a.startswith(f"vnbrief/{__version__}") for a in Handler.seen_agents)


def test_follows_a_redirect(server):
    page = fetch(server + "/old", timeout=5)
    assert page.url == server + "/article"
    assert page.data == ARTICLE


def test_too_many_redirects(server):
    _fails(server + "/loop", f"too many redirects \\(more than {MAX_REDIRECTS}\\)", timeout=5)


def test_http_errors_name_status_and_url(server):
    err = _fails(server + "/missing", "HTTP 404 Not Found", timeout=5)
    assert str(err) == f"{server}/missing: HTTP 404 Not Found (check the address)"
    _fails(server + "/broken", "HTTP 500", timeout=5)


def test_not_a_web_page(server):
    _fails(server + "/image", "not a web page \\(content type image/png\\)", timeout=5)


def test_too_large_by_declared_length_and_by_counting(server):
    _fails(server + "/huge-declared", "too large", timeout=5)
    _fails(server + "/huge-streamed", "too large", timeout=5, max_bytes=100 * 1024)


def test_a_server_that_never_answers_times_out(server):
    start = time.monotonic()
    _fails(server + "/slow", "no answer within 0.3 s", timeout=0.3)
    assert time.monotonic() - start < 1.4


def test_a_server_that_trickles_is_cut_off_at_the_deadline(server):
    start = time.monotonic()
    _fails(server + "/drip", "no complete answer within 0.5 s", timeout=0.5)
    assert time.monotonic() - start < 2.0


def test_connection_refused():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    _fails(f"http://127.0.0.1:{port}/x", "connection refused|could not connect", timeout=2)


def test_unsupported_scheme():
    _fails("ftp://127.0.0.1/x", "unsupported address scheme", timeout=5)


def test_charset_from_the_header(server):
    article = read_url(server + "/vn1258", Options(timeout=5))
    assert article.input.encoding == "windows-1258"
    assert unicodedata.normalize("NFC", article.title) == "Trường Đại học mở ngành mới"


def test_page_declared_utf8_by_the_header_but_mojibake_is_repaired(server):
    article = read_url(server + "/mojibake", Options(timeout=5))
    assert article.title == "Trường Đại học mở ngành mới"
    assert "học bổng cho những người đạt điểm cao nhất" in " ".join(b.text for b in article.blocks)
    assert any(note.startswith("repaired UTF-8 misread as Windows-1252") for note in article.input.repairs)


def test_no_content_type_but_html_is_accepted(server):
    assert fetch(server + "/no-type", timeout=5).data == ARTICLE


def test_a_home_page_url_has_no_article(server):
    with pytest.raises(InputError, match="no article found") as caught:
        read_url(server + "/home", Options(timeout=5))
    assert server + "/home" in str(caught.value)


def test_compressed_pages_are_unpacked_and_counted_unpacked(server):
    assert fetch(server + "/gzip", timeout=5).data == ARTICLE
    _fails(server + "/gzip-bomb", "too large", timeout=5)


def test_importing_the_module_loads_no_network_stack():
    import subprocess
    import sys

    code = "import sys, exporter.read.fetch.web; assert 'requests' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])
