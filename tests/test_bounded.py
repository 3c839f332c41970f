"""The one gate every file read passes through (exporter.read.fetch.bounded.read_file): bounded whatever the file
is, and asking the system little for a regular file — open, one fstat, one read, close — counted at the ``os``
calls it makes and, where strace is installed, at the system calls themselves."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter

import pytest
from conftest import EXAMPLE, ROOT

from exporter.errors import InputError
from exporter.read.fetch import bounded
from exporter.read.fetch.bounded import NotAFile, TooLarge, read_file
from exporter.read.fetch.files import load_bytes

posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX system calls")


@pytest.fixture
def os_calls(monkeypatch):
    """The ``os`` calls the gate makes, by name."""
    calls: Counter = Counter()
    for name in ("open", "fstat", "stat", "read", "close", "dup", "set_blocking"):
        real = getattr(os, name)

        def counted(*args, _name=name, _real=real, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(bounded.os, name, counted)
    return calls


def test_a_regular_file_is_opened_checked_read_and_closed_once(tmp_path, os_calls):
    data = "Tiết mục hát giữa 'rừng'\n".encode() * 1000
    path = tmp_path / "bai.txt"
    path.write_bytes(data)
    os_calls.clear()
    assert read_file(path, str(path)) == data
    assert os_calls == Counter(open=1, fstat=1, read=1, close=1)


def test_an_empty_file_is_one_read_too(tmp_path, os_calls):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    os_calls.clear()
    assert read_file(path, str(path)) == b""
    assert os_calls == Counter(open=1, fstat=1, read=1, close=1)


def test_a_file_over_the_limit_is_refused_by_its_size_unread(tmp_path, os_calls):
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.truncate(3 * 1024 * 1024)  # sparse: no disk used
    os_calls.clear()
    with pytest.raises(TooLarge) as err:
        read_file(path, "big.txt", limit=1024 * 1024)
    assert str(err.value) == "big.txt: is too large (3 MB) (inputs over 1 MB are refused)"
    assert os_calls["read"] == 0 and os_calls["close"] == 1


def test_a_file_that_grew_since_its_size_was_read_is_read_on_and_bounded(tmp_path, monkeypatch):
    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    class Stale:
        """The size the file had before it grew."""

        def __init__(self, fd):
            self._info = real_fstat(fd)

        def __getattr__(self, name):
            return 100 if name == "st_size" else getattr(self._info, name)

    monkeypatch.setattr(bounded.os, "fstat", Stale)
    assert read_file(path, "growing.txt") == b"x" * 5000
    with pytest.raises(TooLarge, match=r"more than 4 KB"):
        read_file(path, "growing.txt", limit=4096)


def test_a_file_that_tells_no_size_is_read_whole():
    status = "/proc/self/status"
    if not os.path.isfile(status):
        pytest.skip("no /proc")
    assert b"Name:" in read_file(status, status)  # a regular file of size 0 that holds text


def test_a_folder_is_named_as_such(tmp_path):
    with pytest.raises(NotAFile, match="is a folder"):
        read_file(tmp_path, str(tmp_path))
    with pytest.raises(InputError, match="is a folder") as err:
        load_bytes(str(tmp_path))
    assert "give the article's file" in str(err.value.hint)


_TRACED = """
import os, sys
from exporter.read.fetch.files import load_bytes
path = sys.argv[1]
load_bytes(path)  # imports and caches warm
os.write(2, b"<<gate>>")
load_bytes(path)
os.write(2, b"<</gate>>")
"""


@posix
@pytest.mark.skipif(shutil.which("strace") is None, reason="strace is not installed")
def test_reading_an_article_makes_four_system_calls(tmp_path):
    log = tmp_path / "trace"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(["strace", "-f", "-qq", "-o", str(log), sys.executable, "-c", _TRACED, str(EXAMPLE)],
                          env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 and "ptrace" in done.stderr.lower():
        pytest.skip(f"strace may not trace here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr
    lines = log.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if "<<gate>>" in line)
    end = next(i for i, line in enumerate(lines) if "<</gate>>" in line)
    calls = [line.split(None, 1)[1].split("(", 1)[0] for line in lines[start + 1:end]]
    kinds = Counter("stat" if "stat" in name else name.replace("openat", "open") for name in calls)
    assert kinds == Counter(open=1, stat=1, read=1, close=1), calls
