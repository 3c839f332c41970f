"""What the ``vnbrief`` command prints: warnings, one-line errors and their exit codes, progress, summaries."""
from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import traceback
from typing import Any, Callable, Iterator, List, Optional, Sequence, TypeVar

import click

from .batch import FAILED, error_text
from .batch.results import translation_summary
from .errors import ExitStatus, VnbriefError, about, did_you_mean, shown_name
from .keys import redact

log = logging.getLogger("exporter")


class _Stdout:
    """What became of standard output: still open, closed by its reader (``| head``), or failing (``> /dev/full``)."""

    closed = False
    error: Optional[OSError] = None


def _close_stdout() -> None:
    """Stop writing to standard output: it is pointed at the null device, so that nothing (not even the
    interpreter's last flush) writes to the broken one again."""
    _Stdout.closed = True
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # not a real file (tests): nothing to do
        pass


def respect_terminal() -> None:
    """Write in the terminal's own encoding, characters it cannot show escaped (``\\u1ed5``) instead of failing:
    a Latin-1 or ASCII terminal gets every message, if not every letter."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="backslashreplace")
            except (ValueError, OSError):
                pass


def finish(code: int) -> int:
    """The exit status once standard output is considered: 5, with its one-line message, when writing it failed."""
    err = _Stdout.error
    if err is None:
        return code
    click.echo(f"Error: standard output: cannot be written: {err.strerror or err} (check the disk or the file "
               "it goes to)", err=True)
    return worst([code, int(ExitStatus.RENDER)]) if code < 128 else code


def spare_last_collection() -> None:
    """The program ends: what it made stays until the process is gone, so the interpreter's last full garbage
    collection, which walks every object (the modules, ReportLab's fonts, the brief) only to find them still
    reachable, is spared: they are moved out of the collector's sight. About 30 M of a one-article command's
    1,290 M instructions, and more of its CPU time (the walk is memory-bound). Exit handlers still run, files are
    closed and the streams flushed as usual; only cyclic garbage left at exit is not finalised, which Python never
    promises anyway. For :func:`exporter.cli.main` run as the program, not called with arguments (a test or a
    program calling it keeps its collector)."""
    import gc

    gc.freeze()


class _Handler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        prefix = "Warning: " if record.levelno >= logging.WARNING else ""
        say(prefix + redact(record.getMessage()), err=True)


def setup_logging(quiet: bool, debug: bool, verbose: bool = False) -> None:
    """Warnings to standard error (none with -q); what is done on the way too with -v; everything with --debug."""
    for handler in list(log.handlers):
        if isinstance(handler, _Handler):
            log.removeHandler(handler)
    handler = _Handler()
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else logging.ERROR if quiet else logging.INFO if verbose else logging.WARNING)


class OptionError(click.UsageError):
    """A value an option cannot take, said in one line (exit 2)."""


class UsageLine(click.UsageError):
    """A mistake on the command line, shown as its one line (:func:`usage_line`) instead of click's usage block."""

    def __init__(self, err: click.UsageError) -> None:
        super().__init__(usage_line(err), err.ctx)

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def usage_line(err: click.UsageError) -> str:
    """A mistake on the command line as one line: what is wrong, the nearest real names, where to read more."""
    command = err.ctx.command_path if err.ctx is not None else "vnbrief"
    help_hint = f"see '{command} --help'"
    if isinstance(err, click.NoSuchOption):
        params = err.ctx.command.get_params(err.ctx) if err.ctx is not None else []
        names = [name for p in params for name in (*p.opts, *p.secondary_opts) if name.startswith("-")]
        close = did_you_mean(err.option_name, names)
        return f"Error: no such option {err.option_name} (" + \
            (f"did you mean {' or '.join(close)}?" if close else help_hint) + ")"
    text = " ".join(err.format_message().split())
    if isinstance(err, (OptionError, UsageLine)):
        return f"Error: {text}"
    if isinstance(err, click.MissingParameter) and err.param is not None:
        missing = err.param.human_readable_name if isinstance(err.param, click.Argument) else err.param.opts[-1]
        return f"Error: missing {missing} ({help_hint})"
    return f"Error: {text[:-1] if text.endswith('.') else text} ({help_hint})"


def fail_message(err: BaseException, subject: str = "") -> str:
    """``Error: <file>: <what happened> (<what to do>)`` on one line."""
    if isinstance(err, VnbriefError):
        if subject and not err.subject:
            err.subject = subject
        return f"Error: {about(subject, str(err))}"  # e.g. "LibreTranslate: …": say which input
    text = redact(" ".join(f"{type(err).__name__}: {err}".split()))
    where = f"{shown_name(subject)}: " if subject else ""
    return f"Error: {where}unexpected error: {text} (run again with --debug for details, and report it)"


def exit_code(err: BaseException) -> int:
    return int(err.exit_code) if isinstance(err, VnbriefError) else int(ExitStatus.UNEXPECTED)


def worst(codes: Sequence[int]) -> int:
    """The exit code of the worst failure: unexpected errors (1) first, then the highest code."""
    failures = [c for c in codes if c]
    if not failures:
        return 0
    return 1 if 1 in failures else max(failures)


def run_guarded(action: Callable[[], object], subject: str, debug: bool) -> int:
    """Run ``action``; print its error as one line (a traceback too with --debug) and return the exit code."""
    try:
        action()
        return 0
    except KeyboardInterrupt:
        raise
    except Exception as err:  # the CLI boundary: every error becomes a message and an exit code
        if debug:
            traceback.print_exc()
        say(fail_message(err, subject), err=True)
        return exit_code(err)


_T = TypeVar("_T")


def value_or_exit(action: Callable[[], _T], subject: str, debug: bool) -> _T:
    """What ``action`` returns; or its error printed as :func:`run_guarded` prints it, and the process ended
    with its exit code."""
    found: List[_T] = []
    code = run_guarded(lambda: found.append(action()), subject, debug)
    if code:
        sys.exit(code)
    return found[0]


#: Plain progress lines are written for batches of this many inputs or more (for fewer, the paths written are
#: progress enough).
PLAIN_FROM = 10


@contextlib.contextmanager
def progress(total: int, quiet: bool, label: str, stream: Any = None) -> Iterator[Callable[[], None]]:
    """The progress of a batch or a digest on standard error; yields the function that advances it by one input.

    In a terminal, a bar (rich's) below everything else printed: the paths written, warnings and errors are
    printed above it, never on its line, and it is gone at the end (the summary says what was done). When
    standard error is not a terminal (a log file, CI), plain lines instead for a batch of ten inputs or more,
    one per tenth (``Rendering: 10 of 50 inputs``), each on its own line. Nothing with -q, nor for one input."""
    stream = stream if stream is not None else sys.stderr
    if quiet or total < 2 or (total < PLAIN_FROM and not stream.isatty()):
        yield lambda: None
        return
    if not stream.isatty():
        yield _plain_progress(total, label, stream)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(file=stream, stderr=stream is sys.__stderr__)
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   console=console, transient=True, redirect_stdout=False, redirect_stderr=False)
    with bar:
        task = bar.add_task(label, total=total)
        _SHOWN.append(bar)
        try:
            yield lambda: bar.advance(task)
        finally:
            _SHOWN.remove(bar)


#: The progress bar on the terminal, while one is shown (see :func:`say`).
_SHOWN: list = []


def say(text: str, err: bool = False) -> None:
    """Print a line on standard output (standard error with ``err``). While a progress bar is shown, a line for
    the terminal is printed through it, above the bar, which is redrawn below: a line never holds both. A line
    for standard output that is not the terminal (a file, a pipe) is written there untouched.

    A reader that went away (``vnbrief inspect … | head``) ends the printing on standard output quietly and the
    work goes on; a write there that fails (a full disk behind ``> file``) is said once at the end, with exit
    status 5 (:func:`finish`)."""
    if not err and _Stdout.closed:
        return
    try:
        if _SHOWN and (err or sys.stdout.isatty()):
            _SHOWN[-1].console.print(text, markup=False, highlight=False, emoji=False, soft_wrap=True)
        else:
            click.echo(text, err=err)
    except BrokenPipeError:
        if not err:
            _close_stdout()
    except OSError as problem:
        if err:
            raise
        _Stdout.error = problem
        _close_stdout()


def _plain_progress(total: int, label: str, stream: Any) -> Callable[[], None]:
    done = [0]
    step = -(-total // 10)  # a line per tenth of the batch

    def advance() -> None:
        done[0] += 1
        if done[0] % step == 0 and done[0] < total:
            stream.write(f"{label}: {done[0]} of {total} inputs\n")
            stream.flush()

    return advance


def batch_outcome_printer(quiet: bool, debug: bool, advance: Callable[[], None]):
    """The ``on_outcome`` callback of a batch: the paths written on standard output, each failure as its
    one-line error on standard error (with the worker's traceback under --debug)."""
    def show(outcome) -> None:
        if outcome.status == FAILED:
            if debug and outcome.traceback:
                say(outcome.traceback.rstrip(), err=True)
            say(fail_message(outcome.error, outcome.source), err=True)
        elif not quiet:
            for path in outcome.outputs if outcome.status != "skipped" else ():
                say(str(path))
        advance()

    return show


def print_summary(result, quiet: bool, *, always: bool) -> None:
    """``3 of 4 inputs rendered, 1 failed:`` and each failure's reason, on standard error; with a language model,
    the tokens (and flags of the checks) of each input that reported some, then the totals."""
    if result.interrupted:
        say(f"Interrupted: {result.summary()}", err=True)
    elif quiet or not always:
        return
    else:
        failed = [o for o in result.outcomes if o.status == FAILED]
        say(result.summary() + (":" if failed else ""), err=True)
        for outcome in failed:
            say(f"  {error_text(outcome.error, outcome.source)}", err=True)
        used = [o for o in result.outcomes if any(o.tokens)]
        if len(used) > 1:
            for outcome in used:
                usage = translation_summary(outcome.checks, outcome.tokens)[2:]
                say(f"  {shown_name(outcome.source)}: {usage}", err=True)
