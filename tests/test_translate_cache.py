"""The SQLite translation cache: keys, several processes at once, a folder that cannot be written."""
from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from exporter.translate.cache import CACHE_FILE, TranslationCache, cache_key

ROOT = Path(__file__).resolve().parents[1]

WRITER = """
import sys
sys.path.insert(0, {root!r})
from exporter.translate.cache import TranslationCache
cache = TranslationCache({folder!r})
for i in range(150):
    cache.put_many([(f"{{sys.argv[1]}}-{{i}}", "libre|", "vi", "en", "g", f"nguồn {{i}}", f"target {{i}}")])
cache.close()
"""


def test_key_covers_every_part():
    base = cache_key("libre|http://a", "vi", "en", "g1", "Xin chào")
    variants = [cache_key("libre|http://b", "vi", "en", "g1", "Xin chào"),
                cache_key("libre|http://a", "vi", "fr", "g1", "Xin chào"),
                cache_key("libre|http://a", "vi", "en", "g2", "Xin chào"),
                cache_key("libre|http://a", "vi", "en", "g1", "Xin chào!")]
    assert len({base, *variants}) == 5


def test_put_get_and_wal(tmp_path):
    cache = TranslationCache(tmp_path)
    cache.put_many([("k1", "libre|", "vi", "en", "g", "Một", "One"), ("k2", "libre|", "vi", "en", "g", "Hai", "Two")])
    assert cache.get_many(["k1", "k2", "k3"]) == {"k1": "One", "k2": "Two"}
    assert len(cache) == 2
    cache.close()
    mode = sqlite3.connect(str(tmp_path / CACHE_FILE)).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert TranslationCache(tmp_path).get_many(["k1"]) == {"k1": "One"}  # persisted


def test_several_processes_write_at_once(tmp_path):
    script = WRITER.format(root=str(ROOT), folder=str(tmp_path))
    processes = [subprocess.Popen([sys.executable, "-c", script, name]) for name in ("a", "b", "c")]
    assert [p.wait(timeout=60) for p in processes] == [0, 0, 0]
    cache = TranslationCache(tmp_path)
    assert len(cache) == 450
    assert cache.get_many(["b-149"]) == {"b-149": "target 149"}


def test_unusable_folder_disables_the_cache_with_a_warning(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    caplog.set_level(logging.WARNING)
    cache = TranslationCache(blocker / "cache")
    assert not cache.enabled
    assert "translation cache disabled" in caplog.text
    cache.put_many([("k", "p", "vi", "en", "g", "s", "t")])  # no error
    assert cache.get_many(["k"]) == {}


def test_default_folder_is_the_user_cache(monkeypatch, tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_CACHE_HOME is how platformdirs finds the cache folder on Linux only")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache = TranslationCache()
    assert cache.path == tmp_path / "vnbrief" / CACHE_FILE
    assert os.path.exists(cache.path)
    cache.close()
