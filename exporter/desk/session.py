"""The review desk's state: the articles under review, each segment with its text, state and flags, and the
actions a person takes on them (edit, approve, re-open, save, render).

Every action names the revision of the article it was taken on; an action on an older revision (another tab or
window changed the article since) is refused with :class:`Conflict`, and so is a save over a review file that
changed on disk since it was read or last saved. Nothing is overwritten that a person did not see.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from ..errors import UsageError
from ..model import APPROVED, EDITED, MACHINE, Article
from ..options import Options
from ..pipeline import (
    output_stem,
    planned_suffix,
    protect,
    read_article,
    render_all,
    with_photos,
    write_briefs,
)
from ..translate.article import Checker, Settled, settle, state_after_edit, translation_date, translation_of
from ..translate.cache import Remembered
from ..translate.engine import Translator
from ..translate.review import read_reviewed, write_segments

log = logging.getLogger(__name__)

__all__ = ["Desk", "Review", "Conflict", "NotFound", "review_file_for", "now"]


class Conflict(UsageError):
    """An action on an article that changed since the page showed it, or a save over a file changed on disk."""


class NotFound(UsageError):
    """No such article or segment."""


def now() -> str:
    """The time of a person's act: UTC, ISO 8601, to the second."""
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def review_file_for(source: str, article: Article, out_dir: Path, options: Options) -> Path:
    """Where an article's review is kept: ``DIR/<input name><language suffix>.xlf`` (next to its briefs)."""
    return out_dir / f"{output_stem(article, source)}{planned_suffix(options)}.xlf"


def _fingerprint(path: Path) -> Optional[Tuple[int, int, str]]:
    """(size, modification time, hash) of a file, or ``None`` when it does not exist."""
    try:
        stat = path.stat()
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return stat.st_size, stat.st_mtime_ns, hashlib.sha256(data).hexdigest()


@dataclass
class Review:
    """One article under review."""

    number: int
    source: str
    """The input as the user named it."""
    article: Article
    """The article read (its translation as it was when the desk started)."""
    segments: List[Settled]
    file: Path
    """The review file (XLIFF) this article is saved to."""
    checker: Checker
    withheld: Dict[str, str] = field(default_factory=dict)
    revision: int = 1
    """Raised by every change; an action names the revision it was taken on."""
    saved_revision: int = 1
    """The revision last saved (or loaded)."""
    on_disk: Optional[Tuple[int, int, str]] = None
    """The review file as last read or written: an unexpected change on disk is a conflict."""

    @property
    def title(self) -> str:
        return self.article.heading

    @property
    def unsaved(self) -> bool:
        return self.revision != self.saved_revision

    def segment(self, segment_id: str) -> Settled:
        for item in self.segments:
            if item.id == segment_id:
                return item
        raise NotFound(f"no segment {segment_id!r}", subject=self.source)

    def counts(self) -> Dict[str, int]:
        """How many segments are machine, edited, approved, flagged, and in all."""
        out = {MACHINE: 0, EDITED: 0, APPROVED: 0, "flagged": 0, "all": len(self.segments)}
        for item in self.segments:
            out[item.state] += 1
            out["flagged"] += bool(item.flags)
        return out

    def translated(self) -> Article:
        """The article with the translation the segments describe."""
        tr = self.article.translation
        assert tr is not None
        translation = translation_of(self.article, self.segments, source_lang=tr.source_lang,
                                     target_lang=tr.target_lang, provider=tr.provider, date=tr.date,
                                     model=tr.model, tokens=tr.tokens)
        return dataclasses.replace(self.article, translation=translation)

    def machine_texts(self) -> Dict[str, str]:
        return {s.id: s.machine for s in self.segments if s.machine is not None}


class Desk:
    """The articles under review and what can be done with them (thread-safe: the web server runs requests in
    threads)."""

    def __init__(self, sources: Sequence[str], options: Options, out_dir: Path, *, reviewer: str = "",
                 review_file: Optional[str] = None, force: bool = False) -> None:
        if review_file and len(sources) != 1:
            raise UsageError("a review file (--translations) goes with one article", subject="--translations",
                             hint="review several articles without it: each gets DIR/<name>.xlf")
        self.options = dataclasses.replace(options, translate=True, translations_file=None)
        self.out_dir = Path(out_dir)
        self.reviewer = reviewer
        self.force = force
        self._lock = threading.RLock()
        self.reviews: List[Review] = []
        with Translator(self.options) as translator:
            for number, source in enumerate(sources, 1):
                self.reviews.append(self._load(number, source, translator,
                                               Path(review_file) if review_file else None))

    # -- loading -----------------------------------------------------------------------------------------
    def _load(self, number: int, source: str, translator: Translator, file: Optional[Path]) -> Review:
        article = with_photos(read_article(source, self.options), self.options)
        file = file or review_file_for(source, article, self.out_dir, self.options)
        reviewed = read_reviewed(file) if file.is_file() else None
        withheld_before = dict(translator.withheld)
        tokens = translator.tokens
        segments = settle(translator, article, reviewed)
        after = translator.tokens
        withheld = {k: v for k, v in translator.withheld.items() if k not in withheld_before}
        review = Review(number, source, article, segments, file, Checker(translator.glossary, [s.segment for s in
                                                                                                 segments]),
                        withheld, on_disk=_fingerprint(file))
        tr = translation_of(article, segments, source_lang=self.options.source_lang,
                            target_lang=self.options.target_lang, provider=self.options.provider,
                            date=translation_date(), model=translator.model,
                            tokens=(after[0] - tokens[0], after[1] - tokens[1]))
        review.article = dataclasses.replace(article, translation=tr)
        return review

    def review(self, number: int) -> Review:
        if not 1 <= number <= len(self.reviews):
            raise NotFound(f"no article {number}")
        return self.reviews[number - 1]

    def reload(self, number: int) -> Review:
        """Read the article's review file again (after a conflict with a change on disk): the page's unsaved
        changes are dropped."""
        with self._lock:
            old = self.review(number)
            with Translator(self.options) as translator:
                fresh = self._load(number, old.source, translator, old.file)
            fresh.revision = fresh.saved_revision = old.revision + 1
            self.reviews[number - 1] = fresh
            return fresh

    # -- actions -----------------------------------------------------------------------------------------
    def _current(self, number: int, revision: int) -> Review:
        review = self.review(number)
        if revision != review.revision:
            raise Conflict("the article changed in another tab or window since this page was loaded",
                           subject=review.title, hint="reload the page to see the changes")
        return review

    def _replace(self, review: Review, item: Settled) -> Settled:
        """Put ``item`` in, run the checks again (a segment's flags, and the article's: duplicates, swaps) and
        raise the revision."""
        review.segments = [item if s.id == item.id else s for s in review.segments]
        review.segments = review.checker.check(review.segments, review.withheld)
        review.revision += 1
        return review.segment(item.id)

    def edit(self, number: int, segment_id: str, text: str, revision: int) -> Settled:
        """A person's text for a segment: ``edited`` (or ``machine`` again when it is the machine's); an approval
        of the former text no longer holds."""
        from ..translate.review_model import nfc

        with self._lock:
            review = self._current(number, revision)
            item = review.segment(segment_id)
            text = " ".join(nfc(text).split())
            if not text:
                raise UsageError("a translation cannot be empty", subject=segment_id,
                                 hint="write the translation, or re-open the segment")
            if text == item.text:
                return item
            state = state_after_edit(text, item.machine)
            return self._replace(review, dataclasses.replace(
                item, text=text, state=state, by=self.reviewer if state != MACHINE else "",
                at=now() if state != MACHINE else ""))

    def approve(self, number: int, segment_id: str, revision: int) -> Settled:
        """A person confirms the segment's text: ``approved``, with who and when; its flags are settled."""
        with self._lock:
            review = self._current(number, revision)
            item = review.segment(segment_id)
            return self._replace(review, dataclasses.replace(item, state=APPROVED, by=self.reviewer, at=now()))

    def reopen(self, number: int, segment_id: str, revision: int) -> Settled:
        """Take an approval back: the segment is ``edited`` or ``machine`` again, and checked again."""
        with self._lock:
            review = self._current(number, revision)
            item = review.segment(segment_id)
            state = state_after_edit(item.text, item.machine) if item.machine is not None else EDITED
            return self._replace(review, dataclasses.replace(
                item, state=state, by=item.by if state != MACHINE else "", at=item.at if state != MACHINE else ""))

    def save(self, number: int, revision: int) -> Path:
        """Write the review file (XLIFF, with states, who and when) and keep the person's work in the
        translation memory. A file changed on disk since it was read or last saved is a :class:`Conflict`."""
        with self._lock:
            review = self._current(number, revision)
            if _fingerprint(review.file) != review.on_disk:
                raise Conflict("the review file changed on disk since it was read", subject=str(review.file),
                               hint="reload it from the file (the changes on this page are dropped), or save "
                                    "them after moving the other file away")
            guard = protect([review.source], self.options)
            write_segments(review.translated(), review.file, protected=guard, force=self.force,
                           machine=review.machine_texts())
            self._remember(review)
            review.on_disk = _fingerprint(review.file)
            review.saved_revision = review.revision
            return review.file

    def _remember(self, review: Review) -> None:
        rows = [(s.segment.source, Remembered(s.text, s.state, s.by, s.at)) for s in review.segments
                if s.state != MACHINE]
        if not rows or not self.options.use_cache:
            return
        from ..translate.cache import TranslationCache

        cache = TranslationCache(self.options.cache_dir)
        try:
            cache.remember(self.options.source_lang, self.options.target_lang, rows, origin=str(review.file))
        finally:
            cache.close()

    def render(self, number: int, revision: int) -> List[Path]:
        """Write the article's briefs (every format of the options) as the segments stand now."""
        with self._lock:
            review = self._current(number, revision)
            guard = protect([review.source], self.options)
            article = review.translated()
            outputs = render_all(article, review.source, self.options)
            self.out_dir.mkdir(parents=True, exist_ok=True)
            return write_briefs(self.out_dir, outputs, protected=guard, force=self.force)
