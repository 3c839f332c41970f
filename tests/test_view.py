"""One presentation model: the view decides each layout once, and the PDF and the Markdown draw the same view."""
from __future__ import annotations

from dataclasses import replace

import pytest
from conftest import EXAMPLE, ROOT, pdf_text, squash
from test_markdown import paragraphs_text

from exporter.model import Block, Translation
from exporter.options import Options
from exporter.pipeline import read_article
from exporter.render.layout import REVIEWED_MARK
from exporter.render.markdown import render_markdown
from exporter.render.pdf import render_pdf
from exporter.render.view import brief_view

SHORT = ROOT / "tests" / "golden" / "inputs" / "dien-gio.md"  # fits one page in every layout


def translated(reviewed_first: bool = False, source=EXAMPLE):
    article = read_article(source)
    blocks = tuple(b if b.kind == "byline" else Block.plain(b.kind, f"EN{i} " + b.text[:30])
                   for i, b in enumerate(article.blocks))
    states = tuple("approved" if i == 0 and reviewed_first else "machine" for i in range(len(blocks)))
    return replace(article, translation=Translation("vi", "en", "libre", "2026-11-27", "Party boards", blocks,
                                                    states=states,
                                                    title_state="approved" if reviewed_first else "machine"))


@pytest.mark.parametrize("layout", ["translation", "bilingual", "original"])
def test_pdf_and_markdown_draw_the_same_view(layout):
    article = translated(reviewed_first=True, source=SHORT)
    options = Options(layout=layout)
    view = brief_view(article, options)
    pdf = squash(pdf_text(render_pdf(article, options)))
    markdown = squash(" ".join(paragraphs_text(render_markdown(article, options))))
    for text in view.texts:
        assert squash(text) in pdf, text
        assert squash(text) in markdown, text
    # what the view leaves out, neither shows
    if layout == "original":
        assert not view.notice and view.subtitle is None
        for drawn in (pdf, markdown):
            assert squash("Party boards") not in drawn and squash("Machine translation") not in drawn
            assert "EN1" not in drawn


def _shown(text):
    """A row's text as it reads (a photo note's label included)."""
    return "".join(run.text for run in text.runs)


def test_layouts_decided_in_the_view():
    article = translated(reviewed_first=True)
    tr = article.translation
    view = brief_view(article, Options(layout="translation"))
    assert view.headline.marked_text == f"Party boards {REVIEWED_MARK}" and view.subtitle.text == article.title
    assert view.title == "Party boards" and view.original_title == article.title and view.lang == "en"
    # the example's caption has no photo: a photo note, labelled in the language of its text
    assert [r.kind for r in view.rows] == [b.kind.replace("caption", "photo_note") for b in tr.blocks]
    assert [_shown(r.text) for r in view.rows] == [("Photo: " if b.kind == "caption" else "") + b.text
                                                    for b in tr.blocks] and view.rows[0].text.mark == "†"
    assert all(r.parallel is None for r in view.rows)

    view = brief_view(article, Options(layout="bilingual"))
    assert view.headline.text == article.title and view.subtitle.marked_text == f"Party boards {REVIEWED_MARK}"
    assert view.lang == "vi" and view.original_title == ""
    for row, original, english in zip(view.rows, article.blocks, tr.blocks):
        assert row.kind == original.kind.replace("caption", "photo_note") and not row.text.mark
        assert _shown(row.text) == ("Ảnh: " if original.kind == "caption" else "") + original.text
        if original.kind == "byline":
            assert row.parallel is None  # a name is not translated: shown once
        else:
            assert _shown(row.parallel) == ("Photo: " if original.kind == "caption" else "") + english.text

    untranslated = brief_view(read_article(EXAMPLE), Options(layout="translation"))
    assert untranslated.layout == "original" and not untranslated.notice


def test_subject_is_the_lead_in_the_shown_language():
    article = translated()
    assert brief_view(article, Options(layout="translation")).subject.startswith("EN0 ")
    assert brief_view(article, Options(layout="bilingual")).subject == article.lead[:300] or \
        brief_view(article, Options(layout="bilingual")).subject.endswith("…")
