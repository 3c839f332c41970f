"""Issue 13, part 2 and 3: nothing runs that was not asked for, and everything is bounded. Templates run in
Jinja's sandbox; every source is read against one size limit while it is read; Word parts are inflated in
bounded chunks; YAML front matter has no aliases and checked values; long paragraphs are laid out in pieces;
headlines, captions and reviewed segments have length caps; a locked cache is waited for 30 s, saying so.

The cases that would exhaust memory before the fix run in a child process with a memory limit."""
from __future__ import annotations

import io
import json
import logging
import os
import re
import sqlite3
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, docs_page, pdf_text, squash

ARTICLE = EXAMPLE.read_text(encoding="utf-8")
MB = 1024 * 1024


def _vnbrief(*args: str, stdin=None, memory_mb: int = 1500, timeout: float = 120) -> subprocess.CompletedProcess:
    """The command in a child process whose memory is capped (a regression fails instead of swapping)."""
    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * MB, memory_mb * MB))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "exporter", *args], input=stdin, capture_output=True,
                          env=env, timeout=timeout, preexec_fn=limit)


# --- templates ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("payload, message", [
    ("{{ lipsum.__globals__['os'].popen('echo PWNED').read() }}",
     "access to attribute '__globals__' of 'function' object is unsafe"),
    ("{{ ''.__class__.__mro__ }}", "access to attribute '__class__' of 'str' object is unsafe"),
    ("{{ lipsum.__globals__.os.environ }}", "access to attribute '__globals__' of 'function' object is unsafe"),
    ("{{ blocks.append(1) }}", "access to attribute 'append' of 'list' object is unsafe"),
])
def test_templates_run_sandboxed(tmp_path, run_cli, payload, message):
    template = tmp_path / "evil.md.j2"
    template.write_text(payload + "\n", encoding="utf-8")
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--template", template)
    assert result.exit_code == 2, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0] and "template error" in errors[0]
    assert "PWNED" not in result.stdout + result.stderr
    assert not (tmp_path / "out" / "article.md").exists()


# --- one size limit, enforced while reading ----------------------------------------------------------------------

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_an_endless_device_is_refused_while_reading():
    process = _vnbrief("inspect", "/dev/zero", memory_mb=600, timeout=60)
    assert process.returncode == 3, process.stderr
    assert process.stderr.decode().strip() == (
        "Error: /dev/zero: is too large (more than 50 MB) (inputs over 50 MB are refused)")


def test_standard_input_has_the_same_limit():
    text = ("Hà Nội hôm nay trời nắng đẹp. " * 40 + "\n\n").encode("utf-8")
    data = text * (51 * MB // len(text) + 1)
    process = _vnbrief("inspect", "-", stdin=data, timeout=60)
    assert process.returncode == 3, process.stderr[-2000:]
    assert process.stderr.decode().strip() == (
        "Error: -: is too large (more than 50 MB) (inputs over 50 MB are refused)")


def _lying_docx(inflated: int) -> bytes:
    """A .docx whose word/document.xml inflates to ``inflated`` bytes while its headers say 2,000."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename == "word/document.xml":
                member = zipfile.ZipInfo("word/document.xml")
                member.compress_type = zipfile.ZIP_DEFLATED
                with target.open(member, "w") as part:
                    chunk = b"<w:p/>" * (MB // 6)
                    for _ in range(inflated // len(chunk)):
                        part.write(chunk)
            else:
                target.writestr(info, source.read(info))
    data = bytearray(out.getvalue())
    lie = struct.pack("<I", 2000)
    start = 0
    while True:  # the sizes in the local header and in the central directory
        local = data.find(b"PK\x03\x04", start)
        if local < 0:
            break
        name_length = struct.unpack_from("<H", data, local + 26)[0]
        if data[local + 30:local + 30 + name_length] == b"word/document.xml":
            data[local + 22:local + 26] = lie
        start = local + 4
    central = 0
    while True:
        central = data.find(b"PK\x01\x02", central)
        if central < 0:
            break
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + name_length] == b"word/document.xml":
            data[central + 24:central + 28] = lie
        central += 4
    return bytes(data)


def test_a_word_file_whose_headers_lie_is_inflated_in_bounded_chunks(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(_lying_docx(600 * MB))
    assert path.stat().st_size < 3 * MB
    # python-docx itself, handed the file, would inflate the part in one call of up to 2 GB: 600 MB here
    process = _vnbrief("inspect", str(path), memory_mb=500, timeout=120)
    assert process.returncode == 3, process.stderr[-2000:]
    line = process.stderr.decode().strip()
    assert line.startswith(f"Error: {path}: is damaged or truncated (BadZipFile:") and "\n" not in line


def test_bounded_inflation_keeps_a_sound_word_file_whole():
    from exporter.read.parse.docx import inflate_bounded

    buffer = io.BytesIO()
    from docx import Document

    document = Document()
    document.add_heading("Tiêu đề bài báo", level=1)
    document.add_paragraph("Nội dung đầy đủ của bài báo tiếng Việt.")
    document.save(buffer)
    copy = zipfile.ZipFile(io.BytesIO(inflate_bounded(buffer.getvalue(), "a.docx")))
    original = zipfile.ZipFile(buffer)
    assert sorted(copy.namelist()) == sorted(n for n in original.namelist() if not n.endswith("/"))
    for name in copy.namelist():
        assert copy.read(name) == original.read(name)


# --- YAML front matter -------------------------------------------------------------------------------------------

_ALIAS_BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
title: *h
---

# Tiêu đề

Nội dung.
"""


def test_front_matter_aliases_are_refused_before_they_expand(tmp_path):
    path = tmp_path / "bomb.md"
    path.write_text(_ALIAS_BOMB, encoding="utf-8")
    assert path.stat().st_size < 700
    process = _vnbrief("inspect", str(path), memory_mb=800, timeout=60)
    assert process.returncode == 3, process.stderr[-2000:]
    assert process.stderr.decode().strip() == (
        f"Error: {path}: front matter uses a YAML alias at line 3, which vnbrief refuses "
        "(write the value out instead of *name)")


@pytest.mark.parametrize("front, message", [
    ("date: 2021-13-45", "front matter date '2021-13-45' is not a real date (month must be in 1..12)"),
    ("title: [a, b]", "front matter 'title' must be text, not a list"),
    ("author: {name: x}", "front matter 'author' must be text, not a table"),
    ("title: " + "x" * 10_001, "front matter 'title' is 10,001 characters long, more than 10,000"),
])
def test_front_matter_values_are_checked(tmp_path, run_cli, front, message):
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\n\nNội dung bài viết.\n", encoding="utf-8")
    result = run_cli("inspect", path)
    assert result.exit_code == 3, result.stderr
    assert result.stderr.startswith(f"Error: {path}: {message}") and result.stderr.count("\n") == 1


def test_front_matter_values_stay_as_written(tmp_path):
    from exporter.pipeline import read_article

    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 2021\ndate: 2021-03-02T14:30:00+07:00\nlang: no\n"
                    "source: !!python/name:os.system x\n---\n\nNội dung.\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.date, article.lang) == ("2021", "2021-03-02T14:30:00+07:00", "no")
    assert article.source == "x"  # a tag builds nothing


# --- length caps -------------------------------------------------------------------------------------------------

def test_a_headline_or_caption_over_the_cap_is_refused(tmp_path, run_cli):
    long_title = tmp_path / "title.md"
    long_title.write_text("# " + "Tiêu đề " * 1300 + "\n\nNội dung bài viết.\n", encoding="utf-8")
    result = run_cli("inspect", long_title)
    assert result.exit_code == 3
    assert f"Error: {long_title}: its headline is 10,399 characters long, more than 10,000" in result.stderr
    long_caption = tmp_path / "caption.md"
    long_caption.write_text("# Tiêu đề\n\nĐoạn đầu.\n\n![" + "ảnh " * 3000 + "](a.jpg)\n", encoding="utf-8")
    result = run_cli("inspect", long_caption)
    assert result.exit_code == 3 and "its caption is" in result.stderr


def _review_file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name, text, message", [
    ("deep.json", "[" * 100_000 + "]" * 100_000,
     "not a segments file: its JSON is nested too deeply"),
    ("wide.csv", "id,source,target\ntitle,x," + "y" * 131_073 + "\n",
     "not valid CSV: field larger than field limit (131072)"),
    ("long.json", json.dumps({"segments": [{"id": "title", "source": "x", "target": "y" * 131_073}]}),
     "segment 1: its target is longer than 131,072 characters"),
])
def test_review_files_are_bounded(tmp_path, run_cli, name, text, message):
    path = _review_file(tmp_path, name, text)
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "--translations", path, "--no-cache")
    assert result.exit_code == 3, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and f"{path}: {message}" in errors[0]


# --- long paragraphs ---------------------------------------------------------------------------------------------

def test_a_long_paragraph_is_laid_out_in_pieces_and_reads_back_whole():
    from exporter.model import Article, Block, Inline
    from exporter.render.pdf import render_pdf
    from exporter.render.pieces import LAYOUT_PIECE_CHARS, split_runs

    sentence = "Hội nghị đã thảo luận nhiều vấn đề quan trọng của tỉnh trong năm tới. "
    text = (sentence * 400).strip()  # 28,000 characters, one paragraph
    runs = (Inline(text[:10_000]), Inline(text[10_000:20_000], bold=True), Inline(text[20_000:]))
    pieces = split_runs(runs)
    assert len(pieces) >= len(text) // LAYOUT_PIECE_CHARS
    assert all(sum(len(r.text) for r in piece) <= LAYOUT_PIECE_CHARS for piece in pieces)
    assert "".join(r.text for piece in pieces for r in piece) == text
    assert all(piece[-1].text.endswith(". ") for piece in pieces[:-1])  # cut after a sentence
    bold = "".join(r.text for piece in pieces for r in piece if r.bold)
    assert bold == text[10_000:20_000]
    data = render_pdf(Article(title="Bài dài", blocks=(Block("paragraph", runs),)))
    pages = re.sub(r"Bàidài\d+/\d+", "", squash(pdf_text(data)))  # the footers between the pages
    assert pages == "Bàidài" + squash(text)


# --- the translation cache's lock --------------------------------------------------------------------------------

def test_a_locked_cache_is_waited_for_as_long_as_said_and_said_so(tmp_path, monkeypatch, caplog):
    from exporter.translate import cache as cachelib

    monkeypatch.setattr(cachelib, "LOCK_WAIT_SECONDS", 2.0)
    folder = tmp_path / "cache"
    folder.mkdir()
    holder = sqlite3.connect(str(folder / cachelib.CACHE_FILE), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        start = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="exporter"):
            cache = cachelib.TranslationCache(folder)
        waited = time.monotonic() - start
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not cache.enabled
    assert 1.5 < waited < 6
    messages = [r.getMessage() for r in caplog.records]
    assert any("is locked by another program; waiting up to 2 s" in m for m in messages), messages
    assert any(m.startswith("translation cache disabled") for m in messages), messages
    assert "waits up to 30 s" in docs_page("translation.md")
