"""Issue 16, part 7 (first half) and part 8: every parser guarded. Hostile or broken input (nested JSON and TOML,
odd JSON-LD, control characters in attributes, out-of-range dates, huge spans, unclosed IPv6 brackets) ends with
the exit code docs/exit-codes.md gives and one line, never an unexpected error (exit 1); a closed, broken or full
standard output and a terminal that cannot show Vietnamese are handled; an unusable HOME turns the caches off."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLE, ROOT
from libre_server import TranslationServer

BODY = "".join(f"<p>Đoạn văn số {i} của bài báo thử nghiệm với nhiều chữ tiếng Việt để đủ dài cho trình đọc.</p>"
               for i in range(5))


def page(head: str = "", body: str = "") -> str:
    return (f"<html><head><meta charset='utf-8'><title>Tiêu đề</title>{head}</head><body><article>"
            f"<h1>Tiêu đề bài báo thử nghiệm khá dài</h1>{BODY}{body}{BODY}</article></body></html>")


def one_error(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1 and "unexpected error" not in lines[0] and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize("head", [
    "<script type='application/ld+json'>" + "[" * 100_000 + "]" * 100_000 + "</script>",
    '<script type="application/ld+json">{"@type": 5, "headline": 7, "author": {"name": 5}}</script>',
    '<script type="application/ld+json">{"@type": ["NewsArticle", 5], "datePublished": [1], "@graph": 3}</script>',
])
def test_hostile_json_ld_is_ignored(tmp_path, run_cli, head):
    source = tmp_path / "trang.html"
    source.write_text(page(head), encoding="utf-8")
    result = run_cli("inspect", source)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Tiêu đề bài báo thử nghiệm khá dài"


@pytest.mark.parametrize("src", ["a\x01b.jpg", "http://[::1/x.jpg", "//[bad/x.jpg", "\x7f\x08.jpg", "a%00b.jpg"])
def test_control_characters_and_broken_addresses_in_a_page_are_no_crash(tmp_path, run_cli, src):
    source = tmp_path / "trang.html"
    source.write_text(page(body=f"<img src='{src}' width=800 height=600><a href='http://[::1'>x</a>"),
                      encoding="utf-8")
    result = run_cli("render", source, "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "trang.md").is_file()


@pytest.mark.parametrize("args, code, message", [
    (["render", "http://[::1/x"], 3, "http://[::1/x: invalid address"),
    (["inspect", "http://[::1/x"], 3, "http://[::1/x: invalid address"),
    (["render", str(EXAMPLE), "--since", "999999999d"], 2,
     "--since cannot be '999999999d': it reaches back more than 100 years"),
    (["digest", str(EXAMPLE), "--since", "99999999999999999999w"], 2, "reaches back more than 100 years"),
])
def test_addresses_and_spans_out_of_range(tmp_path, run_cli, args, code, message):
    result = run_cli(*args, "-o", tmp_path / ("out" if args[0] == "render" else "d.md")) if args[0] != "inspect" \
        else run_cli(*args)
    assert result.exit_code == code
    assert message in one_error(result)


def test_a_config_file_nested_deeply_is_a_usage_error(tmp_path, run_cli):
    config = tmp_path / "deep.toml"
    config.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "--config", config)
    assert result.exit_code == 2
    assert "is not a config file: its TOML is nested too deeply" in one_error(result)


def test_a_state_file_nested_deeply_is_rendered_again(tmp_path, run_cli):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".vnbrief-state.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = run_cli("render", EXAMPLE, "-o", out, "-f", "md", "--skip-unchanged")
    assert result.exit_code == 0, result.stderr
    assert json.loads((out / ".vnbrief-state.json").read_text(encoding="utf-8"))["inputs"]
    # a state naming outputs outside the folder is not trusted either
    state = json.loads((out / ".vnbrief-state.json").read_text(encoding="utf-8"))
    for entry in state["inputs"].values():
        entry["outputs"] = ["../../etc/passwd"]
    (out / ".vnbrief-state.json").write_text(json.dumps(state), encoding="utf-8")
    result = run_cli("render", EXAMPLE, "-o", out, "-f", "md", "--skip-unchanged")
    assert result.exit_code == 0 and "article.md" in result.stdout


def test_a_provider_reply_nested_deeply_is_a_translation_error(tmp_path, run_cli):
    with TranslationServer() as server:
        server.script_from(1, status=200, body="[" * 100_000 + "]" * 100_000)
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translate", "--provider", "libre",
                         "--provider-url", server.url, "--no-cache")
    assert result.exit_code == 4
    assert "answered something that is not JSON" in one_error(result)


def test_a_template_asking_for_a_huge_range_is_a_usage_error(tmp_path, run_cli):
    template = tmp_path / "t.md.j2"
    template.write_text("{% for i in range(10**9) %}x{% endfor %}", encoding="utf-8")
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--template", template)
    assert result.exit_code == 2
    assert "template stopped: Range too big" in one_error(result)


def test_a_glossary_with_braces_in_its_english_is_kept_as_written(tmp_path, run_cli):
    glossary = tmp_path / "g.csv"
    glossary.write_text("vi,en\nBan tổ chức,Organising {n} Board {n} {v0} {0}\n", encoding="utf-8")
    with TranslationServer() as server:
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translate", "--provider", "libre",
                         "--provider-url", server.url, "--no-cache", "--glossary", glossary)
    assert result.exit_code == 0, result.stderr
    assert "Organising {n} Board {n} {v0} {0}" in (tmp_path / "out" / "article.en.md").read_text(encoding="utf-8")


def feed_file(folder, dates):
    items = "".join(f"<item><title>Tin {i}</title><link>http://127.0.0.1:9/tin-{i}</link><pubDate>{date}</pubDate>"
                    f"</item>" for i, date in enumerate(dates))
    path = folder / "tin.rss"
    path.write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>{items}</channel></rss>",
                    encoding="utf-8")
    return path


def test_feed_items_with_impossible_dates_are_left_out_with_a_warning(tmp_path):
    from exporter.read.feeds import expand_feeds

    feed = feed_file(tmp_path, ["0000-00-00T00:00:00Z", "9999-12-31T23:59:59-23:59", "Mon, 30 Nov 2026 08:00:00 +0700",
                                "hôm qua"])
    from datetime import datetime, timezone

    out, reports = expand_feeds([str(feed)], timeout=5, since=datetime(2020, 1, 1, tzinfo=timezone.utc))
    assert out == ["http://127.0.0.1:9/tin-2", "http://127.0.0.1:9/tin-3"]  # the real date, and the one with none
    assert reports[0].listed == 2


def test_a_feed_given_to_inspect_is_said_to_be_a_feed(tmp_path, run_cli):
    result = run_cli("inspect", feed_file(tmp_path, ["Mon, 30 Nov 2026 08:00:00 +0700"]))
    assert result.exit_code == 3
    assert "is an RSS or Atom feed, not an article (give it to vnbrief render or vnbrief digest" in one_error(result)


def _vnbrief(*args, env=None, stdout=None, encoding="utf-8"):
    full = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "exporter", *args], stdout=stdout or subprocess.PIPE,
                          stderr=subprocess.PIPE, encoding=encoding, env=full, timeout=120)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX pipes and devices")
def test_a_closed_broken_or_full_standard_output(tmp_path):
    closed = subprocess.run(["bash", "-c", f"{sys.executable} -m exporter inspect {EXAMPLE} | head -c 1 >/dev/null;"
                             " exit ${PIPESTATUS[0]}"], capture_output=True, text=True, timeout=120,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert closed.returncode == 0 and closed.stderr == "", closed.stderr
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            result = _vnbrief("render", str(EXAMPLE), "-o", str(tmp_path / "out"), "-f", "md", stdout=full)
        assert result.returncode == 5
        assert (tmp_path / "out" / "article.md").is_file()  # the work was done; only its list could not be shown


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX terminal encodings")
def test_a_terminal_that_cannot_show_vietnamese(tmp_path):
    result = _vnbrief("inspect", str(EXAMPLE), env={"PYTHONIOENCODING": "latin-1"}, encoding="latin-1")
    assert result.returncode == 0, result.stderr
    assert "Ban t\\u1ed5 ch\\u1ee9c" in result.stdout  # escaped, not a crash
    missing = tmp_path / "bộ.txt"  # an error naming a file the terminal cannot show
    result = _vnbrief("inspect", str(missing), env={"PYTHONIOENCODING": "latin-1"}, encoding="latin-1")
    assert result.returncode == 3 and "b\\u1ed9.txt: no such file" in result.stderr, result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX HOME")
def test_home_that_is_a_file_turns_the_caches_off(tmp_path):
    home = tmp_path / "home-is-a-file"
    home.write_text("not a folder", encoding="utf-8")
    env = {"HOME": str(home), "XDG_CACHE_HOME": "", "XDG_CONFIG_HOME": ""}
    result = _vnbrief("render", str(EXAMPLE), "-o", str(tmp_path / "out"), env=env)
    assert result.returncode == 0, result.stderr
    assert "is not a folder: the translation and photo caches are off for this run" in result.stderr
    assert (tmp_path / "out" / "article.pdf").is_file()


def test_addresses_from_outside_are_read_through_one_parser():
    """Every address a page, a feed or a file names is split and joined by exporter.urls, which never raises on a
    broken one (``http://[::1/x``): a reader that calls urllib's own would fail the whole article again."""
    import ast

    offenders = []
    for path in sorted((ROOT / "exporter" / "read").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "urllib.parse":
                offenders += [f"{path.relative_to(ROOT)}: {a.name}" for a in node.names
                              if a.name in ("urlsplit", "urlparse", "urljoin")]
    assert offenders == []
