"""Issue 13, part 4: SIGTERM (``timeout``, a CI cancel) and SIGHUP (a closed terminal) stop a batch the way
Ctrl-C does: workers stopped, no partial file, the summary and the report written, exit 143 / 129, and no
process of the batch left running."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLE, ROOT, stop_batch_midway

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _folder(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    body = EXAMPLE.read_text(encoding="utf-8").split("\n", 1)[1]
    for n in range(count):
        (folder / f"a{n:03d}.txt").write_text(f"Bài số {n}\n{body}", encoding="utf-8")
    return folder


def _wait_until_caught(pid: int, signum: int, timeout: float = 60.0) -> None:
    """Wait until the process has a handler for *signum* (Linux: the SigCgt mask of /proc/PID/status).

    A fixed sleep raced with a loaded machine: the signal could arrive before Python had installed the
    handler, and the default action killed the process without its summary.
    """
    status = Path(f"/proc/{pid}/status")
    if not status.exists():  # not Linux: fall back to a generous wait
        time.sleep(3)
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in status.read_text().splitlines():
            if line.startswith("SigCgt:") and int(line.split()[1], 16) >> (signum - 1) & 1:
                return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} never installed a handler for signal {signum}")


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_a_stop_signal_stops_the_batch_like_ctrl_c(tmp_path, signum, code):
    folder = _folder(tmp_path, 120)
    out, report = tmp_path / "out", tmp_path / "report.json"
    process, stdout, stderr = stop_batch_midway([sys.executable, "-m", "exporter", "render", str(folder), "-o",
                                                 str(out), "--jobs", "2", "--report", str(report)], out, signum,
                                                poll=0.02)
    try:
        text = stderr.decode()
        assert process.returncode == code, text
        summary = [line for line in text.splitlines() if line.startswith("Interrupted: ")]
        assert summary and "not done" in summary[0], text
        data = json.loads(report.read_text(encoding="utf-8"))
        assert data["interrupted"] is True and data["exit_code"] == code
        assert data["signal"] == signal.Signals(signum).name
        assert data["summary"]["not_done"] > 0
        names = sorted(p.name for p in out.iterdir())
        assert not [n for n in names if n.startswith(".")]  # no temporary file left
        stems = {Path(n).stem for n in names}
        assert names == sorted(f"{s}{ext}" for s in stems for ext in (".md", ".pdf"))  # both briefs or none
        assert data["summary"]["rendered"] == len(stems)
        deadline = time.monotonic() + 10  # the workers and the forkserver are gone with the parent
        while _group_alive(process.pid):
            assert time.monotonic() < deadline, "processes of the batch still running"
            time.sleep(0.1)
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_sigterm_during_a_single_article_leaves_nothing(tmp_path):
    """One input runs in the parent: the signal arrives while it renders; no temporary file stays."""
    sentence = "Hội nghị đã thảo luận nhiều vấn đề quan trọng của tỉnh trong năm tới. "
    source = tmp_path / "dai.txt"
    source.write_text("Bài rất dài\n\n" + sentence * 20_000 + "\n", encoding="utf-8")  # ~1.4 M characters
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "exporter", "render", str(source), "-o", str(out)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    _wait_until_caught(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 60
    while not out.exists() and time.monotonic() < deadline:  # the batch has begun: planning is over
        time.sleep(0.01)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr.decode()
    assert "Interrupted: 0 of 1 inputs rendered, 1 not done" in stderr.decode()
    assert not out.exists() or list(out.iterdir()) == []


def test_a_signal_while_briefs_are_written_lets_them_finish_and_counts_them(tmp_path, monkeypatch):
    """The signal is held until the article's briefs are whole; the summary then counts them as rendered."""
    from exporter.batch import NOT_DONE, RENDERED, Input, run_batch, worker
    from exporter.interrupt import stop_signals_raise
    from exporter.options import Options

    folder = _folder(tmp_path, 3)
    real = worker.write_briefs

    def writing(*args, **kwargs):
        signal.raise_signal(signal.SIGTERM)  # a real SIGTERM, arriving while the briefs are being written
        return real(*args, **kwargs)

    monkeypatch.setattr(worker, "write_briefs", writing)
    inputs = [Input(str(path), stem=path.stem) for path in sorted(folder.iterdir())]
    out = tmp_path / "out"
    with stop_signals_raise():
        result = run_batch(inputs, str(out), Options(formats=("md", "pdf")), jobs=1)
    assert result.interrupted and result.exit_code == 143
    assert [o.status for o in result.outcomes] == [RENDERED, NOT_DONE, NOT_DONE]
    assert result.outcomes[0].outputs == [str(out / "a000.md"), str(out / "a000.pdf")]
    assert sorted(p.name for p in out.iterdir()) == ["a000.md", "a000.pdf"]


# --- issue 16, part 6: signals at every phase ----------------------------------------------------------------

def test_a_signal_while_planning_still_writes_the_summary_and_the_report(tmp_path, static_site):
    """SIGTERM while the batch is being planned (here: a feed is being read) ends like a stop during the batch:
    the summary, the report with every input not done, exit 143."""
    import threading

    arrived = threading.Event()
    release = threading.Event()
    static_site.add("/rss", b"<rss><channel><title>T</title></channel></rss>", "application/rss+xml")

    def held(path):  # the feed's request has arrived; its answer waits
        arrived.set()
        release.wait(20)

    static_site.on_request = held
    out, report = tmp_path / "out", tmp_path / "report.json"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "exporter", "render", static_site.url("/rss"), str(EXAMPLE),
                                "-o", str(out), "--report", str(report), "--timeout", "5"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        assert arrived.wait(60), "the feed was never requested"
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=60)
    finally:
        release.set()
    text = stderr.decode()
    assert process.returncode == 143, text
    assert "Interrupted: 0 of 2 inputs rendered, 2 not done" in text
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["interrupted"] is True and data["signal"] == "SIGTERM" and data["summary"]["not_done"] == 2
    assert not out.exists()


@pytest.mark.parametrize("delay", [0.05, 0.15, 0.3, 0.45])
def test_ctrl_c_while_the_workers_start_stops_the_batch_cleanly(tmp_path, delay):
    """Ctrl-C reaches every process of the group, the workers too, whenever it comes: while they start up it
    must neither kill one ("the worker process stopped") nor hang the batch."""
    folder = _folder(tmp_path, 16)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen([sys.executable, "-m", "exporter", "render", str(folder), "-o", str(out),
                                "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                               start_new_session=True)
    try:
        # the moment the parent has planned the batch: it is now starting its workers
        deadline = time.monotonic() + 60
        while not (out.is_dir() or process.poll() is not None):
            assert time.monotonic() < deadline
            time.sleep(0.005)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
    text = stderr.decode()
    if process.returncode == -signal.SIGINT:
        # the signal came after the batch was done, as the interpreter was exiting (its handlers already back to
        # the system's): every brief written, the process ends as killed by Ctrl-C (a shell's 130)
        assert "16 of 16 inputs rendered" in text and len(list(out.glob("*.pdf"))) == 16, text
        assert {path.suffix for path in out.iterdir()} <= {".pdf", ".md"}, text  # no temporary file left
    else:
        assert process.returncode in (130, 0), text  # 0: the batch was done before the signal
    assert "unexpected error" not in text and "worker process stopped" not in text, text
    if process.returncode == 130:
        assert [line for line in text.splitlines() if line.startswith("Interrupted: ")], text


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_in_a_layout_keeps_its_signal(signum):
    """ReportLab re-raises what goes wrong while it lays a page out as a new exception of the same type, its text
    annotated (``annotateException``): a stop signal arriving there must stay that stop signal (it was a
    ValueError, an "unexpected error" for one article, and the batch went on)."""
    from reportlab.lib.utils import annotateException

    from exporter.interrupt import Interrupted, signal_number

    with pytest.raises(Interrupted) as caught:
        try:
            raise Interrupted(signum)
        except Interrupted:
            annotateException("\nraised by class KeepWithStart(exporter.render.pdf_pages)@0x7f00 wrap\n")
    assert signal_number(caught.value) == signum and caught.value.signum == signum
    assert str(caught.value) == signal.Signals(signum).name


def test_a_stop_signal_while_reportlab_writes_the_pdf_stays_that_signal(monkeypatch):
    """ReportLab's ``except:`` around a reference's formatting makes a ``KeyError`` of whatever is raised there
    ("forward reference … not resolved upon final formatting"): a SIGHUP arriving while the PDF is written must
    still stop vnbrief as SIGHUP, once ReportLab is done, not fail one article with "unexpected error"."""
    from reportlab.pdfbase import pdfdoc

    from exporter.interrupt import Interrupted, stop_signals_raise
    from exporter.pipeline import read_article
    from exporter.render.pdf import render_pdf

    real_format = pdfdoc.PDFObjectReference.format
    sent = []

    class SignallingNumbers(dict):
        def __getitem__(self, name):  # looked up inside ReportLab's try
            if not sent:
                sent.append(True)
                os.kill(os.getpid(), signal.SIGHUP)  # handled at the next bytecode: here, inside that try
            return super().__getitem__(name)

    def format_with_a_signal(self, document):
        if not isinstance(document.idToObjectNumberAndVersion, SignallingNumbers):
            document.idToObjectNumberAndVersion = SignallingNumbers(document.idToObjectNumberAndVersion)
        return real_format(self, document)

    monkeypatch.setattr(pdfdoc.PDFObjectReference, "format", format_with_a_signal)
    article = read_article(EXAMPLE)
    with stop_signals_raise(), pytest.raises(Interrupted) as caught:
        render_pdf(article)
    assert sent and caught.value.signum == signal.SIGHUP


def test_a_hold_gives_every_handler_back_as_it_was_and_raises_what_came_after_it():
    """``deferred_interrupt`` swaps the handlers of the signals that would raise (it calls the C functions under
    ``signal.signal``): afterwards each is the very handler it was (a function, SIG_IGN, SIG_DFL), what is
    ignored or left to the system is never held, and a signal that came during the hold is raised when it ends."""
    from exporter.interrupt import Interrupted, deferred_interrupt, stop_signals_raise

    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    with deferred_interrupt(reraise=False) as caught:
        assert signal.getsignal(signal.SIGTERM) is before[signal.SIGTERM]  # not installed: not held
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.01)  # not raised here: held
    assert caught == [signal.SIGINT]
    assert {s: signal.getsignal(s) for s in before} == before
    with stop_signals_raise():
        previous_ignored = signal.signal(signal.SIGHUP, signal.SIG_IGN)
        try:
            with pytest.raises(Interrupted) as raised:
                with deferred_interrupt():
                    assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN  # ignored: stays ignored
                    os.kill(os.getpid(), signal.SIGTERM)
                    time.sleep(0.01)
            assert raised.value.signum == signal.SIGTERM
            assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN
        finally:
            signal.signal(signal.SIGHUP, previous_ignored)
    assert {s: signal.getsignal(s) for s in before} == before
