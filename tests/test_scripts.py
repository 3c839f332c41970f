"""Scripts and characters the PDF cannot draw as they are read are named like missing glyphs; characters above
U+FFFF keep a right text layer; emoji ZWJ sequences stay whole; tabs are no "special spaces" (issues 13, 8)."""
from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from collections import Counter

import pytest
from conftest import pdf_text

from exporter.model import Article, Block
from exporter.render.markdown import render_markdown
from exporter.render.pdf import render_pdf
from exporter.text.normalise import clean_text, describe

FAMILY = "👨\u200d👩\u200d👧"
RAINBOW = "🏳\ufe0f\u200d🌈"
CODER = "🧑🏽\u200d💻"


def article_of(*paragraphs: str) -> Article:
    return Article(title="Tiêu đề", blocks=tuple(Block.plain("paragraph", p) for p in paragraphs))


def test_characters_above_u_ffff_read_back_from_the_pdf(tmp_path):
    """ReportLab wrote 😀 (U+1F600) into the ToUnicode map as <1F600>, read back as ὠ (U+1F60)."""
    data = render_pdf(article_of("Chúc mừng 😀 và 😂 nhé, ☺ cũng vậy."))
    text = pdf_text(data)
    assert "Chúc mừng 😀 và 😂 nhé, ☺ cũng vậy." in text
    assert "\u1f60" not in text
    if shutil.which("pdftotext"):
        path = tmp_path / "a.pdf"
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        assert "😀" in out and "ὠ" not in out


@pytest.mark.parametrize("text, script", [
    ("Ông nói مرحبا بالعالم rồi đi.", "Arabic"),
    ("Bà viết שלום עולם trên bảng.", "Hebrew"),
])
def test_right_to_left_text_is_named_in_a_warning(text, script, caplog):
    with caplog.at_level(logging.WARNING, logger="exporter"):
        render_pdf(article_of(text))
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "right-to-left" in warnings[0] and script in warnings[0]
    assert text.split()[2] in warnings[0]


def test_the_right_to_left_check_looks_where_every_right_to_left_letter_is():
    """Text is looked at character by character only when it has characters in the right-to-left blocks: every
    letter of bidi class R or AL, over all of Unicode, is in them, so none is missed."""
    import sys
    import unicodedata

    from exporter.render.pdf import _RTL_BLOCKS, _in_blocks, _right_to_left

    letters = [chr(c) for c in range(sys.maxunicode + 1)
               if unicodedata.bidirectional(chr(c)) in ("R", "AL") and chr(c).isalpha()]
    assert len(letters) > 2000
    outside = [f"U+{ord(ch):04X}" for ch in letters if not _in_blocks({ch}, _RTL_BLOCKS)]
    assert outside == []
    assert _right_to_left(set("Hà Nội 𞤀 שלום")) == sorted(set("𞤀שלום"))  # Adlam (above U+FFFF) and Hebrew
    assert _right_to_left(set("Hà Nội – “Ελληνικά” và Русский")) == []


def test_the_block_lookup_says_what_a_character_class_of_the_blocks_says_over_all_of_unicode():
    """The right-to-left blocks are looked up among a text's characters with bisect, not searched with a character
    class (whose compilation was 4 M instructions of a cold render): the same answer for every code point alone,
    and for sets of many, whatever their order."""
    import random
    import sys

    from exporter.render.pdf import _RTL_BLOCKS, _in_blocks

    every = "".join(map(chr, range(sys.maxunicode + 1)))
    klass = re.compile("[%s]" % "".join(f"{first}-{last}" for first, last in _RTL_BLOCKS))
    assert klass.pattern == "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]"
    assert [ch for ch in every if _in_blocks({ch}, _RTL_BLOCKS)] == klass.findall(every)
    draw = random.Random(18)
    for _ in range(2000):
        chars = {chr(draw.choice((draw.randrange(0x3000), draw.randrange(sys.maxunicode + 1))))
                 for _ in range(draw.randrange(1, 40))}
        assert _in_blocks(chars, _RTL_BLOCKS) == bool(klass.search("".join(chars)))
    assert not _in_blocks(set(), _RTL_BLOCKS)


def test_vietnamese_and_other_left_to_right_scripts_give_no_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="exporter"):
        render_pdf(article_of("Hà Nội – “Ελληνικά” và Русский, 30°C, © Báo Dân trí"))
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("sequence", [FAMILY, RAINBOW, CODER, "❤\ufe0f\u200d🔥"])
def test_emoji_zwj_sequences_stay_whole(sequence):
    counts: Counter = Counter()
    assert clean_text(f"Gia đình {sequence} vui.", counts) == f"Gia đình {sequence} vui."
    assert describe(counts) == []


def test_zero_width_joiners_elsewhere_are_still_removed():
    counts: Counter = Counter()
    assert clean_text("Hà\u200dNội 👨\u200d a\u200d👩 \u200d", counts) == "HàNội 👨 a👩"
    assert counts["invisible"] == 4


def test_emoji_sequence_whole_in_markdown_and_named_in_the_pdf(run_cli, tmp_path, caplog):
    source = tmp_path / "gia.txt"
    source.write_text(f"Tiêu đề\n\nSapo của bài.\n\nGia đình {FAMILY} đi chơi.\n", encoding="utf-8")
    result = run_cli("render", source, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert f"Gia đình {FAMILY} đi chơi." in (tmp_path / "out" / "gia.md").read_text(encoding="utf-8")
    assert "emoji sequence" in result.stderr and FAMILY in result.stderr


def test_tabs_are_not_reported_as_no_break_spaces(run_cli, tmp_path):
    source = tmp_path / "tab.txt"
    source.write_text("Tiêu đề\n\nSapo\tcó tab.\n\nThân bài\u00a0có khoảng trắng cứng.\n", encoding="utf-8")
    data = json.loads(run_cli("inspect", source).stdout)
    assert data["input"]["repairs"] == ["no-break or other special spaces replaced: 1"]
    source.write_text("Tiêu đề\n\nSapo\tcó tab.\n\nThân\tbài.\n", encoding="utf-8")
    data = json.loads(run_cli("inspect", source).stdout)
    assert data["input"]["repairs"] == [] and "Sapo có tab." in json.dumps(data, ensure_ascii=False)


def test_markdown_keeps_characters_above_u_ffff():
    assert "😀 𓀀 𝐀" in render_markdown(article_of("Biểu tượng 😀 𓀀 𝐀 ở đây."))


def test_every_brief_names_what_it_cannot_draw_as_read_though_the_ones_before_had_it(caplog):
    """The characters found drawn by the family are remembered for the briefs after (one set comparison each):
    right-to-left text and a character drawn from a fallback font are still named in every brief that has them, and
    a brief of known characters needs no word."""
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="exporter"):
            render_pdf(article_of("Ông nói مرحبا rồi đi, ★ sáng."))
        messages = [r.getMessage() for r in caplog.records]
        assert sum("right-to-left" in m for m in messages) == 1
        assert sum("fallback font" in m and "U+2605" in m for m in messages) == 1
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="exporter"):
            render_pdf(article_of("Ông nói rồi đi sáng."))
        assert not caplog.records


def test_right_to_left_text_in_a_font_that_draws_it_is_named_every_time(caplog):
    """A family that has the letters of a right-to-left script (DejaVu Sans has Hebrew's) draws them, and the brief
    still names the text as drawn left to right, in every brief: such characters are never taken for plain."""
    from exporter.render import fonts as fontlib
    from exporter.render.pdf import check_coverage

    name = fontlib.Fallbacks().font_for("\u05e9")
    assert name is not None and ord("\u05e9") in fontlib.glyphs(name)
    for _ in range(2):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="exporter"):
            assert check_coverage(["Bà viết שלום trên bảng."], {"regular": name}) == {}
        assert sum("right-to-left" in r.getMessage() for r in caplog.records) == 1
