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
    ("Doanh thu đạt 1.312,76 tỷ đồng.", "Revenue reached 1.312,76 billion dong."),  # kept as written
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
])
def test_missing_or_changed_numbers_are_flagged(source, target, expected):
    assert flags(source, target) == expected


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
    assert flags(source, "Fuel prices rose.").startswith("short: ")
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
