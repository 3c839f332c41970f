"""Segment files for human review: JSON, XLIFF 1.2 and CSV, written and read back."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import xml.etree.ElementTree as ET

import pytest

from exporter.errors import InputError, UsageError
from exporter.model import Article, Block, Translation
from exporter.translate import article_segments, read_reviewed, write_segments

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"

SOURCE = Article(
    title="Quốc hội khóa XV bế mạc",
    blocks=(Block.plain("lead", "Sáng 28/6, kỳ họp thứ nhất bế mạc."),
            Block.plain("paragraph", 'Chủ tịch Quốc hội nói: "Thành công & đoàn kết" <tốt>.'),
            Block.plain("byline", "Thu Hà")),
)
TRANSLATED = dataclasses.replace(SOURCE, translation=Translation(
    source_lang="vi", target_lang="en", provider="google", date="2026-11-27",
    title="The 15th National Assembly closes",
    blocks=(Block.plain("lead", "On June 28, the first session closed."),
            Block.plain("paragraph", 'The Chairman said: "Success & unity" <good>.'),
            Block.plain("byline", "Thu Hà"))))


@pytest.mark.parametrize("suffix", [".json", ".xlf", ".xliff", ".csv"])
def test_round_trip(tmp_path, suffix):
    path = tmp_path / f"segments{suffix}"
    write_segments(TRANSLATED, path)
    reviewed = read_reviewed(path)
    assert list(reviewed.segments) == ["title", "b1", "b2"]  # the byline is not a segment
    for segment in article_segments(SOURCE):
        match = reviewed.match(segment)
        assert match is not None and match.source == segment.source
    assert reviewed.segments["b2"].target == 'The Chairman said: "Success & unity" <good>.'
    assert reviewed.path == str(path)


def test_json_layout(tmp_path):
    path = tmp_path / "s.json"
    write_segments(TRANSLATED, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "vnbrief-segments" and data["provider"] == "google"
    assert data["segments"][0] == {"id": "title", "kind": "title", "source": "Quốc hội khóa XV bế mạc",
                                   "target": "The 15th National Assembly closes", "check": ""}
    assert "Quốc hội" in path.read_text(encoding="utf-8")  # readable UTF-8, not \\u escapes


def test_xliff_is_version_1_2_marked_for_review(tmp_path):
    path = tmp_path / "s.xlf"
    write_segments(TRANSLATED, path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{XLIFF}xliff" and root.get("version") == "1.2"
    file = root.find(f"{XLIFF}file")
    assert (file.get("source-language"), file.get("target-language"), file.get("datatype")) == (
        "vi", "en", "plaintext")
    units = root.iter(f"{XLIFF}trans-unit")
    first = next(units)
    assert first.get("id") == "title" and first.find(f"{XLIFF}source").text == "Quốc hội khóa XV bế mạc"
    assert first.find(f"{XLIFF}target").get("state") == "needs-review-translation"
    # not yet confirmed in a CAT tool: text used, but not marked reviewed
    assert read_reviewed(path).segments["title"].reviewed is False


def test_xliff_states_set_by_a_cat_tool(tmp_path):
    path = tmp_path / "s.xlf"
    write_segments(TRANSLATED, path)
    text = path.read_text(encoding="utf-8")
    text = text.replace('state="needs-review-translation"', 'state="translated"', 1)
    text = text.replace("On June 28, the first session closed.",
                        "On the morning of June 28, the <g id='1'>first</g> session closed.")
    path.write_text(text, encoding="utf-8")
    reviewed = read_reviewed(path)
    assert reviewed.segments["title"].reviewed is True
    assert reviewed.segments["b1"].target == "On the morning of June 28, the first session closed."


def test_csv_for_spreadsheets(tmp_path):
    path = tmp_path / "s.csv"
    write_segments(TRANSLATED, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["id", "kind", "source", "target", "check"] and len(rows) == 4
    # Excel in a comma-decimal locale saves with ";" and may collapse whitespace
    edited = "id;kind;source;target\r\nb1;lead;Sáng 28/6,  kỳ họp thứ nhất bế mạc.;Reviewed lead.\r\n"
    path.write_bytes(edited.encode("utf-8-sig"))
    reviewed = read_reviewed(path)
    match = reviewed.match(article_segments(SOURCE)[1])
    assert match is not None and match.target == "Reviewed lead." and match.reviewed


def test_untranslated_article_writes_empty_targets(tmp_path):
    path = tmp_path / "s.json"
    write_segments(SOURCE, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [s["target"] for s in data["segments"]] == ["", "", ""]
    assert read_reviewed(path).match(article_segments(SOURCE)[0]) is None  # empty targets do not count


def test_errors(tmp_path):
    with pytest.raises(UsageError, match="unknown segment file type"):
        write_segments(TRANSLATED, tmp_path / "s.docx")
    with pytest.raises(InputError, match="file not found"):
        read_reviewed(tmp_path / "missing.json")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_reviewed(bad_json)
    bad_xml = tmp_path / "bad.xlf"
    bad_xml.write_text("<xliff><file>", encoding="utf-8")
    with pytest.raises(InputError, match="not valid XML"):
        read_reviewed(bad_xml)
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="id, source and target"):
        read_reviewed(bad_csv)
    cp1252 = tmp_path / "excel.csv"
    cp1252.write_bytes("id,source,target\nb1,Sáng,Morning\n".encode("cp1252"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_reviewed(cp1252)
