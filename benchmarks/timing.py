"""Timing shared by the benchmark scripts: medians, paired runs that alternate the sides compared, whole-process
timings with their CPU time, and a header that says in which mode and on how busy a machine the figures were taken.

Every ratio a benchmark prints is measured against a baseline timed in the same run, the two sides alternated
round by round so that a busy moment of the machine hits both alike; the figure is the median of the per-round
ratios. Quoted figures come from a quiet machine: :func:`header` warns when the load average says otherwise.
"""
from __future__ import annotations

import gc
import os
import re
import statistics
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call of ``fn``, in seconds."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls of ``fn``, in seconds."""
    return statistics.median(timed(fn) for _ in range(repeat))


def paired(sides: Mapping[str, Callable[[], object]], repeat: int, warmup: int = 1) -> Dict[str, List[float]]:
    """Wall times of every side, ``repeat`` rounds, the sides alternated in each round (their order rotating, so
    that none always runs first). Returns name → times in round order.

    Python's cyclic garbage collector runs when the objects allocated since its last run pass a threshold; what a
    run leaves in reference cycles (ReportLab's document and canvas refer to each other) counts towards it. Each
    side's leftovers are therefore collected before the next run, untimed: otherwise the collections they cause
    fall in whichever side allocates most at once, which then pays for the other's garbage too (measured in
    render_bench: 0.45 collections per vnbrief render and none per bare-script render, because both sides'
    leftovers added up; with the collection between runs, none in either)."""
    names = list(sides)
    for _ in range(warmup):
        for name in names:
            sides[name]()
    times: Dict[str, List[float]] = {name: [] for name in names}
    for round_no in range(repeat):
        for name in round_order(names, round_no):
            gc.collect()
            start = time.perf_counter()
            sides[name]()
            times[name].append(time.perf_counter() - start)
    return times


def round_order(names: Sequence[str], round_no: int) -> List[str]:
    """The order of the sides in round ``round_no``, from a Williams design: over ``len(names)`` rounds (twice that
    for an odd number of sides) each side runs first once and runs right after each other side equally often
    within a round. A plain rotation keeps every side after the same neighbour: with three sides (``--jobs 1``,
    ``--jobs 2``, the default) the default always ran right after a two-process run, whose aftermath (a worker
    exiting, writes reaching the disk) it could pay for."""
    n = len(names)
    base = [(i + 1) // 2 if i % 2 else (n - i // 2) % n for i in range(n)]  # 0, 1, n-1, 2, n-2, …
    row = round_no % (n if n % 2 == 0 else 2 * n)
    order = [names[(b + row) % n] for b in base]
    return order if row < n else order[::-1]


def ratio(times: Mapping[str, Sequence[float]], ours: str, base: str) -> float:
    """The median over rounds of ``ours / base`` (each round's two runs were taken next to each other)."""
    return statistics.median(a / b for a, b in zip(times[ours], times[base]))


def middle_half(values: Sequence[float]) -> Tuple[float, float]:
    """The first and third quartiles of ``values``: where the middle half of them lies."""
    ordered = sorted(values)
    return ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]


def steady_work() -> int:
    """A fixed pure-Python workload (no allocation to speak of, no I/O) of about 10 ms: timed beside what a
    benchmark measures, its spread shows how steady the machine's speed was during the run."""
    total = 0
    for i in range(150_000):
        total += i * i
    return total


def steadiness(times: Sequence[float]) -> str:
    """A line on how steady this machine ran, from the times of :func:`steady_work` taken among the rounds; with a
    warning when its middle half spans more than 10 % of its median (a shared virtual machine whose host is busy:
    seen here, the same loop taking 10.5 to 21 ms minutes apart), when wall-time ratios of a few per cent cannot be
    judged and the instruction counts (``--instructions``) are the measure to quote."""
    low, high = middle_half(times)
    median = statistics.median(times)
    spread = (high - low) / median
    line = (f"   machine's speed: a fixed pure-Python loop timed among the rounds took {median * 1000:.1f} ms, middle "
            f"half {low * 1000:.1f}-{high * 1000:.1f} ms (spread {spread:.0%}, fastest {min(times) * 1000:.1f} ms)")
    if spread > 0.10:
        line += ("\n   WARNING: this machine's speed varied by more than 10 % during the run: wall-time ratios are "
                 "for direction only; quote the instruction counts (--instructions)")
    return line


def run_process(argv: Sequence[str], env: Optional[Mapping[str, str]] = None, cwd: Optional[str] = None
                ) -> Tuple[float, float]:
    """Run a command to its end; return (wall seconds, CPU seconds of the process and its children)."""
    wall, usage = run_usage(argv, env, cwd)
    return wall, usage.ru_utime + usage.ru_stime


def run_usage(argv: Sequence[str], env: Optional[Mapping[str, str]] = None, cwd: Optional[str] = None
              ) -> Tuple[float, Any]:
    """Run a command to its end; return (wall seconds, its resource usage: user and system time, page faults,
    context switches)."""
    start = time.perf_counter()
    process = subprocess.Popen(list(argv), env=dict(env) if env is not None else None, cwd=cwd,
                               stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, list(argv))
    return wall, usage


Times = Dict[str, List[float]]


def paired_processes(commands: Mapping[str, Sequence[str]], repeat: int, env: Optional[Mapping[str, str]] = None,
                     cwd: Optional[str] = None, warmup: int = 1, before: Optional[Callable[[str], object]] = None
                     ) -> Tuple[Times, Times]:
    """Whole-process wall and CPU times of every command, alternated round by round (see :func:`paired`);
    ``before(name)`` runs, untimed, before each timed run of the command ``name``."""
    usages = paired_usage(commands, repeat, env, cwd, warmup, before)
    walls = {name: [wall for wall, _ in runs] for name, runs in usages.items()}
    cpus = {name: [u.ru_utime + u.ru_stime for _, u in runs] for name, runs in usages.items()}
    return walls, cpus


def paired_usage(commands: Mapping[str, Sequence[str]], repeat: int, env: Optional[Mapping[str, str]] = None,
                 cwd: Optional[str] = None, warmup: int = 1, before: Optional[Callable[[str], object]] = None
                 ) -> Dict[str, List[Tuple[float, Any]]]:
    """(wall seconds, resource usage) of every command per round, alternated round by round (see :func:`paired`);
    ``before(name)`` runs, untimed, before each timed run of the command ``name``."""
    names = list(commands)
    for _ in range(warmup):
        for name in names:
            run_usage(commands[name], env, cwd)
    runs: Dict[str, List[Tuple[float, Any]]] = {n: [] for n in names}
    for round_no in range(repeat):
        for name in round_order(names, round_no):
            if before is not None:
                before(name)
            runs[name].append(run_usage(commands[name], env, cwd))
    return runs


def instruction_count(argv: Sequence[str], env: Mapping[str, str], cwd: Optional[str] = None) -> int:
    """The instructions a command executes to its end, counted by valgrind's cachegrind with its cache simulation
    off (immune to the machine's load and speed; 3 times as fast as callgrind, whose count it gives within 0.2 %).
    Run it with ``PYTHONHASHSEED`` fixed, so that every run does the same work."""
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           *argv], env=dict(env), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"valgrind printed no instruction count: {done.stderr[-300:]}")
    return int(found.group(1).replace(",", ""))


def child_env(root: object) -> Dict[str, str]:
    """This environment for a child process, with ``root`` first on PYTHONPATH (a caller's PYTHONPATH kept)."""
    paths = [str(root)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths))


def load_average() -> Optional[float]:
    """The one-minute load average, where the system tells it."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def busy_warning() -> str:
    """A warning when other processes keep the CPUs busy (the figures are then for direction only)."""
    load, cpus = load_average(), os.cpu_count() or 1
    if load is not None and load > 0.3 * cpus:
        return (f"WARNING: load average {load:.2f} on {cpus} CPUs: other processes are running, the figures below "
                f"are for direction only; quote figures from a quiet machine")
    return ""


def accelerated() -> str:
    """Whether ReportLab's C accelerator (rl-accel) is in use for both sides."""
    try:
        import _rl_accel  # noqa: F401
    except ImportError:
        return "pure Python (rl-accel not installed)"
    return "with its C accelerator (rl-accel)"


def header(title: str) -> None:
    """The run's mode, printed first: Python, CPUs, load, ReportLab's mode; and a warning on a busy machine."""
    load = load_average()
    print(f"{title}: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{'?' if load is None else f'{load:.2f}'}, ReportLab {accelerated()}")
    warning = busy_warning()
    if warning:
        print(warning)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"
