"""The fonts embedded in a PDF are subset by exporter.render.font_subset, ReportLab's algorithm with what it reads
kept per face: the same bytes as ReportLab's own ``makeSubset``, subset for subset, on every bundled face; a face
it does not read as ReportLab would is subset by ReportLab; the PDF is the same to the byte either way."""
from __future__ import annotations

import random
import weakref

import pytest
from conftest import CORPUS, EXAMPLE, ROOT, pdf_text, squash

FACES = sorted((ROOT / "fonts").glob("*.ttf"))


def real_subsets(font, texts):
    """The subsets ReportLab builds for a document drawing ``texts`` with ``font`` (its own splitting, ASCII
    readable as configured), each as ``makeSubset`` is given it."""
    document = type("Document", (), {})()  # a key for the font's per-document state
    for text in texts:
        font.splitString(text, document)
    return [list(subset) for subset in font.state[document].subsets]


def texts():
    found = [EXAMPLE.read_text("utf-8")]
    found += [path.read_text("utf-8") for path in sorted((CORPUS / "articles").glob("*.txt"))]
    found.append("ẮẰẲẴẶ ẤẦẨẪẬ ẾỀỂỄỆ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ Đđ “trích dẫn” – ‰ € № ½ ∞ ≤ ≥ … ﬁ")
    return found


@pytest.mark.parametrize("path", FACES, ids=lambda p: p.stem)
def test_each_subset_is_reportlabs_to_the_byte(path):
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFile

    from exporter.render.font_subset import _FACES, make_subset

    font = TTFont(f"subset-test-{path.stem}", str(path))
    face = font.face
    subsets = real_subsets(font, texts())
    assert subsets
    chance = random.Random(path.stem)  # the same draws on every run
    codes = sorted(face.charToGlyph)
    for _ in range(12):  # anything in the face's character map, composite glyphs and their parts among it
        subsets.append([0] + chance.sample(codes, chance.randint(1, 255)))
    subsets.append([0, 0x10FFFF, 0xE000, 32])  # characters the face lacks: its missing glyph
    for subset in subsets:
        assert make_subset(face, subset) == TTFontFile.makeSubset(face, subset)
    assert any(parts for _, parts, _ in _FACES[face].glyphs.values())  # composite glyphs were renumbered


def test_a_face_it_does_not_expect_is_subset_by_reportlab():
    # A glyph one byte long (a damaged font): too short to say whether it is made of others. ReportLab reads
    # past it; this module leaves the whole subset to ReportLab.
    from reportlab.pdfbase.ttfonts import TTFontFile

    from exporter.render import font_subset

    face = TTFontFile(str(ROOT / "fonts" / "NotoSans-Regular.ttf"))
    glyph = face.charToGlyph[ord("a")]
    face.glyphPos = list(face.glyphPos)
    face.glyphPos[glyph + 1] = face.glyphPos[glyph] + 1
    subset = [0, ord("a"), ord("b")]
    assert font_subset.make_subset(face, subset) == TTFontFile.makeSubset(face, subset)
    with pytest.raises(font_subset._Unexpected):
        font_subset._make(face, subset)


@pytest.mark.parametrize("font", ["serif", "sans"])
def test_the_pdf_is_the_same_as_with_reportlabs_subsetting(monkeypatch, font):
    from reportlab.pdfbase.ttfonts import TTFontFile

    from exporter.options import Options
    from exporter.pipeline import read_article
    from exporter.render import font_cache, font_subset
    from exporter.render.pdf import render_pdf

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    options = Options(font=font)
    article = read_article(EXAMPLE, options)
    made = weakref.WeakSet()
    subsetting = font_subset.make_subset

    def counted(face, subset):
        made.add(face)
        return subsetting(face, subset)

    monkeypatch.setattr(font_subset, "make_subset", counted)
    ours = render_pdf(article, options)
    assert len(made) >= 2  # the brief's faces (bold headline, regular body …) were subset here
    monkeypatch.setattr(font_cache._subsetting_class(), "makeSubset", TTFontFile.makeSubset)
    theirs = render_pdf(article, options)
    assert ours == theirs
    assert squash("Trưởng Ban Tổ chức Trung ương Trương Thị Mai") in squash(pdf_text(ours))


def test_a_subset_past_128_kb_of_glyphs_uses_long_offsets_as_reportlab_does():
    # No subset of a bundled face reaches it (at most 117 KB): three glyphs are made 50,000 bytes long here (each
    # the start of the face's glyph table), so that the subset's 'loca' table needs four-byte offsets.
    from reportlab.pdfbase.ttfonts import TTFontFile

    from exporter.render import font_subset

    face = TTFontFile(str(ROOT / "fonts" / "NotoSans-Regular.ttf"))
    face.glyphPos = list(face.glyphPos)
    codes = []
    for letter in "aeo":
        glyph = face.charToGlyph[ord(letter)]
        face.glyphPos[glyph], face.glyphPos[glyph + 1] = 0, 50_000
        codes.append(ord(letter))
    subset = [0, *codes]
    made = font_subset._make(face, subset)  # not left to ReportLab
    assert made == TTFontFile.makeSubset(face, subset) and len(made) > 150_000
    head = made.index(b"head")  # the table directory's entry: tag, checksum, offset, length
    offset = int.from_bytes(made[head + 8:head + 12], "big")
    assert int.from_bytes(made[offset + 50:offset + 52], "big") == 1  # indexToLocFormat: long
