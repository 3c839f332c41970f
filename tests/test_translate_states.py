"""Honest states (issue 22): machine, edited and approved kept apart in every review format and in the translation
memory; a CAT tool's "translated", a spreadsheet row left as it was, or a memory row never raise a state."""
from __future__ import annotations

import sqlite3
import xml.etree.ElementTree as ET

import pytest

from exporter.model import Article, Block
from exporter.options import Options
from exporter.render.layout import machine_notice
from exporter.translate import read_reviewed, translate_article, write_segments
from exporter.translate.cache import CACHE_FILE, TranslationCache, memory_key

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
ARTICLE = Article(title="Bộ Chính trị họp bàn nhân sự", blocks=(
    Block.plain("lead", "Sáng nay, Bộ Chính trị đã họp."),
    Block.plain("paragraph", "Tổng Bí thư chủ trì cuộc họp."),
    Block.plain("paragraph", "Cuộc họp kéo dài hai giờ."),
    Block.plain("byline", "Minh Anh"),
))


def options(server, tmp_path, **more) -> Options:
    return Options(provider="libre", provider_url=server.url, cache_dir=str(tmp_path / "cache"), jobs=1, **more)


def _machine_xliff(server, tmp_path):
    path = tmp_path / "a.xlf"
    write_segments(translate_article(ARTICLE, options(server, tmp_path)), path)
    return path


def test_a_cat_tool_marking_every_unit_translated_reviews_nothing(translation_server, tmp_path):
    path = _machine_xliff(translation_server, tmp_path)
    text = path.read_text(encoding="utf-8").replace('state="needs-review-translation"', 'state="translated"')
    path.write_text(text, encoding="utf-8")
    result = translate_article(ARTICLE, options(translation_server, tmp_path), reviewed=read_reviewed(path))
    tr = result.translation
    assert tr.states == () and tr.title_state == "machine"
    assert "Not reviewed by a person." in machine_notice(tr)
    # and nothing went into the memory: a later plain render claims nothing either
    again = translate_article(ARTICLE, options(translation_server, tmp_path)).translation
    assert again.states == () and "Not reviewed by a person." in machine_notice(again)


def test_xliff_keeps_edited_and_approved_apart_with_who_and_when(translation_server, tmp_path):
    path = _machine_xliff(translation_server, tmp_path)
    tree = ET.parse(path)
    units = {u.get("id"): u for u in tree.getroot().iter(f"{XLIFF}trans-unit")}
    units["b1"].find(f"{XLIFF}target").text = "This morning the Politburo met."  # edited in a CAT tool
    units["b2"].set("approved", "yes")  # confirmed as it was
    tree.write(path, encoding="utf-8", xml_declaration=True)
    result = translate_article(ARTICLE, options(translation_server, tmp_path), reviewed=read_reviewed(path))
    tr = result.translation
    assert tr.states[:3] == ("edited", "approved", "machine") and tr.title_state == "machine"
    notice = machine_notice(tr)
    assert "1 of 4 segments approved by a person (marked †); 1 edited by a person and not yet approved" in notice
    # written again with who and when: XLIFF phases, and notes a person can read
    from dataclasses import replace

    signed = replace(result, translation=replace(tr, people=(("b1", "Lan", "2026-01-02T10:00:00Z"),
                                                             ("b2", "Minh", "2026-01-02T11:00:00Z"))))
    out = tmp_path / "out.xlf"
    write_segments(signed, out, machine={"b1": tr.blocks[0].text and "[en] Sáng nay, the Politburo đã họp."})
    root = ET.parse(out).getroot()
    phases = {p.get("phase-name"): p for p in root.iter(f"{XLIFF}phase")}
    units = {u.get("id"): u for u in root.iter(f"{XLIFF}trans-unit")}
    b1, b2 = units["b1"].find(f"{XLIFF}target"), units["b2"].find(f"{XLIFF}target")
    assert b1.get("state") == "translated" and units["b1"].get("approved") is None
    assert b2.get("state") == "signed-off" and units["b2"].get("approved") == "yes"
    assert phases[b1.get("phase-name")].get("process-name") == "edit"
    assert (phases[b2.get("phase-name")].get("contact-name"), phases[b2.get("phase-name")].get("date")) == (
        "Minh", "2026-01-02T11:00:00Z")
    assert any(n.text == "Approved by Minh on 2026-01-02T11:00:00Z." for n in units["b2"].iter(f"{XLIFF}note"))
    back = read_reviewed(out).segments
    assert (back["b1"].state, back["b1"].by) == ("edited", "Lan")
    assert (back["b2"].state, back["b2"].by, back["b2"].at) == ("approved", "Minh", "2026-01-02T11:00:00Z")
    assert back["b3"].state == "machine"


@pytest.mark.parametrize("suffix", [".csv", ".json", ".tmx"])
def test_every_format_round_trips_the_three_states(translation_server, tmp_path, suffix):
    from dataclasses import replace

    tr = translate_article(ARTICLE, options(translation_server, tmp_path)).translation
    blocks = (Block.plain("lead", "This morning the Politburo met."),) + tr.blocks[1:]
    article = replace(ARTICLE, translation=replace(
        tr, blocks=blocks, states=("edited", "approved", "machine", "machine"),
        people=(("b1", "Lan", "2026-01-02T10:00:00Z"), ("b2", "Minh", "2026-01-02T11:00:00Z"))))
    path = tmp_path / f"a{suffix}"
    write_segments(article, path, machine={"b1": tr.blocks[0].text})
    back = read_reviewed(path).segments
    assert {k: v.state for k, v in back.items()} == {"title": "machine", "b1": "edited", "b2": "approved",
                                                      "b3": "machine"}
    assert (back["b2"].by, back["b2"].at) == ("Minh", "2026-01-02T11:00:00Z")


def test_the_memory_keeps_the_state_and_never_raises_it(translation_server, tmp_path):
    path = _machine_xliff(translation_server, tmp_path)
    tree = ET.parse(path)
    units = {u.get("id"): u for u in tree.getroot().iter(f"{XLIFF}trans-unit")}
    units["b1"].find(f"{XLIFF}target").text = "This morning the Politburo met."
    units["b2"].find(f"{XLIFF}target").text = "The General Secretary chaired it."
    units["b2"].set("approved", "yes")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    translate_article(ARTICLE, options(translation_server, tmp_path), reviewed=read_reviewed(path))
    later = translate_article(ARTICLE, options(translation_server, tmp_path)).translation
    assert later.states[:3] == ("edited", "approved", "machine")
    assert later.blocks[0].text == "This morning the Politburo met."
    # the memory's TMX export carries the states
    cache = TranslationCache(tmp_path / "cache")
    rows = dict(cache.memory("vi", "en"))
    cache.close()
    assert {source: found.state for source, found in rows.items()} == {
        "Sáng nay, Bộ Chính trị đã họp.": "edited", "Tổng Bí thư chủ trì cuộc họp.": "approved"}


def test_the_older_memory_is_carried_over_honestly(tmp_path):
    """Rows of the memory before issue 22 said "reviewed" for a CAT tool's claims too: one whose text is a machine
    translation in the cache is dropped, the others become edited (never approved)."""
    folder = tmp_path / "cache"
    TranslationCache(folder).close()
    db = sqlite3.connect(str(folder / CACHE_FILE))
    db.execute("INSERT INTO translations_v1 VALUES ('k', 'libre|', 'vi', 'en', 'g', 'Câu một.', 'Sentence one.', 0)")
    db.executemany("INSERT INTO memory_v1 VALUES (?, 'vi', 'en', ?, ?, '', 0)",
                   [(memory_key("vi", "en", "Câu một."), "Câu một.", "Sentence one."),
                    (memory_key("vi", "en", "Câu hai."), "Câu hai.", "A person's sentence two.")])
    db.commit()
    db.close()
    cache = TranslationCache(folder)
    found = cache.recall("vi", "en", ["Câu một.", "Câu hai."])
    cache.close()
    assert list(found) == ["Câu hai."] and found["Câu hai."].state == "edited"
