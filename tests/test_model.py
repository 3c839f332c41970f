"""The data model's package: Translation and Digest are made on first use yet named by ``exporter.model`` as
before, and a translated article survives pickling (what a batch worker sends back)."""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import replace

import pytest
from conftest import ROOT

import exporter
import exporter.model as model
from exporter.model.digest import DIGEST_LABELS, Digest
from exporter.model.translation import Translation


def test_later_names_are_the_classes_of_their_modules():
    assert model.Translation is Translation is exporter.Translation
    assert model.Digest is Digest and model.DIGEST_LABELS is DIGEST_LABELS
    assert {"Translation", "Digest", "DIGEST_LABELS", "Article", "Block"} <= set(dir(model))
    from exporter.model import Translation as again

    assert again is Translation
    with pytest.raises(AttributeError, match="has no attribute 'Nothing'"):
        model.Nothing  # noqa: B018


def test_importing_the_model_builds_neither_translation_nor_digest():
    code = ("import sys, exporter.model\nprint(sorted(m for m in sys.modules if m.startswith('exporter.model')))\n"
            "exporter.model.Translation\nprint('exporter.model.translation' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT))).stdout.split("\n")
    assert out[:2] == ["['exporter.model', 'exporter.model.blocks']", "True"]


def test_a_translated_article_pickles():
    block = model.Block.plain("paragraph", "Xin chào")
    translation = Translation("vi", "en", "google", "2026-01-01", "Hello", (model.Block.plain("paragraph", "Hi"),),
                              states=("edited",))
    article = replace(model.Article("Chào", (block,)), translation=translation)
    back = pickle.loads(pickle.dumps(article))
    assert back == article and type(back.translation) is Translation
    assert back.translation.state_of("b1") == "edited"
