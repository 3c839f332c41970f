"""translate_article: the translated article, reviewed segments, cache across runs, the sample article."""
from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from libre_server import TranslationServer

from exporter.errors import TranslationError, UsageError
from exporter.model import Article, Block, Inline
from exporter.options import Options
from exporter.translate import article_segments, read_reviewed, stale_segments, translate_article, write_segments
from exporter.translate.engine import Translator, translation_date
from exporter.translate.http import RetryPolicy

ROOT = Path(__file__).resolve().parents[1]

ARTICLE = Article(
    title="Bộ Chính trị họp bàn nhân sự",
    blocks=(
        Block.plain("lead", "Sáng nay, Bộ Chính trị đã họp."),
        Block("paragraph", (Inline("Tổng Bí thư "), Inline("Nguyễn Phú Trọng", bold=True), Inline(" chủ trì."))),
        Block("caption", (Inline("Toàn cảnh cuộc họp.", italic=True),)),
        Block.plain("paragraph", "   "),
        Block.plain("byline", "Thu Hà (TTXVN)"),
    ),
)


def options(server, tmp_path, **overrides) -> Options:
    settings = dict(provider="libre", provider_url=server.url, cache_dir=str(tmp_path / "cache"), jobs=1,
                    timeout=2.0)
    settings.update(overrides)
    return Options(**settings)


def test_segments_have_stable_ids_and_skip_bylines():
    segments = article_segments(ARTICLE)
    assert [(s.id, s.kind) for s in segments] == [("title", "title"), ("b1", "lead"), ("b2", "paragraph"),
                                                   ("b3", "caption")]
    assert segments[2].source == "Tổng Bí thư Nguyễn Phú Trọng chủ trì."


def test_translated_article(translation_server, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = translate_article(ARTICLE, options(translation_server, tmp_path))
    translation = result.translation
    assert result.blocks == ARTICLE.blocks and result.title == ARTICLE.title  # the original is untouched
    assert (translation.source_lang, translation.target_lang, translation.provider) == ("vi", "en", "libre")
    assert translation.date == "2023-11-14"
    assert translation.title == "[en] the Politburo họp bàn nhân sự"
    assert [b.kind for b in translation.blocks] == ["lead", "paragraph", "caption", "paragraph", "byline"]
    assert translation.blocks[0].text == "[en] Sáng nay, the Politburo đã họp."
    assert translation.blocks[1].text == "[en] General Secretary Nguyễn Phú Trọng chủ trì."
    assert translation.blocks[1].runs[0].bold is False  # mixed emphasis is not carried over
    assert translation.blocks[2].runs[0].italic is True  # emphasis over the whole block is
    assert translation.blocks[3] is ARTICLE.blocks[3]  # empty: copied
    assert translation.blocks[4] is ARTICLE.blocks[4]  # byline: copied untranslated
    assert translation.states == () and translation.title_state == "machine"
    assert translation_server.count == 1


def test_translation_date_defaults_to_today(monkeypatch):
    import datetime

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert translation_date() == datetime.date.today().isoformat()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "not-a-number")
    assert translation_date() == datetime.date.today().isoformat()


def test_rerender_offline_from_the_cache(tmp_path):
    with TranslationServer() as server:
        settings = options(server, tmp_path)
        first = translate_article(ARTICLE, settings)
    # the server is gone: the cache alone answers
    second = translate_article(ARTICLE, settings, retry=RetryPolicy(attempts=1))
    assert second.translation.blocks == first.translation.blocks
    assert second.translation.title == first.translation.title
    with pytest.raises(TranslationError, match="cannot connect"):  # and something new would need the server
        translate_article(Article(title="Tin mới"), settings, retry=RetryPolicy(attempts=1))


def test_provider_failure_is_a_translation_error(translation_server, tmp_path):
    translation_server.script_from(1, 403, {"error": "Invalid API key"})
    with pytest.raises(TranslationError, match="LibreTranslate: Invalid API key"):
        translate_article(ARTICLE, options(translation_server, tmp_path))


def test_usage_errors():
    with pytest.raises(UsageError, match="both 'vi'"):
        Translator(Options(target_lang="vi", use_cache=False))
    with pytest.raises(UsageError, match="timeout"):
        Translator(Options(timeout=0, use_cache=False))


def test_review_round_trip_with_a_changed_source(translation_server, tmp_path, caplog):
    machine = translate_article(ARTICLE, options(translation_server, tmp_path))
    path = tmp_path / "review.json"
    write_segments(machine, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    for segment in document["segments"]:
        if segment["id"] == "b1":
            segment["target"] = "This morning the Politburo met."
        if segment["id"] == "title":
            segment["target"] = "Politburo discusses personnel"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    edited_article = Article(title=ARTICLE.title, blocks=(ARTICLE.blocks[0],
                                                          Block.plain("paragraph", "Tổng Bí thư phát biểu."),
                                                          *ARTICLE.blocks[2:]))
    reviewed = read_reviewed(path)
    assert [s.id for s in stale_segments(edited_article, reviewed)] == ["b2"]
    translation_server.reset()
    result = translate_article(edited_article, options(translation_server, tmp_path), reviewed=reviewed).translation
    assert result.title == "Politburo discusses personnel" and result.title_state == "edited"
    assert result.blocks[0].text == "This morning the Politburo met."
    assert result.blocks[1].text == "[en] General Secretary phát biểu."  # changed: translated again
    assert result.states == ("edited", "machine", "machine", "machine", "machine")  # b3 untouched: machine
    assert translation_server.count == 1  # only the changed paragraph went out
    assert "segment b2 changed since it was reviewed" in caplog.text


def test_sample_article_costs_one_request_and_keeps_official_names(tmp_path):
    text = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    article = Article(title=paragraphs[0].split("\n")[0][:120],
                      blocks=tuple(Block.plain("paragraph", p) for p in paragraphs[:-1])
                      + (Block.plain("byline", paragraphs[-1]),))
    with TranslationServer() as server:
        translated = translate_article(article, options(server, tmp_path)).translation
        assert server.count == 1
        sent = server.requests[0].json["q"]
    body = " ".join(b.text for b in translated.blocks)
    for english in ("Head of the Central Organisation Commission", "the Central Committee", "the Politburo",
                    "the Secretariat", "the 13th National Party Congress", "the 15th National Assembly",
                    "People's Council", "the Ministry of National Defence", "the Ministry of Public Security"):
        assert english in body, english
    assert body.count("Trương Thị Mai") == 3
    assert not any("Trương Thị Mai" in text or "Bộ Chính trị" in text for text in sent)  # protected
    assert translated.blocks[-1].text == "Hồ Nhi"


@pytest.mark.parametrize("jobs", [1, 3])
def test_corpus_article_second_run_is_free(tmp_path, jobs):
    corpus = ROOT.parent / "shared" / "corpus" / "articles" / "unc_news_business_014.txt"
    if not corpus.is_file():
        pytest.skip("shared corpus not available")
    lines = [line.strip() for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    article = Article(title=lines[0], blocks=tuple(Block.plain("paragraph", line) for line in lines[1:]))
    with TranslationServer() as server:
        with Translator(options(server, tmp_path, provider="mymemory", jobs=jobs)) as cold:
            cold.translate_article(article)
            cold_requests = cold.requests
        with Translator(options(server, tmp_path, provider="mymemory", jobs=jobs)) as warm:
            result = warm.translate_article(article)
            assert warm.requests == 0
    assert cold_requests == server.count > len(set(lines))  # MyMemory: a text over 499 bytes is cut
    assert max(len(r.query["q"][0].encode("utf-8")) for r in server.requests) <= 499
    assert all(block.text.startswith("[en]") or not any(c.isalpha() for c in block.text)
               for block in result.translation.blocks)


def test_empty_answer_is_logged_per_segment(tmp_path, caplog):
    caplog.set_level(logging.WARNING)
    with TranslationServer(lambda text: "") as server:
        result = translate_article(ARTICLE, options(server, tmp_path)).translation
    assert result.blocks[0].text == ARTICLE.blocks[0].text
    assert caplog.text.count("answered nothing") == 4


def _reviewed_file(server, tmp_path, edit, suffix=".json"):
    machine = translate_article(ARTICLE, options(server, tmp_path))
    path = tmp_path / f"review{suffix}"
    write_segments(machine, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    for segment in document["segments"]:
        edit(segment)
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path, document


def test_only_edited_or_marked_segments_count_and_the_notice_counts_the_files_units(translation_server, tmp_path):
    from exporter.render.layout import machine_notice

    def edit(segment):
        if segment["id"] == "b1":
            segment["target"] = "This morning the Politburo met."

    path, document = _reviewed_file(translation_server, tmp_path, edit)
    result = translate_article(ARTICLE, options(translation_server, tmp_path), reviewed=read_reviewed(path))
    translation = result.translation
    assert translation.states[0] == "edited" and set(translation.states[1:]) == {"machine"}
    assert translation.title_state == "machine"
    notice = machine_notice(translation)
    # 4 units: no byline, no empty block
    assert f"1 of {len(document['segments'])} segments edited by a person and not yet approved (marked ‡)" in notice
    from test_markdown import front_matter

    from exporter.render.markdown import render_markdown

    meta = front_matter(render_markdown(result, Options(layout="translation")))["translation"]
    assert (meta["edited_segments"], meta["approved_segments"], meta["segments"]) == (1, 0, len(document["segments"]))


def test_inserting_a_paragraph_keeps_every_reviewed_segment(translation_server, tmp_path, caplog):
    def edit(segment):
        segment["target"] = f"Reviewed {segment['id']}."

    path, _ = _reviewed_file(translation_server, tmp_path, edit)
    grown = Article(title=ARTICLE.title, blocks=(Block.plain("paragraph", "Đoạn mở đầu mới."), *ARTICLE.blocks))
    translation_server.reset()
    translation = translate_article(grown, options(translation_server, tmp_path),
                                    reviewed=read_reviewed(path)).translation
    assert [b.text for b in translation.blocks[:4]] == ["[en] Đoạn mở đầu mới.", "Reviewed b1.", "Reviewed b2.",
                                                        "Reviewed b3."]
    assert translation.states[:4] == ("machine", "edited", "edited", "edited") and translation.title_state == "edited"
    assert translation_server.count == 1 and "changed since" not in caplog.text


def test_a_file_without_status_is_compared_with_the_machine_translation(translation_server, tmp_path):
    def edit(segment):
        segment.pop("status")
        segment.pop("machine")
        if segment["id"] == "b3":
            segment["target"] = "The meeting."

    path, _ = _reviewed_file(translation_server, tmp_path, edit)
    translation = translate_article(ARTICLE, options(translation_server, tmp_path),
                                    reviewed=read_reviewed(path)).translation
    assert translation.states == ("machine", "machine", "edited", "machine", "machine")


def test_a_review_file_that_matches_nothing_warns_or_fails_when_strict(translation_server, tmp_path, caplog):
    path, _ = _reviewed_file(translation_server, tmp_path, lambda segment: None)
    other = Article(title="Bài khác hẳn", blocks=(Block.plain("paragraph", "Nội dung khác."),))
    with caplog.at_level(logging.WARNING):
        translation = translate_article(other, options(translation_server, tmp_path),
                                        reviewed=read_reviewed(path)).translation
    assert f"{path}: matches no segment of the article" in caplog.text
    assert translation.title == "[en] Bài khác hẳn"
    with pytest.raises(UsageError, match="matches no segment") as caught:
        translate_article(other, options(translation_server, tmp_path, strict=True), reviewed=read_reviewed(path))
    assert caught.value.exit_code == 2


def test_reviewed_segments_are_remembered_for_later_articles(translation_server, tmp_path):
    def edit(segment):
        if segment["id"] == "b1":
            segment["target"] = "This morning the Politburo met."

    path, _ = _reviewed_file(translation_server, tmp_path, edit)
    translate_article(ARTICLE, options(translation_server, tmp_path), reviewed=read_reviewed(path))
    later = Article(title="Tin sau", blocks=(Block.plain("paragraph", "Sáng nay,  Bộ Chính trị đã họp."),
                                             Block.plain("paragraph", "Câu mới.")))
    translation = translate_article(later, options(translation_server, tmp_path)).translation
    assert translation.blocks[0].text == "This morning the Politburo met."
    assert translation.states == ("edited", "machine")  # remembered with its state, never a higher one
    assert translation.blocks[1].text == "[en] Câu mới."
    # without the cache there is no memory either
    translation = translate_article(later, options(translation_server, tmp_path, use_cache=False)).translation
    assert translation.blocks[0].text.startswith("[en] ") and translation.states == ()


def test_provider_text_is_cleaned_like_input(tmp_path):
    nasty = "\x1b[31mred\x1b[0m \u202egnp.exe\u202c\x00 ok\u200b"
    with TranslationServer(transform=lambda text: nasty) as server:
        translation = translate_article(ARTICLE, options(server, tmp_path)).translation
    assert translation.title == "[31mred[0m gnp.exe ok"
    for text in [translation.title] + [b.text for b in translation.blocks[:3]]:
        assert not any(ord(ch) < 32 or ch in "\u202e\u202c\u200b" for ch in text)


def test_a_cat_tool_memory_is_remembered_whole(translation_server, tmp_path):
    memory = tmp_path / "cat.tmx"
    memory.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="vi" datatype="plaintext" '
        'segtype="paragraph" adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>'
        '<tu><tuv xml:lang="vi"><seg>Sáng nay, Bộ Chính trị đã họp.</seg></tuv>'
        '<tuv xml:lang="en"><seg>The Politburo met this morning.</seg></tuv></tu>'
        '<tu><tuv xml:lang="vi"><seg>Câu của bài khác.</seg></tuv>'
        '<tuv xml:lang="en"><seg>A sentence of another article.</seg></tuv></tu></body></tmx>', encoding="utf-8")
    first = translate_article(ARTICLE, options(translation_server, tmp_path), reviewed=read_reviewed(memory))
    assert first.translation.blocks[0].text == "The Politburo met this morning."
    later = Article(title="Bài khác", blocks=(Block.plain("paragraph", "Câu của bài khác."),))
    translation = translate_article(later, options(translation_server, tmp_path)).translation
    assert translation.blocks[0].text == "A sentence of another article." and translation.states == ("edited",)
