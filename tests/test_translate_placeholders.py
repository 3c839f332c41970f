"""Placeholders as providers really return them, and the sentence-by-sentence retry before the fallback."""
from __future__ import annotations

import pytest
from libre_server import MANGLE_LOSES_FROM, TranslationServer, mangle_placeholders

from exporter.options import Options
from exporter.translate.engine import Translator
from exporter.translate.glossary import Glossary, load_glossary
from exporter.translate.http import RetryPolicy
from exporter.translate.placeholders import protect, restore

# twelve protected spans: placeholders {v0} … {v11}, the two-digit ones included
MANY = ("Bộ Y tế, Bộ Công an, Bộ Tư pháp, Bộ Xây dựng, Bộ Nội vụ, Bộ Tài chính, Bộ Ngoại giao, Bộ Quốc phòng, "
        "Bộ Công Thương, Ngân hàng Nhà nước, Thanh tra Chính phủ và Văn phòng Chính phủ họp.")


@pytest.fixture(scope="module")
def glossary():
    return load_glossary()


@pytest.mark.parametrize("variant", [
    "{ v 1 0 }", "{v 10}", "{ V10 }", "{{v10}}", "{V10}", "｛v10｝", "{v10", "v10}", "{{ v 1 0 }}",
])
def test_variants_of_a_two_digit_placeholder(glossary, variant):
    protected = protect(MANY, glossary)
    assert len(protected.spans) == 12
    answer = protected.text.replace("{v10}", variant)
    restored = restore(answer, protected)
    assert restored is not None
    assert "Government Inspectorate" in restored and "{" not in restored and "}" not in restored


def test_a_lost_or_invented_placeholder_is_still_detected(glossary):
    protected = protect(MANY, glossary)
    assert restore(protected.text.replace("{v10}", ""), protected) is None
    assert restore(protected.text + " {v12}", protected) is None
    assert restore(protected.text.replace("{v10}", "{v1}"), protected) is None


def make(server, tmp_path, glossary=None):
    options = Options(provider="libre", provider_url=server.url, cache_dir=str(tmp_path / "cache"), timeout=2.0,
                      jobs=1)
    return Translator(options, retry=RetryPolicy(attempts=1, base_delay=0.0), glossary=glossary)


def test_mangled_answers_are_restored_without_a_second_request(tmp_path):
    with TranslationServer(mangle_placeholders) as server, make(server, tmp_path) as translator:
        [result] = translator.translate_texts(["Bộ Chính trị họp với Tổng Bí thư Nguyễn Phú Trọng và Bộ Y tế."])
        assert server.count == 1
    assert result == ("[en] the Politburo họp với General Secretary Nguyễn Phú Trọng và the Ministry of "
                      "Health.")


def test_a_broken_chunk_is_retried_sentence_by_sentence(tmp_path):
    # one chunk, two sentences: together they hold enough placeholders for the provider to lose one
    first = "Bộ Y tế, Bộ Công an, Bộ Tư pháp và Bộ Xây dựng họp."
    second = "Bộ Nội vụ và Bộ Tài chính báo cáo."
    assert len(protect(first + " " + second, load_glossary()).spans) >= MANGLE_LOSES_FROM
    with TranslationServer(mangle_placeholders) as server, make(server, tmp_path) as translator:
        [result] = translator.translate_texts([first + " " + second])
        assert server.count == 2  # the chunk, then its two sentences in one request
        assert server.requests[1].json["q"] == ["{v0}, {v1}, {v2} và {v3} họp.", "{v0} và {v1} báo cáo."]
    assert result == ("[en] the Ministry of Health, the Ministry of Public Security, the Ministry of Justice và "
                      "the Ministry of Construction họp. [en] the Ministry of Home Affairs và the Ministry of "
                      "Finance báo cáo.")


def test_a_sentence_broken_again_falls_back_to_the_unprotected_text(tmp_path):
    def loses_everything(text: str) -> str:
        return "[en] " + text.replace("{v0}", "")

    names_only = Glossary([], names=True)
    with TranslationServer(loses_everything) as server, make(server, tmp_path, names_only) as translator:
        [result] = translator.translate_texts(["Ông Nguyễn Văn An đến. Bà Trần Thị Bình đi."])
        sent = [r.json["q"] for r in server.requests]
    assert sent == [["Ông {v0} đến. Bà {v1} đi."], ["Ông {v0} đến.", "Bà {v0} đi."],
                    ["Ông Nguyễn Văn An đến.", "Bà Trần Thị Bình đi."]]
    assert result == "[en] Ông Nguyễn Văn An đến. [en] Bà Trần Thị Bình đi."
