"""Glossary files: CSV/TSV columns mapped by language-code headers, refused terms, TBX with a hardened parser."""
from __future__ import annotations

import pytest

from exporter.errors import UsageError
from exporter.translate.glossary import load_glossary, read_glossary_file


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("content", [
    "vi-VN,en-GB\nSở Y tế,Department of Health\n",
    "en-GB,vi-VN\nDepartment of Health,Sở Y tế\n",
    "ID,en-US,note,vi\n1,Department of Health,checked,Sở Y tế\n",  # a CAT tool's export: 4 columns, any order
    "id\tvi\tfr\ten\n7\tSở Y tế\tDépartement de la santé\tDepartment of Health\n",
    "Vietnamese;English\nSở Y tế;Department of Health\n",
    "Sở Y tế,Department of Health\n",  # no header: source, target
])
def test_columns_are_mapped_by_their_language_codes(tmp_path, content):
    suffix = ".tsv" if "\t" in content else ".csv"
    entries = read_glossary_file(_write(tmp_path, "mine" + suffix, content))
    assert [(e.vietnamese, e.english) for e in entries] == [("Sở Y tế", "Department of Health")]


def test_a_header_row_is_never_an_entry(tmp_path):
    entries = read_glossary_file(_write(tmp_path, "mine.csv", "vi-VN,en-GB\nSở Y tế,Department of Health\n"))
    assert all(e.vietnamese != "vi-VN" for e in entries)
    glossary = load_glossary(_write(tmp_path, "mine.csv", "vi-VN,en-GB\nSở Y tế,Department of Health\n"))
    assert glossary.terms("vi-VN en-GB") == []


@pytest.mark.parametrize("content, line, what", [
    ("1,Ban Tổ chức Trung ương\n", 1, "a number"),  # a CAT export read without its header: ID → Vietnamese
    ("vi,en\nSở Y tế,Department of Health\n12.5,twelve\n", 3, "a number"),
    ("vi,en\nA,the letter a\n", 2, "shorter than two letters"),
])
def test_numbers_and_one_letter_terms_are_refused_naming_the_line(tmp_path, content, line, what):
    path = _write(tmp_path, "mine.csv", content)
    with pytest.raises(UsageError, match=f"line {line}: the term .* is {what}") as caught:
        load_glossary(path)
    assert str(path) in str(caught.value)


def test_a_header_without_a_vietnamese_column_is_an_error(tmp_path):
    with pytest.raises(UsageError, match="no Vietnamese"):
        read_glossary_file(_write(tmp_path, "mine.csv", "de,fr,en\nGesundheit,Santé,Health\n"))


TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="vi" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="vi-VN"><termSec><term>Sở Y tế</term></termSec>
        <termSec><term>Sở Y Tế Hà Nội</term></termSec></langSec>
      <langSec xml:lang="en-GB"><termSec><term>Department of Health</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c2">
      <langSec xml:lang="fr"><termSec><term>Ministère</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""

TBX_2008 = """<?xml version="1.0"?>
<martif type="TBX" xml:lang="en"><text><body>
  <termEntry id="t1">
    <langSet xml:lang="vi"><tig><term>Bộ Y tế</term></tig></langSet>
    <langSet xml:lang="en"><tig><term>the Ministry of Public Health</term></tig></langSet>
  </termEntry>
</body></text></martif>
"""


def test_tbx_import(tmp_path):
    entries = read_glossary_file(_write(tmp_path, "terms.tbx", TBX))
    assert [(e.vietnamese, e.english) for e in entries] == [
        ("Sở Y tế", "Department of Health"), ("Sở Y Tế Hà Nội", "Department of Health")]
    glossary = load_glossary(_write(tmp_path, "old.tbx", TBX_2008))
    # a user entry overrides the bundled one, and the derived minister's title with it
    assert [s.replacement for s in glossary.terms("Bộ trưởng Bộ Y tế")] == ["Minister of Public Health"]


@pytest.mark.parametrize("document", [
    # billion laughs: entity expansion
    '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    '<tbx><text><body><conceptEntry><langSec xml:lang="vi"><termSec><term>&b;</term></termSec></langSec>'
    '</conceptEntry></body></text></tbx>',
    # external entity: a local file
    '<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    '<tbx><text><body><conceptEntry><langSec xml:lang="vi"><termSec><term>&x;</term></termSec></langSec>'
    '<langSec xml:lang="en"><termSec><term>x</term></termSec></langSec></conceptEntry></body></text></tbx>',
])
def test_tbx_entities_are_refused(tmp_path, document):
    with pytest.raises(UsageError, match="entities"):
        read_glossary_file(_write(tmp_path, "evil.tbx", document))
    # the same in UTF-16, where no byte string "<!ENTITY" is to be found
    utf16 = tmp_path / "evil16.tbx"
    utf16.write_bytes(document.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
                      .encode("utf-16"))
    with pytest.raises(UsageError, match="entities"):
        read_glossary_file(utf16)


def test_broken_tbx_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="not well-formed"):
        read_glossary_file(_write(tmp_path, "broken.tbx", "<tbx><text>"))
    with pytest.raises(UsageError, match="no entry with a Vietnamese"):
        read_glossary_file(_write(tmp_path, "french.tbx", TBX.replace('"vi-VN"', '"fr"')))
