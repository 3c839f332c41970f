"""The overwrite guard: its time per input, flat from 100 to 10,000 inputs (issue 16 part 1, issue 18 part 1).

What a ``vnbrief render`` batch does before any article is rendered, and again with every write: the set of what
the run may not write is computed once from the inputs and what they own (``exporter.pipeline.protect``: a stat
of each input and of its ``_files`` folder, and a scan of Markdown and HTML inputs for the pictures they name),
then every planned brief (a PDF and a Markdown brief per input) is looked up in it (``check_outputs``), and every
brief written is looked up again (``Protected.clash``, what ``write_files`` does).

Baseline, measured in the same run: the check it replaces, ``os.path.samefile`` of every output against every
input (quadratic), at the sizes where it finishes in reasonable time. The inputs are small generated articles
(text, Markdown with a picture, saved pages with a ``_files`` folder: a third each), a hundred to a folder, in a
temporary folder; the briefs all in one output folder.

Usage: python benchmarks/guard_bench.py [--sizes 100,1000,10000] [--baseline-sizes 100,1000] [--repeat 3]
Prints the time per input of each size, the ratio of the largest to the smallest (target: within 1.15), and the
baseline's time per input.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from exporter.pipeline import protect  # noqa: E402
from exporter.protected import check_outputs  # noqa: E402  (after the path is set)

BODY = "Sáng nay, bão số 3 đổ bộ vào Quảng Ninh và Hải Phòng với sức gió mạnh cấp 12, giật cấp 14, gây mưa lớn.\n"


def make_inputs(root: Path, count: int) -> List[str]:
    """``count`` small inputs: a third text, a third Markdown naming a picture, a third saved pages; a hundred to a
    folder, as a news archive keeps a day or a section together."""
    names = []
    for n in range(count):
        folder = root / f"{n // 100:03d}"
        if n % 100 == 0:
            folder.mkdir(parents=True)
            (folder / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a photo")
        kind = n % 3
        if kind == 0:
            path = folder / f"a{n:05d}.txt"
            path.write_text(f"Bài số {n}\n\n{BODY * 20}", encoding="utf-8")
        elif kind == 1:
            path = folder / f"a{n:05d}.md"
            path.write_text(f"# Bài số {n}\n\n{BODY * 10}\n![Ảnh](anh.jpg)\n\n{BODY * 10}", encoding="utf-8")
        else:
            path = folder / f"a{n:05d}.html"
            files = folder / f"a{n:05d}_files"
            files.mkdir()
            (files / "01.jpg").write_bytes(b"\xff\xd8\xff\xe0 photo")
            path.write_text(f"<html><body><h1>Bài số {n}</h1><p>{BODY * 10}</p><img src='a{n:05d}_files/01.jpg'>"
                            f"<p>{BODY * 10}</p></body></html>", encoding="utf-8")
        names.append(str(path))
    return names


def outputs_for(names: List[str], out: Path) -> List[Path]:
    return [out / f"{Path(n).stem}{ext}" for n in names for ext in (".pdf", ".md")]


def guarded(names: List[str], out: Path) -> float:
    """Seconds for what a run does: protect once, check every planned output, look every output up again."""
    outputs = outputs_for(names, out)
    start = time.perf_counter()
    guard = protect(names)
    check_outputs(outputs, guard)
    for path in outputs:
        guard.clash(path)
    return time.perf_counter() - start


def pairwise(names: List[str], out: Path) -> float:
    """Seconds for the check it replaces: every output against every input with os.path.samefile."""
    outputs = outputs_for(names, out)
    start = time.perf_counter()
    for output in outputs:
        for name in names:
            try:
                os.path.samefile(output, name)
            except OSError:
                pass
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--baseline-sizes", default="100,1000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    baseline = [int(s) for s in args.baseline_sizes.split(",") if s]
    per_input = {}
    with tempfile.TemporaryDirectory(prefix="vnbrief-guard-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"in{size}"
            names = make_inputs(folder, size)
            out = Path(tmp) / f"out{size}"
            out.mkdir()
            # the outputs exist, as in a second run into the same folder: each lookup stats a real file
            for path in outputs_for(names, out):
                path.write_bytes(b"")
            best = min(guarded(names, out) for _ in range(args.repeat))
            per_input[size] = best / size
            line = f"guard       {size:>6} inputs: {best * 1000:9.1f} ms, {per_input[size] * 1e6:7.1f} µs an input"
            if size in baseline:
                old = min(pairwise(names, out) for _ in range(max(1, args.repeat if size <= 1000 else 1)))
                line += f"   (pairwise samefile: {old * 1000:9.1f} ms, {old / size * 1e6:9.1f} µs an input)"
            print(line, flush=True)
    low, high = min(sizes), max(sizes)
    ratio = per_input[high] / per_input[low]
    print(f"time per input at {high:,} / at {low:,} inputs: {ratio:.2f} (target: within 1.15; "
          f"mode: in-process, best of {args.repeat})")


if __name__ == "__main__":
    main()
