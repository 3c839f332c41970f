"""Translated briefs: the translation, bilingual and original layouts in PDF and Markdown, with the
machine-translation notice. The translation here is made by hand, so no provider is involved."""
from __future__ import annotations

import io
from dataclasses import replace

import pytest
from conftest import EXAMPLE, pdf_text, squash
from pypdf import PdfReader
from test_markdown import body_html, front_matter

from exporter.model import Block, Translation
from exporter.options import Options
from exporter.pipeline import language_suffix, read_article
from exporter.render.markdown import render_markdown
from exporter.render.pdf import render_pdf


def translated(article, states=None, title_state="machine"):
    blocks = tuple(b if b.kind == "byline" else Block.plain(b.kind, f"EN{i}: " + b.text[:40].upper())
                   for i, b in enumerate(article.blocks))
    return replace(article, translation=Translation(
        source_lang="vi", target_lang="en", provider="libre", date="2026-11-27", title="Provincial party boards",
        blocks=blocks, states=tuple(states or ("machine",) * len(blocks)), title_state=title_state))


@pytest.fixture
def article():
    return translated(read_article(EXAMPLE))


def test_translation_layout_pdf(article):
    data = render_pdf(article, Options(layout="translation"))
    text = pdf_text(data)
    flat = squash(text)
    assert flat.startswith(squash("Provincial party boards" + article.title))  # English headline, then Vietnamese
    # the notice's date in the English form of the date formatter
    assert squash("Machine translation (vi → en) by LibreTranslate on 27 November 2026. Not reviewed by a person.") \
        in flat
    for block in article.translation.blocks:
        assert squash(block.text) in flat
    assert squash(article.lead) not in flat  # the Vietnamese body is not repeated
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Provincial party boards"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_bilingual_pdf_two_columns_across_pages(article):
    long_para = "Nghị quyết Đại hội XIII của Đảng được triển khai ở các tỉnh. " * 60
    base = read_article(EXAMPLE)
    blocks = base.blocks + tuple(Block.plain("paragraph", long_para) for _ in range(3))
    doc = translated(replace(base, blocks=blocks))
    data = render_pdf(doc, Options(layout="bilingual"))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    flat = squash(pdf_text(data))
    assert squash(long_para[:200]) in flat.replace(squash("Nghịquyết"), squash("Nghịquyết"))
    # Each English paragraph sits beside its Vietnamese one: on page 1 the first English line is right of the
    # Vietnamese lead, at the same height.
    positions = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            positions.setdefault(text.strip()[:6], (cm[4] + tm[4], cm[5] + tm[5]))

    reader.pages[0].extract_text(visitor_text=visit)
    vi = positions.get("Tại Hộ")
    en = positions.get("EN0: T")
    assert vi and en and en[0] > vi[0] + 150 and abs(en[1] - vi[1]) < 2


def test_edited_and_approved_segments_are_marked_and_counted_apart(article):
    n = len(article.translation.blocks)
    doc = translated(read_article(EXAMPLE), states=["approved", "edited"] + ["machine"] * (n - 2),
                     title_state="approved")
    text = squash(pdf_text(render_pdf(doc, Options(layout="translation"))))
    assert squash("2 of") in text and "approvedbyaperson(marked†);1editedbyapersonandnotyetapproved(marked‡)" in text
    assert text.count("‡") >= 2 and "Provincialpartyboards†" in text  # in the notice, and after the segment
    md = render_markdown(doc, Options(layout="translation"))
    meta = front_matter(md)["translation"]
    assert (meta["approved_segments"], meta["edited_segments"]) == (2, 1)


def test_translation_markdown(article):
    md = render_markdown(article, Options(layout="translation"))
    meta = front_matter(md)
    assert meta["title"] == "Provincial party boards" and meta["original_title"] == article.title
    assert meta["lang"] == "en"
    assert meta["translation"]["machine"] is True
    assert meta["translation"]["provider"] == "libre" and meta["translation"]["date"] == "2026-11-27"
    html = body_html(md)
    assert "<h1>Provincial party boards</h1>" in html
    assert "Machine translation (vi → en) by LibreTranslate" in html
    assert "Tại Hội nghị" not in html


def test_bilingual_markdown_alternates(article):
    html = body_html(render_markdown(article, Options(layout="bilingual")))
    vi = html.index("Tại Hội nghị giao ban")
    en = html.index("EN0: TẠI HỘI NGHỊ")
    body1 = html.index("Trưởng Ban Tổ chức Trung ương Trương Thị Mai cho biết")
    assert vi < en < body1


def test_original_layout_ignores_translation(article):
    data = render_pdf(article, Options(layout="original"))
    assert "EN0" not in pdf_text(data)
    assert "EN0" not in render_markdown(article, Options(layout="original"))


@pytest.mark.parametrize("layout, suffix", [("translation", ".en"), ("bilingual", ".vi-en"), ("original", "")])
def test_output_names_carry_the_language(article, layout, suffix):
    assert language_suffix(article, Options(layout=layout)) == suffix
    assert language_suffix(read_article(EXAMPLE), Options(layout=layout)) == ""


def test_meta_line_is_source_and_date_in_the_layouts_language():
    from exporter.render.layout import meta_line

    base = read_article(EXAMPLE, Options(source="Báo VnExpress", date="2026-03-07T00:05:00+07:00"))
    assert meta_line(base) == "Báo VnExpress · Thứ Bảy, 07/03/2026"  # the author is in the byline, not here
    assert meta_line(base, "en") == "Báo VnExpress · 7 March 2026"
    assert meta_line(replace(base, date="28/6/2021")) == "Báo VnExpress · Thứ Hai, 28/06/2021"
    assert meta_line(replace(base, date="hôm qua")) == "Báo VnExpress · hôm qua"  # no date in it: as given
    assert meta_line(base, date_format="iso") == "Báo VnExpress · 2026-03-07"


def _fonts_not_embedded(data: bytes):
    """Names of the fonts a PDF uses without embedding them (what pdffonts shows with emb "no")."""
    missing = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            for part in [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]:
                descriptor = part.get("/FontDescriptor")
                if part.get("/Subtype") == "/Type0":
                    continue
                if descriptor is None or not any(k in descriptor.get_object()
                                                 for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(part.get("/BaseFont")))
    return missing


@pytest.mark.parametrize("layout", ["translation", "bilingual", "original"])
def test_every_font_is_embedded(article, layout):
    assert _fonts_not_embedded(render_pdf(article, Options(layout=layout))) == set()


def test_every_font_of_the_digest_is_embedded(article):
    from exporter.digest import make_digest
    from exporter.render.digest_pdf import render_digest_pdf

    for layout in ("translation", "bilingual"):
        options = Options(layout=layout)
        assert _fonts_not_embedded(render_digest_pdf(make_digest([article, article], options), options)) == set()


def _long(article):
    """The sample article, three pages long in every layout."""
    long_para = "Nghị quyết Đại hội XIII của Đảng được triển khai ở các tỉnh và thành phố. " * 40
    english = "The resolution of the 13th Party Congress is being carried out in the provinces and cities. " * 40
    base = read_article(EXAMPLE)
    doc = translated(replace(base, blocks=base.blocks + tuple(Block.plain("paragraph", long_para)
                                                                for _ in range(4))))
    blocks = tuple(Block.plain("paragraph", english) if b.text == long_para else t
                   for b, t in zip(doc.blocks, doc.translation.blocks))
    return replace(doc, translation=replace(doc.translation, blocks=blocks))


@pytest.mark.parametrize("layout", ["translation", "bilingual"])
def test_the_machine_translation_notice_is_in_every_pages_footer(layout):
    doc = _long(None)
    data = render_pdf(doc, Options(layout=layout))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 3
    notice = squash("Machine translation (vi → en) by LibreTranslate on 27 November 2026. Not reviewed by a person.")
    for page in reader.pages:
        footer: list = []

        def low(text, cm, tm, font, size, footer=footer):
            if cm[5] + tm[5] < 60:  # within the bottom margin
                footer.append(text)

        page.extract_text(visitor_text=low)
        assert notice in squash("".join(footer))
    assert _fonts_not_embedded(data) == set()
    original = PdfReader(io.BytesIO(render_pdf(doc, Options(layout="original"))))
    assert all("Machine translation" not in page.extract_text() for page in original.pages)


def test_the_digest_carries_each_articles_notice_in_its_footers():
    from exporter.digest import make_digest
    from exporter.render.digest_pdf import render_digest_pdf

    options = Options(layout="translation")
    reader = PdfReader(io.BytesIO(render_digest_pdf(make_digest([_long(None)], options), options)))
    article_pages = [page.extract_text() for page in reader.pages[2:]]
    assert len(article_pages) >= 2
    assert all(squash("Machine translation (vi → en) by LibreTranslate") in squash(text) for text in article_pages)


def test_bilingual_markdown_keeps_the_emphasis_of_lead_and_caption():
    base = read_article(EXAMPLE)
    doc = translated(replace(base, blocks=base.blocks + (Block.plain("caption", "Ảnh quang cảnh hội nghị."),)))
    html = body_html(render_markdown(doc, Options(layout="bilingual")))
    assert "<blockquote>\n<p><strong>EN0: TẠI HỘI NGHỊ" in html  # the English lead, bold like the Vietnamese
    # a caption without its photo: a photo note in both languages ("Ảnh …" already says what it is)
    assert "<p><em>Ảnh quang cảnh hội nghị.</em></p>\n<blockquote>\n<p><strong>Photo:</strong> <em>EN" in html
