"""What the ``vnbrief`` command prints: warnings, one-line errors and their exit codes, progress, summaries."""
from __future__ import annotations

import contextlib
import logging
import sys
import traceback
from typing import Callable, Sequence

import click

from .batch import FAILED, error_text
from .batch.results import translation_summary
from .errors import ExitStatus, VnbriefError, shown_name
from .keys import redact

log = logging.getLogger("exporter")


class _Handler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        prefix = "Warning: " if record.levelno >= logging.WARNING else ""
        click.echo(prefix + redact(record.getMessage()), err=True)


def setup_logging(quiet: bool, debug: bool) -> None:
    """Warnings to standard error (unless -q); everything with --debug."""
    for handler in list(log.handlers):
        if isinstance(handler, _Handler):
            log.removeHandler(handler)
    handler = _Handler()
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else (logging.ERROR if quiet else logging.WARNING))


def fail_message(err: BaseException, subject: str = "") -> str:
    """``Error: <file>: <what happened> (<what to do>)`` on one line."""
    if isinstance(err, VnbriefError):
        if subject and not err.subject:
            err.subject = subject
        text = str(err)
        if subject and not text.startswith(shown_name(subject)):  # e.g. "LibreTranslate: …": say which input
            text = f"{shown_name(subject)}: {text}"
        return f"Error: {text}"
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
        click.echo(fail_message(err, subject), err=True)
        return exit_code(err)


@contextlib.contextmanager
def progress(total: int, quiet: bool, label: str, stream=None):
    """A progress bar on standard error when it is a terminal (not with -q, not for one input); yields the
    function that advances it."""
    stream = stream if stream is not None else sys.stderr
    if quiet or total < 2 or not stream.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label=label, file=stream, show_pos=True, show_eta=True) as bar:
        yield lambda: bar.update(1)


def batch_outcome_printer(quiet: bool, debug: bool, advance: Callable[[], None]):
    """The ``on_outcome`` callback of a batch: the paths written on standard output, each failure as its
    one-line error on standard error (with the worker's traceback under --debug)."""
    def show(outcome) -> None:
        if outcome.status == FAILED:
            if debug and outcome.traceback:
                click.echo(outcome.traceback.rstrip(), err=True)
            click.echo(fail_message(outcome.error, outcome.source), err=True)
        elif not quiet:
            for path in outcome.outputs if outcome.status != "skipped" else ():
                click.echo(path)
        advance()

    return show


def print_summary(result, quiet: bool, *, always: bool) -> None:
    """``3 of 4 inputs rendered, 1 failed:`` and each failure's reason, on standard error; with a language model,
    the tokens (and flags of the checks) of each input that reported some, then the totals."""
    if result.interrupted:
        click.echo(f"Interrupted: {result.summary()}", err=True)
    elif quiet or not always:
        return
    else:
        failed = [o for o in result.outcomes if o.status == FAILED]
        click.echo(result.summary() + (":" if failed else ""), err=True)
        for outcome in failed:
            click.echo(f"  {error_text(outcome.error, outcome.source)}", err=True)
        used = [o for o in result.outcomes if any(o.tokens)]
        if len(used) > 1:
            for outcome in used:
                usage = translation_summary(outcome.checks, outcome.tokens)[2:]
                click.echo(f"  {shown_name(outcome.source)}: {usage}", err=True)
