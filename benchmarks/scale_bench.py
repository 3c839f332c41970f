"""Reading long articles: time per paragraph flat as an article grows (issue 16, part 7).

Two inputs that were quadratic: a Markdown article of N photo-and-paragraph pairs (photo placement and caption
finding) and a Word file of N paragraphs (style look-ups). Each is read (``read_article``, in-process, best of
--repeat) at a small and a large N; the script prints the time per paragraph at both and their ratio (target:
within 1.5 — the rest of the growth is Python's garbage collector, which a long article keeps busy). The inputs are
generated in a temporary folder; the Word files with python-docx (their making is not timed).

Usage: python benchmarks/scale_bench.py [--small 2000] [--large 20000] [--repeat 2] [--skip markdown,word]
``PYTHONPATH=OTHER_CHECKOUT python benchmarks/scale_bench.py`` measures another version of the code.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a checkout without installing vnbrief (PYTHONPATH still wins)
    sys.path.append(str(ROOT))

from exporter.pipeline import read_article  # noqa: E402  (after the path is set)

SENTENCE = "Đoạn văn số {i} của bài báo thử nghiệm về cơn bão với nhiều chữ tiếng Việt hơn."


def markdown_article(pairs: int) -> bytes:
    parts = ["# Bão số 3 đổ bộ vào Quảng Ninh"]
    for i in range(pairs):
        parts += [f"![Ảnh {i}](https://example.vn/anh/{i}.jpg)", SENTENCE.format(i=i)]
    return "\n\n".join(parts).encode("utf-8")


def word_file(folder: Path, paragraphs: int) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Bão số 3 đổ bộ vào Quảng Ninh", 1)
    for i in range(paragraphs):
        paragraph = document.add_paragraph(SENTENCE.format(i=i))
        if i % 3 == 0:
            paragraph.add_run(" (nghiêng)").italic = True
    path = folder / f"bai-{paragraphs}.docx"
    document.save(path)
    return path


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=2000)
    parser.add_argument("--large", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--skip", default="")
    args = parser.parse_args()
    skip = set(args.skip.split(","))
    with tempfile.TemporaryDirectory(prefix="vnbrief-scale-") as tmp:
        for kind in ("markdown", "word"):
            if kind in skip:
                continue
            per = {}
            for size in (args.small, args.large):
                if kind == "markdown":
                    data = markdown_article(size)
                    seconds = best(lambda data=data: read_article("bai.md", data=data), args.repeat)
                else:
                    path = word_file(Path(tmp), size)
                    seconds = best(lambda path=path: read_article(path), args.repeat)
                per[size] = seconds / size
                print(f"{kind:8} {size:>6} paragraphs: {seconds:7.2f} s, {per[size] * 1e3:6.3f} ms a paragraph",
                      flush=True)
            print(f"{kind:8} time per paragraph at {args.large:,} / at {args.small:,}: "
                  f"{per[args.large] / per[args.small]:.2f} (target: within 1.5; in-process, best of {args.repeat})")


if __name__ == "__main__":
    main()
