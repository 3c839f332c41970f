"""Each option decided once: Options holds the defaults, the help texts, the checks and the canonical forms, and the
command line, the config file and the stages only use them."""
from __future__ import annotations

import dataclasses
import http.server
import os
import threading
import time

import click
import pytest

from exporter.cli import cli
from exporter.cli_options import SPELLING
from exporter.errors import UsageError
from exporter.options import AUTO_REQUESTS, Options, parallelism
from exporter.text.encodings import BOMS, bom_encoding, canonical_encoding, codec, lookup, web_encoding


def _command_options(name: str) -> dict:
    command = cli.get_command(click.Context(cli), name)
    return {p.name: p for p in command.params if isinstance(p, click.Option)}


def test_every_setting_option_takes_its_help_from_options():
    for command in ("render", "config", "translate", "inspect", "digest"):
        for name, param in _command_options(command).items():
            if name in Options.field_names() and name in SPELLING and not (command == "digest" and
                                                                           name in ("title", "date")):
                expected = SPELLING[name][1].get("help", Options.help(name))
                assert param.help == expected, (command, name)
                assert param.default is None, (command, name)  # the default is Options', never click's


def test_options_shared_by_commands_are_declared_alike():
    # digest reuses the shared declarations: same flags, same type, same help as render
    render, digest = _command_options("render"), _command_options("digest")
    for name in ("paper", "font", "encoding", "tone_style", "translate", "layout", "timeout", "jobs", "provider"):
        assert digest[name].opts == render[name].opts
        assert digest[name].help == render[name].help
        assert type(digest[name].type) is type(render[name].type)


def test_help_states_the_default_from_options():
    assert "(default: 30; from 0.1 to 3,600)" in Options.help("timeout")
    assert "(default: a4)" in Options.help("paper")
    assert "(default: 0, one process per CPU and four requests; from 0 to 256)" in Options.help("jobs")
    assert "(default: every item)" in Options.help("match")  # never an empty "(default: )"
    for name in Options.field_names():
        assert "(default: )" not in Options.help(name)
    assert Options.default("timeout") == 30.0


class _Slow(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # http.server's name
        time.sleep(1.5)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_timeout_reaches_url_reading_from_inspect(run_cli):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/article"
        result = run_cli("inspect", url, "--timeout", "0.2")
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert result.exit_code == 3 and "no answer within 0.2 s" in result.stderr
    assert run_cli("inspect", "x.txt", "--timeout", "0").exit_code == 2


def test_options_check_and_canonicalise_once_made():
    assert Options(encoding="ABC").encoding == "tcvn3"
    assert Options(encoding="Windows_1258").encoding == "windows-1258"
    for bad in ({"paper": "a5"}, {"layout": "side"}, {"jobs": -1}, {"timeout": 0}, {"encoding": "klingon"},
                {"formats": ("pdf", "docx")}):
        with pytest.raises(UsageError):
            Options(**bad)
    # replace() builds a new object: checked again
    with pytest.raises(UsageError):
        dataclasses.replace(Options(), tone_style="odd")


def test_parallelism_is_one_rule():
    cpus = os.cpu_count() or 1
    assert parallelism(0, 1) == (1, AUTO_REQUESTS)  # one input, or the translate command
    assert parallelism(3, 1) == (1, 3)
    assert parallelism(4, 10) == (4, 1)  # four processes share four requests
    assert parallelism(8, 2) == (2, 4)
    assert parallelism(0, 100) == (cpus, max(1, max(AUTO_REQUESTS, cpus) // cpus))
    assert parallelism(0, 0)[0] == 1


def test_one_encoding_registry():
    assert canonical_encoding("VNI_WIN") == "vni"
    assert lookup("x-cp1258") == "windows-1258" and lookup("us-ascii") == "latin-1" and lookup("nope") is None
    assert web_encoding("latin-1") == "windows-1252" and web_encoding("utf-16") == "utf-16-le"
    assert bom_encoding("\ufeffHà".encode("utf-8")) == ("utf-8", 3)
    assert bom_encoding("\ufeffHà".encode("utf-32-le")) == ("utf-32", 4)  # not taken for a UTF-16 mark
    assert bom_encoding(b"plain") is None
    assert len({bom for bom, _ in BOMS}) == len(BOMS)


@pytest.mark.parametrize("name", ["tcvn3", "vni", "vps", "viscii"])
def test_legacy_encodings_are_python_codecs(name):
    text = "Trường Đại học Bách khoa Hà Nội, Quảng Ngãi, Thừa Thiên Huế"
    data = text.encode(codec(name))
    assert data.decode(name) == text
    assert not data.isascii()
    with pytest.raises(UnicodeEncodeError):
        "中文".encode(name)
