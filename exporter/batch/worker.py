"""One input, read, translated, rendered and written: in a worker process or in this one."""
from __future__ import annotations

import contextlib
import logging
import pickle
import signal
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Dict, Iterator, List, NamedTuple, Optional, Sequence, Tuple

from ..atomic import Writer
from ..errors import ExitStatus, ProviderUnreachable, VnbriefError, about
from ..interrupt import deferred_interrupt, ignore_parent_signals, interrupt_for
from ..keys import redact
from ..model import Article
from ..options import Options
from ..pipeline import brief_files_dir, build_brief, planned_suffix, prepare, write_briefs
from ..protected import Protected
from ..render.base import EXTENSIONS
from .results import DONE, FAILED, RENDERED, Outcome

log = logging.getLogger(__name__)

#: Work modes: render and write briefs, or read (and translate) only, for the digest.
RENDER, READ = "render", "read"


class _Task(NamedTuple):
    """One input of a batch, as handed to a worker. (A named tuple: making a dataclass costs every process ~5 M
    instructions.)"""

    position: int
    """Its place among the batch's inputs."""
    source: str
    stem: Optional[str]
    data: Optional[bytes]
    mode: str
    out_dir: str
    options: Options
    force: bool = False
    named_by: Optional[str] = None


class _Captured(logging.Handler):
    """Collects a worker's log records for the parent."""

    def __init__(self) -> None:
        super().__init__()
        self.records: List[Tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, redact(record.getMessage())))


class _Naming(logging.Filter):
    """Makes a warning name the input it is about, as the parent does with a worker's (:func:`about`)."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = about(self.source, record.getMessage()), ()
        return True


@contextlib.contextmanager
def naming(source: str) -> Iterator[None]:
    """While this process works on ``source``, one input among several, what it logs names that input, as the
    warnings of a worker process's inputs do."""
    handlers = list(logging.getLogger("exporter").handlers)
    name = _Naming(source)
    for handler in handlers:
        handler.addFilter(name)
    try:
        yield
    finally:
        for handler in handlers:
            handler.removeFilter(name)


_CAPTURE: Optional[_Captured] = None  # set in worker processes only
_UNREACHABLE: Any = None  # the batch's circuit breaker (a multiprocessing Event), in worker processes only
_GUARD: Optional[Protected] = None  # what the batch may not write, handed to each worker process once
_STOP: Any = None  # set by the parent on Ctrl-C (a multiprocessing Event), in worker processes only


def _init_worker(level: int, unreachable: Any = None, protected: Optional[Protected] = None,
                 stop: Any = None) -> None:
    """Worker start: Ctrl-C and a closed terminal (SIGHUP) are the parent's business, which stops the workers
    itself (SIGTERM stays: it is how the parent stops them); log records are collected for the parent;
    ``unreachable`` is the batch's circuit breaker (see :func:`not_tried`); ``protected`` what the batch may not
    write (sent once per worker, not with every input); ``stop`` the parent's Ctrl-C (see :func:`_work_chunk`)."""
    global _CAPTURE, _UNREACHABLE, _GUARD, _STOP
    ignore_parent_signals()  # blocked since the process started (see interrupt.held_while_starting_workers)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a worker forked from the parent inherits its handler
    _UNREACHABLE = unreachable
    _GUARD = protected
    _STOP = stop
    _CAPTURE = _Captured()
    logger = logging.getLogger("exporter")
    logger.handlers = [_CAPTURE]  # only the parent prints (a forked worker inherits the parent's handlers)
    logger.propagate = False
    logger.setLevel(level)


def write_outputs(out_dir: str, outputs: Dict[str, bytes], *, inputs: Sequence[str] = (),
                  protected: Optional[Protected] = None, force: bool = False) -> List[str]:
    """Write every brief of one article, all or none, never over what ``protected`` holds (default: ``inputs``).
    Ctrl-C and the stop signals are held until all are written, then raised with the paths written in
    ``written``, so that the caller counts them."""
    with deferred_interrupt(reraise=False) as caught:
        paths = [str(path) for path in write_briefs(out_dir, outputs, inputs=inputs, protected=protected,
                                                    force=force)]
    if caught:
        stop = interrupt_for(caught[0])
        stop.written = paths  # type: ignore[attr-defined]
        raise stop
    return paths


def _portable(err: BaseException) -> BaseException:
    """The error itself when it survives pickling (to cross from a worker), else a RuntimeError saying it."""
    try:
        pickle.loads(pickle.dumps(err))
        return err
    except Exception:  # an exception class that cannot be pickled: keep its name and text
        return RuntimeError(f"{type(err).__name__}: {err}")


def not_tried(task: _Task) -> Outcome:
    """The outcome of an article not sent to the provider because the batch's circuit breaker is open: an
    earlier article found the provider unreachable (a refused connection or no answer, after its retries)."""
    error = ProviderUnreachable("not tried: the provider could not be reached for an earlier article",
                                subject=task.options.provider,
                                hint="rerun when it is back; what was translated is cached")
    return Outcome(task.source, FAILED, error=error, exit_code=int(error.exit_code))


def planned_briefs(stem: str, out_dir: str, options: Options) -> List[Path]:
    """The brief of every format of ``options`` for an input named ``stem``."""
    suffix = planned_suffix(options)
    return [Path(out_dir) / f"{stem}{suffix}{EXTENSIONS[fmt]}" for fmt in options.formats]


def opened(outcome: Outcome, left: int) -> bool:
    """Whether ``outcome`` opens the batch's circuit breaker (the provider was unreachable); says so once, when
    ``left`` articles are still to come (the failed one's own error line says the rest)."""
    if isinstance(outcome.error, ProviderUnreachable) and not outcome.error.message.startswith("not tried"):
        if left:
            log.warning("%s could not be reached: not calling it again for the %d %s left",
                        outcome.error.subject or "the provider", left, "article" if left == 1 else "articles")
        return True
    return False


def translates(options: Options) -> bool:
    """Whether a task with ``options`` calls a translation provider."""
    return bool(options.translate or options.translations_file)


def _failed(outcome: Outcome, err: Exception) -> None:
    """``err`` is the outcome of this input (one input's failure is its outcome, never the batch's)."""
    if isinstance(err, ProviderUnreachable) and _UNREACHABLE is not None:
        _UNREACHABLE.set()  # the other workers stop calling the provider
    outcome.status = FAILED
    outcome.error = _portable(err)
    outcome.exit_code = int(err.exit_code) if isinstance(err, VnbriefError) else int(ExitStatus.UNEXPECTED)
    outcome.traceback = "".join(traceback.format_exception(type(err), err, err.__traceback__))


class WriteBehind:
    """Writing behind rendering, in one process's batch loop (:func:`writing_behind`): an article's briefs are
    checked and written to their temporary files at once, synced to the disk by a :class:`~exporter.atomic.Writer`
    thread while the next article renders, and renamed into place before the next article's briefs are written;
    only then is the article's outcome final, in :meth:`take`, in the order the articles came. At most one
    article is in flight (the memory of one brief). The write itself is the one gate's
    (:func:`exporter.atomic.write_files`)."""

    def __init__(self) -> None:
        self.background = False
        """Whether the next article's briefs may be written behind: set by the loop when another article follows
        in this process (the last one's are written at once: there is nothing to overlap)."""
        self.writer = Writer()
        self._flight: Optional[Tuple[int, Outcome]] = None
        self._final: List[Tuple[int, Outcome]] = []

    def write(self, task: _Task, outcome: Outcome, outputs: Dict[str, bytes], protected: Optional[Protected]) -> None:
        """Settle the article in flight, then write ``outputs`` (the briefs of ``task``) behind, or at once when
        ``background`` is off or a stop signal came. Ctrl-C and the stop signals are held meanwhile; one that
        came is recorded in the outcome it waited for (``Outcome.stopped_by``), and the caller stops after
        telling it. A write that fails is this article's outcome."""
        with deferred_interrupt(reraise=False) as caught:
            self.settle()
            try:
                paths = write_briefs(task.out_dir, outputs, inputs=[task.source], protected=protected,
                                     force=task.force, behind=self.writer if self.background else None)
            except Exception as err:
                _failed(outcome, err)
            else:
                if self.writer.flight is not None:
                    self._flight = (task.position, outcome)
                else:
                    outcome.outputs, outcome.status = [str(path) for path in paths], RENDERED
            if self._flight is None:
                self._final.append((task.position, outcome))
            elif caught:
                self.settle()  # stopping: this article's briefs finished whole, now
        if caught:
            outcome.stopped_by = outcome.stopped_by or caught[0]

    def settle(self) -> None:
        """Wait for the article in flight: its briefs renamed into place (or its failure, naming the file, no
        temporary file left), its outcome final. Ctrl-C and the stop signals are held meanwhile (see
        :meth:`write`)."""
        if self._flight is None:
            return
        position, outcome = self._flight
        with deferred_interrupt(reraise=False) as caught:
            try:
                outcome.outputs, outcome.status = [str(path) for path in self.writer.commit()], RENDERED
            except Exception as err:
                _failed(outcome, err)
            self._final.append((position, outcome))
            self._flight = None
        if caught:
            outcome.stopped_by = outcome.stopped_by or caught[0]

    def close(self) -> None:
        """Settle the article in flight and end the writer's thread."""
        self.settle()
        self.writer.close()

    def done(self, position: int, outcome: Outcome) -> None:
        """``outcome``, the loop's latest, had nothing for :meth:`write` (read only, failed, not tried, or its briefs
        named later by the parent): final after the one in flight before it."""
        self.settle()
        self._final.append((position, outcome))

    def take(self) -> List[Tuple[int, Outcome]]:
        """The outcomes final since the last call, as (position, outcome) in the order the articles came."""
        final, self._final = self._final, []
        return final


_LOOP = threading.local()  # .behind: the WriteBehind of the batch loop running in this thread


@contextlib.contextmanager
def writing_behind() -> Iterator[WriteBehind]:
    """Within the block, :func:`_work` in this thread writes behind (:class:`WriteBehind`); at its end, however
    it ends, the article in flight is settled (what is still to be told is in :meth:`WriteBehind.take`) and the
    writer's thread ended."""
    behind, previous = WriteBehind(), getattr(_LOOP, "behind", None)
    _LOOP.behind = behind
    try:
        yield behind
    finally:
        _LOOP.behind = previous
        behind.close()


def _work(task: _Task, protected: Optional[Protected] = None) -> Outcome:
    """Read, translate, and render (and write, when its name is planned) one input, never writing what
    ``protected`` holds (in a worker process: what the batch gave it at its start). In a batch loop
    (:func:`writing_behind`) its briefs are written behind: the outcome is final when the loop's
    :meth:`WriteBehind.take` gives it; elsewhere they are written at once."""
    behind: WriteBehind = getattr(_LOOP, "behind", None) or WriteBehind()
    outcome, written = _attempt(task, protected if protected is not None else _GUARD, behind)
    if not written:  # written: behind holds it already (in flight, or final)
        behind.done(task.position, outcome)
    return outcome


def _attempt(task: _Task, guard: Optional[Protected], behind: WriteBehind) -> Tuple[Outcome, bool]:
    """The outcome of ``task``, and whether its briefs went to :meth:`WriteBehind.write`."""
    if _UNREACHABLE is not None and _UNREACHABLE.is_set() and translates(task.options):
        return not_tried(task), False
    if _CAPTURE is not None:
        _CAPTURE.records = []
    start = time.perf_counter()
    outcome = Outcome(task.source, FAILED)
    written = False
    try:
        def record(article: Article) -> None:
            outcome.title = article.title
            if article.translation is not None:
                outcome.checks, outcome.tokens = len(article.translation.checks), article.translation.tokens

        if task.mode == READ:
            outcome.article = prepare(task.source, task.options, data=task.data, on_article=record,
                                      named_by=task.named_by)
            outcome.status = DONE
        else:
            files_dir = brief_files_dir(task.out_dir, task.stem + planned_suffix(task.options), guard) \
                if task.stem else None
            brief = build_brief(task.source, task.options, data=task.data, stem=task.stem, on_article=record,
                                files_dir=files_dir, named_by=task.named_by)
            if task.stem is None:
                outcome.stem, outcome.pending, outcome.status = brief.stem, brief.outputs, RENDERED
            else:
                behind.write(task, outcome, brief.outputs, guard)
                written = True
    except Exception as err:  # one input's failure is its outcome, never the batch's
        _failed(outcome, err)
    outcome.seconds = time.perf_counter() - start
    if _CAPTURE is not None:
        outcome.logs = list(_CAPTURE.records)
    return outcome, written


def _work_chunk(tasks: Sequence[_Task]) -> List[Outcome]:
    """The outcomes of ``tasks``, done one after another in this worker (a chunk handed out at once), each
    article's briefs written behind the next one's render; after the parent's Ctrl-C no other is started, and
    those left out are not done."""
    outcomes: List[Outcome] = []
    with writing_behind() as behind:
        for index, task in enumerate(tasks):
            if _STOP is not None and _STOP.is_set():
                break
            behind.background = index + 1 < len(tasks)
            _work(task)
            outcomes.extend(outcome for _, outcome in behind.take())
    return outcomes + [outcome for _, outcome in behind.take()]
