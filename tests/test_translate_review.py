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
from exporter.translate import article_segments, read_reviewed, stale_segments, write_segments

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
    assert data["segments"][0] == {"id": "title", "kind": "title", "status": "machine",
                                   "source": "Quốc hội khóa XV bế mạc", "target": "The 15th National Assembly closes",
                                   "check": "", "machine": "The 15th National Assembly closes"}
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
                        "On the morning of June 28, the <g id='1'>first</g> session closed.", 1)  # not alt-trans
    path.write_text(text, encoding="utf-8")
    reviewed = read_reviewed(path)
    # "translated" on a unit whose text is the machine's is no review: a CAT tool writes it for any unit
    assert reviewed.segments["title"].state == "machine"
    assert reviewed.segments["b1"].target == "On the morning of June 28, the first session closed."
    assert reviewed.segments["b1"].state == "edited"


def test_csv_for_spreadsheets(tmp_path):
    path = tmp_path / "s.csv"
    write_segments(TRANSLATED, path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["id", "kind", "status", "source", "target", "check", "machine", "reviewer", "reviewed_at",
                       "engine"]
    assert len(rows) == 4 and {row[9] for row in rows[1:]} == {"google"}
    # Excel in a comma-decimal locale saves with ";" and may collapse whitespace
    edited = "id;kind;source;target\r\nb1;lead;Sáng 28/6,  kỳ họp thứ nhất bế mạc.;Reviewed lead.\r\n"
    path.write_bytes(edited.encode("utf-8-sig"))
    reviewed = read_reviewed(path)
    match = reviewed.match(article_segments(SOURCE)[1])
    assert match is not None and match.target == "Reviewed lead."
    assert match.reviewed is None  # no status, no machine column: decided by comparing with the machine text


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
    with pytest.raises(InputError, match="not valid or not safe XML"):
        read_reviewed(bad_xml)
    bad_csv = tmp_path / "bad.csv"
    bad_csv.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="id, source and target"):
        read_reviewed(bad_csv)
    cp1252 = tmp_path / "excel.csv"
    cp1252.write_bytes("id,source,target\nb1,Sáng,Morning\n".encode("cp1252"))
    with pytest.raises(InputError, match="not UTF-8"):
        read_reviewed(cp1252)


def _edit_csv(path, edit):
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    header = rows[0]
    for row in rows[1:]:
        edit(dict(zip(header, row)), row, header)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def test_csv_and_json_status_decides_what_counts(tmp_path):
    csv_path, json_path = tmp_path / "s.csv", tmp_path / "s.json"
    write_segments(TRANSLATED, csv_path)
    write_segments(TRANSLATED, json_path)

    def edit(record, row, header):
        if record["id"] == "b1":
            row[header.index("target")] = "On the morning of 28 June, the first session closed."
        if record["id"] == "b2":
            row[header.index("status")] = "reviewed"  # checked and approved as it was (the older word)
        if record["id"] == "title":
            row[header.index("status")] = "edited"  # claimed, but the text is the machine's

    _edit_csv(csv_path, edit)
    reviewed = read_reviewed(csv_path)
    assert {k: v.state for k, v in reviewed.segments.items()} == {"title": "machine", "b1": "edited",
                                                                   "b2": "approved"}
    data = json.loads(json_path.read_text(encoding="utf-8"))
    data["segments"][1]["target"] = "Edited."
    json_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    reviewed = read_reviewed(json_path)
    assert {k: v.state for k, v in reviewed.segments.items()} == {"title": "machine", "b1": "edited",
                                                                   "b2": "machine"}
    data["segments"][0]["status"] = "approved"
    json_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert read_reviewed(json_path).segments["title"].state == "approved"
    data["segments"][0]["status"] = "done"
    json_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError, match="unknown status 'done'"):
        read_reviewed(json_path)


def test_xliff_approved_and_alt_trans(tmp_path):
    path = tmp_path / "s.xlf"
    write_segments(TRANSLATED, path)
    tree = ET.parse(path)
    units = {u.get("id"): u for u in tree.getroot().iter(f"{XLIFF}trans-unit")}
    assert units["b1"].find(f"{XLIFF}alt-trans/{XLIFF}target").text == "On June 28, the first session closed."
    units["title"].set("approved", "yes")  # what CAT tools write on confirming a unit
    units["b2"].find(f"{XLIFF}target").text = "The Chairman said: success and unity."  # edited, state untouched
    tree.write(path, encoding="utf-8", xml_declaration=True)
    reviewed = read_reviewed(path)
    assert {k: v.reviewed for k, v in reviewed.segments.items()} == {"title": True, "b1": False, "b2": True}


def test_matched_by_source_not_position():
    moved = Article(title=SOURCE.title, blocks=(Block.plain("paragraph", "Một đoạn mới chèn vào đầu."),
                                                *reversed(SOURCE.blocks[:2]), SOURCE.blocks[2]))
    from exporter.translate.review import Reviewed, ReviewedSegment

    reviewed = Reviewed((ReviewedSegment("b1", "Sáng 28/6,  kỳ họp thứ nhất bế mạc.", "Reviewed lead.", "reviewed"),
                         ReviewedSegment("b2", SOURCE.blocks[1].text, "Reviewed quote.", "reviewed")))
    matches = {s.id: (reviewed.match(s).target if reviewed.match(s) else None) for s in article_segments(moved)}
    assert matches == {"title": None, "b1": None, "b2": "Reviewed quote.", "b3": "Reviewed lead."}
    assert stale_segments(moved, reviewed) == []


def test_csv_cells_never_start_a_formula(tmp_path):
    article = dataclasses.replace(TRANSLATED, blocks=(
        Block.plain("lead", "=HYPERLINK(\"http://x\",\"bấm\")"), Block.plain("paragraph", "- Gạch đầu dòng"),
        Block.plain("paragraph", "@SUM(1)"), Block.plain("paragraph", "+84 912")),
        translation=dataclasses.replace(TRANSLATED.translation, blocks=(
            Block.plain("lead", "=1+1"), Block.plain("paragraph", "- Bullet"), Block.plain("paragraph", "@x"),
            Block.plain("paragraph", "+84 912"))))
    path = tmp_path / "s.csv"
    write_segments(article, path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@")]
    assert "'=HYPERLINK(\"http://x\",\"bấm\")" in cells and "'- Bullet" in cells
    back = read_reviewed(path).segments
    assert back["b1"].source == "=HYPERLINK(\"http://x\",\"bấm\")" and back["b1"].target == "=1+1"
    assert back["b2"].target == "- Bullet" and back["b4"].source == "+84 912"
    assert back["b1"].reviewed is False  # the prefix is not an edit


def test_tmx_round_trip_and_a_cat_tool_memory(tmp_path):
    path = tmp_path / "s.tmx"
    from exporter.translate.review import ReviewedSegment

    write_segments(TRANSLATED, path, memory=[ReviewedSegment("", "Câu khác.", "Another sentence.", "approved", None,
                                                             "Lan", "2026-01-02T10:15:00Z")])
    root = ET.parse(path).getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "vi"
    tus = root.findall("body/tu")
    assert len(tus) == 4 and tus[-1].find("prop").text == "approved"
    assert (tus[-1].get("changeid"), tus[-1].get("changedate")) == ("Lan", "20260102T101500Z")
    langs = [tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tus[0].findall("tuv")]
    assert langs == ["vi", "en"]
    reviewed = read_reviewed(path)
    assert reviewed.segments["title"].state == "machine" and reviewed.segments["tm1"].state == "approved"
    assert (reviewed.segments["tm1"].by, reviewed.segments["tm1"].at) == ("Lan", "2026-01-02T10:15:00Z")
    # a memory exported by a CAT tool: no vnbrief properties, inline markup, a DOCTYPE
    cat = tmp_path / "cat.tmx"
    cat.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
        '<tmx version="1.4"><header creationtool="OmegaT" creationtoolversion="6" segtype="paragraph" '
        'o-tmf="OmegaT" adminlang="EN-US" srclang="vi-VN" datatype="plaintext"/><body>'
        '<tu><tuv xml:lang="vi-VN"><seg>Sáng 28/6, kỳ họp thứ nhất bế mạc.</seg></tuv>'
        '<tuv xml:lang="en-GB"><seg>On 28 June the <bpt i="1">&lt;b&gt;</bpt>first<ept i="1">&lt;/b&gt;</ept> '
        'session closed.</seg></tuv></tu></body></tmx>', encoding="utf-8")
    unit = read_reviewed(cat).match(article_segments(SOURCE)[1])
    assert unit is not None and unit.target == "On 28 June the first session closed."
    assert unit.state == "edited"  # a person's translation, never an approval here


@pytest.mark.parametrize("suffix", [".tmx", ".xlf"])
def test_xml_review_files_refuse_entities(tmp_path, suffix):
    bomb = ('<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            '<tmx version="1.4"><header srclang="vi"/><body><tu><tuv xml:lang="vi"><seg>&b;</seg></tuv>'
            '<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>')
    external = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                '<xliff version="1.2"><file><body><trans-unit id="b1"><source>&e;</source></trans-unit></body>'
                '</file></xliff>')
    for document in (bomb, external):
        path = tmp_path / f"evil{suffix}"
        path.write_text(document, encoding="utf-8")
        with pytest.raises(InputError, match="not valid or not safe XML"):
            read_reviewed(path)
