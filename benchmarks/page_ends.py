"""How the briefs of the real articles end: pages per brief, and lines of text on each brief's last page.

A last page holding one or two lines (and the byline) is what a print editor sends back first. This script renders
every real article the project has (the shared corpus's plain-text articles and saved pages, the repository's real
fixtures: plain text, news pages and Word files), reads each PDF back with pypdf and prints, per brief, its
pages and the text lines on its last page (the body frame only: the running footer is not counted; two columns side
by side are one line), then the
totals: briefs whose last page holds fewer than five lines, and pages in all. Run::

    python benchmarks/page_ends.py                 # the original layout
    python benchmarks/page_ends.py --bilingual     # each article beside a stand-in translation of its own length
    python benchmarks/page_ends.py --quiet         # the totals only

The stand-in translation (the original's own text, block by block) has the length of a real one without a
provider; it measures how the bilingual layout's pages end, not its words.
"""
from __future__ import annotations

import io
import logging
import sys
from pathlib import Path
from typing import Iterator, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing vnbrief (PYTHONPATH still wins)
    sys.path.append(str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
#: Fewer lines than this on a last page: a page that ends badly.
SHORT_PAGE = 5
#: The page's margin (20 mm): the footer and the running header lie outside it.
MARGIN = 56.7


def sources() -> Iterator[Tuple[str, Path]]:
    """(set, file) of every real article: the corpus's texts and pages, the repository's real fixtures."""
    import json

    for path in sorted((CORPUS / "articles").glob("*.txt")):
        yield "corpus", path
    for path in sorted((CORPUS / "html").glob("*.html")):
        yield "corpus", path
    fixtures = ROOT / "tests" / "fixtures"
    for path in sorted((fixtures / "text").glob("*.txt")):
        yield "fixtures", path
    for path in sorted((fixtures / "pages").glob("*.html")):
        yield "fixtures", path
    labels = json.loads((fixtures / "docx" / "labels.json").read_text(encoding="utf-8"))["files"]
    for name, label in sorted(labels.items()):
        if not label.get("origin", {}).get("repo", "").startswith("("):  # "(built here)" is not a real file
            yield "fixtures", fixtures / "docx" / name


def text_lines(pdf: bytes) -> List[List[Tuple[float, str]]]:
    """Per page, the lines of text in the body frame, top to bottom, as (baseline height, text): below the top
    margin's running header, above the footer. (pypdf: a tenth of pdfminer's time; two columns at one height are one
    line.)"""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        top = float(page.mediabox.height) - MARGIN
        found: dict = {}

        def visit(text, cm, tm, font, size, found=found, top=top):
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]  # the baseline on the page
            if text.strip() and MARGIN - 1 <= y <= top:
                key = round(y)
                found[key] = found.get(key, "") + text

        page.extract_text(visitor_text=visit)
        pages.append([(y, " ".join(found[y].split())) for y in sorted(found, reverse=True)])
    return pages


def page_lines(pdf: bytes) -> List[int]:
    """Text lines in the body frame of each page."""
    return [len(lines) for lines in text_lines(pdf)]


def stand_in_translation(article):
    """A translation of the original's own text (the length of a real one, no provider)."""
    from exporter.model import Translation

    return Translation(source_lang="vi", target_lang="en", provider="stand-in", date="2026-01-01",
                       title=article.heading, blocks=article.blocks)


def main(argv: List[str]) -> int:
    from dataclasses import replace

    from exporter import Options, read_article, render_pdf
    from exporter.errors import VnbriefError

    logging.disable(logging.WARNING)  # photos of saved pages are outside the fixtures' folders: left out
    bilingual = "--bilingual" in argv
    quiet = "--quiet" in argv
    options = Options(layout="bilingual") if bilingual else Options()
    totals = {"corpus": [0, 0, 0], "fixtures": [0, 0, 0]}  # briefs, short last pages, pages
    for group, path in sources():
        try:
            article = read_article(path, options)
        except VnbriefError as err:
            if not quiet:
                print(f"  {group:8} {path.name:40} not read: {err}")
            continue
        if bilingual:
            article = replace(article, translation=stand_in_translation(article))
        lines = page_lines(render_pdf(article, options))
        short = len(lines) > 1 and lines[-1] < SHORT_PAGE
        total = totals[group]
        total[0] += 1
        total[1] += short
        total[2] += len(lines)
        if not quiet:
            print(f"  {group:8} {path.name:40} {len(lines)} page{'s' if len(lines) > 1 else ' '}  "
                  f"last page {lines[-1]:3} lines{'  <- short' if short else ''}")
    for group, (briefs, short, pages) in totals.items():
        print(f"{group}: {briefs} briefs, {short} with a last page under {SHORT_PAGE} lines, {pages} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
