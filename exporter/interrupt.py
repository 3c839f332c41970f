"""Stop signals: SIGTERM (``timeout``, a CI cancel, ``kill``) and SIGHUP (a closed terminal) handled like
Ctrl-C, so that every command stops the same careful way: workers stopped, no partial file, the summary and the
report written, exit status 128 + the signal's number (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP).

The ``vnbrief`` command installs the handlers (:func:`stop_signals_raise`); the library never does on its own.
"""
from __future__ import annotations

import contextlib
import signal
import threading
from typing import Iterator, List, Union

#: The signals that stop vnbrief like Ctrl-C, where the system has them.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
#: What :func:`deferred_interrupt` holds (as numbers).
_HELD = (int(signal.SIGINT), *map(int, STOP_SIGNALS))

try:  # the C functions that signal.getsignal and signal.signal wrap: the same handlers, not wrapped in the
    # Handlers enum, which for a Python function raises and catches a ValueError (2 µs a call: a hold, twice per
    # brief, made five such calls)
    import _signal  # type: ignore[import-not-found]  # CPython's own module: no type stub

    _getsignal, _setsignal = _signal.getsignal, _signal.signal
except ImportError:  # another Python
    _getsignal, _setsignal = signal.getsignal, signal.signal


class Interrupted(KeyboardInterrupt):
    """A stop signal other than Ctrl-C, raised where the program was (a :class:`KeyboardInterrupt`, so that
    every Ctrl-C path handles it); ``signum`` says which."""

    def __init__(self, signum: Union[int, str]) -> None:
        if isinstance(signum, str):  # made again from its text, as ReportLab's annotateException re-raises what
            # went wrong in a layout (type(err)(note + " " + str(err))): the text ends with the signal's name
            words = signum.split()
            signum = signal.Signals[words[-1]] if words and words[-1] in signal.Signals.__members__ else _LAST[0]
        super().__init__(signal.Signals(signum).name)
        self.signum = int(signum)


def signal_number(err: BaseException) -> int:
    """The signal that an interrupt stands for: SIGINT for Ctrl-C."""
    return getattr(err, "signum", int(signal.SIGINT))


def exit_status(signum: int) -> int:
    """128 + the signal number, as shells report a command stopped by it."""
    return 128 + int(signum)


#: The stop signal raised last (see :class:`Interrupted`).
_LAST: List[int] = [int(STOP_SIGNALS[0]) if STOP_SIGNALS else int(signal.SIGINT)]


def _raise(signum: int, frame: object) -> None:
    _LAST[0] = signum
    raise Interrupted(signum)


def is_installed(signum: int) -> bool:
    """Whether ``signum`` raises an interrupt here (Ctrl-C's default handler, or ours)."""
    handler = _getsignal(signum)
    return handler is signal.default_int_handler or handler is _raise


@contextlib.contextmanager
def stop_signals_raise() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Interrupted` in the main thread (elsewhere: no
    change). The previous handlers come back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.signal(signum, _raise) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def deferred_interrupt(reraise: bool = True) -> Iterator[List[int]]:
    """Hold Ctrl-C and the stop signals until the block ends (writing the briefs of one article), then raise the
    first one that came; with ``reraise=False`` the caller raises it (the yielded list holds the signals)."""
    caught: List[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield caught
        return
    held = [s for s in _HELD if is_installed(s)]
    previous = {s: _setsignal(s, lambda signum, frame: caught.append(signum)) for s in held}
    try:
        yield caught
    finally:
        for s, handler in previous.items():
            _setsignal(s, handler)
    if caught and reraise:
        raise interrupt_for(caught[0])


#: The signals a worker process leaves to its parent: Ctrl-C (the terminal sends it to every process of the
#: group) and a closed terminal.
PARENT_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def held_while_starting_workers() -> Iterator[None]:
    """Block Ctrl-C and SIGHUP in this thread while worker processes are started: a process inherits the block,
    so a worker cannot be stopped by them before its first instruction, when it ignores them for good
    (:func:`ignore_parent_signals`). Here they wait, and arrive as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, PARENT_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def ignore_parent_signals() -> None:
    """In a worker process: ignore Ctrl-C and SIGHUP (the parent stops its workers itself), dropping one that
    came while the process started, then let them through again (ignored)."""
    for signum in PARENT_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, PARENT_SIGNALS)


def interrupt_for(signum: int) -> KeyboardInterrupt:
    """The exception a held signal is raised as."""
    return KeyboardInterrupt() if signum == signal.SIGINT else Interrupted(signum)


def stop_on(signum: int) -> None:
    """Raise the stop signal ``signum`` that was held (:func:`interrupt_for`); nothing for 0."""
    if signum:
        raise interrupt_for(signum)
