"""Properties over `vnbrief inspect` and `vnbrief render`, tried by hypothesis on generated input (issue 13):
valid UTF-8 in any script reads back unchanged, modulo the normalisation the manual documents; bytes that are not
valid UTF-8 are read or refused with one line and an exit code the manual documents. Derandomised, so that CI runs
the same cases every time, and sized to run in a few seconds."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from conftest import docs_page
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from exporter.text.normalise import clean_text

SETTINGS = settings(derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def documented_exit_codes() -> set:
    """The codes of the exit-code table (docs/exit-codes.md)."""
    text = docs_page("exit-codes.md")
    table = text[text.index("| code"):]
    table = table[:table.index("\n\n", table.index("| code"))]
    return {int(m.group(1)) for m in re.finditer(r"^\| (\d+) \|", table, re.MULTILINE)}


EXIT_CODES = documented_exit_codes()

# Any character a text file may hold except what the manual says is cleaned away or changed (controls, bidi and
# invisible characters, special spaces: see "Encodings" and clean_text), surrogates, private use and unassigned
# code points. Every word holds a letter, so that no line is punctuation alone (the manual: such lines are dropped).
_CHARS = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"))
_LETTERS = st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Lm", "Lt"))
WORD = st.builds(lambda a, b, c: a + b + c, st.text(_CHARS, max_size=3), _LETTERS, st.text(_CHARS, max_size=3))
LINE = st.lists(WORD, min_size=1, max_size=10).map(" ".join)
ARTICLE = st.lists(LINE, min_size=2, max_size=6).map("\n\n".join)

# What a PDF can draw with the bundled fonts (Vietnamese, Latin, Greek, Cyrillic, Hebrew, Arabic, some emoji):
# rendering stays fast (no system font search per character).
_DRAWABLE = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                                 "ùúủũụừứửữựỳýỷỹỵĐƯƠÂĂÊÔABCXYZ0123456789.,;:!?()-–“”'\"&<>*_#`[]\\"
                                 "αβγδεжзиклשלוםمرحبا😀😂★"))
DRAWABLE_WORD = st.builds(lambda a, b: a + b, st.sampled_from(list("aăâđeêoôơuưyAĐ")), st.text(_DRAWABLE, max_size=6))
DRAWABLE_ARTICLE = st.lists(st.lists(DRAWABLE_WORD, min_size=1, max_size=8).map(" ".join),
                            min_size=2, max_size=5).map("\n\n".join)


def words(*texts: str) -> Counter:
    return Counter(word for text in texts for word in text.split())


def article_words(data: dict) -> Counter:
    """The words of every piece of the article in inspect's JSON (the lead is the body's first paragraph)."""
    return words(data["title"], *data["body"], *data["captions"], data["byline"])


def expected_words(text: str) -> Counter:
    """The input's words after the normalisation the manual documents: NFC, clean characters and spaces."""
    return words(clean_text(unicodedata.normalize("NFC", text)))


def one_line_error(result) -> None:
    assert result.exit_code in EXIT_CODES, result.exit_code
    if result.exit_code:
        errors = [line for line in result.stderr.splitlines() if not line.startswith("Warning: ")]
        assert len(errors) == 1 and errors[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output


@SETTINGS
@given(text=ARTICLE)
def test_valid_utf8_reads_back_unchanged(text, run_cli, tmp_path_factory):
    path = Path(tmp_path_factory.mktemp("in")) / "bai.txt"
    path.write_bytes(text.encode("utf-8"))
    result = run_cli("inspect", path)
    one_line_error(result)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["input"]["encoding"] == "utf-8"
    assert not [r for r in data["input"]["repairs"] if r.startswith(("repaired", "decoded", "replaced"))]
    assert article_words(data) == expected_words(text)


@SETTINGS
@given(text=DRAWABLE_ARTICLE)
def test_render_keeps_every_word(text, run_cli, tmp_path_factory):
    folder = Path(tmp_path_factory.mktemp("render"))
    (folder / "bai.txt").write_bytes(text.encode("utf-8"))
    result = run_cli("render", folder / "bai.txt", "-o", folder / "out", "-q")
    one_line_error(result)
    assert result.exit_code == 0, result.stderr
    assert (folder / "out" / "bai.pdf").stat().st_size > 0
    tokens = MarkdownIt().parse((folder / "out" / "bai.md").read_text(encoding="utf-8"))
    shown = " ".join(child.content for token in tokens if token.type == "inline"
                     for child in (token.children or ()) if child.type in ("text", "code_inline"))
    assert not expected_words(text) - words(shown)


@SETTINGS
@given(data=st.binary(min_size=1, max_size=400))
def test_any_bytes_give_a_documented_exit_code(data, run_cli, tmp_path_factory):
    path = Path(tmp_path_factory.mktemp("bytes")) / "bai.txt"
    path.write_bytes(data)
    for args in ((), ("--errors", "replace")):
        one_line_error(run_cli("inspect", path, *args))


@SETTINGS
@given(text=DRAWABLE_ARTICLE, where=st.floats(0, 1), bad=st.sampled_from([b"\xff", b"\xc0", b"\xe1\x80", b"\x80"]))
def test_a_bad_byte_in_utf8_is_named(text, where, bad, run_cli, tmp_path_factory):
    data = ("Trường Đại học Hà Nội\n\n" + text).encode("utf-8")
    cut = int(where * len(data))
    while cut < len(data) and 0x80 <= data[cut] < 0xC0:     # between characters
        cut += 1
    data = data[:cut] + bad + data[cut:]
    path = Path(tmp_path_factory.mktemp("bad")) / "bai.txt"
    path.write_bytes(data)
    result = run_cli("inspect", path)
    one_line_error(result)
    assert result.exit_code == 3
    line = data.count(b"\n", 0, cut) + 1
    assert f"at offset {cut} (line {line})" in result.stderr


def test_exit_code_table_is_read():
    assert EXIT_CODES >= {0, 1, 2, 3, 4, 5}
    pytest.importorskip("hypothesis")
