"""The Word reader, on .docx files the tests build with python-docx (and zip files built with zipfile)."""
from __future__ import annotations

import datetime
import io
import zipfile

import pytest

docx = pytest.importorskip("docx")
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from exporter.errors import ExitStatus, InputError  # noqa: E402
from exporter.model import Article, SourceInfo  # noqa: E402
from exporter.options import Options  # noqa: E402
from exporter.read.parse import docx as docx_reader  # noqa: E402
from exporter.read.parse.docx import read_doc, read_docx  # noqa: E402

# The first line of a Dân trí article as Word keeps it when typed in a TCVN3 (.VnTime) or a VNI (VNI-Times)
# font: each 8-bit code stored as the Windows-1252 character of that byte.
UNICODE = "Đại sứ Azerbaijan thông tin về cuộc đụng độ tại điểm nóng Nagorno-Karabakh"
TCVN3 = ("\xa7\xb9i s\xf8 Azerbaijan th\xabng tin v\xd2 cu\xe9c \xae\xf4ng \xae\xe9 t\xb9i \xaei\xd3m n\xe3ng "
         "Nagorno-Karabakh")
VNI = ("\xd1a\xefi s\xf6\xf9 Azerbaijan tho\xe2ng tin ve\xe0 cuo\xe4c \xf1u\xefng \xf1o\xe4 ta\xefi \xf1ie\xe5m "
       "no\xf9ng Nagorno-Karabakh")
BODY = ("Ủy ban nhân dân thành phố vừa phê duyệt kế hoạch cải tạo mười hai công viên trong năm nay, với tổng kinh "
        "phí khoảng 200 tỷ đồng.")


def _bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _read(data: bytes, name: str = "bai.docx") -> Article:
    return read_docx(data, SourceInfo(path=name, format="docx"), Options())


def _add_hyperlink(paragraph, text: str, url: str) -> None:
    rid = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _article_doc():
    document = docx.Document()
    props = document.core_properties
    props.author, props.created, props.title = "Lan Hương", datetime.datetime(2024, 5, 1, 8, 0), ""
    document.add_paragraph("Thành phố cải tạo mười hai công viên", style="Title")
    lead = document.add_paragraph("Kinh phí khoảng 200 tỷ đồng, ưu tiên các công viên xuống cấp ở khu dân cư.")
    body = document.add_paragraph("Người dân ")
    body.add_run("rất hài lòng").bold = True
    body.add_run(" với ")
    body.add_run("không gian xanh").italic = True
    body.add_run(" mới, theo ")
    _add_hyperlink(body, "khảo sát của phường", "https://bao.example/khao-sat")
    body.add_run(" công bố tuần trước.")
    document.add_heading("Thi công hai đợt", level=2)
    document.add_paragraph(BODY)
    document.add_paragraph("Công viên Thống Nhất sau cải tạo", style="Caption")
    document.add_paragraph("Ảnh: Ngọc Thành")
    document.add_paragraph("Thành phố cam kết công khai tiến độ.", style="Quote")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Công viên Thống Nhất"
    table.cell(0, 1).text = "Công viên Lênin"
    byline = document.add_paragraph("Lan Hương")
    byline.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document, lead


def test_structure_emphasis_links_and_metadata():
    document, _ = _article_doc()
    article = _read(_bytes(document))
    assert article.title == "Thành phố cải tạo mười hai công viên"
    assert article.author == "Lan Hương" and article.date == "2024-05-01"
    assert article.input.format == "docx" and article.input.repairs == ()
    kinds = [(b.kind, b.text) for b in article.blocks]
    assert kinds[0] == ("lead", "Kinh phí khoảng 200 tỷ đồng, ưu tiên các công viên xuống cấp ở khu dân cư.")
    assert ("heading", "Thi công hai đợt") in kinds
    assert ("caption", "Công viên Thống Nhất sau cải tạo") in kinds
    assert ("caption", "Ảnh: Ngọc Thành") in kinds
    assert ("quote", "Thành phố cam kết công khai tiến độ.") in kinds
    assert ("paragraph", "Công viên Thống Nhất") in kinds and ("paragraph", "Công viên Lênin") in kinds
    assert kinds[-1] == ("byline", "Lan Hương")
    body = next(b for b in article.blocks if b.text.startswith("Người dân"))
    assert body.text == "Người dân rất hài lòng với không gian xanh mới, theo khảo sát của phường công bố tuần trước."
    runs = {r.text: r for r in body.runs}
    assert runs["rất hài lòng"].bold and not runs["rất hài lòng"].italic
    assert runs["không gian xanh"].italic and not runs["không gian xanh"].bold
    assert runs["khảo sát của phường"].href == "https://bao.example/khao-sat"
    # reading order kept
    order = [b.text for b in article.blocks]
    assert order.index("Thi công hai đợt") < order.index(BODY) < order.index("Công viên Thống Nhất sau cải tạo")


def test_title_from_core_properties_and_not_repeated():
    document = docx.Document()
    document.core_properties.title = "Công viên mới"
    document.core_properties.author = "python-docx"  # a tool, not a writer
    document.add_paragraph("Công viên mới")
    document.add_paragraph(BODY)
    document.add_paragraph("Thêm một đoạn nữa về tiến độ thi công.")
    article = _read(_bytes(document))
    assert article.title == "Công viên mới"
    assert all(b.text != "Công viên mới" for b in article.blocks)
    assert article.author == ""


def test_heading_1_is_the_title_when_there_is_no_other():
    document = docx.Document()
    document.core_properties.title = ""
    document.add_heading("Tiêu đề ở dạng Heading 1", level=1)
    document.add_paragraph(BODY)
    assert _read(_bytes(document)).title == "Tiêu đề ở dạng Heading 1"



# Each way a Word file names its headline, with a line before it that is no headline (a kicker, a section name):
# the headline is found by its style or the document's properties, not by coming first.
KICKER = "Tin trong ngày"


@pytest.mark.parametrize("how", ["title-style", "core-properties", "heading-1"])
def test_the_headline_is_found_by_its_style_or_the_properties_not_by_its_place(how):
    document = docx.Document()
    document.core_properties.title = "Giá điện tăng từ tháng sau" if how == "core-properties" else ""
    document.add_paragraph(KICKER)
    headline = "Giá điện tăng từ tháng sau"
    if how == "title-style":
        document.add_paragraph(headline, style="Title")
    elif how == "heading-1":
        document.add_heading(headline, level=1)
    else:
        document.add_paragraph(headline)
    document.add_paragraph(BODY)
    document.add_paragraph("Thêm một đoạn nữa về tiến độ thi công và ý kiến của người dân trong phường.")
    article = _read(_bytes(document))
    assert article.title == headline
    assert article.blocks[0].text == KICKER  # the kicker stays, as text


def test_a_short_right_aligned_last_paragraph_is_the_byline():
    document = docx.Document()
    document.add_paragraph("Công viên mới", style="Title")
    document.add_paragraph(BODY)
    document.add_paragraph("Thêm một đoạn nữa về tiến độ thi công và ý kiến của người dân trong phường.")
    credit = document.add_paragraph("nhóm phóng viên thời sự")  # in lower case: no line of names by itself
    credit.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    assert _read(_bytes(document)).blocks[-1].kind == "byline"
    credit.alignment = WD_ALIGN_PARAGRAPH.LEFT
    assert _read(_bytes(document)).blocks[-1].kind == "paragraph"

def _legacy_doc(font: str, text: str, *, where: str = "run"):
    document = docx.Document()
    document.add_paragraph("Bài cũ", style="Title")
    if where == "style":
        style = document.styles.add_style("CuVanBan", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        style.font.name = font
        document.add_paragraph(text, style="CuVanBan")
    elif where == "default":
        defaults = document.styles.element.find(qn("w:docDefaults"))
        fonts = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
        for attr in ("w:ascii", "w:hAnsi"):
            fonts.set(qn(attr), font)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        document.add_paragraph(text)
    else:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).font.name = font
    document.add_paragraph(BODY).runs[0].font.name = "Times New Roman"
    return _bytes(document)


@pytest.mark.parametrize("font,text,label", [(".VnTime", TCVN3, "TCVN3"), ("VNI-Times", VNI, "VNI")])
def test_legacy_font_runs_are_converted(font, text, label):
    article = _read(_legacy_doc(font, text))
    assert UNICODE in [b.text for b in article.blocks]
    assert BODY in [b.text for b in article.blocks]  # Unicode runs are left alone
    assert article.input.repairs == (f"converted 1 run from {label} ({font})",)


@pytest.mark.parametrize("where", ["style", "default"])
def test_legacy_font_from_the_style_or_the_document_default(where):
    article = _read(_legacy_doc(".VnTime", TCVN3, where=where))
    assert UNICODE in [b.text for b in article.blocks]
    assert any("TCVN3" in note for note in article.input.repairs)


def test_capital_tcvn3_font_gives_capitals():
    article = _read(_legacy_doc(".VnTimeH", "tr\xadêng \xae¹i häc"))
    assert "TRƯỜNG ĐẠI HỌC" in [b.text for b in article.blocks]


def test_deleted_and_hidden_text_is_left_out():
    document = docx.Document()
    document.add_paragraph("Tiêu đề", style="Title")
    paragraph = document.add_paragraph("Giữ lại. ")
    paragraph.add_run("Ẩn đi.").font.hidden = True
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    text = OxmlElement("w:delText")
    text.text = "Đã xoá."
    run.append(text)
    deleted.append(run)
    paragraph._p.append(deleted)
    document.add_paragraph(BODY)
    texts = [b.text for b in _read(_bytes(document)).blocks]
    assert "Giữ lại." in [t.strip() for t in texts]
    assert not any("Ẩn" in t or "xoá" in t for t in texts)


# --- refusals ----------------------------------------------------------------------------------------------

def _refused(data: bytes, match: str, reader=read_docx) -> InputError:
    with pytest.raises(InputError, match=match) as caught:
        reader(data, SourceInfo(path="bai.docx", format="docx"), Options())
    assert caught.value.exit_code == ExitStatus.INPUT
    assert "bai.docx" in str(caught.value)
    return caught.value


def test_old_binary_doc_is_refused_with_a_hint():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4000)
    err = _refused(ole, "old binary Word document", reader=read_doc)
    assert "save it as .docx" in str(err)
    _refused(ole, "old binary Word document")  # also when misnamed .docx


def test_a_docx_misnamed_doc_is_read():
    document, _ = _article_doc()
    article = read_doc(_bytes(document), SourceInfo(path="bai.doc", format="doc"), Options())
    assert article.title == "Thành phố cải tạo mười hai công viên"


def test_rtf_and_other_bytes_are_refused():
    _refused(b"{\\rtf1\\ansi Tr\\'ean}", "RTF", reader=read_doc)
    _refused(b"just some text", "not a Word .docx file")


def test_truncated_docx_is_refused():
    data = _bytes(_article_doc()[0])
    _refused(data[: len(data) // 2], "damaged or truncated")


def test_zip_without_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    _refused(out.getvalue(), "not a Word document")


def test_broken_document_xml_is_refused():
    source = zipfile.ZipFile(io.BytesIO(_bytes(_article_doc()[0])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            data = b"<w:document" if item.filename == "word/document.xml" else source.read(item.filename)
            archive.writestr(item, data)
    _refused(out.getvalue(), "not a readable Word document")


def test_zip_bomb_is_refused_before_unpacking():
    # 20 MB of zeros compress to ~20 KB (ratio ~1000:1), far past the 100:1 limit for members over 1 MB
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", bytes(20 * 1024 * 1024))
    assert len(out.getvalue()) < 100 * 1024
    _refused(out.getvalue(), "zip bomb")


def test_member_size_limit(monkeypatch):
    data = _bytes(_article_doc()[0])
    monkeypatch.setattr(docx_reader, "MAX_MEMBER_BYTES", 1000)
    _refused(data, "would unpack to")
    monkeypatch.setattr(docx_reader, "MAX_MEMBER_BYTES", 50 * 1024 * 1024)
    monkeypatch.setattr(docx_reader, "MAX_TOTAL_BYTES", 5000)
    _refused(data, "would unpack to more than .* in all")


def test_empty_document_is_refused():
    _refused(_bytes(docx.Document()), "holds no text")


def test_importing_the_module_loads_no_word_library():
    import subprocess
    import sys
    from pathlib import Path

    code = "import sys, exporter.read.parse.docx; assert 'docx' not in sys.modules, 'imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[1])


def test_template_date_of_python_docx_is_not_the_article_date():
    document = docx.Document()  # python-docx's template: author "python-docx", created 2013-12-23
    document.add_paragraph("Tiêu đề")
    document.add_paragraph("Sapo của bài viết.")
    article = _read(_bytes(document))
    assert (article.author, article.date) == ("", "")
    document.core_properties.author = "Hồ Nhi"
    document.core_properties.created = datetime.datetime(2021, 6, 28, 9, 0)
    article = _read(_bytes(document))
    assert (article.author, article.date) == ("Hồ Nhi", "2021-06-28")
