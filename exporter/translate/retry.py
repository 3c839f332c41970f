"""When a provider breaks the placeholders of a text: the text again, one sentence at a time (a sentence holding
many protected spans cut between its clauses), and a sentence broken again translated unprotected and patched by
:func:`~exporter.translate.placeholders.substitute`."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple

from ..text.sentences import split_sentences
from .placeholders import Protected, restore, substitute
from .providers import Provider

log = logging.getLogger(__name__)

#: When a provider breaks the placeholders of a text, it is sent again in pieces holding at most this many.
RETRY_SPANS = 4
#: How a provider's answers are cleaned, given the texts they answer (the engine's ``_cleaned``).
Cleaner = Callable[[Sequence[Optional[str]], Sequence[str]], List[Optional[str]]]


@dataclass(frozen=True)
class Job:
    """A chunk to translate, with its terms and names replaced by placeholders."""

    chunk: str
    """The source text of the chunk (the cache key's text)."""
    protected: Protected


def smaller(sentence: str, protect: Callable[[str], Protected]) -> List[str]:
    """``sentence``, cut between clauses when it holds more than :data:`RETRY_SPANS` protected spans, into
    pieces of at most that many (a clause that holds more stays whole)."""
    if len(protect(sentence).spans) <= RETRY_SPANS:
        return [sentence]
    clauses = [c for c in re.split(r"(?<=[,;:])(?=\s)|(?=\s[–—-]\s)", sentence) if c]
    pieces: List[str] = []
    for clause in clauses:
        if pieces and len(protect(pieces[-1] + clause).spans) <= RETRY_SPANS:
            pieces[-1] += clause
        else:
            pieces.append(clause)
    # the cut leaves the spaces at the start of the next piece: move them to the end of the one before
    out: List[str] = []
    for piece in pieces:
        stripped = piece.lstrip()
        if out:
            out[-1] += piece[:len(piece) - len(stripped)]
        out.append(stripped)
    return out


def retry_by_sentence(jobs: List[Job], provider: Provider, protect: Callable[[str], Protected],
                      cleaned: Cleaner) -> List[Tuple[Job, Optional[str]]]:
    """Translate texts whose placeholders came back broken again, one sentence at a time (fewer
    placeholders each); a sentence broken again is translated unprotected and patched by
    :func:`substitute`."""
    pieces: List[Tuple[Job, str, str, Protected]] = []  # job, sentence, separator, its protection
    for job in jobs:
        sentences = [s for s in split_sentences(job.chunk) if s.strip()] or [job.chunk]
        for sentence in sentences:
            for piece in smaller(sentence, protect):
                core = piece.rstrip()
                pieces.append((job, core.strip(), piece[len(core):], protect(core.strip())))
    answers: List[Optional[str]] = [None] * len(pieces)
    counts = {id(job): sum(1 for piece in pieces if piece[0] is job) for job in jobs}
    retry = [i for i, piece in enumerate(pieces) if piece[3].spans and counts[id(piece[0])] > 1]
    if retry:
        texts = [pieces[i][3].text for i in retry]
        sent = cleaned(provider.translate(texts), texts)
        for i, answer in zip(retry, sent):
            answers[i] = restore(answer, pieces[i][3]) if answer else None
    plain = [i for i, answer in enumerate(answers) if answer is None]
    if plain:
        log.debug("%s: %d sentence(s) translated without protection", provider.label, len(plain))
        for start in range(0, len(plain), max(1, provider.batch_items)):
            part = plain[start:start + max(1, provider.batch_items)]
            texts = [pieces[i][1] for i in part]
            sent = cleaned(provider.translate(texts), texts)
            for i, answer in zip(part, sent):
                answers[i] = substitute(answer, pieces[i][3].spans)[0] if answer else answer
    out: List[Tuple[Job, Optional[str]]] = []
    for job in jobs:
        parts = [(answers[i], pieces[i][2]) for i in range(len(pieces)) if pieces[i][0] is job]
        if any(not answer for answer, _ in parts):
            out.append((job, None))
        else:
            out.append((job, "".join(f"{answer}{sep}" for answer, sep in parts).strip()))
    return out
