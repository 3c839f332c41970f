"""Worker processes for a batch: the parent's side of them (chunks handed out, outcomes taken as they come, Ctrl-C
and the stop signals), the parent itself rendering beside them where the work needs only a CPU."""
from __future__ import annotations

import collections
import contextlib
import gc
import glob
import logging
import queue
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from ..errors import ExitStatus
from ..interrupt import Interrupted, held_while_starting_workers, signal_number, stop_on
from ..protected import Protected
from .results import FAILED, RENDERED, Outcome
from .worker import (
    RENDER,
    WriteBehind,
    _init_worker,
    _Task,
    _work,
    _work_chunk,
    naming,
    opened,
    planned_briefs,
    translates,
    writing_behind,
)

log = logging.getLogger(__name__)

#: Seconds the workers get to finish the articles they hold when SIGTERM or SIGHUP stops a batch.
STOP_GRACE_SECONDS = 3.0


def _mp_context(fork: bool = False):
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if fork and forkable():
        return multiprocessing.get_context("fork")
    # forkserver (POSIX) or spawn: workers start from a clean interpreter; macOS and Windows spawn anyway.
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def forkable() -> bool:
    """Whether worker processes may be forked from this one: on Linux, and only while this process runs no other
    thread (a fork copies the calling thread alone: a lock another thread held would stay locked in the copy, which
    is why Python 3.12 warns). A forked worker starts with this process's modules, fonts and templates loaded,
    where a fresh interpreter spends about as long as 12 articles on them."""
    import multiprocessing
    import threading

    return (sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


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


class _Pool:
    """The parent's side of the worker processes: chunks handed out as workers need them, outcomes taken as they
    come (each finished chunk is put on a queue by the executor, so waiting costs nothing per article), Ctrl-C.
    Local files without translation need only a CPU: this process is one of the ``workers`` and renders articles
    between handing out chunks. Where the workers can be forked from it (:func:`forkable`) it renders the first
    one before they start, so that they start with its modules, fonts and templates loaded; else they start fresh
    while it renders (docs/batch.md)."""

    def __init__(self, todo: Sequence[_Task], runner: Any, outcomes: List[Optional[Outcome]], workers: int,
                 protected: Protected) -> None:  # runner: run._Runner, whose finish() records an outcome
        slow = any(translates(t.options) or t.stem is None for t in todo)
        self.helps = not slow  # this process renders too: see the class docstring
        self.processes = workers - 1 if self.helps else workers  # worker processes
        self.executor: Any = None  # made by start()
        self.unreachable: Any = None  # the circuit breaker, shared with the workers: see worker.not_tried
        self.stop: Any = None  # set on Ctrl-C: a worker starts no other article of its chunk
        self.started = time.time()
        self.todo = collections.deque(todo)
        self.runner, self.outcomes, self.workers, self.protected = runner, outcomes, workers, protected
        self.cap = 1 if slow else MAX_CHUNK
        self.flight: Dict[Any, List[_Task]] = {}
        self.behind: Optional[WriteBehind] = None  # this process's writes, once the workers have started
        self.finished: queue.SimpleQueue = queue.SimpleQueue()
        self.warned = False

    def start(self) -> None:
        """The worker processes' executor (they start with the first chunk handed out), forked from this process
        when it renders too and :func:`forkable`, else started fresh."""
        from concurrent.futures import ProcessPoolExecutor

        context = _mp_context(fork=self.helps)
        self.unreachable, self.stop = context.Event(), context.Event()
        self.executor = ProcessPoolExecutor(
            max_workers=self.processes, mp_context=context, initializer=_init_worker,
            initargs=(logging.getLogger("exporter").getEffectiveLevel(), self.unreachable, self.protected, self.stop))

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

        def each(position: int, outcome: Outcome) -> None:
            left = len(self.todo) + sum(map(len, self.flight.values())) + len(chunk) - position
            if not self.warned and opened(outcome, left):
                self.warned = True
                self.unreachable.set()

        self.tell([(task.position, outcome) for task, outcome in zip(chunk, done)], each)

    def work_here(self, task: _Task) -> None:
        """Render ``task`` in this process (a stop signal meanwhile leaves it not done, nothing of it written),
        its briefs written behind the next article's render once the workers have started (before: at once, so
        that no thread runs when they are forked); tell what is final."""
        if self.behind is not None:
            self.behind.background = bool(self.todo)
        with naming(task.source):
            outcome = _work(task, self.protected)
        self.tell([(task.position, outcome)] if self.behind is None else self.behind.take())

    def settle_here(self) -> None:
        """Wait for the briefs this process is writing behind, and tell that article's outcome."""
        if self.behind is not None:
            self.behind.settle()
            self.tell(self.behind.take())

    def tell(self, final: Sequence[Tuple[int, Outcome]], each: Optional[Callable[[int, Outcome], None]] = None
             ) -> None:
        """Tell every outcome of ``final`` (see :meth:`~exporter.batch.run._Runner.finish_all`: each is final), then
        stop the batch if a signal came meanwhile or was held while one's briefs were written."""
        stop_on(self.runner.finish_all(final, self.outcomes, each))

    def take_finished(self) -> None:
        """Collect every chunk finished so far, without waiting."""
        while True:
            try:
                future = self.finished.get_nowait()
            except queue.Empty:
                return
            self.collect(future)

    def run(self) -> int:
        forks = self.helps and forkable()
        try:
            if forks:  # the first article here, so that the forked workers start warm
                self.work_here(self.todo.popleft())
                # What the workers inherit is left out of the cyclic collector, in them and here, for the batch:
                # its full collections would otherwise go over the whole shared heap in both processes, copying
                # every page of it (copy-on-write), and run more often after the fork (about 1.5 ms an article
                # on 100 corpus articles, in each process). Python's advice for fork without exec (gc.freeze).
                gc.freeze()
            self.start()
            # Workers start with Ctrl-C held (it reaches this process, not them, as soon as all have started)
            with held_while_starting_workers():
                self.hand_out()
            with writing_behind() as self.behind:
                while self.flight or self.todo:
                    if self.helps and self.todo:
                        self.work_here(self.todo.popleft())
                        self.take_finished()
                    else:
                        self.settle_here()
                        self.collect(self.finished.get())
                    self.hand_out()
                self.settle_here()
        except KeyboardInterrupt as stop:
            return self.interrupted(stop)
        finally:
            if forks:
                gc.unfreeze()
        self.executor.shutdown(wait=True)
        return 0

    def interrupted(self, stop: KeyboardInterrupt) -> int:
        """Ctrl-C: the articles the workers hold are finished, no other is started. SIGTERM, SIGHUP: they get
        STOP_GRACE_SECONDS (an article takes a fraction of a second), so that what is on disk is what the summary
        counts; then the workers are stopped."""
        from concurrent.futures import FIRST_COMPLETED
        from concurrent.futures import wait as futures_wait

        final = self.behind.take() if self.behind is not None else []  # in place since the loop ended
        if self.executor is None:  # during this process's first article: no worker was started
            return signal_number(stop)
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
            self.tell(final)  # the article this process was writing when the signal came
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
                    self.runner.finish(task.position, Outcome(task.source, RENDERED, outputs=written), self.outcomes)
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
