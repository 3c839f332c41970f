"""The translation run: plan chunks, look them up in the cache, protect terms and names, batch, send in
parallel, restore, store each answer as it arrives, and assemble the translated article.

:class:`Translator` holds one provider, cache and glossary for any number of articles; the module-level
:func:`exporter.translate.translate_article` makes one for a single call.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import logging
import os
import re
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..errors import UsageError, VnbriefError
from ..model import Article, Block, Inline, Translation
from ..options import Options, parallelism
from ..text.normalise import clean_line
from ..text.sentences import split_sentences
from .cache import TranslationCache, cache_key
from .checks import check_segment, format_flags
from .glossary import Glossary, load_glossary
from .http import HttpClient, RetryPolicy
from .placeholders import Protected, protect, restore, substitute
from .providers import Context, LimitLowered, Provider
from .registry import get_provider
from .review import Reviewed, stale_segments, unmatched
from .review_model import parse_engine
from .segment import article_segments, chunk_text

log = logging.getLogger(__name__)

__all__ = ["Translator", "translation_date"]

# Version of the protection rules in every cache key: bump it when placeholders or restoring change.
_KEY_RULES = "p3:"
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
        self.options = options
        self.glossary = glossary if glossary is not None else load_glossary(
            options.glossary, name_style=options.names, english=options.english, target_lang=options.target_lang)
        self.provider: Provider = get_provider(
            options, lambda label: HttpClient(label, timeout=options.timeout, retry=retry, rps=options.rps,
                                              address_given=options.provider_url is not None))
        if cache is not None:
            self.cache: Optional[TranslationCache] = cache
        else:
            self.cache = TranslationCache(options.cache_dir) if options.use_cache else None
        self.unanswered: List[str] = []
        """Chunks the provider answered with nothing, kept in the source language."""
        self.cached = 0
        """Chunks found in the cache so far."""
        self._protections: Dict[str, Protected] = {}
        self._known: Tuple[str, ...] = ()  # the article's full names, while translate_texts runs
        self._applied_memo: Dict[str, str] = {}

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

    @property
    def tokens(self) -> Tuple[int, int]:
        """Tokens in and out the provider reported so far (language-model providers; else zeros)."""
        return (int(getattr(self.provider, "tokens_in", 0)), int(getattr(self.provider, "tokens_out", 0)))

    @property
    def unit_limit(self) -> int:
        """Most characters of one chunk: the provider's limit, lowered by ``--max-chars``; a provider told the
        glossary in its prompt takes whole paragraphs up to ``--max-chars``."""
        return self.batch_chars if self.provider.in_context else min(self.provider.unit_limit, self.batch_chars)

    @property
    def batch_chars(self) -> int:
        """Most characters of one request: ``--max-chars``, within the provider's limit unless the provider is
        a language model (whose limit is the model's context, which only the user knows)."""
        limit = self.options.max_chars
        if not limit:
            return self.provider.batch_chars
        return limit if self.provider.in_context else min(limit, self.provider.batch_chars)

    # -- articles ----------------------------------------------------------------------------------------
    def translate_article(self, article: Article, reviewed: Optional[Reviewed] = None) -> Article:
        """``article`` with its :attr:`~Article.translation` set (see :func:`exporter.translate.translate_article`)."""
        segments = article_segments(article)
        final: Dict[str, str] = {}
        flags: Dict[str, bool] = {}
        undecided: Dict[str, str] = {}  # id -> reviewed text the file says nothing about
        from_file: Dict[str, str] = {}  # id -> the engine the file records for it ("" when it does not say)
        for segment in segments:
            hit = reviewed.match(segment) if reviewed is not None else None
            if hit is not None:
                final[segment.id] = hit.target
                from_file[segment.id] = hit.engine
                if hit.reviewed is None:
                    undecided[segment.id] = hit.target
                else:
                    flags[segment.id] = hit.reviewed
        if reviewed is not None:
            self._check_review_file(article, reviewed, matched=len(final))
        pending = [s for s in segments if s.id not in final or s.id in undecided]
        memory = self._recall([s.source for s in pending if s.id not in undecided])
        machine = []
        recalled = set()
        for segment in pending:
            if segment.id not in undecided and segment.source in memory:
                final[segment.id], flags[segment.id] = memory[segment.source], True
                recalled.add(segment.id)
            else:
                machine.append(segment)
        tokens_before = self.tokens
        names: List[str] = []
        known = self.glossary.article_names(s.source for s in segments)
        if self.provider.in_context and self.glossary.names:  # people and places, as --names writes them
            names = list(dict.fromkeys(span.replacement for segment in segments
                                       for span in self.glossary.spans(segment.source, known)
                                       if span.kind in ("name", "place")))
        context = Context(headline=article.title, names=tuple(names))
        for segment, translated in zip(machine, self.translate_texts([s.source for s in machine],
                                                                     context=context, known=known)):
            if segment.id in undecided:  # reviewed if the person changed the machine translation
                flags[segment.id] = " ".join(undecided[segment.id].split()) != " ".join(translated.split())
            else:
                final[segment.id] = translated
        # what a person reviewed: this article's segments, and every other reviewed record of the file (a CAT
        # tool's memory holds more than one article)
        remembered = [(s.source, final[s.id]) for s in segments if flags.get(s.id) and s.id not in recalled]
        if reviewed is not None:
            remembered += [(u.source, u.target) for u in unmatched(article, reviewed) if u.reviewed]
        self._remember(remembered, reviewed)
        checks = []
        for segment in (s for s in machine if s.id not in undecided):
            found = check_segment(segment.source, final[segment.id], self.glossary,
                                  self.glossary.spans(segment.source, known))
            if found:
                checks.append((segment.id, format_flags(found)))
        if checks:
            shown = ", ".join(f"{sid} ({text})" for sid, text in checks[:5])
            log.warning("checks flagged %d of %d translated segments: %s%s", len(checks), len(machine), shown,
                        ", …" if len(checks) > 5 else "")
        tokens_after = self.tokens
        blocks = []
        for index, block in enumerate(article.blocks):
            answer = final.get(f"b{index + 1}")
            blocks.append(block if answer is None else _translated_block(block, answer))
        any_reviewed = any(flags.values())
        model = str(getattr(self.provider, "model", ""))
        # the engines named in the notice: the file's for what was taken from it, the provider for the rest
        used = [parse_engine(label) if label else ("", "") for label in dict.fromkeys(from_file.values())]
        if any(s.id not in undecided for s in machine) or not used:
            used.append((self.options.provider, model))
        used = list(dict.fromkeys(used))
        translation = Translation(
            source_lang=self.options.source_lang,
            target_lang=self.options.target_lang,
            provider=used[0][0],
            date=translation_date(),
            title=final.get("title", article.title),
            blocks=tuple(blocks),
            reviewed=tuple(flags.get(f"b{i + 1}", False) for i in range(len(blocks))) if any_reviewed else (),
            title_reviewed=flags.get("title", False),
            checks=tuple(checks),
            tokens=(tokens_after[0] - tokens_before[0], tokens_after[1] - tokens_before[1]),
            model=used[0][1],
            engines=tuple(used) if len(used) > 1 else (),
            segments=len(segments),
        )
        return dataclasses.replace(article, translation=translation)

    def _check_review_file(self, article: Article, reviewed: Reviewed, matched: int) -> None:
        """Warn about records whose source changed; a file that matches nothing is a warning naming it, or a
        usage error with ``--strict``."""
        where = reviewed.path or "reviewed translations"
        if not matched and reviewed.units:
            message = "matches no segment of the article (its sources differ); translating by machine"
            if self.options.strict:
                raise UsageError(message, subject=where, hint="give the file written for this article")
            log.warning("%s: %s", where, message)
            return
        for segment in stale_segments(article, reviewed):
            log.warning("%s: segment %s changed since it was reviewed (%r); translating it again", where,
                        segment.id, _short(segment.source))

    def _recall(self, sources: Sequence[str]) -> Dict[str, str]:
        if self.cache is None or not sources:
            return {}
        return self.cache.recall(self.options.source_lang, self.options.target_lang, sources)

    def _remember(self, pairs: Sequence[Tuple[str, str]], reviewed: Optional[Reviewed]) -> None:
        if self.cache is not None and pairs:
            self.cache.remember(self.options.source_lang, self.options.target_lang, pairs,
                                origin=reviewed.path if reviewed is not None else "")

    def memory(self) -> List[Tuple[str, str]]:
        """The reviewed pairs of the translation memory for this language pair (for a TMX file)."""
        if self.cache is None:
            return []
        return self.cache.memory(self.options.source_lang, self.options.target_lang)

    # -- texts -------------------------------------------------------------------------------------------
    def translate_texts(self, texts: Sequence[str], *, context: Optional[Context] = None,
                        known: Iterable[str] = ()) -> List[str]:
        """Translate ``texts``; cached chunks cost nothing, the rest go out in batches. ``context`` (the
        headline and names of the article) is told to providers that take it; ``known`` are the article's
        full personal names, so that a person later called by the given name keeps it.

        Raises :class:`~exporter.errors.TranslationError` when the provider fails; every chunk answered
        before that is in the cache already.
        """
        self._known = tuple(known)
        plans, results, keys, jobs = self._lookup(texts)
        if jobs:
            try:
                self._run(self._batches(jobs), keys, results, context or Context())
            except LimitLowered as lowered:  # a self-hosted server with a lower --char-limit: cut again, resend
                log.info("%s", lowered)
                plans, results, keys, jobs = self._lookup(texts, results)
                self._run(self._batches(jobs), keys, results, context or Context())
        self._protections.clear()
        self._applied_memo.clear()
        self._known = ()
        return ["".join(results.get(chunk, chunk) + sep for chunk, sep in plan).strip() for plan in plans]

    def _lookup(self, texts: Sequence[str], known: Optional[Dict[str, str]] = None) -> Tuple[
            List[List[Tuple[str, str]]], Dict[str, str], Dict[str, str], List[_Job]]:
        """Cut ``texts`` into chunks; look them up in ``known`` and the cache; return the plans, the results
        found, the cache keys and the jobs left for the provider."""
        plans = [self._plan(text) for text in texts]
        wanted = {chunk for plan in plans for chunk, _ in plan}
        results: Dict[str, str] = {k: v for k, v in (known or {}).items() if k in wanted}
        pending: List[str] = []
        for chunk in dict.fromkeys(chunk for plan in plans for chunk, _ in plan):
            if chunk in results:
                continue
            if not any(ch.isalpha() for ch in chunk):
                results[chunk] = chunk  # numbers, punctuation: nothing to translate (Google answers empty)
            else:
                pending.append(chunk)
        keys = {chunk: self._key(chunk) for chunk in pending}
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
            protected = self._protected(chunk)
            if protected.spans and not protected.has_text:
                results[chunk] = restore(protected.text, protected) or chunk  # only names and terms
            else:
                jobs.append(_Job(chunk, protected))
        return plans, results, keys, jobs

    def _key(self, chunk: str) -> str:
        return cache_key(self.provider.identity, self.options.source_lang, self.options.target_lang,
                         self._applied(chunk), chunk)

    def _applied(self, chunk: str) -> str:
        """What of the glossary applies to ``chunk``: a digest of the terms and names found in it (protected,
        or told to a language model), so that an entry that does not occur leaves the chunk's key alone."""
        found = self._applied_memo.get(chunk)
        if found is None:
            spans = self._protected(chunk).spans or tuple(self.glossary.spans(chunk))
            material = "\x1e".join(f"{s.kind}\x1d{s.original}\x1d{s.replacement}" for s in spans)
            found = _KEY_RULES + hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]
            self._applied_memo[chunk] = found
        return found

    def _protected(self, chunk: str) -> Protected:
        found = self._protections.get(chunk)
        if found is None:
            if self.provider.in_context:
                found = Protected(chunk, ())  # the model is told the terms and names instead
            else:
                found = protect(chunk, self.glossary, self._known)
            self._protections[chunk] = found
        return found

    def _plan(self, text: str) -> List[Tuple[str, str]]:
        """Chunks of ``text`` that fit the provider's limit once protected (placeholders may be longer than
        the abbreviations they replace)."""
        limit, measure = self.unit_limit, self.provider.measure
        plan: List[Tuple[str, str]] = []
        for chunk, sep in chunk_text(text, limit, measure):
            sub_limit = limit
            pieces = [(chunk, sep)]
            while any(measure(self._protected(p).text) > limit for p, _ in pieces) and sub_limit > 20:
                sub_limit = int(sub_limit * 0.9)
                pieces = chunk_text(chunk, sub_limit, measure)
                pieces[-1] = (pieces[-1][0], sep)
            plan.extend(pieces)
        return plan

    def _batches(self, jobs: Sequence[_Job], raw: bool = False) -> List[List[_Job]]:
        provider = self.provider
        batches: List[List[_Job]] = []
        size = 0
        for job in jobs:
            length = provider.measure(job.chunk if raw else job.protected.text)
            if batches and len(batches[-1]) < provider.batch_items and size + length <= self.batch_chars:
                batches[-1].append(job)
                size += length
            else:
                batches.append([job])
                size = length
        return batches

    def _run(self, batches: List[List[_Job]], keys: Dict[str, str], results: Dict[str, str],
             context: Context) -> None:
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
                             self.options.target_lang, self._applied(job.chunk), job.chunk, answer))
            if self.cache is not None:
                self.cache.put_many(rows)

        def run(batch: List[_Job]) -> List[Tuple[_Job, Optional[str]]]:
            if stop.is_set():
                raise _Stopped()
            try:
                return self._translate_batch(batch, context)
            except BaseException:
                stop.set()  # before this worker picks up the next batch
                raise

        workers = max(1, min(parallelism(self.options.jobs)[1], len(batches)))
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

    def _translate_batch(self, batch: List[_Job], context: Context) -> List[Tuple[_Job, Optional[str]]]:
        if self.provider.in_context:
            return list(zip(batch, _cleaned(self._translate_in_context(batch, context))))
        answers = _cleaned(self.provider.translate([job.protected.text for job in batch]))
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


    def _smaller(self, sentence: str) -> List[str]:
        """``sentence``, cut between clauses when it holds more than :data:`RETRY_SPANS` protected spans, into
        pieces of at most that many (a clause that holds more stays whole)."""
        if len(self._protected(sentence).spans) <= RETRY_SPANS:
            return [sentence]
        clauses = [c for c in re.split(r"(?<=[,;:])(?=\s)|(?=\s[–—-]\s)", sentence) if c]
        pieces: List[str] = []
        for clause in clauses:
            if pieces and len(self._protected(pieces[-1] + clause).spans) <= RETRY_SPANS:
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
            sentences = [s for s in split_sentences(job.chunk) if s.strip()] or [job.chunk]
            for sentence in sentences:
                for piece in self._smaller(sentence):
                    core = piece.rstrip()
                    pieces.append((job, core.strip(), piece[len(core):], self._protected(core.strip())))
        answers: List[Optional[str]] = [None] * len(pieces)
        counts = {id(job): sum(1 for piece in pieces if piece[0] is job) for job in jobs}
        retry = [i for i, piece in enumerate(pieces) if piece[3].spans and counts[id(piece[0])] > 1]
        if retry:
            sent = _cleaned(self.provider.translate([pieces[i][3].text for i in retry]))
            for i, answer in zip(retry, sent):
                answers[i] = restore(answer, pieces[i][3]) if answer else None
        plain = [i for i, answer in enumerate(answers) if answer is None]
        if plain:
            log.debug("%s: %d sentence(s) translated without protection", self.provider.label, len(plain))
            for start in range(0, len(plain), max(1, self.provider.batch_items)):
                part = plain[start:start + max(1, self.provider.batch_items)]
                sent = _cleaned(self.provider.translate([pieces[i][1] for i in part]))
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

    def _translate_in_context(self, batch: List[_Job], context: Context) -> List[Optional[str]]:
        """Tell the provider the glossary entries found in this batch, besides the headline and names."""
        terms: Dict[str, str] = {}
        for job in batch:
            for span in self.glossary.terms(job.chunk):
                terms.setdefault(span.original, span.replacement)
        context = dataclasses.replace(context, terms=tuple(terms.items()))
        return self.provider.translate_in_context([job.chunk for job in batch], context)


def _cleaned(answers: Sequence[Optional[str]]) -> List[Optional[str]]:
    """A provider's answers cleaned like input: NFC, no control, escape, invisible or bidi characters."""
    return [clean_line(answer) if isinstance(answer, str) else None for answer in answers]


def _translated_block(block: Block, text: str) -> Block:
    """The block with ``text``; emphasis or a link that covered the whole block is kept."""
    styles = {(run.bold, run.italic, run.href) for run in block.runs if run.text.strip()}
    bold, italic, href = styles.pop() if len(styles) == 1 else (False, False, None)
    return Block(block.kind, (Inline(text, bold=bold, italic=italic, href=href),))


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
