"""The translation run: plan chunks, look them up in the cache, protect terms and names, batch, send in
parallel, restore, store each answer as it arrives, and assemble the translated article.

:class:`Translator` holds one provider, cache and glossary for any number of articles; the module-level
:func:`exporter.translate.translate_article` makes one for a single call.
"""
from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

from ..errors import UsageError, VnbriefError
from ..keys import redact
from ..model import Article
from ..net import Reach
from ..options import Options, parallelism
from ..text.normalise import clean_line
from .article import translate_article, translation_date
from .cache import Remembered, TranslationCache, cache_key
from .checks import anchors, fingerprint
from .glossary import Glossary, load_glossary
from .http import HttpClient, RetryPolicy
from .placeholders import Protected, protect, restore
from .providers import Context, LimitLowered, Provider
from .registry import get_provider
from .retry import Job, retry_by_sentence
from .review import Reviewed
from .review_model import ReviewedSegment
from .segment import chunk_text

log = logging.getLogger(__name__)

__all__ = ["Translator", "translation_date", "KEY_OPTIONS", "INPUT_OPTIONS", "NEUTRAL_OPTIONS"]

#: Options that change a translation's text and are written into every cache key, for every provider (besides the
#: provider, its address and the two languages, which the key holds anyway).
KEY_OPTIONS = ("english", "names", "model", "prompt")
#: Options that change a translation by changing what is sent: the chunk's text (how the input is read and
#: normalised, the headline given, where long texts are cut) or the glossary entries that apply to it, both of
#: which every cache key holds.
INPUT_OPTIONS = ("encoding", "errors", "title", "tone_style", "glossary", "max_chars", "source_lang", "target_lang",
                 "provider", "provider_url")
#: Options that never change the text of a chunk's translation (a test enumerates every option of
#: :class:`~exporter.options.Options` and finds it in exactly one of these three lists).
NEUTRAL_OPTIONS = ("author", "date", "source", "url", "formats", "paper", "font", "template", "images", "flags",
                   "image_dpi", "date_format", "links", "translate", "api_key", "provider_region", "layout",
                   "cache_dir", "use_cache", "timeout", "jobs", "translations_file", "rps", "strict", "since", "limit",
                   "match", "allow_private_hosts")

# Version of the protection rules in every cache key: bump it when placeholders or restoring change.
_KEY_RULES = "p3:"


class _Stopped(Exception):
    """A batch skipped because another one failed."""


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
        # the provider's address is the user's own choice; where it redirects is checked like any fetched address
        reach = Reach.of([options.provider_url], options.allow_private_hosts)
        self.provider: Provider = get_provider(
            options, lambda label: HttpClient(label, timeout=options.timeout, retry=retry, rps=options.rps,
                                              reach=reach, address_given=options.provider_url is not None))
        if cache is not None:
            self.cache: Optional[TranslationCache] = cache
        else:
            self.cache = TranslationCache(options.cache_dir) if options.use_cache else None
        self.unanswered: List[str] = []
        """Chunks the provider answered with nothing, kept in the source language."""
        self.withheld: Dict[str, str] = {}
        """Chunks whose answers from a language model failed :func:`~.checks.fingerprint` twice, kept in the
        source language: chunk → why."""
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
        return translate_article(self, article, reviewed)

    @property
    def model(self) -> str:
        """The model that translates (language-model providers), else empty."""
        return str(getattr(self.provider, "model", ""))

    def recall(self, sources: Sequence[str]) -> Dict[str, Remembered]:
        """What the translation memory holds for ``sources``."""
        if self.cache is None or not sources:
            return {}
        return self.cache.recall(self.options.source_lang, self.options.target_lang, sources)

    def remember(self, rows: Sequence[Tuple[str, Remembered]], origin: str = "") -> None:
        """Keep a person's translations in the translation memory (machine rows are left out)."""
        if self.cache is not None and rows:
            self.cache.remember(self.options.source_lang, self.options.target_lang, rows, origin=origin)

    def memory(self) -> List[ReviewedSegment]:
        """The translation memory's records for this language pair, with their states (for a TMX file)."""
        if self.cache is None:
            return []
        return [ReviewedSegment("", source, found.target, found.state, None, found.person, found.at)
                for source, found in self.cache.memory(self.options.source_lang, self.options.target_lang)]

    # -- texts -------------------------------------------------------------------------------------------
    def translate_texts(self, texts: Sequence[str], *, context: Optional[Context] = None,
                        known: Iterable[str] = ()) -> List[str]:
        """Translate ``texts``; cached chunks cost nothing, the rest go out in batches. ``context`` (the
        article's names, the glossary's terms) is told to providers that take it; ``known`` are the article's
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
            List[List[Tuple[str, str]]], Dict[str, str], Dict[str, str], List[Job]]:
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
                jobs.append(Job(chunk, protected))
        return plans, results, keys, jobs

    @property
    def identity(self) -> str:
        """What the cache keys of this run hold besides the languages, the glossary entries that apply and the
        text: the provider (name, address; for a language model its model and prompt version) and every option
        of :data:`KEY_OPTIONS`."""
        values = {name: getattr(self.options, name) or "" for name in KEY_OPTIONS}
        values["prompt"] = getattr(self.provider, "prompt_version", "") or values["prompt"]
        return self.provider.identity + "|" + "|".join(f"{name}={value}" for name, value in sorted(values.items()))

    def _key(self, chunk: str) -> str:
        return cache_key(self.identity, self.options.source_lang, self.options.target_lang,
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

    def _batches(self, jobs: Sequence[Job], raw: bool = False) -> List[List[Job]]:
        provider = self.provider
        batches: List[List[Job]] = []
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

    def _run(self, batches: List[List[Job]], keys: Dict[str, str], results: Dict[str, str],
             context: Context) -> None:
        stop = threading.Event()
        first_error: List[VnbriefError] = []

        def store(pairs: List[Tuple[Job, Optional[str]]]) -> None:
            rows = []
            for job, answer in pairs:
                if job.chunk in self.withheld:
                    results[job.chunk] = job.chunk
                    continue
                if answer is None or not answer.strip():
                    self.unanswered.append(job.chunk)
                    log.warning("%s answered nothing for %r; keeping the original text", self.provider.label,
                                _short(job.chunk))
                    results[job.chunk] = job.chunk
                    continue
                results[job.chunk] = answer
                rows.append((keys[job.chunk], self.identity, self.options.source_lang,
                             self.options.target_lang, self._applied(job.chunk), job.chunk, answer))
            if self.cache is not None:
                self.cache.put_many(rows)

        def run(batch: List[Job]) -> List[Tuple[Job, Optional[str]]]:
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

    def _translate_batch(self, batch: List[Job], context: Context) -> List[Tuple[Job, Optional[str]]]:
        if self.provider.in_context:
            return self._fingerprinted(batch, _cleaned(self._translate_in_context(batch, context),
                                                       [job.chunk for job in batch]), context)
        texts = [job.protected.text for job in batch]
        answers = _cleaned(self.provider.translate(texts), texts)
        out: List[Tuple[Job, Optional[str]]] = []
        mangled: List[Job] = []
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
            out.extend(retry_by_sentence(mangled, self.provider, self._protected, _cleaned))
        return out


    def _fingerprinted(self, batch: List[Job], answers: List[Optional[str]],
                       context: Context) -> List[Tuple[Job, Optional[str]]]:
        """A language model's answers are data: one that cannot be its text's translation (:func:`fingerprint`:
        far too short or long, numbers of another text of the request) is asked again on its own, once; failing
        again, the text is kept in the source language and withheld (flagged)."""
        chunks = [job.chunk for job in batch]
        marks = {chunk: anchors(self.glossary.spans(chunk, self._known)) for chunk in chunks}
        out: List[Tuple[Job, Optional[str]]] = []
        for index, (job, answer) in enumerate(zip(batch, answers)):
            others = chunks[:index] + chunks[index + 1:]
            problem = fingerprint(job.chunk, answer, others, marks) if answer else ""
            if problem:
                log.info("%s: the answer for %r fails the checks (%s); asking again", self.provider.label,
                         _short(job.chunk), problem)
                again = _cleaned(self._translate_in_context([job], context), [job.chunk])[0]
                second = fingerprint(job.chunk, again, others, marks) if again else problem
                if not second:
                    answer = again
                else:
                    self.withheld[job.chunk] = second
                    log.warning("%s: the answers for %r failed the checks twice (%s); keeping the original text",
                                self.provider.label, _short(job.chunk), self.withheld[job.chunk])
                    answer = None
            out.append((job, answer))
        return out

    def _translate_in_context(self, batch: List[Job], context: Context) -> List[Optional[str]]:
        """Tell the provider the glossary entries found in this batch, besides the names."""
        terms: Dict[str, str] = {}
        for job in batch:
            for span in self.glossary.terms(job.chunk):
                terms.setdefault(span.original, span.replacement)
        context = dataclasses.replace(context, terms=tuple(terms.items()))
        return self.provider.translate_in_context([job.chunk for job in batch], context)


#: An answer longer than this many times its source (and :data:`GROWTH_ALLOWANCE` characters) is no translation
#: of it (a server filling the brief with megabytes, or a model that rambles): refused, the text stays in the
#: source language and the checks flag it. English runs 1.0–1.4 times the length of the Vietnamese.
MAX_GROWTH = 4
GROWTH_ALLOWANCE = 200


def _cleaned(answers: Sequence[Optional[str]], sources: Sequence[str]) -> List[Optional[str]]:
    """A provider's answers cleaned like input: NFC, no control, escape, invisible or bidi characters; no key
    (a server that echoes the key it was sent would put it in the brief, the cache and the review file); and
    none far longer than its source (:data:`MAX_GROWTH`)."""
    out: List[Optional[str]] = []
    for index, answer in enumerate(answers):
        if not isinstance(answer, str):
            out.append(None)
            continue
        source = sources[index] if index < len(sources) else ""
        if len(answer) > MAX_GROWTH * len(source) + GROWTH_ALLOWANCE:
            log.warning("an answer of %s characters for %s: refused, the text stays untranslated",
                        f"{len(answer):,}", f"{len(source):,}")
            out.append(None)
            continue
        out.append(redact(clean_line(answer)))
    return out


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
