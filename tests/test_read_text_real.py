"""Plain-text patterns on real scraped articles (tests/fixtures/text, origins in labels.json), and the Word
patterns on tests/fixtures/docx. Each test names the pattern it holds to."""
import json
import logging
from pathlib import Path

import pytest

from exporter import read_article
from exporter.read.rules.credits import split_credit

TEXT = Path(__file__).parent / "fixtures" / "text"
DOCX = Path(__file__).parent / "fixtures" / "docx"
LABELS = json.loads((TEXT / "labels.json").read_text(encoding="utf-8"))["files"]


def _read(name):
    return read_article(str(TEXT / name))


@pytest.mark.parametrize("name, author, source, last_end", [
    ("sinh-vat-hinh-nhan.txt", "", "Vnexpress", "trong quá khứ."),              # "… quá khứ.Theo Vnexpress"
    ("phao-dai-tren-khong.txt", "", "VTC News", "hiểm trở nhất thế giới."),     # "….Theo VTC News"
    ("ha-thanh-lang-man.txt", "", "NCĐT", "trong giờ làm."),
    ("tinh-nhan-online.txt", "Trang Hạ", "", "trên facebook?"),                 # "… facebook?Trang Hạ"
    ("giai-van-hoc-chau-a.txt", "Hanki Nguyễn", "", "của Lê Nguyễn Lê."),      # a name ends the sentence before it
    ("ve-van-sai-gon.txt", "Minh Minh", "Dân Việt", "riêng của mình!"),          # "! Theo Minh Minh (Dân Việt)"
    ("ca-chet-sieu-mau.txt", "", "Kênh 14", "vùng biển tấn công."),            # "….Nguồn: Kênh 14"
])
def test_byline_glued_after_the_last_sentence_is_split_off(name, author, source, last_end):
    article = _read(name)
    assert (article.author, article.source) == (author, source)
    assert article.body[-1].endswith(last_end)


def test_last_sentence_ending_in_a_name_is_kept():
    article = _read("hang-o-to-nem-da.txt")  # "… lắng xuống,” ông Marchinone nói."
    assert article.body[-1].endswith("ông Marchinone nói.")
    assert (article.byline, article.author) == ("", "")


def test_byline_line_with_a_credit_and_a_source_line_after_it():
    article = _read("bac-sy-dinh-cong.txt")  # "Sầm Hoa (Theo Globalpost)" then "Nguồn: http://vietnamnet.vn/…"
    assert (article.author, article.source) == ("Sầm Hoa", "Globalpost")
    assert not any("vietnamnet.vn" in p for p in article.body)
    article = _read("benh-tram-cam.txt")  # "BS. Lê Thiện (Theo Sức Khỏe & Đời Sống)"
    assert (article.author, article.source) == ("BS. Lê Thiện", "Sức Khỏe & Đời Sống")
    assert article.byline not in article.captions


@pytest.mark.parametrize("byline, author, source", [
    ("Thu Hương", "Thu Hương", ""), ("Minh Châu (Theo The Verge)", "Minh Châu", "The Verge"),
    ("Quang Huy (t/h) Theo VnExpress", "Quang Huy", "VnExpress"), ("Theo VnExpress", "", "VnExpress"),
    ("Thu Thủy/VOV online", "Thu Thủy", "VOV online"), ("Sưu Tầm", "", ""),
    ("Nguồn: http://vietnamnet.vn/vn/quoc-te/54594/a.html", "", "vietnamnet.vn"),
    ("Vy Trần - Theo TTVN", "Vy Trần", "TTVN"), ("Theo Trúc An/Vietnamnet.vn", "Trúc An", "Vietnamnet.vn"),
    ("Nguồn: Sưu tầm", "", ""),
])
def test_theo_names_the_source_never_the_author(byline, author, source):
    assert split_credit(byline) == (author, source)


@pytest.mark.parametrize("tail", ["bà Lan. Thu Hương", "Windows 11. Minh Châu (Theo The Verge)",
                                  "nhất. Quang Huy (t/h) Theo VnExpress"])
def test_issue_examples_of_glued_bylines(tmp_path, tail):
    path = tmp_path / "a.txt"
    path.write_text(f"Tiêu đề\n\nSapo của bài.\n\nThân bài nói về {tail}\n", encoding="utf-8")
    article = read_article(path)
    assert article.author == split_credit(tail.split(". ", 1)[1])[0] != ""
    assert article.body[-1].endswith(tail.split(". ", 1)[0] + ".")


def test_sentence_ending_in_a_name_is_not_a_byline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Tiêu đề\n\nSapo của bài.\n\nMọi việc đã xong, ông Tuấn cho biết.\n", encoding="utf-8")
    article = read_article(path)
    assert article.byline == "" and article.body[-1] == "Mọi việc đã xong, ông Tuấn cho biết."


def test_photo_credit_full_stop_stays_with_the_caption():
    article = _read("qua-rung-sang-nhat.txt")  # "… Noel. (Ảnh: Discovery Magazine)."
    assert article.captions == ("Quả Pollia có hình dáng giống đèn trang trí cây thông Noel. "
                                "(Ảnh: Discovery Magazine).",)
    assert all(any(c.isalnum() for c in b.text) for b in article.blocks)
    assert article.author == ""  # the photographer is never the author


def test_caption_ending_in_a_bare_photo_credit():
    article = _read("hanh-ly-ky-gui.txt")  # "… vừa mở ra. Ảnh: Hành khách cung cấp"
    assert [c[:20] for c in article.captions] == ["Bên trong vali khi a", "Vali bị phá khóa. Th"]
    assert article.author == "Kiên Cường"


def test_first_line_that_is_a_photo_caption_is_no_headline(caplog):
    with caplog.at_level(logging.WARNING):
        article = _read("cho-tranh-nong.txt")  # a photo story: every line "… (Ảnh: Internet)"
    assert article.title == ""
    assert article.captions[0] == "Đặt vừa mông thì cứ thế mà ngồi thôi. Mát nhỉ! (Ảnh: Internet)"
    assert article.author == "" and article.body == ()
    assert "no headline" in caplog.text


def test_paragraph_too_long_for_a_headline(tmp_path, caplog):
    body = (TEXT / "sinh-vat-hinh-nhan.txt").read_text(encoding="utf-8").split("\n", 2)[2]  # without its headline
    path = tmp_path / "a.txt"
    path.write_text(body, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        article = read_article(path)
    assert article.title == "" and article.lead.startswith("Các giáo viên tại một trường học")
    assert "no headline" in caplog.text


def test_headline_repeated_with_a_picture_number_is_a_caption():
    article = _read("boc-tham-cup-c1.txt")  # "… Atletico Madrid - 1" under the first paragraph
    assert article.captions[0].endswith("Atletico Madrid - 1") and len(article.body) == 4


def test_decoration_lines_are_never_paragraphs():
    article = read_article(str(DOCX / "luat-56-2014-qh13.docx"))  # "-----------" under "QUỐC HỘI"
    assert all(any(c.isalnum() for c in b.text) for b in article.blocks)


def test_evaluation_runs_over_both_sets():
    import importlib.util

    spec = importlib.util.spec_from_file_location("extract_eval_text", Path(__file__).parent.parent / "benchmarks"
                                                  / "extract_eval_text.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    scores, _misses = module.evaluate("text")
    assert scores["author"][1] == len(LABELS) and scores["author"][0] >= len(LABELS) - 1


def test_word_footnotes_and_endnotes_are_kept_with_numbered_markers():
    article = read_article(str(DOCX / "footnotes-qua-rung.docx"))
    assert article.notes == ("Pollia condensata, loài cây thân thảo thuộc họ Thài lài.",
                             "Nghiên cứu đăng trên tạp chí PNAS năm 2012.", "Bài đăng lại từ VnExpress.")
    markers = [r for b in article.blocks for r in b.runs if r.note]
    assert [(r.text, r.note) for r in markers] == [("[1]", 1), ("[2]", 2), ("[3]", 3)]
    assert article.lead.endswith("cây thông Noel.[1]")
    assert article.to_dict()["notes"] == list(article.notes)


def test_word_template_title_is_ignored_when_the_text_does_not_hold_it():
    article = read_article(str(DOCX / "footnotes-qua-rung.docx"))  # core title "Mẫu bản tin tuần"
    assert article.title == "Loại quả rừng sáng nhất hành tinh"
    for name in ("luat-56-2014-qh13.docx", "luat-100-sl-l002.docx"):  # no properties: "Word Document"
        assert read_article(str(DOCX / name)).title != "Word Document"


def test_word_core_title_used_when_the_document_holds_it():
    article = read_article(str(DOCX / "core-title-matches.docx"))
    assert article.title == "Loại quả rừng sáng nhất hành tinh"
    assert not any(p.startswith("Loại quả rừng") for p in article.body)
    assert (article.author, article.source) == ("", "VnExpress")  # "Theo VnExpress" is the source


def test_brief_without_a_headline_is_headed_by_the_file_name(tmp_path):
    import io
    import re

    from markdown_it import MarkdownIt
    from pypdf import PdfReader

    from exporter import render_markdown, render_pdf

    article = _read("cho-tranh-nong.txt")
    assert article.title == "" and article.heading == "cho-tranh-nong"
    md = render_markdown(article)
    tokens = MarkdownIt("commonmark").parse(re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S))
    first_heading = next(tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open")
    assert first_heading == "cho-tranh-nong"
    assert 'title: ""' in md  # the front matter says there is no headline
    text = PdfReader(io.BytesIO(render_pdf(article))).pages[0].extract_text()
    assert text.lstrip().startswith("cho-tranh-nong")
    assert "Đặt vừa mông thì cứ thế mà ngồi thôi" in text  # the caption stays a caption, below


def test_footnotes_of_a_real_thesis_are_kept_in_reference_order():
    article = read_article(str(DOCX / "luan-van-footnotes.docx"))
    assert len(article.notes) == 10 and article.notes[0] == "http://www.fmsasg.com/SocialNetworkAnalysis/"
    numbers = [r.note for b in article.blocks for r in b.runs if r.note]
    assert numbers == list(range(1, 11))
    assert article.captions == ("Hình 0.1. Mô hình đồ thị mạng xã hội[1]",)  # the first marker is on the caption


def test_standard_input_without_a_headline_is_named_by_its_first_words():
    from exporter.pipeline import output_stem

    data = (TEXT / "cho-tranh-nong.txt").read_bytes()
    article = read_article("-", data=data, fmt="text")
    assert article.title == "" and article.heading.startswith("Đặt vừa mông thì cứ thế")
    assert output_stem(article, "-").startswith("dat-vua-mong-thi-cu-the")


def _body_tokens(md):
    import re

    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark").use(footnote_plugin).parse(re.sub(r"\A---\n.*?\n---\n", "", md, flags=re.S))


def test_word_notes_are_markdown_footnotes():
    from exporter import render_markdown

    article = read_article(str(DOCX / "footnotes-qua-rung.docx"))
    tokens = _body_tokens(render_markdown(article))
    refs = [child.meta["id"] for t in tokens if t.type == "inline" for child in t.children or ()
            if child.type == "footnote_ref"]
    assert refs == [0, 1, 2]  # three references, in order, each resolved to a definition
    defined = [t for t in tokens if t.type == "footnote_open"]
    assert len(defined) == 3
    texts = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "footnote_open"]
    assert texts == list(article.notes)
    # the marker sits right after the sentence it annotates
    lead = next(t for t in tokens if t.type == "inline" and t.content.startswith("**Ẩn sâu"))
    assert lead.content.endswith("Noel.[^1]**")


def test_word_notes_follow_the_body_in_the_pdf():
    import io

    from pypdf import PdfReader

    from exporter import render_pdf

    article = read_article(str(DOCX / "footnotes-qua-rung.docx"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(article))).pages)
    body_end = text.index("làm tổ trên cây.")
    notes = [text.index(f"{n}. {note}") for n, note in enumerate(article.notes, 1)]
    assert body_end < notes[0] < notes[1] < notes[2]
    assert "[1]" not in text  # the markers are raised numbers, not bracketed text
    assert "Noel.1" in text.replace("\n", "")


def test_digest_numbers_the_notes_of_all_its_articles_in_one_sequence():
    from exporter.model import Digest
    from exporter.render.digest_view import digest_view

    one = read_article(str(DOCX / "footnotes-qua-rung.docx"))
    two = read_article(str(DOCX / "luan-van-footnotes.docx"))
    view = digest_view(Digest(title="Tổng hợp", date="", articles=(one, two)))
    second = view.entries[1].view
    assert second.first_note == 4 and second.numbered_notes[0][0] == 4
    markers = [r.note for row in second.rows for r in row.text.runs if r.note]
    assert markers == list(range(4, 14))


def test_translated_text_keeps_the_note_markers():
    from dataclasses import replace

    from exporter import Options, render_markdown
    from exporter.model import Block, Translation

    article = read_article(str(DOCX / "footnotes-qua-rung.docx"))
    # a translation as a provider returns it: one run per block, the marker's text translated with the sentence
    blocks = tuple(Block.plain(b.kind, b.text.replace("Noel.", "Christmas trees.")) for b in article.blocks)
    tr = Translation("vi", "en", "fake", "2024-06-01", "The brightest fruit", blocks)
    md = render_markdown(replace(article, translation=tr), Options(layout="translation"))
    tokens = _body_tokens(md)
    refs = [c for t in tokens if t.type == "inline" for c in t.children or () if c.type == "footnote_ref"]
    assert len(refs) == 3 and len([t for t in tokens if t.type == "footnote_open"]) == 3
    assert "Christmas trees.[^1]" in md


# ---- Sub-headings of real plain-text articles (labelled in labels.json and corpus_labels.json) ----

def _headings(article):
    return [b.text for b in article.blocks if b.kind == "heading"]


@pytest.mark.parametrize("name", sorted(n for n, label in LABELS.items() if label.get("headings") is not None))
def test_real_texts_sub_headings_are_headings(name):
    from exporter.read.rules.line_roles import HEADING_WORDS

    article = _read(name)
    # every labelled sub-heading but a question longer than any sub-heading (an interviewer's greeting)
    wanted = [h for h in LABELS[name]["headings"] if len(h.split()) <= HEADING_WORDS + 2]
    assert _headings(article) == wanted
    for caption in LABELS[name].get("captions") or []:  # a caption never turns into a heading
        assert not any(h.startswith(caption.strip()) for h in _headings(article)), caption


def test_sub_headings_are_drawn_as_headings_in_the_pdf():
    import io

    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar, LTTextContainer, LTTextLine

    from exporter.render.pdf import render_pdf

    article = _read("gia-hoa-20-10.txt")
    data = render_pdf(article)
    fonts = {}
    for page in extract_pages(io.BytesIO(data)):
        for box in page:
            if isinstance(box, LTTextContainer):
                for line in box:
                    if isinstance(line, LTTextLine):
                        chars = [c for c in line if isinstance(c, LTChar)]
                        fonts[line.get_text().strip()] = {c.fontname.split("+")[-1] for c in chars}
    for heading in LABELS["gia-hoa-20-10.txt"]["headings"]:
        assert fonts.get(heading) and all("Bold" in f for f in fonts[heading]), (heading, fonts.get(heading))


CORPUS_LABELS = json.loads((TEXT / "corpus_labels.json").read_text(encoding="utf-8"))["files"]


@pytest.mark.parametrize("name", ["unc_news_business_014.txt", "unc_news_health_003.txt"])
def test_corpus_sub_headings_are_headings(name):
    # The issue's business article: four sub-headings were drawn as captions, a question one as body text.
    from conftest import corpus_dir

    article = read_article(str(corpus_dir("articles") / name))
    assert _headings(article) == CORPUS_LABELS[name]["headings"]
    assert all(any(c.startswith(w) for c in article.captions) for w in CORPUS_LABELS[name]["captions"])


def test_a_list_items_opening_is_told_as_the_expression_with_a_class_told_it():
    """A line opens a list item when it starts with a mark (looked for with str.startswith: sre compiled the class
    with – — • into a 64K-entry table, 1.5 M instructions of a cold render) or with one or two decimal digits and
    . or ) and a space: the same answer as the expression for every digit, mark and ASCII character first, alone or
    followed."""
    import re
    import sys

    from exporter.read.parse.text import _list_item

    expression = re.compile(r"^(?:[-–—•+*>]|\d{1,2}[.)]\s)")
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    digits = re.findall(r"\d", every)
    assert digits == [ch for ch in every if ch.isdecimal()]  # \d is str.isdecimal over all of Unicode
    firsts = digits + [chr(c) for c in range(0x80)] + list("–—•\u00a0\u2003é")
    differ = [line for c in firsts for line in (c, c + ". x", c * 2 + ") x", c + "7.\u3000x", c + "5.x")
              if _list_item(line) != bool(expression.match(line))]
    assert differ == []
    for line in ("", "12. Hà Nội", "123. Hà", "1.Hà", "١٢) x", "• Hà", "— Hà", "x - y"):
        assert _list_item(line) == bool(expression.match(line))


def test_a_bracketed_credit_is_looked_for_only_in_a_byline_that_ends_with_a_bracket():
    """split_credit tries its "Name (Agency)" expression only on a byline ending with ")" (its author is stripped:
    str.strip removes what the expression's \\s is, over all of Unicode): after a bracketed credit, the expression
    matches a stripped text only when it ends so."""
    import re
    import sys

    pattern = re.compile(r"^(.*?)\s*\(([^()]+)\)\s*$")
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    spaces = re.findall(r"\s", every)
    assert spaces == [ch for ch in every if ch.isspace()] == [ch for ch in every if not (ch + "x").strip()[:-1]]
    texts = [("Thu Hà (TTXVN)" + ch).strip() for ch in spaces + [chr(c) for c in range(0x3000)]]
    assert [t for t in texts if pattern.match(t) and not t.endswith(")")] == []
    assert sum(1 for t in texts if pattern.match(t)) > 20  # every white space after it, stripped
    assert split_credit("Thu Hà (TTXVN)") == ("Thu Hà", "TTXVN")
    assert split_credit("Thu Hà (TTXVN) ") == ("Thu Hà", "TTXVN")
