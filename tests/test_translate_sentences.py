"""The Vietnamese sentence splitter and the chunking of long segments."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from exporter.text.sentences import split_sentences
from exporter.translate.segment import chunk_text

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@pytest.mark.parametrize("text", [
    "Ông đến TP.HCM hôm qua.",
    "Đoàn công tác tới TP. Hà Nội làm việc.",
    "PGS.TS.BS Nguyễn Văn An phát biểu.",
    "ThS. Lê Thị Hoa cho biết như vậy.",
    "Mang theo táo, cam v.v. và nhiều thứ khác.",
    "Hôm 28/6 đoàn đã về.",
    "VN-Index đạt 1.312,76 điểm trong phiên.",
    "Cơ quan điều tra cho biết ông T. phải chịu trách nhiệm.",
    "Ông Nguyễn Văn A. Nguyễn là nhân chứng.",
])
def test_no_break_inside_abbreviations_numbers_and_initials(text):
    assert split_sentences(text) == [text]


def test_breaks_between_sentences_and_keeps_whitespace():
    text = "Câu thứ nhất. Câu thứ hai!  Câu thứ ba? 4 nội dung còn lại. “Trích dẫn” kết thúc."
    assert split_sentences(text) == [
        "Câu thứ nhất. ", "Câu thứ hai!  ", "Câu thứ ba? ", "4 nội dung còn lại. ", "“Trích dẫn” kết thúc."]


def test_breaks_after_newsroom_end_mark_even_when_glued():
    assert split_sentences("Hai bên nhất trí./. Thu Thủy/VOV online") == [
        "Hai bên nhất trí./. ", "Thu Thủy/VOV online"]
    assert split_sentences("Hai bên nhất trí./.Thu Thủy") == ["Hai bên nhất trí./.", "Thu Thủy"]


def test_quote_and_etc_before_a_capital_end_a_sentence():
    assert split_sentences('Ông nói: "Tốt." Sau đó ông đi.') == ['Ông nói: "Tốt." ', "Sau đó ông đi."]
    assert split_sentences("Có táo, cam v.v. Ngoài ra còn lê.") == ["Có táo, cam v.v. ", "Ngoài ra còn lê."]


def test_line_breaks_end_sentences():
    assert split_sentences("Dòng một\nDòng hai") == ["Dòng một\n", "Dòng hai"]


def test_empty():
    assert split_sentences("") == []


def test_corpus_round_trip_and_no_mid_word_break():
    articles = CORPUS / "articles"
    if not articles.is_dir():
        pytest.skip("shared corpus not available")
    total = 0
    for path in sorted(articles.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pieces = split_sentences(text)
        assert "".join(pieces) == text
        for left, right in zip(pieces, pieces[1:]):
            # every cut is after whitespace or right after the ./. end mark
            assert left[-1].isspace() or left.endswith("./."), (path.name, left[-20:], right[:20])
        for piece in pieces:  # never a cut right after a title or place abbreviation
            assert not re.search(r"(?<!\w)(TP|Tp|PGS|GS|TS|ThS|BS)\.\s*$", piece), (path.name, piece[-30:])
        total += len(pieces)
    assert total > 250  # 13 articles, a few thousand words: real splitting happened


def test_chunk_text_packs_sentences_under_the_limit():
    sentence = "Đây là một câu tiếng Việt khá dài để thử việc chia đoạn. "
    text = sentence * 40
    chunks = chunk_text(text, 499)
    assert len(chunks) == 5  # 40 × 57 characters, 8 sentences a chunk
    for chunk, _separator in chunks:
        assert len(chunk) <= 499
        assert chunk.endswith(".")
    assert " ".join(chunk for chunk, _ in chunks) == text.strip()
    assert chunks[-1][1] == ""


def test_chunk_text_short_text_is_one_chunk():
    assert chunk_text("  Ngắn thôi.  ", 100) == [("Ngắn thôi.", "")]
    assert chunk_text("   ", 100) == []


def test_chunk_text_cuts_an_overlong_sentence_between_words():
    text = " ".join(["từ"] * 400)  # one 1,199-character sentence, no full stop
    chunks = chunk_text(text, 100)
    assert all(len(chunk) <= 100 for chunk, _ in chunks)
    assert all(chunk.split() == ["từ"] * len(chunk.split()) for chunk, _ in chunks)  # no word cut
    assert sum(len(chunk.split()) for chunk, _ in chunks) == 400
