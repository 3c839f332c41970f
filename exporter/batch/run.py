"""The batch itself: inputs handed to worker processes (or run here), outcomes gathered, Ctrl-C handled."""
from __future__ import annotations

import collections
import contextlib
import dataclasses
import glob
import logging
import math
import os
import queue
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..atomic import Protected, check_outputs
from ..errors import ExitStatus, ProviderUnreachable, RenderError, VnbriefError, about
from ..interrupt import Interrupted, held_while_starting_workers, interrupt_for, signal_number
from ..options import Options, parallelism
from ..pipeline import brief_files_dir, planned_suffix, protect
from ..read import is_url, load_bytes
from ..render.base import EXTENSIONS
from .inputs import Input
from .results import FAILED, NOT_DONE, RENDERED, SKIPPED, BatchResult, Outcome
from .state import State, input_key, options_key
from .worker import READ, RENDER, _init_worker, _Task, _work, _work_chunk, not_tried, translates, write_outputs

log = logging.getLogger(__name__)

#: Seconds the workers get to finish the articles they hold when SIGTERM or SIGHUP stops a batch.
STOP_GRACE_SECONDS = 3.0


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


def _mp_context():
    import multiprocessing

    # forkserver (POSIX) or spawn: workers start from a clean interpreter, never a fork of a parent that may
    # run threads (forking one is unsafe and warns from Python 3.12 on); macOS and Windows spawn anyway.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


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

    def finish(self, index: int, outcome: Outcome) -> Outcome:
        """Write what the parent writes, re-log the worker's warnings, record the state, tell the caller."""
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
        return outcome

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


def planned_briefs(stem: str, out_dir: str, options: Options) -> List[Path]:
    """The brief of every format of ``options`` for an input named ``stem``."""
    suffix = planned_suffix(options)
    return [Path(out_dir) / f"{stem}{suffix}{EXTENSIONS[fmt]}" for fmt in options.formats]


def run_batch(inputs: Sequence[Input], out_dir: str, options: Options, *, mode: str = RENDER,
              jobs: Optional[int] = None,
              skip_unchanged: bool = False, on_outcome: Optional[Callable[[Outcome], None]] = None,
              force: bool = False, protected: Optional[Protected] = None) -> BatchResult:
    """Render (or, ``mode="read"``, read and translate) every input; return every outcome in input order.

    ``jobs`` (default: ``options.jobs``) as :func:`exporter.options.parallelism` reads it; one input, or one
    job, runs in this process. ``on_outcome`` is
    called in this process for each input as it finishes. An unwritable output folder raises
    :class:`RenderError` before anything is rendered, a brief that would be written over one of the inputs (or
    what they own, or what ``protected`` holds: see :func:`exporter.pipeline.protect`, computed here when not
    given) a :class:`~exporter.errors.UsageError`; read-only briefs are replaced only when ``force``. Ctrl-C
    returns a result with ``interrupted`` set.
    """
    outcomes: List[Optional[Outcome]] = [None] * len(inputs)
    sources = [i.source for i in inputs if i.error is None]
    guard = protected if protected is not None else protect(sources, options)
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
            outcomes[index] = runner.finish(index, Outcome(item.source, FAILED, error=item.error,
                                                           exit_code=int(item.error.exit_code)))
            continue
        if state is not None:
            key = runner.keys[index] = input_key(item.source, item.stem, digest_of_options)
            previous = state.unchanged(item.source, key)
            if previous is not None:
                outcomes[index] = runner.finish(index, Outcome(item.source, SKIPPED, outputs=previous))
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


def _opened(outcome: Outcome, left: int) -> bool:
    """Whether ``outcome`` opens the batch's circuit breaker (the provider was unreachable); says so once, when
    ``left`` articles are still to come (the failed one's own error line says the rest)."""
    if isinstance(outcome.error, ProviderUnreachable) and not outcome.error.message.startswith("not tried"):
        if left:
            log.warning("%s could not be reached: not calling it again for the %d %s left",
                        outcome.error.subject or "the provider", left, "article" if left == 1 else "articles")
        return True
    return False


def _run_here(todo: Sequence[_Task], runner: _Runner, outcomes: List[Optional[Outcome]],
              protected: Protected) -> int:
    """Run every task in this process; return 0, or the number of the signal that interrupted it."""
    unreachable = False  # the circuit breaker: see worker.not_tried
    for done, task in enumerate(todo, 1):
        if unreachable and translates(task.options):
            outcomes[task.position] = runner.finish(task.position, not_tried(task))
            continue
        try:
            outcome = _work(task, protected)
        except KeyboardInterrupt as stop:
            return signal_number(stop)
        unreachable = unreachable or _opened(outcome, len(todo) - done)
        try:
            outcomes[task.position] = runner.finish(task.position, outcome)
        except KeyboardInterrupt as stop:
            outcomes[task.position] = outcome
            return signal_number(stop)
        if outcome.stopped_by:
            return outcome.stopped_by
    return 0


#: Most articles handed to a worker at once: a chunk spares the parent a message per article (its work would
#: take a share of the CPUs from the workers), and stays short (a quarter second of rendering) for the progress
#: display and Ctrl-C. Inputs that wait on the network (URLs, standard input's, translations) go one at a time.
MAX_CHUNK = 16
#: Chunks handed out per worker at a time: the one it works on and the next, so that it never waits.
CHUNKS_PER_WORKER = 2


def chunk_size(remaining: int, workers: int, cap: int = MAX_CHUNK) -> int:
    """Guided self-scheduling: a quarter of a worker's fair share of what remains, at most ``cap``: large chunks
    first, single articles at the end, so that the workers finish together."""
    return max(1, min(cap, -(-remaining // (workers * 4))))


def _run_pool(todo: Sequence[_Task], runner: _Runner, outcomes: List[Optional[Outcome]], workers: int,
              protected: Protected) -> int:
    """Run ``todo`` in ``workers`` processes; return 0, or the number of the signal that interrupted the batch."""
    return _Pool(todo, runner, outcomes, workers, protected).run()


class _Pool:
    """The parent's side of the worker processes: chunks handed out as workers need them, outcomes taken as they
    come (each finished chunk is put on a queue by the executor, so waiting costs nothing per article), Ctrl-C.
    Local files without translation need only a CPU: this process is one of the ``workers`` and renders articles
    between handing out chunks, from the first moment, while the worker processes start (docs/batch.md)."""

    def __init__(self, todo: Sequence[_Task], runner: _Runner, outcomes: List[Optional[Outcome]], workers: int,
                 protected: Protected) -> None:
        from concurrent.futures import ProcessPoolExecutor

        slow = any(translates(t.options) or t.stem is None for t in todo)
        self.helps = not slow  # this process renders too: see the class docstring
        self.processes = workers - 1 if self.helps else workers  # worker processes
        context = _mp_context()
        self.unreachable = context.Event()  # the circuit breaker, shared with the workers: see worker.not_tried
        self.stop = context.Event()  # set on Ctrl-C: a worker starts no other article of its chunk
        self.started = time.time()
        self.executor = ProcessPoolExecutor(
            max_workers=self.processes, mp_context=context, initializer=_init_worker,
            initargs=(logging.getLogger("exporter").getEffectiveLevel(), self.unreachable, protected, self.stop))
        self.todo = collections.deque(todo)
        self.runner, self.outcomes, self.workers, self.protected = runner, outcomes, workers, protected
        self.cap = 1 if slow else MAX_CHUNK
        self.flight: Dict[Any, List[_Task]] = {}
        self.finished: queue.SimpleQueue = queue.SimpleQueue()
        self.warned = False

    def hand_out(self) -> None:
        """Keep :data:`CHUNKS_PER_WORKER` chunks per worker process in flight while there is work."""
        while self.todo and len(self.flight) < self.processes * CHUNKS_PER_WORKER:
            size = chunk_size(len(self.todo), self.workers, self.cap)
            chunk = [self.todo.popleft() for _ in range(size)]
            future = self.executor.submit(_work_chunk, chunk)
            self.flight[future] = chunk
            future.add_done_callback(self.finished.put)

    def collect(self, future: Any) -> None:
        """Take the outcomes of a finished chunk (the articles it did not start stay not done)."""
        from concurrent.futures.process import BrokenProcessPool

        chunk = self.flight.pop(future, None)
        if chunk is None or future.cancelled():  # cancelled on Ctrl-C (and already let go of)
            return
        try:
            done = future.result()
        except BrokenProcessPool as err:
            done = [_lost(task, self.started, err) for task in chunk]
        for position, (task, outcome) in enumerate(zip(chunk, done), 1):
            self.outcomes[task.position] = self.runner.finish(task.position, outcome)
            if outcome.stopped_by:  # a signal held while the parent wrote this article's briefs
                raise interrupt_for(outcome.stopped_by)
            left = len(self.todo) + sum(map(len, self.flight.values())) + len(chunk) - position
            if not self.warned and _opened(outcome, left):
                self.warned = True
                self.unreachable.set()

    def work_here(self, task: _Task) -> None:
        """Render ``task`` in this process (a stop signal meanwhile leaves it not done, nothing of it written)."""
        outcome = _work(task, self.protected)
        self.outcomes[task.position] = outcome  # kept if a signal comes while it is finished
        self.outcomes[task.position] = self.runner.finish(task.position, outcome)
        if outcome.stopped_by:  # a signal held while its briefs were written
            raise interrupt_for(outcome.stopped_by)

    def take_finished(self) -> None:
        """Collect every chunk finished so far, without waiting."""
        while True:
            try:
                future = self.finished.get_nowait()
            except queue.Empty:
                return
            self.collect(future)

    def run(self) -> int:
        try:
            # Workers start with Ctrl-C held (it reaches this process, not them, as soon as all have started)
            with held_while_starting_workers():
                self.hand_out()
            while self.flight or self.todo:
                if self.helps and self.todo:
                    self.work_here(self.todo.popleft())
                    self.take_finished()
                else:
                    self.collect(self.finished.get())
                self.hand_out()
        except KeyboardInterrupt as stop:
            return self.interrupted(stop)
        self.executor.shutdown(wait=True)
        return 0

    def interrupted(self, stop: KeyboardInterrupt) -> int:
        """Ctrl-C: the articles the workers hold are finished, no other is started. SIGTERM, SIGHUP: they get
        STOP_GRACE_SECONDS (an article takes a fraction of a second), so that what is on disk is what the summary
        counts; then the workers are stopped."""
        from concurrent.futures import FIRST_COMPLETED
        from concurrent.futures import wait as futures_wait

        self.stop.set()
        self.todo.clear()
        for future in list(self.flight):
            if future.cancel():
                self.flight.pop(future)
        deadline = time.monotonic() + STOP_GRACE_SECONDS if isinstance(stop, Interrupted) else None
        if self.flight and deadline is None:
            log.warning("interrupted: finishing the %d articles the workers are rendering (Ctrl-C again to stop "
                        "at once)", min(self.processes, len(self.flight)))
        try:
            # Wait on the futures themselves, not on the queue: a Ctrl-C that arrived between a future's
            # callback and the queue's answer (or between a submit and its callback) lost that notice.
            while self.flight:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                done, _ = futures_wait(list(self.flight), timeout=left, return_when=FIRST_COMPLETED)
                if not done:
                    break
                for future in done:
                    self.collect(future)
        except KeyboardInterrupt as again:
            _terminate(self.executor, [t for chunk in self.flight.values() for t in chunk])
            return signal_number(again)
        if self.flight:
            stopped = [t for chunk in self.flight.values() for t in chunk]
            _terminate(self.executor, stopped)
            for task in stopped:  # a worker stopped after its briefs were renamed into place: they count
                written = _written_since(task, self.started)
                if written:
                    self.outcomes[task.position] = self.runner.finish(task.position, Outcome(task.source, RENDERED,
                                                                                       outputs=written))
        else:
            self.executor.shutdown(wait=True)
        return signal_number(stop)


def _lost(task: _Task, started: float, err: BaseException) -> Outcome:
    """The outcome of an article whose worker process died: rendered if its briefs are all on disk, else failed."""
    written = _written_since(task, started)
    if written:
        return Outcome(task.source, RENDERED, outputs=written)
    return Outcome(task.source, FAILED, exit_code=int(ExitStatus.UNEXPECTED),
                   error=RuntimeError(f"the worker process stopped ({err or 'killed?'})"))


def _written_since(task: _Task, started: float) -> List[str]:
    """The briefs of ``task`` (a file whose names were planned) if every format is on disk and was written
    during this batch, else nothing. (Briefs are renamed into place all together, so all present is complete.)"""
    if not task.stem or task.mode != RENDER:
        return []
    paths = planned_briefs(task.stem, task.out_dir, task.options)
    try:
        if all(p.stat().st_mtime >= started - 1 for p in paths):
            return [str(p) for p in paths]
    except OSError:
        pass
    return []


def _terminate(executor, tasks: Sequence[_Task]) -> None:
    """Stop the workers now and remove the temporary files of the briefs they were writing."""
    stop = getattr(executor, "terminate_workers", None)  # Python 3.14
    if stop is not None:
        stop()
    else:
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            process.terminate()
        executor.shutdown(wait=False, cancel_futures=True)
    for task in tasks:
        if task.stem:
            for leftover in Path(task.out_dir).glob(f".{glob.escape(task.stem)}*.part"):
                with contextlib.suppress(OSError):
                    leftover.unlink()
