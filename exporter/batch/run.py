"""The batch itself: inputs handed to worker processes (or run here), outcomes gathered, Ctrl-C handled."""
from __future__ import annotations

import contextlib
import dataclasses
import logging
import math
import os
import tempfile
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from ..errors import RenderError, VnbriefError, about
from ..interrupt import deferred_interrupt, signal_number, stop_on
from ..options import Options, parallelism
from ..pipeline import brief_files_dir, protect
from ..protected import Protected, check_outputs
from ..read import is_url, load_bytes
from .inputs import Input
from .results import FAILED, NOT_DONE, RENDERED, SKIPPED, BatchResult, Outcome
from .state import State, input_key, options_key
from .worker import (
    READ,
    RENDER,
    _Task,
    _work,
    naming,
    not_tried,
    opened,
    planned_briefs,
    translates,
    write_outputs,
    writing_behind,
)

log = logging.getLogger(__name__)


def check_output_folder(folder: Path) -> None:
    """Create ``folder`` and make sure a file can be written there, before any article is rendered."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".vnbrief-probe-")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise RenderError(f"cannot write to this folder: {err.strerror or err}", subject=str(folder),
                          hint="choose a writable folder with -o") from None


def worker_count(jobs: int, tasks: int) -> int:
    """Worker processes for ``tasks`` inputs (see :func:`exporter.options.parallelism`)."""
    return parallelism(jobs, tasks)[0]


class _Runner:
    """The parent's side of a batch: naming, writing, state, callbacks."""

    def __init__(self, out_dir: str, options: Options, mode: str, state: Optional[State],
                 on_outcome: Optional[Callable[[Outcome], None]], reserved: Sequence[str],
                 protected: Protected, force: bool = False) -> None:
        self.out_dir, self.options, self.mode, self.state = out_dir, options, mode, state
        self.protected, self.force = protected, force
        self.on_outcome = on_outcome
        self.used = {s.casefold() for s in reserved}
        self.keys: Dict[int, Optional[str]] = {}

    def _reserve(self, stem: str) -> str:
        name, n = stem, 2
        while name.casefold() in self.used:
            name = f"{stem}-{n}"
            n += 1
        self.used.add(name.casefold())
        return name

    def finish(self, index: int, outcome: Outcome, outcomes: List[Optional[Outcome]]) -> int:
        """Write what the parent writes, re-log the worker's warnings, record the state, tell the caller, and keep
        ``outcome`` in ``outcomes[index]``, Ctrl-C and the stop signals held meanwhile: an outcome is counted (the
        summary, the report) exactly when it has been told. Return the signal that came meanwhile or that its
        briefs were written under (0: none), which stops the batch once what else is final has been told."""
        with deferred_interrupt(reraise=False) as caught:
            for level, message in outcome.logs:
                log.log(level, "%s", about(outcome.source, message))
            outcome.logs = []
            if outcome.pending:
                try:
                    outcome.outputs = self._write_named(outcome)
                except VnbriefError as err:
                    outcome.status, outcome.error, outcome.exit_code = FAILED, err, int(err.exit_code)
                except KeyboardInterrupt as stop:  # held until the briefs were written whole: they count
                    outcome.outputs, outcome.stopped_by = list(getattr(stop, "written", [])), signal_number(stop)
                outcome.pending = {}
            if outcome.status == RENDERED and self.state is not None:
                self.state.record(outcome.source, self.keys.get(index), outcome.outputs)
            if self.on_outcome is not None:
                self.on_outcome(outcome)
            outcomes[index] = outcome
        return outcome.stopped_by or (caught[0] if caught else 0)

    def finish_all(self, final: Sequence[Tuple[int, Outcome]], outcomes: List[Optional[Outcome]],
                   each: Optional[Callable[[int, Outcome], None]] = None) -> int:
        """:meth:`finish` each of ``final`` ((position, outcome) pairs, in order, each final: its briefs are on
        the disk) into ``outcomes``, then ``each(n, outcome)`` (n from 1). All of them are told, a stop signal
        held until then; return the first signal that came or that one of them was written under (0: none)."""
        stopped = 0
        with deferred_interrupt(reraise=False) as caught:
            for n, (position, outcome) in enumerate(final, 1):
                signum = self.finish(position, outcome, outcomes)
                stopped = stopped or signum
                if each is not None:
                    each(n, outcome)
        return stopped or (caught[0] if caught else 0)

    def _write_named(self, outcome: Outcome) -> List[str]:
        """Write the briefs of an input named after its headline (stdin, URLs) under a name no other brief of
        the batch has taken; their photos' folder is renamed with them (and, should that folder belong to an
        input, named as :func:`~exporter.pipeline.brief_files_dir` says)."""
        stem = outcome.stem
        new = self._reserve(stem)
        folders = {name.split("/", 1)[0] for name in outcome.pending if "/" in name}
        moved = {}
        for folder in folders:
            renamed = new + folder[len(stem):]
            other = brief_files_dir(self.out_dir, renamed[: -len("_files")], self.protected) \
                if renamed.endswith("_files") else None
            moved[folder] = other or renamed
        files = {}
        for name, data in outcome.pending.items():
            if name.endswith(".md"):
                for folder, renamed in moved.items():
                    if renamed != folder:
                        data = data.replace(f"](<{folder}/".encode(), f"](<{renamed}/".encode())
            head, slash, rest = name.partition("/")
            files[moved[head] + slash + rest if slash else new + name[len(stem):]] = data
        return write_outputs(self.out_dir, files, protected=self.protected, force=self.force)


def planned_outputs(inputs: Sequence[Input], out_dir: str, options: Options) -> List[Path]:
    """The briefs of every input whose name is known before it is read (files)."""
    return [path for item in inputs if item.stem and item.error is None
            for path in planned_briefs(item.stem, out_dir, options)]


def run_batch(inputs: Sequence[Input], out_dir: str, options: Options, *, mode: str = RENDER,
              jobs: Optional[int] = None,
              skip_unchanged: bool = False, on_outcome: Optional[Callable[[Outcome], None]] = None,
              force: bool = False, protected: Optional[Protected] = None) -> BatchResult:
    """Render (or, ``mode="read"``, read and translate) every input; return every outcome in input order.

    ``jobs`` (default: ``options.jobs``) as :func:`exporter.options.parallelism` reads it; one input, or one
    job, runs in this process. ``on_outcome`` is
    called in this process for each input as it finishes. An unwritable output folder raises
    :class:`RenderError` before anything is rendered, a brief that would be written over one of the inputs (or
    what they own: see :func:`exporter.pipeline.protect`) a :class:`~exporter.errors.UsageError`; read-only
    briefs are replaced only when ``force``. ``protected`` is the caller's guard when it has already checked the
    briefs of :func:`planned_outputs` against it (:func:`~exporter.protected.check_outputs`, as the CLI does while
    planning), so that the check runs once; every write is still refused by it (:func:`~exporter.atomic.write_files`).
    Ctrl-C returns a result with ``interrupted`` set.
    """
    outcomes: List[Optional[Outcome]] = [None] * len(inputs)
    guard = protected
    if guard is None:  # a caller's guard comes with the outputs it planned already checked: once per run
        guard = protect([i.source for i in inputs if i.error is None], options)
        if mode == RENDER:
            check_outputs(planned_outputs(inputs, out_dir, options), guard)
    state = State(Path(out_dir)) if (skip_unchanged and mode == RENDER) else None
    runner = _Runner(out_dir, options, mode, state, on_outcome, [i.stem for i in inputs if i.stem], guard, force)
    try:  # a stop signal at any moment from here (tasks being made, workers starting) ends in a result
        stopped_by = _run_all(inputs, out_dir, options, mode, jobs, force, state, runner, outcomes, guard)
    except KeyboardInterrupt as stop:
        stopped_by = signal_number(stop)
    finally:
        if state is not None:
            state.save()
    final = [o if o is not None else Outcome(inputs[i].source, NOT_DONE) for i, o in enumerate(outcomes)]
    return BatchResult(final, bool(stopped_by), signal=stopped_by)


def _run_all(inputs: Sequence[Input], out_dir: str, options: Options, mode: str, jobs: Optional[int], force: bool,
             state: Optional[State], runner: _Runner, outcomes: List[Optional[Outcome]], guard: Protected) -> int:
    """Make the tasks of a batch (skipping unchanged inputs, reading standard input once) and run them here or in
    worker processes; return 0, or the signal that stopped them."""
    todo: List[_Task] = []
    if mode == RENDER and any(i.error is None for i in inputs):
        check_output_folder(Path(out_dir))
    digest_of_options = options_key(options) if state is not None else ""
    stdin_data: Optional[bytes] = None
    for index, item in enumerate(inputs):
        if item.error is not None:
            stop_on(runner.finish(index, Outcome(item.source, FAILED, error=item.error,
                                              exit_code=int(item.error.exit_code)), outcomes))
            continue
        if state is not None:
            key = runner.keys[index] = input_key(item.source, item.stem, digest_of_options)
            previous = state.unchanged(item.source, key)
            if previous is not None:
                stop_on(runner.finish(index, Outcome(item.source, SKIPPED, outputs=previous), outcomes))
                continue
        data = None
        if item.source == "-":
            if stdin_data is None:
                stdin_data = load_bytes("-")
            data = stdin_data
        todo.append(_Task(index, item.source, item.stem, data, mode, out_dir, options, force, item.named_by))
    workers, requests = pool_size(options.jobs if jobs is None else jobs, todo, mode)
    if workers == 1:
        return _run_here(todo, runner, outcomes, guard)
    # each worker's share of the translation requests, so that N workers do not each open N
    shared = dataclasses.replace(options, jobs=requests)
    return _run_pool([t._replace(options=shared) for t in todo], runner, outcomes, workers, guard)


#: With an automatic ``--jobs`` (0), a batch of fewer files than this runs in this process, by mode: starting the
#: worker processes (an interpreter each, vnbrief's modules, the fonts or the page parser: about 0.08 s before
#: the first article) costs more than two CPUs save on a few articles: measured on 2 CPUs with corpus articles
#: (15 ms to read and render one), two workers against this process were ×0.96 at 12 and 16 files, ×1.09 at 24,
#: ×1.21 at 40. A digest's files are always read here: its workers only read
#: (about 7 ms an article) while this process takes every article back and lays them all out, so they never paid
#: (``benchmarks/batch_bench.py`` part 4b, 2 CPUs: ×0.85 at 60 files, ×0.91 at 100, ×0.94 at 160).
INLINE_FILES: Dict[str, float] = {READ: math.inf, RENDER: 20}
#: … and of fewer pages to download than this: in this process they wait on the network one after another.
INLINE_PAGES = 3


def pool_size(jobs: int, todo: Sequence[_Task], mode: str = RENDER) -> Tuple[int, int]:
    """(worker processes, translation requests each) for ``todo``: :func:`~exporter.options.parallelism`, except
    that an automatic ``jobs`` keeps a small batch in this process (:data:`INLINE_FILES`, :data:`INLINE_PAGES`)."""
    workers, requests = parallelism(jobs, len(todo))
    if jobs == 0 and workers > 1:
        pages = sum(1 for task in todo if is_url(task.source))
        if pages < INLINE_PAGES and len(todo) - pages < INLINE_FILES.get(mode, 0):
            return 1, requests
    return workers, requests


def _run_here(todo: Sequence[_Task], runner: _Runner, outcomes: List[Optional[Outcome]],
              protected: Protected) -> int:
    """Run every task in this process, each article's briefs written behind the next one's render (a single
    article's at once); return 0, or the number of the signal that interrupted it."""
    unreachable = False  # the circuit breaker: see worker.not_tried
    stopped = 0
    with writing_behind() as behind:
        try:
            for done, task in enumerate(todo, 1):
                behind.background = done < len(todo)
                if unreachable and translates(task.options):
                    behind.done(task.position, not_tried(task))
                else:
                    with naming(task.source) if len(todo) > 1 else contextlib.nullcontext():
                        _work(task, protected)
                final = behind.take()
                for _, outcome in final:
                    unreachable = unreachable or opened(outcome, len(todo) - done)
                stopped = runner.finish_all(final, outcomes)
                if stopped:
                    break
        except KeyboardInterrupt as stop:
            stopped = signal_number(stop)
    try:  # the article in flight when the loop ended (a signal), its briefs now in place
        runner.finish_all(behind.take(), outcomes)
    except KeyboardInterrupt as stop:
        stopped = stopped or signal_number(stop)
    return stopped


def _run_pool(todo: Sequence[_Task], runner: _Runner, outcomes: List[Optional[Outcome]], workers: int,
              protected: Protected) -> int:
    """Run ``todo`` in ``workers`` processes; return 0, or the number of the signal that interrupted the batch."""
    from .pool import _Pool  # only for a batch with workers

    return _Pool(todo, runner, outcomes, workers, protected).run()
