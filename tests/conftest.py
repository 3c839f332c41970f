"""Shared fixtures: the corpus (skipped when absent), PDF text extraction, and the CLI runner."""
from __future__ import annotations

import io
import logging
import os
import re
import signal
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest
from libre_server import translation_server  # noqa: F401  (the fixture, for every test module)
from openai_server import chat_server  # noqa: F401  (the fixture, for every test module)
from static_server import static_site  # noqa: F401  (the fixture, for every test module)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLE = ROOT / "examples" / "article.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DOCS = ROOT / "docs"


def pytest_configure(config) -> None:
    """A suite started in the background by a shell without job control (``cmd &``) or under ``nohup`` inherits
    Ctrl-C, SIGQUIT and SIGHUP ignored, and passes that on to every process it starts: the tests of what Ctrl-C
    and a closed terminal do would then see nothing arrive. They get the dispositions a terminal gives."""
    import signal

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    for name in ("SIGHUP", "SIGQUIT"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) is signal.SIG_IGN:
            signal.signal(signum, signal.SIG_DFL)


def stop_batch_midway(argv, out: Path, signum: int, poll: float = 0.01):
    """Run ``argv`` (a batch writing its briefs into ``out``) in a session of its own, with vnbrief importable; once
    two Markdown briefs are in ``out``, send its parent ``signum`` (as `timeout` and `kill` do) and wait for it.
    Returns (the process, its stdout, its stderr); should anything fail before it ends, its group is killed."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=str(ROOT)), start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while not (out.is_dir() and sum(p.suffix == ".md" for p in out.iterdir()) >= 2):
            assert time.monotonic() < deadline and process.poll() is None, process.stderr.read().decode()
            time.sleep(poll)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=60)
    except BaseException:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
        raise
    return process, stdout, stderr


def docs_page(name: str) -> str:
    """The text of a page of the manual (``docs/<name>``)."""
    return (DOCS / name).read_text(encoding="utf-8")


GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, text: str) -> None:
    """``text`` equals the golden file ``tests/golden/<name>``. Run ``UPDATE_GOLDEN=1 pytest`` to rewrite the golden
    files from the current output (then review the diff with git before committing it)."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.is_file(), f"no golden file {path}: run UPDATE_GOLDEN=1 pytest to create it"
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"output differs from {path} (if the change is intended: UPDATE_GOLDEN=1 pytest)"


def corpus_dir(name: str) -> Path:
    """A corpus folder, or skip the test when the corpus is not beside the project."""
    folder = CORPUS / name
    if not folder.is_dir():
        pytest.skip(f"corpus folder {folder} not present")
    return folder


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pdfminer.six extracts it, NFC."""
    from pdfminer.high_level import extract_text

    return unicodedata.normalize("NFC", extract_text(io.BytesIO(data)))


def squash(text: str) -> str:
    """Whitespace-insensitive form for comparing extracted text with its source."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_bytes(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows writes it: base letters precomposed where the code page has them
    (â, ơ, ư, đ …), tone marks as combining characters."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            tones = "".join(c for c in parts if c in TONE_MARKS)
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Keep every test away from the user's real cache and config folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def run_cli():
    """Run the vnbrief command in-process; returns click's Result (exit_code, stdout, stderr)."""
    from click.testing import CliRunner

    from exporter.cli import cli

    def run(*args, input=None):
        runner = CliRunner()
        # the command sets up the library's logger (-q, -v, --debug) as a process does: put it back afterwards,
        # so that a later test sees the logger as the library leaves it
        logger = logging.getLogger("exporter")
        level, handlers = logger.level, list(logger.handlers)
        try:
            return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)
        finally:
            logger.setLevel(level)
            logger.handlers[:] = handlers

    return run
