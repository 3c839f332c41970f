"""Decoding input bytes: detection of legacy encodings, mojibake repair, clean text left alone, binary refused."""
from __future__ import annotations

import random
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from exporter.errors import InputError, UsageError
from exporter.read.parse.encoding import ENCODINGS, Decoded, canonical_encoding, decode_bytes
from exporter.text.legacy import decode_counting

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
TONES = "\u0300\u0301\u0303\u0309\u0323"


def _corpus(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus file {path} not available")
    return path


def same_except_tcvn3_capitals(got: str, expected: str) -> bool:
    """Equal, except that a capital vowel with a tone mark in ``expected`` may be its small letter in ``got``:
    TCVN3 has no codes for those capitals (old documents switched to all-capital fonts), so decoded TCVN3 has
    the small letter there. Every other character must match exactly, case included."""
    return len(got) == len(expected) and all(
        a == b or (b.isupper() and a == b.lower() and any(t in unicodedata.normalize("NFD", b) for t in TONES))
        for a, b in zip(got, expected))


def encode(text: str, encoding: str) -> bytes:
    """Encode Unicode into a legacy encoding by inverting the decoder's tables (tests only)."""
    if encoding == "windows-1258":
        out = bytearray()
        for ch in text:
            try:
                out += ch.encode("cp1258")
            except UnicodeEncodeError:  # a toned letter: base letter, then the combining tone mark
                parts = unicodedata.normalize("NFD", ch)
                tone = "".join(p for p in parts if p in TONES)
                base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
                out += base.encode("cp1258") + tone.encode("cp1258")
        return bytes(out)
    table = {}
    codes = [bytes([b]) for b in range(256)]
    if encoding == "vni":
        codes = [bytes([b, m]) for b in b"AaEeOoUuYy\xd4\xf4\xd6\xf6" for m in range(0xC0, 0x100)] + codes
    for code in codes:
        decoded, unassigned = decode_counting(code, encoding)
        if len(decoded) == 1 and not unassigned:
            table.setdefault(decoded, code)
    return b"".join(table.get(ch) or table.get(ch.lower()) or ch.encode("cp1252") for ch in text)


# --- the legacy corpus: one article, every way it really arrives ---------------------------------------------------

LEGACY_FILES = {
    "orig_utf8.txt": ("utf-8", None),
    "utf8_bom.txt": ("utf-8-sig", None),
    "utf16le_bom.txt": ("utf-16", None),
    "nfd.txt": ("utf-8", "NFD"),
    "cp1258.bin": ("windows-1258", "Windows-1258"),
    "tcvn3.bin": ("tcvn3", "TCVN3"),
    "vni.bin": ("vni", "VNI"),
    "vps.bin": ("vps", "VPS"),
    "viscii.bin": ("viscii", "VISCII"),
    "utf8_as_cp1252.txt": ("utf-8", "UTF-8 misread as Windows-1252"),
    "utf8_as_latin1.txt": ("utf-8", "UTF-8 misread as Latin-1"),
    "tcvn3_as_cp1252.txt": ("utf-8", "TCVN3"),
    "vni_as_cp1252.txt": ("utf-8", "VNI"),
}


def test_every_legacy_corpus_file_is_listed():
    folder = _corpus("legacy")
    names = {p.name.replace("dantri_world_001.", "") for p in folder.iterdir()}
    assert names == set(LEGACY_FILES)


@pytest.mark.parametrize("suffix", sorted(LEGACY_FILES))
def test_legacy_corpus_file_comes_back_as_reference(suffix):
    expected = _corpus("legacy", "dantri_world_001.orig_utf8.txt").read_text(encoding="utf-8")
    path = _corpus("legacy", f"dantri_world_001.{suffix}")
    result = decode_bytes(path.read_bytes(), name=str(path))
    encoding, note = LEGACY_FILES[suffix]
    assert result.encoding == encoding
    if "tcvn3" in suffix:
        assert same_except_tcvn3_capitals(result.text, expected)
    else:
        assert result.text == expected
    if note is None:
        assert result.repairs == ()
    else:
        assert len(result.repairs) == 1 and note in result.repairs[0]


# --- clean Unicode is never "repaired" ----------------------------------------------------------------------------

def _articles():
    folder = CORPUS / "articles"
    return sorted(folder.glob("*.txt")) if folder.exists() else []


@pytest.mark.parametrize("path", _articles(), ids=lambda p: p.name)
def test_corpus_articles_pass_through_unchanged(path):
    data = path.read_bytes()
    result = decode_bytes(data, name=str(path))
    assert result == Decoded(unicodedata.normalize("NFC", data.decode("utf-8")), "utf-8", ())


def test_corpus_articles_present():
    if not CORPUS.exists():
        pytest.skip("corpus not available")
    assert len(_articles()) >= 13


@pytest.mark.parametrize("text", [
    "The quick brown fox jumps over the lazy dog.\n",
    "\u201cHà Nội\u201d \u2013 thủ đô\u2026 \u2018nghìn năm\u2019 \u2014 văn hiến.",
    "Nhiệt độ 30°C, căn hộ 50 m², giá ½ \u00ab tham khảo \u00bb © Báo Dân trí",
    "Hà Nội\u00a0và TP.HCM, chữ gạch\u00admềm ở đây",   # no-break space, soft hyphen: legitimate in clean text
    "He said \u201cthe weather is 30°C\u201d \u2013 «quite» warm, naïve café.",
    "Ông Müller (Đức) và bà Ñúñez gặp nhau ở Hà Nội.",
    "Hà Nội",
])
def test_clean_unicode_is_left_alone(text):
    assert decode_bytes(text.encode("utf-8"), name="clean.txt") == Decoded(text, "utf-8", ())


@pytest.mark.parametrize("text", [
    "Ë Ë",                                                  # was "ẹ ẹ" (VPS in a Windows-1252 view)
    "Malmö ú de Größe â í È façon été Ï.",                  # was "… ẻ façon été ỹ."
    "½2Ï £ ß ®Ñ¤ Â1 ú «ê ¼",
    "Azerbaijan ¿ ½ giáo â",                                # was "Azerbaijan Ư ơ giáo â"
    "çÍíE d ø ï",
    "ÀÉÎÕÜ àéîõü Ø Å Æ",
])
def test_text_with_no_vietnamese_is_never_made_vietnamese(text):
    """Issue 13: clean fuzz texts were "repaired" as legacy text shown in Windows-1252 (93 of 2,890)."""
    assert decode_bytes(text.encode("utf-8"), name="clean.txt") == Decoded(text, "utf-8", ())


@pytest.mark.parametrize("text", [
    "Malmö ú de Größe â í È façon été Ï.",                  # was VPS "… ẻ façon été ỹ."
    "é ó Ì é é",                                            # was TCVN3 "ộ ú è ộ ộ"
    "Ísland Ísland á Õ où Ü ê ÀLA crème.",                  # was VISCII "… ạ où ỵ …"
    "Göteborg Ý Ù",                                         # was Windows-1258 "Göteborg Ư Ù"
    "L'été dernier, à Noël, François a goûté la crème brûlée.",
])
def test_western_windows_1252_bytes_are_not_made_vietnamese(text):
    """Bytes that are not UTF-8 must be read somehow; a Vietnamese legacy reading wins over Windows-1252 only
    when it is decisively Vietnamese (single toned letters are no evidence)."""
    assert decode_bytes(text.encode("cp1252"), name="w.txt") == Decoded(text, "windows-1252", ("decoded Windows-1252",))


@pytest.mark.parametrize("text", [
    "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᏂᏴᏫᏯ",                              # Cherokee
    "ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾᛁᛃ",                                  # runes
    "ߒߞߏ ߞߊ߲ ߓߊ߯ ߟߊ߫",                                 # N'Ko
    "𓀀𓁐𓂀 𓃰𓆣",                                        # Egyptian hieroglyphs
    "Nam ʄɑʠɕʇ",                                          # IPA beside a Vietnamese word
    "ܫܠܡܐ ܥܠܡܐ",                                        # Syriac
    "Ελληνικά και Русский язык",
    "مرحبا بالعالم שלום עולם",
    "👨\u200d👩\u200d👧 😀 🇻🇳",
    "ng\u0729i ng\u0729i",                                    # VPS bytes of "người người" as UTF-8
])
def test_valid_utf8_in_any_script_is_read_as_utf8(text):
    """Issue 13: valid UTF-8 holding other scripts was refused ("neither UTF-8 nor …") or "decoded"."""
    assert decode_bytes(text.encode("utf-8"), name="other.txt") == Decoded(text, "utf-8", ())


def test_fast_path_does_not_import_ftfy_and_is_fast():
    code = (
        "import sys, time\n"
        "from exporter.read.parse import encoding\n"
        "scored = []\n"
        "encoding.score_text = lambda *a, **k: scored.append(a)\n"  # the syllable scorer is never needed
        "data = ('Chiều ngày 1/10, Đại sứ “Azerbaijan” tại Việt Nam – có cuộc trao đổi… ' * 700).encode()\n"
        "assert len(data) > 50000\n"
        "encoding.decode_bytes(data, name='a')\n"
        "print('ftfy' in sys.modules, bool(scored))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    data = ("Chiều ngày 1/10, Đại sứ “Azerbaijan” tại Việt Nam – có cuộc trao đổi… " * 700).encode()
    decode_bytes(data, name="a")
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        decode_bytes(data, name="a")
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.01   # measured about 1 ms for 50 KB


# --- short texts ----------------------------------------------------------------------------------------------------

SHORT = ["Hà Nội", "Trường Đại học", "Việt Nam", "người", "Bộ Y tế", "Quốc hội", "Cần Thơ",
         "Hồ Chí Minh", "kinh tế", "Ủy ban nhân dân", "Tổng Bí thư", "Chiều ngày 1/10"]


def test_hanoi_in_every_encoding():
    known = {
        "utf-8": "Hà Nội".encode(),
        "tcvn3": b"H\xb5 N\xe9i",
        "vni": b"Ha\xf8 No\xe4i",
        "vps": b"H\xe0 N\xb6i",
        "viscii": b"H\xe0 N\xb5i",
        "windows-1258": b"H\xe0 N\xf4\xf2i",
    }
    for encoding, data in known.items():
        assert decode_bytes(data, name="x").text == "Hà Nội", encoding
        assert decode_bytes(data, name="x").encoding == encoding


@pytest.mark.parametrize("encoding", ["tcvn3", "vni", "vps", "viscii", "windows-1258"])
@pytest.mark.parametrize("text", SHORT)
def test_short_texts_are_detected(text, encoding, caplog):
    data = encode(text, encoding)
    result = decode_bytes(data, name="short.txt")
    try:
        as_utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        assert result.encoding == encoding
        assert same_except_tcvn3_capitals(result.text, text) if encoding == "tcvn3" else result.text == text
    else:
        # Legacy bytes that happen to be valid UTF-8 ("người" in VPS and VISCII) are UTF-8: read as such, with
        # a warning that names the encoding that makes Vietnamese of them.
        assert result == Decoded(as_utf8, "utf-8", ())
        assert f"--encoding {encoding}" in caplog.text and "short.txt" in caplog.text


def test_viscii_capitals_in_control_positions_survive():
    text = "TỶ GIÁ HÔM NAY\nTỷ giá đô la Mỹ tăng mạnh trong ngày, ngân hàng nói vậy.\n"
    data = encode(text, "viscii")
    assert b"\x14" in data                          # Ỷ is a C0 byte in VISCII
    assert decode_bytes(data, name="x") == Decoded(text, "viscii", ("decoded VISCII legacy encoding",))


# --- mojibake -------------------------------------------------------------------------------------------------------

def windows_view(data: bytes) -> str:
    """What a Windows-1252 reader shows; its five undefined bytes come through as C1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


SENTENCE = "Trường Đại học Bách khoa Hà Nội tuyển sinh năm nay với nhiều ngành mới."


def test_utf8_read_as_windows_1252_once_and_twice():
    once = windows_view(SENTENCE.encode())
    assert "TrÆ°á»\x9dng" in once
    result = decode_bytes(once.encode(), name="x")
    assert result.text == SENTENCE and result.encoding == "utf-8"
    assert result.repairs == ("repaired UTF-8 misread as Windows-1252 (1 pass)",)
    twice = windows_view(once.encode())
    result = decode_bytes(twice.encode(), name="x")
    assert result.text == SENTENCE and "2 passes" in result.repairs[0]


def test_utf8_read_as_latin1():
    result = decode_bytes(SENTENCE.encode().decode("latin-1").encode(), name="x")
    assert result.text == SENTENCE and "Latin-1" in result.repairs[0]


def test_mojibake_mixed_into_correct_text():
    data = ("Bài viết về " + windows_view(SENTENCE.encode()) + " – “đọc thêm”").encode()
    result = decode_bytes(data, name="x")
    assert result.text == "Bài viết về " + SENTENCE + " – “đọc thêm”"
    assert "mixed with correct text" in result.repairs[0]


# --- binary and undecodable input ---------------------------------------------------------------------------------

RANDOM = random.Random(20240601)   # fixed seed: the same "random" bytes on every run


@pytest.mark.parametrize("data, what", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    (b"GIF89a\x01\x00", "GIF"),
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    (b"\x7fELF\x02\x01\x01", "ELF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word"),
    (b"Chi\xe1\xbb\x81u ng\x00\x00y hello", "NUL"),
    (RANDOM.randbytes(4096), "binary"),
    (bytes(RANDOM.randrange(0x80, 0x100) for _ in range(500)), "Vietnamese encoding"),
    (b" ".join(bytes(RANDOM.randrange(0x80, 0x100) for _ in range(1 + i % 5)) for i in range(90)),
     "Vietnamese encoding"),
    (b"\x01\x07\x08 text \x0e\x0f\x16\x17\x18", "control"),
], ids=["png", "jpeg", "gif", "pdf", "zip", "gzip", "elf", "doc", "nul", "random", "random-high",
        "random-words", "controls"])
def test_binary_input_is_refused_with_the_file_name(data, what):
    with pytest.raises(InputError) as err:
        decode_bytes(data, name="upload/photo.bin")
    assert str(err.value).startswith("upload/photo.bin: ")
    assert what in str(err.value)
    assert err.value.exit_code == 3


# --- forced encodings ---------------------------------------------------------------------------------------------

def test_forced_encoding_skips_detection():
    data = encode("Hà Nội", "tcvn3")
    assert decode_bytes(data, name="x", forced="ABC").text == "Hà Nội"
    assert decode_bytes(data, name="x", forced="TCVN3").encoding == "tcvn3"
    # Forcing Windows-1252 on these bytes gives what Windows-1252 shows, undetected and unrepaired.
    assert decode_bytes(data, name="x", forced="cp1252").text == "Hµ Néi"
    mojibake = windows_view(SENTENCE.encode()).encode()
    assert decode_bytes(mojibake, name="x", forced="utf-8").text == windows_view(SENTENCE.encode())
    assert decode_bytes(encode("Hà Nội", "vni"), name="x", forced="VNI-Windows").text == "Hà Nội"
    assert decode_bytes(encode("Hà Nội", "windows-1258"), name="x", forced="cp1258").text == "Hà Nội"


def test_forced_encoding_that_does_not_fit_is_an_input_error():
    with pytest.raises(InputError, match=r"in.txt: is not valid UTF-8: byte 0xB5 at offset 1 \(line 1\)"):
        decode_bytes(b"H\xb5 N\xe9i", name="in.txt", forced="utf8")
    with pytest.raises(InputError, match="in.txt: is not valid windows-1252"):
        decode_bytes(b"H\x81", name="in.txt", forced="cp1252")


def test_unknown_encoding_name_is_a_usage_error_listing_the_names():
    with pytest.raises(UsageError) as err:
        decode_bytes(b"abc", name="x", forced="klingon")
    assert "klingon" in str(err.value) and "tcvn3" in str(err.value) and "viscii" in str(err.value)
    assert err.value.exit_code == 2


def test_encoding_aliases():
    assert {canonical_encoding(n) for n in ("cp1258", "Windows_1258", "WIN 1258")} == {"windows-1258"}
    assert {canonical_encoding(n) for n in ("tcvn", "ABC", "vn3")} == {"tcvn3"}
    assert {canonical_encoding(n) for n in ("vni-windows", "VNI_WIN")} == {"vni"}
    assert {canonical_encoding(n) for n in ("latin-1", "ISO-8859-1")} == {"latin-1"}
    assert set(ENCODINGS.values()) >= {"utf-8", "utf-8-sig", "utf-16", "windows-1258", "tcvn3", "vni", "vps",
                                       "viscii"}


# --- byte order marks, UTF-16, NFD, odd ends -------------------------------------------------------------------

@pytest.mark.parametrize("data, encoding", [
    ("\ufeffHà Nội".encode("utf-8"), "utf-8-sig"),
    ("Hà Nội".encode("utf-16"), "utf-16"),
    ("\ufeffHà Nội".encode("utf-16-be"), "utf-16"),
    ("Hà Nội".encode("utf-32"), "utf-32"),
])
def test_byte_order_marks(data, encoding):
    assert decode_bytes(data, name="x") == Decoded("Hà Nội", encoding, ())


def test_utf16_without_byte_order_mark():
    for codec in ("utf-16-le", "utf-16-be"):
        result = decode_bytes("Trường Đại học Hà Nội".encode(codec), name="x")
        assert (result.text, result.encoding) == ("Trường Đại học Hà Nội", "utf-16")


def test_nfd_becomes_nfc():
    result = decode_bytes(unicodedata.normalize("NFD", SENTENCE).encode(), name="x")
    assert result == Decoded(SENTENCE, "utf-8", ("normalised NFD to NFC",))


def test_windows_1252_western_text():
    text = "L'été dernier, nous sommes allés à la plage – c'était très agréable, dit François."
    assert decode_bytes(text.encode("cp1252"), name="x") == Decoded(text, "windows-1252", ("decoded Windows-1252",))


def test_stray_bad_bytes_are_an_error_naming_offset_and_line():
    data = ("Tiêu đề\n\n" + SENTENCE).encode()
    at = data.index("học".encode()) + 2                        # inside the ọ of "học": its lead byte is at
    bad = data[:at] + b"\xff" + data[at:]
    with pytest.raises(InputError) as err:
        decode_bytes(bad, name="bai.txt")
    assert str(err.value).startswith(f"bai.txt: is not valid UTF-8: byte 0xE1 at offset {at - 1} (line 3)")
    assert "--errors replace" in str(err.value) and err.value.exit_code == 3
    with pytest.raises(InputError, match=f"offset {at - 1} "):
        decode_bytes(bad, name="bai.txt", forced="utf-8")


def test_errors_replace_reads_bad_bytes_as_replacement_characters_with_a_warning(caplog):
    data = SENTENCE.encode()
    at = data.index("học".encode()) + 3                        # inside the ọ of "học": its lead byte is at - 2
    result = decode_bytes(data[:at] + b"\xff" + data[at:], name="bai.txt", errors="replace")
    assert result.text == SENTENCE.replace("học", "h\ufffd\ufffd\ufffdc") and result.encoding == "utf-8"
    assert result.repairs == (
        f"replaced 3 invalid UTF-8 sequences with U+FFFD (the first at offset {at - 2} (line 1))",)
    assert caplog.records[-1].levelname == "WARNING" and "bai.txt: replaced 3" in caplog.text
    bom = decode_bytes(b"\xef\xbb\xbf" + data[:at] + b"\xff" + data[at:], name="x", errors="replace")
    assert bom.text == result.text
    forced = decode_bytes(data[:at] + b"\xff" + data[at:], name="x", forced="utf-8", errors="replace")
    assert forced.text == result.text and "--encoding" in forced.repairs[0]
    with pytest.raises(UsageError, match="--errors"):
        decode_bytes(data, name="x", errors="ignore")


def test_cut_off_utf8(caplog):
    data = SENTENCE.encode()[:-2] + "ể".encode()[:2]
    with pytest.raises(InputError, match=r"x: ends inside a UTF-8 character \(cut off\?\): byte 0xE1 at offset"):
        decode_bytes(data, name="x")
    result = decode_bytes(data, name="x", errors="replace")
    assert result.text == SENTENCE[:-2] + "\ufffd" and "replaced 1 invalid UTF-8 sequence" in result.repairs[0]


def test_legacy_bytes_that_happen_to_be_valid_utf8(caplog):
    data = encode("người", "vps")            # ng \xdc\xa9 i: valid UTF-8 (a Syriac letter)
    assert decode_bytes(data, name="x").text == data.decode("utf-8")    # valid UTF-8 is always UTF-8 ...
    assert "--encoding vps" in caplog.text                               # ... with a hint
    assert decode_bytes(data, name="x", forced="vps").text == "người"


def test_the_byte_look_for_other_scripts_says_what_their_expression_says_for_every_code_point():
    """Whether valid UTF-8 holds letters of other scripts (the legacy hint's test) is answered from byte counts
    when the bytes near those blocks are absent, and by the expression otherwise (compiling it was 9 M instructions
    of a cold render): the same answer for every code point alone, and for mixed texts, Vietnamese ones included."""
    from exporter.read.parse.encoding import _other_script
    from exporter.text.repair import unicode_patterns

    pattern = unicode_patterns().other_script
    points = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    differ = [f"U+{ord(ch):04X}" for ch in points if _other_script(ch.encode()) != bool(pattern.search(ch))]
    assert differ == []
    draw = random.Random(18)
    near = [chr(c) for c in range(0x200, 0x2100)]
    for _ in range(3000):
        text = SENTENCE + "".join(draw.choice(near if draw.random() < 0.5 else points)
                                  for _ in range(draw.randrange(0, 4)))
        assert _other_script(text.encode()) == bool(pattern.search(text)), text
    assert not _other_script(SENTENCE.encode()) and _other_script(encode("người", "vps"))


def test_empty_input():
    assert decode_bytes(b"", name="x") == Decoded("", "utf-8", ())


def test_repair_text_for_text_already_decoded():
    from exporter.text.repair import repair_text

    assert repair_text("Hà Nội “sạch” – 30°C") == ("Hà Nội “sạch” – 30°C", ())
    text, notes = repair_text("Ông " + windows_view("Nguyễn Văn Đức đã đến".encode()))
    assert text == "Ông Nguyễn Văn Đức đã đến" and "Windows-1252" in notes[0]
    text, notes = repair_text("§¹i héi ®¹i biÓu toµn quèc lÇn thø XIII cña §¶ng")
    assert text == "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng" and "TCVN3" in notes[0]


# --- the syllable check behind the scoring -------------------------------------------------------------------------

def test_syllable_check():
    from exporter.text.syllables import is_syllable

    good = ["hòa", "hoà", "thủy", "thuỷ", "khỏe", "khoẻ", "quốc", "quý", "quỳnh", "già", "gì", "giếng", "người",
            "nghiêng", "khuya", "khuỷu", "ngoài", "ĐẠI", "Việt", "yêu", "uống", "được", "ở", "ấy"]
    bad = ["hòan", "qúa", "tàt", "kà", "ghà", "cê", "ngê", "hoàà", "aé", "xyz", "Nµi", "th«ng", "ñaïi", "ỘhelloỢ"]
    assert [w for w in good if not is_syllable(w)] == []
    assert [w for w in bad if is_syllable(w)] == []


def test_scoring_counts_words_not_symbols():
    from exporter.text.syllables import score_text

    score = score_text("Hà Nội vÒ café §¹i © 2020 “ok”")
    # Hà, Nội valid (both common); vÒ miscased; café a Western word; §¹i letters mixed with symbols; © alone.
    assert (score.valid, score.common, score.foreign, score.invalid, score.junk) == (2, 2, 1, 2, 1)
    assert score.punctuation == 2 and score.garbage == 0


def test_corpus_words_are_nearly_all_valid_syllables():
    from exporter.text.syllables import score_text

    if not _articles():
        pytest.skip("corpus not available")
    for path in _articles():
        score = score_text(path.read_text(encoding="utf-8"))
        assert score.invalid <= 0.02 * (score.valid + score.invalid), path.name
