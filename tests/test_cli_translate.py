"""Translation through the command line, against a LibreTranslate-compatible server on 127.0.0.1."""
from __future__ import annotations

import csv
import json
import re

from conftest import EXAMPLE, pdf_text, squash
from test_markdown import front_matter


def libre(server, cache):
    return ["--translate", "--provider", "libre", "--provider-url", server.url, "--cache-dir", cache]


def test_render_translation_then_cached_offline(run_cli, tmp_path, translation_server):
    out = tmp_path / "out"
    cache = tmp_path / "cache"
    result = run_cli("render", EXAMPLE, "-o", out, *libre(translation_server, cache))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["article.en.md", "article.en.pdf"]
    first = translation_server.count
    assert 1 <= first <= 3  # batched: a handful of requests, not one per sentence
    text = squash(pdf_text((out / "article.en.pdf").read_bytes()))
    assert squash("Machine translation (vi → en) by LibreTranslate") in text
    assert squash("Head of the Central Organisation Commission") in text  # the glossary term
    meta = front_matter((out / "article.en.md").read_text(encoding="utf-8"))
    assert meta["translation"]["machine"] is True and meta["translation"]["provider"] == "libre"
    # the same article again: zero requests, even with the server gone
    options = libre(translation_server, cache)
    translation_server.stop()
    result = run_cli("render", EXAMPLE, "-o", out, "--layout", "bilingual", *options)
    assert result.exit_code == 0, result.stderr
    assert (out / "article.vi-en.pdf").exists() and (out / "article.vi-en.md").exists()
    assert translation_server.count == first


def test_provider_error_exit_4_and_nothing_written(run_cli, tmp_path, translation_server):
    translation_server.script_from(1, status=400, body={"error": "vi is not supported"})
    out = tmp_path / "out"
    result = run_cli("render", EXAMPLE, "-o", out, *libre(translation_server, tmp_path / "cache"))
    assert result.exit_code == 4
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert errors and "LibreTranslate: vi is not supported" in errors[0] and str(EXAMPLE) in errors[0]
    assert "Traceback" not in result.stderr
    assert not out.exists() or list(out.iterdir()) == []


def test_failure_midway_resumes_from_cache(run_cli, tmp_path, translation_server):
    article = tmp_path / "dai.txt"
    paragraphs = [f"Đoạn số {i}: Bộ Chính trị và Ban Bí thư chỉ đạo triển khai Nghị quyết." for i in range(80)]
    article.write_text("Tiêu đề bài dài\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    out = tmp_path / "out"
    translation_server.script(2, status=403, body={"error": "Invalid API key"})
    result = run_cli("render", article, "-o", out, "--jobs", "1", *libre(translation_server, cache))
    assert result.exit_code == 4 and "LibreTranslate: Invalid API key" in result.stderr
    assert not out.exists() or list(out.iterdir()) == []
    failed_at = translation_server.count
    assert failed_at == 2
    translation_server.reset()
    result = run_cli("render", article, "-o", out, "--jobs", "1", *libre(translation_server, cache))
    assert result.exit_code == 0, result.stderr
    total_batches = translation_server.count + 1  # the first batch came from the cache
    assert translation_server.count >= 1 and total_batches >= 3
    assert (out / "dai.en.pdf").exists()


def test_review_workflow(run_cli, tmp_path, translation_server):
    cache = tmp_path / "cache"
    segments = tmp_path / "article.json"
    common = ["--provider", "libre", "--provider-url", translation_server.url, "--cache-dir", cache]
    result = run_cli("translate", EXAMPLE, "-o", segments, *common)
    assert result.exit_code == 0, result.stderr
    data = json.loads(segments.read_text(encoding="utf-8"))
    records = data["segments"] if isinstance(data, dict) else data
    title = next(r for r in records if r["id"] == "title")
    assert title["source"].startswith("Ban tổ chức các tỉnh") and title["target"]
    # a person reviews the headline
    title["target"] = "Provincial organisation boards put the 13th Congress resolution into practice"
    segments.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("render", EXAMPLE, "-o", out, "--translations", segments, *common)
    assert result.exit_code == 0, result.stderr
    md = (out / "article.en.md").read_text(encoding="utf-8")
    assert front_matter(md)["title"] == title["target"]
    assert re.search(r"# Provincial organisation boards .* ‡", md)  # edited, not approved
    assert front_matter(md)["translation"]["edited_segments"] == 1
    # the article changes after the review: the changed segment is reported and translated again
    changed = tmp_path / "article.txt"
    changed.write_text(EXAMPLE.read_text(encoding="utf-8").replace("Hội nghị giao ban trực tuyến các tỉnh, thành phố "
                                                                   "khu vực miền Bắc đánh giá",
                                                                   "Hội nghị giao ban trực tuyến đánh giá"),
                       encoding="utf-8")
    result = run_cli("render", changed, "-o", out, "--translations", segments, *common)
    assert result.exit_code == 0
    assert "changed since" in result.stderr


def test_unknown_provider_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("render", EXAMPLE, "-o", tmp_path, "--translate", "--provider", "babelfish")
    assert result.exit_code == 2
    assert "babelfish" in result.stderr and "Traceback" not in result.stderr


def test_review_file_for_another_article_warns_and_strict_exits_2(run_cli, tmp_path, translation_server):
    common = ["--provider", "libre", "--provider-url", translation_server.url, "--cache-dir", tmp_path / "cache"]
    other = tmp_path / "other.txt"
    other.write_text("Một bài khác\n\nNội dung hoàn toàn khác.\n", encoding="utf-8")
    segments = tmp_path / "other.csv"
    assert run_cli("translate", other, "-o", segments, *common).exit_code == 0
    out = tmp_path / "out"
    result = run_cli("render", EXAMPLE, "-o", out, "--translations", segments, *common)
    assert result.exit_code == 0, result.stderr
    assert f"{segments}: matches no segment of the article" in result.stderr
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "strict", "--translations", segments, "--strict", *common)
    assert result.exit_code == 2 and "matches no segment" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "strict").exists() or list((tmp_path / "strict").iterdir()) == []


def test_tmx_exchanges_the_translation_memory(run_cli, tmp_path, translation_server):
    import xml.etree.ElementTree as ET

    common = ["--provider", "libre", "--provider-url", translation_server.url, "--cache-dir", tmp_path / "cache"]
    memory = tmp_path / "memory.tmx"
    result = run_cli("translate", EXAMPLE, "-o", memory, *common)
    assert result.exit_code == 0, result.stderr
    tree = ET.parse(memory)
    tus = tree.getroot().findall("body/tu")
    assert tus and all(tu.find("prop").text == "machine" for tu in tus)
    # a CAT tool hands the memory back with the headline approved and edited
    first = tus[0]
    first.find("prop").text = "approved"
    first.findall("tuv")[1].find("seg").text = "Provincial boards put the resolution into practice"
    tree.write(memory, encoding="utf-8", xml_declaration=True)
    out = tmp_path / "out"
    result = run_cli("render", EXAMPLE, "-o", out, "-f", "md", "--translations", memory, *common)
    assert result.exit_code == 0, result.stderr
    md = (out / "article.en.md").read_text(encoding="utf-8")
    assert "# Provincial boards put the resolution into practice †" in md
    assert front_matter(md)["translation"]["approved_segments"] == 1
    # the approved headline is now in the memory: a fresh export carries it as approved, nothing else
    again = tmp_path / "again.tmx"
    assert run_cli("translate", EXAMPLE, "-o", again, *common).exit_code == 0
    statuses = [tu.find("prop").text for tu in ET.parse(again).getroot().findall("body/tu")]
    assert statuses[0] == "approved" and statuses.count("approved") == 1 and "edited" not in statuses


def test_english_and_names_options(run_cli, tmp_path, translation_server):
    out = tmp_path / "out"
    common = [*libre(translation_server, tmp_path / "cache"), "--format", "md", "-o", out]
    result = run_cli("render", EXAMPLE, *common, "--english", "us", "--names", "ascii")
    assert result.exit_code == 0, result.stderr
    text = (out / "article.en.md").read_text(encoding="utf-8")
    assert "Head of the Central Organization Commission Truong Thi Mai" in text
    assert "the Ministry of National Defense" in text and "Trương" not in text.split("original_title")[1][200:]
    result = run_cli("render", EXAMPLE, *common)  # the defaults: British spelling, names as written
    assert result.exit_code == 0, result.stderr
    text = (out / "article.en.md").read_text(encoding="utf-8")
    assert "Head of the Central Organisation Commission Trương Thị Mai" in text
    assert "the Ministry of National Defence" in text
    for option, value in (("--english", "au"), ("--names", "strip")):
        result = run_cli("render", EXAMPLE, *common, option, value)
        assert result.exit_code == 2 and option in result.stderr


def test_glossary_file_errors_name_the_line(run_cli, tmp_path, translation_server):
    glossary = tmp_path / "cat-export.csv"
    glossary.write_text("1,Ban Tổ chức Trung ương,Central Organisation Commission\n", encoding="utf-8")
    result = run_cli("render", EXAMPLE, *libre(translation_server, tmp_path / "cache"), "--glossary", glossary,
                     "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert "cat-export.csv" in result.stderr and "line 1" in result.stderr and "number" in result.stderr
    assert "Traceback" not in result.stderr and not list((tmp_path / "out").glob("*"))


def test_glossary_terms_that_could_not_be_applied_are_flagged_and_counted(run_cli, tmp_path):
    from libre_server import TranslationServer

    def loses_placeholders(text: str) -> str:  # and translates the terms its own way
        return "[en] " + re.sub(r"\{v\d+\}", "", text).replace("Ban Tổ chức Trung ương", "Organising Board")

    with TranslationServer(loses_placeholders) as server:
        common = ["--provider", "libre", "--provider-url", server.url, "--cache-dir", tmp_path / "cache"]
        review = tmp_path / "review.csv"
        result = run_cli("translate", EXAMPLE, "-o", review, *common)
        assert result.exit_code == 0, result.stderr
        rows = list(csv.DictReader(review.read_text(encoding="utf-8-sig").splitlines()))
        flagged = [row for row in rows if "glossary: the Central Organisation Commission" in row["check"]]
        assert flagged and all(row["status"] == "machine" for row in flagged)
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "--format", "md", "--translate", *common)
        assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out" / "article.en.md").read_text(encoding="utf-8")
    flagged_rows = sum(1 for row in rows if row["check"])
    assert f"The checks flagged {flagged_rows} of {len(rows)} segments" in text
    # each segment missing the term says so at the end of the brief, next to its mark
    assert text.count("glossary term missing: the Central Organisation Commission") == len(flagged)
    result = run_cli("render", EXAMPLE, "-o", tmp_path / "hidden", "--format", "md", "--translate", "--flags",
                     "hide", *common)
    hidden = (tmp_path / "hidden" / "article.en.md").read_text(encoding="utf-8")
    assert "[check" not in hidden and "glossary term missing" not in hidden
    assert f"The checks flagged {flagged_rows} of {len(rows)} segments, not yet approved by a person (not marked in " \
           "this brief)." in hidden


def test_a_brief_from_a_review_file_names_the_engine_the_file_records(run_cli, tmp_path, translation_server):
    """The notice names the engine and model that made the file's machine translation, not the default
    provider; segments translated afresh add the provider that translated them."""
    import dataclasses

    from exporter import Options, read_article
    from exporter.model import Translation
    from exporter.translate import article_segments, read_reviewed, write_segments

    article = read_article(EXAMPLE, Options())
    segments = article_segments(article)
    texts = {s.id: f"English of {s.id}" for s in segments}
    blocks = article.blocks
    translated = dataclasses.replace(article, translation=Translation(
        source_lang="vi", target_lang="en", provider="openai", model="qwen2.5:7b", date="2026-11-27",
        title=texts["title"], segments=len(segments),
        blocks=tuple(type(b).plain(b.kind, texts.get(f"b{i + 1}", b.text)) for i, b in enumerate(blocks))))
    notices = {}
    for suffix in (".json", ".xlf", ".csv", ".tmx"):
        path = tmp_path / f"reviewed{suffix}"
        write_segments(translated, path)
        assert {u.engine for u in read_reviewed(path).units} == {"openai (qwen2.5:7b)"}, suffix
        out = tmp_path / suffix[1:]
        # no --provider: the default (Google) is never named, and never called (every segment is in the file)
        result = run_cli("render", EXAMPLE, "-o", out, "-f", "md", "--translations", path, "--no-cache")
        assert result.exit_code == 0, result.stderr
        notices[suffix] = front_matter((out / "article.en.md").read_text(encoding="utf-8"))["translation"]["notice"]
    for notice in notices.values():
        assert "by a language model (qwen2.5:7b) on" in notice and "Google" not in notice
    # one segment left out of the file: translated now by the provider given, and both are named
    data = json.loads((tmp_path / "reviewed.json").read_text(encoding="utf-8"))
    data["segments"] = [s for s in data["segments"] if s["id"] != "b3"]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "partial"
    result = run_cli("render", EXAMPLE, "-o", out, "-f", "md", "--translations", partial, "--no-cache",
                     "--provider", "libre", "--provider-url", translation_server.url)
    assert result.exit_code == 0, result.stderr
    notice = front_matter((out / "article.en.md").read_text(encoding="utf-8"))["translation"]["notice"]
    assert "by a language model (qwen2.5:7b) and LibreTranslate on" in notice
    assert translation_server.count == 1
