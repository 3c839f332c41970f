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
    path.write_text("Tiêu đề bài báo ngắn\n\nĐây là sapo của bài.\n\nĐoạn thứ nhất.\n\nĐoạn thứ hai.\n", encoding="utf-8")
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
    assert kinds == ["lead", "heading", "paragraph", "quote", "caption"]
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
    assert list(data) == ["title", "lead", "body", "captions", "byline", "author", "date", "source", "url", "lang",
                          "input"]
    assert list(data["input"]) == ["path", "format", "encoding", "repairs"]
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


@pytest.mark.parametrize("line", ["Thứ Hai, 28/06/2021, 14:30 (GMT+7)", "28/6/2021 - 14:30", "Cập nhật: 14:30 28/06/2021",
                                  "Chủ nhật, 2/3/2021", "2021-06-28"])
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
