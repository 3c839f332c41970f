"""Issue 16, part 5 (and the text cases of part 8): markup from outside is text. Raw HTML from an article, a
provider's reply, a glossary or a review file never stays live in the Markdown brief (read back with markdown-it
with raw HTML enabled, as a site generator would); links keep only http, https and mailto; invisible tag
characters, bidi controls and U+2028/U+2029 are cleaned like other controls wherever the text came from."""
from __future__ import annotations

import pytest
from conftest import EXAMPLE, pdf_text
from libre_server import TranslationServer
from markdown_it import MarkdownIt

HOSTILE = ('<script>alert(1)</script> <img src=x onerror="alert(2)"> <iframe src="http://evil.example/"></iframe> '
           '[nhấn](javascript:alert(3)) [tệp](file:///etc/passwd) <javascript:alert(4)> '
           '[trang](data:text/html,<b>x</b>) <font color="red">đỏ</font> &amp;')
HIDDEN = "\U000e0049\U000e0067\U000e006e\U000e006f\U000e0072\U000e0065"  # "Ignore" in tag characters
TRICKS = f"Văn\u202ebản{HIDDEN} có\u2028dòng\u2029mới"
PARAGRAPHS = [
    "Sáng nay, bão số 3 đổ bộ vào Quảng Ninh và Hải Phòng với sức gió mạnh cấp 12, giật cấp 14, gây mưa lớn.",
    "Chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm trước khi bão đổ bộ vào đất liền.",
]


def live_markup(markdown: str) -> list:
    """Everything in ``markdown`` that a renderer with raw HTML on would turn into markup or a link that is not
    http(s) or mailto. The front matter is YAML data (its strings quoted as JSON), not Markdown: left out."""
    found = []
    if markdown.startswith("---\n"):
        markdown = markdown.split("\n---\n", 1)[1]
    for token in MarkdownIt("commonmark", {"html": True}).parse(markdown):
        for tok in [token, *(token.children or [])]:
            if tok.type in ("html_inline", "html_block"):
                found.append(tok.content)
            href = tok.attrGet("href") if tok.type == "link_open" else None
            if href is not None and not href.lower().startswith(("http://", "https://", "mailto:")):
                found.append(href)
            src = tok.attrGet("src") if tok.type == "image" else None
            if src is not None and "://" in src or (src or "").startswith(("data:", "javascript:", "file:")):
                found.append(src)
    return found


def assert_clean(text: str) -> None:
    for ch in ("\u202e", "\u2028", "\u2029", *HIDDEN):
        assert ch not in text, repr(ch)


def test_markup_in_a_markdown_article_stays_text(tmp_path, run_cli):
    source = tmp_path / "bai.md"
    source.write_text(f"# Tin bão {HOSTILE}\n\n{PARAGRAPHS[0]} {HOSTILE}\n\n<div onclick=x>{TRICKS}</div>\n\n"
                      f"{PARAGRAPHS[1]}\n", encoding="utf-8")
    result = run_cli("render", source, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    brief = (tmp_path / "out" / "bai.md").read_text(encoding="utf-8")
    assert live_markup(brief) == []
    assert_clean(brief)
    rendered = MarkdownIt("commonmark", {"html": True}).render(brief.split("\n---\n", 1)[1])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # shown, as the article wrote it
    assert "<script" not in rendered and "href=\"javascript" not in rendered and "nhấn" in rendered
    text = pdf_text((tmp_path / "out" / "bai.pdf").read_bytes())
    assert "<script>alert(1)</script>" in text and '<font color="red">đỏ</font>' in text  # ReportLab markup: text
    assert_clean(text)


def test_markup_in_a_page_stays_text(tmp_path, run_cli):
    page = tmp_path / "trang.html"
    page.write_text(f"<html><head><meta charset='utf-8'><title>Tin</title></head><body><article><h1>Tin bão số 3</h1>"
                    f"<p>{PARAGRAPHS[0]} &lt;script&gt;alert(1)&lt;/script&gt; <a href='javascript:alert(1)'>nhấn</a>"
                    f" <a href=' JaVaScRiPt:alert(2)'>đây</a> <a href='https://vnexpress.net/a b'>web</a></p>"
                    f"<p>{PARAGRAPHS[1]} {TRICKS}</p></article></body></html>", encoding="utf-8")
    result = run_cli("render", page, "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.stderr
    brief = (tmp_path / "out" / "trang.md").read_text(encoding="utf-8")
    assert live_markup(brief) == [] and "](https://vnexpress.net/a%20b)" in brief
    assert_clean(brief)


def test_unsafe_images_are_left_out_with_a_warning(tmp_path, run_cli):
    source = tmp_path / "bai.md"
    source.write_text(f"# Tin bão\n\n{PARAGRAPHS[0]}\n\n![a](file:///etc/hostname)\n\n![b](data:text/html,<b>x</b>)\n\n"
                      f"![c](javascript:alert(1))\n\n{PARAGRAPHS[1]}\n", encoding="utf-8")
    result = run_cli("render", source, "-o", tmp_path / "out", "-f", "md")
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: photo ")]
    assert len(warnings) == 3, result.stderr
    assert "outside the input's folder" in warnings[0]
    assert "a data: address that is not an image" in warnings[1]
    assert "unsupported address scheme 'javascript'" in warnings[2]
    brief = (tmp_path / "out" / "bai.md").read_text(encoding="utf-8")
    assert "file:///etc/hostname" not in brief and "data:text/html" not in brief and live_markup(brief) == []


def test_markup_in_a_providers_reply_stays_text(tmp_path, run_cli):
    with TranslationServer(transform=lambda text: f"{text} {HOSTILE} {TRICKS}") as server:
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "-f", "pdf", "--translate",
                         "--provider", "libre", "--provider-url", server.url, "--layout", "bilingual",
                         "--no-cache")
    assert result.exit_code == 0, result.stderr
    brief = (tmp_path / "out" / "article.vi-en.md").read_text(encoding="utf-8")
    assert "alert(1)" in brief and live_markup(brief) == []
    assert_clean(brief)
    assert_clean(pdf_text((tmp_path / "out" / "article.vi-en.pdf").read_bytes()))


def test_markup_in_a_glossary_and_a_review_file_stays_text(tmp_path, run_cli):
    glossary = tmp_path / "g.csv"
    glossary.write_text(f"vi,en\nBan tổ chức,Organising <b>Board</b> [x](javascript:alert(1)) \u202eđảo{HIDDEN}\n",
                        encoding="utf-8")
    with TranslationServer() as server:
        settings = ["--provider", "libre", "--provider-url", server.url, "--no-cache", "--glossary", glossary]
        result = run_cli("translate", EXAMPLE, "-o", tmp_path / "r.json", *settings)
        assert result.exit_code == 0, result.stderr
        review = (tmp_path / "r.json").read_text(encoding="utf-8")
        assert_clean(review)
        import json

        data = json.loads(review)
        data["segments"][1]["target"] = f"{HOSTILE} {TRICKS}"
        data["segments"][1]["status"] = "approved"
        (tmp_path / "r.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        result = run_cli("render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translations", tmp_path / "r.json",
                         *settings)
    assert result.exit_code == 0, result.stderr
    brief = (tmp_path / "out" / "article.en.md").read_text(encoding="utf-8")
    assert "Organising" in brief and "alert(1)" in brief
    assert live_markup(brief) == []
    assert_clean(brief)


@pytest.mark.parametrize("text, expected", [
    (f"a{HIDDEN}b", "ab"), ("a\u2028b", "a\nb"), ("a\u2029b", "a\n\nb"), ("a\u202eb\u202c", "ab"),
    ("a\u2062b", "ab"), ("🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f", "🏴"),
])
def test_hidden_characters_are_cleaned(text, expected):
    from exporter.text.normalise import clean_text

    assert clean_text(text) == expected


def test_a_review_csv_keeps_a_source_that_starts_like_a_formula(tmp_path):
    from exporter.model import Article, Block, Inline
    from exporter.translate import read_reviewed, write_segments

    texts = ["'=1+1 là công thức", "'bắt đầu bằng nháy", "=SUM(A1)", "@tên", "''hai nháy"]
    article = Article(title="Tiêu đề", blocks=tuple(Block("paragraph", (Inline(t),)) for t in texts))
    write_segments(article, tmp_path / "r.csv")
    units = read_reviewed(tmp_path / "r.csv").units
    assert [u.source for u in units][1:] == texts


@pytest.mark.parametrize("content", ["", "id,source,target\n"])
def test_an_empty_review_file_is_said_and_refused_with_strict(tmp_path, run_cli, content):
    review = tmp_path / "r.csv"
    review.write_text(content, encoding="utf-8")
    with TranslationServer() as server:
        args = ["render", EXAMPLE, "-o", tmp_path / "out", "-f", "md", "--translations", review, "--provider", "libre",
                "--provider-url", server.url, "--no-cache"]
        result = run_cli(*args)
        assert result.exit_code == 0 and "holds no segment" in result.stderr, result.stderr
        result = run_cli(*args, "--strict")
    assert result.exit_code == 2 and "holds no segment" in result.stderr, result.stderr
