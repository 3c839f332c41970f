"""The vnbrief command: outputs, messages, exit codes, help."""
from __future__ import annotations

import ast
import json
import os
import random
import subprocess
import sys
from typing import List

import pytest
from conftest import EXAMPLE, ROOT, pdf_text, squash

from exporter._version import __version__
from exporter.text.encodings import codec

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 4
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(random.Random(1).randrange(256) for _ in range(2000))


def one_line_error(result, *needles):
    assert result.stdout == "" or "Error" not in result.stdout
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("Error: ")]
    assert errors, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in errors[0], (needle, errors[0])
    return errors[0]


def test_render_writes_pdf_and_markdown(run_cli, tmp_path):
    out = tmp_path / "new" / "folder"
    result = run_cli("render", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["article.md", "article.pdf"]
    assert result.stdout.split() == [str(out / "article.pdf"), str(out / "article.md")]
    assert squash("Nghị quyết Đại hội XIII") in squash(pdf_text((out / "article.pdf").read_bytes()))


def test_format_option(run_cli, tmp_path):
    result = run_cli("render", EXAMPLE, "-o", tmp_path, "-f", "md", "-q")
    assert result.exit_code == 0 and result.stdout == ""
    assert [p.name for p in tmp_path.iterdir()] == ["article.md"]


def test_stdin_named_by_headline_slug(run_cli, tmp_path):
    result = run_cli("render", "-", "-o", tmp_path, "-f", "pdf", input=EXAMPLE.read_bytes())
    assert result.exit_code == 0, result.stderr
    names = [p.name for p in tmp_path.iterdir()]
    assert names == ["ban-to-chuc-cac-tinh-thanh-uy-tich-cuc-tham-muu-cu-the-hoa-trien-khai-thuc-hien.pdf"]


@pytest.mark.parametrize("case", ["missing", "folder", "empty", "blank", "png", "pdf", "zip", "random", "nul"])
def test_unreadable_inputs_exit_3(run_cli, tmp_path, case):
    path = tmp_path / f"{case}.txt"
    content = {"empty": b"", "blank": b" \n\t\n\xc2\xa0\n", "png": PNG, "pdf": PDF, "zip": ZIP,
               "random": bytes(random.Random(7).randrange(256) for _ in range(4096)),
               "nul": b"Ha Noi\x00\x00\x00 text\x00"}.get(case)
    if case == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    out = tmp_path / "out"
    result = run_cli("render", path, "-o", out)
    assert result.exit_code == 3, (result.stdout, result.stderr)
    one_line_error(result, str(path))
    assert not out.exists() or not any(out.iterdir())


def test_missing_file_message(run_cli, tmp_path):
    result = run_cli("render", tmp_path / "nope.txt", "-o", tmp_path)
    assert one_line_error(result) == f"Error: {tmp_path / 'nope.txt'}: no such file (check the path)"


def test_other_inputs_still_rendered(run_cli, tmp_path):
    result = run_cli("render", tmp_path / "nope.txt", EXAMPLE, "-o", tmp_path / "out", "-f", "pdf")
    assert result.exit_code == 3
    assert (tmp_path / "out" / "article.pdf").exists()
    assert "1 of 2 inputs rendered, 1 failed" in result.stderr


def test_unwritable_output_folder_exit_5(run_cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("render", EXAMPLE, "-o", blocker / "sub")
    assert result.exit_code == 5
    one_line_error(result, str(blocker / "sub"), "-o")


def test_failed_render_leaves_no_file(run_cli, tmp_path, monkeypatch):
    from exporter.render import markdown

    def broken(article, options, stem, files_dir=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(markdown, "render_markdown_files", broken)
    result = run_cli("render", EXAMPLE, "-o", tmp_path)
    assert result.exit_code == 1
    line = one_line_error(result, "unexpected error", "RuntimeError: boom", "--debug")
    assert str(EXAMPLE) in line
    assert list(tmp_path.iterdir()) == []  # the PDF, rendered first, was not written either


def test_debug_shows_traceback(run_cli, tmp_path):
    result = run_cli("render", tmp_path / "nope.txt", "--debug")
    assert result.exit_code == 3 and "Traceback" in result.stderr


def test_bad_font_folder_exit_2(run_cli, tmp_path):
    result = run_cli("render", EXAMPLE, "-o", tmp_path, "--font", tmp_path / "nofonts")
    assert result.exit_code == 2
    one_line_error(result, "font")


def test_template_typo_exit_2(run_cli, tmp_path):
    template = tmp_path / "t.md.j2"
    template.write_text("{{ nope }}\n")
    result = run_cli("render", EXAMPLE, "-o", tmp_path, "-f", "md", "--template", template)
    assert result.exit_code == 2
    one_line_error(result, "line 1")


def test_usage_error_exit_2(run_cli):
    assert run_cli("render", EXAMPLE, "--paper", "a3").exit_code == 2
    assert run_cli("render").exit_code == 2


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"vnbrief {__version__}"


def test_every_command_has_help_with_an_example(run_cli):
    import click

    from exporter.cli import cli

    for name in cli.list_commands(click.Context(cli)):
        result = run_cli(name, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout and f"vnbrief {name}" in result.stdout, name


def test_fonts_command(run_cli):
    result = run_cli("fonts")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("serif") and "Noto Serif" in line and "covers Vietnamese" in line for line in lines)
    assert any(line.startswith("sans") and "Noto Sans" in line for line in lines)


def test_inspect_options(run_cli):
    result = run_cli("inspect", EXAMPLE, "--title", "Khác", "--tone-style", "new")
    data = json.loads(result.stdout)
    assert data["title"] == "Khác"
    assert "thành uỷ" in data["lead"] and "thành ủy" not in data["lead"]


def _python(code: str, cwd=None) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=cwd,
                          env=env).stdout


def test_import_does_nothing_heavy():
    out = _python("import sys, exporter, exporter.cli; print(sorted(m for m in ('reportlab', 'jinja2', 'requests', "
                  "'deep_translator', 'trafilatura', 'docx', 'ftfy', 'fontTools') if m in sys.modules))")
    assert out.strip() == "[]"


def test_import_exporter_loads_none_of_its_modules():
    out = _python("import sys, exporter; print(sorted(m for m in sys.modules if m.startswith('exporter')))")
    assert out.strip() == "['exporter', 'exporter._version']"
    out = _python("import exporter; print(exporter.render_pdf.__module__, 'Options' in dir(exporter))")
    assert out.split() == ["exporter.render.pdf", "True"]


def test_pdf_render_loads_neither_the_markdown_renderer_nor_jinja(tmp_path):
    assert _render_loads(EXAMPLE, tmp_path / "a", "-f", "pdf", watched=("exporter.render.markdown", "jinja2")) == []
    # the bundled Markdown template runs compiled ahead (exporter/render/md_ahead.py), without Jinja
    assert _render_loads(EXAMPLE, tmp_path / "b", watched=("exporter.render.markdown", "jinja2")) == [
        "exporter.render.markdown"]


def test_text_render_imports_no_translation_or_html_stack(tmp_path):
    code = ("import sys\nfrom exporter.cli import main\ntry:\n    main(['render', %r, '-o', %r, '-q'])\n"
            "except SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print(sorted(m for m in ('deep_translator', 'trafilatura', 'requests', 'urllib3', 'socket', 'docx', "
            "'lxml', 'ftfy', 'sqlite3', 'yaml', 'feedparser', 'exporter.translate', 'exporter.digest', "
            "'exporter.cli_commands', "
            "'exporter.model.translation', 'exporter.model.digest', 'exporter.model.photo') "
            "if m in sys.modules))") % (
                str(EXAMPLE), str(tmp_path))
    assert _python(code).strip().splitlines()[-1] == "[]"


def test_the_program_spares_its_last_garbage_collection_a_caller_keeps_its_collector(tmp_path):
    # vnbrief run as a program (main() reading the process's own arguments) moves what it made out of the
    # collector's sight before it exits; main(args) called by a program or a test leaves the collector alone.
    code = ("import atexit, gc, sys\natexit.register(lambda: print('frozen', gc.get_freeze_count() > 0))\n"
            "from exporter.cli import main\n%s")
    as_program = "sys.argv = ['vnbrief', 'render', %r, '-o', %r, '-q']\nmain()" % (str(EXAMPLE), str(tmp_path / "a"))
    as_call = "try:\n    main(['render', %r, '-o', %r, '-q'])\nexcept SystemExit:\n    pass" % (
        str(EXAMPLE), str(tmp_path / "b"))
    assert _python(code % as_program).split() == ["frozen", "True"]
    assert _python(code % as_call).split() == ["frozen", "False"]
    assert (tmp_path / "a" / "article.pdf").is_file() and (tmp_path / "a" / "article.md").is_file()


_DETECTION_AND_FEED_MODULES = ("exporter.read.feeds", "exporter.read.parse.feed", "feedparser", "exporter.text.legacy",
                                "exporter.text.viqr", "exporter.text.syllables")


def _render_loads(source, out, *extra, watched=_DETECTION_AND_FEED_MODULES) -> List[str]:
    """Which of the ``watched`` modules (the feed reader and the legacy-encoding tables unless told) a
    ``vnbrief render`` of ``source`` loads."""
    code = ("import sys\nfrom exporter.cli import main\ntry:\n    main(['render', %r, '-o', %r, '-q', *%r])\n"
            "except SystemExit as e:\n    assert e.code == 0, e.code\nprint(sorted(m for m in %r if m in sys.modules))"
            ) % (str(source), str(out), list(extra), tuple(watched))
    return ast.literal_eval(_python(code).strip().splitlines()[-1])


def test_utf8_text_render_loads_neither_feed_reader_nor_legacy_tables(tmp_path):
    # The seams of issue #12: clean UTF-8 needs no legacy-encoding detection, an input that is no feed no feed
    # reader (the CLI asks exporter.read.feed_names, which loads neither).
    assert _render_loads(EXAMPLE, tmp_path / "a", "-f", "pdf") == []
    assert _render_loads(EXAMPLE, tmp_path / "b") == []
    assert (tmp_path / "a" / "article.pdf").is_file() and (tmp_path / "b" / "article.md").is_file()
    # A Markdown brief of an article without photos needs neither ReportLab nor Pillow (a PDF loads both:
    # ReportLab imports Pillow itself, as it does for the bare benchmark script).
    assert _render_loads(EXAMPLE, tmp_path / "c", "-f", "md", watched=("reportlab", "PIL", "PIL.Image")) == []


_PHOTO_AND_OTHER_READER_MODULES = ("exporter.read.photos", "exporter.read.rules.photo_places", "exporter.render.images",
                                   "exporter.read.parse.markdown", "exporter.read.parse.html",
                                   "exporter.read.rules.page_photos")


def test_text_render_without_photos_loads_no_photo_code_nor_other_readers(tmp_path):
    assert _render_loads(EXAMPLE, tmp_path / "a", watched=_PHOTO_AND_OTHER_READER_MODULES) == []


def test_markdown_with_a_photo_loads_the_photo_code(tmp_path):
    from PIL import Image

    Image.new("RGB", (600, 400), (200, 40, 40)).save(tmp_path / "anh.jpg")
    (tmp_path / "bai.md").write_text("# Tiêu đề\n\nSapo của bài.\n\n![Ảnh](anh.jpg)\n\nThân bài.\n", encoding="utf-8")
    loaded = _render_loads(tmp_path / "bai.md", tmp_path / "out", watched=_PHOTO_AND_OTHER_READER_MODULES)
    assert loaded == ["exporter.read.parse.markdown", "exporter.read.photos", "exporter.read.rules.photo_places",
                      "exporter.render.images"]
    assert [p.name for p in (tmp_path / "out" / "bai_files").iterdir()] == ["01.png"]  # one colour: a drawing


def test_legacy_input_still_loads_the_detection_tables(tmp_path):
    # The other side of the seam: TCVN3 bytes are detected (so the tables load) and rendered as Vietnamese.
    source = tmp_path / "cu.txt"
    text = ("Hôm nay trời mưa to ở nhiều tỉnh miền núi phía bắc, người dân được khuyến cáo không đi qua "
            "các ngầm tràn và theo dõi tin thời tiết trên đài phát thanh.\n\n") * 3
    source.write_bytes(text.encode(codec("tcvn3")))
    loaded = _render_loads(source, tmp_path / "out", "-f", "md")
    assert "exporter.text.legacy" in loaded and "exporter.text.syllables" in loaded
    assert "exporter.read.feeds" not in loaded and "exporter.read.parse.feed" not in loaded


def test_python_m_exporter(tmp_path):
    out = _python("import runpy, sys; sys.argv = ['vnbrief', '--version']; runpy.run_module('exporter', "
                  "run_name='__main__')")
    assert out.strip() == f"vnbrief {__version__}"


def test_unknown_encoding_is_a_usage_error(run_cli):
    result = run_cli("inspect", EXAMPLE, "--encoding", "klingon")
    assert result.exit_code == 2 and "tcvn3" in result.stderr


def test_wrong_forced_encoding_is_not_silent(run_cli):
    result = run_cli("inspect", EXAMPLE, "--encoding", "tcvn3")
    assert result.exit_code == 0
    assert "Warning:" in result.stderr and "garbled" in result.stderr
    clean = run_cli("inspect", EXAMPLE, "--encoding", "utf-8")
    assert clean.exit_code == 0 and "Warning" not in clean.stderr


def test_invisible_and_bidi_characters_never_reach_the_briefs(run_cli, tmp_path):
    source = tmp_path / "an.txt"
    source.write_text("Tiêu\u200b đề\u202e bài\n\nSapo\u00a0có\u2066 ký tự\u2069 ẩn\ufeff.\r\n\r\nThân\tbài\u200d.\n",
                      encoding="utf-8")
    result = run_cli("render", source, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    pdf = pdf_text((tmp_path / "out" / "an.pdf").read_bytes())
    md = (tmp_path / "out" / "an.md").read_text(encoding="utf-8")
    for text in (pdf, md):
        assert not any(ch in text for ch in "\u200b\u200d\u202e\u2066\u2069\ufeff\u00a0\t\r")
    assert "Tiêu đề bài" in pdf and "Sapo có ký tự ẩn." in pdf and "Thân bài." in pdf
