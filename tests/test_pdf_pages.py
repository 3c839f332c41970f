"""exporter.render.pdf_pages: the page machinery's own copies of ReportLab's classes behave as ReportLab's."""
from __future__ import annotations

import copy

from conftest import EXAMPLE
from reportlab.lib import colors
from reportlab.platypus import Frame

from exporter.render.pdf_pages import frame_class


def _frame(cls):
    frame = cls(10, 20, 300, 500, id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    frame._reset()
    frame._frameBGs = []  # as the document template gives every frame it draws
    return frame


def _state(frame):
    return {key: (value if not isinstance(value, list) else [list(item) if isinstance(item, list) else item
                                                             for item in value])
            for key, value in vars(frame).items()}


def test_the_frame_copy_is_the_copy_deepcopy_makes():
    """ReportLab deep-copies the frame to measure a group kept together; the frame's own copy takes its numbers
    and strings in one step and copies its backgrounds deeply, as ``copy.deepcopy`` does."""
    ours, theirs = _frame(frame_class()), _frame(Frame)
    for frame in (ours, theirs):
        frame._frameBGs.append([0, 0, 0, colors.red])  # a background (ReportLab's frameBG) while it is set
        frame.add_generated = ["not", "plain"]  # any other value that is not a number or a string
    copied, expected = copy.deepcopy(ours), copy.deepcopy(theirs)
    assert type(copied) is type(ours)
    assert _state(copied) == _state(expected) == _state(ours)
    assert copied._frameBGs is not ours._frameBGs and copied._frameBGs[0] is not ours._frameBGs[0]
    assert copied.add_generated is not ours.add_generated

    plain = _frame(frame_class())
    copied = copy.deepcopy(plain)
    assert vars(copied) == vars(plain) and copied._frameBGs is not plain._frameBGs
    copied._y -= 50  # the copy is measured on; the frame is not moved
    assert plain._y != copied._y


# --- the document information, written by pdf_text: the bytes ReportLab's PDFString writes ---------------------------

def test_pdf_text_is_what_reportlab_writes_for_every_character():
    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFString

    from exporter.render.pdf_info import pdf_text

    doc = PDFDocument()
    chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
    chars += ["\U0001f600", "\U00010000", "\U0010fffd", "\U000e0041"]
    # each character with Vietnamese letters around it (UTF-16), and each alone (PDFDocEncoding when it has it)
    for start in range(0, len(chars), 512):
        text = "Hà " + "".join(chars[start:start + 512]) + " Nội ()\\"
        assert b"(" + pdf_text(text) + b")" == PDFString(text).format(doc)
    for char in chars:
        assert b"(" + pdf_text(char) + b")" == PDFString(char).format(doc), repr(char)
    for text in ("", "Plain (ASCII) \\ text", "Café ü €", "Tiêu đề: “trích dẫn” … 😀"):
        assert b"(" + pdf_text(text) + b")" == PDFString(text).format(doc)


def test_document_information_is_written_as_reportlab_writes_it(monkeypatch):
    """The quick information object gives ReportLab's bytes and the same document ID; the PDF of a brief is the
    same byte for byte with ReportLab's own."""
    import hashlib

    from reportlab.pdfbase.pdfdoc import PDFDocument, PDFInfo

    from exporter.options import Options
    from exporter.pipeline import read_article
    from exporter.render import pdf_info, pdf_pages
    from exporter.render.pdf import render_pdf

    fields = {"title": "Giá vàng (SJC) tăng \\ mạnh", "author": "Hồ Nhi", "subject": "Sapo “dài” … 😀",
              "creator": "vnbrief", "keywords": ""}
    ours, theirs = pdf_info.info_class()(), PDFInfo()
    for info in (ours, theirs):
        info.__dict__.update(fields)
    doc = PDFDocument(invariant=1)
    assert ours.format(doc) == theirs.format(doc)
    assert (ours.title, ours.author, ours.subject) == (fields["title"], fields["author"], fields["subject"])
    digests = [hashlib.md5(), hashlib.md5()]
    ours.digest(digests[0])
    theirs.digest(digests[1])
    assert digests[0].digest() == digests[1].digest()

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    article = read_article(EXAMPLE)
    quick = render_pdf(article, Options())
    monkeypatch.setattr(pdf_pages, "info_class", lambda: PDFInfo)
    assert render_pdf(article, Options()) == quick
