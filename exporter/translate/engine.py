"""The translation run: plan chunks, look them up in the cache, protect terms and names, batch, send in
parallel, restore, store each answer as it arrives, and assemble the translated article.

:class:`Translator` holds one provider, cache and glossary for any number of articles; the module-level
:func:`exporter.translate.translate_article` makes one for a single call.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import logging
import os
import re
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..errors import UsageError, VnbriefError
from ..model import Article, Block, Inline, Translation
from ..options import Options
from ..text.sentences import split_sentences
from .cache import TranslationCache, cache_key
from .glossary import Glossary, Protected, load_glossary, protect, restore, substitute
from .http import HttpClient, RetryPolicy
from .providers import Provider, get_provider
from .review import Reviewed, stale_segments
from .segment import article_segments, chunk_text

log = logging.getLogger(__name__)

__all__ = ["Translator", "translation_date"]

_AUTO_JOBS = 4
#: When a provider breaks the placeholders of a text, it is sent again in pieces holding at most this many.
RETRY_SPANS = 4


@dataclass(frozen=True)
class _Job:
    chunk: str
    """The source text of the chunk (the cache key's text)."""
    protected: Protected


class _Stopped(Exception):
    """A batch skipped because another one failed."""


def translation_date() -> str:
    """Today as ``yyyy-mm-dd``, or the UTC date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError):
            log.warning("SOURCE_DATE_EPOCH=%r is not a number of seconds; using today", epoch)
    return _dt.date.today().isoformat()


class Translator:
    """Translates texts and articles with the provider, cache and glossary that ``options`` name.

    ``retry`` overrides the retry policy (tests pass one whose sleeps are recorded, not slept);
    ``glossary`` and ``cache`` replace the ones built from the options.
    """

    def __init__(self, options: Options, *, retry: Optional[RetryPolicy] = None,
                 glossary: Optional[Glossary] = None, cache: Optional[TranslationCache] = None) -> None:
        if options.source_lang.lower() == options.target_lang.lower():
            raise UsageError(f"source and target language are both {options.source_lang!r}",
                             subject="--to", hint="translate into another language")
        if options.timeout is not None and options.timeout <= 0:
            raise UsageError("the timeout must be a positive number of seconds", subject="--timeout")
        self.options = options
        self.glossary = glossary if glossary is not None else load_glossary(
            options.glossary, name_style=options.names, english=options.english, target_lang=options.target_lang)
        self.provider: Provider = get_provider(
            options, lambda label: HttpClient(label, timeout=options.timeout or 30.0, retry=retry))
        if cache is not None:
            self.cache: Optional[TranslationCache] = cache
        else:
            self.cache = TranslationCache(options.cache_dir) if options.use_cache else None
        self.unanswered: List[str] = []
        """Chunks the provider answered with nothing, kept in the source language."""
        self.cached = 0
        """Chunks found in the cache so far."""

    # -- context manager ---------------------------------------------------------------------------------
    def __enter__(self) -> Translator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the cache and the provider's connections."""
        self.provider.http.close()
        if self.cache is not None:
            self.cache.close()

    @property
    def requests(self) -> int:
        """HTTP requests sent to the provider so far, retries included."""
        return self.provider.http.requests

    # -- articles ----------------------------------------------------------------------------------------
    def translate_article(self, article: Article, reviewed: Optional[Reviewed] = None) -> Article:
        """``article`` with its :attr:`~Article.translation` set (see :func:`exporter.translate.translate_article`)."""
        segments = article_segments(article)
        final: Dict[str, str] = {}
        flags: Dict[str, bool] = {}
        machine = []
        for segment in segments:
            hit = reviewed.match(segment) if reviewed is not None else None
            if hit is not None:
                final[segment.id] = hit.target
                flags[segment.id] = hit.reviewed
            else:
                machine.append(segment)
        if reviewed is not None:
            for segment in stale_segments(article, reviewed):
                log.warning("%s: segment %s changed since it was reviewed; translating it again",
                            reviewed.path or "reviewed translations", segment.id)
        known = self.glossary.article_names(s.source for s in segments)
        for segment, text in zip(machine, self.translate_texts([s.source for s in machine], known=known)):
            final[segment.id] = text
        blocks = []
        for index, block in enumerate(article.blocks):
            answer = final.get(f"b{index + 1}")
            blocks.append(block if answer is None else _translated_block(block, answer))
        any_reviewed = any(flags.values())
        translation = Translation(
            source_lang=self.options.source_lang,
            target_lang=self.options.target_lang,
            provider=self.options.provider,
            date=translation_date(),
            title=final.get("title", article.title),
            blocks=tuple(blocks),
            reviewed=tuple(flags.get(f"b{i + 1}", False) for i in range(len(blocks))) if any_reviewed else (),
            title_reviewed=flags.get("title", False),
        )
        return dataclasses.replace(article, translation=translation)

    # -- texts -------------------------------------------------------------------------------------------
    def translate_texts(self, texts: Sequence[str], known: Iterable[str] = ()) -> List[str]:
        """Translate ``texts``; cached chunks cost nothing, the rest go out in batches. ``known`` are the full
        personal names of the article, so that a person later called by the given name keeps it.

        Raises :class:`~exporter.errors.TranslationError` when the provider fails; every chunk answered
        before that is in the cache already.
        """
        names = tuple(known)
        plans = [self._plan(text, names) for text in texts]
        results: Dict[str, str] = {}
        pending: List[str] = []
        for chunk in dict.fromkeys(chunk for plan in plans for chunk, _ in plan):
            if not any(ch.isalpha() for ch in chunk):
                results[chunk] = chunk  # numbers, punctuation: nothing to translate (Google answers empty)
            else:
                pending.append(chunk)
        protection = {chunk: self._protected(chunk, names) for chunk in pending}
        keys = {chunk: self._key(chunk, protection[chunk]) for chunk in pending}
        if self.cache is not None and pending:
            found = self.cache.get_many(keys.values())
            for chunk in pending:
                if keys[chunk] in found:
                    results[chunk] = found[keys[chunk]]
            self.cached += sum(1 for chunk in pending if chunk in results)
        jobs = []
        for chunk in pending:
            if chunk in results:
                continue
            protected = protection[chunk]
            if protected.spans and not protected.has_text:
                results[chunk] = restore(protected.text, protected) or chunk  # only names and terms
            else:
                jobs.append(_Job(chunk, protected))
        if jobs:
            self._run(self._batches(jobs), keys, results)
        return ["".join(results.get(chunk, chunk) + sep for chunk, sep in plan).strip() for plan in plans]

    def _key(self, chunk: str, protected: Protected) -> str:
        # The names protected depend on the article (a given name is kept when the full name occurs): the
        # spans are part of the key, so the same sentence in another article is not served a stale answer.
        names = "\x1e".join(f"{s.original}={s.replacement}" for s in protected.spans if s.kind == "name")
        return cache_key(self.provider.identity, self.options.source_lang, self.options.target_lang,
                         self.glossary.version + (f"|{names}" if names else ""), chunk)

    def _protected(self, chunk: str, known: Sequence[str] = ()) -> Protected:
        return protect(chunk, self.glossary, known)

    def _plan(self, text: str, known: Sequence[str] = ()) -> List[Tuple[str, str]]:
        """Chunks of ``text`` that fit the provider's limit once protected (placeholders may be longer than
        the abbreviations they replace)."""
        limit = self.provider.unit_limit
        plan: List[Tuple[str, str]] = []
        for chunk, sep in chunk_text(text, limit):
            sub_limit = limit
            pieces = [(chunk, sep)]
            while any(len(self._protected(p, known).text) > limit for p, _ in pieces) and sub_limit > 20:
                sub_limit = int(sub_limit * 0.9)
                pieces = chunk_text(chunk, sub_limit)
                pieces[-1] = (pieces[-1][0], sep)
            plan.extend(pieces)
        return plan

    def _batches(self, jobs: Sequence[_Job], raw: bool = False) -> List[List[_Job]]:
        provider = self.provider
        batches: List[List[_Job]] = []
        size = 0
        for job in jobs:
            length = len(job.chunk if raw else job.protected.text)
            if batches and len(batches[-1]) < provider.batch_items and size + length <= provider.batch_chars:
                batches[-1].append(job)
                size += length
            else:
                batches.append([job])
                size = length
        return batches

    def _run(self, batches: List[List[_Job]], keys: Dict[str, str], results: Dict[str, str]) -> None:
        stop = threading.Event()
        first_error: List[VnbriefError] = []

        def store(pairs: List[Tuple[_Job, Optional[str]]]) -> None:
            rows = []
            for job, answer in pairs:
                if answer is None or not answer.strip():
                    self.unanswered.append(job.chunk)
                    log.warning("%s answered nothing for %r; keeping the original text", self.provider.label,
                                _short(job.chunk))
                    results[job.chunk] = job.chunk
                    continue
                results[job.chunk] = answer
                rows.append((keys[job.chunk], self.provider.identity, self.options.source_lang,
                             self.options.target_lang, self.glossary.version, job.chunk, answer))
            if self.cache is not None:
                self.cache.put_many(rows)

        def run(batch: List[_Job]) -> List[Tuple[_Job, Optional[str]]]:
            if stop.is_set():
                raise _Stopped()
            try:
                return self._translate_batch(batch)
            except BaseException:
                stop.set()  # before this worker picks up the next batch
                raise

        workers = self.options.jobs if self.options.jobs and self.options.jobs > 0 else _AUTO_JOBS
        workers = max(1, min(workers, len(batches)))
        if workers == 1:
            for batch in batches:
                store(run(batch))
            return
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="vnbrief-translate") as pool:
            running = {pool.submit(run, batch) for batch in batches}
            while running:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        store(future.result())
                    except _Stopped:
                        pass
                    except VnbriefError as exc:
                        first_error.append(exc)
                if first_error:
                    for future in running:
                        future.cancel()
        if first_error:
            raise first_error[0]

    def _translate_batch(self, batch: List[_Job]) -> List[Tuple[_Job, Optional[str]]]:
        answers = self.provider.translate([job.protected.text for job in batch])
        out: List[Tuple[_Job, Optional[str]]] = []
        mangled: List[_Job] = []
        for job, answer in zip(batch, answers):
            if answer and job.protected.spans:
                restored = restore(answer, job.protected)
                if restored is None:
                    mangled.append(job)
                    continue
                answer = restored
            out.append((job, answer))
        if mangled:
            log.debug("%s changed the placeholders of %d text(s); retrying them sentence by sentence",
                      self.provider.label, len(mangled))
            out.extend(self._retry_by_sentence(mangled))
        return out

    def _smaller(self, sentence: str, known: Sequence[str]) -> List[str]:
        """``sentence``, cut between clauses when it holds more than :data:`RETRY_SPANS` protected spans, into
        pieces of at most that many (a clause that holds more stays whole)."""
        if len(self._protected(sentence, known).spans) <= RETRY_SPANS:
            return [sentence]
        clauses = [c for c in re.split(r"(?<=[,;:])(?=\s)|(?=\s[–—-]\s)", sentence) if c]
        pieces: List[str] = []
        for clause in clauses:
            if pieces and len(self._protected(pieces[-1] + clause, known).spans) <= RETRY_SPANS:
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

    def _retry_by_sentence(self, jobs: List[_Job]) -> List[Tuple[_Job, Optional[str]]]:
        """Translate texts whose placeholders came back broken again, one sentence at a time (fewer
        placeholders each); a sentence broken again is translated unprotected and patched by
        :func:`substitute`."""
        pieces: List[Tuple[_Job, str, str, Protected]] = []  # job, sentence, separator, its protection
        for job in jobs:
            known = tuple(s.original for s in job.protected.spans if s.kind == "name")
            sentences = [s for s in split_sentences(job.chunk) if s.strip()] or [job.chunk]
            for sentence in sentences:
                for piece in self._smaller(sentence, known):
                    core = piece.rstrip()
                    pieces.append((job, core.strip(), piece[len(core):], self._protected(core.strip(), known)))
        answers: List[Optional[str]] = [None] * len(pieces)
        counts = {id(job): sum(1 for piece in pieces if piece[0] is job) for job in jobs}
        retry = [i for i, piece in enumerate(pieces) if piece[3].spans and counts[id(piece[0])] > 1]
        if retry:
            sent = self.provider.translate([pieces[i][3].text for i in retry])
            for i, answer in zip(retry, sent):
                answers[i] = restore(answer, pieces[i][3]) if answer else None
        plain = [i for i, answer in enumerate(answers) if answer is None]
        if plain:
            log.debug("%s: %d sentence(s) translated without protection", self.provider.label, len(plain))
            for start in range(0, len(plain), max(1, self.provider.batch_items)):
                part = plain[start:start + max(1, self.provider.batch_items)]
                sent = self.provider.translate([pieces[i][1] for i in part])
                for i, answer in zip(part, sent):
                    answers[i] = substitute(answer, pieces[i][3].spans)[0] if answer else answer
        out: List[Tuple[_Job, Optional[str]]] = []
        for job in jobs:
            parts = [(answers[i], pieces[i][2]) for i in range(len(pieces)) if pieces[i][0] is job]
            if any(not answer for answer, _ in parts):
                out.append((job, None))
            else:
                out.append((job, "".join(f"{answer}{sep}" for answer, sep in parts).strip()))
        return out


def _translated_block(block: Block, text: str) -> Block:
    """The block with ``text``; emphasis or a link that covered the whole block is kept."""
    styles = {(run.bold, run.italic, run.href) for run in block.runs if run.text.strip()}
    bold, italic, href = styles.pop() if len(styles) == 1 else (False, False, None)
    return Block(block.kind, (Inline(text, bold=bold, italic=italic, href=href),))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
