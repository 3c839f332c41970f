"""Photos in briefs and digests, read back where a user meets them: the PDF's image objects (count, pixel size,
placement) with pypdf and pdfminer, the Markdown's image links with markdown-it-py and the files beside it."""
from __future__ import annotations

import io
import logging
from typing import Dict, Optional

import photo_files as pf
import pytest
from conftest import pdf_text, squash
from markdown_it import MarkdownIt

from exporter.options import Options
from exporter.pipeline import read_article, render_all, with_photos

PARAGRAPHS = [
    "Sáng nay, bão số 3 đổ bộ vào Quảng Ninh và Hải Phòng với sức gió mạnh cấp 12, giật cấp 14, gây mưa lớn.",
    "Chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm trước khi bão đổ bộ vào đất liền.",
    "Theo dự báo, bão suy yếu thành áp thấp nhiệt đới và tiếp tục gây mưa to ở các tỉnh miền núi phía Bắc.",
    "Lực lượng cứu hộ đã có mặt tại các điểm xung yếu để hỗ trợ người dân di dời tài sản đến nơi an toàn.",
]


def photo_article(folder, photos, name="bai.md"):
    """A Markdown article with a photo and its caption after each paragraph; ``photos`` are (file, bytes)."""
    parts = ["# Bão số 3 đổ bộ vào Quảng Ninh", PARAGRAPHS[0]]
    for i, (file, data) in enumerate(photos):
        (folder / file).write_bytes(data)
        parts += [f"![Ảnh {i + 1}](<{file}>)", f"Chú thích ảnh số {i + 1} (Ảnh: Minh Anh)", PARAGRAPHS[(i + 1) % 4]]
    path = folder / name
    path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return path


def pdf_objects(data: bytes, renamed: Optional[Dict[str, str]] = None) -> bytes:
    """Every object of a PDF as one text to compare: streams decoded (page contents are compressed), the keys of a
    dictionary sorted (their order means nothing to a PDF reader), each name of ``renamed`` (a part of a name, or
    of a stream) replaced first."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

    def rename(text):
        for old, new in (renamed or {}).items():
            text = text.replace(old, new) if isinstance(text, str) else text.replace(old.encode(), new.encode())
        return text

    def plain(obj):
        if isinstance(obj, IndirectObject):
            return ("ref", obj.idnum, obj.generation)
        if isinstance(obj, DictionaryObject):
            return sorted((rename(str(k)), plain(v)) for k, v in obj.items() if k not in ("/Length", "/Filter"))
        if isinstance(obj, ArrayObject):
            return [plain(v) for v in obj]
        return rename(repr(obj))

    reader = PdfReader(io.BytesIO(data))
    parts = []
    for number in range(1, reader.trailer["/Size"]):
        obj = reader.get_object(IndirectObject(number, 0, reader))
        parts.append(repr(plain(obj)).encode())
        if isinstance(obj, StreamObject):
            parts.append(rename(obj.get_data()))
    return b"\n".join(parts)


def pdf_images(data: bytes):
    """(width, height) in pixels of every image drawn in the PDF, page by page."""
    from pypdf import PdfReader

    sizes = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for image in page.images:
            sizes.append(image.image.size)
    return sizes


def drawn_widths(data: bytes):
    """Widths (points) at which each image is drawn on its page."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTFigure, LTImage

    widths = []
    for page in extract_pages(io.BytesIO(data)):
        for element in page:
            items = list(element) if isinstance(element, LTFigure) else [element]
            widths += [round(item.width) for item in items if isinstance(item, LTImage)]
    return widths


def brief(path, **options):
    opts = Options(cache_dir=str(path.parent / "cache"), **options)
    article = with_photos(read_article(path, opts), opts)
    return render_all(article, str(path), opts)


def test_three_photos_in_the_pdf_at_print_resolution(tmp_path):
    path = photo_article(tmp_path, [("1.jpg", pf.jpeg((4000, 2600), seed=1, quality=95)),
                                    ("2.png", pf.png((1800, 1200), seed=2)), ("3.jpg", pf.jpeg((900, 1400), seed=3))])
    outputs = brief(path)
    pdf = outputs["bai.pdf"]
    sizes = pdf_images(pdf)
    assert len(sizes) == 3
    column = 595.28 - 2 * 56.69  # A4 less 20 mm margins
    assert max(w for w, _ in sizes) <= round(column / 72 * 150) + 1  # downsampled to 150 dpi
    assert len(pdf) < 1_000_000
    text = squash(pdf_text(pdf))
    for i in range(1, 4):
        assert squash(f"Chú thích ảnh số {i} (Ảnh: Minh Anh)") in text


@pytest.mark.parametrize("mode, count", [("all", 3), ("lead", 1), ("none", 0)])
def test_images_option(tmp_path, mode, count):
    path = photo_article(tmp_path, [(f"{i}.jpg", pf.jpeg(seed=i)) for i in range(3)])
    outputs = brief(path, images=mode)
    assert len(pdf_images(outputs["bai.pdf"])) == count
    assert len([n for n in outputs if n.startswith("bai_files/")]) == count
    text = squash(pdf_text(outputs["bai.pdf"]))
    markdown = outputs["bai.md"].decode("utf-8")
    if mode == "none":  # no photos asked for: their captions are left out too (the one caption rule)
        assert squash("Chú thích ảnh số") not in text and "Chú thích ảnh số" not in markdown
    else:  # a caption of a photo left out by --images lead is a photo note, never a stray line
        assert squash("Ảnh 3 · Chú thích ảnh số 3") in text if mode == "lead" else squash("Chú thích ảnh số 3") in text
        assert ("*Ảnh 3 · Chú thích ảnh số 3" in markdown) == (mode == "lead")


def test_markdown_links_its_photos_beside_the_brief(tmp_path):
    path = photo_article(tmp_path, [("1.jpg", pf.jpeg(seed=1)), ("a b.png", pf.png(seed=2))])
    outputs = brief(path)
    tokens = MarkdownIt("commonmark").parse(outputs["bai.md"].decode("utf-8"))
    images = [child for tok in tokens if tok.type == "inline" for child in tok.children or [] if child.type == "image"]
    assert [img.attrGet("src") for img in images] == ["bai_files/01.jpg", "bai_files/02.jpg"]
    assert [img.content for img in images] == ["Ảnh 1", "Ảnh 2"]
    from PIL import Image

    for img in images:
        Image.open(io.BytesIO(outputs[str(img.attrGet("src"))])).verify()


def test_cli_writes_the_photos_folder_with_the_brief(tmp_path, run_cli):
    path = photo_article(tmp_path, [("1.jpg", pf.jpeg())])
    out = tmp_path / "out"
    result = run_cli("render", path, "-o", out, "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        "bai.md", "bai.pdf", "bai_files/01.jpg"]


def test_photos_from_a_page_on_the_web_downloaded_once(tmp_path, static_site):
    page = (f"<html><head><title>Bão</title></head><body><article><h1>Bão số 3 đổ bộ vào Quảng Ninh</h1>"
            f"<p>{PARAGRAPHS[0]} {PARAGRAPHS[1]}</p><figure><img src='/anh/1.jpg' alt='Cây đổ'>"
            f"<figcaption>Cây đổ trên phố (Ảnh: Minh Anh)</figcaption></figure><p>{PARAGRAPHS[2]} {PARAGRAPHS[3]}</p>"
            f"<p>{PARAGRAPHS[1]} {PARAGRAPHS[0]}</p></article></body></html>")
    url = static_site.add("/tin/bai.html", page.encode("utf-8"), "text/html; charset=utf-8")
    static_site.add("/anh/1.jpg", pf.jpeg(), "image/jpeg")
    opts = Options(cache_dir=str(tmp_path / "cache"))
    for _ in range(2):
        outputs = render_all(with_photos(read_article(url, opts), opts), url, opts)
        assert len(pdf_images(outputs[next(n for n in outputs if n.endswith(".pdf"))])) == 1
    assert static_site.hits["/anh/1.jpg"] == 1  # the second render used the photo cache
    link = opts.__class__(cache_dir=opts.cache_dir, images="link")
    md = render_all(with_photos(read_article(url, link), link), url, link)
    text = next(data for name, data in md.items() if name.endswith(".md")).decode("utf-8")
    assert f"(<{static_site.url('/anh/1.jpg')}>)" in text
    assert not any("_files/" in name for name in md)


def test_bilingual_photo_spans_both_columns(tmp_path, translation_server):
    path = photo_article(tmp_path, [("1.jpg", pf.jpeg())])
    opts = Options(translate=True, provider="libre", provider_url=translation_server.url, layout="bilingual",
                   cache_dir=str(tmp_path / "cache"))
    outputs = render_all(with_photos(read_article(path, opts), opts), str(path), opts)
    pdf = outputs[next(n for n in outputs if n.endswith(".pdf"))]
    column = 595.28 - 2 * 56.69
    assert drawn_widths(pdf) == [round(column)]


BAD = {
    "truncated.jpg": pf.jpeg()[:3000],
    "bomb.png": pf.png_bomb(),
    "drawing.svg": pf.SVG,
    "phone.heic": pf.HEIC,
    "junk.jpg": b"this is not an image at all",
}
GOOD = {
    "cmyk.jpg": pf.cmyk_jpeg(),
    "palette.png": pf.png(mode="P"),
    "anim.gif": pf.gif_animated(),
    "photo.webp": pf.webp(),
    "grey16.png": pf.png16(),
}


def test_bad_images_never_fail_a_brief(tmp_path, run_cli):
    path = photo_article(tmp_path, list(BAD.items()) + list(GOOD.items()))
    out = tmp_path / "out"
    result = run_cli("render", path, "-o", out, "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.stderr
    pdf = (out / "bai.pdf").read_bytes()
    assert len(pdf_images(pdf)) == len(GOOD)
    warnings = [line for line in result.stderr.splitlines() if "left out" in line]
    for name in BAD:
        assert sum(name in line for line in warnings) >= 1, (name, result.stderr)
    text = squash(pdf_text(pdf))
    for i in range(1, len(BAD) + len(GOOD) + 1):
        assert squash(f"Chú thích ảnh số {i} (Ảnh") in text  # every caption stays
    assert len(list((out / "bai_files").iterdir())) == len(GOOD)


def test_digest_draws_photos(tmp_path, run_cli):
    a = photo_article(tmp_path, [("1.jpg", pf.jpeg(seed=1))], "a.md")
    b = photo_article(tmp_path, [("2.jpg", pf.jpeg(seed=2)), ("3.jpg", pf.jpeg(seed=3))], "b.md")
    result = run_cli("digest", a, b, "-o", tmp_path / "d.pdf", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.stderr
    data = (tmp_path / "d.pdf").read_bytes()
    # every photo in its article, and the lead story's photo on the front page too (the same image, stored once)
    assert len(pdf_images(data)) == 4
    from pypdf import PdfReader

    cover = PdfReader(io.BytesIO(data)).pages[0]
    assert len(cover.images) == 1 and cover.images[0].image.size == pdf_images(data)[1]
    assert data.count(b"/Subtype /Image") == 3
    result = run_cli("digest", a, b, "-o", tmp_path / "e.pdf", "--images", "none", "--cache-dir", tmp_path / "cache")
    assert len(pdf_images((tmp_path / "e.pdf").read_bytes())) == 0


def test_image_warning_is_one_line(tmp_path, caplog):
    path = photo_article(tmp_path, [("bad\nname.jpg", b"junk")])
    with caplog.at_level(logging.WARNING):
        outputs = brief(path)
    assert pdf_images(outputs["bai.pdf"]) == []
    assert all("\n" not in r.getMessage() for r in caplog.records)


def test_two_urls_with_one_headline_keep_their_own_photos(tmp_path, static_site, run_cli):
    for n in (1, 2):
        page = (f"<html><head><title>Bão</title></head><body><article><h1>Bão số 3 đổ bộ vào Quảng Ninh</h1>"
                f"<p>{PARAGRAPHS[0]} {PARAGRAPHS[1]}</p><figure><img src='/anh/{n}.jpg' alt='Ảnh {n}'>"
                f"<figcaption>Ảnh số {n} (Ảnh: Minh Anh)</figcaption></figure><p>{PARAGRAPHS[2]} {PARAGRAPHS[3]}</p>"
                f"<p>{PARAGRAPHS[1]} {PARAGRAPHS[0]}</p></article></body></html>")
        static_site.add(f"/tin/{n}.html", page.encode("utf-8"), "text/html; charset=utf-8")
        static_site.add(f"/anh/{n}.jpg", pf.jpeg(seed=n), "image/jpeg")
    out = tmp_path / "out"
    result = run_cli("render", static_site.url("/tin/1.html"), static_site.url("/tin/2.html"), "-o", out, "-f", "md",
                     "--jobs", "1", "--cache-dir", tmp_path / "cache")
    assert result.exit_code == 0, result.stderr
    briefs = sorted(out.glob("*.md"))
    assert len(briefs) == 2
    seen = set()
    for md in briefs:
        tokens = MarkdownIt("commonmark").parse(md.read_text(encoding="utf-8"))
        src = next(c.attrGet("src") for t in tokens if t.type == "inline"
                   for c in t.children or [] if c.type == "image")
        assert (out / str(src)).is_file() and str(src).startswith(md.stem + "_files/")
        seen.add((out / str(src)).read_bytes())
    assert len(seen) == 2


def test_word_and_saved_page_photos_reach_the_pdf_and_markdown(tmp_path):
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.add_heading("Bão số 3 đổ bộ vào Quảng Ninh", 1)
    document.add_paragraph(PARAGRAPHS[0])
    document.add_picture(io.BytesIO(pf.jpeg((2400, 1600), seed=4)), width=Inches(4))
    document.add_paragraph("Cây đổ trên phố (Ảnh: Minh Anh)", style="Caption")
    document.add_paragraph(PARAGRAPHS[1])
    word = tmp_path / "bao.docx"
    document.save(word)
    folder = tmp_path / "trang_files"
    folder.mkdir()
    (folder / "anh.jpg").write_bytes(pf.jpeg((1800, 1200), seed=5))
    page = tmp_path / "trang.html"
    page.write_text(f"<html><head><meta charset='utf-8'><title>Bão</title></head><body><article>"
                    f"<h1>Bão số 3 đổ bộ vào Quảng Ninh</h1><p>{PARAGRAPHS[0]} {PARAGRAPHS[1]}</p>"
                    f"<figure><img data-src='trang_files/anh.jpg' src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
                    f"<figcaption>Cây đổ trên phố (Ảnh: Minh Anh)</figcaption></figure><p>{PARAGRAPHS[2]} "
                    f"{PARAGRAPHS[3]}</p><p>{PARAGRAPHS[1]} {PARAGRAPHS[0]}</p></article></body></html>",
                    encoding="utf-8")
    for path, stem in ((word, "bao"), (page, "trang")):
        outputs = brief(path)
        sizes = pdf_images(outputs[f"{stem}.pdf"])
        assert len(sizes) == 1 and sizes[0][0] <= round((595.28 - 2 * 56.69) / 72 * 150) + 1, (stem, sizes)
        tokens = MarkdownIt("commonmark").parse(outputs[f"{stem}.md"].decode("utf-8"))
        srcs = [c.attrGet("src") for t in tokens if t.type == "inline" for c in t.children or [] if c.type == "image"]
        assert srcs == [f"{stem}_files/01.jpg"] and f"{stem}_files/01.jpg" in outputs


def test_digest_leaves_out_an_article_that_cannot_be_laid_out(tmp_path, monkeypatch, caplog):
    """One article whose page cannot be laid out (here: a drawing taller than any page, which ReportLab can
    neither split nor fit) is reported and left out; the digest of the others is written."""
    from reportlab.platypus import Flowable

    from exporter.digest import make_digest
    from exporter.render import digest_pdf

    class Tower(Flowable):
        def wrap(self, width, height):
            return width, 5000

        def draw(self):
            pass

    real = digest_pdf.flowables

    def with_tower(rows, prepared, width, level=0.0):
        out = real(rows, prepared, width, level)
        if any("Tháp" in "".join(r.text for r in row.runs) for row in rows):
            out.append(Tower())
        return out

    monkeypatch.setattr(digest_pdf, "flowables", with_tower)
    good = [read_article(photo_article(tmp_path, [], f"{n}.md")) for n in "ab"]
    tower = tmp_path / "c.md"
    tower.write_text(f"# Tháp cao nhất\n\n{PARAGRAPHS[0]}\n\nTháp cao nhất.\n", encoding="utf-8")
    digest = make_digest([good[0], read_article(tower), good[1]], Options(), date="2026-11-28")
    with caplog.at_level(logging.WARNING):
        pdf = digest_pdf.render_digest_pdf(digest, Options())
    text = squash(pdf_text(pdf))
    assert squash("Tháp cao nhất") not in text and text.count(squash("Bão số 3 đổ bộ vào Quảng Ninh")) >= 2
    assert "article 2 (Tháp cao nhất) cannot be laid out" in caplog.text


def test_jpegs_named_by_their_bytes_draw_the_pdf_reportlab_draws(tmp_path, monkeypatch):
    """A JPEG is drawn past canvas.drawImage under the md5 of its bytes: the PDF is object for object the one
    ReportLab draws itself (same ReportLab, same bytes; streams compared decoded), but for each JPEG's name
    (ReportLab's: the md5 of its decoded pixels, which it decodes the JPEG again to work out), photos drawn twice
    and a PNG drawing included."""
    import hashlib

    from PIL import Image, ImageDraw

    from exporter.render import images, pdf_flow

    def reportlab_name(picture):  # ReportLab's ImageReader.getRGBData of a grey or RGB JPEG: Pillow's tobytes
        with Image.open(io.BytesIO(picture.data)) as img:
            assert img.mode in ("L", "RGB")
            return hashlib.md5(img.tobytes() + b"auto").hexdigest()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    flat = Image.new("RGB", (1200, 800), "white")
    for i in range(10):
        ImageDraw.Draw(flat).rectangle((i * 110, 60, i * 110 + 70, 740), fill=(i * 25, 90, 160))
    drawing = pf.encode(flat, "PNG")  # few colours: kept as PNG
    path = photo_article(tmp_path, [("a.jpg", pf.jpeg((2400, 1600), seed=1)), ("b.png", drawing),
                                    ("c.jpg", pf.jpeg((900, 1400), seed=3)), ("d.jpg", pf.jpeg((2400, 1600), seed=1))])
    images._PREPARED.clear()
    named = brief(path, formats=("pdf",), jobs=2)["bai.pdf"]
    jpegs = [p for p in images._PREPARED.values() if p.format == "JPEG"]
    assert sorted(p.format for p in images._PREPARED.values()) == ["JPEG", "JPEG", "PNG"]  # the same photo twice once
    images._PREPARED.clear()
    monkeypatch.setattr(pdf_flow, "xobject_name", lambda picture: "")  # ReportLab names and draws them itself
    plain = brief(path, formats=("pdf",), jobs=2)["bai.pdf"]
    names = {reportlab_name(picture): hashlib.md5(picture.data).hexdigest() for picture in jpegs}
    for reportlabs, ours in names.items():  # each JPEG drawn under its name, in both PDFs
        assert named.count(ours.encode()) == plain.count(reportlabs.encode()) > 0 and ours.encode() not in plain
    assert pdf_objects(named) == pdf_objects(plain, renamed=names)
    assert len(pdf_images(named)) == 4 and named.count(b"/Subtype /Image") == 3  # the same photo twice: one image
    images._PREPARED.clear()
