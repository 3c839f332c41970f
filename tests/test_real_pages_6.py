"""The page rules of round six (issue 21), each on a real page: the ten pages held out in round five and revealed at
its end (Pháp Luật TP.HCM 2025 mobile, Báo Mới 2024, Thanh Niên 2024, VnExpress 2020 and 2021, Báo Đắk Lắk 2011,
2014 and 2019), read as saved or with one convention of theirs taken out. Each test fails with its rule switched off
(tests/rule_mutations.py).
"""
from __future__ import annotations

import json

from test_real_pages import BY_ID, _read, _sub, extract_eval


def _kinds(article, kind: str) -> list:
    return [b.text for b in article.blocks if b.kind == kind]


# --- captions --------------------------------------------------------------------------------------------------------

def test_captions_behind_invisible_characters_and_side_by_side_are_captions():
    # PLO 2025: a BOM (U+FEFF) pasted in each gallery's figures ran into its one figcaption, and two figures at the
    # end had their two captions run together into one paragraph by extraction
    article = _read("plo_2025_chinhtri")
    captions = [" ".join(c.replace("\ufeff", "").split()) for c in _kinds(article, "caption")]
    for caption in BY_ID["plo_2025_chinhtri"]["captions"]:
        assert caption in captions
    assert not any("Ảnh: THUẬN VĂN" in p or "Ảnh: QUỐC THANH" in p for p in _kinds(article, "paragraph"))


def test_a_photo_credit_beside_a_figcaption_is_no_paragraph():
    # Thanh Niên 2024: <figcaption>…</figcaption><div class="PhotoCMS_Author"><p>LÊ HOÀI NHÂN</p></div> in each figure
    for page_id, credit in (("thanhnien_2024_cauvuot", "LÊ HOÀI NHÂN"), ("thanhnien_2024", "NGỌC THẮNG")):
        article = _read(page_id)
        assert credit not in [b.text for b in article.blocks]
    assert len(_kinds(_read("thanhnien_2024_cauvuot"), "caption")) == 10


def test_a_gallery_after_a_story_of_loose_text_keeps_its_captions():
    # Báo Đắk Lắk 2011: ten photo tables in a div of their own after the story's div of loose text (runs between
    # <br><br>): a gallery with captions, not a photo story told under its photos
    article = _read("baodaklak_2011")
    assert len(_kinds(article, "caption")) == 10
    assert len(_kinds(article, "paragraph")) == 7


def test_the_judging_counts_a_caption_in_the_body_only_where_it_stands_as_text_of_its_own():
    caption_in = extract_eval._caption_in
    story = "Phút 70, Griezmann tạt dọn cỗ cho Messi đệm bóng gỡ hòa 1-1. Đây là bàn thứ 18 của Messi."
    assert not caption_in("Messi đệm bóng gỡ hòa.", story)  # words of a sentence of the story
    assert caption_in("Messi đệm bóng gỡ hòa.", "Messi đệm bóng gỡ hòa. " + story)  # opening the block
    assert caption_in("Đây là bàn thứ 18 của Messi", story)  # opening a sentence, closing the block
    assert caption_in("Các đại biểu dâng hương. Ảnh: QUỐC THANH",
                      "Ông Thông dâng hương. Ảnh: QUỐC THANH Các đại biểu dâng hương. Ảnh: QUỐC THANH")


# --- date ------------------------------------------------------------------------------------------------------------

def _without_metadata_dates(html: str) -> str:
    html = _sub(r'"datePublished":"[^"]*",', "")(html)
    return _sub(r'<meta property="article:published_time" content="[^"]*">', "")(html)


def test_a_time_element_in_utc_is_read_in_vietnam_time():
    # Báo Mới 2024 shows "16 giờ trước" in <time datetime="2024-05-08T12:52:00.000Z">: 19:52 in Vietnam, as the
    # JSON-LD says; without the metadata the time element alone gives the same moment in the readers' clock
    article = _read("baomoi_2024", _without_metadata_dates)
    assert article.date.startswith("2024-05-08T19:52") and article.date.endswith("+07:00")
    assert article.input.date_from == "date line"
    assert _read("baomoi_2024").date.startswith("2024-05-08T19:52")


# --- lead ------------------------------------------------------------------------------------------------------------

def test_a_description_that_copies_the_first_paragraph_is_no_sapo():
    # VnExpress Góc nhìn 2020: no sapo; the description is paragraph 1 (a p.Normal like every paragraph after it)
    article = _read("vnexpress_2020_gocnhin")
    assert article.lead == ""
    assert _kinds(article, "paragraph")[0] == BY_ID["vnexpress_2020_gocnhin"]["first_paragraph"]


def test_a_first_paragraph_set_apart_by_its_class_stays_the_sapo():
    # the rule's limit: the same page with paragraph 1 marked as the description (VnExpress's p.description) has a sapo
    article = _read("vnexpress_2020_gocnhin", _sub(r'<p class="Normal">(Thăm một huyện)', r'<p class="description">\1',
                                                   count=1))
    assert article.lead == BY_ID["vnexpress_2020_gocnhin"]["first_paragraph"]


def test_bold_set_by_an_inline_style_makes_the_sapo_and_the_sub_headings():
    # Báo Đắk Lắk 2011: <span style="font-weight: bold;"> opens the loose text; XinhXinh 2012's list titles likewise
    article = _read("baodaklak_2011")
    assert article.lead == BY_ID["baodaklak_2011"]["lead"]
    assert "1. Lựa chọn item \"đinh\"" in _kinds(_read("xinhxinh_2012"), "heading")


def test_bold_set_by_a_class_makes_sub_headings():
    # VietNamNet 2019: <p><span class="bold">Một số lưu ý</span></p> over the paragraphs it heads
    headings = _kinds(_read("vietnamnet_2019"), "heading")
    assert "Một số lưu ý" in headings and "Yêu cầu" in headings


def test_a_bold_sapo_over_a_story_that_opens_with_a_sub_heading():
    # Báo Đắk Lắk 2014: <strong>sapo…</strong> alone in a div, then "1. Giọng nói vô hình trong siêu thị" in bold
    article = _read("baodaklak_2014")
    assert article.lead == BY_ID["baodaklak_2014"]["lead"]
    assert _kinds(article, "heading")[0] == "1. Giọng nói vô hình trong siêu thị"


# --- author ----------------------------------------------------------------------------------------------------------

def test_an_author_box_gives_the_name_its_profile_link_holds():
    # VnExpress Góc nhìn 2020: <p class="author_name"><a href="…/tac-gia/…">Nguyễn Lân Hiếu</a><span>Bác sĩ</span>
    assert _read("vnexpress_2020_gocnhin").author == "Nguyễn Lân Hiếu"


def test_a_bracketed_credit_stays_with_the_byline_and_the_bold_name_over_it_is_the_byline():
    # Báo Đắk Lắk 2011 and 2014: the name in bold (read as a sub-heading), then "(Tổng hợp)" / "(Theo HSC – 11-2013)"
    for page_id, lines in (("baodaklak_2011", ["Giang Nam", "(Tổng hợp)"]),
                           ("baodaklak_2014", ["Duy Hùng", "(Theo HSC – 11-2013)"])):
        article = _read(page_id)
        assert _kinds(article, "byline") == lines
        assert article.author == BY_ID[page_id]["author"]
        assert lines[0] not in _kinds(article, "heading")


def test_the_labels_of_the_revealed_pages_name_no_story_text_as_clutter():
    # a label's must_not_contain that is also a phrase of the story can never be met (Thanh Niên 2024's tag)
    for page_id in ("thanhnien_2024_cauvuot", "thanhnien_2024_giausd", "plo_2025_phapluat", "plo_2025_chinhtri"):
        label = BY_ID[page_id]
        story = extract_eval.flat(json.dumps(label["body"], ensure_ascii=False)).casefold()
        assert not [c for c in label["must_not_contain"] if extract_eval.flat(c).casefold() in story]



_QUOTE = "Người dân chúng tôi bắt đầu buôn bán trở lại."


def test_a_figure_without_a_photo_keeps_its_text():
    # the credit rule's limits: a figure without a photo (a pull quote: <figure><p>…</p><figcaption>…) holds story
    # text, and so does a quote inside a photo's figure
    quote = f'<figure class="quote"><p>{_QUOTE}</p><figcaption>Ông Hồ Văn Chiến</figcaption></figure>'
    article = _read("thanhnien_2024_cauvuot", _sub(r"(ông Chiến nói\.</p>)", r"\1" + quote, count=1))
    assert any(_QUOTE in b.text for b in article.blocks)


def test_a_quote_inside_a_photos_figure_keeps_its_text():
    quote = f'<blockquote><p>{_QUOTE}</p></blockquote>'
    article = _read("thanhnien_2024_cauvuot", _sub(r'(<figcaption class="PhotoCMS_Caption">)', quote + r"\1", count=1))
    assert any(_QUOTE in b.text for b in article.blocks)
