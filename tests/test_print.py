"""The printed page, checked by its geometry and its text (pdfminer.six, pypdf), not by eye: the digest's front page,
dates by the layout's language, one byline, captions under their photos or marked as photo notes, pages that end
well, links drawn as text, the lead's box in every layout, and the Markdown brief's distinct forms."""
from __future__ import annotations

import functools
import importlib.util
import io
import re
from dataclasses import replace

import photo_files as pf
import pytest
from conftest import EXAMPLE, ROOT, pdf_text, squash
from markdown_it import MarkdownIt

from exporter.digest import make_digest, render_digest
from exporter.model import Article, Block, Inline, Translation
from exporter.options import Options
from exporter.pipeline import read_article, with_photos
from exporter.render.markdown import render_markdown
from exporter.render.pdf import render_pdf

_spec = importlib.util.spec_from_file_location("page_ends", ROOT / "benchmarks" / "page_ends.py")
page_ends = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(page_ends)  # type: ignore[union-attr]

PARAGRAPH = ("Chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm trước khi bão đổ bộ vào đất "
             "liền, lực lượng cứu hộ có mặt tại các điểm xung yếu để hỗ trợ người dân di dời tài sản.")


def layout(data: bytes):
    """Per page: (text lines as (text, x0, y0, x1, y1, colours), images as (x0, y0, x1, y1), filled rectangles as
    (x0, y0, x1, y1, colour))."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTChar, LTFigure, LTImage, LTRect, LTTextContainer, LTTextLine

    pages = []
    for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
        lines, images, rects = [], [], []
        for item in page:
            if isinstance(item, LTTextContainer):
                for line in item:
                    if isinstance(line, LTTextLine) and line.get_text().strip():
                        colours = {tuple(round(c, 2) for c in (ch.graphicstate.ncolor or ()))
                                   for ch in line if isinstance(ch, LTChar) and ch.get_text().strip()}
                        lines.append((line.get_text().strip(), line.x0, line.y0, line.x1, line.y1, colours))
            elif isinstance(item, LTFigure):
                images += [(i.x0, i.y0, i.x1, i.y1) for i in item if isinstance(i, LTImage)]
            elif isinstance(item, LTRect) and item.fill:
                rects.append((item.x0, item.y0, item.x1, item.y1, item.non_stroking_color))
        pages.append((lines, images, rects))
    return pages


def word_colours(data: bytes, words: str):
    """The colours the characters of ``words`` are drawn in (from the first line that holds them)."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    for page in extract_pages(io.BytesIO(data)):
        for box in page:
            if not isinstance(box, LTTextContainer):
                continue
            for line in box:
                if not isinstance(line, LTTextLine) or words not in line.get_text():
                    continue
                chars = [c for c in line if isinstance(c, LTChar)]
                text = "".join(c.get_text() for c in chars)
                start = text.index(words)
                return {tuple(round(v, 2) for v in (c.graphicstate.ncolor or ())) for c in chars[start:start +
                                                                                                  len(words)]}
    raise AssertionError(f"{words!r} not in the PDF")


@functools.cache
def real_articles():
    """Every real article the page-end figures are measured on (the corpus when present, the real fixtures)."""
    out = []
    for _, path in page_ends.sources():
        try:
            out.append((path.name, read_article(path, Options(images="none"))))
        except Exception:  # a page the reader refuses is not a brief: not measured
            continue
    return tuple(out)


@functools.cache
def real_brief(name: str, layout_name: str = "original"):
    """A real article's brief (bilingual: beside a stand-in translation of its own length), read back once: per page
    its body lines, top to bottom, as (baseline height, text)."""
    article = dict(real_articles())[name]
    if layout_name == "bilingual":
        article = replace(article, translation=page_ends.stand_in_translation(article))
    return page_ends.text_lines(render_pdf(article, Options(layout=layout_name, images="none")))


# --- dates -------------------------------------------------------------------------------------------------------

def test_dates_follow_the_formatter_of_the_layouts_language():
    from exporter.text.dates import format_date

    assert format_date("2012-12-25", "vi") == "Thứ Ba, 25/12/2012"
    assert format_date("2026-12-06T08:00:00+07:00", "vi", "long") == "Chủ nhật, 6 tháng 12 năm 2026"
    assert format_date("Thứ năm, 21/3/2013, 01:02 GMT+7", "vi") == "Thứ Năm, 21/03/2013"
    assert format_date("2012-12-25", "en") == "25 December 2012"
    assert format_date("2012-12-25", "en", "long") == "Tuesday, 25 December 2012"
    assert format_date("2012-12-25", "en", english="us") == "December 25, 2012"
    assert format_date("2012-12-25", "fr") == "25 décembre 2012"  # other languages: their CLDR forms
    assert format_date("2012-12-25", "vi", date_format="%d.%m.%Y") == "25.12.2012"
    assert format_date("2012-12-25", "vi", date_format="EEEE d MMMM y") == "Thứ Ba 25 tháng 12 2012"
    assert format_date("2012-12-25", "en", date_format="iso") == "2012-12-25"
    assert format_date("sáng nay", "vi") == "sáng nay" and format_date("", "en") == ""


def test_dates_in_the_text_layer_of_vi_and_en_briefs():
    article = replace(read_article(EXAMPLE), date="2012-12-25T10:03:00+07:00", source="Báo Dân trí")
    vi = squash(pdf_text(render_pdf(article)))
    assert squash("Báo Dân trí · Thứ Ba, 25/12/2012") in vi and "2012-12-25" not in vi
    english = replace(article, translation=Translation("vi", "en", "libre", "2026-12-06", "Party boards",
                                                       article.blocks))
    en = squash(pdf_text(render_pdf(english, Options(layout="translation"))))
    assert squash("Báo Dân trí · 25 December 2012") in en and squash("on 6 December 2026") in en
    assert "2012-12-25" not in en and "2026-12-06" not in en
    markdown = render_markdown(article)
    assert 'date: "2012-12-25T10:03:00+07:00"' in markdown  # the front matter keeps ISO
    assert "Báo Dân trí · Thứ Ba, 25/12/2012" in markdown


def test_date_format_option_and_config_key(tmp_path, run_cli):
    article = tmp_path / "bai.md"
    article.write_text("---\ndate: 2012-12-25\nsource: Báo Mẫu\n---\n# Tiêu đề bài\n\n" + PARAGRAPH + "\n",
                       encoding="utf-8")
    result = run_cli("render", article, "-o", tmp_path / "a", "--date-format", "%d.%m.%Y")
    assert result.exit_code == 0, result.stderr
    assert "Báo Mẫu · 25.12.2012" in (tmp_path / "a" / "bai.md").read_text(encoding="utf-8")
    (tmp_path / "vnbrief.toml").write_text('date_format = "iso"\n', encoding="utf-8")
    result = run_cli("render", article, "-o", tmp_path / "b", "--config", tmp_path / "vnbrief.toml")
    assert result.exit_code == 0, result.stderr
    assert squash("Báo Mẫu · 2012-12-25") in squash(pdf_text((tmp_path / "b" / "bai.pdf").read_bytes()))
    result = run_cli("render", article, "-o", tmp_path / "c", "--date-format", "HH:mm")
    assert result.exit_code == 2 and "date format" in result.stderr and len(result.stderr.strip().splitlines()) == 1


# --- one byline ------------------------------------------------------------------------------------------------

def test_the_author_is_named_once_in_every_brief():
    checked = 0
    for name, article in real_articles() + (("example", read_article(EXAMPLE)),):
        if not article.author:
            continue
        # in any case: a byline the page sets in capitals ("XUÂN LONG") names the author "Xuân Long" too
        named = squash(article.author).casefold()
        in_body = squash(" ".join(article.body)).casefold().count(named)
        pages = real_brief(name) if name != "example" else page_ends.text_lines(render_pdf(article))
        pdf = squash(" ".join(text for page in pages for _, text in page)).casefold()
        assert pdf.count(named) == in_body + 1, name
        # the visible text, after the front matter; as in the PDF above, without the photos and their captions,
        # which may credit the author's photo ("Ảnh: Bình Minh")
        body = render_markdown(article, Options(images="none")).split("\n---\n", 1)[1]
        assert squash(body).casefold().count(named) == in_body + 1, name
        checked += 1
    assert checked >= 5


def test_the_byline_is_the_last_line_whatever_the_input_gives():
    # an author known from metadata only (no byline line) is named at the end, as a byline line is
    article = Article(title="Tiêu đề", blocks=(Block.plain("lead", PARAGRAPH),), author="Minh Châu",
                      source="Báo Mẫu", date="2024-05-02")
    lines = [text for text, *_ in layout(render_pdf(article))[0][0]]
    body = [line for line in lines if not line.startswith(("Tiêu đề", "1 / 1"))]
    assert body[-1] == "Minh Châu" and "Minh Châu" not in " ".join(body[:-1])


# --- captions ------------------------------------------------------------------------------------------------------

def photo_article(folder):
    """A Markdown article with a landscape photo, a portrait one and a broken one, each with a caption."""
    (folder / "ngang.jpg").write_bytes(pf.jpeg((1600, 1000), seed=1))
    (folder / "doc.jpg").write_bytes(pf.jpeg((800, 1200), seed=2))
    (folder / "hong.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    parts = ["# Bão số 3 đổ bộ vào Quảng Ninh", PARAGRAPH,
             "![](ngang.jpg)", "*Người dân gia cố nhà cửa trước bão. (Ảnh: Minh Anh)*", PARAGRAPH,
             "![](doc.jpg)", "*Chủ tịch tỉnh kiểm tra đê biển ngày 2/9. (Ảnh: TTXVN)*", PARAGRAPH,
             "![](hong.jpg)", "*Lực lượng cứu hộ trực tại điểm xung yếu.*", PARAGRAPH, PARAGRAPH]
    path = folder / "bai.md"
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return with_photos(read_article(path), Options())


def test_each_caption_lies_under_its_photo_within_its_width_or_is_a_marked_note(tmp_path):
    article = photo_article(tmp_path)
    pages = layout(render_pdf(article))
    captions = {"Người dân gia cố": None, "Chủ tịch tỉnh kiểm tra": None, "Lực lượng cứu hộ": None}
    for lines, images, _ in pages:
        for text, x0, _, x1, y1, _ in lines:
            for start in captions:
                if text.startswith(start) or start in text:
                    above = [img for img in images if img[1] >= y1 - 1 and img[1] - y1 < 20]
                    captions[start] = (text, x0, x1, above)
    for start in ("Người dân gia cố", "Chủ tịch tỉnh kiểm tra"):
        text, x0, x1, above = captions[start]
        assert above, f"{start}: no photo right above it"
        left, right = above[0][0], above[0][2]
        assert left - 1 <= x0 and x1 <= right + 1, (start, (x0, x1), (left, right))  # within the photo's width
    # the portrait photo is narrower than the column: its caption is too, and starts at the photo's edge
    portrait = captions["Chủ tịch tỉnh kiểm tra"]
    assert portrait[3][0][2] - portrait[3][0][0] < 300 and abs(portrait[1] - portrait[3][0][0]) < 2
    text, _, _, above = captions["Lực lượng cứu hộ"]
    assert not above and text.startswith("Ảnh: Lực lượng cứu hộ")  # the broken photo's caption: a photo note


def test_captions_follow_one_rule_in_every_images_mode(tmp_path):
    article = photo_article(tmp_path)
    none = squash(pdf_text(render_pdf(article, Options(images="none"))))
    assert squash("Người dân gia cố") not in none and squash("Lực lượng cứu hộ") not in none
    plain = read_article(EXAMPLE)  # a plain-text article keeps a caption without its photo: a photo note
    assert squash("Ảnh: Hội nghị giao ban trực tuyến") in squash(pdf_text(render_pdf(plain)))


# --- pages that end well -------------------------------------------------------------------------------------------

def _short_last_pages(layout_name, names):
    short = []
    for name in names:
        lines = [len(page) for page in real_brief(name, layout_name)]
        if len(lines) > 1 and lines[-1] < page_ends.SHORT_PAGE:
            short.append((name, lines))
    return short


def test_no_brief_of_the_real_articles_ends_with_a_short_page():
    names = [name for name, _ in real_articles()]
    assert len(names) >= 30
    assert _short_last_pages("original", names) == []


def test_no_bilingual_brief_ends_with_a_short_page():
    # the bilingual layout, each article beside a stand-in translation of its own length
    assert _short_last_pages("bilingual", [name for name, _ in real_articles()]) == []


def test_tightening_takes_a_page_off_within_the_limits():
    # A brief whose third page would hold two lines: set tighter, it takes two pages.
    base = read_article(EXAMPLE)
    for extra in range(1, 40):
        blocks = base.blocks[:-1] + tuple(Block.plain("paragraph", PARAGRAPH) for _ in range(extra)) + \
            base.blocks[-1:]
        article = replace(base, blocks=blocks)
        loose = page_ends.page_lines(_plain_layout(article))
        if len(loose) > 1 and loose[-1] < page_ends.SHORT_PAGE:
            break
    else:
        pytest.fail("no length gives a short last page")
    fitted = page_ends.page_lines(render_pdf(article))
    assert len(fitted) < len(loose) or fitted[-1] >= page_ends.SHORT_PAGE
    assert squash(PARAGRAPH) in squash(pdf_text(render_pdf(article)))


def _plain_layout(article):
    """The brief at the style sheet's own setting, without the page-end rule."""
    from exporter.render import pdf

    real = pdf.choose_fit
    try:
        pdf.choose_fit = lambda *args, **kwargs: pdf.Fit()
        return render_pdf(article)
    finally:
        pdf.choose_fit = real


def test_a_heading_never_ends_a_page():
    checked = 0
    for name, article in real_articles():
        headings = {squash(b.text) for b in article.blocks if b.kind == "heading"}
        if not headings:
            continue
        for page in real_brief(name)[:-1]:
            last = page[-1][1]
            assert squash(last) not in headings, (name, last)
        checked += 1
    assert checked >= 3


def test_a_heading_at_a_page_foot_keeps_the_start_of_its_paragraph_not_all_of_it():
    # a heading and the first lines of a long paragraph stay at the foot of a page when they fit, the paragraph
    # going on over the page; ReportLab's own KeepTogether would move both to the next page and leave the foot empty
    heading = "Người dân được hỗ trợ di dời tài sản"
    long_paragraph = " ".join(f"Đợt {k}, đoàn công tác kiểm tra từng tuyến đê xung yếu, ghi nhận những điểm sạt lở "
                              "và yêu cầu địa phương gia cố ngay trong đêm." for k in range(1, 9))
    split_under_heading = 0
    for fillers in range(8, 22):
        article = Article(title="Bão đổ bộ vào đất liền", blocks=(
            *(Block.plain("paragraph", f"{n}. {PARAGRAPH}") for n in range(fillers)),
            Block.plain("heading", heading), Block.plain("paragraph", long_paragraph),
            Block.plain("paragraph", PARAGRAPH)))
        pages = [lines for lines, _, _ in layout(_plain_layout(article))]
        where = next(i for i, lines in enumerate(pages) if any(squash(line[0]) == squash(heading) for line in lines))
        top = next(line[2] for line in pages[where] if squash(line[0]) == squash(heading))
        below = [line for line in pages[where] if line[2] < top and squash(line[0]) in squash(long_paragraph)]
        assert below, fillers  # never a heading alone at the foot of a page
        following = pages[where + 1] if where + 1 < len(pages) else []
        if any(squash(line[0]) in squash(long_paragraph) for line in following):
            split_under_heading += 1
    assert split_under_heading >= 2


def test_digest_articles_end_well_too():
    articles = [a for _, a in real_articles()][:12]
    digest = make_digest(articles, Options(), date="2026-12-06")
    data = render_digest(digest, "pdf", Options())
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    starts = [reader.get_destination_page_number(item) + 1 for item in reader.outline]
    lines = page_ends.page_lines(data)
    ends = [start - 1 for start in starts[1:]] + [len(lines)]
    for start, end in zip(starts, ends):
        assert end == start or lines[end - 1] >= page_ends.SHORT_PAGE, (start, end, lines[start - 1:end])


# --- the digest's front page --------------------------------------------------------------------------------------

def _digest_articles(tmp_path, count):
    lead_photo = tmp_path / "anh.jpg"
    lead_photo.write_bytes(pf.jpeg((1600, 1000), seed=4))
    out = []
    for n in range(count):
        photo = Block("image", (), photo=None)
        blocks = (Block.plain("lead", f"Tóm tắt bài số {n + 1}: " + PARAGRAPH), Block.plain("paragraph", PARAGRAPH))
        if n == 0:
            from exporter.model import Photo

            photo = Block("image", (), photo=Photo(str(lead_photo), data=lead_photo.read_bytes()))
            blocks = blocks[:1] + (photo, Block.plain("caption", "Ảnh bài đầu")) + blocks[1:]
        out.append(Article(title=f"Tin số {n + 1}: diễn biến mới nhất của sự kiện trong ngày", blocks=blocks,
                           source=("Báo Dân trí", "Báo VnExpress", "Tuổi Trẻ Online")[n % 3],
                           date=f"2026-12-{(n % 5) + 1:02d}T08:00:00+07:00"))
    return out


@pytest.mark.parametrize("count", [5, 40])
def test_the_front_page_is_one_page_with_the_lead_photo_and_every_headline_that_fits(tmp_path, count):
    articles = _digest_articles(tmp_path, count)
    digest = make_digest(articles, Options(), date="2026-12-06")
    data = render_digest(digest, "pdf", Options())
    pages = layout(data)
    cover_lines, cover_images, _ = pages[0]
    cover = squash(" ".join(text for text, *_ in cover_lines))
    assert cover_images, "the lead story's photo is on the front page"
    assert squash("Chủ nhật, 6 tháng 12 năm 2026") in cover and squash(f"{count} bài từ 3 nguồn") in cover
    shown = [n for n in range(1, count + 1) if squash(f"Tin số {n}: diễn biến") in cover]
    assert shown == list(range(1, len(shown) + 1)) and len(shown) >= min(count, 6)  # in order, as many as fit
    assert squash("Báo Dân trí · Thứ Ba, 01/12/2026") in cover and squash("Tóm tắt bài số 1") in cover
    if count > len(shown):  # the others are in the contents only, and the front page says how many
        assert squash(f"Và {count - len(shown)} bài khác trong mục lục, trang 2.") in cover
    # the front page is one page: the contents start on page 2 and hold every headline, with leaders, source, page
    contents = "\n".join(text for page in pages[1:4] for text, *_ in page[0])
    assert contents.startswith("Mục lục")
    for n in range(1, count + 1):
        assert re.search(rf"{n}\. Tin số {n}: .*?(\. ?){{8,}}(Báo Dân trí|Báo VnExpress|Tuổi Trẻ Online)",
                         contents, re.S), n


def test_bilingual_and_english_front_pages_speak_their_language(tmp_path):
    articles = _digest_articles(tmp_path, 3)
    translated = [replace(a, translation=Translation("vi", "en", "libre", "2026-12-06", f"News {i + 1}",
                                                     a.blocks)) for i, a in enumerate(articles)]
    english = render_digest(make_digest(translated, Options(layout="translation"), date="2026-12-06"), "pdf",
                            Options(layout="translation"))
    cover = squash(" ".join(text for text, *_ in layout(english)[0][0]))
    assert squash("News digest") in cover and squash("Sunday, 6 December 2026") in cover
    assert squash("3 articles from 3 sources") in cover and squash("Báo Dân trí · 1 December 2026") in cover
    both = render_digest(make_digest(translated, Options(layout="bilingual"), date="2026-12-06"), "pdf",
                         Options(layout="bilingual"))
    cover = squash(" ".join(text for text, *_ in layout(both)[0][0]))
    for text in ("Điểm tin", "News digest", "Chủ nhật, 6 tháng 12 năm 2026", "Sunday, 6 December 2026",
                 "3 bài từ 3 nguồn", "3 articles from 3 sources", "Tin số 1", "News 1"):
        assert squash(text) in cover, text


# --- print details ------------------------------------------------------------------------------------------------

def _linked():
    runs = (Inline("Giá hoa "), Inline("nhập khẩu", href="https://example.vn/tag/nhap-khau"),
            Inline(" tăng mạnh ở "), Inline("Đà Lạt", href="https://example.vn/tag/da-lat"), Inline("."))
    return Article(title="Giá hoa tăng", blocks=(Block.plain("lead", PARAGRAPH), Block("paragraph", runs)))


def test_links_are_text_in_print_and_coloured_for_screen_and_stay_clickable():
    from pypdf import PdfReader

    for links, coloured in (("print", False), ("screen", True)):
        data = render_pdf(_linked(), Options(links=links))
        around, link = word_colours(data, "tăng mạnh"), word_colours(data, "nhập khẩu")
        assert (link != around) == coloured, links
        annotations = [a.get_object() for a in PdfReader(io.BytesIO(data)).pages[0].get("/Annots", [])]
        uris = {a["/A"]["/URI"] for a in annotations if "/A" in a}
        assert uris == {"https://example.vn/tag/nhap-khau", "https://example.vn/tag/da-lat"}


def test_the_lead_has_its_box_in_every_layout():
    article = read_article(EXAMPLE)
    article = replace(article, translation=Translation("vi", "en", "libre", "2026-12-06", "Party boards",
                                                       article.blocks))
    for layout_name in ("original", "translation", "bilingual"):
        lines, _, rects = layout(render_pdf(article, Options(layout=layout_name)))[0]
        tinted = [r for r in rects if r[4] and all(abs(a - b) < 0.02 for a, b in zip(r[4], (0.949, 0.933, 0.902)))]
        assert tinted, layout_name
        lead = next(line for line in lines if line[0].startswith("Tại Hội nghị giao ban"))
        box = tinted[0]
        assert box[0] <= lead[1] and lead[3] <= box[2] and box[1] <= lead[2] <= box[3], layout_name
        if layout_name == "bilingual":  # one box under both columns
            assert box[2] - box[0] > 400


def test_markdown_brief_forms_tell_headline_meta_notice_and_captions_apart(tmp_path):
    article = photo_article(tmp_path)
    article = replace(article, source="Báo Mẫu", date="2024-05-02",
                      translation=Translation("vi", "en", "libre", "2026-12-06", "Storm No. 3 makes landfall",
                                              article.blocks))
    from exporter.render.markdown import render_markdown_files

    md = render_markdown_files(article, Options(layout="bilingual"), "bai")["bai.md"].decode("utf-8")
    tokens = MarkdownIt("commonmark").parse(md.split("\n---\n", 1)[1])
    blocks = []  # (kind, inline children's types, text) in order
    for i, tok in enumerate(tokens):
        if tok.type == "inline":
            inside = tokens[i - 2].type if i >= 2 else ""
            blocks.append((tokens[i - 1].type, inside, [c.type for c in tok.children], tok.content))
    headline, subtitle, meta, notice = blocks[:4]
    assert headline[0] == "heading_open"
    assert subtitle[2][0] == "em_open" and "Storm No. 3" in subtitle[3]  # the other language's headline: italics
    assert meta[2] == ["text"] and meta[3] == "Báo Mẫu · Thứ Năm, 02/05/2024"  # the meta line: plain
    assert notice[1] == "blockquote_open" and notice[3].startswith("[!NOTE]\nMachine translation")  # a note
    photo = next(b for b in blocks if "image" in b[2])
    assert photo[2][:3] == ["image", "hardbreak", "em_open"]  # the caption in italics under its image
    note = next(b for b in blocks if b[3].startswith("**Ảnh:**"))
    kinds = [kind for kind in note[2] if kind != "text"]
    assert kinds[:3] == ["strong_open", "strong_close", "em_open"]  # a photo note: the label in bold, then italics
