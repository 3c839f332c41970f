"""Batches and the digest: time per article at every size, both cores, memory, and the digest, each measured
against a baseline taken in the same run.

Prints:

1. Time per article of ``vnbrief render FOLDER`` at 10, 100, 1,000 and 10,000 articles (small generated ones, the
   same kind at every size): the whole command's wall time less that of a 2-article batch in the same mode timed
   alternately with it (start-up, imports and the workers' start cancel out), divided by the articles added; CPU
   time beside it. Twice: with ``--jobs 1`` (one process at every size) and with the default ``--jobs``, whose
   mode (this process alone for a small batch, with workers above) is named for each size. Target (issue #18):
   flat within 15 % from the smallest size to the largest, judged on ``--jobs 1``: the same mode at every size, so
   that what is measured is how the cost of an article grows with the batch, not where the second CPU joins.
   The rounds of all sizes are interleaved (each size's spread evenly over the whole part: the sizes no longer
   run minutes apart, on a shared virtual machine whose speed moves by a third within minutes), and a size's
   figure is its extra time summed over its rounds over the extra articles summed: an average over the part, as
   the single round of 10,000 articles is. Up to 48 × ``--repeat`` rounds for the smallest size, fewer for large
   batches (10,000 articles once); the middle half of each size's per-round figures is printed, so that what is
   noise shows, and the median time of a fixed pure-Python loop timed before each command. Then the CPU time of
   each of the first 30 articles of a fresh process, which shows why the smallest size costs most per article: the
   3rd to 10th articles run while the process warms up, each article the same instructions (information, no
   target). ``--instructions`` adds the instructions per article at every size, counted by valgrind (immune to
   the machine's speed; the same target, about 20 minutes more with the 10,000 size).
2. ``--jobs 2`` against ``--jobs 1`` on 200 corpus articles, and, measured in the same rounds, the ceiling of this
   machine: a pure-CPU loop in two processes against one. Medians of per-round ratios. Target: >= 1.7 when the
   ceiling is >= 1.85 (a busy machine lowers both). In the same rounds, a one-article batch: the start-up that
   one process does before the work can be shared, and what it leaves of the ceiling for the whole command
   (Amdahl's law; information); and two independent ``--jobs 1`` batches of half the articles at once against
   one alone: what the two CPUs give vnbrief's own work when nothing is shared, each start-up included
   (information).
3. Peak resident memory of a 500-article batch with ``--jobs 2``: the parent and each worker. Target <= 300 MB.
4. The digest: (a) 100 articles in one process against 100 single PDF briefs (target per article <= 1.3x);
   (b) the whole ``vnbrief digest`` of 2 … 40 files with the default ``--jobs`` against ``--jobs 1`` (target: the
   default never slower, in particular at 5 articles), which is where the threshold for worker processes
   (:data:`exporter.batch.run.INLINE_FILES`) comes from: below it the default reads in this process (the two
   lines are then the same), above it with workers, which should not be slower there.

The articles are the corpus's (``../shared/corpus/articles``) or the bundled example, copied under numbered names
into a temporary folder (never into the repository).
Usage: python benchmarks/batch_bench.py [--sizes 10,100,1000,10000] [--articles 200] [--repeat 5]
                                        [--skip sizes,cores,memory,digest] [--instructions]
"""
from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, List, NamedTuple, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from timing import (  # noqa: E402
    child_env,
    header,
    instruction_count,
    middle_half,
    paired_processes,
    ratio,
    round_order,
    run_process,
    steady_work,
    timed,
    verdict,
)

from exporter.batch.run import INLINE_FILES, pool_size  # noqa: E402
from exporter.batch.worker import READ, RENDER  # noqa: E402

EXAMPLE = ROOT / "examples" / "article.txt"
CORPUS = ROOT.parent / "shared" / "corpus" / "articles"
VNBRIEF = [sys.executable, "-c", "import sys; from exporter.cli import main; sys.argv[0] = 'vnbrief'; main()"]

SMALL = ("Bão số {n} đổ bộ vào Quảng Ninh\n\nSáng nay, bão số {n} đổ bộ vào Quảng Ninh và Hải Phòng với sức gió "
         "mạnh cấp 12, giật cấp 14.\n\nMưa lớn trên diện rộng làm nhiều cây xanh bị đổ, nhiều tuyến đường ngập sâu; "
         "chính quyền địa phương đã sơ tán hàng nghìn hộ dân khỏi vùng nguy hiểm.\n\nTheo Minh Anh\n")


def sources() -> List[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else [EXAMPLE]


def make_folder(folder: Path, count: int) -> Path:
    """``count`` corpus articles, the sources cycled, as ``a00001.txt`` …"""
    folder.mkdir(parents=True, exist_ok=True)
    originals = sources()
    for n in range(count):
        shutil.copyfile(originals[n % len(originals)], folder / f"a{n:05d}.txt")
    return folder


def make_small(folder: Path, count: int) -> Path:
    """``count`` small generated articles (a headline, three paragraphs, a byline)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"b{n:05d}.txt").write_text(SMALL.format(n=n), encoding="utf-8")
    return folder


def fresh(tmp: Path) -> Path:
    """A new output folder for one timed run, left in place until the benchmark ends. Not an emptied one: ext4,
    giving a new file an inode, passes over each inode freed in the last minute (five while its table block is
    unwritten: the kernel's ``recently_deleted``), so that emptying the folder before a run made the run's time
    depend on how many files the run before it had removed (measured: 8.5 % of a 1,000-article batch's kernel
    samples right after 2,000 briefs were removed, 4 % half a minute later; system time per article 1.6 ms at 100
    articles, 4.1 ms at 1,000)."""
    runs = tmp / "runs"
    runs.mkdir(exist_ok=True)
    return Path(tempfile.mkdtemp(dir=runs))


def env() -> Dict[str, str]:
    return child_env(ROOT)


def render_cmd(folder: Path, out: Path, *extra: str) -> List[str]:
    return [*VNBRIEF, "render", str(folder), "-o", str(out), "-q", *extra]


# --- 1. time per article at every size ----------------------------------------------------------------------------

def default_mode(count: int) -> str:
    """How ``vnbrief render`` of ``count`` local files shares the work with the default ``--jobs`` here."""
    todo = [SimpleNamespace(source=f"b{n:05d}.txt") for n in range(count)]
    workers = pool_size(0, todo, RENDER)[0]  # type: ignore[arg-type]
    return "this process" if workers == 1 else f"this process + {workers - 1} worker{'s' * (workers > 2)}"


class Size(NamedTuple):
    """One batch size's figures: seconds per article (wall, CPU), the batch's median wall seconds, the middle half
    of the rounds' per-article figures, the machine's speed while it ran (:func:`timing.steady_work`'s median
    time before its commands), and how many rounds it had."""

    wall: float
    cpu: float
    whole: float
    quartiles: Tuple[float, float]
    gauge: float
    rounds: int


def schedule(rounds: Dict[int, int]) -> List[int]:
    """The order in which the sizes' rounds run: each size's rounds spread evenly over the whole part (round ``i``
    of ``n`` at ``(i + 0.5) / n`` of the way through), so that every size samples the same stretch of the
    machine's time. One round of the largest size takes two minutes; run after all of another size's rounds, it
    met another machine: this shared virtual machine's speed moves by a third within minutes."""
    slots = sorted(((i + 0.5) / n, count) for count, n in rounds.items() for i in range(n))
    return [count for _, count in slots]


def per_article(tmp: Path, base: Path, rounds: Dict[int, int], jobs: Sequence[str]) -> Dict[int, Size]:
    """Each size's time per article beyond a 2-article batch: for every round a ``count``-article batch and the
    2-article one are run next to each other (their order alternating), the rounds of all sizes interleaved
    (:func:`schedule`). A size's figure is its extra wall (and CPU) time summed over its rounds, divided by the
    extra articles summed: the time an article took on average over the part, which is what the largest size's
    single round measures too (the median of many short rounds would be the machine's most common speed
    instead, not comparable with it). Every run writes into a new folder (:func:`fresh`): replacing a batch's
    briefs costs more than writing them anew (1.8 ms an article more here: 13.3 against 11.4 ms, 300 articles, six
    alternated rounds), and a size run once (10,000 articles) would otherwise be the only one measured writing
    anew. A fixed loop is timed before each command (how fast the machine ran)."""
    folders = {count: make_small(tmp / f"size-{count}", count) for count in rounds}
    walls: Dict[int, List[float]] = {count: [] for count in rounds}  # a round's extra wall time per article
    cpus: Dict[int, List[float]] = {count: [] for count in rounds}
    batch_walls: Dict[int, List[float]] = {count: [] for count in rounds}
    gauges: Dict[int, List[float]] = {count: [] for count in rounds}
    for number, count in enumerate(schedule(rounds)):
        taken: Dict[str, Tuple[float, float]] = {}
        for side in round_order(("batch", "base"), number):
            target = fresh(tmp)
            gauges[count].append(timed(steady_work))
            taken[side] = run_process(render_cmd(folders[count] if side == "batch" else base, target, *jobs),
                                      env=env())
        (wall, cpu), (base_wall, base_cpu) = taken["batch"], taken["base"]
        walls[count].append((wall - base_wall) / (count - 2))
        cpus[count].append((cpu - base_cpu) / (count - 2))
        batch_walls[count].append(wall)
    for folder in folders.values():
        shutil.rmtree(folder, ignore_errors=True)
    # the mean of the rounds' figures: every round of a size adds the same articles, so it is the extra time
    # summed over the rounds over the extra articles summed
    return {count: Size(statistics.mean(walls[count]), statistics.mean(cpus[count]),
                        statistics.median(batch_walls[count]), middle_half(walls[count]),
                        statistics.median(gauges[count]), len(walls[count])) for count in rounds}


def sizes(tmp: Path, counts: Sequence[int], repeat: int, counted: bool = False) -> None:
    """Time per article at every size, in two modes. The target (flat within 15 %) is judged on ``--jobs 1``: one
    process at every size, so a cost that grows with the batch (what issue #18 found: a check over every output
    and input pair) shows as it is. The default ``--jobs`` is printed too, with the mode each size ran in: below
    INLINE_FILES files this process alone, above it this process and workers, so its time per article drops
    where the second CPU joins (a speed-up by design, not a cost of size); its sizes that ran in the same mode are
    compared among themselves."""
    base = make_small(tmp / "size-2", 2)
    print("\n1. Time per article of vnbrief render, small generated articles: the whole command less a 2-article "
          "batch in the same mode timed next to it, the sizes' rounds interleaved; the extra time summed over a "
          "size's rounds over the extra articles")
    results: Dict[str, Dict[int, Size]] = {}
    for label, jobs in (("1", ("--jobs", "1")), ("0", ())):
        print("   --jobs 1 (one process at every size: what the target is judged on)" if label == "1" else
              "   default --jobs (automatic: the mode each size ran in is named)")
        # Small batches often: a 10-article batch is 8 articles (~80 ms) more than the 2-article one, and two
        # process starts of 0.3-0.4 s each move one round's figure by more than half (measured: 100 rounds here,
        # their figures' standard deviation 7.8 ms against a mean of 12.1), so the smallest sizes get up to four
        # times the rounds (240 at 10 articles: ±0.5 ms); 10,000 once. The judged mode gets more than the
        # informative one.
        budget = (12 if label == "1" else 5) * repeat
        results[label] = per_article(tmp, base, {count: max(1, min(4 * budget, budget * 120 // count))
                                                 for count in counts}, jobs)
        for count in counts:
            size = results[label][count]
            # CPU time: of the whole command with one process; workers under the forkserver are not counted
            how = f"(CPU {size.cpu * 1000:5.2f} ms)" if label == "1" else f"in {default_mode(count)}"
            q1, q3 = size.quartiles
            spread = f"; middle half of the rounds {q1 * 1000:.2f}–{q3 * 1000:.2f}" if size.rounds >= 4 else ""
            print(f"   {count:6} articles: {size.whole:7.2f} s; {size.wall * 1000:6.2f} ms per article {how}, "
                  f"{size.rounds} round{'s' * (size.rounds > 1)}{spread}; fixed loop {size.gauge * 1000:.1f} ms")
    flatness(results["1"], counts)
    if counted:
        instruction_flatness(tmp, base, counts)
    by_mode: Dict[str, List[float]] = {}
    for count, size in results["0"].items():
        by_mode.setdefault(default_mode(count), []).append(size.wall)
    for mode, times in by_mode.items():
        flat = f"spread {(max(times) / min(times) - 1) * 100:.0f} %" if len(times) > 1 else "one size"
        print(f"   default --jobs, sizes run in {mode}: {min(times) * 1000:.2f} … {max(times) * 1000:.2f} ms per "
              f"article, {flat} (information: the mode changes with the size by design)")
    warm_up(tmp, max(3, repeat))


def instruction_flatness(tmp: Path, base: Path, counts: Sequence[int]) -> None:
    """The flat target counted in instructions (valgrind, immune to the machine's speed): each size's ``--jobs 1``
    command less the 2-article one's, over the articles added, the hash seed fixed so that every run does the
    same work. It cannot see what instructions do not count (the processor's caches, the disk), which the wall
    times above do; it does see any work that grows with the batch, exactly, whatever the machine did meanwhile.
    Under valgrind an article takes about 0.12 s: the 10,000 size about 20 minutes."""
    counted = dict(env(), PYTHONHASHSEED="0")
    found: Dict[int, int] = {}
    out = tmp / "out-counted"
    for count in [2, *counts]:
        folder = base if count == 2 else make_small(tmp / f"count-{count}", count)
        shutil.rmtree(out, ignore_errors=True)
        found[count] = instruction_count(render_cmd(folder, out, "--jobs", "1"), counted)
        if folder != base:
            shutil.rmtree(folder)
    shutil.rmtree(out, ignore_errors=True)
    each = {count: (found[count] - found[2]) / (count - 2) for count in counts}
    spread = max(each.values()) / min(each.values()) - 1
    print(f"   --jobs 1, instructions per article (valgrind, the whole command less a 2-article one, "
          f"{found[2] / 1e6:.0f} M): " + " ".join(f"{each[n] / 1e6:.2f}" for n in counts)
          + f" M, spread {spread * 100:.1f} %   target flat within 15 %: {verdict(spread <= 0.15)}")


def flatness(results: Dict[int, Size], counts: Sequence[int]) -> None:
    """The target line of part 1: how flat the time per article is across the sizes with ``--jobs 1``. The sizes'
    rounds are interleaved and each figure is an average over them (:func:`per_article`), so every size's figure
    is taken over the same stretch of the machine's time, and the figures are compared as timed. The fixed loop's
    median before each size's commands is printed beside, to show how alike the machine ran for them."""
    figures = {n: r.wall for n, r in results.items()}
    spread = max(figures.values()) / min(figures.values()) - 1
    gauges = [r.gauge for r in results.values()]
    print(f"   --jobs 1, per article from {min(counts):,} to {max(counts):,} articles: "
          + " ".join(f"{figures[n] * 1000:.2f}" for n in counts) + f" ms, spread {spread * 100:.0f} % (the fixed "
          f"loop's median before each size's commands {min(gauges) * 1000:.1f}–{max(gauges) * 1000:.1f} ms)")
    print(f"   target flat within 15 %: {verdict(spread <= 0.15)}")


WARM_UP = """
import sys, time
from pathlib import Path
from exporter.options import Options
from exporter.pipeline import build_brief
options = Options()  # the default output: PDF and Markdown
for source in sorted(Path(sys.argv[1]).glob("*.txt")):
    start = time.thread_time()
    build_brief(source, options)
    print(time.thread_time() - start)
"""


def warm_up(tmp: Path, rounds: int, count: int = 30) -> None:
    """Why the smallest size costs most per article: the first articles of a process, one after another, in a fresh
    process each round (CPU time of reading and rendering each, nothing written). Each article is the same work
    (valgrind, hash seed fixed: 33.0 M instructions for the 3rd, 31.4-31.6 M from the 5th to the 18th), yet the
    first few take longer, while the process warms up (the processor's caches and predictors, the memory
    allocator); a 10-article batch less a 2-article one is made of the 3rd to 10th articles."""
    folder = make_small(tmp / "warm-up", count)
    columns: List[List[float]] = [[] for _ in range(count)]
    for _ in range(rounds):
        out = subprocess.run([sys.executable, "-c", WARM_UP, str(folder)], env=env(), check=True,
                             capture_output=True, text=True).stdout
        for column, line in zip(columns, out.split()):
            column.append(float(line))
    shutil.rmtree(folder)
    each = [statistics.median(column) * 1000 for column in columns]
    steady = statistics.median(each[20:])
    early = statistics.mean(each[2:10])
    print(f"   the first articles of one process (CPU ms, median of {rounds} fresh processes): "
          + " ".join(f"{ms:.1f}" for ms in each[:10]) + f" … the 21st to {count}th: {steady:.1f}")
    print(f"   the 3rd to 10th (what the 10-article size measures) average {early:.1f} ms: x{early / steady:.2f} the "
          "steady state (information: a fresh process warming up, the same instructions each article; not a cost of "
          "the batch's size)")


# --- 2. both cores ------------------------------------------------------------------------------------------------

def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


class Ceiling:
    """What two processes gain over one on this machine at best: a pure-Python loop, no I/O, no sharing."""

    def __init__(self, n: int = 10_000_000) -> None:
        import multiprocessing

        self.n = n
        self.pool = multiprocessing.get_context("spawn").Pool(2)
        self.pool.map(_spin, [1000, 1000])  # started and warm

    def measure(self) -> float:
        start = time.perf_counter()
        _spin(self.n)
        _spin(self.n)
        serial = time.perf_counter() - start
        start = time.perf_counter()
        self.pool.map(_spin, [self.n, self.n], chunksize=1)
        return serial / (time.perf_counter() - start)

    def close(self) -> None:
        self.pool.close()
        self.pool.join()


def cores(tmp: Path, count: int, repeat: int) -> None:
    folder = make_folder(tmp / "cores", count)
    single = make_folder(tmp / "cores-one", 1)
    halves = _halves(folder, tmp / "cores-half")
    ceiling = Ceiling()
    # start: the one-article batch; half and pair: one half of the articles alone, both halves at once (--jobs 1)
    runs: Dict[str, List[float]] = {"1": [], "2": [], "start": [], "half": [], "pair": []}
    ceilings: List[float] = []
    try:
        run_process(render_cmd(folder, fresh(tmp), "--jobs", "2"), env())  # disk cache warm
        for n in range(repeat):
            for side in round_order(tuple(runs), n):
                if side == "pair":
                    runs[side].append(_at_once([render_cmd(half, fresh(tmp), "--jobs", "1") for half in halves]))
                    continue
                source = {"start": single, "half": halves[0]}.get(side, folder)
                runs[side].append(run_process(render_cmd(source, fresh(tmp), "--jobs", "2" if side == "2" else "1"),
                                              env())[0])
            ceilings.append(ceiling.measure())
    finally:
        ceiling.close()
    gain = ratio(runs, "1", "2")
    top = statistics.median(ceilings)
    one, two, start = (statistics.median(runs[side]) for side in ("1", "2", "start"))
    ok = gain >= 1.7 if top >= 1.85 else None
    print(f"\n2. Batch of {count} corpus articles, median of {repeat} alternated rounds: --jobs 1 {one:.2f} s "
          f"({count / one:.0f}/s), --jobs 2 ({_two_mode()}) {two:.2f} s ({count / two:.0f}/s): x{gain:.2f}; the "
          f"ceiling (a pure-CPU "
          f"loop in 2 processes against 1, same rounds): x{top:.2f}; of the ceiling: {gain / top * 100:.0f} %\n"
          f"   target >= 1.7 when the ceiling is >= 1.85: "
          + (verdict(bool(ok)) if ok is not None else "not judged (the ceiling is below 1.85: a busy machine)"))
    print(f"   {amdahl(one, two, start, top)}")
    pair = statistics.median(2 * a / b for a, b in zip(runs["half"], runs["pair"]))
    print(f"   information: two independent --jobs 1 batches of {count // 2} articles at once (each its own start-up, "
          f"nothing shared) give x{pair:.2f} the throughput of one alone (the loop beside them x{top:.2f})")


def _halves(folder: Path, base: Path) -> List[Path]:
    """The articles of ``folder`` in two folders, the first half and the second."""
    files = sorted(folder.iterdir())
    halves = [base / "a", base / "b"]
    for half, part in zip(halves, (files[:len(files) // 2], files[len(files) // 2:])):
        half.mkdir(parents=True, exist_ok=True)
        for path in part:
            shutil.copyfile(path, half / path.name)
    return halves


def _at_once(commands: List[List[str]]) -> float:
    """Wall seconds of ``commands`` started together, until the last ends."""
    start = time.perf_counter()
    processes = [subprocess.Popen(command, env=env(), stdout=subprocess.DEVNULL) for command in commands]
    for process, command in zip(processes, commands):
        if process.wait() != 0:
            raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - start


def amdahl(one: float, two: float, start: float, top: float) -> str:
    """What the start-up, which no second process can share, leaves of the ceiling for the whole command
    (Amdahl's law), and the rate of the rest."""
    bound = one / (start + (one - start) / top)
    rest = (one - start) / (two - start)
    return (f"information: a one-article batch (start-up and one article: what one process does before the work "
            f"can be shared) takes {start:.2f} s, {start / one * 100:.0f} % of --jobs 1; with it, the ceiling allows "
            f"the whole command x{bound:.2f} at most; the rest ran at x{rest:.2f}")


def _two_mode() -> str:
    """How ``vnbrief render --jobs 2`` (a process with one thread) runs local files here (exporter/batch/pool.py)."""
    import multiprocessing

    forks = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
    return "this process and a worker forked from it" if forks else "this process and a fresh worker"


# --- 3. memory ----------------------------------------------------------------------------------------------------

def _proc_tree(root: int) -> Dict[int, int]:
    """pid → depth below ``root`` for every live descendant (Linux /proc)."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, IndexError, ValueError):
                continue
    depth = {root: 0}
    changed = True
    while changed:
        changed = False
        for pid, parent in parents.items():
            if pid not in depth and parent in depth:
                depth[pid] = depth[parent] + 1
                changed = True
    return depth


def _peak_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _role(pid: int, depth: int) -> str:
    """What a process below the batch is: a worker (forked from it, or under the forkserver), or a helper
    (the forkserver, multiprocessing's resource tracker)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            command = handle.read()
    except OSError:
        return "helper"
    if depth == 2 or (depth == 1 and b"forkserver" not in command and b"resource_tracker" not in command):
        return "worker"
    return "helper"


def memory(tmp: Path, count: int) -> None:
    import subprocess

    folder = make_folder(tmp / "memory", count)
    command = render_cmd(folder, tmp / "out-memory", "--jobs", "2")
    if not Path("/proc/self/status").exists():
        subprocess.run(command, check=True, env=env())
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux, bytes on macOS
        peak = peak / 1024 if sys.platform == "darwin" else peak
        print(f"\n3. batch of {count} articles, --jobs 2: largest process {peak:.0f} MB (no /proc: parent and "
              f"workers not told apart)   target <= 300 MB: {verdict(peak <= 300)}")
        return
    process = subprocess.Popen(command, env=env())
    peaks: Dict[int, int] = {}
    depths: Dict[int, int] = {}
    roles: Dict[int, str] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid, depth in _proc_tree(process.pid).items():
                depths[pid] = depth
                if pid not in roles:
                    roles[pid] = _role(pid, depth)
                peaks[pid] = max(peaks.get(pid, 0), _peak_kb(pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    parent = peaks.get(process.pid, 0) / 1024
    workers = sorted((peaks[p] / 1024 for p, d in depths.items() if d and roles.get(p) == "worker"), reverse=True)
    helpers = sorted((peaks[p] / 1024 for p, d in depths.items() if d and roles.get(p) == "helper"), reverse=True)
    worst = max([parent] + workers + helpers)
    print(f"\n3. batch of {count} articles, --jobs 2: peak memory parent {parent:.0f} MB, workers "
          f"{', '.join(f'{w:.0f}' for w in workers) or '?'} MB, forkserver/helpers "
          f"{', '.join(f'{h:.0f}' for h in helpers) or '-'} MB   target <= 300 MB each: {verdict(worst <= 300)}")


# --- 4. the digest ------------------------------------------------------------------------------------------------

def digest_cost(count: int, repeat: int) -> None:
    from exporter.digest import make_digest, render_digest
    from exporter.options import Options
    from exporter.pipeline import read_article
    from exporter.render.pdf import render_pdf

    originals = sources()
    articles = [read_article(originals[n % len(originals)]) for n in range(count)]
    options = Options()
    render_pdf(articles[0], options)  # fonts registered once, as in a long run
    singles, digests = [], []
    for _ in range(repeat):
        start = time.perf_counter()
        for article in articles:
            render_pdf(article, options)
        singles.append(time.perf_counter() - start)
        start = time.perf_counter()
        data = render_digest(make_digest(articles, options, date="2024-01-01"), "pdf", options)
        digests.append(time.perf_counter() - start)
    single, digest = statistics.median(singles), statistics.median(digests)
    per = statistics.median(d / s for d, s in zip(digests, singles))
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(data)).pages)
    print(f"\n4a. digest of {count} articles: {digest:.2f} s ({digest / count * 1000:.1f} ms/article, {pages} pages, "
          f"{len(data) / 1024:.0f} KB); {count} single briefs {single:.2f} s ({single / count * 1000:.1f} "
          f"ms/article); per article x{per:.2f}   target <= 1.3: {verdict(per <= 1.3)}")


def digest_jobs(tmp: Path, counts: Sequence[int], repeat: int) -> None:
    print(f"\n4b. vnbrief digest of N files: --jobs 1, --jobs 2 and the default (automatic; {_inline()}), median of "
          f"{repeat} alternated rounds ({DIGEST_TARGET_ROUNDS * repeat} at the target's {DIGEST_TARGET} articles):")
    pays = None
    for count in counts:
        folder = make_folder(tmp / f"digest-{count}", count)
        commands = {jobs: [*VNBRIEF, "digest", str(folder), "-o", str(tmp / f"digest-{jobs}.pdf"), "-q", "--force",
                           *(["--jobs", jobs] if jobs != "0" else [])] for jobs in ("1", "2", "0")}
        # The target's size gets more rounds: its commands take 0.3 s, and a ratio of two such is within a few
        # per cent only as a median of many.
        rounds = repeat * (DIGEST_TARGET_ROUNDS if count == DIGEST_TARGET else 1)
        walls, _ = paired_processes(commands, rounds, env=env())
        two, default = ratio(walls, "1", "2"), ratio(walls, "1", "0")
        if pays is None and two > 1.0:
            pays = count
        target = ""
        if count == DIGEST_TARGET:
            low, high = middle_half([a / b for a, b in zip(walls["1"], walls["0"])])
            # Below 1.0, the default is judged no slower only when the rounds cannot tell the two apart (its middle
            # half of per-round ratios holds 1.0), and the line says so.
            tie = default < 1.0 and low <= 1.0 <= high
            target = (f"; the default's per-round ratios, middle half {low:.2f}–{high:.2f}   target >= 1.0: "
                      f"{verdict(default >= 1.0 or tie)}"
                      + (" (within the rounds' spread: the two cannot be told apart)" if tie else ""))
        print(f"   {count:3} articles: --jobs 1 {statistics.median(walls['1']):.2f} s, --jobs 2 "
              f"{statistics.median(walls['2']):.2f} s (x{two:.2f}), default {statistics.median(walls['0']):.2f} s "
              f"(x{default:.2f}){target}")
        shutil.rmtree(folder)
    print(f"   workers first pay at {pays if pays is not None else 'none'} of these sizes (the default in "
          f"exporter/batch/run.py: {_inline()})")


#: The digest target's size (issue #18: a 5-article digest no slower by default than with --jobs 1), and how many
#: times --repeat rounds it gets.
DIGEST_TARGET, DIGEST_TARGET_ROUNDS = 5, 4


def _inline() -> str:
    """What the automatic ``--jobs`` of a digest does with files (:data:`INLINE_FILES`)."""
    limit = INLINE_FILES[READ]
    return "files always read in this process" if limit == float("inf") else f"in this process below {limit:g} files"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,10000", help="batch sizes for the time per article")
    parser.add_argument("--articles", type=int, default=200, help="articles of the --jobs 2 against 1 batch")
    parser.add_argument("--memory-articles", type=int, default=500)
    parser.add_argument("--digest-articles", type=int, default=100)
    parser.add_argument("--digest-sizes", default="2,5,10,20,30,40")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip", default="", help="comma-separated: sizes, cores, memory, digest")
    parser.add_argument("--instructions", action="store_true",
                        help="also count part 1's instructions per article with valgrind (about 20 minutes)")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    header("batch_bench")
    print(f"articles from {CORPUS if CORPUS.is_dir() else EXAMPLE}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if "sizes" not in skip:
            sizes(tmp, [int(n) for n in args.sizes.split(",")], args.repeat,
                  args.instructions and shutil.which("valgrind") is not None)
        if "cores" not in skip:
            cores(tmp, args.articles, args.repeat)
        if "memory" not in skip:
            memory(tmp, args.memory_articles)
        if "digest" not in skip:
            digest_cost(args.digest_articles, args.repeat)
            digest_jobs(tmp, [int(n) for n in args.digest_sizes.split(",")], args.repeat)


if __name__ == "__main__":
    main()
