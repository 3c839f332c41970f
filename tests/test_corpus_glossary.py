"""The shared corpus rendered through the fake translation server: every labelled glossary term and name right.

Labels: ``fixtures/corpus_glossary.tsv``. Each article is read, translated by :class:`Translator` against the
local server (``normal``: echoes the text; ``mangling``: changes placeholders the ways providers do, loses one
in long texts, and strips the marks of names it was not told to keep), rendered to Markdown and parsed back with
markdown-it-py. Every occurrence of a labelled term or name in the article must come out, in order, as its
English (or the name in the ``--names`` style); a ``not`` row must be left to the provider.
"""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

import pytest
from conftest import corpus_dir
from libre_server import TranslationServer, fake_translate, mangle_placeholders

from exporter import read_article
from exporter.options import Options
from exporter.render.markdown import render_markdown
from exporter.translate.engine import Translator
from exporter.translate.names import ascii_fold_keep_case
from exporter.translate.segment import article_segments

LABELS = Path(__file__).resolve().parent / "fixtures" / "corpus_glossary.tsv"
MODES = {"normal": fake_translate, "mangling": mangle_placeholders}


def labels() -> Dict[str, List[Tuple[str, str, str, str]]]:
    rows: Dict[str, List[Tuple[str, str, str, str]]] = defaultdict(list)
    lines = [line for line in LABELS.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        rows[row["article"]].append((row["kind"], row["vietnamese"], row["keep"], row["ascii"]))
    return rows


def plain_text(markdown: str) -> str:
    """The brief's text, front matter left out (it repeats the headline)."""
    from markdown_it import MarkdownIt

    if markdown.startswith("---\n"):
        markdown = markdown[markdown.index("\n---\n", 4) + 5:]

    tokens = MarkdownIt("commonmark").parse(markdown)
    return "\n".join(child.content for token in tokens if token.type == "inline"
                     for child in token.children or [] if child.type == "text")


def expected_sequence(article, rows, style: str) -> List[Tuple[str, str]]:
    """(Vietnamese, expected English) for every labelled occurrence, in reading order, longest first."""
    # a "not" row blocks what it covers ("Thủ tướng" inside "Thủ tướng Nhật Bản"); it expects nothing
    wanted = sorted(((vi, "" if kind == "not" else keep if style == "keep" else asc) for kind, vi, keep, asc in rows),
                    key=lambda pair: (bool(pair[1]), -len(pair[0])))
    sequence = []
    for segment in article_segments(article):
        taken: List[Tuple[int, int, str, str]] = []
        for vietnamese, english in wanted:
            for match in re.finditer(rf"(?<!\w){re.escape(vietnamese)}(?!\w)", segment.source):
                if all(match.end() <= a or match.start() >= b for a, b, _, _ in taken):
                    taken.append((match.start(), match.end(), vietnamese, english))
        sequence.extend((vi, en) for _, _, vi, en in sorted(taken) if en)
    return sequence


def count(text: str, sequence: List[Tuple[str, str]]) -> Tuple[int, List[str]]:
    """How many expected strings are found in order in ``text``; the ones that are not."""
    cursor, right, missing = 0, 0, []
    for vietnamese, english in sequence:
        needles = [english] + ([english[4:]] if english.lower().startswith("the ") else [])  # "of its Politburo"
        found = None
        for needle in needles:
            found = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)", re.IGNORECASE).search(text, cursor)
            if found:
                break
        if found is None:
            missing.append(f"{vietnamese} → {english}")
            continue
        right += 1
        cursor = found.end()
    return right, missing


def run_corpus(mode: str, style: str, tmp_path) -> Tuple[int, int, List[str]]:
    folder = corpus_dir("articles")
    right = total = 0
    problems: List[str] = []
    with TranslationServer(MODES[mode]) as server:
        options = Options(translate=True, provider="libre", provider_url=server.url, jobs=1, names=style,
                          cache_dir=str(tmp_path / f"cache-{mode}-{style}"))
        with Translator(options) as translator:
            for name, rows in sorted(labels().items()):
                article = read_article(folder / name, options)
                text = plain_text(render_markdown(translator.translate_article(article), options))
                sequence = expected_sequence(article, rows, style)
                found, missing = count(text, sequence)
                right += found
                total += len(sequence)
                problems += [f"{name}: {miss}" for miss in missing]
                for kind, vietnamese, forbidden, _ in rows:
                    if kind == "not":
                        total += 1
                        if ascii_fold_keep_case(vietnamese).lower() in ascii_fold_keep_case(text).lower():
                            right += 1
                        else:
                            problems.append(f"{name}: {vietnamese} must be left to the provider, not {forbidden}")
    return right, total, problems


@pytest.mark.parametrize("style", ["keep", "ascii"])
@pytest.mark.parametrize("mode", sorted(MODES))
def test_every_glossary_term_and_name_of_the_corpus_is_right(mode, style, tmp_path):
    right, total, problems = run_corpus(mode, style, tmp_path)
    assert total >= 220  # every occurrence of the 98 labelled terms, names and refusals
    assert problems == []
    assert right == total
