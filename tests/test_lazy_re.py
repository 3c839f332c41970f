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
