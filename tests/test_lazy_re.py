"""Regular expressions compiled on first use (exporter.text.lazy_re), and the modules of a plain render holding no
expression compiled at import (issue #18: compiling them was a tenth of the start-up)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from exporter.text import lazy_re

ROOT = Path(__file__).resolve().parents[1]


def test_a_lazy_pattern_compiles_on_first_use_and_then_is_the_compiled_pattern(monkeypatch):
    compiled = []
    real = re.compile
    monkeypatch.setattr(re, "compile", lambda *args: compiled.append(args) or real(*args))
    pattern = lazy_re.compile(r"(?P<word>đ\w+)", re.IGNORECASE)
    assert compiled == [] and repr(pattern) == "lazy_re.compile('(?P<word>đ\\\\w+)', re.IGNORECASE)"
    assert pattern.search("Ở Đà Nẵng").group("word") == "Đà"
    assert compiled == [(r"(?P<word>đ\w+)", re.IGNORECASE)]
    same = real(r"(?P<word>đ\w+)", re.IGNORECASE)
    text = "đi đâu Đó đã"
    assert pattern.findall(text) == same.findall(text) and pattern.sub("-", text) == same.sub("-", text)
    assert pattern.split(text) == same.split(text) and pattern.subn("", text) == same.subn("", text)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in same.finditer(text)]
    assert pattern.match(text) and not pattern.fullmatch(text) and pattern.fullmatch("đi")
    assert (pattern.pattern, pattern.flags, pattern.groups, dict(pattern.groupindex)) == (
        same.pattern, same.flags, same.groups, dict(same.groupindex))
    assert len(compiled) == 1  # compiled once: the methods are kept on the object
    with pytest.raises(AttributeError):
        pattern.no_such_method  # noqa: B018


def test_an_invalid_pattern_fails_where_it_is_used():
    pattern = lazy_re.compile(r"(unclosed")
    with pytest.raises(re.error):
        pattern.search("x")


def test_the_modules_of_a_plain_render_compile_no_expression_at_import():
    # Every module-level pattern of the modules `vnbrief render` loads is compiled on first use; a pattern made
    # with re.compile at module level would show here as an re.Pattern.
    code = ("import re, sys\nimport exporter.cli, exporter.render.pdf, exporter.render.markdown\n"
            "print(sorted(f'{m}.{k}' for m, mod in list(sys.modules.items()) if m.startswith('exporter')\n"
            "             for k, v in vars(mod).items() if isinstance(v, re.Pattern)))")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "[]", "compile these with exporter.text.lazy_re.compile"


def test_a_deferred_expression_is_compiled_when_first_used_by_whoever_compiles_it():
    text = r"(?P<word>đ\w+) đi"
    try:
        lazy_re.defer(text, re.IGNORECASE)
        got = re.compile(text, re.IGNORECASE)  # as a library compiles it at import
        assert isinstance(got, lazy_re.LazyPattern) and "search" not in vars(got)
        assert re.compile(text, re.IGNORECASE) is got and re.compile(text) is not got  # the flags are the key's
        real = re.compile(text, re.IGNORECASE | re.UNICODE)  # another key: compiled here, the same expression
        sample = "ĐÀ ĐI, đò đi, Đó đi"
        assert got.findall(sample) == real.findall(sample) == ["ĐÀ", "đò", "Đó"]
        assert got.sub("-", sample) == real.sub("-", sample) and got.split(sample) == real.split(sample)
        assert (got.pattern, got.flags, got.groups, dict(got.groupindex)) == (
            real.pattern, real.flags, real.groups, dict(real.groupindex))
        assert type(got.pattern) is str and "search" in vars(got)  # compiled once, the plain text kept
        assert re.search(text, "Đề đi", re.IGNORECASE).group("word") == "Đề"  # re's own functions find it too
    finally:
        re.purge()


def test_an_expression_compiled_already_is_not_deferred():
    text = r"vnbrief-\d+ compiled already"
    try:
        first = re.compile(text)
        lazy_re.defer(text)
        assert re.compile(text) is first and isinstance(first, re.Pattern)
    finally:
        re.purge()


def test_reportlab_does_not_compile_its_unused_expressions_when_vnbrief_loads_it(tmp_path):
    # ReportLab's layout compiles two expressions at import that vnbrief never uses (60-75 ms of every start);
    # vnbrief loads it with them deferred, for a brief as for a digest. They are deferred only while their texts are
    # ReportLab's, character for character: when an upgrade changes one, this fails (its line reads "Pattern False
    # False": compiled at import, another text) and exporter/render/reportlab_layout.py is to be updated.
    code = ("import sys\nimport exporter\n{call}\n"
            "import reportlab.platypus.paragraph as p, reportlab.lib.textsplit as t\n"
            "from exporter.render.reportlab_layout import DEFERRED\n"
            "for found, (text, flags) in zip((p.uri_pat, t.rx), DEFERRED):\n"
            "    print(type(found).__name__, 'search' in getattr(found, '__dict__', dict()), found.pattern == text)\n"
            "print(bool(p.uri_pat.match('HTTPS://BÁO.VN/xa-hoi')), bool(p.uri_pat.match('báo chí')),"
            " t.rx.findall('Hà Nội 東京'))")
    other = tmp_path / "tin.txt"
    other.write_text("Tin ngắn\n\nHà Nội mưa lớn suốt đêm qua.\n", encoding="utf-8")
    calls = {"brief": "exporter.render_pdf(exporter.read_article(sys.argv[1]))",
             "digest": "exporter.export_digest(sys.argv[1:3], [sys.argv[3]])"}
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for kind, call in calls.items():
        out = subprocess.run([sys.executable, "-c", code.format(call=call), str(ROOT / "examples" / "article.txt"),
                              str(other), str(tmp_path / "digest.pdf")],
                             capture_output=True, text=True, env=env, check=True).stdout
        assert out.splitlines() == ["_StandIn False True", "_StandIn False True",
                                    "True False ['東', '京']"], (kind, out)
