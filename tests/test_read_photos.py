"""Photos found by the readers, at their place in the story with their captions: saved news pages (lazy
loading, srcset, the "…_files" folder), Markdown images and pictures in Word files."""
from __future__ import annotations

import io

import photo_files as pf

from exporter.pipeline import read_article

PARAGRAPH = ("Sáng nay, bão số 3 đổ bộ vào Quảng Ninh và Hải Phòng với sức gió mạnh cấp 12, giật cấp 14, gây mưa "
             "lớn trên diện rộng và làm nhiều cây xanh bị đổ, nhiều tuyến đường bị ngập sâu trong nước.")


def _page(files: str) -> str:
    return f"""<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Bão số 3 đổ bộ</title>
<meta property="og:title" content="Bão số 3 đổ bộ vào Quảng Ninh"></head><body>
<header><img src="{files}/logo.png" width="120" height="40" alt="logo"></header>
<article><h1>Bão số 3 đổ bộ vào Quảng Ninh</h1>
<p>{PARAGRAPH}</p>
<figure><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="{files}/anh-1.jpg" alt="Cây đổ">
<figcaption>Cây xanh bật gốc trên phố (Ảnh: Minh Anh)</figcaption></figure>
<p>Chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm trước khi bão đổ bộ, đồng thời bố trí
lực lượng cứu hộ túc trực tại các điểm xung yếu dọc bờ biển và các khu dân cư thấp trũng.</p>
<p><a href="https://facebook.com/share"><img src="{files}/share.png" width="24" height="24"></a></p>
<figure><img srcset="{files}/anh-2-small.jpg 480w, {files}/anh-2.jpg 1200w" src="{files}/anh-2-small.jpg" alt="Sóng">
<figcaption>Sóng lớn đánh vào kè biển (Ảnh: Quang Huy)</figcaption></figure>
<p>Theo dự báo, sau khi vào đất liền bão suy yếu thành áp thấp nhiệt đới, tiếp tục gây mưa to đến rất to ở các
tỉnh miền núi phía Bắc trong hai ngày tới, với nguy cơ lũ quét và sạt lở đất ở vùng cao.</p>
</article></body></html>"""


def test_saved_page_photos_with_their_captions(tmp_path):
    folder = tmp_path / "bai_files"
    folder.mkdir()
    for name, seed in (("anh-1.jpg", 1), ("anh-2.jpg", 2), ("anh-2-small.jpg", 3)):
        (folder / name).write_bytes(pf.jpeg(seed=seed))
    page = tmp_path / "bai.html"
    page.write_text(_page("bai_files"), encoding="utf-8")
    article = read_article(page)
    srcs = [p.src for p in article.photos]
    assert srcs == [str(folder / "anh-1.jpg"), str(folder / "anh-2.jpg")]  # lazy source, widest srcset; no icons
    kinds = [b.kind for b in article.blocks]
    first = kinds.index("image")
    assert kinds[first + 1] == "caption" and article.blocks[first + 1].text.startswith("Cây xanh bật gốc")
    assert kinds.count("image") == 2
    assert not any("Ảnh:" in t for t in article.body)


def test_page_from_the_web_resolves_photos_against_its_address(static_site):
    page = static_site.add("/tin/bai.html", _page("/media").encode("utf-8"), "text/html; charset=utf-8")
    article = read_article(page)
    assert [p.src for p in article.photos] == [static_site.url("/media/anh-1.jpg"), static_site.url("/media/anh-2.jpg")]


def test_markdown_images_relative_to_the_file(tmp_path):
    (tmp_path / "anh.jpg").write_bytes(pf.jpeg())
    md = tmp_path / "bai.md"
    md.write_text(f"# Bão số 3\n\n{PARAGRAPH}\n\n![Cây đổ trên phố (Ảnh: Minh Anh)](anh.jpg)\n\nĐoạn cuối của bài.\n",
                  encoding="utf-8")
    article = read_article(md)
    assert [b.kind for b in article.blocks] == ["lead", "image", "caption", "paragraph"]
    assert article.photos[0].src == str(tmp_path / "anh.jpg")


def test_word_pictures_in_order_with_bytes(tmp_path):
    import docx
    from docx.shared import Inches

    document = docx.Document()
    document.add_heading("Bão số 3 đổ bộ vào Quảng Ninh", 1)
    document.add_paragraph(PARAGRAPH)
    document.add_picture(io.BytesIO(pf.jpeg(seed=1)), width=Inches(4))
    document.add_paragraph("Cây xanh bật gốc trên phố (Ảnh: Minh Anh)", style="Caption")
    document.add_paragraph("Chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm.")
    document.add_picture(io.BytesIO(pf.png(seed=2)), width=Inches(3))
    document.add_paragraph("Sóng lớn đánh vào kè biển (Ảnh: Quang Huy)", style="Caption")
    path = tmp_path / "bai.docx"
    document.save(path)
    article = read_article(path)
    assert [b.kind for b in article.blocks] == ["lead", "image", "caption", "paragraph", "image", "caption"]
    assert [p.data for p in article.photos] == [pf.jpeg(seed=1), pf.png(seed=2)]


def test_markdown_italic_line_under_an_image_is_its_caption(tmp_path):
    (tmp_path / "anh.jpg").write_bytes(pf.jpeg())
    md = tmp_path / "bai.md"
    md.write_text(f"# Bão số 3\n\n{PARAGRAPH}\n\n![Cây đổ](anh.jpg)\n\n*Cây đổ trên phố Hạ Long (Ảnh: Minh Anh)*\n\n"
                  "Đoạn cuối của bài.\n", encoding="utf-8")
    article = read_article(md)
    assert [b.kind for b in article.blocks] == ["lead", "image", "caption", "paragraph"]
    assert article.captions == ("Cây đổ trên phố Hạ Long (Ảnh: Minh Anh)",)
    assert article.photos[0].alt == "Cây đổ"


def test_photo_stays_above_its_caption_when_the_lead_repeats_it(tmp_path):
    (tmp_path / "anh.jpg").write_bytes(pf.jpeg())
    caption = "Hội nghị giao ban trực tuyến các tỉnh, thành phố khu vực miền Bắc năm 2021."
    md = tmp_path / "bai.md"
    md.write_text(f"# Tiêu đề\n\nTại {caption[0].lower()}{caption[1:-1]} hôm 28/6, bà Mai phát biểu.\n\n"
                  f"![Hội nghị](anh.jpg)\n\n*{caption}*\n\n{PARAGRAPH}\n", encoding="utf-8")
    kinds = [b.kind for b in read_article(md).blocks]
    assert kinds == ["lead", "image", "caption", "paragraph"]
