"""The LibreTranslate client and the network behaviour around every provider: batching, errors, retries,
timeouts, concurrency, cache, failure halfway, placeholders. All against a server on 127.0.0.1."""
from __future__ import annotations

import logging
import re
import socket

import pytest
from libre_server import TranslationServer

from exporter.errors import ExitStatus, TranslationError
from exporter.options import Options
from exporter.translate.engine import Translator
from exporter.translate.http import RetryPolicy


class Sleeps(list):
    """Records the waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def make(server, tmp_path, *, retry=None, sleeps=None, **overrides) -> Translator:
    settings = dict(provider="libre", provider_url=server.url, cache_dir=str(tmp_path / "cache"), timeout=2.0,
                    jobs=1)
    settings.update(overrides)
    policy = retry or RetryPolicy(attempts=3, base_delay=0.01, sleep=sleeps if sleeps is not None else Sleeps())
    return Translator(Options(**settings), retry=policy)


TEXTS = ["Trời hôm nay đẹp.", "Giá xăng tăng mạnh.", "Đội tuyển thắng 2-0."]


def test_sends_a_list_in_one_request(translation_server, tmp_path):
    with make(translation_server, tmp_path) as translator:
        assert translator.translate_texts(TEXTS) == ["[en] " + text for text in TEXTS]
    assert translation_server.count == 1
    sent = translation_server.requests[0]
    assert sent.path == "/translate" and sent.method == "POST"
    assert sent.json == {"q": TEXTS, "source": "vi", "target": "en", "format": "text"}  # no api_key: none given


def test_api_key_from_option_and_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("VNBRIEF_API_KEY", raising=False)
    with TranslationServer(api_key="s3cret") as server:
        with make(server, tmp_path, api_key="s3cret", use_cache=False) as translator:
            assert translator.translate_texts(["Xin chào"]) == ["[en] Xin chào"]
        monkeypatch.setenv("VNBRIEF_API_KEY", "s3cret")
        with make(server, tmp_path, use_cache=False) as translator:
            assert translator.translate_texts(["Xin chào"]) == ["[en] Xin chào"]
        assert [r.json["api_key"] for r in server.requests] == ["s3cret", "s3cret"]
        monkeypatch.delenv("VNBRIEF_API_KEY")
        # LIBRE_API_KEY is kept for libretranslate.com: this server never sees it
        monkeypatch.setenv("LIBRE_API_KEY", "s3cret")
        with make(server, tmp_path, use_cache=False) as translator, pytest.raises(TranslationError):
            translator.translate_texts(["Xin chào"])
        assert "api_key" not in server.requests[-1].json
        monkeypatch.setenv("VNBRIEF_API_KEY", "wrong")
        with make(server, tmp_path, use_cache=False) as translator, pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Xin chào"])
    assert str(caught.value) == "LibreTranslate: Invalid API key (check the API key (--api-key))"
    assert caught.value.exit_code == ExitStatus.TRANSLATION == 4


def test_server_error_message_is_surfaced(tmp_path):
    with TranslationServer(languages=("en", "fr")) as server, make(server, tmp_path) as translator:
        with pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Xin chào"])
    assert str(caught.value) == "LibreTranslate: vi is not supported"
    assert server.count == 1  # a 400 is not retried


def test_429_honours_retry_after(translation_server, tmp_path):
    sleeps = Sleeps()
    translation_server.script(1, 429, {"error": "Slowdown: 30 per 1 minute"}, {"Retry-After": "7"})
    with make(translation_server, tmp_path, sleeps=sleeps) as translator:
        assert translator.translate_texts(["Xin chào"]) == ["[en] Xin chào"]
        assert translator.requests == 2
    assert sleeps == [7.0]


def test_5xx_retried_with_backoff_then_success(translation_server, tmp_path):
    sleeps = Sleeps()
    translation_server.script(1, 500, {"error": "Cannot translate text: out of memory"})
    translation_server.script(2, 503, "<html>Service Unavailable</html>")
    policy = RetryPolicy(attempts=4, base_delay=1.0, sleep=sleeps, random=lambda: 1.0)
    with make(translation_server, tmp_path, retry=policy) as translator:
        assert translator.translate_texts(["Xin chào"]) == ["[en] Xin chào"]
    assert sleeps == [1.0, 2.0]  # exponential: 1 s, then 2 s (jitter at its top here)
    assert translation_server.count == 3


def test_retries_are_capped(translation_server, tmp_path):
    sleeps = Sleeps()
    translation_server.script_from(1, 500, {"error": "Cannot translate text: model crashed"})
    with make(translation_server, tmp_path, sleeps=sleeps) as translator, pytest.raises(TranslationError) as caught:
        translator.translate_texts(["Xin chào"])
    assert translation_server.count == 3 and len(sleeps) == 2
    assert str(caught.value).startswith("LibreTranslate: Cannot translate text: model crashed")


def test_long_retry_after_gives_up_at_once(translation_server, tmp_path):
    sleeps = Sleeps()
    translation_server.script_from(1, 429, {"error": "Slowdown"}, {"Retry-After": "3600"})
    with make(translation_server, tmp_path, sleeps=sleeps) as translator, pytest.raises(TranslationError) as caught:
        translator.translate_texts(["Xin chào"])
    assert translation_server.count == 1 and sleeps == []
    assert "rate limited" in str(caught.value)


def test_hung_server_times_out(tmp_path):
    with TranslationServer(delay=1.5) as server:
        with make(server, tmp_path, timeout=0.3) as translator, pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Xin chào"])
        # one timeout, not retried: counted, not timed (a wall-clock bound failed on a loaded machine)
        assert server.count == 1 and translator.requests == 1
    assert re.fullmatch(r"LibreTranslate: no answer from http://127\.0\.0\.1:\d+ within 0\.3 s \(.*\)",
                        str(caught.value))


def test_refused_connection_is_a_translation_error(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps = Sleeps()
    options = Options(provider="libre", provider_url=f"http://127.0.0.1:{port}", use_cache=False, jobs=1)
    with Translator(options, retry=RetryPolicy(attempts=3, base_delay=0.01, sleep=sleeps)) as translator:
        with pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Xin chào"])
        assert translator.requests == 3
    assert str(caught.value).startswith(f"LibreTranslate: cannot connect to http://127.0.0.1:{port}")
    assert len(sleeps) == 2


@pytest.mark.parametrize("body, message", [
    ("<html><body>Bad gateway page</body></html>", "answered something that is not JSON"),
    ({"translatedText": ["only one"]}, "answered 1 translations for 2 texts"),
    ({"detail": "nothing here"}, "answered no translations for 2 texts"),
])
def test_unusable_answers(translation_server, tmp_path, body, message):
    translation_server.script(1, 200, body)
    with make(translation_server, tmp_path) as translator, pytest.raises(TranslationError, match=message):
        translator.translate_texts(["Một.", "Hai."])


def test_batches_respect_limits_and_cut_requests(translation_server, tmp_path):
    paragraphs = [f"Đoạn văn số {i} nói về tình hình kinh tế xã hội trong năm nay. " * 8 for i in range(12)]
    with make(translation_server, tmp_path, use_cache=False) as batched:
        batched.translate_texts(paragraphs)
        batched_requests = batched.requests
    with make(translation_server, tmp_path, use_cache=False) as single:
        single.provider.batch_items = 1
        single.translate_texts(paragraphs)
        single_requests = single.requests
    assert single_requests == 12
    per_request = 4000 // len(paragraphs[0].strip())  # 7 paragraphs of 503 characters
    assert batched_requests == -(-12 // per_request) == 2
    for record in translation_server.requests[:batched_requests]:
        assert sum(len(text) for text in record.json["q"]) <= 4000


def test_server_batch_limit_splits_the_batch(translation_server, tmp_path):
    translation_server.script(1, 400, {"error": "Invalid request: request (3) exceeds text limit (2)"})
    with make(translation_server, tmp_path) as translator:
        assert translator.translate_texts(TEXTS) == ["[en] " + text for text in TEXTS]
    assert [len(r.json["q"]) for r in translation_server.requests if r.path == "/translate"] == [3, 1, 2]


def test_concurrency_is_bounded_by_jobs(tmp_path):
    with TranslationServer(delay=0.15) as server:
        with make(server, tmp_path, jobs=2, use_cache=False) as translator:
            translator.provider.batch_items = 1
            result = translator.translate_texts([f"Câu số {i}." for i in range(8)])
        assert result == [f"[en] Câu số {i}." for i in range(8)]
        assert server.max_in_flight == 2
        assert server.count == 8


def test_second_run_makes_zero_requests(translation_server, tmp_path):
    with make(translation_server, tmp_path) as first:
        expected = first.translate_texts(TEXTS)
    with make(translation_server, tmp_path) as second:
        assert second.translate_texts(TEXTS) == expected
        assert second.requests == 0 and second.cached == 3
    assert translation_server.count == 1
    # another glossary version or another server is another cache entry
    glossary = tmp_path / "g.tsv"
    glossary.write_text("Giá xăng\tpetrol price\n", encoding="utf-8")
    with make(translation_server, tmp_path, glossary=str(glossary)) as third:
        third.translate_texts(TEXTS)
        assert third.requests == 1


def test_no_cache_leaves_no_file(translation_server, tmp_path):
    for _ in range(2):
        with make(translation_server, tmp_path, use_cache=False) as translator:
            translator.translate_texts(TEXTS)
    assert translation_server.count == 2
    assert not (tmp_path / "cache").exists()


def test_failure_midway_keeps_what_was_done_and_rerun_resumes(translation_server, tmp_path):
    texts = [f"Đoạn {i} về kinh tế." for i in range(5)]
    translation_server.script_from(3, 400, {"error": "Daily quota exceeded"})
    with make(translation_server, tmp_path) as translator:
        translator.provider.batch_items = 1
        with pytest.raises(TranslationError) as caught:
            translator.translate_texts(texts)
    assert str(caught.value) == "LibreTranslate: Daily quota exceeded"
    assert translation_server.count == 3  # stopped at the failure, nothing sent after it
    translation_server.reset()
    with make(translation_server, tmp_path) as rerun:
        rerun.provider.batch_items = 1
        assert rerun.translate_texts(texts) == ["[en] " + text for text in texts]
        assert rerun.cached == 2
    assert [r.json["q"] for r in translation_server.requests] == [[texts[2]], [texts[3]], [texts[4]]]


def test_failure_with_parallel_jobs_still_caches_finished_batches(tmp_path):
    texts = [f"Đoạn {i} về xã hội." for i in range(6)]
    with TranslationServer(delay=0.05) as server:
        server.script(4, 500, {"error": "boom"})
        server.script_from(5, 500, {"error": "boom"})
        with make(server, tmp_path, jobs=3, retry=RetryPolicy(attempts=1)) as translator:
            translator.provider.batch_items = 1
            with pytest.raises(TranslationError, match="boom"):
                translator.translate_texts(texts)
        sent_before = server.count
        server.reset()
        with make(server, tmp_path, jobs=3) as rerun:
            rerun.provider.batch_items = 1
            assert rerun.translate_texts(texts) == ["[en] " + text for text in texts]
            assert rerun.cached >= 3
        assert server.count == len(texts) - rerun.cached
    assert sent_before <= len(texts)


def test_mangled_placeholders_fall_back_to_unprotected_translation(tmp_path, caplog):
    def drops_placeholders(text: str) -> str:
        return "[en] " + re.sub(r"\{v\d+\}", "", text)

    source = "Bà Trương Thị Mai làm việc với Ban Tổ chức Trung ương."
    with TranslationServer(drops_placeholders) as server, make(server, tmp_path) as translator:
        caplog.set_level(logging.DEBUG, logger="exporter.translate")
        assert translator.translate_texts([source]) == [
            "[en] Bà Trương Thị Mai làm việc với the Central Organisation Commission."]
        first, second = (r.json["q"] for r in server.requests)
    assert first == ["Bà {v0} làm việc với {v1}."]
    assert second == [source]
    assert "placeholders" in caplog.text


def test_placeholders_survive_case_and_spacing_changes(tmp_path):
    with TranslationServer(lambda text: text.upper().replace("{V", "{ v ")) as server, \
            make(server, tmp_path) as translator:
        result = translator.translate_texts(["Bộ Chính trị họp với Tổng Bí thư Nguyễn Phú Trọng."])
        assert server.count == 1
    assert result == ["The Politburo HỌP VỚI General Secretary Nguyễn Phú Trọng."]


def test_empty_answer_keeps_the_source_with_a_warning(tmp_path, caplog):
    with TranslationServer(lambda text: "" if "trống" in text else "[en] " + text) as server:
        with make(server, tmp_path) as translator:
            assert translator.translate_texts(["Ô trống.", "Có chữ."]) == ["Ô trống.", "[en] Có chữ."]
            assert translator.unanswered == ["Ô trống."]
        assert "answered nothing" in caplog.text
        with make(server, tmp_path) as again:
            again.translate_texts(["Ô trống.", "Có chữ."])
            assert again.requests == 1 and again.cached == 1  # the empty answer was not cached


def test_texts_without_letters_and_only_terms_are_not_sent(translation_server, tmp_path):
    with make(translation_server, tmp_path) as translator:
        assert translator.translate_texts(["...", "2021", "Bộ Chính trị", "Trương Thị Mai"]) == [
            "...", "2021", "The Politburo", "Trương Thị Mai"]
    assert translation_server.count == 0
