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


def test_a_corrupt_cache_is_moved_aside_and_rebuilt_with_one_warning(tmp_path, caplog):
    (tmp_path / CACHE_FILE).write_bytes(b"this is not an SQLite database at all\n" * 200)
    caplog.set_level(logging.WARNING)
    cache = TranslationCache(tmp_path)
    assert cache.enabled
    cache.put_many([("k", "p", "vi", "en", "g", "s", "t")])
    assert cache.get_many(["k"]) == {"k": "t"}
    cache.close()
    aside = [p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].startswith(CACHE_FILE + ".corrupt-")
    assert caplog.text.count("was damaged") == 1
    caplog.clear()
    assert TranslationCache(tmp_path).get_many(["k"]) == {"k": "t"}  # the next run: no warning, cache kept
    assert "damaged" not in caplog.text


def test_a_new_glossary_term_resends_only_the_segments_it_occurs_in(translation_server, tmp_path):
    from exporter.model import Article, Block
    from exporter.options import Options
    from exporter.translate import translate_article

    article = Article(title="Tin nông nghiệp", blocks=tuple(
        Block.plain("paragraph", text) for text in ("Giá lúa tăng mạnh.", "Hợp tác xã Tân Phú mở rộng.",
                                                    "Mưa lớn ở miền Trung.")))
    settings = dict(provider="libre", provider_url=translation_server.url, cache_dir=str(tmp_path / "c"), jobs=1)
    translate_article(article, Options(**settings))
    sent_first = sum(len(r.json["q"]) for r in translation_server.requests)
    assert sent_first == 4
    glossary = tmp_path / "mine.csv"
    glossary.write_text("Hợp tác xã Tân Phú,Tan Phu Cooperative\n", encoding="utf-8")
    translation_server.reset()
    translation = translate_article(article, Options(**settings, glossary=str(glossary))).translation
    assert [q for r in translation_server.requests for q in r.json["q"]] == ["{v0} mở rộng."]
    assert translation.blocks[1].text == "[en] Tan Phu Cooperative mở rộng."


# Issue 22: every option that changes a translation's text is in every provider's cache key.
_CHANGED = {"english": ("uk", "us"), "names": ("keep", "ascii"), "model": ("model-a", "model-b")}
_NEUTRAL = {"timeout": (30.0, 5.0), "jobs": (0, 3), "layout": ("translation", "bilingual"), "paper": ("a4", "letter"),
            "rps": (None, 2.0), "strict": (False, True), "formats": (("pdf", "md"), ("pdf",))}


@pytest.fixture(scope="module")
def shared_glossary():
    from exporter.translate.glossary import load_glossary

    return load_glossary()


def _translator(provider: str, loaded=None, **changes):
    """A translator (``loaded``: a glossary loaded already, which the key's options do not change)."""
    from exporter.options import Options
    from exporter.translate.engine import Translator

    settings = dict(provider=provider, api_key="test-key", model="model-a", use_cache=False,
                    provider_url="http://127.0.0.1:9/v1" if provider == "openai" else None)
    settings.update(changes)
    return Translator(Options(**settings), glossary=loaded)


def test_every_option_is_classified_for_the_cache_key():
    from exporter.options import Options
    from exporter.translate.engine import INPUT_OPTIONS, KEY_OPTIONS, NEUTRAL_OPTIONS

    listed = list(KEY_OPTIONS) + list(INPUT_OPTIONS) + list(NEUTRAL_OPTIONS)
    assert sorted(listed) == sorted(Options.field_names()), "classify every option: does it change the text?"
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("provider", ["google", "mymemory", "libre", "deepl", "microsoft", "openai"])
def test_each_text_option_changes_the_key_and_no_other_does(provider, tmp_path, shared_glossary):
    from exporter.translate.engine import KEY_OPTIONS

    chunk = "Bộ Y tế họp tại Hà Nội."
    with _translator(provider, shared_glossary) as base:
        key = base._key(chunk)
    prompts = []
    for number in (1, 2):
        prompts.append(tmp_path / f"prompt{number}.j2")
        prompts[-1].write_text(f"Translate. Version {number}. {{{{ ids | join(', ') }}}}", encoding="utf-8")
    changes = dict(_CHANGED, prompt=(str(prompts[0]), str(prompts[1])))
    assert set(changes) == set(KEY_OPTIONS)
    for name, (first, second) in changes.items():
        with _translator(provider, shared_glossary, **{name: first}) as one, \
                _translator(provider, shared_glossary, **{name: second}) as two:
            assert one._key(chunk) != two._key(chunk), f"{name} leaves the {provider} key alone"
    for name, (first, second) in _NEUTRAL.items():
        with _translator(provider, shared_glossary, **{name: first}) as one, \
                _translator(provider, shared_glossary, **{name: second}) as two:
            assert one._key(chunk) == two._key(chunk) == key, f"{name} changes the {provider} key"
    glossary = tmp_path / "mine.csv"
    glossary.write_text("vi,en\nBộ Y tế,the Health Ministry\n", encoding="utf-8")
    with _translator(provider, glossary=str(glossary)) as mine, _translator(provider) as bundled:
        assert mine._key(chunk) != bundled._key(chunk) and mine._key("Trời mưa.") == bundled._key("Trời mưa.")
