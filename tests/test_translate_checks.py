"""Checks after translation (exporter.translate.checks), for every provider: numbers in either number format,
glossary terms, names, text left in Vietnamese, translations far shorter than their source."""
from __future__ import annotations

import csv
import io

import pytest

from exporter.model import Article, Block
from exporter.options import Options
from exporter.translate import translate_article, write_segments
from exporter.translate.checks import check_segment, format_flags
from exporter.translate.glossary import load_glossary
from exporter.translate.http import RetryPolicy

GLOSSARY = load_glossary()


def flags(source: str, target: str) -> str:
    return format_flags(check_segment(source, target, GLOSSARY))


@pytest.mark.parametrize("source, target", [
    ("Doanh thu đạt 1.312,76 tỷ đồng.", "Revenue reached VND1,312.76 billion."),
    ("Giá trị 1.000 tỷ đồng.", "Worth VND1 trillion."),  # the same amount, another scale word
    ("Lãi suất 2,5%.", "An interest rate of 2.5 percent."),
    ("Ngày 12/3/2024 có 3 người.", "On March 12, 2024, three people."),
    ("Tháng 12 năm 2021, dân số 98.500.000 người.", "In December 2021, a population of 98,500,000."),
    ("Đội U23 thắng 2-0.", "The U23 team won 2-0."),
])
def test_numbers_in_either_format_pass(source, target):
    assert flags(source, target) == ""


@pytest.mark.parametrize("source, target, expected", [
    ("Doanh thu đạt 1.312,76 tỷ đồng.", "Revenue reached VND1,312 billion.", "number: 1.312,76"),
    ("Lãi suất 2,5%.", "An interest rate of 25 percent.", "number: 2,5"),
    ("Có 1.500 người.", "There were 1.5 people.", "number: 1.500"),
    # counted: a number written twice must be there twice
    ("Bà Mão 65 tuổi, chồng bà cũng 65 tuổi.", "Mrs Mão, 65, and her husband, also aged.", "number: 65"),
    ("Năm 2020 tăng 5%, năm 2021 tăng 5%.", "Up 5% in 2020 and in 2021.", "number: 5"),
])
def test_missing_or_changed_numbers_are_flagged(source, target, expected):
    assert flags(source, target) == expected


@pytest.mark.parametrize("source, target, expected", [
    # left in Vietnamese form: an English reader reads 1,5 as fifteen and 2.000 as two
    ("Doanh thu đạt 1.312,76 tỷ đồng.", "Revenue reached 1.312,76 billion dong.", "vnform: 1.312,76"),
    ("Vốn 1,5 tỷ USD.", "Capital of 1,5 billion USD.", "vnform: 1,5"),
    ("Có 2.000 hộ dân.", "There are 2.000 households.", "vnform: 2.000"),
    ("Đại lễ 30/4 năm nay.", "This year's 30/4 celebration.", "vnform: 30/4"),
    ("Đạt 1/3 số phiếu.", "Won 1/3 of the votes.", ""),  # no date word before it: a fraction
    ("Sáng 30/4, lễ diễu binh bắt đầu.", "On the morning of 30/4, the parade began.", "vnform: 30/4"),
    ("Sáng 30/4, lễ diễu binh bắt đầu.", "On the morning of April 30, the parade began.", ""),
    ("Sáng 30/4, lễ diễu binh bắt đầu.", "On the morning of 30 April, the parade began.", ""),
    ("Sáng 30/4, lễ diễu binh bắt đầu.", "On the morning of 3 April, the parade began.", "number: 30; date: 30/4"),
    ("Ngày 2 tháng 10 năm 2020, hội nghị khai mạc.", "The conference opened on October 2, 2020.", ""),
    ("Ngày 2 tháng 10 năm 2020, hội nghị khai mạc.", "The conference opened on October 2.",
     "number: 2020; date: Ngày 2 tháng 10 năm 2020"),
])
def test_vietnamese_number_forms_and_dates(source, target, expected):
    assert flags(source, target) == expected


@pytest.mark.parametrize("source, target, expected", [
    ("Giải pháp nào để tháo gỡ khó khăn?", "Solutions to remove the difficulties.", "form: a question in the source"),
    ("Giải pháp nào để tháo gỡ khó khăn?", "What solutions can remove the difficulties?", ""),
    ("Thật tuyệt vời!", "Wonderful.", "form: an exclamation in the source"),
    # a short segment replaced by another text, far too short or far too long
    ("Trận đấu diễn ra đầy hấp dẫn", "HACKED", "length: 6 letters for 22: much shorter"),
    ("Trận đấu diễn ra đầy hấp dẫn", "The match was thrilling", ""),
    ("Du khách dần quay lại", "Visitors from the whole country came back to the old town as the government lifted",
     "length: 68 letters for 17: much longer"),
])
def test_form_and_length(source, target, expected):
    assert flags(source, target) == expected


def test_article_checks_find_duplicates_and_swaps():
    from exporter.translate.checks import check_article

    pairs = [("b1", "Giá vàng giảm 30.000 đồng.", "HACKED"), ("b2", "Giá dầu tăng mạnh.", "HACKED"),
             ("b3", "Năm 2020, GDP đạt 340,6 tỷ USD.", "In 2021, 12,000 people came."),
             ("b4", "Năm 2021, 12.000 người đến.", "In 2020, GDP reached USD340.6 billion.")]
    found = {sid: format_flags(f) for sid, f in check_article(pairs).items()}
    assert found == {"b1": "duplicate: same translation as b2", "b2": "duplicate: same translation as b1",
                     "b3": "misplaced: 2021 is in b4", "b4": "misplaced: 2020 is in b3"}


def test_fingerprint_of_a_reply():
    from exporter.translate.checks import fingerprint

    source = "Tổng vốn đầu tư của dự án khoảng 10.990 tỷ đồng bằng nguồn vốn hợp pháp của doanh nghiệp."
    assert fingerprint(source, "The project's total investment is about VND10,990 billion from the company's "
                               "own lawful capital.") == ""
    assert fingerprint(source, "HACKED") == "6 letters for 64"
    assert fingerprint(source, "Prices fell by 30,000 dong in the afternoon.",
                       ["Giá vàng giảm 30.000 đồng chiều nay."]) == "numbers of another text"


def test_glossary_terms_and_names():
    source = "Bộ trưởng Bộ Y tế Đào Hồng Lan làm việc với Bộ Tài chính."
    assert flags(source, "Minister of Health Đào Hồng Lan worked with the Ministry of Finance.") == ""
    assert flags(source, "The Health Minister Dao Hong Lan worked with the Finance Ministry.") == \
        "glossary: Minister of Health; name: Đào Hồng Lan; glossary: the Ministry of Finance"
    # "of Vietnam's Ministry of Finance": the article in front of a term may change
    assert "glossary" not in flags("Bộ Tài chính cho biết.", "Vietnam's Ministry of Finance said.")


def test_untranslated_and_short():
    source = "Giá xăng tăng mạnh trong tháng này khiến nhiều người dân lo lắng về chi phí sinh hoạt."
    assert flags(source, source) == "untranslated: same as the source"
    assert flags(source, "Giá xăng tăng mạnh this month.") == "untranslated: mostly Vietnamese"
    assert flags(source, "Fuel prices rose.") == "length: 14 letters for 68: much shorter"
    assert flags(source, "Fuel prices rose sharply this month, worrying many people about living costs.") == ""
    assert flags("Hà Nội", "Hanoi") == ""  # a short headline is never "short"
    # place names kept with their diacritics are not Vietnamese text
    assert flags("Mưa lớn tại Hà Nội, Hải Phòng và Quảng Ninh vào thứ Hai.",
                 "Heavy rain hit Hà Nội, Hải Phòng and Quảng Ninh on Monday.") == ""
    # a model that gave up half-way: the function words are still Vietnamese
    assert flags("Giá xăng tăng mạnh trong tháng này khiến nhiều người dân lo lắng về chi phí.",
                 "Fuel prices rose sharply trong tháng này khiến nhiều người lo lắng về chi phí.") == \
        "untranslated: mostly Vietnamese"


def test_every_provider_gets_the_checks_and_the_check_column(translation_server, tmp_path):
    """LibreTranslate (placeholders, no prompt) too: its "[en] …" echo of Vietnamese is flagged."""
    article = Article(title="Giá xăng tăng", blocks=(Block.plain("paragraph", "Giá xăng tăng 5%."),))
    translation_server.transform = lambda text: "Fuel prices rose." if "%" in text else "Fuel prices rise"
    options = Options(provider="libre", provider_url=translation_server.url, use_cache=False, jobs=1)
    result = translate_article(article, options, retry=RetryPolicy(attempts=1))
    assert result.translation.checks == (("b1", "number: 5"),)
    path = tmp_path / "review.csv"
    write_segments(result, path)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert [(r["id"], r["check"]) for r in rows] == [("title", ""), ("b1", "number: 5")]
    xliff = tmp_path / "review.xlf"
    write_segments(result, xliff)
    text = xliff.read_text(encoding="utf-8")
    assert '<note from="vnbrief-check" priority="1">Check: number: 5</note>' in text
    assert text.count("vnbrief-check") == 1
