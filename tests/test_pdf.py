"""The PDF brief, read back: every letter right, fonts embedded, markup escaped, reproducible."""
from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
import unicodedata

import pytest
from conftest import EXAMPLE, corpus_dir, cp1258_bytes, pdf_text, squash
from pypdf import PdfReader

from exporter.errors import UsageError
from exporter.model import Article, Block, Inline
from exporter.options import Options
from exporter.pipeline import read_article
from exporter.render import fonts as fontlib
from exporter.render.pdf import render_pdf
from exporter.render.styles import build_styles


def article_of(*paragraphs: str, title: str = "Tiêu đề") -> Article:
    return Article(title=title, blocks=tuple(Block.plain("paragraph", p) for p in paragraphs))


def assert_reads_back(article: Article, data: bytes) -> str:
    text = pdf_text(data)
    assert not any(unicodedata.combining(ch) for ch in text), "combining marks in the PDF text"
    assert "\ufffd" not in text
    # Page footers ("<short title>  n / N") interrupt paragraphs that run across pages: take them out.
    from exporter.render.pdf import short_title
    footer = re.escape(squash(short_title(article.title, 60)))
    flat = re.sub(footer + r"\d+/\d+", "", squash(text))
    for piece in [article.title] + [b.text for b in article.blocks]:
        assert squash(piece) in flat, piece[:60]
    return text


def test_sample_article_reads_back_exactly():
    article = read_article(EXAMPLE)
    data = render_pdf(article)
    text = assert_reads_back(article, data)
    assert "1 / 1" in text
    assert len(data) <= 50 * 1024, f"sample PDF is {len(data)} bytes"


@pytest.mark.parametrize("variant", ["nfd", "utf16", "cp1258", "utf8-bom"])
def test_sample_copies_read_back_as_nfc(tmp_path, variant):
    source = EXAMPLE.read_text(encoding="utf-8")
    path = tmp_path / f"article-{variant}.txt"
    if variant == "nfd":
        path.write_bytes(unicodedata.normalize("NFD", source).encode("utf-8"))
    elif variant == "utf16":
        path.write_bytes(source.encode("utf-16"))
    elif variant == "cp1258":
        path.write_bytes(cp1258_bytes(source))
    else:
        path.write_bytes(b"\xef\xbb\xbf" + source.encode("utf-8"))
    reference = read_article(EXAMPLE)
    article = read_article(path)
    assert article.title == reference.title and article.blocks == reference.blocks
    assert_reads_back(reference, render_pdf(article))


def test_every_corpus_article_reads_back():
    for path in sorted(corpus_dir("articles").glob("*.txt")):
        article = read_article(path)
        assert_reads_back(article, render_pdf(article))


def _fonts(data: bytes):
    reader = PdfReader(io.BytesIO(data))
    found = {}
    for page in reader.pages:
        resources = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def test_only_embedded_subset_fonts():
    data = render_pdf(read_article(EXAMPLE))
    fonts = _fonts(data)
    assert fonts
    for name, font in fonts.items():
        assert re.match(r"^/[A-Z]{6}\+", name), name
        assert "Helvetica" not in name and "Times" not in name
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} not embedded"


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils not installed")
def test_pdffonts_lists_only_embedded_subsets(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(render_pdf(read_article(EXAMPLE)))
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines
    for line in lines:
        cols = line.split()
        assert re.match(r"^[A-Z]{6}\+", cols[0]), line
        emb, sub = cols[-5], cols[-4]
        assert (emb, sub) == ("yes", "yes"), line


def test_document_info():
    article = read_article(EXAMPLE)
    reader = PdfReader(io.BytesIO(render_pdf(article)))
    meta = reader.metadata
    assert meta.title == article.title
    assert meta.author == "Hồ Nhi"
    assert meta.subject.startswith("Tại Hội nghị giao ban")
    from exporter import __version__
    assert meta.creator == f"vnbrief {__version__}"
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_source_date_epoch_gives_identical_bytes(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1624838400")
    article = read_article(EXAMPLE)
    first = render_pdf(article)
    second = render_pdf(article)
    assert first == second
    assert b"20210628" in first  # the creation date comes from SOURCE_DATE_EPOCH


def test_lines_are_broken_once_per_width_and_the_pdf_is_the_same(monkeypatch, tmp_path):
    """Paragraphs keep the lines they broke for a width (a heading's group is measured, then placed; a paragraph
    too long for the page is measured again to be split): fewer line breaks, the same PDF as ReportLab's own."""
    from reportlab.platypus import Paragraph
    from reportlab.platypus import paragraph as rl_paragraph

    from exporter.render import pdf_flow

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    body = ("Ủy ban nhân dân tỉnh cho biết mưa lớn kéo dài khiến nhiều tuyến đường bị chia cắt, hàng nghìn hộ dân "
            "phải sơ tán khẩn cấp trong đêm. ") * 14
    source = tmp_path / "bai.md"
    source.write_text("# Lũ quét ở Lào Cai\n\n" + "".join(f"## Phần {n}\n\n{body}\n\n{body}\n\n" for n in range(6)),
                      encoding="utf-8")
    article = read_article(source)
    breaks = []
    real_break = rl_paragraph.Paragraph.breakLines
    monkeypatch.setattr(rl_paragraph.Paragraph, "breakLines",
                        lambda self, widths: breaks.append(1) or real_break(self, widths))
    once = render_pdf(article)
    broken_once = len(breaks)
    breaks.clear()
    monkeypatch.setattr(pdf_flow, "paragraph_class", lambda: Paragraph)  # ReportLab's own, lines broken each time
    again = render_pdf(article)
    assert once == again
    assert len(PdfReader(io.BytesIO(once)).pages) >= 3  # headings kept with what follows, paragraphs split
    assert broken_once < len(breaks)


def test_reportlab_markup_is_printed_as_written():
    tricky = ("<b>không đậm</b> & <font name=\"Courier\">x</font> <img src=\"a.png\"/> &amp; <br/> "
              "<para>y</para> <a href=\"javascript:x\">z</a>")
    article = article_of(tricky, title="A & B <i>tiêu đề</i>")
    text = pdf_text(render_pdf(article))
    assert squash(tricky) in squash(text)
    assert squash("A & B <i>tiêu đề</i>") in squash(text)


def test_ten_thousand_character_word_wraps():
    word = ("Nghịquyết" * 1112)[:10000]
    article = article_of("Trước " + word + " sau.")
    assert_reads_back(article, render_pdf(article))


def test_long_article_counts_pages():
    paragraphs = [f"Đoạn {i}: " + "Nghị quyết Đại hội XIII của Đảng được triển khai. " * 12 for i in range(40)]
    data = render_pdf(article_of(*paragraphs, title="Bài dài"))
    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    assert pages >= 3
    for n, page in enumerate(reader.pages, 1):
        assert f"{n} / {pages}" in page.extract_text()


def test_all_vietnamese_letters_in_every_face():
    letters = fontlib.VIETNAMESE_LETTERS
    assert len(letters) == 134 and len(set(letters)) == 134
    article = Article(title=letters, blocks=(
        Block.plain("lead", letters), Block.plain("paragraph", letters), Block.plain("caption", letters),
        Block("paragraph", (Inline(letters, bold=True, italic=True),)),
    ))
    for font in ("serif", "sans"):
        data = render_pdf(article, Options(font=font))
        assert squash(pdf_text(data)).count(letters) >= 5
        assert all(f"Noto{font.title()}" in name for name in _fonts(data))


def test_bundled_families_cover_vietnamese():
    for key in fontlib.BUNDLED:
        family = fontlib.bundled_family(key)
        for path in family.faces().values():
            assert fontlib.missing_vietnamese(path) == "", path


def test_missing_character_drawn_from_fallback_font(caplog):
    article = article_of("Ngôi sao ★ và mũi tên → và dấu ✓.")
    with caplog.at_level(logging.WARNING, logger="exporter"):
        data = render_pdf(article)
    assert not caplog.records
    assert "★" in pdf_text(data) and "✓" in pdf_text(data)
    assert any("DejaVu" in name for name in _fonts(data))


def test_character_no_font_has_is_named_in_a_warning(caplog):
    article = article_of("Ký tự lạ \U000f0000 ở đây.")
    with caplog.at_level(logging.WARNING, logger="exporter"):
        render_pdf(article)
    assert any("U+F0000" in r.getMessage() for r in caplog.records)


def test_leading_is_at_least_1_3():
    names = fontlib.register_family(fontlib.bundled_family("serif"))
    for name, style in build_styles(names).styles.items():
        assert style.leading >= 1.3 * style.fontSize, name


def test_letter_paper():
    reader = PdfReader(io.BytesIO(render_pdf(article_of("Đoạn."), Options(paper="letter"))))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    reader = PdfReader(io.BytesIO(render_pdf(article_of("Đoạn."))))
    assert round(float(reader.pages[0].mediabox.height)) == 842


def test_user_font_folder(tmp_path):
    for path in fontlib.bundled_family("sans").faces().values():
        shutil.copy(path, tmp_path / path.name)
    article = read_article(EXAMPLE)
    data = render_pdf(article, Options(font=str(tmp_path)))
    assert_reads_back(article, data)
    assert all("NotoSans" in name for name in _fonts(data))


def test_user_font_without_vietnamese_is_refused(tmp_path):
    from fontTools import subset

    src = fontlib.bundled_family("sans").regular
    out = tmp_path / "AsciiOnly-Regular.ttf"
    subset.main([str(src), "--unicodes=U+0020-007E", f"--output-file={out}"])
    with pytest.raises(UsageError) as err:
        render_pdf(article_of("Đoạn."), Options(font=str(tmp_path)))
    assert "lacks 134 of the 134 Vietnamese letters" in str(err.value)
    assert str(out) in str(err.value)


def test_emphasis_and_links_use_the_faces():
    article = Article(title="T", blocks=(Block("paragraph", (
        Inline("thường "), Inline("đậm", bold=True), Inline(" "), Inline("nghiêng", italic=True), Inline(" "),
        Inline("liên kết", href="https://example.org/"))),))
    data = render_pdf(article)
    names = " ".join(_fonts(data))
    assert "NotoSerif-Bold" in names and "NotoSerif-Italic" in names
    reader = PdfReader(io.BytesIO(data))
    annots = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    assert any(a["/A"]["/URI"] == "https://example.org/" for a in annots)


def test_photo_note_label_is_bold_on_the_captions_first_line():
    """A photo note opens with its label in bold ("Ảnh:"), the caption in italics right after it on the same
    baseline, as one line of text (the label is drawn apart from the caption's paragraph, which then takes
    ReportLab's one-face line breaker): read back by font and position."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer

    data = render_pdf(read_article(EXAMPLE))
    chars = [ch for page in extract_pages(io.BytesIO(data)) for box in page if isinstance(box, LTTextContainer)
             for line in box for ch in line if isinstance(ch, LTChar)]
    text = unicodedata.normalize("NFC", "".join(ch.get_text() for ch in chars))
    at = text.index("Ảnh:")
    label = chars[at:at + 4]
    caption = [ch for ch in chars[at + 4:at + 9] if ch.get_text().strip()][:3]
    assert unicodedata.normalize("NFC", "".join(ch.get_text() for ch in caption)) == "Hội"
    assert all(ch.fontname.endswith("Bold") for ch in label), [ch.fontname for ch in label]
    assert all(ch.fontname.endswith("Italic") for ch in caption), [ch.fontname for ch in caption]
    assert len({round(ch.y0, 2) for ch in label + caption}) == 1  # one baseline
    space = caption[0].x0 - label[-1].x1  # the label's space: as wide as a space of the label's size, no more
    assert 1.5 < space < 3.5, space
    assert "Ảnh: Hội nghị giao ban trực tuyến" in pdf_text(data)
