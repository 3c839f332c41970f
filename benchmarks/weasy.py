"""The anchor users would pick instead: WeasyPrint rendering the same article as HTML with the same fonts (the
bundled Noto Serif through @font-face), in this process and as a whole process.

WeasyPrint is not a dependency of vnbrief (``pip install weasyprint`` to compare). It subsets fonts with HarfBuzz's
hb-subset when the system has libharfbuzz-subset >= 4.1 (its recommended setting, and the fast one), else with
fontTools (several times slower, and warned about by WeasyPrint): :func:`mode` says which one ran.
"""
from __future__ import annotations

import logging
import statistics
import sys
import tempfile
from html import escape
from pathlib import Path
from typing import Sequence

from timing import child_env, paired, paired_processes, ratio, verdict

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "fonts"
VNBRIEF = [sys.executable, "-c", "import sys; from exporter.cli import main; sys.argv[0] = 'vnbrief'; main()"]

HTML_STYLE = """
@font-face {{ font-family: "Noto Serif"; src: url("{fonts}/NotoSerif-Regular.ttf"); }}
@font-face {{ font-family: "Noto Serif"; font-weight: bold; src: url("{fonts}/NotoSerif-Bold.ttf"); }}
@font-face {{ font-family: "Noto Serif"; font-style: italic; src: url("{fonts}/NotoSerif-Italic.ttf"); }}
@page {{ size: A4; margin: 20mm; @bottom-right {{ content: counter(page) " / " counter(pages);
         font: 8pt "Noto Serif"; color: #555; }} }}
body {{ font-family: "Noto Serif"; font-size: 10.5pt; line-height: 1.45; }}
h1 {{ font-size: 20pt; line-height: 1.3; margin: 0 0 6pt; }}
.meta {{ font-size: 9pt; color: #555; }}
.lead {{ font-weight: bold; font-size: 11.5pt; background: #f2eee6; padding: 6pt; text-align: justify; }}
p {{ text-align: justify; margin: 0 0 7pt; }}
.caption {{ font-style: italic; font-size: 9pt; color: #444; }}
.byline {{ font-weight: bold; text-align: right; }}
"""


def article_html(article) -> str:
    """The article as one HTML page, styled like vnbrief's brief."""
    meta = " · ".join(part for part in (article.source, article.date, article.author) if part)
    parts = [f"<h1>{escape(article.title)}</h1>"]
    if meta:
        parts.append(f'<p class="meta">{escape(meta)}</p>')
    for block in article.blocks:
        css = block.kind if block.kind in ("lead", "caption", "byline") else ""
        parts.append(f'<p class="{css}">{escape(block.text)}</p>')
    style = HTML_STYLE.format(fonts=FONTS.as_uri())
    return (f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{style}</style></head>'
            f'<body>{"".join(parts)}</body></html>')


def mode() -> str:
    """Which subsetter WeasyPrint uses here."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset is not None and harfbuzz.hb_version_atleast(4, 1, 0):
        return "fonts subset by HarfBuzz hb-subset (its recommended mode)"
    return "fonts subset by fontTools (no libharfbuzz-subset >= 4.1: WeasyPrint's slow fallback)"


def compare(paths: Sequence[Path], repeat: int, cold_repeat: int) -> None:
    try:
        import weasyprint
    except ImportError:
        print("\n4. WeasyPrint: skipped (not installed; pip install weasyprint to compare)")
        return
    from exporter.options import Options
    from exporter.pipeline import read_article
    from exporter.render.pdf import render_pdf

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    options = Options()
    print(f"\n4. WeasyPrint {weasyprint.__version__}, {mode()}; the same articles, median of {repeat} alternated "
          f"rounds:")
    leads = []
    for path in paths:
        article = read_article(path)
        html = article_html(article)
        times = paired({"ours": lambda p=path: render_pdf(read_article(p), options),
                        "weasy": lambda h=html: weasyprint.HTML(string=h).write_pdf()}, repeat)
        leads.append(ratio(times, "weasy", "ours"))
        print(f"   {path.name[:40]:40} vnbrief {statistics.median(times['ours']) * 1000:6.1f} ms, WeasyPrint "
              f"{statistics.median(times['weasy']) * 1000:7.1f} ms: x{leads[-1]:.2f}")
    lead = statistics.median(leads)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "article.html"
        page.write_text(article_html(read_article(paths[0])), encoding="utf-8")
        commands = {"ours": [*VNBRIEF, "render", str(paths[0]), "-f", "pdf", "-o", tmp, "-q"],
                    "weasy": [sys.executable, "-m", "weasyprint", "-q", str(page), f"{tmp}/weasy.pdf"]}
        walls, _ = paired_processes(commands, cold_repeat, env=child_env(ROOT), cwd=tmp)
    whole = ratio(walls, "weasy", "ours")
    print(f"   in this process WeasyPrint takes x{lead:.2f} vnbrief's time (median over the articles); as a whole "
          f"process on {paths[0].name}: WeasyPrint {statistics.median(walls['weasy']) * 1000:.0f} ms, vnbrief "
          f"-f pdf {statistics.median(walls['ours']) * 1000:.0f} ms: x{whole:.2f}   target lead >= 4 in this "
          f"process: {verdict(lead >= 4)}")
