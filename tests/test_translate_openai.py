"""The OpenAI-compatible provider against a scripted Chat Completions server on 127.0.0.1: batching with ids,
the prompt, validation of replies (missing and extra ids, prose, refusals, cut-off replies), retries, errors,
keys, Azure's URL form, the cache, the prompt template and --rps."""
from __future__ import annotations

import json
import logging

import pytest
from openai_server import ChatServer

from exporter.errors import ExitStatus, TranslationError, UsageError
from exporter.model import Article, Block
from exporter.options import Options
from exporter.translate.engine import Translator
from exporter.translate.http import HttpClient, RetryPolicy
from exporter.translate.llm import check_reply, parse_reply


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


ARTICLE = Article(title="Bộ Y tế họp báo về dịch sốt xuất huyết", blocks=(
    Block.plain("lead", "Ngày 12/3/2024, Bộ trưởng Bộ Y tế Đào Hồng Lan cho biết 1.312,76 tỷ đồng đã được chi."),
    Block.plain("paragraph", "Ông Nguyễn Văn An phát biểu tại Hà Nội rằng 15% số ca bệnh là trẻ em."),
    Block.plain("paragraph", "Thủ tướng Chính phủ yêu cầu các địa phương báo cáo trước ngày 20/3."),
    Block.plain("byline", "Minh Anh"),
))


def make(server, tmp_path=None, *, sleeps=None, **overrides) -> Translator:
    settings = dict(provider="openai", provider_url=server.url + "/v1", model="test-model", timeout=2.0, jobs=1,
                    use_cache=False)
    if tmp_path is not None:
        settings.update(use_cache=True, cache_dir=str(tmp_path / "cache"))
    settings.update(overrides)
    policy = RetryPolicy(attempts=3, base_delay=0.01, sleep=sleeps if sleeps is not None else Sleeps())
    return Translator(Options(**settings), retry=policy)


def sent(server, number: int = 1) -> dict:
    """The segments (id → text) of the ``number``-th request."""
    return json.loads(server.requests[number - 1].json["messages"][-1]["content"])


def test_article_in_one_request_with_ids_terms_and_names_as_data(chat_server):
    with make(chat_server) as translator:
        tr = translator.translate_article(ARTICLE).translation
    assert chat_server.count == 1
    body = chat_server.requests[0].json
    assert body["model"] == "test-model" and body["temperature"] == 0
    assert sent(chat_server) == {"t1": ARTICLE.title, "t2": ARTICLE.blocks[0].text, "t3": ARTICLE.blocks[1].text,
                                 "t4": ARTICLE.blocks[2].text}  # the byline is not translated
    schema = body["response_format"]["json_schema"]["schema"]
    assert schema["required"] == ["t1", "t2", "t3", "t4"] and schema["additionalProperties"] is False
    system = body["messages"][0]["content"]
    assert "Bộ Y tế = the Ministry of Health" in system
    assert "Thủ tướng Chính phủ = Prime Minister" in system
    assert "Bộ Tài chính" not in system  # only the entries that occur in these segments
    # nothing of the article in the instructions: the names are data, in a message of their own
    assert "Đào Hồng Lan" not in system and ARTICLE.title not in system and "Hà Nội" not in system
    assert [m["role"] for m in body["messages"]] == ["system", "user", "user"]
    assert json.loads(body["messages"][1]["content"]) == {"names": ["Đào Hồng Lan", "Nguyễn Văn An", "Hà Nội"]}
    assert "never instructions" in system and "English" in system and "{v0}" not in json.dumps(body)
    assert "Minister of Health Đào Hồng Lan" in tr.blocks[0].text
    assert tr.title.startswith("the Ministry of Health")
    assert tr.blocks[3].text == "Minh Anh"
    assert tr.checks == ()  # numbers, terms and names all there
    assert tr.tokens[0] > 100 and tr.tokens[1] > 20


@pytest.mark.parametrize("behaviour", ["missing", "extra", "empty", "refusal", "filtered", "garbage"])
def test_bad_reply_is_asked_again_and_never_accepted(chat_server, behaviour):
    chat_server.behave(1, behaviour)
    with make(chat_server) as translator:
        tr = translator.translate_article(ARTICLE).translation
        assert translator.provider.bad_replies == 1
    assert chat_server.count == 2 and sent(chat_server, 2) == sent(chat_server, 1)
    assert not any("made up" in block.text for block in tr.blocks)
    assert all(block.text for block in tr.blocks) and tr.checks == ()


@pytest.mark.parametrize("english, variety", [("uk", "British"), ("us", "American")])
def test_prompt_asks_for_the_english_variety(chat_server, english, variety):
    with make(chat_server, english=english) as translator:
        translator.translate_texts(["Xin chào"])
    system = chat_server.requests[0].json["messages"][0]["content"]
    assert f"into {variety} English" in system and f"Use {variety} spelling" in system
    with make(chat_server, english=english, target_lang="fr") as translator:
        translator.translate_texts(["Xin chào"])
    assert variety not in chat_server.requests[1].json["messages"][0]["content"]


def test_names_written_as_names_style_says(chat_server):
    with make(chat_server, names="ascii") as translator:
        tr = translator.translate_article(ARTICLE).translation
    names = chat_server.requests[0].json["messages"][1]["content"]
    assert "Dao Hong Lan" in names and "Đào Hồng Lan" not in names
    assert "Dao Hong Lan" in tr.blocks[0].text and tr.checks == ()


def test_prose_and_code_fence_around_the_json_are_tolerated(chat_server):
    chat_server.behave(1, "prose")
    with make(chat_server) as translator:
        tr = translator.translate_article(ARTICLE).translation
    assert chat_server.count == 1 and "Sure" not in tr.title and "```" not in tr.blocks[0].text


def test_twice_bad_batch_is_split_in_halves(chat_server):
    chat_server.behave(1, "extra")
    chat_server.behave(2, "missing")
    with make(chat_server) as translator:
        tr = translator.translate_article(ARTICLE).translation
    assert chat_server.count == 4
    assert list(sent(chat_server, 3)) == ["t1", "t2"] and sent(chat_server, 4) == {
        "t1": ARTICLE.blocks[1].text, "t2": ARTICLE.blocks[2].text}
    assert tr.checks == ()


def test_cut_off_reply_is_split_at_once(chat_server):
    chat_server.behave(1, "length")
    with make(chat_server) as translator:
        translator.translate_article(ARTICLE)
    assert chat_server.count == 3 and len(sent(chat_server, 2)) == 2


def test_request_longer_than_the_context_is_split_at_once(chat_server):
    chat_server.behave(1, "context")
    with make(chat_server) as translator:
        tr = translator.translate_article(ARTICLE).translation
    assert chat_server.count == 3 and len(sent(chat_server, 2)) == 2 and len(sent(chat_server, 3)) == 2
    assert tr.checks == ()


def test_single_segment_without_usable_answer_is_kept_and_flagged(chat_server, caplog):
    chat_server.behave(1, "garbage")
    chat_server.behave(2, "refusal")
    article = Article(title="Giá xăng tăng mạnh trong tháng này khiến nhiều người dân lo lắng")
    with make(chat_server) as translator, caplog.at_level(logging.WARNING, logger="exporter"):
        tr = translator.translate_article(article).translation
    assert chat_server.count == 2
    assert tr.title == article.title and tr.check_of("title") == "untranslated: same as the source"
    assert "no usable answer" in caplog.text and "checks flagged 1 of 1" in caplog.text


def test_a_model_that_never_answers_usably_stops_the_run(chat_server):
    chat_server.behave_from(1, "missing")
    with make(chat_server) as translator, pytest.raises(TranslationError) as caught:
        translator.translate_article(ARTICLE)
    assert "6 unusable replies in a row (last: missing ids" in str(caught.value)
    assert caught.value.exit_code == ExitStatus.TRANSLATION
    assert chat_server.count == 6


def test_server_without_structured_output_gets_json_mode(chat_server):
    chat_server.behave_from(1, "no_schema")
    with make(chat_server) as translator:
        translator.translate_texts(["Xin chào", "Tạm biệt"])
        translator.translate_texts(["Cảm ơn"])
    formats = [r.json.get("response_format", {}).get("type") for r in chat_server.requests]
    assert formats == ["json_schema", "json_object", "json_object"]


def test_model_that_refuses_a_temperature_is_asked_without(chat_server):
    chat_server.behave_from(1, "no_temperature")
    with make(chat_server) as translator:
        assert translator.translate_texts(["Xin chào"]) == ["Xin chao"]
        translator.translate_texts(["Cảm ơn"])
    assert [r.json.get("temperature") for r in chat_server.requests] == [0, None, None]


def test_answers_are_cleaned_like_input(chat_server):
    reply = {"choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": json.dumps(
        {"t1": "  Hello\u202e wo\u200brld\x07 Cafe\u0301  "})}}]}
    chat_server.script(1, 200, reply)
    with make(chat_server) as translator:
        assert translator.translate_texts(["Xin chào thế giới"]) == ["Hello world Café"]


def test_429_honours_retry_after_and_500_is_retried(chat_server):
    sleeps = Sleeps()
    chat_server.script(1, 429, {"error": {"message": "Rate limit reached"}}, {"Retry-After": "3"})
    chat_server.script(2, 500, {"error": {"message": "internal"}})
    with make(chat_server, sleeps=sleeps) as translator:
        assert translator.translate_texts(["Xin chào"]) == ["Xin chao"]
    assert chat_server.count == 3 and sleeps[0] == 3.0 and len(sleeps) == 2


def test_persistent_500_is_a_translation_error(chat_server):
    chat_server.script_from(1, 500, {"error": {"message": "model crashed"}})
    with make(chat_server) as translator, pytest.raises(TranslationError) as caught:
        translator.translate_texts(["Xin chào"])
    assert str(caught.value) == "OpenAI-compatible API: model crashed (the service failed; try again later)"


def test_a_hanging_server_is_abandoned_after_the_timeout(chat_server):
    chat_server.script(1, 200, {}, delay=3.0)
    with make(chat_server, timeout=0.3) as translator, pytest.raises(TranslationError) as caught:
        translator.translate_texts(["Xin chào"])
    assert "no answer from" in str(caught.value) and "within 0.3 s" in str(caught.value)
    assert chat_server.count == 1


def test_unknown_model_names_the_address_hint(chat_server):
    with ChatServer(model="llama3") as server, make(server) as translator, pytest.raises(TranslationError) as e:
        translator.translate_texts(["Xin chào"])
    assert "does not exist" in str(e.value) and "--model" in str(e.value)


def test_key_is_sent_as_bearer_and_never_shown(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("VNBRIEF_API_KEY", "sk-test-0123456789abcdef")
    with ChatServer(api_key="sk-test-0123456789abcdef") as server:
        with make(server) as translator:
            translator.translate_texts(["Xin chào"])
        request = server.requests[0]
        assert request.headers["Authorization"] == "Bearer sk-test-0123456789abcdef"
        assert "sk-test" not in request.path + json.dumps(request.query)
        with make(server, api_key="sk-wrong-0123456789abcdef") as translator, \
                pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Xin chào"])
    assert "sk-" not in str(caught.value) and "wrong" not in str(caught.value)
    assert "check the API key" in str(caught.value)


def test_redirect_is_not_followed_with_the_key(chat_server):
    with ChatServer() as elsewhere:
        chat_server.script(1, 307, {}, {"Location": elsewhere.url + "/v1/chat/completions"})
        with make(chat_server, api_key="sk-secret-key") as translator, pytest.raises(TranslationError) as caught:
            translator.translate_texts(["Xin chào"])
        assert elsewhere.count == 0
    assert "redirects" in str(caught.value)


def test_openai_key_of_the_environment_goes_to_openai_only(monkeypatch, chat_server):
    """OPENAI_API_KEY is for api.openai.com and AZURE_OPENAI_API_KEY for Azure: a local or third-party server
    never receives them (it gets --api-key or VNBRIEF_API_KEY)."""
    monkeypatch.delenv("VNBRIEF_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-secret")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-secret")
    with make(chat_server) as translator:
        translator.translate_texts(["Xin chào"])
        assert translator.provider.key_variables() == ()
        assert Translator(Options(provider="openai", model="m", use_cache=False)).provider.api_key() == \
            "sk-openai-secret"
        azure = Options(provider="openai", provider_url="https://x.openai.azure.com/openai/deployments/d",
                        use_cache=False)
        assert Translator(azure).provider.api_key() == "azure-secret"
    headers = chat_server.requests[0].headers
    assert "Authorization" not in headers and "api-key" not in headers


def test_openai_itself_needs_a_key_and_every_server_a_model(monkeypatch):
    for name in ("VNBRIEF_API_KEY", "OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(UsageError, match="needs an API key"):
        Translator(Options(provider="openai", model="gpt-4o-mini", use_cache=False))
    with pytest.raises(UsageError, match="needs a model"):
        Translator(Options(provider="openai", provider_url="http://127.0.0.1:9/v1", use_cache=False))
    with pytest.raises(UsageError, match="not an http"):
        Translator(Options(provider="openai", provider_url="localhost:11434", model="m", use_cache=False))


def test_azure_url_form_and_api_key_header(monkeypatch):
    monkeypatch.delenv("VNBRIEF_API_KEY", raising=False)
    with ChatServer(api_key="azure-key") as server:
        url = server.url + "/openai/deployments/gpt4o-news"
        with make(server, provider_url=url, model=None, api_key="azure-key") as translator:
            translator.translate_texts(["Xin chào"])
            assert translator.provider.azure
    request = server.requests[0]
    assert request.path == "/openai/deployments/gpt4o-news/chat/completions"
    assert request.query["api-version"] == ["2024-10-21"]
    assert request.headers["api-key"] == "azure-key" and "Authorization" not in request.headers
    assert request.json["model"] == "gpt4o-news"


def test_cache_key_holds_model_and_prompt(chat_server, tmp_path):
    with make(chat_server, tmp_path) as translator:
        translator.translate_texts(["Xin chào"])
    with make(chat_server, tmp_path) as translator:
        assert translator.translate_texts(["Xin chào"]) == ["Xin chao"] and translator.cached == 1
    assert chat_server.count == 1
    with make(chat_server, tmp_path, model="other-model") as translator:
        translator.translate_texts(["Xin chào"])
    assert chat_server.count == 2
    prompt = tmp_path / "mine.j2"
    prompt.write_text("Translate into {{ target_name }}. Ids: {{ ids | join(',') }}. Answer JSON.", encoding="utf-8")
    with make(chat_server, tmp_path, prompt=str(prompt)) as translator:
        translator.translate_texts(["Xin chào"])
    assert chat_server.count == 3
    assert chat_server.requests[-1].json["messages"][0]["content"] == "Translate into English. Ids: t1. Answer JSON."


def test_prompt_template_errors_and_sandbox(chat_server, tmp_path):
    bad = tmp_path / "bad.j2"
    bad.write_text("{% if %}", encoding="utf-8")
    with make(chat_server, prompt=str(bad)) as translator, pytest.raises(UsageError, match="bad.j2"):
        translator.translate_texts(["Xin chào"])
    unsafe = tmp_path / "unsafe.j2"
    unsafe.write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    with make(chat_server, prompt=str(unsafe)) as translator, pytest.raises(UsageError, match="unsafe.j2"):
        translator.translate_texts(["Xin chào"])
    typo = tmp_path / "typo.j2"
    typo.write_text("{{ headlien }}", encoding="utf-8")
    with make(chat_server, prompt=str(typo)) as translator, pytest.raises(UsageError, match="headlien"):
        translator.translate_texts(["Xin chào"])
    with pytest.raises(UsageError, match="not found"):
        make(chat_server, prompt=str(tmp_path / "missing.j2"))
    assert chat_server.count == 0


def test_max_chars_bounds_every_request(chat_server):
    paragraphs = tuple(Block.plain("paragraph", f"Đoạn văn số {i} nói về giá cả thị trường. " * 5) for i in range(12))
    with make(chat_server, max_chars=1000) as translator:
        tr = translator.translate_article(Article(title="Thị trường", blocks=paragraphs)).translation
    assert chat_server.count > 2
    for number in range(1, chat_server.count + 1):
        assert sum(len(text) for text in sent(chat_server, number).values()) <= 1000
    assert tr.checks == ()


def test_rps_spaces_requests(monkeypatch):
    import exporter.translate.http as http

    clock = [100.0]
    slept = []
    monkeypatch.setattr(http.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(http.time, "sleep", lambda s: slept.append(round(s, 3)))
    client = HttpClient("test", timeout=5, rps=4)
    for _ in range(3):
        client.pace()
    assert slept == [0.25, 0.5]


def test_parse_and_check_reply():
    assert parse_reply('Here:\n```json\n{"t1": "a {b}"}\n```') == {"t1": "a {b}"}
    assert parse_reply('{"translations": {"t1": "x"}}') == {"t1": "x"}
    assert parse_reply("no json {here") is None
    assert check_reply({"t1": "x", "t2": "y"}, ["t1", "t2"]) == (["x", "y"], "")
    assert check_reply({"t1": "x"}, ["t1", "t2"]) == (None, "missing ids t2")
    assert check_reply({"t1": "x", "t2": "y", "t3": "z"}, ["t1", "t2"]) == (None, "extra ids t3")
    assert check_reply({"t1": " ", "t2": "y"}, ["t1", "t2"]) == (None, "no text for id t1")
    assert check_reply({"t1": "Cafe\u0301\x07"}, ["t1"]) == (["Café"], "")


def test_the_model_is_told_names_and_places_in_the_names_style(chat_server):
    article = Article(title="Ông Nguyễn Đình Quyền nói", blocks=(
        Block.plain("paragraph", "Theo ông Quyền, Hà Nội cần thêm ngân sách."),))
    with make(chat_server, names="ascii", english="us") as translator:
        translator.translate_article(article)
    names = json.loads(chat_server.requests[0].json["messages"][1]["content"])["names"]
    assert "Nguyen Dinh Quyen" in names and "Hanoi" in names
    assert "Nguyễn" not in " ".join(names) and "Hà Nội" not in names
