"""What happened to each input of a batch, the totals, and the ``--report`` file."""
from __future__ import annotations

import json
from dataclasses import field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

from .._version import __version__
from ..ahead import dataclass
from ..atomic import write_atomic
from ..errors import VnbriefError, shown_name
from ..keys import redact
from ..model import Article
from ..protected import Protected

RENDERED, SKIPPED, FAILED, NOT_DONE, DONE = "rendered", "skipped", "failed", "not done", "read"


@dataclass
class Outcome:
    """What happened to one input."""

    source: str
    status: str
    """``rendered``, ``read`` (digest), ``skipped`` (unchanged), ``failed`` or ``not done`` (interrupted)."""
    outputs: List[str] = field(default_factory=list)
    """Paths written."""
    error: Optional[BaseException] = None
    exit_code: int = 0
    title: str = ""
    seconds: float = 0.0
    traceback: str = ""
    """The worker's traceback of an error (printed with --debug)."""
    article: Optional[Article] = None
    """The article read (digest mode)."""
    logs: List[Tuple[int, str]] = field(default_factory=list)
    """Warnings a worker process logged, re-logged by the parent."""
    pending: Dict[str, bytes] = field(default_factory=dict)
    """Briefs rendered by a worker for the parent to name and write (stdin, URLs)."""
    stem: str = ""
    """The stem the names of ``pending`` start with."""
    stopped_by: int = 0
    """A signal that came while the briefs were being written (they were finished first): the batch stops."""
    checks: int = 0
    """Translated segments the checks after translation flagged."""
    tokens: Tuple[int, int] = (0, 0)
    """Tokens in and out the translation provider reported (language models)."""

    def to_dict(self) -> dict:
        """The input's entry in the ``--report`` file."""
        entry: dict = {"input": self.source, "status": self.status}
        if self.title:
            entry["title"] = self.title
        if self.outputs:
            entry["outputs"] = list(self.outputs)
        if self.error is not None:
            entry["error"] = error_text(self.error, self.source)
            entry["exit_code"] = self.exit_code
        if self.seconds:
            entry["seconds"] = round(self.seconds, 3)
        if self.checks:
            entry["checks"] = self.checks
        if any(self.tokens):
            entry["tokens"] = {"in": self.tokens[0], "out": self.tokens[1]}
        return entry


def error_text(err: BaseException, subject: str = "") -> str:
    """The one-line message of an error, naming the input."""
    if isinstance(err, VnbriefError):
        if subject and not err.subject:
            err.subject = subject
        return str(err)
    text = redact(" ".join(f"{type(err).__name__}: {err}".split()))
    return f"{shown_name(subject)}: unexpected error: {text}" if subject else f"unexpected error: {text}"


def worst_exit_code(codes: Sequence[int]) -> int:
    """The exit code of the worst failure: unexpected errors (1) first, then the highest code."""
    failures = [c for c in codes if c]
    if not failures:
        return 0
    return 1 if 1 in failures else max(failures)


@dataclass
class BatchResult:
    """Every input's outcome, in the order given."""

    outcomes: List[Outcome]
    interrupted: bool = False
    signal: int = 0
    """The signal that interrupted the batch (SIGINT for Ctrl-C, SIGTERM, SIGHUP), 0 when none did."""

    def count(self, *statuses: str) -> int:
        return sum(1 for o in self.outcomes if o.status in statuses)

    @property
    def exit_code(self) -> int:
        """0, the worst failure's code, or 128 + the signal's number when interrupted (130 Ctrl-C, 143 SIGTERM,
        129 SIGHUP)."""
        if self.interrupted:
            return 128 + (self.signal or 2)
        return worst_exit_code([o.exit_code for o in self.outcomes])

    def summary(self) -> str:
        """``3 of 4 inputs rendered, 1 failed`` (+ skipped and not done)."""
        total = len(self.outcomes)
        done = self.count(RENDERED, DONE)
        verb = "read" if any(o.status == DONE for o in self.outcomes) else "rendered"
        parts = [f"{done} of {total} inputs {verb}"]
        for status, label in ((SKIPPED, "skipped (unchanged)"), (FAILED, "failed"), (NOT_DONE, "not done")):
            if self.count(status):
                parts.append(f"{self.count(status)} {label}")
        return ", ".join(parts) + translation_summary(self.checks, self.tokens)

    @property
    def checks(self) -> int:
        """Translated segments flagged by the checks, in every input."""
        return sum(o.checks for o in self.outcomes)

    @property
    def tokens(self) -> Tuple[int, int]:
        """Tokens in and out the translation provider reported, over every input."""
        return (sum(o.tokens[0] for o in self.outcomes), sum(o.tokens[1] for o in self.outcomes))


def translation_summary(checks: int, tokens: Tuple[int, int]) -> str:
    """``; 2 segments flagged by the checks; 1,234 tokens in, 567 out`` (empty when there is nothing to say)."""
    text = ""
    if checks:
        text += f"; {checks} segment{'s' if checks != 1 else ''} flagged by the checks"
    if any(tokens):
        text += f"; {tokens[0]:,} tokens in, {tokens[1]:,} out"
    return text


def _signal_name(number: int) -> str:
    import signal

    try:
        return signal.Signals(number or signal.SIGINT).name
    except ValueError:
        return str(number)


def write_report(path: Path, result: BatchResult, *, out_dir: str = "", force: bool = False,
                 protected: Optional[Protected] = None) -> None:
    """The ``--report`` JSON: per input its outputs or its error, and the totals."""
    data: Dict[str, Any] = {
        "generator": f"vnbrief {__version__}",
        "output_dir": out_dir,
        "exit_code": result.exit_code,
        "interrupted": result.interrupted,
        **({"signal": _signal_name(result.signal)} if result.interrupted else {}),
        "summary": {s.replace(" ", "_"): result.count(s) for s in (RENDERED, DONE, SKIPPED, FAILED, NOT_DONE)
                    if s != DONE or result.count(DONE)},
        "inputs": [o.to_dict() for o in result.outcomes],
    }
    data["summary"]["inputs"] = len(result.outcomes)
    if result.checks:
        data["summary"]["checks"] = result.checks
    if any(result.tokens):
        data["summary"]["tokens"] = {"in": result.tokens[0], "out": result.tokens[1]}
    write_atomic(Path(path), (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
                 protected=protected, force=force)
