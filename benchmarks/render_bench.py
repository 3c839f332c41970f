"""Rendering speed: vnbrief against a bare ReportLab script rendering the same paragraphs with the same fonts and
faces, measured in the same run, and against WeasyPrint when it is installed.

Prints:

1. In this process, per article (the bundled sample and three corpus articles: the shortest, the middle one and
   the longest; ``--all`` for the whole corpus), the median time of vnbrief's read + ``render_pdf`` and of the
   bare script's render, the median of their per-round ratios (the sides alternated) and the middle half of those
   ratios; beside them, vnbrief's render alone (the article read before the timing, as the bare script's paragraphs
   are) against the same bare renders: what reading the article adds is the difference. Target (issue #18):
   <= 1.15 on each (read + render), both sides with rl-accel. The bare script's fonts are its own (ReportLab's
   faces, subset by ReportLab's ``makeSubset``), vnbrief's subset by its own subsetter (the same bytes): a line
   says what that saves. A fixed pure-Python loop is timed among the rounds:
   its spread says how steady the machine's speed was (on a shared virtual machine it can vary by half within
   minutes, and a wall-time ratio a few per cent from its target cannot then be judged: the line warns).
2. Whole processes ("cold", what a user waits for), alternated round by round: the bare script, ``vnbrief render``
   of the sample with the default output (PDF and Markdown) and with ``-f pdf``; wall-clock medians, the median
   per-round ratio, and the CPU-time ratio beside it (less sensitive to other processes). Targets: default output
   <= 1.2, PDF only <= 1.1. Bytecode is compiled first, as ``pip install`` leaves it, and a warm-up round fills
   vnbrief's cache folder (a user's second run); the mode line says so. Beside them: where each command's time
   goes (user and system time, page faults, waits for the disk), a user's first run with an empty cache folder,
   and what the bare script spends parsing its fonts, which vnbrief keeps parsed.
   ``--instructions`` adds the instructions each command executes, counted by valgrind (immune to load; hash
   seed fixed on both sides), and the instructions of one render in a warm process for part 1.
3. The sample PDF's size. Target <= 50 KB.
4. WeasyPrint (not a dependency: ``pip install weasyprint`` to compare) rendering the same article as HTML with the
   same fonts, in this process and as a whole process; the line says which font subsetter it used (HarfBuzz's
   hb-subset, its recommended and fastest, or the fontTools fallback).

Usage: python benchmarks/render_bench.py [--repeat 31] [--cold-repeat 15] [--all] [--instructions]
"""
from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bare_reportlab  # noqa: E402
import weasy  # noqa: E402
from timing import (  # noqa: E402
    child_env,
    header,
    instruction_count,
    median_time,
    middle_half,
    paired,
    paired_usage,
    ratio,
    run_process,
    steadiness,
    steady_work,
    verdict,
)

from exporter.options import Options  # noqa: E402
from exporter.pipeline import read_article  # noqa: E402
from exporter.render.pdf import render_pdf  # noqa: E402
from exporter.render.reportlab_layout import DEFERRED  # noqa: E402
from exporter.resources import default_cache_dir  # noqa: E402
from exporter.text.lazy_re import compile_apart  # noqa: E402

EXAMPLE = ROOT / "examples" / "article.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
#: The console script's code (what ``vnbrief`` runs), without its file on PATH.
VNBRIEF = [sys.executable, "-c", "import sys; from exporter.cli import main; sys.argv[0] = 'vnbrief'; main()"]


def articles(every: bool) -> List[Path]:
    """The sample, then three corpus articles (shortest, middle, longest) or, with ``every``, all of them."""
    corpus = sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []
    if every or len(corpus) <= 3:
        return [EXAMPLE] + corpus
    by_size = sorted(corpus, key=lambda p: p.stat().st_size)
    return [EXAMPLE, by_size[0], by_size[len(by_size) // 2], by_size[-1]]


def in_process(paths: Sequence[Path], repeat: int) -> None:
    options = Options()
    render_pdf(read_article(EXAMPLE), options)  # register fonts once, as a long-running process would
    bare_reportlab.render([("warm", "regular", 10), ("up", "bold", 10), ("!", "italic", 10)])
    print(f"\n1. In this process, median of {repeat} alternated rounds (a fixed loop timed among them):")
    print(f"{'article':40} {'chars':>7} {'vnbrief ms':>11} {'bare ms':>9} {'ratio':>6}  middle half  render alone")
    worst = 0.0
    ours_all = bare_all = 0.0
    steady: List[float] = []
    for path in paths:
        article = read_article(path)
        items = bare_reportlab.items_of(article)  # what vnbrief found, prepared before timing
        times = paired({"ours": lambda p=path: render_pdf(read_article(p), options),
                        "bare": lambda i=items: bare_reportlab.render(i), "steady": steady_work,
                        "render": lambda a=article: render_pdf(a, options)}, repeat)
        steady += times["steady"]
        ours, bare = statistics.median(times["ours"]), statistics.median(times["bare"])
        ours_all, bare_all = ours_all + ours, bare_all + bare
        r = ratio(times, "ours", "bare")
        low, high = middle_half([a / b for a, b in zip(times["ours"], times["bare"])])
        worst = max(worst, r)
        chars = sum(len(b.text) for b in article.blocks) + len(article.title)
        print(f"{path.name[:40]:40} {chars:7} {ours * 1000:11.1f} {bare * 1000:9.1f} {r:6.2f}  {low:.2f}-{high:.2f}"
              f"  {ratio(times, 'render', 'bare'):12.2f}")
    print(f"{'ALL (sum of medians)':40} {'':7} {ours_all * 1000:11.1f} {bare_all * 1000:9.1f} "
          f"{ours_all / bare_all:6.2f}   target <= 1.15 on each: {verdict(worst <= 1.15)} (worst {worst:.2f})")
    print(steadiness(steady))
    print(subsetting(read_article(EXAMPLE), options, repeat))


def subsetting(article: Any, options: Options, repeat: int) -> str:
    """A line: the font subsets of one render of ``article`` (what its PDF embeds) made by vnbrief's subsetter and
    by ReportLab's own ``makeSubset``, which the bare script uses: the same bytes, and what the difference saves."""
    from reportlab.pdfbase.ttfonts import TTFontFile

    from exporter.render import font_subset

    made = font_subset.make_subset
    seen: List[Tuple[Any, List[int]]] = []
    font_subset.make_subset = lambda face, subset: seen.append((face, list(subset))) or made(face, subset)
    try:
        render_pdf(article, options)
    finally:
        font_subset.make_subset = made
    assert all(made(face, subset) == TTFontFile.makeSubset(face, subset) for face, subset in seen)
    ours = median_time(lambda: [made(face, subset) for face, subset in seen], repeat)
    theirs = median_time(lambda: [TTFontFile.makeSubset(face, subset) for face, subset in seen], repeat)
    return (f"   font subsets of one render of the sample ({len(seen)}, the same bytes): vnbrief's subsetter "
            f"{ours * 1000:.2f} ms, ReportLab's makeSubset (the bare script's) {theirs * 1000:.2f} ms: "
            f"x{theirs / ours:.1f} faster, {(theirs - ours) * 1000:.2f} ms of each render")


IN_PROCESS = """
import sys
from exporter.options import Options
from exporter.pipeline import read_article
from exporter.render.pdf import render_pdf
import bare_reportlab
side, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
options = Options()
items = bare_reportlab.items_of(read_article(path))
render_pdf(read_article(path), options)  # both warm: imports, fonts
bare_reportlab.render(items)
import gc
gc.collect()
gc.disable()  # a collection falls where the allocations say: it would make the counts differ run to run
for _ in range(count):
    render_pdf(read_article(path), options) if side == "ours" else bare_reportlab.render(items)
"""


def in_process_instructions(paths: Sequence[Path]) -> None:
    """Instructions per render, counted by valgrind (immune to load): each side run warm with 1 and with 6
    renders in a fresh process; the difference over 5 is one render."""
    env = dict(child_env(ROOT), PYTHONHASHSEED="0")  # the same string hashes, so the same work, in every run
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "benchmarks"), env["PYTHONPATH"]])
    print("   instructions per render (valgrind, warm process):")
    worst = 0.0
    for path in paths:
        per = {}
        for side in ("ours", "bare"):
            one, six = (instruction_count([sys.executable, "-c", IN_PROCESS, side, str(path), str(n)], env, str(ROOT))
                        for n in (1, 6))
            per[side] = (six - one) / 5
        worst = max(worst, per["ours"] / per["bare"])
        print(f"   {path.name[:40]:40} vnbrief {per['ours'] / 1e6:6.1f} M, bare {per['bare'] / 1e6:6.1f} M: "
              f"x{per['ours'] / per['bare']:.2f}")
    print(f"   worst x{worst:.2f}   target <= 1.15 on each: {verdict(worst <= 1.15)}")


def cold(repeat: int, instructions: bool) -> None:
    compileall.compile_dir(str(ROOT / "exporter"), quiet=1)  # as pip install leaves it
    with tempfile.TemporaryDirectory() as tmp:
        items = Path(tmp) / "items.json"
        items.write_text(json.dumps(bare_reportlab.items_of(read_article(EXAMPLE)), ensure_ascii=False), "utf-8")
        commands = {
            "bare": [sys.executable, str(ROOT / "benchmarks" / "bare_reportlab.py"), str(items), f"{tmp}/bare.pdf"],
            "default": [*VNBRIEF, "render", str(EXAMPLE), "-o", f"{tmp}/both", "-q"],
            "pdf": [*VNBRIEF, "render", str(EXAMPLE), "-f", "pdf", "-o", tmp, "-q"],
            "python": [sys.executable, "-c", "pass"],
        }
        env = child_env(ROOT)
        runs = paired_usage(commands, repeat, env=env, cwd=tmp)
        walls = {name: [wall for wall, _ in r] for name, r in runs.items()}
        cpus = {name: [u.ru_utime + u.ru_stime for _, u in r] for name, r in runs.items()}
        med = {name: statistics.median(t) * 1000 for name, t in walls.items()}
        print(f"\n2. Whole processes, median of {repeat} alternated rounds (an empty Python start: "
              f"{med['python']:.0f} ms):")
        print(f"   mode: vnbrief from {ROOT} (PYTHONPATH), bytecode compiled; its cache folder "
              f"({default_cache_dir()}) warm from the warm-up round (fonts parsed, templates compiled), as on a "
              f"user's second run; both sides the same Python and font files")
        print(f"   bare script {med['bare']:.0f} ms; vnbrief render: default output (PDF + Markdown) "
              f"{med['default']:.0f} ms, -f pdf {med['pdf']:.0f} ms")
        for name, label, target in (("default", "default output", 1.2), ("pdf", "PDF only", 1.1)):
            r = ratio(walls, name, "bare")
            print(f"   {label:15} x{r:.2f} the bare script (CPU time x{ratio(cpus, name, 'bare'):.2f})   "
                  f"target <= {target}: {verdict(r <= target)}")
        _usage_lines(runs)
        _first_run(commands, repeat, env, tmp)
        print(f"   (the bare script parses its {len(_bare_faces())} TrueType faces in every run: "
              f"{_bare_font_parse() * 1000:.0f} ms in this process; vnbrief reads them from its cache folder)")
        print(f"   (importing ReportLab's layout compiles {len(DEFERRED)} expressions vnbrief never uses, in the bare "
              f"script's every run: {_deferred_compile() * 1000:.0f} ms in this process; vnbrief defers them, "
              "exporter/render/reportlab_layout.py)")
        if instructions and shutil.which("valgrind"):
            counted = dict(env, PYTHONHASHSEED="0")  # the same string hashes, so the same work, in every run
            counts = {name: instruction_count(argv, counted, tmp) for name, argv in commands.items()}
            print(f"   instructions (valgrind): bare {counts['bare'] / 1e6:.0f} M, default "
                  f"{counts['default'] / 1e6:.0f} M (x{counts['default'] / counts['bare']:.2f}), -f pdf "
                  f"{counts['pdf'] / 1e6:.0f} M (x{counts['pdf'] / counts['bare']:.2f})", end="")
            if sys.platform.startswith("linux"):
                fresh = dict(counted, XDG_CACHE_HOME=tempfile.mkdtemp(dir=tmp))
                first = instruction_count(commands["default"], fresh, tmp)
                print(f"; first run, empty cache folder: default {first / 1e6:.0f} M (x{first / counts['bare']:.2f})")
            else:
                print()
        size = (Path(tmp) / "article.pdf").stat().st_size
        bare_size = (Path(tmp) / "bare.pdf").stat().st_size
        print(f"\n3. sample PDF: {size / 1024:.1f} KB (bare script: {bare_size / 1024:.1f} KB)   target <= 50 KB: "
              f"{verdict(size <= 50 * 1024)}")


def _usage_lines(runs: Dict[str, List[Tuple[float, Any]]]) -> None:
    """Where each command's time goes (medians): user and system CPU time, minor page faults (memory first
    touched), and waits (voluntary context switches: vnbrief's atomic writes wait for the disk, fsync, once per
    file written; the bare script writes without)."""
    print(f"   {'':15} {'wall ms':>8} {'user ms':>8} {'sys ms':>7} {'page faults':>12} {'waits':>6}")
    for name, label in (("bare", "bare script"), ("default", "default output"), ("pdf", "-f pdf")):
        def median(field: str, scale: float = 1.0, r=runs[name]) -> float:
            return statistics.median(getattr(u, field) for _, u in r) * scale

        print(f"   {label:15} {statistics.median(w for w, _ in runs[name]) * 1000:8.0f} "
              f"{median('ru_utime', 1000):8.0f} {median('ru_stime', 1000):7.0f} {median('ru_minflt'):12.0f} "
              f"{median('ru_nvcsw'):6.0f}")


def _first_run(commands: Dict[str, List[str]], repeat: int, env: Dict[str, str], tmp: str) -> None:
    """A user's first run on a fresh machine: the default output with an empty cache folder (fonts parsed and kept,
    templates compiled and kept), against the bare script, alternated; Linux only (the cache folder is moved with
    XDG_CACHE_HOME)."""
    if not sys.platform.startswith("linux"):
        print("   first run (empty cache folder): measured on Linux only")
        return
    walls: Dict[str, List[float]] = {"first": [], "bare": []}
    for round_no in range(max(3, repeat // 3)):
        fresh = dict(env, XDG_CACHE_HOME=tempfile.mkdtemp(dir=tmp))
        for name in (("first", "bare") if round_no % 2 else ("bare", "first")):
            argv, run_env = (commands["default"], fresh) if name == "first" else (commands["bare"], env)
            walls[name].append(run_process(argv, run_env, tmp)[0])
    print(f"   first run, empty cache folder, default output: {statistics.median(walls['first']) * 1000:.0f} ms, "
          f"x{ratio(walls, 'first', 'bare'):.2f} the bare script (no target: paid once)")


def _bare_faces() -> List[str]:
    return sorted({face for _, face, _ in bare_reportlab.items_of(read_article(EXAMPLE))} | {"regular"})


def _bare_font_parse() -> float:
    """Median time of parsing the bare script's faces (ReportLab's TTFont), as it does in every run."""
    from reportlab.pdfbase.ttfonts import TTFont

    files = [bare_reportlab.FONTS / f"NotoSerif-{bare_reportlab.FILES[face]}.ttf" for face in _bare_faces()]
    return median_time(lambda: [TTFont("Parse-test", str(path)) for path in files], 5)


def _deferred_compile() -> float:
    """Median time of compiling the expressions vnbrief defers, as importing ReportLab's layout does (each time
    afresh: under a key of its own, not in ``re``'s cache)."""
    def compile_all() -> None:
        for text, flags in DEFERRED:
            compile_apart(text, flags)
        re.purge()

    return median_time(compile_all, 5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=31, help="rounds in this process, per article")
    parser.add_argument("--cold-repeat", type=int, default=15, help="rounds of whole processes")
    parser.add_argument("--all", action="store_true", help="every corpus article, not three")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
    args = parser.parse_args()
    header("render_bench")
    paths = articles(args.all)
    in_process(paths, args.repeat)
    if args.instructions and shutil.which("valgrind"):
        in_process_instructions(paths)
    cold(args.cold_repeat, args.instructions)
    weasy.compare(paths, args.repeat, args.cold_repeat)


if __name__ == "__main__":
    main()
