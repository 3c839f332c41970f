"""Run vnbrief in a pseudo-terminal, as a person at a terminal sees it: pexpect gives the command a real terminal
(so that it draws what it draws for people: colours, progress bars, help panels), and pyte, a VT100 emulator,
turns what the command writes into the lines on the screen, after every read, so that a test sees every state
the screen went through, not only the last one."""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Set

import pexpect
import pyte

#: Progress on the screen: the bar's label or its drawing.
PROGRESS = re.compile(r"Rendering|Reading|━")
#: Terminal control sequences (colours, cursor movement).
CSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
#: A path the command wrote.
PATH = re.compile(r"\S+\.(pdf|md)\b")


@dataclass
class Screen:
    status: int
    """The command's exit status (128 + N when a signal N ended it)."""
    lines: List[str]
    """The lines on the screen at the end, trailing spaces and empty lines dropped."""
    seen: Set[str] = field(default_factory=set)
    """Every line that was on the screen at any moment."""
    raw: bytes = b""

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def logical(self) -> List[str]:
        """The lines the command wrote (a long one is one line here, however the screen wrapped it)."""
        text = CSI.sub("", self.raw.decode("utf-8", "replace")).replace("\r\n", "\n")
        return [line.rstrip() for line in text.split("\n") if line.strip()]


def run_in_terminal(args: Sequence[str], cwd: Path, *, env: Optional[Dict[str, str]] = None, columns: int = 100,
                    rows: int = 300, timeout: float = 180) -> Screen:
    """Run ``python -m exporter ARGS`` in a terminal of ``columns`` × ``rows`` (tall enough that nothing scrolls
    away) and return what the screen showed."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("VNBRIEF_", "COLUMNS", "LINES"))}
    environment.update({"TERM": "xterm-256color", "PYTHONIOENCODING": "utf-8"})
    environment.update(env or {})
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    child = pexpect.spawn(sys.executable, ["-m", "exporter", *args], cwd=str(cwd), env=environment,
                          dimensions=(rows, columns), timeout=timeout)
    seen: Set[str] = set()
    raw = bytearray()
    while True:
        try:
            data = child.read_nonblocking(65536, timeout=timeout)
        except pexpect.EOF:
            break
        raw += data
        stream.feed(data)
        seen.update(line.rstrip() for line in screen.display if line.strip())
    child.close()
    status = child.exitstatus if child.exitstatus is not None else 128 + (child.signalstatus or 0)
    lines = [line.rstrip() for line in screen.display]
    while lines and not lines[-1]:
        lines.pop()
    return Screen(status, [line for line in lines if line], seen, bytes(raw))
