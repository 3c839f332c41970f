"""Issue 18: a batch writes each article's briefs behind the next article's render (the sync to the disk, which
waits, overlaps the next render), in every process that renders: the worker processes, vnbrief's own process
beside them, and ``--jobs 1``. The write gate's guarantees hold: nothing renamed into place before it is on the
disk, all briefs of an article or none, an outcome told only once its briefs are in place, a failed sync that
article's failure, no temporary file left by a signal, and the workers still forked."""
from __future__ import annotations

import errno
import json
import os
import signal
import sys
import threading
from pathlib import Path
from typing import List, Tuple

import pytest
from conftest import EXAMPLE, stop_batch_midway

from exporter import atomic
from exporter.batch import FAILED, NOT_DONE, RENDERED, Input, run_batch
from exporter.batch import pool as batch_pool
from exporter.batch import worker as batch_worker
from exporter.batch.worker import RENDER, _Task
from exporter.errors import RenderError
from exporter.options import Options
from exporter.pipeline import export

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="names a synced file by /proc/self/fd")

BOTH = Options(formats=("md", "pdf"))
#: Longest a held sync waits for what releases it: only reached when the code under test never releases it
#: (the write was not behind), and the test then fails on what it recorded.
HOLD_LIMIT = 20.0


def _folder(tmp_path: Path, count: int) -> List[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    body = EXAMPLE.read_text(encoding="utf-8").split("\n", 1)[1]
    paths = []
    for n in range(count):
        path = folder / f"a{n}.txt"
        path.write_text(f"Bài số {n}\n{body}", encoding="utf-8")
        paths.append(path)
    return paths


def _inputs(paths: List[Path]) -> List[Input]:
    return [Input(str(path), stem=path.stem) for path in paths]


def _stem_of_fd(fd: int) -> str:
    """``a1`` for the temporary file ``.a1.pdf.x7q2.part`` open as ``fd``."""
    return Path(os.readlink(f"/proc/self/fd/{fd}")).name.split(".")[1]


class Disk:
    """``os.fsync``, ``os.replace`` and the render step recorded in order; the sync of one article's files is held
    until ``release`` is set (by the test's own hook), as a slow disk would."""

    def __init__(self, monkeypatch, hold: str = "") -> None:
        self.events: List[Tuple[str, str]] = []
        self.hold, self.release, self.released = hold, threading.Event(), []
        self.real_fsync, self.real_replace = os.fsync, os.replace
        monkeypatch.setattr(os, "fsync", self.fsync)
        monkeypatch.setattr(os, "replace", self.replace)
        real_build = batch_worker.build_brief

        def build(source, *args, **kwargs):
            self.events.append(("render", Path(source).stem))
            return real_build(source, *args, **kwargs)

        monkeypatch.setattr(batch_worker, "build_brief", build)

    def fsync(self, fd: int) -> None:
        stem = _stem_of_fd(fd)
        self.events.append(("sync", stem))
        if stem == self.hold:
            self.released.append(self.release.wait(HOLD_LIMIT))
        self.real_fsync(fd)
        self.events.append(("synced", stem))

    def replace(self, src, dst) -> None:
        self.real_replace(src, dst)
        self.events.append(("renamed", Path(dst).name))

    def at(self, event: Tuple[str, str]) -> int:
        return self.events.index(event)

    def last(self, kind: str, stem: str) -> int:
        return max(i for i, e in enumerate(self.events) if e == (kind, stem))


def _briefs_in_place(outcome, out: Path) -> None:
    """What a caller is told: the outcome's briefs are all in place, and no temporary file of them is left."""
    if outcome.status == RENDERED:
        assert outcome.outputs and all(Path(p).is_file() for p in outcome.outputs)
    stem = Path(outcome.source).stem
    assert not list(out.glob(f".{stem}.*")), "a temporary file of a told article"


def test_with_jobs_1_the_next_article_renders_while_the_last_one_is_synced(tmp_path, monkeypatch):
    """--jobs 1: a1 is read and rendered while a0's briefs wait for the disk; a0 is told only once both its briefs
    are renamed into place; one article in flight (a0 in place before a1's files are written)."""
    disk = Disk(monkeypatch, hold="a0")
    real_build = batch_worker.build_brief

    def build(source, *args, **kwargs):
        if Path(source).stem == "a1":
            disk.release.set()  # a1 renders: a0's sync may end
        return real_build(source, *args, **kwargs)

    monkeypatch.setattr(batch_worker, "build_brief", build)
    out = tmp_path / "out"
    told = []

    def on_outcome(outcome):
        _briefs_in_place(outcome, out)
        told.append(Path(outcome.source).stem)
        disk.events.append(("told", told[-1]))

    result = run_batch(_inputs(_folder(tmp_path, 3)), str(out), BOTH, jobs=1, on_outcome=on_outcome)
    assert [o.status for o in result.outcomes] == [RENDERED] * 3 and told == ["a0", "a1", "a2"]
    assert disk.released == [True, True]  # both a0 files were held until a1 rendered, not given up on
    assert disk.at(("render", "a1")) < disk.last("synced", "a0")
    assert disk.at(("renamed", "a0.md")) < disk.at(("told", "a0"))
    assert disk.at(("renamed", "a0.pdf")) < disk.at(("told", "a0"))
    assert disk.last("synced", "a0") < disk.at(("renamed", "a0.md"))  # on the disk before it is in place
    assert disk.at(("renamed", "a0.pdf")) < disk.at(("sync", "a1"))  # one article in flight
    assert sorted(p.name for p in out.iterdir()) == sorted(f"a{n}{e}" for n in range(3) for e in (".md", ".pdf"))


def test_a_worker_process_writes_behind_and_hands_back_what_is_in_place(tmp_path, monkeypatch):
    """The worker processes' loop (run here, in this process): a1 renders while a0 is synced; when the chunk's
    outcomes go back to the parent, every brief they name is in place."""
    disk = Disk(monkeypatch, hold="a0")
    real_build = batch_worker.build_brief

    def build(source, *args, **kwargs):
        if Path(source).stem == "a1":
            disk.release.set()
        return real_build(source, *args, **kwargs)

    monkeypatch.setattr(batch_worker, "build_brief", build)
    out = tmp_path / "out"
    tasks = [_Task(n, str(path), path.stem, None, RENDER, str(out), BOTH)
             for n, path in enumerate(_folder(tmp_path, 3))]
    out.mkdir()
    outcomes = batch_worker._work_chunk(tasks)
    assert [o.status for o in outcomes] == [RENDERED] * 3
    for outcome in outcomes:
        _briefs_in_place(outcome, out)
    assert disk.released == [True, True]
    assert disk.at(("render", "a1")) < disk.last("synced", "a0")
    assert threading.active_count() == 1  # the writer's thread ends with the chunk


def test_this_process_writes_behind_beside_the_workers_and_they_are_still_forked(tmp_path, monkeypatch):
    """--jobs 2 with local files: vnbrief's own process renders too. Its first article is written at once, so
    that no thread runs when the worker is forked from it (else it silently starts a fresh interpreter); after,
    each of its articles renders while its previous one is synced, and is told only once in place."""
    forked = batch_pool.forkable()
    parent, started = os.getpid(), []
    disk = Disk(monkeypatch)
    real_start, real_context = batch_pool._Pool.start, batch_pool._mp_context
    methods, threads_at_start = [], []

    def start(self):
        threads_at_start.append(threading.active_count())
        real_start(self)
        started.append(True)

    def context(fork=False):
        chosen = real_context(fork)
        methods.append(chosen.get_start_method())
        return chosen

    after_start: List[str] = []  # this process's articles since the worker started: the first is held
    held: List[str] = []

    def fsync(fd):  # (a forked worker inherits the patch: this process only)
        stem = _stem_of_fd(fd)
        if os.getpid() == parent and after_start and stem == after_start[0]:
            held.append(stem)
            disk.events.append(("sync", stem))
            disk.released.append(disk.release.wait(HOLD_LIMIT))
            disk.real_fsync(fd)
            disk.events.append(("synced", stem))
            return
        disk.real_fsync(fd)

    here, real_work = [], batch_pool._work

    def work(task, protected=None):
        if after_start:
            disk.release.set()  # the next article of this process renders
        here.append(Path(task.source).stem)
        if started:
            after_start.append(here[-1])
        disk.events.append(("render here", here[-1]))
        return real_work(task, protected)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(batch_pool._Pool, "start", start)
    monkeypatch.setattr(batch_pool, "_mp_context", context)
    monkeypatch.setattr(batch_pool, "_work", work)
    out = tmp_path / "out"
    paths = _folder(tmp_path, 30)

    def on_outcome(outcome):
        _briefs_in_place(outcome, out)
        disk.events.append(("told", Path(outcome.source).stem))

    result = run_batch(_inputs(paths), str(out), BOTH, jobs=2, on_outcome=on_outcome)
    assert [o.status for o in result.outcomes] == [RENDERED] * 30
    if forked:  # the first article's write left no thread running: the worker was forked
        assert threads_at_start == [1] and methods == ["fork"]
    stem = held[0]
    assert held == [stem, stem] and disk.released == [True, True]
    following = here[here.index(stem) + 1]
    assert disk.at(("render here", following)) < disk.last("synced", stem)
    assert disk.last("synced", stem) < disk.at(("renamed", f"{stem}.md")) < disk.at(("told", stem))
    assert disk.at(("renamed", f"{stem}.pdf")) < disk.at(("told", stem))
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}{e}" for p in paths for e in (".md", ".pdf"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_failed_sync_fails_that_article_and_the_others_land(tmp_path, monkeypatch, jobs):
    """The disk fills while a1's PDF is synced behind: a1 fails naming that file (exit 5), neither of its briefs
    is in place, no temporary file is left; a0 and a2 are written whole."""
    if jobs == 2 and not batch_pool.forkable():
        pytest.skip("the worker process starts fresh here: it would not have the failing disk")
    real_fsync = os.fsync

    def fsync(fd):
        if Path(os.readlink(f"/proc/self/fd/{fd}")).name.startswith(".a1.pdf."):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    out = tmp_path / "out"
    told = []
    result = run_batch(_inputs(_folder(tmp_path, 3)), str(out), BOTH, jobs=jobs,
                       on_outcome=lambda o: (_briefs_in_place(o, out), told.append(o)))
    assert [o.status for o in result.outcomes] == [RENDERED, FAILED, RENDERED] and len(told) == 3
    failed = result.outcomes[1]
    assert isinstance(failed.error, RenderError) and failed.exit_code == 5 and result.exit_code == 5
    assert failed.error.subject == str(out / "a1.pdf") and "No space left on device" in str(failed.error)
    assert failed.outputs == []
    assert sorted(p.name for p in out.iterdir()) == ["a0.md", "a0.pdf", "a2.md", "a2.pdf"]


def test_a_signal_while_briefs_are_handed_behind_finishes_them_and_tells_them_once(tmp_path, monkeypatch):
    """SIGTERM arrives while a1's briefs are being written (a0's synced behind): both are finished whole and told
    once each, the batch stops there."""
    from exporter.interrupt import stop_signals_raise

    real = batch_worker.write_briefs

    def writing(out_dir, outputs, **kwargs):
        if "a1.md" in outputs:
            signal.raise_signal(signal.SIGTERM)  # a real one, held while the briefs are written
        return real(out_dir, outputs, **kwargs)

    monkeypatch.setattr(batch_worker, "write_briefs", writing)
    out, told = tmp_path / "out", []
    with stop_signals_raise():
        result = run_batch(_inputs(_folder(tmp_path, 4)), str(out), BOTH, jobs=1,
                           on_outcome=lambda o: (_briefs_in_place(o, out), told.append(Path(o.source).stem)))
    assert result.interrupted and result.exit_code == 143
    assert told == ["a0", "a1"] and [o.status for o in result.outcomes] == [RENDERED, RENDERED, NOT_DONE, NOT_DONE]
    assert sorted(p.name for p in out.iterdir()) == ["a0.md", "a0.pdf", "a1.md", "a1.pdf"]


@pytest.mark.parametrize("jobs, nth", [(1, 1), (1, 2), (2, 1), (2, 2), (2, 3)])
def test_a_signal_while_an_outcome_is_told_leaves_it_told_and_counted(tmp_path, jobs, nth):
    """SIGTERM arrives while the nth outcome is being told (the caller's callback, e.g. printing its paths): the
    batch stops, and what it counts (its result, hence the summary and the report) is exactly what it told and
    what is on the disk; before, the outcome was counted without being told (its paths never printed)."""
    from exporter.interrupt import stop_signals_raise

    out, told = tmp_path / "out", []

    def tell(outcome):
        if len(told) + 1 == nth:
            signal.raise_signal(signal.SIGTERM)  # a real one, while the caller is being told
        _briefs_in_place(outcome, out)
        told.append(Path(outcome.source).stem)

    with stop_signals_raise():
        result = run_batch(_inputs(_folder(tmp_path, 8)), str(out), BOTH, jobs=jobs, on_outcome=tell)
    assert result.interrupted and result.exit_code == 143
    counted = [Path(o.source).stem for o in result.outcomes if o.status == RENDERED]
    assert len(told) >= nth and sorted(told) == sorted(counted)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{stem}{ext}" for stem in told for ext in (".md", ".pdf"))


def test_one_article_is_written_at_once(tmp_path, monkeypatch):
    """A single article (``vnbrief render FILE``, the Python API) has nothing to overlap: its first brief is
    synced by the thread that writes it, which waits for the disk, as before."""
    synced_by = []
    real_fsync = os.fsync

    def fsync(fd):
        if _stem_of_fd(fd) == "a0":  # (not the caches vnbrief writes beside)
            synced_by.append(threading.current_thread() is threading.main_thread())
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    (path,) = _folder(tmp_path, 1)
    result = run_batch(_inputs([path]), str(tmp_path / "out"), BOTH, jobs=1)
    assert result.outcomes[0].status == RENDERED
    export(path, tmp_path / "api", BOTH)
    assert len(synced_by) == 4 and synced_by.count(True) == 2  # written behind, none would be


def test_files_handed_to_a_writer_are_in_place_only_once_committed(tmp_path):
    """The gate's second half: written ``behind``, the files are checked and written to temporary files, synced
    by the writer's thread, and nothing is in place until the commit; the thread ends with the writer."""
    writer = atomic.Writer()
    target = [(tmp_path / "bai.md", b"md"), (tmp_path / "bai.pdf", b"pdf")]
    paths = atomic.write_files(target, within=tmp_path, behind=writer)
    assert paths == [tmp_path / "bai.md", tmp_path / "bai.pdf"] and writer.flight is not None
    assert not (tmp_path / "bai.md").exists() and not (tmp_path / "bai.pdf").exists()
    assert len(list(tmp_path.glob(".bai.*.part"))) == 2
    with pytest.raises(RuntimeError):  # one write in flight at a time
        atomic.write_files([(tmp_path / "other.md", b"x")], behind=writer)
    assert not list(tmp_path.glob(".other.*"))
    assert writer.commit() == paths and writer.flight is None
    assert (tmp_path / "bai.md").read_bytes() == b"md" and (tmp_path / "bai.pdf").read_bytes() == b"pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bai.md", "bai.pdf"]
    assert threading.active_count() == 2
    writer.close()
    assert threading.active_count() == 1


def test_a_failed_sync_behind_puts_nothing_in_place(tmp_path, monkeypatch):
    real_fsync = os.fsync

    def fsync(fd):
        if ".b.pdf." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    writer = atomic.Writer()
    atomic.write_files([(tmp_path / "b.md", b"md"), (tmp_path / "b.pdf", b"pdf")], behind=writer)
    with pytest.raises(RenderError) as caught:
        writer.commit()
    assert caught.value.subject == str(tmp_path / "b.pdf") and "Input/output error" in str(caught.value)
    assert list(tmp_path.iterdir()) == []  # all or none, and no temporary file
    atomic.write_files([(tmp_path / "c.md", b"md")], behind=writer)  # the writer goes on with the next write
    assert writer.commit() == [tmp_path / "c.md"]
    writer.close()
    assert [p.name for p in tmp_path.iterdir()] == ["c.md"] and threading.active_count() == 1


_SLOW_DISK = ("import os, sys, time\n"
              "real = os.fsync\n"
              "def fsync(fd):\n"
              "    time.sleep(0.03)\n"
              "    real(fd)\n"
              "os.fsync = fsync\n"
              "from exporter.cli import main\n"
              "sys.argv[0] = 'vnbrief'\n"
              "main()\n")


@pytest.mark.parametrize("signum, jobs", [(signal.SIGINT, 1), (signal.SIGTERM, 1), (signal.SIGINT, 2)])
def test_a_signal_while_briefs_are_synced_behind_leaves_what_it_counts(tmp_path, signum, jobs):
    """A real batch on a slow disk (each sync 30 ms, longer than a render), stopped while briefs are synced
    behind: the article in flight is finished whole, no temporary file is left, and the summary and the report
    count exactly the briefs on disk."""
    paths = _folder(tmp_path, 40)
    out, report = tmp_path / "out", tmp_path / "report.json"
    process, stdout, stderr = stop_batch_midway(
        [sys.executable, "-c", _SLOW_DISK, "render", str(paths[0].parent), "-o", str(out), "--jobs", str(jobs),
         "--report", str(report)], out, signum)
    text = stderr.decode()
    assert process.returncode == 128 + signum, text
    summary = [line for line in text.splitlines() if line.startswith("Interrupted: ")]
    assert summary and "not done" in summary[0], text
    names = sorted(p.name for p in out.iterdir())
    assert not [n for n in names if n.startswith(".")]  # no temporary file left
    stems = {Path(n).stem for n in names}
    assert names == sorted(f"{s}{ext}" for s in stems for ext in (".md", ".pdf"))  # both briefs or none
    assert int(summary[0].split()[1]) == len(stems) >= 2
    data = json.loads(report.read_text(encoding="utf-8"))
    rendered = [entry for entry in data["inputs"] if entry["status"] == RENDERED]
    assert data["summary"]["rendered"] == len(rendered) == len(stems)
    assert sorted(Path(p).name for entry in rendered for p in entry["outputs"]) == names
    assert sorted(stdout.decode().split()) == sorted(str(out / n) for n in names)
