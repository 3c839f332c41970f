"""Issue 13, part 1 and 7: the user's files are never harmed. Outputs never replace an input (by name or hard
link), respect the umask, leave read-only files alone unless --force, and the formats of one article are written
all or none, even when the disk fills between them."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT

ARTICLE = EXAMPLE.read_text(encoding="utf-8")


def _error_lines(result) -> list:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def test_render_in_the_articles_folder_never_replaces_the_markdown_input(tmp_path, monkeypatch, run_cli):
    bai = tmp_path / "bai.md"
    bai.write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("render", "bai.md")  # output folder defaults to here: bai.md would be the brief
    assert result.exit_code == 2, result.stderr
    assert _error_lines(result) == [
        "Error: bai.md: the output would be written over the input bai.md; nothing was written "
        "(choose another output folder with -o, or another output name)"]
    assert bai.read_text(encoding="utf-8") == ARTICLE
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.md"]  # not even the PDF


def test_digest_output_named_like_its_input_is_refused(tmp_path, monkeypatch, run_cli):
    (tmp_path / "bai2.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("digest", "bai2.md", "-o", "bai2.md")
    assert result.exit_code == 2, result.stderr
    assert "bai2.md: the output would be written over the input bai2.md" in result.stderr
    assert (tmp_path / "bai2.md").read_text(encoding="utf-8") == ARTICLE


def test_an_output_hard_linked_to_an_input_is_refused(tmp_path, run_cli):
    source = tmp_path / "a.md"
    source.write_text(ARTICLE, encoding="utf-8")
    link = tmp_path / "out" / "a.md"
    link.parent.mkdir()
    os.link(source, link)
    result = run_cli("render", source, "-o", tmp_path / "out")
    assert result.exit_code == 2, result.stderr
    assert f"{link}: the output would be written over the input {source} (the same file by another name)" \
        in result.stderr
    assert source.read_text(encoding="utf-8") == ARTICLE and not (tmp_path / "out" / "a.pdf").exists()


def test_report_named_like_an_input_is_refused(tmp_path, run_cli):
    source = tmp_path / "a.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    result = run_cli("render", source, "-o", tmp_path / "out", "--report", source)
    assert result.exit_code == 2 and source.read_text(encoding="utf-8") == ARTICLE


@pytest.mark.parametrize("mask, expected", [(0o077, 0o600), (0o002, 0o664)])
def test_outputs_respect_the_umask(tmp_path, run_cli, mask, expected):
    old = os.umask(mask)
    try:
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "-f", "pdf")
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.stderr
    for name in ("article.md", "article.pdf"):
        assert stat.S_IMODE((tmp_path / "out" / name).stat().st_mode) == expected


def test_a_read_only_output_is_left_alone_unless_forced(tmp_path, run_cli):
    out = tmp_path / "out"
    out.mkdir()
    brief = out / "article.md"
    brief.write_text("my own notes\n", encoding="utf-8")
    brief.chmod(0o444)
    result = run_cli("render", EXAMPLE, "-o", out, "-f", "md")
    assert result.exit_code == 5, result.stderr
    assert f"{brief}: exists and is read-only; it was left as it is (use --force to replace it" in result.stderr
    assert brief.read_text(encoding="utf-8") == "my own notes\n"
    forced = run_cli("render", EXAMPLE, "-o", out, "-f", "md", "--force")
    assert forced.exit_code == 0, forced.stderr
    assert brief.read_text(encoding="utf-8").startswith("---")
    assert stat.S_IMODE(brief.stat().st_mode) == 0o444  # replaced, keeping the owner's choice of mode


_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)        # a write past the limit fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (12000, 12000))  # room for the Markdown (~4.5 kB), not the PDF
from exporter.cli import main
main(sys.argv[1:])
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_disk_full_between_formats_leaves_neither(tmp_path):
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.run([sys.executable, "-c", _FULL_DISK, "render", str(EXAMPLE), "-o", str(out),
                              "-f", "md", "-f", "pdf"], capture_output=True, text=True, env=env, timeout=120)
    assert process.returncode == 5, process.stderr
    assert "article.pdf: cannot be written: File too large (check free space and permissions)" in process.stderr
    assert sorted(p.name for p in out.iterdir()) == []  # the Markdown was not left alone, nor a temporary file


def test_digest_formats_are_written_all_or_none(tmp_path, run_cli):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes").write_text("a file, not a folder\n", encoding="utf-8")
    result = run_cli("digest", EXAMPLE, "-o", out / "d.pdf", "-o", out / "notes" / "d.md")
    assert result.exit_code == 5, result.stderr
    assert "cannot write to this folder" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes"]  # the PDF, rendered and written, was not kept


def test_library_export_refuses_its_own_input(tmp_path):
    from exporter import export
    from exporter.errors import UsageError

    source = tmp_path / "a.md"
    source.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(UsageError, match="written over the input"):
        export(source, tmp_path)
    assert source.read_text(encoding="utf-8") == ARTICLE and not (tmp_path / "a.pdf").exists()


def _config_tree(tmp_path: Path, line: str) -> Path:
    repo = tmp_path / "repo"
    (repo / "news").mkdir(parents=True)
    (repo / "vnbrief.toml").write_text(line + "\n", encoding="utf-8")
    (repo / "news" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return repo


def test_config_in_a_parent_folder_is_announced(tmp_path, monkeypatch, run_cli):
    repo = _config_tree(tmp_path, 'paper = "letter"')
    monkeypatch.chdir(repo / "news")
    result = run_cli("render", "a.txt", "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert f"Warning: using the config file {repo / 'vnbrief.toml'}, found in a parent folder" in result.stderr
    monkeypatch.chdir(repo)  # the current folder's own file: chosen, not announced
    result = run_cli("render", "news/a.txt", "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0 and "config file" not in result.stderr


@pytest.mark.parametrize("line", ['template = "../evil.md.j2"', 'glossary = "/etc/passwd"',
                                  'font = "../../fonts"', 'output_dir = "../../elsewhere"'])
def test_paths_of_a_parent_config_stay_in_its_folder(tmp_path, monkeypatch, run_cli, line):
    repo = _config_tree(tmp_path, line)
    (tmp_path / "evil.md.j2").write_text("{{ article.title }}\n", encoding="utf-8")
    monkeypatch.chdir(repo / "news")
    result = run_cli("render", "a.txt", "-f", "md")
    assert result.exit_code == 2, result.stderr
    assert "leads outside the config file's folder" in _error_lines(result)[0]
    assert sorted(p.name for p in (repo / "news").iterdir()) == ["a.txt"]
    # chosen with --config, the same file is trusted
    chosen = run_cli("config", "--config", repo / "vnbrief.toml")
    assert chosen.exit_code == 0, chosen.stderr
