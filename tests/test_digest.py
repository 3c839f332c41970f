"""The digest: PDF pages, contents and bookmarks read back; Markdown anchors resolved by a CommonMark parser."""
from __future__ import annotations

import io
import re
import unicodedata
from typing import List
from urllib.parse import unquote

import pytest
from conftest import EXAMPLE, squash
from pypdf import PdfReader

from exporter.digest import date_key, make_digest, render_digest, sort_articles
from exporter.model import Article, Block, Translation
from exporter.options import Options
from exporter.render.digest_md import Slugger
from exporter.render.pdf import short_title

WORDS = ("Quốc hội thảo luận về kinh tế - xã hội, ngân sách nhà nước và đầu tư công trung hạn; các đại biểu "
         "đề nghị đẩy nhanh giải ngân, tháo gỡ vướng mắc cho doanh nghiệp. ")


def make_article(title: str, paragraphs: int, date: str = "", lead: str = "") -> Article:
    blocks = [Block.plain("lead", lead or f"Sapo của bài {title}.")]
    blocks += [Block.plain("paragraph", f"Đoạn {i}. " + WORDS * 4) for i in range(paragraphs)]
    blocks.append(Block.plain("heading", "Ý kiến chuyên gia"))
    blocks.append(Block.plain("paragraph", "Đoạn cuối " + WORDS))
    return Article(title=title, blocks=tuple(blocks), date=date, source="Báo Mẫu")


ARTICLES = [make_article("Giá xăng giảm lần thứ ba", 2, "2/3/2021"),
            make_article("Hà Nội mở thêm tuyến buýt điện", 14, "2021-01-15T08:30:00+07:00"),
            make_article("Đội tuyển nữ vào bán kết", 5)]


def page_texts(data: bytes) -> List[str]:
    """The text of every page, NFC."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTTextContainer

    return [unicodedata.normalize("NFC", "".join(el.get_text() for el in page if isinstance(el, LTTextContainer)))
            for page in extract_pages(io.BytesIO(data))]


def outline(data: bytes):
    reader = PdfReader(io.BytesIO(data))
    return [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]


@pytest.fixture(scope="module")
def digest_pdf():
    digest = make_digest(ARTICLES, Options(), title="Điểm tin sáng thứ Hai", date="1/3/2021")
    return render_digest(digest, "pdf", Options())


def test_pages_contents_bookmarks_and_numbers_agree(digest_pdf):
    pages = page_texts(digest_pdf)
    total = len(pages)
    marks = outline(digest_pdf)
    assert [title for title, _ in marks] == [a.title for a in ARTICLES]
    starts = [page for _, page in marks]
    assert starts[0] == 3 and starts == sorted(starts) and starts[2] - starts[1] >= 2  # the long one runs on
    from exporter.render.pdf import render_pdf
    singles = [len(PdfReader(io.BytesIO(render_pdf(a))).pages) for a in ARTICLES]
    assert total == 2 + sum(singles)  # cover, contents, and each article on as many pages as its own brief
    # the contents page: every entry, and the numbers are the pages where the articles start
    contents = pages[1]
    assert "Mục lục" in contents
    for n, a in enumerate(ARTICLES, 1):
        assert squash(f"{n}. {a.title}") in squash(contents)
    numbers = [int(line) for line in contents.splitlines() if line.strip().isdigit()]
    assert numbers == starts
    for index, a in enumerate(ARTICLES):
        first = starts[index] - 1
        last = (starts[index + 1] - 1 if index + 1 < len(starts) else total) - 1
        assert squash(a.lead) in squash(pages[first])  # starts there …
        assert squash(a.lead) not in squash(pages[first - 1])  # … on a new page
        for page in range(first, last + 1):  # running header with the headline on every page of the article
            assert squash(short_title(a.title, 90)) in squash(pages[page]), (index, page)
        assert squash("Đoạn cuối") in squash(pages[last])
    for number in range(2, total + 1):
        assert squash(f"{number} / {total}") in squash(pages[number - 1])
    assert f"/ {total}" not in pages[0]  # no footer on the cover


def test_cover(digest_pdf):
    cover = squash(page_texts(digest_pdf)[0])
    # the masthead: the title, the long date in Vietnamese, the edition line; every story with its source and date
    for text in ["Điểm tin sáng thứ Hai", "Thứ Hai, 1 tháng 3 năm 2021", "3 bài từ 1 nguồn"] + \
            [a.title for a in ARTICLES] + ["Báo Mẫu · Thứ Ba, 02/03/2021"]:
        assert squash(text) in cover
    reader = PdfReader(io.BytesIO(digest_pdf))
    assert reader.metadata.title == "Điểm tin sáng thứ Hai"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_contents_links_go_to_the_articles(digest_pdf):
    reader = PdfReader(io.BytesIO(digest_pdf))
    refs = [page.indirect_reference for page in reader.pages]
    starts = [page for _, page in outline(digest_pdf)]
    targets = []
    for annot in reader.pages[1]["/Annots"]:
        dest = annot.get_object()["/Dest"]  # [page, /XYZ, left, top, zoom]
        targets.append(refs.index(dest[0]) + 1)
    assert sorted(set(targets)) == starts and len(targets) == 2 * len(ARTICLES)  # headline and number


def test_digest_is_reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    digest = make_digest(ARTICLES[:2], Options())
    assert digest.date == "2023-11-14"
    assert render_digest(digest, "pdf", Options()) == render_digest(make_digest(ARTICLES[:2], Options()), "pdf",
                                                                     Options())


# --- order --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, key", [
    ("2021-01-15T08:30:00+07:00", (2021, 1, 15, 8, 30)),
    ("Thứ ba, 2/3/2021 14:30 (GMT+7)", (2021, 3, 2, 14, 30)),
    ("14h05 ngày 02.03.2021", (2021, 3, 2, 14, 5)),
    ("2021-02-30", None),
    ("hôm qua", None),
    ("", None),
])
def test_date_key(text, key):
    assert date_key(text) == key


def test_sort_by_date():
    ordered = sort_articles(ARTICLES, "date")
    assert [a.title for a in ordered] == [ARTICLES[1].title, ARTICLES[0].title, ARTICLES[2].title]
    newest = sort_articles(ARTICLES, "newest")
    assert [a.title for a in newest] == [ARTICLES[0].title, ARTICLES[1].title, ARTICLES[2].title]
    assert sort_articles(ARTICLES, "given") == ARTICLES
    from exporter.cli_commands import SORT_ORDERS as offered  # the command's choices, kept there to import nothing
    from exporter.digest import SORT_ORDERS
    assert offered == SORT_ORDERS


# --- translations -------------------------------------------------------------------------------------------------

def translated(article: Article) -> Article:
    blocks = tuple(Block.plain(b.kind, f"[en] {b.text}") for b in article.blocks)
    tr = Translation("vi", "en", "libre", "2024-05-01", f"[en] {article.title}", blocks)
    from dataclasses import replace
    return replace(article, translation=tr)


@pytest.mark.parametrize("layout", ["translation", "bilingual", "original"])
def test_layouts(layout):
    articles = [translated(a) for a in ARTICLES[:2]]
    options = Options(translate=True, layout=layout)
    digest = make_digest(articles, options)
    pdf = render_digest(digest, "pdf", options)
    text = squash("".join(page_texts(pdf)))
    titles = [title for title, _ in outline(pdf)]
    if layout == "translation":
        assert titles == [f"[en] {a.title}" for a in ARTICLES[:2]]
        assert digest.labels["contents"] == "Contents" and digest.count_line == "2 articles"
    else:
        assert titles == [a.title for a in ARTICLES[:2]] and digest.lang == "vi"
    lead, english_lead = squash(ARTICLES[0].lead), squash("[en] " + ARTICLES[0].lead)
    # (original, translation): the lead in its article, and as the lead story's summary on the front page (in the
    # language the digest leads with)
    shown = {"translation": (0, 2), "bilingual": (2, 1), "original": (2, 0)}[layout]
    assert (text.count(lead) - text.count(english_lead), text.count(english_lead)) == shown
    md = render_digest(digest, "md", options).decode("utf-8")
    assert ("\\[en\\] Đoạn cuối" in md) == (layout != "original")
    check_anchors(md, len(articles))


# --- Markdown -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, slug", [
    ("Hello World", "hello-world"),
    ("Hello, World!", "hello-world"),
    ("Đà Nẵng 2024: (tin) nóng", "đà-nẵng-2024-tin-nóng"),
    ("A -- B", "a----b"),
    ("snake_case & more", "snake_case--more"),
    ("Tin †", "tin-"),
])
def test_github_slugs(text, slug):
    assert Slugger().slug(text) == slug


def test_repeated_slugs_are_numbered():
    slugger = Slugger()
    assert [slugger.slug(t) for t in ("Tin", "Tin", "tin-1", "Tin")] == ["tin", "tin-1", "tin-1-1", "tin-2"]


def check_anchors(markdown: str, articles: int) -> None:
    """Every contents link resolves to an element id, and every heading's id is GitHub's slug of its text as a
    CommonMark parser reads it."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")
    tokens = md.parse(re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S))  # front matter is not Markdown
    html = md.renderer.render(tokens, md.options, {})
    ids = re.findall(r'<a id="([^"]*)"></a>', html)
    links = [unquote(h) for h in re.findall(r'<a href="#([^"]*)"', html)]
    assert len(links) == articles and set(links) <= set(ids)
    slugger = Slugger()
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inline = tokens[i + 1]
            text = "".join(c.content for c in inline.children if c.type in ("text", "code_inline"))
            anchor = re.match(r'<a id="([^"]*)">', inline.children[0].content)
            slug = slugger.slug(text.strip())  # GitHub numbers repeated slugs over every heading, in order
            if token.tag in ("h1", "h2"):  # the digest's own headings and the articles' headlines
                assert anchor and anchor.group(1) == slug, text
            else:
                assert anchor is None  # an article's sub-heading: GitHub's own id, never a clash with ours


def test_markdown_contents_links_resolve():
    tricky = [make_article("*Tin* [nóng] #1 <b>x</b> & 1. hết", 1), make_article("Giá xăng giảm lần thứ ba", 1),
              make_article("Giá xăng giảm lần thứ ba", 1), make_article("Mục lục", 1)]
    digest = make_digest(tricky, Options(), title="Điểm tin", date="2021-03-01")
    text = render_digest(digest, "md", Options()).decode("utf-8")
    check_anchors(text, 4)
    assert "](#giá-xăng-giảm-lần-thứ-ba)" in text and "](#giá-xăng-giảm-lần-thứ-ba-1)" in text
    assert "](#mục-lục-1)" in text  # the contents heading took "mục-lục" first
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").render(text)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html  # article text stays text
    assert text.startswith('---\ntitle: "Điểm tin"\ndate: "2021-03-01"\narticles: 4\n')


# --- the command ----------------------------------------------------------------------------------------------------

def write_article(path, title, paragraphs=2, date=""):
    body = "\n\n".join(f"Đoạn {i}. {WORDS}" for i in range(paragraphs))
    front = f"---\ntitle: \"{title}\"\ndate: \"{date}\"\n---\n\n" if date else f"# {title}\n\n"
    path.write_text(front + body + "\n", encoding="utf-8")
    return path


def test_digest_command(run_cli, tmp_path):
    a = write_article(tmp_path / "a.md", "Bài mới hơn", date="2021-05-02")
    b = write_article(tmp_path / "b.md", "Bài cũ hơn", date="2021-05-01")
    result = run_cli("digest", a, b, EXAMPLE, "-o", tmp_path / "d.pdf", "-o", tmp_path / "d.md",
                     "--title", "Điểm tin", "--date", "2/5/2021", "--sort", "date", "--jobs", "2")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [str(tmp_path / "d.pdf"), str(tmp_path / "d.md")]
    titles = [t for t, _ in outline((tmp_path / "d.pdf").read_bytes())]
    assert titles[:2] == ["Bài cũ hơn", "Bài mới hơn"] and titles[2].startswith("Ban tổ chức")
    check_anchors((tmp_path / "d.md").read_text(encoding="utf-8"), 3)


def test_digest_leaves_out_what_cannot_be_read(run_cli, tmp_path):
    a = write_article(tmp_path / "a.md", "Bài đọc được")
    (tmp_path / "bad.txt").write_bytes(b"")
    result = run_cli("digest", a, tmp_path / "bad.txt", "-o", tmp_path / "d.pdf")
    assert result.exit_code == 3
    assert [line for line in result.stderr.splitlines() if line.startswith("Error: ")] == \
        [f"Error: {tmp_path / 'bad.txt'}: is empty (give a file that holds an article)"]
    assert [t for t, _ in outline((tmp_path / "d.pdf").read_bytes())] == ["Bài đọc được"]
    result = run_cli("digest", tmp_path / "bad.txt", tmp_path / "none.txt", "-o", tmp_path / "e.pdf")
    assert result.exit_code == 3 and "no digest written" in result.stderr
    assert not (tmp_path / "e.pdf").exists()


def test_digest_output_names(run_cli, tmp_path, monkeypatch):
    a = write_article(tmp_path / "a.md", "Bài")
    result = run_cli("digest", a, "-o", tmp_path / "d.docx")
    assert result.exit_code == 2 and "name it .pdf or .md" in result.stderr
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VNBRIEF_OUTPUT_DIR", raising=False)
    result = run_cli("digest", a, "-q")
    assert result.exit_code == 0 and result.stdout == ""
    assert (tmp_path / "digest.pdf").is_file() and (tmp_path / "digest.md").is_file()


def test_digest_translated_through_the_provider(run_cli, tmp_path):
    libre_server = pytest.importorskip("libre_server")
    a = write_article(tmp_path / "a.md", "Giá xăng giảm")
    with libre_server.TranslationServer() as server:
        result = run_cli("digest", a, EXAMPLE, "-o", tmp_path / "d.pdf", "-o", tmp_path / "d.md", "--translate",
                         "--layout", "bilingual", "--provider", "libre", "--provider-url", server.url,
                         "--cache-dir", tmp_path / "cache", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    md = (tmp_path / "d.md").read_text(encoding="utf-8")
    assert "*\\[en\\] Giá xăng giảm*" in md and "Mục lục" in md  # bilingual: the digest's words stay Vietnamese
    assert squash("[en] Đoạn 0.") in squash("".join(page_texts((tmp_path / "d.pdf").read_bytes())))


def test_a_date_is_looked_for_only_in_text_with_a_separator_both_forms_need():
    """date_key searches only text holding "-", "/" or "." (an empty date, every brief's without one, compiles
    neither expression): between the numbers, every other character gives no date, as the expressions say."""
    from exporter.text import dates

    for ch in [chr(c) for c in range(0x3100)] + ["\U0001f600", ""]:
        for text in (f"2{ch}3{ch}2021", f"2021{ch}03{ch}02", f"ngày 2{ch}3{ch}2021 14:30"):
            found = dates._ISO_DATE.search(text) or dates._DMY_DATE.search(text)
            assert (date_key(text) is not None) == (found is not None), text
            assert found is None or ch in "-/.", text
