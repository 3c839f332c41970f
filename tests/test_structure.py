"""Finding headline, lead, captions, body and byline in plain text and Markdown."""
from __future__ import annotations

import json

import pytest
from conftest import EXAMPLE, corpus_dir

from exporter.options import Options
from exporter.pipeline import read_article

SAMPLE_TITLE = ("Ban tổ chức các tỉnh, thành ủy tích cực tham mưu cụ thể hóa, triển khai thực hiện "
                "Nghị quyết Đại hội XIII")


def test_sample_article_structure():
    article = read_article(EXAMPLE)
    assert article.title == SAMPLE_TITLE
    assert article.lead.startswith("Tại Hội nghị giao ban trực tuyến các tỉnh")
    assert article.lead.endswith("Nghị quyết Đại hội XIII của Đảng.")
    assert len(article.captions) == 1
    assert article.captions[0].startswith("Hội nghị giao ban trực tuyến các tỉnh")
    assert article.captions[0].endswith("năm 2021.")
    # Four body paragraphs, the lead first; the no-break-space-only paragraph of the source is dropped.
    assert [p[:20] for p in article.body] == ["Tại Hội nghị giao ba", "Trưởng Ban Tổ chức T", "Đối với các công việ",
                                              "Bà Trương Thị Mai đề"]
    assert article.body[0] == article.lead
    assert article.byline == "Hồ Nhi"
    assert article.author == "Hồ Nhi"
    assert "\u00a0" not in "".join(article.body)


def test_headline_then_lead_and_body(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Tiêu đề bài báo ngắn\n\nĐây là sapo của bài.\n\nĐoạn thứ nhất.\n\nĐoạn thứ hai.\n",
                    encoding="utf-8")
    article = read_article(path)
    assert article.title == "Tiêu đề bài báo ngắn"
    assert article.lead == "Đây là sapo của bài."
    assert article.body == ("Đây là sapo của bài.", "Đoạn thứ nhất.", "Đoạn thứ hai.")
    assert article.byline == ""


def test_byline_glued_after_end_mark():
    article = read_article(corpus_dir("articles") / "vmds_12232601_vov.txt")
    assert article.byline == "Thu Thủy/VOV online"
    assert article.body[-1].endswith("./.")
    article = read_article(corpus_dir("articles") / "vmds_12242745_vietnamplus.txt")
    assert article.byline == "Thu Hà (TTXVN)"


def test_caption_glued_to_paragraph_is_split():
    article = read_article(corpus_dir("articles") / "vmds_12242745_vietnamplus.txt")
    assert "Bộ trưởng Bộ Tài chính Đinh Tiến Dũng trình bày Báo cáo. (Ảnh: Phương Hoa/TTXVN)" in article.captions
    assert any(p.startswith("Trả lời phỏng vấn phóng viên TTXVN") for p in article.body)


def test_unspaced_article_keeps_its_lead():
    # title, sapo and body on consecutive lines, no blank lines: the sapo is not a caption
    article = read_article(corpus_dir("articles") / "baomoi_21457354.txt")
    assert article.title.startswith("Nặng đầu, đau đầu")
    assert article.lead.startswith("Bà Mão bị huyết áp cao")
    # a photo caption scraped into the body is recognised by its "(Ảnh …)" mark
    assert article.captions == ("Bà Đàm Thị Mão bị huyết áp 10 năm cộng thêm tiểu đường, mất ngủ (Ảnh nv)",)


def test_very_short_article_with_author_line():
    article = read_article(corpus_dir("articles") / "baomoi_21474105.txt")
    assert article.title.startswith("Tiết mục hát giữa")
    assert article.lead == "Lady Gaga biểu diễn trong đêm Super Bowl 2017"
    assert article.byline == "Duy Nguyễn"


@pytest.mark.parametrize("name", ["unc_news_business_014.txt", "unc_news_world_001.txt", "unc_news_sport_004.txt"])
def test_corpus_headline_first(name):
    path = corpus_dir("articles") / name
    first_line = path.read_text(encoding="utf-8").split("\n", 1)[0].strip()
    article = read_article(path)
    assert article.title == first_line
    assert article.lead and article.body


def test_every_corpus_article_keeps_every_paragraph():
    for path in sorted(corpus_dir("articles").glob("*.txt")):
        article = read_article(path)
        source = " ".join(path.read_text(encoding="utf-8").split())
        found = " ".join([article.title] + [b.text for b in article.blocks])
        assert sorted(source.split()) == sorted(found.split()), path.name


def test_markdown_front_matter_and_emphasis(tmp_path):
    path = tmp_path / "bai.md"
    path.write_text(
        "---\ntitle: \"Tiêu đề: từ front matter\"\nauthor: Hồ Nhi\ndate: 2021-06-28\nsource: Báo Nhân Dân\n"
        "url: https://example.org/a\nlang: vi\n---\n\n# Tiêu đề trong bài\n\nSapo có **chữ đậm** và *nghiêng*.\n\n"
        "## Mục một\n\nĐoạn có [liên kết](https://example.org/x).\n\n> Trích dẫn.\n\n![Ảnh hội nghị](a.jpg)\n",
        encoding="utf-8")
    article = read_article(path)
    assert article.title == "Tiêu đề: từ front matter"
    assert (article.author, article.date, article.source, article.url) == (
        "Hồ Nhi", "2021-06-28", "Báo Nhân Dân", "https://example.org/a")
    lead = article.blocks[0]
    assert lead.kind == "lead" and lead.text == "Sapo có chữ đậm và nghiêng."
    assert [(r.text, r.bold, r.italic) for r in lead.runs if r.bold or r.italic] == [
        ("chữ đậm", True, False), ("nghiêng", False, True)]
    kinds = [b.kind for b in article.blocks]
    assert kinds == ["lead", "heading", "paragraph", "quote", "image", "caption"]
    assert article.photos[0].src == str(tmp_path / "a.jpg") and article.photos[0].alt == "Ảnh hội nghị"
    link = [r for r in article.blocks[2].runs if r.href][0]
    assert (link.text, link.href) == ("liên kết", "https://example.org/x")
    assert article.captions == ("Ảnh hội nghị",)


def test_markdown_heading_is_title_without_front_matter(tmp_path):
    path = tmp_path / "b.md"
    path.write_text("# Tiêu đề\n\nSapo.\n\nThân bài.\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.lead, article.body) == ("Tiêu đề", "Sapo.", ("Sapo.", "Thân bài."))


def test_overrides_win(tmp_path):
    options = Options(title="Tiêu đề khác", author="Tác giả", date="2021-06-28", source="Nhân Dân",
                      url="https://x.vn/a")
    article = read_article(EXAMPLE, options)
    assert (article.title, article.author, article.date, article.source, article.url) == (
        "Tiêu đề khác", "Tác giả", "2021-06-28", "Nhân Dân", "https://x.vn/a")


def test_inspect_json_keys(run_cli):
    result = run_cli("inspect", EXAMPLE)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["title", "lead", "body", "captions", "images", "byline", "author", "date", "source", "url",
                          "lang", "notes", "input"]
    assert list(data["input"]) == ["path", "format", "encoding", "repairs", "date_from"]
    assert data["title"] == SAMPLE_TITLE and len(data["body"]) == 4 and data["byline"] == "Hồ Nhi"
    assert data["input"]["format"] == "text" and data["input"]["encoding"] == "utf-8"
    assert any("no-break" in r for r in data["input"]["repairs"])


def test_hard_wrapped_paragraphs_are_joined(tmp_path):
    wrapped = ("Tiêu đề của bài\n\n"
               "Đây là một đoạn văn dài được ngắt dòng cứng ở khoảng bảy mươi hai ký tự\n"
               "như thư điện tử vẫn làm, và dòng thứ hai cũng dài gần như dòng đầu tiên\n"
               "rồi kết thúc ở đây.\n\nĐoạn sau.\n")
    path = tmp_path / "w.txt"
    path.write_text(wrapped, encoding="utf-8")
    article = read_article(path)
    assert article.lead.startswith("Đây là một đoạn văn dài") and article.lead.endswith("kết thúc ở đây.")
    assert article.body[1:] == ("Đoạn sau.",)


@pytest.mark.parametrize("line", ["Thứ Hai, 28/06/2021, 14:30 (GMT+7)", "28/6/2021 - 14:30",
                                  "Cập nhật: 14:30 28/06/2021", "Chủ nhật, 2/3/2021", "2021-06-28"])
def test_date_line_under_the_headline_is_the_date(tmp_path, line):
    path = tmp_path / "d.txt"
    path.write_text(f"Tiêu đề bài báo\n{line}\n\nSapo của bài.\n\nThân bài.\n", encoding="utf-8")
    article = read_article(path)
    assert (article.title, article.date, article.lead) == ("Tiêu đề bài báo", line, "Sapo của bài.")
    assert line not in " ".join(article.body + article.captions)


def test_sentence_with_a_date_is_not_a_date_line(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Tiêu đề\n\nSáng 28/6/2021, hội nghị khai mạc.\n\nThân bài.\n", encoding="utf-8")
    article = read_article(path)
    assert article.date == "" and article.lead == "Sáng 28/6/2021, hội nghị khai mạc."


@pytest.mark.parametrize("credit, source", [("Theo VnExpress", "VnExpress"), ("(Theo TTXVN)", "TTXVN"),
                                            ("Nguồn: Dân trí", "Dân trí")])
def test_credit_line_is_the_source_not_the_author(tmp_path, credit, source):
    path = tmp_path / "c.txt"
    path.write_text(f"Tiêu đề\n\nSapo của bài.\n\nThân bài.\n\n{credit}\n", encoding="utf-8")
    article = read_article(path)
    assert (article.byline, article.source, article.author) == (credit, source, "")


# ---- Plain-text lines that are not sentences: captions and sub-headings (invented texts, real patterns) ----

def _read(tmp_path, text, name="a.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_article(path)


def _kinds(article):
    return [(b.kind, b.text) for b in article.blocks]


@pytest.mark.parametrize("sep", ["\n\n", "\n"])
def test_unpunctuated_line_between_paragraphs_is_a_sub_heading(tmp_path, sep):
    # A line without a full stop between paragraphs, with no sign of a photo, is a sub-heading (one paragraph per
    # line, spaced or not).
    text = sep.join(["Cầu mới nối hai bờ sông Hồng",
                     "Sáng nay, cây cầu mới chính thức thông xe sau hai năm thi công.",
                     "Người dân thành phố đổ về xem lễ khánh thành từ rất sớm.",
                     "Đoàn xe đầu tiên chạy qua cầu trong tiếng reo hò",
                     "Cây cầu dài gần hai cây số và có sáu làn xe dành cho ô tô và xe máy."])
    article = _read(tmp_path, text + "\n")
    assert article.captions == ()
    assert [t for k, t in _kinds(article) if k == "heading"] == ["Đoàn xe đầu tiên chạy qua cầu trong tiếng reo hò"]
    assert article.lead == "Sáng nay, cây cầu mới chính thức thông xe sau hai năm thi công."
    assert len(article.body) == 4


def test_unpunctuated_line_after_a_photos_place_is_a_caption(tmp_path):
    # an exported page leaves an empty line where its photo was: the line after it is the photo's caption
    text = ("Cầu mới nối hai bờ sông Hồng\n\nSáng nay, cây cầu mới chính thức thông xe.\n\n"
            "Người dân đổ về xem lễ khánh thành.\n\n\nĐoàn xe đầu tiên chạy qua cầu trong tiếng reo hò\n\n"
            "Cây cầu dài gần hai cây số.\n\nĐoạn cuối của bài.\n")
    article = _read(tmp_path, text)
    assert article.captions == ("Đoàn xe đầu tiên chạy qua cầu trong tiếng reo hò",)
    assert [k for k, _ in _kinds(article)].count("heading") == 0


def test_a_caption_is_told_by_its_own_signals(tmp_path):
    # a credit, the headline repeated as the main photo's caption and the line after it, a length no heading has
    long_caption = "Người dân " + "và du khách " * 8 + "đứng chật hai bên cầu"
    text = ("Lễ hội hoa mở cửa đón khách\n\nSapo của bài.\n\nLễ hội hoa mở cửa đón khách - 1\n\n"
            "Những gian hàng hoa rực rỡ sắc màu\n\nĐoạn một.\n\nCánh đồng hoa dưới chân núi (Ảnh: Minh Anh)\n\n"
            f"Đoạn hai.\n\n{long_caption}\n\nĐoạn ba.\n\nĐoạn cuối.\n")
    article = _read(tmp_path, text)
    assert article.captions == ("Lễ hội hoa mở cửa đón khách - 1", "Những gian hàng hoa rực rỡ sắc màu",
                                "Cánh đồng hoa dưới chân núi (Ảnh: Minh Anh)", long_caption)


def test_a_portraits_caption_is_a_caption(tmp_path):
    # a person, a dash, the post: the caption under a portrait, even with no photo left in the text
    paragraph = "Hội Khuyến học thành phố đã trao nhiều suất học bổng cho học sinh nghèo vượt khó trong năm."
    portrait = "Ông Đinh Viết Khanh - Chủ tịch Hội Khuyến học TP Cần Thơ"
    article = _read(tmp_path, f"Tiêu đề\n\nSapo của bài.\n\n{paragraph}\n\n{portrait}\n\n{paragraph}\n\nĐoạn cuối.\n")
    assert article.captions == ("Ông Đinh Viết Khanh - Chủ tịch Hội Khuyến học TP Cần Thơ",)


def test_the_items_after_a_colon_are_a_list_not_headings(tmp_path):
    paragraph = "Người đi phượt nên chuẩn bị kỹ trước mỗi chuyến đi dài ngày lên vùng núi phía Bắc."
    article = _read(tmp_path, f"Tiêu đề\n\nSapo của bài.\n\nCác món cần mang theo:\n\nÁo mưa và nón lá\n\n"
                              f"{paragraph}\n\nĐoạn cuối.\n")
    assert "heading" not in [k for k, _ in _kinds(article)] and "Áo mưa và nón lá" in article.body


def test_questions_of_a_sub_headings_shape_are_sub_headings_beside_another(tmp_path):
    paragraph = "Bệnh viện đã đề xuất nhiều phương án nhưng chưa được phê duyệt trong năm nay."
    text = ("Robot phẫu thuật rời bệnh viện\n\nSapo của bài.\n\nHợp đồng thuê thiết bị thất bại\n\n"
            f"{paragraph}\n\nĐoạn hai.\n\nGiải pháp nào để tháo gỡ khó khăn?\n\n{paragraph}\n\n"
            f"Thủ tướng: Phải thấy “nóng ruột”!\n\n{paragraph}\n\nĐoạn cuối.\n")
    article = _read(tmp_path, text)
    assert [t for k, t in _kinds(article) if k == "heading"] == [
        "Hợp đồng thuê thiết bị thất bại", "Giải pháp nào để tháo gỡ khó khăn?", "Thủ tướng: Phải thấy “nóng ruột”!"]
    # a question alone in a story is a paragraph
    alone = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nĐoạn một.\n\nVậy phải làm sao?\n\nĐoạn cuối.\n", "b.txt")
    assert "Vậy phải làm sao?" in alone.body and [k for k, _ in _kinds(alone)].count("heading") == 0


def test_sapo_without_full_stop_stays_the_lead(tmp_path):
    article = _read(tmp_path, "Tiêu đề bài báo\n\nSapo của bài quên dấu chấm ở cuối câu\n\nThân bài thứ nhất.\n\n"
                              "Thân bài thứ hai.\n")
    assert article.lead == "Sapo của bài quên dấu chấm ở cuối câu" and article.captions == ()


@pytest.mark.parametrize("line", [
    "Tuy nhiên, sau khi sự việc xảy ra người này đã rời khỏi địa phương",   # opens with a connective
    "Ông Nam đã đến hiện trường. Sau đó ông báo cho công an xã",            # two sentences
    "Tỷ số chung cuộc: đội nhà thắng hai bàn",                             # a label with a colon
    "Cuộc họp kết thúc lúc trưa\", ông Minh cho biết thêm",                 # reported speech
    "Đoàn công tác " + "đi qua nhiều xã vùng cao, " * 9 + "gặp gỡ bà con",  # too long for a caption
    "Sáng nay tại hội trường lớn của thành phố, Chủ tịch,",               # broken off at a comma
])
def test_paragraph_that_lost_its_full_stop_stays_a_paragraph(tmp_path, line):
    article = _read(tmp_path, f"Tiêu đề\n\nSapo của bài.\n\nĐoạn thứ nhất.\n\n{line}\n\nĐoạn cuối cùng của bài.\n")
    assert article.captions == () and line in article.body


def test_lines_inside_a_quotation_are_not_captions(tmp_path):
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nÔng Hải nói: “Chúng tôi đã chuẩn bị kỹ càng.\n\n"
                              "Đội bóng sẽ thi đấu hết mình trong trận tới\n\nMọi người hãy tin tưởng”.\n\n"
                              "Đoạn cuối.\n")
    assert article.captions == ()


def test_three_bare_lines_in_a_row_are_not_captions(tmp_path):
    # a list, a poem or hard-wrapped text: no line ends with a full stop, none is a caption
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nĐoạn một.\n\nĐoạn hai.\n\nĐoạn ba.\n\n"
                              "Những món ăn được yêu thích nhất vùng\nBánh cuốn nóng của phố cổ Hà Nội\n"
                              "Bún chả nướng than hoa thơm lừng\n\nĐoạn bốn.\n\nĐoạn năm.\n\nĐoạn cuối.\n")
    assert article.captions == () and len(article.body) == 10


def test_text_that_mostly_lacks_final_stops_gets_no_captions(tmp_path):
    # lines without full stops are the norm here (a post, lyrics), not a sign of captions
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nMưa rơi trên phố nhỏ chiều nay\n\nĐoạn thứ nhất.\n\n"
                              "Gió thổi qua hàng cây ven hồ\n\nĐoạn thứ hai.\n\nEm đi qua cầu trong chiều muộn\n\n"
                              "Người về cuối ngõ khi trời tối\n")
    assert article.captions == () and len(article.body) == 7


def test_very_short_lines_opening_sections_are_headings(tmp_path):
    text = ("Năm loại quả tốt cho sức khỏe\n\nDưới đây là những loại quả nên ăn mỗi ngày.\n\n"
            "Quả cam\n\nCam có nhiều vitamin C, giúp cơ thể chống lại cảm cúm.\n\nNên ăn cam vào buổi sáng.\n\n"
            "Chuối\n\nChuối giàu kali, tốt cho tim mạch và huyết áp của người lớn tuổi.\n\n"
            "Quả táo\n\nTáo có nhiều chất xơ và vitamin, giúp tiêu hóa tốt hơn.\n\n\n"
            "Người đi xe đạp dọc con đường trồng táo ở ngoại thành\n\nTáo ngon nhất vào mùa thu.\n")
    article = _read(tmp_path, text)
    # one word alone is a heading among several
    assert [t for k, t in _kinds(article) if k == "heading"] == ["Quả cam", "Chuối", "Quả táo"]
    assert article.captions == ("Người đi xe đạp dọc con đường trồng táo ở ngoại thành",)
    assert article.lead == "Dưới đây là những loại quả nên ăn mỗi ngày."


def test_one_word_alone_is_not_a_heading_but_a_short_line_is(tmp_path):
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nCam\n\nCam có nhiều vitamin C, giúp cơ thể chống lại "
                              "cảm cúm.\n\nĐoạn cuối.\n")
    assert [k for k, _ in _kinds(article)] == ["lead", "paragraph", "paragraph", "paragraph"]
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nQuả cam\n\nCam có nhiều vitamin C, giúp cơ thể chống lại "
                              "cảm cúm.\n\nĐoạn cuối.\n", "b.txt")
    assert [k for k, _ in _kinds(article)] == ["lead", "heading", "paragraph", "paragraph"]
    # over a short line that is the next item of a list, it is no heading
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nQuả cam\n\nCam ngọt.\n\nĐoạn cuối.\n", "c.txt")
    assert "heading" not in [k for k, _ in _kinds(article)]


def test_markdown_paragraphs_are_never_guessed(tmp_path):
    article = _read(tmp_path, "# Tiêu đề\n\nSapo của bài.\n\nĐoạn thứ nhất.\n\nMột dòng không có dấu chấm ở cuối\n\n"
                              "Đoạn cuối.\n", name="a.md")
    assert article.captions == ()


# ---- Photo credits, the headline repeated under itself ----

def test_photo_credit_lines_are_captions_never_the_byline(tmp_path):
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nCánh đồng lúa chín vàng dưới chân núi.\n\nẢnh: Minh Anh\n\n"
                              "Du khách dừng chân chụp ảnh bên đường.\n\nẢnh: Lê Hà\n")
    assert article.captions == ("Ảnh: Minh Anh", "Ảnh: Lê Hà")
    assert (article.byline, article.author) == ("", "")


def test_parenthesised_credit_at_the_end_is_a_caption(tmp_path):
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nĐoàn xe đi qua quảng trường.\n\n(Ảnh: AP)\n")
    assert article.captions == ("(Ảnh: AP)",) and article.byline == ""


def test_headline_repeated_under_the_lead_is_a_caption(tmp_path):
    article = _read(tmp_path, "Lễ hội hoa mở cửa đón khách\n\nSapo của bài.\n\nLễ hội hoa mở cửa đón khách\n\n"
                              "Thân bài.\n")
    assert article.captions == ("Lễ hội hoa mở cửa đón khách",) and article.body == ("Sapo của bài.", "Thân bài.")


def test_byline_with_words_like_ảnh_is_still_a_byline(tmp_path):
    article = _read(tmp_path, "Tiêu đề\n\nSapo của bài.\n\nThân bài.\n\nBài và ảnh: Minh Anh\n")
    assert article.byline == "Bài và ảnh: Minh Anh"


# ---- Credits glued to the end of a one-line body; the summary aggregators put after the body ----

@pytest.mark.parametrize("credit, source, author", [("Theo Tuổi Trẻ", "Tuổi Trẻ", ""),
                                                    ("Minh Anh (T/h)", "", "Minh Anh")])
def test_credit_glued_to_the_last_sentence_is_the_byline(tmp_path, credit, source, author):
    article = _read(tmp_path, f"Tiêu đề\nSapo của bài.\nCâu đầu của thân bài. Câu cuối của thân bài. {credit}\n")
    assert article.byline == credit and (article.source, article.author) == (source, author)
    assert article.body[-1] == "Câu đầu của thân bài. Câu cuối của thân bài."


def test_sentence_that_starts_with_theo_is_not_taken_for_a_credit(tmp_path):
    article = _read(tmp_path, "Tiêu đề\nSapo của bài.\nCâu đầu của thân bài. Theo ông Nam, mọi việc ổn.\n")
    assert article.byline == "" and article.body[-1].endswith("Theo ông Nam, mọi việc ổn.")



@pytest.mark.parametrize("last", ["Theo Tổng cục Thống kê.", "Nguồn: Bộ Y tế."])
def test_a_last_sentence_with_its_full_stop_is_no_credit(tmp_path, last):
    # "According to the General Statistics Office." closes the story as a sentence: a credit has no full stop
    article = _read(tmp_path, f"Tiêu đề\nSapo của bài.\nGiá cả tăng 3% trong tháng. {last}\n")
    assert article.byline == "" and article.body[-1] == f"Giá cả tăng 3% trong tháng. {last}"

def test_summary_after_the_body_block_is_the_lead(tmp_path):
    text = ("Xe điện mới bán chạy tại Hà Nội\n\nĐoạn thứ nhất của thân bài.\nĐoạn thứ hai của thân bài.\n"
            "Theo Báo Mới\n\n\n\nMẫu xe điện mới đang bán chạy tại Hà Nội nhờ giá rẻ.\n")
    article = _read(tmp_path, text)
    assert article.lead == "Mẫu xe điện mới đang bán chạy tại Hà Nội nhờ giá rẻ."
    assert article.body == ("Mẫu xe điện mới đang bán chạy tại Hà Nội nhờ giá rẻ.", "Đoạn thứ nhất của thân bài.",
                            "Đoạn thứ hai của thân bài.")
    assert (article.byline, article.source) == ("Theo Báo Mới", "Báo Mới")


@pytest.mark.parametrize("text", [
    "Xe điện mới bán chạy\n\nSapo về xe điện.\n\nĐoạn giữa.\n\nXe điện mới bán chạy nhờ giá rẻ.\n",  # spaced
    "Pin mới cho ô tô\n\nSapo về xe điện.\nĐoạn giữa.\n\n\n\nXe điện mới bán chạy nhờ giá rẻ.\n",  # another story
    "Xe điện mới bán chạy\nSapo về xe điện.\nĐoạn giữa.\n\nXe điện mới bán chạy nhờ giá rẻ.\n",  # body under title
])
def test_closing_paragraph_that_restates_the_title_stays_in_place(tmp_path, text):
    article = _read(tmp_path, text)
    assert article.lead == "Sapo về xe điện." and article.body[-1] == "Xe điện mới bán chạy nhờ giá rẻ."


# ---- Sentences broken around links by scrapers (exporter/read/text.py) ----

def test_sentence_broken_around_links_is_mended(tmp_path):
    text = ("Tiêu đề\n\nSapo của bài.\nChiếc xe này là mẫu \n xe máy phân khối nhỏ \nđược bán ở châu Âu.\n"
            "Khối \nđộng cơ 125 cc\n 4 van được giữ nguyên.\nNhờ vậy chiếc \nR125 độ \nđã đẹp hơn.\n")
    article = _read(tmp_path, text)
    assert article.body[1:] == ("Chiếc xe này là mẫu xe máy phân khối nhỏ được bán ở châu Âu.",
                                "Khối động cơ 125 cc 4 van được giữ nguyên.", "Nhờ vậy chiếc R125 độ đã đẹp hơn.")
    assert article.captions == ()


def test_list_items_and_the_headline_are_not_joined(tmp_path):
    article = _read(tmp_path, "Tiêu đề về chuyến đi\nđây là sapo viết thường.\nCác món cần mang theo:\nnón lá\náo mưa\n"
                              "Đoạn cuối.\n")
    assert article.title == "Tiêu đề về chuyến đi" and article.lead == "đây là sapo viết thường."
    assert ("nón lá" in article.body) and ("áo mưa" in article.body)


def test_words_like_iphone_do_not_continue_the_line_above(tmp_path):
    article = _read(tmp_path, "Tiêu đề\nSapo của bài.\nĐoạn thứ nhất.\nChiếc điện thoại mới trên bàn trưng bày\n"
                              "iPhone mới có giá cao.\nĐoạn cuối.\n")
    assert "iPhone mới có giá cao." in article.body
    assert ("paragraph", "Chiếc điện thoại mới trên bàn trưng bày") in _kinds(article)  # a line of its own


# --- the shortcuts the structure rules take are the answers of what they stand for --------------------------------

ALL_CHARS = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]


def test_words_are_what_the_word_pattern_finds():
    """``_words`` cuts with str.split where ``\\S+`` stood: both cut at the same characters, over all of Unicode."""
    import re

    from exporter.read.rules.structure import _words

    space = re.compile(r"\s")
    assert [c for c in ALL_CHARS if bool(space.fullmatch(c)) != c.isspace()] == []
    text = "  Hà\u00a0Nội\u2003(TTXVN)\u3000–\tngày\n12/3 \u200b x\x1c y\x85z  "
    assert _words(text) == re.findall(r"\S+", text)
    assert _words("") == [] and _words(" \n ") == []


def test_case_folding_never_shortens_a_text():
    """``_same_headline`` does not fold a text longer than the folded headline: folding makes no character
    shorter than one, so such a text can never equal it."""
    assert [c for c in ALL_CHARS if len(c.casefold()) < 1] == []


@pytest.mark.parametrize("text, title, same", [
    ("Giá vàng tăng mạnh", "GIÁ VÀNG TĂNG MẠNH", True),
    ("Giá vàng tăng mạnh - 2", "Giá vàng tăng mạnh", True),
    ("Giá vàng tăng mạnh hôm nay", "Giá vàng tăng mạnh", False),
    ("STRASSE", "Straße", True),  # folding lengthens the headline: a longer text is still compared
    ("Straße", "STRASSE", True),
    ("x", "", False),
])
def test_same_headline_with_and_without_the_folded_headline(text, title, same):
    from exporter.read.rules.structure import _same_headline

    assert _same_headline(text, title) is same
    assert _same_headline(text, title, title.strip().casefold()) is same
    assert (len(text) <= 3 * len(title) and text.strip().casefold() == title.strip().casefold()) is same or \
        text[-1:].isdigit()


def test_photo_words_are_found_in_any_case_as_the_pattern_finds_them():
    """``photo_mark`` looks for "ảnh" and "photo" in the text's UTF-8 bytes with ASCII lower-cased. Under
    re.IGNORECASE only the two cases of each of their letters match it, and no other character lower-cases to one
    of them (over all of Unicode), so the bytes hold the word exactly when the lower-cased text does."""
    import re

    from exporter.read.rules.structure import photo_mark

    letters = "ảnhpot"
    assert [(letter, c) for c in ALL_CHARS for letter in letters
            if re.fullmatch(re.escape(letter), c, re.IGNORECASE) and c not in (letter, letter.upper())] == []
    assert [c for c in ALL_CHARS if c not in "ảẢnNhHpPoOtT" and any(x in c.lower() for x in letters)] == []
    for text in ("Cánh đồng lúa. ẢNH: Reuters", "(Ảnh minh hoạ)", "(PhOtO: AFP)", "(Nguồn ảnh: VOV)",
                 "Cánh đồng lúa (ANH: Reuters)", "Hội nghị: phát biểu", "(ả nh: x)", "Ảnh: \ud800 lỗi"):
        low = text.lower()
        expected = re.search(r"\(\s*(?:Ảnh|Nguồn ảnh|Ảnh minh h[oọ]ạ?|Photo)\b[^()]{0,80}\)|^\s*(?:Ảnh|Nguồn ảnh|"
                             r"Photo)\s*:|(?<=[.!?…])\s*(?:Ảnh|Nguồn ảnh|Photo)\s*:\s*[^.!?…:()]{1,40}$", text,
                             re.IGNORECASE) if ("ảnh" in low or "photo" in low) else None
        found = photo_mark(text)
        assert (found.group() if found else None) == (expected.group() if expected else None), text


def test_byline_expressions_are_tried_only_on_text_that_can_open_or_end_as_they_need():
    """The byline and credit expressions (case ignored) are tried only on text whose first character can match
    theirs, the credit tail only on text that says "Theo", ends with ")" or in white space: the letters they start
    with match only the characters the shortcuts list (over all of Unicode), and over every code point at the start
    or the end of a byline each shortcut answers what its expression does."""
    import re
    import sys

    from exporter.read.rules import credits, structure

    every = "".join(map(chr, range(sys.maxunicode + 1)))

    def initials(expression) -> str:
        """The first letters of the words an expression opens with, read from its own source (its first group of
        alternatives, or the word after ``^``): a word added to it with a new first letter fails this test until
        the shortcut lists that letter too."""
        source = expression.pattern
        group = re.match(r"\^(?:\\\(\?\\s\*)?\(\?:([^()]*)\)", source)
        words = group.group(1).split("|") if group else [source[1:]]
        return "".join(sorted({word[0].lower() for word in words}))

    for expression, allowed in ((structure._BYLINE_PREFIX, structure._BYLINE_PREFIX_FIRST),
                                (credits.CREDIT, credits._T_OR_N), (credits._NOBODY, credits._T_OR_S),
                                (structure._SOURCE_LINE, "Nn")):
        letters = initials(expression)
        assert sorted(ch for letter in letters for ch in re.findall("(?i)" + letter, every)) == sorted(allowed), \
            (expression.pattern, letters)
    assert re.findall(r"\s", every) == [ch for ch in every if ch.isspace()]
    names = ["Hồ Nhi", "Theo VnExpress", "(Theo TTXVN)", "( Nguồn: Dân trí)", "Nguồn : kênh14.vn", "Thu Hà (TTXVN)",
             "Quang Huy (t/h) Theo VnExpress", "t/h", "TH", "Sưu tầm", "ſt", "tham khảo", "Nhóm PV", "BTV Minh",
             "CTV", "Tin, ảnh: Vũ", "Bài và ảnh: Hà", "Pv", "Minh Châu ", "An\n", ""]
    ends = [chr(c) for c in range(0x3000)] + re.findall(r"\s", every)
    texts = names + [ch + name for ch in ends for name in ("heo X", "guồn: X", "hi")] + [
        "Hồ Nhi" + ch for ch in ends] + ["Hồ Nhi (TTXVN" + ch for ch in ends]
    for text in texts:
        assert structure._without_credit_suffix(text) == structure._CREDIT_SUFFIX.sub("", text), text
        found, expected = credits.credit_match(text), credits.CREDIT.match(text)
        assert (found and found.group(1)) == (expected and expected.group(1)), text
        assert credits._names_nobody(text) == bool(credits._NOBODY.match(text)), text
        opening = text.lstrip("( ")
        assert (opening[:1] != "" and opening[0] in structure._BYLINE_PREFIX_FIRST
                or not structure._BYLINE_PREFIX.match(opening)), text
        assert text[:1] in ("N", "n") or not structure._SOURCE_LINE.match(text), text


def test_a_units_text_is_its_runs_joined_and_stripped_once():
    from exporter.model import Inline
    from exporter.read.rules.structure import Unit

    unit = Unit((Inline(" Giá vàng "), Inline("tăng ", bold=True), Inline("mạnh\n")))
    assert unit.text == "Giá vàng tăng mạnh" and unit.text is unit.text
    assert Unit((Inline("  một dòng "),)).text == "một dòng"
    assert Unit(()).text == ""
    assert unit == Unit(unit.runs) and Unit._fields == ("runs", "hint", "attached", "gap")
    # A changed unit is a new Unit whose text is its own runs', not the joined text kept on the first.
    changed = unit._replace(runs=(Inline("khác "),))
    assert type(changed) is Unit and changed.text == "khác" and unit.text == "Giá vàng tăng mạnh"
    assert changed.hint is None and unit._replace(hint="image").text == "Giá vàng tăng mạnh"
    with pytest.raises(AttributeError):
        unit.runs = ()  # type: ignore[misc]


def test_a_date_line_is_matched_only_when_it_has_a_separator_and_digits():
    """is_date_line tries its expression (case ignored) only on text holding "/", "." or "-" and a decimal digit,
    which its date forms need: no other character matches those separators with case ignored, \\d is str.isdecimal
    (both over all of Unicode), and dates and near-dates read as the expression reads them."""
    import re
    import sys

    from exporter.read.rules import structure

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert re.findall(r"(?i)[/.-]", every) == ["-", ".", "/"]
    assert re.findall(r"\d", every) == [ch for ch in every if ch.isdecimal()]
    texts = ["Thứ Hai, 28/06/2021, 14:30 (GMT+7)", "28.06.2021", "2021-06-28", "Cập nhật: 14:30 ngày 28-6-2021",
             "NGÀY 28/06/2021", "Hà Nội", "28 06 2021", "Thứ Hai 28 tháng 6", "١٢/٠٦/٢٠٢١", "", "2021",
             "Hồ Nhi - Thu Hà", "v.v.", "12/2021"]
    for ch in [chr(c) for c in range(0x80)] + ["–", "—", "\u00a0", "٣"]:
        texts += [f"28{ch}06{ch}2021", f"Ngày 2{ch}3{ch}2021 lúc 9:15", f"{ch}{ch}/0{ch}/20{ch}{ch}"]
    for text in texts:
        expected = len(text) <= 70 and bool(structure._DATE_LINE.match(text.strip()))
        assert structure.is_date_line(text) == expected, text
