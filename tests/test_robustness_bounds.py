"""Issue 16, part 7 (second half): every read and every wait bounded. Files named as inputs or settings that are
devices or pipes, a photo cache or state that points at one, providers that answer too much or too slowly,
templates that never end, feeds that list thousands of items. Processes that could run away get a memory limit
(RLIMIT_AS) and a timeout, so that a regression fails the test instead of the machine."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import EXAMPLE, ROOT
from libre_server import TranslationServer

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices, pipes and limits")

_LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))
from exporter.cli import main
main(sys.argv[1:])
"""


def vnbrief_limited(*args, timeout=90):
    """The command in a process that may not use more than 1.5 GB nor take more than ``timeout`` seconds."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", _LIMITED, *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout)


@posix
def test_a_config_file_that_is_a_device_or_a_pipe(tmp_path):
    result = vnbrief_limited("render", EXAMPLE, "-o", tmp_path / "out", "--config", "/dev/zero")
    assert result.returncode == 2 and "/dev/zero: is too large (more than 1 MB)" in result.stderr, result.stderr
    fifo = tmp_path / "vnbrief.toml"
    os.mkfifo(fifo)
    started = time.monotonic()
    result = vnbrief_limited("render", EXAMPLE, "-o", tmp_path / "out", "--config", fifo)
    assert result.returncode == 2 and "no input within 5 s (a pipe that no program writes to?)" in result.stderr
    assert time.monotonic() - started < 60


@posix
def test_an_input_that_is_a_pipe_with_no_writer_is_refused_in_time(tmp_path, run_cli):
    fifo = tmp_path / "bai.txt"
    os.mkfifo(fifo)
    result = run_cli("render", fifo, "-o", tmp_path / "out", "--timeout", "1")
    assert result.exit_code == 3
    assert f"{fifo}: no input within 1 s (a pipe that no program writes to?)" in result.stderr


@posix
def test_an_input_that_is_a_pipe_with_a_writer_is_read(tmp_path, run_cli):
    fifo = tmp_path / "bai.txt"
    os.mkfifo(fifo)

    def write():
        with open(fifo, "wb") as pipe:  # waits for the reader, as `vnbrief render <(cat bai.txt)` does
            pipe.write(EXAMPLE.read_bytes())

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    result = run_cli("render", fifo, "-o", tmp_path / "out", "-f", "md", "--timeout", "20")
    writer.join(5)
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "bai.md").is_file()


@posix
def test_skip_unchanged_never_reads_a_device_whole(tmp_path):
    source = tmp_path / "a.txt"
    source.symlink_to("/dev/zero")
    result = vnbrief_limited("render", source, "-o", tmp_path / "out", "--skip-unchanged")
    assert result.returncode == 3 and "is too large" in result.stderr, result.stderr


def test_a_reply_too_large_is_refused(tmp_path, run_cli):
    with TranslationServer() as server:
        server.script_from(1, status=200, body={"translatedText": ["x" * (5 * 1024 * 1024)]})
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translate", "--provider", "libre",
                         "--provider-url", server.url, "--no-cache")
    assert result.exit_code == 4
    assert "answered more than 4 MB; the answer was refused" in result.stderr


def test_a_translation_far_longer_than_its_source_is_refused_and_flagged(tmp_path, run_cli):
    with TranslationServer(transform=lambda text: "Lorem ipsum dolor sit amet. " * 400) as server:
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translate", "--provider", "libre",
                         "--provider-url", server.url, "--no-cache", "--report", tmp_path / "r.json")
    assert result.exit_code == 0, result.stderr
    assert "refused, the text stays untranslated" in result.stderr and "flagged by the checks" in result.stderr
    brief = (tmp_path / "out" / "article.en.md").read_text(encoding="utf-8")
    assert "Lorem ipsum" not in brief and len(brief) < 20_000


class _Trickle(BaseHTTPRequestHandler):
    """Answers a translation one byte every half second: headers at once, the body never done in time."""

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"translatedText": ["' + b"x" * 200 + b'"]}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for byte in body:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(0.5)
        except (BrokenPipeError, ConnectionResetError):
            pass


def test_timeout_covers_the_whole_reply(tmp_path, run_cli):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        started = time.monotonic()
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translate", "--provider", "libre",
                         "--provider-url", f"http://127.0.0.1:{server.server_address[1]}", "--no-cache",
                         "--timeout", "2")
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 4 and "no complete answer from" in result.stderr, result.stderr
    assert elapsed < 30  # the body alone would take 110 s; each byte came well within the read timeout


def test_a_template_that_never_ends_is_stopped(tmp_path, run_cli, monkeypatch):
    from exporter import sandbox

    monkeypatch.setattr(sandbox, "TEMPLATE_SECONDS", 1.0)
    template = tmp_path / "t.md.j2"
    template.write_text("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                        encoding="utf-8")
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--template", template)
    assert result.exit_code == 2
    assert "template stopped: it worked for more than 1 s (a loop without end?)" in result.stderr
    template.write_text("{{ 'x' * 100000000 }}", encoding="utf-8")
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--template", template)
    assert result.exit_code == 2 and "'*' would make something of more than" in result.stderr


def test_a_feed_without_limit_is_read_up_to_the_default(tmp_path, run_cli, static_site):
    items = "".join(f"<item><title>Tin số {i}</title><link>{static_site.url(f'/tin-{i}')}</link></item>"
                    for i in range(120))
    feed = static_site.add("/rss", f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{items}"
                                   f"</channel></rss>".encode(), "application/rss+xml")
    result = run_cli("render", feed, "-o", tmp_path / "out", "-f", "md", "--images", "none")
    assert "50 of 120 items" in result.stderr
    assert sum(count for path, count in static_site.hits.items() if path.startswith("/tin-")) == 50
