"""Render time of one long paragraph against its length: linear since long paragraphs are laid out in pieces.

    python benchmarks/long_paragraph_bench.py [--repeat N] [--sizes 50000,400000,2000000]

Prints, per length, vnbrief's render time and its time per 1,000 characters, and the ratio of that figure to the
shortest length's (the baseline, measured in the same run): about 1 means linear. For contrast, the same
paragraph laid out whole (the pieces made as long as the paragraph, as before) at the two shortest lengths, whose
ratio grows with the length (ReportLab wraps the rest of a paragraph again at every page break).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import median_time  # noqa: E402

from exporter.model import Article, Block  # noqa: E402
from exporter.render import pieces  # noqa: E402
from exporter.render.pdf import render_pdf  # noqa: E402

SENTENCE = "Hội nghị đã thảo luận nhiều vấn đề quan trọng của tỉnh trong năm tới, với sự tham gia của các sở. "


def article(chars: int) -> Article:
    text = (SENTENCE * (chars // len(SENTENCE) + 1))[:chars].strip()
    return Article(title="Một đoạn văn rất dài", blocks=(Block.plain("paragraph", text),))


def measure(chars: int, repeat: int) -> float:
    doc = article(chars)
    return median_time(lambda: render_pdf(doc), repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--sizes", default="50000,400000,2000000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'characters':>12} {'seconds':>9} {'ms per 1,000':>13} {'ratio':>6}")
    measure(5000, 1)  # fonts registered, caches warm: not part of any figure
    base = None
    for chars in sizes:
        seconds = measure(chars, args.repeat)
        per = seconds / chars * 1e6
        base = base or per
        print(f"{chars:>12,} {seconds:>9.2f} {per:>13.2f} {per / base:>6.2f}")
    whole = sizes[:2] if sizes[1:2] and sizes[1] <= 400_000 else sizes[:1]
    print("laid out whole (before the fix), for contrast:")
    saved = pieces.LAYOUT_PIECE_CHARS
    pieces.LAYOUT_PIECE_CHARS = max(whole) + 1
    try:
        for chars in whole:
            seconds = measure(chars, 1)
            per = seconds / chars * 1e6
            print(f"{chars:>12,} {seconds:>9.2f} {per:>13.2f} {per / base:>6.2f}")
    finally:
        pieces.LAYOUT_PIECE_CHARS = saved


if __name__ == "__main__":
    main()
