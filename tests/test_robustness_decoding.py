"""Decoding honest both ways, as a user meets it (issue 13, item 5): invalid UTF-8 is exit 3 naming where, or
U+FFFD with a warning under --errors replace; valid UTF-8 in any script is read back as it is."""
from __future__ import annotations

import json

import pytest


def text_fields(data: dict) -> list:
    """Every piece of the article's text in inspect's JSON: headline, lead, body, captions, byline."""
    return [data["title"], data["lead"], *data["body"], *data["captions"], data["byline"]]


BAD = "Tiêu đề\n\nCâu thứ nhất.\n\nCâu m".encode() + b"\xff" + " ở đây.\n".encode()
AT = BAD.index(b"\xff")


@pytest.mark.parametrize("command", ["inspect", "render", "digest"])
def test_invalid_utf8_is_exit_3_naming_offset_and_line(command, run_cli, tmp_path):
    path = tmp_path / "bai.txt"
    path.write_bytes(BAD)
    args = {"inspect": (), "render": ("-o", tmp_path / "out"), "digest": ("-o", tmp_path / "out" / "d.pdf")}
    result = run_cli(command, path, *args[command])
    assert result.exit_code == 3
    assert f"bai.txt: is not valid UTF-8: byte 0xFF at offset {AT} (line 5)" in result.stderr
    assert "--errors replace" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_errors_replace_reads_on_with_a_warning(run_cli, tmp_path):
    path = tmp_path / "bai.txt"
    path.write_bytes(BAD)
    result = run_cli("inspect", path, "--errors", "replace")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert "Câu m\ufffd ở đây." in data["body"]
    assert data["input"]["repairs"][0].startswith("replaced 1 invalid UTF-8 sequence with U+FFFD")
    assert result.stderr.count("Warning:") == 1 and "bai.txt" in result.stderr
    rendered = run_cli("render", path, "-o", tmp_path / "out", "--errors", "replace", "-f", "md")
    assert rendered.exit_code == 0 and "Câu m\ufffd ở đây." in (tmp_path / "out" / "bai.md").read_text("utf-8")


def test_errors_setting_in_the_config_file(run_cli, tmp_path, monkeypatch):
    path = tmp_path / "bai.txt"
    path.write_bytes(BAD)
    (tmp_path / "vnbrief.toml").write_text('errors = "replace"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run_cli("inspect", "bai.txt").exit_code == 0
    (tmp_path / "vnbrief.toml").write_text('errors = "ignore"\n', encoding="utf-8")
    result = run_cli("inspect", "bai.txt")
    assert result.exit_code == 2 and "errors" in result.stderr


@pytest.mark.parametrize("line", [
    "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᏂᏴᏫᏯ", "ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾᛁᛃ", "ߒߞߏ ߞߊ߲ ߓߊ߯", "𓀀𓁐𓂀 𓃰𓆣", "Ë Ë", "Malmö Größe façon été",
])
def test_valid_utf8_in_other_scripts_reads_back(line, run_cli, tmp_path):
    path = tmp_path / "other.txt"
    path.write_text(f"Tiêu đề bài\n\nSapo của bài viết.\n\n{line}\n", encoding="utf-8")
    result = run_cli("inspect", path)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert line in text_fields(data)          # where the structure finder put it is not the point here
    assert data["input"]["encoding"] == "utf-8" and data["input"]["repairs"] == []


def test_a_page_with_a_byte_order_mark_and_a_bad_byte(run_cli, tmp_path):
    page = tmp_path / "trang.html"
    body = "<p>" + "Bài báo có một byte hỏng ở giữa câu này, và nhiều câu khác nữa. " * 6 + "</p>"
    page.write_bytes(b"\xef\xbb\xbf<html><head><title>Tin</title></head><body><h1>Tin Vi\xe1\xbb\x87t</h1>"
                     + body.encode().replace(b"gi", b"g\xffi", 1) + b"</body></html>")
    result = run_cli("inspect", page)
    assert result.exit_code == 3 and "trang.html: is not valid UTF-8: byte 0xFF at offset" in result.stderr
    result = run_cli("inspect", page, "--errors", "replace")
    assert result.exit_code == 0 and "Warning:" in result.stderr and "g\ufffdi" in result.stdout
