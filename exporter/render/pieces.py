"""Long paragraphs cut into pieces for the PDF's layout, so that its time grows with the text, not its square."""
from __future__ import annotations

import re
from typing import List, Optional, Tuple

from ..model import Inline

#: Longest piece of a paragraph laid out as one: about a page of text. ReportLab wraps what is left of a
#: paragraph again at every page break, so one paragraph of n characters costs n²; cut into pieces of this
#: size, it costs n (see benchmarks/long_paragraph_bench.py).
LAYOUT_PIECE_CHARS = 3000


def _cut_at(text: str, start: int, limit: int) -> int:
    """Where a piece starting at ``start`` ends: after the last sentence end (else space) within ``limit``."""
    end = start + limit
    if end >= len(text):
        return len(text)
    window = text[start + limit // 2:end]
    sentence = max((m.end() for m in re.finditer(r"[.!?…:;]\s+", window)), default=0)
    space = max((m.end() for m in re.finditer(r"\s+", window)), default=0)
    cut = sentence or space
    return start + limit // 2 + cut if cut else end  # no space at all: cut inside the word


def split_runs(runs: Tuple[Inline, ...], limit: Optional[int] = None) -> List[Tuple[Inline, ...]]:
    """A long paragraph's runs as consecutive pieces of at most about ``limit`` (default
    :data:`LAYOUT_PIECE_CHARS`) characters, cut after a sentence (or at a space), emphasis kept; a short
    paragraph is one piece."""
    limit = limit or LAYOUT_PIECE_CHARS
    text = "".join(run.text for run in runs)
    if len(text) <= limit:
        return [runs]
    bounds = [0]
    while bounds[-1] < len(text):
        bounds.append(_cut_at(text, bounds[-1], limit))
    pieces: List[List[Inline]] = [[] for _ in bounds[1:]]
    offset, index = 0, 0
    for run in runs:
        position = 0
        while position < len(run.text):
            while offset + position >= bounds[index + 1]:
                index += 1
            take = min(len(run.text), bounds[index + 1] - offset) - position
            pieces[index].append(Inline(run.text[position:position + take], run.bold, run.italic, run.href))
            position += take
        offset += len(run.text)
    return [tuple(piece) for piece in pieces if piece]
