"""NFC, whitespace, invisible and control characters, tone placement."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from exporter.model import Article, Block, Inline
from exporter.options import Options
from exporter.pipeline import normalise
from exporter.text.normalise import apply_tone_style, clean_line, clean_text


def test_nfd_becomes_nfc():
    nfd = unicodedata.normalize("NFD", "Nghị quyết Đại hội")
    assert nfd != "Nghị quyết Đại hội"
    assert clean_text(nfd) == "Nghị quyết Đại hội"


@pytest.mark.parametrize("dirty, clean", [
    ("Bà\u00a0Trương", "Bà Trương"),
    ("a\u202fb\u2009c", "a b c"),
    ("Hà\u200bNội\ufeff", "HàNội"),
    ("tab\there", "tab here"),
    ("line\r\nnext\r\n", "line\nnext\n"),
    ("many    spaces  ", "many spaces"),
    ("\u202eevil\u202c text\u2066x\u2069", "evil textx"),
    ("bell\x07 and\x1b esc", "bell and esc"),
    ("soft\u00adhyphen", "softhyphen"),
])
def test_clean_text(dirty, clean):
    assert clean_text(dirty).strip("\n") == clean.strip("\n")


def test_counts_name_what_changed():
    counts = Counter()
    clean_text("a\u00a0b\u200b\u202e", counts)
    assert counts == Counter({"space": 1, "invisible": 1, "bidi": 1})


def test_clean_line_joins_lines():
    assert clean_line("  một\n hai  ") == "một hai"


@pytest.mark.parametrize("old, new", [
    ("hòa", "hoà"), ("Thanh Hóa", "Thanh Hoá"), ("thủy", "thuỷ"), ("khỏe", "khoẻ"), ("HÒA", "HOÀ"),
    ("Hòa bình", "Hoà bình"), ("tàu thủy.", "tàu thuỷ."),
])
def test_tone_style_both_ways(old, new):
    assert apply_tone_style(old, "new") == new
    assert apply_tone_style(new, "old") == old
    assert apply_tone_style(old, "keep") == old


@pytest.mark.parametrize("word", ["hoàng", "hoạch", "thuyền", "quý", "quá", "quỳnh", "toàn", "khuya"])
def test_tone_style_leaves_other_rhymes(word):
    assert apply_tone_style(word, "new") == word
    assert apply_tone_style(word, "old") == word


def test_normalise_article_cleans_every_field_and_notes_it():
    nfd = unicodedata.normalize("NFD", "Thanh Hóa")
    article = Article(title=f" {nfd}\u00a0 ", author="A\u200b", blocks=(
        Block("lead", (Inline("Sapo\u00a0"), Inline(" có "), Inline("đậm", bold=True))),
        Block("paragraph", (Inline("\u00a0"),)),
        Block("paragraph", (Inline("Hòa\u202e"),)),
    ))
    out = normalise(article, Options(tone_style="new"))
    assert out.title == "Thanh Hoá"
    assert out.author == "A"
    assert [b.text for b in out.blocks] == ["Sapo có đậm", "Hoà"]  # the blank paragraph is dropped
    assert out.blocks[0].runs == (Inline("Sapo có "), Inline("đậm", bold=True))
    notes = " ".join(out.input.repairs)
    assert "NFC" in notes and "bidirectional" in notes and "tone placement" in notes


def test_sport_article_mixed_tone_styles_unified():
    from conftest import corpus_dir

    from exporter.pipeline import read_article

    path = corpus_dir("articles") / "unc_news_sport_004.txt"
    kept = read_article(path)
    text = kept.title + " ".join(b.text for b in kept.blocks)
    assert "Hoá" in text and "Hóa" in text  # the source mixes both
    new = read_article(path, Options(tone_style="new"))
    text_new = new.title + " ".join(b.text for b in new.blocks)
    assert not re.search(r"\bHóa\b", text_new) and re.search(r"\bHoá\b", text_new)
    old = read_article(path, Options(tone_style="old"))
    text_old = old.title + " ".join(b.text for b in old.blocks)
    assert not re.search(r"\b(Hoá|hoà)\b", text_old) and re.search(r"\bhòa\b", text_old)


def test_every_character_that_needs_work_is_one_isprintable_refuses():
    """clean_chars passes over clean text with ``str.isprintable`` (a line feed aside) and searches for what to
    clean only when that finds something: exact only if no character that needs work is printable."""
    import sys

    from exporter.text.normalise import _NEEDS_WORK, clean_chars

    printable = [f"U+{c:04X}" for c in range(sys.maxunicode + 1) if _NEEDS_WORK.match(chr(c)) and chr(c).isprintable()]
    assert printable == []
    assert clean_chars("Hà\u00a0Nội\u200b ngày\u202e 1/1") == "Hà Nội ngày 1/1"  # found when not printable
    assert clean_chars("Dòng một\nDòng hai, “trích” — 😀") == "Dòng một\nDòng hai, “trích” — 😀"


def test_what_needs_work_is_found_below_u0100_first_and_classed_without_the_expressions():
    """Text that needs work is searched with a class of Latin-1 characters first (sre compiles the whole class,
    with characters beyond U+00FF, in 0.3 ms) and with the whole class only when something else is left; the
    characters found are told apart (space, removed, the joiner and separators dealt with on their own) by
    membership, not by the ``spaces`` and ``control`` expressions: the same answers for every code point."""
    import sys

    from exporter.text import normalise

    latin1 = "".join(map(chr, range(0x100)))
    assert normalise._NEEDS_WORK_LATIN1.findall(latin1) == normalise._NEEDS_WORK.findall(latin1)
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    needing = normalise._NEEDS_WORK.findall(every)
    assert len(needing) > 200
    work = normalise._work_patterns()
    for ch in needing:
        if ch in "\u200d\r\u2028\u2029":  # the joiner, CR and the separators have rules of their own
            continue
        expected = "a b" if work.spaces.match(ch) else "ab" if work.control.match(ch) else None
        assert (f"U+{ord(ch):04X}", normalise.clean_chars(f"a{ch}b")) == (f"U+{ord(ch):04X}", expected)
    for text in ("Hà\u00a0Nội\tngày\r\n1/1\u00ad", "Hà\u00a0Nội\u200b ngày\u202e 1/1\U000e0041",
                 "Hà\u00a0Nội\ue000 \u0600", "Dòng một\nDòng hai", "\x00\x85\u2028\u2029\u3000" * 3, ""):
        assert normalise._needing_work(text) == normalise._NEEDS_WORK.findall(text)
