"""Golden Markdown: the translated, bilingual and digest outputs compared whole with tests/golden/, and export(),
the one-call API of the manual (docs/api.md), with what it writes.

The translation is the local LibreTranslate-compatible test server's ("[en] " + the text), dates are fixed with
SOURCE_DATE_EPOCH, so the outputs are the same on every machine. After an intended change of the output, rewrite
the golden files with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff with git.
"""
from __future__ import annotations

import io

import pytest
from conftest import EXAMPLE, GOLDEN, assert_golden, pdf_text, squash
from pypdf import PdfReader

from exporter import export, export_digest, read_article
from exporter.errors import InputError, TranslationError, UsageError
from exporter.options import Options

INPUTS = GOLDEN / "inputs"
EPOCH = "1717200000"  # 2024-06-01


@pytest.fixture
def fixed_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def libre(server, tmp_path, **settings) -> Options:
    return Options(translate=True, provider="libre", provider_url=server.url, cache_dir=str(tmp_path / "cache"),
                   jobs=1, timeout=5, **settings)


@pytest.mark.parametrize("source", [EXAMPLE, INPUTS / "dien-gio.md"], ids=["text", "markdown"])
@pytest.mark.parametrize("layout, suffix", [("translation", ".en"), ("bilingual", ".vi-en")])
def test_translated_briefs_match_golden(source, layout, suffix, translation_server, tmp_path, fixed_date):
    options = libre(translation_server, tmp_path, layout=layout, formats=("md",))
    paths = export(source, tmp_path / "out", options)
    assert [p.name for p in paths] == [source.stem + suffix + ".md"]
    assert_golden(paths[0].name, paths[0].read_text(encoding="utf-8"))


def test_untranslated_markdown_input_matches_golden(tmp_path):
    paths = export(INPUTS / "dien-gio.md", tmp_path, Options(formats=("md",)))
    assert_golden("dien-gio.md", paths[0].read_text(encoding="utf-8"))


@pytest.mark.parametrize("layout, name", [("original", "digest.md"), ("translation", "digest.en.md"),
                                          ("bilingual", "digest.vi-en.md")])
def test_digest_matches_golden(layout, name, run_cli, translation_server, tmp_path, fixed_date):
    out = tmp_path / name
    args = ["digest", EXAMPLE, INPUTS / "dien-gio.md", "-o", out, "--date", "2024-06-01", "--jobs", "1", "-q"]
    if layout != "original":
        args += ["--translate", "--layout", layout, "--provider", "libre", "--provider-url", translation_server.url,
                 "--cache-dir", tmp_path / "cache"]
    result = run_cli(*args)
    assert result.exit_code == 0, result.stderr
    assert_golden(name, out.read_text(encoding="utf-8"))


# --- export() -------------------------------------------------------------------------------------------------

def test_export_writes_every_format_and_returns_the_paths(tmp_path):
    paths = export(EXAMPLE, tmp_path / "new" / "out")
    assert [p.name for p in paths] == ["article.pdf", "article.md"]
    assert sorted(p.name for p in (tmp_path / "new" / "out").iterdir()) == ["article.md", "article.pdf"]
    article = read_article(EXAMPLE)
    text = squash(pdf_text(paths[0].read_bytes()))
    assert squash(article.title) in text and squash(article.lead) in text
    assert len(PdfReader(io.BytesIO(paths[0].read_bytes())).pages) >= 1
    assert paths[1].read_text(encoding="utf-8").startswith("---\ntitle: ")


def test_export_stem_and_formats(tmp_path):
    paths = export(str(EXAMPLE), tmp_path, Options(formats=("md",)), stem="tin-sang")
    assert paths == [tmp_path / "tin-sang.md"]


def test_export_translated_names_carry_the_language(translation_server, tmp_path, fixed_date):
    paths = export(EXAMPLE, tmp_path, libre(translation_server, tmp_path, layout="bilingual"))
    assert [p.name for p in paths] == ["article.vi-en.pdf", "article.vi-en.md"]
    assert "[en] " in pdf_text(paths[0].read_bytes())


def test_export_of_a_missing_input_writes_nothing(tmp_path):
    with pytest.raises(InputError) as caught:
        export(tmp_path / "missing.txt", tmp_path / "out")
    assert caught.value.exit_code == 3 and "missing.txt" in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_export_with_a_bad_template_writes_no_half_of_the_briefs(tmp_path):
    with pytest.raises(UsageError):
        export(EXAMPLE, tmp_path, Options(template="no-such-template"))
    assert list(tmp_path.iterdir()) == []  # the PDF was rendered but not written: all formats first, then writing


def test_export_obeys_strict_like_the_command(translation_server, tmp_path, fixed_date):
    # the test server's "translation" leaves the Vietnamese in place: the checks after translation flag it
    options = libre(translation_server, tmp_path, strict=True)
    with pytest.raises(TranslationError, match="--strict"):
        export(EXAMPLE, tmp_path / "out", options)
    assert not (tmp_path / "out").exists()


def test_export_digest_translates_like_the_command(translation_server, tmp_path, fixed_date):
    options = libre(translation_server, tmp_path, layout="translation")
    paths = export_digest([EXAMPLE, INPUTS / "dien-gio.md"], [tmp_path / "d.md", tmp_path / "d.pdf"], options,
                          date="2024-06-01")
    assert paths == [tmp_path / "d.md", tmp_path / "d.pdf"]
    assert paths[0].read_text(encoding="utf-8") == (GOLDEN / "digest.en.md").read_text(encoding="utf-8")
    assert "[en] " in pdf_text(paths[1].read_bytes())
