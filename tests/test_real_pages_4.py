"""The page rules of round four (issue 21), each on a real page: the fourteen pages held out in round 3b and revealed
at its end (Thời báo Kinh tế Sài Gòn 2018 and 2019, VietNamNet 2019, VnExpress 2018–2024, Bóng Đá 2017, Zing 2018,
Lao Động 2020, Thanh Niên 2019), read as saved. Each test fails with its rule switched off (tests/rule_mutations.py).
"""
from __future__ import annotations

from test_real_pages import BY_ID, _page_bytes, _read, _sub

from exporter.options import Options
from exporter.read.parse.html import parse_html
from exporter.read.parse.page_decode import page_text
from exporter.read.rules.page_meta import page_info


def _texts(article) -> list:
    return [b.text for b in article.blocks if b.kind != "image"]


def _paragraphs(article) -> list:
    return [b.text for b in article.blocks if b.kind == "paragraph"]


# --- a page that holds its story twice, in a table layout ------------------------------------------------------------

def test_a_page_set_in_layout_tables_is_an_article_not_a_listing():
    # Saigon Times 2018: the menu links in the mobile copy's table cells have the story's <div> as their nearest block;
    # taken for a teaser, the whole story counted as teaser text and the page was refused as "no article found"
    article = _read("saigontimes_2018")
    assert article.title == "Báo giấy vẫn thú vị!"
    assert len(_paragraphs(article)) == 4


def test_the_head_repeated_inside_the_story_box_is_dropped():
    # Saigon Times 2018 repeats its head inside the story's box, before the sapo: the mobile byline, the headline
    # (p.SGTOTitle) and the byline again (p.SGTOAuthor, a CamelCase class naming the author)
    article = _read("saigontimes_2018")
    texts = _texts(article)
    assert article.blocks[0].kind == "lead" and texts[0].startswith("(TBKTSG) - Tôi là “fan” của")
    assert "Báo giấy vẫn thú vị!" not in texts and "Lê Ngọc Quỳnh" not in texts
    assert article.author == "Lê Ngọc Quỳnh"


def test_the_description_matches_the_sapo_despite_a_stray_space():
    # the description reads "… Sài Gòn . Tôi thích …" where the sapo reads "… <em>Sài Gòn</em>. Tôi thích …"
    article = _read("saigontimes_2018")
    assert "Sài Gòn. Tôi thích" in article.lead
    assert not any(text.startswith("(TBKTSG) - Tôi là") for text in _paragraphs(article))


def test_the_footer_ends_the_story_and_the_second_copy_after_it():
    # Saigon Times 2018: extraction runs from the mobile copy into its footer ("Tổng biên tập: …", "Thư ký tòa soạn:
    # …"), then the desktop copy's section header, headline, byline and sidebar teasers ending in "..."
    article = _read("saigontimes_2018")
    body = " ".join(article.body)
    assert _paragraphs(article)[-1].startswith("Mong rằng vợ chồng cô chú bán báo")
    assert "Thư ký tòa soạn" not in body and "BẠN ĐỌC VIẾT" not in body and "(TBKTSG) - Không ít" not in body


def test_a_read_more_title_goes_with_its_links():
    # Saigon Times 2019 closes its story with "Mời đọc thêm:" over three links
    article = _read("saigontimes_2019")
    assert _paragraphs(article)[-1].startswith("Vào năm ngoái, tỉnh Lâm Đồng đón hơn 6,5 triệu")
    assert article.author == "Đào Loan" and "Đào Loan" not in _texts(article)


# --- headline, sapo and byline ---------------------------------------------------------------------------------------

def test_the_headline_shown_and_shared_wins_over_a_search_headline():
    # VnExpress 2024: the JSON-LD headline is written for search ("Giá vàng hôm nay: Vàng miếng về dưới 80 triệu sau
    # đề xuất bỏ độc quyền vàng miếng"); the <h1> and og:title read "Giá vàng miếng SJC tuột mốc 80 triệu đồng"
    assert _read("vnexpress_2024_vang").title == "Giá vàng miếng SJC tuột mốc 80 triệu đồng"


def test_a_description_cut_short_yields_to_the_whole_one():
    # Lao Động 2020: og:description stops at "… cựu chủ tịch Trần Văn Minh cho..." and the description meta gives
    # the sapo whole; the cut one only opened the first block, so no lead was given and the sapo stayed in the body
    article = _read("laodong_2020")
    assert article.lead.endswith("HĐXX cũng thẩm vấn bị cáo Minh về 5 khẩu súng.")
    assert _paragraphs(article)[0].startswith("Ngày 3.1, Tòa án Nhân dân thành phố Hà Nội")


def test_a_byline_marked_as_the_authors_mail_line_names_the_author():
    # VnExpress 2018: <p class="author_mail"><strong>Đức Hùng</strong><a class="email">…</a></p> after the article
    assert _read("vnexpress_2018").author == "Đức Hùng"


def test_a_margin_to_the_right_is_no_right_alignment():
    # Saigon Times 2018 spaces its section header's box with style="margin-right: 10px": no right-aligned byline
    html = _page_bytes(BY_ID["saigontimes_2018"])
    info = page_info(parse_html(page_text(html, "page", None, Options())[0], "page"), None)
    assert "lê ngọc quỳnh" in info.bylines and "__ bạn đọc viết" not in info.bylines


# --- captions -------------------------------------------------------------------------------------------------------

def test_a_tooltip_that_has_a_caption_is_no_photo_caption():
    # Thanh Niên 2019: <div class="ss-tooltip has-caption"><h4>Chức năng mới</h4><p>Trang tin tức cá nhân hoá …</p>
    # <a class="ss-close">Đóng</a></div> after the footer was put back among the story's captions
    article = _read("thanhnien_2019")
    assert not any("Trang tin tức cá nhân hoá" in caption for caption in article.captions)
    assert len(article.captions) == 3


def test_a_marked_caption_broken_into_lines_is_put_back_whole():
    # Thanh Niên 2019's main caption (div.imgcaption, its photo box dropped by extraction) with a line break put
    # before its credit, as many pages write it: the caption was recorded by its runs ("… Lotus Ảnh: CTV") and its
    # place by its text ("… LotusẢnh: CTV"), and putting it back failed with a KeyError
    article = _read("thanhnien_2019", _sub(r'(xương sống của mạng xã hội Lotus)(<div class="source">)', r"\1<br>\2", 1))
    assert "Bên cạnh người dùng, tin tức và nội dung là xương sống của mạng xã hội Lotus Ảnh: CTV" in article.captions


def test_a_marked_caption_keeps_its_credit_line_apart():
    # Thanh Niên 2019: <div class="imgcaption">… mạng xã hội Lotus<div class="source">Ảnh: CTV</div></div>
    caption = "Bên cạnh người dùng, tin tức và nội dung là xương sống của mạng xã hội Lotus Ảnh: CTV"
    assert caption in _read("thanhnien_2019").captions
