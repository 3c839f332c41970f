"""One article through the translator: what a review file and the translation memory already hold, machine
translation of the rest, the checks, and the :class:`~exporter.model.Translation` with every segment's state.

Each segment ends up :class:`Settled`: its text, its state (``machine``, ``edited``, ``approved``: see
:data:`exporter.model.SEGMENT_STATES`), the machine translation where known, who and when, and the flags of the
checks. The review page (``exporter.review``, issue 22) works on the same records and builds the translation the same
way (:func:`translation_of`), so a brief rendered from the page and one rendered from the saved file agree.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Dict, Iterable, List, Optional, Protocol, Sequence, Tuple

from ..errors import UsageError
from ..model import APPROVED, EDITED, MACHINE, Article, Block, Inline
from ..model.translation import Translation
from .cache import Remembered
from .checks import Flag, anchors, check_article, check_segment, format_flags
from .providers import Context, Provider
from .review import Reviewed, stale_segments, unmatched
from .review_model import parse_engine, same
from .segment import Segment, article_segments

if TYPE_CHECKING:  # pragma: no cover
    from ..options import Options
    from .glossary import Glossary

log = logging.getLogger(__name__)

__all__ = ["Settled", "Checker", "settle", "translation_of", "translate_article", "state_after_edit",
           "translation_date"]


class Translator(Protocol):
    """What this module needs of :class:`exporter.translate.engine.Translator` (which uses this module: the type
    is named here so that the import runs one way)."""

    options: Options
    glossary: Glossary
    provider: Provider
    withheld: Dict[str, str]

    @property
    def tokens(self) -> Tuple[int, int]: ...

    @property
    def model(self) -> str: ...

    def recall(self, sources: Sequence[str]) -> Dict[str, Remembered]: ...

    def remember(self, rows: Sequence[Tuple[str, Remembered]], origin: str = "") -> None: ...

    def translate_texts(self, texts: Sequence[str], *, context: Optional[Context] = None,
                        known: Iterable[str] = ()) -> List[str]: ...


def translation_date() -> str:
    """Today as ``yyyy-mm-dd``, or the UTC date of ``SOURCE_DATE_EPOCH`` when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return _dt.datetime.fromtimestamp(int(epoch), tz=_dt.timezone.utc).date().isoformat()
        except (ValueError, OverflowError, OSError):
            log.warning("SOURCE_DATE_EPOCH=%r is not a number of seconds; using today", epoch)
    return _dt.date.today().isoformat()


@dataclass(frozen=True)
class Settled:
    """One segment with its translation as it stands."""

    segment: Segment
    text: str
    """The translation shown (the machine's, a person's edit, or the source kept when the model was refused)."""
    state: str = MACHINE
    machine: Optional[str] = None
    """The machine translation, where known (a review record with no machine text and no new translation: not)."""
    by: str = ""
    at: str = ""
    flags: Tuple[Flag, ...] = ()
    """What the checks found (empty for an approved segment: a person settled it)."""
    engine: Optional[str] = None
    """The engine a review file records for the machine translation it was taken from (``""``: the file does not
    say); ``None`` for a segment of this run (translated now, or from the translation memory)."""

    @property
    def id(self) -> str:
        return self.segment.id


def state_after_edit(text: str, machine: Optional[str]) -> str:
    """The state of a text a person wrote: ``edited`` unless it is the machine translation."""
    return MACHINE if machine is not None and same(text) == same(machine) else EDITED


class Checker:
    """The checks of :mod:`.checks` for one article: its glossary spans and full names found once."""

    def __init__(self, glossary: Glossary, segments: Sequence[Segment]) -> None:
        self.glossary = glossary
        self.known = glossary.article_names(s.source for s in segments)

    def check(self, settled: Sequence[Settled], withheld: Dict[str, str]) -> List[Settled]:
        """``settled`` with the flags of every segment not approved (``withheld``: chunks a language model's
        answers were refused for, with the reason)."""
        open_ = [s for s in settled if s.state != APPROVED]
        found: Dict[str, List[Flag]] = {}
        marks = {}
        for item in open_:
            spans = self.glossary.spans(item.segment.source, self.known)
            marks[item.id] = anchors(spans)
            flags = check_segment(item.segment.source, item.text, self.glossary, spans)
            reason = next((why for chunk, why in withheld.items() if chunk in item.segment.source), "")
            if reason and same(item.text) == same(item.segment.source):  # kept in Vietnamese on purpose: say why
                flags = [Flag("withheld", reason)]
            elif reason:  # a part of it
                flags = [Flag("withheld", reason)] + [f for f in flags if f.kind != "untranslated"]
            found[item.id] = flags
        for sid, flags in check_article([(s.id, s.segment.source, s.text) for s in open_], marks).items():
            found[sid].extend(flags)
        return [dataclasses.replace(s, flags=tuple(found.get(s.id, ()))) for s in settled]


def settle(translator: Translator, article: Article, reviewed: Optional[Reviewed] = None) -> List[Settled]:
    """Every segment of ``article`` settled: a review record's text and honest state where one matches, else the
    translation memory's (with its stored state, never a higher one), else a machine translation; checked."""
    segments = article_segments(article)
    done: Dict[str, Settled] = {}
    undecided: Dict[str, Settled] = {}  # a reviewed text the file gives no state for: compared with the machine's
    for segment in segments:
        hit = reviewed.match(segment) if reviewed is not None else None
        if hit is not None:
            record = Settled(segment, hit.target, hit.state or MACHINE, hit.machine, hit.by, hit.at, engine=hit.engine)
            (done if hit.state is not None else undecided)[segment.id] = record
    if reviewed is not None:
        _check_review_file(translator, article, reviewed, matched=len(done) + len(undecided))
    pending = [s for s in segments if s.id not in done]
    memory = translator.recall([s.source for s in pending if s.id not in undecided])
    recalled = set()
    machine: List[Segment] = []
    for segment in pending:
        found = memory.get(segment.source) if segment.id not in undecided else None
        if found is not None:
            done[segment.id] = Settled(segment, found.target, found.state, None, found.person, found.at)
            recalled.add(segment.id)
        else:
            machine.append(segment)
    checker = Checker(translator.glossary, segments)
    texts = translator.translate_texts([s.source for s in machine], context=_context(translator, segments, checker),
                                       known=checker.known)
    for segment, translated in zip(machine, texts):
        before = undecided.get(segment.id)
        if before is not None:
            done[segment.id] = dataclasses.replace(before, machine=translated,
                                                   state=state_after_edit(before.text, translated))
        else:
            done[segment.id] = Settled(segment, translated, MACHINE, translated)
    settled = [done[s.id] for s in segments]
    # a person's work: this article's segments, and every other record of the file (a CAT tool's memory holds
    # more than one article), each with its own state
    kept = [(s.segment.source, Remembered(s.text, s.state, s.by, s.at)) for s in settled
            if s.state != MACHINE and s.id not in recalled]
    if reviewed is not None:
        kept += [(u.source, Remembered(u.target, u.state or MACHINE, u.by, u.at)) for u in unmatched(article, reviewed)]
    translator.remember(kept, reviewed.path if reviewed is not None else "")
    settled = checker.check(settled, translator.withheld)
    flagged = [s for s in settled if s.flags]
    if flagged:
        shown = ", ".join(f"{s.id} ({format_flags(s.flags)})" for s in flagged[:5])
        log.warning("checks flagged %d of %d translated segments: %s%s", len(flagged), len(settled), shown,
                    ", …" if len(flagged) > 5 else "")
    return settled


def translation_of(article: Article, settled: Iterable[Settled], *, source_lang: str, target_lang: str,
                   provider: str, date: str, model: str = "", tokens: Tuple[int, int] = (0, 0),
                   engines: Sequence[Tuple[str, str]] = ()) -> Translation:
    """The :class:`~exporter.model.Translation` of ``article`` that ``settled`` describes."""
    by_id = {s.id: s for s in settled}
    blocks = []
    for index, block in enumerate(article.blocks):
        item = by_id.get(f"b{index + 1}")
        blocks.append(block if item is None else _translated_block(block, item.text))
    states = tuple(by_id[f"b{i + 1}"].state if f"b{i + 1}" in by_id else MACHINE for i in range(len(blocks)))
    title = by_id.get("title")
    return Translation(
        source_lang=source_lang, target_lang=target_lang, provider=provider, date=date,
        title=title.text if title is not None else article.title,
        blocks=tuple(blocks),
        states=states if any(state != MACHINE for state in states) else (),
        title_state=title.state if title is not None else MACHINE,
        people=tuple((s.id, s.by, s.at) for s in by_id.values() if s.state in (EDITED, APPROVED) and (s.by or s.at)),
        checks=tuple((s.id, format_flags(s.flags)) for s in by_id.values() if s.flags),
        tokens=tokens, model=model, engines=tuple(engines), segments=len(by_id))


def translate_article(translator: Translator, article: Article, reviewed: Optional[Reviewed] = None) -> Article:
    """``article`` with its translation (see :func:`exporter.translate.translate_article`)."""
    before = translator.tokens
    settled = settle(translator, article, reviewed)
    after = translator.tokens
    used = engines_used(settled, translator.options.provider, translator.model)
    translation = translation_of(
        article, settled, source_lang=translator.options.source_lang, target_lang=translator.options.target_lang,
        provider=used[0][0], date=translation_date(), model=used[0][1], engines=used if len(used) > 1 else (),
        tokens=(after[0] - before[0], after[1] - before[1]))
    return dataclasses.replace(article, translation=translation)


def engines_used(settled: Sequence[Settled], provider: str, model: str) -> List[Tuple[str, str]]:
    """``(provider, model)`` of every engine whose machine translation ``settled`` holds, in order: the engine a
    review file records for the segments taken from it (``("", "")`` when it does not say), then this run's
    ``provider`` and ``model`` when it translated any (or when nothing came from a file)."""
    used = [parse_engine(s.engine) if s.engine else ("", "") for s in settled if s.engine is not None]
    if any(s.engine is None for s in settled) or not used:
        used.append((provider, model))
    return list(dict.fromkeys(used))


def _context(translator: Translator, segments: Sequence[Segment], checker: Checker) -> Context:
    """What a language model is told besides the texts: the article's names as ``--names`` writes them (given
    to it as data, never in its instructions)."""
    glossary = translator.glossary
    if not (translator.provider.in_context and glossary.names):
        return Context()
    names = dict.fromkeys(span.replacement for segment in segments
                          for span in glossary.spans(segment.source, checker.known) if span.kind in ("name", "place"))
    return Context(names=tuple(names))


def _check_review_file(translator: Translator, article: Article, reviewed: Reviewed, matched: int) -> None:
    """Warn about records whose source changed; a file that matches nothing (or holds nothing) is a warning naming
    it, or a usage error with ``--strict``."""
    where = reviewed.path or "reviewed translations"
    if not matched:
        message = "matches no segment of the article (its sources differ); translating by machine" if \
            reviewed.units else "holds no segment (an empty file?); translating by machine"
        if translator.options.strict:
            raise UsageError(message, subject=where, hint="give the file written for this article")
        log.warning("%s: %s", where, message)
        return
    for segment in stale_segments(article, reviewed):
        source = segment.source if len(segment.source) <= 60 else segment.source[:59] + "…"
        log.warning("%s: segment %s changed since it was reviewed (%r); translating it again", where, segment.id,
                    source)


def _translated_block(block: Block, text: str) -> Block:
    """The block with ``text``; emphasis or a link that covered the whole block is kept."""
    styles = {(run.bold, run.italic, run.href) for run in block.runs if run.text.strip()}
    bold, italic, href = styles.pop() if len(styles) == 1 else (False, False, None)
    return Block(block.kind, (Inline(text, bold=bold, italic=italic, href=href),))
