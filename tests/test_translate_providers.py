"""Google, MyMemory, DeepL and Microsoft adapters against the answer shapes those services really return,
served from 127.0.0.1; key lookup; the deep-translator routing; retry helpers."""
from __future__ import annotations

import email.utils
import time

import pytest
from libre_server import TranslationServer

from exporter.errors import TranslationError, UsageError
from exporter.options import Options
from exporter.translate import PROVIDERS
from exporter.translate.engine import Translator
from exporter.translate.http import HttpClient, RetryPolicy, retry_after_seconds
from exporter.translate.providers import DeepLProvider

FAST = RetryPolicy(attempts=2, base_delay=0.001, sleep=lambda seconds: None)


@pytest.fixture(autouse=True)
def _no_keys_from_the_environment(monkeypatch):
    for name in ("VNBRIEF_API_KEY", "DEEPL_API_KEY", "MICROSOFT_API_KEY", "MICROSOFT_REGION", "MYMEMORY_EMAIL",
                 "LIBRE_API_KEY"):
        monkeypatch.delenv(name, raising=False)


def make(server, provider, **overrides) -> Translator:
    settings = dict(provider=provider, provider_url=server.url, use_cache=False, timeout=2.0, jobs=1)
    settings.update(overrides)
    return Translator(Options(**settings), retry=FAST)


def test_registry_names():
    from exporter.options import PROVIDER_NAMES

    assert set(PROVIDERS) == {"google", "mymemory", "libre", "deepl", "microsoft", "openai"} == set(PROVIDER_NAMES)
    with pytest.raises(UsageError, match="provider cannot be 'yandex'"):  # refused when the options are made
        Translator(Options(provider="yandex", use_cache=False))


def test_google_scrapes_the_result_container(translation_server):
    with make(translation_server, "google") as translator:
        assert translator.translate_texts(["Xin chào", "Tạm biệt"]) == ["[en] Xin chào", "[en] Tạm biệt"]
    assert translation_server.count == 1  # joined, a line each
    first = translation_server.requests[0]
    assert (first.method, first.path) == ("GET", "/m")
    assert first.query == {"tl": ["en"], "sl": ["vi"], "q": ["Xin chào\nTạm biệt"]}


def test_google_long_paragraph_is_cut_under_4999_characters(translation_server):
    paragraph = "".join(f"Phiên {i}: chỉ số VN-Index tăng 1,2% lên 1.312,76 điểm hôm 28/6 tại TP.HCM. "
                        for i in range(180))  # 13,570 characters: three chunks
    with make(translation_server, "google") as translator:
        result = translator.translate_texts([paragraph])[0]
    sent = [r.query["q"][0] for r in translation_server.requests]
    assert len(sent) == 3
    assert all(len(text) <= 4999 for text in sent)
    assert all(text.endswith(".") for text in sent)  # cut between sentences
    assert result.count("[en] ") == 3
    assert result.replace("[en] ", "") == paragraph.strip().replace("TP.HCM", "Hồ Chí Minh City")


def test_google_errors_and_empty_pages(translation_server):
    translation_server.script_from(1, 500, "<html><title>Error 500 (Server Error)!!1</title></html>")
    with make(translation_server, "google") as translator, pytest.raises(TranslationError) as caught:
        translator.translate_texts(["Xin chào"])
    assert str(caught.value).startswith("Google Translate: HTTP 500")
    assert translation_server.count == 2  # retried once (FAST policy), then reported

    translation_server.reset()
    translation_server.script(1, 200, "<html><body><p>consent page</p></body></html>")
    with make(translation_server, "google") as translator:
        assert translator.translate_texts(["Xin chào"]) == ["Xin chào"]  # nothing found: source kept
        assert translator.unanswered == ["Xin chào"]


def test_google_hung_server_times_out():
    with TranslationServer(delay=1.0) as server, make(server, "google", timeout=0.3) as translator:
        with pytest.raises(TranslationError, match=r"Google Translate: no answer from .* within 0\.3 s"):
            translator.translate_texts(["Xin chào"])
        assert server.count == 1  # one timeout, not retried: counted, not timed


def test_mymemory_json_shape_and_language_codes(translation_server, monkeypatch):
    with make(translation_server, "mymemory", api_key="editor@example.org") as translator:
        assert translator.translate_texts(["Xin chào"]) == ["[en] Xin chào"]
    request = translation_server.requests[0]
    assert request.path == "/get"
    assert request.query["langpair"] == ["vi-VN|en-GB"]
    assert request.query["de"] == ["editor@example.org"]
    # MYMEMORY_EMAIL was set for MyMemory itself: another address (this server) never gets it
    monkeypatch.setenv("MYMEMORY_EMAIL", "editor@example.org")
    with make(translation_server, "mymemory") as translator:
        assert translator.translate_texts(["Tạm biệt"]) == ["[en] Tạm biệt"]
    assert "de" not in translation_server.requests[-1].query


def test_mymemory_cuts_at_500_bytes_not_characters(translation_server):
    paragraph = "".join(f"Câu số {i} là một câu tiếng Việt khá dài để thử việc chia đoạn. " for i in range(20))
    with make(translation_server, "mymemory") as translator:
        result = translator.translate_texts([paragraph])
    sizes = [len(r.query["q"][0].encode("utf-8")) for r in translation_server.requests]
    assert max(sizes) < 500 and len(sizes) >= 4  # 1,360 characters are 1,700 bytes
    assert result[0].count("Câu số") == 20
    # one "word" longer than the limit is cut at a character boundary, never inside a UTF-8 sequence
    translation_server.reset()
    with make(translation_server, "mymemory") as translator:
        translator.translate_texts(["ệ" * 400])
    assert max(len(r.query["q"][0].encode("utf-8")) for r in translation_server.requests) < 500


def test_mymemory_errors_inside_a_200_answer(translation_server):
    translation_server.script(1, 200, {
        "responseData": {"translatedText": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS FOR TODAY."},
        "quotaFinished": True, "responseDetails": "MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS "
        "FOR TODAY. NEXT AVAILABLE IN 10 HOURS", "responseStatus": 429, "matches": []})
    with make(translation_server, "mymemory") as translator, pytest.raises(TranslationError) as caught:
        translator.translate_texts(["Xin chào"])
    assert str(caught.value).startswith("MyMemory: MYMEMORY WARNING: YOU USED ALL AVAILABLE FREE TRANSLATIONS")
    assert "rate limited" in str(caught.value)


def test_deepl_batches_with_header_authentication(tmp_path):
    with TranslationServer(api_key="abc:fx") as server:
        with make(server, "deepl", api_key="abc:fx") as translator:
            assert translator.translate_texts(["Một.", "Hai.", "Ba."]) == ["[en] Một.", "[en] Hai.", "[en] Ba."]
        assert server.count == 1
        request = server.requests[0]
        assert (request.method, request.path) == ("POST", "/v2/translate")
        assert request.headers["Authorization"] == "DeepL-Auth-Key abc:fx"
        assert request.json == {"text": ["Một.", "Hai.", "Ba."], "source_lang": "VI", "target_lang": "EN-GB"}
        assert "auth_key" not in request.query

        with make(server, "deepl", api_key="wrong") as translator, pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Một."])
        assert str(caught.value) == "DeepL: Invalid auth key. (check the API key (--api-key))"

        server.script(server.count + 1, 403, "")
        with make(server, "deepl", api_key="abc:fx") as translator, pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Hai."])
        assert str(caught.value).startswith("DeepL: invalid API key")

        server.script(server.count + 1, 456, {"message": "Quota exceeded"})
        with make(server, "deepl", api_key="abc:fx") as translator, pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Ba."])
        assert str(caught.value) == "DeepL: quota exceeded for this billing period"


def test_deepl_key_lookup_and_endpoint(monkeypatch, translation_server):
    provider = DeepLProvider(Options(provider="deepl"), HttpClient("DeepL", timeout=5))
    with pytest.raises(UsageError) as caught:  # DeepL's own address: its own variable is offered
        provider.require_key()
    assert "DEEPL_API_KEY" in str(caught.value)
    monkeypatch.setenv("DEEPL_API_KEY", "from-env")
    assert provider.api_key() == "from-env"
    # another address (this server): DEEPL_API_KEY was kept for DeepL and is not sent there
    with make(translation_server, "deepl") as translator, pytest.raises(UsageError) as caught:
        translator.translate_texts(["Một."])
    assert "DEEPL_API_KEY is used for DeepL's own address only" in str(caught.value)
    assert translation_server.count == 0
    monkeypatch.setenv("VNBRIEF_API_KEY", "general")
    with make(translation_server, "deepl") as translator:
        translator.translate_texts(["Một."])
    assert translation_server.requests[0].headers["Authorization"] == "DeepL-Auth-Key general"
    assert provider.api_key() == "general"  # VNBRIEF_API_KEY before the provider's own variable
    assert provider.endpoint("k:fx") == "https://api-free.deepl.com"
    assert provider.endpoint("k") == "https://api.deepl.com"


def test_microsoft_headers_region_and_no_language_lookup(monkeypatch):
    monkeypatch.setenv("MICROSOFT_REGION", "southeastasia")
    with TranslationServer(api_key="ms-key") as server:
        with make(server, "microsoft", api_key="ms-key") as translator:
            assert translator.translate_texts(["Xin chào", "Cảm ơn"]) == ["[en] Xin chào", "[en] Cảm ơn"]
        assert server.count == 1  # both texts in one array; no extra request for the language list
        request = server.requests[0]
        assert (request.method, request.path) == ("POST", "/translate")
        assert request.query == {"api-version": ["3.0"], "from": ["vi"], "to": ["en"]}
        assert request.headers["Ocp-Apim-Subscription-Key"] == "ms-key"
        assert request.headers["Ocp-Apim-Subscription-Region"] == "southeastasia"
        assert request.json == [{"Text": "Xin chào"}, {"Text": "Cảm ơn"}]

        with make(server, "microsoft", api_key="bad-key") as translator, pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Xin chào"])
        assert str(caught.value) == ("Microsoft Translator: The request is not authorized because credentials are "
                                     "missing or invalid. (check the API key (--api-key))")
    with pytest.raises(UsageError, match="MICROSOFT_API_KEY"):
        with Translator(Options(provider="microsoft", use_cache=False)) as translator:
            translator.translate_texts(["Xin chào"])


def test_unsupported_language_for_google():
    with pytest.raises(UsageError, match="does not support"):
        with Translator(Options(provider="google", target_lang="xx", use_cache=False)) as translator:
            translator.translate_texts(["Xin chào"])


def test_deep_translator_calls_outside_vnbrief_are_untouched(translation_server):
    import deep_translator.google as module

    with make(translation_server, "google") as translator:
        translator.translate_texts(["Xin chào"])
        client = translator.provider.http
        before = client.requests
        # the routed module still works for anyone else, with requests' own behaviour
        response = module.requests.get(f"{translation_server.url}/m", params={"q": "x"})
        assert response.status_code == 200
        assert client.requests == before


def test_retry_after_parsing_and_backoff():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= retry_after_seconds(later) <= 31
    low = RetryPolicy(base_delay=1.0, max_delay=30.0, random=lambda: 0.0)
    high = RetryPolicy(base_delay=1.0, max_delay=30.0, random=lambda: 1.0)
    assert [low.backoff(n) for n in (1, 2, 3, 7)] == [0.5, 1.0, 2.0, 15.0]
    assert [high.backoff(n) for n in (1, 2, 3, 7)] == [1.0, 2.0, 4.0, 30.0]


def test_self_hosted_libre_with_a_lower_char_limit(tmp_path):
    paragraphs = ["".join(f"Đoạn {n}, câu {i}: nội dung khá dài để vượt giới hạn của máy chủ. " for i in range(12))
                  for n in range(3)]
    with TranslationServer(char_limit=300) as server:
        with make(server, "libre") as translator:
            result = translator.translate_texts(paragraphs)
        sent = [sum(len(q) for q in r.json["q"]) for r in server.requests if r.path == "/translate"]
        asked = [r for r in server.requests if r.path == "/frontend/settings"]
        assert len(asked) == 1 and sent[0] > 300 and max(sent[1:]) <= 300  # one refusal, then within the limit
        assert all(text.count("Đoạn") == 12 for text in result)
        server.reset()
        with make(server, "libre", max_chars=250) as translator:  # --max-chars: never asks, never refused
            translator.translate_texts(paragraphs)
        assert [r.path for r in server.requests if r.path != "/translate"] == []
        assert max(sum(len(q) for q in r.json["q"]) for r in server.requests) <= 250


def test_google_joins_texts_and_splits_them_back(translation_server):
    texts = [f"Câu số {i} về kinh tế." for i in range(30)]
    with make(translation_server, "google") as translator:
        assert translator.translate_texts(texts) == [f"[en] Câu số {i} về kinh tế." for i in range(30)]
    assert translation_server.count == 1
    assert translation_server.requests[0].query["q"][0] == "\n".join(texts)
    # lines run together: the count does not match, so each text goes on its own
    translation_server.reset()
    translation_server.google_keeps_lines = False
    with make(translation_server, "google") as translator:
        assert translator.translate_texts(texts[:3]) == [f"[en] Câu số {i} về kinh tế." for i in range(3)]
    assert translation_server.count == 1 + 3


def test_google_joined_request_refused_as_too_long_falls_back(translation_server):
    translation_server.script(1, 414, "<html>Request-URI Too Large</html>")
    with make(translation_server, "google") as translator:
        assert translator.translate_texts(["Một.", "Hai."]) == ["[en] Một.", "[en] Hai."]
    assert translation_server.count == 3


def test_microsoft_batches_an_array(monkeypatch):
    texts = [f"Đoạn {i}: tin tức trong nước." for i in range(150)]
    with TranslationServer(api_key="ms-key") as server:
        with make(server, "microsoft", api_key="ms-key") as translator:
            assert translator.translate_texts(texts) == ["[en] " + text for text in texts]
        assert [len(r.json) for r in server.requests] == [100, 50]
