"""Batches: collecting inputs, unique output names, worker processes, failures, reports, skipping, Ctrl-C."""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, pdf_text, squash

from exporter import batch
from exporter.batch import (
    FAILED,
    NOT_DONE,
    RENDERED,
    SKIPPED,
    Input,
    collect_inputs,
    deferred_interrupt,
    folder_files,
    plan_stems,
    run_batch,
    worst_exit_code,
)
from exporter.batch import pool as batch_pool
from exporter.batch import run as batch_run
from exporter.errors import InputError
from exporter.options import Options

MD_ONLY = Options(formats=("md",))


def article(path: Path, title: str, body: str = "Nội dung bài viết về kinh tế Việt Nam năm nay.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def error_lines(result):
    return [line for line in result.stderr.splitlines() if line.startswith("Error: ")]


# --- collecting inputs ------------------------------------------------------------------------------------------

def test_folder_glob_and_files(tmp_path):
    news = tmp_path / "news"
    a = article(news / "a.txt", "Tin A")
    b = article(news / "b.md", "# Tin B")
    deep = article(news / "sub" / "c.html", "<html><body><h1>C</h1></body></html>")
    (news / "photo.jpg").write_bytes(b"\xff\xd8")
    article(news / ".hidden.txt", "Ẩn")
    article(news / "~$lock.docx", "lock")
    sources = [i.source for i in collect_inputs([str(news)])]
    assert sources == [str(a), str(b)]
    sources = [i.source for i in collect_inputs([str(news)], recursive=True)]
    assert sources == [str(a), str(b), str(deep)]
    sources = [i.source for i in collect_inputs([str(news / "*.txt"), str(a), str(news / "**" / "*.html")])]
    assert sources == [str(a), str(deep)]  # a.txt named twice, rendered once; ** reaches sub-folders
    assert [i.source for i in collect_inputs(["-", "https://example.org/x", "nope.txt"])] == \
        ["-", "https://example.org/x", "nope.txt"]  # a missing file is kept: reading it reports it


def test_output_folder_and_own_briefs_are_not_inputs(tmp_path):
    news = tmp_path / "news"
    a = article(news / "a.txt", "Tin A")
    (news / "out").mkdir()
    article(news / "out" / "x.txt", "Không phải đầu vào")
    (news / "a.md").write_text('---\ntitle: "Tin A"\ngenerator: "vnbrief 0.1.0"\n---\n\n# Tin A\n', encoding="utf-8")
    assert [i.source for i in collect_inputs([str(news)], recursive=True, exclude=[news / "out"])] == [str(a)]


def test_folders_are_walked_in_order_and_links_are_followed_once(tmp_path):
    """A folder's files come sorted, before its sub-folders' (each sorted, depth first, as os.walk goes); a
    sub-folder reached through a link is not entered; a file and a link to it in the batch are one input."""
    news = tmp_path / "news"
    a = article(news / "a.txt", "Tin A")
    z = article(news / "z.txt", "Tin Z")
    b1 = article(news / "b" / "1.txt", "Tin B1")
    b_deep = article(news / "b" / "c" / "2.txt", "Tin B2")
    d = article(news / "d" / "3.txt", "Tin D")
    article(news / ".git" / "x.txt", "Ẩn")
    outside = article(tmp_path / "elsewhere" / "o.txt", "Ngoài")
    (news / "link-to-a.txt").symlink_to(a)
    (news / "link-to-o.txt").symlink_to(outside)
    (news / "linked-folder").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (news / "broken.txt").symlink_to(tmp_path / "nothing.txt")
    sources = [i.source for i in collect_inputs([str(news)], recursive=True)]
    assert sources == [str(a), str(news / "link-to-o.txt"), str(z), str(b1), str(b_deep), str(d)]
    assert folder_files(news, recursive=True) == [a, news / "link-to-a.txt", news / "link-to-o.txt", z, b1, b_deep, d]
    sources = [i.source for i in collect_inputs([str(news), str(outside), str(news / "link-to-a.txt")])]
    assert sources == [str(a), str(news / "link-to-o.txt"), str(z)]  # each file once, by the name found first


def test_nothing_to_render_is_an_input_error(tmp_path):
    empty = tmp_path / "empty"
    (empty / "sub").mkdir(parents=True)
    article(empty / "sub" / "x.txt", "X")
    (item,) = collect_inputs([str(empty)])
    assert isinstance(item.error, InputError) and "--recursive" in str(item.error)
    (item,) = collect_inputs([str(tmp_path / "*.docx")])
    assert str(item.error) == f"{tmp_path / '*.docx'}: no file matches this pattern (check the pattern and the folder)"


def test_same_names_from_different_folders_get_different_stems(tmp_path):
    paths = [str(tmp_path / p) for p in ("news/2024/a.txt", "sport/2024/a.txt", "x/b.txt", "x/b.md", "y/B.txt",
                                         "c.txt")]
    stems = plan_stems(paths)
    assert stems[paths[0]] == "news-2024-a" and stems[paths[1]] == "sport-2024-a"
    assert stems[paths[2]] == "x-b-txt" and stems[paths[3]] == "x-b-md"  # one folder: the suffix decides
    assert stems[paths[4]] == "y-B"  # B and b are the same file name on a case-insensitive disk
    assert stems[paths[5]] == "c"
    assert len({s.casefold() for s in stems.values()}) == len(paths)
    clash = [str(tmp_path / "d" / "a.txt"), str(tmp_path / "d" / "a.md"), str(tmp_path / "d" / "a-txt.txt")]
    assert sorted(plan_stems(clash).values()) == ["a-md", "a-txt", "a-txt-2"]  # never the same name twice


def test_worst_exit_code():
    assert worst_exit_code([0, 0]) == 0
    assert worst_exit_code([3, 5, 0]) == 5
    assert worst_exit_code([5, 1, 3]) == 1  # an unexpected error is the worst news


# --- running ------------------------------------------------------------------------------------------------------

def test_broken_file_among_good_ones_two_workers(run_cli, tmp_path):
    one = article(tmp_path / "in" / "one.txt", "Bài thứ nhất")
    two = article(tmp_path / "in" / "two.txt", "Bài thứ hai")
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    result = run_cli("render", tmp_path / "in", tmp_path / "none-*.txt", "-o", out, "--jobs", "2",
                     "--report", report)
    assert result.exit_code == 3
    errors = error_lines(result)
    assert len(errors) == 2 and any(str(tmp_path / "in" / "broken.txt") in e for e in errors)
    assert "Traceback" not in result.stderr
    assert "2 of 4 inputs rendered, 2 failed:" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["one.md", "one.pdf", "two.md", "two.pdf"]
    assert sorted(result.stdout.split()) == sorted(str(out / n) for n in ("one.md", "one.pdf", "two.md", "two.pdf"))
    assert squash("Bài thứ hai") in squash(pdf_text((out / "two.pdf").read_bytes()))
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["exit_code"] == 3 and data["summary"]["rendered"] == 2 and data["summary"]["failed"] == 2
    by_input = {entry["input"]: entry for entry in data["inputs"]}
    assert by_input[str(one)]["status"] == "rendered"
    assert by_input[str(one)]["outputs"] == [str(out / "one.pdf"), str(out / "one.md")]
    assert by_input[str(two)]["title"] == "Bài thứ hai"
    broken = by_input[str(tmp_path / "in" / "broken.txt")]
    assert broken["status"] == "failed" and broken["exit_code"] == 3 and "outputs" not in broken
    assert broken["error"].startswith(str(tmp_path / "in" / "broken.txt") + ": ")
    assert by_input[str(tmp_path / "none-*.txt")]["error"].endswith("no file matches this pattern "
                                                                    "(check the pattern and the folder)")


def test_duplicate_names_never_overwrite(run_cli, tmp_path):
    article(tmp_path / "news" / "a.txt", "Tin thời sự")
    article(tmp_path / "sport" / "a.txt", "Tin thể thao")
    out = tmp_path / "out"
    result = run_cli("render", tmp_path / "news" / "a.txt", tmp_path / "sport" / "a.txt", "-o", out, "-f", "md",
                     "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert "Tin thời sự" in (out / "news-a.md").read_text(encoding="utf-8")
    assert "Tin thể thao" in (out / "sport-a.md").read_text(encoding="utf-8")
    assert "2 of 2 inputs rendered" in result.stderr


def test_the_planned_briefs_are_checked_once_per_run(run_cli, tmp_path, monkeypatch):
    """The CLI checks every planned brief against what the run may not write while planning, and the batch does
    not check them again (it did: twice the system calls of the check on every run); a brief planned over an
    input is still refused before anything is rendered, and the library checks on its own when not given a guard."""
    from exporter import cli_batch, protected

    checked = []

    def counting(outputs, guard):
        outputs = list(outputs)
        checked.append(len(outputs))
        protected.check_outputs(outputs, guard)

    monkeypatch.setattr(cli_batch, "check_outputs", counting)
    monkeypatch.setattr(batch_run, "check_outputs", counting)
    for n in range(3):
        article(tmp_path / "in" / f"a{n}.txt", f"Tin số {n}")
    out = tmp_path / "out"
    result = run_cli("render", tmp_path / "in", "-o", out, "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert checked == [6] and len(list(out.glob("*.pdf"))) == 3
    checked.clear()
    article(tmp_path / "mixed" / "b.txt", "Tin B")
    article(tmp_path / "mixed" / "x.md", "# Tin X")
    result = run_cli("render", tmp_path / "mixed", "-o", tmp_path / "mixed", "-f", "md", "--jobs", "1")
    assert result.exit_code == 2 and "would be written over the input" in result.stderr
    assert checked == [2] and not (tmp_path / "mixed" / "b.md").exists()  # refused before rendering
    checked.clear()
    run_batch(collect_inputs([str(tmp_path / "in")]), str(out), MD_ONLY, jobs=1, force=True)
    assert checked == [3]


def test_standard_input_and_files_share_the_name_space(tmp_path, monkeypatch):
    article(tmp_path / "tin-a.txt", "Khác hẳn")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("Tin A\n\nNội dung.\n".encode())))
    result = run_batch(collect_inputs(["-", str(tmp_path / "tin-a.txt")]), str(tmp_path / "out"), MD_ONLY, jobs=1)
    assert [o.status for o in result.outcomes] == [RENDERED, RENDERED]
    assert result.outcomes[1].outputs == [str(tmp_path / "out" / "tin-a.md")]
    assert result.outcomes[0].outputs == [str(tmp_path / "out" / "tin-a-2.md")]  # the headline's slug was taken
    assert "Nội dung." in (tmp_path / "out" / "tin-a-2.md").read_text(encoding="utf-8")


def test_unwritable_output_folder_stops_before_rendering(run_cli, tmp_path):
    article(tmp_path / "a.txt", "A")
    article(tmp_path / "b.txt", "B")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("render", tmp_path / "a.txt", tmp_path / "b.txt", "-o", blocker / "out")
    assert result.exit_code == 5
    assert len(error_lines(result)) == 1 and str(blocker / "out") in error_lines(result)[0]
    assert result.stdout == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_worker_warnings_reach_the_terminal(run_cli, tmp_path, jobs):
    """A warning names its input whichever process rendered it: a worker, or this one (--jobs 1, or beside the
    workers)."""
    odd = article(tmp_path / "odd.txt", "Ký tự lạ \ue000 ở đây")
    article(tmp_path / "plain.txt", "Bình thường")
    result = run_cli("render", odd, tmp_path / "plain.txt", "-o", tmp_path / "out", "-f", "pdf", "--jobs", jobs)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert any(str(odd) in w and "U+E000" in w for w in warnings), result.stderr


def test_unexpected_error_in_a_worker_with_debug(tmp_path, monkeypatch, run_cli):
    article(tmp_path / "a.txt", "A")

    def broken(article, options, stem, files_dir=None):
        raise RuntimeError("boom")

    from exporter.render import markdown
    monkeypatch.setattr(markdown, "render_markdown_files", broken)  # in this process only: jobs 1
    result = run_cli("render", tmp_path / "a.txt", EXAMPLE, "-o", tmp_path / "out", "--jobs", "1", "--debug")
    assert result.exit_code == 1
    assert "Traceback" in result.stderr and "RuntimeError: boom" in result.stderr
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


# --- skipping what has not changed ------------------------------------------------------------------------------

def test_skip_unchanged(run_cli, tmp_path):
    a = article(tmp_path / "in" / "a.txt", "Bài A")
    article(tmp_path / "in" / "b.txt", "Bài B")
    out = tmp_path / "out"
    args = ["render", tmp_path / "in", "-o", out, "-f", "md", "--jobs", "1", "--skip-unchanged"]
    assert run_cli(*args).exit_code == 0
    assert (out / batch.STATE_FILE).is_file()
    stamp = (out / "a.md").stat().st_mtime_ns
    result = run_cli(*args)
    assert result.exit_code == 0 and result.stdout == ""
    assert "0 of 2 inputs rendered, 2 skipped (unchanged)" in result.stderr
    assert (out / "a.md").stat().st_mtime_ns == stamp
    article(a, "Bài A sửa lại")
    result = run_cli(*args)
    assert result.stdout.split() == [str(out / "a.md")]  # changed content: rendered again, b skipped
    assert "Bài A sửa lại" in (out / "a.md").read_text(encoding="utf-8")
    result = run_cli(*args, "--tone-style", "new")
    assert result.stdout.split() == [str(out / "a.md"), str(out / "b.md")]  # other options: both again
    (out / "b.md").unlink()
    result = run_cli(*args, "--tone-style", "new")
    assert result.stdout.split() == [str(out / "b.md")]  # a missing output: rendered again


def test_options_key_follows_the_glossary_file(tmp_path):
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Bộ Chính trị\tPolitburo\n", encoding="utf-8")
    options = Options(glossary=str(glossary))
    first = batch.options_key(options)
    assert batch.options_key(Options(glossary=str(glossary), jobs=7)) == first  # jobs changes nothing rendered
    glossary.write_text("Bộ Chính trị\tPolitical Bureau\n", encoding="utf-8")
    assert batch.options_key(options) != first


# --- progress and Ctrl-C --------------------------------------------------------------------------------------------

class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal():
    from exporter.cli_output import progress

    terminal = FakeTerminal()
    with progress(3, False, "Rendering", stream=terminal) as advance:
        for _ in range(3):
            advance()
    assert "Rendering" in terminal.getvalue() and "3/3" in terminal.getvalue()
    for quiet, stream in ((True, FakeTerminal()), (False, io.StringIO())):
        with progress(3, quiet, "Rendering", stream=stream) as advance:
            advance()
        assert stream.getvalue() == ""


def test_ctrl_c_while_writing_waits_for_the_write():
    done = []
    with pytest.raises(KeyboardInterrupt):
        with deferred_interrupt():
            signal.raise_signal(signal.SIGINT)
            done.append("written")  # still runs: the interrupt is held until the block ends
    assert done == ["written"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_interrupt_in_process_keeps_what_was_done(tmp_path, monkeypatch):
    inputs = [Input(str(article(tmp_path / f"{n}.txt", f"Bài {n}")), stem=n) for n in ("a", "b", "c")]
    real = batch_run._work

    def work(task, protected=None):
        if task.source.endswith("b.txt"):
            raise KeyboardInterrupt
        return real(task, protected)

    monkeypatch.setattr(batch_run, "_work", work)
    result = run_batch(inputs, str(tmp_path / "out"), MD_ONLY, jobs=1, skip_unchanged=True)
    assert result.interrupted and result.exit_code == 130
    assert [o.status for o in result.outcomes] == [RENDERED, NOT_DONE, NOT_DONE]
    assert result.summary() == "1 of 3 inputs rendered, 2 not done"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [batch.STATE_FILE, "a.md"]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_right_after_a_chunk_finished_does_not_hang(tmp_path, monkeypatch):
    # Ctrl-C lands between the parent taking a finished chunk's notice and looking at it (the notice is gone,
    # the chunk is still in flight): the parent must still see that chunk finish, not wait for ever.
    inputs = [Input(str(article(tmp_path / f"{n}.txt", f"Bài {n}")), stem=f"a{n}") for n in range(8)]
    real, calls = batch_pool._Pool.collect, []

    def collect(self, future):
        calls.append(future)
        if len(calls) == 1:
            raise KeyboardInterrupt
        return real(self, future)

    def too_long(*_):
        raise AssertionError("the batch hung after Ctrl-C")

    monkeypatch.setattr(batch_pool._Pool, "collect", collect)
    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(60)
    try:
        result = run_batch(inputs, str(tmp_path / "out"), MD_ONLY, jobs=2)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert result.interrupted and result.exit_code == 130
    assert calls[0] in calls[1:]  # the chunk whose notice was lost was collected after all
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert not [n for n in names if n.startswith(".")]
    assert names == sorted(f"{o.outputs[0].rsplit('/', 1)[1]}" for o in result.outcomes if o.status == RENDERED)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_with_workers_leaves_no_partial_file(tmp_path):
    folder = tmp_path / "in"
    text = EXAMPLE.read_text(encoding="utf-8")
    for n in range(16):
        article(folder / f"a{n:02d}.txt", f"Bài số {n}", text)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "exporter", "render", str(folder), "-o", str(out),
                                "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while not (out.is_dir() and any(p.suffix == ".md" for p in out.iterdir())):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGINT)  # what the terminal does: the whole process group
    try:
        stdout, stderr = process.communicate(timeout=60)
    finally:  # a hang fails this test only, leaving no process behind for the next
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert process.returncode == 130, stderr.decode()
    summary = [line for line in stderr.decode().splitlines() if line.startswith("Interrupted: ")]
    assert summary and "not done" in summary[0], stderr.decode()
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.startswith(".")]  # no temporary file left
    stems = {Path(n).stem for n in names}
    assert names == sorted(f"{s}{ext}" for s in stems for ext in (".md", ".pdf"))  # both briefs or none
    rendered = int(summary[0].split()[1])
    assert rendered == len(stems) and rendered < 16
    assert sorted(stdout.decode().split()) == sorted(str(out / n) for n in names)


def test_skipped_and_failed_statuses_in_result(tmp_path):
    inputs = collect_inputs([str(article(tmp_path / "a.txt", "A")), str(tmp_path / "missing.txt")])
    result = run_batch(inputs, str(tmp_path / "out"), MD_ONLY, jobs=1, skip_unchanged=True)
    assert [o.status for o in result.outcomes] == [RENDERED, FAILED] and result.exit_code == 3
    again = run_batch(inputs, str(tmp_path / "out"), MD_ONLY, jobs=1, skip_unchanged=True)
    assert [o.status for o in again.outcomes] == [SKIPPED, FAILED]
    assert again.outcomes[0].outputs == [str(tmp_path / "out" / "a.md")]


# --- the circuit breaker ----------------------------------------------------------------------------------------

def _dead_server_batch(tmp_path, server, jobs):
    inputs = collect_inputs([str(article(tmp_path / "in" / f"a{i}.txt", f"Bài số {i}")) for i in range(5)])
    options = Options(formats=("md",), translate=True, provider="libre", provider_url=server.url,
                      cache_dir=str(tmp_path / "cache"), timeout=5.0)
    return run_batch(inputs, str(tmp_path / "out"), options, jobs=jobs)


def test_a_dead_provider_is_called_for_one_article_only(tmp_path, monkeypatch, translation_server, caplog):
    from exporter.translate.http import RetryPolicy

    monkeypatch.setattr(RetryPolicy, "backoff", lambda self, retry: 0.0)  # the retries, without their waits
    translation_server.script_from(1, status=0)  # every connection closed without an answer
    result = _dead_server_batch(tmp_path, translation_server, jobs=1)
    assert [o.exit_code for o in result.outcomes] == [4] * 5
    assert "cannot connect" in str(result.outcomes[0].error)
    assert all(str(o.error).startswith("libre: not tried: the provider could not be reached") for o in
               result.outcomes[1:])
    assert translation_server.count == RetryPolicy().attempts  # the first article's tries, then no more
    assert caplog.text.count("LibreTranslate could not be reached: not calling it again for the 4 articles left") == 1
    # the provider is back: the rerun translates everything
    translation_server.reset()
    result = _dead_server_batch(tmp_path, translation_server, jobs=1)
    assert [o.status for o in result.outcomes] == [RENDERED] * 5


def test_the_breaker_with_worker_processes(tmp_path, translation_server):
    translation_server.script_from(1, status=0)
    result = _dead_server_batch(tmp_path, translation_server, jobs=2)
    assert [o.exit_code for o in result.outcomes] == [4] * 5
    skipped = [o for o in result.outcomes if "not tried" in str(o.error)]
    assert len(skipped) >= 2  # two workers: at most the two first articles call the dead server
    assert translation_server.count <= 4 * (5 - len(skipped))


def test_with_workers_this_process_renders_too(tmp_path, monkeypatch):
    """Local files, no translation: ``jobs=2`` is this process and one worker process, both rendering (the
    worker's start overlaps this process's work); every article rendered once, both briefs of each whole."""
    inputs = [Input(str(article(tmp_path / "in" / f"a{n:02d}.txt", f"Bài số {n}")), stem=f"a{n:02d}")
              for n in range(30)]
    here, real = [], batch_pool._work

    def work(task, protected=None):
        here.append(task.position)  # this process only: the worker process runs the module's own _work
        return real(task, protected)

    monkeypatch.setattr(batch_pool, "_work", work)
    out = tmp_path / "out"
    result = run_batch(inputs, str(out), Options(formats=("md", "pdf")), jobs=2)
    assert not result.interrupted and [o.status for o in result.outcomes] == [RENDERED] * 30
    assert 1 <= len(here) < 30 and len(set(here)) == len(here)  # the rest went to the worker process
    assert sorted(p.name for p in out.iterdir()) == sorted(f"a{n:02d}{e}" for n in range(30) for e in (".md", ".pdf"))
    assert squash("Bài số 29") in squash(pdf_text((out / "a29.pdf").read_bytes()))
    assert "Bài số 0" in (out / "a00.md").read_text(encoding="utf-8")


def test_forked_workers_inherit_a_heap_the_collector_leaves_alone_for_the_batch(tmp_path, monkeypatch):
    """Before the workers are forked from this process, what they inherit is frozen out of the cyclic collector
    (a full collection would copy every shared page in both processes); unfrozen when the batch ends, so a
    caller's objects are collected as before."""
    import gc

    from exporter.batch.pool import forkable

    if not forkable():
        pytest.skip("workers are not forked here")
    inputs = [Input(str(article(tmp_path / "in" / f"a{n:02d}.txt", f"Bài số {n}")), stem=f"a{n:02d}")
              for n in range(12)]
    frozen, real = [], batch_pool._work

    def work(task, protected=None):
        frozen.append(gc.get_freeze_count())  # this process's articles (the workers run the module's own)
        return real(task, protected)

    monkeypatch.setattr(batch_pool, "_work", work)
    before = gc.get_freeze_count()
    result = run_batch(inputs, str(tmp_path / "out"), Options(formats=("md",)), jobs=2)
    assert [o.status for o in result.outcomes] == [RENDERED] * 12
    assert frozen[0] == before and all(count > before for count in frozen[1:])  # frozen after the first article
    assert len(frozen) >= 2 and gc.get_freeze_count() == before == 0


def test_with_another_thread_running_the_workers_start_fresh(tmp_path):
    """A caller that runs threads is never forked (a copy would keep another thread's locks locked): the worker
    starts from a fresh interpreter while this process renders, and the batch is the same."""
    import threading

    from exporter.batch.pool import forkable

    inputs = [Input(str(article(tmp_path / "in" / f"a{n:02d}.txt", f"Bài số {n}")), stem=f"a{n:02d}")
              for n in range(12)]
    release = threading.Event()
    other = threading.Thread(target=release.wait, daemon=True)
    other.start()
    try:
        assert not forkable()
        result = run_batch(inputs, str(tmp_path / "out"), MD_ONLY, jobs=2)
    finally:
        release.set()
        other.join()
    assert [o.status for o in result.outcomes] == [RENDERED] * 12
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"a{n:02d}.md" for n in range(12)]


def test_ctrl_c_while_this_process_renders_among_workers(tmp_path, monkeypatch):
    """Ctrl-C while this process renders one of the batch's articles: that one is not done (nothing of it
    written), the worker finishes the article it holds (if it has started one), no other is started; exit 130, no
    temporary file, and what is on disk is what the result counts."""
    inputs = [Input(str(article(tmp_path / "in" / f"a{n:02d}.txt", f"Bài {n}")), stem=f"a{n:02d}")
              for n in range(24)]
    real, here = batch_pool._work, []

    def work(task, protected=None):
        here.append(task.position)
        if len(here) == 3:
            raise KeyboardInterrupt
        return real(task, protected)

    monkeypatch.setattr(batch_pool, "_work", work)
    out = tmp_path / "out"
    result = run_batch(inputs, str(out), MD_ONLY, jobs=2)
    assert result.interrupted and result.exit_code == 130
    assert result.outcomes[here[2]].status == NOT_DONE
    assert result.outcomes[here[0]].status == result.outcomes[here[1]].status == RENDERED
    done = [o for o in result.outcomes if o.status == RENDERED]
    assert len(done) < 24 - 1
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(Path(o.outputs[0]).name for o in done)  # no temporary file, nothing half-written


def test_automatic_jobs_keep_a_small_batch_in_this_process(monkeypatch):
    from exporter.batch.run import INLINE_FILES, INLINE_PAGES, pool_size
    from exporter.batch.worker import _Task

    monkeypatch.setattr(os, "cpu_count", lambda: 4)

    def tasks(files, pages=0):
        return [_Task(n, f"a{n}.txt", f"a{n}", None, mode, "out", Options()) for n in range(files)] + [
            _Task(files + n, f"https://example.vn/{n}", None, None, mode, "out", Options()) for n in range(pages)]

    for mode in (batch.RENDER, batch.READ):
        few = int(min(INLINE_FILES[mode], 500)) - 1
        assert pool_size(0, tasks(few), mode)[0] == 1
        # a render of more files takes workers; a digest's files are always read here (its workers never paid)
        assert pool_size(0, tasks(few + 1), mode)[0] == (4 if mode == batch.RENDER else 1)
        assert pool_size(2, tasks(3), mode)[0] == 2  # --jobs 2 is obeyed
        assert pool_size(0, tasks(2, INLINE_PAGES - 1), mode)[0] == 1
        assert pool_size(0, tasks(2, INLINE_PAGES), mode)[0] == 4  # pages wait on the network: workers pay
