"""Parsed TrueType faces kept in the cache folder (exporter.render.font_cache): read back, the PDF is the same to
the byte; a stale or damaged entry is parsed afresh; ``--no-cache`` keeps none."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import EXAMPLE, ROOT

RENDER = """
import sys
from exporter.options import Options
from exporter.pipeline import read_article
from exporter.render.pdf import render_pdf
cache, font = sys.argv[1], sys.argv[2]
options = Options(cache_dir=cache or None, use_cache=bool(cache), font=font)
sys.stdout.buffer.write(render_pdf(read_article(sys.argv[3], options), options))
"""


def render(cache, font="serif", source=EXAMPLE) -> bytes:
    """A PDF rendered in a new process (fonts are registered once per process)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", RENDER, str(cache or ""), font, str(source)], env=env,
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    return done.stdout


@pytest.mark.parametrize("font", ["serif", "sans"])
def test_a_face_read_from_the_cache_gives_the_same_pdf(tmp_path, font):
    parsed = render(None, font)
    first = render(tmp_path / "cache", font)  # parses, and keeps the faces
    kept = sorted((tmp_path / "cache" / "fonts").iterdir())
    assert len(kept) >= 2 and all(p.suffix == ".face" for p in kept)
    stamps = {p: p.stat().st_mtime_ns for p in kept}
    again = render(tmp_path / "cache", font)  # reads them back
    assert parsed == first == again
    assert {p: p.stat().st_mtime_ns for p in kept} == stamps  # read, not written again


def test_a_damaged_or_stale_entry_is_parsed_again(tmp_path):
    from exporter.render.font_cache import load_font

    parsed = render(None)
    render(tmp_path / "cache")
    kept = sorted((tmp_path / "cache" / "fonts").iterdir())
    kept[0].write_bytes(b"\x00 not marshal data")
    assert render(tmp_path / "cache") == parsed
    assert kept[0].read_bytes() != b"\x00 not marshal data"  # parsed and kept again
    # A font file that changed (another size or time) is parsed, not taken from the entry of the old one.
    font = tmp_path / "f.ttf"
    font.write_bytes((ROOT / "fonts" / "NotoSans-Regular.ttf").read_bytes())
    first = load_font("cache-test-a", font, str(tmp_path / "cache"))
    font.write_bytes((ROOT / "fonts" / "NotoSerif-Regular.ttf").read_bytes())
    second = load_font("cache-test-b", font, str(tmp_path / "cache"))
    assert first.face.charWidths != second.face.charWidths
    assert second.face.familyName == b"Noto Serif"


def test_no_cache_keeps_no_face(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    render(None)
    assert not (tmp_path / "xdg").exists()


def test_the_inverse_character_map_is_read_back_when_first_asked(tmp_path):
    # glyphToChar (ReportLab asks it only to shape text with HarfBuzz) stays marshalled in a face read from the
    # cache until it is first asked; then it is the parse's, list for list.
    from reportlab.pdfbase.ttfonts import TTFont

    from exporter.render.font_cache import load_font

    path = ROOT / "fonts" / "NotoSerif-Italic.ttf"
    parsed = TTFont("cache-test-parsed", str(path)).face
    load_font("cache-test-first", path, str(tmp_path))  # parses, and keeps the face
    kept = load_font("cache-test-kept", path, str(tmp_path)).face
    assert "glyphToChar" not in vars(kept)
    assert {key: value for key, value in vars(kept).items() if key not in ("_marshalled", "_pdfScale")} == {
        key: value for key, value in vars(parsed).items() if key not in ("glyphToChar", "_pdfScale")}
    assert kept.glyphToChar == parsed.glyphToChar and len(kept.glyphToChar) > 2000
    assert "_marshalled" not in vars(kept)  # unmarshalled once
