"""The page rules of round 3b (issue 21), each on a real page: the pages held out in round three and revealed at its
end (24h, Ngôi Sao and VnExpress photo stories, VnExpress 2013, Teen9x, Xinhxinh, Tuổi Trẻ 2015), read as saved;
and, marked INJECTED, conventions no page of the set shows, put into a real page of the set (one outlet's way of
setting a byline, a caption or a sidebar, written into another outlet's real markup), as tests/test_real_pages.py
does. Each test fails with its rule switched off (tests/rule_mutations.py)."""
from __future__ import annotations

from test_real_pages import BY_ID, _chain, _page_bytes, _read, _sub, extract_eval

from exporter.read.rules.page_parts import credit_name


def _body_text(article) -> str:
    return " ".join(article.body)


def _paragraphs(article) -> list:
    return [b.text for b in article.blocks if b.kind == "paragraph"]


# --- layout tables and photo stories -------------------------------------------------------------------------------

def test_a_layout_table_is_read_cell_by_cell():
    # 24h 2012 sets its whole page in one table: the story's cell holds the headline, the sapo and the photo story,
    # the next cell a sidebar; read row by row, the row was one paragraph of every cell's text joined by " | "
    article = _read("24h_2012_photo")
    assert not any(" | " in text for text in article.body)
    assert _paragraphs(article)[0].startswith("Có khoảng 30.000 cư dân")
    assert extract_eval.score(article, BY_ID["24h_2012_photo"])["paragraphs"][0]


def test_a_story_told_only_under_its_photos_is_the_story_not_captions():
    # 24h 2012: each line of the story is a centred italic <p> under a photo <p>, and the box holds nothing else
    article = _read("24h_2012_photo")
    lines = ["Kim Sa-myeong đi tới phòng tắm.", "Căng-tin ở Làng Thi cử.",
             "Những sĩ tử tại Goshiwon đi bỏ phiếu sớm hôm 13/12."]
    assert all(line in article.body for line in lines)
    assert not any(line in article.captions for line in lines)


def test_the_cell_under_a_photo_in_a_photo_table_is_its_caption():
    # VnExpress 2013: <tr><td class="Image"><img></td></tr><tr><td class="Image">caption</td></tr> among the story's
    # paragraphs: a caption; Ngôi Sao 2012 sets its photo story in the same tables, with no paragraph besides them:
    # there the cells are the story
    article = _read("vnexpress_2013")
    caption = "Năm 2011, Đức sang Thái Lan dự giải rubic quốc tế. Chuyến đi này có cả bố mẹ cậu theo cùng."
    assert caption in article.captions and caption not in article.body
    assert len(article.captions) == 3
    story = _read("ngoisao_2012_photo")
    assert "Cô xinh tươi xuất hiện trong buổi đấu giá tranh từ thiện." in story.body and not story.captions


def test_text_before_the_headline_in_the_extracted_story_is_not_the_story():
    # 24h 2012: the layout cell opens with the thumbnail's line ("Tại một lớp học ở Goshiwon."), then the headline
    article = _read("24h_2012_photo")
    paragraphs = _paragraphs(article)
    assert paragraphs.count("Tại một lớp học ở Goshiwon.") == 1
    assert paragraphs.index("Tại một lớp học ở Goshiwon.") > paragraphs.index("Kim Sa-myeong đi tới phòng tắm.")


# --- the lead ------------------------------------------------------------------------------------------------------

def test_search_keywords_before_the_sapo_and_the_description_are_cut_off():
    # 24h 2012: the description reads "lo luyen thi cong chuc o han quoc - Làng Thi cử …", the sapo on the page
    # "(giao duc) - Làng Thi cử …": lower-case words without a Vietnamese letter, the address's slug and a section
    article = _read("24h_2012_photo")
    assert article.lead == BY_ID["24h_2012_photo"]["lead"]
    assert "giao duc" not in article.lead and "lo luyen" not in _body_text(article)
    # an outlet's own stamp is written as its name is, and stays ("(Dân trí) - UBND Hà Nội …")
    assert _read("dantri_2012").lead.startswith("(Dân trí) - ")


def test_the_sites_name_after_a_description_is_cut_off():
    # VnExpress 2014: "Chiều 1/5, danh ca … vào năm 2000. - VnExpress Giải Trí" (the og:site_name and <title> tail)
    assert _read("vnexpress_2014_photo").lead == BY_ID["vnexpress_2014_photo"]["lead"]


# --- the author ----------------------------------------------------------------------------------------------------

def test_theo_a_writer_and_the_outlets_in_brackets_credits_the_writer():
    # 24h 2012 closes the story with "Theo Sầm Hoa (Vietnamnet/Reuters)", then a rating widget and the sidebar's titles
    article = _read("24h_2012_photo")
    assert article.author == "Sầm Hoa" and article.byline == "Theo Sầm Hoa (Vietnamnet/Reuters)"
    assert credit_name("Theo Sầm Hoa (Vietnamnet/Reuters)") == "Sầm Hoa"
    assert credit_name("Theo Reuters (Mỹ)") == ""  # one word: a source
    assert credit_name("Theo bạn đọc (Hà Nội)") == ""  # not a name


def test_rating_widgets_and_archive_calendars_are_not_the_story():
    # 24h 2012: "(6816 bình chọn, 9/10 điểm)" under the byline, a calendar headed "CN | T2 | … | T7" below
    article = _read("24h_2012_photo")
    text = " ".join(b.text for b in article.blocks)
    assert "bình chọn" not in text and "T2 | T3" not in text


# --- the date ------------------------------------------------------------------------------------------------------

def test_the_date_line_shown_wins_over_metadata_giving_another_time():
    # 24h 2012: <meta itemprop="datePublished" content="2012-12-23T14:02+07:00">, and under the headline
    # "Thứ Hai, 24/12/2012, 03:04 AM (GMT+7)"
    article = _read("24h_2012_photo")
    assert (article.date, article.input.date_from) == ("2012-12-24T03:04+07:00", "date line")
    # a line that dates an update does not replace the publication the metadata gives
    updated = _read("24h_2012_photo", _sub(r'(<div class="publication_date">)', r"\1Cập nhật: ", 1))
    assert (updated.date, updated.input.date_from) == ("2012-12-23T14:02+07:00", "metadata")


# keep the imports used as the file grows
_ = (_chain, _page_bytes)


def test_a_signature_of_initials_keeps_its_dots():
    # Ngôi Sao 2012 signs its photo story "H.V." under a photo credit; the dots are part of the signature
    assert _read("ngoisao_2012_photo").author == "H.V."
    assert credit_name("P.V.") == "P.V." and credit_name("T.L") == "T.L"


def test_a_div_of_lines_keeps_its_first_line():
    # GenK 2012 sets its key points loose in a <div>, one a line ("- Amazon kiên nhẫn …<br>- Thành công …"):
    # trafilatura drops a <div>'s own text before its first child, so the first point was lost
    body = _body_text(_read("genk_2012"))
    assert '- Amazon kiên nhẫn để chờ cho các "cơn bão" đi qua.' in body
    assert "- Thành công của Amazon tới từ việc hạ gục" in body


def test_a_description_that_only_repeats_the_headline_is_no_sapo():
    # GenK 2012's description is its headline: as the lead it printed the headline twice
    article = _read("genk_2012")
    assert article.lead != article.title and "lão luyện" not in article.lead


def test_the_line_under_a_video_with_its_credit_is_a_caption():
    # VnExpress 2021 closes its story with a video: its poster in a player's box (icons, a hidden title) and, under
    # the box, "Tuần tra trong băng tuyết. Video: Đồn biên phòng Xín Cái", a caption credited as a photo's is
    article = _read("vnexpress_2021_photo")
    line = "Tuần tra trong băng tuyết. Video: Đồn biên phòng Xín Cái"
    assert line in article.captions and line not in article.body


# VnExpress 2014: extraction starts above the headline, at the share buttons (pictures without a declared size)
# and the "|" between them, then the headline itself; the photo story follows

def test_a_headline_kept_after_photos_is_not_printed_twice():
    article = _read("vnexpress_2014_photo")
    assert article.title == "Khánh Ly đến viếng mộ Trịnh Công Sơn"
    assert not [b for b in article.blocks if b.kind in ("heading", "paragraph") and b.text == article.title]


def test_share_and_print_buttons_are_not_photos():
    alts = [b.photo.alt for b in _read("vnexpress_2014_photo").blocks if b.photo is not None]
    assert not [alt for alt in alts if "Chia sẻ" in alt or alt == "Print"]


def test_a_separator_without_letters_is_no_caption_and_no_paragraph():
    article = _read("vnexpress_2014_photo")
    assert all(any(c.isalnum() for c in b.text) for b in article.blocks if b.text.strip())
