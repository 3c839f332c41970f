"""VIQR (RFC 1456): Vietnamese in 7-bit ASCII, read with --encoding viqr or detected; never "found" in English
or code (issue 8, item 9)."""
from __future__ import annotations

import json
import sysconfig
import unicodedata
from pathlib import Path

import pytest
from conftest import CORPUS, corpus_dir

from exporter.read.parse.encoding import Decoded, canonical_encoding, decode_bytes
from exporter.text.viqr import decode_viqr, decode_viqr_counting, encode_viqr

DETECTED = ("decoded VIQR (Vietnamese in ASCII, RFC 1456)",)

# VIQR as published. Origins: RFC 1456's introduction example as the Viet-Std pages on
# vietstd.sourceforge.net give it ("viqr.htm"); the example of the "Vietnamese Quoted-Readable" article of
# Wikipedia (also on infogalactic.com); the test line in the README of a public VIQR-to-UTF-8 converter
# (it writes the horn as "*", the Vietnet variant); the mnemonic examples of the vietunicode.sourceforge.net
# VIQR page.
REAL = [
    ("To^i ye^u tie^'ng nu+o+'c to^i tu+` khi mo+'i ra ddo+`i\\.", "Tôi yêu tiếng nước tôi từ khi mới ra đời."),
    ("O^ng te^n gi`\\? To^i te^n la` Tra^`n Va(n Hie^'u\\.", "Ông tên gì? Tôi tên là Trần Văn Hiếu."),
    ("O^ng te^n gi`\\? To^i te^n la` Ted\\dy Thu.y\\.", "Ông tên gì? Tôi tên là Teddy Thụy."),
    ("Vie^.t Nam dda^'t nu*o*'c me^'n ye^u\\.", "Việt Nam đất nước mến yêu."),
    ("tra(ng ba(n khoa(n, mu~ ho^m nay, Qui Nho+n, La'i Thie^u, Bi`nh Du+o+ng, ho?i Thu? DDu+'c, nga~ di~ "
     "va~ng, na(.ng ho.c ta^.p",
     "trăng băn khoăn, mũ hôm nay, Qui Nhơn, Lái Thiêu, Bình Dương, hỏi Thủ Đức, ngã dĩ vãng, nặng học tập"),
]


@pytest.mark.parametrize("viqr, text", REAL)
def test_real_viqr_is_detected_and_decoded(viqr, text):
    assert decode_bytes(viqr.encode("ascii"), name="thu.txt") == Decoded(text, "viqr", DETECTED)


@pytest.mark.parametrize("viqr, text", REAL)
def test_real_viqr_with_the_encoding_named(viqr, text):
    result = decode_bytes(viqr.encode("ascii"), name="thu.txt", forced="VIQR")
    assert (result.text, result.encoding) == (text, "viqr")
    assert result.repairs == ("encoding viqr given with --encoding (not detected)",)


def test_rfc_1456_rules():
    # A mark is a mark only when it makes a Vietnamese letter with the letter before it.
    assert decode_viqr("i^ a+ y( b' x?") == "i^ a+ y( b' x?"
    assert decode_viqr("DDa` Na(~ng, Dda('k La('k, ddi") == "Đà Nẵng, Đắk Lắk, đi"
    assert decode_viqr("a'^ HA(`NG") == "ấ HẰNG"                       # tone first, quality mark after: still ấ
    # A syllable has one tone: a tone character after it is punctuation.
    assert decode_viqr("Ha` No^.i. Ddi dda^u? Ddu'ng'") == "Hà Nội. Đi đâu? Đúng'"
    # A backslash keeps a mark character a character.
    assert decode_viqr("ye^u\\. ho\\? Ted\\dy") == "yêu. ho? Teddy"
    assert decode_viqr("C:\\.config") == "C:\\.config"              # no letter before: nothing to escape


def test_encoder_round_trips_and_escapes():
    for text in ("Ông tên gì? Tôi tên là Teddy Thụy.", "Hà Nội. Đà Nẵng", "ye^u (thu?) a.b", "Người Ư Ơ ỹ"):
        viqr, other = encode_viqr(text)
        assert viqr.isascii() and other == 0 and decode_viqr(viqr) == text
    # Escaped wherever RFC 1456 alone would join the mark, for readers that know no more.
    assert encode_viqr("gì? Thụy. Teddy yêu.")[0] == "gi`? Thu.y\\. Ted\\dy ye^u\\."
    assert encode_viqr("Nội – “x”") == ("No^.i – “x”", 3)             # what VIQR cannot write is counted


def _articles():
    return sorted(corpus_dir("articles").glob("*.txt"))


def test_corpus_articles_written_in_viqr_come_back():
    """Every corpus article (and the legacy corpus' reference) in VIQR, as our encoder writes it: detected and
    decoded to the very text, whole and paragraph by paragraph."""
    paths = _articles() + [CORPUS / "legacy" / "dantri_world_001.orig_utf8.txt"]
    missed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for piece in [text] + [p for p in text.split("\n") if len(p.split()) >= 8]:
            result = decode_bytes(encode_viqr(piece)[0].encode(), name=path.name)
            if (result.encoding, result.text) != ("viqr", unicodedata.normalize("NFC", piece)):
                missed.append(piece[:60])
    assert missed == []


def _strip_marks(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.replace("đ", "d").replace("Đ", "D")


NOT_VIQR = [
    "Come with me. Let it go. I said no. Why so? Do it to me. Be a hero? He said no to me. Go to sea.",
    "He'd say it's fine. You're right, they're here. We'd go. I'd do. She'd be. Who'd know? It'd be ok.",
    "regex: [a-z]+ (a^b) x^2 + y^2 = z^2; a+b; c++; foo*bar; **bold** e.g. i.e. etc. google.com",
    "the cafe^ au lait, cre^pe, fa(cade; a+ grade; C++; e^x; Eddie added the odd address to the ladder.",
    "Ban o dau? Minh o Ha Noi. Ban co khoe khong? Minh khoe. Con ban thi sao? Cung vay thoi. Hen gap lai nhe.",
    "cho toi hoi? di dau vay? la sao? toi di hoc. ve nha. an com chua? roi. mai gap nhe. ok khong? da. vang.",
    "x = a.b if c else d.e; print('a', 'e', 'o'); y = u'str'; z = o?.p ?? q",
]


@pytest.mark.parametrize("text", NOT_VIQR)
def test_english_code_and_bare_vietnamese_are_not_viqr(text):
    assert decode_bytes(text.encode(), name="en.txt") == Decoded(text, "utf-8", ())


def test_real_ascii_files_are_not_viqr():
    """Python's own sources (code full of ?, ' and .), package descriptions (English with code) and the corpus
    articles typed without diacritics: not one is read as VIQR."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(stdlib.glob("*.py"))[:60]]
    site = Path(sysconfig.get_paths()["purelib"])
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.glob("*.dist-info/METADATA"))]
    if CORPUS.is_dir():
        texts += [_strip_marks(p.read_text(encoding="utf-8")) for p in _articles()]
    pieces = [piece for text in texts if text.isascii() for piece in [text, *text.split("\n\n")] if piece.strip()]
    assert len(pieces) > 500
    wrong = [p[:60] for p in pieces if decode_bytes(p.encode(), name="a.txt").encoding == "viqr"]
    assert wrong == []


def test_marks_inside_words_are_counted():
    reading = decode_viqr_counting("Come with me. Go? Vie^.t")
    assert (reading.marks, reading.inside) == (4, 2)


def test_viqr_names_and_inspect(run_cli, tmp_path):
    assert canonical_encoding("VIQR") == "viqr" and canonical_encoding("vietnet") == "viqr"
    path = tmp_path / "thu.txt"
    path.write_text("Tin Vie^.t Nam\n\n" + REAL[0][0] + "\n\n" + REAL[1][0] + "\n", encoding="ascii")
    for args in ((), ("--encoding", "viqr")):
        result = run_cli("inspect", path, *args)
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["title"] == "Tin Việt Nam" and data["input"]["encoding"] == "viqr"
        assert "Tôi yêu tiếng nước tôi" in json.dumps(data, ensure_ascii=False)


def test_viqr_is_a_codec_of_the_encoding_registry():
    from exporter.text.encodings import codec

    name = codec(canonical_encoding("viqr"))
    assert b"Vie^.t Nam dda^'t nu+o+'c".decode(name) == "Việt Nam đất nước"
    assert "Hà Nội, Đà Nẵng.".encode(name) == b"Ha` No^.i, DDa` Na(~ng."
    with pytest.raises(UnicodeEncodeError):
        "Hà Nội – 30°C".encode(name)
    assert "Hà – x".encode(name, errors="replace") == b"Ha` ? x"
