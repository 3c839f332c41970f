"""Shared fixtures: the corpus (skipped when absent), PDF text extraction, and the CLI runner."""
from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest

from libre_server import translation_server  # noqa: F401  (the fixture, for every test module)

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
EXAMPLE = ROOT / "examples" / "article.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_dir(name: str) -> Path:
    """A corpus folder, or skip the test when the corpus is not beside the project."""
    folder = CORPUS / name
    if not folder.is_dir():
        pytest.skip(f"corpus folder {folder} not present")
    return folder


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pdfminer.six extracts it, NFC."""
    from pdfminer.high_level import extract_text

    return unicodedata.normalize("NFC", extract_text(io.BytesIO(data)))


def squash(text: str) -> str:
    """Whitespace-insensitive form for comparing extracted text with its source."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Keep every test away from the user's real cache and config folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.fixture
def run_cli():
    """Run the vnbrief command in-process; returns click's Result (exit_code, stdout, stderr)."""
    from click.testing import CliRunner

    from exporter.cli import cli

    def run(*args, input=None):
        runner = CliRunner()
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
