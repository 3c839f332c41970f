"""Rendering speed: vnbrief against a bare ReportLab script rendering the same paragraphs with the same fonts and
faces, measured in the same run.

Prints, per article of the corpus (or the bundled example when the corpus is absent), the median time of
vnbrief's read + render_pdf and of the bare script's render, their ratio, then whole-process ("cold") timings of
`vnbrief render examples/article.txt -f pdf` against `python benchmarks/bare_reportlab.py`, and the sample PDF's size.

Targets (issue #2): in-process ratio ≤ 1.2; cold ratio ≤ 1.3; sample PDF ≤ 50 KB.
Usage: python benchmarks/render_bench.py [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bare_reportlab  # noqa: E402
from timing import median_time  # noqa: E402

from exporter.options import Options  # noqa: E402
from exporter.pipeline import read_article  # noqa: E402
from exporter.render.pdf import render_pdf  # noqa: E402

EXAMPLE = ROOT / "examples" / "article.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"


def in_process(paths, repeat: int) -> None:
    options = Options()
    render_pdf(read_article(EXAMPLE), options)  # register fonts once, as a long-running process would
    bare_reportlab.render([("warm", "regular", 10), ("up", "bold", 10), ("!", "italic", 10)])
    print(f"{'article':40} {'vnbrief ms':>11} {'bare ms':>9} {'ratio':>6}")
    ours_all, bare_all = [], []
    for path in paths:
        items = bare_reportlab.items_of(read_article(path))  # what vnbrief found, prepared before timing
        ours = median_time(lambda path=path: render_pdf(read_article(path), options), repeat)
        bare = median_time(lambda items=items: bare_reportlab.render(items), repeat)
        ours_all.append(ours)
        bare_all.append(bare)
        print(f"{path.name[:40]:40} {ours * 1000:11.1f} {bare * 1000:9.1f} {ours / bare:6.2f}")
    total = sum(ours_all) / sum(bare_all)
    print(f"{'ALL (sum of medians)':40} {sum(ours_all) * 1000:11.1f} {sum(bare_all) * 1000:9.1f} {total:6.2f}"
          f"   target <= 1.20: {'ok' if total <= 1.2 else 'MISSED'}")


def cold(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ours_cmd = [sys.executable, "-m", "exporter", "render", str(EXAMPLE), "-f", "pdf", "-o", tmp, "-q"]
        items = Path(tmp) / "items.json"
        items.write_text(json.dumps(bare_reportlab.items_of(read_article(EXAMPLE)), ensure_ascii=False), "utf-8")
        bare_cmd = [sys.executable, str(ROOT / "benchmarks" / "bare_reportlab.py"), str(items), f"{tmp}/bare.pdf"]
        env = {"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}

        # Alternate the two commands so that noise from the rest of the machine hits both alike.
        ours_times, bare_times = [], []
        for _ in range(repeat):
            for cmd, times in ((ours_cmd, ours_times), (bare_cmd, bare_times)):
                start = time.perf_counter()
                subprocess.run(cmd, check=True, env=env, cwd=tmp)
                times.append(time.perf_counter() - start)
        ours, bare = statistics.median(ours_times), statistics.median(bare_times)
        verdict = "ok" if ours / bare <= 1.3 else "MISSED"
        print(f"\ncold process (median of {repeat}, alternating): vnbrief render {ours * 1000:.0f} ms, bare script "
              f"{bare * 1000:.0f} ms, ratio {ours / bare:.2f}   target <= 1.30: {verdict}"
              f"\n  fastest runs: {min(ours_times) * 1000:.0f} ms vs {min(bare_times) * 1000:.0f} ms, ratio "
              f"{min(ours_times) / min(bare_times):.2f}")
        size = (Path(tmp) / "article.pdf").stat().st_size
        bare_size = (Path(tmp) / "bare.pdf").stat().st_size
        print(f"sample PDF: {size / 1024:.1f} KB (bare script: {bare_size / 1024:.1f} KB)   target <= 50 KB: "
              f"{'ok' if size <= 50 * 1024 else 'MISSED'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    paths = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [EXAMPLE]
    in_process([EXAMPLE] + paths, args.repeat)
    cold(args.repeat)


if __name__ == "__main__":
    main()
