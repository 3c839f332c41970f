"""Legacy Vietnamese encodings: tables against the reference tables of the corpus, decoding of real text, and
text stored in Word runs set in legacy fonts."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from exporter.text.legacy import (
    LEGACY_ENCODINGS,
    cp1252_bytes,
    decode_counting,
    decode_font_text,
    decode_legacy,
    font_encoding,
    is_capital_font,
)

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
TONES = "\u0300\u0301\u0303\u0309\u0323"
# The 134 letters of Vietnamese outside ASCII, small and capital (67 each): 12 vowels × 5 tones, the 6 vowels
# with a mark but no tone, and đ.
SMALL = sorted({unicodedata.normalize("NFC", v + t) for v in "aăâeêioôơuưy" for t in TONES} | set("ăâêôơưđ"))
LETTERS = SMALL + [ch.upper() for ch in SMALL]


def _corpus(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file {path} not available")
    return path


def _tsv(name: str, header: bool = False) -> list:
    """Rows of a reference table without its comment lines, and without its header unless ``header``."""
    lines = [line.split("\t") for line in _corpus("encodings", name).read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return lines if header else lines[1:]


def _letters_of(encoding: str) -> dict:
    """Every character the encoding can produce → its bytes (single bytes, and VNI base + mark pairs)."""
    found = {}
    codes = [bytes([b]) for b in range(256)]
    if encoding == "vni":
        codes += [bytes([b, m]) for b in b"AaEeOoUuYy\xd4\xf4\xd6\xf6" for m in range(0xC0, 0x100)]
    for code in codes:
        text, unassigned = decode_counting(code, encoding)
        if len(text) == 1 and not unassigned:
            found.setdefault(text, code)
    return found


@pytest.mark.parametrize("encoding, table, column", [
    ("tcvn3", "tcvn3_abc_decode.tsv", 3),
    ("vps", "vps_decode.tsv", 1),
    ("viscii", "viscii_decode_glibc.tsv", 2),
])
def test_single_byte_tables_agree_with_reference(encoding, table, column):
    expected = {}
    for row in _tsv(table):
        expected.setdefault(int(row[0], 16), set()).add(row[column])
    assert len(expected) > 60
    for byte, chars in expected.items():
        got = decode_legacy(bytes([byte]), encoding)
        # The VPS reference lists a capital and its small letter for one byte where VPS keeps the capital in
        # a C0 position (Unikey falls back to the small letter): ours must be one of them, the small one.
        assert got in chars, (encoding, hex(byte), got, chars)
        if len(chars) > 1:
            assert got.islower()


def test_vni_sequences_agree_with_reference():
    rows = _tsv("vni_windows_decode.tsv")
    assert len(rows) == 134
    for sequence, shown, unicode_char, _ in rows:
        data = bytes(int(part, 16) for part in sequence.split())
        assert decode_legacy(data, "vni") == unicode_char, sequence
        # The Windows-1252 column is what Word stores for such a run.
        assert decode_font_text(shown, "vni") == unicode_char


def test_letter_columns_of_unikey_table():
    header, *rows = _tsv("unikey_tables.tsv", header=True)
    checked = 0
    for row in rows:
        letter = row[0]
        if letter not in LETTERS:
            continue
        for encoding, column in (("tcvn3", "TCVN3"), ("vps", "VPS"), ("viscii", "VISCII"), ("vni", "VNI-WIN")):
            code = row[header.index(column)]
            got = decode_legacy(bytes.fromhex(code), encoding)
            # Unikey writes the small letter's code for capitals the encoding has no code for in 0x80-0xFF.
            assert got in (letter, letter.lower()), (encoding, letter, code, got)
            checked += 1
    assert checked == 4 * 134


@pytest.mark.parametrize("encoding", ["vni", "vps", "viscii"])
def test_all_134_letters_have_a_code(encoding):
    letters = _letters_of(encoding)
    assert [ch for ch in LETTERS if ch not in letters] == []


def test_tcvn3_has_small_letters_and_seven_capitals_only():
    letters = _letters_of("tcvn3")
    assert [ch for ch in SMALL if ch not in letters] == []
    capitals = [ch for ch in LETTERS if ch.isupper() and ch in letters]
    assert sorted(capitals) == sorted("ĂÂÊÔƠƯĐ")


def test_tcvn3_soft_hyphen_byte_is_u_horn_and_viscii_c0_capitals():
    assert decode_legacy(b"Tr\xad\xeang", "tcvn3") == "Trường"
    assert decode_legacy(b"\xad", "tcvn3") == "ư"
    assert decode_legacy(b"\x02\x05\x06\x14\x19\x1e", "viscii") == "ẲẴẪỶỸỴ"
    assert decode_legacy(b"\x02\x03\x04\x05\x06\x10\x11\x12\x13\x14\x15\x19\x1c\x1d", "vps") == "ẠẬẶẸỆỊỌỘỢỤỰỴẪỮ"
    # Other C0 bytes stay control characters; LF and TAB are untouched everywhere.
    for encoding in LEGACY_ENCODINGS:
        assert decode_legacy(b"a\tb\nc", encoding) == "a\tb\nc"


REFERENCE = "dantri_world_001.orig_utf8.txt"


def same_except_tcvn3_capitals(got: str, expected: str) -> bool:
    """Equal, except that a capital vowel with a tone mark in ``expected`` may be its small letter in ``got``:
    TCVN3 has no codes for those capitals (documents switched to the all-capital .VnTimeH fonts instead), so
    decoded TCVN3 text has the small letter there. Every other character must match exactly, case included."""
    if len(got) != len(expected):
        return False
    for a, b in zip(got, expected):
        if a != b and not (b.isupper() and any(t in unicodedata.normalize("NFD", b) for t in TONES)
                           and a == b.lower()):
            return False
    return True


@pytest.mark.parametrize("encoding", LEGACY_ENCODINGS)
def test_corpus_article_decodes_to_reference(encoding):
    expected = _corpus("legacy", REFERENCE).read_text(encoding="utf-8")
    data = _corpus("legacy", f"dantri_world_001.{encoding}.bin").read_bytes()
    text, odd = decode_counting(data, encoding)
    assert odd == 0
    if encoding == "tcvn3":
        assert same_except_tcvn3_capitals(text, expected)
    else:
        assert text == expected


def test_comparison_helper_only_forgives_toned_capitals():
    assert same_except_tcvn3_capitals("Đại hội ấy", "Đại hội Ấy")
    assert not same_except_tcvn3_capitals("đại", "Đại")       # Đ has a TCVN3 code
    assert not same_except_tcvn3_capitals("hà nội", "Hà Nội")  # H and N are ASCII


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_cp1252_view_of_corpus_article(encoding):
    expected = _corpus("legacy", REFERENCE).read_text(encoding="utf-8")
    shown = _corpus("legacy", f"dantri_world_001.{encoding}_as_cp1252.txt").read_text(encoding="utf-8")
    assert same_except_tcvn3_capitals(decode_font_text(shown, encoding), expected)


def test_decode_font_text_examples():
    assert decode_font_text("Tr\u00adêng §¹i häc", "tcvn3") == "Trường Đại học"
    assert decode_font_text("Tröôøng Ñaïi hoïc", "vni") == "Trường Đại học"
    assert decode_font_text("Tr\u00adêng §¹i häc", "tcvn3", capitals=True) == "TRƯỜNG ĐẠI HỌC"
    # Windows punctuation kept by the fonts (0x93/0x94 curly quotes) survives; characters Windows-1252
    # cannot show are already Unicode and pass through.
    assert decode_font_text("\u201cHµ Néi\u201d \u2605", "tcvn3") == "\u201cHà Nội\u201d \u2605"


def test_font_encoding_and_capital_fonts():
    for name in (".VnTime", ".VnTimeH", ".VnArial", ".VnArialH", ".VnCentury Schoolbook", " .VnTime "):
        assert font_encoding(name) == "tcvn3"
    for name in ("VNI-Times", "VNI-Helve", "VNI-Aptima"):
        assert font_encoding(name) == "vni"
    assert font_encoding("VPS Times") == "vps"
    for name in ("Times New Roman", "Arial", "Vni", "", None, "VnExpress Sans"):
        assert font_encoding(name) is None
    assert is_capital_font(".VnTimeH") and is_capital_font(".VnArialH")
    assert not is_capital_font(".VnTime") and not is_capital_font("Arial H") and not is_capital_font("VNI-TimesH")


def test_cp1252_bytes_inverts_the_windows_view():
    data = bytes(range(0x20, 0x100))
    shown = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)
    assert cp1252_bytes(shown) == data
    assert cp1252_bytes("Hà Nội") is None   # ộ is no Windows-1252 character


def test_unknown_encoding_is_a_value_error():
    with pytest.raises(ValueError, match="tcvn3"):
        decode_legacy(b"abc", "klingon")
    with pytest.raises(ValueError):
        decode_font_text("abc", "utf-8")


def test_registry_knows_which_codecs_vnbrief_provides():
    # text/encodings.py names them without importing the tables (issue #12); the two lists must agree.
    from exporter.text.encodings import ENCODINGS, OWN_CODECS, codec
    assert set(OWN_CODECS) == set(LEGACY_ENCODINGS) | {"viqr"} <= set(ENCODINGS.values())
    for name in OWN_CODECS:
        assert "Trường".encode(codec(name)).decode(codec(name)) == "Trường"
