"""The first hour at a terminal, driven in a pseudo-terminal (tests/terminal.py): the progress of a batch never
shares a line with a path or a warning, help shows its headings in order, and every mistake of the command
line is one line with its exit code and a suggestion, refused before any request reaches the (local) server.
POSIX only (pexpect's pseudo-terminals)."""
from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import EXAMPLE

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals (pexpect.spawn) are POSIX")

from terminal import PATH, PROGRESS, run_in_terminal  # noqa: E402

ARTICLE = "Tin số {n}: Hà Nội mở thêm tuyến xe buýt điện\n\n" + \
    "Sở Giao thông vận tải Hà Nội cho biết tuyến xe buýt điện thứ {n} sẽ chạy từ tháng sau.\n\n" + \
    "Tuyến dài 20 km, qua 30 điểm dừng, mỗi chuyến cách nhau 15 phút.\n\nMinh Châu\n"
#: An article whose first line is too long to be a headline: a warning about that file.
NO_HEADLINE = ("Sở Giao thông vận tải Hà Nội cho biết " * 10).strip() + ".\n\nĐoạn hai của bài.\n"


def _news(folder: Path, count: int) -> Path:
    folder.mkdir()
    for n in range(1, count + 1):
        (folder / f"bai-{n:02}.txt").write_text(ARTICLE.format(n=n), encoding="utf-8")
    (folder / "bai-00.txt").write_text(NO_HEADLINE, encoding="utf-8")
    return folder


def test_batch_progress_never_shares_a_line_with_a_path_or_a_warning(tmp_path):
    news = _news(tmp_path / "news", 11)
    screen = run_in_terminal(["render", "news", "-o", "out", "--jobs", "2"], cwd=tmp_path)
    assert screen.status == 0, screen.text
    assert any(PROGRESS.search(line) for line in screen.seen), "no progress was shown in the terminal"
    glued = [line for line in screen.seen if PROGRESS.search(line) and (PATH.search(line) or "Warning" in line)]
    assert glued == []
    written = [line for line in screen.lines if PATH.fullmatch(line)]
    assert len(written) == 24 and not any(PROGRESS.search(line) for line in screen.lines)  # the bar is gone
    assert screen.lines[-1] == "12 of 12 inputs rendered"
    # the warning names its file once
    warning = [line for line in screen.lines if line.startswith("Warning:")]
    assert len(warning) == 1 and warning[0].count("bai-00.txt") == 1, warning
    assert (tmp_path / "out" / "bai-11.pdf").is_file() and len(list(news.iterdir())) == 12


def test_off_a_terminal_the_progress_is_plain_lines(tmp_path, run_cli):
    _news(tmp_path / "news", 19)
    result = run_cli("render", tmp_path / "news", "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0
    progress = [line for line in result.stderr.splitlines() if line.startswith("Rendering")]
    assert progress == [f"Rendering: {n} of 20 inputs" for n in range(2, 20, 2)]
    assert not any(PATH.search(line) for line in progress)
    assert all(PATH.fullmatch(line) for line in result.stdout.splitlines())
    quiet = run_cli("render", tmp_path / "news", "-o", tmp_path / "out2", "-q")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_help_lists_commands_in_the_order_of_use_and_options_under_headings_in_order(tmp_path):
    top = run_in_terminal(["--help"], cwd=tmp_path)
    assert top.status == 0
    commands = [line.split()[0] for line in top.lines if line.startswith("  ") and line.split()[0].isalpha()
                and line.split()[0] in {"render", "digest", "review", "translate", "inspect", "config", "fonts"}]
    assert commands == ["render", "digest", "review", "translate", "inspect", "config", "fonts"]
    assert not any("…" in line for line in top.lines)  # full summaries
    render = run_in_terminal(["render", "--help"], cwd=tmp_path)
    headings = [line.strip() for line in render.lines if re.match(r"^ {3}[A-Z]", line)]
    assert headings == ["Input", "Output", "Layout", "Photos", "Translation", "Terms, names and review",
                        "Requests and cache", "News feeds", "Batch", "Settings", "Messages"]
    assert "Other options" not in render.text
    text = render.text
    assert "(default: 150; from 72 to 600)" in text and "(default: a4)" in text and "(default: )" not in text
    row = {name: re.search(rf"^ +(-\w +)?{name}\b", text, re.M).start() for name in
           ("--encoding", "--paper", "--translate", "--since", "--jobs", "--quiet")}
    assert list(row) == sorted(row, key=row.get)
    # each heading fits a screen
    starts = [i for i, line in enumerate(render.lines) if line.strip() in headings]
    assert max(b - a for a, b in zip(starts, starts[1:] + [len(render.lines)])) <= 40


MISTAKES = [
    # (arguments, exit code, what the one line says)
    (["render", "{example}", "--provider", "googel"], 2, ["--provider cannot be 'googel'", "did you mean google?"]),
    (["render", "{example}", "--translate", "--provider", "googel", "--provider-url", "{url}"], 2,
     ["--provider cannot be 'googel'", "did you mean google?", "docs/translation.md"]),
    (["translate", "{example}", "-o", "seg.txt", "--provider", "libre", "--provider-url", "{url}"], 2,
     ["seg.txt: unknown segment file type", ".json, .xlf"]),
    (["render", "{example}", "--colour", "--translate", "--provider", "libre", "--provider-url", "{url}"], 2,
     ["no such option --colour", "see 'vnbrief render --help'"]),
    (["render", "{example}", "--ouput-dir", "out", "--translate", "--provider", "libre", "--provider-url", "{url}"],
     2, ["no such option --ouput-dir", "did you mean --output-dir?"]),
    (["render", "{example}", "--image-dpi", "900", "--translate", "--provider", "libre", "--provider-url", "{url}"],
     2, ["--image-dpi must be at most 600, not 900", "72 to 600", "docs/photos.md"]),
    (["render", "{example}", "--timeout", "5000", "--translate", "--provider", "libre", "--provider-url", "{url}"],
     2, ["--timeout must be at most 3,600, not 5000", "docs/translation.md"]),
    (["render", "{example}", "--layout", "bilingal", "--translate", "--provider", "libre", "--provider-url", "{url}"],
     2, ["--layout cannot be 'bilingal'", "did you mean bilingual?"]),
    (["render", "{example}", "--provider-url", "file:///etc/passwd", "--translate", "--provider", "libre"], 2,
     ["--provider-url is not an http:// or https:// address"]),
    (["rendr", "{example}"], 2, ["no such command 'rendr'", "did you mean render?"]),
    (["render", "{example}", "-q", "-v"], 2, ["-q/--quiet and -v/--verbose"]),
    (["digest", "{example}", "-o", "digest.docx", "--translate", "--provider", "libre", "--provider-url", "{url}"],
     2, ["digest.docx: unknown digest format", ".pdf or .md"]),
]


@pytest.mark.parametrize("args, code, needles", MISTAKES, ids=[" ".join(m[0][:1] + m[0][2:4]) for m in MISTAKES])
def test_each_mistake_is_one_line_with_a_suggestion_before_any_request(tmp_path, translation_server, args, code,
                                                                       needles):
    args = [a.format(example=EXAMPLE, url=translation_server.url) for a in args]
    screen = run_in_terminal(args, cwd=tmp_path)
    assert screen.status == code, screen.text
    assert len(screen.logical) == 1 and screen.logical[0].startswith("Error: "), screen.logical
    for needle in needles:
        assert needle in screen.logical[0]
    assert "Traceback" not in screen.text and "Usage:" not in screen.text
    assert translation_server.count == 0  # checked before any request
    assert not (tmp_path / "out").exists() and list(tmp_path.iterdir()) == []


def test_names_of_words_are_taken_in_any_case(tmp_path):
    screen = run_in_terminal(["render", str(EXAMPLE), "--paper", "A4", "-f", "PDF", "--images", "None", "-o",
                              "out"], cwd=tmp_path)
    assert screen.status == 0 and screen.lines == ["out/article.pdf"]


OFFLINE = textwrap.dedent('''
    # No network: every name but the machine's own fails to resolve, as it does offline.
    import socket

    _getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("localhost", "127.0.0.1", "::1"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return _getaddrinfo(host, *args, **kwargs)

    socket.getaddrinfo = getaddrinfo
''')


def _offline(tmp_path: Path) -> dict:
    site = tmp_path / "offline"
    site.mkdir()
    (site / "sitecustomize.py").write_text(OFFLINE, encoding="utf-8")
    return {"PYTHONPATH": str(site)}


def test_offline_with_the_default_provider_is_one_line(tmp_path):
    env = _offline(tmp_path)
    screen = run_in_terminal(["render", str(EXAMPLE), "--translate", "-o", "out", "--no-cache"], cwd=tmp_path,
                             env=env)
    assert screen.status == 4
    assert len(screen.logical) == 1, screen.logical
    line = screen.logical[0]
    assert line.startswith("Error: ") and "Google Translate" in line and "cannot be reached" in line
    assert "self-hosted or local engine" in line and "docs/translation.md#translating-without-the-internet" in line
    assert "--provider-url" not in line and "retry" not in screen.text
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_offline_batch_says_once_that_the_provider_is_not_called_again(tmp_path):
    env = _offline(tmp_path)
    news = _news(tmp_path / "news", 2)
    screen = run_in_terminal(["render", str(news), "--translate", "-o", "out", "--no-cache", "--jobs", "1"],
                             cwd=tmp_path, env=env)
    assert screen.status == 4
    assert sum("not calling it again for the 2 articles left" in line for line in screen.logical) == 1
    alone = run_in_terminal(["render", str(EXAMPLE), "--translate", "-o", "out", "--no-cache"], cwd=tmp_path,
                            env=env)
    assert not any("not calling it again" in line for line in alone.logical)  # a batch of one has no "again"


def test_verbose_says_the_retries_that_default_output_keeps_quiet(tmp_path, translation_server):
    translation_server.script_from(1, status=503, body={"error": "busy"})
    args = ["translate", str(EXAMPLE), "-o", "seg.json", "--provider", "libre", "--provider-url",
            translation_server.url, "--no-cache"]
    plain = run_in_terminal(args, cwd=tmp_path)
    verbose = run_in_terminal([*args, "-v"], cwd=tmp_path)
    assert plain.status == verbose.status == 4
    assert not any("retry" in line for line in plain.logical)
    assert sum("retry" in line for line in verbose.logical) == 3
