"""Timing shared by the benchmark scripts: medians, paired runs that alternate the sides compared, whole-process
timings with their CPU time, and a header that says in which mode and on how busy a machine the figures were taken.

Every ratio a benchmark prints is measured against a baseline timed in the same run, the two sides alternated
round by round so that a busy moment of the machine hits both alike; the figure is the median of the per-round
ratios. Quoted figures come from a quiet machine: :func:`header` warns when the load average says otherwise.
"""
from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple


def median_time(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


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
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            gc.collect()
            start = time.perf_counter()
            sides[name]()
            times[name].append(time.perf_counter() - start)
    return times


def ratio(times: Mapping[str, Sequence[float]], ours: str, base: str) -> float:
    """The median over rounds of ``ours / base`` (each round's two runs were taken next to each other)."""
    return statistics.median(a / b for a, b in zip(times[ours], times[base]))


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
                     cwd: Optional[str] = None, warmup: int = 1) -> Tuple[Times, Times]:
    """Whole-process wall and CPU times of every command, alternated round by round (see :func:`paired`)."""
    usages = paired_usage(commands, repeat, env, cwd, warmup)
    walls = {name: [wall for wall, _ in runs] for name, runs in usages.items()}
    cpus = {name: [u.ru_utime + u.ru_stime for _, u in runs] for name, runs in usages.items()}
    return walls, cpus


def paired_usage(commands: Mapping[str, Sequence[str]], repeat: int, env: Optional[Mapping[str, str]] = None,
                 cwd: Optional[str] = None, warmup: int = 1) -> Dict[str, List[Tuple[float, Any]]]:
    """(wall seconds, resource usage) of every command per round, alternated round by round (see :func:`paired`)."""
    names = list(commands)
    for _ in range(warmup):
        for name in names:
            run_usage(commands[name], env, cwd)
    runs: Dict[str, List[Tuple[float, Any]]] = {n: [] for n in names}
    for round_no in range(repeat):
        shift = round_no % len(names)
        for name in names[shift:] + names[:shift]:
            runs[name].append(run_usage(commands[name], env, cwd))
    return runs


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
